//! Safe fixes (`check --fix`, `check --diff`): byte-exact edits of a profile's text,
//! planned from the located YAML tree, that keep comments, key order, quoting and line
//! endings.
//!
//! A fix is planned only for a finding whose remedy is certain and named by the rule:
//!
//! - `disabled-inactive`: a disabled module's own `active: true` is removed;
//! - `marks-consistent`: a disabled module is removed from `dev_only`/`analytics_only`;
//! - `profile-updated`: `document.last_updated` is set to the day of the check (`--today`).
//!
//! Nothing else is ever changed — no status, no role, no event. Every planned edit is
//! checked before it is offered: the edited text must read back as a profile equal to the
//! original in every value but the ones the fix names (`verify`); an edit that does not
//! is left out and said to be unfixed. Planning never panics, whatever the text.

mod diff;
mod doc;
mod model;
mod text;

use std::collections::BTreeSet;

pub use diff::unified;

use crate::error::InputError;
use crate::finding::Finding;
use crate::inputs::InputKind;
use crate::inputs::Inputs;
use crate::load::{self, tree};
use crate::profile::{Date, Profile};
use crate::rules::{self, Context, RuleId};
use crate::source::Source;
use text::Lines;

/// What `check --fix` does for the findings of `rule`, when it does anything.
pub fn describe(rule: RuleId) -> Option<&'static str> {
    match rule {
        RuleId::DisabledInactive => Some(
            "removes a disabled module's own `active: true` (the line, or the entry of a flow mapping)",
        ),
        RuleId::MarksConsistent => Some(
            "removes a disabled module from `dev_only` or `analytics_only` (block or flow list)",
        ),
        RuleId::ProfileUpdated => Some(
            "sets `document.last_updated` to the day of the check (`--today`; with `--doc`, the document's date), when that is later than the baseline's",
        ),
        RuleId::DocSync => Some(
            "brings a module's name, role and status, and the header's status, owner and date, to the document's values (the document is the source of truth)",
        ),
        _ => None,
    }
}

/// One byte-exact replacement in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// First byte replaced.
    pub start: usize,
    /// Byte after the last one replaced.
    pub end: usize,
    /// What replaces them.
    pub text: String,
}

/// A fix planned or refused, for the message of `--fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The rule whose finding it is.
    pub rule: RuleId,
    /// The line of the finding.
    pub line: u32,
    /// What the fix does, or why there is none.
    pub what: String,
}

/// The fixes of one profile text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The edits, in text order, none overlapping.
    pub edits: Vec<Edit>,
    /// What they fix.
    pub fixed: Vec<Note>,
    /// Fixable findings left as they are, and why.
    pub unfixed: Vec<Note>,
}

impl Plan {
    /// The text with every edit applied.
    pub fn apply(&self, text: &str) -> String {
        apply(text, &self.edits)
    }
}

/// The semantic change a fix makes, for [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// The module of this id loses its `active` field.
    DropActive(String),
    /// The mark list (`dev_only` or `analytics_only`) loses its item of this index.
    DropMark(&'static str, usize),
    /// `document.last_updated` becomes this date.
    SetDate(Date),
    /// A value compared with the document becomes the document's.
    SetField(doc::Field, String),
}

/// A change and the edits that make it.
#[derive(Debug, Clone)]
struct Candidate {
    change: Change,
    edits: Vec<Edit>,
    note: Note,
}

/// Plans the safe fixes of the profile in `source`, checked against `inputs`. A profile
/// that cannot be read is the same error `check` reports.
pub fn plan(source: &Source, inputs: &Inputs) -> Result<Plan, InputError> {
    plan_of(source, inputs, None)
}

/// Like [`plan`], for the findings of `only` (every rule's with `None`).
pub fn plan_of(source: &Source, inputs: &Inputs, only: Option<RuleId>) -> Result<Plan, InputError> {
    let profile = load::profile(source)?;
    let root = tree::parse(&source.text, &load::profile::READING)
        .map_err(|p| InputError::one(&source.name, p))?;
    let mut context = Context::new(&profile, inputs);
    let mut findings = rules::run(&mut context).findings;
    findings.retain(|f| only.is_none_or(|rule| f.rule == rule));
    Ok(plan_findings(
        &source.text,
        &root,
        &profile,
        inputs,
        &findings,
    ))
}

