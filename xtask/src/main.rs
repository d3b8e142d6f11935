//! Project chores for the DECNET profiler workspace, run as `cargo xtask
//! <task>` through the alias in `.cargo/config.toml`.
//!
//! Each task lives in its own module; this file only dispatches.

use std::process::ExitCode;

mod bench_log;
mod ci;
mod fuzz;
mod release;
mod sample;
mod util;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  ci            fmt --check, clippy -D warnings, all tests, docs, cargo-deny
  fuzz          run every fuzz target (--seconds N each, --asan, --seed, TARGET...)
  gen-bench-log --lines N --attackers M [--out FILE]
                write a large deterministic DECNET log for the benchmarks
  gen-sample    write the synthetic logs in examples/ (--check: fail if stale)
  release-check every crate's feature combinations and MSRV, packages, docs,
                cargo-deny, and semver against releases.toml
                (--allow-dirty: package uncommitted changes)
  release CRATE patch|minor|major
                bump, changelog, commit, tag and record one crate's release
  release --initial
                record the current version of each crate not yet released
                as its first release";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(1);
        }
    };
    let result = match task {
        "ci" => ci::run(rest),
        "fuzz" => fuzz::run(rest),
        "gen-bench-log" => bench_log::run(rest),
        "gen-sample" => sample::run(rest),
        "release-check" => release::run_check(rest),
        "release" => release::run_release(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::from(1)
        }
    }
}
