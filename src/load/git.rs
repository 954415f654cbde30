//! `--baseline git:REV`: the profile as it was at a git revision, read in-process with
//! gix. Nothing is run: no `git` process, no hook, no filter or textconv program, no
//! network and no lazy fetch of a missing object (the crate is built without any network
//! client), and of the configuration only the repository's own file is read, for its
//! format; none of its settings that name a program is used by what is read here.
//!
//! The repository is found upward from a starting directory (the configuration's, else the
//! profile's): the first directory holding a `.git` entry (a directory, or the file of a
//! linked work tree) is the work tree's top level. A folder that merely looks like a git
//! directory (`HEAD`, `config`, `objects/`, `refs/` committed beside a profile) is never
//! taken for a repository, as git's `safe.bareRepository=explicit` has it.
//!
//! The walk up is lexical (the path as written, from the current directory) and passes no
//! symbolic link, and a submodule's work tree is not a repository of its own here: the
//! baseline is always read from the repository that holds the files, never from one that a
//! pull request brings in.
//!
//! `git:REV` reads the profile's own path (as written, relative to the work tree's top
//! level) at `REV`; `git:latest-tag` reads it at the previous release: the highest version
//! among the tags reachable from `HEAD` whose name matches the release tag pattern
//! (`release_tags`, by default `v[0-9]*`), passing over the tags of `HEAD`'s own commit
//! when the profile being checked is the one committed there (a tag build's baseline is the
//! release before). The highest reachable release, not the nearest: a branch made from an
//! old release, merged or given that release as a parent, brings the old tag nearer to
//! `HEAD` but never makes the newest release unreachable. A shallow clone, an unknown
//! revision or a profile missing at that revision is an input error that says how to fix
//! it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{InputError, Problem, ProblemKind, thousands};
use crate::escape::escape_controls;
use crate::source::Source;

/// What starts a baseline from git.
pub const PREFIX: &str = "git:";

/// `git:latest-tag`: the previous release's tag.
pub const LATEST_TAG: &str = "latest-tag";

/// The release tag pattern when the configuration sets none.
pub const DEFAULT_RELEASE_TAGS: &str = "v[0-9]*";

/// Commits looked at when searching for the release tags reachable from `HEAD`: a longer
/// history is an input error (fail closed), never a search cut short.
const MAX_COMMITS_WALKED: usize = 2_000_000;

const HOW_TO_UNSHALLOW: &str = "the clone is shallow: fetch the history and tags with \
    `git fetch --unshallow --tags` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`; \
    in GitLab CI: `GIT_DEPTH: 0`)";

/// The revision of a `git:REV` baseline, or `None` for a file.
pub fn revision(baseline: &str) -> Option<&str> {
    baseline.strip_prefix(PREFIX)
}

/// Where to look for the repository and what a release tag is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The directory the repository is found upward from: the configuration's directory in
    /// a configured run; `None` for the profile's own directory.
    pub start: Option<PathBuf>,
    /// The glob a release tag matches (`release_tags`).
    pub release_tags: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            start: None,
            release_tags: DEFAULT_RELEASE_TAGS.to_owned(),
        }
    }
}

/// The revision a `git:` baseline resolved to, named in every report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// As given: `git:latest-tag`, `git:v1.2.0`, `git:main`.
    pub given: String,
    /// The tag it resolved to, when it names one.
    pub tag: Option<String>,
    /// The commit, in full hexadecimal.
    pub commit: String,
}

impl Revision {
    /// The commit abbreviated to 7 hexadecimal digits, as `git log --oneline` shows it.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }

    /// `v1.2.0 (3f2a9c1)`, or `3f2a9c1` without a tag: what the profile was compared with,
    /// as reports show it (escaped).
    pub fn resolved(&self) -> String {
        match &self.tag {
            Some(tag) => format!("{} ({})", escape_controls(tag), self.short()),
            None => self.short().to_owned(),
        }
    }
}

impl fmt::Display for Revision {
    /// `git:latest-tag → v1.2.0 (3f2a9c1)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}", escape_controls(&self.given), self.resolved())
    }
}

/// A profile read from git, and the revision it was read at.
#[derive(Debug)]
pub struct Baseline {
    /// The profile's text, named `git:REV:PATH`.
    pub source: Source,
    /// What `git:REV` resolved to.
    pub revision: Revision,
}

