//! SARIF 2.1.0 (OASIS), for code scanning: one run, every rule of the registry (and
//! `input-error`) in `tool.driver.rules`, a result per finding and per input problem.
//! What GitHub code scanning relies on is there: `partialFingerprints` that survive edits
//! above a finding, URIs relative to the repository root under `%SRCROOT%`, rule names,
//! help and tags, and a broken profile that reads as an error, never as clean.
//! Small hand-written types: the format needs only a few of SARIF's objects.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::Options;
use crate::check::CheckRun;
use crate::diagnostic::{Diagnostic, DiagnosticKind, INPUT_ERROR};
use crate::finding::Severity;
use crate::rules::{Needs, RULES, Rule};
use crate::source::Span;

/// The base id the result URIs are relative to: the repository root.
const SRCROOT: &str = "%SRCROOT%";

/// Where the tool and its rules are documented.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The key of the fingerprint in `partialFingerprints`; the version changes if the way
/// it is computed ever does, so that code scanning does not match old and new ones.
const FINGERPRINT: &str = "profileCheck/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<HashMap<&'static str, ArtifactLocation>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
    help_uri: String,
    help: Help,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_directory: Option<ArtifactLocation>,
    tool_execution_notifications: Vec<Notification>,
    properties: InvocationProperties<'a>,
}

/// What each profile was held against (a SARIF property bag): a clean run that checked a
/// profile against itself alone says so.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InvocationProperties<'a> {
    held_against: Vec<HeldAgainst<'a>>,
}

#[derive(Serialize)]
struct HeldAgainst<'a> {
    profile: String,
    #[serde(flatten)]
    inputs: super::HeldAgainst<'a>,
    /// What a `git:` baseline resolved to: its tag and commit.
    #[serde(rename = "baselineResolved", skip_serializing_if = "Option::is_none")]
    baseline_resolved: Option<super::ResolvedBaseline>,
    note: Option<String>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: HashMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

/// What a result says beyond SARIF's own fields.
#[derive(Serialize)]
struct ResultProperties<'a> {
    /// The `--runtime` input the profile was checked against, when it is held against
    /// several deployments: the same finding against two deployments is two results.
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment: Option<&'a str>,
    /// For an input problem, its kind (`wrong-type`, `unknown`, …): the JSON report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// For an input problem, the value at fault as found.
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a str>,
    /// For an input problem, what was expected there.
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<&'a str>,
    /// For an unknown name, the known one nearest to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

/// A place a result refers to besides its own: where a duplicate's first stands.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: u32,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

/// Renders `run` as one SARIF log.
pub fn render(run: &CheckRun, _: Options) -> String {
    render_in(run, &Root::find())
}

fn render_in(run: &CheckRun, root: &Root) -> String {
    let mut rules: Vec<ReportingDescriptor> = RULES.iter().map(|r| descriptor(r)).collect();
    rules.push(input_error_descriptor());
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (d, deployment) in run
        .profiles
        .iter()
        .flat_map(|p| p.diagnostics.iter().map(|d| (d, p.deployment.as_deref())))
    {
        let location = root.location(&d.path, d.span);
        if d.kind() == DiagnosticKind::InputProblem {
            // Also a notification: a tool's own problems are where SARIF viewers look for
            // them; the result is what code scanning counts.
            notifications.push(Notification {
                level: "error",
                message: Text {
                    text: sentence(&input_text(d)),
                },
                locations: vec![root.location(&d.path, d.span)],
            });
        }
        let mut result = result(d, deployment, location, &mut seen);
        // A duplicate's first occurrence, in the same file.
        if let Some(first) = d.related {
            result.related_locations.push(RelatedLocation {
                id: 1,
                physical_location: root.location(&d.path, Some(first)).physical_location,
                message: Text {
                    text: "The first is here.".to_owned(),
                },
            });
        }
        results.push(result);
    }
    let working_directory = root.uri().map(|uri| ArtifactLocation {
        uri,
        uri_base_id: None,
    });
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "profile-check",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                working_directory: working_directory.clone(),
                tool_execution_notifications: notifications,
                properties: InvocationProperties {
                    held_against: run
                        .profiles
                        .iter()
                        .map(|p| HeldAgainst {
                            profile: crate::escape::escape_controls(&p.path),
                            inputs: super::HeldAgainst(p),
                            baseline_resolved: super::ResolvedBaseline::of(p),
                            note: p.unheld_note(),
                        })
                        .collect(),
                },
            }],
            original_uri_base_ids: working_directory.map(|w| HashMap::from([(SRCROOT, w)])),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A rule's id in PascalCase (`event-flow` → `EventFlow`), as SARIF's `name` wants.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The README's anchor of a rule's row in the rule table.
