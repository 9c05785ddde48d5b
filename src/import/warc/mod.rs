//! Web captures: WARC files (ISO 28500, WARC/1.0 and 1.1, plain or gzipped record by
//! record) and WACZ packages (a zip of WARCs with a page index and a
//! `datapackage.json` whose hashes are checked), read into the same records as any
//! export.
//!
//! Every record of every WARC is accounted for: a captured page goes to the extractor
//! of its site (MySpace, Bebo, LinkedIn groups, Google+) or becomes one generic
//! `web` page record; images, audio, video and documents become media with their
//! capture time and original URL; requests, revisits, `warcinfo`, `metadata` and
//! other content are listed in a ledger carried beside the WARC, which is itself
//! carried verbatim (records point into it with `ext.capture`). The same page
//! captured several times gives one record per id: the newest capture wins and
//! earlier versions are kept as history (see `held`).
//!
//! See `formats/web/README.md` and `formats/<site>/README.md`.

mod bebo;
mod capture;
mod comments;
mod generic;
mod googleplus;
mod held;
mod http;
mod input;
mod ledger;
mod linkedin;
mod myspace;
mod page;
mod record;
mod url;
mod wacz;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;

use serde_json::json;

use super::{Context, Cover, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{Kind, Media, Record, Source, Timestamp};

/// The network of the report (records carry their own site's network).
const NET: &str = "web";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "WARC/1.0 and WARC/1.1 (ISO 28500), plain or gzipped per record; the WARC/0.17-0.18 drafts",
    "WACZ 1.0-1.1 (zip of WARCs, pages/pages.jsonl, datapackage.json with sha256 fixity)",
    "pages: MySpace classic (2005-2010) and 2013+ profiles, blogs, comments, Top Friends; Bebo (2005-2013) profiles, blogs, comment walls, friends; LinkedIn group discussions (2008-); Google+ posts, comments, profiles, communities (2011-2019); any other page as a generic page",
];

/// web: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
        name: "web",
        description: "Web captures (WARC, WACZ): MySpace, Bebo, LinkedIn group and Google+ pages read; any other page kept as one record",
        generations: GENERATIONS,
        detect,
        sniff: Some(sniff),
        make,
};

fn is_warc(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".warc") || l.ends_with(".warc.gz") || l.ends_with(".warc.os")
}

/// How sure we are the entries are web captures, by name.
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        let f = e.file_name().to_ascii_lowercase();
        if f == "datapackage.json"
            && entries
                .iter()
                .any(|w| is_warc(&w.name) && w.name.contains("archive/"))
        {
            return Some(96);
        }
        if is_warc(&e.name) {
            score = score.max(90);
        }
    }
    (score > 0).then_some(score)
}

/// A WARC under another name, from its first bytes.
pub(crate) fn sniff(_name: &str, head: &[u8]) -> Option<u8> {
    (head.starts_with(b"WARC/1.") || head.starts_with(b"WARC/0.1")).then_some(90)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    let wacz = entries.iter().any(|e| e.file_name() == "datapackage.json");
    Box::new(Web {
        wacz: wacz.then(wacz::Wacz::default),
        ..Web::default()
    })
}

/// The page extractors, in the order they are asked.
fn extractors() -> [&'static dyn page::Extractor; 4] {
    [
        &myspace::MySpace,
        &bebo::Bebo,
        &linkedin::LinkedIn,
        &googleplus::GooglePlus,
    ]
}

/// A stored capture of an image (or other media).
struct CapturedImage {
    stored: Stored,
    mime: String,
    name: String,
    captured_at: Option<Timestamp>,
    capture: usize,
    source: Source,
}

/// An image pages show: its media id, and the records it belongs to.
struct ImageUse {
    media_id: String,
    attached: Vec<(String, &'static str)>,
    /// Linked only when captured.
    optional: bool,
    alt: Option<String>,
}

/// What an earlier capture (by payload digest) made: a page (its capture) or a
/// captured file (by URL).
enum Original {
    Page(usize),
    Media(String),
}

/// A revisit record, resolved when every capture is read.
struct Revisit {
    capture: usize,
    digest: Option<String>,
    refers_to: Option<String>,
}

/// The web captures importer.
#[derive(Default)]
pub struct Web {
    held: held::Held,
    images: HashMap<String, ImageUse>,
    captured: HashMap<String, Vec<CapturedImage>>,
    digests: HashMap<String, Original>,
    /// Pages read, by their name across captures: the latest capture of each.
    page_urls: HashMap<String, usize>,
    revisits: Vec<Revisit>,
    wacz: Option<wacz::Wacz>,
    eras: BTreeSet<String>,
    software: Vec<String>,
    fates: BTreeMap<&'static str, u64>,
    records_read: u64,
    bodies: u64,
    gzipped: bool,
    versions: BTreeSet<String>,
    /// Records held so far (each version counted).
    held_records: u64,
}

impl Importer for Web {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        if self.wacz.is_some() {
            "WACZ".into()
        } else {
            "WARC".into()
        }
    }

