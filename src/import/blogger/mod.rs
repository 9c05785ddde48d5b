//! Blogger (blogspot) exports, both Atom dialects:
//!
//! - **B1, the classic export** (2008–~2020, `blog-MM-DD-YYYY.xml`): GData Atom whose
//!   entries are typed by `<category scheme="…/g/2005#kind" term="…#post|page|comment|
//!   settings|template">`; drafts carry `app:control/app:draft`; comments point at their
//!   post with `thr:in-reply-to` and at a parent comment with a `rel="related"` link.
//! - **B2, Takeout** (2019/2020–, `Takeout/Blogger/Blogs/<blog>/feed.atom`): entries
//!   typed by `blogger:type` (`POST`, `PAGE`, `COMMENT`) with `blogger:status`,
//!   `blogger:parent` and `blogger:inReplyTo`.
//!
//! Both markers are accepted on any entry (tools mix them). Posts, pages and comments
//! become `post` records (comments reply to their parent comment or post); settings
//! go into the blog's account; the template is kept raw. See
//! `formats/blogger/README.md`.

use std::collections::HashSet;
use std::io::Read;

use serde_json::{json, Map, Value};

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{record_id, Ext, Kind, Post, Record, Source, Visibility};
use crate::read::blog::{self, push_multi, set_body, Accounts};
use crate::read::xml::{self, Node, Ns, XmlReader};

const NET: &str = "blogger";
const KIND_SCHEME: &str = "http://schemas.google.com/g/2005#kind";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "B1 classic export (2008-~2020): blog-MM-DD-YYYY.xml, entries typed by kind# categories",
    "B2 Takeout / new-UI backup (2019-): Takeout/Blogger/Blogs/<blog>/feed.atom, entries typed by blogger:type",
];

/// blogger: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "blogger",
    description: "Blogger export (Takeout feed.atom and the classic blog-MM-DD-YYYY.xml)",
    generations: GENERATIONS,
    detect,
    sniff: Some(sniff),
    make,
};

fn is_classic_name(f: &str) -> bool {
    // blog-MM-DD-YYYY.xml
    let b = f.as_bytes();
    f.len() == 19
        && f.starts_with("blog-")
        && f.ends_with(".xml")
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-'
        && b[11..15].iter().all(u8::is_ascii_digit)
}

fn name_score(name: &str) -> u8 {
    if blog::is_junk(name) {
        return 0;
    }
    let f = blog::file_lower(name);
    if f == "feed.atom" && name.contains("Blogger/") {
        95
    } else if f == "feed.atom" || is_classic_name(&f) {
        85
    } else if f.len() >= 19 && f.get(f.len() - 19..).is_some_and(is_classic_name) {
        // `<something>-blog-MM-DD-YYYY.xml`, as users rename them
        80
    } else if f.contains("blogger") && (f.ends_with(".xml") || f.ends_with(".atom")) {
        70
    } else {
        0
    }
}

/// How sure we are that the entries are a Blogger export (by entry names).
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    entries
        .iter()
        .map(|e| name_score(&e.name))
        .max()
        .filter(|&s| s > 0)
}

/// How sure we are that an XML entry is a Blogger export, from its first bytes.
pub(crate) fn sniff(_name: &str, head: &[u8]) -> Option<u8> {
    if xml::root_name(head)? != "feed" {
        return None;
    }
    let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
    (has(b"schemas.google.com/blogger/2018") || has(b"tag:blogger.com,1999:blog-")).then_some(80)
}

pub(crate) fn make(_entries: &[Entry]) -> Box<dyn Importer> {
    Box::new(Blogger::default())
}

