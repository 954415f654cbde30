//! One diagnostic stream: every finding, waived finding and input problem of a profile,
//! in one ordered list that every report format renders and none re-derives.

use std::sync::Arc;

use crate::error::{InputError, OMITTED_PREFIX, Problem, ProblemKind, thousands};
use crate::escape::{escape_controls, escape_controls_owned, escape_path};
use crate::finding::{Finding, Severity};
use crate::rules::RuleId;
use crate::source::{Source, Span};

/// Findings of one rule in one profile run reported in full; the rest are counted in one
/// more diagnostic ([`Diagnostic::omitted_findings`]). Keeps every report, and the memory
/// and time it takes, bounded whatever the input (SPEC §7): 100,000 unknown ids are 200
/// snippets and a count, not 100,000 snippets.
pub const FINDINGS_PER_RULE: usize = 200;

/// The help a report shows: the help's one line and, under it, the lines of its example
/// as they are laid out, each escaped on its own. A line break in the help itself (a
/// value's) is escaped like any other hidden character: only the tool's own layout
/// breaks a line.
fn shown_help(help: Option<&str>, example: &[String]) -> Option<String> {
    let mut shown = escape_controls(help?);
    for line in example {
        shown.push('\n');
        shown.push_str(&escape_controls(line));
    }
    Some(shown)
}

/// The code of an input problem wherever a report gives one (SARIF's rule id, GitLab's
/// `check_name`, JUnit's error type, the language server's code), beside the rule ids of
/// findings; its kind is a field of its own.
pub const INPUT_ERROR: &str = "input-error";

/// What an input problem is, as data: its kind, and the values it concerns, escaped. The
/// machine-read reports give it as fields (JSON, SARIF `properties`), and the language
/// server offers a suggestion as a replacement; none of them reads the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemData {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// The value at fault, as found.
    pub found: Option<String>,
    /// What was expected there.
    pub expected: Option<String>,
    /// The known name nearest to the one found.
    pub suggestion: Option<String>,
}

