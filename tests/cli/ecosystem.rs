//! What makes the tool fit in: editor schemas, completions, the man page, `--version`.

use crate::support::{read, stdout};

#[test]
fn committed_schemas_are_the_generated_ones() {
    for kind in ["profile", "runtime", "waivers", "config"] {
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
    let url = format!("urn:profile-check:schema:{kind}:v1");
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

fn yaml(text: &str) -> serde_json::Value {
    match serde_saphyr::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
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
        "profile": [{ "path": "profiles/prod.yaml", "doc": "profiles/RUNTIME_PROFILE_PROD.md", "baseline": "git:latest-tag" }]
    });
    if let Err(e) = schemas.validate(&good, index) {
        panic!("{e:#}");
    }
    for bad in [
        serde_json::json!({ "profile": [{ "paht": "profiles/prod.yaml" }] }),
        serde_json::json!({ "profile": [{ "path": "p.yaml", "require": ["docs"] }] }),
        serde_json::json!({ "profile": [] }),
    ] {
        assert!(schemas.validate(&bad, index).is_err(), "accepted {bad}");
    }
}
