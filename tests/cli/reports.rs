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

pub(crate) fn sarif_validator() -> (boon::Schemas, boon::SchemaIndex) {
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
    let runs: [&[&str]; 7] = [
        &[PASSING],
        &[FAILING],
        &[BROKEN, MISSING],
        &["tests/profiles/input/duplicates.yaml"],
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
fn a_duplicate_points_at_its_first_in_sarif() {
    let (_, results) = sarif_results(&["tests/profiles/input/duplicates.yaml"]);
    let first = &results[0];
    assert_eq!(
        first["locations"][0]["physicalLocation"]["region"]["startLine"],
        15
    );
    let related = &first["relatedLocations"];
    assert_eq!(related.as_array().map(Vec::len), Some(1), "{first}");
    assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 12);
    assert_eq!(related[0]["physicalLocation"]["region"]["startColumn"], 5);
    assert_eq!(related[0]["message"]["text"], "The first is here.");
    // A problem that is no duplicate has none.
    let (_, results) = sarif_results(&[BROKEN]);
    assert!(results.iter().all(|r| r.get("relatedLocations").is_none()));
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
    // Every rule of the registry, then the rule of input errors.
    let expected: Vec<&str> = profile_check::rules::RULES
        .iter()
        .map(|r| r.name())
        .chain(["input-error"])
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

/// The SARIF results of a run, with the log.
fn sarif_results(args: &[&str]) -> (serde_json::Value, Vec<serde_json::Value>) {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    let log = json(&profile_check(&all));
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (log, results)
}

fn fingerprint(result: &serde_json::Value) -> String {
    result["partialFingerprints"]["profileCheck/v1"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn sarif_fingerprints_survive_lines_inserted_above_and_tell_findings_apart() {
    let text = read(FAILING);
    // The same profile at the same path relative to the repository root, once as it is and
    // once with comment lines above every module.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fingerprint-test");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{e}");
    }
    let path = dir.join(format!("profile-{}.yaml", std::process::id()));
    let shown = path.to_string_lossy().into_owned();
    let fingerprints = |text: &str| {
        if let Err(e) = std::fs::write(&path, text) {
            panic!("{e}");
        }
        let (_, results) = sarif_results(&[&shown]);
        let lines: Vec<u64> = results
            .iter()
            .filter_map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64())
            .collect();
        (results.iter().map(fingerprint).collect::<Vec<_>>(), lines)
    };
    let (before, lines_before) = fingerprints(&text);
    let (after, lines_after) =
        fingerprints(&text.replace("  - id:", "  # a note\n  # another\n  - id:"));
    let _ = std::fs::remove_file(&path);
    assert_eq!(before.len(), 2);
    assert_ne!(lines_before, lines_after, "the findings moved down");
    assert_eq!(before, after, "the fingerprints did not");
    assert_ne!(before[0], before[1], "two findings, two fingerprints");
    assert!(
        before.iter().all(|f| f.len() == 18 && f.ends_with(":1")),
        "{before:?}"
    );
}

#[test]
fn sarif_uris_are_relative_to_the_repository_root_however_the_path_is_written() {
    let root = env!("CARGO_MANIFEST_DIR");
    let absolute = format!("{root}/{FAILING}");
    for (args, cwd) in [
        (vec![FAILING], root.to_owned()),
        (vec![absolute.as_str()], root.to_owned()),
        (
            vec!["../rules/event-flow.fail.yaml"],
            format!("{root}/tests/profiles/input"),
        ),
    ] {
        let mut all = vec!["--format", "sarif"];
        all.extend_from_slice(&args);
        let output = match std::process::Command::new(env!("CARGO_BIN_EXE_profile-check"))
            .args(&all)
            .current_dir(&cwd)
            .output()
        {
            Ok(output) => output,
            Err(e) => panic!("{e}"),
        };
        let log = json(&output);
        let run = &log["runs"][0];
        let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uri"], FAILING, "{args:?} from {cwd}");
        assert_eq!(location["uriBaseId"], "%SRCROOT%");
        let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap_or_default();
        assert!(
            base.starts_with("file:///") && base.ends_with('/'),
            "{base}"
        );
    }
}

#[test]
fn sarif_reports_an_input_error_as_a_result_so_a_broken_profile_never_reads_as_clean() {
    let (log, results) = sarif_results(&[BROKEN]);
    assert_eq!(results.len(), 6, "one result per problem");
    for result in &results {
        assert_eq!(result["ruleId"], "input-error");
        assert_eq!(result["level"], "error");
        assert!(!fingerprint(result).is_empty());
    }
    let index = results[0]["ruleIndex"].as_u64().unwrap_or_default();
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][usize::try_from(index).unwrap_or(0)];
    assert_eq!(rule["id"], "input-error");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(6), Some(17))
    );
    // A file that does not exist has no place: the result stands at its first line.
    let (_, results) = sarif_results(&[MISSING]);
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
}

