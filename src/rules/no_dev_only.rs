//! `no-dev-only`: PROD has no dev-only modules.

use super::{Context, Needs, Rule, RuleId, named};
use crate::finding::{Finding, Severity};
use crate::profile::{Role, Status};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::NoDevOnly,
    severity: Severity::Error,
    needs: Needs::Profile,
    summary: "no `dev` module is required or optional, and `dev_only` is empty",
    why: "The source profile's Dev-only section: \"Нет модулей dev-only в PROD профиле\", and \
          \"В PROD допускаются только модули со статусом required/optional\" of the table. A \
          development module in a release ships debugging surface to production.",
    fails: "A module with `role: dev` has status `required` or `optional`; or `dev_only` \
            lists anything.",
    bad: "modules:\n  - id: debug-console\n    name: Debug Console\n    role: dev\n    \
          status: optional\ndev_only:\n  - debug-console",
    good: "modules:\n  - id: debug-console\n    name: Debug Console\n    role: dev\n    \
           status: disabled\ndev_only: []",
    fix: "Give every `dev` module `status: disabled` (or take it out of the PROD profile), and \
          empty `dev_only`.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for module in &cx.profile.modules {
        if module.role.value == Role::Dev && module.status.value != Status::Disabled {
            findings.push(
                RULE.finding(
                    module.status.span,
                    format!(
                        "{} has role `dev` and is `{}`, but PROD has no dev-only modules",
                        named(module),
                        module.status.value
                    ),
                    "set `status: disabled`, or remove the module from the PROD profile".to_owned(),
                )
                .module(&module.id.value),
            );
        }
    }
    for item in &cx.profile.dev_only {
        findings.push(RULE.finding(
            item.span,
            format!(
                "`dev_only` lists `{}`, but PROD has no dev-only modules",
                item.value
            ),
            "remove it: `dev_only: []`".to_owned(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, findings, place, profile};

    #[test]
    fn a_disabled_dev_module_passes() {
        let modules = "  - {id: debug-console, name: D, role: dev, status: disabled}\n";
        assert_eq!(findings(&profile(CONTOURS, modules, NO_MARKS)), []);
    }

    #[test]
    fn an_optional_dev_module_and_a_dev_only_entry_fail() {
        let modules = "  - {id: debug-console, name: D, role: dev, status: optional}\n";
        let text = profile(
            CONTOURS,
            modules,
            "dev_only: [debug-console]\nanalytics_only: []\n",
        );
        let status = place(&text, "optional", 0);
        let entry = place(&text, "debug-console", 1);
        assert_eq!(
            findings(&text),
            [
                (NoDevOnly, Error, status.0, status.1),
                (NoDevOnly, Error, entry.0, entry.1)
            ]
        );
    }
}
