//! The contour statements of the definition section.

use super::*;

/// The contour statements of the definition section.
pub(super) struct Statements {
    pub(super) live: Located<Switch>,
    pub(super) auto: Located<Switch>,
    /// The AUTO statement, lowercased and normalised: the modules it names are AUTO's.
    pub(super) auto_text: String,
}

impl Statements {
    pub(super) fn auto_names(&self, module: &DocModule) -> bool {
        let name = normalise(&module.name).to_lowercase();
        contains_words(&self.auto_text, &name) || contains_words(&self.auto_text, &module.id)
    }
}

/// The definition section: the heading that names the definition of the profile
/// ("Определение Runtime Profile: PROD", "Definition").
pub(super) fn is_definition(heading: &str) -> bool {
    words(heading)
        .iter()
        .any(|w| w.starts_with("определени") || w == "definition" || w == "definitions")
}

/// The LIVE and AUTO statements of the definition section, negation understood.
pub(super) fn contours(blocks: &Blocks, problems: &mut Vec<Problem>) -> Option<Statements> {
    let sections: Vec<(usize, u8, Span)> = blocks
        .headings()
        .filter(|(_, _, h)| is_definition(&h.text.plain))
        .map(|(i, level, h)| (i, level, blocks.block_span(&h.text)))
        .collect();
    let (index, level) = match sections.as_slice() {
        [(index, level, _)] => (*index, *level),
        [] => {
            problems.push(
                Problem::whole(ProblemKind::Missing, "the document has no definition section (a heading `Определение …` or `Definition …`)")
                    .help("keep the section that says PROD is the LIVE contour and whether AUTO is on"),
            );
            return None;
        }
        [(_, _, first), (_, _, second), ..] => {
            problems.push(two_candidates("definition sections", *first, *second));
            return None;
        }
    };
    let mut live: Vec<(Located<Switch>, String)> = Vec::new();
    let mut auto: Vec<(Located<Switch>, String)> = Vec::new();
    let mut unreadable = false;
    // Which contours had a statement that could not be read: no second error saying the
    // statement is missing.
    let mut unread = [false, false];
    for block in blocks.section(index, level, |_| false) {
        let Block::Text(block) = block else {
            continue;
        };
        if matches!(block.kind, Kind::Heading(_)) {
            continue;
        }
        let text = normalise(&block.text.plain);
        let span = blocks.block_span(&block.text);
        for clause in text.split([';', '\n']) {
            let outside = operators_spelled(&without_parentheses(clause));
            let said = words(&outside);
            let is_live = said.iter().any(|w| w == "live");
            let is_auto = said.iter().any(|w| w == "auto");
            let kind = match (is_live, is_auto) {
                (false, false) => continue,
                (true, true) => None,
                (true, false) => Some(true),
                (false, true) => Some(false),
            };
            let switch = kind.and_then(|live| polarity(&said, live));
            match (kind, switch) {
                (Some(true), Some(s)) => live.push((Located::new(s, span), text.to_lowercase())),
                (Some(false), Some(s)) => auto.push((Located::new(s, span), text.to_lowercase())),
                _ => {
                    match kind {
                        Some(true) => unread[0] = true,
                        Some(false) => unread[1] = true,
                        None => unread = [true, true],
                    }
                    problems.push(
                        Problem::invalid(
                            span,
                            format!(
                                "cannot tell whether this statement turns the {} contour on or off: `{}`",
                                match kind {
                                    Some(true) => "LIVE",
                                    Some(false) => "AUTO",
                                    None => "LIVE or AUTO",
                                },
                                clause.trim()
                            ),
                        )
                        .help("say it in one of the accepted forms: `PROD = LIVE-контур`, `AUTO-контур выключен` / `AUTO contour is disabled` (see docs/src/document.md, \"How the document is read\")"),
                    );
                    unreadable = true;
                }
            }
        }
    }
    let pick = |found: Vec<(Located<Switch>, String)>,
                name: &str,
                example: &str,
                unread: bool,
                problems: &mut Vec<Problem>| {
        match found.as_slice() {
            [] if unread => None,
            [] => {
                problems.push(
                    Problem::missing(
                        blocks.block_span(match blocks.list.get(index) {
                            Some(Block::Text(t)) => &t.text,
                            _ => return None,
                        }),
                        format!(
                            "the definition section does not say whether the {name} contour is on"
                        ),
                    )
                    .help(format!("keep the statement `{example}`")),
                );
                None
            }
            [(first, text), rest @ ..] => {
                if let Some((other, _)) = rest.iter().find(|(o, _)| o.value != first.value) {
                    problems.push(
                        Problem::invalid(
                            other.span,
                            format!(
                                "the {name} contour is {} here but {} at line {}",
                                other.value, first.value, first.span.line
                            ),
                        )
                        .help("keep one statement of the contour"),
                    );
                    return None;
                }
                Some((first.clone(), text.clone()))
            }
        }
    };
    let [live_unread, auto_unread] = unread;
    let live = pick(live, "LIVE", "PROD = LIVE-контур", live_unread, problems);
    let auto = pick(auto, "AUTO", "AUTO-контур выключен", auto_unread, problems);
    match (live, auto) {
        (Some((live, _)), Some((auto, auto_text))) if !unreadable => Some(Statements {
            live,
            auto,
            auto_text,
        }),
        _ => None,
    }
}

