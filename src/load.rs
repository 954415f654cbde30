//! Load: bytes → text (with limits) → located YAML tree → typed input. Every input file
//! goes through [`read`] and so gets the same limits (SPEC §7).

pub(crate) mod decode;
pub mod doc;
pub mod git;
pub mod profile;
pub mod runtime;
mod syntax;
pub(crate) mod tree;
pub mod waivers;

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{self, InputError, Problem, ProblemKind};
use crate::profile::{Date, Profile};
use crate::source::{self, Source, Span};
use doc::DocProfile;
use runtime::Runtime;
use waivers::Waiver;

/// The limits every input is held to. A real profile is a few kilobytes; these leave room
/// for generated profiles of tens of thousands of modules and stop hostile input early.
pub mod limits {
    /// Largest input file, checked before it is read whole.
    pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
    /// Deepest nesting of YAML collections (a profile needs 4).
    pub const MAX_DEPTH: usize = 32;
    /// YAML nodes of the widest module the format allows, with one event in each list: its
    /// mapping, nine keys and nine values, an event in `emits` and one in `consumes`, and its
    /// id in `dev_only` or `analytics_only`.
    pub const MAX_NODES_PER_MODULE: usize = 1 + 2 * 9 + 2 + 1;
    /// Most YAML nodes in one document (aliases expanded, anchored copies counted):
    /// [`MAX_MODULES`] of the widest modules and the header, so every profile of up to
    /// [`MAX_MODULES`] such modules passes (one of 40,000 is 8 MB, just under
    /// [`MAX_FILE_BYTES`]). Bounds the located tree, 40 bytes a node.
    pub const MAX_NODES: usize = MAX_MODULES * MAX_NODES_PER_MODULE + 1_000;
    /// Most aliases (`*name`) in one document.
    pub const MAX_ALIASES: usize = 1_000;
    /// Most parser events that aliases may replay in one document (alias bombs).
    pub const MAX_ALIAS_EVENTS: usize = 10_000;
    /// Most modules in one profile.
    pub const MAX_MODULES: usize = 40_000;
    /// Most events in one module's `emits` or `consumes`.
    pub const MAX_EVENTS: usize = 1_000;
}

/// What to do about an input file that is too large, not UTF-8, or empty, in the terms of
/// the input it is: each reader names its own ([`PROFILE_FILE`] and the others), and
/// [`read_input`] and [`text_of`] give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileAdvice {
    /// For a file over [`limits::MAX_FILE_BYTES`].
    pub too_large: &'static str,
    /// For a file that is not UTF-8.
    pub not_utf8: &'static str,
    /// For an empty or blank file.
    pub empty: &'static str,
}

/// A profile (the one under check, or its baseline).
pub const PROFILE_FILE: FileAdvice = FileAdvice {
    too_large: "a profile is a few kilobytes; check that this is the right file",
    not_utf8: "save the file as UTF-8 (profiles are UTF-8 text)",
    empty: "a profile is a YAML mapping; see profiles/prod.yaml or `profile-check schema profile`",
};

/// A runtime input.
pub const RUNTIME_FILE: FileAdvice = FileAdvice {
    too_large: "a runtime input (a manifest, a release's rendered manifests, a Compose file) stays far under this; check that this is the right file",
    not_utf8: "save the file as UTF-8 (YAML and JSON are UTF-8 text)",
    empty: "a runtime input is Kubernetes manifests, a Compose file, or a manifest with `environment` and `active`",
};

/// A waivers file.
pub const WAIVERS_FILE: FileAdvice = FileAdvice {
    too_large: "a waivers file is a few kilobytes; check that this is the right file",
    not_utf8: "save the file as UTF-8 (waivers files are UTF-8 text)",
    empty: "a waivers file is a mapping with a `waivers` list; see `profile-check schema waivers`",
};

/// The Architect's Markdown document.
pub const DOC_FILE: FileAdvice = FileAdvice {
    too_large: "a Markdown profile is some tens of kilobytes; check that this is the right file",
    not_utf8: "save the file as UTF-8 (the Markdown profile is UTF-8 text)",
    empty: "`--doc` names the Markdown profile the YAML is held against: check that this is the right file",
};

