//! The actor: the owner as an ActivityStreams `Person`, other accounts as the
//! references a post names, and what may be addressed.

use super::*;

pub(super) fn is_mastodon(id: &str) -> bool {
    network_of(id) == "mastodon"
}

/// The actor IRI of the owner (its ActivityPub id when the archive has one).
pub(super) fn actor_iri(ctx: &Ctx) -> Option<String> {
    let o = ctx.owner.as_ref()?;
    Some(
        o.ext
            .get_str("id")
            .filter(|u| web(u).is_some() && is_mastodon(&o.id))
            .unwrap_or_else(|| iri_of(&o.id, o.url.as_deref())),
    )
}

pub(super) fn account_iri(ctx: &Ctx, id: &str) -> String {
    iri_of(
        id,
        ctx.accounts
            .get(id)
            .as_deref()
            .and_then(|a| a.url.as_deref()),
    )
}

/// The `href` of a mention: a Mastodon account's actor URI as the source gave it (the
/// mention's name, `@user@host`, names the account), else the account's IRI.
pub(super) fn mention_href(ctx: &Ctx, id: &str) -> String {
    if is_mastodon(id) {
        if let Some(u) = ctx
            .accounts
            .get(id)
            .as_deref()
            .and_then(|a| a.url.as_deref())
        {
            if u.starts_with("https://") || u.starts_with("http://") {
                return u.to_string();
            }
        }
    }
    account_iri(ctx, id)
}

pub(super) fn followers_iri(ctx: &Ctx, owner_iri: &str) -> String {
    ctx.owner
        .as_ref()
        .and_then(|o| o.ext.get_str("followers"))
        .filter(|u| web(u).is_some())
        .unwrap_or_else(|| format!("{owner_iri}/followers"))
}

/// The owner as an AS2 `Person` (`actor.json`, and the outbox's `attributedTo`).
pub(super) fn actor_object(ctx: &Ctx, iri: &str) -> Value {
    let mut a = Map::new();
    let Some(o) = &ctx.owner else {
        return Value::Object(a);
    };
    // a Mastodon owner: every field of actor.json the model does not map, as it was
    // but for what the output rules take out: collections and endpoints that are not
    // http(s) URLs, markup that could run in the bio and the profile fields
    if is_mastodon(&o.id) {
        a = ext_map(&o.ext);
        for key in ACTOR_URLS {
            if let Some(v) = a.remove(key) {
                if let Some(v) = web_only(v) {
                    a.insert(key.to_string(), v);
                }
            }
        }
        if let Some(Value::String(h)) = a.get("summary") {
            let clean = safe::sanitize(h, Profile::Web);
            a.insert("summary".into(), json!(clean));
        }
        if let Some(Value::Array(fields)) = a.get_mut("attachment") {
            for f in fields.iter_mut() {
                if let Some(Value::String(v)) = f.get("value") {
                    let clean = safe::sanitize(v, Profile::Web);
                    f["value"] = json!(clean);
                }
            }
        }
    }
    a.insert("id".into(), json!(iri));
    a.entry("type").or_insert(json!("Person"));
    if let Some(h) = &o.handle {
        let user = if is_mastodon(&o.id) {
            h.split('@').next().unwrap_or(h)
        } else {
            h.as_str()
        };
        a.insert("preferredUsername".into(), json!(user));
    }
    if let Some(n) = &o.display_name {
        a.insert("name".into(), json!(n));
    }
    if let Some(b) = &o.bio {
        a.entry("summary").or_insert(json!(text_html(b)));
    }
    match o.url.as_deref().and_then(link) {
        Some(u) => {
            a.insert("url".into(), json!(u));
        }
        None => {
            a.remove("url");
        }
    }
    if let Some(t) = &o.created_at {
        a.insert("published".into(), json!(time(t)));
    }
    if let Some(p) = o.protected {
        a.insert("manuallyApprovesFollowers".into(), json!(p));
    }
    if let Some(site) = &o.website {
        if !a.contains_key("attachment") {
            a.insert(
                "attachment".into(),
                json!([{"type": "PropertyValue", "name": "Website", "value": format!("<a href=\"{0}\" rel=\"me nofollow noopener\">{0}</a>", crate::export::text::esc(site))}]),
            );
        }
    }
    for (key, url) in [("icon", &o.avatar_url), ("image", &o.header_url)] {
        if let Some(u) = url.as_deref().and_then(web) {
            a.entry(key).or_insert(json!({"type": "Image", "url": u}));
        }
    }
    a.entry("followers")
        .or_insert(json!(followers_iri(ctx, iri)));
    Value::Object(a)
}

