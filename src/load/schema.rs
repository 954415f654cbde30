//! JSON Schemas (2020-12) of the input formats, for editors (yaml-language-server).
//!
//! Built from the decoder's own field tables and vocabularies, so that the schema and the
//! loader cannot disagree on a field name or an accepted value; the loader stays the
//! judge (it also checks what a schema cannot: duplicates, real dates, module ids).

use serde_json::{Value, json};

use super::{profile, runtime, waivers};
use crate::config::{self, Input};
use crate::profile::{Contour, Keyword, Role, Status, Switch};
use crate::rules::RULES;

/// The input formats with a schema.
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
}

impl SchemaKind {
    /// Every format with a schema.
    pub const ALL: &'static [Self] = &[Self::Profile, Self::Runtime, Self::Waivers, Self::Config];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Runtime => "runtime",
            Self::Waivers => "waivers",
            Self::Config => "config",
        }
    }

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Self::Profile => "A runtime profile (format v1).",
            Self::Runtime => "A `--runtime` activation manifest.",
            Self::Waivers => "A `--waivers` file.",
            Self::Config => "The project configuration, `profile-check.toml`.",
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
    };
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:profile-check:schema:{id}:v1"),
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
        .filter(|r| r.waivable)
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
        "items": words::<Input>(),
        "uniqueItems": true,
        "description": "inputs a profile must have; a profile without one is not checked (exit 2)"
    });
    let entry = object(
        config::PROFILE,
        &["path"],
        vec![
            ("path", path("the profile, relative to profile-check.toml")),
            ("doc", path("--doc: the Markdown source")),
            (
                "baseline",
                path(
                    "--baseline: a profile file, or git:REV / git:latest-tag for the same path at a git revision",
                ),
            ),
            ("waivers", path("--waivers: accepted, expiring exceptions")),
            ("runtime", path("--runtime: the activation manifest")),
            ("require", require.clone()),
        ],
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
    object(
        config::TOP,
        &["profile"],
        vec![
            ("require", require),
            ("runtime", runtime),
            (
                "profile",
                json!({ "type": "array", "items": entry, "minItems": 1 }),
            ),
        ],
    )
}
