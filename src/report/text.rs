//! The text report: header, module table, findings with snippets, one verdict per profile.

use std::fmt::Write;
use std::sync::Arc;

use anstyle::{AnsiColor, Style};
use comfy_table::{
    ColumnConstraint, ContentArrangement, Table, Width, presets::UTF8_FULL_CONDENSED,
};

use super::{Options, PIPE_WIDTH, TableStyle, snippet};
use crate::check::{CheckRun, Checked, ProfileRun, Verdict, plural};
use crate::diagnostic::Diagnostic;
use crate::error::InputError;
use crate::escape::escape_controls;
use crate::source::Source;

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
        render_profile(&mut out, profile, run.strict, options);
    }
    out
}

fn render_profile(out: &mut String, run: &ProfileRun, strict: bool, options: Options) {
    let mut path = escape_controls(&run.path);
    // One of several deployments its profile is held against: each line says which.
    if let Some(deployment) = &run.deployment {
        path = format!("{path} on {deployment}");
    }
    let Some(checked) = &run.checked else {
        let _ = writeln!(
            out,
            "{FAIL}ERROR{FAIL:#} {path}: {} (on standard error)",
            run.unchecked_reason()
        );
        return;
    };
    if !options.quiet {
        header(out, &path, checked, run);
        // A terminal gets every column fitted to its width; a pipe or a file (a CI log)
        // the condensed table within PIPE_WIDTH columns.
        let style = options.table.unwrap_or(match options.width {
            Some(_) => TableStyle::Full,
            None => TableStyle::Condensed,
        });
        let limit = match style {
            TableStyle::Condensed => Some(options.width.unwrap_or(PIPE_WIDTH)),
            _ => options.width,
        };
        if style != TableStyle::None {
            out.push_str(&module_table(checked, style, limit));
            out.push_str("\n\n");
        } else {
            out.push('\n');
        }
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
    if let Some(note) = run.unheld_note() {
        let _ = writeln!(out, "{BOLD}note{BOLD:#}: {note}");
    }
    // Under `-q` the header is not printed: the verdict still says what it rests on.
    if let (true, Some(revision)) = (options.quiet, &run.baseline) {
        let _ = writeln!(out, "{BOLD}baseline{BOLD:#}: {revision}");
    }
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

fn header(out: &mut String, path: &str, checked: &Checked, run: &ProfileRun) {
    let p = &checked.profile;
    let d = &p.document;
    let _ = writeln!(out, "{BOLD}{path}{BOLD:#}");
    let lines = [
        (
            "profile",
            format!(
                "{} · {}",
                escape_controls(&p.profile.value),
                escape_controls(&p.product.value)
            ),
        ),
        (
            "document",
            format!(
                "status {} · owner {} · last updated {}",
                escape_controls(&d.status.value),
                escape_controls(&d.owner.value),
                d.last_updated.value
            ),
        ),
        (
            "contours",
            format!(
                "LIVE {} · AUTO {}",
                p.contours.live.value, p.contours.auto.value
            ),
        ),
        ("held against", run.held_against_line()),
    ];
    let baseline = run
        .baseline
        .as_ref()
        .map(|revision| ("baseline", revision.to_string()));
    for (label, value) in lines.into_iter().chain(baseline) {
        let _ = writeln!(out, "  {label:<14}{value}");
    }
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

fn module_table(checked: &Checked, style: TableStyle, width: Option<usize>) -> String {
    let columns = match style {
        TableStyle::Condensed => Columns::CONDENSED,
        _ => Columns::FULL,
    };
    // Counted from every finding, also those past the cap on findings listed.
    let counts = &checked.module_counts;
    let modules = checked.profile.modules.len();
    // A table of thousands of rows helps nobody: past the limit, only the modules with
    // findings are listed, and a line counts the rest.
    let every_module = modules <= FULL_TABLE_MODULES;
    let mut rows: Vec<Row> = Vec::with_capacity(modules.min(FULL_TABLE_MODULES));
    let named = checked.profile.modules.iter();
    for (module, activation) in named.zip(&checked.activation_notes) {
        let c = counts
            .get(module.id.value.as_str())
            .copied()
            .unwrap_or_default();
        let (errors, warnings, waived) = (c.errors, c.warnings, c.waived);
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
            escape_controls(activation),
            result,
        ]);
    }
    if every_module {
        return render_rows(&rows, ROWS_PER_TABLE, width, columns);
    }
    let rest = modules - rows.len();
    if rest == 0 {
        return render_rows(&rows, ROWS_PER_TABLE, width, columns);
    }
    let note = format!(
        "{} with no finding not listed (the table lists every module of a profile of up to \
         {FULL_TABLE_MODULES}; `--format json` lists them all)",
        plural(rest, "module")
    );
    if rows.is_empty() {
        return note;
    }
    format!(
        "{}\n{note}",
        render_rows(&rows, ROWS_PER_TABLE, width, columns)
    )
}

/// Which columns a table shows, and which of them it drops, in order, before it narrows
/// the widest to fit.
#[derive(Debug, Clone, Copy)]
struct Columns {
    shown: [bool; 6],
    droppable: &'static [usize],
    /// A column narrowed (wrapped) before any other, down to [`SQUEEZED`].
    squeezed_first: Option<usize>,
}

impl Columns {
    /// Every column; a narrow terminal loses the name, the role, the activation.
    const FULL: Self = Self {
        shown: [true; 6],
        droppable: &DROPPED_FIRST,
        squeezed_first: None,
    };
    /// Id, status, activation, result: the activation wraps rather than goes.
    const CONDENSED: Self = Self {
        shown: [false, true, false, true, true, true],
        droppable: &[],
        squeezed_first: Some(4),
    };
}

/// The columns a narrow terminal loses first: the name (the id says which module it is),
/// then the role, then the activation. ID, status and result always stay.
const DROPPED_FIRST: [usize; 3] = [0, 2, 4];

/// The narrowest the column squeezed first (the condensed table's activation) is made
/// before the others narrow too: it wraps, and stays readable.
const SQUEEZED: usize = 20;

/// The narrowest a column is squeezed to before its text wraps.
const NARROWEST: usize = 6;

fn table_of(header: bool, rows: &[Row]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED.with_rounded_corners());
    if header {
        table.set_header(HEADER);
    }
    table.add_rows(rows.iter().cloned());
    table
}

