//! The command line (SPEC §2).

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Pre-release gate for the Webinars PROD runtime profile.
///
/// Loads the YAML transcription of the runtime profile, enforces the canonical rules and
/// reports every finding at file:line:column. Exit codes: 0 every profile passed, 1 a rule
/// found an error (or a warning under --strict), 2 some input could not be checked.
#[derive(Debug, Parser)]
#[command(
    name = "profile-check",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; with none, `check`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `check`'s options, so that `profile-check profiles/prod.yaml` works.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check profiles against the rules (the default command).
    Check(CheckArgs),
    /// List every rule: id, severity, when it runs, summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explain one rule in full: why it exists, what fails, how to fix it.
    Explain {
        /// The rule id, e.g. `event-flow`.
        rule: String,
    },
}

/// Options of `check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Profile files; `-` reads standard input. None given: `profiles/prod.yaml`.
    #[arg(value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Warnings fail the gate too.
    #[arg(long)]
    pub strict: bool,
    /// Colour: `auto` only on a terminal and never under NO_COLOR; `always`/`never` win
    /// over NO_COLOR and CLICOLOR.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// Text format: findings and the verdict only, no header and no table.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Report formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: header, module table, findings with snippets, verdict.
    Text,
    /// One stable JSON document (`"version": 1`).
    Json,
}

/// Formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// A JSON array.
    Json,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Cli {
    /// The colour choice in force, wherever on the line it was given.
    pub fn color(&self) -> Color {
        match &self.command {
            Some(Command::Check(args)) => args.color,
            _ => self.check.color,
        }
    }
}
