//! What stops a check: an input that cannot be checked (exit 2), or a report that cannot
//! be written.

use std::fmt;

use thiserror::Error;

use crate::escape::{escape_controls, escape_path};
use crate::source::Span;

/// How a diagnostic that counts problems or findings not listed begins: `… and 198,800
/// more …`.
pub const OMITTED_PREFIX: &str = "… and ";

/// `198800` → `198,800`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What kind of thing is wrong with an input: the same word in every machine-read report
/// (JSON `kind`, SARIF `properties.kind`, the language server's `data`), for a pipeline
/// or an editor to act on without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The file cannot be read: missing (on disk or at the git revision named), a
    /// directory, a link, not UTF-8, or empty.
    Unreadable,
    /// Not well formed in its own syntax: YAML, JSON, TOML, a Markdown table, HTML.
    Syntax,
    /// Past one of the limits that keep a check bounded: size (a file over 8 MiB), depth,
    /// nodes, aliases, documents, resources.
    Limit,
    /// A value of the wrong type; `expected` and `found` say which.
    WrongType,
    /// A name the input's format does not know (a key, a keyword, a rule id, a module, a
    /// git revision); `found` is the name, `suggestion` the nearest known one.
    Unknown,
    /// Something required is not there (a key, a row, a value); `expected` names it.
    Missing,
    /// Given twice where it must stand once; `first` is where the first stands.
    Duplicate,
    /// A value of the right type that is not allowed: empty, out of range, against its
    /// shape, or at odds with another value.
    Invalid,
    /// The problems past the per-file limit, counted, not listed.
    Omitted,
}

impl ProblemKind {
    /// Every kind, in the order the schema and the book list them.
    pub const ALL: [Self; 9] = [
        Self::Unreadable,
        Self::Syntax,
        Self::Limit,
        Self::WrongType,
        Self::Unknown,
        Self::Missing,
        Self::Duplicate,
        Self::Invalid,
        Self::Omitted,
    ];

    /// Its word in reports: `wrong-type`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unreadable => "unreadable",
            Self::Syntax => "syntax",
            Self::Limit => "limit",
            Self::WrongType => "wrong-type",
            Self::Unknown => "unknown",
            Self::Missing => "missing",
            Self::Duplicate => "duplicate",
            Self::Invalid => "invalid",
            Self::Omitted => "omitted",
        }
    }

    /// What it means, for the report's schema and the book.
    pub const fn about(self) -> &'static str {
        match self {
            Self::Unreadable => {
                "the file cannot be read: missing (on disk or at the git revision named), a directory, a link, not UTF-8, or empty"
            }
            Self::Syntax => {
                "not well formed in its own syntax (YAML, JSON, TOML, a Markdown table, HTML)"
            }
            Self::Limit => {
                "past a limit that keeps a check bounded (size, depth, nodes, aliases, documents, resources)"
            }
            Self::WrongType => "a value of the wrong type: `expected` and `found` say which",
            Self::Unknown => {
                "a name that is not known (a key, a keyword, a rule id, a module, a git revision): `found` is the name, `suggestion` the nearest known one"
            }
            Self::Missing => "something required is not there: `expected` names it",
            Self::Duplicate => "given twice where it must stand once",
            Self::Invalid => {
                "a value of the right type that is not allowed: empty, out of range, against its shape, or at odds with another value"
            }
            Self::Omitted => "the problems past the per-file limit, counted, not listed",
        }
    }
}

/// The values a problem concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// The value at fault, as found: a name not known, or what a value of the wrong type
    /// is.
    pub found: Option<String>,
    /// What was expected there: the type of a value, or the name of what is missing.
    pub expected: Option<String>,
    /// The known name nearest to one not known: worded as "did you mean", and the
    /// replacement an editor offers.
    pub suggestion: Option<String>,
}

