//! A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict,
//! the counts per profile, and a table of findings.

use std::fmt::Write;

use crate::finding::Severity;
use crate::{CheckRun, EXIT_PASS};

/// Renders `run` as Markdown.
pub fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    let passed = run.code() == EXIT_PASS;
    let _ = writeln!(
        out,
        "## {} profile-check: {}\n",
        if passed { "✅" } else { "❌" },
        if passed { "PASS" } else { "FAIL" }
    );
    out.push_str("| Profile | Verdict | Modules | Required | Optional | Disabled | Errors | Warnings | Waived |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for profile in &run.profiles {
        let s = profile.summary();
        let verdict = match (&profile.outcome, profile.code(run.strict)) {
            (Err(_), _) => "⛔ cannot be checked",
            (Ok(_), EXIT_PASS) => "✅ PASS",
            (Ok(_), _) => "❌ FAIL",
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
    for profile in &run.profiles {
        match &profile.outcome {
            Err(error) => {
                for p in &error.problems {
                    let place = match p.span {
                        Some(s) => format!("{}:{}:{}", error.path, s.line, s.column),
                        None => error.path.clone(),
                    };
                    rows.push(format!(
                        "| ⛔ input error | | {} | | {} |",
                        code(&place),
                        cell(&p.message)
                    ));
                }
            }
            Ok(checked) => {
                for f in &checked.findings {
                    let (severity, tail) = match (run.waiver(f), f.severity) {
                        (Some(waiver), _) => ("🔕 waived", super::waived_note(waiver)),
                        (None, Severity::Error) => ("❌ error", f.help.clone()),
                        (None, Severity::Warning) => ("⚠️ warning", f.help.clone()),
                    };
                    let file = run.file(profile, f.file).0;
                    let place = format!("{file}:{}:{}", f.span.line, f.span.column);
                    rows.push(format!(
                        "| {severity} | `{}` | {} | {} | {} — {} |",
                        f.rule.as_str(),
                        code(&place),
                        f.module.as_deref().map(code).unwrap_or_default(),
                        cell(&f.message),
                        cell(&tail)
                    ));
                }
            }
        }
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
