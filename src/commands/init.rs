//! `profile-check init`: writes a profile-check.toml for the profiles found under the
//! current directory, each with the Markdown document beside it whose modules it
//! transcribes, and `git:latest-tag` as its baseline where a release tag holds it, with the
//! `release_tags` pattern that matches the repository's tags.
//!
//! It also looks for what the repository deploys — a Compose file, a folder of Kubernetes
//! manifests, a kustomize overlay or a Helm chart — and writes the `runtime` entry for what
//! the gate reads as it is, or, for what must be rendered first, a comment with the exact
//! command (the runtime reader's own help).
//!
//! `init` runs in trees it did not write (a download, a pull request's checkout): it runs
//! no program (git is read in-process), and creates its file only as a new file, never
//! through a symbolic link, dangling or not.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Output;
use crate::config::FILE_NAME;
use crate::escape::{escape_controls, escape_path, is_hidden};
use crate::exit::EXIT_INPUT;
use crate::load::{self, git};

/// Directories never searched: hidden ones (`.git`), build output, dependencies, and test
/// fixtures, which are profiles but not the ones a release ships.
const SKIPPED: &[&str] = &[
    "target",
    "node_modules",
    "vendor",
    "tests",
    "test",
    "testdata",
    "fixtures",
    "examples",
];
/// How deep below the current directory profiles are looked for.
const MAX_DEPTH: usize = 4;
/// How many files are looked at, at most: a huge tree is not read whole.
const MAX_FILES: usize = 5_000;

/// Names of Compose files, as `docker compose` looks for them.
const COMPOSE_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];
/// Names of folders that usually hold a release's Kubernetes manifests.
const MANIFEST_FOLDERS: &[&str] = &["k8s", "kubernetes", "manifests", "deploy", "deployment"];
/// Files that make a folder a source to render (kustomize, Helm), not manifests.
const RENDER_SOURCES: &[&str] = &[
    "kustomization.yaml",
    "kustomization.yml",
    "Kustomization",
    "Chart.yaml",
];

/// A deployment found: the `--runtime` argument, and whether the gate reads it as it is
/// (`Err`: what to do first, the reader's own words).
struct Deployment {
    argument: String,
    read: Result<(), String>,
}

/// One profile found, and what it is wired to.
struct Found {
    path: String,
    doc: Option<String>,
    baseline: bool,
}

/// Release tag patterns `init` recognises, most usual first: the first that matches a tag of
/// the repository is written; [`git::DEFAULT_RELEASE_TAGS`] when none does.
const TAG_PATTERNS: &[&str] = &[
    git::DEFAULT_RELEASE_TAGS,
    "[0-9]*",
    "release-*",
    "release/*",
    "rel-*",
];

/// Writes profile-check.toml in the current directory, unless there is one.
pub fn run() -> Output {
    let fail = |message: String| Output::stderr(format!("error: {message}\n"), EXIT_INPUT);
    match std::fs::symlink_metadata(FILE_NAME) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return fail(format!(
                "{FILE_NAME} here is a symbolic link; init writes only a new regular file, never through a link; remove the link and run `profile-check init` again"
            ));
        }
        Ok(_) => {
            return fail(format!(
                "{FILE_NAME} already exists here; edit it, or remove it and run `profile-check init` again"
            ));
        }
        Err(_) => {}
    }
    let (release_tags, tags) = release_tags(Path::new("."));
    let mut files = Vec::new();
    walk(Path::new("."), 0, &mut files);
    files.sort();
    let found: Vec<Found> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter_map(|yaml| wire(yaml, &files, &release_tags))
        .collect();
    if found.is_empty() {
        return fail(format!(
            "no runtime profile found under the current directory (YAML files that load as profiles, \
             at most {MAX_DEPTH} folders down and among the first {MAX_FILES} files; hidden directories and {} are not searched); \
             write {FILE_NAME} by hand: `profile-check schema config` gives its keys",
            SKIPPED.join(", ")
        ));
    }
    let deployments = deployments(&files);
    let text = render(&found, &release_tags, &deployments);
    if let Err(e) = create_new(Path::new(FILE_NAME), &text) {
        return fail(format!("cannot write {FILE_NAME}: {e}"));
    }
    Output::stdout(report(&found, &release_tags, tags, &deployments))
}

