//! One self-contained HTML page a release manager can open and sign off: the verdict, each
//! profile's header, the inputs it was held against, every finding with its source and
//! help, waived findings with their waiver, the module table and the event-flow graph.
//!
//! The page loads nothing: the CSS is inline, the graph is inline SVG, there is no script,
//! and a Content-Security-Policy (`default-src 'none'`) makes the browser refuse any load
//! a future edit might add. Every text from the input is escaped by `text`.
//!
//! The page renders the run's diagnostic stream, summaries and verdicts, and re-derives
//! none of them.

use std::fmt::Write;

use super::Options;
use crate::check::{CheckRun, Checked, ProfileRun, Verdict};
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::escape::picture_controls;
use crate::finding::Severity;
use crate::graph::{Findings, Graph, State};
use crate::inputs::InputKind;
use crate::load::git::AtHead;
use crate::source::{Source, Span};

/// Profiles with more modules than this get no inline graph (the page would grow by
/// about a kilobyte a module); the page says how to draw it.
pub const MAX_GRAPH_MODULES: usize = 500;

/// A line longer than this is shown as a window around the value at fault.
const MAX_SNIPPET_CHARS: usize = 200;

/// A profile run's name for the title: its path, and the deployment it was checked
/// against when it is held against several.
fn named(run: &ProfileRun) -> String {
    match &run.deployment {
        Some(deployment) => format!("{} on {}", text(&run.path), text(deployment)),
        None => text(&run.path),
    }
}

/// [`named`] with the path and the deployment as code.
fn named_code(run: &ProfileRun) -> String {
    match &run.deployment {
        Some(deployment) => format!(
            "<code>{}</code> on <code>{}</code>",
            text(&run.path),
            text(deployment)
        ),
        None => format!("<code>{}</code>", text(&run.path)),
    }
}

/// Renders `run` as an HTML page.
pub fn render(run: &CheckRun, options: Options) -> String {
    let overall = run.verdict();
    let mut out = String::with_capacity(64 * 1024);
    let names: Vec<String> = run.profiles.iter().map(named).collect();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"profile-check {version}\">\n\
         <title>{word}: {names} · profile-check</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        version = env!("CARGO_PKG_VERSION"),
        word = word(overall),
        names = names.join(", "),
    );
    let _ = write!(
        out,
        "<header class=\"banner {class}\">\n<p class=\"tool\">profile-check · pre-release gate of the runtime profile</p>\n\
         <h1><span class=\"verdict\" id=\"verdict\">{word}</span> {summary}</h1>\n",
        class = class(overall),
        word = word(overall),
        summary = run_summary(run),
    );
    if run.strict {
        out.push_str("<p>Under <code>--strict</code>: warnings fail the gate too.</p>\n");
    }
    let _ = writeln!(
        out,
        "<dl class=\"facts sign\" id=\"run-facts\">\n<dt>Tool</dt><dd>profile-check <span id=\"version\">{}</span></dd>\n\
         <dt>Generated</dt><dd id=\"generated\">{}</dd>\n</dl>",
        text(env!("CARGO_PKG_VERSION")),
        generated(options.generated)
    );
    out.push_str("</header>\n<main>\n");
    if run.profiles.len() > 1 {
        out.push_str("<nav aria-label=\"Profiles\"><h2>Profiles</h2><ul>\n");
        for (index, profile) in run.profiles.iter().enumerate() {
            let v = profile.verdict(run.strict);
            let _ = writeln!(
                out,
                "<li><a href=\"#profile-{index}\"><span class=\"tag {}\">{}</span> {}</a></li>",
                class(v),
                word(v),
                named_code(profile)
            );
        }
        out.push_str("</ul></nav>\n");
    }
    for (index, profile) in run.profiles.iter().enumerate() {
        render_profile(&mut out, run, profile, index);
    }
    out.push_str(
        "</main>\n<footer><p>Written by profile-check. This page is complete in itself: it \
         runs no script and loads no font, image or style from anywhere.</p></footer>\n\
         </body>\n</html>\n",
    );
    out
}

