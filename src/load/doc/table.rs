//! The module table.

use super::*;

/// The cells of a table row as its source line writes them: unescaped `|` separate cells,
/// and an outer pipe on either side is optional.
pub(super) fn source_cells(line: &str) -> usize {
    let line = line
        .trim_end_matches(['\n', '\r'])
        .trim()
        .trim_start_matches(['>', ' ', '\t']);
    let mut count = 1;
    let mut escaped = false;
    let mut pipes = Vec::new();
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => pipes.push(i),
            _ => {}
        }
        escaped = false;
    }
    count += pipes.len();
    if pipes.first() == Some(&0) {
        count -= 1;
    }
    if line.len() > 1 && pipes.last() == Some(&(line.len() - 1)) {
        count -= 1;
    }
    count.max(1)
}

/// What a column of a table holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Name,
    Role,
    /// A status column; `true` when its header names PROD and no other environment.
    Status(bool),
    Notes,
}

pub(super) fn column_of(header: &str) -> Option<Column> {
    let words = words(header);
    let first = words.first()?.as_str();
    let name_words = ["module", "modules", "name", "модуль", "модуля", "название"];
    if words.iter().all(|w| name_words.contains(&w.as_str())) {
        return Some(Column::Name);
    }
    match first {
        "role" | "роль" => Some(Column::Role),
        "notes" | "note" | "comment" | "comments" | "примечания" | "примечание" | "комментарий" => {
            Some(Column::Notes)
        }
        _ if words
            .iter()
            .any(|w| w == "status" || w.starts_with("статус")) =>
        {
            Some(Column::Status(prod_status(header).is_ok()))
        }
        _ => None,
    }
}

/// Words that negate the environment they stand beside ("not PROD", "кроме PROD").
pub(super) const NOT_ENVIRONMENT: [&str; 17] = [
    "not",
    "no",
    "non",
    "outside",
    "except",
    "excluding",
    "without",
    "besides",
    "other",
    "не",
    "кроме",
    "вне",
    "без",
    "помимо",
    "исключая",
    "исключением",
    "ни",
];

/// Environments other than PROD a status header may name.
pub(super) const OTHER_ENVIRONMENTS: [&str; 15] = [
    "dev",
    "development",
    "stage",
    "staging",
    "test",
    "testing",
    "qa",
    "uat",
    "pre",
    "preprod",
    "local",
    "sandbox",
    "demo",
    "дев",
    "тест",
];

/// Whether a status column's header names the PROD environment: the token `PROD` on its
/// own (not inside `PRE-PROD`, `PRODUCTION` or `NONPROD`), not negated, and no other
/// environment beside it. `Err` says why not, for the error that lists the columns.
pub(super) fn prod_status(header: &str) -> Result<(), &'static str> {
    let text = normalise(header).to_lowercase();
    // Hyphens and underscores join a word: `pre-prod` is one token, not `pre` and `prod`.
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .map(|t| t.trim_matches(['-', '_']))
        .filter(|t| !t.is_empty())
        .collect();
    if !tokens.contains(&"prod") {
        return Err(if tokens.iter().any(|t| t.contains("prod")) {
            "PROD only inside another word"
        } else {
            "no PROD"
        });
    }
    if tokens.iter().any(|t| NOT_ENVIRONMENT.contains(t))
        || NEGATING_OPERATORS.iter().any(|op| text.contains(op))
    {
        return Err("PROD negated");
    }
    if tokens
        .iter()
        .any(|t| *t != "prod" && (t.contains("prod") || OTHER_ENVIRONMENTS.contains(t)))
    {
        return Err("another environment beside PROD");
    }
    Ok(())
}

pub(super) type ModuleTable = (Vec<DocModule>, Span);

