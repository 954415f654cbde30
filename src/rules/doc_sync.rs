//! `doc-sync`: the YAML says what the Architect's Markdown profile says.

use std::collections::HashSet;

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;
use crate::load::doc::{DocModule, DocProfile, invisible_difference, normalise};
use crate::profile::{Contour, Keyword, Located, Profile};
use crate::source::Span;
use crate::transcribe;

/// What to do about most disagreements.
const HELP: &str = "make the YAML say what the document says, or correct the document first";

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::DocSync,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Doc),
    summary: "the YAML transcription agrees with the Markdown profile",
    why: "The Architect keeps the PROD profile in Markdown: its purpose (\"Назначение\") is to \
          fix the PROD runtime profile before deployment, and its rule of use (\"Правило \
          применения\") requires the profile to be updated before a release switches on an \
          optional or disabled module. `profiles/prod.yaml` transcribes it for the gate; when \
          the document changes and the YAML does not, the gate approves a release against a \
          stale table. (The document's \"Источники истины\" lists the canon documents it draws \
          on, not these two files.)",
    fails: "A module is on one side only, or has a different name, role, status or contour; the \
            Dev-only or Analytics-only lists differ; the header (title, `Status:`, `Owner:`, \
            `Last updated:`) or the contours differ. Each disagreement is its own finding, \
            located in the YAML, with the document's path and line in the message \
            (`profiles/RUNTIME_PROFILE_PROD.md:29`).",
    bad: "# RUNTIME_PROFILE_PROD.md: | Webinar Chat (webinar-chat) | ui | optional | … |\n\
          - id: webinar-chat\n  status: disabled",
    good: "- id: webinar-chat\n  status: optional",
    fix: "Carry the document's change into the YAML (`profile-check import DOC.md` prints a \
          fresh transcription to compare with), or, if the YAML is right, correct the \
          document first.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(doc) = cx.doc() else {
        return;
    };
    let p = cx.profile;
    // The document's lines are named with its path (`profiles/RUNTIME_PROFILE_PROD.md:29`),
    // which a terminal or an editor opens at the line.
    let name = cx
        .inputs
        .source(InputKind::Doc)
        .map_or_else(|| "the document".to_owned(), |s| s.name.clone());
    let at = |line: u32| format!("{name}:{line}");
    let mut push = |span: Span, message: String, module: Option<&str>, help: Option<Advice>| {
        let (help, example) = help.unwrap_or_else(|| (HELP.to_owned(), Vec::new()));
        let mut finding = RULE.finding(span, message, help).example(example);
        if let Some(module) = module {
            finding = finding.module(module);
        }
        findings.push(finding);
    };
    for (field, yaml, md) in [
        ("profile", &p.profile, &doc.profile),
        ("product", &p.product, &doc.product),
        ("document.status", &p.document.status, &doc.status),
        ("document.owner", &p.document.owner, &doc.owner),
    ] {
        if normalise(&yaml.value) != normalise(&md.value) {
            push(yaml.span, differs(field, &yaml.value, md, &at), None, None);
        }
    }
    let (yaml, md) = (&p.document.last_updated, &doc.last_updated);
    if yaml.value != md.value {
        push(
            yaml.span,
            differs(
                "document.last_updated",
                &yaml.value.to_string(),
                &line_of(md, md.value.to_string()),
                &at,
            ),
            None,
            None,
        );
    }
    for (field, yaml, md) in [
        ("contours.live", &p.contours.live, &doc.live),
        ("contours.auto", &p.contours.auto, &doc.auto),
    ] {
        if yaml.value != md.value {
            push(
                yaml.span,
                differs(
                    field,
                    yaml.value.as_str(),
                    &line_of(md, md.value.to_string()),
                    &at,
                ),
                None,
                None,
            );
        }
    }
    modules(p, doc, &at, &mut push);
    for (field, yaml, md, span) in [
        ("dev_only", &p.dev_only, &doc.dev_only, p.lists.dev_only),
        (
            "analytics_only",
            &p.analytics_only,
            &doc.analytics_only,
            p.lists.analytics_only,
        ),
    ] {
        marks(field, yaml, md, span, &at, &mut push);
    }
}

type Push<'a> = dyn FnMut(Span, String, Option<&str>, Option<Advice>) + 'a;

/// `profiles/RUNTIME_PROFILE_PROD.md:29`: a line of the document, named with its path.
type At<'a> = dyn Fn(u32) -> String + 'a;

