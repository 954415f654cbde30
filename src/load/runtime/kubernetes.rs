//! Kubernetes resources → workloads: one document or a `---` stream (`helm template`,
//! `kustomize build`), or a `kind: List` with `items` (`kubectl get -o yaml|json`).

use super::super::decode::Decoder;
use super::super::tree::{Kind, Node};
use super::fields::{count, get, label, mapping, peek, peek_str};
use super::kinds::{self, Model};
use super::links::Scaling;
use super::{Deployment, Evidence, MappedBy, Mapping, Owner, Workload, WorkloadKind};
use crate::error::Problem;
use crate::profile::Located;
use crate::source::escape_controls;

/// Reads the resources of the documents of file `file` into `out`; returns every problem
/// found. What ties resources together (a Job's CronJob, a scaler's target) is settled
/// once every file of the input is read ([`super::links::settle`]).
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
    let group = kinds::group(&api_version.value);
    defined_once(d, node, group, &kind, file, out);
    // A kind the gate does not model still runs pods when it carries them (an Argo
    // `Workflow`, a KEDA `ScaledJob`), and a resource labelled for a module is that
    // module's: either is read as a workload that runs, so that it cannot pass unjudged.
    // What carries neither runs nothing of its own.
    let workload_kind = match kinds::model(group, &kind.value) {
        Some(Model::Workload(known)) => known,
        Some(Model::Scaler(scaler)) => {
            scaling(d, node, scaler, &kind, file, out);
            out.ignored += 1;
            return;
        }
        Some(Model::Inert) => {
            out.ignored += 1;
            return;
        }
        None if kinds::carries_pods(node) || claimed(node, &kind.value, mapping) => {
            WorkloadKind::Other(kind.value.clone())
        }
        None => {
            out.ignored += 1;
            return;
        }
    };
    let index = out.workloads.len();
    if let Some(mut workload) = workload(
        d,
        node,
        Located::new(workload_kind, kind.span),
        file,
        mapping,
    ) {
        workload.group = Some(kinds::canonical_group(group, &kind.value).to_owned());
        if workload.kind.value == WorkloadKind::Job
            && let Some((cronjob, span)) = cronjob_owner(node)
        {
            out.links.owned(index, cronjob, span);
        }
        out.workloads.push(workload);
    }
}

/// Whether a resource of a kind the gate does not model is claimed by a module: it carries
/// the mapping label, or the configuration maps or ignores it by name.
fn claimed(node: &Node, kind: &str, mapping: &Mapping) -> bool {
    let labelled = peek(node, &["metadata", "labels", mapping.label.as_str()]).is_some();
    let named = peek_str(node, &["metadata", "name"]).is_some_and(|name| {
        let kind = WorkloadKind::Other(kind.to_owned());
        mapping.module_for(&kind, name).is_some() || mapping.ignores(&kind, name)
    });
    labelled || named
}

/// Reports a resource defined a second time in the input: `kubectl apply` keeps the last
/// of the two, so a gate that judged either could judge what does not run.
fn defined_once(
    d: &mut Decoder,
    node: &Node,
    group: &str,
    kind: &Located<String>,
    file: usize,
    out: &mut Deployment,
) {
    let Some(name) = peek(node, &["metadata", "name"]) else {
        return;
    };
    let Kind::Str(text) = &name.kind else {
        return;
    };
    let namespace = peek_str(node, &["metadata", "namespace"]);
    let group = kinds::canonical_group(group, &kind.value);
    let Some((first_file, first)) =
        out.links
            .define(group, &kind.value, text, namespace, file, name.span)
    else {
        return;
    };
    let what = format!(
        "`{}/{}` is defined a second time in the runtime input (`kubectl apply` keeps the last definition, so what runs is this one)",
        escape_controls(&kind.value),
        escape_controls(text)
    );
    let help = "keep one definition of the resource: render the release again, or remove the one that is not meant to run";
    let problem = match out.files.get(first_file).filter(|_| first_file != file) {
        Some(earlier) => Problem::at(
            name.span,
            format!(
                "{what}; the first is in {} at line {}, column {}",
                escape_controls(&earlier.name),
                first.line,
                first.column
            ),
        ),
        None => Problem::twice(name.span, what, first),
    };
    d.report(problem.help(help));
}

