//! `cargo xtask release-check` and `cargo xtask release`: each crate is
//! versioned, checked and released on its own.
//!
//! # The record
//!
//! Releases are recorded in `releases.toml` at the root (crate, version,
//! commit), committed with the code: a clone need not carry tags, so the
//! record, not the tags, says where each crate's last release is. Each
//! crate's semver baseline is its last entry there. Tags `CRATE-vX.Y.Z` are
//! made too, as a convenience.
//!
//! A commit cannot name itself, so a release is two commits: the release
//! commit (the version bump, the dependents' requirement, the changelog),
//! tagged, then a commit appending that commit's hash to `releases.toml`.
//!
//! # The checks
//!
//! `release-check`, in the order that fails fastest:
//!
//! 1. every publishable crate has a README and a CHANGELOG with an
//!    `## [Unreleased]` section; every recorded release's commit is in the
//!    clone and has that version in its manifest;
//! 2. each library builds with every combination of its features, default
//!    features off, as a dependent would build it, and uses no standard
//!    library item newer than its `rust-version` (Clippy's
//!    `incompatible_msrv`);
//! 3. `cargo package` of every publishable crate together (as
//!    `cargo package --workspace` does, without the `publish = false`
//!    members), so unpublished internal dependencies resolve to the
//!    workspace's own packages; each package is verified by building it;
//! 4. the docs, with rustdoc warnings denied, and cargo-deny, both as
//!    `cargo xtask ci` runs them;
//! 5. `cargo semver-checks` of each library crate against its baseline
//!    commit, when cargo-semver-checks is installed: it fails when the
//!    public API changed more than the crate's current version allows.

mod changelog;
mod git;
mod manifest;
mod record;
mod version;

use std::fs;
use std::path::{Path, PathBuf};

use crate::ci;
use crate::util::{cargo, installed, root, step};
use manifest::Crate;
use record::{Record, Release};
use version::Level;

const INSTALL_SEMVER_CHECKS: &str = "cargo install --locked cargo-semver-checks";

/// Entry point for `cargo xtask release-check [--allow-dirty]`.
pub(crate) fn run_check(args: &[String]) -> Result<(), String> {
    let allow_dirty = match args {
        [] => false,
        [flag] if flag == "--allow-dirty" => true,
        _ => {
            return Err(format!(
                "release-check takes only --allow-dirty (got {args:?})"
            ));
        }
    };
    let crates = manifest::publishable()?;
    let record = Record::load()?;
    let semver: Vec<&Crate> = crates.iter().collect();
    release_check(&crates, &record, &semver, allow_dirty)?;
    eprintln!("\nrelease-check: every crate is ready to release");
    Ok(())
}

/// Entry point for `cargo xtask release CRATE LEVEL` and
/// `cargo xtask release --initial`.
pub(crate) fn run_release(args: &[String]) -> Result<(), String> {
    match args {
        [flag] if flag == "--initial" => release_initial(),
        [name, level] => release(name, level.parse()?),
        _ => Err(format!(
            "usage: cargo xtask release CRATE patch|minor|major, or \
             cargo xtask release --initial (got {args:?})"
        )),
    }
}

/// Every check a release must pass; `semver` names the crates whose API is
/// compared with their baseline.
fn release_check(
    crates: &[Crate],
    record: &Record,
    semver: &[&Crate],
    allow_dirty: bool,
) -> Result<(), String> {
    check_layout(crates)?;
    check_record(crates, record)?;
    check_features(crates)?;

    package(crates, allow_dirty)?;
    ci::docs()?;
    ci::deny()?;
    semver_checks(record, semver)
}

/// `cargo package` of every publishable crate at once, each verified by
/// building it from its package against the others' packages.
///
/// The packages are built in a fresh target directory, removed afterwards.
/// Cargo unpacks the packages it verifies against into its registry cache,
/// keyed by the target directory's path and the version, and never
/// refreshes them: with a reused target directory, a crate whose code
/// changed but whose version did not would be verified against its stale
/// first package. A fresh directory costs a build of the dependencies, and
/// leaves a copy of the packages in Cargo's cache, which Cargo's own
/// garbage collection removes once unused for a month.
fn package(crates: &[Crate], allow_dirty: bool) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("decnet-release-check-{}", std::process::id()));
    let mut command = cargo(&["package"]);
    for krate in crates {
        command.args(["--package", &krate.name]);
    }
    if allow_dirty {
        command.arg("--allow-dirty");
    }
    command.arg("--target-dir").arg(&scratch);
    let outcome = step("package", &mut command);
    // Best effort: a leftover directory in the temporary folder is harmless.
    let _ = fs::remove_dir_all(&scratch);
    outcome.map_err(|err| {
        format!(
            "{err}: a crate does not package; cargo's message above says which \
             (uncommitted changes need --allow-dirty)"
        )
    })
}

