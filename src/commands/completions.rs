//! `profile-check completions SHELL`: a completion script, from the command line's own
//! definition.

use clap::CommandFactory;

use crate::cli::Cli;

/// The completion script for `shell`.
pub fn render(shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "profile-check", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}
