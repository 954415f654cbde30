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

/// A server over real pipes, started in `cwd`.
struct Session {
    child: std::process::Child,
    input: std::process::ChildStdin,
    output: BufReader<std::process::ChildStdout>,
    next: i64,
}

impl Session {
    fn start(cwd: &Path) -> Self {
        let child = Command::new(BINARY)
            .arg("server")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => panic!("{e}"),
        };
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            panic!("no pipes");
        };
        Self {
            child,
            input,
            output: BufReader::new(output),
            next: 0,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        if let Err(e) = self
            .input
            .write_all(bytes)
            .and_then(|()| self.input.flush())
        {
            panic!("{e}");
        }
    }

    fn send(&mut self, value: &Value) {
        self.raw(&frame(&value.to_string()));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its answer; what comes before it is kept in `seen`.
    fn request(&mut self, method: &str, params: Value, seen: &mut Vec<Value>) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = message(&mut self.output);
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
            seen.push(m);
        }
    }

    /// Initialises the session on the workspace folders `roots` (the first is the root).
    fn initialize(&mut self, roots: &[&Path]) {
        let folders: Vec<Value> = roots
            .iter()
            .map(|r| json!({"uri": uri(r), "name": "w"}))
            .collect();
        let root = roots.first().map(|r| uri(r));
        let answer = self.request(
            "initialize",
            json!({"capabilities": {}, "rootUri": root, "workspaceFolders": folders}),
            &mut Vec::new(),
        );
        assert!(answer["result"].is_object(), "{answer}");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    /// The last diagnostics published for each URI once every message sent so far is
    /// handled (a request round-trips behind them).
    fn diagnostics(&mut self) -> std::collections::BTreeMap<String, Vec<Value>> {
        let mut seen = Vec::new();
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nonexistent"}, "position": {"line": 0, "character": 0}}),
            &mut seen,
        );
        let mut out = std::collections::BTreeMap::new();
        for m in seen {
            if m["method"] == "textDocument/publishDiagnostics" {
                let list = m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                out.insert(
                    m["params"]["uri"].as_str().unwrap_or_default().to_owned(),
                    list,
                );
            }
        }
        out
    }

    /// `shutdown` and `exit`; the exit status.
    fn end(mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null, &mut Vec::new());
        self.notify("exit", Value::Null);
        match self.child.wait() {
            Ok(status) => status,
            Err(e) => panic!("{e}"),
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A workspace in `dir`: the shipped profile and its document, and a configuration.
fn workspace(dir: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["prod.yaml", "RUNTIME_PROFILE_PROD.md"] {
        let text = std::fs::read_to_string(root.join("profiles").join(name)).unwrap_or_default();
        crate::support::write(&dir.join("profiles").join(name), &text);
    }
    crate::support::write(
        &dir.join("profile-check.toml"),
        "[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"profiles/RUNTIME_PROFILE_PROD.md\"\nrequire = [\"doc\"]\n",
    );
    std::fs::read_to_string(dir.join("profiles/prod.yaml")).unwrap_or_default()
}

/// The profile with a disabled module switched on (rule `disabled-inactive`).
fn switched_on(profile: &str) -> String {
    let bad = profile.replacen(
        "    status: disabled\n",
        "    status: disabled\n    active: true\n",
        1,
    );
    assert_ne!(bad, profile);
    bad
}

fn codes(list: Option<&Vec<Value>>) -> Vec<String> {
    list.map(|l| {
        l.iter()
            .map(|d| d["code"].as_str().unwrap_or("-").to_owned())
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn a_workspace_reached_through_a_symbolic_link_sees_its_buffers() {
    let dir = crate::support::empty_dir("server-symlink-root");
    let real = dir.join("real");
    let profile = workspace(&real);
    let link = dir.join("link");
    if let Err(e) = std::os::unix::fs::symlink(&real, &link) {
        panic!("{e}");
    }
    let mut session = Session::start(&dir);
    session.initialize(&[&link]);
    let opened = uri(&link.join("profiles/prod.yaml"));
    session.open(&opened, &switched_on(&profile));
    let found = session.diagnostics();
    assert_eq!(
        codes(found.get(&opened)),
        ["disabled-inactive"],
        "{found:?}"
    );
    // Nothing under the resolved path the client never named.
    assert!(found.keys().all(|u| !u.contains("/real/")), "{found:?}");
    // The same file open under a second URI; closing that one keeps the first's text.
    let alias = format!(
        "file://localhost{}",
        link.join("profiles/prod.yaml").display()
    );
    session.open(&alias, &switched_on(&profile));
    session.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": alias}}),
    );
    let found = session.diagnostics();
    assert_eq!(
        codes(found.get(&opened)),
        ["disabled-inactive"],
        "{found:?}"
    );
    assert!(session.end().success());
}

#[cfg(unix)]
#[test]
fn a_configured_profile_that_links_to_the_open_file_reads_the_buffer() {
    let dir = crate::support::empty_dir("server-symlink-profile");
    let profile = workspace(&dir);
    crate::support::write(&dir.join("real/prod.yaml"), &profile);
    let _ = std::fs::remove_file(dir.join("profiles/prod.yaml"));
    if let Err(e) = std::os::unix::fs::symlink("../real/prod.yaml", dir.join("profiles/prod.yaml"))
    {
        panic!("{e}");
    }
    let mut session = Session::start(&dir);
    session.initialize(&[&dir]);
    let opened = uri(&dir.join("real/prod.yaml"));
    session.open(&opened, &switched_on(&profile));
    let found = session.diagnostics();
    assert_eq!(
        codes(found.get(&opened)),
        ["disabled-inactive"],
        "{found:?}"
    );
    assert!(session.end().success());
}

#[test]
fn every_workspace_folder_is_checked_with_its_own_configuration() {
    let dir = crate::support::empty_dir("server-multi-root");
    let (first, second) = (dir.join("first"), dir.join("second"));
    let profile = workspace(&first);
    workspace(&second);
    // The second folder's configuration names its profile elsewhere.
    std::fs::create_dir_all(second.join("env")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(
        second.join("profiles/prod.yaml"),
        second.join("env/prod.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    crate::support::write(
        &second.join("profile-check.toml"),
        "[[profile]]\npath = \"env/prod.yaml\"\n",
    );
    let mut session = Session::start(&dir);
    session.initialize(&[&first, &second]);
    let opened = uri(&second.join("env/prod.yaml"));
    session.open(&opened, &switched_on(&profile));
    let found = session.diagnostics();
    assert_eq!(
        codes(found.get(&opened)),
        ["disabled-inactive"],
        "{found:?}"
    );
    // Hover in the second folder answers from its own run.
    let line = switched_on(&profile)
        .lines()
        .position(|l| l.contains("id: ui-webinar-entry"))
        .unwrap_or_default();
    let hover = session.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": opened}, "position": {"line": line, "character": 10}}),
        &mut Vec::new(),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("ui-webinar-entry")),
        "{hover}"
    );
    assert!(session.end().success());
}

#[test]
fn a_profile_that_could_not_be_checked_is_marked_so() {
    let dir = crate::support::empty_dir("server-unchecked");
    let profile = workspace(&dir);
    // The required document is missing: `check` exits 2.
    let _ = std::fs::remove_file(dir.join("profiles/RUNTIME_PROFILE_PROD.md"));
    let mut session = Session::start(&dir);
    session.initialize(&[&dir]);
    let opened = uri(&dir.join("profiles/prod.yaml"));
    session.open(&opened, &profile);
    let found = session.diagnostics();
    let on_profile = found.get(&opened).cloned().unwrap_or_default();
    assert_eq!(on_profile.len(), 1, "{found:?}");
    assert_eq!(on_profile[0]["severity"], 1);
    assert_eq!(
        on_profile[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    let message = on_profile[0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("not checked"), "{message}");
    assert!(message.contains("RUNTIME_PROFILE_PROD.md"), "{message}");
    assert_eq!(
        on_profile[0]["relatedInformation"][0]["location"]["uri"],
        json!(uri(&dir.join("profile-check.toml")))
    );
    // A configuration that cannot be read: nothing was checked.
    crate::support::write(&dir.join("profile-check.toml"), "[[profile]\n");
    session.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": opened}}),
    );
    let found = session.diagnostics();
    let on_profile = found.get(&opened).cloned().unwrap_or_default();
    assert_eq!(on_profile.len(), 1, "{found:?}");
    assert!(
        on_profile[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("not checked")),
        "{found:?}"
    );
    assert!(session.end().success());
}

#[test]
fn a_missing_input_is_marked_where_the_configuration_names_it_not_in_a_comment() {
    let dir = crate::support::empty_dir("server-named-in-a-comment");
    let profile = workspace(&dir);
    crate::support::write(
        &dir.join("profile-check.toml"),
        "# was: doc = \"profiles/RUNTIME_PROFILE_PROD.md\"\n[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"profiles/RUNTIME_PROFILE_PROD.md\"\n",
    );
    let _ = std::fs::remove_file(dir.join("profiles/RUNTIME_PROFILE_PROD.md"));
    let mut session = Session::start(&dir);
    session.initialize(&[&dir]);
    session.open(&uri(&dir.join("profiles/prod.yaml")), &profile);
    let found = session.diagnostics();
    let on_config = found
        .get(&uri(&dir.join("profile-check.toml")))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        on_config.first().map(|d| d["range"].clone()),
        Some(json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 39}})),
        "{found:?}"
    );
    assert!(session.end().success());
}

