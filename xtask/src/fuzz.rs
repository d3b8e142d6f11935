//! `cargo xtask fuzz [--seconds N] [--asan] [--seed] [TARGET…]`: builds and
//! runs the libFuzzer targets of every crate (or the named ones), N seconds
//! each, and fails if any of them crashes.
//!
//! Each crate with an entry point that takes untrusted text or events has
//! its own `fuzz/` directory, a cargo-fuzz project outside the workspace.
//! All of them build into one target directory, `target/fuzz` (or
//! `target/fuzz-asan`), so the shared dependencies build once.
//!
//! A target's corpus lives in `crates/<crate>/fuzz/corpus/<target>` and is
//! not committed: when it is empty (or with `--seed`) this task writes seed
//! inputs into it, derived deterministically from the conformance corpus in
//! `tests/corpus/`. Inputs that once crashed a target are committed in
//! `crates/<crate>/fuzz/regressions/<target>/`, and every run replays them
//! first (libFuzzer reads every corpus directory given, and writes new
//! inputs only into the first).
//!
//! By default targets build with `-s none` (no sanitizer), which works on
//! the stable toolchain: the crates forbid `unsafe`, so libFuzzer's panic,
//! timeout and memory checks are what matters. `--asan` builds with
//! AddressSanitizer instead, which needs a nightly compiler flag and so
//! sets `RUSTC_BOOTSTRAP=1`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use decnet_event::Event;
use decnet_event::fuzzing::events_to_bytes;
use serde_json::Value;

use crate::util::{installed, root};

/// What a target reads, which decides its seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Log lines: the parser corpus's lines.
    Lines,
    /// ISO timestamps: those of the parser lines and of the record events.
    Timestamps,
    /// Integer text: the record events' values of fields read as integers.
    Integers,
    /// Header values: the record events' `headers` fields.
    Headers,
    /// Events in `decnet_event::fuzzing`'s byte format: each record case.
    Events,
    /// `event_count mean cv services` text (`-` for none): the classifier
    /// calls and the record cases' timing statistics.
    ClassifyInputs,
}

/// One fuzz target: the crate whose `fuzz/` directory holds it, its name
/// (the file `fuzz_targets/<name>.rs`), and what it reads.
#[derive(Debug)]
struct Target {
    krate: &'static str,
    name: &'static str,
    input: Input,
}

const TARGETS: &[Target] = &[
    Target {
        krate: "decnet-event",
        name: "parse_line",
        input: Input::Lines,
    },
    Target {
        krate: "decnet-event",
        name: "parse_iso",
        input: Input::Timestamps,
    },
    Target {
        krate: "decnet-event",
        name: "parse_int",
        input: Input::Integers,
    },
    Target {
        krate: "decnet-timing",
        name: "timing_stats",
        input: Input::Events,
    },
    Target {
        krate: "decnet-classify",
        name: "classify_behavior",
        input: Input::ClassifyInputs,
    },
    Target {
        krate: "decnet-tools",
        name: "parse_headers",
        input: Input::Headers,
    },
    Target {
        krate: "decnet-tools",
        name: "detect_tools",
        input: Input::Events,
    },
    Target {
        krate: "decnet-phases",
        name: "phase_sequence",
        input: Input::Events,
    },
    Target {
        krate: "decnet-fingerprint",
        name: "sniffer_rollup",
        input: Input::Events,
    },
    Target {
        krate: "decnet-behavior",
        name: "build_behavior_record",
        input: Input::Events,
    },
];

/// The fields the detectors read as Python integers.
const INTEGER_FIELDS: &[&str] = &[
    "bytes",
    "size",
    "content_length",
    "ttl",
    "initial_ttl",
    "hop_distance",
    "retransmits",
    "window",
    "wscale",
    "mss",
    "tos",
    "dscp",
    "ecn",
    "window_size",
    "window_scale",
];

/// Seeds larger than this are left out: libFuzzer mutates small inputs
/// faster (it grows inputs up to the largest seed), and the large cases
/// add no new shape.
const MAX_SEED_BYTES: usize = 8 * 1024;

