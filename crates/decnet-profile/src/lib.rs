//! `decnet-profile`: DECNET's attacker-behaviour profiler on the command
//! line.
//!
//! Point it at honeypot logs (DECNET's RFC 5424 syslog, Cowrie JSON or
//! Tanner JSON, plain or gzip, files or standard input) and it prints one
//! behaviour record per attacker IP: the `attacker_behavior` row of the
//! original profiler, byte for byte, with the attacker's first and last
//! event and event count. `--format table` shows it to people, `--sqlite`
//! stores it, `--help` explains every option and the Cowrie mapping.
//!
//! # As a library
//!
//! The binary is a thin `main` over this library: [`cli_main`] is the whole
//! command line. [`profile_to_json`] runs the same pipeline on files with
//! the default options and writes the JSON Lines output to any writer; the
//! benchmarks measure the pipeline through it.
//!
//! # Design
//!
//! **Every line is accounted for.** Each line read ends in exactly one of
//! three places: profiled, not profiled (a DECNET mutation, an event with no
//! attacker IP, a Cowrie event the mapping leaves out; counted by kind), or
//! rejected (counted by reason, and written to `--rejects` with its input
//! and line number). The summary on standard error prints `lines read =
//! profiled + not profiled + rejected` for each input and in total.
//!
//! **Events stream; nothing is kept.** Lines are handed out of one reused
//! read buffer without a copy, parsed into one reused event, and pushed
//! into their attacker's `decnet_behavior::BehaviorAccumulator`, grouped in
//! a hash map as they come: a line costs no allocation. Only `--keep-raw`
//! keeps a copy of the lines. Several inputs are read in parallel, and so
//! are the parts of a large plain file, cut at line boundaries; each input
//! or part has its own map, sorted into attacker-IP order by the thread
//! that read it. Records are then finished (and their JSON rendered) in
//! parallel, each thread taking one range of attackers from every sorted
//! map and merging an attacker's profiles in input and file order (merging
//! accumulators of consecutive parts is exact), so the records do not
//! depend on `--jobs`; they are written in attacker-IP order, so two runs
//! print the same bytes.
//!
//! **The format is detected per line**, by its first character: `<` is
//! DECNET syslog, `{` a JSON object that is a Cowrie event (`eventid`) or a
//! Tanner request (`peer` with `method` or `path`). The Cowrie and Tanner
//! mappings follow the project's COWRIE-MAPPING.md; its defaults, and an
//! option for each alternative it offers, are in `--help`.
//!
//! # Dependencies
//!
//! Beyond the workspace's own: `clap` (the command line and its help),
//! `flate2` with its pure-Rust backend (gzip, multi-member), `rusqlite` with
//! SQLite bundled (no system library needed; pinned below 0.41, which needs
//! a newer Rust than the workspace's 1.88), `indicatif` (the progress bar),
//! `tempfile` (anonymous spool files, so rejected lines of parallel inputs
//! reach the rejects file in input order without being held in memory), and
//! `serde_json`'s `raw_value` feature (a JSON line is read once into
//! borrowed slices; only the keys a mapping reads are decoded, and Tanner's
//! headers keep the exact JSON text that was logged). `opentelemetry_sdk`
//! (`--trace`: a tracer provider for the libraries' spans, and the
//! exporter that prints them) with `opentelemetry`, its API.
//!
//! For speed, each measured (see the workspace's BENCHMARKS.md):
//! `mimalloc`, the binary's allocator (per-attacker state is allocated on
//! every thread; the system allocator spent a tenth of the run in its own
//! locks and page faults with two threads); `memchr` (line ends found with
//! SIMD); `simdutf8` (each line's UTF-8 checked with SIMD; the standard
//! library still says where a bad line goes wrong); `hashbrown` and
//! `foldhash` (a small index of attackers' positions, keyed by a
//! random-seeded fast hash instead of SipHash).

