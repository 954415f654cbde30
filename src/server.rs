//! `profile-check server`: a Language Server over standard input and output.
//!
//! The editor's unsaved buffers are laid over the files they stand for
//! ([`crate::load::overlay`]) and the whole gate runs on them, as `check` would, after
//! every change: the configured profiles, their documents, runtime manifests, waivers and
//! `profile-check.toml` itself. What the gate reports becomes diagnostics
//! ([`diagnostics`]); its safe fixes ([`crate::fix`]) become code actions ([`actions`]);
//! module and rule ids answer hover and go-to-definition ([`navigation`]). The loop that
//! reads the client's messages and answers them is here; the wire is in [`transport`],
//! the open buffers and positions in [`documents`].
//!
//! A message the server cannot use (not JSON, an unknown method, parameters of the wrong
//! shape, a position past the end) is answered with an error or ignored, and the session
//! goes on; nothing the client sends ends it but `exit` or the end of its input.

pub mod actions;
pub mod diagnostics;
pub mod documents;
pub mod navigation;
pub mod transport;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    InitializeParams, InitializeResult, OneOf, PositionEncodingKind, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;

use crate::check::ProfileRun;
use crate::inputs::Inputs;
use crate::source::Source;
use documents::{Documents, Encoding};

/// One profile of the configuration, checked, with what it was held against.
#[derive(Debug)]
pub struct Held {
    /// The profile's path as planned (relative to the working directory).
    pub path: String,
    /// The profile's text as it was read (the editor's, when it is open).
    pub source: Option<Arc<Source>>,
    /// What the gate found.
    pub run: ProfileRun,
    /// The inputs it was held against, when they loaded.
    pub inputs: Option<Inputs>,
}

/// One run of the whole gate, as `check` with no profile named runs it.
#[derive(Debug, Default)]
pub struct Gate {
    /// `profile-check.toml`, when one was read.
    pub config: Option<Arc<Source>>,
    /// Every profile of the run.
    pub profiles: Vec<Held>,
}

/// Runs the gate: the command layer plans it (the configuration found from the working
/// directory, every profile with its inputs), the server lays the buffers over the files.
pub type Runner<'a> = &'a dyn Fn() -> Gate;

/// Serves one client over standard input and output until it sends `exit` or closes
/// its end; `false` when it sent `exit` without `shutdown` first (LSP: exit code 1).
pub fn serve_stdio(runner: Runner<'_>) -> Result<bool, String> {
    let (connection, threads) =
        transport::stdio().map_err(|e| format!("cannot start the server's threads: {e}"))?;
    let result = serve_until_exit(&connection, runner);
    drop(connection);
    threads.join();
    result
}

/// What the server holds between messages.
struct State<'a> {
    runner: Runner<'a>,
    encoding: Encoding,
    documents: Documents,
    /// Each workspace folder (as the client names it; `None`: the folder the server was
    /// started in, for a client that names none) with its last run, for hover,
    /// definition and code actions. Each folder is checked with its own configuration.
    folders: Vec<(Option<PathBuf>, Gate)>,
    /// No run (folders is never empty; this stands in should it be).
    empty: Gate,
    /// URIs that were given diagnostics last time (to clear those that have none now).
    published: HashSet<String>,
    /// A change came in since the last run.
    dirty: bool,
}

/// Serves one client over `connection`: the initialisation handshake, then every request
/// and notification until `exit` or until the client hangs up.
pub fn serve(connection: &Connection, runner: Runner<'_>) -> Result<(), String> {
    serve_until_exit(connection, runner).map(|_| ())
}

