//! The rules: one registry ([`RULES`]) from which the check, `rules`, `explain`, the
//! machine formats' rule metadata and the README's rule table all come.
//!
//! Adding a rule: a file under `src/rules/` with its `RULE` and `check`, a [`RuleId`]
//! variant, and a line in [`RuleId::rule`] and [`RULES`]; the registry tests make sure the
//! rest (documentation, examples) is filled in.

mod auto_contour_disabled;
mod disabled_inactive;
mod doc_sync;
mod event_flow;
mod live_contour_enabled;
mod marks_consistent;
mod no_dev_only;
mod profile_updated;
mod required_active;
mod unknown_module;
mod waiver_expired;
mod waiver_unused;

use std::cell::Cell;
use std::collections::HashMap;

use crate::finding::{Finding, Severity};
use crate::manifest::Manifest;
use crate::markdown::MarkdownProfile;
use crate::profile::{Date, Module, Profile, Status};
use crate::source::Span;
use crate::waiver::Waiver;

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
    /// `unknown-module`
    UnknownModule,
    /// `profile-updated`
    ProfileUpdated,
    /// `doc-sync`
    DocSync,
    /// `waiver-expired`
    WaiverExpired,
    /// `waiver-unused`
    WaiverUnused,
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
            Self::UnknownModule => &unknown_module::RULE,
            Self::ProfileUpdated => &profile_updated::RULE,
            Self::DocSync => &doc_sync::RULE,
            Self::WaiverExpired => &waiver_expired::RULE,
            Self::WaiverUnused => &waiver_unused::RULE,
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
    /// A `--runtime` manifest.
    Runtime,
    /// A `--baseline` profile.
    Baseline,
    /// A `--doc` Markdown profile.
    Doc,
    /// A `--waivers` file.
    Waivers,
}

impl Needs {
    /// For `rules` and the docs.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Profile => "always",
            Self::Activation => "activation known",
            Self::Runtime => "--runtime",
            Self::Baseline => "--baseline",
            Self::Doc => "--doc",
            Self::Waivers => "--waivers",
        }
    }

    /// Whether `cx` has what the rule needs.
    pub fn met(self, cx: &Context<'_>) -> bool {
        match self {
            Self::Profile | Self::Activation => true,
            Self::Runtime => cx.runtime.is_some(),
            Self::Baseline => cx.baseline.is_some(),
            Self::Doc => cx.doc.is_some(),
            Self::Waivers => cx.waivers.is_some(),
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
    /// Whether a waiver may accept its findings (the waiver rules' own may not).
    pub waivable: bool,
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
    &unknown_module::RULE,
    &profile_updated::RULE,
    &doc_sync::RULE,
    &waiver_expired::RULE,
    &waiver_unused::RULE,
];

/// Where a module's activation comes from (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The `--runtime` manifest lists it, at this entry.
    Manifest(Span),
    /// The `--runtime` manifest does not list it.
    NotInManifest,
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
    /// A module's activation: the manifest when there is one, else its `active:` field,
    /// else its status.
    pub fn of(module: &Module, runtime: Option<&Manifest>) -> Self {
        if let Some(manifest) = runtime {
            return match manifest.entry(&module.id.value) {
                Some(entry) => Self::Active(Origin::Manifest(entry.span)),
                None => Self::Inactive(Origin::NotInManifest),
            };
        }
        match (&module.active, module.status.value) {
            (Some(active), _) if active.value => Self::Active(Origin::Field(active.span)),
            (Some(active), _) => Self::Inactive(Origin::Field(active.span)),
            (None, Status::Required) => Self::Active(Origin::Status),
            (None, Status::Disabled) => Self::Inactive(Origin::Status),
            (None, Status::Optional) => Self::Unknown,
        }
    }

    /// For reports: `active`, `inactive` or `unknown`, and where that comes from.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Active(Origin::Manifest(_)) => "active (runtime)",
            Self::Inactive(Origin::NotInManifest) => "inactive (runtime)",
            Self::Active(Origin::Field(_)) => "active (field)",
            Self::Inactive(Origin::Field(_)) => "inactive (field)",
            Self::Active(_) => "active",
            Self::Inactive(_) => "inactive",
            Self::Unknown => "unknown",
        }
    }
}

