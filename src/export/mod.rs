//! Exporters: take an archive to its next home.
//!
//! Every exporter reads the archive's records one at a time ([`Archive::records`]),
//! writes one format, and accounts for what it wrote and what it **could not express**
//! in an [`ExportReport`] (counted per record kind, never silent).
//!
//! Public-facing formats ([`Format::is_public`]: feeds, ActivityStreams, WXR, the HTML
//! site, the Mastodon outbox) publish the archive's own writing, `public`, published,
//! not deleted, unless [`Filter::include`] widens the audience: the posts of its owner
//! accounts, and the top-level posts of a site the owner runs (a blog's authors, a
//! forum's threads, a company page). Other accounts' public replies to them go where
//! the format has a place ([`Format::places_replies`]). The records formats (`csv`,
//! `sqlite`) hold everything, with a `visibility` column.
//!
//! The report says what was not expressed, per kind, and for the records written, per
//! field ([`Loss::field`]): for the formats lifeboat reads back, exactly what a round
//! trip through them changes (`tests/roundtrip.rs`, `docs/fidelity.md`).
//!
//! ```no_run
//! use lifeboat::export::{export, ExportOptions, Format};
//! use std::path::Path;
//!
//! let report = export(Path::new("my-archive"), Format::Atom, Path::new("feed.atom"),
//!                     &ExportOptions::default())?;
//! for l in &report.lost {
//!     println!("{} {}: {}", l.count, l.kind, l.reason);
//! }
//! # Ok::<(), lifeboat::Error>(())
//! ```

mod as2;
pub mod bluesky;
mod feeds;
mod fidelity;
mod html;
mod safe;
mod strip;
mod table;
mod text;
mod wxr;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::model::{Account, Kind, Media, Post, Record, Timestamp, Visibility};

/// The formats an archive can be exported to (the `--to` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A Mastodon-compatible account archive (zip) with Mastodon's import CSVs.
    Mastodon,
    /// An ActivityStreams 2.0 JSON-LD outbox.
    ActivityStreams,
    /// An Atom feed (RFC 4287).
    Atom,
    /// An RSS 2.0 feed.
    Rss,
    /// A JSON Feed 1.1.
    JsonFeed,
    /// WordPress eXtended RSS 1.2.
    Wxr,
    /// One CSV file per record kind.
    Csv,
    /// One SQLite database, a table per record kind.
    Sqlite,
    /// A static offline website.
    Html,
    /// An AT Protocol repository (`repo.car`) with its blobs, for Bluesky.
    Bluesky,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 10] = [
        Format::Mastodon,
        Format::ActivityStreams,
        Format::Atom,
        Format::Rss,
        Format::JsonFeed,
        Format::Wxr,
        Format::Csv,
        Format::Sqlite,
        Format::Html,
        Format::Bluesky,
    ];

    /// The `--to` name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Mastodon => "mastodon",
            Format::ActivityStreams => "activitystreams",
            Format::Atom => "atom",
            Format::Rss => "rss",
            Format::JsonFeed => "jsonfeed",
            Format::Wxr => "wxr",
            Format::Csv => "csv",
            Format::Sqlite => "sqlite",
            Format::Html => "html",
            Format::Bluesky => "bluesky",
        }
    }

    /// Parse a `--to` name.
    pub fn from_name(s: &str) -> Option<Format> {
        let s = s.to_ascii_lowercase();
        let s = match s.as_str() {
            "as2" => "activitystreams",
            "json-feed" | "json_feed" => "jsonfeed",
            "wordpress" => "wxr",
            "site" => "html",
            "atproto" | "bsky" => "bluesky",
            other => other,
        };
        Format::ALL.into_iter().find(|f| f.name() == s)
    }

    /// True for the formats meant to be published: they hold only public posts by
    /// default. `csv` and `sqlite` are the owner's records and hold everything.
    pub fn is_public(self) -> bool {
        !matches!(self, Format::Csv | Format::Sqlite)
    }
}

/// Which records an export takes.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Visibilities added to `public` for public-facing formats (`unlisted`,
    /// `followers`, `private`, `direct`, and `unknown`: posts whose audience the dump
    /// does not record).
    pub include: Vec<Visibility>,
    /// Only posts and messages from this time on.
    pub since: Option<Timestamp>,
    /// Only posts and messages before this time.
    pub until: Option<Timestamp>,
    /// Only records of this network.
    pub network: Option<String>,
    /// Only the posts of this account (a record id, a native id or a handle); public
    /// formats default to the archive's owner.
    pub account: Option<String>,
}

impl Filter {
    /// Parse an `--include` value (`unlisted`, `followers`, `private`, `direct`).
    pub fn parse_visibility(s: &str) -> Result<Visibility> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "public" => Visibility::Public,
            "unlisted" => Visibility::Unlisted,
            "followers" | "followers-only" | "private" => Visibility::Followers,
            "limited" => Visibility::Private,
            "direct" | "dm" => Visibility::Direct,
            "unknown" => Visibility::Unknown,
            o => {
                return Err(Error::Usage(format!(
                    "--include takes unlisted, followers, limited, direct or unknown, not {o:?}"
                )))
            }
        })
    }

    /// Parse a `--since`/`--until` value: `YYYY-MM-DD` or an RFC 3339 time.
    pub fn parse_date(s: &str) -> Result<Timestamp> {
        let t = s.trim();
        let full = if t.len() == 10 {
            format!("{t}T00:00:00Z")
        } else {
            t.to_string()
        };
        Timestamp::parse(&full)
            .map(|(ts, _)| ts)
            .ok_or_else(|| Error::Usage(format!("not a date (YYYY-MM-DD or RFC 3339): {s:?}")))
    }

    fn in_time(&self, t: Option<&Timestamp>) -> bool {
        match t {
            Some(t) => {
                self.since.as_ref().is_none_or(|s| t.millis() >= s.millis())
                    && self.until.as_ref().is_none_or(|u| t.millis() < u.millis())
            }
            None => self.since.is_none() && self.until.is_none(),
        }
    }

    fn in_network(&self, n: &str) -> bool {
        self.network.as_deref().is_none_or(|w| w == n)
    }
}

