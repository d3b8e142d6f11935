//! Every case of the vendored conformance corpus, asserted exactly.

use std::path::Path;

use decnet_conformance::{differing_keys, eval_case, read_cases};

/// Runs a corpus file and fails listing every case that differs.
fn assert_corpus(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let cases = read_cases(&text);
    let mut failures = Vec::new();
    for case in &cases {
        let result = eval_case(case);
        let keys = differing_keys(&case["expect"], &result["actual"]);
        if !keys.is_empty() {
            failures.push(format!("{} [{}]", case["id"], keys.join(", ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn parser_corpus_matches_the_original() {
    assert_corpus("parser.jsonl");
}

#[test]
fn records_corpus_matches_the_original() {
    assert_corpus("records.jsonl");
}

#[test]
fn calls_corpus_matches_the_original() {
    assert_corpus("calls.jsonl");
}
