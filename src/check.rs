//! The run model of `check`: each profile loaded and held against the inputs, the rules'
//! findings turned into the one [`Diagnostic`] stream, and the counts and verdict computed
//! once for every report.

use std::sync::Arc;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, DiagnosticKind, FINDINGS_PER_RULE};
use crate::error::InputError;
use crate::escape::{escape_controls, escape_path};
use crate::exit::{EXIT_FAIL, EXIT_INPUT, EXIT_PASS};
use crate::finding::Severity;
use crate::inputs::InputKind;
use crate::inputs::Inputs;
use crate::load;
use crate::load::waivers::Waiver;
use crate::profile::{Profile, Status};
use crate::rules::{self, Activation, Context, RuleId};
use crate::source::Source;

/// A profile that loaded, with its activations and the rules that ran on it.
#[derive(Debug)]
pub struct Checked {
    /// The profile.
    pub profile: Profile,
    /// Each module's activation, in module order.
    pub activation: Vec<Activation>,
    /// Each module's activation as reports word it, e.g. `active (kubernetes:
    /// Deployment/chat-api, replicas 2)`, in module order: with the names of the
    /// deployment material as read, which each report escapes where it shows the note.
    pub activation_notes: Vec<String>,
    /// The rules that ran (those whose inputs were given), in registry order.
    pub ran: Vec<RuleId>,
    /// Each module's findings, counted before the reports' cap on findings listed
    /// ([`FINDINGS_PER_RULE`]), for the text report's module table.
    pub module_counts: HashMap<String, ModuleCounts>,
}

/// The findings of one module: errors and warnings no waiver accepts, and waived ones.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ModuleCounts {
    /// Errors no waiver accepts.
    pub errors: usize,
    /// Warnings no waiver accepts.
    pub warnings: usize,
    /// Findings a live waiver accepts.
    pub waived: usize,
}

/// The counts of a verdict line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Modules in the profile.
    pub modules: usize,
    /// … of status `required`.
    pub required: usize,
    /// … of status `optional`.
    pub optional: usize,
    /// … of status `disabled`.
    pub disabled: usize,
    /// Error findings no waiver accepts.
    pub errors: usize,
    /// Warning findings no waiver accepts.
    pub warnings: usize,
    /// Findings a live waiver accepts.
    pub waived: usize,
}

impl Summary {
    /// `16 modules (11 required, 0 optional, 5 disabled), 0 errors, 0 warnings`, and the
    /// waived count when there are any.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} ({} required, {} optional, {} disabled), {}, {}",
            plural(self.modules, "module"),
            self.required,
            self.optional,
            self.disabled,
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        );
        if self.waived > 0 {
            text.push_str(&format!(", {} waived", self.waived));
        }
        text
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// What came of one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every rule ran and nothing fails the gate.
    Pass,
    /// Every rule ran and something fails the gate.
    Fail,
    /// An input could not be checked: the rules did not run.
    Error,
}

impl Verdict {
    /// `PASS`, `FAIL` or `ERROR`.
    pub fn word(self) -> &'static str {
        match self {
            Self::Pass => "PASS",
            Self::Fail => "FAIL",
            Self::Error => "ERROR",
        }
    }

    /// The exit code it stands for.
    pub fn code(self) -> u8 {
        match self {
            Self::Pass => EXIT_PASS,
            Self::Fail => EXIT_FAIL,
            Self::Error => EXIT_INPUT,
        }
    }
}

