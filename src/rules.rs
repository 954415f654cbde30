//! The rules: one registry ([`RULES`]) from which the check, `rules`, `explain`, the
//! machine formats' rule metadata and the README's rule table all come.
//!
//! Adding a rule: a file under `src/rules/` with its `RULE` and `check` (and unit tests),
//! and one line in the rule list (`src/rule_id.rs`); the registry tests make sure the rest
//! (documentation, a failing CLI case) is filled in.

use std::cell::Cell;
use std::collections::HashMap;

use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;
use crate::inputs::Inputs;
use crate::load::doc::DocProfile;
use crate::load::runtime::{Deployment, Manifest, Runtime, Workload};
use crate::load::waivers::Waiver;
use crate::profile::{Date, Module, Profile, Status};
use crate::source::Span;

pub use crate::rule_id::{Fix, RuleId};

/// The registry: each rule of the list in [`crate::rule_id`] gives its module, and the
/// registry entry its [`RuleId`] leads to; [`RULES`] holds them in the list's order.
macro_rules! registry {
    ($($module:ident => $variant:ident = $name:literal $([$mark:ident])*,)+) => {
        $(mod $module;)+

        impl RuleId {
            /// The rule's registry entry.
            pub fn rule(self) -> &'static Rule {
                match self {
                    $(Self::$variant => &$module::RULE,)+
                }
            }
        }

        /// Every rule, in the order they run and are listed.
        pub static RULES: &[&Rule] = &[$(&$module::RULE,)+];
    };
}

crate::rule_id::rule_list!(registry);

/// What a rule needs before it can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The profile alone: runs on every check.
    Profile,
    /// Known activations (`active:` fields, or a manifest); judges only modules whose
    /// activation is known, so it runs on every check.
    Activation,
    /// Another input of the check (`--runtime`, `--baseline`, `--doc`, `--waivers`).
    Input(InputKind),
}

impl Needs {
    /// For `rules` and the docs.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Profile => "always",
            Self::Activation => "activation known",
            Self::Input(kind) => kind.flag(),
        }
    }

    /// Whether `inputs` hold what the rule needs.
    pub fn met(self, inputs: &Inputs) -> bool {
        match self {
            Self::Profile | Self::Activation => true,
            Self::Input(kind) => inputs.has(kind),
        }
    }
}

/// Everything known about a rule.
#[derive(Debug)]
pub struct Rule {
    /// Its id (and so its name, [`RuleId::as_str`]).
    pub id: RuleId,
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

impl Rule {
    /// Its kebab-case name, stable across releases.
    pub fn name(&self) -> &'static str {
        self.id.as_str()
    }

