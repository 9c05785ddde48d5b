//! Google+ (Google Takeout, 2011–2019): the posts of the Stream as JSON or as HTML
//! (the default), with their comments, +1s, reshares, polls, photos and audience;
//! your own +1s and comments on other people's posts (`ActivityLog/`); circles as
//! vCard (or, before 2015, CSV) files; the posts of communities you owned.
//!
//! Ids: a post by its `resourceName` (`users/<id>/posts/<thread>`) when the file has
//! one (JSON), else by its permalink without `https://plus.google.com/` (HTML, and
//! the permalinks the activity log names); accounts by the numeric user id, else the
//! last part of the profile URL (`+Name`). See `formats/googleplus/README.md`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use serde_json::{Map, Value};

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Ext, Kind, Link, Media, Mention, Post, RawTimes, Reaction, Record,
    Relationship, Source, Timestamp, Visibility,
};
use crate::read::html::{self, Element};
use crate::read::table::Table;
use crate::read::takeout;

const NET: &str = "googleplus";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "P0/P1 (2011-2018): Google+ Stream posts as HTML files, circles as CSV",
    "P2 (Oct 2018-Apr 2019): Posts/*.json or Posts/*.html with media and *.metadata.csv, ActivityLog/*.json, circles as vCard, Google+ Communities/<name>/Posts/*.json",
];

/// googleplus: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
        name: "googleplus",
        description: "Google+ from Google Takeout (2011-2019): Stream posts as JSON or HTML, activity log, circles",
        generations: GENERATIONS,
        detect,
        sniff: None,
        make,
};

fn is_gplus(folder: &str) -> bool {
    folder.to_lowercase().starts_with("google+")
}

pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        if takeout::in_product(&e.name, is_gplus) {
            return Some(95);
        }
        if e.name.contains("/ActivityLog/") && e.name.ends_with(".json") {
            score = score.max(60);
        }
    }
    (score > 0).then_some(score)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    let scoped = entries
        .iter()
        .any(|e| takeout::in_product(&e.name, is_gplus));
    let json = entries
        .iter()
        .any(|e| e.name.contains("/Posts/") && e.name.ends_with(".json"));
    let posts_folder = entries.iter().any(|e| e.name.contains("/Posts/"));
    Box::new(GooglePlus {
        scoped,
        generation: if json {
            "P2 (Stream as JSON)"
        } else if posts_folder {
            "P1/P2 (Stream as HTML)"
        } else {
            "P0 (Stream as HTML, no Posts folder)"
        }
        .into(),
        ..GooglePlus::default()
    })
}

/// A stored file of the dump.
#[derive(Clone, Debug)]
struct FileRef {
    /// The entry's full name (with its `partN/` prefix).
    entry: String,
    stored: Stored,
    used: bool,
}

/// An account seen in passing.
#[derive(Clone, Debug, Default)]
struct Person {
    name: Option<String>,
    url: Option<String>,
    avatar: Option<String>,
    source: Source,
}

/// A person in one or more circles.
#[derive(Default)]
struct Circled {
    object: String,
    circles: Vec<String>,
    email: Option<String>,
    source: Source,
}

/// The Google+ importer.
#[derive(Default)]
pub struct GooglePlus {
    scoped: bool,
    /// The other products of the Takeout (carried).
    others: std::collections::BTreeSet<String>,
    generation: String,
    /// Authors of the Stream's posts (the owner is the most frequent).
    authors: BTreeMap<String, u64>,
    people: BTreeMap<String, Person>,
    files: HashMap<String, FileRef>,
    /// Post record ids by permalink.
    by_url: HashMap<String, String>,
    post_ids: HashSet<String>,
    media_ids: HashSet<String>,
    reaction_ids: HashSet<String>,
    circled: BTreeMap<String, Circled>,
    /// Records by the owner, held until the owner is known.
    pending: Vec<Record>,
}

/// The id part of a Google+ URL: `+Name/posts/abc` of
/// `https://plus.google.com/+Name/posts/abc`.
fn url_native(url: &str) -> String {
    let u = url.trim();
    for p in ["https://plus.google.com/", "http://plus.google.com/"] {
        if let Some(rest) = u.strip_prefix(p) {
            let rest = rest.strip_prefix("u/0/").unwrap_or(rest);
            return rest.trim_end_matches('/').to_string();
        }
    }
    u.to_string()
}

/// The account native id of a profile URL (numeric id or `+Name`).
fn profile_native(url: &str) -> Option<String> {
    let n = url_native(url);
    let last = n.rsplit('/').next().unwrap_or(&n);
    (!last.is_empty() && !last.contains(':')).then(|| last.to_string())
}

fn string(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for k in path {
        cur = cur.get(k)?;
    }
    cur.as_str()
}

/// A time, keeping the original under `field` when it was not RFC 3339 UTC.
fn time(s: Option<&str>, field: &str, raw: &mut RawTimes) -> Option<Timestamp> {
    let s = s?.trim().trim_start_matches(['-', ' ']).trim();
    if s.is_empty() {
        return None;
    }
    match Timestamp::parse(s) {
        Some((t, canonical)) => {
            if !canonical {
                raw.insert(field.to_string(), s.to_string());
            }
            Some(t)
        }
        None => {
            raw.insert(field.to_string(), s.to_string());
            None
        }
    }
}

/// Who could see a post, from its `postAcl` (FORMAT.md §2.3).
fn visibility(acl: Option<&Value>) -> Visibility {
    let Some(acl) = acl else {
        return Visibility::Unknown;
    };
    if acl.get("isPublic").and_then(Value::as_bool) == Some(true) {
        return Visibility::Public;
    }
    if let Some(std) = acl.get("visibleToStandardAcl") {
        let types: Vec<&str> = std
            .get("circles")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.get("type").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        if types.contains(&"CIRCLE_TYPE_PUBLIC") {
            return Visibility::Public;
        }
        let named = types.contains(&"CIRCLE_TYPE_USER_CIRCLE")
            || std
                .get("users")
                .and_then(Value::as_array)
                .is_some_and(|u| !u.is_empty());
        if named {
            return Visibility::Private;
        }
        if types
            .iter()
            .any(|t| *t == "CIRCLE_TYPE_YOUR_CIRCLES" || *t == "CIRCLE_TYPE_EXTENDED_CIRCLES")
        {
            return Visibility::Followers;
        }
        return Visibility::Unknown;
    }
    if acl.get("communityAcl").is_some()
        || acl.get("collectionAcl").is_some()
        || acl.get("eventAcl").is_some()
    {
        return Visibility::Private;
    }
    Visibility::Unknown
}

