//! YAML merge keys (`<<`) in a runtime input. Docker Compose applies them, as the Compose
//! specification documents (`x-` anchors merged into services): the keys written in a
//! mapping win over merged ones, and of a list of merged mappings the earlier wins. The
//! merged values keep the places where they are written, so that a finding in merged
//! content points there. Kubernetes inputs refuse them: kubectl's YAML library applies
//! them with rules of its own (a key written before the `<<` loses to the merged one), so
//! the gate does not guess.

use super::super::tree::{Kind, MERGE, Node};
use crate::error::Problem;

/// Applies the merge keys of `node` and everything under it, in place; returns the
/// problems: a merge key whose value is not a mapping or a list of mappings, or two merge
/// keys in one mapping.
pub(super) fn apply(node: &mut Node) -> Vec<Problem> {
    let mut problems = Vec::new();
    resolve(node, &mut problems);
    problems
}

fn is_merge(key: &Node) -> bool {
    matches!(&key.kind, Kind::Tagged(tag) if &**tag == MERGE)
}

fn resolve(node: &mut Node, problems: &mut Vec<Problem>) {
    match &mut node.kind {
        Kind::Seq(items) => {
            for item in items.iter_mut() {
                resolve(item, problems);
            }
        }
        Kind::Map(entries) => {
            for (_, value) in entries.iter_mut() {
                resolve(value, problems);
            }
            if !entries.iter().any(|(key, _)| is_merge(key)) {
                return;
            }
            let mut own: Vec<(Node, Node)> = Vec::with_capacity(entries.len());
            let mut merged: Vec<Node> = Vec::new();
            let mut merge_at = None;
            for (key, value) in std::mem::take(entries).into_vec() {
                if !is_merge(&key) {
                    own.push((key, value));
                    continue;
                }
                if let Some(first) = merge_at {
                    problems.push(
                        Problem::twice(key.span, "a second merge key (`<<`) in one mapping", first)
                            .help("merge several mappings with one key: `<<: [*first, *second]`"),
                    );
                    continue;
                }
                merge_at = Some(key.span);
                match value.kind {
                    Kind::Map(_) => merged.push(value),
                    Kind::Seq(items) => {
                        for item in items.into_vec() {
                            if matches!(item.kind, Kind::Map(_)) {
                                merged.push(item);
                            } else {
                                problems.push(not_mergeable(&item));
                            }
                        }
                    }
                    _ => problems.push(not_mergeable(&value)),
                }
            }
            // The mapping's own keys first; then each merged mapping's keys not yet there,
            // the earlier mapping first.
            for source in merged {
                let Kind::Map(entries) = source.kind else {
                    continue;
                };
                for (key, value) in entries.into_vec() {
                    if !own.iter().any(|(k, _)| k.kind == key.kind) {
                        own.push((key, value));
                    }
                }
            }
            *entries = own.into_boxed_slice();
        }
        _ => {}
    }
}

fn not_mergeable(node: &Node) -> Problem {
    Problem::wrong_type(
        node.span,
        "a mapping or a list of mappings to merge (`<<`)",
        node.describe(),
    )
    .help("merge an anchored mapping (`<<: *defaults`) or a list of them")
}

