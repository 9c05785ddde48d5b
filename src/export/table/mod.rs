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

use std::path::Path;

use serde_json::Value;

use super::out::clear;
use super::report::Book;
use super::select::Ctx;
use super::text::neutral;
use crate::error::{Error, Result};
use crate::model::{Kind, Record};

/// The columns of each kind's table: the record's fields, in model order.
fn columns(kind: Kind) -> &'static [&'static str] {
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

/// Write one CSV file per record kind into the folder `out`.
pub(crate) fn csv(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    crate::export::out::create_folder(out, crate::export::Format::Csv)?;
    for kind in Kind::ALL {
        let path = out.join(format!("{}.csv", table_name(kind)));
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_path(&path)
            .map_err(|e| csv_err(&path, e))?;
        w.write_record(columns(kind))
            .map_err(|e| csv_err(&path, e))?;
        for r in ctx.archive.records(kind)? {
            let r = r?;
            if !keep(ctx, &r, book) {
                continue;
            }
            let row: Vec<String> = cells(&r)
                .into_iter()
                .zip(columns(kind))
                .map(|(c, col)| {
                    let c = c.unwrap_or_default();
                    let n = neutral(&c);
                    if n != c {
                        book.field(kind, col, "a cell starting with = + - @, a tab or CR gets a ' in front, so that a spreadsheet does not run it");
                    }
                    n
                })
                .collect();
            for col in spaced_lists(&r) {
                book.field(kind, col, "a list is one cell of its items joined by spaces, and an item of this one holds a space");
            }
            w.write_record(&row).map_err(|e| csv_err(&path, e))?;
            book.wrote(kind);
        }
        w.flush().map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

fn csv_err(path: &Path, e: ::csv::Error) -> Error {
    Error::Archive {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Archive {
        path: path.to_path_buf(),
        message: format!("SQLite: {e}"),
    }
}

/// Write one SQLite database: a table per record kind.
pub(crate) fn sqlite(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let e = sql_err(out);
    let mut db = rusqlite::Connection::open(out).map_err(&e)?;
    db.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
    )
    .map_err(&e)?;
    for (t, _, _) in ID_TABLES {
        db.execute_batch(&format!(
            "CREATE TABLE {t} (id TEXT PRIMARY KEY, in_archive INTEGER NOT NULL);"
        ))
        .map_err(&e)?;
    }
    db.execute_batch(
        "CREATE TABLE post_media (post_id TEXT NOT NULL REFERENCES post_ids(id), media_id TEXT NOT NULL REFERENCES media_ids(id), position INTEGER NOT NULL);
         CREATE TABLE post_tags (post_id TEXT NOT NULL REFERENCES post_ids(id), tag TEXT NOT NULL);",
    )
    .map_err(&e)?;
    for kind in Kind::ALL {
        let t = table_name(kind);
        let cols: Vec<String> = columns(kind)
            .iter()
            .map(|c| {
                let mut d = format!("\"{c}\"");
                if *c == "id" {
                    d.push_str(" TEXT PRIMARY KEY");
                } else if matches!(*c, "bytes" | "message_count") {
                    d.push_str(" INTEGER");
                } else {
                    d.push_str(" TEXT");
                }
                if let Some(f) = foreign(kind, c) {
                    d.push_str(&format!(" REFERENCES {f}(id)"));
                }
                d
            })
            .collect();
        db.execute_batch(&format!("CREATE TABLE {t} ({});", cols.join(", ")))
            .map_err(&e)?;
        let tx = db.transaction().map_err(&e)?;
        {
            let marks = vec!["?"; columns(kind).len()].join(", ");
            let mut st = tx
                .prepare(&format!("INSERT OR IGNORE INTO {t} VALUES ({marks})"))
                .map_err(&e)?;
            let mut pm = tx
                .prepare("INSERT INTO post_media VALUES (?, ?, ?)")
                .map_err(&e)?;
            let mut pt = tx
                .prepare("INSERT INTO post_tags VALUES (?, ?)")
                .map_err(&e)?;
            for r in ctx.archive.records(kind)? {
                let r = r?;
                if !keep(ctx, &r, book) {
                    continue;
                }
                let c = cells(&r);
                let n = st
                    .execute(rusqlite::params_from_iter(c.iter()))
                    .map_err(&e)?;
                if n == 1 {
                    book.wrote(kind);
                } else {
                    book.lost(kind, "a second record with the same id");
                    continue;
                }
                if let Record::Post(p) = &r {
                    for (i, m) in p.media.iter().enumerate() {
                        pm.execute(rusqlite::params![p.id, m, i as i64])
                            .map_err(&e)?;
                    }
                    for tag in &p.tags {
                        pt.execute(rusqlite::params![p.id, tag]).map_err(&e)?;
                    }
                }
            }
        }
        tx.commit().map_err(&e)?;
    }
    // every id of a kind: the records' own, then those only named
    for (t, own, refs) in ID_TABLES {
        let mut sql = format!("INSERT INTO {t} SELECT id, 1 FROM {own};\n");
        for (table, col) in refs {
            sql.push_str(&format!(
                "INSERT OR IGNORE INTO {t} SELECT DISTINCT \"{col}\", 0 FROM {table} WHERE \"{col}\" IS NOT NULL;\n"
            ));
        }
        db.execute_batch(&sql).map_err(&e)?;
    }
    db.execute_batch(
        "CREATE INDEX posts_author ON posts(author);
         CREATE INDEX posts_reply_to ON posts(reply_to);
         CREATE INDEX posts_created ON posts(created_at);
         CREATE INDEX messages_conversation ON messages(conversation);
         CREATE INDEX post_media_post ON post_media(post_id);
         CREATE INDEX post_tags_tag ON post_tags(tag);
         CREATE VIRTUAL TABLE posts_fts USING fts5(text, content='posts', content_rowid='rowid');
         INSERT INTO posts_fts(rowid, text) SELECT rowid, text FROM posts;
         CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='rowid');
         INSERT INTO messages_fts(rowid, text) SELECT rowid, text FROM messages;
         CREATE VIEW threads AS
           WITH RECURSIVE t(id, root, depth) AS (
             SELECT id, id, 0 FROM posts
               WHERE reply_to IS NULL OR reply_to NOT IN (SELECT id FROM posts)
             UNION ALL
             SELECT p.id, t.root, t.depth + 1 FROM posts p JOIN t ON p.reply_to = t.id
           )
           SELECT t.root AS root, t.depth AS depth, p.* FROM t JOIN posts p ON p.id = t.id;
         CREATE VIEW replies AS
           SELECT parent.id AS parent_id, child.id AS reply_id, child.author AS reply_author,
                  child.created_at AS reply_created_at, child.text AS reply_text
           FROM posts child JOIN posts parent ON child.reply_to = parent.id;",
    )
    .map_err(&e)?;
    Ok(())
}
