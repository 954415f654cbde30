//! The repository boundary: a `git:` baseline is read in-process from the real repository
//! and nothing in a repository can make the gate run a program; the baseline is the
//! previous release; every report names what it resolved to; configured paths stay inside
//! the repository from any directory; `init` writes only a new file.
//!
//! Each test builds its repositories in a scratch folder with the `git` command (the code
//! under test never runs it) and skips, saying why, where `git` is not installed. A marker
//! file proves that no command planted in a repository ran.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::read;

use crate::support::{empty_dir as scratch_dir, run_in, write};

#[allow(clippy::print_stderr)] // A skipped test says why.
fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: `git` is not installed to build the test repositories");
    }
    found
}

/// Runs `git ARGS` in `dir` for the set-up, with no user or system configuration.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::null())
        .output();
    let Ok(output) = status else {
        panic!("cannot run git {args:?}");
    };
    assert!(
        output.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The standard output of `git ARGS` in `dir`.
fn git_out(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output();
    match output {
        Ok(o) => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        Err(e) => panic!("git {args:?}: {e}"),
    }
}

/// Runs `profile-check ARGS` in `dir`, asserts its exit code and returns all it printed.
fn expect(dir: &Path, args: &[&str], code: i32) -> String {
    let output = run_in(dir, args);
    let said = all(&output);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {said}");
    said
}

fn all(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The shipped profile, with Webinar Chat switched from disabled to optional and the date
/// left as it was: `profile-updated` must fail it against the release before.
fn chat_optional() -> String {
    let prod = read("profiles/prod.yaml");
    let changed = prod.replacen(
        "name: Webinar Chat\n    role: ui\n    status: disabled",
        "name: Webinar Chat\n    role: ui\n    status: optional",
        1,
    );
    assert_ne!(
        prod, changed,
        "the shipped profile has Webinar Chat disabled"
    );
    changed
}

/// A script that leaves `marker` behind when anything runs it.
fn trap(dir: &Path, marker: &Path) -> PathBuf {
    let script = dir.join("trap.sh");
    write(
        &script,
        &format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display()),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755));
    }
    script
}

/// A repository with the shipped profile released as `v1.0.0` and a second commit that
/// switches Webinar Chat on without a new date.
fn released_then_changed(dir: &Path) {
    let _ = std::fs::create_dir_all(dir);
    git(dir, &["init", "-q", "-b", "main"]);
    write(&dir.join("profiles/prod.yaml"), &read("profiles/prod.yaml"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "release"]);
    git(dir, &["tag", "v1.0.0"]);
    write(&dir.join("profiles/prod.yaml"), &chat_optional());
    git(dir, &["commit", "-q", "-am", "chat on"]);
}

