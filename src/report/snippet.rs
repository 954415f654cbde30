//! A diagnostic as people read it: title, `--> file:line:column`, the source line with a
//! caret under the value at fault, and what to do.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::finding::Severity;

const ERROR: Style = AnsiColor::BrightRed.on_default().bold();
const WARNING: Style = AnsiColor::BrightYellow.on_default().bold();
const WAIVED: Style = AnsiColor::BrightGreen.on_default().bold();
const GUTTER: Style = AnsiColor::BrightBlue.on_default().bold();
const BOLD: Style = Style::new().bold();
use crate::escape::{escape_controls, picture_controls};
use crate::source::Span;

/// Renders `d` with ANSI styles (stripped by the caller where colour is off).
pub fn render(d: &Diagnostic) -> String {
    let waived = d.kind() == DiagnosticKind::Waived;
    let level = match (waived, d.severity) {
        (true, _) => Level::NOTE.with_name("waived"),
        (false, Severity::Error) => Level::ERROR,
        (false, Severity::Warning) => Level::WARNING,
    };
    let help = d.waiver.as_deref().or(d.help.as_deref());
    let path = escape_controls(&d.path);
    let text = d.text();
    let mut title = level.primary_title(&*text);
    if let Some(rule) = d.rule_name() {
        title = title.id(rule);
    }
    let line_text = d
        .span
        .zip(d.source.as_deref())
        .and_then(|(span, source)| source.line(span.line).map(|l| (span, l)));
    let Some((span, line)) = line_text else {
        return render_without_source(d, waived, &path, help);
    };
    // Counting the characters of a long line would cost the line: its bytes say enough.
    if line.len() > 4 * WINDOW || line.chars().count() > WINDOW {
        return render_window(d, waived, &path, help, span, line);
    }
    let line = picture_controls(line);
    let span = &span;
    let range = byte_range(&line, *span);
    let mut group = Group::with_title(title).element(
        Snippet::source(line.as_str())
            .line_start(span.line as usize)
            .path(path.as_str())
            .annotation(AnnotationKind::Primary.span(range)),
    );
    if let Some(help) = help {
        group = group.element(Level::HELP.message(help));
    }
    let mut out = Renderer::styled().render(&[group]);
    out.push('\n');
    out
}

/// A problem with no source line to show (a missing file, bytes that are not text): the
/// same layout, without the snippet.
fn render_without_source(d: &Diagnostic, waived: bool, path: &str, help: Option<&str>) -> String {
    let (word, style) = word(d, waived);
    let location = match d.span {
        Some(s) => format!("{path}:{}:{}", s.line, s.column),
        None => path.to_owned(),
    };
    // The rule's id as with a snippet: `error[disabled-inactive]`.
    let id = d.rule_name().map(|r| format!("[{r}]")).unwrap_or_default();
    let mut out = format!("{style}{word}{id}{style:#}{BOLD}: {}{BOLD:#}\n", d.text());
    out.push_str(&format!("  {GUTTER}-->{GUTTER:#} {location}\n"));
    if let Some(help) = help {
        out.push_str(&format!(
            "  {GUTTER}={GUTTER:#} {BOLD}help{BOLD:#}: {help}\n"
        ));
    }
    out
}

/// `error`, `warning` or `waived`, and its style.
fn word(d: &Diagnostic, waived: bool) -> (&'static str, Style) {
    match (waived, d.severity) {
        (true, _) => ("waived", WAIVED),
        (false, Severity::Error) => ("error", ERROR),
        (false, Severity::Warning) => ("warning", WARNING),
    }
}

/// A diagnostic on a line too long to show whole: the layout of the snippets, with a
/// [`window`] of the line around the value and the real line and column in `-->`.
fn render_window(
    d: &Diagnostic,
    waived: bool,
    path: &str,
    help: Option<&str>,
    span: Span,
    line: &str,
) -> String {
    let (word, style) = word(d, waived);
    let rule = d.rule_name().map(|r| format!("[{r}]")).unwrap_or_default();
    let number = span.line.to_string();
    let pad = " ".repeat(number.len());
    let (shown, moved) = window(line, span);
    let shown = picture_controls(&shown);
    let caret = format!(
        "{}{}",
        " ".repeat(moved.column.saturating_sub(1) as usize),
        "^".repeat((moved.len as usize).clamp(1, WINDOW))
    );
    let mut out = format!("{style}{word}{rule}{style:#}{BOLD}: {}{BOLD:#}\n", d.text());
    out.push_str(&format!(
        "{pad}{GUTTER}-->{GUTTER:#} {path}:{}:{}\n",
        span.line, span.column
    ));
    out.push_str(&format!("{pad} {GUTTER}|{GUTTER:#}\n"));
    out.push_str(&format!("{GUTTER}{number} |{GUTTER:#} {shown}\n"));
    out.push_str(&format!(
        "{pad} {GUTTER}|{GUTTER:#} {style}{caret}{style:#}\n"
    ));
    if let Some(help) = help {
        out.push_str(&format!("{pad} {GUTTER}|{GUTTER:#}\n"));
        out.push_str(&format!(
            "{pad} {GUTTER}={GUTTER:#} {BOLD}help{BOLD:#}: {help}\n"
        ));
    }
    out
}

