//! What changed between two profiles: the `diff` command and the `profile-updated` rule.
//!
//! Every field that changes what runs in the environment is compared: a module's presence,
//! status, role, contour, activation (`active`) and events, the profile's contours and its
//! `dev_only`/`analytics_only` marks. Names, notes and the header are compared too, for
//! `diff`, but they describe the modules rather than switch them.

use std::collections::HashSet;

use serde::Serialize;

use crate::escape::escape_controls;
use crate::profile::{Located, Module, Profile};
use crate::source::Span;

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
    /// A contour was switched (`contours.*`), or a module moved to another contour.
    Contour,
    /// A module's `active` switch was set, changed or removed.
    Active,
    /// A module's `emits` or `consumes` gained or lost an event.
    Event,
    /// A module's notes changed.
    Notes,
    /// A header field (`profile`, `product`, `document.*`) changed.
    Header,
    /// `dev_only` or `analytics_only` gained or lost an id.
    Mark,
}

impl ChangeKind {
    /// Whether the change alters what runs (which modules, in which contour, switched on or
    /// not, passing which events): the source profile says such a change needs the profile
    /// updated before release. Names, notes and the header only describe.
    pub fn changes_what_runs(self) -> bool {
        !matches!(self, Self::Name | Self::Notes | Self::Header)
    }
}

/// One change from the old profile to the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// The module concerned, where there is one.
    pub module: Option<String>,
    /// The field that changed (`status`, `contours.live`, `emits`, `analytics_only` …).
    pub field: String,
    /// The old value (`None` for something added, or a field that was absent).
    pub old: Option<String>,
    /// The new value (`None` for something removed, or a field now absent).
    pub new: Option<String>,
    /// Where to point in the new profile: the new value, or for something gone from a
    /// module or a list that is still there, that module's `id` or that list (`None` only
    /// for a removed module).
    #[serde(skip)]
    pub span: Option<Span>,
    /// Where the old value stood in the old profile (`None` for something added).
    #[serde(skip)]
    pub old_span: Option<Span>,
}

/// Which of the two profiles a place is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The old profile (the baseline).
    Old,
    /// The new profile.
    New,
}

impl Change {
    /// `webinar-chat: status disabled → optional`, for messages.
    pub fn describe(&self) -> String {
        let subject = self
            .module
            .as_deref()
            .map_or_else(String::new, |m| format!("`{m}`: "));
        let field = &self.field;
        match (self.kind, &self.old, &self.new) {
            (ChangeKind::ModuleAdded, ..) => format!("{subject}added"),
            (ChangeKind::ModuleRemoved, ..) => format!("{subject}removed"),
            (ChangeKind::Mark | ChangeKind::Event, None, Some(new)) => {
                format!("{subject}`{field}` gained `{new}`")
            }
            (ChangeKind::Mark | ChangeKind::Event, Some(old), None) => {
                format!("{subject}`{field}` lost `{old}`")
            }
            (_, old, new) => {
                let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "absent".to_owned());
                format!("{subject}{field} {} → {}", shown(old), shown(new))
            }
        }
    }

    /// The place that shows the change best: the new value where there is one, else the
    /// old value, else the place in the new profile the change concerns.
    pub fn place(&self) -> Option<(Side, Span)> {
        match (self.new.is_some(), self.span, self.old_span) {
            (true, Some(span), _) => Some((Side::New, span)),
            (_, _, Some(span)) => Some((Side::Old, span)),
            (_, Some(span), None) => Some((Side::New, span)),
            (_, None, None) => None,
        }
    }
}

/// The values of one change, and where each stands.
struct Values {
    old: Option<String>,
    new: Option<String>,
    span: Option<Span>,
    old_span: Option<Span>,
}

fn change(kind: ChangeKind, module: Option<&str>, field: &str, values: Values) -> Change {
    Change {
        kind,
        module: module.map(str::to_owned),
        field: field.to_owned(),
        old: values.old,
        new: values.new,
        span: values.span,
        old_span: values.old_span,
    }
}