/// Reports every merge key in `node` and under it, in file order.
pub(super) fn refuse(node: &Node, problems: &mut Vec<Problem>) {
    match &node.kind {
        Kind::Seq(items) => {
            for item in items.iter() {
                refuse(item, problems);
            }
        }
        Kind::Map(entries) => {
            for (key, value) in entries.iter() {
                if is_merge(key) {
                    problems.push(
                        Problem::invalid(
                            key.span,
                            "merge keys (`<<`) are not accepted in Kubernetes manifests: kubectl's YAML library applies them by rules of its own (a key written before the `<<` loses to the merged value), so what is applied cannot be told for sure",
                        )
                        .help("write the values out in this mapping, as `helm template` and `kustomize build` print them"),
                    );
                }
                refuse(value, problems);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_runtime;
    use super::*;

    fn merged(text: &str) -> Result<Node, Vec<String>> {
        let Ok(stream) = parse_runtime(text, 1) else {
            panic!("valid YAML: {text}")
        };
        let Some(mut root) = stream.documents.into_iter().next() else {
            panic!("a document")
        };
        let problems = apply(&mut root);
        if problems.is_empty() {
            Ok(root)
        } else {
            Err(problems
                .into_iter()
                .map(|p| p.worded().into_owned())
                .collect())
        }
    }

    /// `key=value (line)` of the mapping at `path`.
    fn entries(node: &Node, path: &[&str]) -> Vec<String> {
        let Some(Kind::Map(entries)) = super::super::fields::peek(node, path).map(|n| &n.kind)
        else {
            panic!("a mapping at {path:?}")
        };
        entries
            .iter()
            .map(|(k, v)| match (&k.kind, &v.kind) {
                (Kind::Str(k), Kind::Str(text)) => {
                    format!("{}={} ({})", &**k, &**text, v.span.line)
                }
                (Kind::Str(k), Kind::Int(n)) => format!("{}={n} ({})", &**k, v.span.line),
                _ => "?".to_owned(),
            })
            .collect()
    }

    #[test]
    fn written_keys_win_and_the_earlier_merged_mapping_wins() {
        let text = "x-a: &a {image: a, restart: always}\nx-b: &b {image: b, user: b}\nservices:\n  chat:\n    image: own\n    <<: [*a, *b]\n";
        let Ok(root) = merged(text) else {
            panic!("merges")
        };
        assert_eq!(
            entries(&root, &["services", "chat"]),
            ["image=own (5)", "restart=always (1)", "user=b (2)"]
        );
        // One mapping merged, the written key after the merge key still wins.
        let text = "x-a: &a {image: a, scale: 0}\nservices:\n  chat:\n    <<: *a\n    image: own\n";
        let Ok(root) = merged(text) else {
            panic!("merges")
        };
        assert_eq!(
            entries(&root, &["services", "chat"]),
            ["image=own (5)", "scale=0 (1)"]
        );
        // Merged mappings are merged themselves first.
        let text = "x-a: &a {user: a}\nx-b: &b {<<: *a, image: b}\ns: {<<: *b}\n";
        let Ok(root) = merged(text) else {
            panic!("merges")
        };
        assert_eq!(entries(&root, &["s"]), ["image=b (2)", "user=a (1)"]);
    }

    #[test]
    fn merge_keys_apply_inside_lists_and_are_refused_anywhere_in_a_manifest() {
        let text = "x: &x {user: a}\ns:\n- {<<: *x, image: b}\n";
        let Ok(root) = merged(text) else {
            panic!("merges")
        };
        let Some(Kind::Seq(items)) = super::super::fields::peek(&root, &["s"]).map(|n| &n.kind)
        else {
            panic!("a list")
        };
        assert_eq!(
            items.first().map(|i| entries(i, &[])),
            Some(vec!["image=b (3)".to_owned(), "user=a (1)".to_owned()])
        );
        let Ok(stream) = parse_runtime("a: [{b: {c: 1, <<: {d: 1}}}]\ne: {<<: {f: 1}}\n", 1) else {
            panic!("valid YAML")
        };
        let mut problems = Vec::new();
        for doc in &stream.documents {
            refuse(doc, &mut problems);
        }
        let places: Vec<(u32, u32)> = problems
            .iter()
            .filter_map(|p| p.span.map(|s| (s.line, s.column)))
            .collect();
        assert_eq!(places, [(1, 16), (2, 5)]);
        assert!(
            problems
                .iter()
                .all(|p| p.message.contains("not accepted in Kubernetes manifests"))
        );
    }

    #[test]
    fn what_cannot_be_merged_is_refused() {
        let Err(problems) = merged("s: {<<: 1}\n") else {
            panic!("refused")
        };
        assert!(problems[0].contains("found the number `1`"), "{problems:?}");
        let Err(problems) = merged("x: &x {a: 1}\ns:\n  <<: *x\n  <<: *x\n") else {
            panic!("refused")
        };
        assert!(problems[0].contains("a second merge key"), "{problems:?}");
        let Err(problems) = merged("s: {<<: [1]}\n") else {
            panic!("refused")
        };
        assert_eq!(problems.len(), 1);
        // A quoted `<<` is an ordinary key.
        assert!(merged("s: {'<<': 1}\n").is_ok());
    }
}
