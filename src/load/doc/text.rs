//! Rendered text: where each piece came from, and the words and spans read from it.

use super::*;

/// Byte offset → line and column (in code points).
pub(super) struct Positions<'t> {
    pub(super) text: &'t str,
    pub(super) starts: Vec<usize>,
}

impl<'t> Positions<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        // LF, CRLF and a lone CR end a line, for CommonMark as for every other input.
        let starts = crate::source::line_starts(text).collect();
        Self { text, starts }
    }

    pub(super) fn span(&self, offset: usize, len: usize) -> Span {
        let index = self.starts.partition_point(|start| *start <= offset).max(1);
        let start = self.starts.get(index - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.max(start))
            .map_or(0, |t| t.chars().count());
        Span::new(
            u32::try_from(index).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
            u32::try_from(len).unwrap_or(u32::MAX),
        )
    }
}

/// What a text block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A heading of this level (1–6).
    Heading(u8),
    /// A paragraph outside lists.
    Paragraph,
    /// A list item's text (its own, without nested lists), at this list depth (1 = top).
    Item(usize),
}

/// A piece of rendered text and where it came from, to find the column of a value.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    pub(super) rendered: usize,
    pub(super) source: usize,
    /// The rendered text is the source text byte for byte (no escapes, entities, code
    /// span backticks), so offsets inside it map one to one.
    pub(super) exact: bool,
}

/// Rendered text: `plain` as a reader sees it (line breaks kept as `\n`), and `marked`,
/// the same with inline code kept in backticks (for notes, which `import` carries over).
#[derive(Debug, Clone, Default)]
pub(super) struct Rendered {
    pub(super) plain: String,
    pub(super) marked: String,
    pub(super) pieces: Vec<Piece>,
    /// Where `plain` holds a hard line break.
    pub(super) hard: Vec<usize>,
    /// Where `plain` holds the text of a footnote, read at its reference.
    pub(super) notes: Vec<Range<usize>>,
}

impl Rendered {
    pub(super) fn push_text(&mut self, text: &str, range: &Range<usize>) {
        self.pieces.push(Piece {
            rendered: self.plain.len(),
            source: range.start,
            exact: range.len() == text.len(),
        });
        self.plain.push_str(text);
        self.marked.push_str(text);
    }

    pub(super) fn push_code(&mut self, code: &str, range: &Range<usize>) {
        self.pieces.push(Piece {
            rendered: self.plain.len(),
            source: range.start,
            exact: false,
        });
        self.plain.push_str(code);
        let fence = "`".repeat(longest_run(code, '`') + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.marked
            .push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
    }

    /// A line break: `hard` when it is one a reader sees (`\`, two spaces, `<br>`), not a
    /// soft break, which renders as a space.
    pub(super) fn push_break(&mut self, hard: bool) {
        if hard {
            self.hard.push(self.plain.len());
        }
        self.plain.push('\n');
        self.marked.push(' ');
    }

    /// `plain` without the footnotes read into it, and the footnotes' text.
    pub(super) fn without_notes(&self) -> (String, String) {
        let (mut own, mut notes) = (String::new(), String::new());
        let mut at = 0;
        for note in &self.notes {
            own.push_str(self.plain.get(at..note.start).unwrap_or_default());
            notes.push_str(self.plain.get(note.clone()).unwrap_or_default());
            notes.push(' ');
            at = note.end;
        }
        own.push_str(self.plain.get(at..).unwrap_or_default());
        (own, notes)
    }

    pub(super) fn is_blank(&self) -> bool {
        self.plain.trim().is_empty()
    }

    /// The source offset of rendered byte `at`.
    pub(super) fn source(&self, at: usize) -> Option<usize> {
        let index = self.pieces.partition_point(|p| p.rendered <= at);
        let piece = self.pieces.get(index.checked_sub(1)?)?;
        Some(if piece.exact {
            piece.source + (at - piece.rendered)
        } else {
            piece.source
        })
    }
}

pub(super) fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

pub(super) fn words(text: &str) -> Vec<String> {
    normalise(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whitespace collapsed and trimmed, nothing else changed (the text as a reader sees it).
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `needle` occurs in `hay` on word boundaries.
pub(super) fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay.get(..i).and_then(|b| b.chars().next_back());
        let after = hay.get(i + needle.len()..).and_then(|a| a.chars().next());
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}
