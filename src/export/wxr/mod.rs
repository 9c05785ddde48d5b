//! WordPress eXtended RSS 1.2, as the WordPress importer reads it whole.
//!
//! Every author of the published writing is a `wp:author` (the owner too, when they
//! write); each post keeps its type (`post`, `page`), its categories, tags and post
//! formats with their domain and nicename, and its meta. A thread start is an item;
//! the replies to it within the export (the owner's own, other accounts' public ones,
//! and pingbacks) are its threaded comments, parents first, each with its approval,
//! type, author e-mail and URL where the archive has them; a reply by one of the
//! authors carries that author's user id. Attachments with an address are
//! `attachment` items. A post read from WordPress gets back every field of its own
//! that the model does not map. Each record's lifeboat id travels in `_lifeboat_id`
//! meta (and `<lifeboat:id>`, `<lifeboat:owner>` for accounts), which lifeboat's own
//! WXR reader reads back. Every free text is CDATA, split at `]]>`, with
//! XML-forbidden characters removed.
//!
//! One rule for every field: what WordPress stores and shows as HTML (titles,
//! content, excerpts, comment authors and contents, term names, author display
//! names) is written as HTML — plain text escaped, the dump's HTML sanitized — and
//! what it keeps as data (logins, slugs, dates, post meta) as data; a URL is written
//! only when it is an `http`, `https` or `mailto` link.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::fidelity::settle;
use super::ids::{native, network_of, post_iri};
use super::out::{clear, create};
use super::report::Book;
use super::safe::{self, link, own_html, Profile};
use super::select::{linkback_kind, Ctx};
use super::text::{cdata, esc, rfc822, snippet, sql_time, tag_slug};
use super::Format;
use crate::error::{Error, Result};
use crate::model::{Account, Kind, Media, Post, Record, Visibility};

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// A WordPress login from a handle: ASCII letters, digits, `_ . - @` only.
fn login(s: &str) -> String {
    let l: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "_.-@ ".contains(*c))
        .collect();
    if l.trim().is_empty() {
        "owner".into()
    } else {
        l.trim().to_string()
    }
}

fn is_wp(id: &str) -> bool {
    network_of(id) == "wordpress"
}

/// Why a field does not come back as it is.
fn reason(kind: Kind, field: &str) -> String {
    match (kind, field) {
        (Kind::Account, "created_at" | "raw_times") => {
            format!("WordPress authors and commenters have no {field}")
        }
        (_, "ext") => "fields of the source that the model does not map have no place in WXR (kept when the source is WordPress)".into(),
        (_, "raw_times") => "WXR writes times as `YYYY-MM-DD HH:MM:SS`, which is what is read back".into(),
        (_, "created_at" | "edited_at") => "WXR times have no fractions of a second".into(),
        (_, "network") => "written as a WordPress record".into(),
        (Kind::Post, "title") => "WordPress posts have a title: the first words of the text".into(),
        (Kind::Post, "html") => "WordPress stores the post's HTML sanitized (markup that could run, and markup outside the allowlist, removed), or its text as HTML, with what it shares or quotes as a link".into(),
        (Kind::Post, "text") => "the text is read back from the HTML WordPress stores (sanitized; what it shares or quotes is a link in it)".into(),
        (Kind::Post, "links") => "links are read back from the HTML's anchors".into(),
        (Kind::Post, "tags") => "tags are read back from the post's categories and tags".into(),
        (Kind::Post, "visibility") => "WordPress has public and private posts only".into(),
        (Kind::Post, "reply_to") => "a reply is a comment of its thread's first post".into(),
        (Kind::Post, "media") => "attachments are items of their own in WXR".into(),
        (Kind::Post, "content_warning") => "the content warning is written as the excerpt".into(),
        (Kind::Post, "url") => "a comment has no address of its own, and an address that is not a web link is not written".into(),
        (Kind::Post, f) => format!("WordPress has no place for a post's {f}"),
        (Kind::Account, "is_owner") => "the owner of a WXR file is its site".into(),
        (Kind::Account, "display_name" | "url") => "an author or commenter is carried by name and address".into(),
        (Kind::Account, "handle") => "a WordPress login has ASCII letters, digits and `_.-@` only".into(),
        (Kind::Account, f) => format!("WordPress authors and commenters have no {f}"),
        (Kind::Media, "sha256" | "bytes" | "path" | "original_path" | "missing") => "WordPress downloads the file from its address; WXR does not hold it".into(),
        (Kind::Media, "kind" | "mime") => "WordPress tells the type from the file name".into(),
        (Kind::Media, f) => format!("a WordPress attachment has no {f}"),
        (_, f) => format!("WXR has no place for {f}"),
    }
}

/// One XML element being written, and what the WXR reader keeps of it in `ext`.
struct El<'x> {
    xml: &'x mut String,
    ext: &'x mut Map<String, Value>,
    indent: &'static str,
}

impl El<'_> {
    /// `<prefix:name>text</prefix:name>`; `to_ext` when the reader keeps it in `ext`
    /// under its local name (trimmed, unless empty).
    fn put(&mut self, qname: &str, text: &str, as_cdata: bool, to_ext: bool) {
        let body = if as_cdata { cdata(text) } else { esc(text) };
        self.xml
            .push_str(&format!("{}<{qname}>{body}</{qname}>\n", self.indent));
        if to_ext {
            let local = qname.rsplit(':').next().unwrap_or(qname);
            let t = crate::export::text::xml_clean(text);
            let t = t.trim();
            if !t.is_empty() {
                self.ext.insert(local.to_string(), json!(t));
            }
        }
    }

    /// An element from a JSON value as the reader stored it (`@attr`, `#text`).
    fn put_json(&mut self, qname: &str, v: &Value, to_ext: bool) {
        match v {
            // plain text as text, markup-like text in CDATA (either reads the same)
            Value::String(s) => self.put(qname, s, s.contains(['<', '&', '>']), to_ext),
            Value::Object(m) => {
                let mut attrs = String::new();
                let mut text = String::new();
                for (k, x) in m {
                    let s = match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if let Some(a) = k.strip_prefix('@') {
                        attrs.push_str(&format!(" {a}=\"{}\"", esc(&s)));
                    } else if k == "#text" {
                        text = s;
                    }
                }
                self.xml.push_str(&format!(
                    "{}<{qname}{attrs}>{}</{qname}>\n",
                    self.indent,
                    esc(&text)
                ));
                if to_ext {
                    let local = qname.rsplit(':').next().unwrap_or(qname);
                    let mut j = Map::new();
                    for (k, x) in m {
                        if k.starts_with('@') || k == "#text" {
                            j.insert(k.clone(), x.clone());
                        }
                    }
                    self.ext.insert(local.to_string(), Value::Object(j));
                }
            }
            other => self.put(qname, &other.to_string(), false, to_ext),
        }
    }
}

