//! Where everything of the picture stands: columns by event rank, rows ordered by
//! barycentre sweeps, the grid of modules with no edge, the AUTO band, the legend, the
//! lines each node's text wraps to, the route of every edge and the place of its label,
//! and the widths of text that the layout makes room for.
//!
//! Every edge label stands on a straight run of its own edge, right of the item it leaves
//! and above the line: each edge leaves its item at a port of its own, the ports at least
//! [`PORT_GAP`] apart, and runs level for the width of the widest label of its column
//! before it bends. Nothing else crosses that strip: an edge to the next column bends only
//! after the runs, an edge that skips a column or goes back (a cycle) drops to a channel
//! under the flow beyond the runs and climbs to its target in the gap before it, and an
//! edge from an item to itself turns under the item.

use super::super::{Graph, Node, Producer, State, visible};
use super::{
    BAND_PAD, GRID_GAP, LEGEND_EDGES, LEGEND_HEIGHT, LEGEND_NODES, MARGIN, MARKER_H, MAX_CHARS,
    MIN_GAP, NODE_H, Place, ROW_GAP, clip,
};

/// The least distance between two ports on an item's right side: a label (11 px text)
/// fits between an edge and the one above it.
pub(super) const PORT_GAP: f64 = 22.0;

/// More outgoing edges than this on one item share the ports' spacing (a dense graph):
/// the item does not grow past it.
const MAX_SPACED_PORTS: usize = 40;

/// Space between a label's run and the next column for the bends, the channel's drops and
/// climbs, and a self-loop's turn.
const BEND_ROOM: f64 = 84.0;

/// A label starts this far right of its item, and its baseline stands this far above its
/// edge.
const LABEL_INSET: f64 = 8.0;
const LABEL_RISE: f64 = 6.0;

/// Lines of text of one item, wrapped to its width: `class` (`name`, `id`, `meta`,
/// `count`, `of`), the first baseline's offset from the item's top, the line step.
#[derive(Debug, Clone)]
pub(super) struct Lines {
    pub(super) class: &'static str,
    pub(super) lines: Vec<String>,
    pub(super) first: f64,
    pub(super) step: f64,
}

/// A part of an edge's path after its start.
#[derive(Debug, Clone, Copy)]
pub(super) enum Segment {
    Line(f64, f64),
    Curve([(f64, f64); 3]),
}

/// Where an edge goes, and where its label stands.
#[derive(Debug, Clone)]
pub(super) struct Route {
    pub(super) start: (f64, f64),
    pub(super) segments: Vec<Segment>,
    /// The label's start and baseline (`text-anchor` start).
    pub(super) label: (f64, f64),
}

impl Route {
    /// Points along the path, `per_segment` to a curve: what the tests measure against.
    #[cfg(test)]
    pub(super) fn points(&self, per_segment: usize) -> Vec<(f64, f64)> {
        let mut at = self.start;
        let mut out = vec![at];
        for segment in &self.segments {
            match *segment {
                Segment::Line(x, y) => {
                    for k in 1..=per_segment {
                        let t = k as f64 / per_segment as f64;
                        out.push((at.0 + (x - at.0) * t, at.1 + (y - at.1) * t));
                    }
                    at = (x, y);
                }
                Segment::Curve([c1, c2, end]) => {
                    let curve = [at, c1, c2, end];
                    for k in 1..=per_segment {
                        out.push(bezier(&curve, k as f64 / per_segment as f64));
                    }
                    at = end;
                }
            }
        }
        out
    }
}

/// The point at `t` of a cubic Bézier curve.
#[cfg(test)]
fn bezier(curve: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    curve
        .iter()
        .zip(w)
        .fold((0.0, 0.0), |(px, py), ((cx, cy), w)| {
            (px + cx * w, py + cy * w)
        })
}

/// Positions of every node (then every marker), their text, every edge's route, and the
/// picture's size.
pub(super) struct Layout {
    pub(super) places: Vec<Place>,
    /// The wrapped text of each item.
    pub(super) texts: Vec<Vec<Lines>>,
    /// The route of each edge, in the graph's order.
    pub(super) routes: Vec<Route>,
    pub(super) auto_band: Option<Place>,
    pub(super) headings: Vec<(f64, f64, &'static str)>,
    pub(super) legend_y: f64,
    pub(super) width: f64,
    pub(super) height: f64,
}

/// How an edge is routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// To the next column: a bend after the runs.
    Next,
    /// To itself: a turn under the item.
    Loop,
    /// Skipping columns or going back: down to the channel under the flow and up again.
    Channel,
}

