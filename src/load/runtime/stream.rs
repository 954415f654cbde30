//! A runtime input's YAML stream as `kubectl apply` splits it. kubectl does not read a
//! stream as YAML does: it cuts the text at every line that starts with `---` (followed by
//! nothing or a comment), whatever YAML would make of that line, then reads only the first
//! YAML document of each piece (`sigs.k8s.io/yaml`); a `---` line with content after it is
//! refused by current kubectl and not cut at by older ones (a file that starts with `{` is
//! JSON to kubectl: [`super::json`]). The gate reads the stream as kubectl does, piece by
//! piece, so that a stream of any length is read in the memory of its largest document;
//! where YAML would read a piece otherwise (a `---` kubectl does not cut at, content after
//! a `...`), what is applied cannot be told, and the input is refused at the line.

use std::io::{BufRead, Read};

use super::super::tree::{self, Reading};
use super::json::Take;
use super::kept::Kept;
use crate::error::{Problem, thousands};
use crate::source::{self, Span};

/// The longest `---` line read past a piece's budget (its comment included).
const SEPARATOR_LINE: usize = 4096;

/// Most documents (pieces between `---` lines, empty ones too) of one stream.
const MAX_PIECES: usize = 1_000_000;

/// Reads the YAML stream of `input` as kubectl cuts it: piece by piece, each piece (the
/// text between two `---` lines) parsed on its own, its values handed to `take`; the text
/// read goes to `kept`. A piece holds at most `max_piece` bytes. Stops at the first
/// problem.
pub(super) fn read(
    input: &mut dyn BufRead,
    reading: &Reading,
    kept: &mut Kept,
    take: &mut Take<'_>,
    max_piece: usize,
) -> Result<(), Problem> {
    let mut piece: Vec<u8> = Vec::new();
    let mut piece_line: u32 = 1;
    let mut next_line: u32 = 1;
    let mut raw = Vec::new();
    let mut pieces: usize = 0;
    loop {
        raw.clear();
        // A line longer than what is left of the piece's budget is not read whole (a
        // `---` line, which ends the piece, may come past the budget).
        let budget = max_piece
            .saturating_sub(piece.len())
            .saturating_add(SEPARATOR_LINE);
        let budget = u64::try_from(budget).unwrap_or(u64::MAX);
        let n = Read::take(&mut *input, budget)
            .read_until(b'\n', &mut raw)
            .map_err(|e| {
                Problem::unreadable(
                    Span::new(next_line, 1, 0),
                    format!("cannot read the input here: {e}"),
                )
                .help("check that the file can be read")
            })?;
        if n == 0 {
            break;
        }
        let line = next_line;
        next_line = next_line.saturating_add(line_ends(&raw));
        if let Some(rest) = raw.strip_prefix(b"---") {
            let rest = rest.trim_ascii();
            if !rest.is_empty() && !rest.starts_with(b"#") {
                // The text up to the problem is kept, for its snippet.
                kept.push(&piece);
                kept.push(&raw);
                return Err(Problem::syntax(
                    Span::new(line, 1, 3),
                    "a document separator with content after it on the same line (`--- …`): kubectl refuses it (older versions do not cut the stream there, and apply only what stands before it), so what is applied cannot be told",
                )
                .help("put the content on the line after the `---`"));
            }
            let parsed = parse_piece(&piece, piece_line, reading, kept, take);
            kept.push(&piece);
            kept.push(&raw);
            parsed.map_err(|failed| failed.cut_at(line))?;
            kept.settle();
            piece.clear();
            piece_line = next_line;
            // Empty documents too: a stream of `---` lines never ends otherwise.
            pieces += 1;
            if pieces > MAX_PIECES {
                return Err(Problem::limit(
                    Span::new(line, 1, 3),
                    format!(
                        "more than {} documents in one stream, over the limit",
                        thousands(MAX_PIECES)
                    ),
                )
                .help("check that this is a release's rendered manifests"));
            }
            continue;
        }
        piece.extend_from_slice(&raw);
        if piece.len() > max_piece {
            // The piece's first line is kept, for the problem's snippet.
            let first = piece
                .iter()
                .position(|&b| b == b'\n')
                .map_or(piece.len(), |i| i + 1);
            kept.push(
                piece
                    .get(..first.min(2 * super::kept::MAX_KEPT_LINE))
                    .unwrap_or_default(),
            );
            return Err(Problem::limit(
                Span::new(piece_line, 1, 0),
                format!(
                    "one document of the stream holds more than {} bytes, over the limit",
                    thousands(max_piece)
                ),
            )
            .help("print a cluster's resources as JSON (`kubectl get -o json`, read item by item) or as a stream of documents, or split the file"));
        }
    }
    let parsed = parse_piece(&piece, piece_line, reading, kept, take);
    kept.push(&piece);
    parsed.map_err(Failed::problem)?;
    kept.settle();
    Ok(())
}

