//! LinkedIn "Get a copy of your data" export (Basic and Complete): one zip of CSV
//! files (flat, or under a `Basic_/Complete_LinkedInDataExport_<date>/` folder) and
//! the articles as HTML files.
//!
//! Posts (`Shares.csv`, with their link and media preview), articles (`Articles/…
//! .html`), comments (posts with `reply_to` the commented post's URN), reactions and
//! poll votes, uploaded media (`Rich_Media.csv`, links only: the export holds no media
//! bytes), connections (after the `Notes:` preamble), company/member/hashtag follows,
//! invitations, messages (one conversation per `CONVERSATION ID`; the 2018 generation,
//! which has no id, by counterpart), the profile and positions. Every other table
//! (account data) is carried verbatim. Files are recognised by name, with the member-id
//! and split suffixes (`_17529409`, `_1`) and case and spacing differences removed.
//! Three CSV dialects: RFC 4180, `Comments.csv` with `\"` escapes, and the 2018 UTF-16LE
//! TAB-separated files. See `formats/linkedin/README.md`.

mod xlsx;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Conversation, Ext, Kind, Link, Media, Message, Post, Reaction, Record,
    Relationship, Source, Timestamp, Visibility,
};
use crate::read::table::{Dialect, Row, Table};

const NET: &str = "linkedin";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "L2018: UTF-16LE/TAB Shares.csv, Messages.csv (From,To,…,Direction,Folder), Connections.csv without preamble or URL, US short dates",
    "L2020: UTF-8 CSV, Connections.csv with the Notes: preamble, messages.csv with CONVERSATION ID, Comments.csv with \\\" escapes, Reactions.csv",
    "L2023+: Connections URL column, message draft flags, invitation profile URLs, Rich_Media.csv, Articles/Articles/*.html, coach/guide message feeds",
    "Company Page analytics exports: XLSX content workbooks (All posts with metrics) read, XLS workbooks carried",
];

/// linkedin: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "linkedin",
    description: "LinkedIn \"Get a copy of your data\" export (Basic and Complete zips)",
    generations: GENERATIONS,
    detect,
    sniff: None,
    make,
};

/// What a file of the export is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Profile,
    Positions,
    Shares,
    Comments,
    Reactions,
    Votes,
    RichMedia,
    Connections,
    Follows(&'static str),
    Invitations,
    Messages(&'static str),
    Article,
    /// A Company Page analytics workbook (XLSX).
    PageWorkbook,
}

/// The table's name reduced for matching: file name without folder, `.csv`, the
/// member-id or split suffix (`_17529409`, `_1`), spaces, underscores and case.
fn base(name: &str) -> Option<String> {
    let file = name.rsplit('/').next()?.to_ascii_lowercase();
    let mut stem = file.strip_suffix(".csv")?;
    while let Some((head, n)) = stem.rsplit_once('_') {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            stem = head;
        } else {
            break;
        }
    }
    Some(stem.chars().filter(|c| *c != ' ' && *c != '_').collect())
}

fn role_of(name: &str) -> Option<Role> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return Some(Role::Article);
    }
    if lower.ends_with(".xlsx") {
        return Some(Role::PageWorkbook);
    }
    Some(match base(name)?.as_str() {
        "profile" => Role::Profile,
        "positions" => Role::Positions,
        "shares" => Role::Shares,
        "comments" => Role::Comments,
        "reactions" => Role::Reactions,
        "votes" => Role::Votes,
        "richmedia" => Role::RichMedia,
        "connections" => Role::Connections,
        "companyfollows" => Role::Follows("company"),
        "memberfollows" => Role::Follows("member"),
        "hashtagfollows" => Role::Follows("hashtag"),
        "invitations" => Role::Invitations,
        "messages" => Role::Messages("messages"),
        "coachmessages" => Role::Messages("coach"),
        "learningcoachmessages" => Role::Messages("learning_coach"),
        "learningroleplaymessages" => Role::Messages("learning_role_play"),
        "guidemessages" => Role::Messages("guide"),
        _ => return None,
    })
}

pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        if e.name.contains("LinkedInDataExport") {
            score = score.max(95);
        }
        let lower = e.name.to_ascii_lowercase();
        if (lower.ends_with(".xls") || lower.ends_with(".xlsx"))
            && PAGE_SECTIONS.iter().any(|s| lower.contains(s))
        {
            score = score.max(50);
        }
        score = score.max(match role_of(&e.name) {
            Some(Role::Shares) | Some(Role::Connections) | Some(Role::Invitations) => 90,
            Some(Role::RichMedia) | Some(Role::Follows(_)) => 90,
            Some(Role::Reactions) | Some(Role::Positions) => 60,
            Some(Role::Profile) => 40,
            Some(Role::Messages(_)) => 20,
            _ => 0,
        });
    }
    (score > 0).then_some(score)
}

/// Rich_Media uploads held in memory to be joined to shares; beyond this they are
/// emitted unjoined as they are read.
const UPLOADS_HELD: usize = 100_000;

/// An upload is a share's media when made at most this long before it (10 minutes).
const UPLOAD_WINDOW_MS: i64 = 10 * 60 * 1000;

/// How LinkedIn names the sections of a Company Page's analytics exports
/// (`<page>_content_<epoch ms>.xls`).
const PAGE_SECTIONS: &[&str] = &["_content_", "_updates_", "_followers_", "_visitors_"];

/// The page's name from a workbook's file name, else `page`.
fn page_name(file: &str) -> String {
    let lower = file.to_ascii_lowercase();
    PAGE_SECTIONS
        .iter()
        .find_map(|s| lower.find(s))
        .map(|i| file[..i].to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "page".to_string())
}

/// An analytics date: `06/10/2024`, ISO, or an Excel serial day number.
fn sheet_date(s: &str) -> Option<Timestamp> {
    if let Some((t, _)) = Timestamp::parse(s) {
        return Some(t);
    }
    for fmt in ["%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s.trim(), fmt) {
            return Timestamp::from_millis(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
        }
    }
    let serial: f64 = s.trim().parse().ok()?;
    if !(1.0..200_000.0).contains(&serial) {
        return None;
    }
    // days since 1899-12-30 (Excel's epoch, its 1900 leap-year bug included)
    let ms = ((serial - 25_569.0) * 86_400_000.0).round() as i64;
    Timestamp::from_millis(ms)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    let legacy = entries.iter().any(|e| e.file_name() == "Messages.csv");
    let member = entries.iter().any(|e| {
        let n = e.name.to_ascii_lowercase();
        n.ends_with(".csv") || n.ends_with(".html")
    });
    let generation = if legacy {
        "L2018 (Messages.csv, UTF-16 tables)"
    } else if member {
        "L2020+ (UTF-8 CSV)"
    } else {
        "Company Page analytics exports"
    };
    Box::new(LinkedIn {
        generation,
        ..LinkedIn::default()
    })
}

