//! The Kubernetes kinds the reader models, by API group and kind: the workloads it judges
//! (and how each says whether it runs), the scalers that raise a workload's replicas, and
//! the kinds that run nothing of their own. Any other kind is judged by what it carries:
//! pods or a module's label make it a workload that runs (the book's runtime chapter,
//! `docs/src/runtime.md`, lists them all).

use super::super::tree::Node;
use super::WorkloadKind;
use super::fields::peek;

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
        ],
    ),
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

/// Whether a resource of a kind the reader does not model carries pods: containers of its
/// own (`spec.containers`), a pod template (`spec.template.spec.containers`), a job template
/// (`spec.jobTemplate`, KEDA's `spec.jobTargetRef`), or Argo workflow templates
/// (`spec.templates`, `spec.workflowSpec`). Read without reporting anything: the layout of
/// the kind is not known.
pub(super) fn carries_pods(node: &Node) -> bool {
    [
        &["spec", "containers"][..],
        &["spec", "template", "spec", "containers"],
        &["spec", "jobTemplate"],
        &["spec", "jobTargetRef"],
        &["spec", "templates"],
        &["spec", "workflowSpec"],
    ]
    .iter()
    .any(|path| peek(node, path).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

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