/// Lines shown whole up to this many characters; a longer line (a generated profile with a
/// list on one line) is shown as a window around the value at fault, so that each snippet
/// costs the window, not the line.
const WINDOW: usize = 160;
/// Characters of context before the value at fault in a window.
const BEFORE: usize = 60;

/// `line` as the snippet shows it, and `span` moved to match: the line itself when it is
/// short, else [`WINDOW`] characters around the value, with `…` where it was cut.
fn window(line: &str, span: Span) -> (String, Span) {
    if line.len() <= WINDOW {
        return (line.to_owned(), span);
    }
    let column = span.column.saturating_sub(1) as usize;
    let from = column.saturating_sub(BEFORE);
    let mut shown: String = line.chars().skip(from).take(WINDOW).collect();
    if shown.chars().count() == WINDOW && line.chars().nth(from + WINDOW).is_some() {
        shown.push('…');
    }
    if from == 0 {
        return (shown, span);
    }
    let moved = u32::try_from(column - from + 2).unwrap_or(u32::MAX);
    (
        format!("…{shown}"),
        Span {
            column: moved,
            ..span
        },
    )
}

/// The byte range of the value at `span` on `line`: from its column, `len` characters
/// (at least one, and never past the end of the line).
fn byte_range(line: &str, span: Span) -> std::ops::Range<usize> {
    let start_char = span.column.saturating_sub(1) as usize;
    let len = (span.len as usize).max(1);
    let mut offsets = line
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()));
    let start = offsets.nth(start_char).unwrap_or(line.len());
    let end = line
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()))
        .nth(start_char + len)
        .unwrap_or(line.len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_value() {
        let line = format!("list: [{}]", "aaaa, ".repeat(10_000));
        let span = Span::new(3, 7 + 6 * 5_000 + 1, 4);
        let (shown, moved) = window(&line, span);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= WINDOW + 2);
        assert_eq!(moved.line, 3);
        let at: String = shown
            .chars()
            .skip(moved.column as usize - 1)
            .take(4)
            .collect();
        assert_eq!(at, "aaaa");
        let short = "    status: required";
        assert_eq!(
            window(short, Span::new(1, 13, 8)),
            (short.to_owned(), Span::new(1, 13, 8))
        );
    }

    #[test]
    fn a_finding_without_its_line_keeps_its_rule_id() {
        // A runtime input over 8 MiB keeps only the lines findings point at, short ones: a
        // finding on a longer line is shown without a snippet, with its rule all the same.
        let source = std::sync::Arc::new(crate::source::Source::excerpt(
            "dump.json",
            Default::default(),
        ));
        let d = Diagnostic {
            severity: Severity::Error,
            rule: Some(crate::rule_id::RuleId::DisabledInactive),
            waiver: None,
            message: "`webinar-chat` is `disabled` but the deployment runs it".to_owned(),
            help: Some("set `replicas: 0`".to_owned()),
            module: Some("webinar-chat".to_owned()),
            path: "dump.json".to_owned(),
            source: Some(source),
            span: Some(Span::new(1, 9_965_652, 1)),
            counts: 1,
            related: None,
            strict: false,
            problem: None,
        };
        let shown = render(&d);
        assert!(shown.contains("error[disabled-inactive]"), "{shown}");
        assert!(shown.contains("dump.json:1:9965652"), "{shown}");
    }

    #[test]
    fn ranges_count_characters() {
        assert_eq!(
            byte_range("    status: required", Span::new(1, 13, 8)),
            12..20
        );
        assert_eq!(byte_range("  notes: Чат", Span::new(1, 10, 3)), 9..15);
        assert_eq!(byte_range("ab", Span::new(1, 9, 3)), 2..2);
    }
}
