//! `waiver-unused`: a waiver that accepts nothing is stale.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::WaiverUnused,
    severity: Severity::Warning,
    needs: Needs::Input(InputKind::Waivers),
    summary: "every live waiver accepts at least one finding",
    why: "A waiver that matches nothing no longer describes the release: the violation was \
          fixed, or the waiver names the wrong rule or module. Left in place, it would silently \
          accept the next violation of that rule.",
    fails: "A live waiver matched no finding of the profile (judged per profile; a profile held against several deployments uses a waiver when one of them does).",
    bad: "waivers:\n  - rule: event-flow\n    module: client-webinar-attendance-telegram   \
          # the flow was fixed\n    reason: partner notices go through the old bot\n    \
          owner: Architect\n    expires: 2026-03-01",
    good: "waivers: []",
    fix: "Remove the waiver, or correct its `rule` and `module`.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    // One of several deployments, not the last: the last judges with every use known.
    if cx.inputs.waivers_across.judged_later {
        return;
    }
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

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::inputs::InputKind::{self, Waivers};
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, inputs, located_findings, profile};

    const WAIVER: &str = "waivers:\n  - rule: event-flow\n    module: c\n    reason: known\n    \
                          owner: Architect\n    expires: 2026-03-01\n";

    #[test]
    fn a_waiver_that_accepts_a_finding_passes() {
        let modules = "  - {id: c, name: C, role: ui, status: required, consumes: [x]}\n";
        let found = located_findings(
            &profile(CONTOURS, modules, NO_MARKS),
            &inputs(&[(InputKind::Waivers, WAIVER)]),
        );
        let rules: Vec<_> = found.iter().map(|f| f.0).collect();
        assert_eq!(rules, [EventFlow], "the waived finding only");
    }

    #[test]
    fn a_waiver_that_accepts_nothing_warns_at_its_entry() {
        let modules = "  - {id: c, name: C, role: ui, status: required}\n";
        let found = located_findings(
            &profile(CONTOURS, modules, NO_MARKS),
            &inputs(&[(InputKind::Waivers, WAIVER)]),
        );
        assert_eq!(found, [(WaiverUnused, Warning, Waivers, 2, 5)]);
    }
}
