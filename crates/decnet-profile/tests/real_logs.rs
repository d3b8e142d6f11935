//! The real honeypot logs in `../shared/real/` (beside the repository, never
//! in it): every line accounted for, every attacker profiled, and the
//! classes and tools checked against what the logs themselves show.
//!
//! Each expectation below was verified by reading the log; where the test
//! can, it derives the expectation from the log at run time instead of
//! pinning a number. The folder is the one `DECNET_REAL_LOGS` names, else
//! `../shared/real`. When neither exists, each test prints that it is
//! skipped and passes, and `the_real_logs_are_present` (ignored by default)
//! fails under `--include-ignored`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{Run, column, line_count, record, run, tools};
use serde_json::Value;

const TANNER: &str = "tanner-tpot-2022-05-28_06-02.json";
const TPOT: &str = "cowrie-tpot-2022-06-01.json";
const TELNET: &str = "cowrie-ghostwalkr-telnet-2020-05-19_28.json";
const COWRIE_2018: &str = "cowrie-kareiva-2018-06-09_13.json";
const BYTES_WRAPPED: &str = "cowrie-andymalepe-2021-02-12.json";

/// The real logs' folder, or `None` after saying why the test is skipped.
fn real_logs(test: &str) -> Option<PathBuf> {
    let dir = common::real_logs();
    if dir.is_none() {
        println!(
            "{test}: skipped: no real logs ({} unset and ../shared/real absent)",
            common::REAL_LOGS_VAR
        );
    }
    dir
}

/// Makes a run without the real logs visible: this test shows as ignored,
/// and `cargo test -- --include-ignored` fails when they are absent.
#[test]
#[ignore = "requires the real logs: set DECNET_REAL_LOGS=DIR or put them at \
            ../shared/real, then run with --include-ignored"]
fn the_real_logs_are_present() {
    assert!(
        common::real_logs().is_some(),
        "set {}=DIR to the real honeypot logs",
        common::REAL_LOGS_VAR
    );
}

fn profile(path: &Path, options: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = options.iter().map(|arg| arg.as_ref()).collect();
    args.push(path.as_os_str());
    let run = run(&args, None);
    assert_eq!(run.status, 0, "{}: {}", path.display(), run.stderr);
    run
}

/// Every line of a log, parsed as JSON (the README says each one is).
fn json_lines(path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).expect("the real logs are UTF-8");
    text.lines()
        .map(|line| serde_json::from_str(line).expect("every real line is JSON"))
        .collect()
}

/// The attacker address of a Cowrie or Tanner line.
fn source_ip(line: &Value) -> Option<&str> {
    line.get("src_ip")
        .or_else(|| line.get("peer").and_then(|peer| peer.get("ip")))
        .and_then(Value::as_str)
}

#[test]
fn every_real_log_is_fully_accounted_for_and_every_attacker_profiled() {
    let Some(dir) = real_logs("every_real_log") else {
        return;
    };
    let mut logs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the folder lists")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    logs.sort();
    assert_eq!(logs.len(), 9, "the README lists nine logs");

    for path in logs {
        let run = profile(&path, &[]);
        let accounting = run.accounting(&path.display().to_string());
        let bytes = fs::read(&path).expect("readable");
        assert_eq!(accounting.lines, line_count(&bytes), "{}", path.display());
        assert!(accounting.balances(), "{}: {accounting:?}", path.display());
        assert_eq!(
            accounting.rejected,
            0,
            "{}: every real line is valid",
            path.display()
        );

        let expected: BTreeSet<String> = json_lines(&path)
            .iter()
            .filter_map(source_ip)
            .map(str::to_owned)
            .collect();
        let profiled: BTreeSet<String> = run
            .records()
            .iter()
            .map(|record| {
                record["attacker_ip"]
                    .as_str()
                    .expect("an address")
                    .to_owned()
            })
            .collect();
        assert_eq!(profiled, expected, "{}", path.display());
        assert!(
            run.stderr
                .contains(&format!("{} attackers profiled", expected.len())),
            "{}",
            run.stderr
        );
    }
}

