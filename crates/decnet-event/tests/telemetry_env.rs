//! The tracing switch starts as `DECNET_DEVELOPER_TRACING` says: on for
//! `true` in any letter case, off for anything else or nothing. Each case
//! runs this test binary again, in a child process with that environment.
#![cfg(feature = "otel")]

use std::process::Command;

use decnet_event::telemetry;

/// What a child process started with `value` (or without the variable)
/// finds the switch to be.
fn switch_in_child(value: Option<&str>) -> bool {
    let mut child = Command::new(std::env::current_exe().expect("the test binary has a path"));
    child.args([
        "--exact",
        "reports_the_switch_to_its_parent",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    match value {
        Some(value) => child.env(telemetry::ENV_VAR, value),
        None => child.env_remove(telemetry::ENV_VAR),
    };
    let output = child.output().expect("the test binary runs again");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The harness prints the test's name on the same line.
    let reported = stdout
        .split_once("telemetry-enabled=")
        .and_then(|(_, rest)| rest.split_whitespace().next());
    match reported {
        Some("true") => true,
        Some("false") => false,
        _ => panic!("the child printed no switch: {stdout}"),
    }
}

#[test]
#[ignore = "run by decnet_developer_tracing_true_in_any_case_turns_tracing_on, in a child"]
fn reports_the_switch_to_its_parent() {
    println!("telemetry-enabled={}", telemetry::enabled());
}

#[test]
fn decnet_developer_tracing_true_in_any_case_turns_tracing_on() {
    for value in ["true", "TRUE", "True", "tRuE"] {
        assert!(switch_in_child(Some(value)), "{value:?}");
    }
}

#[test]
fn tracing_is_off_without_decnet_developer_tracing_or_with_another_value() {
    assert!(!switch_in_child(None));
    for value in ["", "1", "yes", "on", " true", "true ", "false"] {
        assert!(!switch_in_child(Some(value)), "{value:?}");
    }
}