/// A changed value: `old` at `old_span` became `new` at `span`.
fn both(old: String, old_span: Span, new: String, span: Span) -> Values {
    Values {
        old: Some(old),
        new: Some(new),
        span: Some(span),
        old_span: Some(old_span),
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
            let values = both(
                escape_controls(&a.value),
                a.span,
                escape_controls(&b.value),
                b.span,
            );
            out.push(change(ChangeKind::Header, None, field, values));
        }
    }
    let (a, b) = (&old.document.last_updated, &new.document.last_updated);
    if a.value != b.value {
        let values = both(a.value.to_string(), a.span, b.value.to_string(), b.span);
        out.push(change(
            ChangeKind::Header,
            None,
            "document.last_updated",
            values,
        ));
    }
    for (field, a, b) in [
        ("contours.live", &old.contours.live, &new.contours.live),
        ("contours.auto", &old.contours.auto, &new.contours.auto),
    ] {
        if a.value != b.value {
            let values = both(a.value.to_string(), a.span, b.value.to_string(), b.span);
            out.push(change(ChangeKind::Contour, None, field, values));
        }
    }
    for module in &new.modules {
        match old.module(&module.id.value) {
            None => out.push(change(
                ChangeKind::ModuleAdded,
                Some(&module.id.value),
                "module",
                Values {
                    old: None,
                    new: Some(module.status.value.to_string()),
                    span: Some(module.id.span),
                    old_span: None,
                },
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
                Values {
                    old: Some(module.status.value.to_string()),
                    new: None,
                    span: None,
                    old_span: Some(module.id.span),
                },
            ));
        }
    }
    let lists = (&old.dev_only[..], &new.dev_only[..], new.lists.dev_only);
    set_changes(&mut out, ChangeKind::Mark, None, "dev_only", lists);
    let lists = (
        &old.analytics_only[..],
        &new.analytics_only[..],
        new.lists.analytics_only,
    );
    set_changes(&mut out, ChangeKind::Mark, None, "analytics_only", lists);
    out
}

fn module_changes(out: &mut Vec<Change>, before: &Module, after: &Module) {
    let id = Some(after.id.value.as_str());
    let at = after.id.span;
    let (b, a) = (&before.status, &after.status);
    if b.value != a.value {
        let values = both(b.value.to_string(), b.span, a.value.to_string(), a.span);
        out.push(change(ChangeKind::Status, id, "status", values));
    }
    let (b, a) = (&before.role, &after.role);
    if b.value != a.value {
        let values = both(b.value.to_string(), b.span, a.value.to_string(), a.span);
        out.push(change(ChangeKind::Role, id, "role", values));
    }
    let (b, a) = (&before.name, &after.name);
    if b.value != a.value {
        let values = both(
            escape_controls(&b.value),
            b.span,
            escape_controls(&a.value),
            a.span,
        );
        out.push(change(ChangeKind::Name, id, "name", values));
    }
    // A module without `contour:` runs in LIVE: only a change of the contour it runs in
    // counts, so spelling out `contour: live` is not a change.
    if before.contour() != after.contour() {
        let values = Values {
            old: Some(before.contour().to_string()),
            new: Some(after.contour().to_string()),
            span: Some(after.contour.as_ref().map_or(at, |c| c.span)),
            old_span: before.contour.as_ref().map(|c| c.span),
        };
        out.push(change(ChangeKind::Contour, id, "contour", values));
    }
    // `active` absent and `active: false` are not the same for an optional module (unknown
    // against off), so the field itself is compared.
    let (b, a) = (&before.active, &after.active);
    if b.as_ref().map(|v| v.value) != a.as_ref().map(|v| v.value) {
        let values = Values {
            old: b.as_ref().map(|v| v.value.to_string()),
            new: a.as_ref().map(|v| v.value.to_string()),
            span: Some(a.as_ref().map_or(at, |v| v.span)),
            old_span: b.as_ref().map(|v| v.span),
        };
        out.push(change(ChangeKind::Active, id, "active", values));
    }
    let lists = (&before.emits[..], &after.emits[..], at);
    set_changes(out, ChangeKind::Event, id, "emits", lists);
    let lists = (&before.consumes[..], &after.consumes[..], at);
    set_changes(out, ChangeKind::Event, id, "consumes", lists);
    let (b, a) = (&before.notes, &after.notes);
    if b.as_ref().map(|v| &v.value) != a.as_ref().map(|v| &v.value) {
        let values = Values {
            old: b.as_ref().map(|v| escape_controls(&v.value)),
            new: a.as_ref().map(|v| escape_controls(&v.value)),
            span: Some(a.as_ref().map_or(at, |v| v.span)),
            old_span: b.as_ref().map(|v| v.span),
        };
        out.push(change(ChangeKind::Notes, id, "notes", values));
    }
}