/// [`serve`], telling whether the session ended as LSP asks: `exit` after `shutdown`, or
/// the client's end closed (`false`: `exit` without `shutdown`).
pub fn serve_until_exit(connection: &Connection, runner: Runner<'_>) -> Result<bool, String> {
    let Some((encoding, roots)) = initialize(connection)? else {
        return Ok(true);
    };
    let mut documents = Documents::default();
    documents.set_roots(&roots);
    let folders = if roots.is_empty() {
        vec![(None, Gate::default())]
    } else {
        roots
            .into_iter()
            .map(|r| (Some(r), Gate::default()))
            .collect()
    };
    let mut state = State {
        runner,
        encoding,
        documents,
        folders,
        empty: Gate::default(),
        published: HashSet::new(),
        dirty: false,
    };
    let mut shutting_down = false;
    // When the first change not yet checked came in.
    let mut since: Option<Instant> = None;
    loop {
        if !state.dirty {
            since = None;
        }
        let message = if state.dirty {
            // Changes that arrive together are checked once: the gate runs when the
            // client has been quiet for a moment (or a change has waited long enough).
            let waited = since.get_or_insert_with(Instant::now).elapsed();
            let Some(left) = MAX_DELAY.checked_sub(waited) else {
                state.refresh(connection);
                continue;
            };
            match connection.receiver.recv_timeout(QUIET.min(left)) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    state.refresh(connection);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match connection.receiver.recv() {
                Ok(message) => message,
                Err(_) => break,
            }
        };
        match message {
            Message::Request(request) => {
                if shutting_down {
                    reply_error(
                        connection,
                        request.id,
                        ErrorCode::InvalidRequest,
                        "the server is shutting down",
                    );
                    continue;
                }
                if request.method == "initialize" {
                    reply_error(
                        connection,
                        request.id,
                        ErrorCode::InvalidRequest,
                        "the server is initialised already",
                    );
                    continue;
                }
                if request.method == "shutdown" {
                    shutting_down = true;
                    send(connection, Response::new_ok(request.id, ()));
                    continue;
                }
                if state.dirty {
                    state.refresh(connection);
                }
                let response = state.answer(request);
                send(connection, response);
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(shutting_down);
                }
                state.notice(connection, notification);
            }
            Message::Response(_) => {}
        }
    }
    Ok(true)
}

/// How long the client is to be quiet after a change before the gate runs: a burst of
/// changes (typing, a paste, a replayed history) is checked once.
const QUIET: Duration = Duration::from_millis(50);

/// The longest a change waits for the gate while changes keep coming.
const MAX_DELAY: Duration = Duration::from_millis(500);