/// Reads `profile` as of `rev` (a revision, or [`LATEST_TAG`]).
pub fn read(rev: &str, profile: &str, settings: &Settings) -> Result<Baseline, InputError> {
    let name = format!("{PREFIX}{rev}");
    let fail = |problem: Problem| InputError::one(&name, problem);
    if rev.is_empty() {
        return Err(fail(Problem::whole(ProblemKind::Missing, "`git:` names no revision").expected("a revision").help(
            "write `git:REV` with a tag, branch or commit (e.g. `git:v1.2.0`), or `git:latest-tag`",
        )));
    }
    if rev.starts_with('-') || rev.chars().any(|c| c.is_control() || c.is_whitespace()) {
        let why = if rev.starts_with('-') {
            " (it starts with `-`)"
        } else if rev.chars().any(char::is_whitespace) {
            " (it holds a space or another blank)"
        } else {
            " (it holds a control character)"
        };
        return Err(fail(
            Problem::whole(
                ProblemKind::Invalid,
                format!("`{rev}` is not a revision name{why}"),
            )
            .help("name a tag, branch or commit (e.g. `git:v1.2.0`), or `git:latest-tag`"),
        ));
    }
    if profile == "-" {
        return Err(fail(
            Problem::whole(
                ProblemKind::Invalid,
                "a baseline from git reads the profile's own path, and standard input has none",
            )
            .help("name the profile file, or pass `--baseline FILE`"),
        ));
    }
    let pattern = Glob::new(&settings.release_tags).map_err(|why| {
        fail(
            Problem::whole(ProblemKind::Invalid, format!(
                "the release tag pattern `{}` {why}",
                &settings.release_tags
            ))
            .help("write a glob such as `v[0-9]*` (`*`, `?` and `[…]` as git's `describe --match` reads them)"),
        )
    })?;
    let path = absolute(Path::new(profile)).ok_or_else(|| {
        fail(
            Problem::whole(
                ProblemKind::Unreadable,
                "the current directory cannot be read",
            )
            .help("run from a directory of the checkout, or pass `--baseline FILE`"),
        )
    })?;
    let dir = path.parent().unwrap_or(&path).to_path_buf();
    let start = match &settings.start {
        Some(start) => absolute(start).unwrap_or_else(|| start.clone()),
        None => dir,
    };
    let repo = Repository::find(&start).map_err(fail)?;
    let relative = repo.relative(&path, profile).map_err(fail)?;
    let shallow = repo.inner.is_shallow().unwrap_or(false);
    let (commit, tag) = if rev == LATEST_TAG {
        // The profile being checked is HEAD's own (a tag build): the tags on HEAD are this
        // release, and the baseline is the one before.
        let skip_head = match (repo.blob_at_head(&relative), crate::load::read(profile)) {
            (Some(committed), Ok(on_disk)) => {
                as_checked_out(&committed) == as_checked_out(on_disk.text.as_bytes())
            }
            _ => false,
        };
        let (commit, tag) = repo
            .latest_release(&pattern, skip_head)
            .map_err(|why| fail(why.problem(&settings.release_tags, shallow)))?;
        (commit, Some(tag))
    } else {
        let commit = repo.commit_of(rev).map_err(|why| {
            let help = if shallow {
                HOW_TO_UNSHALLOW.to_owned()
            } else {
                "check the name (`git tag --list`, `git log --oneline`); a tag made elsewhere needs `git fetch --tags`".to_owned()
            };
            let suggestion =
                crate::suggest::nearest(rev, [LATEST_TAG]).map(|n| format!("git:{n}"));
            fail(
                Problem::whole(ProblemKind::Unknown, format!(
                    "unknown revision `{}`{} ({})",
                    rev,
                    if shallow { " in this shallow clone" } else { "" },
                    &why
                ))
                .found(format_args!("git:{rev}"))
                .suggesting(suggestion.as_deref())
                .help(help),
            )
        })?;
        let tag = repo.is_tag(rev).then(|| rev.to_owned());
        (commit, tag)
    };
    let revision = Revision {
        given: name.clone(),
        tag,
        commit: commit.to_string(),
    };
    let at = revision.tag.clone().unwrap_or_else(|| rev.to_owned());
    let shown = format!("{PREFIX}{at}:{profile}");
    let missing = || {
        InputError::one(
            &shown,
            Problem::whole(ProblemKind::Unreadable, format!(
                "the profile is not at `{}` in revision `{}`",
                profile,
                &at
            ))
            .help("a baseline from git reads the same path at that revision; if the profile moved since, pass `--baseline FILE`"),
        )
    };
    let bytes = match repo.blob(commit, &relative) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(missing()),
        Err(Blob::TooLarge(size)) => {
            return Err(InputError::one(
                &shown,
                Problem::whole(
                    ProblemKind::Limit,
                    format!(
                        "the file is {size} bytes, over the limit of {} bytes (8 MiB)",
                        crate::load::limits::MAX_FILE_BYTES
                    ),
                )
                .help("a profile is a few kilobytes; check that this is the right revision"),
            ));
        }
        Err(Blob::NotAFile) => {
            return Err(InputError::one(
                &shown,
                Problem::whole(ProblemKind::Invalid, format!(
                    "`{}` is not a regular file in revision `{}` (a symbolic link, a folder or a submodule)",
                    profile,
                    &at
                ))
                .help("a baseline from git reads the profile file itself; pass `--baseline FILE` otherwise"),
            ));
        }
        Err(Blob::Unreadable(why)) => {
            return Err(InputError::one(
                &shown,
                Problem::whole(ProblemKind::Unreadable, format!(
                    "cannot read the profile in revision `{}`: {}",
                    &at,
                    &why
                ))
                .help(if shallow {
                    HOW_TO_UNSHALLOW
                } else {
                    "the object is missing from the repository (objects are never fetched); fetch the history, or pass `--baseline FILE`"
                }),
            ));
        }
    };
    let source = crate::load::text(shown, bytes)?;
    Ok(Baseline { source, revision })
}

