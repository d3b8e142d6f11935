//! A large file is read in parts on several threads; what is printed and
//! written must not depend on it.

mod common;

use std::fs;

use common::run;

/// The shipped samples repeated until the text passes `min_bytes`, every
/// copy's timestamps shifted a day later so that time keeps moving.
fn repeated(name: &str, min_bytes: usize) -> Vec<u8> {
    let sample = fs::read(common::example(name)).expect("a shipped sample");
    let mut out = Vec::new();
    let mut day = 2;
    while out.len() < min_bytes {
        let copy = replace(
            &sample,
            b"2026-03-03",
            format!("2026-03-{:02}", day + 1).as_bytes(),
        );
        out.extend(replace(
            &copy,
            b"2026-03-02",
            format!("2026-03-{day:02}").as_bytes(),
        ));
        day = day % 25 + 2;
    }
    out
}

/// `bytes` with every `from` replaced by `to`; bytes that are not UTF-8
/// stay as they are.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The output, summary and rejects of a run with `jobs` threads.
fn outputs(path: &std::path::Path, jobs: &str) -> (String, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("rejects.txt");
    let args = [
        "--jobs".as_ref(),
        jobs.as_ref(),
        "--keep-raw".as_ref(),
        "--rejects".as_ref(),
        rejects.as_os_str(),
        path.as_os_str(),
    ];
    let result = run(&args, None);
    assert_eq!(result.status, 0, "{}", result.stderr);
    let rejects = fs::read_to_string(&rejects).expect("a rejects file");
    (result.stdout, result.stderr, rejects)
}

#[test]
fn a_large_decnet_file_gives_the_same_output_on_one_thread_and_on_three() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.log");
    // Over 8 MiB, so that it is cut into parts; the sample has rejected
    // lines, invalid UTF-8 among them, which must keep their line numbers.
    fs::write(&path, repeated("decnet-sample.log", 9 << 20)).expect("write");
    let one = outputs(&path, "1");
    let three = outputs(&path, "3");
    assert!(one.2.contains("invalid UTF-8"));
    assert_eq!(one, three);
}

#[test]
fn a_large_cowrie_file_read_in_parts_is_read_again_in_one_go() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.json");
    // Cowrie's mapping carries each session's protocol from line to line.
    fs::write(&path, repeated("cowrie-sample.json", 9 << 20)).expect("write");
    assert_eq!(outputs(&path, "1"), outputs(&path, "2"));
}
