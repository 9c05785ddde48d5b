//! Mastodon account archives ("Request your archive") and the CSV lists of Mastodon's
//! *Import and export* page; also what compatible servers (Pleroma/Akkoma,
//! GoToSocial, Pixelfed) write in the same shape.
//!
//! - **Archive**: `outbox.json` (an ActivityStreams `OrderedCollection` of `Create`
//!   and `Announce` activities, streamed item by item), `actor.json`, `likes.json`,
//!   `bookmarks.json`, `media_attachments/…`, `avatar.*`, `header.*`; a gzip'd tar up
//!   to Mastodon 4.1, a zip since 4.2 (the container is told by content).
//! - **CSV**: `following_accounts.csv`, `muted_accounts.csv`, `blocked_accounts.csv`,
//!   `blocked_domains.csv`, `lists.csv`, `bookmarks.csv`, a fork's
//!   `follower_accounts.csv`, and the old header-less follow list.
//!
//! See `formats/mastodon/README.md` for the field-by-field crosswalk.

mod csv;
mod outbox;

pub(crate) use outbox::{announced_author_ref, warning_of_summary, QUOTE_KEYS};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;

use serde_json::{Map, Value};

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{record_id, Account, Ext, Kind, Media, Reaction, Record, Source, Timestamp};
use crate::read::json::{parse_value, ItemError, JsonItems};

pub(crate) const NET: &str = "mastodon";

/// The ActivityStreams public collection, in the spellings servers use.
const PUBLIC: [&str; 3] = [
    "https://www.w3.org/ns/activitystreams#Public",
    "as:Public",
    "Public",
];

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "archive as tar.gz (Mastodon 2.3-4.1, 2018-2023): outbox.json, actor.json, likes.json, bookmarks.json, media_attachments/",
    "archive as zip (Mastodon 4.2+, 2023-): same entries, Zip64 since 4.4",
    "a bare outbox.json (re-packed or from a compatible server)",
    "CSV lists: following_accounts.csv (with show boosts, notify, languages), muted_accounts.csv, blocked_accounts.csv, blocked_domains.csv, lists.csv, bookmarks.csv, follower_accounts.csv (forks), the old header-less follow list",
];

/// mastodon: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "mastodon",
    description: "Mastodon account archive (\"Request your archive\") and CSV lists",
    generations: GENERATIONS,
    detect,
    sniff: None,
    make,
};

/// What an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// `lifeboat_ids.json`: record ids of list items, written by lifeboat.
    Ids,
    Actor,
    Outbox,
    Likes,
    Bookmarks,
    Csv(csv::List),
}

fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn role_of(name: &str) -> Option<Role> {
    let file = file_name(name).to_ascii_lowercase();
    Some(match file.as_str() {
        "actor.json" => Role::Actor,
        "lifeboat_ids.json" => Role::Ids,
        "outbox.json" => Role::Outbox,
        "likes.json" => Role::Likes,
        "bookmarks.json" => Role::Bookmarks,
        _ => Role::Csv(csv::List::of_file(&file)?),
    })
}

/// How sure we are that the entries are a Mastodon export.
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        let file = file_name(&e.name).to_ascii_lowercase();
        score = score.max(match file.as_str() {
            "outbox.json" => 90,
            "actor.json" => 60,
            "likes.json" | "bookmarks.json" => 30,
            _ if csv::List::of_file(&file).is_some() => 40,
            _ if e.name.contains("media_attachments/files/") => 30,
            _ => 0,
        });
    }
    (score > 0).then_some(score)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    let has = |f: &str| entries.iter().any(|e| file_name(&e.name) == f);
    let generation = if has("outbox.json") {
        if has("actor.json") {
            "account archive"
        } else {
            "bare outbox.json"
        }
    } else {
        "CSV lists"
    };
    Box::new(Mastodon {
        generation: generation.into(),
        ..Mastodon::default()
    })
}

/// A stored media file of the dump.
#[derive(Clone, Debug)]
struct FileRef {
    entry: String,
    stored: Stored,
    used: bool,
}

