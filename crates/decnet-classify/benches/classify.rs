//! The classifier on every attacker of `examples/decnet-sample.log` or of
//! the file `DECNET_BENCH_LOG` names (see `BENCHMARKS.md`):
//! `services_count` over its events, and `classify_behavior` on its input.
//! The mean and coefficient of variation of the input are plain `f64`
//! estimates here, not the timing crate's exact statistics: realistic
//! values are all the classifier needs.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_classify::{ClassifyInput, classify_behavior, services_count};
use decnet_event::Event;

#[path = "../../../benches/sample.rs"]
mod sample;

/// A classifier input for `events`, which are in time order.
fn input(events: &[Event]) -> ClassifyInput {
    let gaps: Vec<f64> = events
        .windows(2)
        .map(|pair| pair[0].timestamp.micros_until(&pair[1].timestamp) as f64 / 1e6)
        .collect();
    let (mean, cv) = if gaps.is_empty() {
        (None, None)
    } else {
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let variance = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64;
        (Some(mean), (mean > 0.0).then(|| variance.sqrt() / mean))
    };
    ClassifyInput {
        event_count: events.len() as u64,
        mean_iat_s: mean,
        cv,
        services_count: services_count(events),
    }
}

fn classify(c: &mut Criterion) {
    let log = sample::log();
    let attackers = sample::attackers(&sample::lines(&log));
    let inputs: Vec<ClassifyInput> = attackers.iter().map(|events| input(events)).collect();

    let mut group = c.benchmark_group("classify");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(attackers.len() as u64));
    group.bench_function("services_count_every_attacker", |b| {
        b.iter(|| {
            for events in &attackers {
                black_box(services_count(black_box(events)));
            }
        })
    });
    group.bench_function("classify_behavior_every_attacker", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(classify_behavior(black_box(input)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, classify);
criterion_main!(benches);
