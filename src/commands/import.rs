//! `profile-check import DOC.md`: the Markdown profile transcribed into YAML, on standard
//! output.

use super::Output;
use crate::exit::EXIT_INPUT;
use crate::{load, report, transcribe};

/// Reads the document at `path` and prints its transcription.
pub fn run(path: &str) -> Output {
    let source = match load::read(path) {
        Ok(source) => source,
        Err(e) => return Output::stderr(report::input_error(&e, None), EXIT_INPUT),
    };
    match load::doc(&source) {
        Ok(doc) => Output::stdout(transcribe::to_yaml(&doc, &source.name)),
        Err(e) => Output::stderr(report::input_error(&e, Some(&source)), EXIT_INPUT),
    }
}
