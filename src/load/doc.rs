//! The Markdown profile given to `--doc` and `import` (SPEC §5, "Reading the Markdown")
//! → [`DocProfile`].
//!
//! The header lines are read as text; the module table, the mark sections and the
//! definition section through pulldown-cmark (GFM tables), whose byte offsets give the
//! document lines that `doc-sync` and input errors cite.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::decode::is_kebab_case;
use super::limits;
use crate::error::Problem;
use crate::profile::{Contour, Date, Keyword, Located, Role, Status, Switch};
use crate::source::{Span, escape_controls};

/// One row of the module table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocModule {
    /// The slug in parentheses after the name (or made from the name when there is none).
    pub id: String,
    /// The name, without the slug.
    pub name: String,
    /// The role column.
    pub role: Role,
    /// The PROD status column.
    pub status: Status,
    /// AUTO when the name, id or notes say AutoWebinar / AUTO.
    pub contour: Contour,
    /// The notes column, as written (inline code keeps its backticks).
    pub notes: String,
    /// Where the row stands in the document.
    pub span: Span,
}

/// What the Architect's Markdown profile says, as read for `import` and rule `doc-sync`:
/// every value keeps the place in the document it came from.
#[derive(Debug, Clone)]
pub struct DocProfile {
    /// The profile's name, from the title (`PROD`).
    pub profile: Located<String>,
    /// The product, from the title (`Webinars MVP v1++`).
    pub product: Located<String>,
    /// `Status:` of the header.
    pub status: Located<String>,
    /// `Owner:` of the header.
    pub owner: Located<String>,
    /// `Last updated:` of the header.
    pub last_updated: Located<Date>,
    /// The LIVE contour, from the definition section.
    pub live: Located<Switch>,
    /// The AUTO contour, from the definition section.
    pub auto: Located<Switch>,
    /// The module table, in row order.
    pub modules: Vec<DocModule>,
    /// Ids named by the "Dev-only" section.
    pub dev_only: Vec<Located<String>>,
    /// Ids named by the "Analytics-only" section.
    pub analytics_only: Vec<Located<String>>,
    /// Where the module table's header row stands.
    pub table: Span,
    /// Row position by id.
    pub index: HashMap<String, usize>,
}

impl DocProfile {
    /// The row for module `id`.
    pub fn module(&self, id: &str) -> Option<&DocModule> {
        self.modules.get(*self.index.get(id)?)
    }
}

/// Byte offset → 1-based line.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self(starts)
    }

    fn line(&self, offset: usize) -> u32 {
        let index = self.0.partition_point(|start| *start <= offset);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }
}

fn at(line: u32, message: impl Into<String>) -> Problem {
    Problem::at(line_span(line), message)
}

fn line_span(line: u32) -> Span {
    Span::new(line, 1, 0)
}

/// Reads the Markdown profile, reporting every problem found.
pub fn read(text: &str) -> Result<DocProfile, Vec<Problem>> {
    let lines = Lines::new(text);
    let mut problems = Vec::new();
    let status = header(text, "Status:", &mut problems);
    let owner = header(text, "Owner:", &mut problems);
    let last_updated =
        header(text, "Last updated:", &mut problems).and_then(|h| match Date::parse(&h.value) {
            Some(date) => Some(Located::new(date, line_span(h.span.line))),
            None => {
                problems.push(
                    at(
                        h.span.line,
                        format!(
                            "`Last updated:` is `{}`, which is not a real date (YYYY-MM-DD)",
                            escape_controls(&h.value)
                        ),
                    )
                    .help("write the date as YYYY-MM-DD"),
                );
                None
            }
        });
    let blocks = Blocks::read(text, &lines);
    let names = title(&blocks, &mut problems);
    let table = module_table(text, &lines, &blocks, &mut problems);
    let (live, auto) = contours(text, &mut problems);
    let (dev_only, analytics_only) = match &table {
        Some((modules, _)) => (
            marks(&blocks, "dev-only", modules, &mut problems),
            marks(&blocks, "analytics-only", modules, &mut problems),
        ),
        None => (Vec::new(), Vec::new()),
    };
    match (names, status, owner, last_updated, live, auto, table) {
        (
            Some((profile, product)),
            Some(status),
            Some(owner),
            Some(last_updated),
            Some(live),
            Some(auto),
            Some((modules, table_line)),
        ) if problems.is_empty() => Ok(DocProfile {
            index: modules
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.clone(), i))
                .collect(),
            profile,
            product,
            status,
            owner,
            last_updated,
            live,
            auto,
            modules,
            dev_only,
            analytics_only,
            table: line_span(table_line),
        }),
        _ => {
            problems.sort_by_key(|p| p.span);
            Err(problems)
        }
    }
}

