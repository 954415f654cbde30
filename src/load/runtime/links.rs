//! What ties the resources of one Kubernetes input together, settled once every file is
//! read: one definition per resource, a Job's CronJob, a scaler's target.

use std::collections::{HashMap, HashSet};

use super::{Deployment, Evidence, Owner, WorkloadKind};
use crate::profile::Located;
use crate::source::Span;

/// A resource as the cluster keys it: API group, kind and name, joined by NUL (which no
/// name holds); the namespace beside it. One string: a key per resource is one allocation.
type Key = String;

/// Where a resource was defined: its order among the definitions, its file and the place
/// of its name.
type Place = (usize, usize, Span);

/// What is settled once the whole input is read.
#[derive(Debug, Default)]
pub(super) struct Links {
    /// Each resource's first definition: its place, the namespace it names, and, once the
    /// resource is defined again, its number in `in_namespace`.
    defined: HashMap<Key, (Place, Option<String>, Option<usize>)>,
    /// By resource number and namespace written (`None`: none written, so the one it is
    /// applied to, which may be any), the first definition there. One table for every
    /// resource: a table each would cost more than the resource.
    in_namespace: HashMap<(usize, Option<String>), Place>,
    /// Definitions recorded, for their order.
    definitions: usize,
    owners: Vec<OwnedJob>,
    scalers: Vec<Scaling>,
    references: Vec<Reference>,
    /// The places recorded since [`Links::take_recent`] was last asked: a finding may
    /// point at them, so a streamed input keeps their lines.
    recent: Vec<Span>,
}

/// A workload that runs the pod template of another (an Argo Rollout's `workloadRef`).
#[derive(Debug)]
struct Reference {
    workload: usize,
    /// The API group of the workload named.
    group: String,
    kind: String,
    name: String,
    span: Span,
}

/// A Job whose `ownerReferences` name a CronJob.
#[derive(Debug)]
struct OwnedJob {
    job: usize,
    cronjob: String,
    span: Span,
}

/// A scaler's claim on its target workload.
#[derive(Debug)]
pub(super) struct Scaling {
    /// The target's kind, name and (when the scaler says) API group.
    pub kind: String,
    pub name: String,
    pub group: Option<String>,
    /// The scaler's namespace, which is its target's.
    pub namespace: Option<String>,
    /// The minimum, at the value that sets it (or the scaler's `kind:` for a default).
    pub minimum: Located<u64>,
    /// The file of the scaler.
    pub file: usize,
}

impl Links {
    /// The places recorded since the last call.
    pub(super) fn take_recent(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.recent)
    }

    /// Records a resource; when the same resource was defined before, returns the file and
    /// place of that first definition.
    pub(super) fn define(
        &mut self,
        group: &str,
        kind: &str,
        name: &str,
        namespace: Option<&str>,
        file: usize,
        span: Span,
    ) -> Option<(usize, Span)> {
        let order = self.definitions;
        self.definitions += 1;
        let place = (order, file, span);
        let key = format!("{group}\0{kind}\0{name}");
        let resources = self.in_namespace.len();
        let Some((first_anywhere, first_namespace, number)) = self.defined.get_mut(&key) else {
            // Defined once so far: no table by namespace yet.
            self.defined
                .insert(key, (place, namespace.map(str::to_owned), None));
            return None;
        };
        let first_anywhere = *first_anywhere;
        let resource = match *number {
            Some(resource) => resource,
            None => {
                // Defined again: the first definition goes into the table by namespace.
                *number = Some(resources);
                self.in_namespace
                    .insert((resources, first_namespace.take()), first_anywhere);
                resources
            }
        };
        // The first definition that may be in the same namespace: any, for a resource that
        // names none; else the first in its namespace or in none.
        let first = match namespace {
            None => Some(first_anywhere),
            Some(ns) => {
                let own = self
                    .in_namespace
                    .get(&(resource, Some(ns.to_owned())))
                    .copied();
                let any = self.in_namespace.get(&(resource, None)).copied();
                match (own, any) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
        };
        self.in_namespace
            .entry((resource, namespace.map(str::to_owned)))
            .or_insert(place);
        first.map(|(_, file, span)| (file, span))
    }

    /// Records that workload `job` names CronJob `cronjob` as its owner, at `span`.
    pub(super) fn owned(&mut self, job: usize, cronjob: &str, span: Span) {
        self.recent.push(span);
        self.owners.push(OwnedJob {
            job,
            cronjob: cronjob.to_owned(),
            span,
        });
    }

    /// Records that workload `workload` runs the pod template of the `kind` named `name`
    /// (at `span`, the reference): it is that workload's module, or unmapped when that
    /// workload is not in the input.
    pub(super) fn runs_template_of(
        &mut self,
        workload: usize,
        group: &str,
        kind: &str,
        name: &str,
        span: Span,
    ) {
        self.recent.push(span);
        self.references.push(Reference {
            workload,
            group: group.to_owned(),
            kind: kind.to_owned(),
            name: name.to_owned(),
            span,
        });
    }

    /// Records a scaler's claim.
    pub(super) fn scales(&mut self, scaling: Scaling) {
        self.recent.push(scaling.minimum.span);
        self.scalers.push(scaling);
    }
}