/// The width of a table whose visible columns hold `widths` characters: each column has
/// one space either side and a border after it, and the table a border before the first.
fn table_width(widths: &[usize], shown: &[bool; 6]) -> usize {
    1 + widths
        .iter()
        .zip(shown)
        .filter(|(_, shown)| **shown)
        .map(|(w, _)| w + 3)
        .sum::<usize>()
}

/// Which columns to show and how wide each is, for the table to fit `limit` characters:
/// whole columns are dropped first ([`DROPPED_FIRST`]), then the widest of the rest is
/// narrowed (its text wraps) down to [`NARROWEST`].
fn fit(mut widths: Vec<usize>, limit: Option<usize>, columns: Columns) -> (Vec<usize>, [bool; 6]) {
    let mut shown = columns.shown;
    let Some(limit) = limit else {
        return (widths, shown);
    };
    for &column in columns.droppable {
        if table_width(&widths, &shown) <= limit {
            break;
        }
        if let Some(slot) = shown.get_mut(column) {
            *slot = false;
        }
    }
    if let Some(i) = columns.squeezed_first {
        let over = table_width(&widths, &shown).saturating_sub(limit);
        if let Some(width) = widths.get_mut(i) {
            *width = width.saturating_sub(over).max(SQUEEZED.min(*width));
        }
    }
    while table_width(&widths, &shown) > limit {
        let widest = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| shown.get(*i).copied().unwrap_or(false))
            .max_by_key(|(_, w)| **w)
            .map(|(i, w)| (i, *w));
        match widest {
            Some((i, w)) if w > NARROWEST => {
                if let Some(width) = widths.get_mut(i) {
                    *width -= 1;
                }
            }
            // Narrower than this it cannot usefully be: the terminal wraps the lines.
            _ => break,
        }
    }
    (widths, shown)
}