/// When the page was written, as a `<time>`, and where the time came from.
fn generated(time: Option<super::Generated>) -> String {
    match time {
        Some(time) => format!(
            "<time datetime=\"{}\">{}</time>{}",
            text(&time.rfc3339()),
            text(&time.describe()),
            if time.from_source_date_epoch {
                " (<code>SOURCE_DATE_EPOCH</code>)"
            } else {
                " (the system clock; set <code>SOURCE_DATE_EPOCH</code> for a reproducible page)"
            }
        ),
        None => "not recorded".to_owned(),
    }
}

/// The commit the profile was checked at, and how the profile compares with it.
fn commit(profile: &ProfileRun) -> String {
    match &profile.checkout {
        Some(Ok(checkout)) => {
            let said = match checkout.profile {
                AtHead::Same => "the profile as committed",
                AtHead::Modified => {
                    "<strong>the profile has uncommitted changes</strong>: the verdict is about \
                     them, not about this commit"
                }
                AtHead::Untracked => {
                    "<strong>the profile is not in this commit</strong> (not committed)"
                }
            };
            format!(
                "<code class=\"commit\">{}</code> ({said})",
                text(&checkout.commit)
            )
        }
        Some(Err(why)) => format!("none: {}", text(why)),
        None => "not recorded".to_owned(),
    }
}

/// How the page names a verdict: a manager reads "cannot be checked" better than "error".
fn word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::Error => "CANNOT BE CHECKED",
    }
}

fn class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::Error => "unchecked",
    }
}

fn run_summary(run: &CheckRun) -> String {
    let count = |v| {
        run.profiles
            .iter()
            .filter(|p| p.verdict(run.strict) == v)
            .count()
    };
    let n = run.profiles.len();
    match n {
        1 => run
            .profiles
            .first()
            .map(|p| format!("<code>{}</code>", text(&p.path)))
            .unwrap_or_default(),
        _ => format!(
            "{n} profiles: {} passed, {} failed, {} cannot be checked",
            count(Verdict::Pass),
            count(Verdict::Fail),
            count(Verdict::Error)
        ),
    }
}

/// The inputs a profile was held against besides itself, and the rules that ran, as
/// (term, description).
fn held_against(profile: &ProfileRun, checked: &Checked) -> Vec<(&'static str, String)> {
    let given = |kind: InputKind| profile.held_against(kind).is_some();
    let flag = |kind: InputKind| match profile.shown_input(kind) {
        Some(shown) => format!("<code>{} {}</code>", kind.flag(), text(&shown)),
        None => format!("<code>{}</code>", kind.flag()),
    };
    let mut rows = vec![(
        "Activation",
        if given(InputKind::Runtime) {
            format!("the runtime manifest ({})", flag(InputKind::Runtime))
        } else {
            "the profile's own <code>active:</code> fields, else each module's status".to_owned()
        },
    )];
    for (term, kind) in [
        ("Baseline", InputKind::Baseline),
        ("Document", InputKind::Doc),
        ("Waivers", InputKind::Waivers),
    ] {
        let said = if let (InputKind::Baseline, Some(revision), true) =
            (kind, &profile.baseline, given(kind))
        {
            format!(
                "<code class=\"baseline\">{}</code> (<code>{} {}</code>, commit <code>{}</code>)",
                text(&revision.resolved()),
                kind.flag(),
                text(&revision.given),
                text(&revision.commit)
            )
        } else if given(kind) {
            format!("held against ({})", flag(kind))
        } else {
            format!("none given ({})", flag(kind))
        };
        rows.push((term, said));
    }
    let ran: Vec<String> = checked
        .ran
        .iter()
        .map(|r| format!("<code>{}</code>", r.as_str()))
        .collect();
    rows.push(("Rules run", ran.join(" ")));
    rows
}

