//! `import` and `--doc` read the Architect's document as a reader sees it: every ordinary
//! way of writing it reads the same as the seed, nothing hidden or ambiguous is read, and
//! whatever is read survives `import` then `check` unchanged.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

use crate::support::{read, run, scratch};
use profile_check::load;
use profile_check::load::doc::DocProfile;
use profile_check::profile::Profile;
use profile_check::source::Source;
use profile_check::transcribe;

fn import(doc: &str) -> String {
    let output = match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(["import", doc])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run profile-check: {e}"),
    };
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn profile(name: &str, text: String) -> Profile {
    let source = profile_check::source::Source::new(name.to_owned(), text);
    match load::profile(&source) {
        Ok(profile) => profile,
        Err(e) => panic!("{name} does not load:\n{e}"),
    }
}

/// Everything the document states, without positions or events.
fn statement(p: &Profile) -> Vec<String> {
    statement_of(p, true)
}

/// What the document states; notes left out where a variation rewords them.
fn statement_of(p: &Profile, notes: bool) -> Vec<String> {
    let mut out = vec![
        p.profile.value.clone(),
        p.product.value.clone(),
        p.document.status.value.clone(),
        p.document.owner.value.clone(),
        p.document.last_updated.value.to_string(),
        p.contours.live.value.to_string(),
        p.contours.auto.value.to_string(),
    ];
    for m in &p.modules {
        out.push(format!(
            "{} | {} | {} | {} | {} | {:?}",
            m.id.value,
            m.name.value,
            m.role.value,
            m.status.value,
            m.contour(),
            m.notes.as_ref().map(|n| &n.value).filter(|_| notes)
        ));
    }
    out.extend(p.dev_only.iter().map(|d| format!("dev_only {}", d.value)));
    out.extend(
        p.analytics_only
            .iter()
            .map(|a| format!("analytics_only {}", a.value)),
    );
    out
}

#[test]
fn import_yields_the_shipped_transcription() {
    let imported = profile("imported", import("profiles/RUNTIME_PROFILE_PROD.md"));
    let shipped_text =
        match std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/profiles/prod.yaml")) {
            Ok(text) => text,
            Err(e) => panic!("{e}"),
        };
    let shipped = profile("profiles/prod.yaml", shipped_text);
    assert_eq!(imported.modules.len(), 16);
    assert_eq!(statement(&imported), statement(&shipped));
    assert!(
        imported
            .modules
            .iter()
            .all(|m| m.emits.is_empty() && m.consumes.is_empty())
    );
}

#[test]
fn the_imported_profile_passes_check_and_doc_sync() {
    let dir = std::env::temp_dir().join(format!("profile-check-import-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{e}");
    }
    let path = dir.join("imported.yaml");
    if let Err(e) = std::fs::write(&path, import("profiles/RUNTIME_PROFILE_PROD.md")) {
        panic!("{e}");
    }
    let output = match Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(["-q", "--doc", "profiles/RUNTIME_PROFILE_PROD.md"])
        .arg(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn reordered_columns_and_windows_line_endings_import_the_same() {
    let base = statement(&profile("base", import("profiles/RUNTIME_PROFILE_PROD.md")));
    for doc in [
        "tests/profiles/doc/columns-reordered.md",
        "tests/profiles/doc/extra-column.md",
        "tests/profiles/doc/crlf.md",
    ] {
        assert_eq!(statement(&profile(doc, import(doc))), base, "{doc}");
    }
}

/// The documents of a corpus folder, sorted.
fn corpus(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("missing {}", dir.display())
    };
    let mut docs: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("{folder}/{name}"))
        .collect();
    docs.sort();
    docs
}

fn exit_and_stderr(args: &[&str]) -> (Option<i32>, String) {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    (output.status.code(), stderr)
}

