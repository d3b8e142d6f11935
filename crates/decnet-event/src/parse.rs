//! The RFC 5424 DECNET line parser.
//!
//! [`parse_line`] reads a line as the original profiler's `parse_line`
//! does. Each step below names the regular expression of the original it
//! reproduces; the scanning follows Python `re`'s matching exactly
//! (greedy runs, backtracking, leftmost search), worked out once per
//! pattern rather than run by a regex engine.

use std::fmt;

use crate::attacker_ip;
use crate::scan::{
    Class, Cursor, char_at, contains_byte, find_byte, find_either, find_value_stop, run_end,
};
use crate::{Event, EventKind, Fields, Timestamp, TimestampError, py};

/// Why a line is not a DECNET event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The line is empty or only white space.
    #[error("blank line")]
    Blank,
    /// The line is not `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID REST`.
    #[error("not an RFC 5424 DECNET line: {0}")]
    NotRfc5424(HeaderPart),
    /// The HOSTNAME (the decky) is the nil value `-`.
    #[error("HOSTNAME is the nil value \"-\"")]
    NilHostname,
    /// The APP-NAME (the service) is the nil value `-`.
    #[error("APP-NAME is the nil value \"-\"")]
    NilAppName,
    /// The TIMESTAMP is not one Python's `datetime.fromisoformat` reads.
    #[error("bad TIMESTAMP {text:?}: {source}")]
    Timestamp {
        /// The timestamp text, cut to its first 40 characters.
        text: String,
        /// What is wrong with it.
        source: TimestampError,
    },
}

/// The first part of the RFC 5424 header a line fails to match, in line
/// order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderPart {
    /// `<`, one or more decimal digits, `>` at the start.
    Priority,
    /// The version `1` and a space after the priority.
    Version,
    /// The TIMESTAMP: non-space characters, then a space.
    Timestamp,
    /// The HOSTNAME: non-space characters, then a space.
    Hostname,
    /// The APP-NAME: non-space characters, then a space.
    AppName,
    /// The PROCID: always the nil value `-`, then a space.
    ProcId,
    /// The MSGID: non-space characters, then a space.
    MsgId,
    /// What follows the MSGID: at least one character, no line feed.
    Rest,
}

impl fmt::Display for HeaderPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HeaderPart::Priority => "no <PRI> at the start",
            HeaderPart::Version => "version is not \"1 \"",
            HeaderPart::Timestamp => "no TIMESTAMP followed by a space",
            HeaderPart::Hostname => "no HOSTNAME followed by a space",
            HeaderPart::AppName => "no APP-NAME followed by a space",
            HeaderPart::ProcId => "PROCID is not \"- \"",
            HeaderPart::MsgId => "no MSGID followed by a space",
            HeaderPart::Rest => "nothing after MSGID, or a line feed in it",
        })
    }
}

/// The line as the original keeps it in `raw`: stripped of Python white
/// space at both ends (see [`py::strip`]).
pub fn strip_line(line: &str) -> &str {
    py::strip(line)
}

/// Parses one DECNET syslog line, as the original profiler's `parse_line`
/// does.
///
/// The line is [`strip_line`]d, split as
/// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID REST`, unwrapped when it is
/// a double-wrapped shell line, and its `[relay@55555 …]` parameters
/// become the fields; the attacker address comes from the fields or the
/// message, and `CMD …` shell lines become `command` events.
///
/// # Errors
///
/// [`ParseError`] says why the line is not a DECNET event; the original
/// returns `None` for all of these.
///
/// ```
/// use decnet_event::{EventKind, parse_line};
///
/// let line = r#"<134>1 2024-03-05T07:08:09Z decky-01 ssh - login_attempt [relay@55555 src_ip="10.0.0.7" user="root"] bad password"#;
/// let event = parse_line(line).unwrap();
/// assert_eq!(event.service, "ssh");
/// assert_eq!(event.attacker_ip.as_deref(), Some("10.0.0.7"));
/// assert_eq!(event.fields.get("user"), Some("root"));
/// assert_eq!(event.kind, EventKind::Attacker);
/// ```
pub fn parse_line(line: &str) -> Result<Event, ParseError> {
    let mut fields = Fields::new();
    let mut attacker_ip = None;
    let parsed = parse_parts(line, &mut fields, &mut attacker_ip)?;
    Ok(Event {
        timestamp: parsed.timestamp,
        decky: parsed.decky.to_owned(),
        service: parsed.service.to_owned(),
        kind: EventKind::of(parsed.service, parsed.event_type),
        event_type: parsed.event_type.to_owned(),
        attacker_ip,
        fields,
    })
}

