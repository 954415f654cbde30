//! What is kept of a runtime input read as a stream: the whole text while it is small
//! (every snippet can then be shown, and an activation manifest decoded), else only the
//! lines a report can point at, so that memory does not grow with the input's size.
//!
//! The reader hands over the text as it reads it ([`Kept::push`]), names the lines a
//! finding or a problem may point at once a value is read ([`Kept::want`]), then lets go of
//! the lines read whole ([`Kept::settle`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::source::{Source, Span};

/// The longest line kept for a snippet: a longer line (a minified JSON dump is one line)
/// is pointed at by line and column, without a snippet, and is let go of as it is read.
pub const MAX_KEPT_LINE: usize = 1024;

/// The first lines of a file are kept whatever is wanted: a list's own fields (`apiVersion`,
/// `kind`) stand there, and are judged only once the list has been read.
const FIRST_LINES: u32 = 16;

/// The text kept of one runtime input.
#[derive(Debug)]
pub(super) struct Kept {
    /// The whole text is kept up to this many bytes.
    limit: usize,
    /// The whole text read and let go of so far, while it stays within `limit`.
    whole: Option<Vec<u8>>,
    /// The lines kept, by number.
    lines: BTreeMap<u32, String>,
    /// The lines wanted and not yet read whole.
    wanted: BTreeSet<u32>,
    /// The text not yet let go of: lines from `unit_line` on, the last perhaps not whole.
    unit: Vec<u8>,
    /// The number of the first line of `unit`.
    unit_line: u32,
    /// How much of `unit` is known to hold no line break.
    scanned: usize,
    /// Whether the line `unit` ends with grew too long to keep, and was let go of.
    overlong: bool,
}

impl Kept {
    /// Keeps the whole text while it is at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            whole: Some(Vec::new()),
            lines: BTreeMap::new(),
            wanted: BTreeSet::new(),
            unit: Vec::new(),
            unit_line: 1,
            scanned: 0,
            overlong: false,
        }
    }

    /// The text read next.
    pub fn push(&mut self, bytes: &[u8]) {
        self.unit.extend_from_slice(bytes);
    }

    /// How many bytes are held that are not yet let go of.
    pub fn held(&self) -> usize {
        self.unit.len()
    }

    /// Keeps the line of `span` for the report.
    pub fn want(&mut self, span: Span) {
        // A line already let go of is not found again.
        if span.line >= self.unit_line {
            self.wanted.insert(span.line);
        }
    }

    /// Keeps the wanted lines that are read whole, and lets go of every line read whole.
    pub fn settle(&mut self) {
        self.settle_through(false);
    }

    /// The input as kept, reported as `name`, once it is read to its end.
    pub fn finish(mut self, name: String) -> Source {
        self.settle_through(true);
        match self.whole {
            Some(whole) => Source::new(
                name,
                String::from_utf8(whole)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
            None => Source::excerpt(name, self.lines),
        }
    }

    /// Lets go of the lines of `unit` read whole (at the end, of all of them). The text is
    /// looked through once: what was scanned before is not scanned again.
    fn settle_through(&mut self, end: bool) {
        let bytes = &self.unit;
        let mut line = self.unit_line;
        let mut start = 0;
        let mut i = self.scanned;
        // The next line break, found a run at a time.
        while let Some(found) = bytes
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
        {
            i += found;
            // A line feed, or a carriage return: at the end of what is read, it may be the
            // first half of a CRLF, and the line is not read whole yet.
            let next = match (bytes.get(i), bytes.get(i + 1)) {
                (Some(b'\r'), Some(b'\n')) => Some(i + 2),
                (Some(b'\r'), None) if !end => None,
                _ => Some(i + 1),
            };
            let Some(next) = next else { break };
            // The wanted lines are in order, as the lines are read.
            while self.wanted.first().is_some_and(|&w| w < line) {
                self.wanted.pop_first();
            }
            let wanted = self.wanted.first() == Some(&line);
            if wanted {
                self.wanted.pop_first();
            }
            if (wanted || line <= FIRST_LINES) && !self.overlong {
                keep_line(
                    &mut self.lines,
                    line,
                    bytes.get(start..i).unwrap_or_default(),
                );
            }
            self.overlong = false;
            line = line.saturating_add(1);
            start = next;
            i = next;
        }
        if end && start < bytes.len() {
            if (self.wanted.remove(&line) || line <= FIRST_LINES) && !self.overlong {
                keep_line(
                    &mut self.lines,
                    line,
                    bytes.get(start..).unwrap_or_default(),
                );
            }
            start = bytes.len();
        }
        // A line that grew past what is kept is let go of as it is read: a file of one
        // long line (a minified dump) is read in the memory of one chunk.
        let partial = bytes.len() - start;
        if !end && partial > MAX_KEPT_LINE && bytes.last() != Some(&b'\r') {
            start = bytes.len();
            self.overlong = true;
        }
        let whole_len = self.whole.as_ref().map_or(0, Vec::len);
        if whole_len.saturating_add(start) > self.limit {
            self.whole = None;
        }
        if let Some(whole) = &mut self.whole {
            whole.extend_from_slice(self.unit.get(..start).unwrap_or_default());
        }
        self.unit.drain(..start);
        self.unit_line = line;
        // What is left holds no line break, but perhaps a carriage return at its end.
        self.scanned = match self.unit.last() {
            Some(b'\r') => self.unit.len() - 1,
            _ => self.unit.len(),
        };
        // Wanted lines already let go of are not found again.
        let first = self.unit_line;
        self.wanted.retain(|&l| l >= first);
    }
}

