//! The project's configuration, `profile-check.toml`: which profiles a repository checks,
//! and what each one is held against.
//!
//! ```toml
//! # Inputs every profile must have (`doc`, `baseline`, `waivers`, `runtime`): a profile
//! # without one is not checked (exit 2). Optional; a profile's own `require` replaces it.
//! require = ["doc", "baseline"]
//! # Warnings fail the gate too (`--strict`), wherever it runs: hook, terminal, CI.
//! strict = true
//!
//! # The reports of every run, as `--format`, `--table` and `--report` give them; the
//! # command line wins, format by format. Optional.
//! [report]
//! format = "text"                       # what standard output gets
//! table = "condensed"                   # the text report's table: full, condensed, none
//! [report.files]                        # FORMAT = FILE, written on every run
//! sarif = "target/profile-check.sarif"
//!
//! # What a release tag looks like: `git:latest-tag` is the nearest tag matching it
//! # before HEAD's release. Optional; `v[0-9]*` when unset.
//! release_tags = "v[0-9]*"
//!
//! [[profile]]
//! path = "profiles/prod.yaml"                  # required
//! doc = "profiles/RUNTIME_PROFILE_PROD.md"     # --doc
//! baseline = "git:latest-tag"                  # --baseline: a file, or git:REV
//! waivers = "profiles/waivers.yaml"            # --waivers
//! runtime = "deploy/runtime.yaml"              # --runtime
//!
//! # How a Kubernetes or Compose `runtime` maps its workloads to modules. Optional.
//! [runtime]
//! label = "app.kubernetes.io/name"     # the Kubernetes label whose value is a module id
//! compose_label = "profile-check.module"  # the Compose service label for the same
//! compose_profiles = ["prod"]          # Compose profiles switched on (`--compose-profile`)
//! ignore = ["DaemonSet/log-shipper"]   # workloads of no module: infrastructure
//!
//! [runtime.workloads]                  # module id → workloads that carry no label
//! webinar-chat = ["chat-api", "Deployment/chat-worker"]
//! ```
//!
//! Paths are relative to the directory of the configuration file, so the same file works
//! from any directory of the repository. The file is found by walking up from the current
//! directory to the root of the enclosing git repository ([`find`]).

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{InputError, Problem};
use crate::inputs::InputKind;
use crate::load::normalized;
use crate::profile::{Keyword, Located};
use crate::report::{Format, TableStyle};
use crate::source::{Source, Span, escape_controls};
use crate::suggest::{did_you_mean, nearest};

/// The configuration's file name.
pub const FILE_NAME: &str = "profile-check.toml";

/// The keys of the top level.
pub const TOP: &[&str] = &[
    "require",
    "release_tags",
    "strict",
    "report",
    "runtime",
    "profile",
];
/// The keys of the `[report]` table.
pub const REPORT: &[&str] = &["format", "table", "files"];
/// The keys of the `[runtime]` table.
pub const RUNTIME: &[&str] = &[
    "label",
    "compose_label",
    "compose_profiles",
    "ignore",
    "workloads",
];
/// The keys of a `[[profile]]` table: `path`, one per input ([`InputKind::INPUTS`]), and
/// `require`.
pub fn profile_keys() -> Vec<&'static str> {
    std::iter::once(InputKind::Profile.key())
        .chain(InputKind::INPUTS.iter().map(|kind| kind.key()))
        .chain(["require"])
        .collect()
}

/// One `[[profile]]` table.
#[derive(Debug, Clone)]
pub struct ProfileEntry {
    /// The profile, relative to the configuration's directory.
    pub path: Located<String>,
    /// The inputs it names, each under its key (`doc`, `baseline` — a path or `git:REV` —,
    /// `waivers`, `runtime`), in the order of [`InputKind::INPUTS`].
    pub inputs: Vec<(InputKind, Located<String>)>,
    /// The profile's own `require`, which replaces the top level's.
    pub require: Option<Vec<Located<InputKind>>>,
}

/// A configuration file, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, for snippets and the names of problems.
    pub source: Arc<Source>,
    /// The top level's `require`.
    pub require: Vec<Located<InputKind>>,
    /// The profiles, in file order.
    pub profiles: Vec<ProfileEntry>,
    /// `release_tags`: the glob a release tag matches.
    pub release_tags: Option<Located<String>>,
    /// `[runtime]`: how a Kubernetes or Compose runtime maps its workloads to modules.
    pub runtime: crate::load::runtime::Options,
    /// `strict` and `[report]`: how every run judges and reports, without flags.
    pub defaults: Defaults,
}

/// What the configuration sets for every run, so that the pre-commit hook, a terminal and
/// CI run one gate with no flags; the command line wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// `strict = true`: warnings fail the gate (`--strict`).
    pub strict: bool,
    /// `[report] format`: the report on standard output (`--format`).
    pub format: Option<Format>,
    /// `[report] table`: the text report's table (`--table`).
    pub table: Option<TableStyle>,
    /// `[report.files]`: a report in each format to its file (`--report FORMAT=FILE`), the
    /// paths relative to the configuration as written.
    pub files: Vec<(Format, Located<String>)>,
}

/// An input a profile must have, and where that was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// The input.
    pub input: InputKind,
    /// The configuration file and the `require` item, or `None` for `--require`.
    pub at: Option<(String, Span)>,
}

/// One profile to check, with its inputs as paths ready to read (relative to the current
/// directory, or `git:REV` for a baseline from git).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The profile.
    pub path: String,
    /// Each input it is held against and its path (or `git:REV`), in the order they are
    /// read: the order of the [`InputKind`] variants (the manifest, the baseline, the
    /// waivers, the document).
    pub inputs: Vec<(InputKind, String)>,
    /// The inputs it must have.
    pub require: Vec<Required>,
}

