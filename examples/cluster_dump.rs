//! Writes a synthetic cluster dump for the streaming benchmark and the memory test: what
//! `kubectl get pods,deploy -A -o json` prints for a cluster running the required modules
//! of `profiles/prod.yaml` (the disabled ones at zero replicas), with `PODS` pods spread
//! over them, each pod as kubectl prints one (labels, annotations, owner, containers with
//! their environment, `managedFields`, `status`): about 7.5 KB a pod as JSON, so 20,000 pods
//! are about 150 MB.
//!
//! `cargo run --release --example cluster_dump -- PODS json|yaml > FILE`: `json` is one
//! `List` (`-o json`); `yaml` is the same resources as a stream of documents (`---`).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const REQUIRED: [&str; 11] = [
    "core-webinar-event",
    "ui-webinar-room",
    "ui-webinar-public",
    "client-webinar-tracker-v2",
    "client-webinar-event-emitter",
    "client-webinar-attendance-service",
    "client-webinar-attendance-telegram",
    "post-webinar-routing-service",
    "post-webinar-followup-telegram",
    "post-webinar-recording-followup-telegram",
    "client-webinar-control-integration",
];

const DISABLED: [&str; 5] = [
    "ui-webinar-entry",
    "webinar-chat",
    "client-webinar-scenario-service",
    "client-webinar-action-consumer",
    "autowebinar-delivery",
];

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let pods: Option<usize> = args.next().and_then(|n| n.parse().ok());
    let yaml = match args.next().as_deref() {
        Some("json") => Some(false),
        Some("yaml") => Some(true),
        _ => None,
    };
    let (Some(pods), Some(yaml)) = (pods, yaml) else {
        eprintln!("usage: cluster_dump PODS json|yaml");
        return ExitCode::from(2);
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match write(&mut out, pods, yaml).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cluster_dump: {e}");
            ExitCode::from(1)
        }
    }
}

/// The resources, in the order kubectl prints them: the Deployments, then the pods.
pub fn write(out: &mut impl Write, pods: usize, yaml: bool) -> io::Result<()> {
    let mut items: Vec<String> = Vec::new();
    for (i, module) in REQUIRED.iter().chain(DISABLED.iter()).enumerate() {
        let replicas = if i < REQUIRED.len() { 2 } else { 0 };
        items.push(deployment(module, replicas));
    }
    if !yaml {
        writeln!(out, "{{\n    \"apiVersion\": \"v1\",\n    \"items\": [")?;
    }
    let mut first = true;
    let mut emit = |out: &mut dyn Write, item: &str| -> io::Result<()> {
        if yaml {
            writeln!(out, "---")?;
            out.write_all(to_yaml(item).as_bytes())
        } else {
            if !first {
                writeln!(out, ",")?;
            }
            first = false;
            out.write_all(item.as_bytes())
        }
    };
    for item in &items {
        emit(out, item)?;
    }
    for n in 0..pods {
        let module = REQUIRED
            .get(n % REQUIRED.len())
            .copied()
            .unwrap_or("core-webinar-event");
        emit(out, &pod(module, n))?;
    }
    if !yaml {
        writeln!(
            out,
            "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {{\n        \"resourceVersion\": \"\"\n    }}\n}}"
        )?;
    }
    Ok(())
}

fn deployment(module: &str, replicas: u32) -> String {
    format!(
        r#"        {{
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {{
                "annotations": {{
                    "deployment.kubernetes.io/revision": "7"
                }},
                "labels": {{
                    "app.kubernetes.io/name": "{module}"
                }},
                "name": "{module}",
                "namespace": "webinars"
            }},
            "spec": {{
                "replicas": {replicas},
                "selector": {{
                    "matchLabels": {{
                        "app.kubernetes.io/name": "{module}"
                    }}
                }},
                "template": {{
                    "metadata": {{
                        "labels": {{
                            "app.kubernetes.io/name": "{module}"
                        }}
                    }},
                    "spec": {{
                        "containers": [
                            {{
                                "image": "registry.example.com/webinars/{module}:1.42.0",
                                "name": "app"
                            }}
                        ]
                    }}
                }}
            }},
            "status": {{
                "availableReplicas": {replicas},
                "readyReplicas": {replicas},
                "replicas": {replicas}
            }}
        }}"#
    )
}

