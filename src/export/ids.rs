//! Record ids as the exports name them: IRIs, `tag:` URIs, web addresses.

use super::safe;
use crate::model::{Kind, Post};

/// The native part of a record id (`twitter:post:123` → `123`).
pub(crate) fn native(id: &str) -> &str {
    id.splitn(3, ':').nth(2).unwrap_or(id)
}

/// The network part of a record id (`twitter:post:123` → `twitter`).
pub(crate) fn network_of(id: &str) -> &str {
    id.split(':').next().unwrap_or("")
}

/// True for the networks of the fediverse, whose records are named by their
/// ActivityPub ids.
pub(crate) fn is_fediverse(network: &str) -> bool {
    matches!(
        network,
        "mastodon" | "pleroma" | "akkoma" | "misskey" | "gotosocial" | "fediverse" | "pixelfed"
    )
}

/// A stable IRI for a post: its ActivityPub id when it has one, the X permalink of an
/// X post, else a `tag:` IRI of its record id (see [`crate::model::tag_iri`]). The
/// same post always gets the same IRI, whether it is exported itself or only named by
/// a reply, a repost or a quote, and lifeboat's readers read each back to the record
/// id ([`crate::model::record_of_iri`]).
pub(crate) fn post_iri(p: &Post) -> String {
    iri_of(&p.id, None)
}

/// A stable IRI for a record id. A fediverse account may be named by its profile
/// `url` when that names the same account (`https://host/@user` for `user@host`); any
/// other account by its ActivityPub id, its X permalink or its `tag:` IRI, never by a
/// web page that a reader could not turn back into the record.
pub(crate) fn iri_of(id: &str, url: Option<&str>) -> String {
    let n = native(id);
    let mut parts = id.splitn(3, ':');
    let (net, kind) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let kind = Kind::from_name(kind);
    if is_fediverse(net) {
        if n.starts_with("https://") || n.starts_with("http://") {
            return n.to_string();
        }
        // a post's ActivityPub id in another scheme (an OStatus `tag:` URI), never
        // one of lifeboat's own
        if kind == Some(Kind::Post) && has_scheme(n) && !n.starts_with(crate::model::TAG_PREFIX) {
            return n.to_string();
        }
        if kind == Some(Kind::Account) {
            if let Some(u) = url.and_then(safe::web) {
                if crate::import::mastodon::acct_from_uri(u).as_deref() == Some(n) {
                    return u.to_string();
                }
            }
        }
    }
    if net == "twitter" {
        if let Some(i) = kind.and_then(|k| crate::model::twitter_iri(k, n)) {
            return i;
        }
    }
    tag_uri(id)
}

/// True when `s` starts with a URI scheme (`tag:`, `https:`).
fn has_scheme(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme.len() > 1
                && scheme
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        }
        None => false,
    }
}

/// An RFC 4151 `tag:` URI for a record id.
pub(crate) fn tag_uri(id: &str) -> String {
    crate::model::tag_iri(id)
}

/// A web address a browser can open for a post named by its record id, when one can be
/// told from the id alone: an ActivityPub id, an X permalink, a Bluesky post on
/// bsky.app (from its AT URI).
pub(crate) fn web_url_of(id: &str) -> Option<String> {
    let n = native(id);
    let net = network_of(id);
    if n.starts_with("https://") || n.starts_with("http://") {
        return safe::web(n).map(str::to_string);
    }
    match net {
        "twitter" => crate::model::twitter_iri(Kind::Post, n),
        "bluesky" => {
            // <did>/app.bsky.feed.post/<rkey>
            let (did, rest) = n.split_once('/')?;
            let rkey = rest.strip_prefix("app.bsky.feed.post/")?;
            let ok = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._:~-".contains(&b))
            };
            (did.starts_with("did:") && ok(did) && ok(rkey))
                .then(|| format!("https://bsky.app/profile/{did}/post/{rkey}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_agree_for_a_post_and_its_references() {
        assert_eq!(
            iri_of("twitter:post:123", None),
            "https://twitter.com/i/web/status/123"
        );
        assert_eq!(
            iri_of("mastodon:post:https://h.example/users/u/statuses/1", None),
            "https://h.example/users/u/statuses/1"
        );
        assert_eq!(
            iri_of("reddit:post:t3_ab c", None),
            "tag:lifeboat.archive,2026:reddit:post:t3_ab%20c"
        );
    }
}
