//! Tests of the reader beside (`kubernetes.rs`).

use super::super::parse_runtime;
use super::super::{MAX_DOCUMENTS, Platform};
use super::*;

fn deployment_with(text: &str, mapping: &Mapping) -> Result<Deployment, Vec<Problem>> {
    let docs = parse_runtime(text, MAX_DOCUMENTS)
        .map_err(|p| vec![p])?
        .documents;
    let mut out = Deployment::new(Platform::Kubernetes, &Mapping::default());
    let problems = read(&docs, 0, mapping, &mut out);
    super::super::links::settle(&mut out);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn deployment(text: &str) -> Deployment {
    deployment_with(text, &Mapping::default()).unwrap_or_else(|p| panic!("{p:?}"))
}

/// Title, module, running, evidence, line and column of a workload.
type Seen<'a> = (String, Option<&'a str>, bool, Evidence, u32, u32);

fn seen(d: &Deployment) -> Vec<Seen<'_>> {
    d.workloads
        .iter()
        .map(|w| {
            (
                w.title(),
                w.module(),
                w.running,
                w.evidence.value,
                w.evidence.span.line,
                w.evidence.span.column,
            )
        })
        .collect()
}

fn problems(text: &str) -> Vec<(u32, u32, String)> {
    match deployment_with(text, &Mapping::default()) {
        Ok(_) => panic!("expected problems in\n{text}"),
        Err(problems) => problems
            .into_iter()
            .map(|p| {
                let (line, column) = p.span.map_or((0, 0), |s| (s.line, s.column));
                (line, column, p.worded().into_owned())
            })
            .collect(),
    }
}

const STREAM: &str = "\
---
# Source: webinar-chat/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: chat-api
  labels:
    app.kubernetes.io/name: webinar-chat
spec:
  replicas: 2
---
# Source: core/templates/service.yaml
apiVersion: v1
kind: Service
metadata: {name: core}
---
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: room}
spec:
  template:
    metadata:
      labels: {app.kubernetes.io/name: ui-webinar-room}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: autowebinar, labels: {app.kubernetes.io/name: autowebinar-delivery}}
spec:
  suspend: true
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter}
";

#[test]
fn a_helm_stream_gives_each_workload_its_module_and_its_switch() {
    let d = deployment(STREAM);
    assert_eq!(
        seen(&d),
        [
            (
                "Deployment/chat-api".to_owned(),
                Some("webinar-chat"),
                true,
                Evidence::Replicas(2),
                10,
                13
            ),
            (
                "StatefulSet/room".to_owned(),
                Some("ui-webinar-room"),
                true,
                Evidence::DefaultReplicas,
                19,
                7
            ),
            (
                "CronJob/autowebinar".to_owned(),
                Some("autowebinar-delivery"),
                false,
                Evidence::Suspend(true),
                30,
                12
            ),
            (
                "DaemonSet/node-exporter".to_owned(),
                None,
                true,
                Evidence::Kind,
                33,
                7
            ),
        ]
    );
    assert_eq!(d.ignored, 1, "the Service runs nothing of its own");
    assert_eq!(
        d.workloads.get(1).map(|w| &w.owner),
        Some(&Owner::Module {
            id: Located::new(
                "ui-webinar-room".to_owned(),
                crate::source::Span::new(24, 40, 15)
            ),
            by: MappedBy::PodTemplateLabel
        })
    );
    assert_eq!(
        d.unmapped().map(Workload::title).collect::<Vec<_>>(),
        ["DaemonSet/node-exporter"]
    );
    assert_eq!(
        d.workloads
            .first()
            .map(|w| w.describe(Platform::Kubernetes)),
        Some("kubernetes: Deployment/chat-api, replicas 2".to_owned())
    );
}

#[test]
fn a_kubectl_list_in_json_is_read_item_by_item() {
    let json = r#"{
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {"apiVersion": "apps/v1", "kind": "Deployment",
     "metadata": {"name": "chat-api", "labels": {"app.kubernetes.io/name": "webinar-chat"}},
     "spec": {"replicas": 0}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}},
    {"apiVersion": "batch/v1", "kind": "Job",
     "metadata": {"name": "migrate", "labels": {"app.kubernetes.io/name": "core-webinar-event"}}}
  ]
}"#;
    let d = deployment(json);
    assert_eq!(
        seen(&d),
        [
            (
                "Deployment/chat-api".to_owned(),
                Some("webinar-chat"),
                false,
                Evidence::Replicas(0),
                7,
                27
            ),
            (
                "Job/migrate".to_owned(),
                Some("core-webinar-event"),
                true,
                Evidence::Kind,
                9,
                40
            ),
        ]
    );
    assert_eq!(d.ignored, 1);
}

