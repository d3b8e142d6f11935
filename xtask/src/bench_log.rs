//! `cargo xtask gen-bench-log --lines N --attackers M [--out FILE]`: writes
//! a large, deterministic DECNET RFC 5424 log for the benchmarks.
//!
//! The log is shaped like a busy DECNET fleet: each attacker follows one
//! behaviour (SSH, Telnet or sshd password guessing, an HTTP beacon, a web
//! scanner, a SYN scanner, an exploit script, a web fuzzer, an intruder at
//! a shell) in episodes separated by pauses, and the episodes of all
//! attackers are interleaved in time order, as a collector writes them. An
//! episode is one of `gen-sample`'s scenarios (see `sample.rs`), so the
//! lines have the same shapes as `examples/decnet-sample.log`: connections,
//! login attempts, shell commands, HTTP requests whose headers carry tool
//! User-Agents, TCP SYN fingerprints, SSH client banners, and now and then a
//! decky mutation. A line is about 170 bytes on average.
//!
//! Attackers come from 198.18.0.0/15 (reserved for benchmarking, RFC 2544)
//! and one in twenty from 2001:db8::/32. The same arguments always give the
//! same bytes: one seeded generator drives everything and ties in time are
//! broken by attacker number.
//!
//! The reference input of `BENCHMARKS.md` is `--lines 1000000 --attackers
//! 10000`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use crate::sample::{
    Log, Rng, SEVERITY_INFO, WEB_DECKY, at, beacon, exploit_prober, fields, intruder,
    ssh_brute_force, sshd_brute_force, syn_scanner, syslog, telnet_brute_force, web_scanner,
};
use crate::util::root;

const USAGE: &str = "usage: cargo xtask gen-bench-log --lines N --attackers M [--out FILE]
  --out FILE   where to write (`-` for standard output)
               [default: target/decnet-bench.log]";

/// The generator's seed: changing it changes every byte of the log.
const SEED: u64 = 0xbe_4c_4d_a7_c0_de;

/// A decky mutation is written once every this many lines.
const MUTATION_EVERY: u64 = 20_000;

/// Entry point for `cargo xtask gen-bench-log`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let written = match &options.out {
        None => write_log(&options, io::stdout().lock()),
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
            }
            let file = File::create(path).map_err(|err| format!("{}: {err}", path.display()))?;
            write_log(&options, file)
        }
    };
    let bytes = written.map_err(|err| format!("writing the log: {err}"))?;
    let target = options
        .out
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    eprintln!(
        "wrote {} lines, {bytes} bytes ({:.1} bytes a line) to {target}",
        options.lines,
        bytes as f64 / options.lines.max(1) as f64
    );
    Ok(())
}

/// The command line of the task.
struct Options {
    lines: u64,
    attackers: usize,
    /// `None` for standard output.
    out: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut lines = None;
        let mut attackers = None;
        let mut out = Some(root().join("target").join("decnet-bench.log"));
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let mut value = || {
                rest.next()
                    .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
            };
            let number = |text: &String| {
                text.replace('_', "")
                    .parse::<u64>()
                    .map_err(|err| format!("{flag} {text}: {err}"))
            };
            match flag.as_str() {
                "--lines" => lines = Some(number(value()?)?),
                "--attackers" => attackers = Some(number(value()?)?),
                "--out" => {
                    let path = value()?;
                    out = (path != "-").then(|| PathBuf::from(path));
                }
                _ => return Err(format!("unknown argument {flag:?}\n{USAGE}")),
            }
        }
        let (Some(lines), Some(attackers)) = (lines, attackers) else {
            return Err(format!("--lines and --attackers are required\n{USAGE}"));
        };
        let attackers = usize::try_from(attackers)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("--attackers must be at least 1\n{USAGE}"))?;
        Ok(Options {
            lines,
            attackers,
            out,
        })
    }
}

