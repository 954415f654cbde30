//! The Dev-only and Analytics-only sections.

use super::*;

/// The two mark sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    DevOnly,
    AnalyticsOnly,
}

impl Mark {
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::DevOnly => "Dev-only",
            Self::AnalyticsOnly => "Analytics-only",
        }
    }

    pub(super) const fn word(self) -> &'static str {
        match self {
            Self::DevOnly => "dev",
            Self::AnalyticsOnly => "analytics",
        }
    }
}

/// The mark a heading or a wholly strong paragraph names: its words are "dev only" or
/// "analytics only", alone or with "modules" (any case, hyphen or not), optionally followed
/// by a parenthesis or a translation after a dash, slash, colon or bar. "Dev-only policy" is
/// not the section; a heading naming both marks groups their sections.
pub(super) fn mark_of(heading: &str) -> Option<Mark> {
    let text = normalise(heading);
    let text = without_section_number(&text);
    // A parenthesis or a translation may follow the label: `Analytics-only (только
    // аналитика)`, `Dev-only — только разработка`.
    let cut = [" (", "(", " — ", " – ", " / ", ": ", " | "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min()
        .unwrap_or(text.len());
    let (label, rest) = text.split_at(cut);
    let label_words = words(label);
    let label_words: Vec<&str> = label_words
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "modules" | "модули" | "section"))
        .collect();
    let names_mark = |text: &str, mark: Mark| {
        words(text).windows(2).any(|pair| {
            pair.first().map(String::as_str) == Some(mark.word())
                && pair.get(1).map(String::as_str) == Some("only")
        })
    };
    [Mark::DevOnly, Mark::AnalyticsOnly]
        .into_iter()
        .find(|m| label_words == [m.word(), "only"])
        // `Dev-only / Analytics-only` names both: it groups the sections and is neither.
        .filter(|_| {
            ![Mark::DevOnly, Mark::AnalyticsOnly]
                .iter()
                .any(|m| names_mark(rest, *m))
        })
}

/// A heading without its section number: `3. Analytics-only`, `3) Dev-only`, `4.2 Dev-only`
/// → the label.
pub(super) fn without_section_number(text: &str) -> &str {
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'));
    match digits {
        Some(end) if text.starts_with(|c: char| c.is_ascii_digit()) => {
            let rest = text.get(end..).unwrap_or_default();
            if rest.starts_with(char::is_whitespace) {
                rest.trim_start()
            } else {
                text
            }
        }
        _ => text,
    }
}

/// Whether a bullet says the section is empty ("Нет модулей dev-only в PROD профиле").
pub(super) fn says_none(text: &str) -> bool {
    let words = words(text);
    matches!(
        words.first().map(String::as_str),
        Some("нет" | "none" | "no" | "пусто" | "отсутствуют" | "n" | "empty")
    ) || text
        .trim()
        .chars()
        .all(|c| matches!(c, '-' | '—' | '–' | ' '))
}

/// Whether a bullet or paragraph is only the statement that the section is empty ("Нет
/// модулей dev-only в PROD профиле", "None", "N/A", "—"): a word of "none" first and no
/// word beyond what such a statement says, so that "…, кроме Webinar Chat" is not one.
pub(super) fn is_pure_none(text: &str) -> bool {
    const STATEMENT: [&str; 40] = [
        "нет",
        "none",
        "no",
        "пусто",
        "отсутствуют",
        "отсутствует",
        "empty",
        "n",
        "a",
        "nothing",
        "модулей",
        "модули",
        "модуля",
        "modules",
        "module",
        "такие",
        "таких",
        "такого",
        "such",
        "dev",
        "analytics",
        "only",
        "в",
        "во",
        "in",
        "the",
        "this",
        "этом",
        "данном",
        "prod",
        "профиле",
        "профиль",
        "профиля",
        "profile",
        "разделе",
        "section",
        "here",
        "здесь",
        "there",
        "are",
    ];
    let words = words(text);
    if words.is_empty() {
        return text
            .trim()
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | ' '));
    }
    says_none(text) && words.iter().all(|w| STATEMENT.contains(&w.as_str()))
}

/// The first module of the table whose name or id `text` mentions on word boundaries.
pub(super) fn mentioned_module<'m>(text: &str, modules: &'m [DocModule]) -> Option<&'m DocModule> {
    let lower = text.to_lowercase();
    modules.iter().find(|m| {
        contains_words(&lower, &normalise(&m.name).to_lowercase()) || contains_words(&lower, &m.id)
    })
}

