//! `profile-check [check] [PROFILE]...`: load the inputs, check every profile, render the
//! reports, write the report files.

use std::path::Path;
use std::sync::Arc;

use clap::CommandFactory;

use super::Output;
use crate::check::{CheckRun, EXIT_INPUT, ProfileRun, check_source};
use crate::cli::{CheckArgs, Cli, Color};
use crate::error::{Error, InputError, Problem};
use crate::inputs::Inputs;
use crate::load;
use crate::profile::Date;
use crate::report::{self, Options};
use crate::source::Source;

/// The profile checked when none is named.
pub const DEFAULT_PROFILE: &str = "profiles/prod.yaml";

/// An input that could not be loaded, with its text when it could be read.
type Unloaded = Box<(InputError, Option<Arc<Source>>)>;

/// Checks every profile of `args` and writes the reports.
pub fn run(args: &CheckArgs) -> Output {
    let run = check(args);
    let options = Options { quiet: args.quiet };
    let mut output = Output {
        stderr: report::input_problems(&run),
        code: run.code(),
        ..Output::default()
    };
    let main = report::render(&run, args.format, options);
    let mut targets: Vec<(&Path, String)> = Vec::new();
    match &args.output {
        Some(path) => targets.push((path, main)),
        None => output.stdout = main,
    }
    for target in &args.reports {
        targets.push((&target.path, report::render(&run, target.format, options)));
    }
    for (path, text) in targets {
        if let Err(e) = write_report(path, &text, args.color) {
            output.stderr.push_str(&format!("error: {e}\n"));
            output.code = EXIT_INPUT;
        }
    }
    output
}

/// Checks every profile of `args` (the default profile when none is named).
pub fn check(args: &CheckArgs) -> CheckRun {
    let default = [DEFAULT_PROFILE.to_owned()];
    let paths = if args.profiles.is_empty() {
        &default[..]
    } else {
        &args.profiles[..]
    };
    let profiles = match load_inputs(args) {
        Ok(inputs) => paths.iter().map(|p| check_path(p, &inputs)).collect(),
        // Without its inputs no profile can be checked: each reports the input at fault.
        Err(unloaded) => {
            let (error, source) = *unloaded;
            paths
                .iter()
                .map(|p| ProfileRun::unchecked(p, &error, source.as_ref()))
                .collect()
        }
    };
    CheckRun {
        profiles,
        strict: args.strict,
    }
}

/// Reads every input named on the command line.
fn load_inputs(args: &CheckArgs) -> Result<Inputs, Unloaded> {
    let Some(today) = args.today.or_else(Date::today) else {
        let problem =
            Problem::whole("the system clock gives no date").help("pass `--today YYYY-MM-DD`");
        return Err(Box::new((InputError::one("--today", problem), None)));
    };
    let mut inputs = Inputs::none(today);
    for (kind, path) in args.inputs() {
        let source = load::read(path).map_err(|e| Box::new((e, None)))?;
        let source = Arc::new(source);
        inputs
            .read(kind, Arc::clone(&source))
            .map_err(|e| Box::new((e, Some(source))))?;
    }
    Ok(inputs)
}

/// Loads `path` and checks it; a missing file named like a command says so.
fn check_path(path: &str, inputs: &Inputs) -> ProfileRun {
    match load::read(path) {
        Ok(source) => check_source(source, inputs),
        Err(mut error) => {
            with_command_hint(path, &mut error);
            ProfileRun::unchecked(path, &error, None)
        }
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

/// Writes a report file; colour follows `--color` as on a terminal (`auto`: none in a file).
fn write_report(path: &Path, text: &str, color: Color) -> Result<(), Error> {
    let text = match color {
        Color::Always => text.to_owned(),
        Color::Auto | Color::Never => anstream::adapter::strip_str(text).to_string(),
    };
    std::fs::write(path, text).map_err(|source| Error::Output {
        path: path.display().to_string(),
        source,
    })
}