/// The handshake: waits for `initialize` (answering other requests with "not initialised"
/// and dropping notifications), agrees on the position encoding and moves to the
/// workspace's folder (named as the client names it). `None` when the client left before
/// it.
fn initialize(connection: &Connection) -> Result<Option<(Encoding, Vec<PathBuf>)>, String> {
    while let Ok(message) = connection.receiver.recv() {
        let request = match message {
            Message::Request(request) if request.method == "initialize" => request,
            Message::Request(request) => {
                reply_error(
                    connection,
                    request.id,
                    ErrorCode::ServerNotInitialized,
                    "the server has not been initialised",
                );
                continue;
            }
            Message::Notification(n) if n.method == "exit" => return Ok(None),
            _ => continue,
        };
        let params: InitializeParams = match params(&request) {
            Ok(params) => params,
            Err(response) => {
                send(connection, *response);
                continue;
            }
        };
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref())
            .unwrap_or_default();
        let (encoding, kind) = if offered.contains(&PositionEncodingKind::UTF8) {
            (Encoding::Utf8, PositionEncodingKind::UTF8)
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            (Encoding::Utf32, PositionEncodingKind::UTF32)
        } else {
            (Encoding::Utf16, PositionEncodingKind::UTF16)
        };
        let roots = workspace_roots(&params);
        let result = InitializeResult {
            capabilities: capabilities(kind),
            server_info: Some(ServerInfo {
                name: "profile-check".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        send(connection, Response::new_ok(request.id, result));
        return Ok(Some((encoding, roots)));
    }
    Ok(None)
}

/// The workspace's folders: every workspace folder, else its root URI (those that are
/// local folders).
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    #[allow(deprecated)]
    let uris: Vec<&Uri> = if params
        .workspace_folders
        .as_ref()
        .is_some_and(|f| !f.is_empty())
    {
        folders.collect()
    } else {
        params.root_uri.iter().collect()
    };
    for uri in uris {
        if let Some(path) = documents::path_of(uri).filter(|p| p.is_dir())
            && !roots.contains(&path)
        {
            roots.push(path);
        }
    }
    roots
}

/// What the server offers.
fn capabilities(encoding: PositionEncodingKind) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

impl State<'_> {
    /// Handles a notification; one the server has no use for is ignored, as LSP asks.
    fn notice(&mut self, connection: &Connection, notification: Notification) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
            Notification as _,
        };
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let d = p.text_document;
                    self.documents.open(&d.uri, d.version, d.text);
                    self.dirty = true;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    // Full sync was agreed; a client that sends ranges anyway has them
                    // applied, and one that cannot be is told and the file marked.
                    let d = p.text_document;
                    if let Err(message) =
                        self.documents
                            .change(&d.uri, d.version, p.content_changes, self.encoding)
                    {
                        show_error(connection, &message);
                    }
                    self.dirty = true;
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.documents.close(&p.text_document.uri);
                    self.dirty = true;
                }
            }
            DidSaveTextDocument::METHOD => self.dirty = true,
            transport::TOO_LARGE => {
                let uri = notification
                    .params
                    .get("uri")
                    .and_then(|u| serde_json::from_value::<Uri>(u.clone()).ok());
                let message = notification
                    .params
                    .get("message")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("a message over the size limit was skipped")
                    .to_owned();
                show_error(connection, &message);
                if let Some(uri) = uri {
                    self.documents.too_large(&uri, message);
                    self.dirty = true;
                }
            }
            _ => {}
        }
    }

    /// Runs the gate on the open buffers and publishes its diagnostics.
    fn refresh(&mut self, connection: &Connection) {
        self.dirty = false;
        let runner = self.runner;
        let mut found = Vec::new();
        for (root, gate) in &mut self.folders {
            // Paths in profile-check.toml and in every report are relative to the
            // working directory, as for `check` run from the workspace's folder.
            if let Some(root) = root {
                let _ = std::env::set_current_dir(&*root);
            }
            *gate = crate::load::overlay::with(self.documents.overlay(), runner);
            found.extend(diagnostics::collect(gate, &self.documents, self.encoding));
        }
        // Under the URIs the client knows each file by (every one it has it open under).
        let mut now: BTreeMap<String, (Uri, Option<i32>, Vec<lsp_types::Diagnostic>)> =
            BTreeMap::new();
        for (path, list) in found {
            for (uri, version) in self.documents.uris_of(&path) {
                // The gate reads a text without its byte-order mark; the editor's first
                // line has it, one character before the gate's columns.
                let bom = self
                    .documents
                    .get(&uri)
                    .is_some_and(|d| d.text.starts_with('\u{feff}'));
                let entry = now
                    .entry(uri.as_str().to_owned())
                    .or_insert_with(|| (uri, version, Vec::new()));
                for d in &list {
                    let mut d = d.clone();
                    if bom {
                        let shift = self.encoding.width_of('\u{feff}');
                        for at in [&mut d.range.start, &mut d.range.end] {
                            if at.line == 0 {
                                at.character = at.character.saturating_add(shift);
                            }
                        }
                    }
                    if !entry.2.contains(&d) {
                        entry.2.push(d);
                    }
                }
            }
        }
        // A document whose text the server could not follow says so.
        for (text, version, problem) in self.documents.problems() {
            let Ok(uri) = text.parse::<Uri>() else {
                continue;
            };
            let entry = now
                .entry(text.to_owned())
                .or_insert_with(|| (uri, Some(version), Vec::new()));
            entry.2.insert(
                0,
                lsp_types::Diagnostic {
                    range: lsp_types::Range::default(),
                    severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                    source: Some(diagnostics::SOURCE.to_owned()),
                    message: problem.to_owned(),
                    ..lsp_types::Diagnostic::default()
                },
            );
        }
        // Every open document is told where it stands, also when it holds nothing wrong
        // (or no longer does), and so is every file that had diagnostics last time.
        let cleared: Vec<String> = self
            .published
            .iter()
            .map(String::as_str)
            .chain(self.documents.uris())
            .filter(|u| !now.contains_key(*u))
            .map(str::to_owned)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for text in cleared {
            let Ok(uri) = text.parse::<Uri>() else {
                continue;
            };
            let version = self.documents.get(&uri).map(|d| d.version);
            now.insert(text, (uri, version, Vec::new()));
        }
        let mut published = HashSet::new();
        for (text, (uri, version, diagnostics)) in now {
            if !diagnostics.is_empty() {
                published.insert(text);
            }
            let params = lsp_types::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            send(
                connection,
                Notification::new("textDocument/publishDiagnostics".to_owned(), params),
            );
        }
        self.published = published;
    }

    /// The run of the workspace folder `uri` lies in (the innermost), with the working
    /// directory moved there so that the paths it names read as they did.
    fn folder_of(&self, uri: &Uri) -> &Gate {
        let path = documents::path_of(uri).unwrap_or_default();
        let identity = crate::load::overlay::identity(&path);
        let inside = |root: &Path| {
            path.starts_with(root) || identity.starts_with(crate::load::overlay::identity(root))
        };
        let chosen = self
            .folders
            .iter()
            .filter(|(root, _)| root.as_deref().is_none_or(inside))
            .max_by_key(|(root, _)| root.as_ref().map_or(0, |r| r.components().count()))
            .or_else(|| self.folders.first());
        match chosen {
            Some((root, gate)) => {
                if let Some(root) = root {
                    let _ = std::env::set_current_dir(root);
                }
                gate
            }
            None => &self.empty,
        }
    }

    /// Answers a request.
    fn answer(&self, request: Request) -> Response {
        match request.method.as_str() {
            "textDocument/hover" => respond(&request, |p: lsp_types::HoverParams| {
                let gate = self.folder_of(&p.text_document_position_params.text_document.uri);
                navigation::hover(gate, &self.documents, self.encoding, &p)
            }),
            "textDocument/definition" => respond(&request, |p: lsp_types::GotoDefinitionParams| {
                let gate = self.folder_of(&p.text_document_position_params.text_document.uri);
                navigation::definition(gate, &self.documents, self.encoding, &p)
            }),
            "textDocument/codeAction" => respond(&request, |p: lsp_types::CodeActionParams| {
                let gate = self.folder_of(&p.text_document.uri);
                actions::code_actions(gate, &self.documents, self.encoding, &p)
            }),
            _ => Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("the server does not handle `{}`", escape(&request.method)),
            ),
        }
    }
}

