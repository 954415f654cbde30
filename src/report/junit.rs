//! JUnit XML: one `testsuite` per profile, one `testcase` per rule, a `failure` per error
//! (and per warning under `--strict`), an `error` for an input that cannot be checked.
//! Written by hand: a few elements, with the escaping XML 1.0 needs.

use std::fmt::Write;

use super::Options;
use crate::check::{CheckRun, ProfileRun};
use crate::diagnostic::Diagnostic;
use crate::source::escape_controls;

/// Renders `run` as one `testsuites` document.
pub fn render(run: &CheckRun, _: Options) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for profile in &run.profiles {
        let (t, f, e) = suite(&mut suites, profile, run.strict);
        tests += t;
        failures += f;
        errors += e;
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"profile-check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

/// Writes one profile's suite; returns its (tests, failures, errors).
fn suite(out: &mut String, profile: &ProfileRun, strict: bool) -> (usize, usize, usize) {
    let path = escape(&profile.path);
    let Some(checked) = &profile.checked else {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"
        );
        let _ = writeln!(
            out,
            "    <testcase classname=\"{path}\" name=\"load\" file=\"{path}\">"
        );
        let body: Vec<String> = profile
            .input_problems()
            .map(|d| format!("{}: {}", escape_controls(&d.location()), d.message))
            .collect();
        let _ = writeln!(
            out,
            "      <error type=\"input-error\" message=\"{}\">{}</error>",
            escape(&super::problems_in_one_line(profile)),
            escape(&body.join("\n"))
        );
        out.push_str("    </testcase>\n  </testsuite>\n");
        return (1, 0, 1);
    };
    // `failures` counts failing test cases (rules), as JUnit readers expect; each case
    // holds a `failure` element per finding.
    let failures = checked
        .ran
        .iter()
        .filter(|id| {
            profile
                .diagnostics
                .iter()
                .any(|d| d.rule == Some(**id) && d.fails(strict))
        })
        .count();
    let skipped = profile.summary.waived;
    let _ = writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        checked.ran.len()
    );
    for rule in &checked.ran {
        let _ = write!(
            out,
            "    <testcase classname=\"{path}\" name=\"{}\" file=\"{path}\"",
            rule.as_str()
        );
        let mine: Vec<&Diagnostic> = profile
            .diagnostics
            .iter()
            .filter(|d| d.rule == Some(*rule))
            .collect();
        if mine.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut notes = Vec::new();
        for d in mine {
            let text = format!(
                "{}: {}: {}\nhelp: {}",
                d.location(),
                d.severity.as_str(),
                d.message,
                d.help.as_deref().unwrap_or_default()
            );
            match (&d.waiver, d.fails(strict)) {
                (Some(note), _) => {
                    let _ = writeln!(
                        out,
                        "      <skipped message=\"{}\">{}</skipped>",
                        escape(note),
                        escape(&text)
                    );
                }
                (None, true) => {
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        rule.as_str(),
                        escape(&d.message),
                        escape(&text)
                    );
                }
                (None, false) => notes.push(text),
            }
        }
        if !notes.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape(&notes.join("\n"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
    (checked.ran.len(), failures, 0)
}

/// Escapes text for XML 1.0 content and attribute values. Characters XML 1.0 cannot carry
/// at all (most C0 controls) are written as `\u{..}`; input values arrive already escaped,
/// so this only guards.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("x\u{1b}y\u{0}"), "x\\u{1b}y\\u{0}");
    }
}
