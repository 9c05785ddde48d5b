//! EML (RFC 5322 / MIME) for archives built on e-mail: one message per direct message
//! or post, in a folder per conversation (`conversations/<id>/`) and per year of posts
//! (`posts/<year>/`). Also the MIME writer of the RSMF export's outer layer.
//!
//! Messages are 7-bit clean: non-ASCII header text is RFC 2047 encoded, bodies and
//! attachments are base64.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::Timestamp;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (RFC 4648, padded).
pub(crate) fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            B64[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            B64[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Base64 in lines of 76 characters.
fn base64_lines(data: &[u8]) -> String {
    let b = base64(data);
    let mut out = String::with_capacity(b.len() + b.len() / 76 * 2 + 2);
    for chunk in b.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push_str("\r\n");
    }
    out
}

/// A header value, RFC 2047-encoded when it is not plain printable ASCII.
pub(crate) fn header_value(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s;
    }
    // encoded words of at most ~45 bytes of UTF-8 each, split on char boundaries
    let mut words = Vec::new();
    let mut cur = String::new();
    for ch in s.chars() {
        if cur.len() + ch.len_utf8() > 45 {
            words.push(format!("=?UTF-8?B?{}?=", base64(cur.as_bytes())));
            cur.clear();
        }
        cur.push(ch);
    }
    if !cur.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", base64(cur.as_bytes())));
    }
    words.join("\r\n ")
}

/// `"Display" <local@network.invalid>` for an account record id: a stable address
/// in the reserved `.invalid` domain (accounts of social networks have no e-mail).
pub(crate) fn mailbox(display: &str, account_id: &str) -> String {
    let mut parts = account_id.splitn(3, ':');
    let network = parts.next().unwrap_or("account");
    let _ = parts.next();
    let local: String = parts
        .next()
        .unwrap_or(account_id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let local = if local.is_empty() {
        "unknown".into()
    } else {
        local
    };
    let network: String = network
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let display = display.replace(['"', '\\'], "");
    format!(
        "{} <{local}@{network}.invalid>",
        if display.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            format!("\"{display}\"")
        } else {
            header_value(&display)
        }
    )
}

/// RFC 5322 date (`Tue, 01 Dec 2026 23:05:15 +0000`).
pub(crate) fn rfc5322_date(t: &Timestamp) -> String {
    t.to_rfc5322()
}