/// The module table: the table with a module-name column and a status column whose header
/// names PROD, in any column order (other columns are ignored).
pub(super) fn module_table(blocks: &Blocks, problems: &mut Vec<Problem>) -> Option<ModuleTable> {
    let mut candidates = Vec::new();
    let mut without_prod = None;
    for block in &blocks.list {
        let Block::Table(table) = block else {
            continue;
        };
        let columns: Vec<Option<Column>> = table
            .head
            .iter()
            .map(|c| column_of(&c.text.plain))
            .collect();
        let has = |want: Column| columns.contains(&Some(want));
        if has(Column::Name) && has(Column::Status(true)) {
            candidates.push(table);
        } else if has(Column::Name) && has(Column::Status(false)) {
            without_prod.get_or_insert(table);
        }
    }
    let table = match candidates.as_slice() {
        [table] => *table,
        [first, second, ..] => {
            problems.push(two_candidates(
                "module tables (a module-name column and a PROD status column)",
                blocks.positions.span(first.start, 1),
                blocks.positions.span(second.start, 1),
            ));
            return None;
        }
        [] => {
            let problem = match without_prod {
                Some(table) => Problem::missing(
                    blocks.positions.span(table.start, 1),
                    format!(
                        "the module table has no status column for PROD (a header naming PROD on its own, as `Status in PROD` does); its columns are {}",
                        seen_columns(table)
                    ),
                )
                .help("head the PROD status column `Status in PROD` (columns for other environments may stand beside it); the column order does not matter"),
                None => Problem::whole(ProblemKind::Missing,
                    "the document has no module table (a table with `Module name`, `Role` and `Status in PROD` columns)",
                )
                .expected("a module table")
                .help("keep the table's header names; the column order does not matter"),
            };
            problems.push(problem);
            return None;
        }
    };
    read_table(blocks, table, problems)
}

