//! SARIF 2.1.0 (OASIS), for code scanning: one run, every rule of the registry in
//! `tool.driver.rules`, a result per finding, input errors as tool notifications.
//! Small hand-written types: the format needs only a few of SARIF's objects.

use serde::Serialize;

use super::Options;
use crate::check::CheckRun;
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::finding::Severity;
use crate::rules::RULES;
use crate::source::Span;

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
    help: Help,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_column: u32,
}

/// Renders `run` as one SARIF log.
pub fn render(run: &CheckRun, _: Options) -> String {
    let rules = RULES
        .iter()
        .map(|r| ReportingDescriptor {
            id: r.name(),
            short_description: Text {
                text: r.summary.to_owned(),
            },
            full_description: Text {
                text: format!("{} {}", r.why, r.fails),
            },
            default_configuration: Configuration {
                level: level(r.severity),
            },
            help: Help {
                text: r.fix.to_owned(),
                markdown: format!(
                    "{}\n\nFails:\n\n```yaml\n{}\n```\n\nFixed:\n\n```yaml\n{}\n```",
                    r.fix, r.bad, r.good
                ),
            },
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for d in run.profiles.iter().flat_map(|p| &p.diagnostics) {
        match d.kind() {
            DiagnosticKind::InputProblem => notifications.push(Notification {
                level: "error",
                message: Text {
                    text: match &d.help {
                        Some(help) => format!("{}: {} ({help})", d.path, d.message),
                        None => format!("{}: {}", d.path, d.message),
                    },
                },
                locations: vec![location(&d.path, d.span)],
            }),
            DiagnosticKind::Finding | DiagnosticKind::Waived => results.push(result(d)),
        }
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "profile-check",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn result(d: &Diagnostic) -> SarifResult {
    let rule_index = RULES
        .iter()
        .position(|r| Some(r.id) == d.rule)
        .unwrap_or_default();
    SarifResult {
        rule_id: d.rule_name().unwrap_or_default(),
        rule_index,
        level: level(d.severity),
        message: Text {
            text: format!(
                "{} (fix: {})",
                d.message,
                d.help.as_deref().unwrap_or_default()
            ),
        },
        locations: vec![location(&d.path, d.span)],
        suppressions: d
            .waiver
            .iter()
            .map(|note| Suppression {
                kind: "external",
                justification: note.clone(),
            })
            .collect(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(path: &str, span: Option<Span>) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(path) },
            region: span.map(|s| Region {
                start_line: s.line.max(1),
                start_column: s.column.max(1),
                end_column: s.column.max(1) + s.len.max(1),
            }),
        },
    }
}

/// A relative URI reference for `path`: forward slashes, and every byte outside the
/// unreserved set and `/` percent-encoded (`<stdin>` → `%3Cstdin%3E`).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("profiles/prod.yaml"), "profiles/prod.yaml");
        assert_eq!(uri("./a b.yaml"), "a%20b.yaml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(
            uri("профиль.yaml"),
            "%D0%BF%D1%80%D0%BE%D1%84%D0%B8%D0%BB%D1%8C.yaml"
        );
    }
}
