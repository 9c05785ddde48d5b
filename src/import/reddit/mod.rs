//! Reddit data-request export (GDPR/CCPA): one zip of CSV files, flat (or under one
//! top folder), large tables split into `<name>_1.csv`, `<name>_2.csv`, …
//!
//! Posts, comments (threaded by `parent`), votes, saved and hidden items, private
//! messages (`messages.csv` ∪ `messages_archive.csv`, one conversation per
//! `thread_id`), Reddit Chat (`chat_history.csv`, one conversation per channel),
//! friends and subreddit subscriptions, drafts and scheduled posts. Account data
//! (IP logs, purchases, preferences, …) is carried verbatim. Bodies are Reddit
//! markdown, kept as typed. See `formats/reddit/README.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;

use sha2::{Digest, Sha256};

use serde_json::Value;

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{
    record_id, Account, Conversation, Ext, Kind, Link, Message, Post, Reaction, Record,
    Relationship, Source, Timestamp, Visibility,
};
use crate::read::table::{Row, Table};

mod account;
mod checkfile;
mod graph;
mod messages;
mod posts;

const NET: &str = "reddit";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "data request export (2018-): a zip of CSV files (posts, comments, votes, saved, messages, chat_history, friends, subscribed_subreddits, …), split tables name_1.csv …",
    "older variants with messages_archive.csv and the *_headers.csv tables",
];

/// reddit: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "reddit",
    description: "Reddit data request export (GDPR/CCPA zip of CSV files)",
    generations: GENERATIONS,
    detect,
    sniff: None,
    make,
};

/// What a CSV table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Statistics,
    Posts,
    PostHeaders,
    Comments,
    CommentHeaders,
    PostVotes,
    CommentVotes,
    SavedPosts,
    SavedComments,
    HiddenPosts,
    Messages,
    MessageHeaders,
    Chat,
    Friends,
    Subreddits(&'static str),
    Drafts,
    Scheduled,
    PollVotes,
    Gilded,
    Announcements,
}

/// Base name of a table: without folder, `.csv` and the `_N` of split tables.
fn base(name: &str) -> Option<String> {
    let file = name.rsplit('/').next()?.to_ascii_lowercase();
    let stem = file.strip_suffix(".csv")?;
    if let Some((head, n)) = stem.rsplit_once('_') {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return Some(head.to_string());
        }
    }
    Some(stem.to_string())
}

fn role_of(name: &str) -> Option<Role> {
    Some(match base(name)?.as_str() {
        "statistics" => Role::Statistics,
        "posts" => Role::Posts,
        "post_headers" => Role::PostHeaders,
        "comments" => Role::Comments,
        "comment_headers" => Role::CommentHeaders,
        "post_votes" => Role::PostVotes,
        "comment_votes" => Role::CommentVotes,
        "saved_posts" => Role::SavedPosts,
        "saved_comments" => Role::SavedComments,
        "hidden_posts" => Role::HiddenPosts,
        "messages" | "messages_archive" => Role::Messages,
        "message_headers" | "messages_archive_headers" => Role::MessageHeaders,
        "chat_history" => Role::Chat,
        "friends" => Role::Friends,
        "subscribed_subreddits" => Role::Subreddits("subscription"),
        "moderated_subreddits" => Role::Subreddits("moderator"),
        "approved_submitter_subreddits" => Role::Subreddits("approved_submitter"),
        "drafts" => Role::Drafts,
        "scheduled_posts" => Role::Scheduled,
        "poll_votes" => Role::PollVotes,
        "gilded_content" => Role::Gilded,
        "announcements" => Role::Announcements,
        _ => return None,
    })
}

/// Tables of account data: carried verbatim, not records.
const ACCOUNT_DATA: &[&str] = &[
    "ip_logs",
    "user_preferences",
    "purchases",
    "subscriptions",
    "payouts",
    "account_gender",
    "birthdate",
    "linked_identities",
    "linked_phone_number",
    "sensitive_ads_preferences",
    "twitter",
    "stripe",
    "persona",
    "checkfile",
    "multireddits",
    "gold_received",
];

pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        score = score.max(match role_of(&e.name) {
            Some(Role::Comments) | Some(Role::PostVotes) | Some(Role::CommentVotes) => 85,
            Some(Role::Subreddits(_)) | Some(Role::SavedComments) | Some(Role::Chat) => 80,
            Some(Role::Posts) | Some(Role::Statistics) => 30,
            _ => 0,
        });
    }
    (score > 0).then_some(score)
}

pub(crate) fn make(_entries: &[Entry]) -> Box<dyn Importer> {
    Box::<Reddit>::default()
}

/// A conversation being gathered.
#[derive(Default)]
struct Thread {
    participants: BTreeSet<String>,
    title: Option<String>,
    messages: u64,
    source: Source,
    ext: Ext,
}

/// The Reddit importer.
#[derive(Default)]
pub struct Reddit {
    owner: Option<String>,
    owner_ext: Ext,
    owner_created: Option<Timestamp>,
    export_time: Option<Timestamp>,
    owner_warned: bool,
    /// Accounts named in passing.
    stubs: BTreeMap<String, Source>,
    threads: BTreeMap<String, Thread>,
    /// Ids already read: posts, comments, messages (tables overlap).
    posts: HashSet<String>,
    comments: HashSet<String>,
    messages: HashSet<String>,
    /// Rows of the `*_headers.csv` tables, and of the full tables, by table.
    header_rows: BTreeMap<&'static str, (u64, u64)>,
    /// `checkfile.csv`: every file the export says it holds, with its SHA-256.
    checkfile: Option<Vec<(String, String)>>,
    /// SHA-256 of every entry read, by file name (lower case).
    hashes: HashMap<String, String>,
}

/// A reader that hashes what passes through it.
struct Hashing<'a> {
    inner: &'a mut (dyn Read + Send),
    h: Sha256,
}

impl Read for Hashing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.h.update(&buf[..n]);
        Ok(n)
    }
}

/// The file name of an entry, lower case (the key `checkfile.csv` lists files by).
fn file_key(name: &str) -> String {
    name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase()
}

