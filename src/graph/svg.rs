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

use super::{Graph, visible};

mod draw;
mod layout;

use draw::{arrows, draw_edges, draw_legend, draw_marker, draw_node};
use layout::Layout;

const MARGIN: f64 = 24.0;
const NODE_H: f64 = 76.0;
const MARKER_H: f64 = 44.0;
const ROW_GAP: f64 = 22.0;
const GRID_GAP: f64 = 32.0;
const MIN_GAP: f64 = 72.0;
const BAND_PAD: f64 = 16.0;
/// Longest text shown in full on a node, a marker or an edge (wrapped on a node): a bound
/// for hostile input, far above any name, id, activation or event of a real profile. The
/// whole text is in the tooltip.
const MAX_CHARS: usize = 240;

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
    let lines = |index: usize| layout.texts.get(index).map_or(&[][..], Vec::as_slice);
    for (index, node) in graph.nodes.iter().enumerate() {
        if let Some(place) = layout.places.get(index) {
            draw_node(&mut out, node, *place, lines(index));
        }
    }
    for (index, event) in graph.markers.iter().enumerate() {
        let index = graph.nodes.len() + index;
        if let Some(place) = layout.places.get(index) {
            draw_marker(&mut out, event, *place, lines(index));
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

/// The picture's style sheet (`svg/style.css`), inside the SVG so that it stands alone.
const STYLE: &str = concat!("<style>\n", include_str!("svg/style.css"), "</style>\n");

/// Text for XML character data and attribute values.
fn xml(raw: &str) -> String {
    crate::escape::escape_markup(raw)
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
    use super::layout::{mono_width, text_width};
    use super::*;
    use crate::graph::Graph;
    use crate::graph::{Flow, Producer};

    #[test]
    fn text_widths_follow_unicode_east_asian_width() {
        // A wide character takes a full em, twice a narrow one's cell in monospace.
        assert!((text_width("漢", 10.0) - 10.0).abs() < 1e-9);
        assert!((mono_width("漢字", 10.0) - 4.0 * 6.2).abs() < 1e-9);
        assert!((mono_width("ab", 10.0) - 2.0 * 6.2).abs() < 1e-9);
        // A combining mark adds nothing; Cyrillic is narrow.
        assert!((text_width("e\u{301}", 10.0) - text_width("e", 10.0)).abs() < 1e-9);
        assert!((text_width("ж", 10.0) - 6.2).abs() < 1e-9);
    }

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

    /// A label's box as the layout reckons it: 11 px text from its start and baseline.
    fn label_box(graph: &Graph, layout: &Layout, edge: usize) -> Place {
        let route = &layout.routes[edge];
        let text = clip(&graph.edges[edge].label(), MAX_CHARS);
        Place {
            x: route.label.0,
            y: route.label.1 - 11.0 * 0.93,
            w: text_width(&text, 11.0),
            h: 11.0 * (0.93 + 0.24),
        }
    }

    fn apart(a: Place, b: Place) -> bool {
        a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y
    }

    /// Every label stands clear of every edge (its own included) and every box; what
    /// Chromium measures of the rendered picture (tests/cli/graph.rs) the layout reckons
    /// already.
    #[test]
    fn labels_stand_clear_of_edges_and_boxes() {
        let mut graphs: Vec<(String, Graph)> = ["profiles/prod.yaml", "examples/drifted.yaml"]
            .iter()
            .map(|p| ((*p).to_owned(), graph_of(p)))
            .collect();
        // A cycle, a self-loop and an edge that skips a column.
        let mut cyclic = graph_of("profiles/prod.yaml");
        let flow = |from, to, event: &str| super::super::Edge {
            from: Producer::Module(from),
            to,
            events: vec![event.to_owned()],
            count: 1,
            flow: Flow::Idle,
        };
        cyclic.edges.push(flow(0, 0, "core_webinar_loop"));
        cyclic
            .edges
            .push(flow(13, 5, "back_to_the_tracker_with_a_long_name"));
        cyclic.edges.push(flow(5, 13, "skips_a_column"));
        graphs.push(("cyclic".to_owned(), cyclic));
        for (name, g) in &graphs {
            let layout = Layout::new(g);
            assert_eq!(layout.routes.len(), g.edges.len());
            for edge in 0..g.edges.len() {
                let label = label_box(g, &layout, edge);
                for (other, route) in layout.routes.iter().enumerate() {
                    for (x, y) in route.points(64) {
                        let inside = x > label.x - 1.0
                            && x < label.x + label.w + 1.0
                            && y > label.y - 1.0
                            && y < label.y + label.h + 1.0;
                        assert!(
                            !inside,
                            "{name}: label {edge} is on edge {other} at {x} {y}"
                        );
                    }
                }
                for (item, place) in layout.places.iter().enumerate() {
                    assert!(
                        apart(label, *place),
                        "{name}: label {edge} is on item {item}"
                    );
                }
                for other in edge + 1..g.edges.len() {
                    assert!(
                        apart(label, label_box(g, &layout, other)),
                        "{name}: labels {edge} and {other} overlap"
                    );
                }
            }
        }
    }

    /// Node text wraps to the box and keeps every character.
    #[test]
    fn node_text_wraps_without_leaving_anything_out() {
        let mut g = graph_of("profiles/prod.yaml");
        g.nodes[0].name =
            "A module with a name much longer than any box is wide, said in many words".to_owned();
        g.nodes[0].activation =
            "active (kubernetes: Deployment/recording-followup-telegram-with-a-long-name, replicas 1)".to_owned();
        g.nodes[1].id = "x".repeat(150);
        let layout = Layout::new(&g);
        let lines = |node: usize, class: &str| -> Vec<String> {
            layout.texts[node]
                .iter()
                .find(|l| l.class == class)
                .map(|l| l.lines.clone())
                .unwrap_or_default()
        };
        assert!(lines(0, "name").len() > 1);
        assert_eq!(lines(0, "name").join(" "), g.nodes[0].name);
        assert!(lines(0, "meta").len() > 1);
        assert_eq!(
            lines(0, "meta")
                .join(" ")
                .replace("- ", "-")
                .replace("/ ", "/"),
            g.nodes[0].summary()
        );
        assert_eq!(lines(1, "id").concat(), g.nodes[1].id);
        let svg = g.svg();
        assert!(!svg.contains('…'), "nothing is cut");
        parse(&svg);
        for (index, place) in layout.places.iter().enumerate().take(g.nodes.len()) {
            for group in &layout.texts[index] {
                let bottom = group.first + (group.lines.len() as f64 - 1.0) * group.step + 3.0;
                assert!(bottom <= place.h, "{index}: text below the box");
                for line in &group.lines {
                    let width = match group.class {
                        "id" => mono_width(line, 11.0),
                        "name" => text_width(line, 13.0) * 1.08,
                        _ => text_width(line, 11.0),
                    };
                    assert!(
                        16.0 + width <= place.w,
                        "{index}: {line} wider than the box"
                    );
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
