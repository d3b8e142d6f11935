//! The input of the DECNET crates' benchmarks: the lines of a DECNET log,
//! and the events they parse to, grouped by attacker.
//!
//! The log is the workspace's `examples/decnet-sample.log` (built into the
//! benchmark; a realistic mix of every event type, about 300 lines), or,
//! when `DECNET_BENCH_LOG` names a file, that file, such as the reference
//! input of `BENCHMARKS.md` written by `cargo xtask gen-bench-log`. Each
//! benchmark includes this file with `#[path]`, so the benchmarks run from
//! the workspace, not from a published package.

// Each benchmark uses its own part of this file.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use decnet_event::{Event, EventKind, parse_line};

/// The environment variable naming a log file to benchmark on.
pub(crate) const LOG_VARIABLE: &str = "DECNET_BENCH_LOG";

/// The shipped sample, the default input.
const SAMPLE: &[u8] = include_bytes!("../examples/decnet-sample.log");

/// The file `DECNET_BENCH_LOG` names, if it names one. A relative path is
/// taken from the workspace's root, where `cargo bench` is typed: cargo
/// runs each benchmark in its own crate's directory.
pub(crate) fn log_path() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(LOG_VARIABLE)?);
    // Each crate's benchmarks are two levels below the workspace's root.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Some(if path.is_relative() {
        root.join(path)
    } else {
        path
    })
}

/// The bytes of the log to benchmark on.
///
/// # Panics
///
/// When `DECNET_BENCH_LOG` names a file that cannot be read.
pub(crate) fn log() -> Vec<u8> {
    match log_path() {
        Some(path) => std::fs::read(&path)
            .unwrap_or_else(|err| panic!("{LOG_VARIABLE}={}: {err}", path.display())),
        None => SAMPLE.to_vec(),
    }
}

/// The lines of `log` that are UTF-8, without their terminators.
pub(crate) fn lines(log: &[u8]) -> Vec<&str> {
    log.split(|&b| b == b'\n')
        .filter_map(|line| std::str::from_utf8(line.strip_suffix(b"\r").unwrap_or(line)).ok())
        .filter(|line| !line.is_empty())
        .collect()
}

/// The events of `lines` that the profiler profiles (attacker events with
/// an address), grouped by attacker in order of first appearance, each
/// attacker's in line order.
///
/// The events are parsed attacker by attacker, so that each attacker's
/// events lie together in memory, as for a program that loads one
/// attacker's events at a time; parsed in line order, the events of an
/// attacker would be spread over the whole heap.
pub(crate) fn attackers(lines: &[&str]) -> Vec<Vec<Event>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut attackers: Vec<Vec<&str>> = Vec::new();
    for line in lines {
        let Ok(event) = parse_line(line) else {
            continue;
        };
        let Some(ip) = event.attacker_ip.filter(|ip| !ip.is_empty()) else {
            continue;
        };
        if event.kind != EventKind::Attacker {
            continue;
        }
        let slot = *index.entry(ip).or_insert_with(|| {
            attackers.push(Vec::new());
            attackers.len() - 1
        });
        attackers[slot].push(line);
    }
    attackers
        .iter()
        .map(|lines| {
            lines
                .iter()
                .filter_map(|line| parse_line(line).ok())
                .collect()
        })
        .collect()
}

/// Fewer samples for a large log, whose every iteration takes long.
pub(crate) fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
    if std::env::var_os(LOG_VARIABLE).is_some() {
        group.sample_size(10);
    }
}
