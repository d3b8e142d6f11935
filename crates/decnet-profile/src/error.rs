//! The errors that end a run with exit status 1, each one line that names
//! what failed.

use std::io;

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum CliError {
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// An input could not be opened or read (a corrupt gzip stream too).
    #[error("cannot read {name}: {source}")]
    Read {
        /// The input's name.
        name: String,
        /// What went wrong.
        source: io::Error,
    },
    /// A temporary file for rejected lines could not be written.
    #[error("cannot spool rejected lines to a temporary file: {source}")]
    Spool {
        /// What went wrong.
        source: io::Error,
    },
    /// The rejects file could not be written.
    #[error("cannot write rejects file {path}: {source}")]
    Rejects {
        /// The file.
        path: String,
        /// What went wrong.
        source: io::Error,
    },
    /// The SQLite database could not be written.
    #[error("cannot write SQLite database {path}: {}", sqlite_reason(source))]
    Sqlite {
        /// The database file.
        path: String,
        /// What went wrong.
        source: rusqlite::Error,
    },
    /// Standard output could not be written.
    #[error("cannot write standard output: {0}")]
    Stdout(io::Error),
}

/// SQLite's reason for `err` on one line, without the SQL statement it
/// failed in; a schema mismatch says that the table is not this tool's.
fn sqlite_reason(err: &rusqlite::Error) -> String {
    let reason = match err {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let mut reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.contains("no such column") || reason.contains("has no column") {
        reason.push_str(" (its attacker_behavior table has another schema)");
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_error_is_one_line_without_the_statement() {
        let connection = rusqlite::Connection::open_in_memory().expect("in memory");
        connection
            .execute_batch("CREATE TABLE t (a INTEGER);")
            .expect("create");
        let err = connection
            .execute_batch("CREATE INDEX i\n    ON t (b);")
            .expect_err("no column b");
        let text = CliError::Sqlite {
            path: "x.db".to_owned(),
            source: err,
        }
        .to_string();
        assert!(!text.contains('\n'), "{text}");
        assert!(!text.contains("CREATE INDEX"), "{text}");
        assert!(
            text.starts_with("cannot write SQLite database x.db: "),
            "{text}"
        );
        assert!(text.contains("another schema"), "{text}");
    }
}
