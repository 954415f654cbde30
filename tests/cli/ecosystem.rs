//! What makes the tool fit in: editor schemas, completions, the man page, `--version`.

use crate::support::{json, read, run, scratch, stdout, yaml};

#[test]
fn committed_schemas_are_the_generated_ones() {
    for kind in ["profile", "runtime", "waivers", "config", "report"] {
        assert_eq!(
            read(&format!("schemas/{kind}.schema.json")),
            stdout(&["schema", kind]),
            "schemas/{kind}.schema.json is stale: run `profile-check schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

fn validator(kind: &str) -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value =
        match serde_json::from_str(&read(&format!("schemas/{kind}.schema.json"))) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
    let version = if kind == "report" { 2 } else { 1 };
    let url = format!("urn:profile-check:schema:{kind}:v{version}");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    if let Err(e) = compiler.add_resource(&url, schema) {
        panic!("{e}");
    }
    match compiler.compile(&url, &mut schemas) {
        Ok(index) => (schemas, index),
        Err(e) => panic!("{kind}: {e}"),
    }
}

#[test]
fn the_profile_schema_accepts_the_shipped_profile_and_rejects_wrong_values() {
    let (schemas, index) = validator("profile");
    let prod = read("profiles/prod.yaml");
    assert!(prod.starts_with("# yaml-language-server: $schema=../schemas/profile.schema.json\n"));
    if let Err(e) = schemas.validate(&yaml(&prod), index) {
        panic!("profiles/prod.yaml: {e:#}");
    }
    for (from, to) in [
        ("status: required", "status: enabled"),
        ("role: core", "role: backend"),
        ("    status: required\n", "    stauts: required\n"),
        ("live: enabled", "live: on"),
    ] {
        let wrong = prod.replacen(from, to, 1);
        assert!(
            schemas.validate(&yaml(&wrong), index).is_err(),
            "accepted `{to}`"
        );
    }
}

#[test]
fn the_runtime_and_waivers_schemas_accept_valid_files_and_reject_wrong_ones() {
    let (schemas, index) = validator("runtime");
    let manifest = read("tests/profiles/runtime/prod.yaml");
    assert!(schemas.validate(&yaml(&manifest), index).is_ok());
    assert!(
        schemas
            .validate(&yaml(&manifest.replace("environment", "environmnt")), index)
            .is_err()
    );
    let (schemas, index) = validator("waivers");
    let waivers = read("tests/profiles/waivers/live.yaml");
    assert!(schemas.validate(&yaml(&waivers), index).is_ok());
    assert!(
        schemas
            .validate(&yaml(&waivers.replace("event-flow", "event-flwo")), index)
            .is_err()
    );
    assert!(
        schemas
            .validate(
                &yaml(&read("tests/profiles/waivers/not-waivable.yaml")),
                index
            )
            .is_err()
    );
}

#[test]
fn the_report_schema_accepts_every_kind_of_json_report() {
    let (schemas, index) = validator("report");
    let runs: [&[&str]; 7] = [
        &["profiles/prod.yaml"],
        &["tests/profiles/rules/event-flow.fail.yaml"],
        &["--strict", "tests/profiles/rules/event-flow.warning.yaml"],
        &["tests/profiles/input/wrong-values.yaml"],
        &["tests/profiles/input/no-such-profile.yaml"],
        &[
            "--today",
            "2026-02-01",
            "--waivers",
            "tests/profiles/waivers/live.yaml",
            "tests/profiles/rules/event-flow.fail.yaml",
        ],
        &[
            "profiles/prod.yaml",
            "tests/profiles/input/wrong-values.yaml",
        ],
    ];
    for args in runs {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let report = json(&run(&all));
        assert_eq!(report["version"], 2);
        if let Err(e) = schemas.validate(&report, index) {
            panic!("{args:?}: the report does not follow its schema: {e:#}");
        }
    }
    // The schema is strict enough to catch a report of another shape.
    let report = json(&run(&[
        "--format",
        "json",
        "tests/profiles/input/wrong-values.yaml",
    ]));
    let mut v1 = report.clone();
    v1["version"] = 1.into();
    assert!(schemas.validate(&v1, index).is_err());
    let mut joined = report;
    joined["profiles"][0]["error"]["problems"] = serde_json::json!("one string");
    assert!(schemas.validate(&joined, index).is_err());
}

#[test]
fn json_v2_lists_each_input_problem_and_gives_findings_their_help_and_end() {
    let report = json(&run(&[
        "--format",
        "json",
        "tests/profiles/input/wrong-values.yaml",
    ]));
    let problems = report["profiles"][0]["error"]["problems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(problems.len(), 6);
    assert_eq!(
        (
            &problems[1]["line"],
            &problems[1]["column"],
            &problems[1]["end_column"]
        ),
        (&8.into(), &9.into(), &11.into())
    );
    assert_eq!(
        problems[1]["help"],
        "write `contours.live` as `enabled` or `disabled`"
    );
    let report = json(&run(&[
        "--format",
        "json",
        "tests/profiles/rules/event-flow.fail.yaml",
    ]));
    let finding = &report["profiles"][0]["findings"][0];
    assert_eq!(
        (&finding["line"], &finding["end_line"]),
        (&24.into(), &24.into())
    );
    assert_eq!(finding["end_column"], 52);
    assert!(
        finding["help"]
            .as_str()
            .is_some_and(|h| h.starts_with("activate a module"))
    );
}

#[test]
fn completions_offer_rule_ids_after_explain_and_formats_after_report() {
    let bash = stdout(&["completions", "bash"]);
    let explain = bash.split("subcmd__explain)\n").nth(1).unwrap_or_default();
    for rule in profile_check::rules::RULES {
        assert!(
            explain.contains(rule.name()),
            "bash completes `explain {}`",
            rule.name()
        );
    }
    let formats: Vec<String> = profile_check::cli::Format::ALL
        .iter()
        .map(|f| format!("{}=", f.name()))
        .collect();
    assert!(
        bash.contains(&format!("\"{}\"", formats.join(" "))),
        "bash completes `--report FORMAT=`: {bash}"
    );
    // zsh too (clap_complete's fish script completes no positional values).
    let zsh = stdout(&["completions", "zsh"]);
    assert!(zsh.contains(":rule -- The rule id"), "{zsh}");
    assert!(zsh.contains("event-flow\\:"), "{zsh}");
}

#[test]
fn every_man_page_the_main_page_names_exists_and_lists_its_options() {
    let page = stdout(&["man"]);
    let named: Vec<String> = page
        .split("profile\\-check\\-")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("(1)")
                .map(|(name, _)| name.replace("\\-", "-"))
        })
        .collect();
    assert!(named.len() >= 8, "{named:?}");
    for name in &named {
        let sub = stdout(&["man", name]);
        assert!(
            sub.starts_with(&format!(".TH profile-check-{name} 1")),
            "{name}: {}",
            sub.lines().next().unwrap_or_default()
        );
    }
    let diff = stdout(&["man", "diff"]);
    assert!(
        diff.contains("\\-\\-format"),
        "diff's page lists --format:\n{diff}"
    );
    assert!(diff.contains("\\-\\-color"), "and the global options");
    let dir = scratch("man.keep", "").with_file_name("man");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{e}");
    }
    let listing = stdout(&["man", "--dir", &dir.to_string_lossy()]);
    assert_eq!(listing.lines().count(), named.len() + 1, "{listing}");
    assert!(dir.join("profile-check-import.1").exists());
}

