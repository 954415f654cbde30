//! Reports: one [`CheckRun`] rendered in the format asked for.

pub mod catalogue;
mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod snippet;
pub(crate) mod text;

use crate::CheckRun;
use crate::cli::Format;

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
/// be read.
pub fn input_errors(run: &CheckRun) -> String {
    let mut out = String::new();
    for profile in &run.profiles {
        if let Err(error) = &profile.outcome {
            for problem in &error.problems {
                out.push_str(&snippet::render(&snippet::Diagnostic {
                    source: profile.source.as_ref(),
                    path: &error.path,
                    severity: crate::finding::Severity::Error,
                    rule: None,
                    message: &problem.message,
                    span: problem.span,
                    help: problem.help.as_deref(),
                }));
                out.push('\n');
            }
        }
    }
    out
}
