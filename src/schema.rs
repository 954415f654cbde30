//! JSON Schemas (2020-12) of the input formats, for editors (yaml-language-server), and of
//! the JSON report (`--format json`), for the programs that read it.
//!
//! Built from the decoder's own field tables and vocabularies, so that the schema and the
//! loader cannot disagree on a field name or an accepted value; the loader stays the
//! judge (it also checks what a schema cannot: duplicates, real dates, module ids).

use serde_json::{Value, json};

use crate::config;
use crate::error::ProblemKind;
use crate::inputs::InputKind;
use crate::load::{profile, runtime, waivers};
use crate::profile::{Contour, Keyword, Role, Status, Switch};
use crate::report::{Format, TableStyle};
use crate::rules::RULES;

/// The formats with a schema: the inputs, and the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// A runtime profile (format v1).
    Profile,
    /// A `--runtime` activation manifest.
    Runtime,
    /// A `--waivers` file.
    Waivers,
    /// The project configuration, `profile-check.toml` (TOML; the schema is for editors
    /// such as Taplo, Tombi or Even Better TOML).
    Config,
    /// The JSON report (`--format json`, version 2).
    Report,
}

impl SchemaKind {
    /// Every format with a schema.
    pub const ALL: &'static [Self] = &[
        Self::Profile,
        Self::Runtime,
        Self::Waivers,
        Self::Config,
        Self::Report,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Runtime => "runtime",
            Self::Waivers => "waivers",
            Self::Config => "config",
            Self::Report => "report",
        }
    }

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Self::Profile => "A runtime profile (format v1).",
            Self::Runtime => "A `--runtime` activation manifest.",
            Self::Waivers => "A `--waivers` file.",
            Self::Config => "The project configuration, `profile-check.toml`.",
            Self::Report => "The JSON report (`--format json`, version 2).",
        }
    }
}

const KEBAB: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const SNAKE: &str = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

fn words<K: Keyword>() -> Value {
    json!({ "enum": K::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>() })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "pattern": "\\S", "description": description })
}

fn date(description: &str) -> Value {
    json!({ "type": "string", "pattern": DATE, "format": "date", "description": description })
}

fn ids(description: &str) -> Value {
    json!({
        "type": "array",
        "items": { "type": "string", "pattern": KEBAB },
        "uniqueItems": true,
        "description": description
    })
}

fn events(description: &str) -> Value {
    json!({
        "type": "array",
        "items": { "type": "string", "pattern": SNAKE },
        "uniqueItems": true,
        "description": description
    })
}

/// An object with exactly `fields` (all described in `properties`), `required` of them
/// required.
fn object(fields: &[&str], required: &[&str], properties: Vec<(&str, Value)>) -> Value {
    debug_assert_eq!(
        fields.len(),
        properties.len(),
        "every field of the format is described"
    );
    let properties: serde_json::Map<String, Value> = properties
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// The JSON Schema of `kind`.
pub fn schema(kind: SchemaKind) -> Value {
    let (id, title, body) = match kind {
        SchemaKind::Profile => (
            "profile",
            "profile-check runtime profile (format v1)",
            profile_schema(),
        ),
        SchemaKind::Runtime => (
            "runtime",
            "profile-check runtime activation manifest",
            runtime_schema(),
        ),
        SchemaKind::Waivers => ("waivers", "profile-check waivers", waivers_schema()),
        SchemaKind::Config => (
            "config",
            "profile-check project configuration (profile-check.toml)",
            config_schema(),
        ),
        SchemaKind::Report => (
            "report",
            "profile-check JSON report (version 2)",
            report_schema(),
        ),
    };
    // The report's schema carries the report's version; the inputs are format v1.
    let version = if kind == SchemaKind::Report { 2 } else { 1 };
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:profile-check:schema:{id}:v{version}"),
        "title": title,
    });
    if let (Some(head), Value::Object(rest)) = (schema.as_object_mut(), body) {
        head.extend(rest);
    }
    schema
}

