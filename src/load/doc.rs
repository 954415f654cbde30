//! The Markdown profile given to `--doc` and `import` (SPEC §5 "Reading the Markdown", §8)
//! → [`DocProfile`].
//!
//! The document is read as it renders: pulldown-cmark's event stream gives headings,
//! paragraphs, list items and table cells as the text a reader sees (emphasis, links and
//! inline code reduced to their text), and leaves out what a reader does not see: HTML
//! comments and blocks, code blocks, collapsed `<details>`. Things are found by what they
//! are (the table with a module-name column and a PROD status column, the section whose
//! heading is "Dev-only"), and two candidates for one of them is an input error naming
//! both, never a silent pick.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

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
    /// The name, without the slug, as rendered and normalised ([`normalise`]).
    pub name: String,
    /// The role column.
    pub role: Role,
    /// The PROD status column.
    pub status: Status,
    /// AUTO when the AUTO statement names the module or its row defines it as the AUTO
    /// delivery.
    pub contour: Contour,
    /// The notes column as rendered, inline code kept in backticks.
    pub notes: String,
    /// Where the row's name cell stands in the document.
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

/// The one profile the canon describes; the title and the YAML's `profile` must name it.
pub const PROFILE: &str = "PROD";

/// Deepest nesting of block quotes and list markers on one line. The parser's memory grows
/// with the nesting (1 MB of `>` took 60 MB); a profile document nests two deep.
pub const MAX_NESTING: usize = 32;

/// Most lines plus inline markup characters (`*`, `_`, `[`, `]`, `<`, `>`, `!`, `&`, `\`,
/// `` ` ``, `~`, `|`) in one document. Each can become a node of the parser's tree, at up
/// to 190 bytes apiece: this keeps any document well under 50 MiB (3 MB of `[` took
/// 194 MB), and leaves room for tables of about 10,000 modules (the seed has 250).
pub const MAX_MARKUP: usize = 200_000;

/// The one normalisation both sides of every comparison get: Unicode NFC, non-breaking
/// hyphens and spaces made plain, invisible soft hyphens dropped, whitespace collapsed to
/// single spaces and trimmed. Applied to rendered document text and to YAML values alike.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfc() {
        let c = match c {
            '\u{2010}' | '\u{2011}' => '-',
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2060}' | '\u{feff}' => ' ',
            '\u{ad}' | '\u{200b}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Where two texts that differ after [`normalise`] first differ, when they would look the
/// same on screen (a Cyrillic `а` for a Latin `a`, an invisible character): "character 7
/// is U+0430 here, U+0061 in the document". `None` when the difference is visible.
pub fn invisible_difference(here: &str, there: &str) -> Option<String> {
    let (a, b) = (normalise(here), normalise(there));
    if a == b || skeleton(&a) != skeleton(&b) {
        return None;
    }
    let position = a.chars().zip(b.chars()).position(|(x, y)| x != y);
    let index = position.unwrap_or_else(|| a.chars().count().min(b.chars().count()));
    let code = |t: &str| {
        t.chars()
            .nth(index)
            .map_or("nothing".to_owned(), |c| format!("U+{:04X}", u32::from(c)))
    };
    Some(format!(
        "character {} is {} here, {} in the document",
        index + 1,
        code(&a),
        code(&b)
    ))
}

/// What a text looks like: invisible characters dropped, common look-alikes folded.
fn skeleton(text: &str) -> String {
    text.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            'а' => 'a',
            'е' => 'e',
            'о' => 'o',
            'р' => 'p',
            'с' => 'c',
            'у' => 'y',
            'х' => 'x',
            'А' => 'A',
            'В' => 'B',
            'Е' => 'E',
            'К' => 'K',
            'М' => 'M',
            'Н' => 'H',
            'О' => 'O',
            'Р' => 'P',
            'С' => 'C',
            'Т' => 'T',
            'Х' => 'X',
            '\u{2012}' | '\u{2212}' => '-',
            c => c,
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200c}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2061}'..='\u{2064}')
        || c.is_control()
}

/// Byte offset → line and column (in code points).
struct Positions<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str) -> Self {
        // LF, CRLF and a lone CR end a line, for CommonMark as for every other input.
        let starts = crate::source::line_starts(text).collect();
        Self { text, starts }
    }

    fn span(&self, offset: usize, len: usize) -> Span {
        let index = self.starts.partition_point(|start| *start <= offset).max(1);
        let start = self.starts.get(index - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.max(start))
            .map_or(0, |t| t.chars().count());
        Span::new(
            u32::try_from(index).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
            u32::try_from(len).unwrap_or(u32::MAX),
        )
    }
}

fn at(span: Span, message: impl Into<String>) -> Problem {
    Problem::at(span, message)
}