/// The Blogger importer.
#[derive(Default)]
pub struct Blogger {
    /// Numeric blog id.
    blog_id: Option<String>,
    title: Option<String>,
    /// The blog's address (B1 `alternate` link).
    url: Option<String>,
    b1: bool,
    b2: bool,
    settings: Map<String, Value>,
    accounts: Accounts,
    ids: HashSet<String>,
    seen_feed: bool,
    /// Drafts marked by an `app:draft` whose prefix no `xmlns:app` binds.
    unbound_drafts: u64,
    /// Entries marked both `blogger:status` LIVE and `app:draft` yes.
    conflicting_drafts: u64,
    /// An entry was read, or a feed read to its end (the blog's account is made only
    /// then).
    read_any: bool,
}

/// The numeric id after `.post-` / `.page-` (or `-post-`) at the end of an Atom id.
fn num_id(s: &str) -> Option<&str> {
    let s = s.trim();
    for marker in ["post-", "page-"] {
        if let Some(i) = s.rfind(marker) {
            let before = s[..i].chars().last();
            let n = &s[i + marker.len()..];
            if matches!(before, Some('.') | Some('-'))
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
            {
                return Some(n);
            }
        }
    }
    None
}

/// The entry's `app:control/app:draft`: whether it says `yes`, and whether its
/// prefix was bound to the Atom publishing namespace. An unbound `app:` prefix (a
/// classic export that never declares it) is still read: the element can mean
/// nothing else, and reading a draft as public is the one mistake not to make.
fn draft_marker(e: &Node) -> Option<(bool, bool)> {
    let app = |n: &Node| matches!(n.ns, Ns::App | Ns::Unbound);
    let control = e.children.iter().find(|c| c.name == "control" && app(c))?;
    let d = control
        .children
        .iter()
        .find(|c| c.name == "draft" && app(c))?;
    let yes = d.text.trim().eq_ignore_ascii_case("yes");
    Some((yes, control.ns == Ns::App && d.ns == Ns::App))
}

/// What an entry is: `post`, `page`, `comment`, `settings`, `template`, …
fn entry_kind(e: &Node) -> String {
    if let Some(t) = e.text_ns(Ns::Blogger, "type") {
        return t.to_ascii_lowercase();
    }
    for c in e.all("category") {
        if c.attr("scheme") == Some(KIND_SCHEME) {
            if let Some(t) = c.attr("term") {
                return t.rsplit('#').next().unwrap_or("").to_string();
            }
        }
    }
    String::new()
}

impl Blogger {
    fn blog_native(&self) -> String {
        match &self.blog_id {
            Some(id) => format!("blog-{id}"),
            None => "blog".into(),
        }
    }

