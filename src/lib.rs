//! `profile-check`: the pre-release gate for the Webinars PROD runtime profile.
//!
//! One pipeline: [`load`] (bytes → located YAML → [`profile::Profile`]) → [`rules::run`]
//! (→ [`finding::Finding`]s) → [`report`] (text, JSON) → exit code. The library never
//! prints: [`run`] returns what to print and the exit code.

pub mod cli;
pub mod error;
pub mod finding;
pub mod load;
pub mod profile;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;

use cli::{CheckArgs, Cli, Command};
use error::InputError;
use finding::{Finding, Severity};
use profile::{Profile, Status};
use rules::{Activation, Context};
use source::Source;

/// Exit code: every profile passed.
pub const EXIT_PASS: u8 = 0;
/// Exit code: the rules found an error (or a warning under `--strict`).
pub const EXIT_FAIL: u8 = 1;
/// Exit code: some input could not be checked.
pub const EXIT_INPUT: u8 = 2;

/// The profile checked when none is named.
pub const DEFAULT_PROFILE: &str = "profiles/prod.yaml";

/// What a run produced: text for standard output and standard error, and the exit code.
#[derive(Debug, Default)]
pub struct Output {
    /// The report (may carry ANSI styles; the caller strips them where colour is off).
    pub stdout: String,
    /// Input and usage errors.
    pub stderr: String,
    /// 0, 1 or 2.
    pub code: u8,
}

/// A profile that loaded, with its activations and what the rules found.
#[derive(Debug)]
pub struct Checked {
    /// The profile.
    pub profile: Profile,
    /// Each module's activation, in module order.
    pub activation: Vec<Activation>,
    /// Every finding, in file order.
    pub findings: Vec<Finding>,
}

/// One profile of the run: its source (when it could be read) and what came of it.
#[derive(Debug)]
pub struct ProfileRun {
    /// The path as given (`<stdin>` for `-`).
    pub path: String,
    /// The text, for snippets; `None` when the file could not be read.
    pub source: Option<Source>,
    /// The check, or why there was none.
    pub outcome: Result<Checked, InputError>,
}

/// The counts of a verdict line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Modules in the profile.
    pub modules: usize,
    /// … of status `required`.
    pub required: usize,
    /// … of status `optional`.
    pub optional: usize,
    /// … of status `disabled`.
    pub disabled: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Waived findings.
    pub waived: usize,
}

impl ProfileRun {
    /// The counts for the verdict line (all zero when the profile could not be checked).
    pub fn summary(&self) -> Summary {
        let Ok(checked) = &self.outcome else {
            return Summary::default();
        };
        let p = &checked.profile;
        let count = |s| checked.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            modules: p.modules.len(),
            required: p.count(Status::Required),
            optional: p.count(Status::Optional),
            disabled: p.count(Status::Disabled),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            waived: 0,
        }
    }

    /// This profile's exit code: 2 unchecked, 1 failed, 0 passed.
    pub fn code(&self, strict: bool) -> u8 {
        let Ok(_) = &self.outcome else {
            return EXIT_INPUT;
        };
        let s = self.summary();
        if s.errors > 0 || (strict && s.warnings > 0) {
            EXIT_FAIL
        } else {
            EXIT_PASS
        }
    }
}

/// A whole `check` run: every profile, and the options that judge them.
#[derive(Debug)]
pub struct CheckRun {
    /// Every profile named, in order, also those after one that could not be read.
    pub profiles: Vec<ProfileRun>,
    /// Warnings fail the gate.
    pub strict: bool,
}

impl CheckRun {
    /// The highest of the profiles' codes.
    pub fn code(&self) -> u8 {
        self.profiles
            .iter()
            .map(|p| p.code(self.strict))
            .max()
            .unwrap_or(EXIT_INPUT)
    }
}

/// Loads `path` and runs every rule on it.
pub fn check_one(path: &str) -> ProfileRun {
    let source = match load::read(path) {
        Ok(source) => source,
        Err(error) => {
            return ProfileRun {
                path: display_path(path),
                source: None,
                outcome: Err(error),
            };
        }
    };
    let outcome = load::profile(&source).map(|profile| {
        let context = Context::new(&profile);
        let findings = rules::run(&context);
        let activation = context.modules().map(|(_, a)| a).collect();
        Checked {
            profile,
            activation,
            findings,
        }
    });
    ProfileRun {
        path: source.name.clone(),
        source: Some(source),
        outcome,
    }
}

fn display_path(path: &str) -> String {
    if path == "-" {
        load::STDIN_NAME.to_owned()
    } else {
        path.to_owned()
    }
}

/// Checks every profile of `args` (the default profile when none is named).
pub fn check(args: &CheckArgs) -> CheckRun {
    let default = [DEFAULT_PROFILE.to_owned()];
    let paths = if args.profiles.is_empty() {
        &default[..]
    } else {
        &args.profiles[..]
    };
    CheckRun {
        profiles: paths.iter().map(|p| check_one(p)).collect(),
        strict: args.strict,
    }
}

/// Runs the command line.
pub fn run(cli: Cli) -> Output {
    match cli.command {
        None => run_check(&cli.check),
        Some(Command::Check(args)) => run_check(&args),
        Some(Command::Rules { format }) => Output {
            stdout: report::catalogue::list(format),
            ..Output::default()
        },
        Some(Command::Explain { rule }) => match report::catalogue::explain(&rule) {
            Ok(text) => Output {
                stdout: text,
                ..Output::default()
            },
            Err(e) => Output {
                stderr: format!("error: {e}\n"),
                code: EXIT_INPUT,
                ..Output::default()
            },
        },
    }
}

fn run_check(args: &CheckArgs) -> Output {
    let run = check(args);
    let mut output = Output {
        stderr: report::input_errors(&run),
        code: run.code(),
        ..Output::default()
    };
    let main = report::render(&run, args.format, args.quiet);
    let mut targets: Vec<(&std::path::Path, String)> = Vec::new();
    match &args.output {
        Some(path) => targets.push((path, main)),
        None => output.stdout = main,
    }
    for target in &args.reports {
        targets.push((
            &target.path,
            report::render(&run, target.format, args.quiet),
        ));
    }
    for (path, text) in targets {
        if let Err(e) = write_report(path, &text, args.color) {
            output.stderr.push_str(&format!("error: {e}\n"));
            output.code = EXIT_INPUT;
        }
    }
    output
}

/// Writes a report file; colour follows `--color` as on a terminal (`auto`: none in a file).
fn write_report(path: &std::path::Path, text: &str, color: cli::Color) -> Result<(), error::Error> {
    let text = match color {
        cli::Color::Always => text.to_owned(),
        cli::Color::Auto | cli::Color::Never => anstream::adapter::strip_str(text).to_string(),
    };
    std::fs::write(path, text).map_err(|source| error::Error::Output {
        path: path.display().to_string(),
        source,
    })
}