/// The table of `rows` under [`HEADER`], built `per_table` rows at a time, within `limit`
/// characters when one is given.
fn render_rows(rows: &[Row], per_table: usize, limit: Option<usize>, columns: Columns) -> String {
    let mut widths = table_of(true, &[]).column_max_content_widths();
    for slice in rows.chunks(per_table) {
        for (width, wider) in widths
            .iter_mut()
            .zip(table_of(false, slice).column_max_content_widths())
        {
            *width = (*width).max(wider);
        }
    }
    let widths: Vec<usize> = widths.into_iter().map(usize::from).collect();
    let (widths, shown) = fit(widths, limit, columns);
    let slices = rows.len().div_ceil(per_table).max(1);
    let mut out = String::new();
    let chunks: Vec<&[Row]> = if rows.is_empty() {
        vec![rows]
    } else {
        rows.chunks(per_table).collect()
    };
    for (index, slice) in chunks.into_iter().enumerate() {
        let mut table = table_of(index == 0, slice);
        // Dynamic arrangement wraps a cell's text inside a narrowed column.
        table.set_content_arrangement(ContentArrangement::Dynamic);
        // Content width plus the one-space padding on either side; hidden columns last.
        table.set_constraints(widths.iter().zip(shown).map(|(w, shown)| {
            if shown {
                let w = u16::try_from(w.saturating_add(2)).unwrap_or(u16::MAX);
                ColumnConstraint::Absolute(Width::Fixed(w))
            } else {
                ColumnConstraint::Hidden
            }
        }));
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
        for limit in [None, Some(60), Some(40)] {
            let whole = render_rows(&rows, 1000, limit, Columns::FULL);
            for per_table in [1, 7, 25, 49, 50] {
                assert_eq!(
                    render_rows(&rows, per_table, limit, Columns::FULL),
                    whole,
                    "{per_table} rows per table, width {limit:?}"
                );
            }
        }
    }

    #[test]
    fn a_narrow_terminal_drops_the_name_first_then_wraps() {
        let rows: Vec<Row> = vec![[
            "Client Webinar Attendance Telegram".to_owned(),
            "client-webinar-attendance-telegram".to_owned(),
            "integration".to_owned(),
            "required".to_owned(),
            "active".to_owned(),
            "1 error, 1 warning".to_owned(),
        ]];
        let widest = |text: &str| text.lines().map(|l| l.chars().count()).max();
        let full = render_rows(&rows, 1000, None, Columns::FULL);
        assert!(full.contains("Client Webinar Attendance Telegram"));
        for limit in [120, 100, 80, 60, 40] {
            let text = render_rows(&rows, 1000, Some(limit), Columns::FULL);
            assert!(widest(&text) <= Some(limit), "{limit}:\n{text}");
            assert!(text.contains("Status") && text.contains("Result"), "{text}");
            if widest(&full) > Some(limit) {
                assert!(
                    !text.contains("Client Webinar"),
                    "the name goes first:\n{text}"
                );
            }
        }
        assert_eq!(render_rows(&rows, 1000, Some(500), Columns::FULL), full);
    }

    #[test]
    fn the_condensed_table_keeps_the_activation_and_wraps_it() {
        let activation = "active (kubernetes: Deployment/client-webinar-attendance-telegram, replicas 2; \
                          Deployment/client-webinar-attendance-telegram-worker, replicas 1)";
        let rows: Vec<Row> = vec![[
            "Client Webinar Attendance Telegram".to_owned(),
            "client-webinar-attendance-telegram".to_owned(),
            "integration".to_owned(),
            "required".to_owned(),
            activation.to_owned(),
            "1 error, 1 warning".to_owned(),
        ]];
        let text = render_rows(&rows, 1000, Some(PIPE_WIDTH), Columns::CONDENSED);
        let widest = text.lines().map(|l| l.chars().count()).max();
        assert!(widest <= Some(PIPE_WIDTH), "{text}");
        for kept in [
            "ID",
            "Status",
            "Activation",
            "Result",
            "client-webinar-attendance-telegram",
        ] {
            assert!(text.contains(kept), "{kept}:\n{text}");
        }
        for dropped in ["Module", "Role", "Client Webinar", "integration"] {
            assert!(!text.contains(dropped), "{dropped}:\n{text}");
        }
        // Every word of the activation is there, wrapped over lines.
        let cells: String = text
            .lines()
            .filter_map(|l| l.split('┆').nth(2))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(cells.contains("replicas 1)"), "{text}");
        assert!(text.lines().count() > 5, "the activation wraps:\n{text}");
    }
}
