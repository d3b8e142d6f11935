//! The profiler from bytes to records, and its two halves, on one input:
//! `examples/decnet-sample.log`, or the file `DECNET_BENCH_LOG` names (the
//! reference input of `BENCHMARKS.md`, from `cargo xtask gen-bench-log`).
//! The groups count lines, except `build`, which counts the events it
//! reads (the lines less those profiled as no attacker's).
//!
//! - `parse`: every line through `parse_line_into`, one event reused;
//! - `build`: every attacker's record and storage row from events parsed
//!   beforehand (`build_behavior_record`, `to_row`), one thread;
//! - `end_to_end`: `profile_to_json` on the file, as `decnet-profile
//!   --jobs N FILE` runs, on one thread and on every CPU.
//!
//! The benchmark allocates with mimalloc, as the `decnet-profile` binary
//! does, so that its figures are the program's.

use std::hint::black_box;
use std::io;
use std::num::NonZeroUsize;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_behavior::build_behavior_record;
use decnet_event::{parse_line, parse_line_into};
use decnet_profile::profile_to_json;

#[path = "../../../benches/sample.rs"]
mod sample;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pipeline(c: &mut Criterion) {
    let log = sample::log();
    let lines = sample::lines(&log);
    let line_count = Throughput::Elements(lines.len() as u64);

    let mut group = c.benchmark_group("parse");
    sample::configure(&mut group);
    group.throughput(line_count.clone());
    let mut event = lines
        .iter()
        .find_map(|line| parse_line(line).ok())
        .expect("the log has a DECNET line");
    group.bench_function("lines", |b| {
        b.iter(|| {
            for line in &lines {
                let _ = black_box(parse_line_into(black_box(line), &mut event));
            }
        })
    });
    group.finish();

    let attackers = sample::attackers(&lines);
    let events: usize = attackers.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("build");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("records_from_parsed_events", |b| {
        b.iter(|| {
            for events in &attackers {
                black_box(build_behavior_record(black_box(events)).to_row());
            }
        })
    });
    group.finish();

    // The pipeline reads files: the sample is written to one.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = match sample::log_path() {
        Some(path) => path,
        None => {
            let path = dir.path().join("decnet-sample.log");
            std::fs::write(&path, &log).expect("writing the sample");
            path
        }
    };
    let paths = [path];
    let cpus = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    let mut group = c.benchmark_group("end_to_end");
    sample::configure(&mut group);
    group.throughput(line_count);
    for jobs in [NonZeroUsize::MIN, cpus] {
        group.bench_function(format!("jobs_{jobs}"), |b| {
            b.iter(|| profile_to_json(&paths, jobs, &mut io::sink()).expect("profiling"))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
