//! Kubernetes resources → workloads: one document or a `---` stream (`helm template`,
//! `kustomize build`), or a `kind: List` with `items` (`kubectl get -o yaml|json`).

use super::super::decode::Decoder;
use super::super::tree::{Kind, Node};
use super::fields::{count, get, label, mapping};
use super::{Deployment, Evidence, MappedBy, Mapping, Owner, Workload, WorkloadKind};
use crate::error::Problem;
use crate::profile::Located;
use crate::source::escape_controls;

/// Reads the resources of the documents of file `file` into `out`; returns every problem
/// found.
pub(super) fn read(
    docs: &[Node],
    file: usize,
    mapping: &Mapping,
    out: &mut Deployment,
) -> Vec<Problem> {
    let mut d = Decoder::default();
    for doc in docs {
        resource(&mut d, doc, file, mapping, out);
    }
    d.problems
}

const RESOURCE: &str = "a Kubernetes resource";
const LAYOUT: &str = "a Kubernetes resource is a mapping with `apiVersion`, `kind` and `metadata`, as `helm template`, `kustomize build` or `kubectl get -o yaml` print it";

fn resource(d: &mut Decoder, node: &Node, file: usize, mapping: &Mapping, out: &mut Deployment) {
    if !matches!(node.kind, Kind::Map(_)) {
        d.report(
            Problem::at(
                node.span,
                format!(
                    "expected a Kubernetes resource (a mapping), found {}",
                    node.describe()
                ),
            )
            .help(LAYOUT),
        );
        return;
    }
    let api_version = text_field(d, node, "apiVersion", RESOURCE);
    let Some(kind) = text_field(d, node, "kind", RESOURCE) else {
        return;
    };
    let Some(api_version) = api_version else {
        return;
    };
    // `kubectl get` wraps what it prints in a `List` (or a `DeploymentList`, …).
    if kind.value.ends_with("List")
        && let Some(items) = get(d, node, "items", "a list resource")
    {
        match &items.kind {
            Kind::Seq(items) => {
                for item in items {
                    resource(d, item, file, mapping, out);
                }
            }
            Kind::Null => {}
            _ => d.report(
                Problem::at(
                    items.span,
                    format!(
                        "expected `items` (a list of resources), found {}",
                        items.describe()
                    ),
                )
                .help("`items` lists the resources, as `kubectl get -o yaml` prints them"),
            ),
        }
        return;
    }
    // A kind the gate does not know still runs pods when it carries them (an Argo
    // `Rollout`, a Knative `Service`): reading it as a workload keeps it from passing
    // unjudged. What carries no pods runs nothing of its own.
    let workload_kind = match workload_kind(&api_version.value, &kind.value) {
        Some(known) => known,
        None if carries_pods(node) => WorkloadKind::Other(kind.value.clone()),
        None => {
            out.ignored += 1;
            return;
        }
    };
    if let Some(workload) = workload(
        d,
        node,
        Located::new(workload_kind, kind.span),
        file,
        mapping,
    ) {
        out.workloads.push(workload);
    }
}

/// The workload kind of a resource, when it is one. A kind of another API group (a custom
/// resource that happens to be called `Deployment`) is not.
fn workload_kind(api_version: &str, kind: &str) -> Option<WorkloadKind> {
    let group = api_version.split_once('/').map_or("", |(group, _)| group);
    let (kind, groups): (WorkloadKind, &[&str]) = match kind {
        "Deployment" => (WorkloadKind::Deployment, &["apps", "extensions"]),
        "StatefulSet" => (WorkloadKind::StatefulSet, &["apps"]),
        "DaemonSet" => (WorkloadKind::DaemonSet, &["apps", "extensions"]),
        "ReplicaSet" => (WorkloadKind::ReplicaSet, &["apps", "extensions"]),
        "Job" => (WorkloadKind::Job, &["batch"]),
        "CronJob" => (WorkloadKind::CronJob, &["batch"]),
        "Pod" => (WorkloadKind::Pod, &[""]),
        _ => return None,
    };
    groups.contains(&group).then_some(kind)
}

