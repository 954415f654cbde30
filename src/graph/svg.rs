//! An SVG picture of the graph, laid out by the tool itself: no Graphviz, no browser.
//!
//! The layout is layered, left to right, as `dot` draws a flow: each module that takes
//! part in an event goes in the column after its latest producer (cycles are broken where
//! a depth-first walk finds them), and a few barycentre sweeps order each column so that
//! edges cross little. Modules with no event edge are set in a grid below the flow; AUTO
//! modules in a framed band of their own; the legend at the bottom. The output depends on
//! the graph alone (no hash order, fixed number formatting), so a committed picture can be
//! checked for being up to date.

use std::fmt::Write;

use super::{Flow, Graph, Node, Producer, State, visible};
use crate::finding::Severity;
use crate::profile::{Keyword, Role};

const MARGIN: f64 = 24.0;
const NODE_H: f64 = 76.0;
const MARKER_H: f64 = 44.0;
const ROW_GAP: f64 = 22.0;
const GRID_GAP: f64 = 32.0;
const MIN_GAP: f64 = 72.0;
const BAND_PAD: f64 = 16.0;
/// Longest label shown in full on a node; the whole text is in the node's tooltip.
const MAX_CHARS: usize = 48;
/// Longest role · status · activation line shown in full (a workload can make it long).
const MAX_SUMMARY_CHARS: usize = 64;