/// Parses one DECNET syslog line into `event`, reusing its buffers: the
/// same rules and result as [`parse_line`], without allocating once the
/// buffers have grown to fit the lines read.
///
/// On success every field of `event` is overwritten. On error `event` is
/// left in an unspecified but valid state (its fields may be cleared).
///
/// # Errors
///
/// As [`parse_line`].
///
/// ```
/// use decnet_event::{parse_line, parse_line_into};
///
/// let lines = [
///     r#"<134>1 2024-03-05T07:08:09Z decky-01 ssh - login_attempt [relay@55555 src_ip="10.0.0.7"] x"#,
///     r#"<134>1 2024-03-05T07:08:10Z decky-02 http - request [relay@55555 remote_addr="10.0.0.8"] y"#,
/// ];
/// let mut event = parse_line(lines[0])?;
/// for line in lines {
///     parse_line_into(line, &mut event)?;
///     assert_eq!(event, parse_line(line)?);
/// }
/// # Ok::<(), decnet_event::ParseError>(())
/// ```
pub fn parse_line_into(line: &str, event: &mut Event) -> Result<(), ParseError> {
    let Event {
        timestamp,
        decky,
        service,
        event_type,
        attacker_ip,
        fields,
        kind,
    } = event;
    fields.clear();
    let parsed = parse_parts(line, fields, attacker_ip)?;
    *timestamp = parsed.timestamp;
    replace(decky, parsed.decky);
    replace(service, parsed.service);
    replace(event_type, parsed.event_type);
    *kind = EventKind::of(parsed.service, parsed.event_type);
    Ok(())
}

/// Sets `buffer` to `text`, keeping its allocation.
fn replace(buffer: &mut String, text: &str) {
    buffer.clear();
    buffer.push_str(text);
}

/// What [`parse_parts`] found besides the fields and the address.
struct Parsed<'a> {
    timestamp: Timestamp,
    decky: &'a str,
    service: &'a str,
    event_type: &'a str,
}

/// The one parser behind [`parse_line`] and [`parse_line_into`]: fills
/// `fields` (empty on entry) and `attacker_ip` (reusing its buffer), and
/// returns the rest as slices of `line`.
fn parse_parts<'a>(
    line: &'a str,
    fields: &mut Fields,
    attacker_ip: &mut Option<String>,
) -> Result<Parsed<'a>, ParseError> {
    let line = strip_line(line);
    if line.is_empty() {
        return Err(ParseError::Blank);
    }
    let header = Header::split(line).map_err(ParseError::NotRfc5424)?;
    let Header {
        timestamp,
        mut decky,
        mut service,
        mut event_type,
        mut rest,
    } = header;

    // A shell line wrapped by the container log collector: the outer MSGID
    // is nil and the real header follows the nil message marker. The outer
    // timestamp stays.
    if event_type == "-"
        && let Some(marked) = rest.strip_prefix('-')
        && let Some(inner) = InnerHeader::split(py::lstrip(marked))
    {
        // The inner rest ends the outer one; the line feed check below
        // reads only the inner rest.
        let inner_start = rest.len() - inner.rest.len();
        if contains_byte(&rest.as_bytes()[..inner_start], b'\n') {
            return Err(ParseError::NotRfc5424(HeaderPart::Rest));
        }
        (decky, service, event_type, rest) =
            (inner.decky, inner.service, inner.event_type, inner.rest);
    }
    // The header's `(.+)$` refuses a line feed in the rest: looked for
    // along with the block and its parameters, which read most of the rest
    // anyway. (On an error, the fields are left as they are.)
    let close =
        block_params(rest, fields).map_err(|LineFeed| ParseError::NotRfc5424(HeaderPart::Rest))?;

    if decky == "-" {
        return Err(ParseError::NilHostname);
    }
    if service == "-" {
        return Err(ParseError::NilAppName);
    }
    let timestamp = Timestamp::parse_iso(timestamp).map_err(|source| ParseError::Timestamp {
        text: truncate(timestamp),
        source,
    })?;

    // A block at the very start of `rest` ends at its first `]`.
    let first_close = close
        .filter(|close| close.marker == 0)
        .map(|close| close.at);
    let msg = message(rest, first_close);
    // The address is taken before shell fields are added, which must not
    // change it.
    match attacker_ip::attacker_ip(fields, msg) {
        Some(ip) => replace(attacker_ip.get_or_insert_with(String::new), ip),
        None => *attacker_ip = None,
    }
    let event_type = if is_shell_command(event_type, msg, fields) {
        add_shell_fields(msg, fields);
        "command"
    } else {
        event_type
    };
    Ok(Parsed {
        timestamp,
        decky,
        service,
        event_type,
    })
}

/// The parts of `^<\d+>1 (\S+) (\S+) (\S+) - (\S+) (.+)$`.
struct Header<'a> {
    timestamp: &'a str,
    decky: &'a str,
    service: &'a str,
    event_type: &'a str,
    rest: &'a str,
}

