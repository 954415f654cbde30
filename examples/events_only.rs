//! The floor of the speed table: granit-parser, the parser `profile-check` reads YAML with,
//! draining the events of a file with their marks and building nothing. Timed as a whole
//! process beside the binary by `scripts/bench-binary.sh`.
//!
//! `cargo run --release --example events_only -- FILE` prints the number of events.

use std::process::ExitCode;

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: events_only FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut events = 0usize;
    for event in granit_parser::Parser::new_from_str(&text) {
        match event {
            Ok(_) => events += 1,
            Err(e) => {
                eprintln!("{path}: {e:?}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{events} events");
    ExitCode::SUCCESS
}
