//! `doc-sync`: the YAML says what the Architect's Markdown profile says.

use std::collections::HashSet;

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::load::doc::DocProfile;
use crate::profile::{Keyword, Located, Profile};
use crate::source::InputKind;
use crate::source::{Span, escape_controls};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::DocSync,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Doc),
    waivable: true,
    summary: "the YAML transcription agrees with the Markdown profile",
    why: "`profiles/prod.yaml` transcribes the Markdown profile the Architect edits. When the \
          document changes and the YAML does not, the gate approves a release against a stale \
          table; the document is the source of truth (\"Источники истины\").",
    fails: "A module is on one side only, or has a different name, role, status or contour; the \
            Dev-only or Analytics-only lists differ; the header (title, `Status:`, `Owner:`, \
            `Last updated:`) or the contours differ. Each disagreement is its own finding, \
            located in the YAML, with the document's line in the message.",
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
    let mut push = |span: Span, message: String, module: Option<&str>| {
        let mut finding = RULE.finding(
            span,
            message,
            "make the YAML say what the document says, or correct the document first".to_owned(),
        );
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
        if yaml.value != md.value {
            push(yaml.span, differs(field, &yaml.value, md), None);
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
            ),
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
                ),
                None,
            );
        }
    }
    modules(p, doc, &mut push);
    for (field, yaml, md, span) in [
        ("dev_only", &p.dev_only, &doc.dev_only, p.lists.dev_only),
        (
            "analytics_only",
            &p.analytics_only,
            &doc.analytics_only,
            p.lists.analytics_only,
        ),
    ] {
        marks(field, yaml, md, span, &mut push);
    }
}

fn modules(p: &Profile, doc: &DocProfile, push: &mut impl FnMut(Span, String, Option<&str>)) {
    for module in &p.modules {
        let id = module.id.value.as_str();
        let Some(row) = doc.module(id) else {
            push(
                module.id.span,
                format!(
                    "module `{id}` is not in the document's table (line {})",
                    doc.table.line
                ),
                Some(id),
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
            if here != there {
                push(
                    span,
                    format!(
                        "the {field} of `{id}` is `{}` here but `{}` in the document (line {})",
                        escape_controls(&here),
                        escape_controls(&there),
                        row.span.line
                    ),
                    Some(id),
                );
            }
        }
        if module.contour() != row.contour {
            let span = module.contour.as_ref().map_or(module.id.span, |c| c.span);
            push(
                span,
                format!(
                    "`{id}` is in the {} contour here but in the {} contour in the document (line {})",
                    module.contour(),
                    row.contour,
                    row.span.line
                ),
                Some(id),
            );
        }
    }
    for row in &doc.modules {
        if p.module(&row.id).is_none() {
            push(
                p.lists.modules,
                format!(
                    "the document lists `{}` ({}, {}) at line {}, but `modules` does not",
                    row.id, row.role, row.status, row.span.line
                ),
                Some(&row.id),
            );
        }
    }
}

fn marks(
    field: &str,
    yaml: &[Located<String>],
    md: &[Located<String>],
    span: Span,
    push: &mut impl FnMut(Span, String, Option<&str>),
) {
    let in_md: HashSet<&str> = md.iter().map(|m| m.value.as_str()).collect();
    let in_yaml: HashSet<&str> = yaml.iter().map(|y| y.value.as_str()).collect();
    for item in yaml {
        if !in_md.contains(item.value.as_str()) {
            push(
                item.span,
                format!(
                    "`{field}` lists `{}`, but the document's section does not",
                    escape_controls(&item.value)
                ),
                None,
            );
        }
    }
    for item in md {
        if !in_yaml.contains(item.value.as_str()) {
            push(
                span,
                format!(
                    "the document marks `{}` at line {}, but `{field}` does not list it",
                    item.value, item.span.line
                ),
                None,
            );
        }
    }
}

fn line_of<T>(md: &Located<T>, text: String) -> Located<String> {
    Located::new(text, md.span)
}

fn differs(field: &str, yaml: &str, md: &Located<String>) -> String {
    format!(
        "`{field}` is `{}` here but `{}` in the document (line {})",
        escape_controls(yaml),
        escape_controls(&md.value),
        md.span.line
    )
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{findings_with, inputs, place};
    use crate::source::InputKind;

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
