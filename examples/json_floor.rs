//! The floor of the streaming benchmark for JSON: one serde_json pass over a file that
//! builds nothing (`serde::de::IgnoredAny`), read through a buffer as the gate reads it.
//! Timed as a whole process beside the binary by `scripts/bench-stream.sh`.
//!
//! `cargo run --release --example json_floor -- FILE`

use std::io::BufReader;
use std::process::ExitCode;

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: json_floor FILE");
        return ExitCode::from(2);
    };
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let reader = BufReader::with_capacity(64 * 1024, file);
    match serde_json::from_reader::<_, serde::de::IgnoredAny>(reader) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(1)
        }
    }
}
