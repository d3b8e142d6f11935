//! The git commands a release needs, run in the workspace root.

use std::path::Path;
use std::process::Command;

use crate::util::{capture, root};

fn git(args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command.args(args).current_dir(root());
    command
}

/// Fails unless the work tree has no change, staged, unstaged or untracked.
pub(crate) fn require_clean() -> Result<(), String> {
    let status = capture("git status", &mut git(&["status", "--porcelain"]))?;
    if status.trim().is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = status.lines().take(10).collect();
    Err(format!(
        "the work tree is not clean; commit or remove these first:\n{}{}",
        shown.join("\n"),
        if status.lines().count() > shown.len() {
            "\n…"
        } else {
            ""
        }
    ))
}

/// The full hash of `HEAD`.
pub(crate) fn head() -> Result<String, String> {
    let hash = capture("git rev-parse HEAD", &mut git(&["rev-parse", "HEAD"]))?;
    Ok(hash.trim().to_owned())
}

/// Whether this clone has `commit`.
pub(crate) fn has_commit(commit: &str) -> bool {
    git(&["cat-file", "-e", &format!("{commit}^{{commit}}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// The text of `path` (relative to the root, `/`-separated) at `commit`.
pub(crate) fn show(commit: &str, path: &str) -> Result<String, String> {
    capture(
        &format!("git show {commit}:{path}"),
        &mut git(&["show", &format!("{commit}:{path}")]),
    )
}

/// Whether the tag `name` exists.
pub(crate) fn tag_exists(name: &str) -> bool {
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("refs/tags/{name}"),
    ])
    .output()
    .is_ok_and(|out| out.status.success())
}

/// Commits exactly `files` with `message`; returns the new commit's hash.
pub(crate) fn commit(files: &[&Path], message: &str) -> Result<String, String> {
    let mut add = git(&["add", "--"]);
    add.args(files);
    capture("git add", &mut add)?;
    let mut commit = git(&["commit", "--quiet", "--message", message, "--"]);
    commit.args(files);
    capture("git commit", &mut commit)?;
    head()
}

/// Makes the annotated tag `name` on `commit`.
pub(crate) fn tag(name: &str, commit: &str, message: &str) -> Result<(), String> {
    capture(
        &format!("git tag {name}"),
        &mut git(&["tag", "--annotate", name, "--message", message, commit]),
    )
    .map(drop)
}