impl Plan {
    /// Whether the plan has `input`.
    pub fn has(&self, input: InputKind) -> bool {
        self.get(input).is_some()
    }

    /// The path (or `git:REV`) of `input`, when the plan has it.
    pub fn get(&self, input: InputKind) -> Option<&str> {
        self.inputs
            .iter()
            .find(|(kind, _)| *kind == input)
            .map(|(_, path)| path.as_str())
    }

    /// Holds the profile against `path` as `input`, in place of any path it had.
    pub fn set(&mut self, input: InputKind, path: String) {
        match self.inputs.iter_mut().find(|(kind, _)| *kind == input) {
            Some((_, slot)) => *slot = path,
            None => {
                let at = self.inputs.partition_point(|(kind, _)| *kind < input);
                self.inputs.insert(at, (input, path));
            }
        }
    }

    /// Each input and its path (or `git:REV`), in the order they are read: the manifest,
    /// the baseline, the waivers, the document.
    pub fn paths(&self) -> impl Iterator<Item = (InputKind, &str)> {
        self.inputs
            .iter()
            .map(|(kind, path)| (*kind, path.as_str()))
    }

    /// A required input the plan lacks, as the input error that stops its check: at the
    /// `require` item of the configuration, or on `--require`.
    pub fn missing(&self) -> Option<InputError> {
        let problems: Vec<(String, Problem)> = self
            .require
            .iter()
            .filter(|r| !self.has(r.input))
            .map(|r| {
                let message = format!(
                    "`{}` is to be checked against {}, and has none",
                    escape_controls(&self.path),
                    r.input.describe()
                );
                let flag = r.input.key();
                match &r.at {
                    Some((file, span)) => (
                        file.clone(),
                        Problem::at(*span, message).help(format!(
                            "add `{flag} = \"…\"` to the profile's [[profile]] table, or pass `--{flag} FILE`"
                        )),
                    ),
                    None => (
                        "--require".to_owned(),
                        Problem::whole(message).help(format!("pass `--{flag} FILE`")),
                    ),
                }
            })
            .collect();
        let (file, _) = problems.first()?;
        Some(InputError {
            path: file.clone(),
            problems: problems.iter().map(|(_, p)| p.clone()).collect(),
        })
    }
}

impl Config {
    /// The directory the configuration's paths are relative to, as a prefix to join them to
    /// (empty for the current directory).
    pub fn base(&self) -> &Path {
        Path::new(&self.source.name)
            .parent()
            .unwrap_or_else(|| Path::new(""))
    }

    /// Where a `git:` baseline finds the repository (the one that holds this file) and
    /// what a release tag is.
    pub fn git_settings(&self) -> crate::load::git::Settings {
        let dir = self.base();
        crate::load::git::Settings {
            start: Some(if dir.as_os_str().is_empty() {
                Path::new(".").to_path_buf()
            } else {
                dir.to_path_buf()
            }),
            release_tags: self.release_tags.as_ref().map_or_else(
                || crate::load::git::DEFAULT_RELEASE_TAGS.to_owned(),
                |t| t.value.clone(),
            ),
        }
    }

    /// The plan of `path`, a profile named on the command line: the configuration's entry
    /// for the same file when it lists one (reported under the name as given), else the
    /// profile alone under the top level's `require`.
    pub fn plan_for(&self, path: &str) -> Plan {
        let same =
            |planned: &str| match (std::fs::canonicalize(planned), std::fs::canonicalize(path)) {
                (Ok(a), Ok(b)) => a == b,
                _ => planned == path,
            };
        let listed = (path != "-")
            .then(|| self.plans().into_iter().find(|plan| same(&plan.path)))
            .flatten();
        match listed {
            Some(plan) => Plan {
                path: path.to_owned(),
                ..plan
            },
            None => Plan {
                path: path.to_owned(),
                require: self
                    .require
                    .iter()
                    .map(|r| Required {
                        input: r.value,
                        at: Some((self.source.name.clone(), r.span)),
                    })
                    .collect(),
                ..Plan::default()
            },
        }
    }

    /// The report files of `[report.files]`, each path joined to the configuration's
    /// directory.
    pub fn report_files(&self) -> Vec<(Format, String)> {
        let base = self.base();
        self.defaults
            .files
            .iter()
            .map(|(format, path)| {
                let path = normalized(&base.join(&path.value))
                    .to_string_lossy()
                    .into_owned();
                (*format, path)
            })
            .collect()
    }