fn render_profile(out: &mut String, run: &CheckRun, profile: &ProfileRun, index: usize) {
    let v = profile.verdict(run.strict);
    let _ = write!(
        out,
        "<section class=\"profile\" id=\"profile-{index}\" aria-labelledby=\"profile-{index}-title\">\n\
         <h2 id=\"profile-{index}-title\"><span class=\"tag {}\">{}</span> {}</h2>\n",
        class(v),
        word(v),
        named_code(profile)
    );
    let _ = writeln!(
        out,
        "<dl class=\"facts\" id=\"profile-{index}-facts\">\n<dt>Commit</dt><dd>{}</dd>\n</dl>",
        commit(profile)
    );
    let Some(checked) = &profile.checked else {
        let problems: Vec<&Diagnostic> = profile.input_problems().collect();
        let n = problems.len();
        let _ = writeln!(
            out,
            "<p class=\"counts\">The rules did not run: {}. Fix {} and run the check again.</p>\n\
             <h3>Input errors</h3>",
            text(&profile.unchecked_reason()),
            if n == 1 { "it" } else { "them" }
        );
        for d in problems {
            diagnostic(out, d);
        }
        out.push_str("</section>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"counts\">{}</p>",
        text(&profile.summary.describe())
    );
    header(out, checked);
    out.push_str("<h3>Held against</h3>\n<dl class=\"facts\">\n");
    for (term, description) in held_against(profile, checked) {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{description}</dd>");
    }
    out.push_str("</dl>\n");
    let (waived, open): (Vec<&Diagnostic>, Vec<&Diagnostic>) = profile
        .diagnostics
        .iter()
        .filter(|d| d.kind() != DiagnosticKind::InputProblem)
        .partition(|d| d.kind() == DiagnosticKind::Waived);
    let _ = writeln!(out, "<h3>Findings ({})</h3>", open.len());
    if open.is_empty() {
        out.push_str("<p class=\"none\">None: every rule that ran passed.</p>\n");
    }
    for d in open {
        diagnostic(out, d);
    }
    if !waived.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Waived findings ({})</h3>\n<p>Accepted by a live waiver: shown, counted apart, \
             not failing the gate.</p>",
            waived.len()
        );
        for d in waived {
            diagnostic(out, d);
        }
    }
    module_table(out, profile, checked);
    out.push_str("<h3>Event flow</h3>\n");
    let n = checked.profile.modules.len();
    match Graph::of_run(profile) {
        Some(graph) if n <= MAX_GRAPH_MODULES => {
            let _ = writeln!(
                out,
                "<figure class=\"graph\">\n<div class=\"scroll\">{}</div>\n<figcaption>{}. Solid: active; \
                 dashed: may run; grey: inactive or disabled; red border: has findings; red edge: an \
                 event no active module emits.</figcaption>\n</figure>",
                graph.svg_with_prefix(&format!("g{index}")),
                text(&graph.caption())
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<p>{n} modules are more than this page draws ({MAX_GRAPH_MODULES}). Draw the graph \
                 with <code>profile-check graph {} --format svg &gt; graph.svg</code>.</p>",
                text(&profile.path)
            );
        }
    }
    out.push_str("</section>\n");
}

fn header(out: &mut String, checked: &Checked) {
    let p = &checked.profile;
    let d = &p.document;
    let _ = writeln!(
        out,
        "<dl class=\"facts\">\n<dt>Profile</dt><dd>{} · {}</dd>\n\
         <dt>Document</dt><dd>status {} · owner {} · last updated {}</dd>\n\
         <dt>Contours</dt><dd>LIVE {} · AUTO {}</dd>\n</dl>",
        text(&p.profile.value),
        text(&p.product.value),
        text(&d.status.value),
        text(&d.owner.value),
        d.last_updated.value,
        p.contours.live.value,
        p.contours.auto.value
    );
}

