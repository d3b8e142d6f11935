//! Inputs: files or standard input, plain or gzip, read line by line into
//! one reused buffer.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

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

    /// What file the input is, to tell two names of one file apart from
    /// two files; `None` when it cannot be told (it is then checked by
    /// name only).
    pub(crate) fn identity(&self) -> Option<FileIdentity> {
        match self {
            Input::Stdin => FileIdentity::of_stdin(),
            Input::File(path) => FileIdentity::of_path(path),
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
        let bytes: Box<dyn Read + Send> = if is_gzip {
            let buffered = BufReader::with_capacity(BUFFER_BYTES, source);
            Box::new(MultiGzDecoder::new(buffered))
        } else {
            source
        };
        Ok(LineReader::new(bytes))
    }

    /// The size of the input when it is a regular file that is not gzip:
    /// one whose lines can be read in parts ([`Input::open_part`]).
    pub(crate) fn plain_file_len(&self) -> io::Result<Option<u64>> {
        let Input::File(path) = self else {
            return Ok(None);
        };
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Ok(None);
        }
        let (is_gzip, _) = peek_gzip_magic(Box::new(file))?;
        Ok((!is_gzip).then_some(meta.len()))
    }

    /// Opens the part of a plain file ([`Input::plain_file_len`]) made of
    /// the lines that start at byte offsets `start..end`: a line belongs to
    /// the part where its first byte is, and is read to its end even past
    /// `end`. Bytes read are added to `progress`, when given.
    pub(crate) fn open_part(
        &self,
        start: u64,
        end: u64,
        progress: Option<ProgressBar>,
    ) -> io::Result<LineReader> {
        let Input::File(path) = self else {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "only a file is read in parts",
            ));
        };
        let mut file = File::open(path)?;
        // The line that holds byte `start - 1` belongs to an earlier part:
        // skip to its end (a line starting at `start` follows a line end
        // there).
        let skip_from = start.saturating_sub(1);
        file.seek(SeekFrom::Start(skip_from))?;
        let source: Box<dyn Read + Send> = match progress {
            Some(bar) => Box::new(Counted {
                inner: Box::new(file),
                bar,
            }),
            None => Box::new(file),
        };
        let mut reader = LineReader::new(source);
        reader.position = skip_from;
        reader.end = end;
        if start > 0 {
            reader.skip_line()?;
        }
        Ok(reader)
    }
}

/// Which file a path names, whatever the name: the device and inode on
/// Unix, the canonical path elsewhere, or for an output file not made yet
/// the canonical path of the folder it is to be made in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileIdentity {
    /// An existing file's device and inode.
    #[cfg(unix)]
    Inode {
        /// The device.
        dev: u64,
        /// The inode.
        ino: u64,
    },
    /// A canonical path.
    Path(PathBuf),
}

impl FileIdentity {
    /// The file `path` names; for a path that does not exist yet, where it
    /// would be made. `None` when neither can be told.
    pub(crate) fn of_path(path: &Path) -> Option<FileIdentity> {
        if let Ok(meta) = std::fs::metadata(path) {
            return FileIdentity::of_metadata(path, &meta);
        }
        // Not made yet: the same folder and name is the same file to be.
        let name = path.file_name()?;
        let parent = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let parent = std::fs::canonicalize(parent).ok()?;
        Some(FileIdentity::Path(parent.join(name)))
    }