/// Per-input time limit, in seconds: an input slower than this is a
/// failure (a hang), not something to wait for.
const INPUT_TIMEOUT_S: u32 = 20;

const USAGE: &str = "\
usage: cargo xtask fuzz [--seconds N] [--asan] [--seed] [--list] [TARGET...]

  --seconds N  run each target N seconds (default 60)
  --asan       build with AddressSanitizer (RUSTC_BOOTSTRAP=1) instead of -s none
  --seed       (re)write the seed inputs even into non-empty corpus directories
  --list       print the targets and exit
  TARGET       a target name (default: every target)";

/// The options of one invocation.
#[derive(Debug)]
struct Options {
    seconds: u64,
    asan: bool,
    seed: bool,
    targets: Vec<&'static Target>,
}

/// What one target's run came to.
#[derive(Debug)]
struct Outcome {
    target: &'static Target,
    executions: Option<u64>,
    /// The crashing input libFuzzer saved, when the target failed.
    failure: Option<String>,
}

/// Entry point for `cargo xtask fuzz`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let Some(options) = parse_args(args)? else {
        for target in TARGETS {
            println!("{:<22} {}", target.name, target.krate);
        }
        return Ok(());
    };
    check_target_files()?;
    if !installed("cargo", &["fuzz", "--version"]) {
        return Err("cargo-fuzz is not installed; install it with \
                    `cargo install --locked cargo-fuzz` and run this again"
            .to_owned());
    }

    let unseeded: Vec<&Target> = options
        .targets
        .iter()
        .copied()
        .filter(|target| options.seed || is_empty_dir(&corpus_dir(target)))
        .collect();
    if !unseeded.is_empty() {
        let corpus = Conformance::read()?;
        for target in unseeded {
            let dir = corpus_dir(target);
            let count = write_seeds(&dir, &corpus.seeds(target.input))?;
            eprintln!(
                "==> {}: {count} seed inputs in {}",
                target.name,
                shown(&dir)
            );
        }
    }

    let crates: BTreeSet<&str> = options.targets.iter().map(|t| t.krate).collect();
    for krate in crates {
        let status = fuzz_command("build", krate, &options)
            .status()
            .map_err(|err| format!("cannot start cargo fuzz: {err}"))?;
        if !status.success() {
            return Err(format!(
                "building the fuzz targets of {krate} failed ({status})"
            ));
        }
    }

    let outcomes = options
        .targets
        .iter()
        .map(|target| run_target(target, &options))
        .collect::<Result<Vec<_>, String>>()?;
    report(&outcomes, options.seconds)
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        seconds: 60,
        asan: false,
        seed: false,
        targets: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().ok_or("--seconds needs a number")?;
                options.seconds = value
                    .parse()
                    .ok()
                    .filter(|&seconds| seconds > 0)
                    .ok_or_else(|| format!("--seconds takes a positive number, not {value:?}"))?;
            }
            "--asan" => options.asan = true,
            "--seed" => options.seed = true,
            "--list" => return Ok(None),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            name => {
                let target = TARGETS
                    .iter()
                    .find(|t| t.name == name)
                    .ok_or_else(|| format!("no fuzz target {name:?}\n\n{USAGE}"))?;
                options.targets.push(target);
            }
        }
    }
    if options.targets.is_empty() {
        options.targets = TARGETS.iter().collect();
    }
    Ok(Some(options))
}

