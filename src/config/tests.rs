//! The configuration's tests: every key read, every problem located.
use super::*;
use crate::error::InputError;
use crate::load::normalized;
use crate::source::Span;

fn config(text: &str) -> Result<Config, InputError> {
    parse(Arc::new(Source::new("profile-check.toml", text)))
}

/// Each problem as `line:column: message`.
fn problems(text: &str) -> Vec<String> {
    match config(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e
            .problems
            .iter()
            .map(|p| match p.span {
                Some(s) => format!("{}:{}: {}", s.line, s.column, p.worded()),
                None => p.worded().into_owned(),
            })
            .collect(),
    }
}

const FULL: &str = "require = [\"doc\", \"baseline\"]\n\n[[profile]]\npath = \"profiles/prod.yaml\"\n\
                    doc = \"profiles/RUNTIME_PROFILE_PROD.md\"\nbaseline = \"git:latest-tag\"\n\
                    waivers = \"profiles/waivers.yaml\"\nruntime = \"deploy/runtime.yaml\"\n\n\
                    [[profile]]\npath = \"profiles/stage.yaml\"\nrequire = []\n";

#[test]
fn reads_every_key() {
    let Ok(config) = config(FULL) else {
        panic!("{FULL}")
    };
    let plans = config.plans();
    assert_eq!(plans.len(), 2);
    let prod = plans.first().cloned().unwrap_or_default();
    assert_eq!(prod.path, "profiles/prod.yaml");
    assert_eq!(
        prod.get(InputKind::Doc),
        Some("profiles/RUNTIME_PROFILE_PROD.md")
    );
    assert_eq!(prod.get(InputKind::Baseline), Some("git:latest-tag"));
    assert_eq!(prod.get(InputKind::Waivers), Some("profiles/waivers.yaml"));
    assert_eq!(prod.get(InputKind::Runtime), Some("deploy/runtime.yaml"));
    assert_eq!(
        prod.require,
        [
            Required {
                input: InputKind::Doc,
                at: Some(("profile-check.toml".to_owned(), Span::new(1, 12, 5)))
            },
            Required {
                input: InputKind::Baseline,
                at: Some(("profile-check.toml".to_owned(), Span::new(1, 19, 10)))
            },
        ]
    );
    assert_eq!(prod.missing(), None);
    // A profile's own `require` replaces the top level's.
    let stage = plans.get(1).cloned().unwrap_or_default();
    assert_eq!(stage.require, []);
    assert_eq!(stage.missing(), None);
}

#[test]
fn configured_paths_stay_inside_the_repository() {
    for (text, why) in [
        ("path = \"/proc/self/environ\"", "is an absolute path"),
        (
            "path = \"../../../../../../../../../../etc/passwd\"",
            "leads out of the repository",
        ),
        ("path = \"-\"", "standard input"),
        ("path = \".git/config\"", "names a path inside `.git`"),
        ("path = \"sub/.GIT/config\"", "names a path inside `.git`"),
    ] {
        let found = problems(&format!("[[profile]]\n{text}\n"));
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("2:8: `path` ") && p.contains(why)),
            "{text}: {found:?}"
        );
    }
    let inside = "[[profile]]\npath = \"profiles/../profiles/prod.yaml\"\n\
                  runtime = \"kubernetes:deploy/prod/\"\nbaseline = \"git:v1.2.0\"\n";
    assert!(config(inside).is_ok(), "{inside}");
    let outside = "[[profile]]\npath = \"p.yaml\"\nruntime = \"kubernetes:/etc\"\n";
    assert!(config(outside).is_err(), "{outside}");
}

#[test]
fn the_runtime_table_gives_the_workload_mapping() {
    let text = "[runtime]\nlabel = \"app\"\ncompose_profiles = [\"prod\"]\n\
                ignore = [\"DaemonSet/log-shipper\"]\n[runtime.workloads]\n\
                webinar-chat = [\"chat-api\"]\n[[profile]]\npath = \"p.yaml\"\n";
    let Ok(config) = config(text) else {
        panic!("{text}")
    };
    let options = config.runtime;
    assert_eq!(options.mapping.label, "app");
    assert_eq!(options.mapping.compose_label, "profile-check.module");
    assert_eq!(options.compose_profiles, ["prod"]);
    assert_eq!(options.mapping.ignore, ["DaemonSet/log-shipper"]);
    assert_eq!(
        options.mapping.workloads.get("webinar-chat").cloned(),
        Some(vec!["chat-api".to_owned()])
    );
    assert_eq!(
        problems("[runtime]\nlabel = 3\n[[profile]]\npath = \"p.yaml\"\n"),
        ["2:9: expected `label` (a string), found the number `3`"]
    );
}

