//! The wire: LSP's `Content-Length` frames over standard input and output.
//!
//! lsp-server's own stdio transport ends its reader thread at the first frame that is not
//! a JSON-RPC message, and the server with it; this one answers such a frame with the
//! JSON-RPC error it calls for (`-32700`, `-32600`) and reads the next one, so that a
//! malformed message from the client never ends the session. Headers and bodies are held
//! to limits: a frame larger than [`MAX_MESSAGE_BYTES`] is skipped unread.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};

/// The largest message read: an 8 MiB document (the inputs' limit) escaped as JSON
/// (`\n` takes two bytes, a control character six) with room for the envelope. A larger
/// frame is skipped without being held in memory.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The notification the reader hands the server for a message it skipped as too large,
/// with the `uri` of the document it changed when its start names one.
pub const TOO_LARGE: &str = "$/profile-check/tooLarge";

/// How much of a message too large to read is looked at for the document it changes.
const PEEK_BYTES: usize = 64 * 1024;

/// The longest header line read; LSP's headers are two short lines.
const MAX_HEADER_LINE: usize = 4096;

/// The reader and writer threads of a stdio session.
#[derive(Debug)]
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Waits for the writer to flush what the server sent. The reader is left to end with
    /// standard input (it may be blocked on a client that keeps the pipe open).
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

/// A connection over standard input and output.
pub fn stdio() -> io::Result<(Connection, Threads)> {
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, from_server) = bounded::<Message>(0);
    let reader = thread::Builder::new()
        .name("profile-check-lsp-reader".to_owned())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            read_frames(&mut input, &to_server, &mut |frame| {
                // One lock for the whole frame: the writer thread takes it per message.
                let mut out = io::stdout().lock();
                let _ = out.write_all(frame).and_then(|()| out.flush());
            });
        })?;
    let writer = thread::Builder::new()
        .name("profile-check-lsp-writer".to_owned())
        .spawn(move || write_messages(&from_server))?;
    Ok((
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { reader, writer },
    ))
}

