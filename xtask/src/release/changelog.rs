//! Each crate's `CHANGELOG.md` (Keep a Changelog): changes gather under
//! `## [Unreleased]`, and a release moves them under the new version.

use std::time::{SystemTime, UNIX_EPOCH};

use super::version::Version;

/// The heading every changelog keeps at the top of its entries.
pub(crate) const UNRELEASED: &str = "## [Unreleased]";

/// Checks that `text` has exactly one `## [Unreleased]` heading.
pub(crate) fn check(text: &str) -> Result<(), String> {
    match text
        .lines()
        .filter(|line| line.trim_end() == UNRELEASED)
        .count()
    {
        1 => Ok(()),
        0 => Err(format!("has no `{UNRELEASED}` heading")),
        _ => Err(format!("has more than one `{UNRELEASED}` heading")),
    }
}

/// `text` with the entries under `## [Unreleased]` moved under a new
/// `## [VERSION] - DATE` heading, leaving `## [Unreleased]` empty above it.
///
/// Refuses when the Unreleased section says nothing: a release is made to
/// ship the changes written there.
pub(crate) fn release(text: &str, version: Version, date: &str) -> Result<String, String> {
    check(text)?;
    let lines: Vec<&str> = text.lines().collect();
    let heading = lines
        .iter()
        .position(|line| line.trim_end() == UNRELEASED)
        .ok_or_else(|| format!("has no `{UNRELEASED}` heading"))?;
    let end = lines[heading + 1..]
        .iter()
        .position(|line| line.starts_with("## "))
        .map_or(lines.len(), |offset| heading + 1 + offset);
    if lines[heading + 1..end]
        .iter()
        .all(|line| line.trim().is_empty())
    {
        return Err(format!(
            "says nothing under `{UNRELEASED}`: write what the release changes first"
        ));
    }

    let mut out = lines[..=heading].join("\n");
    out.push_str(&format!("\n\n## [{version}] - {date}\n\n"));
    let body = lines[heading + 1..].join("\n");
    out.push_str(body.trim_start_matches('\n'));
    out.push('\n');
    Ok(out)
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    // A clock before 1970 is a broken machine; day 0 is as good as any.
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let (year, month, day) = civil_date(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date `days` after 1970-01-01.
///
/// Counts in 400-year eras (146 097 days) starting on 0000-03-01, so that
/// the leap day is the last day of a year and needs no special case.
fn civil_date(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are in range by construction: month 1..=12, day 1..=31.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
# Changelog

Intro.

## [Unreleased]

### Added
- A thing.

## [0.1.0] - 2026-01-02

### Added
- First version.
";

    fn version(text: &str) -> Version {
        text.parse().expect("a test version is valid")
    }

    #[test]
    fn a_release_moves_the_unreleased_entries_under_the_new_version() {
        let released = release(LOG, version("0.2.0"), "2026-12-05").expect("it has entries");
        let expected = "\
# Changelog

Intro.

## [Unreleased]

## [0.2.0] - 2026-12-05

### Added
- A thing.

## [0.1.0] - 2026-01-02

### Added
- First version.
";
        assert_eq!(released, expected);
    }

    #[test]
    fn an_empty_unreleased_section_refuses_the_release() {
        let empty = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-01-02\n- x\n";
        let err = release(empty, version("0.2.0"), "2026-12-05").expect_err("nothing to ship");
        assert!(
            err.contains("says nothing under `## [Unreleased]`"),
            "{err}"
        );
    }

    #[test]
    fn a_changelog_needs_exactly_one_unreleased_heading() {
        assert!(check(LOG).is_ok());
        assert!(check("# Changelog\n\n## [0.1.0] - Unreleased\n").is_err());
        assert!(check("## [Unreleased]\n## [Unreleased]\n").is_err());
    }

    #[test]
    fn the_unreleased_section_may_be_the_last_one() {
        let first = "# Changelog\n\n## [Unreleased]\n\n### Added\n- First version.\n";
        let released = release(first, version("0.1.0"), "2026-12-05").expect("it has entries");
        assert_eq!(
            released,
            "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-12-05\n\n### Added\n- First version.\n"
        );
    }

    #[test]
    fn dates_count_days_from_1970_in_the_gregorian_calendar() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(59), (1970, 3, 1));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(20_454), (2026, 1, 1));
        assert_eq!(civil_date(-1), (1969, 12, 31));
    }

    #[test]
    fn today_is_written_year_month_day() {
        let date = today();
        let bytes = date.as_bytes();
        assert_eq!(bytes.len(), 10, "{date}");
        assert_eq!((bytes[4], bytes[7]), (b'-', b'-'), "{date}");
    }
}
