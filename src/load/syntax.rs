//! YAML syntax errors people can act on. A YAML parser reports where it gave up, in its
//! own terms ("mapping values are not allowed in this context"), often a line after the
//! mistake. This module reads the file's text itself, from the top to where the parser
//! stopped, and names the first common mistake it finds in the file's own terms: a tab in
//! the indentation, a quote or bracket left open, a key without `:`, a key or a `-` item
//! at the wrong indentation ("`status` is indented 6 spaces; the other keys of this module
//! are at 4"), pointing at the character at fault, with the shape of a module as help.
//!
//! It knows nothing of the parser, nor of any file format: [`diagnose`] takes the text,
//! the line the parser stopped at, and the format's [`Vocabulary`] (its keys, and the list
//! of items with the shape of one), which the format's reader gives.

use crate::error::Problem;
use crate::source::Span;

/// What [`diagnose`] found: a problem in the file's terms, at the character at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Where: the key, the tab, the quote or the bracket at fault.
    pub span: Span,
    /// What is wrong, in the file's terms, with the file's values as they are.
    pub message: String,
    /// What to write instead.
    pub help: String,
    /// The shape to write, as lines laid out at the file's indentation, where one helps.
    pub example: Vec<String>,
}

impl From<Diagnosis> for Problem {
    fn from(d: Diagnosis) -> Self {
        Problem::syntax(d.span, d.message)
            .help(d.help)
            .example(d.example)
    }
}

/// What to write instead: a line of help, and the shape under it where one helps.
type Advice = (String, Vec<String>);

/// A file format's words, for guessing where a misplaced key belongs and showing the shape
/// of an item: its top-level keys, the keys of its named sections, and its one list of
/// items with their keys and an example.
#[derive(Debug)]
pub struct Vocabulary {
    /// The keys of the top level.
    pub top: &'static [&'static str],
    /// Each section (a mapping under a top-level key) and its keys.
    pub sections: &'static [(&'static str, &'static [&'static str])],
    /// The list of items (`modules`).
    pub list: &'static str,
    /// What one item is called (`module`).
    pub item: &'static str,
    /// The keys of an item.
    pub item_keys: &'static [&'static str],
    /// An item's first three lines, as an example.
    pub example: [&'static str; 3],
}

/// The first common mistake in `text` at or before line `stopped` (where the parser gave
/// up), or `None` when the text shows none of them (the parser's message then stands).
/// `vocabulary` is the format's words, where it has some.
pub fn diagnose(
    text: &str,
    stopped: u32,
    vocabulary: Option<&'static Vocabulary>,
) -> Option<Diagnosis> {
    // Lines as the parser counts them (a lone CR ends one too), so that `stopped` and the
    // place diagnosed are the lines an editor shows.
    let lines: Vec<Line<'_>> = crate::source::lines(text)
        .enumerate()
        .map(|(i, raw)| Line::read(u32::try_from(i + 1).unwrap_or(u32::MAX), raw))
        .collect();
    Walker {
        vocabulary,
        ..Walker::default()
    }
    .walk(&lines, stopped)
}

/// One line of the file, split as block YAML reads it.
#[derive(Debug)]
struct Line<'a> {
    number: u32,
    /// Leading spaces (a tab stops the count: see `tab`).
    indent: usize,
    /// The column (0-based, in characters) of a tab in the indentation.
    tab: Option<usize>,
    /// Nothing but spaces or a comment.
    blank: bool,
    /// YAML this reading does not follow (document markers, directives, `? ` keys): the
    /// parser's own message is better than a guess.
    unsupported: bool,
    /// The column of a `- ` that starts the line's content.
    dash: Option<usize>,
    /// The mapping key on the line (after any `- `), and its column.
    key: Option<(&'a str, usize)>,
    /// What follows the key's `:` (or the item's `- `), comment removed, trimmed.
    value: &'a str,
    /// A quote the line opens and does not close: its character and column.
    open_quote: Option<(char, usize)>,
    /// A bracket the line opens and does not close: its character and column.
    open_bracket: Option<(char, usize)>,
    /// The content after the indentation, for messages.
    content: &'a str,
}

