//! `profile-check [check] [PROFILE]...`: load the inputs, check every profile, render the
//! reports, write the report files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::CommandFactory;

use super::Output;
use crate::check::{CheckRun, ProfileRun, check_source};
use crate::cli::{CheckArgs, Cli, GlobalArgs, Require};
use crate::config::{self, Plan, Required};
use crate::error::{Error, InputError, Problem, ProblemKind};
use crate::escape::escape_controls;
use crate::exit::EXIT_INPUT;
use crate::inputs::{InputKind, Inputs, WaiversAcross};
use crate::load::{self, git, runtime};
use crate::profile::Date;
use crate::report::{self, Format, Options};
use crate::source::Source;

/// The profile checked when none is named.
pub const DEFAULT_PROFILE: &str = "profiles/prod.yaml";

/// An input that could not be loaded, with its text when it could be read.
pub(super) type Unloaded = Box<(InputError, Option<Arc<Source>>)>;

/// Checks every profile of `args` and writes the reports.
///
/// Profiles are checked one after another: each one's text report and input problems are
/// rendered as soon as it is checked, and then it sheds its module list and the texts its
/// snippets quote ([`ProfileRun::shed`]), so that a run of many large profiles holds one
/// at a time. The other formats render the shed runs at the end, which is all they read
/// (a format marked `[modules]` in `formats!` draws the event flow from the module list:
/// with one of those, the profiles are kept whole).
pub fn run(args: &CheckArgs, global: GlobalArgs) -> Output {
    let planned = plans(args);
    // The configuration's `strict` and `[report]`, under the command line's flags.
    let defaults = match &planned {
        Ok(planned) => planned.configured.clone(),
        Err(_) => Configured::default(),
    };
    let strict = args.strict || defaults.strict;
    let mut options = Options {
        quiet: global.quiet,
        width: None,
        table: args.table.or(defaults.table),
        generated: None,
    };
    // The HTML page names when it was written and the commit it was checked at.
    let page = args.format.or(defaults.format) == Some(Format::Html)
        || args.reports.iter().any(|r| r.format == Format::Html)
        || defaults.files.iter().any(|(f, _)| *f == Format::Html);
    if page {
        match generated() {
            Ok(time) => options.generated = time,
            Err(message) => {
                return Output::stderr(
                    format!(
                        "error: {message}; nothing was checked or written\n  = help: set it to \
                         a time such as that of the last commit (`git log -1 --format=%ct`), or \
                         unset it for the time of the run\n"
                    ),
                    EXIT_INPUT,
                );
            }
        }
    }
    let mut targets = Target::all(args, &defaults, options);
    if let Err(message) = refuse_overwriting(&targets, planned.as_ref().ok()) {
        return Output::stderr(message, EXIT_INPUT);
    }
    let mut stderr = String::new();
    if let (true, Ok(planned), Some(today)) = (
        args.fix || args.diff,
        &planned,
        args.today.or_else(Date::today),
    ) {
        match super::fix::run(args, planned, today) {
            super::fix::Step::Done(output) => return output,
            super::fix::Step::Fixed(notes) => stderr = notes,
        }
    }
    let shed = !targets.iter().any(|t| t.format.reads_modules());
    let mut profiles: Vec<ProfileRun> = Vec::new();
    // An input shared by all profiles (a manifest, a waivers file) is reported once.
    let mut reported: Vec<String> = Vec::new();
    each_profile(args, planned, page, |profile| {
        let first = profiles.is_empty();
        // `new` judges the profile (under `--strict`, warnings become errors) once.
        let one = CheckRun::new(vec![profile], strict);
        let problems = report::input_problems(&one);
        if !problems.is_empty() && !reported.contains(&problems) {
            stderr.push_str(&problems);
            reported.push(problems);
        }
        for target in targets.iter_mut().filter(|t| t.format == Format::Text) {
            if !first {
                target.text.push('\n');
            }
            target
                .text
                .push_str(&report::render(&one, Format::Text, target.options));
        }
        profiles.extend(one.profiles.into_iter().map(|mut p| {
            if shed {
                p.shed();
            }
            p
        }));
    });
    // Each profile was judged already: the run is put together as it is.
    let run = CheckRun { profiles, strict };
    for target in targets.iter_mut().filter(|t| t.format != Format::Text) {
        target.text = report::render(&run, target.format, target.options);
    }
    let mut output = Output {
        stderr,
        code: run.code(),
        ..Output::default()
    };
    for target in targets {
        let Some(path) = target.path else {
            output.stdout = target.text;
            continue;
        };
        if let Err(e) = write_report(&path, &target.text) {
            output.stderr.push_str(&format!("error: {e}\n"));
            output.code = EXIT_INPUT;
        }
    }
    output
}

