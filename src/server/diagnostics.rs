//! The gate's diagnostics as LSP diagnostics, file by file: findings at the value at
//! fault, input problems (what makes `check` exit 2) at their line and column, and for a
//! module's finding the module's other places (its YAML entry, its row in the document)
//! as related information.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range,
};

use super::documents::{self, Documents, Encoding};
use super::{Gate, Held};
use crate::diagnostic::{self as gate, DiagnosticKind};
use crate::finding::Severity;
use crate::inputs::InputKind;
use crate::source::{Source, Span};

/// The name diagnostics are published under.
pub const SOURCE: &str = "profile-check";

/// The diagnostics of the run, by the absolute path of the file they are in.
pub fn collect(
    gate: &Gate,
    documents: &Documents,
    encoding: Encoding,
) -> HashMap<PathBuf, Vec<Diagnostic>> {
    let mut out: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    for held in &gate.profiles {
        let mut first = None;
        for d in &held.run.diagnostics {
            let (path, diagnostic) = convert(d, held, gate, documents, encoding);
            if first.is_none() && d.kind() == DiagnosticKind::InputProblem {
                first = Some((path.clone(), diagnostic.clone()));
            }
            let list = out.entry(path).or_default();
            // An input shared by several profiles is reported by each of them.
            if !list.contains(&diagnostic) {
                list.push(diagnostic);
            }
        }
        if held.run.checked.is_none()
            && let Some((at, problem)) = first
        {
            unchecked(&mut out, held, gate, documents, (&at, &problem));
        }
    }
    out
}

/// A profile that could not be checked (an input error in the configuration, a required
/// input missing, an input that cannot be read) is marked so at its top, with a pointer
/// to the problem: an open profile that was not checked never looks clean. A profile
/// whose own text holds the error shows it already; a run whose configuration could not
/// be read (its only entry is the configuration) marks every open YAML file of its
/// folder, none of which was checked.
fn unchecked(
    out: &mut HashMap<PathBuf, Vec<Diagnostic>>,
    held: &Held,
    gate: &Gate,
    documents: &Documents,
    (at, problem): (&Path, &Diagnostic),
) {
    let profile = absolute(&held.path);
    let whole_run = gate
        .config
        .as_ref()
        .is_some_and(|c| absolute(&c.name) == profile)
        || (gate.config.is_none() && held.path == "profile-check.toml");
    let targets: Vec<PathBuf> = if whole_run {
        let folder = profile.parent().map(Path::to_path_buf).unwrap_or_default();
        let folder = crate::load::overlay::identity(&folder);
        documents
            .open_identities()
            .filter(|p| p.starts_with(&folder))
            .filter(|p| {
                p.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")
                })
            })
            .collect()
    } else {
        vec![profile]
    };
    let first_line = problem.message.lines().next().unwrap_or_default();
    let place = documents.uri_for(at);
    for target in targets {
        let same = crate::load::overlay::identity(&target) == crate::load::overlay::identity(at);
        if same || !(target.is_file() || documents.at(&target).is_some()) {
            // The problem is in this file's own text, and shown there; or there is no
            // file to mark (a profile that is missing is named where it is configured).
            continue;
        }
        let message = if whole_run {
            format!("not checked: the configuration could not be used: {first_line}")
        } else {
            format!(
                "not checked: `{}` {}: {first_line}",
                crate::escape::escape_controls(&held.path),
                held.run.unchecked_reason()
            )
        };
        let diagnostic = Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.to_owned()),
            message,
            related_information: place.clone().map(|uri| {
                vec![DiagnosticRelatedInformation {
                    location: Location::new(uri, problem.range),
                    message: "why it was not checked".to_owned(),
                }]
            }),
            ..Diagnostic::default()
        };
        let list = out.entry(target).or_default();
        if !list.contains(&diagnostic) {
            list.push(diagnostic);
        }
    }
}

/// An absolute path of `name`, a path as the gate names it (relative to the working
/// directory).
pub fn absolute(name: &str) -> PathBuf {
    let path = Path::new(name);
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    crate::load::normalized(&path)
}

/// The range of `span` in `source`, in `encoding`.
pub fn range_in(source: Option<&Source>, span: Option<Span>, encoding: Encoding) -> Range {
    let Some(span) = span else {
        return Range::default();
    };
    let line = source.and_then(|s| s.line(span.line)).unwrap_or_default();
    documents::span_range(span.line, span.column, span.len, line, encoding)
}