/// Plans the fixes of `findings` (those of the profile `text` reads as).
fn plan_findings(
    text: &str,
    root: &tree::Node,
    profile: &Profile,
    inputs: &Inputs,
    findings: &[Finding],
) -> Plan {
    let lines = Lines::new(text);
    let mut plan = Plan::default();
    let mut wanted: BTreeSet<(Change, RuleId, u32)> = BTreeSet::new();
    for finding in findings {
        if finding.is_waived() || finding.file != InputKind::Profile {
            continue;
        }
        if let Some(change) = change_for(finding, profile, inputs) {
            wanted.insert((change, finding.rule, finding.span.line));
        }
    }
    let mut seen: BTreeSet<Change> = BTreeSet::new();
    let mut candidates = Vec::new();
    let mut marks: Vec<(&'static str, usize, RuleId, u32)> = Vec::new();
    for (change, rule, line) in wanted {
        if !seen.insert(change.clone()) {
            continue;
        }
        match change {
            Change::DropMark(list, index) => marks.push((list, index, rule, line)),
            change => match edits_for(&lines, root, &change) {
                Ok((edits, what)) => candidates.push(Candidate {
                    note: Note {
                        rule,
                        // Where the edit is: a date changed for a change elsewhere is
                        // named at the date.
                        line: edits.first().map_or(line, |e| lines.line_number(e.start)),
                        what,
                    },
                    change,
                    edits,
                }),
                Err(why) => plan.unfixed.push(Note {
                    rule,
                    line,
                    what: why,
                }),
            },
        }
    }
    for list in ["dev_only", "analytics_only"] {
        let items: Vec<(usize, RuleId, u32)> = marks
            .iter()
            .filter(|m| m.0 == list)
            .map(|m| (m.1, m.2, m.3))
            .collect();
        if items.is_empty() {
            continue;
        }
        match text::drop_items(
            &lines,
            root,
            list,
            &items.iter().map(|i| i.0).collect::<Vec<_>>(),
        ) {
            Ok(edits) => {
                // The items of one list are removed together: their edits border each other.
                let Some((first, rule, line)) = items.first() else {
                    continue;
                };
                let what = format!(
                    "removed {} disabled module{} from `{list}`",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                );
                candidates.push(Candidate {
                    change: Change::DropMark(list, *first),
                    edits,
                    note: Note {
                        rule: *rule,
                        line: *line,
                        what,
                    },
                });
            }
            Err(why) => {
                for (_, rule, line) in items {
                    plan.unfixed.push(Note {
                        rule,
                        line,
                        what: why.clone(),
                    });
                }
            }
        }
    }
    settle(text, profile, candidates, &mut plan);
    plan
}

/// The changes a candidate makes: a mark list's candidate removes every item its edits
/// cover (the items of one list are removed together, their edits bordering each other).
fn changes_of(candidate: &Candidate, profile: &Profile, text: &str) -> Vec<Change> {
    match &candidate.change {
        Change::DropMark(list, _) => {
            let items = match *list {
                "dev_only" => &profile.dev_only,
                _ => &profile.analytics_only,
            };
            let lines = Lines::new(text);
            items
                .iter()
                .enumerate()
                .filter(|(_, item)| {
                    lines.range(item.span).is_some_and(|(start, end)| {
                        candidate
                            .edits
                            .iter()
                            .any(|e| e.start <= start && end <= e.end)
                    })
                })
                .map(|(i, _)| Change::DropMark(list, i))
                .collect()
        }
        other => vec![other.clone()],
    }
}

/// Keeps the candidates whose edits verify, alone and together.
fn settle(text: &str, profile: &Profile, candidates: Vec<Candidate>, plan: &mut Plan) {
    let mut kept: Vec<(Candidate, Vec<Change>)> = Vec::new();
    for candidate in candidates {
        let changes = changes_of(&candidate, profile, text);
        let overlaps = kept.iter().any(|(k, _)| {
            k.edits.iter().any(|a| {
                candidate
                    .edits
                    .iter()
                    .any(|b| a.start < b.end && b.start < a.end)
            })
        });
        let alone = apply(text, &candidate.edits);
        if overlaps || candidate.edits.is_empty() || !verify(profile, &alone, &changes) {
            plan.unfixed.push(Note {
                what: "left as it is: the edit could not be made without touching anything else"
                    .to_owned(),
                ..candidate.note
            });
            continue;
        }
        kept.push((candidate, changes));
    }
    let mut edits: Vec<Edit> = kept.iter().flat_map(|(c, _)| c.edits.clone()).collect();
    edits.sort_by_key(|e| e.start);
    let changes: Vec<Change> = kept.iter().flat_map(|(_, c)| c.clone()).collect();
    if !edits.is_empty() && !verify(profile, &apply(text, &edits), &changes) {
        for (candidate, _) in kept {
            plan.unfixed.push(Note {
                what: "left as it is: the fixes together could not be made exactly".to_owned(),
                ..candidate.note
            });
        }
        return;
    }
    plan.edits = edits;
    plan.fixed = kept.into_iter().map(|(c, _)| c.note).collect();
    plan.fixed.sort_by_key(|n| n.line);
    plan.unfixed.sort_by_key(|n| n.line);
}

/// The change that fixes `finding`, when it has a safe one.
fn change_for(finding: &Finding, profile: &Profile, inputs: &Inputs) -> Option<Change> {
    match finding.rule {
        RuleId::DisabledInactive => {
            let module = profile.module(finding.module.as_deref()?)?;
            let active = module.active.as_ref()?;
            (active.value
                && active.span == finding.span
                && module.status.value == crate::profile::Status::Disabled)
                .then(|| Change::DropActive(module.id.value.clone()))
        }
        RuleId::MarksConsistent => {
            for (list, items) in [
                ("dev_only", &profile.dev_only),
                ("analytics_only", &profile.analytics_only),
            ] {
                if let Some(index) = items.iter().position(|i| i.span == finding.span) {
                    let id = &items.get(index)?.value;
                    let disabled = profile
                        .module(id)
                        .is_some_and(|m| m.status.value == crate::profile::Status::Disabled);
                    return disabled.then_some(Change::DropMark(list, index));
                }
            }
            None
        }
        RuleId::ProfileUpdated => {
            let baseline = inputs.baseline()?;
            // The document is the source of truth for the date, where there is one.
            let date = inputs.doc().map_or(inputs.today, |d| d.last_updated.value);
            (date > baseline.document.last_updated.value
                && date != profile.document.last_updated.value)
                .then_some(Change::SetDate(date))
        }
        RuleId::DocSync => doc_change(finding, profile, inputs),
        _ => None,
    }
}

/// The change that brings the value `finding` (of `doc-sync`) points at to the document's.
fn doc_change(finding: &Finding, profile: &Profile, inputs: &Inputs) -> Option<Change> {
    let doc = inputs.doc()?;
    let header = &profile.document;
    if finding.span == header.last_updated.span {
        return (header.last_updated.value != doc.last_updated.value)
            .then_some(Change::SetDate(doc.last_updated.value));
    }
    for (key, here, there) in [
        ("status", &header.status, &doc.status),
        ("owner", &header.owner, &doc.owner),
    ] {
        if finding.span == here.span {
            return Some(Change::SetField(
                doc::Field::Header(key),
                there.value.clone(),
            ));
        }
    }
    let module = profile.module(finding.module.as_deref()?)?;
    let row = doc.module(&module.id.value)?;
    let id = module.id.value.clone();
    if finding.span == module.name.span {
        Some(Change::SetField(
            doc::Field::Module(id, "name"),
            row.name.clone(),
        ))
    } else if finding.span == module.role.span {
        Some(Change::SetField(
            doc::Field::Module(id, "role"),
            row.role.to_string(),
        ))
    } else if finding.span == module.status.span {
        Some(Change::SetField(
            doc::Field::Module(id, "status"),
            row.status.to_string(),
        ))
    } else {
        None
    }
}

/// The edits of one change (not a mark's: those are planned per list), and what they do.
fn edits_for(
    lines: &Lines<'_>,
    root: &tree::Node,
    change: &Change,
) -> Result<(Vec<Edit>, String), String> {
    match change {
        Change::DropActive(id) => {
            let edits = text::drop_active(lines, root, id)?;
            Ok((edits, format!("removed `active: true` of `{id}`")))
        }
        Change::SetDate(date) => {
            let edit = text::set_date(lines, root, *date)?;
            Ok((vec![edit], format!("set `document.last_updated` to {date}")))
        }
        Change::SetField(field, value) => {
            let edit = doc::set(lines, root, field, value)?;
            Ok((
                vec![edit],
                format!("set {} to the document's `{}`", field.describe(), value),
            ))
        }
        Change::DropMark(..) => Err("planned with its list".to_owned()),
    }
}

/// `text` with `edits` (in order, none overlapping) applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.start < at || edit.end < edit.start {
            continue;
        }
        out.push_str(text.get(at..edit.start).unwrap_or_default());
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Whether `fixed` reads as `original` with exactly `changes` made: every other value of
/// the profile (every module's every field, the header, the contours, the lists) equal.
fn verify(original: &Profile, fixed: &str, changes: &[Change]) -> bool {
    let Ok(after) = load::profile(&Source::new("fixed", fixed)) else {
        return false;
    };
    let mut expected = model::Model::of(original);
    let mut marks: Vec<(&'static str, usize)> = Vec::new();
    for change in changes {
        match change {
            Change::DropActive(id) => {
                let Some(module) = expected.modules.iter_mut().find(|m| m.id == *id) else {
                    return false;
                };
                module.active = None;
            }
            Change::DropMark(list, index) => marks.push((list, *index)),
            Change::SetDate(date) => expected.last_updated = *date,
            Change::SetField(field, value) => {
                if !expected.set(field, value) {
                    return false;
                }
            }
        }
    }
    // Highest index first, so that each removal leaves the others' indices valid.
    marks.sort_by_key(|m| std::cmp::Reverse(m.1));
    for (list, index) in marks {
        let items = match list {
            "dev_only" => &mut expected.dev_only,
            _ => &mut expected.analytics_only,
        };
        if index >= items.len() {
            return false;
        }
        items.remove(index);
    }
    expected == model::Model::of(&after)
}

#[cfg(test)]
mod tests;
