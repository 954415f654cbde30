//! `profile-check graph [PROFILE] [--runtime FILE] [--format mermaid|dot|svg]`: the profile
//! checked as `check` checks it (so that activation and findings are the check's), drawn.

use super::Output;
use super::check::DEFAULT_PROFILE;
use crate::check::{CheckRun, EXIT_INPUT, ProfileRun, check_path};
use crate::cli::{GraphArgs, GraphFormat};
use crate::error::{InputError, Problem};
use crate::graph::Graph;
use crate::inputs::Inputs;
use crate::load::runtime;
use crate::profile::Date;
use crate::report;

/// Draws the graph; exit 0 when drawn (findings are drawn, not judged), 2 when the profile
/// or the manifest cannot be read, with the input errors on standard error.
pub fn run(args: &GraphArgs) -> Output {
    let path = args.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
    let run = check(path, args.runtime.as_deref());
    match Graph::of_run(&run) {
        Some(graph) => Output::stdout(match args.format {
            GraphFormat::Mermaid => graph.mermaid(),
            GraphFormat::Dot => graph.dot(),
            GraphFormat::Svg => graph.svg(),
        }),
        None => Output::stderr(
            report::input_problems(&CheckRun {
                profiles: vec![run],
                strict: false,
            }),
            EXIT_INPUT,
        ),
    }
}

/// The profile at `path` checked against the `--runtime` input, if one is given.
fn check(path: &str, runtime: Option<&str>) -> ProfileRun {
    // No waivers are read, so the day matters to no rule: the clock's, or any day.
    let Some(today) = Date::today().or_else(|| Date::new(1970, 1, 1)) else {
        let problem = Problem::whole("the system clock gives no date");
        return ProfileRun::unchecked(path, &InputError::one("--today", problem), None);
    };
    let mut inputs = Inputs::none(today);
    // A manifest, Kubernetes manifests or a Compose file, as `check --runtime` reads them.
    if let Some(argument) = runtime
        && let Err(failure) = inputs.read_runtime(argument, &runtime::Options::default())
    {
        let (error, source) = *failure;
        return ProfileRun::unchecked(path, &error, source.as_ref());
    }
    check_path(path, &inputs)
}
