//! What the document's HTML shows and hides.

use super::*;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::rc::Rc;

/// What the document's HTML hides: `<details>` without the `open` attribute hides what it
/// holds; comments (which may span several HTML events) hide the tags inside them.
#[derive(Default)]
pub(super) struct Html {
    /// One entry per open `<details>`: whether it is collapsed.
    pub(super) details: Vec<bool>,
    pub(super) in_comment: bool,
    /// The attributes of a `<details` tag not closed yet: its attributes may run over
    /// several lines, which the parser gives as several events (`<details\nopen>`).
    pub(super) tag: Option<Attributes>,
    /// Open `<del>` elements: struck text is no part of a value. A browser ends one with
    /// the element it was opened in (the end of a paragraph, cell, list item, heading).
    pub(super) struck: usize,
    /// Open `<s>` and `<strike>` elements. They are formatting elements: when the element
    /// they were opened in ends, a browser opens them again around the text that follows
    /// (outside table cells), so they move to `pending`.
    pub(super) formatting: usize,
    /// `<s>`/`<strike>` a browser opens again around the next text (its list of active
    /// formatting elements): the line break before the next block is such text, so what
    /// follows stands inside them, tables too; a table cell's end drops those opened
    /// inside it.
    pub(super) pending: usize,
    /// The elements open now that end what was opened inside them: Markdown blocks
    /// (`None`) and HTML elements (their name).
    pub(super) frames: Vec<Open>,
    /// A `<summary>` is open in the innermost `<details>` (its index): a browser shows
    /// it, collapsed or not.
    pub(super) summary: Option<usize>,
    /// The `<details>` (their indices) whose first `<summary>` came: a browser shows no
    /// other.
    pub(super) summarised: Vec<usize>,
}

/// Reading a start tag's attributes as a browser does, one character at a time, to find
/// whether one of them is named `open` (`open`, `open=""`, `class="x" OPEN`), and not
/// mistake a value (`class="open"`) for one.
#[derive(Debug, Default)]
pub(super) struct Attributes {
    pub(super) open: bool,
    /// The attribute name being read, kept up to one character longer than `open`.
    pub(super) name: String,
    pub(super) state: AttributeState,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum AttributeState {
    #[default]
    Between,
    Name,
    AfterName,
    BeforeValue,
    Quoted(char),
    Unquoted,
}

impl Attributes {
    pub(super) fn end_name(&mut self) {
        if self.name == "open" {
            self.open = true;
        }
        self.name.clear();
    }

    /// Reads `c`; `true` when it closes the tag.
    pub(super) fn feed(&mut self, c: char) -> bool {
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

    pub(super) fn start_name(&mut self, c: char) {
        self.name.clear();
        self.name.push(c);
        self.state = AttributeState::Name;
    }
}

/// An element open now, and what was open when it started: when it ends, a browser ends
/// what was opened inside it (`<p>a <del>b</p>` ends the `<del>`).
#[derive(Debug, Clone)]
pub(super) struct Open {
    /// `None` for a Markdown block, the tag name for an HTML element.
    name: Option<String>,
    /// A table cell: its end drops the `<s>` opened inside it (a marker in the browser's
    /// list of active formatting elements).
    cell: bool,
    struck: usize,
    formatting: usize,
    pending: usize,
    details: usize,
    summary: Option<usize>,
}

/// HTML elements whose end ends what was opened inside them, as a browser's tree builder
/// does (`</p>` pops the open `<del>`).
fn scoping(name: &str) -> bool {
    is_block(name)
        || matches!(
            name,
            "td" | "th"
                | "tr"
                | "table"
                | "tbody"
                | "thead"
                | "tfoot"
                | "main"
                | "search"
                | "menu"
                | "fieldset"
                | "form"
                | "dialog"
                | "hgroup"
                | "dir"
                | "listing"
                | "xmp"
        )
}

/// HTML start tags that end an open `<p>` (a browser closes it first).
fn closes_p(name: &str) -> bool {
    (is_block(name) && !matches!(name, "caption"))
        || matches!(
            name,
            "table"
                | "main"
                | "search"
                | "menu"
                | "fieldset"
                | "form"
                | "dialog"
                | "hgroup"
                | "dir"
                | "listing"
                | "xmp"
        )
}

impl Html {
    /// A Markdown block starts (`cell`: a table cell): a browser ends an open HTML `<p>`
    /// first (the block is its own element), and what opens inside ends with the block.
    pub(super) fn enter_block(&mut self, cell: bool, paragraph_ends: bool) {
        if paragraph_ends {
            self.end_open_p();
        }
        self.push(None, cell);
    }

    /// A Markdown block ends: so does what was opened inside it.
    pub(super) fn exit_block(&mut self) {
        if let Some(at) = self.frames.iter().rposition(|f| f.name.is_none()) {
            self.pop_to(at);
        }
    }

    fn push(&mut self, name: Option<String>, cell: bool) {
        self.frames.push(Open {
            name,
            cell,
            struck: self.struck,
            formatting: self.formatting,
            pending: self.pending,
            details: self.details.len(),
            summary: self.summary,
        });
    }

    /// Ends the frame at `at` and those above it.
    fn pop_to(&mut self, at: usize) {
        let Some(frame) = self.frames.get(at).cloned() else {
            return;
        };
        self.frames.truncate(at);
        self.struck = frame.struck.min(self.struck);
        let moved = self.formatting.saturating_sub(frame.formatting);
        self.formatting = frame.formatting.min(self.formatting);
        if frame.cell {
            // The cell's end clears the formatting elements opened inside it.
            self.pending = frame.pending;
        } else {
            self.pending += moved;
        }
        if self.details.len() > frame.details {
            self.details.truncate(frame.details);
            self.summary = frame.summary;
            self.tag = None;
        }
    }

    /// An HTML `<p>` open at the top ends.
    fn end_open_p(&mut self) {
        if self
            .frames
            .last()
            .is_some_and(|f| f.name.as_deref() == Some("p"))
        {
            self.pop_to(self.frames.len() - 1);
        }
    }

