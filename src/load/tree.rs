//! YAML text → a tree of located nodes. The only file that knows the YAML library
//! (serde-saphyr): swapping it means rewriting this file alone.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{DuplicateKeyPolicy, Location, Spanned, Tagged};

use super::limits;
use crate::error::Problem;
use crate::source::{Span, escape_controls};

/// A scalar's text. Short ones — keys, roles, statuses, most ids — live inside the node:
/// a large profile then costs one allocation per long string, not one per scalar.
#[derive(Clone, PartialEq, Eq)]
pub enum Text {
    /// Up to [`Text::INLINE`] bytes, stored in place.
    Inline(u8, [u8; Text::INLINE]),
    /// Longer text.
    Heap(Box<str>),
}

impl Text {
    /// The longest text stored in place.
    pub const INLINE: usize = 14;

    /// `text`, in place when it is short.
    pub fn new(text: &str) -> Self {
        let mut bytes = [0u8; Self::INLINE];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(slot), Ok(len)) => {
                slot.copy_from_slice(text.as_bytes());
                Self::Inline(len, bytes)
            }
            _ => Self::Heap(text.into()),
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            // Always the bytes of a whole `str`, so valid UTF-8.
            Self::Inline(len, bytes) => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Self::Heap(text) => text,
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

/// A YAML node and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node (for an alias: the alias) stands.
    pub span: Span,
    /// What it holds.
    pub kind: Kind,
}

/// The content of a node, after YAML 1.2 core-schema resolution with strict booleans
/// (`yes`, `on` are strings).
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Any other scalar.
    Str(Text),
    /// A `!!binary` scalar: never a valid value in these formats.
    Binary,
    /// A node with an explicit tag (`!!binary`, `!!str`, `!custom`): the formats use none,
    /// and a tag can make a value read differently from how it looks.
    Tagged(Box<str>),
    /// A sequence.
    Seq(Box<[Node]>),
    /// A mapping, in file order, duplicate keys included (the decoder reports them with
    /// both lines, which the library's own check cannot).
    Map(Box<[(Node, Node)]>),
}

impl Node {
    /// What the node is, for "expected …, found …" messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Null => "nothing (null)".to_owned(),
            Kind::Bool(b) => format!("the boolean `{b}`"),
            Kind::Int(i) => format!("the number `{i}`"),
            Kind::Float(x) => format!("the number `{x}`"),
            Kind::Str(s) if s.chars().count() > 40 => "a long string".to_owned(),
            Kind::Str(s) => format!("the string `{}`", escape_controls(s)),
            Kind::Binary => "binary data (`!!binary`)".to_owned(),
            Kind::Tagged(tag) => format!(
                "a value tagged `{}` (these files use no YAML tags)",
                escape_controls(&tag.replace("tag:yaml.org,2002:", "!!"))
            ),
            Kind::Seq(_) => "a list".to_owned(),
            Kind::Map(_) => "a mapping".to_owned(),
        }
    }
}

fn span_of(location: &Location) -> Span {
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Span::new(
        clamp(location.line()).max(1),
        clamp(location.column()).max(1),
        clamp(location.span().len()),
    )
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Tagged<Kind>>::deserialize(deserializer)?;
        // `referenced` is where an alias is used; for other nodes it equals `defined`.
        let location = if spanned.referenced.line() > 0 {
            &spanned.referenced
        } else {
            &spanned.defined
        };
        let Tagged(kind, tag) = spanned.value;
        Ok(Node {
            span: span_of(location),
            kind: match tag {
                Some(tag) => Kind::Tagged(tag.into_boxed_str()),
                None => kind,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_none<E>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        Kind::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }
    // Integers past i64 only ever appear in an error message: a float says enough.
    fn visit_u64<E>(self, v: u64) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(Text::new(v)))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Kind, E> {
        // A field expecting a string says what it found instead of reading decoded bytes.
        Ok(Kind::Binary)
    }
    fn visit_byte_buf<E>(self, _: Vec<u8>) -> Result<Kind, E> {
        Ok(Kind::Binary)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items.into_boxed_slice()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(entry) = map.next_entry::<Node, Node>()? {
            entries.push(entry);
        }
        Ok(Kind::Map(entries.into_boxed_slice()))
    }
}

/// Parses one YAML document into a located tree, within the limits of
/// [`limits`](super::limits). A syntax error stops at the first problem, as YAML parsers do.
pub fn parse(text: &str) -> Result<Node, Problem> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        budget: serde_saphyr::budget! {
            max_depth: limits::MAX_DEPTH,
            flow_nesting_limit: limits::MAX_DEPTH,
            max_nodes: limits::MAX_NODES,
            max_aliases: limits::MAX_ALIASES,
            max_documents: 1,
            max_reader_input_bytes: None,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits::MAX_ALIAS_EVENTS,
        },
    };
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| problem_of(&e, text))
}

fn problem_of(error: &serde_saphyr::Error, text: &str) -> Problem {
    let span = error.location().map(|l| span_of(&l));
    let (message, help) = match error.without_snippet() {
        serde_saphyr::Error::Budget { breach, .. } => breach_message(breach),
        serde_saphyr::Error::MultipleDocuments { .. } => (
            "the file holds more than one YAML document (`---`)".to_owned(),
            "a profile is one document: remove the second `---` and what follows it, or split the file",
        ),
        other => {
            // The mistake in the file's own terms, where the text shows a common one.
            let stopped = span.map_or(u32::MAX, |s| s.line);
            if let Some(diagnosis) = super::syntax::diagnose(text, stopped) {
                return diagnosis.into();
            }
            let rendered = other.render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            });
            translate(&rendered)
        }
    };
    let problem = Problem {
        span,
        message,
        help: None,
    };
    problem.help(help)
}