/// Each publishable crate's README and CHANGELOG are there and the
/// CHANGELOG can take a release.
fn check_layout(crates: &[Crate]) -> Result<(), String> {
    let mut problems = Vec::new();
    for krate in crates {
        if !krate.dir.join("README.md").is_file() {
            problems.push(format!("{}: no README.md", krate.name));
        }
        match fs::read_to_string(krate.changelog()) {
            Ok(text) => {
                if let Err(err) = changelog::check(&text) {
                    problems.push(format!("{}: CHANGELOG.md {err}", krate.name));
                }
            }
            Err(err) => problems.push(format!("{}: CHANGELOG.md: {err}", krate.name)),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("crate layout:\n  {}", problems.join("\n  ")))
    }
}

/// Each library crate builds with each subset of its features, using no
/// standard library item newer than its `rust-version` (Clippy's
/// `incompatible_msrv`, the one MSRV check possible without that toolchain).
fn check_features(crates: &[Crate]) -> Result<(), String> {
    for krate in crates.iter().filter(|krate| krate.has_lib) {
        for subset in powerset(&krate.features) {
            let listed = subset.join(",");
            let mut command = cargo(&[
                "clippy",
                "--quiet",
                "--lib",
                "--package",
                &krate.name,
                "--no-default-features",
            ]);
            if !listed.is_empty() {
                command.args(["--features", &listed]);
            }
            command.args(["--", "--deny", "clippy::incompatible_msrv"]);
            step(
                &format!("features of {} [{listed}]", krate.name),
                &mut command,
            )
            .map_err(|err| {
                format!(
                    "{err}: {} does not build with exactly the features [{listed}], \
                     or uses an item newer than its rust-version",
                    krate.name
                )
            })?;
        }
    }
    Ok(())
}

/// Every subset of `items`, the empty one first.
fn powerset(items: &[String]) -> Vec<Vec<&str>> {
    let mut subsets = vec![Vec::new()];
    for item in items {
        let with_item: Vec<Vec<&str>> = subsets
            .iter()
            .map(|subset| {
                let mut subset = subset.clone();
                subset.push(item.as_str());
                subset
            })
            .collect();
        subsets.extend(with_item);
    }
    subsets
}

