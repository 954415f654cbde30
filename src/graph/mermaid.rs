//! Mermaid `flowchart` text: what GitHub draws from a ```` ```mermaid ```` block in a pull
//! request comment or a step summary.
//!
//! Nodes get generated ids (`m0`, `x0`), so no input can collide with Mermaid's keywords
//! (`end`, `graph`); every label is a quoted string whose punctuation is written as
//! Mermaid's entity codes (`#60;`), which Mermaid turns into character references in the
//! SVG: text, never markup.

use std::fmt::Write;

use super::{Flow, Graph, Node, Producer, State, visible};
use crate::finding::Severity;

const CLASSES: &str = concat!(
    "  classDef active fill:#e8f5e9,stroke:#1b5e20,stroke-width:2px,color:#111\n",
    "  classDef mayrun fill:#ffffff,stroke:#37474f,stroke-width:2px,stroke-dasharray:6 4,color:#111\n",
    "  classDef inactive fill:#eceff1,stroke:#9e9e9e,stroke-width:1px,stroke-dasharray:2 3,color:#757575\n",
    "  classDef findings stroke:#c62828,stroke-width:3px\n",
    "  classDef missing fill:#ffebee,stroke:#c62828,stroke-width:2px,stroke-dasharray:4 3,color:#b71c1c\n",
);

/// Renders `graph`.
pub fn render(graph: &Graph) -> String {
    let mut out = String::new();
    // A comment, not a front-matter title, which Mermaid shows without decoding entity
    // codes; encoded all the same, as Mermaid looks for `%%{` directives anywhere.
    let _ = writeln!(
        out,
        "%% {} ({}): {}",
        text(&graph.title),
        text(&graph.path),
        graph.caption()
    );
    out.push_str("flowchart LR\n");
    out.push_str(CLASSES);
    let live: Vec<(usize, &Node)> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.auto)
        .collect();
    let auto: Vec<(usize, &Node)> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.auto)
        .collect();
    for (index, node) in live {
        declare(&mut out, "  ", index, node);
    }
    if !auto.is_empty() {
        out.push_str("  subgraph auto[\"AUTO contour\"]\n");
        for (index, node) in auto {
            declare(&mut out, "    ", index, node);
        }
        out.push_str("  end\n");
    }
    for (index, event) in graph.markers.iter().enumerate() {
        let _ = writeln!(
            out,
            "  x{index}([\"no active producer<br/>of {}\"]):::missing",
            text(event)
        );
    }
    let mut styles = Vec::new();
    for (index, edge) in graph.edges.iter().enumerate() {
        let from = match edge.from {
            Producer::Module(i) => format!("m{i}"),
            Producer::Missing(i) => format!("x{i}"),
        };
        let solid = match (edge.flow, edge.from) {
            (Flow::Live, _) | (Flow::Broken(_), Producer::Missing(_)) => true,
            (Flow::Possible | Flow::Idle, _) | (Flow::Broken(_), Producer::Module(_)) => false,
        };
        let arrow = if solid { "-->" } else { "-.->" };
        let _ = writeln!(
            out,
            "  {from} {arrow}|\"{}\"| m{}",
            text(&edge.label()),
            edge.to
        );
        let style = match edge.flow {
            Flow::Live | Flow::Possible => None,
            Flow::Idle => Some("stroke:#9e9e9e,color:#757575"),
            Flow::Broken(Severity::Error) => Some("stroke:#c62828,stroke-width:3px,color:#b71c1c"),
            Flow::Broken(Severity::Warning) => {
                Some("stroke:#ef6c00,stroke-width:3px,color:#e65100")
            }
        };
        if let Some(style) = style {
            styles.push((index, style));
        }
    }
    for (index, style) in styles {
        let _ = writeln!(out, "  linkStyle {index} {style}");
    }
    // Invisible links (after the real ones, so that `linkStyle` indices stay those of the
    // edges) set modules without an edge in rows of three, and the legend in one row:
    // Mermaid would otherwise stack every unlinked node in a single column.
    let mut linked = vec![false; graph.nodes.len()];
    for edge in &graph.edges {
        if let Producer::Module(i) = edge.from
            && let Some(l) = linked.get_mut(i)
        {
            *l = true;
        }
        if let Some(l) = linked.get_mut(edge.to) {
            *l = true;
        }
    }
    let alone: Vec<String> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| !n.auto && !linked.get(*i).copied().unwrap_or(false))
        .map(|(i, _)| format!("m{i}"))
        .collect();
    for row in alone.chunks(3).filter(|row| row.len() > 1) {
        let _ = writeln!(out, "  {}", row.join(" ~~~ "));
    }
    out.push_str(
        "  subgraph legend[\"Legend\"]\n    direction LR\n    \
         l0[\"active\"]:::active\n    \
         l1[\"may run\"]:::mayrun\n    \
         l2[\"inactive or disabled\"]:::inactive\n    \
         l3[\"has findings\"]:::findings\n    \
         l4([\"no active producer\"]):::missing\n    \
         l0 ~~~ l1 ~~~ l2 ~~~ l3 ~~~ l4\n",
    );
    if let Some(note) = graph.left_out_note() {
        let _ = writeln!(out, "    l5[\"{}\"]\n    l4 ~~~ l5", text(&note));
    }
    out.push_str("  end\n");
    out
}