/// The commit checked out where a profile was checked, as the HTML report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// `HEAD`'s commit, in full hexadecimal.
    pub commit: String,
    /// How the profile checked compares with that commit's.
    pub profile: AtHead,
}

impl Checkout {
    /// The commit abbreviated to 7 hexadecimal digits.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
}

/// The profile on disk against the one committed at `HEAD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtHead {
    /// The same (as a checkout writes it: line ends, byte-order mark, `$Id$`).
    Same,
    /// Changed since: the verdict is about uncommitted changes.
    Modified,
    /// Not in the commit at all.
    Untracked,
}

/// The commit checked out in the repository that holds `profile` (found as a `git:`
/// baseline finds it, from the configuration's directory or the profile's), read
/// in-process; `Err` with the reason, for the page, when there is none to name.
pub fn checkout(profile: &str, settings: &Settings) -> Result<Checkout, String> {
    if profile == "-" {
        return Err("the profile was read from standard input".to_owned());
    }
    let path = absolute(Path::new(profile))
        .ok_or_else(|| "the current directory cannot be read".to_owned())?;
    let start = match &settings.start {
        Some(start) => absolute(start).unwrap_or_else(|| start.clone()),
        None => path.parent().unwrap_or(&path).to_path_buf(),
    };
    let repo = Repository::find(&start).map_err(|p| p.worded().into_owned())?;
    let head = repo
        .inner
        .head_id()
        .map_err(|e| format!("HEAD cannot be read: {}", &e.to_string()))?
        .detach();
    let committed = repo
        .relative(&path, profile)
        .ok()
        .and_then(|relative| repo.blob(head, &relative).ok().flatten());
    // The file on disk is read (by the one guarded reader, within its limits) only when
    // there is a committed profile to compare it with.
    let profile = match committed {
        None => AtHead::Untracked,
        Some(committed) => match crate::load::read(profile) {
            Ok(on_disk)
                if as_checked_out(&committed) == as_checked_out(on_disk.text.as_bytes()) =>
            {
                AtHead::Same
            }
            _ => AtHead::Modified,
        },
    };
    Ok(Checkout {
        commit: head.to_string(),
        profile,
    })
}

/// Every tag name of the repository that holds `start`, for `init` to choose a pattern;
/// `None` outside a repository.
pub fn tag_names(start: &Path) -> Option<Vec<String>> {
    let repo = Repository::find(start).ok()?;
    let mut names: Vec<String> = repo.tags().into_iter().map(|(name, _)| name).collect();
    names.sort();
    Some(names)
}

/// Whether `pattern` is a release tag pattern this reader accepts.
pub fn check_pattern(pattern: &str) -> Result<(), &'static str> {
    Glob::new(pattern).map(|_| ())
}

