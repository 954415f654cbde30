//! GitHub Actions workflow commands: one annotation per finding and per input error, and a
//! last `::notice` with each profile's verdict. Nothing else reaches standard output, and
//! data and properties are escaped as actions/toolkit does, so no input can forge a second
//! command.

use std::fmt::Write;

use crate::finding::Severity;
use crate::report::text::counts;
use crate::{CheckRun, EXIT_PASS};

/// Renders `run` as workflow commands.
pub fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    for profile in &run.profiles {
        match &profile.outcome {
            Err(error) => {
                let file = property(&error.path);
                for p in &error.problems {
                    let place = p
                        .span
                        .map(|s| format!(",line={},col={}", s.line, s.column))
                        .unwrap_or_default();
                    let help = p
                        .help
                        .as_deref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "::error file={file}{place},title={}::{}",
                        property("profile-check: input error"),
                        data(&format!("{}{help}", p.message))
                    );
                }
            }
            Ok(checked) => {
                for f in &checked.findings {
                    let file = property(run.file(profile, f.file).0);
                    let (command, tail) = match (run.waiver(f), f.severity) {
                        (Some(waiver), _) => ("notice", super::waived_note(waiver)),
                        (None, Severity::Error) => ("error", format!("fix: {}", f.help)),
                        (None, Severity::Warning) => ("warning", format!("fix: {}", f.help)),
                    };
                    let _ = writeln!(
                        out,
                        "::{command} file={file},line={},col={},endColumn={},title={}::{}",
                        f.span.line,
                        f.span.column,
                        f.span.column + f.span.len.max(1),
                        property(&format!("profile-check {}", f.rule.as_str())),
                        data(&format!("{} ({tail})", f.message))
                    );
                }
            }
        }
    }
    for profile in &run.profiles {
        let verdict = match (&profile.outcome, profile.code(run.strict)) {
            (Err(_), _) => "ERROR".to_owned(),
            (Ok(_), EXIT_PASS) => "PASS".to_owned(),
            (Ok(_), _) => "FAIL".to_owned(),
        };
        let text = match &profile.outcome {
            Ok(_) => format!("{verdict} {}: {}", profile.path, counts(&profile.summary())),
            Err(e) => format!(
                "{verdict} {}: cannot be checked, {} input error(s)",
                profile.path,
                e.problems.len()
            ),
        };
        let _ = writeln!(out, "::notice title=profile-check::{}", data(&text));
    }
    out
}

/// Escapes a command's message as actions/toolkit's `escapeData`; other control
/// characters are written as `\u{..}` so that none reaches the log.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => {
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
    }
}
