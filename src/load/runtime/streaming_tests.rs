//! Tests of the streamed reading of runtime inputs (`json.rs`, `kept.rs`, `stream.rs`,
//! `streamed.rs`) written against the mutants cargo-mutants found alive.

use super::json;
use super::kept::Kept;
use super::kept::tests::kept;
use super::{Evidence, Format, Options, Runtime, Workload, from_source, stream, unread};
use crate::error::Problem;
use crate::load::tree::{Reading, Ready};
use crate::source::{self, Source, Span};
use std::collections::VecDeque;
use std::io::{ErrorKind, Read};
use std::sync::Arc;

/// Reads `text` as a runtime input named `name`.
fn read_text(name: &str, text: &str) -> Result<Runtime, crate::error::InputError> {
    from_source(
        &Arc::new(Source::new(name, text)),
        None,
        &Options::default(),
    )
}

#[test]
fn a_json_deployment_reads_as_its_yaml_twin() {
    let json = "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"chat\", \"labels\": {\"app.kubernetes.io/name\": \"webinar-chat\"}}, \"spec\": {\"replicas\": 2}}\n";
    let Ok(Runtime::Deployment(d)) = read_text("chat.json", json) else {
        panic!("not read");
    };
    assert_eq!(d.workloads.len(), 1);
    assert!(d.workloads.iter().all(|w| w.running));
}

/// The workloads of `text` read as `name`: name, name's place, evidence, evidence's place.
fn workloads(name: &str, text: &str) -> Vec<(String, Span, Evidence, Span)> {
    let Ok(Runtime::Deployment(d)) = read_text(name, text) else {
        panic!("{name} was not read as a deployment");
    };
    d.workloads
        .iter()
        .map(|w| {
            (
                w.name.value.clone(),
                w.name.span,
                w.evidence.value,
                w.evidence.span,
            )
        })
        .collect()
}

/// The place (line, column) of the first `needle` in `text`, as an editor shows it.
fn at(text: &str, needle: &str) -> (u32, u32) {
    let Some(offset) = text.find(needle) else {
        panic!("no {needle:?} in {text:?}");
    };
    let (line, column) = source::position(text, offset);
    let line = u32::try_from(line).unwrap_or_else(|e| panic!("{e}"));
    let column = u32::try_from(column).unwrap_or_else(|e| panic!("{e}"));
    (line, column)
}

/// The span of `len` code points at the first `needle` in `text`.
fn span_at(text: &str, needle: &str, len: u32) -> Span {
    let (line, column) = at(text, needle);
    Span::new(line, column, len)
}

/// The problems of `text` read as `name`: place and message of each.
fn problems(name: &str, text: &str) -> Vec<(Option<Span>, String)> {
    let Err(error) = read_text(name, text) else {
        panic!("{name} was read: {text:?}");
    };
    error
        .problems
        .into_iter()
        .map(|p| (p.span, p.worded().into_owned()))
        .collect()
}

/// The message of a JSON syntax error: `expected` was due, `found` stood there.
fn unexpected(expected: &str, found: &str) -> String {
    format!(
        "expected {expected}, found {found}: a file that starts with `{{` is read as JSON, as kubectl reads it"
    )
}

/// A Deployment named by the JSON string `name` (quotes and escapes as written), at
/// `replicas`, on one line.
fn json_deployment(name: &str, replicas: &str) -> String {
    format!(
        "{{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {{\"name\": {name}}}, \"spec\": {{\"replicas\": {replicas}}}}}"
    )
}