    fn plan(&mut self, entry: &Entry) -> Plan {
        let f = entry.file_name().to_ascii_lowercase();
        if is_warc(&entry.name) {
            return Plan::Parse {
                phase: 20,
                role: "warc".into(),
            };
        }
        if self.wacz.is_some() {
            let role = match f.as_str() {
                "datapackage.json" => (5, "wacz datapackage"),
                "datapackage-digest.json" => (4, "wacz datapackage digest"),
                _ if f.ends_with(".jsonl") && entry.name.contains("pages/") => (10, "wacz pages"),
                _ if entry.name.contains("indexes/") => (10, "wacz index"),
                _ => (30, "wacz resource"),
            };
            return Plan::Parse {
                phase: role.0,
                role: role.1.into(),
            };
        }
        Plan::Carry {
            role: "not a WARC".into(),
        }
    }

    fn parse(&mut self, entry: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let name = entry.name.clone();
        if let Some(w) = self.wacz.as_mut() {
            let mut hashing = wacz::Hashing::new(r);
            let n = match entry.file_name() {
                _ if is_warc(&name) => {
                    let n = self.read_warc(&name, &mut hashing, cx)?;
                    let (sha, bytes) = hashing.finish();
                    if let Some(w) = self.wacz.as_mut() {
                        w.seen(&name, sha, bytes);
                    }
                    return Ok(n);
                }
                "datapackage.json" => w.datapackage(&name, &mut hashing, cx)?,
                "datapackage-digest.json" => w.digest(&name, &mut hashing, cx)?,
                f if f.ends_with(".jsonl") && name.contains("pages/") => {
                    w.pages(&name, &mut hashing, cx)?
                }
                _ if name.contains("indexes/") => w.index(&name, &mut hashing, cx)?,
                _ => {
                    cx.sink.carry(&name, &mut hashing)?;
                    0
                }
            };
            let (sha, bytes) = hashing.finish();
            w.seen(&name, sha, bytes);
            return Ok(n);
        }
        self.read_warc(&name, r, cx)
    }

    fn media(&mut self, _: &Entry, _: &Stored, _: &mut Context) -> Result<()> {
        Ok(())
    }

    /// A capture holds the pages captured, as they were when captured: a part of
    /// what any account had, complete for nothing (nothing is marked absent on the
    /// strength of a capture).
    fn covers(&self, _entry: &str, _role: &str) -> Cover {
        super::COVERS_NOTHING
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        let wacz_version = self
            .wacz
            .as_ref()
            .map(|w| w.version().unwrap_or("(no version)").to_string());
        self.resolve_revisits();
        // which media each record shows: always the images that are part of it, the
        // others only when captured
        let mut by_record: HashMap<String, Vec<String>> = HashMap::new();
        for (url, u) in &self.images {
            if u.optional && !self.captured.contains_key(url) {
                continue;
            }
            for (id, _) in &u.attached {
                by_record
                    .entry(id.clone())
                    .or_default()
                    .push(u.media_id.clone());
            }
        }
        let held = std::mem::take(&mut self.held);
        held.drain(|mut r| {
            if let Record::Post(p) = &mut r {
                for m in by_record.get(&p.id).into_iter().flatten() {
                    if !p.media.contains(m) {
                        p.media.push(m.clone());
                    }
                }
            }
            cx.emit(r)
        })?;
        self.emit_media(cx)?;
        if let Some(w) = self.wacz.take() {
            w.finish(&self.page_urls, cx);
        }
        let versions = self.versions.iter().cloned().collect::<Vec<_>>().join(", ");
        let mut gen = if let Some(v) = wacz_version {
            format!("WACZ {v} of {versions}")
        } else if self.gzipped {
            format!("{versions} (gzipped)")
        } else {
            versions
        };
        if !self.eras.is_empty() {
            gen.push_str(": ");
            gen.push_str(&self.eras.iter().cloned().collect::<Vec<_>>().join("; "));
        }
        cx.report.generation = gen;
        if !self.software.is_empty() {
            cx.report.warn(format!(
                "captured with {} (warcinfo)",
                self.software.join(", ")
            ));
        }
        let accounted: u64 = self.fates.values().sum();
        cx.report.reconcile(
            "WARC records read, each with a fate in <entry>.lifeboat-records.jsonl",
            self.records_read,
            accounted,
            None,
        );
        Ok(())
    }
}

