//! The JSON side of the input: one object per line, read once into borrowed
//! raw values, then turned into field text the way COWRIE-MAPPING.md says.
//!
//! Only the keys some mapping reads are captured; serde skips the others
//! without building them. Every captured value stays a borrowed slice of the
//! line until a mapper asks for its text, so a key nobody reads costs nothing.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// The keys of a Cowrie or Tanner line that a mapping reads.
///
/// A key given as JSON `null` reads as absent, like a key not written.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct JsonLine<'a> {
    // Cowrie's shared keys.
    #[serde(borrow)]
    pub(crate) eventid: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) timestamp: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) src_ip: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) src_port: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) dst_ip: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) dst_port: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) session: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) sensor: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) protocol: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) system: Option<&'a RawValue>,

    // Logins and public keys.
    #[serde(borrow)]
    pub(crate) username: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) password: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) fingerprint: Option<&'a RawValue>,
    #[serde(borrow, rename = "type")]
    pub(crate) key_type: Option<&'a RawValue>,

    // Commands and transfers.
    #[serde(borrow)]
    pub(crate) input: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) realm: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) url: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) outfile: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) shasum: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) destfile: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) duplicate: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) filename: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) error: Option<&'a RawValue>,

    // The SSH client.
    #[serde(borrow)]
    pub(crate) version: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) hassh: Option<&'a RawValue>,
    #[serde(borrow, rename = "hasshAlgorithms")]
    pub(crate) hassh_algorithms: Option<&'a RawValue>,
    #[serde(borrow, rename = "kexAlgs")]
    pub(crate) kex_algs: Option<&'a RawValue>,
    #[serde(borrow, rename = "keyAlgs")]
    pub(crate) key_algs: Option<&'a RawValue>,
    #[serde(borrow, rename = "encCS")]
    pub(crate) enc_cs: Option<&'a RawValue>,
    #[serde(borrow, rename = "macCS")]
    pub(crate) mac_cs: Option<&'a RawValue>,
    #[serde(borrow, rename = "compCS")]
    pub(crate) comp_cs: Option<&'a RawValue>,

    // Session end and odd packets.
    #[serde(borrow)]
    pub(crate) duration: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) duration_ms: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) messagenum: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) datalen: Option<&'a RawValue>,

    // Tanner.
    #[serde(borrow)]
    pub(crate) peer: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) method: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) path: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) headers: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) status: Option<&'a RawValue>,
}

impl<'a> JsonLine<'a> {
    /// Reads one line's object.
    pub(crate) fn parse(line: &'a str) -> Result<JsonLine<'a>, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// The text of a JSON string value, borrowed from the line when it holds
/// no escape; `None` when the value is not a string.
pub(crate) fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let text = raw.get();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// A value as a DECNET field holds it: strings as they are, numbers in the
/// decimal form the log wrote them in, booleans as `true`/`false`, lists
/// with their items' text joined by `,`, objects as their JSON text.
/// `None` for `null`, which the mappings treat as an absent key.
pub(crate) fn field_text(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => string(raw).map(Cow::into_owned),
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
            let texts: Vec<String> = items
                .iter()
                .map(|item| field_text(item).unwrap_or_default())
                .collect();
            Some(texts.join(","))
        }
        Some(b'n') => None,
        // Numbers, `true`, `false` and objects: their JSON text is the form
        // the mapping asks for.
        _ => Some(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_owned()).expect("test JSON is valid")
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let value = raw(r#""198.18.0.1""#);
        assert!(matches!(string(&value), Some(Cow::Borrowed("198.18.0.1"))));
    }

    #[test]
    fn strings_with_escapes_are_decoded() {
        let value = raw(r#""echo \"a\"\\n""#);
        assert_eq!(string(&value).as_deref(), Some(r#"echo "a"\n"#));
    }

    #[test]
    fn numbers_keep_the_text_the_log_wrote() {
        assert_eq!(
            field_text(&raw("0.013600349426269531")).as_deref(),
            Some("0.013600349426269531")
        );
        assert_eq!(field_text(&raw("2222")).as_deref(), Some("2222"));
    }

    #[test]
    fn booleans_become_true_and_false() {
        assert_eq!(field_text(&raw("true")).as_deref(), Some("true"));
        assert_eq!(field_text(&raw("false")).as_deref(), Some("false"));
    }

    #[test]
    fn lists_are_joined_with_commas() {
        let value = raw(r#"["curve25519-sha256", "ecdh-sha2-nistp256"]"#);
        assert_eq!(
            field_text(&value).as_deref(),
            Some("curve25519-sha256,ecdh-sha2-nistp256")
        );
    }

    #[test]
    fn null_is_an_absent_field() {
        assert_eq!(field_text(&raw("null")), None);
    }

    #[test]
    fn objects_keep_their_json_text_and_nulls() {
        let value = raw(r#"{"user-agent": null, "accept": "*/*"}"#);
        assert_eq!(
            field_text(&value).as_deref(),
            Some(r#"{"user-agent": null, "accept": "*/*"}"#)
        );
    }

    #[test]
    fn null_keys_read_as_absent() {
        let line = JsonLine::parse(r#"{"eventid": "cowrie.login.failed", "url": null}"#)
            .expect("valid line");
        assert!(line.eventid.is_some());
        assert!(line.url.is_none());
    }
}
