//! `unknown-module`: the environment switches on only modules the profile knows.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::source::{InputKind, escape_controls};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::UnknownModule,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Runtime),
    waivable: true,
    summary: "the runtime manifest switches on only modules the profile lists",
    why: "The source profile: \"В PROD допускаются только модули со статусом required/optional\" \
          of its table. A module the profile does not list has no status at all: the \
          environment runs something nobody classified for the release.",
    fails: "The `--runtime` manifest's `active` list names an id that is not a module of the \
            profile.",
    bad: "# runtime.yaml\nenvironment: prod\nactive:\n  - core-webinar-event\n  - webinar-chat-v2",
    good: "# runtime.yaml\nenvironment: prod\nactive:\n  - core-webinar-event",
    fix: "Switch the module off in the environment, or, if it belongs in the release, add it \
          to the Markdown profile and the YAML first (with its role and status).",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(manifest) = cx.runtime() else {
        return;
    };
    for entry in &manifest.active {
        if cx.profile.module(&entry.value).is_some() {
            continue;
        }
        findings.push(
            RULE.finding(
                entry.span,
                format!(
                    "the runtime manifest switches on `{}`, which is not a module of the profile{}",
                    escape_controls(&entry.value),
                    cx.did_you_mean_module(&entry.value)
                ),
                "switch it off, or add the module to the profile before release".to_owned(),
            )
            .in_file(InputKind::Runtime),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{
        CONTOURS, NO_MARKS, inputs, located_findings, place, profile,
    };
    use crate::source::InputKind::{self, Runtime};

    const MODULES: &str = "  - {id: ui-webinar-room, name: R, role: ui, status: required}\n";

    fn runtime(active: &str) -> String {
        format!("environment: prod\nactive:\n{active}")
    }

    #[test]
    fn a_manifest_of_known_modules_passes() {
        let manifest = runtime("  - ui-webinar-room\n");
        let found = located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, &manifest)]),
        );
        assert_eq!(found, []);
    }

    #[test]
    fn an_unknown_id_fails_at_its_manifest_entry() {
        let manifest = runtime("  - ui-webinar-room\n  - ui-webinar-rom\n");
        let (line, column) = place(&manifest, "ui-webinar-rom", 0);
        let found = located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, &manifest)]),
        );
        assert_eq!(found, [(UnknownModule, Error, Runtime, line, column)]);
    }
}
