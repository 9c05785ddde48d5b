//! Exporters: take an archive to its next home.
//!
//! Every exporter reads the archive's records one at a time ([`Archive::records`]),
//! writes one format, and accounts for what it wrote and what it **could not express**
//! in an [`ExportReport`] (counted per record kind, never silent).
//!
//! Public-facing formats ([`Format::is_public`]: feeds, ActivityStreams, WXR, the HTML
//! site, the Mastodon outbox) hold only the owner's `public`, not deleted, posts unless
//! [`Filter::include`] widens it; the records formats (`csv`, `sqlite`) hold everything
//! with a `visibility` column.
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
mod feeds;
mod html;
mod safe;
mod strip;
mod table;
mod text;
mod wxr;

use std::collections::{BTreeMap, HashMap};
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
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 9] = [
        Format::Mastodon,
        Format::ActivityStreams,
        Format::Atom,
        Format::Rss,
        Format::JsonFeed,
        Format::Wxr,
        Format::Csv,
        Format::Sqlite,
        Format::Html,
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
    /// `followers`, `private`, `direct`).
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
}

/// What could not be expressed: `count` records of `kind`, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Loss {
    /// The record kind (`reaction`).
    pub kind: String,
    /// How many.
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
                writeln!(
                    f,
                    "    {} {}: {}",
                    l.count,
                    plural(&l.kind, l.count),
                    l.reason
                )?;
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
    lost: BTreeMap<(String, String), u64>,
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
    pub(crate) fn lost(&mut self, kind: Kind, reason: impl Into<String>) {
        self.lost_n(kind, 1, reason)
    }
    pub(crate) fn lost_n(&mut self, kind: Kind, n: u64, reason: impl Into<String>) {
        if n > 0 {
            *self
                .lost
                .entry((kind.as_str().to_string(), reason.into()))
                .or_default() += n;
        }
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
                .map(|((kind, reason), count)| Loss {
                    kind,
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
    owners: std::collections::HashSet<String>,
    /// The owner's stored profile images: (`avatar` or `header`, the file).
    pub profile_images: Vec<(String, MediaLite)>,
    /// The author `--account` asks for (otherwise public formats publish the posts of
    /// every owner account).
    author: Option<String>,
    /// [`ExportOptions::publish_uncleaned_media`].
    publish_uncleaned_media: bool,
}

/// The native part of a record id (`twitter:post:123` → `123`).
pub(crate) fn native(id: &str) -> &str {
    id.splitn(3, ':').nth(2).unwrap_or(id)
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
        let mut owners = std::collections::HashSet::new();
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
        Ok(Ctx {
            archive,
            format,
            filter,
            owner,
            accounts,
            media,
            now,
            owners,
            profile_images,
            author,
            publish_uncleaned_media: false,
        })
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

    /// Decide whether a post goes into this export; a post left out is counted in
    /// `book` with its reason.
    pub(crate) fn keep_post(&self, p: &Post, book: &mut Book) -> bool {
        if !self.filter.in_network(&p.network) {
            book.lost(Kind::Post, "of another network than --network");
            return false;
        }
        if let Some(a) = &self.author {
            if p.author != *a {
                book.lost(Kind::Post, "by another account than --account");
                return false;
            }
        } else if self.format.is_public()
            && !self.owners.is_empty()
            && !self.owners.contains(&p.author)
        {
            // every imported dump's owner is published (a convert of several networks)
            book.lost(
                Kind::Post,
                "posts by other accounts (kept for context in the archive) are not published",
            );
            return false;
        }
        if !self.filter.in_time(p.created_at.as_ref()) {
            book.lost(Kind::Post, "outside the --since/--until range");
            return false;
        }
        if self.format.is_public() {
            if p.deleted_at.is_some() {
                book.lost(Kind::Post, "deleted posts are not published");
                return false;
            }
            if p.status.is_some() {
                book.lost(Kind::Post, "drafts and unpublished posts are not published");
                return false;
            }
            if !self.allowed(p.visibility) {
                let v = vis_name(p.visibility);
                book.lost(
                    Kind::Post,
                    format!("{v} posts are not published without --include {v}"),
                );
                return false;
            }
            if p.visibility == Visibility::Direct {
                book.note("direct posts are included (--include direct)");
            }
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
    MediaLite {
        kind: m.kind,
        mime: m.mime,
        path: m.path,
        bytes: m.bytes,
        alt: m.alt_text,
        original_url: m.original_url,
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

/// A stable IRI for a post: its ActivityPub id when it has one, a permalink built from
/// its native id where the network has one, else a `tag:` URI built from its record
/// id. The same post always gets the same IRI, whether it is exported itself or only
/// named by a reply, a repost or a quote.
pub(crate) fn post_iri(p: &Post) -> String {
    iri_of(&p.id, None)
}

/// A stable IRI for a record id (an account's profile URL may be given as `url`).
pub(crate) fn iri_of(id: &str, url: Option<&str>) -> String {
    let n = native(id);
    if n.starts_with("https://") || n.starts_with("http://") {
        return n.to_string();
    }
    let mut parts = id.splitn(3, ':');
    let (net, kind) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    match (net, kind) {
        ("twitter", "post") if digits => return format!("https://twitter.com/i/web/status/{n}"),
        ("twitter", "account") if digits => {
            return url
                .and_then(safe::web)
                .filter(|u| u.starts_with("https://"))
                .map(str::to_string)
                .unwrap_or_else(|| format!("https://twitter.com/i/user/{n}"))
        }
        _ => {}
    }
    if let Some(u) = url.and_then(safe::web) {
        return u.to_string();
    }
    tag_uri(id)
}

/// An RFC 4151 `tag:` URI for a record id.
pub(crate) fn tag_uri(id: &str) -> String {
    let mut s = String::from("tag:lifeboat.archive,2026:");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=".contains(c) {
            s.push(c);
        } else {
            let mut b = [0u8; 4];
            for x in c.encode_utf8(&mut b).bytes() {
                s.push_str(&format!("%{x:02X}"));
            }
        }
    }
    s
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
    matches!(format, Format::Csv | Format::Html)
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