/// What the rules look at: the profile, each module's activation, and the other inputs
/// of the check where they were given.
#[derive(Debug)]
pub struct Context<'a> {
    /// The profile under check.
    pub profile: &'a Profile,
    /// The `--runtime` manifest.
    pub runtime: Option<&'a Manifest>,
    /// The `--baseline` profile.
    pub baseline: Option<&'a Profile>,
    /// The `--waivers` file's waivers.
    pub waivers: Option<&'a [Waiver]>,
    /// The `--doc` Markdown profile.
    pub doc: Option<&'a MarkdownProfile>,
    /// The day waivers are judged against.
    pub today: Date,
    activation: Vec<Activation>,
    /// Which waivers accepted a finding; filled before the rules that judge waivers run.
    used: Vec<bool>,
    /// How many more unknown ids may get a "did you mean": each search compares with every
    /// module, so a file of thousands of unknown ids must not cost thousands of searches.
    suggestions_left: Cell<usize>,
}

/// Unknown ids of one check that get a "did you mean".
const MAX_ID_SUGGESTIONS: usize = 20;

impl<'a> Context<'a> {
    /// The context of `profile` alone, with activation from its own fields.
    pub fn new(profile: &'a Profile, today: Date) -> Self {
        Self::with_inputs(profile, None, None, None, today)
    }

    /// The context of `profile` with the other inputs of the check.
    pub fn with_inputs(
        profile: &'a Profile,
        runtime: Option<&'a Manifest>,
        baseline: Option<&'a Profile>,
        waivers: Option<&'a [Waiver]>,
        today: Date,
    ) -> Self {
        let activation = profile
            .modules
            .iter()
            .map(|m| Activation::of(m, runtime))
            .collect();
        Self {
            profile,
            runtime,
            baseline,
            waivers,
            doc: None,
            today,
            activation,
            used: Vec::new(),
            suggestions_left: Cell::new(MAX_ID_SUGGESTIONS),
        }
    }

    /// Adds the Markdown profile to hold the YAML against.
    #[must_use]
    pub fn with_doc(mut self, doc: Option<&'a MarkdownProfile>) -> Self {
        self.doc = doc;
        self
    }