#[test]
fn a_cronjob_runs_unless_suspended_and_its_template_label_counts() {
    let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: digest}\nspec:\n  \
                    suspend: false\n  jobTemplate:\n    spec:\n      template:\n        \
                    metadata:\n          labels: {app.kubernetes.io/name: post-webinar-routing-service}\n";
    let d = deployment(text);
    assert_eq!(
        seen(&d),
        [(
            "CronJob/digest".to_owned(),
            Some("post-webinar-routing-service"),
            true,
            Evidence::Suspend(false),
            5,
            12
        )]
    );
}

#[test]
fn a_custom_resource_named_like_a_workload_is_ignored() {
    let d = deployment("apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: x}\n");
    assert!(d.workloads.is_empty());
    assert_eq!(d.ignored, 1);
}

#[test]
fn the_configuration_maps_and_ignores_by_name() {
    let mut mapping = Mapping {
        label: "team.example.com/module".to_owned(),
        ..Mapping::default()
    };
    mapping.workloads.insert(
        "webinar-chat".to_owned(),
        vec!["Deployment/chat-api".to_owned()],
    );
    mapping.ignore.push("ingress".to_owned());
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: chat-api, labels: {app.kubernetes.io/name: something-else}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ingress}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: room, labels: {team.example.com/module: ui-webinar-room}}
";
    let d = deployment_with(text, &mapping).unwrap_or_else(|p| panic!("{p:?}"));
    let owners: Vec<(String, &Owner)> = d.workloads.iter().map(|w| (w.title(), &w.owner)).collect();
    let span = crate::source::Span::new;
    assert_eq!(
        owners,
        [
            (
                "Deployment/chat-api".to_owned(),
                &Owner::Module {
                    id: Located::new("webinar-chat".to_owned(), span(3, 18, 8)),
                    by: MappedBy::Config
                }
            ),
            ("DaemonSet/ingress".to_owned(), &Owner::Ignored),
            (
                "Deployment/room".to_owned(),
                &Owner::Module {
                    id: Located::new("ui-webinar-room".to_owned(), span(11, 58, 15)),
                    by: MappedBy::Label
                }
            ),
        ]
    );
    assert_eq!(d.unmapped().count(), 0);
}

#[test]
fn wrong_types_are_problems_at_their_value() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: chat-api
  labels: {app.kubernetes.io/name: 3}
spec:
  replicas: \"two\"
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: auto}
spec: {suspend: yes}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: neg}
spec: {replicas: -1}
";
    let found = problems(text);
    let places: Vec<(u32, u32)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(places, [(7, 13), (12, 17), (17, 18)], "{found:?}");
    assert!(
        found.iter().any(|(_, _, m)| m
            .contains("expected `replicas` (a whole number, 0 or more), found the string `two`")),
        "{found:?}"
    );
}

#[test]
fn a_label_that_is_not_an_id_is_a_problem() {
    let found = problems(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\n  labels: {app.kubernetes.io/name: 3}\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found.iter().all(|(l, c, m)| *l == 5
        && *c == 36
        && m.contains(
            "expected a module id (the label `app.kubernetes.io/name` names a module), found the number `3`"
        )));
}

#[test]
fn what_is_not_a_resource_is_a_problem() {
    let found = problems(
        "- a\n---\nkind: Deployment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {}\nspec:\n  replicas: 1\n",
    );
    let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "expected a Kubernetes resource (a mapping), found a list",
            "a Kubernetes resource is missing the field `apiVersion`",
            "`metadata` is missing the field `name`",
        ]
    );
    // A key given twice is refused as the YAML is read, at the second.
    let found = problems(
        "- a\n---\nkind: Deployment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {}\nspec:\n  replicas: 1\n  replicas: 2\n",
    );
    let messages: Vec<(u32, &str)> = found.iter().map(|(l, _, m)| (*l, m.as_str())).collect();
    assert_eq!(
        messages,
        [(
            10,
            "duplicate key `replicas` in `spec`; the first is at line 9, column 3"
        )]
    );
}

/// Title, module, running and evidence of each workload, and the count of ignored
/// resources.
/// Title, module, running and evidence of a workload.
type Judged = (String, Option<String>, bool, Evidence);

fn judged(text: &str) -> (Vec<Judged>, usize) {
    let d = deployment(text);
    let seen = d
        .workloads
        .iter()
        .map(|w| {
            (
                w.title(),
                w.module().map(str::to_owned),
                w.running,
                w.evidence.value,
            )
        })
        .collect();
    (seen, d.ignored)
}

#[test]
fn a_bare_pod_runs_as_its_module_in_any_phase() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: chat-debug\n  labels: \
                   {app.kubernetes.io/name: webinar-chat}\nspec:\n  containers: [{name: chat, image: chat}]\n";
    assert_eq!(
        judged(pod),
        (
            vec![(
                "Pod/chat-debug".to_owned(),
                Some("webinar-chat".to_owned()),
                true,
                Evidence::Kind
            )],
            0
        )
    );
    for phase in ["Succeeded", "Failed", "Running", "Pending", "[]"] {
        let done = format!("{pod}status: {{phase: {phase}}}\n");
        assert_eq!(
            judged(&done).0.first().map(|w| (w.2, w.3)),
            Some((true, Evidence::Kind)),
            "`status` is never read: {phase}"
        );
    }
}

