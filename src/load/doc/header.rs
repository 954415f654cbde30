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

/// The header fields `Status:`, `Owner:`, `Last updated:`, in the blocks before the first
/// section heading: plain, with a bold label, as list items or in a block quote.
pub(super) fn header(blocks: &Blocks, problems: &mut Vec<Problem>) -> [Option<Located<String>>; 3] {
    let mut found: [Vec<Located<String>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for (_, block) in blocks.texts() {
        match block.kind {
            Kind::Heading(level) if level >= 2 => break,
            Kind::Heading(_) => continue,
            Kind::Paragraph | Kind::Item(_) => {}
        }
        let plain = &block.text.plain;
        let mut offset = 0;
        for line in plain.split('\n') {
            let start = offset;
            offset += line.len() + 1;
            let Some((label, value)) = line.split_once(':') else {
                continue;
            };
            let label = normalise(label).to_lowercase();
            let Some(field) = HEADER_FIELDS.iter().position(|f| f.to_lowercase() == label) else {
                continue;
            };
            let value_start = start + label_len(line) + (value.len() - value.trim_start().len());
            let value = normalise(value);
            let span = blocks.span(&block.text, value_start..value_start + value.len());
            if let Some(slot) = found.get_mut(field) {
                slot.push(Located::new(value, span));
            }
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

/// The byte length of `line` up to and including its first colon.
pub(super) fn label_len(line: &str) -> usize {
    line.find(':').map_or(0, |i| i + 1)
}
