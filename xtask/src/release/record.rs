//! `releases.toml`: the committed record of every release, oldest first.
//!
//! It is the single source of truth for release baselines: a clone need
//! not carry tags, but it always carries this file and the commits it
//! names. The file is written only by appending `[[release]]` tables, so
//! this module reads the small subset of TOML it writes (comments, blank
//! lines, `[[release]]` headers and `key = "string"` pairs) and refuses
//! anything else with the line number, rather than guessing.

use std::fmt::Write as _;
use std::fs;

use super::version::Version;
use crate::util::root;

/// The record's file name, at the workspace root.
pub(crate) const FILE: &str = "releases.toml";

/// One release: a crate's version and the commit whose tree it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Release {
    /// The package name.
    pub(crate) crate_name: String,
    /// The version its manifest has at `commit`.
    pub(crate) version: Version,
    /// The full hash of the release commit.
    pub(crate) commit: String,
}

/// The parsed file: its text (kept, so appending preserves comments) and
/// its releases in file order.
#[derive(Debug)]
pub(crate) struct Record {
    text: String,
    releases: Vec<Release>,
}

impl Record {
    /// Reads `releases.toml` at the workspace root.
    pub(crate) fn load() -> Result<Record, String> {
        let path = root().join(FILE);
        let text = fs::read_to_string(&path).map_err(|err| {
            format!(
                "cannot read {}: {err} (the release record; it must be committed)",
                path.display()
            )
        })?;
        Record::parse(&text)
    }

    /// Parses the record's text; an error names the line and what is wrong.
    pub(crate) fn parse(text: &str) -> Result<Record, String> {
        let mut releases = Vec::new();
        let mut open: Option<(usize, Fields)> = None;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let at = |message: String| format!("{FILE}:{number}: {message}");
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line == "[[release]]" {
                if let Some((start, fields)) = open.take() {
                    releases.push(fields.finish(start)?);
                }
                open = Some((number, Fields::default()));
                continue;
            }
            let Some((key, value)) = key_value(line) else {
                return Err(at(format!(
                    "expected `[[release]]` or `key = \"value\"`, found {line:?}"
                )));
            };
            let Some((_, fields)) = open.as_mut() else {
                return Err(at(format!("{key:?} before the first `[[release]]`")));
            };
            fields.set(key, value).map_err(at)?;
        }
        if let Some((start, fields)) = open {
            releases.push(fields.finish(start)?);
        }
        Ok(Record {
            text: text.to_owned(),
            releases,
        })
    }

    /// Every release, oldest first.
    pub(crate) fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// The last release of `crate_name`: the baseline of its next one.
    pub(crate) fn latest(&self, crate_name: &str) -> Option<&Release> {
        self.releases
            .iter()
            .rev()
            .find(|release| release.crate_name == crate_name)
    }

    /// The file's text with `new` appended, each as a `[[release]]` table.
    pub(crate) fn appended(&self, new: &[Release]) -> String {
        let mut text = self.text.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for release in new {
            // Writing to a String cannot fail.
            let _ = write!(
                text,
                "\n[[release]]\ncrate = \"{}\"\nversion = \"{}\"\ncommit = \"{}\"\n",
                release.crate_name, release.version, release.commit
            );
        }
        text
    }
}

/// The keys of one `[[release]]` table, as they are read.
#[derive(Debug, Default)]
struct Fields {
    crate_name: Option<String>,
    version: Option<Version>,
    commit: Option<String>,
}