/// An author of the WXR file.
struct Author {
    id: u64,
    login: String,
    account: String,
}

/// What the first pass learns.
#[derive(Default)]
struct Plan {
    /// Post id → what it answers, for the published writing.
    parent: HashMap<String, Option<String>>,
    /// Authors of the writing, in order of their first post.
    authors: Vec<String>,
    /// WordPress post and comment ids already taken by records from WordPress.
    used_posts: HashSet<u64>,
    used_comments: HashSet<u64>,
    /// `post_tag` names of records of other networks.
    tags: BTreeSet<String>,
}

/// The number after `comment-` in a WordPress comment's id.
fn wp_comment_id(id: &str) -> Option<u64> {
    native(id).rsplit("/comment-").next()?.parse().ok()
}

/// The owner's record id when the owner writes (is an author).
fn owner_writes(ctx: &Ctx, plan: &Plan) -> bool {
    ctx.owner
        .as_ref()
        .is_some_and(|o| plan.authors.contains(&o.id))
}

struct Writer<'c, 'a> {
    ctx: &'c Ctx<'a>,
    authors: Vec<Author>,
    next_post: u64,
    next_comment: u64,
    used_posts: HashSet<u64>,
    used_comments: HashSet<u64>,
    /// Accounts a reader meets as commenters (first sighting wins), by id.
    guests: BTreeMap<String, (Option<String>, Option<String>)>,
    /// Authors of the comments written.
    commenters: HashSet<String>,
    /// Post id → the media that name it in `attached_to`.
    attached: HashMap<String, Vec<String>>,
    /// What the reader keeps of each attachment item, by media id.
    media_ext: HashMap<String, (Map<String, Value>, Option<String>)>,
    /// Attachments written: media id → (URL, parent post's record id, alt).
    media_out: HashMap<String, (String, String)>,
    /// Media of posts written that cannot be attachments, with why.
    media_lost: HashMap<String, &'static str>,
    site_url: String,
}

impl<'c, 'a> Writer<'c, 'a> {
    fn author_of(&self, id: &str) -> Option<&Author> {
        self.authors.iter().find(|a| a.account == id)
    }

    fn take_post_id(&mut self, p_id: &str, ext: &Map<String, Value>) -> u64 {
        if is_wp(p_id) {
            if let Some(n) = ext
                .get("post_id")
                .and_then(Value::as_str)
                .and_then(|s| s.trim().parse::<u64>().ok())
            {
                return n;
            }
        }
        while self.used_posts.contains(&self.next_post) {
            self.next_post += 1;
        }
        let n = self.next_post;
        self.next_post += 1;
        n
    }

    fn take_comment_id(&mut self, id: &str) -> u64 {
        if is_wp(id) {
            if let Some(n) = wp_comment_id(id) {
                return n;
            }
        }
        while self.used_comments.contains(&self.next_comment) {
            self.next_comment += 1;
        }
        let n = self.next_comment;
        self.next_comment += 1;
        n
    }

    /// The HTML of a post as WordPress gets it: its own, with what it shares or
    /// quotes as a link (WordPress has neither).
    fn content(&self, p: &Post) -> String {
        let mut h = own_html(p);
        if is_wp(&p.id) {
            return h;
        }
        if let Some(r) = &p.repost_of {
            let who = p
                .repost_of_account
                .as_deref()
                .map(|a| format!(" by {}", esc(&self.ctx.account_label(a))))
                .unwrap_or_default();
            h.push_str(&format!(
                "<p>Shared a post{who}: {}</p>",
                crate::export::feeds::post_link(r)
            ));
        }
        if let Some(q) = &p.quote_of {
            h.push_str(&format!(
                "<p>Quoting {}</p>",
                crate::export::feeds::post_link(q)
            ));
        }
        h
    }