/// Options of [`export`].
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Which records.
    pub filter: Filter,
    /// Write nothing; only compute the report.
    pub dry_run: bool,
    /// The time written as the export's own date (feed `updated`, WXR `pubDate`);
    /// the current time when `None`. Set it for reproducible output.
    pub now: Option<Timestamp>,
    /// Replace an existing file at `out` (or a folder that an earlier export did not
    /// write). Without it such an output is refused.
    pub force: bool,
    /// Publish media files whose metadata cannot be removed (unknown or damaged
    /// types) as they are, offered only as downloads on the site. Off by default:
    /// such files are left out and counted.
    pub publish_uncleaned_media: bool,
    /// `bluesky`: the repository's DID and the key its commit is signed with.
    pub bluesky: bluesky::BlueskyOptions,
}

/// What could not be expressed: `count` records of `kind`, and why. Without a
/// `field` the records themselves are not in the output; with one, they are, but that
/// field of theirs is not kept as it is (it is left out, or changed on the way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Loss {
    /// The record kind (`reaction`).
    pub kind: String,
    /// The field of the record (`history`, `ext`), when only that part is lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// How many records.
    pub count: u64,
    /// Why (`Atom has no place for likes`).
    pub reason: String,
}

/// The outcome of an export: what was written and what was left out, per kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ExportReport {
    /// The format name.
    pub format: String,
    /// Where it was written (empty for a dry run).
    pub out: String,
    /// Records written, per kind.
    pub written: BTreeMap<String, u64>,
    /// Records (or parts of records) left out, per kind and reason.
    pub lost: Vec<Loss>,
    /// Things the user should know (e.g. that direct messages were included).
    pub notes: Vec<String>,
}

impl ExportReport {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Total records left out (or partly left out).
    pub fn lost_total(&self) -> u64 {
        self.lost.iter().map(|l| l.count).sum()
    }

    /// Records of `kind` left out whole (not those that lost only a field).
    pub fn records_lost(&self, kind: &str) -> u64 {
        self.lost
            .iter()
            .filter(|l| l.kind == kind && l.field.is_none())
            .map(|l| l.count)
            .sum()
    }

    /// Records of `kind` written whose `field` is not kept as it is, by field.
    pub fn fields_lost(&self, kind: &str) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for l in self.lost.iter().filter(|l| l.kind == kind) {
            if let Some(f) = &l.field {
                *m.entry(f.clone()).or_default() += l.count;
            }
        }
        m
    }
}

impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.out.is_empty() {
            writeln!(f, "{} (dry run):", self.format)?;
        } else {
            writeln!(f, "{} -> {}:", self.format, self.out)?;
        }
        let w: Vec<String> = self
            .written
            .iter()
            .map(|(k, n)| format!("{n} {}", plural(k, *n)))
            .collect();
        writeln!(
            f,
            "  written: {}",
            if w.is_empty() {
                "nothing".into()
            } else {
                w.join(", ")
            }
        )?;
        if self.lost.is_empty() {
            writeln!(f, "  not expressed: nothing")?;
        } else {
            writeln!(f, "  not expressed:")?;
            for l in &self.lost {
                match &l.field {
                    None => writeln!(
                        f,
                        "    {} {}: {}",
                        l.count,
                        plural(&l.kind, l.count),
                        l.reason
                    )?,
                    Some(field) => writeln!(
                        f,
                        "    {} {} ({field}): {}",
                        l.count,
                        plural(&l.kind, l.count),
                        l.reason
                    )?,
                }
            }
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

fn plural(kind: &str, n: u64) -> String {
    if n == 1 || kind.ends_with('s') || kind == "media" {
        kind.to_string()
    } else {
        format!("{kind}s")
    }
}

/// Counts written and lost records as an export goes.
#[derive(Default)]
pub(crate) struct Book {
    written: BTreeMap<String, u64>,
    lost: BTreeMap<(String, Option<String>, String), u64>,
    notes: Vec<String>,
}

impl Book {
    pub(crate) fn wrote(&mut self, kind: Kind) {
        *self.written.entry(kind.as_str().to_string()).or_default() += 1;
    }
    pub(crate) fn wrote_n(&mut self, kind: Kind, n: u64) {
        if n > 0 {
            *self.written.entry(kind.as_str().to_string()).or_default() += n;
        }
    }
    /// One record of `kind` is not in the output.
    pub(crate) fn lost(&mut self, kind: Kind, reason: impl Into<String>) {
        self.lost_n(kind, 1, reason)
    }
    /// `n` records of `kind` are not in the output.
    pub(crate) fn lost_n(&mut self, kind: Kind, n: u64, reason: impl Into<String>) {
        if n > 0 {
            *self
                .lost
                .entry((kind.as_str().to_string(), None, reason.into()))
                .or_default() += n;
        }
    }
    /// One record of `kind` is in the output, but its `field` is not kept as it is.
    pub(crate) fn field(&mut self, kind: Kind, field: &str, reason: impl Into<String>) {
        *self
            .lost
            .entry((
                kind.as_str().to_string(),
                Some(field.to_string()),
                reason.into(),
            ))
            .or_default() += 1;
    }
    pub(crate) fn note(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !self.notes.contains(&s) {
            self.notes.push(s);
        }
    }
    fn into_report(self, format: Format, out: String) -> ExportReport {
        ExportReport {
            format: format.name().to_string(),
            out,
            written: self.written,
            lost: self
                .lost
                .into_iter()
                .map(|((kind, field, reason), count)| Loss {
                    kind,
                    field,
                    count,
                    reason,
                })
                .collect(),
            notes: self.notes,
        }
    }
}

/// The little an exporter needs to know about an account.
#[derive(Clone, Debug, Default)]
pub(crate) struct AccountLite {
    pub network: String,
    pub handle: Option<String>,
    pub display_name: Option<String>,
    pub url: Option<String>,
}

impl AccountLite {
    /// `@handle`, the display name, or the native id.
    pub(crate) fn label(&self, id: &str) -> String {
        if let Some(h) = &self.handle {
            format!("@{h}")
        } else if let Some(d) = &self.display_name {
            d.clone()
        } else {
            native(id).to_string()
        }
    }
}

/// The little an exporter needs to know about a media item.
#[derive(Clone, Debug, Default)]
pub(crate) struct MediaLite {
    pub kind: String,
    pub mime: Option<String>,
    /// Path inside the archive, when the file is stored.
    pub path: Option<String>,
    pub bytes: Option<u64>,
    pub alt: Option<String>,
    pub original_url: Option<String>,
    /// The record's own fields, kept for media read from Mastodon (an attachment's
    /// `blurhash`, `focalPoint`, size) and WordPress (the attachment item): written
    /// back as they were.
    pub ext: Option<serde_json::Map<String, serde_json::Value>>,
}

impl MediaLite {
    /// The original URL when it is an absolute http(s) URL.
    pub(crate) fn web_url(&self) -> Option<&str> {
        self.original_url.as_deref().and_then(safe::web)
    }
    pub(crate) fn mime_or_default(&self) -> String {
        self.mime.clone().unwrap_or_else(|| {
            match self.kind.as_str() {
                "photo" => "image/jpeg",
                "video" | "gif" => "video/mp4",
                "audio" => "audio/mpeg",
                _ => "application/octet-stream",
            }
            .to_string()
        })
    }
}

/// Everything shared by the exporters: the archive, its owner, account and media
/// summaries, and the post selection.
pub(crate) struct Ctx<'a> {
    pub archive: &'a Archive,
    pub format: Format,
    pub filter: &'a Filter,
    pub owner: Option<Account>,
    pub accounts: HashMap<String, AccountLite>,
    pub media: HashMap<String, MediaLite>,
    /// The export's own date.
    pub now: Timestamp,
    /// Every account the archive marks as its owner (one per imported dump).
    owners: HashSet<String>,
    /// Networks whose owner writes nothing of their own: the dump is a site (a blog,
    /// a forum, a company page), whose writing is its authors' top-level posts.
    site_networks: HashSet<String>,
    /// The owner's stored profile images: (`avatar` or `header`, the file).
    pub profile_images: Vec<(String, MediaLite)>,
    /// The author `--account` asks for (otherwise public formats publish the posts of
    /// every owner account).
    author: Option<String>,
    /// Public replies by other accounts to the published writing (at any depth), by
    /// the id of the post they answer, oldest first: for the formats that have a
    /// place for them ([`Format::places_replies`]).
    pub replies: HashMap<String, Vec<Post>>,
    /// Pingbacks, trackbacks and webmentions of the published writing, by the post
    /// they link to (WXR only).
    pub linkbacks: HashMap<String, Vec<Post>>,
    /// Ids of the posts in `replies` and `linkbacks`.
    placed: HashSet<String>,
    /// [`ExportOptions::publish_uncleaned_media`].
    publish_uncleaned_media: bool,
}

/// The native part of a record id (`twitter:post:123` → `123`).
pub(crate) fn native(id: &str) -> &str {
    id.splitn(3, ':').nth(2).unwrap_or(id)
}

/// The network part of a record id (`twitter:post:123` → `twitter`).
pub(crate) fn network_of(id: &str) -> &str {
    id.split(':').next().unwrap_or("")
}

/// `pingback`, `trackback` or `webmention` for a post made by a linking site.
pub(crate) fn linkback_kind(p: &Post) -> Option<String> {
    p.ext
        .get_str("comment_type")
        .filter(|t| matches!(t.as_str(), "pingback" | "trackback" | "webmention"))
}

/// True for a post that is a site's own top-level writing: not a reply, a repost, a
/// linkback, a stub for a post the dump lacks, or a level of a reblog trail.
fn top_level_content(p: &Post) -> bool {
    p.reply_to.is_none()
        && p.repost_of.is_none()
        && linkback_kind(p).is_none()
        && p.ext.get_json("missing_from_export").is_none()
        && p.ext.get_json("from_reblog_trail").is_none()
}

impl Format {
    /// True for the formats that carry other accounts' public replies to the
    /// published writing: WXR (comments), ActivityStreams and the Mastodon outbox
    /// (`replies`), the site (threads).
    pub fn places_replies(self) -> bool {
        matches!(
            self,
            Format::Wxr | Format::ActivityStreams | Format::Mastodon | Format::Html
        )
    }
}