fn pod(module: &str, n: usize) -> String {
    let env: String = (0..12)
        .map(|i| {
            format!(
                r#"
                            {{
                                "name": "SETTING_{i:02}",
                                "value": "value-{i:02}-for-{module}-in-the-production-cluster"
                            }},"#
            )
        })
        .collect();
    let env = env.trim_end_matches(',');
    format!(
        r#"        {{
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {{
                "annotations": {{
                    "kubectl.kubernetes.io/restartedAt": "2026-11-30T10:00:00Z",
                    "prometheus.io/port": "9090",
                    "prometheus.io/scrape": "true"
                }},
                "creationTimestamp": "2026-12-01T08:00:00Z",
                "generateName": "{module}-6d9f7c5b8-",
                "labels": {{
                    "app.kubernetes.io/name": "{module}",
                    "pod-template-hash": "6d9f7c5b8"
                }},
                "managedFields": [
                    {{
                        "apiVersion": "v1",
                        "fieldsType": "FieldsV1",
                        "fieldsV1": {{
                            "f:metadata": {{
                                "f:generateName": {{}},
                                "f:labels": {{
                                    ".": {{}},
                                    "f:app.kubernetes.io/name": {{}},
                                    "f:pod-template-hash": {{}}
                                }}
                            }},
                            "f:spec": {{
                                "f:containers": {{
                                    "k:{{\"name\":\"app\"}}": {{
                                        ".": {{}},
                                        "f:image": {{}},
                                        "f:name": {{}}
                                    }}
                                }}
                            }}
                        }},
                        "manager": "kube-controller-manager",
                        "operation": "Update",
                        "time": "2026-12-01T08:00:00Z"
                    }}
                ],
                "name": "{module}-6d9f7c5b8-{n:06}",
                "namespace": "webinars",
                "ownerReferences": [
                    {{
                        "apiVersion": "apps/v1",
                        "blockOwnerDeletion": true,
                        "controller": true,
                        "kind": "ReplicaSet",
                        "name": "{module}-6d9f7c5b8",
                        "uid": "0b6c4f0e-5d1a-4a1b-9c3e-{n:012}"
                    }}
                ],
                "resourceVersion": "{n}",
                "uid": "7f3e2d1c-0b9a-4876-8543-{n:012}"
            }},
            "spec": {{
                "containers": [
                    {{
                        "env": [{env}
                        ],
                        "image": "registry.example.com/webinars/{module}:1.42.0",
                        "imagePullPolicy": "IfNotPresent",
                        "name": "app",
                        "ports": [
                            {{
                                "containerPort": 8080,
                                "name": "http",
                                "protocol": "TCP"
                            }}
                        ],
                        "resources": {{
                            "limits": {{
                                "cpu": "1",
                                "memory": "512Mi"
                            }},
                            "requests": {{
                                "cpu": "100m",
                                "memory": "256Mi"
                            }}
                        }}
                    }}
                ],
                "nodeName": "node-{node:03}",
                "restartPolicy": "Always",
                "serviceAccountName": "default"
            }},
            "status": {{
                "conditions": [
                    {{
                        "lastTransitionTime": "2026-12-01T08:00:05Z",
                        "status": "True",
                        "type": "Ready"
                    }}
                ],
                "containerStatuses": [
                    {{
                        "image": "registry.example.com/webinars/{module}:1.42.0",
                        "name": "app",
                        "ready": true,
                        "restartCount": 0,
                        "started": true,
                        "state": {{
                            "running": {{
                                "startedAt": "2026-12-01T08:00:04Z"
                            }}
                        }}
                    }}
                ],
                "phase": "Running",
                "podIP": "10.0.{a}.{b}",
                "startTime": "2026-12-01T08:00:00Z"
            }}
        }}"#,
        node = n % 200,
        a = (n / 250) % 250,
        b = n % 250,
    )
}

/// The same resource as a YAML document: JSON is YAML, so the item is written as it is
/// (a flow mapping), dedented.
fn to_yaml(item: &str) -> String {
    let mut text: String = item
        .lines()
        .map(|line| line.strip_prefix("        ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text
}
