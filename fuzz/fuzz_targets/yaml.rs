//! Any text through the YAML layer alone: the located tree (one document and streams) and
//! the decoders of every YAML format. It must not panic, and every position it reports must be a line the line index
//! has, with its column inside that line (or just past its end): the parser and the line
//! index count lines the same way, lone CRs included.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use profile_check::error::InputError;
use profile_check::load;
use profile_check::profile::Date;
use profile_check::source::Source;

fn check_positions(source: &Source, error: &InputError) {
    for problem in &error.problems {
        let Some(span) = problem.span else { continue };
        let line = source.line(span.line).unwrap_or_else(|| {
            panic!("{problem:?} points past the last line of {:?}", source.text)
        });
        let width = u32::try_from(line.chars().count()).unwrap_or(u32::MAX);
        assert!(
            span.column >= 1 && span.column <= width.saturating_add(1),
            "{problem:?} points past the end of line {:?}",
            line
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = load::text("fuzz.yaml".to_owned(), data) else {
        return;
    };
    if let Err(error) = load::profile(&source) {
        check_positions(&source, &error);
    }
    let source = Arc::new(source);
    // A manifest, Kubernetes manifests (a stream of documents) or a Compose file.
    if let Err(error) = load::runtime(&source) {
        check_positions(&source, &error);
    }
    let today = Date::parse("2026-02-01").expect("a fixed date");
    if let Err(error) = load::waivers(&source, today) {
        check_positions(&source, &error);
    }
});
