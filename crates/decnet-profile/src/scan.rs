//! Reading the inputs: each line is mapped, then profiled, counted as not
//! profiled, or rejected.
//!
//! Work runs on up to `--jobs` threads. Several inputs are read in
//! parallel, and a large plain file is cut into parts at line boundaries,
//! read in parallel too. Each input or part gets its own attackers' map
//! (sorted into output order on the thread that read it), tally and
//! rejects spool; the parts of an input are joined in file order, and
//! their attackers merged in that order when the records are finished,
//! which gives exactly what reading it in one go gives (merging behaviour
//! accumulators of consecutive parts is exact). Cowrie lines are the
//! exception: their mapping remembers each session's protocol, so a file
//! where a part after the first holds one is read again in one go.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use decnet_event::{Event, EventKind, strip_line};
use indicatif::ProgressBar;

use crate::error::CliError;
use crate::input::{Input, Line, LineReader, MAX_LINE_BYTES};
use crate::mapping::{INVALID_UTF8, LineMapper, LineOutcome, MappingOptions, Reject, TOO_LONG};
use crate::profile::{ProfileTable, Profiles};
use crate::rejects::RejectSpool;
use crate::tally::{MUTATION, NO_ATTACKER_IP, Tally};
use crate::threads;

/// The smallest part a file is cut into: smaller files are read whole.
const MIN_PART_BYTES: u64 = 4 << 20;

/// What every input is read with.
#[derive(Debug, Clone)]
pub(crate) struct ScanSettings {
    /// How lines become events.
    pub(crate) mapping: MappingOptions,
    /// Keep each profiled line (`--keep-raw`).
    pub(crate) keep_raw: bool,
    /// Spool rejected lines for the rejects file (`--rejects`).
    pub(crate) spool_rejects: bool,
    /// The progress bar, when one is drawn.
    pub(crate) progress: Option<ProgressBar>,
}

/// What one input gave.
#[derive(Debug)]
pub(crate) struct Scanned {
    /// The input's name.
    pub(crate) name: String,
    /// Its line accounting.
    pub(crate) tally: Tally,
    /// Its attackers.
    pub(crate) profiles: Profiles,
    /// Its rejected lines, when spooled: one spool per part read, in line
    /// order.
    pub(crate) rejects: Vec<RejectSpool>,
}

/// One unit of work: an input, or the lines of a file that start in a
/// range of byte offsets.
#[derive(Debug, Clone, Copy)]
struct Task {
    input: usize,
    part: Option<(u64, u64)>,
}

/// What one task gave.
#[derive(Debug)]
struct ScannedPart {
    scanned: Scanned,
    /// Whether a Cowrie line was mapped.
    saw_cowrie: bool,
}

/// Reads every input, on up to `jobs` threads; the results are in input
/// order. The first input (in input order) that fails gives the error.
pub(crate) fn scan_all(
    inputs: &[Input],
    settings: &ScanSettings,
    jobs: NonZeroUsize,
) -> Result<Vec<Scanned>, CliError> {
    let mut tasks = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        tasks.extend(plan(index, input, jobs));
    }
    let mut results = run_tasks(&tasks, inputs, settings, jobs).into_iter();

    let mut scanned = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.iter().enumerate() {
        let part_count = tasks.iter().filter(|task| task.input == index).count();
        let mut parts = Vec::with_capacity(part_count);
        for result in results.by_ref().take(part_count) {
            // A task is skipped only after an earlier one failed, whose
            // error has been returned before this one is reached.
            let Some(result) = result else { continue };
            parts.push(result?);
        }
        let cut_through_cowrie = parts.iter().skip(1).any(|part| part.saw_cowrie);
        scanned.push(if cut_through_cowrie {
            scan(input, None, settings)?.scanned
        } else {
            join_parts(input.name(), parts)
        });
    }
    Ok(scanned)
}

/// The tasks that read an input: one, or several parts of a large plain
/// file when there are threads to read them.
fn plan(input: usize, source: &Input, jobs: NonZeroUsize) -> Vec<Task> {
    let whole = vec![Task { input, part: None }];
    // A file whose size cannot be read now is read whole, which reports
    // the error if it persists.
    let Ok(Some(len)) = source.plain_file_len() else {
        return whole;
    };
    let parts = (jobs.get() as u64).min(len / MIN_PART_BYTES);
    if parts <= 1 {
        return whole;
    }
    let part_len = len.div_ceil(parts);
    (0..parts)
        .map(|part| {
            let start = part * part_len;
            // The last part reads to the end, should the file have grown.
            let end = if part + 1 == parts {
                u64::MAX
            } else {
                start + part_len
            };
            Task {
                input,
                part: Some((start, end)),
            }
        })
        .collect()
}

