//! The command's contract: exit statuses, error messages, the rejects file,
//! the SQLite table, the table format and the help.

mod common;

use std::fs;

use common::{example, run};
use rusqlite::Connection;

const DECNET: &str = "decnet-sample.log";

/// The sample's lines that are valid DECNET syslog, as a clean input.
fn clean_input(dir: &std::path::Path) -> std::path::PathBuf {
    let bytes = fs::read(example(DECNET)).expect("the sample is shipped");
    let clean: Vec<&[u8]> = bytes
        .split(|&b| b == b'\n')
        .filter(|line| std::str::from_utf8(line).is_ok_and(decnet_line_is_clean))
        .collect();
    let path = dir.join("clean.log");
    fs::write(&path, clean.join(&b'\n')).expect("write");
    path
}

/// Whether a sample line is one the parser takes: the sample's malformed
/// lines each break one rule the generator documents.
fn decnet_line_is_clean(line: &str) -> bool {
    line.starts_with("<1")
        && !line.contains(":61+")
        && !line.contains(" - ssh - connection")
        && line.split(' ').count() > 6
}

#[test]
fn input_with_rejects_still_exits_0() {
    let run = run(&[example(DECNET)], None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.accounting(&example(DECNET).display().to_string())
            .rejected
            > 0
    );
}

#[test]
fn a_missing_file_exits_1_with_one_line_naming_it() {
    let run = run(&["no/such/file.log"], None);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("no/such/file.log"), "{}", run.stderr);
}

#[test]
fn a_missing_file_fails_before_any_output_even_after_good_ones() {
    let run = run(&[example(DECNET).as_os_str(), "missing.log".as_ref()], None);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty(), "no partial output");
    assert!(run.stderr.contains("missing.log"), "{}", run.stderr);
}

#[test]
fn a_corrupt_gzip_input_exits_1_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cut.gz");
    common::gzip_to(&path, &fs::read(example(DECNET)).expect("shipped"));
    let bytes = fs::read(&path).expect("read back");
    fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
    let run = run(&[&path], None);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cut.gz"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn usage_errors_exit_1() {
    assert_eq!(run(&["--format", "xml"], None).status, 1);
    assert_eq!(run(&["--no-such-option"], None).status, 1);
    assert_eq!(run(&["--jobs", "0"], None).status, 1);
    let twice = run(&["-", "-"], Some(b""));
    assert_eq!(twice.status, 1);
    assert!(twice.stderr.contains("standard input"), "{}", twice.stderr);
}

#[test]
fn strict_turns_rejects_into_exit_2_and_still_writes_output() {
    let run = run(&["--strict".as_ref(), example(DECNET).as_os_str()], None);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(!run.records().is_empty());
}

#[test]
fn strict_exits_0_when_nothing_was_rejected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = clean_input(dir.path());
    let run = run(&["--strict".as_ref(), clean.as_os_str()], None);
    assert_eq!(
        run.accounting(&clean.display().to_string()).rejected,
        0,
        "{}",
        run.stderr
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn binary_garbage_is_rejected_line_by_line_not_a_crash() {
    let mut garbage = Vec::new();
    let mut state: u32 = 12345;
    for _ in 0..20_000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((state >> 16) as u8);
    }
    let run = run(&["-"], Some(&garbage));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let accounting = run.accounting("<stdin>");
    assert!(accounting.balances());
    assert_eq!(accounting.lines, common::line_count(&garbage));
    assert_eq!(accounting.rejected, accounting.lines);
    assert!(run.stdout.is_empty());
}

#[test]
fn the_rejects_file_has_input_line_number_reason_and_text_of_each_reject() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("rejects.txt");
    let input = example(DECNET);
    let name = input.display().to_string();
    let run = run(
        &["--rejects".as_ref(), rejects.as_os_str(), input.as_os_str()],
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);

    let written = fs::read_to_string(&rejects).expect("the rejects file is written");
    let entries: Vec<&str> = written.lines().collect();
    assert_eq!(entries.len() as u64, run.accounting(&name).rejected);

    let bytes = fs::read(&input).expect("shipped");
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    for entry in entries {
        let rest = entry
            .strip_prefix(&format!("{name}:"))
            .expect("starts with the input");
        let (number, rest) = rest.split_once(": ").expect("then the line number");
        let number: usize = number.parse().expect("a line number");
        let original = String::from_utf8_lossy(lines[number - 1]);
        // The text is the rejected line itself (this sample has no control
        // characters or overlong lines to escape or cut).
        assert!(
            rest.ends_with(&format!(": {original}")),
            "{entry} vs {original}"
        );
    }
}

