//! `decnet-conformance eval FILE.jsonl`: runs every case of a corpus file and
//! writes one `{"id": …, "actual": …}` line per case to stdout, in the format
//! `shared/tools/compare.py` scores.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command, path] = args.as_slice() else {
        eprintln!("usage: decnet-conformance eval FILE.jsonl");
        return ExitCode::from(1);
    };
    if command != "eval" {
        eprintln!("decnet-conformance: unknown command {command:?} (expected `eval`)");
        return ExitCode::from(1);
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("decnet-conformance: cannot read {path}: {err}");
            return ExitCode::from(1);
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    for case in decnet_conformance::read_cases(&text) {
        let line = decnet_conformance::eval_case(&case);
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(1);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