/// Settles what the whole input says: a Job owned by a CronJob of the input is that
/// CronJob's run (its module the CronJob's when it has none of its own), and runs, as every
/// Job does; a Job whose CronJob is not in the input is judged as a Job. A scaler raises
/// its target to at least its minimum: a target held at zero runs when the minimum is over
/// zero, or when the scaler starts it on demand (KEDA).
pub(super) fn settle(deployment: &mut Deployment) {
    let links = std::mem::take(&mut deployment.links);
    // Only the workloads a link names are indexed: most inputs link few.
    let named: HashSet<(&str, &str)> = links
        .owners
        .iter()
        .map(|o| ("CronJob", o.cronjob.as_str()))
        .chain(
            links
                .references
                .iter()
                .map(|r| (r.kind.as_str(), r.name.as_str())),
        )
        .chain(
            links
                .scalers
                .iter()
                .map(|s| (s.kind.as_str(), s.name.as_str())),
        )
        .collect();
    let index = Index::of(&deployment.workloads, &named);
    drop(named);
    for owned in &links.owners {
        let Some(job) = deployment.workloads.get(owned.job) else {
            continue;
        };
        let cronjob = index
            .first("CronJob", &owned.cronjob, job.namespace.as_deref(), None)
            .and_then(|i| deployment.workloads.get(i))
            .filter(|w| w.kind.value == WorkloadKind::CronJob);
        let Some(cronjob) = cronjob else {
            continue;
        };
        let owner = cronjob.owner.clone();
        if let Some(job) = deployment.workloads.get_mut(owned.job) {
            if job.owner == Owner::Unmapped {
                job.owner = owner;
            }
            // A suspended run stays one that only may run.
            if job.evidence.value != Evidence::Suspend(true) {
                job.running = true;
                job.evidence = Located::new(Evidence::CronJobRun, owned.span);
            }
        }
    }
    for reference in &links.references {
        let Some(rollout) = deployment.workloads.get(reference.workload) else {
            continue;
        };
        // The first of that kind and name in its API group (a custom kind may share the
        // name of a core one).
        let target = index
            .all(
                &reference.kind,
                &reference.name,
                rollout.namespace.as_deref(),
            )
            .into_iter()
            .filter(|&i| i != reference.workload)
            .filter_map(|i| deployment.workloads.get(i))
            .find(|w| w.group.as_deref() == Some(reference.group.as_str()));
        let (owner, label) = match target {
            Some(w) => match &w.owner {
                Owner::Module { id, by } => (
                    Owner::Module {
                        id: Located::new(id.value.clone(), reference.span),
                        by: by.clone(),
                    },
                    w.label.clone(),
                ),
                other => (other.clone(), w.label.clone()),
            },
            None => (Owner::Unmapped, None),
        };
        if let Some(rollout) = deployment.workloads.get_mut(reference.workload) {
            rollout.owner = owner;
            rollout.label = label;
        }
    }
    // A scaler that names no namespace claims its target in every namespace: once one such
    // scaler of a target has raised them all, another finds nothing left to raise.
    let mut raised_everywhere: HashSet<(String, String, Option<String>)> = HashSet::new();
    for scaling in &links.scalers {
        if scaling.namespace.is_none()
            && !raised_everywhere.insert((
                scaling.kind.clone(),
                scaling.name.clone(),
                scaling.group.clone(),
            ))
        {
            continue;
        }
        for i in index.all(&scaling.kind, &scaling.name, scaling.namespace.as_deref()) {
            let Some(workload) = deployment.workloads.get_mut(i) else {
                continue;
            };
            let targeted = scaling
                .group
                .as_deref()
                .is_none_or(|g| workload.group.as_deref() == Some(g));
            if !targeted || workload.running {
                continue;
            }
            workload.running = true;
            workload.evidence = Located::new(
                Evidence::Scaled(scaling.minimum.value),
                scaling.minimum.span,
            );
            workload.evidence_file = scaling.file;
        }
    }
    deployment.links = links;
}

