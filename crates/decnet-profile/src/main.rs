//! `decnet-profile`: DECNET's attacker-behaviour profiler on the command
//! line. The program is the library's [`decnet_profile::cli_main`]; see the
//! library's documentation for what it does and how.

use std::process::ExitCode;

// mimalloc: the profiler allocates small per-attacker state on every
// thread, where it is measurably faster than the system allocator (see
// BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    decnet_profile::cli_main()
}