#[test]
fn strict_in_the_configuration_makes_warnings_errors() {
    let dir = crate::support::empty_dir("server-strict");
    let profile = workspace(&dir);
    let config = std::fs::read_to_string(dir.join("profile-check.toml")).unwrap_or_default();
    crate::support::write(
        &dir.join("profile-check.toml"),
        &format!("strict = true\n{config}waivers = \"waivers.yaml\"\n"),
    );
    // A waiver that matches nothing: a warning (`waiver-unused`).
    let expires = profile_check::profile::Date::today()
        .and_then(|d| profile_check::profile::Date::from_days(d.days() + 30))
        .map(|d| d.to_string())
        .unwrap_or_default();
    crate::support::write(
        &dir.join("waivers.yaml"),
        &format!(
            "waivers:\n  - rule: disabled-inactive\n    module: webinar-chat\n    expires: {expires}\n    owner: someone\n    reason: not needed any more\n"
        ),
    );
    let mut session = Session::start(&dir);
    session.initialize(&[&dir]);
    let waivers = uri(&dir.join("waivers.yaml"));
    session.open(&uri(&dir.join("profiles/prod.yaml")), &profile);
    let found = session.diagnostics();
    let unused: Vec<&Value> = found
        .get(&waivers)
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "waiver-unused")
        .collect();
    assert_eq!(unused.len(), 1, "{found:?}");
    assert_eq!(unused[0]["severity"], 1, "{found:?}");
    assert!(session.end().success());
}

