//! `profile-check server`: the Language Server over standard input and output
//! ([`crate::server`]), running the gate as `check` with no profile named plans it.

use super::Output;
use crate::exit::{EXIT_FAIL, EXIT_INPUT};
use crate::profile::Date;

/// Serves the editor until it sends `exit` or closes standard input.
pub fn run() -> Output {
    match crate::server::serve_stdio(&gate) {
        Ok(true) => Output::default(),
        // `exit` without `shutdown`: LSP asks for exit code 1.
        Ok(false) => Output {
            code: EXIT_FAIL,
            ..Output::default()
        },
        Err(message) => Output::stderr(format!("error: {message}\n"), EXIT_INPUT),
    }
}

/// One run of the gate as the server makes it: every profile of the configuration found
/// from the working directory with its inputs, as `check` with no profile named (the
/// server lays the editor's buffers over the files around it).
pub fn gate() -> crate::server::Gate {
    // The day is read at each run: a server left open over midnight judges waivers
    // against the new day, as a `check` run then would.
    match Date::today() {
        Some(today) => super::check::check_all(today),
        None => no_date(),
    }
}

/// A run on a system whose clock gives no date: nothing is checked, and the editor shows
/// why at the top of the configuration.
fn no_date() -> crate::server::Gate {
    let problem = crate::error::Problem::whole(
        crate::error::ProblemKind::Unreadable,
        "the system clock gives no date",
    )
    .help("set the system's clock: waivers are judged against today");
    let error = crate::error::InputError::one("profile-check.toml", problem);
    crate::server::Gate {
        config: None,
        profiles: vec![crate::server::Held {
            path: "profile-check.toml".to_owned(),
            source: None,
            run: crate::check::ProfileRun::unchecked("profile-check.toml", &error, None),
            inputs: None,
        }],
    }
}
