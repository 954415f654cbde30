//! `profile-check server` as an editor starts it: the binary over real pipes. The raw
//! frames no client library would write (not JSON, not a message, parameters of the
//! wrong shape) are answered with JSON-RPC errors and the session goes on; and the
//! pytest-lsp suite (`tests/lsp/`), a real LSP client, runs where Python has it (`.ci/run`
//! installs it into a cache folder and names its Python in `PROFILE_CHECK_PYTHON`).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_profile-check");

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads one frame's message.
fn message(out: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        match out.read_line(&mut line) {
            Ok(0) | Err(_) => panic!("the server closed its output"),
            Ok(_) => {}
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    if let Err(e) = out.read_exact(&mut body) {
        panic!("{e}");
    }
    serde_json::from_slice(&body).unwrap_or(Value::Null)
}

#[test]
fn raw_malformed_frames_are_answered_and_the_server_keeps_serving() {
    let dir = crate::support::empty_dir("server-raw");
    let child = Command::new(BINARY)
        .arg("server")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!("{e}"),
    };
    let (Some(mut input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
        panic!("no pipes");
    };
    let mut output = BufReader::new(output);
    let mut send = |bytes: &[u8]| {
        if let Err(e) = input.write_all(bytes).and_then(|()| input.flush()) {
            panic!("{e}");
        }
    };
    send(&frame("{not json"));
    assert_eq!(message(&mut output)["error"]["code"], -32700);
    send(&frame(
        r#"{"jsonrpc":"2.0","id":{"a":1},"method":"initialize"}"#,
    ));
    let invalid = message(&mut output);
    assert_eq!(invalid["error"]["code"], -32600);
    assert!(invalid["id"].is_null());
    // A header with no length, and a length far over the limit with no body behind it
    // yet: the first is answered; the second is skipped as its bytes arrive.
    send(b"Content-Type: x\r\n\r\n");
    assert_eq!(message(&mut output)["error"]["code"], -32700);
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}}});
    send(&frame(&initialize.to_string()));
    let answer = message(&mut output);
    assert_eq!(answer["id"], 1);
    assert_eq!(
        answer["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    send(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    send(&frame(
        r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":{"textDocument":[]}}"#,
    ));
    let bad = message(&mut output);
    assert_eq!(
        (bad["id"].clone(), bad["error"]["code"].clone()),
        (json!(2), json!(-32602))
    );
    send(&frame(
        r#"{"jsonrpc":"2.0","id":3,"method":"workspace/nonsense"}"#,
    ));
    assert_eq!(message(&mut output)["error"]["code"], -32601);
    send(&frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#));
    let shutdown = message(&mut output);
    assert_eq!(shutdown["id"], 4);
    assert!(shutdown["error"].is_null(), "{shutdown}");
    send(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let status = child.wait();
    assert!(matches!(status, Ok(s) if s.success()), "{status:?}");
}

#[test]
fn a_client_that_leaves_without_exit_ends_the_server() {
    let child = Command::new(BINARY)
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!("{e}"),
    };
    drop(child.stdin.take());
    let status = child.wait();
    assert!(matches!(status, Ok(s) if s.success()), "{status:?}");
}

/// The Python that has pytest-lsp: `PROFILE_CHECK_PYTHON`, else `python3`; `Err` says
/// why the client tests cannot run here.
fn python_with_pytest_lsp() -> Result<String, String> {
    let python = std::env::var("PROFILE_CHECK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let probe = Command::new(&python)
        .args(["-c", "import pytest, pytest_lsp, lsprotocol"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Ok(status) if status.success() => Ok(python),
        Ok(_) => Err(format!(
            "{python} cannot import pytest-lsp (`.ci/run` installs it, pinned, into a cache venv and sets PROFILE_CHECK_PYTHON)"
        )),
        Err(e) => Err(format!("{python} cannot be run: {e}")),
    }
}

#[test]
fn a_real_lsp_client_drives_the_server() {
    let python = match python_with_pytest_lsp() {
        Ok(python) => python,
        Err(reason) => {
            println!("skipped: {reason}");
            return;
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = crate::support::empty_dir("server-pytest");
    let (out_path, err_path) = (dir.join("stdout"), dir.join("stderr"));
    let (Ok(out), Ok(err)) = (
        std::fs::File::create(&out_path),
        std::fs::File::create(&err_path),
    ) else {
        panic!("cannot create {}", dir.display());
    };
    let child = Command::new(python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lsp"])
        .current_dir(root)
        .env("PROFILE_CHECK_BIN", BINARY)
        // No __pycache__ left in the repository.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!("{e}"),
    };
    // Each wait of the suite is bounded; this bounds the whole, should a request hang.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the pytest-lsp suite did not finish in 300 s:\n{}",
                    std::fs::read_to_string(&out_path).unwrap_or_default()
                );
            }
            Err(e) => panic!("{e}"),
        }
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(
        status.success(),
        "pytest-lsp suite failed:\n{stdout}\n{}",
        std::fs::read_to_string(&err_path).unwrap_or_default()
    );
    assert!(stdout.contains(" passed"), "{stdout}");
}
