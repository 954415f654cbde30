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
pub mod finding;
pub mod fix;
pub mod graph;
pub mod inputs;
pub mod load;
pub mod profile;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod suggest;
pub mod transcribe;

pub use check::{
    CheckRun, Checked, EXIT_FAIL, EXIT_INPUT, EXIT_PASS, ProfileRun, Summary, Verdict, check_path,
    check_source,
};
pub use commands::{Output, run};
pub use inputs::{Inputs, Loaded};
