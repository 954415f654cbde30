//! `tests/cmd/*.toml`: one case a file (arguments, exit code, working directory), with the
//! exact standard output and error beside it. `TRYCMD=overwrite cargo test` rewrites the
//! expected output after a deliberate change; review the diff before committing it.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
// trycmd normalises `\` to `/` in the streams it compares, so an escaped control character
// such as `\u{1b}` reads `/u{1b}` in the `.stdout` files; `robustness.rs` asserts the exact
// bytes.