/// One thing wrong with an input, at its place where it has one: its kind and the values
/// it concerns as data, worded once where it is shown ([`Self::worded`]).
///
/// Its text holds values from the input as they are: it is escaped once, where it leaves
/// the tool ([`crate::diagnostic::Diagnostic::of_input_error`] for every report and the
/// language server, [`InputError::lines`] for a plain error line), never where it is
/// worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// Where, when the problem is inside the file (a missing file has no place).
    pub span: Option<Span>,
    /// What is wrong, in one sentence, before what its data adds ([`Self::worded`]); for
    /// a wrong type, what the value is, or nothing ([`Self::wrong_type`]).
    pub message: String,
    /// What to do about it, in one line: a line break a value brings is escaped with it.
    pub help: Option<String>,
    /// Lines shown under the help as they are laid out (the shape of a module, in YAML):
    /// the tool's own words, each escaped on its own.
    pub example: Box<[String]>,
    /// The values it concerns, where it has any (boxed: most problems have none, and a
    /// problem travels in every reader's `Result`).
    pub values: Option<Box<Values>>,
    /// For the second occurrence of what must appear once, where the first stands in the
    /// same file ([`Self::twice`]): worded into the message where it is shown
    /// ([`Self::worded`]), and a related place for an editor.
    pub first: Option<Span>,
    /// How many problems it stands for: 1, or for the one that counts those past the
    /// per-file limit, their number.
    pub counts: usize,
}

impl Problem {
    /// A problem of `kind`, at `span` when it has a place.
    fn of(kind: ProblemKind, span: Option<Span>, message: String) -> Self {
        Self {
            kind,
            span,
            message,
            help: None,
            example: Box::default(),
            values: None,
            first: None,
            counts: 1,
        }
    }

    /// A problem of `kind` with the file as a whole.
    pub fn whole(kind: ProblemKind, message: impl Into<String>) -> Self {
        Self::of(kind, None, message.into())
    }

    /// A file that cannot be read, at `span` where one place says why.
    pub fn unreadable(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Unreadable, Some(span), message.into())
    }

    /// Text at `span` that is not well formed in its syntax.
    pub fn syntax(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Syntax, Some(span), message.into())
    }

    /// A limit passed at `span`.
    pub fn limit(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Limit, Some(span), message.into())
    }

    /// A value at `span` that is not allowed.
    pub fn invalid(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Invalid, Some(span), message.into())
    }

    /// Something required missing where `span` stands (the mapping, row or table that
    /// lacks it); [`Self::expected`] names it.
    pub fn missing(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Missing, Some(span), message.into())
    }

    /// A name at `span` that is not known; [`Self::found`] gives the name and
    /// [`Self::suggesting`] the nearest known one.
    pub fn unknown(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Unknown, Some(span), message.into())
    }

    /// Something at `span` given a second time, whose first stands in another file (named
    /// in `message`); one in the same file is [`Self::twice`].
    pub fn duplicate(span: Span, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Duplicate, Some(span), message.into())
    }

    /// The problems past the per-file limit, the first of them at `span`: counted
    /// ([`Self::counting`]), not listed.
    pub fn omitted(span: Option<Span>, message: impl Into<String>) -> Self {
        Self::of(ProblemKind::Omitted, span, message.into())
    }

    /// A value of the wrong type at `span`: `expected` what it should be, `found` what it
    /// is. The one wording of every wrong type: `expected EXPECTED, found FOUND`.
    pub fn wrong_type(span: Span, expected: impl fmt::Display, found: impl fmt::Display) -> Self {
        Self::of(ProblemKind::WrongType, Some(span), String::new())
            .expected(expected)
            .found(found)
    }

    /// The second occurrence of something that must appear once (a key, an id, a name, a
    /// list item, a row), at `span`, saying where the first stands: the one wording of every
    /// duplicate in every input.
    pub fn twice(span: Span, what: impl fmt::Display, first: Span) -> Self {
        Self {
            first: Some(first),
            ..Self::of(ProblemKind::Duplicate, Some(span), what.to_string())
        }
    }

    /// What is wrong, as shown (before escaping): the message, with what its data adds: a
    /// wrong type's `expected …, found …`, a name's "did you mean", a duplicate's first
    /// place.
    pub fn worded(&self) -> std::borrow::Cow<'_, str> {
        let mut worded = std::borrow::Cow::Borrowed(self.message.as_str());
        let values = self.values.as_deref();
        if self.kind == ProblemKind::WrongType
            && let Some(Values {
                expected: Some(expected),
                found: Some(found),
                ..
            }) = values
        {
            let sentence = format!("expected {expected}, found {found}");
            worded = if self.message.is_empty() {
                sentence.into()
            } else {
                format!("{}: {sentence}", self.message).into()
            };
        }
        if let Some(suggestion) = values.and_then(|v| v.suggestion.as_ref()) {
            worded = format!("{worded}; did you mean `{suggestion}`?").into();
        }
        if let Some(first) = self.first {
            worded = format!(
                "{worded}; the first is at line {}, column {}",
                first.line, first.column
            )
            .into();
        }
        worded
    }

    /// Gives the value at fault as found: a name not known, or what a value is.
    #[must_use]
    pub fn found(mut self, found: impl fmt::Display) -> Self {
        self.values_mut().found = Some(found.to_string());
        self
    }

    /// Gives what was expected: the name of what is missing, or a value's type.
    #[must_use]
    pub fn expected(mut self, expected: impl fmt::Display) -> Self {
        self.values_mut().expected = Some(expected.to_string());
        self
    }

    /// Gives the known name nearest to the one found, if one is near: shown as "did you
    /// mean", and offered as a replacement by an editor.
    #[must_use]
    pub fn suggesting(mut self, suggestion: Option<&str>) -> Self {
        if let Some(suggestion) = suggestion {
            self.values_mut().suggestion = Some(suggestion.to_owned());
        }
        self
    }

    fn values_mut(&mut self) -> &mut Values {
        self.values.get_or_insert_with(Box::default)
    }

    /// Makes it stand for `counts` problems not listed one by one.
    #[must_use]
    pub fn counting(mut self, counts: usize) -> Self {
        self.counts = counts;
        self
    }

    /// Adds what to do about it.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds lines shown under the help as they are laid out (the field `example`).
    #[must_use]
    pub fn example(mut self, lines: Vec<String>) -> Self {
        self.example = lines.into_boxed_slice();
        self
    }
}

