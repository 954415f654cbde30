//! The command layer: one file per subcommand under `src/commands/`, each turning its
//! command-line arguments into a call of the library and the library's answer into an
//! [`Output`]. The only place besides `cli.rs` that knows the command line.

mod catalogue;
mod check;
mod completions;
mod diff;
mod fix;
mod graph;
mod import;
mod init;
mod manual;
mod schema;
mod server;

pub use catalogue::markdown_table;
pub use server::gate as server_gate;

use crate::cli::{Cli, Command};

/// What a command produced: text for standard output and standard error, and the exit
/// code. The library never prints; `main` writes this.
#[derive(Debug, Default)]
pub struct Output {
    /// The report (may carry ANSI styles; the caller strips them where colour is off).
    pub stdout: String,
    /// Input and usage errors.
    pub stderr: String,
    /// 0, 1 or 2.
    pub code: u8,
}

impl Output {
    /// Text for standard output, exit 0.
    fn stdout(text: String) -> Self {
        Self {
            stdout: text,
            ..Self::default()
        }
    }

    /// Text for standard error, with `code`.
    fn stderr(text: String, code: u8) -> Self {
        Self {
            stderr: text,
            code,
            ..Self::default()
        }
    }
}

/// Runs the command line.
pub fn run(cli: Cli) -> Output {
    match cli.command {
        None => check::run(&cli.check, cli.global),
        Some(Command::Init) => {
            let mut output = init::run();
            if cli.global.quiet && output.code == 0 {
                output.stdout.clear();
            }
            output
        }
        Some(Command::Check(args)) => check::run(&args, cli.global),
        Some(Command::Rules { format }) => Output::stdout(catalogue::list(format)),
        Some(Command::Explain { rule }) => catalogue::explain(&rule),
        Some(Command::Diff { old, new, format }) => diff::run(&old, new.as_deref(), format),
        Some(Command::Import { doc, update: None }) => import::run(&doc),
        Some(Command::Import {
            doc,
            update: Some(yaml),
        }) => fix::update_from_doc(&doc, &yaml),
        Some(Command::Schema { kind }) => Output::stdout(schema::render(kind)),
        Some(Command::Completions { shell }) => Output::stdout(completions::render(shell)),
        Some(Command::Man { command, dir }) => manual::run(command.as_deref(), dir.as_deref()),
        Some(Command::Graph(args)) => graph::run(&args),
        Some(Command::Server { stdio: _ }) => server::run(),
    }
}