fn help_uri(id: &str) -> String {
    format!("{INFORMATION_URI}#rule-{id}")
}

fn descriptor(r: &Rule) -> ReportingDescriptor {
    // The explain text, in Markdown.
    let markdown = format!(
        "{}\n\n**Why.** {}\n\n**What fails.** {}\n\nFailing example:\n\n```yaml\n{}\n```\n\nFixed:\n\n```yaml\n{}\n```\n\n**How to fix.** {}\n\n`profile-check explain {}` tells the same.",
        r.summary,
        r.why,
        r.fails,
        r.bad,
        r.good,
        r.fix,
        r.name()
    );
    ReportingDescriptor {
        id: r.name(),
        name: pascal_case(r.name()),
        short_description: Text {
            text: sentence(r.summary),
        },
        full_description: Text {
            text: format!("{} {}", r.why, r.fails),
        },
        default_configuration: Configuration {
            level: level(r.severity),
        },
        help_uri: help_uri(r.name()),
        help: Help {
            text: r.fix.to_owned(),
            markdown,
        },
        properties: RuleProperties {
            tags: vec!["runtime-profile", tag(r.needs)],
            // A rule reads declared values: what it reports is there, never a guess.
            precision: "very-high",
            problem_severity: level(r.severity),
        },
    }
}

/// What a rule reads besides the profile, as a tag: `profile`, `runtime`, `doc`, …
fn tag(needs: Needs) -> &'static str {
    match needs {
        Needs::Profile | Needs::Activation => "profile",
        Needs::Input(kind) => kind.flag().trim_start_matches('-'),
    }
}

fn input_error_descriptor() -> ReportingDescriptor {
    let fix = "Fix the input at the place shown (the message says what is wrong and what to write); until then no rule has run on the profile.";
    ReportingDescriptor {
        id: INPUT_ERROR,
        name: "InputError".to_owned(),
        short_description: Text {
            text: "An input could not be checked, so the rules did not run.".to_owned(),
        },
        full_description: Text {
            text: "A profile or another input (runtime manifest, baseline, waivers, document) could not be read or does not follow its format. The gate fails closed: a profile that cannot be checked never passes.".to_owned(),
        },
        default_configuration: Configuration { level: "error" },
        help_uri: format!("{INFORMATION_URI}#exit-codes"),
        help: Help {
            text: fix.to_owned(),
            markdown: fix.to_owned(),
        },
        properties: RuleProperties {
            tags: vec!["runtime-profile", "input"],
            precision: "very-high",
            problem_severity: "error",
        },
    }
}

fn input_text(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}: {} (fix: {help})", d.path, d.text()),
        None => format!("{}: {}", d.path, d.text()),
    }
}

