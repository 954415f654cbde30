//! Drawing the laid-out picture: edges with their labels, module boxes, event markers,
//! the legend and the arrow heads.

use std::fmt::Write;

use super::super::{Flow, Graph, Node, Producer, State};
use super::layout::{Layout, item, legend_edge_width, legend_node_width, legend_width, text_width};
use super::{
    LEGEND_EDGES, LEGEND_HEIGHT, LEGEND_NODES, MARGIN, MAX_CHARS, MAX_SUMMARY_CHARS, MIN_GAP,
    Place, clip, num, xml,
};
use crate::finding::Severity;
use crate::profile::{Keyword, Role};

pub(super) fn draw_edges(out: &mut String, graph: &Graph, layout: &Layout, prefix: &str) {
    let place = |i: usize| layout.places.get(i).copied().unwrap_or_default();
    // Each item's edges leave (and arrive) at ports spread down its side, in the order of
    // the other ends, so that they fan out instead of crossing at the node.
    let count = layout.places.len();
    let mut outgoing: Vec<Vec<(f64, usize)>> = vec![Vec::new(); count];
    let mut incoming: Vec<Vec<(f64, usize)>> = vec![Vec::new(); count];
    for (index, edge) in graph.edges.iter().enumerate() {
        let from = item(graph, edge.from);
        if from == edge.to {
            continue;
        }
        let (a, b) = (place(from), place(edge.to));
        if b.x > a.x + a.w {
            if let Some(list) = outgoing.get_mut(from) {
                list.push((b.y, index));
            }
            if let Some(list) = incoming.get_mut(edge.to) {
                list.push((a.y, index));
            }
        }
    }
    let mut start_y = vec![None; graph.edges.len()];
    let mut end_y = vec![None; graph.edges.len()];
    for (lists, ys) in [(&mut outgoing, &mut start_y), (&mut incoming, &mut end_y)] {
        for (at, list) in lists.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let p = place(at);
            let n = list.len() as f64;
            for (k, (_, edge)) in list.iter().enumerate() {
                if let Some(y) = ys.get_mut(*edge) {
                    *y = Some(p.y + p.h * (k as f64 + 1.0) / (n + 1.0));
                }
            }
        }
    }
    out.push_str("<g class=\"edges\">\n");
    for (index, edge) in graph.edges.iter().enumerate() {
        let from = item(graph, edge.from);
        let (a, b) = (place(from), place(edge.to));
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
        let (path, label) = if from == edge.to {
            let (x, y) = (a.x + a.w, a.y);
            (
                format!(
                    "M{} {} C{} {} {} {} {} {}",
                    num(x),
                    num(y + a.h * 0.3),
                    num(x + 56.0),
                    num(y - 14.0),
                    num(x + 56.0),
                    num(y + a.h + 14.0),
                    num(x),
                    num(y + a.h * 0.7)
                ),
                (x + 48.0, y + a.h / 2.0, false),
            )
        } else if b.x > a.x + a.w {
            let y1 = start_y
                .get(index)
                .copied()
                .flatten()
                .unwrap_or(a.y + a.h / 2.0);
            let y2 = end_y
                .get(index)
                .copied()
                .flatten()
                .unwrap_or(b.y + b.h / 2.0);
            let (x1, x2) = (a.x + a.w, b.x);
            let bend = ((x2 - x1) * 0.5).min(160.0);
            let curve = [(x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2, y2)];
            let gap = layout.gap_after.get(from).copied().unwrap_or(MIN_GAP);
            let (lx, ly) = at_x(&curve, x1 + gap / 2.0);
            (
                format!(
                    "M{} {} C{} {} {} {} {} {}",
                    num(x1),
                    num(y1),
                    num(x1 + bend),
                    num(y1),
                    num(x2 - bend),
                    num(y2),
                    num(x2),
                    num(y2)
                ),
                (lx, ly - 5.0, true),
            )
        } else {
            // Against the flow (a cycle): under both ends, from bottom to bottom.
            let (x1, y1) = (a.x + a.w / 2.0, a.y + a.h);
            let (x2, y2) = (b.x + b.w / 2.0, b.y + b.h);
            let low = y1.max(y2) + 48.0;
            (
                format!(
                    "M{} {} C{} {} {} {} {} {}",
                    num(x1),
                    num(y1),
                    num(x1),
                    num(low),
                    num(x2),
                    num(low),
                    num(x2),
                    num(y2)
                ),
                ((x1 + x2) / 2.0, low - 8.0, true),
            )
        };
        let (lx, ly, centred) = label;
        let label = edge.label();
        let _ = writeln!(
            out,
            "<g class=\"{class}\"><title>{event}</title><path d=\"{path}\" marker-end=\"url(#{prefix}-{head})\"/>\
             <text x=\"{}\" y=\"{}\"{}>{}</text></g>",
            num(lx),
            num(ly),
            if centred {
                " text-anchor=\"middle\""
            } else {
                ""
            },
            xml(&clip(&label, MAX_CHARS)),
            event = xml(&label),
        );
    }
    out.push_str("</g>\n");
}

/// The point of a cubic Bézier curve whose x is `x` (its x grows along the curve).
pub(super) fn at_x(curve: &[(f64, f64); 4], x: f64) -> (f64, f64) {
    let point = |t: f64| {
        let u = 1.0 - t;
        let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
        curve
            .iter()
            .zip(w)
            .fold((0.0, 0.0), |(px, py), ((cx, cy), w)| {
                (px + cx * w, py + cy * w)
            })
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if point(mid).0 < x {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    point((lo + hi) / 2.0)
}

pub(super) fn draw_node(out: &mut String, node: &Node, p: Place) {
    let state = match node.state {
        State::Active => "active",
        State::MayRun => "mayrun",
        State::Inactive => "inactive",
    };
    let badge = match node.state {
        State::Active => "ON",
        State::MayRun => "MAY RUN",
        State::Inactive => "OFF",
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
         <text class=\"badge\" x=\"{bx}\" y=\"{t1}\" text-anchor=\"end\">{badge}</text>\
         <text class=\"name\" x=\"{tx}\" y=\"{t1}\">{name}</text>\
         <text class=\"id\" x=\"{tx}\" y=\"{t2}\">{id_shown}</text>\
         <text class=\"meta\" x=\"{tx}\" y=\"{t3}\">{summary}</text>",
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
        tx = num(p.x + 16.0),
        t1 = num(p.y + 20.0),
        t2 = num(p.y + 37.0),
        t3 = num(p.y + 53.0),
        name = xml(&clip(&node.name, MAX_CHARS)),
        id_shown = xml(&clip(&node.id, MAX_CHARS)),
        summary = xml(&clip(&node.summary(), MAX_SUMMARY_CHARS)),
    );
    if !findings.is_empty() {
        let _ = write!(
            out,
            "<text class=\"count\" x=\"{}\" y=\"{}\">{}</text>",
            num(p.x + 16.0),
            num(p.y + 69.0),
            xml(&findings)
        );
    }
    out.push_str("</g>\n");
}

pub(super) fn draw_marker(out: &mut String, event: &str, p: Place) {
    let _ = writeln!(
        out,
        "<g class=\"missing\"><title>No active module emits {event}</title>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"22\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no active producer</text>\
         <text class=\"of\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
        num(p.x),
        num(p.y),
        num(p.w),
        num(p.h),
        num(p.x + p.w / 2.0),
        num(p.y + 19.0),
        num(p.x + p.w / 2.0),
        num(p.y + 34.0),
        xml(&clip(event, MAX_CHARS)),
        event = xml(event),
    );
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
