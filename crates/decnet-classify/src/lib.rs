//! The coarse behaviour class of a DECNET attacker: beaconing, interactive,
//! scanning, brute force, slow scan, mixed, or unknown.
//!
//! The class is decided from four numbers: how many events the attacker
//! produced, the mean and the coefficient of variation (`cv`) of the gaps
//! between them (both from the timing statistics), and how many distinct
//! services they touched. [`classify_behavior`] takes exactly those, so
//! this crate needs no timing code: any source of the statistics will do.
//!
//! # The design decision: the rules are a table
//!
//! The original is a chain of `if`s whose order matters (slow scan must be
//! tried before scanning, brute force before beaconing). Here the chain is
//! [`RULES`]: one row per class, tried top to bottom, the first row that
//! holds wins; the last row always holds. Reading the table is reading the
//! specification:
//!
//! | class | rule |
//! |---|---|
//! | unknown | n < 3 or mean is none |
//! | slow_scan | services ≥ 2 and mean ≥ 10 and n ≥ 4 |
//! | scanning | (services ≥ 3 and mean < 10) or (services ≥ 2 and mean < 2) |
//! | brute_force | services = 1 and n ≥ 8 and mean < 5 and cv < 0.6 |
//! | beaconing | cv < 0.35 and mean ≥ 5 and n ≥ 4 |
//! | interactive | cv ≥ 0.5 and mean < 5 and n ≥ 6 |
//! | mixed | otherwise |
//!
//! A missing `cv` fails every comparison with it, and so does a NaN, as in
//! Python.
//!
//! # Example
//!
//! ```
//! use decnet_classify::{BehaviorClass, ClassifyInput, classify_behavior};
//!
//! let input = ClassifyInput {
//!     event_count: 12,
//!     mean_iat_s: Some(60.2),
//!     cv: Some(0.21),
//!     services_count: 1,
//! };
//! assert_eq!(classify_behavior(&input), BehaviorClass::Beaconing);
//! assert_eq!(classify_behavior(&input).to_string(), "beaconing");
//! ```
//!
//! # Feature flags
//!
//! - `otel` (default): [`classify_behavior`] runs inside the OpenTelemetry
//!   span `profiler.classify_behavior` when tracing is on (see
//!   [`decnet_event::telemetry`]). Without it the span is compiled out.
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88, the `rust-version` of the manifest. The MSRV is raised only
//! in a release that bumps at least the minor version (0.1.x → 0.2.0 while
//! the major version is 0), only to a Rust release at least six months
//! old, and the CHANGELOG notes each raise. The workspace is built with the
//! current stable Rust; 1.88 compatibility is checked without a 1.88
//! toolchain, by Clippy's `incompatible_msrv` lint (warnings denied) for
//! the standard library and by using no language feature newer than 1.88.

mod class;
mod rules;

pub use class::{BehaviorClass, UnknownBehaviorClass};
pub use rules::{ClassifyInput, RULES, Rule, classify_behavior, services_count};

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