/// `path` with `.` dropped and each `..` applied to the name before it, without asking the
/// file system (a `..` with no name before it stays): `./profiles/../profiles/prod.yaml`
/// and `profiles/prod.yaml` are one path. The configuration holds its paths inside the
/// repository by these same lexical steps, so the file read is the one checked.
pub fn normalized(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if matches!(
                    out.components().next_back(),
                    Some(std::path::Component::Normal(_))
                ) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

pub mod overlay {
    //! The open buffers of an editor, read in place of the files they stand for: the
    //! language server (`profile-check server`) runs the whole gate on unsaved text
    //! through the one reading pipeline, [`super::read`], by laying its buffers over the
    //! file system for the length of one run ([`with`]).

    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    /// Texts by the identity of the file they stand for ([`identity`]).
    #[derive(Debug, Default, Clone)]
    pub struct Overlay {
        files: HashMap<PathBuf, Arc<str>>,
    }

    impl Overlay {
        /// Lays `text` over the file at `path` (an absolute path).
        pub fn insert(&mut self, path: &Path, text: Arc<str>) {
            self.files.insert(identity(path), text);
        }

        /// Uncovers the file at `path`.
        pub fn remove(&mut self, path: &Path) {
            self.files.remove(&identity(path));
        }

        /// The text laid over `path` (absolute), if any.
        pub fn get(&self, path: &Path) -> Option<&Arc<str>> {
            self.files.get(&identity(path))
        }
    }

    /// The file an absolute path stands for, the same however it is reached: the path with
    /// every symbolic link resolved (a workspace opened through a link, a profile that is a
    /// link to the file the editor has open). Of a file that does not exist (yet), its
    /// nearest existing folder is resolved and the rest kept; the path is lexically
    /// normalised first (`a/../b` is `b`).
    pub fn identity(path: &Path) -> PathBuf {
        let path = crate::load::normalized(path);
        if let Ok(real) = std::fs::canonicalize(&path) {
            return real;
        }
        let mut rest = Vec::new();
        let mut base = path.as_path();
        while let (Some(parent), Some(name)) = (base.parent(), base.file_name()) {
            rest.push(name.to_owned());
            if let Ok(mut real) = std::fs::canonicalize(parent) {
                real.extend(rest.iter().rev());
                return real;
            }
            base = parent;
        }
        path
    }

    thread_local! {
        static CURRENT: RefCell<Option<Overlay>> = const { RefCell::new(None) };
    }

    /// Runs `run` with `overlay` laid over the file system of this thread; it is lifted
    /// again when `run` returns.
    pub fn with<R>(overlay: &Overlay, run: impl FnOnce() -> R) -> R {
        let before = CURRENT.with(|c| c.replace(Some(overlay.clone())));
        let result = run();
        CURRENT.with(|c| *c.borrow_mut() = before);
        result
    }

    /// The buffer laid over `path` (relative to the current directory, or absolute).
    pub(super) fn text_of(path: &str) -> Option<Arc<str>> {
        if path == "-" {
            return None;
        }
        CURRENT.with(|c| {
            let current = c.borrow();
            let overlay = current.as_ref()?;
            let path = Path::new(path);
            let absolute = if path.is_absolute() {
                path.to_path_buf()
            } else {
                std::env::current_dir().ok()?.join(path)
            };
            overlay.get(&absolute).cloned()
        })
    }
}

/// The name standard input is reported under.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads `path` (`-` for standard input) as UTF-8 text within the size limit. A byte-order
/// mark at the start is dropped.
///
/// A path must name a regular file: a directory, a FIFO, a socket or a device is refused
/// before it is opened (opening a FIFO with no writer would block for ever). A symbolic
/// link is followed only while it stays inside the current directory's tree, so that a
/// pull request cannot point `profiles/prod.yaml` at `/run/secrets/token` and have the
/// check echo the secret's lines in its errors; a link outside is refused unread.
/// Standard input is read to its end (or to the size limit): a pipe that never closes
/// keeps the check waiting, as `cat` would.
pub fn read(path: &str) -> Result<Source, InputError> {
    read_input(path, &PROFILE_FILE)
}

/// Reads `path` as [`read`] does, with `advice` for a file too large, not UTF-8, or empty.
pub fn read_input(path: &str, advice: &FileAdvice) -> Result<Source, InputError> {
    let fail = |message: String, help: &str| {
        InputError::one(
            path,
            Problem::whole(ProblemKind::Unreadable, message).help(help),
        )
    };
    let limit = limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    let name = if let Some(open) = overlay::text_of(path) {
        // An editor's unsaved buffer (`profile-check server`): the same path checks as the
        // file on disk when there is one, the same size limit, the same decoding.
        // `symlink_metadata`, not `exists`: a dangling link is there (and refused, as the
        // command line refuses it), though it leads nowhere.
        if fs::symlink_metadata(path).is_ok() {
            regular_file(path).map_err(|(message, help)| fail(message, help))?;
        }
        bytes.extend_from_slice(open.as_bytes());
        path.to_owned()
    } else if path == "-" {
        io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                fail(
                    format!("cannot read standard input: {e}"),
                    "pipe a profile into `-`",
                )
            })?;
        STDIN_NAME.to_owned()
    } else {
        let meta = regular_file(path).map_err(|(message, help)| fail(message, help))?;
        if meta.len() > limit {
            return Err(too_large(path, meta.len(), advice));
        }
        // Sized once: the file is read without growing (and copying) the buffer.
        bytes.reserve(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
        fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| {
                fail(
                    format!("cannot read the file: {}", io_reason(&e)),
                    "check that the file can be read",
                )
            })?;
        path.to_owned()
    };
    if bytes.len() as u64 > limit {
        // Reading stopped one byte past the limit: the real size is not known.
        return Err(InputError::one(
            &name,
            Problem::whole(
                ProblemKind::Limit,
                format!(
                    "the input holds more than {} bytes (8 MiB), the limit",
                    limits::MAX_FILE_BYTES
                ),
            )
            .help(advice.too_large),
        ));
    }
    text_of(name, bytes, advice)
}