#[test]
fn json_strings_decode_every_escape_as_go_does() {
    // Names as written in the file, and as Go's decoder (kubectl) reads them: every
    // escape, and an unpaired surrogate as U+FFFD wherever it stands.
    let names = [
        (
            r#""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\ud83d\ude00""#,
            "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti\u{e9}\u{1f600}",
        ),
        (r#""\uD83D\uDE00 \u0041""#, "\u{1f600} A"),
        (r#""\ud800x""#, "\u{fffd}x"),
        (r#""\ud800\u0041""#, "\u{fffd}A"),
        (r#""\ud800\n""#, "\u{fffd}\n"),
        (r#""x\udc00""#, "x\u{fffd}"),
        (r#""y\ud800""#, "y\u{fffd}"),
        (r#""chat api""#, "chat api"),
    ];
    let items: Vec<String> = names
        .iter()
        .map(|(written, _)| json_deployment(written, "12"))
        .collect();
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{}\n]}}\n",
        items.join(",\n")
    );
    let read = workloads("list.json", &text);
    let expected: Vec<_> = names
        .iter()
        .zip(2..)
        .map(|((written, decoded), line)| {
            let item = json_deployment(written, "12");
            // A string's span holds its quotes and escapes as written, in code points.
            let len = u32::try_from(written.chars().count()).unwrap_or_else(|e| panic!("{e}"));
            let (_, name_column) = at(&item, written);
            let (_, replicas_column) = at(&item, "12}");
            (
                (*decoded).to_owned(),
                Span::new(line, name_column, len),
                Evidence::Replicas(12),
                Span::new(line, replicas_column, 2),
            )
        })
        .collect();
    assert_eq!(read, expected);
}

#[test]
fn json_columns_count_code_points_not_bytes() {
    let text = json_deployment("\"café-日本\"", "3");
    let read = workloads("chat.json", &text);
    // `"café-日本"` is 9 code points (14 bytes): the replicas after it stand where an
    // editor shows them.
    assert_eq!(
        read,
        [(
            "café-日本".to_owned(),
            span_at(&text, "\"café", 9),
            Evidence::Replicas(3),
            span_at(&text, "3}", 1),
        )]
    );
    assert_eq!(span_at(&text, "3}", 1).column, 103);
}

#[test]
fn json_lines_end_at_lf_crlf_or_a_lone_cr_and_tabs_are_space() {
    let lines = [
        "{",
        "\t\"apiVersion\": \"apps/v1\",",
        "\t\"kind\":\t\"Deployment\",",
        "\t\"metadata\": {\"name\": \"chat\"},",
        "\t\"spec\":\t{\"replicas\":\t2}",
        "}",
        "",
    ];
    for end in ["\n", "\r\n", "\r"] {
        let text = lines.join(end);
        let read = workloads("chat.json", &text);
        assert_eq!(
            read,
            [(
                "chat".to_owned(),
                Span::new(4, 23, 6),
                Evidence::Replicas(2),
                Span::new(5, 23, 1),
            )],
            "{end:?}"
        );
    }
}

#[test]
fn json_words_and_numbers_are_read_at_their_length() {
    let cron = |suspend: &str| {
        format!(
            "{{\"apiVersion\": \"batch/v1\", \"kind\": \"CronJob\", \"metadata\": {{\"name\": \"digest\"}}, \"spec\": {{\"suspend\": {suspend}, \"schedule\": \"@daily\"}}}}"
        )
    };
    for (word, suspended) in [("true", true), ("false", false), ("null", false)] {
        let text = cron(word);
        let Ok(Runtime::Deployment(d)) = read_text("cron.json", &text) else {
            panic!("{word}: not read");
        };
        let Some(w) = d.workloads.first() else {
            panic!("{word}: no workload");
        };
        assert_eq!(w.running, !suspended, "{word}");
        assert_eq!(w.evidence.value, Evidence::Suspend(suspended), "{word}");
        let len = u32::try_from(word.len()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(w.evidence.span, span_at(&text, word, len), "{word}");
    }
}

#[test]
fn json_passed_over_values_are_read_for_their_syntax_only() {
    // A `status` holds every kind of JSON value, nested, empty or not, and a number of 65
    // characters (the longest read): none of it is built, all of it is checked.
    let big = "1".repeat(65);
    let status = format!(
        "{{\"a\": [[], {{}}, [1, {{\"b\": [true, false, null]}}], {{\"c\": \"x y\", \"d\": -1.5e3}}], \"big\": {big}, \"e\": [\"\\u00e9\\n\"]}}"
    );
    let text = format!(
        "{{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {{\"name\": \"chat\"}}, \"status\": {status}, \"spec\": {{\"replicas\": 2}}}}"
    );
    let read = workloads("chat.json", &text);
    assert_eq!(
        read,
        [(
            "chat".to_owned(),
            span_at(&text, "\"chat\"", 6),
            Evidence::Replicas(2),
            span_at(&text, "2}}", 1),
        )]
    );
}

/// A Pod whose `status` is `status`, on one line.
fn pod_with_status(status: &str) -> String {
    format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {{\"name\": \"p\"}}, \"status\": {status}}}"
    )
}

#[test]
fn json_nests_at_most_1024_levels_even_where_passed_over() {
    // The file's object is the first level: 1,023 lists inside it read.
    let deep =
        |levels: usize| pod_with_status(&format!("{}{}", "[".repeat(levels), "]".repeat(levels)));
    let read = workloads("pod.json", &deep(1_023));
    assert_eq!(read.len(), 1);
    let text = deep(1_024);
    let (line, column) = at(&text, "[");
    assert_eq!(
        problems("pod.json", &text),
        [(
            Some(Span::new(line, column + 1_023, 1)),
            "the JSON nests deeper than 1024 levels".to_owned()
        )]
    );
    // Containers closed are no longer counted: thousands side by side read.
    let wide = pod_with_status(&format!(
        "[{}{}[[{{}}]]]",
        "[], {}, ".repeat(1_500),
        "[1], {\"a\": 1}, ".repeat(1_500)
    ));
    assert_eq!(workloads("pod.json", &wide).len(), 1);
}

#[test]
fn json_syntax_errors_are_refused_at_their_place() {
    let pod = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}";
    let cases: Vec<(String, &str, u32, String)> = vec![
        // Where a `,` or the container's end is due.
        (format!("{pod} x}}"), "x", 1, unexpected("`,` or `}`", "`x`")),
        (format!("{pod}, \"a\": [1 x]}}"), "x", 1, unexpected("`,` or `]`", "`x`")),
        (format!("{pod}, \"status\": {{\"a\": 1 x}}}}"), "x", 1, unexpected("`,` or `}`", "`x`")),
        (format!("{pod}, \"status\": [1 x]}}"), "x", 1, unexpected("`,` or `]`", "`x`")),
        // A byte that is no graphic character is named by its value.
        (format!("{pod}\u{1}}}"), "\u{1}", 1, unexpected("`,` or `}`", "the byte 0x01")),
        (format!("{pod}, \"status\": [1\u{7f}]}}"), "\u{7f}", 1, unexpected("`,` or `]`", "the byte 0x7F")),
        // Where a key, a colon or a value is due.
        (format!("{pod}, 1: 2}}"), "1: 2", 1, unexpected("a key in double quotes", "`1`")),
        (format!("{pod}, \"status\": {{1: 2}}}}"), "1: 2", 1, unexpected("a key in double quotes", "`1`")),
        (format!("{pod}, \"a\" 1}}"), "1}", 1, unexpected("`:` after the key", "`1`")),
        (format!("{pod}, \"status\": {{\"a\" 1}}}}"), "1}", 1, unexpected("`:` after the key", "`1`")),
        (format!("{pod}, \"a\": }}"), "}", 1, unexpected("a value", "`}`")),
        (format!("{pod}, \"status\": [}}"), "}", 1, unexpected("a value", "`}`")),
        (format!("{pod}, \"a\": tru}}"), "}", 1, unexpected("`true`", "`}`")),
        (format!("{pod}, \"status\": [nul]}}"), "]", 1, unexpected("`null`", "`]`")),
        // The end of the file.
        (pod.to_owned(), "", 1, unexpected("`,` or `}`", "the end of the file")),
        // A number, a string, an escape.
        (format!("{pod}, \"a\": 01}}"), "01", 2, "`01` is no JSON number".to_owned()),
        (format!("{pod}, \"status\": [1.]}}"), "1.", 2, "`1.` is no JSON number".to_owned()),
        (format!("{pod}, \"a\": \"x\ty\"}}"), "\t", 1, "a control character (U+0009) inside a string: JSON writes it as an escape".to_owned()),
        (format!("{pod}, \"status\": [\"x\ny\"]}}"), "\ny", 1, "a control character (U+000A) inside a string: JSON writes it as an escape".to_owned()),
        (format!("{pod}, \"a\": \"\\x\"}}"), "\\x", 2, "an escape that JSON does not have".to_owned()),
        (format!("{pod}, \"a\": \"\\u00g0\"}}"), "g0", 1, "a `\\u` escape needs four hexadecimal digits".to_owned()),
        (format!("{pod}, \"a\": \"x}}"), "\"x", 1, "the string is never closed: the file ends before its `\"`".to_owned()),
        // What follows the file's object.
        (format!("{pod}}} x"), "x", 1, "content after the file's JSON object: kubectl reads such a file as JSON objects one after another, which the gate does not".to_owned()),
        // A form feed is white space before a value, not inside JSON.
        (format!("\u{c}{pod}}}"), "\u{c}", 1, unexpected("`{`", "the byte 0x0C")),
    ];
    for (text, needle, len, message) in cases {
        // The end of the file is after its last character.
        let span = if needle.is_empty() {
            let column = u32::try_from(text.chars().count() + 1).unwrap_or_else(|e| panic!("{e}"));
            Span::new(1, column, len)
        } else {
            let Some(offset) = text.rfind(needle) else {
                panic!("no {needle:?} in {text:?}");
            };
            let (line, column) = source::position(&text, offset);
            let line = u32::try_from(line).unwrap_or_else(|e| panic!("{e}"));
            let column = u32::try_from(column).unwrap_or_else(|e| panic!("{e}"));
            Span::new(line, column, len)
        };
        let found = problems("pod.json", &text);
        assert_eq!(found.first(), Some(&(Some(span), message)), "{text:?}");
    }
}

/// Reads `input` with the JSON reader alone, as a runtime input of Kubernetes resources,
/// holding at most `max_unit` bytes: the first line of each value handed over, or the
/// problem.
fn read_json(
    input: &mut dyn Read,
    reading: &Reading,
    max_unit: usize,
) -> Result<Vec<u32>, Problem> {
    let mut kept = Kept::new(usize::MAX);
    let mut lines = Vec::new();
    let mut take = |ready: Ready, _: &mut Kept| {
        lines.push(ready.node.span.line);
        Ok(())
    };
    json::read(input, reading, &mut kept, &mut take, max_unit)?;
    Ok(lines)
}

#[test]
fn a_json_value_of_exactly_the_limit_is_read_and_one_byte_more_is_refused() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}";
    let len = text.len();
    assert_eq!(
        read_json(&mut text.as_bytes(), &unread::STREAMED, len),
        Ok(vec![1])
    );
    let Err(problem) = read_json(&mut text.as_bytes(), &unread::STREAMED, len - 1) else {
        panic!("{len} bytes read under a limit of {}", len - 1);
    };
    let column = u32::try_from(len + 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(problem.span, Some(Span::new(1, column, 1)));
    assert_eq!(
        problem.message,
        format!(
            "one resource (with what stands before it) holds more than {} bytes, over the limit",
            len - 1
        )
    );
}

#[test]
fn a_json_list_is_held_item_by_item_within_the_limit() {
    // Once an item is read, the lines before it are let go of: a list of 200 items of
    // 8 KiB, 1.6 MB, reads within 32 KiB (the text is read 64 KiB at a time).
    let note = "x".repeat(8 << 10);
    let items: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "{{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {{\"name\": \"p{i:03}\"}}, \"status\": {{\"note\": \"{note}\"}}}}"
            )
        })
        .collect();
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{}\n]}}\n",
        items.join(",\n")
    );
    let mut expected: Vec<u32> = (2..=201).collect();
    expected.push(1);
    assert_eq!(
        read_json(&mut text.as_bytes(), &unread::STREAMED, 32 << 10),
        Ok(expected)
    );
}

