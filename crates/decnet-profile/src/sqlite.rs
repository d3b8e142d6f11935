//! The `attacker_behavior` table in SQLite, as the original's migration
//! creates it, keyed by `attacker_ip` instead of `attacker_uuid`.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use decnet_event::Timestamp;
use rusqlite::{Connection, params};

use crate::profile::AttackerRecord;

/// The table and its index. Names and types are the original's; the key
/// column is `attacker_ip`, as this tool has no attacker UUIDs.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS attacker_behavior (
    attacker_ip TEXT NOT NULL PRIMARY KEY,
    os_guess TEXT NULL,
    hop_distance INTEGER NULL,
    tcp_fingerprint TEXT NOT NULL,
    kex_order_raw TEXT NULL,
    ssh_client_banners TEXT NULL,
    retransmit_count INTEGER NOT NULL,
    behavior_class TEXT NULL,
    beacon_interval_s REAL NULL,
    beacon_jitter_pct REAL NULL,
    tool_guesses TEXT NULL,
    timing_stats TEXT NOT NULL,
    phase_sequence TEXT NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_attacker_behavior_updated_at
    ON attacker_behavior (updated_at);
";

const UPSERT: &str = "
INSERT INTO attacker_behavior (
    attacker_ip, os_guess, hop_distance, tcp_fingerprint, kex_order_raw,
    ssh_client_banners, retransmit_count, behavior_class, beacon_interval_s,
    beacon_jitter_pct, tool_guesses, timing_stats, phase_sequence, updated_at
) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (attacker_ip) DO UPDATE SET
    os_guess = excluded.os_guess,
    hop_distance = excluded.hop_distance,
    tcp_fingerprint = excluded.tcp_fingerprint,
    kex_order_raw = excluded.kex_order_raw,
    ssh_client_banners = excluded.ssh_client_banners,
    retransmit_count = excluded.retransmit_count,
    behavior_class = excluded.behavior_class,
    beacon_interval_s = excluded.beacon_interval_s,
    beacon_jitter_pct = excluded.beacon_jitter_pct,
    tool_guesses = excluded.tool_guesses,
    timing_stats = excluded.timing_stats,
    phase_sequence = excluded.phase_sequence,
    updated_at = excluded.updated_at
";

/// Creates the table when missing and upserts every record, all in one
/// transaction: either every row is written or none.
pub(crate) fn upsert(path: &Path, records: &[AttackerRecord]) -> rusqlite::Result<()> {
    let mut connection = Connection::open(path)?;
    let transaction = connection.transaction()?;
    transaction.execute_batch(SCHEMA)?;
    let updated_at = now_utc();
    {
        let mut statement = transaction.prepare(UPSERT)?;
        for record in records {
            let row = &record.row;
            statement.execute(params![
                record.attacker_ip,
                row.os_guess,
                row.hop_distance,
                row.tcp_fingerprint,
                row.kex_order_raw,
                row.ssh_client_banners,
                row.retransmit_count,
                row.behavior_class,
                row.beacon_interval_s,
                row.beacon_jitter_pct,
                row.tool_guesses,
                row.timing_stats,
                row.phase_sequence,
                updated_at,
            ])?;
        }
    }
    transaction.commit()
}

/// The current UTC time as SQLAlchemy stores a `DateTime` in SQLite (the
/// original's storage): `YYYY-MM-DD HH:MM:SS.ffffff`.
fn now_utc() -> String {
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_micros());
    sqlalchemy_datetime(i64::try_from(micros).unwrap_or(i64::MAX))
}

/// `micros` from the Unix epoch, written as SQLAlchemy writes a naive UTC
/// `datetime` to SQLite: Python's `isoformat` with a space for the `T`,
/// always six fraction digits, and no offset.
fn sqlalchemy_datetime(micros: i64) -> String {
    let Some(timestamp) = Timestamp::from_unix_micros(micros, 0) else {
        // Note: unreachable, as a zero offset is always in range.
        return String::new();
    };
    let iso = timestamp.isoformat();
    let iso = iso.strip_suffix("+00:00").unwrap_or(&iso);
    let mut text = iso.replacen('T', " ", 1);
    if !text.contains('.') {
        text.push_str(".000000");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_at_is_written_as_sqlalchemy_writes_datetimes() {
        assert_eq!(sqlalchemy_datetime(0), "1970-01-01 00:00:00.000000");
        // 2024-02-29T23:59:59.000001Z, a leap day.
        assert_eq!(
            sqlalchemy_datetime(1_709_251_199_000_001),
            "2024-02-29 23:59:59.000001"
        );
        // 2000-03-01T00:00:00Z, after a 400-year leap day.
        assert_eq!(
            sqlalchemy_datetime(951_868_800_000_000),
            "2000-03-01 00:00:00.000000"
        );
    }
}