#[test]
fn an_embedded_git_directory_is_never_the_repository_and_runs_nothing() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("embedded");
    let marker = root.join("ran");
    let script = trap(&root, &marker);
    let repo = root.join("repo");
    released_then_changed(&repo);
    // A git directory of the attacker's, whose tag holds the changed profile itself, and
    // whose configuration declares a promisor remote that would run a command on a lazy
    // fetch, with a tag pointing at a missing object.
    let evil = root.join("evil.git");
    git(&root, &["init", "-q", "--bare", "-b", "main", "evil.git"]);
    let work = root.join("evil-work");
    git(&root, &["init", "-q", "-b", "main", "evil-work"]);
    write(&work.join("prod.yaml"), &chat_optional());
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "x"]);
    git(&work, &["tag", "v9.9.9"]);
    git(
        &work,
        &["push", "-q", evil.to_str().unwrap_or(""), "main", "--tags"],
    );
    let config = format!(
        "[core]\n\trepositoryformatversion = 1\n\tbare = true\n\tfsmonitor = {0}\n[extensions]\n\tpartialClone = origin\n\
         [remote \"origin\"]\n\turl = file:///nonexistent\n\tpromisor = true\n\tuploadpack = {0}\n",
        script.display()
    );
    write(&evil.join("config"), &config);
    write(
        &evil.join("refs/tags/v9.9.10"),
        "1234567890123456789012345678901234567890\n",
    );
    // Committed into the real repository, beside the profile.
    let copy = Command::new("cp")
        .arg("-R")
        .arg(format!("{}/.", evil.display()))
        .arg(repo.join("profiles"))
        .status();
    assert!(copy.is_ok_and(|s| s.success()));
    git(&repo, &["add", "-f", "profiles"]);
    git(
        &repo,
        &[
            "commit",
            "-q",
            "-m",
            "a folder that looks like a git directory",
        ],
    );
    // The hazard is real: git itself takes the folder for the repository. (Asked no more:
    // its tag lookup would fetch lazily and spring the trap.)
    assert_eq!(
        git_out(&repo.join("profiles"), &["rev-parse", "--git-dir"]),
        "."
    );
    assert!(!marker.exists());
    let said = expect(
        &repo,
        &["--baseline", "git:latest-tag", "profiles/prod.yaml"],
        1,
    );
    assert!(said.contains("error[profile-updated]"), "{said}");
    assert!(said.contains("since the baseline v1.0.0 ("), "{said}");
    // The same from the folder itself: its nearest `.git` is the real repository's.
    let output = run_in(
        &repo.join("profiles"),
        &["--baseline", "git:latest-tag", "prod.yaml"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", all(&output));
    // `init` in the downloaded tree reads the tags in-process too.
    let output = run_in(&repo, &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", all(&output));
    assert!(!marker.exists(), "a command planted in the tree ran");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn settings_of_the_real_repository_that_name_programs_never_run() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("settings");
    let marker = root.join("ran");
    let script = trap(&root, &marker);
    let repo = root.join("repo");
    git(&root, &["init", "-q", "-b", "main", "repo"]);
    write(
        &repo.join("profiles/prod.yaml"),
        &read("profiles/prod.yaml"),
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "release"]);
    git(&repo, &["tag", "v1.0.0"]);
    // Then the repository's own configuration names programs everywhere it can.
    let script = script.display().to_string();
    for (key, value) in [
        ("core.fsmonitor", script.as_str()),
        ("core.sshCommand", script.as_str()),
        ("core.hooksPath", ".githooks"),
        ("diff.external", script.as_str()),
        ("filter.trap.smudge", script.as_str()),
        ("filter.trap.clean", script.as_str()),
        ("filter.trap.process", script.as_str()),
        ("diff.trap.textconv", script.as_str()),
        ("core.alternateRefsCommand", script.as_str()),
        ("uploadpack.packObjectsHook", script.as_str()),
    ] {
        git(&repo, &["config", key, value]);
    }
    write(
        &repo.join(".gitattributes"),
        "*.yaml filter=trap diff=trap\n",
    );
    for hook in [
        "post-checkout",
        "reference-transaction",
        "pre-commit",
        "post-index-change",
    ] {
        for dir in [".git/hooks", ".githooks"] {
            let path = repo.join(dir).join(hook);
            write(&path, &format!("#!/bin/sh\n{script}\n"));
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
    write(&repo.join("profiles/prod.yaml"), &chat_optional());
    // The trap is armed: git itself runs it (here through `diff.external`).
    let _ = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["diff", "HEAD", "--", "profiles/prod.yaml"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output();
    assert!(marker.exists(), "the trap did not fire under git itself");
    let _ = std::fs::remove_file(&marker);
    let said = expect(
        &repo,
        &["--baseline", "git:latest-tag", "profiles/prod.yaml"],
        1,
    );
    assert!(said.contains("since the baseline v1.0.0 ("), "{said}");
    let output = run_in(&repo, &["diff", "git:v1.0.0", "profiles/prod.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", all(&output));
    assert!(
        !marker.exists(),
        "a program named in the repository's settings ran"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_tag_build_compares_with_the_release_before_and_every_format_names_it() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("tagged");
    let repo = root.join("repo");
    released_then_changed(&repo);
    // The tag push of the release itself, and a later chart tag that is no release.
    git(&repo, &["tag", "v1.1.0"]);
    let v1 = git_out(&repo, &["rev-parse", "v1.0.0^{commit}"]);
    let short = v1.get(..7).unwrap_or_default().to_owned();
    write(&repo.join("notes.txt"), "x\n");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "chart"]);
    git(&repo, &["tag", "helm-chart-1.0"]);
    git(&repo, &["checkout", "-q", "v1.1.0"]);
    let resolved = format!("git:latest-tag → v1.0.0 ({short})");
    let base = ["--baseline", "git:latest-tag", "profiles/prod.yaml"];
    let said = expect(&repo, &base, 1);
    assert!(
        said.contains(&format!("  baseline      {resolved}\n")),
        "{said}"
    );
    assert!(said.contains(&format!("--baseline {resolved}")), "{said}");
    assert!(
        said.contains(&format!("since the baseline v1.0.0 ({short})")),
        "{said}"
    );
    for (format, wanted) in [
        ("json", format!("\"commit\": \"{v1}\"")),
        ("json", "\"tag\": \"v1.0.0\"".to_owned()),
        ("sarif", format!("\"commit\": \"{v1}\"")),
        ("sarif", "\"baselineResolved\"".to_owned()),
        (
            "junit",
            format!("<property name=\"baseline.resolved\" value=\"v1.0.0 ({short})\"/>"),
        ),
        (
            "junit",
            format!("<property name=\"baseline.commit\" value=\"{v1}\"/>"),
        ),
        ("markdown", resolved.clone()),
        (
            "html",
            format!(
                "<code class=\"baseline\">v1.0.0 ({short})</code> (<code>--baseline git:latest-tag</code>, commit <code>{v1}</code>)"
            ),
        ),
        ("github", format!("since the baseline v1.0.0 ({short})")),
    ] {
        let mut args = vec!["--format", format];
        args.extend(base);
        let output = run_in(&repo, &args);
        let said = all(&output);
        assert_eq!(output.status.code(), Some(1), "{format}: {said}");
        assert!(said.contains(&wanted), "{format} lacks {wanted}:\n{said}");
    }
    // With the change not yet committed on the tagged commit, that tag is the baseline.
    git(&repo, &["checkout", "-q", "v1.0.0"]);
    write(&repo.join("profiles/prod.yaml"), &chat_optional());
    let said = expect(&repo, &base, 1);
    assert!(said.contains("git:latest-tag → v1.0.0 ("), "{said}");
    // On v1.0.0 with nothing changed, there is no release before: an input error.
    git(&repo, &["checkout", "-q", "--", "profiles/prod.yaml"]);
    let said = expect(&repo, &base, 2);
    assert!(
        said.contains(
            "HEAD's own tag `v1.0.0` is this release, and no release tag (`v[0-9]*`) is reachable before it"
        ),
        "{said}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The sign-off page names the commit the profile was checked at and says when the
/// profile differs from it or is not in it; with `SOURCE_DATE_EPOCH` its time is that and
/// the page is the same byte for byte; a malformed value writes nothing (exit 2).
#[test]
fn the_html_report_names_the_commit_and_is_reproducible() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("signed");
    let repo = root.join("repo");
    released_then_changed(&repo);
    let head = git_out(&repo, &["rev-parse", "HEAD"]);
    let page = |dir: &Path, profile: &str, epoch: Option<&str>| -> (Option<i32>, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_profile-check"));
        command
            .args(["--format", "html", "-q", profile])
            .current_dir(dir)
            .stdin(Stdio::null());
        match epoch {
            Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch),
            None => command.env_remove("SOURCE_DATE_EPOCH"),
        };
        let output = command.output().unwrap_or_else(|e| panic!("{e}"));
        (output.status.code(), all(&output))
    };
    let (code, first) = page(&repo, "profiles/prod.yaml", Some("1767225600"));
    assert_eq!(code, Some(0), "{first}");
    assert!(
        first.contains(&format!(
            "<code class=\"commit\">{head}</code> (the profile as committed)"
        )),
        "{first}"
    );
    assert!(first.contains(
        "<time datetime=\"2026-01-01T00:00:00Z\">2026-01-01 00:00:00 UTC</time> (<code>SOURCE_DATE_EPOCH</code>)"
    ));
    assert!(first.contains(&format!(
        "profile-check <span id=\"version\">{}</span>",
        env!("CARGO_PKG_VERSION")
    )));
    let (_, again) = page(&repo, "profiles/prod.yaml", Some("1767225600"));
    assert_eq!(first, again, "one time, one page");
    let (_, clock) = page(&repo, "profiles/prod.yaml", None);
    assert!(clock.contains("(the system clock; set <code>SOURCE_DATE_EPOCH</code>"));
    let (_, empty) = page(&repo, "profiles/prod.yaml", Some(""));
    assert!(
        empty.contains("(the system clock;"),
        "an empty value is no value"
    );
    write(
        &repo.join("profiles/prod.yaml"),
        &read("profiles/prod.yaml"),
    );
    let (_, changed) = page(&repo, "profiles/prod.yaml", Some("0"));
    assert!(changed.contains(&format!(
        "<code class=\"commit\">{head}</code> (<strong>the profile has uncommitted changes</strong>"
    )));
    assert!(changed.contains("1970-01-01 00:00:00 UTC"));
    write(&repo.join("profiles/new.yaml"), &read("profiles/prod.yaml"));
    let (_, untracked) = page(&repo, "profiles/new.yaml", Some("0"));
    assert!(untracked.contains("<strong>the profile is not in this commit</strong>"));
    let outside = root.join("outside");
    write(&outside.join("prod.yaml"), &read("profiles/prod.yaml"));
    let (code, none) = page(&outside, "prod.yaml", Some("0"));
    assert_eq!(code, Some(0));
    assert!(none.contains("<dt>Commit</dt><dd>none: `"), "{none}");
    assert!(
        none.contains("is not inside a git repository</dd>"),
        "{none}"
    );
    for bad in ["yesterday", "-1", "+5", "1.5", "99999999999999999999"] {
        let (code, said) = page(&repo, "profiles/prod.yaml", Some(bad));
        assert_eq!(code, Some(2), "{bad}");
        assert!(
            said.starts_with("error: SOURCE_DATE_EPOCH is `") && !said.contains("<html"),
            "{bad}: {said}"
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn diff_reads_git_revisions_on_either_side() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("diff");
    let repo = root.join("repo");
    released_then_changed(&repo);
    let said = expect(&repo, &["diff", "git:v1.0.0", "profiles/prod.yaml"], 0);
    assert!(said.contains("git:v1.0.0 = v1.0.0 ("), "{said}");
    assert!(said.contains("→ profiles/prod.yaml: 1 change"), "{said}");
    assert!(said.contains("disabled"), "{said}");
    // Both sides from git, and the configured profile with `git:latest-tag` alone.
    let output = run_in(&repo, &["diff", "git:v1.0.0", "git:HEAD"]);
    assert!(all(&output).contains("1 change"), "{}", all(&output));
    write(
        &repo.join("profile-check.toml"),
        "[[profile]]\npath = \"profiles/prod.yaml\"\n",
    );
    let said = expect(&repo, &["diff", "git:latest-tag"], 0);
    assert!(
        said.contains("git:latest-tag = v1.0.0 (") && said.contains("1 change"),
        "{said}"
    );
    let output = run_in(&repo, &["diff", "git:v7", "profiles/prod.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        all(&output).contains("unknown revision `v7`"),
        "{}",
        all(&output)
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_configured_link_out_of_the_repository_is_refused_from_a_subdirectory() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("link");
    let secrets = root.join("secrets");
    write(&secrets.join("token"), "s3cr3t-t0ken: x\n");
    let repo = root.join("repo");
    git(&root, &["init", "-q", "repo"]);
    write(
        &repo.join("profile-check.toml"),
        "[[profile]]\npath = \"profiles/prod.yaml\"\n",
    );
    let _ = std::fs::create_dir_all(repo.join("profiles"));
    let _ = std::fs::create_dir_all(repo.join("deploy/sub"));
    #[cfg(unix)]
    {
        if let Err(e) =
            std::os::unix::fs::symlink(secrets.join("token"), repo.join("profiles/prod.yaml"))
        {
            panic!("{e}");
        }
    }
    for dir in [repo.clone(), repo.join("deploy"), repo.join("deploy/sub")] {
        for format in ["text", "github"] {
            let output = run_in(&dir, &["--format", format]);
            let said = all(&output);
            assert_eq!(output.status.code(), Some(2), "{}: {said}", dir.display());
            assert!(!said.contains("s3cr3t"), "the target was read:\n{said}");
            assert!(
                said.contains("is a symbolic link that leads outside its tree"),
                "{said}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn one_profile_under_two_spellings_is_an_input_error() {
    let root = scratch_dir("spellings");
    write(
        &root.join("profiles/prod.yaml"),
        &read("profiles/prod.yaml"),
    );
    write(
        &root.join("profile-check.toml"),
        "[[profile]]\npath = \"./profiles/prod.yaml\"\n\n[[profile]]\npath = \"profiles/prod.yaml\"\n\
         doc = \"profiles/RUNTIME_PROFILE_PROD.md\"\nrequire = [\"doc\"]\n",
    );
    let said = expect(&root, &["profiles/prod.yaml"], 2);
    assert!(
        said.contains("the profile `profiles/prod.yaml` is configured twice (as `./profiles/prod.yaml`); the first is at line 2, column 8"),
        "{said}"
    );
    assert!(said.contains("profile-check.toml:5:8"), "{said}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn init_writes_no_file_through_a_symbolic_link() {
    let root = scratch_dir("init-links");
    write(
        &root.join("profiles/prod.yaml"),
        &read("profiles/prod.yaml"),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        // Dangling: init would create the target.
        let target = root.join("elsewhere.toml");
        if let Err(e) = symlink(&target, root.join("profile-check.toml")) {
            panic!("{e}");
        }
        let said = expect(&root, &["init"], 2);
        assert!(said.contains("is a symbolic link"), "{said}");
        assert!(!target.exists(), "init wrote through a dangling link");
        // To an existing file: left as it was.
        write(&target, "kept\n");
        let output = run_in(&root, &["init"]);
        assert_eq!(output.status.code(), Some(2), "{}", all(&output));
        assert_eq!(
            std::fs::read_to_string(&target).ok().as_deref(),
            Some("kept\n")
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn init_writes_the_pattern_of_the_repositorys_release_tags() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("init-tags");
    let repo = root.join("repo");
    git(&root, &["init", "-q", "-b", "main", "repo"]);
    write(
        &repo.join("profiles/prod.yaml"),
        &read("profiles/prod.yaml"),
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "release"]);
    git(&repo, &["tag", "release-2026.1"]);
    write(&repo.join("x.txt"), "x\n");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "more"]);
    let output = run_in(&repo, &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", all(&output));
    let written = std::fs::read_to_string(repo.join("profile-check.toml")).unwrap_or_default();
    assert!(
        written.contains("release_tags = \"release-*\"\n"),
        "{written}"
    );
    assert!(
        written.contains("\nbaseline = \"git:latest-tag\"\n"),
        "{written}"
    );
    assert!(
        all(&output).contains("baseline git:latest-tag"),
        "{}",
        all(&output)
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The same release history for the attacks below: `v0.9.0` (dated 2025-01-01), then
/// `v1.0.0` (the shipped profile, 2026-01-28), then three more commits on main; the profile
/// configured with `baseline = "git:latest-tag"`.
fn two_releases(dir: &Path) {
    let _ = std::fs::create_dir_all(dir);
    git(dir, &["init", "-q", "-b", "main"]);
    let prod = read("profiles/prod.yaml");
    write(
        &dir.join("profiles/prod.yaml"),
        &prod.replacen("last_updated: 2026-01-28", "last_updated: 2025-01-01", 1),
    );
    write(
        &dir.join("profile-check.toml"),
        "[[profile]]\npath = \"profiles/prod.yaml\"\nbaseline = \"git:latest-tag\"\nrequire = [\"baseline\"]\n",
    );
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "r09"]);
    git(dir, &["tag", "v0.9.0"]);
    write(&dir.join("profiles/prod.yaml"), &prod);
    git(dir, &["commit", "-q", "-am", "r10"]);
    git(dir, &["tag", "v1.0.0"]);
    for i in 0..3 {
        write(&dir.join("notes"), &"x\n".repeat(i + 1));
        git(dir, &["add", "notes"]);
        git(dir, &["commit", "-q", "-m", "main"]);
    }
}

#[test]
fn a_branch_from_an_old_release_cannot_choose_it_as_the_baseline() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("old-release");
    let repo = root.join("repo");
    two_releases(&repo);
    // The pull request branches from v0.9.0 (nearer to its commits than v1.0.0), switches
    // the chat on and keeps the date; CI checks the merge commit.
    git(&repo, &["checkout", "-q", "-b", "pr", "v0.9.0"]);
    write(
        &repo.join("profiles/prod.yaml"),
        &chat_optional().replacen("last_updated: 2026-01-28", "last_updated: 2025-01-01", 1),
    );
    git(&repo, &["commit", "-q", "-am", "enable chat"]);
    git(&repo, &["checkout", "-q", "--detach", "main"]);
    git(&repo, &["merge", "-q", "--no-ff", "pr", "-m", "merge pr"]);
    let said = expect(&repo, &[], 1);
    assert!(said.contains("git:latest-tag → v1.0.0 ("), "{said}");
    // A tag on the merge is that release; the baseline is still v1.0.0.
    git(&repo, &["tag", "v1.1.0"]);
    let said = expect(&repo, &[], 1);
    assert!(said.contains("git:latest-tag → v1.0.0 ("), "{said}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_tag_build_is_recognised_through_line_ending_and_ident_conversion() {
    if !have_git() {
        return;
    }
    for mode in ["autocrlf", "eol", "ident"] {
        let root = scratch_dir(&format!("convert-{mode}"));
        let repo = root.join("repo");
        released_then_changed(&repo);
        match mode {
            "eol" => write(
                &repo.join(".gitattributes"),
                "profiles/*.yaml text eol=crlf\n",
            ),
            "ident" => {
                write(&repo.join(".gitattributes"), "profiles/*.yaml ident\n");
                let text = chat_optional().replacen('\n', "\n# $Id$\n", 1);
                write(&repo.join("profiles/prod.yaml"), &text);
            }
            _ => {}
        }
        git(&repo, &["add", "."]);
        git(
            &repo,
            &["commit", "-q", "--allow-empty", "-m", "attributes"],
        );
        git(&repo, &["tag", "v1.1.0"]);
        if mode == "autocrlf" {
            git(&repo, &["config", "core.autocrlf", "true"]);
        }
        // What a fresh checkout writes.
        let _ = std::fs::remove_file(repo.join("profiles/prod.yaml"));
        git(&repo, &["checkout", "--", "profiles/prod.yaml"]);
        let on_disk = std::fs::read(repo.join("profiles/prod.yaml")).unwrap_or_default();
        let converted = match mode {
            "ident" => on_disk.windows(5).any(|w| w == b"$Id: "),
            _ => on_disk.windows(2).any(|w| w == b"\r\n"),
        };
        assert!(converted, "{mode}: git did not convert the file");
        let output = run_in(
            &repo,
            &["--baseline", "git:latest-tag", "profiles/prod.yaml"],
        );
        let said = all(&output);
        assert_eq!(output.status.code(), Some(1), "{mode}: {said}");
        assert!(said.contains("git:latest-tag → v1.0.0 ("), "{mode}: {said}");
        let _ = std::fs::remove_dir_all(&root);
    }
}

#[test]
fn a_linked_profile_folder_reads_the_path_as_committed() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("linked-folder");
    let repo = root.join("repo");
    let _ = std::fs::create_dir_all(&repo);
    git(&repo, &["init", "-q", "-b", "main"]);
    write(
        &repo.join("profiles/prod.yaml"),
        &read("profiles/prod.yaml"),
    );
    write(&repo.join("examples/chat-on/prod.yaml"), &chat_optional());
    write(
        &repo.join("profile-check.toml"),
        "[[profile]]\npath = \"profiles/prod.yaml\"\nbaseline = \"git:latest-tag\"\n",
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "release"]);
    git(&repo, &["tag", "v1.0.0"]);
    let _ = std::fs::remove_dir_all(repo.join("profiles"));
    #[cfg(unix)]
    {
        if let Err(e) = std::os::unix::fs::symlink("examples/chat-on", repo.join("profiles")) {
            panic!("{e}");
        }
    }
    // Configured: the repository is the configuration's, the path as written at v1.0.0.
    let said = expect(&repo, &[], 1);
    assert!(
        said.contains("status disabled → optional since the baseline v1.0.0"),
        "{said}"
    );
    let output = run_in(&repo, &["diff", "git:v1.0.0", "profiles/prod.yaml"]);
    assert!(all(&output).contains("1 change"), "{}", all(&output));
    // Without the configuration the walk up from the profile meets the link: refused.
    let said = expect(
        &repo,
        &[
            "--no-config",
            "--baseline",
            "git:latest-tag",
            "profiles/prod.yaml",
        ],
        2,
    );
    assert!(
        said.contains("is a symbolic link: the repository is looked for"),
        "{said}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_submodule_is_never_the_baseline_repository() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("submodule");
    // The attacker's repository, whose tag holds the changed profile.
    let evil = root.join("evil");
    let _ = std::fs::create_dir_all(&evil);
    git(&evil, &["init", "-q", "-b", "main"]);
    write(&evil.join("profiles/prod.yaml"), &chat_optional());
    git(&evil, &["add", "."]);
    git(&evil, &["commit", "-q", "-m", "x"]);
    git(&evil, &["tag", "v99.0.0"]);
    let repo = root.join("repo");
    released_then_changed(&repo);
    git(
        &repo,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            evil.to_str().unwrap_or_default(),
            "vendor/ui",
        ],
    );
    git(&repo, &["commit", "-q", "-m", "vendor"]);
    let said = expect(
        &repo.join("vendor/ui"),
        &["--baseline", "git:latest-tag", "profiles/prod.yaml"],
        2,
    );
    assert!(said.contains("is a submodule"), "{said}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_tag_of_a_tree_is_no_release() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("tree-tag");
    let repo = root.join("repo");
    released_then_changed(&repo);
    git(&repo, &["tag", "v0.0.1-tree", "v1.0.0^{tree}"]);
    let said = expect(
        &repo,
        &["--baseline", "git:latest-tag", "profiles/prod.yaml"],
        1,
    );
    assert!(said.contains("git:latest-tag → v1.0.0 ("), "{said}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_profile_linked_to_a_fifo_outside_is_refused_unopened() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("git-fifo");
    let made = Command::new("mkfifo").arg(root.join("pipe")).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let repo = root.join("repo");
    released_then_changed(&repo);
    let _ = std::fs::remove_file(repo.join("profiles/prod.yaml"));
    #[cfg(unix)]
    {
        if let Err(e) =
            std::os::unix::fs::symlink(root.join("pipe"), repo.join("profiles/prod.yaml"))
        {
            panic!("{e}");
        }
    }
    let mut child = match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(["--baseline", "git:latest-tag", "profiles/prod.yaml"])
        .current_dir(&repo)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!("{e}"),
    };
    // A check that opened the FIFO would wait for a writer for ever: after a minute it is
    // stopped and the test fails.
    let mut waited = 0;
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if waited >= 600 {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    };
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(2),
        "the FIFO was opened"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn configured_report_files_stay_inside_the_repository() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("report-files");
    let outside = root.join("home");
    let _ = std::fs::create_dir_all(&outside);
    let repo = root.join("repo");
    released_then_changed(&repo);
    #[cfg(unix)]
    {
        if let Err(e) = std::os::unix::fs::symlink(&outside, repo.join("out")) {
            panic!("{e}");
        }
    }
    let config = |files: &str| {
        write(
            &repo.join("profile-check.toml"),
            &format!("[report.files]\n{files}\n\n[[profile]]\npath = \"profiles/prod.yaml\"\n"),
        );
    };
    config("sarif = \"out/.bashrc\"");
    let said = expect(&repo, &[], 2);
    assert!(
        said.contains("a symbolic link that leads outside its tree"),
        "{said}"
    );
    assert!(
        !outside.join(".bashrc").exists(),
        "the report was written outside"
    );
    for (files, why) in [
        (
            "sarif = \".git/hooks/pre-commit\"",
            "names a path inside `.git`",
        ),
        ("junit = \"../escape.xml\"", "leads out of the repository"),
        ("json = \"/tmp/x.json\"", "is an absolute path"),
    ] {
        config(files);
        let output = run_in(&repo, &[]);
        let said = all(&output);
        assert_eq!(output.status.code(), Some(2), "{files}: {said}");
        assert!(said.contains(why), "{files}: {said}");
    }
    assert!(!repo.join(".git/hooks/pre-commit").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn nothing_is_read_from_or_written_into_git_through_a_link() {
    if !have_git() {
        return;
    }
    let root = scratch_dir("git-links");
    let repo = root.join("repo");
    released_then_changed(&repo);
    let before = std::fs::read(repo.join(".git/config")).unwrap_or_default();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let made = symlink(".git", repo.join("out")).is_ok()
            && std::fs::create_dir_all(repo.join("sub")).is_ok()
            && symlink("../.git/hooks", repo.join("sub/h")).is_ok();
        assert!(made);
    }
    for files in ["json = \"out/config\"", "text = \"sub/h/post-checkout\""] {
        write(
            &repo.join("profile-check.toml"),
            &format!("[report.files]\n{files}\n\n[[profile]]\npath = \"profiles/prod.yaml\"\n"),
        );
        let output = run_in(&repo, &[]);
        let said = all(&output);
        assert_eq!(output.status.code(), Some(2), "{files}: {said}");
        assert!(
            said.contains("lies inside a `.git` folder"),
            "{files}: {said}"
        );
    }
    assert_eq!(
        std::fs::read(repo.join(".git/config")).unwrap_or_default(),
        before
    );
    assert!(!repo.join(".git/hooks/post-checkout").exists());
    // Read: the document named through the link.
    write(
        &repo.join("profile-check.toml"),
        "[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"out/config\"\n",
    );
    let said = expect(&repo, &[], 2);
    assert!(said.contains("lies inside a `.git` folder"), "{said}");
    assert!(!said.contains("repositoryformatversion"), "{said}");
    let _ = std::fs::remove_dir_all(&root);
}