impl<'a> Line<'a> {
    fn read(number: u32, raw: &'a str) -> Self {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let indent = raw.chars().take_while(|c| *c == ' ').count();
        let after = raw.get(indent..).unwrap_or_default();
        let tab = after
            .starts_with('\t')
            .then_some(indent)
            .filter(|_| !after.trim_start().starts_with('#'));
        let content = after.trim_start_matches([' ', '\t']);
        let content_column = raw.chars().count() - content.chars().count();
        let blank = content.is_empty() || content.starts_with('#');
        let marker = indent == 0
            && (content.starts_with("---")
                || content.starts_with("...")
                || content.starts_with('%'));
        let unsupported = marker || content == "?" || content.starts_with("? ");
        let mut line = Line {
            number,
            indent,
            tab,
            blank,
            unsupported,
            dash: None,
            key: None,
            value: "",
            open_quote: None,
            open_bracket: None,
            content,
        };
        if blank || unsupported {
            return line;
        }
        // `- ` (or a lone `-`) starts an item; its content follows.
        let mut body = content;
        let mut column = content_column;
        if body == "-" || body.starts_with("- ") {
            line.dash = Some(column);
            let rest = body.get(1..).unwrap_or_default();
            let inner = rest.trim_start_matches(' ');
            column += 1 + (rest.len() - inner.len());
            body = inner;
        }
        line.scan(body, column);
        line
    }

    /// Finds the key, the value, and any quote or bracket left open in `body` (which starts
    /// at character `column`).
    fn scan(&mut self, body: &'a str, column: usize) {
        let mut quote: Option<(char, usize)> = None;
        let mut brackets: Vec<(char, usize)> = Vec::new();
        // Where a scalar may start: a quote or bracket there opens one; elsewhere it is text.
        let mut at_start = true;
        let mut previous = ' ';
        let mut end = body.len();
        let mut value_from = 0;
        for (offset, (i, c)) in body.char_indices().enumerate() {
            let col = column + offset;
            match (quote, c) {
                (Some(('"', _)), '"') if previous != '\\' => quote = None,
                (Some(('\'', _)), '\'') => quote = None,
                (Some(_), _) => {}
                (None, '#') if previous == ' ' || previous == '\t' || offset == 0 => {
                    end = i;
                    break;
                }
                (None, '"' | '\'') if at_start => quote = Some((c, col)),
                (None, '[' | '{') if at_start => brackets.push((c, col)),
                (None, ']' | '}') if !brackets.is_empty() => {
                    brackets.pop();
                }
                (None, ':') if brackets.is_empty() && self.key.is_none() => {
                    let next = body.get(i + 1..).and_then(|r| r.chars().next());
                    if matches!(next, None | Some(' ' | '\t')) {
                        let key = body.get(..i).unwrap_or_default().trim_end();
                        if !key.is_empty() {
                            self.key = Some((key.trim_matches(['"', '\'']), column));
                            value_from = i + 1;
                        }
                    }
                }
                _ => {}
            }
            // A new scalar may start after `: `, `[`, `{`, `,` and at the start.
            if quote.is_none() && !c.is_whitespace() {
                at_start = matches!(c, '[' | '{' | ',') || (c == ':' && self.key.is_some());
            }
            previous = c;
        }
        let value = body.get(value_from..end).unwrap_or_default();
        self.value = value.trim();
        self.open_quote = quote;
        self.open_bracket = brackets.first().copied();
    }

    /// The column (0-based) the line's mapping key starts at.
    fn key_column(&self) -> Option<usize> {
        self.key.map(|(_, column)| column)
    }

    /// A key with nothing after it: a block (or a null) follows.
    fn opens_block(&self) -> bool {
        self.key.is_some() && self.value.is_empty()
    }

