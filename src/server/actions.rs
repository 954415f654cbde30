//! Code actions: the safe fixes of `check --fix` ([`crate::fix`]), planned on the editor's
//! text as byte-exact edits and handed to the editor as workspace edits — one action per
//! rule whose finding is under the cursor, and one that makes every safe fix of the file.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, NumberOrString,
    Range, TextEdit, Uri, WorkspaceEdit,
};

use super::Gate;
use super::diagnostics::{SOURCE, absolute};
use super::documents::{self, Documents, Encoding};
use crate::diagnostic::INPUT_ERROR;
use crate::escape::is_hidden;
use crate::fix::{self, Edit};
use crate::rules::RuleId;
use crate::source::Source;

/// The safe fixes for the profile open as `params.text_document`, for the findings in
/// `params.range`; a file that is no profile of the configuration has none.
pub fn code_actions(
    gate: &Gate,
    documents: &Documents,
    encoding: Encoding,
    params: &CodeActionParams,
) -> Result<Vec<CodeActionOrCommand>, String> {
    let uri = &params.text_document.uri;
    let Some(document) = documents.get(uri) else {
        return Ok(Vec::new());
    };
    let mut actions = suggestions(uri, &document.text, encoding, params);
    let Some(held) = gate
        .profiles
        .iter()
        .find(|h| crate::load::overlay::identity(&absolute(&h.path)) == document.identity)
    else {
        return Ok(actions);
    };
    let Some(inputs) = held.inputs.as_ref() else {
        return Ok(actions);
    };
    let source = Source::new(held.path.clone(), document.text.to_string());
    let Ok(plan) = fix::plan(&source, inputs) else {
        return Ok(actions);
    };
    if plan.edits.is_empty() {
        return Ok(actions);
    }
    let wanted = |kind: &CodeActionKind| wanted(params, kind);
    // One action per rule with a fixed finding on the lines asked about.
    let lines = params.range.start.line..=params.range.end.line;
    let mut rules: Vec<RuleId> = plan
        .fixed
        .iter()
        .filter(|note| lines.contains(&note.line.saturating_sub(1)))
        .map(|note| note.rule)
        .collect();
    rules.dedup();
    if wanted(&CodeActionKind::QUICKFIX) {
        for rule in rules {
            let Ok(one) = fix::plan_of(&source, inputs, Some(rule)) else {
                continue;
            };
            if one.edits.is_empty() {
                continue;
            }
            let what = fix::describe(rule).unwrap_or("makes the safe fix");
            let count = one.fixed.len();
            let title = if count == 1 {
                format!("profile-check: fix `{}` ({what})", rule.as_str())
            } else {
                format!(
                    "profile-check: fix {count} `{}` findings ({what})",
                    rule.as_str()
                )
            };
            let diagnostics: Vec<Diagnostic> = params
                .context
                .diagnostics
                .iter()
                .filter(|d| d.code == Some(NumberOrString::String(rule.as_str().to_owned())))
                .cloned()
                .collect();
            actions.push(action(
                title,
                CodeActionKind::QUICKFIX,
                uri,
                &source.text,
                &one.edits,
                encoding,
                diagnostics,
            ));
        }
    }
    if wanted(&CodeActionKind::SOURCE_FIX_ALL) {
        actions.push(action(
            format!(
                "profile-check: make every safe fix in this profile ({})",
                plan.fixed.len()
            ),
            CodeActionKind::SOURCE_FIX_ALL,
            uri,
            &source.text,
            &plan.edits,
            encoding,
            Vec::new(),
        ));
    }
    Ok(actions)
}

/// Whether the client asks for actions of `kind`: all, or those of a kind that is `kind` or
/// holds it (`source` holds `source.fixAll`).
fn wanted(params: &CodeActionParams, kind: &CodeActionKind) -> bool {
    params.context.only.as_ref().is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

/// "Did you mean" as a quick fix: for each of `params`' diagnostics that is an input problem
/// of this tool naming a name `found` and the known `suggestion` nearest to it, whose range
/// in the editor's text is exactly that name, the replacement of the one by the other. A
/// range that holds anything else (the text changed since, or the name was shown escaped)
/// gets no action.
fn suggestions(
    uri: &Uri,
    text: &str,
    encoding: Encoding,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    if !wanted(params, &CodeActionKind::QUICKFIX) {
        return Vec::new();
    }
    let mut actions = Vec::new();
    for diagnostic in &params.context.diagnostics {
        if diagnostic.source.as_deref() != Some(SOURCE)
            || diagnostic.code != Some(NumberOrString::String(INPUT_ERROR.to_owned()))
        {
            continue;
        }
        let field = |name: &str| {
            diagnostic
                .data
                .as_ref()
                .and_then(|data| data.get(name))
                .and_then(serde_json::Value::as_str)
        };
        let (Some(found), Some(suggestion)) = (field("found"), field("suggestion")) else {
            continue;
        };
        // A name is some text on one line: nothing else is replaced, nor put in a title.
        if found.is_empty() || found.chars().chain(suggestion.chars()).any(is_hidden) {
            continue;
        }
        let (Some(start), Some(end)) = (
            documents::offset(text, diagnostic.range.start, encoding),
            documents::offset(text, diagnostic.range.end, encoding),
        ) else {
            continue;
        };
        // The name itself, or quoted (`status: "requird"`), where only what is inside the
        // quotes is replaced.
        let (start, end) = match text.get(start..end) {
            Some(at) if at == found => (start, end),
            Some(at)
                if [('"', '"'), ('\'', '\'')].iter().any(|(open, close)| {
                    at.strip_prefix(*open).and_then(|a| a.strip_suffix(*close)) == Some(found)
                }) =>
            {
                (start.saturating_add(1), end.saturating_sub(1))
            }
            _ => continue,
        };
        let edit = Edit {
            start,
            end,
            text: suggestion.to_owned(),
        };
        actions.push(action(
            format!("profile-check: replace `{found}` with `{suggestion}`"),
            CodeActionKind::QUICKFIX,
            uri,
            text,
            &[edit],
            encoding,
            vec![diagnostic.clone()],
        ));
    }
    actions
}

/// One code action making `edits` in the document `uri` whose text is `text`.
// `WorkspaceEdit::changes` is keyed by `Uri`, whose parsed form caches in a `Cell`; the
// key is never changed once inserted.
#[allow(clippy::too_many_arguments, clippy::mutable_key_type)]
fn action(
    title: String,
    kind: CodeActionKind,
    uri: &Uri,
    text: &str,
    edits: &[Edit],
    encoding: Encoding,
    diagnostics: Vec<Diagnostic>,
) -> CodeActionOrCommand {
    let edits = edits
        .iter()
        .map(|edit| TextEdit {
            range: Range::new(
                documents::position(text, edit.start, encoding),
                documents::position(text, edit.end, encoding),
            ),
            new_text: edit.text.clone(),
        })
        .collect();
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(true),
        ..CodeAction::default()
    })
}
