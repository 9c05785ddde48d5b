//! Tumblr blog export (Blog settings → Export): `posts/posts.xml` (T-XML, up to
//! ~2016: the legacy API v1 "read" format, every legacy post type), `posts/html/<id>.html`
//! (every generation: one rendered page per post, the only post data since ~2016),
//! asks received in `posts/html/submissions/`, `posts/posts_index.html`, and the media
//! files `media/<post id>[_<n>].<ext>`; plus API v2 / NPF JSON (`GET …/posts?npf=true`
//! responses, or one post per file as backup tools write them).
//!
//! Reblogs: the reblogged post (from the legacy `tumblr_blog` trail markup, or the
//! NPF `trail[]`) is its own record, by its blog, and the reblog has `repost_of`.
//! Media are matched by file name (the pages' relative paths are inconsistent); a
//! referenced file absent from the dump is a `missing` media record and is reported.
//! See `formats/tumblr/README.md`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;

use serde_json::Value;

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Ext, Kind, Link, Media, Post, Record, Source, Timestamp, Visibility,
};
use crate::read::html;
use crate::read::text::decode_entities;
use crate::read::xml;

const NET: &str = "tumblr";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "T-XML (exports up to ~2016): posts/posts.xml (legacy API v1 types regular, photo, quote, link, conversation, audio, video, answer) beside posts/html/",
    "T-HTML (~2016 to now): posts/html/<id>.html per post, posts/html/submissions/ (asks), posts_index.html, media/<id>_<n>.<ext>",
    "API v2 / NPF JSON (posts?npf=true responses, or one post per file): content blocks, trail, tags, note_count",
];

/// tumblr: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "tumblr",
    description: "Tumblr blog export (posts.xml, per-post HTML, media) and API / NPF JSON",
    generations: GENERATIONS,
    detect,
    sniff: None,
    make,
};

/// Reblog trails deeper than this are cut (each level is a nested blockquote).
const MAX_TRAIL: usize = 32;

/// What an entry of the export is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Xml,
    Page,
    Submission,
    Index,
    Json,
    Media,
}

fn role_of(name: &str) -> Option<Role> {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if lower.starts_with("media/") || lower.contains("/media/") {
        return Some(Role::Media);
    }
    if file == "posts.xml" {
        return Some(Role::Xml);
    }
    if file == "posts_index.html" {
        return Some(Role::Index);
    }
    if lower.contains("html/submissions/") && file.ends_with(".html") {
        return Some(Role::Submission);
    }
    if lower.contains("html/") && file.ends_with(".html") {
        return Some(Role::Page);
    }
    if file.ends_with(".json") {
        return Some(Role::Json);
    }
    None
}

pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        let lower = e.name.to_ascii_lowercase();
        score = score.max(match role_of(&e.name) {
            Some(Role::Xml) if lower.ends_with("posts/posts.xml") => 90,
            Some(Role::Index) => 90,
            Some(Role::Page) | Some(Role::Submission) if lower.contains("posts/html/") => 70,
            Some(Role::Json) if lower.contains("tumblr") => 40,
            _ => 0,
        });
    }
    (score > 0).then_some(score)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    let has = |r: Role| entries.iter().any(|e| role_of(&e.name) == Some(r));
    let generation = if has(Role::Xml) {
        "T-XML (posts.xml)"
    } else if has(Role::Page) || has(Role::Index) {
        "T-HTML (posts/html)"
    } else {
        "API / NPF JSON"
    };
    Box::new(Tumblr {
        generation,
        ..Tumblr::default()
    })
}

/// A media file of the dump, by file name.
struct File {
    entry: String,
    stored: Stored,
    used: bool,
}

/// The Tumblr importer.
#[derive(Default)]
pub struct Tumblr {
    generation: &'static str,
    /// The blog's name, when the dump says it (posts.xml `tumblelog`, API `blog_name`).
    blog: Option<String>,
    files: BTreeMap<String, File>,
    /// Posts emitted, by record id.
    posts: HashSet<String>,
    /// Reblogged posts seen in trails, emitted at the end unless exported themselves.
    trail: BTreeMap<String, Post>,
    /// Other blogs named in trails and asks.
    blogs: BTreeMap<String, Source>,
    index: BTreeSet<String>,
    warned_local_time: bool,
}