fn declare(out: &mut String, indent: &str, index: usize, node: &Node) {
    let class = match node.state {
        State::Active => "active",
        State::MayRun => "mayrun",
        State::Inactive => "inactive",
    };
    let mut label = format!(
        "<b>{}</b><br/>{}<br/>{}",
        text(&node.name),
        text(&node.id),
        text(&node.summary())
    );
    let findings = node.findings.describe();
    if !findings.is_empty() {
        let _ = write!(label, "<br/>{}", text(&findings));
    }
    let _ = writeln!(out, "{indent}m{index}[\"{label}\"]:::{class}");
    if node.findings.any() {
        let _ = writeln!(out, "{indent}class m{index} findings");
    }
}

/// A label's text for a quoted Mermaid string: letters, digits, spaces and a few harmless
/// marks as they are, everything else as an entity code.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in visible(raw).chars() {
        if c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '-' | '_' | '.' | ',' | ':' | '/' | '(' | ')' | '·' | '→' | '+'
            )
        {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{graph_of, hostile};

    #[test]
    fn every_module_is_a_node_and_disabled_ones_are_inactive() {
        let m = graph_of("profiles/prod.yaml").mermaid();
        let g = graph_of("profiles/prod.yaml");
        for node in &g.nodes {
            assert!(
                m.contains(&format!("<br/>{}<br/>", node.id)),
                "{}\n{m}",
                node.id
            );
        }
        assert_eq!(
            m.matches(":::inactive").count(),
            5 + 1,
            "five modules and the legend"
        );
        assert!(m.contains("subgraph auto[\"AUTO contour\"]\n    m15["));
        assert!(m.contains("m14 -->|\"core_webinar_set_status\"| m0\n"));
    }

    #[test]
    fn drifted_shows_the_broken_flow_in_red() {
        let m = graph_of("examples/drifted.yaml").mermaid();
        assert!(
            m.contains("m8 -.->|\"client_webinar_attendance_classified\"| m9\n"),
            "{m}"
        );
        assert!(m.contains("stroke:#c62828,stroke-width:3px"));
    }

    #[test]
    fn hostile_labels_stay_text() {
        let m = hostile().mermaid();
        for line in m.lines().filter(|l| l.contains('[') && l.contains('"')) {
            let Some(open) = line.find('"') else { continue };
            let Some(close) = line.rfind('"') else {
                continue;
            };
            let inside = line[open + 1..close]
                .replace("<b>", "")
                .replace("</b>", "")
                .replace("<br/>", "");
            for bad in [
                '"', '<', '>', '[', ']', '`', '|', '{', '}', '\\', '\r', '\u{1b}', '\u{202e}',
            ] {
                assert!(!inside.contains(bad), "{bad:?} in {line}");
            }
        }
        assert!(m.contains("#60;script#62;"));
        assert_eq!(m.lines().filter(|l| l.trim() == "end").count(), 1, "{m}");
    }
}
