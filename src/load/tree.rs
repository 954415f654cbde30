//! YAML text → a tree of located nodes, built straight from the parser's events. The only
//! file that knows the YAML library (granit-parser): swapping it means rewriting this file
//! alone, which is why it stays one file of about 1,200 lines of code (the builder, its
//! budgets and the core schema's resolution all read the library's events and marks).
//!
//! The builder sees everything a document says and decides what it means: plain scalars
//! are resolved here (YAML 1.2 core schema, strict booleans), merge keys (`<<`) are refused
//! at their line or kept, tagged, for a reader that applies them, anchors and aliases are
//! expanded under the budgets of
//! [`limits`](super::limits), and every position is counted with one line-break definition
//! (LF, CRLF and a lone CR each end a line, as in [`Source::line`](crate::source::Source)).
//!
//! It knows no file format: each reader gives its [`Reading`] — its budgets, whether merge
//! keys are kept, what it never reads ([`PassOver`]), the words of its limits and its
//! syntax hints' vocabulary.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use granit_parser::{ErrorKind, Event, Parser, ScalarStyle, ScanError, StructureStyle, Tag};

use super::limits;
use super::syntax::Vocabulary;
use crate::error::{Problem, thousands};
use crate::source::Span;

/// A scalar's text: a plain boxed string. A profile is decoded module by module, so only
/// one module's scalars are alive at a time; an inline small string measured no faster
/// and no smaller on the 40,000-module profile (`scripts/bench-binary.sh`).
pub type Text = Box<str>;

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
    /// Binary data: never a valid value in these formats. The builder reads `!!binary` as
    /// [`Kind::Tagged`] like every tag; the variant stays for the readers that name it.
    #[allow(
        dead_code,
        reason = "part of the tree's vocabulary the readers match on"
    )]
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
            Kind::Str(s) => format!("the string `{s}`"),
            Kind::Binary => "binary data (`!!binary`)".to_owned(),
            Kind::Tagged(tag) => format!(
                "a value tagged `{}` (these files use no YAML tags)",
                &tag.replace("tag:yaml.org,2002:", "!!")
            ),
            Kind::Seq(_) => "a list".to_owned(),
            Kind::Map(_) => "a mapping".to_owned(),
        }
    }
}

/// Where a document that holds nothing stands.
const START: Span = Span::new(1, 1, 0);

/// How a reader reads its input: the budgets, what it keeps or passes over, and the words
/// of its limits and syntax hints. Each reader defines its own.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Most documents in one file.
    pub max_documents: usize,
    /// Deepest nesting of what is built.
    pub max_depth: usize,
    /// Deepest nesting the parser reads (inside what is passed over too).
    pub max_parse_depth: usize,
    /// Whether a merge key (`<<`) is kept, as a key tagged [`MERGE`], for the reader to
    /// apply or refuse; else it is refused at its line.
    pub merge_keys: bool,
    /// What the reader never reads, passed over without being built.
    pub pass_over: Option<PassOver>,
    /// Whether the YAML core tags on a scalar (`!!str`, `!!int`, `!!float`, `!!bool`,
    /// `!!null`) and on a collection (`!!map`, `!!seq`) are resolved as kubectl's YAML to
    /// JSON conversion resolves them: the value read as that type (a text that is no such
    /// value is an error); any other tag on a key is an error. Else every tag is kept as
    /// [`Kind::Tagged`] for the reader to refuse.
    pub core_tags: bool,
    /// Whether a key given twice in one mapping that is built is an error at the second,
    /// naming the first (tools differ on which one counts: kubectl takes the last). Else
    /// both are kept for the decoder.
    pub unique_keys: bool,
    /// The words of the limits and the syntax help.
    pub words: Words,
    /// The format's words for the syntax hints, where it has some.
    pub hints: Option<&'static Vocabulary>,
    /// Whether an item of a list, at the place this names ([`Place`] as for the item's
    /// next sibling), is handed over on its own as soon as it is read ([`Ready::item`])
    /// instead of being kept in its list: the list is then empty in its document, and a
    /// list of any length costs the memory of one item.
    pub apart: Option<fn(&Place<'_>) -> bool>,
}

/// The words a reader's problems use.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// What a budget is for: "one profile".
    pub unit: &'static str,
    /// What holds the values: "a profile".
    pub holder: &'static str,
    /// After "the YAML nests deeper than N levels": " (a profile needs 4)", or "".
    pub depth_note: &'static str,
    /// What to do when the input is over a limit.
    pub too_big: &'static str,
    /// What to do about a second document where one is read.
    pub one_document: &'static str,
    /// What to do about a tag.
    pub no_tags: &'static str,
    /// What to do about any other syntax error.
    pub syntax: &'static str,
}

#[cfg(test)]
impl Reading {
    /// A plain reading of `max_documents` documents within the profile's budgets, in words
    /// of no format.
    pub const fn plain(max_documents: usize) -> Self {
        Self {
            max_documents,
            max_depth: limits::MAX_DEPTH,
            max_parse_depth: limits::MAX_DEPTH,
            merge_keys: false,
            pass_over: None,
            core_tags: false,
            unique_keys: false,
            words: Words {
                unit: "one file",
                holder: "a file",
                depth_note: "",
                too_big: "this input looks generated or hostile: check that this is the right file",
                one_document: "remove the second `---` and what follows it, or split the file",
                no_tags: "remove the `!tag` and write the plain value",
                syntax: "fix the YAML syntax here: indent with spaces, write `key: value`, close every quote and bracket",
            },
            hints: None,
            apart: None,
        }
    }
}

/// What a reader never reads, known by where it stands: [`PassOver::test`] is asked about
/// each value before it is built, and a value it names is passed over unbuilt (an alias of
/// an anchor inside it is an error, saying [`PassOver::what`]).
#[derive(Debug, Clone, Copy)]
pub struct PassOver {
    /// Whether the value about to be read, at this place, is never read.
    pub test: fn(&Place<'_>) -> bool,
    /// What is passed over, for messages: "a `status`, annotations, …".
    pub what: &'static str,
}

/// Where the value about to be read stands: the collections open around it, outermost
/// (the document's) first.
pub struct Place<'b> {
    open: &'b [Open],
    pairs: &'b [(Node, Node)],
}

