//! Cowrie JSON events to DECNET events, as COWRIE-MAPPING.md decides.
//!
//! The envelope: `timestamp` is the event's time, `sensor` its decky, the
//! session's protocol (`ssh` or `telnet`) its service, and `src_ip` both the
//! attacker's address and a field. Every event keeps `src_ip` and `session`,
//! and `src_port` / `dst_port` when logged. The table in [`Kind::of`] says
//! which DECNET event each `eventid` becomes; the rest are left unmapped and
//! counted by the caller.

use std::borrow::Cow;
use std::collections::HashMap;

use decnet_event::{Event, EventKind, Fields, Timestamp};
use serde_json::value::RawValue;

use crate::json_line::{self, JsonLine, field_text};
use crate::mapping::{LineOutcome, Reject};

/// The Cowrie mapping's choices; `Default` is the mapping's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CowrieOptions {
    /// Map `command.failed` to a `command` event with `status=not_found`.
    pub(crate) map_command_failed: bool,
    /// Map `command.success` to a `command` event with `status=success`.
    pub(crate) map_command_success: bool,
    /// Map `session.file_download.failed` to a failed `download`.
    pub(crate) map_download_failed: bool,
    /// Map `direct-tcpip.data` to a `proxy_data` event.
    pub(crate) map_tcpip_data: bool,
    /// Also emit a `hassh_fingerprint` from the key-exchange lists that
    /// 2018 Cowrie logs on `client.version`.
    pub(crate) kex_from_version: bool,
    /// Strip a `b'…'` wrapper from client versions.
    pub(crate) strip_bytes_wrapper: bool,
    /// The decky of events without `sensor`.
    pub(crate) fallback_decky: String,
}

impl Default for CowrieOptions {
    fn default() -> CowrieOptions {
        CowrieOptions {
            map_command_failed: false,
            map_command_success: false,
            map_download_failed: true,
            map_tcpip_data: false,
            kex_from_version: false,
            strip_bytes_wrapper: false,
            fallback_decky: "cowrie".to_owned(),
        }
    }
}

/// The DECNET event a Cowrie `eventid` becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Connection,
    Login { success: bool },
    ClientKeyOffer,
    Command { status: Option<&'static str> },
    ShellInput,
    Download,
    DownloadFailed,
    Upload,
    ClientVersion,
    KeyExchange,
    Closed,
    ProxyRequest,
    ProxyData,
    MalformedPacket,
}

impl Kind {
    /// The mapping table; `None` for the events left unmapped.
    fn of(eventid: &str, options: &CowrieOptions) -> Option<Kind> {
        let kind = match eventid {
            "cowrie.session.connect" => Kind::Connection,
            "cowrie.login.failed" => Kind::Login { success: false },
            "cowrie.login.success" => Kind::Login { success: true },
            "cowrie.client.fingerprint" => Kind::ClientKeyOffer,
            "cowrie.command.input" => Kind::Command { status: None },
            "cowrie.command.failed" if options.map_command_failed => Kind::Command {
                status: Some("not_found"),
            },
            "cowrie.command.success" if options.map_command_success => Kind::Command {
                status: Some("success"),
            },
            "cowrie.session.input" => Kind::ShellInput,
            "cowrie.session.file_download" => Kind::Download,
            "cowrie.session.file_download.failed" if options.map_download_failed => {
                Kind::DownloadFailed
            }
            "cowrie.session.file_upload" => Kind::Upload,
            "cowrie.client.version" => Kind::ClientVersion,
            "cowrie.client.kex" => Kind::KeyExchange,
            "cowrie.session.closed" => Kind::Closed,
            "cowrie.direct-tcpip.request" => Kind::ProxyRequest,
            "cowrie.direct-tcpip.data" if options.map_tcpip_data => Kind::ProxyData,
            "cowrie.client.malformed_packet" => Kind::MalformedPacket,
            _ => return None,
        };
        Some(kind)
    }

    /// The DECNET event type.
    fn event_type(self) -> &'static str {
        match self {
            Kind::Connection => "connection",
            Kind::Login { .. } | Kind::ClientKeyOffer => "login_attempt",
            Kind::Command { .. } => "command",
            Kind::ShellInput => "shell_input",
            Kind::Download | Kind::DownloadFailed => "download",
            Kind::Upload => "upload",
            Kind::ClientVersion => "ssh_client_banner",
            Kind::KeyExchange => "hassh_fingerprint",
            Kind::Closed => "disconnect",
            Kind::ProxyRequest => "proxy_request",
            Kind::ProxyData => "proxy_data",
            Kind::MalformedPacket => "probe",
        }
    }
}

