//! The exit codes, the gate's contract with CI (SPEC §1): every command ends in one of them.

/// Exit code: every profile passed.
pub const EXIT_PASS: u8 = 0;
/// Exit code: the rules found an error (or a warning under `--strict`).
pub const EXIT_FAIL: u8 = 1;
/// Exit code: some input could not be checked.
pub const EXIT_INPUT: u8 = 2;
