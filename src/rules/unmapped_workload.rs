//! `unmapped-workload`: every workload of the deployment belongs to a module, or is known
//! to belong to none.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::load::runtime::{MappedBy, Owner, Platform};
use crate::source::{InputKind, escape_controls};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::UnmappedWorkload,
    severity: Severity::Warning,
    needs: Needs::Input(InputKind::Runtime),
    waivable: true,
    summary: "every workload of the runtime deployment belongs to a module",
    why: "The profile can only vouch for what it can see. A workload that no label maps to a \
          module runs in the release unjudged: it may be infrastructure (a log shipper, an \
          ingress), or a module under a name the gate cannot recognise, which would then be \
          switched on behind the profile's back.",
    fails: "A workload of the `--runtime` Kubernetes manifests carries no \
            `app.kubernetes.io/name` label (neither on itself nor on its pod template) and no \
            mapping in the configuration; or a Compose service is neither named after a module \
            nor labelled `profile-check.module`. Each such workload is listed once, at its \
            name. A warning: it fails the gate only under `--strict`.",
    bad: "# rendered.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  \
          labels:\n    app: chat",
    good: "# rendered.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  \
           labels:\n    app.kubernetes.io/name: webinar-chat",
    fix: "Label the workload with the id of its module (`app.kubernetes.io/name: webinar-chat`, \
          on the workload or its pod template; Compose: `profile-check.module: webinar-chat`), \
          or, for infrastructure that belongs to no module, list it among the configuration's \
          ignored workloads.",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(deployment) = cx.deployment() else {
        return;
    };
    for workload in &deployment.workloads {
        let unmapped = match &workload.owner {
            Owner::Unmapped => true,
            // A Compose service's name that is no module id maps nothing.
            Owner::Module {
                id,
                by: MappedBy::Name,
            } => cx.profile.module(&id.value).is_none(),
            Owner::Module { .. } | Owner::Ignored => false,
        };
        if !unmapped {
            continue;
        }
        let label = escape_controls(&deployment.label);
        let (message, help) = match deployment.platform {
            Platform::Kubernetes => (
                format!(
                    "the deployment's `{}` carries no `{label}` label: it belongs to no module of the profile",
                    workload.title()
                ),
                format!(
                    "label it `{label}: <module id>` (on the workload or its pod template), or list it among the configuration's ignored workloads"
                ),
            ),
            Platform::Compose => (
                format!(
                    "the Compose service `{}` is named after no module and carries no `{label}` label: it belongs to no module of the profile",
                    escape_controls(&workload.name.value)
                ),
                format!(
                    "label it `{label}: <module id>`, or list it among the configuration's ignored workloads"
                ),
            ),
        };
        findings.push(
            RULE.finding(workload.name.span, message, help)
                .in_file_of(InputKind::Runtime, workload.file),
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
    const ROOM: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: room\n  \
                        labels: {app.kubernetes.io/name: ui-webinar-room}\n";

    fn found(
        runtime: &str,
    ) -> Vec<(
        crate::rules::RuleId,
        crate::finding::Severity,
        InputKind,
        u32,
        u32,
    )> {
        located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, runtime)]),
        )
    }

    #[test]
    fn workloads_that_all_belong_to_modules_pass() {
        assert_eq!(found(ROOM), []);
        let compose = "services:\n  room:\n    image: room\n    labels: [profile-check.module=ui-webinar-room]\n";
        assert_eq!(found(compose), []);
    }

    #[test]
    fn a_workload_without_the_label_warns_once_at_its_name() {
        let k8s = format!(
            "{ROOM}---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: log-shipper\n  \
             labels: {{app.kubernetes.io/instance: webinars}}\nspec:\n  template:\n    metadata:\n      \
             labels: {{app: log-shipper}}\n"
        );
        let (line, column) = place(&k8s, "log-shipper", 0);
        assert_eq!(
            found(&k8s),
            [(UnmappedWorkload, Warning, Runtime, line, column)]
        );
    }

    #[test]
    fn a_compose_service_named_after_no_module_warns_at_its_key() {
        let compose = "services:\n  ui-webinar-room: {image: room}\n  redis: {image: redis}\n";
        let (line, column) = place(compose, "redis:", 0);
        assert_eq!(
            found(compose),
            [(UnmappedWorkload, Warning, Runtime, line, column)]
        );
    }
}
