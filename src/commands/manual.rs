//! `profile-check man [COMMAND]`: the man pages, from the command line's own definition
//! (clap_mangen) and the rule registry: `profile-check(1)` with the exit codes and the
//! rules, and one page per command (`profile-check-diff(1)`), which the first one names.

use std::path::Path;

use super::Output;
use crate::escape::escape_controls;
use crate::exit::EXIT_INPUT;
use crate::rules::RULES;
use crate::suggest::did_you_mean;

/// The page of `command` (the main page for none) on standard output, or every page
/// written into `dir`.
pub fn run(command: Option<&str>, dir: Option<&Path>) -> Output {
    if let Some(dir) = dir {
        return write_all(dir);
    }
    match command {
        None => Output::stdout(render()),
        Some(name) => match command_page(name) {
            Some(page) => Output::stdout(page),
            None => Output::stderr(
                format!(
                    "error: no command `{}`{} (`profile-check --help` lists them)\n",
                    escape_controls(name),
                    did_you_mean(name, command_names().iter().map(String::as_str))
                ),
                EXIT_INPUT,
            ),
        },
    }
}

/// The command line, built: each command knows its full name (`profile-check-diff`) and
/// the global options.
fn built() -> clap::Command {
    let mut cli = crate::cli::command().disable_help_subcommand(true);
    cli.build();
    cli
}

fn command_names() -> Vec<String> {
    built()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// The page of one command.
fn command_page(name: &str) -> Option<String> {
    let command = built().find_subcommand(name)?.clone();
    Some(roff(command))
}

fn roff(command: clap::Command) -> String {
    let mut page = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(command).render(&mut page);
    let text = String::from_utf8_lossy(&page);
    // The title line first, as man pages begin; clap_mangen puts string definitions before it.
    let (title, rest): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with(".TH "));
    let mut out = String::new();
    for line in title.iter().chain(rest.iter()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every page into `dir`, one file each (`profile-check.1`, `profile-check-diff.1`, …).
fn write_all(dir: &Path) -> Output {
    let mut pages = vec![("profile-check.1".to_owned(), render())];
    for name in command_names() {
        if let Some(page) = command_page(&name) {
            pages.push((format!("profile-check-{name}.1"), page));
        }
    }
    let mut written = String::new();
    for (file, page) in pages {
        let path = dir.join(&file);
        if let Err(e) = std::fs::write(&path, page) {
            return Output::stderr(
                format!("error: cannot write `{}`: {e}\n", path.display()),
                EXIT_INPUT,
            );
        }
        written.push_str(&format!("{}\n", path.display()));
    }
    Output::stdout(written)
}

/// The main page, in roff.
pub fn render() -> String {
    let mut out = roff(built());
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
        ".PP\n\\fBprofile\\-check explain\\fR \\fIRULE\\fR tells why a rule exists, what fails and how to fix it. \\fBprofile\\-check man\\fR \\fICOMMAND\\fR prints the page of one command.\n",
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
