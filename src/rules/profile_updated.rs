//! `profile-updated`: a change of what runs needs the profile updated first.

use super::{Context, Needs, Rule, RuleId};
use crate::diff::changes;
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::ProfileUpdated,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Baseline),
    summary: "a change of what runs since the baseline comes with a later `document.last_updated`",
    why: "The source profile: \"Любое включение optional/disabled модулей требует обновления \
          этого профиля перед релизом\". A release that changes what runs must come with a \
          profile that was updated for it, and the date says when.",
    fails: "Since the `--baseline` profile (the one of the last release), something that changes \
            what runs changed: a module was added or removed, or changed role, status, contour, \
            `active` switch (switching a module on included) or events (`emits`, `consumes`); \
            or `contours`, `dev_only` or `analytics_only` changed; and `document.last_updated` \
            is not later than the baseline's. Names, notes and the header do not count.",
    bad: "# baseline: webinar-chat disabled, last_updated 2026-01-28\ndocument:\n  \
          last_updated: 2026-01-28\nmodules:\n  - id: webinar-chat\n    status: optional",
    good: "document:\n  last_updated: 2026-02-10\nmodules:\n  - id: webinar-chat\n    \
           status: optional",
    fix: "Update the Markdown profile for the change (with its `Last updated:` date), then \
          carry the change and the new date into the YAML.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(baseline) = cx.baseline() else {
        return;
    };
    let since = cx.inputs.baseline_name().unwrap_or_default();
    let now = &cx.profile.document.last_updated;
    let then = baseline.document.last_updated.value;
    if now.value > then {
        return;
    }
    for change in changes(baseline, cx.profile)
        .into_iter()
        .filter(|c| c.kind.changes_what_runs())
    {
        let mut finding = RULE.finding(
// A removed module stands nowhere in the file: point at the date to update.
            change.span.unwrap_or(now.span),
            format!(
                "{} since the baseline {since}, but `document.last_updated` ({}) is not later than the baseline's ({then})",
                change.describe(),
                now.value
            ),
            "update the profile for this change and set a later `document.last_updated` (`check --fix` sets it to `--today`)".to_owned(),
        );
        if let Some(module) = &change.module {
            finding = finding.module(module);
        }
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::inputs::InputKind;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, findings_with, inputs, place, profile};

    fn chat(status: &str) -> String {
        format!("  - {{id: webinar-chat, name: Chat, role: ui, status: {status}}}\n")
    }

    #[test]
    fn a_change_with_a_later_date_passes() {
        let baseline = profile(CONTOURS, &chat("disabled"), NO_MARKS);
        let now =
            profile(CONTOURS, &chat("optional"), NO_MARKS).replace("2026-01-28", "2026-02-10");
        let found = findings_with(&now, &inputs(&[(InputKind::Baseline, &baseline)]));
        assert_eq!(found, []);
    }

    #[test]
    fn an_unchanged_profile_passes() {
        let baseline = profile(CONTOURS, &chat("disabled"), NO_MARKS);
        let found = findings_with(&baseline, &inputs(&[(InputKind::Baseline, &baseline)]));
        assert_eq!(found, []);
    }

    #[test]
    fn a_status_change_under_the_same_date_fails_at_the_status() {
        let baseline = profile(CONTOURS, &chat("disabled"), NO_MARKS);
        let now = profile(CONTOURS, &chat("optional"), NO_MARKS);
        let (line, column) = place(&now, "optional", 0);
        let found = findings_with(&now, &inputs(&[(InputKind::Baseline, &baseline)]));
        assert_eq!(found, [(ProfileUpdated, Error, line, column)]);
    }
}
