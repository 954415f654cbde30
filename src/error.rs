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

/// One thing wrong with an input, at its place where it has one.
///
/// Its text holds values from the input as they are: it is escaped once, where it leaves
/// the tool ([`crate::diagnostic::Diagnostic::of_input_error`] for every report and the
/// language server, [`InputError::lines`] for a plain error line), never where it is
/// worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, when the problem is inside the file (a missing file has no place).
    pub span: Option<Span>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, in one line: a line break a value brings is escaped with it.
    pub help: Option<String>,
    /// Lines shown under the help as they are laid out (the shape of a module, in YAML):
    /// the tool's own words, each escaped on its own.
    pub example: Vec<String>,
    /// For the second occurrence of what must appear once, where the first stands in the
    /// same file ([`Self::twice`]): worded into the message where it is shown
    /// ([`Self::worded`]), and a related place for an editor.
    pub first: Option<Span>,
    /// How many problems it stands for: 1, or for the one that counts those past the
    /// per-file limit, their number.
    pub counts: usize,
}

impl Problem {
    /// A problem at `span`.
    pub fn at(span: Span, message: impl Into<String>) -> Self {
        Self {
            span: Some(span),
            message: message.into(),
            help: None,
            example: Vec::new(),
            first: None,
            counts: 1,
        }
    }

    /// A problem with the file as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            span: None,
            message: message.into(),
            help: None,
            example: Vec::new(),
            first: None,
            counts: 1,
        }
    }

    /// The second occurrence of something that must appear once (a key, an id, a name, a
    /// list item, a row), at `span`, saying where the first stands: the one wording of every
    /// duplicate in every input.
    pub fn twice(span: Span, what: impl fmt::Display, first: Span) -> Self {
        Self {
            first: Some(first),
            ..Self::at(span, what.to_string())
        }
    }

    /// What is wrong, as shown (before escaping): the message, and for a duplicate where
    /// the first stands.
    pub fn worded(&self) -> std::borrow::Cow<'_, str> {
        match self.first {
            Some(first) => format!(
                "{}; the first is at line {}, column {}",
                self.message, first.line, first.column
            )
            .into(),
            None => self.message.as_str().into(),
        }
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
        self.example = lines;
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