fn profile_schema() -> Value {
    let module = object(
        profile::MODULE,
        profile::MODULE_REQUIRED,
        vec![
            (
                "id",
                json!({ "type": "string", "pattern": KEBAB, "description": "kebab-case slug, unique" }),
            ),
            ("name", text("display name, unique")),
            ("role", words::<Role>()),
            ("status", words::<Status>()),
            ("contour", words::<Contour>()),
            ("emits", events("events the module emits")),
            ("consumes", events("events the module consumes")),
            (
                "active",
                json!({ "type": "boolean", "description": "the environment's switch, where known" }),
            ),
            ("notes", text("the source table's notes, verbatim")),
        ],
    );
    object(
        profile::TOP,
        profile::TOP,
        vec![
            ("profile", text("the profile's name, e.g. PROD")),
            ("product", text("the product, e.g. Webinars MVP v1++")),
            (
                "document",
                object(
                    profile::DOCUMENT,
                    profile::DOCUMENT,
                    vec![
                        ("status", text("the document's status, e.g. PROCESS")),
                        ("owner", text("the document's owner")),
                        ("last_updated", date("YYYY-MM-DD, a real date")),
                    ],
                ),
            ),
            (
                "contours",
                object(
                    profile::CONTOURS,
                    profile::CONTOURS,
                    vec![("live", words::<Switch>()), ("auto", words::<Switch>())],
                ),
            ),
            (
                "modules",
                json!({ "type": "array", "items": module, "minItems": 1 }),
            ),
            ("dev_only", ids("ids from the Dev-only section")),
            ("analytics_only", ids("ids from the Analytics-only section")),
        ],
    )
}

fn runtime_schema() -> Value {
    object(
        runtime::FIELDS,
        runtime::FIELDS,
        vec![
            ("environment", text("the environment, e.g. prod")),
            ("active", ids("ids of every module switched on")),
        ],
    )
}

fn waivers_schema() -> Value {
    let rules: Vec<&str> = RULES
        .iter()
        .filter(|r| r.id.waivable())
        .map(|r| r.name())
        .collect();
    let waiver = object(
        waivers::WAIVER,
        waivers::REQUIRED,
        vec![
            ("rule", json!({ "enum": rules })),
            ("module", text("only this module's findings")),
            ("reason", text("why the release ships with the violation")),
            ("owner", text("who decided")),
            (
                "expires",
                date("the last day the waiver holds; at most 180 days ahead"),
            ),
        ],
    );
    object(
        waivers::TOP,
        waivers::TOP,
        vec![("waivers", json!({ "type": "array", "items": waiver }))],
    )
}