/// Opens `path` (`-` for standard input) to be read as a stream, with the checks of
/// [`read`]: a regular file inside its tree, or an editor's unsaved buffer. Returns the
/// name it is reported under and the reader; the size is not limited here.
pub fn open_input(path: &str) -> Result<(String, Box<dyn io::BufRead>), InputError> {
    let fail = |message: String, help: &str| {
        InputError::one(
            path,
            Problem::whole(ProblemKind::Unreadable, message).help(help),
        )
    };
    if let Some(open) = overlay::text_of(path) {
        if fs::symlink_metadata(path).is_ok() {
            regular_file(path).map_err(|(message, help)| fail(message, help))?;
        }
        return Ok((
            path.to_owned(),
            Box::new(io::Cursor::new(open.as_bytes().to_vec())),
        ));
    }
    if path == "-" {
        return Ok((STDIN_NAME.to_owned(), Box::new(io::stdin().lock())));
    }
    regular_file(path).map_err(|(message, help)| fail(message, help))?;
    let file = fs::File::open(path).map_err(|e| {
        fail(
            format!("cannot read the file: {}", io_reason(&e)),
            "check that the file can be read",
        )
    })?;
    Ok((
        path.to_owned(),
        Box::new(io::BufReader::with_capacity(64 * 1024, file)),
    ))
}

/// Decodes the bytes of input `name` as UTF-8 text (a byte-order mark at the start is
/// dropped); an empty or blank input, or one that is not UTF-8, is an input error.
pub fn text(name: String, bytes: impl Into<Vec<u8>>) -> Result<Source, InputError> {
    text_of(name, bytes, &PROFILE_FILE)
}

/// Decodes the bytes of input `name` as [`text`] does, with `advice` for an input that is
/// not UTF-8 or empty.
pub fn text_of(
    name: String,
    bytes: impl Into<Vec<u8>>,
    advice: &FileAdvice,
) -> Result<Source, InputError> {
    let mut bytes: Vec<u8> = bytes.into();
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    if let Some(encoding) = wide_encoding(&bytes) {
        return Err(InputError::one(&name, wide_problem(encoding)));
    }
    // The buffer becomes the text without a copy: a large input is in memory once.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let good = String::from_utf8_lossy(good);
            let (line, column) = source::position(&good, good.len());
            let span = Span::new(
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
                1,
            );
            return Err(InputError::one(
                &name,
                Problem::unreadable(span, "the file is not valid UTF-8").help(advice.not_utf8),
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(InputError::one(
            &name,
            Problem::whole(ProblemKind::Unreadable, "the file is empty").help(advice.empty),
        ));
    }
    Ok(Source::new(name, text))
}

/// A file in a wide `encoding`, told by its byte-order mark.
fn wide_problem(encoding: &str) -> Problem {
    Problem::unreadable(
        Span::new(1, 1, 1),
        format!("the file is {encoding} text (it starts with that byte-order mark), not UTF-8"),
    )
    .help(
        "save the file as UTF-8: in an editor, \"Save with encoding: UTF-8\"; in PowerShell, `Get-Content FILE | Set-Content -Encoding utf8 NEW` (PowerShell 5 writes UTF-16 by default)",
    )
}

/// The UTF-16 or UTF-32 encoding whose byte-order mark `bytes` start with. UTF-32 LE is
/// tried first: its mark begins with UTF-16 LE's.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    [
        (&b"\xff\xfe\x00\x00"[..], "UTF-32 (little-endian)"),
        (&b"\x00\x00\xfe\xff"[..], "UTF-32 (big-endian)"),
        (&b"\xff\xfe"[..], "UTF-16 (little-endian)"),
        (&b"\xfe\xff"[..], "UTF-16 (big-endian)"),
    ]
    .into_iter()
    .find(|(mark, _)| bytes.starts_with(mark))
    .map(|(_, encoding)| encoding)
}