impl ProblemData {
    /// `problem`'s kind and values, each value escaped.
    fn of(problem: &Problem) -> Self {
        let values = problem.values.as_deref();
        let escaped = |value: Option<&String>| value.map(|v| escape_controls(v));
        Self {
            kind: problem.kind,
            found: escaped(values.and_then(|v| v.found.as_ref())),
            expected: escaped(values.and_then(|v| v.expected.as_ref())),
            suggestion: escaped(values.and_then(|v| v.suggestion.as_ref())),
        }
    }
}

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
    /// What is wrong, in one sentence. This and every other text field are escaped with
    /// [`escape_controls`] when the diagnostic is built, and only there: rules and decoders
    /// word their findings and problems with the input's values as they are, and no
    /// control, bidirectional or separator character of an input reaches any report
    /// through a diagnostic.
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
    /// How many problems or findings it stands for: 1, or for one that counts those not
    /// listed one by one, their number.
    pub counts: usize,
    /// Where the first stands, for a duplicate: a place in the same file, which an editor
    /// shows beside the diagnostic.
    pub related: Option<Span>,
    /// A warning that fails the gate under `--strict`, shown as an error: its text says so
    /// ([`Self::text`]), its message and fingerprint stay the warning's.
    pub strict: bool,
    /// For an input problem, its kind and values.
    pub problem: Option<ProblemData>,
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
            waiver: waiver.map(escape_controls_owned),
            message: escape_controls_owned(finding.message),
            help: shown_help(Some(&finding.help), &finding.example),
            module: finding.module.map(escape_controls_owned),
            path: escape_path(path),
            source: source.cloned(),
            span: Some(finding.span),
            counts: 1,
            related: None,
            strict: false,
            problem: None,
        }
    }

    /// The count of `rule`'s findings past the first [`FINDINGS_PER_RULE`]: `omitted` more
    /// of them, the first at `first`'s place. It fails the gate when one of them does
    /// (`severity`), and reads as waived when every one of them is.
    pub fn omitted_findings(
        first: &Diagnostic,
        omitted: usize,
        severity: Severity,
        all_waived: bool,
    ) -> Self {
        let rule = first.rule_name().unwrap_or_default();
        Self {
            severity,
            rule: first.rule,
            waiver: all_waived.then(|| "every one of them is waived".to_owned()),
            message: format!(
                "{OMITTED_PREFIX}{} more `{rule}` {} from here on, not listed one by one (the first {FINDINGS_PER_RULE} are); the counts include them",
                thousands(omitted),
                if omitted == 1 { "finding" } else { "findings" },
            ),
            help: Some(format!(
                "fix the findings listed and check again, or run `profile-check explain {rule}`"
            )),
            module: None,
            path: first.path.clone(),
            source: first.source.clone(),
            span: first.span,
            counts: omitted,
            related: None,
            strict: false,
            problem: None,
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
            message: escape_controls(&p.worded()),
            help: shown_help(p.help.as_deref(), &p.example),
            module: None,
            path: escape_path(&error.path),
            source: source.cloned(),
            span: p.span,
            counts: p.counts,
            related: p.first,
            strict: false,
            problem: Some(ProblemData::of(p)),
        })
    }

    /// What is wrong, as every report shows it: the message, marked `(strict)` for a
    /// warning that fails the gate under `--strict`.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        if self.strict {
            format!("{} (strict)", self.message).into()
        } else {
            self.message.as_str().into()
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemKind;
    use crate::rules::RuleId;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(198_800), "198,800");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn a_count_weighs_its_number_and_no_text_counts() {
        let counting = Problem::whole(
            ProblemKind::Omitted,
            "… and 49,807 more problems from here on",
        )
        .counting(49_807);
        let error = InputError::one("p.yaml", counting);
        let counted: Vec<usize> = Diagnostic::of_input_error(&error, None)
            .map(|d| d.counts)
            .collect();
        assert_eq!(counted, [49_807]);
        // The count is data, never read back from a message: a message (or a value an input
        // put in one) that reads like a count weighs 1.
        for message in [
            "unknown field `k1`",
            "… and 49,807 more problems from here on",
        ] {
            let error = InputError::one("p.yaml", Problem::whole(ProblemKind::Invalid, message));
            let counted: Vec<usize> = Diagnostic::of_input_error(&error, None)
                .map(|d| d.counts)
                .collect();
            assert_eq!(counted, [1], "{message}");
        }
    }

    #[test]
    fn help_is_one_line_and_only_the_example_is_laid_out() {
        let problem = Problem::invalid(Span::new(3, 5, 6), "`x` is wrong")
            .help("write `a\n::error::b`")
            .example(vec!["  - id: m\u{1b}".to_owned(), "    name: M".to_owned()]);
        let error = InputError::one("p.yaml", problem);
        let d: Vec<Diagnostic> = Diagnostic::of_input_error(&error, None).collect();
        assert_eq!(
            d.first().and_then(|d| d.help.as_deref()),
            Some("write `a\\n::error::b`\n  - id: m\\u{1b}\n    name: M")
        );
        // No help, no example shown.
        let error = InputError::one(
            "p.yaml",
            Problem::whole(ProblemKind::Invalid, "x").example(vec!["y".to_owned()]),
        );
        let d: Vec<Diagnostic> = Diagnostic::of_input_error(&error, None).collect();
        assert_eq!(d.first().map(|d| d.help.is_none()), Some(true));
    }

    #[test]
    fn a_duplicate_is_worded_with_its_first_and_points_at_it() {
        let first = Span::new(2, 3, 4);
        let problem = Problem::twice(Span::new(7, 3, 4), "duplicate key `name`", first);
        assert_eq!(problem.message, "duplicate key `name`");
        assert_eq!(
            problem.worded(),
            "duplicate key `name`; the first is at line 2, column 3"
        );
        let error = InputError::one("p.yaml", problem);
        assert_eq!(
            error.lines().collect::<Vec<_>>(),
            ["p.yaml:7:3: duplicate key `name`; the first is at line 2, column 3"]
        );
        let d: Vec<Diagnostic> = Diagnostic::of_input_error(&error, None).collect();
        assert_eq!(
            d.first().map(|d| (d.message.as_str(), d.related)),
            Some((
                "duplicate key `name`; the first is at line 2, column 3",
                Some(first)
            ))
        );
        let plain = Problem::invalid(Span::new(1, 1, 1), "x");
        assert_eq!(plain.worded(), "x");
        // A plain error line never starts as a workflow command, nor shows a raw control.
        let error = InputError::one(
            "::p\u{202e}.yaml",
            Problem::whole(ProblemKind::Invalid, "bad\u{1b}"),
        );
        assert_eq!(
            error.lines().collect::<Vec<_>>(),
            ["./::p\\u{202e}.yaml: bad\\u{1b}"]
        );
    }

    #[test]
    fn a_problem_is_its_kind_and_values_worded_once_and_escaped_as_data() {
        // A wrong type is worded from its values alone, or after what it is about.
        let wrong = Problem::wrong_type(Span::new(3, 9, 2), "`role` (a string)", "a list");
        assert_eq!(wrong.message, "");
        assert_eq!(wrong.worded(), "expected `role` (a string), found a list");
        let about = Problem {
            message: "a merge key".to_owned(),
            ..wrong.clone()
        };
        assert_eq!(
            about.worded(),
            "a merge key: expected `role` (a string), found a list"
        );
        // A name not known says "did you mean" from its suggestion, and only then.
        let unknown = Problem::unknown(Span::new(4, 5, 3), "unknown field `nme` in a module")
            .found("nme")
            .suggesting(Some("name"));
        assert_eq!(
            unknown.worded(),
            "unknown field `nme` in a module; did you mean `name`?"
        );
        let far = Problem::unknown(Span::new(4, 5, 5), "unknown field `owner`")
            .found("owner")
            .suggesting(None);
        assert_eq!(far.worded(), "unknown field `owner`");
        // The data reaches the diagnostic escaped, the kind as it is.
        let hostile = Problem::unknown(Span::new(1, 1, 1), "unknown field")
            .found("x\n::error::y")
            .expected("a\u{202e}")
            .suggesting(Some("n\u{1b}"));
        let error = InputError::one("p.yaml", hostile);
        let data: Vec<Option<ProblemData>> = Diagnostic::of_input_error(&error, None)
            .map(|d| d.problem)
            .collect();
        assert_eq!(
            data,
            [Some(ProblemData {
                kind: ProblemKind::Unknown,
                found: Some("x\\n::error::y".to_owned()),
                expected: Some("a\\u{202e}".to_owned()),
                suggestion: Some("n\\u{1b}".to_owned()),
            })]
        );
        // Every kind has its own word.
        let words: std::collections::HashSet<&str> =
            ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(words.len(), ProblemKind::ALL.len());
    }

    #[test]
    fn strict_is_shown_not_written_into_the_message() {
        let finding = Finding::new(
            RuleId::EventFlow,
            Severity::Warning,
            Span::new(1, 1, 1),
            "`m` consumes nothing".to_owned(),
            "h".to_owned(),
        );
        let mut d = Diagnostic::of_finding(finding, "p.yaml", None, None);
        assert_eq!(d.text(), "`m` consumes nothing");
        d.strict = true;
        assert_eq!(d.text(), "`m` consumes nothing (strict)");
        assert_eq!(d.message, "`m` consumes nothing");
    }

    #[test]
    fn every_text_field_is_escaped_where_diagnostics_are_built() {
        let mut finding = Finding::new(
            RuleId::WaiverUnused,
            Severity::Warning,
            Span::new(1, 1, 1),
            "the waiver of `x\n::error file=a::forged` matched nothing".to_owned(),
            "help\u{202e}".to_owned(),
        );
        finding.module = Some("m\u{200f}".to_owned());
        let d = Diagnostic::of_finding(
            finding,
            "p\u{2028}.yaml",
            None,
            Some("by \u{1b}[2J".to_owned()),
        );
        assert_eq!(
            d.message,
            "the waiver of `x\\n::error file=a::forged` matched nothing"
        );
        assert_eq!(d.help.as_deref(), Some("help\\u{202e}"));
        assert_eq!(d.module.as_deref(), Some("m\\u{200f}"));
        assert_eq!(d.path, "p\\u{2028}.yaml");
        assert_eq!(d.waiver.as_deref(), Some("by \\u{1b}[2J"));
        let error = InputError::one(
            "q\n.yaml",
            Problem::whole(ProblemKind::Invalid, "bad \u{ffff}").help("x\ry"),
        );
        let d: Vec<Diagnostic> = Diagnostic::of_input_error(&error, None).collect();
        assert_eq!(d.first().map(|d| d.message.as_str()), Some("bad \\u{ffff}"));
        assert_eq!(d.first().and_then(|d| d.help.as_deref()), Some("x\\ry"));
        assert_eq!(d.first().map(|d| d.path.as_str()), Some("q\\n.yaml"));
    }

    #[test]
    fn what_fails_the_gate() {
        let finding = |severity| {
            Finding::new(
                RuleId::EventFlow,
                severity,
                Span::new(1, 1, 1),
                "`m` consumes nothing".to_owned(),
                "h".to_owned(),
            )
        };
        let error = Diagnostic::of_finding(finding(Severity::Error), "p.yaml", None, None);
        let warning = Diagnostic::of_finding(finding(Severity::Warning), "p.yaml", None, None);
        let waived = Diagnostic::of_finding(
            finding(Severity::Error),
            "p.yaml",
            None,
            Some("until 2099-01-01 by ops: known".to_owned()),
        );
        let problem = InputError::one("p.yaml", Problem::whole(ProblemKind::Invalid, "bad"));
        let problem: Vec<Diagnostic> = Diagnostic::of_input_error(&problem, None).collect();
        assert_eq!(
            [&error, &warning, &waived].map(Diagnostic::kind),
            [
                DiagnosticKind::Finding,
                DiagnosticKind::Finding,
                DiagnosticKind::Waived
            ]
        );
        assert_eq!(
            problem.iter().map(Diagnostic::kind).collect::<Vec<_>>(),
            [DiagnosticKind::InputProblem]
        );
        for strict in [false, true] {
            // An input problem and an error no waiver accepts fail, strict or not; a waived
            // finding never does, even an error.
            assert!(error.fails(strict), "strict: {strict}");
            assert!(!waived.fails(strict), "strict: {strict}");
            assert_eq!(
                problem.iter().map(|d| d.fails(strict)).collect::<Vec<_>>(),
                [true],
                "strict: {strict}"
            );
        }
        // A warning fails only under `--strict`.
        assert!(!warning.fails(false));
        assert!(warning.fails(true));
    }

    #[test]
    fn the_place_is_shown_as_path_line_column_and_ends_past_the_value() {
        let finding = Finding::new(
            RuleId::EventFlow,
            Severity::Error,
            Span::new(3, 5, 6),
            "`m` consumes nothing".to_owned(),
            "h".to_owned(),
        );
        let mut d = Diagnostic::of_finding(finding, "::profiles/p.yaml", None, None);
        assert_eq!(d.location(), "./::profiles/p.yaml:3:5");
        assert_eq!(d.end_column(), Some(11));
        // A value of unknown length, or a place with no column, is one character wide.
        d.span = Some(Span::new(3, 5, 0));
        assert_eq!(d.end_column(), Some(6));
        d.span = Some(Span::new(3, 0, 0));
        assert_eq!(d.end_column(), Some(2));
        // An end past the last column stays the last column.
        d.span = Some(Span::new(3, u32::MAX - 1, 4));
        assert_eq!(d.end_column(), Some(u32::MAX));
        // A problem with the file as a whole has the path alone, and no end.
        let error = InputError::one(
            "p\u{1b}.yaml",
            Problem::whole(ProblemKind::Unreadable, "cannot read the file"),
        );
        let d: Vec<Diagnostic> = Diagnostic::of_input_error(&error, None).collect();
        assert_eq!(
            d.iter()
                .map(|d| (d.location(), d.end_column()))
                .collect::<Vec<_>>(),
            [("p\\u{1b}.yaml".to_owned(), None)]
        );
    }
}
