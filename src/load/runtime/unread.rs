//! What no runtime reader reads, and how a runtime input is read: the YAML layer is told
//! ([`READING`]) to pass over a resource's `status`, its `metadata.annotations` (all but
//! Helm's `helm.sh/hook`, whose value is read: a test hook is never installed) and
//! `metadata.managedFields`, a `CustomResourceDefinition`'s `spec` (its schema) and a
//! `ConfigMap`'s or `Secret`'s `data`, `binaryData` and `stringData`, without building
//! them, so that the limits of depth and nodes count only what is built. A resource is a
//! document, or an item of the `items` of a resource (a `List`). Merge keys are kept for
//! the readers: Compose applies them, a Kubernetes manifest refuses them.

use super::super::tree::{PassOver, Place, Reading, Words};
use super::MAX_DOCUMENTS;

/// Deepest nesting of what is built in a runtime input (CRDs and charts nest deeper than
/// a profile); what is passed over is bounded by the parser's own limit.
pub const MAX_DEPTH: usize = 64;

/// Deepest nesting the parser reads in a runtime input, inside what is passed over.
pub const MAX_PARSE_DEPTH: usize = 1_024;

/// How a runtime input is read.
pub const READING: Reading = Reading {
    max_documents: MAX_DOCUMENTS,
    max_depth: MAX_DEPTH,
    max_parse_depth: MAX_PARSE_DEPTH,
    merge_keys: true,
    pass_over: Some(UNREAD),
    core_tags: true,
    unique_keys: true,
    words: Words {
        unit: "one file",
        holder: "one file",
        depth_note: "",
        too_big: "a release's manifests stay far within these limits: check that this is the right file",
        one_document: "split the file",
        no_tags: "`helm template`, `kubectl kustomize`, `kubectl get` and `docker compose config` print valid YAML: check that this is their unedited output",
        syntax: "`helm template`, `kubectl kustomize`, `kubectl get` and `docker compose config` print valid YAML: check that this is their unedited output",
    },
    hints: None,
    apart: None,
};

/// How a runtime input that may be Kubernetes resources is read: as [`READING`], with the
/// items of a list (`kind: List`, `kubectl get -o json|yaml`) handed over one by one.
pub const STREAMED: Reading = Reading {
    apart: Some(list_item),
    ..READING
};

/// Whether the value at `at` is an item of the `items` of a document that says it is a
/// Kubernetes resource (`apiVersion` or `kind` read before the list): kubectl applies each
/// item on its own.
fn list_item(at: &Place<'_>) -> bool {
    at.depth() == 2
        && at.in_list(1)
        && at.key(0) == Some("items")
        && (at.string(0, "apiVersion").is_some() || at.string(0, "kind").is_some())
}

/// What no runtime reader reads.
const UNREAD: PassOver = PassOver {
    test: unread,
    what: "a `status`, annotations, a CRD's schema or a ConfigMap's data",
};

/// Whether the value about to be read at `at` is one no runtime reader reads.
fn unread(at: &Place<'_>) -> bool {
    let Some(inner) = at.depth().checked_sub(1) else {
        return false;
    };
    // Inside a resource's annotations, every value is passed over but Helm's hook: the
    // keys are read (so a key given twice is seen), not the values.
    if inner >= 2
        && at.key(inner - 1) == Some("annotations")
        && at.key(inner - 2) == Some("metadata")
        && resource(at, inner - 2)
    {
        // A key is read (asked about too, with no key yet); a list's items are not.
        return at.in_list(inner) || at.key(inner).is_some_and(|k| k != "helm.sh/hook");
    }
    let Some(key) = at.key(inner) else {
        return false;
    };
    if resource(at, inner) {
        // `kind` and `apiVersion` are looked up only for the keys they decide.
        let of = |key| at.string(inner, key).unwrap_or_default();
        return match key {
            "status" => true,
            "spec" => {
                of("kind") == "CustomResourceDefinition"
                    && of("apiVersion").starts_with("apiextensions.k8s.io/")
            }
            "data" | "binaryData" | "stringData" => {
                matches!(of("kind"), "ConfigMap" | "Secret") && of("apiVersion") == "v1"
            }
            _ => false,
        };
    }
    key == "managedFields"
        && inner
            .checked_sub(1)
            .is_some_and(|outer| at.key(outer) == Some("metadata") && resource(at, outer))
}

