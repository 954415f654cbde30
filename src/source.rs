//! Input files as text, and positions inside them.

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

/// Which input of a check a place is in. Every input besides the profile is named on the
/// command line by its flag; [`crate::inputs::Inputs`] reads and keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    /// The profile under check.
    Profile,
    /// `--runtime`: the environment's activation manifest.
    Runtime,
    /// `--baseline`: the profile as of the last release.
    Baseline,
    /// `--waivers`: accepted, expiring exceptions.
    Waivers,
    /// `--doc`: the Markdown source.
    Doc,
}

impl InputKind {
    /// The command-line flag that names the input (`PROFILE` for the profile itself).
    pub fn flag(self) -> &'static str {
        match self {
            Self::Profile => "PROFILE",
            Self::Runtime => "--runtime",
            Self::Baseline => "--baseline",
            Self::Waivers => "--waivers",
            Self::Doc => "--doc",
        }
    }
}

/// One input file, read and decoded: the name it is reported under and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (`-` is reported as `<stdin>`).
    pub name: String,
    /// The text, without a leading byte-order mark.
    pub text: String,
    /// Where each line starts, found once for all the snippets of a report.
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    /// The file `name` with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    /// The text of 1-based line `line`, without its line ending, or `None` past the end.
    pub fn line(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

/// Replaces control characters with visible stand-ins, one character for one, so that
/// columns stay right: C0 controls and DEL become their Unicode "control pictures"
/// (ESC → `␛`), C1 controls and bidirectional overrides become `�`. Used for source lines
/// shown in snippets, where a terminal must never receive an input's control bytes.
pub fn picture_controls(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if is_hidden_control(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Escapes control characters the way Rust's `escape_debug` does (`\u{1b}`, `\n`), and
/// leaves every other character, Cyrillic included, as it is. Used for values from the
/// input that appear in messages, tables and machine formats.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() || is_hidden_control(c)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_hidden_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that are not `char::is_control` but can still reorder or hide what a
/// terminal shows (bidirectional overrides and isolates).
fn is_hidden_control(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_keep_one_character_per_character() {
        let shown = picture_controls("a\u{1b}[31mb\u{7}");
        assert_eq!(shown, "a\u{241b}[31mb\u{2407}");
        assert_eq!(shown.chars().count(), "a\u{1b}[31mb\u{7}".chars().count());
    }

    #[test]
    fn escapes_controls_but_not_cyrillic() {
        assert_eq!(escape_controls("Чат\u{1b}[2J\n"), "Чат\\u{1b}[2J\\n");
        assert_eq!(escape_controls("Чат не входит"), "Чат не входит");
    }

    #[test]
    fn line_strips_crlf() {
        let source = Source::new("x", "a: 1\r\nb: 2\r\nlast");
        assert_eq!(source.line(1), Some("a: 1"));
        assert_eq!(source.line(2), Some("b: 2"));
        assert_eq!(source.line(3), Some("last"));
        assert_eq!(source.line(0), None);
        assert_eq!(source.line(4), None);
    }
}