#[test]
fn json_nests_at_most_the_reading_s_parse_depth() {
    // The runtime readings build less deep than they parse (64 levels, 1,024): a reading
    // that parses less deep than it builds is refused by the JSON reader itself.
    let reading = Reading {
        max_parse_depth: 3,
        ..unread::STREAMED
    };
    assert_eq!(
        read_json(&mut "{\"a\": {\"b\": {}}}".as_bytes(), &reading, usize::MAX),
        Ok(vec![1])
    );
    let Err(problem) = read_json(
        &mut "{\"a\": {\"b\": {\"c\": []}}}".as_bytes(),
        &reading,
        usize::MAX,
    ) else {
        panic!("4 levels read under a limit of 3");
    };
    assert_eq!(problem.span, Some(Span::new(1, 19, 1)));
    assert_eq!(problem.message, "the JSON nests deeper than 3 levels");
}

/// An input read in pieces: each is text, or an error of that kind.
struct Pieces<'t>(VecDeque<Result<&'t [u8], ErrorKind>>);

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.pop_front() {
            None => Ok(0),
            Some(Ok(piece)) => {
                let n = piece.len().min(buf.len());
                buf[..n].copy_from_slice(&piece[..n]);
                Ok(n)
            }
            Some(Err(kind)) => Err(std::io::Error::new(kind, "the disk is gone")),
        }
    }
}

