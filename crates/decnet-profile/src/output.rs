//! Standard output: JSON Lines for programs, an aligned table for people.

use std::borrow::Borrow;
use std::io::{self, Write};
use std::num::NonZeroUsize;

use decnet_behavior::BehaviorRow;
use decnet_event::Timestamp;
use serde::Serialize;

#[cfg(test)]
use crate::profile::ProfileTable;
use crate::profile::{AttackerRecord, Profiles};

/// One attacker's JSON object: who and when first, then the record's
/// columns in storage form, then the raw lines when kept.
#[derive(Serialize)]
struct JsonRecord<'a> {
    attacker_ip: &'a str,
    first_seen: String,
    last_seen: String,
    event_count: u64,
    #[serde(flatten)]
    row: &'a BehaviorRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<&'a [String]>,
}

/// The bytes reserved for each JSON record rendered into a buffer: twice a
/// typical record's. More than that makes the buffer grow.
const RESERVED_JSON_BYTES: usize = 2 << 10;

/// Finishes every attacker's record and writes it to `out` as one JSON
/// object per line (see [`write_json`]). `attackers` is set to the number
/// of attackers, whether or not they could all be written (a reader that
/// stops early still hears how many there were). On several threads, this one
/// writes the first range of records as it would alone, while each other
/// renders its range into a buffer of its own, written after in order:
/// rendering costs no stage of its own. Each record is rendered as soon as
/// it is finished, and dropped.
pub(crate) fn finish_to_json(
    profiles: Profiles,
    keep_raw: bool,
    jobs: NonZeroUsize,
    out: &mut impl Write,
    attackers: &mut usize,
) -> io::Result<()> {
    let (first, rest) = profiles.finish_ranges(
        jobs,
        |records| (records.len(), render_json(records, keep_raw, &mut *out)),
        |records| {
            let count = records.len();
            // Reserved generously: pages never written cost nothing, while
            // growing would copy the buffer and leave the old ones behind.
            let mut buffer = Vec::with_capacity(count * RESERVED_JSON_BYTES);
            render_json(records, keep_raw, &mut buffer).map(|()| (buffer, count))
        },
    );
    let (count, written) = first;
    *attackers = count + rest.iter().flatten().map(|(_, count)| count).sum::<usize>();
    written?;
    for range in rest {
        out.write_all(&range?.0)?;
    }
    out.flush()
}

/// Writes one JSON object per attacker, one per line; with `keep_raw`, each
/// object ends with its `events` lines.
pub(crate) fn write_json(
    records: &[AttackerRecord],
    keep_raw: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    render_json(records, keep_raw, out)?;
    out.flush()
}

