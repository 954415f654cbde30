//! The document's blocks as GitHub renders them.

use super::*;
use comrak::arena_tree::NodeEdge;
use comrak::nodes::{LineColumn, NodeValue};
use comrak::{Arena, Options, parse_document};

/// A heading, paragraph or list item as rendered.
#[derive(Debug, Clone)]
pub(super) struct TextBlock {
    pub(super) kind: Kind,
    pub(super) text: Rendered,
    /// A paragraph whose whole text is strong (`**Dev-only**`): a label, as a heading is.
    pub(super) strong: bool,
}

/// A table cell as rendered.
#[derive(Debug, Clone, Default)]
pub(super) struct Cell {
    /// Shared by the slots of a cell that spans several (a `rowspan`/`colspan`): its text
    /// is kept once, however many slots it covers.
    pub(super) text: std::rc::Rc<Rendered>,
    pub(super) start: usize,
    /// The cell spans several slots of its table's grid (an HTML `rowspan`/`colspan`),
    /// or this slot is one another cell spans: which row or column it gives a value to is
    /// ambiguous.
    pub(super) spanned: bool,
}

/// A table: the header row's cells, then the body rows (each with the number of cells
/// its source line holds, which the parser pads or cuts to the header's).
#[derive(Debug, Clone, Default)]
pub(super) struct Table {
    pub(super) head: Vec<Cell>,
    pub(super) rows: Vec<(Vec<Cell>, usize, usize)>,
    pub(super) start: usize,
}

#[derive(Debug, Clone)]
pub(super) enum Block {
    Text(TextBlock),
    Table(Table),
}

/// The rendered blocks of the document, with their spans resolved lazily.
pub(super) struct Blocks<'t> {
    pub(super) list: Vec<Block>,
    pub(super) positions: Positions<'t>,
    /// The YAML front matter (between `---` lines at the very start): its text and where
    /// that text starts.
    pub(super) front_matter: Option<(String, usize)>,
    /// Where footnote references had repeated more text than the document holds: each
    /// is read with its footnote's text, and this bounds what that costs.
    pub(super) footnotes_over: Option<usize>,
    /// Where the HTML table starts whose grid went over what the document's tables may
    /// take (`rowspan`/`colspan` over many rows): none of it is read.
    pub(super) grid_over: Option<usize>,
    /// Where a `<tr>`, `<td>` or `<th>` stands outside any table of its run of HTML (a
    /// Markdown paragraph split the table: a browser keeps the row in the table, the
    /// reader cannot).
    pub(super) stray_row: Option<usize>,
    /// Where a footnote definition holds a block other than a paragraph (GitHub shows
    /// a heading, list or table there as such, at the bottom of the page).
    pub(super) footnote_block: Option<usize>,
    /// Where a footnote GitHub shows at the bottom starts whose every reference is hidden
    /// (in a closed `<details>`, struck text, a comment): it is read at none.
    pub(super) footnote_unreferenced: Option<usize>,
}

impl Blocks<'_> {
    /// The span of rendered bytes `range` of `text` (the block's start when unknown).
    pub(super) fn span(&self, text: &Rendered, range: Range<usize>) -> Span {
        let start = text.source(range.start).unwrap_or(0);
        let len = text.plain.get(range).map_or(0, |t| t.chars().count());
        self.positions.span(start, len)
    }

    pub(super) fn block_span(&self, text: &Rendered) -> Span {
        let lead = text.plain.len() - text.plain.trim_start().len();
        let len = text.plain.trim().len();
        self.span(text, lead..lead + len)
    }

    pub(super) fn texts(&self) -> impl Iterator<Item = (usize, &TextBlock)> {
        self.list.iter().enumerate().filter_map(|(i, b)| match b {
            Block::Text(t) => Some((i, t)),
            Block::Table(_) => None,
        })
    }

    pub(super) fn headings(&self) -> impl Iterator<Item = (usize, u8, &TextBlock)> {
        self.texts().filter_map(|(i, t)| match t.kind {
            Kind::Heading(level) => Some((i, level, t)),
            _ => None,
        })
    }

    /// The headings, and the paragraphs that are wholly strong (a label, at level
    /// [`LABEL`]).
    pub(super) fn labels(&self) -> impl Iterator<Item = (usize, u8, &TextBlock)> {
        self.texts().filter_map(|(i, t)| match t.kind {
            Kind::Heading(level) => Some((i, level, t)),
            Kind::Paragraph if t.strong => Some((i, LABEL, t)),
            _ => None,
        })
    }

    /// The blocks under heading `index` (of `level`), up to the next heading as high, or
    /// up to the next label `ends` says ends it (a label's section ends at every label).
    pub(super) fn section(
        &self,
        index: usize,
        level: u8,
        ends: impl Fn(&TextBlock) -> bool,
    ) -> &[Block] {
        let rest = self.list.get(index + 1..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|b| match b {
                Block::Text(
                    t @ TextBlock {
                        kind: Kind::Heading(l),
                        ..
                    },
                ) => *l <= level || ends(t),
                Block::Text(
                    t @ TextBlock {
                        kind: Kind::Paragraph,
                        strong: true,
                        ..
                    },
                ) => level == LABEL || ends(t),
                _ => false,
            })
            .unwrap_or(rest.len());
        rest.get(..end).unwrap_or_default()
    }
}