/// One report of the run: its format, its file (`None`: standard output) and its text.
struct Target<'a> {
    format: Format,
    path: Option<std::borrow::Cow<'a, Path>>,
    /// Only standard output may be a terminal; a file gets the full width.
    options: Options,
    /// `--output` or `--report FORMAT`, for messages.
    flag: String,
    text: String,
}

impl<'a> Target<'a> {
    /// The reports `args` ask for, and those of the configuration's `[report]` that the
    /// command line does not replace (`--format`, and `--report` format by format).
    fn all(args: &'a CheckArgs, defaults: &Configured, options: Options) -> Vec<Self> {
        let on_screen = Options {
            width: terminal_width(),
            ..options
        };
        let mut targets = vec![Self {
            format: args.format.or(defaults.format).unwrap_or(Format::Text),
            path: args.output.as_deref().map(std::borrow::Cow::Borrowed),
            options: if args.output.is_some() {
                options
            } else {
                on_screen
            },
            flag: "--output".to_owned(),
            text: String::new(),
        }];
        targets.extend(
            defaults
                .files
                .iter()
                .filter(|(format, _)| !args.reports.iter().any(|r| r.format == *format))
                .map(|(format, path)| Self {
                    format: *format,
                    path: Some(std::borrow::Cow::Owned(PathBuf::from(path))),
                    options,
                    flag: format!("[report.files] {}", format.name()),
                    text: String::new(),
                }),
        );
        targets.extend(args.reports.iter().map(|r| Self {
            format: r.format,
            path: Some(std::borrow::Cow::Borrowed(r.path.as_path())),
            options,
            flag: format!("--report {}", r.format.name()),
            text: String::new(),
        }));
        targets
    }
}