/// Writes the log; returns the number of bytes written.
fn write_log(options: &Options, out: impl Write) -> io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut rng = Rng(SEED);
    let mut attackers: Vec<Attacker> = (0..options.attackers)
        .map(|number| Attacker::new(&mut rng, number))
        .collect();
    // The next line of every attacker, earliest first, ties by attacker.
    let mut queue = BinaryHeap::with_capacity(attackers.len());
    for (number, attacker) in attackers.iter_mut().enumerate() {
        attacker.refill(&mut rng);
        if let Some(micros) = attacker.next_micros() {
            queue.push(Reverse((micros, number)));
        }
    }

    let mut bytes = 0;
    let mut written = 0;
    while written < options.lines {
        let Some(Reverse((micros, number))) = queue.pop() else {
            break;
        };
        let line = if written % MUTATION_EVERY == MUTATION_EVERY - 1 {
            // Put the attacker back: this slot is the mutation's.
            queue.push(Reverse((micros, number)));
            mutation(&mut rng, micros).into_bytes()
        } else {
            let attacker = &mut attackers[number];
            let line = attacker.take();
            if attacker.pending.is_empty() {
                attacker.refill(&mut rng);
            }
            if let Some(next) = attacker.next_micros() {
                queue.push(Reverse((next, number)));
            }
            line
        };
        out.write_all(&line)?;
        out.write_all(b"\n")?;
        bytes += line.len() as u64 + 1;
        written += 1;
    }
    out.flush()?;
    Ok(bytes)
}

/// What an attacker does, episode after episode.
#[derive(Clone, Copy)]
enum Behaviour {
    SshGuesser,
    TelnetGuesser,
    SshdGuesser,
    Beacon,
    WebScanner,
    SynScanner,
    ExploitScript,
    WebFuzzer,
    Intruder,
}

/// How many attackers of each hundred behave so.
const BEHAVIOURS: &[(Behaviour, u64)] = &[
    (Behaviour::SshGuesser, 28),
    (Behaviour::TelnetGuesser, 20),
    (Behaviour::SshdGuesser, 26),
    (Behaviour::Beacon, 3),
    (Behaviour::WebScanner, 6),
    (Behaviour::SynScanner, 5),
    (Behaviour::ExploitScript, 2),
    (Behaviour::WebFuzzer, 4),
    (Behaviour::Intruder, 6),
];

/// One attacker: an address, a behaviour, and the rest of its current
/// episode.
struct Attacker {
    ip: String,
    behaviour: Behaviour,
    /// When the next episode may start, in seconds after the log's start.
    next_start: f64,
    /// The episode's lines not yet written, latest first.
    pending: Vec<(i64, Vec<u8>)>,
}

impl Attacker {
    fn new(rng: &mut Rng, number: usize) -> Attacker {
        let mut roll = rng.next() % 100;
        let behaviour = BEHAVIOURS
            .iter()
            .find(|(_, share)| {
                let found = roll < *share;
                roll = roll.saturating_sub(*share);
                found
            })
            .map_or(Behaviour::SshGuesser, |(behaviour, _)| *behaviour);
        Attacker {
            ip: address(number),
            behaviour,
            // Attackers show up over the first hour.
            next_start: rng.between(1.0, 3600.0),
            pending: Vec::new(),
        }
    }

    /// Generates the next episode, after a pause.
    fn refill(&mut self, rng: &mut Rng) {
        let mut log = Log::default();
        let (ip, start) = (self.ip.as_str(), self.next_start);
        let count = |rng: &mut Rng, low: u64, high: u64| (low + rng.next() % (high - low)) as usize;
        let pause = match self.behaviour {
            Behaviour::SshGuesser => {
                let attempts = count(rng, 5, 40);
                let gap = rng.between(1.5, 5.0);
                ssh_brute_force(&mut log, rng, ip, start, attempts, gap);
                rng.between(300.0, 3600.0)
            }
            Behaviour::TelnetGuesser => {
                let n = count(rng, 5, 30);
                telnet_brute_force(&mut log, rng, ip, start, n);
                rng.between(300.0, 3600.0)
            }
            Behaviour::SshdGuesser => {
                let n = count(rng, 5, 30);
                sshd_brute_force(&mut log, rng, ip, start, n);
                rng.between(300.0, 3600.0)
            }
            Behaviour::Beacon => {
                let n = count(rng, 10, 40);
                beacon(&mut log, rng, ip, start, n);
                rng.between(300.0, 1800.0)
            }
            Behaviour::WebScanner => {
                web_scanner(&mut log, rng, ip, start);
                rng.between(1800.0, 7200.0)
            }
            Behaviour::SynScanner => {
                syn_scanner(&mut log, rng, ip, start);
                rng.between(600.0, 3600.0)
            }
            Behaviour::ExploitScript => {
                exploit_prober(&mut log, rng, ip, start);
                rng.between(600.0, 3600.0)
            }
            Behaviour::WebFuzzer => {
                let n = count(rng, 5, 30);
                web_fuzzer(&mut log, rng, ip, start, n);
                rng.between(900.0, 3600.0)
            }
            Behaviour::Intruder => {
                intruder(&mut log, rng, ip, start);
                rng.between(3600.0, 14_400.0)
            }
        };
        let mut lines = log.into_sorted();
        // Every scenario ends within a few hours of its start; the pause
        // runs from its last line. (Some put a line slightly before their
        // start, so the pause is what keeps episodes in order.)
        let end = lines.last().map_or(at(start), |(micros, _)| *micros);
        self.next_start = (end - at(0.0)) as f64 / 1e6 + pause;
        lines.reverse();
        self.pending = lines;
    }

