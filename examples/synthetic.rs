//! A generator of valid synthetic profiles, for benchmarks and property tests.
//!
//! `cargo run --release --example synthetic -- 10000 > /tmp/p10k.yaml` prints a profile of
//! 10,000 modules that passes every rule; `-- 40000 full` one whose every module fills
//! every optional field (the widest profile the limits must let through).

use std::fmt::Write;

/// A profile of `modules` modules (at least one) that passes every rule: roles and
/// statuses in a fixed mix, every 20th module emitting an event the next one consumes,
/// and every active analytics module in `analytics_only`.
pub fn profile(modules: usize) -> String {
    let modules = modules.max(1);
    let mut out = String::with_capacity(modules * 100 + 400);
    out.push_str(
        "profile: PROD\nproduct: Webinars MVP v1++\ndocument:\n  status: PROCESS\n  \
         owner: Architect\n  last_updated: 2026-01-28\ncontours:\n  live: enabled\n  \
         auto: disabled\nmodules:\n",
    );
    let mut analytics = Vec::new();
    for i in 0..modules {
        let role = match i % 5 {
            0 => "core",
            2 => "integration",
            3 => "analytics",
            _ => "ui",
        };
        // Producers (every 20th) are required, so that their consumers are served.
        let status = match (i % 20, i % 4) {
            (0, _) => "required",
            (_, 1) => "optional",
            (_, 2) => "disabled",
            _ => "required",
        };
        let _ = write!(
            out,
            "  - id: module-{i}\n    name: Module {i}\n    role: {role}\n    status: {status}\n"
        );
        if i % 20 == 0 {
            let _ = writeln!(out, "    emits: [event_{i}]");
        } else if i % 20 == 1 {
            let _ = writeln!(out, "    consumes: [event_{}]", i - 1);
        }
        if role == "analytics" && status != "disabled" {
            analytics.push(i);
        }
    }
    out.push_str("dev_only: []\nanalytics_only:");
    if analytics.is_empty() {
        out.push_str(" []\n");
    } else {
        out.push('\n');
        for i in analytics {
            let _ = writeln!(out, "  - module-{i}");
        }
    }
    out
}

/// A profile of `modules` modules (at least one) that passes every rule, in which every
/// module fills every optional field: `contour`, one event in `emits` and in `consumes`,
/// `active` and `notes` (Cyrillic, as in the source document). Every 20th module is a
/// required producer whose event the next 19 consume; disabled modules are inactive, and
/// one disabled module in 100 is in the AUTO contour.
pub fn full_profile(modules: usize) -> String {
    let modules = modules.max(1);
    let mut out = String::with_capacity(modules * 200 + 400);
    out.push_str(
        "profile: PROD\nproduct: Webinars MVP v1++\ndocument:\n  status: PROCESS\n  \
         owner: Architect\n  last_updated: 2026-01-28\ncontours:\n  live: enabled\n  \
         auto: disabled\nmodules:\n",
    );
    let mut analytics = Vec::new();
    for i in 0..modules {
        let role = match i % 5 {
            0 => "core",
            2 => "integration",
            3 => "analytics",
            _ => "ui",
        };
        let (status, active) = match (i % 20, i % 4) {
            (0, _) => ("required", true),
            (_, 1) => ("optional", true),
            (_, 2) => ("disabled", false),
            _ => ("required", true),
        };
        let contour = if status == "disabled" && i % 100 == 2 {
            "auto"
        } else {
            "live"
        };
        let producer = i - i % 20;
        let _ = write!(
            out,
            "  - id: module-{i}\n    name: Module {i}\n    role: {role}\n    status: {status}\n    \
             contour: {contour}\n    emits: [event_{i}]\n    consumes: [event_{producer}]\n    \
             active: {active}\n    notes: Модуль {i}\n"
        );
        if role == "analytics" && active {
            analytics.push(i);
        }
    }
    out.push_str("dev_only: []\nanalytics_only:");
    if analytics.is_empty() {
        out.push_str(" []\n");
    } else {
        out.push('\n');
        for i in analytics {
            let _ = writeln!(out, "  - module-{i}");
        }
    }
    out
}

#[allow(dead_code, clippy::print_stdout, clippy::print_stderr)]
fn main() {
    let mut args = std::env::args().skip(1);
    let modules = args.next().and_then(|n| n.parse().ok()).unwrap_or(16);
    if args.next().as_deref() == Some("full") {
        print!("{}", full_profile(modules));
    } else {
        print!("{}", profile(modules));
    }
}
