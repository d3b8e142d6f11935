//! Showing text read from logs (attacker-controlled) on one line of a
//! terminal or a file: every character that could break the line, move the
//! cursor, reorder or hide text is escaped.

/// Whether `c` is written escaped: control characters (`\n`, `\r`, ESC,
/// U+0085 NEL…), the backslash that starts an escape, the line and
/// paragraph separators U+2028 and U+2029, and the invisible format
/// characters that reorder or hide text (bidirectional overrides and
/// isolates, zero-width characters, the byte order mark, annotation
/// marks).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || c == '\\'
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// Appends `c` to `out`, escaped as Rust writes it (`\n`, `\\`, `\u{1b}`,
/// `\u{2028}`) when [`needs_escape`].
fn push_escaped(out: &mut String, c: char) {
    if !needs_escape(c) {
        out.push(c);
    } else if c.is_control() || c == '\\' {
        out.extend(c.escape_debug());
    } else {
        out.extend(c.escape_unicode());
    }
}

/// `text` on one line: see [`push_escaped`]; cut after `max_chars`
/// characters with `…`.
pub(crate) fn escape(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars) + 8);
    for (count, c) in text.chars().enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_backslashes_are_escaped_as_rust_writes_them() {
        assert_eq!(escape("a\tb\u{1b}[0m\\", 100), "a\\tb\\u{1b}[0m\\\\");
        assert_eq!(escape("a\r\nb\u{85}", 100), "a\\r\\nb\\u{85}");
    }

    #[test]
    fn line_separators_and_bidi_overrides_are_escaped() {
        assert_eq!(
            escape("a\u{2028}b\u{2029}c\u{202e}d\u{200b}e\u{feff}", 100),
            "a\\u{2028}b\\u{2029}c\\u{202e}d\\u{200b}e\\u{feff}"
        );
    }

    #[test]
    fn printable_text_of_any_script_is_kept() {
        assert_eq!(escape("é ü ß 日本 \"q\" 'q'", 100), "é ü ß 日本 \"q\" 'q'");
    }

    #[test]
    fn long_text_is_cut_after_max_chars() {
        assert_eq!(escape("abcdef", 3), "abc…");
        assert_eq!(escape("abc", 3), "abc");
    }
}