    /// Every profile with its inputs, paths joined to the configuration's directory.
    pub fn plans(&self) -> Vec<Plan> {
        let base = self.base();
        let join = |p: &Located<String>| -> String {
            let mut path = normalized(&base.join(&p.value))
                .to_string_lossy()
                .into_owned();
            // `deploy/prod/` says a directory: the slash stays.
            if p.value.ends_with('/') && !path.ends_with('/') {
                path.push('/');
            }
            path
        };
        self.profiles
            .iter()
            .map(|entry| Plan {
                path: join(&entry.path),
                inputs: {
                    let mut inputs: Vec<(InputKind, String)> = entry
                        .inputs
                        .iter()
                        .map(|(kind, path)| (*kind, joined(*kind, path, join)))
                        .collect();
                    // Read in the order of the variants, whatever the order of the keys.
                    inputs.sort_by_key(|(kind, _)| *kind);
                    inputs
                },
                require: entry
                    .require
                    .as_ref()
                    .unwrap_or(&self.require)
                    .iter()
                    .map(|r| Required {
                        input: r.value,
                        at: Some((self.source.name.clone(), r.span)),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The path of input `kind` as given in the configuration, joined to the configuration's
/// directory by `join`.
fn joined(
    kind: InputKind,
    path: &Located<String>,
    join: impl Fn(&Located<String>) -> String,
) -> String {
    match kind {
        // `git:REV` names a revision, not a file: it reads the profile's own path.
        InputKind::Baseline if path.value.starts_with(crate::load::git::PREFIX) => {
            path.value.clone()
        }
        // `kubernetes:deploy/prod/`: the prefix stays in front of the joined path.
        InputKind::Runtime => match crate::load::runtime::split_prefix(&path.value) {
            (Some(format), rest) => format!(
                "{}:{}",
                format.as_str(),
                join(&Located::new(rest.to_owned(), path.span))
            ),
            (None, _) => join(path),
        },
        _ => join(path),
    }
}

/// The configuration that applies in `cwd`, as a path relative to it
/// (`profile-check.toml`, `../../profile-check.toml`): the nearest one from `cwd` up to
/// the root of the enclosing git repository (the directory holding `.git`). Outside a
/// git repository only `cwd` itself is looked at, so that a stray file higher up never
/// decides what a check does.
pub fn find(cwd: &Path) -> Option<String> {
    let in_git = cwd.ancestors().any(|dir| dir.join(".git").exists());
    let mut up = String::new();
    for dir in cwd.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return Some(format!("{up}{FILE_NAME}"));
        }
        if !in_git || dir.join(".git").exists() {
            return None;
        }
        up.push_str("../");
    }
    None
}

/// Reads and checks the configuration at `path`, with the limits of every input.
pub fn load(path: &str) -> Result<Config, InputError> {
    parse(Arc::new(crate::load::read(path)?))
}

/// Checks the configuration in `source`, reporting every problem at its line and column.
pub fn parse(source: Arc<Source>) -> Result<Config, InputError> {
    let fail = |source: &Source, mut problems: Vec<Problem>| {
        problems.sort_by_key(|p| p.span);
        InputError {
            path: source.name.clone(),
            problems,
        }
    };
    let root = match DeTable::parse(&source.text) {
        Ok(root) => root,
        Err(e) => {
            let message = e.message().trim_end().to_owned();
            let problem = match e.span() {
                Some(range) => Problem::at(span(&source.text, range), message),
                None => Problem::whole(message),
            }
            .help("see the TOML syntax at https://toml.io; `profile-check schema config` gives the keys");
            return Err(fail(&source, vec![problem]));
        }
    };
    let mut reader = Reader {
        text: &source.text,
        problems: Vec::new(),
        tree: Tree::of(&source.name),
    };
    let read = reader.config(root.get_ref());
    let problems = reader.problems;
    match read {
        Some((require, profiles, release_tags, runtime, defaults)) if problems.is_empty() => {
            Ok(Config {
                source,
                require,
                profiles,
                release_tags,
                runtime,
                defaults,
            })
        }
        _ => Err(fail(&source, problems)),
    }
}

/// The place of the bytes `range` of `text`: line, column and length in code points.
fn span(text: &str, range: Range<usize>) -> Span {
    let before = text.get(..range.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let len = text.get(range).map_or(0, |t| t.chars().count());
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    Span::new(n(line), n(column), n(len))
}

/// Reads the parsed TOML, collecting every problem.
struct Reader<'t> {
    text: &'t str,
    problems: Vec<Problem>,
    tree: Tree,
}

/// Where configured paths may lead: the configuration's directory, and the root of the
/// repository it belongs to (the directory holding `.git`, else its own directory), both
/// absolute and without `.` or `..`.
struct Tree {
    base: std::path::PathBuf,
    root: std::path::PathBuf,
}

impl Tree {
    fn of(config: &str) -> Self {
        let dir = Path::new(config).parent().unwrap_or_else(|| Path::new(""));
        let base = std::env::current_dir()
            .map(|cwd| normalized(&cwd.join(dir)))
            .unwrap_or_else(|_| normalized(dir));
        let root = crate::load::work_tree_of(&base)
            .unwrap_or(&base)
            .to_path_buf();
        Self { base, root }
    }
}

type Entries<'a, 'i> = HashMap<&'static str, &'a Spanned<DeValue<'i>>>;

/// What the top level gives: `require`, the profiles, `[runtime]`, `strict` and
/// `[report]`.
type ConfigParts = (
    Vec<Located<InputKind>>,
    Vec<ProfileEntry>,
    Option<Located<String>>,
    crate::load::runtime::Options,
    Defaults,
);

impl Reader<'_> {
    fn at(&self, range: Range<usize>) -> Span {
        span(self.text, range)
    }

    /// The known keys of `table` (of `what`), reporting the unknown ones.
    fn keys<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        what: &str,
        known: &[&'static str],
    ) -> Entries<'a, 'i> {
        let mut entries = HashMap::new();
        for (key, value) in table {
            let name: &str = key.get_ref();
            match known.iter().find(|k| **k == name) {
                Some(known_name) => {
                    entries.insert(*known_name, value);
                }
                None => {
                    let problem = Problem::at(
                        self.at(key.span()),
                        format!(
                            "unknown key `{}` in {what}{}",
                            escape_controls(name),
                            did_you_mean(name, known.iter().copied())
                        ),
                    )
                    .help(format!("{what} has the keys {}", quoted(known)));
                    self.problems.push(problem);
                }
            }
        }
        entries
    }

    fn config(&mut self, root: &DeTable<'_>) -> Option<ConfigParts> {
        let top = self.keys(root, "the configuration", TOP);
        let require = match top.get("require") {
            Some(value) => self.require(value),
            None => Some(Vec::new()),
        };
        let runtime = match top.get("runtime") {
            Some(value) => self.runtime(value),
            None => Some(crate::load::runtime::Options::default()),
        };
        let release_tags = top
            .get("release_tags")
            .map(|value| self.release_tags(value));
        let mut defaults = Defaults::default();
        if let Some(value) = top.get("strict") {
            match value.get_ref() {
                DeValue::Boolean(strict) => defaults.strict = *strict,
                other => self.problems.push(
                    Problem::at(
                        self.at(value.span()),
                        format!("`strict` must be true or false, found {}", other.type_str()),
                    )
                    .help("write `strict = true`: warnings fail the gate too, as `--strict`"),
                ),
            }
        }
        if let Some(value) = top.get("report") {
            self.report(value, &mut defaults);
        }
        let Some(list) = top.get("profile") else {
            self.problems.push(
                Problem::whole("the configuration names no profile").help(
                    "add a table `[[profile]]` with `path = \"profiles/prod.yaml\"` (`profile-check init` writes one)",
                ),
            );
            return None;
        };
        let DeValue::Array(tables) = list.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(list.span()),
                    format!(
                        "`profile` must be an array of tables, found {}",
                        list.get_ref().type_str()
                    ),
                )
                .help("write each profile as a table headed `[[profile]]`"),
            );
            return None;
        };
        let mut profiles = Vec::new();
        // Two spellings of one file (`./profiles/prod.yaml`, `profiles/prod.yaml`, a link)
        // are one profile: compared as normalised paths, and as files where they exist.
        let mut seen: Vec<(std::path::PathBuf, Option<std::path::PathBuf>, String, Span)> =
            Vec::new();
        for table in tables.iter() {
            let Some(entry) = self.profile(table) else {
                continue;
            };
            let lexical = normalized(&self.tree.base.join(&entry.path.value));
            let file = std::fs::canonicalize(&lexical).ok();
            let twice = seen.iter().find(|(other, other_file, _, _)| {
                *other == lexical || (file.is_some() && *other_file == file)
            });
            if let Some((_, _, first, at)) = twice {
                let first = if *first == entry.path.value {
                    String::new()
                } else {
                    format!(" as `{}`", escape_controls(first))
                };
                self.problems.push(
                    Problem::at(
                        entry.path.span,
                        format!(
                            "the profile `{}` is configured twice; the first is at line {}, column {}{first}",
                            escape_controls(&entry.path.value),
                            at.line,
                            at.column
                        ),
                    )
                    .help("keep one [[profile]] table per profile, with all its inputs and `require` in it"),
                );
                continue;
            }
            seen.push((lexical, file, entry.path.value.clone(), entry.path.span));
            profiles.push(entry);
        }
        if tables.is_empty() {
            self.problems.push(
                Problem::at(self.at(list.span()), "`profile` lists no profile")
                    .help("add `path = \"profiles/prod.yaml\"` under `[[profile]]`"),
            );
        }
        let release_tags = match release_tags {
            Some(read) => Some(read?),
            None => None,
        };
        Some((require?, profiles, release_tags, runtime?, defaults))
    }

