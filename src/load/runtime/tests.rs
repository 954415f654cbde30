//! Tests of the reader beside (`runtime.rs`).

use super::*;

#[test]
fn prefixes_name_the_format() {
    assert_eq!(
        split_prefix("kubernetes:deploy/prod/"),
        (Some(Format::Kubernetes), "deploy/prod/")
    );
    assert_eq!(
        split_prefix("compose:compose.yaml"),
        (Some(Format::Compose), "compose.yaml")
    );
    assert_eq!(split_prefix("manifest:-"), (Some(Format::Manifest), "-"));
    assert_eq!(split_prefix("C:/runtime.yaml"), (None, "C:/runtime.yaml"));
    assert_eq!(split_prefix("runtime.yaml"), (None, "runtime.yaml"));
}

fn recognised(text: &str) -> Option<Format> {
    let docs = super::parse_runtime(text, MAX_DOCUMENTS)
        .map(|s| s.documents)
        .unwrap_or_default();
    docs.first().and_then(recognise)
}

#[test]
fn content_gives_the_format_away() {
    assert_eq!(
        recognised("environment: prod\nactive: []\n"),
        Some(Format::Manifest)
    );
    assert_eq!(
        recognised("apiVersion: v1\nkind: List\nitems: []\n"),
        Some(Format::Kubernetes)
    );
    assert_eq!(
        recognised("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}"),
        Some(Format::Kubernetes)
    );
    assert_eq!(
        recognised("services:\n  chat:\n    image: chat\n"),
        Some(Format::Compose)
    );
    assert_eq!(recognised("modules: []\n"), None);
    assert_eq!(recognised("- a\n"), None);
}

#[test]
fn configured_names_map_any_kind_or_one() {
    let mut mapping = Mapping::default();
    mapping.workloads.insert(
        "webinar-chat".to_owned(),
        vec!["Deployment/chat-api".to_owned()],
    );
    mapping
        .workloads
        .insert("ui-webinar-room".to_owned(), vec!["room".to_owned()]);
    mapping.ignore.push("ingress-nginx".to_owned());
    assert_eq!(
        mapping.module_for(&WorkloadKind::Deployment, "chat-api"),
        Some("webinar-chat")
    );
    assert_eq!(mapping.module_for(&WorkloadKind::CronJob, "chat-api"), None);
    assert_eq!(
        mapping.module_for(&WorkloadKind::StatefulSet, "room"),
        Some("ui-webinar-room")
    );
    assert!(mapping.ignores(&WorkloadKind::DaemonSet, "ingress-nginx"));
    assert!(!mapping.ignores(&WorkloadKind::DaemonSet, "room"));
}

