//! `--baseline git:REV`: the profile as it was at a git revision, read with the `git`
//! command line (no git library in the tree, and the user's git configuration, credentials
//! and object formats all apply as they do for `git` itself).
//!
//! `git:REV` reads the profile's own path at `REV`; `git:latest-tag` reads it at the newest
//! tag reachable from `HEAD` (`git describe --tags --abbrev=0`). A shallow clone, an
//! unknown revision or a profile missing at that revision is an input error that says how
//! to fix it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{InputError, Problem};
use crate::source::{Source, escape_controls};

/// What starts a baseline from git.
pub const PREFIX: &str = "git:";

/// `git:latest-tag`: the newest tag reachable from `HEAD`.
pub const LATEST_TAG: &str = "latest-tag";

const HOW_TO_UNSHALLOW: &str = "the clone is shallow: fetch the history and tags with \
    `git fetch --unshallow --tags` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`; \
    in GitLab CI: `GIT_DEPTH: 0`)";

/// The revision of a `git:REV` baseline, or `None` for a file.
pub fn revision(baseline: &str) -> Option<&str> {
    baseline.strip_prefix(PREFIX)
}

/// Reads `profile` as of `rev` (a revision, or [`LATEST_TAG`]). The source is named
/// `git:REV:PROFILE`, with the tag found for `latest-tag`.
pub fn read(rev: &str, profile: &str) -> Result<Source, InputError> {
    let name = format!("{PREFIX}{rev}");
    let fail = |problem: Problem| InputError::one(&name, problem);
    if rev.is_empty() {
        return Err(fail(Problem::whole("`git:` names no revision").help(
            "write `git:REV` with a tag, branch or commit (e.g. `git:v1.2.0`), or `git:latest-tag`",
        )));
    }
    // A revision is handed to git as an argument: one that reads as an option is refused.
    if rev.starts_with('-') || rev.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(fail(
            Problem::whole(format!("`{}` is not a revision name", escape_controls(rev)))
                .help("name a tag, branch or commit (e.g. `git:v1.2.0`), or `git:latest-tag`"),
        ));
    }
    if profile == "-" {
        return Err(fail(
            Problem::whole(
                "a baseline from git reads the profile's own path, and standard input has none",
            )
            .help("name the profile file, or pass `--baseline FILE`"),
        ));
    }
    let path = Path::new(profile);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
        return Err(fail(Problem::whole(format!(
            "`{}` names no file",
            escape_controls(profile)
        ))));
    };
    let repo = Repo { dir, name: &name };
    let shallow = repo.run(&["rev-parse", "--is-shallow-repository"])?;
    let shallow = shallow.trim() == "true";
    let rev = if rev == LATEST_TAG {
        repo.run(&["describe", "--tags", "--abbrev=0"])
            .map(|tag| tag.trim().to_owned())
            .map_err(|_| {
                let help = if shallow {
                    HOW_TO_UNSHALLOW.to_owned()
                } else {
                    "tag the last release (`git tag v1.0.0`), or fetch the tags with `git fetch --tags`"
                        .to_owned()
                };
                fail(Problem::whole(if shallow { "no tag is reachable from HEAD in this shallow clone" } else { "no tag is reachable from HEAD" }).help(help))
            })?
    } else {
        rev.to_owned()
    };
    let commit = repo
        .run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ])
        .map_err(|_| {
            let help = if shallow {
                HOW_TO_UNSHALLOW.to_owned()
            } else {
                "check the name (`git tag --list`, `git log --oneline`); a tag made elsewhere needs `git fetch --tags`".to_owned()
            };
            fail(
                Problem::whole(format!(
                    "unknown revision `{}`{}",
                    escape_controls(&rev),
                    if shallow {
                        " in this shallow clone"
                    } else {
                        ""
                    }
                ))
                .help(help),
            )
        })?;
    let object = format!("{}:./{file}", commit.trim());
    let shown = format!("{PREFIX}{rev}:{profile}");
    let missing = |_| {
        InputError::one(
            &shown,
            Problem::whole(format!(
                "the profile is not at `{}` in revision `{}`",
                escape_controls(profile),
                escape_controls(&rev)
            ))
            .help("a baseline from git reads the same path at that revision; if the profile moved since, pass `--baseline FILE`"),
        )
    };
    let size = repo.run(&["cat-file", "-s", &object]).map_err(missing)?;
    if size
        .trim()
        .parse::<u64>()
        .map_or(true, |s| s > crate::load::limits::MAX_FILE_BYTES)
    {
        return Err(InputError::one(
            &shown,
            Problem::whole(format!(
                "the file is {} bytes, over the limit of {} bytes (8 MiB)",
                size.trim(),
                crate::load::limits::MAX_FILE_BYTES
            ))
            .help("a profile is a few kilobytes; check that this is the right revision"),
        ));
    }
    let bytes = repo
        .bytes(&["cat-file", "blob", &object])
        .map_err(missing)?;
    crate::load::text(shown, bytes)
}