impl Web {
    /// A revisit shows the records of the capture it points to again.
    fn resolve_revisits(&mut self) {
        for rv in std::mem::take(&mut self.revisits) {
            let by_digest = rv.digest.as_ref().and_then(|d| self.digests.get(d));
            let original: Option<usize> = match by_digest {
                Some(Original::Page(capture)) => Some(*capture),
                Some(Original::Media(url)) => {
                    if let Some(c) = self.captured.get_mut(url) {
                        if let Some(first) = c.first() {
                            let again = CapturedImage {
                                stored: first.stored.clone(),
                                mime: first.mime.clone(),
                                name: first.name.clone(),
                                captured_at: self.held.captured_at(rv.capture),
                                capture: rv.capture,
                                source: first.source.clone(),
                            };
                            c.push(again);
                        }
                    }
                    continue;
                }
                None => rv
                    .refers_to
                    .as_deref()
                    .and_then(url::Url::parse)
                    .and_then(|u| self.page_urls.get(&u.native()).copied()),
            };
            if let Some(o) = original {
                self.held.revisited(o, rv.capture);
            }
        }
    }

    /// One media record per captured or shown image.
    fn emit_media(&mut self, cx: &mut Context) -> Result<()> {
        let mut urls: BTreeSet<String> = self.captured.keys().cloned().collect();
        urls.extend(
            self.images
                .iter()
                .filter(|(_, u)| !u.optional)
                .map(|(k, _)| k.clone()),
        );
        for url in urls {
            let u = self.images.get(&url);
            let caps = self.captured.get(&url);
            let parsed = url::Url::parse(&url);
            let native = parsed.as_ref().map(url::Url::native).unwrap_or(url.clone());
            let id = u
                .map(|u| u.media_id.clone())
                .unwrap_or_else(|| crate::model::record_id(NET, Kind::Media, &native));
            let network = id.split(':').next().unwrap_or(NET).to_string();
            let mut m = Media {
                id,
                network,
                kind: "photo".into(),
                original_url: Some(url.clone()),
                source: Source::entry(""),
                ..Media::default()
            };
            if let Some(u) = u {
                m.attached_to = u.attached.iter().map(|(id, _)| id.clone()).collect();
                m.alt_text = u.alt.clone();
                // how the page showed it (`avatar`: an account's picture). Not `role`:
                // the Mastodon export takes a `role: avatar` of the owner for its own
                // profile image and reads it back under another id (see the report)
                if let Some((_, role)) = u.attached.iter().find(|(_, r)| *r != "content") {
                    m.ext.insert("shown_as", json!(role));
                }
            }
            match caps.and_then(|c| c.iter().max_by_key(|c| (c.captured_at, c.capture))) {
                Some(c) => {
                    m.set_file(
                        c.name.clone(),
                        c.stored.sha256.clone(),
                        c.stored.bytes,
                        c.stored.path.clone(),
                    );
                    m.mime = Some(c.mime.clone());
                    m.kind = Media::kind_of_mime(&c.mime).into();
                    m.source = c.source.clone();
                    if let Some(t) = c.captured_at {
                        m.ext.insert("captured_at", json!(t.to_rfc3339()));
                    }
                    let all = caps.map(Vec::as_slice).unwrap_or_default();
                    if all.len() > 1 {
                        let list: Vec<_> = all
                            .iter()
                            .map(|c| {
                                json!({
                                    "captured_at": c.captured_at.map(|t| t.to_rfc3339()),
                                    "sha256": c.stored.sha256,
                                })
                            })
                            .collect();
                        m.ext.insert("captures", json!(list));
                    }
                }
                None => {
                    m.missing = true;
                    cx.report.missing_media(url.clone());
                }
            }
            cx.emit(Record::Media(m))?;
        }
        Ok(())
    }
}
