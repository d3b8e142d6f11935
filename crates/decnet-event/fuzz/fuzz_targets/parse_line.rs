//! `parse_line` and `parse_line_into` on any text: they never panic, they
//! agree (also when the reused event held other fields), and what they
//! accept holds together: the stripped line parses to the same event, and
//! its timestamp reads back from its isoformat.
#![no_main]

use decnet_event::{Timestamp, parse_line, parse_line_into, strip_line};
use libfuzzer_sys::fuzz_target;

/// A valid line with fields, an address and a message, to parse into.
const REUSED: &str = concat!(
    r#"<13>1 2024-03-05T07:08:09+05:30 decky-09 ssh - login_attempt "#,
    r#"[relay@55555 src_ip="9.9.9.9" username="root" password="x"] failed"#,
);

fuzz_target!(|line: &str| {
    let parsed = parse_line(line);

    let Ok(mut reused) = parse_line(REUSED) else {
        panic!("the reused line parses");
    };
    let into = parse_line_into(line, &mut reused);
    match &parsed {
        Ok(event) => {
            assert_eq!(into, Ok(()));
            assert_eq!(&reused, event);
            assert_eq!(reused.timestamp.isoformat(), event.timestamp.isoformat());
        }
        Err(err) => assert_eq!(into.as_ref(), Err(err)),
    }

    let Ok(event) = parsed else {
        return;
    };
    assert_eq!(parse_line(strip_line(line)).as_ref(), Ok(&event));
    let text = event.timestamp.isoformat();
    assert_eq!(Timestamp::parse_iso(&text), Ok(event.timestamp), "{text}");
});
