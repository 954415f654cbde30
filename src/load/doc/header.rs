//! The title and the header (`Status:`, `Owner:`, `Last updated:`).

use super::*;

/// Separators between a title's words and the profile's name: any dash with spaces
/// around it, or a colon.
pub(super) fn split_title(text: &str) -> Option<(&str, &str)> {
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

pub(super) type Title = (Located<String>, Located<String>);

/// `# Runtime Profile — PROD (Webinars MVP v1++)` → (`PROD`, `Webinars MVP v1++`): the
/// profile is the word after the last dash or colon, the product in the parentheses.
pub(super) fn title(blocks: &Blocks, problems: &mut Vec<Problem>) -> Option<Title> {
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

pub(super) const HEADER_FIELDS: [&str; 3] = ["Status", "Owner", "Last updated"];

/// The header fields `Status:`, `Owner:`, `Last updated:`, before the first section
/// heading, found by their labels, not their lines: anywhere in a paragraph, list item or
/// block quote however it is wrapped (`Status: PROCESS Owner: Architect Last updated:
/// 2026-01-28` is one paragraph as GitHub renders it, a label broken across a line
/// included), in YAML front matter, or as the rows of a two-column table.
pub(super) fn header(blocks: &Blocks, problems: &mut Vec<Problem>) -> [Option<Located<String>>; 3] {
    let mut found: [Vec<Located<String>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    if let Some((yaml, start)) = &blocks.front_matter {
        front_matter(blocks, yaml, *start, &mut found);
    }
    for block in &blocks.list {
        match block {
            Block::Text(TextBlock {
                kind: Kind::Heading(level),
                ..
            }) if *level >= 2 => break,
            Block::Text(TextBlock {
                kind: Kind::Heading(_),
                ..
            }) => {}
            Block::Text(block) => labelled(blocks, &block.text, &mut found),
            Block::Table(table) => two_columns(blocks, table, &mut found),
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

/// The header field a label names (`Status`, `status`, `Last updated`, `last_updated`,
/// `Last-Updated`), by its words.
pub(super) fn field_of(label: &str) -> Option<usize> {
    let label = normalise(&label.replace(['_', '-'], " ")).to_lowercase();
    HEADER_FIELDS.iter().position(|f| f.to_lowercase() == label)
}

/// A word of rendered text and its byte range.
fn words_at(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace() || matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}');
        match (space, start) {
            (true, Some(s)) => {
                out.push((s, text.get(s..i).unwrap_or_default()));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.get(s..).unwrap_or_default()));
    }
    out
}

/// The header labels of a rendered paragraph: a label starts the paragraph or a line of
/// its source, or follows the value of another label; its value runs to the next label or
/// the next line break a reader sees.
fn labelled(blocks: &Blocks, text: &Rendered, found: &mut [Vec<Located<String>>; 3]) {
    let plain = &text.plain;
    let words = words_at(plain);
    // Each label found: (field, where the label starts, where its value starts).
    let mut labels: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&(at, word)) = words.get(i) {
        let line_start = plain.get(..at).is_some_and(|before| {
            before.trim_end_matches([' ', '\t']).is_empty()
                || before.trim_end_matches([' ', '\t']).ends_with('\n')
        });
        let allowed = line_start || !labels.is_empty();
        let mut matched = None;
        if allowed {
            for take in 1..=2 {
                let Some(last) = words.get(i + take - 1) else {
                    break;
                };
                let Some(colon) = last.1.find(':') else {
                    continue;
                };
                let label_end = last.0 + colon;
                let Some(label) = plain.get(at..label_end) else {
                    continue;
                };
                if let Some(field) = field_of(label) {
                    matched = Some((field, label_end + 1, take));
                }
                break;
            }
        }
        match matched {
            Some((field, value_start, take)) => {
                labels.push((field, at, value_start));
                // The value may follow the colon in the same word (`Status:PROCESS`).
                i += take;
                let _ = word;
            }
            None => i += 1,
        }
    }
    for (n, (field, _, value_start)) in labels.iter().enumerate() {
        let next_label = labels.get(n + 1).map_or(plain.len(), |(_, at, _)| *at);
        let hard = text
            .hard
            .iter()
            .copied()
            .find(|h| *h >= *value_start && *h < next_label)
            .unwrap_or(next_label);
        let raw = plain.get(*value_start..hard).unwrap_or_default();
        let lead = raw.len() - raw.trim_start().len();
        let value = normalise(raw);
        let from = value_start + lead;
        let span = blocks.span(text, from..from + raw.trim().len());
        if let Some(slot) = found.get_mut(*field) {
            slot.push(Located::new(value, span));
        }
    }
}

/// The header as a two-column table, as GitHub shows YAML front matter or as written:
/// each row a label (`Status`, `Status:`, `**Owner**`) and its value.
fn two_columns(blocks: &Blocks, table: &Table, found: &mut [Vec<Located<String>>; 3]) {
    let rows = std::iter::once(&table.head).chain(table.rows.iter().map(|(cells, _, _)| cells));
    for cells in rows {
        let [label, value] = cells.as_slice() else {
            continue;
        };
        let label = normalise(&label.text.plain);
        let Some(field) = field_of(label.strip_suffix(':').unwrap_or(&label)) else {
            continue;
        };
        let span = if value.text.is_blank() {
            blocks.positions.span(value.start, 1)
        } else {
            blocks.block_span(&value.text)
        };
        if let Some(slot) = found.get_mut(field) {
            slot.push(Located::new(normalise(&value.text.plain), span));
        }
    }
}

/// The header in YAML front matter: `Status: PROCESS`, `owner: Architect`,
/// `last_updated: 2026-01-28`, values plain or quoted.
fn front_matter(blocks: &Blocks, yaml: &str, start: usize, found: &mut [Vec<Located<String>>; 3]) {
    for (offset, line) in crate::source::line_starts(yaml).zip(crate::source::lines(yaml)) {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let Some(field) = field_of(key.trim_matches(['"', '\''])) else {
            continue;
        };
        let trimmed = value.trim();
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| trimmed.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .unwrap_or_else(|| {
                // A comment ends a plain scalar.
                trimmed.split(" #").next().unwrap_or_default().trim_end()
            });
        let lead = value.len() - value.trim_start().len();
        let at = start + offset + key.len() + 1 + lead;
        let span = blocks.positions.span(at, trimmed.chars().count().max(1));
        if let Some(slot) = found.get_mut(field) {
            slot.push(Located::new(normalise(unquoted), span));
        }
    }
}
