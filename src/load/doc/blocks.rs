//! The document's blocks as GitHub renders them.

use super::*;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A heading, paragraph or list item as rendered.
#[derive(Debug, Clone)]
pub(super) struct TextBlock {
    pub(super) kind: Kind,
    pub(super) text: Rendered,
}

/// A table cell as rendered.
#[derive(Debug, Clone, Default)]
pub(super) struct Cell {
    pub(super) text: Rendered,
    pub(super) start: usize,
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

    /// The blocks under heading `index` (of `level`), up to the next heading as high.
    pub(super) fn section(&self, index: usize, level: u8) -> &[Block] {
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
pub(super) fn blocks<'t>(text: &'t str, positions: Positions<'t>) -> Blocks<'t> {
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

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