/// The account that made the archive.
#[derive(Clone, Debug, Default)]
struct Owner {
    /// Actor URI.
    uri: String,
    /// Native account id (`user@domain` when known).
    native: String,
    /// Record id (`mastodon:account:<native>`, or the id an IRI written by lifeboat
    /// names).
    id: String,
    /// Followers collection URI.
    followers: Option<String>,
}

/// An account seen in passing (a mention, a boosted author, a CSV row).
#[derive(Clone, Debug, Default)]
struct Stub {
    handle: Option<String>,
    display_name: Option<String>,
    url: Option<String>,
    source: Source,
}

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
fn lifeboat_account(uri: &str) -> Option<String> {
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

/// A direct-message thread being gathered from direct posts.
#[derive(Clone, Debug, Default)]
struct Thread {
    participants: BTreeSet<String>,
    messages: u64,
    source: Source,
}

/// The Mastodon importer.
#[derive(Default)]
pub struct Mastodon {
    generation: String,
    owner: Option<Owner>,
    /// Stored media by path from `media_attachments/` on (or by file name at the root).
    files: HashMap<String, FileRef>,
    /// Accounts to emit at the end, by native id.
    stubs: BTreeMap<String, Stub>,
    /// Direct-message threads, by conversation native id.
    threads: BTreeMap<String, Thread>,
    /// Object ids of direct posts, with their conversation (to thread replies
    /// between them).
    direct_ids: HashMap<String, String>,
    /// Native ids of the media records made so far.
    media_ids: HashSet<String>,
    /// Ids of the reactions and relationships emitted, with where they came from: the
    /// same bookmark in bookmarks.json and bookmarks.csv, or a follow in two
    /// downloads of the list, is one record.
    listed: HashMap<String, String>,
    /// The owner record was emitted (from actor.json).
    owner_emitted: bool,
    /// Record ids of list items by file name and item index, from `lifeboat_ids.json`
    /// (an archive written by lifeboat for records of another network).
    given_ids: HashMap<String, HashMap<u64, String>>,
    owner_warned: bool,
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
fn host_of(uri: &str) -> Option<&str> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// Native account id of an actor URI: `user@domain` when the URI names the user,
/// otherwise the URI itself.
fn account_native(uri: &str) -> String {
    acct_from_uri(uri).unwrap_or_else(|| uri.to_string())
}

/// A string field (or the `id`/`href` of an object or link in that field).
fn str_or_id(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("id")
            .or_else(|| o.get("href"))
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
}

/// A list of URIs (`to`, `cc`): a string or an array of strings/objects.
fn uri_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| str_or_id(Some(x))).collect(),
        Some(x) => str_or_id(Some(x)).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Parse a time field; a string that is not a time is kept in `ext` under its name.
fn time_of(
    v: Option<Value>,
    field: &str,
    raw: &mut BTreeMap<String, String>,
    ext: &mut Ext,
) -> Option<Timestamp> {
    match v? {
        Value::String(s) => match Timestamp::parse(&s) {
            Some((t, canonical)) => {
                if !canonical {
                    raw.insert(field.to_string(), s);
                }
                Some(t)
            }
            None => {
                ext.insert_string(field, s);
                None
            }
        },
        Value::Null => None,
        other => {
            ext.insert(field, other);
            None
        }
    }
}

impl Mastodon {
    /// The record id `lifeboat_ids.json` gives the item `index` of a list file.
    fn given_id(&self, entry: &str, index: u64) -> Option<&String> {
        self.given_ids.get(file_name(entry))?.get(&index)
    }

    /// Read `lifeboat_ids.json`.
    fn read_ids(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let Some(bytes) = read_small(e, r, cx, Kind::Reaction)? else {
            return Ok(0);
        };
        let mut repaired = false;
        let Ok(v) = parse_value(&bytes, &mut repaired) else {
            cx.report
                .warn(format!("{}: not JSON; its record ids are not used", e.name));
            return Ok(0);
        };
        for (file, items) in v
            .get("ids")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let m = self.given_ids.entry(file.clone()).or_default();
            for (i, id) in items.as_object().into_iter().flatten() {
                let ok = id.as_str().filter(|id| {
                    let mut p = id.splitn(3, ':');
                    matches!(
                        (p.next(), p.next().and_then(Kind::from_name), p.next()),
                        (Some(n), Some(Kind::Reaction | Kind::Relationship), Some(x)) if !n.is_empty() && !x.is_empty()
                    )
                });
                if let (Ok(i), Some(id)) = (i.parse::<u64>(), ok) {
                    m.insert(i, id.to_string());
                }
            }
        }
        Ok(0)
    }

    /// Give a listed record the id `lifeboat_ids.json` names for it.
    fn with_given_id(&self, mut r: Record, entry: &str, index: u64) -> Record {
        if let Some(id) = self.given_id(entry, index) {
            let net = crate::export::network_of(id).to_string();
            match &mut r {
                Record::Reaction(x) if id.contains(":reaction:") => {
                    x.id = id.clone();
                    x.network = net;
                }
                Record::Relationship(x) if id.contains(":relationship:") => {
                    x.id = id.clone();
                    x.network = net;
                }
                _ => {}
            }
        }
        r
    }

    /// Emit a reaction or relationship once: a second listing of the same id is
    /// skipped, saying where the first was.
    fn emit_listed(&mut self, r: Record, loc: &str, cx: &mut Context) -> Result<()> {
        let (id, kind) = match &r {
            Record::Reaction(x) => (x.id.clone(), Kind::Reaction),
            Record::Relationship(x) => (x.id.clone(), Kind::Relationship),
            _ => return cx.emit(r),
        };
        if let Some(first) = self.listed.get(&id) {
            cx.report
                .skipped(kind, format!("listed twice (first at {first})"), loc);
            return Ok(());
        }
        self.listed.insert(id, loc.to_string());
        cx.emit(r)
    }

    fn owner_native(&self) -> String {
        self.owner
            .as_ref()
            .map(|o| o.native.clone())
            .unwrap_or_else(|| "owner".into())
    }

    fn owner_id(&self) -> String {
        match &self.owner {
            Some(o) => o.id.clone(),
            None => record_id(NET, Kind::Account, "owner"),
        }
    }

    /// Learn the owner from an activity's actor when there was no actor.json.
    fn owner_from_actor(&mut self, actor: &str) {
        if self.owner.is_none() && !actor.is_empty() {
            let id = actor_ref(actor).id;
            self.owner = Some(Owner {
                uri: actor.to_string(),
                native: crate::export::native(&id).to_string(),
                id,
                followers: Some(format!("{actor}/followers")),
            });
        }
    }

    /// The owner is needed but no file named it (CSV lists alone).
    fn warn_no_owner(&mut self, cx: &mut Context) {
        if self.owner.is_none() && !self.owner_warned {
            self.owner_warned = true;
            cx.report.warn(
                "the CSV lists do not name their owner: their relationships and reactions use mastodon:account:owner as the owner's id",
            );
        }
    }

    /// Remember an account to emit at the end; returns its record id. The first
    /// reference that gives a handle, a name or a URL gives it for good.
    fn stub(&mut self, r: AccountRef, src: &Source) -> String {
        let s = self.stubs.entry(r.id.clone()).or_insert_with(|| Stub {
            source: src.clone(),
            ..Stub::default()
        });
        if s.handle.is_none() {
            s.handle = r.handle;
        }
        if s.display_name.is_none() {
            s.display_name = r.display_name;
        }
        if s.url.is_none() {
            s.url = r.url;
        }
        r.id
    }

    /// Stored file for a media URL of the outbox or actor: matched from
    /// `media_attachments/` on (the outbox path may have a leading `/`, a server
    /// prefix, or the storage folder). A URL without `media_attachments/` is matched
    /// by file name when exactly one stored file has it; a `media_attachments/` path
    /// is the attachment's id and is never matched by name alone (old videos are all
    /// `original/media.mp4`).
    fn take_file(&mut self, url: &str) -> Option<(String, Stored)> {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let key = media_key(path);
        let hit = if self.files.contains_key(&key) {
            Some(key)
        } else if key.starts_with("media_attachments/") {
            None
        } else {
            let base = file_name(path).to_string();
            let mut found = self
                .files
                .keys()
                .filter(|k| file_name(k) == base && !base.is_empty());
            match (found.next(), found.next()) {
                (Some(k), None) => Some(k.clone()),
                _ => None,
            }
        }?;
        let f = self.files.get_mut(&hit)?;
        f.used = true;
        Some((f.entry.clone(), f.stored.clone()))
    }

    fn read_actor(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let Some(bytes) = read_small(e, r, cx, Kind::Account)? else {
            return Ok(1);
        };
        let mut repaired = false;
        let v = match parse_value(&bytes, &mut repaired) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                cx.report
                    .skipped(Kind::Account, "actor.json is not a JSON object", &e.name);
                return Ok(1);
            }
            Err(m) => {
                cx.report
                    .skipped(Kind::Account, format!("actor.json: {m}"), &e.name);
                return Ok(1);
            }
        };
        if repaired {
            cx.report.repair("invalid_utf8");
        }
        let acct = self.actor_record(v, e, cx)?;
        self.owner_emitted = acct;
        Ok(1)
    }

    /// Map actor.json to the owner's account. Returns true when emitted.
    fn actor_record(
        &mut self,
        mut m: Map<String, Value>,
        e: &Entry,
        cx: &mut Context,
    ) -> Result<bool> {
        let uri = str_or_id(m.remove("id").as_ref()).unwrap_or_default();
        let username = m
            .get("preferredUsername")
            .and_then(Value::as_str)
            .map(str::to_string);
        // an actor written by lifeboat for an account of another network: its record
        // id and handle as they were
        let restored = lifeboat_account(&uri);
        let acct = if restored.is_some() {
            username.clone()
        } else {
            m.get("webfinger")
                .and_then(Value::as_str)
                .map(|w| {
                    w.trim_start_matches("acct:")
                        .trim_start_matches('@')
                        .to_string()
                })
                .or_else(|| {
                    let host = host_of(&uri)?;
                    Some(format!("{}@{host}", username.as_deref()?))
                })
                .or_else(|| acct_from_uri(&uri))
        };
        let native = match &restored {
            Some(id) => crate::export::native(id).to_string(),
            None => acct.clone().unwrap_or_else(|| uri.clone()),
        };
        if native.is_empty() {
            cx.report
                .skipped(Kind::Account, "actor.json has no id", &e.name);
            return Ok(false);
        }
        let id = restored
            .clone()
            .unwrap_or_else(|| record_id(NET, Kind::Account, &native));
        let followers = str_or_id(m.get("followers"));
        self.owner = Some(Owner {
            uri: uri.clone(),
            native: native.clone(),
            id: id.clone(),
            followers: followers.or_else(|| (!uri.is_empty()).then(|| format!("{uri}/followers"))),
        });
        m.remove("preferredUsername");
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time_of(m.remove("published"), "published", &mut raw, &mut ext);
        let display_name = m
            .remove("name")
            .and_then(|v| v.as_str().map(str::to_string));
        let url = str_or_id(m.remove("url").as_ref());
        let bio = m
            .get("summary")
            .and_then(Value::as_str)
            .map(crate::read::html::to_text)
            .filter(|s| !s.is_empty());
        let protected = m.get("manuallyApprovesFollowers").and_then(Value::as_bool);
        // a link among the profile fields is the website
        let website = m.get("attachment").and_then(Value::as_array).and_then(|a| {
            a.iter().find_map(|f| {
                let r = crate::read::html::render(f.get("value")?.as_str()?);
                r.anchors
                    .into_iter()
                    .find(|a| !a.is_mention() && !a.is_hashtag())
                    .map(|a| a.href)
            })
        });
        let absolute = |v: Option<&Value>| {
            str_or_id(v.and_then(|i| i.get("url")))
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        };
        let avatar_url = absolute(m.get("icon"));
        let header_url = absolute(m.get("image"));
        // the profile images (`avatar.png`, `header.jpg`) become media records of the
        // owner in `finish`
        // everything not mapped stays, verbatim (the HTML bio, fields, keys, moves)
        m.remove("@context");
        ext.extend_map(m);
        let a = Account {
            network: crate::export::network_of(&id).to_string(),
            id,
            handle: acct,
            display_name,
            url,
            is_owner: true,
            created_at,
            bio,
            website,
            avatar_url,
            header_url,
            protected,
            raw_times: raw,
            source: Source::entry(&e.name),
            ext,
            ..Default::default()
        };
        if !uri.is_empty() {
            let mut a = a;
            a.ext.insert_string("id", uri);
            cx.emit(Record::Account(a))?;
        } else {
            cx.emit(Record::Account(a))?;
        }
        Ok(true)
    }

    /// `likes.json` / `bookmarks.json`: status URIs.
    fn read_reactions(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: &'static str,
    ) -> Result<u64> {
        let owner_native = self.owner_native();
        let owner = self.owner_id();
        let mut items = JsonItems::at_key(r, cx.limits, "orderedItems");
        let mut n = 0u64;
        loop {
            let index = n;
            let loc = format!("{}#{index}", e.name);
            match items.next() {
                None => break,
                Some(Err(ItemError::Io(err))) => return Err(crate::error::Error::io(&e.name, err)),
                Some(Err(err)) => {
                    n += 1;
                    cx.report.skipped(Kind::Reaction, err.to_string(), &loc);
                    if !err.recoverable() {
                        cx.report
                            .unreadable(&e.name, items.position(), err.to_string());
                        break;
                    }
                }
                Some(Ok(bytes)) => {
                    n += 1;
                    let mut repaired = false;
                    let target = match parse_value(bytes, &mut repaired) {
                        Ok(v) => str_or_id(Some(&v)),
                        Err(m) => {
                            cx.report.skipped(Kind::Reaction, m, &loc);
                            continue;
                        }
                    };
                    let Some(uri) = target.filter(|u| !u.is_empty()) else {
                        cx.report.skipped(
                            Kind::Reaction,
                            format!("{kind}: item is not a status URI"),
                            &loc,
                        );
                        continue;
                    };
                    let r = Record::Reaction(reaction(
                        kind,
                        &owner_native,
                        &owner,
                        &uri,
                        Source::at(&e.name, index),
                    ));
                    let r = self.with_given_id(r, &e.name, index);
                    self.emit_listed(r, &loc, cx)?;
                }
            }
        }
        // the declared count, when there is one, should match
        let declared = items
            .others()
            .iter()
            .find(|(k, _)| k == "totalItems")
            .and_then(|(_, v)| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok());
        if let Some(d) = declared {
            cx.report
                .reconcile(format!("{}: totalItems", e.name), d, n, None);
            if d != n {
                cx.report.warn(format!(
                    "{}: totalItems says {d}, the file lists {n}",
                    e.name
                ));
            }
        }
        Ok(n)
    }
}

