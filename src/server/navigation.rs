//! Hover and go-to-definition: a module id (in the profile, the document, a manifest, a
//! waivers file) tells its status, role, notes, activation and its row in the document,
//! and leads to its entry in the profile; a rule id tells the rule's explanation.

use std::fmt::Write as _;

use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location,
    MarkupContent, MarkupKind, TextDocumentPositionParams,
};

use super::diagnostics::{doc_row, yaml_entry};
use super::documents::{self, Documents, Encoding};
use super::{Gate, Held};
use crate::profile::Keyword as _;
use crate::rules::RuleId;

/// The hover of the word under the cursor: a module's facts or a rule's explanation.
pub fn hover(
    gate: &Gate,
    documents: &Documents,
    encoding: Encoding,
    params: &HoverParams,
) -> Result<Option<Hover>, String> {
    let Some((word, range)) = word_at(documents, encoding, &params.text_document_position_params)?
    else {
        return Ok(None);
    };
    let text = module_hover(gate, &word, encoding).or_else(|| rule_hover(&word));
    Ok(text.map(|value| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    }))
}

/// The profile entry of the module id under the cursor.
pub fn definition(
    gate: &Gate,
    documents: &Documents,
    encoding: Encoding,
    params: &GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, String> {
    let Some((word, _)) = word_at(documents, encoding, &params.text_document_position_params)?
    else {
        return Ok(None);
    };
    let locations: Vec<Location> = gate
        .profiles
        .iter()
        .filter_map(|held| yaml_entry(&word, held, encoding))
        .filter_map(|(path, range)| Some(Location::new(documents.uri_for(&path)?, range)))
        .collect();
    Ok(match locations.len() {
        0 => None,
        1 => locations
            .into_iter()
            .next()
            .map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    })
}

/// The id-like word (letters, digits, `-`, `_`) under the cursor of an open document and
/// its range; an error for a position past the end of the document.
fn word_at(
    documents: &Documents,
    encoding: Encoding,
    at: &TextDocumentPositionParams,
) -> Result<Option<(String, lsp_types::Range)>, String> {
    let Some(document) = documents.get(&at.text_document.uri) else {
        return Ok(None);
    };
    let text = &*document.text;
    let Some(offset) = documents::offset(text, at.position, encoding) else {
        return Err(format!(
            "line {} is past the end of the document ({} lines)",
            at.position.line,
            crate::source::line_starts(text).count()
        ));
    };
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let before = text.get(..offset).unwrap_or_default();
    let after = text.get(offset..).unwrap_or_default();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset + after.find(|c| !is_word(c)).unwrap_or(after.len());
    let word = text.get(start..end).unwrap_or_default();
    if word.is_empty() {
        return Ok(None);
    }
    let range = lsp_types::Range::new(
        documents::position(text, start, encoding),
        documents::position(text, end, encoding),
    );
    Ok(Some((word.to_owned(), range)))
}

/// What the gate knows of module `id`, in Markdown, from the first profile that lists it.
fn module_hover(gate: &Gate, id: &str, encoding: Encoding) -> Option<String> {
    gate.profiles
        .iter()
        .find_map(|held| module_facts(held, id, encoding))
}

fn module_facts(held: &Held, id: &str, encoding: Encoding) -> Option<String> {
    let checked = held.run.checked.as_ref()?;
    let index = checked
        .profile
        .modules
        .iter()
        .position(|m| m.id.value == id)?;
    let module = checked.profile.modules.get(index)?;
    let code = code_span;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**{}** {}\n",
        markdown(&module.name.value),
        code(&module.id.value)
    );
    let _ = writeln!(
        out,
        "- status: {}\n- role: {}\n- contour: {}",
        code(module.status.value.as_str()),
        code(module.role.value.as_str()),
        code(module.contour().as_str())
    );
    if let Some(note) = checked.activation_notes.get(index) {
        let _ = writeln!(out, "- activation: {}", markdown(note));
    }
    if let Some(notes) = &module.notes {
        let _ = writeln!(out, "- notes: {}", markdown(&notes.value));
    }
    let profile = held
        .source
        .as_ref()
        .map_or(held.path.as_str(), |s| s.name.as_str());
    let _ = writeln!(out, "- profile: {}:{}", code(profile), module.id.span.line);
    if let (Some((path, range)), Some(inputs)) = (doc_row(id, held, encoding), held.inputs.as_ref())
        && let Some(row) = inputs.doc().and_then(|d| d.module(id))
    {
        let shown = inputs
            .source(crate::inputs::InputKind::Doc)
            .map_or_else(|| path.display().to_string(), |s| s.name.clone());
        let _ = writeln!(
            out,
            "- document: {}:{} — {}, {}, {}",
            code(&shown),
            range.start.line + 1,
            markdown(&row.name),
            code(row.status.as_str()),
            code(row.role.as_str())
        );
    }
    Some(out)
}

/// A rule's explanation from the registry, in Markdown.
fn rule_hover(word: &str) -> Option<String> {
    let id = RuleId::parse(word)?;
    let rule = id.rule();
    let mut out = format!(
        "**{}** ({}, runs: {})\n\n{}\n\n**Why.** {}\n\n**What fails.** {}\n\n**How to fix.** {}\n",
        rule.name(),
        rule.severity.as_str(),
        rule.needs.describe(),
        rule.summary,
        rule.why,
        rule.fails,
        rule.fix
    );
    if let Some(what) = crate::fix::describe(id) {
        let _ = write!(
            out,
            "\n**Safe fix** (code action, `check --fix`): {what}.\n"
        );
    }
    Some(out)
}

/// `text` from an input (a value, a path from the configuration) as a Markdown code span
/// that nothing in it can leave: controls and line breaks are shown as escapes
/// ([`crate::escape::escape_controls`]), and the span is fenced with more backticks than
/// the longest run inside it (with a space inside the fence where the text begins or ends
/// with one).
fn code_span(text: &str) -> String {
    let text = crate::escape::escape_controls(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` from an input, inert in Markdown: every character Markdown could read as
/// markup is escaped, and controls are shown as escapes.
fn markdown(text: &str) -> String {
    let text = crate::escape::escape_controls(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_inputs_is_inert() {
        assert_eq!(markdown("a*b_[c](d)"), "a\\*b\\_\\[c\\]\\(d\\)");
    }

    #[test]
    fn a_code_span_cannot_be_left() {
        assert_eq!(code_span("a-b"), "`a-b`");
        assert_eq!(
            code_span("x\n\n![pwn](http://e/p.png) <img>"),
            "`x\\n\\n![pwn](http://e/p.png) <img>`"
        );
        assert_eq!(code_span("a``b"), "```a``b```");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert!(!code_span("a\rb\u{2028}c").contains(['\r', '\u{2028}']));
    }

    #[test]
    fn a_rule_id_hovers_with_its_explanation() {
        let text = rule_hover("disabled-inactive").unwrap_or_default();
        assert!(text.starts_with("**disabled-inactive** (error"), "{text}");
        assert!(text.contains("Safe fix"), "{text}");
        assert!(rule_hover("no-such-rule").is_none());
    }
}
