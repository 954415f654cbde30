//! The JSON report (SPEC §6, §8): one document, `"version": 2`, stable from here on: new
//! fields may be added, none renamed or removed without a new version. Its JSON Schema is
//! `profile-check schema report` ([`crate::schema`]).

use serde::Serialize;

use super::Options;
use crate::check::{CheckRun, ProfileRun, Verdict};
use crate::diagnostic::DiagnosticKind;
use crate::error::ProblemKind;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    passed: bool,
    profiles: Vec<ProfileReport<'a>>,
}

#[derive(Serialize)]
struct ProfileReport<'a> {
    path: &'a str,
    /// The deployment it was checked against, when it is held against several.
    deployment: Option<&'a str>,
    passed: bool,
    held_against: super::HeldAgainst<'a>,
    baseline: Option<super::ResolvedBaseline>,
    note: Option<String>,
    error: Option<ErrorReport<'a>>,
    summary: SummaryReport,
    findings: Vec<FindingReport<'a>>,
}

#[derive(Serialize)]
struct ErrorReport<'a> {
    /// `cannot be checked, 3 input errors in FILE`.
    message: String,
    /// Every problem, in file order.
    problems: Vec<ProblemReport<'a>>,
}

#[derive(Serialize)]
struct ProblemReport<'a> {
    kind: &'static str,
    message: std::borrow::Cow<'a, str>,
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    help: Option<&'a str>,
    found: Option<&'a str>,
    expected: Option<&'a str>,
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct SummaryReport {
    modules: usize,
    required: usize,
    optional: usize,
    disabled: usize,
    errors: usize,
    warnings: usize,
    waived: usize,
}

#[derive(Serialize)]
struct FindingReport<'a> {
    rule: &'static str,
    severity: &'static str,
    message: std::borrow::Cow<'a, str>,
    help: Option<&'a str>,
    module: Option<&'a str>,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    waived: bool,
    deployment: Option<&'a str>,
}

/// Renders `run` as pretty-printed JSON with a final newline.
pub fn render(run: &CheckRun, _: Options) -> String {
    let report = Report {
        version: 2,
        passed: run.verdict() == Verdict::Pass,
        profiles: run
            .profiles
            .iter()
            .map(|p| profile(p, run.strict))
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn profile(run: &ProfileRun, strict: bool) -> ProfileReport<'_> {
    let s = run.summary;
    let error = run.checked.is_none().then(|| ErrorReport {
        message: run.unchecked_reason(),
        problems: run
            .input_problems()
            .map(|d| ProblemReport {
                // Every input problem's diagnostic is built from a problem, with its data.
                kind: d
                    .problem
                    .as_ref()
                    .map_or(ProblemKind::Invalid, |p| p.kind)
                    .as_str(),
                message: d.text(),
                file: &d.path,
                line: d.span.map(|s| s.line),
                column: d.span.map(|s| s.column),
                end_line: d.span.map(|s| s.line),
                end_column: d.end_column(),
                help: d.help.as_deref(),
                found: d.problem.as_ref().and_then(|p| p.found.as_deref()),
                expected: d.problem.as_ref().and_then(|p| p.expected.as_deref()),
                suggestion: d.problem.as_ref().and_then(|p| p.suggestion.as_deref()),
            })
            .collect(),
    });
    let findings = run
        .diagnostics
        .iter()
        .filter_map(|d| {
            let span = d.span?;
            Some(FindingReport {
                rule: d.rule_name()?,
                severity: d.severity.as_str(),
                message: d.text(),
                help: d.help.as_deref(),
                module: d.module.as_deref(),
                file: &d.path,
                line: span.line,
                column: span.column,
                // A value at fault stands on one line; the end column is the one after it.
                end_line: span.line,
                end_column: d.end_column().unwrap_or(span.column),
                waived: d.kind() == DiagnosticKind::Waived,
                deployment: run.deployment.as_deref(),
            })
        })
        .collect();
    ProfileReport {
        path: &run.path,
        deployment: run.deployment.as_deref(),
        passed: run.verdict(strict) == Verdict::Pass,
        held_against: super::HeldAgainst(run),
        baseline: super::ResolvedBaseline::of(run),
        note: run.unheld_note(),
        error,
        summary: SummaryReport {
            modules: s.modules,
            required: s.required,
            optional: s.optional,
            disabled: s.disabled,
            errors: s.errors,
            warnings: s.warnings,
            waived: s.waived,
        },
        findings,
    }
}
