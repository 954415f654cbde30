//! What the document's HTML shows and hides.

#[allow(unused_imports)]
use super::*;

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
    pub(super) fn collapsed(&self) -> bool {
        self.details.iter().any(|collapsed| *collapsed)
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