/// The text a node shows, wrapped to `width` (the item's width).
fn node_lines(node: &Node, width: f64) -> Vec<Lines> {
    let inner = width - 16.0 - 12.0;
    let name_room = inner - badge_width(node.state) - 8.0;
    let name = wrap(&clip(&node.name, MAX_CHARS), name_room, |s| {
        text_width(s, 13.0) * 1.08
    });
    let id = wrap(&clip(&node.id, MAX_CHARS), inner, |s| mono_width(s, 11.0));
    let meta = wrap(&clip(&node.summary(), MAX_CHARS), inner, |s| {
        text_width(s, 11.0)
    });
    let findings = node.findings.describe();
    let mut out = Vec::new();
    let mut next = 20.0;
    for (class, lines, step, after) in [
        ("name", name, 16.0, 17.0),
        ("id", id, 14.0, 16.0),
        ("meta", meta, 14.0, 16.0),
    ] {
        let n = lines.len().max(1) as f64;
        out.push(Lines {
            class,
            lines,
            first: next,
            step,
        });
        next += (n - 1.0) * step + after;
    }
    if !findings.is_empty() {
        let count = wrap(&findings, inner, |s| text_width(s, 11.0) * 1.08);
        out.push(Lines {
            class: "count",
            lines: count,
            first: next,
            step: 14.0,
        });
    }
    out
}

/// The text of a "no active producer" marker: its event, wrapped.
fn marker_lines(event: &str, width: f64) -> Vec<Lines> {
    vec![Lines {
        class: "of",
        lines: wrap(&clip(event, MAX_CHARS), width - 24.0, |s| {
            text_width(s, 11.0)
        }),
        first: 34.0,
        step: 14.0,
    }]
}

/// The height `lines` need: the last baseline, and room under it.
fn lines_height(lines: &[Lines]) -> f64 {
    lines
        .iter()
        .map(|l| l.first + l.lines.len().saturating_sub(1) as f64 * l.step)
        .fold(0.0, f64::max)
        + 10.0
}

/// The width of a node's badge (`ON`, `MAY RUN`, `OFF`: 9 px bold, spaced).
pub(super) fn badge_width(state: State) -> f64 {
    text_width(badge(state), 9.0) * 1.2 + 4.0
}

/// A node's badge.
pub(super) fn badge(state: State) -> &'static str {
    match state {
        State::Active => "ON",
        State::MayRun => "MAY RUN",
        State::Inactive => "OFF",
    }
}

