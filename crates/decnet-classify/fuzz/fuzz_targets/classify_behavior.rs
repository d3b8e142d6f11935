//! `classify_behavior` on any numbers, NaN and infinities included.
//!
//! The input is text, `EVENT_COUNT MEAN CV SERVICES` separated by white
//! space, each number as Rust reads it (`nan`, `inf`, `1e400` included);
//! `-`, a missing word or an unreadable one is none (or 0 for the counts).
//! The seeds `cargo xtask fuzz` writes use this form.
//!
//! Checked: it never panics; the class is `unknown` exactly when there are
//! fewer than 3 events or no mean; a NaN cv classifies like no cv (both
//! fail every comparison); the class name reads back as the class.
#![no_main]

use decnet_classify::{BehaviorClass, ClassifyInput, classify_behavior};
use libfuzzer_sys::fuzz_target;

fn number(word: Option<&str>) -> Option<f64> {
    word.and_then(|word| word.parse().ok())
}

fuzz_target!(|text: &str| {
    let mut words = text.split_whitespace();
    let input = ClassifyInput {
        event_count: words.next().and_then(|w| w.parse().ok()).unwrap_or(0),
        mean_iat_s: number(words.next()),
        cv: number(words.next()),
        services_count: words.next().and_then(|w| w.parse().ok()).unwrap_or(0),
    };
    let class = classify_behavior(&input);

    let unknown = input.event_count < 3 || input.mean_iat_s.is_none();
    assert_eq!(class == BehaviorClass::Unknown, unknown, "{input:?}");

    let nan_cv = ClassifyInput {
        cv: Some(f64::NAN),
        ..input
    };
    let no_cv = ClassifyInput { cv: None, ..input };
    assert_eq!(
        classify_behavior(&nan_cv),
        classify_behavior(&no_cv),
        "{input:?}"
    );

    assert_eq!(class.as_str().parse::<BehaviorClass>(), Ok(class));
});