#[test]
fn every_ordinary_way_of_writing_the_document_reads_as_the_seed() {
    let seed = statement_of(
        &profile("seed", import("profiles/RUNTIME_PROFILE_PROD.md")),
        false,
    );
    let docs = corpus("tests/profiles/doc/same");
    assert!(docs.len() >= 30, "the corpus is there: {docs:?}");
    for doc in &docs {
        let (code, stderr) = exit_and_stderr(&["-q", "--doc", doc, "profiles/prod.yaml"]);
        assert_eq!(code, Some(0), "{doc}: --doc against prod.yaml\n{stderr}");
        let imported = import(doc);
        assert_eq!(
            statement_of(&profile(doc, imported.clone()), false),
            seed,
            "{doc}: import"
        );
        let name = format!("{}.yaml", doc.replace('/', "-"));
        let path = scratch(&name, imported);
        let path = path.to_string_lossy();
        let (code, stderr) = exit_and_stderr(&["-q", "--doc", doc, &path]);
        assert_eq!(code, Some(0), "{doc}: import, then check --doc\n{stderr}");
    }
}

#[test]
fn what_is_hidden_ambiguous_or_different_never_passes() {
    let docs = corpus("tests/profiles/doc/differ");
    assert!(docs.len() >= 12, "the corpus is there: {docs:?}");
    for doc in &docs {
        let (code, stderr) = exit_and_stderr(&["-q", "--doc", doc, "profiles/prod.yaml"]);
        assert!(
            matches!(code, Some(1 | 2)),
            "{doc}: must not pass, exit {code:?}"
        );
        if code == Some(2) {
            assert!(
                stderr.contains(doc.as_str()),
                "{doc}: names the file:\n{stderr}"
            );
        }
    }
}

#[test]
fn a_yaml_copying_the_dev_column_fails_against_the_prod_column() {
    let doc = "tests/profiles/doc/same/status-dev-column-first.md";
    // The DEV column says every module is required; the chat is disabled in PROD.
    let copied = read("profiles/prod.yaml").replacen(
        "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled",
        "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: required",
        1,
    );
    assert!(copied.contains("status: required\n    notes: Чат"));
    let path = scratch("dev-column.yaml", copied);
    let (code, _) = exit_and_stderr(&["-q", "--doc", doc, &path.to_string_lossy()]);
    assert_eq!(code, Some(1));
}

/// `profiles/prod.yaml` with the chat switched on (`required`) and, when `dev_only`, marked
/// dev-only.
fn chat_switched_on(dev_only: bool) -> String {
    let yaml = read("profiles/prod.yaml").replacen(
        "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: disabled",
        "  - id: webinar-chat\n    name: Webinar Chat\n    role: ui\n    status: required",
        1,
    );
    assert!(yaml.contains("status: required\n    notes: Чат"));
    if dev_only {
        let marked = yaml.replacen("dev_only: []", "dev_only:\n  - webinar-chat", 1);
        assert_ne!(marked, yaml);
        marked
    } else {
        yaml
    }
}

#[test]
fn a_status_column_of_another_environment_is_never_read_as_prod() {
    let seed = read("profiles/RUNTIME_PROFILE_PROD.md");
    let yaml = scratch("chat-on.yaml", chat_switched_on(false));
    let yaml = yaml.to_string_lossy();
    let header = "Status in PROD (required / optional / disabled)";
    let chat = "| Webinar Chat (webinar-chat) | ui | disabled |";
    for other in [
        "Status in PRE-PROD",
        "Status (not PROD)",
        "Status outside PROD",
        "Status in PRODUCTION",
        "Status in NONPROD",
        "Статус кроме PROD",
        "Статус вне PROD",
        "Статус без PROD",
    ] {
        // The attack: the only status column is another environment's, and says the chat
        // is on, as the YAML does.
        let doc = seed.replacen(header, other, 1).replacen(
            chat,
            "| Webinar Chat (webinar-chat) | ui | required |",
            1,
        );
        let path = scratch("other-environment.md", doc);
        let path = path.to_string_lossy();
        let (code, stderr) = exit_and_stderr(&["-q", "--doc", &path, &yaml]);
        assert_eq!(code, Some(2), "{other}: {stderr}");
        assert!(
            stderr.contains("has no status column for PROD") && stderr.contains(other),
            "{other}: names the columns it saw:\n{stderr}"
        );
        let (code, _) = exit_and_stderr(&["import", &path]);
        assert_eq!(code, Some(2), "{other}: import");
        // Beside the PROD column it is simply another column: the PROD column is read.
        let beside = seed.replacen(header, &format!("{header} | {other}"), 1);
        let beside = beside.replacen(
            "| --- | --- | --- | --- |",
            "| --- | --- | --- | --- | --- |",
            1,
        );
        let beside: String = beside
            .split_inclusive('\n')
            .map(|line| match line.strip_suffix(" |\n") {
                Some(row) if line.starts_with("| ") && line.matches(" | ").count() == 3 => {
                    match row.rsplit_once(" | ") {
                        Some((head, notes)) => format!("{head} | required | {notes} |\n"),
                        None => line.to_owned(),
                    }
                }
                _ => line.to_owned(),
            })
            .collect();
        let path = scratch("beside-prod.md", beside);
        let path = path.to_string_lossy();
        let (code, stderr) = exit_and_stderr(&["-q", "--doc", &path, "profiles/prod.yaml"]);
        assert_eq!(code, Some(0), "{other} beside PROD:\n{stderr}");
        let (code, _) = exit_and_stderr(&["-q", "--doc", &path, &yaml]);
        assert_eq!(code, Some(1), "{other} beside PROD, chat switched on");
    }
}

