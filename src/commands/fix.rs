//! `check --fix` and `check --diff`: the safe fixes of [`crate::fix`] planned for every
//! profile of the check, then written (each file replaced atomically, its permissions
//! kept) or printed as a unified diff. The check that follows a `--fix` reads the fixed
//! files: its verdict is the one printed and the exit code.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Output;
use super::check::{Planned, load_inputs};
use crate::check::{CheckRun, check_source};
use crate::cli::CheckArgs;
use crate::escape::escape_controls;
use crate::exit::{EXIT_INPUT, EXIT_PASS};
use crate::fix::{self, Note};
use crate::load;
use crate::profile::Date;
use crate::report;
use crate::source::Source;

/// What the fixing step leaves to `check`.
pub enum Step {
    /// The run is over: a `--diff`, or a refusal (nothing written).
    Done(Output),
    /// Files were fixed (or nothing needed it): what was done, for standard error, and the
    /// check goes on, reading the fixed files.
    Fixed(String),
}

/// Passes of planning: a fix may uncover another (never in practice); a second `--fix`
/// must find nothing left to do.
const MAX_PASSES: usize = 4;

const BOM: &str = "\u{feff}";

/// Plans and makes (or, under `--diff`, prints) the fixes of every profile of `planned`.
pub fn run(args: &CheckArgs, planned: &Planned, today: Date) -> Step {
    let flag = if args.diff { "--diff" } else { "--fix" };
    let root = root(planned);
    for plan in &planned.plans {
        if let Err(why) = fixable_path(&plan.path, root.as_deref()) {
            return Step::Done(Output::stderr(
                format!(
                    "error: {flag} cannot fix `{}`: {why}; nothing was checked or written\n",
                    escape_controls(&plan.path)
                ),
                EXIT_INPUT,
            ));
        }
    }
    let mut notes = String::new();
    let mut diffs = String::new();
    let mut code = EXIT_PASS;
    for plan in &planned.plans {
        // A profile whose inputs cannot be read is not fixed: after `--fix` the check says
        // why; `--diff` checks nothing more, so it says why here.
        if let Some(error) = plan.missing() {
            code = code.max(EXIT_INPUT);
            if args.diff {
                notes.push_str(&report::input_error(&error, None));
            }
            continue;
        }
        let inputs = match load_inputs(plan, today, &planned.runtime, &planned.git) {
            Ok(inputs) => inputs,
            Err(unloaded) => {
                code = code.max(EXIT_INPUT);
                if args.diff {
                    let (error, source) = &*unloaded;
                    notes.push_str(&report::input_error(error, source.as_deref()));
                }
                continue;
            }
        };
        let Some((bom, original)) = original_text(&plan.path) else {
            code = code.max(EXIT_INPUT);
            if args.diff
                && let Err(error) = load::read(&plan.path)
            {
                notes.push_str(&report::input_error(&error, None));
            }
            continue;
        };
        let mut text = original.clone();
        let mut fixed: Vec<Note> = Vec::new();
        let mut unfixed: Vec<Note> = Vec::new();
        // The edits of the first pass, for the diff (the usual case: one pass fixes all).
        let mut first_edits = Vec::new();
        let mut passes = 0;
        for pass in 0..MAX_PASSES {
            let Ok(planned) = fix::plan(&Source::new(plan.path.as_str(), text.as_str()), &inputs)
            else {
                break;
            };
            if pass == 0 {
                unfixed = planned.unfixed.clone();
            }
            if planned.edits.is_empty() {
                break;
            }
            text = planned.apply(&text);
            passes += 1;
            if pass == 0 {
                first_edits.clone_from(&planned.edits);
            }
            fixed.extend(planned.fixed);
        }
        let shown = escape_controls(&plan.path);
        let done = if args.diff { "would fix" } else { "fixed" };
        for note in &fixed {
            let _ = writeln!(
                notes,
                "{done}: {shown}:{}: {}: {}",
                note.line,
                note.rule.as_str(),
                escape_controls(&note.what)
            );
        }
        for note in &unfixed {
            let _ = writeln!(
                notes,
                "not fixed: {shown}:{}: {}: {}",
                note.line,
                note.rule.as_str(),
                escape_controls(&note.what)
            );
        }
        if text == original {
            if args.diff {
                let run = check_source(Source::new(plan.path.as_str(), text.as_str()), &inputs);
                code = code.max(run.verdict(args.strict).code());
                notes.push_str(&report::input_problems(&CheckRun::new(
                    vec![run],
                    args.strict,
                )));
            }
            continue;
        }
        if args.diff {
            let edits = if passes == 1 {
                first_edits
            } else {
                diff_edits(&original, &text)
            };
            diffs.push_str(&fix::unified(&plan.path, &original, &edits));
            let run = check_source(Source::new(plan.path.as_str(), text.as_str()), &inputs);
            code = code.max(run.verdict(args.strict).code());
            notes.push_str(&report::input_problems(&CheckRun::new(
                vec![run],
                args.strict,
            )));
            continue;
        }
        if let Err(e) = write_atomically(Path::new(&plan.path), &format!("{bom}{text}")) {
            return Step::Done(Output::stderr(
                format!(
                    "{notes}error: cannot write the fixed `{shown}`: {e}; the file is unchanged\n"
                ),
                EXIT_INPUT,
            ));
        }
    }
    if args.diff {
        let _ = writeln!(
            notes,
            "{flag}: nothing was written; the exit code is the verdict of the fixed profiles"
        );
        // A patch is printed byte for byte: a profile line that reads as a workflow command
        // is paused for the runner, never rewritten.
        let under_actions = std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true");
        return Step::Done(Output {
            stdout: crate::escape::inert_for_the_runner(diffs, under_actions),
            stderr: notes,
            code,
        });
    }
    Step::Fixed(notes)
}

