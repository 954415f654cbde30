//! The command line (SPEC §2).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::inputs::InputKind;
use crate::profile::Date;
pub use crate::report::{Format, TableStyle};
use crate::rules::RULES;
pub use crate::schema::SchemaKind;

/// Pre-release gate for the Webinars PROD runtime profile.
///
/// Loads the YAML transcription of the runtime profile, enforces the canonical rules and
/// reports every finding at file:line:column. Exit codes: 0 every profile passed, 1 a rule
/// found an error (or a warning under --strict), 2 some input could not be checked.
#[derive(Debug, Parser)]
#[command(
    name = "profile-check",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; with none, `check`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `check`'s options, so that `profile-check profiles/prod.yaml` works.
    #[command(flatten)]
    pub check: CheckArgs,
    /// Options of every command, before or after its name.
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options that every command takes, before or after the command's name
/// (`profile-check --color never rules`, `profile-check rules --color never`).
#[derive(Debug, Args, Clone, Copy)]
pub struct GlobalArgs {
    /// Colour: `auto` only on a terminal and never under NO_COLOR; `always`/`never` win
    /// over NO_COLOR and CLICOLOR. Report files are never coloured.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = Color::Auto,
        value_name = "WHEN"
    )]
    pub color: Color,
    /// Text report: findings and the verdict only, no header and no table.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a profile-check.toml for the profiles and Markdown documents found here.
    Init,
    /// Check profiles against the rules (the default command).
    // Boxed: its options outweigh every other command's many times over.
    Check(Box<CheckArgs>),
    /// List every rule: id, severity, when it runs, summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explain one rule in full: why it exists, what fails, how to fix it.
    Explain {
        /// The rule id, e.g. `event-flow`.
        #[arg(value_parser = RuleName)]
        rule: String,
    },
    /// What changed between two profiles: modules, statuses, roles, contours, activation,
    /// events, marks, notes, header.
    Diff {
        /// The older profile: a file, or `git:REV` (`git:latest-tag`) for the profile's own
        /// path at a revision.
        old: String,
        /// The newer profile: a file or `git:REV`; without it, the profile of
        /// profile-check.toml (or `profiles/prod.yaml`).
        new: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Transcribe the Markdown profile into a format v1 YAML profile, on standard output.
    Import {
        /// The Markdown profile, e.g. `profiles/RUNTIME_PROFILE_PROD.md`.
        doc: String,
        /// Update this YAML profile from the document in place instead (names, roles,
        /// statuses, the header), keeping what the document does not hold: events,
        /// comments, order, layout.
        #[arg(long, value_name = "FILE")]
        update: Option<String>,
    },
    /// Print the JSON Schema of an input format (for editors) or of the JSON report.
    Schema {
        /// Which format.
        #[arg(value_enum, default_value_t = SchemaKind::Profile)]
        kind: SchemaKind,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff); with a COMMAND, that command's page.
    Man {
        /// A command, e.g. `diff` for profile-check-diff(1).
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
        /// Write every page (profile-check.1 and one per command) into DIR instead.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
    /// Draw the event flow: modules, which of them run, the events between them.
    Graph(GraphArgs),
    /// Run as a Language Server over standard input and output, for editors: the whole
    /// gate on the unsaved text of every open profile, document, manifest and
    /// profile-check.toml, the safe fixes as code actions, hover and go to definition on
    /// module and rule ids. Started by the editor, in the folder of profile-check.toml.
    Server {
        /// Accepted for the editors' clients that pass it: standard input and output are
        /// the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// Options of `graph`.
#[derive(Debug, Args, Clone)]
pub struct GraphArgs {
    /// The profile; `-` reads standard input. None given: `profiles/prod.yaml`.
    #[arg(value_name = "PROFILE")]
    pub profile: Option<String>,
    /// What the environment runs, read as `check --runtime` reads it: an activation
    /// manifest, Kubernetes manifests or a Compose file.
    #[arg(long, value_name = "PATH")]
    pub runtime: Option<String>,
    /// A Compose profile the release enables, as `check --compose-profile` reads it.
    #[arg(long = "compose-profile", value_name = "NAME", value_delimiter = ',')]
    pub compose_profiles: Vec<String>,
    /// The configuration to use instead of the profile-check.toml found from the current
    /// directory up to the git root (its inputs and `[runtime]`, as `check` reads them).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<String>,
    /// Read no profile-check.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Output format: Mermaid (for Markdown and pull requests), Graphviz DOT, or an SVG
    /// picture drawn by profile-check itself.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

/// Formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Mermaid `flowchart` text (GitHub renders it in a ```mermaid block).
    Mermaid,
    /// Graphviz DOT text.
    Dot,
    /// An SVG picture.
    Svg,
}

/// Options of `check`.
#[derive(Debug, Args, Clone, Default)]
pub struct CheckArgs {
    /// Profile files; `-` reads standard input. None given: every profile of
    /// profile-check.toml with its inputs, or without one `profiles/prod.yaml`. A named
    /// profile that profile-check.toml lists is held against its inputs there too.
    #[arg(value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// The configuration to use instead of the profile-check.toml found from the current
    /// directory up to the git root.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<String>,
    /// Read no profile-check.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Inputs every profile must have; the help, made from the list of inputs, names each.
    #[arg(long, value_name = "INPUTS", value_parser = parse_require, help = require_help())]
    pub require: Option<Require>,
    /// The inputs every profile is held against, one flag each (`--runtime`,
    /// `--baseline`, `--waivers`, `--doc`), made from the rows of `inputs!`.
    #[command(flatten)]
    pub inputs: InputFlags,
    /// A Compose profile the release enables, as `COMPOSE_PROFILES` would (`*`: all);
    /// repeatable or comma-separated.
    #[arg(long = "compose-profile", value_name = "NAME", value_delimiter = ',')]
    pub compose_profiles: Vec<String>,
    /// The date waivers are judged against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Report format. Default: the configuration's `[report] format`, else `text`.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a report in FORMAT to FILE (e.g. `sarif=results.sarif`); repeatable. It
    /// replaces the file the configuration's `[report.files]` gives that format.
    #[arg(
        long = "report",
        value_name = "FORMAT=FILE",
        value_parser = ReportTargetParser,
        hide_possible_values = true
    )]
    pub reports: Vec<ReportTarget>,
    /// The text report's module table: `full`, `condensed` (id, status, activation,
    /// result) or `none`. Default: the configuration's `[report] table`, else `full` fitted
    /// to a terminal and `condensed` within 100 columns on a pipe or in a file.
    #[arg(long, value_enum, value_name = "STYLE")]
    pub table: Option<TableStyle>,
    /// Warnings fail the gate too, and are reported as errors (the configuration's
    /// `strict = true` sets it for every run).
    #[arg(long)]
    pub strict: bool,
    /// Make the safe fixes in the profile files (`profile-check rules` marks the rules
    /// that have them), then check the fixed files: their verdict is the exit code.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff instead of making them; nothing is written.
    #[arg(long)]
    pub diff: bool,
}

/// The library's closed lists that the command line offers as values: their names and
/// help come from the library, so a new format or schema is one line there.
macro_rules! value_enum {
    ($($type:ty),+) => {$(
        impl ValueEnum for $type {
            fn value_variants<'a>() -> &'a [Self] {
                Self::ALL
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.name()).help(self.help()))
            }
        }
    )+};
}

