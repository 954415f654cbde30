//! The JSON report (SPEC §6, §8): one document, `"version": 2`, stable from here on: new
//! fields may be added, none renamed or removed without a new version. Its JSON Schema is
//! `profile-check schema report` ([`crate::schema`]).

use serde::Serialize;

use super::Options;
use crate::check::{CheckRun, ProfileRun, Verdict};
use crate::diagnostic::DiagnosticKind;
use crate::error::ProblemKind;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    passed: bool,
    profiles: Vec<ProfileReport<'a>>,
}

#[derive(Serialize)]
struct ProfileReport<'a> {
    path: &'a str,
    /// The deployment it was checked against, when it is held against several.
    deployment: Option<&'a str>,
    passed: bool,
    held_against: super::HeldAgainst<'a>,
    baseline: Option<super::ResolvedBaseline>,
    note: Option<String>,
    error: Option<ErrorReport<'a>>,
    summary: SummaryReport,
    findings: Vec<FindingReport<'a>>,
}

#[derive(Serialize)]
struct ErrorReport<'a> {
    /// `cannot be checked, 3 input errors in FILE`.
    message: String,
    /// Every problem, in file order.
    problems: Vec<ProblemReport<'a>>,
}

#[derive(Serialize)]
struct ProblemReport<'a> {
    kind: &'static str,
    message: std::borrow::Cow<'a, str>,
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    help: Option<&'a str>,
    found: Option<&'a str>,
    expected: Option<&'a str>,
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct SummaryReport {
    modules: usize,
    required: usize,
    optional: usize,
    disabled: usize,
    errors: usize,
    warnings: usize,
    waived: usize,
}

#[derive(Serialize)]
struct FindingReport<'a> {
    rule: &'static str,
    severity: &'static str,
    message: std::borrow::Cow<'a, str>,
    help: Option<&'a str>,
    module: Option<&'a str>,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    waived: bool,
    deployment: Option<&'a str>,
}

