//! The gate as a repository runs it: `profile-check` with no arguments and the
//! repository's profile-check.toml, in a copy of the repository; a broken configuration; a
//! baseline from git in a repository made by the test, and in a shallow clone of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::read;

/// A scratch copy of the repository's configuration, profile and document, with a `.git`
/// directory so that the configuration is found from a subdirectory as in a checkout.
struct Copy {
    root: PathBuf,
}

impl Copy {
    fn new(name: &str) -> Self {
        let root =
            std::env::temp_dir().join(format!("profile-check-gate-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["profiles", ".git"] {
            if let Err(e) = std::fs::create_dir_all(root.join(dir)) {
                panic!("{e}");
            }
        }
        let copy = Self { root };
        for file in [
            "profile-check.toml",
            "profiles/prod.yaml",
            "profiles/RUNTIME_PROFILE_PROD.md",
        ] {
            copy.write(file, &read(file));
        }
        copy
    }

    fn write(&self, path: &str, text: &str) {
        if let Err(e) = std::fs::write(self.root.join(path), text) {
            panic!("{path}: {e}");
        }
    }

    /// `profile-check ARGS` in `dir` of the copy.
    fn run(&self, dir: &str, args: &[&str]) -> Output {
        run_in(&self.root.join(dir), args)
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run profile-check: {e}"),
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs the no-argument gate from `profiles/` and expects exit 1 with `rule`.
fn fails_with(copy: &Copy, rule: &str, what: &str) {
    let output = copy.run("profiles", &["-q"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(1), "{what}:\n{printed}");
    assert!(
        printed.contains(&format!("error[{rule}]")),
        "{what}:\n{printed}"
    );
    assert!(
        printed.contains("../profiles/prod.yaml"),
        "{what}:\n{printed}"
    );
}

#[test]
fn the_repository_config_checks_the_profile_against_its_document() {
    let copy = Copy::new("pass");
    let output = copy.run("profiles", &["-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "PASS ../profiles/prod.yaml: 16 modules (11 required, 0 optional, 5 disabled), 0 errors, 0 warnings\n\
         note: not held against --baseline: changes since the last release were not judged; \
         profile-check.toml names these inputs, and `--require doc,baseline` makes them mandatory\n"
    );
}

#[test]
fn naming_a_configured_profile_holds_it_against_its_configured_inputs() {
    let copy = Copy::new("named");
    let prod = read("profiles/prod.yaml");
    let chat = "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled\n";
    assert!(prod.contains(chat));
    copy.write(
        "profiles/prod.yaml",
        &prod.replace(chat, &chat.replace("disabled", "required")),
    );
    // The README's and the SPEC's command: the configuration's --doc applies.
    for dir in [".", "profiles"] {
        let path = if dir == "." {
            "profiles/prod.yaml"
        } else {
            "prod.yaml"
        };
        let output = copy.run(dir, &["-q", path]);
        let printed = text(&output);
        assert_eq!(output.status.code(), Some(1), "{dir}: {printed}");
        assert!(printed.contains("error[doc-sync]"), "{dir}: {printed}");
    }
    // Without the configuration, the verdict says what it did not cover.
    let output = copy.run(".", &["-q", "--no-config", "profiles/prod.yaml"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(0), "{printed}");
    assert!(
        printed.contains("note: not held against --doc or --baseline"),
        "{printed}"
    );
}

#[test]
fn flipping_any_status_fails_the_no_argument_run() {
    let prod = read("profiles/prod.yaml");
    let statuses = prod.matches("    status: ").count();
    assert_eq!(statuses, 16);
    let copy = Copy::new("status");
    for nth in 0..statuses {
        let mut seen = 0;
        let flipped: String = prod
            .lines()
            .map(|line| {
                let out = match line.strip_prefix("    status: ") {
                    Some(status) if seen == nth => {
                        let other = if status == "disabled" {
                            "optional"
                        } else {
                            "disabled"
                        };
                        format!("    status: {other}")
                    }
                    _ => line.to_owned(),
                };
                if line.starts_with("    status: ") {
                    seen += 1;
                }
                out + "\n"
            })
            .collect();
        copy.write("profiles/prod.yaml", &flipped);
        fails_with(&copy, "doc-sync", &format!("status #{nth} flipped"));
    }
}

#[test]
fn deleting_the_auto_contour_fails_the_no_argument_run() {
    let copy = Copy::new("contour");
    let prod = read("profiles/prod.yaml");
    assert!(prod.contains("    contour: auto\n"));
    copy.write(
        "profiles/prod.yaml",
        &prod.replace("    contour: auto\n", ""),
    );
    fails_with(&copy, "doc-sync", "contour: auto deleted");
}

#[test]
fn switching_on_a_disabled_module_fails_the_no_argument_run() {
    let copy = Copy::new("active");
    let prod = read("profiles/prod.yaml");
    let on = prod.replacen(
        "    status: disabled\n",
        "    status: disabled\n    active: true\n",
        1,
    );
    copy.write("profiles/prod.yaml", &on);
    fails_with(
        &copy,
        "disabled-inactive",
        "active: true on a disabled module",
    );
}

#[test]
fn a_broken_config_is_an_input_error_at_its_line() {
    let copy = Copy::new("broken");
    copy.write(
        "profile-check.toml",
        "[[profile]]\npath = \"profiles/prod.yaml\"\ndocs = \"profiles/RUNTIME_PROFILE_PROD.md\"\n",
    );
    let output = copy.run("profiles", &["-q"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(2), "{printed}");
    assert!(
        printed.contains("unknown key `docs` in a [[profile]] table; did you mean `doc`?")
            && printed.contains("--> ../profile-check.toml:3:1"),
        "{printed}"
    );
    // `--no-config` falls back to the default profile; a named profile is still judged
    // by the configuration, so a broken one stops it too (fail closed).
    assert_eq!(copy.run("", &["-q", "--no-config"]).status.code(), Some(0));
    assert_eq!(
        copy.run("", &["-q", "profiles/prod.yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        copy.run("", &["-q", "--no-config", "profiles/prod.yaml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_required_input_that_is_missing_stops_the_check() {
    let copy = Copy::new("require");
    let output = copy.run("", &["-q", "--require", "doc,baseline"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(2), "{printed}");
    assert!(
        printed
            .contains("the profile of the last release (`baseline`, `--baseline`), and has none"),
        "{printed}"
    );
    copy.write(
        "profile-check.toml",
        "require = [\"doc\", \"runtime\"]\n[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"profiles/RUNTIME_PROFILE_PROD.md\"\n",
    );
    let output = copy.run("", &["-q"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(2), "{printed}");
    assert!(
        printed.contains("what is deployed (`runtime`, `--runtime`): an activation manifest, Kubernetes manifests or a Compose file, and has none")
            && printed.contains("--> profile-check.toml:1:19"),
        "{printed}"
    );
}

/// `git ARGS` in `dir`, with a fixed identity and no user configuration.
fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_baseline_from_git_and_a_shallow_clone() {
    if Command::new("git").arg("--version").output().is_err() {
        println!("skipped: `git` is not installed");
        return;
    }
    let copy = Copy::new("git");
    let repo = &copy.root;
    let _ = std::fs::remove_dir_all(repo.join(".git"));
    copy.write(
        "profile-check.toml",
        "[[profile]]\npath = \"profiles/prod.yaml\"\nbaseline = \"git:latest-tag\"\n",
    );
    assert!(
        git(repo, &["init", "-q"])
            && git(repo, &["add", "."])
            && git(repo, &["commit", "-q", "-m", "release"])
            && git(repo, &["tag", "v1.0.0"]),
        "cannot make a git repository"
    );
    // Webinar Chat switched on, the date left as it was.
    let prod = read("profiles/prod.yaml");
    let chat = "    name: Webinar Chat\n    role: ui\n    status: disabled\n";
    assert!(prod.contains(chat));
    copy.write(
        "profiles/prod.yaml",
        &prod.replace(
            chat,
            "    name: Webinar Chat\n    role: ui\n    status: optional\n",
        ),
    );
    assert!(git(repo, &["commit", "-q", "-am", "chat on"]));
    let output = copy.run("", &["-q"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("error[profile-updated]: `webinar-chat`: status disabled → optional"),
        "{printed}"
    );
    let output = copy.run(
        "",
        &["-q", "--baseline", "git:v1.0.0", "profiles/prod.yaml"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let output = copy.run("", &["-q", "--baseline", "git:HEAD", "profiles/prod.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let output = copy.run(
        "",
        &["-q", "--baseline", "git:--help", "profiles/prod.yaml"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));

    // A shallow clone (what actions/checkout makes by default) has neither the tag nor the
    // commit: the error says how to fetch them.
    let url = format!("file://{}", repo.display());
    let shallow = repo.join("shallow");
    assert!(git(repo, &["clone", "-q", "--depth", "1", &url, "shallow"]));
    let output = run_in(&shallow, &["-q"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(2), "{printed}");
    assert!(printed.contains("fetch-depth: 0"), "{printed}");
    assert!(
        printed.contains("git fetch --unshallow --tags"),
        "{printed}"
    );
}

#[test]
fn init_writes_the_repository_config_and_refuses_to_overwrite_it() {
    let copy = Copy::new("init");
    let _ = std::fs::remove_file(copy.root.join("profile-check.toml"));
    // A waivers file beside the profile is not a profile, and is not wired as one.
    copy.write(
        "profiles/waivers.yaml",
        "waivers:\n  - rule: event-flow\n    reason: r\n    owner: o\n    expires: 2026-03-01\n",
    );
    let output = copy.run("", &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "wrote profile-check.toml:\n  profiles/prod.yaml: doc profiles/RUNTIME_PROFILE_PROD.md\n\
         Run `profile-check` to check them.\n"
    );
    let written = match std::fs::read_to_string(copy.root.join("profile-check.toml")) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(written, read("profile-check.toml"));
    assert_eq!(copy.run("", &["-q"]).status.code(), Some(0));
    let again = copy.run("", &["init", "-q"]);
    assert_eq!(again.status.code(), Some(2));
    // `-q` keeps the errors: the refusal still says why.
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    assert_eq!(
        std::fs::read_to_string(copy.root.join("profile-check.toml")).ok(),
        Some(written.clone())
    );
    // `init -q` writes the file and prints nothing.
    let _ = std::fs::remove_file(copy.root.join("profile-check.toml"));
    let quiet = copy.run("", &["init", "-q"]);
    assert_eq!(quiet.status.code(), Some(0), "{}", text(&quiet));
    assert_eq!(text(&quiet), "");
    assert_eq!(
        std::fs::read_to_string(copy.root.join("profile-check.toml")).ok(),
        Some(written)
    );
}

/// `init` wires what the repository deploys: a Compose file the gate reads as it is
/// becomes the profile's `runtime`; a kustomize overlay, which must be rendered first, gets a
/// comment with the exact command.
#[test]
fn init_wires_the_deployment_and_says_how_to_render_an_overlay() {
    let copy = Copy::new("init-deploy");
    let _ = std::fs::remove_file(copy.root.join("profile-check.toml"));
    if let Err(e) = std::fs::create_dir_all(copy.root.join("k8s/overlays/prod")) {
        panic!("{e}");
    }
    copy.write(
        "docker-compose.yml",
        &read("tests/profiles/runtime/compose.yaml"),
    );
    copy.write(
        "k8s/overlays/prod/kustomization.yaml",
        "resources: [../../base]\n",
    );
    let output = copy.run("", &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let printed = text(&output);
    assert!(
        printed.contains("  deployment compose:docker-compose.yml: read as it is\n"),
        "{printed}"
    );
    assert!(
        printed.contains("  deployment kubernetes:k8s/overlays/prod/: to render first"),
        "{printed}"
    );
    let written = std::fs::read_to_string(copy.root.join("profile-check.toml")).unwrap_or_default();
    assert!(
        written.contains("\nruntime = \"compose:docker-compose.yml\"\n"),
        "{written}"
    );
    assert!(
        written.contains("\n# kubernetes:k8s/overlays/prod/: render the overlay the release uses and check that: `kubectl kustomize k8s/overlays/prod/ | profile-check --runtime kubernetes:- …`"),
        "{written}"
    );
    // The gate then reads the Compose file: a verdict, not an input error.
    let check = copy.run("", &["-q"]);
    assert_ne!(check.status.code(), Some(2), "{}", text(&check));
}

/// One configuration for every place: `strict` and `[report]` make the hook, a terminal
/// and CI run the same gate with no flags; the command line still wins.
#[test]
fn the_configuration_sets_strict_and_the_reports_for_every_run() {
    let copy = Copy::new("defaults");
    copy.write(
        "profiles/warning.yaml",
        &read("tests/profiles/rules/event-flow.warning.yaml"),
    );
    let config = "strict = true\n\n[report]\ntable = \"none\"\n\n[report.files]\nsarif = \"profile-check.sarif\"\njson = \"profile-check.json\"\n\n[[profile]]\npath = \"profiles/warning.yaml\"\n";
    copy.write("profile-check.toml", config);
    // No flags, from a subdirectory: strict fails the warning and counts it as an error;
    // no table; the report files go beside the configuration.
    let output = copy.run("profiles", &[]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(printed.contains("warning.yaml\n  profile "), "{printed}");
    assert!(!printed.contains('╭'), "no table:\n{printed}");
    assert!(
        printed.contains("FAIL ../profiles/warning.yaml: 4 modules (3 required, 1 optional, 0 disabled), 1 error, 0 warnings"),
        "{printed}"
    );
    let sarif = std::fs::read_to_string(copy.root.join("profile-check.sarif")).unwrap_or_default();
    assert!(sarif.contains("\"level\": \"error\""), "{sarif}");
    let json = std::fs::read_to_string(copy.root.join("profile-check.json")).unwrap_or_default();
    assert!(json.contains("\"passed\": false"), "{json}");
    // The command line wins: `--format`, `--table`, and `--report` for its own format.
    let _ = std::fs::remove_file(copy.root.join("profile-check.sarif"));
    let output = copy.run("", &["--format", "github", "--report", "sarif=other.sarif"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(
        printed.starts_with("::error file=profiles/warning.yaml"),
        "{printed}"
    );
    assert!(copy.root.join("other.sarif").is_file());
    assert!(!copy.root.join("profile-check.sarif").exists());
    assert!(copy.root.join("profile-check.json").is_file());
    let output = copy.run("", &["--table", "condensed"]);
    assert!(text(&output).contains("│ ID "), "{}", text(&output));
    // Without `strict` the warning passes.
    copy.write("profile-check.toml", &config.replace("strict = true\n", ""));
    let output = copy.run("", &["-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

/// A wrong `strict` or `[report]` value stops the run at its line, with the words it takes.
#[test]
fn a_wrong_report_setting_is_an_input_error_at_its_line() {
    let copy = Copy::new("bad-defaults");
    copy.write(
        "profile-check.toml",
        "strict = \"yes\"\n\n[report]\nformat = \"sarf\"\ntable = 3\n\n[report.files]\nxml = \"a.xml\"\nsarif = \"/etc/passwd\"\n\n[[profile]]\npath = \"profiles/prod.yaml\"\n",
    );
    let output = copy.run("", &["-q"]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(2), "{printed}");
    for said in [
        "profile-check.toml:1:10",
        "expected `strict` (`true` or `false`), found the string `yes`",
        "profile-check.toml:4:10",
        "`format` is `sarf`, which is not one of `text`, ",
        "; did you mean `sarif`?",
        "expected `table` (`full`, `condensed` or `none`), found the number `3`",
        "unknown key `xml` in the [report.files] table",
        "profile-check.toml:9:9",
    ] {
        assert!(printed.contains(said), "{said}:\n{printed}");
    }
    assert!(!copy.root.join("a.xml").exists());
}
