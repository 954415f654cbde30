//! The JSON report (SPEC §6): one stable document, `"version": 1`.

use serde::Serialize;

use crate::{CheckRun, ProfileRun};

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
pub fn render(run: &CheckRun) -> String {
    let report = Report {
        version: 1,
        passed: run.code() == crate::EXIT_PASS,
        profiles: run.profiles.iter().map(|p| profile(run, p)).collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn profile<'a>(all: &'a CheckRun, run: &'a ProfileRun) -> ProfileReport<'a> {
    let s = run.summary();
    let error = run.outcome.as_ref().err().map(|e| {
        let span = e.problems.first().and_then(|p| p.span);
        ErrorReport {
            message: super::input_error_message(&run.path, e),
            line: span.map(|s| s.line),
            column: span.map(|s| s.column),
        }
    });
    let findings = match &run.outcome {
        Ok(checked) => checked
            .findings
            .iter()
            .map(|f| FindingReport {
                rule: f.rule.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                module: f.module.as_deref(),
                file: all.file(run, f.file).0,
                line: f.span.line,
                column: f.span.column,
                waived: f.is_waived(),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    ProfileReport {
        path: &run.path,
        passed: run.code(all.strict) == crate::EXIT_PASS,
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
