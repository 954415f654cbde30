//! `auto-contour-disabled`: the AUTO contour and its events do not run in PROD.

use super::{Context, Needs, Rule, RuleId, may_run, named};
use crate::finding::{Finding, Severity};
use crate::profile::{Contour, Status, Switch};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::AutoContourDisabled,
    severity: Severity::Error,
    needs: Needs::Profile,
    summary: "the AUTO contour, its modules and `autowebinar_*` events are off in PROD",
    why: "The source profile: \"AUTO-контур выключен (AutoWebinar Delivery и `autowebinar_*` \
          события не исполняются)\". AutoWebinar is a separate delivery contour; nothing of it \
          may run in the PROD release.",
    fails: "`contours.auto` is not `disabled`; or a module with `contour: auto` is not \
            `disabled`; or a module that may run (active, or optional with unknown activation) \
            emits or consumes an event whose name starts with `autowebinar_`.",
    bad: "contours:\n  live: enabled\n  auto: enabled\nmodules:\n  - id: autowebinar-delivery\n    \
          name: AutoWebinar Delivery\n    role: integration\n    status: optional\n    contour: auto",
    good: "contours:\n  live: enabled\n  auto: disabled\nmodules:\n  - id: autowebinar-delivery\n    \
           name: AutoWebinar Delivery\n    role: integration\n    status: disabled\n    contour: auto",
    fix: "Set `contours.auto: disabled`, give every AUTO module `status: disabled`, and remove \
          `autowebinar_*` events from modules that run in PROD.",
    check,
};

/// Events of the AUTO contour start with this.
const AUTO_EVENT_PREFIX: &str = "autowebinar_";

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let auto = &cx.profile.contours.auto;
    if auto.value != Switch::Disabled {
        findings.push(RULE.finding(
            auto.span,
            format!(
                "the AUTO contour is `{}`, but it is off in PROD",
                auto.value
            ),
            "set `contours.auto: disabled`".to_owned(),
        ));
    }
    for (module, activation) in cx.modules() {
        if module.contour() == Contour::Auto && module.status.value != Status::Disabled {
            findings.push(
                RULE.finding(
                    module.status.span,
                    format!(
                        "{} belongs to the AUTO contour but is `{}`",
                        named(module),
                        module.status.value
                    ),
                    "set `status: disabled`: the AUTO contour is off in PROD".to_owned(),
                )
                .module(&module.id.value),
            );
        }
        if !may_run(activation) {
            continue;
        }
        let events = module
            .emits
            .iter()
            .map(|e| ("emits", e))
            .chain(module.consumes.iter().map(|e| ("consumes", e)));
        for (verb, event) in events {
            if event.value.starts_with(AUTO_EVENT_PREFIX) {
                findings.push(
                    RULE.finding(
                        event.span,
                        format!(
                            "{} may run in PROD and {verb} `{}`, an event of the AUTO contour",
                            named(module),
                            event.value
                        ),
                        format!(
                            "remove `{}` from `{verb}`, or disable the module",
                            event.value
                        ),
                    )
                    .module(&module.id.value),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, findings, place, profile};

    #[test]
    fn an_auto_module_that_is_disabled_passes() {
        let modules = "  - {id: autowebinar-delivery, name: A, role: integration, status: disabled, contour: auto}\n";
        assert_eq!(findings(&profile(CONTOURS, modules, NO_MARKS)), []);
    }

    #[test]
    fn the_contour_an_auto_module_and_an_auto_event_each_fail() {
        let modules = "  - {id: autowebinar-delivery, name: A, role: integration, status: optional, contour: auto}\n  \
                       - {id: core-webinar-event, name: C, role: core, status: required, emits: [autowebinar_started]}\n  \
                       - {id: webinar-chat, name: W, role: ui, status: disabled, consumes: [autowebinar_started]}\n";
        let text = profile("{live: enabled, auto: enabled}", modules, NO_MARKS);
        let contour = place(&text, "enabled}", 0);
        let status = place(&text, "optional", 0);
        let event = place(&text, "autowebinar_started", 0);
        assert_eq!(
            findings(&text),
            [
                (AutoContourDisabled, Error, contour.0, contour.1),
                (AutoContourDisabled, Error, status.0, status.1),
                (AutoContourDisabled, Error, event.0, event.1),
            ],
            "the disabled chat's event is not judged"
        );
    }
}