#[test]
fn json_read_on_after_an_interrupted_read_and_stops_at_a_failed_one() {
    let head: &[u8] = b"{\"apiVersion\": \"v1\",";
    let tail: &[u8] = b" \"kind\": \"Pod\"}";
    let mut interrupted = Pieces([Ok(head), Err(ErrorKind::Interrupted), Ok(tail)].into());
    assert_eq!(
        read_json(&mut interrupted, &unread::STREAMED, usize::MAX),
        Ok(vec![1])
    );
    let mut failed = Pieces([Ok(head), Err(ErrorKind::Other), Ok(tail)].into());
    let Err(problem) = read_json(&mut failed, &unread::STREAMED, usize::MAX) else {
        panic!("a failed read was not reported");
    };
    assert_eq!(problem.span, Some(Span::new(1, 21, 1)));
    assert_eq!(
        problem.message,
        "cannot read the input here: the disk is gone"
    );
}

#[test]
fn a_file_of_white_space_only_is_empty() {
    for text in ["", " ", "     ", "\n\n\t \r\n"] {
        assert_eq!(
            problems("blank.yaml", text),
            [(None, "the file is empty".to_owned())],
            "{text:?}"
        );
    }
    // Past the 4,096 bytes kubectl looks through for a `{`, the file is YAML, and holds
    // no value.
    let mib = " ".repeat(1 << 20);
    assert_eq!(
        problems("blank.yaml", &mib),
        [(
            None,
            "the file holds only comments and blank lines, no YAML value".to_owned()
        )]
    );
}

