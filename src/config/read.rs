//! Reading `profile-check.toml`: its TOML tables become the located tree every input is
//! decoded from (`load::tree`), and the one decoder (`load::decode`) reads them, with the
//! same wording for unknown keys, duplicates and wrong types as every other input, in
//! TOML's nouns (a table, a key, an array). What only the configuration checks — paths
//! that stay in the repository, the release tag glob, module ids — is here.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Config, Defaults, ProfileEntry, REPORT, RUNTIME, TOP, profile_keys};
use crate::error::{InputError, Problem, ProblemKind, thousands};
use crate::inputs::InputKind;
use crate::load::decode::{Decoder, Fields, Syntax, TOML_DATETIME, is_kebab_case};
use crate::load::normalized;
use crate::load::runtime::Options;
use crate::load::tree::{Kind, Node, Text};
use crate::profile::{Keyword, Located};
use crate::report::{Format, TableStyle};
use crate::source::{Source, Span};
use crate::suggest::did_you_mean;

/// Reads and checks the configuration at `path`, with the limits of every input.
pub fn load(path: &str) -> Result<Config, InputError> {
    parse(Arc::new(crate::load::read(path)?))
}

/// The largest configuration read: a real one is a few kilobytes, and the TOML parser
/// holds the whole document before the reader sees a key.
const MAX_BYTES: usize = 1 << 20;

/// Checks the configuration in `source`, reporting every problem at its line and column.
pub fn parse(source: Arc<Source>) -> Result<Config, InputError> {
    if source.text.len() > MAX_BYTES {
        let problem = Problem::whole(ProblemKind::Limit, format!(
            "the configuration is {} bytes, over the limit of {MAX_BYTES} bytes (1 MiB); a configuration is some dozens of lines",
            source.text.len()
        ))
        .help("check that this is the right file: `profile-check schema config` gives the keys");
        return Err(InputError::one(&source.name, problem));
    }
    let fail = |source: &Source, mut problems: Vec<Problem>| {
        problems.sort_by_key(|p| p.span);
        InputError {
            path: source.name.clone(),
            problems,
        }
    };
    let root = match DeTable::parse(&source.text) {
        Ok(root) => root,
        Err(e) => {
            let message = e.message().trim_end().to_owned();
            let problem = match e.span() {
                Some(range) => Problem::syntax(Places::new(&source.text).span(range), message),
                None => Problem::whole(ProblemKind::Syntax, message),
            }
            .help("see the TOML syntax at https://toml.io; `profile-check schema config` gives the keys");
            return Err(fail(&source, vec![problem]));
        }
    };
    let places = Places::new(&source.text);
    let mut budget = MAX_VALUES + 1;
    let tree = table(
        &places,
        root.get_ref(),
        places.span(root.span()),
        &mut budget,
    );
    if budget == 0 {
        let problem = Problem::whole(ProblemKind::Limit, format!(
            "the configuration holds more than {} keys and values; a configuration is some dozens of lines",
            thousands(MAX_VALUES)
        ))
        .help("check that this is the right file: `profile-check schema config` gives the keys");
        return Err(fail(&source, vec![problem]));
    }
    let mut reader = Reader {
        d: Decoder::new(Syntax::Toml),
        tree: Tree::of(&source.name),
    };
    let read = reader.config(&tree);
    let problems = reader.d.into_problems();
    match read {
        Some(parts) if problems.is_empty() => Ok(Config {
            source,
            require: parts.require,
            profiles: parts.profiles,
            release_tags: parts.release_tags,
            runtime: parts.runtime,
            defaults: parts.defaults,
        }),
        _ => Err(fail(&source, problems)),
    }
}

/// Most keys and values a configuration may hold: a real one holds some dozens, and every
/// one costs a node of the tree.
const MAX_VALUES: usize = 10_000;