#[test]
fn an_argo_rollout_runs_its_replicas() {
    let rollout = |replicas: u32| {
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: chat-api\n  \
                 labels: {{app.kubernetes.io/name: webinar-chat}}\nspec:\n  replicas: {replicas}\n  \
                 template:\n    spec:\n      containers: [{{name: chat, image: chat}}]\n"
        )
    };
    let d = deployment(&rollout(2));
    assert_eq!(
        seen(&d),
        [(
            "Rollout/chat-api".to_owned(),
            Some("webinar-chat"),
            true,
            Evidence::Replicas(2),
            7,
            13
        )]
    );
    assert_eq!(
        d.workloads
            .first()
            .map(|w| w.describe(Platform::Kubernetes)),
        Some("kubernetes: Rollout/chat-api, replicas 2".to_owned())
    );
    assert_eq!(
        judged(&rollout(0)).0.first().map(|w| (w.2, w.3)),
        Some((false, Evidence::Replicas(0))),
        "fail closed, but `replicas: 0` holds it"
    );
}

#[test]
fn a_knative_service_runs_as_the_module_of_its_pod_template() {
    let knative = "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: chat}\n\
                       spec:\n  template:\n    metadata:\n      labels: {app.kubernetes.io/name: webinar-chat}\n    \
                       spec:\n      containers: [{image: chat}]\n";
    assert_eq!(
        judged(knative),
        (
            vec![(
                "Service/chat".to_owned(),
                Some("webinar-chat".to_owned()),
                true,
                Evidence::Kind
            )],
            0
        )
    );
}

#[test]
fn an_unknown_kind_is_mapped_by_the_configuration_under_its_own_kind() {
    let mut mapping = Mapping::default();
    mapping.workloads.insert(
        "webinar-chat".to_owned(),
        vec!["Rollout/chat-api".to_owned()],
    );
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: chat-api}\n\
                    spec:\n  template: {spec: {containers: [{image: chat}]}}\n";
    let d = deployment_with(text, &mapping).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(
        d.workloads.first().map(|w| (w.module(), w.running)),
        Some((Some("webinar-chat"), true))
    );
    let unmapped = deployment(text);
    assert_eq!(
        unmapped.unmapped().map(Workload::title).collect::<Vec<_>>(),
        ["Rollout/chat-api"],
        "pods that no label maps are listed as unmapped, not passed over"
    );
}

#[test]
fn an_unknown_kind_without_pods_or_label_stays_ignored() {
    let text = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: chat-tls\n  \
                    labels: {app: chat}\nspec: {secretName: chat-tls}\n";
    assert_eq!(judged(text), (vec![], 1));
    // The configuration's `ignore` names it: read, and belonging to no module.
    let mut mapping = Mapping::default();
    mapping.ignore.push("Certificate/chat-tls".to_owned());
    let labelled = text.replace("app: chat", "app.kubernetes.io/name: webinar-chat");
    let d = deployment_with(&labelled, &mapping).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(
        d.workloads.first().map(|w| (&w.owner, w.running)),
        Some((&Owner::Ignored, true))
    );
}

#[test]
fn a_pod_template_labelled_for_another_module_is_a_problem_at_its_label() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: events\n  labels: \
                    {app.kubernetes.io/name: core-webinar-event}\nspec:\n  replicas: 1\n  template:\n    \
                    metadata:\n      labels: {app.kubernetes.io/name: webinar-chat}\n";
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
            found.iter().all(|(l, c, m)| *l == 10
                && *c == 40
                && m.contains("the pod template is labelled `app.kubernetes.io/name: webinar-chat`, but its Deployment is labelled `core-webinar-event` (line 5)")),
            "{found:?}"
        );
    let same = text.replace("webinar-chat}", "core-webinar-event}");
    assert_eq!(
        judged(&same).0.first().map(|w| w.1.clone()),
        Some(Some("core-webinar-event".to_owned()))
    );
}

const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: autowebinar-delivery-29000000\n  \
                       labels: {app.kubernetes.io/name: autowebinar-delivery}\n";

fn job(rest: &str) -> (bool, Evidence) {
    let text = format!("{JOB}{rest}");
    judged(&text)
        .0
        .first()
        .map(|w| (w.2, w.3))
        .unwrap_or_else(|| panic!("no workload in\n{text}"))
}

#[test]
fn a_job_runs_finished_or_not() {
    assert_eq!(job(""), (true, Evidence::Kind), "a rendered Job runs");
    for status in [
        "status: {succeeded: 1, completionTime: \"2026-11-28T03:00:09Z\"}\n",
        "status: {succeeded: 1}\n",
        "status:\n  failed: 6\n  conditions:\n  - {type: Failed, status: \"True\"}\n",
        "status:\n  conditions:\n  - {type: Complete, status: \"True\"}\n",
        "status: {completionTime: null, active: 0}\n",
        "spec: {completions: 3}\nstatus: {succeeded: 1, active: 1}\n",
        "status: [not, read]\n",
    ] {
        assert_eq!(
            job(status),
            (true, Evidence::Kind),
            "`status` is never read: {status}"
        );
    }
}