mod cli;
mod cowrie;
mod error;
mod escape;
mod input;
mod json_line;
mod mapping;
mod output;
mod profile;
mod rejects;
mod scan;
mod sqlite;
mod tally;
mod tanner;
mod threads;
mod trace;

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use clap::error::ErrorKind;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Cli, Format, MAX_JOBS};
use crate::error::CliError;
use crate::input::{FileIdentity, Input};
use crate::profile::Profiles;
use crate::rejects::RejectSpool;
use crate::scan::{ScanSettings, Scanned, scan_all};
use crate::tally::Tally;

/// Exit status when any line was rejected under `--strict`.
const EXIT_REJECTS: u8 = 2;

/// Runs the command line: reads the arguments of the process, profiles,
/// prints, and returns the exit status. The `decnet-profile` binary is
/// this function.
pub fn cli_main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with status 0; a usage error is
            // status 1, as every other failure.
            let _ = err.print();
            return match err.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            };
        }
    };
    // Shuts the span exporter down (flushing it) when main returns.
    let _tracing = trace::Tracing::start(cli.trace);
    match run(&cli) {
        Ok(outcome) if cli.strict && outcome.rejected > 0 => ExitCode::from(EXIT_REJECTS),
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("decnet-profile: {err}");
            ExitCode::FAILURE
        }
    }
}

/// What a successful run reports back to `main`.
#[derive(Debug)]
struct RunOutcome {
    rejected: u64,
}

fn run(cli: &Cli) -> Result<RunOutcome, CliError> {
    let inputs = Input::from_args(&cli.files);
    // Fail on a wrong name, a file named twice or an unwritable rejects
    // file before any work, and before any file is opened for writing.
    for input in &inputs {
        input.check().map_err(|source| CliError::Read {
            name: input.name(),
            source,
        })?;
    }
    check_distinct_files(cli, &inputs)?;
    let rejects_file = match &cli.rejects {
        Some(path) => Some(File::create(path).map_err(|source| CliError::Rejects {
            path: path.display().to_string(),
            source,
        })?),
        None => None,
    };
    let jobs = cli.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .unwrap_or(NonZeroUsize::MIN)
            .min(MAX_JOBS)
    });

    if inputs.contains(&Input::Stdin) && io::stdin().is_terminal() {
        eprintln!(
            "decnet-profile: reading logs from standard input (end with Ctrl-D; \
             --help for usage)"
        );
    }
    let progress = (!cli.no_progress && io::stderr().is_terminal()).then(|| progress_bar(&inputs));
    let settings = ScanSettings {
        mapping: cli.mapping.to_options(),
        keep_raw: cli.keep_raw,
        spool_rejects: rejects_file.is_some(),
        progress: progress.clone(),
    };
    let scanned = scan_all(&inputs, &settings, jobs);
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let (profiles, inputs_read) = join_inputs(scanned?);

    let mut total = Tally::default();
    let mut summaries = Vec::new();
    let mut spools = Vec::new();
    for input in inputs_read {
        summaries.push(input.tally.summary(&input.name).to_string());
        total.add(&input.tally);
        spools.extend(input.rejects);
    }
    let mut attackers = 0;
    let records = if cli.format == Format::Json && cli.sqlite.is_none() {
        // Nothing else reads the records: the threads that finish them
        // render them too.
        write_stdout(|out| {
            output::finish_to_json(profiles, cli.keep_raw, jobs, out, &mut attackers)
        })?;
        Vec::new()
    } else {
        let records = profiles.finish(jobs);
        attackers = records.len();
        write_stdout(|out| match cli.format {
            Format::Json => output::write_json(&records, cli.keep_raw, out),
            Format::Table => output::write_table(&records, out),
        })?;
        records
    };
    if let Some(path) = &cli.sqlite {
        sqlite::upsert(path, &records).map_err(|source| CliError::Sqlite {
            path: path.display().to_string(),
            source,
        })?;
    }
    if let (Some(file), Some(path)) = (rejects_file, &cli.rejects) {
        let rejects_error = |source| CliError::Rejects {
            path: path.display().to_string(),
            source,
        };
        let mut out = BufWriter::new(file);
        for spool in spools {
            spool.copy_to(&mut out).map_err(rejects_error)?;
        }
        out.flush().map_err(rejects_error)?;
    }

    let mut stderr = io::stderr().lock();
    let mut summary: String = summaries.concat();
    if summaries.len() > 1 {
        summary.push_str(&total.summary("total").to_string());
    }
    summary.push_str(&format!(
        "{} profiled\n",
        tally::plural(attackers as u64, "attacker")
    ));
    let rejected = total.rejected_total();
    if cli.strict && rejected > 0 {
        summary.push_str(&format!(
            "strict: {} rejected, exiting with status {EXIT_REJECTS}\n",
            tally::plural(rejected, "line")
        ));
    }
    // The summary is informational: a closed stderr does not fail the run.
    let _ = stderr.write_all(summary.as_bytes());
    Ok(RunOutcome { rejected })
}

