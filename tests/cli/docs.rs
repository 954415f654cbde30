//! The README and the book (`docs/src/`) say what the code does: the rule table is the
//! registry's, every shown output is what the binary prints, every relative link leads
//! somewhere, and the README stays short.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The README's most: past this it is a manual again, and the rest belongs in the book.
const README_MAX_LINES: usize = 300;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// `path` as the repository names it (for messages).
fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every Markdown file under `dir`, in path order.
fn markdown_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_under(&path, found);
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
}

/// README.md, then every Markdown file of the book.
fn documents() -> Vec<PathBuf> {
    let mut book = Vec::new();
    markdown_under(&root().join("docs/src"), &mut book);
    book.sort();
    assert!(
        book.len() >= 2,
        "docs/src holds the book: SUMMARY.md and its chapters"
    );
    let mut all = vec![root().join("README.md")];
    all.extend(book);
    all
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = read(&root().join("README.md"));
    let table = profile_check::commands::markdown_table();
    let begin = "<!-- rules:begin -->\n";
    let end = "<!-- rules:end -->";
    let (Some(start), Some(stop)) = (readme.find(begin), readme.find(end)) else {
        panic!("README.md has no rules:begin / rules:end markers");
    };
    let current = readme.get(start + begin.len()..stop).unwrap_or_default();
    assert!(
        current == table,
        "README.md's rule table is out of date; replace it with:\n\n{table}"
    );
}

/// What `profile-check ARGS` prints (standard output, then standard error), as the block
/// under an `<!-- output: ARGS -->` marker shows it.
fn printed_block(args: &str) -> String {
    let output = match std::process::Command::new(env!("CARGO_BIN_EXE_profile-check"))
        .args(args.split_whitespace())
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("{e}"),
    };
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // `<!-- output:  -->` is the run with no arguments.
    let command = format!("profile-check {args}");
    format!(
        "```text\n$ {}\n{}\n```\n",
        command.trim_end(),
        printed.trim_end()
    )
}

/// The outputs shown in one document: how many blocks it has and the arguments of those
/// that are stale. With `overwrite`, the stale blocks are rewritten in place.
fn check_outputs(path: &Path, overwrite: bool) -> (usize, Vec<String>) {
    let text = read(path);
    let marker = "<!-- output: ";
    let mut rewritten = String::with_capacity(text.len());
    let mut stale = Vec::new();
    let mut blocks = 0;
    let mut rest = text.as_str();
    while let Some(at) = rest.find(marker) {
        let (before, from_marker) = rest.split_at(at);
        rewritten.push_str(before);
        let Some(end_of_marker) = from_marker.find(" -->\n") else {
            panic!("{}: unclosed output marker", shown(path));
        };
        let args = &from_marker[marker.len()..end_of_marker];
        let after_marker = &from_marker[end_of_marker + " -->\n".len()..];
        let Some(block_end) = after_marker.find("\n```\n") else {
            panic!(
                "{}: no code block after the marker for `{args}`",
                shown(path)
            );
        };
        let current = &after_marker[..block_end + "\n```\n".len()];
        let expected = printed_block(args);
        if current != expected {
            stale.push(format!("{}: `{args}`", shown(path)));
        }
        blocks += 1;
        rewritten.push_str(&from_marker[..end_of_marker + " -->\n".len()]);
        rewritten.push_str(&expected);
        rest = &after_marker[block_end + "\n```\n".len()..];
    }
    rewritten.push_str(rest);
    if overwrite
        && rewritten != text
        && let Err(e) = std::fs::write(path, &rewritten)
    {
        panic!("{}: {e}", shown(path));
    }
    (blocks, stale)
}

/// Every `<!-- output: ARGS -->` block of the README and of the book holds what
/// `profile-check ARGS` prints (standard output, then standard error).
/// `README_OVERWRITE=1 cargo test --test cli readme` rewrites the blocks after a
/// deliberate change; review the diff.
#[test]
fn readme_and_book_examples_are_what_the_binary_prints() {
    let overwrite = std::env::var_os("README_OVERWRITE").is_some();
    let mut stale = Vec::new();
    let mut shown_in = Vec::new();
    for doc in documents() {
        let (blocks, mut stale_here) = check_outputs(&doc, overwrite);
        if blocks > 0 {
            shown_in.push(shown(&doc));
        }
        stale.append(&mut stale_here);
    }
    assert!(
        read(&root().join("README.md")).contains("<!-- output:  -->\n"),
        "the README shows the no-argument run"
    );
    assert!(
        shown_in.len() >= 2,
        "outputs are shown (and checked) in the README and the book: {shown_in:?}"
    );
    if overwrite {
        return;
    }
    assert!(
        stale.is_empty(),
        "examples out of date (README_OVERWRITE=1 cargo test --test cli readme rewrites them):\n{}",
        stale.join("\n")
    );
}

