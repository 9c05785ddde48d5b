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

mod api;
mod pages;
mod posts_xml;

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
