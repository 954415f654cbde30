//! The git reader's tests, on scratch repositories made with the `git` command.
use super::*;
use std::process::{Command, Stdio};

/// A temporary git repository: `profiles/prod.yaml` committed twice, the first commit
/// tagged `v1`. `None` (with the reason printed) where `git` cannot be run. The tests
/// use the `git` command to build repositories; the code under test never runs it.
struct Scratch {
    root: PathBuf,
}

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

impl Scratch {
    fn new(name: &str) -> Option<Self> {
        if Command::new("git").arg("--version").output().is_err() {
            println!("skipped: `git` is not installed to build the test repository");
            return None;
        }
        let root =
            std::env::temp_dir().join(format!("profile-check-git-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let repo = root.join("repo");
        let profile = repo.join("profiles/prod.yaml");
        let ok = std::fs::create_dir_all(repo.join("profiles")).is_ok()
            && git(&repo, &["init", "-q"])
            && std::fs::write(&profile, "version: 1\n").is_ok()
            && git(&repo, &["add", "."])
            && git(&repo, &["commit", "-q", "-m", "one"])
            && git(&repo, &["tag", "v1"])
            && std::fs::write(&profile, "version: 2\n").is_ok()
            && git(&repo, &["commit", "-q", "-am", "two"]);
        assert!(ok, "cannot set up a git repository in {}", root.display());
        Some(Self { root })
    }

    fn path(&self, rel: &str) -> String {
        self.root.join(rel).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn message(result: Result<Baseline, InputError>) -> String {
    match result {
        Ok(read) => panic!("read {}", read.source.name),
        Err(e) => e
            .problems
            .iter()
            .map(|p| format!("{} | {}", p.message, p.help.as_deref().unwrap_or("")))
            .collect(),
    }
}

#[test]
fn reads_the_profile_at_a_revision() {
    let Some(repo) = Scratch::new("rev") else {
        return;
    };
    let profile = repo.path("repo/profiles/prod.yaml");
    let settings = Settings::default();
    for rev in ["v1", "HEAD~1", LATEST_TAG] {
        match read(rev, &profile, &settings) {
            Ok(read) => {
                assert_eq!(read.source.text, "version: 1\n");
                let shown = if rev == "HEAD~1" { rev } else { "v1" };
                assert_eq!(read.source.name, format!("git:{shown}:{profile}"));
                assert_eq!(read.revision.given, format!("git:{rev}"));
                assert_eq!(read.revision.commit.len(), 40);
                let tag = (rev != "HEAD~1").then(|| "v1".to_owned());
                assert_eq!(read.revision.tag, tag, "{rev}");
            }
            Err(e) => panic!("{rev}: {e}"),
        }
    }
    let head = read("HEAD", &profile, &settings).map(|s| s.source.text);
    assert_eq!(head.ok().as_deref(), Some("version: 2\n"));
}

#[test]
fn unknown_revisions_and_options_are_refused() {
    let Some(repo) = Scratch::new("unknown") else {
        return;
    };
    let settings = Settings::default();
    let profile = repo.path("repo/profiles/prod.yaml");
    let found = message(read("v9", &profile, &settings));
    assert!(found.starts_with("unknown revision `v9`"), "{found}");
    assert!(found.contains("git fetch --tags"), "{found}");
    let found = message(read("--output=/tmp/x", &profile, &settings));
    assert!(
        found.starts_with("`--output=/tmp/x` is not a revision name"),
        "{found}"
    );
    let found = message(read("", &profile, &settings));
    assert!(found.starts_with("`git:` names no revision"), "{found}");
    let found = message(read("v1", "-", &settings));
    assert!(found.contains("standard input has none"), "{found}");
    let found = message(read(
        "v1",
        &repo.path("repo/profiles/other.yaml"),
        &settings,
    ));
    assert!(found.starts_with("the profile is not at"), "{found}");
    let outside = std::env::temp_dir().join("profile-check-no-git/prod.yaml");
    if !outside.ancestors().any(|d| d.join(".git").exists()) {
        let _ = std::fs::create_dir_all(outside.parent().unwrap_or(Path::new(".")));
        let found = message(read("v1", &outside.to_string_lossy(), &settings));
        assert!(found.contains("is not inside a git repository"), "{found}");
    }
}

#[test]
fn a_shallow_clone_says_how_to_fetch_the_history() {
    let Some(repo) = Scratch::new("shallow") else {
        return;
    };
    let url = format!("file://{}", repo.path("repo"));
    assert!(
        git(
            &repo.root,
            &["clone", "-q", "--depth", "1", &url, "shallow"]
        ),
        "git clone --depth 1"
    );
    let profile = repo.path("shallow/profiles/prod.yaml");
    for rev in ["v1", LATEST_TAG] {
        let found = message(read(rev, &profile, &Settings::default()));
        assert!(found.contains("fetch-depth: 0"), "{rev}: {found}");
        assert!(
            found.contains("git fetch --unshallow --tags"),
            "{rev}: {found}"
        );
    }
}

#[test]
fn on_a_tagged_head_the_baseline_is_the_release_before() {
    let Some(repo) = Scratch::new("tagged-head") else {
        return;
    };
    let dir = repo.root.join("repo");
    assert!(git(&dir, &["tag", "v2"]) && git(&dir, &["tag", "helm-chart-9"]));
    let profile = repo.path("repo/profiles/prod.yaml");
    let settings = Settings::default();
    let read_tag = |settings: &Settings| {
        read(LATEST_TAG, &profile, settings)
            .map(|b| (b.revision.tag, b.source.text))
            .map_err(|e| e.to_string())
    };
    // The profile on disk is HEAD's: v2 is this release, v1 the one before.
    assert_eq!(
        read_tag(&settings),
        Ok((Some("v1".to_owned()), "version: 1\n".to_owned()))
    );
    // With uncommitted changes, HEAD's tag is the last release.
    assert!(std::fs::write(dir.join("profiles/prod.yaml"), "version: 3\n").is_ok());
    assert_eq!(
        read_tag(&settings),
        Ok((Some("v2".to_owned()), "version: 2\n".to_owned()))
    );
    // A tag outside the pattern is never a release; a configured pattern takes it.
    let helm = Settings {
        release_tags: "helm-chart-*".to_owned(),
        ..Settings::default()
    };
    assert_eq!(
        read_tag(&helm).map(|r| r.0),
        Ok(Some("helm-chart-9".to_owned()))
    );
    let none = Settings {
        release_tags: "release/*".to_owned(),
        ..Settings::default()
    };
    let found = message(read(LATEST_TAG, &profile, &none));
    assert!(
        found.starts_with("no tag matches the release tag pattern `release/*`"),
        "{found}"
    );
    let bad = Settings {
        release_tags: "v[0-9".to_owned(),
        ..Settings::default()
    };
    let found = message(read(LATEST_TAG, &profile, &bad));
    assert!(found.contains("has a `[` that is not closed"), "{found}");
}

#[test]
fn the_nearest_release_wins_and_versions_order_numerically() {
    let Some(repo) = Scratch::new("nearest") else {
        return;
    };
    let dir = repo.root.join("repo");
    // v1 on the first commit; v1.9.0 and v1.10.0 on the second; a third commit.
    assert!(git(&dir, &["tag", "v1.9.0"]) && git(&dir, &["tag", "v1.10.0"]));
    assert!(std::fs::write(dir.join("profiles/prod.yaml"), "version: 3\n").is_ok());
    assert!(git(&dir, &["commit", "-q", "-am", "three"]));
    let profile = repo.path("repo/profiles/prod.yaml");
    let tag = read(LATEST_TAG, &profile, &Settings::default()).map(|b| b.revision.tag);
    assert_eq!(tag.ok().flatten().as_deref(), Some("v1.10.0"));
}

#[test]
fn a_folder_that_looks_like_a_git_directory_is_not_a_repository() {
    let root = std::env::temp_dir().join(format!("profile-check-git-fake-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let fake = root.join("profiles");
    let made = ["objects", "refs/heads", "refs/tags"]
        .iter()
        .all(|d| std::fs::create_dir_all(fake.join(d)).is_ok())
        && std::fs::write(fake.join("HEAD"), "ref: refs/heads/main\n").is_ok()
        && std::fs::write(fake.join("config"), "[core]\n\tbare = true\n").is_ok()
        && std::fs::write(fake.join("prod.yaml"), "version: 1\n").is_ok();
    assert!(made);
    if !root.ancestors().any(|d| d.join(".git").exists()) {
        let found = message(read(
            LATEST_TAG,
            &fake.join("prod.yaml").to_string_lossy(),
            &Settings::default(),
        ));
        assert!(found.contains("is not inside a git repository"), "{found}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn globs_match_as_git_describe_does() {
    let cases = [
        ("v[0-9]*", "v1.2.0", true),
        ("v[0-9]*", "v", false),
        ("v[0-9]*", "version-1", false),
        ("v[0-9]*", "helm-chart-1.0", false),
        ("v*", "v", true),
        ("*-rc?", "v1-rc1", true),
        ("*-rc?", "v1-rc10", false),
        ("[!v]*", "v1", false),
        ("[^v]*", "r1", true),
        ("a\\*", "a*", true),
        ("a\\*", "ab", false),
        ("[]]", "]", true),
        ("[a-]", "-", true),
        ("release/*", "release/2026.1", true),
        ("*a*b*c", "xaxbxc", true),
        ("*a*b*c", "xaxbx", false),
    ];
    for (pattern, text, want) in cases {
        let glob = Glob::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        assert_eq!(glob.matches(text), want, "{pattern} ~ {text}");
    }
    for bad in ["", "v[0-9", "a\\", "["] {
        assert!(Glob::new(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_revision_with_a_control_character_is_refused_by_name() {
    let settings = Settings::default();
    let found = message(read("v1\u{1b}", "profiles/prod.yaml", &settings));
    assert!(
        found.contains("is not a revision name (it holds a control character)"),
        "{found}"
    );
    let found = message(read("v1 ", "profiles/prod.yaml", &settings));
    assert!(
        found.contains("(it holds a space or another blank)"),
        "{found}"
    );
}

#[test]
fn what_no_release_says() {
    let text = |why: NoRelease| {
        let p = why.problem("v[0-9]*", false);
        format!("{} | {}", p.message, p.help.unwrap_or_default())
    };
    let none = |tags, skipped: &[&str], others: &[&str]| NoRelease::None {
        tags,
        skipped: skipped.iter().map(|s| s.to_string()).collect(),
        others: others.iter().map(|s| s.to_string()).collect(),
    };
    assert!(text(none(0, &[], &[])).starts_with("the repository has no tags |"));
    let found = text(none(0, &[], &["helm-1", "rc"]));
    assert!(
        found.starts_with("no tag matches the release tag pattern `v[0-9]*`; the repository's tags include `helm-1`, `rc` |"),
        "{found}"
    );
    let found = text(none(1, &["v1.0.0"], &[]));
    assert!(
        found.starts_with("HEAD's own tag `v1.0.0` is this release, and no release tag"),
        "{found}"
    );
    assert!(
        found.contains("the first release has no release before it"),
        "{found}"
    );
    let found = text(none(2, &[], &[]));
    assert!(
        found.starts_with("no release tag (`v[0-9]*`) is reachable from HEAD |"),
        "{found}"
    );
    assert!(found.contains("tag the last release"), "{found}");
    let shallow = none(2, &[], &[]).problem("v[0-9]*", true);
    assert!(shallow.message.contains("in this shallow clone"));
}

#[test]
fn a_profile_path_inside_git_or_at_the_top_is_refused() {
    let Some(repo) = Scratch::new("relative") else {
        return;
    };
    let top = repo.root.join("repo");
    let Ok(found) = Repository::find(&top) else {
        panic!("no repository at {}", top.display());
    };
    assert_eq!(
        found
            .relative(&top.join("profiles/prod.yaml"), "p")
            .ok()
            .as_deref(),
        Some("profiles/prod.yaml")
    );
    for bad in [top.join(".git/config"), top.join("a/.GIT/x"), top.clone()] {
        assert!(found.relative(&bad, "p").is_err(), "{}", bad.display());
    }
}

#[test]
fn tags_of_trees_are_not_counted_and_five_other_tags_are_named() {
    let Some(repo) = Scratch::new("tree-tags") else {
        return;
    };
    let dir = repo.root.join("repo");
    assert!(git(&dir, &["tag", "-d", "v1"]));
    assert!(git(&dir, &["tag", "v0.0.1-tree", "HEAD^{tree}"]));
    for name in ["a1", "a2", "a3", "a4", "a5", "a6"] {
        assert!(git(&dir, &["tag", name]));
    }
    let profile = repo.path("repo/profiles/prod.yaml");
    let settings = Settings {
        release_tags: "v*".to_owned(),
        ..Settings::default()
    };
    let found = message(read(LATEST_TAG, &profile, &settings));
    assert!(
        found.starts_with("no tag matches the release tag pattern `v*`; the repository's tags include `a1`, `a2`, `a3`, `a4`, `a5` |"),
        "{found}"
    );
}

#[test]
fn a_blob_over_the_size_limit_is_refused_and_one_at_it_is_read() {
    let Some(repo) = Scratch::new("size") else {
        return;
    };
    let dir = repo.root.join("repo");
    let limit = usize::try_from(crate::load::limits::MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let line = "# padding padding padding padding padding padding padding padding\n";
    let mut at_limit = "version: 1\n".to_owned();
    while at_limit.len() + line.len() <= limit {
        at_limit.push_str(line);
    }
    at_limit.push_str(&"#".repeat(limit - at_limit.len() - 1));
    at_limit.push('\n');
    assert_eq!(at_limit.len(), limit);
    let over = format!("{at_limit}#\n");
    assert!(std::fs::write(dir.join("profiles/at.yaml"), &at_limit).is_ok());
    assert!(std::fs::write(dir.join("profiles/over.yaml"), &over).is_ok());
    assert!(git(&dir, &["add", "."]) && git(&dir, &["commit", "-q", "-m", "big"]));
    let settings = Settings::default();
    let at = read("HEAD", &repo.path("repo/profiles/at.yaml"), &settings);
    assert_eq!(at.map(|b| b.source.text.len()).ok(), Some(limit));
    let found = message(read(
        "HEAD",
        &repo.path("repo/profiles/over.yaml"),
        &settings,
    ));
    assert!(found.contains("over the limit"), "{found}");
}

#[test]
fn a_checkout_s_conversions_are_undone_for_the_comparison() {
    assert_eq!(as_checked_out(b"a: 1\r\nb: 2\r\n"), b"a: 1\nb: 2\n");
    assert_eq!(as_checked_out(b"\xef\xbb\xbfa\n"), b"a\n");
    assert_eq!(
        as_checked_out(b"# $Id: 0123abcd $\na: 1\n"),
        b"# $Id$\na: 1\n"
    );
    assert_eq!(as_checked_out(b"# $Id$\n"), b"# $Id$\n");
    // An unclosed `$Id:` and a lone CR are content.
    assert_eq!(as_checked_out(b"$Id: x\ny$\n"), b"$Id: x\ny$\n");
    assert_eq!(as_checked_out(b"a\rb\r"), b"a\rb\r");
    assert_ne!(
        as_checked_out(b"status: disabled\n"),
        as_checked_out(b"status: optional\n")
    );
}

#[test]
fn a_linked_work_tree_is_told_from_a_submodule() {
    let dir = std::env::temp_dir().join(format!("profile-check-gitfile-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(".git");
    let cases = [
        ("gitdir: /repo/.git/worktrees/wt\n", true),
        ("gitdir: ../.git/worktrees/feature-x", true),
        ("gitdir: ../.git/modules/vendor/ui\n", false),
        ("gitdir: /elsewhere/worktrees/x\n", false),
        ("not a gitfile\n", false),
    ];
    for (text, linked) in cases {
        assert!(std::fs::write(&file, text).is_ok());
        assert_eq!(is_linked_work_tree(&file), linked, "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn versions_order_by_their_numbers() {
    use std::cmp::Ordering::*;
    assert_eq!(version_order("v1.10.0", "v1.9.0"), Greater);
    assert_eq!(version_order("v1.9.0", "v1.10.0"), Less);
    assert_eq!(version_order("v2", "v2"), Equal);
    assert_eq!(version_order("v2.0", "v2"), Greater);
    assert_eq!(version_order("v010", "v9"), Greater);
    assert_eq!(version_order("v1a", "v1b"), Less);
    // A run of digits against letters compares as text.
    assert_eq!(version_order("10", "a"), Less);
}

#[test]
fn a_revision_names_its_tag_and_short_commit() {
    let revision = Revision {
        given: "git:latest-tag".to_owned(),
        tag: Some("v1.2.0".to_owned()),
        commit: "3f2a9c1d00000000000000000000000000000000".to_owned(),
    };
    assert_eq!(revision.to_string(), "git:latest-tag → v1.2.0 (3f2a9c1)");
    let bare = Revision {
        tag: None,
        given: "git:main".to_owned(),
        ..revision
    };
    assert_eq!(bare.to_string(), "git:main → 3f2a9c1");
    assert_eq!(bare.short(), "3f2a9c1");
}
