//! Kubernetes resources → workloads: one document or a `---` stream (`helm template`,
//! `kustomize build`), or a `kind: List` with `items` (`kubectl get -o yaml|json`).

use super::super::decode::Decoder;
use super::super::tree::{Kind, Node};
use super::fields::{get, kubernetes_count, label, mapping, peek, peek_str};
use super::kinds::{self, Model};
use super::links::Scaling;
use super::{Deployment, Evidence, MappedBy, Mapping, Owner, Workload, WorkloadKind};
use crate::error::Problem;
use crate::profile::Located;
use crate::source::Span;

/// Reads the resources of the documents of file `file` into `out`; returns every problem
/// found. What ties resources together (a Job's CronJob, a scaler's target) is settled
/// once every file of the input is read ([`super::links::settle`]).
#[cfg(test)]
pub(super) fn read(
    docs: &[Node],
    file: usize,
    mapping: &Mapping,
    out: &mut Deployment,
) -> Vec<Problem> {
    let mut d = Decoder::default();
    for doc in docs {
        resource(&mut d, doc, Level::Document, file, mapping, out);
    }
    d.problems
}

/// Where a resource stands: a document of its own (whose `items` key makes it a list for
/// kubectl, whatever its value), or an item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    /// A document.
    Document,
    /// An item of a list.
    Item,
}

const RESOURCE: &str = "a Kubernetes resource";
const LAYOUT: &str = "a Kubernetes resource is a mapping with `apiVersion`, `kind` and `metadata`, as `helm template`, `kustomize build` or `kubectl get -o yaml` print it";

