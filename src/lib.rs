//! `profile-check`: the pre-release gate for the Webinars PROD runtime profile.
//!
//! One pipeline: [`load`] (bytes → located YAML → [`profile::Profile`]) → [`rules::run`]
//! (→ [`finding::Finding`]s) → [`report`] → exit code. The library never prints: [`run`]
//! returns what to print and the exit code.

pub mod cli;
pub mod diff;
pub mod error;
pub mod finding;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod profile;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod transcribe;
pub mod waiver;

use clap::CommandFactory;
use cli::{CheckArgs, Cli, Command};
use error::{InputError, Problem};
use finding::{Finding, Severity};
use manifest::Manifest;
use markdown::MarkdownProfile;
use profile::{Date, Profile, Status};
use rules::{Activation, Context};
use source::{InputKind, Source};
use waiver::Waiver;

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

/// An input file and what was read from it.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file's text, for snippets.
    pub source: Source,
    /// What it holds.
    pub value: T,
}

/// The inputs a check holds every profile against, besides the profile itself.
#[derive(Debug)]
pub struct Inputs {
    /// `--runtime`.
    pub runtime: Option<Loaded<Manifest>>,
    /// `--baseline`.
    pub baseline: Option<Loaded<Profile>>,
    /// `--waivers`.
    pub waivers: Option<Loaded<Vec<Waiver>>>,
    /// `--doc`.
    pub doc: Option<Loaded<MarkdownProfile>>,
    /// The day waivers are judged against.
    pub today: Date,
}

impl Inputs {
    /// No input besides the profiles, waivers judged on `today`.
    pub fn none(today: Date) -> Self {
        Self {
            runtime: None,
            baseline: None,
            waivers: None,
            doc: None,
            today,
        }
    }
}

/// A profile that loaded, with its activations and what the rules found.
#[derive(Debug)]
pub struct Checked {
    /// The profile.
    pub profile: Profile,
    /// Each module's activation, in module order.
    pub activation: Vec<Activation>,
    /// Every finding, in file order, waived ones included.
    pub findings: Vec<Finding>,
    /// The rules that ran (those whose inputs were given), in registry order.
    pub ran: Vec<rules::RuleId>,
}

/// One profile of the run: what came of it.
#[derive(Debug)]
pub struct ProfileRun {
    /// The path as given (`<stdin>` for `-`).
    pub path: String,
    /// The profile's text; for an input error, the text of the file at fault (when it
    /// could be read).
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
    /// Error findings no waiver accepts.
    pub errors: usize,
    /// Warning findings no waiver accepts.
    pub warnings: usize,
    /// Findings a live waiver accepts.
    pub waived: usize,
}

impl ProfileRun {
    /// The counts for the verdict line (all zero when the profile could not be checked).
    pub fn summary(&self) -> Summary {
        let Ok(checked) = &self.outcome else {
            return Summary::default();
        };
        let p = &checked.profile;
        let count = |s| {
            checked
                .findings
                .iter()
                .filter(|f| f.severity == s && !f.is_waived())
                .count()
        };
        Summary {
            modules: p.modules.len(),
            required: p.count(Status::Required),
            optional: p.count(Status::Optional),
            disabled: p.count(Status::Disabled),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            waived: checked.findings.iter().filter(|f| f.is_waived()).count(),
        }
    }

    /// This profile's exit code: 2 unchecked, 1 failed, 0 passed.
    pub fn code(&self, strict: bool) -> u8 {
        if self.outcome.is_err() {
            return EXIT_INPUT;
        }
        let s = self.summary();
        if s.errors > 0 || (strict && s.warnings > 0) {
            EXIT_FAIL
        } else {
            EXIT_PASS
        }
    }
}

/// A whole `check` run: every profile, the inputs they were held against, and the option
/// that judges them.
#[derive(Debug)]
pub struct CheckRun {
    /// Every profile named, in order, also those after one that could not be read.
    pub profiles: Vec<ProfileRun>,
    /// The other inputs, when they loaded.
    pub inputs: Option<Inputs>,
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