/// A like or bookmark of a status.
fn reaction(kind: &str, owner_native: &str, owner: &str, uri: &str, source: Source) -> Reaction {
    Reaction {
        id: record_id(NET, Kind::Reaction, &format!("{kind}/{owner_native}/{uri}")),
        network: NET.into(),
        kind: kind.into(),
        actor: owner.to_string(),
        target: post_ref(uri),
        target_url: (uri.starts_with("http://") || uri.starts_with("https://"))
            .then(|| uri.to_string()),
        source,
        ..Default::default()
    }
}

/// The matching key of a media path: from `media_attachments/` on, else the path
/// without leading `/`.
fn media_key(path: &str) -> String {
    match path.find("media_attachments/") {
        Some(i) => path[i..].to_string(),
        None => {
            // a full URL: its path
            let p = path
                .strip_prefix("https://")
                .or_else(|| path.strip_prefix("http://"))
                .and_then(|r| r.split_once('/').map(|(_, p)| p))
                .unwrap_or(path);
            p.trim_start_matches('/').to_string()
        }
    }
}

/// Read a small whole-file entry (actor.json) under the record size limit.
fn read_small(
    e: &Entry,
    r: &mut dyn Read,
    cx: &mut Context,
    kind: Kind,
) -> Result<Option<Vec<u8>>> {
    let max = cx.limits.max_record_bytes;
    let mut bytes = Vec::new();
    r.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| crate::error::Error::io(&e.name, err))?;
    if bytes.len() as u64 > max {
        std::io::copy(r, &mut std::io::sink())
            .map_err(|err| crate::error::Error::io(&e.name, err))?;
        cx.report.skipped(
            kind,
            format!("larger than the record limit of {max} bytes"),
            &e.name,
        );
        return Ok(None);
    }
    Ok(Some(bytes))
}