/// The document's text as a reader sees its prose: fenced code blocks blanked, inline
/// code spans (which may run over a line break) removed, HTML comments removed.
/// Lines are kept, so that a link is reported at its line.
fn prose(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let run: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        let is_fence = run.len() >= 3 && run.chars().all(|c| run.starts_with(c));
        match &fence {
            Some(open) => {
                if is_fence && run.starts_with(open.as_str()) && trimmed.trim() == run {
                    fence = None;
                }
                lines.push(String::new());
            }
            None if is_fence => {
                fence = Some(run);
                lines.push(String::new());
            }
            None => lines.push(line.to_owned()),
        }
    }
    // Code spans and comments, within each paragraph (a blank line ends a code span).
    let mut out = Vec::with_capacity(lines.len());
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, out: &mut Vec<String>| {
        let joined = paragraph.join("\n");
        let cleaned = strip_comments(&strip_code_spans(&joined));
        // Removing keeps every line break, so the line count is unchanged.
        out.extend(cleaned.split('\n').map(str::to_owned));
        paragraph.clear();
    };
    for line in lines {
        if line.trim().is_empty() {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut out);
            }
            out.push(line);
        } else {
            paragraph.push(line);
        }
    }
    if !paragraph.is_empty() {
        flush(&mut paragraph, &mut out);
    }
    out
}

/// `text` without its code spans (a backtick run closed by a run of the same length);
/// line breaks inside a span are kept.
fn strip_code_spans(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let open = chars[i..].iter().take_while(|&&c| c == '`').count();
        let mut j = i + open;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let run = chars[j..].iter().take_while(|&&c| c == '`').count();
                if run == open {
                    close = Some(j);
                    break;
                }
                j += run;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.extend(chars[i..end].iter().filter(|&&c| c == '\n'));
                i = end + open;
            }
            None => {
                // No closing run: the backticks are literal.
                out.extend(&chars[i..i + open]);
                i += open;
            }
        }
    }
    out
}

/// `text` without HTML comments; line breaks inside one are kept.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        match rest[at..].find("-->") {
            Some(end) => {
                out.extend(rest[at..at + end].chars().filter(|&c| c == '\n'));
                rest = &rest[at + end + 3..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The link targets of a document's prose, `[text](target)` and `![alt](target)`, with
/// their line numbers (1-based). A title after the target is dropped.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in prose(text).iter().enumerate() {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_start_matches('<')
                .trim_end_matches('>');
            found.push((n + 1, target.to_owned()));
            rest = &after[end..];
        }
    }
    found
}