/// The owner as a standalone outbox names it: the profile, without the keys and the
/// archive's own files (`avatar.png`, `likes.json`) that mean something only inside a
/// Mastodon archive.
pub(super) fn outbox_actor(a: Value) -> Value {
    pub(super) const KEEP: [&str; 20] = [
        "id",
        "type",
        "preferredUsername",
        "name",
        "summary",
        "url",
        "published",
        "manuallyApprovesFollowers",
        "followers",
        "following",
        "attachment",
        "tag",
        "alsoKnownAs",
        "movedTo",
        "discoverable",
        "indexable",
        "featured",
        "featuredTags",
        "icon",
        "image",
    ];
    let Value::Object(m) = a else { return a };
    let absolute = |v: &Value| {
        v.get("url")
            .and_then(Value::as_str)
            .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
    };
    Value::Object(
        m.into_iter()
            .filter(|(k, v)| {
                KEEP.contains(&k.as_str())
                    && (!matches!(k.as_str(), "icon" | "image") || absolute(v))
            })
            .collect(),
    )
}

/// True when every `href` and `url` string in a value (at any depth) is an `http`,
/// `https` or `mailto` link.
pub(super) fn addresses_are_links(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| match (k.as_str(), x) {
            ("href" | "url", Value::String(u)) => link(u).is_some(),
            (_, x) => addresses_are_links(x),
        }),
        Value::Array(a) => a.iter().all(addresses_are_links),
        _ => true,
    }
}

/// The actor's collections and endpoints, kept only as `http(s)` URLs (the URL policy).
pub(super) const ACTOR_URLS: [&str; 10] = [
    "inbox",
    "outbox",
    "following",
    "followers",
    "featured",
    "featuredTags",
    "endpoints",
    "alsoKnownAs",
    "movedTo",
    "devices",
];

/// A JSON value from the dump with every string that is not an `http(s)` URL taken
/// out (the URL policy, for the actor's collections and endpoints); `None` when
/// nothing is left. Booleans and numbers stay.
pub(super) fn web_only(v: Value) -> Option<Value> {
    match v {
        Value::String(s) => web(&s).is_some().then_some(Value::String(s)),
        Value::Array(a) => {
            let a: Vec<Value> = a.into_iter().filter_map(web_only).collect();
            (!a.is_empty()).then_some(Value::Array(a))
        }
        Value::Object(o) => {
            let o: Map<String, Value> = o
                .into_iter()
                .filter_map(|(k, v)| web_only(v).map(|v| (k, v)))
                .collect();
            (!o.is_empty()).then_some(Value::Object(o))
        }
        Value::Null => None,
        other => Some(other),
    }
}

/// An account other than the owner as an embedded actor (`attributedTo`).
pub(super) fn person(ctx: &Ctx, id: &str) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!("Person"));
    m.insert("id".into(), json!(account_iri(ctx, id)));
    if let Some(a) = ctx.accounts.get(id) {
        if let Some(h) = &a.handle {
            m.insert("preferredUsername".into(), json!(h));
        }
        if let Some(d) = &a.display_name {
            m.insert("name".into(), json!(d));
        }
        if let Some(u) = a.url.as_deref().and_then(link) {
            m.insert("url".into(), json!(u));
        }
    }
    Value::Object(m)
}
