//! A runtime input that starts with `{`, read as kubectl reads it: as JSON (kubectl's
//! decoder reads such a file as JSON objects, not as YAML). The text is read in chunks and
//! given to the located tree's [`Builder`] as the YAML parser's events, so that a JSON
//! input is built, passed over and limited exactly as a YAML one; what the reading hands
//! over apart (a list's items) is taken as soon as it is read, and the text read before it
//! let go of: a `kubectl get -o json` dump of any size is read in the memory of its largest
//! resource.
//!
//! The JSON is read strictly (RFC 8259), as Go's decoder reads it: a file that is no JSON
//! is refused, not guessed at. A string's invalid surrogate escape becomes U+FFFD, as Go
//! decodes it.

use std::borrow::Cow;
use std::io::Read;

use granit_parser::{Event, ScalarStyle, StructureStyle};

use super::super::tree::{Builder, Reading, Ready};
use super::kept::Kept;
use crate::error::{Problem, thousands};
use crate::source::Span;

/// The bytes read from the input at a time.
const CHUNK: usize = 64 * 1024;

/// The longest number read (JSON sets no limit; no field the gate reads needs more).
const MAX_NUMBER: usize = 4096;

/// What the reader does with each value read whole: takes it, and names the lines to keep.
pub(super) type Take<'t> = dyn FnMut(Ready, &mut Kept) -> Result<(), Problem> + 't;

/// Reads the JSON value of `input`, whose first line is line 1, into `builder`'s events,
/// handing each value read whole to `take`; the text read goes to `kept`. Stops at the
/// first problem.
pub(super) fn read(
    input: &mut dyn Read,
    reading: &Reading,
    kept: &mut Kept,
    take: &mut Take<'_>,
    max_unit: usize,
) -> Result<(), Problem> {
    let mut json = Json {
        input,
        buf: vec![0; CHUNK].into_boxed_slice(),
        pos: 0,
        end: 0,
        pushed: 0,
        eof: false,
        line: 1,
        column: 1,
        builder: Builder::new(*reading),
        depth: 0,
        max_depth: reading.max_parse_depth,
        max_unit,
    };
    let read = json.document(kept, take);
    if read.is_err() {
        json.rest_of_line(kept);
    }
    read
}

/// One container being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Object,
    Array,
}

/// What comes next.
#[derive(Clone, Copy)]
enum Next {
    Value,
    Key,
    After,
}

struct Json<'i> {
    input: &'i mut dyn Read,
    buf: Box<[u8]>,
    /// The next byte to read in `buf`.
    pos: usize,
    /// The end of what `buf` holds.
    end: usize,
    /// How much of `buf` is already given to [`Kept`].
    pushed: usize,
    eof: bool,
    /// The place of the next byte.
    line: u32,
    column: u32,
    builder: Builder,
    /// How deep the containers nest here, those passed over included.
    depth: usize,
    max_depth: usize,
    /// Most bytes held for one value handed over (and what comes before it).
    max_unit: usize,
}

