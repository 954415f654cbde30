//! The server loop over an in-memory connection: the handshake, diagnostics on open and
//! change, answers to requests of the wrong shape, shutdown.

use std::sync::Arc;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

use super::{Gate, Held, serve};
use crate::check::{ProfileRun, check_source};
use crate::inputs::Inputs;
use crate::load;
use crate::profile::Date;

/// A profile that exists only in the editor: no file on disk stands behind it.
const PATH: &str = "/profile-check-server-test/none/prod.yaml";
const URI: &str = "file:///profile-check-server-test/none/prod.yaml";

const PROFILE: &str = "profile: PROD
product: Webinars MVP v1++
document:
  status: PROCESS
  owner: Architect
  last_updated: 2026-01-28
contours:
  live: enabled
  auto: disabled
modules:
  - id: core-webinar-event
    name: Core webinar_event
    role: core
    status: required
  - id: webinar-chat
    name: Webinar Chat
    role: ui
    status: disabled
dev_only: []
analytics_only: []
";

/// The gate on the one profile, read through the overlay.
fn gate() -> Gate {
    let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
    let inputs = Inputs::none(today);
    let (source, run) = match load::read(PATH) {
        Ok(source) => {
            let source = Arc::new(source);
            let run = check_source(crate::source::Source::clone(&source), &inputs);
            (Some(source), run)
        }
        Err(error) => (None, ProfileRun::unchecked(PATH, &error, None)),
    };
    Gate {
        config: None,
        profiles: vec![Held {
            path: PATH.to_owned(),
            source,
            run,
            inputs: Some(inputs),
        }],
    }
}

/// The client's end: sends, and reads what the server says.
struct Client {
    connection: Connection,
    next: i32,
}

impl Client {
    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        let request = Request::new(id.clone(), method.to_owned(), params);
        assert!(self.connection.sender.send(request.into()).is_ok());
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => return response,
                _ => continue,
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let notification = Notification::new(method.to_owned(), params);
        assert!(self.connection.sender.send(notification.into()).is_ok());
    }

    fn receive(&self) -> Message {
        match self
            .connection
            .receiver
            .recv_timeout(Duration::from_secs(20))
        {
            Ok(message) => message,
            Err(e) => panic!("the server said nothing: {e}"),
        }
    }

    /// The next diagnostics published for [`URI`].
    fn diagnostics(&self) -> Vec<Value> {
        loop {
            if let Message::Notification(n) = self.receive()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == URI
            {
                return n.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }
}

/// Runs `session` as the client of a server on an in-memory connection, and checks that
/// the server then ends cleanly.
fn with_server(session: impl FnOnce(&mut Client)) {
    let (server, client) = Connection::memory();
    let runner = gate;
    std::thread::scope(|scope| {
        let handle = scope.spawn(move || serve(&server, &runner));
        let mut client = Client {
            connection: client,
            next: 0,
        };
        session(&mut client);
        let shutdown = client.request("shutdown", Value::Null);
        assert!(shutdown.response_result.is_ok(), "{shutdown:?}");
        client.notify("exit", Value::Null);
        assert!(matches!(handle.join(), Ok(Ok(()))));
    });
}

/// The result of a response (null for an error).
fn ok(response: Response) -> Value {
    response.response_result.unwrap_or_default()
}

/// The error code of a response.
fn code(response: &Response) -> Option<i32> {
    response.response_result.as_ref().err().map(|e| e.code)
}

fn initialize(client: &mut Client, encodings: &[&str]) -> Value {
    let response = client.request(
        "initialize",
        json!({"capabilities": {"general": {"positionEncodings": encodings}}}),
    );
    client.notify("initialized", json!({}));
    ok(response)
}

fn open(client: &Client, version: i32, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": version, "text": text}}),
    );
}

fn change(client: &Client, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// The code actions offered at `range` for `diagnostics`.
fn code_actions(client: &mut Client, range: &Value, diagnostics: &Value) -> Value {
    ok(client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range,
               "context": {"diagnostics": diagnostics}}),
    ))
}

