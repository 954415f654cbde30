//! `unknown-module`: the environment switches on only modules the profile knows.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;
use crate::load::runtime::{Deployment, MappedBy, Owner, Runtime};

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::UnknownModule,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Runtime),
    summary: "the runtime input names only modules the profile lists",
    why: "The source profile: \"В PROD допускаются только модули со статусом required/optional\" \
          of its table. A module the profile does not list has no status at all: the \
          environment runs something nobody classified for the release.",
    fails: "The `--runtime` manifest's `active` list names an id that is not a module of the \
            profile; or a workload of the `--runtime` deployment is labelled (or mapped by the \
            configuration) with such an id, found at the label's value.",
    bad: "# runtime.yaml\nenvironment: prod\nactive:\n  - core-webinar-event\n  - webinar-chat-v2",
    good: "# runtime.yaml\nenvironment: prod\nactive:\n  - core-webinar-event",
    fix: "Switch the module off in the environment, or, if it belongs in the release, add it \
          to the Markdown profile and the YAML first (with its role and status).",
    check,
};

fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let entries = match cx.runtime() {
        Some(Runtime::Manifest(manifest)) => &manifest.active,
        Some(Runtime::Deployment(deployment)) => return workloads(cx, deployment, findings),
        None => return,
    };
    for entry in entries {
        if cx.profile.module(&entry.value).is_some() {
            continue;
        }
        findings.push(
            RULE.finding(
                entry.span,
                format!(
                    "the runtime manifest switches on `{}`, which is not a module of the profile{}",
                    &entry.value,
                    cx.did_you_mean_module(&entry.value)
                ),
                "switch it off, or add the module to the profile before release".to_owned(),
            )
            .in_file(InputKind::Runtime),
        );
    }
}

/// A workload whose label (or configured mapping) names an id the profile does not list. A
/// Compose service's name is only a candidate id: one that names no module is unmapped
/// (rule `unmapped-workload`), not unknown.
fn workloads(cx: &Context<'_>, deployment: &Deployment, findings: &mut Vec<Finding>) {
    for workload in &deployment.workloads {
        let Owner::Module { id, by } = &workload.owner else {
            continue;
        };
        if *by == MappedBy::Name || cx.profile.module(&id.value).is_some() {
            continue;
        }
        let how = match by {
            MappedBy::Config => format!("is mapped by the configuration to `{}`", &id.value),
            _ => format!("is labelled `{}: {}`", &deployment.label, &id.value),
        };
        findings.push(
            RULE.finding(
                id.span,
                format!(
                    "the deployment's `{}` {how}, which is not a module of the profile{}",
                    workload.title(),
                    cx.did_you_mean_module(&id.value)
                ),
                "label it with the id of a module of the profile, or add the module to the profile before release"
                    .to_owned(),
            )
            .in_file_of(InputKind::Runtime, workload.file),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity::*;
    use crate::inputs::InputKind::{self, Runtime};
    use crate::rules::RuleId::*;
    use crate::rules::test_support::{
        CONTOURS, NO_MARKS, inputs, located_findings, place, profile,
    };

    const MODULES: &str = "  - {id: ui-webinar-room, name: R, role: ui, status: required}\n";

    fn runtime(active: &str) -> String {
        format!("environment: prod\nactive:\n{active}")
    }

    #[test]
    fn a_manifest_of_known_modules_passes() {
        let manifest = runtime("  - ui-webinar-room\n");
        let found = located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, &manifest)]),
        );
        assert_eq!(found, []);
    }

    #[test]
    fn an_unknown_id_fails_at_its_manifest_entry() {
        let manifest = runtime("  - ui-webinar-room\n  - ui-webinar-rom\n");
        let (line, column) = place(&manifest, "ui-webinar-rom", 0);
        let found = located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, &manifest)]),
        );
        assert_eq!(found, [(UnknownModule, Error, Runtime, line, column)]);
    }

    #[test]
    fn a_workload_labelled_with_an_unknown_id_fails_at_the_label() {
        let k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-v2\n  labels:\n    \
                   app.kubernetes.io/name: webinar-chat-v2\n";
        let (line, column) = place(k8s, "webinar-chat-v2", 0);
        let found = located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, k8s)]),
        );
        assert!(
            found.contains(&(UnknownModule, Error, Runtime, line, column)),
            "{found:?}"
        );
    }

    #[test]
    fn a_compose_service_named_like_no_module_is_not_unknown() {
        let compose = "services:\n  ui-webinar-room: {image: room}\n  redis: {image: redis}\n";
        let found = located_findings(
            &profile(CONTOURS, MODULES, NO_MARKS),
            &inputs(&[(InputKind::Runtime, compose)]),
        );
        assert!(found.iter().all(|f| f.0 != UnknownModule), "{found:?}");
    }
}
