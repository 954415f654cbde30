//! The one escaping policy: every value from an input passes through here before any
//! report, terminal or markup shows it ([`escape_controls`], and [`escape_xml`] for markup;
//! [`picture_controls`] for source lines in snippets, one character for one).

/// Replaces the characters [`is_hidden`] names with visible stand-ins, one character for
/// one, so that columns stay right: C0 controls and DEL become their Unicode "control
/// pictures" (ESC → `␛`), every other hidden character (C1 controls, bidirectional
/// controls, invisible separators, line and paragraph separators, noncharacters) becomes
/// `�`. Used for source lines shown in snippets, where a terminal must never receive an
/// input's control bytes.
pub fn picture_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        out.push(match c {
            '\t' => ' ',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if is_hidden(c) => '\u{fffd}',
            // `##[`: the second `#` as a sharp sign, one column as it.
            '#' if opens_a_ci_command(text, at) => '\u{266f}',
            c => c,
        });
    }
    out
}

/// Whether the `#` at byte `at` of `text` is the second of `##` that opens a CI log
/// command: GitHub Actions' legacy `##[command]` (which its runner reads anywhere in a
/// line, `##[add-mask]`, `##[error]`, `##[stop-commands]` …), Azure Pipelines' `##vso[`
/// and TeamCity's `##teamcity[`. Every escaping below writes that `#` otherwise, so no
/// value from an input can open one; the text stays legible.
fn opens_a_ci_command(text: &str, at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|b| text.get(b..at));
    let after = text.get(at + 1..).unwrap_or_default();
    before == Some("#")
        && (after.starts_with('[') || after.starts_with("vso[") || after.starts_with("teamcity["))
}

/// Whether `text` holds what [`escape_controls`] writes otherwise.
fn needs_escaping(text: &str) -> bool {
    text.chars().any(is_hidden) || text.contains("##")
}

/// The one escaping of values from the input, for every report: each character
/// [`is_hidden`] names is written as Rust's `escape_debug` writes it (`\n`, `\r`, `\t`,
/// `\u{1b}`, `\u{202e}`), and the second `#` of a CI log command's `##[` as `\u{23}`;
/// every other character, Cyrillic included, stays as it is.
///
/// The result holds only printable characters, so escaping it again changes nothing:
/// applying it at every layer is harmless. (A backslash is not escaped, for that reason:
/// a value that holds the six characters `\u{1b}` reads the same as one that holds ESC.)
pub fn escape_controls(text: &str) -> String {
    if !needs_escaping(text) {
        return text.to_owned();
    }
    escape_hidden(text)
}

/// A file name as reports show it: [`escape_controls`], and `./` before a relative name
/// that starts with `::`, so that a report line that starts with the name (the text
/// report's header, a JUnit body) is never a GitHub workflow command. The runner reads
/// every line of a log that starts with `::`, after leading spaces.
pub fn escape_path(path: &str) -> String {
    let shown = escape_controls(path);
    if shown.trim_start().starts_with("::") {
        format!("./{shown}")
    } else {
        shown
    }
}

/// Text from the input for XML or HTML character data and attribute values (SVG, HTML):
/// [`escape_controls`], then the markup characters as character references.
pub fn escape_markup(raw: &str) -> String {
    escape_xml(raw, Breaks::Escaped)
}

/// How [`escape_xml`] writes line feeds and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// As `\n` and `\t`, like every other hidden character: one line of markup per value.
    Escaped,
    /// As they are, for text that is shown on several lines (a JUnit failure's body).
    Kept,
}