/// The header cells of `table`, each status column with why it is not PROD's:
/// "`Module name`, `Status in PRE-PROD` (PROD only inside another word), `Notes`".
pub(super) fn seen_columns(table: &Table) -> String {
    table
        .head
        .iter()
        .map(|cell| {
            let header = normalise(&cell.text.plain);
            let why = match column_of(&header) {
                Some(Column::Status(_)) => prod_status(&header)
                    .err()
                    .map(|why| format!(" ({why})"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!("`{}`{why}", &header)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn read_table(
    blocks: &Blocks,
    table: &Table,
    problems: &mut Vec<Problem>,
) -> Option<ModuleTable> {
    let table_span = blocks.positions.span(table.start, 1);
    let cell_span = |c: &Cell| blocks.positions.span(c.start, 1);
    let mut index: [Vec<usize>; 4] = Default::default();
    for (i, cell) in table.head.iter().enumerate() {
        let slot = match column_of(&cell.text.plain) {
            Some(Column::Name) => 0,
            Some(Column::Role) => 1,
            Some(Column::Status(true)) => 2,
            Some(Column::Notes) => 3,
            _ => continue,
        };
        if let Some(v) = index.get_mut(slot) {
            v.push(i);
        }
    }
    let names = ["module-name", "role", "PROD status", "notes"];
    let mut chosen: [Option<usize>; 4] = [None; 4];
    for ((columns, what), slot) in index.iter().zip(names).zip(chosen.iter_mut()) {
        match columns.as_slice() {
            [one] => *slot = Some(*one),
            [first, second, ..] => {
                let span = |i: &usize| table.head.get(*i).map_or(table_span, cell_span);
                problems.push(two_candidates(
                    &format!("{what} columns in the module table"),
                    span(first),
                    span(second),
                ));
                return None;
            }
            [] => {}
        }
    }
    let [Some(name_col), role_col, Some(status_col), notes_col] = chosen else {
        return None;
    };
    let Some(role_col) = role_col else {
        problems.push(
            Problem::missing(table_span, "the module table has no `Role` column")
                .expected("Role")
                .help("keep the `Role (core / ui / integration / analytics / dev)` column"),
        );
        return None;
    };
    let columns = table.head.len();
    let mut modules: Vec<DocModule> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut seen_names: HashMap<String, usize> = HashMap::new();
    for (cells, count, start) in &table.rows {
        let row_span = blocks.positions.span(*start, 1);
        let get = |i: usize| cells.get(i);
        // Checked before the row's width: a `colspan` makes the row wider.
        let spanned = [
            (name_col, "module name"),
            (role_col, "role"),
            (status_col, "status"),
        ]
        .into_iter()
        .find_map(|(i, what)| get(i).filter(|c| c.spanned).map(|c| (c, what)));
        if let Some((cell, what)) = spanned {
            let origin = cell_span(cell);
            let problem = if origin.line == row_span.line {
                Problem::invalid(
                    origin,
                    format!(
                        "the {what} cell of this row spans several rows or columns of the module table (`rowspan`/`colspan`), so which module and column it gives a value to is ambiguous"
                    ),
                )
            } else {
                Problem::invalid(
                    row_span,
                    format!(
                        "the {what} of this row is the cell at line {}, column {}, which spans several rows of the module table (`rowspan`), so which modules it gives a value to is ambiguous",
                        origin.line, origin.column
                    ),
                )
            };
            problems.push(
                problem
                .help("write one cell per module in the name, role and status columns, without `rowspan` or `colspan`"),
            );
            continue;
        }
        if *count != columns {
            problems.push(
                Problem::invalid(
                    row_span,
                    format!(
                        "this row of the module table has {count} {}, but the table has {columns} columns",
                        if *count == 1 { "cell" } else { "cells" }
                    ),
                )
                .help("fill in every column of the row (an empty cell is `| |`)"),
            );
            continue;
        }
        let Some(module) = read_row(
            blocks,
            get(name_col),
            get(role_col),
            get(status_col),
            notes_col.and_then(get),
            row_span,
            problems,
        ) else {
            continue;
        };
        let name_key = normalise(&module.name).to_lowercase();
        if let Some(first) = seen_names.get(&name_key).and_then(|i| modules.get(*i)) {
            problems.push(
                Problem::twice(
                    module.span,
                    format_args!("the table names `{}` twice", &module.name),
                    first.span,
                )
                .help("give each module its own name"),
            );
            continue;
        }
        if let Some(first) = ids.get(&module.id).and_then(|i| modules.get(*i)) {
            problems.push(
                Problem::twice(
                    module.span,
                    format_args!("the table lists `{}` twice", module.id),
                    first.span,
                )
                .help("keep one row per module"),
            );
            continue;
        }
        ids.insert(module.id.clone(), modules.len());
        seen_names.insert(name_key, modules.len());
        modules.push(module);
    }
    if modules.len() > limits::MAX_MODULES {
        problems.push(
            Problem::limit(
                table_span,
                format!(
                    "the module table has {} rows, over the limit of {}",
                    modules.len(),
                    limits::MAX_MODULES
                ),
            )
            .help("no runtime profile has that many modules"),
        );
        return None;
    }
    if modules.is_empty() && problems.is_empty() {
        problems.push(
            Problem::invalid(table_span, "the module table has no rows")
                .help("list the modules of the profile"),
        );
        return None;
    }
    Some((modules, table_span))
}

pub(super) fn read_row(
    blocks: &Blocks,
    name: Option<&Cell>,
    role: Option<&Cell>,
    status: Option<&Cell>,
    notes: Option<&Cell>,
    row_span: Span,
    problems: &mut Vec<Problem>,
) -> Option<DocModule> {
    let name_cell = name?;
    let span = blocks.block_span(&name_cell.text);
    let span = if name_cell.text.is_blank() {
        row_span
    } else {
        span
    };
    let rendered = normalise(&name_cell.text.plain);
    if rendered.is_empty() {
        problems.push(
            Problem::missing(span, "a row of the module table has no module name")
                .expected("Module name")
                .help("fill in the `Module name` cell"),
        );
        return None;
    }
    let (name, id) = split_id(&rendered);
    if name.is_empty() {
        problems.push(
            Problem::missing(
                span,
                format!("the row of `{}` has no module name before the id", &id),
            )
            .expected("Module name")
            .help("write the name, then the id in parentheses: `Webinar Chat (webinar-chat)`"),
        );
        return None;
    }
    if !is_kebab_case(&id) {
        problems.push(
            Problem::invalid(
                span,
                format!("the module id `{}` is not kebab-case", &id),
            )
            .help("write the id in parentheses after the name as lowercase words joined by `-`, e.g. `(webinar-chat)`"),
        );
        return None;
    }
    let role_value = keyword::<Role>(blocks, "role", role, row_span, problems);
    let status_value = keyword::<Status>(blocks, "status", status, row_span, problems);
    let notes = notes.map(|n| collapse(&n.text.marked)).unwrap_or_default();
    let role_text = role.map(|r| r.text.plain.as_str()).unwrap_or_default();
    let contour = if defines_auto(&notes) || defines_auto(role_text) {
        Contour::Auto
    } else {
        Contour::Live
    };
    Some(DocModule {
        id,
        name,
        role: role_value?,
        status: status_value?,
        contour,
        notes,
        span,
    })
}

/// Whether a role or notes cell defines its module as the AUTO contour's delivery ("AUTO
/// delivery", "Доставка AUTO-контура", "часть AUTO-контура"), as opposed to mentioning AUTO
/// ("Не зависит от AUTO-контура", "auto-stop по таймеру").
pub(super) fn defines_auto(cell: &str) -> bool {
    let text = words(cell).join(" ");
    [
        "auto delivery",
        "auto contour delivery",
        "auto контур delivery",
        "auto доставка",
        "доставка auto",
        "доставка в auto",
        "part of the auto contour",
        "module of the auto contour",
        "belongs to the auto contour",
        "часть auto",
        "модуль auto",
        "входит в auto",
        "относится к auto",
    ]
    .iter()
    .any(|p| text.starts_with(p))
}

pub(super) fn keyword<K: Keyword>(
    blocks: &Blocks,
    what: &str,
    cell: Option<&Cell>,
    row_span: Span,
    problems: &mut Vec<Problem>,
) -> Option<K> {
    let cell = cell?;
    let text = normalise(&without_zero_width(&cell.text.plain)).to_lowercase();
    let text = text.trim_end_matches(['.', ';', ',']);
    let value = K::parse(text);
    if value.is_none() {
        let span = if cell.text.is_blank() {
            row_span
        } else {
            blocks.block_span(&cell.text)
        };
        problems.push(
            Problem::unknown(
                span,
                format!(
                    "the {what} `{}` of this row is not one of {}",
                    text,
                    K::accepted()
                ),
            )
            // The cell as written, which an editor replaces; the message quotes it as read.
            .found(cell.text.plain.trim())
            .expected(K::accepted())
            .suggesting(crate::suggest::nearest(
                text,
                K::ALL.iter().map(|k| k.as_str()),
            ))
            .help(format!("write the {what} as {}", K::accepted())),
        );
    }
    value
}

/// The text as GitHub shows it, without the zero-width characters a reader cannot see
/// (`dis⁠abled` with a word joiner, U+2060, shows `disabled`): zero-width space, joiners
/// and non-joiners, word joiner, invisible operators, zero-width no-break space, soft
/// hyphen, Mongolian vowel separator, combining grapheme joiner. Bidirectional controls
/// stay: they change what is shown (`U+202E deriuqer` shows `required`), so a value
/// holding one is never read as a keyword.
pub(super) fn without_zero_width(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}'..='\u{200d}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{feff}'
                    | '\u{ad}'
                    | '\u{180e}'
                    | '\u{34f}'
            )
        })
        .collect()
}

/// `Webinar Chat (webinar-chat)` → (`Webinar Chat`, `webinar-chat`); without parentheses
/// the id is made from the name (`Core webinar_event` → `core-webinar-event`).
pub(super) fn split_id(cell: &str) -> (String, String) {
    if let Some(open) = cell.rfind('(')
        && let Some(inner) = cell.get(open + 1..).and_then(|rest| rest.strip_suffix(')'))
    {
        let inner = normalise(inner);
        if !inner.is_empty() && !inner.contains(' ') {
            let name = cell.get(..open).unwrap_or_default().trim().to_owned();
            return (name, inner);
        }
    }
    let id = normalise(cell)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    (cell.to_owned(), id)
}
