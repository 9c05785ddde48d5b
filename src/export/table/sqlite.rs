//! One SQLite database: a table per record kind, with the id tables and foreign keys.

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