#[test]
fn a_mark_section_that_names_a_module_is_never_read_as_empty() {
    let seed = read("profiles/RUNTIME_PROFILE_PROD.md");
    let none = "- Нет модулей dev-only в PROD профиле.";
    for yaml_marks in [false, true] {
        let yaml = scratch("chat-on.yaml", chat_switched_on(yaml_marks));
        let yaml = yaml.to_string_lossy();
        for bullet in [
            "- Нет модулей dev-only в PROD профиле, кроме Webinar Chat.",
            "- Нет модулей dev-only в PROD профиле (Webinar Chat — временно).",
            "- Нет модулей dev-only в PROD профиле.\n(Webinar Chat — временно)",
            "- Нет модулей dev-only в PROD профиле.\n  - Webinar Chat",
            "- (Webinar Chat — временно)",
            "- None except `webinar-chat`",
        ] {
            let doc = seed.replacen(none, bullet, 1).replacen(
                "| Webinar Chat (webinar-chat) | ui | disabled |",
                "| Webinar Chat (webinar-chat) | ui | required |",
                1,
            );
            let path = scratch("mark.md", doc);
            let path = path.to_string_lossy();
            let (code, stderr) = exit_and_stderr(&["-q", "--doc", &path, &yaml]);
            assert_eq!(code, Some(2), "{bullet}: {stderr}");
            assert!(stderr.contains("Dev-only section"), "{bullet}: {stderr}");
        }
    }
}

#[test]
fn hostile_nesting_and_markup_are_refused_before_parsing() {
    let cases: [(&str, String); 5] = [
        ("nested-quotes.md", ">".repeat(1_000_000)),
        ("nested-divs.md", "<div>".repeat(90_000)),
        ("nested-lists.md", "- ".repeat(500_000)),
        ("brackets.md", "[".repeat(3_000_000)),
        ("emphasis.md", "*a ".repeat(2_000_000)),
    ];
    for (name, text) in cases {
        let path = scratch(name, text);
        let path = path.to_string_lossy();
        for args in [
            vec!["import", &*path],
            vec!["-q", "--doc", &*path, "profiles/prod.yaml"],
        ] {
            let (code, stderr) = exit_and_stderr(&args);
            assert_eq!(code, Some(2), "{name} {args:?}");
            assert!(
                stderr.contains("the limit") || stderr.contains("over the limit"),
                "{name}: says which limit:\n{stderr}"
            );
            assert!(stderr.contains(":1:1"), "{name}: at the line:\n{stderr}");
        }
    }
}

fn read_doc(text: &str) -> Result<DocProfile, String> {
    load::doc(&Source::new("doc.md", text)).map_err(|e| e.to_string())
}

/// What a document says, as `doc-sync` compares it.
fn said(doc: &DocProfile) -> Vec<String> {
    let mut out = vec![
        doc.profile.value.clone(),
        doc.product.value.clone(),
        doc.status.value.clone(),
        doc.owner.value.clone(),
        doc.last_updated.value.to_string(),
        doc.live.value.to_string(),
        doc.auto.value.to_string(),
    ];
    for m in &doc.modules {
        out.push(format!(
            "{} | {} | {} | {} | {}",
            m.id, m.name, m.role, m.status, m.contour
        ));
    }
    out.extend(doc.dev_only.iter().map(|d| format!("dev_only {}", d.value)));
    out.extend(
        doc.analytics_only
            .iter()
            .map(|a| format!("analytics_only {}", a.value)),
    );
    out
}

