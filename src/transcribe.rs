//! `profile-check import`: the Markdown profile written out as a format v1 YAML profile.

use std::fmt::Write;

use crate::load::doc::DocProfile;
use crate::profile::Contour;

/// The YAML transcription of `doc`; `source_name` is named in the leading comment.
pub fn to_yaml(doc: &DocProfile, source_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Runtime profile transcribed from {} by `profile-check import` (format v1).",
        one_line(source_name)
    );
    out.push_str(
        "# Events are not read from prose: add `emits` and `consumes` from the notes by hand,\n\
         # then check with `profile-check FILE --doc SOURCE.md`.\n",
    );
    let _ = writeln!(
        out,
        "profile: {}\nproduct: {}",
        scalar(&doc.profile.value),
        scalar(&doc.product.value)
    );
    let _ = writeln!(
        out,
        "document:\n  status: {}\n  owner: {}\n  last_updated: {}",
        scalar(&doc.status.value),
        scalar(&doc.owner.value),
        doc.last_updated.value
    );
    let _ = writeln!(
        out,
        "contours:\n  live: {}\n  auto: {}",
        doc.live.value, doc.auto.value
    );
    out.push_str("modules:\n");
    for m in &doc.modules {
        let _ = writeln!(out, "  - id: {}", scalar(&m.id));
        let _ = writeln!(out, "    name: {}", scalar(&m.name));
        let _ = writeln!(out, "    role: {}", m.role);
        let _ = writeln!(out, "    status: {}", m.status);
        if m.contour == Contour::Auto {
            out.push_str("    contour: auto\n");
        }
        if !m.notes.is_empty() {
            let _ = writeln!(out, "    notes: {}", scalar(&m.notes));
        }
    }
    for (key, items) in [
        ("dev_only", &doc.dev_only),
        ("analytics_only", &doc.analytics_only),
    ] {
        if items.is_empty() {
            let _ = writeln!(out, "{key}: []");
        } else {
            let _ = writeln!(out, "{key}:");
            for item in items {
                let _ = writeln!(out, "  - {}", scalar(&item.value));
            }
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// A YAML scalar for `text`: plain where YAML reads it back as the same string, else
/// double-quoted with escapes.
fn scalar(text: &str) -> String {
    let first = text.chars().next();
    let reserved_start =
        first.is_none_or(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace());
    let ambiguous = matches!(
        text.to_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
    ) || text.parse::<f64>().is_ok()
        || crate::profile::Date::parse(text).is_some();
    let breaks = text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.ends_with(char::is_whitespace)
        || text.chars().any(char::is_control);
    if !(reserved_start || ambiguous || breaks) {
        return text.to_owned();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(scalar("Webinar Chat"), "Webinar Chat");
        assert_eq!(scalar("Фиксация `a` и `b`."), "Фиксация `a` и `b`.");
        assert_eq!(scalar("`core` hook"), "\"`core` hook\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("2026-01-28"), "\"2026-01-28\"");
        assert_eq!(scalar("say \"hi\" # now"), "\"say \\\"hi\\\" # now\"");
    }
}
