//! `event-flow`: every event an active module consumes has an active producer.

use std::collections::HashMap;

use super::{Activation, Context, Needs, Rule, RuleId, is_active, may_run, named};
use crate::finding::{Finding, Severity};
use crate::profile::{Module, Status};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::EventFlow,
    severity: Severity::Error,
    needs: Needs::Profile,
    summary: "every event an active module consumes is emitted by an active module",
    why: "The source profile's notes chain the modules by events: the tracker records \
          `client_webinar_completed`, the emitter normalises it to `webinar_completed`, the \
          attendance service classifies, the Telegram modules react. A consumer whose producer \
          is switched off waits for events that never come, and nothing fails loudly.",
    fails: "An active module consumes an event that no active module emits (the message names \
            the producers that exist but are not active). Warning: the same for a module that \
            may run but is not known to be active (optional, activation unknown).",
    bad: "  - id: client-webinar-attendance-service\n    status: disabled\n    \
          emits: [client_webinar_attendance_classified]\n  \
          - id: client-webinar-attendance-telegram\n    status: required\n    \
          consumes: [client_webinar_attendance_classified]",
    good: "  - id: client-webinar-attendance-service\n    status: required\n    \
           emits: [client_webinar_attendance_classified]\n  \
           - id: client-webinar-attendance-telegram\n    status: required\n    \
           consumes: [client_webinar_attendance_classified]",
    fix: "Activate a module that emits the event, or remove the event from `consumes` (or \
          disable the consumer) — and update the Markdown profile first.",
    check,
};

/// Producers named in one message; a long list ends "and N more".
const NAMED_PRODUCERS: usize = 5;

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let mut producers: HashMap<&str, Vec<(&Module, Activation)>> = HashMap::new();
    for (module, activation) in cx.modules() {
        for event in &module.emits {
            producers
                .entry(event.value.as_str())
                .or_default()
                .push((module, activation));
        }
    }
    // For each event with no active producer, what its messages say of the producers it
    // has: worked out once per event, however many modules consume it.
    let unserved: HashMap<&str, String> = producers
        .iter()
        .filter(|(_, list)| !list.iter().any(|(_, a)| is_active(*a)))
        .map(|(event, list)| {
            let mut named: Vec<String> = list
                .iter()
                .take(NAMED_PRODUCERS)
                .map(|(m, a)| format!("{} ({})", named(m), state(m, *a)))
                .collect();
            if list.len() > NAMED_PRODUCERS {
                named.push(format!("and {} more", list.len() - NAMED_PRODUCERS));
            }
            (
                *event,
                format!("; it is emitted only by {}", named.join(", ")),
            )
        })
        .collect();
    for (module, activation) in cx.modules() {
        if !may_run(activation) {
            continue;
        }
        for event in &module.consumes {
            let tail = match (
                producers.contains_key(event.value.as_str()),
                unserved.get(event.value.as_str()),
            ) {
                (false, _) => "",
                (true, Some(tail)) => tail.as_str(),
                (true, None) => continue,
            };
            let active = is_active(activation);
            let verb = if active {
                "is active and consumes"
            } else {
                "may run and consumes"
            };
            let finding = RULE.finding(
                event.span,
                format!(
                    "{} {verb} `{}`, which no active module emits{tail}",
                    named(module),
                    event.value
                ),
                format!(
                    "activate a module that emits `{}`, or remove it from `consumes`",
                    event.value
                ),
            );
            findings.push(
                if active {
                    finding
                } else {
                    finding.as_warning()
                }
                .module(&module.id.value),
            );
        }
    }
}

/// Why a producer does not count: its status, and its switch where that says more.
fn state(module: &Module, activation: Activation) -> String {
    match (module.status.value, activation) {
        (Status::Disabled, _) => "disabled".to_owned(),
        (status, Activation::Inactive(_)) => format!("{status}, switched off"),
        (status, _) => format!("{status}, activation unknown"),
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{CONTOURS, NO_MARKS, findings, place, profile};

    fn modules(producer: &str, consumer: &str) -> String {
        format!(
            "  - {{id: client-webinar-attendance-service, name: S, role: integration, status: {producer}, emits: [classified]}}\n  \
             - {{id: client-webinar-attendance-telegram, name: T, role: integration, status: {consumer}, consumes: [classified]}}\n"
        )
    }

    #[test]
    fn a_required_producer_serves_its_consumer() {
        assert_eq!(
            findings(&profile(
                CONTOURS,
                &modules("required", "required"),
                NO_MARKS
            )),
            []
        );
    }

    #[test]
    fn a_disabled_producer_fails_an_active_consumer_and_warns_an_optional_one() {
        let text = profile(CONTOURS, &modules("disabled", "required"), NO_MARKS);
        let (line, column) = place(&text, "classified", 1);
        assert_eq!(findings(&text), [(EventFlow, Error, line, column)]);
        let text = profile(CONTOURS, &modules("disabled", "optional"), NO_MARKS);
        assert_eq!(findings(&text), [(EventFlow, Warning, line, column)]);
    }

    #[test]
    fn a_long_list_of_inactive_producers_is_cut_short() {
        let producers: String = (0..7)
            .map(|i| {
                format!("  - {{id: p-{i}, name: P{i}, role: ui, status: disabled, emits: [x]}}\n")
            })
            .collect();
        let consumer = "  - {id: c, name: C, role: ui, status: required, consumes: [x]}\n";
        let text = profile(CONTOURS, &(producers + consumer), NO_MARKS);
        let source = crate::source::Source::new("test.yaml", text.as_str());
        let Ok(profile) = crate::load::profile(&source) else {
            panic!("{text}")
        };
        let inputs = crate::rules::test_support::inputs(&[]);
        let findings =
            crate::rules::run(&mut crate::rules::Context::new(&profile, &inputs)).findings;
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`c` is active and consumes `x`, which no active module emits; it is emitted only by \
              `p-0` (disabled), `p-1` (disabled), `p-2` (disabled), `p-3` (disabled), \
              `p-4` (disabled), and 2 more"
            ]
        );
    }
}
