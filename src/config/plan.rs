//! The plan of each profile: its inputs as paths ready to read, and what it requires.

use super::Config;
use crate::error::{InputError, Problem, ProblemKind};
use crate::inputs::InputKind;
use crate::load::normalized;
use crate::profile::Located;
use crate::report::Format;
use crate::source::Span;

/// An input a profile must have, and where that was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// The input.
    pub input: InputKind,
    /// The configuration file and the `require` item, or `None` for `--require`.
    pub at: Option<(String, Span)>,
}

/// One profile to check, with its inputs as paths ready to read (relative to the current
/// directory, or `git:REV` for a baseline from git).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The profile.
    pub path: String,
    /// Each input it is held against and its path (or `git:REV`), in the order they are
    /// read: the order of the [`InputKind`] variants (the manifest, the baseline, the
    /// waivers, the document).
    pub inputs: Vec<(InputKind, String)>,
    /// The inputs it must have.
    pub require: Vec<Required>,
    /// Whether it is one of several deployments its profile is held against
    /// ([`Plan::per_deployment`]).
    pub deployment: bool,
    /// Whether it is the last of them (which judges the waivers no deployment used).
    pub last_deployment: bool,
}

impl Plan {
    /// Whether the plan has `input`.
    pub fn has(&self, input: InputKind) -> bool {
        self.get(input).is_some()
    }

    /// The path (or `git:REV`) of `input`, when the plan has it.
    pub fn get(&self, input: InputKind) -> Option<&str> {
        self.inputs
            .iter()
            .find(|(kind, _)| *kind == input)
            .map(|(_, path)| path.as_str())
    }

    /// Holds the profile against `paths` as `input`, in place of every path it had for it
    /// (the command line's `--runtime`s replace the configuration's).
    pub fn set_all(&mut self, input: InputKind, paths: Vec<String>) {
        self.inputs.retain(|(kind, _)| *kind != input);
        let at = self.inputs.partition_point(|(kind, _)| *kind < input);
        self.inputs
            .splice(at..at, paths.into_iter().map(|path| (input, path)));
    }

    /// One plan per deployment when the profile is held against several runtime inputs,
    /// each with that one: every deployment of the environment is checked on its own (each
    /// region must run every required module and no disabled one). A plan with one runtime
    /// input or none is itself.
    pub fn per_deployment(self) -> Vec<Plan> {
        // One deployment named twice, however spelled (`./deploy/eu/`, `deploy/eu`), is
        // checked once. Paths are compared as the file system resolves them, links and
        // `..` included: `link/../eu.yaml` is another file than `eu.yaml` when `link` is a
        // link to a folder, and is checked on its own. A path that does not resolve is
        // compared as written, tidied.
        let mut runtimes: Vec<String> = Vec::new();
        let mut seen: Vec<(Option<&'static str>, std::path::PathBuf)> = Vec::new();
        for (kind, path) in &self.inputs {
            if *kind != InputKind::Runtime {
                continue;
            }
            let (format, rest) = crate::load::runtime::split_prefix(path);
            let key = (
                format.map(|f| f.as_str()),
                std::fs::canonicalize(rest)
                    .unwrap_or_else(|_| normalized(std::path::Path::new(rest))),
            );
            if !seen.contains(&key) {
                seen.push(key);
                runtimes.push(path.clone());
            }
        }
        if runtimes.len() < 2 {
            let mut plan = self;
            if !runtimes.is_empty() {
                plan.set_all(InputKind::Runtime, runtimes);
            }
            return vec![plan];
        }
        let last = runtimes.len() - 1;
        runtimes
            .into_iter()
            .enumerate()
            .map(|(index, runtime)| {
                let mut plan = self.clone();
                plan.set_all(InputKind::Runtime, vec![runtime]);
                plan.deployment = true;
                plan.last_deployment = index == last;
                plan
            })
            .collect()
    }

    /// Each input and its path (or `git:REV`), in the order they are read: the manifest,
    /// the baseline, the waivers, the document.
    pub fn paths(&self) -> impl Iterator<Item = (InputKind, &str)> {
        self.inputs
            .iter()
            .map(|(kind, path)| (*kind, path.as_str()))
    }

    /// A required input the plan lacks, as the input error that stops its check: at the
    /// `require` item of the configuration, or on `--require`.
    pub fn missing(&self) -> Option<InputError> {
        let problems: Vec<(String, Problem)> = self
            .require
            .iter()
            .filter(|r| !self.has(r.input))
            .map(|r| {
                let message = format!(
                    "`{}` is to be checked against {}, and has none",
                    &self.path,
                    r.input.describe()
                );
                let flag = r.input.key();
                match &r.at {
                    Some((file, span)) => (
                        file.clone(),
                        Problem::missing(*span, message).expected(flag).help(format!(
                            "add `{flag} = \"…\"` to the profile's [[profile]] table, or pass `--{flag} FILE`"
                        )),
                    ),
                    None => (
                        "--require".to_owned(),
                        Problem::whole(ProblemKind::Missing, message).expected(flag).help(format!("pass `--{flag} FILE`")),
                    ),
                }
            })
            .collect();
        let (file, _) = problems.first()?;
        Some(InputError {
            path: file.clone(),
            problems: problems.iter().map(|(_, p)| p.clone()).collect(),
        })
    }
}

impl Config {
    /// The plan of `path`, a profile named on the command line: the configuration's entry
    /// for the same file when it lists one (reported under the name as given), else the
    /// profile alone under the top level's `require`.
    pub fn plan_for(&self, path: &str) -> Plan {
        let same =
            |planned: &str| match (std::fs::canonicalize(planned), std::fs::canonicalize(path)) {
                (Ok(a), Ok(b)) => a == b,
                _ => planned == path,
            };
        let listed = (path != "-")
            .then(|| self.plans().into_iter().find(|plan| same(&plan.path)))
            .flatten();
        match listed {
            Some(plan) => Plan {
                path: path.to_owned(),
                ..plan
            },
            None => Plan {
                path: path.to_owned(),
                require: self
                    .require
                    .iter()
                    .map(|r| Required {
                        input: r.value,
                        at: Some((self.source.name.clone(), r.span)),
                    })
                    .collect(),
                ..Plan::default()
            },
        }
    }

