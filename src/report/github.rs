//! GitHub Actions workflow commands: one annotation per finding and per input error, and a
//! last line with each profile's verdict (`::notice` for PASS, `::error` for FAIL and
//! ERROR). Nothing else reaches standard output, and data and properties are escaped as
//! actions/toolkit does, so no input can forge a second command.

use std::fmt::Write;

use super::Options;
use crate::check::{CheckRun, Verdict};
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::escape::is_hidden;
use crate::finding::Severity;

/// Renders `run` as workflow commands.
pub fn render(run: &CheckRun, _: Options) -> String {
    let mut out = String::new();
    for profile in &run.profiles {
        for d in &profile.diagnostics {
            annotation(&mut out, d);
        }
    }
    for profile in &run.profiles {
        let mut text = match (&profile.checked, profile.unheld_note()) {
            (Some(_), Some(note)) => format!("{}; {note}", profile.summary.describe()),
            (Some(_), None) => profile.summary.describe(),
            (None, _) => profile.unchecked_reason(),
        };
        if let Some(revision) = &profile.baseline {
            text.push_str(&format!("; baseline {revision}"));
        }
        // A verdict that stops the release is an error in the run's annotations, where a
        // notice would read as a pass beside it.
        let verdict = profile.verdict(run.strict);
        let command = match verdict {
            Verdict::Pass => "notice",
            Verdict::Fail | Verdict::Error => "error",
        };
        let _ = writeln!(
            out,
            "::{command} title=profile-check::{}",
            data(&match &profile.deployment {
                Some(deployment) => format!(
                    "{} {} on {deployment}: {text}",
                    verdict.word(),
                    profile.path
                ),
                None => format!("{} {}: {text}", verdict.word(), profile.path),
            })
        );
    }
    out
}

fn annotation(out: &mut String, d: &Diagnostic) {
    let file = property(&d.path);
    let (command, title, text) = match (d.kind(), d.severity) {
        (DiagnosticKind::InputProblem, _) => {
            let help = d
                .help
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            (
                "error",
                "profile-check: input error".to_owned(),
                format!("{}{help}", d.text()),
            )
        }
        (kind, severity) => {
            let rule = format!("profile-check {}", d.rule_name().unwrap_or_default());
            let help = d.help.as_deref().unwrap_or_default();
            let (command, tail) = match (kind, severity, &d.waiver) {
                (DiagnosticKind::Waived, _, Some(note)) => ("notice", note.clone()),
                (_, Severity::Error, _) => ("error", format!("fix: {help}")),
                (_, Severity::Warning, _) => ("warning", format!("fix: {help}")),
            };
            (command, rule, format!("{} ({tail})", d.text()))
        }
    };
    let place = match (d.span, d.kind()) {
        (Some(s), DiagnosticKind::InputProblem) => format!(",line={},col={}", s.line, s.column),
        (Some(s), _) => format!(
            ",line={},col={},endColumn={}",
            s.line,
            s.column,
            d.end_column().unwrap_or(s.column)
        ),
        (None, _) => String::new(),
    };
    let _ = writeln!(
        out,
        "::{command} file={file}{place},title={}::{}",
        property(&title),
        data(&text)
    );
}

/// Escapes a command's message as actions/toolkit's `escapeData`; every other character
/// the project's escaping hides ([`is_hidden`]) is written as `\u{..}` so that none
/// reaches the log (values from the input arrive escaped already; this only guards).
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value as actions/toolkit's `escapeProperty`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forged_command_stays_data() {
        assert_eq!(data("x\n::warning::forged"), "x%0A::warning::forged");
        assert_eq!(data("100%\r"), "100%25%0D");
        assert_eq!(data("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("a\u{2028}b\u{202e}"), "a\\u{2028}b\\u{202e}");
    }
}