    /// Each module with its activation, in file order.
    pub fn modules(&self) -> impl Iterator<Item = (&'a Module, Activation)> + '_ {
        self.profile
            .modules
            .iter()
            .zip(self.activation.iter().copied())
    }

    /// `; did you mean `id`?` for `word`, an id that is not a module of the profile, while
    /// the check's budget of such searches lasts; nothing after.
    pub fn did_you_mean_module(&self, word: &str) -> String {
        let left = self.suggestions_left.get();
        if left == 0 {
            return String::new();
        }
        self.suggestions_left.set(left - 1);
        let ids = self.profile.modules.iter().map(|m| m.id.value.as_str());
        crate::suggest::did_you_mean(word, ids)
    }

    /// Whether waiver `index` accepted a finding of this profile.
    pub fn waiver_used(&self, index: usize) -> bool {
        self.used.get(index).copied().unwrap_or(false)
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

/// Runs every rule whose needs are met, lets live waivers accept what they cover, and
/// returns the findings in file order. The waiver rules run last: they judge the waivers
/// themselves, and their findings cannot be waived.
pub fn run(context: &mut Context<'_>) -> Outcome {
    let mut findings = Vec::new();
    let mut ran = Vec::new();
    let (waivable, judging): (Vec<&Rule>, Vec<&Rule>) = RULES.iter().partition(|r| r.waivable);
    for rule in waivable {
        if rule.needs.met(context) {
            (rule.check)(context, &mut findings);
            ran.push(rule.id);
        }
    }
    if let Some(waivers) = context.waivers {
        context.used = vec![false; waivers.len()];
        // The first live waiver (in file order) for each rule and module, so that each
        // finding costs two look-ups, not a pass over every waiver.
        let mut first: HashMap<(RuleId, Option<&str>), usize> = HashMap::new();
        for (index, waiver) in waivers.iter().enumerate() {
            if waiver.is_live(context.today) {
                let module = waiver.module.as_ref().map(|m| m.value.as_str());
                first.entry((waiver.rule.value, module)).or_insert(index);
            }
        }
        for finding in &mut findings {
            let for_module = finding
                .module
                .as_deref()
                .and_then(|m| first.get(&(finding.rule, Some(m))));
            let for_rule = first.get(&(finding.rule, None));
            let live = for_module.into_iter().chain(for_rule).min().copied();
            if let Some(index) = live {
                finding.waived_by = Some(index);
                if let Some(used) = context.used.get_mut(index) {
                    *used = true;
                }
            }
        }
    }
    for rule in judging {
        if rule.needs.met(context) {
            (rule.check)(context, &mut findings);
            ran.push(rule.id);
        }
    }
    findings.sort_by_key(|f| (f.file, f.span, f.rule));
    ran.sort_unstable();
    Outcome { findings, ran }
}

/// What [`run`] found, and which rules ran.
#[derive(Debug)]
pub struct Outcome {
    /// Every finding, in file order.
    pub findings: Vec<Finding>,
    /// The rules whose needs were met, in registry order.
    pub ran: Vec<RuleId>,
}

/// How a module is named in messages: `` `id` ``.
pub fn named(module: &Module) -> String {
    format!("`{}`", module.id.value)
}

/// Profiles written in a test, checked by every rule.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Context, RuleId, run};
    use crate::finding::Severity;
    use crate::profile::Date;
    use crate::source::Source;

    /// LIVE on, AUTO off.
    pub const CONTOURS: &str = "{live: enabled, auto: disabled}";
    /// Empty `dev_only` and `analytics_only`.
    pub const NO_MARKS: &str = "dev_only: []\nanalytics_only: []\n";

    /// A profile with these `contours`, `modules` and marks, the rest as in
    /// `profiles/prod.yaml`; the modules start at line 10.
    pub fn profile(contours: &str, modules: &str, marks: &str) -> String {
        format!(
            "profile: PROD\nproduct: Webinars MVP v1++\ndocument:\n  status: PROCESS\n  \
             owner: Architect\n  last_updated: 2026-01-28\ncontours: {contours}\nmodules:\n\
             {modules}{marks}"
        )
    }

    /// The line and column of the `nth` (from 0) occurrence of `needle` in `text`.
    pub fn place(text: &str, needle: &str, nth: usize) -> (u32, u32) {
        let mut seen = 0;
        for (index, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices(needle) {
                if seen == nth {
                    let column = line.get(..at).map_or(0, |l| l.chars().count()) + 1;
                    let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                    return (as_u32(index + 1), as_u32(column));
                }
                seen += 1;
            }
        }
        panic!("`{needle}` #{nth} is not in the profile")
    }

    /// What the rules find in `text`: rule, severity, line, column.
    pub fn findings(text: &str) -> Vec<(RuleId, Severity, u32, u32)> {
        let source = Source::new("test.yaml", text);
        let profile = match crate::load::profile(&source) {
            Ok(profile) => profile,
            Err(e) => panic!("{e}\n{text}"),
        };
        let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
        let mut context = Context::new(&profile, today);
        run(&mut context)
            .findings
            .into_iter()
            .map(|f| (f.rule, f.severity, f.span.line, f.span.column))
            .collect()
    }
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
