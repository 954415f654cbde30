//! The module layers, checked: each module of `src/` may use only the modules of the layers
//! below its own, so the import graph has no circle and no arrow back up. The test reads
//! every `crate::NAME` path in the code (comments and test modules aside) and fails on an
//! arrow that goes up or sideways, naming the file. `CONTRIBUTING.md` shows the same table.
//!
//! An arrow kept sideways or up would be written in [`KEPT`] with its reason; adding one
//! anywhere else fails the test until the layer table or the code changes.

/// The layers, lowest first. A module may use a module of a lower layer only.
pub const LAYERS: &[&[&str]] = &[
    // Text, places, escaping, suggestions, exit codes and the rule list: no dependency.
    &["source", "escape", "suggest", "exit", "layers", "rule_id"],
    // Input problems, and the profile's types.
    &["error", "profile"],
    // Readers: bytes → located YAML → typed values (profile, document, runtime, git).
    &["load"],
    // The inputs a profile is held against, and the pure helpers the rules call.
    &["inputs", "diff", "transcribe"],
    // What a rule raises, then the registry and the rules.
    &["finding"],
    &["rules"],
    // A finding as a report shows it; the fixes planned from findings.
    &["diagnostic", "fix"],
    // One check: load, rules, diagnostics, verdict.
    &["check"],
    // Pictures, then the formats.
    &["graph"],
    &["report"],
    // profile-check.toml: finds, reads and plans (it names formats).
    &["config"],
    // The JSON Schemas of the profile, the configuration and the report.
    &["schema"],
    // The command line, and the language server's loop (the editor's side of a run).
    &["cli", "server"],
    &["commands"],
];

/// Arrows allowed inside one layer or up, each with its reason: (from, to, why). None
/// is left; an entry here is a debt the test lets stand while it is written down.
pub const KEPT: &[(&str, &str, &str)] = &[];

/// Arrows out of the YAML layer still kept: (file under `load/`, path used). None is left:
/// each reader gives the YAML layer its budgets, what it passes over, its words and its
/// syntax hints' vocabulary (`tree::Reading`).
pub const KEPT_IN_YAML: &[(&str, &str)] = &[];

/// What the YAML layer may use besides itself: text and places, input problems,
/// suggestions, and the value types it decodes into (`Located`, `Date`, `Keyword`, which
/// live in `profile.rs`).
pub const YAML_LAYER_USES: &[&str] = &["source", "escape", "error", "suggest", "load", "profile"];

/// The layer of top-level module `name`, or `None` for a module the table does not list.
pub fn layer_of(name: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&name))
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::*;

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The code of a file: without its test module and without comment lines.
    fn code(text: &str) -> String {
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        text.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Every top-level module named after `crate::` in `code`.
    fn uses(code: &str) -> Vec<String> {
        code.match_indices("crate::")
            .map(|(at, m)| {
                code.get(at + m.len()..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect()
    }

    fn src() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
    }

    #[test]
    fn no_arrow_goes_up_or_sideways() {
        let root = src();
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        assert!(files.len() > 50, "the source files were found");
        let mut wrong = Vec::new();
        for file in &files {
            let relative = file.strip_prefix(&root).unwrap_or(file);
            let top = relative
                .components()
                .next()
                .map(|c| {
                    c.as_os_str()
                        .to_string_lossy()
                        .trim_end_matches(".rs")
                        .to_owned()
                })
                .unwrap_or_default();
            if top == "lib" || top == "main" {
                continue;
            }
            let Some(from) = layer_of(&top) else {
                wrong.push(format!(
                    "{}: module `{top}` is in no layer",
                    relative.display()
                ));
                continue;
            };
            let text = fs::read_to_string(file).unwrap_or_default();
            for to in uses(&code(&text)) {
                if to == top || KEPT.iter().any(|(a, b, _)| *a == top && *b == to) {
                    continue;
                }
                match layer_of(&to) {
                    Some(layer) if layer < from => {}
                    _ => wrong.push(format!(
                        "{}: `{top}` uses `crate::{to}`, which is not in a layer below",
                        relative.display()
                    )),
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_module_of_the_crate_is_in_one_layer() {
        let lib = fs::read_to_string(src().join("lib.rs")).unwrap_or_default();
        let modules: Vec<&str> = lib
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod "))
            .map(|l| l.trim_end_matches(';'))
            .collect();
        assert!(modules.len() > 10);
        for module in modules {
            let layers = LAYERS.iter().filter(|l| l.contains(&module)).count();
            assert_eq!(layers, 1, "`{module}` is in {layers} layers");
        }
    }

    /// The YAML layer (the tree, its syntax hints, the decoder) knows no file format: it
    /// uses nothing of the profile, the document, the runtime or the waivers.
    #[test]
    fn the_yaml_layer_knows_no_format() {
        for name in ["tree.rs", "decode.rs", "syntax.rs"] {
            let text = fs::read_to_string(src().join("load").join(name)).unwrap_or_default();
            assert!(!text.is_empty(), "{name} was read");
            let code = code(&text);
            for format in ["profile", "doc", "runtime", "waivers", "git", "schema"] {
                for path in [format!("super::{format}"), format!("load::{format}")] {
                    if KEPT_IN_YAML.contains(&(name, path.as_str())) {
                        continue;
                    }
                    assert!(
                        !code.contains(&path),
                        "load/{name} uses `{path}`: the YAML layer knows no format"
                    );
                }
            }
            for up in uses(&code) {
                assert!(
                    YAML_LAYER_USES.contains(&up.as_str()),
                    "load/{name} uses `crate::{up}`"
                );
            }
        }
    }

    #[test]
    fn the_arrows_are_read() {
        assert_eq!(
            uses("use crate::source::Span;\nlet x = crate::error::Problem::at;"),
            ["source", "error"]
        );
        assert_eq!(code("a\n// crate::x\n#[cfg(test)]\ncrate::y"), "a");
    }
}
