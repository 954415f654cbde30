//! `import` reads the Architect's document into the same profile as `profiles/prod.yaml`.

use std::process::Command;

use profile_check::load;
use profile_check::profile::Profile;

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
            m.notes.as_ref().map(|n| &n.value)
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