    fn header(&mut self, n: &Node) {
        match n.name.as_str() {
            "id" => {
                let t = n.text.trim();
                if let Some(i) = t.find("blog-") {
                    let id: String = t[i + 5..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    if !id.is_empty() {
                        self.blog_id = Some(id);
                    }
                }
                if t.ends_with(".archive") {
                    self.b1 = true;
                }
            }
            "title" => self.title = Some(n.text.trim().to_string()).filter(|t| !t.is_empty()),
            "link" if n.attr("rel") == Some("alternate") => {
                self.url = n.attr("href").map(str::to_string);
            }
            _ => {
                let v = n.to_json();
                if !v.as_str().is_some_and(str::is_empty) {
                    push_multi(&mut self.settings, &format!("feed_{}", n.name), v);
                }
            }
        }
    }

    /// The account of an entry's `<author>`.
    fn author(&mut self, e: &Node, entry: &str, index: u64) -> String {
        let Some(a) = e.child("author") else {
            return record_id(NET, Kind::Account, &self.blog_native());
        };
        let name = a.text_of("name").map(str::to_string);
        let uri = a.text_of("uri").map(str::to_string);
        let native = match uri.as_deref() {
            Some(u) if u.contains("/profile/") => {
                format!(
                    "profile/{}",
                    u.rsplit('/').find(|s| !s.is_empty()).unwrap_or(u)
                )
            }
            Some(u) => blog::site_of(u).unwrap_or_else(|| u.to_string()),
            None => format!("guest/{}", name.as_deref().unwrap_or("anonymous")),
        };
        let mut acc = blog::account(NET, &native, Source::at(entry, index));
        acc.display_name = name;
        acc.url = uri;
        let mut ext = Ext::default();
        for c in &a.children {
            if !matches!(c.name.as_str(), "name" | "uri") {
                let v = c.to_json();
                if !v.as_str().is_some_and(str::is_empty) {
                    ext.insert(&c.name, v);
                }
            }
        }
        acc.ext = ext;
        let id = acc.id.clone();
        self.accounts.stub(acc);
        id
    }

    fn entry(&mut self, e: Node, entry: &str, index: u64, cx: &mut Context) -> Result<()> {
        let kind = entry_kind(&e);
        if e.child_ns(Ns::Blogger, "type").is_some() {
            self.b2 = true;
        } else if !kind.is_empty() {
            self.b1 = true;
        }
        let loc = format!("{entry}#entry{index}");
        let atom_id = e.text_of("id").unwrap_or("").to_string();
        match kind.as_str() {
            "post" | "page" | "comment" => {}
            "settings" => {
                let key = atom_id.rsplit(".settings.").next().unwrap_or(&atom_id);
                let v = e
                    .child("content")
                    .map(|c| c.text.trim().to_string())
                    .unwrap_or_default();
                self.settings.insert(key.to_string(), json!(v));
                let raw = serde_json::to_vec(&e.to_json()).unwrap_or_default();
                cx.sink.keep_raw(
                    Kind::Post,
                    &loc,
                    "blog setting (also in the blog's account)",
                    &raw,
                )?;
                cx.report.kept_raw(Kind::Post);
                return Ok(());
            }
            other => {
                let why = if other == "template" {
                    "the blog's layout template".to_string()
                } else {
                    format!("entry of kind {other:?} has no model mapping")
                };
                let raw = serde_json::to_vec(&e.to_json()).unwrap_or_default();
                cx.sink.keep_raw(Kind::Post, &loc, &why, &raw)?;
                cx.report.kept_raw(Kind::Post);
                return Ok(());
            }
        }
        let Some(native) = num_id(&atom_id).map(str::to_string) else {
            cx.report.skipped(
                Kind::Post,
                format!("{kind} entry without a numeric post/page id ({atom_id:?})"),
                loc,
            );
            return Ok(());
        };
        let id = record_id(NET, Kind::Post, &native);
        // a second entry with a taken id is kept too: the import's id guard gives it a
        // derived id and reports it
        self.ids.insert(id.clone());
        let author = self.author(&e, entry, index);
        let mut p = Post {
            id,
            network: NET.into(),
            author,
            source: Source::at(entry, index),
            ..Post::default()
        };
        let (t, raw) = blog::time(e.text_of("published"));
        p.created_at = t;
        if let Some(raw) = raw {
            p.raw_times.insert("created_at".into(), raw);
        }
        let (u, raw) = blog::time(e.text_of("updated"));
        if u.is_some() && u != p.created_at {
            p.edited_at = u;
            if let Some(raw) = raw {
                p.raw_times.insert("edited_at".into(), raw);
            }
        }
        let content = e
            .child("content")
            .map(|c| c.text.clone())
            .unwrap_or_default();
        set_body(&mut p, content);
        let title = e
            .text_of("title")
            .map(|t| crate::read::text::decode_entities(t).into_owned());
        let mut ext = Map::new();
        ext.insert("kind".into(), json!(kind));
        ext.insert("atom_id".into(), json!(atom_id));
        if kind == "comment" {
            // B1 comment titles are the first words of the text, not a title
            if let Some(t) = title {
                ext.insert("title".into(), json!(t));
            }
            let mut parent = e.text_ns(Ns::Blogger, "inReplyTo").and_then(num_id);
            for l in e.all("link") {
                if l.attr("rel") == Some("related") {
                    if let Some(h) = l.attr("href") {
                        let last = h.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                        if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
                            parent = Some(last);
                        }
                    }
                }
            }
            let post = e
                .text_ns(Ns::Blogger, "parent")
                .and_then(num_id)
                .or_else(|| {
                    e.children
                        .iter()
                        .find(|c| c.name == "in-reply-to" && matches!(c.ns, Ns::Thr | Ns::Unbound))
                        .and_then(|r| r.attr("ref"))
                        .and_then(num_id)
                });
            if let Some(post) = post {
                ext.insert("post".into(), json!(record_id(NET, Kind::Post, post)));
            }
            p.reply_to = parent.or(post).map(|n| record_id(NET, Kind::Post, n));
        } else {
            p.title = title;
        }
        // status: B2 blogger:status, B1 app:draft, either's trash marker
        let status = e
            .text_ns(Ns::Blogger, "status")
            .unwrap_or("LIVE")
            .to_ascii_uppercase();
        let draft = match draft_marker(&e) {
            Some((yes, bound)) => {
                if yes && !bound {
                    // a draft must never read as public: the marker counts even when
                    // the file forgot to declare its prefix
                    self.unbound_drafts += 1;
                }
                if yes && status == "LIVE" && e.child_ns(Ns::Blogger, "status").is_some() {
                    self.conflicting_drafts += 1;
                }
                yes
            }
            None => false,
        };
        let trashed = e.text_ns(Ns::Blogger, "trashed").is_some();
        (p.visibility, p.status) = if trashed {
            (Visibility::Private, Some("trashed".into()))
        } else if draft || status == "DRAFT" {
            (Visibility::Private, Some("draft".into()))
        } else if status == "LIVE" {
            (Visibility::Public, None)
        } else if status == "SCHEDULED" {
            (Visibility::Private, Some("scheduled".into()))
        } else {
            (Visibility::Private, Some(status.to_ascii_lowercase()))
        };
        for c in e.all("category") {
            let scheme = c.attr("scheme").unwrap_or("");
            if scheme == KIND_SCHEME {
                continue;
            }
            if let Some(term) = c.attr("term").map(str::trim).filter(|t| !t.is_empty()) {
                if !p.tags.iter().any(|t| t == term) {
                    p.tags.push(term.to_string());
                }
            }
        }
        for l in e.all("link") {
            if l.attr("rel") == Some("alternate") {
                p.url = l.attr("href").map(str::to_string);
            }
        }
        if p.url.is_none() {
            if let (Some(base), Some(f)) = (&self.url, e.text_ns(Ns::Blogger, "filename")) {
                p.url = Some(format!("{}{}", base.trim_end_matches('/'), f));
            }
        }
        for c in &e.children {
            match (c.ns, c.name.as_str()) {
                (Ns::Atom, "id" | "published" | "updated" | "content" | "title" | "author")
                | (Ns::Atom, "category")
                | (Ns::Blogger, "type" | "status" | "parent" | "inReplyTo") => {}
                (ns, name) => {
                    let v = c.to_json();
                    if v.as_str().is_some_and(str::is_empty) {
                        continue;
                    }
                    let key = match ns {
                        Ns::Blogger => format!("blogger_{name}"),
                        _ => name.to_string(),
                    };
                    push_multi(&mut ext, &key, v);
                }
            }
        }
        p.ext = Ext::from_map(ext);
        cx.emit(Record::Post(p))
    }
}

