//! The command line: every option, its help, and the long help that
//! explains format detection, the output and the Cowrie/Tanner mapping.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, ValueEnum};

use crate::cowrie::CowrieOptions;
use crate::mapping::MappingOptions;

const ABOUT: &str = "Profile honeypot attackers from DECNET syslog, Cowrie JSON and \
                     Tanner JSON logs: one behaviour record per attacker IP.";

const LONG_ABOUT: &str = "\
Profile honeypot attackers from DECNET syslog, Cowrie JSON and Tanner JSON
logs: one behaviour record per attacker IP, the attacker_behavior row of
DECNET's profiler (how the attacker's events are spaced in time, what kind
of activity that is, which tools they seem to use, when they moved from
reconnaissance to taking data, their TCP/IP stack and SSH client).
The sections after the options explain the input, the output and the
Cowrie and Tanner mapping.";

const AFTER_LONG_HELP: &str = "\
INPUT
  Each FILE is plain text or gzip (told by its first bytes, not its name;
  concatenated gzip members are all read). `-` or no FILE reads standard
  input. The format is detected line by line, by the first character after
  white space:
    <  DECNET RFC 5424 syslog, the native format
    {  a JSON object: Cowrie when it has \"eventid\", Tanner when it has
       \"peer\" and \"method\" or \"path\"
  Any other line is rejected, as is a line that is not valid UTF-8 or
  breaks its format. Events are grouped by attacker IP as they stream in.
  DECNET mutation events, events without an attacker IP, and Cowrie events
  the mapping leaves out are counted by kind and not profiled.

OUTPUT
  Standard output: one JSON object per line and per attacker (or a table,
  --format table), sorted by attacker IP: IPv4 addresses in numeric order,
  then IPv6 addresses in numeric order, then any other text in byte order.
  Keys, in this order: attacker_ip, first_seen, last_seen (ISO 8601, as
  Python's isoformat writes them), event_count, then the attacker_behavior
  columns os_guess, hop_distance, tcp_fingerprint, kex_order_raw,
  ssh_client_banners, retransmit_count, behavior_class, beacon_interval_s,
  beacon_jitter_pct, tool_guesses, timing_stats, phase_sequence. The six
  JSON columns are strings holding the JSON text the original stores, byte
  for byte. Two runs on the same input print the same bytes.
  Standard error: for each input and in total, `lines read = profiled + not
  profiled + rejected`, the counts by kind and by reason, then the number
  of attackers profiled; a progress bar too, when it is a terminal.

BEHAVIOUR CLASSES (behavior_class)
  From the attacker's event count n, the mean time between events (mean,
  seconds), its coefficient of variation (cv = standard deviation / mean)
  and the number of distinct services. The first rule that holds wins:
    unknown      n < 3, or no mean
    slow_scan    services >= 2, mean >= 10 s and n >= 4
    scanning     services >= 3 and mean < 10 s, or services >= 2 and
                 mean < 2 s
    brute_force  one service, n >= 8, mean < 5 s and cv < 0.6
    beaconing    cv < 0.35, mean >= 5 s and n >= 4 (a regular cadence)
    interactive  cv >= 0.5, mean < 5 s and n >= 6 (a human's bursts)
    mixed        none of the above

COWRIE MAPPING (defaults; the options under \"Cowrie and Tanner mapping\"
change them)
  session.connect               -> connection (src_port, dst_port, protocol)
  login.failed, login.success   -> login_attempt (username, password,
                                   success; key attempts: method=publickey)
  client.fingerprint            -> login_attempt (method=publickey)
  command.input                 -> command (command <- input)
  session.input                 -> shell_input
  session.file_download         -> download (url, shasum, outfile, destfile;
                                   no size, as Cowrie logs none)
  session.file_download.failed  -> download with success=false
  session.file_upload           -> upload
  client.version                -> ssh_client_banner (ssh_version, as logged)
  client.kex                    -> hassh_fingerprint (kex_algorithms <-
                                   kexAlgs joined with `,`; hassh)
  session.closed                -> disconnect (duration)
  direct-tcpip.request          -> proxy_request (dst_ip, dst_port)
  client.malformed_packet       -> probe
  Not profiled: command.failed and command.success (Cowrie logs them right
  after the command.input they repeat, which would count each command twice
  a few milliseconds apart), direct-tcpip.data, session.params, log.open,
  log.closed, client.size, client.var, and every other eventid.
  Every event keeps src_ip and session. The decky is `sensor`; the service
  is the session's protocol (ssh or telnet), from the event itself, else
  from its session.connect, else from a 2018-format `system` key, else ssh,
  counted in the summary.

TANNER MAPPING
  Each request -> an http `request` event, as DECNET's HTTP decky logs it:
  remote_addr <- peer.ip, src_port <- peer.port, method, path, status, and
  headers as the JSON text of the logged object (the User-Agent feeds tool
  detection). Tanner timestamps have no UTC offset and are taken as UTC.

EXIT STATUS
  0  the input was read (rejected lines included, see --strict)
  1  usage error, or an input, the rejects file, the SQLite database or
     standard output could not be read or written (one line names it)
  2  with --strict, when any line was rejected

EXAMPLES
  decnet-profile examples/decnet-sample.log
  decnet-profile --format table examples/cowrie-sample.json
  zcat cowrie.json.*.gz | decnet-profile --rejects rejects.txt -
  decnet-profile --sqlite profiles.db --strict /var/log/decnet/*.log.gz";

/// The parsed command line.
#[derive(Debug, Parser)]
#[command(
    name = "decnet-profile",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_long_help = AFTER_LONG_HELP,
    max_term_width = 100
)]
pub(crate) struct Cli {
    /// Log files to profile (DECNET syslog, Cowrie or Tanner JSON; plain or
    /// gzip). `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<OsString>,

    /// Output format on standard output.
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    pub(crate) format: Format,

    /// Also upsert every profile into the attacker_behavior table of this
    /// SQLite database, in one transaction.
    ///
    /// The database and table are created when missing. The table has the
    /// original's columns and types, keyed by attacker_ip (the original's
    /// key column is attacker_uuid), plus updated_at (UTC, the time of this
    /// run). A row is replaced by this run's profile; rows of attackers not
    /// in this input are left as they are.
    #[arg(long, value_name = "PATH")]
    pub(crate) sqlite: Option<PathBuf>,

    /// Write every rejected line to this file, one per line, as
    /// `INPUT:LINE: REASON: TEXT`.
    ///
    /// TEXT is the line with control, line-breaking and invisible
    /// formatting characters escaped (`\n`, `\u{2028}`), cut at 240
    /// characters. Lines come in input order, then line order.
    #[arg(long, value_name = "FILE")]
    pub(crate) rejects: Option<PathBuf>,

    /// Exit with status 2 when any line was rejected (output is still
    /// written).
    #[arg(long)]
    pub(crate) strict: bool,

    /// Keep each profiled line and list them, as read (white space
    /// stripped), under "events" in the attacker's JSON object.
    ///
    /// Without it no line is kept once parsed. The table and the SQLite
    /// database do not show them.
    #[arg(long)]
    pub(crate) keep_raw: bool,

    /// Threads reading inputs (a large plain file in parts, on several)
    /// and finishing records, 1 to 1024 [default: the number of CPUs].
    #[arg(short, long, value_name = "N", value_parser = parse_jobs)]
    pub(crate) jobs: Option<NonZeroUsize>,

    /// Never draw the progress bar (it is drawn only when standard error is
    /// a terminal).
    #[arg(long)]
    pub(crate) no_progress: bool,

    /// Print the profiler's OpenTelemetry spans on standard error, one line
    /// per span as it ends.
    ///
    /// They are the original profiler's: per attacker,
    /// profiler.build_behavior_record with the detectors' spans and
    /// profiler.behavior_summary (behavior_class, os_guess, tool_count,
    /// event_count, tools) as its children. A line gives the name, the
    /// instrumentation scope, the trace, span and parent ids, the duration
    /// and the attributes. Without this option no span is built, whatever
    /// DECNET_DEVELOPER_TRACING says.
    #[arg(long)]
    pub(crate) trace: bool,

    #[command(flatten)]
    pub(crate) mapping: MappingArgs,
}

/// The most threads `--jobs` asks for. Far more than work can use, and far
/// fewer than a process may start: past some tens of thousands, starting a
/// thread fails.
pub(crate) const MAX_JOBS: NonZeroUsize = NonZeroUsize::new(1024).expect("not zero");

/// The value of `--jobs`: a number of threads, 1 to [`MAX_JOBS`].
fn parse_jobs(text: &str) -> Result<NonZeroUsize, String> {
    text.parse::<usize>()
        .ok()
        .and_then(NonZeroUsize::new)
        .filter(|&jobs| jobs <= MAX_JOBS)
        .ok_or_else(|| format!("--jobs takes a number of threads, 1 to {MAX_JOBS}"))
}

/// What standard output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// One JSON object per attacker and per line (JSON Lines).
    Json,
    /// An aligned table for people: class, beacon, tools, OS, SSH client.
    Table,
}

/// The options that change how Cowrie and Tanner lines become events.
#[derive(Debug, Args)]
#[command(next_help_heading = "Cowrie and Tanner mapping")]
pub(crate) struct MappingArgs {
    /// Profile cowrie.command.failed as a `command` event with
    /// status=not_found [default: not profiled].
    ///
    /// Cowrie logs it right after the command.input it repeats, so this
    /// counts such commands twice, a few milliseconds apart, which pulls
    /// the mean inter-arrival time down. (Marking the preceding command
    /// instead would change no column: nothing reads `status`.)
    #[arg(long)]
    pub(crate) map_command_failed: bool,

    /// Profile cowrie.command.success (old Cowrie) as a `command` event
    /// with status=success [default: not profiled].
    #[arg(long)]
    pub(crate) map_command_success: bool,

    /// Do not profile cowrie.session.file_download.failed [default: a
    /// `download` event with success=false, recording intent].
    #[arg(long)]
    pub(crate) drop_download_failed: bool,

    /// Profile cowrie.direct-tcpip.data as a `proxy_data` event with
    /// dst_ip and dst_port [default: not profiled, as it follows its
    /// direct-tcpip.request one to one].
    #[arg(long)]
    pub(crate) map_tcpip_data: bool,

    /// On 2018-format cowrie.client.version lines that carry the client's
    /// key-exchange lists, also emit a hassh_fingerprint event
    /// [default: only the ssh_client_banner].
    ///
    /// Its kex_algorithms (kexAlgs joined with `,`) then feeds
    /// kex_order_raw as client.kex does in newer Cowrie. It adds one event
    /// per SSH session (the summary counts lines, and says how many events
    /// they gave). No hassh is computed.
    #[arg(long)]
    pub(crate) kex_from_version: bool,

    /// Strip the b'...' wrapper some Cowrie 2.x releases put around client
    /// versions [default: kept as logged].
    #[arg(long)]
    pub(crate) strip_bytes_wrapper: bool,

    /// Decky name of Cowrie events that have no `sensor`.
    #[arg(long, value_name = "NAME", default_value = "cowrie")]
    pub(crate) cowrie_decky: String,

    /// Decky name of Tanner requests (Tanner logs no sensor name).
    #[arg(long, value_name = "NAME", default_value = "tanner")]
    pub(crate) tanner_decky: String,
}

impl MappingArgs {
    /// The mapping these options choose.
    pub(crate) fn to_options(&self) -> MappingOptions {
        MappingOptions {
            cowrie: CowrieOptions {
                map_command_failed: self.map_command_failed,
                map_command_success: self.map_command_success,
                map_download_failed: !self.drop_download_failed,
                map_tcpip_data: self.map_tcpip_data,
                kex_from_version: self.kex_from_version,
                strip_bytes_wrapper: self.strip_bytes_wrapper,
                fallback_decky: self.cowrie_decky.clone(),
            },
            tanner_decky: self.tanner_decky.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_default_mapping_is_the_documented_one() {
        let cli = Cli::try_parse_from(["decnet-profile"]).expect("no arguments is valid");
        assert_eq!(cli.mapping.to_options().cowrie, CowrieOptions::default());
        assert_eq!(cli.mapping.to_options().tanner_decky, "tanner");
    }

    #[test]
    fn every_option_has_a_help_line() {
        for arg in Cli::command().get_arguments() {
            assert!(arg.get_help().is_some(), "--{} has no help", arg.get_id());
        }
    }

    #[test]
    fn jobs_must_be_a_number_of_threads_of_at_least_one() {
        for bad in ["0", "-1", "many", "", "1025", "45000"] {
            let err = Cli::try_parse_from(["decnet-profile", &format!("--jobs={bad}")])
                .expect_err("not a number of threads");
            assert!(
                err.to_string().contains("number of threads, 1 to 1024"),
                "{err}"
            );
        }
        for good in [1, 3, 1024] {
            let cli = Cli::try_parse_from(["decnet-profile", "--jobs", &good.to_string()])
                .expect("a number of threads");
            assert_eq!(cli.jobs.map(NonZeroUsize::get), Some(good));
        }
    }

    #[test]
    fn the_long_help_gives_a_rule_for_every_behaviour_class() {
        let help = Cli::command().render_long_help().to_string();
        let section = help
            .split("BEHAVIOUR CLASSES")
            .nth(1)
            .expect("a behaviour class section");
        for class in [
            "beaconing",
            "interactive",
            "scanning",
            "brute_force",
            "slow_scan",
            "mixed",
            "unknown",
        ] {
            assert!(
                section
                    .lines()
                    .any(|line| line.trim_start().starts_with(class)),
                "{class} has no rule"
            );
        }
    }
}
