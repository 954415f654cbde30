//! `--runtime`: what the environment switches on, from one of three kinds of input — the
//! activation manifest (SPEC §4), Kubernetes manifests (one file, a `---` stream, a
//! `kind: List`, or a directory of them), or a Compose file — recognised by content, or
//! named by a prefix: `kubernetes:deploy/prod/`, `compose:compose.yaml`, `manifest:…`.
//!
//! Kubernetes and Compose inputs become a [`Deployment`]: every workload with its kind,
//! name, module and whether it runs, each at the place in its file that says so, so that a
//! finding can point at the `replicas:` that switches a module on.

mod compose;
mod fields;
mod interpolation;
mod json;
mod kept;
mod kinds;
mod kubernetes;
mod links;
mod manifest;
mod merge;
mod stream;
mod streamed;
mod unread;

pub use kinds::{INERT, SCALERS, WORKLOADS};

pub(crate) use manifest::FIELDS;
pub use manifest::{Manifest, decode};

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

#[cfg(test)]
use super::tree;
use super::tree::{Kind, Node};
use crate::error::{InputError, Problem, ProblemKind};
use crate::profile::Located;
use crate::source::Source;

/// Most YAML documents in one Kubernetes stream (a rendered release holds tens to hundreds).
pub const MAX_DOCUMENTS: usize = 10_000;
/// Most files read from one directory of manifests.
pub const MAX_FILES: usize = 1_000;
/// Most bytes held at once while a runtime input is read: one document of a YAML stream,
/// or one resource of a JSON list with what stands before it. A runtime input has no
/// size limit of its own: it is read value by value, and the text read let go of.
pub const MAX_UNIT_BYTES: usize = 64 * 1024 * 1024;
/// Deepest subdirectory looked through inside a directory of manifests (a manifest in any
/// is refused: `kubectl apply -f DIR` reads none without `-R`).
pub const MAX_DIRECTORY_DEPTH: usize = 8;

/// The label whose value names a workload's module: the Kubernetes recommended label.
pub const KUBERNETES_LABEL: &str = "app.kubernetes.io/name";
/// The label whose value names a Compose service's module.
pub const COMPOSE_LABEL: &str = "profile-check.module";

/// The three kinds of `--runtime` input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The activation manifest: `environment` and `active` (SPEC §4).
    Manifest,
    /// Kubernetes resources: rendered manifests or `kubectl get -o yaml|json`.
    Kubernetes,
    /// A Compose file (`services:`).
    Compose,
}

impl Format {
    /// Every format, in the order the prefixes are documented.
    pub const ALL: [Self; 3] = [Self::Kubernetes, Self::Compose, Self::Manifest];

    /// The prefix that names it on the command line, without the colon.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manifest => "manifest",
            Self::Kubernetes => "kubernetes",
            Self::Compose => "compose",
        }
    }
}

/// Splits `kubernetes:deploy/prod/` into the format it names and the path. A path with no
/// known prefix is returned whole, its format to be recognised by content.
pub fn split_prefix(argument: &str) -> (Option<Format>, &str) {
    for format in Format::ALL {
        if let Some(path) = argument
            .strip_prefix(format.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
        {
            return (Some(format), path);
        }
    }
    (None, argument)
}

/// How workloads are mapped to modules. The defaults are the recommended labels; a project
/// configuration can change the label keys and map workloads by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The Kubernetes label whose value is a module id (on the workload, else on its pod
    /// template).
    pub label: String,
    /// The Compose service label whose value is a module id.
    pub compose_label: String,
    /// Module id → names of its workloads (`chat-api`, or `Deployment/chat-api` for one
    /// kind only), for workloads that carry no module's label. A workload that carries
    /// the mapping label still counts as the module the label names, too.
    pub workloads: BTreeMap<String, Vec<String>>,
    /// Names of workloads that belong to no module (infrastructure): neither mapped nor
    /// reported as unmapped, unless the mapping label names a module of the profile.
    pub ignore: Vec<String>,
}

impl Default for Mapping {
    fn default() -> Self {
        Self {
            label: KUBERNETES_LABEL.to_owned(),
            compose_label: COMPOSE_LABEL.to_owned(),
            workloads: BTreeMap::new(),
            ignore: Vec::new(),
        }
    }
}