#[test]
fn requests_before_initialize_are_refused_and_utf8_is_agreed() {
    with_server(|client| {
        let early = client.request("textDocument/hover", json!({}));
        assert_eq!(code(&early), Some(-32002));
        let result = initialize(client, &["utf-16", "utf-8"]);
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
        assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 1);
    });
}

#[test]
fn diagnostics_follow_the_unsaved_text() {
    with_server(|client| {
        initialize(client, &[]);
        open(client, 1, PROFILE);
        assert_eq!(client.diagnostics(), Vec::<Value>::new());
        let active = PROFILE.replace(
            "    status: disabled\n",
            "    status: disabled\n    active: true\n",
        );
        change(client, 2, &active);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0]["code"], "disabled-inactive");
        assert_eq!(
            found[0]["range"],
            json!({"start": {"line": 18, "character": 12}, "end": {"line": 18, "character": 16}})
        );
        // An input error (exit 2 from the command line) is a diagnostic at its place.
        change(client, 3, &PROFILE.replace("role: ui", "role: backend"));
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        // Its code is the one every report gives an input problem, and its kind and value
        // are data.
        assert_eq!(found[0]["code"], "input-error");
        assert_eq!(found[0]["data"]["kind"], "unknown");
        assert_eq!(found[0]["data"]["found"], "backend");
        assert_eq!(
            found[0]["range"]["start"],
            json!({"line": 16, "character": 10})
        );
        assert!(
            found[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("backend")),
            "{found:?}"
        );
        // Fixed in the editor: the diagnostics are cleared.
        change(client, 4, PROFILE);
        assert_eq!(client.diagnostics(), Vec::<Value>::new());
    });
}

#[test]
fn a_duplicate_points_at_the_first() {
    with_server(|client| {
        initialize(client, &[]);
        let twice = format!("{PROFILE}dev_only: []\n");
        open(client, 1, &twice);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        let first = PROFILE.lines().position(|l| l == "dev_only: []");
        let last = twice.lines().count() - 1;
        assert_eq!(
            found[0]["range"]["start"],
            json!({"line": last, "character": 0})
        );
        assert_eq!(
            found[0]["relatedInformation"],
            json!([{
                "location": {
                    "uri": URI,
                    "range": {
                        "start": {"line": first, "character": 0},
                        "end": {"line": first, "character": 8},
                    },
                },
                "message": "the first is here",
            }])
        );
        assert!(
            found[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains(&format!(
                    "the first is at line {}, column 1",
                    first.unwrap_or(0) + 1
                ))),
            "{found:?}"
        );
    });
}

#[test]
fn the_fix_is_a_workspace_edit() {
    with_server(|client| {
        initialize(client, &[]);
        let active = PROFILE.replace(
            "    status: disabled\n",
            "    status: disabled\n    active: true\n",
        );
        open(client, 1, &active);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        let actions = code_actions(client, &found[0]["range"], &json!(found));
        let quickfix = actions
            .as_array()
            .and_then(|all| all.iter().find(|a| a["kind"] == "quickfix"))
            .cloned()
            .unwrap_or_default();
        let edits = &quickfix["edit"]["changes"][URI];
        assert_eq!(
            edits,
            &json!([{"range": {"start": {"line": 18, "character": 0}, "end": {"line": 19, "character": 0}}, "newText": ""}])
        );
        assert_eq!(quickfix["diagnostics"][0]["code"], "disabled-inactive");
    });
}

