//! The shipped samples, profiled as a new user would: both formats, plain,
//! gzip and standard input, and the archetypes `cargo xtask gen-sample`
//! put in them.

mod common;

use std::fs;
use std::net::IpAddr;

use common::{column, example, gzip_to, line_count, record, run, tools};
use serde_json::Value;

const DECNET: &str = "decnet-sample.log";
const COWRIE: &str = "cowrie-sample.json";

fn profile(name: &str, extra: &[&str]) -> common::Run {
    let path = example(name);
    let mut args: Vec<&std::ffi::OsStr> = extra.iter().map(|arg| arg.as_ref()).collect();
    args.push(path.as_os_str());
    let run = run(&args, None);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    run
}

#[test]
fn every_line_of_both_samples_is_accounted_for() {
    for name in [DECNET, COWRIE] {
        let path = example(name);
        let run = profile(name, &[]);
        let accounting = run.accounting(&path.display().to_string());
        let bytes = fs::read(&path).expect("the sample is shipped");
        assert_eq!(accounting.lines, line_count(&bytes), "{name}");
        assert!(accounting.balances(), "{name}: {accounting:?}");
        // The samples carry malformed lines and skipped events on purpose.
        assert!(
            accounting.rejected > 0 && accounting.not_profiled > 0,
            "{name}"
        );
        assert!(run.stderr.contains(" attackers profiled"), "{}", run.stderr);
    }
}