/// A finding, a waived finding or an input problem: what, where, the source, what to do.
fn diagnostic(out: &mut String, d: &Diagnostic) {
    let (class, word) = match (d.kind(), d.severity) {
        (DiagnosticKind::InputProblem, _) => ("error", "input error"),
        (DiagnosticKind::Waived, _) => ("waived", "waived"),
        (DiagnosticKind::Finding, Severity::Error) => ("error", "error"),
        (DiagnosticKind::Finding, Severity::Warning) => ("warning", "warning"),
    };
    let rule = d
        .rule_name()
        .map(|r| format!("<code class=\"rule\">{r}</code> "))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<article class=\"finding {class}\">\n<h4><span class=\"sev\">{word}</span> {rule}{}</h4>",
        prose(&d.text())
    );
    let module = d
        .module
        .as_deref()
        .map(|m| format!(" · module <code>{}</code>", text(m)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<p class=\"where\"><code>{}</code>{module}</p>",
        text(&d.location())
    );
    if let (Some(source), Some(span)) = (&d.source, d.span) {
        snippet(out, source, span);
    }
    if let Some(help) = &d.help {
        let _ = writeln!(
            out,
            "<p class=\"help\"><strong>Help:</strong> {}</p>",
            prose(help)
        );
    }
    if let Some(note) = &d.waiver {
        let _ = writeln!(
            out,
            "<p class=\"waiver\"><strong>Waiver:</strong> {}</p>",
            prose(note)
        );
    }
    out.push_str("</article>\n");
}

/// The source around `span`: the line before, the line with the value marked and a caret
/// line under it, the line after.
fn snippet(out: &mut String, source: &Source, span: Span) {
    let Some(line) = source.line(span.line) else {
        return;
    };
    let width = span.line.saturating_add(1).to_string().len();
    out.push_str("<pre class=\"snippet\"><code>");
    if let Some(before) = span
        .line
        .checked_sub(1)
        .filter(|l| *l > 0)
        .and_then(|l| source.line(l))
    {
        let _ = writeln!(
            out,
            "<span class=\"ln\">{:>width$}</span> {}",
            span.line - 1,
            text(&window(&picture_controls(before), 0, 0).0)
        );
    }
    let shown = picture_controls(line);
    let start = span.column.saturating_sub(1) as usize;
    let len = (span.len as usize).max(1);
    let (shown, start) = window(&shown, start, len);
    let chars: Vec<char> = shown.chars().collect();
    let start = start.min(chars.len());
    let end = (start + len).min(chars.len());
    let part = |from: usize, to: usize| -> String {
        chars
            .get(from..to)
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    };
    let _ = writeln!(
        out,
        "<span class=\"ln\">{:>width$}</span> {}<mark>{}</mark>{}",
        span.line,
        text(&part(0, start)),
        text(&part(start, end)),
        text(&part(end, chars.len()))
    );
    let _ = writeln!(
        out,
        "<span class=\"ln\">{:>width$}</span> <span class=\"caret\" aria-hidden=\"true\">{}{}</span>",
        "",
        " ".repeat(start),
        "^".repeat(end.saturating_sub(start).max(1))
    );
    if let Some(after) = source.line(span.line.saturating_add(1)) {
        let _ = writeln!(
            out,
            "<span class=\"ln\">{:>width$}</span> {}",
            span.line + 1,
            text(&window(&picture_controls(after), 0, 0).0)
        );
    }
    out.push_str("</code></pre>\n");
}

/// At most [`MAX_SNIPPET_CHARS`] of `line` around the `len` characters from `start`, and
/// where they start in what is returned.
fn window(line: &str, start: usize, len: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= MAX_SNIPPET_CHARS {
        return (line.to_owned(), start);
    }
    let context = MAX_SNIPPET_CHARS / 2;
    let from = start.saturating_sub(context / 2);
    let to = (start + len.min(context) + context).min(count);
    let mut shown = String::new();
    let mut offset = start - from;
    if from > 0 {
        shown.push('…');
        offset += 1;
    }
    shown.extend(line.chars().skip(from).take(to - from));
    if to < count {
        shown.push('…');
    }
    (shown, offset)
}