/// A file's bytes as a checkout may turn them, so that a committed blob and the file on
/// disk compare equal when git alone changed them: a byte-order mark dropped, line endings
/// as `\n` (`core.autocrlf`, `eol`), and `$Id…$` as `$Id$` (the `ident` attribute).
fn as_checked_out(bytes: &[u8]) -> Vec<u8> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'\r' && tail.first() == Some(&b'\n') {
            rest = tail;
            continue;
        }
        if rest.starts_with(b"$Id:") {
            let line_end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
            let line = rest.get(..line_end).unwrap_or(rest);
            if let Some(close) = line.iter().skip(1).position(|b| *b == b'$') {
                out.extend_from_slice(b"$Id$");
                rest = rest.get(close + 2..).unwrap_or_default();
                continue;
            }
        }
        out.push(byte);
        rest = tail;
    }
    out
}

/// `path` made absolute from the current directory and normalised lexically, without
/// following any symbolic link in it.
fn absolute(path: &Path) -> Option<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    Some(crate::load::normalized(&joined))
}

/// Whether the `.git` file `dot_git` names a linked work tree's git directory
/// (`gitdir: …/.git/worktrees/NAME`), as `git worktree add` writes it.
fn is_linked_work_tree(dot_git: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dot_git) else {
        return false;
    };
    let Some(dir) = text.trim().strip_prefix("gitdir:") else {
        return false;
    };
    let parts: Vec<&str> = Path::new(dir.trim())
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    parts
        .windows(2)
        .rev()
        .nth(1)
        .is_some_and(|w| w == [".git", "worktrees"])
}

/// A repository opened for reading only.
struct Repository {
    inner: gix::Repository,
    /// The work tree's top level, canonical.
    top: PathBuf,
}

/// Why no release tag was found.
enum NoRelease {
    /// No tag matches the pattern, or none is reachable from `HEAD` (besides `skipped`,
    /// `HEAD`'s own). `others` are some of the repository's tag names, for the message.
    None {
        tags: usize,
        skipped: Vec<String>,
        others: Vec<String>,
    },
    /// The history is longer than the search goes.
    TooLong,
    /// A matching tag names an object that cannot be read.
    Broken { tag: String, why: String },
    /// `HEAD` itself cannot be read.
    NoHead(String),
}

