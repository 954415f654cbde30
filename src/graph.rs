//! The runtime as a picture: modules as nodes, one edge from each producer to each of its
//! consumers labelled with the events it carries, and the flows that are broken drawn in
//! red.
//!
//! The size of the picture is bounded whatever the profile: a hundred modules that all
//! emit and consume the same hundred events are ten thousand producer × consumer pairs, a
//! million event flows. [`Graph::new`] keeps at most [`MAX_EDGES`] edges (and counts the
//! flows past them); [`Graph::mermaid`] and [`Graph::svg`] draw at most [`DRAWN_EDGES`]
//! edges and [`DRAWN_NODES`] modules, the broken flows and the modules with findings
//! first, and say in the picture what they left out.
//!
//! [`Graph`] is built once from what the check knows (the profile, each module's
//! activation, each module's findings); [`Graph::mermaid`], [`Graph::dot`] and
//! [`Graph::svg`] only render it. Every text from the input passes [`visible`] and then the
//! escaping of its output format.

mod dot;
mod mermaid;
mod svg;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::check::ProfileRun;
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::finding::Severity;
use crate::profile::{Contour, Profile, Role, Status};
use crate::rules::{Activation, is_active, may_run};

/// How sure the picture is that a module runs (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Known to be switched on: drawn solid.
    Active,
    /// `optional` with unknown activation: drawn dashed.
    MayRun,
    /// Known to be off (disabled, `active: false`, not in the manifest): drawn greyed.
    Inactive,
}

impl State {
    /// The state of a module of `activation`.
    pub fn of(activation: Activation) -> Self {
        if is_active(activation) {
            Self::Active
        } else if may_run(activation) {
            Self::MayRun
        } else {
            Self::Inactive
        }
    }

    /// For labels and the legend.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::MayRun => "may run",
            Self::Inactive => "inactive",
        }
    }
}

/// A module's findings, as counted on its node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Findings {
    /// Errors no waiver accepts.
    pub errors: usize,
    /// Warnings no waiver accepts.
    pub warnings: usize,
    /// Findings a live waiver accepts.
    pub waived: usize,
}

impl Findings {
    /// Each module's findings, by module id, counted from `(module, severity, waived)`.
    pub fn by_module<'a>(
        findings: impl IntoIterator<Item = (&'a str, Severity, bool)>,
    ) -> HashMap<String, Self> {
        let mut counts: HashMap<String, Self> = HashMap::new();
        for (module, severity, waived) in findings {
            let entry = counts.entry(module.to_owned()).or_default();
            match (waived, severity) {
                (true, _) => entry.waived += 1,
                (false, Severity::Error) => entry.errors += 1,
                (false, Severity::Warning) => entry.warnings += 1,
            }
        }
        counts
    }

    /// Each module's findings, by module id, from a profile's diagnostics.
    pub fn of_diagnostics(diagnostics: &[Diagnostic]) -> HashMap<String, Self> {
        Self::by_module(diagnostics.iter().filter_map(|d| {
            let waived = match d.kind() {
                DiagnosticKind::InputProblem => return None,
                DiagnosticKind::Waived => true,
                DiagnosticKind::Finding => false,
            };
            Some((d.module.as_deref()?, d.severity, waived))
        }))
    }

    /// `2 errors · 1 warning · 1 waived`, or nothing when there are none.
    pub fn describe(self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.waived > 0 {
            parts.push(format!("{} waived", self.waived));
        }
        parts.join(" · ")
    }

    /// Any error or warning that fails (or may fail) the gate.
    pub fn any(self) -> bool {
        self.errors > 0 || self.warnings > 0
    }
}

/// A module of the profile.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its id (raw: every renderer escapes it).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Its status in PROD.
    pub status: Status,
    /// In the AUTO contour: drawn in a cluster of its own.
    pub auto: bool,
    /// Whether it runs.
    pub state: State,
    /// Its activation as reports show it, e.g. `active (runtime)`.
    pub activation: String,
    /// Its findings.
    pub findings: Findings,
}

