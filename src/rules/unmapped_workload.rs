//! `unmapped-workload`: every workload of the deployment belongs to a module, or is known
//! to belong to none; a Compose service named after one module is not labelled as another.

use super::{Context, Needs, Rule, RuleId};
use crate::finding::{Finding, Severity};
use crate::inputs::InputKind;
use crate::load::runtime::{MappedBy, Owner, Platform, Workload};
use crate::suggest::nearest;

/// The registry entry.
pub static RULE: Rule = Rule {
    id: RuleId::UnmappedWorkload,
    severity: Severity::Error,
    needs: Needs::Input(InputKind::Runtime),
    summary: "every workload of the runtime deployment belongs to a module",
    why: "The profile can only vouch for what it can see. A workload that no label maps to a \
          module runs in the release unjudged: it may be infrastructure (a log shipper, an \
          ingress), or a module under a name the gate cannot recognise, which would then be \
          switched on behind the profile's back.",
    fails: "A workload of the `--runtime` Kubernetes manifests carries no \
            `app.kubernetes.io/name` label (neither on itself nor on its pod template) and no \
            mapping in the configuration; or a Compose service is neither named after a module \
            nor labelled `profile-check.module`. Each such workload is listed once, at its \
            name, with the module id nearest its name or label values. A workload of a kind the \
            gate does not model counts when it carries pods or the mapping label. Also a \
            Compose service named after one module of the profile but labelled as another.",
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
    let label = &deployment.label;
    for workload in &deployment.workloads {
        if let Some(finding) = misnamed(cx, deployment.platform, label, workload) {
            findings.push(finding);
            continue;
        }
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
        let nearest = nearest_module(cx, workload);
        let suggestion = nearest
            .map(|id| format!("; did you mean `{id}`?"))
            .unwrap_or_default();
        let example = nearest.unwrap_or("<module id>");
        let ignore = format!(
            "or, for infrastructure that belongs to no module, add `\"{}\"` to `ignore` in the configuration's `[runtime]`",
            workload.title()
        );
        let (message, help) = match deployment.platform {
            Platform::Kubernetes => (
                format!(
                    "the deployment's `{}` carries no `{label}` label: it belongs to no module of the profile{suggestion}",
                    workload.title()
                ),
                format!(
                    "label it `{label}: {example}` (on the workload or its pod template), {ignore}"
                ),
            ),
            Platform::Compose => (
                format!(
                    "the Compose service `{}` is named after no module and carries no `{label}` label: it belongs to no module of the profile{suggestion}",
                    &workload.name.value
                ),
                format!(
                    "label it `{label}: {example}`, or, for infrastructure that belongs to no module, add `\"{}\"` to `ignore` in the configuration's `[runtime]`",
                    &workload.name.value
                ),
            ),
        };
        findings.push(
            RULE.finding(workload.name.span, message, help)
                .in_file_of(InputKind::Runtime, workload.file),
        );
    }
}

/// The module id nearest the workload's name or one of its label values.
fn nearest_module<'p>(cx: &Context<'p>, workload: &Workload) -> Option<&'p str> {
    let ids = || cx.profile.modules.iter().map(|m| m.id.value.as_str());
    std::iter::once(workload.name.value.as_str())
        .chain(workload.hints.iter().map(String::as_str))
        .find_map(|word| nearest(word, ids()))
}