impl NoRelease {
    fn problem(&self, pattern: &str, shallow: bool) -> Problem {
        match self {
            Self::None {
                tags,
                skipped,
                others,
            } => {
                let names = |names: &[String]| {
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let message = if shallow {
                    format!("no release tag (`{pattern}`) is reachable from HEAD in this shallow clone")
                } else if *tags == 0 && others.is_empty() {
                    "the repository has no tags".to_owned()
                } else if *tags == 0 {
                    format!(
                        "no tag matches the release tag pattern `{pattern}`; the repository's tags include {}",
                        names(others)
                    )
                } else if !skipped.is_empty() {
                    format!(
                        "HEAD's own tag {} is this release, and no release tag (`{pattern}`) is reachable before it",
                        names(skipped)
                    )
                } else {
                    format!("no release tag (`{pattern}`) is reachable from HEAD")
                };
                let help = if shallow {
                    HOW_TO_UNSHALLOW.to_owned()
                } else if !skipped.is_empty() {
                    "the first release has no release before it: pass `--baseline FILE` for it, or leave `baseline` out of `require` until the next release".to_owned()
                } else {
                    format!(
                        "tag the last release (`git tag v1.0.0`), fetch the tags with `git fetch --tags`, or set `release_tags` in profile-check.toml to the pattern of your release tags (now `{pattern}`)"
                    )
                };
                Problem::whole(ProblemKind::Missing, message).help(help)
            }
            Self::TooLong => Problem::whole(ProblemKind::Limit, format!(
                "the history reachable from HEAD is longer than {} commits, where the release tag search stops",
                thousands(MAX_COMMITS_WALKED)
            ))
            .help("name the release: `--baseline git:v1.2.0`"),
            Self::Broken { tag, why } => Problem::whole(ProblemKind::Unreadable, format!(
                "the release tag `{tag}` cannot be read: {why}"
            ))
            .help("the tag names an object missing from the repository (objects are never fetched); fetch the tags again (`git fetch --tags --force`), or pass `--baseline git:REV`"),
            Self::NoHead(why) => Problem::whole(ProblemKind::Unreadable, format!(
                "HEAD cannot be read: {why}"
            ))
            .help("a baseline from git needs a commit checked out; commit first, or pass `--baseline FILE`"),
        }
    }
}

/// Why a blob could not be read.
enum Blob {
    TooLarge(u64),
    NotAFile,
    Unreadable(String),
}

impl Repository {
    /// The repository whose work tree holds `start` (absolute and normalised): the nearest
    /// directory upward holding a `.git` entry, opened isolated. The walk is lexical and
    /// stops at a symbolic link; a submodule's work tree is refused, since its history is
    /// not the repository's.
    fn find(start: &Path) -> Result<Self, Problem> {
        let shown = || start.display().to_string();
        let outside = || {
            Problem::whole(ProblemKind::Unreadable, format!("`{}` is not inside a git repository", shown())).help(
                "a baseline from git needs the profile in a git checkout; otherwise pass `--baseline FILE`",
            )
        };
        let mut top = None;
        for dir in start.ancestors() {
            let meta = std::fs::symlink_metadata(dir);
            if meta.as_ref().is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(Problem::whole(ProblemKind::Invalid, format!(
                    "`{}` is a symbolic link: the repository is looked for along the path as written, and not through a link",
                    &dir.display().to_string()
                ))
                .help("name the profile by its path in the repository, or pass `--baseline FILE`"));
            }
            if std::fs::symlink_metadata(dir.join(".git")).is_ok() {
                top = Some(dir.to_path_buf());
                break;
            }
        }
        let top = top.ok_or_else(outside)?;
        let dot_git = top.join(".git");
        let is_file = std::fs::symlink_metadata(&dot_git).is_ok_and(|m| m.is_file());
        let nested = top.parent().is_some_and(|up| {
            up.ancestors()
                .any(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
        });
        if is_file && nested && !is_linked_work_tree(&dot_git) {
            return Err(Problem::whole(ProblemKind::Invalid, format!(
                "`{}` is a submodule: its history is not the repository's, and a baseline from git is read only from the repository that holds it",
                &top.display().to_string()
            ))
            .help("keep the profile in the repository itself (with profile-check.toml at its root), or pass `--baseline FILE`"));
        }
        let options = gix::open::Options::isolated();
        let inner = gix::open_opts(dot_git, options).map_err(|e| {
            Problem::whole(ProblemKind::Unreadable, format!(
                "`{}` holds a `.git` that cannot be opened: {}",
                &top.display().to_string(),
                &e.to_string()
            ))
            .help("check the checkout (`git status`); a repository of another object format (SHA-256) or reference store (reftable) is not read; pass `--baseline FILE` then")
        })?;
        Ok(Self { inner, top })
    }

    /// `path` (absolute and normalised) relative to the work tree's top level, with `/`
    /// between its parts: the path as written, whatever links it passes.
    fn relative(&self, path: &Path, shown: &str) -> Result<String, Problem> {
        let outside = || {
            Problem::whole(ProblemKind::Invalid, format!(
                "`{}` is not inside the repository at `{}`",
                shown,
                &self.top.display().to_string()
            ))
            .help("a baseline from git reads the profile's path in the repository that holds profile-check.toml; otherwise pass `--baseline FILE`")
        };
        let inside = path.strip_prefix(&self.top).map_err(|_| outside())?;
        if crate::load::names_a_git_directory(inside) {
            return Err(outside());
        }
        let parts: Option<Vec<&str>> = inside
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect();
        match parts {
            Some(parts) if !parts.is_empty() => Ok(parts.join("/")),
            _ => Err(outside()),
        }
    }

    /// The commit `rev` names.
    fn commit_of(&self, rev: &str) -> Result<gix::ObjectId, String> {
        let id = self
            .inner
            .rev_parse_single(rev)
            .map_err(|e| e.to_string())?;
        let commit = id
            .object()
            .map_err(|e| e.to_string())?
            .peel_to_commit()
            .map_err(|e| e.to_string())?;
        Ok(commit.id)
    }

    /// Whether `name` is a tag of the repository.
    fn is_tag(&self, name: &str) -> bool {
        self.inner
            .try_find_reference(format!("refs/tags/{name}").as_str())
            .ok()
            .flatten()
            .is_some()
    }