/// One profile of the run: what came of it.
#[derive(Debug)]
pub struct ProfileRun {
    /// The path as given (`<stdin>` for `-`).
    pub path: String,
    /// The check, when the profile and the inputs loaded.
    pub checked: Option<Checked>,
    /// Every finding (waived ones included) in file order, or every input problem.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts (all zero when the profile could not be checked).
    pub summary: Summary,
    /// The inputs the profile was to be held against besides itself (`--doc`,
    /// `--baseline`, … or its profile-check.toml entry) and their paths, whether or not
    /// they loaded: what every report says the verdict rests on. Set by the command that
    /// planned the check.
    pub held_against: Vec<(InputKind, String)>,
    /// What a `git:` baseline resolved to (`git:latest-tag → v1.2.0 (3f2a9c1)`), named by
    /// every report; `None` for a baseline file, or when the baseline was not read.
    pub baseline: Option<crate::load::git::Revision>,
    /// The commit checked out in the repository that holds the profile, or why there is
    /// none to name; `None` when it was not looked up (only the HTML report names it). Set
    /// by the command that planned the check.
    pub checkout: Option<Result<crate::load::git::Checkout, String>>,
    /// The deployment it was checked against, when its profile is held against several
    /// (each checked on its own): the reports name it beside the profile. Set by the
    /// command that planned the check.
    pub deployment: Option<String>,
    /// Which waivers (by index) accepted a finding, here or against an earlier deployment
    /// of the same profile: what the next deployment's check is told.
    pub waivers_used: Vec<bool>,
}

/// The inputs whose absence a verdict must own up to: without them the rules check the
/// profile against itself, not against the Architect's document or the last release.
pub const GATE_INPUTS: [InputKind; 2] = [InputKind::Doc, InputKind::Baseline];