/// Refuses, before anything is checked or written, a report file that is one of the
/// inputs (or lies in an input directory), or two reports to one file.
fn refuse_overwriting(targets: &[Target<'_>], planned: Option<&Planned>) -> Result<(), String> {
    let mut inputs: Vec<(String, &str)> = Vec::new();
    if let Some(planned) = planned {
        if let Some(config) = &planned.config {
            inputs.push(("the configuration".to_owned(), config.name.as_str()));
        }
        for plan in &planned.plans {
            inputs.push(("the profile".to_owned(), plan.path.as_str()));
            for (kind, path) in plan.paths() {
                if kind == InputKind::Baseline && git::revision(path).is_some() {
                    continue;
                }
                let path = match kind {
                    InputKind::Runtime => runtime::split_prefix(path).1,
                    _ => path,
                };
                inputs.push((format!("the {} input", kind.flag()), path));
            }
        }
    }
    let mut written: Vec<(&Path, &str, FileId)> = Vec::new();
    for target in targets {
        let Some(path) = target.path.as_deref() else {
            continue;
        };
        // A report is written to a regular file or a new one: never through a symbolic
        // link (it may lead anywhere, or to another report), into a FIFO (the write would
        // block) or onto a device.
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            let what = if meta.file_type().is_symlink() {
                Some("a symbolic link")
            } else if !meta.is_file() {
                Some("not a regular file (a directory, a FIFO or a device)")
            } else {
                None
            };
            if let Some(what) = what {
                return Err(format!(
                    "error: the report file `{}` ({}) is {what}; nothing was checked or written\n  = help: write the report to a regular file, or to standard output without `--output`\n",
                    shown(path),
                    target.flag
                ));
            }
        }
        // Nor into a folder reached through a link out of the repository: a configured
        // `[report.files]` path comes with a pull request, and `out/.bashrc` through
        // `out -> $HOME` would overwrite a file of the runner's.
        if let Some(link) = path.parent().and_then(load::link_leaving_the_tree) {
            return Err(format!(
                "error: the report file `{}` ({}) lies behind `{}`, a symbolic link that leads outside its tree (or nowhere); nothing was checked or written\n  = help: write the report to a folder of the repository, or to standard output without `--output`\n",
                shown(path),
                target.flag,
                shown(&link)
            ));
        }
        if load::lies_in_a_git_directory(path) {
            return Err(format!(
                "error: the report file `{}` ({}) lies inside a `.git` folder (reached through a symbolic link or named so); nothing was checked or written\n  = help: write the report to a folder of the repository outside `.git`\n",
                shown(path),
                target.flag
            ));
        }
        let id = FileId::of(path);
        for (what, input) in &inputs {
            if *input == "-" {
                continue;
            }
            let input_id = FileId::of(Path::new(input));
            if input_id == id || id.is_inside(&input_id) {
                return Err(format!(
                    "error: the report file `{}` ({}) is {what} `{}` or inside it: writing the report would replace it; nothing was checked or written\n  = help: write the report to another file\n",
                    shown(path),
                    target.flag,
                    escape_controls(input)
                ));
            }
        }
        if let Some((first, first_flag, _)) = written.iter().find(|(_, _, other)| *other == id) {
            return Err(format!(
                "error: two reports would be written to one file: `{}` ({first_flag}) and `{}` ({}); nothing was checked or written\n  = help: give each report its own file\n",
                shown(first),
                shown(path),
                target.flag
            ));
        }
        written.push((path, &target.flag, id));
    }
    Ok(())
}

/// A path as the user wrote it, escaped for the terminal.
fn shown(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}

/// What makes two paths one file: the device and inode of an existing file (so that a
/// hard link or another spelling is found too) with its canonical path, else the
/// canonical parent directory and the name, else the path as written.
#[derive(Debug)]
struct FileId {
    #[cfg(unix)]
    inode: Option<(u64, u64)>,
    path: PathBuf,
}

impl PartialEq for FileId {
    fn eq(&self, other: &Self) -> bool {
        #[cfg(unix)]
        if let (Some(a), Some(b)) = (self.inode, other.inode) {
            return a == b;
        }
        self.path == other.path
    }
}

impl FileId {
    fn of(path: &Path) -> Self {
        #[cfg(unix)]
        let inode = std::fs::metadata(path).ok().map(|meta| {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        });
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let canonical = path.canonicalize().ok().or_else(|| {
            let name = path.file_name()?;
            Some(parent.canonicalize().ok()?.join(name))
        });
        Self {
            #[cfg(unix)]
            inode,
            path: canonical.unwrap_or_else(|| path.to_path_buf()),
        }
    }

    /// Whether this file lies inside `dir` (a `--runtime` directory).
    fn is_inside(&self, dir: &Self) -> bool {
        self.path != dir.path && dir.path.is_dir() && self.path.starts_with(&dir.path)
    }
}

