//! `required-active`: a required module is not switched off.

use super::{Activation, Context, Needs, Origin, Rule, RuleId, named};
use crate::finding::{Finding, Severity};
use crate::profile::Status;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::RequiredActive,
    severity: Severity::Error,
    needs: Needs::Activation,
    waivable: true,
    summary: "a `required` module is not known to be inactive",
    why: "The source profile lists the modules that \"должны быть включены в production-контуре\" \
          as `required`. A release without one of them is not the release the profile describes.",
    fails: "A module with `status: required` is known to be off: its `active: false`, or it \
            is missing from the `--runtime` manifest's `active` list.",
    bad: "  - id: ui-webinar-room\n    name: Webinar Room UI\n    role: ui\n    status: required\n    \
          active: false",
    good: "  - id: ui-webinar-room\n    name: Webinar Room UI\n    role: ui\n    status: required\n    \
           active: true",
    fix: "Switch the module on in the environment (`active: true`, or drop the field), or, if \
          the release goes without it, change its status in the Markdown profile and here.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (module, activation) in cx.modules() {
        if module.status.value != Status::Required {
            continue;
        }
        let finding = match activation {
            Activation::Inactive(Origin::Field(span)) => RULE.finding(
                span,
                format!("{} is `required` but switched off", named(module)),
                "set `active: true`, or change the status in the profile".to_owned(),
            ),
            // Nothing in any file holds a missing entry: point at the module's id.
            Activation::Inactive(Origin::NotInManifest) => RULE.finding(
                module.id.span,
                format!(
                    "{} is `required` but the runtime manifest does not switch it on",
                    named(module)
                ),
                format!("add `- {}` to the manifest's `active`", module.id.value),
            ),
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
    fn a_required_module_switched_on_passes() {
        let modules =
            "  - {id: ui-webinar-room, name: R, role: ui, status: required, active: true}\n";
        assert_eq!(findings(&profile(CONTOURS, modules, NO_MARKS)), []);
    }

    #[test]
    fn a_required_module_switched_off_fails_at_its_switch() {
        let modules =
            "  - {id: ui-webinar-room, name: R, role: ui, status: required, active: false}\n";
        let text = profile(CONTOURS, modules, NO_MARKS);
        let (line, column) = place(&text, "false", 0);
        assert_eq!(findings(&text), [(RequiredActive, Error, line, column)]);
    }
}