impl<'a> Ctx<'a> {
    fn load(
        archive: &'a Archive,
        format: Format,
        filter: &'a Filter,
        now: Timestamp,
    ) -> Result<Ctx<'a>> {
        let mut owner: Option<Account> = None;
        let mut chosen: Option<Account> = None;
        let mut accounts = HashMap::new();
        let mut owners = HashSet::new();
        for r in archive.records(Kind::Account)? {
            let Record::Account(a) = r? else { continue };
            if a.is_owner {
                owners.insert(a.id.clone());
            }
            if let Some(want) = &filter.account {
                let w = want.trim_start_matches('@');
                if a.id == *want
                    || native(&a.id) == w
                    || a.handle
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(w))
                {
                    chosen = Some(a.clone());
                }
            }
            if a.is_owner && filter.in_network(&a.network) && owner.is_none() {
                owner = Some(a.clone());
            }
            accounts.insert(
                a.id.clone(),
                AccountLite {
                    network: a.network,
                    handle: a.handle,
                    display_name: a.display_name,
                    url: a.url,
                },
            );
        }
        let mut media = HashMap::new();
        let mut profile_images = Vec::new();
        let owner_id = chosen
            .as_ref()
            .or(owner.as_ref())
            .map(|o| o.id.clone())
            .unwrap_or_default();
        for r in archive.records(Kind::Media)? {
            let Record::Media(m) = r? else { continue };
            if m.attached_to.contains(&owner_id) {
                let role = m.ext.get_str("role").unwrap_or_default();
                if role == "avatar" || role == "header" {
                    profile_images.push((role, lite_media(m.clone())));
                }
            }
            media.insert(m.id.clone(), lite_media(m));
        }
        let author = filter.account.as_ref().map(|w| {
            chosen
                .as_ref()
                .map(|a| a.id.clone())
                .unwrap_or_else(|| w.clone())
        });
        let owner = chosen.or(owner);
        // which networks are sites: their owner (if any) writes none of their posts
        let mut site_networks = HashSet::new();
        if format.is_public() {
            let mut written_by_owner = HashSet::new();
            let mut seen = HashSet::new();
            for r in archive.records(Kind::Post)? {
                let Record::Post(p) = r? else { continue };
                if owners.contains(&p.author) {
                    written_by_owner.insert(p.network.clone());
                } else if !seen.contains(&p.network) {
                    seen.insert(p.network.clone());
                }
            }
            site_networks = seen
                .into_iter()
                .filter(|n| !written_by_owner.contains(n))
                .collect();
        }
        let mut ctx = Ctx {
            archive,
            format,
            filter,
            owner,
            accounts,
            media,
            now,
            owners,
            site_networks,
            profile_images,
            author,
            replies: HashMap::new(),
            linkbacks: HashMap::new(),
            placed: HashSet::new(),
            publish_uncleaned_media: false,
        };
        if format.is_public() && format.places_replies() {
            ctx.gather_replies()?;
        }
        Ok(ctx)
    }

    /// Find the public replies of other accounts to the published writing (and, for
    /// WXR, its linkbacks): one pass for the published ids and the candidates, then
    /// each candidate's chain of parents is followed to a published post.
    fn gather_replies(&mut self) -> Result<()> {
        let mut published: HashSet<String> = HashSet::new();
        let mut candidates: HashMap<String, Post> = HashMap::new();
        let mut scratch = Book::default();
        for r in self.archive.records(Kind::Post)? {
            let Record::Post(p) = r? else { continue };
            if self.is_writing(&p) {
                if self.keep_post(&p, &mut scratch) {
                    published.insert(p.id.clone());
                }
                continue;
            }
            let linkback = linkback_kind(&p).is_some();
            if linkback && self.format != Format::Wxr {
                continue;
            }
            if (p.reply_to.is_some() || linkback)
                && self.filter.in_network(&p.network)
                && self.publishable(&p, &mut scratch)
            {
                candidates.insert(p.id.clone(), p);
            }
        }
        let parent = |p: &Post| -> Option<String> {
            match linkback_kind(p) {
                Some(_) => p.ext.get_str("links_to"),
                None => p.reply_to.clone(),
            }
        };
        let mut placed: Vec<Post> = Vec::new();
        for (id, p) in &candidates {
            let mut cur = parent(p);
            let mut steps = 0;
            let mut ok = false;
            while let Some(up) = cur {
                if published.contains(&up) {
                    ok = true;
                    break;
                }
                steps += 1;
                match candidates.get(&up) {
                    // a linkback is never the parent of a reply
                    Some(q) if steps < 10_000 && up != *id && linkback_kind(q).is_none() => {
                        cur = parent(q)
                    }
                    _ => break,
                }
            }
            if ok {
                placed.push(p.clone());
            }
        }
        placed.sort_by(|a, b| {
            let t = |p: &Post| p.created_at.as_ref().map(|t| t.millis()).unwrap_or(0);
            t(a).cmp(&t(b)).then(a.id.cmp(&b.id))
        });
        for p in placed {
            self.placed.insert(p.id.clone());
            if linkback_kind(&p).is_some() {
                let to = p.ext.get_str("links_to").unwrap_or_default();
                self.linkbacks.entry(to).or_default().push(p);
            } else {
                let to = p.reply_to.clone().unwrap_or_default();
                self.replies.entry(to).or_default().push(p);
            }
        }
        Ok(())
    }

    /// True for the owner's account: one marked as owner, or the unnamed owner of a
    /// dump that has no profile (a subject the archive has no account record for).
    pub(crate) fn is_owner(&self, id: &str) -> bool {
        self.owners.contains(id) || !self.accounts.contains_key(id)
    }

    /// The owner's display label.
    pub(crate) fn owner_name(&self) -> String {
        match &self.owner {
            Some(o) => o
                .display_name
                .clone()
                .or(o.handle.clone())
                .unwrap_or_else(|| native(&o.id).to_string()),
            None => "lifeboat archive".to_string(),
        }
    }

    /// An account's label (`@handle`).
    pub(crate) fn account_label(&self, id: &str) -> String {
        match self.accounts.get(id) {
            Some(a) => a.label(id),
            None => native(id).to_string(),
        }
    }

    /// The visibilities a public format publishes.
    fn allowed(&self, v: Visibility) -> bool {
        v == Visibility::Public || self.filter.include.contains(&v)
    }

    /// True for the archive's own writing: a post by an owner account (or by
    /// `--account`), or a top-level post of a site the owner runs (a blog's authors,
    /// a forum's threads, a company page's posts). Every other post is someone
    /// else's (a reply, a reblogged or quoted post kept for context).
    pub(crate) fn is_writing(&self, p: &Post) -> bool {
        if let Some(a) = &self.author {
            return p.author == *a;
        }
        self.owners.contains(&p.author)
            || (self.site_networks.contains(&p.network) && top_level_content(p))
    }

    /// Deleted, unpublished and non-public posts stay out of public formats; each is
    /// counted in `book` with its reason.
    fn publishable(&self, p: &Post, book: &mut Book) -> bool {
        if p.deleted_at.is_some() {
            book.lost(Kind::Post, "deleted posts are not published");
            return false;
        }
        if p.status.is_some() {
            book.lost(
                Kind::Post,
                "drafts and unpublished posts (pending, spam, trashed, scheduled) are not published",
            );
            return false;
        }
        if !self.allowed(p.visibility) {
            let v = vis_name(p.visibility);
            let why = if p.visibility == Visibility::Unknown {
                "posts whose audience the dump does not record are not published without --include unknown".to_string()
            } else {
                format!("{v} posts are not published without --include {v}")
            };
            book.lost(Kind::Post, why);
            return false;
        }
        true
    }

    /// Decide whether a post goes into this export as writing; a post left out is
    /// counted in `book` with its reason, unless it is a reply the format writes in
    /// its thread ([`Ctx::replies`]).
    pub(crate) fn keep_post(&self, p: &Post, book: &mut Book) -> bool {
        if !self.filter.in_network(&p.network) {
            book.lost(Kind::Post, "of another network than --network");
            return false;
        }
        if !self.format.is_public() {
            if let Some(a) = &self.author {
                if p.author != *a {
                    book.lost(Kind::Post, "by another account than --account");
                    return false;
                }
            }
            if !self.filter.in_time(p.created_at.as_ref()) {
                book.lost(Kind::Post, "outside the --since/--until range");
                return false;
            }
            return true;
        }
        if self.placed.contains(&p.id) {
            return false; // written in its thread
        }
        let writing = self.is_writing(p);
        let reply = p.reply_to.is_some() || linkback_kind(p).is_some();
        if !writing && !reply {
            book.lost(
                Kind::Post,
                if self.author.is_some() {
                    "by another account than --account"
                } else {
                    "posts by other accounts (kept for context in the archive) are not published"
                },
            );
            return false;
        }
        if writing && !self.filter.in_time(p.created_at.as_ref()) {
            book.lost(Kind::Post, "outside the --since/--until range");
            return false;
        }
        if !self.publishable(p, book) {
            return false;
        }
        if !writing {
            let why = if linkback_kind(p).is_some() && self.format != Format::Wxr {
                format!(
                    "pingbacks and trackbacks (posts of linking sites) have no place in {}",
                    self.format.name()
                )
            } else if self.format.places_replies() {
                "replies by other accounts to posts that are not in this export".to_string()
            } else {
                format!(
                    "replies by other accounts: {} holds only the archive's own posts",
                    self.format.name()
                )
            };
            book.lost(Kind::Post, why);
            return false;
        }
        if p.visibility == Visibility::Direct {
            book.note("direct posts are included (--include direct)");
        }
        true
    }

    /// Stream the selected posts through `f`, one at a time.
    pub(crate) fn each_post(
        &self,
        book: &mut Book,
        mut f: impl FnMut(Post, &mut Book) -> Result<()>,
    ) -> Result<()> {
        for r in self.archive.records(Kind::Post)? {
            if let Record::Post(p) = r? {
                if self.keep_post(&p, book) {
                    f(p, book)?;
                }
            }
        }
        Ok(())
    }

    /// The replies of other accounts placed under a post, oldest first.
    pub(crate) fn replies_of(&self, id: &str) -> &[Post] {
        self.replies.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Count the records of kinds a format has no place for.
    pub(crate) fn count_unexpressed(
        &self,
        book: &mut Book,
        kinds: &[Kind],
        why: &str,
    ) -> Result<()> {
        for &k in kinds {
            let mut n = 0u64;
            for r in self.archive.records(k)? {
                let r = r?;
                if self.filter.in_network(record_network(&r)) {
                    n += 1;
                }
            }
            book.lost_n(k, n, why.to_string());
        }
        Ok(())
    }

    /// Media files of a post in a public format: the stored ones, with GPS/EXIF noted.
    pub(crate) fn post_media<'b>(&'b self, p: &'b Post) -> Vec<(&'b str, &'b MediaLite)> {
        p.media
            .iter()
            .filter_map(|id| self.media.get(id).map(|m| (id.as_str(), m)))
            .collect()
    }

    /// Make a stored media file ready to publish: its location and camera metadata
    /// removed ([`strip`]), its type told by its bytes. `Ok(Err(why))` when it is not
    /// published: a type lifeboat cannot clean or cannot show safely (HTML, SVG, PDF,
    /// unknown), or a damaged file. Fail closed.
    pub(crate) fn outgoing(&self, src: &Path) -> Result<std::result::Result<Outgoing, String>> {
        Ok(match strip::clean_file(src)? {
            Ok(c) => Ok(Outgoing {
                ext: c.ty.ext(),
                show: c.ty.show(),
                mime: c.ty.mime(),
                body: OutBody::Clean(c),
            }),
            Err(_) if self.publish_uncleaned_media => Ok(Outgoing {
                ext: "bin",
                show: strip::Show::Download,
                mime: "application/octet-stream",
                body: OutBody::Raw(src.to_path_buf()),
            }),
            Err(r) => Err(match r.ty {
                None => format!("{}; not published (it stays in the archive)", r.why),
                Some(t) => format!(
                    "{}: location and camera metadata could not be removed ({}); not published (it stays in the archive)",
                    t.mime(),
                    r.why
                ),
            }),
        })
    }

    /// [`Ctx::outgoing`], counting a file left out in `book`.
    pub(crate) fn prepare_media(&self, src: &Path, book: &mut Book) -> Result<Option<Outgoing>> {
        if self.publish_uncleaned_media {
            book.note(UNCLEANED_NOTE);
        }
        Ok(match self.outgoing(src)? {
            Ok(o) => Some(o),
            Err(why) => {
                book.lost(Kind::Media, why);
                book.note(LEFT_OUT_NOTE);
                None
            }
        })
    }

    /// The full path of a stored media file.
    pub(crate) fn media_file(&self, m: &MediaLite) -> Option<PathBuf> {
        let p = m.path.as_deref()?;
        if p.contains("..") {
            return None;
        }
        let f = self.archive.root().join(p);
        f.is_file().then_some(f)
    }
}

