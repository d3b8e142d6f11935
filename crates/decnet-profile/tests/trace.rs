//! `--trace`: each attacker's span tree on standard error, the records
//! unchanged.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{example, run};

const DECNET: &str = "decnet-sample.log";

/// One printed span: its name, span id, parent id and attributes text.
#[derive(Debug)]
struct SpanLine<'a> {
    name: &'a str,
    trace: &'a str,
    span: &'a str,
    parent: &'a str,
    rest: &'a str,
}

/// The span lines of `stderr`.
fn span_lines(stderr: &str) -> Vec<SpanLine<'_>> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("decnet-profile: span "))
        .map(|line| {
            let (name, rest) = line.split_once(' ').expect("a name, then fields");
            let field = |key: &str| {
                let start = rest.find(&format!("{key}=")).expect("the field is printed");
                rest[start + key.len() + 1..]
                    .split(' ')
                    .next()
                    .unwrap_or("")
            };
            SpanLine {
                name,
                trace: field("trace"),
                span: field("span"),
                parent: field("parent"),
                rest,
            }
        })
        .collect()
}

#[test]
fn trace_prints_one_span_tree_per_attacker_and_changes_no_record() {
    let plain = run(&[example(DECNET)], None);
    let traced = run(&[example(DECNET).into_os_string(), "--trace".into()], None);

    assert_eq!(traced.status, plain.status);
    assert_eq!(traced.stdout, plain.stdout);
    let records = traced.records();
    let spans = span_lines(&traced.stderr);
    let mut trees: BTreeMap<&str, Vec<&SpanLine<'_>>> = BTreeMap::new();
    for span in &spans {
        trees.entry(span.trace).or_default().push(span);
    }
    assert_eq!(trees.len(), records.len());
    let mut classes_in_spans = Vec::new();
    for tree in trees.values() {
        let names: Vec<&str> = tree.iter().map(|span| span.name).collect();
        assert_eq!(
            names,
            [
                "profiler.timing_stats",
                "profiler.classify_behavior",
                "profiler.sniffer_rollup",
                "profiler.phase_sequence",
                "profiler.detect_tools_from_headers",
                "profiler.behavior_summary",
                "profiler.build_behavior_record",
            ]
        );
        let root = tree[6];
        assert_eq!(root.parent, "-");
        assert!(tree[..6].iter().all(|span| span.parent == root.span));
        let class = tree[5]
            .rest
            .split_once("behavior_class=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(class, _)| class.to_owned())
            .expect("the summary has a behavior_class");
        classes_in_spans.push(class);
    }
    let mut classes_in_records: Vec<String> = records
        .iter()
        .map(|record| record["behavior_class"].as_str().unwrap_or("").to_owned())
        .collect();
    classes_in_spans.sort();
    classes_in_records.sort();
    assert_eq!(classes_in_spans, classes_in_records);
}

#[test]
fn without_trace_no_span_is_printed_even_when_decnet_developer_tracing_is_true() {
    let output = Command::new(env!("CARGO_BIN_EXE_decnet-profile"))
        .arg(example(DECNET))
        .env("DECNET_DEVELOPER_TRACING", "true")
        .output()
        .expect("the binary runs");

    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(span_lines(&stderr).is_empty(), "{stderr}");
}
