//! Any bytes as the Markdown profile (`import`, `--doc`): it must not panic, and what it
//! reads must transcribe into a profile that loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_check::{load, transcribe};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = load::text("fuzz.md".to_owned(), data) else {
        return;
    };
    if let Ok(doc) = load::doc(&source) {
        let yaml = transcribe::to_yaml(&doc, "fuzz.md");
        let again = profile_check::source::Source::new("imported.yaml".to_owned(), yaml);
        if let Err(e) = load::profile(&again) {
            panic!("import wrote a profile that does not load:\n{e}\n{}", again.text);
        }
    }
});