/// A rule's fix is titled by how many findings it fixes, and each kind of action is offered
/// only when the client asks for all, for that kind, or for a kind that holds it.
#[test]
fn fixes_are_counted_and_offered_as_the_client_asks() {
    let what = crate::fix::describe(crate::rules::RuleId::DisabledInactive).unwrap_or_default();
    let offer = |kind: &str, title: &str| (kind.to_owned(), title.to_owned());
    with_server(|client| {
        initialize(client, &[]);
        let active = PROFILE.replace(
            "    status: disabled\n",
            "    status: disabled\n    active: true\n",
        );
        open(client, 1, &active);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        // The kind and title of each action offered for the first diagnostic, when the
        // client asks for `only` those kinds (all, when `None`).
        let ask = |client: &mut Client, found: &[Value], only: Option<&[&str]>| {
            let mut context = json!({"diagnostics": found});
            if let Some(only) = only {
                context["only"] = json!(only);
            }
            let actions = ok(client.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": URI}, "range": found[0]["range"], "context": context}),
            ));
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            actions
                .as_array()
                .map(|all| {
                    all.iter()
                        .map(|a| (text(&a["kind"]), text(&a["title"])))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        let quickfix = offer(
            "quickfix",
            &format!("profile-check: fix `disabled-inactive` ({what})"),
        );
        let fix_all = offer(
            "source.fixAll",
            "profile-check: make every safe fix in this profile (1)",
        );
        assert_eq!(
            ask(client, &found, None),
            [quickfix.clone(), fix_all.clone()]
        );
        assert_eq!(
            ask(client, &found, Some(&["quickfix"])),
            std::slice::from_ref(&quickfix)
        );
        assert_eq!(
            ask(client, &found, Some(&["source"])),
            std::slice::from_ref(&fix_all)
        );
        assert_eq!(ask(client, &found, Some(&["source.fixAll"])), [fix_all]);
        assert_eq!(
            ask(
                client,
                &found,
                Some(&["refactor", "source.organizeImports", "quick"])
            ),
            []
        );
        assert_eq!(
            ask(client, &found, Some(&["refactor", "quickfix"])),
            [quickfix]
        );
        // Two findings of the rule: its one action fixes both, and says so.
        let twice = active.replace(
            "dev_only: []\n",
            "  - id: webinar-poll\n    name: Webinar Poll\n    role: ui\n    status: disabled\n    active: true\ndev_only: []\n",
        );
        change(client, 2, &twice);
        let found = client.diagnostics();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            ask(client, &found, None),
            [
                offer(
                    "quickfix",
                    &format!("profile-check: fix 2 `disabled-inactive` findings ({what})")
                ),
                offer(
                    "source.fixAll",
                    "profile-check: make every safe fix in this profile (2)"
                ),
            ]
        );
    });
}

#[test]
fn did_you_mean_is_a_quick_fix_while_the_name_is_there() {
    with_server(|client| {
        initialize(client, &[]);
        let misspelt = PROFILE.replace("    role: ui\n", "    rloe: ui\n");
        open(client, 1, &misspelt);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0]["data"],
            json!({"kind": "unknown", "found": "rloe", "expected": null, "suggestion": "role"})
        );
        let range = found[0]["range"].clone();
        let ask =
            |client: &mut Client, diagnostics: &Value| code_actions(client, &range, diagnostics);
        let actions = ask(client, &json!(found));
        assert_eq!(
            actions,
            json!([{
                "title": "profile-check: replace `rloe` with `role`",
                "kind": "quickfix",
                "diagnostics": [found[0]],
                "edit": {"changes": {URI: [{
                    "range": {"start": {"line": 16, "character": 4}, "end": {"line": 16, "character": 8}},
                    "newText": "role",
                }]}},
                "isPreferred": true,
            }])
        );
        // Once the text no longer holds the name at that range, nothing is replaced; nor
        // for a diagnostic whose data names what is not there, or that is not this tool's.
        change(client, 2, PROFILE);
        assert_eq!(client.diagnostics(), Vec::<Value>::new());
        assert_eq!(ask(client, &json!(found)), json!([]));
        let mut forged = found[0].clone();
        forged["data"]["found"] = json!("role: ui");
        assert_eq!(ask(client, &json!([forged])), json!([]));
        // Nor text put where nothing was found, nor a line break put in.
        let mut empty = found[0].clone();
        empty["data"]["found"] = json!("");
        empty["range"]["end"] = empty["range"]["start"].clone();
        assert_eq!(ask(client, &json!([empty])), json!([]));
        change(client, 3, &misspelt);
        let mut other = found[0].clone();
        other["source"] = json!("yaml-language-server");
        assert_eq!(ask(client, &json!([other])), json!([]));
        let mut broken = found[0].clone();
        broken["data"]["suggestion"] = json!("role: ui\n    status");
        assert_eq!(ask(client, &json!([broken])), json!([]));
        assert_eq!(ask(client, &json!(found)).as_array().map(Vec::len), Some(1));
        // A quoted name: what is inside the quotes is replaced.
        let quoted = PROFILE.replace("    status: disabled\n", "    status: \"disabld\"\n");
        change(client, 4, &quoted);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        let actions = code_actions(client, &found[0]["range"], &json!(found));
        assert_eq!(
            actions[0]["edit"]["changes"][URI],
            json!([{
                "range": {"start": {"line": 17, "character": 13}, "end": {"line": 17, "character": 20}},
                "newText": "disabled",
            }])
        );
    });
}