/// Reads a scaler's target and minimum; a target in the input is settled once every file
/// is read. The minimum must be a whole number.
fn scaling(
    d: &mut Decoder,
    node: &Node,
    scaler: kinds::Scaler,
    kind: &Located<String>,
    file: usize,
    out: &mut Deployment,
) {
    let Some(target) = peek(node, &["spec", "scaleTargetRef"]) else {
        return;
    };
    let Some(name) = peek_str(target, &["name"]) else {
        return;
    };
    // KEDA's target is a Deployment of `apps` unless it says otherwise.
    let (default_kind, default_group) = match scaler {
        kinds::Scaler::Hpa => (None, None),
        kinds::Scaler::Keda => (Some("Deployment"), Some("apps")),
    };
    let Some(target_kind) = peek_str(target, &["kind"]).or(default_kind) else {
        return;
    };
    let group = match peek_str(target, &["apiVersion"]) {
        Some(api_version) => Some(kinds::canonical_group(
            kinds::group(api_version),
            target_kind,
        )),
        None => default_group,
    };
    let (field, default) = scaler.minimum();
    let minimum = match peek(node, &["spec", field]) {
        Some(value) => match count(
            d,
            value,
            &format!("`{field}`"),
            "write the least number of pods the scaler keeps, e.g. `2`",
        ) {
            Some(n) => n,
            None if value.kind == Kind::Null => Located::new(default, value.span),
            None => return,
        },
        None => Located::new(default, kind.span),
    };
    // An HPA set to a minimum of 0 scales nothing up from zero.
    if scaler == kinds::Scaler::Hpa && minimum.value == 0 {
        return;
    }
    out.links.scales(Scaling {
        kind: target_kind.to_owned(),
        name: name.to_owned(),
        group: group.map(str::to_owned),
        namespace: peek_str(node, &["metadata", "namespace"]).map(str::to_owned),
        minimum,
        file,
    });
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
    let (running, evidence) = runs(d, spec, &kind)?;
    let name = name?;
    let owner = owner(d, config, &kind, &name, metadata, spec)?;
    Some(Workload {
        file,
        kind,
        name,
        owner,
        running,
        evidence,
        evidence_file: file,
        namespace: peek_str(node, &["metadata", "namespace"]).map(str::to_owned),
        group: None,
        hints: hints(node),
    })
}

/// The values of a resource's labels and of its pod template's, for "did you mean".
fn hints(node: &Node) -> Vec<String> {
    let mut values = Vec::new();
    for path in [
        &["metadata", "labels"][..],
        &["spec", "template", "metadata", "labels"],
    ] {
        if let Some(Kind::Map(labels)) = peek(node, path).map(|n| &n.kind) {
            for (_, value) in labels.iter() {
                if let Kind::Str(v) = &value.kind
                    && !values.iter().any(|seen: &String| seen == &**v)
                {
                    values.push(v.to_string());
                }
            }
        }
    }
    values
}

/// Whether the workload runs, and the value that says so. What `kubectl apply` would start
/// decides: `status` is never read (a rendered or dumped Job or Pod runs, finished or not).
fn runs(
    d: &mut Decoder,
    spec: Option<&Node>,
    kind: &Located<WorkloadKind>,
) -> Option<(bool, Located<Evidence>)> {
    let field = |d: &mut Decoder, key: &str| spec.and_then(|s| get(d, s, key, "`spec`"));
    let by_kind = Some((true, Located::new(Evidence::Kind, kind.span)));
    match &kind.value {
        WorkloadKind::Deployment
        | WorkloadKind::StatefulSet
        | WorkloadKind::ReplicaSet
        | WorkloadKind::Rollout => {
            let Some(node) = field(d, "replicas") else {
                return Some((true, Located::new(Evidence::DefaultReplicas, kind.span)));
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
        // A kind the gate does not model may scale by means it does not know: its
        // `replicas`, if any, is not taken to hold it.
        WorkloadKind::DaemonSet
        | WorkloadKind::Job
        | WorkloadKind::Pod
        | WorkloadKind::KnativeService
        | WorkloadKind::Other(_)
        | WorkloadKind::Service => by_kind,
        WorkloadKind::CronJob | WorkloadKind::CronWorkflow => match field(d, "suspend") {
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
                        .help("write `suspend: true` to hold it, `false` to let it run"),
                    );
                    None
                }
            },
        },
    }
}

/// The CronJob a Job's `metadata.ownerReferences` name, at the `kind:` of that reference.
/// Whether that CronJob is in the input is settled once every file is read.
fn cronjob_owner(node: &Node) -> Option<(&str, crate::source::Span)> {
    let Kind::Seq(owners) = &peek(node, &["metadata", "ownerReferences"])?.kind else {
        return None;
    };
    owners.iter().find_map(|owner| {
        let kind = peek(owner, &["kind"])?;
        let name = peek_str(owner, &["name"])?;
        matches!(&kind.kind, Kind::Str(k) if &**k == "CronJob").then_some((name, kind.span))
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
    match kind {
        WorkloadKind::Pod => return None,
        // The layout of a kind the gate does not model is not known: its `template` is
        // looked at, never reported on.
        WorkloadKind::Other(_) | WorkloadKind::CronWorkflow => {
            return peek(spec, &["template", "metadata"])
                .filter(|metadata| matches!(metadata.kind, Kind::Map(_)));
        }
        _ => {}
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

    const OWNED: &str = "  ownerReferences:\n  - {apiVersion: batch/v1, kind: CronJob, name: autowebinar-delivery}\n";

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
    fn names_from_the_input_are_escaped_in_titles() {
        let d =
            deployment("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \"chat\\e[2J\"}\n");
        let titles: Vec<String> = d.workloads.iter().map(Workload::title).collect();
        assert_eq!(titles, ["Deployment/chat\\u{1b}[2J"]);
    }
}
