//! Any bytes as a profile: load, every rule, every report format. It must not panic, and
//! it must fail closed: exit 0 only for a profile that loaded with no error finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_check::profile::Date;
use profile_check::report::{Format, Options};
use profile_check::{CheckRun, EXIT_INPUT, EXIT_PASS, Inputs, ProfileRun, check_source, load, report};

fuzz_target!(|data: &[u8]| {
    let today = Date::parse("2026-02-01").expect("a fixed date");
    let inputs = Inputs::none(today);
    let profile = match load::text("fuzz.yaml".to_owned(), data) {
        Ok(source) => check_source(source, &inputs),
        Err(error) => ProfileRun::unchecked("fuzz.yaml", &error, None),
    };
    let run = CheckRun {
        profiles: vec![profile],
        strict: false,
    };
    for format in Format::ALL {
        let text = report::render(&run, *format, Options::default());
        assert!(!text.is_empty());
    }
    let code = run.code();
    match &run.profiles[0].checked {
        None => assert_eq!(code, EXIT_INPUT),
        Some(_) if run.profiles[0].summary.errors > 0 => assert_ne!(code, EXIT_PASS),
        Some(_) => {}
    }
});
