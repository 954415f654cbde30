//! The container image: the Dockerfile builds a static binary on a minimal base that runs
//! as a user that is not root with `profile-check` as its entry point; where a container
//! engine is installed and its daemon answers, the image is built and run on this
//! repository's profile. Elsewhere that part says why it skipped.

use std::path::Path;
use std::process::Command;

use crate::support::read;

/// The instructions of the Dockerfile's last stage (the image that ships).
fn final_stage(dockerfile: &str) -> Vec<String> {
    let mut stage = Vec::new();
    let mut line = String::new();
    for raw in dockerfile.lines() {
        let raw = raw.trim();
        if raw.starts_with('#') || raw.is_empty() {
            continue;
        }
        line.push_str(raw.trim_end_matches('\\'));
        if raw.ends_with('\\') {
            line.push(' ');
            continue;
        }
        if line.starts_with("FROM ") {
            stage.clear();
        }
        stage.push(std::mem::take(&mut line));
    }
    stage
}

#[test]
fn the_image_is_static_small_and_not_root() {
    let dockerfile = read("Dockerfile");
    let stage = final_stage(&dockerfile);
    let from = stage.first().cloned().unwrap_or_default();
    assert!(from.starts_with("FROM alpine:"), "a minimal base: {from}");
    assert!(
        dockerfile.contains("FROM rust:") && dockerfile.contains("-alpine AS build"),
        "built against musl, whose binaries are static"
    );
    let user = stage
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .unwrap_or("root");
    assert!(
        !matches!(user.trim(), "root" | "0" | "0:0"),
        "runs as a user that is not root: {user}"
    );
    assert_eq!(
        stage.last().map(String::as_str),
        Some(r#"ENTRYPOINT ["profile-check"]"#)
    );
    // No git in the image, and git's ownership check never switched off: the binary reads
    // repositories in-process and runs no program.
    assert!(!stage.iter().any(|l| l.contains("apk add --no-cache git")));
    assert!(!dockerfile.contains("safe.directory"));
    // The build context holds what the build needs and nothing of `target/`.
    let ignore = read(".dockerignore");
    for needed in ["!Cargo.toml", "!Cargo.lock", "!src/", "!benches/"] {
        assert!(ignore.lines().any(|l| l == needed), "{needed}");
    }
    assert!(ignore.lines().any(|l| l == "*"));
}

/// Why no image can be built here, when none can.
fn no_engine() -> Option<String> {
    match Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .output()
    {
        Err(e) => Some(format!("no container engine (`docker`: {e})")),
        Ok(output) if !output.status.success() => Some(format!(
            "`docker info` failed: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .next()
                .unwrap_or_default()
        )),
        Ok(_) => None,
    }
}

#[test]
fn the_image_builds_and_checks_the_repository() {
    if let Some(why) = no_engine() {
        println!("skipped: {why}");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tag = format!("profile-check-test:{}", std::process::id());
    let docker = |args: &[&str]| match Command::new("docker").args(args).current_dir(root).output()
    {
        Ok(output) => output,
        Err(e) => panic!("docker {args:?}: {e}"),
    };
    let built = docker(&["build", "--quiet", "--tag", &tag, "."]);
    assert!(
        built.status.success(),
        "docker build: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    let version = docker(&["run", "--rm", &tag, "--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("profile-check {}\n", env!("CARGO_PKG_VERSION"))
    );
    let user = docker(&["run", "--rm", "--entrypoint", "id", &tag, "-u"]);
    assert_ne!(String::from_utf8_lossy(&user.stdout).trim(), "0");
    let mount = format!("{}:/work:ro", root.display());
    let check = docker(&["run", "--rm", "--volume", &mount, &tag, "-q"]);
    let _ = docker(&["rmi", "--force", &tag]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("PASS profiles/prod.yaml"));
}
