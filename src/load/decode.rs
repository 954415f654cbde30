//! Located tree → typed values, collecting every problem instead of stopping at the first.
//! The one decoder of every input: the YAML formats, and `profile-check.toml`, whose TOML
//! tables become the same located tree (`config/read.rs`). One wording for unknown keys
//! ("did you mean"), duplicates and wrong types, in the nouns of the file's own syntax
//! ([`Syntax`]: a YAML mapping and field, a TOML table and key).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use super::tree::{Kind, Node};
use crate::error::{Problem, ProblemKind};
use crate::profile::{Date, Keyword, Located};
use crate::source::Span;
use crate::suggest::nearest;

/// Problems of one file kept in full; the rest are only counted, so that a file of 200,000
/// wrong keys costs neither 200,000 messages in memory nor 50 MB of report (SPEC §7).
pub const PROBLEMS_PER_FILE: usize = 200;

/// The syntax of the file decoded, for the nouns of its messages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A YAML (or JSON) file: mappings of fields, lists.
    #[default]
    Yaml,
    /// A TOML file: tables of keys, arrays.
    Toml,
}

/// The tag the TOML reader gives a date-time, which no key of the configuration takes.
pub const TOML_DATETIME: &str = "toml:datetime";

impl Syntax {
    /// What a mapping is called.
    const fn mapping(self) -> &'static str {
        match self {
            Self::Yaml => "a mapping",
            Self::Toml => "a table",
        }
    }

    /// What a list is called.
    const fn list(self) -> &'static str {
        match self {
            Self::Yaml => "a list",
            Self::Toml => "an array",
        }
    }

    /// What a mapping's key is called.
    const fn field(self) -> &'static str {
        match self {
            Self::Yaml => "field",
            Self::Toml => "key",
        }
    }

    /// How a missing `field` is written.
    fn add(self, field: &str) -> String {
        match self {
            Self::Yaml => format!("add `{field}:`"),
            Self::Toml => format!("add `{field} = …`"),
        }
    }

    /// What `node` is, for "expected …, found …" messages, in this syntax's nouns.
    pub fn describe(self, node: &Node) -> String {
        match (self, &node.kind) {
            (_, Kind::Map(_)) => self.mapping().to_owned(),
            (_, Kind::Seq(_)) => self.list().to_owned(),
            (Self::Toml, Kind::Tagged(tag)) if &**tag == TOML_DATETIME => "a date-time".to_owned(),
            _ => node.describe(),
        }
    }
}

/// Collects the problems of one file while its values are read.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The syntax of the file, for the nouns of the messages.
    pub syntax: Syntax,
    /// The first [`PROBLEMS_PER_FILE`] problems, in the order found (never empty once a
    /// problem was reported).
    pub problems: Vec<Problem>,
    /// Problems past the cap: how many, and the place of the first.
    omitted: usize,
    first_omitted: Option<Span>,
}

/// Collections up to this size are searched for duplicates by a linear scan, which beats
/// hashing at the size of every mapping and most lists of a profile; larger ones (a long
/// `analytics_only`, a hostile mapping) are hashed.
const LINEAR: usize = 16;

/// The entries of a mapping whose keys were checked against the known field names. Borrows
/// the mapping: a profile mapping has at most nine keys, so finding one by a linear scan
/// costs less than building any index.
pub struct Fields<'n> {
    pairs: &'n [(Node, Node)],
}

impl<'n> Fields<'n> {
    /// The value of field `name` (its first occurrence), if present.
    pub fn get(&self, name: &str) -> Option<&'n Node> {
        self.pairs
            .iter()
            .find(|(key, _)| key_is(key, name))
            .map(|(_, value)| value)
    }
}

/// Whether `key` is the string `name`.
fn key_is(key: &Node, name: &str) -> bool {
    matches!(&key.kind, Kind::Str(text) if **text == *name)
}

