//! The editor's open documents: their text as the editor holds it (unsaved), file URIs
//! and paths, and positions in the encoding the client and the server agreed on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{Position, Range, Uri};

use crate::load::overlay::{Overlay, identity};

/// How a position's `character` counts: LSP's default is UTF-16 code units; a client
/// that offers `utf-8` or `utf-32` gets that instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes.
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Code points (the columns of the reports).
    Utf32,
}

impl Encoding {
    /// The units `c` takes, as a position's character counts them.
    pub fn width_of(self, c: char) -> u32 {
        u32::try_from(self.width(c)).unwrap_or(u32::MAX)
    }

    /// The units `c` takes.
    fn width(self, c: char) -> usize {
        match self {
            Self::Utf8 => c.len_utf8(),
            Self::Utf16 => c.len_utf16(),
            Self::Utf32 => 1,
        }
    }
}

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it stands for (absolute, as the client names it).
    pub path: PathBuf,
    /// The file it stands for, however it is reached ([`identity`]).
    pub identity: PathBuf,
    /// The editor's text.
    pub text: Arc<str>,
    /// The editor's version of it.
    pub version: i32,
    /// The editor's text was over the size limit and is kept only up to it.
    pub truncated: bool,
    /// Why the server's copy of the text may not be the editor's (a change it could not
    /// apply, a message too large to read): shown on the file as an error.
    pub problem: Option<String>,
}

/// The most of an editor's text that is kept: one byte past the inputs' size limit, so
/// that the gate still reports the text as over it.
pub const KEPT_BYTES: usize = usize_of(crate::load::limits::MAX_FILE_BYTES) + 1;

const fn usize_of(n: u64) -> usize {
    if n > usize::MAX as u64 {
        usize::MAX - 1
    } else {
        n as usize
    }
}

/// `text` cut after [`KEPT_BYTES`] (at the next character's start); whether it was cut.
fn capped(mut text: String) -> (String, bool) {
    if text.len() <= KEPT_BYTES {
        return (text, false);
    }
    let mut end = KEPT_BYTES;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text.truncate(end);
    text.shrink_to_fit();
    (text, true)
}

/// The open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<String, Document>,
    overlay: Overlay,
    /// The workspace's folders as the client names them, each with the path the gate
    /// reads it under (its links resolved): a file the gate names is published under the
    /// client's name for it.
    roots: Vec<(PathBuf, PathBuf)>,
}

impl Documents {
    /// Names the workspace's folders as the client does (absolute paths).
    pub fn set_roots(&mut self, roots: &[PathBuf]) {
        self.roots = roots.iter().map(|r| (r.clone(), identity(r))).collect();
    }

    /// Opens (or replaces) `uri` with `text`. A URI that is not a local file is ignored:
    /// the gate reads files.
    pub fn open(&mut self, uri: &Uri, version: i32, text: String) {
        let Some(path) = path_of(uri) else {
            return;
        };
        let (text, truncated) = capped(text);
        let text: Arc<str> = Arc::from(text);
        self.overlay.insert(&path, Arc::clone(&text));
        self.open.insert(
            uri.as_str().to_owned(),
            Document {
                identity: identity(&path),
                path,
                text,
                version,
                truncated,
                problem: None,
            },
        );
    }

