//! The workspace's publishable crates, and the version edits a release
//! makes to manifests.
//!
//! Crates are read from `cargo metadata`, Cargo's stable machine interface,
//! never from the manifests' text. Edits, though, are targeted line edits:
//! a release changes one `version = "…"` line of the crate's `[package]`
//! and the version of one entry of the root's `[workspace.dependencies]`,
//! and nothing else, so every comment and layout choice survives. A TOML
//! editing crate (`toml_edit`) would do the same with a dependency and a
//! build for xtask; the line edits refuse anything they do not recognise
//! (a version written over several lines, say), and Cargo itself checks
//! the result when the release re-reads the workspace.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::version::Version;
use crate::util::{capture, cargo, root};

/// A workspace member that can be published.
#[derive(Debug, Clone)]
pub(crate) struct Crate {
    /// The package name.
    pub(crate) name: String,
    /// The version its manifest has now.
    pub(crate) version: Version,
    /// The directory of its `Cargo.toml`.
    pub(crate) dir: PathBuf,
    /// Whether it has a library target (semver checks need one).
    pub(crate) has_lib: bool,
    /// Its features other than `default`, in name order.
    pub(crate) features: Vec<String>,
    /// The names of its normal (not dev or build) dependencies.
    pub(crate) dependencies: Vec<String>,
}

