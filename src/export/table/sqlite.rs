//! One SQLite database: a table per record kind, with the id tables and foreign keys.

use std::path::PathBuf;

use super::*;

pub(super) fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Archive {
        path: path.to_path_buf(),
        message: format!("SQLite: {e}"),
    }
}

/// Write one SQLite database: a table per record kind.
pub(crate) fn write(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
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

/// Where the Datasette metadata of the database at `out` goes: beside it, named after
/// it (`archive.sqlite` → `archive.sqlite.metadata.json`), so that two databases in
/// one folder keep their own.
pub(crate) fn metadata_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "lifeboat".into());
    name.push(".metadata.json");
    out.with_file_name(name)
}

/// Datasette's metadata for the database at `out` (`datasette archive.sqlite -m
/// archive.sqlite.metadata.json`): titles and descriptions of the tables and their
/// main columns, facets, full-text search on posts and messages, and canned queries.
pub(crate) fn datasette_metadata(out: &Path) -> Value {
    // Datasette names a database after its file name without the extension
    let db = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lifeboat".into());
    let mut tables = serde_json::Map::new();
    for kind in Kind::ALL {
        let (title, description, facets, sort, label): (&str, &str, &[&str], &str, &str) =
            match kind {
                Kind::Account => ("Accounts", "Every identity the archive holds: the owner of each dump (is_owner) and every other account that appears in it.", &["network", "is_owner", "verified"], "id", "handle"),
                Kind::Post => ("Posts", "Everything published: posts, replies, reposts, comments, blog posts; with their audience (visibility) and, when deleted, deleted_at.", &["network", "visibility", "author", "lang", "status"], "created_at", "text"),
                Kind::Media => ("Media", "Photos, videos, gifs, audio and documents; path is the file inside the archive, missing is 1 when the dump named a file it did not hold.", &["network", "kind", "mime", "missing"], "id", "original_path"),
                Kind::Relationship => ("Relationships", "Read each row as: subject has object as its kind (follower, following, block, mute, connection, list membership).", &["network", "kind"], "id", "object"),
                Kind::Reaction => ("Reactions", "Likes, bookmarks, emoji reactions and votes: actor reacted to target.", &["network", "kind", "emoji"], "created_at", "target"),
                Kind::Conversation => ("Conversations", "Direct-message threads and group chats (private).", &["network", "group"], "id", "title"),
                Kind::Message => ("Messages", "Direct messages, one row each, in their conversation (private).", &["network", "conversation", "sender"], "sent_at", "text"),
            };
        let mut t = serde_json::json!({
            "title": title,
            "description": description,
            "facets": facets,
            "label_column": label,
            "columns": column_docs(kind),
        });
        if matches!(kind, Kind::Post | Kind::Message | Kind::Reaction) {
            t["sort_desc"] = Value::from(sort);
        } else {
            t["sort"] = Value::from(sort);
        }
        if matches!(kind, Kind::Post | Kind::Message) {
            t["fts_table"] = Value::from(format!("{}_fts", table_name(kind)));
            t["fts_pk"] = Value::from("rowid");
        }
        tables.insert(table_name(kind).to_string(), t);
    }
    for (t, own, _) in ID_TABLES {
        tables.insert(
            t.to_string(),
            serde_json::json!({
                "description": format!("Every id of {own} the archive knows: in_archive 1 for its own records, 0 for ids only named by another record (a reply to someone else's post). The foreign keys point here."),
                "facets": ["in_archive"],
            }),
        );
    }
    tables.insert(
        "post_media".into(),
        serde_json::json!({"description": "The media of each post, in order (position)."}),
    );
    tables.insert("post_tags".into(), serde_json::json!({"description": "The hashtags of each post, one row each.", "facets": ["tag"]}));
    serde_json::json!({
        "title": "lifeboat archive",
        "description": "A social-network archive exported by lifeboat: one table per record kind (accounts, posts, media, relationships, reactions, conversations, messages). Records keep their lifeboat id (<network>:<kind>:<native id>); nested fields and ext (the source's unmapped fields) are JSON text.",
        "source": "lifeboat",
        "databases": {
            db: {
                "title": "lifeboat archive",
                "tables": tables,
                "queries": {
                    "posts_per_month": {
                        "title": "Posts per network per month",
                        "sql": "SELECT network, substr(created_at, 1, 7) AS month, count(*) AS posts FROM posts GROUP BY network, month ORDER BY month, network",
                    },
                    "who_messaged_whom": {
                        "title": "Who messaged whom: messages by sender and conversation",
                        "sql": "SELECT m.sender, m.conversation, c.participants, count(*) AS messages FROM messages m LEFT JOIN conversations c ON c.id = m.conversation GROUP BY m.sender, m.conversation ORDER BY messages DESC",
                    },
                    "threads": {
                        "title": "Threads: every post under its root",
                        "sql": "SELECT root, depth, id, author, created_at, text FROM threads ORDER BY root, depth, created_at",
                    }
                }
            }
        }
    })
}

/// What the main columns of a kind's table hold.
fn column_docs(kind: Kind) -> Value {
    let mut m = serde_json::Map::new();
    for c in columns(kind) {
        let d = match *c {
            "id" => "lifeboat record id: <network>:<kind>:<native id>",
            "network" => "the network the record comes from",
            "created_at" | "sent_at" | "since" | "edited_at" | "deleted_at" => "UTC time, RFC 3339",
            "author" | "sender" | "actor" | "subject" => "account record id",
            "visibility" => "public, unlisted, followers, private, direct or unknown",
            "text" => "the text: entities decoded, short links expanded",
            "html" => "the original markup, when the source had markup",
            "reply_to" => "record id of the post (or message) this one answers",
            "media" | "attached_to" => "record ids, separated by spaces",
            "tags" => "hashtags without #, separated by spaces",
            "source" => "where in the dump the record came from (entry, index), JSON",
            "ext" => "every source field the model does not map, verbatim, JSON",
            "raw_times" => "times as the source wrote them, when not RFC 3339 UTC, JSON",
            "kind" => match kind {
                Kind::Media => "photo, video, gif, audio or document",
                Kind::Relationship => "follower, following, block, mute, connection, list_member…",
                _ => "like, bookmark, emoji, vote…",
            },
            _ => continue,
        };
        m.insert(c.to_string(), Value::from(d));
    }
    Value::Object(m)
}