/// `text` in lines no wider than `room` as `width` measures them: broken after a space, a
/// hyphen, an underscore, a dot, a slash or a middle dot, and inside a word only when the
/// word alone is wider than `room`. Nothing is left out: the lines hold every character
/// but the spaces they were broken at.
pub(super) fn wrap(text: &str, room: f64, width: impl Fn(&str) -> f64) -> Vec<String> {
    // Pieces that each end where a line may break.
    let mut pieces: Vec<String> = Vec::new();
    let mut piece = String::new();
    for c in text.chars() {
        piece.push(c);
        if matches!(c, ' ' | '-' | '_' | '.' | '/' | '·' | ',') {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let joined = format!("{line}{piece}");
        if line.is_empty() || width(joined.trim_end()) <= room {
            line = joined;
        } else {
            lines.push(line.trim_end().to_owned());
            line = piece;
        }
        // A piece wider than a line on its own is cut between characters.
        while width(line.trim_end()) > room && line.trim_end().chars().count() > 1 {
            let chars: Vec<char> = line.chars().collect();
            let mut fit = 1;
            while fit < chars.len() {
                let head: String = chars.iter().take(fit + 1).collect();
                if width(&head) > room {
                    break;
                }
                fit += 1;
            }
            lines.push(chars.iter().take(fit).collect());
            line = chars.iter().skip(fit).collect();
        }
    }
    let last = line.trim_end();
    if !last.is_empty() || lines.is_empty() {
        lines.push(last.to_owned());
    }
    lines
}

impl Layout {
    pub(super) fn new(graph: &Graph) -> Self {
        let nodes = graph.nodes.len();
        let count = nodes + graph.markers.len();
        let ends: Vec<(usize, usize)> = graph
            .edges
            .iter()
            .map(|e| (item(graph, e.from), e.to))
            .collect();
        let mut linked = vec![false; count];
        for (a, b) in &ends {
            for end in [a, b] {
                if let Some(l) = linked.get_mut(*end) {
                    *l = true;
                }
            }
        }
        let valid: Vec<(usize, usize)> = ends
            .iter()
            .copied()
            .filter(|(a, b)| *a < count && *b < count)
            .collect();
        let rank = ranks(count, nodes, &valid);
        let columns = valid
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
                    text_width(&clip(&n.name, MAX_CHARS), 13.0) * 1.08
                        + badge_width(n.state)
                        + 36.0,
                    mono_width(&clip(&n.id, MAX_CHARS), 11.0) + 28.0,
                    text_width(&clip(&n.summary(), MAX_CHARS), 11.0) + 28.0,
                ]
                .into_iter()
                .fold(0.0, f64::max)
            })
            .chain(
                graph
                    .markers
                    .iter()
                    .map(|m| text_width(&clip(m, MAX_CHARS), 11.0) + 24.0),
            )
            .fold(200.0, f64::max)
            .min(460.0)
            .ceil();
        let texts: Vec<Vec<Lines>> = graph
            .nodes
            .iter()
            .map(|n| node_lines(n, node_w))
            .chain(graph.markers.iter().map(|m| marker_lines(m, node_w)))
            .collect();
        let rank_of = |i: usize| rank.get(i).copied().unwrap_or(0);
        let kinds: Vec<Kind> = ends
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    Kind::Loop
                } else if rank_of(b) == rank_of(a) + 1 {
                    Kind::Next
                } else {
                    Kind::Channel
                }
            })
            .collect();
        let mut out_count = vec![0usize; count];
        for (a, _) in &ends {
            if let Some(n) = out_count.get_mut(*a) {
                *n += 1;
            }
        }
        // One height for every node, and every marker no taller: rows stay aligned.
        let ports = |n: usize| PORT_GAP * (n.min(MAX_SPACED_PORTS) as f64 + 1.0);
        let node_h = texts
            .iter()
            .take(nodes)
            .map(|t| lines_height(t))
            .chain((0..count).map(|i| ports(out_count.get(i).copied().unwrap_or(0))))
            .chain(texts.iter().skip(nodes).map(|t| lines_height(t)))
            .fold(NODE_H, f64::max)
            .ceil();
        let marker_h = |i: usize| {
            texts
                .get(i)
                .map_or(MARKER_H, |t| lines_height(t))
                .max(ports(out_count.get(i).copied().unwrap_or(0)))
                .max(MARKER_H)
                .min(node_h)
        };
        // The run after each column holds the labels of the edges that leave it.
        let mut runs = vec![0.0f64; columns];
        for (edge, (a, _)) in graph.edges.iter().zip(&ends) {
            if let Some(run) = rank.get(*a).and_then(|r| runs.get_mut(*r)) {
                *run =
                    run.max(text_width(&clip(&edge.label(), MAX_CHARS), 11.0) + 2.0 * LABEL_INSET);
            }
        }
        let gaps: Vec<f64> = runs.iter().map(|r| (r + BEND_ROOM).max(MIN_GAP)).collect();
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
        let mut channel_y = vec![0.0f64; ends.len()];
        let mut headings = Vec::new();
        let mut y = MARGIN + 56.0;
        let mut right = flow_width + MARGIN;
        let mut auto_band = None;
        let step = node_h + ROW_GAP;
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
            order_columns(&mut by_column, &valid, count);
            let rows = by_column.iter().map(Vec::len).max().unwrap_or(0);
            for (column, items) in by_column.iter().enumerate() {
                let x = column_x.get(column).copied().unwrap_or(MARGIN);
                let offset = (rows - items.len()) as f64 * step / 2.0;
                for (row, &i) in items.iter().enumerate() {
                    let h = if i >= nodes { marker_h(i) } else { node_h };
                    if let Some(p) = places.get_mut(i) {
                        *p = Place {
                            x,
                            y: y + offset + row as f64 * step + (node_h - h) / 2.0,
                            w: node_w,
                            h,
                        };
                    }
                }
            }
            if rows > 0 {
                y += rows as f64 * step - ROW_GAP;
                // The channel under the flow: one lane per edge that skips or goes back.
                let lanes: Vec<usize> = (0..ends.len())
                    .filter(|e| {
                        kinds.get(*e) == Some(&Kind::Channel)
                            && ends.get(*e).is_some_and(|(a, _)| auto(*a) == band)
                    })
                    .collect();
                y += 24.0;
                for (lane, e) in lanes.iter().enumerate() {
                    if let Some(c) = channel_y.get_mut(*e) {
                        *c = y + lane as f64 * 12.0;
                    }
                }
                y += lanes.len() as f64 * 12.0;
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
                            h: node_h,
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
        let routes = routes(&places, &ends, &kinds, &channel_y, &rank, &runs);
        let label_right = graph
            .edges
            .iter()
            .zip(&routes)
            .map(|(e, r)| r.label.0 + text_width(&clip(&e.label(), MAX_CHARS), 11.0));
        let title = [
            text_width(&clip(&graph.title, 120), 16.0) * 1.08,
            text_width(
                &format!("{} · {}", clip(&graph.path, 120), graph.caption()),
                12.0,
            ),
        ];
        // Self-loops and the channel's drops may stand right of everything else.
        let reach = routes.iter().map(|r| {
            r.segments.iter().fold(r.start.0, |m: f64, s| match s {
                Segment::Line(x, _) => m.max(*x),
                Segment::Curve(points) => points.iter().fold(m, |m, p| m.max(p.0)),
            })
        });
        let right = places
            .iter()
            .map(|p| p.x + p.w)
            .chain(label_right)
            .chain(reach)
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
        Self {
            places,
            texts,
            routes,
            auto_band,
            headings,
            legend_y,
            width,
            height,
        }
    }
}