impl Mapping {
    /// The module the configuration maps workload `name` of `kind` to.
    fn module_for(&self, kind: &WorkloadKind, name: &str) -> Option<&str> {
        self.workloads
            .iter()
            .find(|(_, names)| names.iter().any(|n| names_workload(n, kind, name)))
            .map(|(id, _)| id.as_str())
    }

    /// Whether the configuration says workload `name` of `kind` belongs to no module.
    fn ignores(&self, kind: &WorkloadKind, name: &str) -> bool {
        self.ignore.iter().any(|n| names_workload(n, kind, name))
    }
}

/// `chat-api` names any workload called so; `Deployment/chat-api` only that kind's.
fn names_workload(entry: &str, kind: &WorkloadKind, name: &str) -> bool {
    match entry.split_once('/') {
        Some((k, n)) => k == kind.as_str() && n == name,
        None => entry == name,
    }
}

/// How the runtime input is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Workloads → modules.
    pub mapping: Mapping,
    /// The Compose profiles switched on, as `COMPOSE_PROFILES` would (`*`: all of them).
    pub compose_profiles: Vec<String>,
}

/// What `--runtime` gave.
#[derive(Debug)]
pub enum Runtime {
    /// The activation manifest.
    Manifest(Manifest),
    /// Workloads from Kubernetes manifests or a Compose file.
    Deployment(Deployment),
}

/// Where a deployment's workloads were declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Kubernetes resources.
    Kubernetes,
    /// A Compose file.
    Compose,
}

impl Platform {
    /// `kubernetes` or `compose`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kubernetes => "kubernetes",
            Self::Compose => "compose",
        }
    }
}

/// A deployment as its description states it: the workloads that would run.
#[derive(Debug)]
pub struct Deployment {
    /// Kubernetes or Compose.
    pub platform: Platform,
    /// The files read, in reading order; [`Workload::file`] indexes them.
    pub files: Vec<Arc<Source>>,
    /// Every workload, in file order.
    pub workloads: Vec<Workload>,
    /// Resources of other kinds (Services, ConfigMaps, …), which run nothing of their own.
    pub ignored: usize,
    /// The label that maps a workload to its module, for messages.
    pub label: String,
    /// Workload indices by module id, found once: a check looks up every module's.
    by_module: OnceLock<HashMap<String, Vec<usize>>>,
    /// What ties the resources together (definitions, owners, scalers).
    links: Box<links::Links>,
}

impl Deployment {
    fn new(platform: Platform, mapping: &Mapping) -> Self {
        Self {
            platform,
            files: Vec::new(),
            workloads: Vec::new(),
            ignored: 0,
            label: match platform {
                Platform::Kubernetes => mapping.label.clone(),
                Platform::Compose => mapping.compose_label.clone(),
            },
            by_module: OnceLock::new(),
            links: Box::default(),
        }
    }

    /// The workloads that carry no mapping at all, in file order.
    pub fn unmapped(&self) -> impl Iterator<Item = &Workload> {
        self.workloads.iter().filter(|w| w.owner == Owner::Unmapped)
    }

    /// The workloads of module `id` (by label, configuration or name) with their indices,
    /// in file order.
    pub fn workloads_of(&self, id: &str) -> impl Iterator<Item = (usize, &Workload)> {
        let index = self.by_module.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, w) in self.workloads.iter().enumerate() {
                let module = w.module();
                if let Some(id) = module {
                    index.entry(id.to_owned()).or_default().push(i);
                }
                // Neither `ignore` nor the configuration's map hides a module's label: the
                // pods run as what they are labelled.
                if let Some(label) = w.label.as_deref()
                    && module != Some(label)
                {
                    index.entry(label.to_owned()).or_default().push(i);
                }
            }
            index
        });
        index
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|&i| Some((i, self.workloads.get(i)?)))
    }
}

/// The kinds of workload that run something.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WorkloadKind {
    /// `apps/v1` Deployment: runs `replicas` pods.
    Deployment,
    /// `apps/v1` StatefulSet: runs `replicas` pods.
    StatefulSet,
    /// `apps/v1` DaemonSet: runs a pod on every node.
    DaemonSet,
    /// `apps/v1` ReplicaSet: runs `replicas` pods.
    ReplicaSet,
    /// `batch/v1` Job: runs to completion.
    Job,
    /// `batch/v1` CronJob: runs on schedule unless suspended.
    CronJob,
    /// `v1` Pod: a pod of its own, running in whatever phase.
    Pod,
    /// Argo `Rollout`: runs `replicas` pods.
    Rollout,
    /// Argo `CronWorkflow`: runs on schedule unless suspended.
    CronWorkflow,
    /// Knative `serving.knative.dev` Service: runs (scaled on demand).
    KnativeService,
    /// A kind the gate does not model that carries pods (a pod template, a job template,
    /// workflow templates) or a module's label: it runs. The kind as the resource spells
    /// it.
    Other(String),
    /// A Compose service.
    Service,
}