    /// An HTML end tag: the element of that name open within the innermost Markdown block
    /// ends, with what was opened inside it.
    fn end_element(&mut self, name: &str) {
        let floor = self
            .frames
            .iter()
            .rposition(|f| f.name.is_none())
            .map_or(0, |i| i + 1);
        if let Some(at) = self
            .frames
            .iter()
            .rposition(|f| f.name.as_deref() == Some(name))
            .filter(|at| *at >= floor)
        {
            self.pop_to(at);
        }
    }

    /// Whether what comes now is hidden: inside a collapsed `<details>` or a comment left
    /// open (it runs to the next `-->` in the HTML, past the block it started in), or
    /// struck (`<del>`, `<s>`, `<strike>`).
    pub(super) fn collapsed(&self) -> bool {
        self.in_comment
            || self.struck > 0
            || self.formatting > 0
            || self.pending > 0
            || self
                .details
                .iter()
                .enumerate()
                .any(|(i, collapsed)| *collapsed && self.summary != Some(i))
    }

    /// Whether a `<summary>` that starts now would be shown: only the innermost
    /// `<details>` is collapsed (a browser shows a summary of a collapsed one), and nothing
    /// is struck or commented out.
    pub(super) fn summary_shows(&self) -> bool {
        let Some((last, outer)) = self.details.split_last() else {
            return false;
        };
        let first = !self
            .summarised
            .iter()
            .any(|d| *d == outer.len() && self.details.len() > *d);
        first
            && *last
            && !outer.iter().any(|c| *c)
            && self.struck + self.formatting + self.pending == 0
            && !self.in_comment
    }

    /// Markdown content came while a `<details` tag was still open: a browser reads the
    /// rendered content as more attributes up to the next `>` and opens the element after
    /// it, so what follows is inside; it is open only if `open` came before.
    pub(super) fn interrupted(&mut self) {
        if let Some(mut tag) = self.tag.take() {
            tag.end_name();
            let depth = self.details.len();
            self.summarised.retain(|d| *d < depth);
            self.details.push(!tag.open);
        }
    }