#[test]
fn the_rejects_of_several_inputs_come_in_input_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("rejects.txt");
    let (first, second) = (example("cowrie-sample.json"), example(DECNET));
    let run = run(
        &[
            "--jobs".as_ref(),
            "2".as_ref(),
            "--rejects".as_ref(),
            rejects.as_os_str(),
            first.as_os_str(),
            second.as_os_str(),
        ],
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let written = fs::read_to_string(&rejects).expect("written");
    let inputs: Vec<bool> = written
        .lines()
        .map(|line| line.starts_with(&first.display().to_string()))
        .collect();
    assert!(inputs.first() == Some(&true) && inputs.last() == Some(&false));
    assert!(
        inputs.windows(2).all(|pair| pair[0] >= pair[1]),
        "{written}"
    );
}

#[test]
fn sqlite_table_has_the_original_columns_keyed_by_attacker_ip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("profiles.db");
    let run_once = run(
        &[
            "--sqlite".as_ref(),
            db.as_os_str(),
            example(DECNET).as_os_str(),
        ],
        None,
    );
    assert_eq!(run_once.status, 0, "{}", run_once.stderr);
    let records = run_once.records();

    let connection = Connection::open(&db).expect("the database exists");
    let mut statement = connection
        .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('attacker_behavior')")
        .expect("the table exists");
    let columns: Vec<(String, String, bool, bool)> = statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get::<_, i64>(3)? > 0,
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let expected = [
        ("attacker_ip", "TEXT", true, true),
        ("os_guess", "TEXT", false, false),
        ("hop_distance", "INTEGER", false, false),
        ("tcp_fingerprint", "TEXT", true, false),
        ("kex_order_raw", "TEXT", false, false),
        ("ssh_client_banners", "TEXT", false, false),
        ("retransmit_count", "INTEGER", true, false),
        ("behavior_class", "TEXT", false, false),
        ("beacon_interval_s", "REAL", false, false),
        ("beacon_jitter_pct", "REAL", false, false),
        ("tool_guesses", "TEXT", false, false),
        ("timing_stats", "TEXT", true, false),
        ("phase_sequence", "TEXT", true, false),
        ("updated_at", "DATETIME", true, false),
    ];
    let expected: Vec<(String, String, bool, bool)> = expected
        .iter()
        .map(|(n, t, nn, pk)| (n.to_string(), t.to_string(), *nn, *pk))
        .collect();
    assert_eq!(columns, expected);

    let index: String = connection
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attacker_behavior' \
             AND sql IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .expect("the updated_at index exists");
    assert_eq!(index, "ix_attacker_behavior_updated_at");

    let count = |connection: &Connection| -> i64 {
        connection
            .query_row("SELECT count(*) FROM attacker_behavior", [], |row| {
                row.get(0)
            })
            .expect("count")
    };
    assert_eq!(count(&connection), records.len() as i64);

    // The stored JSON text is byte-identical to the JSON output's.
    for record in &records {
        let ip = record["attacker_ip"].as_str().expect("an address");
        let (timing, tools): (String, Option<String>) = connection
            .query_row(
                "SELECT timing_stats, tool_guesses FROM attacker_behavior WHERE attacker_ip = ?1",
                [ip],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("a row per attacker");
        assert_eq!(timing, record["timing_stats"].as_str().expect("text"));
        assert_eq!(tools.as_deref(), record["tool_guesses"].as_str());
    }

    // A second run upserts: the same rows, not twice as many.
    let again = run(
        &[
            "--sqlite".as_ref(),
            db.as_os_str(),
            example(DECNET).as_os_str(),
        ],
        None,
    );
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert_eq!(count(&connection), records.len() as i64);
}

#[test]
fn an_unwritable_sqlite_path_exits_1_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("no-such-dir").join("profiles.db");
    let run = run(
        &[
            "--sqlite".as_ref(),
            db.as_os_str(),
            example(DECNET).as_os_str(),
        ],
        None,
    );
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("profiles.db"), "{}", run.stderr);
}

#[test]
fn table_format_prints_a_header_and_one_aligned_row_per_attacker() {
    let json = run(&[example(DECNET)], None).records();
    let table = run(
        &[
            "--format".as_ref(),
            "table".as_ref(),
            example(DECNET).as_os_str(),
        ],
        None,
    );
    assert_eq!(table.status, 0, "{}", table.stderr);
    let rows: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(rows.len(), json.len() + 1);
    assert!(rows[0].starts_with("ATTACKER"));
    let class_column = rows[0].find("CLASS").expect("a CLASS column");
    for (row, record) in rows[1..].iter().zip(&json) {
        assert!(row.starts_with(record["attacker_ip"].as_str().expect("an address")));
        let class = record["behavior_class"].as_str().expect("a class");
        assert_eq!(
            row.get(class_column..class_column + class.len()),
            Some(class),
            "{row}"
        );
    }
}

