//! The planner's tests: each fix on block and flow YAML, LF and CRLF, comments on the
//! edited lines, what is refused, and that a plan never panics and never changes a value
//! the fix does not name.

#![allow(
    clippy::indexing_slicing,
    reason = "test helpers over their own vectors"
)]

use super::*;
use crate::rules::test_support::{CONTOURS, inputs, profile};

const CORE: &str = "  - id: core\n    name: Core\n    role: core\n    status: required\n";

/// The text after `--fix` on `text` with `inputs`, and the plan.
fn fixed_with(text: &str, inputs: &Inputs) -> (String, Plan) {
    let plan = match plan(&Source::new("test.yaml", text), inputs) {
        Ok(plan) => plan,
        Err(e) => panic!("{e}\n{text}"),
    };
    (plan.apply(text), plan)
}

fn fixed(text: &str) -> (String, Plan) {
    fixed_with(text, &inputs(&[]))
}

/// The lines removed from `before` (`-`) and added in `after` (`+`), by a longest common
/// subsequence of lines (the texts of these tests are small).
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let (n, m) = (a.len(), b.len());
    // common[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < m && (i == n || common[i][j + 1] >= common[i + 1][j]) {
            out.push(format!("+{}", b[j]));
            j += 1;
        } else {
            out.push(format!("-{}", a[i]));
            i += 1;
        }
    }
    // Removals first, as a diff shows them.
    out.sort_by_key(|l| !l.starts_with('-'));
    out
}