/// The route of every edge: its ports, its path and its label's place.
fn routes(
    places: &[Place],
    ends: &[(usize, usize)],
    kinds: &[Kind],
    channel_y: &[f64],
    rank: &[usize],
    runs: &[f64],
) -> Vec<Route> {
    let place = |i: usize| places.get(i).copied().unwrap_or_default();
    let kind = |e: usize| kinds.get(e).copied().unwrap_or(Kind::Next);
    let count = places.len();
    // Ports down each item's right side (outgoing) and left side (incoming): edges to the
    // next column in the order of their other ends, so that they do not cross at the item,
    // then self-loops and the edges through the channel, which leave downwards.
    let mut outgoing: Vec<Vec<(u8, f64, usize)>> = vec![Vec::new(); count];
    let mut incoming: Vec<Vec<(u8, f64, usize)>> = vec![Vec::new(); count];
    for (e, &(a, b)) in ends.iter().enumerate() {
        let order = match kind(e) {
            Kind::Next => 0,
            Kind::Loop => 1,
            Kind::Channel => 2,
        };
        if let Some(list) = outgoing.get_mut(a) {
            list.push((order, place(b).y, e));
        }
        if kind(e) != Kind::Loop
            && let Some(list) = incoming.get_mut(b)
        {
            list.push((order, place(a).y, e));
        }
    }
    let mut start_y = vec![0.0f64; ends.len()];
    let mut end_y = vec![0.0f64; ends.len()];
    for (lists, ys) in [(&mut outgoing, &mut start_y), (&mut incoming, &mut end_y)] {
        for (at, list) in lists.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            let p = place(at);
            let n = list.len() as f64;
            for (k, (_, _, e)) in list.iter().enumerate() {
                if let Some(y) = ys.get_mut(*e) {
                    *y = p.y + p.h * (k as f64 + 1.0) / (n + 1.0);
                }
            }
        }
    }
    // Drops and climbs of the channel's edges, spread a little so that they stay apart.
    let mut drops = vec![0usize; count];
    let mut climbs = vec![0usize; count];
    ends.iter()
        .enumerate()
        .map(|(e, &(a, b))| {
            let (pa, pb) = (place(a), place(b));
            let run = rank
                .get(a)
                .and_then(|r| runs.get(*r))
                .copied()
                .unwrap_or(0.0);
            let x1 = pa.x + pa.w;
            let y1 = start_y.get(e).copied().unwrap_or(pa.y + pa.h / 2.0);
            let y2 = end_y.get(e).copied().unwrap_or(pb.y + pb.h / 2.0);
            let run_end = x1 + run;
            let mut segments = vec![Segment::Line(run_end, y1)];
            match kind(e) {
                Kind::Next => {
                    let x2 = pb.x;
                    let bend = ((x2 - run_end) * 0.5).min(160.0);
                    segments.push(Segment::Curve([
                        (run_end + bend, y1),
                        (x2 - bend, y2),
                        (x2, y2),
                    ]));
                }
                Kind::Loop => {
                    let bottom = pa.y + pa.h;
                    let under = bottom + 12.0;
                    let end_x = x1 - 24.0;
                    segments.push(Segment::Curve([
                        (run_end + 28.0, y1),
                        (run_end + 28.0, under),
                        (run_end, under),
                    ]));
                    segments.push(Segment::Line(end_x + 8.0, under));
                    segments.push(Segment::Curve([
                        (end_x + 2.0, under),
                        (end_x, under - 2.0),
                        (end_x, bottom),
                    ]));
                }
                Kind::Channel => {
                    let k = drops.get(a).copied().unwrap_or(0);
                    if let Some(d) = drops.get_mut(a) {
                        *d += 1;
                    }
                    let j = climbs.get(b).copied().unwrap_or(0);
                    if let Some(c) = climbs.get_mut(b) {
                        *c += 1;
                    }
                    let drop_x = run_end + 16.0 + 5.0 * (k % 4) as f64;
                    let climb_x = (pb.x - 16.0 - 5.0 * (j % 4) as f64).max(2.0);
                    let low = channel_y.get(e).copied().unwrap_or(pa.y + pa.h + 24.0);
                    segments.extend([
                        Segment::Line(drop_x, y1),
                        Segment::Line(drop_x, low),
                        Segment::Line(climb_x, low),
                        Segment::Line(climb_x, y2),
                        Segment::Line(pb.x, y2),
                    ]);
                }
            }
            Route {
                start: (x1, y1),
                segments,
                label: (x1 + LABEL_INSET, y1 - LABEL_RISE),
            }
        })
        .collect()
}

