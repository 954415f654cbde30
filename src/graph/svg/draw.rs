//! Drawing the laid-out picture: edges with their labels, module boxes, event markers,
//! the legend and the arrow heads.

use std::fmt::Write;

use super::super::{Flow, Graph, Node, Producer, State};
use super::layout::{
    Layout, Lines, Segment, badge, legend_edge_width, legend_node_width, legend_width, text_width,
};
use super::{LEGEND_EDGES, LEGEND_HEIGHT, LEGEND_NODES, MARGIN, MAX_CHARS, Place, clip, num, xml};
use crate::finding::Severity;
use crate::profile::{Keyword, Role};

pub(super) fn draw_edges(out: &mut String, graph: &Graph, layout: &Layout, prefix: &str) {
    out.push_str("<g class=\"edges\">\n");
    for (edge, route) in graph.edges.iter().zip(&layout.routes) {
        let (class, head) = match (edge.flow, edge.from) {
            (Flow::Live, _) => ("edge live", "arrow"),
            (Flow::Possible, _) => ("edge possible", "arrow"),
            (Flow::Idle, _) => ("edge idle", "arrow-idle"),
            (Flow::Broken(Severity::Error), Producer::Missing(_)) => {
                ("edge broken", "arrow-broken")
            }
            (Flow::Broken(Severity::Error), Producer::Module(_)) => {
                ("edge broken from-off", "arrow-broken")
            }
            (Flow::Broken(Severity::Warning), Producer::Missing(_)) => ("edge warn", "arrow-warn"),
            (Flow::Broken(Severity::Warning), Producer::Module(_)) => {
                ("edge warn from-off", "arrow-warn")
            }
        };
        let mut path = format!("M{} {}", num(route.start.0), num(route.start.1));
        for segment in &route.segments {
            match segment {
                Segment::Line(x, y) => {
                    let _ = write!(path, " L{} {}", num(*x), num(*y));
                }
                Segment::Curve([(x1, y1), (x2, y2), (x, y)]) => {
                    let _ = write!(
                        path,
                        " C{} {} {} {} {} {}",
                        num(*x1),
                        num(*y1),
                        num(*x2),
                        num(*y2),
                        num(*x),
                        num(*y)
                    );
                }
            }
        }
        let label = edge.label();
        let _ = writeln!(
            out,
            "<g class=\"{class}\"><title>{event}</title><path d=\"{path}\" marker-end=\"url(#{prefix}-{head})\"/>\
             <text class=\"label\" x=\"{}\" y=\"{}\">{}</text></g>",
            num(route.label.0),
            num(route.label.1),
            xml(&clip(&label, MAX_CHARS)),
            event = xml(&label),
        );
    }
    out.push_str("</g>\n");
}

/// `lines` of an item at `p` as one `<text>` element per class, a `<tspan>` per line.
fn draw_lines(out: &mut String, lines: &[Lines], p: Place, x: f64, anchor: &str) {
    for group in lines {
        let _ = write!(out, "<text class=\"{}\"{anchor}>", group.class);
        for (k, line) in group.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(x),
                num(p.y + group.first + k as f64 * group.step),
                xml(line)
            );
        }
        out.push_str("</text>");
    }
}

pub(super) fn draw_node(out: &mut String, node: &Node, p: Place, lines: &[Lines]) {
    let state = match node.state {
        State::Active => "active",
        State::MayRun => "mayrun",
        State::Inactive => "inactive",
    };
    let findings = node.findings.describe();
    let alarm = if node.findings.any() { " findings" } else { "" };
    let tooltip = if findings.is_empty() {
        format!("{} ({}): {}", node.name, node.id, node.summary())
    } else {
        format!(
            "{} ({}): {}; {findings}",
            node.name,
            node.id,
            node.summary()
        )
    };
    let _ = write!(
        out,
        "<g class=\"node {state}{alarm} role-{role}\" data-id=\"{id}\"><title>{tooltip}</title>\
         <rect class=\"box\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\"/>\
         <rect class=\"stripe\" x=\"{sx}\" y=\"{sy}\" width=\"5\" height=\"{sh}\" rx=\"2\"/>\
         <text class=\"badge\" x=\"{bx}\" y=\"{t1}\" text-anchor=\"end\">{badge}</text>",
        role = node.role,
        id = xml(&node.id),
        tooltip = xml(&tooltip),
        x = num(p.x),
        y = num(p.y),
        w = num(p.w),
        h = num(p.h),
        sx = num(p.x + 4.0),
        sy = num(p.y + 4.0),
        sh = num(p.h - 8.0),
        bx = num(p.x + p.w - 10.0),
        t1 = num(p.y + 20.0),
        badge = badge(node.state),
    );
    draw_lines(out, lines, p, p.x + 16.0, "");
    out.push_str("</g>\n");
}