impl Place<'_> {
    /// How many pairs of a mapping [`Place::string`] looks at.
    pub const LOOKED_AT: usize = 64;

    /// How many collections are open around the value.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// The key the mapping at `level` (0: the document's) reads its value under now; `None`
    /// for a list, or a key that is no string.
    pub fn key(&self, level: usize) -> Option<&str> {
        match &self.open.get(level)?.shape {
            Shape::Map {
                key:
                    Some(Node {
                        kind: Kind::Str(key),
                        ..
                    }),
                ..
            } => Some(key),
            _ => None,
        }
    }

    /// Whether the collection at `level` is a list.
    pub fn in_list(&self, level: usize) -> bool {
        matches!(
            self.open.get(level).map(|o| &o.shape),
            Some(Shape::Seq { .. })
        )
    }

    /// The string already read under `key` in the mapping at `level` (its first).
    ///
    /// Only the mapping's first [`Place::LOOKED_AT`] pairs are looked at, so that a mapping of
    /// many keys costs no search per key: a key written later is not found, and a test that
    /// needs it decides as if it were absent.
    pub fn string(&self, level: usize, key: &str) -> Option<&str> {
        let Shape::Map { first, .. } = &self.open.get(level)?.shape else {
            return None;
        };
        // Its pairs end where those of the next mapping open inside it begin.
        let end = self
            .open
            .get(level + 1..)?
            .iter()
            .find_map(|o| match &o.shape {
                Shape::Map { first, .. } => Some(*first),
                Shape::Seq { .. } => None,
            })
            .unwrap_or(self.pairs.len());
        self.pairs
            .get(*first..end)?
            .iter()
            .take(Self::LOOKED_AT)
            .find(|(k, _)| matches!(&k.kind, Kind::Str(t) if **t == *key))
            .and_then(|(_, value)| match &value.kind {
                Kind::Str(text) => Some(&**text),
                _ => None,
            })
    }
}

/// Parses one YAML document into a located tree, as `reading` says (at most one document
/// is read whatever its `max_documents`). A file of nothing but comments is one `null`
/// node; a second document is an error. A syntax error stops at the first problem, as YAML
/// parsers do.
pub fn parse(text: &str, reading: &Reading) -> Result<Node, Problem> {
    let reading = Reading {
        max_documents: 1,
        ..*reading
    };
    let mut document = None;
    read(text, 1, &reading, |ready| document = Some(ready.node))?;
    Ok(document.unwrap_or(Node {
        span: START,
        kind: Kind::Null,
    }))
}

/// Parses a stream of at most `max_documents` YAML documents (separated by `---`), such as
/// a Kubernetes manifest stream, into one located tree per document, in file order. The
/// limits of [`limits`](super::limits) hold for the stream as a whole. Documents with no
/// content (a `---` followed by nothing) count against `max_documents` but are skipped, as
/// is a stream of nothing but comments.
#[cfg(test)]
pub fn parse_documents(text: &str, max_documents: usize) -> Result<Vec<Node>, Problem> {
    let mut documents = Vec::new();
    read(text, 1, &Reading::plain(max_documents), |ready| {
        documents.push(ready.node);
    })?;
    Ok(documents)
}

/// The tag of a YAML 1.1 merge key (`<<`), as a reading that keeps merge keys keeps it.
pub const MERGE: &str = "tag:yaml.org,2002:merge";

/// A stream's documents, and where its document markers stand.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Stream {
    /// The documents with content, in file order.
    pub documents: Vec<Node>,
    /// Where each explicit document start (`---`) stands, in file order.
    pub markers: Vec<Span>,
    /// The first document after the first that starts with no `---` (content after a
    /// `...` document end), if any.
    #[allow(dead_code, reason = "part of the stream the tests look at")]
    pub unmarked: Option<Span>,
}

/// Parses a stream of documents as `reading` says, with where its document markers stand,
/// for a reader that holds them against how another tool splits a stream.
#[cfg(test)]
pub fn parse_stream(text: &str, reading: &Reading) -> Result<Stream, Problem> {
    let mut documents = Vec::new();
    let marks = read(text, 1, reading, |ready| documents.push(ready.node))?;
    Ok(Stream {
        documents,
        markers: marks.markers,
        unmarked: marks.unmarked,
    })
}

/// A value read whole, handed over as soon as it is: a document, or an item of a list
/// that the reading hands over apart ([`Reading::apart`]).
#[derive(Debug)]
pub struct Ready {
    /// The value.
    pub node: Node,
    /// Whether it is an item of a list rather than a document.
    pub item: bool,
}

/// Where the document markers of a text stand.
#[derive(Debug, Default)]
pub struct Marks {
    /// Every explicit document start (`---`), in file order.
    pub markers: Vec<Span>,
    /// The first document after the first that starts with no `---`, if any.
    pub unmarked: Option<Span>,
}

/// Reads `text`, whose first line is line `first_line` of its file, as `reading` says,
/// handing each value to `take` as soon as it is whole ([`Ready`]), in file order.
pub fn read(
    text: &str,
    first_line: u32,
    reading: &Reading,
    mut take: impl FnMut(Ready),
) -> Result<Marks, Problem> {
    let mut builder = Builder::new(*reading);
    builder.first_line = first_line;
    builder.run(text, &mut take)
}

/// A collection whose end has not been read yet.
struct Open {
    /// Where it starts.
    span: Span,
    /// `[ ]`/`{ }` or block notation (for syntax errors).
    style: StructureStyle,
    /// Its anchor id (0: none).
    anchor: usize,
    /// Its explicit tag, if any.
    tag: Option<Box<str>>,
    /// Nodes in it so far, itself included: what an alias of it replays.
    count: usize,
    shape: Shape,
}

/// A subtree being passed over: how deep the reader is in it, and where it started.
struct Skipping {
    depth: usize,
    span: Span,
}

/// Where the children of an open collection start on the builder's scratch stacks. The
/// children of every open collection share one stack per kind, so a finished collection
/// takes exactly one allocation of exactly its size.
enum Shape {
    Seq {
        first: usize,
    },
    Map {
        first: usize,
        key: Option<Node>,
        /// The keys read so far, once the mapping is past [`SMALL_MAP`] pairs, in a reading
        /// of unique keys.
        seen: Option<HashMap<String, Span>>,
    },
}

/// Up to this many pairs, a key is looked for among the pairs themselves; past it, in a
/// hash of the keys.
const SMALL_MAP: usize = 16;

/// Builds trees from parser events (of the YAML parser, or of a reader that gives the same
/// events, such as a JSON one), keeping count of every budget.
pub struct Builder {
    reading: Reading,
    /// The line of the file the events' line 1 stands for.
    first_line: u32,
    started: usize,
    /// What is read whole and not yet taken.
    ready: std::collections::VecDeque<Ready>,
    open: Vec<Open>,
    items: Vec<Node>,
    pairs: Vec<(Node, Node)>,
    /// The anchored nodes of the current document, by anchor id, with their node counts.
    anchors: BTreeMap<usize, (Node, usize)>,
    nodes: usize,
    aliases: usize,
    replayed: usize,
    /// The subtree being passed over, if any.
    skipping: Option<Skipping>,
    /// Anchors defined inside what was passed over, in the current document.
    skipped_anchors: Vec<usize>,
    /// Anchors of lists whose items were handed over apart ([`Reading::apart`]): what an
    /// alias of one would replay is not kept.
    emptied_anchors: Vec<usize>,
    /// Where explicit document starts stand.
    markers: Vec<Span>,
    /// The first document after the first with no `---`.
    unmarked: Option<Span>,
}

