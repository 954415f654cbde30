//! The Markdown profile given to `--doc` and `import` (SPEC §5 "Reading the Markdown", §8)
//! → [`DocProfile`].
//!
//! The document is read as GitHub renders it: comrak's tree (cmark-gfm's) gives headings,
//! paragraphs, list items and table cells as the text a reader sees (emphasis, links and
//! inline code reduced to their text), raw HTML is read through html5ever as GitHub's
//! sanitizer leaves it, and what a reader does not see is left out: HTML comments, code
//! blocks, what a collapsed `<details>` holds but for its summary. Things are found by what they
//! are (the table with a module-name column and a PROD status column, the section whose
//! heading is "Dev-only"), and two candidates for one of them is an input error naming
//! both, never a silent pick.

use std::collections::HashMap;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::decode::is_kebab_case;
use super::limits;
use crate::error::{Problem, ProblemKind, thousands};
use crate::profile::{Contour, Date, Keyword, Located, Role, Status, Switch};
use crate::source::Span;

mod blocks;
mod contours;
mod grid;
mod header;
mod html;
mod marks;
mod table;
mod text;

use blocks::*;
use contours::*;
use grid::*;
use header::*;
use html::*;
use marks::*;
use table::*;
use text::*;

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

/// Most lines and inline markup characters (`*`, `_`, `[`, `]`, `<`, `>`, `!`, `&`, `\`,
/// `` ` ``, `~`, `|`) in one document, each weighed by what the parser's tree keeps for it
/// ([`LINE_COST`] a line that is not blank, [`DELIMITER_COST`] an emphasis delimiter or
/// `[`, 2 a `|`, 1 the others). At the limit the costliest shapes measured (inline code,
/// links, list items, `&amp;`) take 44–48 MB and a quarter of a second in a release build
/// (`memory::doc_at_the_limit` in `blocks.rs`), and the limit leaves room for tables of
/// about 10,000 modules (a row of the seed weighs 20).
pub const MAX_MARKUP: usize = 200_000;

/// Most slots of the grids of a document's HTML tables (rows × columns, as `rowspan` and
/// `colspan` lay them out): as many as the markup limit allows Markdown table cells, and
/// a table of 10,000 modules in 5 columns fills a quarter of it. A slot costs a few dozen
/// bytes; without a limit `<td colspan=1000 rowspan=0>` over 20,000 rows took 4.6 GB.
pub const MAX_GRID: usize = 200_000;

/// Deepest nesting of HTML container elements (`<div>`, `<details>`, `<blockquote>`,
/// `<span>` … opened and not yet closed) in one document. The HTML parser's work grows
/// with the square of the depth (90,000 nested `<div>` took 16 s); Chromium's parser
/// builds no deeper than 512 either.
pub const MAX_HTML_NESTING: usize = 512;

/// What one emphasis delimiter (`*`, `_`, `~`) counts against [`MAX_MARKUP`]: the parser
/// keeps a node and a delimiter for each, about 0.5 KB, twice what other markup costs;
/// `*a ` repeated up to the limit took 103 MB when it counted one.
pub const DELIMITER_COST: usize = 3;

/// What a line that is not blank counts against [`MAX_MARKUP`]: it can hold a block (a
/// list item is a list, an item and a paragraph, about 0.8 KB with its rendered text);
/// 199,000 list items took 158 MB when a line counted one.
pub const LINE_COST: usize = 4;

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