/// GitHub's anchor for a heading: its text lower-cased, the Markdown of links and code
/// taken off, every character but letters, digits, `-`, `_` and spaces dropped, spaces
/// made `-`.
fn github_slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // `[text](url)` reads as `text`.
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](") else {
            break;
        };
        let Some(close) = rest[open + mid..].find(')') else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..open + mid]);
        rest = &rest[open + mid + close + 1..];
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors a Markdown file offers: its headings' slugs (GitHub numbers repeats `-1`,
/// `-2`, …) and the `id`s of its HTML elements.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut fence: Option<char> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let c = trimmed.chars().next();
            fence = match fence {
                None => c,
                Some(open) if Some(open) == c => None,
                open => open,
            };
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let slug = github_slug(line[hashes..].trim().trim_end_matches('#'));
            let count = seen.entry(slug.clone()).or_insert(0);
            let anchor = if *count == 0 {
                slug.clone()
            } else {
                format!("{slug}-{count}")
            };
            *count += 1;
            found.insert(anchor);
        }
        let mut rest = line;
        while let Some(at) = rest.find(" id=\"") {
            let after = &rest[at + 5..];
            let end = after.find('"').unwrap_or(after.len());
            found.insert(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    found
}

/// Every relative link of the README and the book leads to a file or folder of the
/// repository, and a `#anchor` to a heading (or an `id`) of the Markdown file it names.
#[test]
fn readme_and_book_links_resolve() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let text = read(&doc);
        let dir = doc.parent().unwrap_or(root());
        for (line, target) in links(&text) {
            let is_external = target.starts_with("//")
                || target
                    .split_once(':')
                    .is_some_and(|(scheme, _)| scheme.chars().all(|c| c.is_ascii_alphabetic()));
            if is_external {
                continue;
            }
            checked += 1;
            let at = format!("{}:{line}: `{target}`", shown(&doc));
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let path = if file.is_empty() {
                doc.clone()
            } else {
                dir.join(file)
            };
            if file.is_empty() && anchor.is_none() {
                broken.push(format!("{at}: an empty link"));
                continue;
            }
            if !path.exists() {
                broken.push(format!("{at}: no such file"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            if path.extension().is_some_and(|e| e == "md")
                && !anchors(&read(&path)).contains(anchor)
            {
                broken.push(format!("{at}: no heading `#{anchor}` in {}", shown(&path)));
            }
        }
    }
    assert!(checked > 20, "only {checked} relative links were found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Every chapter of the book is in its table of contents (mdBook builds only those) and
/// linked from the README.
#[test]
fn every_chapter_is_in_the_summary_and_the_readme() {
    let summary = read(&root().join("docs/src/SUMMARY.md"));
    let readme = read(&root().join("README.md"));
    let summary_links: BTreeSet<String> = links(&summary).into_iter().map(|(_, t)| t).collect();
    let readme_links: BTreeSet<String> = links(&readme).into_iter().map(|(_, t)| t).collect();
    for doc in documents().iter().skip(1) {
        let name = shown(doc);
        if name.ends_with("SUMMARY.md") {
            continue;
        }
        let in_book = name.trim_start_matches("docs/src/").to_owned();
        assert!(
            summary_links.contains(&in_book),
            "{name} is not in docs/src/SUMMARY.md"
        );
        assert!(
            readme_links.contains(&name),
            "README.md does not link {name}"
        );
    }
}

/// The README is for a user: what it is, how to install and run it, one CI recipe per
/// platform, the rules and the exit codes. Everything else is in the book.
#[test]
fn readme_is_under_300_lines() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(
        lines < README_MAX_LINES,
        "README.md has {lines} lines; move detail into the book (docs/src/) to keep it under {README_MAX_LINES}"
    );
}

#[test]
fn the_slugs_are_githubs() {
    assert_eq!(
        github_slug("What the environment switches on: `--runtime`"),
        "what-the-environment-switches-on---runtime"
    );
    assert_eq!(
        github_slug("Configuration: `profile-check.toml`"),
        "configuration-profile-checktoml"
    );
    assert_eq!(
        github_slug("From the Architect's document to the YAML"),
        "from-the-architects-document-to-the-yaml"
    );
    assert_eq!(github_slug("Neovim (0.10 or later)"), "neovim-010-or-later");
    let text = "# A\n\n```sh\n# not a heading\n```\n\n## A\n<a id=\"rule-x\"></a>\n";
    let found = anchors(text);
    assert!(found.contains("a") && found.contains("a-1") && found.contains("rule-x"));
    assert!(!found.contains("not-a-heading"), "{found:?}");
    assert_eq!(
        links("see [a](x.md) and `[b](y.md)`\n\n```\n[c](z.md)\n```\n<!-- [d](w.md) -->\n"),
        vec![(1, "x.md".to_owned())]
    );
}

/// The book's option table names every report format, from the one list of formats.
#[test]
fn the_command_line_chapter_names_every_format() {
    let chapter = read(&root().join("docs/src/command-line.md"));
    let row = chapter
        .lines()
        .find(|l| l.starts_with("| `--format F` |"))
        .unwrap_or_default();
    for format in profile_check::report::Format::ALL {
        assert!(
            row.contains(&format!("`{}`", format.name())),
            "docs/src/command-line.md: `--format` does not name `{}`: {row}",
            format.name()
        );
    }
}

/// The reports chapter's table of input problem kinds is the one list of kinds, each with
/// what it means as the report's schema says it.
#[test]
fn the_reports_chapter_lists_every_problem_kind() {
    use profile_check::error::ProblemKind;
    let chapter = read(&root().join("docs/src/reports.md"));
    let rows: Vec<&str> = chapter
        .lines()
        .filter(|l| {
            ProblemKind::ALL
                .iter()
                .any(|k| l.starts_with(&format!("| `{}` |", k.as_str())))
        })
        .collect();
    let expected: Vec<String> = ProblemKind::ALL
        .iter()
        .map(|k| format!("| `{}` | {} |", k.as_str(), k.about()))
        .collect();
    assert_eq!(
        rows, expected,
        "docs/src/reports.md: the table of problem kinds is not ProblemKind::ALL with its about()"
    );
}

/// The book's option table has a row for every input's flag, from the one list of inputs.
#[test]
fn the_command_line_chapter_names_every_input_flag() {
    let chapter = read(&root().join("docs/src/command-line.md"));
    for kind in profile_check::inputs::InputKind::READ {
        assert!(
            chapter
                .lines()
                .any(|l| l.starts_with(&format!("| `{} ", kind.flag()))),
            "docs/src/command-line.md has no row for `{}`",
            kind.flag()
        );
    }
}
