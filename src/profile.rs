//! The runtime profile as the rules see it: every value keeps the place it was read from.

use std::collections::HashMap;
use std::fmt;

use crate::source::Span;

/// A value and the place in the input it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the file.
    pub span: Span,
}

impl<T> Located<T> {
    /// Pairs `value` with `span`.
    pub const fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// The closed vocabularies of the format: each value has one spelling, and the list of
/// spellings is what an error message offers.
pub trait Keyword: Sized + Copy + 'static {
    /// Every value, in the order the format documents them.
    const ALL: &'static [Self];
    /// The spelling in YAML.
    fn as_str(self) -> &'static str;
    /// The value spelled `text`, if there is one.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == text)
    }
    /// The accepted spellings, for error messages: `` `a`, `b` or `c` ``.
    fn accepted() -> String {
        let spelled: Vec<String> = Self::ALL
            .iter()
            .map(|k| format!("`{}`", k.as_str()))
            .collect();
        match spelled.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }
}

macro_rules! keyword {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
        impl Keyword for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword! {
    /// What a module is for (the source table's "Role" column).
    Role {
        /// Canonical entities and hooks.
        Core = "core",
        /// What people see.
        Ui = "ui",
        /// Talks to other systems.
        Integration = "integration",
        /// Records and derives events.
        Analytics = "analytics",
        /// Development only: never in PROD.
        Dev = "dev",
    }
}

keyword! {
    /// A module's status in PROD (the source table's "Status in PROD" column).
    Status {
        /// Must run in PROD.
        Required = "required",
        /// May run in PROD.
        Optional = "optional",
        /// Must not run in PROD.
        Disabled = "disabled",
    }
}

keyword! {
    /// The two delivery contours of the Webinars platform.
    Contour {
        /// Live webinars: what PROD is.
        Live = "live",
        /// AutoWebinar: switched off in PROD.
        Auto = "auto",
    }
}

keyword! {
    /// Whether a contour is switched on.
    Switch {
        /// Switched on.
        Enabled = "enabled",
        /// Switched off.
        Disabled = "disabled",
    }
}

/// A calendar date, `YYYY-MM-DD`; only real dates can be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date `year-month-day`, if that day exists in the Gregorian calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    pub fn days(self) -> i64 {
        // Howard Hinnant's `days_from_civil`.
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if its year fits in four digits.
    pub fn from_days(days: i64) -> Option<Self> {
        // Howard Hinnant's `civil_from_days`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(
            u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Today, in UTC, from the system clock.
    pub fn today() -> Option<Self> {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Self::from_days(i64::try_from(secs / 86_400).ok()?)
    }

    /// `dddd-dd-dd`: written as a date, whether or not the day exists.
    pub fn has_shape(text: &str) -> bool {
        text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            })
    }

    /// Reads exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        if !Self::has_shape(text) {
            return None;
        }
        let year = text.get(0..4)?.parse().ok()?;
        let month = text.get(5..7)?.parse().ok()?;
        let day = text.get(8..10)?.parse().ok()?;
        Self::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The header of the Markdown source (`Status:`, `Owner:`, `Last updated:`).
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's process status, e.g. `PROCESS`.
    pub status: Located<String>,
    /// Who owns the document, e.g. `Architect`.
    pub owner: Located<String>,
    /// When the document last changed.
    pub last_updated: Located<Date>,
}

/// Which contours the profile switches on.
#[derive(Debug, Clone)]
pub struct Contours {
    /// The LIVE contour: PROD is LIVE, so it must be enabled.
    pub live: Located<Switch>,
    /// The AUTO contour: it must be disabled in PROD.
    pub auto: Located<Switch>,
}

/// One row of the source table.
#[derive(Debug, Clone)]
pub struct Module {
    /// The slug, e.g. `client-webinar-tracker-v2`.
    pub id: Located<String>,
    /// The display name, e.g. `Client Webinar Tracker v2`.
    pub name: Located<String>,
    /// What the module is for.
    pub role: Located<Role>,
    /// Whether PROD requires, allows or forbids it.
    pub status: Located<Status>,
    /// The contour it belongs to, where the file says (LIVE when it does not).
    pub contour: Option<Located<Contour>>,
    /// Events it emits.
    pub emits: Vec<Located<String>>,
    /// Events it consumes.
    pub consumes: Vec<Located<String>>,
    /// The environment's switch, where the file states it.
    pub active: Option<Located<bool>>,
    /// The source table's notes, verbatim.
    pub notes: Option<Located<String>>,
}

impl Module {
    /// The contour the module runs in: LIVE unless it says otherwise.
    pub fn contour(&self) -> Contour {
        self.contour.as_ref().map_or(Contour::Live, |c| c.value)
    }
}

/// A runtime profile, format v1.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The profile's name, e.g. `PROD`.
    pub profile: Located<String>,
    /// The product, e.g. `Webinars MVP v1++`.
    pub product: Located<String>,
    /// The Markdown source's header.
    pub document: Document,
    /// Which contours are on.
    pub contours: Contours,
    /// The module table, in file order.
    pub modules: Vec<Module>,
    /// Ids from the source's "Dev-only" section.
    pub dev_only: Vec<Located<String>>,
    /// Ids from the source's "Analytics-only" section.
    pub analytics_only: Vec<Located<String>>,
    /// Where the lists themselves start, for findings about something missing from them.
    pub lists: ListSpans,
    /// Module position by id, for lookups that stay linear on large profiles.
    pub index: HashMap<String, usize>,
}

/// Where the profile's lists start.
#[derive(Debug, Clone, Copy)]
pub struct ListSpans {
    /// The `modules` value.
    pub modules: Span,
    /// The `dev_only` value.
    pub dev_only: Span,
    /// The `analytics_only` value.
    pub analytics_only: Span,
}

impl Profile {
    /// The module with id `id`.
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.get(*self.index.get(id)?)
    }

    /// How many modules have status `status`.
    pub fn count(&self, status: Status) -> usize {
        self.modules
            .iter()
            .filter(|m| m.status.value == status)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(Date::parse("2026-01-28").is_some());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-28").is_none());
        assert!(Date::parse("２０２６-01-28").is_none());
        assert_eq!(
            Date::parse("2026-01-28").map(|d| d.to_string()),
            Some("2026-01-28".to_owned())
        );
    }

    #[test]
    fn days_round_trip() {
        let epoch = Date::parse("1970-01-01");
        assert_eq!(epoch.map(Date::days), Some(0));
        for text in [
            "2026-01-28",
            "2024-02-29",
            "2000-03-01",
            "1969-12-31",
            "9999-12-31",
        ] {
            let date = Date::parse(text);
            assert_eq!(date.and_then(|d| Date::from_days(d.days())), date, "{text}");
        }
        let (a, b) = (Date::parse("2026-01-28"), Date::parse("2026-07-27"));
        assert_eq!(a.zip(b).map(|(a, b)| b.days() - a.days()), Some(180));
    }

    #[test]
    fn keywords_list_their_spellings() {
        assert_eq!(Status::accepted(), "`required`, `optional` or `disabled`");
        assert_eq!(Role::parse("analytics"), Some(Role::Analytics));
        assert_eq!(Role::parse("backend"), None);
    }
}
