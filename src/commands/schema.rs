//! `profile-check schema [KIND]`: the JSON Schema of an input format (for editors) or of
//! the JSON report.

use crate::schema::{SchemaKind, schema};

/// The schema of `kind`, pretty-printed, with a final newline.
pub fn render(kind: SchemaKind) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(&schema(kind)).unwrap_or_default()
    )
}
