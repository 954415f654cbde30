//! Properties over generated profiles: a valid profile passes, a profile with one broken
//! rule fails with that rule, and no edit of the text makes the check panic.

use proptest::prelude::*;

use profile_check::profile::Date;
use profile_check::rules::RuleId;
use profile_check::source::Source;
use profile_check::{EXIT_FAIL, EXIT_INPUT, EXIT_PASS, Inputs, ProfileRun, check_source};

#[derive(Debug, Clone, Copy)]
struct Spec {
    role: &'static str,
    status: &'static str,
    emits: bool,
    /// Consume the event of this earlier module, if it emits and is required.
    consumes: Option<usize>,
}

/// One way to break exactly one rule.
#[derive(Debug, Clone, Copy)]
enum Break {
    LiveOff,
    AutoOn,
    DevOnlyListed,
    RequiredSwitchedOff,
    DisabledSwitchedOn,
    UnknownMark,
    ConsumerWithoutProducer,
}

impl Break {
    fn rule(self) -> RuleId {
        match self {
            Self::LiveOff => RuleId::LiveContourEnabled,
            Self::AutoOn => RuleId::AutoContourDisabled,
            Self::DevOnlyListed => RuleId::NoDevOnly,
            Self::RequiredSwitchedOff => RuleId::RequiredActive,
            Self::DisabledSwitchedOn => RuleId::DisabledInactive,
            Self::UnknownMark => RuleId::MarksConsistent,
            Self::ConsumerWithoutProducer => RuleId::EventFlow,
        }
    }
}

fn module_spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec!["core", "ui", "integration", "analytics"]),
        prop::sample::select(vec!["required", "optional", "disabled"]),
        any::<bool>(),
        prop::option::of(0usize..64),
    )
        .prop_map(|(role, status, emits, consumes)| Spec {
            role,
            status,
            emits,
            consumes,
        })
}

/// A profile that passes every rule, with `broken` applied where given. The first module
/// is always required and the second always disabled, so every break has a target.
fn render(specs: &[Spec], broken: Option<Break>) -> String {
    let mut specs = specs.to_vec();
    if let Some(first) = specs.first_mut() {
        first.status = "required";
    }
    if let Some(second) = specs.get_mut(1) {
        second.status = "disabled";
    }
    let mut out = String::from(
        "profile: PROD\nproduct: Webinars MVP v1++\ndocument:\n  status: PROCESS\n  \
         owner: Architect\n  last_updated: 2026-01-28\ncontours:\n",
    );
    let live = if matches!(broken, Some(Break::LiveOff)) {
        "disabled"
    } else {
        "enabled"
    };
    let auto = if matches!(broken, Some(Break::AutoOn)) {
        "enabled"
    } else {
        "disabled"
    };
    out.push_str(&format!("  live: {live}\n  auto: {auto}\nmodules:\n"));
    for (i, spec) in specs.iter().enumerate() {
        out.push_str(&format!(
            "  - id: module-{i}\n    name: Module {i}\n    role: {}\n    status: {}\n",
            spec.role, spec.status
        ));
        if spec.emits {
            out.push_str(&format!("    emits: [event_{i}]\n"));
        }
        let producer = spec.consumes.filter(|j| *j < i).filter(|j| {
            specs
                .get(*j)
                .is_some_and(|p| p.emits && p.status == "required")
        });
        let ghost = i == 0 && matches!(broken, Some(Break::ConsumerWithoutProducer));
        match (producer, ghost) {
            (_, true) => out.push_str("    consumes: [ghost_event]\n"),
            (Some(j), false) => out.push_str(&format!("    consumes: [event_{j}]\n")),
            (None, false) => {}
        }
        if i == 0 && matches!(broken, Some(Break::RequiredSwitchedOff)) {
            out.push_str("    active: false\n");
        }
        if i == 1 && matches!(broken, Some(Break::DisabledSwitchedOn)) {
            out.push_str("    active: true\n");
        }
    }
    let dev_only = if matches!(broken, Some(Break::DevOnlyListed)) {
        "[module-0]"
    } else {
        "[]"
    };
    let mut marks: Vec<String> = specs
        .iter()
        .enumerate()
        .filter(|(_, spec)| spec.role == "analytics" && spec.status != "disabled")
        .map(|(i, _)| format!("module-{i}"))
        .collect();
    if matches!(broken, Some(Break::UnknownMark)) {
        marks.push("no-such-module".to_owned());
    }
    out.push_str(&format!(
        "dev_only: {dev_only}\nanalytics_only: [{}]\n",
        marks.join(", ")
    ));
    out
}