/// The deployments among `files`: Compose files, folders of manifests, and the kustomize
/// and Helm sources (each folder once), in path order.
fn deployments(files: &[PathBuf]) -> Vec<Deployment> {
    let mut arguments: Vec<String> = Vec::new();
    for file in files {
        let Some(name) = file.file_name().map(|n| n.to_string_lossy()) else {
            continue;
        };
        let folder = file.parent().map(relative).unwrap_or_default();
        let argument = if COMPOSE_FILES.contains(&&*name) {
            format!("compose:{}", relative(file))
        } else if RENDER_SOURCES.contains(&&*name)
            || (file
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
                && folder
                    .rsplit('/')
                    .next()
                    .is_some_and(|last| MANIFEST_FOLDERS.contains(&last)))
        {
            format!("kubernetes:{folder}/")
        } else {
            continue;
        };
        if !folder.is_empty() || argument.starts_with("compose:") {
            arguments.push(argument);
        }
    }
    arguments.sort();
    arguments.dedup();
    let options = crate::load::runtime::Options::default();
    arguments
        .into_iter()
        .map(|argument| {
            let read = crate::load::runtime::read(&argument, &options)
                .map_err(|failure| {
                    let (error, _) = *failure;
                    error
                        .problems
                        .first()
                        .map(|p| p.help.clone().unwrap_or_else(|| p.worded().into_owned()))
                        .unwrap_or_default()
                })
                .and_then(|(_, runtime)| match runtime {
                    // Manifests of no workload (ConfigMaps, Services) are no deployment.
                    crate::load::runtime::Runtime::Deployment(d) if d.workloads.is_empty() => Err(
                        "reads, but runs no workload: it is not what the release deploys"
                            .to_owned(),
                    ),
                    _ => Ok(()),
                });
            Deployment { argument, read }
        })
        .collect()
}

/// Writes `text` to `path` as a new file: `create_new` fails on anything already there,
/// a symbolic link (dangling or not) included, so nothing is written through a link.
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// The release tag pattern of the repository holding `dir`: of [`TAG_PATTERNS`], the one
/// that most of its tags match (the earlier on a tie), else the default; and how many tags
/// it matches.
fn release_tags(dir: &Path) -> (String, usize) {
    let tags = git::tag_names(dir).unwrap_or_default();
    let mut best = (git::DEFAULT_RELEASE_TAGS, 0);
    for pattern in TAG_PATTERNS {
        let Ok(glob) = git::Glob::new(pattern) else {
            continue;
        };
        let count = tags.iter().filter(|t| glob.matches(t)).count();
        if count > best.1 {
            best = (pattern, count);
        }
    }
    (best.0.to_owned(), best.1)
}

/// Every file under `dir`, `depth` levels down, skipping [`SKIPPED`] and hidden
/// directories, up to [`MAX_FILES`]; symbolic links are not followed.
fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if files.len() >= MAX_FILES {
            return;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            if depth < MAX_DEPTH && !name.starts_with('.') && !SKIPPED.contains(&&*name) {
                walk(&path, depth + 1, files);
            }
        } else if kind.is_file() {
            files.push(path);
        }
    }
}