impl WorkloadKind {
    /// The kind as its input spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Deployment => "Deployment",
            Self::StatefulSet => "StatefulSet",
            Self::DaemonSet => "DaemonSet",
            Self::ReplicaSet => "ReplicaSet",
            Self::Job => "Job",
            Self::CronJob => "CronJob",
            Self::Pod => "Pod",
            Self::Rollout => "Rollout",
            Self::CronWorkflow => "CronWorkflow",
            Self::KnativeService => "Service",
            Self::Other(kind) => kind,
            Self::Service => "service",
        }
    }
}

/// Which module a workload belongs to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// Mapped to a module.
    Module {
        /// The module id, at the place that names it (the label's value; for a mapping by
        /// configuration or by name, the workload's name).
        id: Located<String>,
        /// What mapped it.
        by: MappedBy,
    },
    /// The configuration says it belongs to no module.
    Ignored,
    /// Nothing maps it.
    Unmapped,
}

/// What maps a workload to its module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappedBy {
    /// The mapping label on the workload itself.
    Label,
    /// The mapping label on its pod template.
    PodTemplateLabel,
    /// The configuration's map of module ids to workload names.
    Config,
    /// A Compose service's name, taken as a module id: only a mapping when the profile has
    /// a module of that id; otherwise the service is unmapped.
    Name,
}

/// Why a workload runs or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// `replicas: n` (Compose: `deploy.replicas` or `scale`).
    Replicas(u64),
    /// No `replicas`: one.
    DefaultReplicas,
    /// The kind runs by itself: a DaemonSet, a Job or a Pod (finished or not: `status` is
    /// never read), a Knative Service, or a kind the gate does not model that carries pods
    /// or a module's label.
    Kind,
    /// A CronJob's `suspend` (absent: not suspended); for a Job, `suspend: true`: it
    /// starts no pods until resumed, but may have run, so it only may run.
    Suspend(bool),
    /// A Deployment or Rollout with `paused: true`: created so, it starts no pods; already
    /// running, it keeps (and scales) them. It only may run.
    Paused,
    /// A Compose service behind `profiles:` none of which is enabled.
    ProfilesOff,
    /// A Compose service behind `profiles:` one of which is enabled.
    ProfileEnabled,
    /// A Compose service with nothing that holds it back.
    Defined,
    /// A Compose service deployed `mode: global`: one task per node, whatever `replicas`
    /// says.
    Global,
    /// A Job that a CronJob of the same input started (its `ownerReferences`): a run of
    /// that CronJob, which ran, whether the CronJob is suspended now or not.
    CronJobRun,
    /// A workload held at zero that a scaler (HorizontalPodAutoscaler, KEDA ScaledObject)
    /// raises to at least this many pods (0: KEDA starts it on demand), at the scaler's
    /// minimum.
    Scaled(u64),
    /// A Helm test hook (`helm.sh/hook: test`), at the annotation's value: `helm test`
    /// runs it, `helm install` and `helm upgrade` never do. It only may run.
    HelmTest,
}

/// One workload of a deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// Index of its file in [`Deployment::files`].
    pub file: usize,
    /// Its kind, at the `kind:` value (Compose: the service's key).
    pub kind: Located<WorkloadKind>,
    /// Its name (`metadata.name`; Compose: the service's key).
    pub name: Located<String>,
    /// Its module.
    pub owner: Owner,
    /// Whether it runs.
    pub running: bool,
    /// What says so, at its place: the `replicas:` value, the `suspend:` value, or the
    /// `kind:` when nothing else does.
    pub evidence: Located<Evidence>,
    /// Index of the file of the evidence: the workload's own, or its scaler's.
    pub evidence_file: usize,
    /// Its namespace (`metadata.namespace`), when it names one.
    pub namespace: Option<String>,
    /// Its API group (Kubernetes), for a scaler's target.
    pub group: Option<String>,
    /// Its label values, which a module id might be close to: for "did you mean".
    pub hints: Vec<String>,
    /// The value of its mapping label (on the workload or its pod template), if any. The
    /// configuration may map a workload by name or ignore it, but a workload labelled as a
    /// module is still that module: [`Deployment::workloads_of`] finds it under both.
    pub label: Option<String>,
}

