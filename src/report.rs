//! Reports: one [`CheckRun`] rendered in the format asked for.

pub mod catalogue;
pub mod changes;
mod github;
mod json;
mod junit;
pub mod manual;
mod markdown;
mod sarif;
mod snippet;
pub(crate) mod text;

use crate::CheckRun;
use crate::cli::Format;
use crate::source::Source;

/// The report of `run` in `format`; `quiet` leaves the header and table out of `text`.
pub fn render(run: &CheckRun, format: Format, quiet: bool) -> String {
    match format {
        Format::Text => text::render(run, quiet),
        Format::Json => json::render(run),
        Format::Sarif => sarif::render(run),
        Format::Junit => junit::render(run),
        Format::Github => github::render(run),
        Format::Markdown => markdown::render(run),
    }
}

/// Every input error of the run, for standard error, with a snippet where the file could
/// be read. An input shared by all profiles (a manifest, a waivers file) is reported once.
pub fn input_errors(run: &CheckRun) -> String {
    let mut out = String::new();
    let mut seen: Vec<&crate::error::InputError> = Vec::new();
    for profile in &run.profiles {
        if let Err(error) = &profile.outcome {
            if seen.contains(&error) {
                continue;
            }
            seen.push(error);
            out.push_str(&input_error(error, profile.source.as_ref()));
        }
    }
    out
}

/// One input error, every problem with a snippet where `source` is the file's text.
pub fn input_error(error: &crate::error::InputError, source: Option<&Source>) -> String {
    let mut out = String::new();
    for problem in &error.problems {
        out.push_str(&snippet::render(&snippet::Diagnostic {
            source,
            path: &error.path,
            severity: crate::finding::Severity::Error,
            waived: false,
            rule: None,
            message: &problem.message,
            span: problem.span,
            help: problem.help.as_deref(),
        }));
        out.push('\n');
    }
    out
}

/// The message of an input error for a one-line field (JSON, SARIF, JUnit): every problem,
/// each after the first with its place; prefixed by the file when it is not the profile.
pub fn input_error_message(profile_path: &str, error: &crate::error::InputError) -> String {
    let text = error
        .problems
        .iter()
        .enumerate()
        .map(|(i, p)| match p.span {
            Some(s) if i > 0 => format!("{}:{}: {}", s.line, s.column, p.message),
            _ => p.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    if error.path == profile_path {
        text
    } else {
        format!("{}: {text}", error.path)
    }
}

/// What to say of a waived finding: the waiver's expiry, owner and reason.
pub fn waived_note(waiver: &crate::waiver::Waiver) -> String {
    format!(
        "waived until {} by {}: {}",
        waiver.expires.value,
        crate::source::escape_controls(&waiver.owner.value),
        crate::source::escape_controls(&waiver.reason.value)
    )
}