impl<'a> Header<'a> {
    /// Splits a stripped line.
    ///
    /// Each `(\S+) ` takes the whole run of non-space characters (no
    /// shorter run can be followed by a space), so no backtracking is
    /// needed. `(.+)$` takes the rest of the line, which must not be empty,
    /// nor hold a line feed (`.` does not match one, and a stripped line
    /// does not end with one): the caller checks the latter.
    fn split(line: &'a str) -> Result<Header<'a>, HeaderPart> {
        let mut at = Cursor::new(line);
        let priority = at.eat("<") && at.run(Class::Decimal).is_some() && at.eat(">");
        if !priority {
            return Err(HeaderPart::Priority);
        }
        if !at.eat("1 ") {
            return Err(HeaderPart::Version);
        }
        let timestamp = at.field().ok_or(HeaderPart::Timestamp)?;
        let decky = at.field().ok_or(HeaderPart::Hostname)?;
        let service = at.field().ok_or(HeaderPart::AppName)?;
        if !at.eat("- ") {
            return Err(HeaderPart::ProcId);
        }
        let event_type = at.field().ok_or(HeaderPart::MsgId)?;
        let rest = at.rest();
        if rest.is_empty() {
            return Err(HeaderPart::Rest);
        }
        Ok(Header {
            timestamp,
            decky,
            service,
            event_type,
            rest,
        })
    }
}

/// The parts of the inner header of a double-wrapped line:
/// `^(\d{4}-\d{2}-\d{2}T\S+)\s+(\S+)\s+(\S+)\s+\S+\s+(\S+)\s+(.+)$`.
struct InnerHeader<'a> {
    decky: &'a str,
    service: &'a str,
    event_type: &'a str,
    rest: &'a str,
}

impl<'a> InnerHeader<'a> {
    /// Splits the body after the nil message marker, left-stripped. It is
    /// part of a header's rest, so it ends with a non-space character: the
    /// `\s+` before `(.+)` never reaches the end. (A line feed in it fails
    /// the line, whatever this split gives.)
    fn split(body: &'a str) -> Option<InnerHeader<'a>> {
        // Most bodies are messages, whose first character is no digit.
        if body
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_digit())
        {
            return None;
        }
        let mut at = Cursor::new(body);
        let timestamp = at.run(Class::NonSpace)?;
        if !looks_like_iso_date_time(timestamp) {
            return None;
        }
        let mut field = || {
            at.run(Class::Space)?;
            at.run(Class::NonSpace)
        };
        let decky = field()?;
        let service = field()?;
        let _procid = field()?;
        let event_type = field()?;
        at.run(Class::Space)?;
        let rest = Some(at.rest()).filter(|rest| !rest.is_empty())?;
        Some(InnerHeader {
            decky,
            service,
            event_type,
            rest,
        })
    }
}

/// Whether a run of non-space characters is `\d{4}-\d{2}-\d{2}T\S+`.
fn looks_like_iso_date_time(token: &str) -> bool {
    let mut chars = token.chars();
    let date_and_t = "dddd-dd-ddT".chars().all(|shape| {
        let next = chars.next();
        match shape {
            'd' => next.is_some_and(py::is_decimal),
            literal => next == Some(literal),
        }
    });
    date_and_t && chars.next().is_some()
}

/// The first `[relay@55555 …]` block: its `]`, found while its parameters
/// are added to `fields` (empty on entry); or [`LineFeed`] when `rest`
/// holds one.
fn block_params(rest: &str, fields: &mut Fields) -> Result<Option<BlockClose>, LineFeed> {
    let Some(block) = sd_block(rest)? else {
        return Ok(None);
    };
    let end = match sd_params(&rest[block.content..], fields) {
        Stop::Close(len) => block.content + len,
        Stop::LineFeed => return Err(LineFeed),
        // Without a `]` after this marker, none follows a later one.
        Stop::End => {
            fields.clear();
            return Ok(None);
        }
    };
    // What follows the block is left to read.
    if contains_byte(&rest.as_bytes()[end + 1..], b'\n') {
        return Err(LineFeed);
    }
    Ok(Some(BlockClose {
        marker: block.marker,
        at: end,
    }))
}

