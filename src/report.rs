//! Reports: one [`CheckRun`] rendered in the format asked for. Every format renders the
//! run's diagnostic stream ([`crate::diagnostic`]) and its verdicts; none re-derives them.

mod github;
mod gitlab;
mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
mod snippet;
mod text;

use crate::check::{CheckRun, ProfileRun};
use crate::error::InputError;
use crate::inputs::InputKind;
use crate::source::Source;
use serde::Serialize;

/// How a report is rendered, besides its format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Text: findings and the verdict only, no header and no table.
    pub quiet: bool,
    /// Text: the width of the terminal the report is shown on; `None` for a pipe or a
    /// file.
    pub width: Option<usize>,
    /// Text: the module table asked for; `None` for the default: [`TableStyle::Full`]
    /// fitted to a terminal, [`TableStyle::Condensed`] within [`PIPE_WIDTH`] elsewhere.
    pub table: Option<TableStyle>,
    /// HTML: when the report was written; `None` leaves the time out.
    pub generated: Option<Generated>,
}

/// When a report was written: `SOURCE_DATE_EPOCH` when it is set, so that a page made
/// twice from the same inputs is the same byte for byte, else the system clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    pub seconds: u64,
    /// Taken from `SOURCE_DATE_EPOCH`.
    pub from_source_date_epoch: bool,
}

/// The latest time a report names: 9999-12-31 23:59:59 UTC.
const MAX_SECONDS: u64 = 253_402_300_799;

impl Generated {
    /// The time of a report: `source_date_epoch` (the variable's value, if set) when it is
    /// set and not empty, else `now` (seconds since 1970, the system clock's). A value that
    /// is not a whole number of seconds from 0 to the end of year 9999 is an error, as the
    /// reproducible-builds specification of the variable asks: a page must not silently
    /// carry another time than the one asked for.
    pub fn new(source_date_epoch: Option<&str>, now: Option<u64>) -> Result<Option<Self>, String> {
        match source_date_epoch.filter(|v| !v.is_empty()) {
            Some(value) => match value.parse::<u64>() {
                Ok(seconds)
                    if value.bytes().all(|b| b.is_ascii_digit()) && seconds <= MAX_SECONDS =>
                {
                    Ok(Some(Self {
                        seconds,
                        from_source_date_epoch: true,
                    }))
                }
                _ => Err(format!(
                    "SOURCE_DATE_EPOCH is `{}`, not a whole number of seconds since 1970-01-01 \
                     (from 0 to {MAX_SECONDS})",
                    crate::escape::escape_controls(value)
                )),
            },
            None => Ok(now.filter(|s| *s <= MAX_SECONDS).map(|seconds| Self {
                seconds,
                from_source_date_epoch: false,
            })),
        }
    }

    /// `2026-02-01T09:30:00Z` (RFC 3339, UTC), for a `<time datetime>`.
    pub fn rfc3339(self) -> String {
        let (date, h, m, s) = self.parts();
        format!("{date}T{h:02}:{m:02}:{s:02}Z")
    }

    /// `2026-02-01 09:30:00 UTC`, for people.
    pub fn describe(self) -> String {
        let (date, h, m, s) = self.parts();
        format!("{date} {h:02}:{m:02}:{s:02} UTC")
    }

    fn parts(self) -> (String, u64, u64, u64) {
        let days = i64::try_from(self.seconds / 86_400).unwrap_or(0);
        let date = crate::profile::Date::from_days(days)
            .map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        let rest = self.seconds % 86_400;
        (date, rest / 3600, rest / 60 % 60, rest % 60)
    }
}

/// The width the text report's table fits on a pipe or in a file (a CI log): condensed,
/// it fits within this many columns.
pub const PIPE_WIDTH: usize = 100;

/// The text report's module table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStyle {
    /// Every column: module, id, role, status, activation, result.
    Full,
    /// Id, status, activation and result, the activation wrapped to fit.
    Condensed,
    /// No table.
    None,
}

/// `[report] table` in profile-check.toml, read by the one decoder.
impl crate::profile::Keyword for TableStyle {
    const ALL: &'static [Self] = TableStyle::ALL;

    fn as_str(self) -> &'static str {
        self.name()
    }
}

/// `[report] format` in profile-check.toml, read by the one decoder.
impl crate::profile::Keyword for Format {
    const ALL: &'static [Self] = Format::ALL;

    fn as_str(self) -> &'static str {
        self.name()
    }
}

impl TableStyle {
    /// Every style, in the order `--help` lists them.
    pub const ALL: &'static [Self] = &[Self::Full, Self::Condensed, Self::None];

    /// Its name on the command line and in profile-check.toml.
    pub fn name(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Condensed => "condensed",
            Self::None => "none",
        }
    }

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Self::Full => "Every column (module, id, role, status, activation, result).",
            Self::Condensed => "Id, status, activation and result, within 100 columns on a pipe.",
            Self::None => "No table: the header, the findings and the verdict.",
        }
    }
}

/// The report formats: each line names one, and its renderer, name, help and needs follow.
/// `[modules]` marks a format that reads each profile's module list (the event-flow
/// picture): a run that writes none of those sheds the lists as it goes.
macro_rules! formats {
    ($($variant:ident = $name:literal => $module:ident $([$needs:ident])?, $help:literal;)+) => {
        /// Report formats of `check`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Format {
            $(#[doc = $help] $variant,)+
        }

        impl Format {
            /// Every format, in the order `--help` lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// Its name on the command line.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// One line for `--help`.
            pub fn help(self) -> &'static str {
                match self {
                    $(Self::$variant => $help,)+
                }
            }

            /// Whether it reads each profile's module list, so that a run writing it keeps the
            /// lists instead of shedding them ([`ProfileRun::shed`](crate::check::ProfileRun::shed)).
            pub fn reads_modules(self) -> bool {
                match self {
                    $(Self::$variant => needs_modules!($($needs)?),)+
                }
            }

            fn renderer(self) -> fn(&CheckRun, Options) -> String {
                match self {
                    $(Self::$variant => $module::render,)+
                }
            }
        }
    };
}