    /// The file standard input reads.
    fn of_stdin() -> Option<FileIdentity> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
            let meta = File::from(fd).metadata().ok()?;
            FileIdentity::of_metadata(Path::new("/dev/stdin"), &meta)
        }
        #[cfg(not(unix))]
        {
            // Note: elsewhere standard input has no name to compare.
            None
        }
    }

    #[cfg(unix)]
    fn of_metadata(_path: &Path, meta: &std::fs::Metadata) -> Option<FileIdentity> {
        use std::os::unix::fs::MetadataExt;
        Some(FileIdentity::Inode {
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }

    #[cfg(not(unix))]
    fn of_metadata(path: &Path, _meta: &std::fs::Metadata) -> Option<FileIdentity> {
        std::fs::canonicalize(path).ok().map(FileIdentity::Path)
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

/// One line read, without its `\n`, `\r\n` or `\r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// A line of UTF-8 text.
    Text(&'a str),
    /// A line that is not UTF-8, and how many of its first bytes are.
    NotUtf8 {
        /// The line's bytes.
        bytes: &'a [u8],
        /// The length of its longest UTF-8 prefix.
        valid_up_to: usize,
    },
    /// A line longer than [`MAX_LINE_BYTES`], skipped.
    TooLong,
}

/// Reads an input's lines one at a time from one reused buffer: a line is
/// handed out as a slice of it, never copied.
pub(crate) struct LineReader {
    inner: Box<dyn Read + Send>,
    /// Bytes read from `inner`; `buf[start..filled]` are not handed out yet.
    buf: Vec<u8>,
    start: usize,
    filled: usize,
    /// Whether `inner` has ended.
    ended: bool,
    /// The offset in the input of `buf[start]`.
    position: u64,
    /// No line starting at or after this offset is read.
    end: u64,
}

impl std::fmt::Debug for LineReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineReader")
            .field("position", &self.position)
            .field("end", &self.end)
            .finish_non_exhaustive()
    }
}

impl LineReader {
    /// A reader of every line of `inner`.
    pub(crate) fn new(inner: Box<dyn Read + Send>) -> LineReader {
        LineReader {
            inner,
            buf: vec![0; BUFFER_BYTES],
            start: 0,
            filled: 0,
            ended: false,
            position: 0,
            end: u64::MAX,
        }
    }

    /// Reads the next line. `None` at the end of the input or part. A
    /// last line without a terminator is a line too.
    ///
    /// A line ends, as in Python's universal newlines, at `\n`, at `\r\n`
    /// (one line end) or at a `\r` not followed by `\n`.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        if self.position >= self.end {
            return Ok(None);
        }
        let (len, terminator) = loop {
            let pending = &self.buf[self.start..self.filled];
            let end = line_end(pending, self.ended);
            let len = match end {
                LineEnd::At { len, .. } | LineEnd::Unsure { len } => len,
                LineEnd::Missing => pending.len(),
            };
            if len > MAX_LINE_BYTES {
                self.skip_line()?;
                return Ok(Some(Line::TooLong));
            }
            match end {
                LineEnd::At { len, terminator } => break (len, terminator),
                LineEnd::Missing if self.ended => {
                    if len == 0 {
                        return Ok(None);
                    }
                    break (len, 0);
                }
                LineEnd::Missing | LineEnd::Unsure { .. } => self.fill()?,
            }
        };
        let line_start = self.start;
        // The terminator, when there is one, is consumed with the line.
        self.start += len + terminator;
        self.position += (len + terminator) as u64;
        let line = &self.buf[line_start..line_start + len];
        // The fast check says only whether the line is valid; where it is
        // not is asked of the standard library, for the rare bad line.
        if let Ok(text) = simdutf8::basic::from_utf8(line) {
            return Ok(Some(Line::Text(text)));
        }
        Ok(Some(match std::str::from_utf8(line) {
            Ok(text) => Line::Text(text),
            Err(err) => Line::NotUtf8 {
                bytes: line,
                valid_up_to: err.valid_up_to(),
            },
        }))
    }

    /// Consumes the rest of the current line and its terminator, keeping
    /// no more of it in the buffer than a read holds.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let pending = &self.buf[self.start..self.filled];
            let consumed = match line_end(pending, self.ended) {
                LineEnd::At { len, terminator } => {
                    self.start += len + terminator;
                    self.position += (len + terminator) as u64;
                    return Ok(());
                }
                // Keep the `\r` until the byte after it is read.
                LineEnd::Unsure { len } => len,
                LineEnd::Missing => pending.len(),
            };
            self.start += consumed;
            self.position += consumed as u64;
            if self.ended {
                return Ok(());
            }
            self.fill()?;
        }
    }

    /// Reads more of the input after the bytes not handed out yet, which
    /// move to the front of the buffer; the buffer grows when they fill
    /// it. Sets `ended` at the end of the input.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.filled, 0);
        self.filled -= self.start;
        self.start = 0;
        if self.filled == self.buf.len() {
            let grown = (self.buf.len() * 2).min(MAX_LINE_BYTES + BUFFER_BYTES);
            self.buf.resize(grown.max(self.buf.len() + 1), 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.filled..]) {
                Ok(0) => {
                    self.ended = true;
                    return Ok(());
                }
                Ok(read) => {
                    self.filled += read;
                    return Ok(());
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }
}

/// Where the first line of some bytes ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    /// After `len` bytes, with a terminator of `terminator` bytes.
    At { len: usize, terminator: usize },
    /// After `len` bytes at a `\r` that ends the bytes: whether a `\n`
    /// follows it is not known until more is read.
    Unsure { len: usize },
    /// Not in these bytes.
    Missing,
}

