//! The inputs a check holds every profile against, besides the profile itself: each
//! [`InputKind`] is read, kept and looked up here, and nowhere else.

use std::sync::Arc;

use crate::error::InputError;
use crate::load;
use crate::load::FileAdvice;
use crate::load::doc::DocProfile;
use crate::load::runtime::{self, Runtime};
use crate::load::waivers::Waiver;
use crate::profile::{Date, Keyword, Profile};
use crate::source::Source;

/// The input kinds, one row each. The profile's row: its variant, its key in
/// profile-check.toml, the word that names it, what [`crate::load::read_input`] advises
/// for a file that cannot be read, what it is in messages, and what its value names in the
/// configuration's schema. Every other row adds, after its variant, the slot [`Inputs`]
/// keeps it in, the type it decodes to and its decoder (the file's text and the day
/// waivers are judged against); it names its key (its flag is `--KEY`) where the profile
/// names its word, and ends with its flag's value name, whether the flag is repeatable,
/// and its help (the command line's flags are made from these, [`crate::cli::InputFlags`]).
/// `listed:` is the order the configuration, `require` and the messages list the inputs
/// besides the profile; the order of the rows is the order they are read in.
macro_rules! inputs {
    (
        listed: [$($listed:ident),+ $(,)?];
        $profile:ident => $pkey:literal, $pflag:literal, $pfile:expr, $pdescribe:literal, $pabout:literal;
        $($variant:ident => $slot:ident: $ty:ty = $decode:expr,
            $key:literal, $file:expr, $describe:literal, $about:literal,
            $value_name:literal, repeatable: $repeatable:literal, $flag_help:literal;)+
    ) => {
        /// Which input of a check a place is in. Every input besides the profile is named on
        /// the command line by its flag; [`Inputs`] reads and keeps them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum InputKind {
            #[doc = concat!("`", $pkey, "` (", $pflag, "): ", $pdescribe)] $profile,
            $(#[doc = concat!("`", $key, "` (`--", $key, "`): ", $describe)] $variant,)+
        }

        impl InputKind {
            /// Every input a profile is held against, besides the profile itself, in the order
            /// the configuration, `require` and the messages list them. Every list of the
            /// inputs (the configuration's keys, `require`, the configuration's schema, a
            /// plan's inputs) follows from this one.
            pub const INPUTS: [Self; [$(stringify!($listed)),+].len()] = [$(Self::$listed),+];

            /// Every input besides the profile in the order of the rows: the order they are
            /// read in, and their flags are listed in.
            pub const READ: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// The input's key in profile-check.toml and its word in `require` and
            /// `--require` (`path` for the profile itself).
            pub const fn key(self) -> &'static str {
                match self {
                    Self::$profile => $pkey,
                    $(Self::$variant => $key,)+
                }
            }

            /// What the input is, for messages: `` the Markdown source (`doc`, `--doc`) ``.
            pub const fn describe(self) -> &'static str {
                match self {
                    Self::$profile => $pdescribe,
                    $(Self::$variant => $describe,)+
                }
            }

            /// What the input's value names, for the configuration's schema.
            pub const fn about(self) -> &'static str {
                match self {
                    Self::$profile => $pabout,
                    $(Self::$variant => $about,)+
                }
            }

            /// The command-line flag that names the input (`PROFILE` for the profile itself).
            pub const fn flag(self) -> &'static str {
                match self {
                    Self::$profile => $pflag,
                    $(Self::$variant => concat!("--", $key),)+
                }
            }

            /// What the command line's help says of the input's flag, and the name of its
            /// value there; whether the flag may be given more than once. The profile's is
            /// the command's positional argument, described with the command.
            pub const fn flag_help(self) -> (&'static str, &'static str, bool) {
                match self {
                    Self::$profile => ("", $pflag, true),
                    $(Self::$variant => ($flag_help, $value_name, $repeatable),)+
                }
            }

            /// What to do about a file of this input that is too large, not UTF-8, or empty.
            pub const fn file_advice(self) -> &'static FileAdvice {
                match self {
                    Self::$profile => &$pfile,
                    $(Self::$variant => &$file,)+
                }
            }
        }

        /// Each input besides the profile, once read: one slot per row of `inputs!`.
        #[derive(Debug, Default)]
        struct Slots {
            $($slot: Option<Loaded<$ty>>,)+
        }

        impl Inputs {
            /// Decodes `source` as an input of `kind` and keeps it. The profile itself is not
            /// an input of this kind (it is checked, not held against): reading one as such
            /// is a baseline.
            pub fn read(&mut self, kind: InputKind, source: Arc<Source>) -> Result<(), InputError> {
                match kind {
                    InputKind::$profile => self.read(InputKind::Baseline, source),
                    $(InputKind::$variant => {
                        let decode: fn(&Arc<Source>, Date) -> Result<$ty, InputError> = $decode;
                        let value = decode(&source, self.today)?;
                        self.slots.$slot = Some(Loaded { source, value });
                        Ok(())
                    })+
                }
            }

            /// The text of input `kind`, when it was given (never for the profile under
            /// check).
            pub fn source(&self, kind: InputKind) -> Option<&Arc<Source>> {
                match kind {
                    InputKind::$profile => None,
                    $(InputKind::$variant => self.slots.$slot.as_ref().map(|l| &l.source),)+
                }
            }

            $(
                #[doc = concat!("What `--", $key, "` gave, decoded.")]
                pub fn $slot(&self) -> Option<&$ty> {
                    self.slots.$slot.as_ref().map(|l| &l.value)
                }
            )+
        }
    };
}

