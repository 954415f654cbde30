//! `check --fix` and `--diff` on real files: what changes (only the lines the fixes name),
//! what stays (comments, CRLF, permissions), and what is refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::read;

/// A fresh directory of this test, with `.git` so that it is a repository root.
fn repository(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("profile-check-fix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(dir.join(".git")) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

fn contents(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `profile-check ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run profile-check: {e}"),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The lines of `before` missing from `after`, in order (the fixes only remove lines of
/// these profiles).
fn removed_lines(before: &str, after: &str) -> Vec<String> {
    let mut after = after.split_inclusive('\n').peekable();
    let mut removed = Vec::new();
    for line in before.split_inclusive('\n') {
        if after.peek() == Some(&line) {
            after.next();
        } else {
            removed.push(line.to_owned());
        }
    }
    assert_eq!(after.next(), None, "nothing is added");
    removed
}

const FIX: [&str; 5] = ["check", "--fix", "-q", "--today", "2026-02-01"];

#[test]
fn drifted_keeps_only_the_broken_event_flow_and_every_comment() {
    let dir = repository("drifted");
    let path = dir.join("drifted.yaml");
    let original = read("examples/drifted.yaml");
    write(&path, &original);
    let output = run_in(&dir, &[&FIX[..], &["drifted.yaml"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(report.matches("error[").count(), 1, "{report}");
    assert!(report.contains("error[event-flow]"), "{report}");
    let fixed = contents(&path);
    assert_eq!(
        removed_lines(&original, &fixed),
        [
            "    active: true\n",
            "  - client-webinar-attendance-service\n"
        ]
    );
    assert_eq!(original.matches('#').count(), fixed.matches('#').count());
    // A second `--fix` changes nothing and says nothing was fixed.
    let again = run_in(&dir, &[&FIX[..], &["drifted.yaml"]].concat());
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(contents(&path), fixed);
    assert!(!stderr(&again).contains("fixed:"), "{}", stderr(&again));
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_crlf_profile_stays_crlf_byte_for_byte() {
    let dir = repository("crlf");
    let path = dir.join("prod.yaml");
    let original = read("examples/drifted.yaml").replace('\n', "\r\n");
    write(&path, &original);
    let output = run_in(&dir, &[&FIX[..], &["prod.yaml"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let fixed = contents(&path);
    let expected = original
        .replace("    active: true\r\n", "")
        .replace("  - client-webinar-attendance-service\r\n", "");
    assert_eq!(fixed, expected);
}

#[test]
fn diff_writes_nothing_and_exits_with_the_fixed_verdict() {
    let dir = repository("diff");
    let path = dir.join("prod.yaml");
    let original = read("examples/drifted.yaml");
    write(&path, &original);
    let output = run_in(
        &dir,
        &["check", "--diff", "--today", "2026-02-01", "prod.yaml"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(contents(&path), original);
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.starts_with("--- a/prod.yaml\n+++ b/prod.yaml\n@@ -37,7 +37,6 @@\n"),
        "{diff}"
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('-') && !l.starts_with("---"))
            .count(),
        2
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        0
    );
    // A profile with nothing to fix: an empty diff, and its own verdict.
    write(&path, &read("profiles/prod.yaml"));
    let output = run_in(&dir, &["check", "--diff", "prod.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repository("mode");
    let path = dir.join("prod.yaml");
    write(&path, &read("examples/drifted.yaml"));
    if let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)) {
        panic!("{e}");
    }
    let output = run_in(&dir, &[&FIX[..], &["prod.yaml"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o640));
}

#[cfg(unix)]
#[test]
fn links_and_files_outside_the_repository_are_refused_unwritten() {
    let outside = repository("outside");
    let target = outside.join("prod.yaml");
    let original = read("examples/drifted.yaml");
    write(&target, &original);
    let dir = repository("inside");
    // A symbolic link in the repository, to a file outside it.
    let link = dir.join("linked.yaml");
    if let Err(e) = std::os::unix::fs::symlink(&target, &link) {
        panic!("{e}");
    }
    let output = run_in(&dir, &[&FIX[..], &["linked.yaml"]].concat());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a symbolic link"),
        "{}",
        stderr(&output)
    );
    // A path that leads out of the repository.
    let path = target.to_string_lossy().into_owned();
    let output = run_in(&dir, &[&FIX[..], &[path.as_str()]].concat());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("outside the repository"),
        "{}",
        stderr(&output)
    );
    assert_eq!(contents(&target), original);
    assert!(output.stdout.is_empty(), "nothing was checked");
}

#[test]
fn a_profile_that_cannot_be_read_is_not_touched_and_fails_closed() {
    let dir = repository("broken");
    let path = dir.join("prod.yaml");
    let broken = "profile: PROD\nmodules: [\n";
    write(&path, broken);
    let output = run_in(&dir, &[&FIX[..], &["prod.yaml"]].concat());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(contents(&path), broken);
}

#[test]
fn explain_and_rules_say_which_rules_have_a_safe_fix() {
    let output = crate::support::stdout(&["explain", "disabled-inactive"]);
    assert!(output.contains("Fix: safe"), "{output}");
    assert!(output.contains("check --fix"), "{output}");
    let output = crate::support::stdout(&["explain", "event-flow"]);
    assert!(!output.contains("Fix: safe"), "{output}");
}

/// A patch is printed byte for byte, so a profile line that reads as a workflow command
/// (`notes` are the pull request's) would be one in the log of a GitHub Actions job: there
/// the patch is put between `::stop-commands::TOKEN` and `::TOKEN::`, and nowhere else.
#[test]
fn a_patch_with_a_command_line_is_paused_for_the_runner() {
    let dir = repository("diff-runner");
    let path = dir.join("prod.yaml");
    let text = read("profiles/prod.yaml").replace(
        "    status: disabled\n    notes: Чат не входит в MVP runtime.\n",
        "    status: disabled\n    active: true\n    notes: |\n      ::error file=prod.yaml,line=1::forged\n",
    );
    write(&path, &text);
    let run = |actions: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_profile-check"));
        command
            .args(["check", "--diff", "prod.yaml"])
            .current_dir(&dir)
            .env_remove("GITHUB_ACTIONS")
            .stdin(Stdio::null());
        if let Some(value) = actions {
            command.env("GITHUB_ACTIONS", value);
        }
        match command.output() {
            Ok(output) => output,
            Err(e) => panic!("cannot run profile-check: {e}"),
        }
    };
    let plain = run(None);
    let patch = String::from_utf8_lossy(&plain.stdout).into_owned();
    assert!(patch.starts_with("--- a/prod.yaml\n"), "{patch}");
    assert!(
        patch.contains("\n       ::error file=prod.yaml,line=1::forged\n"),
        "{patch}"
    );
    let under_actions = run(Some("true"));
    assert_eq!(under_actions.status.code(), plain.status.code());
    let paused = String::from_utf8_lossy(&under_actions.stdout);
    let lines: Vec<&str> = paused.lines().collect();
    let token = lines
        .first()
        .and_then(|l| l.strip_prefix("::stop-commands::"))
        .unwrap_or_default();
    assert!(!token.is_empty(), "{paused}");
    assert_eq!(lines.last().copied(), Some(format!("::{token}::").as_str()));
    assert_eq!(
        lines.get(1..lines.len() - 1).map(|l| l.join("\n") + "\n"),
        Some(patch)
    );
}

/// `--diff` checks nothing after it: a profile it cannot fix because it cannot be read says
/// why, as the check after `--fix` does.
#[test]
fn diff_says_why_a_profile_cannot_be_checked() {
    let dir = repository("diff-broken");
    write(&dir.join("broken.yaml"), "profile: PROD\nmodules: [\n");
    let output = run_in(&dir, &["check", "--diff", "--no-config", "broken.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let shown = stderr(&output);
    assert!(
        shown.starts_with(
            "error: the bracket `[` that opens the value of `modules` is not closed on its line\n --> broken.yaml:2:10\n"
        ),
        "{shown}"
    );
    let missing = run_in(&dir, &["check", "--diff", "--no-config", "missing.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    let shown = stderr(&missing);
    assert!(shown.contains("missing.yaml"), "{shown}");
}
