//! The activation manifest of an environment (SPEC §4): which modules it switches on.

use std::collections::HashMap;

use crate::profile::Located;

/// What an environment switches on, as `--runtime` gives it.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The environment's name, e.g. `prod`.
    pub environment: Located<String>,
    /// The ids of every module switched on.
    pub active: Vec<Located<String>>,
    /// Entry position by id.
    pub index: HashMap<String, usize>,
}

impl Manifest {
    /// The manifest's entry for module `id`, if it switches it on.
    pub fn entry(&self, id: &str) -> Option<&Located<String>> {
        self.active.get(*self.index.get(id)?)
    }
}
