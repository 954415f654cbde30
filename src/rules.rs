//! The rules: one registry ([`RULES`]) from which the check, `rules`, `explain`, the
//! machine formats' rule metadata and the README's rule table all come.
//!
//! Adding a rule: a file under `src/rules/` with its `RULE` and `check`, a [`RuleId`]
//! variant, and a line in [`RuleId::rule`] and [`RULES`]; the registry tests make sure the
//! rest (documentation, examples) is filled in.

mod auto_contour_disabled;
mod disabled_inactive;
mod event_flow;
mod live_contour_enabled;
mod marks_consistent;
mod no_dev_only;
mod required_active;

use crate::finding::{Finding, Severity};
use crate::profile::{Module, Profile, Status};
use crate::source::Span;

/// The stable id of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// `live-contour-enabled`
    LiveContourEnabled,
    /// `auto-contour-disabled`
    AutoContourDisabled,
    /// `no-dev-only`
    NoDevOnly,
    /// `disabled-inactive`
    DisabledInactive,
    /// `required-active`
    RequiredActive,
    /// `marks-consistent`
    MarksConsistent,
    /// `event-flow`
    EventFlow,
}

impl RuleId {
    /// The rule's registry entry.
    pub fn rule(self) -> &'static Rule {
        match self {
            Self::LiveContourEnabled => &live_contour_enabled::RULE,
            Self::AutoContourDisabled => &auto_contour_disabled::RULE,
            Self::NoDevOnly => &no_dev_only::RULE,
            Self::DisabledInactive => &disabled_inactive::RULE,
            Self::RequiredActive => &required_active::RULE,
            Self::MarksConsistent => &marks_consistent::RULE,
            Self::EventFlow => &event_flow::RULE,
        }
    }

    /// The kebab-case id, e.g. `event-flow`.
    pub fn as_str(self) -> &'static str {
        self.rule().name
    }

    /// The rule called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        RULES.iter().find(|r| r.name == name).map(|r| r.id)
    }
}

/// What a rule needs before it can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The profile alone: runs on every check.
    Profile,
    /// Known activations (`active:` fields, or a manifest); judges only modules whose
    /// activation is known, so it runs on every check.
    Activation,
}

impl Needs {
    /// For `rules` and the docs.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Profile => "always",
            Self::Activation => "activation known",
        }
    }
}

/// Everything known about a rule.
#[derive(Debug)]
pub struct Rule {
    /// Its id.
    pub id: RuleId,
    /// Its kebab-case name, stable across releases.
    pub name: &'static str,
    /// The severity of its findings (some rules also warn: see `fails`).
    pub severity: Severity,
    /// When it runs.
    pub needs: Needs,
    /// One line for `rules`.
    pub summary: &'static str,
    /// Why the rule exists, in the source profile's words.
    pub why: &'static str,
    /// What makes it fail.
    pub fails: &'static str,
    /// A profile excerpt that fails.
    pub bad: &'static str,
    /// The same excerpt, fixed.
    pub good: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
    /// The check itself.
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

/// Every rule, in the order they run and are listed.
pub static RULES: &[&Rule] = &[
    &live_contour_enabled::RULE,
    &auto_contour_disabled::RULE,
    &no_dev_only::RULE,
    &disabled_inactive::RULE,
    &required_active::RULE,
    &marks_consistent::RULE,
    &event_flow::RULE,
];

/// Where a module's activation comes from (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The module's own `active:` field.
    Field(Span),
    /// Its status: `required` runs, `disabled` does not.
    Status,
}

/// Whether the environment switches a module on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// Known to be on.
    Active(Origin),
    /// Known to be off.
    Inactive(Origin),
    /// Not known: an `optional` module with nothing that says.
    Unknown,
}

impl Activation {
    /// A module's activation from what the profile says of it.
    pub fn of(module: &Module) -> Self {
        match (&module.active, module.status.value) {
            (Some(active), _) if active.value => Self::Active(Origin::Field(active.span)),
            (Some(active), _) => Self::Inactive(Origin::Field(active.span)),
            (None, Status::Required) => Self::Active(Origin::Status),
            (None, Status::Disabled) => Self::Inactive(Origin::Status),
            (None, Status::Optional) => Self::Unknown,
        }
    }

    /// For reports: `active`, `inactive`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active(_) => "active",
            Self::Inactive(_) => "inactive",
            Self::Unknown => "unknown",
        }
    }
}

/// What the rules look at: the profile and each module's activation.
#[derive(Debug)]
pub struct Context<'a> {
    /// The profile under check.
    pub profile: &'a Profile,
    activation: Vec<Activation>,
}

impl<'a> Context<'a> {
    /// The context of `profile`, with activation from its own fields.
    pub fn new(profile: &'a Profile) -> Self {
        let activation = profile.modules.iter().map(Activation::of).collect();
        Self {
            profile,
            activation,
        }
    }

    /// Each module with its activation, in file order.
    pub fn modules(&self) -> impl Iterator<Item = (&'a Module, Activation)> + '_ {
        self.profile
            .modules
            .iter()
            .zip(self.activation.iter().copied())
    }

    /// The module's activation, by position.
    pub fn activation(&self, index: usize) -> Activation {
        self.activation
            .get(index)
            .copied()
            .unwrap_or(Activation::Unknown)
    }
}

/// Known to be switched on.
pub fn is_active(activation: Activation) -> bool {
    matches!(activation, Activation::Active(_))
}

/// Active, or `optional` with unknown activation (SPEC §4).
pub fn may_run(activation: Activation) -> bool {
    !matches!(activation, Activation::Inactive(_))
}

/// Runs every rule whose needs are met, and returns the findings in file order.
pub fn run(context: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        (rule.check)(context, &mut findings);
    }
    findings.sort_by_key(|f| (f.span, f.rule));
    findings
}

/// How a module is named in messages: `` `id` ``.
pub fn named(module: &Module) -> String {
    format!("`{}`", module.id.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_complete_and_consistent() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "rule names are unique");
        for rule in RULES {
            assert_eq!(
                rule.id.rule().name,
                rule.name,
                "{} maps to itself",
                rule.name
            );
            assert_eq!(RuleId::parse(rule.name), Some(rule.id));
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is kebab-case",
                rule.name
            );
            for (what, text) in [
                ("summary", rule.summary),
                ("why", rule.why),
                ("fails", rule.fails),
                ("bad", rule.bad),
                ("good", rule.good),
                ("fix", rule.fix),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {what}", rule.name);
            }
            assert!(
                !rule.summary.contains('\n'),
                "{}: the summary is one line",
                rule.name
            );
        }
    }
}
