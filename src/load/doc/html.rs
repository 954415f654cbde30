//! What the document's HTML shows and hides.

use super::*;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

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
    /// Open `<del>`, `<s>` and `<strike>` tags: struck text is no part of a value.
    pub(super) struck: usize,
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

impl Html {
    /// Whether what comes now is hidden: inside a collapsed `<details>`, or struck
    /// (`<del>`, `<s>`, `<strike>`).
    pub(super) fn collapsed(&self) -> bool {
        self.struck > 0 || self.details.iter().any(|collapsed| *collapsed)
    }

    /// Markdown content came while a `<details` tag was still open: a browser reads the
    /// rendered content as more attributes up to the next `>` and opens the element after
    /// it, so what follows is inside; it is open only if `open` came before.
    pub(super) fn interrupted(&mut self) {
        if let Some(mut tag) = self.tag.take() {
            tag.end_name();
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
                self.in_comment = true;
                rest = comment;
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
            match (closing, name) {
                (false, "details") => self.tag = Some(Attributes::default()),
                (true, "details") => {
                    self.details.pop();
                }
                (false, "del" | "s" | "strike") => self.struck += 1,
                (true, "del" | "s" | "strike") => self.struck = self.struck.saturating_sub(1),
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

/// Whether an element hides what it holds from a reader: `hidden`, `display: none`,
/// `visibility: hidden`, a `<details>` without `open`, struck text, footnote references, and
/// what is never shown (`<script>`, `<style>`, `<template>`).
fn hides(name: &str, attrs: &[html5ever::Attribute]) -> bool {
    let style = attribute(attrs, "style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    });
    // A footnote reference (`<a class="footnote-ref" href="#fn1"><sup>1</sup></a>`,
    // GitHub's `<a data-footnote-ref>`) is no part of the text it follows.
    let footnote = name == "a"
        && (attribute(attrs, "data-footnote-ref").is_some()
            || attribute(attrs, "class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == "footnote-ref"))
            || attribute(attrs, "href")
                .is_some_and(|h| h.starts_with("#fn") || h.starts_with("#user-content-fn")));
    style
        || footnote
        || attribute(attrs, "hidden").is_some()
        || (name == "details" && attribute(attrs, "open").is_none())
        || matches!(
            name,
            "del" | "s" | "strike" | "script" | "style" | "template" | "noscript" | "head"
        )
}

/// Where each `<table` and `<td`/`<th` tag of `html` starts (comments skipped), in the
/// order a parser meets them.
#[derive(Default)]
struct Tags {
    tables: Vec<usize>,
    cells: Vec<usize>,
}

fn tags(html: &str) -> Tags {
    let lower = html.to_ascii_lowercase();
    let mut out = Tags::default();
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
        match name.as_str() {
            "table" => out.tables.push(start),
            "td" | "th" => out.cells.push(start),
            _ => {}
        }
        at = start + 1;
    }
    out
}

/// What the walk of the HTML tree knows at a node.
#[derive(Clone, Copy, Default)]
struct Frame {
    hidden: bool,
    /// The nearest table (its index in the tables read), `None` outside one or in a hidden
    /// one.
    table: Option<usize>,
    row: bool,
    cell: bool,
    head: bool,
}

/// A table being read: its rows, each with whether it stands in `<thead>`.
struct Building {
    start: usize,
    rows: Vec<(Vec<Cell>, bool)>,
}

/// The tables of a run of HTML blocks as a browser shows them, read with html5ever:
/// comments, hidden elements and collapsed `<details>` left out, `<br>` a space, `<code>`
/// kept in backticks for the notes. `start` is where the HTML starts in the document.
pub(super) fn html_tables(html: &str, start: usize) -> Vec<Table> {
    let dom =
        html5ever::parse_document(RcDom::default(), html5ever::ParseOpts::default()).one(html);
    let places = tags(html);
    let (mut table_count, mut cell_count) = (0usize, 0usize);
    let mut building: Vec<Building> = Vec::new();
    // Inside `<code>`: its text, to be pushed as code when it closes.
    let mut code: Option<String> = None;
    // Depth-first without recursion (the HTML may nest deep): `true` marks the exit.
    let mut stack: Vec<(Handle, Frame, bool)> = vec![(dom.document, Frame::default(), false)];
    while let Some((node, frame, exit)) = stack.pop() {
        if exit {
            if let NodeData::Element { name, .. } = &node.data
                && frame.cell
            {
                let name: &str = &name.local;
                if name == "code"
                    && let Some(text) = code.take()
                    && let Some(cell) = last_cell(&mut building, frame.table)
                {
                    cell.text.push_code(&text, &(cell.start..cell.start));
                } else if is_block(name)
                    && let Some(cell) = last_cell(&mut building, frame.table)
                {
                    cell.text.plain.push(' ');
                    cell.text.marked.push(' ');
                }
            }
            continue;
        }
        let mut inner = frame;
        match &node.data {
            NodeData::Text { contents } => {
                if frame.cell && !frame.hidden {
                    let text = contents.borrow().to_string();
                    if let Some(code) = code.as_mut() {
                        code.push_str(&text);
                    } else if let Some(cell) = last_cell(&mut building, frame.table) {
                        let at = cell.start;
                        cell.text.push_text(&text, &(at..at));
                    }
                }
                continue;
            }
            NodeData::Element { name, attrs, .. } => {
                let name: &str = &name.local;
                let attrs = attrs.borrow();
                inner.hidden = frame.hidden || hides(name, &attrs);
                match name {
                    "table" => {
                        let place = places.tables.get(table_count).copied().unwrap_or(0);
                        table_count += 1;
                        inner.table = (!inner.hidden).then(|| {
                            building.push(Building {
                                start: start + place,
                                rows: Vec::new(),
                            });
                            building.len() - 1
                        });
                        inner.row = false;
                        inner.cell = false;
                        inner.head = false;
                    }
                    "thead" => inner.head = true,
                    "tbody" | "tfoot" => inner.head = false,
                    "tr" => {
                        inner.row = !inner.hidden && inner.table.is_some();
                        inner.cell = false;
                        if inner.row
                            && let Some(table) = inner.table.and_then(|t| building.get_mut(t))
                        {
                            table.rows.push((Vec::new(), inner.head));
                        }
                    }
                    "td" | "th" => {
                        let place = places.cells.get(cell_count).copied().unwrap_or(0);
                        cell_count += 1;
                        inner.cell = frame.row && !inner.hidden;
                        if inner.cell
                            && let Some(table) = inner.table.and_then(|t| building.get_mut(t))
                            && let Some((cells, _)) = table.rows.last_mut()
                        {
                            cells.push(Cell {
                                text: Rendered::default(),
                                start: start + place,
                            });
                        }
                    }
                    "code" if inner.cell && !inner.hidden && code.is_none() => {
                        code = Some(String::new());
                    }
                    name if inner.cell && !inner.hidden && (name == "br" || is_block(name)) => {
                        if let Some(cell) = last_cell(&mut building, inner.table) {
                            cell.text.plain.push(' ');
                            cell.text.marked.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        stack.push((node.clone(), frame, true));
        let children = node.children.borrow();
        for child in children.iter().rev() {
            stack.push((child.clone(), inner, false));
        }
    }
    building
        .into_iter()
        .filter_map(|table| {
            let mut rows = table.rows;
            let head_at = rows.iter().position(|(_, head)| *head).unwrap_or(0);
            if head_at >= rows.len() {
                return None;
            }
            let head = rows.remove(head_at).0;
            let rows = rows
                .into_iter()
                .map(|(cells, _)| {
                    let count = cells.len();
                    let first = cells.first().map_or(table.start, |c| c.start);
                    (cells, count, first)
                })
                .collect();
            Some(Table {
                head,
                rows,
                start: table.start,
            })
        })
        .collect()
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
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// The cell being read of table `table`.
fn last_cell(building: &mut [Building], table: Option<usize>) -> Option<&mut Cell> {
    building.get_mut(table?)?.rows.last_mut()?.0.last_mut()
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
        html_tables(html, 0)
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
        for hidden in [
            "<tr hidden><td>gone</td></tr>",
            "<tr style=\"DISPLAY : none\"><td>gone</td></tr>",
            "<tr style=\"visibility:hidden\"><td>gone</td></tr>",
            "<!-- <tr><td>gone</td></tr> -->",
            "<template><tr><td>gone</td></tr></template>",
        ] {
            assert_eq!(rows(&table(hidden)), ["shown"], "{hidden}");
        }
        for (cell, reads) in [
            ("<td><del>optional</del> disabled</td>", "disabled"),
            (
                "<td><s>optional</s> <strike>required</strike> disabled</td>",
                "disabled",
            ),
            ("<td><span hidden>optional</span> disabled</td>", "disabled"),
            ("<td>disabled<script>optional</script></td>", "disabled"),
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
                "kept",
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
        // A hidden cell is no cell: the row is short.
        let tables = read(
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td hidden>2</td></tr></table>",
        );
        assert_eq!(
            tables.first().and_then(|t| t.1.first()).map(|r| r.1),
            Some(1)
        );
        for hidden in ["<table hidden>", "<table style='display:none'>"] {
            assert!(
                read(&format!("{hidden}<tr><td>a</td></tr></table>")).is_empty(),
                "{hidden}"
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

    #[test]
    fn code_keeps_its_backticks_in_the_notes() {
        let tables = html_tables(
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
        assert_eq!(places.tables, [13]);
        assert_eq!(places.cells, [25, 45]);
        let tables = html_tables(html, 100);
        let table = tables.first();
        assert_eq!(table.map(|t| t.start), Some(113));
        assert_eq!(
            table.and_then(|t| t.head.first()).map(|c| c.start),
            Some(125)
        );
        assert_eq!(table.and_then(|t| t.rows.first()).map(|r| r.2), Some(145));
        assert_eq!(tags("<!-- unclosed <td>").cells, Vec::<usize>::new());
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
