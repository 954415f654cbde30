//! A profile's values without their places: what a fix must leave equal.

use crate::profile::{Contour, Date, Profile, Role, Status, Switch};

/// Every value of a profile, in file order, without spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    profile: String,
    product: String,
    status: String,
    owner: String,
    /// `document.last_updated`.
    pub last_updated: Date,
    live: Switch,
    auto: Switch,
    /// The modules.
    pub modules: Vec<ModuleModel>,
    /// `dev_only`.
    pub dev_only: Vec<String>,
    /// `analytics_only`.
    pub analytics_only: Vec<String>,
}

/// Every value of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleModel {
    /// Its id.
    pub id: String,
    name: String,
    role: Role,
    status: Status,
    contour: Option<Contour>,
    emits: Vec<String>,
    consumes: Vec<String>,
    /// Its `active` field.
    pub active: Option<bool>,
    notes: Option<String>,
}

impl Model {
    /// Sets `field` to `value`, as the decoder would read it; `false` when the value is
    /// not one the field takes, or the module is not there.
    pub fn set(&mut self, field: &super::doc::Field, value: &str) -> bool {
        use super::doc::Field;
        use crate::profile::Keyword;
        match field {
            Field::Header("status") => self.status = value.to_owned(),
            Field::Header("owner") => self.owner = value.to_owned(),
            Field::Module(id, key) => {
                let Some(module) = self.modules.iter_mut().find(|m| m.id == *id) else {
                    return false;
                };
                match *key {
                    "name" => module.name = value.to_owned(),
                    "role" => match Role::parse(value) {
                        Some(role) => module.role = role,
                        None => return false,
                    },
                    "status" => match Status::parse(value) {
                        Some(status) => module.status = status,
                        None => return false,
                    },
                    _ => return false,
                }
            }
            Field::Header(_) => return false,
        }
        true
    }

    /// The values of `profile`.
    pub fn of(profile: &Profile) -> Self {
        let words = |list: &[crate::profile::Located<String>]| {
            list.iter().map(|l| l.value.clone()).collect::<Vec<_>>()
        };
        Self {
            profile: profile.profile.value.clone(),
            product: profile.product.value.clone(),
            status: profile.document.status.value.clone(),
            owner: profile.document.owner.value.clone(),
            last_updated: profile.document.last_updated.value,
            live: profile.contours.live.value,
            auto: profile.contours.auto.value,
            modules: profile
                .modules
                .iter()
                .map(|m| ModuleModel {
                    id: m.id.value.clone(),
                    name: m.name.value.clone(),
                    role: m.role.value,
                    status: m.status.value,
                    contour: m.contour.as_ref().map(|c| c.value),
                    emits: words(&m.emits),
                    consumes: words(&m.consumes),
                    active: m.active.as_ref().map(|a| a.value),
                    notes: m.notes.as_ref().map(|n| n.value.clone()),
                })
                .collect(),
            dev_only: words(&profile.dev_only),
            analytics_only: words(&profile.analytics_only),
        }
    }
}
