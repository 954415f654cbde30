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

mod find;
mod plan;
mod read;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Arc;

pub use find::find;
pub use plan::{Plan, Required};
pub use read::{load, parse, parse_require};

use crate::inputs::InputKind;
use crate::profile::Located;
use crate::report::{Format, TableStyle};
use crate::source::Source;

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
}