/// `text` ending with a full stop, as SARIF viewers expect of a message.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn result<'a>(
    d: &'a Diagnostic,
    deployment: Option<&'a str>,
    location: Location,
    seen: &mut HashMap<u64, usize>,
) -> SarifResult<'a> {
    let (rule_id, rule_index, text) = match d.rule {
        Some(id) => (
            id.as_str(),
            RULES.iter().position(|r| r.id == id).unwrap_or_default(),
            format!(
                "{} (fix: {})",
                d.text(),
                d.help.as_deref().unwrap_or_default()
            ),
        ),
        None => (INPUT_ERROR, RULES.len(), input_text(d)),
    };
    // The file as the root sees it: the same however the path was written.
    let file = &location.physical_location.artifact_location.uri;
    let hash = fingerprint(rule_id, d.module.as_deref(), file, &d.message, deployment);
    // The same finding twice in one file (rare) gets `:2`, as GitHub's own hashes do.
    let occurrence = seen.entry(hash).or_default();
    *occurrence += 1;
    SarifResult {
        rule_id,
        rule_index,
        level: level(d.severity),
        message: Text {
            text: sentence(&text),
        },
        locations: vec![location],
        related_locations: Vec::new(),
        partial_fingerprints: HashMap::from([(FINGERPRINT, format!("{hash:016x}:{occurrence}"))]),
        suppressions: d
            .waiver
            .iter()
            .map(|note| Suppression {
                kind: "external",
                justification: note.clone(),
            })
            .collect(),
        properties: (deployment.is_some() || d.problem.is_some()).then(|| {
            let problem = d.problem.as_ref();
            ResultProperties {
                deployment,
                kind: problem.map(|p| p.kind.as_str()),
                found: problem.and_then(|p| p.found.as_deref()),
                expected: problem.and_then(|p| p.expected.as_deref()),
                suggestion: problem.and_then(|p| p.suggestion.as_deref()),
            }
        }),
    }
}

/// A stable hash of what a finding is about, not where it stands: the rule, the module,
/// the file and the message with line and column numbers taken out (a duplicate's message
/// names the first one's line). The message is the finding's as worded: a `(strict)` mark
/// is added only where it is shown ([`Diagnostic::text`]). FNV-1a (64 bits): the same
/// on every platform and release, unlike std's `DefaultHasher`. The deployment, when the
/// profile is held against several, is part of it: the same finding against two regions
/// is two findings, each stable whatever order the deployments are named in.
pub(super) fn fingerprint(
    rule: &str,
    module: Option<&str>,
    path: &str,
    message: &str,
    deployment: Option<&str>,
) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        rule,
        module.unwrap_or_default(),
        path,
        &without_positions(message),
    ] {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // Only when there is one: a single deployment's fingerprints stay as they were.
    for byte in deployment.unwrap_or_default().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `message` with the number after each `line`, `lines` and `column` replaced by `#`, and
/// each place written `PATH:LINE` (or `PATH:LINE:COLUMN`) replaced by `#` whole: the path
/// is spelled from the working directory, and the line moves when lines are added above.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut after_position_word = false;
    for word in message.split_inclusive(' ') {
        let bare = word.trim_end();
        let core = bare
            .trim_start_matches(['(', '['])
            .trim_end_matches([')', ']', ',', ';', '.']);
        if is_place(core)
            && let Some(at) = bare.find(core)
        {
            out.push_str(bare.get(..at).unwrap_or_default());
            out.push('#');
            out.push_str(word.get(at + core.len()..).unwrap_or_default());
        } else if after_position_word && bare.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('#');
            out.push_str(bare.trim_start_matches(|c: char| c.is_ascii_digit()));
            out.push_str(word.get(bare.len()..).unwrap_or_default());
        } else {
            out.push_str(word);
        }
        let word = bare.trim_start_matches('(').to_lowercase();
        after_position_word = matches!(word.as_str(), "line" | "lines" | "column");
    }
    out
}

