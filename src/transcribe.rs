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
    crate::escape::escape_controls(&text.replace(['\n', '\r'], " "))
}

/// A YAML scalar for `text`: plain where every YAML 1.2 reader takes it back as the same
/// string, else double-quoted with escapes. Plain is kept for words and sentences (the
/// notes stay readable); anything that could resolve to another type (`null`, `true`,
/// `0x1F`, `0o17`, `.inf`, `1e3`, dates), start a structure (`- `, `[`, `&`, `!`, `%` …),
/// end early (`: `, ` #`) or lose characters (leading or trailing spaces, control and
/// invisible characters) is quoted.
pub fn scalar(text: &str) -> String {
    if plain_is_safe(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // Indicators, and the first characters of every number, date, `.inf` and `.nan`.
    if "-?:,[]{}#&*!|>'\"%@`<=+.~".contains(first)
        || first.is_ascii_digit()
        || first.is_whitespace()
    {
        return false;
    }
    let resolved = matches!(
        text.to_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    let breaks = text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.ends_with(char::is_whitespace);
    !(resolved || breaks || text.chars().any(|c| needs_escape(c) || c == '\t'))
}

/// Characters a YAML reader may drop, refuse or take as a line break.
fn needs_escape(c: char) -> bool {
    c.is_control() || c == '\u{feff}' || crate::escape::is_hidden(c)
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn quotes_every_character_the_escaping_policy_hides() {
        for hidden in [
            '\u{61c}',
            '\u{2060}',
            '\u{ad}',
            '\u{180e}',
            '\u{e0041}',
            '\u{fdd0}',
        ] {
            let text = format!("Чат{hidden}");
            let written = scalar(&text);
            assert!(written.starts_with('"'), "{written}");
            assert!(!written.contains(hidden), "{written}");
        }
    }

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(scalar("Webinar Chat"), "Webinar Chat");
        assert_eq!(scalar("Фиксация `a` и `b`."), "Фиксация `a` и `b`.");
        assert_eq!(scalar("`core` hook"), "\"`core` hook\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("2026-01-28"), "\"2026-01-28\"");
        assert_eq!(scalar("say \"hi\" # now"), "\"say \\\"hi\\\" # now\"");
        for resolved in [
            "0x1F", "0o17", ".inf", "-.inf", ".NaN", "null", "Null", "~", "true", "1e3", "+1",
            " a", "a ", "a: b", "#x", "&a", "*a", "!t", "%x", "@x", "? x", "- x",
        ] {
            assert!(scalar(resolved).starts_with('"'), "{resolved}");
        }
        assert_eq!(scalar("a\u{2028}b"), "\"a\\u2028b\"");
    }
}
