//! A Compose file → workloads: each service is one, running unless it is scaled to 0 or
//! sits behind `profiles:` that are not enabled.

use super::super::decode::Decoder;
use super::super::tree::{Kind, Node};
use super::fields::{count, get, label, mapping};
use super::interpolation::variable;
use super::{Deployment, Evidence, MappedBy, Options, Owner, Workload, WorkloadKind};
use crate::error::Problem;
use crate::profile::Located;

const RENDER: &str = "render the file first with `docker compose config > compose.rendered.yaml` and name the output";

/// Reads the services of Compose document `root` (file `file`) into `out`; returns every
/// problem found.
pub(super) fn read(
    root: &Node,
    file: usize,
    options: &Options,
    out: &mut Deployment,
) -> Vec<Problem> {
    let mut d = Decoder::default();
    services(&mut d, root, file, options, out);
    // With the count of those past the cap, never only the first.
    d.into_problems()
}

fn services(d: &mut Decoder, root: &Node, file: usize, options: &Options, out: &mut Deployment) {
    let Kind::Map(_) = &root.kind else {
        d.report(
            d.expected(root, "a Compose file", "a mapping")
                .help("a Compose file is a mapping with `services`"),
        );
        return;
    };
    // An included file defines services this one does not show: what runs cannot be told.
    if let Some(include) = get(d, root, "include", "the Compose file") {
        d.report(
            Problem::invalid(
                include.span,
                "the Compose file includes other files (`include`)",
            )
            .help(RENDER),
        );
    }
    let Some(services) = get(d, root, "services", "the Compose file") else {
        d.report(
            Problem::missing(
                root.span,
                "the Compose file is missing the field `services`",
            )
            .expected("services")
            .help("a Compose file lists what it runs under `services:`"),
        );
        return;
    };
    let Some(services) = mapping(d, services, "`services`") else {
        return;
    };
    let Kind::Map(entries) = &services.kind else {
        return;
    };
    // By name: a file of 100,000 services is read in linear time.
    let mut seen: std::collections::HashMap<&str, crate::source::Span> =
        std::collections::HashMap::with_capacity(entries.len());
    for (key, body) in entries.iter() {
        let Kind::Str(name) = &key.kind else {
            d.report(
                d.expected(key, "a service's name", "a string")
                    .help("name the service, e.g. `webinar-chat:`"),
            );
            continue;
        };
        if let Some(first) = seen.get(&**name) {
            d.report(
                Problem::twice(key.span, format_args!("duplicate service `{name}`"), *first)
                    .help("keep one of the two"),
            );
            continue;
        }
        seen.insert(name, key.span);
        if unrendered(d, key, name, "the service's name") {
            continue;
        }
        let name = Located::new(name.to_string(), key.span);
        if let Some(workload) = service(d, name, body, file, options) {
            out.workloads.push(workload);
        }
    }
}

fn service(
    d: &mut Decoder,
    name: Located<String>,
    body: &Node,
    file: usize,
    options: &Options,
) -> Option<Workload> {
    let what = format!("the service `{}`", &name.value);
    if !matches!(body.kind, Kind::Map(_)) {
        d.report(
            d.expected(body, what, "a mapping")
                .help("a service is a mapping with at least `image` or `build`"),
        );
        return None;
    }
    if let Some(extends) = get(d, body, "extends", &what) {
        d.report(
            Problem::invalid(
                extends.span,
                format!("{what} extends another service (`extends`)"),
            )
            .help(RENDER),
        );
    }
    let before = d.problems.len();
    let kind = Located::new(WorkloadKind::Service, name.span);
    let evidence = runs(d, body, &name, &what, &options.compose_profiles);
    let owner = owner(d, body, &name, &what, options);
    if d.problems.len() != before {
        return None;
    }
    let (running, evidence) = evidence?;
    let (owner, label) = owner?;
    Some(Workload {
        label,
        file,
        kind,
        name,
        owner,
        running,
        evidence,
        evidence_file: file,
        namespace: None,
        group: None,
        hints: Vec::new(),
    })
}

