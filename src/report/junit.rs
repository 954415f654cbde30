//! JUnit XML: one `testsuite` per profile, one `testcase` per rule, a `failure` per error
//! (and per warning under `--strict`), an `error` for an input that cannot be checked.
//! Written by hand: a few elements, with the escaping XML 1.0 needs.

use std::fmt::Write;

use crate::finding::{Finding, Severity};
use crate::{CheckRun, ProfileRun};

/// Renders `run` as one `testsuites` document.
pub fn render(run: &CheckRun) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for profile in &run.profiles {
        let (t, f, e) = suite(&mut suites, run, profile);
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
fn suite(out: &mut String, run: &CheckRun, profile: &ProfileRun) -> (usize, usize, usize) {
    let strict = run.strict;
    let path = escape(&profile.path);
    let checked = match &profile.outcome {
        Ok(checked) => checked,
        Err(error) => {
            let _ = writeln!(
                out,
                "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"
            );
            let _ = writeln!(
                out,
                "    <testcase classname=\"{path}\" name=\"load\" file=\"{path}\">"
            );
            let body: Vec<String> = error.lines().collect();
            let _ = writeln!(
                out,
                "      <error type=\"input-error\" message=\"{}\">{}</error>",
                escape(&super::input_error_message(&profile.path, error)),
                escape(&body.join("\n"))
            );
            out.push_str("    </testcase>\n  </testsuite>\n");
            return (1, 0, 1);
        }
    };
    let fails = |f: &Finding| !f.is_waived() && (f.severity == Severity::Error || strict);
    // `failures` counts failing test cases (rules), as JUnit readers expect; each case
    // holds a `failure` element per finding.
    let failures = checked
        .ran
        .iter()
        .map(|id| id.rule())
        .filter(|r| checked.findings.iter().any(|f| f.rule == r.id && fails(f)))
        .count();
    let skipped = checked.findings.iter().filter(|f| f.is_waived()).count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        checked.ran.len()
    );
    for rule in checked.ran.iter().map(|id| id.rule()) {
        let _ = write!(
            out,
            "    <testcase classname=\"{path}\" name=\"{}\" file=\"{path}\"",
            rule.name
        );
        let mine: Vec<&Finding> = checked
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .collect();
        if mine.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut notes = Vec::new();
        for f in mine {
            let text = format!(
                "{}:{}:{}: {}: {}\nhelp: {}",
                run.file(profile, f.file).0,
                f.span.line,
                f.span.column,
                f.severity.as_str(),
                f.message,
                f.help
            );
            if let Some(waiver) = run.waiver(f) {
                let _ = writeln!(
                    out,
                    "      <skipped message=\"{}\">{}</skipped>",
                    escape(&super::waived_note(waiver)),
                    escape(&text)
                );
            } else if fails(f) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    rule.name,
                    escape(&f.message),
                    escape(&text)
                );
            } else {
                notes.push(text);
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