    /// A finding of this rule at `span` in the profile, of the rule's severity.
    pub fn finding(&self, span: Span, message: String, help: String) -> Finding {
        Finding::new(self.id, self.severity, span, message, help)
    }
}

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
    /// A workload of the `--runtime` deployment (its index there): the first that runs,
    /// or when none does, the first that is held at zero.
    Workload(usize),
    /// The `--runtime` deployment has no workload of the module.
    NoWorkload,
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
    /// A module's activation: the `--runtime` input when there is one (a manifest, or a
    /// deployment whose workloads run or not), else its `active:` field, else its status.
    pub fn of(module: &Module, runtime: Option<&Runtime>) -> Self {
        match runtime {
            Some(Runtime::Manifest(manifest)) => Self::of_manifest(module, manifest),
            Some(Runtime::Deployment(deployment)) => Self::of_deployment(module, deployment),
            None => match (&module.active, module.status.value) {
                (Some(active), _) if active.value => Self::Active(Origin::Field(active.span)),
                (Some(active), _) => Self::Inactive(Origin::Field(active.span)),
                (None, Status::Required) => Self::Active(Origin::Status),
                (None, Status::Disabled) => Self::Inactive(Origin::Status),
                (None, Status::Optional) => Self::Unknown,
            },
        }
    }

    fn of_manifest(module: &Module, manifest: &Manifest) -> Self {
        match manifest.entry(&module.id.value) {
            Some(entry) => Self::Active(Origin::Manifest(entry.span)),
            None => Self::Inactive(Origin::NotInManifest),
        }
    }

    /// Active when any workload of the module surely runs ([`Workload::surely_runs`]). One
    /// that only may run leaves the module inactive here, so that it never satisfies
    /// `required-active`; `disabled-inactive` judges every workload that may run itself.
    fn of_deployment(module: &Module, deployment: &Deployment) -> Self {
        let (mut held, mut maybe) = (None, None);
        for (index, workload) in deployment.workloads_of(&module.id.value) {
            if workload.surely_runs() {
                return Self::Active(Origin::Workload(index));
            }
            if workload.running {
                maybe.get_or_insert(index);
            } else {
                held.get_or_insert(index);
            }
        }
        match held.or(maybe) {
            Some(index) => Self::Inactive(Origin::Workload(index)),
            None => Self::Inactive(Origin::NoWorkload),
        }
    }

    /// For reports: `active`, `inactive` or `unknown`, and where that comes from, e.g.
    /// `active (kubernetes: Deployment/chat-api, replicas 2)`.
    pub fn describe(self, runtime: Option<&Runtime>) -> String {
        let deployment = match runtime {
            Some(Runtime::Deployment(d)) => Some(d),
            _ => None,
        };
        let workload = |index: usize| {
            deployment
                .and_then(|d| Some(d.workloads.get(index)?.describe(d.platform)))
                .unwrap_or_default()
        };
        let platform = deployment.map_or("runtime", |d| d.platform.as_str());
        match self {
            Self::Active(Origin::Workload(i)) => format!("active ({})", workload(i)),
            Self::Inactive(Origin::Workload(i)) => format!("inactive ({})", workload(i)),
            Self::Inactive(Origin::NoWorkload) => format!("inactive ({platform}: no workload)"),
            Self::Active(Origin::Manifest(_)) => "active (runtime)".to_owned(),
            Self::Inactive(Origin::NotInManifest) => "inactive (runtime)".to_owned(),
            Self::Active(Origin::Field(_)) => "active (field)".to_owned(),
            Self::Inactive(Origin::Field(_)) => "inactive (field)".to_owned(),
            Self::Active(_) => "active".to_owned(),
            Self::Inactive(_) => "inactive".to_owned(),
            Self::Unknown => "unknown".to_owned(),
        }
    }
}

