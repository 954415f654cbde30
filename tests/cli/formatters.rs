//! The Architect's document after the formatters Architects run reads exactly as before:
//! prettier (prose wrap always, never, preserve; print width 40), mdformat with
//! mdformat-gfm (`--wrap no`, `--wrap 60`), markdownlint-cli2 `--fix`, and
//! `pandoc -f gfm -t gfm`, also with its tables written as HTML (`-t gfm-pipe_tables`). `.ci/run` installs them; each test skips, saying why, where its
//! tool cannot be had.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::run;

/// Where `.ci/run` installs the formatters: `PROFILE_CHECK_FORMATTERS`, or the cache folder.
fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PROFILE_CHECK_FORMATTERS") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("profile-check-ci").join("formatters")
}

/// The seed and every must-pass document of the corpus.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("profiles/RUNTIME_PROFILE_PROD.md")];
    let Ok(entries) = std::fs::read_dir(root.join("tests/profiles/doc/same")) else {
        panic!("the corpus tests/profiles/doc/same is missing");
    };
    let mut same: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    same.sort();
    docs.extend(same);
    assert!(docs.len() > 40, "the corpus is there: {docs:?}");
    docs
}

/// What `import` reads from a document (its first line, naming the file, left out), or
/// its error.
fn reading(doc: &Path) -> Result<String, String> {
    let output = run(&["import", &doc.to_string_lossy()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.code() == Some(0) {
        Ok(stdout.lines().skip(1).collect::<Vec<_>>().join("\n"))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// A scratch folder of this run for one formatter.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "profile-check-formatters-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

/// Runs `format` on a copy of every document (the copy's path is its last argument, or
/// what `format` does with it) and asserts each reads exactly as its original.
fn reads_the_same(name: &str, format: impl Fn(&Path) -> Command) {
    reads_the_same_with(name, format, |status| status.success());
}

/// [`reads_the_same`], with the exit statuses of the formatter that mean it ran.
fn reads_the_same_with(
    name: &str,
    format: impl Fn(&Path) -> Command,
    ran: impl Fn(std::process::ExitStatus) -> bool,
) {
    let dir = folder(name);
    let mut failures = Vec::new();
    for doc in documents() {
        let Some(file) = doc.file_name() else {
            continue;
        };
        let copy = dir.join(file);
        if let Err(e) = std::fs::copy(&doc, &copy) {
            panic!("cannot copy {}: {e}", doc.display());
        }
        let output = match format(&copy).output() {
            Ok(output) => output,
            Err(e) => panic!("{name}: cannot run: {e}"),
        };
        assert!(
            ran(output.status),
            "{name} failed on {}:\n{}",
            doc.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let original = reading(&doc);
        assert!(original.is_ok(), "{}: {original:?}", doc.display());
        let formatted = reading(&copy);
        if formatted != original {
            let text = std::fs::read_to_string(&copy).unwrap_or_default();
            failures.push(format!(
                "{} after {name} reads otherwise:\n{}\n--- formatted document:\n{text}",
                doc.display(),
                match &formatted {
                    Ok(yaml) => format!(
                        "import gives\n{yaml}\ninstead of\n{}",
                        original.unwrap_or_default()
                    ),
                    Err(e) => format!("import fails:\n{e}"),
                }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The binary `name` from the npm install of `.ci/run`, or why not.
fn node_tool(name: &str) -> Option<PathBuf> {
    let bin = tools_dir().join("node_modules").join(".bin").join(name);
    if bin.is_file() {
        Some(bin)
    } else {
        skip(&format!(
            "skipped: {} is not installed (`.ci/run` installs it with npm)",
            bin.display()
        ));
        None
    }
}

fn prettier(args: &[&str]) {
    let Some(prettier) = node_tool("prettier") else {
        return;
    };
    let name = format!("prettier {}", args.join(" "));
    reads_the_same(&name, |file| {
        let mut command = Command::new(&prettier);
        command
            .args(["--parser", "markdown", "--no-config", "--write"])
            .args(args)
            .arg(file);
        command
    });
}

#[test]
fn prettier_prose_wrap_always() {
    prettier(&["--prose-wrap", "always"]);
}

#[test]
fn prettier_prose_wrap_always_print_width_40() {
    prettier(&["--prose-wrap", "always", "--print-width", "40"]);
}

#[test]
fn prettier_prose_wrap_never() {
    prettier(&["--prose-wrap", "never"]);
}

#[test]
fn prettier_prose_wrap_preserve() {
    prettier(&["--prose-wrap", "preserve"]);
}

#[test]
fn markdownlint_cli2_fix() {
    let Some(lint) = node_tool("markdownlint-cli2") else {
        return;
    };
    reads_the_same_with(
        "markdownlint-cli2 --fix",
        |file| {
            let mut command = Command::new(&lint);
            command.arg("--fix").arg(file);
            command
        },
        // 1 says problems are left that it does not fix (line length…): it ran.
        |status| matches!(status.code(), Some(0 | 1)),
    );
}

/// `python3 -m mdformat` with mdformat-gfm (and its front matter and footnote plugins, which
/// an Architect writing those uses: without them mdformat escapes or rewrites them), from
/// `.ci/run`'s pip install or the system.
fn mdformat(wrap: &str) {
    let python = tools_dir().join("python");
    let probe = Command::new("python3")
        .args([
            "-c",
            "import mdformat, mdformat_gfm, mdformat_frontmatter, mdformat_footnote",
        ])
        .env("PYTHONPATH", &python)
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        skip(&format!(
            "skipped: mdformat with mdformat-gfm, mdformat-frontmatter and mdformat-footnote is not importable by python3 (`.ci/run` installs it with pip into {})",
            python.display()
        ));
        return;
    }
    reads_the_same(&format!("mdformat --wrap {wrap}"), |file| {
        let mut command = Command::new("python3");
        command
            .args(["-m", "mdformat", "--wrap", wrap])
            .arg(file)
            .env("PYTHONPATH", &python);
        command
    });
}

#[test]
fn mdformat_gfm_wrap_no() {
    mdformat("no");
}

#[test]
fn mdformat_gfm_wrap_60() {
    mdformat("60");
}

fn has_pandoc() -> bool {
    let found = Command::new("pandoc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        skip("skipped: pandoc is not on PATH (`.ci/run` installs it with apt)");
    }
    found
}

/// Pandoc with pipe tables off writes every table as HTML, as Confluence and Notion exports
/// do.
#[test]
fn pandoc_gfm_to_gfm_with_html_tables() {
    if !has_pandoc() {
        return;
    }
    reads_the_same("pandoc -f gfm -t gfm-pipe_tables", |file| {
        let mut command = Command::new("pandoc");
        let front_matter =
            std::fs::read_to_string(file).is_ok_and(|text| text.starts_with("---\n"));
        if front_matter {
            command.args([
                "-s",
                "-f",
                "gfm+yaml_metadata_block",
                "-t",
                "gfm-pipe_tables+yaml_metadata_block",
            ]);
        } else {
            command.args(["-f", "gfm", "-t", "gfm-pipe_tables"]);
        }
        command.arg("-o").arg(file).arg(file);
        command
    });
}

#[test]
fn pandoc_gfm_to_gfm() {
    if !has_pandoc() {
        return;
    }
    reads_the_same("pandoc -f gfm -t gfm", |file| {
        let mut command = Command::new("pandoc");
        // YAML front matter is metadata to pandoc, which writes it back only standalone.
        let front_matter =
            std::fs::read_to_string(file).is_ok_and(|text| text.starts_with("---\n"));
        if front_matter {
            command.args([
                "-s",
                "-f",
                "gfm+yaml_metadata_block",
                "-t",
                "gfm+yaml_metadata_block",
            ]);
        } else {
            command.args(["-f", "gfm", "-t", "gfm"]);
        }
        command.arg("-o").arg(file).arg(file);
        command
    });
}

/// Says why a test does not run (its tool cannot be had).
#[allow(clippy::print_stdout)]
fn skip(reason: &str) {
    println!("{reason}");
}
