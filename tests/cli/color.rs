//! Colour follows `--color`, then NO_COLOR / CLICOLOR_FORCE, then the terminal.

use std::process::Command;

fn has_ansi(args: &[&str], env: &[(&str, &str)]) -> bool {
    let mut command = Command::new(env!("CARGO_BIN_EXE_profile-check"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run profile-check: {e}"),
    };
    assert_eq!(output.status.code(), Some(1), "the fixture fails the gate");
    output.stdout.contains(&0x1b)
}

const FAILING: &str = "tests/profiles/rules/live-contour-enabled.fail.yaml";

#[test]
fn always_wins_over_no_color() {
    assert!(has_ansi(
        &["--color", "always", FAILING],
        &[("NO_COLOR", "1")]
    ));
}

#[test]
fn never_wins_over_clicolor_force() {
    assert!(!has_ansi(
        &["--color", "never", FAILING],
        &[("CLICOLOR_FORCE", "1")]
    ));
}

#[test]
fn auto_is_plain_in_a_pipe() {
    assert!(!has_ansi(&[FAILING], &[]));
}

#[test]
fn auto_follows_clicolor_force_but_not_under_no_color() {
    assert!(has_ansi(&[FAILING], &[("CLICOLOR_FORCE", "1")]));
    assert!(!has_ansi(
        &[FAILING],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
}