    /// One thread start as an item, with its comments and attachments.
    fn item(&mut self, p: &Post, comments: &[Post], book: &mut Book) -> String {
        let ctx = self.ctx;
        let wp = is_wp(&p.id);
        let pext = if wp { ext_map(&p.ext) } else { Map::new() };
        let post_id = self.take_post_id(&p.id, &pext);
        let mut xml = String::from("  <item>\n");
        let mut ext = Map::new();
        let content = self.content(p);
        let title = match &p.title {
            Some(t) => t.clone(),
            None if wp => String::new(),
            None if p.repost_of.is_some() => {
                let who = p
                    .repost_of_account
                    .as_deref()
                    .map(|a| format!(" of {}", ctx.account_label(a)))
                    .unwrap_or_default();
                format!("Repost{who}")
            }
            None => {
                let s = snippet(&p.text, 60);
                if s.is_empty() {
                    format!("Post {post_id}")
                } else {
                    s
                }
            }
        };
        let creator = self
            .author_of(&p.author)
            .map(|a| a.login.clone())
            .unwrap_or_else(|| "owner".into());
        let date = p
            .created_at
            .as_ref()
            .map(sql_time)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into());
        let status = if wp {
            pext.get("status")
                .and_then(Value::as_str)
                .unwrap_or("publish")
                .to_string()
        } else if p.visibility == Visibility::Public || p.visibility == Visibility::Unlisted {
            "publish".to_string()
        } else {
            "private".to_string()
        };
        let post_type = pext
            .get("post_type")
            .and_then(Value::as_str)
            .unwrap_or("post")
            .to_string();
        {
            let mut e = El {
                xml: &mut xml,
                ext: &mut ext,
                indent: "    ",
            };
            // WordPress titles are HTML: the text is escaped inside the CDATA
            e.put("title", &esc(&title), true, false);
            if let Some(u) = p.url.as_deref().and_then(link) {
                e.put("link", u, false, false);
            }
            // a WordPress post gets back its own fields, and only those (WordPress fills
            // in what a post does not say); a post of another network, WordPress's
            // defaults
            let field = |e: &mut El, qname: &str, default: Value| {
                let k = qname.rsplit(':').next().unwrap_or(qname);
                match pext.get(k) {
                    Some(v) => e.put_json(qname, v, true),
                    None if wp => {}
                    None => e.put_json(qname, &default, true),
                }
            };
            if let Some(t) = &p.created_at {
                field(&mut e, "pubDate", json!(rfc822(t)));
            }
            e.put("dc:creator", &creator, true, false);
            field(
                &mut e,
                "guid",
                json!({"@isPermaLink": "false", "#text": post_iri(p)}),
            );
            match pext.get("description") {
                Some(v) => e.put_json("description", v, true),
                None if wp => {}
                None => e.put("description", "", false, true),
            }
            e.put("content:encoded", &content, true, false);
            // an excerpt is HTML: WordPress's own sanitized, a content warning escaped
            let excerpt = match pext.get("excerpt") {
                Some(Value::String(s)) => safe::sanitize(s, Profile::Web),
                _ => esc(p.content_warning.as_deref().unwrap_or("")),
            };
            e.put("excerpt:encoded", &excerpt, true, false);
            if !excerpt.trim().is_empty() {
                e.ext.insert(
                    "excerpt".into(),
                    json!(crate::export::text::xml_clean(&excerpt)),
                );
            }
            e.put("wp:post_id", &post_id.to_string(), false, true);
            field(&mut e, "wp:post_date", json!(date));
            // the date WordPress reads the post's time from
            match pext.get("post_date_gmt") {
                Some(v) => e.put_json("wp:post_date_gmt", v, true),
                None => e.put("wp:post_date_gmt", &date, true, true),
            }
            let modified = p.edited_at.as_ref().map(sql_time);
            for k in ["post_modified", "post_modified_gmt"] {
                match (pext.get(k), &modified) {
                    (Some(v), _) => e.put_json(&format!("wp:{k}"), v, true),
                    (None, Some(m)) => e.put(&format!("wp:{k}"), m, true, true),
                    _ => {}
                }
            }
            field(&mut e, "wp:comment_status", json!("closed"));
            field(&mut e, "wp:ping_status", json!("closed"));
            field(&mut e, "wp:post_name", json!(format!("post-{post_id}")));
            e.put("wp:status", &status, true, false);
            field(&mut e, "wp:post_parent", json!("0"));
            field(&mut e, "wp:menu_order", json!("0"));
            e.put("wp:post_type", &post_type, true, false);
            field(&mut e, "wp:post_password", json!(""));
            field(&mut e, "wp:is_sticky", json!("0"));
            // any other field WordPress gave the post
            for (k, v) in &pext {
                if !ITEM_KNOWN.contains(&k.as_str()) {
                    e.put_json(&format!("wp:{k}"), v, true);
                }
            }
        }
        // categories, tags, post formats and other terms
        let mut terms_back: Vec<Value> = Vec::new();
        let mut tags_back: Vec<String> = Vec::new();
        let mut push_tag = |t: &str| {
            if !tags_back.iter().any(|x| x == t) {
                tags_back.push(t.to_string());
            }
        };
        let wp_terms: Vec<Value> = pext
            .get("terms")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut covered: HashSet<String> = HashSet::new();
        for t in &wp_terms {
            let d = t
                .get("domain")
                .and_then(Value::as_str)
                .unwrap_or("category");
            let n = t.get("name").and_then(Value::as_str).unwrap_or("");
            let nice = t.get("nicename").and_then(Value::as_str);
            if n.is_empty() {
                continue;
            }
            xml.push_str(&format!(
                "    <category domain=\"{}\"{}>{}</category>\n",
                esc(d),
                nice.map(|x| format!(" nicename=\"{}\"", esc(x)))
                    .unwrap_or_default(),
                cdata(&esc(n))
            ));
            covered.insert(n.to_string());
            push_tag(n);
            terms_back.push(json!({"domain": d, "nicename": nice, "name": n}));
        }
        for t in &p.tags {
            if covered.contains(t) {
                continue;
            }
            if wp {
                // a category the source gave without a domain (WXR 1.0)
                xml.push_str(&format!("    <category>{}</category>\n", cdata(&esc(t))));
                push_tag(t);
            } else {
                xml.push_str(&format!(
                    "    <category domain=\"post_tag\" nicename=\"{}\">{}</category>\n",
                    esc(&tag_slug(t)),
                    cdata(&esc(t))
                ));
                push_tag(t);
                terms_back.push(json!({"domain": "post_tag", "nicename": tag_slug(t), "name": t}));
            }
        }
        if !terms_back.is_empty() {
            ext.insert("terms".into(), Value::Array(terms_back));
        }
        ext.insert("post_type".into(), json!(post_type));
        ext.insert("status".into(), json!(status));
        // meta: the source's, and the record id
        let mut meta = match pext.get("postmeta") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        if !wp {
            if let Some(u) = p.url.as_deref().and_then(link) {
                meta.insert("_original_url".into(), json!(u));
            }
        }
        for (k, v) in &meta {
            for one in as_list(v) {
                xml.push_str(&format!(
                    "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
                    cdata(k),
                    cdata(one.as_str().unwrap_or(""))
                ));
            }
        }
        xml.push_str(&format!(
            "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
            cdata("_lifeboat_id"),
            cdata(&p.id)
        ));
        if !meta.is_empty() {
            ext.insert("postmeta".into(), Value::Object(meta));
        }
        // what the reader makes of the post
        let mut b = p.clone();
        b.network = network_of(&p.id).to_string();
        b.author = self
            .author_of(&p.author)
            .map(|a| a.account.clone())
            .unwrap_or_else(|| p.author.clone());
        read_time(&mut b, &date, true);
        b.edited_at = modified_back(&pext, p, &b);
        b.title = Some(title)
            .filter(|t| !t.trim().is_empty())
            .map(|t| decode(&t));
        set_body(&mut b, &content, false);
        let password = pext
            .get("post_password")
            .and_then(Value::as_str)
            .is_some_and(|x| !x.trim().is_empty());
        (b.visibility, b.status) = match status.as_str() {
            "publish" if password => (Visibility::Private, None),
            "publish" => (Visibility::Public, None),
            "private" => (Visibility::Private, None),
            _ => (p.visibility, p.status.clone()),
        };
        b.tags = tags_back;
        b.lang = None;
        b.content_warning = None;
        b.reply_to = None;
        b.reply_to_account = None;
        b.quote_of = None;
        b.repost_of = None;
        b.repost_of_account = None;
        b.media.clear();
        b.mentions.clear();
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.metrics.clear();
        b.sensitive = None;
        b.community = None;
        b.history.clear();
        b.ext = crate::model::Ext::from_map(ext);
        settle(book, Kind::Post, p, &b, &[], &|f| reason(Kind::Post, f));
        book.wrote(Kind::Post);
        // the thread's comments, parents before children
        let post_url = p.url.clone();
        self.comments(&mut xml, p, comments, post_url.as_deref(), book);
        xml.push_str("  </item>\n");
        // attachments: items of their own, after their post (the post's media, and
        // the media that name it as their post)
        let mut mids: Vec<String> = p.media.clone();
        for x in self.attached.get(&p.id).into_iter().flatten() {
            if !mids.contains(x) {
                mids.push(x.clone());
            }
        }
        for mid in &mids {
            let mid = mid.as_str();
            let Some(m) = ctx.media.get(mid) else {
                continue;
            };
            if self.media_out.contains_key(mid) {
                continue;
            }
            match m.web_url() {
                Some(u) => {
                    let u = u.to_string();
                    xml.push_str(&self.attachment(mid, m, &u, post_id, &date, &creator));
                    self.media_out.insert(mid.to_string(), (u, p.id.clone()));
                }
                None => {
                    self.media_lost.insert(
                        mid.to_string(),
                        "WordPress downloads attachments from an address, and this file has none",
                    );
                }
            }
        }
        xml
    }

    fn comments(
        &mut self,
        xml: &mut String,
        root: &Post,
        comments: &[Post],
        post_url: Option<&str>,
        book: &mut Book,
    ) {
        let mut ids: HashMap<String, u64> = HashMap::new();
        ids.insert(root.id.clone(), 0);
        let mut pending: Vec<&Post> = comments.iter().collect();
        pending.sort_by_key(|r| r.created_at.as_ref().map(|t| t.millis()).unwrap_or(0));
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for r in pending {
                let linkback = linkback_kind(r);
                let parent_cid = match &linkback {
                    Some(_) => Some(0),
                    None => r.reply_to.as_ref().and_then(|x| ids.get(x)).copied(),
                };
                let Some(parent_cid) = parent_cid else {
                    rest.push(r);
                    continue;
                };
                let cid = self.take_comment_id(&r.id);
                ids.insert(r.id.clone(), cid);
                xml.push_str(&self.comment(r, cid, parent_cid, root, post_url, book));
            }
            if rest.len() == before {
                // parents outside the thread: at the top of it
                for r in &rest {
                    ids.insert(r.reply_to.clone().unwrap_or_default(), 0);
                }
            }
            pending = rest;
        }
    }

    fn comment(
        &mut self,
        r: &Post,
        cid: u64,
        parent_cid: u64,
        root: &Post,
        post_url: Option<&str>,
        book: &mut Book,
    ) -> String {
        let ctx = self.ctx;
        let wp = is_wp(&r.id);
        let cext = if wp { ext_map(&r.ext) } else { Map::new() };
        let linkback = linkback_kind(r);
        let account = ctx.accounts.get(&r.author);
        let user = self.author_of(&r.author).map(|a| (a.id, a.login.clone()));
        let name = account
            .and_then(|a| a.display_name.clone().or(a.handle.clone()))
            .unwrap_or_else(|| native(&r.author).to_string());
        let url = account
            .and_then(|a| a.url.as_deref())
            .and_then(link)
            .unwrap_or_default()
            .to_string();
        let date = r
            .created_at
            .as_ref()
            .map(sql_time)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into());
        let content = own_html(r);
        let ctype = cext
            .get("comment_type")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or(linkback.clone())
            .unwrap_or_else(|| "comment".into());
        let mut xml = String::from("    <wp:comment>\n");
        let mut ext = Map::new();
        {
            let mut e = El {
                xml: &mut xml,
                ext: &mut ext,
                indent: "      ",
            };
            e.put("wp:comment_id", &cid.to_string(), false, false);
            // a WordPress comment gets back its own fields and only those; another
            // network's reply, what WordPress asks of a comment
            let field = |e: &mut El, k: &str, d: String| match cext.get(k) {
                Some(v) => e.put_json(&format!("wp:{k}"), v, true),
                None if wp => {}
                None => e.put_json(&format!("wp:{k}"), &json!(d), true),
            };
            field(&mut e, "comment_author", esc(&name));
            field(&mut e, "comment_author_email", String::new());
            field(&mut e, "comment_author_url", url.clone());
            field(&mut e, "comment_author_IP", String::new());
            field(&mut e, "comment_date", date.clone());
            e.put("wp:comment_date_gmt", &date, true, false);
            e.put("wp:comment_content", &content, true, false);
            field(&mut e, "comment_approved", "1".into());
            e.put("wp:comment_type", &ctype, true, false);
            e.put("wp:comment_parent", &parent_cid.to_string(), false, false);
            let uid = match &user {
                Some((id, _)) => id.to_string(),
                None => "0".into(),
            };
            field(&mut e, "comment_user_id", uid);
            for (k, v) in &cext {
                if !COMMENT_KNOWN.contains(&k.as_str()) {
                    e.put_json(&format!("wp:{k}"), v, true);
                }
            }
        }
        ext.insert("comment_type".into(), json!(ctype));
        let mut meta = match cext.get("commentmeta") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        for (k, v) in &meta {
            for one in as_list(v) {
                xml.push_str(&format!(
                    "      <wp:commentmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:commentmeta>\n",
                    cdata(k),
                    cdata(one.as_str().unwrap_or(""))
                ));
            }
        }
        let mut given = vec![("_lifeboat_id", r.id.clone())];
        // a commenter who is not an author, when the reader cannot tell it by name
        let guest = user.is_none() && linkback.is_none() && !wp;
        if guest {
            given.push(("_lifeboat_author", r.author.clone()));
        }
        for (k, v) in given {
            xml.push_str(&format!(
                "      <wp:commentmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:commentmeta>\n",
                cdata(k),
                cdata(&v)
            ));
        }
        if !meta.is_empty() {
            ext.insert(
                "commentmeta".into(),
                Value::Object(std::mem::take(&mut meta)),
            );
        }
        xml.push_str("    </wp:comment>\n");
        // what the reader makes of it
        let written_name = cext
            .get("comment_author")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| esc(&name));
        let written_url = cext
            .get("comment_author_url")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or(url);
        let name_back = Some(decode(&written_name)).filter(|n| !n.is_empty());
        let url_back =
            Some(written_url.trim().to_string()).filter(|u| !u.is_empty() && u != "http://");
        let mut b = r.clone();
        b.network = network_of(&r.id).to_string();
        self.commenters.insert(r.author.clone());
        if guest {
            self.guests
                .entry(r.author.clone())
                .or_insert((name_back.clone(), url_back.clone()));
        }
        if let Some((_, l)) = &user {
            b.author = self
                .authors
                .iter()
                .find(|a| &a.login == l)
                .map(|a| a.account.clone())
                .unwrap_or_else(|| r.author.clone());
        }
        read_time(&mut b, &date, true);
        b.edited_at = None;
        set_body(&mut b, content.trim(), true);
        let approved = cext
            .get("comment_approved")
            .and_then(Value::as_str)
            .unwrap_or("1");
        (b.visibility, b.status) = match approved {
            "1" | "approve" | "approved" => (Visibility::Public, None),
            "0" | "hold" => (Visibility::Private, Some("pending".into())),
            "spam" => (Visibility::Private, Some("spam".into())),
            "trash" | "post-trashed" => (Visibility::Private, Some("trashed".into())),
            _ => (Visibility::Private, None),
        };
        if linkback.is_some() {
            b.title = name_back;
            b.url = url_back;
            b.links = post_url
                .map(|u| {
                    vec![crate::model::Link {
                        url: u.to_string(),
                        short_url: None,
                        display: None,
                    }]
                })
                .unwrap_or_default();
            ext.insert("links_to".into(), json!(root.id));
            b.reply_to = None;
        } else {
            b.title = None;
            b.url = None;
            // the parent: the comment it answers when that is in the thread, else the
            // thread's first post
            if parent_cid == 0 {
                b.reply_to = Some(root.id.clone());
            }
        }
        b.lang = None;
        b.content_warning = None;
        b.reply_to_account = None;
        b.quote_of = None;
        b.repost_of = None;
        b.repost_of_account = None;
        b.media.clear();
        b.mentions.clear();
        b.tags.clear();
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.metrics.clear();
        b.sensitive = None;
        b.community = None;
        b.history.clear();
        b.ext = crate::model::Ext::from_map(ext);
        let parent_missing = wp && r.ext.get_json("parent_missing").is_some();
        settle(book, Kind::Post, r, &b, &[], &|f| {
            match f {
            "ext" if parent_missing => "the id of a parent comment that is not in the export is not kept (the reply is written at the top of its thread)".into(),
            "reply_to" => "a reply whose parent is not in its thread is written at the top of it".into(),
            "title" => "a comment has no title".into(),
            "media" => "WordPress comments have no attachments".into(),
            _ => reason(Kind::Post, f),
        }
        });
        for mid in &r.media {
            self.media_lost
                .entry(mid.clone())
                .or_insert("media of comments: WordPress comments have no attachments");
        }
        book.wrote(Kind::Post);
        xml
    }

    fn attachment(
        &mut self,
        mid: &str,
        m: &crate::export::select::MediaLite,
        url: &str,
        parent: u64,
        date: &str,
        creator: &str,
    ) -> String {
        let wp = is_wp(mid);
        let mext = if wp {
            m.ext.clone().unwrap_or_default()
        } else {
            Map::new()
        };
        let aid = mext
            .get("post_id")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok());
        let mut xml = String::from("  <item>\n");
        let mut ext = Map::new();
        {
            let mut e = El {
                xml: &mut xml,
                ext: &mut ext,
                indent: "    ",
            };
            // a WordPress attachment gets back its own fields and only those
            let field = |e: &mut El, qname: &str, d: String| {
                let k = qname.rsplit(':').next().unwrap_or(qname);
                match mext.get(k) {
                    Some(v) => e.put_json(qname, v, true),
                    None if wp => {}
                    None => e.put_json(qname, &json!(d), true),
                }
            };
            field(&mut e, "title", format!("Media of post {parent}"));
            field(&mut e, "link", url.to_string());
            if let Some(v) = mext.get("pubDate") {
                e.put_json("pubDate", v, true);
            }
            field(&mut e, "dc:creator", creator.to_string());
            field(&mut e, "guid", url.to_string());
            e.put("description", "", false, false);
            if let Some(id) = aid {
                e.put("wp:post_id", &id.to_string(), false, true);
            }
            field(&mut e, "wp:post_date", date.to_string());
            field(&mut e, "wp:post_date_gmt", date.to_string());
            field(&mut e, "wp:comment_status", "closed".into());
            field(&mut e, "wp:ping_status", "closed".into());
            field(&mut e, "wp:status", "inherit".into());
            if let Some(v) = mext.get("post_name") {
                e.put_json("wp:post_name", v, true);
            }
            e.put("wp:post_parent", &parent.to_string(), false, false);
            field(&mut e, "wp:menu_order", "0".into());
            field(&mut e, "wp:post_type", "attachment".into());
            field(&mut e, "wp:post_password", String::new());
            field(&mut e, "wp:is_sticky", "0".into());
            e.put("wp:attachment_url", url, true, false);
            for (k, v) in &mext {
                if !ATTACHMENT_KNOWN.contains(&k.as_str()) {
                    e.put_json(&format!("wp:{k}"), v, true);
                }
            }
        }
        // the file's description and caption
        for (qname, key) in [
            ("content:encoded", "description"),
            ("excerpt:encoded", "caption"),
        ] {
            let t = mext.get(key).and_then(Value::as_str).unwrap_or("");
            xml.push_str(&format!("    <{qname}>{}</{qname}>\n", cdata(t)));
            if !t.trim().is_empty() {
                ext.insert(key.into(), json!(crate::export::text::xml_clean(t)));
            }
        }
        let mut meta = match mext.get("postmeta") {
            Some(Value::Object(x)) => x.clone(),
            _ => Map::new(),
        };
        if !wp {
            meta.insert(
                "_wp_attachment_image_alt".into(),
                json!(m.alt.clone().unwrap_or_default()),
            );
        }
        let mut alt = None;
        for (k, v) in &meta {
            for one in as_list(v) {
                let val = one.as_str().unwrap_or("");
                if k == "_wp_attachment_image_alt" && !val.trim().is_empty() {
                    alt = Some(val.to_string());
                }
                xml.push_str(&format!(
                    "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
                    cdata(k),
                    cdata(val)
                ));
            }
        }
        if !meta.is_empty() {
            ext.insert("postmeta".into(), Value::Object(meta));
        }
        xml.push_str(&format!(
            "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
            cdata("_lifeboat_id"),
            cdata(mid)
        ));
        xml.push_str("  </item>\n");
        self.media_ext.insert(mid.to_string(), (ext, alt));
        xml
    }
}