/// The fixtures under `tests/profiles/runtime/`, read as the CLI reads them.
fn fixture(name: &str, options: &Options) -> Result<Runtime, Failure> {
    let path = format!(
        "{}/tests/profiles/runtime/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    read(&path, options).map(|(_, runtime)| runtime)
}

fn deployment_of(name: &str) -> Deployment {
    match fixture(name, &Options::default()) {
        Ok(Runtime::Deployment(d)) => d,
        Ok(Runtime::Manifest(_)) => panic!("{name} read as a manifest"),
        Err(e) => panic!("{name}: {}", e.0),
    }
}

/// What the shipped profile says: (id, status) of each module.
fn statuses() -> Vec<(String, crate::profile::Status)> {
    let path = format!("{}/profiles/prod.yaml", env!("CARGO_MANIFEST_DIR"));
    let source = super::super::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let profile = super::super::profile(&source).unwrap_or_else(|e| panic!("{e}"));
    profile
        .modules
        .iter()
        .map(|m| (m.id.value.clone(), m.status.value))
        .collect()
}

#[test]
fn every_shipped_deployment_runs_what_the_profile_requires_and_nothing_it_disables() {
    use crate::profile::Status;
    let profile = statuses();
    for (name, platform, ignored) in [
        ("helm-rendered.yaml", Platform::Kubernetes, 2),
        ("kubectl-get.json", Platform::Kubernetes, 2),
        ("kustomized", Platform::Kubernetes, 2),
        ("compose.yaml", Platform::Compose, 0),
    ] {
        let d = deployment_of(name);
        assert_eq!(d.platform, platform, "{name}");
        assert_eq!(d.ignored, ignored, "{name}: the Service and the ConfigMap");
        assert_eq!(d.unmapped().count(), 0, "{name}");
        for (id, status) in &profile {
            let workloads: Vec<&Workload> = d.workloads_of(id).map(|(_, w)| w).collect();
            assert!(!workloads.is_empty(), "{name}: {id} has a workload");
            let runs = workloads.iter().any(|w| w.running);
            assert_eq!(runs, *status == Status::Required, "{name}: {id}");
        }
        assert!(
            d.workloads
                .iter()
                .all(|w| profile.iter().any(|(id, _)| w.module() == Some(id))),
            "{name}: every workload belongs to a module of the profile"
        );
    }
    let helm = deployment_of("helm-rendered.yaml");
    let auto: Vec<String> = helm
        .workloads_of("autowebinar-delivery")
        .map(|(_, w)| w.describe(helm.platform))
        .collect();
    assert_eq!(
        auto,
        ["kubernetes: CronJob/autowebinar-delivery, suspended"]
    );
    let dir = deployment_of("kustomized");
    assert_eq!(dir.files.len(), 19, "one file per resource");
    assert!(
        dir.files.first().is_some_and(|f| f
            .name
            .ends_with("kustomized/apps_v1_deployment_action-consumer.yaml")),
        "files are read in path order"
    );
}

/// Each edited copy: the workload that changed, whether it runs, and its place.
#[test]
fn the_edited_copies_change_one_workload_at_its_line() {
    for (name, title, running, line, column) in [
        (
            "helm-chat-scaled.yaml",
            "Deployment/chat-api",
            true,
            198,
            13,
        ),
        (
            "helm-autowebinar-unsuspended.yaml",
            "CronJob/autowebinar-delivery",
            true,
            625,
            12,
        ),
        (
            "helm-room-at-zero.yaml",
            "Deployment/webinar-room-ui",
            false,
            126,
            13,
        ),
        (
            "helm-unknown-label.yaml",
            "Deployment/chat-v2",
            true,
            650,
            13,
        ),
        ("helm-unmapped.yaml", "DaemonSet/log-shipper", true, 642, 7),
        ("compose-chat-scaled.yaml", "service/chat-api", true, 35, 17),
    ] {
        let d = deployment_of(name);
        let w = d.workloads.iter().find(|w| w.title() == title);
        let seen = w.map(|w| (w.running, w.evidence.span.line, w.evidence.span.column));
        assert_eq!(seen, Some((running, line, column)), "{name}: {title}");
    }
}

#[test]
fn broken_deployments_are_input_errors_at_their_line() {
    // The located tree is built recursively: 32 levels of an unoptimised build need
    // more than a test thread's 2 MiB of stack; the binary's main thread has 8 MiB.
    let run = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(broken_deployments);
    match run.map(std::thread::JoinHandle::join) {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => panic!("{e}"),
    }
}

fn broken_deployments() {
    for (name, line, column, message) in [
        ("k8s-syntax-error.yaml", 19, 4, ""),
        (
            "k8s-replicas-wrong-type.yaml",
            20,
            13,
            "expected `replicas` (a whole number, 0 or more), found the string `two`",
        ),
        ("k8s-too-deep.yaml", 8, 0, "nests deeper than 64 levels"),
        ("compose-syntax-error.yaml", 0, 0, ""),
        (
            "compose-replicas-wrong-type.yaml",
            11,
            17,
            "found the string `${CHAT_REPLICAS:-0}`",
        ),
    ] {
        let Err(failure) = fixture(name, &Options::default()) else {
            panic!("{name} must not read");
        };
        let (error, source) = *failure;
        assert!(source.is_some(), "{name}: the text is kept for the snippet");
        let first = error.problems.first();
        let span = first.and_then(|p| p.span);
        assert!(
            span.is_some_and(|s| s.line == line || line == 0),
            "{name}: {error}"
        );
        assert!(
            span.is_some_and(|s| s.column == column || column == 0),
            "{name}: {error}"
        );
        assert!(
            first.is_some_and(|p| p.worded().contains(message)),
            "{name}: {error}"
        );
    }
}

/// A fresh directory under the system's temporary one, for `test`.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "profile-check-runtime-{test}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

const CHAT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  \
                        labels: {app.kubernetes.io/name: webinar-chat}\nspec: {replicas: 2}\n";

#[test]
fn hidden_manifests_are_read_as_kubectl_applies_them() {
    let dir = scratch("hidden");
    fs::create_dir_all(dir.join(".overlay")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join(".chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    let room = CHAT.replace("chat-api", "room");
    fs::write(dir.join(".room.json.yml"), &room).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join(".overlay/notes"), "not a manifest").unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join(".notes"), "not a manifest").unwrap_or_else(|e| panic!("{e}"));
    let read = read(&dir.to_string_lossy(), &Options::default());
    let titles = match read {
        Ok((_, Runtime::Deployment(d))) => d
            .workloads
            .iter()
            .map(|w| (w.title(), w.running))
            .collect::<Vec<_>>(),
        Ok((_, Runtime::Manifest(_))) => panic!("read as a manifest"),
        Err(e) => panic!("{}", e.0),
    };
    assert_eq!(
        titles,
        [
            ("Deployment/chat-api".to_owned(), true),
            ("Deployment/room".to_owned(), true)
        ]
    );
    // A manifest in a subfolder, hidden or not, is refused: `kubectl apply -f DIR` reads
    // none without `-R`.
    fs::write(dir.join(".overlay/chat.json.yml"), room).unwrap_or_else(|e| panic!("{e}"));
    let message = refused(&dir);
    assert!(
        message.contains("subfolder holding manifests") && message.contains(".overlay"),
        "{message}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_manifest_whose_name_is_not_utf8_is_named_as_such() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("not-utf8");
    fs::write(dir.join("chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    let name = std::ffi::OsStr::from_bytes(b"chat-\xff.yaml");
    if fs::write(dir.join(name), CHAT).is_err() {
        // Some file systems (macOS's) refuse such names: nothing to test there.
        return;
    }
    let message = match read(&dir.to_string_lossy(), &Options::default()) {
        Err(failure) => failure.0.to_string(),
        Ok(_) => "read".to_owned(),
    };
    assert!(
        message.contains("has a name that is not valid UTF-8") && message.contains("chat-"),
        "{message}"
    );
    assert!(!message.contains("no such file"), "{message}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_runtime_file_is_not_called_a_profile() {
    let dir = scratch("empty");
    let path = dir.join("rendered.yaml");
    fs::write(&path, "\n").unwrap_or_else(|e| panic!("{e}"));
    let failure = read(&path.to_string_lossy(), &Options::default()).err();
    let help = failure.and_then(|f| f.0.problems.first().and_then(|p| p.help.clone()));
    assert_eq!(
        help.as_deref(),
        Some(
            "a runtime input is Kubernetes manifests, a Compose file, or a manifest with `environment` and `active`"
        )
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_must_hold_rendered_manifests() {
    let dir = std::env::temp_dir().join(format!("profile-check-runtime-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("base")).unwrap_or_else(|e| panic!("{e}"));
    let shown = dir.to_string_lossy().into_owned();
    let message = |options: &Options| match read(&shown, options) {
        Err(failure) => failure.0.to_string(),
        Ok(_) => "read".to_owned(),
    };
    assert!(message(&Options::default()).contains("holds no `.yaml`"));
    fs::write(
        dir.join("base/kustomization.yaml"),
        "resources: [chat.yaml]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        dir.join("base/chat.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(message(&Options::default()).contains("a kustomize source"));
    fs::remove_file(dir.join("base/kustomization.yaml")).unwrap_or_else(|e| panic!("{e}"));
    // `kubectl apply -f DIR` reads no subfolder without `-R`: a manifest in one is refused.
    assert!(message(&Options::default()).contains("subfolder holding manifests"));
    fs::rename(dir.join("base/chat.yaml"), dir.join("chat.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(message(&Options::default()), "read");
    let compose = format!("compose:{shown}");
    assert!(
        read(&compose, &Options::default())
            .err()
            .is_some_and(|f| f.0.to_string().contains("`compose:` names one file"))
    );
    for i in 0..=MAX_FILES {
        fs::write(
            dir.join(format!("base/{i:04}.yaml")),
            "apiVersion: v1\nkind: ConfigMap\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(message(&Options::default()).contains("more than 1000 files"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn one_of_api_version_or_kind_says_kubernetes() {
    assert_eq!(recognised("kind: Deployment\n"), Some(Format::Kubernetes));
    assert_eq!(
        recognised("apiVersion: apps/v1\n"),
        Some(Format::Kubernetes)
    );
    assert_eq!(recognised("environment: prod\n"), Some(Format::Manifest));
    assert_eq!(recognised("active: []\n"), Some(Format::Manifest));
}

fn refused(dir: &Path) -> String {
    match read(&dir.to_string_lossy(), &Options::default()) {
        Err(failure) => failure.0.to_string(),
        Ok(_) => "read".to_owned(),
    }
}

#[test]
fn an_unrendered_helm_chart_is_refused() {
    let dir = scratch("chart");
    fs::write(dir.join("chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(refused(&dir), "read");
    fs::write(dir.join("Chart.yaml"), "apiVersion: v2\nname: webinars\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(refused(&dir).contains("a Helm chart, not rendered manifests"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_is_read_to_its_depth_limit_and_no_deeper() {
    let dir = scratch("depth");
    let mut deepest = dir.clone();
    for level in 0..MAX_DIRECTORY_DEPTH {
        deepest = deepest.join(format!("d{level}"));
    }
    fs::create_dir_all(&deepest).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    fs::write(deepest.join("notes.txt"), "no manifest").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        refused(&dir),
        "read",
        "{MAX_DIRECTORY_DEPTH} levels are looked through"
    );
    fs::write(deepest.join("chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    assert!(refused(&dir).contains("subfolder holding manifests"));
    let _ = fs::remove_file(deepest.join("chat.yaml"));
    let deeper = deepest.join("one-more");
    fs::create_dir_all(&deeper).unwrap_or_else(|e| panic!("{e}"));
    assert!(refused(&dir).contains("nests deeper than 8 levels"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_over_the_limit_of_one_file_is_read_file_by_file() {
    let dir = scratch("size");
    // Two files of 5 MiB each: together over the 8 MiB a file is kept whole up to; each
    // is read as a stream, and the directory has no size limit of its own.
    let filler = format!("{CHAT}#{}\n", "x".repeat(5 << 20));
    fs::write(dir.join("a.yaml"), &filler).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("b.yaml"), filler.replace("chat-api", "room"))
        .unwrap_or_else(|e| panic!("{e}"));
    let Ok((_, Runtime::Deployment(deployment))) =
        read(&dir.to_string_lossy(), &Options::default())
    else {
        panic!("a directory of two 5 MiB files was not read");
    };
    let names: Vec<&str> = deployment
        .workloads
        .iter()
        .map(|w| w.name.value.as_str())
        .collect();
    assert_eq!(names, ["chat-api", "room"]);
    assert_eq!(deployment.files.len(), 2);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_resource_defined_in_two_files_is_refused_at_the_second() {
    let dir = scratch("twice");
    fs::write(dir.join("a.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        dir.join("b.yaml"),
        CHAT.replace("replicas: 2", "replicas: 0"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let message = refused(&dir);
    assert!(
        message.contains("b.yaml:4:9: `Deployment/chat-api` is defined a second time")
            && message.contains("a.yaml at line 4, column 9"),
        "{message}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_subdirectory_whose_name_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("not-utf8-dir");
    fs::write(dir.join("chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    let name = std::ffi::OsStr::from_bytes(b"overlay-\xff");
    if fs::create_dir_all(dir.join(name)).is_err() {
        return;
    }
    assert!(refused(&dir).contains("has a name that is not valid UTF-8"));
    let _ = fs::remove_dir_all(&dir);
    let dir = scratch("not-utf8-other");
    fs::write(dir.join("chat.yaml"), CHAT).unwrap_or_else(|e| panic!("{e}"));
    let notes = std::ffi::OsStr::from_bytes(b"notes-\xff.txt");
    if fs::write(dir.join(notes), "not a manifest").is_ok() {
        assert_eq!(
            refused(&dir),
            "read",
            "a file that is no manifest is passed over"
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_job_and_its_cronjob_in_two_files_are_settled_together() {
    let dir = scratch("owners");
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: auto-1\n  ownerReferences:\n  \
               - {kind: CronJob, name: auto}\n";
    let cronjob = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: auto\n  \
                   labels: {app.kubernetes.io/name: autowebinar-delivery}\nspec: {suspend: true}\n";
    fs::write(dir.join("a-job.yaml"), job).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("b-cronjob.yaml"), cronjob).unwrap_or_else(|e| panic!("{e}"));
    let judged = match read(&dir.to_string_lossy(), &Options::default()) {
        Ok((_, Runtime::Deployment(d))) => d
            .workloads
            .iter()
            .map(|w| (w.title(), w.module().map(str::to_owned), w.running))
            .collect::<Vec<_>>(),
        Ok((_, Runtime::Manifest(_))) => panic!("read as a manifest"),
        Err(e) => panic!("{}", e.0),
    };
    let auto = Some("autowebinar-delivery".to_owned());
    assert_eq!(
        judged,
        [
            ("Job/auto-1".to_owned(), auto.clone(), true),
            ("CronJob/auto".to_owned(), auto, false)
        ]
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_file_over_8_mib_reads_as_a_small_one_with_the_lines_found_kept() {
    let dir = scratch("large");
    // The same stream small, then padded over 8 MiB by a ConfigMap's data between the
    // two workloads: the verdict and every place must be the same, and the lines of the
    // places kept for their snippets.
    let padding: String = (0..90_000)
        .map(|i| format!("  key-{i:06}: {}\n", "x".repeat(90)))
        .collect();
    let room = CHAT
        .replace("chat-api", "room")
        .replace("replicas: 2", "replicas: 0");
    let small = format!("{CHAT}---\n{room}");
    let large = format!(
        "{CHAT}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: padding}}\ndata:\n{padding}---\n{room}"
    );
    assert!(large.len() > 8 << 20);
    let places = |text: &str, name: &str| {
        let path = dir.join(name);
        fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let Ok((source, Runtime::Deployment(d))) =
            read(&path.to_string_lossy(), &Options::default())
        else {
            panic!("{name} was not read");
        };
        let found: Vec<_> = d
            .workloads
            .iter()
            .map(|w| {
                let line = source.line(w.evidence.span.line).map(str::to_owned);
                (w.title(), w.running, w.evidence.span.column, line)
            })
            .collect();
        let lines: Vec<u32> = d.workloads.iter().map(|w| w.evidence.span.line).collect();
        (found, lines, source.is_whole())
    };
    let (small_found, small_lines, small_whole) = places(&small, "small.yaml");
    let (large_found, large_lines, large_whole) = places(&large, "large.yaml");
    assert!(small_whole);
    assert!(!large_whole);
    assert_eq!(small_found, large_found);
    assert_eq!(small_lines, [6, 13]);
    assert_eq!(large_lines, [6, 90_018]);
    assert_eq!(
        large_found.first().and_then(|f| f.3.clone()).as_deref(),
        Some("spec: {replicas: 2}")
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_json_list_over_8_mib_is_read_item_by_item() {
    let dir = scratch("large-json");
    let item = |name: &str, module: &str, replicas: u32| {
        format!(
            "{{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\",\n \"metadata\": {{\"name\": \"{name}\", \"labels\": {{\"app.kubernetes.io/name\": \"{module}\"}}}},\n \"spec\": {{\"replicas\": {replicas}}},\n \"status\": {{\"note\": \"{}\"}}}}",
            "x".repeat(4000)
        )
    };
    let items: Vec<String> = (0..2_200)
        .map(|i| item(&format!("api-{i}"), "core-webinar-event", 1))
        .chain(std::iter::once(item("chat", "webinar-chat", 3)))
        .collect();
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"items\": [\n{}\n], \"kind\": \"List\"}}\n",
        items.join(",\n")
    );
    assert!(text.len() > 8 << 20);
    let path = dir.join("dump.json");
    fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let Ok((source, Runtime::Deployment(d))) = read(&path.to_string_lossy(), &Options::default())
    else {
        panic!("the dump was not read");
    };
    assert!(!source.is_whole());
    assert_eq!(d.workloads.len(), 2_201);
    let Some(chat) = d.workloads.last() else {
        panic!("no workload");
    };
    assert_eq!(chat.module(), Some("webinar-chat"));
    assert_eq!(chat.evidence.value, Evidence::Replicas(3));
    // Items start on line 2, four lines each; the last one's `spec` is on its third.
    assert_eq!(chat.evidence.span.line, 2 + 2_200 * 4 + 2);
    assert_eq!(
        source.line(chat.evidence.span.line),
        Some(" \"spec\": {\"replicas\": 3},")
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Reads `text` as a runtime input from a file (the streamed reading of `read`).
fn read_file_text(test: &str, name: &str, text: &str) -> Result<(Arc<Source>, Runtime), Failure> {
    let dir = scratch(test);
    let path = dir.join(name);
    fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let read = read(&path.to_string_lossy(), &Options::default());
    let _ = fs::remove_dir_all(&dir);
    read
}

#[test]
fn a_one_line_json_list_is_read_item_by_item() {
    // A minified dump: one line of 3,000 resources, each read at its column, the line let
    // go of as it is read past what a snippet shows (`kept::tests`).
    let item = |i: usize, module: &str, replicas: u32| {
        format!(
            "{{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{{\"name\":\"d{i}\",\"labels\":{{\"app.kubernetes.io/name\":\"{module}\"}}}},\"spec\":{{\"replicas\":{replicas}}}}}"
        )
    };
    let mut items: Vec<String> = (0..3_000)
        .map(|i| item(i, "core-webinar-event", 1))
        .collect();
    items.push(item(3_000, "webinar-chat", 2));
    let head = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[";
    let text = format!("{head}{}]}}", items.join(","));
    let Ok((source, Runtime::Deployment(d))) = read_file_text("one-line", "dump.json", &text)
    else {
        panic!("the one-line dump was not read");
    };
    assert_eq!(d.workloads.len(), 3_001);
    let Some(chat) = d.workloads.last() else {
        panic!("no workload");
    };
    assert_eq!(chat.evidence.value, Evidence::Replicas(2));
    let column = text
        .rfind("\"replicas\":2")
        .map_or(0, |i| i + "\"replicas\":".len() + 1);
    assert_eq!(
        (chat.evidence.span.line, chat.evidence.span.column),
        (1, u32::try_from(column).unwrap_or(0))
    );
    // Under 8 MiB, the text is kept whole all the same.
    assert!(source.is_whole());
}

#[test]
fn a_name_in_many_namespaces_is_one_resource_in_each() {
    let service = |ns: Option<&str>| {
        let ns = ns.map_or(String::new(), |ns| format!(", namespace: {ns}"));
        format!("apiVersion: v1\nkind: Service\nmetadata: {{name: x{ns}}}\n---\n")
    };
    let distinct: String = ["a", "b", "c"].iter().map(|ns| service(Some(ns))).collect();
    let Ok(_) = read_file_text("ns-distinct", "s.yaml", &distinct) else {
        panic!("one name in three namespaces refused");
    };
    // Again in `b` (line 9 is b's): the second is refused, naming the first.
    let again = format!("{distinct}{}", service(Some("b")));
    let Err(failure) = read_file_text("ns-again", "s.yaml", &again) else {
        panic!("a resource defined twice in one namespace read");
    };
    let message = failure.0.to_string();
    assert!(
        message.contains("s.yaml:15:") && message.contains("the first is at line 7"),
        "{message}"
    );
    // With no namespace, it may be applied to any: the first of all is named.
    let unnamed = format!("{distinct}{}", service(None));
    let Err(failure) = read_file_text("ns-none", "s.yaml", &unnamed) else {
        panic!("a resource with no namespace beside named ones read");
    };
    assert!(
        failure.0.to_string().contains("the first is at line 3"),
        "{}",
        failure.0
    );
}

#[test]
fn a_line_longer_than_a_document_may_be_is_refused_unread() {
    let mut kept = kept::Kept::new(0);
    let mut take = |_: tree::Ready, _: &mut kept::Kept| Ok(());
    // One line of 1,000 bytes and no line break, under a limit of 100: not read whole.
    let text = "a".repeat(1_000);
    let mut input = text.as_bytes();
    let Err(p) = stream::read(&mut input, &unread::STREAMED, &mut kept, &mut take, 100) else {
        panic!("a line over the limit was read");
    };
    assert!(p.message.contains("more than 100 bytes"), "{}", p.message);
}

#[test]
fn a_brace_past_kubectls_first_4096_bytes_is_yaml() {
    // kubectl looks for `{` in the first 4,096 bytes only; later, the file is YAML to it
    // (here a flow mapping that JSON would refuse: a key with no quotes).
    let text = format!(
        "{}{{apiVersion: apps/v1, kind: Deployment, metadata: {{name: chat, labels: {{app.kubernetes.io/name: webinar-chat}}}}, spec: {{replicas: 2}}}}\n",
        "\n".repeat(5_000)
    );
    let Ok((_, Runtime::Deployment(d))) = read_file_text("late-brace", "late.yaml", &text) else {
        panic!("a YAML flow mapping after 5,000 blank lines was not read");
    };
    assert_eq!(d.workloads.len(), 1);
    // The same in the first bytes is JSON to kubectl, and refused as such.
    let Err(failure) = read_file_text("early-brace", "early.yaml", text.trim_start()) else {
        panic!("unquoted keys read as JSON");
    };
    assert!(
        failure.0.to_string().contains("read as JSON"),
        "{}",
        failure.0
    );
}

#[test]
fn more_resources_than_the_limit_are_refused_where_the_limit_is_passed() {
    let item = |i: usize| {
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"c{i}\"}}}}"
        )
    };
    let items: Vec<String> = (0..=streamed::MAX_RESOURCES).map(item).collect();
    // One item a line, after the list's first line.
    let text = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n{}\n]}}\n",
        items.join(",\n")
    );
    let Err(failure) = read_file_text("many", "many.json", &text) else {
        panic!("more resources than the limit read");
    };
    let message = failure.0.to_string();
    assert!(
        message.contains(&format!(
            "many.json:{}:1: more than 200,000 resources",
            streamed::MAX_RESOURCES + 2
        )),
        "{message}"
    );
}

#[test]
fn past_the_cap_a_streamed_input_counts_the_problems_it_does_not_list() {
    // 300 Deployments, each with a `replicas` that is no number: 300 problems, 200 listed
    // and one that counts the other 100, as for every other input.
    let dir = scratch("capped");
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\nspec:\n  replicas: x{i}\n  template:\n    metadata:\n      labels: {{app.kubernetes.io/name: webinar-chat}}\n"
        ));
    }
    // 300 Compose services each with a wrong `replicas`, and 300 refused merge keys.
    let compose: String = (0..300)
        .map(|i| format!("  s{i}:\n    image: x\n    deploy: {{replicas: two}}\n"))
        .collect();
    let merges: String = (0..300)
        .map(|i| {
            format!(
                "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: m{i}, <<: {{a: b}}}}\n"
            )
        })
        .collect();
    for (name, format) in [
        ("many.yaml", "kubernetes:"),
        ("many.json", ""),
        ("compose.yaml", "compose:"),
        ("merges.yaml", "kubernetes:"),
    ] {
        let path = dir.join(name);
        let body = if name == "compose.yaml" {
            format!("services:\n{compose}")
        } else if name == "merges.yaml" {
            merges.clone()
        } else if format.is_empty() {
            // The same as one kubectl List in JSON.
            let items: Vec<String> = (0..300)
                .map(|i| format!(r#"{{"apiVersion":"apps/v1","kind":"Deployment","metadata":{{"name":"d{i}"}},"spec":{{"replicas":"x{i}","template":{{"metadata":{{"labels":{{"app.kubernetes.io/name":"webinar-chat"}}}}}}}}}}"#))
                .collect();
            format!(
                r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
                items.join(",")
            )
        } else {
            text.clone()
        };
        fs::write(&path, body).unwrap_or_else(|e| panic!("{e}"));
        let argument = format!("{format}{}", path.to_string_lossy());
        let Err(failure) = read(&argument, &Options::default()) else {
            panic!("{name}: read");
        };
        let problems = &failure.0.problems;
        let counted: usize = problems.iter().map(|p| p.counts).sum();
        assert_eq!((problems.len(), counted), (201, 300), "{name}");
        assert_eq!(
            problems.last().map(|p| p.kind),
            Some(crate::error::ProblemKind::Omitted),
            "{name}"
        );
    }
    let _ = fs::remove_dir_all(&dir);
}
