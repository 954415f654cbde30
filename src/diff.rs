//! What changed between two profiles: the `diff` command and the `profile-updated` rule.

use std::collections::HashSet;

use serde::Serialize;

use crate::profile::{Located, Module, Profile};
use crate::source::{Span, escape_controls};

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A module is new.
    ModuleAdded,
    /// A module is gone.
    ModuleRemoved,
    /// A module's status changed.
    Status,
    /// A module's role changed.
    Role,
    /// A module's name changed.
    Name,
    /// A contour was switched.
    Contour,
    /// A header field (`profile`, `product`, `document.*`) changed.
    Header,
    /// `dev_only` or `analytics_only` gained or lost an id.
    Mark,
}

impl ChangeKind {
    /// Whether the change enables, disables, adds or removes a module: what the source
    /// profile says needs the profile updated before release.
    pub fn changes_modules(self) -> bool {
        matches!(
            self,
            Self::ModuleAdded | Self::ModuleRemoved | Self::Status | Self::Role
        )
    }
}

/// One change from the old profile to the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// The module concerned, where there is one.
    pub module: Option<String>,
    /// The field that changed (`status`, `contours.live`, `analytics_only` …).
    pub field: String,
    /// The old value (`None` for something added).
    pub old: Option<String>,
    /// The new value (`None` for something removed).
    pub new: Option<String>,
    /// Where the new value stands in the new profile (`None` for something removed).
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Change {
    /// `webinar-chat: status disabled → optional`, for messages.
    pub fn describe(&self) -> String {
        let subject = self
            .module
            .as_deref()
            .map_or_else(String::new, |m| format!("`{m}`: "));
        match (&self.old, &self.new) {
            (None, Some(_)) if self.kind == ChangeKind::ModuleAdded => format!("{subject}added"),
            (Some(_), None) if self.kind == ChangeKind::ModuleRemoved => {
                format!("{subject}removed")
            }
            (None, Some(new)) => format!("{subject}`{}` gained `{new}`", self.field),
            (Some(old), None) => format!("{subject}`{}` lost `{old}`", self.field),
            (Some(old), Some(new)) => format!("{subject}{} {old} → {new}", self.field),
            (None, None) => format!("{subject}{}", self.field),
        }
    }
}

fn change(
    kind: ChangeKind,
    module: Option<&str>,
    field: &str,
    old: Option<String>,
    new: Option<String>,
    span: Option<Span>,
) -> Change {
    Change {
        kind,
        module: module.map(str::to_owned),
        field: field.to_owned(),
        old,
        new,
        span,
    }
}

/// Every change from `old` to `new`, in the new profile's order (removals last).
pub fn changes(old: &Profile, new: &Profile) -> Vec<Change> {
    let mut out = Vec::new();
    let header = [
        ("profile", &old.profile, &new.profile),
        ("product", &old.product, &new.product),
        (
            "document.status",
            &old.document.status,
            &new.document.status,
        ),
        ("document.owner", &old.document.owner, &new.document.owner),
    ];
    for (field, a, b) in header {
        if a.value != b.value {
            out.push(change(
                ChangeKind::Header,
                None,
                field,
                Some(escape_controls(&a.value)),
                Some(escape_controls(&b.value)),
                Some(b.span),
            ));
        }
    }
    let (a, b) = (&old.document.last_updated, &new.document.last_updated);
    if a.value != b.value {
        out.push(change(
            ChangeKind::Header,
            None,
            "document.last_updated",
            Some(a.value.to_string()),
            Some(b.value.to_string()),
            Some(b.span),
        ));
    }
    for (field, a, b) in [
        ("contours.live", &old.contours.live, &new.contours.live),
        ("contours.auto", &old.contours.auto, &new.contours.auto),
    ] {
        if a.value != b.value {
            out.push(change(
                ChangeKind::Contour,
                None,
                field,
                Some(a.value.to_string()),
                Some(b.value.to_string()),
                Some(b.span),
            ));
        }
    }
    for module in &new.modules {
        match old.module(&module.id.value) {
            None => out.push(change(
                ChangeKind::ModuleAdded,
                Some(&module.id.value),
                "module",
                None,
                Some(module.status.value.to_string()),
                Some(module.id.span),
            )),
            Some(before) => module_changes(&mut out, before, module),
        }
    }
    for module in &old.modules {
        if new.module(&module.id.value).is_none() {
            out.push(change(
                ChangeKind::ModuleRemoved,
                Some(&module.id.value),
                "module",
                Some(module.status.value.to_string()),
                None,
                None,
            ));
        }
    }
    mark_changes(&mut out, "dev_only", &old.dev_only, &new.dev_only);
    mark_changes(
        &mut out,
        "analytics_only",
        &old.analytics_only,
        &new.analytics_only,
    );
    out
}

fn module_changes(out: &mut Vec<Change>, before: &Module, after: &Module) {
    let id = Some(after.id.value.as_str());
    if before.status.value != after.status.value {
        out.push(change(
            ChangeKind::Status,
            id,
            "status",
            Some(before.status.value.to_string()),
            Some(after.status.value.to_string()),
            Some(after.status.span),
        ));
    }
    if before.role.value != after.role.value {
        out.push(change(
            ChangeKind::Role,
            id,
            "role",
            Some(before.role.value.to_string()),
            Some(after.role.value.to_string()),
            Some(after.role.span),
        ));
    }
    if before.name.value != after.name.value {
        out.push(change(
            ChangeKind::Name,
            id,
            "name",
            Some(escape_controls(&before.name.value)),
            Some(escape_controls(&after.name.value)),
            Some(after.name.span),
        ));
    }
}

fn mark_changes(
    out: &mut Vec<Change>,
    field: &str,
    old: &[Located<String>],
    new: &[Located<String>],
) {
    let in_old: HashSet<&str> = old.iter().map(|o| o.value.as_str()).collect();
    let in_new: HashSet<&str> = new.iter().map(|n| n.value.as_str()).collect();
    for item in new {
        if !in_old.contains(item.value.as_str()) {
            out.push(change(
                ChangeKind::Mark,
                None,
                field,
                None,
                Some(item.value.clone()),
                Some(item.span),
            ));
        }
    }
    for item in old {
        if !in_new.contains(item.value.as_str()) {
            out.push(change(
                ChangeKind::Mark,
                None,
                field,
                Some(item.value.clone()),
                None,
                None,
            ));
        }
    }
}