/// Whether the mapping at `level` is a resource: the document, or an item of the `items`
/// of a resource.
fn resource(at: &Place<'_>, level: usize) -> bool {
    if level == 0 {
        return !at.in_list(0);
    }
    level >= 2
        && at.in_list(level - 1)
        && at.key(level - 2) == Some("items")
        && resource(at, level - 2)
}

#[cfg(test)]
mod tests {
    use super::super::super::tree::Kind;
    use super::super::parse_runtime;

    /// `key.key` for each value two levels down that was read (a value passed over is
    /// left as `null`).
    fn keys(text: &str) -> Vec<String> {
        let Ok(stream) = parse_runtime(text, 10) else {
            panic!("{text}")
        };
        let mut out = Vec::new();
        for doc in &stream.documents {
            if let Kind::Map(pairs) = &doc.kind {
                for (k, v) in pairs.iter() {
                    if let (Kind::Str(k), Kind::Map(inner)) = (&k.kind, &v.kind) {
                        for (ik, iv) in inner.iter() {
                            if let (Kind::Str(ik), false) = (&ik.kind, iv.kind == Kind::Null) {
                                out.push(format!("{}.{}", &**k, &**ik));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn what_no_reader_reads_is_passed_over_where_it_stands() {
        // A Deployment's status and annotations are passed over; its spec and labels kept.
        let kept = keys(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, labels: {x: y}, annotations: {n: {o: p}, helm.sh/hook: test}}\nspec: {replicas: 1}\nstatus: {ready: 1}\n",
        );
        assert_eq!(
            kept,
            [
                "metadata.name",
                "metadata.labels",
                "metadata.annotations",
                "spec.replicas"
            ]
        );
        // Of the annotations, only Helm's hook is read.
        let Ok(stream) = parse_runtime(
            "kind: Pod\nmetadata:\n  annotations: {n: {o: p}, helm.sh/hook: test}\n",
            1,
        ) else {
            panic!("parsed")
        };
        let text = format!("{:?}", stream.documents);
        assert!(!text.contains("\"o\""), "{text}");
        assert!(text.contains("\"test\""), "{text}");
        // A ConfigMap's data is passed over in v1 only; a CRD's spec only in apiextensions.
        assert_eq!(
            keys("apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("apiVersion: v2\nkind: ConfigMap\ndata: {a: b}\n"),
            ["data.a"]
        );
        assert_eq!(
            keys(
                "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {a: b}\n"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("apiVersion: v1\nkind: CustomResourceDefinition\nspec: {a: b}\n"),
            ["spec.a"]
        );
        // Deeper than a resource, `status` and `annotations` are read: a template's own.
        assert_eq!(
            keys("kind: Pod\nspec: {status: {a: 1}, metadata: {annotations: {b: 2}}}\n"),
            ["spec.status", "spec.metadata"]
        );
    }

    #[test]
    fn the_items_of_a_list_are_resources() {
        let Ok(stream) = parse_runtime(
            "kind: List\nitems:\n- kind: Pod\n  status: {a: 1}\n  spec: {b: 2}\n- [status]\n",
            1,
        ) else {
            panic!("parsed")
        };
        let text = format!("{:?}", stream.documents);
        assert!(
            !text.contains("\"a\""),
            "status of an item passed over: {text}"
        );
        assert!(text.contains("\"b\""), "spec of an item kept: {text}");
        // A list at the top is no resource: its mappings' `status` is read.
        let Ok(stream) = parse_runtime("- status: {a: 1}\n", 1) else {
            panic!("parsed")
        };
        assert!(format!("{:?}", stream.documents).contains("\"a\""));
    }
}