/// Whether `word` is a place, `PATH:LINE` or `PATH:LINE:COLUMN`.
fn is_place(word: &str) -> bool {
    let mut parts = word.rsplitn(3, ':');
    let last = parts.next().unwrap_or_default();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (parts.next(), parts.next()) {
        (Some(line), Some(path)) if digits(line) && digits(last) => !path.is_empty(),
        (Some(path), _) if digits(last) => !path.is_empty() && !digits(path),
        _ => false,
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The repository root that URIs are relative to: the nearest folder up from the current
/// directory that holds `.git` (a folder, or a file in a worktree), else the current
/// directory.
pub(super) struct Root {
    /// The root, absolute and with symbolic links resolved; `None` when the current
    /// directory cannot be found (then paths are written as given).
    path: Option<PathBuf>,
    /// The current directory, as the relative paths of the command line start there.
    cwd: Option<PathBuf>,
}

impl Root {
    pub(super) fn find() -> Self {
        let cwd = std::env::current_dir().ok();
        let canonical = cwd.as_deref().map(canonical);
        let path = canonical.as_deref().map(|cwd| {
            cwd.ancestors()
                .find(|dir| dir.join(".git").exists())
                .unwrap_or(cwd)
                .to_path_buf()
        });
        Self { path, cwd }
    }

    /// The root as an absolute `file:` URI ending in `/`.
    fn uri(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        let mut uri = file_uri(path);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        Some(uri)
    }

    /// `path` (as the user named it) relative to the root under `%SRCROOT%`; a file outside
    /// the root as an absolute `file:` URI; `<stdin>` as it is.
    fn artifact(&self, path: &str) -> ArtifactLocation {
        let as_given = ArtifactLocation {
            uri: encode(path),
            uri_base_id: None,
        };
        let (Some(root), Some(cwd)) = (&self.path, &self.cwd) else {
            return as_given;
        };
        if path == crate::load::STDIN_NAME || path.starts_with("--") {
            return as_given;
        }
        let absolute = canonical(&cwd.join(path));
        match absolute.strip_prefix(root) {
            Ok(relative) => ArtifactLocation {
                uri: encode(&slashed(relative)),
                uri_base_id: Some(SRCROOT),
            },
            Err(_) => ArtifactLocation {
                uri: file_uri(&absolute),
                uri_base_id: None,
            },
        }
    }

    /// `path` (as the user named it) relative to the root with forward slashes, as GitLab
    /// wants a file named; outside the root, or when there is none, as given.
    pub(super) fn relative(&self, path: &str) -> String {
        let (Some(root), Some(cwd)) = (&self.path, &self.cwd) else {
            return path.to_owned();
        };
        if path == crate::load::STDIN_NAME || path.starts_with("--") {
            return path.to_owned();
        }
        let relative = canonical(&cwd.join(path))
            .strip_prefix(root)
            .map_or_else(|_| path.to_owned(), slashed);
        // The root itself (a "file" named `.`) has no relative path: it is named as given.
        if relative.is_empty() {
            return path.to_owned();
        }
        relative
    }

    fn location(&self, path: &str, span: Option<Span>) -> Location {
        // Code scanning places every result on a line: a problem with the whole file is
        // shown at its first.
        let span = span.unwrap_or(Span::new(1, 1, 0));
        let start_column = span.column.max(1);
        Location {
            physical_location: PhysicalLocation {
                artifact_location: self.artifact(path),
                region: Some(Region {
                    start_line: span.line.max(1),
                    start_column,
                    end_line: span.line.max(1),
                    end_column: start_column.saturating_add(span.len.max(1)),
                }),
            },
        }
    }
}

/// `path` with symbolic links resolved when it exists, else with `.` and `..` removed.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with forward slashes.
fn slashed(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// An absolute path as a `file:` URI (`C:\a` → `file:///C:/a`).
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("//?/").unwrap_or(&text);
    let encoded = encode_keeping(text, b":");
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

/// A relative URI reference for `path`: forward slashes, and every byte outside the
/// unreserved set and `/` percent-encoded (`<stdin>` → `%3Cstdin%3E`).
fn encode(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    encode_keeping(path, b"")
}

fn encode_keeping(path: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(encode("profiles/prod.yaml"), "profiles/prod.yaml");
        assert_eq!(encode("./a b.yaml"), "a%20b.yaml");
        assert_eq!(encode("<stdin>"), "%3Cstdin%3E");
        assert_eq!(
            encode("профиль.yaml"),
            "%D0%BF%D1%80%D0%BE%D1%84%D0%B8%D0%BB%D1%8C.yaml"
        );
        assert_eq!(file_uri(Path::new("/a b/c")), "file:///a%20b/c");
        assert_eq!(file_uri(Path::new("C:\\w\\x")), "file:///C:/w/x");
    }

    #[test]
    fn paths_are_made_relative_to_the_root() {
        let root = Root {
            path: Some(PathBuf::from("/no/such/repo")),
            cwd: Some(PathBuf::from("/no/such/repo/profiles")),
        };
        for given in [
            "prod.yaml",
            "./prod.yaml",
            "../profiles/prod.yaml",
            "/no/such/repo/profiles/prod.yaml",
        ] {
            let a = root.artifact(given);
            assert_eq!(a.uri, "profiles/prod.yaml", "{given}");
            assert_eq!(a.uri_base_id, Some(SRCROOT));
        }
        let outside = root.artifact("/elsewhere/p.yaml");
        assert_eq!(outside.uri, "file:///elsewhere/p.yaml");
        assert_eq!(outside.uri_base_id, None);
        assert_eq!(root.uri().as_deref(), Some("file:///no/such/repo/"));
    }

    #[test]
    fn fingerprints_tell_deployments_apart_and_keep_a_single_one_as_it_was() {
        let one = fingerprint("required-active", Some("m"), "p.yaml", "x", None);
        let east = fingerprint(
            "required-active",
            Some("m"),
            "p.yaml",
            "x",
            Some("east.yaml"),
        );
        let west = fingerprint(
            "required-active",
            Some("m"),
            "p.yaml",
            "x",
            Some("west.yaml"),
        );
        assert_ne!(east, west);
        assert_ne!(one, east);
        // The hash of a single deployment is the one releases before this gave.
        assert_eq!(
            one,
            fingerprint("required-active", Some("m"), "p.yaml", "x", Some(""))
        );
    }

    #[test]
    fn fingerprints_ignore_positions_but_not_subjects() {
        let a = fingerprint(
            "doc-sync",
            Some("m"),
            "p.yaml",
            "the role of `m` is `ui` here but `core` in the document (line 12)",
            None,
        );
        let moved = fingerprint(
            "doc-sync",
            Some("m"),
            "p.yaml",
            "the role of `m` is `ui` here but `core` in the document (line 14)",
            None,
        );
        assert_eq!(a, moved);
        let other = fingerprint(
            "doc-sync",
            Some("n"),
            "p.yaml",
            "the role of `n` is `ui` here but `core` in the document (line 12)",
            None,
        );
        assert_ne!(a, other);
        assert_ne!(a, fingerprint("event-flow", Some("m"), "p.yaml", "x", None));
        assert_eq!(
            without_positions("first at line 5, column 7; 3 events"),
            "first at line #, column #; 3 events"
        );
        // A place in another file: its spelling and its line do not count.
        let at = |place: &str| {
            fingerprint(
                "doc-sync",
                Some("n"),
                "p.yaml",
                &format!("the role of `n` is `ui` here but `core` in the document ({place})"),
                None,
            )
        };
        assert_eq!(
            at("profiles/RUNTIME_PROFILE_PROD.md:26"),
            at("../profiles/RUNTIME_PROFILE_PROD.md:31")
        );
        assert_eq!(
            without_positions("see (docs/a.md:26), b.md:3:4; and 12:30 then"),
            "see (#), #; and 12:30 then"
        );
        // FNV-1a is fixed: this value never changes between releases.
        // FNV-1a is fixed: this value never changes between platforms and releases.
        assert_eq!(
            format!(
                "{:016x}",
                fingerprint("event-flow", Some("m"), "p.yaml", "x", None)
            ),
            "be2671334227185a"
        );
        assert_eq!(pascal_case("auto-contour-disabled"), "AutoContourDisabled");
    }
}
