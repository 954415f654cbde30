//! `profile-check server`: the time from a change of `profiles/prod.yaml` in the editor to
//! its diagnostics, over an in-memory connection, with the repository's
//! profile-check.toml (the profile held against `profiles/RUNTIME_PROFILE_PROD.md`): the
//! whole gate on the unsaved text, and the diagnostics published. Target: at most 20 ms.
//! `cargo bench --bench server`.

// The bench indexes into JSON the server has just sent (a missing key reads as null).
#![allow(clippy::indexing_slicing)]

use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    if let Err(e) = std::env::set_current_dir(root) {
        panic!("{e}");
    }
    divan::main();
}

fn uri() -> String {
    format!("file://{}/profiles/prod.yaml", env!("CARGO_MANIFEST_DIR"))
}

fn send(client: &Connection, message: impl Into<Message>) {
    assert!(client.sender.send(message.into()).is_ok());
}

/// Waits for the diagnostics of `prod.yaml` and returns how many there are.
fn diagnostics(client: &Connection, uri: &str) -> usize {
    loop {
        match client.receiver.recv_timeout(Duration::from_secs(20)) {
            Ok(Message::Notification(n))
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
            Ok(_) => {}
            Err(e) => panic!("no diagnostics: {e}"),
        }
    }
}

/// A change of `prod.yaml` (alternately the shipped text and one with a disabled module
/// switched on) until its diagnostics arrive.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn change_to_diagnostics(bencher: divan::Bencher) {
    let (server, client) = Connection::memory();
    let shipped = match std::fs::read_to_string("profiles/prod.yaml") {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    };
    let broken = shipped.replacen(
        "    notes: Не участвует в MVP runtime.\n",
        "    notes: Не участвует в MVP runtime.\n    active: true\n",
        1,
    );
    let uri = uri();
    std::thread::scope(|scope| {
        let runner = profile_check::commands::server_gate;
        let handle = scope.spawn(move || profile_check::server::serve(&server, &runner));
        send(
            &client,
            Request::new(
                RequestId::from(1),
                "initialize".to_owned(),
                json!({"capabilities": {}}),
            ),
        );
        send(
            &client,
            Notification::new("initialized".to_owned(), json!({})),
        );
        send(
            &client,
            Notification::new(
                "textDocument/didOpen".to_owned(),
                json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": shipped}}),
            ),
        );
        assert_eq!(diagnostics(&client, &uri), 0);
        let mut version = 1;
        bencher.bench_local(|| {
            version += 1;
            let text = if version % 2 == 0 { &broken } else { &shipped };
            send(
                &client,
                Notification::new(
                    "textDocument/didChange".to_owned(),
                    json!({"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"text": text}]}),
                ),
            );
            let found = diagnostics(&client, &uri);
            assert_eq!(found, usize::from(version % 2 == 0));
        });
        send(
            &client,
            Request::new(RequestId::from(2), "shutdown".to_owned(), Value::Null),
        );
        send(&client, Notification::new("exit".to_owned(), Value::Null));
        assert!(matches!(handle.join(), Ok(Ok(()))));
    });
}