/// How one re-rendering of the seed writes its table and lists.
#[derive(Debug, Clone)]
struct Rendering {
    order: Vec<usize>,
    extra: Vec<bool>,
    emphasis: Vec<(usize, usize, usize)>,
    marker: usize,
    punctuation: usize,
}

fn rendering() -> impl Strategy<Value = Rendering> {
    (
        Just(vec![0usize, 1, 2, 3, 4, 5, 6]).prop_shuffle(),
        prop::collection::vec(any::<bool>(), 3),
        prop::collection::vec((0..5usize, 0..5usize, 0..5usize), 16),
        0..4usize,
        0..4usize,
    )
        .prop_map(|(order, extra, emphasis, marker, punctuation)| Rendering {
            order,
            extra,
            emphasis,
            marker,
            punctuation,
        })
}

const EMPHASIS: [(&str, &str); 5] = [("", ""), ("*", "*"), ("**", "**"), ("_", "_"), ("`", "`")];

fn emphasise(text: &str, how: usize) -> String {
    let (open, close) = EMPHASIS.get(how).copied().unwrap_or_default();
    format!("{open}{text}{close}")
}

/// The seed with its table and lists written the way `r` says.
fn rerender(seed: &str, r: &Rendering) -> String {
    let mut out = Vec::new();
    let mut section = "";
    let mut row = 0usize;
    let markers = ["- ", "* ", "+ ", "1. "];
    let marker = markers.get(r.marker).copied().unwrap_or("- ");
    for line in seed.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            section = line;
        }
        if let Some(rest) = line.strip_prefix("| ") {
            let cells: Vec<&str> = rest.trim_end_matches(" |").split(" | ").collect();
            if cells.first().is_some_and(|c| c.starts_with("---")) {
                continue;
            }
            let header = cells.first() == Some(&"Module name");
            let mut all: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
            if header {
                all.extend(["Owner", "Status in DEV", "Module owner"].map(str::to_owned));
            } else {
                let (name, role, status) = r.emphasis.get(row).copied().unwrap_or_default();
                row += 1;
                if let Some(cell) = all.get_mut(0) {
                    *cell = match cell.rsplit_once(" (") {
                        Some((n, id)) => format!("{} ({id}", emphasise(n, name)),
                        None => emphasise(cell, name.min(2)),
                    };
                }
                if let Some(cell) = all.get_mut(1) {
                    *cell = emphasise(cell, role);
                }
                if let Some(cell) = all.get_mut(2) {
                    *cell = emphasise(cell, status);
                }
                all.extend(["team", "required", "Webinars team"].map(str::to_owned));
            }
            let keep = |i: &usize| *i < 4 || r.extra.get(*i - 4).copied().unwrap_or(false);
            let picked: Vec<&str> = r
                .order
                .iter()
                .filter(|i| keep(i))
                .filter_map(|i| all.get(*i).map(String::as_str))
                .collect();
            out.push(format!("| {} |", picked.join(" | ")));
            if header {
                out.push(format!("|{}", " --- |".repeat(picked.len())));
            }
            continue;
        }
        if let Some(item) = line.strip_prefix("- ") {
            let item = if section.contains("Analytics") {
                let end = ["", ";", ".", " — учёт"].get(r.punctuation).copied();
                format!("{item}{}", end.unwrap_or(""))
            } else {
                item.to_owned()
            };
            out.push(format!("{marker}{item}"));
            continue;
        }
        out.push(line.to_owned());
    }
    out.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_seed_rerendered_reads_the_same(r in rendering()) {
        let seed = read("profiles/RUNTIME_PROFILE_PROD.md");
        let expected = match read_doc(&seed) {
            Ok(doc) => said(&doc),
            Err(e) => panic!("the seed does not read: {e}"),
        };
        let text = rerender(&seed, &r);
        match read_doc(&text) {
            Ok(doc) => prop_assert_eq!(said(&doc), expected, "{}", text),
            Err(e) => prop_assert!(false, "{}\n{}", e, text),
        }
    }

    #[test]
    fn any_cell_text_survives_import_then_check(
        name in "[A-Za-z0-9 .:#&*!>'\"%@~?,+=<{}\\[\\]\u{a0}\u{2011}\u{2028}\u{feff}йё-]{1,20}",
        notes in "[A-Za-z0-9 .:#&*!>'\"%@~?,+=<{}\\[\\]\u{a0}\u{2011}\u{2028}\u{feff}йё`_-]{1,30}",
    ) {
        let seed = read("profiles/RUNTIME_PROFILE_PROD.md");
        let text = seed.replacen(
            "| Webinar Chat (webinar-chat) | ui | disabled | Чат не входит в MVP runtime. |",
            &format!("| {name} (webinar-chat) | ui | disabled | {notes} |"),
            1,
        );
        let Ok(doc) = read_doc(&text) else {
            // Markup that breaks the row or the name is the reader's business, not this test's.
            return Ok(());
        };
        let Some(row) = doc.module("webinar-chat") else {
            return Ok(());
        };
        let yaml = transcribe::to_yaml(&doc, "doc.md");
        let profile = match load::profile(&Source::new("imported.yaml", yaml.clone())) {
            Ok(p) => p,
            Err(e) => panic!("import wrote a profile that does not load:\n{e}\n{yaml}"),
        };
        let Some(module) = profile.module("webinar-chat") else {
            panic!("no webinar-chat in\n{yaml}");
        };
        prop_assert_eq!(&module.name.value, &row.name);
        prop_assert_eq!(module.notes.as_ref().map(|n| n.value.as_str()).unwrap_or(""), row.notes.as_str());
    }

    #[test]
    fn any_string_is_written_as_a_scalar_yaml_reads_back(text in any::<String>()) {
        prop_assume!(!text.trim().is_empty());
        let minimal = read("tests/profiles/minimal.yaml");
        let yaml = minimal.replacen(
            "    status: required\n",
            &format!("    status: required\n    notes: {}\n", transcribe::scalar(&text)),
            1,
        );
        match load::profile(&Source::new("scalar.yaml", yaml.clone())) {
            Ok(p) => prop_assert_eq!(
                p.modules.first().and_then(|m| m.notes.as_ref()).map(|n| n.value.as_str()),
                Some(text.as_str())
            ),
            Err(e) => prop_assert!(false, "{}\n{}", e, yaml),
        }
    }
}

