//! A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict,
//! the counts per profile, and a table of findings.

use std::fmt::Write;

use super::Options;
use crate::check::{CheckRun, ProfileRun, Verdict};
use crate::diagnostic::DiagnosticKind;
use crate::finding::Severity;
use crate::graph::Graph;

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
    out.push_str("| Profile | Verdict | Held against | Modules | Required | Optional | Disabled | Errors | Warnings | Waived |\n");
    out.push_str("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for profile in &run.profiles {
        let s = profile.summary;
        let verdict = match profile.verdict(run.strict) {
            Verdict::Error => "⛔ cannot be checked",
            Verdict::Pass => "✅ PASS",
            Verdict::Fail => "❌ FAIL",
        };
        let held: Vec<String> = profile
            .held_against
            .iter()
            .map(|(kind, _)| {
                let shown = profile.shown_input(*kind).unwrap_or_default();
                code(&format!("{} {shown}", kind.flag()))
            })
            .collect();
        let held = if held.is_empty() {
            "nothing else".to_owned()
        } else {
            held.join(" ")
        };
        let name = match &profile.deployment {
            Some(deployment) => format!("{} on {}", code(&profile.path), code(deployment)),
            None => code(&profile.path),
        };
        let _ = writeln!(
            out,
            "| {name} | {verdict} | {held} | {} | {} | {} | {} | {} | {} | {} |",
            s.modules, s.required, s.optional, s.disabled, s.errors, s.warnings, s.waived
        );
    }
    for profile in &run.profiles {
        if let Some(note) = profile.unheld_note() {
            let _ = writeln!(out, "\n> **Note** {}: {note}", code(&profile.path));
        }
    }
    let mut rows = Vec::new();
    for (d, deployment) in run
        .profiles
        .iter()
        .flat_map(|p| p.diagnostics.iter().map(|d| (d, p.deployment.as_deref())))
    {
        let place = match deployment {
            Some(deployment) => format!("{} on {}", code(&d.location()), code(deployment)),
            None => code(&d.location()),
        };
        let row = match (d.kind(), d.severity, &d.waiver) {
            (DiagnosticKind::InputProblem, _, _) => {
                format!("| ⛔ input error | | {place} | | {} |", prose(&d.text()))
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
                    prose(&d.text()),
                    prose(tail)
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
    for profile in &run.profiles {
        event_flow(&mut out, profile);
    }
    out
}

/// Profiles with more modules than this get no Mermaid graph: GitHub draws one that big
/// too small to read, and a comment has a size limit.
pub const MAX_GRAPH_MODULES: usize = 100;

/// The profile's event flow as a Mermaid block, which GitHub draws in comments and step
/// summaries; past [`MAX_GRAPH_MODULES`], how to draw it instead.
fn event_flow(out: &mut String, profile: &ProfileRun) {
    let Some(checked) = &profile.checked else {
        return;
    };
    let path = &profile.path;
    let _ = writeln!(out, "\n### Event flow of {}\n", code(path));
    let n = checked.profile.modules.len();
    if n > MAX_GRAPH_MODULES {
        let _ = writeln!(
            out,
            "{n} modules are more than a comment shows well ({MAX_GRAPH_MODULES}); draw the graph \
             with {}.",
            code(&format!(
                "profile-check graph {path} --format svg > graph.svg"
            ))
        );
        return;
    }
    let Some(graph) = Graph::of_run(profile) else {
        return;
    };
    // Mermaid text never holds a backtick (labels are entity-encoded), so no line of it can
    // close the fence.
    let _ = write!(out, "```mermaid\n{}```\n", graph.mermaid());
}

/// A sentence of the tool (a message, a help, a waiver's note) as GitHub should show it:
/// its `` `value` `` spans as code spans, the words between as text. Nothing of the input
/// is read as Markdown or HTML: the values are inside code spans; in the words between,
/// every character Markdown reads is backslash-escaped (invisible once rendered), and a
/// word that GitHub would turn into a mention or a link (`@…`, `…://…`, `www.…`) is a
/// code span too. A sentence whose backticks do not pair is one code span. The project's
/// escaping has already written control and bidirectional characters as `\u{..}`.
fn prose(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    if text.matches('`').count() % 2 == 1 {
        return code(&text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            // `` (a value's own backtick beside the closing one) is no code span.
            if !part.is_empty() {
                out.push_str(&code(part));
            }
            continue;
        }
        for (j, word) in part.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            let linkable = word.contains('@') || word.contains("://") || word.contains("www.");
            if linkable {
                out.push_str(&code(word));
                continue;
            }
            let chars: Vec<char> = word.chars().collect();
            for (k, &c) in chars.iter().enumerate() {
                // `_` emphasises only beside a character that is not a letter or digit;
                // the others wherever they stand.
                let inside = |at: Option<usize>| {
                    at.and_then(|at| chars.get(at))
                        .is_some_and(|c| c.is_alphanumeric())
                };
                let intraword = inside(k.checked_sub(1)) && inside(k.checked_add(1));
                if matches!(
                    c,
                    '\\' | '*' | '[' | ']' | '<' | '>' | '!' | '#' | '|' | '~' | '&'
                ) || (c == '_' && !intraword)
                {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// Inline code that holds any text: a fence longer than any run of backticks inside, and
/// `|` escaped for the table. Paths and module ids are shown this way, and the values in
/// a sentence ([`prose`]): inside a code span no Markdown or HTML is read, so a value
/// cannot render an image, a link or a mention, and the project's escaping has already
/// written its control and bidirectional characters as `\u{..}`.
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
        assert_eq!(code("a|b<script>"), "`a\\|b<script>`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(
            code("`x` ![t](https://e.invalid/p.png) @someone `y`"),
            "`` `x` ![t](https://e.invalid/p.png) @someone `y` ``"
        );
        assert_eq!(code("p.yaml"), "`p.yaml`");
    }

    #[test]
    fn sentences_show_their_values_as_code_and_nothing_else_as_markdown() {
        assert_eq!(
            prose("module `webinar-chat` is not in the table (doc.md:23)"),
            "module `webinar-chat` is not in the table (doc.md:23)"
        );
        assert_eq!(
            prose("by @someone: see ![t](https://e.invalid/p.png) <b>x</b> | *y*"),
            "by `@someone:` see `![t](https://e.invalid/p.png)` \\<b\\>x\\</b\\> \\| \\*y\\*"
        );
        // Backticks that do not pair: the sentence is one code span.
        assert_eq!(prose("a ` b"), "``a ` b``");
        assert_eq!(prose("`a|b`"), "`a\\|b`");
        assert_eq!(
            prose("snake_case _x_ (_y_)"),
            "snake_case \\_x\\_ (\\_y\\_)"
        );
    }
}