/// The note of an export run with `--publish-uncleaned-media`.
pub(crate) const UNCLEANED_NOTE: &str = "--publish-uncleaned-media: files lifeboat could not clean of metadata are published as they are (on the site as downloads)";
/// The note of an export that left media out because they could not be cleaned.
pub(crate) const LEFT_OUT_NOTE: &str = "media files that cannot be cleaned of location and camera metadata are left out; --publish-uncleaned-media publishes them as they are";

/// A media file ready to be published: cleaned (or, when asked, as it is).
pub(crate) struct Outgoing {
    /// The extension its published name gets (by its type, never the dump's).
    pub ext: &'static str,
    /// How the site may show it.
    pub show: strip::Show,
    /// Its MIME type.
    pub mime: &'static str,
    body: OutBody,
}

enum OutBody {
    Clean(strip::Clean),
    Raw(PathBuf),
}

impl Outgoing {
    /// Write the file to `w`.
    pub(crate) fn write_to(&self, w: &mut dyn std::io::Write, what: &Path) -> Result<u64> {
        match &self.body {
            OutBody::Clean(c) => c.write_to(w).map_err(|e| Error::io(what, e)),
            OutBody::Raw(src) => {
                let mut f = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
                std::io::copy(&mut f, w).map_err(|e| Error::io(what, e))
            }
        }
    }