/// `# Runtime Profile — PROD (Webinars MVP v1++)` → (`PROD`, `Webinars MVP v1++`).
fn title(
    blocks: &Blocks,
    problems: &mut Vec<Problem>,
) -> Option<(Located<String>, Located<String>)> {
    let parsed = blocks.title.as_ref().and_then(|(text, line)| {
        let named = text.rsplit(['—', '–']).next()?.trim();
        let (profile, rest) = named.split_once('(')?;
        let product = rest.trim_end().strip_suffix(')')?;
        let (profile, product) = (profile.trim(), product.trim());
        (!profile.is_empty() && !product.is_empty()).then(|| {
            (
                Located::new(profile.to_owned(), line_span(*line)),
                Located::new(product.to_owned(), line_span(*line)),
            )
        })
    });
    if parsed.is_none() {
        let line = blocks.title.as_ref().map_or(1, |(_, line)| *line);
        problems.push(
            at(line, "the title does not name the profile and the product")
                .help("keep a title like `# Runtime Profile — PROD (Webinars MVP v1++)`"),
        );
    }
    parsed
}

/// A header line `Key: value` (before or after the title), trimmed.
fn header(text: &str, key: &str, problems: &mut Vec<Problem>) -> Option<Located<String>> {
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}').trim();
        if let Some(value) = line.strip_prefix(key) {
            let value = value.trim();
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if value.is_empty() {
                problems.push(
                    at(line, format!("`{key}` has no value"))
                        .help("write the value after the colon"),
                );
                return None;
            }
            return Some(Located::new(value.to_owned(), line_span(line)));
        }
    }
    problems.push(
        Problem::whole(format!("the document has no `{key}` header line")).help(format!(
            "add a line `{key} …` at the top, as in profiles/RUNTIME_PROFILE_PROD.md"
        )),
    );
    None
}

/// What the rules need of the document's block structure.
struct Blocks {
    /// Each table: rows of cells (byte ranges into the text), the first row the header.
    tables: Vec<Vec<Vec<Range<usize>>>>,
    /// The first level-1 heading and its line.
    title: Option<(String, u32)>,
    /// Headings: their text and line, with the list items that follow until the next
    /// heading (item text and line).
    sections: Vec<(String, Vec<(String, u32)>)>,
}

impl Blocks {
    fn read(text: &str, lines: &Lines) -> Self {
        let mut tables = Vec::new();
        let mut sections: Vec<(String, Vec<(String, u32)>)> = Vec::new();
        let mut row: Vec<Range<usize>> = Vec::new();
        let mut rows: Vec<Vec<Range<usize>>> = Vec::new();
        let mut heading: Option<String> = None;
        let mut title: Option<(String, u32)> = None;
        let mut title_line: Option<u32> = None;
        let mut item: Option<(String, u32)> = None;
        let mut item_depth = 0usize;
        for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
            match event {
                Event::Start(Tag::Table(_)) => rows.clear(),
                Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut rows)),
                Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    rows.push(std::mem::take(&mut row))
                }
                Event::Start(Tag::TableCell) => row.push(range),
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some(String::new());
                    if level == pulldown_cmark::HeadingLevel::H1 && title.is_none() {
                        title_line = Some(lines.line(range.start));
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    let text = heading.take().unwrap_or_default();
                    if let Some(line) = title_line.take() {
                        title = Some((text.clone(), line));
                    }
                    sections.push((text, Vec::new()));
                }
                Event::Start(Tag::Item) => {
                    item_depth += 1;
                    if item_depth == 1 {
                        item = Some((String::new(), lines.line(range.start)));
                    }
                }
                Event::End(TagEnd::Item) => {
                    item_depth = item_depth.saturating_sub(1);
                    if item_depth == 0
                        && let (Some(done), Some(section)) = (item.take(), sections.last_mut())
                    {
                        section.1.push(done);
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = heading.as_mut() {
                        h.push_str(&t);
                    } else if let Some((i, _)) = item.as_mut() {
                        i.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((i, _)) = item.as_mut() {
                        i.push(' ');
                    }
                }
                _ => {}
            }
        }
        Self {
            title,
            tables,
            sections,
        }
    }
}