impl Json<'_> {
    /// The next byte, not read yet; `None` at the end.
    #[inline]
    fn peek(&mut self, kept: &mut Kept) -> Result<Option<u8>, Problem> {
        if self.pos < self.end {
            return Ok(self.buf.get(self.pos).copied());
        }
        self.refill(kept)
    }

    /// Reads the next chunk, once every byte of the last one is read.
    #[cold]
    fn refill(&mut self, kept: &mut Kept) -> Result<Option<u8>, Problem> {
        if self.eof {
            return Ok(None);
        }
        kept.push(self.buf.get(self.pushed..self.end).unwrap_or_default());
        if kept.held() > self.max_unit {
            return Err(Problem::limit(
                self.here(1),
                format!(
                    "one resource (with what stands before it) holds more than {} bytes, over the limit",
                    thousands(self.max_unit)
                ),
            )
            .help("a Kubernetes object is at most 1.5 MiB (etcd's limit): check that this is `kubectl get -o json` output, or split the file"));
        }
        self.pos = 0;
        self.pushed = 0;
        self.end = 0;
        loop {
            match self.input.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(None);
                }
                Ok(n) => {
                    self.end = n;
                    return Ok(self.buf.first().copied());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Problem::unreadable(
                        self.here(1),
                        format!("cannot read the input here: {e}"),
                    )
                    .help("check that the file can be read"));
                }
            }
        }
    }

    /// Gives `kept` the rest of the line read (reading on up to its end, within what a
    /// snippet shows), for the snippet of a problem on it.
    fn rest_of_line(&mut self, kept: &mut Kept) {
        let mut more = 0;
        // The line goes on from the place read to, not from what was given last.
        let mut from = self.pos.saturating_sub(self.pushed);
        loop {
            let chunk = self.buf.get(self.pushed..self.end).unwrap_or_default();
            let end = chunk
                .get(from..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
                .map(|i| i + from);
            from = 0;
            kept.push(chunk.get(..end.unwrap_or(chunk.len())).unwrap_or_default());
            more += chunk.len();
            self.pushed = self.end;
            if end.is_some() || self.eof || more > super::kept::MAX_KEPT_LINE {
                return;
            }
            match self.input.read(&mut self.buf) {
                Ok(n) if n > 0 => {
                    self.pushed = 0;
                    self.end = n;
                }
                _ => return,
            }
        }
    }

    /// Gives the text read so far to `kept`.
    fn push(&mut self, kept: &mut Kept) {
        kept.push(self.buf.get(self.pushed..self.pos).unwrap_or_default());
        self.pushed = self.pos;
    }

    /// The place of the next byte, `len` code points long.
    fn here(&self, len: u32) -> Span {
        Span::new(self.line, self.column, len)
    }

    /// Moves past the next byte, `b`, which is no line break and no string content.
    fn bump(&mut self) {
        self.pos += 1;
        self.column = self.column.saturating_add(1);
    }

    /// Moves past white space.
    fn space(&mut self, kept: &mut Kept) -> Result<Option<u8>, Problem> {
        loop {
            // A run of spaces (a pretty-printed file's indentation) at once.
            let chunk = self.buf.get(self.pos..self.end).unwrap_or_default();
            let spaces = chunk.iter().position(|&b| b != b' ').unwrap_or(chunk.len());
            self.pos += spaces;
            self.column = self
                .column
                .saturating_add(u32::try_from(spaces).unwrap_or(u32::MAX));
            let Some(b) = self.peek(kept)? else {
                return Ok(None);
            };
            match b {
                b' ' | b'\t' => self.bump(),
                b'\n' => {
                    self.pos += 1;
                    self.line = self.line.saturating_add(1);
                    self.column = 1;
                }
                b'\r' => {
                    self.pos += 1;
                    // CRLF is one line break; a lone CR ends a line too.
                    if self.peek(kept)? != Some(b'\n') {
                        self.line = self.line.saturating_add(1);
                        self.column = 1;
                    }
                }
                _ => return Ok(Some(b)),
            }
        }
    }

    fn unexpected(&self, found: Option<u8>, expected: &str) -> Problem {
        let found = match found {
            None => "the end of the file".to_owned(),
            Some(b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)),
            Some(b) => format!("the byte 0x{b:02X}"),
        };
        Problem::syntax(
            self.here(1),
            format!("expected {expected}, found {found}: a file that starts with `{{` is read as JSON, as kubectl reads it"),
        )
        .help("`kubectl get -o json` prints valid JSON: check that this is its unedited output, or write the file in YAML")
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Problem> {
        self.builder.event(event, span)
    }

    /// Reads the one JSON value of the input (an object), then nothing but white space.
    fn document(&mut self, kept: &mut Kept, take: &mut Take<'_>) -> Result<(), Problem> {
        let first = self.space(kept)?;
        if first != Some(b'{') {
            return Err(self.unexpected(first, "`{`"));
        }
        let start = self.here(1);
        self.event(Event::DocumentStart(false, None), start)?;
        let mut stack: Vec<Open> = Vec::new();
        let mut next = Next::Value;
        loop {
            let b = self.space(kept)?;
            match next {
                Next::Value => {
                    next = Next::After;
                    match b {
                        Some(open @ (b'{' | b'[')) => {
                            let span = self.here(1);
                            self.depth += 1;
                            if self.depth > self.max_depth {
                                return Err(Problem::limit(
                                    span,
                                    format!("the JSON nests deeper than {} levels", self.max_depth),
                                )
                                .help("a release's manifests stay far within these limits: check that this is the right file"));
                            }
                            self.bump();
                            let object = open == b'{';
                            let event = if object {
                                Event::MappingStart(StructureStyle::Flow, 0, None)
                            } else {
                                Event::SequenceStart(StructureStyle::Flow, 0, None)
                            };
                            self.event(event, span)?;
                            stack.push(if object { Open::Object } else { Open::Array });
                            let close = if object { b'}' } else { b']' };
                            if self.space(kept)? == Some(close) {
                                next = Next::After;
                                self.close(&mut stack, kept, take)?;
                            } else if object {
                                next = Next::Key;
                            } else {
                                next = Next::Value;
                            }
                        }
                        Some(b'"') => self.string(kept)?,
                        Some(b'-' | b'0'..=b'9') => self.number(kept)?,
                        Some(b't') => self.word(kept, "true")?,
                        Some(b'f') => self.word(kept, "false")?,
                        Some(b'n') => self.word(kept, "null")?,
                        found => return Err(self.unexpected(found, "a value")),
                    }
                }
                Next::Key => {
                    if b != Some(b'"') {
                        return Err(self.unexpected(b, "a key in double quotes"));
                    }
                    self.string(kept)?;
                    let colon = self.space(kept)?;
                    if colon != Some(b':') {
                        return Err(self.unexpected(colon, "`:` after the key"));
                    }
                    self.bump();
                    next = Next::Value;
                }
                Next::After => {
                    let Some(&open) = stack.last() else {
                        // The document's object is read: nothing but white space may follow.
                        if b.is_some() {
                            return Err(Problem::syntax(
                                self.here(1),
                                "content after the file's JSON object: kubectl reads such a file as JSON objects one after another, which the gate does not",
                            )
                            .help("print one object (`kubectl get -o json` prints one `List`), or split the file"));
                        }
                        self.event(Event::DocumentEnd, self.here(0))?;
                        self.take(kept, take)?;
                        self.push(kept);
                        return Ok(());
                    };
                    let close = if open == Open::Object { b'}' } else { b']' };
                    match b {
                        Some(b',') => {
                            self.bump();
                            next = if open == Open::Object {
                                Next::Key
                            } else {
                                Next::Value
                            };
                        }
                        Some(c) if c == close => self.close(&mut stack, kept, take)?,
                        found => {
                            let expected = if open == Open::Object {
                                "`,` or `}`"
                            } else {
                                "`,` or `]`"
                            };
                            return Err(self.unexpected(found, expected));
                        }
                    }
                }
            }
            self.take(kept, take)?;
        }
    }

    /// Reads the closing bracket of the innermost container.
    fn close(
        &mut self,
        stack: &mut Vec<Open>,
        kept: &mut Kept,
        take: &mut Take<'_>,
    ) -> Result<(), Problem> {
        let span = self.here(1);
        self.bump();
        let open = stack.pop();
        self.depth = self.depth.saturating_sub(1);
        let event = match open {
            Some(Open::Array) => Event::SequenceEnd,
            _ => Event::MappingEnd,
        };
        self.event(event, span)?;
        self.take(kept, take)
    }

    /// Hands over what is read whole, and lets go of the text before it.
    fn take(&mut self, kept: &mut Kept, take: &mut Take<'_>) -> Result<(), Problem> {
        let mut any = false;
        while let Some(ready) = self.builder.take() {
            self.push(kept);
            take(ready, kept)?;
            any = true;
        }
        if any {
            kept.settle();
        }
        Ok(())
    }

    /// Reads a string (the next byte is its `"`) and gives it to the builder, unless the
    /// builder passes over the value it stands in: a value passed over is read for its
    /// syntax only (its brackets still go to the builder, which counts them).
    fn string(&mut self, kept: &mut Kept) -> Result<(), Problem> {
        if self.builder.is_passing_over() {
            return self.skip_string(kept);
        }
        let start = self.here(0);
        // Most strings stand whole in the chunk, with no escape: given to the builder as
        // they stand, with no copy.
        let body = self.pos + 1;
        let chunk = self.buf.get(body..self.end).unwrap_or_default();
        if let Some(close) = memchr::memchr2(b'"', b'\\', chunk)
            && chunk.get(close) == Some(&b'"')
            && let Some(raw) = chunk.get(..close)
            && !raw.iter().any(|&b| b < 0x20)
        {
            let Ok(text) = std::str::from_utf8(raw) else {
                return Err(self.not_utf8(start));
            };
            let points = if raw.is_ascii() {
                raw.len()
            } else {
                text.chars().count()
            };
            let points = u32::try_from(points).unwrap_or(u32::MAX);
            let len = points.saturating_add(2);
            self.pos = body + close + 1;
            self.column = self.column.saturating_add(len);
            return self.builder.event(
                Event::Scalar(Cow::Borrowed(text), ScalarStyle::DoubleQuoted, 0, None),
                Span { len, ..start },
            );
        }
        let (text, len) = self.string_text(kept, true)?;
        let span = Span { len, ..start };
        let text = String::from_utf8(text).map_err(|_| self.not_utf8(start))?;
        self.event(
            Event::Scalar(Cow::Owned(text), ScalarStyle::DoubleQuoted, 0, None),
            span,
        )
    }

    /// Reads a string passed over.
    fn skip_string(&mut self, kept: &mut Kept) -> Result<(), Problem> {
        let start = self.here(0);
        let (text, _) = self.string_text(kept, false)?;
        if std::str::from_utf8(&text).is_err() {
            return Err(self.not_utf8(start));
        }
        Ok(())
    }

    fn not_utf8(&self, at: Span) -> Problem {
        Problem::unreadable(at, "the string is not valid UTF-8")
            .help("save the file as UTF-8 (YAML and JSON are UTF-8 text)")
    }

    /// The bytes of a string (decoded when `decode`, else raw), and its length in code
    /// points with its quotes.
    fn string_text(&mut self, kept: &mut Kept, decode: bool) -> Result<(Vec<u8>, u32), Problem> {
        let start = self.here(1);
        self.bump();
        let mut out = Vec::new();
        let mut len: u32 = 1;
        // A high surrogate escape waiting for its low one: alone, it becomes U+FFFD, as
        // Go decodes it.
        let mut high: Option<u32> = None;
        loop {
            // The plain run up to a quote, a backslash or a control character.
            let chunk = self.buf.get(self.pos..self.end).unwrap_or_default();
            let end = memchr::memchr2(b'"', b'\\', chunk).unwrap_or(chunk.len());
            // A control character before the end stops the run there.
            let run = chunk
                .get(..end)
                .and_then(|c| c.iter().position(|&b| b < 0x20))
                .unwrap_or(end);
            let plain = chunk.get(..run).unwrap_or_default();
            if high.is_some() && run > 0 {
                high = None;
                push_char(&mut out, '\u{fffd}');
            }
            let points = plain.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            len = len.saturating_add(u32::try_from(points).unwrap_or(u32::MAX));
            self.column = self
                .column
                .saturating_add(u32::try_from(points).unwrap_or(u32::MAX));
            if decode || !plain.is_ascii() {
                out.extend_from_slice(plain);
            } else if !plain.is_empty() && !out.is_empty() {
                // A string passed over keeps only its bytes beyond ASCII, for the UTF-8
                // check; one ASCII byte stands for the run between them, so that no two
                // pieces of a broken character join.
                out.push(b'a');
            }
            self.pos += run;
            let Some(b) = self.peek(kept)? else {
                return Err(Problem::syntax(
                    start,
                    "the string is never closed: the file ends before its `\"`",
                )
                .help("close the string with `\"`"));
            };
            match b {
                b'"' => {
                    self.bump();
                    len = len.saturating_add(1);
                    if high.is_some() {
                        push_char(&mut out, '\u{fffd}');
                    }
                    return Ok((out, len));
                }
                b'\\' => {
                    self.bump();
                    len = len.saturating_add(1);
                    let Some(e) = self.peek(kept)? else {
                        continue;
                    };
                    self.bump();
                    len = len.saturating_add(1);
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => {
                            return Err(Problem::syntax(
                                Span::new(self.line, self.column.saturating_sub(2), 2),
                                "an escape that JSON does not have",
                            )
                            .help("JSON escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`"));
                        }
                    };
                    if !decode && !out.is_empty() {
                        out.push(b'a');
                    }
                    if let Some(c) = simple {
                        if decode {
                            if high.take().is_some() {
                                push_char(&mut out, '\u{fffd}');
                            }
                            out.push(c);
                        }
                        continue;
                    }
                    let unit = self.hex4(kept)?;
                    len = len.saturating_add(4);
                    if decode {
                        match (high.take(), unit) {
                            (Some(h), 0xDC00..0xE000) => {
                                let c = char::from_u32(
                                    0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00),
                                );
                                push_char(&mut out, c.unwrap_or('\u{fffd}'));
                            }
                            (h, _) => {
                                if h.is_some() {
                                    push_char(&mut out, '\u{fffd}');
                                }
                                if (0xD800..0xDC00).contains(&unit) {
                                    high = Some(unit);
                                } else {
                                    push_char(&mut out, char::from_u32(unit).unwrap_or('\u{fffd}'));
                                }
                            }
                        }
                    }
                }
                // A chunk ended inside the string: read on.
                0x20.. => {}
                _ => {
                    return Err(Problem::syntax(
                        self.here(1),
                        format!(
                            "a control character (U+{b:04X}) inside a string: JSON writes it as an escape"
                        ),
                    )
                    .help("write it as `\\n`, `\\t` or `\\u00XX`; a string ends on its line"));
                }
            }
        }
    }

    /// The four hexadecimal digits of a `\u` escape.
    fn hex4(&mut self, kept: &mut Kept) -> Result<u32, Problem> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self
                .peek(kept)?
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| {
                    Problem::syntax(self.here(1), "a `\\u` escape needs four hexadecimal digits")
                        .help("write the character as `\\uXXXX`, e.g. `\\u00e9`")
                })?;
            self.bump();
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    /// Reads a number and gives it to the builder.
    fn number(&mut self, kept: &mut Kept) -> Result<(), Problem> {
        let start = self.here(0);
        let text = self.number_text(kept)?;
        if self.builder.is_passing_over() {
            return Ok(());
        }
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        self.event(
            Event::Scalar(Cow::Owned(text), ScalarStyle::Plain, 0, None),
            Span { len, ..start },
        )
    }

    /// The text of a number, checked against JSON's grammar.
    fn number_text(&mut self, kept: &mut Kept) -> Result<String, Problem> {
        let start = self.here(1);
        let mut text = String::new();
        while let Some(b) = self.peek(kept)? {
            if !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                break;
            }
            text.push(char::from(b));
            self.bump();
            if text.len() > MAX_NUMBER {
                return Err(Problem::limit(
                    start,
                    format!("a number of more than {MAX_NUMBER} characters"),
                )
                .help("write the number as `kubectl get -o json` prints it"));
            }
        }
        if is_json_number(&text) {
            Ok(text)
        } else {
            Err(Problem::syntax(
                Span {
                    len: u32::try_from(text.len()).unwrap_or(1),
                    ..start
                },
                format!("`{text}` is no JSON number"),
            )
            .help(
                "write the number as JSON does: `3`, `-1`, `0.5`, `1e3` (no leading zeros, no `+`)",
            ))
        }
    }

    /// Reads `true`, `false` or `null` and gives it to the builder.
    fn word(&mut self, kept: &mut Kept, word: &'static str) -> Result<(), Problem> {
        let start = self.here(0);
        self.literal(kept, word)?;
        if self.builder.is_passing_over() {
            return Ok(());
        }
        let len = u32::try_from(word.len()).unwrap_or(4);
        self.event(
            Event::Scalar(Cow::Borrowed(word), ScalarStyle::Plain, 0, None),
            Span { len, ..start },
        )
    }

    /// Reads the letters of `word`.
    fn literal(&mut self, kept: &mut Kept, word: &str) -> Result<(), Problem> {
        for expected in word.bytes() {
            let b = self.peek(kept)?;
            if b != Some(expected) {
                return Err(self.unexpected(b, &format!("`{word}`")));
            }
            self.bump();
        }
        Ok(())
    }
}