const OWNED: &str =
    "  ownerReferences:\n  - {apiVersion: batch/v1, kind: CronJob, name: autowebinar-delivery}\n";

#[test]
fn a_job_whose_cronjob_is_not_in_the_input_is_judged_as_a_job() {
    assert_eq!(job(OWNED), (true, Evidence::Kind));
    let other = OWNED.replace("kind: CronJob", "kind: Workflow");
    assert_eq!(job(&other), (true, Evidence::Kind));
}

#[test]
fn a_job_of_a_cronjob_in_the_input_is_its_run_and_runs() {
    let cronjob = "---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: autowebinar-delivery\n  \
                       labels: {app.kubernetes.io/name: autowebinar-delivery}\nspec: {suspend: true}\n";
    let text = format!("{JOB}{OWNED}status: {{succeeded: 1}}\n{cronjob}");
    let d = deployment(&text);
    assert_eq!(
        seen(&d),
        [
            (
                "Job/autowebinar-delivery-29000000".to_owned(),
                Some("autowebinar-delivery"),
                true,
                Evidence::CronJobRun,
                7,
                34
            ),
            (
                "CronJob/autowebinar-delivery".to_owned(),
                Some("autowebinar-delivery"),
                false,
                Evidence::Suspend(true),
                15,
                17
            ),
        ]
    );
    // A Job without a label of its own takes its CronJob's module.
    let bare = text.replace(
        "  labels: {app.kubernetes.io/name: autowebinar-delivery}\n  ownerReferences",
        "  ownerReferences",
    );
    let d = deployment(&bare);
    assert_eq!(
        d.workloads.first().map(|w| (w.module(), w.running)),
        Some((Some("autowebinar-delivery"), true))
    );
    // Another namespace's CronJob is not its owner.
    let elsewhere = bare
        .replace("  ownerReferences", "  namespace: a\n  ownerReferences")
        .replace(
            "  name: autowebinar-delivery\n",
            "  name: autowebinar-delivery\n  namespace: b\n",
        );
    let d = deployment(&elsewhere);
    assert_eq!(
        d.workloads
            .first()
            .map(|w| (w.module(), w.running, w.evidence.value)),
        Some((None, true, Evidence::Kind))
    );
}

const CHAT_AT_ZERO: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  \
                                labels: {app.kubernetes.io/name: webinar-chat}\nspec: {replicas: 0}\n";

fn chat_with(scaler: &str) -> (bool, Evidence, u32, u32) {
    let d = deployment(&format!("{scaler}\n---\n{CHAT_AT_ZERO}"));
    let chat = d
        .workloads
        .iter()
        .find(|w| w.title() == "Deployment/chat-api");
    chat.map(|w| {
        (
            w.running,
            w.evidence.value,
            w.evidence.span.line,
            w.evidence.span.column,
        )
    })
    .unwrap_or_else(|| panic!("no chat in {scaler}"))
}

#[test]
fn a_scaler_raises_its_target_to_its_minimum() {
    let keda = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: chat}\nspec:\n  \
                    scaleTargetRef: {name: chat-api}\n  minReplicaCount: 2";
    assert_eq!(chat_with(keda), (true, Evidence::Scaled(2), 6, 20));
    let on_demand = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: chat}\nspec:\n  \
                         scaleTargetRef: {name: chat-api}";
    assert_eq!(chat_with(on_demand), (true, Evidence::Scaled(0), 2, 7));
    let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: chat}\nspec:\n  \
                   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: chat-api}\n  minReplicas: 3";
    assert_eq!(chat_with(hpa), (true, Evidence::Scaled(3), 6, 16));
    let hpa_default = hpa.replace("\n  minReplicas: 3", "");
    assert_eq!(chat_with(&hpa_default), (true, Evidence::Scaled(1), 2, 7));
    let hpa_null = hpa.replace("minReplicas: 3", "minReplicas: null");
    assert_eq!(chat_with(&hpa_null), (true, Evidence::Scaled(1), 6, 16));
    let hpa_zero = hpa.replace("minReplicas: 3", "minReplicas: 0");
    assert_eq!(chat_with(&hpa_zero), (false, Evidence::Replicas(0), 13, 18));
    for other in [
        hpa.replace("name: chat-api}", "name: room}"),
        hpa.replace("kind: Deployment,", "kind: StatefulSet,"),
        hpa.replace("apiVersion: apps/v1,", "apiVersion: example.com/v1,"),
        hpa.replace(
            "metadata: {name: chat}",
            "metadata: {name: chat, namespace: a}",
        ) + "\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}",
        hpa.replace("scaleTargetRef", "target"),
        hpa.replace("autoscaling/v2", "example.com/v1"),
    ] {
        let chat = chat_with(&other);
        assert!(
            !chat.0 || other.contains("namespace: a"),
            "another target: {other}"
        );
    }
    let namespaced = CHAT_AT_ZERO.replace("  labels", "  namespace: b\n  labels");
    let d = deployment(&format!(
        "{}\n---\n{namespaced}",
        hpa.replace(
            "metadata: {name: chat}",
            "metadata: {name: chat, namespace: a}"
        )
    ));
    assert_eq!(
        d.workloads.first().map(|w| w.running),
        Some(false),
        "a scaler of namespace a does not scale namespace b"
    );
    let wrong = hpa.replace("minReplicas: 3", "minReplicas: three");
    let found = problems(&format!("{wrong}\n---\n{CHAT_AT_ZERO}"));
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_scaler_leaves_a_running_target_as_it_is() {
    let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: chat}\nspec:\n  \
                   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: chat-api}\n  minReplicas: 3";
    let running = CHAT_AT_ZERO.replace("replicas: 0", "replicas: 2");
    let d = deployment(&format!("{hpa}\n---\n{running}"));
    assert_eq!(
        d.workloads.first().map(|w| (w.running, w.evidence.value)),
        Some((true, Evidence::Replicas(2)))
    );
}

