//! Format v1 of a runtime profile (SPEC §3): located tree → [`Profile`].

use super::decode::{Decoder, is_kebab_case, is_snake_case};
use super::limits;
use super::tree::Node;
use crate::error::Problem;
use crate::profile::{Contours, Document, Located, Module, Profile};
use crate::source::escape_controls;

const TOP: &[&str] = &[
    "profile",
    "product",
    "document",
    "contours",
    "modules",
    "dev_only",
    "analytics_only",
];
const DOCUMENT: &[&str] = &["status", "owner", "last_updated"];
const CONTOURS: &[&str] = &["live", "auto"];
const MODULE: &[&str] = &[
    "id", "name", "role", "status", "contour", "emits", "consumes", "active", "notes",
];
const MODULE_REQUIRED: &[&str] = &["id", "name", "role", "status"];

const KEBAB: &str = "kebab-case (like `client-webinar-tracker-v2`)";
const SNAKE: &str = "snake_case (like `client_webinar_entered`)";

/// Reads a profile from its located tree, reporting every problem of the file.
pub fn decode(root: &Node) -> Result<Profile, Vec<Problem>> {
    let mut d = Decoder::default();
    let profile = read_profile(&mut d, root);
    match profile {
        Some(profile) if d.problems.is_empty() => Ok(profile),
        _ => Err(d.problems),
    }
}

fn read_profile(d: &mut Decoder, root: &Node) -> Option<Profile> {
    let top = d.mapping(root, "the profile", TOP, TOP)?;
    let profile = top.get("profile").and_then(|n| d.string(n, "`profile`"));
    let product = top.get("product").and_then(|n| d.string(n, "`product`"));
    let document = top.get("document").and_then(|n| read_document(d, n));
    let contours = top.get("contours").and_then(|n| read_contours(d, n));
    let modules = top.get("modules").and_then(|n| read_modules(d, n));
    let dev_only = top
        .get("dev_only")
        .and_then(|n| d.word_list(n, "`dev_only`", "a module id", KEBAB, is_kebab_case));
    let analytics_only = top.get("analytics_only").and_then(|n| {
        d.word_list(n, "`analytics_only`", "a module id", KEBAB, is_kebab_case)
    });
    Some(Profile {
        profile: profile?,
        product: product?,
        document: document?,
        contours: contours?,
        modules: modules?,
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
            Problem::at(node.span, "`modules` is empty; a profile lists at least one module")
                .help("add the modules of the source table"),
        );
        return None;
    }
    if items.len() > limits::MAX_MODULES {
        d.report(
            Problem::at(
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
    let before = d.problems.len();
    let mut modules: Vec<Module> = Vec::with_capacity(items.len());
    for item in items {
        let Some(module) = read_module(d, item) else {
            continue;
        };
        if let Some(first) = modules.iter().find(|m| m.id.value == module.id.value) {
            d.report(
                Problem::at(
                    module.id.span,
                    format!(
                        "duplicate module id `{}`; the first is at line {}",
                        module.id.value, first.id.span.line
                    ),
                )
                .help("give each module its own id, the slug from the source table"),
            );
        }
        if let Some(first) = modules.iter().find(|m| m.name.value == module.name.value) {
            d.report(
                Problem::at(
                    module.name.span,
                    format!(
                        "duplicate module name `{}`; the first is at line {}",
                        escape_controls(&module.name.value),
                        first.name.span.line
                    ),
                )
                .help("give each module its own name, as in the source table"),
            );
        }
        modules.push(module);
    }
    (d.problems.len() == before).then_some(modules)
}

fn read_module(d: &mut Decoder, node: &Node) -> Option<Module> {
    let fields = d.mapping(node, "a module", MODULE, MODULE_REQUIRED)?;
    let id = fields
        .get("id")
        .and_then(|n| d.word(n, "the module id", KEBAB, is_kebab_case));
    let name = fields
        .get("name")
        .and_then(|n| d.string(n, "the module name"));
    let role = fields.get("role").and_then(|n| d.keyword(n, "`role`"));
    let status = fields.get("status").and_then(|n| d.keyword(n, "`status`"));
    let contour = match fields.get("contour") {
        Some(n) => Some(d.keyword(n, "`contour`")),
        None => Some(None),
    };
    let emits = events(d, fields.get("emits"), "`emits`");
    let consumes = events(d, fields.get("consumes"), "`consumes`");
    let active = match fields.get("active") {
        Some(n) => Some(d.boolean(n, "`active`")),
        None => Some(None),
    };
    let notes = match fields.get("notes") {
        Some(n) => Some(d.string(n, "`notes`")),
        None => Some(None),
    };
    let contour = contour?;
    let active = active?;
    let notes = notes?;
    // A field that was present but wrong is `Some(None)` → the module is not built.
    let present_ok = |present: bool, value: bool| !present || value;
    let all_ok = present_ok(fields.get("contour").is_some(), contour.is_some())
        && present_ok(fields.get("active").is_some(), active.is_some())
        && present_ok(fields.get("notes").is_some(), notes.is_some());
    let module = Module {
        id: id?,
        name: name?,
        role: role?,
        status: status?,
        contour,
        emits: emits?,
        consumes: consumes?,
        active,
        notes,
    };
    all_ok.then_some(module)
}

fn events(d: &mut Decoder, node: Option<&Node>, what: &str) -> Option<Vec<Located<String>>> {
    let Some(node) = node else {
        return Some(Vec::new());
    };
    let events = d.word_list(node, what, "an event name", SNAKE, is_snake_case)?;
    if events.len() > limits::MAX_EVENTS {
        d.report(
            Problem::at(
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