impl Builder {
    /// A builder for events whose spans are already the file's own, as `reading` says.
    pub fn new(reading: Reading) -> Self {
        Self {
            reading,
            first_line: 1,
            started: 0,
            ready: std::collections::VecDeque::new(),
            open: Vec::new(),
            items: Vec::new(),
            pairs: Vec::new(),
            anchors: BTreeMap::new(),
            nodes: 0,
            aliases: 0,
            replayed: 0,
            skipping: None,
            skipped_anchors: Vec::new(),
            emptied_anchors: Vec::new(),
            markers: Vec::new(),
            unmarked: None,
        }
    }

    /// Reads `text`'s events, handing each value read whole to `take`.
    fn run(mut self, text: &str, take: &mut impl FnMut(Ready)) -> Result<Marks, Problem> {
        let parse_depth = self.reading.max_parse_depth;
        let options = granit_parser::options! {
            // The parser's own bounds on its stacks. It reads `[`/`{` ahead of its events,
            // so for flow collections its bound is usually met before the builder's.
            flow_nesting_limit: parse_depth,
            block_nesting_limit: parse_depth,
            // Comments are no values (and off even if a feature of the parser turns them on).
            emit_comments: false,
        };
        let shift = self.first_line.saturating_sub(1);
        for event in Parser::new_from_str_with_options(text, options) {
            let (event, marks) = event.map_err(|e| {
                let mut problem = self.syntax_error(text, &e);
                if let Some(span) = &mut problem.span {
                    span.line = span.line.saturating_add(shift);
                }
                problem
            })?;
            let mut span = span_of(&marks);
            span.line = span.line.saturating_add(shift);
            self.event(event, span)?;
            while let Some(ready) = self.take() {
                take(ready);
            }
        }
        Ok(self.marks())
    }

    /// Reads one event, at `span` of the file.
    pub fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Problem> {
        if self.skipping.is_some() {
            self.skip(&event);
            return Ok(());
        }
        match event {
            Event::DocumentStart(explicit, _) => {
                if explicit {
                    self.markers.push(span);
                } else if self.started > 0 && self.unmarked.is_none() {
                    self.unmarked = Some(span);
                }
                self.start_document(span)?;
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar(span, &value, style, anchor, tag.as_deref())?;
            }
            Event::SequenceStart(style, anchor, tag) => {
                let first = self.items.len();
                let shape = Shape::Seq { first };
                self.open(span, style, anchor, tag.as_deref(), shape)?;
            }
            Event::MappingStart(style, anchor, tag) => {
                let first = self.pairs.len();
                let shape = Shape::Map {
                    first,
                    key: None,
                    seen: None,
                };
                self.open(span, style, anchor, tag.as_deref(), shape)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
            Event::Alias(id) => self.alias(span, id)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Anchor(..) => {}
            // Nothing else comes with these options; anything new would be content this
            // builder cannot place, and is refused rather than dropped.
            _ => {
                return Err(Problem::syntax(
                    span,
                    "the YAML holds something this tool cannot read",
                )
                .help("write plain YAML: mappings, lists and scalars"));
            }
        }
        Ok(())
    }

    /// The next value read whole, if any.
    pub fn take(&mut self) -> Option<Ready> {
        self.ready.pop_front()
    }

    /// Whether the builder is passing over a value ([`Reading::pass_over`]): the events
    /// up to its end are read only for their nesting and anchors.
    pub fn is_passing_over(&self) -> bool {
        self.skipping.is_some()
    }

    /// Where the document markers read stand.
    pub fn marks(self) -> Marks {
        Marks {
            markers: self.markers,
            unmarked: self.unmarked,
        }
    }

    /// Whether the value about to be read is one the reader never reads
    /// ([`Reading::pass_over`]).
    fn passes_over(&self) -> bool {
        self.reading.pass_over.is_some_and(|pass| {
            (pass.test)(&Place {
                open: &self.open,
                pairs: &self.pairs,
            })
        })
    }

    /// "the YAML nests deeper than `limit` levels", with the reader's note.
    fn too_deep(&self, limit: usize) -> String {
        format!(
            "the YAML nests deeper than {limit} levels{}",
            self.reading.words.depth_note
        )
    }

    /// Starts passing over a value at `span` (a collection, or a scalar when `scalar`).
    fn pass_over(&mut self, span: Span, anchor: usize, scalar: bool) -> Result<(), Problem> {
        if anchor != 0 {
            self.skipped_anchors.push(anchor);
        }
        if scalar {
            return self.passed(span);
        }
        self.skipping = Some(Skipping { depth: 1, span });
        Ok(())
    }

    /// Reads one event inside a subtree passed over.
    fn skip(&mut self, event: &Event<'_>) {
        let Some(skipping) = &mut self.skipping else {
            return;
        };
        match event {
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                skipping.depth += 1;
                if *anchor != 0 {
                    self.skipped_anchors.push(*anchor);
                }
            }
            Event::Scalar(_, _, anchor, _) if *anchor != 0 => self.skipped_anchors.push(*anchor),
            Event::SequenceEnd | Event::MappingEnd => {
                skipping.depth -= 1;
                if skipping.depth == 0 {
                    let span = skipping.span;
                    self.skipping = None;
                    // A null in its place: nothing reads it. It cannot fail: one node.
                    let _ = self.passed(span);
                }
            }
            _ => {}
        }
    }

    /// Puts a null where a value passed over stands.
    fn passed(&mut self, span: Span) -> Result<(), Problem> {
        self.count(1, span)?;
        self.finish(
            Node {
                span,
                kind: Kind::Null,
            },
            1,
            0,
        )
    }

    fn start_document(&mut self, span: Span) -> Result<(), Problem> {
        self.started += 1;
        if self.started <= self.reading.max_documents {
            // Anchors hold within their document only.
            self.anchors.clear();
            self.skipped_anchors.clear();
            self.emptied_anchors.clear();
            return Ok(());
        }
        Err(if self.reading.max_documents == 1 {
            Problem::invalid(span, "the file holds more than one YAML document (`---`)")
                .help(self.reading.words.one_document)
        } else {
            Problem::limit(
                span,
                format!(
                    "the stream holds more than {} YAML documents",
                    thousands(self.reading.max_documents)
                ),
            )
            .help("split the stream into several files of a directory")
        })
    }

    fn scalar(
        &mut self,
        span: Span,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
    ) -> Result<(), Problem> {
        let plain = style == ScalarStyle::Plain && tag.is_none();
        if self.passes_over() {
            return self.pass_over(span, anchor, true);
        }
        if plain && value == "<<" && self.expects_key() {
            if !self.reading.merge_keys {
                return Err(merge_key(span));
            }
            self.count(1, span)?;
            let kind = Kind::Tagged(MERGE.into());
            return self.finish(Node { span, kind }, 1, anchor);
        }
        if plain && span.len == 0 && anchor == 0 && self.open.is_empty() {
            // A document with no content at all (`---` followed by nothing) is no document:
            // the parser gives it an empty null scalar, which takes no room in the text.
            return Ok(());
        }
        let kind = match tag {
            Some(tag) if self.reading.core_tags => self.core_tag(span, value, tag)?,
            Some(tag) => Kind::Tagged(tag_name(tag)),
            None if plain => resolve(value),
            None => Kind::Str(Text::from(value)),
        };
        self.count(1, span)?;
        self.finish(Node { span, kind }, 1, anchor)
    }

