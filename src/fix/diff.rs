//! `check --diff`: the planned edits as a unified diff (`git apply` and `patch` read it),
//! lines kept with their own line breaks, so that a CRLF file's diff is CRLF too.

use std::fmt::Write;

use super::{Edit, apply};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The unified diff of `edits` to `text`, for the file `path`; empty without edits.
pub fn unified(path: &str, text: &str, edits: &[Edit]) -> String {
    if edits.is_empty() {
        return String::new();
    }
    let old = split(text);
    // The first and last line each edit touches (0-based), merged when their contexts meet.
    let mut hunks: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for edit in edits {
        let first = line_of(&old, edit.start);
        let last = line_of(&old, edit.end.saturating_sub(1).max(edit.start));
        match hunks.last_mut() {
            Some((_, end, group)) if first <= *end + 2 * CONTEXT + 1 => {
                *end = (*end).max(last);
                group.push(edit);
            }
            _ => hunks.push((first, last, vec![edit])),
        }
    }
    let path = crate::escape::escape_controls(path.trim_start_matches('/'));
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut delta: isize = 0;
    for (first, last, group) in hunks {
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(old.len());
        let start = old
            .get(..from)
            .map_or(0, |l| l.iter().map(|s| s.len()).sum());
        let block: String = old.get(from..to).unwrap_or_default().concat();
        let shifted: Vec<Edit> = group
            .iter()
            .map(|e| Edit {
                start: e.start.saturating_sub(start),
                end: e.end.saturating_sub(start),
                text: e.text.clone(),
            })
            .collect();
        let new_block = apply(&block, &shifted);
        let before = split(&block);
        let after = split(&new_block);
        let (old_count, new_count) = (before.len(), after.len());
        let new_from = from.saturating_add_signed(delta);
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(from, old_count),
            range(new_from, new_count)
        );
        // Common lines at both ends are context; the middle is what changed.
        let head = before
            .iter()
            .zip(&after)
            .take_while(|(a, b)| a == b)
            .count();
        let tail = before
            .iter()
            .rev()
            .zip(after.iter().rev())
            .take_while(|(a, b)| a == b)
            .count()
            .min(old_count.min(new_count) - head);
        for line in before.get(..head).unwrap_or_default() {
            push(&mut out, ' ', line);
        }
        for line in before.get(head..old_count - tail).unwrap_or_default() {
            push(&mut out, '-', line);
        }
        for line in after.get(head..new_count - tail).unwrap_or_default() {
            push(&mut out, '+', line);
        }
        for line in before.get(old_count - tail..).unwrap_or_default() {
            push(&mut out, ' ', line);
        }
        delta += isize::try_from(new_count).unwrap_or(0) - isize::try_from(old_count).unwrap_or(0);
    }
    out
}

/// `start,count` of a hunk header (1-based; an empty range names the line before it).
fn range(from: usize, count: usize) -> String {
    match count {
        0 => format!("{from},0"),
        1 => format!("{}", from + 1),
        _ => format!("{},{count}", from + 1),
    }
}

/// One line of the diff, with its own line break, or the note that it has none.
fn push(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with(['\n', '\r']) {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// The lines of `text`, each with its line break (LF, CRLF or a lone CR).
fn split(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let end = match b {
            b'\r' if bytes.get(i) == Some(&b'\n') => i + 1,
            b'\n' | b'\r' => i,
            _ => continue,
        };
        i = end;
        lines.push(text.get(start..end).unwrap_or_default());
        start = end;
    }
    if start < text.len() {
        lines.push(text.get(start..).unwrap_or_default());
    }
    lines
}

/// The line (0-based) of byte `offset` among `lines`.
fn line_of(lines: &[&str], offset: usize) -> usize {
    let mut at = 0;
    for (i, line) in lines.iter().enumerate() {
        at += line.len();
        if offset < at {
            return i;
        }
    }
    lines.len().saturating_sub(1)
}
