//! Waivers (SPEC §4a): accepted, expiring exceptions to a rule.

use crate::profile::{Date, Located};
use crate::rules::RuleId;
use crate::source::Span;

/// How far ahead a waiver may expire: a waiver is a decision to revisit, not a rule change.
pub const MAX_WAIVER_DAYS: i64 = 180;

/// One accepted exception.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// The rule it waives.
    pub rule: Located<RuleId>,
    /// Only this module's findings, when given.
    pub module: Option<Located<String>>,
    /// Why the release ships with the violation.
    pub reason: Located<String>,
    /// Who decided.
    pub owner: Located<String>,
    /// The last day the waiver holds.
    pub expires: Located<Date>,
    /// Where the waiver's entry starts.
    pub span: Span,
}

impl Waiver {
    /// Holds on `today` (the expiry day included).
    pub fn is_live(&self, today: Date) -> bool {
        self.expires.value >= today
    }

    /// `event-flow` or `event-flow` for `module`, for messages.
    pub fn describe(&self) -> String {
        match &self.module {
            Some(m) => format!("`{}` for `{}`", self.rule.value.as_str(), m.value),
            None => format!("`{}`", self.rule.value.as_str()),
        }
    }
}