/// Checks that [`TARGETS`] names every target file of every `fuzz/`
/// directory, and nothing else, so a new target is not silently skipped.
fn check_target_files() -> Result<(), String> {
    let mut on_disk = BTreeSet::new();
    let crates = fs::read_dir(root().join("crates")).map_err(|err| format!("crates/: {err}"))?;
    for krate in crates.flatten() {
        let targets = krate.path().join("fuzz").join("fuzz_targets");
        let Ok(files) = fs::read_dir(&targets) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let name = path.file_stem().unwrap_or_default().to_string_lossy();
                on_disk.insert((
                    krate.file_name().to_string_lossy().into_owned(),
                    name.into_owned(),
                ));
            }
        }
    }
    let listed: BTreeSet<(String, String)> = TARGETS
        .iter()
        .map(|t| (t.krate.to_owned(), t.name.to_owned()))
        .collect();
    if on_disk == listed {
        Ok(())
    } else {
        Err(format!(
            "the fuzz targets on disk and those in xtask/src/fuzz.rs differ:\n  \
             only on disk: {:?}\n  only listed: {:?}",
            on_disk.difference(&listed).collect::<Vec<_>>(),
            listed.difference(&on_disk).collect::<Vec<_>>(),
        ))
    }
}

fn fuzz_dir(krate: &str) -> PathBuf {
    root().join("crates").join(krate).join("fuzz")
}

fn corpus_dir(target: &Target) -> PathBuf {
    fuzz_dir(target.krate).join("corpus").join(target.name)
}

fn regressions_dir(target: &Target) -> PathBuf {
    fuzz_dir(target.krate).join("regressions").join(target.name)
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none())
}

/// A path relative to the workspace root, for messages.
fn shown(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `cargo fuzz <verb>` for a crate's fuzz directory, with the shared
/// target directory and the sanitizer choice.
fn fuzz_command(verb: &str, krate: &str, options: &Options) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target_dir = root()
        .join("target")
        .join(if options.asan { "fuzz-asan" } else { "fuzz" });
    let mut command = Command::new(cargo);
    command
        .current_dir(root())
        .args(["fuzz", verb, "--sanitizer"])
        .arg(if options.asan { "address" } else { "none" })
        .arg("--fuzz-dir")
        .arg(fuzz_dir(krate))
        .arg("--target-dir")
        .arg(target_dir);
    if options.asan {
        command.env("RUSTC_BOOTSTRAP", "1");
    }
    command
}

fn run_target(target: &'static Target, options: &Options) -> Result<Outcome, String> {
    let logs = root().join("target").join("fuzz-logs");
    fs::create_dir_all(&logs).map_err(|err| format!("{}: {err}", logs.display()))?;
    let log_path = logs.join(format!("{}.log", target.name));
    let log = File::create(&log_path).map_err(|err| format!("{}: {err}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .map_err(|err| format!("{}: {err}", log_path.display()))?;

    let corpus = corpus_dir(target);
    fs::create_dir_all(&corpus).map_err(|err| format!("{}: {err}", corpus.display()))?;
    let mut command = fuzz_command("run", target.krate, options);
    command.arg(target.name).arg(&corpus);
    let regressions = regressions_dir(target);
    if regressions.is_dir() {
        command.arg(&regressions);
    }
    command
        .arg("--")
        .arg(format!("-max_total_time={}", options.seconds))
        .arg(format!("-timeout={INPUT_TIMEOUT_S}"))
        .arg("-print_final_stats=1")
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);

    eprintln!(
        "==> {} ({}): {} s, log in {}",
        target.name,
        target.krate,
        options.seconds,
        shown(&log_path)
    );
    let status = command
        .status()
        .map_err(|err| format!("cannot start cargo fuzz: {err}"))?;
    let output = fs::read_to_string(&log_path).unwrap_or_default();
    let executions = executions(&output);
    let failure = (!status.success()).then(|| {
        let artifact = artifact(&output).unwrap_or_else(|| "no input saved".to_owned());
        let tail: Vec<&str> = output.lines().rev().take(40).collect();
        eprintln!("---- {} failed ({status}); the log ends:", target.name);
        for line in tail.iter().rev() {
            eprintln!("{line}");
        }
        eprintln!("----");
        artifact
    });
    match (&failure, executions) {
        (None, Some(runs)) => eprintln!("    {}: {runs} executions", target.name),
        (None, None) => eprintln!("    {}: finished, execution count not found", target.name),
        (Some(artifact), _) => eprintln!("    {}: CRASHED, input {artifact}", target.name),
    }
    Ok(Outcome {
        target,
        executions,
        failure,
    })
}

/// The number of inputs libFuzzer ran: its final statistics, or its last
/// progress line.
fn executions(log: &str) -> Option<u64> {
    let stat = log.lines().rev().find_map(|line| {
        let value = line.strip_prefix("stat::number_of_executed_units:")?;
        value.trim().parse().ok()
    });
    stat.or_else(|| {
        log.lines().rev().find_map(|line| {
            let rest = line.strip_prefix('#')?;
            let (count, rest) = rest.split_once(char::is_whitespace)?;
            rest.trim_start().starts_with("DONE").then_some(())?;
            count.parse().ok()
        })
    })
}

/// Where libFuzzer saved the input that made the target fail.
fn artifact(log: &str) -> Option<String> {
    log.lines().rev().find_map(|line| {
        let path = line.split_once("Test unit written to ")?.1.trim();
        Some(path.to_owned())
    })
}

fn report(outcomes: &[Outcome], seconds: u64) -> Result<(), String> {
    eprintln!("\n==> fuzzing summary ({seconds} s per target)");
    eprintln!(
        "{:<22} {:<20} {:>14}  result",
        "target", "crate", "executions"
    );
    for outcome in outcomes {
        let runs = outcome
            .executions
            .map_or_else(|| "?".to_owned(), |runs| runs.to_string());
        let result = match &outcome.failure {
            None => "ok".to_owned(),
            Some(artifact) => format!("CRASH: {artifact}"),
        };
        eprintln!(
            "{:<22} {:<20} {runs:>14}  {result}",
            outcome.target.name, outcome.target.krate
        );
    }
    let failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.failure.is_some())
        .map(|o| o.target.name)
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz targets failed: {} (reproduce with `cargo fuzz run -s none \
             --fuzz-dir crates/<crate>/fuzz <target> <input>`)",
            failed.join(", ")
        ))
    }
}