/// Writes every message the server sends, one frame each, until the server hangs up or
/// the client stops reading.
fn write_messages(messages: &Receiver<Message>) {
    for message in messages {
        let mut out = io::stdout().lock();
        if message.write(&mut out).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

/// Reads frames from `input` until it ends, handing each message to `server`; a frame
/// that holds no JSON-RPC message is answered on `reply` (an error with a null id) and
/// skipped.
pub fn read_frames<R: BufRead>(
    input: &mut R,
    server: &Sender<Message>,
    reply: &mut impl FnMut(&[u8]),
) {
    let input = &mut Resync {
        pending: Vec::new(),
        at: 0,
        inner: input,
    };
    loop {
        let length = match read_header(input) {
            Ok(Header::End) => return,
            Ok(Header::Length(length)) => length,
            Ok(Header::Missing) => {
                answer(reply, -32700, "a message without a Content-Length header");
                continue;
            }
            Err(_) => return,
        };
        if length > MAX_MESSAGE_BYTES {
            let mut start = Vec::new();
            let peeked = input
                .by_ref()
                .take(PEEK_BYTES as u64)
                .read_to_end(&mut start);
            let rest = (length as u64).saturating_sub(start.len() as u64);
            let skipped = io::copy(&mut input.by_ref().take(rest), &mut io::sink());
            let message = format!(
                "a message of {length} bytes, over the limit of {MAX_MESSAGE_BYTES}; it was skipped"
            );
            answer(reply, -32600, &message);
            // A document's text too large to read: the server marks the document, so
            // that its diagnostics do not go on showing the text before it.
            if let Some(uri) = changed_uri(&start) {
                let notice = lsp_server::Notification::new(
                    TOO_LARGE.to_owned(),
                    serde_json::json!({"uri": uri, "message": format!("the editor's text is {message}; the file is not checked until it is smaller")}),
                );
                if server.send(notice.into()).is_err() {
                    return;
                }
            }
            match (peeked, skipped) {
                (Ok(_), Ok(n)) if n == rest => continue,
                _ => return,
            }
        }
        let mut body = vec![0; length];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        let value = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(value) => value,
            Err(error) => {
                answer(reply, -32700, &format!("not JSON: {error}"));
                // A length that was too long swallowed the next frame's header: it is
                // read again from there, so that one wrong count does not lose the
                // session (a too short one leaves the rest before the next header,
                // which the header reader skips).
                if let Some(at) = find_header(&body, 1) {
                    input.push_back(body.get(at..).unwrap_or_default());
                }
                continue;
            }
        };
        // An id that is neither an integer lsp-server holds (an `i32`) nor a string makes
        // no request (lsp-server would read the message as a notification, and it would
        // go unanswered): `1.5`, `1e3`, `3000000000` are answered with an error that
        // carries the id as it came.
        let bad_id = value.get("id").filter(|id| {
            !(id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok()))
        });
        match (bad_id, serde_json::from_value::<Message>(value.clone())) {
            (Some(id), Ok(_)) => {
                let id = if id.is_number() {
                    id.clone()
                } else {
                    serde_json::Value::Null
                };
                answer_to(
                    reply,
                    id,
                    -32600,
                    "a request's id must be a string or an integer from -2147483648 to 2147483647",
                );
            }
            (_, Ok(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if server.send(message).is_err() || exit {
                    return;
                }
            }
            (_, Err(error)) => answer(reply, -32600, &format!("not a JSON-RPC message: {error}")),
        }
    }
}

/// What a header block said.
enum Header {
    /// The body's length.
    Length(usize),
    /// A block without a usable `Content-Length`.
    Missing,
    /// The input ended.
    End,
}

/// Reads one header block (lines up to an empty one).
fn read_header(input: &mut impl BufRead) -> io::Result<Header> {
    let mut length = None;
    let mut any = false;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(Header::End);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !any {
                // Blank lines between frames are skipped.
                continue;
            }
            return Ok(length.map_or(Header::Missing, Header::Length));
        }
        any = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        } else if let Some(at) = find_header(text.as_bytes(), 1) {
            // The rest of a body whose length was counted short, then the next frame's
            // header: the frame starts there.
            let (_, value) = text
                .get(at..)
                .unwrap_or_default()
                .split_once(':')
                .unwrap_or_default();
            length = value.trim().parse::<usize>().ok();
        }
    }
}

/// The document a `didOpen` or `didChange` names, from the start of its message.
fn changed_uri(start: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(start);
    if !(text.contains("\"textDocument/didChange\"") || text.contains("\"textDocument/didOpen\"")) {
        return None;
    }
    let at = text.find("\"uri\"")? + "\"uri\"".len();
    let rest = text.get(at..)?.trim_start().strip_prefix(':')?.trim_start();
    serde_json::Deserializer::from_str(rest)
        .into_iter::<String>()
        .next()?
        .ok()
}

/// Where a `Content-Length:` header starts in `bytes`, from `from` on.
fn find_header(bytes: &[u8], from: usize) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    (from..bytes.len().saturating_sub(NAME.len() - 1)).find(|&i| {
        bytes
            .get(i..i + NAME.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(NAME))
    })
}

/// The input with bytes given back to be read again first.
struct Resync<'a, R> {
    pending: Vec<u8>,
    at: usize,
    inner: &'a mut R,
}

impl<R> Resync<'_, R> {
    fn push_back(&mut self, bytes: &[u8]) {
        let mut pending = bytes.to_vec();
        pending.extend_from_slice(self.pending.get(self.at..).unwrap_or_default());
        self.pending = pending;
        self.at = 0;
    }
}

