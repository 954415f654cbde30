//! The Kubernetes kinds the reader models, by API group and kind: the workloads it judges
//! (and how each says whether it runs), the scalers that raise a workload's replicas, and
//! the kinds that run nothing of their own. Any other kind is judged by what it carries:
//! pods or a module's label make it a workload that runs (the book's runtime chapter,
//! `docs/src/runtime.md`, lists them all).

use super::super::tree::{Kind, Node};
use super::WorkloadKind;

/// What the reader knows of a resource's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Model {
    /// A workload of a kind the reader models.
    Workload(WorkloadKind),
    /// A scaler that raises its target workload to at least its minimum.
    Scaler(Scaler),
    /// A kind that runs nothing of its own (a Service, a ConfigMap, …).
    Inert,
}

/// The kinds of scaler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scaler {
    /// `autoscaling` HorizontalPodAutoscaler: `spec.minReplicas`, 1 when absent.
    Hpa,
    /// KEDA `keda.sh` ScaledObject: `spec.minReplicaCount`, 0 when absent; it starts the
    /// workload from zero whenever its triggers fire.
    Keda,
}

impl Scaler {
    /// The field that holds the minimum, and its default.
    pub(super) fn minimum(self) -> (&'static str, u64) {
        match self {
            Self::Hpa => ("minReplicas", 1),
            Self::Keda => ("minReplicaCount", 0),
        }
    }
}

/// The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → the core group, ``).
pub(super) fn group(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(group, _)| group)
}

/// The group a resource is kept under for identity: `extensions` served the same
/// Deployments, DaemonSets and ReplicaSets as `apps` (and the same Ingresses as
/// `networking.k8s.io`).
pub(super) fn canonical_group<'a>(group: &'a str, kind: &str) -> &'a str {
    match (group, kind) {
        ("extensions", "Deployment" | "DaemonSet" | "ReplicaSet") => "apps",
        ("extensions", "Ingress" | "NetworkPolicy") => "networking.k8s.io",
        _ => group,
    }
}

/// Every workload kind modelled: (kind, API groups, how it runs), for the book
/// (`docs/src/runtime.md`).
pub const WORKLOADS: &[(&str, &[&str], &str)] = &[
    (
        "Deployment",
        &["apps", "extensions"],
        "runs `spec.replicas` pods (1 when absent)",
    ),
    (
        "StatefulSet",
        &["apps"],
        "runs `spec.replicas` pods (1 when absent)",
    ),
    (
        "ReplicaSet",
        &["apps", "extensions"],
        "runs `spec.replicas` pods (1 when absent)",
    ),
    ("DaemonSet", &["apps", "extensions"], "runs on every node"),
    (
        "Job",
        &["batch"],
        "runs, finished or not (`status` is never read)",
    ),
    ("CronJob", &["batch"], "runs unless `spec.suspend: true`"),
    ("Pod", &[""], "runs, in any phase (`status` is never read)"),
    (
        "Rollout",
        &["argoproj.io"],
        "runs `spec.replicas` pods (1 when absent)",
    ),
    (
        "CronWorkflow",
        &["argoproj.io"],
        "runs unless `spec.suspend: true`",
    ),
    (
        "Service",
        &["serving.knative.dev"],
        "runs (Knative scales it on demand)",
    ),
];

/// Every kind modelled as running nothing of its own, by API group.
pub const INERT: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "Service",
            "ConfigMap",
            "Secret",
            "ServiceAccount",
            "Namespace",
            "PersistentVolumeClaim",
            "PersistentVolume",
            "Endpoints",
            "LimitRange",
            "ResourceQuota",
            "Event",
            // A template kept for others to use: it starts no pod itself.
            "PodTemplate",
        ],
    ),
    // Recommends (or sets) its target's resources; it starts no pod itself.
    ("autoscaling.k8s.io", &["VerticalPodAutoscaler"]),
    (
        "networking.k8s.io",
        &["Ingress", "IngressClass", "NetworkPolicy"],
    ),
    ("extensions", &["Ingress", "NetworkPolicy"]),
    (
        "rbac.authorization.k8s.io",
        &["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
    ),
    (
        "admissionregistration.k8s.io",
        &[
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
        ],
    ),
    ("policy", &["PodDisruptionBudget"]),
    ("apiextensions.k8s.io", &["CustomResourceDefinition"]),
    ("apiregistration.k8s.io", &["APIService"]),
    ("scheduling.k8s.io", &["PriorityClass"]),
    ("storage.k8s.io", &["StorageClass"]),
    ("discovery.k8s.io", &["EndpointSlice"]),
    ("coordination.k8s.io", &["Lease"]),
    ("node.k8s.io", &["RuntimeClass"]),
    ("apps", &["ControllerRevision"]),
];

