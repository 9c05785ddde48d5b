//! The columns of each kind's Parquet files: the record's fields in model order (as the
//! CSV and SQLite exports have them), typed; then where the record came from.
//!
//! The network and the owner account are not columns: they are the `network=` and
//! `account=` partitions of the file's path (Hive style, read back as columns by
//! DuckDB, Spark, pyarrow); the record id begins with the network.

use serde::Serialize;

use super::writer::{Cell, Col, Ty};
use crate::model::{
    Account, Conversation, Ext, Kind, Media, Message, Post, Reaction, Record, Relationship, Source,
    Timestamp, Visibility,
};

/// The version of this schema, written into every file's key-value metadata
/// (`lifeboat.parquet_schema`). A column added at the end is a minor change; a column
/// renamed, retyped or removed is a new major version.
pub(crate) const SCHEMA: &str = "2.0";

/// Where a record came from, beside its [`Source`]: the dump, and the archive.
#[derive(Clone, Debug, Default)]
pub(crate) struct Origin {
    /// The dump's id in the archive (`data/sources/<id>`).
    pub dump: Option<String>,
    /// The dump's SHA-256.
    pub sha256: Option<String>,
    /// The archive's name.
    pub archive: String,
    /// The archive's id ([`crate::Archive::id`]).
    pub archive_id: String,
}

/// A row being built: its columns and cells.
struct Row(Vec<(Col, Cell)>);

impl Row {
    fn add(&mut self, name: &'static str, ty: Ty, cell: Cell) -> &mut Self {
        self.0.push((Col { name, ty }, cell));
        self
    }
    fn req(&mut self, name: &'static str, s: &str) -> &mut Self {
        self.add(name, Ty::ReqStr, Cell::Str(s.to_string()))
    }
    fn opt(&mut self, name: &'static str, s: &Option<String>) -> &mut Self {
        self.add(name, Ty::Str, s.clone().map_or(Cell::Null, Cell::Str))
    }
    fn ts(&mut self, name: &'static str, t: &Option<Timestamp>) -> &mut Self {
        let c = t
            .and_then(|t| t.millis().checked_mul(1000))
            .map_or(Cell::Null, Cell::Int);
        self.add(name, Ty::Ts, c)
    }
    fn list(&mut self, name: &'static str, l: &[String]) -> &mut Self {
        self.add(name, Ty::List, Cell::List(l.to_vec()))
    }
    /// A nested field as JSON text; null when empty.
    fn json<T: Serialize>(&mut self, name: &'static str, v: &T, empty: bool) -> &mut Self {
        let c = if empty {
            Cell::Null
        } else {
            serde_json::to_string(v).map_or(Cell::Null, Cell::Str)
        };
        self.add(name, Ty::Json, c)
    }
    fn ext(&mut self, e: &Ext) -> &mut Self {
        self.json("ext", e, e.is_empty())
    }
    fn flag(&mut self, name: &'static str, b: bool) -> &mut Self {
        self.add(name, Ty::ReqBool, Cell::Bool(b))
    }
    fn opt_flag(&mut self, name: &'static str, b: Option<bool>) -> &mut Self {
        self.add(name, Ty::Bool, b.map_or(Cell::Null, Cell::Bool))
    }
    fn int(&mut self, name: &'static str, n: Option<u64>) -> &mut Self {
        let c = n
            .map(|n| i64::try_from(n).unwrap_or(i64::MAX))
            .map_or(Cell::Null, Cell::Int);
        self.add(name, Ty::Int, c)
    }
    fn raw_times(&mut self, t: &crate::model::RawTimes) -> &mut Self {
        self.json("raw_times", t, t.is_empty())
    }
    fn source(&mut self, s: &Source, o: &Origin) -> &mut Self {
        self.opt("source_dump", &o.dump)
            .opt("source_sha256", &o.sha256)
            .req("source_entry", &s.entry)
            .int("source_index", s.index)
            .opt("source_pointer", &s.pointer)
            .opt("source_absent_since", &s.absent_since)
            .opt("source_last_seen_in", &s.last_seen_in)
            .req("archive", &o.archive)
            .req("archive_id", &o.archive_id)
    }
}

/// The model's name of a visibility (`followers`).
fn visibility(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Unlisted => "unlisted",
        Visibility::Followers => "followers",
        Visibility::Private => "private",
        Visibility::Direct => "direct",
        Visibility::Unknown => "unknown",
    }
}

/// A record's columns and cells, in column order.
pub(crate) fn row(r: &Record, o: &Origin) -> Vec<(Col, Cell)> {
    let mut w = Row(Vec::with_capacity(40));
    match r {
        Record::Account(a) => account(&mut w, a, o),
        Record::Post(p) => post(&mut w, p, o),
        Record::Media(m) => media(&mut w, m, o),
        Record::Relationship(x) => relationship(&mut w, x, o),
        Record::Reaction(x) => reaction(&mut w, x, o),
        Record::Conversation(c) => conversation(&mut w, c, o),
        Record::Message(m) => message(&mut w, m, o),
    }
    w.0
}

