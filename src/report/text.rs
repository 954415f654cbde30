//! The text report: header, module table, findings with snippets, one verdict per profile.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use anstyle::{AnsiColor, Style};
use comfy_table::{ColumnConstraint, Table, Width, presets::UTF8_FULL_CONDENSED};

use super::{Options, snippet};
use crate::check::{CheckRun, Checked, ProfileRun, Verdict, plural};
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::error::InputError;
use crate::finding::Severity;
use crate::source::{Source, escape_controls};

const BOLD: Style = Style::new().bold();
const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();

/// Renders every profile of `run`.
pub fn render(run: &CheckRun, options: Options) -> String {
    let mut out = String::new();
    for (index, profile) in run.profiles.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        render_profile(&mut out, profile, run.strict, options.quiet);
    }
    out
}

fn render_profile(out: &mut String, run: &ProfileRun, strict: bool, quiet: bool) {
    let path = escape_controls(&run.path);
    let Some(checked) = &run.checked else {
        let _ = writeln!(
            out,
            "{FAIL}ERROR{FAIL:#} {path}: {} (on standard error)",
            run.unchecked_reason()
        );
        return;
    };
    if !quiet {
        header(out, &path, checked);
        out.push_str(&module_table(checked, &run.diagnostics));
        out.push_str("\n\n");
    }
    for diagnostic in &run.diagnostics {
        out.push_str(&snippet::render(diagnostic));
        out.push('\n');
    }
    let style = match run.verdict(strict) {
        Verdict::Pass => PASS,
        Verdict::Fail | Verdict::Error => FAIL,
    };
    let _ = writeln!(
        out,
        "{style}{}{style:#} {path}: {}",
        run.verdict(strict).word(),
        run.summary.describe()
    );
}

/// Every input problem of the run, with snippets; an input shared by all profiles (a
/// manifest, a waivers file) is reported once.
pub fn input_problems(run: &CheckRun) -> String {
    let mut out = String::new();
    let mut seen: Vec<Vec<(&str, Option<crate::source::Span>, &str)>> = Vec::new();
    for profile in &run.profiles {
        let problems: Vec<&Diagnostic> = profile.input_problems().collect();
        let key: Vec<_> = problems
            .iter()
            .map(|d| (d.path.as_str(), d.span, d.message.as_str()))
            .collect();
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        for diagnostic in problems {
            out.push_str(&snippet::render(diagnostic));
            out.push('\n');
        }
    }
    out
}

/// One input error, every problem with a snippet where `source` is the file's text.
pub fn input_error(error: &InputError, source: Option<&Source>) -> String {
    let source = source.map(|s| Arc::new(s.clone()));
    let mut out = String::new();
    for diagnostic in Diagnostic::of_input_error(error, source.as_ref()) {
        out.push_str(&snippet::render(&diagnostic));
        out.push('\n');
    }
    out
}

fn header(out: &mut String, path: &str, checked: &Checked) {
    let p = &checked.profile;
    let d = &p.document;
    let _ = writeln!(out, "{BOLD}{path}{BOLD:#}");
    let _ = writeln!(
        out,
        "  profile   {} · {}",
        escape_controls(&p.profile.value),
        escape_controls(&p.product.value)
    );
    let _ = writeln!(
        out,
        "  document  status {} · owner {} · last updated {}",
        escape_controls(&d.status.value),
        escape_controls(&d.owner.value),
        d.last_updated.value
    );
    let _ = writeln!(
        out,
        "  contours  LIVE {} · AUTO {}",
        p.contours.live.value, p.contours.auto.value
    );
}

/// The module table's columns.
const HEADER: [&str; 6] = ["Module", "ID", "Role", "Status", "Activation", "Result"];

/// Profiles of up to this many modules get a row for every module; larger ones a row for
/// each module with findings.
const FULL_TABLE_MODULES: usize = 200;

/// Rows per comfy-table. A table keeps several copies of every cell while it renders
/// (tens of MB for 40,000 modules), so a large profile's table is rendered in slices that
/// share one set of column widths and join into the same output.
const ROWS_PER_TABLE: usize = 1000;