/// Cell text for matching: inline-code backticks, emphasis marks and surrounding spaces
/// dropped, non-breaking hyphens and spaces made plain.
fn normalise(cell: &str) -> String {
    cell.replace(['`', '*'], "")
        .replace(['\u{2011}', '\u{2010}', '\u{2013}'], "-")
        .replace('\u{a0}', " ")
        .trim()
        .to_owned()
}

#[derive(Clone, Copy)]
enum Column {
    Name,
    Role,
    Status,
    Notes,
}

fn column_of(header: &str) -> Option<Column> {
    let h = normalise(header).to_lowercase();
    if h.starts_with("module") {
        Some(Column::Name)
    } else if h.starts_with("role") {
        Some(Column::Role)
    } else if h.starts_with("status") {
        Some(Column::Status)
    } else if h.starts_with("notes") {
        Some(Column::Notes)
    } else {
        None
    }
}

type Table = (Vec<DocModule>, u32);

/// The module table: the first table whose header names a module, role and status column,
/// in any order (other columns are ignored).
fn module_table(
    text: &str,
    lines: &Lines,
    blocks: &Blocks,
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let cell = |r: &Range<usize>| {
        text.get(r.clone())
            .unwrap_or_default()
            .trim()
            .trim_matches('|')
            .trim()
    };
    for table in &blocks.tables {
        let Some((head, body)) = table.split_first() else {
            continue;
        };
        let mut columns: [Option<usize>; 4] = [None; 4];
        for (index, range) in head.iter().enumerate() {
            if let Some(slot) = column_of(cell(range)).and_then(|c| columns.get_mut(c as usize)) {
                slot.get_or_insert(index);
            }
        }
        let [Some(name_col), Some(role_col), Some(status_col), notes_col] = columns else {
            continue;
        };
        let table_line = head.first().map_or(1, |r| lines.line(r.start));
        let mut modules: Vec<DocModule> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        for row in body {
            let line = row.first().map_or(table_line, |r| lines.line(r.start));
            // The parser pads a short row with empty cells of no width.
            let cells = row.iter().filter(|r| !r.is_empty()).count();
            if cells < head.len() {
                problems.push(
                    at(line, format!("this row of the module table has {cells} cells, but the table has {} columns", head.len()))
                        .help("fill in every column of the row (an empty cell is `| |`)"),
                );
                continue;
            }
            let get = |index: usize| row.get(index).map(cell).unwrap_or_default();
            if let Some(module) = read_row(
                line,
                get(name_col),
                get(role_col),
                get(status_col),
                notes_col.map(get).unwrap_or_default(),
                problems,
            ) {
                if let Some(first) = names.get(&module.name).and_then(|i| modules.get(*i)) {
                    problems.push(
                        at(
                            line,
                            format!(
                                "the table names `{}` twice; the first is at line {}",
                                escape_controls(&module.name),
                                first.span.line
                            ),
                        )
                        .help("give each module its own name"),
                    );
                    continue;
                }
                if let Some(first) = seen.get(&module.id).and_then(|i| modules.get(*i)) {
                    problems.push(
                        at(
                            line,
                            format!(
                                "the table lists `{}` twice; the first is at line {}",
                                module.id, first.span.line
                            ),
                        )
                        .help("keep one row per module"),
                    );
                    continue;
                }
                seen.insert(module.id.clone(), modules.len());
                names.insert(module.name.clone(), modules.len());
                modules.push(module);
            }
        }
        if modules.len() > limits::MAX_MODULES {
            problems.push(
                at(
                    table_line,
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
                at(table_line, "the module table has no rows")
                    .help("list the modules of the profile"),
            );
            return None;
        }
        return Some((modules, table_line));
    }
    problems.push(
        Problem::whole("the document has no module table (a table with `Module name`, `Role` and `Status in PROD` columns)")
            .help("keep the table's header names; the column order does not matter"),
    );
    None
}

fn read_row(
    line: u32,
    name: &str,
    role: &str,
    status: &str,
    notes: &str,
    problems: &mut Vec<Problem>,
) -> Option<DocModule> {
    let name_text = normalise(name);
    if name_text.is_empty() {
        problems.push(
            at(line, "a row of the module table has no module name")
                .help("fill in the `Module name` cell"),
        );
        return None;
    }
    let (name, id) = split_id(&name_text);
    if name.is_empty() {
        problems.push(
            at(
                line,
                format!(
                    "the row of `{}` has no module name before the id",
                    escape_controls(&id)
                ),
            )
            .help("write the name, then the id in parentheses: `Webinar Chat (webinar-chat)`"),
        );
        return None;
    }
    if !is_kebab_case(&id) {
        problems.push(
            at(
                line,
                format!("the module id `{}` is not kebab-case", escape_controls(&id)),
            )
            .help("write the id in parentheses after the name as lowercase words joined by `-`, e.g. `(webinar-chat)`"),
        );
        return None;
    }
    let role_value = keyword::<Role>(line, "role", role, problems);
    let status_value = keyword::<Status>(line, "status", status, problems);
    let says_auto = |t: &str| {
        let t = t.to_lowercase();
        t.contains("autowebinar") || t.split(|c: char| !c.is_alphanumeric()).any(|w| w == "auto")
    };
    let contour = if says_auto(&name) || says_auto(&id) || says_auto(notes) {
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
        notes: notes.replace("\\|", "|").trim().to_owned(),
        span: line_span(line),
    })
}