/// A `git` run in the profile's directory.
struct Repo<'a> {
    dir: &'a Path,
    name: &'a str,
}

impl Repo<'_> {
    /// Runs `git ARGS` and returns its standard output as text; `Err` holds its standard
    /// error. Not finding `git`, or a directory outside any repository, fails the read.
    fn run(&self, args: &[&str]) -> Result<String, InputError> {
        self.bytes(args)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }

    fn bytes(&self, args: &[&str]) -> Result<Vec<u8>, InputError> {
        let fail = |problem: Problem| InputError::one(self.name, problem);
        let child = Command::new("git")
            .arg("-C")
            .arg(self.dir)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => {
                return Err(fail(
                    Problem::whole(format!("cannot run `git`: {e}"))
                        .help("install git, or pass the baseline as a file: `git show REV:path > base.yaml` and `--baseline base.yaml`"),
                ));
            }
        };
        let mut out = Vec::new();
        let limit = crate::load::limits::MAX_FILE_BYTES + 1;
        let read = child
            .stdout
            .take()
            .map(|stdout| stdout.take(limit).read_to_end(&mut out));
        let mut err = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = stderr.read_to_string(&mut err);
        }
        let status = child.wait();
        match (read, status) {
            (Some(Ok(_)), Ok(status)) if status.success() => Ok(out),
            (_, Ok(_)) if err.contains("not a git repository") => Err(fail(
                Problem::whole(format!(
                    "`{}` is not inside a git repository",
                    escape_controls(&self.dir.display().to_string())
                ))
                .help("a baseline from git needs the profile in a git checkout; otherwise pass `--baseline FILE`"),
            )),
            _ => Err(fail(Problem::whole(format!(
                "`git {}` failed: {}",
                args.join(" "),
                escape_controls(err.trim())
            )))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A temporary git repository: `profiles/prod.yaml` committed twice, the first commit
    /// tagged `v1`. `None` (with the reason printed) where `git` cannot be run.
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
                println!("skipped: `git` is not installed");
                return None;
            }
            let root = std::env::temp_dir()
                .join(format!("profile-check-git-{name}-{}", std::process::id()));
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

    fn message(result: Result<Source, InputError>) -> String {
        match result {
            Ok(source) => panic!("read {}", source.name),
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
        for rev in ["v1", "HEAD~1", LATEST_TAG] {
            match read(rev, &profile) {
                Ok(source) => {
                    assert_eq!(source.text, "version: 1\n");
                    assert_eq!(
                        source.name,
                        format!(
                            "git:{}:{profile}",
                            if rev == LATEST_TAG { "v1" } else { rev }
                        )
                    );
                }
                Err(e) => panic!("{rev}: {e}"),
            }
        }
        let head = read("HEAD", &profile).map(|s| s.text);
        assert_eq!(head.ok().as_deref(), Some("version: 2\n"));
    }

    #[test]
    fn unknown_revisions_and_options_are_refused() {
        let Some(repo) = Scratch::new("unknown") else {
            return;
        };
        let profile = repo.path("repo/profiles/prod.yaml");
        let found = message(read("v9", &profile));
        assert!(found.starts_with("unknown revision `v9`"), "{found}");
        assert!(found.contains("git fetch --tags"), "{found}");
        let found = message(read("--output=/tmp/x", &profile));
        assert!(
            found.starts_with("`--output=/tmp/x` is not a revision name"),
            "{found}"
        );
        let found = message(read("v1", &repo.path("repo/profiles/other.yaml")));
        assert!(found.starts_with("the profile is not at"), "{found}");
        let outside = std::env::temp_dir().join("profile-check-no-git/prod.yaml");
        if !outside.ancestors().any(|d| d.join(".git").exists()) {
            let _ = std::fs::create_dir_all(outside.parent().unwrap_or(Path::new(".")));
            let found = message(read("v1", &outside.to_string_lossy()));
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
            let found = message(read(rev, &profile));
            assert!(found.contains("fetch-depth: 0"), "{rev}: {found}");
            assert!(
                found.contains("git fetch --unshallow --tags"),
                "{rev}: {found}"
            );
        }
    }
}