/// Every scaler modelled: (kind, API group, minimum field).
pub const SCALERS: &[(&str, &str, &str)] = &[
    (
        "HorizontalPodAutoscaler",
        "autoscaling",
        "spec.minReplicas (1 when absent)",
    ),
    (
        "ScaledObject",
        "keda.sh",
        "spec.minReplicaCount (0 when absent: started on demand)",
    ),
];

/// What the reader models of `kind` in API group `group`; `None`: a kind it does not know.
pub(super) fn model(group: &str, kind: &str) -> Option<Model> {
    let workload = match kind {
        "Deployment" => Some(WorkloadKind::Deployment),
        "StatefulSet" => Some(WorkloadKind::StatefulSet),
        "DaemonSet" => Some(WorkloadKind::DaemonSet),
        "ReplicaSet" => Some(WorkloadKind::ReplicaSet),
        "Job" => Some(WorkloadKind::Job),
        "CronJob" => Some(WorkloadKind::CronJob),
        "Pod" => Some(WorkloadKind::Pod),
        "Rollout" => Some(WorkloadKind::Rollout),
        "CronWorkflow" => Some(WorkloadKind::CronWorkflow),
        // Only Knative's: the group is checked against [`WORKLOADS`] below.
        "Service" => Some(WorkloadKind::KnativeService),
        _ => None,
    };
    if let Some(workload) = workload
        && WORKLOADS
            .iter()
            .any(|(k, groups, _)| *k == workload.as_str() && groups.contains(&group))
    {
        return Some(Model::Workload(workload));
    }
    if let Some((_, scaler_group, _)) = SCALERS.iter().find(|(k, _, _)| *k == kind)
        && *scaler_group == group
    {
        return Some(Model::Scaler(match kind {
            "ScaledObject" => Scaler::Keda,
            _ => Scaler::Hpa,
        }));
    }
    INERT
        .iter()
        .any(|(g, kinds)| *g == group && kinds.contains(&kind))
        .then_some(Model::Inert)
}

/// Keys whose presence anywhere in a resource of a kind the reader does not model says it
/// runs pods, or deploys what does: containers (`containers`, `initContainers`, an `image`
/// to run, Tekton's `steps`), templates of pods or jobs kept inline or by reference (Argo's
/// `templates`, `workflowSpec`, `workflowTemplateRef`, `templateRef`; Tekton's `taskSpec`,
/// `taskRef`, `pipelineSpec`, `pipelineRef`; `jobTemplate`, KEDA's `jobTargetRef`), and the
/// charts and sources a GitOps resource deploys (Flux's `HelmRelease` `chart` and
/// `sourceRef`, Argo CD's `repoURL`).
pub const RUNS_PODS: &[&str] = &[
    "containers",
    "initContainers",
    "image",
    "steps",
    "templates",
    "workflowSpec",
    "workflowTemplateRef",
    "templateRef",
    "taskSpec",
    "taskRef",
    "pipelineSpec",
    "pipelineRef",
    "jobTemplate",
    "jobTargetRef",
    "chart",
    "sourceRef",
    "repoURL",
];

/// What a resource of a kind the reader does not model carries, searched through the
/// whole object (but its `status`, which is never read, and annotations): whether it runs
/// pods ([`RUNS_PODS`]) and every value of the mapping label `label` in any `labels`
/// mapping (its own, a pod template's at any depth: Volcano's `spec.tasks[].template`,
/// JobSet's `spec.replicatedJobs[].template.spec.template`, LeaderWorkerSet's
/// `leaderWorkerTemplate.workerTemplate`). The search is bounded by the tree's own limits
/// of depth and nodes. Read without reporting anything: the layout of the kind is not known.
#[derive(Debug, Default)]
pub(super) struct Carried<'n> {
    /// Whether it runs pods.
    pub pods: bool,
    /// The values of the mapping label, in file order.
    pub labels: Vec<&'n Node>,
}

/// Searches `node`, a resource of a kind the reader does not model (see [`Carried`]).
pub(super) fn carried<'n>(node: &'n Node, label: &str) -> Carried<'n> {
    let mut found = Carried::default();
    search(node, label, true, &mut found);
    found
}

/// The values of the mapping label `label` on the pods of `node`, a resource of a kind the
/// reader does not model: anywhere in it but its own `metadata` (its own label) and its
/// `status`, as [`carried`] finds them.
pub(super) fn pod_labels<'n>(node: &'n Node, label: &str) -> Vec<&'n Node> {
    let mut found = Carried::default();
    if let Kind::Map(entries) = &node.kind {
        for (key, value) in entries.iter() {
            if !matches!(&key.kind, Kind::Str(k) if matches!(&**k, "metadata" | "status")) {
                search(value, label, false, &mut found);
            }
        }
    }
    found.labels
}