/// The parameters of a `[relay@55555 …]` block: `findall` of
/// `(\w+)="((?:[^"\\]|\\.)*)"` over its content, each value unescaped; a
/// name set twice keeps its first place and its last value. They are added
/// to `fields`, which is empty on entry.
///
/// The content starts `text` and ends at its first `]`, found along the
/// way: where the scan stops says where. Without one there is no block,
/// and the fields added are to be dropped.
// Out of line, the parameter loop gets the registers to itself: inlined,
// the whole parse took 2.5 % more instructions.
#[inline(never)]
fn sd_params(text: &str, fields: &mut Fields) -> Stop {
    // The text is copied once; names and plain values are pointed at in
    // the copy, and only values with escapes are written apart.
    let (base, _) = fields.append_with(|copy| copy.push_str(text));

    let mut i = 0;
    loop {
        // A match starting inside a word would see the same name end and
        // the same text after it, so only the words' starts are tried.
        i = match name_start(text, i) {
            Ok(start) => start,
            Err(stop) => return stop,
        };
        let name_end = run_end(text, i, Class::Word);
        let value_start = name_end + 2;
        if text.as_bytes().get(name_end..value_start) != Some(b"=\"") {
            i = name_end;
            continue;
        }
        // Every offset here is a code point boundary of the text: the
        // starts and ends of character runs, and ASCII `="` and `"`.
        let (value, end) = match quoted_value(text, value_start, base, fields) {
            Ok(value) => value,
            Err(stop) => return stop,
        };
        fields.insert_at((base + i, base + name_end), value);
        i = end + 1;
    }
}

/// Where the scan of a block's content stops, short of a parameter.
enum Stop {
    /// At the block's `]`, at this offset: the content ends.
    Close(usize),
    /// At the end of the text, with no `]`: there is no block.
    End,
    /// At a line feed, which makes the line no DECNET line.
    LineFeed,
}

impl Stop {
    /// The stop at byte `at` of `bytes`, a `]` or a line feed.
    fn at(bytes: &[u8], at: usize) -> Stop {
        if bytes[at] == b']' {
            Stop::Close(at)
        } else {
            Stop::LineFeed
        }
    }
}

/// The next word start of a block's content from byte `from` on (see
/// [`sd_params`]).
#[inline]
fn name_start(text: &str, from: usize) -> Result<usize, Stop> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        let &b = bytes.get(i).ok_or(Stop::End)?;
        if Class::Word.contains_ascii(b) {
            return Ok(i);
        }
        match b {
            b']' | b'\n' => return Err(Stop::at(bytes, i)),
            _ if b.is_ascii() => i += 1,
            _ => match char_at(text, i) {
                Some(c) if Class::Word.contains(c) => return Ok(i),
                Some(c) => i += c.len_utf8(),
                None => return Err(Stop::End),
            },
        }
    }
}

/// Where the first `[relay@55555 …]` block of a line's rest starts.
struct SdBlock {
    /// The offset of its `[`.
    marker: usize,
    /// The offset of its content, after the spaces that follow the marker.
    content: usize,
}

/// Where the first `[relay@55555 …]` block of a line's rest ends.
#[derive(Debug, Clone, Copy)]
struct BlockClose {
    /// The offset of its `[`.
    marker: usize,
    /// The offset of its `]`.
    at: usize,
}

/// A line feed in a line's rest, which makes it no DECNET line.
struct LineFeed;

/// Where the first `\[relay@55555\s+(.*?)\]` of `rest` starts, if a marker
/// with spaces after it is in `rest` (then [`sd_params`] finds the `]`);
/// or [`LineFeed`] when one comes before it.
fn sd_block(rest: &str) -> Result<Option<SdBlock>, LineFeed> {
    const MARKER: &str = "[relay@55555";
    let bytes = rest.as_bytes();
    let mut from = 0;
    loop {
        // Looking for `[` alone is faster than for the whole marker; and
        // the block mostly starts the rest.
        let start = match bytes.get(from..) {
            Some([b'[', ..]) => from,
            Some(tail) => match find_either(tail, b'[', b'\n') {
                Some(at) => from + at,
                None => return Ok(None),
            },
            None => return Ok(None),
        };
        if bytes[start] == b'\n' {
            return Err(LineFeed);
        }
        from = start + 1;
        if !rest[start..].starts_with(MARKER) {
            continue;
        }
        let after = start + MARKER.len();
        let content = run_end(rest, after, Class::Space);
        if content > after {
            if contains_byte(&bytes[after..content], b'\n') {
                return Err(LineFeed);
            }
            return Ok(Some(SdBlock {
                marker: start,
                content,
            }));
        }
    }
}

