//! Input files as text, and positions inside them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

/// A place in an input file: 1-based line and column (counted in Unicode code points, as
/// editors and SARIF's `unicodeCodePoints` do), and the length of the value in code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in code points.
    pub column: u32,
    /// Length of the value at fault, in code points (0 when unknown).
    #[serde(skip)]
    pub len: u32,
}

impl Span {
    /// A span at `line`:`column` of `len` code points.
    pub const fn new(line: u32, column: u32, len: u32) -> Self {
        Self { line, column, len }
    }
}

/// One input file, read and decoded: the name it is reported under and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (`-` is reported as `<stdin>`).
    pub name: String,
    /// The text, without a leading byte-order mark; empty for an input kept only in part
    /// ([`Source::excerpt`]).
    pub text: String,
    /// Where each line starts, found once for all the snippets of a report.
    line_starts: OnceLock<Vec<usize>>,
    /// For an input too large to keep whole, the lines kept for the report's snippets.
    kept: Option<BTreeMap<u32, String>>,
}

impl Source {
    /// The file `name` with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
            kept: None,
        }
    }

    /// The file `name`, read as a stream and not kept whole: only the lines `kept` (by
    /// number) can be shown.
    pub fn excerpt(name: impl Into<String>, kept: BTreeMap<u32, String>) -> Self {
        Self {
            name: name.into(),
            text: String::new(),
            line_starts: OnceLock::new(),
            kept: Some(kept),
        }
    }

    /// Whether the whole text is kept.
    pub fn is_whole(&self) -> bool {
        self.kept.is_none()
    }

    /// The text of 1-based line `line`, without its line ending, or `None` past the end
    /// (or, for an excerpt, when the line was not kept).
    /// LF, CRLF and a lone CR each end a line, as the YAML parser counts them.
    pub fn line(&self, line: u32) -> Option<&str> {
        if let Some(kept) = &self.kept {
            return kept.get(&line).map(String::as_str);
        }
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let starts = self
            .line_starts
            .get_or_init(|| line_starts(&self.text).collect());
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(self.text.len());
        let text = self.text.get(start..end)?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

/// The byte offset where each line of `text` starts, the first line's (0) included. LF,
/// CRLF and a lone CR each end a line: the one definition of a line for every position the
/// tool reports, the YAML parser's and the editors' alike.
pub fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    std::iter::once(0).chain(
        bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .map(|(i, _)| i + 1),
    )
}

/// The lines of `text` without their line endings, by [`line_starts`] (so a text ending in
/// a line break ends with an empty line).
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut starts = line_starts(text).peekable();
    std::iter::from_fn(move || {
        let start = starts.next()?;
        let end = starts.peek().copied().unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or_default();
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// The 1-based line and column (in code points) of byte `offset` in `text`, by
/// [`line_starts`].
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let (line, start) = line_starts(text)
        .take_while(|&start| start <= offset)
        .enumerate()
        .last()
        .unwrap_or((0, 0));
    let column = text.get(start..offset).map_or(0, |l| l.chars().count());
    (line + 1, column + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_strips_crlf() {
        let source = Source::new("x", "a: 1\r\nb: 2\r\nlast");
        assert_eq!(source.line(1), Some("a: 1"));
        assert_eq!(source.line(2), Some("b: 2"));
        assert_eq!(source.line(3), Some("last"));
        assert_eq!(source.line(0), None);
        assert_eq!(source.line(4), None);
    }

    #[test]
    fn a_lone_cr_ends_a_line_too() {
        let source = Source::new("x", "# note\rprofile: PROD\r\nb: 2\n\rlast\r");
        assert_eq!(source.line(1), Some("# note"));
        assert_eq!(source.line(2), Some("profile: PROD"));
        assert_eq!(source.line(3), Some("b: 2"));
        assert_eq!(source.line(4), Some(""));
        assert_eq!(source.line(5), Some("last"));
        assert_eq!(source.line(6), Some(""));
        assert_eq!(source.line(7), None);
        assert_eq!(position("a\rbc\r\nd", 4), (2, 3));
        assert_eq!(position("a\rЧат", 6), (2, 3));
        assert_eq!(position("abc", 0), (1, 1));
        let all: Vec<&str> = lines("a\rb\r\nc\n").collect();
        assert_eq!(all, ["a", "b", "c", ""]);
    }
}
