//! `profile-check graph [PROFILE] [--runtime FILE] [--config FILE] [--format mermaid|dot|svg]`:
//! the profile checked as `check` checks it, with the configuration's inputs (so that
//! activation and findings are the check's), drawn.

use super::Output;
use super::check::{DEFAULT_PROFILE, configuration, load_inputs};
use crate::check::{CheckRun, ProfileRun, check_path};
use crate::cli::{GraphArgs, GraphFormat};
use crate::config::Plan;
use crate::error::{InputError, Problem, ProblemKind};
use crate::exit::EXIT_INPUT;
use crate::graph::Graph;
use crate::inputs::InputKind;
use crate::load::runtime;
use crate::profile::Date;
use crate::report;

/// Draws the graph; exit 0 when drawn (findings are drawn, not judged), 2 when the profile
/// or an input cannot be read, with the input errors on standard error.
pub fn run(args: &GraphArgs) -> Output {
    let run = check(args);
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

/// The profile checked as `check` checks it: with the inputs and the `[runtime]` mapping
/// of the configuration (the first profile it lists when none is named), the command line
/// overriding them, so that the picture shows the activation the verdict judged. The
/// inputs a configuration requires are not demanded: the graph draws what it is given.
fn check(args: &GraphArgs) -> ProfileRun {
    let named = args.profile.as_deref();
    let config = match configuration(args.config.as_deref(), args.no_config) {
        Ok(config) => config,
        Err(unloaded) => {
            let (error, source) = *unloaded;
            return ProfileRun::unchecked(&error.path, &error, source.as_ref());
        }
    };
    let alone = |path: &str| Plan {
        path: path.to_owned(),
        ..Plan::default()
    };
    let (mut plan, mut options) = match (&config, named) {
        (Some(config), Some(path)) => (config.plan_for(path), config.runtime.clone()),
        (Some(config), None) => (
            config
                .plans()
                .into_iter()
                .next()
                .unwrap_or_else(|| alone(DEFAULT_PROFILE)),
            config.runtime.clone(),
        ),
        (None, path) => (
            alone(path.unwrap_or(DEFAULT_PROFILE)),
            runtime::Options::default(),
        ),
    };
    if let Some(argument) = &args.runtime {
        plan.set_all(InputKind::Runtime, vec![argument.clone()]);
    }
    // One picture is one deployment: a profile held against several names the one to draw.
    let deployments: Vec<&str> = plan
        .paths()
        .filter(|(kind, _)| *kind == InputKind::Runtime)
        .map(|(_, path)| path)
        .collect();
    if deployments.len() > 1 {
        let problem = Problem::whole(
            ProblemKind::Invalid,
            format!(
                "the profile is held against {} deployments ({}); a picture shows one",
                deployments.len(),
                deployments
                    .iter()
                    .map(|d| format!("`{}`", crate::escape::escape_controls(d)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .help("name the one to draw: `profile-check graph --runtime PATH`");
        return ProfileRun::unchecked(&plan.path, &InputError::one(&plan.path, problem), None);
    }
    if !args.compose_profiles.is_empty() {
        options.compose_profiles = args.compose_profiles.clone();
    }
    // No waivers' expiry is drawn, so the day matters little: the clock's, or any day.
    let Some(today) = Date::today().or_else(|| Date::new(1970, 1, 1)) else {
        let problem = Problem::whole(ProblemKind::Unreadable, "the system clock gives no date");
        return ProfileRun::unchecked(&plan.path, &InputError::one("--today", problem), None);
    };
    let git = config.as_ref().map_or_else(
        crate::load::git::Settings::default,
        crate::config::Config::git_settings,
    );
    match load_inputs(&plan, today, &options, &git) {
        Ok(inputs) => check_path(&plan.path, &inputs),
        Err(unloaded) => {
            let (error, source) = *unloaded;
            ProfileRun::unchecked(&plan.path, &error, source.as_ref())
        }
    }
}