#[test]
fn an_unknown_kind_with_pods_or_a_modules_label_runs() {
    for (text, module) in [
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: digest}\nspec:\n  templates: [{name: main}]\n",
            None,
        ),
        (
            "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata: {name: digest}\nspec:\n  jobTargetRef: {template: {}}\n",
            None,
        ),
        (
            "apiVersion: example.com/v1\nkind: Batch\nmetadata: {name: digest}\nspec:\n  jobTemplate: {}\n",
            None,
        ),
        (
            "apiVersion: example.com/v1\nkind: Runner\nmetadata: {name: digest}\nspec:\n  containers: []\n  replicas: 0\n",
            None,
        ),
        (
            "apiVersion: example.com/v1\nkind: Schedule\nmetadata:\n  name: digest\n  labels: {app.kubernetes.io/name: webinar-chat}\n",
            Some("webinar-chat"),
        ),
    ] {
        let (judged, ignored) = judged(text);
        assert_eq!(ignored, 0, "{text}");
        assert_eq!(
            judged.first().map(|w| (w.1.as_deref(), w.2, w.3)),
            Some((module, true, Evidence::Kind)),
            "{text}"
        );
    }
}

#[test]
fn an_argo_cronworkflow_runs_unless_suspended() {
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: auto\n  \
                    labels: {app.kubernetes.io/name: autowebinar-delivery}\nspec:\n  schedule: \"0 3 * * *\"\n  \
                    workflowSpec: {entrypoint: main}\n";
    assert_eq!(
        judged(text).0.first().map(|w| (w.1.clone(), w.2, w.3)),
        Some((
            Some("autowebinar-delivery".to_owned()),
            true,
            Evidence::Suspend(false)
        ))
    );
    let held = text.replace("  schedule", "  suspend: true\n  schedule");
    assert_eq!(
        judged(&held).0.first().map(|w| (w.2, w.3)),
        Some((false, Evidence::Suspend(true)))
    );
}

#[test]
fn a_resource_defined_twice_is_a_problem_at_the_second() {
    let text = format!(
        "{CHAT_AT_ZERO}---\n{}",
        CHAT_AT_ZERO.replace("replicas: 0", "replicas: 3")
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found.iter().all(|(l, c, m)| *l == 11
            && *c == 9
            && m.contains("`Deployment/chat-api` is defined a second time")
            && m.contains("the first is at line 4, column 9")),
        "{found:?}"
    );
    // The same name in another namespace, group or kind is another resource; a
    // ConfigMap twice is one resource twice.
    let other_namespace = text.replacen("  labels", "  namespace: a\n  labels", 1).replacen(
            "name: chat-api\n  labels: {app.kubernetes.io/name: webinar-chat}\nspec: {replicas: 3}",
            "name: chat-api\n  namespace: b\n  labels: {app.kubernetes.io/name: webinar-chat}\nspec: {replicas: 3}",
            1,
        );
    assert_eq!(deployment(&other_namespace).workloads.len(), 2);
    let other_kind = text.replacen("kind: Deployment", "kind: StatefulSet", 1);
    assert_eq!(deployment(&other_kind).workloads.len(), 2);
    let old_group = text.replacen("apps/v1", "extensions/v1beta1", 1);
    assert_eq!(
        problems(&old_group).len(),
        1,
        "extensions served apps' Deployments"
    );
    let config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";
    assert_eq!(problems(&format!("{config}---\n{config}")).len(), 1);
}

#[test]
fn titles_hold_names_as_read() {
    // Reports escape them with the message they are worded into (the property test
    // `values_read_from_deployment_material_reach_the_reports_escaped`).
    let d = deployment("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \"chat\\e[2J\"}\n");
    let titles: Vec<String> = d.workloads.iter().map(Workload::title).collect();
    assert_eq!(titles, ["Deployment/chat\u{1b}[2J"]);
}