    /// A block scalar (`|`, `>`) follows: its lines are text.
    fn opens_block_scalar(&self) -> bool {
        self.value.starts_with(['|', '>'])
    }

    /// The value is plain text that may go on over more-indented lines.
    fn plain_value(&self) -> bool {
        !self.value.is_empty() && !self.value.starts_with(['"', '\'', '[', '{', '|', '>'])
    }
}

/// What a collection of the file belongs to, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// The document's top-level mapping.
    Top,
    /// The value of a key (`document`, `modules`).
    Key(String),
    /// The mapping of a `- ` item of the list under a key (a module of `modules`); its
    /// `id` once read.
    Item { list: String, id: Option<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Map,
    Seq,
}

/// One open collection: its indentation, kind and owner.
#[derive(Debug, Clone)]
struct Level {
    indent: usize,
    kind: Kind,
    owner: Owner,
}

/// Walks the lines with the stack of open collections, as a block YAML parser does.
#[derive(Debug, Default)]
struct Walker {
    levels: Vec<Level>,
    /// The previous content line opened a block: its key and the column of that key.
    opened: Option<(String, usize)>,
    /// The previous line's plain value may continue on lines indented past this column.
    continues_past: Option<usize>,
    /// Lines indented past this column are a block scalar's text.
    block_scalar_past: Option<usize>,
    /// Lines indented past this column continue a quote or flow collection.
    flow_past: Option<usize>,
    /// The last list of items seen, with its indentation (for "the items of `modules`").
    last_list: Option<(String, usize)>,
    /// The format's words, where it has some.
    vocabulary: Option<&'static Vocabulary>,
}

