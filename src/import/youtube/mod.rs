//! YouTube, from Google Takeout ("YouTube and YouTube Music", in the account's
//! language): the channel, its uploaded videos with their metadata and files, the
//! comments and replies the channel wrote, its live-chat lines, playlists (liked
//! videos, watch later, its own lists) and subscriptions.
//!
//! Folder, file and even CSV header names are translated, so every CSV is classified
//! by its header (the English spellings of each generation, case-insensitively, and
//! the shape of the table where the header is translated), HTML and JSON files by
//! their content. Watch and search history are carried verbatim: the model has no
//! record kind for them. See `formats/youtube/README.md`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use serde_json::Value;

use self::history::is_history_json;
use self::tables::TableRole;
use self::videos::playlist_covers;
use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Ext, Kind, Link, Media, Post, RawTimes, Reaction, Record, Relationship,
    Source, Timestamp, Visibility,
};
use crate::read::html;
use crate::read::table::{Row, Table};
use crate::read::takeout;

mod history;
mod tables;
mod videos;

const NET: &str = "youtube";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "Y1 (2018-2021): my-comments.html, my-live-chat-messages.html, JSON playlists and subscriptions (YouTube Data API items)",
    "Y2 (2021-2022): subscriptions.csv (Channel Id,Channel Url,Channel Title), one two-table CSV per playlist (Liked videos = likes with time), my-comments.html",
    "Y3 (2023-mid 2024): channels/, video metadata/, comments.csv with {\"takeoutSegments\":[…]}, live chats.csv, playlists.csv + <title>-videos.csv",
    "Y4 (mid 2024-): sentence-case headers, comment text as comma-joined segment objects, Post ID column, <title> videos.csv",
    "localised Takeouts (folder, file and header names translated), and multi-product Takeouts (other products carried)",
];

/// youtube: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "youtube",
    description:
        "YouTube channel from Google Takeout (\"YouTube and YouTube Music\", any language)",
    generations: GENERATIONS,
    detect,
    sniff: None,
    make,
};

fn is_youtube(folder: &str) -> bool {
    folder.to_lowercase().contains("youtube")
}

/// File names that do not change with the language of old exports.
fn known_file(name: &str) -> u8 {
    match name.rsplit('/').next().unwrap_or(name) {
        "my-comments.html" | "my-live-chat-messages.html" => 80,
        "watch-history.json" | "watch-history.html" | "search-history.json" => 40,
        _ => 0,
    }
}

pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        if takeout::in_product(&e.name, is_youtube) {
            return Some(95);
        }
        score = score.max(known_file(&e.name));
    }
    (score > 0).then_some(score)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    let scoped = entries
        .iter()
        .any(|e| takeout::in_product(&e.name, is_youtube));
    let names: Vec<String> = entries.iter().map(|e| e.name.to_lowercase()).collect();
    let has = |s: &str| names.iter().any(|n| n.contains(s));
    // the strongest evidence decides: folders and tables only Y3/Y4 have win over an
    // (often empty) my-comments.html that a Y3 export may still hold
    let y3 = has("channels/")
        || has("video metadata/")
        || has("comments.csv")
        || has("live chats.csv")
        || has("live chats/");
    let old_html = has("my-comments") || has("my-live-chat-messages");
    let generation = if y3 && old_html {
        "Y3/Y4 (CSV tables; an old-style my-comments.html beside them)"
    } else if y3 {
        "Y3/Y4 (CSV tables)"
    } else if old_html || has("subscriptions.json") {
        "Y1/Y2 (my-comments.html, per-playlist CSV)"
    } else {
        "Takeout (CSV tables)"
    };
    // Data API JSON (playlists, subscriptions) is Y0/Y1 only: once an export has CSV
    // tables, its JSON files are history, whatever their translated names
    let csv_tables = entries.iter().any(|e| {
        (!scoped || takeout::in_product(&e.name, is_youtube))
            && e.name.to_lowercase().ends_with(".csv")
    });
    Box::new(YouTube {
        scoped,
        csv_tables,
        generation: generation.into(),
        ..YouTube::default()
    })
}

/// A stored file of the dump.
#[derive(Clone, Debug)]
struct FileRef {
    entry: String,
    stored: Stored,
    used: bool,
}

/// A row of `videos.csv`, held until every file and text is known.
struct VideoRow {
    id: String,
    title: String,
    description: String,
    channel: Option<String>,
    privacy: Option<String>,
    created: Option<String>,
    published: Option<String>,
    tags: Vec<String>,
    /// View, like and dislike counts (Y2 `Video Metadata.csv` only).
    metrics: BTreeMap<String, u64>,
    ext: Ext,
    source: Source,
}