/// Writes the JSON lines of `records` to `out`.
fn render_json(
    records: impl IntoIterator<Item = impl Borrow<AttackerRecord>>,
    keep_raw: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    for record in records {
        let record = record.borrow();
        let json = JsonRecord {
            attacker_ip: &record.attacker_ip,
            first_seen: record.first_seen.isoformat(),
            last_seen: record.last_seen.isoformat(),
            event_count: record.event_count,
            row: &record.row,
            events: keep_raw.then_some(record.raw_lines.as_slice()),
        };
        serde_json::to_writer(&mut *out, &json)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The table's columns.
const HEADER: [&str; 10] = [
    "ATTACKER",
    "EVENTS",
    "FIRST SEEN",
    "LAST SEEN",
    "CLASS",
    "BEACON",
    "TOOLS",
    "OS",
    "HOPS",
    "SSH CLIENT",
];

/// The widest a cell is shown; longer text is cut with `…`.
const CELL_CHARS: usize = 48;

/// Writes an aligned table, one attacker per row.
pub(crate) fn write_table(records: &[AttackerRecord], out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<[String; 10]> = records.iter().map(table_row).collect();
    let mut widths = HEADER.map(|title| title.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = HEADER.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (column, (cell, width)) in row.iter().zip(widths).enumerate() {
            if column + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    out.flush()
}

/// One attacker's cells.
fn table_row(record: &AttackerRecord) -> [String; 10] {
    let row = &record.row;
    let beacon = match (row.beacon_interval_s, row.beacon_jitter_pct) {
        (Some(interval), Some(jitter)) => format!("{interval}s ±{jitter}%"),
        (Some(interval), None) => format!("{interval}s"),
        _ => "-".to_owned(),
    };
    let tools = json_list(Some(&row.tool_guesses)).join(",");
    let banners = json_list(row.ssh_client_banners.as_deref());
    let ssh_client = match banners.as_slice() {
        [] => "-".to_owned(),
        [only] => only.clone(),
        [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
    };
    [
        record.attacker_ip.clone(),
        record.event_count.to_string(),
        short_time(&record.first_seen),
        short_time(&record.last_seen),
        row.behavior_class.clone(),
        beacon,
        or_dash(tools),
        or_dash(row.os_guess.clone().unwrap_or_default()),
        row.hop_distance
            .map_or_else(|| "-".to_owned(), |hops| hops.to_string()),
        ssh_client,
    ]
    .map(|cell| cell_text(&cell))
}

/// The strings of a JSON list column; empty when null or not a list.
fn json_list(text: Option<&str>) -> Vec<String> {
    text.and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "-".to_owned()
    } else {
        text
    }
}

/// A timestamp to the second, `YYYY-MM-DD HH:MM:SS`, followed by its UTC
/// offset unless that is zero.
fn short_time(timestamp: &Timestamp) -> String {
    let iso = timestamp.isoformat();
    let (Some(date_time), Some(rest)) = (iso.get(..19), iso.get(19..)) else {
        return iso;
    };
    let offset = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    let offset = if timestamp.offset_micros() == 0 {
        ""
    } else {
        offset
    };
    format!("{}{offset}", date_time.replacen('T', " ", 1))
}

/// Cell text safe for a terminal: control characters escaped, cut at
/// [`CELL_CHARS`] characters.
fn cell_text(text: &str) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == CELL_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_rendered_on_several_threads_is_written_in_record_order() {
        let render = |jobs: usize| {
            let mut profiles = ProfileTable::default();
            for i in 0..300 {
                let ip = format!("10.0.{}.{}", i / 256, i % 256);
                let line = format!(
                    r#"<134>1 2024-03-05T07:08:09Z d ssh - connection [relay@55555 src_ip="{ip}"]"#
                );
                let event = decnet_event::parse_line(&line).expect("a DECNET line");
                profiles.push(&ip, &event, Some(line.as_str()));
            }
            let mut out = Vec::new();
            let jobs = NonZeroUsize::new(jobs).expect("not zero");
            let mut attackers = 0;
            finish_to_json(
                profiles.into_profiles(),
                true,
                jobs,
                &mut out,
                &mut attackers,
            )
            .expect("in memory");
            assert_eq!(attackers, 300);
            String::from_utf8(out).expect("UTF-8")
        };
        let one = render(1);
        assert_eq!(one, render(3));
        assert_eq!(one.lines().count(), 300);
        assert!(
            one.lines()
                .last()
                .is_some_and(|line| line.contains("10.0.1.43"))
        );
        assert!(one.lines().all(|line| line.contains(r#""events":["#)));
    }

    #[test]
    fn json_lists_read_as_strings_and_anything_else_as_empty() {
        assert_eq!(json_list(Some(r#"["zgrab", "curl"]"#)), ["zgrab", "curl"]);
        assert!(json_list(None).is_empty());
        assert!(json_list(Some("{}")).is_empty());
    }

    #[test]
    fn cells_escape_control_characters_and_are_cut() {
        assert_eq!(cell_text("SSH-2.0-\u{1b}[31m"), "SSH-2.0-\\u{1b}[31m");
        assert_eq!(cell_text(&"x".repeat(60)).chars().count(), CELL_CHARS + 1);
    }

    #[test]
    fn short_times_drop_fractions_and_a_zero_offset() {
        let utc = Timestamp::parse_iso("2022-06-01T14:33:54.902527+00:00").expect("valid");
        assert_eq!(short_time(&utc), "2022-06-01 14:33:54");
        let east = Timestamp::parse_iso("2022-06-01T14:33:54+02:00").expect("valid");
        assert_eq!(short_time(&east), "2022-06-01 14:33:54+02:00");
    }
}
