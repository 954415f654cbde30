//! Format v1 of a runtime profile (SPEC §3): located tree → [`Profile`].

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::decode::{Decoder, document, is_kebab_case, is_snake_case};
use super::doc::PROFILE;
use super::limits;
use super::tree::{self, Kind, Node, Place};
use crate::error::Problem;
use crate::profile::{Contours, Document, ListSpans, Located, Module, Profile};
use crate::source::Span;

pub(crate) const TOP: &[&str] = &[
    "profile",
    "product",
    "document",
    "contours",
    "modules",
    "dev_only",
    "analytics_only",
];
pub(crate) const DOCUMENT: &[&str] = &["status", "owner", "last_updated"];
pub(crate) const CONTOURS: &[&str] = &["live", "auto"];
pub(crate) const MODULE: &[&str] = &[
    "id", "name", "role", "status", "contour", "emits", "consumes", "active", "notes",
];
pub(crate) const MODULE_REQUIRED: &[&str] = &["id", "name", "role", "status"];

/// How a profile (and a waivers file, which shares its budgets) is read: one document,
/// merge keys refused, in the profile's words.
pub(crate) const READING: super::tree::Reading = super::tree::Reading {
    max_documents: 1,
    max_depth: super::limits::MAX_DEPTH,
    max_parse_depth: super::limits::MAX_DEPTH,
    merge_keys: false,
    pass_over: None,
    core_tags: false,
    unique_keys: false,
    words: super::tree::Words {
        unit: "one profile",
        holder: "a profile",
        depth_note: " (a profile needs 4)",
        too_big: "a profile is a small, plain YAML mapping; this input looks generated or hostile",
        one_document: "a profile is one document: remove the second `---` and what follows it, or split the file",
        no_tags: "a profile uses no YAML tags: remove the `!tag` and write the plain value",
        syntax: "fix the YAML syntax here: indent with spaces, write `key: value`, close every quote and bracket (profiles/prod.yaml shows the layout)",
    },
    hints: Some(&VOCABULARY),
    apart: None,
};

/// How a profile is read for its check: as [`READING`], with each module handed over as
/// soon as it is read, decoded, and let go of, so that a large profile is never in memory
/// as a whole tree.
const STREAMED: tree::Reading = tree::Reading {
    apart: Some(module_item),
    ..READING
};

/// Whether the value at `at` is an item of the profile's `modules`.
fn module_item(at: &Place<'_>) -> bool {
    at.depth() == 2 && at.in_list(1) && at.key(0) == Some("modules")
}

/// Where a document that holds nothing stands.
const START: Span = Span::new(1, 1, 0);

/// Reads a profile from its text, module by module (each module decoded and let go of as
/// soon as it is read), reporting every problem of the file; a YAML syntax error stops at
/// the first.
pub fn read(text: &str) -> Result<Profile, Vec<Problem>> {
    let mut list = ModuleList::default();
    let mut root = None;
    tree::read(text, 1, &STREAMED, |ready| {
        if ready.item {
            list.item(&ready.node);
        } else {
            root = Some(ready.node);
        }
    })
    .map_err(|p| vec![p])?;
    let root = root.unwrap_or(Node {
        span: START,
        kind: Kind::Null,
    });
    document(&root, LAYOUT, |d, root| read_profile(d, root, Some(list)))
}

/// The layout of a profile, for a file that holds none.
const LAYOUT: &str = "a profile is a YAML mapping; see profiles/prod.yaml";

/// The modules read so far, with their ids and names for the duplicate checks.
#[derive(Default)]
struct ModuleList {
    /// The modules' problems, taken by the profile's decoder where it reads `modules`, so
    /// that the problems listed are the first in file order.
    decoder: Decoder,
    modules: Vec<Module>,
    ids: HashMap<String, Span>,
    names: HashMap<String, Span>,
    /// Modules met, read or not (past the limit, they are counted only).
    count: usize,
    /// Whether a module had a problem.
    faulty: bool,
}

