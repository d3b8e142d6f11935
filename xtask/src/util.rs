//! Running commands from the workspace root.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub(crate) fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A `cargo` command run from the workspace root.
pub(crate) fn cargo(args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(root());
    command
}

/// Runs `command`, echoing it first; an error names the step that failed.
pub(crate) fn step(name: &str, command: &mut Command) -> Result<(), String> {
    eprintln!("\n==> {name}: {command:?}");
    let status = command
        .status()
        .map_err(|err| format!("{name}: cannot start: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

/// Whether a program answers `--version` (that is, is installed).
pub(crate) fn installed(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs `command` quietly and returns its standard output; an error names
/// `what` was being done and carries the command's standard error.
pub(crate) fn capture(what: &str, command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|err| format!("{what}: cannot start {command:?}: {err}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout).map_err(|_| format!("{what}: output is not UTF-8"))
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(format!(
            "{what} failed ({}): {}",
            output.status,
            stderr.trim()
        ))
    }
}
