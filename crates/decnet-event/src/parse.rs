//! The RFC 5424 DECNET line parser.

use crate::Event;

/// Why a line is not a DECNET event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Placeholder until the parser lands.
    #[error("not a DECNET line")]
    NotDecnet,
}

/// The line as the original keeps it in `raw`: stripped of Python white
/// space at both ends.
pub fn strip_line(line: &str) -> &str {
    crate::py::strip(line)
}

/// Parses one DECNET syslog line.
pub fn parse_line(_line: &str) -> Result<Event, ParseError> {
    Err(ParseError::NotDecnet)
}