/// Places in the configuration's text, through one index of its lines, so that a file of
/// many keys costs one pass over its text, not one per key.
pub(super) struct Places<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// The last place found: its byte offset and 0-based column, to count on from.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> Places<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Self {
            text,
            starts: crate::source::line_starts(text).collect(),
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// The place of the bytes `range`: line, column and length in code points (the length
    /// counted to the end of its first line: it is for carets).
    pub(super) fn span(&self, range: Range<usize>) -> Span {
        let line = self.starts.partition_point(|&s| s <= range.start).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        // Places are mostly asked for in file order: count on from the last one on the line.
        let (at, column) = self.last.get();
        let (from, before) = if (line_start..=range.start).contains(&at) {
            (at, column)
        } else {
            (line_start, 0)
        };
        let column = before
            + self
                .text
                .get(from..range.start)
                .map_or(0, |t| t.chars().count());
        self.last.set((range.start, column));
        let len = self.text.get(range).map_or(0, |t| {
            t.chars().take_while(|c| !matches!(c, '\n' | '\r')).count()
        });
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span::new(n(line), n(column + 1), n(len))
    }
}

/// A TOML table as a located mapping, its keys in file order; `budget` counts down the
/// nodes built ([`MAX_VALUES`]), and nothing more is built once it is spent.
fn table(places: &Places<'_>, table: &DeTable<'_>, at: Span, budget: &mut usize) -> Node {
    let mut pairs: Vec<(Node, Node)> = Vec::new();
    for (key, value) in table {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let key_node = Node {
            span: places.span(key.span()),
            kind: Kind::Str(Text::from(&**key.get_ref())),
        };
        pairs.push((key_node, located(places, value, budget)));
    }
    Node {
        span: at,
        kind: Kind::Map(pairs.into_boxed_slice()),
    }
}

/// A TOML value as a located node. Numbers keep their text's value where it fits; a
/// date-time, which no key takes, is tagged so that the decoder names it.
fn located(places: &Places<'_>, value: &Spanned<DeValue<'_>>, budget: &mut usize) -> Node {
    let at = places.span(value.span());
    *budget = budget.saturating_sub(1);
    let kind = match value.get_ref() {
        DeValue::String(s) => Kind::Str(Text::from(&**s)),
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Integer(i) => {
            let digits = i.to_string().replace('_', "");
            digits
                .parse()
                .map_or_else(|_| Kind::Float(f64::NAN), Kind::Int)
        }
        DeValue::Float(x) => {
            Kind::Float(x.to_string().replace('_', "").parse().unwrap_or(f64::NAN))
        }
        DeValue::Datetime(_) => Kind::Tagged(TOML_DATETIME.into()),
        DeValue::Array(items) => {
            let mut nodes = Vec::new();
            for item in items.iter() {
                if *budget == 0 {
                    break;
                }
                nodes.push(located(places, item, budget));
            }
            Kind::Seq(nodes.into_boxed_slice())
        }
        DeValue::Table(t) => return table(places, t, at, budget),
    };
    Node { span: at, kind }
}

/// What the top level gives.
struct Parts {
    require: Vec<Located<InputKind>>,
    profiles: Vec<ProfileEntry>,
    release_tags: Option<Located<String>>,
    runtime: Options,
    defaults: Defaults,
}

/// Decodes the configuration's located tree, collecting every problem.
struct Reader {
    d: Decoder,
    tree: Tree,
}

/// Where configured paths may lead: the configuration's directory, and the root of the
/// repository it belongs to (the directory holding `.git`, else its own directory), both
/// absolute and without `.` or `..`.
struct Tree {
    base: std::path::PathBuf,
    root: std::path::PathBuf,
}

impl Tree {
    fn of(config: &str) -> Self {
        let dir = Path::new(config).parent().unwrap_or_else(|| Path::new(""));
        let base = std::env::current_dir()
            .map(|cwd| normalized(&cwd.join(dir)))
            .unwrap_or_else(|_| normalized(dir));
        let root = crate::load::work_tree_of(&base)
            .unwrap_or(&base)
            .to_path_buf();
        Self { base, root }
    }
}