/// Writes each seed as its own file, named after a hash of its bytes;
/// returns how many there are.
fn write_seeds(dir: &Path, seeds: &BTreeSet<Vec<u8>>) -> Result<usize, String> {
    fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    for seed in seeds {
        let path = dir.join(format!("seed-{:016x}", fnv1a(seed)));
        fs::write(&path, seed).map_err(|err| format!("{}: {err}", path.display()))?;
    }
    Ok(seeds.len())
}

/// The 64-bit FNV-1a hash: stable across runs and toolchains, unlike std's.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The parts of the conformance corpus the seeds come from.
#[derive(Debug)]
struct Conformance {
    /// `line` of every parser case.
    lines: Vec<String>,
    /// `events` of every record case.
    event_lists: Vec<Vec<Event>>,
    /// The classifier inputs of the record cases and classifier calls:
    /// `(event_count, mean_iat_s, cv, services_count)`.
    classify_inputs: Vec<(u64, Option<f64>, Option<f64>, u64)>,
}

impl Conformance {
    fn read() -> Result<Conformance, String> {
        let mut corpus = Conformance {
            lines: Vec::new(),
            event_lists: Vec::new(),
            classify_inputs: Vec::new(),
        };
        for case in read_cases("parser.jsonl")? {
            if let Some(line) = case["line"].as_str() {
                corpus.lines.push(line.to_owned());
            }
        }
        for case in read_cases("records.jsonl")? {
            let events: Vec<Event> = serde_json::from_value(case["events"].clone())
                .map_err(|err| format!("records.jsonl {}: {err}", case["id"]))?;
            corpus.event_lists.push(events);
            let expect = &case["expect"];
            corpus.classify_inputs.push(classify_input(
                &expect["timing_stats"],
                &expect["services_count"],
            ));
        }
        for case in read_cases("calls.jsonl")? {
            if case["call"] == "classify_behavior" {
                let args = &case["args"];
                corpus
                    .classify_inputs
                    .push(classify_input(&args["stats"], &args["services_count"]));
            }
        }
        Ok(corpus)
    }