#[test]
fn malformed_requests_are_answered_and_the_session_goes_on() {
    with_server(|client| {
        initialize(client, &[]);
        open(client, 1, PROFILE);
        assert_eq!(client.diagnostics(), Vec::<Value>::new());
        let unknown = client.request("profile-check/nonsense", json!([1, 2]));
        assert_eq!(code(&unknown), Some(-32601));
        let shape = client.request("textDocument/hover", json!({"textDocument": 3}));
        assert_eq!(code(&shape), Some(-32602));
        let far = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 4_000_000_000_u32, "character": 0}}),
        );
        assert_eq!(code(&far), Some(-32602));
        // Notifications of the wrong shape, or for a URI that is no file, are ignored.
        client.notify("textDocument/didChange", json!({"textDocument": "no"}));
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": "untitled:1", "languageId": "yaml", "version": 1, "text": ""}}),
        );
        // A character past the end of its line stands for the line's end.
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 10, "character": 9999}}),
        );
        let value = ok(hover);
        assert!(
            value["contents"]["value"].as_str().is_some_and(
                |v| v.contains("`core-webinar-event`") && v.contains("status: `required`")
            ),
            "{value}"
        );
        let rule = client.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": URI}, "position": {"line": 14, "character": 9}}),
        );
        assert_eq!(
            ok(rule)["range"]["start"],
            json!({"line": 14, "character": 8})
        );
    });
}

#[test]
fn an_input_over_the_size_limit_is_a_diagnostic() {
    with_server(|client| {
        initialize(client, &[]);
        let mut huge = String::from(PROFILE);
        huge.push_str(&"#".repeat(usize::try_from(load::limits::MAX_FILE_BYTES).unwrap_or(0)));
        open(client, 1, &huge);
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("8 MiB")),
            "{found:?}"
        );
    });
}