pub(super) fn draw_marker(out: &mut String, event: &str, p: Place, lines: &[Lines]) {
    let _ = write!(
        out,
        "<g class=\"missing\"><title>No active module emits {event}</title>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"22\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no active producer</text>",
        num(p.x),
        num(p.y),
        num(p.w),
        num(p.h),
        num(p.x + p.w / 2.0),
        num(p.y + 19.0),
        event = xml(event),
    );
    draw_lines(out, lines, p, p.x + p.w / 2.0, " text-anchor=\"middle\"");
    out.push_str("</g>\n");
}

pub(super) fn draw_legend(out: &mut String, top: f64, prefix: &str) {
    let x0 = MARGIN;
    let _ = writeln!(
        out,
        "<g class=\"legend\"><rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>\
         <text class=\"heading\" x=\"{}\" y=\"{}\">Legend</text>",
        num(x0),
        num(top),
        num(legend_width()),
        num(LEGEND_HEIGHT),
        num(x0 + 12.0),
        num(top + 20.0)
    );
    let mut x = x0 + 80.0;
    for (class, text) in LEGEND_NODES {
        let w = legend_node_width(text);
        let _ = writeln!(
            out,
            "<g class=\"{class}\"><rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"26\" rx=\"6\"/>\
             <text class=\"meta\" x=\"{}\" y=\"{}\">{text}</text></g>",
            num(x),
            num(top + 8.0),
            num(w),
            num(x + 12.0),
            num(top + 25.0)
        );
        x += w + 12.0;
    }
    let _ = writeln!(
        out,
        "<g class=\"missing\"><rect x=\"{}\" y=\"{}\" width=\"130\" height=\"26\" rx=\"13\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no active producer</text></g>",
        num(x),
        num(top + 8.0),
        num(x + 65.0),
        num(top + 25.0)
    );
    let mut x = x0 + 12.0;
    let y = top + 62.0;
    for (class, head, text) in LEGEND_EDGES {
        let _ = writeln!(
            out,
            "<g class=\"{class}\"><path d=\"M{} {} H{}\" marker-end=\"url(#{prefix}-{head})\"/>\
             <text x=\"{}\" y=\"{}\">{text}</text></g>",
            num(x),
            num(y),
            num(x + 44.0),
            num(x + 52.0),
            num(y + 4.0)
        );
        x += legend_edge_width(text);
    }
    let mut x = x0 + 12.0;
    let y = top + 100.0;
    for role in [
        Role::Core,
        Role::Ui,
        Role::Integration,
        Role::Analytics,
        Role::Dev,
    ] {
        let _ = writeln!(
            out,
            "<g class=\"node role-{role}\"><rect class=\"stripe\" x=\"{}\" y=\"{}\" width=\"5\" height=\"18\" rx=\"2\"/>\
             <text class=\"meta\" x=\"{}\" y=\"{}\">{role}</text></g>",
            num(x),
            num(y - 13.0),
            num(x + 10.0),
            num(y)
        );
        x += 24.0 + text_width(role.as_str(), 11.0);
    }
    let _ = write!(
        out,
        "<g class=\"cluster\"><rect x=\"{}\" y=\"{}\" width=\"104\" height=\"24\" rx=\"6\"/>\
         <text x=\"{}\" y=\"{}\">AUTO contour</text></g>\n</g>\n",
        num(x + 8.0),
        num(y - 16.0),
        num(x + 16.0),
        num(y)
    );
}

pub(super) fn arrows(prefix: &str) -> String {
    ["arrow", "arrow-idle", "arrow-broken", "arrow-warn"]
        .iter()
        .map(|name| {
            format!(
                "<marker id=\"{prefix}-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
                 markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">\
                 <path class=\"head {name}\" d=\"M0 0 L10 5 L0 10 z\"/></marker>"
            )
        })
        .collect()
}