/// Whether a resource carries pods: containers of its own (`spec.containers`), or a pod
/// template (`spec.template.spec.containers`, or a CronJob-like
/// `spec.jobTemplate.spec.template.spec.containers`). Read without reporting anything: the
/// resource is of a kind whose layout the gate does not know.
fn carries_pods(node: &Node) -> bool {
    fn at<'n>(node: &'n Node, path: &[&str]) -> Option<&'n Node> {
        path.iter().try_fold(node, |node, key| match &node.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.kind, Kind::Str(s) if &**s == *key))
                .map(|(_, value)| value),
            _ => None,
        })
    }
    [
        &["spec", "containers"][..],
        &["spec", "template", "spec", "containers"],
        &[
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "spec",
            "containers",
        ],
    ]
    .iter()
    .any(|path| at(node, path).is_some())
}

/// A required string field of a resource (`apiVersion`, `kind`, `metadata.name`).
fn text_field(d: &mut Decoder, node: &Node, key: &str, what: &str) -> Option<Located<String>> {
    let Some(value) = get(d, node, key, what) else {
        d.report(
            Problem::at(node.span, format!("{what} is missing the field `{key}`")).help(LAYOUT),
        );
        return None;
    };
    match &value.kind {
        Kind::Str(s) if !s.trim().is_empty() => Some(Located::new(s.to_string(), value.span)),
        _ => {
            d.report(
                Problem::at(
                    value.span,
                    format!("expected `{key}` (a string), found {}", value.describe()),
                )
                .help(LAYOUT),
            );
            None
        }
    }
}

fn workload(
    d: &mut Decoder,
    node: &Node,
    kind: Located<WorkloadKind>,
    file: usize,
    config: &Mapping,
) -> Option<Workload> {
    let what = format!("the {}", escape_controls(kind.value.as_str()));
    let metadata = match get(d, node, "metadata", &what) {
        Some(m) => mapping(d, m, "`metadata`"),
        None => None,
    };
    let name = match metadata {
        Some(metadata) => text_field(d, metadata, "name", "`metadata`"),
        None => {
            d.report(
                Problem::at(
                    node.span,
                    format!("{what} has no `metadata` with its `name`"),
                )
                .help(LAYOUT),
            );
            None
        }
    };
    let spec = get(d, node, "spec", &what).and_then(|s| mapping(d, s, "`spec`"));
    let (running, evidence) = runs(d, node, metadata, spec, &kind)?;
    let name = name?;
    let owner = owner(d, config, &kind, &name, metadata, spec)?;
    Some(Workload {
        file,
        kind,
        name,
        owner,
        running,
        evidence,
    })
}