/// Where an item of the layout stands.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Renders `graph` with ids that start with `prefix`.
pub fn render(graph: &Graph, prefix: &str) -> String {
    let layout = Layout::new(graph);
    let mut out = String::new();
    let (width, height) = (layout.width, layout.height);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pcg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{prefix}-title\">\n\
         <title id=\"{prefix}-title\">Event flow of {title} ({path}): {caption}</title>",
        w = num(width),
        h = num(height),
        title = xml(&graph.title),
        path = xml(&graph.path),
        caption = xml(&graph.caption()),
    );
    out.push_str(STYLE);
    let _ = writeln!(out, "<defs>{}</defs>", arrows(prefix));
    out.push_str("<rect class=\"bg\" x=\"0\" y=\"0\" width=\"100%\" height=\"100%\"/>\n");
    let _ = writeln!(
        out,
        "<text class=\"title\" x=\"{m}\" y=\"{y1}\">{}</text>\n\
         <text class=\"subtitle\" x=\"{m}\" y=\"{y2}\">{} · {}</text>",
        xml(&clip(&graph.title, 120)),
        xml(&clip(&graph.path, 120)),
        xml(&graph.caption()),
        m = num(MARGIN),
        y1 = num(MARGIN + 14.0),
        y2 = num(MARGIN + 34.0),
    );
    if let Some(band) = layout.auto_band {
        let _ = writeln!(
            out,
            "<g class=\"cluster\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>\
             <text x=\"{}\" y=\"{}\">AUTO contour</text></g>",
            num(band.x),
            num(band.y),
            num(band.w),
            num(band.h),
            num(band.x + 12.0),
            num(band.y + 20.0),
        );
    }
    for heading in &layout.headings {
        let _ = writeln!(
            out,
            "<text class=\"heading\" x=\"{}\" y=\"{}\">{}</text>",
            num(heading.0),
            num(heading.1),
            heading.2
        );
    }
    draw_edges(&mut out, graph, &layout, prefix);
    for (index, node) in graph.nodes.iter().enumerate() {
        if let Some(place) = layout.places.get(index) {
            draw_node(&mut out, node, *place);
        }
    }
    for (index, event) in graph.markers.iter().enumerate() {
        if let Some(place) = layout.places.get(graph.nodes.len() + index) {
            draw_marker(&mut out, event, *place);
        }
    }
    draw_legend(&mut out, layout.legend_y, prefix);
    if let Some(note) = graph.left_out_note() {
        let _ = writeln!(
            out,
            "<text class=\"note\" x=\"{}\" y=\"{}\">{}</text>",
            num(MARGIN),
            num(layout.legend_y + LEGEND_HEIGHT + 20.0),
            xml(&note)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Positions of every node (then every marker), and the picture's size.
struct Layout {
    places: Vec<Place>,
    /// The first column of each layout item, for the label position of its edges.
    gap_after: Vec<f64>,
    auto_band: Option<Place>,
    headings: Vec<(f64, f64, &'static str)>,
    legend_y: f64,
    width: f64,
    height: f64,
}

impl Layout {
    fn new(graph: &Graph) -> Self {
        let nodes = graph.nodes.len();
        let count = nodes + graph.markers.len();
        let ends: Vec<(usize, usize)> = graph
            .edges
            .iter()
            .map(|e| (item(graph, e.from), e.to))
            .filter(|(a, b)| *a < count && *b < count)
            .collect();
        let mut linked = vec![false; count];
        for (a, b) in &ends {
            for end in [a, b] {
                if let Some(l) = linked.get_mut(*end) {
                    *l = true;
                }
            }
        }
        let rank = ranks(count, nodes, &ends);
        let columns = ends
            .iter()
            .flat_map(|(a, b)| [rank.get(*a), rank.get(*b)])
            .flatten()
            .max()
            .map_or(0, |r| r + 1);
        let node_w = graph
            .nodes
            .iter()
            .map(|n| {
                [
                    text_width(&clip(&n.name, MAX_CHARS), 13.0) * 1.08 + 44.0,
                    mono_width(&clip(&n.id, MAX_CHARS), 11.0),
                    text_width(&clip(&n.summary(), MAX_SUMMARY_CHARS), 11.0),
                ]
                .into_iter()
                .fold(0.0, f64::max)
            })
            .chain(
                graph
                    .markers
                    .iter()
                    .map(|m| text_width(&clip(m, MAX_CHARS), 11.0)),
            )
            .fold(160.0, f64::max)
            .min(420.0)
            + 40.0;
        // The gap after each column holds the labels of the edges that leave it.
        let mut gaps = vec![MIN_GAP; columns];
        for (edge, (a, _)) in graph.edges.iter().zip(&ends) {
            if let (Some(r), true) = (rank.get(*a), linked.get(*a).copied().unwrap_or(false))
                && let Some(gap) = gaps.get_mut(*r)
            {
                *gap = gap.max(text_width(&clip(&edge.label(), MAX_CHARS), 11.0) + 48.0);
            }
        }
        let mut column_x = Vec::with_capacity(columns);
        let mut x = MARGIN;
        for gap in &gaps {
            column_x.push(x);
            x += node_w + gap;
        }
        let flow_width = if columns == 0 {
            0.0
        } else {
            x - gaps.last().copied().unwrap_or(0.0) - MARGIN
        };
        let auto = |i: usize| graph.nodes.get(i).is_some_and(|n| n.auto);
        let mut places = vec![Place::default(); count];
        let mut headings = Vec::new();
        let mut y = MARGIN + 56.0;
        let mut right = flow_width + MARGIN;
        let mut auto_band = None;
        for band in [false, true] {
            let members: Vec<usize> = (0..count).filter(|i| auto(*i) == band).collect();
            if members.is_empty() {
                continue;
            }
            let top = y;
            if band {
                y += BAND_PAD + 28.0;
            }
            // The flow: linked items in their columns.
            let mut by_column: Vec<Vec<usize>> = vec![Vec::new(); columns];
            for &i in &members {
                if linked.get(i).copied().unwrap_or(false)
                    && let Some(column) = rank.get(i).and_then(|r| by_column.get_mut(*r))
                {
                    column.push(i);
                }
            }
            order_columns(&mut by_column, &ends, count);
            let rows = by_column.iter().map(Vec::len).max().unwrap_or(0);
            let step = NODE_H + ROW_GAP;
            for (column, items) in by_column.iter().enumerate() {
                let x = column_x.get(column).copied().unwrap_or(MARGIN);
                let offset = (rows - items.len()) as f64 * step / 2.0;
                for (row, &i) in items.iter().enumerate() {
                    let h = if i >= nodes { MARKER_H } else { NODE_H };
                    if let Some(p) = places.get_mut(i) {
                        *p = Place {
                            x,
                            y: y + offset + row as f64 * step + (NODE_H - h) / 2.0,
                            w: node_w,
                            h,
                        };
                    }
                }
            }
            if rows > 0 {
                y += rows as f64 * step;
            }
            // The rest: a grid.
            let alone: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| !linked.get(*i).copied().unwrap_or(false))
                .collect();
            if !alone.is_empty() {
                if rows > 0 || !band {
                    y += 8.0;
                    headings.push((MARGIN, y + 12.0, "Modules with no event edge"));
                    y += 24.0;
                }
                let fit = ((flow_width + GRID_GAP) / (node_w + GRID_GAP)).floor() as usize;
                let wide = (alone.len() as f64).sqrt().ceil() as usize;
                let per_row = fit.max(3).max(wide).min(alone.len()).max(1);
                for (k, &i) in alone.iter().enumerate() {
                    let (row, column) = (k / per_row, k % per_row);
                    if let Some(p) = places.get_mut(i) {
                        *p = Place {
                            x: MARGIN + column as f64 * (node_w + GRID_GAP),
                            y: y + row as f64 * step,
                            w: node_w,
                            h: NODE_H,
                        };
                    }
                }
                y += alone.len().div_ceil(per_row) as f64 * step;
                right = right.max(MARGIN + per_row as f64 * (node_w + GRID_GAP) - GRID_GAP);
            }
            if band {
                let frame = Place {
                    x: MARGIN - BAND_PAD / 2.0,
                    y: top,
                    w: right - MARGIN + BAND_PAD,
                    h: y - top,
                };
                auto_band = Some(frame);
                y += BAND_PAD;
            }
            y += 8.0;
        }
        let legend_y = y + 8.0;
        // Self-loops and their labels stand right of their node; the title may be wider
        // than everything else.
        let loops = graph.edges.iter().filter_map(|e| {
            let from = item(graph, e.from);
            (from == e.to).then(|| {
                places.get(from).map_or(0.0, |p| {
                    p.x + p.w + 56.0 + text_width(&clip(&e.label(), MAX_CHARS), 11.0)
                })
            })
        });
        let title = [
            text_width(&clip(&graph.title, 120), 16.0) * 1.08,
            text_width(
                &format!("{} · {}", clip(&graph.path, 120), graph.caption()),
                12.0,
            ),
        ];
        let right = places
            .iter()
            .map(|p| p.x + p.w)
            .chain(loops)
            .chain(title.iter().map(|w| MARGIN + w))
            .fold(right, f64::max);
        // A picture that leaves something out says so under the legend.
        let note = graph.left_out_note();
        let note_width = note.as_deref().map_or(0.0, |n| text_width(n, 12.0));
        let width = (right + MARGIN)
            .max(legend_width() + 2.0 * MARGIN)
            .max(note_width + 2.0 * MARGIN)
            .ceil();
        let height =
            (legend_y + LEGEND_HEIGHT + MARGIN + if note.is_some() { 24.0 } else { 0.0 }).ceil();
        let gap_after = (0..count)
            .map(|i| {
                rank.get(i)
                    .and_then(|r| gaps.get(*r))
                    .copied()
                    .unwrap_or(MIN_GAP)
            })
            .collect();
        Self {
            places,
            gap_after,
            auto_band,
            headings,
            legend_y,
            width,
            height,
        }
    }
}

/// The layout item an edge starts at: the module, or the marker after every module.
fn item(graph: &Graph, from: Producer) -> usize {
    match from {
        Producer::Module(i) => i,
        Producer::Missing(i) => graph.nodes.len() + i,
    }
}

/// Each item's column: after its latest producer, cycles broken at the edges a
/// depth-first walk finds going back; a marker right before its first consumer.
fn ranks(count: usize, nodes: usize, ends: &[(usize, usize)]) -> Vec<usize> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, (a, b)) in ends.iter().enumerate() {
        if a != b
            && let Some(list) = out_edges.get_mut(*a)
        {
            list.push(index);
        }
    }
    // 0 unseen, 1 on the walk's path, 2 done.
    let mut state = vec![0u8; count];
    let mut back = vec![false; ends.len()];
    for start in 0..count {
        if state.get(start) != Some(&0) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        if let Some(s) = state.get_mut(start) {
            *s = 1;
        }
        while let Some((at, next)) = stack.last().copied() {
            let edge = out_edges.get(at).and_then(|l| l.get(next)).copied();
            let Some(edge) = edge else {
                if let Some(s) = state.get_mut(at) {
                    *s = 2;
                }
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let to = ends.get(edge).map_or(at, |e| e.1);
            match state.get(to) {
                Some(0) => {
                    if let Some(s) = state.get_mut(to) {
                        *s = 1;
                    }
                    stack.push((to, 0));
                }
                Some(1) => {
                    if let Some(b) = back.get_mut(edge) {
                        *b = true;
                    }
                }
                _ => {}
            }
        }
    }
    // Longest path over what is left, in topological order.
    let mut indegree = vec![0usize; count];
    for (index, (a, b)) in ends.iter().enumerate() {
        if a != b
            && !back.get(index).copied().unwrap_or(true)
            && let Some(d) = indegree.get_mut(*b)
        {
            *d += 1;
        }
    }
    let mut rank = vec![0usize; count];
    let mut ready: std::collections::VecDeque<usize> = (0..count)
        .filter(|i| indegree.get(*i) == Some(&0))
        .collect();
    while let Some(at) = ready.pop_front() {
        let here = rank.get(at).copied().unwrap_or(0);
        for &edge in out_edges.get(at).map_or(&[][..], Vec::as_slice) {
            if back.get(edge).copied().unwrap_or(true) {
                continue;
            }
            let Some(&(_, to)) = ends.get(edge) else {
                continue;
            };
            if let Some(r) = rank.get_mut(to) {
                *r = (*r).max(here + 1);
            }
            if let Some(d) = indegree.get_mut(to) {
                *d -= 1;
                if *d == 0 {
                    ready.push_back(to);
                }
            }
        }
    }
    // A marker stands right before its first consumer: one pass over the edges.
    let mut first = vec![usize::MAX; count];
    for (a, b) in ends {
        if *a >= nodes
            && let (Some(r), Some(f)) = (rank.get(*b).copied(), first.get_mut(*a))
        {
            *f = (*f).min(r);
        }
    }
    for (marker, f) in first.iter().enumerate().skip(nodes) {
        if *f != usize::MAX
            && let Some(r) = rank.get_mut(marker)
        {
            *r = f.saturating_sub(1);
        }
    }
    rank
}

/// Orders each column by the mean position of its neighbours in the columns before (then
/// after), a few times over: the barycentre heuristic.
fn order_columns(columns: &mut [Vec<usize>], ends: &[(usize, usize)], count: usize) {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (a, b) in ends {
        if a != b {
            if let Some(p) = preds.get_mut(*b) {
                p.push(*a);
            }
            if let Some(s) = succs.get_mut(*a) {
                s.push(*b);
            }
        }
    }
    let mut position = vec![0.0f64; count];
    let place = |columns: &[Vec<usize>], position: &mut Vec<f64>| {
        for column in columns {
            for (row, &i) in column.iter().enumerate() {
                if let Some(p) = position.get_mut(i) {
                    *p = row as f64;
                }
            }
        }
    };
    place(columns, &mut position);
    let sweep = |column: &mut Vec<usize>, near: &[Vec<usize>], position: &[f64]| {
        let mut keyed: Vec<(f64, usize)> = column
            .iter()
            .map(|&i| {
                let around: Vec<f64> = near
                    .get(i)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .filter_map(|n| position.get(*n))
                    .copied()
                    .collect();
                let own = position.get(i).copied().unwrap_or(0.0);
                let key = if around.is_empty() {
                    own
                } else {
                    around.iter().sum::<f64>() / around.len() as f64
                };
                (key, i)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        *column = keyed.into_iter().map(|(_, i)| i).collect();
    };
    // Only the column just sorted moves: setting every column again after each would make
    // the sweeps quadratic in the items.
    for _ in 0..3 {
        for index in 1..columns.len() {
            if let Some(column) = columns.get_mut(index) {
                sweep(column, &preds, &position);
                place(std::slice::from_ref(column), &mut position);
            }
        }
        for index in (0..columns.len().saturating_sub(1)).rev() {
            if let Some(column) = columns.get_mut(index) {
                sweep(column, &succs, &position);
                place(std::slice::from_ref(column), &mut position);
            }
        }
    }
}

fn draw_edges(out: &mut String, graph: &Graph, layout: &Layout, prefix: &str) {
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
fn at_x(curve: &[(f64, f64); 4], x: f64) -> (f64, f64) {
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

fn draw_node(out: &mut String, node: &Node, p: Place) {
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

fn draw_marker(out: &mut String, event: &str, p: Place) {
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

const LEGEND_HEIGHT: f64 = 124.0;
const LEGEND_NODES: [(&str, &str); 4] = [
    ("node active", "active (ON)"),
    ("node mayrun", "may run (optional, unknown)"),
    ("node inactive", "inactive or disabled (OFF)"),
    ("node active findings", "has findings"),
];
const LEGEND_EDGES: [(&str, &str, &str); 5] = [
    ("edge live", "arrow", "event flows"),
    ("edge possible", "arrow", "may flow"),
    ("edge idle", "arrow-idle", "idle: an end is off"),
    ("edge broken", "arrow-broken", "no active producer: error"),
    ("edge warn", "arrow-warn", "no active producer: warning"),
];

fn legend_node_width(text: &str) -> f64 {
    text_width(text, 11.0) + 24.0
}

fn legend_edge_width(text: &str) -> f64 {
    60.0 + text_width(text, 11.0) + 16.0
}

/// The legend's width: its widest row, and a margin.
fn legend_width() -> f64 {
    let nodes = 80.0
        + LEGEND_NODES
            .iter()
            .map(|(_, t)| legend_node_width(t) + 12.0)
            .sum::<f64>()
        + 130.0;
    let edges = 12.0
        + LEGEND_EDGES
            .iter()
            .map(|(_, _, t)| legend_edge_width(t))
            .sum::<f64>();
    nodes.max(edges) + 12.0
}

fn draw_legend(out: &mut String, top: f64, prefix: &str) {
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

fn arrows(prefix: &str) -> String {
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

const STYLE: &str = "<style>
svg.pcg text{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",Arial,sans-serif;font-size:11px;fill:#1b1f24}
svg.pcg .bg{fill:#ffffff}
svg.pcg .title{font-size:16px;font-weight:700}
svg.pcg .subtitle{font-size:12px;fill:#57606a}
svg.pcg .heading{font-size:12px;font-weight:700;fill:#57606a}
svg.pcg .node .box{fill:#ffffff;stroke:#1b1f24;stroke-width:2}
svg.pcg .node.active.role-core .box{fill:#f3effa}
svg.pcg .node.active.role-ui .box{fill:#eef6fd}
svg.pcg .node.active.role-integration .box{fill:#ecf7f5}
svg.pcg .node.active.role-analytics .box{fill:#fff6ea}
svg.pcg .node.mayrun .box{stroke-dasharray:7 4}
svg.pcg .node.inactive .box{fill:#eceff1;stroke:#9aa0a6;stroke-width:1.2;stroke-dasharray:2 3}
svg.pcg .node.inactive text{fill:#80868b}
svg.pcg .node.findings .box{stroke:#c62828;stroke-width:3.5}
svg.pcg .node .name{font-size:13px;font-weight:700}
svg.pcg .node .id{font-family:ui-monospace,SFMono-Regular,\"DejaVu Sans Mono\",Menlo,Consolas,monospace}
svg.pcg .node .badge{font-size:9px;font-weight:700;letter-spacing:.05em}
svg.pcg .node .count{font-weight:700;fill:#c62828}
svg.pcg .role-core .stripe{fill:#7e57c2}
svg.pcg .role-ui .stripe{fill:#1e88e5}
svg.pcg .role-integration .stripe{fill:#00897b}
svg.pcg .role-analytics .stripe{fill:#f57c00}
svg.pcg .role-dev .stripe{fill:#757575}
svg.pcg .node.inactive .stripe{opacity:.35}
svg.pcg .edge path{fill:none;stroke:#455a64;stroke-width:1.6}
svg.pcg .edge text{fill:#37474f;paint-order:stroke;stroke:#ffffff;stroke-width:4px;stroke-linejoin:round}
svg.pcg .edge.possible path{stroke-dasharray:7 4}
svg.pcg .edge.idle path{stroke:#b0b7bd;stroke-dasharray:2 4}
svg.pcg .edge.idle text{fill:#80868b}
svg.pcg .edge.broken path{stroke:#d32f2f;stroke-width:2.6}
svg.pcg .edge.broken text{fill:#b71c1c;font-weight:700}
svg.pcg .edge.warn path{stroke:#ef6c00;stroke-width:2.6}
svg.pcg .edge.warn text{fill:#e65100;font-weight:700}
svg.pcg .edge.from-off path{stroke-dasharray:8 4}
svg.pcg .head.arrow{fill:#455a64}
svg.pcg .head.arrow-idle{fill:#b0b7bd}
svg.pcg .head.arrow-broken{fill:#d32f2f}
svg.pcg .head.arrow-warn{fill:#ef6c00}
svg.pcg .missing rect{fill:#ffebee;stroke:#c62828;stroke-width:2;stroke-dasharray:4 3}
svg.pcg .missing text{fill:#b71c1c;font-weight:700}
svg.pcg .missing .of{font-weight:400}
svg.pcg .cluster rect{fill:none;stroke:#6a1b9a;stroke-width:1.5;stroke-dasharray:8 4}
svg.pcg .cluster text{fill:#6a1b9a;font-weight:700}
svg.pcg .legend .frame{fill:none;stroke:#d0d7de}
svg.pcg .note{font-size:12px;font-weight:700;fill:#57606a}
@media (prefers-color-scheme: dark){
svg.pcg text{fill:#e6edf3}
svg.pcg .bg{fill:#0d1117}
svg.pcg .subtitle,svg.pcg .heading{fill:#9da7b3}
svg.pcg .node .box{fill:#161b22;stroke:#c9d1d9}
svg.pcg .node.active.role-core .box{fill:#231c33}
svg.pcg .node.active.role-ui .box{fill:#132337}
svg.pcg .node.active.role-integration .box{fill:#0f2a27}
svg.pcg .node.active.role-analytics .box{fill:#2f2112}
svg.pcg .node.inactive .box{fill:#1c2128;stroke:#6e7681}
svg.pcg .node.inactive text{fill:#8b949e}
svg.pcg .node.findings .box{stroke:#f85149}
svg.pcg .node .count{fill:#ff7b72}
svg.pcg .edge path{stroke:#9da7b3}
svg.pcg .edge text{fill:#c9d1d9;stroke:#0d1117}
svg.pcg .edge.idle path{stroke:#484f58}
svg.pcg .edge.idle text{fill:#8b949e}
svg.pcg .edge.broken path{stroke:#f85149}
svg.pcg .edge.broken text{fill:#ff7b72}
svg.pcg .edge.warn path{stroke:#d29922}
svg.pcg .edge.warn text{fill:#e3b341}
svg.pcg .head.arrow{fill:#9da7b3}
svg.pcg .head.arrow-idle{fill:#484f58}
svg.pcg .head.arrow-broken{fill:#f85149}
svg.pcg .head.arrow-warn{fill:#d29922}
svg.pcg .missing rect{fill:#3d1214;stroke:#f85149}
svg.pcg .missing text{fill:#ff7b72}
svg.pcg .cluster rect{stroke:#bc8cff}
svg.pcg .cluster text{fill:#bc8cff}
svg.pcg .legend .frame{stroke:#30363d}
}
</style>
";

/// Text for XML character data and attribute values.
fn xml(raw: &str) -> String {
    crate::source::escape_markup(raw)
}

/// At most `max` characters of the visible text, the rest as `…`.
fn clip(raw: &str, max: usize) -> String {
    let shown = visible(raw);
    if shown.chars().count() <= max {
        return shown;
    }
    let mut out: String = shown.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A guess at the width of `text` in a proportional sans-serif font of `size` px: wide
/// enough for DejaVu Sans, the widest of the fonts asked for.
fn text_width(text: &str, size: f64) -> f64 {
    visible(text)
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | 'I' | 't' | 'f'
            | 'r' => 0.36,
            'm' | 'w' | 'M' | 'W' | '@' => 0.92,
            'A'..='Z' => 0.72,
            c if u32::from(c) >= 0x1100 && !('\u{2000}'..='\u{2bff}').contains(&c) => 1.0,
            _ => 0.62,
        })
        .sum::<f64>()
        * size
}

/// The width of `text` in a monospace font of `size` px.
fn mono_width(text: &str, size: f64) -> f64 {
    visible(text).chars().count() as f64 * size * 0.62
}

/// A coordinate: one decimal at most, no trailing `.0`.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{graph_of, hostile};
    use super::*;

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        match roxmltree::Document::parse(svg) {
            Ok(doc) => doc,
            Err(e) => panic!("not XML: {e}\n{svg}"),
        }
    }

    fn nodes<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<(String, String)> {
        doc.descendants()
            .filter(|n| n.attribute("data-id").is_some())
            .map(|n| {
                (
                    n.attribute("data-id").unwrap_or_default().to_owned(),
                    n.attribute("class").unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn prod_draws_every_module_and_the_disabled_ones_inactive() {
        let g = graph_of("profiles/prod.yaml");
        let svg = g.svg();
        let doc = parse(&svg);
        let drawn = nodes(&doc);
        let ids: Vec<&str> = drawn.iter().map(|(id, _)| id.as_str()).collect();
        let expected: Vec<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, expected);
        let inactive: Vec<&str> = drawn
            .iter()
            .filter(|(_, class)| class.split(' ').any(|c| c == "inactive"))
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(
            inactive,
            [
                "ui-webinar-entry",
                "webinar-chat",
                "client-webinar-scenario-service",
                "client-webinar-action-consumer",
                "autowebinar-delivery"
            ]
        );
        let edges = doc
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("edge live"))
            })
            .filter(|n| n.parent().and_then(|p| p.attribute("class")) == Some("edges"))
            .count();
        assert_eq!(edges, 5);
        assert!(svg.contains(">AUTO contour</text>"));
        assert!(svg.contains(">Legend</text>"));
    }

    #[test]
    fn no_two_nodes_overlap() {
        for path in ["profiles/prod.yaml", "examples/drifted.yaml"] {
            let g = graph_of(path);
            let layout = Layout::new(&g);
            let places = &layout.places;
            for (i, a) in places.iter().enumerate() {
                assert!(
                    a.w > 0.0 && a.x >= 0.0 && a.x + a.w <= layout.width,
                    "{path} {i}"
                );
                assert!(a.y + a.h <= layout.legend_y, "{path} {i} above the legend");
                for b in places.iter().skip(i + 1) {
                    let apart = a.x + a.w <= b.x
                        || b.x + b.w <= a.x
                        || a.y + a.h <= b.y
                        || b.y + b.h <= a.y;
                    assert!(apart, "{path}: {a:?} and {b:?} overlap");
                }
            }
        }
    }

    #[test]
    fn drifted_draws_the_attendance_flow_in_red() {
        let svg = graph_of("examples/drifted.yaml").svg();
        let doc = parse(&svg);
        let broken: Vec<String> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("edge broken from-off"))
            .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
            .filter_map(|t| t.text().map(str::to_owned))
            .collect();
        assert_eq!(broken, ["client_webinar_attendance_classified"]);
    }

    #[test]
    fn hostile_labels_are_text_in_well_formed_xml() {
        let svg = hostile().svg();
        let doc = parse(&svg);
        assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
        for n in doc.descendants().filter(|n| n.is_element()) {
            for a in n.attributes() {
                assert!(!a.name().starts_with("on"), "{}", a.name());
            }
        }
        let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains("<script>alert(1)</script>"), "shown as text");
        assert!(!texts.chars().any(|c| c.is_control() && c != '\n'));
        assert!(!texts.contains('\u{202e}') && !texts.contains('\u{2028}'));
        let ids: Vec<String> = nodes(&doc).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids[0].starts_with("ax\"]; <script>"));
    }

    #[test]
    fn the_same_graph_draws_the_same_picture() {
        let g = graph_of("examples/drifted.yaml");
        assert_eq!(g.svg(), g.clone().svg());
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(2.0), "2");
    }

    #[test]
    fn cycles_and_self_loops_are_laid_out() {
        let mut g = hostile();
        g.edges.push(super::super::Edge {
            from: Producer::Module(0),
            to: 1,
            events: vec!["back".to_owned()],
            count: 1,
            flow: Flow::Idle,
        });
        let svg = g.svg();
        parse(&svg);
        let layout = Layout::new(&g);
        assert!(layout.places.iter().all(|p| p.w > 0.0));
    }
}
