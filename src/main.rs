//! `profile-check`: parse the command line, run, write what the run produced, exit.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use profile_check::EXIT_INPUT;
use profile_check::cli::{Cli, Color};

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let choice = match cli.color() {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    let output = profile_check::run(cli);
    let mut code = output.code;
    let mut stderr = output.stderr;
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    // The report must reach its reader: a full disk or a broken device is exit 2 with a
    // word on standard error. A closed pipe (`| head`) is the reader's choice, not an
    // error of the check: it stays quiet, and the exit code still tells.
    match out
        .write_all(output.stdout.as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            stderr.push_str(&format!(
                "error: cannot write the report to standard output: {e}\n"
            ));
            code = EXIT_INPUT;
        }
        _ => {}
    }
    let _ =
        anstream::AutoStream::new(std::io::stderr().lock(), choice).write_all(stderr.as_bytes());
    ExitCode::from(code)
}