    /// A scalar tagged `tag`, in a reading that resolves the core tags
    /// ([`Reading::core_tags`]): `!!str` is the text, `!!int`, `!!float`, `!!bool` and
    /// `!!null` the value the text is of that type; any other tag is kept, tagged, except on
    /// a key, where it is an error.
    fn core_tag(&self, span: Span, value: &str, tag: &Tag) -> Result<Kind, Problem> {
        let name = tag_name(tag);
        let core = name.strip_prefix(CORE);
        if core == Some("str") {
            return Ok(Kind::Str(Text::from(value)));
        }
        let typed = match (core, resolve(value)) {
            (Some("int"), Kind::Int(i)) => Some(Kind::Int(i)),
            (Some("float"), Kind::Float(x)) => Some(Kind::Float(x)),
            #[allow(clippy::cast_precision_loss, reason = "as YAML to JSON converts it")]
            (Some("float"), Kind::Int(i)) => Some(Kind::Float(i as f64)),
            (Some("bool"), Kind::Bool(b)) => Some(Kind::Bool(b)),
            (Some("null"), Kind::Null) => Some(Kind::Null),
            (Some("int" | "float" | "bool" | "null"), _) => None,
            _ if self.expects_key() => {
                return Err(Problem::invalid(
                    span,
                    format!(
                        "a key tagged `{}`: a tag can make a key read differently from how it looks",
                        &name.replace(CORE, "!!")
                    ),
                )
                .help(self.reading.words.no_tags));
            }
            _ => return Ok(Kind::Tagged(name)),
        };
        typed.ok_or_else(|| {
            let what = core.unwrap_or_default();
            Problem::invalid(
                span,
                format!("the value is tagged `!!{what}` but `{value}` is no {what}"),
            )
            .help(self.reading.words.no_tags)
        })
    }

    /// Whether the next node read is a mapping key.
    fn expects_key(&self) -> bool {
        matches!(
            self.open.last(),
            Some(Open {
                shape: Shape::Map { key: None, .. },
                ..
            })
        )
    }