/// Reads the Markdown profile, reporting every problem found.
pub fn read(text: &str) -> Result<DocProfile, Vec<Problem>> {
    within_limits(text).map_err(|p| vec![p])?;
    let blocks = blocks(text, Positions::new(text));
    let mut problems = Vec::new();
    if let Some(offset) = blocks.footnotes_over {
        problems.push(
            Problem::limit(
                blocks.positions.span(offset, 1),
                "by this footnote reference the document's references repeat more footnote text than the document holds (each is read with its footnote's text, as a reader follows it)",
            )
            .help("reference a footnote a few times at most; check that this is the right file"),
        );
    }
    if let Some(offset) = blocks.grid_over {
        problems.push(
            Problem::limit(
                blocks.positions.span(offset, 1),
                format!(
                    "by this HTML table the document's tables lay out over {} cells (rows × columns, with `rowspan` and `colspan`), or repeat more text in spanned cells than the document holds, the limit",
                    thousands(MAX_GRID)
                ),
            )
            .help("a profile document's module table holds one cell per module and column, without `rowspan` or `colspan`; check that this is the right file"),
        );
    }
    if let Some(offset) = blocks.footnote_block {
        problems.push(
            Problem::invalid(
                blocks.positions.span(offset, 1),
                "this footnote holds a heading, list, table or other block, which GitHub shows at the bottom of the page; a footnote is read as text where it is referenced",
            )
            .help("write a footnote as a paragraph of text, and headings, lists and tables in the document itself"),
        );
    }
    if let Some(offset) = blocks.footnote_unreferenced {
        problems.push(
            Problem::invalid(
                blocks.positions.span(offset, 1),
                "GitHub shows this footnote at the bottom of the page, but every reference to it is hidden (in a closed `<details>`, struck text or a comment), so it is read nowhere",
            )
            .help("reference the footnote where it is shown, or remove it"),
        );
    }
    if let Some(offset) = blocks.stray_row {
        problems.push(
            Problem::syntax(
                blocks.positions.span(offset, 1),
                "this table row or cell stands outside any HTML table where it is written (Markdown between the rows ends the HTML block), yet a browser shows it in the table above",
            )
            .help("keep an HTML table in one block, without blank lines or Markdown between its rows, or write it as a Markdown table"),
        );
    }
    let (profile, product) = title(&blocks, &mut problems).unzip();
    let [status, owner, last_updated] = header(&blocks, &mut problems);
    let last_updated = last_updated.and_then(|h| match Date::parse(&h.value) {
        Some(date) => Some(Located::new(date, h.span)),
        None => {
            problems.push(
                Problem::invalid(
                    h.span,
                    format!(
                        "`Last updated:` is `{}`, which is not a real date (YYYY-MM-DD)",
                        &h.value
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
    let mut html_depth = 0usize;
    for (offset, line) in crate::source::line_starts(text).zip(crate::source::lines(text)) {
        let depth = nesting(line);
        if depth > MAX_NESTING {
            return Err(Problem::limit(
                positions.span(offset, 1),
                format!(
                    "this line nests block quotes or lists {depth} deep, over the limit of {MAX_NESTING}"
                ),
            )
            .help("a profile document nests at most a list in a quote; check that this is the right file"));
        }
        html_depth = html_nesting(line, html_depth);
        if html_depth > MAX_HTML_NESTING {
            return Err(Problem::limit(
                positions.span(offset, 1),
                format!(
                    "by this line the document's HTML nests container elements (`<div>`, `<details>`, `<span>` …) over {MAX_HTML_NESTING} deep, the limit"
                ),
            )
            .help("close the HTML elements the document opens; a profile document nests a few; check that this is the right file"));
        }
        markup += if line.trim().is_empty() { 1 } else { LINE_COST } + markup_cost(line);
        if markup > MAX_MARKUP {
            return Err(Problem::limit(
                positions.span(offset, 1),
                format!(
                    "by this line the document holds over {} lines and Markdown markup characters (`*`, `_`, `[`, `]`, `<`, `>`, `` ` ``, `|` …), the limit",
                    thousands(MAX_MARKUP)
                ),
            )
            .help("a profile document holds a few hundred; check that this is the right file"));
        }
    }
    Ok(())
}

/// What the markup characters of `line` cost against [`MAX_MARKUP`]: one each, and
/// [`DELIMITER_COST`] for an emphasis delimiter (`*`, `_`, `~`; inside a word too, where
/// the parser still keeps a node for it).
fn markup_cost(line: &str) -> usize {
    line.bytes()
        .map(|b| match b {
            b'*' | b'_' | b'~' | b'[' => DELIMITER_COST,
            b'|' => 2,
            b']' | b'<' | b'>' | b'!' | b'&' | b'\\' | b'`' => 1,
            _ => 0,
        })
        .sum()
}

/// The nesting of HTML container elements after `line`, from `depth` before it: each start
/// tag of one opens a level, each end tag closes one.
fn html_nesting(line: &str, mut depth: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(found) = bytes
        .get(i..)
        .and_then(|b| b.iter().position(|c| *c == b'<'))
    {
        let at = i + found + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let from = at + usize::from(closing);
        let end = bytes.get(from..).map_or(0, |b| {
            b.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
        });
        let name = line
            .get(from..from + end)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "div"
                | "details"
                | "blockquote"
                | "section"
                | "article"
                | "aside"
                | "nav"
                | "header"
                | "footer"
                | "main"
                | "center"
                | "figure"
                | "table"
                | "ul"
                | "ol"
                | "dl"
                | "span"
                | "b"
                | "strong"
                | "i"
                | "em"
                | "s"
                | "del"
                | "ins"
                | "sup"
                | "sub"
                | "a"
                | "font"
                | "small"
                | "big"
                | "u"
                | "code"
                | "kbd"
                | "samp"
                | "var"
                | "q"
                | "abbr"
                | "cite"
                | "dfn"
                | "mark"
                | "tt"
                | "strike"
                | "bdo"
                | "bdi"
        ) {
            depth = if closing {
                depth.saturating_sub(1)
            } else {
                depth + 1
            };
        }
        i = from + end;
    }
    depth
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

fn two_candidates(what: &str, first: Span, second: Span) -> Problem {
    Problem::twice(second, format_args!("the document has two {what}"), first)
        .help("keep one; the reader never picks between two silently")
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
        // A parenthesis or a translation after the label.
        assert_eq!(
            mark_of("Analytics-only (только аналитика)"),
            Some(Mark::AnalyticsOnly)
        );
        assert_eq!(
            mark_of("Analytics-only(аналитика)"),
            Some(Mark::AnalyticsOnly)
        );
        assert_eq!(mark_of("Dev-only — только разработка"), Some(Mark::DevOnly));
        assert_eq!(mark_of("Dev-only – dev builds"), Some(Mark::DevOnly));
        assert_eq!(mark_of("Dev-only / только dev"), Some(Mark::DevOnly));
        assert_eq!(mark_of("Dev-only: none in PROD"), Some(Mark::DevOnly));
        assert_eq!(mark_of("Dev-only | разработка"), Some(Mark::DevOnly));
        // Naming both marks groups them, after a separator as before it.
        assert_eq!(mark_of("Dev-only / Analytics-only"), None);
        assert_eq!(mark_of("Dev-only (see Analytics only)"), None);
        assert_eq!(mark_of("Analytics-only (and dev only)"), None);
        assert_eq!(mark_of("Dev-only policy (draft)"), None);
        // A section number before the label.
        for numbered in ["3. Dev-only", "3) Dev-only", "4.2 Dev-only", "12. Dev-only"] {
            assert_eq!(mark_of(numbered), Some(Mark::DevOnly), "{numbered}");
        }
        assert_eq!(mark_of("3.Dev-only"), None);
        assert_eq!(mark_of(".5 Dev-only"), None);
        assert_eq!(mark_of("3. Dev-only policy"), None);
    }

    /// The blocks of `markdown`: kind, whether wholly strong, plain text.
    fn rendered(markdown: &str) -> Vec<(Kind, bool, String)> {
        blocks(markdown, Positions::new(markdown))
            .list
            .into_iter()
            .filter_map(|b| match b {
                Block::Text(t) => Some((t.kind, t.strong, t.text.plain)),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_wholly_strong_paragraph_is_a_label() {
        let read = rendered(
            "**Dev-only**\n\n__Analytics-only__ \n\n**Dev-only** modules\n\n- **Dev-only**\n\n*Dev-only*\n\n**a**\n**b**\n",
        );
        let strong: Vec<(bool, &str)> = read.iter().map(|(_, s, t)| (*s, t.as_str())).collect();
        assert_eq!(
            strong,
            [
                (true, "Dev-only"),
                (true, "Analytics-only"),
                (false, "Dev-only modules"),
                (false, "Dev-only"),
                (false, "Dev-only"),
                (true, "a\nb"),
            ]
        );
    }

    #[test]
    fn strong_labels_in_every_form() {
        let read = rendered(
            "***Dev-only***\n\n___Analytics-only___\n\n<strong>Dev-only</strong>\n\n<b>Dev-only</b> \n\n<strong>Dev</strong>-only\n\n*a* **b**\n\n<b>x</b> `y`\n",
        );
        let strong: Vec<(bool, &str)> = read.iter().map(|(_, s, t)| (*s, t.trim())).collect();
        assert_eq!(
            strong,
            [
                (true, "Dev-only"),
                (true, "Analytics-only"),
                (true, "Dev-only"),
                (true, "Dev-only"),
                (false, "Dev-only"),
                (false, "a b"),
                (false, "x y"),
            ]
        );
    }

    #[test]
    fn html_blocks_are_read_as_github_shows_them() {
        let read = rendered(
            "<h3>Dev-only</h3>\n\n<p>Status: PROCESS<br>\nOwner: Architect</p>\n\n<ul><li>Webinar Chat</li><li><p>x</p></li></ul>\n\n<details><summary>AUTO on</summary>\n\ngone\n\n</details>\n\n<div hidden>shown</div>\n\n<!-- <p>comment</p> -->\n\n<p><strong>Analytics-only</strong></p>\n",
        );
        let got: Vec<(Kind, bool, &str)> =
            read.iter().map(|(k, s, t)| (*k, *s, t.trim())).collect();
        assert_eq!(
            got,
            [
                (Kind::Heading(3), false, "Dev-only"),
                (
                    Kind::Paragraph,
                    false,
                    "Status: PROCESS\n\nOwner: Architect"
                ),
                (Kind::Item(1), false, "Webinar Chat"),
                (Kind::Item(1), false, "x"),
                (Kind::Paragraph, false, "AUTO on"),
                (Kind::Paragraph, false, "shown"),
                (Kind::Paragraph, true, "Analytics-only"),
            ]
        );
        // A `<summary>` shows, in an HTML block of its own or holding Markdown; what
        // follows it in a collapsed `<details>` does not.
        let summary = rendered(
            "<details>\n\n<summary>one</summary>\n\ngone\n\n</details>\n\n<details><summary>\n\n**two**\n\n</summary>\n\ngone\n\n</details>\n\n<details open>\n<details>\n\n<summary>inner</summary>\n\n</details>\n</details>\n\n<details>\n<details open>\n\n<summary>gone</summary>\n\n</details>\n</details>\n\nafter\n",
        );
        let texts: Vec<&str> = summary.iter().map(|(_, _, t)| t.trim()).collect();
        assert_eq!(texts, ["one", "two", "inner", "after"]);
        // A summary block is hidden when a `<details>` around the collapsed one is
        // collapsed too, or when the innermost one is open inside a collapsed one.
        for hidden in [
            "<details>\n\na\n\n<details>\n\n<summary>gone</summary>\n",
            "<details>\n\na\n\n<details open>\n\n<summary>gone</summary>\n",
            "<del>\n\n<details>\n\n<summary>gone</summary>\n",
        ] {
            assert!(
                rendered(hidden).iter().all(|(_, _, t)| !t.contains("gone")),
                "{hidden:?}"
            );
        }
        // HTML blocks read together keep each block's place, blank lines between them.
        let markdown = "<p>a</p>\n\n\n<p>bb</p>\n";
        let read = blocks(markdown, Positions::new(markdown));
        let Some(Block::Text(second)) = read.list.get(1) else {
            panic!("two paragraphs")
        };
        assert_eq!(read.block_span(&second.text), Span::new(4, 4, 2));
        // In a Markdown list, an HTML block's items are one level deeper.
        let nested = rendered("- a\n\n  <ul><li>b</li></ul>\n");
        assert_eq!(
            nested.iter().map(|(k, _, _)| *k).collect::<Vec<_>>(),
            [Kind::Item(1), Kind::Item(2)]
        );
    }

    #[test]
    fn deep_html_nesting_is_refused_before_parsing() {
        let fits = |text: &str| within_limits(text).is_ok();
        assert!(fits(&"<div>".repeat(MAX_HTML_NESTING)));
        assert!(!fits(&"<div>".repeat(MAX_HTML_NESTING + 1)));
        assert!(fits(&"<div>a</div>\n".repeat(10_000)));
        assert!(
            fits(&"<p>a<br>".repeat(10_000)),
            "elements a browser closes itself"
        );
        assert!(!fits(&"<details>\n\n".repeat(MAX_HTML_NESTING + 1)));
        assert_eq!(html_nesting("<DIV class=x><span>a</span></Div>", 0), 0);
        assert_eq!(html_nesting("<b><i>", 3), 5);
    }

    #[test]
    fn a_footnote_github_shows_but_the_reader_cannot_is_refused() {
        let at = |markdown: &str| {
            let b = blocks(markdown, Positions::new(markdown));
            (b.footnote_block, b.footnote_unreferenced)
        };
        assert_eq!(at("a[^1]\n\n[^1]: note\n\n    more\n"), (None, None));
        assert_eq!(
            at("a[^1]\n\n[^1]: x\n\n    ### Dev-only\n"),
            (Some(20), None)
        );
        assert_eq!(at("a[^1]\n\n[^1]: x\n\n    - Chat\n"), (Some(20), None));
        assert_eq!(
            at("a[^1]\n\n[^1]: x\n\n    | h |\n    | - |\n    | c |\n"),
            (Some(20), None)
        );
        assert_eq!(
            at("<details>\n\na[^1]\n\n</details>\n\n[^1]: x\n"),
            (None, Some(30))
        );
        assert_eq!(at("~~a[^1]~~\n\n[^1]: x\n"), (None, Some(11)));
        // A footnote referenced in a table cell is shown there (as a note).
        assert_eq!(at("| h |\n| - |\n| a[^1] |\n\n[^1]: x\n"), (None, None));
    }

    #[test]
    fn a_footnote_is_read_where_it_is_referenced() {
        let shown = rendered(
            "- None[^a]\n\n| h |\n| - |\n| Chat[^a] |\n\n~~x[^b]~~ y\n\n[^a]: Except **Chat**.\n[^b]: struck\n[^c]: never referenced\n",
        );
        let texts: Vec<&str> = shown.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(texts, ["None\nExcept Chat.\n", " y"]);
        let markdown = "a[^1] b[^1]\n\n[^1]: note\n";
        let few = blocks(markdown, Positions::new(markdown));
        assert_eq!(few.footnotes_over, None);
        let many = format!("{}\n\n[^1]: {}\n", "a[^1] ".repeat(100), "n".repeat(2_000));
        let over = blocks(&many, Positions::new(&many));
        assert!(over.footnotes_over.is_some(), "references repeat too much");
        let Err(problems) = read(&many) else {
            panic!("refused")
        };
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("repeat more footnote text")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_footnote_on_a_mark_bullet_explains_it_unless_it_names_a_module() {
        let seed = include_str!("../../profiles/RUNTIME_PROFILE_PROD.md");
        let bullet = "- Client Webinar Tracker v2\n";
        let with = |note: &str| {
            seed.replacen(bullet, "- Client Webinar Tracker v2[^1]\n", 1)
                + &format!("\n[^1]: {note}\n")
        };
        let Ok(doc) = read(&with("фиксация входа.")) else {
            panic!("an explaining footnote reads")
        };
        assert!(
            doc.analytics_only
                .iter()
                .any(|a| a.value == "client-webinar-tracker-v2")
        );
        let Err(problems) = read(&with("И Webinar Chat.")) else {
            panic!("a footnote naming a module is refused")
        };
        assert!(
            problems.iter().any(|p| p.message.contains(
                "bullet for `client-webinar-tracker-v2` has a footnote naming `webinar-chat`"
            )),
            "{problems:?}"
        );
        let rendered = {
            let markdown = "a[^1] b\n\n[^1]: note\n";
            let list = blocks(markdown, Positions::new(markdown)).list;
            let Some(Block::Text(block)) = list.first() else {
                panic!("a paragraph")
            };
            block.text.without_notes()
        };
        assert_eq!(rendered, ("a\n\n b".to_owned(), "note ".to_owned()));
    }

    #[test]
    fn a_status_is_read_as_shown() {
        assert_eq!(without_zero_width("dis\u{2060}abled"), "disabled");
        assert_eq!(
            without_zero_width("\u{200b}re\u{200c}qu\u{200d}ired\u{feff}\u{ad}"),
            "required"
        );
        assert_eq!(
            without_zero_width("\u{202e}deriuqer\u{202c}"),
            "\u{202e}deriuqer\u{202c}"
        );
        let seed = include_str!("../../profiles/RUNTIME_PROFILE_PROD.md");
        let chat = "| Webinar Chat (webinar-chat) | ui | disabled |";
        let joined = seed.replacen(
            chat,
            "| Webinar Chat (webinar-chat) | u\u{2060}i | dis\u{2060}abled |",
            1,
        );
        let Ok(doc) = read(&joined) else {
            panic!("a word joiner in a status reads")
        };
        assert_eq!(
            doc.module("webinar-chat").map(|m| (m.role, m.status)),
            Some((Role::Ui, Status::Disabled))
        );
        for bidi in [
            "\u{202e}delbasid\u{202c}",
            "\u{202e}deriuqer\u{202c}",
            "disabled\u{200f}",
        ] {
            let text = seed.replacen(
                chat,
                &format!("| Webinar Chat (webinar-chat) | ui | {bidi} |"),
                1,
            );
            assert!(read(&text).is_err(), "{bidi:?}");
        }
    }

    #[test]
    fn what_github_does_not_show_as_text_is_not_read_and_footnotes_are_read_in_place() {
        let read = rendered(
            "~~optional~~ disabled\n\n~single~ kept\n\nChat[^1] <del>old</del>new\n\n- [x] done\n- [ ] open\n\n![alt](x.png) seen\n\n[^1]: a footnote\n",
        );
        let texts: Vec<&str> = read.iter().map(|(_, _, t)| t.trim()).collect();
        assert_eq!(
            texts,
            // A footnote's text is read where it is referenced (GitHub shows it at the
            // bottom, numbered as the reference); its definition is no block of its own.
            [
                "disabled",
                "kept",
                "Chat\na footnote\n new",
                "done",
                "open",
                "seen"
            ]
        );
    }

    #[test]
    fn hard_and_soft_breaks() {
        let markdown = "a\nb\\\nc  \nd<br>e\n";
        let list = blocks(markdown, Positions::new(markdown)).list;
        let Some(Block::Text(block)) = list.first() else {
            panic!("one paragraph")
        };
        assert_eq!(block.text.plain, "a\nb\nc\nd\ne");
        assert_eq!(block.text.hard, [3, 5, 7]);
    }

    #[test]
    fn a_tab_after_the_delimiter_row_is_a_table() {
        let markdown = "| a | b |\n| --- | --- |\t\n| 1 | 2 |\n";
        let list = blocks(markdown, Positions::new(markdown)).list;
        let Some(Block::Table(table)) = list.first() else {
            panic!("a table: {list:?}")
        };
        assert_eq!((table.head.len(), table.rows.len()), (2, 1));
        let below = format!("para\n\n{markdown}");
        let list = blocks(&below, Positions::new(&below)).list;
        let Some(Block::Table(table)) = list.get(1) else {
            panic!("a table after the paragraph: {list:?}")
        };
        assert_eq!(table.start, 6, "the table starts at its header row");
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
    fn markup_is_weighed_by_what_the_parser_keeps() {
        assert_eq!(markup_cost("*_~["), 4 * DELIMITER_COST);
        assert_eq!(markup_cost("|"), 2);
        assert_eq!(markup_cost("]<>!&\\`"), 7);
        assert_eq!(markup_cost("plain words, дефис-и-точки."), 0);
        // At the limit and over it, by shape: a blank line weighs 1, a line of text
        // LINE_COST, an emphasis delimiter DELIMITER_COST.
        let fits = |text: &str| within_limits(text).is_ok();
        assert!(fits(&"*a ".repeat(66_665)));
        assert!(!fits(&"*a ".repeat(66_667)));
        assert!(fits(&"- a\n".repeat(49_999)));
        assert!(!fits(&"- a\n".repeat(50_001)));
        assert!(fits(&"\n".repeat(199_999)));
        assert!(!fits(&"\n".repeat(200_001)));
        // A table of the seed's 16 rows written 600 times (9,600 modules) still fits.
        let seed = include_str!("../../profiles/RUNTIME_PROFILE_PROD.md");
        let rows: String = seed
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains(" | "))
            .skip(2)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(rows.lines().count(), 16);
        assert!(fits(&rows.repeat(600)));
        let Err(problem) = within_limits(&"*a ".repeat(70_000)) else {
            panic!("over the limit")
        };
        assert!(problem.message.contains("the limit"), "{problem:?}");
    }

    #[test]
    fn nesting_counts_quote_and_list_markers() {
        assert_eq!(nesting("> - a"), 2);
        assert_eq!(nesting("| a |"), 0);
        assert_eq!(nesting(">>>> 1. a"), 5);
        assert_eq!(nesting("- **Status:** x"), 1);
    }
}
