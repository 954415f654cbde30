//! The edits themselves: from a node of the located tree to the bytes of the text, and the
//! few shapes of YAML a safe fix knows how to edit exactly. Anything else is refused with
//! a reason, never guessed.

use super::Edit;
use crate::load::tree::{Kind, Node};
use crate::profile::Date;
use crate::source::Span;

/// A text and where each of its lines starts (LF, CRLF and a lone CR each end a line, as
/// the YAML parser counts them).
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// The lines of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            match b {
                b'\n' => starts.push(i),
                b'\r' if bytes.get(i) == Some(&b'\n') => {
                    i += 1;
                    starts.push(i);
                }
                b'\r' => starts.push(i),
                _ => {}
            }
        }
        Self { text, starts }
    }

    /// The 1-based line of byte `offset`.
    pub fn line_number(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// `text[start..end]`, or nothing.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// The line (0-based) holding byte `offset`: its start, the end of its content and
    /// its end with the line break.
    fn line_at(&self, offset: usize) -> (usize, usize, usize) {
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.slice(start, end);
        let content = line.trim_end_matches(['\n', '\r']);
        (start, start + content.len(), end)
    }

    /// The byte range of a value that stands on one line: `None` when the span leaves the
    /// text or its line.
    pub fn range(&self, span: Span) -> Option<(usize, usize)> {
        let index = usize::try_from(span.line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let (_, content_end, _) = self.line_at(start);
        let line = self.text.get(start..content_end)?;
        let column = usize::try_from(span.column).ok()?.checked_sub(1)?;
        let from = nth_char(line, column)?;
        let len = usize::try_from(span.len).ok()?;
        let to = from + nth_char(line.get(from..)?, len)?;
        Some((start + from, start + to))
    }
}

/// The byte offset of char `n` of `text` (its length for `n` = its char count).
fn nth_char(text: &str, n: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(n)
}

/// The value of `key` in mapping `node`, with its key.
pub(super) fn entry<'t>(node: &'t Node, key: &str) -> Option<(usize, &'t Node, &'t Node)> {
    let Kind::Map(entries) = &node.kind else {
        return None;
    };
    entries
        .iter()
        .enumerate()
        .find_map(|(i, (k, v))| match &k.kind {
            Kind::Str(text) if **text == *key => Some((i, k, v)),
            _ => None,
        })
}

/// Whether `written` is `word`, plain or quoted.
fn spelled(written: &str, word: &str) -> bool {
    written == word
        || [('\'', '\''), ('"', '"')].iter().any(|(open, close)| {
            written
                .strip_prefix(*open)
                .and_then(|w| w.strip_suffix(*close))
                == Some(word)
        })
}

/// Whether `gap` is a comma between spaces or tabs: what separates two entries of a flow
/// collection on one line.
fn comma_only(gap: &str) -> bool {
    gap.trim_matches([' ', '\t']) == ","
}

/// A scalar's byte range, when it stands on one line.
pub(super) fn scalar(lines: &Lines<'_>, node: &Node) -> Option<(usize, usize)> {
    match node.kind {
        Kind::Seq(_) | Kind::Map(_) | Kind::Tagged(_) => None,
        _ => lines.range(node.span),
    }
}

/// The edit that removes the line of a block entry from `start` (after its indentation
/// and any `- `) to `end`, keeping a comment that follows on the line as a line of its
/// own. `lead` says what may stand before the entry on its line.
fn drop_line(
    lines: &Lines<'_>,
    start: usize,
    end: usize,
    lead: fn(&str) -> bool,
) -> Result<Edit, String> {
    let (line_start, content_end, line_end) = lines.line_at(start);
    if end > content_end {
        return Err("the value runs over its line".to_owned());
    }
    let before = lines.slice(line_start, start);
    if !lead(before) {
        return Err("something else stands before it on its line".to_owned());
    }
    let after = lines
        .slice(end, content_end)
        .trim_start_matches([' ', '\t']);
    let text = if after.is_empty() {
        String::new()
    } else if after.starts_with('#') {
        let indent = before
            .get(..before.len() - before.trim_start_matches([' ', '\t']).len())
            .unwrap_or_default();
        format!("{indent}{after}{}", lines.slice(content_end, line_end))
    } else {
        return Err("something else follows it on its line".to_owned());
    };
    Ok(Edit {
        start: line_start,
        end: line_end,
        text,
    })
}

fn blank(text: &str) -> bool {
    text.trim_matches([' ', '\t']).is_empty()
}

fn list_item_lead(text: &str) -> bool {
    text.trim_start_matches([' ', '\t'])
        .strip_prefix('-')
        .is_some_and(|rest| !rest.is_empty() && blank(rest))
}

/// Whether the collection `node` is written in flow style (`{…}`, `[…]`).
fn is_flow(lines: &Lines<'_>, node: &Node, open: char) -> Option<bool> {
    let (start, _) = lines.range(Span::new(node.span.line, node.span.column, 0))?;
    Some(lines.slice(start, lines.text().len()).starts_with(open))
}

