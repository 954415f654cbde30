//! The HTML report as a browser shows it: headless Chromium opens the page offline, and
//! the tests read its DOM, its screenshot and its network log.
//!
//! Skipped, with the reason printed, where no Chromium is installed (`.ci/run` installs
//! it). `CHROMIUM=/path/to/chromium` picks the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{run as profile_check, scratch};

/// Says why a test did not run. Written to the process's standard error directly, not
/// through `println!`, which the test harness captures: the reason shows in every log.
pub fn skip(reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{reason}");
}

/// The Chromium binary to use, or `None` (with the reason printed) when there is none.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    skip("skipped: no Chromium on PATH (install the Debian package `chromium`, or set CHROMIUM)");
    None
}

/// A browser run of one local page.
pub struct Browser {
    binary: PathBuf,
    /// A profile folder of its own, so that runs never share state.
    profile: PathBuf,
}

impl Browser {
    /// A browser with a fresh profile folder named after `name`.
    pub fn new(binary: PathBuf, name: &str) -> Self {
        let profile = scratch_dir(&format!("chromium-{name}"));
        Self { binary, profile }
    }

    /// Runs Chromium on `page` with `extra` arguments; returns standard output.
    ///
    /// Headless, sandbox off (CI runs as root), no GPU; the browser's own background
    /// services are switched off, and every host name resolves to nothing, so that no
    /// request, the page's or the browser's, leaves the machine.
    fn run(&self, page: &Path, extra: &[String]) -> String {
        let mut command = Command::new(&self.binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-pings",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND",
            ])
            .arg(format!("--user-data-dir={}", self.profile.display()))
            .args(extra)
            .arg(url(page))
            .stdin(Stdio::null())
            .stderr(Stdio::null());
        match command.output() {
            Ok(output) if output.status.success() => {
                String::from_utf8_lossy(&output.stdout).into_owned()
            }
            Ok(output) => panic!("{} failed: {:?}", self.binary.display(), output.status),
            Err(e) => panic!("cannot run {}: {e}", self.binary.display()),
        }
    }

    /// The page's DOM once loaded (and once its scripts had `budget_ms` of virtual time).
    pub fn dump_dom(&self, page: &Path, budget_ms: u32) -> String {
        self.run(
            page,
            &[
                "--dump-dom".to_owned(),
                format!("--virtual-time-budget={budget_ms}"),
            ],
        )
    }

    /// A screenshot `width`×`height` pixels, decoded to RGBA rows.
    pub fn screenshot(&self, page: &Path, width: u32, height: u32) -> Screenshot {
        let file = self.profile.join("screenshot.png");
        self.run(
            page,
            &[
                format!("--screenshot={}", file.display()),
                format!("--window-size={width},{height}"),
            ],
        );
        Screenshot::read(&file)
    }

    /// The URLs the page asked for while loading, read from Chromium's network log: each
    /// request whose network isolation key is the page's (`file://`), which leaves out the
    /// browser's own background requests.
    pub fn requests(&self, page: &Path) -> Vec<String> {
        let log = self.profile.join("netlog.json");
        self.run(
            page,
            &[
                "--dump-dom".to_owned(),
                format!("--log-net-log={}", log.display()),
            ],
        );
        let text = match std::fs::read_to_string(&log) {
            Ok(text) => text,
            Err(e) => panic!("no network log at {}: {e}", log.display()),
        };
        // Chromium may end the log without closing its JSON when it exits quickly.
        let json: serde_json::Value = serde_json::from_str(&text)
            .or_else(|_| {
                serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(',')))
            })
            .unwrap_or_else(|e| panic!("unreadable network log: {e}"));
        let start = json["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
        json["events"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|e| e["type"] == start)
            .filter(|e| {
                e["params"]["network_isolation_key"]
                    .as_str()
                    .is_some_and(|k| k.contains("file://"))
            })
            .filter_map(|e| e["params"]["url"].as_str().map(str::to_owned))
            .collect()
    }
}

