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

    fn account(&mut self, username: &str, src: &Source) -> String {
        // `/u/name`, and `/r/sub` for modmail: `r/sub`
        let name = username
            .trim()
            .trim_start_matches("/u/")
            .trim_start_matches("u/")
            .trim_start_matches('/');
        if Some(name) != self.owner.as_deref() {
            self.stubs
                .entry(name.to_string())
                .or_insert_with(|| src.clone());
        }
        record_id(NET, Kind::Account, name)
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

    fn statistics(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        self.rows(e, r, cx, Kind::Account, |me, row, _src, _cx| {
            let (Some(k), v) = (row.get("statistic"), row.get("value")) else {
                return Ok(());
            };
            let v = v.unwrap_or("");
            match k.to_ascii_lowercase().as_str() {
                "account name" | "username" => me.owner = Some(v.to_string()),
                "registration date" => {
                    me.owner_created = Timestamp::parse(v).map(|t| t.0);
                }
                "export time" => me.export_time = Timestamp::parse(v).map(|t| t.0),
                _ => {}
            }
            me.owner_ext.insert_string(k, v.to_string());
            Ok(())
        })?;
        // the statistics are one record: the owner's account
        Ok(1)
    }

    /// The owner is needed but statistics.csv did not name it.
    fn need_owner(&mut self, cx: &mut Context) {
        if self.owner.is_none() && !self.owner_warned {
            self.owner_warned = true;
            cx.report.warn(
                "statistics.csv does not name the account: the owner's id is reddit:account:owner",
            );
        }
    }

    fn post(&mut self, row: &Row, src: Source, cx: &mut Context, role: Role) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let id = match role {
            Role::Drafts => row.get("id").map(|i| format!("draft/{i}")),
            Role::Scheduled => row
                .get("scheduled_post_id")
                .map(|i| format!("scheduled/{i}")),
            _ => row.get("id").map(|i| bare(i).to_string()),
        };
        let Some(native) = id else {
            cx.report.skipped(Kind::Post, "row without an id", l);
            return Ok(());
        };
        match role {
            Role::PostHeaders => self.header_rows.entry("post").or_default().0 += 1,
            Role::Posts => self.header_rows.entry("post").or_default().1 += 1,
            _ => {}
        }
        if role == Role::PostHeaders && self.posts.contains(&native) {
            return Ok(()); // the same post, read from posts.csv
        }
        // a post listed twice in its table is kept twice (the id guard derives the
        // second's id); the header table's copy of a post is not a second listing
        self.posts.insert(native.clone());
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let date_col = match role {
            Role::Drafts => "created",
            Role::Scheduled => "submission_time",
            _ => "date",
        };
        let created_at = time(row, date_col, "created_at", &mut raw, &mut ext);
        let body = row.raw("body").unwrap_or("");
        let (text, deleted) = match placeholder(body) {
            Some(p) => {
                ext.insert_string("body", p.to_string());
                (String::new(), true)
            }
            None => (body.to_string(), false),
        };
        let permalink = row.get("permalink").map(str::to_string);
        let url = row.get("url");
        let mut links = Vec::new();
        // a link post: its URL is not its own permalink
        if let Some(u) = url {
            if !u.contains(&format!("/comments/{native}/")) {
                links.push(Link {
                    url: u.to_string(),
                    short_url: None,
                    display: None,
                });
            }
        }
        let mut metrics = BTreeMap::new();
        if let Some(g) = row.get("gildings").and_then(|g| g.parse::<u64>().ok()) {
            metrics.insert("gildings".into(), g);
        }
        let (status, visibility) = match role {
            Role::Drafts => (Some("draft".to_string()), Visibility::Private),
            Role::Scheduled => (Some("pending".to_string()), Visibility::Private),
            _ => (None, Visibility::Public),
        };
        ext.extend_map(row.rest(&[
            "id",
            "scheduled_post_id",
            "permalink",
            date_col,
            "subreddit",
            "gildings",
            "title",
            "url",
            "body",
        ]));
        if let Some(u) = url.filter(|u| Some(*u) != row.get("permalink")) {
            ext.insert_string("url", u.to_string());
        }
        if role == Role::PostHeaders {
            ext.insert("from_headers", Value::Bool(true));
        }
        let post = Post {
            id: record_id(NET, Kind::Post, &native),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            title: row.get("title").map(str::to_string),
            url: permalink.or_else(|| url.filter(|u| u.contains("/comments/")).map(str::to_string)),
            visibility,
            status,
            links,
            community: row.get("subreddit").map(str::to_string),
            metrics,
            deleted_at: deleted.then_some(self.export_time).flatten(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        if role == Role::PostHeaders {
            cx.report.warn(format!(
                "post {native} is in post_headers.csv but not in posts.csv: kept without its title and body"
            ));
        }
        cx.emit(Record::Post(post))
    }

    fn comment(&mut self, row: &Row, src: Source, cx: &mut Context, headers: bool) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("id").map(|i| bare(i).to_string()) else {
            cx.report
                .skipped(Kind::Post, "comment row without an id", l);
            return Ok(());
        };
        let counts = self.header_rows.entry("comment").or_default();
        if headers {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
        if headers && self.comments.contains(&id) {
            return Ok(());
        }
        // listed twice: kept twice (the id guard derives the second's id)
        self.comments.insert(id.clone());
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, "date", "created_at", &mut raw, &mut ext);
        let body = row.raw("body").unwrap_or("");
        let (text, deleted) = match placeholder(body) {
            Some(p) => {
                ext.insert_string("body", p.to_string());
                (String::new(), true)
            }
            None => (body.to_string(), false),
        };
        // the parent: a comment (t1_) or the post (t3_); else the post of the link
        let reply_to = match row.get("parent") {
            Some(p) => Some(thing_id(p, true)),
            None => row
                .get("link")
                .and_then(post_of_link)
                .map(|p| thing_id(p, false)),
        };
        let mut links = Vec::new();
        if let Some(m) = row.get("media") {
            links.push(Link {
                url: m.to_string(),
                short_url: None,
                display: None,
            });
        }
        let mut metrics = BTreeMap::new();
        if let Some(g) = row.get("gildings").and_then(|g| g.parse::<u64>().ok()) {
            metrics.insert("gildings".into(), g);
        }
        ext.extend_map(row.rest(&[
            "id",
            "permalink",
            "date",
            "subreddit",
            "gildings",
            "parent",
            "body",
            "media",
        ]));
        if headers {
            ext.insert("from_headers", Value::Bool(true));
            cx.report.warn(format!(
                "comment {id} is in comment_headers.csv but not in comments.csv: kept without its body"
            ));
        }
        let post = Post {
            id: thing_id(&id, true),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            url: row.get("permalink").map(str::to_string),
            reply_to,
            visibility: Visibility::Public,
            links,
            community: row.get("subreddit").map(str::to_string),
            metrics,
            deleted_at: deleted.then_some(self.export_time).flatten(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(post))
    }

    fn reaction(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        role: Role,
        bytes: &str,
    ) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let comment = matches!(role, Role::CommentVotes | Role::SavedComments);
        let id = match role {
            Role::PollVotes => row.get("post_id"),
            Role::Gilded => row.get("content_link"),
            _ => row.get("id"),
        };
        let Some(id) = id else {
            cx.report.skipped(Kind::Reaction, "row without an id", l);
            return Ok(());
        };
        let (kind, target) = match role {
            Role::PostVotes | Role::CommentVotes => {
                match row.get("direction").map(str::to_ascii_lowercase).as_deref() {
                    Some("up") => ("upvote", thing_id(id, comment)),
                    Some("down") => ("downvote", thing_id(id, comment)),
                    other => {
                        // a withdrawn vote: no reaction, but the row is kept
                        cx.report.kept_raw(Kind::Reaction);
                        return cx.sink.keep_raw(
                            Kind::Reaction,
                            &l,
                            &format!("vote withdrawn (direction {:?})", other.unwrap_or("")),
                            bytes.as_bytes(),
                        );
                    }
                }
            }
            Role::SavedPosts | Role::SavedComments => ("bookmark", thing_id(id, comment)),
            Role::HiddenPosts => ("hide", thing_id(id, false)),
            Role::PollVotes => ("poll_vote", thing_id(id, false)),
            _ => {
                // an award given: the link names the post or comment
                let target = target_of_link(id).unwrap_or_else(|| id.to_string());
                ("award", target)
            }
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, "date", "created_at", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["id", "post_id", "permalink", "direction", "date"]));
        let owner_native = self.owner_native();
        let tid = target.rsplit(':').next().unwrap_or(&target).to_string();
        let r = Reaction {
            id: record_id(NET, Kind::Reaction, &format!("{kind}/{owner_native}/{tid}")),
            network: NET.into(),
            kind: kind.into(),
            actor: self.owner_id(),
            target,
            target_url: row
                .get("permalink")
                .or_else(|| row.get("content_link"))
                .map(str::to_string),
            created_at,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Reaction(r))
    }

    fn message(&mut self, row: &Row, src: Source, cx: &mut Context, headers: bool) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("id").map(|i| bare(i).to_string()) else {
            cx.report
                .skipped(Kind::Message, "message row without an id", l);
            return Ok(());
        };
        let counts = self.header_rows.entry("message").or_default();
        if headers {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
        if self.messages.contains(&id) {
            if !headers {
                // messages.csv and messages_archive.csv overlap
                cx.report.skipped(
                    Kind::Message,
                    format!("message {id} is listed again (messages and messages_archive overlap)"),
                    l,
                );
            }
            return Ok(());
        }
        self.messages.insert(id.clone());
        let thread = row.get("thread_id").map(bare).unwrap_or(&id).to_string();
        let from = row.get("from").unwrap_or("");
        let to = row.get("to").unwrap_or("");
        let sender = self.account(from, &src);
        let recipients: Vec<String> = if to.is_empty() {
            Vec::new()
        } else {
            vec![self.account(to, &src)]
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, "date", "sent_at", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["id", "thread_id", "date", "from", "to", "body"]));
        if headers {
            ext.insert("from_headers", Value::Bool(true));
        }
        let conv = record_id(NET, Kind::Conversation, &format!("message/{thread}"));
        let t = self.threads.entry(conv.clone()).or_insert_with(|| Thread {
            source: src.clone(),
            ..Thread::default()
        });
        t.participants.insert(sender.clone());
        t.participants.extend(recipients.iter().cloned());
        t.messages += 1;
        if t.title.is_none() {
            t.title = row.get("subject").map(str::to_string);
        }
        let m = Message {
            id: record_id(NET, Kind::Message, &id),
            network: NET.into(),
            conversation: conv,
            sender,
            recipients,
            sent_at,
            text: row.raw("body").unwrap_or("").to_string(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    fn chat(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("message_id").map(str::to_string) else {
            cx.report
                .skipped(Kind::Message, "chat row without a message_id", l);
            return Ok(());
        };
        let channel = row
            .get("channel_url")
            .or_else(|| row.get("channel_name"))
            .unwrap_or("unknown channel")
            .to_string();
        let sender = self.account(row.get("username").unwrap_or("[unknown]"), &src);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, "created_at", "sent_at", &mut raw, &mut ext);
        if let Some(u) = row.get("updated_at") {
            ext.insert_string("updated_at", u.to_string());
        }
        ext.extend_map(row.rest(&[
            "message_id",
            "created_at",
            "updated_at",
            "username",
            "message",
            "thread_parent_message_id",
            "channel_url",
        ]));
        let conv = record_id(NET, Kind::Conversation, &format!("chat/{channel}"));
        let t = self.threads.entry(conv.clone()).or_insert_with(|| Thread {
            source: src.clone(),
            ..Thread::default()
        });
        t.participants.insert(sender.clone());
        t.messages += 1;
        if t.title.is_none() {
            t.title = row.get("channel_name").map(str::to_string);
        }
        if let Some(kind) = row.get("conversation_type") {
            if !t.ext.keys().any(|k| k == "conversation_type") {
                t.ext.insert_string("conversation_type", kind.to_string());
            }
        }
        if let Some(sub) = row.get("subreddit") {
            if !t.ext.keys().any(|k| k == "subreddit") {
                t.ext.insert_string("subreddit", sub.to_string());
            }
        }
        let m = Message {
            id: record_id(NET, Kind::Message, &id),
            network: NET.into(),
            conversation: conv,
            sender,
            sent_at,
            text: row.raw("message").unwrap_or("").to_string(),
            reply_to: row
                .get("thread_parent_message_id")
                .map(|p| record_id(NET, Kind::Message, p)),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    fn announcement(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("announcement_id").map(str::to_string) else {
            cx.report
                .skipped(Kind::Message, "announcement row without an id", l);
            return Ok(());
        };
        let sender = self.account(row.get("from_username").unwrap_or("reddit"), &src);
        let owner = self.owner_id();
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, "sent_at", "sent_at", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["announcement_id", "sent_at", "from_username", "body"]));
        let conv = record_id(NET, Kind::Conversation, "announcements");
        let t = self.threads.entry(conv.clone()).or_insert_with(|| Thread {
            source: src.clone(),
            title: Some("Reddit announcements".into()),
            ..Thread::default()
        });
        t.participants.insert(sender.clone());
        t.participants.insert(owner.clone());
        t.messages += 1;
        let m = Message {
            id: record_id(NET, Kind::Message, &format!("announcement/{id}")),
            network: NET.into(),
            conversation: conv,
            sender,
            recipients: vec![owner],
            sent_at,
            text: row.raw("body").unwrap_or("").to_string(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    fn relationship(&mut self, row: &Row, src: Source, cx: &mut Context, role: Role) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let owner_native = self.owner_native();
        let (kind, object, native_object) = match role {
            Role::Friends => {
                let Some(u) = row.get("username") else {
                    cx.report
                        .skipped(Kind::Relationship, "friend row without a username", l);
                    return Ok(());
                };
                ("following", self.account(u, &src), u.to_string())
            }
            Role::Subreddits(kind) => {
                let Some(s) = row.get("subreddit") else {
                    cx.report
                        .skipped(Kind::Relationship, "row without a subreddit", l);
                    return Ok(());
                };
                let s = s.trim_start_matches("/r/").trim_start_matches("r/");
                (kind, format!("r/{s}"), format!("r/{s}"))
            }
            _ => return Ok(()),
        };
        let mut ext = Ext::default();
        ext.extend_map(row.rest(&["username", "subreddit"]));
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("{kind}/{owner_native}/{native_object}"),
            ),
            network: NET.into(),
            kind: kind.into(),
            subject: self.owner_id(),
            object,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Relationship(r))
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
    /// `checkfile.csv`: `filename,sha256` rows (kept verbatim too).
    fn checkfile(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| crate::error::Error::io(&e.name, err))?;
        cx.sink.carry(&e.name, &mut &bytes[..])?;
        let mut listed = Vec::new();
        match Table::new(&bytes[..]) {
            Ok(mut t) => {
                while let Some(row) = t.next_row() {
                    let Ok(row) = row else { continue };
                    if let (Some(f), Some(h)) = (row.get("filename"), row.get("sha256")) {
                        listed.push((f.trim().to_string(), h.trim().to_ascii_lowercase()));
                    }
                }
            }
            Err(bad) => cx.report.warn(format!(
                "{}: {}; the export's files could not be checked against it",
                loc(e, bad.line),
                bad.reason
            )),
        }
        self.checkfile.get_or_insert_with(Vec::new).extend(listed);
        Ok(0)
    }

    /// Every file `checkfile.csv` lists: present, and with the SHA-256 it lists.
    fn reconcile_checkfile(&mut self, cx: &mut Context) {
        let Some(listed) = self.checkfile.take() else {
            return;
        };
        let mut missing = Vec::new();
        let mut differ = Vec::new();
        for (file, want) in &listed {
            let (found, note) = match self.hashes.get(&file_key(file)) {
                None => {
                    missing.push(file.as_str());
                    (0, Some("listed in checkfile.csv, not in the dump"))
                }
                Some(h) if h == want => (1, None),
                Some(_) => {
                    differ.push(file.as_str());
                    (
                        0,
                        Some("in the dump, but its SHA-256 differs from the one listed"),
                    )
                }
            };
            cx.report
                .reconcile(format!("checkfile.csv: {file}"), 1, found, note);
        }
        let good = listed.len() - missing.len() - differ.len();
        cx.report.reconcile(
            "checkfile.csv: files listed, present with the listed SHA-256",
            listed.len() as u64,
            good as u64,
            None,
        );
        if !missing.is_empty() {
            cx.report.warn(format!(
                "checkfile.csv lists {} files; {} of them are not in the dump: {}",
                listed.len(),
                missing.len(),
                missing.join(", ")
            ));
        }
        if !differ.is_empty() {
            cx.report.warn(format!(
                "{} files differ from the SHA-256 checkfile.csv lists (changed after the export?): {}",
                differ.len(),
                differ.join(", ")
            ));
        }
        let listed_keys: HashSet<String> = listed.iter().map(|(f, _)| file_key(f)).collect();
        let mut extra: Vec<&String> = self
            .hashes
            .keys()
            .filter(|k| *k != "checkfile.csv" && !listed_keys.contains(*k))
            .collect();
        extra.sort();
        if !extra.is_empty() {
            cx.report.warn(format!(
                "{} files of the dump are not listed in checkfile.csv: {}",
                extra.len(),
                extra
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }

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

    fn finish_records(&mut self, cx: &mut Context) -> Result<()> {
        // the header tables list what the full tables should hold
        for (what, (headers, full)) in std::mem::take(&mut self.header_rows) {
            if headers > 0 {
                cx.report
                    .reconcile(format!("{what}_headers.csv: {what}s"), headers, full, None);
            }
        }
        // the owner
        let owner_native = self.owner_native();
        let mut ext = std::mem::take(&mut self.owner_ext);
        let mut raw = BTreeMap::new();
        if let Some(s) = ext.get_str("registration date") {
            if Timestamp::parse(&s).is_some_and(|(_, c)| !c) {
                raw.insert("created_at".to_string(), s);
            }
        }
        ext = strip(ext, &["account name", "username"]);
        let is_known = self.owner.is_some();
        let a = Account {
            id: record_id(NET, Kind::Account, &owner_native),
            network: NET.into(),
            handle: self.owner.clone(),
            url: is_known.then(|| format!("https://www.reddit.com/user/{owner_native}/")),
            is_owner: true,
            created_at: self.owner_created,
            raw_times: raw,
            source: Source::entry("statistics.csv"),
            ext,
            ..Default::default()
        };
        if is_known || !self.stubs.is_empty() || self.owner_warned {
            cx.emit(Record::Account(a))?;
        }
        for (native, t) in std::mem::take(&mut self.threads) {
            let participants: Vec<String> = t.participants.into_iter().collect();
            let c = Conversation {
                id: native,
                network: NET.into(),
                group: participants.len() > 2,
                participants,
                title: t.title,
                message_count: t.messages,
                source: t.source,
                ext: t.ext,
                ..Default::default()
            };
            cx.emit(Record::Conversation(c))?;
        }
        for (name, src) in std::mem::take(&mut self.stubs) {
            if Some(&name) == self.owner.as_ref() {
                continue;
            }
            let a = Account {
                id: record_id(NET, Kind::Account, &name),
                network: NET.into(),
                handle: Some(name.clone()),
                url: (!name.is_empty() && !name.starts_with('/') && name != "reddit")
                    .then(|| format!("https://www.reddit.com/user/{name}/")),
                source: src,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}

/// A row as one line of CSV text (for rows kept raw).
fn row_text(row: &Row) -> String {
    let m = row.rest(&[]);
    serde_json::to_string(&m).unwrap_or_default()
}

/// An Ext without some keys.
fn strip(ext: Ext, keys: &[&str]) -> Ext {
    let mut out = Ext::default();
    for k in ext.keys().map(str::to_string).collect::<Vec<_>>() {
        if keys.contains(&k.as_str()) {
            continue;
        }
        if let Some(v) = ext.get_value(&k) {
            out.insert(&k, v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_and_split_tables() {
        assert_eq!(role_of("post_votes_2.csv"), Some(Role::PostVotes));
        assert_eq!(
            role_of("export_alex_20240310/comments.csv"),
            Some(Role::Comments)
        );
        assert_eq!(role_of("messages_archive.csv"), Some(Role::Messages));
        assert_eq!(role_of("ip_logs.csv"), None);
        assert_eq!(base("ip_logs.csv").as_deref(), Some("ip_logs"));
    }

    #[test]
    fn fullnames_and_links() {
        assert_eq!(thing_id("t3_xyz789", true), "reddit:post:xyz789");
        assert_eq!(thing_id("t1_kx1y2z3", false), "reddit:post:comment/kx1y2z3");
        assert_eq!(thing_id("abc", false), "reddit:post:abc");
        assert_eq!(
            post_of_link("https://www.reddit.com/r/rust/comments/xyz789/csv_crate_and_bom/"),
            Some("xyz789")
        );
        assert_eq!(bare("t3_abc"), "abc");
        assert_eq!(
            target_of_link("https://www.reddit.com/r/rust/comments/xyz789/slug/kx1y2z3/")
                .as_deref(),
            Some("reddit:post:comment/kx1y2z3")
        );
        assert_eq!(
            target_of_link("https://www.reddit.com/r/rust/comments/xyz789/slug/").as_deref(),
            Some("reddit:post:xyz789")
        );
        assert_eq!(bare("u_alex"), "u_alex");
    }
}