    /// Follows the tags of a piece of lowercased HTML.
    pub(super) fn read(&mut self, html: &str) {
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
                let depth = self.details.len();
                self.summarised.retain(|d| *d < depth);
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
            let Some(at) = rest.find('<') else {
                return;
            };
            let after = rest.get(at..).unwrap_or_default();
            if let Some(comment) = after.strip_prefix("<!--") {
                // `<!-->` and `<!--->` are whole (empty) comments to a browser.
                if let Some(after) = comment
                    .strip_prefix('>')
                    .or_else(|| comment.strip_prefix("->"))
                {
                    rest = after;
                } else {
                    self.in_comment = true;
                    rest = comment;
                }
                continue;
            }
            let (closing, tag) = match after.strip_prefix("</") {
                Some(tag) => (true, tag),
                None => (false, after.get(1..).unwrap_or_default()),
            };
            // A tag name ends at whitespace, `/`, `>` or the piece's end: `<detailsx` is
            // another tag.
            let length = tag
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(tag.len());
            let (name, attributes) = tag.split_at(length);
            if !closing {
                if closes_p(name) {
                    self.end_open_p();
                }
                match name {
                    "li" | "dd" | "dt" => {
                        let item = |f: &Open| match f.name.as_deref() {
                            Some("li") => name == "li",
                            Some("dd" | "dt") => name != "li",
                            _ => false,
                        };
                        if let Some(at) = self.frames.iter().rposition(item)
                            && self.frames.iter().skip(at + 1).all(|f| f.name.is_some())
                        {
                            self.pop_to(at);
                        }
                    }
                    "td" | "th" | "tr" => {
                        if let Some(at) = self.frames.iter().rposition(|f| {
                            matches!(f.name.as_deref(), Some("td" | "th"))
                                || (name == "tr" && f.name.as_deref() == Some("tr"))
                        }) && self.frames.iter().skip(at + 1).all(|f| f.name.is_some())
                        {
                            self.pop_to(at);
                        }
                    }
                    _ => {}
                }
            }
            match (closing, name) {
                (false, "details") => {
                    self.push(Some(name.to_owned()), false);
                    self.tag = Some(Attributes::default());
                }
                (true, "details") => {
                    if self
                        .frames
                        .iter()
                        .rev()
                        .take_while(|f| f.name.is_some())
                        .any(|f| f.name.as_deref() == Some("details"))
                    {
                        self.end_element(name);
                    } else {
                        self.details.pop();
                        self.summary = None;
                    }
                }
                (false, "summary") if !self.details.is_empty() => {
                    let innermost = self.details.len() - 1;
                    self.summarised.retain(|d| *d < self.details.len());
                    if !self.summarised.contains(&innermost) {
                        self.summarised.push(innermost);
                        self.summary = Some(innermost);
                    }
                }
                (true, "summary") => self.summary = None,
                (false, "del") => self.struck += 1,
                (true, "del") => self.struck = self.struck.saturating_sub(1),
                (false, "s" | "strike") => self.formatting += 1,
                (true, "s" | "strike") => {
                    if self.formatting > 0 {
                        self.formatting -= 1;
                    } else {
                        self.pending = self.pending.saturating_sub(1);
                    }
                }
                (false, name) if scoping(name) => {
                    self.push(Some(name.to_owned()), matches!(name, "td" | "th"))
                }
                (true, name) if scoping(name) => self.end_element(name),
                _ => {}
            }
            rest = attributes;
        }
    }
}

/// The value of attribute `name` of an element.
fn attribute(attrs: &[html5ever::Attribute], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

/// Whether an element hides what it holds from a reader on GitHub: a `<details>` without
/// `open` (but for its `<summary>`), struck text (no part of a value), footnote
/// references. GitHub's sanitizer (html-pipeline's allow-list) strips the `hidden`,
/// `style` and `class` attributes, so `hidden` and `display: none` hide nothing there;
/// and it keeps the text of the elements it removes (`<span>`, `<font>`, `<template>`,
/// `<noscript>`), while cmark-gfm's tag filter shows `<script>`, `<style>`, `<title>` as
/// text: none of them hides what it holds.
fn hides(name: &str, attrs: &[html5ever::Attribute]) -> bool {
    // A footnote reference (`<a class="footnote-ref" href="#fn1"><sup>1</sup></a>`,
    // GitHub's `<a data-footnote-ref>`) is no part of the text it follows.
    let footnote = name == "a"
        && (attribute(attrs, "data-footnote-ref").is_some()
            || attribute(attrs, "class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == "footnote-ref"))
            || attribute(attrs, "href")
                .is_some_and(|h| h.starts_with("#fn") || h.starts_with("#user-content-fn")));
    footnote
        || (name == "details" && attribute(attrs, "open").is_none())
        || matches!(name, "del" | "s" | "strike")
}

/// Where each start tag of `html` starts (comments skipped), by tag name, in the order a
/// parser meets them.
fn tags(html: &str) -> HashMap<String, Vec<usize>> {
    let lower = html.to_ascii_lowercase();
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let mut at = 0;
    while let Some(found) = lower.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + found;
        let rest = lower.get(start..).unwrap_or_default();
        if rest.starts_with("<!--") {
            at = rest
                .get(4..)
                .and_then(|r| r.find("-->"))
                .map_or(lower.len(), |end| start + 4 + end + 3);
            continue;
        }
        let name: String = rest
            .chars()
            .skip(1)
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !name.is_empty() {
            out.entry(name).or_default().push(start);
        }
        at = start + 1;
    }
    out
}

/// What the walk of the HTML tree knows at a node.
#[derive(Clone, Copy, Default)]
struct Frame {
    hidden: bool,
    /// The children of a collapsed `<details>`: whether its `<summary>` is hidden.
    summary: Option<bool>,
    /// The nearest table (its index in the tables read), `None` outside one or in a hidden
    /// one.
    table: Option<usize>,
    row: bool,
    cell: bool,
    head: bool,
    /// The row group (`<thead>`, `<tbody>`, `<tfoot>`) a row stands in: a `rowspan` ends
    /// with its group.
    group: usize,
    /// Inside `<strong>` or `<b>`.
    strong: bool,
    /// Lists (`<ul>`, `<ol>`) around.
    lists: usize,
}

/// A `rowspan`/`colspan` value as a browser reads it (the HTML spec's rules for parsing
/// non-negative integers): ASCII whitespace skipped (not U+00A0), an optional `+`, then
/// digits; `1` when there are none (or a `-`); `rowspan="0"` runs to the end of the row
/// group.
fn span_of(attrs: &[html5ever::Attribute], name: &str, zero: usize, max: usize) -> usize {
    let Some(value) = attribute(attrs, name) else {
        return 1;
    };
    parse_span(&value, zero, max)
}

/// A text block being read from HTML, with what tells whether it is wholly strong.
struct Reading {
    block: TextBlock,
    strong_text: bool,
    plain_text: bool,
}

/// The blocks of a run of HTML blocks as GitHub shows them, read with html5ever:
/// headings, paragraphs, list items and the text of other elements as text blocks (`<h3>`
/// a level-3 heading, `<li>` a list item, a `<p>` whose text is all `<strong>`/`<b>` a
/// label), and tables. Left out: comments, what a closed `<details>` holds but for its
/// `<summary>`, struck text, footnote references; `<br>` is a line break, `<code>` kept in
/// backticks in a cell for the notes. `start` is where the HTML starts in the document,
/// `items` the depth of the Markdown lists it stands in.
pub(super) fn html_blocks(
    html: &str,
    origin: &[(usize, usize)],
    items: usize,
    grid: &mut Grid,
) -> Vec<Block> {
    // The HTML's blocks are joined without what stands between them in the document
    // (blank lines, container markers): each piece maps back on its own.
    let doc = |offset: usize| {
        let index = origin.partition_point(|(run, _)| *run <= offset);
        index
            .checked_sub(1)
            .and_then(|i| origin.get(i))
            .map_or(offset, |(run, at)| at + (offset - run))
    };
    let mut opts = html5ever::ParseOpts::default();
    // `<noscript>` holds markup that GitHub shows (its sanitizer keeps the contents).
    opts.tree_builder.scripting_enabled = false;
    let dom = html5ever::parse_document(RcDom::default(), opts).one(html);
    let places = tags(html);
    let mut seen: HashMap<String, usize> = HashMap::new();
    // Where the element met last starts: the text after it comes from there.
    let mut last = 0usize;
    let mut groups = 0usize;
    let mut building: Vec<Option<Building>> = Vec::new();
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Reading> = None;
    let flush = |current: &mut Option<Reading>, out: &mut Vec<Block>| {
        if let Some(mut r) = current.take()
            && !r.block.text.is_blank()
        {
            r.block.strong = r.strong_text && !r.plain_text && r.block.kind == Kind::Paragraph;
            out.push(Block::Text(r.block));
        }
    };
    let text_kind = |frame: &Frame| {
        if frame.lists + items > 0 {
            Kind::Item(frame.lists + items)
        } else {
            Kind::Paragraph
        }
    };
    // Inside `<code>` in a cell: its text, to be pushed as code when it closes.
    let mut code: Option<String> = None;
    // Depth-first without recursion (the HTML may nest deep): `true` marks the exit.
    let mut stack: Vec<(Handle, Frame, bool)> = vec![(dom.document, Frame::default(), false)];
    while let Some((node, frame, exit)) = stack.pop() {
        // On exit, `frame` is the element's own (what its children saw).
        if exit {
            if let NodeData::Element { name, .. } = &node.data {
                let name: &str = &name.local;
                if name == "table" && !frame.hidden {
                    if let Some(table) = frame
                        .table
                        .and_then(|t| building.get_mut(t))
                        .and_then(Option::take)
                    {
                        flush(&mut current, &mut out);
                        let at = table.at.min(out.len());
                        if let Some(table) = finish(table, grid) {
                            out.insert(at, Block::Table(table));
                        }
                    }
                } else if frame.cell {
                    if name == "code"
                        && let Some(text) = code.take()
                        && let Some(cell) = last_cell(&mut building, frame.table)
                    {
                        Rc::make_mut(&mut cell.text).push_code(&text, &(cell.start..cell.start));
                    } else if is_block(name)
                        && let Some(cell) = last_cell(&mut building, frame.table)
                    {
                        let text = Rc::make_mut(&mut cell.text);
                        text.plain.push(' ');
                        text.marked.push(' ');
                    }
                } else if is_block(name) || heading_level(name).is_some() {
                    flush(&mut current, &mut out);
                }
            }
            continue;
        }
        let mut inner = frame;
        inner.summary = None;
        match &node.data {
            NodeData::Text { contents } => {
                if frame.hidden {
                    continue;
                }
                let text = contents.borrow().to_string();
                if frame.cell {
                    if let Some(code) = code.as_mut() {
                        code.push_str(&text);
                    } else if let Some(cell) = last_cell(&mut building, frame.table) {
                        let at = cell.start;
                        Rc::make_mut(&mut cell.text).push_text(&text, &(at..at));
                    }
                } else {
                    let reading = current.get_or_insert_with(|| Reading {
                        block: TextBlock {
                            kind: text_kind(&frame),
                            text: Rendered::default(),
                            strong: false,
                        },
                        strong_text: false,
                        plain_text: false,
                    });
                    if !text.trim().is_empty() {
                        if frame.strong {
                            reading.strong_text = true;
                        } else {
                            reading.plain_text = true;
                        }
                    }
                    // The text as written after the last tag, when it is there verbatim.
                    let window = html.get(last..).unwrap_or_default();
                    let end = (0..=window.len().min(2_000))
                        .rev()
                        .find(|i| window.is_char_boundary(*i))
                        .unwrap_or(0);
                    let window = window.get(..end).unwrap_or_default();
                    let range = match window.find(text.as_str()) {
                        Some(i) if !text.is_empty() => doc(last + i)..doc(last + i) + text.len(),
                        _ => doc(last)..doc(last),
                    };
                    reading.block.text.push_text(&text, &range);
                }
                continue;
            }
            NodeData::Element {
                name,
                attrs,
                template_contents,
                ..
            } => {
                let name: &str = &name.local;
                let attrs = attrs.borrow();
                let count = seen.entry(name.to_owned()).or_default();
                let place = places.get(name).and_then(|p| p.get(*count)).copied();
                *count += 1;
                if let Some(place) = place {
                    last = place;
                }
                let place = doc(place.unwrap_or(last));
                inner.hidden = match (name, frame.summary) {
                    ("summary", Some(hidden)) => hidden,
                    _ => frame.hidden || frame.summary.is_some(),
                } || hides(name, &attrs);
                if name == "details" && attribute(&attrs, "open").is_none() {
                    // What a collapsed `<details>` holds is hidden, but for its summary.
                    inner.summary = Some(frame.hidden);
                }
                if inner.hidden {
                    // Nothing a hidden element holds is read, nor breaks a block.
                } else if name == "table" {
                    flush(&mut current, &mut out);
                    building.push(Some(Building {
                        start: place,
                        rows: Vec::new(),
                        at: out.len(),
                    }));
                    inner.table = Some(building.len() - 1);
                    inner.row = false;
                    inner.cell = false;
                    inner.head = false;
                } else if frame.cell {
                    match name {
                        "code" if code.is_none() => code = Some(String::new()),
                        "br" => {
                            if let Some(cell) = last_cell(&mut building, inner.table) {
                                let text = Rc::make_mut(&mut cell.text);
                                text.plain.push(' ');
                                text.marked.push(' ');
                            }
                        }
                        name if is_block(name) => {
                            if let Some(cell) = last_cell(&mut building, inner.table) {
                                let text = Rc::make_mut(&mut cell.text);
                                text.plain.push(' ');
                                text.marked.push(' ');
                            }
                        }
                        _ => {}
                    }
                } else {
                    match name {
                        "thead" | "tbody" | "tfoot" => {
                            groups += 1;
                            inner.group = groups;
                            inner.head = name == "thead";
                        }
                        "tr" => {
                            inner.row = inner.table.is_some();
                            inner.cell = false;
                            if inner.row
                                && let Some(Some(table)) =
                                    inner.table.and_then(|t| building.get_mut(t))
                            {
                                table.rows.push(WrittenRow {
                                    cells: Vec::new(),
                                    head: inner.head,
                                    group: inner.group,
                                    start: place,
                                });
                            }
                        }
                        "td" | "th" if frame.row => {
                            inner.cell = true;
                            if let Some(Some(table)) = inner.table.and_then(|t| building.get_mut(t))
                                && let Some(row) = table.rows.last_mut()
                            {
                                row.cells.push(Written {
                                    cell: Cell {
                                        text: Default::default(),
                                        start: place,
                                        spanned: false,
                                    },
                                    rows: span_of(&attrs, "rowspan", 65_534, 65_534),
                                    columns: span_of(&attrs, "colspan", 1, MAX_COLUMNS),
                                });
                            }
                        }
                        "ul" | "ol" => {
                            flush(&mut current, &mut out);
                            inner.lists += 1;
                        }
                        "strong" | "b" => inner.strong = true,
                        "br" => {
                            if let Some(r) = current.as_mut() {
                                r.block.text.push_break(true);
                            }
                        }
                        name => {
                            let kind = match heading_level(name) {
                                Some(level) => Some(Kind::Heading(level)),
                                None if name == "li" || is_block(name) => Some(text_kind(&inner)),
                                None => None,
                            };
                            if let Some(kind) = kind {
                                flush(&mut current, &mut out);
                                current = Some(Reading {
                                    block: TextBlock {
                                        kind,
                                        text: Rendered::default(),
                                        strong: false,
                                    },
                                    strong_text: false,
                                    plain_text: false,
                                });
                            }
                        }
                    }
                }
                // A `<template>`'s markup stands apart from its children; GitHub shows it.
                if let Some(contents) = template_contents.borrow().as_ref() {
                    stack.push((node.clone(), inner, true));
                    stack.push((contents.clone(), inner, false));
                    continue;
                }
            }
            _ => {}
        }
        stack.push((node.clone(), inner, true));
        let children = node.children.borrow();
        // A collapsed `<details>` shows its first `<summary>` child only.
        let is_summary = |n: &Handle| matches!(&n.data, NodeData::Element { name, .. } if &*name.local == "summary");
        let first_summary = inner
            .summary
            .and_then(|_| children.iter().position(is_summary));
        for (i, child) in children.iter().enumerate().rev() {
            let mut frame = inner;
            if inner.summary.is_some() && first_summary != Some(i) {
                frame.summary = Some(true);
            }
            stack.push((child.clone(), frame, false));
        }
    }
    flush(&mut current, &mut out);
    // Tables left open (an unclosed `<table>` the parser closed at the end).
    for table in building.into_iter().flatten() {
        out.extend(finish(table, grid).map(Block::Table));
    }
    // A row or cell tag outside any table of this HTML (a Markdown paragraph split the
    // table, and the browser keeps the row in it): the parser drops it here, so it is
    // refused rather than lost.
    if grid.stray.is_none() {
        for name in ["tr", "td", "th"] {
            let written = places.get(name).map_or(0, Vec::len);
            if written > seen.get(name).copied().unwrap_or(0) {
                let tables = places.get("table").cloned().unwrap_or_default();
                let rows = places.get(name).cloned().unwrap_or_default();
                // Only a row before any table of its run: one the parser dropped after
                // a `<table` tag (read as attributes of a cut `<details` tag) is hidden.
                if let Some(at) = rows.iter().find(|r| !tables.iter().any(|t| t < *r)) {
                    grid.stray = Some(doc(*at));
                    break;
                }
            }
        }
    }
    out
}

/// The level of a heading element (`h1` … `h6`).
fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Whether an element is a block a browser sets apart from the text beside it.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "summary"
            | "details"
            | "blockquote"
            | "pre"
            | "hr"
            | "dl"
            | "dt"
            | "dd"
            | "caption"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "address"
            | "center"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// The cell being read of table `table`.
fn last_cell(building: &mut [Option<Building>], table: Option<usize>) -> Option<&mut Cell> {
    let table = building.get_mut(table?)?.as_mut()?;
    let row = table.rows.last_mut()?;
    Some(&mut row.cells.last_mut()?.cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table's header and rows as plain text, and each row's cell count.
    /// A row's cells and its count.
    type Row = (Vec<String>, usize);

    fn read(html: &str) -> Vec<(Vec<String>, Vec<Row>)> {
        let text = |c: &Cell| {
            c.text
                .plain
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        tables(html, 0)
            .iter()
            .map(|t| {
                (
                    t.head.iter().map(text).collect(),
                    t.rows
                        .iter()
                        .map(|(cells, count, _)| (cells.iter().map(text).collect(), *count))
                        .collect(),
                )
            })
            .collect()
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    fn tables(html: &str, start: usize) -> Vec<Table> {
        html_blocks(html, &[(0, start)], 0, &mut Grid::new(html.len()))
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_table_as_a_browser_builds_it() {
        let tables = read(
            "<table>\n<thead><tr><th>Module name</th><th>Notes</th></tr></thead>\n<tbody>\n<tr><td>Webinar <b>Chat</b> (webinar-chat)</td><td>a<br>b &amp; c</td></tr>\n<tr><td>x<td>y\n</tbody></table>",
        );
        assert_eq!(
            tables,
            [(
                strings(&["Module name", "Notes"]),
                vec![
                    (strings(&["Webinar Chat (webinar-chat)", "a b & c"]), 2),
                    (strings(&["x", "y"]), 2)
                ]
            )]
        );
        // Without `<thead>`, the first row heads the table.
        let tables = read("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>");
        assert_eq!(tables, [(strings(&["a"]), vec![(strings(&["b"]), 1)])]);
        assert!(read("<table></table>").is_empty());
        assert!(read("<p>no table</p>").is_empty());
    }

    #[test]
    fn what_a_browser_hides_is_not_read() {
        let rows = |html: &str| {
            read(html)
                .into_iter()
                .flat_map(|(_, rows)| rows)
                .map(|(cells, _)| cells.join("|"))
                .collect::<Vec<_>>()
        };
        let table =
            |row: &str| format!("<table><tr><th>h</th></tr>{row}<tr><td>shown</td></tr></table>");
        assert_eq!(rows(&table("<!-- <tr><td>gone</td></tr> -->")), ["shown"]);
        // A `<details>` inside a table is moved out of it by the parser, as a browser does:
        // the row it seemed to hold is shown.
        assert_eq!(
            rows(&table("<details><tr><td>also</td></tr></details>")),
            ["also", "shown"]
        );
        // GitHub's sanitizer strips `hidden` and `style`: GitHub shows these rows.
        for shown in [
            "<tr hidden><td>also</td></tr>",
            "<tr style=\"DISPLAY : none\"><td>also</td></tr>",
            "<tr style=\"visibility:hidden\"><td>also</td></tr>",
        ] {
            assert_eq!(rows(&table(shown)), ["also", "shown"], "{shown}");
        }
        for (cell, reads) in [
            ("<td><del>optional</del> disabled</td>", "disabled"),
            (
                "<td><s>optional</s> <strike>required</strike> disabled</td>",
                "disabled",
            ),
            (
                "<td><span hidden>optional</span> disabled</td>",
                "optional disabled",
            ),
            (
                "<td>disabled<script>optional</script></td>",
                "disabledoptional",
            ),
            (
                "<td>Chat (webinar-chat)<a href=\"#fn1\" class=\"footnote-ref\"><sup>1</sup></a></td>",
                "Chat (webinar-chat)",
            ),
            (
                "<td>Chat<sup><a href=\"#user-content-fn-1\" id=\"r\">1</a></sup></td>",
                "Chat",
            ),
            (
                "<td>Chat<a data-footnote-ref href=\"#x\">1</a></td>",
                "Chat",
            ),
            (
                "<td>Chat<a class=\"note footnote-ref\" href=\"#x\">1</a></td>",
                "Chat",
            ),
            (
                "<td><a href=\"https://example.invalid\">Chat</a></td>",
                "Chat",
            ),
            (
                "<td><a class=\"external\" href=\"https://x.invalid\">Chat</a></td>",
                "Chat",
            ),
            ("<td>Web<b>inar</b> <i>Ch</i>at</td>", "Webinar Chat"),
            (
                "<td><details><summary>s</summary>gone</details>kept</td>",
                "s kept",
            ),
            (
                "<td><details open><summary>s</summary>shown</details></td>",
                "s shown",
            ),
        ] {
            assert_eq!(
                rows(&format!(
                    "<table><tr><th>h</th></tr><tr>{cell}</tr></table>"
                )),
                [reads],
                "{cell}"
            );
        }
        // A cell in a closed `<details>` is no cell: the row is short.
        let tables = read(
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><details><td>2</td></details></tr></table>",
        );
        assert_eq!(
            tables.first().and_then(|t| t.1.first()).map(|r| r.1),
            Some(2),
            "a <details> in a row is moved out of the table by the parser"
        );
        // `hidden` and `display:none` hide nothing on GitHub.
        for shown in ["<table hidden>", "<table style='display:none'>"] {
            assert_eq!(
                read(&format!("{shown}<tr><td>a</td></tr></table>")).len(),
                1,
                "{shown}"
            );
        }
        assert!(read("<details><table><tr><td>a</td></tr></table></details>").is_empty());
        assert!(read("<!--<table><tr><td>a</td></tr></table>-->").is_empty());
        assert_eq!(
            read("<details open><table><tr><td>a</td></tr></table></details>").len(),
            1
        );
        assert_eq!(
            read("<div><table><tr><td>a</td></tr></table></div><table><tr><td>b</td></tr></table>")
                .len(),
            2
        );
    }

    /// Each body row's slots: the cell's text, `*` after a spanned one.
    fn grid(html: &str) -> Vec<Vec<String>> {
        tables(html, 0)
            .first()
            .map(|t| {
                t.rows
                    .iter()
                    .map(|(cells, count, _)| {
                        assert_eq!(cells.len(), *count);
                        cells
                            .iter()
                            .map(|c| {
                                let mark = if c.spanned { "*" } else { "" };
                                format!("{}{mark}", c.text.plain.trim())
                            })
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn spans_are_laid_out_on_the_grid_as_a_browser_does() {
        let head = "<tr><th>n</th><th>r</th><th>s</th></tr>";
        // A rowspan covers the same slot of the rows below: the next cell moves right.
        assert_eq!(
            grid(&format!(
                "<table>{head}<tr><td>a</td><td rowspan=2>ui</td><td>x</td></tr><tr><td>b</td><td>y</td></tr><tr><td>c</td><td>r</td><td>z</td></tr></table>"
            )),
            [
                vec!["a", "ui*", "x"],
                vec!["b", "ui*", "y"],
                vec!["c", "r", "z"]
            ]
        );
        // A colspan takes the slots to its right.
        assert_eq!(
            grid(&format!(
                "<table>{head}<tr><td colspan=\"2\">a</td><td>x</td></tr><tr><td>b</td><td colspan=0>c</td></tr></table>"
            )),
            [vec!["a*", "a*", "x"], vec!["b", "c"]]
        );
        // A rowspan ends with its row group, and `rowspan=0` runs to the group's end.
        assert_eq!(
            grid(&format!(
                "<table><thead>{head}</thead><tbody><tr><td>a</td><td rowspan=0>ui</td><td>x</td></tr><tr><td>b</td><td>y</td></tr></tbody><tbody><tr><td>c</td><td>r</td><td>z</td></tr></tbody></table>"
            )),
            [
                vec!["a", "ui*", "x"],
                vec!["b", "ui*", "y"],
                vec!["c", "r", "z"]
            ]
        );
        // Values a browser reads as 1; a huge colspan is capped.
        assert_eq!(
            grid(&format!(
                "<table>{head}<tr><td rowspan=x>a</td><td colspan=\" 1\">r</td><td rowspan=1>s</td></tr></table>"
            )),
            [vec!["a", "r", "s"]]
        );
        let wide =
            grid("<table><tr><th>h</th></tr><tr><td colspan=999999>a</td><td>b</td></tr></table>");
        assert_eq!(wide.first().map(Vec::len), Some(MAX_COLUMNS));
        // Two cells in one slot (a rowspan into a colspan) are both spanned.
        assert_eq!(
            grid(&format!(
                "<table>{head}<tr><td>a</td><td rowspan=2>r</td><td>x</td></tr><tr><td colspan=3>b</td></tr></table>"
            )),
            [vec!["a", "r*", "x"], vec!["b*", "r*", "b*"]]
        );
    }

    #[test]
    fn a_spanning_cell_is_kept_once_and_the_grid_is_bounded() {
        let text = "n".repeat(1_000);
        let html = format!(
            "<table><tr><th>h</th></tr><tr><td colspan=3 rowspan=2>{text}</td></tr><tr></tr></table>"
        );
        let tables = tables(&html, 0);
        let cells: Vec<&Cell> = tables
            .iter()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.0.iter()))
            .collect();
        assert_eq!(cells.len(), 6);
        assert!(
            cells
                .iter()
                .all(|c| c.spanned && cells.first().is_some_and(|f| Rc::ptr_eq(&f.text, &c.text))),
            "one text, shared by every slot"
        );
        // Over the document's grid: the table is not read, and the grid says where.
        let over = |html: &str, length: usize| {
            let mut grid = Grid::new(length);
            let blocks = html_blocks(html, &[(0, 7)], 0, &mut grid);
            (blocks.len(), grid.over)
        };
        let rows = "<tr>".repeat(MAX_GRID / 1_000);
        assert_eq!(
            over(
                &format!("<table><tr><td colspan=1000 rowspan=0>x</td></tr>{rows}</table>"),
                0
            ),
            (0, Some(7))
        );
        let rows = "<tr>".repeat(MAX_GRID / 1_000 - 2);
        assert_eq!(
            over(
                &format!("<table><tr><td colspan=1000 rowspan=0></td></tr>{rows}</table>"),
                0
            ),
            (1, None)
        );
        // Text a spanning cell repeats counts against what the document holds.
        let big = "n".repeat(70_000);
        assert_eq!(
            over(
                &format!("<table><tr><th>h</th></tr><tr><td colspan=2>{big}</td></tr></table>"),
                0
            ),
            (0, Some(7))
        );
        assert_eq!(
            over(
                &format!("<table><tr><th>h</th></tr><tr><td>{big}</td></tr></table>"),
                0
            ),
            (1, None)
        );
    }

    #[test]
    fn spans_are_parsed_as_the_html_spec_says() {
        for (value, reads) in [
            ("2", 2),
            ("+2", 2),
            (" \t\n+3x", 3),
            ("\u{a0}2", 1),
            ("&nbsp;2", 1),
            ("-2", 1),
            ("x", 1),
            ("", 1),
            ("0000002", 2),
            ("0", 0),
            ("2.9", 2),
            ("99999999999999999999999", 65_534),
        ] {
            assert_eq!(parse_span(value, 0, 65_534), reads, "{value:?}");
        }
    }

    #[test]
    fn a_row_outside_any_table_is_marked() {
        let stray = |html: &str| {
            let mut grid = Grid::new(0);
            html_blocks(html, &[(0, 100)], 0, &mut grid);
            grid.stray
        };
        assert_eq!(stray("<tr><td>a</td></tr>\n</table>"), Some(100));
        assert_eq!(stray("<p>x</p>\n<td>a</td>"), Some(109));
        assert_eq!(stray("<table><tr><td>a</td></tr></table>"), None);
        assert_eq!(stray("<table><td>a</td></table>"), None, "an implied row");
        assert_eq!(stray("<!-- <tr> --><p>x</p>"), None);
    }

    #[test]
    fn an_empty_slot_points_at_its_row() {
        let html = "<table><tr><th>a</th><th>b</th><th>c</th></tr><tr><td>1</td><td>2</td><td rowspan=2>3</td></tr>\n<tr><td>4</td></tr></table>";
        let tables = tables(html, 100);
        let row = tables.first().and_then(|t| t.rows.get(1));
        let row_start = html.find("\n<tr>").map(|i| 100 + i + 1);
        assert_eq!(row.map(|r| r.1), Some(3));
        assert_eq!(row.and_then(|r| r.0.get(1)).map(|c| c.start), row_start);
        assert_eq!(
            row.and_then(|r| r.0.get(1))
                .map(|c| (c.spanned, c.text.is_blank())),
            Some((false, true))
        );
    }

    #[test]
    fn what_github_shows_of_html_is_read() {
        let texts = |html: &str| -> Vec<(Kind, bool, String)> {
            html_blocks(html, &[(0, 0)], 0, &mut Grid::new(html.len()))
                .into_iter()
                .filter_map(|b| match b {
                    Block::Text(t) => Some((t.kind, t.strong, collapse(&t.text.plain))),
                    Block::Table(_) => None,
                })
                .collect()
        };
        assert_eq!(
            texts("<h2>Dev-only</h2><ol><li>a<ul><li>b</li></ul></li></ol><li>loose</li>"),
            [
                (Kind::Heading(2), false, "Dev-only".to_owned()),
                (Kind::Item(1), false, "a".to_owned()),
                (Kind::Item(2), false, "b".to_owned()),
                (Kind::Paragraph, false, "loose".to_owned()),
            ]
        );
        assert_eq!(
            texts(
                "<details><summary>shown</summary><p>gone</p></details><details open><p>open</p></details>"
            ),
            [
                (Kind::Paragraph, false, "shown".to_owned()),
                (Kind::Paragraph, false, "open".to_owned()),
            ]
        );
        assert_eq!(
            texts(
                "<div hidden>a</div><p style=\"display:none\">b</p><template><p>c</p></template><noscript><p>d</p></noscript><p><del>e</del>f</p><span class=x>g</span>"
            ),
            [
                (Kind::Paragraph, false, "a".to_owned()),
                (Kind::Paragraph, false, "b".to_owned()),
                (Kind::Paragraph, false, "c".to_owned()),
                (Kind::Paragraph, false, "d".to_owned()),
                (Kind::Paragraph, false, "f".to_owned()),
                (Kind::Paragraph, false, "g".to_owned()),
            ]
        );
        assert_eq!(
            texts("<p><b>Dev</b>-only</p><p><strong>Dev-only</strong></p><strong>x</strong>"),
            [
                (Kind::Paragraph, false, "Dev-only".to_owned()),
                (Kind::Paragraph, true, "Dev-only".to_owned()),
                (Kind::Paragraph, true, "x".to_owned()),
            ]
        );
        // The text's place is where it is written.
        let blocks = html_blocks(
            "<p>\n  Status: PROCESS</p>",
            &[(0, 10)],
            0,
            &mut Grid::new(0),
        );
        let Some(Block::Text(block)) = blocks.first() else {
            panic!("a paragraph")
        };
        let at = block.text.plain.find("Status").unwrap_or(0);
        assert_eq!(block.text.source(at), Some(10 + 6));
    }

    #[test]
    fn code_keeps_its_backticks_in_the_notes() {
        let tables = tables(
            "<table><tr><th>Notes</th></tr><tr><td>via <code>a_b</code>.</td></tr></table>",
            0,
        );
        let notes = tables
            .first()
            .and_then(|t| t.rows.first())
            .and_then(|r| r.0.first())
            .map(|c| (c.text.plain.clone(), c.text.marked.clone()));
        assert_eq!(
            notes,
            Some(("via a_b.".to_owned(), "via `a_b`.".to_owned()))
        );
    }

    #[test]
    fn a_nested_table_is_its_own() {
        let tables = read(
            "<table><tr><th>outer</th></tr><tr><td>x<table><tr><th>inner</th></tr><tr><td>y</td></tr></table></td></tr></table>",
        );
        assert_eq!(tables.len(), 2);
        assert_eq!(tables.first().map(|t| t.1.len()), Some(1));
        assert_eq!(
            tables.get(1).map(|t| t.0.clone()),
            Some(strings(&["inner"]))
        );
    }

    #[test]
    fn cells_and_tables_point_at_their_tags() {
        let html =
            "<!-- <td> --><table>\n<tr><TH>h</th></tr>\n<tr><td>a</td><thead></thead></tr></table>";
        let places = tags(html);
        assert_eq!(places.get("table"), Some(&vec![13]));
        assert_eq!(places.get("th"), Some(&vec![25]));
        assert_eq!(places.get("td"), Some(&vec![45]));
        let tables = tables(html, 100);
        let table = tables.first();
        assert_eq!(table.map(|t| t.start), Some(113));
        assert_eq!(
            table.and_then(|t| t.head.first()).map(|c| c.start),
            Some(125)
        );
        assert_eq!(table.and_then(|t| t.rows.first()).map(|r| r.2), Some(145));
        assert_eq!(tags("<!-- unclosed <td>").get("td"), None);
    }

    #[test]
    fn what_a_block_opens_ends_with_it() {
        // `<del>` in a paragraph ends with it; outside one it holds what follows.
        let mut html = Html::default();
        html.enter_block(false, true);
        html.read("<del>");
        assert!(html.collapsed());
        html.exit_block();
        assert!(!html.collapsed());
        html.read("<del>");
        html.enter_block(false, true);
        assert!(html.collapsed(), "a paragraph inside an open <del>");
        // An HTML `<p>` ends at `</p>`, or where a Markdown block starts.
        let mut html = Html::default();
        html.read("<p>a <del>b</p>");
        assert!(!html.collapsed());
        html.read("<p>a <del>b");
        assert!(html.collapsed());
        html.enter_block(false, true);
        assert!(!html.collapsed());
        // `<s>` is opened again around what follows, but a cell's end drops it.
        let mut html = Html::default();
        html.enter_block(false, true);
        html.read("<s>");
        html.exit_block();
        html.enter_block(false, true);
        assert!(html.collapsed(), "a browser opens <s> again");
        let mut html = Html::default();
        html.enter_block(true, true);
        html.read("<s>");
        html.exit_block();
        html.enter_block(true, true);
        assert!(!html.collapsed(), "the next cell");
        // `<details>` opened in a quote ends with it.
        let mut html = Html::default();
        html.enter_block(false, true);
        html.read("<details><summary>s</summary>");
        assert!(html.collapsed());
        html.exit_block();
        assert!(!html.collapsed());
        // `</details>` in a later block closes one opened at the top.
        let mut html = Html::default();
        html.read("<details>");
        html.enter_block(false, true);
        assert!(html.collapsed());
        html.exit_block();
        html.read("</details>");
        assert!(!html.collapsed());
    }

    #[test]
    fn a_comment_left_open_hides_what_follows() {
        let mut html = Html::default();
        html.enter_block(false, true);
        html.read("<!--\n");
        html.exit_block();
        assert!(html.collapsed(), "past the quote it started in");
        html.read("x --> <p>");
        assert!(!html.collapsed());
        for whole in ["<!-->", "<!--->", "<!---->"] {
            let mut html = Html::default();
            html.read(whole);
            assert!(!html.collapsed(), "{whole}");
        }
    }

    #[test]
    fn a_closed_details_shows_its_first_summary_only() {
        let mut html = Html::default();
        html.read("<details><summary>");
        assert!(!html.collapsed());
        html.read("</summary><summary>");
        assert!(html.collapsed(), "a second summary");
        assert!(!html.summary_shows());
        html.read("</summary></details><details>");
        assert!(html.summary_shows(), "a new details");
        let texts = |html: &str| -> Vec<String> {
            html_blocks(html, &[(0, 0)], 0, &mut Grid::new(0))
                .into_iter()
                .filter_map(|b| match b {
                    Block::Text(t) => Some(collapse(&t.text.plain)),
                    Block::Table(_) => None,
                })
                .collect()
        };
        assert_eq!(
            texts("<details><summary>a</summary><summary><ul><li>b</li></ul></summary></details>"),
            ["a"]
        );
        assert_eq!(
            texts("<details open><summary>a</summary><summary>b</summary></details>"),
            ["a", "b"]
        );
    }

    #[test]
    fn struck_inline_html_hides_what_it_holds() {
        let mut html = Html::default();
        html.read("<del>");
        assert!(html.collapsed());
        html.read("</del>");
        assert!(!html.collapsed());
        for open in ["<s>", "<strike class=\"x\">", "<del\n>"] {
            let mut html = Html::default();
            html.read(open);
            assert!(html.collapsed(), "{open}");
        }
        for other in ["<summary>", "<span>", "<sup>", "<delx>", "</s>"] {
            let mut html = Html::default();
            html.read(other);
            assert!(!html.collapsed(), "{other}");
        }
        // What a comment holds, however short, is not read.
        for comment in ["<!--<s>-->", "<!--<s-->", "<!-- x --><del>"] {
            let mut html = Html::default();
            html.read(comment);
            assert_eq!(html.collapsed(), comment.ends_with("<del>"), "{comment}");
        }
        let mut html = Html::default();
        html.read("<s><s></s>");
        assert!(html.collapsed());
        html.read("<!-- </s> -->");
        assert!(html.collapsed());
        html.read("</s>");
        assert!(!html.collapsed());
    }
}
