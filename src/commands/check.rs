//! `profile-check [check] [PROFILE]...`: load the inputs, check every profile, render the
//! reports, write the report files.

use std::path::Path;
use std::sync::Arc;

use clap::CommandFactory;

use super::Output;
use crate::check::{CheckRun, EXIT_INPUT, ProfileRun, check_source};
use crate::cli::{CheckArgs, Cli, GlobalArgs, Require};
use crate::config::{self, Plan, Required};
use crate::error::{Error, InputError, Problem};
use crate::inputs::Inputs;
use crate::load::{self, git, runtime};
use crate::profile::Date;
use crate::report::{self, Options};
use crate::source::{InputKind, Source};

/// The profile checked when none is named.
pub const DEFAULT_PROFILE: &str = "profiles/prod.yaml";

/// An input that could not be loaded, with its text when it could be read.
type Unloaded = Box<(InputError, Option<Arc<Source>>)>;

/// Checks every profile of `args` and writes the reports.
pub fn run(args: &CheckArgs, global: GlobalArgs) -> Output {
    let run = check(args);
    let options = Options {
        quiet: global.quiet,
        width: None,
    };
    let mut output = Output {
        stderr: report::input_problems(&run),
        code: run.code(),
        ..Output::default()
    };
    let mut targets: Vec<(&Path, String)> = Vec::new();
    match &args.output {
        Some(path) => targets.push((path, report::render(&run, args.format, options))),
        None => {
            // Only standard output may be a terminal; a file gets the full width.
            let on_screen = Options {
                width: terminal_width(),
                ..options
            };
            output.stdout = report::render(&run, args.format, on_screen);
        }
    }
    for target in &args.reports {
        targets.push((&target.path, report::render(&run, target.format, options)));
    }
    for (path, text) in targets {
        if let Err(e) = write_report(path, &text) {
            output.stderr.push_str(&format!("error: {e}\n"));
            output.code = EXIT_INPUT;
        }
    }
    output
}

/// Checks every profile of `args`: the named ones with the command line's inputs; with
/// none named, every profile of the configuration (`--config`, or the profile-check.toml
/// found up to the git root) with its inputs, the command line's overriding them; without
/// a configuration, the default profile.
pub fn check(args: &CheckArgs) -> CheckRun {
    let strict = args.strict;
    let (plans, config, runtime) = match plans(args) {
        Ok(planned) => planned,
        // A configuration that cannot be read checks nothing: the run reports it.
        Err(unloaded) => {
            let (error, source) = *unloaded;
            let run = ProfileRun::unchecked(&error.path, &error, source.as_ref());
            return CheckRun::new(vec![run], strict);
        }
    };
    let Some(today) = args.today.or_else(Date::today) else {
        let problem =
            Problem::whole("the system clock gives no date").help("pass `--today YYYY-MM-DD`");
        let error = InputError::one("--today", problem);
        let profiles = plans
            .iter()
            .map(|p| ProfileRun::unchecked(&p.path, &error, None))
            .collect();
        return CheckRun::new(profiles, strict);
    };
    let profiles = plans
        .iter()
        .map(|plan| {
            // The default profile, checked because nothing was named: its error says so.
            let defaulted = config.is_none() && args.profiles.is_empty();
            let mut run = check_plan(plan, today, config.as_ref(), &runtime, defaulted);
            run.held_against = plan.paths().map(|(kind, _)| kind).collect();
            run
        })
        .collect();
    CheckRun::new(profiles, strict)
}

/// What to check: one plan per profile, the configuration's text when one was read, and
/// how a Kubernetes or Compose runtime maps its workloads (the configuration's `[runtime]`).
type Planned = (Vec<Plan>, Option<Arc<Source>>, runtime::Options);

/// What to check: one plan per profile, and the configuration's text when one was read.
fn plans(args: &CheckArgs) -> Result<Planned, Unloaded> {
    let from_command_line = |path: &str| Plan {
        path: path.to_owned(),
        ..Plan::default()
    };
    let found = match (&args.config, args.no_config || !args.profiles.is_empty()) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd)),
    };
    let (plans, source, mut mapping) = match found {
        Some(path) => {
            let source = Arc::new(load::read(&path).map_err(|e| Box::new((e, None)))?);
            let config = config::parse(Arc::clone(&source))
                .map_err(|e| Box::new((e, Some(Arc::clone(&source)))))?;
            (config.plans(), Some(source), config.runtime)
        }
        None if args.profiles.is_empty() => (
            vec![from_command_line(DEFAULT_PROFILE)],
            None,
            runtime::Options::default(),
        ),
        None => (
            args.profiles.iter().map(|p| from_command_line(p)).collect(),
            None,
            runtime::Options::default(),
        ),
    };
    if !args.compose_profiles.is_empty() {
        mapping.compose_profiles = args.compose_profiles.clone();
    }
    // The command line overrides the configuration, input by input.
    let plans = plans
        .into_iter()
        .map(|mut plan| {
            for (kind, path) in args.inputs() {
                let slot = match kind {
                    InputKind::Runtime => &mut plan.runtime,
                    InputKind::Baseline => &mut plan.baseline,
                    InputKind::Waivers => &mut plan.waivers,
                    InputKind::Doc => &mut plan.doc,
                    InputKind::Profile => continue,
                };
                *slot = Some(path.to_owned());
            }
            if let Some(Require(inputs)) = &args.require {
                plan.require = inputs
                    .iter()
                    .map(|input| Required {
                        input: *input,
                        at: None,
                    })
                    .collect();
            }
            plan
        })
        .collect();
    Ok((plans, source, mapping))
}