/// `./profiles/prod.yaml` → `profiles/prod.yaml`, with `/` on every system.
fn relative(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The profile at `yaml` with its document, or `None` when it is not a profile.
fn wire(yaml: &Path, files: &[PathBuf], release_tags: &str) -> Option<Found> {
    let path = relative(yaml);
    let profile = load::profile(&load::read(&path).ok()?).ok()?;
    let mut ids: Vec<&str> = profile
        .modules
        .iter()
        .map(|m| m.id.value.as_str())
        .collect();
    ids.sort_unstable();
    // The document is beside the profile, reads as a Markdown profile, and lists the same
    // modules.
    let doc = files
        .iter()
        .filter(|f| f.parent() == yaml.parent() && f.extension().is_some_and(|e| e == "md"))
        .map(|f| relative(f))
        .find(|md| {
            let Ok(doc) = load::read(md).and_then(|s| load::doc(&s)) else {
                return false;
            };
            let mut theirs: Vec<&str> = doc.index.keys().map(String::as_str).collect();
            theirs.sort_unstable();
            theirs == ids
        });
    let settings = git::Settings {
        start: Some(PathBuf::from(".")),
        release_tags: release_tags.to_owned(),
    };
    let baseline = git::read(git::LATEST_TAG, &path, &settings)
        .is_ok_and(|read| load::profile(&read.source).is_ok());
    Some(Found {
        path,
        doc,
        baseline,
    })
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_hidden(c) => match u16::try_from(u32::from(c)) {
                Ok(unit) => {
                    let _ = write!(out, "\\u{unit:04X}");
                }
                Err(_) => {
                    let _ = write!(out, "\\U{:08X}", u32::from(c));
                }
            },
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The configuration's text.
fn render(found: &[Found], release_tags: &str, deployments: &[Deployment]) -> String {
    let mut text = String::from(
        "# profile-check configuration, written by `profile-check init`. `profile-check` with no\n\
         # arguments checks every profile below with its inputs; paths are relative to this file.\n\
         # Keys: `profile-check schema config`. Each [[profile]] may also have\n\
         # `waivers = \"…\"` (accepted, expiring exceptions) and `runtime = \"…\"` (what the\n\
         # environment deploys: Kubernetes manifests, a Compose file, or a manifest).\n\
         \n\
         # The tags of releases: `git:latest-tag` is the nearest one before HEAD's release.\n",
    );
    let _ = writeln!(text, "release_tags = {}", quoted(release_tags));
    for f in found {
        let _ = write!(text, "\n[[profile]]\npath = {}\n", quoted(&f.path));
        let mut require = Vec::new();
        match &f.doc {
            Some(doc) => {
                let _ = writeln!(text, "doc = {}", quoted(doc));
                require.push("\"doc\"");
            }
            None => text.push_str("# doc = \"…\"  # the Markdown source, for rule doc-sync\n"),
        }
        if f.baseline {
            text.push_str("baseline = \"git:latest-tag\"\n");
            require.push("\"baseline\"");
        } else {
            text.push_str(
                "# baseline = \"git:latest-tag\"  # once a release is tagged: rule profile-updated\n",
            );
        }
        runtime_lines(&mut text, deployments);
        if !require.is_empty() {
            let _ = writeln!(text, "require = [{}]", require.join(", "));
        }
    }
    text
}

/// The `runtime` entry of a profile: the one deployment the gate reads as it is, else
/// comments naming each one found and what to do with it.
fn runtime_lines(text: &mut String, deployments: &[Deployment]) {
    let readable: Vec<&Deployment> = deployments.iter().filter(|d| d.read.is_ok()).collect();
    if let [only] = readable.as_slice() {
        let _ = writeln!(text, "runtime = {}", quoted(&only.argument));
    }
    for d in deployments {
        match &d.read {
            Ok(()) if readable.len() == 1 => {}
            Ok(()) => {
                let _ = writeln!(
                    text,
                    "# runtime = {}  # one of {} deployments found: keep the one this profile is for",
                    quoted(&d.argument),
                    readable.len()
                );
            }
            Err(what) => {
                let _ = writeln!(text, "# {}: {}", comment(&d.argument), comment(what));
            }
        }
    }
}

/// `text` on one comment line: controls escaped, line breaks gone.
fn comment(text: &str) -> String {
    escape_controls(text).replace(['\n', '\r'], " ")
}

/// What `init` says it wired.
fn report(found: &[Found], release_tags: &str, tags: usize, deployments: &[Deployment]) -> String {
    let mut text = format!("wrote {FILE_NAME}:\n");
    if tags > 0 {
        let _ = writeln!(
            text,
            "  release tags: `{}` ({tags} tag{} of this repository)",
            escape_controls(release_tags),
            if tags == 1 { "" } else { "s" }
        );
    }
    for f in found {
        let mut inputs = Vec::new();
        if let Some(doc) = &f.doc {
            inputs.push(format!("doc {}", escape_controls(doc)));
        }
        if f.baseline {
            inputs.push("baseline git:latest-tag".to_owned());
        }
        let inputs = if inputs.is_empty() {
            "no document, no baseline".to_owned()
        } else {
            inputs.join(", ")
        };
        let _ = writeln!(text, "  {}: {inputs}", escape_path(&f.path));
    }
    for d in deployments {
        let _ = writeln!(
            text,
            "  deployment {}: {}",
            escape_controls(&d.argument),
            match &d.read {
                Ok(()) => "read as it is",
                Err(_) => "to render first (see the comment in the file)",
            }
        );
    }
    text.push_str("Run `profile-check` to check them.\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(quoted("a\"b\\c\u{1b}"), "\"a\\\"b\\\\c\\u001B\"");
        // Every character the one escaping policy hides is written as a TOML escape.
        assert_eq!(
            quoted("d\u{202e}\u{2028}\u{61c}\u{e0041}.md"),
            "\"d\\u202E\\u2028\\u061C\\U000E0041.md\""
        );
    }

    #[test]
    fn the_written_configuration_reads_back() {
        let found = [
            Found {
                path: "profiles/prod.yaml".to_owned(),
                doc: Some("profiles/RUNTIME_PROFILE_PROD.md".to_owned()),
                baseline: true,
            },
            Found {
                path: "other/\"odd\".yaml".to_owned(),
                doc: None,
                baseline: false,
            },
        ];
        let text = render(&found, "release-*", &[]);
        let source = std::sync::Arc::new(crate::source::Source::new(FILE_NAME, text.as_str()));
        let config = match crate::config::parse(source) {
            Ok(config) => config,
            Err(e) => panic!("{e}\n{text}"),
        };
        assert_eq!(config.git_settings().release_tags, "release-*");
        let plans = config.plans();
        assert_eq!(plans.len(), 2);
        let prod = plans.first().cloned().unwrap_or_default();
        assert_eq!(
            prod.get(crate::inputs::InputKind::Doc),
            Some("profiles/RUNTIME_PROFILE_PROD.md")
        );
        assert_eq!(
            prod.get(crate::inputs::InputKind::Baseline),
            Some("git:latest-tag")
        );
        assert_eq!(prod.require.len(), 2);
        let odd = plans.get(1).cloned().unwrap_or_default();
        assert_eq!(odd.path, "other/\"odd\".yaml");
        assert_eq!(odd.require, []);
    }
}
