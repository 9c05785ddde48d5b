//! ActivityStreams 2.0: a JSON-LD outbox, and the Mastodon-compatible account archive
//! (a zip of `actor.json`, `outbox.json`, `likes.json`, `bookmarks.json`,
//! `media_attachments/…` and Mastodon's import CSVs).
//!
//! A post is written as it is, not rewritten: `content` is its own HTML (or its text as
//! HTML when it has none), its content warning is `summary` (with `sensitive` as the
//! archive has it), a quote is the `quote`/`quoteUri`/`_misskey_quote` properties
//! Mastodon, Fedibird and Misskey read, mentions and hashtags are `tag`s with their
//! `href`s. A post read from Mastodon gets back every field of its own that the model
//! does not map (custom emoji, polls with their votes, `atomUri`, `conversation`, …),
//! so that a Mastodon archive round-trips byte for byte in its text. Public replies of
//! other accounts are embedded as the `replies` collection of the post they answer.
//! Every record is named by an IRI lifeboat's reader turns back into its record id
//! (`crate::model::record_of_iri`); ids that Mastodon's own files have no place for
//! (likes and list rows of other networks) go into `lifeboat_ids.json` in the zip.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::fidelity::settle;
use super::ids::{iri_of, native, network_of, post_iri};
use super::out::{clear, create};
use super::report::Book;
use super::safe::{self, link, web, Profile};
use super::select::Ctx;
use super::text::text_html;
use super::Format;
use crate::error::{Error, Result};
use crate::import::mastodon::{self as reader, AccountRef};
use crate::model::{Account, Kind, Link, Media, Post, Reaction, Record, Relationship, Visibility};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The zip's file of record ids that Mastodon's own files have no place for.
pub(crate) const IDS_FILE: &str = "lifeboat_ids.json";

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// The terms of the outbox beyond ActivityStreams: Mastodon's, OStatus's, and the
/// quote properties of Mastodon 4.5 (FEP-044f), Fedibird and Misskey.
fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "ostatus": "http://ostatus.org#",
            "atomUri": "ostatus:atomUri",
            "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
            "conversation": "ostatus:conversation",
            "sensitive": "as:sensitive",
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "Hashtag": "as:Hashtag",
            "toot": "http://joinmastodon.org/ns#",
            "Emoji": "toot:Emoji",
            "votersCount": "toot:votersCount",
            "blurhash": "toot:blurhash",
            "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
            "featured": {"@id": "toot:featured", "@type": "@id"},
            "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
            "discoverable": "toot:discoverable",
            "indexable": "toot:indexable",
            "memorial": "toot:memorial",
            "suspended": "toot:suspended",
            "devices": {"@id": "toot:devices", "@type": "@id"},
            "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
            "movedTo": {"@id": "as:movedTo", "@type": "@id"},
            "quote": {"@id": "https://w3id.org/fep/044f#quote", "@type": "@id"},
            "quoteAuthorization": {"@id": "https://w3id.org/fep/044f#quoteAuthorization", "@type": "@id"},
            "gts": "https://gotosocial.org/ns#",
            "interactionPolicy": {"@id": "gts:interactionPolicy", "@type": "@id"},
            "canQuote": {"@id": "gts:canQuote", "@type": "@id"},
            "automaticApproval": {"@id": "gts:automaticApproval", "@type": "@id"},
            "manualApproval": {"@id": "gts:manualApproval", "@type": "@id"},
            "quoteUri": {"@id": "http://fedibird.com/ns#quoteUri", "@type": "@id"},
            "_misskey_quote": {"@id": "https://misskey-hub.net/ns#_misskey_quote", "@type": "@id"},
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value"
        }
    ])
}

/// The reasons of the fields a format does not keep as they are.
fn reason(fmt: Format, kind: Kind, field: &str) -> String {
    let f = if fmt == Format::Mastodon {
        "the Mastodon archive"
    } else {
        "an ActivityStreams outbox"
    };
    match (kind, field) {
        (_, "ext") => format!("fields of the source that the model does not map have no place in {f} (kept when the source is Mastodon)"),
        (_, "network") => "written as a Mastodon record".into(),
        (_, "raw_times") => "the source's own spelling of its times is not kept (the times are)".into(),
        (Kind::Post, "text") => "the text is read back from its HTML (repeated spaces collapse, characters HTML cannot hold are removed)".into(),
        (Kind::Post, "html") => format!("{f} carries the post's HTML sanitized (markup that could run, and markup outside the allowlist, removed), or its text as HTML"),
        (Kind::Post, "links") => "links are read back from the HTML anchors (short forms and display texts are not kept)".into(),
        (Kind::Post, "mentions") => "a mention keeps only the handle and the account".into(),
        (Kind::Post, "tags") => "hashtags are read back from the tags and the HTML anchors".into(),
        (Kind::Post, "metrics") => format!("{f} has counters for likes, reposts and replies only"),
        (Kind::Post, "visibility") => format!("{f} has no audience for this visibility: written for the followers"),
        (Kind::Post, "content_warning") => "the warning's markup is read back as text".into(),
        (Kind::Post, "reply_to_account") => "the author of the post answered is read from the post's address, or not named".into(),
        (Kind::Post, "repost_of_account") => "the author of the post shared is read from the addressing, or not named".into(),
        (Kind::Post, "title") => "only articles have a title (`name`)".into(),
        (Kind::Post, "author") => "an outbox has one actor".into(),
        (Kind::Post, "media") => "attachments not published (no file or address, or a file that cannot be cleaned of metadata) are left out".into(),
        (Kind::Post, f2) => format!("{f} has no place for {f2}"),
        (Kind::Account, "is_owner") => format!("{f} has one owner: the first actor"),
        (Kind::Account, f2) => format!("other accounts appear only as actors and mentions: {f2} is not carried"),
        (Kind::Media, "sha256" | "bytes" | "path") if fmt == Format::Mastodon => "EXIF and location data are removed from published files".into(),
        (Kind::Media, "sha256" | "bytes" | "path") => format!("{f} holds the file's address, not the file"),
        (Kind::Media, "original_path") if fmt == Format::Mastodon => "a file in the archive is named by Mastodon's layout (media_attachments/files/…/original/…)".into(),
        (Kind::Media, "missing" | "original_path") => format!("{f} holds the file's address, not the file"),
        (Kind::Media, "original_url") => format!("{f} names the file by its place in the archive, not by the address the network served it from"),
        (Kind::Media, "mime" | "kind") if fmt == Format::ActivityStreams => "an outbox gives the type the source declared for the address, not the stored file's".into(),
        (Kind::Media, "mime" | "kind") => "a file in the archive is of the type its bytes say".into(),
        (Kind::Media, f2) => format!("{f} has no place for the media's {f2}"),
        (Kind::Reaction, "actor") => "the likes and bookmarks lists belong to the archive's owner".into(),
        (Kind::Reaction, f2) => format!("Mastodon's likes and bookmarks lists hold only the post's address ({f2} is not carried)"),
        (Kind::Relationship, "subject" | "id") => "the lists belong to the archive's owner".into(),
        (Kind::Relationship, f2) => format!("Mastodon's lists have no column for {f2}"),
        (_, f2) => format!("{f} has no place for {f2}"),
    }
}

/// The record ids a reader of the written files will make for each account it meets,
/// in its order (the first reference that gives a handle, a name or an URL gives it).
#[derive(Default)]
struct Refs {
    seen: BTreeMap<String, AccountRef>,
}