/// A format's `[modules]` mark, or none.
macro_rules! needs_modules {
    () => {
        false
    };
    (modules) => {
        true
    };
}

formats! {
    Text = "text" => text, "For people: header, module table, findings with snippets, verdict.";
    Json = "json" => json, "One stable JSON document (`\"version\": 2`).";
    Sarif = "sarif" => sarif, "SARIF 2.1.0, for code scanning.";
    Junit = "junit" => junit, "JUnit XML, for test report tabs.";
    Github = "github" => github, "GitHub Actions workflow commands (annotations).";
    Gitlab = "gitlab" => gitlab, "GitLab Code Quality JSON, for `artifacts:reports:codequality`.";
    Markdown = "markdown" => markdown [modules], "A Markdown summary for a pull request or `$GITHUB_STEP_SUMMARY`.";
    Html = "html" => html [modules], "One self-contained HTML page: verdict, findings, modules, the event-flow graph.";
}

/// The report of `run` in `format`.
pub fn render(run: &CheckRun, format: Format, options: Options) -> String {
    (format.renderer())(run, options)
}

/// Every input problem of the run, for standard error, with a snippet where the file could
/// be read. An input shared by all profiles (a manifest, a waivers file) is reported once.
pub fn input_problems(run: &CheckRun) -> String {
    text::input_problems(run)
}

/// One input error (of `diff`, `import`), every problem with a snippet where `source` is
/// the file's text.
pub fn input_error(error: &InputError, source: Option<&Source>) -> String {
    text::input_error(error, source)
}

/// Every input problem of `run` in one line (JSON, JUnit): each after the first with its place; prefixed by the
/// file when it is not the profile.
fn problems_in_one_line(run: &ProfileRun) -> String {
    let mut path = None;
    let text = run
        .input_problems()
        .enumerate()
        .map(|(i, d)| {
            path.get_or_insert(d.path.as_str());
            match d.span {
                Some(s) if i > 0 => format!("{}:{}: {}", s.line, s.column, d.message),
                _ => d.message.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    match path {
        Some(path) if path != run.path => format!("{path}: {text}"),
        _ => text,
    }
}

/// What a profile was held against, as a JSON object of every input (`doc`, `baseline`,
/// `waivers`, `runtime`, in [`InputKind::INPUTS`] order), `null` where none was given: one
/// shape for the JSON report and the SARIF property bag, following the list of inputs.
struct HeldAgainst<'a>(&'a ProfileRun);

/// What a `git:` baseline resolved to, for the JSON report and the SARIF property bag:
/// `{"given": "git:latest-tag", "tag": "v1.2.0", "commit": "3f2a9c1…"}`.
#[derive(Serialize)]
struct ResolvedBaseline {
    given: String,
    tag: Option<String>,
    commit: String,
}

impl ResolvedBaseline {
    fn of(run: &ProfileRun) -> Option<Self> {
        let revision = run.baseline.as_ref()?;
        Some(Self {
            given: crate::escape::escape_controls(&revision.given),
            tag: revision.tag.as_deref().map(crate::escape::escape_controls),
            commit: revision.commit.clone(),
        })
    }
}

impl serde::Serialize for HeldAgainst<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(InputKind::INPUTS.len()))?;
        for kind in InputKind::INPUTS {
            map.serialize_entry(kind.key(), &self.0.held_against(kind))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_sets_the_time_and_a_malformed_one_is_refused() {
        let fixed = Generated::new(Some("1767225600"), Some(5));
        assert_eq!(
            fixed,
            Ok(Some(Generated {
                seconds: 1_767_225_600,
                from_source_date_epoch: true
            }))
        );
        let time = fixed.ok().flatten().unwrap_or_else(|| unreachable!());
        assert_eq!(time.rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(time.describe(), "2026-01-01 00:00:00 UTC");
        let late = Generated {
            seconds: 1_772_323_199,
            from_source_date_epoch: false,
        };
        assert_eq!(late.describe(), "2026-02-28 23:59:59 UTC");
        assert_eq!(
            Generated::new(None, Some(7)),
            Ok(Some(Generated {
                seconds: 7,
                from_source_date_epoch: false
            }))
        );
        assert_eq!(
            Generated::new(Some(""), Some(7)).map(|g| g.map(|g| g.from_source_date_epoch)),
            Ok(Some(false))
        );
        assert_eq!(Generated::new(None, None), Ok(None));
        assert_eq!(
            Generated::new(Some("253402300799"), None).map(|g| g.map(Generated::describe)),
            Ok(Some("9999-12-31 23:59:59 UTC".to_owned()))
        );
        for bad in ["x", "-1", "+1", " 1", "1.0", "253402300800", "1\u{1b}"] {
            let said = Generated::new(Some(bad), Some(7));
            assert!(said.is_err(), "{bad:?}");
            assert!(!said.unwrap_err().contains('\u{1b}'), "escaped");
        }
    }

    /// The formats that draw the event flow read the module list; the others let a run
    /// shed it as it goes.
    #[test]
    fn only_the_pictures_read_the_module_list() {
        let reading: Vec<&str> = Format::ALL
            .iter()
            .filter(|f| f.reads_modules())
            .map(|f| f.name())
            .collect();
        assert_eq!(reading, ["markdown", "html"]);
    }
}