/// Checks the profiles of `args` — the named ones with the command line's inputs; with
/// none named, every profile of the configuration (`--config`, or the profile-check.toml
/// found up to the git root) with its inputs, the command line's overriding them; without
/// a configuration, the default profile — one after another, handing each to `each` as
/// soon as it is checked.
fn each_profile(
    args: &CheckArgs,
    planned: Result<Planned, Unloaded>,
    checkout: bool,
    mut each: impl FnMut(ProfileRun),
) {
    let Planned {
        plans,
        config,
        runtime,
        git,
        ..
    } = match planned {
        Ok(planned) => planned,
        // A configuration that cannot be read checks nothing: the run reports it.
        Err(unloaded) => {
            let (error, source) = *unloaded;
            each(ProfileRun::unchecked(&error.path, &error, source.as_ref()));
            return;
        }
    };
    let Some(today) = args.today.or_else(Date::today) else {
        let problem = Problem::whole(ProblemKind::Unreadable, "the system clock gives no date")
            .help("pass `--today YYYY-MM-DD`");
        let error = InputError::one("--today", problem);
        for plan in &plans {
            each(ProfileRun::unchecked(&plan.path, &error, None));
        }
        return;
    };
    let mut waivers = WaiversOfDeployments::default();
    for plan in &plans {
        // The default profile, checked because nothing was named: its error says so.
        let defaulted = config.is_none() && args.profiles.is_empty();
        let across = waivers.across(plan);
        let mut run = check_plan(
            plan,
            today,
            config.as_ref(),
            (&runtime, &git, across),
            defaulted,
        );
        waivers.checked(plan, &run);
        run.held_against = plan
            .paths()
            .map(|(kind, path)| (kind, escape_controls(path)))
            .collect();
        if plan.deployment {
            run.deployment = plan.get(InputKind::Runtime).map(escape_controls);
        }
        if checkout {
            run.checkout = Some(git::checkout(&plan.path, &git));
        }
        each(run);
    }
}

/// The waivers the deployments of one profile used so far: each deployment is checked on
/// its own, and the last judges `waiver-unused` with every use known (a waiver one
/// deployment needs is not unused because another does not).
#[derive(Default)]
struct WaiversOfDeployments {
    used: Vec<bool>,
}

impl WaiversOfDeployments {
    /// What the check of `plan` is told.
    fn across(&self, plan: &Plan) -> WaiversAcross {
        WaiversAcross {
            used: if plan.deployment {
                self.used.clone()
            } else {
                Vec::new()
            },
            judged_later: plan.deployment && !plan.last_deployment,
        }
    }

    /// Takes in what the check of `plan` used.
    fn checked(&mut self, plan: &Plan, run: &ProfileRun) {
        if !plan.deployment || plan.last_deployment {
            self.used.clear();
            return;
        }
        if self.used.len() < run.waivers_used.len() {
            self.used.resize(run.waivers_used.len(), false);
        }
        for (seen, now) in self.used.iter_mut().zip(&run.waivers_used) {
            *seen |= *now;
        }
    }
}

/// What to check.
pub(super) struct Planned {
    /// One plan per profile.
    pub(super) plans: Vec<Plan>,
    /// The configuration's text, when one was read.
    pub(super) config: Option<Arc<Source>>,
    /// How a Kubernetes or Compose runtime maps its workloads (the configuration's
    /// `[runtime]`).
    pub(super) runtime: runtime::Options,
    /// Where a `git:` baseline finds its repository, and what a release tag is.
    pub(super) git: git::Settings,
    /// The configuration's `strict` and `[report]`, report paths joined to its directory.
    pub(super) configured: Configured,
}

/// The configuration's `strict` and `[report]`, report paths joined to its directory.
#[derive(Debug, Clone, Default)]
pub(super) struct Configured {
    strict: bool,
    format: Option<Format>,
    table: Option<report::TableStyle>,
    files: Vec<(Format, String)>,
}

