//! What the rules report: data, never errors.

use serde::Serialize;

use crate::inputs::InputKind;
use crate::rule_id::RuleId;
use crate::source::Span;

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; fails the gate only under `--strict`.
    Warning,
    /// Fails the gate.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// One violation of one rule, at the value at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: RuleId,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence, with the input's values as they are: the report
    /// escapes it ([`crate::diagnostic::Diagnostic::of_finding`]).
    pub message: String,
    /// What to do about it, in one line.
    pub help: String,
    /// Lines shown under the help as they are laid out (the YAML of a module to add),
    /// each escaped on its own.
    pub example: Vec<String>,
    /// The module concerned, where there is one.
    pub module: Option<String>,
    /// The file the value at fault is in.
    pub file: InputKind,
    /// Which file of that input, for an input of several files (a directory of Kubernetes
    /// manifests); 0 otherwise.
    pub file_index: usize,
    /// The value at fault.
    pub span: Span,
    /// The waiver (index in the waivers file) that accepts this finding, if one does.
    pub waived_by: Option<usize>,
}

impl Finding {
    /// A finding of `rule` at `span`; rules raise theirs through [`crate::rules::Rule::finding`],
    /// so that the severity comes from the registry.
    pub(crate) fn new(
        rule: RuleId,
        severity: Severity,
        span: Span,
        message: String,
        help: String,
    ) -> Self {
        Self {
            rule,
            severity,
            message,
            help,
            example: Vec::new(),
            module: None,
            file: InputKind::Profile,
            file_index: 0,
            span,
            waived_by: None,
        }
    }

    /// The same finding as a warning: for the cases a rule documents as warnings (a module
    /// that may run but is not known active, an analytics module missing from its list).
    #[must_use]
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Places the finding in another input than the profile.
    #[must_use]
    pub fn in_file(mut self, file: InputKind) -> Self {
        self.file = file;
        self
    }

    /// Places the finding in file `index` of an input of several files.
    #[must_use]
    pub fn in_file_of(mut self, file: InputKind, index: usize) -> Self {
        self.file = file;
        self.file_index = index;
        self
    }

    /// Whether a live waiver accepts it.
    pub fn is_waived(&self) -> bool {
        self.waived_by.is_some()
    }

    /// Adds lines shown under the help as they are laid out (the field `example`).
    #[must_use]
    pub fn example(mut self, lines: Vec<String>) -> Self {
        self.example = lines;
        self
    }

    /// Names the module the finding is about.
    #[must_use]
    pub fn module(mut self, id: &str) -> Self {
        self.module = Some(id.to_owned());
        self
    }
}