/// Maps the Cowrie lines of one input, remembering each session's protocol.
#[derive(Debug)]
pub(crate) struct CowrieMapper<'o> {
    options: &'o CowrieOptions,
    /// Session id to protocol, from the events that carry `protocol`.
    // Note: sessions are never forgotten, since an event may follow its
    // session's `session.closed`; a session costs a few dozen bytes.
    protocols: HashMap<String, String>,
    guessed_services: u64,
}

impl<'o> CowrieMapper<'o> {
    /// A mapper that knows no session yet.
    pub(crate) fn new(options: &'o CowrieOptions) -> CowrieMapper<'o> {
        CowrieMapper {
            options,
            protocols: HashMap::new(),
            guessed_services: 0,
        }
    }

    /// How many events got the service `ssh` for want of any clue.
    pub(crate) fn guessed_services(&self) -> u64 {
        self.guessed_services
    }

    /// Maps one Cowrie event, given its `eventid`.
    pub(crate) fn map<'l>(
        &mut self,
        line: &JsonLine<'_>,
        eventid: Cow<'l, str>,
    ) -> LineOutcome<'l> {
        let Some(kind) = Kind::of(&eventid, self.options) else {
            return LineOutcome::Unmapped(eventid);
        };
        let Some(timestamp) = line.timestamp.and_then(parse_timestamp) else {
            return LineOutcome::Rejected(Reject::new("Cowrie event without a valid timestamp"));
        };
        let service = self.service(line);
        let decky = line
            .sensor
            .and_then(field_text)
            .unwrap_or_else(|| self.options.fallback_decky.clone());
        let attacker_ip = line.src_ip.and_then(field_text);

        let mut fields = Fields::new();
        if let Some(ip) = &attacker_ip {
            fields.insert("src_ip", ip.as_str());
        }
        put(&mut fields, "session", line.session);
        put(&mut fields, "src_port", line.src_port);
        put(&mut fields, "dst_port", line.dst_port);
        let mut second = None;
        match kind {
            Kind::Connection => put(&mut fields, "protocol", line.protocol),
            Kind::Login { success } => {
                put(&mut fields, "username", line.username);
                put(&mut fields, "password", line.password);
                fields.insert("success", if success { "true" } else { "false" });
                if line.fingerprint.is_some() {
                    public_key(&mut fields, line);
                }
            }
            Kind::ClientKeyOffer => {
                put(&mut fields, "username", line.username);
                public_key(&mut fields, line);
            }
            Kind::Command { status } => {
                put(&mut fields, "command", line.input);
                put(&mut fields, "realm", line.realm);
                if let Some(status) = status {
                    fields.insert("status", status);
                }
            }
            Kind::ShellInput => {
                put(&mut fields, "command", line.input);
                put(&mut fields, "realm", line.realm);
            }
            Kind::Download => {
                put(&mut fields, "url", line.url);
                put(&mut fields, "shasum", line.shasum);
                put(&mut fields, "outfile", line.outfile);
                put(&mut fields, "destfile", line.destfile);
                put(&mut fields, "duplicate", line.duplicate);
            }
            Kind::DownloadFailed => {
                put(&mut fields, "url", line.url);
                fields.insert("success", "false");
                put(&mut fields, "error", line.error);
            }
            Kind::Upload => {
                put(&mut fields, "filename", line.filename);
                put(&mut fields, "shasum", line.shasum);
                put(&mut fields, "outfile", line.outfile);
                put(&mut fields, "destfile", line.destfile);
            }
            Kind::ClientVersion => {
                // The extra event shares the envelope, not the banner.
                if self.options.kex_from_version && line.kex_algs.is_some() {
                    let mut kex = fields.clone();
                    key_exchange(&mut kex, line, "cowrie_client_version");
                    second = Some(kex);
                }
                if let Some(version) = line.version.and_then(field_text) {
                    fields.insert("ssh_version", self.client_version(version));
                }
            }
            Kind::KeyExchange => {
                put(&mut fields, "hassh", line.hassh);
                put(&mut fields, "hassh_algorithms", line.hassh_algorithms);
                key_exchange(&mut fields, line, "cowrie_client_kex");
            }
            Kind::Closed => {
                put(&mut fields, "duration", line.duration);
                put(&mut fields, "duration_ms", line.duration_ms);
            }
            Kind::ProxyRequest | Kind::ProxyData => put(&mut fields, "dst_ip", line.dst_ip),
            Kind::MalformedPacket => {
                put(&mut fields, "messagenum", line.messagenum);
                put(&mut fields, "datalen", line.datalen);
            }
        }