fn search<'n>(node: &'n Node, label: &str, top: bool, found: &mut Carried<'n>) {
    match &node.kind {
        Kind::Map(entries) => {
            for (key, value) in entries.iter() {
                let Kind::Str(key) = &key.kind else {
                    search(value, label, false, found);
                    continue;
                };
                match &**key {
                    "status" if top => {}
                    "annotations" => {}
                    "labels" => {
                        if let Kind::Map(labels) = &value.kind {
                            found.labels.extend(labels.iter().filter_map(|(k, v)| {
                                matches!(&k.kind, Kind::Str(k) if **k == *label).then_some(v)
                            }));
                        }
                    }
                    key => {
                        if RUNS_PODS.contains(&key) && !matches!(value.kind, Kind::Null) {
                            found.pods = true;
                        }
                        search(value, label, false, found);
                    }
                }
            }
        }
        Kind::Seq(items) => {
            for item in items.iter() {
                search(item, label, false, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn carried_by(text: &str) -> (bool, Vec<String>) {
        let Ok(node) = super::super::super::tree::parse(text, &super::super::unread::READING)
        else {
            panic!("valid YAML: {text}")
        };
        let found = carried(&node, "app");
        let labels = found
            .labels
            .iter()
            .map(|n| match &n.kind {
                Kind::Str(s) => s.to_string(),
                _ => String::new(),
            })
            .collect();
        (found.pods, labels)
    }

    #[test]
    fn pods_and_labels_are_found_at_any_depth_but_in_status_and_annotations() {
        assert_eq!(
            carried_by(
                "spec: {tasks: [{template: {metadata: {labels: {app: chat}}, spec: {containers: [{image: c}]}}}]}"
            ),
            (true, vec!["chat".to_owned()])
        );
        assert_eq!(
            carried_by("spec: {workflowTemplateRef: {name: a}}"),
            (true, vec![])
        );
        assert_eq!(
            carried_by("spec: {chart: {spec: {chart: a}}}"),
            (true, vec![])
        );
        assert_eq!(carried_by("spec: {taskSpec: {steps: []}}"), (true, vec![]));
        assert_eq!(
            carried_by("spec: {image: ~, selector: {matchLabels: {app: chat}}}"),
            (false, vec![])
        );
        assert_eq!(
            carried_by(
                "status: {containers: [a], labels: {app: chat}}\nmetadata: {annotations: {image: x}}"
            ),
            (false, vec![])
        );
        assert_eq!(
            carried_by("spec: {status: {labels: {app: chat}}}"),
            (false, vec!["chat".to_owned()]),
            "only the resource's own status is skipped"
        );
    }

    #[test]
    fn kinds_are_modelled_in_their_groups_only() {
        assert_eq!(
            model("apps", "Deployment"),
            Some(Model::Workload(WorkloadKind::Deployment))
        );
        assert_eq!(
            model("extensions", "ReplicaSet"),
            Some(Model::Workload(WorkloadKind::ReplicaSet))
        );
        assert_eq!(model("example.com", "Deployment"), None);
        assert_eq!(model("", "Service"), Some(Model::Inert));
        assert_eq!(
            model("serving.knative.dev", "Service"),
            Some(Model::Workload(WorkloadKind::KnativeService))
        );
        assert_eq!(
            model("autoscaling", "HorizontalPodAutoscaler"),
            Some(Model::Scaler(Scaler::Hpa))
        );
        assert_eq!(
            model("keda.sh", "ScaledObject"),
            Some(Model::Scaler(Scaler::Keda))
        );
        assert_eq!(model("example.com", "ScaledObject"), None);
        assert_eq!(model("cert-manager.io", "Certificate"), None);
        assert_eq!(
            model("example.com", "ConfigMap"),
            None,
            "inert only in its group"
        );
        assert_eq!(model("example.com", "Service"), None);
        assert_eq!(model("", "Widget"), None);
        assert_eq!(model("", "Pod"), Some(Model::Workload(WorkloadKind::Pod)));
        assert_eq!(canonical_group("extensions", "Deployment"), "apps");
        assert_eq!(
            canonical_group("extensions", "Ingress"),
            "networking.k8s.io"
        );
        assert_eq!(canonical_group("batch", "Job"), "batch");
        assert_eq!(group("apps/v1"), "apps");
        assert_eq!(group("v1"), "");
    }
}
