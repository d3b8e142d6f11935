//! `decnet-profile`: DECNET's attacker-behaviour profiler on the command
//! line. The program is the library's [`decnet_profile::cli_main`]; see the
//! library's documentation for what it does and how.

use std::process::ExitCode;

fn main() -> ExitCode {
    decnet_profile::cli_main()
}