impl Fields {
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let duplicate = || format!("{key:?} given twice in one release");
        match key {
            "crate" if self.crate_name.is_none() => self.crate_name = Some(value.to_owned()),
            "version" if self.version.is_none() => self.version = Some(value.parse()?),
            "commit" if self.commit.is_none() => {
                let full_hash = value.len() == 40
                    && value
                        .bytes()
                        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
                if !full_hash {
                    return Err(format!(
                        "commit {value:?} is not a full 40-digit lower-case hash"
                    ));
                }
                self.commit = Some(value.to_owned());
            }
            "crate" | "version" | "commit" => return Err(duplicate()),
            _ => {
                return Err(format!(
                    "unknown key {key:?} (a release has crate, version and commit)"
                ));
            }
        }
        Ok(())
    }

    fn finish(self, start: usize) -> Result<Release, String> {
        let missing = |key: &str| format!("{FILE}:{start}: this release has no {key}");
        Ok(Release {
            crate_name: self.crate_name.ok_or_else(|| missing("crate"))?,
            version: self.version.ok_or_else(|| missing("version"))?,
            commit: self.commit.ok_or_else(|| missing("commit"))?,
        })
    }
}

/// `key = "value"`, with a plain key and a string holding no quote or
/// backslash (names, versions and hashes never do).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    let plain_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (plain_key && !value.contains(['"', '\\'])).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH_A: &str = "0123456789abcdef0123456789abcdef01234567";
    const HASH_B: &str = "89abcdef0123456789abcdef0123456789abcdef";

    fn release(crate_name: &str, version: &str, commit: &str) -> Release {
        Release {
            crate_name: crate_name.to_owned(),
            version: version.parse().expect("a test version is valid"),
            commit: commit.to_owned(),
        }
    }

    fn parse_err(text: &str) -> String {
        Record::parse(text).expect_err("the text is invalid")
    }

    #[test]
    fn a_record_with_only_comments_has_no_releases() {
        let record = Record::parse("# header\n\n# more\n").expect("comments are valid");
        assert!(record.releases().is_empty());
        assert_eq!(record.latest("decnet-event"), None);
    }

    #[test]
    fn appended_releases_read_back_in_order() {
        let empty = Record::parse("# The releases.\n").expect("a comment is valid");
        let new = [
            release("decnet-event", "0.1.0", HASH_A),
            release("decnet-timing", "0.1.0", HASH_A),
            release("decnet-event", "0.2.0", HASH_B),
        ];
        let text = empty.appended(&new);
        assert!(text.starts_with("# The releases.\n\n[[release]]\n"));
        let record = Record::parse(&text).expect("appended text is valid");
        assert_eq!(record.releases(), new);
    }

    #[test]
    fn the_baseline_of_a_crate_is_its_last_release_in_the_file() {
        let text = Record::parse("").expect("empty is valid").appended(&[
            release("decnet-event", "0.1.0", HASH_A),
            release("decnet-event", "0.2.0", HASH_B),
        ]);
        let record = Record::parse(&text).expect("appended text is valid");
        let latest = record.latest("decnet-event").expect("it was released");
        assert_eq!(latest.commit, HASH_B);
    }

    #[test]
    fn a_release_missing_a_key_is_refused_with_its_line() {
        let text = format!("\n[[release]]\ncrate = \"decnet-event\"\ncommit = \"{HASH_A}\"\n");
        assert_eq!(
            parse_err(&text),
            "releases.toml:2: this release has no version"
        );
    }

    #[test]
    fn abbreviated_hashes_unknown_keys_and_stray_lines_are_refused() {
        let short = "[[release]]\ncommit = \"0123abc\"\n";
        assert!(parse_err(short).starts_with("releases.toml:2: commit \"0123abc\""));
        let unknown = "[[release]]\ndate = \"2026-01-01\"\n";
        assert!(parse_err(unknown).starts_with("releases.toml:2: unknown key \"date\""));
        let table = "[release]\n";
        assert!(parse_err(table).starts_with("releases.toml:1: expected"));
        let early = "crate = \"decnet-event\"\n";
        assert!(parse_err(early).contains("before the first `[[release]]`"));
    }

    #[test]
    fn a_key_given_twice_in_one_release_is_refused() {
        let text = "[[release]]\ncrate = \"a\"\ncrate = \"b\"\n";
        assert!(parse_err(text).starts_with("releases.toml:3: \"crate\" given twice"));
    }
}
