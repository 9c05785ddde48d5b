//! IRIs for records: how an exported file names a record, and how a reader gets the
//! record id back from that name.
//!
//! A record that has a web address of its own on a federated network (a Mastodon post,
//! whose native id is its ActivityPub id) is named by it. An X post or account is named
//! by the permalink X resolves (`https://twitter.com/i/web/status/<id>`,
//! `https://twitter.com/i/user/<id>`). Any other record is named by an RFC 4151 `tag:`
//! IRI built from its record id (`tag:lifeboat.archive,2026:bluesky:post:…`), so that
//! every name lifeboat writes can be read back to the record id it stands for
//! ([`record_of_iri`]): a round trip through a format keeps ids.

use super::Kind;

/// The `tag:` IRI prefix of records that have no web address of their own.
pub const TAG_PREFIX: &str = "tag:lifeboat.archive,2026:";

const TWEET: &str = "https://twitter.com/i/web/status/";
const TWITTER_USER: &str = "https://twitter.com/i/user/";

/// The `tag:` IRI of a record id (characters outside RFC 3987's `pchar` set are
/// percent-encoded as UTF-8).
pub fn tag_iri(id: &str) -> String {
    let mut s = String::from(TAG_PREFIX);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=".contains(c) {
            s.push(c);
        } else {
            let mut b = [0u8; 4];
            for x in c.encode_utf8(&mut b).bytes() {
                s.push_str(&format!("%{x:02X}"));
            }
        }
    }
    s
}

/// The record id an IRI written by lifeboat stands for: a `tag:` IRI of
/// [`tag_iri`], or an X permalink of a post or an account. `None` for any other IRI
/// (a Mastodon post's ActivityPub id is read by the Mastodon reader as it is).
pub fn record_of_iri(iri: &str) -> Option<String> {
    if let Some(rest) = iri.strip_prefix(TAG_PREFIX) {
        let id = percent_decode(rest)?;
        let mut parts = id.splitn(3, ':');
        let (net, kind, native) = (parts.next()?, parts.next()?, parts.next()?);
        let ok = !net.is_empty()
            && net
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && Kind::from_name(kind).is_some()
            && !native.is_empty();
        return ok.then_some(id);
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(n) = iri.strip_prefix(TWEET).filter(|n| digits(n)) {
        return Some(super::record_id("twitter", Kind::Post, n));
    }
    if let Some(n) = iri.strip_prefix(TWITTER_USER).filter(|n| digits(n)) {
        return Some(super::record_id("twitter", Kind::Account, n));
    }
    None
}

/// The IRI of an X post or account id, when the native id is an X snowflake.
pub(crate) fn twitter_iri(kind: Kind, native: &str) -> Option<String> {
    let digits = !native.is_empty() && native.bytes().all(|b| b.is_ascii_digit());
    match kind {
        Kind::Post if digits => Some(format!("{TWEET}{native}")),
        Kind::Account if digits => Some(format!("{TWITTER_USER}{native}")),
        _ => None,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let h = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_iris_read_back() {
        for id in [
            "bluesky:post:did:plc:abc/app.bsky.feed.post/3k",
            "facebook:post:1736000000-07c0f304251e",
            "wordpress:account:blog.example/guest/Jörg Weiß",
            "reddit:post:comment/x y%z",
        ] {
            let iri = tag_iri(id);
            assert!(!iri.contains(' '), "{iri}");
            assert_eq!(record_of_iri(&iri).as_deref(), Some(id));
        }
        assert_eq!(
            record_of_iri("https://twitter.com/i/web/status/123").as_deref(),
            Some("twitter:post:123")
        );
        assert_eq!(
            record_of_iri("https://twitter.com/i/user/9").as_deref(),
            Some("twitter:account:9")
        );
        assert_eq!(
            record_of_iri("https://toot.example/users/a/statuses/1"),
            None
        );
        assert_eq!(record_of_iri("tag:lifeboat.archive,2026:nokind"), None);
        assert_eq!(record_of_iri("tag:lifeboat.archive,2026:a:post:%ZZ"), None);
        assert_eq!(record_of_iri("tag:lifeboat.archive,2026:a:post:%C3"), None);
    }
}