fn check(text: String) -> ProfileRun {
    let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
    check_source(
        Source::new("generated.yaml".to_owned(), text),
        &Inputs::none(today),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_valid_profiles_pass(specs in prop::collection::vec(module_spec(), 2..40)) {
        let text = render(&specs, None);
        let run = check(text.clone());
        assert!(run.checked.is_some(), "{:?}\n{text}", run.diagnostics);
        let findings = run.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        prop_assert_eq!(findings, Vec::<String>::new(), "{}", text);
        prop_assert_eq!(run.code(false), EXIT_PASS);
    }

    #[test]
    fn one_broken_rule_fails_with_that_rule(
        specs in prop::collection::vec(module_spec(), 2..40),
        broken in prop::sample::select(vec![
            Break::LiveOff,
            Break::AutoOn,
            Break::DevOnlyListed,
            Break::RequiredSwitchedOff,
            Break::DisabledSwitchedOn,
            Break::UnknownMark,
            Break::ConsumerWithoutProducer,
        ]),
    ) {
        let text = render(&specs, Some(broken));
        let run = check(text.clone());
        prop_assert_eq!(run.code(false), EXIT_FAIL, "{}", text);
        assert!(run.checked.is_some(), "{:?}\n{text}", run.diagnostics);
        let rules: Vec<RuleId> = run.diagnostics.iter().filter_map(|d| d.rule).collect();
        prop_assert!(rules.contains(&broken.rule()), "{:?} not in {:?}\n{}", broken.rule(), rules, text);
    }

    #[test]
    fn edits_of_the_text_never_panic_and_never_pass_silently_broken(
        specs in prop::collection::vec(module_spec(), 2..12),
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in "[ -~\\n\\t]{0,12}",
    ) {
        let text = render(&specs, None);
        let start = at.index(text.len());
        let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + len).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        let edited = format!("{}{}{}", &text[..start], insert, &text[end..]);
        let run = check(edited);
        let code = run.code(false);
        prop_assert!([EXIT_PASS, EXIT_FAIL, EXIT_INPUT].contains(&code));
        if run.checked.is_some() {
            let errors = run.diagnostics.iter().any(|d| d.severity == profile_check::finding::Severity::Error);
            prop_assert_eq!(code == EXIT_PASS, !errors);
        }
    }
}