/// One diagnostic and the file it is in. A problem with no file of its own on disk or in
/// the editor (a `git:` baseline, a missing file) is shown at the top of the profile it
/// kept from being checked, naming the file.
fn convert(
    d: &gate::Diagnostic,
    held: &Held,
    gate: &Gate,
    documents: &Documents,
    encoding: Encoding,
) -> (PathBuf, Diagnostic) {
    let name = d
        .source
        .as_ref()
        .map_or(d.path.as_str(), |s| s.name.as_str());
    let mut path = absolute(name);
    let mut message = d.text().into_owned();
    let mut range = range_in(d.source.as_deref(), d.span, encoding);
    if d.source.is_none() && !path.is_file() && documents.at(&path).is_none() {
        message = format!("{}: {message}", d.path);
        range = Range::default();
        let profile = absolute(&held.path);
        // Where profile-check.toml names the file (`doc = "profiles/missing.md"`), there.
        let named = gate
            .config
            .as_ref()
            .and_then(|config| naming(config, name, encoding).map(|r| (config, r)));
        path = if let Some((config, at)) = named {
            range = at;
            absolute(&config.name)
        } else if profile.is_file() || documents.at(&profile).is_some() || gate.config.is_none() {
            profile
        } else {
            gate.config
                .as_ref()
                .map_or(profile, |config| absolute(&config.name))
        };
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let severity = match (d.kind(), d.severity) {
        (DiagnosticKind::Waived, _) => DiagnosticSeverity::HINT,
        (_, Severity::Warning) => DiagnosticSeverity::WARNING,
        (_, Severity::Error) => DiagnosticSeverity::ERROR,
    };
    if let Some(waiver) = &d.waiver {
        message = format!("waived ({waiver}): {message}");
    }
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .module
        .as_deref()
        .map(|module| related(module, &path, range.start, held, documents, encoding))
        .unwrap_or_default();
    // A duplicate points at the first, in the same file.
    if let (Some(first), Some(source)) = (d.related, d.source.as_deref())
        && let Some(uri) = documents.uri_for(&path)
    {
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri, range_in(Some(source), Some(first), encoding)),
            message: "the first is here".to_owned(),
        });
    }
    let related = Some(related).filter(|r| !r.is_empty());
    let diagnostic = Diagnostic {
        range,
        severity: Some(severity),
        code: d
            .rule_name()
            .or(d.problem.as_ref().map(|_| crate::diagnostic::INPUT_ERROR))
            .map(|code| NumberOrString::String(code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: related,
        // An input problem's kind and values, for a client to act on without reading the
        // message: the code action "did you mean" reads `found` and `suggestion`.
        data: d.problem.as_ref().map(|p| {
            serde_json::json!({
                "kind": p.kind.as_str(),
                "found": p.found,
                "expected": p.expected,
                "suggestion": p.suggestion,
            })
        }),
        ..Diagnostic::default()
    };
    (path, diagnostic)
}

/// The range of the quoted path `name` in the configuration, where it names the file: the
/// first place outside a comment (a line's text after `#` is not read; a `#` inside a
/// string before the path loses the place, never lands it in a comment).
fn naming(config: &Source, name: &str, encoding: Encoding) -> Option<Range> {
    let base = Path::new(&config.name).parent().unwrap_or(Path::new(""));
    let relative = Path::new(name).strip_prefix(base).ok()?.to_str()?;
    let quoted = format!("\"{relative}\"");
    let text = &config.text;
    let (at, _) = text.match_indices(&quoted).find(|(at, _)| {
        let line = text.get(..*at).map_or("", |before| {
            before.rsplit_once('\n').map_or(before, |(_, line)| line)
        });
        !line.contains('#')
    })?;
    let start = at.saturating_add(1);
    let end = start.saturating_add(relative.len());
    Some(Range::new(
        documents::position(&config.text, start, encoding),
        documents::position(&config.text, end, encoding),
    ))
}

/// A module's places in the other files of its profile: its `id` in the YAML, its row in
/// the document; not the place the diagnostic itself stands at.
fn related(
    module: &str,
    path: &Path,
    at: Position,
    held: &Held,
    documents: &Documents,
    encoding: Encoding,
) -> Vec<DiagnosticRelatedInformation> {
    let mut places = Vec::new();
    if let Some(place) = yaml_entry(module, held, encoding) {
        places.push((place, format!("`{module}` in the profile")));
    }
    if let Some(place) = doc_row(module, held, encoding) {
        places.push((place, format!("`{module}` in the document")));
    }
    places
        .into_iter()
        .filter_map(|((file, range), message)| {
            if file == path && range.start.line == at.line {
                return None;
            }
            Some(DiagnosticRelatedInformation {
                location: Location::new(documents.uri_for(&file)?, range),
                message,
            })
        })
        .collect()
}

/// The file and range of module `id`'s `id` value in the profile of `held`.
pub fn yaml_entry(id: &str, held: &Held, encoding: Encoding) -> Option<(PathBuf, Range)> {
    let checked = held.run.checked.as_ref()?;
    let module = checked.profile.modules.iter().find(|m| m.id.value == id)?;
    let source = profile_source(held)?;
    Some((
        absolute(&source.name),
        range_in(Some(&source), Some(module.id.span), encoding),
    ))
}

/// The file and range of module `id`'s row in the document of `held`.
pub fn doc_row(id: &str, held: &Held, encoding: Encoding) -> Option<(PathBuf, Range)> {
    let inputs = held.inputs.as_ref()?;
    let row = inputs.doc()?.module(id)?;
    let source = inputs.source(InputKind::Doc)?;
    Some((
        absolute(&source.name),
        range_in(Some(source), Some(row.span), encoding),
    ))
}

/// The profile's text as the gate read it.
pub fn profile_source(held: &Held) -> Option<Arc<Source>> {
    held.source.clone()
}