/// Appends `c` to `out` in UTF-8.
fn push_char(out: &mut Vec<u8>, c: char) {
    let mut bytes = [0; 4];
    out.extend_from_slice(c.encode_utf8(&mut bytes).as_bytes());
}

/// Whether `text` is a number by JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    let rest = text.strip_prefix('-').unwrap_or(text);
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let whole = digits(rest);
    if whole == 0 || (whole > 1 && rest.starts_with('0')) {
        return false;
    }
    let mut rest = rest.get(whole..).unwrap_or_default();
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = fraction.get(n..).unwrap_or_default();
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = exponent.get(n..).unwrap_or_default();
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::super::tree::{self, Kind, Node};
    use super::super::unread;
    use super::*;
    use proptest::prelude::*;

    /// The trees the JSON reader hands over for `text`, or its problem.
    fn read_json(text: &str) -> Result<Vec<Node>, Problem> {
        let mut kept = Kept::new(usize::MAX);
        let mut nodes = Vec::new();
        let mut take = |ready: Ready, _: &mut Kept| {
            nodes.push(ready.node);
            Ok(())
        };
        let mut input = text.as_bytes();
        read(&mut input, &unread::READING, &mut kept, &mut take, 1 << 20)?;
        Ok(nodes)
    }

    /// What a tree says, without where: kinds and values, in order.
    fn shape(node: &Node, out: &mut Vec<String>) {
        match &node.kind {
            Kind::Seq(items) => {
                out.push("[".to_owned());
                for item in items.iter() {
                    shape(item, out);
                }
                out.push("]".to_owned());
            }
            Kind::Map(pairs) => {
                out.push("{".to_owned());
                for (k, v) in pairs.iter() {
                    shape(k, out);
                    shape(v, out);
                }
                out.push("}".to_owned());
            }
            other => out.push(format!("{other:?}")),
        }
    }

    /// The places of the scalars of a tree, in order (a collection's start is the
    /// bracket, which the YAML parser may place otherwise).
    fn places(node: &Node, out: &mut Vec<(u32, u32, u32)>) {
        match &node.kind {
            Kind::Seq(items) => items.iter().for_each(|i| places(i, out)),
            Kind::Map(pairs) => pairs.iter().for_each(|(k, v)| {
                places(k, out);
                places(v, out);
            }),
            _ => out.push((node.span.line, node.span.column, node.span.len)),
        }
    }

    /// A JSON value of a few levels, written with varied spacing and line breaks.
    fn json_value() -> impl Strategy<Value = String> {
        let string = "[a-zA-Z0-9 _./:-]{0,12}|[а-я\\u{e9}\\u{1f600}]{0,4}"
            .prop_map(|s| serde_json::to_string(&s).unwrap_or_default());
        let escaped = prop_oneof![
            Just("\"\\n\\t\\\"\\\\\\/\"".to_owned()),
            Just("\"\\u00e9\\u0041\\ud83d\\ude00\"".to_owned()),
        ];
        let leaf = prop_oneof![
            string,
            escaped,
            Just("true".to_owned()),
            Just("false".to_owned()),
            Just("null".to_owned()),
            (-1000i64..1000).prop_map(|n| n.to_string()),
            Just("1.5".to_owned()),
            Just("-0.25e3".to_owned()),
            Just("3.0".to_owned()),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            let space = prop_oneof![Just(""), Just(" "), Just("\n  "), Just("\r\n"), Just("\t")];
            prop_oneof![
                (
                    proptest::collection::vec(inner.clone(), 0..4),
                    space.clone()
                )
                    .prop_map(|(items, sp)| format!("[{sp}{}{sp}]", items.join(&format!(",{sp}")))),
                (
                    proptest::collection::btree_map("[a-z]{1,6}", inner, 0..4),
                    space
                )
                    .prop_map(|(pairs, sp)| {
                        let body: Vec<String> = pairs
                            .into_iter()
                            .map(|(k, v)| format!("\"{k}\":{sp}{v}"))
                            .collect();
                        format!("{{{sp}{}{sp}}}", body.join(&format!(",{sp}")))
                    }),
            ]
        })
    }

    proptest! {
        /// JSON is YAML: for any JSON object, the JSON reader builds the tree the YAML
        /// parser builds from the same text, every scalar at the same place.
        #[test]
        fn the_json_reader_builds_what_the_yaml_parser_builds(value in json_value()) {
            let text = format!("{{\"kind\": \"X\", \"data\": {value}}}\n");
            let Ok(yaml) = tree::parse(&text, &unread::READING) else {
                // Not every generated text is YAML the parser takes (a tab as indentation
                // inside flow is); the JSON reader is not held to it there.
                return Ok(());
            };
            let json = read_json(&text);
            prop_assert!(json.is_ok(), "{text:?}: {json:?}");
            let json = json.unwrap_or_default();
            prop_assert_eq!(json.len(), 1);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            shape(&yaml, &mut a);
            if let Some(first) = json.first() {
                shape(first, &mut b);
            }
            prop_assert_eq!(&a, &b, "{:?}", text);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            places(&yaml, &mut a);
            if let Some(first) = json.first() {
                places(first, &mut b);
            }
            prop_assert_eq!(a, b, "{:?}", text);
        }
    }

    #[test]
    fn numbers_follow_json_grammar() {
        for good in ["0", "-0", "3", "10", "0.5", "-1.25e-3", "1E9", "2e+2"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in [
            "", "-", "01", "+1", "1.", ".5", "1e", "1e+", "0x1", "1..2", "--1",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
