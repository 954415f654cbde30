//! `live-contour-enabled`: PROD is the LIVE contour.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::profile::Switch;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::LiveContourEnabled,
    severity: Severity::Error,
    needs: Needs::Profile,
    summary: "`contours.live` must be `enabled`: PROD is the LIVE contour",
    why: "The source profile defines PROD as the LIVE contour: \"PROD (Webinars) = LIVE-контур \
          Webinars MVP v1++\". A PROD profile with LIVE switched off describes no release at all.",
    fails: "`contours.live` is anything but `enabled`.",
    bad: "contours:\n  live: disabled\n  auto: disabled",
    good: "contours:\n  live: enabled\n  auto: disabled",
    fix: "Set `contours.live: enabled`. If LIVE really is off, this is not the PROD profile.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let live = &cx.profile.contours.live;
    if live.value != Switch::Enabled {
        findings.push(RULE.finding(
            live.span,
            format!(
                "the LIVE contour is `{}`, but PROD is the LIVE contour",
                live.value
            ),
            "set `contours.live: enabled`".to_owned(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, findings, place, profile};

    const CORE: &str = "  - {id: core-webinar-event, name: Core, role: core, status: required}\n";

    #[test]
    fn live_enabled_passes() {
        assert_eq!(findings(&profile(CONTOURS, CORE, NO_MARKS)), []);
    }

    #[test]
    fn live_disabled_fails_at_the_value() {
        let text = profile("{live: disabled, auto: disabled}", CORE, NO_MARKS);
        let (line, column) = place(&text, "disabled", 0);
        assert_eq!(findings(&text), [(LiveContourEnabled, Error, line, column)]);
    }
}