#[test]
fn sarif_rules_carry_what_code_scanning_shows() {
    let (log, _) = sarif_results(&[PASSING]);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://")
    );
    for rule in driver["rules"].as_array().into_iter().flatten() {
        let id = rule["id"].as_str().unwrap_or_default();
        let name = rule["name"].as_str().unwrap_or_default();
        assert_eq!(name.to_lowercase(), id.replace('-', ""), "{id}");
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap_or_default()
                .starts_with("https://")
        );
        assert!(
            !rule["help"]["markdown"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .count()
                > 0
        );
        assert_eq!(rule["properties"]["precision"], "very-high");
    }
}

#[test]
fn strict_reports_failing_warnings_as_errors_in_sarif_and_junit() {
    let warning = "tests/profiles/rules/event-flow.warning.yaml";
    // The counts beside FAIL say what failed: the warning counts as an error.
    let counts = |args: &[&str]| {
        let report = json(&profile_check(&[&["--format", "json"], args].concat()));
        let summary = &report["profiles"][0]["summary"];
        (summary["errors"].clone(), summary["warnings"].clone())
    };
    assert_eq!(counts(&["--strict", warning]), (1.into(), 0.into()));
    assert_eq!(counts(&[warning]), (0.into(), 1.into()));
    let (_, results) = sarif_results(&["--strict", warning]);
    assert_eq!(results[0]["level"], "error");
    assert!(
        results[0]["message"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("(strict)")
    );
    let (_, relaxed) = sarif_results(&[warning]);
    assert_eq!(relaxed[0]["level"], "warning");
    assert_eq!(
        fingerprint(&relaxed[0]),
        fingerprint(&results[0]),
        "--strict does not change what the finding is"
    );
    let output = profile_check(&["--format", "junit", "--strict", warning]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("<failure type=\"event-flow\""), "{text}");
}

/// Microsoft's SARIF Multitool with GitHub's ingestion rules, where it is installed
/// (`.ci/run` installs it and sets `SARIF_MULTITOOL` to the `Sarif.Multitool` binary).
#[test]
fn sarif_passes_the_sarif_multitool_with_github_rules() {
    let Some(tool) = std::env::var_os("SARIF_MULTITOOL") else {
        println!(
            "skipped: SARIF_MULTITOOL is not set (the Sarif.Multitool binary of npm @microsoft/sarif-multitool; .ci/run installs it)"
        );
        return;
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let absolute = format!("{root}/{FAILING}");
    let runs: [(&str, &[&str]); 6] = [
        ("passing", &[PASSING]),
        ("duplicates", &["tests/profiles/input/duplicates.yaml"]),
        ("failing", &[FAILING]),
        ("absolute", &[absolute.as_str()]),
        ("input-error", &[BROKEN, MISSING]),
        (
            "waived",
            &[WAIVED[0], WAIVED[1], WAIVED[2], WAIVED[3], FAILING],
        ),
    ];
    for (name, args) in runs {
        let mut all = vec!["--format", "sarif"];
        all.extend_from_slice(args);
        let output = profile_check(&all);
        let file = scratch(&format!("{name}.sarif"), &output.stdout);
        let checked = match std::process::Command::new(&tool)
            .args([
                "validate",
                "--rule-kind",
                "Sarif;Gh",
                "--level",
                "Error;Warning",
            ])
            .arg(&file)
            .output()
        {
            Ok(output) => output,
            Err(e) => panic!("cannot run {}: {e}", Path::new(&tool).display()),
        };
        let said = String::from_utf8_lossy(&checked.stdout);
        let findings: Vec<&str> = said
            .lines()
            .filter(|l| l.contains(": error ") || l.contains(": warning "))
            .collect();
        assert!(
            checked.status.success() && findings.is_empty(),
            "{name}: the SARIF Multitool reports:\n{said}{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }
}

#[test]
fn junit_reads_as_gitlab_reads_it_one_case_per_finding() {
    let mut args = vec!["--format", "junit"];
    args.extend_from_slice(&WAIVED);
    args.extend_from_slice(&[FAILING, "tests/profiles/rules/marks-consistent.fail.yaml"]);
    let output = profile_check(&args);
    let text = String::from_utf8_lossy(&output.stdout);
    let doc = match roxmltree::Document::parse(&text) {
        Ok(doc) => doc,
        Err(e) => panic!("not XML ({e}):\n{text}"),
    };
    for suite in doc.descendants().filter(|n| n.has_tag_name("testsuite")) {
        let cases: Vec<roxmltree::Node<'_, '_>> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        // GitLab keeps one `failure` per case: two would fold into one failed test.
        let failing = cases
            .iter()
            .filter(|c| {
                let failures = c.children().filter(|n| n.has_tag_name("failure")).count();
                assert!(failures <= 1, "{text}");
                failures == 1
            })
            .count();
        let skipped = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("skipped")))
            .count();
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("failures"),
            Some(failing.to_string().as_str())
        );
        assert_eq!(
            suite.attribute("skipped"),
            Some(skipped.to_string().as_str())
        );
        let names: Vec<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            names.len(),
            "case names are unique: {names:?}"
        );
        for case in &cases {
            assert!(case.attribute("file").is_some());
            if case.children().any(|n| n.is_element()) {
                assert!(
                    case.attribute("line").is_some(),
                    "a finding's case has its line"
                );
            }
        }
    }
    let case = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
    };
    let waived = case("event-flow: client-webinar-attendance-telegram");
    assert!(waived.is_some_and(|c| c.children().any(|n| n.has_tag_name("skipped"))));
    let warning = case("event-flow: post-webinar-followup-telegram");
    assert!(warning.is_some_and(|c| {
        c.attribute("line") == Some("29") && !c.children().any(|n| n.has_tag_name("failure"))
    }));
    assert!(
        case("live-contour-enabled").is_some(),
        "a passing case per rule without findings"
    );
    let failing: Vec<roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("testcase")
                && n.attribute("name")
                    .is_some_and(|n| n.starts_with("marks-consistent"))
        })
        .collect();
    assert!(
        failing.len() >= 2,
        "one case per finding of one rule:\n{text}"
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
    // Without the repository's profile-check.toml, which gives PASSING its --doc.
    let output = profile_check(&["--no-config", "--format", "junit", PASSING, FAILING, BROKEN]);
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
    assert_eq!(lines.len(), 2, "one ::error and the verdict:\n{text}");
    assert!(lines[0].starts_with("::error file="), "{text}");
    // A profile that cannot be checked stops the release: its verdict is an error too.
    assert!(
        lines[1].starts_with("::error title=profile-check::ERROR "),
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
    // The verdict, then what it does not cover: the repository's profile-check.toml gives
    // the profile its --doc, not a --baseline.
    assert!(text.ends_with(
        "PASS profiles/prod.yaml: 16 modules (11 required, 0 optional, 5 disabled), 0 errors, 0 warnings\n\
         note: not held against --baseline: changes since the last release were not judged; \
         profile-check.toml names these inputs, and `--require doc,baseline` makes them mandatory\n"
    ), "{text}");
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

fn gitlab_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/gitlab-codequality.schema.json");
    let schema: serde_json::Value = match std::fs::read(&path).map(|b| serde_json::from_slice(&b)) {
        Ok(Ok(schema)) => schema,
        other => panic!("cannot read {}: {other:?}", path.display()),
    };
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "urn:profile-check:test:gitlab-codequality";
    if let Err(e) = compiler.add_resource(url, schema) {
        panic!("{e}");
    }
    match compiler.compile(url, &mut schemas) {
        Ok(index) => (schemas, index),
        Err(e) => panic!("the GitLab schema does not compile: {e}"),
    }
}

#[test]
fn gitlab_code_quality_is_valid_for_every_kind_of_run() {
    let (schemas, index) = gitlab_validator();
    // The schema rejects what GitLab would not read.
    for bad in [
        serde_json::json!([{ "description": "x", "check_name": "r", "fingerprint": "f", "severity": "error", "location": { "path": "a", "lines": { "begin": 1 } } }]),
        serde_json::json!([{ "description": "x", "check_name": "r", "fingerprint": "f", "severity": "minor", "location": { "path": "/abs", "lines": { "begin": 1 } } }]),
        serde_json::json!([{ "description": "x", "check_name": "r", "severity": "minor", "location": { "path": "a", "lines": { "begin": 1 } } }]),
    ] {
        assert!(schemas.validate(&bad, index).is_err(), "accepted {bad}");
    }
    let runs: [&[&str]; 5] = [
        &[PASSING],
        &[FAILING],
        &[BROKEN, MISSING],
        &["--strict", PASSING, FAILING, BROKEN],
        &[WAIVED[0], WAIVED[1], WAIVED[2], WAIVED[3], FAILING],
    ];
    for profiles in runs {
        let mut args = vec!["--format", "gitlab"];
        args.extend_from_slice(profiles);
        let report = json(&profile_check(&args));
        if let Err(e) = schemas.validate(&report, index) {
            panic!("{profiles:?}: invalid Code Quality report: {e:#}");
        }
    }
    assert_eq!(
        json(&profile_check(&["--format", "gitlab", PASSING])),
        serde_json::json!([])
    );
    let report = json(&profile_check(&["--format", "gitlab", FAILING]));
    let issues = report.as_array().cloned().unwrap_or_default();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "event-flow");
    assert_eq!(issues[0]["severity"], "critical");
    assert_eq!(issues[0]["location"]["path"], FAILING);
    assert_eq!(issues[0]["location"]["lines"]["begin"], 24);
    assert_eq!(issues[1]["severity"], "minor");
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    // Under --strict the warning fails the gate: major; the fingerprint stays.
    let strict = json(&profile_check(&["--format", "gitlab", "--strict", FAILING]));
    assert_eq!(strict[1]["severity"], "critical");
    assert_eq!(strict[1]["fingerprint"], issues[1]["fingerprint"]);
    // A profile that cannot be checked blocks, at each problem's line.
    let broken = json(&profile_check(&["--format", "gitlab", BROKEN]));
    assert!(
        broken
            .as_array()
            .into_iter()
            .flatten()
            .all(|i| i["severity"] == "blocker" && i["check_name"] == "input-error"),
        "{broken}"
    );
    // Paths are relative to the repository root from any directory.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(["--format", "gitlab", "rules/event-flow.fail.yaml"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/profiles"))
        .output();
    let from_below = output.map(|o| json(&o)).unwrap_or_default();
    assert_eq!(from_below[0]["location"]["path"], FAILING);
    assert_eq!(from_below[0]["fingerprint"], issues[0]["fingerprint"]);
}

