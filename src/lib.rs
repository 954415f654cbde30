//! `profile-check`: the pre-release gate for the Webinars PROD runtime profile.
//!
//! One pipeline: [`load`] (bytes → located YAML → [`profile::Profile`]) → [`rules::run`]
//! (→ [`finding::Finding`]s) → [`check`] (→ one [`diagnostic::Diagnostic`] stream and a
//! verdict per profile) → [`report`] → exit code. [`commands`] holds one file per
//! subcommand; the library never prints: [`commands::run`] returns what to print and the
//! exit code. `CONTRIBUTING.md` has the module map.

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod escape;
pub mod exit;
pub mod finding;
pub mod fix;
pub mod graph;
pub mod inputs;
pub mod layers;
pub mod load;
pub mod profile;
pub mod report;
pub mod rule_id;
pub mod rules;
pub mod schema;
pub mod server;
pub mod source;
pub mod suggest;
pub mod transcribe;

pub use check::{CheckRun, Checked, ProfileRun, Summary, Verdict, check_path, check_source};
pub use commands::{Output, run};
pub use exit::{EXIT_FAIL, EXIT_INPUT, EXIT_PASS};
pub use inputs::{Inputs, Loaded};