    fn open(
        &mut self,
        span: Span,
        style: StructureStyle,
        anchor: usize,
        tag: Option<&Tag>,
        shape: Shape,
    ) -> Result<(), Problem> {
        if self.passes_over() {
            return self.pass_over(span, anchor, false);
        }
        if self.open.len() >= self.reading.max_depth {
            return Err(Problem::limit(span, self.too_deep(self.reading.max_depth))
                .help(self.reading.words.too_big));
        }
        self.count(1, span)?;
        self.open.push(Open {
            span,
            style,
            anchor,
            tag: tag.map(tag_name),
            count: 1,
            shape,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Problem> {
        // The parser balances starts and ends; an end without a start has nothing to close.
        let Some(open) = self.open.pop() else {
            return Ok(());
        };
        let kind = match open.shape {
            Shape::Seq { first } => Kind::Seq(take_tail(&mut self.items, first)),
            Shape::Map { first, key, .. } => {
                if let Some(key) = key {
                    // The parser gives every key a value; this keeps a key all the same.
                    let span = key.span;
                    self.pairs.push((
                        key,
                        Node {
                            span,
                            kind: Kind::Null,
                        },
                    ));
                }
                Kind::Map(take_tail(&mut self.pairs, first))
            }
        };
        let kind = match open.tag {
            Some(tag) if self.reading.core_tags && core_collection(&tag, &kind) => kind,
            Some(tag) => Kind::Tagged(tag),
            None => kind,
        };
        self.finish(
            Node {
                span: open.span,
                kind,
            },
            open.count,
            open.anchor,
        )
    }

    fn alias(&mut self, span: Span, id: usize) -> Result<(), Problem> {
        if self.passes_over() {
            return self.pass_over(span, 0, true);
        }
        if self.emptied_anchors.contains(&id) {
            return Err(Problem::invalid(
                span,
                "the alias names a list whose items are read one by one and not kept, so what it stands for is not read",
            )
            .help("write the values out instead of the alias"));
        }
        if self.skipped_anchors.contains(&id) {
            return Err(Problem::invalid(
                span,
                format!(
                    "the alias names an anchor inside a value this reader passes over ({}), so what it stands for is not read",
                    self.reading.pass_over.map_or("a value it never reads", |p| p.what)
                ),
            )
            .help("write the value out instead of the alias"));
        }
        self.aliases += 1;
        if self.aliases > limits::MAX_ALIASES {
            return Err(Problem::limit(
                span,
                format!(
                    "the YAML uses more than {} aliases (`*name`), over the limit for {}",
                    thousands(limits::MAX_ALIASES),
                    self.reading.words.unit
                ),
            )
            .help(self.reading.words.too_big));
        }
        let Some((node, count)) = self.anchors.get(&id) else {
            // The parser knows the anchor: it is still open, or in an earlier document.
            let open = self.open.iter().any(|o| o.anchor == id);
            return Err(if open {
                Problem::syntax(
                    span,
                    "the alias stands inside the value its anchor names, which would repeat forever",
                )
            } else {
                Problem::syntax(
                    span,
                    "the alias names an anchor of an earlier document; anchors hold within their own document",
                )
            }
            .help("write the values out instead of the alias"));
        };
        let (mut node, count) = (node.clone(), *count);
        self.replayed = self.replayed.saturating_add(count);
        if self.replayed > limits::MAX_ALIAS_EVENTS {
            return Err(Problem::limit(
                span,
                format!(
                    "the YAML's aliases expand to more than {} nodes",
                    thousands(limits::MAX_ALIAS_EVENTS)
                ),
            )
            .help(format!(
                "aliases expand to more than {} can hold; write the values out instead",
                self.reading.words.holder
            )));
        }
        self.count(count, span)?;
        node.span = span;
        self.finish(node, count, 0)
    }

    /// Counts `n` more nodes against the budget.
    fn count(&mut self, n: usize, span: Span) -> Result<(), Problem> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes <= limits::MAX_NODES {
            return Ok(());
        }
        Err(Problem::limit(
            span,
            format!(
                "the YAML has more than {} nodes, over the limit for {}",
                thousands(limits::MAX_NODES),
                self.reading.words.unit
            ),
        )
        .help(self.reading.words.too_big))
    }

    /// Hands a finished node of `count` nodes to its parent (or makes it a document).
    fn finish(&mut self, node: Node, count: usize, anchor: usize) -> Result<(), Problem> {
        if anchor != 0 {
            // The copy kept for aliases is memory too.
            self.count(count, node.span)?;
            self.anchors.insert(anchor, (node.clone(), count));
        }
        let apart = self.reading.apart.is_some_and(|apart| {
            matches!(
                self.open.last(),
                Some(Open {
                    shape: Shape::Seq { .. },
                    ..
                })
            ) && apart(&Place {
                open: &self.open,
                pairs: &self.pairs,
            })
        });
        if apart {
            for open in &self.open {
                if open.anchor != 0 && !self.emptied_anchors.contains(&open.anchor) {
                    self.emptied_anchors.push(open.anchor);
                }
            }
            // Handed over, not kept: the budget counts what is held.
            self.nodes = self.nodes.saturating_sub(count);
            self.ready.push_back(Ready { node, item: true });
            return Ok(());
        }
        let Some(parent) = self.open.last_mut() else {
            self.ready.push_back(Ready { node, item: false });
            return Ok(());
        };
        parent.count = parent.count.saturating_add(count);
        match &mut parent.shape {
            Shape::Seq { .. } => self.items.push(node),
            Shape::Map { key, first, seen } => match key.take() {
                None => {
                    if self.reading.unique_keys {
                        let pairs = self.pairs.get(*first..).unwrap_or_default();
                        if let Some(earlier) = repeated(pairs, seen, &node) {
                            return Err(self.twice(&node, earlier));
                        }
                    }
                    *key = Some(node);
                }
                Some(key) => {
                    self.pairs.push((key, node));
                }
            },
        }
        Ok(())
    }

    /// A key given a second time in the innermost open mapping, whose first stands at
    /// `first`.
    fn twice(&self, key: &Node, first: Span) -> Problem {
        let text = key_text(key).unwrap_or_default();
        // The key the mapping stands under in its own parent, if any.
        let under = self
            .open
            .len()
            .checked_sub(2)
            .and_then(|level| match &self.open.get(level)?.shape {
                Shape::Map {
                    key:
                        Some(Node {
                            kind: Kind::Str(k), ..
                        }),
                    ..
                } => Some(format!("`{k}`")),
                _ => None,
            })
            .unwrap_or_else(|| "one mapping".to_owned());
        Problem::twice(
            key.span,
            format_args!("duplicate key `{}` in {under}", &text),
            first,
        )
        .help("keep one of the two: tools differ on which one counts (kubectl takes the last)")
    }
    /// A syntax error at the parser's mark, or, for a `[` or `{` never closed, at the
    /// bracket.
    fn syntax_error(&self, text: &str, error: &ScanError) -> Problem {
        let mark = error.marker();
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let span = Span::new(
            clamp(mark.line()).max(1),
            clamp(mark.col()).saturating_add(1),
            1,
        );
        if *error.kind() == ErrorKind::RecursionLimitExceeded {
            return Problem::limit(span, self.too_deep(self.reading.max_parse_depth))
                .help(self.reading.words.too_big);
        }
        // The mistake in the file's own terms, where the text shows a common one.
        if let Some(diagnosis) = super::syntax::diagnose(text, span.line, self.reading.hints) {
            return diagnosis.into();
        }
        let unclosed = match error.kind() {
            ErrorKind::UnclosedFlowCollection { open } => Some(*open),
            ErrorKind::UnexpectedEofFlowSequence => Some('['),
            ErrorKind::UnexpectedEofFlowMapping => Some('{'),
            _ => None,
        };
        if let Some(open) = unclosed {
            let close = if open == '{' { '}' } else { ']' };
            // The innermost open flow collection is the one left unclosed.
            let at = self
                .open
                .iter()
                .rev()
                .find(|o| o.style == StructureStyle::Flow)
                .map_or(span, |o| Span { len: 1, ..o.span });
            return Problem::syntax(
                at,
                format!("unclosed bracket `{open}`: the file ends before its `{close}`"),
            )
            .help(format!("close it with `{close}` after its last item"));
        }
        let control = text
            .get(mark.byte_offset().unwrap_or(usize::MAX)..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        if let Some(c) = control {
            return Problem::syntax(
                span,
                format!(
                    "found a character that YAML does not allow in a file (U+{:04X})",
                    u32::from(c)
                ),
            )
            .help("remove it; inside a double-quoted string it can be written as an escape such as `\\u0007`");
        }
        let (message, help) = translate(error.kind(), &error.info(), &self.reading.words);
        Problem::syntax(span, message).help(help)
    }
}

/// From this many children on, a collection keeps the scratch stack's allocation.
const LARGE_COLLECTION: usize = 4096;

/// The children of `stack` from `first` on, as a slice of exactly their number. A large
/// collection takes the stack's own allocation (the few elements below it are moved out
/// instead, and shrinking a large allocation does not copy it), so a long list is never in
/// memory twice.
fn take_tail<T>(stack: &mut Vec<T>, first: usize) -> Box<[T]> {
    let first = first.min(stack.len());
    let children = stack.len().saturating_sub(first);
    if children >= LARGE_COLLECTION && first < children {
        let mut whole = std::mem::take(stack);
        *stack = whole.drain(..first).collect();
        return whole.into_boxed_slice();
    }
    stack.drain(first..).collect()
}

/// A plain scalar by the YAML 1.2 core schema, with strict booleans: `yes`, `on`, `y` stay
/// strings, as do dates and anything else that is not exactly a null, a boolean or a number.
fn resolve(value: &str) -> Kind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => Kind::Null,
        "true" | "True" | "TRUE" => Kind::Bool(true),
        "false" | "False" | "FALSE" => Kind::Bool(false),
        _ => number(value).unwrap_or_else(|| Kind::Str(Text::from(value))),
    }
}

/// A core-schema number: decimal, `0o` octal or `0x` hexadecimal integers, decimal floats,
/// `.inf` and `.nan`. Integers past `i64` only ever appear in an error message: a float
/// says enough.
fn number(value: &str) -> Option<Kind> {
    let first = *value.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = value.strip_prefix("0x") {
        return integer(hex, 16);
    }
    if let Some(octal) = value.strip_prefix("0o") {
        return integer(octal, 8);
    }
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    let negative = value.starts_with('-');
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match value.parse::<i64>() {
            Ok(i) => Kind::Int(i),
            Err(_) => Kind::Float(value.parse::<f64>().ok()?),
        });
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" if negative => return Some(Kind::Float(f64::NEG_INFINITY)),
        ".inf" | ".Inf" | ".INF" => return Some(Kind::Float(f64::INFINITY)),
        _ => {}
    }
    if matches!(value, ".nan" | ".NaN" | ".NAN") {
        return Some(Kind::Float(f64::NAN));
    }
    if is_decimal_float(unsigned) {
        return value.parse::<f64>().ok().map(Kind::Float);
    }
    None
}

