//! The JSON report (SPEC §6): one stable document, `"version": 1`.

use serde::Serialize;

use super::Options;
use crate::check::{CheckRun, ProfileRun, Verdict};
use crate::diagnostic::DiagnosticKind;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    passed: bool,
    profiles: Vec<ProfileReport<'a>>,
}

#[derive(Serialize)]
struct ProfileReport<'a> {
    path: &'a str,
    passed: bool,
    error: Option<ErrorReport>,
    summary: SummaryReport,
    findings: Vec<FindingReport<'a>>,
}

#[derive(Serialize)]
struct ErrorReport {
    message: String,
    line: Option<u32>,
    column: Option<u32>,
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
    message: &'a str,
    module: Option<&'a str>,
    file: &'a str,
    line: u32,
    column: u32,
    waived: bool,
}

/// Renders `run` as pretty-printed JSON with a final newline.
pub fn render(run: &CheckRun, _: Options) -> String {
    let report = Report {
        version: 1,
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
    let error = run.checked.is_none().then(|| {
        let span = run.input_problems().next().and_then(|d| d.span);
        ErrorReport {
            message: super::problems_in_one_line(run),
            line: span.map(|s| s.line),
            column: span.map(|s| s.column),
        }
    });
    let findings = run
        .diagnostics
        .iter()
        .filter_map(|d| {
            let span = d.span?;
            Some(FindingReport {
                rule: d.rule_name()?,
                severity: d.severity.as_str(),
                message: &d.message,
                module: d.module.as_deref(),
                file: &d.path,
                line: span.line,
                column: span.column,
                waived: d.kind() == DiagnosticKind::Waived,
            })
        })
        .collect();
    ProfileReport {
        path: &run.path,
        passed: run.verdict(strict) == Verdict::Pass,
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
