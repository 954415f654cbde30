//! The syntax-error corpus: broken copies of `profiles/prod.yaml` under
//! `tests/profiles/syntax/`, each with a CLI case (`tests/cmd/syntax-*.toml`) whose expected
//! message names the key or character at fault, at its line and column, in the file's terms.

use std::path::Path;

use crate::support::{read, run};

/// Each broken copy: the line and column of the mistake, and what the message names.
const CORPUS: &[(&str, u32, u32, &str)] = &[
    (
        "document-key-indented",
        10,
        4,
        "`owner` is indented 3 spaces",
    ),
    (
        "item-at-top-level",
        37,
        1,
        "the item `- id: webinar-chat` is not indented",
    ),
    (
        "item-at-wrong-level",
        37,
        5,
        "the item `- id: webinar-chat` is indented 4 spaces",
    ),
    ("key-at-item-level", 38, 3, "`name` is indented 2 spaces"),
    (
        "key-indented-too-far",
        40,
        7,
        "`status` is indented 6 spaces; the other keys of this module (`webinar-chat`) are at 4",
    ),
    (
        "key-indented-too-little",
        40,
        4,
        "`status` is indented 3 spaces",
    ),
    ("missing-colon", 40, 5, "`status disabled` has no `:`"),
    (
        "no-space-after-colon",
        40,
        11,
        "`status:disabled` has no space after the `:`",
    ),
    ("tab-indentation", 40, 1, "line 40 is indented with a tab"),
    (
        "top-level-key-indented",
        12,
        2,
        "`contours` is indented 1 space",
    ),
    ("unclosed-bracket", 46, 12, "the bracket `[`"),
    ("unclosed-quote", 38, 11, "the quote `\"`"),
    ("unclosed-single-quote", 41, 12, "the quote `'`"),
    (
        "value-on-next-line-missing-colon",
        9,
        3,
        "`status PROCESS` has no `:`",
    ),
];

/// What the YAML parser says in its own terms; none of it reaches a person for these.
const PARSER_WORDS: [&str; 5] = [
    "mapping values are not allowed",
    "did not find expected",
    "simple key expected",
    "while scanning",
    "while parsing",
];

#[test]
fn every_broken_copy_is_named_at_its_line_and_column() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/profiles/syntax");
    let mut files: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
            .collect(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    files.sort();
    let listed: Vec<&str> = CORPUS.iter().map(|(name, ..)| *name).collect();
    assert_eq!(files, listed, "every broken copy is listed here");
    for (name, line, column, words) in CORPUS {
        let path = format!("tests/profiles/syntax/{name}.yaml");
        assert!(
            read(&format!("tests/cmd/syntax-{name}.toml")).contains(&format!("syntax/{name}.yaml")),
            "{name} has its CLI case"
        );
        let output = run(&["-q", &path]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.contains(words), "{name}: {first}");
        assert!(
            stderr.contains(&format!("--> {path}:{line}:{column}\n")),
            "{name} at {line}:{column}:\n{stderr}"
        );
        for parser in PARSER_WORDS {
            assert!(!stderr.contains(parser), "{name}: {stderr}");
        }
        assert!(!stderr.contains("schema profile"), "{name}: {stderr}");
    }
}

#[test]
fn a_module_error_shows_the_shape_of_a_module_in_three_lines() {
    let output = run(&["-q", "tests/profiles/syntax/key-indented-too-far.yaml"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let help: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.contains("help:"))
        .collect();
    assert!(help.len() >= 4, "{stderr}");
    assert!(help[1].trim_start().starts_with("- id: "), "{stderr}");
    assert!(help[2].trim_start().starts_with("name: "), "{stderr}");
    assert!(help[3].trim_start().starts_with("status: "), "{stderr}");
}