/// A decoded screenshot.
pub struct Screenshot {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

impl Screenshot {
    fn read(path: &Path) -> Self {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) => panic!("no screenshot at {}: {e}", path.display()),
        };
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder
            .read_info()
            .unwrap_or_else(|e| panic!("not a PNG: {e}"));
        let mut buffer = vec![0; reader.output_buffer_size().unwrap_or(0)];
        let info = reader
            .next_frame(&mut buffer)
            .unwrap_or_else(|e| panic!("unreadable PNG: {e}"));
        assert_eq!(
            info.color_type,
            png::ColorType::Rgba,
            "RGBA after expansion"
        );
        buffer.truncate(info.buffer_size());
        Self {
            width: info.width as usize,
            height: info.height as usize,
            rgba: buffer,
        }
    }

    /// How many pixels in rows `rows` have exactly the colour `#rrggbb`.
    pub fn count(&self, rows: std::ops::Range<usize>, rgb: u32) -> usize {
        let [_, r, g, b] = rgb.to_be_bytes();
        let rows = rows.start.min(self.height)..rows.end.min(self.height);
        self.rgba
            .chunks_exact(4)
            .skip(rows.start * self.width)
            .take((rows.end - rows.start) * self.width)
            .filter(|p| p[0] == r && p[1] == g && p[2] == b)
            .count()
    }
}

/// `file://` URL of a local path.
pub fn url(path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    };
    format!("file://{}", absolute.display())
}

/// A scratch folder of this test process.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("profile-check-tests-{}", std::process::id()))
        .join(name);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

/// Writes the HTML report of `args` (a `--report html=…` run) and returns its path.
fn report(name: &str, args: &[&str], code: i32) -> PathBuf {
    let path = scratch(&format!("{name}.html"), "");
    let target = format!("html={}", path.display());
    let mut all = vec!["--report", target.as_str(), "-q"];
    all.extend_from_slice(args);
    let output = profile_check(&all);
    assert_eq!(output.status.code(), Some(code), "{args:?}");
    path
}

/// Every URL-bearing attribute or CSS reference in `dom` that points off the page.
fn external_references(dom: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [
        "src=", "href=", "srcset=", "action=", "poster=", "data=", "url(", "@import",
    ] {
        for (at, _) in dom.match_indices(attribute) {
            let rest = &dom[at + attribute.len()..];
            let value = rest.trim_start_matches(['"', '\'']);
            if attribute == "url(" && value.starts_with('#')
                || attribute == "href=" && value.starts_with('#')
            {
                continue;
            }
            found.push(dom[at..(at + 60).min(dom.len())].to_owned());
        }
    }
    found
}

const PASS_GREEN: u32 = 0x1a7f37;
const FAIL_RED: u32 = 0xcf222e;
/// Role stripes of active nodes: drawn only by the graph.
const CORE_STRIPE: u32 = 0x7e57c2;
const INTEGRATION_STRIPE: u32 = 0x00897b;
/// A broken edge.
const BROKEN_EDGE: u32 = 0xd32f2f;

