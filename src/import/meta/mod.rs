//! Meta's "Download your information" exports: Facebook (profiles and Pages),
//! Instagram and Threads, every JSON generation.
//!
//! The three networks share one reader: the same JSON shapes (top-level arrays or one
//! array under a `…_v2` key), the same mojibake (`mojibake.rs`), the same Messenger
//! thread files (`messages/<section>/<thread>/message_N.json`, `messenger.rs`), Unix
//! seconds everywhere, and media referenced by `uri` relative to the export root. A
//! thin mapping per network (`facebook.rs`, `instagram.rs`, `threads.rs`) turns items
//! into records. Three formats are registered: `facebook`, `instagram`, `threads`.
//!
//! **Ids.** Meta exports carry no post or message ids. Stable ids are made from what
//! the dump says, so that importing the same dump again gives the same ids: a post is
//! `<unix seconds>-<first 12 hex digits of SHA-256 over its text, first media uri and
//! generated title>`; a message is `<section>/<thread folder>/<ms>-<12 hex of SHA-256
//! over sender and text>`; a later twin of either (same time, same content) gets
//! `-2`, `-3`… in dump order. People are known only by display name on Facebook and in
//! direct messages: their accounts are `name/<display name>`; Instagram and Threads
//! usernames are used as they are. A media record is identified by its `uri`.
//!
//! An HTML export (the default format Meta offers) is recognised and refused with an
//! error that says how to request the JSON format. See `formats/{facebook,instagram,
//! threads}/README.md` for the crosswalks.

mod facebook;
mod instagram;
mod items;
mod media;
mod messenger;
pub mod mojibake;
mod people;
mod roles;
mod threads;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use self::items::{hash64, millis, secs, short_hash, text};
use self::roles::covers;
use self::roles::is_html_marker;
use self::roles::is_page_inbox;
use self::roles::{file_name, role_of, scores, Role};
use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{record_id, Account, Ext, Kind, Media, Record, Source, Timestamp};
use crate::read::json::{parse_value, ItemError, JsonItems};

/// facebook: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FACEBOOK: Format = Format {
    name: "facebook",
    description:
        "Facebook \"Download your information\" (profiles and Pages, JSON), Messenger chat backups",
    generations: facebook::GENERATIONS,
    detect: detect_facebook,
    sniff: None,
    make: make_facebook,
};

/// instagram: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const INSTAGRAM: Format = Format {
    name: "instagram",
    description: "Instagram \"Download your information\" (JSON), every generation since 2018",
    generations: instagram::GENERATIONS,
    detect: detect_instagram,
    sniff: None,
    make: make_instagram,
};

/// threads: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const THREADS: Format = Format {
    name: "threads",
    description: "Threads posts and replies (inside an Instagram export or alone, JSON)",
    generations: threads::GENERATIONS,
    detect: detect_threads,
    sniff: None,
    make: make_threads,
};

/// Which of Meta's networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Net {
    Facebook,
    Instagram,
    Threads,
}

impl Net {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Net::Facebook => "facebook",
            Net::Instagram => "instagram",
            Net::Threads => "threads",
        }
    }
    fn idx(self) -> usize {
        match self {
            Net::Facebook => 0,
            Net::Instagram => 1,
            Net::Threads => 2,
        }
    }
    fn title(self) -> &'static str {
        match self {
            Net::Facebook => "Facebook",
            Net::Instagram => "Instagram",
            Net::Threads => "Threads",
        }
    }
}

/// The folders under which Facebook exports put their sections, newest first.
pub(crate) const FB_ROOTS: [&str; 3] = [
    "your_facebook_activity/",
    "your_activity_across_facebook/",
    "this_profile's_activity_across_facebook/",
];

/// Facebook's claim on a dump.
pub(crate) fn detect_facebook(entries: &[Entry]) -> Option<u8> {
    let s = scores(entries).0;
    (s > 0).then_some(s)
}

/// Instagram's claim on a dump.
pub(crate) fn detect_instagram(entries: &[Entry]) -> Option<u8> {
    let s = scores(entries).1;
    (s > 0).then_some(s)
}

/// Threads' claim on a dump.
pub(crate) fn detect_threads(entries: &[Entry]) -> Option<u8> {
    let s = scores(entries).2;
    (s > 0).then_some(s)
}