/// The workloads by kind and name, and within those by namespace, so that a link finds
/// its workload without a pass over them all (an input of 100,000 resources links in
/// linear time).
#[derive(Default)]
struct Index {
    by_name: HashMap<(String, String), Named>,
}

/// The workloads of one kind and name, in file order.
#[derive(Default)]
struct Named {
    all: Vec<usize>,
    /// By namespace written (`None`: none written, so any).
    by_namespace: HashMap<Option<String>, Vec<usize>>,
}

impl Index {
    /// The workloads whose kind and name are among `named`.
    fn of(workloads: &[super::Workload], named: &HashSet<(&str, &str)>) -> Self {
        let mut index = Self::default();
        for (i, w) in workloads.iter().enumerate() {
            if !named.contains(&(w.kind.value.as_str(), w.name.value.as_str())) {
                continue;
            }
            let named = index
                .by_name
                .entry((w.kind.value.as_str().to_owned(), w.name.value.clone()))
                .or_default();
            named.all.push(i);
            named
                .by_namespace
                .entry(w.namespace.clone())
                .or_default()
                .push(i);
        }
        index
    }

    /// The workloads of `kind` named `name` that may be in namespace `namespace` (any, for
    /// `None`), in file order.
    fn all(&self, kind: &str, name: &str, namespace: Option<&str>) -> Vec<usize> {
        let Some(named) = self.by_name.get(&(kind.to_owned(), name.to_owned())) else {
            return Vec::new();
        };
        match namespace {
            None => named.all.clone(),
            Some(ns) => {
                let mut found: Vec<usize> = named
                    .by_namespace
                    .get(&Some(ns.to_owned()))
                    .into_iter()
                    .chain(named.by_namespace.get(&None))
                    .flatten()
                    .copied()
                    .collect();
                found.sort_unstable();
                found
            }
        }
    }

    /// The first of [`Index::all`] that is not workload `not`.
    fn first(
        &self,
        kind: &str,
        name: &str,
        namespace: Option<&str>,
        not: Option<usize>,
    ) -> Option<usize> {
        let named = self.by_name.get(&(kind.to_owned(), name.to_owned()))?;
        let first_of = |list: Option<&Vec<usize>>| {
            list.and_then(|l| l.iter().copied().find(|&i| Some(i) != not))
        };
        match namespace {
            None => first_of(Some(&named.all)),
            Some(ns) => {
                let own = first_of(named.by_namespace.get(&Some(ns.to_owned())));
                let any = first_of(named.by_namespace.get(&None));
                match (own, any) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_is_defined_once_per_namespace() {
        let mut links = Links::default();
        let at = |line| Span::new(line, 9, 4);
        assert_eq!(
            links.define("apps", "Deployment", "chat", None, 0, at(1)),
            None
        );
        assert_eq!(
            links.define("apps", "Deployment", "chat", Some("web"), 0, at(5)),
            Some((0, at(1))),
            "no namespace may be any"
        );
        assert_eq!(
            links.define("apps", "Deployment", "room", Some("a"), 1, at(2)),
            None
        );
        assert_eq!(
            links.define("apps", "Deployment", "room", Some("b"), 1, at(3)),
            None
        );
        assert_eq!(
            links.define("apps", "Deployment", "room", Some("b"), 2, at(4)),
            Some((1, at(3)))
        );
        assert_eq!(
            links.define("apps", "StatefulSet", "room", Some("b"), 2, at(6)),
            None
        );
        assert_eq!(
            links.define("batch", "Deployment", "room", Some("b"), 2, at(7)),
            None
        );
    }
}
