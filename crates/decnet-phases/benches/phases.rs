//! `phase_sequence` over every attacker's events, from
//! `examples/decnet-sample.log` or the file `DECNET_BENCH_LOG` names (see
//! `BENCHMARKS.md`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_phases::phase_sequence;

#[path = "../../../benches/sample.rs"]
mod sample;

fn phases(c: &mut Criterion) {
    let log = sample::log();
    let attackers = sample::attackers(&sample::lines(&log));
    let events: usize = attackers.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("phase_sequence");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("every_attacker", |b| {
        b.iter(|| {
            for events in &attackers {
                black_box(phase_sequence(black_box(events)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