impl ModuleList {
    /// Reads module `node`.
    fn item(&mut self, node: &Node) {
        let d = &mut self.decoder;
        self.count += 1;
        if self.count > limits::MAX_MODULES {
            return;
        }
        let before = d.problems.len();
        let (id, name, module) = read_module(d, node);
        // Ids and names are compared even for modules with problems of their own, so
        // that every duplicate is reported in the same run.
        // One hash a value: the entry is the lookup and the insertion.
        if let Some(id) = id {
            match self.ids.entry(id.value) {
                Entry::Occupied(first) => d.report(
                    Problem::twice(
                        id.span,
                        format_args!("duplicate module id `{}`", first.key()),
                        *first.get(),
                    )
                    .help("give each module its own id, the slug from the source table"),
                ),
                Entry::Vacant(slot) => {
                    slot.insert(id.span);
                }
            }
        }
        if let Some(name) = name {
            match self.names.entry(name.value) {
                Entry::Occupied(first) => d.report(
                    Problem::twice(
                        name.span,
                        format_args!("duplicate module name `{}`", first.key()),
                        *first.get(),
                    )
                    .help("give each module its own name, as in the source table"),
                ),
                Entry::Vacant(slot) => {
                    slot.insert(name.span);
                }
            }
        }
        self.modules.extend(module);
        self.faulty |= d.problems.len() != before;
    }

    /// The modules of list `node` (whose items were read one by one, or are in it), within
    /// the limits.
    fn finish(self, d: &mut Decoder, node: &Node) -> Option<Vec<Module>> {
        d.absorb(self.decoder);
        if self.count > limits::MAX_MODULES {
            d.report(
                Problem::limit(
                    node.span,
                    format!(
                        "`modules` lists {} modules, over the limit of {}",
                        self.count,
                        limits::MAX_MODULES
                    ),
                )
                .help("split the profile; no runtime profile has that many modules"),
            );
            return None;
        }
        (!self.faulty).then_some(self.modules)
    }
}

/// The profile's words for the syntax hints: where a misplaced key belongs, and the shape
/// of a module.
pub(crate) static VOCABULARY: super::syntax::Vocabulary = super::syntax::Vocabulary {
    top: TOP,
    sections: &[("document", DOCUMENT), ("contours", CONTOURS)],
    list: "modules",
    item: "module",
    item_keys: MODULE,
    example: ["id: my-module", "name: My Module", "status: required"],
};

const KEBAB: &str = "kebab-case (like `client-webinar-tracker-v2`)";
const SNAKE: &str = "snake_case (like `client_webinar_entered`)";

/// Reads a profile from its located tree, reporting every problem of the file.
#[cfg(test)]
pub fn decode(root: &Node) -> Result<Profile, Vec<Problem>> {
    document(root, LAYOUT, |d, root| read_profile(d, root, None))
}

/// The profile of `root`, whose modules were read one by one into `apart` when it is
/// given (its `modules` list is then empty in the tree).
fn read_profile(d: &mut Decoder, root: &Node, apart: Option<ModuleList>) -> Option<Profile> {
    let top = d.mapping(root, "the profile", TOP, TOP)?;
    let profile = top
        .get("profile")
        .and_then(|n| d.string(n, "`profile`"))
        .and_then(|p| {
            if p.value == PROFILE {
                return Some(p);
            }
            d.report(
                Problem::invalid(
                    p.span,
                    format!(
                        "`profile` is `{}`, but the only accepted value is `{PROFILE}`",
                        &p.value
                    ),
                )
                .help(format!(
                    "write `profile: {PROFILE}`: the canon and its document describe the PROD runtime profile"
                )),
            );
            None
        });
    let product = top.get("product").and_then(|n| d.string(n, "`product`"));
    let document = top.get("document").and_then(|n| read_document(d, n));
    let contours = top.get("contours").and_then(|n| read_contours(d, n));
    let modules = top.get("modules").and_then(|n| match apart {
        Some(list) if list.count > 0 => list.finish(d, n),
        _ => read_modules(d, n),
    });
    let dev_only = top.get("dev_only").and_then(|n| marks(d, n, "dev_only"));
    let analytics_only = top
        .get("analytics_only")
        .and_then(|n| marks(d, n, "analytics_only"));
    let span = |key: &str| top.get(key).map(|n| n.span).unwrap_or(root.span);
    let lists = ListSpans {
        modules: span("modules"),
        dev_only: span("dev_only"),
        analytics_only: span("analytics_only"),
    };
    let modules = modules?;
    let index = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.value.clone(), i))
        .collect();
    Some(Profile {
        index,
        modules,
        lists,
        profile: profile?,
        product: product?,
        document: document?,
        contours: contours?,
        dev_only: dev_only?,
        analytics_only: analytics_only?,
    })
}

