//! The rejects file: every rejected line with its input, line number and
//! reason, as `INPUT:LINE: REASON: TEXT`.
//!
//! Inputs are read in parallel, so each input writes its rejects to an
//! anonymous temporary file first; they are appended to the rejects file in
//! input order at the end. Memory stays flat however many lines are bad.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

use crate::mapping::Reject;

/// Characters of a rejected line written out before it is cut.
const TEXT_CHARS: usize = 240;

/// The rejects of one input, spooled to a temporary file.
#[derive(Debug)]
pub(crate) struct RejectSpool {
    input: String,
    file: Option<BufWriter<File>>,
}

impl RejectSpool {
    /// A spool for the input named `input`; the file is made on the first
    /// reject.
    pub(crate) fn new(input: String) -> RejectSpool {
        RejectSpool { input, file: None }
    }

    /// Writes one rejected line.
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
        let mut entry = format!("{}:{line_number}: {}", self.input, reject.reason);
        if let Some(detail) = &reject.detail {
            let _ = write!(entry, " ({})", escape(detail, usize::MAX));
        }
        entry.push_str(": ");
        entry.push_str(&escape(&String::from_utf8_lossy(line), TEXT_CHARS));
        entry.push('\n');
        file.write_all(entry.as_bytes())
    }

    /// Appends everything written so far to `out`.
    pub(crate) fn copy_to(self, out: &mut impl Write) -> io::Result<()> {
        let Some(file) = self.file else {
            return Ok(());
        };
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        io::copy(&mut file, out)?;
        Ok(())
    }
}

/// `text` with control characters and backslashes escaped as Rust writes
/// them (`\n`, `\u{1b}`, `\\`), cut after `max_chars` characters with `…`.
/// Invalid UTF-8 shows as U+FFFD.
fn escape(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars) + 8);
    for (count, c) in text.chars().enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        if c.is_control() || c == '\\' {
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
    fn control_characters_are_escaped_and_long_text_is_cut() {
        assert_eq!(escape("a\tb\u{1b}[0m\\", 100), "a\\tb\\u{1b}[0m\\\\");
        assert_eq!(escape("abcdef", 3), "abc…");
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