impl ProfileRun {
    /// The path of input `kind` the profile was held against, if it was.
    pub fn held_against(&self, kind: InputKind) -> Option<&str> {
        self.held_against
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, path)| path.as_str())
    }

    /// Input `kind` as the reports show it, escaped: its path, or for a baseline from git
    /// what it resolved to (`git:latest-tag → v1.2.0 (3f2a9c1)`).
    pub fn shown_input(&self, kind: InputKind) -> Option<String> {
        let path = self.held_against(kind)?;
        Some(match (kind, &self.baseline) {
            (InputKind::Baseline, Some(revision)) => revision.to_string(),
            _ => escape_controls(path),
        })
    }

    /// `--doc profiles/RUNTIME_PROFILE_PROD.md · --baseline git:v1.2.0`, or `nothing but
    /// itself`: the inputs of the check, for the reports' headers.
    pub fn held_against_line(&self) -> String {
        if self.held_against.is_empty() {
            return "nothing but itself".to_owned();
        }
        self.held_against
            .iter()
            .map(|(kind, _)| {
                let shown = self.shown_input(*kind).unwrap_or_default();
                format!("{} {shown}", kind.flag())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// What a checked profile's verdict does not cover, when it was held against neither
    /// the document nor the baseline (or one of them): one sentence, for every format.
    pub fn unheld_note(&self) -> Option<String> {
        self.checked.as_ref()?;
        let missing: Vec<InputKind> = GATE_INPUTS
            .into_iter()
            .filter(|kind| self.held_against(*kind).is_none())
            .collect();
        let unjudged: Vec<&str> = missing
            .iter()
            .map(|kind| match kind {
                InputKind::Doc => "the YAML was not compared with the Architect's document",
                _ => "changes since the last release were not judged",
            })
            .collect();
        let flags: Vec<&str> = missing.iter().map(|kind| kind.flag()).collect();
        (!missing.is_empty()).then(|| {
            format!(
                "not held against {}: {}; profile-check.toml names these inputs, and \
                 `--require doc,baseline` makes them mandatory",
                flags.join(" or "),
                unjudged.join(", and ")
            )
        })
    }

    /// A profile that could not be checked because of `error` (in the profile or in an
    /// input), with the text of the file at fault when it could be read.
    pub fn unchecked(path: &str, error: &InputError, source: Option<&Arc<Source>>) -> Self {
        Self {
            path: display_path(path),
            checked: None,
            diagnostics: Diagnostic::of_input_error(error, source).collect(),
            summary: Summary::default(),
            held_against: Vec::new(),
            baseline: None,
            checkout: None,
            deployment: None,
            waivers_used: Vec::new(),
        }
    }

    /// Lets go of what only the text report needs once it is rendered: the profile's
    /// modules and lists, their activations, and the input texts the snippets quote. The
    /// header, the rules that ran, the summary and every diagnostic stay, which is all the
    /// other formats read. A run of many profiles sheds each one after its text report is
    /// written, so that its memory does not grow with the number of files; the text
    /// report of a shed profile would show no module table and no snippet.
    pub fn shed(&mut self) {
        for d in &mut self.diagnostics {
            d.source = None;
        }
        if let Some(checked) = &mut self.checked {
            let profile = &mut checked.profile;
            profile.modules = Vec::new();
            profile.dev_only = Vec::new();
            profile.analytics_only = Vec::new();
            profile.index = HashMap::new();
            checked.activation = Vec::new();
            checked.activation_notes = Vec::new();
            checked.module_counts = HashMap::new();
        }
    }

    /// PASS, FAIL or ERROR; under `strict` warnings fail too.
    pub fn verdict(&self, strict: bool) -> Verdict {
        if self.checked.is_none() {
            Verdict::Error
        } else if self.summary.errors > 0 || (strict && self.summary.warnings > 0) {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    }

    /// This profile's exit code: 2 unchecked, 1 failed, 0 passed.
    pub fn code(&self, strict: bool) -> u8 {
        self.verdict(strict).code()
    }

    /// The input problems that kept the profile from being checked.
    pub fn input_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.kind() == DiagnosticKind::InputProblem)
    }

    /// `cannot be checked, 3 input errors in FILE`, for the one-line reports of a profile
    /// that could not be checked (the file named when it is not the profile).
    pub fn unchecked_reason(&self) -> String {
        let mut problems = self.input_problems();
        let first = problems.next();
        // Problems past the cap of a file count with their number, not as one.
        let n = first.map_or(0, |d| d.counts) + problems.map(|d| d.counts).sum::<usize>();
        let place = match first {
            Some(d) if d.path != self.path => format!(" in {}", escape_controls(&d.path)),
            _ => String::new(),
        };
        format!("cannot be checked, {}{place}", plural(n, "input error"))
    }
}

/// A whole `check` run: every profile, and the option that judges them.
#[derive(Debug)]
pub struct CheckRun {
    /// Every profile named, in order, also those after one that could not be read.
    pub profiles: Vec<ProfileRun>,
    /// Warnings fail the gate.
    pub strict: bool,
}

impl CheckRun {
    /// The run of `profiles`. Under `strict` every warning that fails the gate is reported
    /// as an error, marked "(strict)" ([`Diagnostic::text`]), so that every format marks it as what
    /// stops the release (a `::error`, a SARIF `error`, a JUnit failure), and counted as
    /// one: the summary beside FAIL reads "1 error", not "0 errors, 1 warning".
    pub fn new(mut profiles: Vec<ProfileRun>, strict: bool) -> Self {
        if strict {
            for profile in &mut profiles {
                Self::strict(profile);
            }
        }
        Self { profiles, strict }
    }

    /// Judges `profile` under `strict` ([`Self::new`]): its warnings become errors.
    pub fn strict(profile: &mut ProfileRun) {
        for d in &mut profile.diagnostics {
            if d.kind() == DiagnosticKind::Finding && d.severity == Severity::Warning {
                d.severity = Severity::Error;
                d.strict = true;
            }
        }
        let summary = &mut profile.summary;
        summary.errors += std::mem::take(&mut summary.warnings);
        for counts in profile
            .checked
            .iter_mut()
            .flat_map(|c| c.module_counts.values_mut())
        {
            counts.errors += std::mem::take(&mut counts.warnings);
        }
    }

    /// The highest of the profiles' codes (2 for a run of no profile).
    pub fn code(&self) -> u8 {
        self.profiles
            .iter()
            .map(|p| p.code(self.strict))
            .max()
            .unwrap_or(EXIT_INPUT)
    }

    /// PASS when every profile passed; FAIL or ERROR after the worst of them.
    pub fn verdict(&self) -> Verdict {
        match self.code() {
            EXIT_PASS => Verdict::Pass,
            EXIT_FAIL => Verdict::Fail,
            _ => Verdict::Error,
        }
    }
}

/// The name a path is reported under (`<stdin>` for `-`), escaped like every value of the
/// input (a file name may hold a line break).
pub fn display_path(path: &str) -> String {
    if path == "-" {
        load::STDIN_NAME.to_owned()
    } else {
        escape_path(path)
    }
}

/// Loads `path` and runs every rule on it, against `inputs`.
pub fn check_path(path: &str, inputs: &Inputs) -> ProfileRun {
    match load::read(path) {
        Ok(source) => check_source(source, inputs),
        Err(error) => ProfileRun::unchecked(path, &error, None),
    }
}

/// An activation manifest of another environment than the profile's: what it switches on
/// says nothing of the profile's environment, so the profile cannot be checked against it.
/// The names compare in any case (`environment: prod` is the environment of `profile: PROD`).
fn other_environment(profile: &Profile, inputs: &Inputs) -> Option<InputError> {
    let Some(crate::load::runtime::Runtime::Manifest(manifest)) = inputs.runtime() else {
        return None;
    };
    let environment = &manifest.environment;
    if environment.value.to_lowercase() == profile.profile.value.to_lowercase() {
        return None;
    }
    let path = inputs
        .source(InputKind::Runtime)
        .map_or_else(|| "--runtime".to_owned(), |s| s.name.clone());
    let problem = crate::error::Problem::invalid(
        environment.span,
        format!(
            "the activation manifest is of the environment `{}`, but the profile is `{}`: what it switches on says nothing of that environment",
            environment.value, profile.profile.value
        ),
    )
    .help(format!(
        "give the manifest of the `{}` environment (`environment: {}`)",
        profile.profile.value,
        profile.profile.value.to_lowercase()
    ));
    Some(InputError::one(&path, problem))
}

/// Runs every rule on a profile already read, against `inputs`.
pub fn check_source(source: Source, inputs: &Inputs) -> ProfileRun {
    let source = Arc::new(source);
    let profile = match load::profile(&source) {
        Ok(profile) => profile,
        Err(error) => return ProfileRun::unchecked(&source.name, &error, Some(&source)),
    };
    if let Some(error) = other_environment(&profile, inputs) {
        return ProfileRun::unchecked(&source.name, &error, inputs.source(InputKind::Runtime));
    }
    let mut context = Context::new(&profile, inputs);
    let outcome = rules::run(&mut context);
    let waivers_used = context.waivers_used();
    let activation = context.into_activation();
    let activation_notes = activation
        .iter()
        .map(|a| a.describe(inputs.runtime()))
        .collect();
    let waivers = inputs.waivers().map_or(&[][..], Vec::as_slice);
    let mut summary = Summary {
        modules: profile.modules.len(),
        required: profile.count(Status::Required),
        optional: profile.count(Status::Optional),
        disabled: profile.count(Status::Disabled),
        ..Summary::default()
    };
    // Past FINDINGS_PER_RULE findings of a rule, the rest are counted in one diagnostic
    // at the first of them; the summary counts every finding.
    let mut seen: HashMap<RuleId, usize> = HashMap::new();
    let mut omitted: HashMap<RuleId, Omitted> = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut module_counts: HashMap<String, ModuleCounts> = HashMap::new();
    for finding in outcome.findings {
        let waiver = finding
            .waived_by
            .and_then(|index| waivers.get(index))
            .map(waived_note);
        let mut none = ModuleCounts::default();
        let counts = match &finding.module {
            Some(id) => module_counts.entry(id.clone()).or_default(),
            None => &mut none,
        };
        match (&waiver, finding.severity) {
            (Some(_), _) => {
                summary.waived += 1;
                counts.waived += 1;
            }
            (None, Severity::Error) => {
                summary.errors += 1;
                counts.errors += 1;
            }
            (None, Severity::Warning) => {
                summary.warnings += 1;
                counts.warnings += 1;
            }
        }
        let rule = finding.rule;
        let index = seen.entry(rule).or_default();
        *index += 1;
        let index = *index;
        if index > FINDINGS_PER_RULE + 1 {
            if let Some(o) = omitted.get_mut(&rule) {
                o.add(finding.severity, waiver.is_some());
            }
            continue;
        }
        let file = inputs
            .file(finding.file, finding.file_index)
            .unwrap_or(&source);
        let path = if finding.file == InputKind::Profile {
            source.name.clone()
        } else {
            file.name.clone()
        };
        let (severity, waived) = (finding.severity, waiver.is_some());
        let diagnostic = Diagnostic::of_finding(finding, &path, Some(file), waiver);
        if index <= FINDINGS_PER_RULE {
            diagnostics.push(diagnostic);
            continue;
        }
        // The first finding past the cap: its place is where the count points.
        let mut o = Omitted {
            at: diagnostics.len(),
            first: diagnostic,
            count: 0,
            severity: None,
            all_waived: true,
        };
        o.add(severity, waived);
        omitted.insert(rule, o);
    }
    // Each count goes where the rule's listed findings stop; inserted from the back so
    // that the earlier places stay right.
    let mut counts: Vec<Omitted> = omitted.into_values().collect();
    counts.sort_by_key(|o| std::cmp::Reverse(o.at));
    for o in counts {
        let at = o.at.min(diagnostics.len());
        diagnostics.insert(at, o.diagnostic());
    }
    ProfileRun {
        path: escape_path(&source.name),
        diagnostics,
        summary,
        held_against: Vec::new(),
        baseline: inputs.baseline_revision.clone(),
        checkout: None,
        deployment: None,
        waivers_used,
        checked: Some(Checked {
            profile,
            activation,
            activation_notes,
            ran: outcome.ran,
            module_counts,
        }),
    }
}

/// The findings of one rule past [`FINDINGS_PER_RULE`].
#[derive(Debug)]
struct Omitted {
    /// Where in the diagnostics their count goes: after the rule's last listed finding.
    at: usize,
    /// The first of them, whose place the count points at.
    first: Diagnostic,
    count: usize,
    /// The worst severity of those no waiver accepts.
    severity: Option<Severity>,
    all_waived: bool,
}

impl Omitted {
    fn add(&mut self, severity: Severity, waived: bool) {
        self.count += 1;
        self.all_waived &= waived;
        if !waived {
            self.severity = self.severity.max(Some(severity));
        }
    }

    /// The diagnostic that counts them.
    fn diagnostic(&self) -> Diagnostic {
        let severity = self.severity.unwrap_or(self.first.severity);
        Diagnostic::omitted_findings(&self.first, self.count, severity, self.all_waived)
    }
}

/// What to say of a waived finding: the waiver's expiry, owner and reason.
fn waived_note(waiver: &Waiver) -> String {
    format!(
        "waived until {} by {}: {}",
        waiver.expires.value, waiver.owner.value, waiver.reason.value
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_a_sentence() {
        let s = Summary {
            modules: 16,
            required: 11,
            disabled: 5,
            errors: 1,
            warnings: 2,
            ..Summary::default()
        };
        assert_eq!(
            s.describe(),
            "16 modules (11 required, 0 optional, 5 disabled), 1 error, 2 warnings"
        );
        let waived = Summary { waived: 3, ..s };
        assert!(waived.describe().ends_with(", 3 waived"));
    }
}