/// The value that `((?:[^"\\]|\\.)*)"` matches from byte `start` of a
/// block's content `text`, whose copy starts at `base` in the fields'
/// text: the value's range in that text, and the offset of its closing
/// quote in `text`. A `]` or the end of `text` first leaves it without a
/// closing quote in the block, and no parameter can follow (see [`Stop`]).
///
/// The two alternatives start with different characters, so the greedy
/// loop never backtracks into a place where a quote could follow: the
/// match exists exactly when the loop stops at a quote. (A line feed, the
/// one character `.` refuses, makes the line no DECNET line.) A value
/// without a backslash is its text in the copy; one with a backslash is
/// unescaped while it is read, after the copy (where the text of one left
/// unterminated stays behind, unused).
fn quoted_value(
    text: &str,
    start: usize,
    base: usize,
    fields: &mut Fields,
) -> Result<((usize, usize), usize), Stop> {
    let bytes = text.as_bytes();
    let stop = find_value_stop(bytes, start).ok_or(Stop::End)?;
    match bytes[stop] {
        b'"' => Ok(((base + start, base + stop), stop)),
        b'\\' => {
            let mut end = Err(Stop::End);
            let value = fields.append_with(|copy| end = unescape_value(text, start, stop, copy));
            Ok((value, end?))
        }
        _ => Err(Stop::at(bytes, stop)),
    }
}

/// Reads the value from byte `start` of `text` (see [`quoted_value`]),
/// whose first backslash is at `backslash`, appending it to `out` with
/// the original's `.replace('\\"', '"').replace('\\\\', '\\')` undone;
/// returns the offset of its closing quote.
///
/// The two replacements run fused in one pass: the first turns each `\"`
/// into `"` (scanning left to right), and its output streams into the
/// second, which turns each `\\` pair, left to right, into `\`. Its third
/// replacement, of `\]`, never applies here: a value lies within its block,
/// which ends at the first `]`.
fn unescape_value(
    text: &str,
    start: usize,
    backslash: usize,
    out: &mut String,
) -> Result<usize, Stop> {
    // Each rule only drops backslashes: the output is the value less some
    // backslashes, copied a stretch at a time. Every offset here is at a
    // backslash or a quote, so on a code point boundary.
    let bytes = text.as_bytes();
    let mut copied = start;
    let mut at = backslash;
    loop {
        let run = bytes[at..].iter().take_while(|&&b| b == b'\\').count();
        let end = at + run;
        let next = *bytes.get(end).ok_or(Stop::End)?;
        if matches!(next, b']' | b'\n') {
            return Err(Stop::at(bytes, end));
        }
        // An odd run escapes the character after it (a quote is then part
        // of the value); after an even run, a quote closes the value.
        let odd = run % 2 == 1;
        let quote = next == b'"';
        // A run keeps its last (n - 1) / 2 backslashes, rounded up, when
        // the value goes on with a quote (the first replacement takes the
        // last backslash away with the quote's escape), and its last n / 2,
        // rounded up, otherwise.
        let kept = (run - usize::from(quote && odd)).div_ceil(2);
        out.push_str(&text[copied..at]);
        copied = end - kept;
        let mut close = end;
        if !quote || odd {
            // The value goes on past the run and the character an odd run
            // escapes (whose later bytes, if any, are no quote, backslash,
            // `]` or line feed).
            close = find_value_stop(bytes, end + usize::from(odd)).ok_or(Stop::End)?;
            match bytes[close] {
                b'\\' => {
                    at = close;
                    continue;
                }
                b'"' => {}
                _ => return Err(Stop::at(bytes, close)),
            }
        }
        out.push_str(&text[copied..close]);
        return Ok(close);
    }
}

/// The message: after a leading nil marker `-`, left-stripped; otherwise
/// `\]\s+(.+)$`'s group, stripped, or empty.
///
/// `first_close`, when known, is the offset of the first `]` of `rest`.
fn message(rest: &str, first_close: Option<usize>) -> &str {
    if let Some(after) = rest.strip_prefix('-') {
        return py::lstrip(after);
    }
    let mut from = 0;
    let mut close = first_close;
    while let Some(found) =
        close.or_else(|| Some(from + find_byte(rest.as_bytes().get(from..)?, b']')?))
    {
        close = None;
        let after = found + 1;
        let text = run_end(rest, after, Class::Space);
        if text > after {
            // If the spaces reach the end, the group is at most one space,
            // which strips to nothing, as this slice does.
            return py::strip(rest.get(text..).unwrap_or_default());
        }
        from = after;
    }
    ""
}

/// Whether the line is a shell `CMD …` line to read as a `command` event:
/// a nil or `command` MSGID, a message starting with `CMD `, and no
/// `command` field yet.
fn is_shell_command(event_type: &str, msg: &str, fields: &Fields) -> bool {
    matches!(event_type, "-" | "command") && msg.starts_with("CMD ") && !fields.contains("command")
}