/// Renders `run` as pretty-printed JSON with a final newline.
pub fn render(run: &CheckRun, _: Options) -> String {
    let report = Report {
        version: 2,
        passed: run.verdict() == Verdict::Pass,
        profiles: run
            .profiles
            .iter()
            .map(|p| profile(p, run.strict))
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn profile(run: &ProfileRun, strict: bool) -> ProfileReport<'_> {
    let s = run.summary;
    let error = run.checked.is_none().then(|| ErrorReport {
        message: run.unchecked_reason(),
        problems: run
            .input_problems()
            .map(|d| ProblemReport {
                // Every input problem's diagnostic is built from a problem, with its data.
                kind: d
                    .problem
                    .as_ref()
                    .map_or(ProblemKind::Invalid, |p| p.kind)
                    .as_str(),
                message: d.text(),
                file: &d.path,
                line: d.span.map(|s| s.line),
                column: d.span.map(|s| s.column),
                end_line: d.span.map(|s| s.line),
                end_column: d.end_column(),
                help: d.help.as_deref(),
                found: d.problem.as_ref().and_then(|p| p.found.as_deref()),
                expected: d.problem.as_ref().and_then(|p| p.expected.as_deref()),
                suggestion: d.problem.as_ref().and_then(|p| p.suggestion.as_deref()),
            })
            .collect(),
    });
    let findings = run
        .diagnostics
        .iter()
        .filter_map(|d| {
            let span = d.span?;
            Some(FindingReport {
                rule: d.rule_name()?,
                severity: d.severity.as_str(),
                message: d.text(),
                help: d.help.as_deref(),
                module: d.module.as_deref(),
                file: &d.path,
                line: span.line,
                column: span.column,
                // A value at fault stands on one line; the end column is the one after it.
                end_line: span.line,
                end_column: d.end_column().unwrap_or(span.column),
                waived: d.kind() == DiagnosticKind::Waived,
                deployment: run.deployment.as_deref(),
            })
        })
        .collect();
    ProfileReport {
        path: &run.path,
        deployment: run.deployment.as_deref(),
        passed: run.verdict(strict) == Verdict::Pass,
        held_against: super::HeldAgainst(run),
        baseline: super::ResolvedBaseline::of(run),
        note: run.unheld_note(),
        error,
        summary: SummaryReport {
            modules: s.modules,
            required: s.required,
            optional: s.optional,
            disabled: s.disabled,
            errors: s.errors,
            warnings: s.warnings,
            waived: s.waived,
        },
        findings,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{Value, json};

    use super::*;
    use crate::check::check_source;
    use crate::inputs::{InputKind, Inputs};
    use crate::profile::Date;
    use crate::source::Source;

    /// The text of `path`, relative to the crate.
    fn text(path: &str) -> String {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_default()
    }

    /// No input besides the profile but `waivers`, if given, judged on 2026-02-01.
    fn inputs(waivers: Option<&str>) -> Inputs {
        let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
        let mut inputs = Inputs::none(today);
        if let Some(path) = waivers {
            let source = Arc::new(Source::new(path, text(path)));
            assert!(inputs.read(InputKind::Waivers, source).is_ok(), "{path}");
        }
        inputs
    }

    /// The JSON report of the profile at `path`, checked with `inputs`, as read back.
    fn report(path: &str, inputs: &Inputs, strict: bool) -> Value {
        let run = CheckRun::new(
            vec![check_source(Source::new(path, text(path)), inputs)],
            strict,
        );
        let rendered = render(&run, Options::default());
        assert!(rendered.ends_with("}\n"), "{rendered:?}");
        serde_json::from_str(&rendered).unwrap_or(Value::Null)
    }

    /// The rule, severity and waived mark of each finding of the first profile.
    fn findings(report: &Value) -> Vec<(String, String, bool)> {
        report["profiles"][0]["findings"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|f| {
                        (
                            f["rule"].as_str().unwrap_or_default().to_owned(),
                            f["severity"].as_str().unwrap_or_default().to_owned(),
                            f["waived"].as_bool().unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_passing_profile_passes_in_the_report_and_on_its_own() {
        let report = report("profiles/prod.yaml", &inputs(None), false);
        assert_eq!(report["version"], 2);
        assert_eq!(report["passed"], true);
        assert_eq!(report["profiles"][0]["path"], "profiles/prod.yaml");
        assert_eq!(report["profiles"][0]["passed"], true);
        assert_eq!(report["profiles"][0]["error"], Value::Null);
        assert_eq!(report["profiles"][0]["findings"], json!([]));
    }

    #[test]
    fn a_finding_fails_until_a_live_waiver_accepts_it() {
        let path = "tests/profiles/rules/event-flow.fail.yaml";
        let failing = report(path, &inputs(None), false);
        assert_eq!(failing["passed"], false);
        assert_eq!(failing["profiles"][0]["passed"], false);
        let finding =
            |severity: &str, waived| ("event-flow".to_owned(), severity.to_owned(), waived);
        assert_eq!(
            findings(&failing),
            [finding("error", false), finding("warning", false)]
        );
        let waived = report(
            path,
            &inputs(Some("tests/profiles/waivers/live.yaml")),
            false,
        );
        assert_eq!(waived["passed"], true);
        assert_eq!(waived["profiles"][0]["passed"], true);
        // The error is waived; the warning, of a module no waiver names, is not.
        assert_eq!(
            findings(&waived),
            [finding("error", true), finding("warning", false)]
        );
    }

    #[test]
    fn a_warning_fails_only_under_strict() {
        let path = "tests/profiles/rules/event-flow.warning.yaml";
        let lenient = report(path, &inputs(None), false);
        assert_eq!(lenient["passed"], true);
        assert_eq!(lenient["profiles"][0]["passed"], true);
        assert_eq!(
            findings(&lenient),
            [("event-flow".to_owned(), "warning".to_owned(), false)]
        );
        let strict = report(path, &inputs(None), true);
        assert_eq!(strict["passed"], false);
        assert_eq!(strict["profiles"][0]["passed"], false);
        assert_eq!(
            findings(&strict),
            [("event-flow".to_owned(), "error".to_owned(), false)]
        );
    }

    #[test]
    fn an_input_problem_is_given_with_its_kind_and_values() {
        let profile = text("profiles/prod.yaml").replacen("    role: ", "    rloe: ", 1);
        let run = CheckRun::new(
            vec![check_source(Source::new("p.yaml", profile), &inputs(None))],
            false,
        );
        let report: Value =
            serde_json::from_str(&render(&run, Options::default())).unwrap_or(Value::Null);
        assert_eq!(report["passed"], false);
        let profile = &report["profiles"][0];
        assert_eq!(profile["passed"], false);
        assert_eq!(profile["findings"], json!([]));
        let problems = &profile["error"]["problems"];
        assert_eq!(problems.as_array().map(Vec::len), Some(1), "{problems}");
        let problem = &problems[0];
        assert_eq!(
            [
                &problem["kind"],
                &problem["file"],
                &problem["found"],
                &problem["expected"],
                &problem["suggestion"]
            ],
            [
                &json!("unknown"),
                &json!("p.yaml"),
                &json!("rloe"),
                &Value::Null,
                &json!("role")
            ]
        );
        assert!(
            problem["message"]
                .as_str()
                .is_some_and(|m| m.contains("did you mean `role`")),
            "{problem}"
        );
    }
}
