//! `profile-check man`: the man page, from the command line's own definition (clap_mangen)
//! and the rule registry, with the exit codes.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::rules::RULES;

/// The man page, in roff.
pub fn render() -> String {
    let mut page = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut page);
    let text = String::from_utf8_lossy(&page);
    // The title line first, as man pages begin; clap_mangen puts string definitions before it.
    let (title, rest): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with(".TH "));
    let mut out = String::new();
    for line in title.iter().chain(rest.iter()) {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in [
        (
            "0",
            "Every profile passed (warnings allowed unless \\-\\-strict).",
        ),
        (
            "1",
            "The rules ran and found at least one error (or a warning under \\-\\-strict).",
        ),
        (
            "2",
            "Some input could not be checked: usage error, unreadable file, invalid YAML, a value of the wrong type or an unknown field, an input over the limits.",
        ),
    ] {
        out.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
    }
    out.push_str(".SH RULES\n");
    for rule in RULES {
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR ({}, runs: {})\n{}\n",
            escape(rule.name()),
            rule.severity.as_str(),
            escape(rule.needs.describe()),
            escape(rule.summary)
        ));
    }
    out.push_str(
        ".PP\n\\fBprofile\\-check explain\\fR \\fIRULE\\fR tells why a rule exists, what fails and how to fix it.\n",
    );
    out
}

/// Text safe for a roff line: backslashes and hyphens escaped, no line starting with a
/// control character.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