/// `import DOC --update YAML`: the YAML's values that the document holds (a module's name,
/// role and status, the header) set to the document's, in place; what the document does
/// not hold (events, comments, order) kept. Differences no edit can make (a module on one
/// side only, the contours, the marks) are listed for a person: exit 1.
pub fn update_from_doc(doc: &str, yaml: &str) -> Output {
    let refuse =
        |why: String| Output::stderr(format!("error: {why}; nothing was written\n"), EXIT_INPUT);
    let root = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .map(|cwd| {
            cwd.ancestors()
                .find(|d| d.join(".git").exists())
                .unwrap_or(&cwd)
                .to_path_buf()
        });
    if let Err(why) = fixable_path(yaml, root.as_deref()) {
        return refuse(format!(
            "--update cannot update `{}`: {why}",
            escape_controls(yaml)
        ));
    }
    let Some(today) = Date::today() else {
        return refuse("the system clock gives no date".to_owned());
    };
    let mut inputs = crate::inputs::Inputs::none(today);
    let read = load::read_input(doc, &load::DOC_FILE).and_then(|source| {
        let source = std::sync::Arc::new(source);
        inputs.read(
            crate::inputs::InputKind::Doc,
            std::sync::Arc::clone(&source),
        )
    });
    if let Err(e) = read {
        return Output::stderr(crate::report::input_error(&e, None), EXIT_INPUT);
    }
    let Some((bom, original)) = original_text(yaml) else {
        return refuse(format!(
            "cannot read `{}` as the UTF-8 text it is",
            escape_controls(yaml)
        ));
    };
    let mut text = original.clone();
    let mut notes = String::new();
    let shown = escape_controls(yaml);
    for _ in 0..MAX_PASSES {
        let source = Source::new(yaml, text.as_str());
        let plan = match fix::plan_of(&source, &inputs, Some(crate::rules::RuleId::DocSync)) {
            Ok(plan) => plan,
            Err(e) => {
                return Output::stderr(crate::report::input_error(&e, Some(&source)), EXIT_INPUT);
            }
        };
        if plan.edits.is_empty() {
            break;
        }
        text = plan.apply(&text);
        for note in &plan.fixed {
            let _ = writeln!(
                notes,
                "updated: {shown}:{}: {}",
                note.line,
                escape_controls(&note.what)
            );
        }
    }
    if text != original
        && let Err(e) = write_atomically(Path::new(yaml), &format!("{bom}{text}"))
    {
        return refuse(format!("cannot write `{shown}`: {e}"));
    }
    // What is left: the document's differences no edit makes.
    let run = check_source(Source::new(yaml, text.as_str()), &inputs);
    let left: Vec<&crate::diagnostic::Diagnostic> = run
        .diagnostics
        .iter()
        .filter(|d| d.rule == Some(crate::rules::RuleId::DocSync))
        .collect();
    for d in &left {
        let line = d.span.map_or(0, |s| s.line);
        let _ = writeln!(notes, "left for a person: {shown}:{line}: {}", d.text());
    }
    let code = if left.is_empty() {
        EXIT_PASS
    } else {
        crate::exit::EXIT_FAIL
    };
    Output {
        stdout: String::new(),
        stderr: notes,
        code,
    }
}