#[test]
fn json_keys_come_in_the_documented_order() {
    let run = profile(DECNET, &[]);
    let first = run.stdout.lines().next().expect("at least one attacker");
    let keys = [
        "attacker_ip",
        "first_seen",
        "last_seen",
        "event_count",
        "os_guess",
        "hop_distance",
        "tcp_fingerprint",
        "kex_order_raw",
        "ssh_client_banners",
        "retransmit_count",
        "behavior_class",
        "beacon_interval_s",
        "beacon_jitter_pct",
        "tool_guesses",
        "timing_stats",
        "phase_sequence",
    ];
    let positions: Vec<usize> = keys
        .iter()
        .map(|key| {
            first
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("{key} missing from {first}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{first}"
    );
    assert!(
        !first.contains("\"events\""),
        "raw lines only with --keep-raw"
    );
}

#[test]
fn attackers_are_sorted_ipv4_then_ipv6_numerically() {
    let run = profile(DECNET, &[]);
    let ips: Vec<IpAddr> = run
        .records()
        .iter()
        .map(|record| {
            record["attacker_ip"]
                .as_str()
                .and_then(|ip| ip.parse().ok())
                .expect("the sample's attackers have addresses")
        })
        .collect();
    let mut sorted = ips.clone();
    sorted.sort();
    assert_eq!(ips, sorted);
    assert!(
        ips.iter().any(IpAddr::is_ipv6),
        "the sample has an IPv6 attacker"
    );
}

#[test]
fn two_runs_print_the_same_bytes_whatever_the_thread_count() {
    let once = profile(DECNET, &[]);
    let again = profile(DECNET, &["--jobs", "1"]);
    let wide = profile(DECNET, &["--jobs", "4"]);
    assert_eq!(once.stdout, again.stdout);
    assert_eq!(once.stdout, wide.stdout);
    assert_eq!(once.stderr, again.stderr);
}

#[test]
fn gzip_input_is_told_by_content_and_profiles_like_plain_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [DECNET, COWRIE] {
        let plain = profile(name, &[]);
        // A name that does not say gzip: detection is by content.
        let packed = dir.path().join(format!("{name}.bin"));
        gzip_to(
            &packed,
            &fs::read(example(name)).expect("the sample is shipped"),
        );
        let run = run(&[&packed], None);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(run.stdout, plain.stdout, "{name}");
        let lines = run.accounting(&packed.display().to_string()).lines;
        assert_eq!(
            lines,
            plain.accounting(&example(name).display().to_string()).lines
        );
    }
}

#[test]
fn standard_input_profiles_like_the_file() {
    for name in [DECNET, COWRIE] {
        let bytes = fs::read(example(name)).expect("the sample is shipped");
        let plain = profile(name, &[]);
        let dash = run(&["-"], Some(&bytes));
        let no_args = run::<&str>(&[], Some(&bytes));
        assert_eq!(dash.stdout, plain.stdout, "{name}");
        assert_eq!(no_args.stdout, plain.stdout, "{name}");
        assert_eq!(dash.accounting("<stdin>").lines, line_count(&bytes));
    }
}

#[test]
fn a_log_split_in_two_files_profiles_like_the_whole() {
    let bytes = fs::read(example(DECNET)).expect("the sample is shipped");
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    let (head, tail) = lines.split_at(lines.len() / 2);
    let dir = tempfile::tempdir().expect("temp dir");
    let (first, second) = (dir.path().join("a.log"), dir.path().join("b.log"));
    fs::write(&first, head.join("\n") + "\n").expect("write");
    fs::write(&second, tail.join("\n") + "\n").expect("write");
    fs::write(dir.path().join("whole.log"), lines.join("\n") + "\n").expect("write");
    let whole = run(&[dir.path().join("whole.log")], None);
    let split = run(
        &[
            first.as_os_str(),
            second.as_os_str(),
            "--jobs".as_ref(),
            "2".as_ref(),
        ],
        None,
    );
    assert_eq!(split.stdout, whole.stdout);
    assert!(split.accounting("total").balances());
}

#[test]
fn keep_raw_lists_each_profiled_line_of_the_attacker() {
    let run = profile(DECNET, &["--keep-raw"]);
    let bytes = fs::read(example(DECNET)).expect("the sample is shipped");
    let text = String::from_utf8_lossy(&bytes);
    for record in run.records() {
        let events = record["events"].as_array().expect("--keep-raw adds events");
        assert_eq!(
            events.len() as u64,
            record["event_count"].as_u64().expect("a count")
        );
        for line in events {
            let line = line.as_str().expect("lines are strings");
            assert!(text.lines().any(|raw| raw.trim() == line), "{line}");
        }
    }
}

#[test]
fn decnet_sample_profiles_each_archetype_as_designed() {
    let records = profile(DECNET, &[]).records();
    let class = |ip: &str| record(&records, ip)["behavior_class"].clone();

    // Brute-force bots: structured SSH, Telnet, sshd prose, IPv6.
    for ip in [
        "203.0.113.14",
        "198.51.100.201",
        "203.0.113.77",
        "2001:db8::6a",
    ] {
        assert_eq!(class(ip), "brute_force", "{ip}");
    }

    // The implant: ~60 s with ~20 % jitter is Cobalt Strike's cadence.
    let beacon = record(&records, "198.51.100.23");
    assert_eq!(beacon["behavior_class"], "beaconing");
    assert_eq!(tools(beacon), ["cobalt_strike"]);
    let interval = beacon["beacon_interval_s"]
        .as_f64()
        .expect("a beacon interval");
    assert!((52.0..=68.0).contains(&interval), "{interval}");
    let jitter = beacon["beacon_jitter_pct"]
        .as_f64()
        .expect("a beacon jitter");
    assert!((15.0..=25.0).contains(&jitter), "{jitter}");

    // The scanners: User-Agents in request headers, nmap's SYN shape.
    let scanner = record(&records, "203.0.113.50");
    assert_eq!(scanner["behavior_class"], "scanning");
    assert_eq!(tools(scanner), ["nmap", "nikto", "zgrab", "curl"]);
    assert_ne!(
        scanner["kex_order_raw"],
        Value::Null,
        "the prober's hassh event"
    );
    let syn_scanner = record(&records, "203.0.113.99");
    assert_eq!(syn_scanner["os_guess"], "nmap");
    assert_eq!(tools(syn_scanner), ["nmap", "masscan"]);
    assert_eq!(
        tools(record(&records, "198.51.100.150")),
        ["python_requests"]
    );

    // The intruder: irregular typing, a 2.25 MiB payload, a Linux stack.
    let intruder = record(&records, "198.51.100.77");
    assert_eq!(intruder["behavior_class"], "interactive");
    assert_eq!(intruder["os_guess"], "linux");
    assert_eq!(intruder["hop_distance"], 12);
    assert_eq!(intruder["retransmit_count"], 3);
    let phases = column(intruder, "phase_sequence");
    assert_eq!(phases["large_payload_count"], 1);
    assert!(phases["exfil_latency_s"].as_f64().is_some_and(|s| s >= 0.0));
    assert_eq!(
        column(intruder, "ssh_client_banners"),
        serde_json::json!(["SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5"])
    );
}

#[test]
fn decnet_sample_skips_mutations_and_events_without_attacker() {
    let run = profile(DECNET, &[]);
    assert!(run.stderr.contains(" mutation"), "{}", run.stderr);
    assert!(run.stderr.contains(" no attacker IP"), "{}", run.stderr);
    assert!(run.stderr.contains(" invalid UTF-8"), "{}", run.stderr);
}

#[test]
fn cowrie_sample_profiles_each_archetype_as_designed() {
    let run = profile(COWRIE, &[]);
    let records = run.records();

    let beacon = record(&records, "198.51.100.23");
    assert_eq!(beacon["behavior_class"], "beaconing");
    assert_eq!(tools(beacon), ["cobalt_strike"]);
    // Its session began before the log: the service had to be guessed.
    assert!(
        run.stderr.contains("service guessed as ssh"),
        "{}",
        run.stderr
    );

    assert_eq!(
        record(&records, "198.51.100.201")["behavior_class"],
        "brute_force"
    );
    let intruder = record(&records, "198.51.100.77");
    assert_eq!(intruder["behavior_class"], "interactive");
    assert_eq!(
        column(intruder, "kex_order_raw").as_array().map(Vec::len),
        Some(1),
        "client.kex feeds kex_order_raw"
    );
    // Cowrie logs no download size, so nothing counts as a large payload.
    assert_eq!(column(intruder, "phase_sequence")["large_payload_count"], 0);
}

#[test]
fn cowrie_sample_shows_the_mapping_defaults_and_their_options() {
    let default = profile(COWRIE, &[]);
    assert!(
        default.stderr.contains("cowrie.command.failed"),
        "{}",
        default.stderr
    );
    let banners = column(
        record(&default.records(), "203.0.113.50"),
        "ssh_client_banners",
    );
    assert!(
        banners
            .as_array()
            .expect("a list")
            .contains(&"b'SSH-2.0-Go'".into())
    );

    let options = profile(COWRIE, &["--strip-bytes-wrapper", "--map-command-failed"]);
    let banners = column(
        record(&options.records(), "203.0.113.50"),
        "ssh_client_banners",
    );
    assert!(
        banners
            .as_array()
            .expect("a list")
            .contains(&"SSH-2.0-Go".into())
    );
    assert!(
        !options.stderr.contains("cowrie.command.failed"),
        "{}",
        options.stderr
    );
    let name = example(COWRIE).display().to_string();
    assert!(options.accounting(&name).profiled > default.accounting(&name).profiled);
}