impl Node {
    /// `integration · required · active (runtime)`.
    pub fn summary(&self) -> String {
        let activation = match self.state {
            State::MayRun => "may run (activation unknown)",
            State::Active | State::Inactive => self.activation.as_str(),
        };
        format!("{} · {} · {activation}", self.role, self.status)
    }
}

/// Where an edge starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Producer {
    /// A module (index in [`Graph::nodes`]).
    Module(usize),
    /// A "no active producer" marker (index in [`Graph::markers`]).
    Missing(usize),
}

/// What passes along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Both ends active: the event flows.
    Live,
    /// One end may run, none is off: the event may flow.
    Possible,
    /// One end is off and the consumer does not depend on it: nothing flows, nothing waits.
    Idle,
    /// The consumer may run and no active module emits the event: the `event-flow` rule's
    /// error (active consumer) or warning (consumer that may run).
    Broken(Severity),
}

impl Flow {
    /// How bad the flow is: an edge that carries several events looks like its worst.
    fn badness(self) -> u8 {
        match self {
            Self::Live => 0,
            Self::Possible => 1,
            Self::Idle => 2,
            Self::Broken(Severity::Warning) => 3,
            Self::Broken(Severity::Error) => 4,
        }
    }
}

/// How many event names an edge's label shows before `+N more`.
pub const LABEL_EVENTS: usize = 3;
/// The most edges a graph holds (the DOT text shows them all): past them, event flows
/// are only counted ([`LeftOut::flows`]), so that the pairs of a profile of many modules
/// cannot take minutes and gigabytes.
pub const MAX_EDGES: usize = 20_000;
/// The most edges the Mermaid and SVG pictures draw. Mermaid refuses a chart of more
/// than 500 links, and this leaves room for the invisible links of the layout.
pub const DRAWN_EDGES: usize = 400;
/// The most modules the Mermaid and SVG pictures draw.
pub const DRAWN_NODES: usize = 200;

/// The events from one producer (or from nowhere) to one consumer.
#[derive(Debug, Clone)]
pub struct Edge {
    /// The producer, or the marker of an event no module emits.
    pub from: Producer,
    /// The consumer (index in [`Graph::nodes`]).
    pub to: usize,
    /// The first [`LABEL_EVENTS`] events it carries, those of its worst flow first.
    pub events: Vec<String>,
    /// How many events it carries.
    pub count: usize,
    /// What passes: the worst flow of its events.
    pub flow: Flow,
}

impl Edge {
    fn new(from: Producer, to: usize, event: &str, flow: Flow) -> Self {
        Self {
            from,
            to,
            events: vec![event.to_owned()],
            count: 1,
            flow,
        }
    }

    /// One more event along the edge.
    fn carry(&mut self, event: &str, flow: Flow) {
        self.count += 1;
        if flow.badness() > self.flow.badness() {
            // The event that makes the edge red is named on it.
            self.flow = flow;
            self.events.insert(0, event.to_owned());
            self.events.truncate(LABEL_EVENTS);
        } else if self.events.len() < LABEL_EVENTS {
            self.events.push(event.to_owned());
        }
    }

    /// `a, b, c +7 more` (raw: every renderer escapes it).
    pub fn label(&self) -> String {
        let mut label = self.events.join(", ");
        let more = self.count.saturating_sub(self.events.len());
        if more > 0 {
            label.push_str(&format!(" +{more} more"));
        }
        label
    }
}

/// What a graph or a picture of it leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Modules not drawn.
    pub modules: usize,
    /// Edges not drawn.
    pub edges: usize,
    /// Event flows (producer × consumer × event) past [`MAX_EDGES`], in no edge at all.
    pub flows: usize,
}