/// Reads a whole document with `read`, which returns `None` where it reported a problem.
/// A document of nothing but comments is a problem of its own; `layout` says what the file
/// should hold.
pub fn document<T>(
    root: &Node,
    layout: &str,
    read: impl FnOnce(&mut Decoder, &Node) -> Option<T>,
) -> Result<T, Vec<Problem>> {
    let mut d = Decoder::default();
    if root.kind == Kind::Null {
        d.report(
            Problem::whole(
                ProblemKind::Unreadable,
                "the file holds only comments and blank lines, no YAML value",
            )
            .help(layout),
        );
        return Err(d.problems);
    }
    match read(&mut d, root) {
        Some(value) if d.problems.is_empty() => Ok(value),
        _ => Err(d.into_problems()),
    }
}

/// `problems`, of a reader that lists every one, within the cap every input has: the first
/// [`PROBLEMS_PER_FILE`] and one that counts the rest.
pub fn capped(problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() <= PROBLEMS_PER_FILE {
        return problems;
    }
    let mut decoder = Decoder::default();
    for problem in problems {
        decoder.report(problem);
    }
    decoder.into_problems()
}

impl Decoder {
    /// A decoder for a file of `syntax`.
    pub fn new(syntax: Syntax) -> Self {
        Self {
            syntax,
            ..Self::default()
        }
    }

    /// The one wording of a value of the wrong type: `expected WHAT (SHAPE), found …`, at
    /// the value, with what it is in this syntax's nouns.
    pub fn expected(&self, node: &Node, what: impl fmt::Display, shape: &str) -> Problem {
        Problem::wrong_type(
            node.span,
            format_args!("{what} ({shape})"),
            self.syntax.describe(node),
        )
    }

    /// How many problems were found: those listed and those only counted.
    pub fn found(&self) -> usize {
        self.problems.len().saturating_add(self.omitted)
    }

    /// Records a problem; past [`PROBLEMS_PER_FILE`] it is only counted, with the problems
    /// it counts itself (another reader's count of those past its own cap).
    pub fn report(&mut self, problem: Problem) {
        if self.problems.len() < PROBLEMS_PER_FILE {
            self.problems.push(problem);
            return;
        }
        if self.omitted == 0 {
            self.first_omitted = problem.span;
        }
        self.omitted = self.omitted.saturating_add(problem.counts);
    }

    /// Takes the problems of `other`, a decoder of part of the same file, as if they were
    /// reported here (within the same cap, its omitted ones counted).
    pub fn absorb(&mut self, other: Self) {
        for problem in other.problems {
            self.report(problem);
        }
        if other.omitted > 0 {
            if self.omitted == 0 {
                self.first_omitted = other.first_omitted;
            }
            self.omitted += other.omitted;
        }
    }

    /// Whether the cap is reached: a caller about to build a costly message (with a "did
    /// you mean") counts the problem with [`Self::omit`] instead.
    fn full(&self) -> bool {
        self.problems.len() >= PROBLEMS_PER_FILE
    }

    /// Counts a problem at `span` past the cap, without its message.
    fn omit(&mut self, span: Span) {
        if self.omitted == 0 {
            self.first_omitted = Some(span);
        }
        self.omitted += 1;
    }

    /// The problems kept, and one that counts the rest, at the first of them.
    pub fn into_problems(mut self) -> Vec<Problem> {
        if self.omitted > 0 {
            let message = format!(
                "{}{} more {} from here on, not listed one by one (the first {PROBLEMS_PER_FILE} are)",
                crate::error::OMITTED_PREFIX,
                crate::error::thousands(self.omitted),
                if self.omitted == 1 {
                    "problem"
                } else {
                    "problems"
                }
            );
            let help = "fix the problems listed and check again; the rest are often the same mistake repeated";
            self.problems.push(
                Problem::omitted(self.first_omitted, message)
                    .help(help)
                    .counting(self.omitted),
            );
        }
        self.problems
    }