impl<R: BufRead> Read for Resync<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Resync<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if let Some(rest) = self.pending.get(self.at..)
            && !rest.is_empty()
        {
            return Ok(rest);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.at < self.pending.len() {
            self.at = (self.at + amount).min(self.pending.len());
            if self.at == self.pending.len() {
                self.pending.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

/// Writes a JSON-RPC error response with a null id (the id of a message that could not
/// be read is not known).
fn answer(reply: &mut impl FnMut(&[u8]), code: i32, message: &str) {
    answer_to(reply, serde_json::Value::Null, code, message);
}

/// Writes a JSON-RPC error response to the request `id`.
fn answer_to(reply: &mut impl FnMut(&[u8]), id: serde_json::Value, code: i32, message: &str) {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
    .to_string();
    reply(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn run(input: &str) -> (Vec<Message>, String) {
        let (sender, receiver) = crossbeam_channel::unbounded();
        let mut replies = Vec::new();
        read_frames(&mut input.as_bytes(), &sender, &mut |frame| {
            replies.extend_from_slice(frame);
        });
        drop(sender);
        (
            receiver.iter().collect(),
            String::from_utf8_lossy(&replies).into_owned(),
        )
    }

    #[test]
    fn a_malformed_frame_is_answered_and_the_next_one_read() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":[1]}"#),
            frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"initialize"}"#),
            "X-Nothing: 1\r\n\r\n".to_owned(),
            frame(good),
        ]
        .concat();
        let (messages, replies) = run(&input);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(replies.contains("-32700"), "{replies}");
        assert!(replies.contains("-32600"), "{replies}");
        assert_eq!(replies.matches("\"id\":null").count(), 4, "{replies}");
        assert_eq!(replies.matches("-32600").count(), 2, "{replies}");
    }

    #[test]
    fn a_frame_over_the_limit_is_skipped() {
        let length = MAX_MESSAGE_BYTES + 1;
        let mut input = format!("Content-Length: {length}\r\n\r\n");
        input.push_str(&" ".repeat(length));
        input.push_str(&frame(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        let (messages, replies) = run(&input);
        assert_eq!(messages.len(), 1);
        assert!(replies.contains("over the limit"), "{replies}");
    }

    #[test]
    fn a_wrong_length_is_resynchronised_at_the_next_header() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let cyrillic = r#"{"jsonrpc":"2.0","method":"x","params":{"text":"Не участвует"}}"#;
        // Counted in characters, not bytes: too short.
        let short = format!(
            "Content-Length: {}\r\n\r\n{cyrillic}",
            cyrillic.chars().count()
        );
        // Too long: it swallows the next frame's header.
        let long = format!("Content-Length: {}\r\n\r\n{{}}", 2 + 20);
        let input = [short, frame(good), long, frame(good), frame(exit)].concat();
        let (messages, replies) = run(&input);
        assert_eq!(messages.len(), 3, "{messages:?} {replies}");
        assert!(
            matches!(messages.last(), Some(Message::Notification(n)) if n.method == "exit"),
            "{messages:?}"
        );
    }

    #[test]
    fn ids_that_are_not_i32_integers_are_answered_with_an_error() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","id":1e3,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","id":3000000000,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","id":-7,"method":"shutdown"}"#),
        ]
        .concat();
        let (messages, replies) = run(&input);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            matches!(&messages[..], [Message::Request(_)]),
            "{messages:?}"
        );
        assert_eq!(replies.matches("-32600").count(), 3, "{replies}");
        for id in ["1.5", "1000.0", "3000000000"] {
            assert!(replies.contains(&format!("\"id\":{id}")), "{id}: {replies}");
        }
    }

    #[test]
    fn a_change_over_the_limit_names_its_document_to_the_server() {
        let start = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/prod.yaml","version":2},"contentChanges":[{"text":""#;
        let length = MAX_MESSAGE_BYTES + 1;
        let mut input = format!("Content-Length: {length}\r\n\r\n{start}");
        input.push_str(&"x".repeat(length - start.len()));
        let (messages, replies) = run(&input);
        assert!(replies.contains("over the limit"), "{replies}");
        assert!(
            matches!(&messages[..], [Message::Notification(n)]
                if n.method == TOO_LARGE && n.params["uri"] == "file:///w/prod.yaml"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_truncated_body_ends_the_session_quietly() {
        let (messages, replies) = run("Content-Length: 100\r\n\r\n{}");
        assert!(messages.is_empty());
        assert!(replies.is_empty());
    }
}
