//! `disabled-inactive`: a disabled module is never switched on.

use super::{Activation, Context, Needs, Origin, Rule, RuleId, named};
use crate::finding::{Finding, Severity};
use crate::profile::Status;
use crate::source::InputKind;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::DisabledInactive,
    severity: Severity::Error,
    needs: Needs::Profile,
    waivable: true,
    summary: "a `disabled` module is never active",
    why: "The source profile: \"Disabled модули не должны быть активированы в prod-окружении\". \
          A disabled module that runs anyway is behaviour nobody signed off for the release.",
    fails: "A module with `status: disabled` is active: its `active: true`, or its id in the \
            `--runtime` manifest's `active` list.",
    bad: "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled\n    \
          active: true",
    good: "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled\n    \
           active: false",
    fix: "Switch the module off in the environment (and here: `active: false`), or, if it \
          must run, change its status in the Markdown profile first, then here: any enabling \
          of a disabled module needs the profile updated before release.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (module, activation) in cx.modules() {
        if module.status.value != Status::Disabled {
            continue;
        }
        let finding = match activation {
            Activation::Active(Origin::Field(span)) => RULE.finding(
span,
                format!("{} is `disabled` but switched on", named(module)),
                "set `active: false`, or update the profile's status before release".to_owned(),
            ),
            Activation::Active(Origin::Manifest(span)) => RULE.finding(
span,
                format!(
                    "the runtime manifest switches on {}, which is `disabled` in the profile",
                    named(module)
                ),
                "remove it from the manifest's `active`, or update the profile's status before release"
                    .to_owned(),
            )
            .in_file(InputKind::Runtime),
            _ => continue,
        };
        findings.push(finding.module(&module.id.value));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, findings, place, profile};

    #[test]
    fn a_disabled_module_switched_off_passes() {
        let modules =
            "  - {id: webinar-chat, name: W, role: ui, status: disabled, active: false}\n";
        assert_eq!(findings(&profile(CONTOURS, modules, NO_MARKS)), []);
    }

    #[test]
    fn a_disabled_module_switched_on_fails_at_its_switch() {
        let modules = "  - {id: webinar-chat, name: W, role: ui, status: disabled, active: true}\n";
        let text = profile(CONTOURS, modules, NO_MARKS);
        let (line, column) = place(&text, "true", 0);
        assert_eq!(findings(&text), [(DisabledInactive, Error, line, column)]);
    }
}