impl Refs {
    fn see(&mut self, r: AccountRef) {
        let e = self.seen.entry(r.id.clone()).or_insert_with(|| AccountRef {
            id: r.id.clone(),
            ..AccountRef::default()
        });
        if e.handle.is_none() {
            e.handle = r.handle;
        }
        if e.display_name.is_none() {
            e.display_name = r.display_name;
        }
        if e.url.is_none() {
            e.url = r.url;
        }
    }
}

/// What was written for a media record (to tell what a reader makes of it).
struct MediaOut {
    url: String,
    mime: String,
    /// The file in the zip: its entry name, and its SHA-256 and size as written.
    file: Option<(String, String, u64)>,
    /// The record id is named by the attachment's `id`.
    named: bool,
}

struct Writer<'c, 'a> {
    ctx: &'c Ctx<'a>,
    fmt: Format,
    refs: Refs,
    media_out: HashMap<String, MediaOut>,
    /// Media files to put into the zip: (entry name, file in the archive).
    zip_files: Vec<(String, std::path::PathBuf)>,
    zip_names: BTreeSet<String>,
    owner_iri: String,
    owner_id: Option<String>,
    /// Attachments of written posts that are not written, with why.
    media_unwritten: BTreeMap<String, String>,
    /// The author of the first activity: the owner a reader takes when the archive
    /// names none.
    first_actor: Option<String>,
    /// Profile images written into the zip, by their path in the archive: (entry name,
    /// SHA-256 and size as written).
    profile_out: HashMap<String, (String, String, u64)>,
}

fn is_mastodon(id: &str) -> bool {
    network_of(id) == "mastodon"
}

/// The actor IRI of the owner (its ActivityPub id when the archive has one).
fn actor_iri(ctx: &Ctx) -> Option<String> {
    let o = ctx.owner.as_ref()?;
    Some(
        o.ext
            .get_str("id")
            .filter(|u| web(u).is_some() && is_mastodon(&o.id))
            .unwrap_or_else(|| iri_of(&o.id, o.url.as_deref())),
    )
}

fn account_iri(ctx: &Ctx, id: &str) -> String {
    iri_of(id, ctx.accounts.get(id).and_then(|a| a.url.as_deref()))
}

/// The `href` of a mention: a Mastodon account's actor URI as the source gave it (the
/// mention's name, `@user@host`, names the account), else the account's IRI.
fn mention_href(ctx: &Ctx, id: &str) -> String {
    if is_mastodon(id) {
        if let Some(u) = ctx.accounts.get(id).and_then(|a| a.url.as_deref()) {
            if u.starts_with("https://") || u.starts_with("http://") {
                return u.to_string();
            }
        }
    }
    account_iri(ctx, id)
}

fn followers_iri(ctx: &Ctx, owner_iri: &str) -> String {
    ctx.owner
        .as_ref()
        .and_then(|o| o.ext.get_str("followers"))
        .filter(|u| web(u).is_some())
        .unwrap_or_else(|| format!("{owner_iri}/followers"))
}

/// A time as the archive writes it (milliseconds kept when there are any).
fn time(t: &crate::model::Timestamp) -> String {
    t.to_rfc3339()
}

/// The HTML a post is written with: its own, sanitized (no markup that could run),
/// or its text as HTML.
pub(crate) fn own_html(p: &Post) -> String {
    safe::post_body(p, Profile::Web)
}