/// Refuses a command line that names one file twice where that breaks the
/// run: two inputs that are one file (read twice at once, their lines
/// would interleave), or an output (`--rejects`, `--sqlite`) that is an
/// input or the other output (it would be overwritten before or while
/// being read). Files are compared by identity, whatever their names.
fn check_distinct_files(cli: &Cli, inputs: &[Input]) -> Result<(), CliError> {
    let named: Vec<NamedFile<'_>> = inputs.iter().map(NamedFile::input).collect();
    for (index, input) in named.iter().enumerate() {
        if let Some(earlier) = named[..index].iter().find(|earlier| earlier.is(input)) {
            let message = if input.label == earlier.label {
                format!("input {} is named twice; name it once", input.label)
            } else {
                format!(
                    "inputs {} and {} are the same file; name it once",
                    earlier.label, input.label
                )
            };
            return Err(CliError::Usage(message));
        }
    }
    let outputs: Vec<(&str, NamedFile<'_>)> = [
        ("--rejects", cli.rejects.as_deref()),
        ("--sqlite", cli.sqlite.as_deref()),
    ]
    .into_iter()
    .filter_map(|(option, path)| Some((option, NamedFile::output(path?))))
    .collect();
    for (index, (option, output)) in outputs.iter().enumerate() {
        if let Some(input) = named.iter().find(|input| input.is(output)) {
            return Err(CliError::Usage(format!(
                "{option} {} is the same file as input {}; it would be overwritten",
                output.label, input.label
            )));
        }
        if let Some((other, earlier)) = outputs[..index]
            .iter()
            .find(|(_, earlier)| earlier.is(output))
        {
            return Err(CliError::Usage(format!(
                "{other} {} and {option} {} are the same file; give them different files",
                earlier.label, output.label
            )));
        }
    }
    Ok(())
}

/// A file named on the command line, and which file it is.
#[derive(Debug)]
struct NamedFile<'a> {
    /// How messages name it.
    label: String,
    /// Which file it is, when that can be told.
    identity: Option<FileIdentity>,
    /// Its path; `None` for standard input.
    path: Option<&'a Path>,
}

