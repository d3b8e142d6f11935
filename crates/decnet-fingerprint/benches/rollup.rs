//! `sniffer_rollup` over every attacker's events, from
//! `examples/decnet-sample.log` or the file `DECNET_BENCH_LOG` names (see
//! `BENCHMARKS.md`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_fingerprint::sniffer_rollup;

#[path = "../../../benches/sample.rs"]
mod sample;

fn rollup(c: &mut Criterion) {
    let log = sample::log();
    let attackers = sample::attackers(&sample::lines(&log));
    let events: usize = attackers.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("sniffer_rollup");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("every_attacker", |b| {
        b.iter(|| {
            for events in &attackers {
                black_box(sniffer_rollup(black_box(events)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, rollup);
criterion_main!(benches);