/// An integer of `radix` written with its digits only.
fn integer(digits: &str, radix: u32) -> Option<Kind> {
    if digits.is_empty() {
        return None;
    }
    let mut value: f64 = 0.0;
    for c in digits.chars() {
        value = value * f64::from(radix) + f64::from(c.to_digit(radix)?);
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => Kind::Int(i),
        Err(_) => Kind::Float(value),
    })
}

/// `( . digits | digits ( . digits? )? ) ( [eE] [-+]? digits )?`: the core schema's float,
/// without its sign.
fn is_decimal_float(text: &str) -> bool {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A key as the JSON kubectl converts YAML to names it (`1` and `"1"` are one key); `None`
/// for a key that is no scalar.
fn key_text(key: &Node) -> Option<Cow<'_, str>> {
    Some(match &key.kind {
        Kind::Str(s) => Cow::Borrowed(&**s),
        Kind::Int(i) => Cow::Owned(i.to_string()),
        Kind::Float(x) => Cow::Owned(x.to_string()),
        Kind::Bool(b) => Cow::Owned(b.to_string()),
        Kind::Null => Cow::Borrowed("null"),
        _ => return None,
    })
}

/// Where `key` was given before among `pairs` (a mapping's so far), if it was; past
/// [`SMALL_MAP`] pairs the keys are kept in `seen`, so a large mapping costs one hash per
/// key, not a scan.
fn repeated(
    pairs: &[(Node, Node)],
    seen: &mut Option<HashMap<String, Span>>,
    key: &Node,
) -> Option<Span> {
    let text = key_text(key)?;
    if let Some(seen) = seen {
        if let Some(first) = seen.get(&*text) {
            return Some(*first);
        }
        seen.insert(text.into_owned(), key.span);
        return None;
    }
    if let Some((first, _)) = pairs
        .iter()
        .find(|(k, _)| key_text(k).as_deref() == Some(&*text))
    {
        return Some(first.span);
    }
    if pairs.len() >= SMALL_MAP {
        let mut keys = HashMap::with_capacity(pairs.len() * 2);
        for (k, _) in pairs {
            if let Some(t) = key_text(k) {
                keys.entry(t.into_owned()).or_insert(k.span);
            }
        }
        keys.insert(text.into_owned(), key.span);
        *seen = Some(keys);
    }
    None
}

/// The prefix of the YAML core tags, `!!` written in full.
const CORE: &str = "tag:yaml.org,2002:";

/// Whether `tag` is the core tag of what `kind` is: `!!map` on a mapping, `!!seq` on a list.
fn core_collection(tag: &str, kind: &Kind) -> bool {
    match tag.strip_prefix(CORE) {
        Some("map") => matches!(kind, Kind::Map(_)),
        Some("seq") => matches!(kind, Kind::Seq(_)),
        _ => false,
    }
}

/// A tag as written in full: `!prod`, `tag:yaml.org,2002:binary`.
fn tag_name(tag: &Tag) -> Box<str> {
    format!("{}{}", tag.handle(), tag.suffix()).into_boxed_str()
}

/// The parser's marks as a [`Span`]: its lines are 1-based and its columns 0-based, both
/// counted in code points with LF, CRLF and a lone CR each ending a line.
fn span_of(marks: &granit_parser::Span) -> Span {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Span::new(
        clamp(marks.start.line()).max(1),
        clamp(marks.start.col()).saturating_add(1),
        clamp(marks.end.index().saturating_sub(marks.start.index())),
    )
}

fn merge_key(span: Span) -> Problem {
    Problem::invalid(
        span,
        "merge keys (`<<`) are not accepted: they copy values in from elsewhere, where a review does not see them",
    )
    .help("write the values out in this mapping (`<<` is YAML 1.1; in YAML 1.2 it means nothing special)")
}