/// What to check: one plan per profile, and the configuration's text when one was read.
fn plans(args: &CheckArgs) -> Result<Planned, Unloaded> {
    let from_command_line = |path: &str| Plan {
        path: path.to_owned(),
        ..Plan::default()
    };
    // The configuration is the team's gate: it applies to the profiles it lists also when
    // they are named on the command line (`--no-config` reads none).
    let config = configuration(args.config.as_deref(), args.no_config)?;
    let (plans, mut mapping) = match &config {
        Some(config) if args.profiles.is_empty() => (config.plans(), config.runtime.clone()),
        Some(config) => (
            args.profiles.iter().map(|p| config.plan_for(p)).collect(),
            config.runtime.clone(),
        ),
        None if args.profiles.is_empty() => (
            vec![from_command_line(DEFAULT_PROFILE)],
            runtime::Options::default(),
        ),
        None => (
            args.profiles.iter().map(|p| from_command_line(p)).collect(),
            runtime::Options::default(),
        ),
    };
    let git = config
        .as_ref()
        .map_or_else(git::Settings::default, config::Config::git_settings);
    let configured = config
        .as_ref()
        .map(|c| Configured {
            strict: c.defaults.strict,
            format: c.defaults.format,
            table: c.defaults.table,
            files: c.report_files(),
        })
        .unwrap_or_default();
    let source = config.map(|c| c.source);
    if !args.compose_profiles.is_empty() {
        mapping.compose_profiles = args.compose_profiles.clone();
    }
    // The command line overrides the configuration, input by input.
    let plans = plans
        .into_iter()
        .flat_map(|mut plan| {
            for kind in InputKind::INPUTS {
                let given: Vec<String> = args
                    .inputs()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, path)| path.to_owned())
                    .collect();
                if !given.is_empty() {
                    plan.set_all(kind, given);
                }
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
            plan.per_deployment()
        })
        .collect();
    Ok(Planned {
        plans,
        config: source,
        runtime: mapping,
        git,
        configured,
    })
}

/// The configuration: `--config FILE`, none under `--no-config`, else the profile-check.toml
/// found from the current directory up to the git root. `check` and `graph` read it alike.
pub(super) fn configuration(
    named: Option<&str>,
    no_config: bool,
) -> Result<Option<config::Config>, Unloaded> {
    let found = match (named, no_config) {
        (Some(path), _) => Some(path.to_owned()),
        (None, true) => None,
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd)),
    };
    let Some(path) = found else {
        return Ok(None);
    };
    let source = Arc::new(load::read(&path).map_err(|e| Box::new((e, None)))?);
    let config =
        config::parse(Arc::clone(&source)).map_err(|e| Box::new((e, Some(Arc::clone(&source)))))?;
    Ok(Some(config))
}

/// Every profile of the configuration found from the working directory (without one,
/// the default profile), each checked against its inputs as `check` with no profile named
/// checks it, keeping its text and its inputs: the language server's run of the gate.
pub(super) fn check_all(today: Date) -> crate::server::Gate {
    let args = CheckArgs::default();
    let planned = match plans(&args) {
        Ok(planned) => planned,
        Err(unloaded) => {
            let (error, source) = *unloaded;
            return crate::server::Gate {
                profiles: vec![crate::server::Held {
                    path: error.path.clone(),
                    source: None,
                    run: ProfileRun::unchecked(&error.path, &error, source.as_ref()),
                    inputs: None,
                }],
                config: source,
            };
        }
    };
    let config = planned.config.as_ref();
    // `strict = true` in the configuration: warnings are errors, as for `check`.
    let strict = planned.configured.strict;
    let mut waivers = WaiversOfDeployments::default();
    let profiles = planned
        .plans
        .iter()
        .map(|plan| {
            let defaulted = config.is_none();
            let across = waivers.across(plan);
            let (mut run, inputs, source) = match plan.missing() {
                Some(error) => {
                    let source = config.filter(|c| c.name == error.path);
                    (
                        ProfileRun::unchecked(&plan.path, &error, source),
                        None,
                        None,
                    )
                }
                None => match load_inputs(plan, today, &planned.runtime, &planned.git) {
                    Ok(mut inputs) => match load::read(&plan.path) {
                        Ok(source) => {
                            let source = Arc::new(source);
                            inputs.waivers_across = across;
                            let run = check_source(Source::clone(&source), &inputs);
                            (run, Some(inputs), Some(source))
                        }
                        Err(mut error) => {
                            if defaulted {
                                as_the_default(&plan.path, &mut error);
                            }
                            (
                                ProfileRun::unchecked(&plan.path, &error, None),
                                Some(inputs),
                                None,
                            )
                        }
                    },
                    Err(unloaded) => {
                        let (error, source) = *unloaded;
                        (
                            ProfileRun::unchecked(&plan.path, &error, source.as_ref()),
                            None,
                            None,
                        )
                    }
                },
            };
            waivers.checked(plan, &run);
            run.held_against = plan
                .paths()
                .map(|(kind, path)| (kind, escape_controls(path)))
                .collect();
            if strict {
                CheckRun::strict(&mut run);
            }
            crate::server::Held {
                path: plan.path.clone(),
                source,
                run,
                inputs,
            }
        })
        .collect();
    crate::server::Gate {
        config: planned.config,
        profiles,
    }
}