/// Keeps line `number` with text `bytes` (without its line ending) when it is short enough
/// to show.
fn keep_line(lines: &mut BTreeMap<u32, String>, number: u32, bytes: &[u8]) {
    if bytes.len() <= MAX_KEPT_LINE {
        lines.insert(number, String::from_utf8_lossy(bytes).into_owned());
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// What `Kept` keeps of `pushes` (the text as read), each followed by the wanting of
    /// `wanted` lines and a settling, under `limit`.
    pub(in crate::load::runtime) fn kept(limit: usize, pushes: &[&str], wanted: &[u32]) -> Source {
        let mut kept = Kept::new(limit);
        for push in pushes {
            kept.push(push.as_bytes());
            for &line in wanted {
                kept.want(Span::new(line, 1, 1));
            }
            kept.settle();
        }
        kept.finish("f".to_owned())
    }

    #[test]
    fn a_small_input_is_kept_whole() {
        let source = kept(100, &["a: 1\nb", ": 2\r", "\nc: 3"], &[]);
        assert!(source.is_whole());
        assert_eq!(source.text, "a: 1\nb: 2\r\nc: 3");
    }

    #[test]
    fn a_large_input_keeps_the_wanted_lines_whole() {
        let source = kept(4, &["a: 1\nb", ": 2\r", "\nc: 3\rd: 4"], &[2, 3, 4]);
        assert!(!source.is_whole());
        // The first lines are kept, wanted or not.
        assert_eq!(source.line(1), Some("a: 1"));
        // Line 2 was wanted while only `b` of it was read: it is kept whole.
        assert_eq!(source.line(2), Some("b: 2"));
        assert_eq!(source.line(3), Some("c: 3"));
        // The last line, with no line ending, is kept at the end.
        assert_eq!(source.line(4), Some("d: 4"));
    }

    #[test]
    fn past_the_first_lines_only_the_wanted_ones_are_kept() {
        let text: String = (1..=40).map(|i| format!("line {i}\n")).collect();
        let source = kept(0, &[&text], &[30]);
        assert_eq!(source.line(16), Some("line 16"));
        assert_eq!(source.line(17), None);
        assert_eq!(source.line(30), Some("line 30"));
        assert_eq!(source.line(31), None);
    }

    #[test]
    fn one_long_line_is_let_go_of_as_it_is_read() {
        let mut kept = Kept::new(0);
        for _ in 0..1000 {
            kept.push(&[b'x'; 1000]);
            kept.want(Span::new(1, 1, 1));
            kept.settle();
            assert!(kept.held() <= MAX_KEPT_LINE + 1000);
        }
        kept.push(b"\nshort\n");
        kept.want(Span::new(2, 1, 1));
        let source = kept.finish("f".to_owned());
        assert_eq!(source.line(1), None);
        assert_eq!(source.line(2), Some("short"));
    }

    #[test]
    fn a_long_line_is_not_kept() {
        let long = "x".repeat(MAX_KEPT_LINE + 1);
        let source = kept(0, &[&format!("{long}\nshort\n")], &[1, 2]);
        assert_eq!(source.line(1), None);
        assert_eq!(source.line(2), Some("short"));
    }
}
