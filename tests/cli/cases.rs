//! `tests/cmd/*.toml`: one case a file (arguments, exit code, working directory), with the
//! exact standard output and error beside it. `TRYCMD=overwrite cargo test` rewrites the
//! expected output after a deliberate change; review the diff before committing it.

#[test]
fn cli_cases() {
    let cases = trycmd::TestCases::new();
    // COLUMNS narrows the text report's table: the cases expect it unset (as a shell leaves
    // it, not exported), but for the one case that sets it.
    cases.env("NO_COLOR", "1").case("tests/cmd/*.toml");
    // SARIF names the repository root (`originalUriBaseIds`) as an absolute URI.
    let root = format!("file://{}/", env!("CARGO_MANIFEST_DIR"));
    if let Err(e) = cases.insert_var("[REPO_URI]", root) {
        panic!("{e}");
    }
}
// trycmd normalises `\` to `/` in the streams it compares, so an escaped control character
// such as `\u{1b}` reads `/u{1b}` in the `.stdout` files; `robustness.rs` asserts the exact
// bytes.
