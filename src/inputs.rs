//! The inputs a check holds every profile against, besides the profile itself: each
//! [`InputKind`] is read, kept and looked up here, and nowhere else.

use std::sync::Arc;

use crate::error::InputError;
use crate::load;
use crate::load::doc::DocProfile;
use crate::load::runtime::{self, Runtime};
use crate::load::waivers::Waiver;
use crate::profile::{Date, Profile};
use crate::source::{InputKind, Source};

/// An input file and what was read from it.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file's text, for snippets; shared with every diagnostic that points into it.
    pub source: Arc<Source>,
    /// What it holds.
    pub value: T,
}

/// The inputs of a check besides the profiles, and the day waivers are judged against.
#[derive(Debug)]
pub struct Inputs {
    /// `--runtime`.
    pub runtime: Option<Loaded<Runtime>>,
    /// `--baseline`.
    pub baseline: Option<Loaded<Profile>>,
    /// What a `--baseline git:REV` resolved to.
    pub baseline_revision: Option<crate::load::git::Revision>,
    /// `--waivers`.
    pub waivers: Option<Loaded<Vec<Waiver>>>,
    /// `--doc`.
    pub doc: Option<Loaded<DocProfile>>,
    /// The day waivers are judged against.
    pub today: Date,
}

impl Inputs {
    /// No input besides the profiles, waivers judged on `today`.
    pub fn none(today: Date) -> Self {
        Self {
            runtime: None,
            baseline: None,
            baseline_revision: None,
            waivers: None,
            doc: None,
            today,
        }
    }

    /// Decodes `source` as an input of `kind` and keeps it. The profile itself is not an
    /// input of this kind (it is checked, not held against): reading one as such is a
    /// baseline.
    pub fn read(&mut self, kind: InputKind, source: Arc<Source>) -> Result<(), InputError> {
        fn keep<T>(slot: &mut Option<Loaded<T>>, source: Arc<Source>, value: T) {
            *slot = Some(Loaded { source, value });
        }
        match kind {
            InputKind::Runtime => keep(&mut self.runtime, source.clone(), load::runtime(&source)?),
            InputKind::Profile | InputKind::Baseline => {
                keep(&mut self.baseline, source.clone(), load::profile(&source)?);
            }
            InputKind::Waivers => keep(
                &mut self.waivers,
                source.clone(),
                load::waivers(&source, self.today)?,
            ),
            InputKind::Doc => keep(&mut self.doc, source.clone(), load::doc(&source)?),
        }
        Ok(())
    }

    /// Reads `--runtime` `argument`: a manifest, Kubernetes manifests (a file or a
    /// directory) or a Compose file, by content or by its prefix (`kubernetes:PATH`).
    pub fn read_runtime(
        &mut self,
        argument: &str,
        options: &runtime::Options,
    ) -> Result<(), runtime::Failure> {
        let (source, value) = runtime::read(argument, options)?;
        self.runtime = Some(Loaded { source, value });
        Ok(())
    }

    /// The text of input `kind`, when it was given (never for the profile under check).
    pub fn source(&self, kind: InputKind) -> Option<&Arc<Source>> {
        match kind {
            InputKind::Profile => None,
            InputKind::Runtime => self.runtime.as_ref().map(|l| &l.source),
            InputKind::Baseline => self.baseline.as_ref().map(|l| &l.source),
            InputKind::Waivers => self.waivers.as_ref().map(|l| &l.source),
            InputKind::Doc => self.doc.as_ref().map(|l| &l.source),
        }
    }

    /// The text of file `index` of input `kind`: the input itself, or for a directory of
    /// Kubernetes manifests, the file of that index.
    pub fn file(&self, kind: InputKind, index: usize) -> Option<&Arc<Source>> {
        match (kind, self.runtime()) {
            (InputKind::Runtime, Some(Runtime::Deployment(d))) => d.files.get(index),
            _ if index == 0 => self.source(kind),
            _ => None,
        }
    }

    /// Whether input `kind` was given (the profile always is).
    pub fn has(&self, kind: InputKind) -> bool {
        kind == InputKind::Profile || self.source(kind).is_some()
    }

    /// What `--runtime` gave.
    pub fn runtime(&self) -> Option<&Runtime> {
        self.runtime.as_ref().map(|l| &l.value)
    }

    /// The `--baseline` profile.
    pub fn baseline(&self) -> Option<&Profile> {
        self.baseline.as_ref().map(|l| &l.value)
    }

    /// How findings name the baseline: `v1.2.0 (3f2a9c1)` for one read from git, the file
    /// (escaped) otherwise.
    pub fn baseline_name(&self) -> Option<String> {
        match (&self.baseline_revision, &self.baseline) {
            (Some(revision), _) => Some(revision.resolved()),
            (None, Some(loaded)) => Some(format!(
                "`{}`",
                crate::source::escape_controls(&loaded.source.name)
            )),
            (None, None) => None,
        }
    }

    /// The `--doc` Markdown profile.
    pub fn doc(&self) -> Option<&DocProfile> {
        self.doc.as_ref().map(|l| &l.value)
    }

    /// The `--waivers` file's waivers (none without the file).
    pub fn waivers(&self) -> &[Waiver] {
        self.waivers.as_ref().map_or(&[], |l| l.value.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::inputs;

    #[test]
    fn a_single_file_input_has_one_file() {
        let manifest = "environment: prod\nactive: [webinar-chat]\n";
        let given = inputs(&[(InputKind::Runtime, manifest)]);
        assert!(given.file(InputKind::Runtime, 0).is_some());
        assert!(given.file(InputKind::Runtime, 1).is_none());
        assert!(given.file(InputKind::Doc, 0).is_none());
        let none = inputs(&[]);
        assert!(none.file(InputKind::Waivers, 0).is_none());
    }
}