#[test]
fn a_passing_report_opens_offline_with_verdict_table_and_graph() {
    let Some(binary) = chromium() else { return };
    let page = report("pass", &["profiles/prod.yaml"], 0);
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
    let browser = Browser::new(binary, "pass");
    let dom = browser.dump_dom(&page, 2000);
    assert!(
        dom.contains("<span class=\"verdict\" id=\"verdict\">PASS</span>"),
        "{dom}"
    );
    assert!(dom.contains("None: every rule that ran passed."));
    let modules = [
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
    for id in modules {
        assert!(
            dom.contains(&format!("<td><code>{id}</code></td>")),
            "{id} in the table"
        );
        assert!(
            dom.contains(&format!("data-id=\"{id}\"")),
            "{id} in the graph"
        );
    }
    assert_eq!(
        dom.matches("class=\"node inactive role-").count(),
        5,
        "five disabled modules greyed"
    );
    assert_eq!(external_references(&dom), Vec::<String>::new());
    assert_eq!(browser.requests(&page), Vec::<String>::new());
    let shot = browser.screenshot(&page, 1280, 3600);
    assert!(
        shot.count(0..200, PASS_GREEN) > 500,
        "the PASS banner is at the top"
    );
    assert_eq!(shot.count(0..200, FAIL_RED), 0);
    assert!(shot.count(0..3600, CORE_STRIPE) > 100, "the graph is drawn");
    assert!(
        shot.count(0..3600, INTEGRATION_STRIPE) > 100,
        "the graph is drawn"
    );
}

#[test]
fn a_failing_report_shows_each_finding_and_the_broken_flow() {
    let Some(binary) = chromium() else { return };
    let page = report("fail", &["examples/drifted.yaml"], 1);
    let browser = Browser::new(binary, "fail");
    let dom = browser.dump_dom(&page, 2000);
    assert!(dom.contains("<span class=\"verdict\" id=\"verdict\">FAIL</span>"));
    for (rule, place) in [
        ("disabled-inactive", "examples/drifted.yaml:40:13"),
        ("event-flow", "examples/drifted.yaml:70:16"),
        ("marks-consistent", "examples/drifted.yaml:112:5"),
    ] {
        assert!(
            dom.contains(&format!("<code class=\"rule\">{rule}</code>")),
            "{rule}"
        );
        assert!(dom.contains(&format!("<code>{place}</code>")), "{place}");
    }
    assert_eq!(dom.matches("<article class=\"finding error\">").count(), 3);
    assert!(
        dom.contains("class=\"edge broken from-off\""),
        "the broken flow is drawn"
    );
    assert_eq!(external_references(&dom), Vec::<String>::new());
    assert_eq!(browser.requests(&page), Vec::<String>::new());
    let shot = browser.screenshot(&page, 1280, 3600);
    assert!(
        shot.count(0..200, FAIL_RED) > 500,
        "the FAIL banner is at the top"
    );
    assert_eq!(shot.count(0..200, PASS_GREEN), 0);
    assert!(
        shot.count(0..3600, BROKEN_EDGE) > 50,
        "the broken edge is red"
    );
}

/// The network check itself: a page that loads from elsewhere is caught (nothing leaves
/// the machine: host names resolve to nothing).
#[test]
fn the_network_check_catches_a_page_that_loads() {
    let Some(binary) = chromium() else { return };
    let page = scratch(
        "leaky.html",
        "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\"></body></html>",
    );
    let browser = Browser::new(binary, "leaky");
    assert_eq!(browser.requests(&page), ["http://example.invalid/x.png"]);
    assert_eq!(external_references(&browser.dump_dom(&page, 500)).len(), 1);
}

/// SPEC §7: the report of 100 modules × 100 shared events was 192 MB of SVG; its graph is
/// now bounded and says what it leaves out.
#[test]
fn a_dense_profile_keeps_the_html_report_small() {
    let path = crate::graph::dense_profile(100);
    let path = path.to_string_lossy();
    let check = profile_check(&["check", &path, "-q"]).status.code();
    let output = profile_check(&["check", &path, "--format", "html"]);
    assert_eq!(output.status.code(), check);
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(page.len() < 2_000_000, "{} bytes", page.len());
    assert!(page.contains("<figure class=\"graph\">"));
    assert!(page.contains("Not drawn: 9600 edges"));
    assert!(page.contains("e_0, e_1, e_2 +97 more"));
}

/// What the measuring page's script reports: for each SVG graph of the page, every edge
/// path (points every 2 px along it), every item box, every edge label's box, and each
/// node's texts with their boxes; and the page's facts by their ids.
const MEASURE: &str = r#"<script>
(function () {
  const box = (b) => [b.x, b.y, b.width, b.height];
  const out = { graphs: [], facts: {} };
  for (const svg of document.querySelectorAll('svg.pcg')) {
    const paths = [...svg.querySelectorAll('g.edges > g > path')].map((p) => {
      const length = p.getTotalLength();
      const n = Math.max(2, Math.ceil(length / 2));
      const points = [];
      for (let i = 0; i <= n; i++) {
        const q = p.getPointAtLength((length * i) / n);
        points.push([q.x, q.y]);
      }
      return points;
    });
    const items = [...svg.querySelectorAll('g.node > rect.box, g.missing > rect')]
      .filter((r) => !r.closest('.legend'))
      .map((r) => box(r.getBBox()));
    const labels = [...svg.querySelectorAll('g.edges > g > text')].map((t) => ({
      text: t.textContent,
      title: t.parentNode.querySelector('title').textContent,
      box: box(t.getBBox()),
    }));
    const nodes = [...svg.querySelectorAll('g.node[data-id]')].map((g) => ({
      id: g.getAttribute('data-id'),
      title: g.querySelector('title').textContent,
      box: box(g.querySelector('rect.box').getBBox()),
      badge: box(g.querySelector('text.badge').getBBox()),
      texts: [...g.querySelectorAll('text:not(.badge)')].map((t) => ({
        class: t.getAttribute('class'),
        lines: [...t.querySelectorAll('tspan')].map((s) => s.textContent),
        box: box(t.getBBox()),
      })),
    }));
    const markers = [...svg.querySelectorAll('g.missing')]
      .filter((g) => !g.closest('.legend'))
      .map((g) => ({
        title: g.querySelector('title').textContent,
        box: box(g.querySelector('rect').getBBox()),
        lines: [...g.querySelectorAll('text.of tspan')].map((s) => s.textContent),
        texts: [...g.querySelectorAll('text')].map((t) => box(t.getBBox())),
      }));
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    out.graphs.push({ paths, items, labels, nodes, markers, texts });
  }
  for (const id of ['verdict', 'version', 'generated', 'profile-0-facts']) {
    const e = document.getElementById(id);
    out.facts[id] = e ? e.textContent : null;
  }
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"#;

/// Opens `page` (HTML, or an SVG shown inline) with the measuring script in Chromium and
/// returns what it measured. The report's own page runs no script (its CSP forbids it):
/// the copy measured here has the policy taken out and the script added, nothing else.
pub fn measure(binary: PathBuf, name: &str, page: &str) -> serde_json::Value {
    let body = if page.trim_start().starts_with("<svg") {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{page}</body></html>"
        )
    } else {
        page.to_owned()
    };
    let policy = body
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .and_then(|start| body[start..].find('>').map(|end| start..start + end + 1));
    let mut body = body.clone();
    if let Some(range) = policy {
        body.replace_range(range, "");
    }
    let body = match body.rfind("</body>") {
        Some(at) => format!("{}{MEASURE}{}", &body[..at], &body[at..]),
        None => format!("{body}{MEASURE}"),
    };
    let path = scratch_dir("measure").join(format!("{name}.html"));
    if let Err(e) = std::fs::write(&path, body) {
        panic!("{e}");
    }
    let dom = Browser::new(binary, &format!("measure-{name}")).dump_dom(&path, 2000);
    let json = dom
        .split("<pre id=\"measured\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("{name}: the measuring script wrote nothing:\n{dom}"));
    let json = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}\n{json}"))
}

/// `[x, y, width, height]` of a measured box.
fn rect(value: &serde_json::Value) -> [f64; 4] {
    let n = |i: usize| value[i].as_f64().unwrap_or(f64::NAN);
    [n(0), n(1), n(2), n(3)]
}

fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    inner[0] >= outer[0]
        && inner[1] >= outer[1]
        && inner[0] + inner[2] <= outer[0] + outer[2]
        && inner[1] + inner[3] <= outer[1] + outer[3]
}

/// Asserts what the issue asks of every rendered graph: no edge label's box meets an edge
/// (within a stroke's half width) or an item's box or another label; every node's text
/// lies inside its box and beside its badge; nothing is cut with `…`, and the lines of a
/// node hold its whole name and id, a marker its whole event. Returns how many graphs,
/// labels and nodes (markers counted with them) it checked.
pub fn assert_clear_and_whole(measured: &serde_json::Value, what: &str) -> (usize, usize, usize) {
    let graphs = measured["graphs"].as_array().cloned().unwrap_or_default();
    let (mut labels_seen, mut nodes_seen, mut markers_seen) = (0, 0, 0);
    for (g, graph) in graphs.iter().enumerate() {
        let empty = Vec::new();
        let list = |key: &str| graph[key].as_array().unwrap_or(&empty).clone();
        let labels = list("labels");
        let items: Vec<[f64; 4]> = list("items").iter().map(rect).collect();
        for (l, label) in labels.iter().enumerate() {
            let b = rect(&label["box"]);
            assert!(
                b[2] > 0.0 && b[3] > 0.0,
                "{what} graph {g}: label {l} not drawn"
            );
            let name = label["title"].as_str().unwrap_or_default();
            assert_eq!(label["text"], label["title"], "{what}: label {name} is cut");
            let grown = [b[0] - 1.0, b[1] - 1.0, b[2] + 2.0, b[3] + 2.0];
            for (p, path) in list("paths").iter().enumerate() {
                for point in path.as_array().unwrap_or(&empty) {
                    let (x, y) = (
                        point[0].as_f64().unwrap_or(f64::NAN),
                        point[1].as_f64().unwrap_or(f64::NAN),
                    );
                    let hit = x > grown[0]
                        && x < grown[0] + grown[2]
                        && y > grown[1]
                        && y < grown[1] + grown[3];
                    assert!(
                        !hit,
                        "{what}: label `{name}` ({b:?}) lies on edge {p} at ({x}, {y})"
                    );
                }
            }
            for (i, item) in items.iter().enumerate() {
                assert!(
                    !overlap(b, *item),
                    "{what}: label `{name}` ({b:?}) lies on box {i} ({item:?})"
                );
            }
            for other in labels.iter().skip(l + 1) {
                assert!(
                    !overlap(b, rect(&other["box"])),
                    "{what}: labels `{name}` and `{}` overlap",
                    other["title"]
                );
            }
            labels_seen += 1;
        }
        for node in list("nodes") {
            let id = node["id"].as_str().unwrap_or_default();
            let title = node["title"].as_str().unwrap_or_default();
            let frame = rect(&node["box"]);
            let badge = rect(&node["badge"]);
            assert!(
                inside(badge, frame),
                "{what}: the badge of {id} leaves its box"
            );
            let texts = node["texts"].as_array().unwrap_or(&empty).clone();
            for text in &texts {
                let b = rect(&text["box"]);
                let class = text["class"].as_str().unwrap_or_default();
                assert!(
                    inside(b, frame),
                    "{what}: the {class} text of {id} ({b:?}) leaves its box ({frame:?})"
                );
                assert!(
                    !overlap(b, badge),
                    "{what}: the {class} text of {id} runs into its badge"
                );
            }
            let lines = |class: &str| -> Vec<String> {
                texts
                    .iter()
                    .filter(|t| t["class"] == class)
                    .flat_map(|t| t["lines"].as_array().cloned().unwrap_or_default())
                    .filter_map(|l| l.as_str().map(str::to_owned))
                    .collect()
            };
            assert_eq!(
                lines("id").concat(),
                id,
                "{what}: the id of {id} is not whole"
            );
            let name = lines("name").join(" ");
            assert!(
                title.starts_with(&format!("{name} ({id})")),
                "{what}: the name of {id} is not whole: {name:?} against {title:?}"
            );
            nodes_seen += 1;
        }
        for marker in list("markers") {
            let title = marker["title"].as_str().unwrap_or_default();
            let frame = rect(&marker["box"]);
            for text in marker["texts"].as_array().unwrap_or(&empty) {
                assert!(
                    inside(rect(text), frame),
                    "{what}: the text of `{title}` leaves its box"
                );
            }
            let lines: Vec<&str> = marker["lines"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .filter_map(serde_json::Value::as_str)
                .collect();
            assert_eq!(
                format!("No active module emits {}", lines.concat()),
                title,
                "{what}: the event of a marker is not whole"
            );
            markers_seen += 1;
        }
        for text in list("texts") {
            let text = text.as_str().unwrap_or_default();
            assert!(!text.contains('…'), "{what}: `{text}` is cut");
        }
    }
    (graphs.len(), labels_seen, nodes_seen + markers_seen)
}

/// The issue's sign-off page, measured as Chromium renders it: the header facts (version,
/// time from `SOURCE_DATE_EPOCH`, commit, resolved baseline, inputs), and the graph's
/// labels clear of every line and box, its text whole.
#[test]
fn the_sign_off_page_shows_its_facts_and_a_graph_with_nothing_cut_or_covered() {
    let Some(binary) = chromium() else { return };
    for (name, args, code) in [
        ("signed-drifted", vec!["examples/drifted.yaml"], 1),
        (
            "signed-runtime",
            vec![
                "profiles/prod.yaml",
                "--runtime",
                "tests/profiles/runtime/helm-rendered.yaml",
            ],
            0,
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_profile-check"))
            .args(["--format", "html", "-q"])
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.status.code(), Some(code), "{name}");
        let page = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            !page.contains("<script"),
            "the report itself runs no script"
        );
        let measured = measure(binary.clone(), name, &page);
        let facts = &measured["facts"];
        assert_eq!(facts["version"], env!("CARGO_PKG_VERSION"), "{name}");
        assert_eq!(
            facts["generated"], "2026-01-01 00:00:00 UTC (SOURCE_DATE_EPOCH)",
            "{name}"
        );
        let commit = facts["profile-0-facts"].as_str().unwrap_or_default().trim();
        assert!(commit.starts_with("Commit"), "{name}: {commit}");
        assert!(
            commit.chars().filter(char::is_ascii_hexdigit).count() >= 40
                || commit.contains("none: "),
            "{name}: a commit or why there is none: {commit}"
        );
        assert!(page.contains("<h3>Held against</h3>"), "{name}");
        let (graphs, labels, nodes) = assert_clear_and_whole(&measured, name);
        assert_eq!((graphs, nodes), (1, 16), "{name}");
        assert!(labels >= 5, "{name}: {labels} labels");
    }
}
