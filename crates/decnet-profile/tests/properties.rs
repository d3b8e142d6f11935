//! Invariants of the profiling pipeline, checked on random selections of
//! the shipped sample's lines through the library entry point.

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use serde_json::Value;

/// The lines of the shipped DECNET sample, valid and malformed alike.
fn sample_lines() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/decnet-sample.log");
    let bytes = std::fs::read(path).expect("the DECNET sample is shipped");
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect()
}

/// A new file in the temporary directory holding `lines`.
fn write_log(lines: &[String]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "decnet-profile-prop-{}-{}.log",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let path = std::env::temp_dir().join(name);
    // No line, no terminator: a lone `\n` would be one (empty) line.
    let mut text = lines.join("\n");
    if !lines.is_empty() {
        text.push('\n');
    }
    std::fs::write(&path, text).expect("the temporary directory is writable");
    path
}

/// Profiles `paths` with `jobs` threads: (lines read, JSON output).
fn profile(paths: &[PathBuf], jobs: usize) -> (u64, String) {
    let jobs = NonZeroUsize::new(jobs).expect("tests use at least one thread");
    let mut out = Vec::new();
    let lines = decnet_profile::profile_to_json(paths, jobs, &mut out).expect("profiling works");
    (lines, String::from_utf8(out).expect("the output is UTF-8"))
}

fn selections() -> impl Strategy<Value = Vec<String>> {
    let lines = sample_lines();
    let len = lines.len();
    proptest::sample::subsequence(lines, 0..=len)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn output_does_not_depend_on_the_number_of_jobs(lines in selections()) {
        let path = write_log(&lines);
        let one = profile(std::slice::from_ref(&path), 1);
        let three = profile(std::slice::from_ref(&path), 3);
        std::fs::remove_file(&path).ok();
        prop_assert_eq!(one, three);
    }

    #[test]
    fn every_line_written_is_counted_as_read(lines in selections()) {
        let path = write_log(&lines);
        let (read, _) = profile(std::slice::from_ref(&path), 2);
        std::fs::remove_file(&path).ok();
        prop_assert_eq!(read, lines.len() as u64);
    }

    #[test]
    fn splitting_a_log_in_two_files_does_not_change_the_records(
        lines in selections(),
        cut in any::<prop::sample::Index>(),
    ) {
        let at = cut.index(lines.len() + 1);
        let whole = write_log(&lines);
        let first = write_log(&lines[..at]);
        let second = write_log(&lines[at..]);
        let (_, together) = profile(std::slice::from_ref(&whole), 1);
        let (_, apart) = profile(&[first.clone(), second.clone()], 2);
        for path in [whole, first, second] {
            std::fs::remove_file(path).ok();
        }
        prop_assert_eq!(together, apart);
    }

    #[test]
    fn each_attacker_has_exactly_one_record_in_address_order(lines in selections()) {
        let path = write_log(&lines);
        let (_, json) = profile(std::slice::from_ref(&path), 2);
        std::fs::remove_file(&path).ok();
        let ips: Vec<String> = json
            .lines()
            .map(|line| {
                let record: Value = serde_json::from_str(line).expect("each line is JSON");
                record["attacker_ip"].as_str().expect("attacker_ip is text").to_owned()
            })
            .collect();
        let distinct: BTreeSet<&String> = ips.iter().collect();
        prop_assert_eq!(distinct.len(), ips.len());
        let mut sorted = ips.clone();
        // Addresses in numeric order (IPv4 first), then other text.
        sorted.sort_by_cached_key(|ip| {
            let parsed = ip.parse::<std::net::IpAddr>().ok();
            (parsed.is_none(), parsed, ip.clone())
        });
        prop_assert_eq!(sorted, ips);
    }
}