#[cfg(unix)]
#[test]
fn a_dangling_link_as_the_profile_fails_closed() {
    let dir = crate::support::empty_dir("server-dangling");
    let profile = workspace(&dir);
    let path = dir.join("profiles/prod.yaml");
    let _ = std::fs::remove_file(&path);
    if let Err(e) = std::os::unix::fs::symlink(dir.join("nowhere/prod.yaml"), &path) {
        panic!("{e}");
    }
    let mut session = Session::start(&dir);
    session.initialize(&[&dir]);
    let opened = uri(&path);
    session.open(&opened, &profile);
    let found = session.diagnostics();
    let errors: Vec<&Value> = found
        .get(&opened)
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == 1)
        .collect();
    assert!(
        errors.iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("symbolic link"))),
        "{found:?}"
    );
    assert!(session.end().success());
}

#[test]
fn exit_without_shutdown_exits_1_and_a_second_initialize_is_refused() {
    let dir = crate::support::empty_dir("server-lifecycle");
    workspace(&dir);
    let mut session = Session::start(&dir);
    session.initialize(&[&dir]);
    let again = session.request("initialize", json!({"capabilities": {}}), &mut Vec::new());
    assert_eq!(again["error"]["code"], -32600, "{again}");
    session.notify("exit", Value::Null);
    let status = session.child.wait();
    assert!(matches!(status, Ok(s) if s.code() == Some(1)), "{status:?}");
}

/// The editor set-ups in the book start the server only where there is a gate, and keep
/// the editor's other servers.
#[test]
fn the_editor_snippets_root_at_the_configuration() {
    let section =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src/editor.md"))
            .unwrap_or_default();
    assert!(
        section.contains(r#"vim.fs.root(args.buf, { "profile-check.toml" })"#),
        "{section}"
    );
    assert!(!section.contains(r#""profile-check.toml", ".git""#));
    for kept in ["ansible-language-server", "tombi", "hx --health"] {
        assert!(section.contains(kept), "{kept}");
    }
    assert!(section.contains("multi-root"));
}
