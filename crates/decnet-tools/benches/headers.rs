//! Header attribution on `request` events: `detect_tools_from_headers`
//! over each attacker's requests, and `parse_headers` on every `headers`
//! value. The events are those of `examples/decnet-sample.log` or of the
//! file `DECNET_BENCH_LOG` names (see `BENCHMARKS.md`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_event::Event;
use decnet_tools::{detect_tools_from_headers, parse_headers};

#[path = "../../../benches/sample.rs"]
mod sample;

fn headers(c: &mut Criterion) {
    let log = sample::log();
    let requests: Vec<Vec<Event>> = sample::attackers(&sample::lines(&log))
        .into_iter()
        .map(|events| {
            events
                .into_iter()
                .filter(|event| event.event_type == "request")
                .collect::<Vec<_>>()
        })
        .filter(|requests| !requests.is_empty())
        .collect();
    let count: usize = requests.iter().map(Vec::len).sum();

    let mut group = c.benchmark_group("detect_tools_from_headers");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function("every_attackers_requests", |b| {
        b.iter(|| {
            for events in &requests {
                black_box(detect_tools_from_headers(black_box(events)));
            }
        })
    });
    group.finish();

    let values: Vec<&str> = requests
        .iter()
        .flatten()
        .filter_map(|event| event.fields.get("headers"))
        .collect();
    let mut group = c.benchmark_group("parse_headers");
    sample::configure(&mut group);
    group.throughput(Throughput::Elements(values.len() as u64));
    group.bench_function("every_request", |b| {
        b.iter(|| {
            for value in &values {
                black_box(parse_headers(black_box(value)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, headers);
criterion_main!(benches);