value_enum!(Format, SchemaKind, TableStyle);

/// `--report FORMAT=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    /// The format of the extra report.
    pub format: Format,
    /// Where to write it.
    pub path: PathBuf,
}

/// Reads `--report FORMAT=FILE`; offers `FORMAT=` to shell completion.
#[derive(Debug, Clone, Copy)]
struct ReportTargetParser;

impl TypedValueParser for ReportTargetParser {
    type Value = ReportTarget;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<ReportTarget, clap::Error> {
        // The function's own errors, as clap reports a value parser's.
        let parse: fn(&str) -> Result<ReportTarget, String> = parse_report_target;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Format::ALL.iter().map(|f| {
            PossibleValue::new(format!("{}=", f.name())).help(f.help())
        })))
    }
}

/// Reads a rule id as written (`explain` says "did you mean" for an unknown one); offers
/// the rule ids to shell completion and `--help`.
#[derive(Debug, Clone, Copy)]
struct RuleName;

impl TypedValueParser for RuleName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            RULES
                .iter()
                .map(|r| PossibleValue::new(r.name()).help(r.summary)),
        ))
    }
}

fn parse_report_target(value: &str) -> Result<ReportTarget, String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err(format!(
            "expected FORMAT=FILE, e.g. `sarif=results.sarif`, found `{value}`"
        ));
    };
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        let hint = crate::suggest::nearest(format, names.iter().map(String::as_str))
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        format!(
            "unknown report format `{format}`{hint}; the formats are {}",
            names.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err(format!("`{value}` names no file after `=`"));
    }
    Ok(ReportTarget {
        format,
        path: PathBuf::from(path),
    })
}

/// Formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// A JSON array.
    Json,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--require`'s help, naming every input's word.
fn require_help() -> String {
    let words: Vec<String> = InputKind::INPUTS
        .iter()
        .map(|kind| format!("`{}`", kind.key()))
        .collect();
    format!(
        "Inputs every profile must have, e.g. `doc,baseline` ({}); a profile without one is not checked (exit 2). Replaces the configuration's `require`",
        words.join(", ")
    )
}

impl CheckArgs {
    /// The inputs named on the command line besides the profiles, in the order they are
    /// read.
    pub fn inputs(&self) -> impl Iterator<Item = (InputKind, &str)> {
        self.inputs
            .given
            .iter()
            .map(|(kind, path)| (*kind, path.as_str()))
    }
}

/// The flags that name the inputs a profile is held against: one per input kind, made
/// from its row of `inputs!` (its key as the flag, its value name, help and whether it is
/// repeatable), so that an input kind needs no line here.
#[derive(Debug, Clone, Default)]
pub struct InputFlags {
    /// What each flag gave, in the order the inputs are read ([`InputKind::READ`]), and
    /// for a repeatable flag in the order given.
    given: Vec<(InputKind, String)>,
}

impl clap::FromArgMatches for InputFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = Self::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        let mut given = Vec::new();
        for kind in InputKind::READ {
            let values = matches
                .try_get_many::<String>(kind.key())
                .map_err(|e| clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, e))?;
            given.extend(values.into_iter().flatten().map(|v| (kind, v.clone())));
        }
        self.given = given;
        Ok(())
    }
}

impl Args for InputFlags {
    fn augment_args(command: clap::Command) -> clap::Command {
        InputKind::READ.iter().fold(command, |command, kind| {
            let (help, value_name, repeatable) = kind.flag_help();
            command.arg(
                clap::Arg::new(kind.key())
                    .long(kind.key())
                    .value_name(value_name)
                    .help(help)
                    .value_parser(clap::builder::NonEmptyStringValueParser::new())
                    .action(if repeatable {
                        clap::ArgAction::Append
                    } else {
                        clap::ArgAction::Set
                    }),
            )
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// What `-q` does for each command but `check` (whose text report it shortens, as the
/// global option says): each command's help describes its own.
const QUIET: &[(&str, &str)] = &[
    (
        "init",
        "Print nothing once profile-check.toml is written; errors still go to standard error",
    ),
    (
        "rules",
        "No effect: the list of rules is all that is printed",
    ),
    (
        "explain",
        "No effect: the rule's explanation is all that is printed",
    ),
    ("diff", "No effect: the changes are all that is printed"),
    (
        "import",
        "No effect: the YAML transcription is all that is printed; errors go to standard error",
    ),
    (
        "schema",
        "No effect: the JSON Schema is all that is printed",
    ),
    (
        "completions",
        "No effect: the script is all that is printed",
    ),
    (
        "man",
        "No effect: the page (or, with --dir, the files written) is all that is printed",
    ),
    ("graph", "No effect: the graph is all that is printed"),
    (
        "server",
        "No effect: the server writes only the protocol's messages",
    ),
];

/// The command line: [`Cli`]'s, with each command's own help for `-q` (`QUIET`). Every
/// reader of the command line (parsing, completions, man pages) starts here.
pub fn command() -> clap::Command {
    QUIET.iter().fold(Cli::command(), |cli, (name, help)| {
        cli.mut_subcommand(*name, |command| {
            // An option of the command's own, under the global option's id: clap does not
            // propagate the global one over it, and hands its value up to it.
            command.arg(
                clap::Arg::new("quiet")
                    .short('q')
                    .long("quiet")
                    .action(clap::ArgAction::SetTrue)
                    .help(*help),
            )
        })
    })
}

impl Cli {
    /// Parses the process's arguments; global options may come before the command.
    pub fn parse_args() -> Self {
        let mut command = command();
        let args = global_options_after_command(std::env::args_os());
        let matches = command
            .try_get_matches_from_mut(args.clone())
            .unwrap_or_else(|e| exit_escaped(e, &args));
        <Self as clap::FromArgMatches>::from_arg_matches(&matches)
            .unwrap_or_else(|e| exit_escaped(e.format(&mut command), &args))
    }

    /// The colour choice in force, wherever on the line it was given.
    pub fn color(&self) -> Color {
        self.global.color
    }
}

/// Exits with clap's error. When an argument holds what the one escaping policy writes
/// otherwise (a line break, an ANSI escape, a bidirectional control, `##[`, bytes that are
/// not UTF-8), the error is the one of the same command line with every argument escaped:
/// clap quotes values as given, whole or in part, and `--today "$(…)"` with a line break
/// and `::error::…` in it would otherwise put a command in a CI log.
fn exit_escaped(error: clap::Error, args: &[OsString]) -> ! {
    let escaped: Vec<OsString> = args
        .iter()
        .map(|a| OsString::from(crate::escape::escape_controls(&a.to_string_lossy())))
        .collect();
    if escaped == args || !error.use_stderr() {
        error.exit()
    }
    let mut command = command();
    let again = command
        .try_get_matches_from_mut(escaped.clone())
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    match again {
        Err(e) if e.use_stderr() => e.format(&mut command).exit(),
        // Escaped, the line parses (or asks for help): say what is wrong with it as given.
        _ => {
            let shown: Vec<String> = args
                .iter()
                .zip(&escaped)
                .filter(|(a, e)| a != e)
                .map(|(_, e)| format!("'{}'", e.to_string_lossy()))
                .collect();
            let text = format!(
                "error: an argument holds a character that cannot be shown as it is (a control, bidirectional or separator character, `##[`, or bytes that are not UTF-8): {}\n",
                shown.join(", ")
            );
            // Nothing is left to say if standard error cannot be written.
            let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
            std::process::exit(error.exit_code())
        }
    }
}

