//! Properties over generated profiles: a valid profile passes, a profile with one broken
//! rule fails with that rule, and no edit of the text makes the check panic.

use proptest::prelude::*;

use profile_check::profile::Date;
use profile_check::rules::RuleId;
use profile_check::source::Source;
use profile_check::{EXIT_FAIL, EXIT_INPUT, EXIT_PASS, Inputs, ProfileRun, check_source};

#[derive(Debug, Clone, Copy)]
struct Spec {
    role: &'static str,
    status: &'static str,
    emits: bool,
    /// Consume the event of this earlier module, if it emits and is required.
    consumes: Option<usize>,
}

/// One way to break exactly one rule.
#[derive(Debug, Clone, Copy)]
enum Break {
    LiveOff,
    AutoOn,
    DevOnlyListed,
    RequiredSwitchedOff,
    DisabledSwitchedOn,
    UnknownMark,
    ConsumerWithoutProducer,
}

impl Break {
    fn rule(self) -> RuleId {
        match self {
            Self::LiveOff => RuleId::LiveContourEnabled,
            Self::AutoOn => RuleId::AutoContourDisabled,
            Self::DevOnlyListed => RuleId::NoDevOnly,
            Self::RequiredSwitchedOff => RuleId::RequiredActive,
            Self::DisabledSwitchedOn => RuleId::DisabledInactive,
            Self::UnknownMark => RuleId::MarksConsistent,
            Self::ConsumerWithoutProducer => RuleId::EventFlow,
        }
    }
}

fn module_spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec!["core", "ui", "integration", "analytics"]),
        prop::sample::select(vec!["required", "optional", "disabled"]),
        any::<bool>(),
        prop::option::of(0usize..64),
    )
        .prop_map(|(role, status, emits, consumes)| Spec {
            role,
            status,
            emits,
            consumes,
        })
}

/// A profile that passes every rule, with `broken` applied where given. The first module
/// is always required and the second always disabled, so every break has a target.
fn render(specs: &[Spec], broken: Option<Break>) -> String {
    let mut specs = specs.to_vec();
    if let Some(first) = specs.first_mut() {
        first.status = "required";
    }
    if let Some(second) = specs.get_mut(1) {
        second.status = "disabled";
    }
    let mut out = String::from(
        "profile: PROD\nproduct: Webinars MVP v1++\ndocument:\n  status: PROCESS\n  \
         owner: Architect\n  last_updated: 2026-01-28\ncontours:\n",
    );
    let live = if matches!(broken, Some(Break::LiveOff)) {
        "disabled"
    } else {
        "enabled"
    };
    let auto = if matches!(broken, Some(Break::AutoOn)) {
        "enabled"
    } else {
        "disabled"
    };
    out.push_str(&format!("  live: {live}\n  auto: {auto}\nmodules:\n"));
    for (i, spec) in specs.iter().enumerate() {
        out.push_str(&format!(
            "  - id: module-{i}\n    name: Module {i}\n    role: {}\n    status: {}\n",
            spec.role, spec.status
        ));
        if spec.emits {
            out.push_str(&format!("    emits: [event_{i}]\n"));
        }
        let producer = spec.consumes.filter(|j| *j < i).filter(|j| {
            specs
                .get(*j)
                .is_some_and(|p| p.emits && p.status == "required")
        });
        let ghost = i == 0 && matches!(broken, Some(Break::ConsumerWithoutProducer));
        match (producer, ghost) {
            (_, true) => out.push_str("    consumes: [ghost_event]\n"),
            (Some(j), false) => out.push_str(&format!("    consumes: [event_{j}]\n")),
            (None, false) => {}
        }
        if i == 0 && matches!(broken, Some(Break::RequiredSwitchedOff)) {
            out.push_str("    active: false\n");
        }
        if i == 1 && matches!(broken, Some(Break::DisabledSwitchedOn)) {
            out.push_str("    active: true\n");
        }
    }
    let dev_only = if matches!(broken, Some(Break::DevOnlyListed)) {
        "[module-0]"
    } else {
        "[]"
    };
    let mut marks: Vec<String> = specs
        .iter()
        .enumerate()
        .filter(|(_, spec)| spec.role == "analytics" && spec.status != "disabled")
        .map(|(i, _)| format!("module-{i}"))
        .collect();
    if matches!(broken, Some(Break::UnknownMark)) {
        marks.push("no-such-module".to_owned());
    }
    out.push_str(&format!(
        "dev_only: {dev_only}\nanalytics_only: [{}]\n",
        marks.join(", ")
    ));
    out
}

fn check(text: String) -> ProfileRun {
    let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
    check_source(
        Source::new("generated.yaml".to_owned(), text),
        &Inputs::none(today),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_valid_profiles_pass(specs in prop::collection::vec(module_spec(), 2..40)) {
        let text = render(&specs, None);
        let run = check(text.clone());
        assert!(run.checked.is_some(), "{:?}\n{text}", run.diagnostics);
        let findings = run.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        prop_assert_eq!(findings, Vec::<String>::new(), "{}", text);
        prop_assert_eq!(run.code(false), EXIT_PASS);
    }

    #[test]
    fn one_broken_rule_fails_with_that_rule(
        specs in prop::collection::vec(module_spec(), 2..40),
        broken in prop::sample::select(vec![
            Break::LiveOff,
            Break::AutoOn,
            Break::DevOnlyListed,
            Break::RequiredSwitchedOff,
            Break::DisabledSwitchedOn,
            Break::UnknownMark,
            Break::ConsumerWithoutProducer,
        ]),
    ) {
        let text = render(&specs, Some(broken));
        let run = check(text.clone());
        prop_assert_eq!(run.code(false), EXIT_FAIL, "{}", text);
        assert!(run.checked.is_some(), "{:?}\n{text}", run.diagnostics);
        let rules: Vec<RuleId> = run.diagnostics.iter().filter_map(|d| d.rule).collect();
        prop_assert!(rules.contains(&broken.rule()), "{:?} not in {:?}\n{}", broken.rule(), rules, text);
    }

    #[test]
    fn edits_of_the_text_never_panic_and_never_pass_silently_broken(
        specs in prop::collection::vec(module_spec(), 2..12),
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in "[ -~\\n\\t]{0,12}",
    ) {
        let text = render(&specs, None);
        let start = at.index(text.len());
        let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + len).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        let edited = format!("{}{}{}", &text[..start], insert, &text[end..]);
        let run = check(edited);
        let code = run.code(false);
        prop_assert!([EXIT_PASS, EXIT_FAIL, EXIT_INPUT].contains(&code));
        if run.checked.is_some() {
            let errors = run.diagnostics.iter().any(|d| d.severity == profile_check::finding::Severity::Error);
            prop_assert_eq!(code == EXIT_PASS, !errors);
        }
    }
}