/// Each recorded release names a crate of the workspace and a commit of
/// this clone whose manifest has the recorded version, and no crate's
/// version is below its last release.
fn check_record(crates: &[Crate], record: &Record) -> Result<(), String> {
    let mut problems = Vec::new();
    for release in record.releases() {
        let Release {
            crate_name,
            version,
            commit,
        } = release;
        let Some(krate) = crates.iter().find(|krate| &krate.name == crate_name) else {
            problems.push(format!("{crate_name} is recorded but not in the workspace"));
            continue;
        };
        if !git::has_commit(commit) {
            problems.push(format!(
                "{crate_name} {version}: commit {commit} is not in this clone \
                 (a shallow clone? fetch the full history)"
            ));
            continue;
        }
        let at_commit = git::show(commit, &krate.git_manifest_path())
            .and_then(|text| manifest::package_version(&text));
        match at_commit {
            Ok(found) if found == *version => {}
            Ok(found) => problems.push(format!(
                "{crate_name}: releases.toml says {version} at {commit}, but its \
                 manifest there says {found}"
            )),
            Err(err) => problems.push(format!("{crate_name} {version} at {commit}: {err}")),
        }
    }
    for krate in crates {
        if let Some(last) = record.latest(&krate.name)
            && krate.version < last.version
        {
            problems.push(format!(
                "{} is at {}, below its last release {}",
                krate.name, krate.version, last.version
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}:\n  {}", record::FILE, problems.join("\n  ")))
    }
}

/// `cargo semver-checks` of each library crate of `semver` that has a
/// recorded release; all are run, and every failure is reported.
fn semver_checks(record: &Record, semver: &[&Crate]) -> Result<(), String> {
    let checked: Vec<(&Crate, &Release)> = semver
        .iter()
        .filter(|krate| krate.has_lib)
        .filter_map(|krate| record.latest(&krate.name).map(|last| (*krate, last)))
        .collect();
    for krate in semver {
        if !krate.has_lib {
            eprintln!("\n==> semver: {} has no library, skipped", krate.name);
        } else if record.latest(&krate.name).is_none() {
            eprintln!(
                "\n==> semver: {} has no recorded release to compare with, skipped",
                krate.name
            );
        }
    }
    if checked.is_empty() {
        return Ok(());
    }
    if !installed("cargo-semver-checks", &["semver-checks", "--version"]) {
        eprintln!(
            "\n==> semver: cargo-semver-checks is not installed, API changes NOT checked.\n    \
             Install it with `{INSTALL_SEMVER_CHECKS}` (a build of several minutes)."
        );
        return Ok(());
    }

    let mut failures = Vec::new();
    for (krate, last) in checked {
        let mut command = cargo(&[
            "semver-checks",
            "check-release",
            "--package",
            &krate.name,
            "--baseline-rev",
            &last.commit,
        ]);
        if step(&format!("semver {}", krate.name), &mut command).is_err() {
            failures.push(format!(
                "{name}: the public API changed more than version {current} allows \
                 over its last release, {last_version} at {commit} (releases.toml); \
                 cargo-semver-checks lists the changes above. Undo them, or release \
                 with a bigger bump: `cargo xtask release {name} minor` for a \
                 breaking change below 1.0.0, `major` from 1.0.0 on.",
                name = krate.name,
                current = krate.version,
                last_version = last.version,
                commit = short(&last.commit),
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "semver checks failed:\n  {}",
            failures.join("\n  ")
        ))
    }
}

/// The first 12 digits of a commit hash, for messages.
fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// `cargo xtask release CRATE LEVEL`.
fn release(name: &str, level: Level) -> Result<(), String> {
    git::require_clean()?;
    let crates = manifest::publishable()?;
    let krate = crates
        .iter()
        .find(|krate| krate.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = crates.iter().map(|krate| krate.name.as_str()).collect();
            format!("{name:?} is not a publishable crate ({})", names.join(", "))
        })?;
    let record = Record::load()?;
    let last = record.latest(name).ok_or_else(|| {
        format!(
            "{name} has no recorded release: record its current version as its \
             first with `cargo xtask release --initial`"
        )
    })?;
    if last.version != krate.version {
        return Err(format!(
            "{name} is at {} but its last release is {}: only `cargo xtask release` \
             changes a released crate's version",
            krate.version, last.version
        ));
    }
    if krate.has_lib && !installed("cargo-semver-checks", &["semver-checks", "--version"]) {
        return Err(format!(
            "releasing {name} needs cargo-semver-checks to compare its API with \
             the last release: `{INSTALL_SEMVER_CHECKS}`"
        ));
    }
    let new = krate.version.bump(level);
    let tag = format!("{name}-v{new}");
    if git::tag_exists(&tag) {
        return Err(format!("the tag {tag} exists already"));
    }

    // Edit, then check the edited tree; undo every edit if anything fails.
    let root_manifest = root().join("Cargo.toml");
    let lock = root().join("Cargo.lock");
    let mut edits = Edits::default();
    let date = changelog::today();
    let outcome = (|| {
        edits.apply(&krate.manifest(), |text| {
            manifest::set_package_version(text, new)
        })?;
        let root_text = read(&root_manifest)?;
        if let Some(edited) = manifest::set_workspace_requirement(&root_text, name, new)? {
            edits.apply(&root_manifest, |_| Ok(edited))?;
        }
        edits.apply(&krate.changelog(), |text| {
            changelog::release(text, new, &date)
        })?;
        // Cargo rewrites the lock file's entry for the new version.
        edits.keep(&lock)?;
        let reread = manifest::publishable()?;
        let bumped = reread
            .iter()
            .find(|krate| krate.name == name && krate.version == new)
            .ok_or_else(|| format!("after the edit, Cargo does not see {name} {new}"))?;
        step(
            "lock file",
            &mut cargo(&["update", "--workspace", "--offline"]),
        )?;
        release_check(&reread, &record, &[bumped], true)
    })();
    if let Err(err) = outcome {
        edits.undo();
        return Err(format!(
            "release of {name} {new} refused, edits undone:\n{err}"
        ));
    }

    let message = format!("Release {name} {new}");
    let commit = git::commit(&edits.paths(), &message)?;
    git::tag(&tag, &commit, &message)?;
    record_releases(
        &record,
        &[Release {
            crate_name: name.to_owned(),
            version: new,
            commit,
        }],
        &format!("Record the release of {name} {new}"),
    )?;
    eprintln!(
        "\nreleased {name} {new}, tagged {tag}.\n\
         Publish with `cargo publish -p {name}`, then push the commits and the tag."
    );
    let dependents: Vec<&str> = crates
        .iter()
        .filter(|dependent| dependent.dependencies.iter().any(|dep| dep == name))
        .map(|dependent| dependent.name.as_str())
        .collect();
    if new.breaks(krate.version) && !dependents.is_empty() {
        // cargo-semver-checks compares a crate's own items only: a
        // dependent that re-exports this crate's items breaks unseen.
        eprintln!(
            "Breaking release: these crates now require {name} {new}: {}. Release \
             them too, with a breaking bump for any that re-exports {name}'s items.",
            dependents.join(", ")
        );
    }
    Ok(())
}

/// `cargo xtask release --initial`: records the current version of every
/// publishable crate that has no recorded release as its first release
/// (every crate, the first time; a new crate later).
fn release_initial() -> Result<(), String> {
    git::require_clean()?;
    let workspace = manifest::publishable()?;
    let record = Record::load()?;
    let crates: Vec<Crate> = workspace
        .iter()
        .filter(|krate| record.latest(&krate.name).is_none())
        .cloned()
        .collect();
    if crates.is_empty() {
        return Err(
            "every crate has a recorded release: use `cargo xtask release CRATE LEVEL`".to_owned(),
        );
    }
    if let Some(tag) = crates
        .iter()
        .map(|krate| format!("{}-v{}", krate.name, krate.version))
        .find(|tag| git::tag_exists(tag))
    {
        return Err(format!("the tag {tag} exists already"));
    }

    let mut edits = Edits::default();
    let date = changelog::today();
    let outcome = (|| {
        for krate in &crates {
            edits
                .apply(&krate.changelog(), |text| {
                    changelog::release(text, krate.version, &date)
                })
                .map_err(|err| format!("{}: {err}", krate.name))?;
        }
        release_check(&workspace, &record, &[], true)
    })();
    if let Err(err) = outcome {
        edits.undo();
        return Err(format!("first release refused, edits undone:\n{err}"));
    }

    let names: Vec<String> = crates
        .iter()
        .map(|krate| format!("{} {}", krate.name, krate.version))
        .collect();
    let what = match names.as_slice() {
        [one] => one.clone(),
        _ => format!("{} crates", names.len()),
    };
    let commit = git::commit(
        &edits.paths(),
        &format!(
            "Release the first version of {what}\n\n{}",
            names.join("\n")
        ),
    )?;
    let releases: Vec<Release> = crates
        .iter()
        .map(|krate| Release {
            crate_name: krate.name.clone(),
            version: krate.version,
            commit: commit.clone(),
        })
        .collect();
    for release in &releases {
        let tag = format!("{}-v{}", release.crate_name, release.version);
        git::tag(
            &tag,
            &commit,
            &format!("{} {}", release.crate_name, release.version),
        )?;
    }
    record_releases(
        &record,
        &releases,
        &format!("Record the first release of {what}"),
    )?;
    eprintln!(
        "\nrecorded the first release of {} crates at {}, tagged.",
        releases.len(),
        short(&commit)
    );
    Ok(())
}

/// Appends `new` to `releases.toml` and commits it alone.
fn record_releases(record: &Record, new: &[Release], message: &str) -> Result<(), String> {
    let path = root().join(record::FILE);
    write(&path, &record.appended(new))?;
    git::commit(&[&path], message)?;
    Ok(())
}

/// Files changed by a release, with their text before it, so that a
/// refused release leaves the tree as it found it.
#[derive(Debug, Default)]
struct Edits {
    originals: Vec<(PathBuf, String)>,
}

impl Edits {
    /// Rewrites `path` with `edit`, keeping its text for `undo`.
    fn apply(
        &mut self,
        path: &Path,
        edit: impl FnOnce(&str) -> Result<String, String>,
    ) -> Result<(), String> {
        let text = read(path)?;
        let edited = edit(&text).map_err(|err| format!("{}: {err}", path.display()))?;
        self.keep(path)?;
        write(path, &edited)
    }

    /// Keeps `path`'s text for `undo`, for a file a command rewrites.
    fn keep(&mut self, path: &Path) -> Result<(), String> {
        if !self.originals.iter().any(|(kept, _)| kept == path) {
            self.originals.push((path.to_path_buf(), read(path)?));
        }
        Ok(())
    }

    /// The files kept, to commit.
    fn paths(&self) -> Vec<&Path> {
        self.originals
            .iter()
            .map(|(path, _)| path.as_path())
            .collect()
    }

    /// Writes every kept file back; reports, but does not stop at, a
    /// file that cannot be written.
    fn undo(&self) {
        for (path, text) in &self.originals {
            if let Err(err) = write(path, text) {
                eprintln!(
                    "xtask: could not undo the edit of {}: {err}",
                    path.display()
                );
            }
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|err| format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_combination_is_checked_once() {
        let features = ["arbitrary".to_owned(), "otel".to_owned()];
        let subsets = powerset(&features);
        assert_eq!(
            subsets,
            [
                vec![],
                vec!["arbitrary"],
                vec!["otel"],
                vec!["arbitrary", "otel"]
            ]
        );
        assert_eq!(powerset(&[]), [Vec::<&str>::new()]);
    }
}
