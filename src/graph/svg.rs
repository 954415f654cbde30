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