/// The level of a paragraph that is wholly strong, used as a section's label: below every
/// heading.
pub(super) const LABEL: u8 = 7;

/// GitHub's Markdown: CommonMark with the GFM extensions GitHub turns on (tables,
/// strikethrough, task lists, autolinks, footnotes), and YAML front matter, which GitHub
/// shows as a table.
fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.extension.autolink = true;
    options.extension.footnotes = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    options
}

/// The least text footnote references may repeat, however short the document.
const MIN_FOOTNOTE_BUDGET: usize = 64 * 1024;

/// Byte offset of a comrak line and (byte) column, within the text.
fn offset(positions: &Positions, at: LineColumn) -> usize {
    let line = positions
        .starts
        .get(at.line.saturating_sub(1))
        .copied()
        .unwrap_or(positions.text.len());
    (line + at.column.saturating_sub(1)).min(positions.text.len())
}

/// A run of HTML blocks: the HTML, where each block starts in it and in the document
/// (`(in the HTML, in the document)`), and the depth of the Markdown lists it stands in.
type HtmlRun = (String, Vec<(usize, usize)>, usize);

/// What is being read now: the block, the table, its row and cell.
#[derive(Default)]
struct Reading {
    list: Vec<Block>,
    current: Option<TextBlock>,
    table: Option<Table>,
    row: Option<(Vec<Cell>, usize, bool)>,
    cell: Option<Cell>,
    /// HTML blocks in a row, read together once the run ends: the HTML, where each block
    /// starts in it and in the document, and the depth of the Markdown lists it stands in.
    html: Option<HtmlRun>,
    /// What the document's HTML tables may take yet.
    grid: Option<Grid>,
}

impl Reading {
    fn flush(&mut self) {
        if let Some(block) = self.current.take()
            && !block.text.is_blank()
        {
            self.list.push(Block::Text(block));
        }
    }

    fn start(&mut self, kind: Kind, strong: bool) {
        self.flush();
        self.current = Some(TextBlock {
            kind,
            text: Rendered::default(),
            strong,
        });
    }

    /// The text being written: the cell, or the block (opened as a paragraph or the list
    /// item's text when text comes outside one).
    fn target(&mut self, items: usize) -> &mut Rendered {
        if let Some(cell) = self.cell.as_mut() {
            return std::rc::Rc::make_mut(&mut cell.text);
        }
        let block = self.current.get_or_insert_with(|| TextBlock {
            kind: if items > 0 {
                Kind::Item(items)
            } else {
                Kind::Paragraph
            },
            text: Rendered::default(),
            strong: false,
        });
        &mut block.text
    }

    fn line_break(&mut self, hard: bool) {
        if let Some(c) = self.cell.as_mut() {
            let text = std::rc::Rc::make_mut(&mut c.text);
            text.plain.push(' ');
            text.marked.push(' ');
        } else if let Some(b) = self.current.as_mut() {
            b.text.push_break(hard);
        }
    }

    /// Ends a run of HTML blocks: its text and tables, as GitHub shows them.
    fn end_html(&mut self) {
        if let Some((html, origin, items)) = self.html.take() {
            let grid = self.grid.get_or_insert_with(|| Grid::new(0));
            let blocks = html_blocks(&html, &origin, items, grid);
            if !blocks.is_empty() {
                self.flush();
            }
            self.list.extend(blocks);
        }
    }
}