/// Characters an attacker would reach for, mixed with any character at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '\n',
        '\r',
        '\t',
        '\u{0}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{200b}',
        '\u{200c}',
        '\u{200d}',
        '\u{200e}',
        '\u{200f}',
        '\u{202a}',
        '\u{202e}',
        '\u{2066}',
        '\u{2069}',
        '\u{061c}',
        '\u{2028}',
        '\u{2029}',
        '\u{2060}',
        '\u{feff}',
        '\u{fffe}',
        '\u{ffff}',
        '\u{fdd0}',
        '\u{1fffe}',
        '\u{e0041}',
        '\u{ad}',
        '`',
        '|',
        '<',
        '>',
        '&',
        '"',
        '\'',
        '\\',
        '%',
        ':',
        ',',
        '!',
        '[',
        ']',
        '(',
        ')',
        '@',
        '#',
        '*',
        '_',
        '~',
        ' ',
        'Ч',
        '🙂',
    ]);
    let piece = prop_oneof![
        3 => special.prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => prop::sample::select(vec![
            "::error file=profiles/prod.yaml,line=1::Release approved",
            "::warning::x",
            "##[add-mask]FAIL",
            "##[warning title=x]approved",
            "##vso[task.complete result=Succeeded]",
            "##teamcity[buildStatus text='ok']",
            "![t](https://example.invalid/p.png)",
            "@someone",
            "<img src=x>",
            "]]>",
            "%0A",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|parts| parts.concat())
}

/// `text` as a YAML double-quoted scalar that holds exactly it.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// The input field a hostile value goes into.
#[derive(Debug, Clone, Copy)]
enum Field {
    ModuleName,
    Notes,
    Product,
    Owner,
    UnknownKey,
    UnknownMark,
    WaiverModule,
    WaiverOwner,
    WaiverReason,
    FileName,
    WorkloadName,
    Replicas,
    ServiceName,
}

const FIELDS: [Field; 13] = [
    Field::ModuleName,
    Field::Notes,
    Field::Product,
    Field::Owner,
    Field::UnknownKey,
    Field::UnknownMark,
    Field::WaiverModule,
    Field::WaiverOwner,
    Field::WaiverReason,
    Field::FileName,
    Field::WorkloadName,
    Field::Replicas,
    Field::ServiceName,
];

/// A run with `value` in `field`: a profile with a failing rule (so that findings are
/// rendered) and a waivers file with a live waiver that accepts it and one unused.
fn hostile_run(field: Field, value: &str) -> profile_check::CheckRun {
    use std::sync::Arc;

    use profile_check::inputs::InputKind;

    let q = quoted(value);
    let pick = |f: Field, plain: &str| {
        if std::mem::discriminant(&f) == std::mem::discriminant(&field) {
            q.clone()
        } else {
            plain.to_owned()
        }
    };
    let mark = match field {
        Field::UnknownMark => format!("[{q}]"),
        _ => "[]".to_owned(),
    };
    let key = match field {
        Field::UnknownKey => format!("{q}: 1\n"),
        _ => String::new(),
    };
    let profile = format!(
        "profile: PROD\nproduct: {}\ndocument:\n  status: PROCESS\n  owner: {}\n  \
         last_updated: 2026-01-28\ncontours:\n  live: enabled\n  auto: disabled\nmodules:\n  \
         - id: core\n    name: {}\n    role: core\n    status: required\n    notes: {}\n  \
         - id: chat\n    name: Chat\n    role: ui\n    status: disabled\n    active: true\n\
         dev_only: []\nanalytics_only: {mark}\n{key}",
        pick(Field::Product, "Webinars"),
        pick(Field::Owner, "Architect"),
        pick(Field::ModuleName, "Core"),
        pick(Field::Notes, "n"),
    );
    let waivers = format!(
        "waivers:\n  - rule: disabled-inactive\n    module: chat\n    reason: {}\n    \
         owner: {}\n    expires: 2026-03-01\n  - rule: event-flow\n    module: {}\n    \
         reason: r\n    owner: o\n    expires: 2026-03-01\n",
        pick(Field::WaiverReason, "pilot"),
        pick(Field::WaiverOwner, "Architect"),
        pick(Field::WaiverModule, "core"),
    );
    let name = match field {
        Field::FileName => value.to_owned(),
        _ => "p.yaml".to_owned(),
    };
    // Deployment material, for the fields read from it: a workload of no module is a
    // finding that names it, and a kind or a name that cannot be read is an input problem.
    let runtime = match field {
        Field::WorkloadName | Field::Replicas => Some(format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {}\n  labels: {{app.kubernetes.io/name: core}}\nspec:\n  replicas: {}\n",
            pick(Field::WorkloadName, "core"),
            pick(Field::Replicas, "1"),
        )),
        Field::ServiceName => Some(format!(
            "services:\n  {q}:\n    image: core:1\n    labels: {{profile-check.module: core}}\n"
        )),
        _ => None,
    };
    let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
    let mut inputs = Inputs::none(today);
    let read = inputs.read(
        InputKind::Waivers,
        Arc::new(Source::new("w.yaml".to_owned(), waivers)),
    );
    let read = read.and_then(|()| match runtime {
        Some(text) => inputs.read(
            InputKind::Runtime,
            Arc::new(Source::new("deploy.yaml".to_owned(), text)),
        ),
        None => Ok(()),
    });
    let run = match read {
        Ok(()) => check_source(Source::new(name, profile), &inputs),
        Err(error) => ProfileRun::unchecked(&name, &error, None),
    };
    profile_check::CheckRun {
        profiles: vec![run],
        strict: false,
    }
}

