//! How references name accounts and posts: actor URIs, mentions, addresses, and the
//! ids lifeboat itself wrote. The exporters call the same functions.

use super::*;

/// An account as a reference names it (an actor URI, a mention, a list row): the record
/// id the reader gives it and what the reference says of it. The exporters call the
/// same functions to know what a reader will make of what they write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AccountRef {
    /// The record id.
    pub id: String,
    /// The handle the reference gives.
    pub handle: Option<String>,
    /// The display name the reference gives (an embedded actor's `name`).
    pub display_name: Option<String>,
    /// The profile URL the reference gives.
    pub url: Option<String>,
}

/// The record id of an account IRI written by lifeboat (`tag:` or an X permalink).
pub(super) fn lifeboat_account(uri: &str) -> Option<String> {
    crate::model::record_of_iri(uri).filter(|id| id.split(':').nth(1) == Some("account"))
}

/// The record id of a post named by its URI: a post IRI written by lifeboat is read back
/// to its record id, any other URI is a Mastodon post's id.
pub(crate) fn post_ref(uri: &str) -> String {
    crate::model::record_of_iri(uri)
        .filter(|id| id.split(':').nth(1) == Some("post"))
        .unwrap_or_else(|| record_id(NET, Kind::Post, uri))
}

/// The account an actor URI (`attributedTo`, `actor`) names.
pub(crate) fn actor_ref(uri: &str) -> AccountRef {
    if let Some(id) = lifeboat_account(uri) {
        return AccountRef {
            id,
            ..AccountRef::default()
        };
    }
    AccountRef {
        id: record_id(NET, Kind::Account, &account_native(uri)),
        handle: acct_from_uri(uri),
        display_name: None,
        url: Some(uri.to_string()),
    }
}

/// The account an embedded actor object names (`attributedTo` written as a `Person`
/// by lifeboat): its id, with the handle, name and profile URL the object gives.
pub(crate) fn actor_object_ref(o: &Map<String, Value>) -> Option<AccountRef> {
    let uri = o.get("id").and_then(Value::as_str)?;
    let mut r = actor_ref(uri);
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    if lifeboat_account(uri).is_some() {
        r.handle = s("preferredUsername");
        r.url = s("url");
    }
    r.display_name = s("name").filter(|n| !n.is_empty());
    Some(r)
}

/// The account a `Mention` tag names, from its `name` (`@user`, `@user@host`) and
/// `href` (the actor URI).
pub(crate) fn mention_ref(name: &str, href: &str) -> AccountRef {
    let bare = name.trim_start_matches('@');
    if let Some(id) = lifeboat_account(href) {
        return AccountRef {
            id,
            handle: (!bare.is_empty()).then(|| bare.to_string()),
            ..AccountRef::default()
        };
    }
    let mut handle = bare.to_string();
    if !handle.contains('@') {
        if let Some(h) = host_of(href) {
            handle = format!("{handle}@{h}");
        }
    }
    if handle.is_empty() || handle.starts_with('@') {
        handle = acct_from_uri(href).unwrap_or(href.to_string());
    }
    let native = if handle.contains('@') && !handle.starts_with('@') {
        handle.clone()
    } else {
        account_native(href)
    };
    AccountRef {
        id: record_id(NET, Kind::Account, &native),
        handle: Some(handle),
        display_name: None,
        url: (!href.is_empty()).then(|| href.to_string()),
    }
}

/// The account an address of the CSV lists names (`user@host`).
pub(crate) fn address_ref(addr: &str) -> AccountRef {
    AccountRef {
        id: record_id(NET, Kind::Account, addr),
        handle: Some(addr.to_string()),
        display_name: None,
        url: None,
    }
}

/// `user@domain` for an actor or profile URI, when the URI says it
/// (`https://host/users/name`, `https://host/@name`). Numeric ids (Mastodon's
/// `/ap/users/<n>`, Misskey's `/users/<id>`) do not name the user.
pub(crate) fn acct_from_uri(uri: &str) -> Option<String> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host.rsplit('@').next().unwrap_or(host);
    let mut segs = path.split('/');
    let first = segs.next()?;
    let name = if first == "users" || first == "u" {
        segs.next()?
    } else {
        first.strip_prefix('@')?
    };
    let plain = name.split('@').next().unwrap_or("");
    if plain.is_empty()
        || plain.bytes().all(|b| b.is_ascii_digit())
        || !plain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
        || host.is_empty()
    {
        return None;
    }
    if name.contains('@') {
        return Some(name.to_string());
    }
    Some(format!("{name}@{host}"))
}

/// Host of a URI.
pub(super) fn host_of(uri: &str) -> Option<&str> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// Native account id of an actor URI: `user@domain` when the URI names the user,
/// otherwise the URI itself.
pub(super) fn account_native(uri: &str) -> String {
    acct_from_uri(uri).unwrap_or_else(|| uri.to_string())
}
