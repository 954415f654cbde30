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
                Some(span) => Problem::missing(span, problem),
                None => Problem::whole(ProblemKind::Missing, problem),
            };
            problems.push(
                problem.help("keep a title like `# Runtime Profile — PROD (Webinars MVP v1++)`"),
            );
            None
        }
        [(title, span)] => {
            if !title.0.value.eq_ignore_ascii_case(PROFILE) {
                problems.push(
                    Problem::invalid(
                        *span,
                        format!(
                            "the title names the profile `{}`, but this document must be the `{PROFILE}` profile",
                            &title.0.value
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
                Problem::whole(
                    ProblemKind::Missing,
                    format!("the document has no `{key}:` header line"),
                )
                .expected(format_args!("{key}:"))
                .help(format!(
                    "add a line `{key}: …` at the top, as in profiles/RUNTIME_PROFILE_PROD.md"
                )),
            ),
            [value] if value.value.is_empty() => problems.push(
                Problem::invalid(value.span, format!("`{key}:` has no value"))
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
        let lead = value.len() - value.trim_start().len();
        let trimmed = value.trim();
        // A quoted value ends at its quote; a plain one at a comment (` #`).
        let (unquoted, skip) = match trimmed.chars().next() {
            Some(q @ ('"' | '\'')) => (
                trimmed
                    .get(1..)
                    .and_then(|rest| rest.split(q).next())
                    .unwrap_or_default(),
                1,
            ),
            _ => (trimmed.split(" #").next().unwrap_or_default().trim_end(), 0),
        };
        let at = start + offset + key.len() + 1 + lead + skip;
        let span = blocks.positions.span(at, unquoted.chars().count().max(1));
        if let Some(slot) = found.get_mut(field) {
            slot.push(Located::new(normalise(unquoted), span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::field_of;

    const SEED: &str = include_str!("../../../profiles/RUNTIME_PROFILE_PROD.md");
    const HEADER: &str = "Status: PROCESS\nOwner: Architect\nLast updated: 2026-01-28\n";

    /// The header's three values, each with its line, column and length, of the seed with
    /// its header written as `header`; or the problems.
    /// A value with its line, column and length.
    type Found = (String, u32, u32, u32);

    fn header(header: &str) -> Result<Vec<Found>, Vec<String>> {
        assert!(SEED.starts_with(HEADER));
        let text = SEED.replacen(HEADER, header, 1);
        match read(&text) {
            Ok(doc) => Ok([doc.status, doc.owner]
                .into_iter()
                .map(|v| (v.value, v.span.line, v.span.column, v.span.len))
                .chain(std::iter::once((
                    doc.last_updated.value.to_string(),
                    doc.last_updated.span.line,
                    doc.last_updated.span.column,
                    doc.last_updated.span.len,
                )))
                .collect()),
            Err(problems) => Err(problems
                .into_iter()
                .map(|p| p.worded().into_owned())
                .collect()),
        }
    }

    fn values(found: &[Found]) -> Vec<&str> {
        found.iter().map(|(v, ..)| v.as_str()).collect()
    }

    const SEED_VALUES: [&str; 3] = ["PROCESS", "Architect", "2026-01-28"];

    #[test]
    fn the_header_is_found_by_its_labels_however_wrapped() {
        for written in [
            HEADER,
            "Status: PROCESS Owner: Architect Last updated: 2026-01-28\n",
            "Status: PROCESS Owner: Architect Last\nupdated: 2026-01-28\n",
            "Status:\nPROCESS\nOwner:\nArchitect\nLast\nupdated:\n2026-01-28\n",
            "Status:PROCESS Owner:Architect Last updated:2026-01-28\n",
            "**Status:** PROCESS **Owner:** Architect **Last updated:** 2026-01-28\n",
            "- Status: PROCESS\n- Owner: Architect\n- Last updated: 2026-01-28\n",
            "> Status: PROCESS Owner: Architect\n> Last updated: 2026-01-28\n",
            "status: PROCESS\nOWNER: Architect\nlast updated: 2026-01-28\n",
        ] {
            match header(written) {
                Ok(found) => assert_eq!(values(&found), SEED_VALUES, "{written:?}"),
                Err(problems) => panic!("{written:?}: {problems:?}"),
            }
        }
    }

    #[test]
    fn a_joined_header_points_at_each_value() {
        let Ok(found) = header("Status: PROCESS Owner: Architect Last updated: 2026-01-28\n")
        else {
            panic!("reads")
        };
        let places: Vec<(u32, u32, u32)> = found.iter().map(|(_, l, c, n)| (*l, *c, *n)).collect();
        assert_eq!(places, [(1, 9, 7), (1, 24, 9), (1, 48, 10)]);
        let Ok(found) = header("Status: PROCESS Owner: Architect Last\nupdated: 2026-01-28\n")
        else {
            panic!("reads")
        };
        assert_eq!(found.get(2).map(|(_, l, c, _)| (*l, *c)), Some((2, 10)));
        // Spaces after the colon are not the value's.
        let Ok(found) = header("Status:   PROCESS Owner:  Architect Last updated: 2026-01-28\n")
        else {
            panic!("reads")
        };
        let places: Vec<(u32, u32)> = found.iter().map(|(_, l, c, _)| (*l, *c)).collect();
        assert_eq!(places, [(1, 11), (1, 27), (1, 51)]);
    }

    #[test]
    fn a_value_ends_at_a_line_break_a_reader_sees() {
        let Ok(found) = header(
            "Status: PROCESS\\\nOwner: Architect  \nLast updated: 2026-01-28<br>See the canon.\n",
        ) else {
            panic!("reads")
        };
        assert_eq!(values(&found), SEED_VALUES);
    }

    #[test]
    fn a_soft_break_does_not_end_a_value() {
        let Ok(found) =
            header("Status: PROCESS\nfor now\nOwner: Architect\nLast updated: 2026-01-28\n")
        else {
            panic!("reads")
        };
        assert_eq!(
            values(&found),
            ["PROCESS for now", "Architect", "2026-01-28"]
        );
    }

    #[test]
    fn a_label_inside_a_sentence_is_not_a_header_line() {
        let problems = header("The status: PROCESS\nOwner: Architect\nLast updated: 2026-01-28\n");
        // "The status:" starts no line and follows no label; `Owner:` starts a line.
        assert!(
            matches!(&problems, Err(p) if p.iter().any(|p| p.contains("no `Status:` header line"))),
            "{problems:?}"
        );
        let Ok(found) = header(
            "Status: PROCESS Owner: Architect Last updated: 2026-01-28\n\nThe owner: someone.\n",
        ) else {
            panic!("reads")
        };
        assert_eq!(values(&found), SEED_VALUES);
    }

    #[test]
    fn two_labels_for_one_field_are_two_candidates() {
        let problems =
            header("Status: PROCESS Status: DRAFT\nOwner: Architect\nLast updated: 2026-01-28\n");
        assert!(
            matches!(&problems, Err(p) if p.iter().any(|p| p.contains("two `Status:` header lines"))),
            "{problems:?}"
        );
    }

    #[test]
    fn the_header_in_front_matter() {
        for written in [
            "---\nStatus: PROCESS\nOwner: Architect\nLast updated: 2026-01-28\n---\n",
            "---\nstatus: \"PROCESS\"\nowner: 'Architect' # the role\nlast_updated: 2026-01-28\n---\n",
            "---\ntitle: x\nstatus: PROCESS\ntags:\n  - status: other\nowner: Architect\nlast-updated: 2026-01-28\n---\n",
        ] {
            match header(written) {
                Ok(found) => assert_eq!(values(&found), SEED_VALUES, "{written:?}"),
                Err(problems) => panic!("{written:?}: {problems:?}"),
            }
        }
        let Ok(found) =
            header("---\nStatus: PROCESS\nOwner:   Architect\nLast updated: 2026-01-28\n---\n")
        else {
            panic!("reads")
        };
        let places: Vec<(u32, u32)> = found.iter().map(|(_, l, c, _)| (*l, *c)).collect();
        assert_eq!(places, [(2, 9), (3, 10), (4, 15)]);
        // A quoted value is pointed at inside its quotes.
        let Ok(found) =
            header("---\nStatus: \"PROCESS\"\nOwner: 'Architect'\nLast updated: 2026-01-28\n---\n")
        else {
            panic!("reads")
        };
        let places: Vec<(u32, u32, u32)> = found.iter().map(|(_, l, c, n)| (*l, *c, *n)).collect();
        assert_eq!(places, [(2, 10, 7), (3, 9, 9), (4, 15, 10)]);
    }

    #[test]
    fn the_header_as_a_two_column_table() {
        for written in [
            "| Field | Value |\n| --- | --- |\n| Status | PROCESS |\n| Owner: | Architect |\n| **Last updated** | 2026-01-28 |\n",
            "| Status | PROCESS |\n| --- | --- |\n| Owner | Architect |\n| Last updated | 2026-01-28 |\n",
        ] {
            match header(written) {
                Ok(found) => assert_eq!(values(&found), SEED_VALUES, "{written:?}"),
                Err(problems) => panic!("{written:?}: {problems:?}"),
            }
        }
        // A table of three columns is not the header.
        let problems = header(
            "| Status | PROCESS | x |\n| --- | --- | --- |\n| Owner | Architect | x |\n| Last updated | 2026-01-28 | x |\n",
        );
        assert!(problems.is_err(), "{problems:?}");
        let problems = header(
            "| Field | Value |\n| --- | --- |\n| Status | |\n| Owner | Architect |\n| Last updated | 2026-01-28 |\n",
        );
        assert!(
            matches!(&problems, Err(p) if p.iter().any(|p| p.contains("`Status:` has no value"))),
            "{problems:?}"
        );
    }

    #[test]
    fn labels_by_their_words() {
        assert_eq!(field_of("Status"), Some(0));
        assert_eq!(field_of("OWNER"), Some(1));
        assert_eq!(field_of("last_updated"), Some(2));
        assert_eq!(field_of("Last-Updated"), Some(2));
        assert_eq!(field_of("Last  updated"), Some(2));
        assert_eq!(field_of("Updated"), None);
        assert_eq!(field_of("Status in PROD"), None);
    }

    #[test]
    fn the_title_splits_at_a_spaced_dash_or_a_colon() {
        for (title, profile) in [
            ("Runtime Profile — PROD (Webinars MVP v1++)", Some("PROD")),
            ("Runtime Profile - PROD (Webinars MVP v1++)", Some("PROD")),
            ("Runtime Profile: PROD (Webinars MVP v1++)", Some("PROD")),
            ("Runtime-Profile-PROD (Webinars MVP v1++)", None),
            ("Runtime Profile -PROD (Webinars MVP v1++)", None),
            ("Runtime Profile— PROD (Webinars MVP v1++)", None),
            ("Runtime Profile x PROD (Webinars MVP v1++)", None),
        ] {
            let text = SEED.replacen(
                "# Runtime Profile — PROD (Webinars MVP v1++)",
                &format!("# {title}"),
                1,
            );
            let read = read(&text).ok().map(|doc| doc.profile.value);
            assert_eq!(read.as_deref(), profile, "{title}");
        }
    }
}
