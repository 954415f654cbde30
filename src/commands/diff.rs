//! `profile-check diff OLD [NEW]`: the changes between two profiles, as a table or JSON.
//!
//! Either side may be `git:REV` (`git:latest-tag` included): the profile's own path at that
//! revision, read as `--baseline git:REV` reads it. The path is NEW when it is a file;
//! otherwise the one profile of profile-check.toml, or `profiles/prod.yaml` without one, so
//! that `profile-check diff git:latest-tag` shows what changed since the last release.

use std::sync::Arc;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::Output;
use crate::cli::ListFormat;
use crate::diff::{Change, ChangeKind, Side, changes};
use crate::error::InputError;
use crate::escape::{escape_controls, escape_path};
use crate::exit::EXIT_INPUT;
use crate::profile::Profile;
use crate::source::Source;
use crate::{config, load, report};

use super::check::DEFAULT_PROFILE;
use load::git;

/// An input that could not be loaded, with its text when it could be read.
type Unloaded = (InputError, Option<Arc<Source>>);

/// Loads both profiles and prints what changed; either one that cannot be read is an input
/// error (both are reported).
pub fn run(old: &str, new: Option<&str>, format: ListFormat) -> Output {
    let fail = |errors: Vec<Unloaded>| {
        let mut stderr = String::new();
        for (error, source) in errors {
            stderr.push_str(&report::input_error(&error, source.as_deref()));
        }
        Output::stderr(stderr, EXIT_INPUT)
    };
    let (path, settings) = match profile_path(new) {
        Ok(found) => found,
        Err(unloaded) => return fail(vec![*unloaded]),
    };
    let new = new.unwrap_or(&path);
    match (
        load_side(old, &path, &settings),
        load_side(new, &path, &settings),
    ) {
        (Ok((a, old)), Ok((b, new))) => {
            Output::stdout(render(&changes(&a, &b), &old, &new, format))
        }
        (a, b) => fail([a.err(), b.err()].into_iter().flatten().collect()),
    }
}

/// The profile whose path a `git:` side reads, and where its repository is: NEW when it is
/// a file, else the configuration's one profile, else the default profile.
fn profile_path(new: Option<&str>) -> Result<(String, git::Settings), Box<Unloaded>> {
    let found = std::env::current_dir()
        .ok()
        .and_then(|cwd| config::find(&cwd));
    let config = match found {
        Some(path) => {
            let source = Arc::new(load::read(&path).map_err(|e| Box::new((e, None)))?);
            Some(
                config::parse(Arc::clone(&source))
                    .map_err(|e| Box::new((e, Some(Arc::clone(&source)))))?,
            )
        }
        None => None,
    };
    let settings = config
        .as_ref()
        .map_or_else(git::Settings::default, config::Config::git_settings);
    if let Some(new) = new.filter(|n| git::revision(n).is_none()) {
        return Ok((new.to_owned(), settings));
    }
    let Some(config) = config else {
        return Ok((DEFAULT_PROFILE.to_owned(), settings));
    };
    let plans = config.plans();
    match plans.as_slice() {
        [one] => Ok((one.path.clone(), settings)),
        _ => {
            let names: Vec<String> = plans
                .iter()
                .map(|p| format!("`{}`", escape_controls(&p.path)))
                .collect();
            Err(Box::new((
                InputError::one(
                    &config.source.name,
                    crate::error::Problem::whole(crate::error::ProblemKind::Invalid, format!(
                        "`git:` names a revision of one profile, and the configuration lists {}: {}",
                        plans.len(),
                        names.join(", ")
                    ))
                    .help("name the profile: `profile-check diff git:latest-tag PROFILE`"),
                ),
                None,
            )))
        }
    }
}

/// One side of the diff: a profile file, or `git:REV` (the profile at `path` as of `REV`),
/// and how it is named in the output.
fn load_side(
    side: &str,
    path: &str,
    settings: &git::Settings,
) -> Result<(Profile, String), Unloaded> {
    let (source, name) = match git::revision(side) {
        Some(rev) => {
            let read = git::read(rev, path, settings).map_err(|e| (e, None))?;
            // `git:latest-tag = v1.2.0 (3f2a9c1)`: the `→` of the title is between the sides.
            let name = format!(
                "{} = {}",
                escape_controls(&read.revision.given),
                read.revision.resolved()
            );
            (read.source, name)
        }
        None => (load::read(side).map_err(|e| (e, None))?, side.to_owned()),
    };
    let profile = load::profile(&source).map_err(|e| (e, Some(Arc::new(source))))?;
    Ok((profile, name))
}

#[derive(Serialize)]
struct Diff<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    changes: Vec<ChangeReport<'a>>,
}

/// A change and its place: the file (the old or the new profile, as named on the command
/// line), line and column.
#[derive(Serialize)]
struct ChangeReport<'a> {
    #[serde(flatten)]
    change: &'a Change,
    what_runs: bool,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
}

/// Notes can run to a paragraph: the table shows their start, the JSON all of them.
const TABLE_VALUE_CHARS: usize = 40;

/// Renders the changes from `old` to `new`.
fn render(changes: &[Change], old: &str, new: &str, format: ListFormat) -> String {
    // The files as every report names them: escaped, and never a line that starts `::`.
    let (old, new) = (escape_path(old), escape_path(new));
    let (old, new) = (old.as_str(), new.as_str());
    match format {
        ListFormat::Json => {
            let diff = Diff {
                version: 1,
                old,
                new,
                changes: changes
                    .iter()
                    .map(|c| {
                        let place = c.place();
                        ChangeReport {
                            change: c,
                            what_runs: c.kind.changes_what_runs(),
                            file: place.map(|(side, _)| match side {
                                Side::Old => old,
                                Side::New => new,
                            }),
                            line: place.map(|(_, s)| s.line),
                            column: place.map(|(_, s)| s.column),
                        }
                    })
                    .collect(),
            };
            let mut text = serde_json::to_string_pretty(&diff).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Text => {
            if changes.is_empty() {
                return format!("{old} → {new}: no changes\n");
            }
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED.with_rounded_corners());
            table.set_header(["Change", "Module", "Field", "Old", "New", "Line"]);
            for c in changes {
                table.add_row([
                    kind(c.kind).to_owned(),
                    c.module.clone().unwrap_or_default(),
                    c.field.clone(),
                    shorten(c.old.as_deref()),
                    shorten(c.new.as_deref()),
                    match c.place() {
                        Some((Side::New, s)) => s.line.to_string(),
                        // A removed value has its line in the old profile only.
                        Some((Side::Old, s)) => format!("old {}", s.line),
                        None => String::new(),
                    },
                ]);
            }
            let n = changes.len();
            format!(
                "{old} → {new}: {n} change{}\n{table}\n",
                if n == 1 { "" } else { "s" }
            )
        }
    }
}

fn shorten(value: Option<&str>) -> String {
    let Some(value) = value else {
        return "—".to_owned();
    };
    if value.chars().count() <= TABLE_VALUE_CHARS {
        return value.to_owned();
    }
    let mut short: String = value.chars().take(TABLE_VALUE_CHARS - 1).collect();
    short.push('…');
    short
}

fn kind(kind: ChangeKind) -> &'static str {
    use ChangeKind::*;
    match kind {
        ModuleAdded => "module added",
        ModuleRemoved => "module removed",
        Status => "status",
        Role => "role",
        Name => "name",
        Contour => "contour",
        Active => "activation",
        Event => "event",
        Notes => "notes",
        Header => "header",
        Mark => "mark",
    }
}
