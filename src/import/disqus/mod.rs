//! Disqus comment exports (`<forum>-<date>-all.xml.gz`): a `<disqus>` root with flat
//! lists of `<category>`, `<thread>` and `<post>` elements, ids in `dsq:id`
//! attributes. D1 (to 2018) adds author e-mail and IP addresses; the schema is
//! otherwise the same.
//!
//! Design (see `formats/disqus/README.md`):
//! - a `<thread>` (the page that was commented on) is a `post` record
//!   `disqus:post:thread-<dsq:id>` with the page's `url` and `title`, `ext.kind` =
//!   `page`; a thread a post refers to but the file lacks gets a stub record, so every
//!   `reply_to` resolves;
//! - a `<post>` (a comment) is a `post` replying to its `<parent>` or, at top level,
//!   to its thread's record;
//! - `isSpam` → `status: spam`, `visibility: private`; `isDeleted` → `deleted_at`
//!   (the export does not say when: the export date from the file name when it has
//!   one, otherwise the comment's own time, flagged in `ext.deleted_at_estimated`);
//! - authors: `disqus:account:<username>`, guests `disqus:account:guest/<name>`;
//!   categories go into the forum's account.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;

use serde_json::{json, Map, Value};

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{record_id, Ext, Kind, Post, Record, Source, Timestamp, Visibility};
use crate::read::blog::{self, push_multi, set_body, Accounts};
use crate::read::xml::{self, Node, XmlReader};

const NET: &str = "disqus";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "D1 export (~2010-2018): author e-mail and IP addresses included",
    "D2 export (2018-): the same schema without e-mail and IP; delivered as .xml.gz",
];

/// disqus: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "disqus",
    description: "Disqus comment export (<forum>-<date>-all.xml.gz)",
    generations: GENERATIONS,
    detect,
    sniff: Some(sniff),
    make,
};

fn name_score(name: &str) -> u8 {
    if blog::is_junk(name) {
        return 0;
    }
    let f = blog::file_lower(name);
    if !f.ends_with(".xml") {
        return 0;
    }
    if f.contains("disqus") {
        90
    } else if f.ends_with("-all.xml") {
        60
    } else {
        0
    }
}

/// How sure we are that the entries are a Disqus export (by entry names).
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    entries
        .iter()
        .map(|e| name_score(&e.name))
        .max()
        .filter(|&s| s > 0)
}

/// How sure we are that an XML entry is a Disqus export, from its first bytes.
pub(crate) fn sniff(_name: &str, head: &[u8]) -> Option<u8> {
    (xml::root_name(head)? == "disqus").then_some(90)
}

pub(crate) fn make(_entries: &[Entry]) -> Box<dyn Importer> {
    Box::new(Disqus::default())
}

/// The Disqus importer.
#[derive(Default)]
pub struct Disqus {
    forum: Option<String>,
    categories: Map<String, Value>,
    accounts: Accounts,
    /// Thread records emitted, by dsq:id.
    threads: HashSet<String>,
    /// Threads referred to by posts (dsq:id → where first referred to).
    thread_refs: BTreeMap<String, Source>,
    /// Comment ids emitted and parents referred to.
    posts: HashSet<String>,
    parents: HashSet<String>,
    /// When the export was made, from the entry name (`…-2024-05-01T10_00_00.000000-all.xml`).
    exported_at: Option<Timestamp>,
    seen_root: bool,
    /// A thread or post was read, or a file read to its end (the forum's account is
    /// made only then).
    read_any: bool,
    d1: bool,
}