/// Reads one resource (a document, or a list's item read on its own) of file `file` into
/// `out`, its problems into `d`.
pub(super) fn resource(
    d: &mut Decoder,
    node: &Node,
    level: Level,
    file: usize,
    mapping: &Mapping,
    out: &mut Deployment,
) {
    if !matches!(node.kind, Kind::Map(_)) {
        d.report(
            d.expected(node, "a Kubernetes resource", "a mapping")
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
    // `kubectl get` wraps what it prints in a `List` (or a `DeploymentList`, …); and
    // kubectl reads any document with an `items` key as a list and applies each item,
    // whatever its kind says (`items: null` is an empty list). An item of a list is a list
    // only with a list of `items`, which kubectl then refuses; with any other `items` it is
    // applied as the kind it says, and read so below.
    let items = get(d, node, "items", "a list resource");
    if let Some(items) = items
        && level == Level::Item
        && matches!(items.kind, Kind::Seq(_))
    {
        d.report(
            Problem::invalid(
                items.span,
                "a list inside a list: kubectl refuses it (`is not a list: no Items field`), so none of its resources is applied",
            )
            .help("put the resources of the inner list among the items of the outer one"),
        );
        return;
    }
    if let Some(items) = items
        && level == Level::Document
    {
        match &items.kind {
            Kind::Seq(items) => {
                for item in items {
                    resource(d, item, Level::Item, file, mapping, out);
                }
            }
            Kind::Null => {}
            _ => d.report(
                d.expected(items, "`items`", "a list of resources")
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
        None if claimed(node, &kind.value, mapping) => WorkloadKind::Other(kind.value.clone()),
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
        if workload.kind.value == WorkloadKind::Rollout
            && let Some(reference) = peek(node, &["spec", "workloadRef"])
        {
            // An Argo Rollout with a `workloadRef` runs the pods of the template of the
            // workload it names, at its own replicas: it is that workload's module. Argo
            // resolves the reference by API group and kind, and takes a Deployment or a
            // ReplicaSet of `apps` (or a core PodTemplate) only.
            let kind = peek_str(reference, &["kind"]).unwrap_or_default();
            let name = peek_str(reference, &["name"]).unwrap_or_default();
            let group = kinds::group(peek_str(reference, &["apiVersion"]).unwrap_or_default());
            if !matches!(
                (group, kind),
                ("apps", "Deployment" | "ReplicaSet") | ("", "PodTemplate")
            ) {
                d.report(
                    Problem::invalid(
                        reference.span,
                        format!(
                            "a `workloadRef` to `{kind}` `{name}` in the API group `{group}`: Argo Rollouts takes only an `apps/v1` Deployment or ReplicaSet (or a `v1` PodTemplate), so what this Rollout runs cannot be told"
                        ),
                    )
                    .help("name the workload with its `apiVersion` (`apps/v1`) and `kind`"),
                );
            }
            out.links
                .runs_template_of(index, group, kind, name, reference.span);
            workload.owner = Owner::Unmapped;
            workload.label = None;
        }
        out.workloads.push(workload);
    }
}

/// Whether a resource of a kind the gate does not model runs or is claimed by a module: it
/// carries pods or the mapping label anywhere ([`kinds::carried`]), or the configuration
/// maps or ignores it by name.
fn claimed(node: &Node, kind: &str, mapping: &Mapping) -> bool {
    let carried = kinds::carried(node, &mapping.label);
    let labelled = carried.pods || !carried.labels.is_empty();
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
        &kind.value, text
    );
    let help = "keep one definition of the resource: render the release again, or remove the one that is not meant to run";
    let problem = match out.files.get(first_file).filter(|_| first_file != file) {
        Some(earlier) => Problem::duplicate(
            name.span,
            format!(
                "{what}; the first is in {} at line {}, column {}",
                &earlier.name, first.line, first.column
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
        Some(value) => match kubernetes_count(
            d,
            value,
            &format!("`{field}`"),
            "write the least number of pods the scaler keeps, e.g. `2`",
        ) {
            Some(n) => n,
            // `null` is the default; any other value was reported, and fails the input.
            None => Located::new(default, value.span),
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
            Problem::missing(node.span, format!("{what} is missing the field `{key}`"))
                .expected(key)
                .help(LAYOUT),
        );
        return None;
    };
    match &value.kind {
        Kind::Str(s) if !s.trim().is_empty() => Some(Located::new(s.to_string(), value.span)),
        _ => {
            d.report(
                d.expected(value, format_args!("`{key}`"), "a string")
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
    let what = format!("the {}", kind.value.as_str());
    let metadata = match get(d, node, "metadata", &what) {
        Some(m) => mapping(d, m, "`metadata`"),
        None => None,
    };
    let name = match metadata {
        // `kubectl create` names a resource with only a `generateName` (an Argo Workflow
        // often has one): it runs under that prefix and a suffix.
        Some(metadata) => match peek(metadata, &["generateName"]) {
            Some(prefix) if peek(metadata, &["name"]).is_none() => match &prefix.kind {
                Kind::Str(p) if !p.trim().is_empty() => {
                    Some(Located::new(p.to_string(), prefix.span))
                }
                _ => text_field(d, metadata, "name", "`metadata`"),
            },
            _ => text_field(d, metadata, "name", "`metadata`"),
        },
        None => {
            d.report(
                Problem::missing(
                    node.span,
                    format!("{what} has no `metadata` with its `name`"),
                )
                .expected("metadata.name")
                .help(LAYOUT),
            );
            None
        }
    };
    let spec = get(d, node, "spec", &what).and_then(|s| mapping(d, s, "`spec`"));
    let (mut running, mut evidence) = runs(d, spec, &kind)?;
    if let Some(hook) = helm_test(node) {
        running = true;
        evidence = hook;
    }
    let name = name?;
    let (owner, label) = owner(d, config, &kind, &name, node, metadata, spec)?;
    Some(Workload {
        label,
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
            // A paused Deployment (or Rollout) that `kubectl apply` creates gets no
            // ReplicaSet, so starts no pods; one that already runs keeps its pods, and its
            // controller still scales them. It may run: never enough for `required`, always
            // too much for `disabled`.
            let paused = field(d, "paused");
            if let Some(paused) = held(d, paused, "paused")? {
                return Some((true, Located::new(Evidence::Paused, paused)));
            }
            let Some(node) = field(d, "replicas") else {
                return Some((true, Located::new(Evidence::DefaultReplicas, kind.span)));
            };
            let before = d.problems.len();
            match kubernetes_count(
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
        // A suspended Job starts no pods until it is resumed, and may have run before it
        // was suspended: it may run, like a paused Deployment.
        WorkloadKind::Job => {
            let suspend = field(d, "suspend");
            match held(d, suspend, "suspend")? {
                Some(suspended) => Some((true, Located::new(Evidence::Suspend(true), suspended))),
                None => by_kind,
            }
        }
        WorkloadKind::DaemonSet
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
                        d.expected(node, "`suspend`", "`true` or `false`")
                            .help("write `suspend: true` to hold it, `false` to let it run"),
                    );
                    None
                }
            },
        },
    }
}

/// Where a boolean switch that holds a workload back (`paused`, a Job's `suspend`) is
/// `true`; `Some(None)`: absent, `null` or `false`; `None`: not a boolean (reported).
#[allow(clippy::option_option, reason = "reported, held, or not held")]
fn held(d: &mut Decoder, node: Option<&Node>, key: &str) -> Option<Option<crate::source::Span>> {
    let Some(node) = node else {
        return Some(None);
    };
    match node.kind {
        Kind::Bool(true) => Some(Some(node.span)),
        Kind::Bool(false) | Kind::Null => Some(None),
        _ => {
            d.report(
                d.expected(node, format_args!("`{key}`"), "`true` or `false`")
                    .help(format!(
                        "write `{key}: true` to hold it, `false` to let it run"
                    )),
            );
            None
        }
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

/// Which module the workload belongs to, and the module its mapping label names: the
/// label on the workload, else on its pod template; the configuration's map or `ignore`
/// decide the owner of a workload, but never hide its label (a workload labelled as a
/// module still counts as that module, [`super::Deployment::workloads_of`]).
fn owner(
    d: &mut Decoder,
    config: &Mapping,
    kind: &Located<WorkloadKind>,
    name: &Located<String>,
    resource: &Node,
    metadata: Option<&Node>,
    spec: Option<&Node>,
) -> Option<(Owner, Option<String>)> {
    let before = d.problems.len();
    let own = labelled(d, metadata, &config.label);
    let pods = match &kind.value {
        // The layout of a kind the gate does not model is not known: a module's label on
        // any pod template in it, however deep, is what its pods run as.
        WorkloadKind::Other(_) => {
            let mut pods: Option<Located<String>> = None;
            for value in kinds::pod_labels(resource, &config.label) {
                let Some(found) = label(d, value, &config.label) else {
                    continue;
                };
                match &pods {
                    Some(first) if first.value != found.value => d.report(
                        Problem::invalid(
                            found.span,
                            format!(
                                "the {} holds pods labelled `{}: {}` and `{}` (line {}): one resource runs as two modules",
                                kind.value.as_str(),
                                &config.label,
                                &found.value,
                                &first.value,
                                first.span.line
                            ),
                        )
                        .help("run each module's pods from a resource of its own, or label them alike"),
                    ),
                    Some(_) => {}
                    None => pods = Some(found),
                }
            }
            pods
        }
        _ => {
            let template = pod_template(d, &kind.value, spec);
            // Where the template's label stands, read (and reported, if wrong) once.
            let read_at = template
                .and_then(|t| peek(t, &["labels", config.label.as_str()]))
                .map(|n| n.span);
            let pods = labelled(d, template, &config.label);
            elsewhere(d, config, kind, resource, (own.as_ref(), read_at), pods)
        }
    };
    // The pods run as what their template says: a workload labelled for one module whose
    // pods are labelled for another would be judged as the one while running the other.
    if let (Some(own), Some(pods)) = (&own, &pods)
        && own.value != pods.value
    {
        d.report(
            Problem::invalid(
                pods.span,
                format!(
                    "the pod template is labelled `{}: {}`, but its {} is labelled `{}` (line {}): the pods would run as another module than the workload says",
                    &config.label,
                    &pods.value,
                    kind.value.as_str(),
                    &own.value,
                    own.span.line
                ),
            )
            .help("label the workload and its pod template with the same module id (or drop the workload's label)"),
        );
    }
    if d.problems.len() != before {
        return None;
    }
    let label = own.as_ref().or(pods.as_ref()).map(|l| l.value.clone());
    if let Some(id) = config.module_for(&kind.value, &name.value) {
        let owner = Owner::Module {
            id: Located::new(id.to_owned(), name.span),
            by: MappedBy::Config,
        };
        return Some((owner, label));
    }
    if config.ignores(&kind.value, &name.value) {
        return Some((Owner::Ignored, label));
    }
    let owner = match (own, pods) {
        (Some(id), _) => Owner::Module {
            id,
            by: MappedBy::Label,
        },
        (None, Some(id)) => Owner::Module {
            id,
            by: MappedBy::PodTemplateLabel,
        },
        (None, None) => Owner::Unmapped,
    };
    Some((owner, label))
}

/// The module label of a modelled workload's pods (`pods`, from its pod template), held
/// against a module label anywhere else in it but its own `metadata` and `status` (a
/// CronJob's `jobTemplate.metadata`, an Argo `podMetadata`): one naming another module
/// than the workload's is a problem, as what reads the resource may run its pods as that
/// one. With no label on the workload nor its pod template, the first found elsewhere is
/// the pods'.
fn elsewhere(
    d: &mut Decoder,
    config: &Mapping,
    kind: &Located<WorkloadKind>,
    resource: &Node,
    (own, read_at): (Option<&Located<String>>, Option<Span>),
    pods: Option<Located<String>>,
) -> Option<Located<String>> {
    let mut first = own.or(pods.as_ref()).cloned();
    let mut found_pods = None;
    for value in kinds::pod_labels(resource, &config.label) {
        if read_at == Some(value.span) {
            continue;
        }
        let Some(found) = label(d, value, &config.label) else {
            continue;
        };
        match &first {
            Some(first) if first.value != found.value => d.report(
                Problem::invalid(
                    found.span,
                    format!(
                        "the {} is labelled `{}: {}` here, but `{}` at line {}: its pods may run as another module than the workload says",
                        kind.value.as_str(),
                        &config.label,
                        &found.value,
                        &first.value,
                        first.span.line
                    ),
                )
                .help("label the workload and every template in it with the same module id"),
            ),
            Some(_) => {}
            None => {
                first = Some(found.clone());
                found_pods = Some(found);
            }
        }
    }
    pods.or(found_pods)
}

/// A Helm test hook: `metadata.annotations["helm.sh/hook"]` lists `test` (or Helm 2's
/// `test-success`, `test-failure`), at that value. `helm install` and `helm upgrade` never
/// create it; `helm test` does, so it only may run.
fn helm_test(node: &Node) -> Option<Located<Evidence>> {
    let hook = peek(node, &["metadata", "annotations", "helm.sh/hook"])?;
    let Kind::Str(text) = &hook.kind else {
        return None;
    };
    text.split(',')
        .any(|h| matches!(h.trim(), "test" | "test-success" | "test-failure"))
        .then(|| Located::new(Evidence::HelmTest, hook.span))
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
        // The layout of Argo's kind is known only so far: its `template` is looked at,
        // never reported on.
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
    let what = format!("`labels` (`{key}`)");
    let value = get(d, labels, key, &what)?;
    label(d, value, key)
}

#[cfg(test)]
mod tests;
