//! `waiver-unused`: a waiver that accepts nothing is stale.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::source::InputKind;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::WaiverUnused,
    severity: Severity::Warning,
    needs: Needs::Input(InputKind::Waivers),
    waivable: false,
    summary: "every live waiver accepts at least one finding",
    why: "A waiver that matches nothing no longer describes the release: the violation was \
          fixed, or the waiver names the wrong rule or module. Left in place, it would silently \
          accept the next violation of that rule.",
    fails: "A live waiver matched no finding of the profile (judged per profile).",
    bad: "waivers:\n  - rule: event-flow\n    module: client-webinar-attendance-telegram   \
          # the flow was fixed\n    reason: partner notices go through the old bot\n    \
          owner: Architect\n    expires: 2026-03-01",
    good: "waivers: []",
    fix: "Remove the waiver, or correct its `rule` and `module`.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (index, waiver) in cx.waivers().iter().enumerate() {
        if !waiver.is_live(cx.today()) || cx.waiver_used(index) {
            continue;
        }
        findings.push(
            RULE.finding(
                waiver.span,
                format!("the waiver of {} matched no finding", waiver.describe()),
                "remove the waiver, or correct its `rule` and `module`".to_owned(),
            )
            .in_file(InputKind::Waivers),
        );
    }
}