/// Checks one profile against its inputs; a required input it lacks, or an input that
/// cannot be read, keeps it from being checked.
fn check_plan(
    plan: &Plan,
    today: Date,
    config: Option<&Arc<Source>>,
    (runtime, git, across): (&runtime::Options, &git::Settings, WaiversAcross),
    defaulted: bool,
) -> ProfileRun {
    if let Some(error) = plan.missing() {
        let source = config.filter(|c| c.name == error.path);
        return ProfileRun::unchecked(&plan.path, &error, source);
    }
    match load_inputs(plan, today, runtime, git) {
        Ok(mut inputs) => {
            inputs.waivers_across = across;
            check_path(&plan.path, &inputs, defaulted)
        }
        Err(unloaded) => {
            let (error, source) = *unloaded;
            ProfileRun::unchecked(&plan.path, &error, source.as_ref())
        }
    }
}

/// Reads every input of `plan`; a `git:REV` baseline is the profile's own path at `REV`.
pub(super) fn load_inputs(
    plan: &Plan,
    today: Date,
    runtime: &runtime::Options,
    git: &git::Settings,
) -> Result<Inputs, Unloaded> {
    let mut inputs = Inputs::none(today);
    for (kind, path) in plan.paths() {
        // A runtime input may be a directory, and carries a format prefix and options.
        if kind == InputKind::Runtime {
            inputs.read_runtime(path, runtime)?;
            continue;
        }
        let read = match (kind, git::revision(path)) {
            (InputKind::Baseline, Some(rev)) => git::read(rev, &plan.path, git).map(|read| {
                inputs.baseline_revision = Some(read.revision);
                read.source
            }),
            _ => load::read_input(path, kind.file_advice()),
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
                as_the_default(path, &mut error);
            }
            with_command_hint(path, &mut error);
            ProfileRun::unchecked(path, &error, None)
        }
    }
}

/// A default profile that cannot be read says that it is the default, which a person who
/// named no file may not know.
fn as_the_default(path: &str, error: &mut InputError) {
    if let Some(problem) = error.problems.first_mut() {
        // Why the file cannot be opened, from the file system itself; a file that opens but
        // cannot be checked (empty, a directory, too large) keeps its own problem.
        if let Some(why) = load::unopenable(path) {
            problem.message = format!(
                "no profile was named, and the default `{DEFAULT_PROFILE}` cannot be read: {why}"
            );
        }
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

/// When the HTML report is written: `SOURCE_DATE_EPOCH` when it is set (a reproducible
/// page), else the system clock (a sign-off records when it was made).
fn generated() -> Result<Option<report::Generated>, String> {
    let epoch = std::env::var_os("SOURCE_DATE_EPOCH").map(|v| v.to_string_lossy().into_owned());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs());
    report::Generated::new(epoch.as_deref(), now)
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
