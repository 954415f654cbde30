//! A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict,
//! the counts per profile, and a table of findings.

use std::fmt::Write;

use super::Options;
use crate::check::{CheckRun, Verdict};
use crate::diagnostic::DiagnosticKind;
use crate::finding::Severity;

/// Renders `run` as Markdown.
pub fn render(run: &CheckRun, _: Options) -> String {
    let mut out = String::new();
    let passed = run.verdict() == Verdict::Pass;
    let _ = writeln!(
        out,
        "## {} profile-check: {}\n",
        if passed { "✅" } else { "❌" },
        if passed { "PASS" } else { "FAIL" }
    );
    out.push_str("| Profile | Verdict | Modules | Required | Optional | Disabled | Errors | Warnings | Waived |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for profile in &run.profiles {
        let s = profile.summary;
        let verdict = match profile.verdict(run.strict) {
            Verdict::Error => "⛔ cannot be checked",
            Verdict::Pass => "✅ PASS",
            Verdict::Fail => "❌ FAIL",
        };
        let _ = writeln!(
            out,
            "| {} | {verdict} | {} | {} | {} | {} | {} | {} | {} |",
            code(&profile.path),
            s.modules,
            s.required,
            s.optional,
            s.disabled,
            s.errors,
            s.warnings,
            s.waived
        );
    }
    let mut rows = Vec::new();
    for d in run.profiles.iter().flat_map(|p| &p.diagnostics) {
        let place = code(&d.location());
        let row = match (d.kind(), d.severity, &d.waiver) {
            (DiagnosticKind::InputProblem, _, _) => {
                format!("| ⛔ input error | | {place} | | {} |", cell(&d.message))
            }
            (kind, severity, waiver) => {
                let (label, tail) = match (kind, severity, waiver) {
                    (DiagnosticKind::Waived, _, Some(note)) => ("🔕 waived", note.as_str()),
                    (_, Severity::Error, _) => ("❌ error", d.help.as_deref().unwrap_or_default()),
                    (_, Severity::Warning, _) => {
                        ("⚠️ warning", d.help.as_deref().unwrap_or_default())
                    }
                };
                format!(
                    "| {label} | `{}` | {place} | {} | {} — {} |",
                    d.rule_name().unwrap_or_default(),
                    d.module.as_deref().map(code).unwrap_or_default(),
                    cell(&d.message),
                    cell(tail)
                )
            }
        };
        rows.push(row);
    }
    if !rows.is_empty() {
        out.push_str("\n### Findings\n\n| Severity | Rule | Location | Module | Message |\n| --- | --- | --- | --- | --- |\n");
        for row in rows {
            out.push_str(&row);
            out.push('\n');
        }
    }
    out
}

/// A table cell: no line breaks, no column breaks, no HTML.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Inline code that holds any text: a fence longer than any run of backticks inside.
fn code(text: &str) -> String {
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!(
        "{fence}{pad}{}{pad}{fence}",
        text.replace('|', "\\|").replace(['\n', '\r'], " ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b<script>"), "a\\|b&lt;script&gt;");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("p.yaml"), "`p.yaml`");
    }
}