/// Why `path` cannot be opened at all (it does not exist, or may not be looked at), in the
/// operating system's words; `None` when it can.
pub fn unopenable(path: &str) -> Option<String> {
    fs::symlink_metadata(path).err().map(|e| io_reason(&e))
}

/// The metadata of `path` when it is a regular file that may be read, else what is wrong
/// and what to do.
fn regular_file(path: &str) -> Result<fs::Metadata, (String, &'static str)> {
    let cannot = |e: &io::Error| {
        let help = if e.kind() == io::ErrorKind::NotFound {
            "check the path (relative paths start from the current directory)"
        } else {
            "check that the file can be read"
        };
        (format!("cannot read the file: {}", io_reason(e)), help)
    };
    // The path itself first, without following it: a dangling link says so.
    fs::symlink_metadata(path).map_err(|e| cannot(&e))?;
    if let Some(link) = link_leaving_the_tree(Path::new(path)) {
        return Err((
            format!(
                "`{}` is a symbolic link that leads outside its tree (the git work tree that holds it, else the current directory's) or nowhere; it is not followed",
                link.display()
            ),
            "name the file itself, or link only to files inside the repository",
        ));
    }
    if lies_in_a_git_directory(Path::new(path)) {
        return Err((
            "lies inside a `.git` folder (reached through a symbolic link or named so): the repository's own files are no input".to_owned(),
            "name the file itself, outside `.git`",
        ));
    }
    let meta = fs::metadata(path).map_err(|e| cannot(&e))?;
    if meta.is_dir() {
        return Err((
            "this is a directory, not a file".to_owned(),
            "name the file inside it (a profile: `profiles/prod.yaml`)",
        ));
    }
    if !meta.is_file() {
        return Err((
            "is not a regular file (a FIFO, a socket or a device); it is not opened".to_owned(),
            "name a regular file, or `-` to read standard input",
        ));
    }
    Ok(meta)
}

/// The first symbolic link on `path` that leads out of the tree it sits in (or nowhere).
///
/// A link's tree is the git work tree that holds it (the nearest directory upward with a
/// `.git` entry), wherever the check runs from, so that a configured profile that is a
/// link out of the repository is refused from a subdirectory as from the root; a link in
/// no work tree is held to the current directory's tree. Links outside both (`/tmp` on
/// some systems) are the user's own and are followed.
pub fn link_leaving_the_tree(path: &Path) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    let mut prefix = PathBuf::new();
    for part in path.components() {
        prefix.push(part);
        let is_link = fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            continue;
        }
        let parent = match prefix.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.canonicalize().ok()?,
            _ => cwd.clone(),
        };
        let tree = match work_tree_of(&parent) {
            Some(top) => top,
            None if parent.starts_with(&cwd) => cwd.as_path(),
            None => continue,
        };
        match prefix.canonicalize() {
            Ok(target) if target.starts_with(tree) => {}
            _ => return Some(prefix),
        }
    }
    None
}

/// Whether `path`, with every link resolved (the folder it is in, where the file itself does
/// not exist yet), lies inside a `.git` folder: the repository's configuration may hold a
/// token and its hooks run programs, so nothing is read from or written there.
pub fn lies_in_a_git_directory(path: &Path) -> bool {
    let resolved = fs::canonicalize(path).ok().or_else(|| {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
    });
    resolved.is_some_and(|p| names_a_git_directory(&p))
}

/// Whether a part of `path`, as written, is `.git` (in any case, as case-insensitive file
/// systems read it): the one test of where a repository's own files begin.
pub fn names_a_git_directory(path: &Path) -> bool {
    path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|c| c.eq_ignore_ascii_case(".git"))
    })
}

/// The top level of the git work tree that holds `dir` (absolute): the nearest directory
/// upward with a `.git` entry.
pub fn work_tree_of(dir: &Path) -> Option<&Path> {
    dir.ancestors()
        .find(|d| fs::symlink_metadata(d.join(".git")).is_ok())
}

