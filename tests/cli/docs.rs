//! The README says what the code does: its rule table is the registry's.

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = match std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")) {
        Ok(text) => text,
        Err(e) => panic!("cannot read README.md: {e}"),
    };
    let table = profile_check::commands::markdown_table();
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

/// Every `<!-- output: ARGS -->` block of the README holds what `profile-check ARGS`
/// prints (standard output, then standard error). `README_OVERWRITE=1 cargo test --test
/// cli readme` rewrites the blocks after a deliberate change; review the diff.
#[test]
fn readme_examples_are_what_the_binary_prints() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => panic!("cannot read README.md: {e}"),
    };
    let marker = "<!-- output: ";
    let mut rewritten = String::with_capacity(readme.len());
    let mut stale = Vec::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find(marker) {
        let (before, from_marker) = rest.split_at(at);
        rewritten.push_str(before);
        let Some(end_of_marker) = from_marker.find(" -->\n") else {
            panic!("unclosed output marker");
        };
        let args = &from_marker[marker.len()..end_of_marker];
        let after_marker = &from_marker[end_of_marker + " -->\n".len()..];
        let Some(block_end) = after_marker.find("\n```\n") else {
            panic!("no code block after the marker for `{args}`");
        };
        let current = &after_marker[..block_end + "\n```\n".len()];
        let output = match std::process::Command::new(env!("CARGO_BIN_EXE_profile-check"))
            .args(args.split_whitespace())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
        {
            Ok(output) => output,
            Err(e) => panic!("{e}"),
        };
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // `<!-- output:  -->` is the run with no arguments.
        let command = format!("profile-check {args}");
        let expected = format!(
            "```text\n$ {}\n{}\n```\n",
            command.trim_end(),
            printed.trim_end()
        );
        if current != expected {
            stale.push(args.to_owned());
        }
        rewritten.push_str(&from_marker[..end_of_marker + " -->\n".len()]);
        rewritten.push_str(&expected);
        rest = &after_marker[block_end + "\n```\n".len()..];
    }
    rewritten.push_str(rest);
    if std::env::var_os("README_OVERWRITE").is_some() {
        if let Err(e) = std::fs::write(path, &rewritten) {
            panic!("{e}");
        }
        return;
    }
    assert!(
        stale.is_empty(),
        "README.md examples out of date (README_OVERWRITE=1 cargo test --test cli readme rewrites them): {stale:?}"
    );
}