impl Importer for Blogger {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        "Blogger Atom export".into()
    }

    fn plan(&mut self, entry: &Entry) -> Plan {
        if blog::is_junk(&entry.name) {
            return Plan::Ignore {
                reason: "macOS resource fork or Finder file".into(),
            };
        }
        let f = blog::file_lower(&entry.name);
        if f.ends_with(".atom") || f.ends_with(".xml") {
            Plan::Parse {
                phase: 10,
                role: "blogger feed".into(),
            }
        } else {
            Plan::Carry {
                role: "not a Blogger feed (theme, archive browser, …)".into(),
            }
        }
    }

    fn parse(&mut self, entry: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let name = entry.name.as_str();
        let mut x = XmlReader::new(r, name).limit(cx.limits.max_field_bytes);
        let mut n = 0u64;
        let before: u64 = cx.report.records.values().map(|c| c.read).sum();
        let res: std::result::Result<(), xml::XmlError> = (|| {
            while let Some(open) = x.next_open()? {
                match open.depth {
                    0 => {
                        if open.node.name != "feed" {
                            let why =
                                format!("root element <{}> is not an Atom <feed>", open.node.name);
                            cx.report.warn(format!("{name}: {why}; entry not read"));
                            cx.report.unreadable(name, x.position(), why);
                            return Ok(());
                        }
                        self.seen_feed = true;
                    }
                    1 => {
                        let node = x.collect(open)?;
                        if node.name == "entry" {
                            self.read_any = true;
                            self.entry(node, name, n, cx)
                                .map_err(xml::XmlError::Fatal)?;
                            n += 1;
                        } else {
                            self.header(&node);
                        }
                    }
                    _ => {}
                }
            }
            Ok(())
        })();
        match res {
            Err(e) => xml::parse_failure(e, Kind::Post, name, cx.report)?,
            Ok(()) if self.seen_feed => self.read_any = true,
            Ok(()) => {}
        }
        xml::finish_entry(&x, name, cx.report);
        let after: u64 = cx.report.records.values().map(|c| c.read).sum();
        Ok(after - before)
    }

    fn media(&mut self, _: &Entry, _: &Stored, _: &mut Context) -> Result<()> {
        Ok(())
    }

    /// A Blogger export (the classic Settings → Back up content file, or Takeout's
    /// feed.atom) is the whole blog: every post, page and comment, with its typed
    /// entries. An Atom file without them may be a public feed, which is paged.
    fn covers(&self, _entry: &str, _role: &str) -> super::Cover {
        if self.b1 || self.b2 {
            super::Cover::Complete(&["post", "account"])
        } else {
            super::Cover::Unknown(
                "an Atom file without Blogger's typed entries may be a public feed, which holds one page of posts",
            )
        }
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        cx.report.generation = match (self.b1, self.b2) {
            (true, true) => "B1 classic export and B2 Takeout markers mixed",
            (true, false) => "B1 classic export (kind# categories)",
            (false, true) => "B2 Takeout feed.atom (blogger:type)",
            (false, false) => "Blogger Atom (no typed entries found)",
        }
        .into();
        if self.unbound_drafts > 0 {
            cx.report.warn(format!(
                "{} entries carry <app:control><app:draft>yes</app:draft> with the app: prefix bound to no namespace; read as drafts (private), the conservative reading",
                self.unbound_drafts
            ));
        }
        if self.conflicting_drafts > 0 {
            cx.report.warn(format!(
                "{} entries say both blogger:status LIVE and app:draft yes; read as drafts (private), the conservative reading",
                self.conflicting_drafts
            ));
        }
        if self.seen_feed && self.read_any {
            let mut a = blog::account(NET, &self.blog_native(), Source::entry(""));
            a.is_owner = true;
            a.display_name = self.title.clone();
            a.url = self.url.clone();
            a.ext = Ext::from_map(std::mem::take(&mut self.settings));
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
    fn ids_and_names() {
        assert_eq!(
            num_id("tag:blogger.com,1999:blog-70.post-2912"),
            Some("2912")
        );
        assert_eq!(num_id("tag:blogger.com,1999:blog-70.page-55"), Some("55"));
        assert_eq!(num_id("tag:blogger.com,1999:blog-70.layout"), None);
        assert!(is_classic_name("blog-03-14-2016.xml"));
        assert!(!is_classic_name("blog-march-2016.xml"));
        assert_eq!(
            name_score("__MACOSX/Takeout/Blogger/Blogs/x/._feed.atom"),
            0
        );
        assert_eq!(name_score("Takeout/Blogger/Blogs/x/feed.atom"), 95);
        assert_eq!(name_score("blogger-blog-03-14-2016.xml"), 80);
    }
}