/// The rules' verdict on `text`: its findings' rule ids.
fn rule_ids(text: &str, inputs: &Inputs) -> Vec<RuleId> {
    let Ok(profile) = load::profile(&Source::new("t.yaml", text)) else {
        panic!("the fixed text reads: {text}")
    };
    let mut context = Context::new(&profile, inputs);
    rules::run(&mut context)
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn a_block_active_true_line_goes_and_nothing_else() {
    let modules = format!(
        "{CORE}  - id: webinar-chat\n    name: Chat\n    role: ui\n    status: disabled\n    active: true\n    notes: off\n"
    );
    let text = profile(CONTOURS, &modules, "dev_only: []\nanalytics_only: []\n");
    let (after, plan) = fixed(&text);
    assert_eq!(changed_lines(&text, &after), ["-    active: true\n"]);
    assert_eq!(plan.fixed.len(), 1);
    assert_eq!(
        plan.fixed.first().map(|n| n.rule),
        Some(RuleId::DisabledInactive)
    );
    assert_eq!(plan.fixed.first().map(|n| n.line), Some(17));
    assert!(rule_ids(&after, &inputs(&[])).is_empty());
    // Idempotent.
    let (again, plan) = fixed(&after);
    assert_eq!(again, after);
    assert!(plan.edits.is_empty() && plan.fixed.is_empty());
}

#[test]
fn a_comment_on_the_removed_line_stays_as_a_line_of_its_own() {
    let modules = format!(
        "{CORE}  - id: webinar-chat\n    name: Chat\n    role: ui\n    status: disabled\n    active: true   # on for the demo\n"
    );
    let text = profile(CONTOURS, &modules, "dev_only: []\nanalytics_only: []\n");
    let (after, _) = fixed(&text);
    assert_eq!(
        changed_lines(&text, &after),
        [
            "-    active: true   # on for the demo\n",
            "+    # on for the demo\n"
        ]
    );
}

#[test]
fn crlf_files_stay_crlf() {
    let modules = format!(
        "{CORE}  - id: webinar-chat # the chat\n    name: Chat\n    role: ui\n    status: disabled\n    active: true\n    notes: off\n"
    );
    let marks = "dev_only: []\nanalytics_only:\n  - webinar-chat  # wrong\n";
    let text = profile(CONTOURS, &modules, marks).replace('\n', "\r\n");
    let (after, plan) = fixed(&text);
    assert_eq!(plan.fixed.len(), 2, "{plan:?}");
    assert!(!after.contains("active: true"));
    assert!(
        after.contains("analytics_only: []\r\n  # wrong\r\n"),
        "{after:?}"
    );
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
    assert!(after.contains("# the chat\r\n"));
    assert!(rule_ids(&after, &inputs(&[])).is_empty());
    // A lone CR ends a line as well.
    let text = text.replace("\r\n", "\r");
    let (after, plan) = fixed(&text);
    assert_eq!(plan.fixed.len(), 2, "{plan:?}");
    assert!(!after.contains('\n'));
}

#[test]
fn flow_modules_lose_the_entry_with_its_comma() {
    for (module, expected) in [
        (
            "  - {id: webinar-chat, name: W, role: ui, status: disabled, active: true}\n",
            "  - {id: webinar-chat, name: W, role: ui, status: disabled}\n",
        ),
        (
            "  - {id: webinar-chat, active: true, name: W, role: ui, status: disabled}\n",
            "  - {id: webinar-chat, name: W, role: ui, status: disabled}\n",
        ),
        (
            "  - {id: webinar-chat, name: W, role: ui, status: disabled, active: true,}\n",
            "  - {id: webinar-chat, name: W, role: ui, status: disabled,}\n",
        ),
        (
            "  - { id: webinar-chat , 'active' : TRUE ,name: W, role: ui, status: disabled }\n",
            "  - { id: webinar-chat , name: W, role: ui, status: disabled }\n",
        ),
    ] {
        let text = profile(
            CONTOURS,
            &format!("{CORE}{module}"),
            "dev_only: []\nanalytics_only: []\n",
        );
        let (after, plan) = fixed(&text);
        assert_eq!(
            changed_lines(&text, &after),
            [format!("-{module}"), format!("+{expected}")],
            "{plan:?}"
        );
    }
}

#[test]
fn what_cannot_be_edited_exactly_is_left_and_said() {
    for module in [
        // The field opens the list item.
        "  - active: true\n    id: webinar-chat\n    name: W\n    role: ui\n    status: disabled\n",
        // Alone on the last line of a flow mapping: taking the comma would join two lines.
        "  - {id: webinar-chat, name: W, role: ui, status: disabled,\n     active: true}\n",
    ] {
        let text = profile(
            CONTOURS,
            &format!("{CORE}{module}"),
            "dev_only: []\nanalytics_only: []\n",
        );
        let (after, plan) = fixed(&text);
        assert_eq!(after, text);
        assert!(plan.edits.is_empty());
        assert_eq!(plan.unfixed.len(), 1, "{plan:?}");
        assert!(
            plan.unfixed
                .first()
                .is_some_and(|n| n.what.contains("by hand") || n.what.contains("left as it is")),
            "{plan:?}"
        );
    }
}

#[test]
fn an_anchored_switch_is_never_edited_through_its_alias() {
    // Two modules share one anchored value: removing either `active` would change the
    // other, so neither is touched.
    let modules = format!(
        "{CORE}  - {{id: a-chat, name: A, role: ui, status: disabled, active: &on true}}\n  - {{id: b-chat, name: B, role: ui, status: required, active: *on}}\n"
    );
    let text = profile(CONTOURS, &modules, "dev_only: []\nanalytics_only: []\n");
    let (after, plan) = fixed(&text);
    assert_eq!(after, text, "{plan:?}");
    assert_eq!(plan.unfixed.len(), 1);
}

const MARKED: &str = "  - {id: tracker, name: T, role: analytics, status: required}\n  - {id: old-tracker, name: O, role: analytics, status: disabled}\n  - {id: probe, name: P, role: analytics, status: disabled}\n";

#[test]
fn disabled_modules_leave_block_and_flow_mark_lists() {
    for (marks, expected) in [
        (
            "dev_only: []\nanalytics_only:\n  - tracker\n  - old-tracker\n  - probe # gone\n",
            "dev_only: []\nanalytics_only:\n  - tracker\n  # gone\n",
        ),
        (
            "dev_only: []\nanalytics_only: [old-tracker, tracker, probe]\n",
            "dev_only: []\nanalytics_only: [tracker]\n",
        ),
        (
            "dev_only: []\nanalytics_only: [tracker, old-tracker, probe]\n",
            "dev_only: []\nanalytics_only: [tracker]\n",
        ),
        (
            "dev_only: []\nanalytics_only: [old-tracker, probe, tracker]\n",
            "dev_only: []\nanalytics_only: [tracker]\n",
        ),
        (
            "dev_only: []\nanalytics_only: ['old-tracker', \"tracker\"]\n",
            "dev_only: []\nanalytics_only: [\"tracker\"]\n",
        ),
        (
            "dev_only: [probe]\nanalytics_only: [tracker]\n",
            "dev_only: []\nanalytics_only: [tracker]\n",
        ),
        (
            "dev_only:   # none\n  - probe\nanalytics_only: [tracker]\n",
            "dev_only: []   # none\nanalytics_only: [tracker]\n",
        ),
        (
            "dev_only : # none\n  - probe\nanalytics_only: [tracker]\n",
            "dev_only : [] # none\nanalytics_only: [tracker]\n",
        ),
    ] {
        let text = profile(CONTOURS, MARKED, marks);
        let (after, plan) = fixed(&text);
        assert_eq!(
            after,
            profile(CONTOURS, MARKED, expected),
            "{marks}\n{plan:?}"
        );
        let left: Vec<RuleId> = rule_ids(&after, &inputs(&[]));
        assert!(!left.contains(&RuleId::MarksConsistent), "{left:?}");
        let (again, _) = fixed(&after);
        assert_eq!(again, after, "idempotent: {marks}");
    }
}

#[test]
fn an_unknown_id_in_a_mark_is_no_safe_fix() {
    let text = profile(
        CONTOURS,
        MARKED,
        "dev_only: []\nanalytics_only: [tracker, trackr]\n",
    );
    let (after, plan) = fixed(&text);
    assert_eq!(after, text);
    assert!(plan.fixed.is_empty() && plan.unfixed.is_empty());
}

#[test]
fn the_date_is_set_to_today_in_its_own_quotes() {
    let baseline = profile(CONTOURS, CORE, "dev_only: []\nanalytics_only: []\n");
    let changed = CORE.replace("required", "optional");
    for (written, expected) in [
        ("2026-01-28", "2026-02-01"),
        ("'2026-01-28'  # the day", "'2026-02-01'  # the day"),
        ("\"2026-01-28\"", "\"2026-02-01\""),
    ] {
        let text = profile(CONTOURS, &changed, "dev_only: []\nanalytics_only: []\n").replace(
            "last_updated: 2026-01-28",
            &format!("last_updated: {written}"),
        );
        let inputs = inputs(&[(InputKind::Baseline, &baseline)]);
        let (after, plan) = fixed_with(&text, &inputs);
        assert_eq!(
            changed_lines(&text, &after),
            [
                format!("-  last_updated: {written}\n"),
                format!("+  last_updated: {expected}\n")
            ],
            "{plan:?}"
        );
        assert!(rule_ids(&after, &inputs).is_empty());
        let (again, _) = fixed_with(&after, &inputs);
        assert_eq!(again, after);
    }
}

#[test]
fn a_date_not_later_than_the_baseline_is_not_set() {
    // The baseline is dated after `--today`: setting today would not fix the finding.
    let baseline = profile(CONTOURS, CORE, "dev_only: []\nanalytics_only: []\n")
        .replace("2026-01-28", "2026-03-01");
    let text = profile(
        CONTOURS,
        &CORE.replace("required", "optional"),
        "dev_only: []\nanalytics_only: []\n",
    );
    let inputs = inputs(&[(InputKind::Baseline, &baseline)]);
    let (after, plan) = fixed_with(&text, &inputs);
    assert_eq!(after, text);
    assert!(plan.edits.is_empty());
}

#[test]
fn a_status_is_never_changed() {
    // A required module switched off: the only remedy is a decision, not an edit.
    let module = "  - {id: core, name: C, role: core, status: required, active: false}\n";
    let text = profile(CONTOURS, module, "dev_only: []\nanalytics_only: []\n");
    let (after, plan) = fixed(&text);
    assert_eq!(after, text);
    assert!(plan.edits.is_empty());
}

#[test]
fn waived_findings_are_left_alone() {
    let modules = format!(
        "{CORE}  - {{id: webinar-chat, name: W, role: ui, status: disabled, active: true}}\n"
    );
    let text = profile(CONTOURS, &modules, "dev_only: []\nanalytics_only: []\n");
    let waivers = "waivers:\n  - rule: disabled-inactive\n    module: webinar-chat\n    reason: demo\n    owner: ops\n    expires: 2026-03-01\n";
    let inputs = inputs(&[(InputKind::Waivers, waivers)]);
    let (after, plan) = fixed_with(&text, &inputs);
    assert_eq!(after, text, "{plan:?}");
}

#[test]
fn edits_apply_in_order_and_skip_overlaps() {
    let edits = [
        Edit {
            start: 1,
            end: 2,
            text: "X".to_owned(),
        },
        Edit {
            start: 1,
            end: 3,
            text: "Y".to_owned(),
        },
        Edit {
            start: 4,
            end: 4,
            text: "+".to_owned(),
        },
    ];
    assert_eq!(apply("abcdef", &edits), "aXcd+ef");
    assert_eq!(apply("abc", &[]), "abc");
    assert_eq!(
        apply(
            "abc",
            &[Edit {
                start: 2,
                end: 1,
                text: "Z".to_owned()
            }]
        ),
        "abc"
    );
}

#[test]
fn the_diff_is_unified_and_keeps_line_breaks() {
    let text = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
    let edits = [
        Edit {
            start: 2,
            end: 4,
            text: String::new(),
        },
        Edit {
            start: 20,
            end: 21,
            text: "K".to_owned(),
        },
    ];
    assert_eq!(
        unified("p.yaml", text, &edits),
        "--- a/p.yaml\n+++ b/p.yaml\n@@ -1,5 +1,4 @@\n a\n-b\n c\n d\n e\n@@ -8,5 +7,5 @@\n h\n i\n j\n-k\n+K\n l\n"
    );
    assert_eq!(unified("p.yaml", text, &[]), "");
    let crlf = "a\r\nb\r\nc";
    assert_eq!(
        unified(
            "p.yaml",
            crlf,
            &[Edit {
                start: 6,
                end: 7,
                text: "C".to_owned()
            }]
        ),
        "--- a/p.yaml\n+++ b/p.yaml\n@@ -1,3 +1,3 @@\n a\r\n b\r\n-c\n\\ No newline at end of file\n+C\n\\ No newline at end of file\n"
    );
}

#[test]
fn every_rule_marked_safe_says_what_its_fix_does() {
    for rule in crate::rules::RULES {
        assert_eq!(
            rule.id.fix() == crate::rules::Fix::Safe,
            describe(rule.id).is_some(),
            "{}",
            rule.name()
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A module of a generated profile, block or flow, with or without a switch.
    fn module() -> impl Strategy<Value = (String, bool)> {
        (
            0..3usize,
            any::<bool>(),
            prop::option::of(any::<bool>()),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(status, flow, active, comment, crlf_note)| {
                let status = ["required", "optional", "disabled"][status % 3];
                let active = active.map(|a| format!("active: {a}"));
                let comment = if comment { "  # note" } else { "" };
                let _ = crlf_note;
                let text = if flow {
                    let active = active.map(|a| format!(", {a}")).unwrap_or_default();
                    format!("  - {{id: ID, name: NAME, role: analytics, status: {status}{active}}}{comment}\n")
                } else {
                    let active = active.map(|a| format!("    {a}{comment}\n")).unwrap_or_default();
                    format!("  - id: ID\n    name: NAME\n    role: analytics\n    status: {status}\n{active}")
                };
                (text, status == "disabled")
            })
    }

    fn generated() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(module(), 1..6),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(modules, flow_marks, crlf, all_marked)| {
                let mut text = String::new();
                let mut ids = Vec::new();
                for (i, (module, _)) in modules.iter().enumerate() {
                    let id = format!("m{i}-mod");
                    text.push_str(&module.replace("ID", &id).replace("NAME", &format!("M{i}")));
                    if all_marked || i % 2 == 0 {
                        ids.push(id);
                    }
                }
                let marks = if flow_marks {
                    format!("dev_only: []\nanalytics_only: [{}]\n", ids.join(", "))
                } else if ids.is_empty() {
                    "dev_only: []\nanalytics_only: []\n".to_owned()
                } else {
                    format!(
                        "dev_only: []\nanalytics_only: # marks\n{}",
                        ids.iter().map(|i| format!("  - {i}\n")).collect::<String>()
                    )
                };
                let text = profile(CONTOURS, &text, &marks);
                if crlf {
                    text.replace('\n', "\r\n")
                } else {
                    text
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// A fix leaves no finding it can fix, changes nothing a second time, keeps every
        /// comment and line break, and removes only lines that hold what it names.
        #[test]
        fn fixes_are_exact_and_idempotent(text in generated()) {
            let (after, plan) = fixed(&text);
            let left = rule_ids(&after, &inputs(&[]));
            prop_assert!(!left.contains(&RuleId::DisabledInactive), "{after}\n{plan:?}");
            let (again, _) = fixed(&after);
            prop_assert_eq!(&again, &after);
            prop_assert_eq!(text.matches('#').count(), after.matches('#').count());
            prop_assert_eq!(text.contains('\r'), after.contains('\r'));
            for line in changed_lines(&text, &after) {
                if let Some(removed) = line.strip_prefix('-') {
                    prop_assert!(
                        removed.contains("active: true") || removed.contains("-mod") || removed.contains("analytics_only"),
                        "{line:?}"
                    );
                }
            }
        }

        /// Whatever the text, planning a fix never panics.
        #[test]
        fn hostile_text_never_panics(text in "[ -~\\n\\r\\t{}\\[\\],:#&*!'\"-]{0,200}") {
            let _ = plan(&Source::new("x.yaml", text.as_str()), &inputs(&[]));
        }

        /// Nor does a real profile with bytes spliced in anywhere.
        #[test]
        fn spliced_profiles_never_panic(
            at in 0usize..2000,
            junk in "[ -~\\n\\r\\t\u{00e9}\u{0416}]{0,12}",
        ) {
            let base = include_str!("../../examples/drifted.yaml");
            let mut at = at.min(base.len());
            while !base.is_char_boundary(at) {
                at -= 1;
            }
            let text = format!("{}{junk}{}", base.get(..at).unwrap_or_default(), base.get(at..).unwrap_or_default());
            if let Ok(plan) = plan(&Source::new("x.yaml", text.as_str()), &inputs(&[])) {
                let _ = unified("x.yaml", &text, &plan.edits);
            }
        }
    }
}

#[test]
fn with_the_document_the_yaml_takes_its_values_in_place() {
    let yaml = include_str!("../../profiles/prod.yaml");
    for doc in [
        include_str!("../../tests/profiles/doc/name-and-role-changed.md"),
        include_str!("../../tests/profiles/doc/status-changed.md"),
        include_str!("../../tests/profiles/doc/header-changed.md"),
    ] {
        let inputs = inputs(&[(InputKind::Doc, doc)]);
        let before = rule_ids(yaml, &inputs);
        assert!(before.contains(&RuleId::DocSync), "{before:?}");
        let (after, plan) = fixed_with(yaml, &inputs);
        assert!(!plan.fixed.is_empty(), "{plan:?}");
        assert!(
            !rule_ids(&after, &inputs).contains(&RuleId::DocSync),
            "{plan:?}\n{after}"
        );
        // Only the lines of the values changed: as many lines, every comment kept.
        assert_eq!(after.lines().count(), yaml.lines().count());
        assert_eq!(after.matches('#').count(), yaml.matches('#').count());
        let changed = changed_lines(yaml, &after);
        assert_eq!(changed.len(), 2 * plan.fixed.len(), "{changed:?}");
        let (again, _) = fixed_with(&after, &inputs);
        assert_eq!(again, after);
    }
}

#[test]
fn a_new_value_is_quoted_as_its_place_needs() {
    let lines = |t: &'static str| text::Lines::new(t);
    let root = |t: &str| match tree::parse(t, &crate::load::profile::READING) {
        Ok(root) => root,
        Err(e) => panic!("{e:?}"),
    };
    let field = doc::Field::Module("a".to_owned(), "name");
    for (yaml, value, expected) in [
        (
            "modules:\n  - {id: a, name: X}\n",
            "Chat, v2",
            "\"Chat, v2\"",
        ),
        ("modules:\n  - id: a\n    name: 'X'\n", "it's", "\"it's\""),
        ("modules:\n  - id: a\n    name: 'X'\n", "Chat", "'Chat'"),
        (
            "modules:\n  - id: a\n    name: \"X\"\n",
            "a \"b\"",
            "\"a \\\"b\\\"\"",
        ),
        ("modules:\n  - id: a\n    name: X\n", "true", "\"true\""),
        ("modules:\n  - id: a\n    name: X\n", "Chat", "Chat"),
        ("modules:\n  - id: a\n    name: X'\n", "Chat", "Chat"),
        ("modules:\n  - id: a\n    name: X\"\n", "Chat", "Chat"),
        (
            "modules:\n  - id: a\n    name: \"X\"\n",
            "a\u{7}b",
            "\"a\\u0007b\"",
        ),
        (
            "modules:\n  - id: a\n    name: 'X'\n",
            "a\u{7}b",
            "\"a\\u0007b\"",
        ),
    ] {
        let edit = doc::set(&lines(yaml), &root(yaml), &field, value);
        assert_eq!(edit.map(|e| e.text), Ok(expected.to_owned()), "{yaml}");
    }
    assert_eq!(field.describe(), "the name of `a`");
    assert_eq!(doc::Field::Header("owner").describe(), "`document.owner`");
    let missing = doc::Field::Module("b".to_owned(), "name");
    let yaml = "modules:\n  - {id: a, name: X}\n";
    assert!(doc::set(&lines(yaml), &root(yaml), &missing, "Y").is_err());
}
