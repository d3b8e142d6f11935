//! The behaviour classes and their names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an attacker's activity looks like.
///
/// Written (by [`Display`](fmt::Display), [`as_str`](BehaviorClass::as_str)
/// and serde) with the original profiler's names: `beaconing`,
/// `interactive`, `scanning`, `brute_force`, `slow_scan`, `mixed`,
/// `unknown`; [`FromStr`] and serde read the same names back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BehaviorClass {
    /// A regular cadence over several events: an implant calling home.
    Beaconing,
    /// Short, irregular bursts: a human, or a tool with think time.
    Interactive,
    /// A fast sweep over several services.
    Scanning,
    /// Hammering one service rapidly and steadily.
    BruteForce,
    /// Several services with long gaps: low-and-slow reconnaissance.
    SlowScan,
    /// Enough data, but no pattern above.
    Mixed,
    /// Too few events, or no gaps, to say.
    Unknown,
}

impl BehaviorClass {
    /// Every class, in the order the original lists them.
    pub const ALL: [BehaviorClass; 7] = [
        BehaviorClass::Beaconing,
        BehaviorClass::Interactive,
        BehaviorClass::Scanning,
        BehaviorClass::BruteForce,
        BehaviorClass::SlowScan,
        BehaviorClass::Mixed,
        BehaviorClass::Unknown,
    ];

    /// The original profiler's name of the class, such as `brute_force`.
    pub fn as_str(self) -> &'static str {
        match self {
            BehaviorClass::Beaconing => "beaconing",
            BehaviorClass::Interactive => "interactive",
            BehaviorClass::Scanning => "scanning",
            BehaviorClass::BruteForce => "brute_force",
            BehaviorClass::SlowScan => "slow_scan",
            BehaviorClass::Mixed => "mixed",
            BehaviorClass::Unknown => "unknown",
        }
    }
}

impl fmt::Display for BehaviorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not the name of a [`BehaviorClass`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown behaviour class {name:?}")]
pub struct UnknownBehaviorClass {
    /// The text that was read (up to 64 characters of it).
    pub name: String,
}

impl FromStr for BehaviorClass {
    type Err = UnknownBehaviorClass;

    /// Reads one of the names [`BehaviorClass::as_str`] writes, exactly.
    fn from_str(name: &str) -> Result<BehaviorClass, UnknownBehaviorClass> {
        BehaviorClass::ALL
            .into_iter()
            .find(|class| class.as_str() == name)
            .ok_or_else(|| UnknownBehaviorClass {
                name: name.chars().take(64).collect(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_original_profilers_snake_case_names() {
        let names: Vec<&str> = BehaviorClass::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "beaconing",
                "interactive",
                "scanning",
                "brute_force",
                "slow_scan",
                "mixed",
                "unknown"
            ]
        );
    }

    #[test]
    fn from_str_display_and_serde_agree_on_every_name() {
        for class in BehaviorClass::ALL {
            let name = class.to_string();
            assert_eq!(name.parse::<BehaviorClass>(), Ok(class));
            let json = serde_json::to_string(&class).expect("a unit variant serializes");
            assert_eq!(json, format!("\"{name}\""));
            let back: BehaviorClass = serde_json::from_str(&json).expect("its own name reads back");
            assert_eq!(back, class);
        }
    }

    #[test]
    fn from_str_rejects_other_spellings() {
        assert!("BruteForce".parse::<BehaviorClass>().is_err());
        assert!("brute-force".parse::<BehaviorClass>().is_err());
        assert!(" mixed".parse::<BehaviorClass>().is_err());
    }
}
