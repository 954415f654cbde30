//! Located-tree accessors shared by the two readers: they read only the fields they need
//! and leave every other field alone (Kubernetes resources and Compose files have many).

use super::super::decode::Decoder;
use super::super::tree::{Kind, Node};
use crate::error::Problem;
use crate::profile::Located;

/// The value of `key` in mapping `node`; a key given twice is a problem (which of the
/// two counts would depend on the tool that reads it).
pub fn get<'n>(d: &mut Decoder, node: &'n Node, key: &str, what: &str) -> Option<&'n Node> {
    let Kind::Map(entries) = &node.kind else {
        return None;
    };
    let mut found: Option<&'n (Node, Node)> = None;
    for entry in entries.iter() {
        if !matches!(&entry.0.kind, Kind::Str(s) if &**s == key) {
            continue;
        }
        match found {
            Some(first) => d.report(
                Problem::twice(
                    entry.0.span,
                    format_args!("duplicate key `{key}` in {what}"),
                    first.0.span,
                )
                .help("keep one of the two"),
            ),
            None => found = Some(entry),
        }
    }
    found.map(|(_, value)| value)
}

/// `node` as a mapping of `what`, or a problem; `null` counts as an empty mapping.
pub fn mapping<'n>(d: &mut Decoder, node: &'n Node, what: &str) -> Option<&'n Node> {
    match node.kind {
        Kind::Map(_) => Some(node),
        Kind::Null => None,
        _ => {
            d.report(
                d.expected(node, what, "a mapping")
                    .help(format!("write {what} as a mapping of keys to values")),
            );
            None
        }
    }
}

/// A whole number, 0 or more (`replicas`, `scale`); `null` counts as absent.
pub fn count(d: &mut Decoder, node: &Node, what: &str, help: &str) -> Option<Located<u64>> {
    match node.kind {
        Kind::Int(n) if n >= 0 => Some(Located::new(n.unsigned_abs(), node.span)),
        Kind::Null => None,
        _ => {
            d.report(
                d.expected(node, what, "a whole number, 0 or more")
                    .help(help),
            );
            None
        }
    }
}

/// A whole number as Kubernetes reads it (`replicas`, a scaler's minimum): kubectl turns
/// YAML into JSON, where `3.0` is written `3`, so a float with no fraction is that whole
/// number (up to the largest `int32`); `null` counts as absent.
pub fn kubernetes_count(
    d: &mut Decoder,
    node: &Node,
    what: &str,
    help: &str,
) -> Option<Located<u64>> {
    match node.kind {
        Kind::Float(x) if x.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(&x) => {
            // Exact: a whole number within `int32`.
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked: whole, 0 or more, within int32"
            )]
            let n = x as u64;
            Some(Located::new(n, node.span))
        }
        _ => count(d, node, what, help),
    }
}

/// A mapping label's value: a module id, so a non-empty string.
pub fn label(d: &mut Decoder, node: &Node, key: &str) -> Option<Located<String>> {
    match &node.kind {
        Kind::Str(s) if !s.trim().is_empty() => Some(Located::new(s.to_string(), node.span)),
        _ => {
            d.report(
                Problem::wrong_type(
                    node.span,
                    format_args!("a module id (the label `{key}` names a module)"),
                    node.describe(),
                )
                .help("write the module's id, e.g. `webinar-chat`"),
            );
            None
        }
    }
}

/// The value at `path` of mapping keys under `node`, read without reporting anything: for
/// resources of a kind whose layout the reader does not know, and for fields only looked
/// at (a name, a namespace) that another reading reports on.
pub fn peek<'n>(node: &'n Node, path: &[&str]) -> Option<&'n Node> {
    path.iter().try_fold(node, |node, key| match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.kind, Kind::Str(s) if &**s == *key))
            .map(|(_, value)| value),
        _ => None,
    })
}

/// The string at `path` under `node`, read as [`peek`] reads.
pub fn peek_str<'n>(node: &'n Node, path: &[&str]) -> Option<&'n str> {
    match &peek(node, path)?.kind {
        Kind::Str(s) => Some(s),
        _ => None,
    }
}
