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

mod actor;
mod csv;
mod ids;
mod outbox;
mod reactions;
mod refs;

pub(crate) use outbox::{announced_author_ref, warning_of_summary, QUOTE_KEYS};
pub(crate) use refs::{
    acct_from_uri, actor_object_ref, actor_ref, address_ref, mention_ref, post_ref, AccountRef,
};
use refs::{host_of, lifeboat_account};

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
mod tests;
