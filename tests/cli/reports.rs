//! The machine formats are what their readers expect: SARIF valid against the 2.1.0
//! schema, JUnit well-formed XML, GitHub output nothing but workflow commands.

use std::path::Path;

use crate::support::{json, read, run as profile_check, scratch};

const PASSING: &str = "profiles/prod.yaml";
const FAILING: &str = "tests/profiles/rules/event-flow.fail.yaml";
const BROKEN: &str = "tests/profiles/input/wrong-values.yaml";
const MISSING: &str = "tests/profiles/input/no-such-profile.yaml";
const WAIVED: [&str; 4] = [
    "--today",
    "2026-02-01",
    "--waivers",
    "tests/profiles/waivers/live.yaml",
];

fn sarif_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = match std::fs::read(&path).map(|b| serde_json::from_slice(&b)) {
        Ok(Ok(schema)) => schema,
        other => panic!("cannot read {}: {other:?}", path.display()),
    };
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    if let Err(e) = compiler.add_resource(url, schema) {
        panic!("{e}");
    }
    match compiler.compile(url, &mut schemas) {
        Ok(index) => (schemas, index),
        Err(e) => panic!("the SARIF schema does not compile: {e}"),
    }
}

#[test]
fn sarif_is_valid_against_the_schema_for_every_kind_of_run() {
    let (schemas, index) = sarif_validator();
    let runs: [&[&str]; 6] = [
        &[PASSING],
        &[FAILING],
        &[BROKEN, MISSING],
        &[PASSING, FAILING, BROKEN],
        &[WAIVED[0], WAIVED[1], WAIVED[2], WAIVED[3], FAILING],
        &[
            "--runtime",
            "tests/profiles/runtime/unknown-module.yaml",
            PASSING,
        ],
    ];
    for profiles in runs {
        let mut args = vec!["--format", "sarif"];
        args.extend_from_slice(profiles);
        let output = profile_check(&args);
        let log = json(&output);
        if let Err(e) = schemas.validate(&log, index) {
            panic!("{profiles:?}: invalid SARIF: {e:#}");
        }
    }
}

#[test]
fn sarif_lists_every_rule_and_locates_every_result() {
    let log = json(&profile_check(&["--format", "sarif", FAILING]));
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let expected: Vec<&str> = profile_check::rules::RULES
        .iter()
        .map(|r| r.name())
        .collect();
    assert_eq!(rules, expected);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(results[0]["ruleId"], "event-flow");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(region["startLine"], 24);
    assert_eq!(region["startColumn"], 16);
    assert_eq!(results[1]["level"], "warning");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        FAILING
    );
}

#[test]
fn sarif_reports_input_errors_as_tool_notifications() {
    let log = json(&profile_check(&["--format", "sarif", BROKEN]));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(notes.len(), 6);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
}

#[test]
fn junit_is_well_formed_with_a_suite_per_profile_and_a_case_per_rule() {
    let output = profile_check(&["--format", "junit", PASSING, FAILING, BROKEN]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    let doc = match roxmltree::Document::parse(&text) {
        Ok(doc) => doc,
        Err(e) => panic!("not XML ({e}):\n{text}"),
    };
    let suites: Vec<roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, [PASSING, FAILING, BROKEN]);
    let cases = |suite: &roxmltree::Node<'_, '_>| {
        suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count()
    };
    // Without --runtime, --baseline or --waivers, the rules that need them do not run.
    let always = profile_check::rules::RULES
        .iter()
        .filter(|r| {
            matches!(
                r.needs,
                profile_check::rules::Needs::Profile | profile_check::rules::Needs::Activation
            )
        })
        .count();
    assert_eq!(always, 7);
    assert_eq!(cases(&suites[0]), always);
    let failures: Vec<_> = suites[1]
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 1, "one error; the warning is not a failure");
    assert_eq!(failures[0].attribute("type"), Some("event-flow"));
    assert!(
        failures[0]
            .text()
            .unwrap_or_default()
            .starts_with(&format!("{FAILING}:24:16: error: "))
    );
    let errors = suites[2]
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .count();
    assert_eq!(errors, 1);
}

#[test]
fn github_output_cannot_be_forged_by_input() {
    let minimal = read("tests/profiles/minimal.yaml");
    // A role and a name that try to end the command and start another one.
    let forged = minimal
        .replace(
            "role: core",
            "role: \"core\\n::warning::forged\\r\\n::error::forged%0A\"",
        )
        .replace(
            "name: Core webinar_event",
            "name: \"x\\n::warning file=a,line=1::forged\"",
        );
    let path = scratch("forged.yaml", &forged);
    let shown = path.to_string_lossy().into_owned();
    let output = profile_check(&["--format", "github", &shown]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one ::error and one ::notice:\n{text}");
    assert!(lines[0].starts_with("::error file="), "{text}");
    assert!(
        lines[1].starts_with("::notice title=profile-check::"),
        "{text}"
    );
    assert!(
        !output.stdout.iter().any(|b| *b < 0x20 && *b != b'\n'),
        "control bytes in GitHub output"
    );
    assert!(
        lines[0].contains("%250A"),
        "a literal %0A in the input is escaped: {text}"
    );
}

#[test]
fn report_files_are_written_beside_the_text_report() {
    let dir =
        std::env::temp_dir().join(format!("profile-check-report-files-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{e}");
    }
    let sarif = dir.join("r.sarif");
    let junit = dir.join("j.xml");
    let json_file = dir.join("report.json");
    let output = profile_check(&[
        "check",
        PASSING,
        "--report",
        &format!("sarif={}", sarif.display()),
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("profiles/prod.yaml\n"), "{text}");
    assert!(text.ends_with(
        "PASS profiles/prod.yaml: 16 modules (11 required, 0 optional, 5 disabled), 0 errors, 0 warnings\n"
    ));
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    assert!(read(&sarif).contains("\"version\": \"2.1.0\""));
    assert!(read(&junit).starts_with("<?xml"));

    let output = profile_check(&[
        "--format",
        "json",
        "--output",
        &json_file.to_string_lossy(),
        FAILING,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "--output leaves standard output empty"
    );
    assert!(read(&json_file).contains("\"rule\": \"event-flow\""));
}

#[test]
fn sarif_marks_waived_findings_as_suppressed() {
    let mut args = vec!["--format", "sarif"];
    args.extend_from_slice(&WAIVED);
    args.push(FAILING);
    let log = json(&profile_check(&args));
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["suppressions"][0]["kind"], "external");
    assert!(
        results[0]["suppressions"][0]["justification"]
            .as_str()
            .unwrap_or_default()
            .starts_with("waived until 2026-03-01 by Architect")
    );
    assert!(
        results[1].get("suppressions").is_none(),
        "the warning is not waived"
    );
}

#[test]
fn sarif_points_manifest_findings_into_the_manifest() {
    let log = json(&profile_check(&[
        "--format",
        "sarif",
        "--runtime",
        "tests/profiles/runtime/unknown-module.yaml",
        PASSING,
    ]));
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/profiles/runtime/unknown-module.yaml"
    );
    assert_eq!(location["region"]["startLine"], 14);
}