/// Whether the workload runs, and the value that says so.
fn runs(
    d: &mut Decoder,
    node: &Node,
    metadata: Option<&Node>,
    spec: Option<&Node>,
    kind: &Located<WorkloadKind>,
) -> Option<(bool, Located<Evidence>)> {
    let field = |d: &mut Decoder, key: &str| spec.and_then(|s| get(d, s, key, "`spec`"));
    let by_kind = Some((true, Located::new(Evidence::Kind, kind.span)));
    match &kind.value {
        WorkloadKind::Deployment
        | WorkloadKind::StatefulSet
        | WorkloadKind::ReplicaSet
        | WorkloadKind::Other(_) => {
            let Some(node) = field(d, "replicas") else {
                // A kind the gate does not know may scale by other means (Knative scales
                // on demand): it runs, and no default of 1 is claimed for it.
                return match kind.value {
                    WorkloadKind::Other(_) => by_kind,
                    _ => Some((true, Located::new(Evidence::DefaultReplicas, kind.span))),
                };
            };
            let before = d.problems.len();
            match count(
                d,
                node,
                "`replicas`",
                "write how many pods run, e.g. `replicas: 2` (0 switches the workload off)",
            ) {
                Some(n) => Some((
                    n.value > 0,
                    Located::new(Evidence::Replicas(n.value), n.span),
                )),
                None if d.problems.len() == before => {
                    Some((true, Located::new(Evidence::DefaultReplicas, node.span)))
                }
                None => None,
            }
        }
        WorkloadKind::DaemonSet | WorkloadKind::Service => by_kind,
        WorkloadKind::Job => {
            let status = status(d, node);
            if let Some(finished) = job_finished(d, status, spec) {
                return Some((false, finished));
            }
            let active = status
                .and_then(|s| get(d, s, "active", "`status`"))
                .and_then(|n| count(d, n, "`status.active`", STATUS_HELP))
                .filter(|n| n.value > 0);
            if let Some(n) = active {
                return Some((true, Located::new(Evidence::ActivePods(n.value), n.span)));
            }
            if let Some(owner) = cronjob_owner(d, metadata) {
                return Some((false, Located::new(Evidence::CronJobRun, owner)));
            }
            by_kind
        }
        WorkloadKind::Pod => {
            let phase = status(d, node).and_then(|s| get(d, s, "phase", "`status`"));
            match phase.map(|p| (&p.kind, p.span)) {
                Some((Kind::Str(p), span)) if &**p == "Succeeded" || &**p == "Failed" => {
                    Some((false, Located::new(Evidence::Finished, span)))
                }
                _ => by_kind,
            }
        }
        WorkloadKind::CronJob => match field(d, "suspend") {
            None => Some((true, Located::new(Evidence::Suspend(false), kind.span))),
            Some(node) => match node.kind {
                Kind::Bool(suspended) => Some((
                    !suspended,
                    Located::new(Evidence::Suspend(suspended), node.span),
                )),
                Kind::Null => Some((true, Located::new(Evidence::Suspend(false), node.span))),
                _ => {
                    d.report(
                        Problem::at(
                            node.span,
                            format!(
                                "expected `suspend` (`true` or `false`), found {}",
                                node.describe()
                            ),
                        )
                        .help("write `suspend: true` to hold the CronJob, `false` to let it run"),
                    );
                    None
                }
            },
        },
    }
}

const STATUS_HELP: &str = "`kubectl get -o yaml|json` prints the status as the cluster keeps it: check that this is its unedited output";

/// The resource's `status` (what the cluster reports; absent from rendered manifests).
fn status<'n>(d: &mut Decoder, node: &'n Node) -> Option<&'n Node> {
    get(d, node, "status", RESOURCE).and_then(|s| mapping(d, s, "`status`"))
}

/// Where a Job's status says it has finished: its `completionTime`, a `Complete` or
/// `Failed` condition that is `True`, or as many `succeeded` pods as its `completions`
/// (absent: 1). A Job with fewer successes than completions still runs.
fn job_finished(
    d: &mut Decoder,
    status: Option<&Node>,
    spec: Option<&Node>,
) -> Option<Located<Evidence>> {
    let status = status?;
    let finished = |span| Some(Located::new(Evidence::Finished, span));
    if let Some(time) = get(d, status, "completionTime", "`status`")
        && time.kind != Kind::Null
    {
        return finished(time.span);
    }
    if let Some(Kind::Seq(conditions)) = get(d, status, "conditions", "`status`").map(|c| &c.kind) {
        for condition in conditions {
            let kind = get(d, condition, "type", "a condition");
            let state = get(d, condition, "status", "a condition");
            if let (Some(kind), Some(state)) = (kind, state)
                && matches!(&kind.kind, Kind::Str(k) if &**k == "Complete" || &**k == "Failed")
                && matches!(&state.kind, Kind::Str(s) if &**s == "True")
            {
                return finished(kind.span);
            }
        }
    }
    let succeeded = get(d, status, "succeeded", "`status`")
        .and_then(|n| count(d, n, "`status.succeeded`", STATUS_HELP))?;
    let completions = spec
        .and_then(|s| get(d, s, "completions", "`spec`"))
        .and_then(|n| {
            count(
                d,
                n,
                "`completions`",
                "write how many pods must succeed, e.g. `completions: 1`",
            )
        })
        .map_or(1, |n| n.value.max(1));
    (succeeded.value >= completions).then(|| Located::new(Evidence::Finished, succeeded.span))
}

