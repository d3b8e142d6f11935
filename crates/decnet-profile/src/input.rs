//! Inputs: files or standard input, plain or gzip, read line by line into
//! one reused buffer.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use flate2::bufread::MultiGzDecoder;
use indicatif::ProgressBar;

/// The longest line kept, in bytes; a longer one is rejected whole.
pub(crate) const MAX_LINE_BYTES: usize = 4 << 20;

/// Buffer size of the readers: large reads keep system calls rare.
const BUFFER_BYTES: usize = 256 << 10;

/// The first bytes of every gzip member.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// Standard input (`-`, or no file given).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The input a command-line argument names.
    pub(crate) fn from_arg(arg: &OsStr) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// The inputs of the command line: standard input when none is given.
    pub(crate) fn from_args(args: &[OsString]) -> Vec<Input> {
        if args.is_empty() {
            return vec![Input::Stdin];
        }
        args.iter().map(|arg| Input::from_arg(arg)).collect()
    }

    /// The input's name in messages, the summary and the rejects file.
    pub(crate) fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }

    /// The input's size in bytes, when it is a file whose size is known.
    pub(crate) fn size(&self) -> Option<u64> {
        match self {
            Input::Stdin => None,
            Input::File(path) => std::fs::metadata(path).ok().map(|meta| meta.len()),
        }
    }

    /// Checks that the input can be opened, so a wrong name fails before
    /// any work.
    pub(crate) fn check(&self) -> io::Result<()> {
        match self {
            Input::Stdin => Ok(()),
            Input::File(path) => File::open(path).map(drop),
        }
    }

    /// Opens the input for reading lines, decompressing it when it starts
    /// like gzip. Bytes read are added to `progress`, when given.
    pub(crate) fn open(&self, progress: Option<ProgressBar>) -> io::Result<LineReader> {
        let source: Box<dyn Read + Send> = match self {
            Input::Stdin => Box::new(io::stdin()),
            Input::File(path) => Box::new(File::open(path)?),
        };
        let source: Box<dyn Read + Send> = match progress {
            Some(bar) => Box::new(Counted { inner: source, bar }),
            None => source,
        };
        let (is_gzip, source) = peek_gzip_magic(source)?;
        let buffered = BufReader::with_capacity(BUFFER_BYTES, source);
        let lines: Box<dyn BufRead + Send> = if is_gzip {
            let decoder = MultiGzDecoder::new(buffered);
            Box::new(BufReader::with_capacity(BUFFER_BYTES, decoder))
        } else {
            Box::new(buffered)
        };
        Ok(LineReader { inner: lines })
    }
}

/// Whether the input starts with gzip's magic number, and the input with
/// those first bytes put back in front.
fn peek_gzip_magic(mut source: Box<dyn Read + Send>) -> io::Result<(bool, Box<dyn Read + Send>)> {
    // A pipe may deliver one byte at a time: read until two are in hand or
    // the input ends.
    let mut magic = [0; GZIP_MAGIC.len()];
    let mut filled = 0;
    let mut ended = false;
    while filled < magic.len() {
        match source.read(&mut magic[filled..]) {
            Ok(0) => {
                ended = true;
                break;
            }
            Ok(read) => filled += read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        }
    }
    let is_gzip = magic[..filled] == GZIP_MAGIC;
    let peeked = io::Cursor::new(magic[..filled].to_vec());
    // A terminal's end of input is not sticky: once seen, never read the
    // source again, or the next read would wait for more typing.
    let rest: Box<dyn Read + Send> = if ended {
        Box::new(peeked)
    } else {
        Box::new(peeked.chain(source))
    };
    Ok((is_gzip, rest))
}

/// A reader that reports the bytes it reads to a progress bar.
struct Counted {
    inner: Box<dyn Read + Send>,
    bar: ProgressBar,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.bar.inc(read as u64);
        Ok(read)
    }
}

/// How a line was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// The line is in the buffer, without its terminator.
    Line,
    /// The line was longer than [`MAX_LINE_BYTES`] and was skipped.
    TooLong,
}

/// Reads an input's lines one at a time into a caller's buffer.
pub(crate) struct LineReader {
    inner: Box<dyn BufRead + Send>,
}

impl std::fmt::Debug for LineReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineReader").finish_non_exhaustive()
    }
}

impl LineReader {
    /// Reads the next line into `line` (cleared first), without its `\n`
    /// or `\r\n`. `None` at the end of the input. A last line without a
    /// terminator is a line too.
    pub(crate) fn next_line(&mut self, line: &mut Vec<u8>) -> io::Result<Option<LineRead>> {
        line.clear();
        let limit = MAX_LINE_BYTES as u64 + 1;
        let read = (&mut self.inner).take(limit).read_until(b'\n', line)?;
        if read == 0 {
            return Ok(None);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(LineRead::Line));
        }
        if read as u64 == limit {
            line.clear();
            self.inner.skip_until(b'\n')?;
            return Ok(Some(LineRead::TooLong));
        }
        Ok(Some(LineRead::Line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn lines(reader: &mut LineReader) -> Vec<Result<String, LineRead>> {
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        while let Some(read) = reader.next_line(&mut buffer).expect("in-memory read") {
            out.push(match read {
                LineRead::Line => Ok(String::from_utf8_lossy(&buffer).into_owned()),
                LineRead::TooLong => Err(read),
            });
        }
        out
    }

    fn reader(bytes: &[u8]) -> LineReader {
        LineReader {
            inner: Box::new(io::Cursor::new(bytes.to_vec())),
        }
    }

    #[test]
    fn lines_lose_their_terminators_and_the_last_needs_none() {
        let mut reader = reader(b"a\nb\r\n\nc");
        let got = lines(&mut reader);
        assert_eq!(
            got,
            [
                Ok("a".into()),
                Ok("b".into()),
                Ok("".into()),
                Ok("c".into())
            ]
        );
    }

    #[test]
    fn an_overlong_line_is_skipped_and_reading_goes_on() {
        let mut bytes = vec![b'x'; MAX_LINE_BYTES + 10];
        bytes.extend_from_slice(b"\nnext\n");
        let got = lines(&mut reader(&bytes));
        assert_eq!(got, [Err(LineRead::TooLong), Ok("next".into())]);
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_kept() {
        let mut bytes = vec![b'x'; MAX_LINE_BYTES];
        bytes.push(b'\n');
        let got = lines(&mut reader(&bytes));
        assert!(matches!(&got[..], [Ok(line)] if line.len() == MAX_LINE_BYTES));
    }

    #[test]
    fn gzip_is_told_by_content_and_every_member_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.txt");
        let mut file = File::create(&path).expect("create");
        for member in ["first\n", "second\n"] {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(member.as_bytes()).expect("compress");
            file.write_all(&encoder.finish().expect("compress"))
                .expect("write");
        }
        drop(file);
        let mut reader = Input::File(path).open(None).expect("open");
        assert_eq!(
            lines(&mut reader),
            [Ok("first".into()), Ok("second".into())]
        );
    }
}