/// Every value of the input goes through the one escaping policy: no control or bidi
/// character of a profile reaches the Code Quality JSON raw.
#[test]
fn gitlab_code_quality_escapes_what_the_input_holds() {
    let forged = read(FAILING).replace(
        "consumes: [client_webinar_attendance_classified]",
        "consumes: [\"client_webinar\\u202e\\u001b[2J\\u0007attendance\"]",
    );
    let path = scratch("forged-gitlab.yaml", &forged);
    let shown = path.to_string_lossy().into_owned();
    let output = profile_check(&["--format", "gitlab", &shown]);
    let text = String::from_utf8_lossy(&output.stdout);
    let report = json(&output);
    let description = report[0]["description"].as_str().unwrap_or_default();
    assert!(
        description.contains(r"client_webinar\u{202e}\u{1b}[2J\u{7}attendance"),
        "{text}"
    );
    assert!(
        !description
            .chars()
            .any(|c| c.is_control() || c == '\u{202e}'),
        "{text}"
    );
}

/// The visible text of each cell of each table row, as GitHub renders the Markdown (GFM:
/// tables, autolinks, strikethrough, task lists), and every node that
/// would be more than text: a link, an image, HTML, a mention or a bare URL outside code.
fn github_renders(markdown: &str) -> (Vec<Vec<String>>, Vec<String>) {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut rows = Vec::new();
    let mut active = Vec::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::TableRow(_) => rows.push(
                node.children()
                    .map(|cell| {
                        cell.descendants()
                            .map(|n| match &n.data().value {
                                NodeValue::Text(t) => t.to_string(),
                                NodeValue::Code(c) => c.literal.clone(),
                                NodeValue::SoftBreak | NodeValue::LineBreak => " ".to_owned(),
                                _ => String::new(),
                            })
                            .collect::<String>()
                    })
                    .collect(),
            ),
            NodeValue::Link(_) | NodeValue::Image(_) => {
                active.push("a link or an image".to_owned())
            }
            NodeValue::HtmlInline(h) => active.push(format!("inline HTML {h}")),
            NodeValue::HtmlBlock(h) => active.push(format!("HTML {}", h.literal)),
            NodeValue::Text(t) if t.contains('@') || t.contains("://") => {
                active.push(format!("a mention or a URL outside code: {t}"));
            }
            _ => {}
        }
    }
    (rows, active)
}