fn too_large(path: &str, size: u64, advice: &FileAdvice) -> InputError {
    InputError::one(
        path,
        Problem::whole(
            ProblemKind::Limit,
            format!(
                "the file is {size} bytes, over the limit of {} bytes (8 MiB)",
                limits::MAX_FILE_BYTES
            ),
        )
        .help(advice.too_large),
    )
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Parses and checks a profile (format v1), reporting every problem of the file; a YAML
/// syntax error stops at the first.
pub fn profile(source: &Source) -> Result<Profile, InputError> {
    profile::read(&source.text).map_err(|mut problems| {
        problems.sort_by_key(|p| p.span);
        InputError {
            path: source.name.clone(),
            problems,
        }
    })
}

/// Reads a `--runtime` file already read as text: a manifest (SPEC §4), Kubernetes
/// manifests or a Compose file, by its content, workloads mapped by the default labels.
pub fn runtime(source: &Arc<Source>) -> Result<Runtime, InputError> {
    runtime::from_source(source, None, &runtime::Options::default())
}

/// Parses and checks a waivers file (SPEC §4a), judging expiry against `today`.
pub fn waivers(source: &Source, today: Date) -> Result<Vec<Waiver>, InputError> {
    decoded(source, |root| waivers::decode(root, today))
}

fn decoded<T>(
    source: &Source,
    decode: impl FnOnce(&tree::Node) -> Result<T, Vec<error::Problem>>,
) -> Result<T, InputError> {
    let root = tree::parse(&source.text, &profile::READING)
        .map_err(|p| InputError::one(&source.name, p))?;
    let decoded = decode(&root);
    drop_large(root, source.text.len());
    decoded.map_err(|mut problems| {
        problems.sort_by_key(|p| p.span);
        InputError {
            path: source.name.clone(),
            problems,
        }
    })
}

/// Inputs from this size on have their tree freed on another thread.
const LARGE_INPUT: usize = 256 * 1024;

/// Frees the tree of an input of `size` bytes. The tree of a large profile is hundreds of
/// thousands of allocations; freeing them one by one took about a tenth of a 40,000-module
/// check, so a large tree is freed on another thread while the rules run (a process that
/// exits first simply hands the memory back whole).
fn drop_large(root: tree::Node, size: usize) {
    if size < LARGE_INPUT {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("drop-tree".to_owned())
        .spawn(move || drop(root));
    // With no thread to be had, `spawn` has freed the tree itself.
    drop(spawned);
}

/// Reads the Markdown profile (for `import` and `--doc`), reporting every problem with its
/// document line.
pub fn doc(source: &Source) -> Result<DocProfile, InputError> {
    doc::read(&source.text).map_err(|problems| InputError {
        path: source.name.clone(),
        problems: decode::capped(problems),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_lists_its_first_problems_and_counts_the_rest() {
        let document = include_str!("../profiles/RUNTIME_PROFILE_PROD.md");
        let row = "| Webinar Room UI (ui-webinar-room) | ui | required |";
        let rows: String = (0..300)
            .map(|i| format!("| Extra {i} (extra-{i}) | ui | requird | x |\n"))
            .collect();
        let Some(at) = document.find(row) else {
            panic!("the document has the row");
        };
        let text = format!("{}{rows}{}", &document[..at], &document[at..]);
        let Err(error) = doc(&Source::new("d.md".to_owned(), text)) else {
            panic!("300 rows of an unknown status were read");
        };
        let counted: usize = error.problems.iter().map(|p| p.counts).sum();
        assert_eq!((error.problems.len(), counted), (201, 300));
        assert_eq!(
            error.problems.last().map(|p| p.kind),
            Some(ProblemKind::Omitted)
        );
    }

    #[test]
    fn the_advice_for_an_unreadable_file_names_its_input() {
        let path =
            std::env::temp_dir().join(format!("profile-check-load-{}.md", std::process::id()));
        let file = fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
        file.set_len(limits::MAX_FILE_BYTES + 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let shown = path.to_string_lossy();
        let help = |advice| {
            read_input(&shown, advice)
                .err()
                .and_then(|e| e.problems.first().and_then(|p| p.help.clone()))
                .unwrap_or_default()
        };
        assert_eq!(
            help(&DOC_FILE),
            "a Markdown profile is some tens of kilobytes; check that this is the right file"
        );
        assert_eq!(help(&PROFILE_FILE), PROFILE_FILE.too_large);
        let _ = fs::remove_file(&path);
    }
}
