//! `disabled-inactive`: a disabled module is never switched on.

use super::{Activation, Context, Needs, Origin, Rule, RuleId, named};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;
use crate::load::runtime::{Evidence, Platform};
use crate::profile::{Module, Status};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::DisabledInactive,
    severity: Severity::Error,
    needs: Needs::Profile,
    summary: "a `disabled` module is never active",
    why: "The source profile: \"Disabled модули не должны быть активированы в prod-окружении\". \
          A disabled module that runs anyway is behaviour nobody signed off for the release.",
    fails: "A module with `status: disabled` is active: its `active: true`, its id in the \
            `--runtime` manifest's `active` list, or a running workload of the `--runtime` \
            deployment (Kubernetes `replicas` above 0 or raised by a scaler's minimum, a DaemonSet, \
            any Pod or Job, finished or not, a CronJob not suspended, a Knative Service, a \
            resource of a kind the gate does not model that carries pods or the module's label; \
            a Compose service not scaled to 0 nor behind a disabled profile, or deployed \
            `mode: global`), one finding per running workload, at its `replicas:` (or \
            `suspend:`, `mode:`, the scaler's minimum, a Job's CronJob reference, or `kind:`). Its own `active: true` fails \
            also when the runtime decides the activation: the field says someone meant to \
            switch it on.",
    bad: "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled\n    \
          active: true",
    good: "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled\n    \
           active: false",
    fix: "Switch the module off in the environment (and here: `active: false`), or, if it \
          must run, change its status in the Markdown profile first, then here: any enabling \
          of a disabled module needs the profile updated before release.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (module, activation) in cx.modules() {
        if module.status.value != Status::Disabled {
            continue;
        }
        match activation {
            Activation::Active(Origin::Field(span)) => {
                findings.push(switched_on(module, span, String::new()));
            }
            Activation::Active(Origin::Manifest(span)) => findings.push(
                RULE.finding(
                    span,
                    format!(
                        "the runtime manifest switches on {}, which is `disabled` in the profile",
                        named(module)
                    ),
                    "remove it from the manifest's `active`, or update the profile's status before release"
                        .to_owned(),
                )
                .in_file(InputKind::Runtime)
                .module(&module.id.value),
            ),
            // Every workload that may run counts, also one that leaves the module inactive
            // for `required-active` (a kind the gate does not model, a scaler's minimum).
            Activation::Active(Origin::Workload(_)) | Activation::Inactive(Origin::Workload(_)) => {
                running_workloads(cx, module, findings);
            }
            _ => {}
        }
        // With `--runtime` the manifest or the deployment decides the activation, but a
        // disabled module's own `active: true` still says someone meant to switch it on:
        // it is reported at that field too, whatever the runtime says.
        let overridden = !matches!(activation, Activation::Active(Origin::Field(_)));
        if let Some(field) = module.active.as_ref().filter(|a| a.value && overridden) {
            let runtime = match activation {
                Activation::Active(_) => " (the runtime switches it on as well)",
                _ => " by its `active: true`, though the runtime leaves it off",
            };
            findings.push(switched_on(module, field.span, runtime.to_owned()));
        }
    }
}

fn switched_on(module: &Module, span: crate::source::Span, why: String) -> Finding {
    RULE.finding(
        span,
        format!("{} is `disabled` but switched on{why}", named(module)),
        "set `active: false` (`check --fix` removes the `active: true`), or update the profile's status before release".to_owned(),
    )
    .module(&module.id.value)
}