/// An account named in passing.
#[derive(Default)]
struct Stub {
    name: Option<String>,
    url: Option<String>,
    source: Source,
}

/// A conversation being gathered: only small state, rows are streamed.
#[derive(Default)]
struct Thread {
    participants: BTreeSet<String>,
    title: Option<String>,
    messages: u64,
    folders: BTreeSet<String>,
    source: Source,
    /// Hash of the last message read and how often it repeated (same second, same
    /// sender, same text: the export has no message ids).
    last: (u64, u32),
}

/// The LinkedIn importer.
#[derive(Default)]
pub struct LinkedIn {
    generation: &'static str,
    /// The owner's name from Profile.csv (or a 2018 message's direction).
    owner_name: Option<String>,
    /// The owner's profile URL, learnt from messages and invitations.
    owner_url: Option<String>,
    /// `in/<slug>` of `owner_url`.
    owner_native: Option<String>,
    owner: Account,
    owner_seen: bool,
    positions: Vec<Value>,
    /// Rich_Media uploads and their time, held until the shares are read.
    uploads: Vec<(Option<Timestamp>, Media)>,
    /// A file of the member export was read (not only Company Page workbooks).
    member_files: bool,
    stubs: BTreeMap<String, Stub>,
    threads: HashMap<String, Thread>,
    warned_owner: bool,
}

/// FNV-1a, 64 bits: stable ids for rows that have none.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The URN a feed URL names, without `urn:li:`: `ugcPost:7193…`, `activity:…`,
/// `comment:(activity:…,…)` when the link targets a comment.
fn urn_of(link: &str) -> Option<String> {
    let decoded = percent_decode(link);
    let comment = decoded
        .split_once("commentUrn=")
        .map(|(_, c)| c.split('&').next().unwrap_or(c).to_string());
    let pick = comment.unwrap_or_else(|| {
        let path = decoded.split(['?', '#']).next().unwrap_or(&decoded);
        path.trim_end_matches('/').to_string()
    });
    let i = pick.find("urn:li:")?;
    let urn = pick[i + "urn:li:".len()..].trim_end_matches('/');
    (!urn.is_empty()).then(|| urn.to_string())
}

/// `%3A` → `:` and friends (invalid escapes are left as they are).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The native account id of a profile URL: `in/<slug>`.
fn profile_native(url: &str) -> Option<String> {
    let i = url.find("/in/")?;
    let slug = url[i + 4..].split(['/', '?', '#']).next()?.trim();
    (!slug.is_empty()).then(|| format!("in/{}", percent_decode(slug)))
}

/// URLs in plain text (LinkedIn writes links as bare `https://lnkd.in/…`).
fn links_in(text: &str) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    // one searcher over the text (not one per word: this runs on every message)
    for (i, _) in text.match_indices("http") {
        let rest = &text[i..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let u = rest[..end].trim_end_matches(['.', ',', ')', '"', '\'', ';', ':', '!', '?']);
        if u.len() > 8 && !out.iter().any(|l| l.url == u) {
            out.push(Link {
                url: u.to_string(),
                short_url: None,
                display: None,
            });
        }
    }
    out
}

/// Shares.csv writes every line break of a post as `"` LF `"` (FORMAT.md §1.2).
fn repair_share_text(s: &str) -> (String, bool) {
    if s.contains("\"\n\"") {
        (s.replace("\"\n\"", "\n"), true)
    } else {
        (s.to_string(), false)
    }
}

fn loc(e: &str, line: u64) -> String {
    format!("{e}:{line}")
}

/// A date cell: parsed, and its original kept when not RFC 3339 UTC; unparsable
/// cells go to `ext`.
fn time(
    row: &Row,
    cols: &[&str],
    field: &str,
    raw: &mut BTreeMap<String, String>,
    ext: &mut Ext,
) -> Option<Timestamp> {
    let (col, s) = cols.iter().find_map(|c| row.get(c).map(|v| (*c, v)))?;
    match Timestamp::parse(s) {
        Some((t, canonical)) => {
            if !canonical {
                raw.insert(field.to_string(), s.to_string());
            }
            Some(t)
        }
        None => {
            ext.insert_string(col, s.to_string());
            None
        }
    }
}

/// Rich_Media's prose date: `You uploaded a video on November 12, 2024 at 2:56 AM (GMT)`.
fn prose_time(s: &str) -> Option<Timestamp> {
    let (_, rest) = s.split_once(" on ")?;
    let rest = rest.trim().trim_end_matches("(GMT)").trim();
    let rest = rest.replacen(" at ", " ", 1);
    chrono::NaiveDateTime::parse_from_str(&rest, "%B %d, %Y %I:%M %p")
        .ok()
        .and_then(|dt| Timestamp::from_millis(dt.and_utc().timestamp_millis()))
}

/// Visibility of a share: `PUBLIC`/`Public`, `MEMBER_NETWORK`/`Connections`.
fn visibility(v: Option<&str>) -> Visibility {
    match v.map(|s| s.to_ascii_uppercase()).as_deref() {
        Some("PUBLIC") | Some("ANYONE") => Visibility::Public,
        Some("MEMBER_NETWORK") | Some("CONNECTIONS") | Some("CONNECTIONS_ONLY") => {
            Visibility::Followers
        }
        Some("LOGGED_IN") | Some("LOGGED_IN_MEMBERS") => Visibility::Unlisted,
        _ => Visibility::Unknown,
    }
}