#[test]
fn a_replicaset_runs_its_replicas_and_null_replicas_mean_one() {
    let rs = |replicas: &str| {
        format!(
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: chat-api-7d9f\n  \
             labels: {{app.kubernetes.io/name: webinar-chat}}\nspec:\n  replicas: {replicas}\n"
        )
    };
    assert_eq!(
        judged(&rs("2")).0.first().map(|w| (w.0.clone(), w.2, w.3)),
        Some((
            "ReplicaSet/chat-api-7d9f".to_owned(),
            true,
            Evidence::Replicas(2)
        ))
    );
    assert_eq!(
        judged(&rs("0")).0.first().map(|w| (w.2, w.3)),
        Some((false, Evidence::Replicas(0)))
    );
    let d = deployment(&rs("null"));
    assert_eq!(
        seen(&d).first().map(|w| (w.2, w.3, w.4, w.5)),
        Some((true, Evidence::DefaultReplicas, 7, 13)),
        "`replicas: null` is the default of 1, at the null"
    );
    let extensions = rs("0").replace("apps/v1", "extensions/v1beta1");
    assert_eq!(judged(&extensions).0.len(), 1);
}

#[test]
fn blank_identity_fields_are_problems() {
    for (text, message) in [
        (
            "apiVersion: \" \"\nkind: Deployment\nmetadata: {name: chat}\n",
            "expected `apiVersion` (a string), found",
        ),
        (
            "apiVersion: apps/v1\nkind: \"\"\nmetadata: {name: chat}\n",
            "expected `kind` (a string), found",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \"  \"}\n",
            "expected `name` (a string), found",
        ),
    ] {
        let found = problems(text);
        assert!(
            found.len() == 1 && found.iter().all(|(_, _, m)| m.contains(message)),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn null_items_make_an_empty_list_of_a_document_and_null_suspend_is_unsuspended() {
    // kubectl reads a document with an `items` key as a list, whatever its value:
    // `items: null` is an empty list, even in a Deployment, which is then not applied.
    let (workloads, ignored) = judged("apiVersion: v1\nkind: List\nitems: null\n");
    assert_eq!((workloads.len(), ignored), (0, 0));
    let chat = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\n  \
                labels: {app.kubernetes.io/name: webinar-chat}\nitems: null\nspec: {replicas: 2}\n";
    let (workloads, ignored) = judged(chat);
    assert_eq!((workloads.len(), ignored), (0, 0));
    // An item of a list with `items: null` makes no list: it is applied as its kind.
    let item = format!(
        "apiVersion: v1\nkind: List\nitems:\n- {}\n",
        "{apiVersion: apps/v1, kind: Deployment, metadata: {name: chat, labels: {app.kubernetes.io/name: webinar-chat}}, items: null, spec: {replicas: 2}}"
    );
    let d = deployment(&item);
    assert_eq!(
        seen(&d).first().map(|w| (w.2, w.3)),
        Some((true, Evidence::Replicas(2)))
    );
    // A list inside a list is refused by kubectl: none of it is applied.
    let nested = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: chat}}\n";
    let found = problems(nested);
    assert!(
        found
            .iter()
            .any(|(l, _, m)| *l == 7 && m.contains("a list inside a list")),
        "{found:?}"
    );
    let found = problems("apiVersion: v1\nkind: List\nitems: {a: 1}\n");
    assert!(
        found
            .iter()
            .all(|(l, c, m)| *l == 3 && *c == 8 && m.contains("expected `items`")),
        "{found:?}"
    );
    let cronjob = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: auto\n  \
                   labels: {app.kubernetes.io/name: autowebinar-delivery}\nspec: {suspend: null}\n";
    let d = deployment(cronjob);
    assert_eq!(
        seen(&d).first().map(|w| (w.2, w.3, w.4, w.5)),
        Some((true, Evidence::Suspend(false), 6, 17))
    );
    let absent = cronjob.replace("spec: {suspend: null}\n", "");
    let d = deployment(&absent);
    assert_eq!(
        seen(&d).first().map(|w| (w.2, w.3, w.4, w.5)),
        Some((true, Evidence::Suspend(false), 2, 7))
    );
}

#[test]
fn a_scaler_of_a_running_cronjob_or_another_kind_changes_nothing_else() {
    // A scaler whose target is in the input but of the same name under another kind, and
    // a KEDA target of an explicit kind.
    let keda = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: chat}\nspec:\n  \
                scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: chat-api}\n  minReplicaCount: 1";
    let statefulset = CHAT_AT_ZERO.replace("Deployment", "StatefulSet");
    let d = deployment(&format!(
        "{keda}\n---\n{statefulset}\n---\n{}",
        CHAT_AT_ZERO
    ));
    let running: Vec<(String, bool)> = d.workloads.iter().map(|w| (w.title(), w.running)).collect();
    assert_eq!(
        running,
        [
            ("StatefulSet/chat-api".to_owned(), true),
            ("Deployment/chat-api".to_owned(), false)
        ]
    );
    assert_eq!(
        d.workloads.first().map(|w| w.evidence_file),
        Some(0),
        "the scaler's file"
    );
}