        let event = |event_type: &str, fields: Fields| Event {
            timestamp,
            decky: decky.clone(),
            service: service.clone(),
            event_type: event_type.to_owned(),
            attacker_ip: attacker_ip.clone(),
            fields,
            kind: EventKind::Attacker,
        };
        let second = second.map(|kex| Box::new(event(Kind::KeyExchange.event_type(), kex)));
        LineOutcome::Events(event(kind.event_type(), fields), second)
    }

    /// The session's protocol: from the event itself, else from an earlier
    /// event of its session, else from a 2018-format `system` value, else
    /// `ssh`, counted as a guess.
    fn service(&mut self, line: &JsonLine<'_>) -> String {
        let session = line.session.and_then(json_line::string);
        if let Some(protocol) = line.protocol.and_then(field_text) {
            if let Some(session) = session
                && !self.protocols.contains_key(session.as_ref())
            {
                self.protocols
                    .insert(session.into_owned(), protocol.clone());
            }
            return protocol;
        }
        if let Some(protocol) = session.and_then(|session| self.protocols.get(session.as_ref())) {
            return protocol.clone();
        }
        if let Some(system) = line.system.and_then(json_line::string) {
            if system.contains("Telnet") {
                return "telnet".to_owned();
            }
            if system.contains("SSH") {
                return "ssh".to_owned();
            }
        }
        self.guessed_services += 1;
        "ssh".to_owned()
    }

    /// A client version as logged, or without its `b'…'` wrapper when asked.
    fn client_version(&self, version: String) -> String {
        if self.options.strip_bytes_wrapper
            && let Some(inner) = strip_bytes_wrapper(&version)
        {
            return inner.to_owned();
        }
        version
    }
}

/// The text inside Python's `b'…'` or `b"…"` bytes notation, if `version`
/// is written so.
fn strip_bytes_wrapper(version: &str) -> Option<&str> {
    let rest = version.strip_prefix('b')?;
    ['\'', '"']
        .into_iter()
        .find_map(|quote| rest.strip_prefix(quote)?.strip_suffix(quote))
}

/// A Cowrie timestamp, as `datetime.fromisoformat` reads it.
fn parse_timestamp(raw: &RawValue) -> Option<Timestamp> {
    Timestamp::parse_iso(&json_line::string(raw)?).ok()
}

/// Sets `name` from a JSON value, unless it is absent or `null`.
fn put(fields: &mut Fields, name: &str, raw: Option<&RawValue>) {
    if let Some(text) = raw.and_then(field_text) {
        fields.insert(name, text);
    }
}

/// The fields of a public-key login attempt.
fn public_key(fields: &mut Fields, line: &JsonLine<'_>) {
    fields.insert("method", "publickey");
    put(fields, "fingerprint", line.fingerprint);
    put(fields, "key_type", line.key_type);
}