/// A playlist from `playlists.csv` or the first table of a Y2 playlist file.
#[derive(Clone, Debug, Default)]
struct Playlist {
    id: String,
    title: String,
    /// The other columns of its row, kept with each of its items.
    meta: serde_json::Map<String, Value>,
}

/// One video of a playlist.
struct Item {
    video: String,
    added: Option<String>,
    source: Source,
}

/// A subscription row.
struct Sub {
    channel: String,
    url: Option<String>,
    title: Option<String>,
    source: Source,
}

/// The YouTube importer.
#[derive(Default)]
pub struct YouTube {
    scoped: bool,
    /// The export has CSV tables (Y2+): its JSON files are history.
    csv_tables: bool,
    /// Counts of liked videos the export states (`Total Liked Videos,81`), by file.
    declared_likes: Vec<(String, u64)>,
    /// `like` reactions emitted.
    likes: u64,
    /// The other products of the Takeout (carried).
    others: std::collections::BTreeSet<String>,
    generation: String,
    /// The channel of `channel.csv`.
    owner: Option<String>,
    owner_title: Option<String>,
    owner_handle: Option<String>,
    owner_source: Option<Source>,
    owner_ext: Ext,
    /// Channel ids that wrote the comments, chats and videos (the owner, when no
    /// channel.csv says it).
    authors: BTreeMap<String, u64>,
    /// Where each of those was first seen.
    author_sources: BTreeMap<String, Source>,
    files: Vec<FileRef>,
    videos: Vec<VideoRow>,
    /// `video texts.csv`: the last text update of each video.
    text_updates: HashMap<String, String>,
    /// `video recordings.csv`: where each video was recorded.
    recordings: HashMap<String, Value>,
    playlists: Vec<Playlist>,
    /// Y3/Y4 playlist files, by file stem, and Y2 playlists with their own metadata.
    playlist_files: Vec<(String, Vec<Item>)>,
    playlist_tables: Vec<(Playlist, Vec<Item>)>,
    subs: Vec<Sub>,
    /// Records whose author is the owner, held until the owner is known.
    pending: Vec<Record>,
    post_ids: HashSet<String>,
    reaction_ids: HashSet<String>,
    /// What each parsed entry turned out to cover (told by its content).
    covered: BTreeMap<String, &'static [&'static str]>,
    /// Y3/Y4 playlist files by stem, until they are joined to their playlist.
    playlist_entries: BTreeMap<String, String>,
}

/// What a table covers, told by its header (playlists: once joined to their playlist).
fn table_covers(role: TableRole) -> &'static [&'static str] {
    match role {
        TableRole::Videos => &["post:videos"],
        TableRole::Comments => &["post:comments", "account:comments"],
        TableRole::LiveChat => &["post:live_chat"],
        TableRole::Subscriptions => &["relationship:following", "account:subscriptions"],
        _ => &[],
    }
}

/// Parse a time, keeping the original under `field` when it was not RFC 3339 UTC.
fn time(s: Option<&str>, field: &str, raw: &mut RawTimes) -> Option<Timestamp> {
    let s = s?.trim();
    if s.is_empty() {
        return None;
    }
    match Timestamp::parse(s) {
        Some((t, canonical)) => {
            if !canonical {
                raw.insert(field.to_string(), s.to_string());
            }
            Some(t)
        }
        None => {
            raw.insert(field.to_string(), s.to_string());
            None
        }
    }
}

fn watch_url(video: &str) -> String {
    format!("https://www.youtube.com/watch?v={video}")
}

fn channel_url(channel: &str) -> String {
    format!("https://www.youtube.com/channel/{channel}")
}