#[test]
fn json_is_told_by_its_brace_after_at_most_1_mib_of_white_space() {
    let pod = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\" x}";
    let json_error = unexpected("`,` or `}`", "`x`");
    // After white space (more than the first bytes looked at), JSON: refused as JSON.
    let text = format!("  \n\t {pod}");
    assert_eq!(
        problems("pod.json", &text).first(),
        Some(&(Some(span_at(&text, "x}", 1)), json_error.clone()))
    );
    // After more than 1 MiB of it, YAML: refused as YAML.
    let text = format!("{}\n{pod}", " ".repeat((1 << 20) + 8_192));
    let found = problems("pod.json", &text);
    assert!(
        found.iter().all(|(_, message)| *message != json_error),
        "{found:?}"
    );
    assert_eq!(
        found.first().and_then(|(span, _)| span.map(|s| s.line)),
        Some(2)
    );
}

#[test]
fn a_compose_file_is_yaml_even_when_it_starts_with_a_brace() {
    let text = "{services: {web: {image: nginx}}}\n";
    let source = Arc::new(Source::new("compose.yaml", text));
    let Ok(Runtime::Deployment(d)) =
        from_source(&source, Some(Format::Compose), &Options::default())
    else {
        panic!("a Compose file in flow style was not read");
    };
    let titles: Vec<String> = d.workloads.iter().map(Workload::title).collect();
    assert_eq!(titles, ["service/web"]);
    // Not named, it is JSON to kubectl, which it is not.
    assert_eq!(
        problems("compose.yaml", text).first(),
        Some(&(
            Some(Span::new(1, 2, 1)),
            unexpected("a key in double quotes", "`s`")
        ))
    );
}