#[test]
fn yaml_scalars_that_resolve_to_other_types_are_quoted() {
    for text in [
        "0x1F",
        "0o17",
        ".inf",
        "-.inf",
        ".nan",
        "null",
        "~",
        "true",
        "False",
        "1e3",
        "12",
        " lead",
        "trail ",
        "a: b",
        "a #b",
        "#x",
        "- x",
        "[x]",
        "{x}",
        "&a",
        "*a",
        "!x",
        "|x",
        ">x",
        "'x",
        "\"x",
        "%x",
        "@x",
        "`x",
        "2026-01-28",
    ] {
        let minimal = read("tests/profiles/minimal.yaml");
        let yaml = minimal.replacen(
            "    status: required\n",
            &format!(
                "    status: required\n    notes: {}\n",
                transcribe::scalar(text)
            ),
            1,
        );
        let profile = match load::profile(&Source::new("scalar.yaml", yaml.clone())) {
            Ok(p) => p,
            Err(e) => panic!("{text}: {e}\n{yaml}"),
        };
        assert_eq!(
            profile
                .modules
                .first()
                .and_then(|m| m.notes.as_ref())
                .map(|n| n.value.as_str()),
            Some(text)
        );
    }
}

/// One edit of a document: a line removed, doubled, or a piece of Markdown inserted.
fn edit() -> impl Strategy<Value = (usize, usize, String)> {
    (
        0..60usize,
        0..3usize,
        prop::sample::select(vec![
            "<details>",
            "</details>",
            "<!--",
            "-->",
            "```",
            "> ",
            "- ",
            "* ",
            "1. ",
            "# ",
            "### Dev-only",
            "## Определение",
            "| a | b |",
            "**",
            "_",
            "`",
            "\\",
            "[x](y)",
            "<br>",
            "AUTO включён",
            "LIVE",
            "Status: X",
            "\u{2011}",
            "\u{a0}",
            "(",
            ")",
        ])
        .prop_map(str::to_owned),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn edits_of_the_document_never_panic_and_what_reads_imports(
        edits in prop::collection::vec(edit(), 1..6)
    ) {
        let seed = read("profiles/RUNTIME_PROFILE_PROD.md");
        let mut lines: Vec<String> = seed.lines().map(str::to_owned).collect();
        for (at, how, piece) in edits {
            let at = at % lines.len().max(1);
            match how {
                0 => {
                    lines.remove(at);
                }
                1 => {
                    let line = lines.get(at).cloned().unwrap_or_default();
                    lines.insert(at, line);
                }
                _ => {
                    if let Some(line) = lines.get_mut(at) {
                        line.insert_str(0, &piece);
                    }
                }
            }
        }
        let text = lines.join("\n");
        if let Ok(doc) = read_doc(&text) {
            let yaml = transcribe::to_yaml(&doc, "doc.md");
            prop_assert!(
                load::profile(&Source::new("imported.yaml", yaml.clone())).is_ok(),
                "{}\n{}",
                yaml,
                text
            );
        }
    }
}

/// What GitHub shows is read, with the exit code and the place each document must give:
/// text in raw HTML blocks (a `<p>`, a list, a closed `<details>`'s `<summary>`),
/// footnotes where they are referenced, rows GitHub's sanitizer shows (it strips `hidden`
/// and `style`), and HTML table cells laid out as a browser lays out `rowspan` and
/// `colspan`.
#[test]
fn what_github_shows_in_html_and_footnotes_is_read() {
    let differ = "tests/profiles/doc/differ";
    let cases: [(&str, i32, &str); 13] = [
        (
            "html-summary-block-auto-on.md",
            2,
            "html-summary-block-auto-on.md:21:10",
        ),
        (
            "html-paragraph-auto-on.md",
            2,
            "html-paragraph-auto-on.md:19:4",
        ),
        (
            "html-summary-auto-on.md",
            2,
            "html-summary-auto-on.md:19:19",
        ),
        (
            "html-summary-dev-only.md",
            2,
            "html-summary-dev-only.md:47:19",
        ),
        ("html-list-dev-only.md", 1, "html-list-dev-only.md:45"),
        (
            "footnote-dev-only-except.md",
            2,
            "footnote-dev-only-except.md:45:3",
        ),
        ("footnote-auto-on.md", 2, "footnote-auto-on.md:17:5"),
        (
            "footnote-analytics-extra.md",
            2,
            "footnote-analytics-extra.md:50:3",
        ),
        (
            "table-html-rowspan-status.md",
            2,
            "table-html-rowspan-status.md:30:5",
        ),
        (
            "table-html-colspan-status.md",
            2,
            "table-html-colspan-status.md:27:58",
        ),
        (
            "table-html-colspan-name.md",
            2,
            "table-html-colspan-name.md:27:5",
        ),
        (
            "table-html-hidden-row-shown.md",
            1,
            "table-html-hidden-row-shown.md:41",
        ),
        (
            "table-html-display-none-row-shown.md",
            1,
            "table-html-display-none-row-shown.md:41",
        ),
    ];
    for (name, code, place) in cases {
        let doc = format!("{differ}/{name}");
        let output = run(&["-q", "--doc", &doc, "profiles/prod.yaml"]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{name}:\n{stdout}{stderr}"
        );
        let said = if code == 2 { &stderr } else { &stdout };
        assert!(said.contains(place), "{name}: at {place}:\n{said}");
        assert!(said.contains("help:"), "{name}: says what to do:\n{said}");
    }
    let said = |name: &str| {
        let output = run(&[
            "-q",
            "--doc",
            &format!("{differ}/{name}"),
            "profiles/prod.yaml",
        ]);
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        text
    };
    assert!(
        said("html-paragraph-auto-on.md")
            .contains("the AUTO contour is enabled here but disabled at line 17")
    );
    assert!(said("html-list-dev-only.md").contains("the document marks `webinar-chat`"));
    assert!(said("footnote-dev-only-except.md").contains(
        "bullet `Нет модулей dev-only в PROD профиле. Кроме Webinar Chat.` says there are none, but names `webinar-chat`"
    ));
    let rowspan = said("table-html-rowspan-status.md");
    assert!(rowspan.contains("the status cell of this row spans several rows or columns"));
    assert!(rowspan.contains("the status of this row is the cell at line 29, column 52"));
    assert!(
        said("table-html-hidden-row-shown.md")
            .contains("the document lists `debug-console` (dev, required)")
    );
}

/// Where a browser ends what it shows or hides, the gate ends it too; what would cost the
/// reader more than the document's limits allow is refused at its place. Each document,
/// its exit code and the place it must give.
#[test]
fn what_the_browser_builds_is_read_so() {
    let differ = "tests/profiles/doc/differ";
    let cases: &[(&str, i32, &str)] = &[
        (
            "table-html-span-grid-over.md",
            2,
            "table-html-span-grid-over.md:52:1",
        ),
        // An unclosed `<del>`/`<s>` ends with its paragraph or cell; `<details>` with its
        // quote or cell: what follows is shown.
        (
            "del-unclosed-paragraph-ends.md",
            1,
            "del-unclosed-paragraph-ends.md:54",
        ),
        (
            "del-unclosed-html-paragraph-ends.md",
            1,
            "del-unclosed-html-paragraph-ends.md:54",
        ),
        (
            "del-unclosed-cell-ends.md",
            1,
            "del-unclosed-cell-ends.md:41",
        ),
        ("s-unclosed-cell-ends.md", 1, "s-unclosed-cell-ends.md:41"),
        ("details-in-quote-ends.md", 1, "details-in-quote-ends.md:55"),
        (
            "details-unclosed-cell-ends.md",
            1,
            "details-unclosed-cell-ends.md:41",
        ),
        // A comment left open in a quote runs to the next `-->`: GitHub hides what it
        // holds (here the Analytics-only section, or the real module table).
        (
            "comment-unclosed-in-quote.md",
            2,
            "comment-unclosed-in-quote.md",
        ),
        (
            "comment-unclosed-in-quote-table.md",
            1,
            "comment-unclosed-in-quote-table.md:31",
        ),
        // `rowspan="+2"` spans two rows in a browser.
        (
            "table-html-rowspan-plus.md",
            2,
            "table-html-rowspan-plus.md:29:52",
        ),
        // A closed `<details>` shows its first `<summary>` only.
        (
            "details-second-summary-hidden.md",
            1,
            "lists `client-webinar-attendance-service`, but the document's section does not",
        ),
        // A browser keeps a row after a Markdown paragraph in the table: refused, not lost.
        (
            "table-html-split-by-paragraph.md",
            2,
            "table-html-split-by-paragraph.md:44:1",
        ),
        // GitHub shows footnote definitions at the bottom, blocks and all, whatever hides
        // their references.
        (
            "footnote-block-heading-list.md",
            2,
            "footnote-block-heading-list.md:57:5",
        ),
        ("footnote-block-table.md", 2, "footnote-block-table.md:57:5"),
        (
            "footnote-reference-hidden.md",
            2,
            "footnote-reference-hidden.md:58:1",
        ),
        // A footnote on a section heading is no part of its label, but may name no module.
        (
            "footnote-on-heading-names-module.md",
            2,
            "footnote-on-heading-names-module.md:44:5",
        ),
    ];
    for (name, code, place) in cases {
        let doc = format!("{differ}/{name}");
        let output = run(&["-q", "--doc", &doc, "profiles/prod.yaml"]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(*code),
            "{name}:\n{stdout}{stderr}"
        );
        let said = if *code == 2 { &stderr } else { &stdout };
        assert!(said.contains(place), "{name}: at {place}:\n{said}");
        assert!(said.contains("help:"), "{name}: says what to do:\n{said}");
    }
    let output = run(&[
        "-q",
        "--doc",
        &format!("{differ}/comment-unclosed-in-quote.md"),
        "profiles/prod.yaml",
    ]);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("the document has no `Analytics-only` section")
    );
}