fn read_document(d: &mut Decoder, node: &Node) -> Option<Document> {
    let fields = d.mapping(node, "`document`", DOCUMENT, DOCUMENT)?;
    let status = fields
        .get("status")
        .and_then(|n| d.string(n, "`document.status`"));
    let owner = fields
        .get("owner")
        .and_then(|n| d.string(n, "`document.owner`"));
    let last_updated = fields
        .get("last_updated")
        .and_then(|n| d.date(n, "`document.last_updated`"));
    Some(Document {
        status: status?,
        owner: owner?,
        last_updated: last_updated?,
    })
}

fn read_contours(d: &mut Decoder, node: &Node) -> Option<Contours> {
    let fields = d.mapping(node, "`contours`", CONTOURS, CONTOURS)?;
    let live = fields
        .get("live")
        .and_then(|n| d.keyword(n, "`contours.live`"));
    let auto = fields
        .get("auto")
        .and_then(|n| d.keyword(n, "`contours.auto`"));
    Some(Contours {
        live: live?,
        auto: auto?,
    })
}

fn read_modules(d: &mut Decoder, node: &Node) -> Option<Vec<Module>> {
    let items = d.list(node, "`modules`")?;
    if items.is_empty() {
        d.report(
            Problem::invalid(
                node.span,
                "`modules` is empty; a profile lists at least one module",
            )
            .help("add the modules of the source table"),
        );
        return None;
    }
    if items.len() > limits::MAX_MODULES {
        d.report(
            Problem::limit(
                node.span,
                format!(
                    "`modules` lists {} modules, over the limit of {}",
                    items.len(),
                    limits::MAX_MODULES
                ),
            )
            .help("split the profile; no runtime profile has that many modules"),
        );
        return None;
    }
    let mut list = ModuleList::default();
    for item in items {
        list.item(item);
    }
    list.finish(d, node)
}

/// `dev_only` or `analytics_only`: module ids, no more than a profile may have modules (a
/// longer list can only name unknown ids, and would cost a finding each).
fn marks(d: &mut Decoder, node: &Node, key: &str) -> Option<Vec<Located<String>>> {
    if let Kind::Seq(items) = &node.kind
        && items.len() > limits::MAX_MODULES
    {
        d.report(
            Problem::limit(
                node.span,
                format!(
                    "`{key}` lists {} ids, more than the {} modules a profile may have",
                    items.len(),
                    limits::MAX_MODULES
                ),
            )
            .help(format!(
                "list in `{key}` only the ids of modules of the profile"
            )),
        );
        return None;
    }
    d.word_list(
        node,
        &format!("`{key}`"),
        "the module id",
        KEBAB,
        is_kebab_case,
    )
}