    /// The path and text of the file a finding of `profile` points into.
    pub fn file<'a>(
        &'a self,
        profile: &'a ProfileRun,
        kind: InputKind,
    ) -> (&'a str, Option<&'a Source>) {
        let source = self.inputs.as_ref().and_then(|inputs| match kind {
            InputKind::Profile => None,
            InputKind::Doc => inputs.doc.as_ref().map(|l| &l.source),
            InputKind::Runtime => inputs.runtime.as_ref().map(|l| &l.source),
            InputKind::Baseline => inputs.baseline.as_ref().map(|l| &l.source),
            InputKind::Waivers => inputs.waivers.as_ref().map(|l| &l.source),
        });
        match source {
            Some(source) => (source.name.as_str(), Some(source)),
            None => (profile.path.as_str(), profile.source.as_ref()),
        }
    }

    /// The waiver that accepts `finding`, if one does.
    pub fn waiver(&self, finding: &Finding) -> Option<&Waiver> {
        let waivers = &self.inputs.as_ref()?.waivers.as_ref()?.value;
        waivers.get(finding.waived_by?)
    }
}

/// Loads `path` and runs every rule on it, against `inputs`.
pub fn check_one(path: &str, inputs: &Inputs) -> ProfileRun {
    match load::read(path) {
        Ok(source) => check_source(source, inputs),
        Err(error) => ProfileRun {
            path: display_path(path),
            source: None,
            outcome: Err(error),
        },
    }
}

/// Runs every rule on a profile already read, against `inputs`.
pub fn check_source(source: Source, inputs: &Inputs) -> ProfileRun {
    let outcome = load::profile(&source).map(|profile| {
        let mut context = Context::with_inputs(
            &profile,
            inputs.runtime.as_ref().map(|l| &l.value),
            inputs.baseline.as_ref().map(|l| &l.value),
            inputs.waivers.as_ref().map(|l| l.value.as_slice()),
            inputs.today,
        )
        .with_doc(inputs.doc.as_ref().map(|l| &l.value));
        let outcome = rules::run(&mut context);
        let activation = context.modules().map(|(_, a)| a).collect();
        Checked {
            profile,
            activation,
            findings: outcome.findings,
            ran: outcome.ran,
        }
    });
    ProfileRun {
        path: source.name.clone(),
        source: Some(source),
        outcome,
    }
}

/// `profile-check rulez` reads `rulez` as a profile; when no such file exists and the word
/// is close to a command, the error says so.
fn with_command_hint(path: &str, mut run: ProfileRun) -> ProfileRun {
    let looks_like_a_word = !path.contains(['/', '\\', '.']);
    if let (Err(error), true) = (&mut run.outcome, looks_like_a_word)
        && run.source.is_none()
        && !std::path::Path::new(path).exists()
    {
        let commands = Cli::command();
        let names = commands.get_subcommands().map(|c| c.get_name());
        if let (Some(command), Some(problem)) =
            (suggest::nearest(path, names), error.problems.first_mut())
        {
            problem.help = Some(format!(
                "did you mean the command `profile-check {command}`? A word that is not a command is read as a profile file"
            ));
        }
    }
    run
}

fn display_path(path: &str) -> String {
    if path == "-" {
        load::STDIN_NAME.to_owned()
    } else {
        path.to_owned()
    }
}

/// An input that could not be loaded, with its text when it could be read.
type Unloaded = Box<(InputError, Option<Source>)>;

fn load_input<T>(
    path: Option<&str>,
    decode: impl FnOnce(&Source) -> Result<T, InputError>,
) -> Result<Option<Loaded<T>>, Unloaded> {
    let Some(path) = path else {
        return Ok(None);
    };
    let source = load::read(path).map_err(|e| Box::new((e, None)))?;
    match decode(&source) {
        Ok(value) => Ok(Some(Loaded { source, value })),
        Err(e) => Err(Box::new((e, Some(source)))),
    }
}