    /// Reads `node` as a mapping of `what` (e.g. "a module"), reporting keys that are not in
    /// `known` (with the nearest known one), duplicate keys (with the first one's line) and
    /// missing `required` keys. Returns `None` when `node` is not a mapping at all.
    pub fn mapping<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&str],
        required: &[&str],
    ) -> Option<Fields<'n>> {
        let Kind::Map(pairs) = &node.kind else {
            self.report(
                self.expected(node, what, self.syntax.mapping())
                    .help(format!(
                        "{what} has the {}s {}",
                        self.syntax.field(),
                        list(known)
                    )),
            );
            return None;
        };
        // Hashed only when the mapping is too large for a linear scan.
        let mut hashed: Option<HashMap<&str, Span>> =
            (pairs.len() > LINEAR).then(|| HashMap::with_capacity(pairs.len()));
        // A misspelt key already reported with "did you mean `x`" is not reported again
        // as "missing `x`".
        let mut suggested: Vec<&str> = Vec::new();
        for (index, (key, _)) in pairs.iter().enumerate() {
            let Kind::Str(text) = &key.kind else {
                self.report(
                    self.expected(key, format_args!("a key of {what}"), "a name")
                        .help(format!("use one of {}", list(known))),
                );
                continue;
            };
            // Keys are compared as texts.
            let first = match &mut hashed {
                Some(seen) => match seen.entry(&**text) {
                    Entry::Occupied(first) => Some(*first.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(key.span);
                        None
                    }
                },
                None => pairs
                    .iter()
                    .take(index)
                    .find(|(earlier, _)| matches!(&earlier.kind, Kind::Str(t) if t == text))
                    .map(|(earlier, _)| earlier.span),
            };
            if let Some(first) = first {
                self.report(
                    Problem::twice(
                        key.span,
                        format_args!("duplicate key `{text}` in {what}"),
                        first,
                    )
                    .help("keep one of the two"),
                );
                continue;
            }
            let unknown = !known.iter().any(|known| **text == **known);
            if unknown {
                let name: &str = text;
                // Past the cap too: the misspelt key is one problem, never two.
                let suggestion = nearest(name, known.iter().copied());
                suggested.extend(suggestion);
                if self.full() {
                    self.omit(key.span);
                    continue;
                }
                self.report(
                    Problem::unknown(
                        key.span,
                        format!("unknown {} `{name}` in {what}", self.syntax.field()),
                    )
                    .found(name)
                    .suggesting(suggestion)
                    .help(format!(
                        "{what} has the {}s {}",
                        self.syntax.field(),
                        list(known)
                    )),
                );
            }
        }
        let fields = Fields { pairs };
        for field in required {
            if fields.get(field).is_none() && !suggested.contains(field) {
                self.report(
                    Problem::missing(
                        node.span,
                        format!("{what} is missing the {} `{field}`", self.syntax.field()),
                    )
                    .expected(field)
                    .help(self.syntax.add(field)),
                );
            }
        }
        Some(fields)
    }

    /// Reads a non-empty string of an optional field: an empty one is better left out.
    pub fn optional_string(&mut self, node: &Node, field: &str) -> Option<Located<String>> {
        match &node.kind {
            Kind::Null => {
                self.report(
                    Problem::invalid(node.span, format!("`{field}` has no value")).help(format!(
                        "`{field}` is optional: remove the line, or write the text"
                    )),
                );
                None
            }
            Kind::Str(s) if s.trim().is_empty() => {
                self.report(
                    Problem::invalid(node.span, format!("`{field}` is empty")).help(format!(
                        "`{field}` is optional: remove the line, or write the text"
                    )),
                );
                None
            }
            _ => self.string(node, &format!("`{field}`")),
        }
    }

    /// Reads a non-empty string.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<Located<String>> {
        match &node.kind {
            Kind::Str(s) if !s.trim().is_empty() => Some(Located::new(s.to_string(), node.span)),
            Kind::Str(_) => {
                self.report(
                    Problem::invalid(node.span, format!("{what} is empty"))
                        .help(format!("write {what}")),
                );
                None
            }
            _ => {
                self.report(
                    self.expected(node, what, "a string")
                        .help("write a string; quote it if it looks like a number or a boolean"),
                );
                None
            }
        }
    }

    /// Reads a string and checks it against `shape`, described as `shape_name`.
    pub fn word(
        &mut self,
        node: &Node,
        what: &str,
        shape_name: &str,
        shape: fn(&str) -> bool,
    ) -> Option<Located<String>> {
        let word = self.string(node, what)?;
        if shape(&word.value) {
            return Some(word);
        }
        self.report(
            Problem::invalid(
                node.span,
                format!("{what} `{}` is not {shape_name}", &word.value),
            )
            .help(format!("write {what} in {shape_name}")),
        );
        None
    }

    /// Reads one of the spellings of `K`, listing them all when the value is not one.
    pub fn keyword<K: Keyword>(&mut self, node: &Node, what: &str) -> Option<Located<K>> {
        if let Kind::Str(text) = &node.kind {
            if let Some(value) = K::parse(text) {
                return Some(Located::new(value, node.span));
            }
            if text.trim().is_empty() {
                self.report(
                    Problem::invalid(node.span, format!("{what} is empty"))
                        .help(format!("write {what} as {}", K::accepted())),
                );
                return None;
            }
            if self.full() {
                self.omit(node.span);
                return None;
            }
            self.report(
                Problem::unknown(
                    node.span,
                    format!("{what} is `{text}`, which is not one of {}", K::accepted()),
                )
                .found(text)
                .expected(K::accepted())
                .suggesting(nearest(text, K::ALL.iter().map(|k| k.as_str())))
                .help(format!("write {what} as {}", K::accepted())),
            );
        } else {
            self.report(
                self.expected(node, what, &K::accepted())
                    .help(format!("write {what} as {}", K::accepted())),
            );
        }
        None
    }

    /// Reads `true` or `false` (YAML 1.2: `yes`, `on` are not booleans).
    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<Located<bool>> {
        if let Kind::Bool(b) = node.kind {
            return Some(Located::new(b, node.span));
        }
        self.report(
            self.expected(node, what, "`true` or `false`")
                .help("write `true` or `false`"),
        );
        None
    }

    /// Reads a real calendar date written `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, what: &str) -> Option<Located<Date>> {
        if let Kind::Str(text) = &node.kind {
            if let Some(date) = Date::parse(text) {
                return Some(Located::new(date, node.span));
            }
            if Date::has_shape(text) {
                self.report(
                    Problem::invalid(
                        node.span,
                        format!("{what} is `{text}`, which is not a day of the calendar"),
                    )
                    .help("write a date that exists, such as `2026-01-28`"),
                );
                return None;
            }
        }
        self.report(
            self.expected(node, what, "a real date, YYYY-MM-DD")
                .help("write a date that exists, such as `2026-01-28`"),
        );
        None
    }

    /// Reads a list; `None` (reported) when `node` is something else.
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        if let Kind::Seq(items) = &node.kind {
            return Some(items);
        }
        self.report(
            self.expected(node, what, self.syntax.list())
                .help(match self.syntax {
                    Syntax::Yaml => format!("write {what} as a list, `[]` when empty"),
                    Syntax::Toml => {
                        format!("write {what} as an array, `[\"…\", \"…\"]` (`[]` when empty)")
                    }
                }),
        );
        None
    }

    /// Reads a list of words of one shape, reporting a word that is listed twice.
    pub fn word_list(
        &mut self,
        node: &Node,
        what: &str,
        item: &str,
        shape_name: &str,
        shape: fn(&str) -> bool,
    ) -> Option<Vec<Located<String>>> {
        let items = self.list(node, what)?;
        let before = self.problems.len();
        let mut words: Vec<Located<String>> = Vec::with_capacity(items.len());
        // Hashed only when the list is too long for a linear scan.
        let mut hashed: Option<HashMap<&str, Span>> =
            (items.len() > LINEAR).then(|| HashMap::with_capacity(items.len()));
        for node in items {
            let Some(word) = self.word(node, item, shape_name, shape) else {
                continue;
            };
            let first = match (&mut hashed, &node.kind) {
                (Some(seen), Kind::Str(text)) => match seen.entry(text) {
                    Entry::Occupied(first) => Some(*first.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(word.span);
                        None
                    }
                },
                _ => words
                    .iter()
                    .find(|earlier| earlier.value == word.value)
                    .map(|earlier| earlier.span),
            };
            if let Some(first) = first {
                self.report(
                    Problem::twice(
                        word.span,
                        format_args!("`{}` is listed twice in {what}", &word.value),
                        first,
                    )
                    .help("remove one of the two"),
                );
                continue;
            }
            words.push(word);
        }
        (self.problems.len() == before).then_some(words)
    }
}

