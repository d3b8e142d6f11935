//! `Timestamp::parse_iso` on any text: it never panics, and a timestamp it
//! accepts writes an isoformat that reads back to the same instant and
//! offset.
#![no_main]

use decnet_event::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(timestamp) = Timestamp::parse_iso(text) else {
        return;
    };
    let written = timestamp.isoformat();
    let again = Timestamp::parse_iso(&written);
    assert_eq!(again, Ok(timestamp), "{text:?} wrote {written:?}");
    let offset = again.map(|t| t.offset_micros());
    assert_eq!(
        offset,
        Ok(timestamp.offset_micros()),
        "{text:?} wrote {written:?}"
    );
});