/// The Markdown summary as GitHub shows it: each message and its fix read as the text
/// report says them, the values as code, with no stray backtick or backslash escape, and
/// nothing of the input rendered as a link, an image, HTML or a mention.
#[test]
fn the_markdown_summary_reads_on_github_as_the_messages_say() {
    let runs: [&[&str]; 4] = [
        &[FAILING],
        &[
            "tests/profiles/rules/no-dev-only.fail.yaml",
            "tests/profiles/input/bad-names.yaml",
        ],
        &["tests/profiles/input/markdown-in-key.yaml"],
        &[
            "--today",
            "2026-02-01",
            "--waivers",
            "tests/profiles/waivers/forged-module.yaml",
            FAILING,
        ],
    ];
    for args in runs {
        let markdown = profile_check(&[&["--format", "markdown"], args].concat());
        let markdown = String::from_utf8_lossy(&markdown.stdout).into_owned();
        let report = json(&profile_check(&[&["--format", "json"], args].concat()));
        let (rows, active) = github_renders(&markdown);
        assert!(active.is_empty(), "{active:?}\n{markdown}");
        let cells: Vec<&String> = rows.iter().filter_map(|r| r.get(4)).collect();
        let shown = |text: &str| text.replace('`', "");
        let mut expected = Vec::new();
        for profile in report["profiles"].as_array().into_iter().flatten() {
            for f in profile["findings"].as_array().into_iter().flatten() {
                let message = shown(f["message"].as_str().unwrap_or_default());
                let help = shown(f["help"].as_str().unwrap_or_default());
                expected.push(if f["waived"] == true {
                    format!("{message} — waived until ")
                } else {
                    format!("{message} — {help}")
                });
            }
            for p in profile["error"]["problems"]
                .as_array()
                .into_iter()
                .flatten()
            {
                expected.push(shown(p["message"].as_str().unwrap_or_default()));
            }
        }
        assert!(!expected.is_empty(), "{args:?}");
        for text in expected {
            assert!(
                cells.iter().any(|cell| cell.starts_with(&text)),
                "{args:?}: no cell reads\n  {text}\namong\n  {cells:#?}\n{markdown}"
            );
        }
        for cell in cells.iter().skip(1) {
            assert!(!cell.contains('`'), "a stray backtick: {cell}");
            // The only backslashes are those of the project's `\u{..}` escapes.
            assert_eq!(
                cell.matches('\\').count(),
                cell.matches("\\u{").count()
                    + cell.matches("\\n").count()
                    + cell.matches("\\r").count(),
                "a stray escape: {cell}"
            );
        }
    }
}