/// `profile-check --color never rules` → `profile-check rules --color never`. The words
/// of `check` are accepted without the command's name, so clap reads any option before a
/// command as `check`'s and the command's name as a profile; the global options are moved
/// behind the command's name, where clap takes them as the command's own.
fn global_options_after_command(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    let mut first = 1;
    while let Some(arg) = args.get(first).and_then(|a| a.to_str()) {
        match arg {
            "--color" => first += 2,
            "-q" | "--quiet" => first += 1,
            a if a.starts_with("--color=") => first += 1,
            _ => break,
        }
    }
    let commands = command();
    let is_command = args
        .get(first)
        .and_then(|a| a.to_str())
        .is_some_and(|word| {
            commands
                .get_subcommands()
                .any(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word))
        });
    if first > 1 && is_command && first < args.len() {
        let command = args.remove(first);
        args.insert(1, command);
    }
    args
}

/// `--require doc,baseline`: the inputs every profile must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require(pub Vec<InputKind>);

fn parse_require(value: &str) -> Result<Require, String> {
    crate::config::parse_require(value).map(Require)
}

fn parse_date(value: &str) -> Result<Date, String> {
    Date::parse(value).ok_or_else(|| format!("expected a real date as YYYY-MM-DD, found `{value}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(args: &[&str]) -> Vec<String> {
        global_options_after_command(args.iter().map(OsString::from))
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn each_command_says_what_quiet_does() {
        let mut cli = command();
        cli.build();
        command().debug_assert();
        for sub in cli.get_subcommands().filter(|c| c.get_name() != "help") {
            let help = sub
                .get_arguments()
                .find(|a| a.get_id() == "quiet")
                .and_then(|a| a.get_help())
                .map(ToString::to_string)
                .unwrap_or_default();
            let checks = sub.get_name() == "check";
            assert_eq!(
                help.starts_with("Text report:"),
                checks,
                "{}: {help}",
                sub.get_name()
            );
        }
        for args in [
            &["pc", "init", "-q"][..],
            &["pc", "-q", "init"],
            &["pc", "-q"],
        ] {
            let args = global_options_after_command(args.iter().map(OsString::from));
            let parsed = command()
                .try_get_matches_from(args)
                .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
            assert!(parsed.is_ok_and(|cli| cli.global.quiet));
        }
    }

    #[test]
    fn every_input_has_its_flag_read_in_the_order_of_the_rows() {
        let mut cli = command();
        cli.build();
        let check = cli
            .get_subcommands()
            .find(|c| c.get_name() == "check")
            .cloned()
            .unwrap_or_default();
        for kind in InputKind::READ {
            let (help, value_name, repeatable) = kind.flag_help();
            let flag = check
                .get_arguments()
                .find(|a| a.get_long() == Some(kind.key()));
            assert_eq!(
                flag.map(|a| (
                    format!("--{}", kind.key()),
                    a.get_help().map(ToString::to_string),
                    a.get_value_names().map(<[_]>::to_vec),
                    matches!(a.get_action(), clap::ArgAction::Append),
                )),
                Some((
                    kind.flag().to_owned(),
                    Some(help.to_owned()),
                    Some(vec![clap::builder::Str::from(value_name)]),
                    repeatable,
                )),
                "{kind:?}"
            );
        }
        // Read in the order of the rows whatever the order given; a repeatable flag's
        // values in the order given; the top-level command takes them as `check` does.
        let parsed = command()
            .try_get_matches_from([
                "pc",
                "--doc",
                "d.md",
                "--runtime",
                "a.yaml",
                "--waivers",
                "w.yaml",
                "--runtime",
                "b.yaml",
                "--baseline",
                "git:v1",
                "p.yaml",
            ])
            .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
        let inputs: Vec<(InputKind, String)> = parsed
            .map(|cli| {
                cli.check
                    .inputs()
                    .map(|(kind, path)| (kind, path.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            inputs,
            [
                (InputKind::Runtime, "a.yaml".to_owned()),
                (InputKind::Runtime, "b.yaml".to_owned()),
                (InputKind::Baseline, "git:v1".to_owned()),
                (InputKind::Waivers, "w.yaml".to_owned()),
                (InputKind::Doc, "d.md".to_owned()),
            ]
        );
        let twice = command().try_get_matches_from(["pc", "--doc", "a", "--doc", "b"]);
        assert_eq!(
            twice.map_err(|e| e.kind()).err(),
            Some(clap::error::ErrorKind::ArgumentConflict)
        );
    }

    #[test]
    fn global_options_move_behind_the_command() {
        assert_eq!(
            moved(&["pc", "--color", "never", "-q", "rules"]),
            ["pc", "rules", "--color", "never", "-q"]
        );
        assert_eq!(
            moved(&["pc", "--color=never", "explain", "x"]),
            ["pc", "explain", "--color=never", "x"]
        );
        // A profile is not a command: nothing moves.
        assert_eq!(moved(&["pc", "-q", "prod.yaml"]), ["pc", "-q", "prod.yaml"]);
        assert_eq!(moved(&["pc", "--color"]), ["pc", "--color"]);
    }
}