/// Whether a paragraph's whole text is strong: every character it shows stands inside
/// `**…**` (also under emphasis, `***Dev-only***`) or `<strong>`/`<b>` tags.
fn wholly_strong<'a>(node: &'a comrak::nodes::AstNode<'a>) -> bool {
    let mut strong = false;
    let mut depth = 0usize;
    let mut tags = 0usize;
    for edge in node.traverse() {
        let (child, entering) = match edge {
            NodeEdge::Start(n) => (n, true),
            NodeEdge::End(n) => (n, false),
        };
        match &child.data().value {
            NodeValue::Strong if entering => depth += 1,
            NodeValue::Strong => depth = depth.saturating_sub(1),
            NodeValue::HtmlInline(raw) if entering => {
                let tag = raw.to_ascii_lowercase();
                let name = |t: &str| {
                    t.split(|c: char| !c.is_ascii_alphanumeric())
                        .next()
                        .map(str::to_owned)
                };
                if let Some(closing) = tag.strip_prefix("</") {
                    if matches!(name(closing).as_deref(), Some("strong" | "b")) {
                        tags = tags.saturating_sub(1);
                    }
                } else if let Some(opening) = tag.strip_prefix('<')
                    && matches!(name(opening).as_deref(), Some("strong" | "b"))
                {
                    tags += 1;
                }
            }
            NodeValue::Text(t) if entering && !t.trim().is_empty() => {
                if depth + tags == 0 {
                    return false;
                }
                strong = true;
            }
            NodeValue::Code(_) | NodeValue::Image(_) if entering && depth + tags == 0 => {
                return false;
            }
            _ => {}
        }
    }
    strong
}

/// The text each footnote definition shows, by the footnote's name: comrak moves the
/// definitions GitHub shows (those referenced) to the end of the document.
/// Also where each definition starts, and where the first block in a definition that is
/// not a paragraph (a heading, list, table, quote, HTML) starts: GitHub shows it as such at
/// the bottom of the page, which the reader does not read, so it is refused.
type Footnotes = (
    HashMap<String, String>,
    HashMap<String, usize>,
    Option<usize>,
);

fn footnotes<'a>(root: &'a comrak::nodes::AstNode<'a>, positions: &Positions) -> Footnotes {
    let mut out = HashMap::new();
    let mut starts = HashMap::new();
    let mut block = None;
    for child in root.children() {
        let NodeValue::FootnoteDefinition(definition) = &child.data().value else {
            continue;
        };
        starts.insert(
            definition.name.clone(),
            offset(positions, child.data().sourcepos.start),
        );
        let mut text = String::new();
        let mut unseen = 0usize;
        for edge in child.traverse() {
            let (node, entering) = match edge {
                NodeEdge::Start(n) => (n, true),
                NodeEdge::End(n) => (n, false),
            };
            let value = &node.data().value;
            if entering
                && block.is_none()
                && value.block()
                && !matches!(
                    value,
                    NodeValue::FootnoteDefinition(_)
                        | NodeValue::Paragraph
                        | NodeValue::CodeBlock(_)
                )
            {
                block = Some(offset(positions, node.data().sourcepos.start));
            }
            match value {
                NodeValue::Strikethrough | NodeValue::Image(_) => {
                    if entering {
                        unseen += 1;
                    } else {
                        unseen = unseen.saturating_sub(1);
                    }
                }
                _ if unseen > 0 || !entering => {}
                NodeValue::Text(t) => text.push_str(t),
                NodeValue::Code(c) => text.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
                NodeValue::Paragraph | NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                    text.push(' ');
                }
                _ => {}
            }
        }
        out.insert(definition.name.clone(), text);
    }
    (out, starts, block)
}