inputs! {
    listed: [Doc, Baseline, Waivers, Runtime];
    Profile => "path", "PROFILE", load::PROFILE_FILE,
        "the profile (`path`, PROFILE)", "the profile, relative to profile-check.toml";
    Runtime => runtime: Runtime = |source, _| load::runtime(source),
        "runtime", load::RUNTIME_FILE,
        "what is deployed (`runtime`, `--runtime`): an activation manifest, Kubernetes manifests or a Compose file",
        "what is deployed: an activation manifest, Kubernetes manifests (`kubernetes:PATH`, a file, a folder or `-`) or a Compose file (`compose:PATH`)",
        "PATH", repeatable: true,
        "What the environment runs: an activation manifest, Kubernetes manifests (a file, a `---` stream, a `kubectl get` List, or a directory) or a Compose file, recognised by content or named `manifest:PATH`, `kubernetes:PATH`, `compose:PATH`. Repeatable: each deployment (a region, Kubernetes and Compose) is checked on its own";
    Baseline => baseline: Profile = |source, _| load::profile(source),
        "baseline", load::PROFILE_FILE,
        "the profile of the last release (`baseline`, `--baseline`)",
        "a profile file, or git:REV / git:latest-tag for the same path at a git revision",
        "FILE|git:REV", repeatable: false,
        "The profile as of the last release (rule `profile-updated`): a file, or `git:REV` (`git:v1.2.0`, `git:latest-tag`) for the profile's own path at a git revision";
    Waivers => waivers: Vec<Waiver> = |source, today| load::waivers(source, today),
        "waivers", load::WAIVERS_FILE,
        "a waivers file (`waivers`, `--waivers`)", "accepted, expiring exceptions",
        "FILE", repeatable: false, "Accepted, expiring exceptions to rules";
    Doc => doc: DocProfile = |source, _| load::doc(source),
        "doc", load::DOC_FILE,
        "the Markdown source (`doc`, `--doc`)", "the Markdown source",
        "FILE", repeatable: false, "The Markdown profile to hold the YAML against (rule `doc-sync`)";
}

/// `require`'s words: the inputs a profile may be required to have.
impl Keyword for InputKind {
    const ALL: &'static [Self] = &Self::INPUTS;

    fn as_str(self) -> &'static str {
        self.key()
    }
}

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
    /// Each input given, decoded ([`Inputs::read`]; `runtime()`, `baseline()`, `waivers()`,
    /// `doc()`).
    slots: Slots,
    /// What a `--baseline git:REV` resolved to.
    pub baseline_revision: Option<crate::load::git::Revision>,
    /// The day waivers are judged against.
    pub today: Date,
    /// For one of several deployments of a profile (checked each on its own): which
    /// waivers the deployments checked before it used, and whether an unused waiver is
    /// judged later (by the last deployment, which knows every use). A waiver one
    /// deployment needs is not unused because another does not.
    pub waivers_across: WaiversAcross,
}

/// How `waiver-unused` judges a profile checked against several deployments.
#[derive(Debug, Clone, Default)]
pub struct WaiversAcross {
    /// Waivers (by index) that an earlier deployment's findings used.
    pub used: Vec<bool>,
    /// Whether unused waivers are judged by a later deployment, not this one.
    pub judged_later: bool,
}

impl Inputs {
    /// No input besides the profiles, waivers judged on `today`.
    pub fn none(today: Date) -> Self {
        Self {
            slots: Slots::default(),
            baseline_revision: None,
            today,
            waivers_across: WaiversAcross::default(),
        }
    }

    /// Reads `--runtime` `argument`: a manifest, Kubernetes manifests (a file or a
    /// directory) or a Compose file, by content or by its prefix (`kubernetes:PATH`).
    pub fn read_runtime(
        &mut self,
        argument: &str,
        options: &runtime::Options,
    ) -> Result<(), runtime::Failure> {
        let (source, value) = runtime::read(argument, options)?;
        self.slots.runtime = Some(Loaded { source, value });
        Ok(())
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

    /// How findings name the baseline: `v1.2.0 (3f2a9c1)` for one read from git, the file
    /// otherwise.
    pub fn baseline_name(&self) -> Option<String> {
        match (&self.baseline_revision, &self.slots.baseline) {
            (Some(revision), _) => Some(revision.resolved()),
            (None, Some(loaded)) => Some(format!("`{}`", loaded.source.name)),
            (None, None) => None,
        }
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