#[test]
fn a_workload_named_by_generate_name_runs_under_its_prefix() {
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: digest-\n  \
                labels: {app.kubernetes.io/name: autowebinar-delivery}\nspec:\n  entrypoint: main\n  \
                templates: [{name: main}]\n";
    let d = deployment(text);
    assert_eq!(
        d.workloads
            .first()
            .map(|w| (w.title(), w.module(), w.running, w.name.span.line)),
        Some((
            "Workflow/digest-".to_owned(),
            Some("autowebinar-delivery"),
            true,
            4
        ))
    );
    let neither = text.replace("  generateName: digest-\n", "");
    let found = problems(&neither);
    assert!(
        found
            .iter()
            .all(|(_, _, m)| m.contains("missing the field `name`")),
        "{found:?}"
    );
}

#[test]
fn a_bare_pod_is_a_pod_and_a_custom_service_is_no_knative_service() {
    let d = deployment("apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\n");
    assert_eq!(
        d.workloads
            .first()
            .map(|w| (w.kind.value.clone(), w.running, &w.owner)),
        Some((WorkloadKind::Pod, true, &Owner::Unmapped)),
        "a Pod without containers or label is still a workload"
    );
    let custom = "apiVersion: example.com/v1\nkind: Service\nmetadata:\n  name: chat\n  \
                  labels: {app.kubernetes.io/name: webinar-chat}\n";
    assert_eq!(
        deployment(custom)
            .workloads
            .first()
            .map(|w| (w.kind.value.clone(), w.running)),
        Some((WorkloadKind::Other("Service".to_owned()), true))
    );
}

#[test]
fn an_unknown_kind_the_configuration_maps_by_name_runs_as_that_module() {
    let mut mapping = Mapping::default();
    mapping.workloads.insert(
        "webinar-chat".to_owned(),
        vec!["Certificate/chat-tls".to_owned()],
    );
    let text = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: chat-tls}\n";
    let d = deployment_with(text, &mapping).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(
        d.workloads.first().map(|w| (w.module(), w.running)),
        Some((Some("webinar-chat"), true))
    );
    assert_eq!(deployment(text).workloads.len(), 0);
}

#[test]
fn an_unknown_kind_runs_as_the_module_its_deep_pod_templates_are_labelled_for() {
    let volcano = "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: {name: chat-batch}\n\
                   spec:\n  tasks:\n  - template:\n      metadata: {labels: {app.kubernetes.io/name: webinar-chat}}\n\
                   \x20     spec: {containers: [{name: c, image: chat}]}\n";
    let d = deployment(volcano);
    assert_eq!(
        seen(&d),
        [(
            "Job/chat-batch".to_owned(),
            Some("webinar-chat"),
            true,
            Evidence::Kind,
            2,
            7
        )]
    );
    assert!(!d.workloads.iter().any(Workload::surely_runs));
    // At the top level, beside `spec`, too.
    let template = "apiVersion: example.com/v1\nkind: Blueprint\nmetadata: {name: chat}\n\
                    template: {metadata: {labels: {app.kubernetes.io/name: webinar-chat}}}\n";
    assert_eq!(
        deployment(template)
            .workloads
            .first()
            .and_then(Workload::module),
        Some("webinar-chat")
    );
    // Two modules in one resource.
    let two = format!(
        "{volcano}  - template:\n      metadata: {{labels: {{app.kubernetes.io/name: ui-webinar-room}}}}\n"
    );
    let found = problems(&two);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].2.contains("one resource runs as two modules"),
        "{found:?}"
    );
    assert_eq!(found[0].0, 10);
    // Its status is never read.
    let status = "apiVersion: example.com/v1\nkind: Blueprint\nmetadata: {name: chat}\n\
                  status: {template: {metadata: {labels: {app.kubernetes.io/name: webinar-chat}}}}\n";
    assert!(deployment(status).workloads.is_empty());
}

#[test]
fn a_paused_deployment_and_a_suspended_job_only_may_run() {
    let paused = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: room, labels: {app.kubernetes.io/name: ui-webinar-room}}\n\
                  spec: {paused: true, replicas: 3}\n";
    let d = deployment(paused);
    assert_eq!(
        seen(&d),
        [(
            "Deployment/room".to_owned(),
            Some("ui-webinar-room"),
            true,
            Evidence::Paused,
            4,
            16
        )]
    );
    assert!(!d.workloads.iter().any(Workload::surely_runs));
    let unpaused = paused.replace("paused: true", "paused: false");
    assert!(
        deployment(&unpaused)
            .workloads
            .iter()
            .all(Workload::surely_runs)
    );
    let suspended = format!("{JOB}spec: {{suspend: true}}\n");
    assert_eq!(
        job("spec: {suspend: true}\n"),
        (true, Evidence::Suspend(true))
    );
    assert!(
        !deployment(&suspended)
            .workloads
            .iter()
            .any(Workload::surely_runs)
    );
    assert_eq!(job("spec: {suspend: false}\n"), (true, Evidence::Kind));
    assert_eq!(job("spec: {suspend: null}\n"), (true, Evidence::Kind));
    let found = problems(&paused.replace("paused: true", "paused: yes"));
    assert!(
        found[0]
            .2
            .contains("expected `paused` (`true` or `false`), found the string `yes`"),
        "{found:?}"
    );
}