    /// Write the file at `dst`.
    pub(crate) fn write_file(&self, dst: &Path) -> Result<()> {
        let mut f = create(dst)?;
        self.write_to(&mut f, dst)?;
        std::io::Write::flush(&mut f).map_err(|e| Error::io(dst, e))
    }
}

fn lite_media(m: Media) -> MediaLite {
    let ext = (matches!(m.network.as_str(), "mastodon" | "wordpress") && !m.ext.is_empty())
        .then(|| match serde_json::to_value(&m.ext) {
            Ok(serde_json::Value::Object(o)) => Some(o),
            _ => None,
        })
        .flatten();
    MediaLite {
        kind: m.kind,
        mime: m.mime,
        path: m.path,
        bytes: m.bytes,
        alt: m.alt_text,
        original_url: m.original_url,
        ext,
    }
}

pub(crate) fn record_network(r: &Record) -> &str {
    match r {
        Record::Account(x) => &x.network,
        Record::Post(x) => &x.network,
        Record::Media(x) => &x.network,
        Record::Relationship(x) => &x.network,
        Record::Reaction(x) => &x.network,
        Record::Conversation(x) => &x.network,
        Record::Message(x) => &x.network,
    }
}

/// The name of a visibility (`followers`).
pub(crate) fn vis_name(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Unlisted => "unlisted",
        Visibility::Followers => "followers",
        Visibility::Private => "limited",
        Visibility::Direct => "direct",
        Visibility::Unknown => "unknown",
    }
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

/// Export the archive at `archive` to `out` in `format`.
pub fn export(
    archive: &Path,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
) -> Result<ExportReport> {
    let a = Archive::open(archive)?;
    export_archive(&a, format, out, opts)
}

