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
    #[error("cannot write SQLite database {path}: {source}")]
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
