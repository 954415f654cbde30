//! A cluster dump is read in bounded memory: a `kubectl get -o json` dump of 20 MB (the
//! test-sized version of the benchmark's 150 MB one, `scripts/bench-stream.sh`) is read
//! with the process's peak memory under the 64 MiB target. This file is its own test
//! binary, so the peak (`VmHWM` of `/proc/self/status`) is this test's alone.

#[path = "../examples/cluster_dump.rs"]
#[allow(
    dead_code,
    reason = "the generator's `main` is the example's, not the test's"
)]
mod cluster_dump;

use std::io::{BufWriter, Write};

use profile_check::load::runtime::{self, Options, Runtime};

/// The peak resident memory of this process so far, in KiB (Linux only).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn a_20_mb_cluster_dump_is_read_under_64_mib() {
    if peak_kib().is_none() {
        eprintln!(
            "skipped: /proc/self/status has no VmHWM here (not Linux); the peak cannot be read"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("profile-check-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("dump.json");
    {
        let file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut out = BufWriter::new(file);
        // About 7.4 KB a pod: 2,700 pods are 20 MB.
        cluster_dump::write(&mut out, 2_700, false).unwrap_or_else(|e| panic!("{e}"));
        out.flush().unwrap_or_else(|e| panic!("{e}"));
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    assert!(size > 20_000_000, "the dump is {size} bytes");
    let argument = format!("kubernetes:{}", path.display());
    let read = runtime::read(&argument, &Options::default());
    let peak = peak_kib().unwrap_or(u64::MAX);
    let _ = std::fs::remove_dir_all(&dir);
    let Ok((source, Runtime::Deployment(deployment))) = read else {
        panic!("the dump was not read as a deployment");
    };
    // 16 Deployments and 2,700 pods, each a workload.
    assert_eq!(deployment.workloads.len(), 2_716);
    // Over 8 MiB, the text is not kept whole.
    assert!(!source.is_whole());
    assert!(
        peak < 64 * 1024,
        "peak memory {peak} KiB, over the 64 MiB target"
    );
}