impl Workload {
    /// Whether it surely runs, as a `required` module needs: it runs, and not only by the
    /// gate's caution. A kind the gate does not model (a labelled `ServiceMonitor` runs
    /// nothing) and a scaler's minimum (an HPA leaves a target held at 0 alone; KEDA may
    /// never start it) may run, which counts against a `disabled` module, never for a
    /// `required` one.
    pub fn surely_runs(&self) -> bool {
        self.running
            && !matches!(self.kind.value, WorkloadKind::Other(_))
            && !matches!(
                self.evidence.value,
                Evidence::Scaled(_)
                    | Evidence::Paused
                    | Evidence::Suspend(true)
                    | Evidence::HelmTest
            )
    }

    /// The module id it is mapped to, if any.
    pub fn module(&self) -> Option<&str> {
        match &self.owner {
            Owner::Module { id, .. } => Some(id.value.as_str()),
            Owner::Ignored | Owner::Unmapped => None,
        }
    }

    /// `Deployment/chat-api` (Compose: `service/chat`), as read: the report escapes it with
    /// the message it is worded into.
    pub fn title(&self) -> String {
        format!("{}/{}", self.kind.value.as_str(), &self.name.value)
    }

    /// For reports: `kubernetes: Deployment/chat-api, replicas 2`.
    pub fn describe(&self, platform: Platform) -> String {
        let why = match self.evidence.value {
            Evidence::Replicas(n) => format!(", replicas {n}"),
            Evidence::DefaultReplicas => ", replicas 1 (default)".to_owned(),
            Evidence::Suspend(true) if self.running => {
                ", suspended (starts no pods until resumed)".to_owned()
            }
            Evidence::Suspend(true) => ", suspended".to_owned(),
            Evidence::Paused => {
                ", paused (starts no pods when created; keeps the pods it runs)".to_owned()
            }
            Evidence::Suspend(false) => ", not suspended".to_owned(),
            Evidence::ProfilesOff => ", profiles not enabled".to_owned(),
            Evidence::ProfileEnabled => ", profile enabled".to_owned(),
            Evidence::Global => ", mode global".to_owned(),
            Evidence::CronJobRun => ", a run of its CronJob".to_owned(),
            Evidence::Scaled(0) => ", started on demand by its scaler".to_owned(),
            Evidence::Scaled(n) => format!(", at least {n} by its scaler"),
            Evidence::HelmTest => {
                ", a Helm test hook (`helm test` runs it, `helm install` does not)".to_owned()
            }
            Evidence::Kind | Evidence::Defined => String::new(),
        };
        format!("{}: {}{why}", platform.as_str(), self.title())
    }
}

/// An input that could not be read, with the text of the file at fault when it was read.
pub type Failure = Box<(InputError, Option<Arc<Source>>)>;

fn failure(path: &str, problem: Problem) -> Failure {
    Box::new((InputError::one(path, problem), None))
}

/// Reads `--runtime` `argument` (a path, perhaps with a format prefix), as a stream: a
/// runtime input has no size limit, and is read in the memory of its largest resource
/// (see [`MAX_UNIT_BYTES`]). Returns the file read (for a directory, its first file) and
/// what it says.
pub fn read(argument: &str, options: &Options) -> Result<(Arc<Source>, Runtime), Failure> {
    let (format, path) = split_prefix(argument);
    if path.is_empty() {
        return Err(failure(
            argument,
            Problem::whole(ProblemKind::Missing, "names no file after the prefix")
                .help("write the path after the colon, e.g. `kubernetes:deploy/prod/`"),
        ));
    }
    let is_dir = path != "-" && fs::metadata(path).is_ok_and(|m| m.is_dir());
    if is_dir {
        return match format {
            None | Some(Format::Kubernetes) => {
                let deployment = directory(path, &options.mapping)?;
                match deployment.files.first() {
                    Some(first) => Ok((Arc::clone(first), Runtime::Deployment(deployment))),
                    None => Err(failure(path, no_manifest())),
                }
            }
            Some(f) => Err(failure(
                path,
                Problem::whole(ProblemKind::Unreadable, format!("is a directory, and `{}:` names one file", f.as_str()))
                    .help("name the file inside it, or use `kubernetes:` for a directory of Kubernetes manifests"),
            )),
        };
    }
    if format == Some(Format::Manifest) {
        // An activation manifest is a few lines, read whole like a profile.
        let source = Arc::new(
            super::read_input(path, &super::RUNTIME_FILE).map_err(|e| Box::new((e, None)))?,
        );
        return match super::decoded(&source, decode) {
            Ok(manifest) => Ok((source, Runtime::Manifest(manifest))),
            Err(e) => Err(Box::new((e, Some(source)))),
        };
    }
    let (name, mut input) = super::open_input(path).map_err(|e| Box::new((e, None)))?;
    let mut out = None;
    let whole = usize::try_from(super::limits::MAX_FILE_BYTES).unwrap_or(0);
    let (source, manifest) =
        streamed::read(&name, &mut *input, format, options, 0, &mut out, whole).map_err(
            |failed| {
                let (error, source) = *failed;
                Box::new((error, source.map(Arc::new)))
            },
        )?;
    let source = Arc::new(source);
    finish(source, manifest, out)
}

