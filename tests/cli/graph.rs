//! `profile-check graph`: the SVG is XML with every module, the committed picture is what
//! the binary draws, and GitHub's renderer (the `mermaid` package) draws the Mermaid text.

use std::path::{Path, PathBuf};

use crate::html::{Browser, chromium, scratch_dir, skip};
use crate::support::{read, run as profile_check, scratch, stdout};

const PROD_IDS: [&str; 16] = [
    "core-webinar-event",
    "ui-webinar-entry",
    "ui-webinar-room",
    "ui-webinar-public",
    "webinar-chat",
    "client-webinar-tracker-v2",
    "client-webinar-event-emitter",
    "client-webinar-scenario-service",
    "client-webinar-attendance-service",
    "client-webinar-attendance-telegram",
    "client-webinar-action-consumer",
    "post-webinar-routing-service",
    "post-webinar-followup-telegram",
    "post-webinar-recording-followup-telegram",
    "client-webinar-control-integration",
    "autowebinar-delivery",
];

const PROD_DISABLED: [&str; 5] = [
    "ui-webinar-entry",
    "webinar-chat",
    "client-webinar-scenario-service",
    "client-webinar-action-consumer",
    "autowebinar-delivery",
];

/// `(data-id, class)` of every node of an SVG graph.
fn svg_nodes(svg: &str) -> Vec<(String, String)> {
    let doc = match roxmltree::Document::parse(svg) {
        Ok(doc) => doc,
        Err(e) => panic!("the SVG is not XML: {e}"),
    };
    doc.descendants()
        .filter_map(|n| {
            Some((
                n.attribute("data-id")?.to_owned(),
                n.attribute("class")?.to_owned(),
            ))
        })
        .collect()
}

#[test]
fn prod_svg_draws_sixteen_modules_five_greyed_and_every_edge() {
    let svg = stdout(&["graph", "profiles/prod.yaml", "--format", "svg"]);
    let nodes = svg_nodes(&svg);
    let ids: Vec<&str> = nodes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, PROD_IDS);
    let greyed: Vec<&str> = nodes
        .iter()
        .filter(|(_, class)| class.split(' ').any(|c| c == "inactive"))
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(greyed, PROD_DISABLED);
    for event in [
        "client_webinar_completed",
        "client_webinar_attendance_classified",
        "core_webinar_set_status",
    ] {
        assert!(svg.contains(&format!("<title>{event}</title>")), "{event}");
    }
    assert_eq!(
        svg.matches("<g class=\"edge live\"><title>post_webinar_route</title>")
            .count(),
        2
    );
}

#[test]
fn drifted_svg_draws_the_attendance_flow_in_red() {
    let svg = stdout(&["graph", "examples/drifted.yaml", "--format", "svg"]);
    svg_nodes(&svg);
    assert!(svg.contains(
        "<g class=\"edge broken from-off\"><title>client_webinar_attendance_classified</title>"
    ));
}

/// The pictures under `docs/` are what `profile-check graph … --format svg` prints;
/// `scripts/docs-images.sh` redraws them.
#[test]
fn the_committed_graphs_are_up_to_date() {
    for (picture, profile) in [
        ("docs/prod-graph.svg", "profiles/prod.yaml"),
        ("docs/drifted-graph.svg", "examples/drifted.yaml"),
    ] {
        let drawn = stdout(&["graph", profile, "--format", "svg"]);
        assert!(
            read(picture) == drawn,
            "{picture} is out of date: run scripts/docs-images.sh"
        );
    }
}

