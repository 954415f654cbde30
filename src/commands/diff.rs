//! `profile-check diff OLD NEW`: the changes between two profiles, as a table or JSON.

use std::sync::Arc;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::Output;
use crate::check::EXIT_INPUT;
use crate::cli::ListFormat;
use crate::diff::{Change, changes};
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

#[derive(Serialize)]
struct ChangeReport<'a> {
    #[serde(flatten)]
    change: &'a Change,
    line: Option<u32>,
    column: Option<u32>,
}

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
                    .map(|c| ChangeReport {
                        change: c,
                        line: c.span.map(|s| s.line),
                        column: c.span.map(|s| s.column),
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
                    kind(c).to_owned(),
                    c.module.clone().unwrap_or_default(),
                    c.field.clone(),
                    c.old.clone().unwrap_or_else(|| "—".to_owned()),
                    c.new.clone().unwrap_or_else(|| "—".to_owned()),
                    c.span.map(|s| s.line.to_string()).unwrap_or_default(),
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

fn kind(change: &Change) -> &'static str {
    use crate::diff::ChangeKind::*;
    match change.kind {
        ModuleAdded => "module added",
        ModuleRemoved => "module removed",
        Status => "status",
        Role => "role",
        Name => "name",
        Contour => "contour",
        Header => "header",
        Mark => "mark",
    }
}