/// Item fields written from a WordPress post's `ext` by name.
const ITEM_KNOWN: &[&str] = &[
    "pubDate",
    "guid",
    "description",
    "excerpt",
    "post_id",
    "post_date",
    "post_date_gmt",
    "post_modified",
    "post_modified_gmt",
    "comment_status",
    "ping_status",
    "post_name",
    "status",
    "post_parent",
    "menu_order",
    "post_type",
    "post_password",
    "is_sticky",
    "terms",
    "postmeta",
    "creator",
];

const COMMENT_KNOWN: &[&str] = &[
    "comment_author",
    "comment_author_email",
    "comment_author_url",
    "comment_author_IP",
    "comment_date",
    "comment_approved",
    "comment_type",
    "comment_user_id",
    "commentmeta",
    "links_to",
    "parent_missing",
];

const ATTACHMENT_KNOWN: &[&str] = &[
    "title",
    "link",
    "pubDate",
    "creator",
    "guid",
    "description",
    "caption",
    "post_id",
    "post_date",
    "post_date_gmt",
    "comment_status",
    "ping_status",
    "status",
    "post_name",
    "menu_order",
    "post_type",
    "post_password",
    "is_sticky",
    "postmeta",
];

fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn ext_map(e: &crate::model::Ext) -> Map<String, Value> {
    match serde_json::to_value(e) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// HTML entities in a title or name, as the reader decodes them.
fn decode(s: &str) -> String {
    crate::import::text::decode_entities(s.trim()).into_owned()
}

/// The reader's time of a written WXR date (and its spelling in `raw_times`).
fn read_time(b: &mut Post, written: &str, keep_raw: bool) {
    let (t, raw) = crate::import::blog::time(Some(written));
    b.created_at = t;
    b.raw_times.remove("created_at");
    if keep_raw {
        if let Some(r) = raw {
            b.raw_times.insert("created_at".into(), r);
        }
    }
    b.raw_times.retain(|k, _| k == "created_at");
}

fn modified_back(pext: &Map<String, Value>, p: &Post, b: &Post) -> Option<crate::model::Timestamp> {
    let written = match pext.get("post_modified_gmt") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => p.edited_at.as_ref().map(sql_time),
    };
    let (m, _) = crate::import::blog::time(written.as_deref());
    m.filter(|m| Some(*m) != b.created_at)
}

