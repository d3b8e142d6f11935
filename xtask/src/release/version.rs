//! Release versions (`MAJOR.MINOR.PATCH`) and the levels they are bumped by.

use std::fmt;
use std::str::FromStr;

/// A released version: three numbers, no pre-release or build part.
///
/// Pre-releases are refused rather than half supported: no crate of the
/// workspace has one, and bumping one needs rules this tool does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Version {
    major: u64,
    minor: u64,
    patch: u64,
}

impl Version {
    /// The version after a release at `level`: the named number goes up by
    /// one and the numbers after it go back to zero.
    ///
    /// Below 1.0.0 Cargo treats a minor bump as breaking, so a breaking
    /// change of a `0.x` crate needs `Minor`, not `Major` (which makes it
    /// `1.0.0`).
    pub(crate) fn bump(self, level: Level) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match level {
            Level::Major => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            Level::Minor => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            Level::Patch => Version {
                major,
                minor,
                patch: patch + 1,
            },
        }
    }
}

impl Version {
    /// Whether Cargo sees `self` as incompatible with `earlier`: a new
    /// major version, or below 1.0.0 a new minor version.
    pub(crate) fn breaks(self, earlier: Version) -> bool {
        if self.major == 0 && earlier.major == 0 {
            self.minor != earlier.minor
        } else {
            self.major != earlier.major
        }
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Version, String> {
        let invalid = || format!("{text:?} is not a MAJOR.MINOR.PATCH version");
        let mut numbers = text.split('.').map(|part| {
            // Semantic Versioning forbids leading zeros and signs.
            let canonical = !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'));
            if canonical {
                part.parse::<u64>().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        });
        let version = match (numbers.next(), numbers.next(), numbers.next()) {
            (Some(major), Some(minor), Some(patch)) => Version {
                major: major?,
                minor: minor?,
                patch: patch?,
            },
            _ => return Err(invalid()),
        };
        if numbers.next().is_some() {
            return Err(invalid());
        }
        Ok(version)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// How far a release moves a crate's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Fixes only: `x.y.z` → `x.y.(z+1)`.
    Patch,
    /// Additions (or, below 1.0.0, breaking changes): `x.y.z` → `x.(y+1).0`.
    Minor,
    /// Breaking changes from 1.0.0 on: `x.y.z` → `(x+1).0.0`.
    Major,
}

impl FromStr for Level {
    type Err = String;

    fn from_str(text: &str) -> Result<Level, String> {
        match text {
            "patch" => Ok(Level::Patch),
            "minor" => Ok(Level::Minor),
            "major" => Ok(Level::Major),
            _ => Err(format!(
                "{text:?} is not a release level (patch, minor or major)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().expect("a test version is valid")
    }

    #[test]
    fn a_version_reads_and_writes_as_three_numbers() {
        assert_eq!(v("0.1.0").to_string(), "0.1.0");
        assert_eq!(v("12.0.345").to_string(), "12.0.345");
    }

    #[test]
    fn pre_releases_leading_zeros_and_short_versions_are_refused() {
        for text in [
            "0.1.0-alpha",
            "0.1",
            "0.1.0.1",
            "01.1.0",
            "0.1.+1",
            "",
            "a.b.c",
        ] {
            assert!(text.parse::<Version>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_bump_raises_one_number_and_zeroes_those_after_it() {
        assert_eq!(v("0.1.3").bump(Level::Patch), v("0.1.4"));
        assert_eq!(v("0.1.3").bump(Level::Minor), v("0.2.0"));
        assert_eq!(v("0.1.3").bump(Level::Major), v("1.0.0"));
        assert_eq!(v("2.5.9").bump(Level::Minor), v("2.6.0"));
    }

    #[test]
    fn below_1_0_0_a_minor_bump_breaks_and_from_1_0_0_only_a_major_one() {
        assert!(v("0.2.0").breaks(v("0.1.3")));
        assert!(!v("0.1.4").breaks(v("0.1.3")));
        assert!(v("1.0.0").breaks(v("0.1.3")));
        assert!(!v("1.1.0").breaks(v("1.0.2")));
        assert!(v("2.0.0").breaks(v("1.9.0")));
    }

    #[test]
    fn versions_order_by_major_then_minor_then_patch() {
        assert!(v("0.2.0") > v("0.1.9"));
        assert!(v("1.0.0") > v("0.99.99"));
        assert!(v("0.1.10") > v("0.1.9"));
    }

    #[test]
    fn levels_are_spelled_as_on_the_command_line() {
        assert_eq!("patch".parse(), Ok(Level::Patch));
        assert_eq!("minor".parse(), Ok(Level::Minor));
        assert_eq!("major".parse(), Ok(Level::Major));
        assert!("Major".parse::<Level>().is_err());
    }
}