    /// Every tag: its short name and the commit it peels to (`Err` with the reason when
    /// its object cannot be read). A tag of a tree or a blob is no release and is left
    /// out, as `git describe` leaves it.
    fn tags(&self) -> Vec<(String, Result<gix::ObjectId, String>)> {
        let Ok(platform) = self.inner.references() else {
            return Vec::new();
        };
        let Ok(tags) = platform.tags() else {
            return Vec::new();
        };
        tags.filter_map(Result::ok)
            .filter_map(|mut reference| {
                let name = reference.name().shorten().to_string();
                let id = match reference.peel_to_id() {
                    Ok(id) => id.detach(),
                    Err(e) => return Some((name, Err(e.to_string()))),
                };
                match self.inner.find_header(id) {
                    Ok(header) if header.kind() == gix::object::Kind::Commit => {
                        Some((name, Ok(id)))
                    }
                    Ok(_) => None,
                    Err(e) => Some((name, Err(e.to_string()))),
                }
            })
            .collect()
    }

    /// The release: the highest version (by [`version_order`]) among the tags matching
    /// `pattern` on commits reachable from `HEAD`, and its commit. With `skip_head`, the
    /// tags on `HEAD`'s own commit do not count.
    fn latest_release(
        &self,
        pattern: &Glob,
        skip_head: bool,
    ) -> Result<(gix::ObjectId, String), NoRelease> {
        let head = self
            .inner
            .head_id()
            .map_err(|e| NoRelease::NoHead(e.to_string()))?
            .detach();
        let mut by_commit: HashMap<gix::ObjectId, Vec<String>> = HashMap::new();
        let mut count = 0;
        let mut others = Vec::new();
        for (name, commit) in self.tags() {
            if !pattern.matches(&name) {
                if others.len() < 5 {
                    others.push(name);
                }
                continue;
            }
            count += 1;
            match commit {
                Ok(commit) => by_commit.entry(commit).or_default().push(name),
                Err(why) => return Err(NoRelease::Broken { tag: name, why }),
            }
        }
        let skipped: Vec<String> = if skip_head {
            by_commit.remove(&head).unwrap_or_default()
        } else {
            Vec::new()
        };
        let none = |skipped: Vec<String>| NoRelease::None {
            tags: count,
            skipped,
            others: others.clone(),
        };
        if by_commit.is_empty() {
            return Err(none(skipped));
        }
        // Every commit reachable from HEAD, until each tagged commit has been met.
        let mut queue = VecDeque::from([head]);
        let mut seen: HashSet<gix::ObjectId> = HashSet::from([head]);
        let mut best: Option<(gix::ObjectId, &String)> = None;
        let mut left = by_commit.len();
        while let Some(id) = queue.pop_front() {
            if let Some(names) = by_commit.get(&id) {
                left -= 1;
                for name in names {
                    if best.is_none_or(|(_, b)| version_order(name, b).is_gt()) {
                        best = Some((id, name));
                    }
                }
                if left == 0 {
                    break;
                }
            }
            if seen.len() > MAX_COMMITS_WALKED {
                return Err(NoRelease::TooLong);
            }
            // A commit past a shallow clone's edge is missing: the walk ends there.
            let Ok(commit) = self.inner.find_commit(id) else {
                continue;
            };
            for parent in commit.parent_ids() {
                let parent = parent.detach();
                if seen.insert(parent) {
                    queue.push_back(parent);
                }
            }
        }
        best.map(|(id, name)| (id, name.clone()))
            .ok_or_else(|| none(skipped))
    }

    /// The bytes of `relative` at `HEAD`, when it is a file there.
    fn blob_at_head(&self, relative: &str) -> Option<Vec<u8>> {
        let head = self.inner.head_id().ok()?.detach();
        self.blob(head, relative).ok().flatten()
    }