/// Reports `text` (the value of `node`, in field `what`) when it holds a variable: Compose
/// replaces it when it renders the file, so what the field says is not what runs.
fn unrendered(d: &mut Decoder, node: &Node, text: &str, what: &str) -> bool {
    if variable(text).is_none() {
        return false;
    }
    d.report(
        Problem::invalid(
            node.span,
            format!(
                "{what} holds a variable (`{text}`) that Compose replaces when it renders the file: what runs cannot be told from it"
            ),
        )
        .help(RENDER),
    );
    true
}

/// Whether the service runs, and the value that says so: its `profiles:` when none of them
/// is enabled, else its `deploy.replicas` or `scale`, else its name.
fn runs(
    d: &mut Decoder,
    body: &Node,
    name: &Located<String>,
    what: &str,
    enabled: &[String],
) -> Option<(bool, Located<Evidence>)> {
    let profiles = get(d, body, "profiles", what).and_then(|p| profile_names(d, p));
    let deploy = get(d, body, "deploy", what).and_then(|n| mapping(d, n, "`deploy`"));
    let help = "write how many containers run, e.g. `replicas: 1` (0 switches the service off); \
                a variable (`${…}`) must be rendered first with `docker compose config`";
    let replicas = deploy
        .and_then(|n| get(d, n, "replicas", "`deploy`"))
        .and_then(|n| count(d, n, "`deploy.replicas`", help));
    let global = deploy.and_then(|n| global_mode(d, n));
    let scale = get(d, body, "scale", what).and_then(|n| count(d, n, "`scale`", help));
    if let (Some(r), Some(s)) = (&replicas, &scale)
        && r.value != s.value
    {
        d.report(
            Problem::invalid(
                s.span,
                format!(
                    "{what} has `scale: {}` and `deploy.replicas: {}` (line {}); Compose refuses the two when they differ",
                    s.value, r.value, r.span.line
                ),
            )
            .help("keep one of the two"),
        );
        return None;
    }
    let profiles = profiles.filter(|p| !p.value.is_empty());
    if let Some(profiles) = &profiles
        && !profiles
            .value
            .iter()
            .any(|p| enabled.iter().any(|e| e == "*" || e == p))
    {
        return Some((false, Located::new(Evidence::ProfilesOff, profiles.span)));
    }
    // A global service runs one task on every node; `replicas` does not hold it back.
    if let Some(mode) = global {
        return Some((true, Located::new(Evidence::Global, mode)));
    }
    Some(match (replicas.or(scale), profiles) {
        (Some(n), _) => (
            n.value > 0,
            Located::new(Evidence::Replicas(n.value), n.span),
        ),
        (None, Some(p)) => (true, Located::new(Evidence::ProfileEnabled, p.span)),
        (None, None) => (true, Located::new(Evidence::Defined, name.span)),
    })
}

/// Where `deploy.mode` says the service runs on every node (`global`, `global-job`); any
/// other mode runs `replicas` tasks. A mode Compose does not know is a problem.
fn global_mode(d: &mut Decoder, deploy: &Node) -> Option<crate::source::Span> {
    const MODES: [&str; 4] = ["replicated", "global", "replicated-job", "global-job"];
    let mode = get(d, deploy, "mode", "`deploy`")?;
    if let Kind::Str(m) = &mode.kind
        && unrendered(d, mode, m, "`deploy.mode`")
    {
        return None;
    }
    match &mode.kind {
        Kind::Str(m) if m.starts_with("global") && MODES.contains(&&**m) => Some(mode.span),
        Kind::Str(m) if MODES.contains(&&**m) => None,
        Kind::Null => None,
        _ => {
            d.report(
                d.expected(
                    mode,
                    "`deploy.mode`",
                    "`replicated`, `global`, `replicated-job` or `global-job`",
                )
                .help("write `mode: replicated` (the default) or `mode: global`"),
            );
            None
        }
    }
}

fn profile_names(d: &mut Decoder, node: &Node) -> Option<Located<Vec<String>>> {
    let items = d.list(node, "`profiles`")?;
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        let name = d.string(item, "a profile name")?.value;
        if unrendered(d, item, &name, "a profile name") {
            return None;
        }
        names.push(name);
    }
    Some(Located::new(names, node.span))
}

