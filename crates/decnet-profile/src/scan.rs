//! Reading the inputs: each line is mapped, then profiled, counted as not
//! profiled, or rejected. Several inputs are read on parallel threads, one
//! input per thread at a time.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use decnet_event::{Event, EventKind, strip_line};
use indicatif::ProgressBar;

use crate::error::CliError;
use crate::input::{Input, LineRead, MAX_LINE_BYTES};
use crate::mapping::{INVALID_UTF8, LineMapper, LineOutcome, MappingOptions, Reject, TOO_LONG};
use crate::profile::Profiles;
use crate::rejects::RejectSpool;
use crate::tally::{MUTATION, NO_ATTACKER_IP, Tally};

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
    /// Its rejected lines, when spooled.
    pub(crate) rejects: Option<RejectSpool>,
}

/// Reads every input, on up to `jobs` threads; the results are in input
/// order. The first input (in input order) that fails gives the error.
pub(crate) fn scan_all(
    inputs: &[Input],
    settings: &ScanSettings,
    jobs: NonZeroUsize,
) -> Result<Vec<Scanned>, CliError> {
    let workers = jobs.get().min(inputs.len());
    if workers <= 1 {
        return inputs.iter().map(|input| scan(input, settings)).collect();
    }

    // Workers take the next unread input until none is left, or until an
    // input fails: the run fails then, so the rest need not be read.
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let mut results: Vec<(usize, Result<Scanned, CliError>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut results = Vec::new();
                    while !failed.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(index) else {
                            break;
                        };
                        let result = scan(input, settings);
                        if result.is_err() {
                            failed.store(true, Ordering::Relaxed);
                        }
                        results.push((index, result));
                    }
                    results
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(results) => results,
                // A worker panics only on a bug; carry the panic on.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Reads one input to its end.
pub(crate) fn scan(input: &Input, settings: &ScanSettings) -> Result<Scanned, CliError> {
    let name = input.name();
    let read_error = |source| CliError::Read {
        name: name.clone(),
        source,
    };
    let mut reader = input.open(settings.progress.clone()).map_err(read_error)?;
    let mut mapper = LineMapper::new(&settings.mapping);
    let mut tally = Tally::default();
    let mut profiles = Profiles::default();
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

    let mut line = Vec::with_capacity(4096);
    while let Some(read) = reader.next_line(&mut line).map_err(read_error)? {
        tally.lines += 1;
        let line_number = tally.lines;
        if read == LineRead::TooLong {
            let detail = format!("over {MAX_LINE_BYTES} bytes");
            reject(
                &mut tally,
                line_number,
                Reject::with_detail(TOO_LONG, detail),
                &[],
            )?;
            continue;
        }
        let text = match std::str::from_utf8(&line) {
            Ok(text) => text,
            Err(err) => {
                let detail = format!("at byte {}", err.valid_up_to());
                reject(
                    &mut tally,
                    line_number,
                    Reject::with_detail(INVALID_UTF8, detail),
                    &line,
                )?;
                continue;
            }
        };
        match mapper.map(text) {
            LineOutcome::Events(first, second) => {
                let raw_line = settings.keep_raw.then(|| strip_line(text));
                profile(&mut tally, &mut profiles, first, second, raw_line);
            }
            LineOutcome::Unmapped(kind) => tally.not_profiled(&kind),
            LineOutcome::Rejected(why) => reject(&mut tally, line_number, why, &line)?,
        }
    }
    tally.guessed_services = mapper.guessed_services();
    Ok(Scanned {
        name,
        tally,
        profiles,
        rejects: spool,
    })
}

/// Profiles a line's events, or counts why they are not profiled. The
/// events of one line share their kind and attacker.
fn profile(
    tally: &mut Tally,
    profiles: &mut Profiles,
    first: Event,
    second: Option<Box<Event>>,
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
    profiles.push(attacker_ip, &first, raw_line);
    if let Some(second) = &second {
        tally.events += 1;
        profiles.push(attacker_ip, second, None);
    }
}