/// Checks one profile against its inputs; a required input it lacks, or an input that
/// cannot be read, keeps it from being checked.
fn check_plan(
    plan: &Plan,
    today: Date,
    config: Option<&Arc<Source>>,
    runtime: &runtime::Options,
    defaulted: bool,
) -> ProfileRun {
    if let Some(error) = plan.missing() {
        let source = config.filter(|c| c.name == error.path);
        return ProfileRun::unchecked(&plan.path, &error, source);
    }
    match load_inputs(plan, today, runtime) {
        Ok(inputs) => check_path(&plan.path, &inputs, defaulted),
        Err(unloaded) => {
            let (error, source) = *unloaded;
            ProfileRun::unchecked(&plan.path, &error, source.as_ref())
        }
    }
}

/// Reads every input of `plan`; a `git:REV` baseline is the profile's own path at `REV`.
fn load_inputs(plan: &Plan, today: Date, runtime: &runtime::Options) -> Result<Inputs, Unloaded> {
    let mut inputs = Inputs::none(today);
    for (kind, path) in plan.paths() {
        // A runtime input may be a directory, and carries a format prefix and options.
        if kind == InputKind::Runtime {
            inputs.read_runtime(path, runtime)?;
            continue;
        }
        let read = match (kind, git::revision(path)) {
            (InputKind::Baseline, Some(rev)) => git::read(rev, &plan.path),
            _ => load::read_input(path, kind),
        };
        let source = Arc::new(read.map_err(|e| Box::new((e, None)))?);
        inputs
            .read(kind, Arc::clone(&source))
            .map_err(|e| Box::new((e, Some(source))))?;
    }
    Ok(inputs)
}

/// Loads `path` and checks it; a missing file named like a command says so, and so does
/// the default profile when none was named.
fn check_path(path: &str, inputs: &Inputs, defaulted: bool) -> ProfileRun {
    match load::read(path) {
        Ok(source) => check_source(source, inputs),
        Err(mut error) => {
            if defaulted {
                as_the_default(&mut error);
            }
            with_command_hint(path, &mut error);
            ProfileRun::unchecked(path, &error, None)
        }
    }
}

/// A default profile that cannot be read says that it is the default, which a person who
/// named no file may not know.
fn as_the_default(error: &mut InputError) {
    if let Some(problem) = error.problems.first_mut() {
        problem.message = format!(
            "no profile was named, and the default `{DEFAULT_PROFILE}` {}",
            problem
                .message
                .strip_prefix("cannot read the file: ")
                .map_or_else(
                    || format!("cannot be read: {}", problem.message),
                    |why| { format!("cannot be read: {why}") }
                )
        );
        problem.help = Some(format!(
            "run from the folder that holds `{DEFAULT_PROFILE}` (the repository root), or name the profile: `profile-check PATH`"
        ));
    }
}

/// `profile-check rulez` reads `rulez` as a profile; when no such file exists and the word
/// is close to a command, the error says so.
fn with_command_hint(path: &str, error: &mut InputError) {
    let looks_like_a_word = !path.contains(['/', '\\', '.']);
    if !looks_like_a_word || Path::new(path).exists() {
        return;
    }
    let commands = Cli::command();
    let names = commands.get_subcommands().map(|c| c.get_name());
    if let (Some(command), Some(problem)) = (
        crate::suggest::nearest(path, names),
        error.problems.first_mut(),
    ) {
        problem.help = Some(format!(
            "did you mean the command `profile-check {command}`? A word that is not a command is read as a profile file"
        ));
    }
}

/// The width the text report must fit: `COLUMNS` when it is set, else the terminal's when
/// standard output is one; `None` (the full width) in a pipe.
fn terminal_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok();
    if let Some(columns) = columns
        .as_deref()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        return (columns > 0).then_some(columns);
    }
    let stdout = std::io::stdout();
    if !std::io::IsTerminal::is_terminal(&stdout) {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(width, _)| usize::from(width.0))
}

/// Writes a report file, never coloured: `--color always` and `CLICOLOR_FORCE` are for a
/// terminal, and ANSI codes in a file break the tools that read it.
fn write_report(path: &Path, text: &str) -> Result<(), Error> {
    let text = anstream::adapter::strip_str(text).to_string();
    std::fs::write(path, text).map_err(|source| Error::Output {
        path: path.display().to_string(),
        source,
    })
}
