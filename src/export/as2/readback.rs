//! What lifeboat's own reader makes of what is written: the records read back, to
//! compare against the archive's.

use super::*;

/// The keys of an object lifeboat's Mastodon reader maps to model fields (the rest
/// stays in the record's `ext`).
pub(super) fn leftover(obj: &Map<String, Value>, act: &Map<String, Value>) -> Map<String, Value> {
    let mut o = obj.clone();
    for k in [
        "id",
        "attributedTo",
        "published",
        "updated",
        "content",
        "summary",
        "sensitive",
        "inReplyTo",
        "tag",
        "attachment",
    ] {
        o.remove(k);
    }
    if matches!(
        o.get("type").and_then(Value::as_str),
        Some("Article" | "Page" | "Event")
    ) {
        o.remove("name");
    }
    if let Some(Value::Object(cm)) = o.get("contentMap") {
        if cm.len() == 1 && cm.values().next() == obj.get("content") {
            o.remove("contentMap");
        }
    }
    if o.get("url").is_some_and(|u| !u.is_array()) {
        o.remove("url");
    }
    let mut quote: Option<&str> = None;
    for k in reader::QUOTE_KEYS {
        if let Some(q) = obj.get(k).and_then(Value::as_str) {
            if quote.is_none() || quote == Some(q) {
                quote = Some(q);
                o.remove(k);
            }
        }
    }
    if let Some(Value::Object(r)) = obj.get("replies") {
        let embedded = r.get("items").and_then(Value::as_array).is_some_and(|i| {
            !i.is_empty()
                && i.iter()
                    .all(|x| x.get("id").is_some() && x.get("type").is_some())
        });
        if embedded && r.keys().all(|k| k == "type" || k == "items") {
            o.remove("replies");
        }
    }
    // tags and attachments the reader does not map stay in ext
    let others: Vec<Value> = obj
        .get("tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| {
            let k = t.get("type").and_then(Value::as_str).unwrap_or("");
            let name = t.get("name").and_then(Value::as_str).unwrap_or("");
            let href = t.get("href").and_then(Value::as_str).unwrap_or("");
            !(k == "Mention" && (!name.is_empty() || !href.is_empty())
                || k == "Hashtag" && !name.is_empty())
        })
        .cloned()
        .collect();
    if !others.is_empty() {
        o.insert("tag".into(), Value::Array(others));
    }
    let atts: Vec<Value> = obj
        .get("attachment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|a| {
            !(a.get("type").and_then(Value::as_str) != Some("Link")
                && a.get("url")
                    .is_some_and(|u| u.is_string() || u.get("href").is_some()))
        })
        .cloned()
        .collect();
    if !atts.is_empty() {
        o.insert("attachment".into(), Value::Array(atts));
    }
    let mut a = act.clone();
    for k in ["actor", "object", "type"] {
        a.remove(k);
    }
    for k in ["to", "cc", "published"] {
        if a.get(k).is_some() && a.get(k) == obj.get(k) {
            a.remove(k);
        }
    }
    if !a.is_empty() {
        o.insert("activity".into(), Value::Object(a));
    }
    o
}

/// The visibility a reader derives from the addressing written (as Mastodon does).
pub(super) fn visibility_back(followers: &str, to: &[Value], cc: &[Value]) -> Visibility {
    let has = |l: &[Value], s: &str| l.iter().any(|x| x.as_str() == Some(s));
    if has(to, PUBLIC) {
        Visibility::Public
    } else if has(cc, PUBLIC) {
        Visibility::Unlisted
    } else if to
        .iter()
        .filter_map(Value::as_str)
        .any(|u| u == followers || u.ends_with("/followers"))
    {
        Visibility::Followers
    } else {
        // addressed to nobody, or to some accounts: direct, as Mastodon reads it
        let _ = cc;
        Visibility::Direct
    }
}

/// The key lifeboat's Mastodon reader matches a media URL by.
pub(super) fn reader_media_key(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    match path.find("media_attachments/") {
        Some(i) => path.get(i..).unwrap_or("").to_string(),
        None => path
            .strip_prefix("https://")
            .or_else(|| path.strip_prefix("http://"))
            .and_then(|r| r.split_once('/').map(|(_, p)| p))
            .unwrap_or(path)
            .trim_start_matches('/')
            .to_string(),
    }
}

