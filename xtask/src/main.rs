//! Project chores for the DECNET profiler workspace, run as `cargo xtask
//! <task>` through the alias in `.cargo/config.toml`.
//!
//! Each task lives in its own module; this file only dispatches.

use std::process::ExitCode;

mod ci;
mod sample;
mod util;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  ci            fmt --check, clippy -D warnings, all tests, docs, cargo-deny
  gen-sample    write the synthetic logs in examples/ (--check: fail if stale)";

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
        "gen-sample" => sample::run(rest),
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