/// Links and `+mentions` of rendered post HTML.
fn links_and_mentions(r: &html::Rendered) -> (Vec<Link>, Vec<Mention>) {
    let mut links = Vec::new();
    let mut mentions = Vec::new();
    for a in &r.anchors {
        let is_profile = a.class.split_whitespace().any(|c| c == "proflink");
        if is_profile {
            mentions.push(Mention {
                handle: a.text.trim_start_matches('+').to_string(),
                account: profile_native(&a.href).map(|n| record_id(NET, Kind::Account, &n)),
                display_name: Some(a.text.clone()),
            });
        } else {
            links.push(Link {
                url: a.href.clone(),
                short_url: None,
                display: (a.text != a.href && !a.text.is_empty()).then(|| a.text.clone()),
            });
        }
    }
    (links, mentions)
}

/// A shared link's preview card: where it leads, its title, description and image.
#[derive(Debug, Default, PartialEq)]
struct Card {
    url: String,
    title: Option<String>,
    description: Option<String>,
    image: Option<String>,
}

impl Card {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("url".into(), Value::String(self.url.clone()));
        for (k, v) in [
            ("title", &self.title),
            ("description", &self.description),
            ("image", &self.image),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.clone()));
            }
        }
        Value::Object(m)
    }
}

/// The link cards of HTML (`a.link-embed > h3 (+ img)` after a post's text,
/// `a.inline-link-embed > img + div.link-title` in comments; a `p` is a description),
/// those `keep` accepts.
fn html_cards<'a>(els: &[Element<'a>], keep: impl Fn(&Element<'a>) -> bool) -> Vec<Card> {
    let mut out = Vec::new();
    for x in els.iter().filter(|x| {
        x.name == "a" && (x.has_class("link-embed") || x.has_class("inline-link-embed"))
    }) {
        if !keep(x) {
            continue;
        }
        let Some(url) = html::attr(x.attrs, "href").filter(|h| !h.trim().is_empty()) else {
            continue;
        };
        let sub = html::elements(x.inner);
        let text = |pred: &dyn Fn(&Element) -> bool| {
            sub.iter()
                .find(|e| pred(e))
                .map(|e| html::to_text(e.inner).trim().to_string())
                .filter(|t| !t.is_empty())
        };
        out.push(Card {
            url,
            title: text(&|e: &Element| {
                matches!(e.name.as_str(), "h3" | "h2") || e.has_class("link-title")
            }),
            description: text(&|e: &Element| e.name == "p" || e.has_class("link-description")),
            image: sub
                .iter()
                .find(|e| e.name == "img")
                .and_then(|e| html::attr(e.attrs, "src"))
                .filter(|s| !s.is_empty()),
        });
    }
    out
}

/// Put link cards on a post: each becomes a link (its title shown for it, also when
/// the text already links the URL), and every card field is kept in `ext.link_cards`.
fn add_cards(cards: Vec<Card>, links: &mut Vec<Link>, ext: &mut Ext) {
    if cards.is_empty() {
        return;
    }
    card_links(&cards, links);
    ext.insert(
        "link_cards",
        Value::Array(cards.iter().map(Card::to_json).collect()),
    );
}

/// Each card as a link of the post (its title shown for it).
fn card_links(cards: &[Card], links: &mut Vec<Link>) {
    for c in cards {
        match links.iter_mut().find(|l| l.url == c.url) {
            Some(l) => {
                if l.display.is_none() {
                    l.display = c.title.clone();
                }
            }
            None => links.push(Link {
                url: c.url.clone(),
                short_url: None,
                display: c.title.clone(),
            }),
        }
    }
}

/// The card of a JSON `link` object (`{title, url, imageUrl}`).
fn json_card(v: Option<&Value>) -> Option<Card> {
    let s = |k: &str| {
        v?.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    Some(Card {
        url: s("url")?,
        title: s("title"),
        description: s("description"),
        image: s("imageUrl"),
    })
}

/// Byte offset of a slice of `doc` inside it.
fn offset(doc: &str, s: &str) -> usize {
    (s.as_ptr() as usize).saturating_sub(doc.as_ptr() as usize)
}

/// True when element `e` sits inside the content of `outer`.
fn inside(doc: &str, e: &Element, outer: &Element) -> bool {
    let at = offset(doc, e.attrs);
    let start = offset(doc, outer.inner);
    at >= start && at < start + outer.inner.len()
}

/// One vCard: its properties (name upper-cased, parameters dropped), values unescaped.
fn vcards(text: &str) -> Vec<Vec<(String, String)>> {
    // unfold continuation lines
    let mut lines: Vec<String> = Vec::new();
    for l in text.lines() {
        if (l.starts_with(' ') || l.starts_with('\t')) && !lines.is_empty() {
            if let Some(last) = lines.last_mut() {
                last.push_str(&l[1..]);
            }
        } else {
            lines.push(l.to_string());
        }
    }
    let mut cards = Vec::new();
    let mut cur: Option<Vec<(String, String)>> = None;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let name = k.split(';').next().unwrap_or(k).trim().to_uppercase();
        match (name.as_str(), v.trim().to_uppercase().as_str()) {
            ("BEGIN", "VCARD") => cur = Some(Vec::new()),
            ("END", "VCARD") => {
                if let Some(c) = cur.take() {
                    cards.push(c);
                }
            }
            _ => {
                if let Some(c) = cur.as_mut() {
                    let v = v
                        .replace("\\n", "\n")
                        .replace("\\N", "\n")
                        .replace("\\,", ",")
                        .replace("\\;", ";")
                        .replace("\\\\", "\\");
                    c.push((name, v));
                }
            }
        }
    }
    cards
}