    /// Applies the changes of a `didChange` to `uri` in order: a change with a range
    /// replaces that range, one without the whole text. A change that cannot be applied
    /// (a range past the end, a text cut at the size limit) leaves the document marked
    /// with the reason, which is also returned.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<lsp_types::TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<(), String> {
        let mut text: Option<String> = self.get(uri).map(|d| d.text.to_string());
        let mut truncated = self.get(uri).is_some_and(|d| d.truncated);
        let mut failed = None;
        for change in changes {
            let Some(range) = change.range else {
                let (whole, cut) = capped(change.text);
                text = Some(whole);
                truncated = cut;
                continue;
            };
            let Some(current) = text.as_mut() else {
                failed = Some("a change to a range of a document that is not open".to_owned());
                break;
            };
            if truncated {
                failed = Some(format!(
                    "a change to a range of a text over the size limit (only {KEPT_BYTES} bytes of it are kept)"
                ));
                break;
            }
            let start = offset(current, range.start, encoding);
            let end = offset(current, range.end, encoding);
            match (start, end) {
                (Some(start), Some(end)) if start <= end => {
                    current.replace_range(start..end, &change.text);
                    let (whole, cut) = capped(std::mem::take(current));
                    *current = whole;
                    truncated = cut;
                }
                _ => {
                    failed = Some(format!(
                        "a change to lines {}-{}, past the end of the text the server holds",
                        range.start.line, range.end.line
                    ));
                    break;
                }
            }
        }
        if let Some(text) = text {
            self.open(uri, version, text);
        }
        match failed {
            None => Ok(()),
            Some(reason) => {
                let message = format!(
                    "the server could not follow the editor's text ({reason}); what it checks may not be what you see: close and reopen the file"
                );
                self.mark(uri, message.clone());
                Err(message)
            }
        }
    }

    /// Marks `uri` with `problem`, shown on it as an error until it is opened or changed
    /// again.
    pub fn mark(&mut self, uri: &Uri, problem: String) {
        if let Some(document) = self.open.get_mut(uri.as_str()) {
            document.problem = Some(problem);
        }
    }

    /// The open documents marked with a problem: URI, version and the problem.
    pub fn problems(&self) -> impl Iterator<Item = (&str, i32, &str)> + '_ {
        self.open
            .iter()
            .filter_map(|(uri, d)| Some((uri.as_str(), d.version, d.problem.as_deref()?)))
    }

    /// A change to `uri` too large to be read: the file is laid over with a text over the
    /// size limit (the gate fails closed on it, as on a file that large) and marked.
    pub fn too_large(&mut self, uri: &Uri, problem: String) {
        let version = self.get(uri).map_or(0, |d| d.version);
        self.open(uri, version, "#".repeat(KEPT_BYTES));
        self.mark(uri, problem);
    }

    /// Closes `uri`: the file on disk is read again, unless the editor still has it open
    /// under another URI.
    pub fn close(&mut self, uri: &Uri) {
        if let Some(document) = self.open.remove(uri.as_str()) {
            self.overlay.remove(&document.path);
            if let Some(other) = self.open.values().find(|d| d.identity == document.identity) {
                self.overlay.insert(&other.path, Arc::clone(&other.text));
            }
        }
    }

    /// The open document `uri`.
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri.as_str())
    }

    /// The open document of the file at `path` (however it is reached).
    pub fn at(&self, path: &Path) -> Option<&Document> {
        let identity = identity(path);
        self.open.values().find(|d| d.identity == identity)
    }

    /// The URIs the client knows the file at `path` by (a path the gate names, relative
    /// to the folder it runs in, made absolute), each with the version of its open
    /// document: every URI it has the file open under, else the file under the client's
    /// name for the workspace folder it lies in, else the path as it is.
    pub fn uris_of(&self, path: &Path) -> Vec<(Uri, Option<i32>)> {
        let identity = identity(path);
        let mut open: Vec<(Uri, Option<i32>)> = self
            .open
            .iter()
            .filter(|(_, d)| d.identity == identity)
            .filter_map(|(uri, d)| Some((uri.parse().ok()?, Some(d.version))))
            .collect();
        if !open.is_empty() {
            open.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
            return open;
        }
        uri_of(&self.client_path(path))
            .map(|u| (u, None))
            .into_iter()
            .collect()
    }

    /// One URI of the file at `path` ([`Self::uris_of`]).
    pub fn uri_for(&self, path: &Path) -> Option<Uri> {
        self.uris_of(path).into_iter().next().map(|(u, _)| u)
    }

    /// `path` under the client's name for the workspace folder it lies in.
    fn client_path(&self, path: &Path) -> PathBuf {
        let path = crate::load::normalized(path);
        for (client, resolved) in &self.roots {
            if path.starts_with(client) {
                return path;
            }
            if let Ok(rest) = path.strip_prefix(resolved) {
                return client.join(rest);
            }
        }
        path
    }

    /// The files of the open documents ([`identity`]).
    pub fn open_identities(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.open.values().map(|d| d.identity.clone())
    }

    /// The URIs of the open documents.
    pub fn uris(&self) -> impl Iterator<Item = &str> + '_ {
        self.open.keys().map(String::as_str)
    }

    /// The open documents laid over the files they stand for.
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }
}

/// The local path of a `file:` URI (percent-decoded), absolute and lexically normalised.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///p` and `file://localhost/p`; another host is no local file.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let bytes = percent_decode(rest)?;
    let text = String::from_utf8(bytes).ok()?;
    let path = PathBuf::from(text);
    path.is_absolute().then(|| crate::load::normalized(&path))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.parse().ok()
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