impl Walker {
    fn walk(mut self, lines: &[Line<'_>], stopped: u32) -> Option<Diagnosis> {
        let mut content = lines.iter().filter(|l| !l.blank).peekable();
        while let Some(line) = content.next() {
            // The parser often stops at the end of the token before the mistake: the line
            // after it is still the mistake's.
            if line.number > stopped.saturating_add(1) {
                return None;
            }
            if line.unsupported {
                if line.content.starts_with('%') {
                    continue;
                }
                // `---` starts a document (a stream of Kubernetes manifests has many), `...`
                // ends one: the next document starts afresh.
                let marker = line.content.get(..3).unwrap_or_default();
                if matches!(marker, "---" | "...")
                    && line
                        .content
                        .get(3..)
                        .is_none_or(|rest| rest.is_empty() || rest.starts_with([' ', '#']))
                {
                    self = Walker {
                        last_list: self.last_list,
                        vocabulary: self.vocabulary,
                        ..Walker::default()
                    };
                    continue;
                }
                return None;
            }
            if let Some(past) = self.block_scalar_past {
                if line.indent > past {
                    continue;
                }
                self.block_scalar_past = None;
            }
            if let Some(past) = self.flow_past {
                if line.indent > past {
                    continue;
                }
                self.flow_past = None;
            }
            if let Some(column) = line.tab {
                let in_a_module = matches!(
                    self.levels.last().map(|l| &l.owner),
                    Some(Owner::Item { list, .. }) if self.is_the_list(list)
                );
                let advice = if in_a_module {
                    let (help, example) = self.module_shape();
                    (format!("replace the tab with spaces; {help}"), example)
                } else {
                    (
                        "replace the tab with spaces: YAML does not allow tabs for indentation"
                            .to_owned(),
                        Vec::new(),
                    )
                };
                return Some(tab(line, column, advice));
            }
            let next_indent = content.peek().map(|l| l.indent);
            if let Some(diagnosis) = self.unclosed(line, next_indent) {
                return Some(diagnosis);
            }
            if let Some(diagnosis) = self.place(line) {
                return Some(diagnosis);
            }
        }
        None
    }

    /// A quote or bracket the line leaves open, when the next line does not go on with it
    /// (a flow collection or quoted text may span lines, indented past the line's own).
    fn unclosed(&mut self, line: &Line<'_>, next_indent: Option<usize>) -> Option<Diagnosis> {
        let goes_on = next_indent.is_some_and(|next| next > line.indent);
        let (what, (c, column), close) = match (line.open_quote, line.open_bracket) {
            (Some(q), _) => ("quote", q, q.0),
            (None, Some(b)) => ("bracket", b, if b.0 == '[' { ']' } else { '}' }),
            (None, None) => return None,
        };
        if goes_on {
            self.flow_past = Some(line.indent);
            return None;
        }
        let key = line
            .key
            .map(|(k, _)| format!(" of `{k}`"))
            .unwrap_or_default();
        Some(Diagnosis {
            span: span(line.number, column, 1),
            message: format!(
                "the {what} `{c}` that opens the value{key} is not closed on its line"
            ),
            help: if what == "quote" {
                format!(
                    "close the quote at the end of the value: `{}{close}`",
                    line.content.trim_end()
                )
            } else {
                format!(
                    "close the list at the end of the line: `{}{close}`",
                    line.content.trim_end()
                )
            },
            example: Vec::new(),
        })
    }

    /// Checks where the line stands against the open collections, then opens its own.
    fn place(&mut self, line: &Line<'_>) -> Option<Diagnosis> {
        let j = line.indent;
        if let Some(past) = self.continues_past.take()
            && j > past
            && line.key.is_none()
            && line.dash.is_none()
        {
            // The previous value's text goes on here.
            self.continues_past = Some(past);
            return None;
        }
        if self.levels.is_empty() {
            let kind = if line.dash.is_some() {
                Kind::Seq
            } else {
                Kind::Map
            };
            self.levels.push(Level {
                indent: j,
                kind,
                owner: Owner::Top,
            });
            return self.open(line);
        }
        if let Some((key, column)) = self.opened.take() {
            let child = j > column || (line.dash.is_some() && j == column);
            if child {
                let kind = if line.dash.is_some() {
                    Kind::Seq
                } else {
                    Kind::Map
                };
                if kind == Kind::Seq {
                    self.last_list = Some((key.clone(), j));
                }
                self.levels.push(Level {
                    indent: j,
                    kind,
                    owner: Owner::Key(key),
                });
                if line.dash.is_none() && line.key.is_none() {
                    return self.missing_colon(line);
                }
                return self.open(line);
            }
        }
        if line.dash.is_none() && line.key.is_none() {
            return self.missing_colon(line);
        }
        // The open collection of the line's kind at its indentation. A list may stand at
        // its key's own indentation, so a key there closes the list.
        let wanted = if line.dash.is_some() {
            Kind::Seq
        } else {
            Kind::Map
        };
        let found = self
            .levels
            .iter()
            .rposition(|l| l.indent == j && l.kind == wanted);
        let Some(at) = found else {
            let other = self.levels.iter().rposition(|l| l.indent == j);
            return Some(match (other, line.dash) {
                (Some(at), None) => {
                    let list = self.levels.get(at).cloned()?;
                    let keys_at = self
                        .levels
                        .get(at + 1)
                        .filter(|l| l.kind == Kind::Map)
                        .map(|l| l.indent);
                    self.key_at_item_level(line, &list, keys_at)
                }
                _ => self.misplaced(line),
            });
        };
        self.levels.truncate(at + 1);
        self.open(line)
    }

    /// After a line is placed: the collections it opens (an item's mapping, a key's block).
    fn open(&mut self, line: &Line<'_>) -> Option<Diagnosis> {
        if let (Some(_), Some(column)) = (line.dash, line.key_column()) {
            let list = match self.levels.last().map(|l| &l.owner) {
                Some(Owner::Key(key)) => key.clone(),
                _ => String::new(),
            };
            let id = match line.key {
                Some(("id", _)) if !line.value.is_empty() => Some(line.value.to_owned()),
                _ => None,
            };
            self.levels.push(Level {
                indent: column,
                kind: Kind::Map,
                owner: Owner::Item { list, id },
            });
        }
        if line.opens_block_scalar() {
            self.block_scalar_past = Some(line.indent);
        }
        if line.opens_block()
            && let Some((key, column)) = line.key
        {
            self.opened = Some((key.to_owned(), column));
        }
        self.continues_past = line.plain_value().then_some(line.indent);
        None
    }

    /// A line whose content is neither an item nor `key: value`.
    fn missing_colon(&self, line: &Line<'_>) -> Option<Diagnosis> {
        // `status:disabled`: a colon without the space YAML needs after it.
        if let Some((key, value)) = line.content.trim_end().split_once(':') {
            let plain_key = !key.is_empty() && !key.contains([' ', '"', '\'', '[', '{']);
            if plain_key && !value.starts_with([' ', '/']) && !value.is_empty() {
                let column = line.indent + key.chars().count();
                return Some(Diagnosis {
                    span: span(line.number, column, 1),
                    message: format!(
                        "`{}` has no space after the `:`: YAML reads the line as text, not as a field",
                        line.content.trim_end()
                    ),
                    help: format!("write a space after the colon: `{key}: {value}`"),
                    example: Vec::new(),
                });
            }
        }
        let word = line.content.split_whitespace().next().unwrap_or_default();
        let rest = line.content.get(word.len()..).unwrap_or_default().trim();
        let fixed = if rest.is_empty() {
            format!("{word}:")
        } else {
            format!("{word}: {rest}")
        };
        Some(Diagnosis {
            span: span(line.number, line.indent, word.chars().count()),
            message: format!(
                "`{}` has no `:` after its key: YAML reads the line as text, not as a field",
                line.content.trim_end()
            ),
            help: format!(
                "write the key, a colon and a space before the value: `{}`",
                &fixed
            ),
            example: Vec::new(),
        })
    }

    /// A key or an item at an indentation no open collection has.
    fn misplaced(&self, line: &Line<'_>) -> Diagnosis {
        let j = line.indent;
        if line.dash.is_some() {
            let list = self
                .levels
                .iter()
                .rev()
                .find(|l| l.kind == Kind::Seq)
                .map(|l| (list_name(&l.owner), l.indent))
                .or_else(|| self.last_list.clone());
            let (name, items_at) =
                list.unwrap_or_else(|| (self.vocabulary.map_or("items", |v| v.list).to_owned(), 2));
            let item: String = line.content.chars().take(40).collect();
            let (help, example) = self.shape_at(items_at);
            return Diagnosis {
                span: span(line.number, line.dash.unwrap_or(j), 1),
                message: format!(
                    "the item `{}` {}; the other items of `{}` are {}",
                    item.trim_end(),
                    indented(j),
                    &name,
                    at(items_at)
                ),
                help,
                example,
            };
        }
        let key = line.key.map(|(k, _)| k).unwrap_or_default();
        let level = self.intended_level(key, j);
        let shown = key;
        let message = match &level {
            Some(level) => format!(
                "`{shown}` {}; {} {}",
                indented(j),
                siblings(&level.owner, self.vocabulary),
                at(level.indent)
            ),
            None => format!(
                "`{shown}` {}, where no mapping of the file has its keys",
                indented(j)
            ),
        };
        let (help, example) = match &level {
            Some(Level {
                owner: Owner::Top, ..
            }) => (
                format!("write `{shown}:` at the start of the line, as the other top-level keys"),
                Vec::new(),
            ),
            Some(Level {
                owner: Owner::Key(name),
                indent,
                ..
            }) => (
                format!(
                    "indent `{shown}` {}, as the other keys of `{name}`",
                    spaces(*indent),
                ),
                Vec::new(),
            ),
            _ => self.module_shape(),
        };
        Diagnosis {
            span: span(
                line.number,
                line.key_column().unwrap_or(j),
                key.chars().count(),
            ),
            message,
            help,
            example,
        }
    }

    /// A key at the indentation of the items of a list, under one of them.
    fn key_at_item_level(
        &self,
        line: &Line<'_>,
        list: &Level,
        keys_at: Option<usize>,
    ) -> Diagnosis {
        let key = line.key.map(|(k, _)| k).unwrap_or_default();
        let keys_at = keys_at.unwrap_or(list.indent + 2);
        let (help, example) = self.shape_at(list.indent);
        Diagnosis {
            span: span(
                line.number,
                line.key_column().unwrap_or(line.indent),
                key.chars().count(),
            ),
            message: format!(
                "`{}` {}, as the `-` items of `{}`; the keys of an item are {}",
                key,
                indented(line.indent),
                &list_name(&list.owner),
                at(keys_at)
            ),
            help,
            example,
        }
    }

    /// The open mapping `key` most likely belongs to: the one whose fields it is (by the
    /// profile format's field names), else the nearest in indentation.
    fn intended_level(&self, key: &str, j: usize) -> Option<Level> {
        let maps = self.levels.iter().filter(|l| l.kind == Kind::Map);
        let words = self.vocabulary;
        let by_name = maps.clone().rev().find(|l| match (&l.owner, words) {
            (Owner::Top, Some(v)) => v.top.contains(&key),
            (Owner::Key(name), Some(v)) => v
                .sections
                .iter()
                .any(|(section, keys)| section == name && keys.contains(&key)),
            (Owner::Item { list, .. }, Some(v)) if list == v.list => v.item_keys.contains(&key),
            _ => false,
        });
        by_name
            .or_else(|| maps.min_by_key(|l| (l.indent.abs_diff(j), usize::MAX - l.indent)))
            .cloned()
    }

    /// The shape of a module, three lines at the file's indentation.
    fn module_shape(&self) -> Advice {
        let at = self
            .levels
            .iter()
            .rev()
            .find(|l| l.kind == Kind::Seq)
            .map(|l| l.indent)
            .or_else(|| self.last_list.as_ref().map(|(_, at)| *at))
            .unwrap_or(2);
        self.shape_at(at)
    }

    fn shape_at(&self, dash: usize) -> Advice {
        let list = self
            .levels
            .iter()
            .rev()
            .find(|l| l.kind == Kind::Seq)
            .map(|l| list_name(&l.owner))
            .or_else(|| self.last_list.as_ref().map(|(name, _)| name.clone()));
        let example = self
            .vocabulary
            .filter(|v| list.as_deref().is_none_or(|l| l == v.list));
        let Some(words) = example else {
            // Another list (`waivers`, `active`), or a format with no words: its shape.
            let of = list.map_or_else(String::new, |l| format!(" of `{l}`"));
            let help = format!(
                "the items{of} are `-` items at {dash} spaces, with their keys 2 further in, at {}",
                dash + 2
            );
            return (help, Vec::new());
        };
        let [first, second, third] = words.example;
        let pad = " ".repeat(dash);
        let help = format!(
            "a {} is a `-` item at {dash} spaces with its keys 2 further in, at {}:",
            words.item,
            dash + 2
        );
        let example = vec![
            format!("{pad}- {first}"),
            format!("{pad}  {second}"),
            format!("{pad}  {third}"),
        ];
        (help, example)
    }

    /// Whether `list` is the format's list of items.
    fn is_the_list(&self, list: &str) -> bool {
        self.vocabulary.is_some_and(|v| v.list == list)
    }
}

fn tab(line: &Line<'_>, column: usize, (help, example): Advice) -> Diagnosis {
    Diagnosis {
        span: span(line.number, column, 1),
        message: format!(
            "line {} is indented with a tab; YAML indents with spaces only",
            line.number
        ),
        help,
        example,
    }
}

/// `list` for "the items of `modules`".
fn list_name(owner: &Owner) -> String {
    match owner {
        Owner::Key(key) => key.clone(),
        Owner::Item { list, .. } => list.clone(),
        Owner::Top => "the file".to_owned(),
    }
}

/// "the other keys of this module are" / "of `document`" / "the top-level keys are".
fn siblings(owner: &Owner, vocabulary: Option<&Vocabulary>) -> String {
    match (owner, vocabulary) {
        (Owner::Top, _) => "the top-level keys are".to_owned(),
        (Owner::Key(key), _) => format!("the other keys of `{key}` are"),
        (Owner::Item { list, id }, Some(v)) if *list == v.list => match id {
            Some(id) => format!("the other keys of this {} (`{}`) are", v.item, id),
            None => format!("the other keys of this {} are", v.item),
        },
        (Owner::Item { list, .. }, _) => {
            format!("the other keys of this item of `{list}` are")
        }
    }
}

/// `is indented 6 spaces`, `is not indented`.
fn indented(n: usize) -> String {
    if n == 0 {
        "is not indented".to_owned()
    } else {
        format!("is indented {}", spaces(n))
    }
}

/// `at 4`, `not indented`.
fn at(n: usize) -> String {
    if n == 0 {
        "not indented".to_owned()
    } else {
        format!("at {n}")
    }
}

/// `6 spaces`, `1 space`, `0 spaces`.
fn spaces(n: usize) -> String {
    format!("{n} space{}", if n == 1 { "" } else { "s" })
}

/// A span at 0-based character `column` of `line`, `len` characters long.
fn span(line: u32, column: usize, len: usize) -> Span {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Span::new(line, clamp(column).saturating_add(1), clamp(len.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The profile's words, as its reader gives them.
    const PROFILE: Option<&Vocabulary> = Some(&super::super::profile::VOCABULARY);

    const MODULES: &str = "profile: PROD\ndocument:\n  status: PROCESS\n  owner: Architect\nmodules:\n  - id: core\n    name: Core\n    role: core\n    status: required\n  - id: chat\n    name: Chat\n    role: ui\n    status: disabled\n";

    fn found(text: &str) -> Diagnosis {
        match diagnose(text, u32::MAX, PROFILE) {
            Some(d) => d,
            None => panic!("nothing found in:\n{text}"),
        }
    }

    fn with_line(n: usize, line: &str) -> String {
        MODULES
            .lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == n { line } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_valid_file_shows_nothing() {
        assert_eq!(diagnose(MODULES, u32::MAX, PROFILE), None);
        let flow = "a:\n  b: [x,\n     y]\n  c: \"text\n    more\"\n  d: |\n    free: text\n  e: plain\n    text goes on\n";
        assert_eq!(diagnose(flow, u32::MAX, PROFILE), None);
    }

    #[test]
    fn a_key_indented_too_far_names_its_siblings_indentation() {
        let d = found(&with_line(13, "      status: disabled"));
        assert_eq!(
            d.message,
            "`status` is indented 6 spaces; the other keys of this module (`chat`) are at 4"
        );
        assert_eq!((d.span.line, d.span.column, d.span.len), (13, 7, 6));
        assert!(d.help.ends_with("at 4:"), "{}", d.help);
        assert_eq!(
            d.example,
            [
                "  - id: my-module",
                "    name: My Module",
                "    status: required"
            ]
        );
    }

    #[test]
    fn a_key_indented_too_little() {
        let d = found(&with_line(13, "   status: disabled"));
        assert!(
            d.message
                .starts_with("`status` is indented 3 spaces; the other keys of this module")
        );
        let d = found(&with_line(4, " owner: Architect"));
        assert_eq!(
            d.message,
            "`owner` is indented 1 space; the other keys of `document` are at 2"
        );
    }

    #[test]
    fn a_tab_is_found_on_its_own_line() {
        let d = found(&with_line(13, "\tstatus: disabled"));
        assert_eq!((d.span.line, d.span.column), (13, 1));
        assert!(d.message.contains("tab"));
        let d = found(&with_line(13, "  \tstatus: disabled"));
        assert_eq!((d.span.line, d.span.column), (13, 3));
    }

    #[test]
    fn a_missing_colon() {
        let d = found(&with_line(13, "    status disabled"));
        assert_eq!((d.span.line, d.span.column, d.span.len), (13, 5, 6));
        assert!(d.help.ends_with("`status: disabled`"), "{}", d.help);
        let d = found(&with_line(3, "  status PROCESS"));
        assert_eq!(d.span.line, 3);
    }

    #[test]
    fn a_colon_without_its_space() {
        let d = found(&with_line(13, "    status:disabled"));
        assert_eq!((d.span.line, d.span.column), (13, 11));
        assert!(d.help.ends_with("`status: disabled`"), "{}", d.help);
        // A URL is text, not a key.
        assert_eq!(
            diagnose(&with_line(13, "    status: http://x"), u32::MAX, PROFILE),
            None
        );
    }

    #[test]
    fn items_at_the_wrong_level() {
        let d = found(&with_line(10, "    - id: chat"));
        assert_eq!(
            d.message,
            "the item `- id: chat` is indented 4 spaces; the other items of `modules` are at 2"
        );
        assert_eq!((d.span.line, d.span.column), (10, 5));
        let d = found(&with_line(10, "- id: chat"));
        assert_eq!((d.span.line, d.span.column), (10, 1));
        let d = found(&with_line(11, "  name: Chat"));
        assert!(
            d.message.contains("as the `-` items of `modules`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn unclosed_quotes_and_brackets_point_at_the_opening_character() {
        let d = found(&with_line(11, "    name: \"Chat"));
        assert_eq!((d.span.line, d.span.column), (11, 11));
        assert!(d.message.contains("quote `\"`"));
        let d = found(&with_line(12, "    role: [ui, core"));
        assert_eq!((d.span.line, d.span.column), (12, 11));
        assert!(d.message.contains("bracket `[`"));
        // Quotes inside plain text are text.
        assert_eq!(
            diagnose(&with_line(11, "    name: Chat \"x"), u32::MAX, PROFILE),
            None
        );
    }

    #[test]
    fn yaml_it_does_not_read_is_left_to_the_parser() {
        let started = format!("%YAML 1.2\n---\n{}", with_line(13, "    status disabled"));
        assert_eq!(found(&started).span.line, 15);
        let second = format!("{MODULES}---\na: 1\n b: 2\n");
        let d = found(&second);
        assert_eq!((d.span.line, d.span.column), (16, 2), "{d:?}");
        assert_eq!(
            diagnose(&format!("{MODULES}--- !tag\nx y\n"), u32::MAX, PROFILE),
            None
        );
        assert_eq!(diagnose("? complex\n: value\n", u32::MAX, PROFILE), None);
    }

    #[test]
    fn nothing_past_the_parsers_line_is_blamed() {
        assert_eq!(
            diagnose(&with_line(13, "\tstatus: disabled"), 11, PROFILE),
            None
        );
        assert!(diagnose(&with_line(13, "\tstatus: disabled"), 12, PROFILE).is_some());
    }

    proptest::proptest! {
        /// Any text: no panic, and a diagnosis points inside the text.
        #[test]
        fn any_text_is_read_without_panic(text in "[ \t\n\r:\\-\"'\\[\\]{}#a-z|>?%.]{0,200}", stopped in 0u32..20) {
            if let Some(d) = diagnose(&text, stopped, PROFILE) {
                let lines: Vec<&str> = crate::source::lines(&text).collect();
                let line = lines.get(d.span.line as usize - 1).copied();
                proptest::prop_assert!(line.is_some(), "{:?}", d);
                let width = line.map_or(0, |l| l.chars().count());
                proptest::prop_assert!(d.span.column as usize <= width + 1, "{:?}", d);
            }
        }
    }
}