fn is_json_export(entries: &[Entry]) -> bool {
    entries.iter().any(|e| role_of(&e.name).is_some())
}

fn make(net: Net, entries: &[Entry]) -> Box<dyn Importer> {
    let html = !is_json_export(entries) && entries.iter().any(|e| is_html_marker(&e.name));
    let generation = if html {
        "HTML export (not readable: request JSON)".to_string()
    } else {
        match net {
            Net::Facebook => facebook::generation(entries),
            Net::Instagram => instagram::generation(entries),
            Net::Threads => threads::generation(entries),
        }
    };
    Box::new(Meta {
        net,
        generation,
        html,
        ..Meta::new(net)
    })
}

/// Make the Facebook importer.
pub(crate) fn make_facebook(entries: &[Entry]) -> Box<dyn Importer> {
    make(Net::Facebook, entries)
}

/// Make the Instagram importer.
pub(crate) fn make_instagram(entries: &[Entry]) -> Box<dyn Importer> {
    make(Net::Instagram, entries)
}

/// Make the Threads importer.
pub(crate) fn make_threads(entries: &[Entry]) -> Box<dyn Importer> {
    make(Net::Threads, entries)
}

/// A stored media file of the dump.
#[derive(Clone, Debug)]
struct FileRef {
    entry: String,
    stored: Stored,
    used: bool,
}

/// The owner of the dump on one network.
#[derive(Clone, Debug, Default)]
struct Owner {
    /// Native id, once a profile named it.
    native: Option<String>,
    /// Display name, to recognise the owner among names.
    name: Option<String>,
    /// The account record was written.
    emitted: bool,
}

/// An account seen in passing (a friend, a correspondent, a follower).
#[derive(Clone, Debug, Default)]
struct Stub {
    network: &'static str,
    handle: Option<String>,
    display_name: Option<String>,
    url: Option<String>,
    source: Source,
    /// A participant the export shows without a name (a deleted or restricted
    /// account, a Page's customer): one per conversation, never merged.
    unnamed: Option<String>,
}

/// A conversation being gathered from its message files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Thread {
    network: &'static str,
    participants: BTreeSet<String>,
    title: Option<String>,
    group: bool,
    messages: u64,
    events: Vec<crate::model::ConversationEvent>,
    source: Option<Source>,
    ext: Ext,
}

/// The Meta importer (one per dump, for one of the three networks).
pub struct Meta {
    net: Net,
    generation: String,
    html: bool,
    /// Stored media by path (and by the path less up to three leading folders).
    files: HashMap<String, usize>,
    /// Stored media by file name (the last fallback of uri resolution).
    by_base: HashMap<String, usize>,
    stored: Vec<FileRef>,
    /// The owner on each network (a dump may hold several: Threads inside Instagram,
    /// an Accounts Center download with Facebook and Instagram).
    owners: [Owner; 3],
    /// Networks whose owner id was handed out (bit per [`Net::idx`]).
    owner_used: std::cell::Cell<u8>,
    /// Accounts to emit at the end, by record id.
    stubs: BTreeMap<String, Stub>,
    /// Conversations, by record id.
    threads: BTreeMap<String, Thread>,
    /// Record ids given so far (posts, media, relationships, reactions).
    ids: HashSet<String>,
    /// Hashes of message ids given so far (there may be millions).
    message_ids: HashSet<u64>,
    /// Facebook inbox threads: the named parties of each (participants and senders).
    thread_parties: BTreeMap<String, BTreeSet<String>>,
    /// The owner inference ran.
    inferred: bool,
}

impl Meta {
    fn new(net: Net) -> Meta {
        Meta {
            net,
            generation: String::new(),
            html: false,
            files: HashMap::new(),
            by_base: HashMap::new(),
            stored: Vec::new(),
            owners: Default::default(),
            owner_used: std::cell::Cell::new(0),
            stubs: BTreeMap::new(),
            threads: BTreeMap::new(),
            ids: HashSet::new(),
            message_ids: HashSet::new(),
            thread_parties: BTreeMap::new(),
            inferred: false,
        }
    }

