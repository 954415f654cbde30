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

/// The JSON value of a YAML document, as a schema-aware editor or a CI runner sees it: read
/// straight from the parser's events, independently of the tool's own tree.
pub fn yaml(text: &str) -> serde_json::Value {
    use granit_parser::{Event, Parser, ScalarStyle};
    use serde_json::Value;
    enum Open {
        Seq(Vec<Value>),
        Map(serde_json::Map<String, Value>, Option<String>),
    }
    fn add(stack: &mut [Open], done: &mut Option<Value>, value: Value) {
        match stack.last_mut() {
            None => *done = Some(value),
            Some(Open::Seq(items)) => items.push(value),
            Some(Open::Map(map, key)) => match key.take() {
                None => *key = Some(value.as_str().map_or(value.to_string(), str::to_owned)),
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut done = None;
    for event in Parser::new_from_str(text) {
        let (event, _) = match event {
            Ok(event) => event,
            Err(e) => panic!("{e:?}"),
        };
        let value = match event {
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(serde_json::Map::new(), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(items)) => Value::Array(items),
                Some(Open::Map(map, _)) => Value::Object(map),
                None => panic!("unbalanced events"),
            },
            Event::Scalar(text, ScalarStyle::Plain, ..) => match &*text {
                "" | "~" | "null" => Value::Null,
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => other
                    .parse::<i64>()
                    .map_or_else(|_| Value::String(other.to_owned()), Value::from),
            },
            Event::Scalar(text, ..) => Value::String(text.into_owned()),
            _ => continue,
        };
        add(&mut stack, &mut done, value);
    }
    done.unwrap_or(Value::Null)
}

/// An empty scratch folder of its own for a test that works with paths.
pub fn empty_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("profile-check-tests-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

/// Writes `text` to `path`, making its folder first.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = std::fs::write(path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// Runs `profile-check ARGS` in `dir`, without colour or standard input.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
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
