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
//! `git:REV` reads the profile's own path at `REV`; `git:latest-tag` reads it at the
//! previous release: the nearest tag reachable from `HEAD` whose name matches the release
//! tag pattern (`release_tags`, by default `v[0-9]*`), passing over the tags of `HEAD`'s
//! own commit when the profile being checked is the one committed there (a tag build's
//! baseline is the release before). A shallow clone, an unknown revision or a profile
//! missing at that revision is an input error that says how to fix it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{InputError, Problem};
use crate::source::{Source, escape_controls};

/// What starts a baseline from git.
pub const PREFIX: &str = "git:";

/// `git:latest-tag`: the previous release's tag.
pub const LATEST_TAG: &str = "latest-tag";

/// The release tag pattern when the configuration sets none.
pub const DEFAULT_RELEASE_TAGS: &str = "v[0-9]*";

/// Commits looked at when searching for the nearest release tag: a history longer than
/// this is searched only this far back, and the search says so when it finds nothing.
const MAX_COMMITS_WALKED: usize = 1_000_000;

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

    /// `v1.2.0 (3f2a9c1)`, or `3f2a9c1` without a tag: what the profile was compared with.
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
        return Err(fail(Problem::whole("`git:` names no revision").help(
            "write `git:REV` with a tag, branch or commit (e.g. `git:v1.2.0`), or `git:latest-tag`",
        )));
    }
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
    let pattern = Glob::new(&settings.release_tags).map_err(|why| {
        fail(
            Problem::whole(format!(
                "the release tag pattern `{}` {why}",
                escape_controls(&settings.release_tags)
            ))
            .help("write a glob such as `v[0-9]*` (`*`, `?` and `[…]` as git's `describe --match` reads them)"),
        )
    })?;
    let path = Path::new(profile);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let start = settings.start.as_deref().unwrap_or(dir);
    let repo = Repository::find(start).map_err(fail)?;
    let relative = repo.relative(path).map_err(fail)?;
    let shallow = repo.inner.is_shallow().unwrap_or(false);
    let (commit, tag) = if rev == LATEST_TAG {
        let committed = repo.blob_at_head(&relative);
        let on_disk = read_capped(path);
        // The profile being checked is HEAD's own: the tags on HEAD are this release.
        let skip_head = matches!((&committed, &on_disk), (Some(a), Some(b)) if a == b);
        let (commit, tag) = repo
            .latest_release(&pattern, skip_head)
            .map_err(|why| fail(why.problem(&settings.release_tags, shallow)))?;
        (commit, Some(tag))
    } else {
        let commit = repo.commit_of(rev).map_err(|_| {
            let help = if shallow {
                HOW_TO_UNSHALLOW.to_owned()
            } else {
                "check the name (`git tag --list`, `git log --oneline`); a tag made elsewhere needs `git fetch --tags`".to_owned()
            };
            fail(
                Problem::whole(format!(
                    "unknown revision `{}`{}",
                    escape_controls(rev),
                    if shallow { " in this shallow clone" } else { "" }
                ))
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
            Problem::whole(format!(
                "the profile is not at `{}` in revision `{}`",
                escape_controls(profile),
                escape_controls(&at)
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
                Problem::whole(format!(
                    "the file is {size} bytes, over the limit of {} bytes (8 MiB)",
                    crate::load::limits::MAX_FILE_BYTES
                ))
                .help("a profile is a few kilobytes; check that this is the right revision"),
            ));
        }
        Err(Blob::NotAFile) => {
            return Err(InputError::one(
                &shown,
                Problem::whole(format!(
                    "`{}` is not a regular file in revision `{}` (a symbolic link, a folder or a submodule)",
                    escape_controls(profile),
                    escape_controls(&at)
                ))
                .help("a baseline from git reads the profile file itself; pass `--baseline FILE` otherwise"),
            ));
        }
        Err(Blob::Unreadable(why)) => {
            return Err(InputError::one(
                &shown,
                Problem::whole(format!(
                    "cannot read the profile in revision `{}`: {}",
                    escape_controls(&at),
                    escape_controls(&why)
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

/// The release tags of the repository that holds `start` (the tag names matching `pattern`,
/// sorted), for `init`; `None` outside a repository.
pub fn release_tags(start: &Path, pattern: &str) -> Option<Vec<String>> {
    let glob = Glob::new(pattern).ok()?;
    let repo = Repository::find(start).ok()?;
    let mut names: Vec<String> = repo
        .tags()
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| glob.matches(name))
        .collect();
    names.sort();
    Some(names)
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

/// Reads at most the size limit (plus one byte) of `path`, for comparing with a blob.
fn read_capped(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(crate::load::limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// A repository opened for reading only.
struct Repository {
    inner: gix::Repository,
    /// The work tree's top level, canonical.
    top: PathBuf,
}

/// Why no release tag was found.
enum NoRelease {
    /// No tag matches the pattern, or none is reachable from `HEAD`.
    None { tags: usize },
    /// A matching tag names an object that cannot be read.
    Broken { tag: String, why: String },
    /// `HEAD` itself cannot be read.
    NoHead(String),
}

impl NoRelease {
    fn problem(&self, pattern: &str, shallow: bool) -> Problem {
        let pattern = escape_controls(pattern);
        match self {
            Self::None { tags } => {
                let message = if shallow {
                    format!("no release tag (`{pattern}`) is reachable from HEAD in this shallow clone")
                } else if *tags == 0 {
                    format!("no tag matches the release tag pattern `{pattern}`")
                } else {
                    format!("no release tag (`{pattern}`) is reachable from HEAD before this release")
                };
                let help = if shallow {
                    HOW_TO_UNSHALLOW.to_owned()
                } else {
                    format!(
                        "tag the last release (`git tag v1.0.0`), fetch the tags with `git fetch --tags`, or set `release_tags` in profile-check.toml to the pattern of your release tags (now `{pattern}`)"
                    )
                };
                Problem::whole(message).help(help)
            }
            Self::Broken { tag, why } => Problem::whole(format!(
                "the release tag `{}` cannot be read: {}",
                escape_controls(tag),
                escape_controls(why)
            ))
            .help("the tag names an object missing from the repository (objects are never fetched); fetch the tags again (`git fetch --tags --force`), or pass `--baseline git:REV`"),
            Self::NoHead(why) => Problem::whole(format!(
                "HEAD cannot be read: {}",
                escape_controls(why)
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
    /// The repository whose work tree holds `start`: the nearest directory upward holding a
    /// `.git` entry, opened isolated.
    fn find(start: &Path) -> Result<Self, Problem> {
        let shown = || escape_controls(&start.display().to_string());
        let outside = || {
            Problem::whole(format!("`{}` is not inside a git repository", shown())).help(
                "a baseline from git needs the profile in a git checkout; otherwise pass `--baseline FILE`",
            )
        };
        let absolute = std::fs::canonicalize(start).map_err(|_| outside())?;
        let top = absolute
            .ancestors()
            .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
            .ok_or_else(outside)?
            .to_path_buf();
        let options = gix::open::Options::isolated();
        let inner = gix::open_opts(top.join(".git"), options).map_err(|e| {
            Problem::whole(format!(
                "`{}` holds a `.git` that cannot be opened: {}",
                escape_controls(&top.display().to_string()),
                escape_controls(&e.to_string())
            ))
            .help("check the checkout (`git status`); otherwise pass `--baseline FILE`")
        })?;
        Ok(Self { inner, top })
    }

    /// `path` relative to the work tree's top level, with `/` between its parts.
    fn relative(&self, path: &Path) -> Result<String, Problem> {
        let outside = || {
            Problem::whole(format!(
                "`{}` is not inside the repository at `{}`",
                escape_controls(&path.display().to_string()),
                escape_controls(&self.top.display().to_string())
            ))
            .help("a baseline from git reads the profile's path in the repository that holds profile-check.toml; otherwise pass `--baseline FILE`")
        };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = path.file_name().ok_or_else(outside)?;
        let dir = std::fs::canonicalize(dir).map_err(|_| outside())?;
        let inside = dir.strip_prefix(&self.top).map_err(|_| outside())?;
        let parts: Option<Vec<&str>> = inside
            .components()
            .map(|c| c.as_os_str().to_str())
            .chain(std::iter::once(name.to_str()))
            .collect();
        parts.map(|p| p.join("/")).ok_or_else(outside)
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
    /// its object cannot be read).
    fn tags(&self) -> Vec<(String, Result<gix::ObjectId, String>)> {
        let Ok(platform) = self.inner.references() else {
            return Vec::new();
        };
        let Ok(tags) = platform.tags() else {
            return Vec::new();
        };
        tags.filter_map(Result::ok)
            .map(|mut reference| {
                let name = reference.name().shorten().to_string();
                let commit = reference
                    .peel_to_commit()
                    .map(|c| c.id)
                    .map_err(|e| e.to_string());
                (name, commit)
            })
            .collect()
    }

    /// The nearest commit reachable from `HEAD` (breadth first: fewest steps back, the
    /// first parent first) that carries a tag matching `pattern`, and that tag (the
    /// highest by version order when one commit has several). With `skip_head`, the tags on
    /// `HEAD`'s own commit do not count.
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
        for (name, commit) in self.tags() {
            if !pattern.matches(&name) {
                continue;
            }
            count += 1;
            match commit {
                Ok(commit) => by_commit.entry(commit).or_default().push(name),
                Err(why) => return Err(NoRelease::Broken { tag: name, why }),
            }
        }
        if by_commit.is_empty() {
            return Err(NoRelease::None { tags: count });
        }
        let mut queue = VecDeque::from([head]);
        let mut seen: HashSet<gix::ObjectId> = HashSet::from([head]);
        while let Some(id) = queue.pop_front() {
            if !(skip_head && id == head)
                && let Some(names) = by_commit.get(&id)
                && let Some(best) = names.iter().max_by(|a, b| version_order(a, b))
            {
                return Ok((id, best.clone()));
            }
            if seen.len() > MAX_COMMITS_WALKED {
                break;
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
        Err(NoRelease::None { tags: count })
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
mod tests {
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
        let root =
            std::env::temp_dir().join(format!("profile-check-git-fake-{}", std::process::id()));
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
    fn versions_order_by_their_numbers() {
        use std::cmp::Ordering::*;
        assert_eq!(version_order("v1.10.0", "v1.9.0"), Greater);
        assert_eq!(version_order("v1.9.0", "v1.10.0"), Less);
        assert_eq!(version_order("v2", "v2"), Equal);
        assert_eq!(version_order("v2.0", "v2"), Greater);
        assert_eq!(version_order("v010", "v9"), Greater);
        assert_eq!(version_order("v1a", "v1b"), Less);
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
}
