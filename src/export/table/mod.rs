//! The records formats: CSV (one file per kind) and SQLite (one table per kind, with
//! foreign keys, link tables `post_media` and `post_tags`, an FTS5 index on text and
//! views for threads). They hold every record, whatever its visibility.
//!
//! A record may name another that the archive does not hold (a reply to a post of
//! someone else, a follow of an account never seen). Such references are kept as they
//! are, and every declared key still holds: the foreign keys point at id tables
//! (`account_ids`, `post_ids`, `media_ids`, `conversation_ids`) that list every id of
//! that kind the archive knows, with `in_archive` 1 for its own records and 0 for
//! those only named. `PRAGMA foreign_key_check` is empty on every export.

pub(super) mod csv;
pub(super) mod sqlite;

use std::path::Path;

use serde_json::Value;

use super::out::clear;
use super::report::Book;
use super::select::Ctx;
use super::text::neutral;
use crate::error::{Error, Result};
use crate::model::{Kind, Record};

/// The columns of each kind's table: the record's fields, in model order.
pub(super) fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Account => &[
            "id",
            "network",
            "handle",
            "display_name",
            "url",
            "is_owner",
            "created_at",
            "bio",
            "location",
            "website",
            "avatar_url",
            "header_url",
            "verified",
            "protected",
            "handle_history",
            "raw_times",
            "source",
            "ext",
        ],
        Kind::Post => &[
            "id",
            "network",
            "author",
            "created_at",
            "visibility",
            "text",
            "html",
            "title",
            "content_warning",
            "lang",
            "url",
            "reply_to",
            "reply_to_account",
            "quote_of",
            "repost_of",
            "repost_of_account",
            "status",
            "media",
            "links",
            "mentions",
            "tags",
            "symbols",
            "styles",
            "client",
            "metrics",
            "sensitive",
            "community",
            "edited_at",
            "deleted_at",
            "history",
            "raw_times",
            "source",
            "ext",
        ],
        Kind::Media => &[
            "id",
            "network",
            "kind",
            "mime",
            "sha256",
            "bytes",
            "path",
            "original_path",
            "alt_text",
            "original_url",
            "attached_to",
            "missing",
            "source",
            "ext",
        ],
        Kind::Relationship => &[
            "id",
            "network",
            "kind",
            "subject",
            "object",
            "since",
            "raw_times",
            "source",
            "ext",
        ],
        Kind::Reaction => &[
            "id",
            "network",
            "kind",
            "actor",
            "target",
            "emoji",
            "created_at",
            "target_text",
            "target_url",
            "raw_times",
            "source",
            "ext",
        ],
        Kind::Conversation => &[
            "id",
            "network",
            "participants",
            "title",
            "group",
            "events",
            "message_count",
            "source",
            "ext",
        ],
        Kind::Message => &[
            "id",
            "network",
            "conversation",
            "sender",
            "recipients",
            "sent_at",
            "visibility",
            "text",
            "media",
            "links",
            "reply_to",
            "encrypted",
            "history",
            "raw_times",
            "source",
            "ext",
        ],
    }
}

/// Columns that name a record of another kind: the id table they point at.
fn foreign(kind: Kind, col: &str) -> Option<&'static str> {
    match (kind, col) {
        (Kind::Post, "author" | "reply_to_account" | "repost_of_account") => Some("account_ids"),
        (Kind::Post, "reply_to" | "quote_of" | "repost_of") => Some("post_ids"),
        (Kind::Reaction, "actor") => Some("account_ids"),
        (Kind::Relationship, "subject") => Some("account_ids"),
        (Kind::Message, "conversation") => Some("conversation_ids"),
        (Kind::Message, "sender") => Some("account_ids"),
        _ => None,
    }
}

/// An id table: its name, the kind's own table, and the (table, column) pairs that
/// name ids of that kind.
type IdTable = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The id tables.
const ID_TABLES: [IdTable; 4] = [
    (
        "account_ids",
        "accounts",
        &[
            ("posts", "author"),
            ("posts", "reply_to_account"),
            ("posts", "repost_of_account"),
            ("reactions", "actor"),
            ("relationships", "subject"),
            ("messages", "sender"),
        ],
    ),
    (
        "post_ids",
        "posts",
        &[
            ("posts", "reply_to"),
            ("posts", "quote_of"),
            ("posts", "repost_of"),
            ("post_media", "post_id"),
            ("post_tags", "post_id"),
        ],
    ),
    ("media_ids", "media", &[("post_media", "media_id")]),
    (
        "conversation_ids",
        "conversations",
        &[("messages", "conversation")],
    ),
];

fn table_name(kind: Kind) -> &'static str {
    kind.file_name().trim_end_matches(".jsonl")
}

/// A record's cells, in column order: strings as they are, numbers and booleans
/// as text, lists of strings joined by a space, anything else as JSON.
fn cells(r: &Record) -> Vec<Option<String>> {
    let v: Value = serde_json::from_str(&r.to_json()).unwrap_or(Value::Null);
    columns(r.kind())
        .iter()
        .map(|c| {
            if *c == "visibility" && r.kind() == Kind::Message {
                return Some("direct".to_string());
            }
            match v.get(*c) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Bool(b)) => Some(b.to_string()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Array(a)) if a.iter().all(|x| x.is_string()) => Some(
                    a.iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                Some(other) => Some(other.to_string()),
            }
        })
        .collect()
}

/// The list columns of a record whose items hold whitespace (a CSV cell joins them by
/// spaces, so their boundaries are lost there).
fn spaced_lists(r: &Record) -> Vec<&'static str> {
    let v: Value = serde_json::from_str(&r.to_json()).unwrap_or(Value::Null);
    columns(r.kind())
        .iter()
        .filter(|c| {
            v.get(**c).and_then(Value::as_array).is_some_and(|a| {
                a.iter().all(Value::is_string)
                    && a.iter()
                        .any(|x| x.as_str().is_some_and(|s| s.contains(char::is_whitespace)))
            })
        })
        .copied()
        .collect()
}

fn keep(ctx: &Ctx, r: &Record, book: &mut Book) -> bool {
    if !ctx
        .filter
        .in_network(crate::export::select::record_network(r))
    {
        return false;
    }
    match r {
        Record::Post(p) => ctx.keep_post(p, book),
        Record::Message(m) => ctx.filter.in_time(m.sent_at.as_ref()),
        _ => true,
    }
}