/// The committed pictures, events with no producer (markers), a runtime's long
/// activations and a graph of cycles and self-loops, as Chromium draws them: no edge label on a line, a box or another label,
/// no node text cut or out of its box.
#[test]
fn rendered_graphs_keep_labels_clear_and_text_whole() {
    let Some(binary) = chromium() else { return };
    let dense = dense_profile(3);
    let dense = dense.to_string_lossy();
    let svg = |profile: &'static str| vec!["graph", profile, "--format", "svg"];
    for (name, args, least) in [
        ("prod", svg("profiles/prod.yaml"), 5),
        ("drifted", svg("examples/drifted.yaml"), 5),
        (
            "no-producer",
            svg("tests/profiles/rules/event-flow.fail.yaml"),
            2,
        ),
        (
            "may-run",
            svg("tests/profiles/rules/event-flow.warning.yaml"),
            2,
        ),
        (
            "runtime",
            vec![
                "graph",
                "profiles/prod.yaml",
                "--runtime",
                "tests/profiles/runtime/helm-rendered.yaml",
                "--format",
                "svg",
            ],
            5,
        ),
        ("cycles", vec!["graph", &dense, "--format", "svg"], 9),
    ] {
        let drawn = stdout(&args);
        let measured = crate::html::measure(binary.clone(), &format!("graph-{name}"), &drawn);
        let (graphs, labels, items) = crate::html::assert_clear_and_whole(&measured, name);
        assert_eq!(graphs, 1, "{name}");
        assert!(
            labels >= least && items >= 2,
            "{name}: {labels} labels, {items} nodes and markers"
        );
    }
}

/// The `mermaid` package's bundle: `MERMAID_JS`, which `.ci/run` sets after installing
/// the package from npm into a cache folder.
fn mermaid_js() -> Option<PathBuf> {
    match std::env::var_os("MERMAID_JS").map(PathBuf::from) {
        Some(path) if path.is_file() => Some(path),
        Some(path) => {
            skip(&format!(
                "skipped: MERMAID_JS={} is not a file",
                path.display()
            ));
            None
        }
        None => {
            skip(
                "skipped: MERMAID_JS is not set (path to mermaid/dist/mermaid.min.js; .ci/run installs it with npm)",
            );
            None
        }
    }
}

/// A local page that renders `text` with Mermaid and puts the SVG (or the error) in the
/// page.
fn mermaid_page(name: &str, bundle: &Path, text: &str) -> PathBuf {
    // A JSON string is a JavaScript string; `</` is broken up so that nothing in it can
    // close the script element.
    let literal = serde_json::Value::String(text.to_owned())
        .to_string()
        .replace("</", "<\\/");
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script src=\"{}\"></script></head><body>\
         <div id=\"out\">pending</div><script>\
         mermaid.initialize({{startOnLoad: false, securityLevel: 'strict'}});\
         mermaid.render('graph', {literal}).then(\
           function (r) {{ document.getElementById('out').innerHTML = r.svg; }},\
           function (e) {{ document.getElementById('out').textContent = 'MERMAID ERROR ' + e; }});\
         </script></body></html>",
        crate::html::url(bundle)
    );
    let path = scratch_dir("mermaid").join(format!("{name}.html"));
    if let Err(e) = std::fs::write(&path, page) {
        panic!("{e}");
    }
    path
}

/// The SVG Mermaid drew into the page.
fn drawn(dom: &str) -> &str {
    let start = dom
        .find("<div id=\"out\"><svg")
        .unwrap_or_else(|| panic!("no SVG in the page:\n{dom}"));
    let end = dom[start..]
        .find("</svg></div>")
        .map_or(dom.len(), |end| start + end);
    &dom[start..end]
}

#[test]
fn mermaid_draws_every_module_of_the_markdown_graph() {
    let (Some(binary), Some(bundle)) = (chromium(), mermaid_js()) else {
        return;
    };
    let text = stdout(&["graph", "examples/drifted.yaml"]);
    let page = mermaid_page("drifted", &bundle, &text);
    let dom = Browser::new(binary, "mermaid").dump_dom(&page, 20_000);
    assert!(!dom.contains("<div id=\"out\">MERMAID ERROR"), "{dom}");
    let svg = drawn(&dom);
    for id in PROD_IDS {
        assert!(svg.contains(id), "{id} is not in the drawn graph");
    }
    assert!(svg.contains("client_webinar_attendance_classified"));
    assert!(svg.contains("AUTO contour"));
}

