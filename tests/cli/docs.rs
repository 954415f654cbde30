//! The README says what the code does: its rule table is the registry's.

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = match std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")) {
        Ok(text) => text,
        Err(e) => panic!("cannot read README.md: {e}"),
    };
    let table = profile_check::report::catalogue::markdown_table();
    let begin = "<!-- rules:begin -->\n";
    let end = "<!-- rules:end -->";
    let (Some(start), Some(stop)) = (readme.find(begin), readme.find(end)) else {
        panic!("README.md has no rules:begin / rules:end markers");
    };
    let current = readme.get(start + begin.len()..stop).unwrap_or_default();
    assert!(
        current == table,
        "README.md's rule table is out of date; replace it with:\n\n{table}"
    );
}