/// Export an opened archive (see [`export`]).
pub fn export_archive(
    archive: &Archive,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
) -> Result<ExportReport> {
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let mut ctx = Ctx::load(archive, format, &opts.filter, now)?;
    ctx.publish_uncleaned_media = opts.publish_uncleaned_media;
    let mut book = Book::default();
    // A dry run writes into a scratch place, removed afterwards.
    let scratch = opts.dry_run.then(|| {
        std::env::temp_dir().join(format!(
            "lifeboat-dry-run-{}-{}",
            std::process::id(),
            format.name()
        ))
    });
    let staged = match scratch {
        Some(_) => None,
        None => Some(Staged::new(
            Some(archive.root()),
            shape(format),
            out,
            opts.force,
        )?),
    };
    let target = match (&scratch, &staged) {
        (Some(s), _) => s.clone(),
        (None, Some(st)) => st.path().to_path_buf(),
        (None, None) => out.to_path_buf(),
    };
    if let Some(parent) = target.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
    }
    let res = match format {
        Format::Atom => feeds::atom(&ctx, &target, &mut book),
        Format::Rss => feeds::rss(&ctx, &target, &mut book),
        Format::JsonFeed => feeds::jsonfeed(&ctx, &target, &mut book),
        Format::ActivityStreams => as2::outbox(&ctx, &target, &mut book),
        Format::Mastodon => as2::mastodon(&ctx, &target, &mut book),
        Format::Wxr => wxr::wxr(&ctx, &target, &mut book),
        Format::Csv => table::csv(&ctx, &target, &mut book),
        Format::Sqlite => table::sqlite(&ctx, &target, &mut book),
        Format::Html => html::site(&ctx, &target, &mut book),
        Format::Bluesky => bluesky::repo(&ctx, &target, &mut book, &opts.bluesky),
    };
    if let Some(s) = &scratch {
        let _ = std::fs::remove_dir_all(s);
        let _ = std::fs::remove_file(s);
    }
    res?;
    if let Some(st) = staged {
        st.commit()?;
    }
    if format.is_public() {
        if !matches!(
            format,
            Format::ActivityStreams | Format::Mastodon | Format::Wxr | Format::Bluesky
        ) {
            let mut others = 0u64;
            for r in archive.records(Kind::Account)? {
                if let Record::Account(a) = r? {
                    if opts.filter.in_network(&a.network)
                        && Some(&a.id) != ctx.owner.as_ref().map(|o| &o.id)
                    {
                        others += 1;
                    }
                }
            }
            book.lost_n(
                Kind::Account,
                others,
                "only the owner's profile is carried; other accounts appear by name or address",
            );
        }
        // Direct messages never go into a public format unless asked for.
        let asked = opts.filter.include.contains(&Visibility::Direct);
        if asked {
            book.note(
                "--include direct: direct posts (and, on the site, direct messages) are in this public-facing output",
            );
        }
        let mut n = 0;
        for r in archive.records(Kind::Message)? {
            if let Record::Message(m) = r? {
                if opts.filter.in_network(&m.network) {
                    n += 1;
                }
            }
        }
        if !asked {
            book.lost_n(
                Kind::Message,
                n,
                "direct messages are private and published only with --include direct",
            );
        } else if format != Format::Html {
            book.lost_n(
                Kind::Message,
                n,
                format!("{} has no place for direct messages", format.name()),
            );
        } else if n > 0 {
            book.note("direct messages are included in the site (--include direct)");
        }
    }
    let out_s = if opts.dry_run {
        String::new()
    } else {
        out.display().to_string()
    };
    Ok(book.into_report(format, out_s))
}

/// The file that marks a folder as written by an export (so that a later export may
/// replace it).
pub(crate) const MARKER: &str = ".lifeboat-export";

/// True for the formats written as a folder.
fn is_folder(format: Format) -> bool {
    matches!(format, Format::Csv | Format::Html | Format::Bluesky)
}

/// What an export writes at `--out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One file (a feed, a zip, a database).
    File,
    /// A folder of files (CSV, the site, RSMF, EML), marked with `.lifeboat-export`.
    Folder,
}

/// The shape of a format's output.
pub fn shape(format: Format) -> Shape {
    if is_folder(format) {
        Shape::Folder
    } else {
        Shape::File
    }
}

/// The absolute form of a path that may not exist yet.
fn absolute(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let parent = p.parent().filter(|x| !x.as_os_str().is_empty());
    let base = match parent {
        Some(x) => x.canonicalize().ok()?,
        None => std::env::current_dir().ok()?,
    };
    Some(base.join(p.file_name()?))
}