impl Reader {
    fn config(&mut self, root: &Node) -> Option<Parts> {
        let top = self.d.mapping(root, "the configuration", TOP, &[])?;
        let require = match top.get("require") {
            Some(value) => self.require(value),
            None => Some(Vec::new()),
        };
        let runtime = match top.get("runtime") {
            Some(value) => self.runtime(value),
            None => Some(Options::default()),
        };
        let release_tags = top.get("release_tags").map(|v| self.release_tags(v));
        let mut defaults = Defaults::default();
        if let Some(strict) = top
            .get("strict")
            .and_then(|v| self.d.boolean(v, "`strict`"))
        {
            defaults.strict = strict.value;
        }
        if let Some(value) = top.get("report") {
            self.report(value, &mut defaults);
        }
        let profiles = self.profiles(&top);
        let release_tags = match release_tags {
            Some(read) => Some(read?),
            None => None,
        };
        Some(Parts {
            require: require?,
            profiles: profiles?,
            release_tags,
            runtime: runtime?,
            defaults,
        })
    }

    /// `[[profile]]`: each profile once, however its path is spelt.
    fn profiles(&mut self, top: &Fields<'_>) -> Option<Vec<ProfileEntry>> {
        let Some(list) = top.get("profile") else {
            self.d.report(
                Problem::whole(ProblemKind::Missing, "the configuration names no profile").expected("[[profile]]").help(
                    "add a table `[[profile]]` with `path = \"profiles/prod.yaml\"` (`profile-check init` writes one)",
                ),
            );
            return None;
        };
        let tables = self.d.list(list, "the `[[profile]]` tables")?;
        if tables.is_empty() {
            self.d.report(
                Problem::missing(list.span, "`profile` lists no profile")
                    .help("add `path = \"profiles/prod.yaml\"` under `[[profile]]`"),
            );
        }
        let mut profiles = Vec::new();
        // Two spellings of one file (`./profiles/prod.yaml`, `profiles/prod.yaml`, a link)
        // are one profile: compared as normalised paths, and as files where they exist.
        let mut seen: Vec<(std::path::PathBuf, Option<std::path::PathBuf>, String, Span)> =
            Vec::new();
        for table in tables {
            let Some(entry) = self.profile(table) else {
                continue;
            };
            let lexical = normalized(&self.tree.base.join(&entry.path.value));
            let file = std::fs::canonicalize(&lexical).ok();
            let twice = seen.iter().find(|(other, other_file, _, _)| {
                *other == lexical || (file.is_some() && *other_file == file)
            });
            if let Some((_, _, first, at)) = twice {
                let as_written = if *first == entry.path.value {
                    String::new()
                } else {
                    format!(" (as `{first}`)")
                };
                self.d.report(
                    Problem::twice(
                        entry.path.span,
                        format_args!(
                            "the profile `{}` is configured twice{as_written}",
                            &entry.path.value
                        ),
                        *at,
                    )
                    .help("keep one [[profile]] table per profile, with all its inputs and `require` in it"),
                );
                continue;
            }
            seen.push((lexical, file, entry.path.value.clone(), entry.path.span));
            profiles.push(entry);
        }
        Some(profiles)
    }

    /// `release_tags = "v[0-9]*"`: a glob of tag names.
    fn release_tags(&mut self, value: &Node) -> Option<Located<String>> {
        let text = self.d.string(value, "`release_tags`")?;
        match crate::load::git::check_pattern(&text.value) {
            Ok(()) => Some(text),
            Err(why) => {
                self.d.report(
                    Problem::invalid(
                        text.span,
                        format!(
                            "the release tag pattern `{}` {why}",
                            &text.value
                        ),
                    )
                    .help("write a glob such as \"v[0-9]*\" (`*`, `?` and `[…]` as git's `describe --match` reads them)"),
                );
                None
            }
        }
    }

    /// `[report]`: `format`, `table` and `[report.files]`.
    fn report(&mut self, value: &Node, defaults: &mut Defaults) {
        let Some(entries) = self.d.mapping(value, "the [report] table", REPORT, &[]) else {
            return;
        };
        if let Some(value) = entries.get("format") {
            defaults.format = self.d.keyword::<Format>(value, "`format`").map(|f| f.value);
        }
        if let Some(value) = entries.get("table") {
            defaults.table = self
                .d
                .keyword::<TableStyle>(value, "`table`")
                .map(|t| t.value);
        }
        let Some(files) = entries.get("files") else {
            return;
        };
        let formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let Some(files) = self
            .d
            .mapping(files, "the [report.files] table", &formats, &[])
        else {
            return;
        };
        for format in Format::ALL {
            if let Some(path) = files
                .get(format.name())
                .and_then(|value| self.path(format.name(), value))
            {
                defaults.files.push((*format, path));
            }
        }
    }