/// What the rules look at: the profile, each module's activation, and the other inputs
/// of the check.
#[derive(Debug)]
pub struct Context<'a> {
    /// The profile under check.
    pub profile: &'a Profile,
    /// The other inputs of the check, where they were given.
    pub inputs: &'a Inputs,
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
    /// The context of `profile` held against `inputs`.
    pub fn new(profile: &'a Profile, inputs: &'a Inputs) -> Self {
        let runtime = inputs.runtime();
        let activation = profile
            .modules
            .iter()
            .map(|m| Activation::of(m, runtime))
            .collect();
        Self {
            profile,
            inputs,
            activation,
            used: Vec::new(),
            suggestions_left: Cell::new(MAX_ID_SUGGESTIONS),
        }
    }

    /// What `--runtime` gave.
    pub fn runtime(&self) -> Option<&'a Runtime> {
        self.inputs.runtime()
    }

    /// The `--runtime` deployment, when `--runtime` named Kubernetes manifests or a
    /// Compose file.
    pub fn deployment(&self) -> Option<&'a Deployment> {
        match self.runtime()? {
            Runtime::Deployment(d) => Some(d),
            Runtime::Manifest(_) => None,
        }
    }

    /// The workload of index `index` of the `--runtime` deployment.
    pub fn workload(&self, index: usize) -> Option<&'a Workload> {
        self.deployment()?.workloads.get(index)
    }

    /// The `--baseline` profile.
    pub fn baseline(&self) -> Option<&'a Profile> {
        self.inputs.baseline()
    }

    /// The `--doc` Markdown profile.
    pub fn doc(&self) -> Option<&'a DocProfile> {
        self.inputs.doc()
    }

    /// The `--waivers` file's waivers (none without the file).
    pub fn waivers(&self) -> &'a [Waiver] {
        self.inputs.waivers().map_or(&[], Vec::as_slice)
    }

    /// The day waivers are judged against.
    pub fn today(&self) -> Date {
        self.inputs.today
    }

    /// Each module with its activation, in file order.
    pub fn modules(&self) -> impl Iterator<Item = (&'a Module, Activation)> + '_ {
        self.profile
            .modules
            .iter()
            .zip(self.activation.iter().copied())
    }

    /// Each module's activation, in file order.
    pub fn into_activation(self) -> Vec<Activation> {
        self.activation
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

    /// Whether waiver `index` accepted a finding of this profile (here, or against an
    /// earlier deployment of the same profile).
    pub fn waiver_used(&self, index: usize) -> bool {
        self.used.get(index).copied().unwrap_or(false)
            || self
                .inputs
                .waivers_across
                .used
                .get(index)
                .copied()
                .unwrap_or(false)
    }

    /// Which waivers (by index) accepted a finding here or against an earlier deployment.
    pub fn waivers_used(&self) -> Vec<bool> {
        (0..self.waivers().len())
            .map(|index| self.waiver_used(index))
            .collect()
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
    let (waivable, judging): (Vec<&Rule>, Vec<&Rule>) = RULES.iter().partition(|r| r.id.waivable());
    for rule in waivable {
        if rule.needs.met(context.inputs) {
            (rule.check)(context, &mut findings);
            ran.push(rule.id);
        }
    }
    let waivers = context.waivers();
    if !waivers.is_empty() {
        context.used = vec![false; waivers.len()];
        // The first live waiver (in file order) for each rule and module, so that each
        // finding costs two look-ups, not a pass over every waiver.
        let mut first: HashMap<(RuleId, Option<&str>), usize> = HashMap::new();
        for (index, waiver) in waivers.iter().enumerate() {
            if waiver.is_live(context.today()) {
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
        if rule.needs.met(context.inputs) {
            (rule.check)(context, &mut findings);
            ran.push(rule.id);
        }
    }
    // A stable sort takes a scratch buffer half the size of the findings (8 MB for
    // 100,000 of them); findings of one rule are most often in file order already.
    if !findings.is_sorted_by_key(|f| (f.file, f.file_index, f.span, f.rule)) {
        findings.sort_by_key(|f| (f.file, f.file_index, f.span, f.rule));
    }
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
    use crate::inputs::InputKind;
    use crate::inputs::Inputs;
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

    /// The day the tests' waivers are judged against.
    pub fn today() -> Date {
        Date::parse("2026-02-01").unwrap_or_else(|| unreachable!())
    }

    /// The inputs of a check: `(kind, text)` pairs read as those inputs would be, waivers
    /// judged on [`today`].
    pub fn inputs(files: &[(InputKind, &str)]) -> Inputs {
        let mut inputs = Inputs::none(today());
        for (kind, text) in files {
            let source = Source::new(
                format!("{}.input", kind.flag().trim_start_matches('-')),
                *text,
            );
            if let Err(e) = inputs.read(*kind, std::sync::Arc::new(source)) {
                panic!("{e}\n{text}");
            }
        }
        inputs
    }

    /// What the rules find in `text` alone: rule, severity, line, column.
    pub fn findings(text: &str) -> Vec<(RuleId, Severity, u32, u32)> {
        findings_with(text, &inputs(&[]))
    }

    /// What the rules find in `text` held against `inputs`: rule, severity, line, column
    /// (in whichever file the finding points into).
    pub fn findings_with(text: &str, inputs: &Inputs) -> Vec<(RuleId, Severity, u32, u32)> {
        located_findings(text, inputs)
            .into_iter()
            .map(|(rule, severity, _, line, column)| (rule, severity, line, column))
            .collect()
    }

    /// Like [`findings_with`], with the file each finding points into.
    pub fn located_findings(
        text: &str,
        inputs: &Inputs,
    ) -> Vec<(RuleId, Severity, InputKind, u32, u32)> {
        let source = Source::new("test.yaml", text);
        let profile = match crate::load::profile(&source) {
            Ok(profile) => profile,
            Err(e) => panic!("{e}\n{text}"),
        };
        let mut context = Context::new(&profile, inputs);
        run(&mut context)
            .findings
            .into_iter()
            .map(|f| (f.rule, f.severity, f.file, f.span.line, f.span.column))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_complete_and_consistent() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name()).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "rule names are unique");
        for rule in RULES {
            assert_eq!(rule.id.rule().id, rule.id, "{} maps to itself", rule.name());
            assert_eq!(RuleId::parse(rule.name()), Some(rule.id));
            assert!(
                rule.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is kebab-case",
                rule.name()
            );
            for (what, text) in [
                ("summary", rule.summary),
                ("why", rule.why),
                ("fails", rule.fails),
                ("bad", rule.bad),
                ("good", rule.good),
                ("fix", rule.fix),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {what}", rule.name());
            }
            assert!(
                !rule.summary.contains('\n'),
                "{}: the summary is one line",
                rule.name()
            );
        }
    }

    /// Each "did you mean" compares with every module: a check offers at most
    /// `MAX_ID_SUGGESTIONS` of them, and none after.
    #[test]
    fn suggestions_for_unknown_ids_stop_after_the_budget() {
        let text = test_support::profile(
            test_support::CONTOURS,
            "  - {id: webinar-chat, name: W, role: ui, status: required}\n",
            "dev_only: []\nanalytics_only: []\n",
        );
        let source = crate::source::Source::new("test.yaml", text.as_str());
        let Ok(profile) = crate::load::profile(&source) else {
            panic!("{text}")
        };
        let inputs = test_support::inputs(&[]);
        let context = Context::new(&profile, &inputs);
        let offered = (0..MAX_ID_SUGGESTIONS + 5)
            .filter(|_| !context.did_you_mean_module("webinar-chaat").is_empty())
            .count();
        assert_eq!(offered, MAX_ID_SUGGESTIONS);
    }

    /// A rule file left out of the list would compile to nothing and never run: every file
    /// under `src/rules/` must be a rule of the registry.
    #[test]
    fn every_rule_file_is_in_the_list() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        let mut files: Vec<String> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|name| name.strip_suffix(".rs").map(|n| n.replace('_', "-")))
                .collect(),
            Err(e) => panic!("{dir}: {e}"),
        };
        files.sort_unstable();
        let mut listed: Vec<String> = RULES.iter().map(|r| r.name().to_owned()).collect();
        listed.sort_unstable();
        assert_eq!(files, listed, "src/rules/*.rs and the rule list differ");
    }

    /// Every rule has a CLI case that shows it failing, named after it
    /// (`tests/cmd/rule-NAME-fail.toml` or another case whose name starts with the rule's).
    #[test]
    fn every_rule_has_a_failing_cli_case() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cmd");
        let cases: Vec<String> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| name.ends_with(".toml"))
                .collect(),
            Err(e) => panic!("{dir}: {e}"),
        };
        for rule in RULES {
            let name = rule.name();
            let failing = format!("rule-{name}-fail.toml");
            assert!(
                cases.contains(&failing),
                "tests/cmd/{failing} is missing: every rule needs a CLI case that fails it"
            );
            let text = std::fs::read_to_string(format!("{dir}/{failing}")).unwrap_or_default();
            assert!(
                text.contains("status.code = 1") || text.contains("status = { code = 1 }"),
                "tests/cmd/{failing} must exit 1"
            );
        }
    }
}