/// Where the first line of `bytes` ends (see [`LineReader::next_line`]);
/// `ended` when no byte follows them.
fn line_end(bytes: &[u8], ended: bool) -> LineEnd {
    let Some(len) = memchr::memchr2(b'\n', b'\r', bytes) else {
        return LineEnd::Missing;
    };
    let terminator = match (bytes[len], bytes.get(len + 1)) {
        (b'\r', Some(b'\n')) => 2,
        (b'\r', None) if !ended => return LineEnd::Unsure { len },
        _ => 1,
    };
    LineEnd::At { len, terminator }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Every line, `None` for a line too long.
    fn lines(reader: &mut LineReader) -> Vec<Option<String>> {
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().expect("in-memory read") {
            out.push(match line {
                Line::Text(text) => Some(text.to_owned()),
                Line::NotUtf8 { bytes, .. } => Some(String::from_utf8_lossy(bytes).into_owned()),
                Line::TooLong => None,
            });
        }
        out
    }

    fn reader(bytes: &[u8]) -> LineReader {
        LineReader::new(Box::new(io::Cursor::new(bytes.to_vec())))
    }

    /// A source that hands out at most `step` bytes a read.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn lines_split_across_reads_come_out_whole() {
        let text = b"alpha\r\nbeta\n\xffgamma\ndelta";
        for step in 1..6 {
            let source = Trickle {
                bytes: text.to_vec(),
                at: 0,
                step,
            };
            let got = lines(&mut LineReader::new(Box::new(source)));
            let expected = ["alpha", "beta", "\u{fffd}gamma", "delta"].map(|l| Some(l.to_owned()));
            assert_eq!(got, expected, "step {step}");
        }
    }

    #[test]
    fn a_line_that_is_not_utf8_says_how_much_of_it_is() {
        let mut reader = reader(b"ok\xe2\x82\n");
        assert_eq!(
            reader.next_line().expect("in-memory read"),
            Some(Line::NotUtf8 {
                bytes: b"ok\xe2\x82",
                valid_up_to: 2
            })
        );
    }

    #[test]
    fn lines_lose_their_terminators_and_the_last_needs_none() {
        let mut reader = reader(b"a\nb\r\n\nc");
        let got = lines(&mut reader);
        assert_eq!(
            got,
            [
                Some("a".into()),
                Some("b".into()),
                Some("".into()),
                Some("c".into())
            ]
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_in_python_universal_newlines() {
        let text = b"a\rb\r\nc\n\rd\r\r\ne\r";
        // What Python's `open(..., newline=None)` reads from it.
        let expected = ["a", "b", "c", "", "d", "", "e"].map(|l| Some(l.to_owned()));
        for step in 1..8 {
            let source = Trickle {
                bytes: text.to_vec(),
                at: 0,
                step,
            };
            let got = lines(&mut LineReader::new(Box::new(source)));
            assert_eq!(got, expected, "step {step}");
        }
    }

    #[test]
    fn an_overlong_line_ended_by_a_lone_cr_is_skipped_to_that_cr() {
        let mut bytes = vec![b'x'; MAX_LINE_BYTES + 10];
        bytes.extend_from_slice(b"\rnext\r");
        let got = lines(&mut reader(&bytes));
        assert_eq!(got, [None, Some("next".into())]);
    }

    #[test]
    fn an_overlong_line_is_skipped_and_reading_goes_on() {
        let mut bytes = vec![b'x'; MAX_LINE_BYTES + 10];
        bytes.extend_from_slice(b"\nnext\n");
        let got = lines(&mut reader(&bytes));
        assert_eq!(got, [None, Some("next".into())]);
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_kept() {
        let mut bytes = vec![b'x'; MAX_LINE_BYTES];
        bytes.push(b'\n');
        let got = lines(&mut reader(&bytes));
        assert!(matches!(&got[..], [Some(line)] if line.len() == MAX_LINE_BYTES));
    }

    #[test]
    fn the_parts_of_a_file_hold_each_line_once_wherever_they_are_cut() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.txt");
        let text = "a\nbb\n\nccc\r\nd\re\r\r\nf\n\rg";
        std::fs::write(&path, text).expect("write");
        let input = Input::File(path);
        assert_eq!(
            input.plain_file_len().expect("a file"),
            Some(text.len() as u64)
        );
        let whole = lines(&mut input.open(None).expect("open"));
        let len = text.len() as u64;
        for first_cut in 0..=len {
            for second_cut in first_cut..=len {
                let mut got = Vec::new();
                for (start, end) in [
                    (0, first_cut),
                    (first_cut, second_cut),
                    (second_cut, u64::MAX),
                ] {
                    got.extend(lines(&mut input.open_part(start, end, None).expect("open")));
                }
                assert_eq!(got, whole, "cut at {first_cut} and {second_cut}");
            }
        }
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
        let input = Input::File(path);
        assert_eq!(input.plain_file_len().expect("a file"), None);
        let mut reader = input.open(None).expect("open");
        assert_eq!(
            lines(&mut reader),
            [Some("first".into()), Some("second".into())]
        );
    }
}