/// The columns of a kind's files.
pub(crate) fn columns(kind: Kind) -> Vec<Col> {
    let r = match kind {
        Kind::Account => Record::Account(Account::default()),
        Kind::Post => Record::Post(Post::default()),
        Kind::Media => Record::Media(Media::default()),
        Kind::Relationship => Record::Relationship(Relationship::default()),
        Kind::Reaction => Record::Reaction(Reaction::default()),
        Kind::Conversation => Record::Conversation(Conversation::default()),
        Kind::Message => Record::Message(Message::default()),
    };
    row(&r, &Origin::default())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

fn account(w: &mut Row, a: &Account, o: &Origin) {
    w.req("id", &a.id)
        .opt("handle", &a.handle)
        .opt("display_name", &a.display_name)
        .opt("url", &a.url)
        .flag("is_owner", a.is_owner)
        .ts("created_at", &a.created_at)
        .opt("bio", &a.bio)
        .opt("location", &a.location)
        .opt("website", &a.website)
        .opt("avatar_url", &a.avatar_url)
        .opt("header_url", &a.header_url)
        .opt_flag("verified", a.verified)
        .opt_flag("protected", a.protected)
        .json(
            "handle_history",
            &a.handle_history,
            a.handle_history.is_empty(),
        )
        .raw_times(&a.raw_times)
        .source(&a.source, o)
        .ext(&a.ext);
}

fn post(w: &mut Row, p: &Post, o: &Origin) {
    w.req("id", &p.id)
        .req("author", &p.author)
        .ts("created_at", &p.created_at)
        .req("visibility", visibility(p.visibility))
        .req("text", &p.text)
        .opt("html", &p.html)
        .opt("title", &p.title)
        .opt("content_warning", &p.content_warning)
        .opt("lang", &p.lang)
        .opt("url", &p.url)
        .opt("reply_to", &p.reply_to)
        .opt("reply_to_account", &p.reply_to_account)
        .opt("quote_of", &p.quote_of)
        .opt("repost_of", &p.repost_of)
        .opt("repost_of_account", &p.repost_of_account)
        .opt("status", &p.status)
        .list("media", &p.media)
        .json("links", &p.links, p.links.is_empty())
        .json("mentions", &p.mentions, p.mentions.is_empty())
        .list("tags", &p.tags)
        .list("symbols", &p.symbols)
        .json("styles", &p.styles, p.styles.is_empty())
        .opt("client", &p.client)
        .json("metrics", &p.metrics, p.metrics.is_empty())
        .opt_flag("sensitive", p.sensitive)
        .opt("community", &p.community)
        .ts("edited_at", &p.edited_at)
        .ts("deleted_at", &p.deleted_at)
        .json("history", &p.history, p.history.is_empty())
        .raw_times(&p.raw_times)
        .source(&p.source, o)
        .ext(&p.ext);
}

fn media(w: &mut Row, m: &Media, o: &Origin) {
    w.req("id", &m.id)
        .req("kind", &m.kind)
        .opt("mime", &m.mime)
        .opt("sha256", &m.sha256)
        .int("bytes", m.bytes)
        .opt("path", &m.path)
        .opt("original_path", &m.original_path)
        .opt("alt_text", &m.alt_text)
        .opt("original_url", &m.original_url)
        .list("attached_to", &m.attached_to)
        .flag("missing", m.missing)
        .source(&m.source, o)
        .ext(&m.ext);
}

fn relationship(w: &mut Row, x: &Relationship, o: &Origin) {
    w.req("id", &x.id)
        .req("kind", &x.kind)
        .req("subject", &x.subject)
        .req("object", &x.object)
        .ts("since", &x.since)
        .raw_times(&x.raw_times)
        .source(&x.source, o)
        .ext(&x.ext);
}

fn reaction(w: &mut Row, x: &Reaction, o: &Origin) {
    w.req("id", &x.id)
        .req("kind", &x.kind)
        .req("actor", &x.actor)
        .req("target", &x.target)
        .opt("emoji", &x.emoji)
        .ts("created_at", &x.created_at)
        .opt("target_text", &x.target_text)
        .opt("target_url", &x.target_url)
        .raw_times(&x.raw_times)
        .source(&x.source, o)
        .ext(&x.ext);
}

fn conversation(w: &mut Row, c: &Conversation, o: &Origin) {
    w.req("id", &c.id)
        .list("participants", &c.participants)
        .opt("title", &c.title)
        .flag("group", c.group)
        .json("events", &c.events, c.events.is_empty())
        .int("message_count", Some(c.message_count))
        .source(&c.source, o)
        .ext(&c.ext);
}

fn message(w: &mut Row, m: &Message, o: &Origin) {
    w.req("id", &m.id)
        .req("conversation", &m.conversation)
        .req("sender", &m.sender)
        .list("recipients", &m.recipients)
        .ts("sent_at", &m.sent_at)
        .req("text", &m.text)
        .list("media", &m.media)
        .json("links", &m.links, m.links.is_empty())
        .opt("reply_to", &m.reply_to)
        .flag("encrypted", m.encrypted)
        .json("history", &m.history, m.history.is_empty())
        .raw_times(&m.raw_times)
        .source(&m.source, o)
        .ext(&m.ext);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every model field has its column (the network is the partition), and the
    /// source columns close every kind's files.
    #[test]
    fn every_field_has_a_column() {
        for kind in Kind::ALL {
            let cols: Vec<&str> = columns(kind).iter().map(|c| c.name).collect();
            let mut want: Vec<String> = crate::export::table::columns(kind)
                .iter()
                .filter(|c| !matches!(**c, "network" | "source"))
                .map(|c| c.to_string())
                .collect();
            // the CSV's extra `visibility` of messages is no model field
            if kind == Kind::Message {
                want.retain(|c| c != "visibility");
            }
            for c in &want {
                assert!(cols.contains(&c.as_str()), "{kind:?}: no column {c}");
            }
            for c in [
                "source_dump",
                "source_sha256",
                "source_entry",
                "source_index",
                "archive",
                "archive_id",
            ] {
                assert!(cols.contains(&c), "{kind:?}: no column {c}");
            }
            assert_eq!(cols.first(), Some(&"id"));
            let mut seen = std::collections::HashSet::new();
            assert!(
                cols.iter().all(|c| seen.insert(*c)),
                "{kind:?}: a name twice"
            );
        }
    }
}