/// A Compose service named after one module of the profile but labelled as another: it
/// would be judged as the label says, while whoever reads the file sees the other.
fn misnamed(
    cx: &Context<'_>,
    platform: Platform,
    label: &str,
    workload: &Workload,
) -> Option<Finding> {
    let Owner::Module {
        id,
        by: MappedBy::Label,
    } = &workload.owner
    else {
        return None;
    };
    let name = &workload.name.value;
    if platform != Platform::Compose || *name == id.value || cx.profile.module(name).is_none() {
        return None;
    }
    Some(
        RULE.finding(
            id.span,
            format!(
                "the Compose service `{}` is named after the module `{}` but labelled `{label}: {}`: it would be judged as one module while it is named as another",
                name,
                name,
                &id.value
            ),
            format!(
                "rename the service after the module it runs, or label it `{label}: {name}`"
            ),
        )
        .in_file_of(InputKind::Runtime, workload.file),
    )
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
    fn a_workload_without_the_label_is_an_error_once_at_its_name() {
        let k8s = format!(
            "{ROOM}---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: log-shipper\n  \
             labels: {{app.kubernetes.io/instance: webinars}}\nspec:\n  template:\n    metadata:\n      \
             labels: {{app: log-shipper}}\n"
        );
        let (line, column) = place(&k8s, "log-shipper", 0);
        assert_eq!(
            found(&k8s),
            [(UnmappedWorkload, Error, Runtime, line, column)]
        );
    }

    #[test]
    fn a_compose_service_named_after_no_module_is_an_error_at_its_key() {
        let compose = "services:\n  ui-webinar-room: {image: room}\n  redis: {image: redis}\n";
        let (line, column) = place(compose, "redis:", 0);
        assert_eq!(
            found(compose),
            [(UnmappedWorkload, Error, Runtime, line, column)]
        );
    }

    #[test]
    fn a_compose_service_named_after_a_module_but_labelled_another_is_an_error_at_the_label() {
        let modules =
            format!("{MODULES}  - {{id: webinar-chat, name: C, role: ui, status: disabled}}\n");
        let run = |compose: &str| {
            located_findings(
                &profile(CONTOURS, &modules, NO_MARKS),
                &inputs(&[(InputKind::Runtime, compose)]),
            )
            .into_iter()
            .filter(|f| f.0 == UnmappedWorkload)
            .collect::<Vec<_>>()
        };
        let misnamed = "services:\n  webinar-chat:\n    image: chat\n    replicas: 0\n    \
                        labels: {profile-check.module: ui-webinar-room}\n";
        let (line, column) = place(misnamed, "ui-webinar-room", 0);
        assert_eq!(
            run(misnamed),
            [(UnmappedWorkload, Error, Runtime, line, column)]
        );
        let same = misnamed.replace("ui-webinar-room}", "webinar-chat}");
        assert_eq!(run(&same), []);
        let no_module = misnamed.replace("  webinar-chat:", "  chat-api:");
        assert_eq!(run(&no_module), [], "a name that is no module says nothing");
    }

    #[test]
    fn the_nearest_module_id_is_suggested_by_name_or_label_value() {
        let text = profile(CONTOURS, MODULES, NO_MARKS);
        let source = crate::source::Source::new("test.yaml", text.as_str());
        let Ok(profile) = crate::load::profile(&source) else {
            panic!("{text}");
        };
        let message = |runtime: &str| {
            let given = inputs(&[(InputKind::Runtime, runtime)]);
            let mut context = crate::rules::Context::new(&profile, &given);
            crate::rules::run(&mut context)
                .findings
                .into_iter()
                .filter(|f| f.rule == UnmappedWorkload)
                .map(|f| (f.message, f.help))
                .collect::<Vec<_>>()
        };
        let by_name =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ui-webinar-rooms\n";
        let by_label = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: room\n  \
                        labels: {app: ui-webinar-room}\n";
        for runtime in [by_name, by_label] {
            let found = message(runtime);
            assert!(
                found.len() == 1
                    && found
                        .iter()
                        .all(|(m, h)| m.ends_with("; did you mean `ui-webinar-room`?")
                            && h.contains("`app.kubernetes.io/name: ui-webinar-room`")
                            && h.contains("to `ignore`")),
                "{found:?}"
            );
        }
        let far = message("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: postgres\n");
        assert!(
            far.iter()
                .all(|(m, h)| !m.contains("did you mean") && h.contains("<module id>")),
            "{far:?}"
        );
    }
}