    /// The owner's native id on a network: the profile's username, else
    /// `name/<display name>`, else (Threads) the Instagram owner's, else `owner`.
    fn owner_native(&self, net: Net) -> String {
        let o = &self.owners[net.idx()];
        if let Some(n) = &o.native {
            return n.clone();
        }
        if net == Net::Threads {
            if let Some(n) = &self.owners[Net::Instagram.idx()].native {
                return n.clone();
            }
        }
        "owner".into()
    }

    /// The owner's display name on a network (Threads: else Instagram's).
    fn owner_name(&self, net: Net) -> Option<&str> {
        self.owners[net.idx()].name.as_deref().or_else(|| {
            (net == Net::Threads)
                .then(|| self.owners[Net::Instagram.idx()].name.as_deref())
                .flatten()
        })
    }

    /// The owner's account record id on a network.
    fn owner_id(&self, net: Net) -> String {
        self.owner_used
            .set(self.owner_used.get() | (1 << net.idx()));
        record_id(net.name(), Kind::Account, &self.owner_native(net))
    }

    /// A record id not given before: `native`, else `native-2`, `native-3`…
    fn unique(&mut self, net: Net, kind: Kind, native: &str) -> (String, String) {
        let mut n = 1u32;
        loop {
            let nat = if n == 1 {
                native.to_string()
            } else {
                format!("{native}-{n}")
            };
            let id = record_id(net.name(), kind, &nat);
            if self.ids.insert(id.clone()) {
                return (id, nat);
            }
            n += 1;
        }
    }
}