/// What a file read as a stream says: an activation manifest (decoded from the text kept
/// whole), or a deployment whose workloads are read.
fn finish(
    source: Arc<Source>,
    manifest: bool,
    out: Option<Deployment>,
) -> Result<(Arc<Source>, Runtime), Failure> {
    if manifest {
        if !source.is_whole() {
            return Err(Box::new((
                InputError::one(
                    &source.name,
                    Problem::whole(
                        ProblemKind::Limit,
                        format!(
                            "an activation manifest of more than {} bytes (8 MiB), the limit",
                            super::limits::MAX_FILE_BYTES
                        ),
                    )
                    .help(super::RUNTIME_FILE.too_large),
                ),
                None,
            )));
        }
        return match super::decoded(&source, decode) {
            Ok(manifest) => Ok((source, Runtime::Manifest(manifest))),
            Err(e) => Err(Box::new((e, Some(source)))),
        };
    }
    let Some(mut deployment) = out else {
        return Err(Box::new((
            errors(&source, vec![only_comments()]),
            Some(source),
        )));
    };
    links::settle(&mut deployment);
    deployment.files.push(Arc::clone(&source));
    Ok((source, Runtime::Deployment(deployment)))
}

/// Reads one runtime file already read as text, of `format` or, when `None`, of the format
/// its content gives away.
pub fn from_source(
    source: &Arc<Source>,
    format: Option<Format>,
    options: &Options,
) -> Result<Runtime, InputError> {
    if format == Some(Format::Manifest) {
        return super::decoded(source, decode).map(Runtime::Manifest);
    }
    let mut input = source.text.as_bytes();
    let mut out = None;
    // The text is kept already: the reading keeps none of it.
    let (_, manifest) = streamed::read(&source.name, &mut input, format, options, 0, &mut out, 0)
        .map_err(|failed| failed.0)?;
    if manifest {
        return super::decoded(source, decode).map(Runtime::Manifest);
    }
    let Some(mut deployment) = out else {
        return Err(errors(source, vec![only_comments()]));
    };
    links::settle(&mut deployment);
    deployment.files.push(Arc::clone(source));
    Ok(Runtime::Deployment(deployment))
}

/// The documents of `text`, at most `max_documents`, read as a runtime input is.
#[cfg(test)]
pub(crate) fn parse_runtime(text: &str, max_documents: usize) -> Result<tree::Stream, Problem> {
    let reading = tree::Reading {
        max_documents,
        ..unread::READING
    };
    tree::parse_stream(text, &reading)
}

fn errors(source: &Source, mut problems: Vec<Problem>) -> InputError {
    problems.sort_by_key(|p| p.span);
    InputError {
        path: source.name.clone(),
        problems,
    }
}

fn no_manifest() -> Problem {
    Problem::whole(ProblemKind::Unreadable, "the directory holds no `.yaml`, `.yml` or `.json` file")
        .help("render the manifests into it first, e.g. `kubectl kustomize overlays/prod > DIR/release.yaml`, or pipe them in: `kubectl kustomize overlays/prod | profile-check --runtime kubernetes:- …`")
}

fn only_comments() -> Problem {
    Problem::whole(ProblemKind::Unreadable, "the file holds only comments and blank lines, no YAML value").help(
        "a runtime input is Kubernetes manifests, a Compose file, or a manifest with `environment` and `active`",
    )
}