fn keyword<K: Keyword>(
    line: u32,
    what: &str,
    cell: &str,
    problems: &mut Vec<Problem>,
) -> Option<K> {
    let text = normalise(cell).to_lowercase();
    let value = K::parse(&text);
    if value.is_none() {
        problems.push(
            at(
                line,
                format!(
                    "the {what} `{}` of this row is not one of {}",
                    escape_controls(&text),
                    K::accepted()
                ),
            )
            .help(format!("write the {what} as {}", K::accepted())),
        );
    }
    value
}

/// `Webinar Chat (webinar-chat)` → (`Webinar Chat`, `webinar-chat`); without parentheses
/// the id is made from the name (`Core webinar_event` → `core-webinar-event`).
fn split_id(cell: &str) -> (String, String) {
    if let Some(open) = cell.rfind('(')
        && let Some(inner) = cell.get(open + 1..).and_then(|rest| rest.strip_suffix(')'))
    {
        let inner = inner.trim();
        if !inner.is_empty() && !inner.contains(' ') {
            let name = cell.get(..open).unwrap_or_default().trim().to_owned();
            return (name, inner.to_owned());
        }
    }
    let id = cell
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    (cell.to_owned(), id)
}

/// The ids named by the bullets of the section whose heading contains `mark`. A section
/// whose bullets name no module ("Нет модулей dev-only …") is empty; one that names some
/// must name only modules of the table.
fn marks(
    blocks: &Blocks,
    mark: &str,
    modules: &[DocModule],
    problems: &mut Vec<Problem>,
) -> Vec<Located<String>> {
    let Some((_, items)) = blocks
        .sections
        .iter()
        .find(|(heading, _)| normalise(heading).to_lowercase().contains(mark))
    else {
        return Vec::new();
    };
    // A bullet names a module by its name, its id, or both as in the table; the first
    // module of the table with that spelling wins.
    let mut spellings: HashMap<String, &DocModule> = HashMap::with_capacity(modules.len() * 3);
    for m in modules {
        let name = m.name.to_lowercase();
        spellings.entry(format!("{name} ({})", m.id)).or_insert(m);
        spellings.entry(name).or_insert(m);
        spellings.entry(m.id.clone()).or_insert(m);
    }
    let named: Vec<(Option<&DocModule>, &String, u32)> = items
        .iter()
        .map(|(text, line)| {
            let found = spellings.get(&normalise(text).to_lowercase()).copied();
            (found, text, *line)
        })
        .collect();
    if named.iter().all(|(found, _, _)| found.is_none()) {
        return Vec::new();
    }
    let mut ids: Vec<Located<String>> = Vec::new();
    let mut first_line: HashMap<&str, u32> = HashMap::new();
    for (found, text, line) in named {
        match found {
            Some(module) => {
                if let Some(first) = first_line.get(module.id.as_str()) {
                    problems.push(
                        at(
                            line,
                            format!(
                                "the {mark} section names `{}` twice; the first is at line {first}",
                                module.id
                            ),
                        )
                        .help("keep one bullet per module"),
                    );
                    continue;
                }
                first_line.insert(&module.id, line);
                ids.push(Located::new(module.id.clone(), line_span(line)));
            }
            None => problems.push(
                at(
                    line,
                    format!(
                        "the {mark} section names `{}`, which is not a module of the table",
                        escape_controls(text.trim())
                    ),
                )
                .help("name the module exactly as in the table"),
            ),
        }
    }
    ids
}

