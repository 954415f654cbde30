//! `--waivers` (SPEC §4a): accepted, expiring exceptions to a rule; located tree →
//! [`Waiver`]s.

use super::decode::{Decoder, document};
use super::tree::Node;
use crate::error::Problem;
use crate::profile::{Date, Located};
use crate::rule_id::RuleId;
use crate::source::Span;
use crate::suggest::nearest;

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

pub(crate) const TOP: &[&str] = &["waivers"];
pub(crate) const WAIVER: &[&str] = &["rule", "module", "reason", "owner", "expires"];
pub(crate) const REQUIRED: &[&str] = &["rule", "reason", "owner", "expires"];

/// Reads the waivers from their located tree, judging expiry against `today`.
pub fn decode(root: &Node, today: Date) -> Result<Vec<Waiver>, Vec<Problem>> {
    document(
        root,
        "a waivers file is a mapping with a `waivers` list",
        |d, root| read(d, root, today),
    )
}

fn read(d: &mut Decoder, root: &Node, today: Date) -> Option<Vec<Waiver>> {
    let top = d.mapping(root, "the waivers file", TOP, TOP)?;
    let items = d.list(top.get("waivers")?, "`waivers`")?;
    let before = d.problems.len();
    let waivers: Vec<Waiver> = items
        .iter()
        .filter_map(|item| read_waiver(d, item, today))
        .collect();
    (d.problems.len() == before).then_some(waivers)
}

fn read_waiver(d: &mut Decoder, node: &Node, today: Date) -> Option<Waiver> {
    let fields = d.mapping(node, "a waiver", WAIVER, REQUIRED)?;
    let rule = fields.get("rule").and_then(|n| rule(d, n));
    let module = match fields.get("module") {
        None => Some(None),
        Some(n) => d.string(n, "`module`").map(Some),
    };
    let reason = fields.get("reason").and_then(|n| d.string(n, "`reason`"));
    let owner = fields.get("owner").and_then(|n| d.string(n, "`owner`"));
    let expires = fields
        .get("expires")
        .and_then(|n| d.date(n, "`expires`"))
        .and_then(|expires| {
            let ahead = expires.value.days() - today.days();
            if ahead <= MAX_WAIVER_DAYS {
                return Some(expires);
            }
            d.report(
                Problem::invalid(
                    expires.span,
                    format!(
                        "`expires` is {}, {ahead} days after today ({today}); a waiver holds at most {MAX_WAIVER_DAYS} days",
                        expires.value
                    ),
                )
                .help("choose an earlier date and renew the waiver when it runs out"),
            );
            None
        });
    Some(Waiver {
        rule: rule?,
        module: module?,
        reason: reason?,
        owner: owner?,
        expires: expires?,
        span: node.span,
    })
}

fn rule(d: &mut Decoder, node: &Node) -> Option<Located<RuleId>> {
    let name = d.string(node, "`rule`")?;
    let Some(id) = RuleId::parse(&name.value) else {
        d.report(
            Problem::unknown(
                node.span,
                format!("`rule` is `{}`, which is not a rule", &name.value),
            )
            .found(&name.value)
            // Only a rule that can be waived is a fix.
            .suggesting(nearest(
                &name.value,
                RuleId::ALL
                    .iter()
                    .filter(|id| id.waivable())
                    .map(|id| id.as_str()),
            ))
            .help("`profile-check rules` lists the rule ids"),
        );
        return None;
    };
    if !id.waivable() {
        d.report(
            Problem::invalid(node.span, format!("`{}` cannot be waived", name.value))
                .help("fix the waivers file itself: renew or remove the waiver"),
        );
        return None;
    }
    Some(Located::new(id, name.span))
}
