//! Tests of the streamed reading of runtime inputs (`json.rs`, `kept.rs`, `stream.rs`,
//! `streamed.rs`) written against the mutants cargo-mutants found alive.

use super::{Options, Runtime, from_source};
use crate::source::Source;
use std::sync::Arc;

/// Reads `text` as a runtime input named `name`.
fn read_text(name: &str, text: &str) -> Result<Runtime, crate::error::InputError> {
    from_source(
        &Arc::new(Source::new(name, text)),
        None,
        &Options::default(),
    )
}

#[test]
fn a_json_deployment_reads_as_its_yaml_twin() {
    let json = "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"chat\", \"labels\": {\"app.kubernetes.io/name\": \"webinar-chat\"}}, \"spec\": {\"replicas\": 2}}\n";
    let Ok(Runtime::Deployment(d)) = read_text("chat.json", json) else {
        panic!("not read");
    };
    assert_eq!(d.workloads.len(), 1);
    assert!(d.workloads.iter().all(|w| w.running));
}