/// The one XML and HTML escaper: [`escape_controls`] for the hidden characters (which
/// covers every character XML 1.0 forbids), except line feeds and tabs with
/// [`Breaks::Kept`], then `&`, `<`, `>`, `"` and `'` as entities (`&apos;` is XML's and
/// HTML5's), so the result is safe in character data and in attribute values alike.
pub fn escape_xml(raw: &str, breaks: Breaks) -> String {
    let mut out = String::with_capacity(raw.len());
    for (at, c) in raw.char_indices() {
        match c {
            '#' if opens_a_ci_command(raw, at) => out.push_str("&#35;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' if breaks == Breaks::Kept => out.push(c),
            c if is_hidden(c) => {
                let mut buf = [0u8; 4];
                out.push_str(&escape_hidden(c.encode_utf8(&mut buf)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Text that must be printed as it is (a patch, byte for byte) kept inert for the GitHub
/// Actions runner, which reads a line of a log that starts with `::` (after leading
/// spaces), or holds `##[`, as a workflow command: under the runner (`under_actions`) the
/// text is put between `::stop-commands::TOKEN` and `::TOKEN::`, the runner's own way to
/// print untrusted text, with a token no input can know. Otherwise, as it is.
pub fn inert_for_the_runner(text: String, under_actions: bool) -> String {
    // Every patch, not only one with a line that looks like a command: the runner splits
    // lines at a lone CR too, and reads `##[command]` anywhere in a line.
    if !under_actions || text.is_empty() {
        return text;
    }
    // A token from the process's random hasher keys, the clock and the process id: a line
    // of the text cannot end the pause it does not know.
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    let token = format!("profile-check-{:016x}", hasher.finish());
    let mut out = format!("::stop-commands::{token}\n{text}");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("::{token}::\n"));
    out
}

/// [`escape_controls`] of an owned string, without a copy when there is nothing to escape.
pub fn escape_controls_owned(text: String) -> String {
    if !needs_escaping(&text) {
        return text;
    }
    escape_hidden(&text)
}

fn escape_hidden(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        match c {
            '#' if opens_a_ci_command(text, at) => out.push_str("\\u{23}"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` must not reach a report or a terminal as it is, because it moves, hides or
/// reorders what is shown, or ends a line: Unicode `Cc` (controls), `Cf` (format
/// characters: bidirectional controls, zero-width spaces and joiners, the word joiner and
/// invisible operators, the byte-order mark, soft hyphen, tag characters …), `Zl` and `Zp`
/// (U+2028, U+2029, which JavaScript and some log viewers treat as line ends), and the
/// noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, which XML 1.0
/// forbids in part).
///
/// ZWJ and ZWNJ (U+200C, U+200D) are escaped too: a name of this project never needs them,
/// and they can make two different names look the same.
pub fn is_hidden(c: char) -> bool {
    let n = u32::from(c);
    c.is_control()
        || is_format(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
        || (0xfdd0..=0xfdef).contains(&n)
        || n & 0xfffe == 0xfffe
}

/// Unicode general category `Cf` (Unicode 15.1), with the unassigned code points inside
/// its blocks of invisible operators and tags.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_value_opens_a_ci_log_command() {
        for (raw, escaped) in [
            ("a ##[add-mask]FAIL", "a #\\u{23}[add-mask]FAIL"),
            ("###[error]x", "##\\u{23}[error]x"),
            (
                "##vso[task.complete result=Succeeded]",
                "#\\u{23}vso[task.complete result=Succeeded]",
            ),
            ("##teamcity[buildStatus]", "#\\u{23}teamcity[buildStatus]"),
            // Not a command: left as it is.
            ("## heading", "## heading"),
            ("#[x] ##x #", "#[x] ##x #"),
        ] {
            assert_eq!(escape_controls(raw), escaped, "{raw}");
            assert_eq!(
                escape_controls(&escape_controls(raw)),
                escaped,
                "twice: {raw}"
            );
            assert_eq!(escape_controls_owned(raw.to_owned()), escaped, "{raw}");
        }
        assert_eq!(escape_markup("x##[error]y"), "x#&#35;[error]y");
        let pictured = picture_controls("  notes: ##[add-mask]x");
        assert_eq!(pictured, "  notes: #\u{266f}[add-mask]x");
        assert_eq!(
            pictured.chars().count(),
            "  notes: ##[add-mask]x".chars().count()
        );
    }

    #[test]
    fn a_patch_is_kept_inert_for_the_runner() {
        let plain = "--- a/p.yaml\n+++ b/p.yaml\n@@ -1 +1 @@\n-a\n+b\n".to_owned();
        assert_eq!(inert_for_the_runner(plain.clone(), false), plain);
        assert_eq!(inert_for_the_runner(String::new(), true), "");
        // A lone CR ends a line for the runner: every patch is paused, whatever it holds.
        let forged = format!("{plain}  ok\r      ::error file=p.yaml::forged\n");
        assert_eq!(inert_for_the_runner(forged.clone(), false), forged);
        let kept = inert_for_the_runner(forged.clone(), true);
        let lines: Vec<&str> = kept.lines().collect();
        let token = lines
            .first()
            .and_then(|l| l.strip_prefix("::stop-commands::"))
            .unwrap_or_default();
        assert!(
            token.starts_with("profile-check-") && token.len() > 20,
            "{kept}"
        );
        assert_eq!(lines.last().copied(), Some(format!("::{token}::").as_str()));
        assert_eq!(
            lines.get(1..lines.len() - 1).map(|l| l.join("\n") + "\n"),
            Some(forged)
        );
        // Each run pauses with a token of its own.
        let again = inert_for_the_runner(format!("{plain}::x\n"), true);
        assert!(!again.contains(token), "{again}");
    }

    #[test]
    fn one_xml_escaper_for_one_line_and_for_several() {
        let value = "a<b>&\"c\" 'd'\ne\tf\r\u{1b}\u{202e}\u{fffe}";
        assert_eq!(
            escape_xml(value, Breaks::Escaped),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;\\ne\\tf\\r\\u{1b}\\u{202e}\\u{fffe}"
        );
        assert_eq!(
            escape_xml(value, Breaks::Kept),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;\ne\tf\\r\\u{1b}\\u{202e}\\u{fffe}"
        );
        assert_eq!(escape_markup(value), escape_xml(value, Breaks::Escaped));
        assert_eq!(escape_markup("Вебинар"), "Вебинар");
    }

    #[test]
    fn pictures_keep_one_character_per_character() {
        let shown = picture_controls("a\u{1b}[31mb\u{7}");
        assert_eq!(shown, "a\u{241b}[31mb\u{2407}");
        assert_eq!(shown.chars().count(), "a\u{1b}[31mb\u{7}".chars().count());
    }

    #[test]
    fn escapes_controls_but_not_cyrillic() {
        assert_eq!(escape_controls("Чат\u{1b}[2J\n"), "Чат\\u{1b}[2J\\n");
        assert_eq!(escape_controls("Чат не входит"), "Чат не входит");
    }

    #[test]
    fn escapes_bidi_separators_and_noncharacters() {
        let text = "a\u{200f}b\u{61c}c\u{2028}d\u{2029}e\u{feff}f\u{fffe}g\u{ffff}h\u{202e}i\u{85}j\u{e0041}k\u{1fffe}";
        assert_eq!(
            escape_controls(text),
            "a\\u{200f}b\\u{61c}c\\u{2028}d\\u{2029}e\\u{feff}f\\u{fffe}g\\u{ffff}h\\u{202e}i\\u{85}j\\u{e0041}k\\u{1fffe}"
        );
        assert_eq!(
            escape_controls_owned(text.to_owned()),
            escape_controls(text)
        );
        // Letters, marks and symbols stay: Cyrillic, CJK, emoji, U+FFFD.
        for kept in [
            "Чат", "漢字", "é", "e\u{301}", "🙂", "\u{fffd}", "\u{fdcf}", "\u{fdf0}",
        ] {
            assert_eq!(escape_controls(kept), kept);
        }
    }

    #[test]
    fn escaping_twice_is_escaping_once() {
        for text in [
            "x\n::error::forged",
            "\u{1b}[2J\u{202e}",
            "a\\u{1b}b",
            "plain",
        ] {
            let once = escape_controls(text);
            assert_eq!(escape_controls(&once), once);
            assert!(!once.chars().any(is_hidden));
        }
    }

    #[test]
    fn a_path_never_starts_a_workflow_command() {
        assert_eq!(escape_path("::error::x.yaml"), "./::error::x.yaml");
        assert_eq!(escape_path(" ::warning::x"), "./ ::warning::x");
        assert_eq!(escape_path("a\n::error::x"), "a\\n::error::x");
        assert_eq!(escape_path("profiles/prod.yaml"), "profiles/prod.yaml");
    }

    #[test]
    fn pictures_hide_bidi_and_separators() {
        assert_eq!(
            picture_controls("a\u{200f}b\u{2028}c"),
            "a\u{fffd}b\u{fffd}c"
        );
    }
}