/// Where each line of `text` starts (LF, CRLF and a lone CR end a line, as in LSP and as
/// the YAML parser counts them).
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return Some(0);
    }
    crate::source::line_starts(text).nth(line)
}

/// The text of the line starting at byte `start`, without its ending.
fn line_at(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or_default();
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    rest.get(..end).unwrap_or_default()
}

/// The byte offset of `position` in `text`; `None` for a line past the end. A character
/// past the end of its line stands for the line's end, as LSP says.
pub fn offset(text: &str, position: Position, encoding: Encoding) -> Option<usize> {
    let start = line_start(text, usize::try_from(position.line).ok()?)?;
    let line = line_at(text, start);
    let wanted = usize::try_from(position.character).ok()?;
    let mut units = 0;
    for (index, c) in line.char_indices() {
        if units >= wanted {
            return Some(start + index);
        }
        units += encoding.width(c);
    }
    Some(start + line.len())
}

/// The position of byte `offset` in `text` (an offset inside a character stands for the
/// character's start; one past the end for the end).
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(text.len());
    let mut line = 0u32;
    let mut start = 0;
    for next in crate::source::line_starts(text).skip(1) {
        if next > offset {
            break;
        }
        line += 1;
        start = next;
    }
    let prefix = text.get(start..offset).unwrap_or_else(|| {
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.get(start..end).unwrap_or_default()
    });
    let character = prefix.chars().map(|c| encoding.width(c)).sum::<usize>();
    Position::new(line, u32::try_from(character).unwrap_or(u32::MAX))
}

/// The range of a span of the reports (1-based line and column in code points, a length
/// in code points) on `line_text`, the text of its line: at least one character wide
/// where the line has one.
pub fn span_range(line: u32, column: u32, len: u32, line_text: &str, encoding: Encoding) -> Range {
    let line = line.saturating_sub(1);
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let take = usize::try_from(len.max(1)).unwrap_or(usize::MAX);
    let units = |chars: &mut dyn Iterator<Item = char>| {
        u32::try_from(chars.map(|c| encoding.width(c)).sum::<usize>()).unwrap_or(u32::MAX)
    };
    let start = units(&mut line_text.chars().take(skip));
    let width = units(&mut line_text.chars().skip(skip).take(take));
    Range::new(
        Position::new(line, start),
        Position::new(line, start.saturating_add(width)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_in_the_agreed_units() {
        // `я` is 2 bytes and 1 UTF-16 unit; `𝄞` 4 bytes and 2 units.
        let text = "a: я𝄞x\r\nb: c\rd\n";
        let x = text.find('x').unwrap_or_default();
        assert_eq!(position(text, x, Encoding::Utf16), Position::new(0, 6));
        assert_eq!(position(text, x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(position(text, x, Encoding::Utf32), Position::new(0, 5));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(offset(text, position(text, x, encoding), encoding), Some(x));
        }
        let d = text.find('d').unwrap_or_default();
        assert_eq!(position(text, d, Encoding::Utf16), Position::new(2, 0));
        assert_eq!(offset(text, Position::new(2, 0), Encoding::Utf16), Some(d));
        // Past the line's end: the line's end; past the last line: none.
        let end_of_b = text.find("\rd").unwrap_or_default();
        assert_eq!(
            offset(text, Position::new(1, 99), Encoding::Utf16),
            Some(end_of_b)
        );
        assert_eq!(offset(text, Position::new(9, 0), Encoding::Utf16), None);
        assert_eq!(
            offset(text, Position::new(u32::MAX, u32::MAX), Encoding::Utf8),
            None
        );
    }

    #[test]
    fn a_span_becomes_a_range_in_utf16_units() {
        let line = "  - id: 𝄞-room";
        let range = span_range(3, 9, 6, line, Encoding::Utf16);
        assert_eq!(range.start, Position::new(2, 8));
        assert_eq!(range.end, Position::new(2, 15));
        let range = span_range(3, 9, 6, line, Encoding::Utf8);
        assert_eq!(range.end, Position::new(2, 8 + 4 + 5));
    }

    #[test]
    fn file_uris_and_paths_round_trip() {
        let path = PathBuf::from("/work/my profiles/прод.yaml");
        let uri = uri_of(&path);
        assert!(uri.is_some());
        let back = uri.as_ref().and_then(path_of);
        assert_eq!(back, Some(path));
        let other: Option<Uri> = "https://example.com/x".parse().ok();
        assert_eq!(other.as_ref().and_then(path_of), None);
    }
}