/// One finding per workload that runs the disabled `module`, at what makes it run.
fn running_workloads(cx: &Context<'_>, module: &Module, findings: &mut Vec<Finding>) {
    let Some(deployment) = cx.deployment() else {
        return;
    };
    for (_, workload) in deployment.workloads_of(&module.id.value) {
        if !workload.running {
            continue;
        }
        let help = match workload.evidence.value {
            Evidence::Replicas(_) | Evidence::DefaultReplicas
                if deployment.platform == Platform::Compose =>
            {
                "set `deploy.replicas: 0`, or update the profile's status before release"
            }
            Evidence::Replicas(_) | Evidence::DefaultReplicas => {
                "set `replicas: 0` (or leave the workload out of the release), or update the profile's status before release"
            }
            Evidence::Suspend(true) => {
                "a suspended Job starts its pods when resumed (and may have run before): leave it out of the release, or update the profile's status before release"
            }
            Evidence::Paused => {
                "a paused workload keeps the pods it already runs: set `replicas: 0` (or leave it out of the release), or update the profile's status before release"
            }
            Evidence::Suspend(false) => {
                "set `suspend: true` (or leave it out of the release), or update the profile's status before release"
            }
            Evidence::HelmTest => {
                "`helm test` runs a test hook: leave it out of the chart, or update the profile's status before release"
            }
            Evidence::Kind => {
                "leave the workload out of the release, or update the profile's status before release"
            }
            Evidence::ProfileEnabled => {
                "enable none of its `profiles:` in the release (`--compose-profile`), or update the profile's status before release"
            }
            Evidence::Global => {
                "deploy the service `mode: replicated` with `replicas: 0` (a global service runs on every node), or update the profile's status before release"
            }
            Evidence::CronJobRun => {
                "a Job its CronJob started ran the module: suspend the CronJob (`suspend: true`) and delete the Job, or update the profile's status before release"
            }
            Evidence::Scaled(_) => {
                "remove the scaler that targets the workload (or its target), or update the profile's status before release"
            }
            // Neither runs: they never reach here.
            Evidence::Defined | Evidence::ProfilesOff => {
                "set `deploy.replicas: 0` or put the service behind a profile the release does not enable, or update the profile's status before release"
            }
        };
        findings.push(
            RULE.finding(
                workload.evidence.span,
                format!(
                    "{} is `disabled` but the deployment runs it ({})",
                    named(module),
                    workload.describe(deployment.platform)
                ),
                help.to_owned(),
            )
            .in_file_of(InputKind::Runtime, workload.evidence_file)
            .module(&module.id.value),
        );
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
    fn a_disabled_module_switched_off_passes() {
        let modules =
            "  - {id: webinar-chat, name: W, role: ui, status: disabled, active: false}\n";
        assert_eq!(findings(&profile(CONTOURS, modules, NO_MARKS)), []);
    }

    #[test]
    fn a_disabled_module_switched_on_fails_at_its_switch() {
        let modules = "  - {id: webinar-chat, name: W, role: ui, status: disabled, active: true}\n";
        let text = profile(CONTOURS, modules, NO_MARKS);
        let (line, column) = place(&text, "true", 0);
        assert_eq!(findings(&text), [(DisabledInactive, Error, line, column)]);
    }

    const CHAT: &str = "  - {id: webinar-chat, name: W, role: ui, status: disabled}\n";

    fn chat_deployment(replicas: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  labels:\n    \
             app.kubernetes.io/name: webinar-chat\nspec:\n  replicas: {replicas}\n"
        )
    }

    #[test]
    fn a_disabled_module_scaled_to_zero_passes() {
        let found = located_findings(
            &profile(CONTOURS, CHAT, NO_MARKS),
            &inputs(&[(InputKind::Runtime, &chat_deployment("0"))]),
        );
        assert_eq!(found, []);
    }

    #[test]
    fn a_disabled_module_scaled_up_fails_at_its_replicas() {
        let k8s = chat_deployment("2");
        let (line, column) = place(&k8s, "2", 0);
        let found = located_findings(
            &profile(CONTOURS, CHAT, NO_MARKS),
            &inputs(&[(InputKind::Runtime, &k8s)]),
        );
        assert_eq!(found, [(DisabledInactive, Error, Runtime, line, column)]);
    }

    #[test]
    fn its_own_active_true_fails_also_under_a_manifest() {
        let modules = "  - {id: core, name: C, role: core, status: required}\n  \
                       - {id: webinar-chat, name: W, role: ui, status: disabled, active: true}\n";
        let text = profile(CONTOURS, modules, NO_MARKS);
        let (line, column) = place(&text, "true", 0);
        // The manifest leaves the chat off; its field still says it is on.
        let manifest = "environment: prod\nactive:\n  - core\n";
        let found = located_findings(&text, &inputs(&[(InputKind::Runtime, manifest)]));
        assert_eq!(found, [(DisabledInactive, Error, Profile, line, column)]);
        // The manifest switches it on too: both places are reported.
        let manifest = "environment: prod\nactive:\n  - core\n  - webinar-chat\n";
        let found = located_findings(&text, &inputs(&[(InputKind::Runtime, manifest)]));
        assert_eq!(
            found,
            [
                (DisabledInactive, Error, Profile, line, column),
                (DisabledInactive, Error, Runtime, 4, 5)
            ]
        );
    }
}