/// The format a document's top-level keys give away.
fn recognise(root: &Node) -> Option<Format> {
    let Kind::Map(entries) = &root.kind else {
        return None;
    };
    let has = |name: &str| {
        entries
            .iter()
            .any(|(k, _)| matches!(&k.kind, Kind::Str(s) if &**s == name))
    };
    // Both: kubectl would apply the resource (and a List's items), Docker Compose the
    // services; the gate does not guess which one the release runs.
    if has("services") && (has("apiVersion") || has("kind")) {
        None
    } else if has("services") {
        Some(Format::Compose)
    } else if has("apiVersion") || has("kind") {
        Some(Format::Kubernetes)
    } else if has("environment") || has("active") {
        Some(Format::Manifest)
    } else {
        None
    }
}

fn unrecognised(root: &Node) -> Problem {
    if let Kind::Map(entries) = &root.kind
        && entries
            .iter()
            .any(|(k, _)| matches!(&k.kind, Kind::Str(s) if &**s == "services"))
    {
        return Problem::invalid(
            root.span,
            "cannot tell what kind of runtime input this is: it has `services` (a Compose file) and `apiVersion` or `kind` (a Kubernetes resource), which kubectl and Docker Compose read differently",
        )
        .help("name the kind, `kubernetes:PATH` or `compose:PATH`, or split the file");
    }
    let found = match root.kind {
        Kind::Map(_) => "a mapping with none of the keys `apiVersion`, `kind`, `services`, `environment`, `active`".to_owned(),
        _ => root.describe(),
    };
    Problem::invalid(
        root.span,
        format!("cannot tell what kind of runtime input this is, found {found}"),
    )
    .help(
        "Kubernetes resources have `apiVersion` and `kind`, a Compose file `services`, a manifest \
         `environment` and `active`; or name the kind: `kubernetes:PATH`, `compose:PATH`, `manifest:PATH`",
    )
}

/// Reads every `.yaml`, `.yml` and `.json` file under `path` (hidden ones too, as `kubectl
/// apply -f` does), in the order of their paths, as Kubernetes manifests.
fn directory(path: &str, mapping: &Mapping) -> Result<Deployment, Failure> {
    let mut files = Vec::new();
    walk(Path::new(path), 0, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(failure(path, no_manifest()));
    }
    let options = Options {
        mapping: mapping.clone(),
        ..Options::default()
    };
    let mut out = Some(Deployment::new(Platform::Kubernetes, mapping));
    let mut whole_left = usize::try_from(super::limits::MAX_FILE_BYTES).unwrap_or(0);
    for file in &files {
        let name = file.to_string_lossy();
        let (name, mut input) = super::open_input(&name).map_err(|e| Box::new((e, None)))?;
        let index = out.as_ref().map_or(0, |d| d.files.len());
        // The files of a directory share the text kept whole, as one file would.
        let (source, _) = streamed::read(
            &name,
            &mut *input,
            Some(Format::Kubernetes),
            &options,
            index,
            &mut out,
            whole_left,
        )
        .map_err(|failed| {
            let (error, source) = *failed;
            Box::new((error, source.map(Arc::new)))
        })?;
        if source.is_whole() {
            whole_left = whole_left.saturating_sub(source.text.len());
        }
        // Pushed as soon as read: a later file's problem may name this one.
        if let Some(deployment) = out.as_mut() {
            deployment.files.push(Arc::new(source));
        }
    }
    let Some(mut deployment) = out else {
        return Err(failure(path, no_manifest()));
    };
    links::settle(&mut deployment);
    Ok(deployment)
}

