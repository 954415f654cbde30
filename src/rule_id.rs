//! The rule list and the ids it gives: each rule is named once, here. The list is
//! expanded twice: into [`RuleId`] (this file, the bottom layer, so that a finding and a
//! waiver can name a rule), and into the registry of the rules themselves (`rules.rs`:
//! each rule's module and entry). Rules run and are listed in this order.
//!
//! A line is `module => Variant = "id"`, then its marks: `[safe]` for a rule whose
//! findings `check --fix` can fix (what it does: `fix::describe`), `[unwaivable]` for a
//! rule no waiver may accept (the waiver rules' own).

/// Calls macro `$then` with the rule list.
macro_rules! rule_list {
    ($then:ident) => {
        $then! {
            live_contour_enabled => LiveContourEnabled = "live-contour-enabled",
            auto_contour_disabled => AutoContourDisabled = "auto-contour-disabled",
            no_dev_only => NoDevOnly = "no-dev-only",
            disabled_inactive => DisabledInactive = "disabled-inactive" [safe],
            required_active => RequiredActive = "required-active",
            marks_consistent => MarksConsistent = "marks-consistent" [safe],
            event_flow => EventFlow = "event-flow",
            unknown_module => UnknownModule = "unknown-module",
            unmapped_workload => UnmappedWorkload = "unmapped-workload",
            profile_updated => ProfileUpdated = "profile-updated" [safe],
            doc_sync => DocSync = "doc-sync" [safe],
            waiver_expired => WaiverExpired = "waiver-expired" [unwaivable],
            waiver_unused => WaiverUnused = "waiver-unused" [unwaivable],
        }
    };
}
pub(crate) use rule_list;

/// The ids, names and marks of the rules of the list.
macro_rules! ids {
    ($($module:ident => $variant:ident = $name:literal $([$mark:ident])*,)+) => {
        /// The stable id of a rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $(#[doc = concat!("`", $name, "`")] $variant,)+
        }

        impl RuleId {
            /// Every rule's id, in the list's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The kebab-case id, e.g. `event-flow`, stable across releases.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// The marks written after the rule's id in the list.
            const fn marks(self) -> &'static [&'static str] {
                match self {
                    $(Self::$variant => &[$(stringify!($mark)),*],)+
                }
            }
        }
    };
}

rule_list!(ids);

impl RuleId {
    /// The rule called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|id| id.as_str() == name)
    }

    /// Whether `check --fix` fixes some of the rule's findings (`[safe]`).
    pub fn fix(self) -> Fix {
        if self.marks().contains(&"safe") {
            Fix::Safe
        } else {
            Fix::None
        }
    }

    /// Whether a waiver may accept its findings (not `[unwaivable]`).
    pub fn waivable(self) -> bool {
        !self.marks().contains(&"unwaivable")
    }
}

/// Whether `check --fix` can fix a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// No finding of the rule is fixed automatically.
    None,
    /// Some findings have a safe fix (the rule's documentation says which).
    Safe,
}

impl Fix {
    /// `safe` or `none`, for `rules` and `explain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Safe => "safe",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_from_the_list() {
        assert_eq!(RuleId::DisabledInactive.fix(), Fix::Safe);
        assert_eq!(RuleId::EventFlow.fix(), Fix::None);
        assert!(RuleId::EventFlow.waivable());
        assert!(!RuleId::WaiverExpired.waivable());
        assert!(!RuleId::WaiverUnused.waivable());
        assert_eq!(RuleId::parse("doc-sync"), Some(RuleId::DocSync));
        assert_eq!(RuleId::parse("doc_sync"), None);
        let unknown: Vec<&str> = RuleId::ALL
            .iter()
            .flat_map(|id| id.marks())
            .copied()
            .filter(|m| !["safe", "unwaivable"].contains(m))
            .collect();
        assert!(unknown.is_empty(), "marks the code reads: {unknown:?}");
    }
}