#[test]
fn a_burst_of_changes_is_checked_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Rendezvous channels, as the stdio transport's: nothing waits in a queue.
    let (to_server, from_client) = crossbeam_channel::bounded(0);
    let (to_client, from_server) = crossbeam_channel::bounded::<Message>(0);
    let server = Connection {
        sender: to_client,
        receiver: from_client,
    };
    let runs = AtomicUsize::new(0);
    let runner = || {
        runs.fetch_add(1, Ordering::SeqCst);
        gate()
    };
    std::thread::scope(|scope| {
        let handle = scope.spawn(move || serve(&server, &runner));
        let drain = scope.spawn(move || from_server.iter().count());
        let send = |message: Message| assert!(to_server.send(message).is_ok());
        send(
            Request::new(
                RequestId::from(1),
                "initialize".to_owned(),
                json!({"capabilities": {}}),
            )
            .into(),
        );
        send(Notification::new("initialized".to_owned(), json!({})).into());
        send(Notification::new("textDocument/didOpen".to_owned(),
            json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": PROFILE}})).into());
        for version in 2..40 {
            send(Notification::new("textDocument/didChange".to_owned(),
                json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": PROFILE}]})).into());
        }
        send(Request::new(RequestId::from(2), "shutdown".to_owned(), Value::Null).into());
        send(Notification::new("exit".to_owned(), Value::Null).into());
        assert!(matches!(handle.join(), Ok(Ok(()))));
        assert!(drain.join().is_ok_and(|n| n >= 2));
    });
    let runs = runs.load(Ordering::SeqCst);
    assert!(runs <= 2, "the gate ran {runs} times for one burst");
}

#[test]
fn a_ranged_change_is_applied_and_one_that_cannot_be_is_shown() {
    with_server(|client| {
        initialize(client, &[]);
        open(client, 1, PROFILE);
        assert_eq!(client.diagnostics(), Vec::<Value>::new());
        // Line 18 is `    status: disabled` of `webinar-chat`; insert after it.
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
                {"range": {"start": {"line": 18, "character": 0}, "end": {"line": 18, "character": 0}},
                 "text": "    active: true\n"}]}),
        );
        let found = client.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0]["code"], "disabled-inactive");
        // A range past the end: the user is told, and the file marked.
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [
                {"range": {"start": {"line": 900, "character": 0}, "end": {"line": 901, "character": 0}},
                 "text": ""}]}),
        );
        let mut shown = false;
        let found = loop {
            match client.receive() {
                Message::Notification(n) if n.method == "window/showMessage" => shown = true,
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == URI =>
                {
                    break n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
                _ => {}
            }
        };
        assert!(shown);
        assert!(
            found.iter().any(|d| d["severity"] == 1
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("could not follow"))),
            "{found:?}"
        );
    });
}

#[test]
fn a_change_too_large_to_read_marks_the_file() {
    with_server(|client| {
        initialize(client, &[]);
        let active = PROFILE.replace(
            "    status: disabled\n",
            "    status: disabled\n    active: true\n",
        );
        open(client, 1, &active);
        assert_eq!(client.diagnostics().len(), 1);
        // What the transport hands on for a didChange over the message limit.
        client.notify(
            super::transport::TOO_LARGE,
            json!({"uri": URI, "message": "the editor's text is too large"}),
        );
        let found = client.diagnostics();
        assert!(
            found.iter().any(|d| d["message"]
                .as_str()
                .is_some_and(|m| m.contains("too large"))),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d["message"].as_str().is_some_and(|m| m.contains("8 MiB"))),
            "{found:?}"
        );
    });
}

#[test]
fn a_buffer_over_the_size_limit_is_not_kept_whole() {
    let mut documents = super::documents::Documents::default();
    let uri: lsp_types::Uri = URI.parse().unwrap_or_else(|_| unreachable!());
    let huge = "я".repeat(usize::try_from(load::limits::MAX_FILE_BYTES).unwrap_or(0));
    documents.open(&uri, 1, huge);
    let kept = documents.get(&uri).map_or(0, |d| d.text.len());
    assert!(kept > super::documents::KEPT_BYTES - 1, "{kept}");
    assert!(kept <= super::documents::KEPT_BYTES + 1, "{kept}");
}

#[test]
fn a_byte_order_mark_does_not_shift_the_first_line() {
    with_server(|client| {
        initialize(client, &[]);
        let text = format!(
            "\u{feff}{}",
            PROFILE.replace("profile: PROD", "profile: PRDO")
        );
        open(client, 1, &text);
        let found = client.diagnostics();
        let first = found
            .iter()
            .find(|d| d["range"]["start"]["line"] == 0)
            .cloned()
            .unwrap_or_default();
        // `PRDO` starts after the mark (1 UTF-16 unit) and `profile: ` (9).
        assert_eq!(
            first["range"],
            json!({"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 14}}),
            "{found:?}"
        );
    });
}