/// Runs every task on up to `jobs` threads, this one among them; the
/// results are in task order, `None` for the tasks skipped once one failed.
fn run_tasks(
    tasks: &[Task],
    inputs: &[Input],
    settings: &ScanSettings,
    jobs: NonZeroUsize,
) -> Vec<Option<Result<ScannedPart, CliError>>> {
    // Each thread takes the next task until none is left, or until one
    // fails: the run fails then, so the rest need not be read.
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut results = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = tasks.get(index) else {
                return results;
            };
            if failed.load(Ordering::Relaxed) {
                results.push((index, None));
                continue;
            }
            let result = scan(&inputs[task.input], task.part, settings);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            results.push((index, Some(result)));
        }
    };
    let helpers = jobs.get().min(tasks.len()).saturating_sub(1);
    let ((), mut results) = threads::share(helpers, || (), work);
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// The result of reading the input `name` in parts, given in file order:
/// the result of reading it in one go.
fn join_parts(name: String, parts: Vec<ScannedPart>) -> Scanned {
    let mut whole = Scanned {
        name,
        tally: Tally::default(),
        profiles: Profiles::default(),
        rejects: Vec::new(),
    };
    for ScannedPart { scanned: part, .. } in parts {
        for mut spool in part.rejects {
            spool.set_line_offset(whole.tally.lines);
            whole.rejects.push(spool);
        }
        whole.tally.add(&part.tally);
        whole.profiles.merge(part.profiles);
    }
    whole
}

/// Reads one input to its end, or the part of it `part` names (see
/// [`Input::open_part`]).
fn scan(
    input: &Input,
    part: Option<(u64, u64)>,
    settings: &ScanSettings,
) -> Result<ScannedPart, CliError> {
    let name = input.name();
    let progress = settings.progress.clone();
    let reader = match part {
        None => input.open(progress),
        Some((start, end)) => input.open_part(start, end, progress),
    };
    let reader = reader.map_err(|source| CliError::Read {
        name: name.clone(),
        source,
    })?;
    scan_lines(name, reader, settings)
}

/// Reads the lines of `reader`, which come from the input named `name`.
fn scan_lines(
    name: String,
    mut reader: LineReader,
    settings: &ScanSettings,
) -> Result<ScannedPart, CliError> {
    let read_error = |source| CliError::Read {
        name: name.clone(),
        source,
    };
    let mut mapper = LineMapper::new(&settings.mapping);
    let mut tally = Tally::default();
    let mut profiles = ProfileTable::default();
    let mut spool = settings
        .spool_rejects
        .then(|| RejectSpool::new(name.clone()));
    let mut reject = |tally: &mut Tally, line_number: u64, reject: Reject, line: &[u8]| {
        tally.rejected(reject.reason);
        match &mut spool {
            Some(spool) => spool
                .write(line_number, &reject, line)
                .map_err(|source| CliError::Spool { source }),
            None => Ok(()),
        }
    };

    while let Some(line) = reader.next_line().map_err(read_error)? {
        tally.lines += 1;
        let line_number = tally.lines;
        let text = match line {
            Line::Text(text) => text,
            Line::TooLong => {
                let detail = format!("over {MAX_LINE_BYTES} bytes");
                reject(
                    &mut tally,
                    line_number,
                    Reject::with_detail(TOO_LONG, detail),
                    &[],
                )?;
                continue;
            }
            Line::NotUtf8 { bytes, valid_up_to } => {
                let detail = format!("at byte {valid_up_to}");
                reject(
                    &mut tally,
                    line_number,
                    Reject::with_detail(INVALID_UTF8, detail),
                    bytes,
                )?;
                continue;
            }
        };
        let raw_line = settings.keep_raw.then(|| strip_line(text));
        match mapper.map(text) {
            LineOutcome::Event(event) => profile(&mut tally, &mut profiles, event, None, raw_line),
            LineOutcome::Events(first, second) => {
                profile(
                    &mut tally,
                    &mut profiles,
                    &first,
                    second.as_deref(),
                    raw_line,
                );
            }
            LineOutcome::Unmapped(kind) => tally.not_profiled(&kind),
            LineOutcome::Rejected(why) => {
                reject(&mut tally, line_number, why, text.as_bytes())?;
            }
        }
    }
    tally.guessed_services = mapper.guessed_services();
    Ok(ScannedPart {
        saw_cowrie: mapper.saw_cowrie(),
        scanned: Scanned {
            name,
            tally,
            // Sorted here, on the thread that read the input.
            profiles: profiles.into_profiles(),
            rejects: spool.into_iter().collect(),
        },
    })
}

/// Profiles a line's events, or counts why they are not profiled. The
/// events of one line share their kind and attacker.
fn profile(
    tally: &mut Tally,
    profiles: &mut ProfileTable,
    first: &Event,
    second: Option<&Event>,
    raw_line: Option<&str>,
) {
    if first.kind == EventKind::Mutation {
        tally.not_profiled(MUTATION);
        return;
    }
    let Some(attacker_ip) = first.attacker_ip.as_deref().filter(|ip| !ip.is_empty()) else {
        tally.not_profiled(NO_ATTACKER_IP);
        return;
    };
    tally.profiled += 1;
    tally.events += 1;
    profiles.push(attacker_ip, first, raw_line);
    if let Some(second) = second {
        tally.events += 1;
        profiles.push(attacker_ip, second, None);
    }
}