/// The answer to `request`: `handle`'s result for its parameters, or an error when they
/// are not of the method's shape or name a place that does not exist.
fn respond<P: DeserializeOwned, R: serde::Serialize>(
    request: &Request,
    handle: impl FnOnce(P) -> Result<R, String>,
) -> Response {
    match params::<P>(request) {
        Ok(p) => match handle(p) {
            Ok(result) => Response::new_ok(request.id.clone(), result),
            Err(message) => {
                Response::new_err(request.id.clone(), ErrorCode::InvalidParams as i32, message)
            }
        },
        Err(response) => *response,
    }
}

/// `request`'s parameters as `P`, or the error response that says they are not.
fn params<P: DeserializeOwned>(request: &Request) -> Result<P, Box<Response>> {
    serde_json::from_value(request.params.clone()).map_err(|e| {
        Box::new(Response::new_err(
            request.id.clone(),
            ErrorCode::InvalidParams as i32,
            format!(
                "the parameters of `{}` are not valid: {e}",
                escape(&request.method)
            ),
        ))
    })
}

fn escape(text: &str) -> String {
    let shown: String = text.chars().take(100).collect();
    crate::escape::escape_controls(&shown)
}

fn reply_error(connection: &Connection, id: RequestId, code: ErrorCode, message: &str) {
    send(
        connection,
        Response::new_err(id, code as i32, message.to_owned()),
    );
}

/// Tells the user of an error through the editor (`window/showMessage`).
fn show_error(connection: &Connection, message: &str) {
    let params = lsp_types::ShowMessageParams {
        typ: lsp_types::MessageType::ERROR,
        message: format!("profile-check: {message}"),
    };
    send(
        connection,
        Notification::new("window/showMessage".to_owned(), params),
    );
}

/// Sends a message; a client that has gone away ends the loop at its next read.
fn send(connection: &Connection, message: impl Into<Message>) {
    let _ = connection.sender.send(message.into());
}

#[cfg(test)]
mod tests;