/// The profiler's User-Agent rules (SPEC 4.2) for the tools the Tanner log
/// holds, applied to the log directly.
fn user_agent_tools(user_agent: &str) -> Vec<&'static str> {
    let lower = user_agent.to_lowercase();
    let mut found = Vec::new();
    for (tool, needle) in [
        ("masscan", "masscan"),
        ("zgrab", "zgrab"),
        ("python_requests", "python-requests"),
    ] {
        if lower.contains(needle) {
            found.push(tool);
        }
    }
    if lower.starts_with("curl/") {
        found.push("curl");
    }
    found
}

#[test]
fn tanner_scanner_user_agents_are_attributed_to_their_addresses() {
    let Some(dir) = real_logs("tanner_user_agents") else {
        return;
    };
    let path = dir.join(TANNER);
    let mut expected: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for line in json_lines(&path) {
        let ip = source_ip(&line)
            .expect("every request has a peer")
            .to_owned();
        let user_agent = line["headers"]["user-agent"].as_str().unwrap_or_default();
        expected
            .entry(ip)
            .or_default()
            .extend(user_agent_tools(user_agent));
    }

    let records = profile(&path, &[]).records();
    let mut addresses_per_tool: BTreeMap<String, usize> = BTreeMap::new();
    for (ip, expected_tools) in &expected {
        let header_tools: BTreeSet<String> = tools(record(&records, ip))
            .into_iter()
            .filter(|tool| !["cobalt_strike", "sliver", "havoc", "mythic"].contains(&tool.as_str()))
            .collect();
        let expected_tools: BTreeSet<String> =
            expected_tools.iter().map(|tool| tool.to_string()).collect();
        assert_eq!(header_tools, expected_tools, "{ip}");
        for tool in expected_tools {
            *addresses_per_tool.entry(tool).or_default() += 1;
        }
    }
    // As the folder's README counts them, and as read in the log.
    let counted = [
        ("curl", 3),
        ("masscan", 1),
        ("python_requests", 11),
        ("zgrab", 13),
    ];
    let counted = counted.map(|(tool, addresses)| (tool.to_owned(), addresses));
    assert_eq!(addresses_per_tool, BTreeMap::from(counted));
    assert_eq!(tools(record(&records, "198.18.1.83")), ["masscan"]);
    let both: BTreeSet<String> = tools(record(&records, "198.18.0.191"))
        .into_iter()
        .collect();
    assert_eq!(
        both,
        BTreeSet::from(["curl".to_owned(), "python_requests".to_owned()])
    );
}

/// The number of a source's lines whose `eventid` the default mapping
/// profiles.
fn mapped_events(lines: &[Value], ip: &str) -> u64 {
    const UNMAPPED: &[&str] = &[
        "cowrie.command.failed",
        "cowrie.command.success",
        "cowrie.direct-tcpip.data",
        "cowrie.session.params",
        "cowrie.log.open",
        "cowrie.log.closed",
        "cowrie.client.size",
        "cowrie.client.var",
    ];
    lines
        .iter()
        .filter(|line| source_ip(line) == Some(ip))
        .filter(|line| !UNMAPPED.contains(&line["eventid"].as_str().unwrap_or_default()))
        .count() as u64
}

#[test]
fn a_mirai_telnet_bot_is_classed_brute_force() {
    let Some(dir) = real_logs("mirai_telnet_bot") else {
        return;
    };
    // 198.18.2.83 sends 88 failed Telnet logins in 92 seconds over five
    // sessions, then a few `enable`/`sh` commands.
    let path = dir.join(TELNET);
    let bot = "198.18.2.83";
    let records = profile(&path, &[]).records();
    let profile = record(&records, bot);
    assert_eq!(profile["behavior_class"], "brute_force");
    assert_eq!(
        profile["event_count"],
        mapped_events(&json_lines(&path), bot)
    );
    let timing = column(profile, "timing_stats");
    assert!(timing["mean_iat_s"].as_f64().is_some_and(|mean| mean < 5.0));
}

#[test]
fn a_2018_ssh_password_bot_is_classed_brute_force() {
    let Some(dir) = real_logs("ssh_password_bot") else {
        return;
    };
    // 198.18.0.41 tries 21 passwords in one SSH session.
    let path = dir.join(COWRIE_2018);
    let records = profile(&path, &[]).records();
    let profile = record(&records, "198.18.0.41");
    assert_eq!(profile["behavior_class"], "brute_force");
    assert_eq!(
        profile["event_count"],
        mapped_events(&json_lines(&path), "198.18.0.41")
    );
}