/// A MIME message: the headers, a plain-text body, and attachments, 7-bit clean.
pub(crate) fn mime_message(
    headers: &[(String, String)],
    body: &str,
    attachments: &[(&str, &str, &[u8])],
) -> Vec<u8> {
    let boundary = format!(
        "lifeboat-{}",
        &crate::archive::hex(&sha2_digest(body.as_bytes()))[..24]
    );
    let mut m = String::new();
    for (k, v) in headers {
        m.push_str(&format!("{k}: {}\r\n", header_value(v)));
    }
    m.push_str("MIME-Version: 1.0\r\n");
    if attachments.is_empty() {
        m.push_str("Content-Type: text/plain; charset=utf-8\r\n");
        m.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        m.push_str(&base64_lines(body.as_bytes()));
        return m.into_bytes();
    }
    m.push_str(&format!(
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
    ));
    m.push_str("This is a multi-part message in MIME format.\r\n");
    m.push_str(&format!("--{boundary}\r\n"));
    m.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    m.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    m.push_str(&base64_lines(body.as_bytes()));
    for (name, ctype, data) in attachments {
        let safe: String = name
            .chars()
            .map(|c| {
                if c == '"' || c == '\\' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        m.push_str(&format!("--{boundary}\r\n"));
        m.push_str(&format!(
            "Content-Type: {ctype}; name=\"{}\"\r\n",
            header_value(&safe)
        ));
        m.push_str(&format!(
            "Content-Disposition: attachment; filename=\"{}\"\r\n",
            header_value(&safe)
        ));
        m.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        m.push_str(&base64_lines(data));
    }
    m.push_str(&format!("--{boundary}--\r\n"));
    m.into_bytes()
}

fn sha2_digest(b: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(b).to_vec()
}

/// What the EML export wrote.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct EmlSummary {
    /// Messages written for direct messages.
    pub messages: u64,
    /// Messages written for posts.
    pub posts: u64,
    /// Attachments included.
    pub attachments: u64,
}

#[derive(Deserialize, Default)]
struct Acct {
    id: String,
    handle: Option<String>,
    display_name: Option<String>,
}

#[derive(Deserialize, Default)]
struct MediaRec {
    id: String,
    path: Option<String>,
    mime: Option<String>,
    original_path: Option<String>,
}

#[derive(Deserialize, Default)]
struct Item {
    id: String,
    #[serde(default)]
    conversation: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    recipients: Vec<String>,
    sent_at: Option<String>,
    created_at: Option<String>,
    #[serde(default)]
    text: String,
    title: Option<String>,
    url: Option<String>,
    visibility: Option<String>,
    reply_to: Option<String>,
    #[serde(default)]
    media: Vec<String>,
}

fn message_id(record_id: &str) -> String {
    format!(
        "<{}@lifeboat.invalid>",
        &crate::archive::hex(&sha2_digest(record_id.as_bytes()))[..32]
    )
}

/// Export the direct messages and posts of the archive at `root` as `.eml` files.
pub fn export_eml(root: &Path, out: &Path) -> Result<EmlSummary> {
    let rec = |k: &str| root.join("data/records").join(format!("{k}.jsonl"));
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let mut names: HashMap<String, String> = HashMap::new();
    each::<Acct>(&rec("accounts"), |a| {
        let d = match (a.display_name, a.handle) {
            (Some(n), Some(h)) if !n.is_empty() => format!("{n} (@{h})"),
            (Some(n), _) if !n.is_empty() => n,
            (_, Some(h)) => format!("@{h}"),
            _ => a.id.rsplit(':').next().unwrap_or("").to_string(),
        };
        names.insert(a.id, d);
        Ok(())
    })?;
    let mut media: HashMap<String, MediaRec> = HashMap::new();
    each::<MediaRec>(&rec("media"), |m| {
        if m.path.is_some() {
            media.insert(m.id.clone(), m);
        }
        Ok(())
    })?;
    let name_of = |id: &str| {
        names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.rsplit(':').next().unwrap_or(id).to_string())
    };
    let mut summary = EmlSummary::default();
    for (kind, is_msg) in [("messages", true), ("posts", false)] {
        each::<Item>(&rec(kind), |it| {
            let from = if is_msg {
                it.sender.clone()
            } else {
                it.author.clone()
            }
            .unwrap_or_default();
            let at = if is_msg { &it.sent_at } else { &it.created_at };
            let folder = if is_msg {
                out.join("conversations").join(super::slug(
                    it.conversation
                        .as_deref()
                        .unwrap_or("unknown")
                        .rsplit(':')
                        .next()
                        .unwrap_or(""),
                ))
            } else {
                out.join("posts")
                    .join(at.as_deref().and_then(|t| t.get(..4)).unwrap_or("undated"))
            };
            fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
            let mut headers: Vec<(String, String)> = vec![
                ("From".into(), mailbox(&name_of(&from), &from)),
                ("Message-ID".into(), message_id(&it.id)),
                ("X-Lifeboat-Record".into(), it.id.clone()),
            ];
            if !it.recipients.is_empty() {
                headers.push((
                    "To".into(),
                    it.recipients
                        .iter()
                        .map(|r| mailbox(&name_of(r), r))
                        .collect::<Vec<_>>()
                        .join(", "),
                ));
            }
            if let Some((t, _)) = at.as_deref().and_then(Timestamp::parse) {
                headers.push(("Date".into(), rfc5322_date(&t)));
            }
            let subject = it.title.clone().unwrap_or_else(|| {
                let first: String = it
                    .text
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(70)
                    .collect();
                if first.is_empty() {
                    "(no text)".into()
                } else {
                    first
                }
            });
            headers.push(("Subject".into(), subject));
            if let Some(p) = &it.reply_to {
                headers.push(("In-Reply-To".into(), message_id(p)));
            }
            if let Some(c) = &it.conversation {
                headers.push(("X-Lifeboat-Conversation".into(), c.clone()));
            }
            if let Some(v) = &it.visibility {
                headers.push(("X-Lifeboat-Visibility".into(), v.clone()));
            }
            let mut body = it.text.clone();
            if let Some(u) = &it.url {
                body.push_str(&format!("\n\n{u}"));
            }
            let mut files: Vec<(String, String, Vec<u8>)> = Vec::new();
            for mid in &it.media {
                let Some(m) = media.get(mid) else { continue };
                let Some(rel) = &m.path else { continue };
                let Ok(data) = fs::read(root.join(rel)) else {
                    continue;
                };
                let name = m
                    .original_path
                    .as_deref()
                    .and_then(|p| p.rsplit('/').next())
                    .unwrap_or(rel)
                    .to_string();
                files.push((
                    name,
                    m.mime
                        .clone()
                        .unwrap_or_else(|| "application/octet-stream".into()),
                    data,
                ));
                summary.attachments += 1;
            }
            let atts: Vec<(&str, &str, &[u8])> = files
                .iter()
                .map(|(n, t, d)| (n.as_str(), t.as_str(), d.as_slice()))
                .collect();
            let eml = mime_message(&headers, &body, &atts);
            let stamp: String = at
                .as_deref()
                .unwrap_or("")
                .chars()
                .filter(|c| c.is_ascii_digit())
                .take(14)
                .collect();
            let file = folder.join(format!(
                "{stamp}-{}.eml",
                &crate::archive::hex(&sha2_digest(it.id.as_bytes()))[..12]
            ));
            fs::write(&file, eml).map_err(|e| Error::io(&file, e))?;
            if is_msg {
                summary.messages += 1;
            } else {
                summary.posts += 1;
            }
            Ok(())
        })?;
    }
    Ok(summary)
}

fn each<T: for<'de> Deserialize<'de>>(p: &Path, mut f: impl FnMut(T) -> Result<()>) -> Result<()> {
    let Ok(file) = File::open(p) else {
        return Ok(());
    };
    for line in BufReader::with_capacity(1 << 16, file).lines() {
        let line = line.map_err(|e| Error::io(p, e))?;
        if let Ok(v) = serde_json::from_str::<T>(&line) {
            f(v)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn headers_are_seven_bit() {
        let h = header_value("Allotment Society 🌱 and a very long name that goes on");
        assert!(h.is_ascii());
        assert!(h.starts_with("=?UTF-8?B?"));
        assert_eq!(header_value("plain"), "plain");
        let m = mailbox("Zoë \"Z\"", "twitter:account:123");
        assert!(m.is_ascii() && m.ends_with("<123@twitter.invalid>"), "{m}");
        let msg = mime_message(
            &[("Subject".into(), "ünïcode".into())],
            "body ✓",
            &[("a.zip", "application/octet-stream", b"\x00\xff")],
        );
        assert!(msg.is_ascii());
    }
}
