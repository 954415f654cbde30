//! Runtime inputs nobody here wrote: public manifests and Compose files
//! (`tests/profiles/runtime/real-world/`, sources and licences in its README) read, each
//! with its workloads (exit 0 or 1, never an input error).

use crate::support::{json, run};

/// The files of one folder of the real-world material, sorted.
fn material(folder: &str) -> Vec<String> {
    let dir = format!(
        "{}/tests/profiles/runtime/real-world/{folder}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut files: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| {
                format!(
                    "tests/profiles/runtime/real-world/{folder}/{}",
                    e.file_name().to_string_lossy()
                )
            })
            .filter(|name| name.ends_with(".yaml"))
            .collect(),
        Err(e) => panic!("{dir}: {e}"),
    };
    files.sort();
    files
}

/// Checks the shipped profile against `runtime`; returns the rules of its findings.
fn findings_of(runtime: &str) -> Vec<String> {
    let output = run(&[
        "--no-config",
        "--format",
        "json",
        "--runtime",
        runtime,
        "profiles/prod.yaml",
    ]);
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{runtime}: exit {code:?}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    let profile = &report["profiles"][0];
    assert!(profile["error"].is_null(), "{runtime}: {profile}");
    match profile["findings"].as_array() {
        Some(findings) => findings
            .iter()
            .filter_map(|f| f["rule"].as_str().map(str::to_owned))
            .collect(),
        None => panic!("{runtime}: no findings list"),
    }
}

#[test]
fn every_real_world_manifest_and_compose_file_reads_with_its_workloads() {
    let kubernetes = material("kubernetes");
    let compose = material("compose");
    assert!(
        kubernetes.len() >= 3 && compose.len() >= 7,
        "{kubernetes:?} {compose:?}"
    );
    for (prefix, files) in [("kubernetes", &kubernetes), ("compose", &compose)] {
        for file in files {
            let rules = findings_of(&format!("{prefix}:{file}"));
            // None of their workloads is a module of the profile: each is unmapped or
            // labelled for a module the profile does not know, which shows that the
            // workloads were read.
            assert!(
                rules
                    .iter()
                    .any(|r| r == "unmapped-workload" || r == "unknown-module"),
                "{file}: {rules:?}"
            );
        }
    }
}

#[test]
fn argo_cds_install_reads_past_its_deep_crd_schemas() {
    let rules = findings_of("tests/profiles/runtime/real-world/kubernetes/argo-cd-install.yaml");
    // Its Deployments and StatefulSet, each labelled `app.kubernetes.io/name` for itself:
    // argocd-server, repo-server, dex, redis, notifications, the applicationset
    // controller, the application controller.
    let unknown = rules.iter().filter(|r| *r == "unknown-module").count();
    assert_eq!(unknown, 7, "{rules:?}");
}

/// Runs `profile-check ARGS` in the repository root with `input` on standard input.
fn run_with_input(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let child = Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!("cannot run profile-check: {e}"),
    };
    if let Some(mut stdin) = child.stdin.take()
        && let Err(e) = stdin.write_all(input.as_bytes())
    {
        panic!("cannot write standard input: {e}");
    }
    match child.wait_with_output() {
        Ok(output) => output,
        Err(e) => panic!("profile-check did not end: {e}"),
    }
}

#[test]
fn rendered_output_is_read_from_standard_input() {
    let rendered = crate::support::read("tests/profiles/runtime/helm-chat-scaled.yaml");
    let output = run_with_input(
        &[
            "-q",
            "--no-config",
            "--runtime",
            "kubernetes:-",
            "profiles/prod.yaml",
        ],
        &rendered,
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("error[disabled-inactive]: `webinar-chat` is `disabled` but the deployment runs it (kubernetes: Deployment/chat-api, replicas 1)"),
        "{stdout}"
    );
    let compose = crate::support::read("tests/profiles/runtime/compose-merge-keys.yaml");
    let output = run_with_input(
        &[
            "-q",
            "--no-config",
            "--runtime",
            "compose:-",
            "profiles/prod.yaml",
        ],
        &compose,
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("(compose: service/chat-api, replicas 2)"),
        "{stdout}"
    );
}