/// How many lines `raw` (one line as kubectl reads it) ends, as the gate counts lines: a
/// line feed, and a carriage return not followed by one.
fn line_ends(raw: &[u8]) -> u32 {
    let mut ends: u32 = 0;
    for (i, b) in raw.iter().enumerate() {
        let ends_here = match b {
            b'\n' => true,
            b'\r' => raw.get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        if ends_here {
            ends = ends.saturating_add(1);
        }
    }
    ends
}

/// Why a piece was not read.
enum Failed {
    /// The piece is no YAML (or over a limit of the YAML layer).
    Yaml(Problem),
    /// The piece's values are refused.
    Other(Problem),
}

impl Failed {
    fn problem(self) -> Problem {
        match self {
            Self::Yaml(p) | Self::Other(p) => p,
        }
    }

    /// The problem of a piece that kubectl ends at the `---` of line `cut`: a value that
    /// goes on past that line is cut there, which is the likely cause of a syntax error.
    fn cut_at(self, cut: u32) -> Problem {
        match self {
            Self::Yaml(mut p) => {
                let help = p.help.take().unwrap_or_default();
                p.help = Some(format!(
                    "{help}; kubectl cuts the stream at the `---` of line {cut}, which ends this document: a value that goes on past it is cut there, so indent that line inside its value, or write the value on one line (`\"…\\n---…\"`)"
                ));
                p
            }
            Self::Other(p) => p,
        }
    }
}

/// Parses one piece of the stream (its first line is `first_line`), handing its values to
/// `take`; YAML that kubectl would read otherwise is refused.
fn parse_piece(
    bytes: &[u8],
    first_line: u32,
    reading: &Reading,
    kept: &mut Kept,
    take: &mut Take<'_>,
) -> Result<(), Failed> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = String::from_utf8_lossy(bytes.get(..e.valid_up_to()).unwrap_or_default());
            let (line, column) = source::position(&good, good.len());
            let line = u32::try_from(line).unwrap_or(u32::MAX);
            return Err(Failed::Other(
                Problem::unreadable(
                    Span::new(
                        line.saturating_add(first_line.saturating_sub(1)),
                        u32::try_from(column).unwrap_or(u32::MAX),
                        1,
                    ),
                    "the file is not valid UTF-8",
                )
                .help(super::super::RUNTIME_FILE.not_utf8),
            ));
        }
    };
    // NEL, LS and PS end a line for kubectl's and Docker Compose's YAML readers (YAML 1.1:
    // a comment ends there, and what follows is read), not for this one (YAML 1.2): where
    // one stands, the two would read different resources.
    if let Some(at) = text.find(['\u{85}', '\u{2028}', '\u{2029}']) {
        let (line, column) = source::position(text, at);
        let c = text
            .get(at..)
            .and_then(|t| t.chars().next())
            .unwrap_or('\u{2028}');
        let name = match c {
            '\u{85}' => "NEXT LINE",
            '\u{2028}' => "LINE SEPARATOR",
            _ => "PARAGRAPH SEPARATOR",
        };
        return Err(Failed::Other(
            Problem::syntax(
                Span::new(
                    u32::try_from(line)
                        .unwrap_or(u32::MAX)
                        .saturating_add(first_line.saturating_sub(1)),
                    u32::try_from(column).unwrap_or(u32::MAX),
                    1,
                ),
                format!(
                    "a U+{:04X} ({name}) character: kubectl and Docker Compose (YAML 1.1) end a line there, this gate (YAML 1.2) does not, so a comment or a value can hide content from one of them",
                    u32::from(c)
                ),
            )
            .help("remove it; inside a double-quoted string write it as an escape (`\\u2028`), which every reader reads alike"),
        ));
    }
    let mut failed = None;
    let marks = tree::read(text, first_line, reading, |ready| {
        if failed.is_none()
            && let Err(problem) = take(ready, kept)
        {
            failed = Some(problem);
        }
    })
    .map_err(Failed::Yaml)?;
    if let Some(problem) = failed {
        return Err(Failed::Other(problem));
    }
    if let Some(marker) = marks.markers.first() {
        return Err(Failed::Other(Problem::syntax(
            *marker,
            "a document start (`---`) that kubectl does not cut the stream at (it reads lines ended by a line feed only)",
        )
        .help("end the lines with a line feed (LF or CRLF), and put `---` alone on its line")));
    }
    if let Some(unmarked) = marks.unmarked {
        return Err(Failed::Other(Problem::syntax(
            unmarked,
            "a document after a `...` document end with no `---` before it: kubectl reads only the first YAML document between two `---` lines, so it would not apply this one",
        )
        .help("put a `---` line before it (or remove the `...` line)")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::unread;
    use super::*;

    /// The documents read, by their first line; or the line of the problem.
    fn read_text(text: &str) -> Result<Vec<u32>, u32> {
        let mut kept = Kept::new(usize::MAX);
        let mut lines = Vec::new();
        let mut take = |ready: tree::Ready, _: &mut Kept| {
            lines.push(ready.node.span.line);
            Ok(())
        };
        let mut input = text.as_bytes();
        read(&mut input, &unread::READING, &mut kept, &mut take, 1 << 20)
            .map_err(|p| p.span.map_or(0, |s| s.line))?;
        Ok(lines)
    }

    #[test]
    fn streams_cut_alike_read() {
        for (text, documents) in [
            ("a: 1\n---\nb: 2\n", vec![1, 3]),
            ("---\na: 1\n--- # next\nb: 2\n...\n", vec![2, 4]),
            ("a: 1\n...\n---\nb: 2\n", vec![1, 4]),
            ("a: 1\r\n---\r\nb: 2\r\n", vec![1, 3]),
            ("a: |\n  ---\n  x\n", vec![1]),
            ("a: 1\n...\n# a comment\n", vec![1]),
        ] {
            assert_eq!(read_text(text), Ok(documents), "{text:?}");
        }
    }

    #[test]
    fn streams_cut_otherwise_are_refused_at_the_line() {
        // Content after `...` with no `---`: kubectl applies only the first document.
        assert_eq!(read_text("a: 1\n...\nb: 2\n"), Err(3));
        // Content on the marker's line.
        assert_eq!(read_text("a: 1\n--- {b: 2}\n"), Err(2));
        // kubectl cuts inside a quoted value: the piece before the cut never closes it.
        assert!(read_text("a: \"x\n---#\n y\"\n").is_err());
        // Lines are numbered as everywhere: a lone carriage return ends one too.
        assert_eq!(read_text("a: 1\rb: 2\n--- {c: 3}\n"), Err(3));
        // A lone carriage return ends a YAML line, not a kubectl one.
        assert_eq!(read_text("a: 1\r---\rb: 2\r"), Err(2));
    }

    #[test]
    fn a_piece_over_the_limit_is_refused() {
        let mut kept = Kept::new(0);
        let mut take = |_: tree::Ready, _: &mut Kept| Ok(());
        let text = format!("a: 1\n---\nb: {}\n", "x".repeat(100));
        let mut input = text.as_bytes();
        let Err(p) = read(&mut input, &unread::READING, &mut kept, &mut take, 64) else {
            panic!("a piece of 100 bytes read under a limit of 64");
        };
        assert_eq!(p.span.map(|s| s.line), Some(3));
    }
}
