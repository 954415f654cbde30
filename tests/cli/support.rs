//! What the CLI tests share: running the binary, reading files of the repository, and
//! scratch files for inputs too big to commit.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `profile-check ARGS` in the repository root, without colour or standard input.
pub fn run(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run profile-check: {e}"),
    }
}

/// Standard output of a run that must exit 0.
pub fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A file of the repository.
pub fn read(path: &str) -> String {
    match std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)) {
        Ok(text) => text,
        Err(e) => panic!("{path}: {e}"),
    }
}

/// A path in a scratch folder of this test process, with `contents` written to it.
pub fn scratch(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("profile-check-tests-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, contents) {
        panic!("cannot write {}: {e}", path.display());
    }
    path
}

/// Standard output of a run, parsed as JSON.
pub fn json(output: &Output) -> serde_json::Value {
    match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => panic!(
            "not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}
