//! The Architect's Markdown profile, as read for `import` and rule `doc-sync`: every value
//! keeps the document line it came from.

use std::collections::HashMap;

use crate::profile::{Contour, Date, Role, Status, Switch};

/// A value read from the document, and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the document.
    pub line: u32,
}

/// One row of the module table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocModule {
    /// The slug in parentheses after the name (or made from the name when there is none).
    pub id: String,
    /// The name, without the slug.
    pub name: String,
    /// The role column.
    pub role: Role,
    /// The PROD status column.
    pub status: Status,
    /// AUTO when the name, id or notes say AutoWebinar / AUTO.
    pub contour: Contour,
    /// The notes column, as written (inline code keeps its backticks).
    pub notes: String,
    /// The row's line.
    pub line: u32,
}

/// What the Markdown profile says.
#[derive(Debug, Clone)]
pub struct MarkdownProfile {
    /// The profile's name, from the title (`PROD`).
    pub profile: Line<String>,
    /// The product, from the title (`Webinars MVP v1++`).
    pub product: Line<String>,
    /// `Status:` of the header.
    pub status: Line<String>,
    /// `Owner:` of the header.
    pub owner: Line<String>,
    /// `Last updated:` of the header.
    pub last_updated: Line<Date>,
    /// The LIVE contour, from the definition section.
    pub live: Line<Switch>,
    /// The AUTO contour, from the definition section.
    pub auto: Line<Switch>,
    /// The module table, in row order.
    pub modules: Vec<DocModule>,
    /// Ids named by the "Dev-only" section.
    pub dev_only: Vec<Line<String>>,
    /// Ids named by the "Analytics-only" section.
    pub analytics_only: Vec<Line<String>>,
    /// The line of the module table's header row.
    pub table_line: u32,
    /// Row position by id.
    pub index: HashMap<String, usize>,
}

impl MarkdownProfile {
    /// The row for module `id`.
    pub fn module(&self, id: &str) -> Option<&DocModule> {
        self.modules.get(*self.index.get(id)?)
    }
}