impl Crate {
    /// Its `Cargo.toml`.
    pub(crate) fn manifest(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    /// Its `CHANGELOG.md`.
    pub(crate) fn changelog(&self) -> PathBuf {
        self.dir.join("CHANGELOG.md")
    }

    /// Its `Cargo.toml` relative to the workspace root, with `/`, as git
    /// names files.
    pub(crate) fn git_manifest_path(&self) -> String {
        let relative = self.manifest();
        let relative = relative.strip_prefix(root()).unwrap_or(&relative);
        relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The workspace members whose `publish` is not `false`, in the order
/// `cargo metadata` lists them.
pub(crate) fn publishable() -> Result<Vec<Crate>, String> {
    let json = capture(
        "cargo metadata",
        &mut cargo(&["metadata", "--format-version", "1", "--no-deps"]),
    )?;
    let metadata: Value =
        serde_json::from_str(&json).map_err(|err| format!("cargo metadata: {err}"))?;
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no `packages` list")?;
    let mut crates = Vec::new();
    for package in packages {
        // `publish` is null for "any registry" and `[]` for `publish = false`.
        if package["publish"].as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        let name = package["name"]
            .as_str()
            .ok_or("cargo metadata: a nameless package")?;
        let version = package["version"]
            .as_str()
            .ok_or_else(|| format!("cargo metadata: {name} has no version"))?
            .parse()
            .map_err(|err| format!("{name}: {err}"))?;
        let manifest = package["manifest_path"]
            .as_str()
            .ok_or_else(|| format!("cargo metadata: {name} has no manifest path"))?;
        let dir = Path::new(manifest)
            .parent()
            .ok_or_else(|| format!("cargo metadata: {name}'s manifest has no directory"))?
            .to_path_buf();
        let has_lib = package["targets"].as_array().is_some_and(|targets| {
            targets.iter().any(|target| {
                target["kind"].as_array().is_some_and(|kinds| {
                    kinds
                        .iter()
                        .any(|kind| matches!(kind.as_str(), Some("lib" | "rlib" | "proc-macro")))
                })
            })
        });
        let mut features: Vec<String> = package["features"]
            .as_object()
            .map(|features| {
                features
                    .keys()
                    .filter(|feature| *feature != "default")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        features.sort();
        let dependencies = package["dependencies"]
            .as_array()
            .map(|dependencies| {
                dependencies
                    .iter()
                    .filter(|dependency| dependency["kind"].is_null())
                    .filter_map(|dependency| dependency["name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        crates.push(Crate {
            name: name.to_owned(),
            version,
            dir,
            has_lib,
            features,
            dependencies,
        });
    }
    Ok(crates)
}

/// The crate manifest `text` with its `[package]` version set to `new`.
pub(crate) fn set_package_version(text: &str, new: Version) -> Result<String, String> {
    edit_value(text, "package", "version", |line| {
        replace_quoted_after(line, "version", &new.to_string())
    })?
    .ok_or_else(|| "has no `version = \"…\"` line in [package]".to_owned())
}

/// The root manifest `text` with the version requirement of
/// `[workspace.dependencies]`'s `crate_name` entry set to `new`; `None`
/// when no such entry exists (no member depends on the crate).
pub(crate) fn set_workspace_requirement(
    text: &str,
    crate_name: &str,
    new: Version,
) -> Result<Option<String>, String> {
    edit_value(text, "workspace.dependencies", crate_name, |line| {
        if !line.contains('{') || !line.trim_end().ends_with('}') {
            return Err(format!(
                "[workspace.dependencies] {crate_name} is not a one-line inline table"
            ));
        }
        replace_quoted_after(line, "version", &new.to_string()).map_err(|_| {
            format!(
                "[workspace.dependencies] {crate_name} has no version requirement \
                 (internal dependencies need one to package)"
            )
        })
    })
}

/// The `[package]` version of the crate manifest `text`.
pub(crate) fn package_version(text: &str) -> Result<Version, String> {
    let (_, line) = locate(text, "package", "version")?
        .ok_or_else(|| "has no `version = \"…\"` line in [package]".to_owned())?;
    let value = line_value(line).ok_or_else(|| format!("cannot read {:?}", line.trim_end()))?;
    value.parse()
}

/// Rewrites, with `edit`, the one line of table `[table]` whose key is
/// `key`; `None` when the table has no such line.
fn edit_value(
    text: &str,
    table: &str,
    key: &str,
    edit: impl Fn(&str) -> Result<String, String>,
) -> Result<Option<String>, String> {
    let Some((start, line)) = locate(text, table, key)? else {
        return Ok(None);
    };
    let end = start + line.len();
    Ok(Some(format!(
        "{}{}{}",
        &text[..start],
        edit(line)?,
        &text[end..]
    )))
}

/// The byte offset and text (with its line break) of the one line of
/// table `[table]` whose key is `key`.
fn locate<'a>(text: &'a str, table: &str, key: &str) -> Result<Option<(usize, &'a str)>, String> {
    let mut current = "";
    let mut found = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            current = trimmed.trim_matches(['[', ']']).trim();
        } else if current == table && line_key(trimmed) == Some(key) {
            if found.is_some() {
                return Err(format!("[{table}] has {key} twice"));
            }
            found = Some((offset, line));
        }
        offset += line.len();
    }
    Ok(found)
}

/// The string value of a `key = "value"` line.
fn line_value(line: &str) -> Option<&str> {
    let (_, value) = line.split_once('=')?;
    let quoted = value.trim_start().strip_prefix('"')?;
    quoted.split_once('"').map(|(value, _)| value)
}

/// The key of a `key = value` line (a bare or quoted key).
fn line_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    Some(key.trim().trim_matches('"'))
}

/// `line` with the string after the first `key = ` replaced by `value`.
fn replace_quoted_after(line: &str, key: &str, value: &str) -> Result<String, String> {
    let not_found = || format!("no `{key} = \"…\"` in {:?}", line.trim_end());
    let mut search = 0;
    while let Some(offset) = line[search..].find(key) {
        let start = search + offset;
        search = start + key.len();
        // The key must stand alone: not the end of `rust-version`, say.
        let before = line[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let rest = line[search..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let Some(quoted) = rest.trim_start().strip_prefix('"') else {
            return Err(not_found());
        };
        let Some(length) = quoted.find('"') else {
            return Err(not_found());
        };
        let value_start = line.len() - quoted.len();
        let value_end = value_start + length;
        return Ok(format!(
            "{}{value}{}",
            &line[..value_start],
            &line[value_end..]
        ));
    }
    Err(not_found())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> Version {
        text.parse().expect("a test version is valid")
    }

    const CRATE: &str = "\
[package]
name = \"decnet-timing\"
version = \"0.1.0\" # bumped by cargo xtask release
rust-version.workspace = true

[dependencies]
decnet-event = { workspace = true, version = \"9.9.9\" }
";

    const ROOT: &str = "\
[workspace.package]
version = \"7.0.0\"
rust-version = \"1.88\"

[workspace.dependencies]
decnet-event = { path = \"crates/decnet-event\", version = \"0.1.0\", default-features = false }
decnet-timing = { path = \"crates/decnet-timing\", version = \"0.1.0\" }
serde = { version = \"1.0.219\", features = [\"derive\"] }
";

    #[test]
    fn a_package_version_edit_changes_only_the_package_version_line() {
        let edited = set_package_version(CRATE, version("0.2.0")).expect("it has a version");
        assert_eq!(
            edited,
            CRATE.replace(
                "version = \"0.1.0\" # bumped",
                "version = \"0.2.0\" # bumped"
            )
        );
    }

    #[test]
    fn the_package_version_is_read_from_the_package_table_only() {
        assert_eq!(package_version(CRATE), Ok(version("0.1.0")));
        assert!(package_version(ROOT).is_err());
    }

    #[test]
    fn a_manifest_without_a_package_version_line_is_refused() {
        let workspace_version = "[package]\nname = \"x\"\nversion.workspace = true\n";
        assert!(set_package_version(workspace_version, version("0.2.0")).is_err());
    }

    #[test]
    fn a_requirement_edit_changes_only_that_crates_entry() {
        let edited = set_workspace_requirement(ROOT, "decnet-event", version("0.2.0"))
            .expect("the entry is one line")
            .expect("the entry exists");
        assert_eq!(
            edited,
            ROOT.replace(
                "decnet-event\", version = \"0.1.0\"",
                "decnet-event\", version = \"0.2.0\""
            )
        );
    }

    #[test]
    fn a_crate_no_member_depends_on_has_no_requirement_to_edit() {
        let edited = set_workspace_requirement(ROOT, "decnet-profile", version("0.2.0"));
        assert_eq!(edited, Ok(None));
    }

    #[test]
    fn an_internal_dependency_without_a_version_is_refused() {
        let root = "[workspace.dependencies]\ndecnet-event = { path = \"crates/decnet-event\" }\n";
        let err = set_workspace_requirement(root, "decnet-event", version("0.2.0"))
            .expect_err("no version to edit");
        assert!(err.contains("has no version requirement"), "{err}");
    }

    #[test]
    fn a_key_is_matched_whole_not_as_the_end_of_another_key() {
        let line = "x = { rust-version = \"1.88\", version = \"0.1.0\" }\n";
        let edited = replace_quoted_after(line, "version", "0.2.0").expect("it has a version");
        assert_eq!(
            edited,
            "x = { rust-version = \"1.88\", version = \"0.2.0\" }\n"
        );
    }
}
