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

/// What a CSV table is, by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TableRole {
    Channel,
    ChannelSettings,
    Videos,
    VideoTexts,
    Recordings,
    Comments,
    LiveChat,
    Subscriptions,
    PlaylistIndex,
    PlaylistItems,
    PlaylistTwoTables,
    /// `Total Liked Videos,81`: a count, no list (Y3 `Liked videos.csv`).
    LikeCount,
    Unknown,
}

fn classify(header: &[String]) -> TableRole {
    let h: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    let has = |n: &str| h.iter().any(|c| c == n);
    let first = h.first().map(String::as_str).unwrap_or("");
    if h.len() == 2 && first.starts_with("total ") && h[1].trim().parse::<u64>().is_ok() {
        TableRole::LikeCount
    } else if has("comment id") {
        TableRole::Comments
    } else if has("live chat id") {
        TableRole::LiveChat
    } else if has("playlist id") && has("time created") {
        TableRole::PlaylistTwoTables
    } else if has("playlist id") {
        TableRole::PlaylistIndex
    } else if has("video id") && h.iter().any(|c| c.starts_with("video recording")) {
        TableRole::Recordings
    } else if has("video id") && h.iter().any(|c| c.contains("text segments")) {
        TableRole::VideoTexts
    } else if (has("video id") || first == "video id")
        && (has("approx duration (ms)")
            || has("video title (original)")
            || has("title")
            || has("privacy"))
    {
        TableRole::Videos
    } else if has("channel id") && has("channel title (original)") {
        TableRole::Channel
    } else if h.len() == 3
        && h[1].contains("url")
        && !h[1].contains("vanity")
        && h[0].contains("id")
    {
        // `Channel Id,Channel Url,Channel Title`, `Kanal-ID,Kanal-URL,Kanaltitel`, …
        TableRole::Subscriptions
    } else if first == "channel id" {
        TableRole::ChannelSettings
    } else if h.len() == 2 && first.ends_with("id") {
        // `Video ID,Playlist Video Creation Timestamp` and its translations
        TableRole::PlaylistItems
    } else {
        TableRole::Unknown
    }
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

/// The reaction a playlist's items are: liked videos, watch later, or any other list.
fn playlist_kind(pl: &Playlist) -> &'static str {
    if pl.id.starts_with("LL") {
        "like"
    } else if pl.id == "WL" {
        "bookmark"
    } else {
        "playlist_item"
    }
}