fn modules(p: &Profile, doc: &DocProfile, at: &At<'_>, push: &mut Push<'_>) {
    for module in &p.modules {
        let id = module.id.value.as_str();
        let Some(row) = doc.module(id) else {
            push(
                module.id.span,
                format!(
                    "module `{id}` is not in the document's table ({})",
                    at(doc.table.line)
                ),
                Some(id),
                None,
            );
            continue;
        };
        let fields = [
            (
                "name",
                module.name.value.clone(),
                row.name.clone(),
                module.name.span,
            ),
            (
                "role",
                module.role.value.to_string(),
                row.role.to_string(),
                module.role.span,
            ),
            (
                "status",
                module.status.value.to_string(),
                row.status.to_string(),
                module.status.span,
            ),
        ];
        for (field, here, there, span) in fields {
            if normalise(&here) != normalise(&there) {
                push(
                    span,
                    format!(
                        "the {field} of `{id}` is `{}` here but `{}` in the document ({}){}",
                        &here,
                        &there,
                        at(row.span.line),
                        alike(&here, &there)
                    ),
                    Some(id),
                    None,
                );
            }
        }
        if module.contour() != row.contour {
            let span = module.contour.as_ref().map_or(module.id.span, |c| c.span);
            push(
                span,
                format!(
                    "`{id}` is in the {} contour here but in the {} contour in the document ({})",
                    module.contour(),
                    row.contour,
                    at(row.span.line)
                ),
                Some(id),
                None,
            );
        }
    }
    let end = end_of_modules(p);
    for row in &doc.modules {
        if p.module(&row.id).is_none() {
            push(
                end,
                format!(
                    "the document lists `{}` ({}, {}) at {}, but `modules` does not",
                    row.id,
                    row.role,
                    row.status,
                    at(row.span.line)
                ),
                Some(&row.id),
                Some((
                    "add the module at the end of `modules`, as the document has it:".to_owned(),
                    stanza(row),
                )),
            );
        }
    }
}

/// Just after the last value of `modules`: where a missing module is to be added.
fn end_of_modules(p: &Profile) -> Span {
    let Some(last) = p.modules.last() else {
        return p.lists.modules;
    };
    let spans = [
        last.id.span,
        last.name.span,
        last.role.span,
        last.status.span,
    ]
    .into_iter()
    .chain(last.contour.as_ref().map(|c| c.span))
    .chain(last.active.as_ref().map(|a| a.span))
    .chain(last.notes.as_ref().map(|n| n.span))
    .chain(last.emits.iter().chain(&last.consumes).map(|e| e.span));
    let last_value = spans
        .max_by_key(|s| (s.line, s.column))
        .unwrap_or(last.id.span);
    Span::new(
        last_value.line,
        last_value.column.saturating_add(last_value.len),
        0,
    )
}

/// What to write instead: a line of help, and the lines laid out under it.
type Advice = (String, Vec<String>);

/// The YAML of a document row, as `import` writes it, line by line.
fn stanza(row: &DocModule) -> Vec<String> {
    let mut out = vec![
        format!("  - id: {}", transcribe::scalar(&row.id)),
        format!("    name: {}", transcribe::scalar(&row.name)),
        format!("    role: {}", row.role),
        format!("    status: {}", row.status),
    ];
    if row.contour == Contour::Auto {
        out.push("    contour: auto".to_owned());
    }
    if !row.notes.is_empty() {
        out.push(format!("    notes: {}", transcribe::scalar(&row.notes)));
    }
    out
}

/// Where two texts that look the same differ, for the message.
fn alike(here: &str, there: &str) -> String {
    invisible_difference(here, there)
        .map(|d| format!("; they look alike, but {d}"))
        .unwrap_or_default()
}

fn marks(
    field: &str,
    yaml: &[Located<String>],
    md: &[Located<String>],
    span: Span,
    at: &At<'_>,
    push: &mut Push<'_>,
) {
    let in_md: HashSet<&str> = md.iter().map(|m| m.value.as_str()).collect();
    let in_yaml: HashSet<&str> = yaml.iter().map(|y| y.value.as_str()).collect();
    for item in yaml {
        if !in_md.contains(item.value.as_str()) {
            push(
                item.span,
                format!(
                    "`{field}` lists `{}`, but the document's section does not",
                    &item.value
                ),
                None,
                None,
            );
        }
    }
    for item in md {
        if !in_yaml.contains(item.value.as_str()) {
            push(
                span,
                format!(
                    "the document marks `{}` at {}, but `{field}` does not list it",
                    item.value,
                    at(item.span.line)
                ),
                None,
                None,
            );
        }
    }
}

fn line_of<T>(md: &Located<T>, text: String) -> Located<String> {
    Located::new(text, md.span)
}

fn differs(field: &str, yaml: &str, md: &Located<String>, at: &At<'_>) -> String {
    format!(
        "`{field}` is `{}` here but `{}` in the document ({}){}",
        yaml,
        &md.value,
        at(md.span.line),
        alike(yaml, &md.value)
    )
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::inputs::InputKind;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{findings_with, inputs, place};

    const YAML: &str = include_str!("../../profiles/prod.yaml");
    const DOC: &str = include_str!("../../profiles/RUNTIME_PROFILE_PROD.md");

    #[test]
    fn the_shipped_transcription_passes() {
        assert_eq!(findings_with(YAML, &inputs(&[(InputKind::Doc, DOC)])), []);
    }

    #[test]
    fn a_status_the_document_does_not_say_fails_at_the_status() {
        let edited = YAML.replacen(
            "id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled",
            "id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: optional",
            1,
        );
        assert_ne!(edited, YAML, "the edit applies");
        let (line, column) = place(&edited, "status: optional", 0);
        let found = findings_with(&edited, &inputs(&[(InputKind::Doc, DOC)]));
        assert!(
            found.contains(&(DocSync, Error, line, column + "status: ".len() as u32)),
            "{found:?}"
        );
    }
}