/// The layout item an edge starts at: the module, or the marker after every module.
pub(super) fn item(graph: &Graph, from: Producer) -> usize {
    match from {
        Producer::Module(i) => i,
        Producer::Missing(i) => graph.nodes.len() + i,
    }
}

/// Each item's column: after its latest producer, cycles broken at the edges a
/// depth-first walk finds going back; a marker right before its first consumer.
pub(super) fn ranks(count: usize, nodes: usize, ends: &[(usize, usize)]) -> Vec<usize> {
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
pub(super) fn order_columns(columns: &mut [Vec<usize>], ends: &[(usize, usize)], count: usize) {
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

pub(super) fn legend_node_width(text: &str) -> f64 {
    text_width(text, 11.0) + 24.0
}

pub(super) fn legend_edge_width(text: &str) -> f64 {
    60.0 + text_width(text, 11.0) + 16.0
}

/// The legend's width: its widest row, and a margin.
pub(super) fn legend_width() -> f64 {
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

/// A guess at the width of `text` in a proportional sans-serif font of `size` px: wide
/// enough for DejaVu Sans, the widest of the fonts asked for.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    use unicode_width::UnicodeWidthChar;
    visible(text)
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | 'I' | 't' | 'f'
            | 'r' => 0.36,
            'm' | 'w' | 'M' | 'W' | '@' => 0.92,
            'A'..='Z' => 0.72,
            // Unicode's East Asian width: a wide character takes a full em, a combining
            // mark none.
            c => match c.width() {
                Some(2) => 1.0,
                Some(0) => 0.0,
                _ => 0.62,
            },
        })
        .sum::<f64>()
        * size
}

/// The width of `text` in a monospace font of `size` px: one cell per column that
/// Unicode's East Asian width gives it.
pub(super) fn mono_width(text: &str, size: f64) -> f64 {
    unicode_width::UnicodeWidthStr::width(visible(text).as_str()) as f64 * size * 0.62
}