/// `YYYY-MM-DD HH:MM:SS UTC` and the other date spellings of the export.
fn time(
    row: &Row,
    col: &str,
    field: &str,
    raw: &mut BTreeMap<String, String>,
    ext: &mut Ext,
) -> Option<Timestamp> {
    let s = row.get(col)?;
    let parsed = Timestamp::parse(s).or_else(|| {
        // epoch seconds in some numeric columns
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .and_then(|v| Timestamp::parse(&chrono_secs(v)))
    });
    match parsed {
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

/// Epoch seconds as an RFC 3339 string.
fn chrono_secs(v: f64) -> String {
    let secs = v.trunc() as i64;
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

/// A bare base-36 id from an id that may carry its `t1_`/`t3_` type prefix.
fn bare(id: &str) -> &str {
    match id.split_once('_') {
        Some((t, rest)) if t.len() == 2 && t.starts_with('t') => rest,
        _ => id,
    }
}

/// The record id of a post (`t3_`) or comment (`t1_`) by its fullname or bare id.
fn thing_id(fullname_or_id: &str, comment: bool) -> String {
    let comment = match fullname_or_id.split_once('_') {
        Some(("t1", _)) => true,
        Some(("t3", _)) => false,
        _ => comment,
    };
    let id = bare(fullname_or_id);
    if comment {
        record_id(NET, Kind::Post, &format!("comment/{id}"))
    } else {
        record_id(NET, Kind::Post, id)
    }
}

/// The post id of a permalink or link (`…/comments/<id>/…`).
fn post_of_link(link: &str) -> Option<&str> {
    let i = link.find("/comments/")?;
    let rest = &link[i + "/comments/".len()..];
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

/// The post or comment a link names: `…/comments/<post>/<slug>/` or
/// `…/comments/<post>/<slug>/<comment>/`.
fn target_of_link(link: &str) -> Option<String> {
    let i = link.find("/comments/")?;
    let segs: Vec<&str> = link[i + "/comments/".len()..]
        .split(['/', '?', '#'])
        .filter(|s| !s.is_empty())
        .collect();
    match segs.as_slice() {
        [_, _, comment, ..] => Some(thing_id(comment, true)),
        [post, ..] => Some(thing_id(post, false)),
        [] => None,
    }
}

/// Placeholders Reddit writes for deleted and removed content.
fn placeholder(body: &str) -> Option<&'static str> {
    match body.trim() {
        "[deleted]" => Some("[deleted]"),
        "[removed]" => Some("[removed]"),
        _ => None,
    }
}

fn loc(e: &Entry, line: u64) -> String {
    format!("{}:{line}", e.name)
}

impl Reddit {
    fn owner_native(&self) -> String {
        self.owner.clone().unwrap_or_else(|| "owner".into())
    }

    fn owner_id(&self) -> String {
        record_id(NET, Kind::Account, &self.owner_native())
    }

    /// Every row of a table through `f`; bad rows are skipped with their reason.
    fn rows(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: Kind,
        mut f: impl FnMut(&mut Self, &Row, Source, &mut Context) -> Result<()>,
    ) -> Result<u64> {
        let d = crate::read::table::Dialect {
            max_row_bytes: cx.limits.max_field_bytes,
            ..Default::default()
        };
        let mut t = match Table::with_dialect(r, d) {
            Ok(t) => t,
            Err(bad) => {
                cx.report.skipped(kind, bad.reason, loc(e, bad.line));
                return Ok(1);
            }
        };
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            n += 1;
            match row {
                Ok(row) => {
                    // the row's index among the table's rows (its line is in skips)
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

impl Importer for Reddit {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        "data request export (CSV)".into()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        // every entry is read once, to check it against checkfile.csv; those with no
        // records are carried from there (their fate stays "carried")
        let carry = |role: String| Plan::Parse { phase: 30, role };
        if file_key(&e.name) == "checkfile.csv" {
            return Plan::Parse {
                phase: 1,
                role: "checkfile.csv: the files of the export and their SHA-256 (reconciled, kept verbatim)".into(),
            };
        }
        let Some(b) = base(&e.name) else {
            return carry("not a CSV table of the Reddit export".into());
        };
        let parse = |phase: u8, role: &str| Plan::Parse {
            phase,
            role: role.to_string(),
        };
        match role_of(&e.name) {
            Some(Role::Statistics) => parse(2, "statistics (the account)"),
            Some(Role::Posts) => parse(10, "posts"),
            Some(Role::Comments) => parse(11, "comments"),
            Some(Role::Drafts) => parse(12, "drafts"),
            Some(Role::Scheduled) => parse(12, "scheduled posts"),
            Some(Role::Messages) => parse(13, "private messages"),
            Some(Role::Chat) => parse(14, "chat history"),
            Some(Role::PostHeaders) => parse(20, "post headers (completeness check)"),
            Some(Role::CommentHeaders) => parse(20, "comment headers (completeness check)"),
            Some(Role::MessageHeaders) => parse(20, "message headers (completeness check)"),
            Some(Role::Announcements) => parse(21, "announcements"),
            Some(Role::Friends) => parse(22, "friends"),
            Some(Role::Subreddits(k)) => parse(22, &format!("subreddits ({k})")),
            Some(Role::PostVotes) => parse(23, "post votes"),
            Some(Role::CommentVotes) => parse(23, "comment votes"),
            Some(Role::SavedPosts) => parse(23, "saved posts"),
            Some(Role::SavedComments) => parse(23, "saved comments"),
            Some(Role::HiddenPosts) => parse(23, "hidden posts"),
            Some(Role::PollVotes) => parse(23, "poll votes"),
            Some(Role::Gilded) => parse(23, "awards given"),
            None if ACCOUNT_DATA.contains(&b.as_str()) => {
                carry(format!("account data ({b}), kept verbatim"))
            }
            None => carry("a table lifeboat does not map, kept verbatim".into()),
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let mut hr = Hashing {
            inner: r,
            h: Sha256::new(),
        };
        let n = self.parse_hashed(e, &mut hr, cx)?;
        // whatever the table reader left unread still counts for the hash
        std::io::copy(&mut hr, &mut std::io::sink())
            .map_err(|err| crate::error::Error::io(&e.name, err))?;
        let hex: String = hr.h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        self.hashes.insert(file_key(&e.name), hex);
        Ok(n)
    }

    fn media(&mut self, _e: &Entry, _stored: &Stored, _cx: &mut Context) -> Result<()> {
        Ok(())
    }

    /// Each table present (even with only its header row) holds all of its own:
    /// posts, comments, drafts and scheduled posts by table (a headers table covers the
    /// records only it held), messages and chats by table, relationships and reactions by
    /// kind. A table the export lacks covers nothing (a partial export, or the parts of
    /// a split one that were not given).
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        super::Cover::Complete(match role_of(entry) {
            Some(Role::Posts) => &["post:posts"],
            Some(Role::PostHeaders) => &["post:post_headers"],
            Some(Role::Comments) => &["post:comments"],
            Some(Role::CommentHeaders) => &["post:comment_headers"],
            Some(Role::Drafts) => &["post:drafts"],
            Some(Role::Scheduled) => &["post:scheduled"],
            Some(Role::Messages) => &[
                "conversation:messages",
                "message:messages",
                "account:messages",
            ],
            Some(Role::MessageHeaders) => {
                &["conversation:message_headers", "message:message_headers"]
            }
            Some(Role::Chat) => &["conversation:chat", "message:chat", "account:chat"],
            Some(Role::Announcements) => &[
                "conversation:announcements",
                "message:announcements",
                "account:announcements",
            ],
            Some(Role::Friends) => &["relationship:following", "account:friends"],
            Some(Role::Subreddits("subscription")) => &["relationship:subscription"],
            Some(Role::Subreddits("moderator")) => &["relationship:moderator"],
            Some(Role::Subreddits("approved_submitter")) => &["relationship:approved_submitter"],
            Some(Role::PostVotes | Role::CommentVotes) => &["reaction:upvote", "reaction:downvote"],
            Some(Role::SavedPosts | Role::SavedComments) => &["reaction:bookmark"],
            Some(Role::HiddenPosts) => &["reaction:hide"],
            Some(Role::PollVotes) => &["reaction:poll_vote"],
            Some(Role::Gilded) => &["reaction:award"],
            Some(Role::Statistics | Role::Subreddits(_)) | None => &[],
        })
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        self.reconcile_checkfile(cx);
        self.finish_records(cx)
    }
}

impl Reddit {
    fn parse_hashed(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        if file_key(&e.name) == "checkfile.csv" {
            return self.checkfile(e, r, cx);
        }
        let Some(role) = role_of(&e.name) else {
            // no records in it: kept verbatim (hashed on the way)
            cx.sink.carry(&e.name, r)?;
            return Ok(0);
        };
        if role != Role::Statistics {
            self.need_owner(cx);
        }
        match role {
            Role::Statistics => self.statistics(e, r, cx),
            Role::Posts | Role::PostHeaders | Role::Drafts | Role::Scheduled => {
                self.rows(e, r, cx, Kind::Post, |me, row, src, cx| {
                    me.post(row, src, cx, role)
                })
            }
            Role::Comments | Role::CommentHeaders => {
                let headers = role == Role::CommentHeaders;
                self.rows(e, r, cx, Kind::Post, |me, row, src, cx| {
                    me.comment(row, src, cx, headers)
                })
            }
            Role::Messages | Role::MessageHeaders => {
                let headers = role == Role::MessageHeaders;
                self.rows(e, r, cx, Kind::Message, |me, row, src, cx| {
                    me.message(row, src, cx, headers)
                })
            }
            Role::Chat => self.rows(e, r, cx, Kind::Message, |me, row, src, cx| {
                me.chat(row, src, cx)
            }),
            Role::Announcements => self.rows(e, r, cx, Kind::Message, |me, row, src, cx| {
                me.announcement(row, src, cx)
            }),
            Role::Friends | Role::Subreddits(_) => {
                self.rows(e, r, cx, Kind::Relationship, |me, row, src, cx| {
                    me.relationship(row, src, cx, role)
                })
            }
            Role::PostVotes
            | Role::CommentVotes
            | Role::SavedPosts
            | Role::SavedComments
            | Role::HiddenPosts
            | Role::PollVotes
            | Role::Gilded => self.rows(e, r, cx, Kind::Reaction, |me, row, src, cx| {
                let line = row_text(row);
                me.reaction(row, src, cx, role, &line)
            }),
        }
    }
}

/// A row as one line of CSV text (for rows kept raw).
fn row_text(row: &Row) -> String {
    let m = row.rest(&[]);
    serde_json::to_string(&m).unwrap_or_default()
}

#[cfg(test)]
mod tests;