/// The reader's text, HTML and links of a written body.
fn set_body(b: &mut Post, content: &str, _comment: bool) {
    b.text = String::new();
    b.html = None;
    b.links.clear();
    crate::import::blog::set_body(b, content.to_string());
}

/// Write a WXR file.
pub(crate) fn wxr(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    // pass 1: the selection's ids, parents, authors, ids taken and tags
    let mut plan = Plan::default();
    ctx.each_post(&mut Book::default(), |p, _| {
        if !plan.authors.contains(&p.author) {
            plan.authors.push(p.author.clone());
        }
        if is_wp(&p.id) {
            if let Some(n) = p
                .ext
                .get_str("post_id")
                .and_then(|s| s.trim().parse::<u64>().ok())
            {
                plan.used_posts.insert(n);
            }
        } else {
            plan.tags.extend(p.tags.iter().cloned());
        }
        plan.parent.insert(p.id.clone(), p.reply_to.clone());
        Ok(())
    })?;
    for list in ctx.replies.values().chain(ctx.linkbacks.values()) {
        for r in list {
            if let Some(n) = wp_comment_id(&r.id).filter(|_| is_wp(&r.id)) {
                plan.used_comments.insert(n);
            }
        }
    }
    for m in ctx.media.values() {
        if let Some(n) = m
            .ext
            .as_ref()
            .filter(|_| true)
            .and_then(|e| e.get("post_id"))
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok())
        {
            plan.used_posts.insert(n);
        }
    }
    // the thread start of a post; a post whose parents loop is its own thread start
    let root_of = |id: &str| -> String {
        let mut cur = id.to_string();
        let mut seen = HashSet::new();
        seen.insert(cur.clone());
        while let Some(Some(up)) = plan.parent.get(&cur) {
            if !plan.parent.contains_key(up) {
                break;
            }
            if !seen.insert(up.clone()) {
                return id.to_string();
            }
            cur = up.clone();
        }
        cur
    };
    // pass 2: the writing's own replies, by thread start
    let mut own_replies: HashMap<String, Vec<Post>> = HashMap::new();
    ctx.each_post(&mut Book::default(), |p, _| {
        let r = root_of(&p.id);
        if r != p.id {
            own_replies.entry(r).or_default().push(p);
        }
        Ok(())
    })?;

    // authors: the owner first when the owner writes, then the others
    let owner_id = ctx.owner.as_ref().map(|o| o.id.clone());
    let mut order = plan.authors.clone();
    if let Some(o) = &owner_id {
        if let Some(i) = order.iter().position(|a| a == o) {
            let x = order.remove(i);
            order.insert(0, x);
        }
    }
    let mut authors: Vec<Author> = Vec::new();
    let mut taken_ids = HashSet::new();
    let mut taken_logins = HashSet::new();
    let full: HashMap<String, Account> = {
        let mut m = HashMap::new();
        for r in ctx.archive.records(Kind::Account)? {
            if let Record::Account(a) = r? {
                if order.contains(&a.id) || owner_id.as_deref() == Some(a.id.as_str()) {
                    m.insert(a.id.clone(), a);
                }
            }
        }
        m
    };
    for acc in &order {
        let a = full.get(acc);
        let wp_id = a
            .filter(|a| is_wp(&a.id))
            .and_then(|a| a.ext.get_str("author_id"))
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|n| !taken_ids.contains(n));
        let id = wp_id.unwrap_or_else(|| {
            let mut n = 1;
            while taken_ids.contains(&n)
                || full.values().any(|x| {
                    x.id != *acc
                        && is_wp(&x.id)
                        && x.ext
                            .get_str("author_id")
                            .and_then(|s| s.parse::<u64>().ok())
                            == Some(n)
                })
            {
                n += 1;
            }
            n
        });
        taken_ids.insert(id);
        let base = login(
            a.and_then(|a| a.handle.as_deref())
                .or(a.and_then(|a| a.display_name.as_deref()))
                .unwrap_or(native(acc)),
        );
        let mut l = base.clone();
        let mut k = 2;
        while !taken_logins.insert(l.clone()) {
            l = format!("{base}-{k}");
            k += 1;
        }
        authors.push(Author {
            id,
            login: l,
            account: acc.clone(),
        });
    }
    let owner_is_author = owner_writes(ctx, &plan);

    let mut f = create(out)?;
    let owner = ctx.owner.as_ref();
    let oext = owner
        .filter(|o| is_wp(&o.id))
        .map(|o| ext_map(&o.ext))
        .unwrap_or_default();
    let owner_name = ctx.owner_name();
    let site = owner
        .and_then(|o| o.url.as_deref().and_then(link).map(str::to_string))
        .unwrap_or_else(|| "https://example.invalid".into());
    let mut h = String::new();
    h.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!-- WordPress eXtended RSS written by lifeboat -->\n");
    h.push_str(&format!("<rss version=\"2.0\"\n  xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n  xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n  xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n  xmlns:wp=\"http://wordpress.org/export/1.2/\"\n  xmlns:lifeboat=\"{}\">\n<channel>\n", crate::import::xml::LIFEBOAT_NS));
    let mut site_ext = Map::new();
    {
        let mut e = El {
            xml: &mut h,
            ext: &mut site_ext,
            indent: "  ",
        };
        e.put("title", &owner_name, false, false);
        e.put("link", &site, false, false);
        let wp_owner = owner.is_some_and(|o| is_wp(&o.id));
        match oext.get("description") {
            Some(v) => e.put_json("description", v, true),
            None if wp_owner => {}
            None => e.put(
                "description",
                &format!("Posts of {owner_name}, exported by lifeboat"),
                false,
                true,
            ),
        }
        if let Some(v) = oext.get("language") {
            e.put_json("language", v, true);
        }
        e.put("wp:wxr_version", "1.2", false, true);
        e.put_json(
            "wp:base_site_url",
            oext.get("base_site_url").unwrap_or(&json!(site)),
            true,
        );
        e.put_json(
            "wp:base_blog_url",
            oext.get("base_blog_url").unwrap_or(&json!(site)),
            true,
        );
        e.put(
            "lifeboat:owner",
            owner.map(|o| o.id.as_str()).unwrap_or(""),
            false,
            false,
        );
    }
    for a in &authors {
        let acc = full.get(&a.account);
        let s = |k: &str| {
            acc.filter(|x| is_wp(&x.id))
                .and_then(|x| x.ext.get_str(k))
                .unwrap_or_default()
        };
        let display = acc
            .and_then(|x| x.display_name.clone().or(x.handle.clone()))
            .unwrap_or_else(|| a.login.clone());
        h.push_str(&format!(
            "  <wp:author><wp:author_id>{}</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_email>{}</wp:author_email><wp:author_display_name>{}</wp:author_display_name><wp:author_first_name>{}</wp:author_first_name><wp:author_last_name>{}</wp:author_last_name><lifeboat:id>{}</lifeboat:id></wp:author>\n",
            a.id,
            cdata(&a.login),
            cdata(&s("author_email")),
            cdata(&esc(&display)),
            cdata(&s("author_first_name")),
            cdata(&s("author_last_name")),
            esc(&a.account)
        ));
    }
    // the site's categories and tags: those WordPress listed, else the tags of posts
    // of other networks
    let mut header_terms = Vec::new();
    for (key, tag) in [
        ("categorys", "category"),
        ("tags", "tag"),
        ("terms", "term"),
    ] {
        for v in oext
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            header_terms.push((tag, v.clone()));
        }
    }
    if header_terms.is_empty() {
        for (i, t) in plan.tags.iter().enumerate() {
            header_terms.push((
                "tag",
                json!({"term_id": (i + 1).to_string(), "tag_slug": tag_slug(t), "tag_name": esc(t)}),
            ));
        }
    }
    let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (tag, v) in &header_terms {
        h.push_str(&format!("  <wp:{tag}>"));
        if let Value::Object(m) = v {
            for (k, x) in m {
                if k.starts_with('@') || k == "#text" {
                    continue;
                }
                let text = x
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string());
                h.push_str(&format!("<wp:{k}>{}</wp:{k}>", cdata(&text)));
            }
        }
        h.push_str(&format!("</wp:{tag}>\n"));
        lists.entry(format!("{tag}s")).or_default().push(v.clone());
    }
    for (k, v) in lists {
        site_ext.insert(k, Value::Array(v));
    }
    f.write_all(h.as_bytes()).map_err(w(out))?;

    let mut attached: HashMap<String, Vec<String>> = HashMap::new();
    for r in ctx.archive.records(Kind::Media)? {
        if let Record::Media(m) = r? {
            for post in &m.attached_to {
                if plan.parent.contains_key(post) {
                    attached.entry(post.clone()).or_default().push(m.id.clone());
                }
            }
        }
    }
    let mut wr = Writer {
        ctx,
        authors,
        next_post: plan.used_posts.iter().max().copied().unwrap_or(0) + 1,
        next_comment: plan.used_comments.iter().max().copied().unwrap_or(0) + 1,
        used_posts: plan.used_posts,
        used_comments: plan.used_comments,
        guests: BTreeMap::new(),
        commenters: HashSet::new(),
        attached,
        media_ext: HashMap::new(),
        media_out: HashMap::new(),
        media_lost: HashMap::new(),
        site_url: site.clone(),
    };
    ctx.each_post(book, |p, book| {
        if root_of(&p.id) != p.id {
            return Ok(()); // written as a comment of its thread start
        }
        let mut comments = own_replies.remove(&p.id).unwrap_or_default();
        // other accounts' replies to any post of the thread, and linkbacks
        let mut thread: Vec<String> = vec![p.id.clone()];
        thread.extend(comments.iter().map(|c| c.id.clone()));
        let mut i = 0;
        while let Some(id) = thread.get(i).cloned() {
            for r in ctx.replies_of(&id) {
                thread.push(r.id.clone());
                comments.push(r.clone());
            }
            i += 1;
        }
        if let Some(l) = ctx.linkbacks.get(&p.id) {
            comments.extend(l.iter().cloned());
        }
        let xml = wr.item(&p, &comments, book);
        f.write_all(xml.as_bytes()).map_err(w(out))
    })?;
    f.write_all(b"</channel>\n</rss>\n").map_err(w(out))?;
    f.flush().map_err(w(out))?;

    // accounts: the authors, the site, the commenters
    for r in ctx.archive.records(Kind::Account)? {
        let Record::Account(a) = r? else { continue };
        if !ctx.filter.in_network(&a.network) {
            continue;
        }
        let mut b = Account {
            id: a.id.clone(),
            network: network_of(&a.id).to_string(),
            source: a.source.clone(),
            ..Account::default()
        };
        if let Some(au) = wr.authors.iter().find(|x| x.account == a.id) {
            let acc = &a;
            b.handle = Some(au.login.clone());
            b.display_name = Some(decode(
                &acc.display_name
                    .clone()
                    .or(acc.handle.clone())
                    .unwrap_or_else(|| au.login.clone()),
            ))
            .filter(|d| !d.is_empty());
            b.is_owner = Some(&a.id) == owner_id.as_ref();
            let mut ext = crate::model::Ext::default();
            ext.insert("author_id", json!(au.id.to_string()));
            for k in ["author_email", "author_first_name", "author_last_name"] {
                if let Some(v) = a
                    .ext
                    .get_str(k)
                    .filter(|v| is_wp(&a.id) && !v.trim().is_empty())
                {
                    ext.insert(k, json!(v.trim()));
                }
            }
            b.ext = ext;
        } else if Some(&a.id) == owner_id.as_ref() && !owner_is_author {
            b.display_name = Some(owner_name.clone()).filter(|n| !n.trim().is_empty());
            b.url = Some(wr.site_url.clone());
            b.is_owner = true;
            b.ext = crate::model::Ext::from_map(site_ext.clone());
        } else if let Some((name, url)) = wr.guests.get(&a.id) {
            b.display_name = name.clone();
            b.url = url.clone();
        } else if is_wp(&a.id) && wr_commenter(&a.id) && wr.commenters.contains(&a.id) {
            // a WordPress commenter or linking site, known by name: as it was
            b = a.clone();
        } else {
            book.lost(
                Kind::Account,
                "accounts are carried as the site's authors and commenters only",
            );
            continue;
        }
        settle(book, Kind::Account, &a, &b, &[], &|f| {
            reason(Kind::Account, f)
        });
        book.wrote(Kind::Account);
    }
    // media: the attachments written
    for r in ctx.archive.records(Kind::Media)? {
        let Record::Media(m) = r? else { continue };
        if !ctx.filter.in_network(&m.network) {
            continue;
        }
        let Some((url, post)) = wr.media_out.get(&m.id) else {
            book.lost(
                Kind::Media,
                wr.media_lost
                    .get(&m.id)
                    .copied()
                    .unwrap_or("media are carried as attachments of the posts written"),
            );
            continue;
        };
        let (ext, alt) = wr.media_ext.get(&m.id).cloned().unwrap_or_default();
        let b = media_back(&m, url, post, ext, alt);
        settle(book, Kind::Media, &m, &b, &[], &|f| reason(Kind::Media, f));
        book.wrote(Kind::Media);
    }
    ctx.count_unexpressed(
        book,
        &[Kind::Relationship, Kind::Reaction, Kind::Conversation],
        "WordPress has no place for them",
    )?;
    let _ = Format::Wxr;
    Ok(())
}

/// A WordPress commenter's or linking site's account (`…/guest/…`, `…/site/…`).
fn wr_commenter(id: &str) -> bool {
    let n = native(id);
    n.contains("/guest/") || n.contains("/site/")
}

/// What the reader makes of an attachment.
fn media_back(
    m: &Media,
    url: &str,
    post: &str,
    ext: Map<String, Value>,
    alt: Option<String>,
) -> Media {
    let mut b = m.clone();
    b.network = network_of(&m.id).to_string();
    b.kind = crate::import::wordpress::media_kind(url).to_string();
    b.mime = Some(crate::archive::mime_of(url).to_string());
    b.sha256 = None;
    b.bytes = None;
    b.path = None;
    b.original_path = None;
    b.original_url = Some(url.to_string());
    b.missing = true;
    b.attached_to = vec![post.to_string()];
    b.alt_text = alt;
    b.ext = crate::model::Ext::from_map(ext);
    b
}