fn config_schema() -> Value {
    let path = |description: &str| json!({ "type": "string", "pattern": "\\S", "description": description });
    let require = json!({
        "type": "array",
        "items": words::<InputKind>(),
        "uniqueItems": true,
        "description": "inputs a profile must have; a profile without one is not checked (exit 2)"
    });
    // `path`, one key per input, `require`: the reader's own key list.
    let profile = InputKind::Profile;
    let entry = object(
        &config::profile_keys(),
        &[profile.key()],
        std::iter::once((profile.key(), path(profile.about())))
            .chain(InputKind::INPUTS.iter().map(|kind| {
                let described = path(&format!("{}: {}", kind.flag(), kind.about()));
                let schema = if *kind == InputKind::Runtime {
                    json!({
                        "oneOf": [
                            described,
                            {
                                "type": "array",
                                "items": { "type": "string", "pattern": "\\S" },
                                "minItems": 1,
                                "uniqueItems": true,
                                "description": "several deployments of the profile's environment (regions, Kubernetes and Compose), each checked on its own"
                            }
                        ]
                    })
                } else {
                    described
                };
                (kind.key(), schema)
            }))
            .chain([("require", require.clone())])
            .collect(),
    );
    let names = |description: &str| json!({ "type": "array", "items": { "type": "string", "pattern": "\\S" }, "description": description });
    let runtime = object(
        config::RUNTIME,
        &[],
        vec![
            (
                "label",
                path(
                    "the Kubernetes label whose value is a module id (default app.kubernetes.io/name)",
                ),
            ),
            (
                "compose_label",
                path(
                    "the Compose service label whose value is a module id (default profile-check.module)",
                ),
            ),
            (
                "compose_profiles",
                names("the Compose profiles switched on, as COMPOSE_PROFILES would (`*`: all)"),
            ),
            (
                "ignore",
                names(
                    "workloads of no module (`name` or `Kind/name`): neither mapped nor reported",
                ),
            ),
            (
                "workloads",
                json!({
                    "type": "object",
                    "propertyNames": { "pattern": KEBAB },
                    "additionalProperties": names("the workloads of this module (`name` or `Kind/name`)"),
                    "description": "module id → its workloads, for workloads that carry no label"
                }),
            ),
        ],
    );
    let formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    let report = object(
        config::REPORT,
        &[],
        vec![
            (
                "format",
                json!({ "enum": formats, "description": "--format: the report on standard output (default text)" }),
            ),
            (
                "table",
                json!({
                    "enum": TableStyle::ALL.iter().map(|t| t.name()).collect::<Vec<_>>(),
                    "description": "--table: the text report's module table (default: full on a terminal, condensed elsewhere)"
                }),
            ),
            (
                "files",
                object(
                    &formats,
                    &[],
                    Format::ALL
                        .iter()
                        .map(|f| {
                            (
                                f.name(),
                                path(&format!(
                                    "--report {}=FILE: the {} report, written on every run, relative to profile-check.toml",
                                    f.name(),
                                    f.name()
                                )),
                            )
                        })
                        .collect(),
                ),
            ),
        ],
    );
    object(
        config::TOP,
        &["profile"],
        vec![
            ("require", require),
            (
                "release_tags",
                json!({
                    "type": "string",
                    "minLength": 1,
                    "default": crate::load::git::DEFAULT_RELEASE_TAGS,
                    "description": "the glob a release tag matches (`*`, `?`, `[…]` as git describe --match reads them): `git:latest-tag` is the highest such tag reachable from HEAD, passing over HEAD's own tags when the profile is the one committed there"
                }),
            ),
            (
                "strict",
                json!({ "type": "boolean", "description": "--strict: warnings fail the gate too, in every run" }),
            ),
            ("report", report),
            ("runtime", runtime),
            (
                "profile",
                json!({ "type": "array", "items": entry, "minItems": 1 }),
            ),
        ],
    )
}

fn count(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 0, "description": description })
}

fn position(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 1, "description": description })
}