    fn next_micros(&self) -> Option<i64> {
        self.pending.last().map(|(micros, _)| *micros)
    }

    /// The next line; there is one whenever the attacker is queued.
    fn take(&mut self) -> Vec<u8> {
        self.pending.pop().map(|(_, line)| line).unwrap_or_default()
    }
}

/// The address of attacker `number`: distinct for every number.
fn address(number: usize) -> String {
    /// The addresses of 198.18.0.0/15.
    const BENCHMARK_V4: usize = 1 << 17;
    if number % 20 == 19 || number >= BENCHMARK_V4 {
        return format!("2001:db8::{:x}:{:x}", number >> 16, number & 0xffff);
    }
    // An odd multiplier spreads consecutive numbers over the range and is
    // a bijection modulo 2^17.
    let host = number.wrapping_mul(40_503) % BENCHMARK_V4;
    format!(
        "198.{}.{}.{}",
        18 + (host >> 16),
        (host >> 8) & 0xff,
        host & 0xff
    )
}

/// A directory brute-forcer or crawler: requests for common paths, with
/// one User-Agent per episode, a tool's or a browser's.
fn web_fuzzer(log: &mut Log, rng: &mut Rng, ip: &str, start: f64, requests: usize) {
    const USER_AGENTS: &[&str] = &[
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
        "gobuster/3.6",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
        "DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Wfuzz/3.1.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/4.0 (Hydra)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (compatible; Metasploit RSPEC)",
        "Go-http-client/1.1",
    ];
    const PATHS: &[&str] = &[
        "/admin/",
        "/backup.zip",
        "/.git/HEAD",
        "/phpmyadmin/",
        "/api/v1/users?id=1",
        "/wp-content/uploads/",
        "/config.php.bak",
        "/login",
        "/robots.txt",
        "/server-status",
    ];
    let user_agent = *rng.pick(USER_AGENTS);
    let headers = format!(r#"{{"Host": "10.20.0.15", "User-Agent": "{user_agent}"}}"#);
    let mut t = start;
    for _ in 0..requests {
        t += rng.between(0.2, 2.0);
        let source_port = rng.port().to_string();
        let line = syslog(
            at(t),
            SEVERITY_INFO,
            WEB_DECKY,
            "http",
            "request",
            &fields([
                ("method", "GET"),
                ("path", *rng.pick(PATHS)),
                ("remote_addr", ip),
                ("src_port", &source_port),
                ("headers", &headers),
            ]),
            None,
        );
        log.push(at(t), line);
    }
}

/// A decky mutation at `micros`: a line that is no attacker's.
fn mutation(rng: &mut Rng, micros: i64) -> String {
    const ARCHETYPES: &[&str] = &["web-nginx", "web-iis", "web-apache", "web-tomcat"];
    let from = *rng.pick(ARCHETYPES);
    let to = *rng.pick(ARCHETYPES);
    crate::sample::mutation(micros, from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(lines: u64, attackers: usize) -> Vec<u8> {
        let options = Options {
            lines,
            attackers,
            out: None,
        };
        let mut bytes = Vec::new();
        write_log(&options, &mut bytes).expect("writing to memory");
        bytes
    }

    #[test]
    fn the_same_arguments_give_the_same_bytes() {
        assert_eq!(generate(3000, 50), generate(3000, 50));
    }

    #[test]
    fn the_log_has_exactly_the_lines_asked_for_in_time_order() {
        let log = String::from_utf8(generate(5000, 200)).expect("UTF-8");
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 5000);
        // Every timestamp here is UTC, so the text orders like the time.
        let stamps: Vec<&str> = lines
            .iter()
            .map(|line| line.split(' ').nth(1).expect("a timestamp"))
            .collect();
        assert!(stamps.windows(2).all(|pair| pair[0] <= pair[1]));
    }

    #[test]
    fn attacker_addresses_are_distinct() {
        let mut addresses: Vec<String> = (0..200_000).map(address).collect();
        addresses.sort();
        addresses.dedup();
        assert_eq!(addresses.len(), 200_000);
    }
}