/// A title as Takeout writes it into a file name: `: / \ ? * " < > |` become `_`,
/// compared case-insensitively.
fn file_title(title: &str) -> String {
    title
        .trim()
        .chars()
        .map(|c| match c {
            ':' | '/' | '\\' | '?' | '*' | '"' | '<' | '>' | '|' => '_',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// The stem of a file name (without folder and extension), lower-cased.
fn stem(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    let s = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    s.trim().to_lowercase()
}

/// A query parameter of a URL.
fn param<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

fn loc(e: &Entry, line: u64) -> String {
    format!("{}:{line}", e.name)
}

impl YouTube {
    /// Count a channel id that wrote something (the owner, when no channel.csv says).
    fn saw_author(&mut self, channel: &str, src: &Source) {
        *self.authors.entry(channel.to_string()).or_default() += 1;
        self.author_sources
            .entry(channel.to_string())
            .or_insert_with(|| src.clone());
    }

    fn owner_native(&self) -> String {
        if let Some(o) = &self.owner {
            return o.clone();
        }
        self.authors
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(c, _)| c.clone())
            .unwrap_or_else(|| "owner".into())
    }

    fn account_id(channel: &str) -> String {
        record_id(NET, Kind::Account, channel)
    }

    /// Every row of a table through `f`; bad rows are skipped with their reason.
    fn rows(
        &mut self,
        e: &Entry,
        t: &mut Table<&[u8]>,
        cx: &mut Context,
        kind: Kind,
        mut f: impl FnMut(&mut Self, &Row, Source, &mut Context) -> Result<()>,
    ) -> Result<u64> {
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            n += 1;
            match row {
                Ok(row) => {
                    let src = Source::at(&e.name, n - 1);
                    f(self, &row, src, cx)?;
                }
                Err(bad) => {
                    cx.report.skipped(kind, bad.reason, loc(e, bad.line));
                    if bad.fatal {
                        break;
                    }
                }
            }
        }
        Ok(n)
    }
}

impl Importer for YouTube {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        self.generation.clone()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        if let Some(role) =
            takeout::outside_product(&e.name, self.scoped, is_youtube, &mut self.others)
        {
            return Plan::Carry { role: role.into() };
        }
        let file = e.file_name().to_lowercase();
        if takeout::media_kind(&file).is_some() {
            return Plan::Media {
                role: "uploaded video (or music) file".into(),
            };
        }
        let ext = file.rsplit_once('.').map(|(_, x)| x).unwrap_or("");
        match ext {
            "csv" => {
                let channel = file.starts_with("channel") || file.starts_with("kanal");
                Plan::Parse {
                    phase: if channel { 2 } else { 10 },
                    role: "CSV table (role read from its header)".into(),
                }
            }
            "html" | "json" if file.contains("history") => Plan::Carry {
                role: "watch or search history: no record kind, kept verbatim".into(),
            },
            "json" if self.csv_tables => Plan::Carry {
                role: "JSON beside CSV tables: history (no record kind), kept verbatim".into(),
            },
            "html" | "json" => Plan::Parse {
                phase: 10,
                role: "comments, live chat, playlist or subscriptions (by content)".into(),
            },
            _ => Plan::Carry {
                role: "not mapped, kept verbatim".into(),
            },
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let file = e.file_name().to_lowercase();
        // history files (under a translated name the plan could not tell) are the big
        // ones and have no record kind: told by their first bytes and carried as a
        // stream, never held whole
        let mut buf = Vec::with_capacity(4096);
        r.take(4096)
            .read_to_end(&mut buf)
            .map_err(|err| Error::io(&e.name, err))?;
        let history = (file.ends_with(".json") && is_history_json(&buf))
            || (file.ends_with(".html") && String::from_utf8_lossy(&buf).contains("outer-cell"));
        if history {
            cx.sink.carry(&e.name, &mut (&buf[..]).chain(r))?;
            return Ok(0);
        }
        r.read_to_end(&mut buf)
            .map_err(|err| Error::io(&e.name, err))?;
        if file.ends_with(".csv") {
            return self.csv(e, &buf, cx);
        }
        if file.ends_with(".json") {
            if is_history_json(&buf) {
                cx.sink.carry(&e.name, &mut &buf[..])?;
                return Ok(0);
            }
            let v: Option<Value> = serde_json::from_slice(&buf).ok();
            let items = match v {
                Some(Value::Array(a)) => a,
                Some(Value::Object(mut o)) => match o.remove("items") {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            let api = items
                .first()
                .is_some_and(|i| i.get("snippet").is_some() || i.get("contentDetails").is_some());
            if api {
                return self.data_api(e, &items, cx);
            }
            cx.report.warn(format!(
                "{}: JSON lifeboat does not map: carried verbatim",
                e.name
            ));
            cx.sink.carry(&e.name, &mut &buf[..])?;
            return Ok(0);
        }
        // HTML
        let doc = String::from_utf8_lossy(&buf);
        if doc.contains("outer-cell") || !doc.contains("<li") {
            cx.report.warn(format!(
                "{}: HTML lifeboat does not map: carried verbatim",
                e.name
            ));
            cx.sink.carry(&e.name, &mut &buf[..])?;
            return Ok(0);
        }
        self.html_list(e, &doc, cx)
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        self.files.push(FileRef {
            entry: e.name.clone(),
            stored: stored.clone(),
            used: false,
        });
        Ok(())
    }

    /// A Takeout holds the parts of YouTube the user picked: each table, list or
    /// playlist present holds all of its own, told by its content (tables by their
    /// header, playlists once joined to their playlist). An HTML list with no item says
    /// nothing of which list it is. Likes are absent from Y3/Y4 Takeouts: they cover no
    /// like.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        super::Cover::Complete(self.covered.get(entry).copied().unwrap_or(&[]))
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        if let Some(note) = takeout::others_note(&self.others) {
            cx.report.warn(note);
        }
        let owner = self.owner_native();
        if owner == "owner" && (!self.pending.is_empty() || !self.subs.is_empty()) {
            cx.report.warn(
                "no channel id in the dump (no channel.csv, no comment or playlist naming it): the owner is youtube:account:owner",
            );
        }
        let owner_id = Self::account_id(&owner);
        // the owner
        let a = Account {
            id: owner_id.clone(),
            network: NET.into(),
            handle: self.owner_handle.clone(),
            display_name: self.owner_title.clone(),
            url: (owner != "owner").then(|| channel_url(&owner)),
            is_owner: true,
            source: self
                .owner_source
                .clone()
                .or_else(|| self.author_sources.get(&owner).cloned())
                .unwrap_or_else(|| Source::entry("")),
            ext: std::mem::take(&mut self.owner_ext),
            ..Default::default()
        };
        cx.emit(Record::Account(a))?;
        self.emit_videos(&owner, cx)?;
        for mut r in std::mem::take(&mut self.pending) {
            if let Record::Post(p) = &mut r {
                if p.author.is_empty() {
                    p.author = owner_id.clone();
                }
            }
            cx.emit(r)?;
        }
        // subscriptions: following, and each channel as an account
        let mut stubs: BTreeMap<String, (Option<String>, Option<String>, Source)> = BTreeMap::new();
        for s in std::mem::take(&mut self.subs) {
            let native = format!("following/{owner}/{}", s.channel);
            if !self.reaction_ids.insert(native.clone()) {
                cx.report.skipped(
                    Kind::Relationship,
                    format!("subscription to {} listed twice", s.channel),
                    s.source.entry.clone(),
                );
                continue;
            }
            let r = Relationship {
                id: record_id(NET, Kind::Relationship, &native),
                network: NET.into(),
                kind: "following".into(),
                subject: owner_id.clone(),
                object: Self::account_id(&s.channel),
                source: s.source.clone(),
                ..Default::default()
            };
            cx.emit(Record::Relationship(r))?;
            if s.channel != owner {
                stubs
                    .entry(s.channel.clone())
                    .or_insert((s.title, s.url, s.source));
            }
        }
        for (c, (title, url, src)) in stubs {
            let a = Account {
                id: Self::account_id(&c),
                network: NET.into(),
                display_name: title,
                url: Some(url.unwrap_or_else(|| channel_url(&c))),
                source: src,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        // playlists: Y3/Y4 files joined to playlists.csv by title
        let playlists = std::mem::take(&mut self.playlists);
        for (file_stem, items) in std::mem::take(&mut self.playlist_files) {
            let pl = playlists
                .iter()
                .filter(|p| !p.title.is_empty() && file_stem.starts_with(&file_title(&p.title)))
                .max_by_key(|p| p.title.len())
                .cloned()
                .unwrap_or_else(|| Playlist {
                    id: String::new(),
                    title: file_stem.clone(),
                    meta: Default::default(),
                });
            let pl = if pl.id.is_empty() && pl.title.eq_ignore_ascii_case("watch later") {
                Playlist {
                    id: "WL".into(),
                    ..pl
                }
            } else {
                pl
            };
            if let Some(entry) = self.playlist_entries.get(&file_stem) {
                self.covered.insert(entry.clone(), playlist_covers(&pl));
            }
            for it in items {
                self.reaction(&owner, &pl, it, cx)?;
            }
        }
        for (pl, items) in std::mem::take(&mut self.playlist_tables) {
            for it in items {
                self.reaction(&owner, &pl, it, cx)?;
            }
        }
        // files no video claimed
        for f in std::mem::take(&mut self.files) {
            if f.used {
                continue;
            }
            let inner = takeout::product(&f.entry)
                .map(|(_, p)| p)
                .unwrap_or(&f.entry);
            let mut m = Media {
                id: record_id(NET, Kind::Media, &format!("file/{inner}")),
                network: NET.into(),
                kind: takeout::media_kind(&f.entry).unwrap_or("document").into(),
                source: Source::entry(&f.entry),
                ..Default::default()
            };
            m.set_file(
                f.entry.clone(),
                f.stored.sha256,
                f.stored.bytes,
                f.stored.path,
            );
            cx.emit(Record::Media(m))?;
        }
        for (what, n) in std::mem::take(&mut self.declared_likes) {
            cx.report.reconcile(
                what,
                n,
                self.likes,
                Some("Y3 exports state only how many videos were liked, not which; the likes found are those of other files (none when no playlist lists them)"),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