fn maybe(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// The JSON report (`report/json.rs`): every field required, so that a reader can rely on
/// each being there (`null` where there is nothing).
fn report_schema() -> Value {
    let rules: Vec<&str> = RULES.iter().map(|r| r.name()).collect();
    let problem_fields = [
        "kind",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
        "found",
        "expected",
        "suggestion",
    ];
    let kinds: Vec<&str> = ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
    let kinds_about: Vec<String> = ProblemKind::ALL
        .iter()
        .map(|k| format!("`{}`: {}", k.as_str(), k.about()))
        .collect();
    let problem = object(
        &problem_fields,
        &problem_fields,
        vec![
            (
                "kind",
                json!({ "enum": kinds, "description": format!("what kind of problem: {}", kinds_about.join("; ")) }),
            ),
            (
                "found",
                maybe(
                    json!({ "type": "string", "description": "the value at fault, as found: a name not known (unknown), what a value is (wrong-type)" }),
                ),
            ),
            (
                "expected",
                maybe(
                    json!({ "type": "string", "description": "what was expected there: a value's type (wrong-type), the name of what is missing (missing)" }),
                ),
            ),
            (
                "suggestion",
                maybe(
                    json!({ "type": "string", "description": "the known name nearest to the one found (unknown): the \"did you mean\"" }),
                ),
            ),
            (
                "message",
                json!({ "type": "string", "description": "what is wrong" }),
            ),
            (
                "file",
                json!({ "type": "string", "description": "the input at fault, as named" }),
            ),
            (
                "line",
                maybe(position("1-based line; null for the file as a whole")),
            ),
            (
                "column",
                maybe(position("1-based column, in Unicode code points")),
            ),
            ("end_line", maybe(position("the line the problem ends on"))),
            (
                "end_column",
                maybe(position("the column just past the value at fault")),
            ),
            (
                "help",
                maybe(json!({ "type": "string", "description": "what to do" })),
            ),
        ],
    );
    let finding_fields = [
        "rule",
        "severity",
        "message",
        "help",
        "module",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "waived",
        "deployment",
    ];
    let deployment = maybe(
        json!({ "type": "string", "description": "the --runtime input the profile was checked against, when it is held against several deployments (each checked on its own); null otherwise" }),
    );
    let finding = object(
        &finding_fields,
        &finding_fields,
        vec![
            ("rule", json!({ "enum": rules })),
            (
                "severity",
                json!({ "enum": ["error", "warning"], "description": "error also for a warning under --strict" }),
            ),
            ("message", json!({ "type": "string" })),
            (
                "help",
                maybe(json!({ "type": "string", "description": "how to fix it" })),
            ),
            (
                "module",
                maybe(json!({ "type": "string", "description": "the module concerned" })),
            ),
            (
                "file",
                json!({ "type": "string", "description": "the file the place is in" }),
            ),
            ("line", position("1-based line")),
            ("column", position("1-based column, in Unicode code points")),
            ("end_line", position("the line the value at fault ends on")),
            (
                "end_column",
                position("the column just past the value at fault"),
            ),
            (
                "waived",
                json!({ "type": "boolean", "description": "a live waiver accepts it" }),
            ),
            ("deployment", deployment.clone()),
        ],
    );
    let summary_fields = [
        "modules", "required", "optional", "disabled", "errors", "warnings", "waived",
    ];
    let summary = object(
        &summary_fields,
        &summary_fields,
        vec![
            ("modules", count("modules in the profile")),
            ("required", count("of status required")),
            ("optional", count("of status optional")),
            ("disabled", count("of status disabled")),
            (
                "errors",
                count("error findings no waiver accepts (under --strict, the warnings too)"),
            ),
            (
                "warnings",
                count(
                    "warning findings no waiver accepts (none under --strict, where they count as errors)",
                ),
            ),
            ("waived", count("findings a live waiver accepts")),
        ],
    );
    let error = object(
        &["message", "problems"],
        &["message", "problems"],
        vec![
            (
                "message",
                json!({ "type": "string", "description": "e.g. cannot be checked, 3 input errors" }),
            ),
            (
                "problems",
                json!({ "type": "array", "items": problem, "minItems": 1 }),
            ),
        ],
    );
    let input_fields: Vec<&str> = InputKind::INPUTS.iter().map(|k| k.key()).collect();
    let held_against = object(
        &input_fields,
        &input_fields,
        InputKind::INPUTS
            .iter()
            .map(|kind| {
                let description = format!(
                    "the {} input, as named (git:REV for a baseline from git)",
                    kind.flag()
                );
                (
                    kind.key(),
                    maybe(json!({ "type": "string", "description": description })),
                )
            })
            .collect(),
    );
    let baseline_fields = ["given", "tag", "commit"];
    let baseline = object(
        &baseline_fields,
        &baseline_fields,
        vec![
            (
                "given",
                json!({ "type": "string", "description": "the baseline as named, e.g. git:latest-tag" }),
            ),
            (
                "tag",
                maybe(
                    json!({ "type": "string", "description": "the tag it resolved to, when it names one" }),
                ),
            ),
            (
                "commit",
                json!({ "type": "string", "pattern": "^[0-9a-f]{40,64}$", "description": "the commit it resolved to" }),
            ),
        ],
    );
    let profile_fields = [
        "path",
        "deployment",
        "passed",
        "held_against",
        "baseline",
        "note",
        "error",
        "summary",
        "findings",
    ];
    let profile = object(
        &profile_fields,
        &profile_fields,
        vec![
            (
                "path",
                json!({ "type": "string", "description": "the profile as named" }),
            ),
            ("deployment", deployment.clone()),
            ("passed", json!({ "type": "boolean" })),
            ("held_against", held_against),
            ("baseline", maybe(baseline)),
            (
                "note",
                maybe(
                    json!({ "type": "string", "description": "what the verdict does not cover: the profile was held against neither --doc nor --baseline (or one of them)" }),
                ),
            ),
            ("error", maybe(error)),
            ("summary", summary),
            ("findings", json!({ "type": "array", "items": finding })),
        ],
    );
    object(
        &["version", "passed", "profiles"],
        &["version", "passed", "profiles"],
        vec![
            ("version", json!({ "const": 2 })),
            (
                "passed",
                json!({ "type": "boolean", "description": "every profile passed" }),
            ),
            ("profiles", json!({ "type": "array", "items": profile })),
        ],
    )
}

#[cfg(test)]
mod tests {
    //! The committed schemas (`schemas/*.schema.json`, which editors and CI read) against the
    //! registries: a rule, a format or an input kind missing from one fails here by name.

    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;

    fn committed(kind: &str) -> Value {
        let path = format!("{}/schemas/{kind}.schema.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Every `enum` list and every `properties` key set in `schema`, as sets of words.
    fn word_sets(schema: &Value, out: &mut Vec<BTreeSet<String>>) {
        match schema {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("enum", Value::Array(words)) => out.push(
                            words
                                .iter()
                                .filter_map(|w| w.as_str().map(str::to_owned))
                                .collect(),
                        ),
                        ("properties", Value::Object(fields)) => {
                            out.push(fields.keys().cloned().collect());
                        }
                        _ => {}
                    }
                    word_sets(value, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| word_sets(i, out)),
            _ => {}
        }
    }

    /// Whether some list or key set of schema `kind` holds every one of `words`.
    fn holds(kind: &str, what: &str, words: &[&str]) {
        let mut sets = Vec::new();
        word_sets(&committed(kind), &mut sets);
        assert!(!sets.is_empty(), "schemas/{kind}.schema.json was read");
        let missing = |set: &BTreeSet<String>| -> Vec<&str> {
            words
                .iter()
                .copied()
                .filter(|w| !set.contains(*w))
                .collect()
        };
        let best = sets
            .iter()
            .map(missing)
            .min_by_key(Vec::len)
            .unwrap_or_default();
        assert!(
            best.is_empty(),
            "{what} missing from schemas/{kind}.schema.json: {best:?}; run `profile-check schema {kind} > schemas/{kind}.schema.json`"
        );
    }

    #[test]
    fn every_rule_format_and_input_is_in_the_committed_schemas() {
        let rules: Vec<&str> = RULES.iter().map(|r| r.name()).collect();
        let waivable: Vec<&str> = RULES
            .iter()
            .filter(|r| r.id.waivable())
            .map(|r| r.name())
            .collect();
        holds("report", "rule ids", &rules);
        holds("waivers", "waivable rule ids", &waivable);
        let formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        holds("config", "formats (`[report] format`)", &formats);
        let inputs: Vec<&str> = InputKind::INPUTS.iter().map(|k| k.key()).collect();
        holds("config", "input kinds (`require`)", &inputs);
        let mut keys = inputs.clone();
        keys.push(InputKind::Profile.key());
        holds("config", "input keys of `[[profile]]`", &keys);
        holds("report", "input kinds (`held_against`)", &inputs);
    }

    #[test]
    fn a_missing_word_is_caught() {
        let result = std::panic::catch_unwind(|| holds("config", "a scratch format", &["no-such"]));
        assert!(result.is_err());
    }
}