/// Walks comrak's tree (cmark-gfm's, as GitHub renders) into rendered blocks, leaving out
/// what a reader does not see: HTML, code blocks, images, struck text, footnotes,
/// `<details>` not marked `open`.
pub(super) fn blocks<'t>(text: &'t str, positions: Positions<'t>) -> Blocks<'t> {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let (footnotes, footnote_starts, footnote_block) = footnotes(root, &positions);
    // The footnotes referenced where GitHub shows the reference.
    let mut referenced: std::collections::HashSet<String> = std::collections::HashSet::new();
    // What references may repeat of their footnotes' text, in all.
    let mut budget = text.len().max(MIN_FOOTNOTE_BUDGET);
    let mut footnotes_over = None;
    let mut r = Reading {
        grid: Some(Grid::new(text.len())),
        ..Reading::default()
    };
    let mut items = 0usize;
    // Images, struck text and footnote definitions being read: none of it is shown as text.
    let mut unseen = 0usize;
    let mut html = Html::default();
    let mut front_matter = None;
    for edge in root.traverse() {
        let (node, entering) = match edge {
            NodeEdge::Start(node) => (node, true),
            NodeEdge::End(node) => (node, false),
        };
        let data = node.data();
        let is_html = matches!(
            data.value,
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
        );
        if !is_html {
            html.interrupted();
        }
        // A Markdown block is an element of its own: what HTML opens inside it (`<del>`,
        // `<details>`) ends with it, as a browser's tree builder ends it.
        if data.value.block()
            && !matches!(
                data.value,
                NodeValue::Document | NodeValue::HtmlBlock(_) | NodeValue::FrontMatter(_)
            )
        {
            if entering {
                html.enter_block(matches!(data.value, NodeValue::TableCell), true);
            } else {
                html.exit_block();
            }
        }
        if !matches!(data.value, NodeValue::HtmlBlock(_)) && entering {
            r.end_html();
        }
        // A `<summary>` in an HTML block of its own is shown, its `<details>` collapsed
        // or not.
        let summary = matches!(&data.value, NodeValue::HtmlBlock(block)
            if block.literal.trim_start().to_ascii_lowercase().starts_with("<summary"))
            && html.summary_shows();
        let hidden = unseen > 0 || (html.collapsed() && !summary);
        let start = offset(&positions, data.sourcepos.start);
        let end = offset(&positions, data.sourcepos.end).saturating_add(1);
        if let NodeValue::FootnoteReference(reference) = &data.value
            && entering
            && !hidden
        {
            referenced.insert(reference.name.clone());
        }
        match &data.value {
            NodeValue::FrontMatter(raw) if entering => {
                front_matter = Some((raw.clone(), start));
            }
            NodeValue::HtmlBlock(block) if entering => {
                let mut literal = block.literal.as_str();
                let mut at = start;
                let mut hidden = hidden;
                if html.in_comment {
                    // A comment left open (`> <!--` cut short by its quote) runs in the
                    // browser to the next `-->`: what stands before it is hidden, what
                    // follows it shown.
                    match literal.find("-->") {
                        Some(i) => {
                            html.read(&literal.get(..i + 3).unwrap_or_default().to_lowercase());
                            literal = literal.get(i + 3..).unwrap_or_default();
                            at = start + i + 3;
                            hidden = unseen > 0 || html.collapsed();
                        }
                        None => literal = "",
                    }
                }
                if hidden || literal.is_empty() {
                    // What a collapsed `<details>` or a comment hides is no part of the run.
                    r.end_html();
                } else {
                    let run = r
                        .html
                        .get_or_insert_with(|| (String::new(), Vec::new(), items));
                    run.1.push((run.0.len(), at));
                    run.0.push_str(literal);
                }
                html.read(&literal.to_lowercase());
            }
            NodeValue::HtmlInline(raw) if entering => {
                let lower = raw.to_lowercase();
                html.read(&lower);
                if !hidden && lower.trim_start().starts_with("<br") {
                    r.line_break(true);
                }
            }
            NodeValue::Image(_) | NodeValue::Strikethrough | NodeValue::FootnoteDefinition(_) => {
                if matches!(data.value, NodeValue::FootnoteDefinition(_)) {
                    r.flush();
                }
                if entering {
                    unseen += 1;
                } else {
                    unseen = unseen.saturating_sub(1);
                }
            }
            _ if hidden => {}
            NodeValue::Heading(heading) if entering => {
                r.start(Kind::Heading(heading.level.clamp(1, 6)), false);
            }
            NodeValue::Paragraph if entering => {
                let kind = if items > 0 {
                    Kind::Item(items)
                } else {
                    Kind::Paragraph
                };
                r.start(kind, items == 0 && wholly_strong(node));
            }
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                r.flush();
                if entering {
                    items += 1;
                    r.start(Kind::Item(items), false);
                } else {
                    items = items.saturating_sub(1);
                }
            }
            NodeValue::Heading(_)
            | NodeValue::Paragraph
            | NodeValue::List(_)
            | NodeValue::BlockQuote
            | NodeValue::ThematicBreak
            | NodeValue::CodeBlock(_) => r.flush(),
            NodeValue::Table(_) => {
                if entering {
                    r.flush();
                    r.table = Some(Table {
                        start,
                        ..Table::default()
                    });
                } else if let Some(t) = r.table.take() {
                    r.list.push(Block::Table(t));
                }
            }
            NodeValue::TableRow(header) => {
                if entering {
                    let line = positions
                        .starts
                        .get(data.sourcepos.start.line.saturating_sub(1))
                        .copied()
                        .unwrap_or(start);
                    let source = text.get(line..).unwrap_or_default();
                    let source = crate::source::lines(source).next().unwrap_or_default();
                    r.row = Some((Vec::new(), source_cells(source), *header));
                } else if let (Some(t), Some((cells, count, header))) =
                    (r.table.as_mut(), r.row.take())
                {
                    if header {
                        t.head = cells;
                    } else {
                        let first = cells.first().map_or(start, |c| c.start);
                        t.rows.push((cells, count, first));
                    }
                }
            }
            NodeValue::TableCell => {
                if entering {
                    r.cell = Some(Cell {
                        text: Default::default(),
                        start,
                        spanned: false,
                    });
                } else if let (Some((cells, _, _)), Some(c)) = (r.row.as_mut(), r.cell.take()) {
                    cells.push(c);
                }
            }
            NodeValue::Text(t) if entering => {
                let first = r.cell.as_ref().is_some_and(|c| c.text.pieces.is_empty());
                if first && let Some(c) = r.cell.as_mut() {
                    c.start = start;
                }
                r.target(items).push_text(t, &(start..end));
            }
            NodeValue::Code(code) if entering => {
                if let Some(c) = r.cell.as_mut()
                    && c.text.pieces.is_empty()
                {
                    c.start = start;
                }
                r.target(items).push_code(&code.literal, &(start..end));
            }
            // A footnote's text is read where it is referenced, as part of what the
            // paragraph, item or heading says (`Нет модулей dev-only.[^1]` with `[^1]: Кроме
            // Webinar Chat.`), on lines of its own; in a table cell it is a note, as the
            // Notes column is, and no part of the value.
            NodeValue::FootnoteReference(reference) if entering && r.cell.is_none() => {
                if let Some(note) = footnotes.get(&reference.name)
                    && !note.trim().is_empty()
                {
                    if note.len() > budget {
                        footnotes_over.get_or_insert(start);
                        continue;
                    }
                    budget -= note.len();
                    let target = r.target(items);
                    target.push_break(false);
                    let from = target.plain.len();
                    target.push_text(note.trim(), &(start..start));
                    let to = target.plain.len();
                    target.notes.push(from..to);
                    target.push_break(false);
                }
            }
            NodeValue::SoftBreak if entering => r.line_break(false),
            NodeValue::LineBreak if entering => r.line_break(true),
            _ => {}
        }
    }
    r.end_html();
    r.flush();
    Blocks {
        list: r.list,
        positions,
        front_matter,
        footnotes_over,
        grid_over: r.grid.as_ref().and_then(|g| g.over),
        stray_row: r.grid.as_ref().and_then(|g| g.stray),
        footnote_block,
        footnote_unreferenced: footnote_starts
            .iter()
            .filter(|(name, _)| !referenced.contains(*name))
            .map(|(_, at)| *at)
            .min(),
    }
}
/// The memory of reading a document at the markup limit, by shape (run one shape per
/// process, the peak is the process's): `PROBE=link cargo test --release --lib
/// doc_at_the_limit -- --ignored --nocapture`.
#[cfg(test)]
mod memory {
    /// The process's peak resident memory, from `/proc/self/status` (Linux).
    fn peak() -> String {
        std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("VmHWM"))
            .collect()
    }

    #[test]
    #[ignore = "a measurement: one shape per process, in a release build"]
    fn doc_at_the_limit() {
        let shape = std::env::var("PROBE").unwrap_or_else(|_| "link".to_owned());
        let unit = match shape.as_str() {
            "star" => "*a ",
            "under" => "_a ",
            "lt" => "<a>",
            "amp" => "&amp;",
            "tick" => "`a` ",
            "image" => "![a](b) ",
            "link" => "[a](b) ",
            "para" => "a\n\n",
            "item" => "- a\n",
            "quote" => "> a\n",
            "html" => "<p>a</p>\n",
            "row" => "| a | b |\n",
            "heading" => "# a\n",
            other => panic!("no shape {other}"),
        };
        let fits = |n: usize| super::super::within_limits(&unit.repeat(n)).is_ok();
        let mut high = 1usize;
        while fits(high) {
            high *= 2;
        }
        let mut low = high / 2;
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if fits(mid) {
                low = mid;
            } else {
                high = mid;
            }
        }
        let text = unit.repeat(low);
        let started = std::time::Instant::now();
        let read = super::super::read(&text);
        eprintln!(
            "{shape} x{low} ({} bytes): {} in {:?}, {}",
            text.len(),
            peak(),
            started.elapsed(),
            if read.is_ok() { "read" } else { "input error" }
        );
    }
}