impl GooglePlus {
    fn owner_native(&self) -> String {
        self.authors
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(c, _)| c.clone())
            .unwrap_or_else(|| "owner".into())
    }

    /// An account from a Person object; returns its record id.
    fn person(&mut self, v: &Value, src: &Source) -> Option<String> {
        let url = str_at(v, &["profilePageUrl"]);
        let native = str_at(v, &["resourceName"])
            .map(|r| r.strip_prefix("users/").unwrap_or(r).to_string())
            .filter(|s| !s.is_empty())
            .or_else(|| url.and_then(profile_native))?;
        let p = self.people.entry(native.clone()).or_insert_with(|| Person {
            source: src.clone(),
            ..Person::default()
        });
        if p.name.is_none() {
            p.name = str_at(v, &["displayName"]).map(str::to_string);
        }
        if p.url.is_none() {
            p.url = url.map(str::to_string);
        }
        if p.avatar.is_none() {
            p.avatar = str_at(v, &["avatarImageUrl"]).map(str::to_string);
        }
        Some(record_id(NET, Kind::Account, &native))
    }

    /// An account from a profile link of the HTML variant.
    fn profile(&mut self, href: &str, name: &str, src: &Source) -> Option<String> {
        let native = profile_native(href)?;
        let p = self.people.entry(native.clone()).or_insert_with(|| Person {
            source: src.clone(),
            ..Person::default()
        });
        if p.name.is_none() && !name.is_empty() {
            p.name = Some(name.to_string());
        }
        if p.url.is_none() {
            p.url = Some(href.to_string());
        }
        Some(record_id(NET, Kind::Account, &native))
    }

    /// The next free derived native id and record id of a post whose id is taken
    /// (reported).
    fn derived(&mut self, base: &str, entry: &str, cx: &mut Context) -> (String, String) {
        let taken = record_id(NET, Kind::Post, base);
        let mut k = 2;
        loop {
            let native = format!("{base}~dup-{k}");
            let id = record_id(NET, Kind::Post, &native);
            if self.post_ids.insert(id.clone()) {
                cx.report.id_clash(
                    taken,
                    id.clone(),
                    entry,
                    "another file of the dump holds a post with the same permalink",
                );
                return (native, id);
            }
            k += 1;
        }
    }

    fn unique(set: &mut HashSet<String>, base: String) -> String {
        let mut native = base.clone();
        let mut k = 1;
        while !set.insert(native.clone()) {
            k += 1;
            native = format!("{base}#{k}");
        }
        native
    }

    fn reaction(
        &mut self,
        kind: &str,
        actor: String,
        target: &str,
        created_at: Option<Timestamp>,
        src: &Source,
        ext: Ext,
    ) -> Reaction {
        let actor_native = actor.rsplit(':').next().unwrap_or("").to_string();
        let target_native = target.splitn(3, ':').nth(2).unwrap_or(target).to_string();
        let native = Self::unique(
            &mut self.reaction_ids,
            format!("{kind}/{actor_native}/{target_native}"),
        );
        Reaction {
            id: record_id(NET, Kind::Reaction, &native),
            network: NET.into(),
            kind: kind.into(),
            actor,
            target: target.to_string(),
            created_at,
            source: src.clone(),
            ext,
            ..Default::default()
        }
    }

    /// A media object of a post (FORMAT.md §2.2): the stored file when the dump has
    /// it, else a record marked missing.
    #[allow(clippy::too_many_arguments)]
    fn media_item(
        &mut self,
        mut m: Map<String, Value>,
        folder: &str,
        post_id: &str,
        post_native: &str,
        index: usize,
        src: &Source,
        cx: &mut Context,
    ) -> Result<String> {
        let url = string(m.remove("url"));
        let local = string(m.remove("localFilePath"));
        let resource = string(m.remove("resourceName"));
        let mime = string(m.remove("contentType"));
        let alt = string(m.remove("description")).filter(|s| !s.is_empty());
        let base = resource
            .clone()
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{post_native}/media/{index}"));
        let native = if self.media_ids.insert(base.clone()) {
            base
        } else {
            Self::unique(&mut self.media_ids, format!("{base}@{post_native}"))
        };
        let kind = match mime.as_deref() {
            Some(t) if t.starts_with("video") => "video",
            Some(t) if t.starts_with("audio") => "audio",
            _ => local
                .as_deref()
                .and_then(takeout::media_kind)
                .unwrap_or("photo"),
        };
        let mut media = Media {
            id: record_id(NET, Kind::Media, &native),
            network: NET.into(),
            kind: kind.into(),
            mime: mime.clone().filter(|t| !t.contains('*')),
            alt_text: alt,
            original_url: url.clone(),
            attached_to: vec![post_id.to_string()],
            source: src.clone(),
            ext: Ext::from_map(m),
            ..Default::default()
        };
        if let Some(t) = mime.filter(|t| t.contains('*')) {
            media.ext.insert_string("contentType", t);
        }
        let path = local.as_ref().map(|l| {
            if folder.is_empty() {
                l.clone()
            } else {
                format!("{folder}/{l}")
            }
        });
        let key = path
            .as_deref()
            .map(|p| takeout::without_part(p).to_string());
        match key.and_then(|k| self.files.get_mut(&k)) {
            Some(f) => {
                f.used = true;
                media.set_file(
                    f.entry.clone(),
                    f.stored.sha256.clone(),
                    f.stored.bytes,
                    f.stored.path.clone(),
                );
            }
            None => {
                media.missing = true;
                let what = match (&local, &url) {
                    (Some(l), _) => format!("{l} (of {post_id})"),
                    (None, Some(u)) => format!("{u} (of {post_id}, not fetched by Takeout)"),
                    (None, None) => format!("a media item of {post_id}"),
                };
                cx.report.missing_media(what);
            }
        }
        let id = media.id.clone();
        cx.emit(Record::Media(media))?;
        Ok(id)
    }

    /// One post file of the JSON variant (or the original embedded in a reshare).
    /// Returns the post's record id and the number of records read.
    fn post_json(
        &mut self,
        e: &Entry,
        v: Value,
        community: Option<&str>,
        embedded: bool,
        cx: &mut Context,
    ) -> Result<Option<(String, u64)>> {
        let src = Source::entry(&e.name);
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Post, "a post file that is not a JSON object", &e.name);
            return Ok(None);
        };
        let url = string(m.remove("url"));
        let resource = string(m.remove("resourceName"));
        let Some(base) = resource
            .clone()
            .or_else(|| url.as_deref().map(url_native))
            .filter(|s| !s.is_empty())
        else {
            cx.report.skipped(
                Kind::Post,
                "a post with neither resourceName nor url",
                &e.name,
            );
            return Ok(None);
        };
        let mut post_id = record_id(NET, Kind::Post, &base);
        let mut base = base;
        if !self.post_ids.insert(post_id.clone()) {
            if embedded {
                return Ok(Some((post_id, 0))); // the same original, already kept
            }
            // a second file of one post: kept, under a derived id
            (base, post_id) = self.derived(&base, &e.name, cx);
        }
        if let Some(u) = &url {
            self.by_url
                .entry(u.clone())
                .or_insert_with(|| post_id.clone());
        }
        let author = m.remove("author").and_then(|a| self.person(&a, &src));
        if let (Some(a), false, None) = (&author, embedded, community) {
            let native = a.rsplit(':').next().unwrap_or("").to_string();
            *self.authors.entry(native).or_default() += 1;
        }
        let content = string(m.remove("content")).unwrap_or_default();
        let rendered = html::render(&content);
        let (mut links, mentions) = links_and_mentions(&rendered);
        // the link card: a link of the post (the object itself stays in ext.link)
        if let Some(c) = json_card(m.get("link")) {
            card_links(&[c], &mut links);
        }
        let mut raw = RawTimes::new();
        let created_at = time(
            string(m.remove("creationTime")).as_deref(),
            "created_at",
            &mut raw,
        );
        let updated = time(
            string(m.remove("updateTime")).as_deref(),
            "edited_at",
            &mut raw,
        );
        let acl = m.remove("postAcl");
        let vis = if embedded {
            Visibility::Unknown
        } else {
            visibility(acl.as_ref())
        };
        let community_name = acl
            .as_ref()
            .and_then(|a| str_at(a, &["communityAcl", "community", "displayName"]))
            .map(str::to_string)
            .or_else(|| community.map(str::to_string));
        let mut ext = Ext::default();
        if let Some(a) = acl {
            ext.insert("postAcl", a);
        }
        if let Some(r) = &resource {
            ext.insert_string("resourceName", r.clone());
        }
        let mut read = 1u64;
        // media: a single item, or an album
        let folder = takeout::folder(&e.name).to_string();
        let mut items: Vec<Map<String, Value>> = Vec::new();
        if let Some(Value::Object(mm)) = m.remove("media") {
            items.push(mm);
        }
        if let Some(Value::Object(mut album)) = m.remove("album") {
            if let Some(Value::Array(a)) = album.remove("media") {
                items.extend(a.into_iter().filter_map(|x| match x {
                    Value::Object(o) => Some(o),
                    _ => None,
                }));
            }
            if !album.is_empty() {
                ext.insert("album", Value::Object(album));
            }
        }
        let mut media = Vec::new();
        for (i, mm) in items.into_iter().enumerate() {
            media.push(self.media_item(mm, &folder, &post_id, &base, i, &src, cx)?);
        }
        // a reshare: the original, as its own post by its author
        let mut repost_of = None;
        let mut repost_of_account = None;
        if let Some(orig) = m.remove("resharedPost") {
            repost_of_account = orig.get("author").and_then(|a| self.person(a, &src));
            if let Some((id, n)) = self.post_json(e, orig, None, true, cx)? {
                repost_of = Some(id);
                read += n;
            }
        }
        // comments, +1s and reshares by anyone
        let comments = match m.remove("comments") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        for (i, c) in comments.into_iter().enumerate() {
            read += 1;
            self.comment_json(c, &post_id, &base, i, vis, &src, cx)?;
        }
        for (key, who, kind) in [
            ("plusOnes", "plusOner", "like"),
            ("reshares", "resharer", "repost"),
        ] {
            let list = match m.remove(key) {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            for it in list {
                read += 1;
                let actor = it.get(who).and_then(|p| self.person(p, &src));
                let Some(actor) = actor else {
                    cx.report.skipped(
                        Kind::Reaction,
                        format!("a {key} entry without a person"),
                        &e.name,
                    );
                    continue;
                };
                let mut ext = Ext::default();
                if kind == "like" {
                    ext.insert_string("native_kind", "+1".into());
                }
                let r = self.reaction(kind, actor, &post_id, None, &src, ext);
                cx.emit(Record::Reaction(r))?;
            }
        }
        // the owner's own vote in a poll
        if let Some(poll) = m.remove("poll") {
            for p in poll
                .get("choices")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for v in p
                    .get("votes")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let _ = v.get("voter").and_then(|x| self.person(x, &src));
                }
            }
            if let Some(choice) = str_at(&poll, &["viewerPollChoiceResourceName"]) {
                read += 1;
                let mut ext = Ext::default();
                ext.insert_string("choice", choice.to_string());
                let r = self.reaction("vote", String::new(), &post_id, None, &src, ext);
                self.pending.push(Record::Reaction(r));
            }
            ext.insert("poll", poll);
        }
        ext.extend_map(m);
        let p = Post {
            id: post_id.clone(),
            network: NET.into(),
            author: author.unwrap_or_default(),
            created_at,
            html: (!content.is_empty()).then_some(content),
            text: rendered.text,
            url,
            repost_of,
            repost_of_account,
            visibility: vis,
            media,
            links,
            mentions,
            community: community_name,
            edited_at: updated.filter(|u| Some(*u) != created_at),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        if p.author.is_empty() {
            self.pending.push(Record::Post(p));
        } else {
            cx.emit(Record::Post(p))?;
        }
        Ok(Some((post_id, read)))
    }

    #[allow(clippy::too_many_arguments)]
    fn comment_json(
        &mut self,
        c: Value,
        post_id: &str,
        post_native: &str,
        index: usize,
        vis: Visibility,
        src: &Source,
        cx: &mut Context,
    ) -> Result<()> {
        let Value::Object(mut m) = c else {
            cx.report
                .skipped(Kind::Post, "a comment that is not an object", &src.entry);
            return Ok(());
        };
        let base = string(m.remove("resourceName"))
            .unwrap_or_else(|| format!("{post_native}/comments/{index}"));
        let native = Self::unique(&mut self.post_ids, base);
        let author = m.remove("author").and_then(|a| self.person(&a, src));
        let content = string(m.remove("content")).unwrap_or_default();
        let rendered = html::render(&content);
        let (mut links, mentions) = links_and_mentions(&rendered);
        if let Some(c) = json_card(m.get("link")) {
            card_links(&[c], &mut links);
        }
        let mut raw = RawTimes::new();
        let created_at = time(
            string(m.remove("creationTime")).as_deref(),
            "created_at",
            &mut raw,
        );
        let updated = time(
            string(m.remove("updateTime")).as_deref(),
            "edited_at",
            &mut raw,
        );
        // `postUrl` is the post's permalink, not the comment's: it stays in ext
        let id = record_id(NET, Kind::Post, &native);
        let mut media = Vec::new();
        if let Some(Value::Object(mm)) = m.remove("media") {
            let folder = takeout::folder(&src.entry).to_string();
            media.push(self.media_item(mm, &folder, &id, &native, 0, src, cx)?);
        }
        let p = Post {
            id,
            network: NET.into(),
            author: author.unwrap_or_default(),
            created_at,
            html: (!content.is_empty()).then_some(content),
            text: rendered.text,
            reply_to: Some(post_id.to_string()),
            visibility: vis,
            media,
            links,
            mentions,
            edited_at: updated.filter(|u| Some(*u) != created_at),
            raw_times: raw,
            source: Source {
                entry: src.entry.clone(),
                index: None,
                pointer: Some(format!("/comments/{index}")),
                ..Source::default()
            },
            ext: Ext::from_map(m),
            ..Default::default()
        };
        if p.author.is_empty() {
            self.pending.push(Record::Post(p));
            Ok(())
        } else {
            cx.emit(Record::Post(p))
        }
    }

    /// The post a permalink names: a post of this dump, else its id by URL.
    fn target(&self, permalink: &str) -> String {
        self.by_url
            .get(permalink)
            .cloned()
            .unwrap_or_else(|| record_id(NET, Kind::Post, &url_native(permalink)))
    }

    /// `ActivityLog/*.json`: your comments, +1s and votes on anyone's posts.
    fn activity(&mut self, e: &Entry, v: Value, cx: &mut Context) -> Result<u64> {
        let items = match v {
            Value::Object(mut o) => match o.remove("items") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            },
            Value::Array(a) => a,
            _ => Vec::new(),
        };
        let mut n = 0u64;
        for (i, it) in items.into_iter().enumerate() {
            n += 1;
            let src = Source::at(&e.name, i as u64);
            let Value::Object(mut m) = it else {
                cx.report.skipped(
                    Kind::Reaction,
                    "an item that is not an object",
                    format!("{}#{i}", e.name),
                );
                continue;
            };
            let ms = match m.remove("timestampMs") {
                Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
                Some(Value::Number(x)) => x.as_i64(),
                _ => None,
            };
            let at = ms.and_then(Timestamp::from_millis);
            let vis = match m.get("visibility").and_then(Value::as_str) {
                Some("PUBLIC") => Visibility::Public,
                Some(_) => Visibility::Private,
                None => Visibility::Unknown,
            };
            let kind_key = m
                .keys()
                .find(|k| k.ends_with("Item"))
                .cloned()
                .unwrap_or_default();
            let mut item = match m.remove(&kind_key) {
                Some(Value::Object(o)) => o,
                _ => Map::new(),
            };
            let permalink = string(item.remove("postPermalink"))
                .or_else(|| string(item.remove("commentPermalink")));
            let mut ext = Ext::from_map(m);
            match kind_key.as_str() {
                "commentCreatedItem" => {
                    let body = string(item.remove("commentText")).unwrap_or_default();
                    let rendered = html::render(&body);
                    let (links, mentions) = links_and_mentions(&rendered);
                    let base = format!("activity/comment/{}", ms.unwrap_or(i as i64));
                    let native = Self::unique(&mut self.post_ids, base);
                    ext.extend_map(item);
                    if let Some(p) = &permalink {
                        ext.insert_string("postPermalink", p.clone());
                    }
                    let p = Post {
                        id: record_id(NET, Kind::Post, &native),
                        network: NET.into(),
                        author: String::new(),
                        created_at: at,
                        html: (body.contains('<') || body.contains('&')).then_some(body),
                        text: rendered.text,
                        reply_to: permalink.as_deref().map(|p| self.target(p)),
                        visibility: vis,
                        links,
                        mentions,
                        source: src,
                        ext,
                        ..Default::default()
                    };
                    self.pending.push(Record::Post(p));
                }
                "postPlusOneAddedItem" | "commentPlusOneAddedItem" | "pollVoteAddedItem" => {
                    let Some(p) = permalink else {
                        cx.report.skipped(
                            Kind::Reaction,
                            format!("{kind_key} without a permalink"),
                            format!("{}#{i}", e.name),
                        );
                        continue;
                    };
                    let kind = if kind_key == "pollVoteAddedItem" {
                        "vote"
                    } else {
                        ext.insert_string("native_kind", "+1".into());
                        "like"
                    };
                    ext.extend_map(item);
                    let target = self.target(&p);
                    let mut r = self.reaction(kind, String::new(), &target, at, &src, ext);
                    r.target_url = Some(p);
                    self.pending.push(Record::Reaction(r));
                }
                _ => {
                    let raw = serde_json::to_vec(&Value::Object(item)).unwrap_or_default();
                    cx.sink.keep_raw(
                        Kind::Reaction,
                        &format!("{}#{i}", e.name),
                        &format!("activity {kind_key:?} has no mapping"),
                        &raw,
                    )?;
                    cx.report.kept_raw(Kind::Reaction);
                }
            }
        }
        Ok(n)
    }

    /// One post file of the HTML variant (FORMAT.md §3).
    fn post_html(&mut self, e: &Entry, doc: &str, cx: &mut Context) -> Result<u64> {
        let src = Source::entry(&e.name);
        let els = html::elements(doc);
        let comments_box = els
            .iter()
            .find(|x| x.name == "div" && x.has_class("comments"));
        let in_comments = |x: &Element| comments_box.is_some_and(|c| inside(doc, x, c));
        let text_of = |x: &Element| html::to_text(x.inner);
        let href = |x: &Element| html::attr(x.attrs, "href").unwrap_or_default();
        let link = els.iter().find(|x| {
            x.name == "a"
                && !x.has_class("author")
                && href(x).contains("/posts/")
                && !in_comments(x)
        });
        let Some(link) = link else {
            cx.report
                .skipped(Kind::Post, "an HTML file without a post permalink", &e.name);
            return Ok(1);
        };
        let url = href(link);
        let mut base = url_native(&url);
        let mut post_id = record_id(NET, Kind::Post, &base);
        if !self.post_ids.insert(post_id.clone()) {
            // a second file of one post: kept, under a derived id
            (base, post_id) = self.derived(&base, &e.name, cx);
        }
        self.by_url
            .entry(url.clone())
            .or_insert_with(|| post_id.clone());
        let community =
            takeout::product(&e.name).is_some_and(|(p, _)| p.to_lowercase().contains("communit"));
        let author = els
            .iter()
            .find(|x| x.name == "a" && x.has_class("author") && !in_comments(x))
            .and_then(|a| self.profile(&href(a), &text_of(a), &src));
        if let (Some(a), false) = (&author, community) {
            let native = a.rsplit(':').next().unwrap_or("").to_string();
            *self.authors.entry(native).or_default() += 1;
        }
        let mut raw = RawTimes::new();
        let created_at = time(Some(&text_of(link)), "created_at", &mut raw);
        let updated = els
            .iter()
            .filter(|x| x.name == "span" && !in_comments(x))
            .map(text_of)
            .find(|t| t.contains("Updated:"))
            .and_then(|t| {
                let s = t.split_once("Updated:").map(|(_, r)| r.to_string());
                time(s.as_deref(), "edited_at", &mut raw)
            });
        let main = els
            .iter()
            .find(|x| x.name == "div" && x.has_class("main-content"))
            .map(|x| x.inner)
            .unwrap_or("");
        let rendered = html::render(main);
        let (mut links, mentions) = links_and_mentions(&rendered);
        let mut ext = Ext::default();
        add_cards(html_cards(&els, |x| !in_comments(x)), &mut links, &mut ext);
        // "Updated:" stands on nearly every post, equal to the creation time when
        // nothing was edited: only a later time is an edit
        let updated = updated.filter(|u| Some(*u) != created_at);
        if updated.is_none() {
            if let Some(r) = raw.remove("edited_at") {
                ext.insert_string("updated", r);
            }
        }
        let vis_text = els
            .iter()
            .find(|x| x.name == "div" && x.has_class("visibility"))
            .map(text_of);
        let vis = match &vis_text {
            Some(t) => {
                let after = t.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
                if after == "Public" || after.starts_with("Public,") {
                    Visibility::Public
                } else {
                    Visibility::Private
                }
            }
            None => Visibility::Unknown,
        };
        if let Some(t) = vis_text {
            ext.insert_string("shared_with", t);
        }
        if let Some(l) = els
            .iter()
            .find(|x| x.name == "span" && x.has_class("location"))
        {
            ext.insert_string("location", text_of(l));
        }
        // a reshare: "Originally shared by <name>" links the original; its text, when
        // the file shows it, is a second main-content
        let mut repost_of = None;
        let mut repost_of_account = None;
        if let Some(r) = els
            .iter()
            .find(|x| x.name == "a" && x.has_class("reshare-attribution"))
        {
            let h = href(r);
            ext.insert_string("reshared_from", h.clone());
            ext.insert_string("reshare_attribution", text_of(r));
            if h.contains("/posts/") {
                let native = url_native(&h);
                let author = native
                    .split('/')
                    .next()
                    .map(|p| format!("https://plus.google.com/{p}"))
                    .and_then(|p| self.profile(&p, "", &src));
                let id = record_id(NET, Kind::Post, &native);
                let original = els
                    .iter()
                    .filter(|x| x.name == "div" && x.has_class("main-content"))
                    .nth(1);
                if let (Some(o), Some(a)) = (original, &author) {
                    if self.post_ids.insert(id.clone()) {
                        self.by_url.insert(h.clone(), id.clone());
                        let r = html::render(o.inner);
                        let (links, mentions) = links_and_mentions(&r);
                        let p = Post {
                            id: id.clone(),
                            network: NET.into(),
                            author: a.clone(),
                            created_at: None,
                            html: Some(o.inner.to_string()),
                            text: r.text,
                            url: Some(h.clone()),
                            links,
                            mentions,
                            source: Source {
                                entry: e.name.clone(),
                                index: None,
                                pointer: Some("reshared post".into()),
                                ..Source::default()
                            },
                            ..Default::default()
                        };
                        cx.emit(Record::Post(p))?;
                    }
                }
                repost_of = Some(id);
                repost_of_account = author;
            }
        }
        // media of the post (not of its comments)
        let folder = takeout::folder(&e.name).to_string();
        let media_links: Vec<String> = els
            .iter()
            .filter(|x| x.name == "a" && x.has_class("media-link") && !in_comments(x))
            .map(href)
            .filter(|h| !h.is_empty())
            .collect();
        let mut media = Vec::new();
        for (i, h) in media_links.into_iter().enumerate() {
            let mut mm = Map::new();
            if h.contains("://") {
                mm.insert("url".into(), Value::String(h));
            } else {
                mm.insert("localFilePath".into(), Value::String(h));
            }
            media.push(self.media_item(mm, &folder, &post_id, &base, i, &src, cx)?);
        }
        let mut read = 1u64;
        // +1s and reshares by name
        for (class, kind) in [("plus-oners", "like"), ("resharers", "repost")] {
            let Some(div) = els.iter().find(|x| x.name == "div" && x.has_class(class)) else {
                continue;
            };
            for a in html::render(div.inner).anchors {
                read += 1;
                let Some(actor) = self.profile(&a.href, &a.text, &src) else {
                    cx.report.skipped(
                        Kind::Reaction,
                        format!("{class}: not a profile link"),
                        &e.name,
                    );
                    continue;
                };
                let mut ext = Ext::default();
                if kind == "like" {
                    ext.insert_string("native_kind", "+1".into());
                }
                let r = self.reaction(kind, actor, &post_id, None, &src, ext);
                cx.emit(Record::Reaction(r))?;
            }
        }
        // profile links in the text are accounts too
        for m in &mentions {
            if let Some(a) = rendered
                .anchors
                .iter()
                .find(|a| Some(&a.text) == m.display_name.as_ref())
            {
                let _ = self.profile(&a.href, &a.text, &src);
            }
        }
        let post = Post {
            id: post_id.clone(),
            network: NET.into(),
            author: author.unwrap_or_default(),
            created_at,
            html: (!main.is_empty()).then(|| main.to_string()),
            text: rendered.text,
            url: Some(url),
            repost_of,
            repost_of_account,
            visibility: vis,
            media,
            links,
            mentions,
            edited_at: updated,
            raw_times: raw,
            source: src.clone(),
            ext,
            ..Default::default()
        };
        if post.author.is_empty() {
            self.pending.push(Record::Post(post));
        } else {
            cx.emit(Record::Post(post))?;
        }
        // comments: no ids in HTML, numbered in order
        let comment_divs: Vec<&Element> = els
            .iter()
            .filter(|x| x.name == "div" && x.has_class("comment"))
            .collect();
        let mut sorted = comment_divs;
        sorted.sort_by_key(|x| offset(doc, x.attrs));
        // comments do not nest: one inside another is part of it (and reading each
        // nested one again would make hostile nesting quadratic)
        let mut end = 0usize;
        sorted.retain(|x| {
            let at = offset(doc, x.attrs);
            if at < end {
                return false;
            }
            end = offset(doc, x.inner) + x.inner.len();
            true
        });
        for (i, c) in sorted.into_iter().enumerate() {
            read += 1;
            let sub = html::elements(c.inner);
            let author = sub
                .iter()
                .find(|x| x.name == "a" && x.has_class("author"))
                .and_then(|a| self.profile(&href(a), &text_of(a), &src));
            let mut raw = RawTimes::new();
            let created_at = sub
                .iter()
                .find(|x| x.name == "span" && x.has_class("time"))
                .and_then(|t| time(Some(&text_of(t)), "created_at", &mut raw));
            let body = sub
                .iter()
                .find(|x| x.name == "div" && x.has_class("comment-content"))
                .map(|x| x.inner)
                .unwrap_or("");
            let rendered = html::render(body);
            let (mut links, mentions) = links_and_mentions(&rendered);
            let mut ext = Ext::default();
            add_cards(html_cards(&sub, |_| true), &mut links, &mut ext);
            let native = Self::unique(&mut self.post_ids, format!("{base}/comments/{i}"));
            let p = Post {
                id: record_id(NET, Kind::Post, &native),
                network: NET.into(),
                author: author.unwrap_or_default(),
                created_at,
                html: (!body.is_empty()).then(|| body.to_string()),
                text: rendered.text,
                reply_to: Some(post_id.clone()),
                visibility: vis,
                links,
                mentions,
                raw_times: raw,
                source: Source {
                    entry: e.name.clone(),
                    index: Some(i as u64),
                    pointer: None,
                    ..Source::default()
                },
                ext,
                ..Default::default()
            };
            if p.author.is_empty() {
                self.pending.push(Record::Post(p));
            } else {
                cx.emit(Record::Post(p))?;
            }
        }
        Ok(read)
    }

    /// A person of a circle file.
    fn circle_member(
        &mut self,
        circle: &str,
        name: Option<String>,
        url: Option<String>,
        email: Option<String>,
        src: Source,
    ) -> bool {
        let object = match (&url, &email) {
            (Some(u), _) => match self.profile(u, name.as_deref().unwrap_or(""), &src) {
                Some(id) => id,
                None => return false,
            },
            (None, Some(m)) => format!("mailto:{m}"),
            (None, None) => return false,
        };
        let c = self
            .circled
            .entry(object.clone())
            .or_insert_with(|| Circled {
                object,
                source: src,
                ..Circled::default()
            });
        if !c.circles.iter().any(|x| x == circle) {
            c.circles.push(circle.to_string());
        }
        if c.email.is_none() {
            c.email = email;
        }
        true
    }

    fn circle_vcf(&mut self, e: &Entry, text: &str, cx: &mut Context) -> u64 {
        let circle = e
            .file_name()
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(e.file_name())
            .to_string();
        let mut n = 0u64;
        for (i, card) in vcards(text).into_iter().enumerate() {
            n += 1;
            let get = |k: &str| {
                card.iter()
                    .find(|(n, v)| n == k && !v.trim().is_empty())
                    .map(|(_, v)| v.trim().to_string())
            };
            let src = Source::at(&e.name, i as u64);
            if !self.circle_member(&circle, get("FN"), get("URL"), get("EMAIL"), src) {
                cx.report.skipped(
                    Kind::Relationship,
                    "a card with neither profile URL nor e-mail",
                    format!("{}#{i}", e.name),
                );
            }
        }
        n
    }

    fn circle_csv(&mut self, e: &Entry, buf: &[u8], cx: &mut Context) -> u64 {
        let circle = e
            .file_name()
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(e.file_name())
            .to_string();
        let mut t = match Table::new(buf) {
            Ok(t) => t,
            Err(bad) => {
                cx.report.skipped(
                    Kind::Relationship,
                    bad.reason,
                    format!("{}:{}", e.name, bad.line),
                );
                return 1;
            }
        };
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            n += 1;
            match row {
                Ok(row) => {
                    let name = row
                        .get("display name")
                        .or_else(|| row.get("nickname"))
                        .map(str::to_string);
                    let url = row.get("profile url").map(str::to_string);
                    let email = row
                        .get("e-mail")
                        .or_else(|| row.get("email"))
                        .map(str::to_string);
                    let src = Source::at(&e.name, n - 1);
                    if !self.circle_member(&circle, name, url, email, src) {
                        cx.report.skipped(
                            Kind::Relationship,
                            "a row with neither profile URL nor e-mail",
                            format!("{}:{}", e.name, row.line),
                        );
                    }
                }
                Err(bad) => {
                    cx.report.skipped(
                        Kind::Relationship,
                        bad.reason,
                        format!("{}:{}", e.name, bad.line),
                    );
                    if bad.fatal {
                        break;
                    }
                }
            }
        }
        n
    }
}

