//! `profile-check`: parse the command line, run, write what the run produced, exit.

use std::io::Write;
use std::process::ExitCode;

use profile_check::cli::{Cli, Color};

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let choice = match cli.color() {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    let output = profile_check::run(cli);
    // A closed pipe (`| head`) is not an error of the check: the exit code still tells.
    let _ = anstream::AutoStream::new(std::io::stdout().lock(), choice)
        .write_all(output.stdout.as_bytes());
    let _ = anstream::AutoStream::new(std::io::stderr().lock(), choice)
        .write_all(output.stderr.as_bytes());
    ExitCode::from(output.code)
}