fn module_table(out: &mut String, profile: &ProfileRun, checked: &Checked) {
    let counts = Findings::of_diagnostics(&profile.diagnostics);
    let n = checked.profile.modules.len();
    let _ = writeln!(
        out,
        "<h3>Modules ({n})</h3>\n<div class=\"scroll\"><table class=\"modules\">\n\
         <caption>Every module of the profile, in file order, with its activation and what the \
         rules found.</caption>\n<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">ID</th>\
         <th scope=\"col\">Role</th><th scope=\"col\">Status</th><th scope=\"col\">Activation</th>\
         <th scope=\"col\">Result</th></tr></thead>\n<tbody>"
    );
    let notes = checked.activation_notes.iter().map(String::as_str);
    for ((module, activation), note) in checked
        .profile
        .modules
        .iter()
        .zip(&checked.activation)
        .zip(notes.chain(std::iter::repeat("")))
    {
        let found = counts.get(&module.id.value).copied().unwrap_or_default();
        let (class, result) = match (found.any(), found.waived) {
            (false, 0) => ("ok", "ok".to_owned()),
            (false, _) => ("waived", found.describe()),
            (true, _) => (
                if found.errors > 0 { "error" } else { "warning" },
                found.describe(),
            ),
        };
        let state = State::of(*activation);
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td><td>{}</td>\
             <td>{}</td><td class=\"result {class}\">{}</td></tr>",
            match state {
                State::Active => "on",
                State::MayRun => "maybe",
                State::Inactive => "off",
            },
            text(&module.name.value),
            text(&module.id.value),
            module.role.value,
            module.status.value,
            text(note),
            text(&result)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// A message or help text as HTML: escaped as [`text`], and what it quotes in backticks
/// set as `<code>` (when the backticks pair up).
fn prose(raw: &str) -> String {
    let escaped = text(raw);
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 32);
    for (index, part) in parts.iter().enumerate() {
        if index % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Text from the input (or from a message that quotes it) as HTML: control, bidi and
/// separator characters shown as escapes, markup characters as character references.
fn text(raw: &str) -> String {
    crate::escape::escape_markup(raw)
}

const STYLE: &str = "
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#ffffff;--panel:#f6f8fa;--line:#d1d9e0;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--waived:#6e7781;--waived-bg:#eaeef2;--mark:#ffd8b5;--off:#8c959f}
@media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;
--line:#3d444d;--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1315;--warn:#d29922;
--warn-bg:#272115;--waived:#9198a1;--waived-bg:#21262d;--mark:#5a3a1a;--off:#656c76}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:80rem;padding:0 1.25rem 2rem;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",Arial,sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:.9em}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;margin:0 0 .3rem;font-weight:600}
.banner{margin:1rem 0;padding:1rem 1.25rem;border-radius:.5rem;border:2px solid var(--line)}
.banner .tool{margin:0;color:var(--muted);font-size:.9rem}
.banner.pass{border-color:var(--pass);background:var(--pass-bg)}
.banner.fail,.banner.unchecked{border-color:var(--fail);background:var(--fail-bg)}
.verdict{font-weight:800;letter-spacing:.04em}
.pass .verdict{color:var(--pass)}
.fail .verdict,.unchecked .verdict{color:var(--fail)}
.tag{display:inline-block;padding:0 .45em;border-radius:.3em;font-size:.85em;font-weight:700;border:1.5px solid currentColor}
.tag.pass{color:var(--pass)}
.tag.fail,.tag.unchecked{color:var(--fail)}
nav ul{padding-left:1.2rem}
.counts{font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.banner dl.sign{margin:.4rem 0 0;font-size:.9rem}
code.commit{word-break:break-all}
.finding{border:1px solid var(--line);border-left:.35rem solid var(--line);border-radius:.4rem;padding:.6rem .9rem;margin:.6rem 0;background:var(--panel);break-inside:avoid}
.finding.error{border-left-color:var(--fail)}
.finding.warning{border-left-color:var(--warn)}
.finding.waived{border-left-color:var(--waived)}
.sev{text-transform:uppercase;font-size:.75em;font-weight:800;letter-spacing:.05em;padding:.05em .4em;border-radius:.25em;margin-right:.2em}
.error .sev{color:var(--fail);background:var(--fail-bg)}
.warning .sev{color:var(--warn);background:var(--warn-bg)}
.waived .sev{color:var(--waived);background:var(--waived-bg)}
.where,.help,.waiver{margin:.3rem 0}
.where{color:var(--muted)}
pre.snippet{margin:.4rem 0;padding:.5rem .75rem;background:var(--bg);border:1px solid var(--line);border-radius:.3rem;overflow-x:auto;line-height:1.35}
pre.snippet .ln{color:var(--muted);user-select:none}
pre.snippet mark{background:var(--mark);color:inherit;border-radius:.15em}
pre.snippet .caret{color:var(--fail);font-weight:700}
.none{color:var(--pass);font-weight:600}
.scroll{overflow-x:auto}
table.modules{border-collapse:collapse;width:100%;font-size:.92rem}
table.modules caption{text-align:left;color:var(--muted);padding:.3rem 0}
table.modules th,table.modules td{border:1px solid var(--line);padding:.3rem .55rem;text-align:left;vertical-align:top}
table.modules thead th{background:var(--panel);position:sticky;top:0}
table.modules tbody th{font-weight:600}
table.modules tr.off{color:var(--off)}
table.modules tr.off th::after{content:\" (off)\";font-weight:400}
.result.error{color:var(--fail);font-weight:700}
.result.warning{color:var(--warn);font-weight:700}
.result.ok{color:var(--pass)}
figure.graph{margin:.5rem 0}
figure.graph svg{max-width:100%;height:auto;border:1px solid var(--line);border-radius:.4rem}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.3rem}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media print{
body{max-width:none;font-size:11pt;padding:0}
.banner,.finding,pre.snippet,table.modules thead th{background:none !important}
.scroll{overflow:visible}
section.profile{break-before:page}
section.profile:first-of-type{break-before:auto}
figure.graph{break-inside:avoid}
table.modules thead th{position:static}
a{color:inherit;text-decoration:none}
}
";

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::inputs::Inputs;
    use crate::profile::Date;

    fn render(run: &CheckRun) -> String {
        super::render(run, Options::default())
    }

    pub(super) fn run_of(paths: &[&str]) -> CheckRun {
        let today = Date::parse("2026-02-01").unwrap_or_else(|| unreachable!());
        let inputs = Inputs::none(today);
        let root = env!("CARGO_MANIFEST_DIR");
        CheckRun {
            profiles: paths
                .iter()
                .map(|p| {
                    let text = std::fs::read_to_string(format!("{root}/{p}")).unwrap_or_default();
                    crate::check_source(Source::new(*p, text), &inputs)
                })
                .collect(),
            strict: false,
        }
    }

    #[test]
    fn a_passing_profile_shows_its_verdict_table_and_graph() {
        let html = render(&run_of(&["profiles/prod.yaml"]));
        assert!(html.contains("<span class=\"verdict\" id=\"verdict\">PASS</span>"));
        assert!(html.contains("<th scope=\"row\">Webinar Chat</th>"));
        assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pcg\""));
        assert!(html.contains("id=\"g0-arrow\""));
        assert!(html.contains("None: every rule that ran passed."));
        for forbidden in ["<script", "<link", "<img", "@import", "url(http", "src="] {
            assert!(!html.contains(forbidden), "{forbidden}");
        }
    }

    #[test]
    fn a_failing_profile_shows_each_finding_with_its_source() {
        let html = render(&run_of(&["examples/drifted.yaml"]));
        assert!(html.contains(">FAIL</span>"));
        assert_eq!(html.matches("<article class=\"finding error\">").count(), 3);
        assert!(html.contains("<span class=\"ln\">40</span>     active: <mark>true</mark>\n"));
        assert!(
            html.contains(
                "<p class=\"help\"><strong>Help:</strong> set <code>active: false</code>"
            )
        );
        assert_eq!(prose("a `<b>` c `d"), "a `&lt;b&gt;` c `d");
        assert_eq!(prose("a `<b>` c"), "a <code>&lt;b&gt;</code> c");
    }

    #[test]
    fn values_from_the_input_are_escaped() {
        let html = render(&run_of(&["tests/profiles/control-chars-in-values.yaml"]));
        assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}') && !html.contains('\u{7}'));
        assert!(html.contains("Core \\u{1b}[31mred"));
        let mut hostile = run_of(&["profiles/prod.yaml"]);
        if let Some(Some(checked)) = hostile.profiles.first_mut().map(|p| &mut p.checked)
            && let Some(m) = checked.profile.modules.first_mut()
        {
            m.name.value = "</th><script>alert(1)</script><img src=x onerror=alert(2)>".to_owned();
        }
        let html = render(&hostile);
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "markup from input"
        );
        assert!(html.contains("&lt;/th&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    /// The facts a sign-off rests on: the tool's version, when the page was written, the
    /// commit and how the profile compares with it, and the resolved baseline; each
    /// escaped.
    #[test]
    fn the_page_names_its_version_time_commit_and_baseline() {
        use crate::load::git::{Checkout, Revision};
        let mut run = run_of(&["profiles/prod.yaml"]);
        let options = Options {
            generated: Some(super::super::Generated {
                seconds: 1_767_225_600,
                from_source_date_epoch: true,
            }),
            ..Options::default()
        };
        if let Some(profile) = run.profiles.first_mut() {
            profile.checkout = Some(Ok(Checkout {
                commit: "3f2a9c1".repeat(5) + "3f2a9",
                profile: AtHead::Modified,
            }));
            profile.held_against = vec![(InputKind::Baseline, "git:latest-tag".to_owned())];
            profile.baseline = Some(Revision {
                given: "git:latest-tag".to_owned(),
                tag: Some("v1.0.0<b>".to_owned()),
                commit: "ab".repeat(20),
            });
        }
        let html = super::render(&run, options);
        assert!(html.contains(&format!(
            "<dt>Tool</dt><dd>profile-check <span id=\"version\">{}</span></dd>",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(html.contains(
            "<dd id=\"generated\"><time datetime=\"2026-01-01T00:00:00Z\">2026-01-01 00:00:00 UTC</time> (<code>SOURCE_DATE_EPOCH</code>)</dd>"
        ));
        assert!(html.contains(
            "<dt>Commit</dt><dd><code class=\"commit\">3f2a9c13f2a9c13f2a9c13f2a9c13f2a9c13f2a9</code> (<strong>the profile has uncommitted changes</strong>"
        ));
        assert!(html.contains(&format!(
            "<dt>Baseline</dt><dd><code class=\"baseline\">v1.0.0&lt;b&gt; (abababa)</code> (<code>--baseline git:latest-tag</code>, commit <code>{}</code>)</dd>",
            "ab".repeat(20)
        )), "{html}");
        assert!(!html.contains("<b>"));
        if let Some(profile) = run.profiles.first_mut() {
            profile.checkout = Some(Err("`/x\u{1b}` is not inside a git repository".to_owned()));
        }
        let html = super::render(&run, Options::default());
        assert!(
            html.contains(
                "<dt>Commit</dt><dd>none: `/x\\u{1b}` is not inside a git repository</dd>"
            )
        );
        assert!(html.contains("<dd id=\"generated\">not recorded</dd>"));
    }

    #[test]
    fn an_input_error_is_shown_with_its_problems() {
        let html = render(&run_of(&["tests/profiles/input/wrong-values.yaml"]));
        assert!(html.contains(">CANNOT BE CHECKED</span>"));
        assert!(html.contains("<span class=\"sev\">input error</span>"));
        assert!(html.contains("<mark>"));
    }

    #[test]
    fn a_long_line_is_shown_around_the_value() {
        let line = format!("{}VALUE{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, start) = window(&line, 5000, 5);
        assert!(shown.chars().count() <= MAX_SNIPPET_CHARS + 2);
        assert_eq!(
            shown.chars().skip(start).take(5).collect::<String>(),
            "VALUE"
        );
    }
}