fn no_raw_hidden(format: &str, text: &str) -> Result<(), TestCaseError> {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| *c != '\n' && profile_check::escape::is_hidden(*c))
        .collect();
    prop_assert!(raw.is_empty(), "{}: raw {:?} in\n{}", format, raw, text);
    // A CI runner reads these anywhere in a line of a log: GitHub's legacy `##[command]`,
    // Azure's `##vso[`, TeamCity's `##teamcity[`.
    for opener in ["##[", "##vso[", "##teamcity["] {
        prop_assert!(
            !text.contains(opener),
            "{}: {} in\n{}",
            format,
            opener,
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_value_in_any_field_leaves_every_format_well_formed(
        field in prop::sample::select(FIELDS.to_vec()),
        value in hostile_text(),
    ) {
        use profile_check::report::{self, Format, Options};

        let run = hostile_run(field, &value);
        // Styles are ANSI sequences of the tool's own, stripped where colour is off.
        let stderr = anstream::adapter::strip_str(&report::input_problems(&run)).to_string();
        no_raw_hidden("stderr", &stderr)?;
        for line in stderr.lines() {
            prop_assert!(!line.trim_start().starts_with("::"), "stderr: forged command: {}", line);
        }
        for format in Format::ALL {
            let text = report::render(&run, *format, Options::default());
            let text = anstream::adapter::strip_str(&text).to_string();
            no_raw_hidden(format.name(), &text)?;
            // The runner reads every line of a log that starts with `::`: only the GitHub
            // format may print one.
            if *format != Format::Github {
                for line in text.lines() {
                    prop_assert!(!line.trim_start().starts_with("::"), "{}: forged command: {}", format.name(), line);
                }
            }
            match format {
                Format::Json => {
                    let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
                    prop_assert!(parsed.is_ok(), "JSON: {:?}\n{}", parsed.err(), text);
                }
                Format::Sarif => {
                    let parsed: serde_json::Value = match serde_json::from_str(&text) {
                        Ok(v) => v,
                        Err(e) => return Err(TestCaseError::fail(format!("SARIF: {e}\n{text}"))),
                    };
                    let (schemas, index) = sarif();
                    let valid = schemas.validate(&parsed, *index);
                    prop_assert!(valid.is_ok(), "SARIF schema: {:?}", valid.err().map(|e| e.to_string()));
                }
                Format::Gitlab => {
                    let parsed: serde_json::Value = match serde_json::from_str(&text) {
                        Ok(v) => v,
                        Err(e) => return Err(TestCaseError::fail(format!("GitLab: {e}\n{text}"))),
                    };
                    let issues = parsed.as_array().cloned().unwrap_or_default();
                    let expected = run.profiles.iter().map(|p| p.diagnostics.len()).sum::<usize>();
                    prop_assert_eq!(issues.len(), expected, "{}", text);
                    for issue in issues {
                        prop_assert!(issue["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1), "{}", issue);
                        prop_assert!(issue["location"]["path"].as_str().is_some_and(|p| !p.is_empty()), "{}", issue);
                    }
                }
                Format::Junit => {
                    let parsed = roxmltree::Document::parse(&text);
                    prop_assert!(parsed.is_ok(), "JUnit: {:?}\n{}", parsed.err(), text);
                }
                Format::Github => {
                    let lines: Vec<&str> = text.lines().collect();
                    let expected = run.profiles.iter().map(|p| p.diagnostics.len() + 1).sum::<usize>();
                    prop_assert_eq!(lines.len(), expected, "{}", text);
                    for line in lines {
                        prop_assert!(line.starts_with("::"), "not a command: {}", line);
                        // Exactly one command: its `::` separator, and none after.
                        let data = line.splitn(3, "::").nth(2).unwrap_or_default();
                        prop_assert!(!data.contains('\r'), "{}", line);
                    }
                }
                Format::Markdown => markdown_is_inert(&text)?,
                Format::Html => {
                    // Markup from a value is text on the page, never an element.
                    prop_assert!(!text.contains("<img src=x>"), "{}", text);
                    prop_assert!(!text.contains("]]>"), "{}", text);
                }
                Format::Text => {
                    for line in text.lines() {
                        prop_assert!(!line.trim_start().starts_with("::"), "forged command: {}", line);
                    }
                }
            }
        }
    }
}

/// The SARIF schema, compiled once for all cases.
fn sarif() -> &'static (boon::Schemas, boon::SchemaIndex) {
    static SCHEMA: std::sync::OnceLock<(boon::Schemas, boon::SchemaIndex)> =
        std::sync::OnceLock::new();
    SCHEMA.get_or_init(crate::reports::sarif_validator)
}

/// The Markdown report renders no link, image or HTML from its values, and every row of a
/// table has as many cells as its header.
fn markdown_is_inert(text: &str) -> Result<(), TestCaseError> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let mut cells = 0;
    let mut header_cells = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::Html(_)
            | Event::InlineHtml(_) => {
                return Err(TestCaseError::fail(format!("{event:?} in\n{text}")));
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead) => header_cells = Some(cells),
            Event::End(TagEnd::TableRow) => {
                prop_assert_eq!(Some(cells), header_cells, "{}", text);
            }
            Event::Text(t) => {
                prop_assert!(!t.contains("@someone"), "a mention outside code: {}", text);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The deployment fields above do reach the reports: a value that shows nowhere would make
/// the property hold for nothing. Each is shown escaped in the text of its finding or
/// input problem.
#[test]
fn values_read_from_deployment_material_reach_the_reports_escaped() {
    use profile_check::report::{self, Format, Options};

    for field in [Field::WorkloadName, Field::Replicas, Field::ServiceName] {
        let run = hostile_run(field, "x\u{1b}[2J");
        let shown = format!(
            "{}{}",
            report::render(&run, Format::Text, Options::default()),
            report::input_problems(&run)
        );
        let shown = anstream::adapter::strip_str(&shown).to_string();
        assert!(shown.contains("x\\u{1b}[2J"), "{field:?}: {shown}");
        assert!(!shown.contains('\u{1b}'), "{field:?}: {shown}");
    }
}

/// Every field, every format: a value that opens a CI log command (`##[add-mask]`, which
/// GitHub's runner reads anywhere in a line and which would hide the verdict) opens none.
#[test]
fn no_value_opens_a_ci_log_command_in_any_format() {
    use profile_check::report::{self, Format, Options};

    for field in FIELDS {
        let run = hostile_run(field, "x ##[add-mask]FAIL ##vso[task.complete]");
        let mut shown = anstream::adapter::strip_str(&report::input_problems(&run)).to_string();
        for format in Format::ALL {
            shown.push_str(&report::render(&run, *format, Options::default()));
        }
        for opener in ["##[", "##vso["] {
            assert!(!shown.contains(opener), "{field:?}: {opener} in\n{shown}");
        }
        // Notes are not shown by any report; every other field is, escaped.
        if !matches!(field, Field::Notes) {
            assert!(
                shown.contains("add-mask]FAIL"),
                "{field:?}: the value is shown\n{shown}"
            );
        }
    }
}