/// What a playlist's file covers.
fn playlist_covers(pl: &Playlist) -> &'static [&'static str] {
    match playlist_kind(pl) {
        "like" => &["reaction:like"],
        "bookmark" => &["reaction:bookmark"],
        _ => &["reaction:playlist_item"],
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

/// The text of a comment or live-chat cell (FORMAT.md §5.2): `{"takeoutSegments":[…]}`,
/// comma-joined segment objects, or plain text. Returns the text, the links of its
/// segments, and the segments themselves when they carry more than text.
fn segments(cell: &str) -> (String, Vec<Link>, Option<Value>) {
    let t = cell.trim();
    if !t.starts_with('{') {
        return (cell.to_string(), Vec::new(), None);
    }
    let parsed: Option<Value> = if t.starts_with("{\"takeoutSegments\"") {
        serde_json::from_str::<Value>(t)
            .ok()
            .and_then(|mut v| v.get_mut("takeoutSegments").map(Value::take))
    } else {
        serde_json::from_str::<Value>(&format!("[{t}]")).ok()
    };
    let Some(Value::Array(segs)) = parsed else {
        return (cell.to_string(), Vec::new(), None);
    };
    let mut text = String::new();
    let mut links = Vec::new();
    let mut rich = false;
    for s in &segs {
        let Some(o) = s.as_object() else {
            continue;
        };
        let piece = o.get("text").and_then(Value::as_str).unwrap_or("");
        text.push_str(piece);
        if o.keys().any(|k| k != "text") {
            rich = true;
        }
        if let Some(u) = o
            .get("link")
            .and_then(|l| l.get("linkUrl"))
            .and_then(Value::as_str)
        {
            links.push(Link {
                url: u.to_string(),
                short_url: None,
                display: (!piece.is_empty() && piece != u).then(|| piece.to_string()),
            });
        }
        if let Some(v) = o.get("videoLink") {
            if let Some(id) = v.get("externalVideoId").and_then(Value::as_str) {
                let mut url = watch_url(id);
                if let Some(s) = v.get("startTimeSeconds").and_then(Value::as_u64) {
                    url.push_str(&format!("&t={s}s"));
                }
                links.push(Link {
                    url,
                    short_url: None,
                    display: (!piece.is_empty()).then(|| piece.to_string()),
                });
            }
        }
    }
    (text, links, rich.then_some(Value::Array(segs)))
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

    fn csv(&mut self, e: &Entry, buf: &[u8], cx: &mut Context) -> Result<u64> {
        let mut t = match Table::new(buf) {
            Ok(t) => t,
            Err(bad) => {
                cx.report.warn(format!(
                    "{}: {}; carried verbatim",
                    loc(e, bad.line),
                    bad.reason
                ));
                cx.sink.carry(&e.name, &mut &buf[..])?;
                return Ok(0);
            }
        };
        let role = classify(t.header());
        self.covered.insert(e.name.clone(), table_covers(role));
        match role {
            TableRole::Channel => self.rows(e, &mut t, cx, Kind::Account, |me, row, src, _| {
                if let Some(id) = row.get("channel id") {
                    if me.owner.is_none() {
                        me.owner = Some(id.to_string());
                        me.owner_title = row.get("channel title (original)").map(str::to_string);
                        me.owner_source = Some(src);
                    }
                    me.owner_ext
                        .extend_map(row.rest(&["channel id", "channel title (original)"]));
                }
                Ok(())
            }),
            TableRole::ChannelSettings => {
                self.rows(e, &mut t, cx, Kind::Account, |me, row, _src, _| {
                    // the vanity name is the handle
                    if me.owner_handle.is_none() {
                        me.owner_handle = row
                            .get("channel vanity url 1 name")
                            .map(|h| h.trim_start_matches('@').to_string());
                    }
                    me.owner_ext.extend_map(row.rest(&["channel id"]));
                    Ok(())
                })?;
                // settings are fields of the owner's account, not records
                Ok(0)
            }
            TableRole::Videos => self.rows(e, &mut t, cx, Kind::Post, |me, row, src, cx| {
                me.video_row(row, src, cx)
            }),
            TableRole::VideoTexts => {
                self.rows(e, &mut t, cx, Kind::Post, |me, row, _src, _| {
                    if let (Some(id), Some(u)) =
                        (row.get("video id"), row.get("video text update timestamp"))
                    {
                        me.text_updates.insert(id.to_string(), u.to_string());
                    }
                    Ok(())
                })?;
                Ok(0)
            }
            TableRole::Recordings => {
                self.rows(e, &mut t, cx, Kind::Post, |me, row, _src, _| {
                    let Some(id) = row.get("video id") else {
                        return Ok(());
                    };
                    let rest = row.rest(&["video id"]);
                    // `0,0,0` is "not set"
                    let set = rest
                        .values()
                        .any(|v| v.as_str().is_some_and(|s| s.parse::<f64>() != Ok(0.0)));
                    if set {
                        me.recordings.insert(id.to_string(), Value::Object(rest));
                    }
                    Ok(())
                })?;
                Ok(0)
            }
            TableRole::Comments => self.rows(e, &mut t, cx, Kind::Post, |me, row, src, cx| {
                me.comment(row, src, cx, false)
            }),
            TableRole::LiveChat => self.rows(e, &mut t, cx, Kind::Post, |me, row, src, cx| {
                me.comment(row, src, cx, true)
            }),
            TableRole::Subscriptions => {
                self.rows(e, &mut t, cx, Kind::Relationship, |me, row, src, cx| {
                    let url = row.cell(1).unwrap_or("http");
                    if !url.starts_with("http") {
                        // not a subscription: a translated channel settings table
                        me.owner_ext.extend_map(row.rest(&[]));
                        return Ok(());
                    }
                    match row.cell(0) {
                        Some(c) => me.subs.push(Sub {
                            channel: c.to_string(),
                            url: row.cell(1).map(str::to_string),
                            // titles may end in spaces: keep them
                            title: row.raw_cell(2).map(str::to_string),
                            source: src,
                        }),
                        None => cx.report.skipped(
                            Kind::Relationship,
                            "subscription without a channel id",
                            format!("{}#{}", src.entry, src.index.unwrap_or(0)),
                        ),
                    }
                    Ok(())
                })?;
                Ok(self.subs.len() as u64)
            }
            TableRole::PlaylistIndex => {
                self.rows(e, &mut t, cx, Kind::Reaction, |me, row, _src, _| {
                    if let Some(id) = row.get("playlist id") {
                        let title = row
                            .raw("playlist title (original)")
                            .or_else(|| row.raw("playlist title"))
                            .unwrap_or("")
                            .to_string();
                        me.playlists.push(Playlist {
                            id: id.to_string(),
                            title,
                            meta: row.rest(&["playlist id"]),
                        });
                    }
                    Ok(())
                })?;
                Ok(0)
            }
            TableRole::PlaylistItems => {
                let mut items = Vec::new();
                let n = self.rows(e, &mut t, cx, Kind::Reaction, |_, row, src, _| {
                    if let Some(v) = row.cell(0) {
                        items.push(Item {
                            video: v.to_string(),
                            added: row.cell(1).map(str::to_string),
                            source: src,
                        });
                    }
                    Ok(())
                })?;
                self.playlist_entries.insert(stem(&e.name), e.name.clone());
                self.playlist_files.push((stem(&e.name), items));
                Ok(n)
            }
            TableRole::PlaylistTwoTables => self.two_tables(e, &mut t, cx),
            TableRole::LikeCount => {
                // a count the export states about itself: reconciled at the end with
                // the likes read; the file itself is kept
                let h = t.header();
                let n = h
                    .get(1)
                    .and_then(|c| c.trim().parse::<u64>().ok())
                    .unwrap_or(0);
                let what = h.first().cloned().unwrap_or_default();
                self.declared_likes
                    .push((format!("{}: {}", e.name, what.trim()), n));
                cx.sink.carry(&e.name, &mut &buf[..])?;
                Ok(0)
            }
            TableRole::Unknown => {
                cx.report.warn(format!(
                    "{}: a table lifeboat does not map (header {:?}): carried verbatim",
                    e.name,
                    t.header().iter().take(4).collect::<Vec<_>>()
                ));
                cx.sink.carry(&e.name, &mut &buf[..])?;
                Ok(0)
            }
        }
    }

    /// A Y2 playlist file: the playlist's row, a blank line, then `Video Id,Time Added`.
    fn two_tables(&mut self, e: &Entry, t: &mut Table<&[u8]>, cx: &mut Context) -> Result<u64> {
        let mut pl: Option<Playlist> = None;
        let mut header_seen = false;
        let mut items = Vec::new();
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            let row = match row {
                Ok(r) => r,
                Err(bad) => {
                    cx.report
                        .skipped(Kind::Reaction, bad.reason, loc(e, bad.line));
                    n += 1;
                    if bad.fatal {
                        break;
                    }
                    continue;
                }
            };
            if pl.is_none() {
                let id = row.cell(0).unwrap_or("").to_string();
                if let Some(c) = row.cell(1) {
                    self.saw_author(c, &Source::at(&e.name, 0));
                }
                pl = Some(Playlist {
                    id,
                    title: row.get("title").unwrap_or("").to_string(),
                    meta: row.rest(&["playlist id"]),
                });
            } else if !header_seen {
                header_seen = true; // `Video Id,Time Added`, translated or not
            } else if let Some(v) = row.cell(0) {
                n += 1;
                items.push(Item {
                    video: v.to_string(),
                    added: row.cell(1).map(str::to_string),
                    source: Source::at(&e.name, n - 1),
                });
            }
        }
        if let Some(p) = pl {
            self.covered.insert(e.name.clone(), playlist_covers(&p));
            self.playlist_tables.push((p, items));
        }
        Ok(n)
    }

    fn video_row(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let Some(id) = row.get("video id") else {
            cx.report.skipped(
                Kind::Post,
                "video without an id",
                format!("{}#{}", src.entry, src.index.unwrap_or(0)),
            );
            return Ok(());
        };
        let pick = |names: &[&str]| names.iter().find_map(|n| row.raw(n)).map(str::to_string);
        let title = pick(&["video title (original)", "title", "video title"]).unwrap_or_default();
        let description = pick(&[
            "video description (original)",
            "description",
            "video description",
        ])
        .unwrap_or_default();
        let channel = row
            .get("channel id")
            .map(str::to_string)
            .or_else(|| self.owner.clone());
        if let Some(c) = &channel {
            self.saw_author(c, &src);
        }
        let mut tags = Vec::new();
        let mut mapped: Vec<String> = vec![
            "video id",
            "video title (original)",
            "title",
            "video title",
            "video description (original)",
            "description",
            "video description",
            "channel id",
            "privacy",
            "visibility",
            "video create timestamp",
            "time created",
            "video publish timestamp",
            "time published",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for (k, v) in row.rest(&[]) {
            if k.to_lowercase().starts_with("tag ") {
                if let Some(s) = v.as_str() {
                    tags.push(s.to_string());
                }
                mapped.push(k.to_lowercase());
            }
        }
        let mut metrics = BTreeMap::new();
        for (col, key) in [
            ("view count", "views"),
            ("like count", "likes"),
            ("dislike count", "dislikes"),
        ] {
            if let Some(n) = row.get(col).and_then(|v| v.parse::<u64>().ok()) {
                metrics.insert(key.to_string(), n);
                mapped.push(col.to_string());
            }
        }
        let mapped_refs: Vec<&str> = mapped.iter().map(String::as_str).collect();
        self.videos.push(VideoRow {
            id: id.to_string(),
            title,
            description,
            channel,
            privacy: pick(&["privacy", "visibility"]),
            created: pick(&["video create timestamp", "time created"]),
            published: pick(&["video publish timestamp", "time published"]),
            tags,
            metrics,
            ext: Ext::from_map(row.rest(&mapped_refs)),
            source: src,
        });
        Ok(())
    }

    /// A row of `comments.csv` or `live chats.csv`: a post answering its parent
    /// comment, community post or video.
    fn comment(&mut self, row: &Row, src: Source, cx: &mut Context, live: bool) -> Result<()> {
        let (id_col, time_col, text_col) = if live {
            (
                "live chat id",
                "live chat create timestamp",
                "live chat text",
            )
        } else {
            ("comment id", "comment create timestamp", "comment text")
        };
        let l = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Some(id) = row.get(id_col) else {
            cx.report.skipped(Kind::Post, "row without an id", l);
            return Ok(());
        };
        // a comment listed twice is kept twice (the id guard derives the second's id)
        self.post_ids.insert(id.to_string());
        let author = match row.get("channel id") {
            Some(c) => {
                self.saw_author(c, &src);
                Self::account_id(c)
            }
            None => String::new(), // the owner, filled in at the end
        };
        let mut raw = RawTimes::new();
        let created_at = time(row.get(time_col), "created_at", &mut raw);
        let (text, links, rich) = segments(row.raw(text_col).unwrap_or(""));
        let video = row.get("video id");
        let post = row.get("post id");
        let parent = row
            .get("parent comment id")
            .or_else(|| id.split_once('.').map(|(p, _)| p).filter(|p| !p.is_empty()));
        let reply_to = parent.or(post).or(video);
        let mut ext = Ext::from_map(row.rest(&[
            id_col,
            "channel id",
            time_col,
            text_col,
            "parent comment id",
        ]));
        if let Some(r) = rich {
            ext.insert("text_segments", r);
        }
        if live {
            ext.insert_string("youtube_kind", "live_chat".into());
        }
        let url = match (video, post) {
            (Some(v), _) if !live => Some(format!("{}&lc={id}", watch_url(v))),
            (None, Some(p)) => Some(format!("https://www.youtube.com/post/{p}")),
            _ => None,
        };
        let p = Post {
            id: record_id(NET, Kind::Post, id),
            network: NET.into(),
            author,
            created_at,
            text,
            url,
            reply_to: reply_to.map(|r| record_id(NET, Kind::Post, r)),
            visibility: Visibility::Public,
            links,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        if p.author.is_empty() {
            self.pending.push(Record::Post(p));
            Ok(())
        } else {
            cx.emit(Record::Post(p))
        }
    }

    /// `my-comments.html` and `my-live-chat-messages.html` (Y0–Y2): one `<li>` each,
    /// a sentence frame (translated) with anchors and a UTC time, `<br/>`, the text.
    fn html_list(&mut self, e: &Entry, doc: &str, cx: &mut Context) -> Result<u64> {
        let mut n = 0u64;
        let (mut comments, mut lives) = (false, false);
        for el in html::elements(doc) {
            if el.name != "li" {
                continue;
            }
            n += 1;
            let index = n - 1;
            let l = format!("{}#{index}", e.name);
            let inner = el.inner;
            let (frame, body) = match inner.find("<br") {
                Some(i) => {
                    let rest = &inner[i..];
                    let after = rest.find('>').map(|j| &rest[j + 1..]).unwrap_or("");
                    (&inner[..i], after)
                }
                None => (inner, ""),
            };
            let fr = html::render(frame);
            let mut lcs = Vec::new();
            let mut video = None;
            for a in &fr.anchors {
                if let Some(c) = param(&a.href, "lc") {
                    lcs.push(c.to_string());
                }
                if video.is_none() {
                    video = param(&a.href, "v").map(str::to_string);
                }
            }
            let when = find_time(&fr.text);
            let live = lcs.is_empty();
            let native = match (lcs.first(), &video) {
                (Some(c), _) => c.clone(),
                (None, Some(v)) => {
                    format!("live/{v}/{}#{index}", when.as_deref().unwrap_or("undated"))
                }
                (None, None) => {
                    cx.report.skipped(
                        Kind::Post,
                        "list item names neither a comment nor a video",
                        l,
                    );
                    continue;
                }
            };
            // listed twice: kept twice (the id guard derives the second's id)
            self.post_ids.insert(native.clone());
            let parent = lcs
                .get(1)
                .cloned()
                .or_else(|| native.split_once('.').map(|(p, _)| p.to_string()));
            let reply_to = parent.or_else(|| video.clone());
            let mut raw = RawTimes::new();
            let created_at = time(when.as_deref(), "created_at", &mut raw);
            let rendered = html::render(body);
            let links = rendered
                .anchors
                .iter()
                .map(|a| Link {
                    url: a.href.clone(),
                    short_url: None,
                    display: (a.text != a.href && !a.text.is_empty()).then(|| a.text.clone()),
                })
                .collect();
            let mut ext = Ext::default();
            ext.insert_string("frame", fr.text.clone());
            if live {
                ext.insert_string("youtube_kind", "live_chat".into());
            }
            let p = Post {
                id: record_id(NET, Kind::Post, &native),
                network: NET.into(),
                author: String::new(),
                created_at,
                text: rendered.text,
                html: (body.contains('<') || body.contains('&')).then(|| body.to_string()),
                url: match (&video, live) {
                    (Some(v), false) => Some(format!("{}&lc={native}", watch_url(v))),
                    _ => None,
                },
                reply_to: reply_to.map(|r| record_id(NET, Kind::Post, &r)),
                visibility: Visibility::Public,
                links,
                raw_times: raw,
                source: Source::at(&e.name, index),
                ext,
                ..Default::default()
            };
            self.pending.push(Record::Post(p));
            comments |= !live;
            lives |= live;
        }
        self.covered.insert(
            e.name.clone(),
            match (comments, lives) {
                (true, true) => &["post:comments", "post:live_chat", "account:comments"],
                (true, false) => &["post:comments", "account:comments"],
                (false, true) => &["post:live_chat"],
                (false, false) => &[],
            },
        );
        Ok(n)
    }

    /// Y1 JSON playlists and subscriptions: arrays of YouTube Data API resources.
    fn data_api(&mut self, e: &Entry, items: &[Value], cx: &mut Context) -> Result<u64> {
        let mut n = 0u64;
        let mut list: Option<(Playlist, Vec<Item>)> = None;
        for (i, it) in items.iter().enumerate() {
            n += 1;
            let src = Source::at(&e.name, i as u64);
            let sn = it.get("snippet");
            let s = |v: Option<&Value>, k: &str| {
                v.and_then(|v| v.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let resource = sn.and_then(|s| s.get("resourceId"));
            // the channel that subscribed, or that owns the playlist: the owner
            if let Some(c) = s(sn, "channelId") {
                self.saw_author(&c, &src);
            }
            let kind = it.get("kind").and_then(Value::as_str).unwrap_or("");
            if kind == "youtube#subscription" || s(resource, "channelId").is_some() {
                match s(resource, "channelId") {
                    Some(c) => self.subs.push(Sub {
                        url: Some(channel_url(&c)),
                        channel: c,
                        title: s(sn, "title"),
                        source: src,
                    }),
                    None => cx.report.skipped(
                        Kind::Relationship,
                        "subscription without a channel id",
                        format!("{}#{i}", e.name),
                    ),
                }
                continue;
            }
            let video = s(it.get("contentDetails"), "videoId").or_else(|| s(resource, "videoId"));
            match video {
                Some(v) => {
                    let (pl, items) = list.get_or_insert_with(|| {
                        let id = s(sn, "playlistId").unwrap_or_default();
                        (
                            Playlist {
                                title: if id.starts_with("LL") {
                                    "Liked videos".into()
                                } else {
                                    stem(&e.name)
                                },
                                id,
                                meta: Default::default(),
                            },
                            Vec::new(),
                        )
                    });
                    if pl.id.is_empty() && stem(&e.name) == "likes" {
                        pl.id = "LL".into();
                    }
                    items.push(Item {
                        video: v,
                        added: s(sn, "publishedAt"),
                        source: src,
                    });
                }
                None => {
                    cx.report.skipped(
                        Kind::Reaction,
                        "Data API item names neither a video nor a channel",
                        format!("{}#{i}", e.name),
                    );
                }
            }
        }
        let subscriptions = self.subs.iter().any(|s| s.source.entry == e.name);
        self.covered.insert(
            e.name.clone(),
            match &list {
                Some((pl, _)) => playlist_covers(pl),
                None if subscriptions => table_covers(TableRole::Subscriptions),
                None => &[],
            },
        );
        if let Some(l) = list {
            self.playlist_tables.push(l);
        }
        Ok(n)
    }

    fn reaction(&mut self, owner: &str, pl: &Playlist, item: Item, cx: &mut Context) -> Result<()> {
        let kind = playlist_kind(pl);
        let key = if kind == "playlist_item" {
            format!("{}/", pl.id)
        } else {
            String::new()
        };
        let base = format!("{kind}/{owner}/{key}{}", item.video);
        let mut native = base.clone();
        let mut k = 1;
        while !self.reaction_ids.insert(native.clone()) {
            k += 1;
            native = format!("{base}#{k}");
        }
        let mut raw = RawTimes::new();
        let created_at = time(item.added.as_deref(), "created_at", &mut raw);
        let mut ext = Ext::default();
        if !pl.id.is_empty() {
            ext.insert_string("playlist_id", pl.id.clone());
        }
        if !pl.title.is_empty() {
            ext.insert_string("playlist_title", pl.title.clone());
        }
        if !pl.meta.is_empty() && kind == "playlist_item" {
            ext.insert("playlist", Value::Object(pl.meta.clone()));
        }
        if kind == "like" {
            self.likes += 1;
        }
        let r = Reaction {
            id: record_id(NET, Kind::Reaction, &native),
            network: NET.into(),
            kind: kind.into(),
            actor: Self::account_id(owner),
            target: record_id(NET, Kind::Post, &item.video),
            target_url: Some(watch_url(&item.video)),
            created_at,
            raw_times: raw,
            source: item.source,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// Bind the uploaded files to the videos by title (FORMAT.md §4.5) and emit both.
    fn emit_videos(&mut self, owner: &str, cx: &mut Context) -> Result<()> {
        let mut videos = std::mem::take(&mut self.videos);
        // duplicates of a title take `title`, `title (1)`, … in creation order
        videos.sort_by(|a, b| a.created.cmp(&b.created));
        let mut by_stem: HashMap<String, usize> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            if takeout::media_kind(&f.entry) == Some("video") {
                by_stem.entry(stem(&f.entry)).or_insert(i);
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for v in videos {
            let t = file_title(&v.title);
            let nth = seen.entry(t.clone()).or_default();
            let want = if *nth == 0 {
                t.clone()
            } else {
                format!("{t} ({nth})")
            };
            *nth += 1;
            let file = by_stem.get(&want).copied().filter(|&i| !self.files[i].used);
            let mut raw = RawTimes::new();
            let created = time(v.created.as_deref(), "created", &mut raw);
            let published = time(v.published.as_deref(), "created_at", &mut raw);
            let post_id = record_id(NET, Kind::Post, &v.id);
            let mut media = Vec::new();
            if let Some(i) = file {
                let f = &mut self.files[i];
                f.used = true;
                let mut m = Media {
                    id: record_id(NET, Kind::Media, &v.id),
                    network: NET.into(),
                    kind: "video".into(),
                    original_url: Some(watch_url(&v.id)),
                    attached_to: vec![post_id.clone()],
                    source: Source::entry(&f.entry),
                    ..Default::default()
                };
                m.set_file(
                    f.entry.clone(),
                    f.stored.sha256.clone(),
                    f.stored.bytes,
                    f.stored.path.clone(),
                );
                m.ext.insert_string(
                    "matched_by",
                    if want == t {
                        "title".into()
                    } else {
                        "title and creation order (low confidence)".into()
                    },
                );
                media.push(m.id.clone());
                cx.emit(Record::Media(m))?;
            }
            let mut ext = v.ext;
            if let Some(c) = created {
                ext.insert_string("video_created_at", c.to_rfc3339());
            }
            if let Some(g) = self.recordings.remove(&v.id) {
                ext.insert("recording", g);
            }
            let edited_at = self
                .text_updates
                .get(&v.id)
                .and_then(|u| Timestamp::parse(u))
                .map(|(t, _)| t)
                .filter(|t| Some(*t) > published.or(created));
            let visibility = match v.privacy.as_deref().map(str::to_lowercase).as_deref() {
                Some("public") => Visibility::Public,
                Some("unlisted") => Visibility::Unlisted,
                Some("private") => Visibility::Private,
                _ => Visibility::Unknown,
            };
            if let Some(p) = &v.privacy {
                ext.insert_string("privacy", p.clone());
            }
            let text = match (v.title.is_empty(), v.description.is_empty()) {
                (false, false) => format!("{}\n\n{}", v.title, v.description),
                (false, true) => v.title.clone(),
                _ => v.description.clone(),
            };
            let author = v.channel.as_deref().unwrap_or(owner);
            let p = Post {
                id: post_id,
                network: NET.into(),
                author: Self::account_id(author),
                created_at: published.or(created),
                text,
                title: (!v.title.is_empty()).then_some(v.title),
                url: Some(watch_url(&v.id)),
                visibility,
                media,
                tags: v.tags,
                metrics: v.metrics,
                edited_at,
                raw_times: raw,
                source: v.source,
                ext,
                ..Default::default()
            };
            cx.emit(Record::Post(p))?;
        }
        Ok(())
    }
}

/// The first `YYYY-MM-DD HH:MM:SS UTC` or `YYYY-MM-DDTHH:MM:SSZ` in a text.
fn find_time(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len() {
        let shape = digit(i)
            && digit(i + 1)
            && digit(i + 2)
            && digit(i + 3)
            && b.get(i + 4) == Some(&b'-')
            && b.get(i + 7) == Some(&b'-')
            && matches!(b.get(i + 10), Some(b' ' | b'T'))
            && b.get(i + 13) == Some(&b':')
            && b.get(i + 16) == Some(&b':');
        if !shape || i > 0 && digit(i - 1) {
            continue;
        }
        let end = i + 19;
        let Some(base) = s.get(i..end) else {
            continue;
        };
        let rest = &s[end..];
        if rest.starts_with(" UTC") {
            return Some(format!("{base} UTC"));
        }
        if rest.starts_with('Z') {
            return Some(format!("{base}Z"));
        }
        return Some(base.to_string());
    }
    None
}

/// The first bytes of a JSON file look like My Activity history.
fn is_history_json(head: &[u8]) -> bool {
    let h = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    h.contains("\"titleUrl\"") || h.contains("\"activityControls\"") || h.contains("\"header\"")
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
mod tests {
    use super::*;

    #[test]
    fn comment_text_in_every_form() {
        let (t, l, rich) = segments(
            r#"{"takeoutSegments":[{"text":"see "},{"text":"x.org","link":{"linkUrl":"https://x.org/"}}]}"#,
        );
        assert_eq!(t, "see x.org");
        assert_eq!(l[0].url, "https://x.org/");
        assert!(rich.is_some());
        let (t, l, _) = segments(
            r#"{"text":"at "},{"text":"1:05","videoLink":{"externalVideoId":"Ab3dEf9hIjK","startTimeSeconds":65}},{"text":" \u003e ok"}"#,
        );
        assert_eq!(t, "at 1:05 > ok");
        assert_eq!(
            l[0].url,
            "https://www.youtube.com/watch?v=Ab3dEf9hIjK&t=65s"
        );
        let (t, _, rich) = segments(r#"{"text":"a \"},{\" b"}"#);
        assert_eq!(t, "a \"},{\" b");
        assert!(rich.is_none());
        assert_eq!(segments("plain text").0, "plain text");
        assert_eq!(segments("{broken").0, "{broken");
    }

    #[test]
    fn tables_by_header() {
        let h = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            classify(&h("Kanal-ID,Kanal-URL,Kanaltitel")),
            TableRole::Subscriptions
        );
        assert_eq!(
            classify(&h("Channel ID,Comment Create Timestamp,Price,Comment ID,Parent Comment ID,Video ID,Comment Text")),
            TableRole::Comments
        );
        assert_eq!(
            classify(&h("Video ID,Playlist video creation timestamp")),
            TableRole::PlaylistItems
        );
        assert_eq!(
            classify(&h(
                "Video ID,Approx duration (ms),Video category,Channel ID,Video title (original)"
            )),
            TableRole::Videos
        );
        assert_eq!(classify(&h("Channel ID")), TableRole::ChannelSettings);
        assert_eq!(classify(&h("Song,Album")), TableRole::Unknown);
    }

    #[test]
    fn times_titles_and_params() {
        assert_eq!(
            find_time("You added a comment at 2015-03-20 22:51:16 UTC.").as_deref(),
            Some("2015-03-20 22:51:16 UTC")
        );
        assert_eq!(
            find_time("at 2016-06-15T08:50:49Z.").as_deref(),
            Some("2016-06-15T08:50:49Z")
        );
        assert_eq!(find_time("no time"), None);
        assert_eq!(
            file_title("Product demo: Acme Widget 2.0"),
            "product demo_ acme widget 2.0"
        );
        assert_eq!(
            param("http://www.youtube.com/watch?v=VID&lc=A.B", "lc"),
            Some("A.B")
        );
    }
}
