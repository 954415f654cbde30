//! Load + rules + reports on profiles of 16 (the shipped one), 1,000, 10,000 and 40,000
//! modules. `cargo bench --bench check`; the whole-binary timings are
//! `scripts/bench-binary.sh`.

#[allow(dead_code)]
#[path = "../examples/synthetic.rs"]
mod synthetic;

use divan::Bencher;
use profile_check::cli::Format;
use profile_check::profile::Date;
use profile_check::report::Options;
use profile_check::source::Source;
use profile_check::{CheckRun, Inputs, check_source, report};

fn main() {
    divan::main();
}

const SIZES: [usize; 4] = [16, 1_000, 10_000, 40_000];

fn text_of(modules: usize) -> String {
    if modules == 16 {
        match std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/profiles/prod.yaml")) {
            Ok(text) => return text,
            Err(e) => panic!("{e}"),
        }
    }
    synthetic::profile(modules)
}

fn run(text: &str) -> CheckRun {
    let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
    let inputs = Inputs::none(today);
    let profile = check_source(
        Source::new("bench.yaml".to_owned(), text.to_owned()),
        &inputs,
    );
    assert!(profile.checked.is_some());
    CheckRun {
        profiles: vec![profile],
        strict: false,
    }
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn load_and_rules(bencher: Bencher, modules: usize) {
    let text = text_of(modules);
    bencher.bench(|| run(&text));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn text_report(bencher: Bencher, modules: usize) {
    let checked = run(&text_of(modules));
    bencher.bench(|| report::render(&checked, Format::Text, Options::default()));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn json_report(bencher: Bencher, modules: usize) {
    let checked = run(&text_of(modules));
    bencher.bench(|| report::render(&checked, Format::Json, Options::default()));
}

/// The floor: granit-parser draining the events of the same text, with their marks,
/// building nothing. What `load_and_rules` costs above this is the located tree, the
/// decoder and the rules.
#[divan::bench(args = SIZES, sample_count = 20)]
fn yaml_events_only(bencher: Bencher, modules: usize) {
    let text = text_of(modules);
    bencher.bench(|| {
        let events = granit_parser::Parser::new_from_str(&text)
            .map(|event| event.map(|(_, span)| span.end.index()))
            .try_fold(0usize, |n, end| end.map(|end| n.wrapping_add(end)));
        assert!(events.is_ok());
        events
    });
}