impl<'a> NamedFile<'a> {
    fn input(input: &'a Input) -> NamedFile<'a> {
        match input {
            Input::Stdin => NamedFile {
                label: "`-` (standard input)".to_owned(),
                identity: input.identity(),
                path: None,
            },
            Input::File(path) => NamedFile {
                label: path.display().to_string(),
                identity: input.identity(),
                path: Some(path),
            },
        }
    }

    fn output(path: &'a Path) -> NamedFile<'a> {
        NamedFile {
            label: path.display().to_string(),
            identity: FileIdentity::of_path(path),
            path: Some(path),
        }
    }

    /// Whether both name the same file: by identity when both are known,
    /// else by name (`-` twice is standard input twice).
    fn is(&self, other: &NamedFile<'_>) -> bool {
        match (&self.identity, &other.identity) {
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => self.path == other.path,
        }
    }
}

/// Profiles the logs at `paths` (DECNET syslog, Cowrie or Tanner JSON,
/// plain or gzip) with the default mapping, on up to `jobs` threads (1 024
/// at most), and writes one JSON object per attacker to `out`: what
/// `decnet-profile --jobs JOBS PATH…` prints on standard output. Returns
/// the number of lines read.
///
/// # Errors
///
/// An input that cannot be read, or `out` that cannot be written; the
/// error's message names the input.
///
/// ```no_run
/// use std::num::NonZeroUsize;
/// use std::path::{Path, PathBuf};
///
/// let mut json = Vec::new();
/// let paths = [PathBuf::from("examples/decnet-sample.log")];
/// let lines = decnet_profile::profile_to_json(&paths, NonZeroUsize::MIN, &mut json)?;
/// println!("{lines} lines, {} attackers", json.iter().filter(|&&b| b == b'\n').count());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn profile_to_json(
    paths: &[PathBuf],
    jobs: NonZeroUsize,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let jobs = jobs.min(MAX_JOBS);
    let defaults = Cli::try_parse_from(["decnet-profile"]).map_err(io::Error::other)?;
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::File).collect();
    let settings = ScanSettings {
        mapping: defaults.mapping.to_options(),
        keep_raw: false,
        spool_rejects: false,
        progress: None,
    };
    let scanned = scan_all(&inputs, &settings, jobs).map_err(|err| match err {
        CliError::Read { ref source, .. } => io::Error::new(source.kind(), err.to_string()),
        _ => io::Error::other(err.to_string()),
    })?;
    let (profiles, inputs_read) = join_inputs(scanned);
    let mut attackers = 0;
    output::finish_to_json(
        profiles,
        false,
        jobs,
        &mut BufWriter::new(out),
        &mut attackers,
    )?;
    Ok(inputs_read.iter().map(|input| input.tally.lines).sum())
}

/// What was read from one input, its attackers taken out.
#[derive(Debug)]
struct InputRead {
    name: String,
    tally: Tally,
    rejects: Vec<RejectSpool>,
}

/// The attackers of every input joined in input order, and what else each
/// input gave.
fn join_inputs(scanned: Vec<Scanned>) -> (Profiles, Vec<InputRead>) {
    let mut profiles = Profiles::default();
    let mut inputs = Vec::with_capacity(scanned.len());
    for input in scanned {
        profiles.merge(input.profiles);
        inputs.push(InputRead {
            name: input.name,
            tally: input.tally,
            rejects: input.rejects,
        });
    }
    (profiles, inputs)
}

/// The buffer in front of standard output.
const STDOUT_BUFFER_BYTES: usize = 256 << 10;

/// Writes to standard output with `write`. A reader that stops early (a
/// closed pipe, as with `| head`) is not an error.
fn write_stdout(
    write: impl FnOnce(&mut BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<(), CliError> {
    // Standard output flushes at every line feed; a large buffer before it
    // makes that one write of many records, not two of every 8 KiB.
    let mut out = BufWriter::with_capacity(STDOUT_BUFFER_BYTES, io::stdout().lock());
    let written = write(&mut out);
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(CliError::Stdout(err)),
        _ => Ok(()),
    }
}

/// A progress bar over the inputs' bytes on standard error: a bar when
/// every input's size is known, a spinner with the byte count otherwise.
fn progress_bar(inputs: &[Input]) -> ProgressBar {
    let sizes: Option<Vec<u64>> = inputs.iter().map(Input::size).collect();
    let (bar, template) = match sizes {
        Some(sizes) => (
            ProgressBar::new(sizes.iter().sum()),
            "{spinner} {elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
             ({binary_bytes_per_sec}, {eta} left)",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {elapsed_precise} {binary_bytes} read ({binary_bytes_per_sec})",
        ),
    };
    // The templates are constants; a bad one is a bug, shown as the default
    // style rather than a failure.
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_draw_target(ProgressDrawTarget::stderr());
    // Redraw on a timer too, so the rate and spinner move on a slow pipe.
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