/// Text between `start` and the next `end`, from `from` on.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// Every `<name …>` start tag: (start, end, attributes).
fn start_tags<'a>(s: &'a str, name: &str) -> Vec<(usize, usize, &'a str)> {
    let mut out = Vec::new();
    let pat = format!("<{name}");
    let mut from = 0;
    while let Some(i) = s[from..].find(&pat).map(|i| i + from) {
        let after = i + pat.len();
        let next = s.as_bytes().get(after).copied().unwrap_or(b'>');
        from = after;
        if !(next.is_ascii_whitespace() || next == b'>' || next == b'/') {
            continue;
        }
        // the tag ends at the first '>' outside quotes
        let mut q: Option<u8> = None;
        let mut end = None;
        for (k, &c) in s.as_bytes()[after..].iter().enumerate() {
            match (q, c) {
                (None, b'"' | b'\'') => q = Some(c),
                (Some(open), c) if c == open => q = None,
                (None, b'>') => {
                    end = Some(after + k + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let attrs = s[after..end - 1].trim_end_matches('/');
        out.push((i, end, attrs));
        from = end;
    }
    out
}

/// The post id a Tumblr post URL names (`…/post/<id>/…`).
fn post_id_of_url(url: &str) -> Option<String> {
    let i = url.find("/post/")?;
    let id: String = url[i + 6..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!id.is_empty()).then_some(id)
}

/// The blog name of a `https://<blog>.tumblr.com/…` URL.
fn blog_of_url(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    let blog = host.strip_suffix(".tumblr.com")?;
    (!blog.is_empty() && blog != "www").then(|| blog.to_string())
}

/// A page's footer time: ` October 14th, 2014 1:15pm ` (blog-local, no zone).
fn page_time(s: &str) -> Option<Timestamp> {
    let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    if words.len() != 4 {
        return None;
    }
    let day = words[1].trim_end_matches(',');
    let digits: String = day.chars().take_while(|c| c.is_ascii_digit()).collect();
    words[1] = format!("{digits},");
    let t = words[3].to_ascii_uppercase();
    words[3] = t;
    let joined = words.join(" ");
    chrono::NaiveDateTime::parse_from_str(&joined, "%B %d, %Y %I:%M%p")
        .ok()
        .and_then(|dt| Timestamp::from_millis(dt.and_utc().timestamp_millis()))
}

/// Post id of a media file name: `123_0.jpg` → `123`.
fn media_post_id(file: &str) -> &str {
    let stem = file.split('.').next().unwrap_or(file);
    stem.split('_').next().unwrap_or(stem)
}

/// Media kind by file name or URL.
fn kind_of(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let ext = lower
        .split(['?', '#'])
        .next()
        .unwrap_or(&lower)
        .rsplit('.')
        .next()
        .unwrap_or("");
    match ext {
        "gif" => "gif",
        "mp4" | "mov" | "webm" | "m4v" => "video",
        "mp3" | "m4a" | "ogg" | "wav" | "aac" => "audio",
        _ => "photo",
    }
}

/// One level of a legacy reblog trail: `<p><a class="tumblr_blog" href=…>blog</a>:</p>
/// <blockquote>…</blockquote>`.
struct TrailLevel {
    blog: String,
    url: String,
    id: Option<String>,
    /// The quoted post's own HTML (its own trail removed).
    inner: String,
}

/// Split a body into its reblog trail (outermost first) and the reblogger's own HTML.
fn split_trail(body: &str) -> (Vec<TrailLevel>, String) {
    let mut levels = Vec::new();
    let mut own = String::new();
    let mut cur = body.to_string();
    for depth in 0..MAX_TRAIL {
        let Some((a_start, a_end, attrs)) =
            start_tags(&cur, "a").into_iter().find(|(_, _, attrs)| {
                html::attr(attrs, "class").is_some_and(|c| c.contains("tumblr_blog"))
            })
        else {
            break;
        };
        let href = html::attr(attrs, "href").unwrap_or_default();
        let name = cur[a_end..]
            .find("</a>")
            .map(|j| html::to_text(&cur[a_end..a_end + j]))
            .unwrap_or_default();
        // the quote that follows, with its nested quotes
        let Some(bq) = cur[a_end..].find("<blockquote").map(|j| j + a_end) else {
            break;
        };
        let Some(open_end) = cur[bq..].find('>').map(|j| j + bq + 1) else {
            break;
        };
        let mut depth_q = 1usize;
        let mut k = open_end;
        let mut close = None;
        while let Some(j) = cur[k..].find("blockquote") {
            let at = k + j;
            if cur[..at].ends_with("</") {
                depth_q -= 1;
                if depth_q == 0 {
                    close = Some((at - 2, cur[at..].find('>').map(|m| at + m + 1)));
                    break;
                }
            } else if cur[..at].ends_with('<') {
                depth_q += 1;
            }
            k = at + "blockquote".len();
        }
        let (inner_end, after) = match close {
            Some((ie, Some(a))) => (ie, a),
            _ => (cur.len(), cur.len()),
        };
        let inner = cur[open_end..inner_end].to_string();
        // the paragraph holding the link starts the trail
        let p_start = cur[..a_start]
            .rfind("<p")
            .filter(|&p| !cur[p..a_start].contains("</p>"))
            .unwrap_or(a_start);
        let outside = format!("{}{}", &cur[..p_start], &cur[after..]);
        if depth == 0 {
            own = outside.clone();
        }
        levels.push(TrailLevel {
            blog: blog_of_url(&href).unwrap_or_else(|| name.trim().to_string()),
            id: post_id_of_url(&href),
            url: href,
            inner: String::new(),
        });
        if depth > 0 {
            if let Some(prev) = levels.len().checked_sub(2).and_then(|i| levels.get_mut(i)) {
                prev.inner = outside;
            }
        }
        cur = inner;
    }
    if levels.is_empty() {
        return (levels, body.to_string());
    }
    if let Some(last) = levels.last_mut() {
        last.inner = cur;
    }
    (levels, own)
}

/// A media record for a URL outside the dump.
fn remote_media(id: String, url: &str, post: &str, src: &Source) -> Media {
    Media {
        id,
        network: NET.into(),
        kind: kind_of(url).into(),
        original_url: Some(url.to_string()),
        attached_to: vec![post.to_string()],
        source: src.clone(),
        ..Default::default()
    }
}

impl Tumblr {
    fn owner_id(&self) -> String {
        record_id(NET, Kind::Account, self.blog.as_deref().unwrap_or("owner"))
    }

    fn blog_id(&mut self, name: &str, src: &Source) -> String {
        if Some(name) == self.blog.as_deref() {
            return self.owner_id();
        }
        self.blogs
            .entry(name.to_string())
            .or_insert_with(|| src.clone());
        record_id(NET, Kind::Account, name)
    }

    fn emit_post(&mut self, p: Post, cx: &mut Context) -> Result<()> {
        self.posts.insert(p.id.clone());
        cx.emit(Record::Post(p))
    }

    /// A stored file by its name, as a media record attached to `post`.
    fn take_file(&mut self, file: &str, post: &str) -> Option<Media> {
        let f = self.files.get_mut(file)?;
        f.used = true;
        let mut m = Media {
            id: record_id(NET, Kind::Media, file),
            network: NET.into(),
            kind: kind_of(file).into(),
            attached_to: vec![post.to_string()],
            source: Source::entry(&f.entry),
            ..Default::default()
        };
        m.set_file(
            f.entry.clone(),
            f.stored.sha256.clone(),
            f.stored.bytes,
            f.stored.path.clone(),
        );
        Some(m)
    }

    /// Files of the dump named for this post (`<id>.<ext>`, `<id>_<n>.<ext>`) that no
    /// reference claimed.
    fn files_of(&mut self, native: &str, post: &str) -> Vec<Media> {
        let names: Vec<String> = self
            .files
            .iter()
            .filter(|(k, f)| !f.used && media_post_id(k) == native)
            .map(|(k, _)| k.clone())
            .collect();
        names
            .iter()
            .filter_map(|n| self.take_file(n, post))
            .collect()
    }

    /// Reblogged posts of a trail (outermost first): each its own record; returns the
    /// record id of the post reblogged directly.
    fn trail_posts(&mut self, levels: Vec<TrailLevel>, src: &Source) -> Option<String> {
        let mut ids: Vec<Option<String>> = levels
            .iter()
            .map(|l| l.id.as_ref().map(|i| record_id(NET, Kind::Post, i)))
            .collect();
        ids.push(None);
        for (i, l) in levels.into_iter().enumerate() {
            let Some(id) = ids[i].clone() else { continue };
            if self.trail.contains_key(&id) {
                continue;
            }
            let author = self.blog_id(&l.blog, src);
            let r = html::render(&l.inner);
            let mut ext = Ext::default();
            ext.insert("from_reblog_trail", Value::Bool(true));
            let p = Post {
                id: id.clone(),
                network: NET.into(),
                author,
                created_at: None,
                text: r.text,
                html: Some(l.inner.trim().to_string()).filter(|h| !h.is_empty()),
                url: Some(l.url),
                repost_of: ids.get(i + 1).cloned().flatten(),
                visibility: Visibility::Public,
                links: anchors_to_links(r.anchors),
                source: src.clone(),
                ext,
                ..Default::default()
            };
            self.trail.insert(id, p);
        }
        ids.into_iter().next().flatten()
    }

    /// `posts.xml`, streamed: one `<post>` at a time (a big blog's file is never
    /// held whole), through the shared XML reader (forbidden characters repaired and
    /// counted, entities never expanded).
    fn xml(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let name = e.name.clone();
        let mut x = xml::XmlReader::new(r, &name).limit(cx.limits.max_field_bytes);
        let mut n = 0u64;
        let res: std::result::Result<(), xml::XmlError> = (|| {
            while let Some(open) = x.next_open()? {
                if open.node.name != "post" {
                    continue;
                }
                let post = x.collect(open)?;
                n += 1;
                self.xml_post(&post, Source::at(&name, n - 1), cx)
                    .map_err(xml::XmlError::Fatal)?;
            }
            Ok(())
        })();
        if let Err(err) = res {
            xml::parse_failure(err, Kind::Post, &name, cx.report)?;
            n += 1;
        }
        xml::finish_entry(&x, &name, cx.report);
        Ok(n)
    }

    fn xml_post(&mut self, p: &xml::Node, src: Source, cx: &mut Context) -> Result<()> {
        let Some(native) = p.attr("id").filter(|i| !i.is_empty()).map(str::to_string) else {
            cx.report.skipped(
                Kind::Post,
                "post without an id",
                format!("{}#{}", src.entry, src.index.unwrap_or(0)),
            );
            return Ok(());
        };
        if self.blog.is_none() {
            self.blog = p.attr("tumblelog").map(str::to_string);
        }
        let id = record_id(NET, Kind::Post, &native);
        // a post listed twice is kept twice: the import's id guard gives the second a
        // derived id and reports it
        let typ = p.attr("type").unwrap_or("regular");
        let mut ext = Ext::default();
        let mut raw = BTreeMap::new();
        let created_at = p
            .attr("unix-timestamp")
            .and_then(|t| t.parse::<i64>().ok())
            .and_then(|t| t.checked_mul(1000))
            .and_then(Timestamp::from_millis)
            .or_else(|| {
                let d = p.attr("date-gmt")?;
                let (t, _) = Timestamp::parse(d)?;
                raw.insert("created_at".to_string(), d.to_string());
                Some(t)
            });
        let mut title = None;
        let mut body_html = String::new();
        let mut links: Vec<Link> = Vec::new();
        let mut media = Vec::new();
        let mut extra_text = String::new();
        let child = |n: &str| p.text_of(n).map(str::to_string);
        match typ {
            "regular" | "text" => {
                title = child("regular-title");
                body_html = child("regular-body").unwrap_or_default();
            }
            "photo" => {
                body_html = child("photo-caption").unwrap_or_default();
                if let Some(u) = child("photo-link-url") {
                    ext.insert_string("photo-link-url", u);
                }
            }
            "quote" => {
                body_html = child("quote-text").unwrap_or_default();
                if let Some(s) = child("quote-source") {
                    let r = html::render(&s);
                    extra_text = format!("— {}", r.text);
                    links.extend(anchors_to_links(r.anchors));
                    ext.insert_string("quote-source", s);
                }
            }
            "link" => {
                title = child("link-text");
                body_html = child("link-description").unwrap_or_default();
                if let Some(u) = child("link-url") {
                    links.push(Link {
                        url: u,
                        short_url: None,
                        display: title.clone(),
                    });
                }
            }
            "conversation" | "chat" => {
                title = child("conversation-title");
                let lines: Vec<String> = p
                    .child("conversation")
                    .map(|c| {
                        c.all("line")
                            .map(|l| {
                                let label = l.attr("label").or(l.attr("name")).unwrap_or("");
                                format!("{label} {}", l.text.trim()).trim().to_string()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                extra_text = if lines.is_empty() {
                    child("conversation-text")
                        .unwrap_or_default()
                        .replace("\r\n", "\n")
                } else {
                    lines.join("\n")
                };
            }
            "audio" => {
                body_html = child("audio-caption").unwrap_or_default();
                for c in &p.children {
                    if c.name.starts_with("id3-") || c.name == "audio-player" {
                        ext.insert_string(&c.name, c.text.clone());
                    }
                }
            }
            "video" => {
                body_html = child("video-caption").unwrap_or_default();
                if let Some(u) = child("video-source") {
                    if u.starts_with("http") {
                        links.push(Link {
                            url: u.clone(),
                            short_url: None,
                            display: None,
                        });
                    }
                    ext.insert_string("video-source", u);
                }
                if let Some(v) = child("video-player") {
                    ext.insert_string("video-player", v);
                }
            }
            "answer" => {
                body_html = child("answer").unwrap_or_default();
                if let Some(q) = child("question") {
                    let q = html::to_text(&q);
                    if body_html.trim().is_empty() {
                        // an unanswered ask: the question is all there is
                        extra_text = q.clone();
                    }
                    ext.insert_string("question", q);
                }
            }
            other => {
                ext.insert_string("unknown_type", other.to_string());
                for c in &p.children {
                    if c.name != "tag" {
                        ext.insert_string(&c.name, c.text.clone());
                    }
                }
            }
        }
        ext.insert_string("type", typ.to_string());
        // remote photos: the largest size of each
        let mut photo_urls: Vec<String> = Vec::new();
        let largest = |n: &xml::Node| -> Option<String> {
            n.all("photo-url")
                .max_by_key(|u| {
                    u.attr("max-width")
                        .and_then(|w| w.parse::<u32>().ok())
                        .unwrap_or(0)
                })
                .map(|u| u.text.trim().to_string())
                .filter(|u| !u.is_empty())
        };
        if let Some(set) = p.child("photoset") {
            for ph in set.all("photo") {
                if let Some(u) = largest(ph) {
                    photo_urls.push(u);
                }
            }
        }
        if photo_urls.is_empty() {
            if let Some(u) = largest(p) {
                photo_urls.push(u);
            }
        }
        for (i, u) in photo_urls.iter().enumerate() {
            // the downloaded copy: `<id>_<i>.<ext>` (or `<id>.<ext>` for one photo)
            let local = self
                .files
                .iter()
                .find(|(k, f)| {
                    let stem = k.split('.').next().unwrap_or(k);
                    !f.used
                        && (stem == format!("{native}_{i}")
                            || (photo_urls.len() == 1 && stem == native))
                })
                .map(|(k, _)| k.clone());
            let m = match local.and_then(|k| self.take_file(&k, &id)) {
                Some(mut m) => {
                    m.original_url = Some(u.clone());
                    m
                }
                None => {
                    let mid = record_id(NET, Kind::Media, &format!("{native}/{i}"));
                    remote_media(mid, u, &id, &src)
                }
            };
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        for m in self.files_of(&native, &id) {
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        let r = html::render(&body_html);
        let mut text = r.text;
        if !extra_text.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&extra_text);
        }
        links.extend(anchors_to_links(r.anchors));
        let state = p.attr("state").unwrap_or("published");
        let (status, visibility) = state_of(state);
        let tags: Vec<String> = p.all("tag").map(|t| t.text.trim().to_string()).collect();
        let mut metrics = BTreeMap::new();
        for k in ["note-count", "notes"] {
            if let Some(n) = p.attr(k).and_then(|v| v.parse::<u64>().ok()) {
                metrics.insert("notes".to_string(), n);
            }
        }
        for (k, v) in &p.attrs {
            if !matches!(
                k.as_str(),
                "id" | "url" | "url-with-slug" | "type" | "unix-timestamp" | "state"
            ) {
                ext.insert_string(k, v.clone());
            }
        }
        let post = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            html: Some(body_html).filter(|h| !h.trim().is_empty()),
            title: title.map(|t| html::to_text(&t)),
            url: p
                .attr("url-with-slug")
                .or(p.attr("url"))
                .map(str::to_string),
            visibility,
            status,
            media,
            links,
            tags,
            metrics,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)
    }

    fn page(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let native = e
            .file_name()
            .trim_end_matches(".html")
            .trim_end_matches(".htm")
            .to_string();
        let id = record_id(NET, Kind::Post, &native);
        if self.posts.contains(&id) {
            // the page of a post already read from posts.xml
            return Ok(0);
        }
        let src = Source::entry(&e.name);
        let body_start = s
            .find("<body")
            .and_then(|i| s[i..].find('>').map(|j| i + j + 1));
        let footer_at = s.find("<div id=\"footer\">");
        let body = match (body_start, footer_at) {
            (Some(b), Some(f)) if f >= b => &s[b..f],
            (Some(b), _) => &s[b..s[b..].find("</body>").map(|j| b + j).unwrap_or(s.len())],
            _ => &s[..],
        };
        let footer = footer_at.map(|f| &s[f..]).unwrap_or("");
        let mut body = body.to_string();
        // title
        let title = between(&body, "<h1>", "</h1>").map(html::to_text);
        if let Some(i) = body.find("<h1>") {
            if let Some(j) = body[i..].find("</h1>") {
                body.replace_range(i..i + j + 5, "");
            }
        }
        // embeds: iframes, video, audio
        let mut embeds = Vec::new();
        for name in ["iframe", "video", "audio", "source", "embed"] {
            for (_, _, attrs) in start_tags(&body, name) {
                if let Some(u) = html::attr(attrs, "src") {
                    embeds.push((name, u.trim().to_string()));
                }
            }
        }
        let imgs: Vec<String> = start_tags(&body, "img")
            .into_iter()
            .filter_map(|(_, _, a)| html::attr(a, "src").map(|u| u.trim().to_string()))
            .collect();
        let (levels, own) = split_trail(&body);
        let repost_of = self.trail_posts(levels, &src);
        let r = html::render(&own);
        let mut media = Vec::new();
        let mut remote = 0usize;
        let all: Vec<(&str, &String)> = imgs
            .iter()
            .map(|u| ("img", u))
            .chain(embeds.iter().map(|(n, u)| (*n, u)))
            .collect();
        for (tag, u) in all {
            let local = !u.contains("://") || u.contains("/media/") && !u.starts_with("http");
            let file = u.rsplit('/').next().unwrap_or(u).trim().to_string();
            if local && !file.is_empty() {
                if let Some(m) = self.take_file(&file, &id) {
                    media.push(m.id.clone());
                    cx.emit(Record::Media(m))?;
                } else if !media.contains(&record_id(NET, Kind::Media, &file)) {
                    cx.report
                        .missing_media(format!("{file} (referenced by {})", e.name));
                    let mid = record_id(NET, Kind::Media, &file);
                    media.push(mid.clone());
                    cx.emit(Record::Media(Media {
                        id: mid,
                        network: NET.into(),
                        kind: kind_of(&file).into(),
                        original_path: Some(format!("media/{file}")),
                        attached_to: vec![id.clone()],
                        missing: true,
                        source: src.clone(),
                        ..Default::default()
                    }))?;
                }
            } else if u.starts_with("http") {
                let mid = record_id(NET, Kind::Media, &format!("{native}/{remote}"));
                remote += 1;
                media.push(mid.clone());
                let mut m = remote_media(mid, u, &id, &src);
                match tag {
                    "iframe" | "video" | "embed" => m.kind = "video".into(),
                    "audio" => m.kind = "audio".into(),
                    _ => {}
                }
                cx.emit(Record::Media(m))?;
            }
        }
        for m in self.files_of(&native, &id) {
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        let typ = if !embeds.is_empty() {
            if embeds.iter().any(|(n, _)| *n == "audio") {
                "audio"
            } else {
                "video"
            }
        } else if !imgs.is_empty() && title.is_none() {
            "photo"
        } else {
            "text"
        };
        let mut ext = Ext::default();
        ext.insert_string("type_inferred", typ.to_string());
        let mut raw = BTreeMap::new();
        let stamp = between(footer, "<span id=\"timestamp\">", "</span>").map(|t| t.trim());
        let created_at = stamp.and_then(|t| {
            let ts = page_time(t)?;
            raw.insert("created_at".to_string(), t.to_string());
            Some(ts)
        });
        if created_at.is_some() && !self.warned_local_time {
            self.warned_local_time = true;
            cx.report.warn(
                "post pages give their time in the blog's time zone, without seconds: read as UTC (the original is kept in raw_times)",
            );
        }
        if let (None, Some(t)) = (created_at, stamp) {
            ext.insert_string("timestamp", t.to_string());
        }
        let tags: Vec<String> = footer
            .split("<span class=\"tag\">")
            .skip(1)
            .filter_map(|t| t.split("</span>").next())
            .map(|t| decode_entities(t.trim()).into_owned())
            .filter(|t| !t.is_empty())
            .collect();
        let mut links: Vec<Link> = anchors_to_links(r.anchors);
        for (n, u) in &embeds {
            if *n == "iframe" && u.starts_with("http") && !links.iter().any(|l| &l.url == u) {
                links.push(Link {
                    url: u.clone(),
                    short_url: None,
                    display: None,
                });
            }
        }
        let own = own.trim().to_string();
        let post = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text: r.text,
            html: Some(own).filter(|h| !h.is_empty()),
            title,
            repost_of,
            visibility: Visibility::Public,
            media,
            links,
            tags,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)?;
        Ok(1)
    }

    /// An ask received (`html/submissions/<id>.html`): a pending post by the asker.
    fn submission(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let native = format!("submission/{}", e.file_name().trim_end_matches(".html"));
        let src = Source::entry(&e.name);
        let Some(strong) = between(&s, "<strong>", "</strong>") else {
            cx.report
                .skipped(Kind::Post, "an ask page without its asker", &e.name);
            return Ok(1);
        };
        // the asker is an HTML-escaped link, or `Anonymous:`
        let asker_html = decode_entities(strong).into_owned();
        let asker = html::render(&asker_html);
        let (author, asker_url) = match asker.anchors.first() {
            Some(a) => {
                let name = blog_of_url(&a.href).unwrap_or_else(|| a.text.clone());
                (self.blog_id(&name, &src), Some(a.href.clone()))
            }
            None => {
                let name = asker.text.trim().trim_end_matches(':').trim();
                let name = if name.is_empty() { "Anonymous" } else { name };
                if name.eq_ignore_ascii_case("anonymous") {
                    (record_id(NET, Kind::Account, "anonymous"), None)
                } else {
                    (self.blog_id(name, &src), None)
                }
            }
        };
        let after = s.find("</strong>").map(|i| i + 9).unwrap_or(0);
        let end = s[after..]
            .find("<div id=\"footer\">")
            .map(|j| after + j)
            .unwrap_or(s.len());
        let question_html = s[after..end].replace("</div>", "");
        let text = html::to_text(&question_html);
        let footer = &s[end..];
        let mut raw = BTreeMap::new();
        let created_at = between(footer, "<span id=\"timestamp\">", "</span>").and_then(|t| {
            let ts = page_time(t.trim())?;
            raw.insert("created_at".to_string(), t.trim().to_string());
            Some(ts)
        });
        let mut ext = Ext::default();
        ext.insert_string("type", "ask".into());
        if let Some(u) = asker_url {
            ext.insert_string("asker_url", u);
        }
        let post = Post {
            id: record_id(NET, Kind::Post, &native),
            network: NET.into(),
            author,
            created_at,
            text,
            visibility: Visibility::Private,
            status: Some("pending".into()),
            reply_to_account: Some(self.owner_id()),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)?;
        Ok(1)
    }

    fn json(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let v: Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(err) => {
                cx.report
                    .skipped(Kind::Post, format!("not JSON: {err}"), &e.name);
                return Ok(1);
            }
        };
        let root = v.get("response").unwrap_or(&v);
        let posts: Vec<&Value> = match root {
            Value::Array(a) => a.iter().collect(),
            Value::Object(o) => match o.get("posts") {
                Some(Value::Array(a)) => a.iter().collect(),
                _ if o.contains_key("id") || o.contains_key("id_string") => vec![root],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        if posts.is_empty() {
            cx.report
                .skipped(Kind::Post, "a JSON file without Tumblr posts", &e.name);
            return Ok(1);
        }
        let n = posts.len() as u64;
        for (i, p) in posts.into_iter().enumerate() {
            self.api_post(p, Source::at(&e.name, i as u64), cx)?;
        }
        Ok(n)
    }

    fn api_post(&mut self, p: &Value, src: Source, cx: &mut Context) -> Result<()> {
        let l = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let native = match (p.get("id_string"), p.get("id")) {
            (Some(Value::String(s)), _) | (_, Some(Value::String(s))) => s.clone(),
            (_, Some(Value::Number(n))) => n.to_string(),
            _ => {
                cx.report.skipped(Kind::Post, "post without an id", l);
                return Ok(());
            }
        };
        let id = record_id(NET, Kind::Post, &native);
        // a post listed twice is kept twice (the id guard derives the second's id)
        let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
        let blog = s("blog_name").or_else(|| {
            p.get("blog")
                .and_then(|b| b.get("name"))
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        if self.blog.is_none() {
            self.blog = blog.clone();
        }
        let author = match blog.as_deref() {
            Some(b) => self.blog_id(b, &src),
            None => self.owner_id(),
        };
        let created_at = p
            .get("timestamp")
            .and_then(Value::as_i64)
            .and_then(|t| t.checked_mul(1000))
            .and_then(Timestamp::from_millis);
        let mut media = Vec::new();
        let mut links = Vec::new();
        let mut ext = Ext::default();
        let typ = s("type").unwrap_or_else(|| "text".into());
        ext.insert_string("type", typ.clone());
        let (text, html_body, title) = match p.get("content").and_then(Value::as_array) {
            Some(blocks) if !blocks.is_empty() || p.get("trail").is_some() => {
                let ask: BTreeSet<usize> = ask_blocks(p.get("layout"));
                let mut own = Vec::new();
                let mut question = Vec::new();
                for (i, b) in blocks.iter().enumerate() {
                    let t = self.npf_block(b, &native, &id, &src, &mut media, &mut links, cx)?;
                    if let Some(t) = t {
                        if ask.contains(&i) {
                            question.push(t);
                        } else {
                            own.push(t);
                        }
                    }
                }
                if !question.is_empty() {
                    ext.insert_string("question", question.join("\n\n"));
                }
                if let Some(asker) = asker_of(p.get("layout")) {
                    ext.insert_string("asker", asker);
                }
                (own.join("\n\n"), None, None)
            }
            _ => {
                // legacy API JSON: the fields of the legacy types
                let body = ["body", "caption", "description", "answer", "text"]
                    .iter()
                    .filter_map(|k| s(k))
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut text = html::to_text(&body);
                if let Some(src_q) = s("source").filter(|_| typ == "quote") {
                    text.push_str(&format!("\n\n— {}", html::to_text(&src_q)));
                }
                if let Some(d) = p.get("dialogue").and_then(Value::as_array) {
                    let lines: Vec<String> = d
                        .iter()
                        .map(|l| {
                            format!(
                                "{} {}",
                                l.get("label").and_then(Value::as_str).unwrap_or(""),
                                l.get("phrase").and_then(Value::as_str).unwrap_or("")
                            )
                            .trim()
                            .to_string()
                        })
                        .collect();
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&lines.join("\n"));
                }
                if let Some(q) = s("question") {
                    ext.insert_string("question", html::to_text(&q));
                }
                if let Some(u) = s("url").filter(|_| typ == "link") {
                    links.push(Link {
                        url: u,
                        short_url: None,
                        display: None,
                    });
                }
                if let Some(photos) = p.get("photos").and_then(Value::as_array) {
                    for ph in photos {
                        if let Some(u) = ph
                            .get("original_size")
                            .and_then(|o| o.get("url"))
                            .and_then(Value::as_str)
                        {
                            let mid =
                                record_id(NET, Kind::Media, &format!("{native}/{}", media.len()));
                            media.push(mid.clone());
                            cx.emit(Record::Media(remote_media(mid, u, &id, &src)))?;
                        }
                    }
                }
                for k in ["video_url", "audio_url"] {
                    if let Some(u) = s(k) {
                        let mid = record_id(NET, Kind::Media, &format!("{native}/{}", media.len()));
                        media.push(mid.clone());
                        cx.emit(Record::Media(remote_media(mid, &u, &id, &src)))?;
                    }
                }
                (text, Some(body).filter(|b| !b.is_empty()), s("title"))
            }
        };
        for m in self.files_of(&native, &id) {
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        // the reblog trail: each reblogged post its own record
        let mut repost_of = p
            .get("parent_post_id")
            .or_else(|| p.get("reblogged_from_id"))
            .and_then(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .map(|i| record_id(NET, Kind::Post, &i));
        if let Some(trail) = p.get("trail").and_then(Value::as_array) {
            let mut prev: Option<String> = None;
            let mut last: Option<String> = None;
            for t in trail.iter().take(MAX_TRAIL) {
                let tid = t
                    .get("post")
                    .and_then(|x| x.get("id"))
                    .and_then(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    });
                let Some(tid) = tid.filter(|t| *t != native) else {
                    continue;
                };
                let trid = record_id(NET, Kind::Post, &tid);
                let bname = t
                    .get("blog")
                    .and_then(|b| b.get("name"))
                    .and_then(Value::as_str)
                    .or_else(|| t.get("broken_blog_name").and_then(Value::as_str))
                    .unwrap_or("unknown");
                if !self.trail.contains_key(&trid) {
                    let tauthor = self.blog_id(bname, &src);
                    let mut tm = Vec::new();
                    let mut tl = Vec::new();
                    let mut texts = Vec::new();
                    if let Some(blocks) = t.get("content").and_then(Value::as_array) {
                        for b in blocks {
                            if let Some(x) =
                                self.npf_block(b, &tid, &trid, &src, &mut tm, &mut tl, cx)?
                            {
                                texts.push(x);
                            }
                        }
                    }
                    let mut text = texts.join("\n\n");
                    if text.is_empty() {
                        if let Some(c) = t.get("content_raw").and_then(Value::as_str) {
                            text = html::to_text(c);
                        }
                    }
                    let mut text_ext = Ext::default();
                    text_ext.insert("from_reblog_trail", Value::Bool(true));
                    self.trail.insert(
                        trid.clone(),
                        Post {
                            id: trid.clone(),
                            network: NET.into(),
                            author: tauthor,
                            text,
                            repost_of: prev.clone(),
                            visibility: Visibility::Public,
                            media: tm,
                            links: tl,
                            source: src.clone(),
                            ext: text_ext,
                            ..Default::default()
                        },
                    );
                }
                prev = Some(trid.clone());
                last = Some(trid);
            }
            if repost_of.is_none() {
                repost_of = last;
            }
        }
        let tags: Vec<String> = p
            .get("tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut metrics = BTreeMap::new();
        if let Some(n) = p.get("note_count").and_then(Value::as_u64) {
            metrics.insert("notes".to_string(), n);
        }
        let (status, visibility) = state_of(&s("state").unwrap_or_else(|| "published".into()));
        for k in [
            "reblog_key",
            "slug",
            "summary",
            "format",
            "date",
            "short_url",
        ] {
            if let Some(v) = p.get(k) {
                ext.insert(k, v.clone());
            }
        }
        if let Some(v) = p.get("layout") {
            ext.insert("layout", v.clone());
        }
        let post = Post {
            id,
            network: NET.into(),
            author,
            created_at,
            text,
            html: html_body,
            title,
            url: s("post_url"),
            repost_of,
            visibility,
            status,
            media,
            links,
            tags,
            metrics,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)
    }

    /// One NPF content block: its text, and its media and links.
    #[allow(clippy::too_many_arguments)]
    fn npf_block(
        &mut self,
        b: &Value,
        native: &str,
        post: &str,
        src: &Source,
        media: &mut Vec<String>,
        links: &mut Vec<Link>,
        cx: &mut Context,
    ) -> Result<Option<String>> {
        let s = |k: &str| b.get(k).and_then(Value::as_str).map(str::to_string);
        let media_url = |b: &Value| -> Option<String> {
            match b.get("media") {
                Some(Value::Array(a)) => a.first()?.get("url")?.as_str().map(str::to_string),
                Some(Value::Object(o)) => o.get("url")?.as_str().map(str::to_string),
                _ => None,
            }
            .or_else(|| b.get("url").and_then(Value::as_str).map(str::to_string))
        };
        match b.get("type").and_then(Value::as_str).unwrap_or("") {
            "text" => {
                let t = s("text").unwrap_or_default();
                Ok(Some(match b.get("subtype").and_then(Value::as_str) {
                    Some("unordered-list-item") => format!("- {t}"),
                    Some("quote") | Some("indented") => format!("> {t}"),
                    _ => t,
                }))
            }
            kind @ ("image" | "video" | "audio") => {
                if let Some(u) = media_url(b) {
                    let file = u.split(['?', '#']).next().unwrap_or(&u);
                    let file = file.rsplit('/').next().unwrap_or(file);
                    let mut m = match self.take_file(file, post) {
                        Some(m) => m,
                        None => {
                            let mid =
                                record_id(NET, Kind::Media, &format!("{native}/{}", media.len()));
                            remote_media(mid, &u, post, src)
                        }
                    };
                    m.original_url = Some(u.clone());
                    m.kind = match kind {
                        "image" => kind_of(&u).to_string(),
                        k => k.to_string(),
                    };
                    m.alt_text = s("alt_text");
                    media.push(m.id.clone());
                    cx.emit(Record::Media(m))?;
                }
                Ok(s("title").or_else(|| s("caption")))
            }
            "link" => {
                if let Some(u) = s("url") {
                    links.push(Link {
                        url: u,
                        short_url: None,
                        display: s("title"),
                    });
                }
                Ok(s("title"))
            }
            "poll" => {
                let q = s("question").unwrap_or_default();
                let answers: Vec<String> = b
                    .get("answers")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.get("answer_text").and_then(Value::as_str))
                            .map(|x| format!("- {x}"))
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Some(
                    format!("{q}\n{}", answers.join("\n")).trim().to_string(),
                ))
            }
            _ => Ok(None),
        }
    }
}

/// Indices of the content blocks an `ask` layout holds (the question).
fn ask_blocks(layout: Option<&Value>) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for l in layout.and_then(Value::as_array).into_iter().flatten() {
        if l.get("type").and_then(Value::as_str) == Some("ask") {
            for b in l
                .get("blocks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(i) = b.as_u64() {
                    out.insert(i as usize);
                }
            }
        }
    }
    out
}

/// The blog that asked, from an `ask` layout's attribution.
fn asker_of(layout: Option<&Value>) -> Option<String> {
    layout?.as_array()?.iter().find_map(|l| {
        (l.get("type").and_then(Value::as_str) == Some("ask"))
            .then(|| {
                l.pointer("/attribution/blog/name")?
                    .as_str()
                    .map(str::to_string)
            })
            .flatten()
    })
}

/// Status and visibility of a post state.
fn state_of(state: &str) -> (Option<String>, Visibility) {
    match state {
        "draft" => (Some("draft".into()), Visibility::Private),
        "queued" | "queue" => (Some("pending".into()), Visibility::Private),
        "submission" => (Some("pending".into()), Visibility::Private),
        "private" => (None, Visibility::Private),
        _ => (None, Visibility::Public),
    }
}

fn anchors_to_links(anchors: Vec<html::Anchor>) -> Vec<Link> {
    anchors
        .into_iter()
        .filter(|a| a.href.starts_with("http"))
        .map(|a| Link {
            url: a.href,
            short_url: None,
            display: Some(a.text).filter(|t| !t.is_empty()),
        })
        .collect()
}

impl Importer for Tumblr {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        self.generation.to_string()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        let parse = |phase: u8, role: &str| Plan::Parse {
            phase,
            role: role.to_string(),
        };
        match role_of(&e.name) {
            Some(Role::Media) => Plan::Media {
                role: "post media".into(),
            },
            Some(Role::Index) => parse(3, "posts index"),
            Some(Role::Xml) => parse(10, "posts.xml (every post)"),
            Some(Role::Json) => parse(10, "API / NPF posts (JSON)"),
            Some(Role::Page) => parse(11, "post page"),
            Some(Role::Submission) => parse(12, "ask received"),
            None => Plan::Carry {
                role: if e.name.ends_with(".css") {
                    "style sheet of the pages".into()
                } else {
                    "not part of the Tumblr export lifeboat maps, kept verbatim".into()
                },
            },
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        match role_of(&e.name) {
            Some(Role::Xml) => self.xml(e, r, cx),
            Some(Role::Page) => self.page(e, r, cx),
            Some(Role::Submission) => self.submission(e, r, cx),
            Some(Role::Json) => self.json(e, r, cx),
            Some(Role::Index) => {
                let mut bytes = Vec::new();
                r.read_to_end(&mut bytes)
                    .map_err(|err| Error::io(&e.name, err))?;
                let s = String::from_utf8_lossy(&bytes);
                for part in s.split("class='post_link' id='").skip(1) {
                    if let Some(id) = part.split('\'').next() {
                        if self.index.len() < 10_000_000 {
                            self.index.insert(id.to_string());
                        }
                    }
                }
                Ok(0)
            }
            _ => Ok(0),
        }
    }

    /// A blog export (Blog settings → Export) is the whole blog: posts.xml holds every
    /// post, and later exports one page per post, with the asks received and the media.
    /// API / NPF JSON is what a tool fetched page by page, which says nothing of
    /// whether every page is there.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        use super::Cover;
        match role_of(entry) {
            Some(Role::Xml | Role::Page) => Cover::Complete(&["post", "media", "account"]),
            Some(Role::Submission) => Cover::Complete(&["post", "account"]),
            Some(Role::Json) => Cover::Unknown(
                "API / NPF JSON is what a tool fetched page by page; it does not say whether every post is there",
            ),
            Some(Role::Index | Role::Media) | None => Cover::Complete(&[]),
        }
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        self.files.insert(
            e.file_name().to_string(),
            File {
                entry: e.name.clone(),
                stored: stored.clone(),
                used: false,
            },
        );
        Ok(())
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        let owner = Account {
            id: self.owner_id(),
            network: NET.into(),
            handle: self.blog.clone(),
            url: self
                .blog
                .as_ref()
                .map(|b| format!("https://{b}.tumblr.com/")),
            is_owner: true,
            source: Source::entry("posts"),
            ..Default::default()
        };
        cx.emit(Record::Account(owner))?;
        for (id, p) in std::mem::take(&mut self.trail) {
            if !self.posts.contains(&id) {
                self.emit_post(p, cx)?;
            }
        }
        let missing: Vec<String> = self
            .index
            .iter()
            .filter(|i| !self.posts.contains(&record_id(NET, Kind::Post, i)))
            .cloned()
            .collect();
        if !missing.is_empty() {
            cx.report.warn(format!(
                "{} post(s) of posts_index.html have no page in the dump (first: {})",
                missing.len(),
                missing[0]
            ));
        }
        let rest: Vec<String> = self
            .files
            .iter()
            .filter(|(_, f)| !f.used)
            .map(|(k, _)| k.clone())
            .collect();
        for file in rest {
            let pid = media_post_id(&file).to_string();
            let post = record_id(NET, Kind::Post, &pid);
            if let Some(mut m) = self.take_file(&file, &post) {
                if !self.posts.contains(&post) {
                    m.attached_to.clear();
                    m.ext.insert_string("post_id", pid);
                }
                cx.emit(Record::Media(m))?;
            }
        }
        for (name, src) in std::mem::take(&mut self.blogs) {
            let a = Account {
                id: record_id(NET, Kind::Account, &name),
                network: NET.into(),
                handle: Some(name.clone()),
                url: Some(format!("https://{name}.tumblr.com/")),
                source: src,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_times_and_names() {
        assert_eq!(
            page_time("January 4th, 2015 5:00am").map(|t| t.to_rfc3339()),
            Some("2015-01-04T05:00:00Z".to_string())
        );
        assert_eq!(
            page_time("October 23rd, 2011 4:28pm").map(|t| t.to_rfc3339()),
            Some("2011-10-23T16:28:00Z".to_string())
        );
        assert!(page_time("nonsense").is_none());
        assert_eq!(media_post_id("123_1.jpg"), "123");
        assert_eq!(media_post_id("123.png"), "123");
        assert_eq!(
            role_of("posts/html/submissions/1.html"),
            Some(Role::Submission)
        );
        assert_eq!(role_of("media/1_0.jpg"), Some(Role::Media));
        assert_eq!(
            post_id_of_url("http://a.tumblr.com/post/67178838362/slug").as_deref(),
            Some("67178838362")
        );
    }

    #[test]
    fn nested_trails_split_from_the_reblog() {
        let body = r#"<p><a class="tumblr_blog" href="https://b1.tumblr.com/post/2">b1</a>:</p><blockquote><p><a class="tumblr_blog" href="https://b2.tumblr.com/post/1">b2</a>:</p><blockquote><p>origin</p></blockquote><p>b1 says</p></blockquote><p>mine</p>"#;
        let (levels, own) = split_trail(body);
        assert_eq!(levels.len(), 2);
        assert_eq!(levels[0].blog, "b1");
        assert_eq!(levels[0].id.as_deref(), Some("2"));
        assert_eq!(html::to_text(&levels[0].inner), "b1 says");
        assert_eq!(levels[1].blog, "b2");
        assert_eq!(html::to_text(&levels[1].inner), "origin");
        assert_eq!(html::to_text(&own), "mine");
        let (levels, own) = split_trail("<p>plain</p>");
        assert!(levels.is_empty());
        assert_eq!(own, "<p>plain</p>");
    }
}
