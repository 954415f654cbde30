//! The activation manifest (SPEC §4): located tree → [`Manifest`].

use super::decode::{Decoder, document, is_kebab_case};
use super::tree::Node;
use crate::error::Problem;
use crate::manifest::Manifest;

pub(super) const FIELDS: &[&str] = &["environment", "active"];
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
