//! Graphviz DOT text, for `dot -Tsvg` and the many tools that read DOT.
//!
//! Node ids are generated (`m0`, `x0`); every label is a double-quoted string in which `\`
//! and `"` are escaped, so no input can end the string, start an HTML-like label or
//! reach DOT's own escapes (`\N`, `\G`).

use std::fmt::Write;

use super::{Flow, Graph, Node, Producer, State, visible};
use crate::finding::Severity;
use crate::profile::Role;

/// Renders `graph`.
pub fn render(graph: &Graph) -> String {
    let mut out = String::from("digraph profile {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", nodesep=0.35, ranksep=1.1, \
         label=\"{}\\n{}\\n{}\"];",
        text(&graph.title),
        text(&graph.path),
        text(&graph.caption())
    );
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, \
         fillcolor=\"#ffffff\", color=\"#1b1f24\"];\n  \
         edge [fontname=\"Helvetica\", fontsize=10, color=\"#37474f\"];\n",
    );
    for (index, node) in graph.nodes.iter().enumerate().filter(|(_, n)| !n.auto) {
        declare(&mut out, "  ", index, node);
    }
    if graph.nodes.iter().any(|n| n.auto) {
        out.push_str(
            "  subgraph cluster_auto {\n    label=\"AUTO contour\"; style=\"dashed,rounded\"; \
             color=\"#6a1b9a\"; fontcolor=\"#6a1b9a\";\n",
        );
        for (index, node) in graph.nodes.iter().enumerate().filter(|(_, n)| n.auto) {
            declare(&mut out, "    ", index, node);
        }
        out.push_str("  }\n");
    }
    for (index, event) in graph.markers.iter().enumerate() {
        let _ = writeln!(
            out,
            "  x{index} [label=\"no active producer\\nof {}\", shape=box, style=\"rounded,dashed,filled\", \
             fillcolor=\"#ffebee\", color=\"#c62828\", fontcolor=\"#b71c1c\"];",
            text(event)
        );
    }
    for edge in &graph.edges {
        let from = match edge.from {
            Producer::Module(i) => format!("m{i}"),
            Producer::Missing(i) => format!("x{i}"),
        };
        let look = match (edge.flow, edge.from) {
            (Flow::Live, _) => "",
            (Flow::Possible, _) => ", style=dashed",
            (Flow::Idle, _) => ", style=dotted, color=\"#9e9e9e\", fontcolor=\"#757575\"",
            (Flow::Broken(Severity::Error), Producer::Missing(_)) => {
                ", color=\"#c62828\", fontcolor=\"#b71c1c\", penwidth=2.5"
            }
            (Flow::Broken(Severity::Error), Producer::Module(_)) => {
                ", style=dashed, color=\"#c62828\", fontcolor=\"#b71c1c\", penwidth=2.5"
            }
            (Flow::Broken(Severity::Warning), Producer::Missing(_)) => {
                ", color=\"#ef6c00\", fontcolor=\"#e65100\", penwidth=2.5"
            }
            (Flow::Broken(Severity::Warning), Producer::Module(_)) => {
                ", style=dashed, color=\"#ef6c00\", fontcolor=\"#e65100\", penwidth=2.5"
            }
        };
        let _ = writeln!(
            out,
            "  {from} -> m{} [label=\"{}\"{look}];",
            edge.to,
            text(&edge.label())
        );
    }
    if let Some(note) = graph.left_out_note() {
        let _ = writeln!(
            out,
            "  left_out [shape=note, label=\"{}\", color=\"#9e9e9e\", fontcolor=\"#57606a\"];",
            text(&note)
        );
    }
    out.push_str(LEGEND);
    out.push_str("}\n");
    out
}

const LEGEND: &str = "  subgraph cluster_legend {
    label=\"Legend\"; style=rounded; color=\"#9e9e9e\";
    l0 [label=\"active\", penwidth=2];
    l1 [label=\"may run\", style=\"rounded,dashed\", penwidth=2];
    l2 [label=\"inactive or disabled\", style=\"rounded,dotted,filled\", fillcolor=\"#eceff1\", color=\"#9e9e9e\", fontcolor=\"#757575\"];
    l3 [label=\"has findings\", color=\"#c62828\", penwidth=3];
    l4 [label=\"no active producer\", style=\"rounded,dashed,filled\", fillcolor=\"#ffebee\", color=\"#c62828\", fontcolor=\"#b71c1c\"];
    l0 -> l1 [label=\"event\"];
    l1 -> l2 [label=\"may flow\", style=dashed];
    l2 -> l3 [label=\"idle\", style=dotted, color=\"#9e9e9e\"];
    l4 -> l3 [label=\"broken\", color=\"#c62828\", penwidth=2.5];
  }
";

fn declare(out: &mut String, indent: &str, index: usize, node: &Node) {
    let mut label = format!(
        "{}\\n{}\\n{}",
        text(&node.name),
        text(&node.id),
        text(&node.summary())
    );
    let findings = node.findings.describe();
    if !findings.is_empty() {
        let _ = write!(label, "\\n{}", text(&findings));
    }
    let (style, fill, line, font) = match node.state {
        State::Active => ("rounded,filled", role_fill(node.role), "#1b1f24", "#1b1f24"),
        State::MayRun => ("rounded,dashed,filled", "#ffffff", "#37474f", "#1b1f24"),
        State::Inactive => ("rounded,dotted,filled", "#eceff1", "#9e9e9e", "#757575"),
    };
    let (line, width) = if node.findings.any() {
        ("#c62828", 3)
    } else {
        (line, if node.state == State::Inactive { 1 } else { 2 })
    };
    let _ = writeln!(
        out,
        "{indent}m{index} [label=\"{label}\", style=\"{style}\", fillcolor=\"{fill}\", \
         color=\"{line}\", fontcolor=\"{font}\", penwidth={width}];"
    );
}

/// The fill of an active node: a light tint of its role's colour.
fn role_fill(role: Role) -> &'static str {
    match role {
        Role::Core => "#ede7f6",
        Role::Ui => "#e3f2fd",
        Role::Integration => "#e0f2f1",
        Role::Analytics => "#fff3e0",
        Role::Dev => "#f5f5f5",
    }
}

/// A label's text inside a double-quoted DOT string.
fn text(raw: &str) -> String {
    visible(raw).replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{graph_of, hostile};

    #[test]
    fn prod_nodes_edges_and_the_auto_cluster() {
        let g = graph_of("profiles/prod.yaml");
        let d = g.dot();
        for node in &g.nodes {
            assert!(d.contains(&format!("\\n{}\\n", node.id)), "{}", node.id);
        }
        assert_eq!(d.matches("style=\"rounded,dotted,filled\"").count(), 5 + 1);
        assert!(d.contains("m14 -> m0 [label=\"core_webinar_set_status\"];"));
        assert!(d.contains("subgraph cluster_auto {"));
        assert_eq!(d.matches(" -> m").count(), 5);
    }

    #[test]
    fn hostile_labels_stay_inside_their_strings() {
        let d = hostile().dot();
        // Outside the quoted strings only the renderer's own syntax remains.
        let mut outside = String::new();
        let mut quoted = false;
        let mut chars = d.chars();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '\\') => {
                    chars.next();
                }
                (_, '"') => quoted = !quoted,
                (false, c) => outside.push(c),
                (true, c) => assert!(!c.is_control(), "{c:?} in a label"),
            }
        }
        assert!(!quoted, "every string is closed");
        for bad in ["<", "script", "]]", "`", "&"] {
            assert!(!outside.contains(bad), "{bad} outside a string:\n{outside}");
        }
    }
}
