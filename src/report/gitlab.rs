//! GitLab Code Quality: a JSON array of issues (`description`, `check_name`,
//! `fingerprint`, `severity`, `location.path`, `location.lines.begin`), the subset of the
//! Code Climate format that GitLab reads from `artifacts:reports:codequality` and shows in
//! the merge request. Paths are relative to the repository root, as GitLab wants them;
//! fingerprints are SARIF's (`partialFingerprints`), so an issue stays the same issue when
//! lines move. Every text is a diagnostic's, escaped when it was built; JSON escapes the
//! rest.

use std::collections::HashMap;

use serde::Serialize;

use super::Options;
use super::sarif::{Root, fingerprint};
use crate::check::CheckRun;
use crate::diagnostic::{Diagnostic, DiagnosticKind, INPUT_ERROR};
use crate::finding::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// Renders `run` as a Code Quality report.
pub fn render(run: &CheckRun, _: Options) -> String {
    render_in(run, &Root::find())
}

fn render_in(run: &CheckRun, root: &Root) -> String {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = run
        .profiles
        .iter()
        .flat_map(|p| p.diagnostics.iter().map(|d| (d, p.deployment.as_deref())))
        .map(|(d, deployment)| issue(d, deployment, root, &mut seen))
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn issue<'a>(
    d: &'a Diagnostic,
    deployment: Option<&str>,
    root: &Root,
    seen: &mut HashMap<u64, usize>,
) -> Issue<'a> {
    let path = root.relative(&d.path);
    let check_name = d.rule.map_or(INPUT_ERROR, |id| id.as_str());
    let hash = fingerprint(
        check_name,
        d.module.as_deref(),
        &path,
        &d.message,
        deployment,
    );
    // The same issue twice in one file (rare) gets `:2`, as SARIF's fingerprints do.
    let occurrence = seen.entry(hash).or_default();
    *occurrence += 1;
    let mut description = match (&d.help, &d.waiver) {
        (_, Some(note)) => format!("{} ({note})", d.text()),
        (Some(help), None) => format!("{} (fix: {help})", d.text()),
        (None, None) => d.text().into_owned(),
    };
    // One of several deployments the profile is held against: the issue says which.
    if let Some(deployment) = deployment {
        description = format!("{description} [on {deployment}]");
    }
    Issue {
        kind: "issue",
        description,
        check_name,
        fingerprint: format!("{hash:016x}:{occurrence}"),
        severity: severity(d),
        location: Location {
            path,
            lines: Lines {
                begin: d.span.map_or(1, |s| s.line.max(1)),
            },
        },
    }
}

/// An input that cannot be checked blocks the release; a rule's error is critical, a
/// warning minor (critical under `--strict`, where it fails the gate), a waived finding
/// information.
fn severity(d: &Diagnostic) -> &'static str {
    match (d.kind(), d.severity) {
        (DiagnosticKind::InputProblem, _) => "blocker",
        (DiagnosticKind::Waived, _) => "info",
        (DiagnosticKind::Finding, Severity::Error) => "critical",
        (DiagnosticKind::Finding, Severity::Warning) => "minor",
    }
}