/// The ids named by the bullets of `mark`'s section. A section that says it is empty
/// ("Нет модулей dev-only …") is empty; every other bullet must name a module of the table.
pub(super) fn marks(
    blocks: &Blocks,
    mark: Mark,
    modules: &[DocModule],
    problems: &mut Vec<Problem>,
) -> Option<Vec<Located<String>>> {
    // A footnote on the heading (`### Dev-only[^1]`) is no part of its label; one that
    // names a module is a way of naming it the reader cannot classify.
    let mut noted = None;
    let sections: Vec<(usize, u8, Span)> = blocks
        .labels()
        .filter(|(_, _, h)| mark_of(&h.text.without_notes().0) == Some(mark))
        .inspect(|(_, _, h)| {
            let notes = normalise(&h.text.without_notes().1);
            if let Some(module) = mentioned_module(&notes, modules) {
                noted.get_or_insert((blocks.block_span(&h.text), module.id.clone(), notes));
            }
        })
        .map(|(i, level, h)| (i, level, blocks.block_span(&h.text)))
        .collect();
    if let Some((span, id, notes)) = noted {
        problems.push(
            Problem::invalid(
                span,
                format!(
                    "the footnote `{}` on the {} heading names `{id}`, which the reader cannot classify",
                    &notes,
                    mark.name()
                ),
            )
            .help("list the section's modules as bullets, one per module, that start with the module's name as in the table (or its id)"),
        );
        return None;
    }
    let name = mark.name();
    let (index, level, heading) = match sections.as_slice() {
        [one] => *one,
        [] => {
            problems.push(
                Problem::whole(ProblemKind::Missing, format!("the document has no `{name}` section")).expected(name).help(format!(
                    "keep a heading `### {name}` with one bullet per module (or `- Нет модулей …` when there are none)"
                )),
            );
            return None;
        }
        [(_, _, first), (_, _, second), ..] => {
            problems.push(two_candidates(
                &format!("`{name}` sections"),
                *first,
                *second,
            ));
            return None;
        }
    };
    // A bullet names a module by its name, its id, or both as in the table.
    let mut spellings: HashMap<String, &DocModule> = HashMap::with_capacity(modules.len() * 3);
    for m in modules {
        let name = normalise(&m.name).to_lowercase();
        spellings.entry(format!("{name} ({})", m.id)).or_insert(m);
        spellings.entry(name).or_insert(m);
        spellings.entry(m.id.clone()).or_insert(m);
    }
    let mut ids: Vec<Located<String>> = Vec::new();
    let mut first_line: HashMap<&str, Span> = HashMap::new();
    let mut empty: Option<Span> = None;
    let mut bad = false;
    for block in blocks.section(index, level, |t| {
        mark_of(&t.text.without_notes().0).is_some()
    }) {
        let block = match block {
            Block::Text(block) => block,
            Block::Table(table) => {
                // A table is no way of naming the section's modules, but one that names a
                // module must not leave the section read as if it did not.
                let mut cells = table
                    .head
                    .iter()
                    .chain(table.rows.iter().flat_map(|(cells, _, _)| cells.iter()));
                let named = cells.find_map(|cell| {
                    mentioned_module(&normalise(&cell.text.plain), modules)
                        .map(|module| (cell, module))
                });
                if let Some((cell, module)) = named {
                    problems.push(
                        Problem::invalid(
                            blocks.positions.span(cell.start, 1),
                            format!(
                                "the {name} section has a table naming `{}`, which the reader cannot classify",
                                module.id
                            ),
                        )
                        .help("list the section's modules as bullets, one per module, that start with the module's name as in the table (or its id)"),
                    );
                    bad = true;
                }
                continue;
            }
        };
        let span = blocks.block_span(&block.text);
        let text = normalise(&block.text.plain);
        let top = match block.kind {
            // A sub-heading is no way of naming a module of the section either.
            Kind::Heading(_) => {
                if let Some(module) = mentioned_module(&text, modules) {
                    problems.push(
                        Problem::invalid(
                            span,
                            format!(
                                "the {name} section's heading `{}` names `{}`, which the reader cannot classify",
                                &text,
                                module.id
                            ),
                        )
                        .help("list the section's modules as bullets, one per module, that start with the module's name as in the table (or its id)"),
                    );
                    bad = true;
                }
                continue;
            }
            Kind::Item(1) => true,
            Kind::Item(_) | Kind::Paragraph => false,
        };
        // A footnote on a bullet explains it, as text after a dash does, so long as it
        // names no module: `Client Webinar Tracker v2[^1]` with `[^1]: фиксация входа.`
        // names the tracker; `[^1]: И Webinar Chat.` cannot be classified.
        let (own, notes) = block.text.without_notes();
        let named = if top {
            bullet(&text, &spellings).or_else(|| bullet(&normalise(&own), &spellings))
        } else {
            None
        };
        let noted = mentioned_module(&normalise(&notes), modules);
        if let (Some(module), Some(other)) = (named, noted) {
            problems.push(
                Problem::invalid(
                    span,
                    format!(
                        "the {name} section's bullet for `{}` has a footnote naming `{}`, which the reader cannot classify",
                        module.id, other.id
                    ),
                )
                .help("name each module in a bullet of its own, not in a footnote"),
            );
            bad = true;
            continue;
        }
        if let Some(module) = named {
            if let Some(first) = first_line.get(module.id.as_str()) {
                problems.push(
                    Problem::twice(
                        span,
                        format_args!("the {name} section names `{}` twice", module.id),
                        *first,
                    )
                    .help("keep one bullet per module"),
                );
                bad = true;
                continue;
            }
            first_line.insert(&module.id, span);
            ids.push(Located::new(module.id.clone(), span));
            continue;
        }
        if is_pure_none(&text) {
            empty.get_or_insert(span);
            continue;
        }
        // What is left is read only when it says nothing about the section: a paragraph or
        // a nested item that neither names a module nor says "none" explains the section.
        let mentioned = mentioned_module(&text, modules);
        let what = if top { "bullet" } else { "text" };
        let mut help = "write one bullet per module that starts with its name as in the table (or its id), optionally followed by ` — explanation`; or, when there are none, only `- Нет модулей …` / `- None`";
        let problem = match (says_none(&text), mentioned) {
            (true, Some(module)) => Problem::invalid(
                span,
                format!(
                    "the {name} section's {what} `{}` says there are none, but names `{}`",
                    &text, module.id
                ),
            ),
            (true, None) => Problem::invalid(
                span,
                format!(
                    "the {name} section's {what} `{}` says there are none, but says more, which the reader cannot tell apart from naming a module",
                    &text
                ),
            ),
            (false, Some(module)) => Problem::invalid(
                span,
                format!(
                    "the {name} section's {what} `{}` names `{}` in a way the reader cannot classify",
                    &text, module.id
                ),
            ),
            (false, None) if top => {
                help = "name the module as in the table (its name or its id), optionally followed by ` — explanation`";
                Problem::unknown(
                    span,
                    format!(
                        "the {name} section's bullet `{}` names no module of the table",
                        &text
                    ),
                )
                .found(&text)
            }
            (false, None) => continue,
        };
        problems.push(problem.help(help));
        bad = true;
    }
    if bad {
        return None;
    }
    match (ids.first(), empty) {
        (Some(first), Some(none)) => {
            problems.push(
                Problem::invalid(
                    none,
                    format!(
                        "the {name} section says it is empty, but names `{}` at line {}",
                        first.value, first.span.line
                    ),
                )
                .help("keep either the modules or the statement that there are none"),
            );
            None
        }
        (None, None) => {
            problems.push(
                Problem::invalid(heading, format!("the {name} section lists nothing")).help(
                    "list one module per bullet, or write `- Нет модулей …` when there are none",
                ),
            );
            None
        }
        _ => Some(ids),
    }
}

/// The module a bullet names: its whole text, or the text before an explanation (after a
/// dash or a colon, or in parentheses), without trailing punctuation.
pub(super) fn bullet<'m>(
    text: &str,
    spellings: &HashMap<String, &'m DocModule>,
) -> Option<&'m DocModule> {
    let lower = text.to_lowercase();
    let strip = |t: &str| {
        t.trim()
            .trim_end_matches(['.', ';', ',', '!'])
            .trim()
            .to_owned()
    };
    let mut tries = vec![strip(&lower)];
    for sep in [" — ", " – ", " - ", ": ", " ("] {
        if let Some((head, _)) = lower.split_once(sep) {
            tries.push(strip(head));
        }
    }
    if let Some(open) = lower.rfind(" (") {
        tries.push(strip(lower.get(..open).unwrap_or_default()));
    }
    tries
        .iter()
        .find_map(|t| spellings.get(t.as_str()).copied())
}