/// Why a field of the owner's profile does not come back as it is.
pub(super) fn owner_reason(fmt: Format, mastodon: bool, field: &str) -> String {
    let f = if fmt == Format::Mastodon {
        "the Mastodon archive's actor.json"
    } else {
        "an ActivityStreams actor"
    };
    match field {
        "ext" if mastodon && fmt == Format::Mastodon => {
            "the profile's own fields are written back but for what the output rules remove (markup that could run, addresses that are not web links)".into()
        }
        "ext" if mastodon => "a standalone outbox names its owner by the profile's own fields only (not its keys, devices or the archive's files), with markup that could run removed".into(),
        "ext" | "network" | "raw_times" => reason(fmt, Kind::Account, field),
        "avatar_url" | "header_url" if fmt == Format::Mastodon => {
            "the profile images are files in the archive, named in actor.json".into()
        }
        "bio" => "the bio is read back from its HTML".into(),
        "handle" => "the handle is read back as user@host".into(),
        _ => format!("{f} has no place for the profile's {field}"),
    }
}

/// What a reader makes of the owner's account from the actor written.
pub(super) fn owner_back(a: &Account, actor: &Value) -> Account {
    let m = actor.as_object().cloned().unwrap_or_default();
    let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
    let mut b = Account {
        id: a.id.clone(),
        network: network_of(&a.id).to_string(),
        is_owner: true,
        source: a.source.clone(),
        ..Account::default()
    };
    b.handle = if is_mastodon(&a.id) {
        a.handle.clone()
    } else {
        s("preferredUsername")
    };
    b.display_name = s("name");
    b.url = s("url");
    b.created_at = s("published").and_then(|t| crate::model::Timestamp::parse(&t).map(|x| x.0));
    b.bio = s("summary")
        .map(|h| crate::read::html::to_text(&h))
        .filter(|t| !t.is_empty());
    b.protected = m.get("manuallyApprovesFollowers").and_then(Value::as_bool);
    b.website = m.get("attachment").and_then(Value::as_array).and_then(|l| {
        l.iter().find_map(|f| {
            let r = crate::read::html::render(f.get("value")?.as_str()?);
            r.anchors
                .into_iter()
                .find(|a| !a.is_mention() && !a.is_hashtag())
                .map(|a| a.href)
        })
    });
    let absolute = |k: &str| {
        m.get(k)
            .and_then(|i| i.get("url"))
            .and_then(Value::as_str)
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(str::to_string)
    };
    b.avatar_url = absolute("icon");
    b.header_url = absolute("image");
    let mut ext = m.clone();
    for k in ["preferredUsername", "published", "name", "url", "@context"] {
        ext.remove(k);
    }
    if is_mastodon(&a.id) {
        b.raw_times = a.raw_times.clone();
    }
    b.ext = crate::model::Ext::from_map(ext);
    b
}

/// What a reader makes of a profile image written as `name` in the zip.
pub(super) fn profile_back(m: &Media, name: &str, sha: &str, n: u64, owner: Option<&str>) -> Media {
    let mut b = Media {
        id: format!("mastodon:media:file/{name}"),
        network: "mastodon".into(),
        kind: Media::kind_of_mime(crate::archive::mime_of(name)).into(),
        attached_to: owner.map(|o| vec![o.to_string()]).unwrap_or_default(),
        source: m.source.clone(),
        ..Media::default()
    };
    b.set_file(
        name.to_string(),
        sha.to_string(),
        n,
        crate::archive::media_path(sha, name),
    );
    let role = if name.starts_with("avatar.") {
        "avatar"
    } else {
        "header"
    };
    b.ext.insert_string("role", role.into());
    // a record of another id is not this one read back: it is counted as lost
    if b.id != m.id {
        return m.clone();
    }
    b
}

/// What a reader makes of a media record from the attachment written.
pub(super) fn media_back(m: &Media, out: &MediaOut) -> Media {
    let mut b = m.clone();
    b.network = network_of(&m.id).to_string();
    b.original_url = Some(out.url.clone());
    b.kind = Media::kind_of_mime(&out.mime).to_string();
    b.mime = Some(out.mime.clone());
    match &out.file {
        Some((entry, sha, bytes)) => {
            b.sha256 = Some(sha.clone());
            b.bytes = Some(*bytes);
            b.path = Some(crate::archive::media_path(sha, entry));
            b.original_path = Some(entry.clone());
            b.mime = Some(crate::archive::mime_of(entry).to_string());
            b.missing = false;
        }
        None => {
            b.sha256 = None;
            b.bytes = None;
            b.path = None;
            b.original_path = None;
            b.missing = true;
        }
    }
    // the attachment's own fields (blurhash, size, …), and the declared type when it
    // is not the file's
    let mut ext = if is_mastodon(&m.id) {
        ext_map(&m.ext)
    } else {
        Map::new()
    };
    ext.entry("type").or_insert(json!("Document"));
    ext.remove("mediaType");
    if b.mime.as_deref() != Some(out.mime.as_str()) && out.file.is_some() {
        ext.insert("mediaType".into(), json!(out.mime));
    }
    let _ = out.named;
    b.ext = crate::model::Ext::from_map(ext);
    b
}