/// The clause without its parenthesised asides (`(… события не исполняются)`), whose words
/// describe consequences and must not flip the statement.
pub(super) fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Operators that negate what stands beside them: "is not", "is not in".
pub(super) const NEGATING_OPERATORS: [&str; 9] = ["≠", "!=", "=/=", "<>", "≢", "≄", "∉", "⊄", "⊈"];

/// The clause with its negating operators ([`NEGATING_OPERATORS`]) written as the word
/// `not`, which [`words`] would otherwise drop as punctuation: `PROD ≠ LIVE` must not read
/// as `PROD LIVE`.
pub(super) fn operators_spelled(text: &str) -> String {
    NEGATING_OPERATORS
        .iter()
        .fold(text.to_owned(), |t, op| t.replace(op, " not "))
}

/// Whether a statement's words switch its contour on or off; `None` when it says neither or
/// both. A negation ("не", "not", "no") before a word of switching on turns it off.
pub(super) fn polarity(words: &[String], live: bool) -> Option<Switch> {
    let off_word = |w: &str| {
        w.starts_with("выключ")
            || w.starts_with("отключ")
            || w.starts_with("неактив")
            || w.starts_with("деактив")
            || matches!(
                w,
                "disabled" | "off" | "inactive" | "unused" | "deactivated"
            )
    };
    let on_word = |w: &str| {
        w.starts_with("включ")
            || w.starts_with("актив")
            || w.starts_with("использу")
            || w.starts_with("исполня")
            || w.starts_with("работа")
            || matches!(
                w,
                "enabled" | "on" | "active" | "used" | "running" | "runs" | "executed"
            )
    };
    let negation = |w: &str| matches!(w, "не" | "not" | "no" | "нет" | "never" | "isn");
    let mut on = false;
    let mut off = false;
    for (i, w) in words.iter().enumerate() {
        let negated = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .is_some_and(|p| negation(p))
            || i.checked_sub(2)
                .and_then(|j| words.get(j))
                .is_some_and(|p| {
                    negation(p)
                        && words
                            .get(i - 1)
                            .is_some_and(|q| q == "t" || q == "is" || q == "be")
                });
        if off_word(w) {
            if negated {
                on = true;
            } else {
                off = true;
            }
        } else if on_word(w) {
            if negated {
                off = true;
            } else {
                on = true;
            }
        }
    }
    if live && !on && !off {
        // "PROD (Webinars) = LIVE-контур", "PROD — это LIVE-контур", "PROD is the LIVE
        // contour": a definition of PROD as LIVE, unless negated.
        let prod = words.iter().position(|w| w == "prod");
        let live_at = words.iter().position(|w| w == "live");
        // Any word that negates or sets PROD apart from LIVE ("вне LIVE", "unlike LIVE")
        // leaves the statement unread rather than read as its positive.
        let negated = words.iter().any(|w| {
            negation(w)
                || matches!(
                    w.as_str(),
                    "вне"
                        | "кроме"
                        | "без"
                        | "ни"
                        | "отличие"
                        | "отличается"
                        | "except"
                        | "outside"
                        | "unlike"
                        | "nor"
                        | "neither"
                        | "without"
                        | "differs"
                        | "different"
                        | "other"
                )
        });
        if let (Some(p), Some(l)) = (prod, live_at)
            && p < l
            && !negated
        {
            on = true;
        }
    }
    match (on, off) {
        (true, false) => Some(Switch::Enabled),
        (false, true) => Some(Switch::Disabled),
        _ => None,
    }
}