#[test]
fn help_explains_every_option_and_the_mapping() {
    let help = run(&["--help"], None);
    assert_eq!(help.status, 0);
    for option in [
        "--format",
        "--sqlite",
        "--rejects",
        "--strict",
        "--keep-raw",
        "--jobs",
        "--no-progress",
        "--map-command-failed",
        "--map-command-success",
        "--drop-download-failed",
        "--map-tcpip-data",
        "--kex-from-version",
        "--strip-bytes-wrapper",
        "--cowrie-decky",
        "--tanner-decky",
        "--version",
    ] {
        assert!(help.stdout.contains(option), "--help lacks {option}");
    }
    for topic in [
        "COWRIE MAPPING",
        "TANNER MAPPING",
        "EXIT STATUS",
        "gzip",
        "attacker_ip",
    ] {
        assert!(help.stdout.contains(topic), "--help lacks {topic}");
    }
    let short = run(&["-h"], None);
    assert_eq!(short.status, 0);
    assert!(short.stdout.len() < help.stdout.len());
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};

    // Output well beyond a pipe's buffer, so the writer meets the closed
    // pipe.
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.log");
    let sample = fs::read(example(DECNET)).expect("shipped");
    fs::write(&big, sample.repeat(40)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_decnet-profile"))
        .arg("--keep-raw")
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("finishes");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn a_rejects_file_that_is_an_input_is_refused_before_it_is_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.log");
    fs::copy(example(DECNET), &input).expect("copy");
    let before = fs::read(&input).expect("read");
    let link = dir.path().join("link.log");
    std::os::unix::fs::symlink(&input, &link).expect("symlink");
    for rejects in [&input, &link] {
        let run = run(
            &["--rejects".as_ref(), rejects.as_os_str(), input.as_os_str()],
            None,
        );
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains("--rejects"), "{}", run.stderr);
        assert!(run.stderr.contains("in.log"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
        assert_eq!(fs::read(&input).expect("read"), before, "input untouched");
    }
}

#[test]
fn the_rejects_file_and_the_database_must_be_different_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("x.db");
    let same = dir.path().join(".").join("x.db");
    let run = run(
        &[
            "--rejects".as_ref(),
            same.as_os_str(),
            "--sqlite".as_ref(),
            db.as_os_str(),
            example(DECNET).as_os_str(),
        ],
        None,
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--rejects") && run.stderr.contains("--sqlite"),
        "{}",
        run.stderr
    );
    assert!(!db.exists(), "nothing is created");
}

#[test]
fn one_file_named_twice_is_refused_whatever_the_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let link = dir.path().join("link.log");
    std::os::unix::fs::symlink(example(DECNET), &link).expect("symlink");
    let sample = example(DECNET);
    let named_twice: [&[&std::ffi::OsStr]; 2] = [
        &[sample.as_os_str(), link.as_os_str()],
        &[sample.as_os_str(), sample.as_os_str()],
    ];
    for args in named_twice {
        let run = run(args, None);
        assert_eq!(run.status, 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains("same file") || run.stderr.contains("twice"));
    }
    // Standard input (here /dev/null) under its two names. (No input is
    // written: the run may end before reading it.)
    let both = run(&["-", "/dev/stdin"], None);
    assert_eq!(both.status, 1, "{}", both.stderr);
    assert!(both.stderr.contains("/dev/stdin"), "{}", both.stderr);
}

#[test]
fn lone_carriage_returns_end_lines_and_number_them() {
    let bytes = fs::read(example(DECNET)).expect("shipped");
    let lf = run(&["--rejects", "/dev/stdout", "-"], Some(&bytes));
    // The same lines, ended by a lone `\r` each, or by `\r\n`.
    for terminator in [&b"\r"[..], b"\r\n"] {
        let converted: Vec<u8> = bytes
            .split(|&b| b == b'\n')
            .collect::<Vec<_>>()
            .join(terminator);
        let cr = run(&["--rejects", "/dev/stdout", "-"], Some(&converted));
        assert_eq!(cr.status, 0, "{}", cr.stderr);
        assert_eq!(cr.stdout, lf.stdout, "same records and rejects, same lines");
        assert_eq!(cr.stderr, lf.stderr, "same accounting");
    }
}

#[test]
fn strict_says_on_the_last_line_why_the_status_is_2() {
    let run = run(&["--strict".as_ref(), example(DECNET).as_os_str()], None);
    assert_eq!(run.status, 2);
    let rejected = run
        .accounting(&example(DECNET).display().to_string())
        .rejected;
    assert_eq!(
        run.stderr.lines().last(),
        Some(format!("strict: {rejected} lines rejected, exiting with status 2").as_str())
    );
}