fn breach_message(breach: &BudgetBreach) -> (String, &'static str) {
    let too_big = "a profile is a small, plain YAML mapping; this input looks generated or hostile";
    let message = match breach {
        BudgetBreach::Depth { .. } => format!(
            "the YAML nests deeper than {} levels (a profile needs 4)",
            limits::MAX_DEPTH
        ),
        BudgetBreach::Nodes { .. } => format!(
            "the YAML has more than {} nodes, over the limit for one profile",
            limits::MAX_NODES
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => format!(
            "the YAML uses more than {} aliases (`*name`), over the limit for one profile",
            limits::MAX_ALIASES
        ),
        BudgetBreach::Documents { .. } => {
            return (
                "the file holds more than one YAML document (`---`)".to_owned(),
                "a profile is one document: remove the second `---` and what follows it, or split the file",
            );
        }
        other => format!("the YAML exceeds a safety limit ({other:?})"),
    };
    (message, too_big)
}

/// The parser's message without its trailing position (the report shows that), and a
/// hint for the common cases.
fn translate(rendered: &str) -> (String, &'static str) {
    let mut message = rendered.trim().to_owned();
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    let lower = message.to_lowercase();
    let help = if lower.contains("recursion limit") || lower.contains("nesting") {
        message = format!(
            "the YAML nests deeper than {} levels (a profile needs 4)",
            limits::MAX_DEPTH
        );
        "a profile is a small, plain YAML mapping; this input looks generated or hostile"
    } else if lower.contains("alias") || lower.contains("replay") {
        message = format!(
            "the YAML's aliases expand to more than {} nodes",
            limits::MAX_ALIAS_EVENTS
        );
        "aliases expand to more than a profile can hold; write the values out instead"
    } else if lower.contains("tag") {
        "a profile uses no YAML tags: remove the `!tag` and write the plain value"
    } else if lower.contains("tab") {
        "indent with spaces: YAML does not allow tabs for indentation"
    } else {
        "fix the YAML syntax here: indent with spaces, write `key: value`, close every quote and bracket (profiles/prod.yaml shows the layout)"
    };
    (escape_controls(&message), help)
}

// The temporary `parse_stream` below stands after the tests until the rewrite replaces it.
#[allow(clippy::items_after_test_module)]
#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        match parse(text) {
            Ok(node) => node.kind,
            Err(p) => panic!("{p:?}"),
        }
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let Ok(node) = parse("a: 1\nb:\n  - x\n") else {
            panic!("valid YAML")
        };
        let Kind::Map(entries) = node.kind else {
            panic!("a mapping")
        };
        let spans: Vec<(u32, u32)> = entries
            .iter()
            .flat_map(|(k, v)| [k.span, v.span])
            .map(|s| (s.line, s.column))
            .collect();
        assert_eq!(spans, [(1, 1), (1, 4), (2, 1), (3, 3)]);
    }

    #[test]
    fn strict_booleans_keep_yes_a_string() {
        assert_eq!(kind("yes"), Kind::Str("yes".into()));
        assert_eq!(std::mem::size_of::<Node>(), 40, "a node stays small");
        let long = "client-webinar-attendance-telegram";
        assert_eq!(&*Text::new(long), long);
        assert_eq!(&*Text::new("status"), "status");
        assert_eq!(&*Text::new("Чат"), "Чат");
        assert!(matches!(Text::new("exactly-14-byt"), Text::Inline(14, _)));
        assert_eq!(kind("true"), Kind::Bool(true));
        assert_eq!(kind("2026-01-28"), Kind::Str("2026-01-28".into()));
    }

    #[test]
    fn duplicate_keys_reach_the_decoder() {
        let Kind::Map(entries) = kind("a: 1\na: 2\n") else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn two_documents_are_one_problem() {
        let Err(problem) = parse("a: 1\n---\nb: 2\n") else {
            panic!("two documents must fail")
        };
        assert!(problem.message.contains("more than one YAML document"));
    }
}

// TEMPORARY (until the event-based rewrite of this file lands, which brings its own
// `parse_stream` with this signature): read a multi-document stream with serde-saphyr, for
// the Kubernetes reader. Same limits as `parse`, nodes and aliases counted over the stream.
/// Parses a stream of at most `max_documents` YAML documents (`---`) into located trees,
/// skipping empty documents, within the limits of [`limits`](super::limits).
pub fn parse_stream(text: &str, max_documents: usize) -> Result<Vec<Node>, Problem> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        budget: serde_saphyr::budget! {
            max_depth: limits::MAX_DEPTH,
            flow_nesting_limit: limits::MAX_DEPTH,
            max_nodes: limits::MAX_NODES,
            max_aliases: limits::MAX_ALIASES,
            max_documents: max_documents,
            max_reader_input_bytes: None,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits::MAX_ALIAS_EVENTS,
        },
    };
    serde_saphyr::from_multiple_with_options::<Node>(text, options).map_err(|e| {
        match e.without_snippet() {
            serde_saphyr::Error::Budget {
                breach: BudgetBreach::Documents { .. },
                ..
            } => Problem {
                span: e.location().map(|l| span_of(&l)),
                message: format!("the stream holds more than {max_documents} YAML documents"),
                help: None,
            }
            .help("split the stream into several files of a directory"),
            _ => problem_of(&e, text),
        }
    })
}