/// The module of id `id` in the tree.
pub(super) fn module<'t>(root: &'t Node, id: &str) -> Result<&'t Node, String> {
    let Some((
        _,
        _,
        Node {
            kind: Kind::Seq(items),
            ..
        },
    )) = entry(root, "modules")
    else {
        return Err("`modules` is not a list".to_owned());
    };
    let mut found = items.iter().filter(|item| {
        entry(item, "id").is_some_and(|(_, _, v)| matches!(&v.kind, Kind::Str(t) if **t == *id))
    });
    match (found.next(), found.next()) {
        (Some(node), None) => Ok(node),
        _ => Err(format!("the module `{id}` is not one entry of `modules`")),
    }
}

/// Removes module `id`'s `active: true`.
pub fn drop_active(lines: &Lines<'_>, root: &Node, id: &str) -> Result<Vec<Edit>, String> {
    let node = module(root, id)?;
    let Some((index, key, value)) = entry(node, "active") else {
        return Err("the module has no `active` field".to_owned());
    };
    let unsure = |why: &str| format!("`active: true` left as it is: {why}; remove it by hand");
    let (Some((key_start, key_end)), Some((value_start, value_end))) =
        (scalar(lines, key), scalar(lines, value))
    else {
        return Err(unsure("it is not written on one line"));
    };
    if !spelled(lines.slice(key_start, key_end), "active")
        || !["true", "True", "TRUE"].contains(&lines.slice(value_start, value_end))
        || !lines
            .slice(key_end, value_start)
            .trim_matches([' ', '\t'])
            .eq(":")
    {
        return Err(unsure("it is not written `active: true`"));
    }
    if is_flow(lines, node, '{') == Some(true) {
        let Kind::Map(entries) = &node.kind else {
            return Err(unsure("the module is not a mapping"));
        };
        let bounds = |i: usize| -> Option<(usize, usize)> {
            let (k, v) = entries.get(i)?;
            Some((scalar(lines, k)?.0, scalar(lines, v)?.1))
        };
        if let Some((next, _)) = bounds(index + 1)
            && comma_only(lines.slice(value_end, next))
        {
            return Ok(vec![Edit {
                start: key_start,
                end: next,
                text: String::new(),
            }]);
        }
        if let Some(previous) = index.checked_sub(1).and_then(bounds)
            && comma_only(lines.slice(previous.1, key_start))
        {
            return Ok(vec![Edit {
                start: previous.1,
                end: value_end,
                text: String::new(),
            }]);
        }
        return Err(unsure(
            "its entry of the flow mapping has no neighbour on its line to take the comma from",
        ));
    }
    drop_line(lines, key_start, value_end, blank)
        .map(|edit| vec![edit])
        .map_err(|why| unsure(&why))
}

/// Removes items `indices` of the mark list `list`.
pub fn drop_items(
    lines: &Lines<'_>,
    root: &Node,
    list: &str,
    indices: &[usize],
) -> Result<Vec<Edit>, String> {
    let unsure = |why: &str| format!("`{list}` left as it is: {why}; remove the ids by hand");
    let Some((_, key, node)) = entry(root, list) else {
        return Err(unsure("the list is not found"));
    };
    let Kind::Seq(items) = &node.kind else {
        return Err(unsure("it is not a list"));
    };
    let mut ranges = Vec::with_capacity(items.len());
    for item in items.iter() {
        let Kind::Str(id) = &item.kind else {
            return Err(unsure("an item is not an id"));
        };
        let Some((start, end)) = scalar(lines, item) else {
            return Err(unsure("an item is not written on one line"));
        };
        if !spelled(lines.slice(start, end), id) {
            return Err(unsure("an item is not written as its id"));
        }
        ranges.push((start, end));
    }
    let removed = |i: usize| indices.contains(&i);
    if indices.iter().any(|&i| i >= ranges.len()) {
        return Err(unsure("an item is not found"));
    }
    let all = (0..ranges.len()).all(removed);
    if is_flow(lines, node, '[') == Some(true) {
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
            return Err(unsure("the list is empty"));
        };
        if all {
            if lines.slice(first.0, last.1).contains('#') {
                return Err(unsure("a comment stands between its items"));
            }
            return Ok(vec![Edit {
                start: first.0,
                end: last.1,
                text: String::new(),
            }]);
        }
        // The removed items after the last kept one go with the comma before them; every
        // other removed item goes with the comma after it.
        let last_kept = (0..ranges.len()).rev().find(|&i| !removed(i)).unwrap_or(0);
        let mut edits = Vec::new();
        for (i, &(start, end)) in ranges.iter().enumerate() {
            if !removed(i) {
                continue;
            }
            if i < last_kept {
                let next = ranges.get(i + 1).map_or(end, |r| r.0);
                if !comma_only(lines.slice(end, next)) {
                    return Err(unsure("its items are not on one line"));
                }
                edits.push(Edit {
                    start,
                    end: next,
                    text: String::new(),
                });
            } else {
                let previous = i
                    .checked_sub(1)
                    .and_then(|p| ranges.get(p))
                    .map_or(start, |r| r.1);
                if !comma_only(lines.slice(previous, start)) {
                    return Err(unsure("its items are not on one line"));
                }
                edits.push(Edit {
                    start: previous,
                    end,
                    text: String::new(),
                });
            }
        }
        // Removed items after the last kept one: their edits meet end to start.
        return Ok(edits);
    }
    let mut edits = Vec::new();
    if all {
        let Some((_, key_end)) = scalar(lines, key) else {
            return Err(unsure("its key is not written on one line"));
        };
        let rest = lines.slice(key_end, lines.text().len());
        let colon = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if !rest.get(colon..).is_some_and(|r| r.starts_with(':')) {
            return Err(unsure("its key is not followed by `:`"));
        }
        let at = key_end + colon + 1;
        edits.push(Edit {
            start: at,
            end: at,
            text: " []".to_owned(),
        });
    }
    for (i, &(start, end)) in ranges.iter().enumerate() {
        if removed(i) {
            edits.push(drop_line(lines, start, end, list_item_lead).map_err(|why| unsure(&why))?);
        }
    }
    Ok(edits)
}