/// `true`/`false` children.
fn flag(n: &Node, name: &str) -> bool {
    n.text_of(name)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The export time in a Disqus file name (`<forum>-YYYY-MM-DDTHH_MM_SS.ffffff-all.xml`).
fn export_time(name: &str) -> Option<Timestamp> {
    let f = blog::file_lower(name);
    let i = f
        .char_indices()
        .filter(|(_, c)| *c == 't')
        .map(|(i, _)| i)
        .find(|&i| i >= 10 && f.get(i - 10..i).is_some_and(is_date))?;
    let date = f.get(i - 10..i)?;
    let time = f.get(i + 1..i + 9)?.replace('_', ":");
    Timestamp::parse(&format!("{date}T{time}Z")).map(|(t, _)| t)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl Disqus {
    /// The account of an `<author>`.
    fn author(&mut self, n: &Node, entry: &str, index: u64) -> String {
        let Some(a) = n.child("author") else {
            let acc = blog::account(NET, "guest/anonymous", Source::at(entry, index));
            let id = acc.id.clone();
            self.accounts.stub(acc);
            return id;
        };
        let name = a.text_of("name").map(str::to_string);
        let username = a.text_of("username").map(str::to_string);
        let native = match &username {
            Some(u) => u.clone(),
            None => format!("guest/{}", name.as_deref().unwrap_or("anonymous")),
        };
        let mut acc = blog::account(NET, &native, Source::at(entry, index));
        acc.handle = username;
        acc.display_name = name;
        let mut ext = Ext::default();
        for c in &a.children {
            if !matches!(c.name.as_str(), "name" | "username") && !c.text.trim().is_empty() {
                ext.insert(&c.name, c.to_json());
            }
            if c.name == "email" {
                self.d1 = true;
            }
        }
        acc.ext = ext;
        let id = acc.id.clone();
        self.accounts.stub(acc);
        id
    }

    /// Unmapped children into `ext`.
    fn ext_of(n: &Node, mapped: &[&str]) -> Map<String, Value> {
        let mut m = Map::new();
        for c in &n.children {
            if mapped.contains(&c.name.as_str()) {
                continue;
            }
            let v = c.to_json();
            if !v.as_str().is_some_and(str::is_empty) {
                push_multi(&mut m, &c.name, v);
            }
        }
        m
    }

    fn deletion(
        &self,
        created: Option<Timestamp>,
        ext: &mut Map<String, Value>,
    ) -> Option<Timestamp> {
        if let Some(t) = self.exported_at {
            ext.insert(
                "deleted_at_estimated".into(),
                json!("upper bound: the export time (the export does not say when)"),
            );
            return Some(t);
        }
        ext.insert(
            "deleted_at_estimated".into(),
            json!("lower bound: the creation time (the export does not say when)"),
        );
        created
    }

    fn thread(&mut self, n: Node, entry: &str, index: u64, cx: &mut Context) -> Result<()> {
        let loc = format!("{entry}#thread{index}");
        let Some(tid) = n.attr("id").map(str::to_string) else {
            cx.report
                .skipped(Kind::Post, "<thread> without dsq:id", loc);
            return Ok(());
        };
        // a second thread with a taken id is kept too (the id guard derives its id)
        self.threads.insert(tid.clone());
        if self.forum.is_none() {
            self.forum = n.text_of("forum").map(str::to_string);
        }
        let author = self.author(&n, entry, index);
        let mut p = Post {
            id: record_id(NET, Kind::Post, &format!("thread-{tid}")),
            network: NET.into(),
            author,
            source: Source::at(entry, index),
            visibility: Visibility::Public,
            ..Post::default()
        };
        p.title = n
            .text_of("title")
            .map(|t| crate::read::text::decode_entities(t).into_owned());
        p.url = n.text_of("link").map(str::to_string);
        let (t, raw) = blog::time(n.text_of("createdAt"));
        p.created_at = t;
        if let Some(raw) = raw {
            p.raw_times.insert("created_at".into(), raw);
        }
        if let Some(m) = n.child("message").map(|m| m.text.clone()) {
            set_body(&mut p, m);
        }
        let mut ext = Self::ext_of(
            &n,
            &[
                "title",
                "link",
                "createdAt",
                "message",
                "author",
                "category",
            ],
        );
        ext.insert("kind".into(), json!("page"));
        ext.insert("dsq_id".into(), json!(tid));
        if let Some(cat) = n.child("category").and_then(|c| c.attr("id")) {
            ext.insert("category".into(), json!(cat));
        }
        if flag(&n, "isDeleted") {
            p.deleted_at = self.deletion(p.created_at, &mut ext);
        }
        if n.child("ipAddress").is_some() {
            self.d1 = true;
        }
        p.ext = Ext::from_map(ext);
        cx.emit(Record::Post(p))
    }

    fn post(&mut self, n: Node, entry: &str, index: u64, cx: &mut Context) -> Result<()> {
        let loc = format!("{entry}#post{index}");
        let Some(pid) = n.attr("id").map(str::to_string) else {
            cx.report.skipped(Kind::Post, "<post> without dsq:id", loc);
            return Ok(());
        };
        // a second post with a taken id is kept too (the id guard derives its id)
        self.posts.insert(pid.clone());
        let author = self.author(&n, entry, index);
        let mut p = Post {
            id: record_id(NET, Kind::Post, &pid),
            network: NET.into(),
            author,
            source: Source::at(entry, index),
            ..Post::default()
        };
        let (t, raw) = blog::time(n.text_of("createdAt"));
        p.created_at = t;
        if let Some(raw) = raw {
            p.raw_times.insert("created_at".into(), raw);
        }
        if let Some(m) = n.child("message").map(|m| m.text.clone()) {
            set_body(&mut p, m);
        }
        let mut ext = Self::ext_of(
            &n,
            &[
                "message",
                "createdAt",
                "author",
                "thread",
                "parent",
                "isDeleted",
                "isSpam",
            ],
        );
        ext.insert("dsq_id".into(), json!(pid));
        let thread = n
            .child("thread")
            .and_then(|t| t.attr("id"))
            .map(str::to_string);
        if let Some(t) = &thread {
            ext.insert(
                "thread".into(),
                json!(record_id(NET, Kind::Post, &format!("thread-{t}"))),
            );
            if !self.threads.contains(t) {
                self.thread_refs
                    .entry(t.clone())
                    .or_insert_with(|| Source::at(entry, index));
            }
        }
        let parent = n
            .child("parent")
            .and_then(|t| t.attr("id"))
            .map(str::to_string);
        p.reply_to = match (&parent, &thread) {
            (Some(par), _) => {
                self.parents.insert(par.clone());
                Some(record_id(NET, Kind::Post, par))
            }
            (None, Some(t)) => Some(record_id(NET, Kind::Post, &format!("thread-{t}"))),
            (None, None) => None,
        };
        if flag(&n, "isSpam") {
            p.visibility = Visibility::Private;
            p.status = Some("spam".into());
        } else {
            p.visibility = Visibility::Public;
        }
        if flag(&n, "isDeleted") {
            p.deleted_at = self.deletion(p.created_at, &mut ext);
        }
        if n.child("ipAddress").is_some() {
            self.d1 = true;
        }
        p.ext = Ext::from_map(ext);
        cx.emit(Record::Post(p))
    }
}

impl Importer for Disqus {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        "Disqus export".into()
    }

    fn plan(&mut self, entry: &Entry) -> Plan {
        if blog::is_junk(&entry.name) {
            return Plan::Ignore {
                reason: "macOS resource fork or Finder file".into(),
            };
        }
        if blog::file_lower(&entry.name).ends_with(".xml") {
            Plan::Parse {
                phase: 10,
                role: "disqus export".into(),
            }
        } else {
            Plan::Carry {
                role: "not a Disqus export".into(),
            }
        }
    }

    fn parse(&mut self, entry: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let name = entry.name.as_str();
        if self.exported_at.is_none() {
            self.exported_at = export_time(name);
        }
        let mut x = XmlReader::new(r, name).limit(cx.limits.max_field_bytes);
        let (mut nt, mut np, mut nc) = (0u64, 0u64, 0u64);
        let before: u64 = cx.report.records.values().map(|c| c.read).sum();
        let res: std::result::Result<(), xml::XmlError> = (|| {
            while let Some(open) = x.next_open()? {
                match open.depth {
                    0 => {
                        if open.node.name != "disqus" {
                            let why = format!("root element <{}> is not <disqus>", open.node.name);
                            cx.report.warn(format!("{name}: {why}; entry not read"));
                            cx.report.unreadable(name, x.position(), why);
                            return Ok(());
                        }
                        self.seen_root = true;
                    }
                    1 => {
                        let node = x.collect(open)?;
                        let fatal = xml::XmlError::Fatal;
                        match node.name.as_str() {
                            "thread" => {
                                self.read_any = true;
                                self.thread(node, name, nt, cx).map_err(fatal)?;
                                nt += 1;
                            }
                            "post" => {
                                self.read_any = true;
                                self.post(node, name, np, cx).map_err(fatal)?;
                                np += 1;
                            }
                            "category" => {
                                if self.forum.is_none() {
                                    self.forum = node.text_of("forum").map(str::to_string);
                                }
                                let id = node
                                    .attr("id")
                                    .map(str::to_string)
                                    .unwrap_or_else(|| format!("#{nc}"));
                                self.categories.insert(id, node.to_json());
                                nc += 1;
                            }
                            other => {
                                let raw = serde_json::to_vec(&node.to_json()).unwrap_or_default();
                                let why =
                                    format!("<{other}> is not a Disqus category, thread or post");
                                cx.sink
                                    .keep_raw(Kind::Post, &format!("{name}#{other}"), &why, &raw)
                                    .map_err(fatal)?;
                                cx.report.kept_raw(Kind::Post);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(())
        })();
        match res {
            Err(e) => xml::parse_failure(e, Kind::Post, name, cx.report)?,
            Ok(()) if self.seen_root => self.read_any = true,
            Ok(()) => {}
        }
        xml::finish_entry(&x, name, cx.report);
        let after: u64 = cx.report.records.values().map(|c| c.read).sum();
        Ok(after - before)
    }

    fn media(&mut self, _: &Entry, _: &Stored, _: &mut Context) -> Result<()> {
        Ok(())
    }

    /// A Disqus export is the whole forum: every thread and every comment, with their
    /// authors.
    fn covers(&self, _entry: &str, _role: &str) -> super::Cover {
        super::Cover::Complete(&["post", "account"])
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        cx.report.generation = if self.d1 {
            "D1 export (with e-mail/IP)".into()
        } else {
            "D2 export (no e-mail/IP)".into()
        };
        // threads the posts refer to but the file lacks: stubs, so reply_to resolves
        let missing: Vec<(String, Source)> = std::mem::take(&mut self.thread_refs)
            .into_iter()
            .filter(|(t, _)| !self.threads.contains(t))
            .collect();
        if !missing.is_empty() {
            cx.report.warn(format!(
                "{} threads referred to by comments are not in the export; stub page records stand in for them",
                missing.len()
            ));
        }
        for (t, source) in missing {
            let mut ext = Ext::default();
            ext.insert("kind", json!("page"));
            ext.insert("dsq_id", json!(t));
            ext.insert("missing_from_export", json!(true));
            let p = Post {
                id: record_id(NET, Kind::Post, &format!("thread-{t}")),
                network: NET.into(),
                author: record_id(NET, Kind::Account, "guest/anonymous"),
                source,
                ext,
                ..Post::default()
            };
            self.accounts
                .stub(blog::account(NET, "guest/anonymous", Source::entry("")));
            cx.emit(Record::Post(p))?;
        }
        let orphans = self
            .parents
            .iter()
            .filter(|p| !self.posts.contains(*p))
            .count();
        if orphans > 0 {
            cx.report.warn(format!(
                "{orphans} comments reply to a parent comment that is not in the export"
            ));
        }
        if self.seen_root && self.read_any {
            let forum = self.forum.clone().unwrap_or_else(|| "forum".into());
            let mut a = blog::account(NET, &format!("forum/{forum}"), Source::entry(""));
            a.is_owner = true;
            a.handle = self.forum.clone();
            let mut ext = Ext::default();
            if !self.categories.is_empty() {
                ext.insert(
                    "categories",
                    Value::Object(std::mem::take(&mut self.categories)),
                );
            }
            a.ext = ext;
            if let Some(a) = self.accounts.full(a) {
                cx.emit(Record::Account(a))?;
            }
        }
        for a in self.accounts.take_stubs() {
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_time_from_the_file_name() {
        let t = export_time("acme-corp-blog-2024-05-01T10_00_00.000000-all.xml").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-05-01T10:00:00Z");
        assert!(export_time("disqus-export-2024.xml").is_none());
        assert_eq!(name_score("disqus-isso.xml"), 90);
        assert_eq!(name_score("acme-2024-05-01T10_00_00.000000-all.xml"), 60);
    }
}