type Row = [String; 6];

fn module_table(checked: &Checked, diagnostics: &[Diagnostic]) -> String {
    // Errors, warnings and waived findings of each module, counted in one pass.
    let mut counts: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for d in diagnostics {
        if let Some(module) = d.module.as_deref() {
            let entry = counts.entry(module).or_default();
            match (d.kind(), d.severity) {
                (DiagnosticKind::Waived, _) => entry.2 += 1,
                (_, Severity::Error) => entry.0 += 1,
                (_, Severity::Warning) => entry.1 += 1,
            }
        }
    }
    let modules = checked.profile.modules.len();
    // A table of thousands of rows helps nobody: past the limit, only the modules with
    // findings are listed, and a line counts the rest.
    let every_module = modules <= FULL_TABLE_MODULES;
    let mut rows: Vec<Row> = Vec::with_capacity(modules.min(FULL_TABLE_MODULES));
    let named = checked.profile.modules.iter();
    for (module, activation) in named.zip(&checked.activation_notes) {
        let (errors, warnings, waived) = counts
            .get(module.id.value.as_str())
            .copied()
            .unwrap_or_default();
        let result = match (errors, warnings) {
            (0, 0) if waived > 0 => "waived".to_owned(),
            (0, 0) if every_module => "ok".to_owned(),
            (0, 0) => continue,
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        };
        rows.push([
            escape_controls(&module.name.value),
            module.id.value.clone(),
            module.role.value.to_string(),
            module.status.value.to_string(),
            activation.clone(),
            result,
        ]);
    }
    if every_module {
        return render_rows(&rows, ROWS_PER_TABLE);
    }
    let rest = modules - rows.len();
    let note = format!(
        "{} with no finding not listed (the table lists every module of a profile of up to \
         {FULL_TABLE_MODULES}; `--format json` lists them all)",
        plural(rest, "module")
    );
    if rows.is_empty() {
        return note;
    }
    format!("{}\n{note}", render_rows(&rows, ROWS_PER_TABLE))
}

fn table_of(header: bool, rows: &[Row]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED.with_rounded_corners());
    if header {
        table.set_header(HEADER);
    }
    table.add_rows(rows.iter().cloned());
    table
}

/// The table of `rows` under [`HEADER`], built `per_table` rows at a time.
fn render_rows(rows: &[Row], per_table: usize) -> String {
    if rows.len() <= per_table {
        return table_of(true, rows).to_string();
    }
    let mut widths = table_of(true, &[]).column_max_content_widths();
    for slice in rows.chunks(per_table) {
        for (width, wider) in widths
            .iter_mut()
            .zip(table_of(false, slice).column_max_content_widths())
        {
            *width = (*width).max(wider);
        }
    }
    let slices = rows.len().div_ceil(per_table);
    let mut out = String::new();
    for (index, slice) in rows.chunks(per_table).enumerate() {
        let mut table = table_of(index == 0, slice);
        // Content width plus the one-space padding on either side.
        table.set_constraints(
            widths
                .iter()
                .map(|w| ColumnConstraint::Absolute(Width::Fixed(w.saturating_add(2)))),
        );
        let text = table.to_string();
        let mut lines: Vec<&str> = text.lines().collect();
        // Slices join where one's bottom border and the next one's top border would be.
        if index + 1 < slices {
            lines.pop();
        }
        let first = usize::from(index > 0);
        for line in lines.iter().skip(first) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_in_slices_is_the_table_in_one_piece() {
        let rows: Vec<Row> = (0..50)
            .map(|i| {
                [
                    format!("Module {}", "x".repeat(i % 13)),
                    format!("module-{i}"),
                    "ui".to_owned(),
                    ["required", "optional"][i % 2].to_owned(),
                    "active".to_owned(),
                    if i == 31 { "2 errors, 1 warning" } else { "ok" }.to_owned(),
                ]
            })
            .collect();
        let whole = render_rows(&rows, 1000);
        for per_table in [1, 7, 25, 49, 50] {
            assert_eq!(
                render_rows(&rows, per_table),
                whole,
                "{per_table} rows per table"
            );
        }
    }
}
