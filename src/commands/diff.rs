//! `profile-check diff OLD NEW`: the changes between two profiles, as a table or JSON.

use std::sync::Arc;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::Output;
use crate::check::EXIT_INPUT;
use crate::cli::ListFormat;
use crate::diff::{Change, ChangeKind, Side, changes};
use crate::error::InputError;
use crate::profile::Profile;
use crate::source::{Source, escape_controls};
use crate::{load, report};

/// Loads both profiles and prints what changed; either one that cannot be read is an input
/// error (both are reported).
pub fn run(old: &str, new: &str, format: ListFormat) -> Output {
    match (load_profile(old), load_profile(new)) {
        (Ok(a), Ok(b)) => Output::stdout(render(&changes(&a, &b), old, new, format)),
        (a, b) => {
            let mut stderr = String::new();
            for (error, source) in [a.err(), b.err()].into_iter().flatten() {
                stderr.push_str(&report::input_error(&error, source.as_deref()));
            }
            Output::stderr(stderr, EXIT_INPUT)
        }
    }
}

fn load_profile(path: &str) -> Result<Profile, (InputError, Option<Arc<Source>>)> {
    let source = load::read(path).map_err(|e| (e, None))?;
    load::profile(&source).map_err(|e| (e, Some(Arc::new(source))))
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
            let (old, new) = (escape_controls(old), escape_controls(new));
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
