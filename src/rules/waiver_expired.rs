//! `waiver-expired`: an expired waiver is an error, so that it gets renewed or removed.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::WaiverExpired,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Waivers),
    summary: "a waiver's `expires` date is not in the past",
    why: "A waiver is a release decision with an end date: when the date passes, the violation \
          it accepted must be fixed or decided again. An expired waiver waives nothing.",
    fails: "A waiver's `expires` is before `--today` (the expiry day itself still holds).",
    bad: "waivers:\n  - rule: event-flow\n    reason: partner notices go through the old bot\n    \
          owner: Architect\n    expires: 2026-03-01   # today is 2026-03-02",
    good: "waivers:\n  - rule: event-flow\n    reason: partner notices go through the old bot\n    \
           owner: Architect\n    expires: 2026-04-01",
    fix: "Fix the violation and remove the waiver, or renew it with a new decision and a new \
          `expires` (at most 180 days ahead).",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for waiver in cx.waivers() {
        if waiver.is_live(cx.today()) {
            continue;
        }
        findings.push(
            RULE.finding(
                waiver.expires.span,
                format!(
                    "the waiver of {} expired on {} (today is {}); it waives nothing",
                    waiver.describe(),
                    waiver.expires.value,
                    cx.today()
                ),
                "fix the violation and remove the waiver, or renew it with a new `expires`"
                    .to_owned(),
            )
            .in_file(InputKind::Waivers),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::inputs::InputKind::{self, Profile, Waivers};
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{
        CONTOURS, NO_MARKS, inputs, located_findings, place, profile,
    };

    /// `c` consumes an event nobody emits: one `event-flow` error to waive.
    const MODULES: &str = "  - {id: c, name: C, role: ui, status: required, consumes: [x]}\n";

    fn waivers(expires: &str) -> String {
        format!(
            "waivers:\n  - rule: event-flow\n    module: c\n    reason: known\n    \
             owner: Architect\n    expires: {expires}\n"
        )
    }

    #[test]
    fn a_waiver_that_holds_today_passes_and_waives() {
        let text = profile(CONTOURS, MODULES, NO_MARKS);
        let (line, column) = place(&text, "x]", 0);
        // The expiry day itself still holds (`--today` is 2026-02-01).
        let file = waivers("2026-02-01");
        let found = located_findings(&text, &inputs(&[(InputKind::Waivers, &file)]));
        assert_eq!(found, [(EventFlow, Error, Profile, line, column)]);
    }

    #[test]
    fn an_expired_waiver_fails_at_its_expiry() {
        let text = profile(CONTOURS, MODULES, NO_MARKS);
        let file = waivers("2026-01-31");
        let (line, column) = place(&file, "2026-01-31", 0);
        let found = located_findings(&text, &inputs(&[(InputKind::Waivers, &file)]));
        assert!(
            found.contains(&(WaiverExpired, Error, Waivers, line, column)),
            "{found:?}"
        );
    }
}