    /// `release_tags = "v[0-9]*"`: a glob of tag names.
    fn release_tags(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Located<String>> {
        let at = self.at(value.span());
        let text = self.string("release_tags", value)?;
        match crate::load::git::check_pattern(&text) {
            Ok(()) => Some(Located::new(text, at)),
            Err(why) => {
                self.problems.push(
                    Problem::at(
                        at,
                        format!(
                            "the release tag pattern `{}` {why}",
                            escape_controls(&text)
                        ),
                    )
                    .help("write a glob such as \"v[0-9]*\" (`*`, `?` and `[…]` as git's `describe --match` reads them)"),
                );
                None
            }
        }
    }

    /// `[report]`: `format`, `table` and `[report.files]`.
    fn report(&mut self, value: &Spanned<DeValue<'_>>, defaults: &mut Defaults) {
        let DeValue::Table(table) = value.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(value.span()),
                    format!(
                        "`report` must be a table, found {}",
                        value.get_ref().type_str()
                    ),
                )
                .help("write it as a table headed `[report]`"),
            );
            return;
        };
        let entries = self.keys(table, "the [report] table", REPORT);
        let formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        if let Some(value) = entries.get("format") {
            defaults.format = self
                .word(value, "format", &formats)
                .and_then(|name| Format::ALL.iter().copied().find(|f| f.name() == name));
        }
        if let Some(value) = entries.get("table") {
            let styles: Vec<&str> = TableStyle::ALL.iter().map(|t| t.name()).collect();
            defaults.table = self
                .word(value, "table", &styles)
                .and_then(|name| TableStyle::ALL.iter().copied().find(|t| t.name() == name));
        }
        let Some(files) = entries.get("files") else {
            return;
        };
        let DeValue::Table(files) = files.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(files.span()),
                    format!("`files` must be a table, found {}", files.get_ref().type_str()),
                )
                .help("write it as `[report.files]` with `FORMAT = \"FILE\"` lines, e.g. `sarif = \"profile-check.sarif\"`"),
            );
            return;
        };
        let entries = self.keys(files, "the [report.files] table", &formats);
        for format in Format::ALL {
            let Some(value) = entries.get(format.name()) else {
                continue;
            };
            if let Some(path) = self.path(format.name(), value) {
                defaults.files.push((*format, path));
            }
        }
    }

    /// A string among `words`, the value of `key`.
    fn word<'w>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        words: &[&'w str],
    ) -> Option<&'w str> {
        let found = value.get_ref().as_str();
        if let Some(word) = found.and_then(|f| words.iter().find(|w| **w == f)) {
            return Some(word);
        }
        let message = match found {
            Some(text) => format!(
                "unknown {key} `{}`{}",
                escape_controls(text),
                did_you_mean(text, words.iter().copied())
            ),
            None => format!(
                "`{key}` must be a string, found {}",
                value.get_ref().type_str()
            ),
        };
        self.problems.push(
            Problem::at(self.at(value.span()), message)
                .help(format!("`{key}` is one of {}", quoted(words))),
        );
        None
    }

    /// `[runtime]`: the workload mapping of Kubernetes and Compose runtimes.
    fn runtime(&mut self, value: &Spanned<DeValue<'_>>) -> Option<crate::load::runtime::Options> {
        let DeValue::Table(table) = value.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(value.span()),
                    format!(
                        "`runtime` must be a table, found {}",
                        value.get_ref().type_str()
                    ),
                )
                .help("write it as a table headed `[runtime]`"),
            );
            return None;
        };
        let before = self.problems.len();
        let entries = self.keys(table, "the [runtime] table", RUNTIME);
        let mut options = crate::load::runtime::Options::default();
        if let Some(label) = entries.get("label").and_then(|v| self.string("label", v)) {
            options.mapping.label = label;
        }
        if let Some(label) = entries
            .get("compose_label")
            .and_then(|v| self.string("compose_label", v))
        {
            options.mapping.compose_label = label;
        }
        if let Some(list) = entries
            .get("compose_profiles")
            .and_then(|v| self.strings("compose_profiles", v))
        {
            options.compose_profiles = list;
        }
        if let Some(list) = entries
            .get("ignore")
            .and_then(|v| self.strings("ignore", v))
        {
            options.mapping.ignore = list;
        }
        if let Some(value) = entries.get("workloads") {
            match value.get_ref() {
                DeValue::Table(map) => {
                    for (module, names) in map {
                        let id: &str = module.get_ref();
                        if !crate::load::decode::is_kebab_case(id) {
                            self.problems.push(
                                Problem::at(
                                    self.at(module.span()),
                                    format!(
                                        "`{}` in [runtime.workloads] is not a module id (kebab-case)",
                                        escape_controls(id)
                                    ),
                                )
                                .help("each key is a module id of the profile, e.g. `webinar-chat`"),
                            );
                            continue;
                        }
                        if let Some(list) = self.strings(id, names) {
                            options.mapping.workloads.insert(id.to_owned(), list);
                        }
                    }
                }
                other => self.problems.push(
                    Problem::at(
                        self.at(value.span()),
                        format!("`workloads` must be a table, found {}", other.type_str()),
                    )
                    .help(
                        "write it as `[runtime.workloads]` with `module-id = [\"workload\"]` lines",
                    ),
                ),
            }
        }
        (self.problems.len() == before).then_some(options)
    }

    /// A non-empty string value of `key`.
    fn string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) if !text.trim().is_empty() => Some(text.to_string()),
            other => {
                self.problems.push(
                    Problem::at(
                        self.at(value.span()),
                        format!(
                            "`{key}` must be a non-empty string, found {}",
                            other.type_str()
                        ),
                    )
                    .help(format!("write `{key} = \"…\"`")),
                );
                None
            }
        }
    }

    /// An array of non-empty strings, the value of `key`.
    fn strings(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
        let help = format!("write `{} = [\"…\", \"…\"]`", escape_controls(key));
        let DeValue::Array(items) = value.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(value.span()),
                    format!(
                        "`{}` must be an array of strings, found {}",
                        escape_controls(key),
                        value.get_ref().type_str()
                    ),
                )
                .help(help),
            );
            return None;
        };
        let before = self.problems.len();
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) if !text.trim().is_empty() => out.push(text.to_string()),
                other => self.problems.push(
                    Problem::at(
                        self.at(item.span()),
                        format!(
                            "an item of `{}` must be a non-empty string, found {}",
                            escape_controls(key),
                            other.type_str()
                        ),
                    )
                    .help(help.clone()),
                ),
            }
        }
        (self.problems.len() == before).then_some(out)
    }

    fn profile(&mut self, table: &Spanned<DeValue<'_>>) -> Option<ProfileEntry> {
        let DeValue::Table(fields) = table.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(table.span()),
                    format!(
                        "a profile must be a table, found {}",
                        table.get_ref().type_str()
                    ),
                )
                .help("write each profile as a table headed `[[profile]]`"),
            );
            return None;
        };
        let what = "a [[profile]] table";
        let entries = self.keys(fields, what, &profile_keys());
        let path = |reader: &mut Self, key: &str| {
            entries.get(key).and_then(|value| reader.path(key, value))
        };
        let found = path(self, InputKind::Profile.key());
        let inputs: Vec<(InputKind, Located<String>)> = InputKind::INPUTS
            .into_iter()
            .filter_map(|kind| Some((kind, path(self, kind.key())?)))
            .collect();
        let require = entries.get("require").map(|value| self.require(value));
        let Some(found) = found else {
            if !entries.contains_key("path") {
                let problem =
                    Problem::at(self.at(table.span()), "a [[profile]] table has no `path`")
                        .help("add `path = \"profiles/prod.yaml\"`: the profile to check");
                self.problems.push(problem);
            }
            return None;
        };
        Some(ProfileEntry {
            path: found,
            inputs,
            require: match require {
                Some(list) => Some(list?),
                None => None,
            },
        })
    }

    /// A path value: a non-empty string.
    fn path(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<Located<String>> {
        let at = self.at(value.span());
        let help = match key {
            "path" => {
                "the profile to check, relative to profile-check.toml, e.g. \"profiles/prod.yaml\""
            }
            "baseline" => {
                "a profile file relative to profile-check.toml, or `git:REV` (`git:latest-tag`) for the same profile at a git revision"
            }
            _ => "a file relative to profile-check.toml",
        };
        match value.get_ref() {
            DeValue::String(text) if !text.trim().is_empty() => {
                match outside_the_tree(key, text, &self.tree) {
                    None => Some(Located::new(text.to_string(), at)),
                    Some(why) => {
                        self.problems.push(
                            Problem::at(at, format!("`{key}` {why}")).help(
                                "a configured path names a file of this repository, relative to profile-check.toml; pass a file from elsewhere on the command line",
                            ),
                        );
                        None
                    }
                }
            }
            DeValue::String(_) => {
                self.problems
                    .push(Problem::at(at, format!("`{key}` is empty")).help(help.to_owned()));
                None
            }
            other => {
                self.problems.push(
                    Problem::at(
                        at,
                        format!("`{key}` must be a string, found {}", other.type_str()),
                    )
                    .help(help.to_owned()),
                );
                None
            }
        }
    }

    /// `require = ["doc", "baseline"]`.
    fn require(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<Located<InputKind>>> {
        let help = format!("`require` lists inputs among {}", InputKind::accepted());
        let DeValue::Array(items) = value.get_ref() else {
            self.problems.push(
                Problem::at(
                    self.at(value.span()),
                    format!(
                        "`require` must be an array, found {}",
                        value.get_ref().type_str()
                    ),
                )
                .help(help),
            );
            return None;
        };
        let before = self.problems.len();
        let mut inputs: Vec<Located<InputKind>> = Vec::new();
        for item in items.iter() {
            let at = self.at(item.span());
            let Some(word) = item.get_ref().as_str() else {
                self.problems.push(
                    Problem::at(
                        at,
                        format!(
                            "an item of `require` must be a string, found {}",
                            item.get_ref().type_str()
                        ),
                    )
                    .help(help.clone()),
                );
                continue;
            };
            match InputKind::parse(word) {
                Some(input) => {
                    if let Some(first) = inputs.iter().find(|i| i.value == input) {
                        self.problems.push(
                            Problem::at(
                                at,
                                format!(
                                    "`{}` is required twice; the first is at line {}, column {}",
                                    input.key(),
                                    first.span.line,
                                    first.span.column
                                ),
                            )
                            .help("keep one of the two"),
                        );
                    } else {
                        inputs.push(Located::new(input, at));
                    }
                }
                None => {
                    let names: Vec<&str> = InputKind::INPUTS.iter().map(|i| i.key()).collect();
                    let hint = nearest(word, names.iter().copied())
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                    self.problems.push(
                        Problem::at(
                            at,
                            format!(
                                "unknown input `{}` in `require`{hint}",
                                escape_controls(word)
                            ),
                        )
                        .help(help.clone()),
                    );
                }
            }
        }
        (self.problems.len() == before).then_some(inputs)
    }
}

/// Why a configured path may not be read, if it may not: the configuration comes with the
/// repository (a pull request can change it), so its paths stay inside the repository — no
/// absolute path, nothing above the repository's root, no standard input. (A symbolic link
/// inside the tree that leads out of it is refused where every input is read.)
fn outside_the_tree(key: &str, text: &str, tree: &Tree) -> Option<&'static str> {
    if key == "baseline" && text.starts_with(crate::load::git::PREFIX) {
        return None;
    }
    let path = match key {
        "runtime" => crate::load::runtime::split_prefix(text).1,
        _ => text,
    };
    if path == "-" {
        return Some("is `-` (standard input): a configured input is a file");
    }
    if Path::new(path).has_root() || Path::new(path).is_absolute() {
        return Some("is an absolute path: configured paths are relative to profile-check.toml");
    }
    // The repository's own files (its configuration may hold a token) are no input.
    if crate::load::names_a_git_directory(Path::new(path)) {
        return Some("names a path inside `.git`, the repository's own files");
    }
    let mut at = tree.base.clone();
    for component in Path::new(path).components() {
        match component {
            std::path::Component::ParentDir => {
                at.pop();
                if !at.starts_with(&tree.root) {
                    return Some("leads out of the repository");
                }
            }
            std::path::Component::Normal(name) => at.push(name),
            _ => {}
        }
    }
    None
}