/// Sets `document.last_updated` to `date`, in the quotes it is written in.
pub fn set_date(lines: &Lines<'_>, root: &Node, date: Date) -> Result<Edit, String> {
    let unsure = |why: &str| format!("`document.last_updated` left as it is: {why}");
    let value = entry(root, "document")
        .and_then(|(_, _, document)| entry(document, "last_updated"))
        .map(|(_, _, value)| value)
        .ok_or_else(|| unsure("it is not found"))?;
    let (start, end) = scalar(lines, value).ok_or_else(|| unsure("it is not on one line"))?;
    let written = lines.slice(start, end);
    let quoted = written.len() >= 12
        && Date::has_shape(written.get(1..written.len() - 1).unwrap_or_default())
        && (written.starts_with('\'') && written.ends_with('\'')
            || written.starts_with('"') && written.ends_with('"'));
    let (start, end) = if Date::has_shape(written) {
        (start, end)
    } else if quoted {
        (start + 1, end - 1)
    } else {
        return Err(unsure("it is not written as a date"));
    };
    Ok(Edit {
        start,
        end,
        text: date.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tree::parse;

    #[test]
    fn a_word_is_spelled_plain_or_in_matching_quotes() {
        assert!(spelled("active", "active"));
        assert!(spelled("'active'", "active"));
        assert!(spelled("\"active\"", "active"));
        assert!(!spelled("'active\"", "active"));
        assert!(!spelled("*on", "active"));
        assert!(!spelled("&a active", "active"));
        assert!(!spelled("activ", "active"));
    }

    #[test]
    fn a_list_item_stands_after_its_dash() {
        assert!(list_item_lead("  - "));
        assert!(list_item_lead("-\t"));
        assert!(!list_item_lead("  -"));
        assert!(!list_item_lead("  "));
        assert!(!list_item_lead("  -x "));
        assert!(!list_item_lead("  x "));
    }

    #[test]
    fn only_a_plain_active_true_is_removed() {
        for (module, removable) in [
            ("  - id: a\n    active: true\n", true),
            ("  - id: a\n    'active': True\n", true),
            ("  - id: a\n    active: !!bool true\n", false),
            ("  - id: a\n    active: &on true\n", false),
            ("  - id: a\n    active : true\n", true),
            ("  - id: a\n    active: yes\n", false),
        ] {
            let text = format!("modules:\n{module}");
            let Ok(root) = parse(&text, &crate::load::profile::READING) else {
                panic!("{text}")
            };
            let edits = drop_active(&Lines::new(&text), &root, "a");
            assert_eq!(edits.is_ok(), removable, "{text}: {edits:?}");
        }
    }

    #[test]
    fn a_date_is_set_only_where_a_date_is_written() {
        let date = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
        for (written, expected) in [
            ("2026-01-28", Some("2026-02-01")),
            ("'2026-01-28'", Some("'2026-02-01'")),
            ("\"2026-01-28\"", Some("\"2026-02-01\"")),
            ("\"2026-01-2x\"", None),
            ("x2026-01-28x", None),
            ("'2026-01-28\"", None),
            ("'2026-01-28", None),
        ] {
            let text = format!("document:\n  last_updated: {written}\n");
            let Ok(root) = parse(&text, &crate::load::profile::READING) else {
                continue;
            };
            let edit = set_date(&Lines::new(&text), &root, date);
            let after = edit.map(|e| super::super::apply(&text, &[e]));
            assert_eq!(
                after.ok(),
                expected.map(|e| format!("document:\n  last_updated: {e}\n")),
                "{written}"
            );
        }
    }
}