impl Importer for GooglePlus {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        self.generation.clone()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        if let Some(role) =
            takeout::outside_product(&e.name, self.scoped, is_gplus, &mut self.others)
        {
            return Plan::Carry { role: role.into() };
        }
        let file = e.file_name().to_lowercase();
        if takeout::media_kind(&file).is_some() {
            return Plan::Media {
                role: "photo or video of a post".into(),
            };
        }
        let product = takeout::product(&e.name)
            .map(|(p, _)| p.to_lowercase())
            .unwrap_or_default();
        let parse = |phase: u8, role: &str| Plan::Parse {
            phase,
            role: role.into(),
        };
        if file.ends_with(".metadata.csv") {
            return Plan::Carry {
                role: "photo metadata, kept verbatim".into(),
            };
        }
        if file.ends_with(".vcf") {
            return parse(5, "circle (vCard)");
        }
        if file.ends_with(".csv") && product.contains("circle") {
            return parse(5, "circle (CSV)");
        }
        if file.ends_with(".json") && e.name.contains("/ActivityLog/") {
            return parse(20, "activity log (your +1s, comments and votes)");
        }
        if file.ends_with(".json") {
            return parse(10, "post (JSON)");
        }
        if file.ends_with(".html") || file.ends_with(".htm") {
            return parse(10, "post (HTML)");
        }
        Plan::Carry {
            role: "not mapped, kept verbatim".into(),
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let mut buf = Vec::new();
        r.read_to_end(&mut buf)
            .map_err(|err| Error::io(&e.name, err))?;
        let file = e.file_name().to_lowercase();
        if file.ends_with(".vcf") {
            let text = String::from_utf8_lossy(&buf);
            return Ok(self.circle_vcf(e, &text, cx));
        }
        if file.ends_with(".csv") {
            return Ok(self.circle_csv(e, &buf, cx));
        }
        if file.ends_with(".json") {
            let v: Value = match serde_json::from_slice(&buf) {
                Ok(v) => v,
                Err(err) => {
                    let kind = if e.name.contains("/ActivityLog/") {
                        Kind::Reaction
                    } else {
                        Kind::Post
                    };
                    cx.report.skipped(kind, format!("not JSON: {err}"), &e.name);
                    return Ok(1);
                }
            };
            if v.get("items").is_some() || e.name.contains("/ActivityLog/") {
                return self.activity(e, v, cx);
            }
            let community = takeout::product(&e.name)
                .filter(|(p, _)| p.to_lowercase().contains("communit"))
                .and_then(|(_, rest)| rest.split('/').next())
                .map(str::to_string);
            return Ok(self
                .post_json(e, v, community.as_deref(), false, cx)?
                .map(|(_, n)| n)
                .unwrap_or(1));
        }
        let doc = String::from_utf8_lossy(&buf);
        self.post_html(e, &doc, cx)
    }