/// Where a Job's `metadata.ownerReferences` name a CronJob as its owner: the `kind:` of
/// that reference.
fn cronjob_owner(d: &mut Decoder, metadata: Option<&Node>) -> Option<crate::source::Span> {
    let owners = get(d, metadata?, "ownerReferences", "`metadata`")?;
    let Kind::Seq(owners) = &owners.kind else {
        return None;
    };
    owners.iter().find_map(|owner| {
        let kind = get(d, owner, "kind", "an owner reference")?;
        matches!(&kind.kind, Kind::Str(k) if &**k == "CronJob").then_some(kind.span)
    })
}

/// Which module the workload belongs to: the configuration's map first (it is the explicit
/// statement), then the mapping label on the workload, then on its pod template.
fn owner(
    d: &mut Decoder,
    config: &Mapping,
    kind: &Located<WorkloadKind>,
    name: &Located<String>,
    metadata: Option<&Node>,
    spec: Option<&Node>,
) -> Option<Owner> {
    if let Some(id) = config.module_for(&kind.value, &name.value) {
        return Some(Owner::Module {
            id: Located::new(id.to_owned(), name.span),
            by: MappedBy::Config,
        });
    }
    if config.ignores(&kind.value, &name.value) {
        return Some(Owner::Ignored);
    }
    let before = d.problems.len();
    let own = labelled(d, metadata, &config.label);
    let template = pod_template(d, &kind.value, spec);
    let pods = labelled(d, template, &config.label);
    // The pods run as what their template says: a workload labelled for one module whose
    // pods are labelled for another would be judged as the one while running the other.
    if let (Some(own), Some(pods)) = (&own, &pods)
        && own.value != pods.value
    {
        d.report(
            Problem::at(
                pods.span,
                format!(
                    "the pod template is labelled `{}: {}`, but its {} is labelled `{}` (line {}): the pods would run as another module than the workload says",
                    escape_controls(&config.label),
                    escape_controls(&pods.value),
                    escape_controls(kind.value.as_str()),
                    escape_controls(&own.value),
                    own.span.line
                ),
            )
            .help("label the workload and its pod template with the same module id (or drop the workload's label)"),
        );
    }
    if d.problems.len() != before {
        return None;
    }
    Some(match (own, pods) {
        (Some(id), _) => Owner::Module {
            id,
            by: MappedBy::Label,
        },
        (None, Some(id)) => Owner::Module {
            id,
            by: MappedBy::PodTemplateLabel,
        },
        (None, None) => Owner::Unmapped,
    })
}

/// The `metadata` of the pod template: `spec.template.metadata`, for a CronJob
/// `spec.jobTemplate.spec.template.metadata`; a Pod has none, its labels are its own.
fn pod_template<'n>(
    d: &mut Decoder,
    kind: &WorkloadKind,
    spec: Option<&'n Node>,
) -> Option<&'n Node> {
    let mut spec = spec?;
    if *kind == WorkloadKind::Pod {
        return None;
    }
    if *kind == WorkloadKind::CronJob {
        let job = get(d, spec, "jobTemplate", "`spec`")?;
        let job = mapping(d, job, "`jobTemplate`")?;
        let job_spec = get(d, job, "spec", "`jobTemplate`")?;
        spec = mapping(d, job_spec, "`jobTemplate.spec`")?;
    }
    let template = get(d, spec, "template", "`spec`")?;
    let template = mapping(d, template, "`template`")?;
    let metadata = get(d, template, "metadata", "`template`")?;
    mapping(d, metadata, "the pod template's `metadata`")
}