/// The parser's message, and a hint for the common cases.
fn translate(kind: &ErrorKind, info: &str, words: &Words) -> (String, &'static str) {
    let help = match kind {
        ErrorKind::UnknownAnchor => {
            "define the anchor (`&name`) before its alias (`*name`), or write the value out"
        }
        ErrorKind::TabNotAllowed | ErrorKind::TabInIndentation => {
            "indent with spaces: YAML does not allow tabs for indentation"
        }
        _ if info.contains("tag") => words.no_tags,
        _ if info.contains("tabs") || info.contains("a tab") => {
            "indent with spaces: YAML does not allow tabs for indentation"
        }
        _ => words.syntax,
    };
    (info.trim().to_owned(), help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::runtime::parse_runtime;

    /// A profile's reading, whose words the assertions name.
    fn parse(text: &str) -> Result<Node, Problem> {
        super::parse(text, &crate::load::profile::READING)
    }

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

    fn spans(text: &str) -> Vec<(u32, u32, u32)> {
        let Ok(node) = parse(text) else {
            panic!("valid YAML: {text:?}")
        };
        let Kind::Map(entries) = node.kind else {
            panic!("a mapping")
        };
        entries
            .iter()
            .flat_map(|(k, v)| [k.span, v.span])
            .map(|s| (s.line, s.column, s.len))
            .collect()
    }

    fn problem(text: &str) -> Problem {
        match parse(text) {
            Ok(node) => panic!("{text:?} must fail, gave {node:?}"),
            Err(problem) => problem,
        }
    }

    #[test]
    fn lf_crlf_and_a_lone_cr_all_end_a_line() {
        let expected = [(2, 1, 7), (2, 10, 4), (3, 1, 4), (3, 7, 3)];
        for text in [
            "# note\nprofile: PROD\nname: Чат\n",
            "# note\r\nprofile: PROD\r\nname: Чат\r\n",
            "# note\rprofile: PROD\rname: Чат\r",
            "# note\rprofile: PROD\r\nname: Чат\n",
        ] {
            assert_eq!(spans(text), expected, "{text:?}");
        }
        // Columns count code points, not bytes; a quoted value's span covers its quotes.
        assert_eq!(spans("Чат: 'да'"), [(1, 1, 3), (1, 6, 4)]);
        // The columns of a value after a lone CR start again at 1.
        let source = crate::source::Source::new("x", "a: 1\rbb: [x, yy]\r");
        assert_eq!(source.line(2), Some("bb: [x, yy]"));
        assert_eq!(spans("a: 1\rbb: [x, yy]\r")[2..], [(2, 1, 2), (2, 5, 1)]);
    }

    #[test]
    fn plain_scalars_follow_the_core_schema_with_strict_booleans() {
        for (text, expected) in [
            ("~", Kind::Null),
            ("null", Kind::Null),
            ("NULL", Kind::Null),
            ("true", Kind::Bool(true)),
            ("True", Kind::Bool(true)),
            ("FALSE", Kind::Bool(false)),
            ("42", Kind::Int(42)),
            ("-7", Kind::Int(-7)),
            ("+7", Kind::Int(7)),
            ("0o17", Kind::Int(15)),
            ("0x1F", Kind::Int(31)),
            ("1.5", Kind::Float(1.5)),
            ("-.5", Kind::Float(-0.5)),
            ("1e3", Kind::Float(1000.0)),
            ("2.", Kind::Float(2.0)),
            ("-.inf", Kind::Float(f64::NEG_INFINITY)),
            (".Inf", Kind::Float(f64::INFINITY)),
            ("99999999999999999999", Kind::Float(1e20)),
        ] {
            assert_eq!(kind(text), expected, "{text}");
        }
        assert!(matches!(kind(".nan"), Kind::Float(x) if x.is_nan()));
        for text in [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "tRue",
            "nul",
            "0b101",
            "1_000",
            "0x",
            "0o8",
            ".",
            "1e",
            "1.2.3",
            "+",
            "-1-",
            "2026-01-28",
            "1:20",
            ".infinity",
            "0x1G",
        ] {
            assert_eq!(kind(text), Kind::Str(text.into()), "{text}");
        }
        for text in ["'true'", "\"42\"", "'~'", "|\n  null\n"] {
            assert!(matches!(kind(text), Kind::Str(_)), "{text}");
        }
        assert_eq!(kind("a:"), {
            let Kind::Map(entries) = kind("a:") else {
                panic!("a mapping")
            };
            assert_eq!(entries.first().map(|(_, v)| &v.kind), Some(&Kind::Null));
            kind("a:")
        });
    }

    #[test]
    fn tags_are_kept_and_named() {
        assert_eq!(
            kind("!!binary UFJPRA=="),
            Kind::Tagged("tag:yaml.org,2002:binary".into())
        );
        assert_eq!(kind("!prod x"), Kind::Tagged("!prod".into()));
        assert_eq!(
            kind("!!map {a: 1}"),
            Kind::Tagged("tag:yaml.org,2002:map".into())
        );
        // A tagged value stands where its value does, after the tag.
        assert_eq!(spans("profile: !!binary UFJPRA==")[1], (1, 19, 8));
    }

    #[test]
    fn merge_keys_are_refused_at_their_line_wherever_they_stand() {
        for (text, line, column) in [
            ("<<: {a: 1}\n", 1, 1),
            ("contours:\n  <<: {live: enabled}\n", 2, 3),
            ("contours: {<<: {auto: disabled}, live: enabled}\n", 1, 12),
            ("modules:\n  - id: a\n    <<: {active: false}\n", 3, 5),
            ("x: [{<<: {a: 1}}]\n", 1, 6),
            ("a: 1\n<<:\n", 2, 1),
            ("a: &a {b: 1}\nc:\n  d: 1\n  <<: *a\n", 4, 3),
            ("? <<\n: 1\n", 1, 3),
        ] {
            let p = problem(text);
            assert_eq!(
                p.span.map(|s| (s.line, s.column)),
                Some((line, column)),
                "{text:?}"
            );
            assert!(p.message.contains("merge keys"), "{text:?}");
            assert!(
                p.help
                    .is_some_and(|h| h.starts_with("write the values out"))
            );
        }
        // As a value, or quoted, `<<` is an ordinary string.
        assert!(parse("a: <<\n'<<': 1\n").is_ok());
    }

    #[test]
    fn aliases_are_expanded_where_they_stand() {
        let Kind::Map(entries) = kind("a: &x [1, 2]\nb: *x\n") else {
            panic!("a mapping")
        };
        let Some((_, b)) = entries.get(1) else {
            panic!("two entries")
        };
        assert_eq!((b.span.line, b.span.column, b.span.len), (2, 4, 2));
        let Kind::Seq(items) = &b.kind else {
            panic!("a list")
        };
        assert_eq!(items.len(), 2);
        assert!(problem("a: &x [*x]\n").message.contains("repeat forever"));
        assert!(problem("a: *x\n").message.contains("unknown anchor"));
        assert!(
            problem("a: &x 1\n---\nb: *x\n")
                .message
                .contains("more than one")
        );
        let Err(p) = parse_documents("a: &x 1\n---\nb: *x\n", 2) else {
            panic!("an anchor holds in its own document only")
        };
        assert!(p.message.contains("unknown anchor"), "{p:?}");
    }

    #[test]
    fn budgets_stop_bombs_and_depth() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
        let p = problem(bomb);
        assert!(p.message.contains("aliases expand"), "{p:?}");
        assert_eq!(p.span.map(|s| s.line), Some(4));
        let deep = format!("a: {}{}", "[".repeat(40), "]".repeat(40));
        let p = problem(&deep);
        assert!(p.message.contains("nests deeper than 32"), "{p:?}");
        // The parser meets its own bound while it reads ahead, one bracket further.
        assert_eq!(p.span.map(|s| s.column), Some(4 + 32));
        let many = format!("[{}]", "a,".repeat(limits::MAX_NODES));
        assert!(problem(&many).message.contains("nodes"));
    }

    #[test]
    fn collections_take_exactly_their_children() {
        let mut stack: Vec<u32> = (0..10).collect();
        assert_eq!(&*take_tail(&mut stack, 7), [7, 8, 9]);
        assert_eq!(stack, (0..7).collect::<Vec<_>>());
        let mut stack: Vec<usize> = (0..LARGE_COLLECTION + 3).collect();
        let tail = take_tail(&mut stack, 3);
        assert_eq!(tail.len(), LARGE_COLLECTION);
        assert_eq!(tail.first(), Some(&3));
        assert_eq!(stack, [0, 1, 2]);
        assert!(take_tail(&mut stack, 9).is_empty());
        assert_eq!(stack.len(), 3);
    }

    #[test]
    fn streams_hold_several_documents() {
        let Ok(documents) = parse_documents("---\na: 1\n---\n---\nb: 2\n...\n", 5) else {
            panic!("a stream of three documents")
        };
        assert_eq!(documents.len(), 2, "the empty document is skipped");
        let Ok(documents) = parse_documents("a: 1\n--- ~\n", 5) else {
            panic!("a stream of two documents")
        };
        assert_eq!(documents.get(1).map(|d| &d.kind), Some(&Kind::Null));
        assert_eq!(parse_documents("# only a comment\n", 5), Ok(Vec::new()));
        let Err(p) = parse_documents("a: 1\n---\nb: 2\n---\nc: 3\n", 2) else {
            panic!("three documents are over a limit of two")
        };
        assert!(
            p.message
                .contains("the stream holds more than 2 YAML documents")
        );
        assert_eq!(p.span.map(|s| s.line), Some(4));
        assert_eq!(parse("# nothing\n").map(|n| n.kind), Ok(Kind::Null));
    }

    #[test]
    fn runtime_streams_pass_over_what_no_reader_reads() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let text = format!(
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {deep}\n---\n\
             apiVersion: v1\nkind: ConfigMap\nmetadata: {{annotations: {deep}, labels: {{a: b}}}}\ndata: {deep}\nstatus: {deep}\n---\n\
             apiVersion: v1\nkind: List\nitems:\n- {{kind: Pod, status: {deep}}}\n"
        );
        let Ok(stream) = parse_runtime(&text, 10) else {
            panic!("what is passed over is not built, nor counted against the depth")
        };
        assert_eq!(stream.documents.len(), 3);
        assert_eq!(stream.markers.len(), 2);
        let Some(Kind::Map(crd)) = stream.documents.first().map(|d| &d.kind) else {
            panic!("a mapping")
        };
        assert_eq!(crd.get(2).map(|(_, v)| &v.kind), Some(&Kind::Null));
        // The same depth where a reader reads is over the limit.
        let Err(p) = parse_runtime(&format!("apiVersion: v1\nkind: Pod\nspec: {deep}\n"), 10)
        else {
            panic!("too deep")
        };
        assert!(p.message.contains("deeper than 64"), "{p:?}");
        // A CRD of another group is no CRD: its spec is read.
        assert!(
            parse_runtime(
                &format!(
                    "apiVersion: example.com/v1\nkind: CustomResourceDefinition\nspec: {deep}\n"
                ),
                10
            )
            .is_err()
        );
        // An alias of what was passed over is refused.
        let Err(p) = parse_runtime("kind: Pod\nstatus: &s {a: 1}\nspec: *s\n", 10) else {
            panic!("an alias of what was not built")
        };
        assert!(p.message.contains("passes over"), "{p:?}");
        // A merge key is kept, tagged, for the reader.
        let Ok(stream) = parse_runtime("x: &x {a: 1}\ny: {<<: *x}\n", 10) else {
            panic!("kept")
        };
        let Some(y) = stream.documents.first().and_then(|d| match &d.kind {
            Kind::Map(entries) => entries.get(1).map(|(_, v)| v.clone()),
            _ => None,
        }) else {
            panic!("y")
        };
        assert!(
            matches!(&y.kind, Kind::Map(e) if matches!(&e[0].0.kind, Kind::Tagged(t) if &**t == MERGE))
        );
        // A profile still refuses it.
        assert!(parse("y: {<<: {a: 1}}\n").is_err());
    }

    #[test]
    fn runtime_readings_resolve_the_core_tags_as_kubectl_does() {
        let first = |text: &str| match parse_runtime(text, 1) {
            Ok(stream) => match stream.documents.first().map(|d| &d.kind) {
                Some(Kind::Map(entries)) => entries.first().cloned(),
                _ => None,
            },
            Err(p) => panic!("{text:?}: {p:?}"),
        };
        for (text, key, value) in [
            (
                "!!str replicas: 0\n",
                Kind::Str("replicas".into()),
                Kind::Int(0),
            ),
            ("a: !!str 3\n", Kind::Str("a".into()), Kind::Str("3".into())),
            ("a: !!int 3\n", Kind::Str("a".into()), Kind::Int(3)),
            ("a: !!float 3\n", Kind::Str("a".into()), Kind::Float(3.0)),
            ("a: !!bool true\n", Kind::Str("a".into()), Kind::Bool(true)),
            ("a: !!null ~\n", Kind::Str("a".into()), Kind::Null),
            ("!!int 1: x\n", Kind::Int(1), Kind::Str("x".into())),
        ] {
            let Some((k, v)) = first(text) else {
                panic!("{text:?}: a mapping")
            };
            assert_eq!((k.kind, v.kind), (key, value), "{text:?}");
        }
        // `!!map` and `!!seq` on their own kind are the plain collection.
        assert!(matches!(
            first("a: !!map {b: 1}\n"),
            Some((
                _,
                Node {
                    kind: Kind::Map(_),
                    ..
                }
            ))
        ));
        assert!(matches!(
            first("a: !!seq [1]\n"),
            Some((
                _,
                Node {
                    kind: Kind::Seq(_),
                    ..
                }
            ))
        ));
        // A text that is no value of its tag's type is an error; so is another tag on a key.
        for text in [
            "a: !!int three\n",
            "a: !!bool yes\n",
            "a: !!null x\n",
            "!!binary a: 1\n",
            "!x a: 1\n",
        ] {
            let Err(p) = parse_runtime(text, 1) else {
                panic!("{text:?} must fail")
            };
            assert!(p.message.contains("tagged"), "{text:?}: {p:?}");
        }
        // Another tag on a value is kept for the reader to refuse; a profile keeps them all.
        assert!(matches!(
            first("a: !x b\n"),
            Some((
                _,
                Node {
                    kind: Kind::Tagged(_),
                    ..
                }
            ))
        ));
        assert_eq!(
            kind("!!str x"),
            Kind::Tagged("tag:yaml.org,2002:str".into())
        );
    }

    #[test]
    fn runtime_readings_refuse_a_key_given_twice_at_the_second() {
        for (text, line, first) in [
            ("a: 1\nb: 2\na: 3\n", 3, 1),
            ("spec:\n  replicas: 1\n  replicas: 2\n", 3, 2),
            ("{\"a\": 1, \"a\": 2}\n", 1, 1),
            ("a: 1\n!!str a: 2\n", 2, 1),
            ("1: x\n'1': y\n", 2, 1),
        ] {
            let Err(p) = parse_runtime(text, 1) else {
                panic!("{text:?} must fail")
            };
            assert_eq!(p.span.map(|s| s.line), Some(line), "{text:?}");
            assert!(p.message.starts_with("duplicate key"), "{p:?}");
            assert_eq!(p.first.map(|s| s.line), Some(first), "{p:?}");
        }
        let Err(p) = parse_runtime("spec:\n  replicas: 1\n  replicas: 2\n", 1) else {
            panic!("twice")
        };
        assert_eq!(
            p.worded(),
            "duplicate key `replicas` in `spec`; the first is at line 2, column 3"
        );
        // A large mapping: the key repeated past the small size is found in the hash.
        let mut large: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(parse_runtime(&large, 1).is_ok());
        large.push_str("k42: again\n");
        let Err(p) = parse_runtime(&large, 1) else {
            panic!("k42 twice")
        };
        assert!(p.worded().contains("line 43, column 1"), "{p:?}");
        // The same key in two mappings, or in a mapping passed over, is no repeat.
        assert!(parse_runtime("a: {x: 1}\nb: {x: 1}\n", 1).is_ok());
        assert!(parse_runtime("kind: Pod\nstatus: {x: 1, x: 2}\n", 1).is_ok());
        // A profile's reading keeps both for its decoder.
        assert!(parse("a: 1\na: 2\n").is_ok());
    }

    #[test]
    fn syntax_errors_stand_at_the_parser_mark() {
        let p = problem("a: [1, 2\nb: 3\n");
        assert!(p.span.is_some());
        // The diagnosis of the text points at the tab itself.
        let p = problem("a:\n\tb: 1\n");
        assert_eq!(p.span.map(|s| (s.line, s.column)), Some((2, 1)));
        assert!(p.help.is_some_and(|h| h.contains("tabs")));
    }
}