/// `` `a`, `b`, `c` ``.
fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// Parses `--require doc,baseline`.
pub fn parse_require(value: &str) -> Result<Vec<InputKind>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|word| {
            InputKind::parse(word).ok_or_else(|| {
                let names: Vec<&str> = InputKind::INPUTS.iter().map(|i| i.key()).collect();
                format!(
                    "unknown input `{word}`{}; the inputs are {}",
                    did_you_mean(word, names.iter().copied()),
                    InputKind::accepted()
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, InputError> {
        parse(Arc::new(Source::new("profile-check.toml", text)))
    }

    /// Each problem as `line:column: message`.
    fn problems(text: &str) -> Vec<String> {
        match config(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e
                .problems
                .iter()
                .map(|p| match p.span {
                    Some(s) => format!("{}:{}: {}", s.line, s.column, p.message),
                    None => p.message.clone(),
                })
                .collect(),
        }
    }

    const FULL: &str = "require = [\"doc\", \"baseline\"]\n\n[[profile]]\npath = \"profiles/prod.yaml\"\n\
                        doc = \"profiles/RUNTIME_PROFILE_PROD.md\"\nbaseline = \"git:latest-tag\"\n\
                        waivers = \"profiles/waivers.yaml\"\nruntime = \"deploy/runtime.yaml\"\n\n\
                        [[profile]]\npath = \"profiles/stage.yaml\"\nrequire = []\n";

    #[test]
    fn reads_every_key() {
        let Ok(config) = config(FULL) else {
            panic!("{FULL}")
        };
        let plans = config.plans();
        assert_eq!(plans.len(), 2);
        let prod = plans.first().cloned().unwrap_or_default();
        assert_eq!(prod.path, "profiles/prod.yaml");
        assert_eq!(
            prod.get(InputKind::Doc),
            Some("profiles/RUNTIME_PROFILE_PROD.md")
        );
        assert_eq!(prod.get(InputKind::Baseline), Some("git:latest-tag"));
        assert_eq!(prod.get(InputKind::Waivers), Some("profiles/waivers.yaml"));
        assert_eq!(prod.get(InputKind::Runtime), Some("deploy/runtime.yaml"));
        assert_eq!(
            prod.require,
            [
                Required {
                    input: InputKind::Doc,
                    at: Some(("profile-check.toml".to_owned(), Span::new(1, 12, 5)))
                },
                Required {
                    input: InputKind::Baseline,
                    at: Some(("profile-check.toml".to_owned(), Span::new(1, 19, 10)))
                },
            ]
        );
        assert_eq!(prod.missing(), None);
        // A profile's own `require` replaces the top level's.
        let stage = plans.get(1).cloned().unwrap_or_default();
        assert_eq!(stage.require, []);
        assert_eq!(stage.missing(), None);
    }

    #[test]
    fn configured_paths_stay_inside_the_repository() {
        for (text, why) in [
            ("path = \"/proc/self/environ\"", "is an absolute path"),
            (
                "path = \"../../../../../../../../../../etc/passwd\"",
                "leads out of the repository",
            ),
            ("path = \"-\"", "standard input"),
            ("path = \".git/config\"", "names a path inside `.git`"),
            ("path = \"sub/.GIT/config\"", "names a path inside `.git`"),
        ] {
            let found = problems(&format!("[[profile]]\n{text}\n"));
            assert!(
                found
                    .iter()
                    .any(|p| p.starts_with("2:8: `path` ") && p.contains(why)),
                "{text}: {found:?}"
            );
        }
        let inside = "[[profile]]\npath = \"profiles/../profiles/prod.yaml\"\n\
                      runtime = \"kubernetes:deploy/prod/\"\nbaseline = \"git:v1.2.0\"\n";
        assert!(config(inside).is_ok(), "{inside}");
        let outside = "[[profile]]\npath = \"p.yaml\"\nruntime = \"kubernetes:/etc\"\n";
        assert!(config(outside).is_err(), "{outside}");
    }

    #[test]
    fn the_runtime_table_gives_the_workload_mapping() {
        let text = "[runtime]\nlabel = \"app\"\ncompose_profiles = [\"prod\"]\n\
                    ignore = [\"DaemonSet/log-shipper\"]\n[runtime.workloads]\n\
                    webinar-chat = [\"chat-api\"]\n[[profile]]\npath = \"p.yaml\"\n";
        let Ok(config) = config(text) else {
            panic!("{text}")
        };
        let options = config.runtime;
        assert_eq!(options.mapping.label, "app");
        assert_eq!(options.mapping.compose_label, "profile-check.module");
        assert_eq!(options.compose_profiles, ["prod"]);
        assert_eq!(options.mapping.ignore, ["DaemonSet/log-shipper"]);
        assert_eq!(
            options.mapping.workloads.get("webinar-chat").cloned(),
            Some(vec!["chat-api".to_owned()])
        );
        assert_eq!(
            problems("[runtime]\nlabel = 3\n[[profile]]\npath = \"p.yaml\"\n"),
            ["2:9: `label` must be a non-empty string, found integer"]
        );
    }

    #[test]
    fn paths_are_relative_to_the_configuration() {
        let text = "[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"doc.md\"\n\
                    baseline = \"old.yaml\"\n";
        let Ok(config) = parse(Arc::new(Source::new("../../profile-check.toml", text))) else {
            panic!("{text}")
        };
        let plan = config.plans().into_iter().next().unwrap_or_default();
        assert_eq!(plan.path, "../../profiles/prod.yaml");
        assert_eq!(plan.get(InputKind::Doc), Some("../../doc.md"));
        assert_eq!(plan.get(InputKind::Baseline), Some("../../old.yaml"));
    }

    #[test]
    fn a_missing_required_input_is_an_error_at_the_requirement() {
        let text = "require = [\"doc\"]\n[[profile]]\npath = \"p.yaml\"\n";
        let Ok(config) = config(text) else {
            panic!("{text}")
        };
        let plan = config.plans().into_iter().next().unwrap_or_default();
        let Some(error) = plan.missing() else {
            panic!("no error")
        };
        assert_eq!(
            error.to_string(),
            "profile-check.toml:1:12: `p.yaml` is to be checked against the Markdown source \
             (`doc`, `--doc`), and has none"
        );
    }

    #[test]
    fn unknown_keys_and_values_are_located_with_a_suggestion() {
        let text = "requires = [\"doc\"]\n[[profile]]\npath = \"p.yaml\"\ndocs = \"d.md\"\n\
                    require = [\"basline\", 3]\nwaivers = 1\n";
        assert_eq!(
            problems(text),
            [
                "1:1: unknown key `requires` in the configuration; did you mean `require`?",
                "4:1: unknown key `docs` in a [[profile]] table; did you mean `doc`?",
                "5:12: unknown input `basline` in `require`; did you mean `baseline`?",
                "5:23: an item of `require` must be a string, found integer",
                "6:11: `waivers` must be a string, found integer",
            ]
        );
    }

    #[test]
    fn a_profile_needs_a_path_and_appears_once() {
        assert_eq!(
            problems("[[profile]]\ndoc = \"d.md\"\n"),
            ["1:1: a [[profile]] table has no `path`"]
        );
        assert_eq!(
            problems("[[profile]]\npath = \"p.yaml\"\n[[profile]]\npath = \"p.yaml\"\n"),
            ["4:8: the profile `p.yaml` is configured twice; the first is at line 2, column 8"]
        );
        // Two spellings of one file are one profile: the second is refused, so that a
        // profile named on the command line cannot take the entry without its inputs.
        assert_eq!(
            problems(
                "[[profile]]\npath = \"./profiles/prod.yaml\"\n[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"d.md\"\nrequire = [\"doc\"]\n"
            ),
            [
                "4:8: the profile `profiles/prod.yaml` is configured twice; the first is at line 2, column 8 as `./profiles/prod.yaml`"
            ]
        );
        assert_eq!(
            problems("[[profile]]\npath = \"a/../p.yaml\"\n[[profile]]\npath = \"p.yaml\"\n"),
            [
                "4:8: the profile `p.yaml` is configured twice; the first is at line 2, column 8 as `a/../p.yaml`"
            ]
        );
        assert_eq!(
            problems("require = []\n"),
            ["the configuration names no profile"]
        );
        assert_eq!(
            problems("profile = \"p.yaml\"\n"),
            ["1:11: `profile` must be an array of tables, found string"]
        );
        assert_eq!(
            problems("[[profile]]\npath = \"  \"\n"),
            ["2:8: `path` is empty"]
        );
    }

    #[test]
    fn a_syntax_error_is_located() {
        let found = problems("[[profile]]\npath = \"p.yaml\npath = 1\n");
        assert_eq!(found.len(), 1);
        assert!(found.iter().all(|p| p.starts_with("2:")), "{found:?}");
        let found = problems("[[profile]]\npath = \"a\"\npath = \"b\"\n");
        assert!(found.iter().all(|p| p.starts_with("3:")), "{found:?}");
    }

    #[test]
    fn the_command_line_list_is_checked() {
        assert_eq!(
            parse_require("doc, baseline"),
            Ok(vec![InputKind::Doc, InputKind::Baseline])
        );
        assert_eq!(
            parse_require("docs"),
            Err(
                "unknown input `docs`; did you mean `doc`?; the inputs are `doc`, `baseline`, \
                 `waivers` or `runtime`"
                    .to_owned()
            )
        );
    }

    /// A directory tree under the system's temporary directory, removed on drop.
    struct Tree(std::path::PathBuf);

    impl Tree {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "profile-check-config-{name}-{}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            if let Err(e) = std::fs::create_dir_all(dir.join("a/b")) {
                panic!("{e}");
            }
            Self(dir)
        }

        fn touch(&self, path: &str) {
            if let Err(e) = std::fs::create_dir_all(self.0.join(path).parent().unwrap_or(&self.0))
                .and_then(|()| std::fs::write(self.0.join(path), ""))
            {
                panic!("{e}");
            }
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn found_up_to_the_git_root_and_no_further() {
        let tree = Tree::new("git");
        tree.touch("profile-check.toml");
        tree.touch("a/.git/HEAD");
        let deep = tree.0.join("a/b");
        // The repository is `a`: the file above it does not count.
        assert_eq!(find(&deep), None);
        tree.touch("a/profile-check.toml");
        assert_eq!(find(&deep).as_deref(), Some("../profile-check.toml"));
        tree.touch("a/b/profile-check.toml");
        assert_eq!(find(&deep).as_deref(), Some("profile-check.toml"));
    }

    #[test]
    fn outside_git_only_the_current_directory_counts() {
        let tree = Tree::new("plain");
        tree.touch("profile-check.toml");
        let deep = tree.0.join("a/b");
        // Assumes no `.git` above the system's temporary directory.
        if deep.ancestors().any(|d| d.join(".git").exists()) {
            println!("skipped: the temporary directory is inside a git repository");
            return;
        }
        assert_eq!(find(&deep), None);
        assert_eq!(find(&tree.0).as_deref(), Some("profile-check.toml"));
    }

    #[test]
    fn the_release_tag_pattern_is_a_glob() {
        let profile = "[[profile]]\npath = \"p.yaml\"\n";
        assert_eq!(
            problems(&format!("release_tags = \"v[0-9\"\n{profile}")),
            ["1:16: the release tag pattern `v[0-9` has a `[` that is not closed"]
        );
        assert_eq!(
            problems(&format!("release_tags = 3\n{profile}")),
            ["1:16: `release_tags` must be a non-empty string, found integer"]
        );
        let Ok(config) = config(&format!("release_tags = \"release-*\"\n{profile}")) else {
            panic!("release-*");
        };
        assert_eq!(config.git_settings().release_tags, "release-*");
        let Ok(config) = config_default() else {
            panic!("default");
        };
        assert_eq!(config.git_settings().release_tags, "v[0-9]*");
    }

    fn config_default() -> Result<Config, InputError> {
        config("[[profile]]\npath = \"p.yaml\"\n")
    }

    #[test]
    fn paths_are_normalised_keeping_what_leads_up() {
        let cases = [
            ("./profiles/prod.yaml", "profiles/prod.yaml"),
            ("a/./b/../c.yaml", "a/c.yaml"),
            ("../../profiles/prod.yaml", "../../profiles/prod.yaml"),
            (
                "config/../../../profiles/prod.yaml",
                "../../profiles/prod.yaml",
            ),
            ("a/..", "."),
            ("/abs/./x/../y", "/abs/y"),
        ];
        for (path, want) in cases {
            assert_eq!(normalized(Path::new(path)), Path::new(want), "{path}");
        }
    }

    #[test]
    fn a_runtime_prefix_stays_in_front_of_the_joined_path() {
        let text = "[[profile]]\npath = \"prod.yaml\"\nruntime = \"kubernetes:deploy/prod/\"\n";
        let source = Arc::new(Source::new("repo/profile-check.toml", text));
        let Ok(config) = parse(source) else {
            panic!("{text}")
        };
        let runtimes: Vec<Option<String>> = config
            .plans()
            .iter()
            .map(|p| p.get(InputKind::Runtime).map(str::to_owned))
            .collect();
        assert_eq!(runtimes, [Some("kubernetes:repo/deploy/prod/".to_owned())]);
    }
}