impl Importer for Mastodon {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        self.generation.clone()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        let lower = e.name.to_ascii_lowercase();
        if lower.contains("media_attachments/") {
            return Plan::Media {
                role: "media attachment".into(),
            };
        }
        let file = file_name(&lower);
        let depth = e.name.matches('/').count();
        if depth <= 1 && (file.starts_with("avatar.") || file.starts_with("header.")) {
            return Plan::Media {
                role: "profile image".into(),
            };
        }
        match role_of(&e.name) {
            Some(Role::Ids) => Plan::Parse {
                phase: 1,
                role: "record ids of list items (written by lifeboat)".into(),
            },
            Some(Role::Actor) => Plan::Parse {
                phase: 2,
                role: "actor (profile)".into(),
            },
            Some(Role::Likes) => Plan::Parse {
                phase: 5,
                role: "likes".into(),
            },
            Some(Role::Bookmarks) => Plan::Parse {
                phase: 5,
                role: "bookmarks".into(),
            },
            Some(Role::Outbox) => Plan::Parse {
                phase: 10,
                role: "outbox (posts)".into(),
            },
            Some(Role::Csv(l)) => Plan::Parse {
                phase: 15,
                role: l.role().into(),
            },
            None => Plan::Carry {
                role: "not a file of the Mastodon export".into(),
            },
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        match role_of(&e.name) {
            Some(Role::Ids) => self.read_ids(e, r, cx),
            Some(Role::Actor) => self.read_actor(e, r, cx),
            Some(Role::Outbox) => self.read_outbox(e, r, cx),
            Some(Role::Likes) => self.read_reactions(e, r, cx, "like"),
            Some(Role::Bookmarks) => self.read_reactions(e, r, cx, "bookmark"),
            Some(Role::Csv(l)) => self.read_csv(e, r, cx, l),
            None => Ok(0),
        }
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        // profile images by file name, so a folder above the archive root (a re-zipped
        // dump) does not change their record ids
        let lower = e.name.to_ascii_lowercase();
        let key = if !lower.contains("media_attachments/") && e.name.matches('/').count() <= 1 {
            file_name(&e.name).to_string()
        } else {
            media_key(&e.name)
        };
        self.files.insert(
            key,
            FileRef {
                entry: e.name.clone(),
                stored: stored.clone(),
                used: false,
            },
        );
        Ok(())
    }