    /// `[runtime]`: the workload mapping of Kubernetes and Compose runtimes.
    fn runtime(&mut self, value: &Node) -> Option<Options> {
        let before = self.d.problems.len();
        let entries = self.d.mapping(value, "the [runtime] table", RUNTIME, &[])?;
        let mut options = Options::default();
        if let Some(label) = entries
            .get("label")
            .and_then(|v| self.d.string(v, "`label`"))
        {
            options.mapping.label = label.value;
        }
        if let Some(label) = entries
            .get("compose_label")
            .and_then(|v| self.d.string(v, "`compose_label`"))
        {
            options.mapping.compose_label = label.value;
        }
        if let Some(list) = entries
            .get("compose_profiles")
            .and_then(|v| self.strings("`compose_profiles`", v))
        {
            options.compose_profiles = list;
        }
        if let Some(list) = entries
            .get("ignore")
            .and_then(|v| self.strings("`ignore`", v))
        {
            options.mapping.ignore = list;
        }
        if let Some(value) = entries.get("workloads") {
            self.workloads(value, &mut options);
        }
        (self.d.problems.len() == before).then_some(options)
    }

    /// `[runtime.workloads]`: module id → the workloads that carry no label.
    fn workloads(&mut self, value: &Node, options: &mut Options) {
        let Kind::Map(pairs) = &value.kind else {
            // Reported as a table of no known key, in the decoder's words.
            let _ = self
                .d
                .mapping(value, "the [runtime.workloads] table", &[], &[]);
            return;
        };
        for (module, names) in pairs.iter() {
            let Kind::Str(id) = &module.kind else {
                continue;
            };
            if !is_kebab_case(id) {
                self.d.report(
                    Problem::invalid(
                        module.span,
                        format!("`{id}` in [runtime.workloads] is not a module id (kebab-case)"),
                    )
                    .help("each key is a module id of the profile, e.g. `webinar-chat`"),
                );
                continue;
            }
            let what = format!("the workloads of `{id}`");
            if let Some(list) = self.strings(&what, names) {
                options.mapping.workloads.insert(id.to_string(), list);
            }
        }
    }

    /// An array of non-empty strings, `what`.
    fn strings(&mut self, what: &str, value: &Node) -> Option<Vec<String>> {
        let items = self.d.list(value, what)?;
        let before = self.d.problems.len();
        let item = format!("an item of {what}");
        let out: Vec<String> = items
            .iter()
            .filter_map(|node| self.d.string(node, &item).map(|s| s.value))
            .collect();
        (self.d.problems.len() == before).then_some(out)
    }

    fn profile(&mut self, table: &Node) -> Option<ProfileEntry> {
        let what = "a [[profile]] table";
        let fields = self.d.mapping(table, what, &profile_keys(), &["path"])?;
        let found = fields.get("path").and_then(|v| self.path("path", v));
        let mut inputs: Vec<(InputKind, Located<String>)> = Vec::new();
        for kind in InputKind::INPUTS {
            let Some(value) = fields.get(kind.key()) else {
                continue;
            };
            match (&value.kind, kind) {
                // `runtime = ["deploy/eu/", "deploy/us/"]`: several deployments of the
                // profile's environment, each checked on its own.
                (Kind::Seq(items), InputKind::Runtime) => {
                    let mut seen: Vec<Located<String>> = Vec::new();
                    for item in items.iter() {
                        let Some(path) = self.path(kind.key(), item) else {
                            continue;
                        };
                        match seen.iter().find(|p| p.value == path.value) {
                            Some(first) => self.d.report(
                                Problem::twice(
                                    path.span,
                                    format_args!("`{}` is listed twice in `runtime`", &path.value),
                                    first.span,
                                )
                                .help("keep one of the two"),
                            ),
                            None => seen.push(path),
                        }
                    }
                    if items.is_empty() {
                        self.d.report(
                            Problem::invalid(value.span, "`runtime` lists no deployment").help(
                                "name one (`runtime = \"deploy/prod/\"`), or leave the key out",
                            ),
                        );
                    }
                    inputs.extend(seen.into_iter().map(|p| (kind, p)));
                }
                _ => {
                    if let Some(path) = self.path(kind.key(), value) {
                        inputs.push((kind, path));
                    }
                }
            }
        }
        let require = fields.get("require").map(|value| self.require(value));
        Some(ProfileEntry {
            path: found?,
            inputs,
            require: match require {
                Some(list) => Some(list?),
                None => None,
            },
        })
    }

