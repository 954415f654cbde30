//! `marks-consistent`: the Dev-only and Analytics-only marks agree with the table.

use std::collections::HashSet;

use super::{Context, Needs, Rule, RuleId, is_active, named};
use crate::finding::{Finding, Severity};
use crate::profile::{Located, Role, Status};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::MarksConsistent,
    severity: Severity::Error,
    needs: Needs::Profile,
    summary: "`dev_only` and `analytics_only` name known modules of the matching role",
    why: "The source profile keeps two marks beside its table, \"Dev-only\" and \
          \"Analytics-only\". They are only worth something if they name modules of the table, \
          of the role they claim, that actually run.",
    fails: "`dev_only` or `analytics_only` names an id that is not in `modules`, a module whose \
            role is not `dev` (resp. `analytics`), or a `disabled` module. Warning: an active \
            `analytics` module is missing from `analytics_only`.",
    bad: "modules:\n  - id: client-webinar-tracker-v2\n    name: Client Webinar Tracker v2\n    \
          role: analytics\n    status: required\nanalytics_only:\n  - client-webinar-tracker",
    good: "modules:\n  - id: client-webinar-tracker-v2\n    name: Client Webinar Tracker v2\n    \
           role: analytics\n    status: required\nanalytics_only:\n  - client-webinar-tracker-v2",
    fix: "List each module by its exact id, only under the mark of its role, and only if it is \
          not disabled; add every active analytics module to `analytics_only`.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let profile = cx.profile;
    check_mark(cx, findings, "dev_only", Role::Dev, &profile.dev_only);
    check_mark(
        cx,
        findings,
        "analytics_only",
        Role::Analytics,
        &profile.analytics_only,
    );
    let listed: HashSet<&str> = profile
        .analytics_only
        .iter()
        .map(|item| item.value.as_str())
        .collect();
    for (module, activation) in cx.modules() {
        let listed = listed.contains(module.id.value.as_str());
        if module.role.value == Role::Analytics && is_active(activation) && !listed {
            findings.push(
                RULE.finding(
                    module.id.span,
                    format!(
                        "{} is an active analytics module but is missing from `analytics_only`",
                        named(module)
                    ),
                    format!("add `- {}` to `analytics_only`", module.id.value),
                )
                .as_warning()
                .module(&module.id.value),
            );
        }
    }
}

fn check_mark(
    cx: &Context<'_>,
    findings: &mut Vec<Finding>,
    mark: &str,
    role: Role,
    items: &[Located<String>],
) {
    for item in items {
        let Some(module) = cx.profile.module(&item.value) else {
            findings.push(RULE.finding(
                item.span,
                format!(
                    "`{mark}` names `{}`, which is not a module of this profile{}",
                    &item.value,
                    cx.did_you_mean_module(&item.value)
                ),
                format!(
                    "write the id of a module listed under `modules`, or remove it from `{mark}`"
                ),
            ));
            continue;
        };
        if module.role.value != role {
            findings.push(
                RULE.finding(
                    item.span,
                    format!(
                        "`{mark}` names {}, whose role is `{}`, not `{role}`",
                        named(module),
                        module.role.value
                    ),
                    format!("remove it from `{mark}`, or correct the module's role"),
                )
                .module(&module.id.value),
            );
        }
        if module.status.value == Status::Disabled {
            findings.push(
                RULE.finding(
                    item.span,
                    format!("`{mark}` names {}, which is `disabled`", named(module)),
                    format!(
                        "remove it from `{mark}`: disabled modules carry no mark (`check --fix` does)"
                    ),
                )
                .module(&module.id.value),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, findings, place, profile};

    const MODULES: &str = "  - {id: client-webinar-tracker-v2, name: T, role: analytics, status: required}\n  \
                           - {id: webinar-chat, name: W, role: ui, status: disabled}\n";

    #[test]
    fn every_active_analytics_module_listed_passes() {
        let marks = "dev_only: []\nanalytics_only: [client-webinar-tracker-v2]\n";
        assert_eq!(findings(&profile(CONTOURS, MODULES, marks)), []);
    }

    #[test]
    fn unknown_wrong_role_disabled_and_missing_marks_fail() {
        let marks = "dev_only: []\nanalytics_only: [client-webinar-tracker, webinar-chat]\n";
        let text = profile(CONTOURS, MODULES, marks);
        let missing = place(&text, "client-webinar-tracker-v2", 0);
        let unknown = place(&text, "client-webinar-tracker,", 0);
        let chat = place(&text, "webinar-chat]", 0);
        assert_eq!(
            findings(&text),
            [
                (MarksConsistent, Warning, missing.0, missing.1),
                (MarksConsistent, Error, unknown.0, unknown.1),
                (MarksConsistent, Error, chat.0, chat.1),
                (MarksConsistent, Error, chat.0, chat.1),
            ]
        );
    }
}