/// The ext of a record read back from Mastodon, as a JSON object.
fn ext_map(e: &crate::model::Ext) -> Map<String, Value> {
    match serde_json::to_value(e) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The owner as an AS2 `Person` (`actor.json`, and the outbox's `attributedTo`).
fn actor_object(ctx: &Ctx, iri: &str) -> Value {
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
                json!([{"type": "PropertyValue", "name": "Website", "value": format!("<a href=\"{0}\" rel=\"me nofollow noopener\">{0}</a>", super::text::esc(site))}]),
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
fn outbox_actor(a: Value) -> Value {
    const KEEP: [&str; 20] = [
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
fn addresses_are_links(v: &Value) -> bool {
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
const ACTOR_URLS: [&str; 10] = [
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
fn web_only(v: Value) -> Option<Value> {
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
fn person(ctx: &Ctx, id: &str) -> Value {
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

/// The keys of an object lifeboat's Mastodon reader maps to model fields (the rest
/// stays in the record's `ext`).
fn leftover(obj: &Map<String, Value>, act: &Map<String, Value>) -> Map<String, Value> {
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
fn visibility_back(followers: &str, to: &[Value], cc: &[Value]) -> Visibility {
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

impl<'c, 'a> Writer<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, fmt: Format) -> Writer<'c, 'a> {
        let owner_iri = actor_iri(ctx).unwrap_or_default();
        Writer {
            ctx,
            fmt,
            refs: Refs::default(),
            media_out: HashMap::new(),
            zip_files: Vec::new(),
            zip_names: BTreeSet::new(),
            owner_id: ctx.owner.as_ref().map(|o| o.id.clone()),
            owner_iri,
            media_unwritten: BTreeMap::new(),
            first_actor: None,
            profile_out: HashMap::new(),
        }
    }

    fn fmt_name(&self) -> &'static str {
        if self.fmt == Format::Mastodon {
            "the Mastodon archive"
        } else {
            "ActivityStreams"
        }
    }

    /// The actor IRI of an author, and what `attributedTo` says of it.
    fn author(&mut self, id: &str) -> (String, Value) {
        if Some(id) == self.owner_id.as_deref() {
            return (self.owner_iri.clone(), json!(self.owner_iri));
        }
        let p = person(self.ctx, id);
        if let Some(r) = p.as_object().and_then(reader::actor_object_ref) {
            self.refs.see(r);
        }
        (account_iri(self.ctx, id), p)
    }

    /// Addressing by visibility (Mastodon's mapping).
    fn addressing(&self, p: &Post, mentioned: &[String]) -> (Vec<Value>, Vec<Value>) {
        // the owner's followers (an archive without an owner: the author's)
        let f: Vec<Value> = if self.owner_iri.is_empty() {
            vec![json!(format!(
                "{}/followers",
                account_iri(self.ctx, &p.author)
            ))]
        } else {
            vec![json!(followers_iri(self.ctx, &self.owner_iri))]
        };
        let m: Vec<Value> = mentioned.iter().map(|x| json!(x)).collect();
        match p.visibility {
            Visibility::Public => (vec![json!(PUBLIC)], [f, m].concat()),
            Visibility::Unlisted => (f, [vec![json!(PUBLIC)], m].concat()),
            Visibility::Followers => (f, m),
            Visibility::Direct => (m, vec![]),
            // an audience Mastodon has no addressing for (a chosen one, or one the dump
            // does not record, published with --include): the followers, the narrowest
            // audience that is not a direct message (Mastodon reads a post addressed to
            // nobody as one)
            Visibility::Private | Visibility::Unknown => (f, m),
        }
    }

    /// The URL an attachment is written with, and the media record's fate.
    /// The URL and type an attachment is written with, or why it is not written.
    fn media_url(
        &mut self,
        mid: &str,
        m: &crate::export::select::MediaLite,
    ) -> std::result::Result<(String, String), String> {
        if self.fmt == Format::Mastodon {
            if let Some(file) = self.ctx.media_file(m) {
                // cleaned now to learn its type (and again when it is zipped)
                let out = match self.ctx.outgoing(&file) {
                    Ok(Ok(o)) => o,
                    Ok(Err(why)) => return Err(why),
                    Err(e) => return Err(format!("the file could not be read ({e})")),
                };
                let name = self.zip_name(mid, m, out.ext);
                if self.zip_names.insert(name.clone()) {
                    self.zip_files.push((name.clone(), file));
                }
                // the URL the source gave, when it points at this very entry
                let url = m
                    .original_url
                    .clone()
                    .filter(|u| reader_media_key(u) == name)
                    .unwrap_or_else(|| name.clone());
                return Ok((url, out.mime.to_string()));
            }
        }
        match m.web_url() {
            Some(u) => Ok((u.to_string(), m.mime_or_default())),
            None if self.fmt == Format::Mastodon => {
                Err("the file is not in the archive and has no public address".into())
            }
            None => Err("an outbox names media by a public address, and this one has none (its file stays in the archive)".into()),
        }
    }

    /// The zip entry of a media file: Mastodon's layout (`media_attachments/files/
    /// 110/285/…/original/<name>.<ext>`), the one of the source when it had it.
    fn zip_name(&self, mid: &str, m: &crate::export::select::MediaLite, ext: &str) -> String {
        if let Some(u) = &m.original_url {
            let key = reader_media_key(u);
            let same_type = key.rsplit_once('.').is_some_and(|(_, e)| {
                crate::archive::mime_of(&format!("x.{e}"))
                    == crate::archive::mime_of(&format!("x.{ext}"))
            });
            if key.starts_with("media_attachments/files/") && !key.contains("..") && same_type {
                return key;
            }
        }
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(mid.as_bytes());
        let mut n = [0u8; 8];
        n.copy_from_slice(h.get(..8).unwrap_or(&[0; 8]));
        let digits = format!("{:018}", u64::from_be_bytes(n) % 1_000_000_000_000_000_000);
        let stem = m
            .path
            .as_deref()
            .and_then(|p| p.rsplit('/').next())
            .and_then(|f| f.split('.').next())
            .unwrap_or("file");
        format!(
            "media_attachments/files/{}/original/{stem}.{ext}",
            digits
                .as_bytes()
                .chunks(3)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("/")
        )
    }

    /// One post as an object (`Note`, `Article`, or what Mastodon gave), with the
    /// replies of other accounts embedded; counts what a reader will not get back.
    fn object(&mut self, p: &Post, book: &mut Book, depth: usize) -> Value {
        let ctx = self.ctx;
        let mastodon = is_mastodon(&p.id);
        let ext = if mastodon {
            ext_map(&p.ext)
        } else {
            Map::new()
        };
        let (actor, attributed) = self.author(&p.author);
        let html = own_html(p);
        let mut o = Map::new();
        o.insert("id".into(), json!(post_iri(p)));
        o.insert(
            "type".into(),
            json!(if p.title.is_some() { "Article" } else { "Note" }),
        );
        o.insert("summary".into(), json!(p.content_warning));
        // the post answered, with its author when the address does not name it
        let in_reply_to = p.reply_to.as_deref().map(|r| {
            let iri = iri_of(r, None);
            match &p.reply_to_account {
                Some(a)
                    if reader::acct_from_uri(&iri)
                        .map(|x| format!("mastodon:account:{x}"))
                        .as_deref()
                        != Some(a.as_str()) =>
                {
                    json!({"id": iri, "attributedTo": account_iri(ctx, a)})
                }
                _ => json!(iri),
            }
        });
        o.insert("inReplyTo".into(), in_reply_to.unwrap_or(Value::Null));
        if let Some(t) = &p.created_at {
            o.insert("published".into(), json!(time(t)));
        }
        if let Some(u) = p.url.as_deref().and_then(link) {
            o.insert("url".into(), json!(u));
        }
        o.insert("attributedTo".into(), attributed.clone());
        // mentioned accounts are addressed
        let mut mentioned = Vec::new();
        let mut tags = Vec::new();
        for m in &p.mentions {
            let Some(acc) = &m.account else { continue };
            let href = mention_href(ctx, acc);
            let name = format!("@{}", m.handle);
            mentioned.push(href.clone());
            let r = reader::mention_ref(&name, &href);
            if Some(r.id.as_str()) != self.owner_id.as_deref() {
                self.refs.see(r);
            }
            tags.push(json!({"type": "Mention", "href": href, "name": name}));
        }
        for t in &p.tags {
            let mut h = json!({"type": "Hashtag", "name": format!("#{t}")});
            if mastodon {
                if let Some(host) = native(&p.id)
                    .strip_prefix("https://")
                    .and_then(|r| r.split('/').next())
                {
                    h["href"] = json!(format!("https://{host}/tags/{t}"));
                }
            }
            tags.push(h);
        }
        let (to, cc) = self.addressing(p, &mentioned);
        o.insert("to".into(), json!(to));
        o.insert("cc".into(), json!(cc));
        if let Some(s) = p.sensitive {
            o.insert("sensitive".into(), json!(s));
        }
        o.insert("content".into(), json!(html));
        if let Some(l) = &p.lang {
            o.insert("contentMap".into(), json!({ l.as_str(): html }));
        }
        if let Some(t) = &p.title {
            o.insert("name".into(), json!(t));
        }
        if let Some(t) = &p.edited_at {
            o.insert("updated".into(), json!(time(t)));
        }
        if let Some(q) = &p.quote_of {
            let iri = iri_of(q, None);
            for k in ["quote", "quoteUri", "_misskey_quote"] {
                o.insert(k.into(), json!(iri));
            }
        }
        for (k, n) in [("likes", "likes"), ("shares", "reposts")] {
            if let Some(v) = p.metrics.get(n) {
                if !mastodon {
                    o.insert(k.into(), json!({"type": "Collection", "totalItems": v}));
                }
            }
        }
        // attachments: the stored files (zip) or their addresses
        let mut atts = Vec::new();
        for (mid, m) in ctx.post_media(p) {
            let (url, file_mime) = match self.media_url(mid, m) {
                Ok(x) => x,
                Err(why) => {
                    self.media_unwritten.insert(mid.to_string(), why);
                    continue;
                }
            };
            let in_zip =
                self.fmt == Format::Mastodon && self.zip_names.contains(&reader_media_key(&url));
            let named = !is_mastodon(mid);
            let mut d = Map::new();
            if let Some(full) = self.ctx.media.get(mid).and_then(|_| self.media_ext(mid)) {
                d = full;
            }
            d.entry("type").or_insert(json!("Document"));
            // a file in the zip is of the type its bytes say; an address keeps the type
            // the source declared
            let mime = if in_zip {
                file_mime
            } else {
                d.get("mediaType")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or(file_mime)
            };
            d.insert("mediaType".into(), json!(mime));
            d.insert("url".into(), json!(url));
            d.insert("name".into(), json!(m.alt));
            if named {
                d.insert("id".into(), json!(super::ids::tag_uri(mid)));
            }
            atts.push(Value::Object(d));
            self.media_out.insert(
                mid.to_string(),
                MediaOut {
                    url,
                    mime,
                    file: None,
                    named,
                },
            );
        }
        // a Mastodon post's own fields, as they were (they win over the rebuilt ones)
        for (k, v) in ext {
            match k.as_str() {
                "activity" => {}
                // custom emoji and the like, link cards: kept when every address in
                // them is a link (the URL policy)
                "tag" => {
                    if let Value::Array(a) = v {
                        tags.extend(a.into_iter().filter(addresses_are_links));
                    }
                }
                "attachment" => {
                    if let Value::Array(a) = v {
                        atts.extend(a.into_iter().filter(addresses_are_links));
                    }
                }
                // the source's links, when they are links (the URL policy)
                "url" => {
                    if let Value::Array(a) = v {
                        let a: Vec<Value> = a
                            .into_iter()
                            .filter(|x| {
                                x.as_str()
                                    .or_else(|| x.get("href").and_then(Value::as_str))
                                    .is_some_and(|u| link(u).is_some())
                            })
                            .collect();
                        if !a.is_empty() {
                            o.insert(k, Value::Array(a));
                        }
                    }
                }
                _ => {
                    o.insert(k, v);
                }
            }
        }
        if !tags.is_empty() {
            o.insert("tag".into(), Value::Array(tags));
        }
        if !atts.is_empty() {
            o.insert("attachment".into(), Value::Array(atts));
        }
        // replies of other accounts: embedded, each a post of its own
        let replies = ctx.replies_of(&p.id);
        if !replies.is_empty() && depth < 64 {
            let items: Vec<Value> = replies
                .iter()
                .map(|r| {
                    let v = self.object(r, book, depth + 1);
                    if let Some(m) = v.as_object() {
                        self.post_fidelity(r, m, &Map::new(), book);
                    }
                    book.wrote(Kind::Post);
                    v
                })
                .collect();
            o.insert(
                "replies".into(),
                json!({"type": "Collection", "items": items}),
            );
        }
        let _ = actor;
        Value::Object(o)
    }

    /// The media record's own fields (a Mastodon attachment's `blurhash`, `width`, …).
    fn media_ext(&self, mid: &str) -> Option<Map<String, Value>> {
        if !is_mastodon(mid) {
            return None;
        }
        self.ctx.media.get(mid).and_then(|m| m.ext.clone())
    }

    /// What lifeboat's reader makes of the object written for `p`, against `p`.
    fn post_fidelity(
        &mut self,
        p: &Post,
        o: &Map<String, Value>,
        act: &Map<String, Value>,
        book: &mut Book,
    ) {
        let mut b = p.clone();
        let content = o.get("content").and_then(Value::as_str).unwrap_or("");
        let rendered = crate::import::html::render(content);
        b.network = network_of(&p.id).to_string();
        b.text = rendered.text;
        // the address: a string, or the first of a list (kept whole in ext)
        let str_or_href = |x: &Value| {
            x.as_str()
                .or_else(|| x.get("id").and_then(Value::as_str))
                .or_else(|| x.get("href").and_then(Value::as_str))
                .map(str::to_string)
        };
        b.url = match o.get("url") {
            Some(Value::Array(a)) => a.iter().find_map(str_or_href),
            Some(v) => str_or_href(v),
            None => None,
        };
        b.html = (!content.is_empty()).then(|| content.to_string());
        let mut links: Vec<Link> = Vec::new();
        let mut tags: Vec<String> = o
            .get("tag")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|t| t.get("type").and_then(Value::as_str) == Some("Hashtag"))
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .filter(|n| !n.is_empty())
            .map(|n| n.trim_start_matches('#').to_string())
            .collect();
        for a in &rendered.anchors {
            if a.is_mention() {
                continue;
            }
            if a.is_hashtag() {
                let t = a.text.trim_start_matches('#').to_string();
                if !t.is_empty() && !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                    tags.push(t);
                }
                continue;
            }
            if !links.iter().any(|l| l.url == a.href) {
                links.push(Link {
                    url: a.href.clone(),
                    short_url: None,
                    display: (!a.text.is_empty()).then(|| a.text.clone()),
                });
            }
        }
        for a in o
            .get("attachment")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if a.get("type").and_then(Value::as_str) == Some("Link") {
                if let Some(h) = a.get("href").and_then(Value::as_str) {
                    if !links.iter().any(|l| l.url == h) {
                        links.push(Link {
                            url: h.to_string(),
                            short_url: None,
                            display: a.get("name").and_then(Value::as_str).map(str::to_string),
                        });
                    }
                }
            }
        }
        b.links = links;
        b.tags = tags;
        b.content_warning = o
            .get("summary")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(reader::warning_of_summary);
        b.mentions = p
            .mentions
            .iter()
            .filter(|m| m.account.is_some())
            .map(|m| {
                let href = mention_href(self.ctx, m.account.as_deref().unwrap_or(""));
                let r = reader::mention_ref(&format!("@{}", m.handle), &href);
                crate::model::Mention {
                    handle: r.handle.unwrap_or_default(),
                    account: Some(r.id),
                    display_name: None,
                }
            })
            .collect();
        let to: Vec<Value> = o
            .get("to")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let cc: Vec<Value> = o
            .get("cc")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if !is_mastodon(&p.id) {
            b.visibility = visibility_back(&followers_iri(self.ctx, &self.owner_iri), &to, &cc);
        }
        b.reply_to_account = match o.get("inReplyTo") {
            Some(Value::Object(r)) => r
                .get("attributedTo")
                .and_then(Value::as_str)
                .map(|u| reader::actor_ref(u).id),
            Some(Value::String(u)) => {
                reader::acct_from_uri(u).map(|a| format!("mastodon:account:{a}"))
            }
            _ => None,
        };
        if b.title.is_some()
            && !matches!(
                o.get("type").and_then(Value::as_str),
                Some("Article" | "Page" | "Event")
            )
        {
            b.title = None;
        }
        let mut metrics = BTreeMap::new();
        for (k, n) in [
            ("likes", "likes"),
            ("shares", "reposts"),
            ("replies", "replies"),
        ] {
            if let Some(v) = o
                .get(k)
                .and_then(|c| c.get("totalItems"))
                .and_then(Value::as_u64)
            {
                metrics.insert(n.to_string(), v);
            }
        }
        if let Some(v) = o.get("votersCount").and_then(Value::as_u64) {
            metrics.insert("poll_voters".into(), v);
        }
        b.metrics = metrics;
        b.media = p
            .media
            .iter()
            .filter(|m| self.media_out.contains_key(*m))
            .cloned()
            .collect();
        // fields no ActivityStreams object carries
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.community = None;
        b.history.clear();
        b.raw_times.clear();
        b.repost_of = None;
        b.repost_of_account = None;
        let mut ext = leftover(o, act);
        if is_mastodon(&p.id) {
            // the raw copies the reader keeps of times it cannot parse
            for (k, v) in ext_map(&p.ext) {
                if matches!(k.as_str(), "published" | "updated") {
                    ext.insert(k, v);
                }
            }
            b.raw_times = p.raw_times.clone();
        }
        b.ext = crate::model::Ext::from_map(ext);
        let fmt = self.fmt;
        settle(book, Kind::Post, p, &b, &[], &|f| {
            reason(fmt, Kind::Post, f)
        });
    }

    /// A post as a `Create` activity, or a repost as an `Announce`.
    fn activity(&mut self, p: &Post, book: &mut Book) -> Value {
        let ctx = self.ctx;
        if self.first_actor.is_none() {
            self.first_actor = Some(p.author.clone());
        }
        let mastodon = is_mastodon(&p.id);
        let (actor, _) = self.author(&p.author);
        let published = p.created_at.as_ref().map(time);
        let mut act_ext = if mastodon {
            ext_map(&p.ext)
                .get("activity")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        } else {
            Map::new()
        };
        if let Some(r) = &p.repost_of {
            // the Announce is the repost's own record
            let mut cc = Vec::new();
            let (to, mut cc0) = self.addressing(p, &[]);
            cc.append(&mut cc0);
            let object = iri_of(r, None);
            if let Some(a) = &p.repost_of_account {
                let iri = account_iri(ctx, a);
                if reader::acct_from_uri(&object).is_none() {
                    cc.push(json!(iri));
                }
            }
            let mut act = Map::new();
            act.insert("id".into(), json!(post_iri(p)));
            act.insert("type".into(), json!("Announce"));
            act.insert("actor".into(), json!(actor));
            act.insert("published".into(), json!(published));
            act.insert("to".into(), json!(to));
            act.insert("cc".into(), json!(cc));
            act.insert("object".into(), json!(object));
            // words the sharer added (a reblog's comment, a reshare's text)
            if !p.text.trim().is_empty() || p.html.as_deref().is_some_and(|h| !h.trim().is_empty())
            {
                act.insert("content".into(), json!(own_html(p)));
            }
            if mastodon {
                for (k, v) in ext_map(&p.ext) {
                    act.insert(k, v);
                }
            }
            self.announce_fidelity(p, &act, book);
            book.wrote(Kind::Post);
            return Value::Object(act);
        }
        let object = self.object(p, book, 0);
        let id = post_iri(p);
        let act_id = if id.starts_with("http") {
            format!("{id}/activity")
        } else {
            format!("{id}#activity")
        };
        let mut act = Map::new();
        act.insert("id".into(), json!(act_id));
        act.insert("type".into(), json!("Create"));
        act.insert("actor".into(), json!(actor));
        act.insert("published".into(), json!(published));
        act.insert("to".into(), object.get("to").cloned().unwrap_or(json!([])));
        act.insert("cc".into(), object.get("cc").cloned().unwrap_or(json!([])));
        for (k, v) in std::mem::take(&mut act_ext) {
            act.insert(k, v);
        }
        if let Some(o) = object.as_object() {
            self.post_fidelity(p, o, &act, book);
        }
        act.insert("object".into(), object);
        book.wrote(Kind::Post);
        Value::Object(act)
    }

    fn announce_fidelity(&mut self, p: &Post, act: &Map<String, Value>, book: &mut Book) {
        let mut b = p.clone();
        b.network = network_of(&p.id).to_string();
        let object = act.get("object").and_then(Value::as_str).unwrap_or("");
        let cc: Vec<Value> = act
            .get("cc")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let to: Vec<Value> = act
            .get("to")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let followers = followers_iri(self.ctx, &self.owner_iri);
        let author_uri = reader::acct_from_uri(object)
            .map(|_| object.to_string())
            .or_else(|| {
                cc.iter()
                    .filter_map(Value::as_str)
                    .find(|u| *u != PUBLIC && *u != followers && !u.ends_with("/followers"))
                    .map(str::to_string)
            });
        b.repost_of_account = author_uri.map(|a| {
            let r = reader::announced_author_ref(&a);
            self.refs.see(r.clone());
            r.id
        });
        if !is_mastodon(&p.id) {
            b.visibility = visibility_back(&followers_iri(self.ctx, &self.owner_iri), &to, &cc);
        }
        // an Announce carries what it shares, and the words the sharer added
        let content = act
            .get("content")
            .and_then(Value::as_str)
            .filter(|c| !c.trim().is_empty());
        b.text = content
            .map(|c| crate::import::html::render(c).text)
            .unwrap_or_default();
        b.html = content.map(str::to_string);
        b.title = None;
        b.content_warning = None;
        b.lang = None;
        b.url = None;
        b.reply_to = None;
        b.reply_to_account = None;
        b.quote_of = None;
        b.media.clear();
        b.links.clear();
        b.mentions.clear();
        b.tags.clear();
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.metrics.clear();
        b.sensitive = None;
        b.community = None;
        b.edited_at = None;
        b.history.clear();
        let mut ext = act.clone();
        for k in ["id", "type", "actor", "object", "published"] {
            ext.remove(k);
        }
        if content.is_some() {
            ext.remove("content");
        }
        if is_mastodon(&p.id) {
            b.raw_times = p.raw_times.clone();
            if let Some(v) = p.ext.get_value("published") {
                ext.insert("published".into(), v);
            }
        } else {
            b.raw_times.clear();
        }
        b.ext = crate::model::Ext::from_map(ext);
        let fmt = self.fmt;
        settle(book, Kind::Post, p, &b, &[], &|f| match f {
            "ext" | "network" | "raw_times" | "visibility" | "repost_of_account" | "text"
            | "html" | "links" => reason(fmt, Kind::Post, f),
            _ => format!("a repost (an Announce) carries only the post it shares: {f} is not kept"),
        });
    }

    /// Stream the selected posts as activities into `f` (one JSON text each).
    fn items(&mut self, book: &mut Book, f: &mut dyn FnMut(&str) -> Result<()>) -> Result<u64> {
        let ctx = self.ctx;
        let mut n = 0u64;
        ctx.each_post(book, |p, book| {
            let a = self.activity(&p, book);
            n += 1;
            f(&serde_json::to_string(&a).unwrap_or_default())
        })?;
        Ok(n)
    }

    /// The owner as a reader gets it back from the actor written, and every other
    /// account: as the references written name it, or not at all.
    fn accounts_fidelity(&mut self, book: &mut Book, actor: Option<&Value>) -> Result<()> {
        let ctx = self.ctx;
        let fmt = self.fmt;
        for r in ctx.archive.records(Kind::Account)? {
            let Record::Account(a) = r? else { continue };
            if !ctx.filter.in_network(&a.network) {
                continue;
            }
            if Some(&a.id) == self.owner_id.as_ref() {
                match actor {
                    Some(v) => {
                        let b = owner_back(&a, v);
                        let own = is_mastodon(&a.id);
                        settle(book, Kind::Account, &a, &b, &[], &|f| {
                            owner_reason(fmt, own, f)
                        });
                        book.wrote(Kind::Account);
                    }
                    None => book.lost(Kind::Account, "the archive's owner has no place here"),
                }
                continue;
            }
            let first = self.owner_id.is_none() && self.first_actor.as_ref() == Some(&a.id);
            match self.refs.seen.get(&a.id) {
                Some(r) => {
                    let b = Account {
                        id: a.id.clone(),
                        network: network_of(&a.id).to_string(),
                        handle: r.handle.clone(),
                        display_name: r.display_name.clone(),
                        url: r.url.clone(),
                        is_owner: first,
                        source: a.source.clone(),
                        ..Account::default()
                    };
                    settle(book, Kind::Account, &a, &b, &[], &|f| reason(fmt, Kind::Account, f));
                    book.wrote(Kind::Account);
                }
                None => book.lost(
                    Kind::Account,
                    "accounts are carried only as the owner and as authors and mentions of what is written",
                ),
            }
        }
        Ok(())
    }

    /// Media records: as a reader gets them back from the attachments written, or not
    /// at all.
    fn media_fidelity(&mut self, book: &mut Book) -> Result<()> {
        let ctx = self.ctx;
        let fmt = self.fmt;
        for r in ctx.archive.records(Kind::Media)? {
            let Record::Media(m) = r? else { continue };
            if !ctx.filter.in_network(&m.network) {
                continue;
            }
            let Some(out) = self.media_out.get(&m.id) else {
                if let Some(why) = self.media_unwritten.get(&m.id) {
                    book.lost(Kind::Media, format!("{}: {why}", self.fmt_name()));
                } else if let Some((name, sha, n)) =
                    m.path.as_ref().and_then(|p| self.profile_out.get(p))
                {
                    // a profile image, read back as a file of the archive's owner
                    let b = profile_back(&m, name, sha, *n, self.owner_id.as_deref());
                    settle(book, Kind::Media, &m, &b, &[], &|f| {
                        reason(fmt, Kind::Media, f)
                    });
                    book.wrote(Kind::Media);
                } else if !self.profile_written(&m) {
                    book.lost(
                        Kind::Media,
                        "media are carried only as attachments of the posts written",
                    );
                }
                continue;
            };
            let b = media_back(&m, out);
            settle(book, Kind::Media, &m, &b, &[], &|f| {
                reason(fmt, Kind::Media, f)
            });
            book.wrote(Kind::Media);
        }
        Ok(())
    }

    fn profile_written(&self, m: &Media) -> bool {
        self.fmt == Format::Mastodon
            && self
                .ctx
                .profile_images
                .iter()
                .any(|(_, p)| p.path.is_some() && p.path == m.path)
    }
}

/// The key lifeboat's Mastodon reader matches a media URL by.
fn reader_media_key(url: &str) -> String {
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
fn owner_reason(fmt: Format, mastodon: bool, field: &str) -> String {
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
fn owner_back(a: &Account, actor: &Value) -> Account {
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
        .map(|h| crate::import::html::to_text(&h))
        .filter(|t| !t.is_empty());
    b.protected = m.get("manuallyApprovesFollowers").and_then(Value::as_bool);
    b.website = m.get("attachment").and_then(Value::as_array).and_then(|l| {
        l.iter().find_map(|f| {
            let r = crate::import::html::render(f.get("value")?.as_str()?);
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
fn profile_back(m: &Media, name: &str, sha: &str, n: u64, owner: Option<&str>) -> Media {
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

/// Bytes on their way to a writer, counted and hashed.
struct HashTee<'w, W: Write> {
    inner: &'w mut W,
    hasher: sha2::Sha256,
    n: u64,
}

impl<'w, W: Write> HashTee<'w, W> {
    fn new(inner: &'w mut W) -> Self {
        use sha2::Digest;
        HashTee {
            inner,
            hasher: sha2::Sha256::new(),
            n: 0,
        }
    }

    /// The SHA-256 (hex) and size of what was written.
    fn finish(self) -> (String, u64) {
        use sha2::Digest;
        let h = self.hasher.finalize();
        (h.iter().map(|x| format!("{x:02x}")).collect(), self.n)
    }
}

impl<W: Write> Write for HashTee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let k = self.inner.write(buf)?;
        self.hasher.update(buf.get(..k).unwrap_or(&[]));
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What a reader makes of a media record from the attachment written.
fn media_back(m: &Media, out: &MediaOut) -> Media {
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

/// Write an ActivityStreams 2.0 outbox (one JSON-LD file).
pub(crate) fn outbox(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let mut wr = Writer::new(ctx, Format::ActivityStreams);
    let mut f = create(out)?;
    let mut head = Map::new();
    head.insert("@context".into(), context());
    head.insert(
        "id".into(),
        json!(if wr.owner_iri.is_empty() {
            "outbox".to_string()
        } else {
            format!("{}/outbox", wr.owner_iri)
        }),
    );
    head.insert("type".into(), json!("OrderedCollection"));
    let actor = ctx
        .owner
        .is_some()
        .then(|| outbox_actor(actor_object(ctx, &wr.owner_iri)));
    if let Some(a) = &actor {
        head.insert("attributedTo".into(), a.clone());
    }
    let h = serde_json::to_string(&Value::Object(head)).unwrap_or_default();
    f.write_all(h.trim_end_matches('}').as_bytes())
        .map_err(w(out))?;
    f.write_all(b",\"orderedItems\":[\n").map_err(w(out))?;
    let mut first = true;
    let n = wr.items(book, &mut |s| {
        if !first {
            f.write_all(b",\n").map_err(w(out))?;
        }
        first = false;
        f.write_all(s.as_bytes()).map_err(w(out))
    })?;
    f.write_all(format!("\n],\"totalItems\":{n}}}\n").as_bytes())
        .map_err(w(out))?;
    f.flush().map_err(w(out))?;
    wr.accounts_fidelity(book, actor.as_ref())?;
    wr.media_fidelity(book)?;
    ctx.count_unexpressed(
        book,
        &[Kind::Relationship, Kind::Reaction, Kind::Conversation],
        "an ActivityStreams outbox holds only the account's own activities",
    )?;
    Ok(())
}

/// A fediverse address `user@domain` for an account, when the archive knows one.
fn address(ctx: &Ctx, id: &str) -> Option<String> {
    let a = ctx.accounts.get(id);
    let net = a
        .map(|a| a.network.as_str())
        .unwrap_or_else(|| network_of(id));
    if !super::ids::is_fediverse(net) {
        return None;
    }
    let handle = a
        .and_then(|a| a.handle.clone())
        .unwrap_or_else(|| native(id).to_string());
    let h = handle.trim_start_matches('@');
    if h.contains('@') && h.split('@').all(|x| !x.is_empty()) {
        return Some(h.to_string());
    }
    // https://host/@user
    let url = a.and_then(|a| a.url.as_deref())?;
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let user = path.strip_prefix('@')?.trim_end_matches('/');
    (!user.is_empty() && !user.contains('/')).then(|| format!("{user}@{host}"))
}

/// A CSV line (RFC 4180 quoting, `\n`).
fn csv_line(cells: &[&str]) -> String {
    let mut s = cells
        .iter()
        .map(|c| {
            let c = super::text::neutral(c);
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

/// Write the Mastodon-compatible archive (a zip).
pub(crate) fn mastodon(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let outbox_tmp = out.with_extension("outbox.tmp");
    let mut wr = Writer::new(ctx, Format::Mastodon);
    {
        let mut f = create(&outbox_tmp)?;
        let mut head = Map::new();
        head.insert("@context".into(), context());
        head.insert("id".into(), json!("outbox.json"));
        head.insert("type".into(), json!("OrderedCollection"));
        let h = serde_json::to_string(&Value::Object(head)).unwrap_or_default();
        f.write_all(h.trim_end_matches('}').as_bytes())
            .map_err(w(&outbox_tmp))?;
        f.write_all(b",\"orderedItems\":[\n")
            .map_err(w(&outbox_tmp))?;
        let mut first = true;
        let res = wr.items(book, &mut |s| {
            if !first {
                f.write_all(b",\n").map_err(w(&outbox_tmp))?;
            }
            first = false;
            f.write_all(s.as_bytes()).map_err(w(&outbox_tmp))
        });
        let n = match res {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_file(&outbox_tmp);
                return Err(e);
            }
        };
        f.write_all(format!("\n],\"totalItems\":{n}}}\n").as_bytes())
            .map_err(w(&outbox_tmp))?;
        f.flush().map_err(w(&outbox_tmp))?;
    }
    let res = write_zip(&mut wr, out, &outbox_tmp, book);
    let _ = std::fs::remove_file(&outbox_tmp);
    res
}

fn write_zip(wr: &mut Writer, out: &Path, outbox_tmp: &Path, book: &mut Book) -> Result<()> {
    use zip::write::SimpleFileOptions;
    let ctx = wr.ctx;
    let file = std::fs::File::create(out).map_err(w(out))?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opt = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let zerr = |e: zip::result::ZipError| Error::Container {
        path: out.display().to_string(),
        message: e.to_string(),
    };
    let put = |z: &mut zip::ZipWriter<_>, name: &str, data: &[u8]| -> Result<()> {
        z.start_file(name, opt).map_err(zerr)?;
        z.write_all(data).map_err(w(out))
    };
    // media files, each as it is published (EXIF removed), noted for the records
    let mut written: HashMap<String, (String, u64)> = HashMap::new();
    for (name, src) in std::mem::take(&mut wr.zip_files) {
        let f = match ctx.outgoing(&src)? {
            Ok(f) => f,
            Err(why) => {
                return Err(Error::Container {
                    path: src.display().to_string(),
                    message: format!("changed during the export: {why}"),
                })
            }
        };
        z.start_file(name.as_str(), opt).map_err(zerr)?;
        // the file as written, hashed on its way into the zip
        let mut tee = HashTee::new(&mut z);
        f.write_to(&mut tee, out)?;
        let (sha, n) = tee.finish();
        written.insert(name, (sha, n));
    }
    for mo in wr.media_out.values_mut() {
        let key = reader_media_key(&mo.url);
        if let Some((sha, n)) = written.get(&key) {
            mo.file = Some((key, sha.clone(), *n));
        }
    }
    // outbox.json, copied from the scratch file
    z.start_file("outbox.json", opt).map_err(zerr)?;
    let mut src = std::fs::File::open(outbox_tmp).map_err(w(outbox_tmp))?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = src.read(&mut buf).map_err(w(outbox_tmp))?;
        if n == 0 {
            break;
        }
        z.write_all(buf.get(..n).unwrap_or(&[])).map_err(w(out))?;
    }
    // the owner: its reader-given id and native part
    let owner_id = wr
        .owner_id
        .clone()
        .unwrap_or_else(|| "mastodon:account:owner".to_string());
    let owner_native = match &ctx.owner {
        Some(o) if is_mastodon(&o.id) => o
            .handle
            .clone()
            .filter(|h| h.contains('@'))
            .unwrap_or_else(|| native(&o.id).to_string()),
        Some(o) => native(&o.id).to_string(),
        None => "owner".to_string(),
    };
    let mut ids: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    // reactions: likes, bookmarks
    let mut likes = Vec::new();
    let mut bookmarks = Vec::new();
    let mut bookmark_ids: Vec<Option<String>> = Vec::new();
    for r in ctx.archive.records(Kind::Reaction)? {
        let Record::Reaction(r) = r? else { continue };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        let (list, file) = match r.kind.as_str() {
            "like" | "favourite" | "favorite" => (&mut likes, "likes.json"),
            "bookmark" => (&mut bookmarks, "bookmarks.json"),
            k => {
                book.lost(
                    Kind::Reaction,
                    format!("a Mastodon archive has no place for {k} reactions"),
                );
                continue;
            }
        };
        let iri = iri_of(&r.target, None);
        let kind = if file == "likes.json" {
            "like"
        } else {
            "bookmark"
        };
        let derived = format!("mastodon:reaction:{kind}/{owner_native}/{iri}");
        if derived != r.id {
            ids.entry(file)
                .or_default()
                .insert(list.len().to_string(), r.id.clone());
        }
        if kind == "bookmark" {
            bookmark_ids.push((derived != r.id).then(|| r.id.clone()));
        }
        let b = Reaction {
            id: r.id.clone(),
            network: network_of(&r.id).to_string(),
            kind: kind.to_string(),
            actor: owner_id.clone(),
            target: reader::post_ref(&iri),
            target_url: (iri.starts_with("http://") || iri.starts_with("https://"))
                .then(|| iri.clone()),
            source: r.source.clone(),
            ..Reaction::default()
        };
        settle(book, Kind::Reaction, &r, &b, &[], &|f| {
            reason(Format::Mastodon, Kind::Reaction, f)
        });
        list.push(iri);
        book.wrote(Kind::Reaction);
    }
    for (name, list) in [("likes.json", &likes), ("bookmarks.json", &bookmarks)] {
        let v = json!({
            "@context": "https://www.w3.org/ns/activitystreams", "id": name,
            "type": "OrderedCollection", "totalItems": list.len(), "orderedItems": list,
        });
        put(
            &mut z,
            name,
            serde_json::to_string_pretty(&v)
                .unwrap_or_default()
                .as_bytes(),
        )?;
    }
    // avatar.<ext>, header.<ext>, named in actor.json
    let mut actor = actor_object(ctx, &wr.owner_iri);
    for (role, m) in &ctx.profile_images {
        let Some(src) = ctx.media_file(m) else {
            continue;
        };
        let Some(f) = ctx.prepare_media(&src, book)? else {
            continue;
        };
        if f.show != super::strip::Show::Image {
            book.lost(
                Kind::Media,
                "a profile image that is not a picture Mastodon shows is not published",
            );
            continue;
        }
        let key = if role == "avatar" { "icon" } else { "image" };
        // the name the source's actor.json gave (when it names the file's type), else
        // avatar.<ext>
        let given = actor
            .get(key)
            .and_then(|i| i.get("url"))
            .and_then(Value::as_str)
            .filter(|u| !u.contains('/') && !u.is_empty() && crate::archive::mime_of(u) == f.mime)
            .map(str::to_string);
        let name = given.unwrap_or_else(|| format!("{role}.{}", f.ext));
        z.start_file(name.as_str(), opt).map_err(zerr)?;
        let mut tee = HashTee::new(&mut z);
        f.write_to(&mut tee, out)?;
        let (sha, n) = tee.finish();
        if actor
            .get(key)
            .and_then(|i| i.get("url"))
            .and_then(Value::as_str)
            != Some(name.as_str())
        {
            actor[key] = json!({"type": "Image", "mediaType": f.mime, "url": name});
        }
        if let Some(path) = &m.path {
            wr.profile_out.insert(path.clone(), (name, sha, n));
        }
    }
    let has_owner = ctx.owner.is_some();
    if has_owner {
        let mut a = actor.as_object().cloned().unwrap_or_default();
        a.insert("@context".into(), context());
        a.insert("outbox".into(), json!("outbox.json"));
        a.insert("likes".into(), json!("likes.json"));
        a.insert("bookmarks".into(), json!("bookmarks.json"));
        actor = Value::Object(a);
        put(
            &mut z,
            "actor.json",
            serde_json::to_string_pretty(&actor)
                .unwrap_or_default()
                .as_bytes(),
        )?;
    }
    // the import CSVs, with Mastodon's headers and every flag the archive holds
    let mut following = String::from("Account address,Show boosts,Notify on new posts,Languages\n");
    let mut blocked = String::new();
    let mut muted = String::from("Account address,Hide notifications\n");
    let mut domains = String::new();
    let mut lists = String::new();
    let mut unmapped =
        String::from("Relationship,Network,Account,Handle,Display name,Profile URL\n");
    let mut rows: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in ctx.archive.records(Kind::Relationship)? {
        let Record::Relationship(r) = r? else {
            continue;
        };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        let (target, kind) = match r.kind.as_str() {
            "following" | "block" | "mute" | "domain_block" if ctx.is_owner(&r.subject) => {
                (r.object.clone(), r.kind.as_str())
            }
            "list_member" => (r.subject.clone(), "list_member"),
            "follower" => {
                book.lost(
                    Kind::Relationship,
                    "followers cannot be imported into Mastodon (they have to follow again)",
                );
                continue;
            }
            k => {
                book.lost(
                    Kind::Relationship,
                    format!("Mastodon's import has no place for {k} relationships"),
                );
                continue;
            }
        };
        let (file, addr) = if kind == "domain_block" {
            ("blocked_domains.csv", r.object.to_ascii_lowercase())
        } else {
            let Some(addr) = address(ctx, &target) else {
                let a = ctx.accounts.get(&target).cloned().unwrap_or_default();
                unmapped.push_str(&csv_line(&[
                    kind,
                    if a.network.is_empty() {
                        &r.network
                    } else {
                        &a.network
                    },
                    &target,
                    a.handle.as_deref().unwrap_or(""),
                    a.display_name.as_deref().unwrap_or(""),
                    a.url.as_deref().unwrap_or(""),
                ]));
                book.lost(
                    Kind::Relationship,
                    "no fediverse address known (listed in unmapped_accounts.csv)",
                );
                continue;
            };
            let file = match kind {
                "following" => "following_accounts.csv",
                "block" => "blocked_accounts.csv",
                "mute" => "muted_accounts.csv",
                _ => "lists.csv",
            };
            (file, addr)
        };
        let flag = |k: &str| -> String {
            match r.ext.get_value(k) {
                Some(Value::Bool(b)) => b.to_string(),
                Some(Value::String(s)) => s,
                _ => String::new(),
            }
        };
        let languages = match r.ext.get_value("languages") {
            Some(Value::Array(l)) => l
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        let title = r
            .ext
            .get_str("list")
            .unwrap_or_else(|| native(&r.object).to_string());
        let mut ext = crate::model::Ext::default();
        let (subject, object, derived) = match kind {
            "following" => {
                following.push_str(&csv_line(&[
                    &addr,
                    &flag("show_boosts"),
                    &flag("notify_on_new_posts"),
                    &languages,
                ]));
                for k in ["show_boosts", "notify_on_new_posts"] {
                    let v = flag(k);
                    if !v.is_empty() {
                        ext.insert(k, reader_bool(&v));
                    }
                }
                if !languages.is_empty() {
                    ext.insert(
                        "languages",
                        json!(languages
                            .split(',')
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()),
                    );
                }
                (
                    owner_id.clone(),
                    reader::address_ref(&addr).id,
                    format!("following/{owner_native}/{addr}"),
                )
            }
            "block" => {
                blocked.push_str(&csv_line(&[&addr]));
                (
                    owner_id.clone(),
                    reader::address_ref(&addr).id,
                    format!("block/{owner_native}/{addr}"),
                )
            }
            "mute" => {
                muted.push_str(&csv_line(&[&addr, &flag("hide_notifications")]));
                let v = flag("hide_notifications");
                if !v.is_empty() {
                    ext.insert("hide_notifications", reader_bool(&v));
                }
                (
                    owner_id.clone(),
                    reader::address_ref(&addr).id,
                    format!("mute/{owner_native}/{addr}"),
                )
            }
            "domain_block" => {
                domains.push_str(&csv_line(&[&addr]));
                (
                    owner_id.clone(),
                    addr.clone(),
                    format!("domain_block/{owner_native}/{addr}"),
                )
            }
            _ => {
                lists.push_str(&csv_line(&[&title, &addr]));
                ext.insert("list", json!(title));
                let list_ref = format!("{owner_native}/lists/{title}");
                (
                    reader::address_ref(&addr).id,
                    list_ref.clone(),
                    format!("list_member/{addr}/{list_ref}"),
                )
            }
        };
        let row = rows.entry(file).or_default();
        let derived = format!("mastodon:relationship:{derived}");
        if derived != r.id {
            ids.entry(file)
                .or_default()
                .insert(row.to_string(), r.id.clone());
        }
        *row += 1;
        if kind != "domain_block" {
            wr.refs.see(reader::address_ref(&addr));
        }
        let b = Relationship {
            id: r.id.clone(),
            network: network_of(&r.id).to_string(),
            kind: r.kind.clone(),
            subject,
            object,
            source: r.source.clone(),
            ext,
            ..Relationship::default()
        };
        settle(book, Kind::Relationship, &r, &b, &[], &|f| {
            reason(Format::Mastodon, Kind::Relationship, f)
        });
        book.wrote(Kind::Relationship);
    }
    // bookmarks.csv: the same bookmarks, for Mastodon's import (its addresses only)
    let mut bm_csv = String::new();
    let mut bm_row = 0usize;
    for (b, id) in bookmarks.iter().zip(&bookmark_ids) {
        if b.starts_with("http") {
            bm_csv.push_str(&csv_line(&[b]));
            if let Some(id) = id {
                ids.entry("bookmarks.csv")
                    .or_default()
                    .insert(bm_row.to_string(), id.clone());
            }
            bm_row += 1;
        }
    }
    for (name, body) in [
        ("following_accounts.csv", &following),
        ("blocked_accounts.csv", &blocked),
        ("muted_accounts.csv", &muted),
        ("blocked_domains.csv", &domains),
        ("lists.csv", &lists),
        ("bookmarks.csv", &bm_csv),
        ("unmapped_accounts.csv", &unmapped),
    ] {
        put(&mut z, name, body.as_bytes())?;
    }
    if !ids.is_empty() {
        let v = json!({
            "about": "lifeboat record ids of the list items whose ids Mastodon's files cannot carry, by file and 0-based item (or data row) index",
            "ids": ids,
        });
        put(
            &mut z,
            IDS_FILE,
            serde_json::to_string_pretty(&v)
                .unwrap_or_default()
                .as_bytes(),
        )?;
    }
    z.finish().map_err(zerr)?;
    wr.accounts_fidelity(book, has_owner.then_some(&actor))?;
    wr.media_fidelity(book)?;
    ctx.count_unexpressed(
        book,
        &[Kind::Conversation],
        "a Mastodon archive has no place for conversations",
    )?;
    Ok(())
}

/// A `true`/`false` cell as lifeboat's reader takes it.
fn reader_bool(s: &str) -> Value {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => Value::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_collections_keep_only_web_urls() {
        let v = json!({
            "sharedInbox": "javascript:alert(1)",
            "oauth": "https://h.example/oauth",
            "list": ["data:text/html,x", "https://old.example/users/r"],
        });
        assert_eq!(
            web_only(v),
            Some(
                json!({"oauth": "https://h.example/oauth", "list": ["https://old.example/users/r"]})
            )
        );
        assert_eq!(web_only(json!("vbscript:x")), None);
        // an emoji or a link card of the source is kept only when its addresses are links
        let emoji = json!({"type": "Emoji", "name": ":boat:", "icon": {"type": "Image", "url": "https://h.example/boat.png"}});
        assert!(addresses_are_links(&emoji));
        let bad = json!({"type": "Link", "href": "javascript:alert(1)"});
        assert!(!addresses_are_links(&bad));
        assert_eq!(web_only(json!(true)), Some(json!(true)));
    }
}
