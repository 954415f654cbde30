//! The environment's activation manifest (SPEC §4), the first kind of `--runtime` input:
//! located tree → [`Manifest`].

use std::collections::HashMap;

use super::super::decode::{Decoder, document, is_kebab_case};
use super::super::tree::Node;
use crate::error::Problem;
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

pub(crate) const FIELDS: &[&str] = &["environment", "active"];
const KEBAB: &str = "kebab-case (like `client-webinar-tracker-v2`)";

/// Reads a manifest from its located tree, reporting every problem of the file.
pub fn decode(root: &Node) -> Result<Manifest, Vec<Problem>> {
    document(
        root,
        "a manifest is a mapping with `environment` and `active`",
        read,
    )
}

fn read(d: &mut Decoder, root: &Node) -> Option<Manifest> {
    let fields = d.mapping(root, "the runtime manifest", FIELDS, FIELDS)?;
    let environment = fields
        .get("environment")
        .and_then(|n| d.string(n, "`environment`"));
    let active = fields
        .get("active")
        .and_then(|n| d.word_list(n, "`active`", "the module id", KEBAB, is_kebab_case));
    let active = active?;
    let index = active
        .iter()
        .enumerate()
        .map(|(i, entry)| (entry.value.clone(), i))
        .collect();
    Some(Manifest {
        environment: environment?,
        active,
        index,
    })
}