#[test]
fn mermaid_shows_hostile_labels_as_text() {
    let (Some(binary), Some(bundle)) = (chromium(), mermaid_js()) else {
        return;
    };
    let profile = read("tests/profiles/minimal.yaml").replace(
        "name: Core webinar_event",
        "name: \"</b><img src=x onerror=alert(1)><script>alert(2)</script> %%{init: {}}%% ]] end\"",
    );
    let path = crate::support::scratch("hostile-graph.yaml", profile);
    let output = profile_check(&["graph", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let page = mermaid_page("hostile", &bundle, &text);
    let dom = Browser::new(binary, "mermaid-hostile").dump_dom(&page, 20_000);
    assert!(!dom.contains("<div id=\"out\">MERMAID ERROR"), "{dom}");
    let svg = drawn(&dom);
    assert!(
        !svg.contains("<img") && !svg.contains("<script"),
        "markup from a label:\n{svg}"
    );
    assert!(
        svg.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "shown as text:\n{svg}"
    );
}

/// A valid profile of `n` modules that each emit and consume the same `n` events: `n²`
/// producer × consumer pairs and `n³` event flows from a file of a few hundred KB.
pub fn dense_profile(n: usize) -> PathBuf {
    let header = read("profiles/prod.yaml");
    let header = header.split("\nmodules:").next().unwrap_or_default();
    let events: Vec<String> = (0..n).map(|e| format!("e_{e}")).collect();
    let events = events.join(", ");
    let mut text = format!("{header}\nmodules:\n");
    for m in 0..n {
        text.push_str(&format!(
            "  - {{id: m-{m}, name: M{m}, role: core, status: required, emits: [{events}], \
             consumes: [{events}]}}\n"
        ));
    }
    text.push_str("dev_only: []\nanalytics_only: []\n");
    scratch(&format!("dense-{n}.yaml"), text)
}

/// Exit code and standard output of `profile-check ARGS`.
fn code_and_stdout(args: &[&str]) -> (Option<i32>, String) {
    let output = profile_check(args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// SPEC §7: a small profile of 100 modules × 100 shared events drew ten thousand edges,
/// a million event flows (a 21.7 MB Mermaid block, a 193 MB SVG). Each picture now draws
/// one edge per pair, at most 400 of them, and says what it leaves out; the DOT text is
/// the whole graph, one line per pair.
#[test]
fn a_dense_profile_draws_bounded_pictures_that_say_what_they_leave_out() {
    let path = dense_profile(100);
    let path = path.to_string_lossy();
    let (check, _) = code_and_stdout(&["check", &path, "-q"]);
    for (format, limit) in [("mermaid", 200_000), ("svg", 1_000_000), ("dot", 2_000_000)] {
        let (code, out) = code_and_stdout(&["graph", &path, "--format", format]);
        assert_eq!(code, check, "graph --format {format} exits as check does");
        assert!(
            out.len() < limit,
            "{format}: {} bytes, over {limit}",
            out.len()
        );
        assert!(out.contains("e_0, e_1, e_2 +97 more"), "{format}");
        match format {
            "dot" => {
                assert_eq!(out.matches(" -> m").count(), 100 * 100, "every pair");
                assert!(!out.contains("Not drawn"));
            }
            "mermaid" => {
                assert_eq!(out.matches(" -->|").count(), 400);
                assert!(out.contains(
                    "Not drawn: 9600 edges (broken flows and modules with findings come first). \
                     The whole graph: profile-check graph --format dot."
                ));
            }
            _ => {
                let nodes = svg_nodes(&out);
                assert_eq!(nodes.len(), 100);
                assert_eq!(out.matches("<g class=\"edge live\"><title>").count(), 400);
                assert!(out.contains("<text class=\"note\""));
                assert!(out.contains("profile-check graph --format dot."));
            }
        }
    }
}

/// The Markdown report embeds the bounded Mermaid block: well under GitHub's 1 MiB
/// step-summary limit.
#[test]
fn a_dense_profile_keeps_the_markdown_report_small() {
    let path = dense_profile(100);
    let path = path.to_string_lossy();
    let (check, _) = code_and_stdout(&["check", &path, "-q"]);
    let (code, out) = code_and_stdout(&["check", &path, "--format", "markdown"]);
    assert_eq!(code, check);
    assert!(out.len() < 200_000, "{} bytes", out.len());
    let block = out
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default();
    assert!(block.contains("flowchart LR") && block.contains("Not drawn: 9600 edges"));
}
