//! The rejects file: every rejected line with its input, line number and
//! reason, as `INPUT:LINE: REASON: TEXT`.
//!
//! Inputs, and parts of a large file, are read in parallel, so each writes
//! its rejects to an anonymous temporary file first; they are appended to
//! the rejects file in input order at the end. Memory stays flat however
//! many lines are bad. A part does not know how many lines precede it
//! until the parts before it are read, so its spool holds line numbers
//! within the part, and the part's first line number is added when the
//! spool is copied out.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

use crate::escape::escape;
use crate::mapping::Reject;

/// Characters of a rejected line written out before it is cut.
const TEXT_CHARS: usize = 240;

/// The rejects of one input, or of one part of it, spooled to a temporary
/// file.
#[derive(Debug)]
pub(crate) struct RejectSpool {
    input: String,
    file: Option<BufWriter<File>>,
    /// How many lines of the input precede those numbered here.
    line_offset: u64,
}

impl RejectSpool {
    /// A spool for the input named `input`; the file is made on the first
    /// reject.
    pub(crate) fn new(input: String) -> RejectSpool {
        RejectSpool {
            input,
            file: None,
            line_offset: 0,
        }
    }

    /// Numbers the lines of this spool after the first `lines` of the
    /// input: line 1 of a part becomes line `lines + 1` of its input.
    pub(crate) fn set_line_offset(&mut self, lines: u64) {
        self.line_offset = lines;
    }

    /// Writes one rejected line; `line_number` counts from 1 within the
    /// input or part read.
    pub(crate) fn write(
        &mut self,
        line_number: u64,
        reject: &Reject,
        line: &[u8],
    ) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(BufWriter::new(tempfile::tempfile()?)),
        };
        // `line_number reason…` here; `input:line: reason…` when copied out.
        let mut entry = format!("{line_number} {}", reject.reason);
        if let Some(detail) = &reject.detail {
            let _ = write!(entry, " ({})", escape(detail, usize::MAX));
        }
        entry.push_str(": ");
        entry.push_str(&escape(&String::from_utf8_lossy(line), TEXT_CHARS));
        entry.push('\n');
        file.write_all(entry.as_bytes())
    }

    /// Appends everything written so far to `out`, as
    /// `INPUT:LINE: REASON: TEXT` lines.
    pub(crate) fn copy_to(self, out: &mut impl Write) -> io::Result<()> {
        let Some(file) = self.file else {
            return Ok(());
        };
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        // Every entry is one line: its text has its line-breaking characters
        // escaped. Each starts with the line number and a space.
        let mut entries = BufReader::new(file);
        let mut entry = Vec::new();
        while entries.read_until(b'\n', &mut entry)? > 0 {
            let split = entry.iter().position(|&b| b == b' ').unwrap_or(entry.len());
            let number = std::str::from_utf8(&entry[..split])
                .ok()
                .and_then(|text| text.parse::<u64>().ok())
                .ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidData, "corrupt reject spool")
                })?;
            write!(out, "{}:{}:", self.input, self.line_offset + number)?;
            out.write_all(&entry[split..])?;
            entry.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reject_line_names_input_line_reason_and_text() {
        let mut spool = RejectSpool::new("a.log".to_owned());
        let reject = Reject::with_detail("invalid JSON", "EOF while parsing");
        spool.write(7, &reject, b"{\"eventid\"").expect("write");
        spool
            .write(9, &Reject::new("empty line"), b"")
            .expect("write");
        let mut out = Vec::new();
        spool.copy_to(&mut out).expect("copy");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "a.log:7: invalid JSON (EOF while parsing): {\"eventid\"\na.log:9: empty line: \n"
        );
    }

    #[test]
    fn a_part_numbers_its_lines_after_those_before_it() {
        let mut spool = RejectSpool::new("big.log".to_owned());
        spool
            .write(3, &Reject::new("empty line"), b"")
            .expect("write");
        spool.set_line_offset(1000);
        let mut out = Vec::new();
        spool.copy_to(&mut out).expect("copy");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "big.log:1003: empty line: \n"
        );
    }

    #[test]
    fn a_reject_is_one_line_whatever_breaks_lines_in_its_text() {
        let mut spool = RejectSpool::new("a.log".to_owned());
        spool
            .write(
                1,
                &Reject::new("invalid JSON"),
                "x\u{2028}y\u{2029}z\u{85}\r".as_bytes(),
            )
            .expect("write");
        let mut out = Vec::new();
        spool.copy_to(&mut out).expect("copy");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(
            text,
            "a.log:1: invalid JSON: x\\u{2028}y\\u{2029}z\\u{85}\\r\n"
        );
    }

    #[test]
    fn a_spool_without_rejects_copies_nothing() {
        let mut out = Vec::new();
        RejectSpool::new("x".to_owned())
            .copy_to(&mut out)
            .expect("copy");
        assert!(out.is_empty());
    }
}