/// The value of label `key` in `metadata.labels`, if there is one.
fn labelled(d: &mut Decoder, metadata: Option<&Node>, key: &str) -> Option<Located<String>> {
    let labels = get(d, metadata?, "labels", "`metadata`")?;
    let labels = mapping(d, labels, "`labels`")?;
    let what = format!("`labels` (`{}`)", escape_controls(key));
    let value = get(d, labels, key, &what)?;
    label(d, value, key)
}

#[cfg(test)]
mod tests {
    use super::super::super::tree::parse_stream;
    use super::super::{MAX_DOCUMENTS, Platform};
    use super::*;

    fn deployment_with(text: &str, mapping: &Mapping) -> Result<Deployment, Vec<Problem>> {
        let docs = parse_stream(text, MAX_DOCUMENTS).map_err(|p| vec![p])?;
        let mut out = Deployment::new(Platform::Kubernetes, &Mapping::default());
        let problems = read(&docs, 0, mapping, &mut out);
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
                    (line, column, p.message)
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
        let owners: Vec<(String, &Owner)> =
            d.workloads.iter().map(|w| (w.title(), &w.owner)).collect();
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
            found.iter().any(|(_, _, m)| m.contains(
                "expected `replicas` (a whole number, 0 or more), found the string `two`"
            )),
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
            && m.contains("must be a module id, found the number `3`")));
    }

    #[test]
    fn what_is_not_a_resource_is_a_problem() {
        let found = problems(
            "- a\n---\nkind: Deployment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {}\nspec:\n  replicas: 1\n  replicas: 2\n",
        );
        let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "expected a Kubernetes resource (a mapping), found a list",
                "a Kubernetes resource is missing the field `apiVersion`",
                "`metadata` is missing the field `name`",
                "duplicate key `replicas` in `spec`; the first is at line 9, column 3",
            ]
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
    fn a_bare_pod_runs_as_its_module_until_it_has_finished() {
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
        let done = format!("{pod}status: {{phase: Succeeded}}\n");
        assert_eq!(
            judged(&done).0.first().map(|w| (w.2, w.3)),
            Some((false, Evidence::Finished))
        );
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
    fn an_unknown_kind_without_pods_stays_ignored() {
        let text = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: chat-tls\n  \
                    labels: {app.kubernetes.io/name: webinar-chat}\nspec: {secretName: chat-tls}\n";
        assert_eq!(judged(text), (vec![], 1));
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
    fn a_finished_job_runs_nothing_now() {
        assert_eq!(job(""), (true, Evidence::Kind), "a rendered Job runs");
        assert_eq!(
            job("status: {succeeded: 1, completionTime: \"2026-11-28T03:00:09Z\"}\n"),
            (false, Evidence::Finished)
        );
        assert_eq!(job("status: {succeeded: 1}\n"), (false, Evidence::Finished));
        assert_eq!(
            job("status:\n  failed: 6\n  conditions:\n  - {type: Failed, status: \"True\"}\n"),
            (false, Evidence::Finished)
        );
        assert_eq!(
            job("spec: {completions: 3}\nstatus: {succeeded: 1, active: 1}\n"),
            (true, Evidence::ActivePods(1)),
            "one of three completions: still running"
        );
    }

    #[test]
    fn a_cronjobs_job_is_judged_by_its_cronjob_unless_its_pods_run() {
        let owned = "  ownerReferences:\n  - {apiVersion: batch/v1, kind: CronJob, name: autowebinar-delivery}\n";
        assert_eq!(job(owned), (false, Evidence::CronJobRun));
        assert_eq!(
            job(&format!("{owned}status: {{active: 1}}\n")),
            (true, Evidence::ActivePods(1)),
            "a run in progress runs now"
        );
    }

    #[test]
    fn names_from_the_input_are_escaped_in_titles() {
        let d =
            deployment("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \"chat\\e[2J\"}\n");
        let titles: Vec<String> = d.workloads.iter().map(Workload::title).collect();
        assert_eq!(titles, ["Deployment/chat\\u{1b}[2J"]);
    }
}