#[test]
fn paths_are_relative_to_the_configuration() {
    let text = "[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"doc.md\"\n\
                baseline = \"old.yaml\"\n";
    let Ok(config) = parse(Arc::new(Source::new("../../profile-check.toml", text))) else {
        panic!("{text}")
    };
    let plan = config.plans().into_iter().next().unwrap_or_default();
    assert_eq!(plan.path, "../../profiles/prod.yaml");
    assert_eq!(plan.get(InputKind::Doc), Some("../../doc.md"));
    assert_eq!(plan.get(InputKind::Baseline), Some("../../old.yaml"));
}

#[test]
fn a_missing_required_input_is_an_error_at_the_requirement() {
    let text = "require = [\"doc\"]\n[[profile]]\npath = \"p.yaml\"\n";
    let Ok(config) = config(text) else {
        panic!("{text}")
    };
    let plan = config.plans().into_iter().next().unwrap_or_default();
    let Some(error) = plan.missing() else {
        panic!("no error")
    };
    assert_eq!(
        error.to_string(),
        "profile-check.toml:1:12: `p.yaml` is to be checked against the Markdown source \
         (`doc`, `--doc`), and has none"
    );
}

#[test]
fn unknown_keys_and_values_are_located_with_a_suggestion() {
    let text = "requires = [\"doc\"]\n[[profile]]\npath = \"p.yaml\"\ndocs = \"d.md\"\n\
                require = [\"basline\", 3]\nwaivers = 1\n";
    assert_eq!(
        problems(text),
        [
            "1:1: unknown key `requires` in the configuration; did you mean `require`?",
            "4:1: unknown key `docs` in a [[profile]] table; did you mean `doc`?",
            "5:12: an item of `require` is `basline`, which is not one of `doc`, `baseline`, `waivers` or `runtime`; did you mean `baseline`?",
            "5:23: expected an item of `require` (`doc`, `baseline`, `waivers` or `runtime`), found the number `3`",
            "6:11: expected `waivers` (a string), found the number `1`",
        ]
    );
}

#[test]
fn a_profile_needs_a_path_and_appears_once() {
    assert_eq!(
        problems("[[profile]]\ndoc = \"d.md\"\n"),
        ["1:1: a [[profile]] table is missing the key `path`"]
    );
    assert_eq!(
        problems("[[profile]]\npath = \"p.yaml\"\n[[profile]]\npath = \"p.yaml\"\n"),
        ["4:8: the profile `p.yaml` is configured twice; the first is at line 2, column 8"]
    );
    // Two spellings of one file are one profile: the second is refused, so that a
    // profile named on the command line cannot take the entry without its inputs.
    assert_eq!(
        problems(
            "[[profile]]\npath = \"./profiles/prod.yaml\"\n[[profile]]\npath = \"profiles/prod.yaml\"\ndoc = \"d.md\"\nrequire = [\"doc\"]\n"
        ),
        [
            "4:8: the profile `profiles/prod.yaml` is configured twice (as `./profiles/prod.yaml`); the first is at line 2, column 8"
        ]
    );
    assert_eq!(
        problems("[[profile]]\npath = \"a/../p.yaml\"\n[[profile]]\npath = \"p.yaml\"\n"),
        [
            "4:8: the profile `p.yaml` is configured twice (as `a/../p.yaml`); the first is at line 2, column 8"
        ]
    );
    assert_eq!(
        problems("require = []\n"),
        ["the configuration names no profile"]
    );
    assert_eq!(
        problems("profile = \"p.yaml\"\n"),
        ["1:11: expected the `[[profile]]` tables (an array), found the string `p.yaml`"]
    );
    assert_eq!(
        problems("[[profile]]\npath = \"  \"\n"),
        ["2:8: `path` is empty"]
    );
}

#[test]
fn a_syntax_error_is_located() {
    let found = problems("[[profile]]\npath = \"p.yaml\npath = 1\n");
    assert_eq!(found.len(), 1);
    assert!(found.iter().all(|p| p.starts_with("2:")), "{found:?}");
    let found = problems("[[profile]]\npath = \"a\"\npath = \"b\"\n");
    assert!(found.iter().all(|p| p.starts_with("3:")), "{found:?}");
}

