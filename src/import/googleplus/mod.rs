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

mod activity;
mod cards;
mod circles;
mod pages;
mod posts;

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
mod tests;
