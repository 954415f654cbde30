//! Finding `profile-check.toml`: the nearest one up to the repository's root.

use std::path::Path;

use super::FILE_NAME;

/// The configuration that applies in `cwd`, as a path relative to it
/// (`profile-check.toml`, `../../profile-check.toml`): the nearest one from `cwd` up to
/// the root of the enclosing git repository (the directory holding `.git`). Outside a
/// git repository only `cwd` itself is looked at, so that a stray file higher up never
/// decides what a check does.
pub fn find(cwd: &Path) -> Option<String> {
    let in_git = cwd.ancestors().any(|dir| dir.join(".git").exists());
    let mut up = String::new();
    for dir in cwd.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return Some(format!("{up}{FILE_NAME}"));
        }
        if !in_git || dir.join(".git").exists() {
            return None;
        }
        up.push_str("../");
    }
    None
}
