//! `build_behavior_record` over decoded events: it never panics; every
//! JSON-text column of its row is valid JSON; the beacon columns are set
//! exactly when the class is beaconing; each tool is guessed once, nmap
//! whenever the OS guess is nmap; and merging the accumulators of two
//! parts equals pushing every event.
#![no_main]

use decnet_behavior::{BehaviorAccumulator, BehaviorClass, Tool, build_behavior_record};
use decnet_event::Event;
use decnet_event::fuzzing::events_and_split;
use decnet_event::py::dumps;
use libfuzzer_sys::fuzz_target;

fn fold(events: &[Event]) -> BehaviorAccumulator {
    let mut acc = BehaviorAccumulator::new();
    events.iter().for_each(|event| acc.push(event));
    acc
}

fuzz_target!(|data: &[u8]| {
    let (events, split) = events_and_split(data);
    let record = build_behavior_record(&events);
    let row = record.to_row();
    // The whole row as JSON text tells every float apart, NaN included.
    let text = dumps(&row);

    for (_, column) in row.json_text_columns() {
        let parsed = serde_json::from_str::<serde_json::Value>(column);
        assert!(parsed.is_ok(), "{column} is not JSON: {parsed:?}");
    }

    let beaconing = record.behavior_class == BehaviorClass::Beaconing;
    assert_eq!(record.beacon_interval_s.is_some(), beaconing, "{text}");
    assert_eq!(record.beacon_jitter_pct.is_some(), beaconing, "{text}");

    let mut distinct = record.tool_guesses.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), record.tool_guesses.len(), "{text}");
    if record.os_guess.as_deref() == Some("nmap") {
        assert!(record.tool_guesses.contains(&Tool::Nmap), "{text}");
    }

    let (earlier, later) = events.split_at(split);
    assert_eq!(
        dumps(&fold(earlier).merge(fold(later)).finish().to_row()),
        text
    );
});