/// The service's module, and the module its mapping label names: the configuration's map,
/// then the mapping label, then its name (a candidate the rules accept only when the
/// profile has a module of that id). The configuration's map or `ignore` never hide the
/// label: a service labelled as a module still counts as that module.
fn owner(
    d: &mut Decoder,
    body: &Node,
    name: &Located<String>,
    what: &str,
    options: &Options,
) -> Option<(Owner, Option<String>)> {
    let config = &options.mapping;
    let labelled = service_label(d, body, what, &config.compose_label)?;
    let label = labelled.as_ref().map(|l| l.value.clone());
    if let Some(id) = config.module_for(&WorkloadKind::Service, &name.value) {
        let owner = Owner::Module {
            id: Located::new(id.to_owned(), name.span),
            by: MappedBy::Config,
        };
        return Some((owner, label));
    }
    if config.ignores(&WorkloadKind::Service, &name.value) {
        return Some((Owner::Ignored, label));
    }
    let owner = match labelled {
        Some(id) => Owner::Module {
            id,
            by: MappedBy::Label,
        },
        None => Owner::Module {
            id: name.clone(),
            by: MappedBy::Name,
        },
    };
    Some((owner, label))
}

/// The value of the service's mapping label `key`, if it has one; `None`: a problem.
#[allow(clippy::option_option, reason = "reported, labelled, or not labelled")]
fn service_label(
    d: &mut Decoder,
    body: &Node,
    what: &str,
    key: &str,
) -> Option<Option<Located<String>>> {
    if let Some(labels) = get(d, body, "labels", what) {
        match &labels.kind {
            Kind::Map(entries) => {
                for (k, _) in entries.iter() {
                    if let Kind::Str(text) = &k.kind
                        && unrendered(d, k, text, "a label's key")
                    {
                        return None;
                    }
                }
                if let Some(value) = get(d, labels, key, "`labels`") {
                    if let Kind::Str(text) = &value.kind
                        && unrendered(d, value, text, "the mapping label")
                    {
                        return None;
                    }
                    return label(d, value, key).map(Some);
                }
            }
            // `labels: ["profile-check.module=webinar-chat"]`: the item is the place. Compose
            // keeps the last of two items of one key; a gate that took the first would judge
            // another module than runs, so two are refused, as two keys of a mapping are.
            Kind::Seq(items) => {
                let mut found: Option<(Located<String>, crate::source::Span)> = None;
                for item in items.iter() {
                    let Kind::Str(text) = &item.kind else {
                        d.report(
                            d.expected(item, "a label", "`key=value`")
                                .help("write labels as `key=value` strings, or as a mapping"),
                        );
                        return None;
                    };
                    // `key` alone is the key with an empty value, as Compose reads it.
                    let (k, value) = text.split_once('=').unwrap_or((text, ""));
                    if unrendered(d, item, k, "a label's key") {
                        return None;
                    }
                    if k != key {
                        continue;
                    }
                    if unrendered(d, item, text, "the mapping label") {
                        return None;
                    }
                    if let Some((_, first)) = &found {
                        d.report(
                            Problem::twice(
                                item.span,
                                format_args!(
                                    "duplicate label `{key}` in `labels` (Compose would keep this one)"
                                ),
                                *first,
                            )
                            .help("keep one of the two"),
                        );
                        return None;
                    }
                    let node = Node {
                        span: item.span,
                        kind: Kind::Str(value.into()),
                    };
                    found = Some((label(d, &node, key)?, item.span));
                }
                if let Some((id, _)) = found {
                    return Some(Some(id));
                }
            }
            Kind::Null => {}
            _ => {
                d.report(
                    d.expected(labels, "`labels`", "a mapping or a list")
                        .help("write labels as a mapping, or as a list of `key=value`"),
                );
                return None;
            }
        }
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use super::super::parse_runtime;
    use super::super::{MAX_DOCUMENTS, Mapping, Platform};
    use super::*;

    fn read_with(text: &str, options: &Options) -> Result<Deployment, Vec<Problem>> {
        let docs = parse_runtime(text, MAX_DOCUMENTS)
            .map_err(|p| vec![p])?
            .documents;
        let root = docs.first().ok_or_else(Vec::new)?;
        let mut out = Deployment::new(Platform::Compose, &Mapping::default());
        let problems = read(root, 0, options, &mut out);
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// (name, module, how mapped, running, evidence, line, column).
    type Seen = (
        String,
        Option<String>,
        Option<MappedBy>,
        bool,
        Evidence,
        u32,
        u32,
    );

    fn seen(text: &str, options: &Options) -> Vec<Seen> {
        let d = read_with(text, options).unwrap_or_else(|p| panic!("{p:?}"));
        d.workloads
            .into_iter()
            .map(|w| {
                let (module, by) = match w.owner {
                    Owner::Module { id, by } => (Some(id.value), Some(by)),
                    Owner::Ignored | Owner::Unmapped => (None, None),
                };
                (
                    w.name.value,
                    module,
                    by,
                    w.running,
                    w.evidence.value,
                    w.evidence.span.line,
                    w.evidence.span.column,
                )
            })
            .collect()
    }

    const COMPOSE: &str = "\
name: webinars
services:
  core-webinar-event:
    image: registry.example.com/core:1.4
  chat:
    image: registry.example.com/chat:2.0
    labels:
      profile-check.module: webinar-chat
    deploy:
      replicas: 0
  tracker:
    image: tracker
    labels: [\"profile-check.module=client-webinar-tracker-v2\", \"team=analytics\"]
    scale: 2
  autowebinar-delivery:
    image: auto
    profiles: [auto]
  redis:
    image: redis:7
";

    #[test]
    fn services_map_by_label_or_name_and_run_unless_held_back() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            seen(COMPOSE, &Options::default()),
            [
                (
                    "core-webinar-event".to_owned(),
                    s("core-webinar-event"),
                    Some(MappedBy::Name),
                    true,
                    Evidence::Defined,
                    3,
                    3
                ),
                (
                    "chat".to_owned(),
                    s("webinar-chat"),
                    Some(MappedBy::Label),
                    false,
                    Evidence::Replicas(0),
                    10,
                    17
                ),
                (
                    "tracker".to_owned(),
                    s("client-webinar-tracker-v2"),
                    Some(MappedBy::Label),
                    true,
                    Evidence::Replicas(2),
                    14,
                    12
                ),
                (
                    "autowebinar-delivery".to_owned(),
                    s("autowebinar-delivery"),
                    Some(MappedBy::Name),
                    false,
                    Evidence::ProfilesOff,
                    17,
                    15
                ),
                (
                    "redis".to_owned(),
                    s("redis"),
                    Some(MappedBy::Name),
                    true,
                    Evidence::Defined,
                    18,
                    3
                ),
            ]
        );
    }

    #[test]
    fn an_enabled_profile_lets_the_service_run() {
        for enabled in ["auto", "*"] {
            let options = Options {
                compose_profiles: vec![enabled.to_owned()],
                ..Options::default()
            };
            let auto = seen(COMPOSE, &options)
                .into_iter()
                .find(|s| s.0 == "autowebinar-delivery");
            assert_eq!(
                auto.map(|s| (s.3, s.4, s.5, s.6)),
                Some((true, Evidence::ProfileEnabled, 17, 15))
            );
        }
    }

    #[test]
    fn the_configuration_maps_and_ignores_services() {
        let mut mapping = Mapping::default();
        mapping
            .workloads
            .insert("ui-webinar-room".to_owned(), vec!["room".to_owned()]);
        mapping.ignore.push("redis".to_owned());
        let options = Options {
            mapping,
            ..Options::default()
        };
        let text = "services:\n  room: {image: room}\n  redis: {image: redis}\n";
        let d = read_with(text, &options).unwrap_or_else(|p| panic!("{p:?}"));
        let owners: Vec<&Owner> = d.workloads.iter().map(|w| &w.owner).collect();
        assert_eq!(
            owners,
            [
                &Owner::Module {
                    id: Located::new(
                        "ui-webinar-room".to_owned(),
                        crate::source::Span::new(2, 3, 4)
                    ),
                    by: MappedBy::Config
                },
                &Owner::Ignored
            ]
        );
    }

    #[test]
    fn values_of_the_wrong_type_are_worded_as_every_decoder_words_them() {
        assert_eq!(
            problems("services:\n  1:\n    image: x\n"),
            [(
                2,
                3,
                "expected a service's name (a string), found the number `1`".to_owned()
            )]
        );
        assert_eq!(
            problems("services:\n  chat: [x]\n"),
            [(
                2,
                9,
                "expected the service `chat` (a mapping), found a list".to_owned()
            )]
        );
    }

    fn problems(text: &str) -> Vec<(u32, u32, String)> {
        match read_with(text, &Options::default()) {
            Ok(_) => panic!("expected problems in\n{text}"),
            Err(problems) => problems
                .into_iter()
                .map(|p| {
                    let (line, column) = p.span.map_or((0, 0), |s| (s.line, s.column));
                    (line, column, p.worded().into_owned())
                })
                .collect(),
        }
    }

    #[test]
    fn wrong_types_and_what_cannot_be_told_are_problems() {
        let text = "\
include: [other.yaml]
services:
  chat:
    image: chat
    deploy: {replicas: \"${CHAT_REPLICAS}\"}
  room:
    extends: {service: base}
  tracker:
    scale: 1
    deploy: {replicas: 2}
  auto:
    profiles: auto
";
        let found = problems(text);
        let places: Vec<(u32, u32)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            places,
            [(1, 10), (5, 24), (7, 14), (9, 12), (12, 15)],
            "{found:?}"
        );
        assert!(found.iter().any(|(_, _, m)| m.contains(
            "expected `deploy.replicas` (a whole number, 0 or more), found the string `${CHAT_REPLICAS}`"
        )));
    }

    #[test]
    fn a_global_service_runs_whatever_its_replicas_say() {
        let text = "services:\n  chat:\n    image: chat\n    deploy: {mode: global, replicas: 0}\n";
        assert_eq!(
            seen(text, &Options::default()),
            [(
                "chat".to_owned(),
                Some("chat".to_owned()),
                Some(MappedBy::Name),
                true,
                Evidence::Global,
                4,
                20
            )]
        );
        let replicated = text.replace("global", "replicated");
        assert_eq!(
            seen(&replicated, &Options::default())
                .first()
                .map(|s| (s.3, s.4)),
            Some((false, Evidence::Replicas(0)))
        );
        let found = problems(&text.replace("global", "everywhere"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(l, c, m)| *l == 4 && *c == 20 && m.contains("expected `deploy.mode`"))
        );
    }

    #[test]
    fn the_mapping_label_listed_twice_is_a_problem_at_the_second() {
        let text = "services:\n  events:\n    image: events\n    labels:\n      \
                    - profile-check.module=core-webinar-event\n      - profile-check.module=webinar-chat\n";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found.iter().all(|(l, c, m)| *l == 6
                && *c == 9
                && m.contains(
                    "duplicate label `profile-check.module` in `labels` (Compose would keep this one); the first is at line 5, column 9"
                )),
            "{found:?}"
        );
        let bare = "services:\n  events:\n    image: events\n    labels: [profile-check.module]\n";
        let found = problems(bare);
        assert!(
            found
                .iter()
                .all(|(_, _, m)| m.contains("expected a module id (the label `profile-check.module` names a module), found the string ``")),
            "a key without a value is an empty label, as Compose reads it: {found:?}"
        );
    }

    #[test]
    fn a_file_without_services_is_a_problem() {
        let found = problems("version: \"3.9\"\nvolumes: {}\n");
        assert_eq!(
            found,
            [(
                1,
                1,
                "the Compose file is missing the field `services`".to_owned()
            )]
        );
    }

    #[test]
    fn a_variable_left_in_a_field_the_gate_reads_is_a_problem_at_it() {
        for (text, line, column, what) in [
            (
                "services:\n  \"${CHAT}\":\n    image: chat\n",
                2,
                3,
                "the service's name holds a variable (`${CHAT}`)",
            ),
            (
                "services:\n  chat:\n    image: chat\n    profiles: [prod, \"$CHAT_PROFILE\"]\n",
                4,
                22,
                "a profile name holds a variable (`$CHAT_PROFILE`)",
            ),
            (
                "services:\n  chat:\n    image: chat\n    labels: {\"${KEY}\": webinar-chat}\n",
                4,
                14,
                "a label's key holds a variable",
            ),
            (
                "services:\n  chat:\n    image: chat\n    labels: {profile-check.module: \"${MODULE:-webinar-chat}\"}\n",
                4,
                36,
                "the mapping label holds a variable",
            ),
            (
                "services:\n  chat:\n    image: chat\n    labels: [\"${KEY}=webinar-chat\"]\n",
                4,
                14,
                "a label's key holds a variable",
            ),
            (
                "services:\n  chat:\n    image: chat\n    labels: [\"profile-check.module=${M}\"]\n",
                4,
                14,
                "the mapping label holds a variable",
            ),
            (
                "services:\n  chat:\n    image: chat\n    deploy: {mode: \"${MODE:-global}\"}\n",
                4,
                20,
                "`deploy.mode` holds a variable",
            ),
        ] {
            let found = problems(text);
            assert!(
                found.len() == 1
                    && found
                        .iter()
                        .all(|(l, c, m)| *l == line && *c == column && m.contains(what)),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn escaped_dollars_and_variables_in_other_labels_are_read() {
        let text = "services:\n  chat:\n    image: chat\n    labels:\n      \
                    profile-check.module: webinar-chat\n      traefik.rule: \"Host(`${DOMAIN}`)\"\n      \
                    price: \"$$5\"\n    profiles: [\"prod$$\"]\n";
        let options = Options {
            compose_profiles: vec!["prod$$".to_owned()],
            ..Options::default()
        };
        assert_eq!(
            seen(text, &options)
                .first()
                .map(|s| (s.1.clone(), s.3, s.4)),
            Some((
                Some("webinar-chat".to_owned()),
                true,
                Evidence::ProfileEnabled
            ))
        );
        let listed = "services:\n  chat:\n    image: chat\n    labels: [\"traefik.rule=Host(`${DOMAIN}`)\"]\n";
        assert_eq!(seen(listed, &Options::default()).len(), 1);
    }

    #[test]
    fn null_labels_and_a_null_mode_say_nothing() {
        let text = "services:\n  chat:\n    image: chat\n    labels: null\n    deploy: {mode: null, replicas: 0}\n";
        assert_eq!(
            seen(text, &Options::default())
                .first()
                .map(|s| (s.1.clone(), s.2.clone(), s.3, s.4)),
            Some((
                Some("chat".to_owned()),
                Some(MappedBy::Name),
                false,
                Evidence::Replicas(0)
            ))
        );
    }

    #[test]
    fn a_label_counts_whatever_the_map_or_ignore_say() {
        let text = "services:\n  chat:\n    image: chat\n    labels: [profile-check.module=webinar-chat]\n";
        let mut options = Options::default();
        options.mapping.ignore.push("chat".to_owned());
        let Ok(d) = read_with(text, &options) else {
            panic!("reads")
        };
        assert_eq!(d.workloads.first().map(|w| &w.owner), Some(&Owner::Ignored));
        assert_eq!(d.workloads_of("webinar-chat").count(), 1);
        let mut options = Options::default();
        options.mapping.workloads.insert(
            "ui-webinar-room".to_owned(),
            vec!["service/chat".to_owned()],
        );
        let Ok(d) = read_with(text, &options) else {
            panic!("reads")
        };
        assert_eq!(d.workloads_of("webinar-chat").count(), 1);
        assert_eq!(d.workloads_of("ui-webinar-room").count(), 1);
        // Unlabelled, an ignored service is no module's.
        let bare = "services:\n  chat:\n    image: chat\n";
        let mut options = Options::default();
        options.mapping.ignore.push("chat".to_owned());
        let Ok(d) = read_with(bare, &options) else {
            panic!("reads")
        };
        assert_eq!(d.workloads_of("chat").count(), 0);
    }
}