/// Adds the `key=value` pairs before the first `cmd=` (`findall` of
/// `(\w+)=(\S+)`) and everything after it as `command`, keeping fields
/// already set.
fn add_shell_fields(msg: &str, fields: &mut Fields) {
    let text = &msg["CMD ".len()..];
    let (head, command) = match text.find("cmd=") {
        Some(at) => (&text[..at], Some(&text[at + "cmd=".len()..])),
        None => (text, None),
    };

    let mut i = 0;
    while let Some(c) = char_at(head, i) {
        if !Class::Word.contains(c) {
            i += c.len_utf8();
            continue;
        }
        // As for SD parameters, only a word's start can begin a match.
        let key_end = run_end(head, i, Class::Word);
        let value_start = key_end + 1;
        let value_end = if head[key_end..].starts_with('=') {
            run_end(head, value_start, Class::NonSpace)
        } else {
            value_start
        };
        if value_end > value_start {
            fields.insert_if_absent(&head[i..key_end], &head[value_start..value_end]);
            i = value_end;
        } else {
            i = key_end;
        }
    }

    if let Some(command) = command {
        fields.insert_if_absent("command", command);
    }
}

/// The first 40 characters of `text`, with `…` when there were more.
fn truncate(text: &str) -> String {
    const KEEP: usize = 40;
    match text.char_indices().nth(KEEP) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS: &str = "2024-03-05T07:08:09Z";

    fn line(rest: &str) -> String {
        format!("<134>1 {TS} decky-01 ssh - login_attempt {rest}")
    }

    fn parse(text: &str) -> Event {
        parse_line(text).expect("a DECNET line in the test")
    }

    fn fields_of(rest: &str) -> Vec<(String, String)> {
        let event = parse(&line(rest));
        event
            .fields
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn header_error(text: &str) -> Option<HeaderPart> {
        match parse_line(text) {
            Err(ParseError::NotRfc5424(part)) => Some(part),
            _ => None,
        }
    }

    #[test]
    fn a_blank_line_is_not_an_event() {
        assert_eq!(parse_line(" \u{3000}\u{1c}\n"), Err(ParseError::Blank));
    }

    #[test]
    fn surrounding_python_white_space_is_ignored() {
        let event = parse(&format!("\u{1c}\u{85} {} \u{2029}", line("-")));
        assert_eq!(event.decky, "decky-01");
        assert_eq!(event.event_type, "login_attempt");
    }

    #[test]
    fn the_header_needs_each_part_in_order() {
        let cases = [
            ("134>1 T h a - m x", HeaderPart::Priority),
            ("<>1 T h a - m x", HeaderPart::Priority),
            ("<13x>1 T h a - m x", HeaderPart::Priority),
            ("<13>2 T h a - m x", HeaderPart::Version),
            ("<13>1  h a - m x", HeaderPart::Timestamp),
            ("<13>1 T\th a - m x", HeaderPart::Timestamp),
            ("<13>1 T h", HeaderPart::Hostname),
            ("<13>1 T h a\u{a0}- m x", HeaderPart::AppName),
            ("<13>1 T h a 1 m x", HeaderPart::ProcId),
            ("<13>1 T h a -  m x", HeaderPart::MsgId),
            ("<13>1 T h a - m", HeaderPart::MsgId),
            ("<13>1 T h a - m a\nb", HeaderPart::Rest),
        ];
        for (text, part) in cases {
            assert_eq!(header_error(text), Some(part), "{text:?}");
        }
    }

    #[test]
    fn a_line_feed_anywhere_in_the_rest_fails_the_header() {
        let rests = [
            "[relay@55555 a=\"1\nb\"] m",
            "[relay@55555 a=\"1\\\n\"] m",
            "[relay@55555 a=\"1\" \n b=\"2\"] m",
            "[relay@55555\n a=\"1\"]",
            "[relay@55555 a=\"1\"] m\nn",
            "[relay@55555 a=\"1\" b=\"2",
            "[relay@55555 a=\"1\" b=\"\nx",
            "- 2024-01-01T00:00:00Z\td s p\ne [relay@55555 a=\"1\"] m",
            "- 2024-01-01T00:00:00Z d s p e [relay@55555 a=\"1\"] m\nn",
            "m [x\n] from 1.2.3.4",
        ];
        for rest in rests {
            let text = format!("<13>1 {TS} h a - - {rest}");
            let expected = (rest.contains('\n')).then_some(HeaderPart::Rest);
            assert_eq!(header_error(&text), expected, "{text:?}");
        }
        // Before a nil hostname and a bad timestamp.
        let text = "<13>1 2024-99-99T00:00:00Z - a - m [relay@55555 a=\"\n\"]";
        assert_eq!(header_error(text), Some(HeaderPart::Rest));
    }

    #[test]
    fn a_block_without_a_closing_bracket_has_no_fields() {
        assert_eq!(fields_of(r#"[relay@55555 a="1" b="2" c"#), pairs(&[]));
        assert_eq!(fields_of(r#"[relay@55555 a="1" b="2"#), pairs(&[]));
        assert_eq!(fields_of(r#"[relay@55555 a="1" b="2\"#), pairs(&[]));
        assert_eq!(
            fields_of(r#"[relay@55555 a="1" b="2\]" c="3"]"#),
            pairs(&[("a", "1")])
        );
    }

    #[test]
    fn the_priority_takes_any_unicode_decimal_digits() {
        let event = parse(&format!("<\u{663}>1 {TS} d s - m x"));
        assert_eq!(event.decky, "d");
    }

    #[test]
    fn a_nil_hostname_or_app_name_is_not_an_event() {
        let nil_host = format!("<13>1 {TS} - ssh - m x");
        assert_eq!(parse_line(&nil_host), Err(ParseError::NilHostname));
        let nil_app = format!("<13>1 {TS} h - - m x");
        assert_eq!(parse_line(&nil_app), Err(ParseError::NilAppName));
    }

    #[test]
    fn a_timestamp_python_rejects_is_not_an_event() {
        let text = "<13>1 2024-03-05T24:00 h a - m x";
        let Err(ParseError::Timestamp { text, source }) = parse_line(text) else {
            panic!("expected a timestamp error");
        };
        assert_eq!(text, "2024-03-05T24:00");
        assert_eq!(source, TimestampError::TimeOutOfRange);
    }

    #[test]
    fn a_long_bad_timestamp_is_cut_in_the_error() {
        let text = format!("<13>1 {} h a - m x", "9".repeat(100));
        let Err(ParseError::Timestamp { text, .. }) = parse_line(&text) else {
            panic!("expected a timestamp error");
        };
        assert_eq!(text, format!("{}…", "9".repeat(40)));
    }

    #[test]
    fn a_naive_timestamp_is_utc() {
        let event = parse("<13>1 2024-03-05T07:08:09 h a - m x");
        assert_eq!(event.timestamp.isoformat(), "2024-03-05T07:08:09+00:00");
    }

    #[test]
    fn only_the_first_relay_block_with_a_space_after_its_marker_counts() {
        let rest = r#"[relay@55555x a="0"] [relay@55555 b="1"] [relay@55555 c="2"]"#;
        assert_eq!(fields_of(rest), pairs(&[("b", "1")]));
    }

    #[test]
    fn a_block_ends_at_its_first_closing_bracket_even_inside_a_value() {
        assert_eq!(fields_of(r#"[relay@55555 a="x\]y" b="2"]"#), pairs(&[]));
        assert_eq!(
            fields_of(r#"[relay@55555 a="1" b="x]y"]"#),
            pairs(&[("a", "1")])
        );
    }

    #[test]
    fn escapes_are_undone_quote_first_then_backslash() {
        assert_eq!(
            fields_of(r#"[relay@55555 a="q\"b\\c" d="\\\""]"#),
            pairs(&[("a", "q\"b\\c"), ("d", "\\\"")])
        );
        assert_eq!(
            fields_of(r#"[relay@55555 a="\\\\"]"#),
            pairs(&[("a", "\\\\")])
        );
    }

    proptest::proptest! {
        #[test]
        fn unescaping_in_one_pass_equals_the_two_replacements_in_turn(
            value in r#"(a|é|\\\\|\\"|\\a|\\é){0,10}"#
        ) {
            let Some(backslash) = value.find('\\') else {
                return Ok(());
            };
            let in_turn = value.replace("\\\"", "\"").replace("\\\\", "\\");
            let mut fused = String::from("kept:");
            let block = format!("x=\"{value}\" y=\"z\"");
            let end = unescape_value(&block, 3, 3 + backslash, &mut fused);
            proptest::prop_assert_eq!(end.ok(), Some(3 + value.len()));
            proptest::prop_assert_eq!(fused, format!("kept:{in_turn}"));

            let unterminated = format!("x=\"{value}");
            let end = unescape_value(&unterminated, 3, 3 + backslash, &mut String::new());
            proptest::prop_assert!(matches!(end, Err(Stop::End)));
            let closed = format!("x=\"{value}] y=\"z\"");
            let end = unescape_value(&closed, 3, 3 + backslash, &mut String::new());
            proptest::prop_assert!(matches!(end, Err(Stop::Close(at)) if at == 3 + value.len()));
        }
    }

    #[test]
    fn a_name_set_twice_keeps_its_place_and_its_last_value() {
        assert_eq!(
            fields_of(r#"[relay@55555 a="1" b="2" a="3"]"#),
            pairs(&[("a", "3"), ("b", "2")])
        );
    }

    #[test]
    fn parameter_names_are_unicode_word_runs_found_anywhere() {
        assert_eq!(
            fields_of("[relay@55555 -x\u{b2}=\"1\";y=\"2\"]"),
            pairs(&[("x\u{b2}", "1"), ("y", "2")])
        );
    }

    #[test]
    fn an_unterminated_value_yields_no_parameter_but_scanning_goes_on_inside_it() {
        assert_eq!(
            fields_of(r#"[relay@55555 a="x b="y]"#),
            pairs(&[("a", "x b=")])
        );
        assert_eq!(fields_of(r#"[relay@55555 a="x\"]"#), pairs(&[]));
    }

    #[test]
    fn the_message_follows_the_first_bracket_that_spaces_follow() {
        let event = parse(&line("[relay@55555 a=\"1\"]x] \u{3000} hello there "));
        assert_eq!(event.fields.get("a"), Some("1"));
        assert_eq!(event.attacker_ip, None);
        let event = parse(&line("[x] from 1.2.3.4"));
        assert_eq!(event.attacker_ip.as_deref(), Some("1.2.3.4"));
    }

    #[test]
    fn a_nil_structured_data_marker_starts_the_message() {
        let event = parse(&line("-   sshd: Failed password from 10.9.8.7 port 22"));
        assert_eq!(event.attacker_ip.as_deref(), Some("10.9.8.7"));
    }

    #[test]
    fn a_double_wrapped_line_takes_the_inner_header_and_keeps_the_outer_timestamp() {
        let text = format!(
            "<13>1 {TS} docker-host collector - - - \u{3000}2024-01-01T00:00:00Z decky-07\tbash 123 command - CMD uid=0 cmd=ls -la"
        );
        let event = parse(&text);
        assert_eq!(event.timestamp.isoformat(), "2024-03-05T07:08:09+00:00");
        assert_eq!(event.decky, "decky-07");
        assert_eq!(event.service, "bash");
        assert_eq!(event.event_type, "command");
        assert_eq!(event.fields.get("command"), Some("ls -la"));

        // Without the inner nil marker the message is empty: no CMD fields.
        let event = parse(&text.replace("command - CMD", "command CMD"));
        assert_eq!(
            (event.event_type.as_str(), event.fields.len()),
            ("command", 0)
        );
    }

    #[test]
    fn a_body_that_is_not_an_inner_header_keeps_the_outer_one() {
        let text = format!("<13>1 {TS} host app - - - 2024-01-01 d a p m rest");
        let event = parse(&text);
        assert_eq!(
            (event.decky.as_str(), event.event_type.as_str()),
            ("host", "-")
        );
        let nil = format!("<13>1 {TS} - app - - - 2024-01-01Tx d a p m");
        assert_eq!(parse_line(&nil), Err(ParseError::NilHostname));
    }

    #[test]
    fn a_cmd_line_becomes_a_command_event_with_its_key_values() {
        let event = parse(&format!(
            "<13>1 {TS} d bash - - - CMD uid=0 user=root src=10.1.1.1 pwd=/ cmd=cat a=b"
        ));
        assert_eq!(event.event_type, "command");
        assert_eq!(event.attacker_ip.as_deref(), Some("10.1.1.1"));
        assert_eq!(
            event.fields.iter().collect::<Vec<_>>(),
            [
                ("uid", "0"),
                ("user", "root"),
                ("src", "10.1.1.1"),
                ("pwd", "/"),
                ("command", "cat a=b")
            ]
        );
    }

    #[test]
    fn a_cmd_line_keeps_fields_already_set_and_needs_no_cmd() {
        let event = parse(&format!(
            r#"<13>1 {TS} d bash - command [relay@55555 user="x"] CMD user=root a= b=c=d"#
        ));
        assert_eq!(
            event.fields.iter().collect::<Vec<_>>(),
            [("user", "x"), ("b", "c=d")]
        );
    }

    #[test]
    fn a_cmd_line_with_a_command_field_or_another_msgid_is_left_alone() {
        let with_field = parse(&format!(
            r#"<13>1 {TS} d bash - - [relay@55555 command="id"] CMD cmd=ls"#
        ));
        assert_eq!(with_field.event_type, "-");
        assert_eq!(with_field.fields.get("command"), Some("id"));
        let other = parse(&format!("<13>1 {TS} d bash - exec - CMD cmd=ls"));
        assert_eq!(other.event_type, "exec");
        assert!(other.fields.is_empty());
    }

    #[test]
    fn a_mutator_decky_mutated_line_is_a_mutation() {
        let event = parse(&format!("<13>1 {TS} d mutator - decky_mutated -"));
        assert_eq!(event.kind, EventKind::Mutation);
        let event = parse(&format!("<13>1 {TS} d mutator - other -"));
        assert_eq!(event.kind, EventKind::Attacker);
    }

    #[test]
    fn error_messages_say_what_was_wrong() {
        let err = parse_line("<13>1 T h a x m r").expect_err("bad PROCID");
        assert_eq!(
            err.to_string(),
            "not an RFC 5424 DECNET line: PROCID is not \"- \""
        );
    }
}