/// Reads one module; its id and name come back on their own too, for the duplicate checks.
fn read_module(
    d: &mut Decoder,
    node: &Node,
) -> (
    Option<Located<String>>,
    Option<Located<String>>,
    Option<Module>,
) {
    let Some(fields) = d.mapping(node, "a module", MODULE, MODULE_REQUIRED) else {
        return (None, None, None);
    };
    let before = d.problems.len();
    let id = fields
        .get("id")
        .and_then(|n| d.word(n, "the module id", KEBAB, is_kebab_case));
    let name = fields
        .get("name")
        .and_then(|n| d.string(n, "the module name"));
    let role = fields.get("role").and_then(|n| d.keyword(n, "`role`"));
    let status = fields.get("status").and_then(|n| d.keyword(n, "`status`"));
    let contour = fields
        .get("contour")
        .and_then(|n| d.keyword(n, "`contour`"));
    let emits = events(d, fields.get("emits"), "`emits`");
    let consumes = events(d, fields.get("consumes"), "`consumes`");
    let active = fields.get("active").and_then(|n| d.boolean(n, "`active`"));
    let notes = fields
        .get("notes")
        .and_then(|n| d.optional_string(n, "notes"));
    // A field that was present but wrong has been reported: no module then.
    let clean = d.problems.len() == before;
    let module = clean.then(|| {
        Some(Module {
            id: id.clone()?,
            name: name.clone()?,
            role: role?,
            status: status?,
            contour,
            emits: emits?,
            consumes: consumes?,
            active,
            notes,
        })
    });
    (id, name, module.flatten())
}

fn events(d: &mut Decoder, node: Option<&Node>, what: &str) -> Option<Vec<Located<String>>> {
    let Some(node) = node else {
        return Some(Vec::new());
    };
    let events = d.word_list(node, what, "the event name", SNAKE, is_snake_case)?;
    if events.len() > limits::MAX_EVENTS {
        d.report(
            Problem::limit(
                node.span,
                format!(
                    "{what} lists {} events, over the limit of {}",
                    events.len(),
                    limits::MAX_EVENTS
                ),
            )
            .help("list the events the module really emits or consumes"),
        );
        return None;
    }
    Some(events)
}

#[cfg(test)]
mod tests {
    use super::read;

    const HEAD: &str = "profile: PROD\nproduct: Webinars\ndocument: {status: PROCESS, owner: Architect, last_updated: 2026-01-28}\ncontours: {live: enabled, auto: disabled}\n";

    #[test]
    fn modules_read_one_by_one_make_the_profile_a_whole_tree_makes() {
        let text = format!(
            "{HEAD}modules:\n  - {{id: core, name: Core, role: core, status: required}}\n  - {{id: chat, name: Chat, role: ui, status: disabled}}\ndev_only: []\nanalytics_only: []\n"
        );
        let Ok(profile) = read(&text) else {
            panic!("a valid profile refused");
        };
        let ids: Vec<&str> = profile
            .modules
            .iter()
            .map(|m| m.id.value.as_str())
            .collect();
        assert_eq!(ids, ["core", "chat"]);
        let Ok(root) = super::super::tree::parse(&text, &super::READING) else {
            panic!("not YAML");
        };
        let Ok(whole) = super::decode(&root) else {
            panic!("the whole tree refused");
        };
        let shape = |modules: &[crate::profile::Module]| -> Vec<String> {
            modules.iter().map(|m| format!("{m:?}")).collect()
        };
        assert_eq!(shape(&whole.modules), shape(&profile.modules));
    }

    #[test]
    fn an_alias_of_the_modules_read_one_by_one_is_refused() {
        // The list's items are let go of as they are read: an alias of it would stand for
        // an empty list (`dev_only: *m` would pass with no dev module listed).
        let text = format!(
            "{HEAD}modules: &m\n  - {{id: core, name: Core, role: core, status: required}}\ndev_only: *m\nanalytics_only: []\n"
        );
        let Err(problems) = read(&text) else {
            panic!("an alias of the modules read");
        };
        assert!(
            problems.iter().any(|p| p.span.map(|s| s.line) == Some(7)
                && p.message.contains("read one by one and not kept")),
            "{problems:?}"
        );
    }
}
