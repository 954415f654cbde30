//! JUnit XML: one `testsuite` per profile; in it one `testcase` per finding (named
//! `rule: module`, with `file` and `line`, as ruff's and ESLint's reporters write them) and
//! one passing `testcase` per rule that ran and found nothing. A failing case holds one
//! `failure` (GitLab reads a single one per case), a waived finding is `skipped`, and a
//! profile that cannot be checked is one `error` case. Written by hand: a few elements,
//! with the escaping XML 1.0 needs.

use std::collections::HashMap;
use std::fmt::Write;

use super::Options;
use crate::check::{CheckRun, ProfileRun};
use crate::diagnostic::{Diagnostic, DiagnosticKind, INPUT_ERROR};
use crate::escape::{Breaks, escape_controls, escape_xml};

/// The counts of a suite, and of the whole document.
#[derive(Default, Clone, Copy)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

/// Renders `run` as one `testsuites` document.
pub fn render(run: &CheckRun, _: Options) -> String {
    let mut suites = String::new();
    let mut all = Counts::default();
    for profile in &run.profiles {
        let c = suite(&mut suites, profile, run.strict);
        all.tests += c.tests;
        all.failures += c.failures;
        all.errors += c.errors;
        all.skipped += c.skipped;
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"profile-check\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        all.tests, all.failures, all.errors, all.skipped
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

/// Writes one profile's suite; returns its counts.
fn suite(out: &mut String, profile: &ProfileRun, strict: bool) -> Counts {
    let path = escape(&profile.path);
    // One suite per deployment the profile is held against, each named for it.
    let suite_name = match &profile.deployment {
        Some(deployment) => escape(&format!("{} on {deployment}", profile.path)),
        None => path.clone(),
    };
    let Some(checked) = &profile.checked else {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{suite_name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"
        );
        let line = profile
            .input_problems()
            .find(|d| d.path == profile.path)
            .and_then(|d| d.span)
            .map(|s| format!(" line=\"{}\"", s.line))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    <testcase classname=\"{path}\" name=\"load\" file=\"{path}\"{line}>"
        );
        let body: Vec<String> = profile
            .input_problems()
            .map(|d| {
                let help = d
                    .help
                    .as_deref()
                    .map(|h| format!("\nhelp: {h}"))
                    .unwrap_or_default();
                format!("{}: {}{help}", escape_controls(&d.location()), d.text())
            })
            .collect();
        let _ = writeln!(
            out,
            "      <error type=\"{INPUT_ERROR}\" message=\"{}\">{}</error>",
            escape(&super::problems_in_one_line(profile)),
            escape(&body.join("\n"))
        );
        out.push_str("    </testcase>\n  </testsuite>\n");
        return Counts {
            tests: 1,
            errors: 1,
            ..Counts::default()
        };
    };
    let mut cases = String::new();
    let mut counts = Counts::default();
    // Two findings of one rule on one module get `#2`: a case's name stays unique, and so
    // a test report's history can follow it.
    let mut names: HashMap<String, usize> = HashMap::new();
    // In the order the rules ran: each rule's findings, or its one passing case.
    for id in &checked.ran {
        let mine: Vec<&Diagnostic> = profile
            .diagnostics
            .iter()
            .filter(|d| d.rule == Some(*id))
            .collect();
        if mine.is_empty() {
            counts.tests += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{path}\" name=\"{}\" file=\"{path}\"/>",
                id.as_str()
            );
        }
        for d in mine {
            case(&mut cases, &mut counts, &mut names, d, &path, strict);
        }
    }
    let _ = writeln!(
        out,
        "  <testsuite name=\"{suite_name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        counts.tests, counts.failures, counts.skipped
    );
    // What the verdict rests on: the inputs the profile was held against, and what it
    // does not cover.
    out.push_str("    <properties>\n");
    for (kind, input) in &profile.held_against {
        let _ = writeln!(
            out,
            "      <property name=\"{}\" value=\"{}\"/>",
            escape(kind.flag().trim_start_matches('-')),
            escape(input)
        );
    }
    // A baseline from git: the tag and commit it resolved to.
    if let Some(revision) = &profile.baseline {
        let _ = writeln!(
            out,
            "      <property name=\"baseline.resolved\" value=\"{}\"/>",
            escape(&revision.resolved())
        );
        let _ = writeln!(
            out,
            "      <property name=\"baseline.commit\" value=\"{}\"/>",
            escape(&revision.commit)
        );
    }
    if let Some(note) = profile.unheld_note() {
        let _ = writeln!(
            out,
            "      <property name=\"note\" value=\"{}\"/>",
            escape(&note)
        );
    }
    out.push_str("    </properties>\n");
    out.push_str(&cases);
    out.push_str("  </testsuite>\n");
    counts
}

/// One finding's test case: failing, skipped (waived) or passing with its warning.
fn case(
    cases: &mut String,
    counts: &mut Counts,
    names: &mut HashMap<String, usize>,
    d: &Diagnostic,
    path: &str,
    strict: bool,
) {
    let rule = d.rule_name().unwrap_or_default();
    let mut name = match &d.module {
        Some(module) => format!("{rule}: {module}"),
        None => rule.to_owned(),
    };
    let seen = names.entry(name.clone()).or_default();
    *seen += 1;
    if *seen > 1 {
        name.push_str(&format!(" #{seen}"));
    }
    counts.tests += 1;
    let line = d
        .span
        .map(|s| format!(" line=\"{}\"", s.line))
        .unwrap_or_default();
    let _ = writeln!(
        cases,
        "    <testcase classname=\"{path}\" name=\"{}\" file=\"{}\"{line}>",
        escape(&name),
        escape(&d.path)
    );
    let text = details(d);
    match (d.kind(), d.fails(strict)) {
        (DiagnosticKind::Waived, _) => {
            counts.skipped += 1;
            let _ = writeln!(
                cases,
                "      <skipped message=\"{}\">{}</skipped>",
                escape(d.waiver.as_deref().unwrap_or_default()),
                escape(&text)
            );
        }
        (_, true) => {
            counts.failures += 1;
            let _ = writeln!(
                cases,
                "      <failure type=\"{rule}\" message=\"{}\">{}</failure>",
                escape(&d.text()),
                escape(&text)
            );
        }
        // A warning that does not fail the gate: a passing case that says it.
        (_, false) => {
            let _ = writeln!(cases, "      <system-out>{}</system-out>", escape(&text));
        }
    }
    cases.push_str("    </testcase>\n");
}

/// `FILE:LINE:COLUMN: error: message` and the help, as the body of a case's element.
fn details(d: &Diagnostic) -> String {
    format!(
        "{}: {}: {}\nhelp: {}",
        escape_controls(&d.location()),
        d.severity.as_str(),
        d.text(),
        d.help.as_deref().unwrap_or_default()
    )
}

/// Text from the input for the XML of the report: line feeds and tabs kept (a failure's
/// body runs over several lines), everything else as [`escape_xml`] writes it.
fn escape(text: &str) -> String {
    escape_xml(text, Breaks::Kept)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("x\u{1b}y\u{0}"), "x\\u{1b}y\\u{0}");
        assert_eq!(
            escape("a\u{fffe}b\u{ffff}c\u{202e}"),
            "a\\u{fffe}b\\u{ffff}c\\u{202e}"
        );
        // A failure's body keeps its lines; a carriage return does not reach the XML.
        assert_eq!(escape("a\nb\tc\rd'"), "a\nb\tc\\rd&apos;");
    }
}
