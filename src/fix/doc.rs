//! `check --fix --doc`: the YAML brought to the document's values, the document being the
//! source of truth — a module's name, role and status, and the header's status, owner and
//! date — each one scalar replaced where it stands, in the quotes it is written in when
//! they can hold the new value.

use super::Edit;
use super::text::{Lines, entry, module, scalar};
use crate::load::tree::Node;

/// A value of the profile that `doc-sync` compares with the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// A field (`name`, `role`, `status`) of the module of this id.
    Module(String, &'static str),
    /// A field of `document` (`status`, `owner`, `last_updated`).
    Header(&'static str),
}

impl Field {
    /// How the field is named in messages: `` `webinar-chat`'s `status` ``.
    pub fn describe(&self) -> String {
        match self {
            Self::Module(id, field) => format!("the {field} of `{id}`"),
            Self::Header(field) => format!("`document.{field}`"),
        }
    }
}

/// Sets `field` to `value`.
pub fn set(lines: &Lines<'_>, root: &Node, field: &Field, value: &str) -> Result<Edit, String> {
    let unsure = |why: &str| format!("{} left as it is: {why}", field.describe());
    let node = match field {
        Field::Module(id, key) => module(root, id).ok().and_then(|m| entry(m, key)),
        Field::Header(key) => entry(root, "document").and_then(|(_, _, d)| entry(d, key)),
    }
    .map(|(_, _, value)| value)
    .ok_or_else(|| unsure("it is not found"))?;
    let (start, end) = scalar(lines, node).ok_or_else(|| unsure("it is not on one line"))?;
    let written = lines.text().get(start..end).unwrap_or_default();
    let text = if written.starts_with('\'') && written.ends_with('\'') && written.len() >= 2 {
        if value.contains('\'') || value.chars().any(char::is_control) {
            double_quoted(value)
        } else {
            format!("'{value}'")
        }
    } else if written.starts_with('"') && written.ends_with('"') && written.len() >= 2 {
        double_quoted(value)
    } else {
        let plain = crate::transcribe::scalar(value);
        // Plain in a flow mapping ends at `,`, `[`, `]`, `{`, `}`: quoted there.
        if plain.contains([',', '[', ']', '{', '}']) && !plain.starts_with('"') {
            double_quoted(value)
        } else {
            plain
        }
    };
    Ok(Edit { start, end, text })
}

/// `value` in double quotes, escaped as YAML reads it back.
fn double_quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