    /// The archive's outbox holds every status of the account (all visibilities,
    /// boosts, direct messages), likes.json and bookmarks.json every like and bookmark;
    /// each CSV list holds the whole list it names, and the accounts first seen in it.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        use csv::List;
        super::Cover::Complete(match role_of(entry) {
            Some(Role::Outbox) => &[
                "post",
                "conversation",
                "message",
                "media:outbox",
                "account:outbox",
            ],
            Some(Role::Likes) => &["reaction:like"],
            Some(Role::Bookmarks) => &["reaction:bookmark"],
            Some(Role::Actor) | Some(Role::Ids) | None => &[],
            Some(Role::Csv(l)) => match l {
                List::Following => &["relationship:following", "account:following"],
                List::Followers => &["relationship:follower", "account:followers"],
                List::Muted => &["relationship:mute", "account:muted"],
                List::Blocked => &["relationship:block", "account:blocked"],
                List::BlockedDomains => &["relationship:domain_block"],
                List::Lists => &["relationship:list_member", "account:lists"],
                List::Bookmarks => &["reaction:bookmark"],
            },
        })
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        let owner_id = self.owner_id();
        // the owner, when only the outbox named it
        if !self.owner_emitted {
            if let Some(o) = self.owner.clone() {
                // what the outbox said of its actor elsewhere (an embedded actor)
                let seen = self.stubs.remove(&o.id).unwrap_or_default();
                let restored = lifeboat_account(&o.uri).is_some();
                let a = Account {
                    id: o.id.clone(),
                    network: crate::export::network_of(&o.id).to_string(),
                    handle: if restored {
                        seen.handle
                    } else {
                        acct_from_uri(&o.uri).or(seen.handle)
                    },
                    display_name: seen.display_name,
                    url: if restored {
                        seen.url
                    } else {
                        Some(o.uri.clone()).filter(|u| !u.is_empty()).or(seen.url)
                    },
                    is_owner: true,
                    source: Source::entry("outbox.json"),
                    ..Default::default()
                };
                cx.emit(Record::Account(a))?;
            }
        } else if let Some(o) = &self.owner {
            self.stubs.remove(&o.id);
        }
        // direct-message threads
        for (native, t) in std::mem::take(&mut self.threads) {
            let participants: Vec<String> = t.participants.into_iter().collect();
            let c = crate::model::Conversation {
                id: record_id(NET, Kind::Conversation, &native),
                network: NET.into(),
                group: participants.len() > 2,
                participants,
                message_count: t.messages,
                source: t.source,
                ..Default::default()
            };
            cx.emit(Record::Conversation(c))?;
        }
        // accounts seen in passing
        for (id, s) in std::mem::take(&mut self.stubs) {
            let a = Account {
                network: crate::export::network_of(&id).to_string(),
                id,
                handle: s.handle,
                display_name: s.display_name,
                url: s.url,
                source: s.source,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        // stored files no post claimed: the profile images, and any other
        let mut rest: Vec<(String, FileRef)> = self
            .files
            .iter()
            .filter(|(_, f)| !f.used)
            .map(|(k, f)| (k.clone(), f.clone()))
            .collect();
        rest.sort_by(|a, b| a.1.entry.cmp(&b.1.entry));
        for (key, f) in rest {
            let file = file_name(&f.entry).to_ascii_lowercase();
            let profile = f.entry.matches('/').count() <= 1
                && (file.starts_with("avatar.") || file.starts_with("header."));
            let mut m = Media {
                id: record_id(NET, Kind::Media, &format!("file/{key}")),
                network: NET.into(),
                kind: Media::kind_of_mime(crate::archive::mime_of(&file)).into(),
                source: Source::entry(&f.entry),
                ..Default::default()
            };
            m.set_file(
                f.entry.clone(),
                f.stored.sha256,
                f.stored.bytes,
                f.stored.path,
            );
            if profile {
                m.attached_to.push(owner_id.clone());
                let role = if file.starts_with("avatar.") {
                    "avatar"
                } else {
                    "header"
                };
                m.ext.insert_string("role", role.into());
            }
            cx.emit(Record::Media(m))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_from_uris() {
        assert_eq!(
            acct_from_uri("https://mastodon.social/users/lmorchard").as_deref(),
            Some("lmorchard@mastodon.social")
        );
        assert_eq!(
            acct_from_uri("https://a2mi.social/@george").as_deref(),
            Some("george@a2mi.social")
        );
        assert_eq!(
            acct_from_uri("https://mastodon.social/users/Devtesla/statuses/56132").as_deref(),
            Some("Devtesla@mastodon.social")
        );
        assert_eq!(
            acct_from_uri("https://mastodon.social/ap/users/116840387061670746"),
            None
        );
        assert_eq!(acct_from_uri("https://host/users/123456"), None);
        assert_eq!(acct_from_uri("tag:mastodon.social,2016:objectId=1"), None);
    }

    #[test]
    fn media_keys_ignore_prefixes() {
        let want = "media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg";
        for p in [
            "/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
            "media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
            "/horse-media/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
            "opt/mastodon/public/system/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
        ] {
            assert_eq!(media_key(p), want);
        }
        assert_eq!(media_key("avatar.png"), "avatar.png");
    }
}