#[test]
fn the_command_line_list_is_checked() {
    assert_eq!(
        parse_require("doc, baseline"),
        Ok(vec![InputKind::Doc, InputKind::Baseline])
    );
    assert_eq!(
        parse_require("docs"),
        Err(
            "unknown input `docs`; did you mean `doc`?; the inputs are `doc`, `baseline`, \
             `waivers` or `runtime`"
                .to_owned()
        )
    );
}

/// A directory tree under the system's temporary directory, removed on drop.
struct Tree(std::path::PathBuf);

impl Tree {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "profile-check-config-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(e) = std::fs::create_dir_all(dir.join("a/b")) {
            panic!("{e}");
        }
        Self(dir)
    }

    fn touch(&self, path: &str) {
        if let Err(e) = std::fs::create_dir_all(self.0.join(path).parent().unwrap_or(&self.0))
            .and_then(|()| std::fs::write(self.0.join(path), ""))
        {
            panic!("{e}");
        }
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn found_up_to_the_git_root_and_no_further() {
    let tree = Tree::new("git");
    tree.touch("profile-check.toml");
    tree.touch("a/.git/HEAD");
    let deep = tree.0.join("a/b");
    // The repository is `a`: the file above it does not count.
    assert_eq!(find(&deep), None);
    tree.touch("a/profile-check.toml");
    assert_eq!(find(&deep).as_deref(), Some("../profile-check.toml"));
    tree.touch("a/b/profile-check.toml");
    assert_eq!(find(&deep).as_deref(), Some("profile-check.toml"));
}

#[test]
fn outside_git_only_the_current_directory_counts() {
    let tree = Tree::new("plain");
    tree.touch("profile-check.toml");
    let deep = tree.0.join("a/b");
    // Assumes no `.git` above the system's temporary directory.
    if deep.ancestors().any(|d| d.join(".git").exists()) {
        println!("skipped: the temporary directory is inside a git repository");
        return;
    }
    assert_eq!(find(&deep), None);
    assert_eq!(find(&tree.0).as_deref(), Some("profile-check.toml"));
}

#[test]
fn the_release_tag_pattern_is_a_glob() {
    let profile = "[[profile]]\npath = \"p.yaml\"\n";
    assert_eq!(
        problems(&format!("release_tags = \"v[0-9\"\n{profile}")),
        ["1:16: the release tag pattern `v[0-9` has a `[` that is not closed"]
    );
    assert_eq!(
        problems(&format!("release_tags = 3\n{profile}")),
        ["1:16: expected `release_tags` (a string), found the number `3`"]
    );
    let Ok(config) = config(&format!("release_tags = \"release-*\"\n{profile}")) else {
        panic!("release-*");
    };
    assert_eq!(config.git_settings().release_tags, "release-*");
    let Ok(config) = config_default() else {
        panic!("default");
    };
    assert_eq!(config.git_settings().release_tags, "v[0-9]*");
}

fn config_default() -> Result<Config, InputError> {
    config("[[profile]]\npath = \"p.yaml\"\n")
}

#[test]
fn paths_are_normalised_keeping_what_leads_up() {
    let cases = [
        ("./profiles/prod.yaml", "profiles/prod.yaml"),
        ("a/./b/../c.yaml", "a/c.yaml"),
        ("../../profiles/prod.yaml", "../../profiles/prod.yaml"),
        (
            "config/../../../profiles/prod.yaml",
            "../../profiles/prod.yaml",
        ),
        ("a/..", "."),
        ("/abs/./x/../y", "/abs/y"),
    ];
    for (path, want) in cases {
        assert_eq!(normalized(Path::new(path)), Path::new(want), "{path}");
    }
}

#[test]
fn a_runtime_prefix_stays_in_front_of_the_joined_path() {
    let text = "[[profile]]\npath = \"prod.yaml\"\nruntime = \"kubernetes:deploy/prod/\"\n";
    let source = Arc::new(Source::new("repo/profile-check.toml", text));
    let Ok(config) = parse(source) else {
        panic!("{text}")
    };
    let runtimes: Vec<Option<String>> = config
        .plans()
        .iter()
        .map(|p| p.get(InputKind::Runtime).map(str::to_owned))
        .collect();
    assert_eq!(runtimes, [Some("kubernetes:repo/deploy/prod/".to_owned())]);
}

#[test]
fn runtime_may_list_several_deployments_each_planned_on_its_own() {
    let text = "[[profile]]\npath = \"p.yaml\"\ndoc = \"d.md\"\nruntime = [\"deploy/eu/\", \"compose:compose.yaml\"]\n";
    let Ok(read) = config(text) else {
        panic!("{text}")
    };
    let plans = read.plans();
    assert_eq!(plans.len(), 1);
    let plan = plans.first().cloned().unwrap_or_default();
    let runtimes: Vec<&str> = plan
        .paths()
        .filter(|(kind, _)| *kind == InputKind::Runtime)
        .map(|(_, path)| path)
        .collect();
    assert_eq!(runtimes, ["deploy/eu/", "compose:compose.yaml"]);
    let each = plan.per_deployment();
    assert_eq!(each.len(), 2);
    for (one, runtime) in each.iter().zip(["deploy/eu/", "compose:compose.yaml"]) {
        assert!(one.deployment);
        assert_eq!(one.get(InputKind::Runtime), Some(runtime));
        assert_eq!(one.get(InputKind::Doc), Some("d.md"));
        assert_eq!(
            one.paths()
                .filter(|(kind, _)| *kind == InputKind::Runtime)
                .count(),
            1
        );
    }
    // One runtime, or none: the plan is itself.
    let single = config("[[profile]]\npath = \"p.yaml\"\nruntime = \"deploy/\"\n")
        .map(|c| c.plans())
        .unwrap_or_default();
    let alone = single.first().cloned().unwrap_or_default().per_deployment();
    assert_eq!(alone.len(), 1);
    assert!(!alone.iter().any(|p| p.deployment));
}

#[test]
fn a_runtime_list_is_checked_item_by_item() {
    assert_eq!(
        problems("[[profile]]\npath = \"p.yaml\"\nruntime = [\"a/\", \"a/\", 3]\n"),
        [
            "3:18: `a/` is listed twice in `runtime`; the first is at line 3, column 12",
            "3:24: expected `runtime` (a string), found the number `3`",
        ]
    );
    assert_eq!(
        problems("[[profile]]\npath = \"p.yaml\"\nruntime = []\n"),
        ["3:11: `runtime` lists no deployment"]
    );
    assert_eq!(
        problems("[[profile]]\npath = \"p.yaml\"\nruntime = [\"/etc/x\"]\n"),
        [
            "3:12: `runtime` is an absolute path: configured paths are relative to profile-check.toml"
        ]
    );
}

#[test]
fn the_command_line_runtimes_replace_the_configured_ones() {
    let mut plan = Plan {
        path: "p.yaml".to_owned(),
        inputs: vec![
            (InputKind::Runtime, "a/".to_owned()),
            (InputKind::Runtime, "b/".to_owned()),
            (InputKind::Doc, "d.md".to_owned()),
        ],
        ..Plan::default()
    };
    plan.set_all(InputKind::Runtime, vec!["c/".to_owned()]);
    assert_eq!(
        plan.inputs,
        [
            (InputKind::Runtime, "c/".to_owned()),
            (InputKind::Doc, "d.md".to_owned())
        ]
    );
}

#[test]
fn a_configuration_of_too_many_keys_is_refused_whole() {
    let mut text = String::from("[runtime.workloads]\n");
    for i in 0..10_001 {
        text.push_str(&format!("m{i} = [\"w\"]\n"));
    }
    assert_eq!(
        problems(&text),
        [
            "the configuration holds more than 10,000 keys and values; a configuration is some dozens of lines"
        ]
    );
}

#[test]
fn places_are_the_same_however_they_are_asked_for() {
    // Keys on one line and on many, with wide characters, asked for in file order (as the
    // reader does) and out of it: each place is its line and column.
    let text = "a = 1\nб = { x = \"é\", y = 2 }\r\n[[profile]]\npath = \"p\"\n";
    let places = super::read::Places::new(text);
    let naive = |offset: usize| {
        let (line, column) = crate::source::position(text, offset);
        (line, column)
    };
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let forward = offsets.clone();
    offsets.reverse();
    for offset in forward.into_iter().chain(offsets) {
        let span = places.span(offset..offset);
        assert_eq!(
            (span.line as usize, span.column as usize),
            naive(offset),
            "at {offset}"
        );
    }
}

#[test]
fn one_deployment_named_twice_is_checked_once() {
    let plan = Plan {
        path: "p.yaml".to_owned(),
        inputs: vec![
            (InputKind::Runtime, "deploy/eu/".to_owned()),
            (InputKind::Runtime, "./deploy/eu/".to_owned()),
            (InputKind::Runtime, "kubernetes:deploy/us".to_owned()),
            (InputKind::Runtime, "kubernetes:./deploy/us".to_owned()),
        ],
        ..Plan::default()
    };
    let each = plan.per_deployment();
    let runtimes: Vec<Option<&str>> = each.iter().map(|p| p.get(InputKind::Runtime)).collect();
    assert_eq!(runtimes, [Some("deploy/eu/"), Some("kubernetes:deploy/us")]);
    assert_eq!(
        each.iter().map(|p| p.last_deployment).collect::<Vec<_>>(),
        [false, true]
    );
    let twice = Plan {
        path: "p.yaml".to_owned(),
        inputs: vec![
            (InputKind::Runtime, "a/".to_owned()),
            (InputKind::Runtime, "a".to_owned()),
        ],
        ..Plan::default()
    }
    .per_deployment();
    assert_eq!(twice.len(), 1);
    assert_eq!(twice.first().map(|p| p.inputs.len()), Some(1));
    assert!(!twice.iter().any(|p| p.deployment));
}

#[cfg(unix)]
#[test]
fn two_files_that_read_alike_as_text_are_two_deployments() {
    // `link/../good.yaml` is `real/good.yaml` when `link` is a link to `real/sub`: another
    // file than `good.yaml`, though the two read alike once `..` is taken out as text.
    let dir = std::env::temp_dir().join(format!("profile-check-plan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let made = std::fs::create_dir_all(dir.join("real/sub"))
        .and_then(|()| std::fs::write(dir.join("good.yaml"), "a: 1\n"))
        .and_then(|()| std::fs::write(dir.join("real/good.yaml"), "a: 2\n"))
        .and_then(|()| std::os::unix::fs::symlink(dir.join("real/sub"), dir.join("link")));
    assert!(made.is_ok(), "{made:?}");
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let plan = Plan {
        path: "p.yaml".to_owned(),
        inputs: vec![
            (InputKind::Runtime, at("good.yaml")),
            (InputKind::Runtime, at("link/../good.yaml")),
            (InputKind::Runtime, at("./good.yaml")),
        ],
        ..Plan::default()
    };
    let each = plan.per_deployment();
    let runtimes: Vec<Option<&str>> = each.iter().map(|p| p.get(InputKind::Runtime)).collect();
    let (good, linked) = (at("good.yaml"), at("link/../good.yaml"));
    assert_eq!(runtimes, [Some(good.as_str()), Some(linked.as_str())]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_configuration_over_a_mebibyte_is_refused_unparsed() {
    let text = format!(
        "# {}\n[[profile]]\npath = \"p.yaml\"\n",
        "x".repeat(1 << 20)
    );
    assert_eq!(
        problems(&text),
        [format!(
            "the configuration is {} bytes, over the limit of 1048576 bytes (1 MiB); a configuration is some dozens of lines",
            text.len()
        )]
    );
}

#[test]
fn a_configuration_of_exactly_a_mebibyte_is_read() {
    let profile = "[[profile]]\npath = \"p.yaml\"\n";
    let sized = |bytes: usize| {
        let mut text = format!("{profile}#");
        text.push_str(&"x".repeat(bytes - text.len() - 1));
        text.push('\n');
        assert_eq!(text.len(), bytes);
        text
    };
    let text = sized(1 << 20);
    assert!(config(&text).is_ok(), "a configuration of 1 MiB refused");
    let text = sized((1 << 20) + 1);
    assert_eq!(
        problems(&text),
        [
            "the configuration is 1048577 bytes, over the limit of 1048576 bytes (1 MiB); a configuration is some dozens of lines"
        ]
    );
}

#[test]
fn a_configuration_of_exactly_ten_thousand_keys_and_values_is_read() {
    // 5 keys and values for the profile (`profile`, its array, its table, `path` and its
    // value), 4 for the two tables `runtime` and `workloads`, 3 for `m` and its item, 2 for
    // each empty list of workloads: 10,000.
    let text = |m: &str| {
        let mut text = format!("[[profile]]\npath = \"p.yaml\"\n[runtime.workloads]\nm = {m}\n");
        for i in 0..4_994 {
            text.push_str(&format!("m{i} = []\n"));
        }
        text
    };
    let Ok(read) = config(&text("[\"w\"]")) else {
        panic!("10,000 keys and values refused")
    };
    assert_eq!(read.runtime.mapping.workloads.len(), 4_995);
    // One value more.
    assert_eq!(
        problems(&text("[\"w\", \"v\"]")),
        [
            "the configuration holds more than 10,000 keys and values; a configuration is some dozens of lines"
        ]
    );
}

#[test]
fn distinct_profile_files_are_distinct_profiles() {
    let tree = Tree::new("profiles");
    tree.touch("a.yaml");
    tree.touch("b.yaml");
    let name = tree
        .0
        .join("profile-check.toml")
        .to_string_lossy()
        .into_owned();
    let read = |text: &str| parse(Arc::new(Source::new(&name, text)));
    // Two files that exist, and two that do not (yet): four profiles.
    let text = "[[profile]]\npath = \"a.yaml\"\n[[profile]]\npath = \"b.yaml\"\n\
                [[profile]]\npath = \"c.yaml\"\n[[profile]]\npath = \"d.yaml\"\n";
    let Ok(config) = read(text) else {
        panic!("{text}")
    };
    let paths: Vec<&str> = config
        .profiles
        .iter()
        .map(|p| p.path.value.as_str())
        .collect();
    assert_eq!(paths, ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]);
    // One file under two names is one profile.
    #[cfg(unix)]
    {
        if let Err(e) = std::os::unix::fs::symlink(tree.0.join("a.yaml"), tree.0.join("l.yaml")) {
            panic!("{e}");
        }
        let text = "[[profile]]\npath = \"a.yaml\"\n[[profile]]\npath = \"l.yaml\"\n";
        let found = match read(text) {
            Ok(_) => panic!("{text}"),
            Err(e) => e.problems,
        };
        assert_eq!(
            found.iter().map(|p| p.worded()).collect::<Vec<_>>(),
            [
                "the profile `l.yaml` is configured twice (as `a.yaml`); the first is at line 2, column 8"
            ]
        );
    }
}

#[test]
fn the_report_table_gives_the_reports_of_every_run() {
    use crate::report::{Format, TableStyle};
    let text = "[report]\nformat = \"sarif\"\ntable = \"none\"\n[report.files]\n\
                junit = \"junit.xml\"\nsarif = \"target/profile-check.sarif\"\n\
                [[profile]]\npath = \"p.yaml\"\n";
    let Ok(read) = config(text) else {
        panic!("{text}")
    };
    assert_eq!(read.defaults.format, Some(Format::Sarif));
    assert_eq!(read.defaults.table, Some(TableStyle::None));
    let files: Vec<(Format, &str, Span)> = read
        .defaults
        .files
        .iter()
        .map(|(format, path)| (*format, path.value.as_str(), path.span))
        .collect();
    // In the order of the formats, each at its value.
    assert_eq!(
        files,
        [
            (
                Format::Sarif,
                "target/profile-check.sarif",
                Span::new(6, 9, 28)
            ),
            (Format::Junit, "junit.xml", Span::new(5, 9, 11)),
        ]
    );
    let Ok(none) = config_default() else {
        panic!("default");
    };
    assert_eq!(none.defaults, Defaults::default());
    let profile = "[[profile]]\npath = \"p.yaml\"\n";
    assert_eq!(
        problems(&format!(
            "[report]\nformat = \"pdf\"\ntables = \"none\"\n[report.files]\nsarif = \"/tmp/x.sarif\"\n{profile}"
        )),
        [
            "2:10: `format` is `pdf`, which is not one of `text`, `json`, `sarif`, `junit`, `github`, `gitlab`, `markdown` or `html`",
            "3:1: unknown key `tables` in the [report] table; did you mean `table`?",
            "5:9: `sarif` is an absolute path: configured paths are relative to profile-check.toml",
        ]
    );
}

#[test]
fn only_a_baseline_names_a_git_revision() {
    let profile = "[[profile]]\npath = \"p.yaml\"\n";
    // A baseline that is a file is a configured path like any other.
    assert_eq!(
        problems(&format!("{profile}baseline = \"/etc/passwd\"\n")),
        [
            "3:12: `baseline` is an absolute path: configured paths are relative to profile-check.toml"
        ]
    );
    // `git:` makes a revision of a baseline only: another input so named is a file.
    assert_eq!(
        problems(&format!("{profile}doc = \"git:x/../../doc.md\"\n")),
        ["3:7: `doc` leads out of the repository"]
    );
    let text = format!("{profile}baseline = \"git:x/../../doc.md\"\n");
    assert!(config(&text).is_ok(), "{text}");
}