    /// The seed inputs for targets that read `input`.
    fn seeds(&self, input: Input) -> BTreeSet<Vec<u8>> {
        let events = || self.event_lists.iter().flatten();
        let field_values = |wanted: &'static [&str]| {
            events().flat_map(move |event| {
                event
                    .fields
                    .iter()
                    .filter(move |(name, _)| wanted.contains(name))
                    .map(|(_, value)| value.as_bytes().to_vec())
            })
        };
        let seeds: BTreeSet<Vec<u8>> = match input {
            Input::Lines => self.lines.iter().map(|l| l.as_bytes().to_vec()).collect(),
            Input::Timestamps => {
                // The parser lines' second word is their timestamp, often
                // a malformed one; the record events' timestamps are all
                // well formed, so one of each shape is enough.
                let written = self
                    .lines
                    .iter()
                    .filter_map(|line| line.split_whitespace().nth(1))
                    .map(str::to_owned);
                let mut shapes = BTreeSet::new();
                let parsed = events()
                    .map(|event| event.timestamp.isoformat())
                    .filter(|text| shapes.insert(text.replace(|c: char| c.is_ascii_digit(), "0")));
                written.chain(parsed).map(String::into_bytes).collect()
            }
            Input::Integers => field_values(INTEGER_FIELDS).collect(),
            Input::Headers => field_values(&["headers"]).collect(),
            Input::Events => self
                .event_lists
                .iter()
                .map(|events| events_to_bytes(events))
                .collect(),
            Input::ClassifyInputs => self
                .classify_inputs
                .iter()
                .map(|&(count, mean, cv, services)| {
                    let mut text = count.to_string();
                    for value in [mean, cv] {
                        match value {
                            // Debug writes the shortest form that reads back.
                            Some(value) => write!(text, " {value:?}"),
                            None => write!(text, " -"),
                        }
                        .unwrap_or_default();
                    }
                    write!(text, " {services}").unwrap_or_default();
                    text.into_bytes()
                })
                .collect(),
        };
        seeds
            .into_iter()
            .filter(|seed| !seed.is_empty() && seed.len() <= MAX_SEED_BYTES)
            .collect()
    }
}

/// A classifier input from a timing-statistics object and a services
/// count, reading a missing number as the original does (0 or none).
fn classify_input(stats: &Value, services: &Value) -> (u64, Option<f64>, Option<f64>, u64) {
    (
        stats["event_count"].as_u64().unwrap_or(0),
        stats["mean_iat_s"].as_f64(),
        stats["cv"].as_f64(),
        services.as_u64().unwrap_or(0),
    )
}

fn read_cases(file: &str) -> Result<Vec<Value>, String> {
    let path = root().join("tests").join("corpus").join(file);
    let text = fs::read_to_string(&path).map_err(|err| format!("{}: {err}", path.display()))?;
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).map_err(|err| format!("{file}: {err}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executions_come_from_the_final_statistics_or_the_done_line() {
        let log =
            "#1000\tpulse  cov: 5\n#2048\tDONE   cov: 77 ft: 264\nDone 2048 runs in 1 second(s)\n";
        assert_eq!(executions(log), Some(2048));
        let log = format!("{log}stat::number_of_executed_units: 2050\nstat::peak_rss_mb: 32\n");
        assert_eq!(executions(&log), Some(2050));
        assert_eq!(executions("#12\tNEW cov: 3\n"), None);
    }

    #[test]
    fn the_artifact_is_the_path_libfuzzer_reports() {
        let log = "==1== ERROR: libFuzzer: deadly signal\n\
                   artifact_prefix='/x/artifacts/t/'; Test unit written to /x/artifacts/t/crash-ab12\n\
                   Base64: AAEC\n";
        assert_eq!(artifact(log).as_deref(), Some("/x/artifacts/t/crash-ab12"));
        assert_eq!(artifact("Done 5 runs"), None);
    }

    #[test]
    fn every_target_name_is_unique_since_all_share_one_target_directory() {
        let names: BTreeSet<&str> = TARGETS.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), TARGETS.len());
    }

    #[test]
    fn the_fnv1a_hash_matches_its_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