/// One edit from `old` to `new`: their common head and tail kept, the middle replaced; the
/// diff renderer splits it into hunks by line.
fn diff_edits(old: &str, new: &str) -> Vec<fix::Edit> {
    let head = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let tail = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take_while(|(a, b)| a == b)
        .count()
        .min(old.len().min(new.len()) - head);
    // Whole characters, whole edits: back to char boundaries.
    let mut head = head;
    while !old.is_char_boundary(head) || !new.is_char_boundary(head) {
        head -= 1;
    }
    let mut old_end = old.len() - tail;
    let mut new_end = new.len() - tail;
    while !old.is_char_boundary(old_end) || !new.is_char_boundary(new_end) {
        old_end += 1;
        new_end += 1;
    }
    vec![fix::Edit {
        start: head,
        end: old_end,
        text: new.get(head..new_end).unwrap_or_default().to_owned(),
    }]
}

/// The file's text exactly as it is on disk, with its byte-order mark apart: `None` when
/// it is not the text the check reads (not UTF-8, or unreadable), which no fix may write.
fn original_text(path: &str) -> Option<(&'static str, String)> {
    let source = load::read(path).ok()?;
    let raw = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    match raw.strip_prefix(BOM) {
        Some(rest) if rest == source.text => Some((BOM, source.text)),
        None if raw == source.text => Some(("", source.text)),
        _ => None,
    }
}

/// The directory no fix may write outside of: the repository of the configuration (the
/// directory holding `.git` above it, else its own directory), or without one the
/// repository of the current directory (else the current directory).
fn root(planned: &Planned) -> Option<PathBuf> {
    let start = match &planned.config {
        Some(config) => {
            let dir = Path::new(&config.name).parent().unwrap_or(Path::new(""));
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            dir.canonicalize().ok()?
        }
        None => std::env::current_dir().ok()?.canonicalize().ok()?,
    };
    let root = start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&start);
    Some(root.to_path_buf())
}

/// Refuses standard input, a symbolic link, anything but a regular file, and a file
/// outside `root`.
fn fixable_path(path: &str, root: Option<&Path>) -> Result<(), String> {
    if path == "-" {
        return Err(
            "standard input (`-`) has no file to write the fixes to; name the profile file instead"
                .to_owned(),
        );
    }
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("it is a symbolic link; fix the file it points to by its own path".to_owned());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    let canonical = Path::new(path)
        .canonicalize()
        .map_err(|e| format!("cannot resolve its path: {e}"))?;
    match root {
        Some(root) if canonical.starts_with(root) => Ok(()),
        Some(root) => Err(format!(
            "it lies outside the repository (or configuration) root `{}`",
            escape_controls(&root.display().to_string())
        )),
        None => Err("the repository root cannot be found".to_owned()),
    }
}

/// Replaces `path` with `text`: a temporary file in the same directory, with the file's
/// permissions, renamed over it, so that the file is never half written.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is no longer a regular file"));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map_or_else(
        || "profile".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let temporary = dir.join(format!(".{name}.{}.fix.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.set_permissions(meta.permissions())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
