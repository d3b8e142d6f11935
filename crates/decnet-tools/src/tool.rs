//! The tools an attacker can be attributed.

use std::fmt;

use serde::{Serialize, Serializer};

/// A tool the profiler can attribute to an attacker: four C2 frameworks
/// recognised by their beacon cadence, and fourteen scanners, clients and
/// kits recognised by an HTTP header.
///
/// The name ([`Tool::as_str`], `Display`, and `Serialize`, which writes the
/// name as a string) is the one the original profiler stores, such as
/// `cobalt_strike` or `python_requests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Tool {
    /// Cobalt Strike beacon.
    CobaltStrike,
    /// Sliver implant.
    Sliver,
    /// Havoc demon.
    Havoc,
    /// Mythic agent.
    Mythic,
    /// The Nmap Scripting Engine's HTTP client.
    Nmap,
    /// The GoPhish phishing kit.
    Gophish,
    /// The Nikto web scanner.
    Nikto,
    /// The sqlmap injection tool.
    Sqlmap,
    /// The Nuclei template scanner.
    Nuclei,
    /// The masscan port scanner.
    Masscan,
    /// The ZGrab banner grabber.
    Zgrab,
    /// The Metasploit framework.
    Metasploit,
    /// The curl command-line client.
    Curl,
    /// The Python `requests` library.
    PythonRequests,
    /// The gobuster brute-forcer.
    Gobuster,
    /// The OWASP DirBuster brute-forcer.
    Dirbuster,
    /// The THC Hydra login cracker.
    Hydra,
    /// The Wfuzz web fuzzer.
    Wfuzz,
}

impl Tool {
    /// The name the original profiler gives the tool.
    ///
    /// ```
    /// use decnet_tools::Tool;
    ///
    /// assert_eq!(Tool::CobaltStrike.as_str(), "cobalt_strike");
    /// assert_eq!(Tool::PythonRequests.to_string(), "python_requests");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::CobaltStrike => "cobalt_strike",
            Tool::Sliver => "sliver",
            Tool::Havoc => "havoc",
            Tool::Mythic => "mythic",
            Tool::Nmap => "nmap",
            Tool::Gophish => "gophish",
            Tool::Nikto => "nikto",
            Tool::Sqlmap => "sqlmap",
            Tool::Nuclei => "nuclei",
            Tool::Masscan => "masscan",
            Tool::Zgrab => "zgrab",
            Tool::Metasploit => "metasploit",
            Tool::Curl => "curl",
            Tool::PythonRequests => "python_requests",
            Tool::Gobuster => "gobuster",
            Tool::Dirbuster => "dirbuster",
            Tool::Hydra => "hydra",
            Tool::Wfuzz => "wfuzz",
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Tool {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