fn load_inputs(args: &CheckArgs) -> Result<Inputs, Unloaded> {
    let today = match args.today.or_else(Date::today) {
        Some(today) => today,
        None => {
            let problem =
                Problem::whole("the system clock gives no date").help("pass `--today YYYY-MM-DD`");
            return Err(Box::new((InputError::one("--today", problem), None)));
        }
    };
    Ok(Inputs {
        runtime: load_input(args.runtime.as_deref(), load::manifest)?,
        baseline: load_input(args.baseline.as_deref(), load::profile)?,
        waivers: load_input(args.waivers.as_deref(), |s| load::waivers(s, today))?,
        doc: load_input(args.doc.as_deref(), load::markdown)?,
        today,
    })
}

/// Checks every profile of `args` (the default profile when none is named).
pub fn check(args: &CheckArgs) -> CheckRun {
    let default = [DEFAULT_PROFILE.to_owned()];
    let paths = if args.profiles.is_empty() {
        &default[..]
    } else {
        &args.profiles[..]
    };
    match load_inputs(args) {
        Ok(inputs) => CheckRun {
            profiles: paths
                .iter()
                .map(|p| with_command_hint(p, check_one(p, &inputs)))
                .collect(),
            inputs: Some(inputs),
            strict: args.strict,
        },
        // Without its inputs no profile can be checked: each reports the input at fault.
        Err(unloaded) => {
            let (error, source) = *unloaded;
            CheckRun {
                profiles: paths
                    .iter()
                    .map(|p| ProfileRun {
                        path: display_path(p),
                        source: source.clone(),
                        outcome: Err(error.clone()),
                    })
                    .collect(),
                inputs: None,
                strict: args.strict,
            }
        }
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
        Some(Command::Diff { old, new, format }) => run_diff(&old, &new, format),
        Some(Command::Import { doc }) => run_import(&doc),
        Some(Command::Schema { kind }) => Output {
            stdout: format!(
                "{}\n",
                serde_json::to_string_pretty(&load::schema::schema(kind)).unwrap_or_default()
            ),
            ..Output::default()
        },
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut cli::Cli::command(),
                "profile-check",
                &mut script,
            );
            Output {
                stdout: String::from_utf8_lossy(&script).into_owned(),
                ..Output::default()
            }
        }
        Some(Command::Man) => Output {
            stdout: report::manual::render(),
            ..Output::default()
        },
    }
}

fn run_import(path: &str) -> Output {
    let source = match load::read(path) {
        Ok(source) => source,
        Err(e) => {
            return Output {
                stderr: report::input_error(&e, None),
                code: EXIT_INPUT,
                ..Output::default()
            };
        }
    };
    match load::markdown(&source) {
        Ok(doc) => Output {
            stdout: transcribe::to_yaml(&doc, &source.name),
            ..Output::default()
        },
        Err(e) => Output {
            stderr: report::input_error(&e, Some(&source)),
            code: EXIT_INPUT,
            ..Output::default()
        },
    }
}

fn run_diff(old: &str, new: &str, format: cli::ListFormat) -> Output {
    let load = |path: &str| {
        let source = load::read(path).map_err(|e| Box::new((e, None)))?;
        match load::profile(&source) {
            Ok(profile) => Ok(profile),
            Err(e) => Err(Box::new((e, Some(source)))),
        }
    };
    match (load(old), load(new)) {
        (Ok(a), Ok(b)) => Output {
            stdout: report::changes::render(&diff::changes(&a, &b), old, new, format),
            ..Output::default()
        },
        (a, b) => {
            let mut stderr = String::new();
            for unloaded in [a.err(), b.err()].into_iter().flatten() {
                let (error, source) = *unloaded;
                stderr.push_str(&report::input_error(&error, source.as_ref()));
            }
            Output {
                stderr,
                code: EXIT_INPUT,
                ..Output::default()
            }
        }
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