#[test]
fn report_files_are_never_coloured() {
    let file = scratch("coloured.txt", "");
    let shown = file.to_string_lossy().into_owned();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args([
            "--color",
            "always",
            "tests/profiles/rules/event-flow.fail.yaml",
            "--report",
            &format!("text={shown}"),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CLICOLOR_FORCE", "1")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => panic!("{e}"),
    };
    assert!(
        output.stdout.contains(&0x1b),
        "the terminal copy is coloured"
    );
    let written = std::fs::read(&file).unwrap_or_default();
    assert!(
        !written.is_empty() && !written.contains(&0x1b),
        "the file is not"
    );
}

#[test]
fn completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains("profile-check"), "{shell}");
        for word in ["explain", "runtime", "waivers"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
}

#[test]
fn the_man_page_has_a_title_the_exit_codes_and_every_rule() {
    let page = stdout(&["man"]);
    assert!(
        page.starts_with(".TH profile-check 1"),
        "{}",
        page.lines().next().unwrap_or_default()
    );
    assert!(page.contains(".SH \"EXIT STATUS\""));
    for rule in profile_check::rules::RULES {
        assert!(
            page.contains(&format!("\\fB{}\\fR", rule.name().replace('-', "\\-"))),
            "{}",
            rule.name()
        );
    }
}

#[test]
fn version_names_the_release() {
    assert_eq!(
        stdout(&["--version"]),
        format!("profile-check {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_config_schema_accepts_a_config_and_rejects_unknown_keys() {
    let (schemas, index) = validator("config");
    let good = serde_json::json!({
        "require": ["doc", "baseline"],
        "strict": true,
        "report": { "format": "text", "table": "condensed", "files": { "sarif": "profile-check.sarif", "gitlab": "gl-code-quality-report.json" } },
        "profile": [{ "path": "profiles/prod.yaml", "doc": "profiles/RUNTIME_PROFILE_PROD.md", "baseline": "git:latest-tag" }]
    });
    if let Err(e) = schemas.validate(&good, index) {
        panic!("{e:#}");
    }
    for bad in [
        serde_json::json!({ "profile": [{ "paht": "profiles/prod.yaml" }] }),
        serde_json::json!({ "profile": [{ "path": "p.yaml", "require": ["docs"] }] }),
        serde_json::json!({ "profile": [] }),
        serde_json::json!({ "strict": "yes", "profile": [{ "path": "p.yaml" }] }),
        serde_json::json!({ "report": { "format": "sarf" }, "profile": [{ "path": "p.yaml" }] }),
        serde_json::json!({ "report": { "table": "wide" }, "profile": [{ "path": "p.yaml" }] }),
        serde_json::json!({ "report": { "files": { "xml": "a.xml" } }, "profile": [{ "path": "p.yaml" }] }),
    ] {
        assert!(schemas.validate(&bad, index).is_err(), "accepted {bad}");
    }
}
