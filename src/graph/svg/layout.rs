//! Where everything of the picture stands: columns by event rank, rows ordered by
//! barycentre sweeps, the grid of modules with no edge, the AUTO band, the legend, and the
//! widths of text that the layout makes room for.

use super::super::{Graph, Producer, visible};
use super::{
    BAND_PAD, GRID_GAP, LEGEND_EDGES, LEGEND_HEIGHT, LEGEND_NODES, MARGIN, MARKER_H, MAX_CHARS,
    MAX_SUMMARY_CHARS, MIN_GAP, NODE_H, Place, ROW_GAP, clip,
};

/// Positions of every node (then every marker), and the picture's size.
pub(super) struct Layout {
    pub(super) places: Vec<Place>,
    /// The first column of each layout item, for the label position of its edges.
    pub(super) gap_after: Vec<f64>,
    pub(super) auto_band: Option<Place>,
    pub(super) headings: Vec<(f64, f64, &'static str)>,
    pub(super) legend_y: f64,
    pub(super) width: f64,
    pub(super) height: f64,
}

impl Layout {
    pub(super) fn new(graph: &Graph) -> Self {
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