/// A readable input for a table: UTF-16LE files (BOM `FF FE`, the 2018 generation)
/// are decoded to UTF-8 first; their separator is TAB.
fn open_table<'a>(name: &str, r: &'a mut (dyn Read + Send)) -> Result<(Box<dyn Read + 'a>, u8)> {
    let mut br = BufReader::with_capacity(64 * 1024, r);
    let head = br.fill_buf().map_err(|e| Error::io(name, e))?;
    if head.starts_with(&[0xff, 0xfe]) {
        let mut bytes = Vec::new();
        br.read_to_end(&mut bytes).map_err(|e| Error::io(name, e))?;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let text = String::from_utf16_lossy(&units);
        let first = text.lines().next().unwrap_or("");
        let delim = if first.contains('\t') { b'\t' } else { b',' };
        return Ok((Box::new(std::io::Cursor::new(text.into_bytes())), delim));
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let delim = if first_line.contains(&b'\t') && !first_line.contains(&b',') {
        b'\t'
    } else {
        b','
    };
    Ok((Box::new(br), delim))
}

impl LinkedIn {
    fn owner_id(&self) -> String {
        record_id(NET, Kind::Account, "owner")
    }

    fn set_owner_url(&mut self, url: Option<&str>) {
        if self.owner_url.is_none() {
            if let Some(u) = url {
                self.owner_url = Some(u.to_string());
                self.owner_native = profile_native(u);
            }
        }
    }

    fn is_owner(&self, name: Option<&str>, url: Option<&str>) -> bool {
        if let (Some(u), Some(o)) = (url, self.owner_native.as_deref()) {
            // `…/in/<slug>` compared as it is; decoded only when it holds escapes
            let Some(t) = u.find("/in/").map(|i| u[i + 1..].trim_end_matches('/')) else {
                return false;
            };
            if t == o {
                return true;
            }
            return t
                .bytes()
                .skip(3)
                .any(|b| matches!(b, b'%' | b'?' | b'#' | b'/'))
                && profile_native(u).as_deref() == Some(o);
        }
        match (name, self.owner_name.as_deref()) {
            (Some(n), Some(o)) => n.trim() == o,
            _ => false,
        }
    }

    /// The record id of a person named in a row; the owner when it is them.
    fn person(&mut self, name: Option<&str>, url: Option<&str>, src: &Source) -> String {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if self.is_owner(name, url) {
            self.set_owner_url(url);
            return self.owner_id();
        }
        let native = match (url.and_then(profile_native), name) {
            (Some(n), _) => n,
            (None, Some(n)) => format!("name/{n}"),
            (None, None) => "unknown".to_string(),
        };
        let s = self.stubs.entry(native.clone()).or_insert_with(|| Stub {
            source: src.clone(),
            ..Stub::default()
        });
        if s.name.is_none() {
            s.name = name.map(str::to_string);
        }
        if s.url.is_none() {
            s.url = url.map(|u| {
                if u.starts_with("http") {
                    u.to_string()
                } else {
                    format!("https://{u}")
                }
            });
        }
        record_id(NET, Kind::Account, &native)
    }

    fn need_owner(&mut self, cx: &mut Context) {
        if self.owner_name.is_none() && !self.warned_owner {
            self.warned_owner = true;
            cx.report.warn(
                "no Profile.csv: the owner is linkedin:account:owner, recognised in messages only by a 2018 Direction or an invitation's direction",
            );
        }
    }

    /// Every row of a table through `f`; bad rows are skipped with their reason.
    fn rows(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
        kind: Kind,
        dialect: Dialect,
        mut f: impl FnMut(&mut Self, &Row, Source, &mut Context) -> Result<()>,
    ) -> Result<u64> {
        let (input, delim) = open_table(&e.name, r)?;
        let d = Dialect {
            delimiter: delim,
            max_row_bytes: cx.limits.max_field_bytes,
            ..dialect
        };
        let mut t = match Table::with_dialect(input, d) {
            Ok(t) => t,
            Err(bad) => {
                cx.report.skipped(kind, bad.reason, loc(&e.name, bad.line));
                return Ok(1);
            }
        };
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            n += 1;
            match row {
                Ok(row) => f(self, &row, Source::at(&e.name, n - 1), cx)?,
                Err(bad) => {
                    cx.report.skipped(kind, bad.reason, loc(&e.name, bad.line));
                    if bad.fatal {
                        break;
                    }
                }
            }
        }
        Ok(n)
    }

    fn profile(&mut self, row: &Row, src: Source) {
        let first = row.get("First Name").unwrap_or("");
        let last = row.get("Last Name").unwrap_or("");
        let name = format!("{first} {last}").trim().to_string();
        if !name.is_empty() {
            self.owner_name = Some(name.clone());
            self.owner.display_name = Some(name);
        }
        self.owner.bio = row.raw("Summary").map(str::to_string);
        self.owner.location = row.get("Geo Location").map(str::to_string);
        self.owner.website = row.get("Websites").map(|w| {
            // `[PERSONAL:https://example.org]`
            let w = w.trim_start_matches('[').trim_end_matches(']');
            w.split_once(':')
                .filter(|(k, _)| !k.contains('/') && k.chars().all(|c| c.is_ascii_uppercase()))
                .map(|(_, u)| u)
                .unwrap_or(w)
                .to_string()
        });
        self.owner.source = src;
        self.owner.ext.extend_map(row.rest(&[
            "First Name",
            "Last Name",
            "Summary",
            "Geo Location",
        ]));
        self.owner_seen = true;
    }

    fn share(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let link = row.get("ShareLink").or_else(|| row.get("Share Link"));
        let Some(native) = link.and_then(urn_of) else {
            cx.report
                .skipped(Kind::Post, "share without a ShareLink URN", l);
            return Ok(());
        };
        let id = record_id(NET, Kind::Post, &native);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, &["Date"], "created_at", &mut raw, &mut ext);
        let body = row
            .raw("ShareCommentary")
            .or_else(|| row.raw("Share Commentary"))
            .unwrap_or("");
        let (text, repaired) = repair_share_text(body);
        if repaired {
            cx.report.repair("line_quotes");
        }
        let mut links = links_in(&text);
        if let Some(u) = row.get("SharedUrl").or_else(|| row.get("Shared URL")) {
            if !links.iter().any(|l| l.url == u) {
                links.push(Link {
                    url: u.to_string(),
                    short_url: None,
                    display: row.get("Share Description").map(str::to_string),
                });
            }
        }
        let mut media = self.claim_uploads(&id, created_at);
        if let Some(u) = row.get("MediaUrl").or_else(|| row.get("Media URL")) {
            let mid = record_id(NET, Kind::Media, &format!("{native}/0"));
            media.push(mid.clone());
            let m = Media {
                id: mid,
                network: NET.into(),
                kind: "photo".into(),
                original_url: Some(u.to_string()),
                attached_to: vec![id.clone()],
                source: src.clone(),
                ..Default::default()
            };
            cx.emit(Record::Media(m))?;
        }
        if text.trim().is_empty() && links.is_empty() && media.is_empty() {
            // a bare repost: the export names only the repost itself
            ext.insert("bare_repost", Value::Bool(true));
        }
        ext.extend_map(row.rest(&[
            "Date",
            "ShareLink",
            "Share Link",
            "ShareCommentary",
            "Share Commentary",
            "SharedUrl",
            "Shared URL",
            "MediaUrl",
            "Media URL",
            "Visibility",
            "Share Title",
        ]));
        let p = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            title: row.get("Share Title").map(str::to_string),
            url: link.map(str::to_string),
            visibility: visibility(row.get("Visibility")),
            media,
            links,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(p))
    }

    fn comment(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let link = row.get("Link");
        let text = row.raw("Message").unwrap_or("").to_string();
        if link.is_none() && text.trim().is_empty() {
            cx.report
                .skipped(Kind::Post, "comment without a link or a message", l);
            return Ok(());
        }
        let date = row.get("Date").unwrap_or("");
        let native = format!("comment/{:016x}", fnv(&[date, link.unwrap_or(""), &text]));
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, &["Date"], "created_at", &mut raw, &mut ext);
        let reply_to = link
            .and_then(urn_of)
            .map(|u| record_id(NET, Kind::Post, &u));
        if reply_to.is_none() {
            if let Some(l) = link {
                ext.insert_string("Link", l.to_string());
            }
        }
        ext.extend_map(row.rest(&["Date", "Link", "Message"]));
        let p = Post {
            id: record_id(NET, Kind::Post, &native),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            links: links_in(&text),
            text,
            url: link.map(str::to_string),
            reply_to,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(p))
    }

    fn reaction(&mut self, row: &Row, src: Source, cx: &mut Context, vote: bool) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let Some(link) = row.get("Link") else {
            cx.report
                .skipped(Kind::Reaction, "reaction without a link", l);
            return Ok(());
        };
        let target_native = urn_of(link).unwrap_or_else(|| link.to_string());
        let (kind, emoji) = if vote {
            ("vote", None)
        } else {
            match row.get("Type").map(|t| t.to_ascii_uppercase()) {
                Some(t) if t == "LIKE" => ("like", None),
                Some(t) => ("emoji", Some(t)),
                None => ("like", None),
            }
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, &["Date"], "created_at", &mut raw, &mut ext);
        let key = if vote {
            format!("/{:016x}", fnv(&[row.get("OptionText").unwrap_or("")]))
        } else {
            String::new()
        };
        ext.extend_map(row.rest(&["Date", "Type", "Link"]));
        let r = Reaction {
            id: record_id(
                NET,
                Kind::Reaction,
                &format!("{kind}/owner/{target_native}{key}"),
            ),
            network: NET.into(),
            kind: kind.into(),
            actor: self.owner_id(),
            target: record_id(NET, Kind::Post, &target_native),
            emoji,
            created_at,
            target_url: Some(link.to_string()),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Reaction(r))
    }

    fn rich_media(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let Some(link) = row.get("Media Link") else {
            cx.report
                .skipped(Kind::Media, "Rich_Media row without a link", l);
            return Ok(());
        };
        // the query (`?e=…&t=…`) is a signature that changes between exports
        let stable = link.split('?').next().unwrap_or(link);
        let when = row.get("Date/Time").unwrap_or("");
        let kind = if when.contains(" video ") {
            "video"
        } else if when.contains(" document ") {
            "document"
        } else {
            "photo"
        };
        let mut ext = Ext::default();
        if let Some(t) = prose_time(when) {
            ext.insert_string("uploaded_at", t.to_rfc3339());
        }
        ext.extend_map(row.rest(&["Media Link", "Media Description"]));
        let uploaded = prose_time(when);
        let m = Media {
            id: record_id(NET, Kind::Media, &format!("upload/{:016x}", fnv(&[stable]))),
            network: NET.into(),
            kind: kind.into(),
            alt_text: row
                .get("Media Description")
                .filter(|d| *d != "-")
                .map(str::to_string),
            original_url: Some(link.to_string()),
            source: src,
            ext,
            ..Default::default()
        };
        if self.uploads.len() < UPLOADS_HELD {
            // held until the shares are read: one of them may be its post
            self.uploads.push((uploaded, m));
            return Ok(());
        }
        cx.emit(Record::Media(m))
    }

    /// Uploads (Rich_Media) made at most [`UPLOAD_WINDOW_MS`] before a share, not yet
    /// claimed: taken to be its media (the export has no key between them).
    fn claim_uploads(&mut self, post: &str, at: Option<Timestamp>) -> Vec<String> {
        let Some(at) = at else { return Vec::new() };
        let mut out = Vec::new();
        for (when, m) in &mut self.uploads {
            let Some(w) = when else { continue };
            let gap = at.millis() - w.millis();
            if m.attached_to.is_empty() && (0..=UPLOAD_WINDOW_MS).contains(&gap) {
                m.attached_to.push(post.to_string());
                m.ext.insert_string("attached_by", "upload time".into());
                out.push(m.id.clone());
            }
        }
        out
    }

    fn connection(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let first = row.get("First Name").unwrap_or("");
        let last = row.get("Last Name").unwrap_or("");
        let name = format!("{first} {last}").trim().to_string();
        let url = row.get("URL");
        if name.is_empty() && url.is_none() {
            // a member who hid their profile or left: only the date is exported
            let raw = serde_json::to_string(&row.rest(&[])).unwrap_or_default();
            cx.report.kept_raw(Kind::Relationship);
            return cx.sink.keep_raw(
                Kind::Relationship,
                &loc(&src.entry, row.line),
                "connection without a name or profile URL (hidden or closed account)",
                raw.as_bytes(),
            );
        }
        let object = self.person(Some(&name), url, &src);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let since = time(row, &["Connected On"], "since", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["First Name", "Last Name", "URL", "Connected On"]));
        let obj_native = object.trim_start_matches("linkedin:account:").to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("connection/owner/{obj_native}"),
            ),
            network: NET.into(),
            kind: "connection".into(),
            subject: self.owner_id(),
            object,
            since,
            raw_times: raw,
            source: src,
            ext,
        };
        cx.emit(Record::Relationship(r))
    }

    fn follow(&mut self, row: &Row, src: Source, cx: &mut Context, what: &str) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let name = row
            .get("Organization")
            .or_else(|| row.get("Hashtag"))
            .or_else(|| row.get("Name"))
            .or_else(|| row.get("FullName"))
            .or_else(|| row.get("Followee"));
        let url = row.get("URL").or_else(|| row.get("Profile Url"));
        let Some(label) = name.or(url) else {
            cx.report
                .skipped(Kind::Relationship, "follow row without a name", l);
            return Ok(());
        };
        let object = match what {
            "member" => self.person(name, url, &src),
            _ => {
                let native = format!("{what}/{label}");
                let s = self.stubs.entry(native.clone()).or_insert_with(|| Stub {
                    source: src.clone(),
                    ..Stub::default()
                });
                if s.name.is_none() {
                    s.name = Some(label.to_string());
                }
                record_id(NET, Kind::Account, &native)
            }
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let since = time(
            row,
            &["Followed On", "Date", "Followed At"],
            "since",
            &mut raw,
            &mut ext,
        );
        ext.extend_map(row.rest(&["Organization", "Followed On", "Date", "Followed At"]));
        ext.insert_string("followed", what.to_string());
        let obj_native = object.trim_start_matches("linkedin:account:").to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("following/owner/{obj_native}"),
            ),
            network: NET.into(),
            kind: "following".into(),
            subject: self.owner_id(),
            object,
            since,
            raw_times: raw,
            source: src,
            ext,
        };
        cx.emit(Record::Relationship(r))
    }

    /// Learn the owner's profile URL from invitations before they are mapped.
    fn invitation(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let outgoing = row
            .get("Direction")
            .is_some_and(|d| d.eq_ignore_ascii_case("OUTGOING"));
        let (from, to) = (row.get("From"), row.get("To"));
        let (from_url, to_url) = (row.get("inviterProfileUrl"), row.get("inviteeProfileUrl"));
        self.set_owner_url(if outgoing { from_url } else { to_url });
        if self.owner_name.is_none() {
            self.owner_name = if outgoing { from } else { to }.map(str::to_string);
        }
        let subject = self.person(from, from_url, &src);
        let object = self.person(to, to_url, &src);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let since = time(row, &["Sent At"], "since", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["Sent At", "inviterProfileUrl", "inviteeProfileUrl"]));
        let n = |s: &str| s.trim_start_matches("linkedin:account:").to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("invitation/{}/{}", n(&subject), n(&object)),
            ),
            network: NET.into(),
            kind: "invitation".into(),
            subject,
            object,
            since,
            raw_times: raw,
            source: src,
            ext,
        };
        cx.emit(Record::Relationship(r))
    }

    fn message(&mut self, row: &Row, src: Source, cx: &mut Context, feed: &str) -> Result<()> {
        let from = row.get("FROM").or_else(|| row.get("From"));
        let from_url = row.get("SENDER PROFILE URL");
        let to = row.get("TO").or_else(|| row.get("To"));
        let to_urls = row.get("RECIPIENT PROFILE URLS");
        let direction = row.get("Direction").map(|d| d.to_ascii_uppercase());
        // 2018: the direction says which side is the owner
        if self.owner_name.is_none() {
            match direction.as_deref() {
                Some("OUTGOING") => self.owner_name = from.map(str::to_string),
                Some("INCOMING") => self.owner_name = to.map(str::to_string),
                _ => {}
            }
        }
        let sender = self.person(from, from_url, &src);
        let mut recipients = Vec::new();
        let urls: Vec<&str> = to_urls
            .map(|u| {
                u.split(',')
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if urls.len() > 1 {
            for u in &urls {
                recipients.push(self.person(None, Some(u), &src));
            }
        } else if to.is_some() || !urls.is_empty() {
            recipients.push(self.person(to, urls.first().copied(), &src));
        }
        let draft = row
            .get("IS MESSAGE DRAFT")
            .is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        let conv_native = match row.get("CONVERSATION ID") {
            Some(c) if feed == "messages" => c.to_string(),
            Some(c) => format!("{feed}/{c}"),
            None if draft => format!("{feed}/drafts"),
            None => {
                // 2018: no conversation ids; one conversation per counterpart
                let mut others: Vec<&str> = std::iter::once(&sender)
                    .chain(recipients.iter())
                    .filter(|p| **p != self.owner_id())
                    .map(|p| p.trim_start_matches("linkedin:account:"))
                    .collect();
                others.sort_unstable();
                others.dedup();
                format!("{feed}/with/{}", others.join("+"))
            }
        };
        let conv = record_id(NET, Kind::Conversation, &conv_native);
        let date = row.get("DATE").or_else(|| row.get("Date")).unwrap_or("");
        let content = row
            .raw("CONTENT")
            .or_else(|| row.raw("Content"))
            .unwrap_or("");
        let h = fnv(&[date, &sender, content]);
        if !self.threads.contains_key(&conv_native) {
            let fresh = Thread {
                source: src.clone(),
                ..Thread::default()
            };
            self.threads.insert(conv_native.clone(), fresh);
        }
        let Some(t) = self.threads.get_mut(&conv_native) else {
            return Ok(());
        };
        let dup = if t.last.0 == h {
            t.last.1 += 1;
            t.last.1
        } else {
            t.last = (h, 0);
            0
        };
        for p in std::iter::once(&sender).chain(&recipients) {
            if !t.participants.contains(p) {
                t.participants.insert(p.clone());
            }
        }
        t.messages += 1;
        if t.title.is_none() {
            t.title = row
                .get("CONVERSATION TITLE")
                .or_else(|| row.get("SUBJECT"))
                .or_else(|| row.get("Subject"))
                .map(|s| s.trim_start_matches("RE: ").to_string());
        }
        if let Some(f) = row.get("FOLDER").or_else(|| row.get("Folder")) {
            if t.folders.len() < 8 {
                t.folders.insert(f.to_string());
            }
        }
        let native = if dup == 0 {
            format!("{conv_native}/{h:016x}")
        } else {
            format!("{conv_native}/{h:016x}-{dup}")
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, &["DATE", "Date"], "sent_at", &mut raw, &mut ext);
        // InMail is HTML; other messages are plain text that may hold entities
        // (`&rsquo;` in 2018) and whose spacing is kept as written
        let looks_html = content.contains('<');
        let text = if looks_html {
            crate::read::html::to_text(content)
        } else {
            crate::read::text::decode_entities(content).into_owned()
        };
        if text != content {
            ext.insert_string("html", content.to_string());
        }
        if let Some(s) = row.get("SUBJECT").or_else(|| row.get("Subject")) {
            ext.insert_string("subject", s.to_string());
        }
        if draft {
            ext.insert_string("status", "draft".into());
        }
        ext.extend_map(row.rest(&[
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "IS MESSAGE DRAFT",
        ]));
        let m = Message {
            id: record_id(NET, Kind::Message, &native),
            network: NET.into(),
            conversation: conv,
            sender,
            recipients,
            sent_at,
            links: links_in(&text),
            text,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    /// A Company Page analytics workbook: the original is carried; the rows of an
    /// "All posts" sheet (a header with `Post title` / `Post link`) become the page's
    /// posts with their metrics (FORMAT §9: post text is only its title there).
    fn page_workbook(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        cx.sink.carry(&e.name, &mut std::io::Cursor::new(&bytes))?;
        // each part of the workbook is inflated in memory: at most 256 MiB of it
        let cap = cx.limits.max_entry_bytes.min(256 << 20);
        let sheets = match xlsx::sheets(bytes, cap) {
            Ok(s) => s,
            Err(why) => {
                cx.report.skipped(Kind::Post, why, &e.name);
                return Ok(1);
            }
        };
        let page = page_name(e.file_name());
        let page_native = format!("company/{page}");
        let src0 = Source::entry(&e.name);
        let author = {
            let s = self
                .stubs
                .entry(page_native.clone())
                .or_insert_with(|| Stub {
                    source: src0.clone(),
                    ..Stub::default()
                });
            if s.name.is_none() {
                s.name = Some(page.clone());
            }
            record_id(NET, Kind::Account, &page_native)
        };
        let mut n = 0u64;
        for sheet in sheets {
            let is_key = |c: &String| {
                let c = c.trim();
                c.eq_ignore_ascii_case("Post link") || c.eq_ignore_ascii_case("Post title")
            };
            let Some(h) = sheet
                .rows
                .iter()
                .take(16)
                .position(|r| r.iter().any(is_key))
            else {
                continue;
            };
            let header: Vec<String> = sheet.rows[h].iter().map(|c| c.trim().to_string()).collect();
            for (i, row) in sheet.rows.iter().enumerate().skip(h + 1) {
                if row.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                n += 1;
                let src = Source {
                    entry: e.name.clone(),
                    index: Some(i as u64),
                    pointer: Some(format!("/{}/{}", sheet.name, i + 1)),
                    ..Source::default()
                };
                let cell = |names: &[&str]| -> Option<&str> {
                    names.iter().find_map(|name| {
                        let k = header.iter().position(|h| h.eq_ignore_ascii_case(name))?;
                        row.get(k).map(|v| v.trim()).filter(|v| !v.is_empty())
                    })
                };
                let link = cell(&["Post link", "Update link"]);
                let title = cell(&["Post title", "Update title"]);
                let date = cell(&["Created date", "Date"]);
                if link.is_none() && title.is_none() {
                    cx.report.skipped(
                        Kind::Post,
                        "page post row without a link or a title",
                        format!("{}#{}", e.name, i + 1),
                    );
                    continue;
                }
                let native = link.and_then(urn_of).unwrap_or_else(|| {
                    format!(
                        "page/{page}/{:016x}",
                        fnv(&[link.unwrap_or(""), title.unwrap_or(""), date.unwrap_or("")])
                    )
                });
                let mut raw = BTreeMap::new();
                let created_at = date.and_then(|d| {
                    let t = sheet_date(d)?;
                    raw.insert("created_at".to_string(), d.to_string());
                    Some(t)
                });
                let mut metrics = BTreeMap::new();
                let mut ext = Ext::default();
                for (k, h) in header.iter().enumerate() {
                    let Some(v) = row.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()) else {
                        continue;
                    };
                    if ["post link", "update link", "post title", "update title"]
                        .contains(&h.to_ascii_lowercase().as_str())
                    {
                        continue; // mapped: id, url, text
                    }
                    let metric = match h.to_ascii_lowercase().as_str() {
                        "impressions" => Some("impressions"),
                        "views (excluding off-site video views)" | "views" => Some("views"),
                        "off-site views" => Some("offsite_views"),
                        "clicks" => Some("clicks"),
                        "likes" | "reactions" => Some("likes"),
                        "comments" => Some("comments"),
                        "reposts" | "shares" => Some("reposts"),
                        "follows" | "followers" => Some("follows"),
                        _ => None,
                    };
                    match metric.and_then(|m| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite() && *x >= 0.0)
                            .map(|x| (m, x.round() as u64))
                    }) {
                        Some((m, x)) => {
                            metrics.insert(m.to_string(), x);
                        }
                        None => {
                            if !h.is_empty() {
                                ext.insert_string(h, v.to_string());
                            }
                        }
                    }
                }
                ext.insert_string("sheet", sheet.name.clone());
                let post = Post {
                    id: record_id(NET, Kind::Post, &native),
                    network: NET.into(),
                    author: author.clone(),
                    created_at,
                    text: title.unwrap_or("").to_string(),
                    url: link.map(str::to_string),
                    visibility: Visibility::Public,
                    metrics,
                    raw_times: raw,
                    source: src,
                    ext,
                    ..Default::default()
                };
                cx.emit(Record::Post(post))?;
            }
        }
        Ok(n)
    }

    fn article(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let html = String::from_utf8_lossy(&bytes);
        let src = Source::entry(&e.name);
        let between = |s: &str, start: &str, end: &str| -> Option<String> {
            let i = s.find(start)? + start.len();
            let j = s[i..].find(end)? + i;
            Some(s[i..j].to_string())
        };
        let h1 = between(&html, "<h1>", "</h1>");
        let href = h1
            .as_deref()
            .and_then(|h| crate::read::html::render(h).anchors.into_iter().next())
            .map(|a| a.href);
        let title = h1
            .as_deref()
            .map(crate::read::html::to_text)
            .or_else(|| {
                between(&html, "<title>", "</title>").map(|t| crate::read::html::to_text(&t))
            })
            .filter(|t| !t.is_empty());
        let created = between(&html, "<p class=\"created\">", "</p>");
        let published = between(&html, "<p class=\"published\">", "</p>");
        // the body: the first <div> after the header paragraphs, to the end of <body>
        let after = html
            .find("<p class=\"published\">")
            .or_else(|| html.find("<p class=\"created\">"))
            .or_else(|| html.find("</h1>"))
            .unwrap_or(0);
        let body_html = html[after..]
            .find("<div")
            .map(|i| {
                let rest = &html[after + i..];
                let end = rest.rfind("</body>").unwrap_or(rest.len());
                rest[..end].trim().to_string()
            })
            .unwrap_or_default();
        if body_html.is_empty() && title.is_none() {
            cx.report
                .skipped(Kind::Post, "an HTML file that is not an article", &e.name);
            return Ok(1);
        }
        let native = match href.as_deref() {
            Some(h) if h.contains("/pulse/") => {
                let slug = h.split("/pulse/").nth(1).unwrap_or("");
                format!(
                    "article:{}",
                    slug.split(['?', '#', '/']).next().unwrap_or(slug)
                )
            }
            Some(h) if h.contains("/post/edit/") => {
                let id = h.split("/post/edit/").nth(1).unwrap_or("");
                format!("article:{}", id.split(['?', '#', '/']).next().unwrap_or(id))
            }
            _ => format!("article:{}", e.file_name().trim_end_matches(".html")),
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let mut parse_p = |label: &str, s: Option<&String>, field: &str| -> Option<Timestamp> {
            let s = crate::read::html::to_text(s?);
            let v = s.trim().strip_prefix(label)?.trim().to_string();
            let (t, _) = Timestamp::parse(&v)?;
            raw.insert(field.to_string(), v);
            Some(t)
        };
        let created_at_c = parse_p("Created on", created.as_ref(), "created");
        let published_at = parse_p("Published on", published.as_ref(), "created_at");
        if let Some(c) = created_at_c {
            ext.insert_string("created", c.to_rfc3339());
        }
        let draft = published_at.is_none();
        let id = record_id(NET, Kind::Post, &native);
        let mut media = Vec::new();
        let head = &html[..after.min(html.len())];
        if let Some(i) = head.find("<img") {
            if let Some(src_url) = head[i..]
                .find('>')
                .and_then(|j| crate::read::html::attr(&head[i + 4..i + j], "src"))
            {
                let mid = record_id(NET, Kind::Media, &format!("{native}/cover"));
                media.push(mid.clone());
                cx.emit(Record::Media(Media {
                    id: mid,
                    network: NET.into(),
                    kind: "photo".into(),
                    original_url: Some(src_url),
                    attached_to: vec![id.clone()],
                    source: src.clone(),
                    ..Default::default()
                }))?;
            }
        }
        let rendered = crate::read::html::render(&body_html);
        let p = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at: published_at.or(created_at_c),
            text: rendered.text,
            html: Some(body_html),
            title,
            url: href.filter(|h| h.contains("/pulse/")),
            visibility: if draft {
                Visibility::Private
            } else {
                Visibility::Public
            },
            status: draft.then(|| "draft".to_string()),
            media,
            links: rendered
                .anchors
                .into_iter()
                .map(|a| Link {
                    url: a.href,
                    short_url: None,
                    display: Some(a.text).filter(|t| !t.is_empty()),
                })
                .collect(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(p))?;
        Ok(1)
    }
}

impl Importer for LinkedIn {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        self.generation.to_string()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        let parse = |phase: u8, role: &str| Plan::Parse {
            phase,
            role: role.to_string(),
        };
        match role_of(&e.name) {
            Some(Role::Profile) => parse(2, "profile (the owner)"),
            Some(Role::Positions) => parse(3, "positions"),
            Some(Role::Invitations) => parse(4, "invitations"),
            Some(Role::Connections) => parse(5, "connections"),
            Some(Role::Follows(w)) => parse(5, &format!("follows ({w})")),
            Some(Role::Messages(f)) => parse(10, &format!("messages ({f})")),
            Some(Role::Shares) => parse(11, "shares (posts)"),
            Some(Role::Article) => parse(11, "article"),
            Some(Role::Comments) => parse(12, "comments"),
            Some(Role::RichMedia) => parse(9, "uploaded media (links)"),
            Some(Role::Reactions) => parse(13, "reactions"),
            Some(Role::Votes) => parse(13, "poll votes"),
            Some(Role::PageWorkbook) => parse(
                14,
                "Company Page analytics workbook (posts and metrics; kept verbatim too)",
            ),
            None => {
                let lower = e.name.to_ascii_lowercase();
                if lower.ends_with(".xls") || lower.ends_with(".xlsx") {
                    Plan::Carry {
                        role: "Company Page analytics export (XLS), kept verbatim".into(),
                    }
                } else if lower.ends_with(".csv") {
                    Plan::Carry {
                        role: "account data, kept verbatim".into(),
                    }
                } else {
                    Plan::Carry {
                        role: "not a table of the LinkedIn export, kept verbatim".into(),
                    }
                }
            }
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let Some(role) = role_of(&e.name) else {
            return Ok(0);
        };
        if !matches!(
            role,
            Role::Profile | Role::Positions | Role::Invitations | Role::PageWorkbook
        ) {
            self.need_owner(cx);
        }
        if role != Role::PageWorkbook {
            self.member_files = true;
        }
        let plain = Dialect::default();
        match role {
            Role::Profile => self.rows(e, r, cx, Kind::Account, plain, |me, row, src, _| {
                me.profile(row, src);
                Ok(())
            }),
            Role::Positions => {
                self.rows(e, r, cx, Kind::Account, plain, |me, row, _src, _| {
                    me.positions.push(Value::Object(row.rest(&[])));
                    Ok(())
                })?;
                Ok(0)
            }
            Role::Shares => self.rows(e, r, cx, Kind::Post, plain, |me, row, src, cx| {
                me.share(row, src, cx)
            }),
            Role::Comments => {
                let d = Dialect {
                    backslash_escapes: true,
                    ..plain
                };
                self.rows(e, r, cx, Kind::Post, d, |me, row, src, cx| {
                    me.comment(row, src, cx)
                })
            }
            Role::Reactions | Role::Votes => {
                let vote = role == Role::Votes;
                self.rows(e, r, cx, Kind::Reaction, plain, |me, row, src, cx| {
                    me.reaction(row, src, cx, vote)
                })
            }
            Role::RichMedia => self.rows(e, r, cx, Kind::Media, plain, |me, row, src, cx| {
                me.rich_media(row, src, cx)
            }),
            Role::Connections => {
                let d = Dialect {
                    header_starts: &["First Name", "Last Name"],
                    ..plain
                };
                self.rows(e, r, cx, Kind::Relationship, d, |me, row, src, cx| {
                    me.connection(row, src, cx)
                })
            }
            Role::Follows(w) => {
                self.rows(e, r, cx, Kind::Relationship, plain, |me, row, src, cx| {
                    me.follow(row, src, cx, w)
                })
            }
            Role::Invitations => {
                self.rows(e, r, cx, Kind::Relationship, plain, |me, row, src, cx| {
                    me.invitation(row, src, cx)
                })
            }
            Role::Messages(feed) => {
                self.rows(e, r, cx, Kind::Message, plain, |me, row, src, cx| {
                    me.message(row, src, cx, feed)
                })
            }
            Role::Article => self.article(e, r, cx),
            Role::PageWorkbook => self.page_workbook(e, r, cx),
        }
    }

    fn media(&mut self, _e: &Entry, _stored: &Stored, _cx: &mut Context) -> Result<()> {
        Ok(())
    }

    /// A member export is the tables the user asked for (a Basic export holds fewer
    /// than a Complete one): each table present holds all of its own. Posts and media
    /// by table (shares, articles, comments, uploaded media), relationships and
    /// reactions by kind, messages by feed. A Company Page analytics workbook covers
    /// the date range it was made for, which it does not state.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        use super::Cover;
        Cover::Complete(match role_of(entry) {
            Some(Role::PageWorkbook) => {
                return Cover::Unknown(
                    "a Company Page analytics export covers the date range chosen when it was made, which it does not state",
                )
            }
            Some(Role::Shares) => &["post:shares", "media:shares"],
            Some(Role::Article) => &["post:articles", "media:articles"],
            Some(Role::Comments) => &["post:comments", "media:comments"],
            Some(Role::Reactions) => &["reaction:like", "reaction:emoji"],
            Some(Role::Votes) => &["reaction:vote"],
            Some(Role::RichMedia) => &["media:rich_media"],
            Some(Role::Connections) => &["relationship:connection", "account:connections"],
            Some(Role::Follows(_)) => &["relationship:following", "account:follows"],
            Some(Role::Invitations) => &["relationship:invitation", "account:invitations"],
            Some(Role::Messages(feed)) => match feed {
                "messages" => &["conversation:messages", "message:messages", "account:messages"],
                "coach" => &["conversation:coach", "message:coach"],
                "learning_coach" => &["conversation:learning_coach", "message:learning_coach"],
                "learning_role_play" => &[
                    "conversation:learning_role_play",
                    "message:learning_role_play",
                ],
                "guide" => &["conversation:guide", "message:guide"],
                _ => &[],
            },
            Some(Role::Profile | Role::Positions) | None => &[],
        })
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        let mut owner = std::mem::take(&mut self.owner);
        owner.id = self.owner_id();
        owner.network = NET.into();
        owner.is_owner = true;
        if owner.display_name.is_none() {
            owner.display_name = self.owner_name.clone();
        }
        owner.url = self.owner_url.clone();
        if let Some(u) = self.owner_url.as_deref().and_then(profile_native) {
            owner.handle = Some(u.trim_start_matches("in/").to_string());
        }
        if !self.positions.is_empty() {
            owner.ext.insert(
                "positions",
                Value::Array(std::mem::take(&mut self.positions)),
            );
        }
        if owner.source.entry.is_empty() {
            owner.source = Source::entry("Profile.csv");
        }
        // a dump of Company Page workbooks only has no member behind it
        if self.member_files || self.owner_seen {
            cx.emit(Record::Account(owner))?;
        }
        for (_, m) in std::mem::take(&mut self.uploads) {
            cx.emit(Record::Media(m))?;
        }
        let mut threads: Vec<(String, Thread)> = self.threads.drain().collect();
        threads.sort_by(|a, b| a.0.cmp(&b.0));
        for (native, t) in threads {
            let participants: Vec<String> = t.participants.into_iter().collect();
            let mut ext = Ext::default();
            if !t.folders.is_empty() {
                ext.insert(
                    "folders",
                    Value::Array(t.folders.into_iter().map(Value::String).collect()),
                );
            }
            let c = Conversation {
                id: record_id(NET, Kind::Conversation, &native),
                network: NET.into(),
                group: participants.len() > 2,
                participants,
                title: t.title,
                message_count: t.messages,
                source: t.source,
                ext,
                ..Default::default()
            };
            cx.emit(Record::Conversation(c))?;
        }
        for (native, s) in std::mem::take(&mut self.stubs) {
            let a = Account {
                id: record_id(NET, Kind::Account, &native),
                network: NET.into(),
                handle: native.strip_prefix("in/").map(str::to_string),
                display_name: s.name,
                url: s.url,
                source: s.source,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_urns_and_repairs() {
        assert_eq!(role_of("Shares_17529409.csv"), Some(Role::Shares));
        assert_eq!(
            role_of("Complete_LinkedInDataExport_11-04-2018/Messages.csv"),
            Some(Role::Messages("messages"))
        );
        assert_eq!(
            role_of("Company Follows.csv"),
            Some(Role::Follows("company"))
        );
        assert_eq!(role_of("Rich_Media.csv"), Some(Role::RichMedia));
        assert_eq!(role_of("Phone Numbers.csv"), None);
        assert_eq!(
            urn_of("https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7193").as_deref(),
            Some("ugcPost:7193")
        );
        assert_eq!(
            urn_of("https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A11?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A11%2C12%29").as_deref(),
            Some("comment:(activity:11,12)")
        );
        assert_eq!(urn_of("https://example.org/x"), None);
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(
            repair_share_text("One.\"\n\"\"\n\"Two \"x\".").0,
            "One.\n\nTwo \"x\"."
        );
        assert_eq!(
            profile_native("www.linkedin.com/in/someone-1/").as_deref(),
            Some("in/someone-1")
        );
        assert_eq!(
            prose_time("You uploaded a video on November 12, 2024 at 2:56 AM (GMT)")
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2024-11-12T02:56:00Z")
        );
    }
}
