//! `required-active`: a required module is not switched off.

use super::{Activation, Context, Needs, Origin, Rule, RuleId, named};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;
use crate::load::runtime::{Evidence, Platform};
use crate::profile::Status;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::RequiredActive,
    severity: Severity::Error,
    needs: Needs::Activation,
    summary: "a `required` module is not known to be inactive",
    why: "The source profile lists the modules that \"должны быть включены в production-контуре\" \
          as `required`. A release without one of them is not the release the profile describes.",
    fails: "A module with `status: required` is known to be off: its `active: false`, it \
            is missing from the `--runtime` manifest's `active` list, or no workload of the \
            `--runtime` deployment runs it (found at the `replicas: 0`, `suspend: true` or \
            `profiles:` that holds its workload back, or at the module's `id` when it has none).",
    bad: "  - id: ui-webinar-room\n    name: Webinar Room UI\n    role: ui\n    status: required\n    \
          active: false",
    good: "  - id: ui-webinar-room\n    name: Webinar Room UI\n    role: ui\n    status: required\n    \
           active: true",
    fix: "Switch the module on in the environment (`active: true`, or drop the field), or, if \
          the release goes without it, change its status in the Markdown profile and here.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (module, activation) in cx.modules() {
        if module.status.value != Status::Required {
            continue;
        }
        let finding = match activation {
            Activation::Inactive(Origin::Field(span)) => RULE.finding(
                span,
                format!("{} is `required` but switched off", named(module)),
                "set `active: true`, or change the status in the profile".to_owned(),
            ),
            // Nothing in any file holds a missing entry: point at the module's id.
            Activation::Inactive(Origin::NotInManifest) => RULE.finding(
                module.id.span,
                format!(
                    "{} is `required` but the runtime manifest does not switch it on",
                    named(module)
                ),
                format!("add `- {}` to the manifest's `active`", module.id.value),
            ),
            Activation::Inactive(Origin::Workload(index)) => {
                let (Some(deployment), Some(workload)) = (cx.deployment(), cx.workload(index))
                else {
                    continue;
                };
                let help = match workload.evidence.value {
                    Evidence::Suspend(_) => "set `suspend: false`".to_owned(),
                    Evidence::Paused => {
                        "set `paused: false`: a paused workload that `kubectl apply` creates starts no pods".to_owned()
                    }
                    Evidence::HelmTest => {
                        "run it from a workload `helm install` creates: a test hook runs only under `helm test`".to_owned()
                    }
                    Evidence::ProfilesOff => {
                        "enable one of its profiles (`--compose-profile NAME`), or drop `profiles:`"
                            .to_owned()
                    }
                    _ if deployment.platform == Platform::Compose => {
                        "set `deploy.replicas` to 1 or more".to_owned()
                    }
                    _ => "set `replicas:` to 1 or more".to_owned(),
                };
                RULE.finding(
                    workload.evidence.span,
                    format!(
                        "{} is `required` but no workload of the deployment runs it ({})",
                        named(module),
                        workload.describe(deployment.platform)
                    ),
                    format!("{help}, or change the status in the profile"),
                )
                .in_file_of(InputKind::Runtime, workload.evidence_file)
            }
            // Nothing in the deployment stands for the module: point at its id.
            Activation::Inactive(Origin::NoWorkload) => {
                let Some(deployment) = cx.deployment() else {
                    continue;
                };
                RULE.finding(
                    module.id.span,
                    format!(
                        "{} is `required` but the deployment has no workload of it",
                        named(module)
                    ),
                    format!(
                        "label its workload `{}: {}` (or map one in the configuration), or change the status in the profile",
                        &deployment.label,
                        module.id.value
                    ),
                )
            }
            _ => continue,
        };
        findings.push(finding.module(&module.id.value));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::inputs::InputKind::{self, Profile, Runtime};
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{
        CONTOURS, NO_MARKS, findings, inputs, located_findings, place, profile,
    };

    #[test]
    fn a_required_module_switched_on_passes() {
        let modules =
            "  - {id: ui-webinar-room, name: R, role: ui, status: required, active: true}\n";
        assert_eq!(findings(&profile(CONTOURS, modules, NO_MARKS)), []);
    }

    #[test]
    fn a_required_module_switched_off_fails_at_its_switch() {
        let modules =
            "  - {id: ui-webinar-room, name: R, role: ui, status: required, active: false}\n";
        let text = profile(CONTOURS, modules, NO_MARKS);
        let (line, column) = place(&text, "false", 0);
        assert_eq!(findings(&text), [(RequiredActive, Error, line, column)]);
    }

    const ROOM: &str = "  - {id: ui-webinar-room, name: R, role: ui, status: required}\n";

    #[test]
    fn a_required_module_with_a_running_workload_passes() {
        let k8s = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: room}\nspec:\n  \
                   template:\n    metadata:\n      labels: {app.kubernetes.io/name: ui-webinar-room}\n";
        let found = located_findings(
            &profile(CONTOURS, ROOM, NO_MARKS),
            &inputs(&[(InputKind::Runtime, k8s)]),
        );
        assert_eq!(found, []);
    }

    #[test]
    fn a_required_module_held_at_zero_fails_at_its_replicas() {
        let k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: room\n  labels: \
                   {app.kubernetes.io/name: ui-webinar-room}\nspec: {replicas: 0}\n";
        let (line, column) = place(k8s, "0}", 0);
        let found = located_findings(
            &profile(CONTOURS, ROOM, NO_MARKS),
            &inputs(&[(InputKind::Runtime, k8s)]),
        );
        assert_eq!(found, [(RequiredActive, Error, Runtime, line, column)]);
    }

    #[test]
    fn a_required_module_without_a_workload_fails_at_its_id() {
        let compose = "services:\n  redis: {image: redis}\n";
        let text = profile(CONTOURS, ROOM, NO_MARKS);
        let (line, column) = place(&text, "ui-webinar-room", 0);
        let found = located_findings(&text, &inputs(&[(InputKind::Runtime, compose)]));
        assert_eq!(
            found.first(),
            Some(&(RequiredActive, Error, Profile, line, column))
        );
    }
}