/// The event flow of one profile.
#[derive(Debug, Clone)]
pub struct Graph {
    /// `PROD · Webinars MVP v1++`.
    pub title: String,
    /// The profile's path.
    pub path: String,
    /// Every module, in profile order.
    pub nodes: Vec<Node>,
    /// The events some module that may run consumes and no module emits at all, each
    /// drawn as a "no active producer" marker.
    pub markers: Vec<String>,
    /// One edge per producer and consumer (and per marker and consumer), in the order of
    /// their first events: consumers in module order, their events in file order,
    /// producers in module order.
    pub edges: Vec<Edge>,
    /// What this graph leaves out of the profile's.
    pub left_out: LeftOut,
}

impl Graph {
    /// The graph of `profile` read from `path`, with each module's activation and how
    /// reports describe it (both in module order), and its findings (by id).
    pub fn new(
        path: &str,
        profile: &Profile,
        activation: &[Activation],
        notes: &[String],
        findings: &HashMap<String, Findings>,
    ) -> Self {
        let nodes: Vec<Node> = profile
            .modules
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let activation = activation
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| Activation::of(m, None));
                Node {
                    id: m.id.value.clone(),
                    name: m.name.value.clone(),
                    role: m.role.value,
                    status: m.status.value,
                    auto: m.contour() == Contour::Auto,
                    state: State::of(activation),
                    activation: notes
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| activation.describe(None)),
                    findings: findings.get(&m.id.value).copied().unwrap_or_default(),
                }
            })
            .collect();
        let mut producers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, module) in profile.modules.iter().enumerate() {
            for event in &module.emits {
                let list = producers.entry(event.value.as_str()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
        let state = |i: usize| nodes.get(i).map_or(State::Inactive, |n| n.state);
        // Whether some active module emits the event: once per event, not per consumer.
        let served: HashMap<&str, bool> = producers
            .iter()
            .map(|(event, from)| (*event, from.iter().any(|i| state(*i) == State::Active)))
            .collect();
        let mut markers: Vec<String> = Vec::new();
        let mut marker_of: HashMap<&str, usize> = HashMap::new();
        let mut edges: Vec<Edge> = Vec::new();
        let mut flows = 0;
        // The edge from each producer to the consumer at hand: (consumer, edge index), so
        // that nothing is cleared between consumers.
        let mut pair: Vec<(usize, usize)> = vec![(usize::MAX, 0); nodes.len()];
        for (to, module) in profile.modules.iter().enumerate() {
            let Some(consumer) = nodes.get(to).map(|n| n.state) else {
                continue;
            };
            let mut seen: HashSet<&str> = HashSet::new();
            for event in &module.consumes {
                let event = event.value.as_str();
                if !seen.insert(event) {
                    continue;
                }
                let from: &[usize] = producers.get(event).map_or(&[], Vec::as_slice);
                let served = served.get(event).copied().unwrap_or(false);
                let broken = (consumer != State::Inactive && !served).then(|| {
                    Flow::Broken(if consumer == State::Active {
                        Severity::Error
                    } else {
                        Severity::Warning
                    })
                });
                if from.is_empty() {
                    if let Some(flow) = broken {
                        if edges.len() >= MAX_EDGES {
                            flows += 1;
                            continue;
                        }
                        let marker = *marker_of.entry(event).or_insert_with(|| {
                            markers.push(event.to_owned());
                            markers.len() - 1
                        });
                        edges.push(Edge::new(Producer::Missing(marker), to, event, flow));
                    }
                    continue;
                }
                if edges.len() >= MAX_EDGES {
                    // Counted, not walked: the walk is what would take minutes.
                    flows += from.len();
                    continue;
                }
                for &producer in from {
                    let flow = broken.unwrap_or(match (state(producer), consumer) {
                        (State::Active, State::Active) => Flow::Live,
                        (State::Inactive, _) | (_, State::Inactive) => Flow::Idle,
                        _ => Flow::Possible,
                    });
                    let Some(slot) = pair.get_mut(producer) else {
                        continue;
                    };
                    if slot.0 == to
                        && let Some(edge) = edges.get_mut(slot.1)
                    {
                        edge.carry(event, flow);
                    } else if edges.len() < MAX_EDGES {
                        *slot = (to, edges.len());
                        edges.push(Edge::new(Producer::Module(producer), to, event, flow));
                    } else {
                        flows += 1;
                    }
                }
            }
        }
        Self {
            title: format!("{} · {}", profile.profile.value, profile.product.value),
            path: path.to_owned(),
            nodes,
            markers,
            edges,
            left_out: LeftOut {
                flows,
                ..LeftOut::default()
            },
        }
    }

    /// The graph of a profile of a check run, with its activations and its findings;
    /// `None` when it could not be checked.
    pub fn of_run(run: &ProfileRun) -> Option<Self> {
        let checked = run.checked.as_ref()?;
        Some(Self::new(
            &run.path,
            &checked.profile,
            &checked.activation,
            &checked.activation_notes,
            &Findings::of_diagnostics(&run.diagnostics),
        ))
    }

    /// Mermaid `flowchart` text (GitHub renders it in Markdown), of at most
    /// [`DRAWN_EDGES`] edges and [`DRAWN_NODES`] modules.
    pub fn mermaid(&self) -> String {
        mermaid::render(&self.drawn())
    }

    /// Graphviz DOT text: the whole graph.
    pub fn dot(&self) -> String {
        dot::render(self)
    }

    /// A standalone SVG picture, laid out by the tool itself, of at most [`DRAWN_EDGES`]
    /// edges and [`DRAWN_NODES`] modules.
    pub fn svg(&self) -> String {
        svg::render(&self.drawn(), "pcg")
    }

    /// The SVG picture for a page that holds several: `prefix` keeps its ids apart.
    pub fn svg_with_prefix(&self, prefix: &str) -> String {
        svg::render(&self.drawn(), prefix)
    }

    /// The graph as a picture draws it: past [`DRAWN_EDGES`] edges or [`DRAWN_NODES`]
    /// modules, the modules with findings, the ends of broken flows and then the
    /// neighbours of those, and of the edges between the modules kept the broken ones,
    /// those at a module with findings, then the rest, each in graph order.
    pub fn drawn(&self) -> Cow<'_, Self> {
        if self.edges.len() <= DRAWN_EDGES && self.nodes.len() <= DRAWN_NODES {
            return Cow::Borrowed(self);
        }
        let broken = |e: &Edge| matches!(e.flow, Flow::Broken(_));
        let alarm = |i: usize| self.nodes.get(i).is_some_and(|n| n.findings.any());
        let from_module = |e: &Edge| match e.from {
            Producer::Module(i) => Some(i),
            Producer::Missing(_) => None,
        };
        let mut keep = vec![false; self.nodes.len()];
        let mut kept = 0;
        let mut take = |i: usize| {
            if kept < DRAWN_NODES
                && let Some(k) = keep.get_mut(i)
                && !*k
            {
                *k = true;
                kept += 1;
            }
        };
        (0..self.nodes.len())
            .filter(|i| alarm(*i))
            .for_each(&mut take);
        for edge in self.edges.iter().filter(|e| broken(e)) {
            from_module(edge).into_iter().for_each(&mut take);
            take(edge.to);
        }
        for edge in &self.edges {
            if alarm(edge.to) || from_module(edge).is_some_and(alarm) {
                from_module(edge).into_iter().for_each(&mut take);
                take(edge.to);
            }
        }
        for edge in &self.edges {
            from_module(edge).into_iter().for_each(&mut take);
            take(edge.to);
        }
        (0..self.nodes.len()).for_each(&mut take);
        let kept_node = |i: usize| keep.get(i).copied().unwrap_or(false);
        let between = |e: &Edge| kept_node(e.to) && from_module(e).is_none_or(kept_node);
        let mut chosen = vec![false; self.edges.len()];
        let mut drawn = 0;
        let tiers: [&dyn Fn(&Edge) -> bool; 3] = [
            &|e| broken(e),
            &|e| alarm(e.to) || from_module(e).is_some_and(alarm),
            &|_| true,
        ];
        for tier in tiers {
            for (index, edge) in self.edges.iter().enumerate() {
                if drawn < DRAWN_EDGES
                    && between(edge)
                    && tier(edge)
                    && let Some(c) = chosen.get_mut(index)
                    && !*c
                {
                    *c = true;
                    drawn += 1;
                }
            }
        }
        let mut node_at = vec![usize::MAX; self.nodes.len()];
        let mut nodes = Vec::with_capacity(kept);
        for (index, node) in self.nodes.iter().enumerate() {
            if kept_node(index)
                && let Some(at) = node_at.get_mut(index)
            {
                *at = nodes.len();
                nodes.push(node.clone());
            }
        }
        let mut marker_at = vec![usize::MAX; self.markers.len()];
        let mut markers = Vec::new();
        let mut edges = Vec::with_capacity(drawn);
        for (edge, _) in self.edges.iter().zip(&chosen).filter(|(_, c)| **c) {
            let from = match edge.from {
                Producer::Module(i) => Producer::Module(node_at.get(i).copied().unwrap_or(0)),
                Producer::Missing(i) => {
                    let Some(at) = marker_at.get_mut(i) else {
                        continue;
                    };
                    if *at == usize::MAX {
                        *at = markers.len();
                        markers.push(self.markers.get(i).cloned().unwrap_or_default());
                    }
                    Producer::Missing(*at)
                }
            };
            edges.push(Edge {
                from,
                to: node_at.get(edge.to).copied().unwrap_or(0),
                ..edge.clone()
            });
        }
        Cow::Owned(Self {
            title: self.title.clone(),
            path: self.path.clone(),
            left_out: LeftOut {
                modules: self.left_out.modules + self.nodes.len() - nodes.len(),
                edges: self.left_out.edges + self.edges.len() - edges.len(),
                flows: self.left_out.flows,
            },
            nodes,
            markers,
            edges,
        })
    }

    /// What the picture leaves out and where the whole graph is, or `None` when it shows
    /// everything.
    pub fn left_out_note(&self) -> Option<String> {
        let LeftOut {
            modules,
            edges,
            flows,
        } = self.left_out;
        let mut parts = Vec::new();
        if modules > 0 {
            parts.push(format!("{modules} module{}", plural(modules)));
        }
        if edges > 0 {
            parts.push(format!("{edges} edge{}", plural(edges)));
        }
        let mut note = Vec::new();
        if !parts.is_empty() {
            note.push(format!(
                "Not drawn: {} (broken flows and modules with findings come first). \
                 The whole graph: profile-check graph --format dot.",
                parts.join(", ")
            ));
        }
        if flows > 0 {
            note.push(format!(
                "{flows} event flow{} past the {MAX_EDGES} edges a graph holds left out: \
                 profile-check check lists every broken one.",
                plural(flows)
            ));
        }
        (!note.is_empty()).then(|| note.join(" "))
    }

    /// One line for a caption: `16 modules (11 active, 0 may run, 5 inactive), 5 event
    /// edges, 0 broken`.
    pub fn caption(&self) -> String {
        let count = |s| self.nodes.iter().filter(|n| n.state == s).count();
        let broken = self
            .edges
            .iter()
            .filter(|e| matches!(e.flow, Flow::Broken(_)))
            .count();
        format!(
            "{} module{} ({} active, {} may run, {} inactive), {} event edge{}, {broken} broken",
            self.nodes.len(),
            if self.nodes.len() == 1 { "" } else { "s" },
            count(State::Active),
            count(State::MayRun),
            count(State::Inactive),
            self.edges.len(),
            if self.edges.len() == 1 { "" } else { "s" },
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text from the input as every picture shows it: the one escaping policy
/// ([`crate::escape::escape_controls`]: control, bidi, invisible and separator characters
/// and noncharacters written as `\u{..}`), so that a label can neither break its format's
/// syntax nor reorder or hide what is around it. Each format's own escaping comes on top.
pub fn visible(text: &str) -> String {
    crate::escape::escape_controls(text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::Source;

    /// The graph of a profile file of the repository, activation from its own fields.
    pub fn graph_of(path: &str) -> Graph {
        let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let source = Source::new(path, text);
        let profile = crate::load::profile(&source).unwrap_or_else(|e| panic!("{e}"));
        let today = crate::profile::Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
        let inputs = crate::inputs::Inputs::none(today);
        let mut context = crate::rules::Context::new(&profile, &inputs);
        let outcome = crate::rules::run(&mut context);
        let activation = context.into_activation();
        let findings = Findings::by_module(
            outcome
                .findings
                .iter()
                .filter_map(|f| Some((f.module.as_deref()?, f.severity, f.waived_by.is_some()))),
        );
        let notes: Vec<String> = activation.iter().map(|a| a.describe(None)).collect();
        Graph::new(path, &profile, &activation, &notes, &findings)
    }

    /// A graph whose every label is hostile in some format.
    pub fn hostile() -> Graph {
        let evil = "x\"]; <script>alert(1)</script> & ]] --> `end` #quot; \\n\u{1b}[31m\u{202e}\u{2028}\n{}|'<!-- -->";
        let node = |id: &str, state| Node {
            id: format!("{id}{evil}"),
            name: format!("Name{evil}"),
            role: Role::Core,
            status: Status::Required,
            auto: false,
            state,
            activation: "active".to_owned(),
            findings: Findings {
                errors: 1,
                ..Findings::default()
            },
        };
        Graph {
            title: format!("T{evil}"),
            path: format!("p{evil}.yaml"),
            nodes: vec![node("a", State::Active), node("b", State::Inactive)],
            markers: vec![format!("gone{evil}")],
            edges: vec![
                Edge {
                    from: Producer::Module(1),
                    to: 0,
                    events: vec![format!("ev{evil}")],
                    count: 1,
                    flow: Flow::Broken(Severity::Error),
                },
                Edge {
                    from: Producer::Missing(0),
                    to: 0,
                    events: vec![format!("gone{evil}")],
                    count: 1,
                    flow: Flow::Broken(Severity::Error),
                },
                Edge {
                    from: Producer::Module(0),
                    to: 0,
                    events: vec![format!("self{evil}")],
                    count: 1,
                    flow: Flow::Live,
                },
            ],
            left_out: LeftOut::default(),
        }
    }

    const PROD_DISABLED: [&str; 5] = [
        "ui-webinar-entry",
        "webinar-chat",
        "client-webinar-scenario-service",
        "client-webinar-action-consumer",
        "autowebinar-delivery",
    ];

    #[test]
    fn prod_has_every_module_and_every_event_edge() {
        let g = graph_of("profiles/prod.yaml");
        assert_eq!(g.nodes.len(), 16);
        let inactive: Vec<&str> = g
            .nodes
            .iter()
            .filter(|n| n.state == State::Inactive)
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(inactive, PROD_DISABLED);
        let edges: Vec<(String, &str, Flow)> = g
            .edges
            .iter()
            .map(|e| {
                let from = match e.from {
                    Producer::Module(i) => g.nodes[i].id.clone(),
                    Producer::Missing(i) => format!("missing:{}", g.markers[i]),
                };
                (from, g.nodes[e.to].id.as_str(), e.flow)
            })
            .collect();
        assert_eq!(
            edges,
            [
                (
                    "client-webinar-control-integration".to_owned(),
                    "core-webinar-event",
                    Flow::Live
                ),
                (
                    "client-webinar-tracker-v2".to_owned(),
                    "client-webinar-event-emitter",
                    Flow::Live
                ),
                (
                    "client-webinar-attendance-service".to_owned(),
                    "client-webinar-attendance-telegram",
                    Flow::Live
                ),
                (
                    "post-webinar-routing-service".to_owned(),
                    "post-webinar-followup-telegram",
                    Flow::Live
                ),
                (
                    "post-webinar-routing-service".to_owned(),
                    "post-webinar-recording-followup-telegram",
                    Flow::Live
                ),
            ]
        );
        assert!(g.markers.is_empty());
        assert!(
            g.nodes
                .iter()
                .filter(|n| n.auto)
                .map(|n| n.id.as_str())
                .eq(["autowebinar-delivery"])
        );
        assert_eq!(
            g.caption(),
            "16 modules (11 active, 0 may run, 5 inactive), 5 event edges, 0 broken"
        );
    }

    #[test]
    fn drifted_attendance_flow_is_broken_from_the_disabled_producer() {
        let g = graph_of("examples/drifted.yaml");
        let broken: Vec<(&Edge, &str)> = g
            .edges
            .iter()
            .filter(|e| matches!(e.flow, Flow::Broken(_)))
            .map(|e| (e, g.nodes[e.to].id.as_str()))
            .collect();
        assert_eq!(broken.len(), 1);
        let (edge, consumer) = broken[0];
        assert_eq!(consumer, "client-webinar-attendance-telegram");
        assert_eq!(edge.events, ["client_webinar_attendance_classified"]);
        assert_eq!(edge.flow, Flow::Broken(Severity::Error));
        let Producer::Module(from) = edge.from else {
            panic!("from the disabled producer")
        };
        assert_eq!(g.nodes[from].id, "client-webinar-attendance-service");
        assert_eq!(g.nodes[from].state, State::Inactive);
        let telegram = &g.nodes[edge.to];
        assert_eq!(telegram.findings.errors, 1);
    }

    #[test]
    fn an_event_no_module_emits_comes_from_a_marker() {
        let text = crate::rules::test_support::profile(
            crate::rules::test_support::CONTOURS,
            "  - {id: a, name: A, role: core, status: required, consumes: [gone]}\n  \
             - {id: b, name: B, role: core, status: optional, consumes: [gone]}\n  \
             - {id: c, name: C, role: core, status: disabled, consumes: [gone]}\n",
            crate::rules::test_support::NO_MARKS,
        );
        let source = Source::new("t.yaml", text);
        let profile = crate::load::profile(&source).unwrap_or_else(|e| panic!("{e}"));
        let activation: Vec<Activation> = profile
            .modules
            .iter()
            .map(|m| Activation::of(m, None))
            .collect();
        let g = Graph::new("t.yaml", &profile, &activation, &[], &HashMap::new());
        assert_eq!(g.markers, ["gone"]);
        let flows: Vec<(Producer, usize, Flow)> =
            g.edges.iter().map(|e| (e.from, e.to, e.flow)).collect();
        assert_eq!(
            flows,
            [
                (Producer::Missing(0), 0, Flow::Broken(Severity::Error)),
                (Producer::Missing(0), 1, Flow::Broken(Severity::Warning)),
            ]
        );
        assert_eq!(g.nodes[1].state, State::MayRun);
    }

    #[test]
    fn one_edge_per_pair_looks_like_its_worst_event() {
        let text = crate::rules::test_support::profile(
            crate::rules::test_support::CONTOURS,
            "  - {id: p, name: P, role: core, status: required, emits: [a]}\n  \
             - {id: q, name: Q, role: core, status: disabled, emits: [a, b, c, d]}\n  \
             - {id: c, name: C, role: core, status: required, consumes: [a, b, c, d]}\n",
            crate::rules::test_support::NO_MARKS,
        );
        let source = Source::new("t.yaml", text);
        let profile = crate::load::profile(&source).unwrap_or_else(|e| panic!("{e}"));
        let activation: Vec<Activation> = profile
            .modules
            .iter()
            .map(|m| Activation::of(m, None))
            .collect();
        let g = Graph::new("t.yaml", &profile, &activation, &[], &HashMap::new());
        let edges: Vec<(Producer, usize, Flow, String)> = g
            .edges
            .iter()
            .map(|e| (e.from, e.to, e.flow, e.label()))
            .collect();
        assert_eq!(
            edges,
            [
                (Producer::Module(0), 2, Flow::Live, "a".to_owned()),
                (
                    Producer::Module(1),
                    2,
                    Flow::Broken(Severity::Error),
                    "b, a, c +1 more".to_owned()
                ),
            ]
        );
        assert_eq!(g.left_out, LeftOut::default());
        assert!(matches!(g.drawn(), Cow::Borrowed(_)));
        assert_eq!(g.left_out_note(), None);
    }

    /// `n` modules that each emit and consume the same `n` events: `n²` edges.
    fn dense(n: usize) -> Graph {
        let events: Vec<String> = (0..n).map(|e| format!("e_{e}")).collect();
        let events = events.join(", ");
        let modules: String = (0..n)
            .map(|m| {
                format!(
                    "  - {{id: m-{m}, name: M{m}, role: core, status: required, \
                     emits: [{events}], consumes: [{events}]}}\n"
                )
            })
            .collect();
        let text = crate::rules::test_support::profile(
            crate::rules::test_support::CONTOURS,
            &modules,
            crate::rules::test_support::NO_MARKS,
        );
        let source = Source::new("t.yaml", text);
        let profile = crate::load::profile(&source).unwrap_or_else(|e| panic!("{e}"));
        let activation: Vec<Activation> = profile
            .modules
            .iter()
            .map(|m| Activation::of(m, None))
            .collect();
        Graph::new("t.yaml", &profile, &activation, &[], &HashMap::new())
    }

    #[test]
    fn a_dense_graph_is_drawn_within_bounds_and_says_what_it_leaves_out() {
        let g = dense(100);
        assert_eq!(g.edges.len(), 100 * 100);
        assert!(g.edges.iter().all(|e| e.count == 100));
        assert_eq!(
            g.edges.first().map(Edge::label).as_deref(),
            Some("e_0, e_1, e_2 +97 more")
        );
        let drawn = g.drawn();
        assert_eq!(drawn.edges.len(), DRAWN_EDGES);
        assert_eq!(drawn.nodes.len(), 100);
        assert_eq!(
            drawn.left_out,
            LeftOut {
                edges: 100 * 100 - DRAWN_EDGES,
                ..LeftOut::default()
            }
        );
        let note = drawn.left_out_note().unwrap_or_default();
        assert!(note.starts_with("Not drawn: 9600 edges"), "{note}");
        assert!(note.contains("profile-check graph --format dot"), "{note}");
    }

    #[test]
    fn past_the_edge_limit_flows_are_counted_not_walked() {
        let g = dense(150);
        assert_eq!(g.edges.len(), MAX_EDGES);
        // Every flow is carried by an edge or counted as left out.
        let carried: usize = g.edges.iter().map(|e| e.count).sum();
        assert!(g.left_out.flows > 0);
        assert_eq!(carried + g.left_out.flows, 150 * 150 * 150);
        let drawn = g.drawn();
        assert!(drawn.nodes.len() <= DRAWN_NODES && drawn.edges.len() <= DRAWN_EDGES);
        let note = drawn.left_out_note().unwrap_or_default();
        assert!(note.contains("event flows past the 20000 edges"), "{note}");
    }

    #[test]
    fn visible_escapes_what_reorders_or_breaks_lines() {
        assert_eq!(
            visible("a\u{202e}b\u{2028}c\u{200f}\n\u{1b}"),
            "a\\u{202e}b\\u{2028}c\\u{200f}\\n\\u{1b}"
        );
        assert_eq!(visible("Чат · ok"), "Чат · ok");
    }
}