/// Refuse an output that would destroy something the user did not ask to replace:
///
/// * the archive itself, or a folder inside or around it (never, even with `force`);
/// * a file where a folder is written, or a folder where a file is written (never: a
///   file is not replaced by a folder, nor a folder by a file);
/// * an existing file (a feed, `thesis.docx`, a symlink) unless `force`;
/// * a non-empty folder that no earlier export wrote (no `.lifeboat-export` marker)
///   unless `force`; never the home folder, a filesystem root, or a folder holding
///   the current directory.
///
/// A folder an earlier export wrote, an empty folder, and nothing at all are fine.
/// Character devices and pipes (`/dev/stdout`) are written to, not replaced.
pub fn check_out(archive: Option<&Path>, shape: Shape, out: &Path, force: bool) -> Result<()> {
    let usage = |m: String| Err(Error::Usage(m));
    if out.as_os_str().is_empty() {
        return usage("--out is required".into());
    }
    let o = absolute(out);
    if let (Some(root), Some(o)) = (archive.and_then(absolute), o.as_ref()) {
        if o.starts_with(&root) || root.starts_with(o) {
            return usage(format!(
                "--out {} overlaps the archive {}; write the export somewhere else",
                out.display(),
                root.display()
            ));
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(()); // nothing there
    };
    let kind = if meta.file_type().is_symlink() {
        // what the link points at decides file or folder; the link itself is what
        // would be replaced
        std::fs::metadata(out).ok().map(|m| m.file_type())
    } else {
        Some(meta.file_type())
    };
    let is_dir = kind.is_some_and(|k| k.is_dir());
    if stream(out) {
        return match shape {
            Shape::File => Ok(()),
            Shape::Folder => usage(format!(
                "--out {} is a device or pipe; this format writes a folder",
                out.display()
            )),
        };
    }
    match (shape, is_dir) {
        (Shape::File, true) => usage(format!(
            "--out {} is a folder; this format writes a file. Give a file name (nothing is replaced)",
            out.display()
        )),
        (Shape::Folder, false) => usage(format!(
            "--out {} is a file; this format writes a folder and never replaces a file with one. Give a new folder name",
            out.display()
        )),
        (Shape::File, false) if !force => usage(format!(
            "--out {} already exists; lifeboat does not overwrite it. Give a new name, or --force to replace it",
            out.display()
        )),
        (Shape::File, false) => Ok(()),
        (Shape::Folder, true) => {
            if meta.file_type().is_symlink() {
                return usage(format!(
                    "--out {} is a link to a folder; give the folder itself or a new name",
                    out.display()
                ));
            }
            let empty = std::fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || out.join(MARKER).is_file() {
                return Ok(());
            }
            if !force {
                return usage(format!(
                    "--out {} is a folder with other things in it that no lifeboat export wrote; give a new or empty folder, or --force to replace it",
                    out.display()
                ));
            }
            let home = std::env::var_os("HOME").map(PathBuf::from).and_then(|h| h.canonicalize().ok());
            let cwd = std::env::current_dir().ok().and_then(|c| c.canonicalize().ok());
            let o = o.unwrap_or_default();
            if o.parent().is_none()
                || home.as_ref() == Some(&o)
                || cwd.as_ref().is_some_and(|c| c.starts_with(&o))
            {
                return usage(format!(
                    "--out {} is the home folder, a filesystem root or holds the current folder; lifeboat never replaces it, even with --force",
                    out.display()
                ));
            }
            Ok(())
        }
    }
}

/// True when `out` is a character device or a pipe (written to, never replaced).
#[cfg(unix)]
fn stream(out: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(out)
        .map(|m| {
            let t = m.file_type();
            t.is_char_device() || t.is_fifo()
        })
        .unwrap_or(false)
}

/// True when `out` is a character device or a pipe (written to, never replaced).
#[cfg(not(unix))]
fn stream(_out: &Path) -> bool {
    false
}

/// An export written beside its destination and moved into place only when it is
/// complete: a failed export leaves what was at `--out` untouched, and a replaced
/// output is removed only once the new one is there. Dropped without
/// [`Staged::commit`], the partial output is removed.
pub struct Staged {
    out: PathBuf,
    tmp: PathBuf,
    shape: Shape,
    /// `out` is a device or pipe: the finished file is copied into it.
    stream: bool,
    done: bool,
}

impl Staged {
    /// Check `out` ([`check_out`]) and choose where to write.
    pub fn new(archive: Option<&Path>, shape: Shape, out: &Path, force: bool) -> Result<Staged> {
        check_out(archive, shape, out, force)?;
        let is_stream = stream(out);
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into());
        let partial = format!(".{name}.lifeboat-partial-{}", std::process::id());
        // a device's folder (/dev) is no place for a partial file
        let tmp = if is_stream {
            std::env::temp_dir().join(partial)
        } else {
            out.with_file_name(partial)
        };
        remove_any(&tmp)?;
        Ok(Staged {
            out: out.to_path_buf(),
            tmp,
            shape,
            stream: is_stream,
            done: false,
        })
    }

    /// Where the exporter writes.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Move the finished output into place, replacing what `check_out` allowed.
    pub fn commit(mut self) -> Result<()> {
        if self.stream {
            let mut src = std::fs::File::open(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
            let mut dst = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.out)
                .map_err(|e| Error::io(&self.out, e))?;
            std::io::copy(&mut src, &mut dst).map_err(|e| Error::io(&self.out, e))?;
            return Ok(()); // the partial file goes on drop
        }
        if self.shape == Shape::Folder {
            let m = self.tmp.join(MARKER);
            if !m.exists() {
                std::fs::write(&m, "lifeboat export\n").map_err(|e| Error::io(&m, e))?;
            }
        }
        let replaced = std::fs::symlink_metadata(&self.out).is_ok();
        let old = self.tmp.with_file_name(format!(
            "{}.old",
            self.tmp
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if replaced {
            remove_any(&old)?;
            std::fs::rename(&self.out, &old).map_err(|e| Error::io(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            if replaced {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(Error::io(&self.out, e));
        }
        self.done = true; // nothing left to clean up
        if replaced {
            remove_any(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_any(&self.tmp);
        }
    }
}

/// Remove a file, link or folder at `p`, if any.
fn remove_any(p: &Path) -> Result<()> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(p).map_err(|e| Error::io(p, e)),
        Ok(_) => std::fs::remove_file(p).map_err(|e| Error::io(p, e)),
        Err(_) => Ok(()),
    }
}

/// Create an export folder (emptied first when an earlier export wrote it) with its
/// marker file.
pub(crate) fn create_folder(out: &Path, format: Format) -> Result<()> {
    clear(out)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let m = out.join(MARKER);
    std::fs::write(&m, format!("{}\n", format.name())).map_err(|e| Error::io(&m, e))
}

/// Open a file for writing, buffered.
pub(crate) fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    Ok(std::io::BufWriter::with_capacity(1 << 16, f))
}

/// Remove whatever is at `path` (file or folder) so that an export starts clean.
pub(crate) fn clear(path: &Path) -> Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
    } else if path.exists() {
        std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
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

    #[test]
    fn filter_values_parse() {
        assert_eq!(
            Filter::parse_visibility("followers").ok(),
            Some(Visibility::Followers)
        );
        assert!(Filter::parse_visibility("everyone").is_err());
        let d = Filter::parse_date("2024-05-01").ok();
        assert_eq!(
            d.map(|t| t.to_rfc3339()),
            Some("2024-05-01T00:00:00Z".into())
        );
        assert!(Filter::parse_date("May 1st").is_err());
        assert_eq!(Format::from_name("JSONFeed"), Some(Format::JsonFeed));
        assert!(!Format::Sqlite.is_public() && Format::Html.is_public());
    }
}