/// The client's key-exchange offer, each list joined with `,` as on the
/// wire, and where it came from (it is the client's offer, unlike the
/// server offer DECNET's own prober records).
fn key_exchange(fields: &mut Fields, line: &JsonLine<'_>, source: &str) {
    put(fields, "kex_algorithms", line.kex_algs);
    put(fields, "key_algorithms", line.key_algs);
    put(fields, "encryption_algorithms", line.enc_cs);
    put(fields, "mac_algorithms", line.mac_cs);
    put(fields, "compression_algorithms", line.comp_cs);
    fields.insert("source", source);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(options: &CowrieOptions, lines: &[&str]) -> Vec<LineOutcome<'static>> {
        let mut mapper = CowrieMapper::new(options);
        lines
            .iter()
            .map(|line| {
                let object = JsonLine::parse(line).expect("test line is valid JSON");
                let eventid = object
                    .eventid
                    .and_then(json_line::string)
                    .expect("test line has an eventid")
                    .into_owned();
                mapper.map(&object, Cow::Owned(eventid))
            })
            .collect()
    }

    fn one_event(options: &CowrieOptions, lines: &[&str]) -> Event {
        match map_with(options, lines).pop() {
            Some(LineOutcome::Events(event, None)) => event,
            other => panic!("expected one event, got {other:?}"),
        }
    }

    const CONNECT: &str = r#"{"eventid":"cowrie.session.connect","src_ip":"198.51.100.4","src_port":48332,"dst_ip":"192.0.2.10","dst_port":2222,"session":"0e51d25bc968","protocol":"telnet","sensor":"hp-1","timestamp":"2022-07-19T00:01:23.718816Z"}"#;

    #[test]
    fn connect_becomes_connection_with_ports_and_protocol() {
        let event = one_event(&CowrieOptions::default(), &[CONNECT]);
        assert_eq!(event.event_type, "connection");
        assert_eq!(event.service, "telnet");
        assert_eq!(event.decky, "hp-1");
        assert_eq!(event.attacker_ip.as_deref(), Some("198.51.100.4"));
        let fields: Vec<_> = event.fields.iter().collect();
        assert_eq!(
            fields,
            [
                ("src_ip", "198.51.100.4"),
                ("session", "0e51d25bc968"),
                ("src_port", "48332"),
                ("dst_port", "2222"),
                ("protocol", "telnet"),
            ]
        );
    }

    #[test]
    fn later_events_take_the_protocol_their_session_connected_with() {
        let login = r#"{"eventid":"cowrie.login.failed","username":"admin","password":"admin","src_ip":"198.51.100.4","session":"0e51d25bc968","timestamp":"2022-07-19T00:01:24Z"}"#;
        let event = one_event(&CowrieOptions::default(), &[CONNECT, login]);
        assert_eq!(event.service, "telnet");
        assert_eq!(event.event_type, "login_attempt");
        assert_eq!(event.fields.get("success"), Some("false"));
        assert_eq!(event.fields.get("username"), Some("admin"));
    }

    #[test]
    fn the_2018_system_key_tells_the_protocol_of_an_unknown_session() {
        let line = r#"{"eventid":"cowrie.login.success","username":"root","password":"x","system":"SSHService 'ssh-userauth' on HoneyPotSSHTransport,10616,198.51.100.1","src_ip":"198.51.100.1","session":"c666","timestamp":"2018-06-09T00:06:47.861923Z"}"#;
        let mapper_options = CowrieOptions {
            fallback_decky: "fallback".to_owned(),
            ..CowrieOptions::default()
        };
        let event = one_event(&mapper_options, &[line]);
        assert_eq!(event.service, "ssh");
        assert_eq!(event.decky, "fallback");
        assert_eq!(event.fields.get("success"), Some("true"));
    }

    #[test]
    fn an_unknown_protocol_defaults_to_ssh_and_is_counted() {
        let options = CowrieOptions::default();
        let mut mapper = CowrieMapper::new(&options);
        let line = r#"{"eventid":"cowrie.session.closed","duration":0.5,"src_ip":"198.51.100.1","session":"none","timestamp":"2022-07-19T00:01:24Z"}"#;
        let object = JsonLine::parse(line).expect("valid");
        let outcome = mapper.map(&object, Cow::Borrowed("cowrie.session.closed"));
        match outcome {
            LineOutcome::Events(event, None) => {
                assert_eq!(event.service, "ssh");
                assert_eq!(event.event_type, "disconnect");
                assert_eq!(event.fields.get("duration"), Some("0.5"));
            }
            other => panic!("expected one event, got {other:?}"),
        }
        assert_eq!(mapper.guessed_services(), 1);
    }

    #[test]
    fn command_failed_is_unmapped_by_default_and_a_not_found_command_on_request() {
        let line = r#"{"eventid":"cowrie.command.failed","input":"nproc","src_ip":"198.51.100.1","session":"s","timestamp":"2022-07-19T00:01:24Z"}"#;
        let outcomes = map_with(&CowrieOptions::default(), &[line]);
        assert!(matches!(&outcomes[0], LineOutcome::Unmapped(id) if id == "cowrie.command.failed"));

        let options = CowrieOptions {
            map_command_failed: true,
            ..CowrieOptions::default()
        };
        let event = one_event(&options, &[line]);
        assert_eq!(event.event_type, "command");
        assert_eq!(event.fields.get("command"), Some("nproc"));
        assert_eq!(event.fields.get("status"), Some("not_found"));
    }

    #[test]
    fn download_failed_is_a_failed_download_by_default_and_unmapped_on_request() {
        let line = r#"{"eventid":"cowrie.session.file_download.failed","url":"http://198.51.100.8/sh","src_ip":"198.51.100.1","session":"s","timestamp":"2021-02-12T10:51:11Z"}"#;
        let event = one_event(&CowrieOptions::default(), &[line]);
        assert_eq!(event.event_type, "download");
        assert_eq!(event.fields.get("success"), Some("false"));

        let options = CowrieOptions {
            map_download_failed: false,
            ..CowrieOptions::default()
        };
        assert!(matches!(
            map_with(&options, &[line])[0],
            LineOutcome::Unmapped(_)
        ));
    }

    #[test]
    fn downloads_carry_no_size() {
        let line = r#"{"eventid":"cowrie.session.file_download","url":"http://198.51.100.8/x","outfile":"var/lib/cowrie/downloads/ab","shasum":"ab","duplicate":false,"src_ip":"198.51.100.1","session":"s","timestamp":"2021-02-12T10:51:11Z"}"#;
        let event = one_event(&CowrieOptions::default(), &[line]);
        assert_eq!(event.fields.get("duplicate"), Some("false"));
        assert_eq!(event.fields.get("size"), None);
        assert_eq!(event.fields.get("bytes"), None);
    }

    #[test]
    fn client_kex_becomes_hassh_fingerprint_with_comma_joined_lists() {
        let line = r#"{"eventid":"cowrie.client.kex","hassh":"51cb","hasshAlgorithms":"a;b;c;d","kexAlgs":["curve25519-sha256@libssh.org","ecdh-sha2-nistp256"],"keyAlgs":["ssh-rsa"],"encCS":["aes256-ctr"],"macCS":["hmac-sha1"],"compCS":["none"],"langCS":[""],"src_ip":"198.51.100.1","session":"s","timestamp":"2022-07-19T00:01:24Z"}"#;
        let event = one_event(&CowrieOptions::default(), &[line]);
        assert_eq!(event.event_type, "hassh_fingerprint");
        assert_eq!(
            event.fields.get("kex_algorithms"),
            Some("curve25519-sha256@libssh.org,ecdh-sha2-nistp256")
        );
        assert_eq!(event.fields.get("hassh"), Some("51cb"));
        assert_eq!(event.fields.get("source"), Some("cowrie_client_kex"));
        assert_eq!(event.fields.get("hassh_server_hash"), None);
    }

    const VERSION_2018: &str = r#"{"macCS": ["hmac-sha1"], "session": "c666", "kexAlgs": ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"], "src_ip": "198.51.100.1", "version": "b'SSH-2.0-OpenSSH_7.3'", "eventid": "cowrie.client.version", "timestamp": "2018-06-09T00:06:47.652344Z", "keyAlgs": ["ssh-rsa"], "compCS": ["none"], "encCS": ["aes128-ctr"]}"#;

    #[test]
    fn client_version_is_one_banner_event_kept_as_logged_by_default() {
        let event = one_event(&CowrieOptions::default(), &[VERSION_2018]);
        assert_eq!(event.event_type, "ssh_client_banner");
        assert_eq!(
            event.fields.get("ssh_version"),
            Some("b'SSH-2.0-OpenSSH_7.3'")
        );
    }

    #[test]
    fn kex_lists_on_a_2018_client_version_add_a_hassh_event_on_request() {
        let options = CowrieOptions {
            kex_from_version: true,
            strip_bytes_wrapper: true,
            ..CowrieOptions::default()
        };
        match map_with(&options, &[VERSION_2018]).pop() {
            Some(LineOutcome::Events(banner, Some(kex))) => {
                assert_eq!(
                    banner.fields.get("ssh_version"),
                    Some("SSH-2.0-OpenSSH_7.3")
                );
                assert_eq!(kex.event_type, "hassh_fingerprint");
                assert_eq!(
                    kex.fields.get("kex_algorithms"),
                    Some("diffie-hellman-group14-sha1,diffie-hellman-group1-sha1")
                );
                assert_eq!(kex.fields.get("ssh_version"), None);
                assert_eq!(kex.timestamp, banner.timestamp);
            }
            other => panic!("expected two events, got {other:?}"),
        }
    }

    #[test]
    fn bookkeeping_events_are_unmapped() {
        for eventid in [
            "cowrie.session.params",
            "cowrie.log.closed",
            "cowrie.client.size",
            "cowrie.client.var",
            "cowrie.log.open",
            "cowrie.direct-tcpip.data",
            "cowrie.telnet.negotiation",
        ] {
            assert_eq!(
                Kind::of(eventid, &CowrieOptions::default()),
                None,
                "{eventid}"
            );
        }
    }

    #[test]
    fn a_missing_timestamp_is_a_reject() {
        let line = r#"{"eventid":"cowrie.session.connect","src_ip":"198.51.100.4","session":"s"}"#;
        let outcomes = map_with(&CowrieOptions::default(), &[line]);
        assert!(matches!(&outcomes[0], LineOutcome::Rejected(r) if r.reason.contains("timestamp")));
    }

    #[test]
    fn bytes_wrappers_strip_with_either_quote() {
        assert_eq!(strip_bytes_wrapper("b'SSH-2.0-Go'"), Some("SSH-2.0-Go"));
        assert_eq!(
            strip_bytes_wrapper("b\"SSH-2.0-it's\""),
            Some("SSH-2.0-it's")
        );
        assert_eq!(strip_bytes_wrapper("SSH-2.0-Go"), None);
        assert_eq!(strip_bytes_wrapper("b'"), None);
    }
}