    /// A Takeout of Google+ holds every post of the Stream (one file each, with its
    /// comments and media), every community post, every circle, and the activity log.
    /// Reactions come both from posts (others' +1s and reshares) and from the activity
    /// log (the owner's +1s): only poll votes are told apart by their file.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        let lower = entry.to_lowercase();
        let file = lower.rsplit('/').next().unwrap_or("");
        super::Cover::Complete(if file.ends_with(".vcf") || file.ends_with(".csv") {
            &["relationship:following", "account:circles"]
        } else if lower.contains("/activitylog/") {
            match file {
                "comments.json" => &["post:activity_comments"],
                "poll votes.json" => &["reaction:vote"],
                _ => &[],
            }
        } else if lower.contains("communit") {
            &[
                "post:communities",
                "media:communities",
                "account:communities",
            ]
        } else {
            &["post:stream", "media:stream", "account:stream"]
        })
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        self.files.insert(
            takeout::without_part(&e.name).to_string(),
            FileRef {
                entry: e.name.clone(),
                stored: stored.clone(),
                used: false,
            },
        );
        Ok(())
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        if let Some(note) = takeout::others_note(&self.others) {
            cx.report.warn(note);
        }
        let owner = self.owner_native();
        let owner_id = record_id(NET, Kind::Account, &owner);
        if owner == "owner" && (!self.pending.is_empty() || !self.circled.is_empty()) {
            cx.report.warn(
                "no post names its author: the owner of the activity log and circles is googleplus:account:owner",
            );
        }
        for mut r in std::mem::take(&mut self.pending) {
            match &mut r {
                Record::Post(p) if p.author.is_empty() => p.author = owner_id.clone(),
                Record::Reaction(x) if x.actor.is_empty() => {
                    x.actor = owner_id.clone();
                    x.id = x.id.replacen("//", &format!("/{owner}/"), 1);
                }
                _ => {}
            }
            cx.emit(r)?;
        }
        // circles: whom the owner followed, and in which circles
        for (_, c) in std::mem::take(&mut self.circled) {
            let object_native = c.object.rsplit(':').next().unwrap_or(&c.object).to_string();
            let mut ext = Ext::default();
            ext.insert(
                "circles",
                Value::Array(c.circles.into_iter().map(Value::String).collect()),
            );
            if let Some(m) = c.email {
                ext.insert_string("email", m);
            }
            let r = Relationship {
                id: record_id(
                    NET,
                    Kind::Relationship,
                    &format!("following/{owner}/{object_native}"),
                ),
                network: NET.into(),
                kind: "following".into(),
                subject: owner_id.clone(),
                object: c.object,
                source: c.source,
                ext,
                ..Default::default()
            };
            cx.emit(Record::Relationship(r))?;
        }
        // accounts
        if !self.people.contains_key(&owner) {
            self.people.insert(owner.clone(), Person::default());
        }
        for (native, p) in std::mem::take(&mut self.people) {
            let a = Account {
                id: record_id(NET, Kind::Account, &native),
                network: NET.into(),
                handle: native.strip_prefix('+').map(str::to_string),
                display_name: p.name,
                url: p.url.or_else(|| {
                    (native != "owner").then(|| format!("https://plus.google.com/{native}"))
                }),
                avatar_url: p.avatar,
                is_owner: native == owner,
                source: p.source,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        // files no post named
        let mut rest: Vec<(String, FileRef)> =
            self.files.drain().filter(|(_, f)| !f.used).collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, f) in rest {
            let name = f.entry.clone();
            let inner = takeout::product(&name).map(|(_, p)| p).unwrap_or(&name);
            let mut m = Media {
                id: record_id(NET, Kind::Media, &format!("file/{inner}")),
                network: NET.into(),
                kind: takeout::media_kind(&name).unwrap_or("document").into(),
                source: Source::entry(&name),
                ..Default::default()
            };
            m.set_file(name.clone(), f.stored.sha256, f.stored.bytes, f.stored.path);
            cx.emit(Record::Media(m))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_ids() {
        assert_eq!(
            url_native("https://plus.google.com/+AliceExample/posts/Vv2ZKXw6qDq"),
            "+AliceExample/posts/Vv2ZKXw6qDq"
        );
        assert_eq!(
            profile_native("https://plus.google.com/117766554433221100998").as_deref(),
            Some("117766554433221100998")
        );
        assert_eq!(profile_native("mailto:x").as_deref(), None);
    }

    #[test]
    fn acl_to_visibility() {
        let v = |s: &str| visibility(Some(&serde_json::from_str(s).expect("json")));
        assert_eq!(v(r#"{"isPublic":true}"#), Visibility::Public);
        assert_eq!(
            v(r#"{"visibleToStandardAcl":{"circles":[{"type":"CIRCLE_TYPE_YOUR_CIRCLES"}]}}"#),
            Visibility::Followers
        );
        assert_eq!(
            v(r#"{"visibleToStandardAcl":{"circles":[{"type":"CIRCLE_TYPE_USER_CIRCLE"}]}}"#),
            Visibility::Private
        );
        assert_eq!(v(r#"{"communityAcl":{}}"#), Visibility::Private);
        assert_eq!(visibility(None), Visibility::Unknown);
    }

    #[test]
    fn link_cards_become_links() {
        // JSON: the card's URL joins the links, titled, unless the text linked it
        let v: Value = serde_json::from_str(
            r#"{"title":"Harbour","url":"https://harbour.example/","imageUrl":"https://harbour.example/i.png"}"#,
        )
        .expect("json");
        let c = json_card(Some(&v)).expect("card");
        assert_eq!(c.image.as_deref(), Some("https://harbour.example/i.png"));
        let mut links = Vec::new();
        card_links(&[c], &mut links);
        assert_eq!(links[0].url, "https://harbour.example/");
        assert_eq!(links[0].display.as_deref(), Some("Harbour"));
        assert!(json_card(Some(&serde_json::json!({"title": "no url"}))).is_none());
        // HTML: both card shapes, and nothing inside the other anchors
        let doc = r#"<div class="main-content">x <a href="https://a.example/">a</a></div><a href="https://b.example/?p=1&amp;q=2" target="_blank" class="link-embed"><h3>B &amp; C</h3><img src="https://b.example/i.jpg" alt=""></a><a href="https://c.example/" class="inline-link-embed"><img src="https://c.example/f.png" alt=""><div class="link-title">C</div></a>"#;
        let els = html::elements(doc);
        let cards = html_cards(&els, |_| true);
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].url, "https://b.example/?p=1&q=2");
        assert_eq!(cards[0].title.as_deref(), Some("B & C"));
        assert_eq!(cards[0].image.as_deref(), Some("https://b.example/i.jpg"));
        assert_eq!(cards[1].title.as_deref(), Some("C"));
        let mut ext = Ext::default();
        let mut links = Vec::new();
        add_cards(cards, &mut links, &mut ext);
        assert_eq!(links.len(), 2);
        assert!(ext.get_json("link_cards").is_some());
    }

    #[test]
    fn vcards_unfold_and_unescape() {
        let c = vcards("BEGIN:VCARD\r\nFN:A\\, B\r\nURL:https://plus.google.com/\r\n 123\r\nEND:VCARD\r\nBEGIN:VCARD\nEMAIL;TYPE=INTERNET:x@y\nEND:VCARD\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0][0], ("FN".to_string(), "A, B".to_string()));
        assert_eq!(c[0][1].1, "https://plus.google.com/123");
        assert_eq!(c[1][0].0, "EMAIL");
    }
}