/// Collects the manifest files under `dir`. Symbolic links are refused rather than followed
/// (a link may lead out of the tree, or around in a loop); an unrendered kustomize or Helm
/// source is refused, since its patches and templates are not what runs.
fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let shown = dir.to_string_lossy();
    let fail = |message: String, help: &str| {
        failure(
            &shown,
            Problem::whole(ProblemKind::Unreadable, message).help(help),
        )
    };
    let unreadable = |e: std::io::Error| {
        fail(
            format!("cannot read the directory: {e}"),
            "check that the directory can be read",
        )
    };
    if depth > MAX_DIRECTORY_DEPTH {
        return Err(fail(
            format!("the directory nests deeper than {MAX_DIRECTORY_DEPTH} levels"),
            "name a directory of rendered manifests",
        ));
    }
    // In name order, so that the files are read and any problem is found in the same order
    // on every machine.
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(unreadable)? {
        entries.push(entry.map_err(unreadable)?);
        if entries.len() > MAX_FILES {
            return Err(too_many_files(&shown));
        }
    }
    entries.sort_by_key(fs::DirEntry::file_name);
    // An unrendered source is refused at its folder, before anything under it is read.
    for entry in &entries {
        if let Some(problem) = entry
            .file_name()
            .to_str()
            .and_then(|name| unrendered(dir, name))
        {
            return Err(failure(&entry.path().to_string_lossy(), problem));
        }
    }
    // Hidden files are read too: `kubectl apply -f DIR` applies them.
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(unreadable)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            // A name that is not UTF-8 cannot be read by name nor shown in a report as it
            // is; `kubectl` would still apply the file, so it is not passed over.
            let manifest = Path::new(&name)
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
            if kind.is_dir() || kind.is_symlink() || manifest {
                return Err(failure(
                    &path.to_string_lossy(),
                    Problem::whole(ProblemKind::Unreadable,
                        "has a name that is not valid UTF-8 (shown with `\u{fffd}` for the bytes that are not); it cannot be read by name",
                    )
                    .help("rename it with a UTF-8 name, e.g. after the resource it holds (`apps_v1_deployment_chat-api.yaml`)"),
                ));
            }
            continue;
        };
        if kind.is_symlink() {
            return Err(failure(
                &path.to_string_lossy(),
                Problem::whole(
                    ProblemKind::Unreadable,
                    "is a symbolic link; manifests in a directory are read only as regular files",
                )
                .help("copy the file into the directory, or name it directly"),
            ));
        }
        if kind.is_dir() {
            // `kubectl apply -f DIR` applies the folder's own files and no subfolder's
            // (without `-R`): a subfolder is still looked through, so that what it holds is
            // never left unjudged, and a manifest in it is an input error.
            let mut nested = Vec::new();
            walk(&path, depth + 1, &mut nested)?;
            if let Some(first) = nested.first() {
                return Err(failure(
                    &path.to_string_lossy(),
                    Problem::whole(ProblemKind::Invalid, format!(
                        "is a subfolder holding manifests (`{}`): whether they run depends on how the folder is applied",
                        &first.to_string_lossy()
                    ))
                    .help("`kubectl apply -f DIR` reads no subfolder without `-R`: render the release into one stream in the folder itself (e.g. `kubectl kustomize overlays/prod > DIR/release.yaml`), or name the subfolder itself (`--runtime kubernetes:DIR/SUB`)"),
                ));
            }
            continue;
        }
        let manifest = Path::new(name)
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
        if manifest {
            files.push(path);
            if files.len() > MAX_FILES {
                return Err(too_many_files(&shown));
            }
        }
    }
    Ok(())
}

/// The problem with file `name` of folder `dir` when it makes the folder a kustomize or
/// Helm source: what runs is what they render, and the help gives the exact command.
fn unrendered(dir: &Path, name: &str) -> Option<Problem> {
    let shown = dir.to_string_lossy();
    let folder = shell_word(&shown);
    match name {
        "kustomization.yaml" | "kustomization.yml" | "Kustomization" => Some(
            Problem::whole(ProblemKind::Invalid, "a kustomize source, not rendered manifests: its patches and overlays are not what runs")
                .help(format!(
                    "render the overlay the release uses and check that: `kubectl kustomize {folder} | profile-check --runtime kubernetes:- …` (or `kustomize build {folder}`)"
                )),
        ),
        "Chart.yaml" => Some(
            Problem::whole(ProblemKind::Invalid, "a Helm chart, not rendered manifests: its templates are not what runs")
                .help(format!(
                    "render it with the release's values and check that: `helm template RELEASE {folder} -f values-prod.yaml | profile-check --runtime kubernetes:- …`"
                )),
        ),
        _ => None,
    }
}

/// `text` as one word of a POSIX shell command: quoted when it holds anything but plain
/// path characters.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '@')
        });
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", &text.replace('\'', "'\\''"))
    }
}

fn too_many_files(path: &str) -> Failure {
    failure(
        path,
        Problem::whole(ProblemKind::Limit, format!(
            "the directory holds more than {MAX_FILES} files, over the limit"
        ))
        .help("render the release into one stream (`helm template`, `kubectl kustomize`) and name that file"),
    )
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod streaming_tests;