    /// The bytes of the file `relative` in `commit`'s tree; `Ok(None)` when it is not there.
    fn blob(&self, commit: gix::ObjectId, relative: &str) -> Result<Option<Vec<u8>>, Blob> {
        let unreadable = |e: &dyn fmt::Display| Blob::Unreadable(e.to_string());
        let commit = self.inner.find_commit(commit).map_err(|e| unreadable(&e))?;
        let tree = commit.tree().map_err(|e| unreadable(&e))?;
        let Some(entry) = tree
            .lookup_entry_by_path(relative)
            .map_err(|e| unreadable(&e))?
        else {
            return Ok(None);
        };
        if !entry.mode().is_blob() {
            return Err(Blob::NotAFile);
        }
        let id = entry.object_id();
        let header = self.inner.find_header(id).map_err(|e| unreadable(&e))?;
        if header.size() > crate::load::limits::MAX_FILE_BYTES {
            return Err(Blob::TooLarge(header.size()));
        }
        let object = self.inner.find_object(id).map_err(|e| unreadable(&e))?;
        Ok(Some(object.detach().data))
    }
}

/// Orders tag names so that `v1.10.0` comes after `v1.9.0`: runs of digits compare as
/// numbers, everything else as text.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digits.is_some_and(|was| was != d) {
                out.push((digits.unwrap_or(false), s.get(start..i).unwrap_or("")));
                start = i;
            }
            digits = Some(d);
        }
        out.push((digits.unwrap_or(false), s.get(start..).unwrap_or("")));
        out
    }
    let (a_parts, b_parts) = (parts(a), parts(b));
    for ((a_digits, a), (b_digits, b)) in a_parts.iter().zip(&b_parts) {
        let order = if *a_digits && *b_digits {
            let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        } else {
            a.cmp(b)
        };
        if order.is_ne() {
            return order;
        }
    }
    a_parts.len().cmp(&b_parts.len()).then_with(|| a.cmp(b))
}

/// A tag name pattern as `git describe --match` reads it: `*` any run of characters, `?`
/// one character, `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`) one character of a set, `\`
/// the next character as it is.
#[derive(Debug)]
pub struct Glob {
    parts: Vec<GlobPart>,
}

#[derive(Debug)]
enum GlobPart {
    Char(char),
    Any,
    AnyRun,
    Set {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Glob {
    /// Parses `pattern`; an unclosed `[` or a trailing `\` is refused.
    pub fn new(pattern: &str) -> Result<Self, &'static str> {
        if pattern.is_empty() {
            return Err("is empty");
        }
        let mut parts = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => parts.push(GlobPart::AnyRun),
                '?' => parts.push(GlobPart::Any),
                '\\' => parts.push(GlobPart::Char(chars.next().ok_or("ends with `\\`")?)),
                '[' => {
                    let negated = chars.next_if(|c| *c == '!' || *c == '^').is_some();
                    let mut ranges = Vec::new();
                    let mut first = true;
                    loop {
                        let c = chars.next().ok_or("has a `[` that is not closed")?;
                        if c == ']' && !first {
                            break;
                        }
                        first = false;
                        let low = if c == '\\' {
                            chars.next().ok_or("ends with `\\`")?
                        } else {
                            c
                        };
                        let high = if chars.peek() == Some(&'-') {
                            let mut ahead = chars.clone();
                            ahead.next();
                            match ahead.next() {
                                Some(']') | None => low,
                                Some(high) => {
                                    chars.next();
                                    chars.next();
                                    high
                                }
                            }
                        } else {
                            low
                        };
                        ranges.push((low, high));
                    }
                    parts.push(GlobPart::Set { negated, ranges });
                }
                c => parts.push(GlobPart::Char(c)),
            }
        }
        Ok(Self { parts })
    }

    /// Whether `text` matches the whole pattern.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        // Iterative matching with one backtrack point for the last `*`: linear for the
        // patterns tags use, never exponential.
        let (mut p, mut t) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while t < text.len() {
            let here = text.get(t).copied();
            match (self.parts.get(p), here) {
                (Some(GlobPart::AnyRun), _) => {
                    star = Some((p, t));
                    p += 1;
                }
                (Some(part), Some(c)) if part.accepts(c) => {
                    p += 1;
                    t += 1;
                }
                _ => match star {
                    Some((sp, st)) => {
                        p = sp + 1;
                        t = st + 1;
                        star = Some((sp, st + 1));
                    }
                    None => return false,
                },
            }
        }
        self.parts
            .get(p..)
            .is_some_and(|rest| rest.iter().all(|part| matches!(part, GlobPart::AnyRun)))
    }
}

impl GlobPart {
    fn accepts(&self, c: char) -> bool {
        match self {
            Self::Char(want) => *want == c,
            Self::Any => true,
            Self::AnyRun => false,
            Self::Set { negated, ranges } => {
                ranges.iter().any(|(low, high)| (*low..=*high).contains(&c)) != *negated
            }
        }
    }
}

#[cfg(test)]
mod tests;
