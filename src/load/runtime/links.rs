//! What ties the resources of one Kubernetes input together, settled once every file is
//! read: one definition per resource, a Job's CronJob, a scaler's target.

use std::collections::HashMap;

use super::{Deployment, Evidence, Owner, WorkloadKind};
use crate::profile::Located;
use crate::source::Span;

/// A resource as the cluster keys it: (API group, kind, name); the namespace beside it.
type Key = (String, String, String);

/// Where a resource was defined: its namespace (`None`: none written, so the one it is
/// applied to, which may be any), its file and the place of its name.
#[derive(Debug, Clone)]
struct Place {
    namespace: Option<String>,
    file: usize,
    span: Span,
}

/// What is settled once the whole input is read.
#[derive(Debug, Default)]
pub(super) struct Links {
    defined: HashMap<Key, Vec<Place>>,
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

/// Whether two namespaces may be the same one: a resource that names none is applied to
/// whichever the command gives, so it may be any.
fn same_namespace(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
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
        let places = self
            .defined
            .entry((group.to_owned(), kind.to_owned(), name.to_owned()))
            .or_default();
        let first = places
            .iter()
            .find(|p| same_namespace(p.namespace.as_deref(), namespace))
            .map(|p| (p.file, p.span));
        places.push(Place {
            namespace: namespace.map(str::to_owned),
            file,
            span,
        });
        self.recent.push(span);
        first
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
    pub(super) fn runs_template_of(&mut self, workload: usize, kind: &str, name: &str, span: Span) {
        self.recent.push(span);
        self.references.push(Reference {
            workload,
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
    for owned in &links.owners {
        let Some(job) = deployment.workloads.get(owned.job) else {
            continue;
        };
        let cronjob = deployment.workloads.iter().find(|w| {
            w.kind.value == WorkloadKind::CronJob
                && w.name.value == owned.cronjob
                && same_namespace(w.namespace.as_deref(), job.namespace.as_deref())
        });
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
        let target = deployment.workloads.iter().enumerate().find(|(i, w)| {
            *i != reference.workload
                && w.kind.value.as_str() == reference.kind
                && w.name.value == reference.name
                && same_namespace(w.namespace.as_deref(), rollout.namespace.as_deref())
        });
        let (owner, label) = match target {
            Some((_, w)) => match &w.owner {
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
    for scaling in &links.scalers {
        for workload in &mut deployment.workloads {
            let targeted = workload.kind.value.as_str() == scaling.kind
                && workload.name.value == scaling.name
                && scaling
                    .group
                    .as_deref()
                    .is_none_or(|g| workload.group.as_deref() == Some(g))
                && same_namespace(workload.namespace.as_deref(), scaling.namespace.as_deref());
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
