//! Fail closed: whatever the input, exit 2 with a clear error and no panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::{run as profile_check, scratch};

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/yaml-test-suite");
    let Ok(entries) = std::fs::read_dir(&root) else {
        panic!("missing {}", root.display())
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path().join("in.yaml"))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn assert_input_error(path: &str, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{path}: exit code\n{stdout}\n{stderr}"
    );
    assert!(
        stderr.starts_with("error: "),
        "{path}: no error on stderr:\n{stderr}"
    );
    assert!(
        stderr.contains(path),
        "{path}: the error names the file:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{path}: panicked:\n{stderr}");
    assert!(
        stdout.starts_with("ERROR "),
        "{path}: no ERROR verdict:\n{stdout}"
    );
}

#[test]
fn every_yaml_test_suite_input_is_an_input_error() {
    let files = corpus();
    assert_eq!(files.len(), 402, "the whole corpus is there");
    for file in &files {
        let path = file.to_string_lossy();
        assert_input_error(&path, &profile_check(&["-q", &path]));
    }
}

#[test]
fn the_corpus_in_one_run_reports_every_file_in_json() {
    let files = corpus();
    let mut args = vec!["--format".to_owned(), "json".to_owned()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = profile_check(&args);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => panic!("the JSON report does not parse: {e}"),
    };
    assert_eq!(report["passed"], false);
    let Some(profiles) = report["profiles"].as_array() else {
        panic!("no profiles array")
    };
    assert_eq!(profiles.len(), files.len());
    for profile in profiles {
        assert_eq!(profile["passed"], false, "{}", profile["path"]);
        assert!(
            profile["error"]["message"].is_string(),
            "{}",
            profile["path"]
        );
        assert_eq!(
            profile["findings"],
            serde_json::json!([]),
            "{}",
            profile["path"]
        );
    }
}

#[test]
fn a_file_over_8_mib_is_refused_before_parsing() {
    let line = "# padding padding padding padding padding padding padding padding\n";
    let text = line.repeat(9 * 1024 * 1024 / line.len() + 1);
    let path = scratch("huge.yaml", format!("profile: PROD\n{text}"));
    let shown = path.to_string_lossy();
    let output = profile_check(&[&shown]);
    assert_input_error(&shown, &output);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("over the limit of 8388608 bytes (8 MiB)")
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn standard_input_over_8_mib_is_refused() {
    use std::io::Write;
    let mut child = match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(["-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!("cannot run profile-check: {e}"),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The tool stops reading at the limit; a write error after that is expected.
        let _ = stdin.write_all(&vec![b'#'; 9 * 1024 * 1024]);
    }
    let output = match child.wait_with_output() {
        Ok(output) => output,
        Err(e) => panic!("{e}"),
    };
    assert_input_error("<stdin>", &output);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("more than 8388608 bytes (8 MiB), the limit")
    );
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let path = "tests/profiles/control-chars-in-values.yaml";
    for format in ["text", "json"] {
        let output = profile_check(&["--color", "never", "--format", format, path]);
        assert_eq!(output.status.code(), Some(0), "{format}");
        let stray: Vec<u8> = output
            .stdout
            .iter()
            .copied()
            .filter(|b| *b < 0x20 && *b != b'\n' || *b == 0x7f)
            .collect();
        assert_eq!(stray, b"", "{format}: control bytes in the report");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            !text.contains('\u{202e}'),
            "{format}: bidi override passed through"
        );
    }
    let text = profile_check(&["--color", "never", path]);
    assert!(String::from_utf8_lossy(&text.stdout).contains(r"Core \u{1b}[31mred"));
}

#[test]
fn a_huge_scalar_is_read_and_reported_without_flooding_the_terminal() {
    let text = format!("profile: [\"{}\"]\n", "x".repeat(7 * 1024 * 1024));
    let path = scratch("huge-scalar.yaml", text);
    let shown = path.to_string_lossy();
    let output = profile_check(&[&shown]);
    assert_input_error(&shown, &output);
    assert!(
        output.stderr.len() < 4096,
        "the snippet is cropped: {} bytes",
        output.stderr.len()
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn more_nodes_than_the_limit_is_an_input_error() {
    let items = "a,".repeat(profile_check::load::limits::MAX_NODES);
    let path = scratch("many-nodes.yaml", format!("profile: [{items}]\n"));
    let shown = path.to_string_lossy();
    let output = profile_check(&[&shown]);
    assert_input_error(&shown, &output);
    assert!(String::from_utf8_lossy(&output.stderr).contains("more than 400000 nodes"));
    let _ = std::fs::remove_file(&path);
}