    /// A path value: a non-empty string naming a file of the repository.
    fn path(&mut self, key: &str, value: &Node) -> Option<Located<String>> {
        let text = self.d.string(value, &format!("`{key}`"))?;
        match outside_the_tree(key, &text.value, &self.tree) {
            None => Some(text),
            Some(why) => {
                self.d.report(
                    Problem::invalid(text.span, format!("`{key}` {why}")).help(
                        "a configured path names a file of this repository, relative to profile-check.toml; pass a file from elsewhere on the command line",
                    ),
                );
                None
            }
        }
    }

    /// `require = ["doc", "baseline"]`.
    fn require(&mut self, value: &Node) -> Option<Vec<Located<InputKind>>> {
        let items = self.d.list(value, "`require`")?;
        let before = self.d.problems.len();
        let mut inputs: Vec<Located<InputKind>> = Vec::new();
        for item in items {
            let Some(input) = self.d.keyword::<InputKind>(item, "an item of `require`") else {
                continue;
            };
            match inputs.iter().find(|i| i.value == input.value) {
                Some(first) => self.d.report(
                    Problem::twice(
                        input.span,
                        format_args!("`{}` is required twice", input.value.key()),
                        first.span,
                    )
                    .help("keep one of the two"),
                ),
                None => inputs.push(input),
            }
        }
        (self.d.problems.len() == before).then_some(inputs)
    }
}

/// Why a configured path may not be read, if it may not: the configuration comes with the
/// repository (a pull request can change it), so its paths stay inside the repository — no
/// absolute path, nothing above the repository's root, no standard input. (A symbolic link
/// inside the tree that leads out of it is refused where every input is read.)
fn outside_the_tree(key: &str, text: &str, tree: &Tree) -> Option<&'static str> {
    if key == "baseline" && text.starts_with(crate::load::git::PREFIX) {
        return None;
    }
    let path = match key {
        "runtime" => crate::load::runtime::split_prefix(text).1,
        _ => text,
    };
    if path.is_empty() {
        return Some(
            "names no file after its prefix: write the path after the colon, e.g. `kubernetes:deploy/prod/`",
        );
    }
    if path == "-" {
        return Some("is `-` (standard input): a configured input is a file");
    }
    if Path::new(path).has_root() || Path::new(path).is_absolute() {
        return Some("is an absolute path: configured paths are relative to profile-check.toml");
    }
    // The repository's own files (its configuration may hold a token) are no input.
    if crate::load::names_a_git_directory(Path::new(path)) {
        return Some("names a path inside `.git`, the repository's own files");
    }
    let mut at = tree.base.clone();
    for component in Path::new(path).components() {
        match component {
            std::path::Component::ParentDir => {
                at.pop();
                if !at.starts_with(&tree.root) {
                    return Some("leads out of the repository");
                }
            }
            std::path::Component::Normal(name) => at.push(name),
            _ => {}
        }
    }
    None
}

/// Parses `--require doc,baseline`.
pub fn parse_require(value: &str) -> Result<Vec<InputKind>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|word| {
            InputKind::parse(word).ok_or_else(|| {
                let names: Vec<&str> = InputKind::INPUTS.iter().map(|i| i.key()).collect();
                format!(
                    "unknown input `{word}`{}; the inputs are {}",
                    did_you_mean(word, names.iter().copied()),
                    InputKind::accepted()
                )
            })
        })
        .collect()
}