/// `` `a`, `b`, `c` ``: each name in backticks, joined with commas.
pub fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// `kebab-case`: lowercase ASCII letters and digits in words joined by single hyphens.
pub fn is_kebab_case(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `snake_case`: a lowercase letter, then lowercase letters and digits in words joined by
/// single underscores.
pub fn is_snake_case(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && text.split('_').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::error::{ProblemKind, Values};
    use crate::load::profile::read;
    use crate::source::Source;

    /// A valid profile's lines before `modules`.
    const HEAD: &str = "profile: PROD\nproduct: Webinars\ndocument: {status: PROCESS, owner: Architect, last_updated: 2026-01-28}\ncontours: {live: enabled, auto: disabled}\n";
    /// A valid profile's lines after `modules`.
    const TAIL: &str = "dev_only: []\nanalytics_only: []\n";
    /// How the problem that counts those past the cap ends.
    const MORE: &str = "from here on, not listed one by one (the first 200 are)";

    /// Each problem as `line:column: message`, or its message alone for the whole file.
    fn shown(problems: &[Problem]) -> Vec<String> {
        problems
            .iter()
            .map(|p| match p.span {
                Some(s) => format!("{}:{}: {}", s.line, s.column, p.worded()),
                None => p.worded().into_owned(),
            })
            .collect()
    }

    /// The problems of the profile `text`.
    fn profile_problems(text: &str) -> Vec<Problem> {
        match read(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(problems) => problems,
        }
    }

    #[test]
    fn each_problem_has_its_kind_and_values() {
        let module = |fields: &str| format!("{HEAD}modules:\n  - id: chat\n{fields}{TAIL}");
        let kinds = |text: &str| -> Vec<(ProblemKind, Option<Values>)> {
            profile_problems(text)
                .into_iter()
                .map(|p| (p.kind, p.values.map(|v| *v)))
                .collect()
        };
        let values = |found: Option<&str>, expected: Option<&str>, suggestion: Option<&str>| {
            Some(Values {
                found: found.map(str::to_owned),
                expected: expected.map(str::to_owned),
                suggestion: suggestion.map(str::to_owned),
            })
        };
        // An empty keyword is empty, not a name that is not known.
        assert_eq!(
            kinds(&module(
                "    name: C\n    role: \"\"\n    status: required\n"
            )),
            [(ProblemKind::Invalid, None)]
        );
        assert_eq!(
            kinds(&module(
                "    name: C\n    role: cor\n    status: required\n"
            )),
            [(
                ProblemKind::Unknown,
                values(
                    Some("cor"),
                    Some("`core`, `ui`, `integration`, `analytics` or `dev`"),
                    Some("core")
                )
            )]
        );
        assert_eq!(
            kinds(&module(
                "    name: C\n    role: [ui]\n    status: required\n"
            )),
            [(
                ProblemKind::WrongType,
                values(
                    Some("a list"),
                    Some("`role` (`core`, `ui`, `integration`, `analytics` or `dev`)"),
                    None
                )
            )]
        );
        assert_eq!(
            kinds(&module("    name: C\n    role: ui\n")),
            [(ProblemKind::Missing, values(None, Some("status"), None))]
        );
        assert_eq!(
            kinds(&module(
                "    name: C\n    role: ui\n    status: required\n    nme: x\n"
            )),
            [(
                ProblemKind::Unknown,
                values(Some("nme"), None, Some("name"))
            )]
        );
        assert_eq!(
            kinds(&module(
                "    name: C\n    name: D\n    role: ui\n    status: required\n"
            )),
            [(ProblemKind::Duplicate, None)]
        );
    }

    /// The problems of a `profile-check.toml` holding `text`.
    fn config_problems(text: &str) -> Vec<Problem> {
        match crate::config::parse(Arc::new(Source::new("profile-check.toml", text))) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.problems,
        }
    }

    #[test]
    fn shapes() {
        assert!(is_kebab_case("client-webinar-tracker-v2"));
        assert!(!is_kebab_case("Client-Webinar"));
        assert!(!is_kebab_case("a--b"));
        assert!(!is_kebab_case("-a"));
        assert!(is_snake_case("client_webinar_entered"));
        assert!(!is_snake_case("client-webinar"));
        assert!(!is_snake_case("_x"));
        assert!(!is_snake_case("1x"));
    }

    #[test]
    fn a_problem_refuses_the_document_even_when_every_value_was_read() {
        let module = "modules:\n  - {id: core, name: Core, role: core, status: required}\n";
        assert!(read(&format!("{HEAD}{module}{TAIL}")).is_ok());
        // An unknown key is reported, yet every field of the profile was read.
        let problems = profile_problems(&format!("{HEAD}{module}{TAIL}colour: blue\n"));
        assert_eq!(
            shown(&problems),
            ["9:1: unknown field `colour` in the profile"]
        );
        assert_eq!(
            problems.first().and_then(|p| p.help.as_deref()),
            Some(
                "the profile has the fields `profile`, `product`, `document`, `contours`, \
                 `modules`, `dev_only`, `analytics_only`"
            )
        );
    }

    #[test]
    fn a_missing_field_is_added_in_the_syntax_of_the_file() {
        let problems = profile_problems(&format!(
            "{HEAD}modules:\n  - {{name: Core, role: core, status: required}}\n{TAIL}"
        ));
        assert_eq!(
            shown(&problems),
            ["6:5: a module is missing the field `id`"]
        );
        assert_eq!(
            problems.first().and_then(|p| p.help.as_deref()),
            Some("add `id:`")
        );
        let problems = config_problems("[[profile]]\ndoc = \"d.md\"\n");
        assert_eq!(
            shown(&problems),
            ["1:1: a [[profile]] table is missing the key `path`"]
        );
        assert_eq!(
            problems.first().and_then(|p| p.help.as_deref()),
            Some("add `path = …`")
        );
    }

    #[test]
    fn a_toml_value_is_named_in_toml_words() {
        let profile = "[[profile]]\npath = \"p.yaml\"\n";
        let problems = config_problems(&format!("report = 3\n{profile}"));
        assert_eq!(
            shown(&problems),
            ["1:10: expected the [report] table (a table), found the number `3`"]
        );
        assert_eq!(
            problems.first().and_then(|p| p.help.as_deref()),
            Some("the [report] table has the keys `format`, `table`, `files`")
        );
        for (text, want) in [
            (
                "require = { doc = true }",
                "1:11: expected `require` (an array), found a table",
            ),
            (
                "strict = [true]",
                "1:10: expected `strict` (`true` or `false`), found an array",
            ),
            (
                "strict = 1979-05-27",
                "1:10: expected `strict` (`true` or `false`), found a date-time",
            ),
            (
                "strict = 1979-05-27T07:32:00Z",
                "1:10: expected `strict` (`true` or `false`), found a date-time",
            ),
        ] {
            assert_eq!(
                shown(&config_problems(&format!("{text}\n{profile}"))),
                [want],
                "{text}"
            );
        }
        // The same values in a profile, in YAML's words.
        let problems = profile_problems(&format!(
            "profile: PROD\nproduct: Webinars\ndocument: [PROCESS]\ncontours: 3\nmodules: {{}}\n{TAIL}"
        ));
        assert_eq!(
            shown(&problems),
            [
                "3:11: expected `document` (a mapping), found a list",
                "4:11: expected `contours` (a mapping), found the number `3`",
                "5:10: expected `modules` (a list), found a mapping",
            ]
        );
    }

    #[test]
    fn an_optional_text_left_empty_is_better_left_out() {
        let optional = "`notes` is optional: remove the line, or write the text";
        for (notes, want) in [
            ("notes:", "10:10: `notes` has no value"),
            ("notes: ''", "10:12: `notes` is empty"),
            ("notes: '  '", "10:12: `notes` is empty"),
        ] {
            let problems = profile_problems(&format!(
                "{HEAD}modules:\n  - id: core\n    name: Core\n    role: core\n    status: required\n    {notes}\n{TAIL}"
            ));
            assert_eq!(shown(&problems), [want], "{notes}");
            assert_eq!(
                problems.first().and_then(|p| p.help.as_deref()),
                Some(optional),
                "{notes}"
            );
        }
    }

    /// The last two problems of `problems` shown, the count of the last, and how many
    /// there are.
    fn tail(problems: &[Problem]) -> (Vec<String>, usize, usize) {
        let shown = shown(problems);
        let last_two = shown
            .get(shown.len().saturating_sub(2)..)
            .unwrap_or_default();
        (
            last_two.to_vec(),
            problems.last().map_or(0, |p| p.counts),
            problems.len(),
        )
    }

    #[test]
    fn past_200_problems_the_rest_are_counted_at_the_first_of_them() {
        let module = "modules:\n  - {id: core, name: Core, role: core, status: required}\n";
        // 205 items that are no module ids, one a line from line 8.
        let items: String = (1..=205).map(|i| format!("  - {i}\n")).collect();
        let problems = profile_problems(&format!(
            "{HEAD}{module}dev_only:\n{items}analytics_only: []\n"
        ));
        assert_eq!(
            tail(&problems),
            (
                vec![
                    "207:5: expected the module id (a string), found the number `200`".to_owned(),
                    format!("208:5: … and 5 more problems {MORE}"),
                ],
                5,
                201
            )
        );
        // 205 unknown keys, one a line from line 9: past the cap, their messages are not
        // built, but they are counted all the same.
        let keys: String = (1..=205).map(|i| format!("x{i}: {i}\n")).collect();
        let problems = profile_problems(&format!("{HEAD}{module}{TAIL}{keys}"));
        assert_eq!(
            tail(&problems),
            (
                vec![
                    "208:1: unknown field `x200` in the profile".to_owned(),
                    format!("209:1: … and 5 more problems {MORE}"),
                ],
                5,
                201
            )
        );
        // One past the cap is one problem.
        let keys: String = (1..=201).map(|i| format!("x{i}: {i}\n")).collect();
        let problems = profile_problems(&format!("{HEAD}{module}{TAIL}{keys}"));
        assert_eq!(
            tail(&problems).0.last().map(String::as_str),
            Some(format!("209:1: … and 1 more problem {MORE}").as_str())
        );
    }

    #[test]
    fn past_the_cap_a_misspelt_key_is_still_one_problem() {
        // 200 modules of an unknown status fill the cap; the next misspells `name`.
        let modules: String = (1..=200)
            .map(|i| format!("  - {{id: m{i:03}, name: M{i:03}, role: core, status: wrong}}\n"))
            .collect();
        let misspelt = "  - {id: m999, nme: X, role: core, status: required}\n";
        let problems = profile_problems(&format!("{HEAD}modules:\n{modules}{misspelt}{TAIL}"));
        assert_eq!(
            tail(&problems).0.last().map(String::as_str),
            Some(format!("206:16: … and 1 more problem {MORE}").as_str())
        );
        // Below the cap, the same module is one problem, its "did you mean".
        let problems = profile_problems(&format!("{HEAD}modules:\n{misspelt}{TAIL}"));
        assert_eq!(
            shown(&problems),
            ["6:16: unknown field `nme` in a module; did you mean `name`?"]
        );
    }

    #[test]
    fn the_modules_problems_count_within_the_cap_of_the_file() {
        // 205 modules of an unknown status, one a line from line 6.
        let modules: String = (1..=205)
            .map(|i| format!("  - {{id: m{i:03}, name: M{i:03}, role: core, status: wrong}}\n"))
            .collect();
        let wrong = "`status` is `wrong`, which is not one of `required`, `optional` or `disabled`";
        let problems = profile_problems(&format!("{HEAD}modules:\n{modules}{TAIL}"));
        assert_eq!(
            tail(&problems),
            (
                vec![
                    format!("205:48: {wrong}"),
                    format!("206:48: … and 5 more problems {MORE}"),
                ],
                5,
                201
            )
        );
        // A problem of the file before the modules leaves room for 199 of theirs: the
        // 200th is the first one counted.
        let head = HEAD.replace("product: Webinars", "product: ''");
        let problems = profile_problems(&format!("{head}modules:\n{modules}{TAIL}"));
        assert_eq!(
            shown(problems.get(..1).unwrap_or_default()),
            ["2:10: `product` is empty"]
        );
        assert_eq!(
            tail(&problems),
            (
                vec![
                    format!("204:48: {wrong}"),
                    format!("205:48: … and 6 more problems {MORE}"),
                ],
                6,
                201
            )
        );
    }
}
