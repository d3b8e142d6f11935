//! `cargo xtask ci`: every check a change must pass, in the order that fails
//! fastest.

use crate::util::{cargo, installed, step};

/// Runs the checks; stops at the first failure.
pub(crate) fn run_ci() -> Result<(), String> {
    step("format", &mut cargo(&["fmt", "--all", "--check"]))?;
    step(
        "clippy",
        &mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "tests",
        &mut cargo(&["test", "--workspace", "--all-targets"]),
    )?;
    step("doc tests", &mut cargo(&["test", "--workspace", "--doc"]))?;
    docs()?;
    deny()?;
    eprintln!("\n==> every check passed");
    Ok(())
}

/// The workspace's docs, with rustdoc warnings (broken links, …) denied.
pub(crate) fn docs() -> Result<(), String> {
    step(
        "docs",
        cargo(&["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"),
    )
}

/// `cargo deny` on bans, licences and sources. Advisories need the network,
/// which these machines lack, so they are not checked here.
pub(crate) fn deny() -> Result<(), String> {
    if !installed("cargo-deny", &["--version"]) {
        eprintln!(
            "\n==> cargo-deny: not installed, skipped \
             (install it with `cargo install --locked cargo-deny`)"
        );
        return Ok(());
    }
    // The check reads the metadata of every platform's dependencies, which
    // a build on this one does not download.
    step(
        "cargo fetch (every platform's dependencies)",
        &mut cargo(&["fetch"]),
    )?;
    step(
        "cargo-deny",
        &mut cargo(&["deny", "--offline", "check", "bans", "licenses", "sources"]),
    )
}

/// Entry point for `cargo xtask ci`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!("ci takes no arguments (got {extra:?})"));
    }
    run_ci()
}
