//! One diagnostic stream: every finding, waived finding and input problem of a profile,
//! in one ordered list that every report format renders and none re-derives.

use std::sync::Arc;

use crate::error::InputError;
use crate::finding::{Finding, Severity};
use crate::rules::RuleId;
use crate::source::{Source, Span};

/// What a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// A rule's finding that no waiver accepts.
    Finding,
    /// A rule's finding that a live waiver accepts: shown, counted apart, never failing.
    Waived,
    /// A problem with an input: the rules did not run on the profile.
    InputProblem,
}

/// One thing a report shows: what, where, and what to do about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning (input problems are errors).
    pub severity: Severity,
    /// The rule, for findings; `None` for an input problem.
    pub rule: Option<RuleId>,
    /// For a waived finding, what the waiver says: its expiry, owner and reason.
    pub waiver: Option<String>,
    /// What is wrong, in one sentence; values from the input are already escaped.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The module concerned, where there is one.
    pub module: Option<String>,
    /// The file the place is in, as the user named it.
    pub path: String,
    /// That file's text, when it could be read (for snippets).
    pub source: Option<Arc<Source>>,
    /// The place: start line and column, and the length of the value at fault.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// The diagnostic of a rule's finding in `path`; `waiver` is the note of the live waiver
    /// that accepts it, if one does.
    pub fn of_finding(
        finding: Finding,
        path: &str,
        source: Option<&Arc<Source>>,
        waiver: Option<String>,
    ) -> Self {
        Self {
            severity: finding.severity,
            rule: Some(finding.rule),
            waiver,
            message: finding.message,
            help: Some(finding.help),
            module: finding.module,
            path: path.to_owned(),
            source: source.cloned(),
            span: Some(finding.span),
        }
    }

    /// One diagnostic per problem of `error`, in the file's order.
    pub fn of_input_error(
        error: &InputError,
        source: Option<&Arc<Source>>,
    ) -> impl Iterator<Item = Self> {
        error.problems.iter().map(move |p| Self {
            severity: Severity::Error,
            rule: None,
            waiver: None,
            message: p.message.clone(),
            help: p.help.clone(),
            module: None,
            path: error.path.clone(),
            source: source.cloned(),
            span: p.span,
        })
    }

    /// A finding, a waived finding or an input problem.
    pub fn kind(&self) -> DiagnosticKind {
        match (self.rule, &self.waiver) {
            (None, _) => DiagnosticKind::InputProblem,
            (Some(_), Some(_)) => DiagnosticKind::Waived,
            (Some(_), None) => DiagnosticKind::Finding,
        }
    }

    /// The rule's id, e.g. `event-flow`, for findings.
    pub fn rule_name(&self) -> Option<&'static str> {
        self.rule.map(RuleId::as_str)
    }

    /// Whether it fails the gate: an input problem, an error no waiver accepts, or under
    /// `strict` a warning no waiver accepts.
    pub fn fails(&self, strict: bool) -> bool {
        match self.kind() {
            DiagnosticKind::InputProblem => true,
            DiagnosticKind::Waived => false,
            DiagnosticKind::Finding => self.severity == Severity::Error || strict,
        }
    }

    /// The column just past the value at fault (at least one character wide).
    pub fn end_column(&self) -> Option<u32> {
        self.span
            .map(|s| s.column.max(1).saturating_add(s.len.max(1)))
    }

    /// `path:line:column` (or the path alone, for a problem with no place).
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.path, s.line, s.column),
            None => self.path.clone(),
        }
    }
}