impl Importer for Meta {
    fn network(&self) -> &'static str {
        self.net.name()
    }

    fn generation(&self) -> String {
        self.generation.clone()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        let lower = e.name.to_ascii_lowercase();
        if self.html {
            if is_html_marker(&lower) {
                return Plan::Parse {
                    phase: 0,
                    role: "HTML export".into(),
                };
            }
            return Plan::Ignore {
                reason: "part of an HTML export".into(),
            };
        }
        let file = file_name(&lower);
        if lower.starts_with("__macosx/") || lower.contains("/__macosx/") || file == ".ds_store" {
            return Plan::Ignore {
                reason: "macOS archive metadata".into(),
            };
        }
        if file.ends_with(".json") {
            return match role_of(&e.name) {
                // a Page's inbox before its posts: the Page (the party in every thread)
                // can then be known as the owner before any record names the owner
                Some(Role::Messages) if is_page_inbox(&lower) => Plan::Parse {
                    phase: 5,
                    role: Role::Messages.describe(),
                },
                Some(r) => Plan::Parse {
                    phase: r.phase(),
                    role: r.describe(),
                },
                None => Plan::Carry {
                    role: format!("{} export file not mapped", self.net.title()),
                },
            };
        }
        if file.ends_with(".html")
            || file.ends_with(".htm")
            || file.ends_with(".txt")
            || file.ends_with(".css")
            || file.ends_with(".js")
        {
            return Plan::Carry {
                role: "not a data or media file".into(),
            };
        }
        Plan::Media {
            role: "media file".into(),
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        if self.html {
            return Err(Error::Unrecognized(format!(
                "{} is part of {} export in HTML format, which cannot be read: request a new \
                 export in JSON format (Accounts Center → Your information and permissions → \
                 Download your information → Format: JSON) and import that",
                e.name,
                match self.net {
                    Net::Instagram => "an Instagram",
                    Net::Facebook => "a Facebook",
                    Net::Threads => "a Threads",
                }
            )));
        }
        let Some(role) = role_of(&e.name) else {
            return Ok(0);
        };
        if !matches!(role, Role::Messages | Role::E2eeBackup) {
            // the threads read so far may name the owner no profile named
            self.infer_owner(cx);
        }
        match role {
            Role::Messages => self.read_thread(e, r, cx),
            Role::E2eeBackup => self.read_e2ee(e, r, cx),
            Role::IgLegacyMessages => self.read_legacy_messages(e, r, cx),
            Role::GraphHistory(net, kind) => self.read_graph_history(net, kind, e, r, cx),
            Role::ThreadsPosts
            | Role::ThreadsRelationships(_)
            | Role::ThreadsLikes
            | Role::ThreadsProfile => self.read_threads(role, e, r, cx),
            Role::IgProfile
            | Role::IgPosts
            | Role::IgStories
            | Role::IgProfilePhotos
            | Role::IgComments
            | Role::IgLikes
            | Role::IgSaved
            | Role::IgRelationships(_)
            | Role::IgLegacyMedia
            | Role::IgLegacyConnections
            | Role::IgLegacyLikes
            | Role::IgLegacyComments
            | Role::IgLegacyProfile => self.read_instagram(role, e, r, cx),
            _ => self.read_facebook(role, e, r, cx),
        }
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        let i = self.stored.len();
        self.stored.push(FileRef {
            entry: e.name.clone(),
            stored: stored.clone(),
            used: false,
        });
        let mut key = e.name.as_str();
        for _ in 0..4 {
            self.files.entry(key.to_string()).or_insert(i);
            match key.split_once('/') {
                Some((_, rest)) => key = rest,
                None => break,
            }
        }
        self.by_base
            .entry(file_name(&e.name).to_string())
            .or_insert(i);
        Ok(())
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        self.infer_owner(cx);
        // the owner on each network the dump's records use, when no profile named it
        if !self.html {
            self.owner_id(self.net);
            for net in [Net::Facebook, Net::Instagram, Net::Threads] {
                if self.owners[net.idx()].emitted || self.owner_used.get() & (1 << net.idx()) == 0 {
                    continue;
                }
                let id = self.owner_id(net);
                if !self.ids.insert(id.clone()) {
                    continue;
                }
                let native = self.owner_native(net);
                let native_unknown = native == "owner";
                let a = Account {
                    id: id.clone(),
                    network: net.name().into(),
                    handle: (native != "owner" && !native.starts_with("name/")).then_some(native),
                    display_name: self.owner_name(net).map(str::to_string),
                    is_owner: true,
                    source: Source::entry(""),
                    ..Account::default()
                };
                cx.emit(Record::Account(a))?;
                if native_unknown {
                    cx.report.warn(format!(
                        "no profile file names the owner of this {} export: their records use {id}",
                        net.title()
                    ));
                }
            }
        }
        for (id, mut t) in std::mem::take(&mut self.threads) {
            // joins, leaves and renames, oldest first (files list messages newest first)
            t.events.sort_by_key(|e| e.at);
            let c = crate::model::Conversation {
                id,
                network: t.network.into(),
                group: t.group || t.participants.len() > 2,
                participants: t.participants.into_iter().collect(),
                title: t.title,
                events: t.events,
                message_count: t.messages,
                source: t.source.unwrap_or_default(),
                ext: t.ext,
            };
            cx.emit(Record::Conversation(c))?;
        }
        for (id, s) in std::mem::take(&mut self.stubs) {
            if self.ids.contains(&id) {
                continue;
            }
            let mut ext = Ext::default();
            if let Some(conv) = s.unnamed {
                // who it is the export does not say: one such account per conversation
                ext.insert("unnamed", Value::Bool(true));
                ext.insert_string("unnamed_in", conv);
            }
            let a = Account {
                id,
                network: s.network.into(),
                handle: s.handle,
                display_name: s.display_name,
                url: s.url,
                source: s.source,
                ext,
                ..Account::default()
            };
            cx.emit(Record::Account(a))?;
        }
        // stored files no record referred to
        let rest: Vec<FileRef> = self.stored.iter().filter(|f| !f.used).cloned().collect();
        for f in rest {
            let (id, _) = self.unique(self.net, Kind::Media, &format!("file/{}", f.entry));
            let mut m = Media {
                id,
                network: self.net.name().into(),
                kind: Media::kind_of_mime(crate::archive::mime_of(file_name(&f.entry))).into(),
                source: Source::entry(&f.entry),
                ..Media::default()
            };
            m.set_file(
                f.entry.clone(),
                f.stored.sha256,
                f.stored.bytes,
                f.stored.path,
            );
            cx.emit(Record::Media(m))?;
        }
        Ok(())
    }

    /// "Download your information" lets the user pick categories: each file holds all
    /// of its own family (posts, comments, group posts, friends, …), so posts and media
    /// are covered by family, relationships and reactions by kind. Message threads
    /// (one folder per thread) hold every thread once the category is there; a lone
    /// end-to-end-encrypted chat backup holds only its own chat. A file of another of
    /// the three networks (Threads inside an Instagram export) covers nothing of this
    /// one.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        super::Cover::Complete(role_of(entry).map_or(&[], |r| covers(self.net, r)))
    }
}

#[cfg(test)]
mod tests;