#[test]
fn a_list_read_item_by_item_must_be_kubernetes_as_a_whole() {
    let item = json_deployment("\"chat\"", "2");
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{item}\n], \"services\": {{}}}}\n"
    );
    let found = problems("list.json", &text);
    let places: Vec<_> = found
        .iter()
        .map(|(span, message)| (span.map(|s| (s.line, s.column)), message.as_str()))
        .collect();
    assert_eq!(
        places,
        [(
            Some((1, 1)),
            "cannot tell what kind of runtime input this is: it has `services` (a Compose file) and `apiVersion` or `kind` (a Kubernetes resource), which kubectl and Docker Compose read differently"
        )]
    );
}

#[test]
fn a_list_s_items_are_each_read_as_kubernetes_resources() {
    // An item that says nothing of what it is is a resource missing its fields, not an
    // input of unknown kind.
    let item = json_deployment("\"chat\"", "2");
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{item},\n{{\"metadata\": {{\"name\": \"x\"}}}}\n]}}\n"
    );
    let found = problems("list.json", &text);
    let places: Vec<_> = found
        .iter()
        .map(|(span, message)| (span.map(|s| (s.line, s.column)), message.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (
                Some((3, 1)),
                "a Kubernetes resource is missing the field `apiVersion`"
            ),
            (
                Some((3, 1)),
                "a Kubernetes resource is missing the field `kind`"
            ),
        ]
    );
}

#[test]
fn a_compose_file_of_two_documents_is_refused_at_the_second() {
    let text = "services:\n  web:\n    image: nginx\n---\nservices:\n  api:\n    image: nginx\n";
    let source = Arc::new(Source::new("compose.yaml", text));
    for format in [None, Some(Format::Compose)] {
        let Err(error) = from_source(&source, format, &Options::default()) else {
            panic!("{format:?}: two Compose documents were read");
        };
        let found: Vec<_> = error
            .problems
            .iter()
            .map(|p| (p.span.map(|s| (s.line, s.column)), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                Some((5, 1)),
                "a Compose file is one YAML document, this one has several"
            )],
            "{format:?}"
        );
    }
}

