//! A runtime input's YAML stream as `kubectl apply` splits it. kubectl does not read a
//! stream as YAML does: it cuts the text at every line that starts with `---` (followed by
//! nothing or a comment), whatever YAML would make of that line, then reads only the first
//! YAML document of each piece (`sigs.k8s.io/yaml`); a `---` line with content after it is
//! refused by current kubectl and not cut at by older ones; a file that starts with `{` is
//! read as JSON objects one after another. Where the two readings differ,
//! the gate cannot tell what is applied, and the input is refused at the line.

use super::super::tree::Stream;
use crate::error::Problem;
use crate::source::Span;

/// The problems where `stream`'s document markers and kubectl's cuts of `text` disagree,
/// in file order.
pub(super) fn cut_as_kubectl(text: &str, stream: &Stream) -> Vec<Problem> {
    let mut problems = Vec::new();
    let marked: Vec<u32> = stream.markers.iter().map(|s| s.line).collect();
    let mut cuts = Vec::new();
    let mut refused = Vec::new();
    for (line, rest) in kubectl_lines(text) {
        let Some(rest) = rest.strip_prefix("---") else {
            continue;
        };
        let rest = rest.trim();
        let at = Span::new(line, 1, 3);
        if !rest.is_empty() && !rest.starts_with('#') {
            problems.push(
                Problem::at(
                    at,
                    "a document separator with content after it on the same line (`--- …`): kubectl refuses it (older versions do not cut the stream there, and apply only what stands before it), so what is applied cannot be told",
                )
                .help("put the content on the line after the `---`"),
            );
            refused.push(line);
            continue;
        }
        cuts.push(line);
        if !marked.contains(&line) {
            problems.push(
                Problem::at(
                    at,
                    "kubectl cuts the stream at every line that starts with `---`, but here YAML reads the line as part of a value (a quoted or plain text that goes on over several lines): the two would apply different resources",
                )
                .help("indent the line inside its value, or write the value on one line (`\"…\\n---…\"`)"),
            );
        }
    }
    for marker in &stream.markers {
        if !cuts.contains(&marker.line) && !refused.contains(&marker.line) {
            problems.push(
                Problem::at(
                    *marker,
                    "a document start (`---`) that kubectl does not cut the stream at (it reads lines ended by a line feed only)",
                )
                .help("end the lines with a line feed (LF or CRLF), and put `---` alone on its line"),
            );
        }
    }
    // kubectl reads a file whose first character (after white space) is `{` as JSON
    // objects one after another, not as YAML documents.
    if text.trim_start().starts_with('{')
        && let Some(second) = stream.documents.get(1)
    {
        problems.push(
            Problem::at(
                second.span,
                "a second document in a file that starts with `{`: kubectl reads such a file as JSON, one object after another, not as a YAML stream, so it would not apply this one as written",
            )
            .help("split the file, or write every document in YAML after a `---` line"),
        );
    }
    if let Some(unmarked) = stream.unmarked {
        problems.push(
            Problem::at(
                unmarked,
                "a document after a `...` document end with no `---` before it: kubectl reads only the first YAML document between two `---` lines, so it would not apply this one",
            )
            .help("put a `---` line before it (or remove the `...` line)"),
        );
    }
    problems.sort_by_key(|p| p.span);
    problems
}

/// Each line as kubectl reads it (ended by a line feed), with the number the gate gives
/// it (a lone carriage return ends a line too, as everywhere a line is counted).
fn kubectl_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut line: u32 = 1;
    text.split_inclusive('\n').map(move |piece| {
        let number = line;
        let bytes = piece.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let ends = match b {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends {
                line = line.saturating_add(1);
            }
        }
        (number, piece)
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse_runtime;
    use super::*;

    fn problems(text: &str) -> Vec<(u32, String)> {
        let stream = match parse_runtime(text, 100) {
            Ok(stream) => stream,
            Err(p) => return vec![(p.span.map_or(0, |s| s.line), p.message)],
        };
        cut_as_kubectl(text, &stream)
            .into_iter()
            .map(|p| (p.span.map_or(0, |s| s.line), p.message))
            .collect()
    }

    #[test]
    fn streams_cut_alike_read() {
        for text in [
            "a: 1\n---\nb: 2\n",
            "---\na: 1\n--- # next\nb: 2\n...\n",
            "a: 1\n...\n---\nb: 2\n",
            "a: 1\r\n---\r\nb: 2\r\n",
            "a: |\n  ---\n  x\n",
            "a: 1\n...\n# a comment\n",
        ] {
            assert_eq!(problems(text), [], "{text:?}");
        }
    }

    #[test]
    fn streams_cut_otherwise_are_refused_at_the_line() {
        let at = |text: &str| {
            problems(text)
                .into_iter()
                .map(|(l, _)| l)
                .collect::<Vec<_>>()
        };
        // Content after `...` with no `---`: kubectl applies only the first document.
        assert_eq!(at("a: 1\n...\nb: 2\n"), [3]);
        // Content on the marker's line.
        assert_eq!(at("a: 1\n--- {b: 2}\n"), [2]);
        // kubectl cuts inside a quoted value.
        assert_eq!(at("a: \"x\n---#\n y\"\n"), [2]);
        // A file that starts with `{` is JSON to kubectl.
        assert_eq!(at("{\"kind\": \"List\"}\n---\nb: 2\n"), [3]);
        assert_eq!(problems(" {\"kind\": \"List\", \"items\": []}\n"), []);
        // Lines are numbered as everywhere: a lone carriage return ends one too.
        assert_eq!(at("a: 1\rb: 2\n--- {c: 3}\n"), [3]);
        // A lone carriage return ends a YAML line, not a kubectl one.
        assert_eq!(at("a: 1\r---\rb: 2\r"), [2]);
    }
}
