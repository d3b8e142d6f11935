//! The parser on realistic lines: `parse_line` (a new event per line),
//! `parse_line_into` (one event reused, as `decnet-profile` reads), and
//! `Timestamp::parse_iso` on the lines' timestamps.
//!
//! The lines are those of `examples/decnet-sample.log`, or of the file
//! `DECNET_BENCH_LOG` names (see `BENCHMARKS.md`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_event::{Timestamp, parse_line, parse_line_into};

#[path = "../../../benches/sample.rs"]
mod sample;

fn parsing(c: &mut Criterion) {
    let log = sample::log();
    let lines = sample::lines(&log);
    let mut group = c.benchmark_group("parse_line");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("new_event_per_line", |b| {
        b.iter(|| {
            for line in &lines {
                let _ = black_box(parse_line(black_box(line)));
            }
        })
    });
    let mut event = lines
        .iter()
        .find_map(|line| parse_line(line).ok())
        .expect("the log has a DECNET line");
    group.bench_function("reused_event", |b| {
        b.iter(|| {
            for line in &lines {
                let _ = black_box(parse_line_into(black_box(line), &mut event));
            }
        })
    });
    group.finish();

    let timestamps: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.split(' ').nth(1))
        .collect();
    let mut group = c.benchmark_group("parse_iso");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(timestamps.len() as u64));
    group.bench_function("line_timestamps", |b| {
        b.iter(|| {
            for text in &timestamps {
                let _ = black_box(Timestamp::parse_iso(black_box(text)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parsing);
criterion_main!(benches);
