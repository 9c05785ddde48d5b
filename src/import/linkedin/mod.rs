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

use self::page::PAGE_SECTIONS;
use self::posts::percent_decode;
use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Conversation, Ext, Kind, Link, Media, Message, Post, Reaction, Record,
    Relationship, Source, Timestamp, Visibility,
};
use crate::read::table::{Dialect, Row, Table};

mod graph;
mod messages;
mod page;
mod posts;
mod profile;

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

/// The native account id of a profile URL: `in/<slug>`.
fn profile_native(url: &str) -> Option<String> {
    let i = url.find("/in/")?;
    let slug = url[i + 4..].split(['/', '?', '#']).next()?.trim();
    (!slug.is_empty()).then(|| format!("in/{}", percent_decode(slug)))
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
mod tests;