/// The items a list gained (at their place) and lost (pointing at `owner`: the module or
/// the list they left), as changes of `kind`.
fn set_changes(
    out: &mut Vec<Change>,
    kind: ChangeKind,
    module: Option<&str>,
    field: &str,
    (old, new, owner): (&[Located<String>], &[Located<String>], Span),
) {
    let in_old: HashSet<&str> = old.iter().map(|o| o.value.as_str()).collect();
    let in_new: HashSet<&str> = new.iter().map(|n| n.value.as_str()).collect();
    for item in new {
        if !in_old.contains(item.value.as_str()) {
            let values = Values {
                old: None,
                new: Some(escape_controls(&item.value)),
                span: Some(item.span),
                old_span: None,
            };
            out.push(change(kind, module, field, values));
        }
    }
    for item in old {
        if !in_new.contains(item.value.as_str()) {
            let values = Values {
                old: Some(escape_controls(&item.value)),
                new: None,
                span: Some(owner),
                old_span: Some(item.span),
            };
            out.push(change(kind, module, field, values));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, profile};

    fn load(text: &str) -> Profile {
        match crate::load::profile(&crate::source::Source::new("t.yaml", text)) {
            Ok(profile) => profile,
            Err(e) => panic!("{e}\n{text}"),
        }
    }

    /// A change as `describe` says it, and its place: side, line, column.
    type Seen = (String, Option<(Side, u32, u32)>);

    /// The changes from a one-module profile to another.
    fn between(old: &str, new: &str) -> Vec<Seen> {
        let (old, new) = (
            load(&profile(CONTOURS, old, NO_MARKS)),
            load(&profile(CONTOURS, new, NO_MARKS)),
        );
        changes(&old, &new)
            .iter()
            .map(|c| {
                let place = c.place().map(|(side, s)| (side, s.line, s.column));
                (c.describe(), place)
            })
            .collect()
    }

    const CHAT: &str = "  - id: chat\n    name: Chat\n    role: ui\n";

    #[test]
    fn deleting_the_auto_contour_is_a_change_of_what_runs() {
        let old = format!("{CHAT}    status: disabled\n    contour: auto\n");
        let new = format!("{CHAT}    status: disabled\n");
        assert_eq!(
            between(&old, &new),
            [(
                "`chat`: contour auto → live".to_owned(),
                Some((Side::New, 9, 9))
            )]
        );
        let same = format!("{CHAT}    status: disabled\n    contour: live\n");
        assert_eq!(between(&new, &same), []);
    }

    #[test]
    fn switching_a_module_on_is_seen() {
        let old = format!("{CHAT}    status: optional\n");
        let new = format!("{CHAT}    status: optional\n    active: true\n");
        let found = between(&old, &new);
        assert_eq!(
            found,
            [(
                "`chat`: active absent → true".to_owned(),
                Some((Side::New, 13, 13))
            )]
        );
        let required = format!("{CHAT}    status: required\n");
        assert_eq!(
            between(&old, &required),
            [(
                "`chat`: status optional → required".to_owned(),
                Some((Side::New, 12, 13))
            )]
        );
        // Switching off is a change too: it points at the old value.
        assert_eq!(
            between(&new, &old),
            [(
                "`chat`: active true → absent".to_owned(),
                Some((Side::Old, 13, 13))
            )]
        );
    }

    #[test]
    fn events_gained_and_lost_each_count() {
        let old = format!("{CHAT}    status: required\n    emits: [a, b]\n    consumes: [c]\n");
        let new = format!("{CHAT}    status: required\n    emits: [b, d]\n");
        assert_eq!(
            between(&old, &new),
            [
                (
                    "`chat`: `emits` gained `d`".to_owned(),
                    Some((Side::New, 13, 16))
                ),
                (
                    "`chat`: `emits` lost `a`".to_owned(),
                    Some((Side::Old, 13, 13))
                ),
                (
                    "`chat`: `consumes` lost `c`".to_owned(),
                    Some((Side::Old, 14, 16))
                ),
            ]
        );
    }

    #[test]
    fn notes_are_reported_but_do_not_change_what_runs() {
        let old = format!("{CHAT}    status: required\n    notes: old\n");
        let new = format!("{CHAT}    status: required\n    notes: new\n");
        let (a, b) = (
            load(&profile(CONTOURS, &old, NO_MARKS)),
            load(&profile(CONTOURS, &new, NO_MARKS)),
        );
        let found = changes(&a, &b);
        assert_eq!(found.len(), 1);
        assert!(found.iter().all(|c| c.kind == ChangeKind::Notes));
        assert!(!ChangeKind::Notes.changes_what_runs());
        assert!(ChangeKind::Active.changes_what_runs());
        assert!(ChangeKind::Event.changes_what_runs());
        assert!(ChangeKind::Mark.changes_what_runs());
    }

    #[test]
    fn a_lost_mark_points_at_the_list() {
        let module = "  - {id: t, name: T, role: analytics, status: required}\n";
        let a = load(&profile(
            CONTOURS,
            module,
            "dev_only: []\nanalytics_only: [t]\n",
        ));
        let b = load(&profile(CONTOURS, module, NO_MARKS));
        let found = changes(&a, &b);
        assert_eq!(
            found.iter().map(Change::describe).collect::<Vec<_>>(),
            ["`analytics_only` lost `t`"]
        );
        assert_eq!(
            found.first().and_then(|c| c.span),
            Some(b.lists.analytics_only)
        );
    }
}
