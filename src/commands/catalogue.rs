//! `profile-check rules` and `profile-check explain RULE`: the rule catalogue, generated
//! from the registry (as is the README's rule table).

use std::fmt::Write;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::Output;
use crate::cli::ListFormat;
use crate::exit::EXIT_INPUT;
use crate::rules::Fix;
use crate::rules::{RULES, RuleId};
use crate::suggest::did_you_mean;

#[derive(Serialize)]
struct RuleEntry {
    id: &'static str,
    severity: &'static str,
    needs: &'static str,
    fix: &'static str,
    summary: &'static str,
}

/// `profile-check rules`: every rule, in registry order.
pub fn list(format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let entries: Vec<RuleEntry> = RULES
                .iter()
                .map(|r| RuleEntry {
                    id: r.name(),
                    severity: r.severity.as_str(),
                    needs: r.needs.describe(),
                    fix: r.id.fix().as_str(),
                    summary: r.summary,
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&entries).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Text => {
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED.with_rounded_corners());
            table.set_header(["Rule", "Severity", "Runs when", "Fix", "Summary"]);
            for r in RULES {
                let fix = match r.id.fix() {
                    Fix::Safe => "safe",
                    Fix::None => "",
                };
                table.add_row([
                    r.name(),
                    r.severity.as_str(),
                    r.needs.describe(),
                    fix,
                    r.summary,
                ]);
            }
            format!(
                "{table}\n\nprofile-check explain <RULE> tells more about one rule; `check --fix` makes the safe fixes.\n"
            )
        }
    }
}

/// `profile-check explain RULE`: one rule in full.
pub fn explain(name: &str) -> Output {
    let Some(id) = RuleId::parse(name) else {
        return Output::stderr(
            format!(
                "error: unknown rule `{}`{} (`profile-check rules` lists them all)\n",
                crate::escape::escape_controls(name),
                did_you_mean(name, RULES.iter().map(|r| r.name()))
            ),
            EXIT_INPUT,
        );
    };
    let r = id.rule();
    let indent = |text: &str| {
        text.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    let prose = |text: &str| indent(&wrap(text, 84));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, runs: {})",
        r.name(),
        r.severity.as_str(),
        r.needs.describe()
    );
    let _ = writeln!(out, "\n{}\n", r.summary);
    let _ = writeln!(out, "Why\n{}", prose(r.why));
    let _ = writeln!(out, "What fails\n{}", prose(r.fails));
    let _ = writeln!(out, "Failing example\n{}", indent(r.bad));
    let _ = writeln!(out, "Fixed\n{}", indent(r.good));
    let _ = write!(out, "How to fix\n{}", prose(r.fix));
    if let (Fix::Safe, Some(what)) = (id.fix(), crate::fix::describe(id)) {
        let _ = write!(
            out,
            "\nFix: safe\n{}",
            prose(&format!(
                "`profile-check check --fix` {what}; `--diff` shows the change first."
            ))
        );
    }
    Output::stdout(out)
}

/// Breaks `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// The rule table of the README, in Markdown (a test keeps the README's copy current).
pub fn markdown_table() -> String {
    let mut out =
        String::from("| Rule | Severity | Runs when | Fails when |\n| --- | --- | --- | --- |\n");
    for r in RULES {
        let _ = writeln!(
            out,
            // The anchor is SARIF's `helpUri` for the rule (code scanning links to it).
            "| <a id=\"rule-{}\"></a>`{}` | {} | {} | {} |",
            r.name(),
            r.name(),
            r.severity.as_str(),
            r.needs.describe(),
            r.fails.replace('|', "\\|")
        );
    }
    out
}
