//! Helpers shared by the integration tests: running the built binary and
//! reading what it prints.

#![allow(dead_code)] // Each test file uses its own subset of the helpers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file shipped in `examples/`.
pub(crate) fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// The environment variable that names the folder of real honeypot logs.
pub(crate) const REAL_LOGS_VAR: &str = "DECNET_REAL_LOGS";

/// The folder of real honeypot logs: the one `DECNET_REAL_LOGS` names
/// (which must exist), else `../shared/real` beside the repository when
/// this checkout has it.
pub(crate) fn real_logs() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os(REAL_LOGS_VAR).filter(|dir| !dir.is_empty()) {
        let dir = PathBuf::from(named);
        assert!(
            dir.is_dir(),
            "{REAL_LOGS_VAR}={} is not a folder",
            dir.display()
        );
        return Some(dir);
    }
    let dir = root().join("../shared/real");
    dir.is_dir().then_some(dir)
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// The JSON objects printed on stdout, one per line.
    pub(crate) fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).expect("each stdout line is JSON"))
            .collect()
    }

    /// The accounting line of the input named `name`, parsed.
    pub(crate) fn accounting(&self, name: &str) -> Accounting {
        let prefix = format!("{name}: ");
        let line = self
            .stderr
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no summary line for {name} in:\n{}", self.stderr));
        Accounting::parse(&line[prefix.len()..])
    }
}

/// `N lines read = P profiled + Q not profiled + R rejected (every line
/// accounted for)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Accounting {
    pub(crate) lines: u64,
    pub(crate) profiled: u64,
    pub(crate) not_profiled: u64,
    pub(crate) rejected: u64,
}

impl Accounting {
    fn parse(text: &str) -> Accounting {
        let numbers: Vec<u64> = text
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        let [lines, profiled, not_profiled, rejected] = numbers[..] else {
            panic!("unexpected accounting line {text:?}");
        };
        Accounting {
            lines,
            profiled,
            not_profiled,
            rejected,
        }
    }

    /// Whether every line is accounted for exactly once.
    pub(crate) fn balances(&self) -> bool {
        self.lines == self.profiled + self.not_profiled + self.rejected
    }
}

/// Runs the binary with `args` and, when given, `stdin` as its input.
pub(crate) fn run<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_decnet-profile"));
    command
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(input).expect("stdin accepts the input");
    }
    let output = child.wait_with_output().expect("the binary finishes");
    Run {
        status: output.status.code().expect("the binary exits normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The number of lines in a file as Python's universal newlines see them:
/// one per `\n`, `\r\n` or lone `\r`, plus a last line without one.
pub(crate) fn line_count(bytes: &[u8]) -> u64 {
    // A `\n`, and a `\r` not followed by `\n`, each end a line.
    let ends = bytes
        .iter()
        .enumerate()
        .filter(|&(at, &b)| b == b'\n' || (b == b'\r' && bytes.get(at + 1) != Some(&b'\n')))
        .count() as u64;
    let unterminated = !bytes.is_empty() && !bytes.ends_with(b"\n") && !bytes.ends_with(b"\r");
    ends + u64::from(unterminated)
}

/// Gzip-compresses `bytes` into `path`.
pub(crate) fn gzip_to(path: &Path, bytes: &[u8]) {
    let file = std::fs::File::create(path).expect("create the gzip file");
    let mut encoder = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("finish the gzip stream");
}

/// The record of `ip` among `records`.
pub(crate) fn record<'a>(records: &'a [Value], ip: &str) -> &'a Value {
    records
        .iter()
        .find(|record| record["attacker_ip"] == ip)
        .unwrap_or_else(|| panic!("no record for {ip}"))
}

/// A JSON-text column read back as JSON.
pub(crate) fn column(record: &Value, name: &str) -> Value {
    match &record[name] {
        Value::String(text) => serde_json::from_str(text).expect("the column holds JSON text"),
        other => other.clone(),
    }
}

/// The tool names of a record's `tool_guesses`.
pub(crate) fn tools(record: &Value) -> Vec<String> {
    serde_json::from_value(column(record, "tool_guesses")).expect("tool_guesses is a list")
}
