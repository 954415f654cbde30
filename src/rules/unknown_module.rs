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