/// The LIVE and AUTO statements of the definition section: `PROD … = LIVE…` means LIVE on;
/// a line on `AUTO` that says `выключен`/`отключ…`/`disabled`/`off` means AUTO off, one that
/// says `включен`/`enabled`/`on` means AUTO on.
fn contours(
    text: &str,
    problems: &mut Vec<Problem>,
) -> (Option<Located<Switch>>, Option<Located<Switch>>) {
    let mut live = None;
    let mut auto = None;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let plain = normalise(raw).to_lowercase();
        if !plain.starts_with('-') && !plain.starts_with('*') {
            continue;
        }
        let words: Vec<&str> = plain
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
            .collect();
        let off = words.iter().any(|w| {
            w.starts_with("выключ") || w.starts_with("отключ") || *w == "disabled" || *w == "off"
        });
        let on = words
            .iter()
            .any(|w| w.starts_with("включ") || *w == "enabled" || *w == "on");
        if live.is_none() && plain.contains("prod") && plain.contains("= live") {
            live = Some(Located::new(Switch::Enabled, line_span(line)));
        }
        if auto.is_none() && words.first() == Some(&"auto") {
            if off {
                auto = Some(Located::new(Switch::Disabled, line_span(line)));
            } else if on {
                auto = Some(Located::new(Switch::Enabled, line_span(line)));
            }
        }
    }
    if live.is_none() {
        problems.push(
            Problem::whole(
                "the document does not define PROD as the LIVE contour (`PROD … = LIVE…`)",
            )
            .help("keep the definition section's LIVE statement"),
        );
    }
    if auto.is_none() {
        problems.push(
            Problem::whole("the document does not say whether the AUTO contour is on or off")
                .help("keep the definition section's `AUTO… выключен` statement"),
        );
    }
    (live, auto)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_parentheses_or_the_name() {
        assert_eq!(
            split_id("Webinar Chat (webinar-chat)"),
            ("Webinar Chat".into(), "webinar-chat".into())
        );
        assert_eq!(
            split_id("Core webinar_event"),
            ("Core webinar_event".into(), "core-webinar-event".into())
        );
    }

    #[test]
    fn cells_are_normalised() {
        assert_eq!(normalise(" `required` "), "required");
        assert_eq!(
            normalise("Post Webinar Follow\u{2011}up"),
            "Post Webinar Follow-up"
        );
    }

    #[test]
    fn lines_from_offsets() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(
            [0, 1, 2, 4, 5, 6].map(|o| lines.line(o)),
            [1, 1, 2, 2, 3, 4]
        );
    }
}