#[test]
fn reading_stops_past_1000_problems() {
    // Every merge key of a Kubernetes resource is refused, one problem each.
    let merges = |n: usize| {
        let keys: String = (0..n)
            .map(|i| format!("  k{i}: {{<<: {{a: 1}}}}\n"))
            .collect();
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{keys}")
    };
    // They are listed within the cap every input has (200, and one that counts the rest).
    let stop = "more than 1000 problems: the rest of the file is not read";
    let counted = |text: &str| {
        let Err(error) = read_text("pod.yaml", text) else {
            panic!("read: {text:?}");
        };
        let messages: Vec<String> = error.problems.iter().map(|p| p.message.clone()).collect();
        (
            error.problems.len(),
            error.problems.iter().map(|p| p.counts).sum::<usize>(),
            messages.first().cloned(),
            messages.iter().any(|m| m == stop),
        )
    };
    let (listed, counts, _, stopped) = counted(&merges(1_000));
    assert_eq!((listed, counts, stopped), (201, 1_000, false));
    // Past 1,000 the reading stops, and says so first.
    assert_eq!(
        counted(&merges(1_001)),
        (202, 1_002, Some(stop.to_owned()), true)
    );
}

/// Reads `text` with the YAML stream reader alone, each piece holding at most
/// `max_piece` bytes: the first line of each value handed over, or the problem.
fn read_stream(text: &str, max_piece: usize) -> Result<Vec<u32>, Problem> {
    let mut kept = Kept::new(usize::MAX);
    let mut lines = Vec::new();
    let mut take = |ready: Ready, _: &mut Kept| {
        lines.push(ready.node.span.line);
        Ok(())
    };
    stream::read(
        &mut text.as_bytes(),
        &unread::STREAMED,
        &mut kept,
        &mut take,
        max_piece,
    )?;
    Ok(lines)
}

#[test]
fn a_yaml_document_of_exactly_the_limit_is_read_and_one_byte_more_is_refused() {
    // Pieces of 5 and 6 bytes.
    let text = "a: 1\n---\nb: 22\n";
    assert_eq!(read_stream(text, 6), Ok(vec![1, 3]));
    let Err(problem) = read_stream(text, 5) else {
        panic!("6 bytes read under a limit of 5");
    };
    assert_eq!(problem.span, Some(Span::new(3, 1, 0)));
    assert_eq!(
        problem.message,
        "one document of the stream holds more than 5 bytes, over the limit"
    );
}

#[test]
fn a_text_of_exactly_the_limit_is_kept_whole_and_one_byte_more_is_not() {
    // Past the first 16 lines, which are kept whatever is wanted.
    let text = format!("{}a: 1\nb: 2\n", "#\n".repeat(16));
    let source = kept(text.len(), &[&text], &[]);
    assert!(source.is_whole());
    assert_eq!(source.text, text);
    let source = kept(text.len() - 1, &[&text], &[18]);
    assert!(!source.is_whole());
    assert_eq!((source.line(17), source.line(18)), (None, Some("b: 2")));
}

#[test]
fn kept_lines_end_at_lf_crlf_or_a_lone_cr_as_the_readers_count_them() {
    let source = kept(0, &["a\rb\r\nc\nd\r"], &[1, 2, 3, 4, 5]);
    let lines: Vec<Option<&str>> = (1..=5).map(|line| source.line(line)).collect();
    // A carriage return that ends the text ends its line; no line follows it.
    assert_eq!(lines, [Some("a"), Some("b"), Some("c"), Some("d"), None]);
    // A text that ends with a line feed has no line after it either.
    let source = kept(0, &["a\nb\n"], &[2, 3]);
    assert_eq!((source.line(2), source.line(3)), (Some("b"), None));
}

#[test]
fn a_line_wanted_before_it_is_read_whole_is_kept_whole() {
    // The JSON reader wants the line of a value's end while the rest of that line is not
    // read yet: it is kept once read whole, without being wanted again.
    // Past the first 16 lines, which are kept whatever is wanted.
    let mut kept = Kept::new(0);
    kept.push("#\n".repeat(16).as_bytes());
    kept.push(b"a: 1\nb: [");
    kept.want(Span::new(18, 4, 1));
    kept.settle();
    kept.push(b"1]\nc: 3\n");
    kept.settle();
    let source = kept.finish("f".to_owned());
    assert_eq!(
        (source.line(17), source.line(18), source.line(19)),
        (None, Some("b: [1]"), None)
    );
}