/// An input file that could not be checked: every problem found in it, in file order.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub struct InputError {
    /// The file as the user named it.
    pub path: String,
    /// At least one problem.
    pub problems: Vec<Problem>,
}

impl InputError {
    /// An input error with a single problem.
    pub fn one(path: &str, problem: Problem) -> Self {
        Self {
            path: path.to_owned(),
            problems: vec![problem],
        }
    }

    /// `path:line:column: message` for each problem, one per line, escaped.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        let path = escape_path(&self.path);
        self.problems.iter().map(move |p| {
            let message = escape_controls(&p.worded());
            match p.span {
                Some(s) => format!("{path}:{}:{}: {message}", s.line, s.column),
                None => format!("{path}: {message}"),
            }
        })
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.lines().collect();
        f.write_str(&lines.join("\n"))
    }
}

/// A report that could not be written (exit 2).
#[derive(Debug, Error)]
pub enum Error {
    /// A report file could not be written.
    #[error("cannot write the report to `{}`: {source}", escape_path(.path))]
    Output {
        /// The file named by `--output` or `--report`.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// What each kind means is its own, and it is what the committed report schema (which
    /// editors and pipelines read) says of that kind.
    #[test]
    fn every_kind_means_something_of_its_own_as_the_report_schema_says() {
        let meanings: HashSet<&str> = ProblemKind::ALL.iter().map(|k| k.about()).collect();
        assert_eq!(meanings.len(), ProblemKind::ALL.len(), "{meanings:?}");
        assert!(
            meanings.iter().all(|m| !m.trim().is_empty()),
            "{meanings:?}"
        );
        let path = format!("{}/schemas/report.schema.json", env!("CARGO_MANIFEST_DIR"));
        let schema = std::fs::read_to_string(&path).unwrap_or_default();
        for kind in ProblemKind::ALL {
            let said = format!("`{}`: {}", kind.as_str(), kind.about());
            // As it stands inside a JSON string.
            let said = serde_json::to_string(&said).unwrap_or_default();
            let said = said.trim_matches('"');
            assert!(schema.contains(said), "{path} does not say {said}");
        }
    }
}