/// Reads the Markdown profile, reporting every problem found.
pub fn read(text: &str) -> Result<DocProfile, Vec<Problem>> {
    within_limits(text).map_err(|p| vec![p])?;
    let blocks = blocks(text, Positions::new(text));
    let mut problems = Vec::new();
    let (profile, product) = title(&blocks, &mut problems).unzip();
    let [status, owner, last_updated] = header(&blocks, &mut problems);
    let last_updated = last_updated.and_then(|h| match Date::parse(&h.value) {
        Some(date) => Some(Located::new(date, h.span)),
        None => {
            problems.push(
                at(
                    h.span,
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
    let statements = contours(&blocks, &mut problems);
    let table = module_table(&blocks, &mut problems);
    let (mut modules, table_span) = table.unzip();
    let (dev_only, analytics_only) = match &modules {
        Some(modules) => (
            marks(&blocks, Mark::DevOnly, modules, &mut problems),
            marks(&blocks, Mark::AnalyticsOnly, modules, &mut problems),
        ),
        None => (None, None),
    };
    if let (Some(modules), Some(statements)) = (modules.as_mut(), statements.as_ref()) {
        for module in modules.iter_mut() {
            if statements.auto_names(module) {
                module.contour = Contour::Auto;
            }
        }
    }
    match (
        profile,
        product,
        status,
        owner,
        last_updated,
        statements,
        modules,
        table_span,
        dev_only,
        analytics_only,
    ) {
        (
            Some(profile),
            Some(product),
            Some(status),
            Some(owner),
            Some(last_updated),
            Some(statements),
            Some(modules),
            Some(table),
            Some(dev_only),
            Some(analytics_only),
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
            live: statements.live,
            auto: statements.auto,
            modules,
            dev_only,
            analytics_only,
            table,
        }),
        _ => {
            problems.sort_by_key(|p| p.span);
            Err(problems)
        }
    }
}

/// The document's nesting and markup, bounded before the parser builds its tree.
fn within_limits(text: &str) -> Result<(), Problem> {
    let positions = Positions::new(text);
    let mut markup = 0usize;
    for (offset, line) in crate::source::line_starts(text).zip(crate::source::lines(text)) {
        let depth = nesting(line);
        if depth > MAX_NESTING {
            return Err(at(
                positions.span(offset, 1),
                format!(
                    "this line nests block quotes or lists {depth} deep, over the limit of {MAX_NESTING}"
                ),
            )
            .help("a profile document nests at most a list in a quote; check that this is the right file"));
        }
        markup += 1 + line
            .bytes()
            .filter(|b| b"*_[]<>!&\\`~|".contains(b))
            .count();
        if markup > MAX_MARKUP {
            return Err(at(
                positions.span(offset, 1),
                format!(
                    "by this line the document holds over {MAX_MARKUP} lines and Markdown markup characters (`*`, `_`, `[`, `]`, `<`, `>`, `` ` ``, `|` …), the limit"
                ),
            )
            .help("a profile document holds a few hundred; check that this is the right file"));
        }
    }
    Ok(())
}

/// Block quote and list markers at the start of `line`.
fn nesting(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next_blank = bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t');
        match b {
            b' ' | b'\t' => {}
            b'>' => depth += 1,
            b'-' | b'*' | b'+' if next_blank => depth += 1,
            b'0'..=b'9' => {
                let digits = bytes.get(i..).map_or(0, |rest| {
                    rest.iter().take_while(|d| d.is_ascii_digit()).count()
                });
                let after = bytes.get(i + digits).copied();
                let blank = bytes
                    .get(i + digits + 1)
                    .is_none_or(|n| *n == b' ' || *n == b'\t');
                if matches!(after, Some(b'.' | b')')) && blank {
                    depth += 1;
                    i += digits;
                } else {
                    break;
                }
            }
            _ => break,
        }
        i += 1;
    }
    depth
}

/// What a text block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A heading of this level (1–6).
    Heading(u8),
    /// A paragraph outside lists.
    Paragraph,
    /// A list item's text (its own, without nested lists), at this list depth (1 = top).
    Item(usize),
}

/// A piece of rendered text and where it came from, to find the column of a value.
#[derive(Debug, Clone, Copy)]
struct Piece {
    rendered: usize,
    source: usize,
    /// The rendered text is the source text byte for byte (no escapes, entities, code
    /// span backticks), so offsets inside it map one to one.
    exact: bool,
}

/// Rendered text: `plain` as a reader sees it (line breaks kept as `\n`), and `marked`,
/// the same with inline code kept in backticks (for notes, which `import` carries over).
#[derive(Debug, Clone, Default)]
struct Rendered {
    plain: String,
    marked: String,
    pieces: Vec<Piece>,
}

impl Rendered {
    fn push_text(&mut self, text: &str, range: &Range<usize>) {
        self.pieces.push(Piece {
            rendered: self.plain.len(),
            source: range.start,
            exact: range.len() == text.len(),
        });
        self.plain.push_str(text);
        self.marked.push_str(text);
    }

    fn push_code(&mut self, code: &str, range: &Range<usize>) {
        self.pieces.push(Piece {
            rendered: self.plain.len(),
            source: range.start,
            exact: false,
        });
        self.plain.push_str(code);
        let fence = "`".repeat(longest_run(code, '`') + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.marked
            .push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
    }

    fn push_break(&mut self) {
        self.plain.push('\n');
        self.marked.push(' ');
    }

    fn is_blank(&self) -> bool {
        self.plain.trim().is_empty()
    }

    /// The source offset of rendered byte `at`.
    fn source(&self, at: usize) -> Option<usize> {
        let index = self.pieces.partition_point(|p| p.rendered <= at);
        let piece = self.pieces.get(index.checked_sub(1)?)?;
        Some(if piece.exact {
            piece.source + (at - piece.rendered)
        } else {
            piece.source
        })
    }
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// A heading, paragraph or list item as rendered.
#[derive(Debug, Clone)]
struct TextBlock {
    kind: Kind,
    text: Rendered,
}

/// A table cell as rendered.
#[derive(Debug, Clone, Default)]
struct Cell {
    text: Rendered,
    start: usize,
}

/// A table: the header row's cells, then the body rows (each with the number of cells
/// its source line holds, which the parser pads or cuts to the header's).
#[derive(Debug, Clone, Default)]
struct Table {
    head: Vec<Cell>,
    rows: Vec<(Vec<Cell>, usize, usize)>,
    start: usize,
}

#[derive(Debug, Clone)]
enum Block {
    Text(TextBlock),
    Table(Table),
}

/// The rendered blocks of the document, with their spans resolved lazily.
struct Blocks<'t> {
    list: Vec<Block>,
    positions: Positions<'t>,
}

impl Blocks<'_> {
    /// The span of rendered bytes `range` of `text` (the block's start when unknown).
    fn span(&self, text: &Rendered, range: Range<usize>) -> Span {
        let start = text.source(range.start).unwrap_or(0);
        let len = text.plain.get(range).map_or(0, |t| t.chars().count());
        self.positions.span(start, len)
    }

    fn block_span(&self, text: &Rendered) -> Span {
        let lead = text.plain.len() - text.plain.trim_start().len();
        let len = text.plain.trim().len();
        self.span(text, lead..lead + len)
    }

    fn texts(&self) -> impl Iterator<Item = (usize, &TextBlock)> {
        self.list.iter().enumerate().filter_map(|(i, b)| match b {
            Block::Text(t) => Some((i, t)),
            Block::Table(_) => None,
        })
    }

    fn headings(&self) -> impl Iterator<Item = (usize, u8, &TextBlock)> {
        self.texts().filter_map(|(i, t)| match t.kind {
            Kind::Heading(level) => Some((i, level, t)),
            _ => None,
        })
    }

    /// The blocks under heading `index` (of `level`), up to the next heading as high.
    fn section(&self, index: usize, level: u8) -> &[Block] {
        let rest = self.list.get(index + 1..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|b| matches!(b, Block::Text(TextBlock { kind: Kind::Heading(l), .. }) if *l <= level))
            .unwrap_or(rest.len());
        rest.get(..end).unwrap_or_default()
    }
}

/// Walks pulldown-cmark's events into rendered blocks, leaving out what a reader does not
/// see: HTML, code blocks, images, and `<details>` not marked `open`.
fn blocks<'t>(text: &'t str, positions: Positions<'t>) -> Blocks<'t> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut list: Vec<Block> = Vec::new();
    let mut current: Option<TextBlock> = None;
    let mut items = 0usize;
    let mut code = 0usize;
    let mut image = 0usize;
    let mut html = Html::default();
    let mut table: Option<Table> = None;
    let mut row: Option<(Vec<Cell>, usize)> = None;
    let mut cell: Option<Cell> = None;
    let flush = |current: &mut Option<TextBlock>, list: &mut Vec<Block>| {
        if let Some(block) = current.take()
            && !block.text.is_blank()
        {
            list.push(Block::Text(block));
        }
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            html.interrupted();
        }
        let hidden = code > 0 || image > 0 || html.collapsed();
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let lower = raw.to_lowercase();
                if code == 0 {
                    html.read(&lower);
                }
                if !hidden && lower.trim_start().starts_with("<br") {
                    if let Some(c) = cell.as_mut() {
                        c.text.plain.push(' ');
                        c.text.marked.push(' ');
                    } else if let Some(b) = current.as_mut() {
                        b.text.push_break();
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            _ if hidden => {}
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut list);
                current = Some(TextBlock {
                    kind: Kind::Heading(heading_level(level)),
                    text: Rendered::default(),
                });
            }
            Event::Start(Tag::Paragraph) => {
                flush(&mut current, &mut list);
                let kind = if items > 0 {
                    Kind::Item(items)
                } else {
                    Kind::Paragraph
                };
                current = Some(TextBlock {
                    kind,
                    text: Rendered::default(),
                });
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut list);
                items += 1;
                current = Some(TextBlock {
                    kind: Kind::Item(items),
                    text: Rendered::default(),
                });
            }
            Event::End(TagEnd::Item) => {
                flush(&mut current, &mut list);
                items = items.saturating_sub(1);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph)
            | Event::Start(Tag::List(_) | Tag::BlockQuote(_))
            | Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_))
            | Event::Rule => flush(&mut current, &mut list),
            Event::Start(Tag::Table(_)) => {
                flush(&mut current, &mut list);
                table = Some(Table {
                    start: range.start,
                    ..Table::default()
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    list.push(Block::Table(t));
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                let source = text.get(range.clone()).unwrap_or_default();
                row = Some((Vec::new(), source_cells(source)));
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some((cells, _))) = (table.as_mut(), row.take()) {
                    t.head = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some((cells, count))) = (table.as_mut(), row.take()) {
                    let start = cells.first().map_or(range.start, |c| c.start);
                    t.rows.push((cells, count, start));
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some(Cell {
                    text: Rendered::default(),
                    start: range.start,
                });
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some((cells, _)), Some(c)) = (row.as_mut(), cell.take()) {
                    cells.push(c);
                }
            }
            Event::Text(_) | Event::Code(_) => {
                let (t, is_code) = match event {
                    Event::Code(t) => (t, true),
                    Event::Text(t) => (t, false),
                    _ => continue,
                };
                let target = if let Some(c) = cell.as_mut() {
                    if c.text.pieces.is_empty() {
                        c.start = range.start;
                    }
                    &mut c.text
                } else {
                    let block = current.get_or_insert_with(|| TextBlock {
                        kind: if items > 0 {
                            Kind::Item(items)
                        } else {
                            Kind::Paragraph
                        },
                        text: Rendered::default(),
                    });
                    &mut block.text
                };
                if is_code {
                    target.push_code(&t, &range);
                } else {
                    target.push_text(&t, &range);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.text.plain.push(' ');
                    c.text.marked.push(' ');
                } else if let Some(b) = current.as_mut() {
                    b.text.push_break();
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut list);
    Blocks { list, positions }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// What the document's HTML hides: `<details>` without the `open` attribute hides what it
/// holds; comments (which may span several HTML events) hide the tags inside them.
#[derive(Default)]
struct Html {
    /// One entry per open `<details>`: whether it is collapsed.
    details: Vec<bool>,
    in_comment: bool,
    /// The attributes of a `<details` tag not closed yet: its attributes may run over
    /// several lines, which the parser gives as several events (`<details\nopen>`).
    tag: Option<Attributes>,
}

/// Reading a start tag's attributes as a browser does, one character at a time, to find
/// whether one of them is named `open` (`open`, `open=""`, `class="x" OPEN`), and not
/// mistake a value (`class="open"`) for one.
#[derive(Debug, Default)]
struct Attributes {
    open: bool,
    /// The attribute name being read, kept up to one character longer than `open`.
    name: String,
    state: AttributeState,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum AttributeState {
    #[default]
    Between,
    Name,
    AfterName,
    BeforeValue,
    Quoted(char),
    Unquoted,
}

impl Attributes {
    fn end_name(&mut self) {
        if self.name == "open" {
            self.open = true;
        }
        self.name.clear();
    }

    /// Reads `c`; `true` when it closes the tag.
    fn feed(&mut self, c: char) -> bool {
        use AttributeState::{AfterName, BeforeValue, Between, Name, Quoted, Unquoted};
        let space = c.is_whitespace();
        match self.state {
            Quoted(q) => {
                if c == q {
                    self.state = Between;
                }
            }
            Between => match c {
                '>' => return true,
                '/' => {}
                _ if space => {}
                _ => self.start_name(c),
            },
            Name => match c {
                '>' => {
                    self.end_name();
                    return true;
                }
                '=' => {
                    self.end_name();
                    self.state = BeforeValue;
                }
                '/' => {
                    self.end_name();
                    self.state = Between;
                }
                _ if space => self.state = AfterName,
                _ => {
                    // Longer than `open` is not `open`: no need to keep more.
                    if self.name.chars().count() <= 4 {
                        self.name.push(c);
                    }
                }
            },
            AfterName => match c {
                '>' => {
                    self.end_name();
                    return true;
                }
                '=' => {
                    self.end_name();
                    self.state = BeforeValue;
                }
                '/' => {
                    self.end_name();
                    self.state = Between;
                }
                _ if space => {}
                _ => {
                    self.end_name();
                    self.start_name(c);
                }
            },
            BeforeValue => match c {
                '>' => return true,
                '"' | '\'' => self.state = Quoted(c),
                _ if space => {}
                _ => self.state = Unquoted,
            },
            Unquoted => match c {
                '>' => return true,
                _ if space => self.state = Between,
                _ => {}
            },
        }
        false
    }

    fn start_name(&mut self, c: char) {
        self.name.clear();
        self.name.push(c);
        self.state = AttributeState::Name;
    }
}

impl Html {
    fn collapsed(&self) -> bool {
        self.details.iter().any(|collapsed| *collapsed)
    }

    /// Markdown content came while a `<details` tag was still open: a browser reads the
    /// rendered content as more attributes up to the next `>` and opens the element after
    /// it, so what follows is inside; it is open only if `open` came before.
    fn interrupted(&mut self) {
        if let Some(mut tag) = self.tag.take() {
            tag.end_name();
            self.details.push(!tag.open);
        }
    }

    /// Follows the tags of a piece of lowercased HTML.
    fn read(&mut self, html: &str) {
        let mut rest = html;
        loop {
            if let Some(mut tag) = self.tag.take() {
                let mut closed = None;
                for (i, c) in rest.char_indices() {
                    if tag.feed(c) {
                        closed = Some(i + c.len_utf8());
                        break;
                    }
                }
                let Some(end) = closed else {
                    self.tag = Some(tag);
                    return;
                };
                self.details.push(!tag.open);
                rest = rest.get(end..).unwrap_or_default();
                continue;
            }
            if self.in_comment {
                let Some(end) = rest.find("-->") else {
                    return;
                };
                self.in_comment = false;
                rest = rest.get(end + 3..).unwrap_or_default();
                continue;
            }
            let comment = rest.find("<!--");
            let open = rest.find("<details");
            let close = rest.find("</details");
            let next = [comment, open, close].into_iter().flatten().min();
            let Some(at) = next else {
                return;
            };
            let after = rest.get(at..).unwrap_or_default();
            if Some(at) == comment {
                self.in_comment = true;
                rest = after.get(4..).unwrap_or_default();
            } else if Some(at) == close {
                self.details.pop();
                rest = after.get(9..).unwrap_or_default();
            } else {
                let attributes = after.get(8..).unwrap_or_default();
                // `<details` ends the tag name at whitespace, `/`, `>` or the line's end;
                // `<detailsx` is another tag.
                if attributes.is_empty()
                    || attributes.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>')
                {
                    self.tag = Some(Attributes::default());
                }
                rest = attributes;
            }
        }
    }
}

/// The cells of a table row as its source line writes them: unescaped `|` separate cells,
/// and an outer pipe on either side is optional.
fn source_cells(line: &str) -> usize {
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

/// Separators between a title's words and the profile's name: any dash with spaces
/// around it, or a colon.
fn split_title(text: &str) -> Option<(&str, &str)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let dash = matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−');
        let spaced = text.get(..i).is_some_and(|b| b.ends_with(' '))
            && text
                .get(i + c.len_utf8()..)
                .is_some_and(|a| a.starts_with(' '));
        if (dash && spaced) || c == ':' {
            best = Some((i, i + c.len_utf8()));
        }
    }
    let (start, end) = best?;
    Some((text.get(..start)?, text.get(end..)?))
}

type Title = (Located<String>, Located<String>);

/// `# Runtime Profile — PROD (Webinars MVP v1++)` → (`PROD`, `Webinars MVP v1++`): the
/// profile is the word after the last dash or colon, the product in the parentheses.
fn title(blocks: &Blocks, problems: &mut Vec<Problem>) -> Option<Title> {
    let mut found: Vec<(Title, Span)> = Vec::new();
    let mut first_h1: Option<Span> = None;
    for (_, level, block) in blocks.headings() {
        if level != 1 {
            continue;
        }
        let span = blocks.block_span(&block.text);
        first_h1.get_or_insert(span);
        let text = normalise(&block.text.plain);
        let parsed = text.rfind('(').and_then(|open| {
            let product = text.get(open + 1..)?.strip_suffix(')')?;
            let (_, profile) = split_title(text.get(..open)?)?;
            let (profile, product) = (profile.trim(), product.trim());
            (!profile.is_empty() && !profile.contains(' ') && !product.is_empty())
                .then(|| (profile.to_owned(), product.to_owned()))
        });
        if let Some((profile, product)) = parsed {
            found.push((
                (Located::new(profile, span), Located::new(product, span)),
                span,
            ));
        }
    }
    match found.as_slice() {
        [] => {
            let problem = "the title does not name the profile and the product";
            let problem = match first_h1 {
                Some(span) => at(span, problem),
                None => Problem::whole(problem),
            };
            problems.push(
                problem.help("keep a title like `# Runtime Profile — PROD (Webinars MVP v1++)`"),
            );
            None
        }
        [(title, span)] => {
            if !title.0.value.eq_ignore_ascii_case(PROFILE) {
                problems.push(
                    at(
                        *span,
                        format!(
                            "the title names the profile `{}`, but this document must be the `{PROFILE}` profile",
                            escape_controls(&title.0.value)
                        ),
                    )
                    .help(format!("the canon describes one runtime profile: write `{PROFILE}` after the dash")),
                );
                return None;
            }
            let mut title = title.clone();
            PROFILE.clone_into(&mut title.0.value);
            Some(title)
        }
        [(_, first), (_, second), ..] => {
            problems.push(two_candidates("titles naming a profile", *first, *second));
            None
        }
    }
}

fn two_candidates(what: &str, first: Span, second: Span) -> Problem {
    let places = if first.line == second.line {
        format!(
            "on line {}, at columns {} and {}",
            first.line, first.column, second.column
        )
    } else {
        format!("at line {} and at line {}", first.line, second.line)
    };
    at(second, format!("the document has two {what}: {places}"))
        .help("keep one; the reader never picks between two silently")
}

const HEADER_FIELDS: [&str; 3] = ["Status", "Owner", "Last updated"];

/// The header fields `Status:`, `Owner:`, `Last updated:`, in the blocks before the first
/// section heading: plain, with a bold label, as list items or in a block quote.
fn header(blocks: &Blocks, problems: &mut Vec<Problem>) -> [Option<Located<String>>; 3] {
    let mut found: [Vec<Located<String>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for (_, block) in blocks.texts() {
        match block.kind {
            Kind::Heading(level) if level >= 2 => break,
            Kind::Heading(_) => continue,
            Kind::Paragraph | Kind::Item(_) => {}
        }
        let plain = &block.text.plain;
        let mut offset = 0;
        for line in plain.split('\n') {
            let start = offset;
            offset += line.len() + 1;
            let Some((label, value)) = line.split_once(':') else {
                continue;
            };
            let label = normalise(label).to_lowercase();
            let Some(field) = HEADER_FIELDS.iter().position(|f| f.to_lowercase() == label) else {
                continue;
            };
            let value_start = start + label_len(line) + (value.len() - value.trim_start().len());
            let value = normalise(value);
            let span = blocks.span(&block.text, value_start..value_start + value.len());
            if let Some(slot) = found.get_mut(field) {
                slot.push(Located::new(value, span));
            }
        }
    }
    let mut out: [Option<Located<String>>; 3] = [None, None, None];
    for ((key, values), slot) in HEADER_FIELDS.iter().zip(found).zip(out.iter_mut()) {
        match values.as_slice() {
            [] => problems.push(
                Problem::whole(format!("the document has no `{key}:` header line")).help(format!(
                    "add a line `{key}: …` at the top, as in profiles/RUNTIME_PROFILE_PROD.md"
                )),
            ),
            [value] if value.value.is_empty() => problems.push(
                at(value.span, format!("`{key}:` has no value"))
                    .help("write the value after the colon"),
            ),
            [value] => *slot = Some(value.clone()),
            [first, second, ..] => problems.push(two_candidates(
                &format!("`{key}:` header lines"),
                first.span,
                second.span,
            )),
        }
    }
    out
}

/// The byte length of `line` up to and including its first colon.
fn label_len(line: &str) -> usize {
    line.find(':').map_or(0, |i| i + 1)
}

/// What a column of a table holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Role,
    /// A status column; `true` when its header names PROD and no other environment.
    Status(bool),
    Notes,
}

fn words(text: &str) -> Vec<String> {
    normalise(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn column_of(header: &str) -> Option<Column> {
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
const NOT_ENVIRONMENT: [&str; 17] = [
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
const OTHER_ENVIRONMENTS: [&str; 15] = [
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
fn prod_status(header: &str) -> Result<(), &'static str> {
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

type ModuleTable = (Vec<DocModule>, Span);

/// The module table: the table with a module-name column and a status column whose header
/// names PROD, in any column order (other columns are ignored).
fn module_table(blocks: &Blocks, problems: &mut Vec<Problem>) -> Option<ModuleTable> {
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
                Some(table) => at(
                    blocks.positions.span(table.start, 1),
                    format!(
                        "the module table has no status column for PROD (a header naming PROD on its own, as `Status in PROD` does); its columns are {}",
                        seen_columns(table)
                    ),
                )
                .help("head the PROD status column `Status in PROD` (columns for other environments may stand beside it); the column order does not matter"),
                None => Problem::whole(
                    "the document has no module table (a table with `Module name`, `Role` and `Status in PROD` columns)",
                )
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
fn seen_columns(table: &Table) -> String {
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
            format!("`{}`{why}", escape_controls(&header))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_table(blocks: &Blocks, table: &Table, problems: &mut Vec<Problem>) -> Option<ModuleTable> {
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
            at(table_span, "the module table has no `Role` column")
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
        if *count != columns {
            problems.push(
                at(
                    row_span,
                    format!(
                        "this row of the module table has {count} cells, but the table has {columns} columns"
                    ),
                )
                .help("fill in every column of the row (an empty cell is `| |`)"),
            );
            continue;
        }
        let get = |i: usize| cells.get(i);
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
                    format_args!("the table names `{}` twice", escape_controls(&module.name)),
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
            at(
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
            at(table_span, "the module table has no rows").help("list the modules of the profile"),
        );
        return None;
    }
    Some((modules, table_span))
}

fn read_row(
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
            at(span, "a row of the module table has no module name")
                .help("fill in the `Module name` cell"),
        );
        return None;
    }
    let (name, id) = split_id(&rendered);
    if name.is_empty() {
        problems.push(
            at(
                span,
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
                span,
                format!("the module id `{}` is not kebab-case", escape_controls(&id)),
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

/// Whitespace collapsed and trimmed, nothing else changed (the text as a reader sees it).
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a role or notes cell defines its module as the AUTO contour's delivery ("AUTO
/// delivery", "Доставка AUTO-контура", "часть AUTO-контура"), as opposed to mentioning AUTO
/// ("Не зависит от AUTO-контура", "auto-stop по таймеру").
fn defines_auto(cell: &str) -> bool {
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

fn keyword<K: Keyword>(
    blocks: &Blocks,
    what: &str,
    cell: Option<&Cell>,
    row_span: Span,
    problems: &mut Vec<Problem>,
) -> Option<K> {
    let cell = cell?;
    let text = normalise(&cell.text.plain).to_lowercase();
    let text = text.trim_end_matches(['.', ';', ',']);
    let value = K::parse(text);
    if value.is_none() {
        let span = if cell.text.is_blank() {
            row_span
        } else {
            blocks.block_span(&cell.text)
        };
        problems.push(
            at(
                span,
                format!(
                    "the {what} `{}` of this row is not one of {}",
                    escape_controls(text),
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

/// The two mark sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    DevOnly,
    AnalyticsOnly,
}

impl Mark {
    const fn name(self) -> &'static str {
        match self {
            Self::DevOnly => "Dev-only",
            Self::AnalyticsOnly => "Analytics-only",
        }
    }

    const fn word(self) -> &'static str {
        match self {
            Self::DevOnly => "dev",
            Self::AnalyticsOnly => "analytics",
        }
    }
}

/// The mark a heading names: its words are "dev only" or "analytics only", alone or with
/// "modules" (any case, hyphen or not). "Dev-only policy" is not the section; a heading
/// naming both marks groups their sections.
fn mark_of(heading: &str) -> Option<Mark> {
    let words = words(heading);
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "modules" | "модули" | "section"))
        .collect();
    [Mark::DevOnly, Mark::AnalyticsOnly]
        .into_iter()
        .find(|m| words == [m.word(), "only"])
}

/// Whether a bullet says the section is empty ("Нет модулей dev-only в PROD профиле").
fn says_none(text: &str) -> bool {
    let words = words(text);
    matches!(
        words.first().map(String::as_str),
        Some("нет" | "none" | "no" | "пусто" | "отсутствуют" | "n" | "empty")
    ) || text
        .trim()
        .chars()
        .all(|c| matches!(c, '-' | '—' | '–' | ' '))
}

/// Whether a bullet or paragraph is only the statement that the section is empty ("Нет
/// модулей dev-only в PROD профиле", "None", "N/A", "—"): a word of "none" first and no
/// word beyond what such a statement says, so that "…, кроме Webinar Chat" is not one.
fn is_pure_none(text: &str) -> bool {
    const STATEMENT: [&str; 40] = [
        "нет",
        "none",
        "no",
        "пусто",
        "отсутствуют",
        "отсутствует",
        "empty",
        "n",
        "a",
        "nothing",
        "модулей",
        "модули",
        "модуля",
        "modules",
        "module",
        "такие",
        "таких",
        "такого",
        "such",
        "dev",
        "analytics",
        "only",
        "в",
        "во",
        "in",
        "the",
        "this",
        "этом",
        "данном",
        "prod",
        "профиле",
        "профиль",
        "профиля",
        "profile",
        "разделе",
        "section",
        "here",
        "здесь",
        "there",
        "are",
    ];
    let words = words(text);
    if words.is_empty() {
        return text
            .trim()
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | ' '));
    }
    says_none(text) && words.iter().all(|w| STATEMENT.contains(&w.as_str()))
}

/// The first module of the table whose name or id `text` mentions on word boundaries.
fn mentioned_module<'m>(text: &str, modules: &'m [DocModule]) -> Option<&'m DocModule> {
    let lower = text.to_lowercase();
    modules.iter().find(|m| {
        contains_words(&lower, &normalise(&m.name).to_lowercase()) || contains_words(&lower, &m.id)
    })
}

/// The ids named by the bullets of `mark`'s section. A section that says it is empty
/// ("Нет модулей dev-only …") is empty; every other bullet must name a module of the table.
fn marks(
    blocks: &Blocks,
    mark: Mark,
    modules: &[DocModule],
    problems: &mut Vec<Problem>,
) -> Option<Vec<Located<String>>> {
    let sections: Vec<(usize, u8, Span)> = blocks
        .headings()
        .filter(|(_, _, h)| mark_of(&h.text.plain) == Some(mark))
        .map(|(i, level, h)| (i, level, blocks.block_span(&h.text)))
        .collect();
    let name = mark.name();
    let (index, level, heading) = match sections.as_slice() {
        [one] => *one,
        [] => {
            problems.push(
                Problem::whole(format!("the document has no `{name}` section")).help(format!(
                    "keep a heading `### {name}` with one bullet per module (or `- Нет модулей …` when there are none)"
                )),
            );
            return None;
        }
        [(_, _, first), (_, _, second), ..] => {
            problems.push(two_candidates(
                &format!("`{name}` sections"),
                *first,
                *second,
            ));
            return None;
        }
    };
    // A bullet names a module by its name, its id, or both as in the table.
    let mut spellings: HashMap<String, &DocModule> = HashMap::with_capacity(modules.len() * 3);
    for m in modules {
        let name = normalise(&m.name).to_lowercase();
        spellings.entry(format!("{name} ({})", m.id)).or_insert(m);
        spellings.entry(name).or_insert(m);
        spellings.entry(m.id.clone()).or_insert(m);
    }
    let mut ids: Vec<Located<String>> = Vec::new();
    let mut first_line: HashMap<&str, Span> = HashMap::new();
    let mut empty: Option<Span> = None;
    let mut bad = false;
    for block in blocks.section(index, level) {
        let block = match block {
            Block::Text(block) => block,
            Block::Table(table) => {
                // A table is no way of naming the section's modules, but one that names a
                // module must not leave the section read as if it did not.
                let mut cells = table
                    .head
                    .iter()
                    .chain(table.rows.iter().flat_map(|(cells, _, _)| cells.iter()));
                let named = cells.find_map(|cell| {
                    mentioned_module(&normalise(&cell.text.plain), modules)
                        .map(|module| (cell, module))
                });
                if let Some((cell, module)) = named {
                    problems.push(
                        at(
                            blocks.positions.span(cell.start, 1),
                            format!(
                                "the {name} section has a table naming `{}`, which the reader cannot classify",
                                module.id
                            ),
                        )
                        .help("list the section's modules as bullets, one per module, that start with the module's name as in the table (or its id)"),
                    );
                    bad = true;
                }
                continue;
            }
        };
        let span = blocks.block_span(&block.text);
        let text = normalise(&block.text.plain);
        let top = match block.kind {
            // A sub-heading is no way of naming a module of the section either.
            Kind::Heading(_) => {
                if let Some(module) = mentioned_module(&text, modules) {
                    problems.push(
                        at(
                            span,
                            format!(
                                "the {name} section's heading `{}` names `{}`, which the reader cannot classify",
                                escape_controls(&text),
                                module.id
                            ),
                        )
                        .help("list the section's modules as bullets, one per module, that start with the module's name as in the table (or its id)"),
                    );
                    bad = true;
                }
                continue;
            }
            Kind::Item(1) => true,
            Kind::Item(_) | Kind::Paragraph => false,
        };
        let named = if top { bullet(&text, &spellings) } else { None };
        if let Some(module) = named {
            if let Some(first) = first_line.get(module.id.as_str()) {
                problems.push(
                    Problem::twice(
                        span,
                        format_args!("the {name} section names `{}` twice", module.id),
                        *first,
                    )
                    .help("keep one bullet per module"),
                );
                bad = true;
                continue;
            }
            first_line.insert(&module.id, span);
            ids.push(Located::new(module.id.clone(), span));
            continue;
        }
        if is_pure_none(&text) {
            empty.get_or_insert(span);
            continue;
        }
        // What is left is read only when it says nothing about the section: a paragraph or
        // a nested item that neither names a module nor says "none" explains the section.
        let mentioned = mentioned_module(&text, modules);
        let what = if top { "bullet" } else { "text" };
        let mut help = "write one bullet per module that starts with its name as in the table (or its id), optionally followed by ` — explanation`; or, when there are none, only `- Нет модулей …` / `- None`";
        let problem = match (says_none(&text), mentioned) {
            (true, Some(module)) => format!(
                "the {name} section's {what} `{}` says there are none, but names `{}`",
                escape_controls(&text),
                module.id
            ),
            (true, None) => format!(
                "the {name} section's {what} `{}` says there are none, but says more, which the reader cannot tell apart from naming a module",
                escape_controls(&text)
            ),
            (false, Some(module)) => format!(
                "the {name} section's {what} `{}` names `{}` in a way the reader cannot classify",
                escape_controls(&text),
                module.id
            ),
            (false, None) if top => {
                help = "name the module as in the table (its name or its id), optionally followed by ` — explanation`";
                format!(
                    "the {name} section's bullet `{}` names no module of the table",
                    escape_controls(&text)
                )
            }
            (false, None) => continue,
        };
        problems.push(at(span, problem).help(help));
        bad = true;
    }
    if bad {
        return None;
    }
    match (ids.first(), empty) {
        (Some(first), Some(none)) => {
            problems.push(
                at(
                    none,
                    format!(
                        "the {name} section says it is empty, but names `{}` at line {}",
                        first.value, first.span.line
                    ),
                )
                .help("keep either the modules or the statement that there are none"),
            );
            None
        }
        (None, None) => {
            problems.push(
                at(heading, format!("the {name} section lists nothing")).help(
                    "list one module per bullet, or write `- Нет модулей …` when there are none",
                ),
            );
            None
        }
        _ => Some(ids),
    }
}

/// The module a bullet names: its whole text, or the text before an explanation (after a
/// dash or a colon, or in parentheses), without trailing punctuation.
fn bullet<'m>(text: &str, spellings: &HashMap<String, &'m DocModule>) -> Option<&'m DocModule> {
    let lower = text.to_lowercase();
    let strip = |t: &str| {
        t.trim()
            .trim_end_matches(['.', ';', ',', '!'])
            .trim()
            .to_owned()
    };
    let mut tries = vec![strip(&lower)];
    for sep in [" — ", " – ", " - ", ": ", " ("] {
        if let Some((head, _)) = lower.split_once(sep) {
            tries.push(strip(head));
        }
    }
    if let Some(open) = lower.rfind(" (") {
        tries.push(strip(lower.get(..open).unwrap_or_default()));
    }
    tries
        .iter()
        .find_map(|t| spellings.get(t.as_str()).copied())
}

/// The contour statements of the definition section.
struct Statements {
    live: Located<Switch>,
    auto: Located<Switch>,
    /// The AUTO statement, lowercased and normalised: the modules it names are AUTO's.
    auto_text: String,
}

impl Statements {
    fn auto_names(&self, module: &DocModule) -> bool {
        let name = normalise(&module.name).to_lowercase();
        contains_words(&self.auto_text, &name) || contains_words(&self.auto_text, &module.id)
    }
}

/// Whether `needle` occurs in `hay` on word boundaries.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay.get(..i).and_then(|b| b.chars().next_back());
        let after = hay.get(i + needle.len()..).and_then(|a| a.chars().next());
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The definition section: the heading that names the definition of the profile
/// ("Определение Runtime Profile: PROD", "Definition").
fn is_definition(heading: &str) -> bool {
    words(heading)
        .iter()
        .any(|w| w.starts_with("определени") || w == "definition" || w == "definitions")
}

/// The LIVE and AUTO statements of the definition section, negation understood.
fn contours(blocks: &Blocks, problems: &mut Vec<Problem>) -> Option<Statements> {
    let sections: Vec<(usize, u8, Span)> = blocks
        .headings()
        .filter(|(_, _, h)| is_definition(&h.text.plain))
        .map(|(i, level, h)| (i, level, blocks.block_span(&h.text)))
        .collect();
    let (index, level) = match sections.as_slice() {
        [(index, level, _)] => (*index, *level),
        [] => {
            problems.push(
                Problem::whole("the document has no definition section (a heading `Определение …` or `Definition …`)")
                    .help("keep the section that says PROD is the LIVE contour and whether AUTO is on"),
            );
            return None;
        }
        [(_, _, first), (_, _, second), ..] => {
            problems.push(two_candidates("definition sections", *first, *second));
            return None;
        }
    };
    let mut live: Vec<(Located<Switch>, String)> = Vec::new();
    let mut auto: Vec<(Located<Switch>, String)> = Vec::new();
    let mut unreadable = false;
    // Which contours had a statement that could not be read: no second error saying the
    // statement is missing.
    let mut unread = [false, false];
    for block in blocks.section(index, level) {
        let Block::Text(block) = block else {
            continue;
        };
        if matches!(block.kind, Kind::Heading(_)) {
            continue;
        }
        let text = normalise(&block.text.plain);
        let span = blocks.block_span(&block.text);
        for clause in text.split([';', '\n']) {
            let outside = operators_spelled(&without_parentheses(clause));
            let said = words(&outside);
            let is_live = said.iter().any(|w| w == "live");
            let is_auto = said.iter().any(|w| w == "auto");
            let kind = match (is_live, is_auto) {
                (false, false) => continue,
                (true, true) => None,
                (true, false) => Some(true),
                (false, true) => Some(false),
            };
            let switch = kind.and_then(|live| polarity(&said, live));
            match (kind, switch) {
                (Some(true), Some(s)) => live.push((Located::new(s, span), text.to_lowercase())),
                (Some(false), Some(s)) => auto.push((Located::new(s, span), text.to_lowercase())),
                _ => {
                    match kind {
                        Some(true) => unread[0] = true,
                        Some(false) => unread[1] = true,
                        None => unread = [true, true],
                    }
                    problems.push(
                        at(
                            span,
                            format!(
                                "cannot tell whether this statement turns the {} contour on or off: `{}`",
                                match kind {
                                    Some(true) => "LIVE",
                                    Some(false) => "AUTO",
                                    None => "LIVE or AUTO",
                                },
                                escape_controls(clause.trim())
                            ),
                        )
                        .help("say it in one of the accepted forms: `PROD = LIVE-контур`, `AUTO-контур выключен` / `AUTO contour is disabled` (see README, \"How the document is read\")"),
                    );
                    unreadable = true;
                }
            }
        }
    }
    let pick = |found: Vec<(Located<Switch>, String)>,
                name: &str,
                example: &str,
                unread: bool,
                problems: &mut Vec<Problem>| {
        match found.as_slice() {
            [] if unread => None,
            [] => {
                problems.push(
                    at(
                        blocks.block_span(match blocks.list.get(index) {
                            Some(Block::Text(t)) => &t.text,
                            _ => return None,
                        }),
                        format!(
                            "the definition section does not say whether the {name} contour is on"
                        ),
                    )
                    .help(format!("keep the statement `{example}`")),
                );
                None
            }
            [(first, text), rest @ ..] => {
                if let Some((other, _)) = rest.iter().find(|(o, _)| o.value != first.value) {
                    problems.push(
                        at(
                            other.span,
                            format!(
                                "the {name} contour is {} here but {} at line {}",
                                other.value, first.value, first.span.line
                            ),
                        )
                        .help("keep one statement of the contour"),
                    );
                    return None;
                }
                Some((first.clone(), text.clone()))
            }
        }
    };
    let [live_unread, auto_unread] = unread;
    let live = pick(live, "LIVE", "PROD = LIVE-контур", live_unread, problems);
    let auto = pick(auto, "AUTO", "AUTO-контур выключен", auto_unread, problems);
    match (live, auto) {
        (Some((live, _)), Some((auto, auto_text))) if !unreadable => Some(Statements {
            live,
            auto,
            auto_text,
        }),
        _ => None,
    }
}

/// The clause without its parenthesised asides (`(… события не исполняются)`), whose words
/// describe consequences and must not flip the statement.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Operators that negate what stands beside them: "is not", "is not in".
const NEGATING_OPERATORS: [&str; 9] = ["≠", "!=", "=/=", "<>", "≢", "≄", "∉", "⊄", "⊈"];

/// The clause with its negating operators ([`NEGATING_OPERATORS`]) written as the word
/// `not`, which [`words`] would otherwise drop as punctuation: `PROD ≠ LIVE` must not read
/// as `PROD LIVE`.
fn operators_spelled(text: &str) -> String {
    NEGATING_OPERATORS
        .iter()
        .fold(text.to_owned(), |t, op| t.replace(op, " not "))
}

/// Whether a statement's words switch its contour on or off; `None` when it says neither or
/// both. A negation ("не", "not", "no") before a word of switching on turns it off.
fn polarity(words: &[String], live: bool) -> Option<Switch> {
    let off_word = |w: &str| {
        w.starts_with("выключ")
            || w.starts_with("отключ")
            || w.starts_with("неактив")
            || w.starts_with("деактив")
            || matches!(
                w,
                "disabled" | "off" | "inactive" | "unused" | "deactivated"
            )
    };
    let on_word = |w: &str| {
        w.starts_with("включ")
            || w.starts_with("актив")
            || w.starts_with("использу")
            || w.starts_with("исполня")
            || w.starts_with("работа")
            || matches!(
                w,
                "enabled" | "on" | "active" | "used" | "running" | "runs" | "executed"
            )
    };
    let negation = |w: &str| matches!(w, "не" | "not" | "no" | "нет" | "never" | "isn");
    let mut on = false;
    let mut off = false;
    for (i, w) in words.iter().enumerate() {
        let negated = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .is_some_and(|p| negation(p))
            || i.checked_sub(2)
                .and_then(|j| words.get(j))
                .is_some_and(|p| {
                    negation(p)
                        && words
                            .get(i - 1)
                            .is_some_and(|q| q == "t" || q == "is" || q == "be")
                });
        if off_word(w) {
            if negated {
                on = true;
            } else {
                off = true;
            }
        } else if on_word(w) {
            if negated {
                off = true;
            } else {
                on = true;
            }
        }
    }
    if live && !on && !off {
        // "PROD (Webinars) = LIVE-контур", "PROD — это LIVE-контур", "PROD is the LIVE
        // contour": a definition of PROD as LIVE, unless negated.
        let prod = words.iter().position(|w| w == "prod");
        let live_at = words.iter().position(|w| w == "live");
        // Any word that negates or sets PROD apart from LIVE ("вне LIVE", "unlike LIVE")
        // leaves the statement unread rather than read as its positive.
        let negated = words.iter().any(|w| {
            negation(w)
                || matches!(
                    w.as_str(),
                    "вне"
                        | "кроме"
                        | "без"
                        | "ни"
                        | "отличие"
                        | "отличается"
                        | "except"
                        | "outside"
                        | "unlike"
                        | "nor"
                        | "neither"
                        | "without"
                        | "differs"
                        | "different"
                        | "other"
                )
        });
        if let (Some(p), Some(l)) = (prod, live_at)
            && p < l
            && !negated
        {
            on = true;
        }
    }
    match (on, off) {
        (true, false) => Some(Switch::Enabled),
        (false, true) => Some(Switch::Disabled),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<String> {
        words(&without_parentheses(text))
    }

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
    fn one_normalisation() {
        assert_eq!(
            normalise(" Post\u{a0}Webinar  Follow\u{2011}up\n"),
            "Post Webinar Follow-up"
        );
        assert_eq!(normalise("e\u{301}"), "\u{e9}");
        assert_eq!(invisible_difference("Follow-up", "Follow\u{2011}up"), None);
        assert_eq!(
            invisible_difference("Chat", "Сhat").as_deref(),
            Some("character 1 is U+0043 here, U+0421 in the document")
        );
        assert_eq!(invisible_difference("Chat", "Chats"), None);
    }

    #[test]
    fn positions_are_lines_and_code_point_columns() {
        let p = Positions::new("a\nбc\n\nd");
        assert_eq!(p.span(0, 1), Span::new(1, 1, 1));
        assert_eq!(p.span(4, 1), Span::new(2, 2, 1));
        assert_eq!(p.span(7, 1), Span::new(4, 1, 1));
        // A lone CR ends a line too, as in CommonMark and every other input.
        let cr = Positions::new("a\rb\r\nc");
        assert_eq!(cr.span(2, 1), Span::new(2, 1, 1));
        assert_eq!(cr.span(5, 1), Span::new(3, 1, 1));
    }

    #[test]
    fn a_document_with_lone_crs_reports_the_lines_an_editor_shows() {
        let seed = include_str!("../../profiles/RUNTIME_PROFILE_PROD.md");
        let Ok(doc) = read(&seed.replace('\n', "\r")) else {
            panic!("the seed with lone CRs reads")
        };
        let line = seed
            .lines()
            .position(|l| l.starts_with("| Webinar Chat (webinar-chat)"))
            .map(|i| i + 1);
        let chat = doc.module("webinar-chat").map(|m| m.span.line as usize);
        assert_eq!(chat, line);
    }

    #[test]
    fn statements_with_negation() {
        let auto = |t: &str| polarity(&words_of(t), false);
        let live = |t: &str| polarity(&words_of(t), true);
        assert_eq!(
            auto(
                "AUTO‑контур выключен (AutoWebinar Delivery и `autowebinar_*` события не исполняются)"
            ),
            Some(Switch::Disabled)
        );
        for off in [
            "AUTO‑контур не включён",
            "AUTO contour is not enabled",
            "Контур AUTO выключен",
            "AUTO‑контур не используется",
            "AUTO‑контур неактивен",
            "AUTO contour: off",
            "AUTO is disabled",
            "AUTO contour isn't enabled",
        ] {
            assert_eq!(auto(off), Some(Switch::Disabled), "{off}");
        }
        for on in ["AUTO‑контур включён", "AUTO contour is enabled", "AUTO: on"] {
            assert_eq!(auto(on), Some(Switch::Enabled), "{on}");
        }
        assert_eq!(auto("AUTO‑контур: см. раздел 5"), None);
        for on in [
            "PROD (Webinars) = LIVE‑контур Webinars MVP v1++.",
            "PROD (Webinars) — это LIVE‑контур",
            "PROD is the LIVE contour",
            "LIVE contour is enabled",
        ] {
            assert_eq!(live(on), Some(Switch::Enabled), "{on}");
        }
        assert_eq!(live("LIVE‑контур выключен"), Some(Switch::Disabled));
        assert_eq!(live("PROD is not the LIVE contour"), None);
        for not in [
            "PROD (Webinars) ≠ LIVE‑контур",
            "PROD != LIVE contour",
            "PROD =/= LIVE contour",
            "PROD <> LIVE",
            "PROD ∉ LIVE",
            "PROD — вне LIVE‑контура",
            "PROD, кроме LIVE‑контура",
            "PROD — не LIVE‑контур",
            "PROD is unlike the LIVE contour",
            "PROD isn't the LIVE contour",
        ] {
            let said = words(&operators_spelled(&without_parentheses(not)));
            assert_eq!(polarity(&said, true), None, "{not}");
        }
    }

    #[test]
    fn a_row_defines_auto_but_a_mention_does_not() {
        assert!(defines_auto("AUTO delivery: вебинары по расписанию"));
        assert!(defines_auto("Доставка AUTO‑контура"));
        assert!(!defines_auto("AUTO‑контур отключён в PROD MVP v1++."));
        assert!(!defines_auto("Не зависит от AUTO‑контура"));
        assert!(!defines_auto("auto-stop по таймеру"));
    }

    #[test]
    fn mark_headings_are_the_mark_itself() {
        assert_eq!(mark_of("Dev-only"), Some(Mark::DevOnly));
        assert_eq!(mark_of("Analytics only"), Some(Mark::AnalyticsOnly));
        assert_eq!(mark_of("ANALYTICS‑ONLY modules"), Some(Mark::AnalyticsOnly));
        assert_eq!(mark_of("Dev-only policy"), None);
        assert_eq!(
            mark_of("Отдельные отметки (Dev-only, Analytics-only)"),
            None
        );
    }

    #[test]
    fn columns_by_what_they_hold() {
        assert_eq!(column_of("Module name"), Some(Column::Name));
        assert_eq!(column_of("Module owner"), None);
        assert_eq!(
            column_of("Status in PROD (required / optional / disabled)"),
            Some(Column::Status(true))
        );
        assert_eq!(column_of("Status in DEV"), Some(Column::Status(false)));
        assert_eq!(column_of("**Role**"), Some(Column::Role));
    }

    #[test]
    fn the_prod_status_column_names_prod_on_its_own() {
        for prod in [
            "Status in PROD",
            "PROD status",
            "Статус в PROD",
            "Status in PROD (required / optional / disabled)",
            "Status in prod",
            "Status (PROD, after release)",
        ] {
            assert_eq!(column_of(prod), Some(Column::Status(true)), "{prod}");
        }
        for (other, why) in [
            ("Status in PRE-PROD", "PROD only inside another word"),
            ("Status in PRE\u{2011}PROD", "PROD only inside another word"),
            ("Status in PRE PROD", "another environment beside PROD"),
            ("Status in PRE–PROD", "another environment beside PROD"),
            ("Status in PRODUCTION", "PROD only inside another word"),
            ("Status in NONPROD", "PROD only inside another word"),
            ("Status in non-PROD", "PROD only inside another word"),
            ("Status (not PROD)", "PROD negated"),
            ("Status outside PROD", "PROD negated"),
            ("Status except PROD", "PROD negated"),
            ("Статус кроме PROD", "PROD negated"),
            ("Статус вне PROD", "PROD negated"),
            ("Статус без PROD", "PROD negated"),
            ("Статус не в PROD", "PROD negated"),
            ("Status ≠ PROD", "PROD negated"),
            ("Status != PROD", "PROD negated"),
            ("Status in PROD and DEV", "another environment beside PROD"),
            ("Status in STAGE", "no PROD"),
            ("Status", "no PROD"),
        ] {
            assert_eq!(column_of(other), Some(Column::Status(false)), "{other}");
            assert_eq!(prod_status(other), Err(why), "{other}");
        }
    }

    fn attributes(tag: &str) -> Vec<bool> {
        let mut html = Html::default();
        for piece in tag.split_inclusive('\n') {
            html.read(&piece.to_lowercase());
        }
        html.details
    }

    #[test]
    fn details_is_open_as_a_browser_reads_its_attributes() {
        for open in [
            "<details open>",
            "<details\nopen>",
            "<details\n  open\n>",
            "<details class=\"x\" open>",
            "<details open class=\"x\">",
            "<details OPEN=\"\">",
            "<details open=open>",
            "<details\tdata-x='>' open>",
            "<details class=x open/>",
        ] {
            assert_eq!(attributes(open), [false], "{open:?}");
        }
        for collapsed in [
            "<details>",
            "<details\n>",
            "<details class=\"open\">",
            "<details class=\"a open b\">",
            "<details title='open'>",
            "<details data-open>",
            "<details opened>",
            "<details class=open>",
        ] {
            assert_eq!(attributes(collapsed), [true], "{collapsed:?}");
        }
        assert_eq!(attributes("<detailsx open>"), Vec::<bool>::new());
        let mut html = Html::default();
        html.read("<details\n");
        html.interrupted();
        assert_eq!(html.details, [true], "a tag cut by Markdown content");
        let mut html = Html::default();
        html.read("<details open\n");
        html.interrupted();
        assert_eq!(html.details, [false], "a tag cut after `open`");
        assert_eq!(attributes("<!-- <details open> -->"), Vec::<bool>::new());
        assert_eq!(attributes("<details open></details>"), Vec::<bool>::new());
    }

    #[test]
    fn only_a_pure_none_statement_says_a_section_is_empty() {
        for none in [
            "Нет модулей dev-only в PROD профиле.",
            "Нет модулей analytics-only в PROD профиле",
            "None",
            "None.",
            "N/A",
            "—",
            "-",
            "No dev-only modules in the PROD profile.",
            "Нет",
        ] {
            assert!(is_pure_none(&normalise(none)), "{none}");
        }
        for not in [
            "Нет модулей dev-only в PROD профиле, кроме Webinar Chat.",
            "Нет модулей dev-only в PROD профиле, кроме чата.",
            "Нет модулей dev-only в PROD профиле (Webinar Chat — временно).",
            "None except webinar-chat",
            "No dev-only modules yet",
            "Webinar Chat",
            "(Webinar Chat — временно)",
        ] {
            assert!(!is_pure_none(&normalise(not)), "{not}");
        }
    }

    #[test]
    fn source_cells_count_pipes() {
        assert_eq!(source_cells("| a | b | c ||"), 4);
        assert_eq!(source_cells("| a | b | c |"), 3);
        assert_eq!(source_cells("a | b \\| c"), 2);
        assert_eq!(source_cells("| a | b"), 2);
    }

    #[test]
    fn nesting_counts_quote_and_list_markers() {
        assert_eq!(nesting("> - a"), 2);
        assert_eq!(nesting("| a |"), 0);
        assert_eq!(nesting(">>>> 1. a"), 5);
        assert_eq!(nesting("- **Status:** x"), 1);
    }
}