    /// The report files of `[report.files]`, each path joined to the configuration's
    /// directory.
    pub fn report_files(&self) -> Vec<(Format, String)> {
        let base = self.base();
        self.defaults
            .files
            .iter()
            .map(|(format, path)| {
                let path = normalized(&base.join(&path.value))
                    .to_string_lossy()
                    .into_owned();
                (*format, path)
            })
            .collect()
    }

    /// Every profile with its inputs, paths joined to the configuration's directory.
    pub fn plans(&self) -> Vec<Plan> {
        let base = self.base();
        let join = |p: &Located<String>| -> String {
            let mut path = normalized(&base.join(&p.value))
                .to_string_lossy()
                .into_owned();
            // `deploy/prod/` says a directory: the slash stays.
            if p.value.ends_with('/') && !path.ends_with('/') {
                path.push('/');
            }
            path
        };
        self.profiles
            .iter()
            .map(|entry| Plan {
                path: join(&entry.path),
                inputs: {
                    let mut inputs: Vec<(InputKind, String)> = entry
                        .inputs
                        .iter()
                        .map(|(kind, path)| (*kind, joined(*kind, path, join)))
                        .collect();
                    // Read in the order of the variants, whatever the order of the keys.
                    inputs.sort_by_key(|(kind, _)| *kind);
                    inputs
                },
                require: entry
                    .require
                    .as_ref()
                    .unwrap_or(&self.require)
                    .iter()
                    .map(|r| Required {
                        input: r.value,
                        at: Some((self.source.name.clone(), r.span)),
                    })
                    .collect(),
                deployment: false,
                last_deployment: false,
            })
            .collect()
    }
}

/// The path of input `kind` as given in the configuration, joined to the configuration's
/// directory by `join`.
fn joined(
    kind: InputKind,
    path: &Located<String>,
    join: impl Fn(&Located<String>) -> String,
) -> String {
    match kind {
        // `git:REV` names a revision, not a file: it reads the profile's own path.
        InputKind::Baseline if path.value.starts_with(crate::load::git::PREFIX) => {
            path.value.clone()
        }
        // `kubernetes:deploy/prod/`: the prefix stays in front of the joined path.
        InputKind::Runtime => match crate::load::runtime::split_prefix(&path.value) {
            (Some(format), rest) => format!(
                "{}:{}",
                format.as_str(),
                join(&Located::new(rest.to_owned(), path.span))
            ),
            (None, _) => join(path),
        },
        _ => join(path),
    }
}