#[test]
fn the_tpot_pair_shares_five_attackers_when_profiled_together() {
    let Some(dir) = real_logs("tpot_pair") else {
        return;
    };
    let (tanner, cowrie) = (dir.join(TANNER), dir.join(TPOT));
    let web = profile(&tanner, &[]).records();
    let ssh = profile(&cowrie, &[]).records();
    let both = run(&[&tanner, &cowrie], None);
    assert_eq!(both.status, 0, "{}", both.stderr);
    assert!(both.accounting("total").balances());
    let both = both.records();
    assert_eq!(both.len(), web.len() + ssh.len() - 5);
    for ip in [
        "198.18.0.3",
        "198.18.0.8",
        "198.18.0.74",
        "198.18.0.81",
        "198.18.0.159",
    ] {
        let sum = record(&web, ip)["event_count"].as_u64().expect("a count")
            + record(&ssh, ip)["event_count"].as_u64().expect("a count");
        assert_eq!(record(&both, ip)["event_count"], sum, "{ip}");
    }
}

#[test]
fn command_failed_is_left_out_by_default_and_profiled_on_request() {
    let Some(dir) = real_logs("command_failed") else {
        return;
    };
    let path = dir.join(TPOT);
    let name = path.display().to_string();
    let failed = json_lines(&path)
        .iter()
        .filter(|line| line["eventid"] == "cowrie.command.failed")
        .count() as u64;
    let default = profile(&path, &[]);
    assert!(
        default
            .stderr
            .contains(&format!("{failed} cowrie.command.failed"))
    );
    let mapped = profile(&path, &["--map-command-failed"]);
    assert_eq!(
        mapped.accounting(&name).profiled,
        default.accounting(&name).profiled + failed
    );
}

#[test]
fn bytes_wrapped_client_versions_are_kept_by_default_and_stripped_on_request() {
    let Some(dir) = real_logs("bytes_wrapped_versions") else {
        return;
    };
    let path = dir.join(BYTES_WRAPPED);
    let banners = |run: &Run| -> Vec<String> {
        run.records()
            .iter()
            .filter(|record| !record["ssh_client_banners"].is_null())
            .flat_map(|record| {
                serde_json::from_value::<Vec<String>>(column(record, "ssh_client_banners"))
                    .expect("a list")
            })
            .collect()
    };
    let kept = banners(&profile(&path, &[]));
    assert!(!kept.is_empty() && kept.iter().all(|banner| banner.starts_with("b'")));
    // Every version in this log is wrapped, scanners' TLS bytes included.
    let stripped = banners(&profile(&path, &["--strip-bytes-wrapper"]));
    assert_eq!(stripped.len(), kept.len());
    for (kept, stripped) in kept.iter().zip(&stripped) {
        assert_eq!(*kept, format!("b'{stripped}'"));
    }
    assert!(stripped.iter().any(|banner| banner.starts_with("SSH-2.0-")));
}

#[test]
fn kex_lists_on_2018_client_versions_feed_kex_order_raw_only_on_request() {
    let Some(dir) = real_logs("kex_from_version") else {
        return;
    };
    let path = dir.join(COWRIE_2018);
    let default = profile(&path, &[]).records();
    assert!(
        default
            .iter()
            .all(|record| record["kex_order_raw"].is_null())
    );

    let with_kex = profile(&path, &["--kex-from-version"]);
    let with_version: BTreeSet<&str> = default
        .iter()
        .filter(|record| !record["ssh_client_banners"].is_null())
        .filter_map(|record| record["attacker_ip"].as_str())
        .collect();
    for record in with_kex.records() {
        let ip = record["attacker_ip"].as_str().expect("an address");
        assert_eq!(
            !record["kex_order_raw"].is_null(),
            with_version.contains(ip),
            "{ip}"
        );
    }
    let summary = with_kex.stderr.lines().nth(1).unwrap_or_default();
    assert!(
        summary.contains("events profiled from those"),
        "{}",
        with_kex.stderr
    );
}