#[test]
fn a_label_counts_whatever_the_map_or_ignore_say() {
    let chat = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: chat-api, labels: {app.kubernetes.io/name: webinar-chat}}\n";
    let mut mapping = Mapping::default();
    mapping.ignore.push("chat-api".to_owned());
    let Ok(d) = deployment_with(chat, &mapping) else {
        panic!("reads")
    };
    assert_eq!(d.workloads.first().map(|w| &w.owner), Some(&Owner::Ignored));
    assert_eq!(d.workloads_of("webinar-chat").count(), 1);
    let mut mapping = Mapping::default();
    mapping
        .workloads
        .insert("ui-webinar-room".to_owned(), vec!["chat-api".to_owned()]);
    let Ok(d) = deployment_with(chat, &mapping) else {
        panic!("reads")
    };
    assert_eq!(d.workloads_of("webinar-chat").count(), 1);
    assert_eq!(d.workloads_of("ui-webinar-room").count(), 1);
    // Mapped to the module it is labelled for, it is found once.
    let mut mapping = Mapping::default();
    mapping
        .workloads
        .insert("webinar-chat".to_owned(), vec!["chat-api".to_owned()]);
    let Ok(d) = deployment_with(chat, &mapping) else {
        panic!("reads")
    };
    assert_eq!(d.workloads_of("webinar-chat").count(), 1);
}

#[test]
fn a_rollout_with_a_workload_ref_is_the_module_of_the_workload_it_names() {
    let rollout = "---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: canary\n  \
                   labels: {app.kubernetes.io/name: ui-webinar-room}\nspec:\n  replicas: 2\n  \
                   workloadRef: {apiVersion: apps/v1, kind: Deployment, name: chat-api}\n";
    let chat = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  \
                labels: {app.kubernetes.io/name: webinar-chat}\nspec: {replicas: 0}\n";
    let Ok(d) = deployment_with(&format!("{chat}{rollout}"), &Mapping::default()) else {
        panic!("read")
    };
    let canary = d.workloads.iter().find(|w| w.name.value == "canary");
    assert_eq!(canary.and_then(Workload::module), Some("webinar-chat"));
    assert!(canary.is_some_and(|w| w.running && w.label.as_deref() == Some("webinar-chat")));
    assert_eq!(
        d.workloads_of("ui-webinar-room").count(),
        0,
        "its own label no longer counts"
    );
    // The workload it names is not in the input: the Rollout maps to no module.
    let Ok(d) = deployment_with(rollout, &Mapping::default()) else {
        panic!("read")
    };
    assert_eq!(
        d.workloads.first().map(|w| &w.owner),
        Some(&Owner::Unmapped)
    );
    // A custom kind of the same kind and name in another API group is not what Argo runs.
    let custom = chat.replace("apiVersion: apps/v1", "apiVersion: example.com/v1");
    let Ok(d) = deployment_with(&format!("{custom}{rollout}"), &Mapping::default()) else {
        panic!("read")
    };
    let canary = d.workloads.iter().find(|w| w.name.value == "canary");
    assert_eq!(canary.map(|w| &w.owner), Some(&Owner::Unmapped));
}

#[test]
fn a_workload_ref_argo_does_not_take_is_refused() {
    for reference in [
        "{apiVersion: example.com/v1, kind: Deployment, name: chat-api}",
        "{kind: Deployment, name: chat-api}",
        "{apiVersion: v1, kind: Deployment, name: chat-api}",
        "{apiVersion: apps/v1, kind: StatefulSet, name: chat-api}",
    ] {
        let rollout = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {{name: canary}}\nspec:\n  replicas: 2\n  workloadRef: {reference}\n"
        );
        let found = problems(&rollout);
        assert!(
            found
                .iter()
                .any(|(l, c, m)| *l == 6 && *c == 16 && m.contains("Argo Rollouts takes only")),
            "{reference}: {found:?}"
        );
    }
}

#[test]
fn a_pod_template_label_of_the_wrong_type_is_one_problem() {
    for kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] {
        let text = format!(
            "apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: core\nspec:\n  template:\n    metadata:\n      labels: {{app.kubernetes.io/name: 5}}\n"
        );
        let found = problems(&text);
        assert_eq!(
            found,
            [(
                8,
                40,
                "expected a module id (the label `app.kubernetes.io/name` names a module), found the number `5`".to_owned()
            )],
            "{kind}"
        );
    }
}
