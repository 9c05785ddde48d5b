//! One WARC entry, record by record: pages to the extractors (or the generic page),
//! images, audio, video and documents to media, everything accounted for in the
//! ledger; the entry itself is carried verbatim.

use std::io::Read;

use serde_json::json;

use super::held::Capture;
use super::http::{self, BodyLimit, BodyLimits, HttpError};
use super::input::{self, Spooled, Tee, TempDir};
use super::ledger::{self, Ledger};
use super::page::{decode_page, Out, Page};
use super::record::{BlockEnd, Head, Reader, WarcError};
use super::url::Url;
use super::{CapturedImage, Web};
use crate::error::{Error, Result, Tripwire};
use crate::import::Context;
use crate::model::{Kind, Record, Source, Timestamp};

/// The most bytes of a page that are parsed.
const MAX_PAGE: u64 = 16 << 20;

/// The deepest nesting of elements a page may have to be parsed (browsers flatten
/// beyond 512), and the most nesting in all (see `page::nesting`).
const MAX_DEPTH: usize = 1024;
const MAX_NESTING_COST: u64 = 64 << 20;

/// What a record's content is, by media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Page,
    Media,
    Other,
}

fn what(media_type: &str) -> What {
    match media_type {
        "text/html" | "application/xhtml+xml" => What::Page,
        t if t.starts_with("image/")
            || t.starts_with("audio/")
            || t.starts_with("video/")
            || t == "application/pdf"
            || t == "application/x-shockwave-flash" =>
        {
            What::Media
        }
        _ => What::Other,
    }
}

/// The content of a `response` or `resource` record, after its head.
struct Content<'a> {
    media_type: String,
    charset: Option<String>,
    status: Option<u16>,
    body: Box<dyn Read + 'a>,
    decoding: http::Decoding,
}

impl Web {
    /// Read one WARC entry.
    pub(super) fn read_warc(
        &mut self,
        entry: &str,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let dir = TempDir::new(cx.spool_dir)?;
        let copy = dir.0.join("copy.warc");
        let mut ledger = Ledger::new(&dir.0)?;
        let before: u64 = cx.report.records.values().map(|c| c.read).sum();
        let held_before = self.held_records;
        let mut tee = Tee::new(r, &copy)?;
        let mut stopped: Option<String> = None;
        {
            let (stream, gz) =
                input::plain(&mut tee, cx.limits, entry).map_err(|e| Error::io(entry, e))?;
            if gz {
                self.gzipped = true;
            }
            let mut reader = Reader::new(stream);
            let mut index = 0u64;
            let mut truncated_at: Option<u64> = None;
            loop {
                cx.check_interrupt()?;
                let head = match reader.next_head() {
                    Ok(Some(h)) => h,
                    Ok(None) => break,
                    Err(WarcError::Io(e)) => {
                        if Tripwire::find(&e).is_some() {
                            return Err(Error::io(entry, e));
                        }
                        let at = reader.position();
                        let why = format!("the WARC cannot be read past byte {at}: {e}");
                        cx.report.unreadable(entry, at, why.clone());
                        cx.report
                            .skipped(Kind::Post, why.clone(), format!("{entry}@{at}"));
                        ledger.broken(at, &why)?;
                        stopped = Some(why);
                        break;
                    }
                    Err(e @ WarcError::Truncated { .. }) => {
                        let WarcError::Truncated { offset, .. } = &e else {
                            break;
                        };
                        if truncated_at != Some(*offset) {
                            let why = e.to_string();
                            cx.report.unreadable(entry, *offset, why.clone());
                            cx.report
                                .skipped(Kind::Post, why.clone(), format!("{entry}@{offset}"));
                            ledger.broken(*offset, &why)?;
                            stopped = Some(why);
                        }
                        break;
                    }
                    Err(e @ WarcError::Malformed { .. }) => {
                        let WarcError::Malformed { offset, .. } = &e else {
                            continue;
                        };
                        let why = e.to_string();
                        cx.report
                            .skipped(Kind::Post, why.clone(), format!("{entry}@{offset}"));
                        cx.report.unreadable(entry, *offset, why.clone());
                        ledger.broken(*offset, &why)?;
                        continue;
                    }
                };
                for g in reader.take_gaps() {
                    cx.report.warn(format!(
                        "{entry}: {} bytes at byte {} are not a WARC record (a wrong Content-Length before them?); passed over",
                        g.bytes, g.offset
                    ));
                    ledger.gap(&g)?;
                }
                index += 1;
                let offset = head.offset;
                let res = self.record(
                    entry,
                    index,
                    &head,
                    &mut reader.block(),
                    &dir,
                    cx,
                    &mut ledger,
                );
                match res {
                    Ok(()) => {}
                    Err(Error::Io { source, .. }) if BlockEnd::is(&source) => {
                        truncated_at = Some(offset);
                        let why = format!("the record at byte {offset} is truncated: {source}");
                        cx.report.unreadable(entry, offset, why.clone());
                        cx.report
                            .skipped(Kind::Post, why.clone(), format!("{entry}@{offset}"));
                        ledger.broken(offset, &why)?;
                        stopped = Some(why);
                    }
                    Err(e) => return Err(e),
                }
            }
            for g in reader.take_gaps() {
                ledger.gap(&g)?;
            }
        }
        if let Some(why) = &stopped {
            cx.report.warn(format!("{entry}: {why}"));
        }
        tee.finish().map_err(|e| Error::io(entry, e))?;
        let (ledger_path, counts, records) = ledger.finish()?;
        cx.report
            .warn(format!("{entry}: {}", ledger::summary(&counts, records)));
        for (fate, n) in &counts {
            *self.fates.entry(fate).or_default() += n;
        }
        self.records_read += records;
        // the WARC verbatim, and what became of each of its records
        let mut f = std::fs::File::open(&copy).map_err(|e| Error::io(&copy, e))?;
        cx.sink.carry(entry, &mut f)?;
        let mut l = std::fs::File::open(&ledger_path).map_err(|e| Error::io(&ledger_path, e))?;
        cx.sink
            .carry(&format!("{entry}.lifeboat-records.jsonl"), &mut l)?;
        // records are held until every capture is read: count what this entry gave
        let after: u64 = cx.report.records.values().map(|c| c.read).sum();
        Ok(after - before + (self.held_records - held_before))
    }

    /// One record.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        entry: &str,
        index: u64,
        head: &Head,
        block: &mut dyn Read,
        dir: &TempDir,
        cx: &mut Context,
        ledger: &mut Ledger,
    ) -> Result<()> {
        let kind = head.kind();
        if !head.version.is_empty() {
            self.versions.insert(format!("WARC/{}", head.version));
        }
        match kind.as_str() {
            "warcinfo" => {
                let mut text = String::new();
                block
                    .take(64 << 10)
                    .read_to_string(&mut text)
                    .map_err(|e| Error::io(entry, e))?;
                let software = text.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case("software")
                        .then(|| v.trim().to_string())
                });
                if let Some(s) = &software {
                    if !self.software.contains(s) {
                        self.software.push(s.clone());
                    }
                }
                ledger.note(head, "warcinfo", json!({"software": software}))
            }
            "request" => ledger.note(head, "request", json!({})),
            "metadata" | "conversion" => ledger.note(head, "metadata", json!({})),
            "continuation" => ledger.note(
                head,
                "continuation",
                json!({"reason": "a segment of a record split over several WARCs: not reassembled"}),
            ),
            "revisit" => {
                let c = self.capture_of(entry, head, true);
                self.revisits.push(super::Revisit {
                    capture: c,
                    digest: head.get("WARC-Payload-Digest").map(str::to_string),
                    refers_to: head
                        .get("WARC-Refers-To-Target-URI")
                        .map(|u| u.trim_matches(['<', '>']).to_string())
                        .or_else(|| head.target()),
                });
                ledger.note(head, "revisit", json!({}))
            }
            "response" | "resource" => self.content(entry, index, head, block, dir, cx, ledger),
            other => ledger.note(
                head,
                "other",
                json!({"reason": format!("WARC-Type {other:?} is not one lifeboat reads")}),
            ),
        }
    }

    fn capture_of(&mut self, entry: &str, head: &Head, revisit: bool) -> usize {
        let captured_at = head
            .get("WARC-Date")
            .and_then(Timestamp::parse)
            .map(|t| t.0);
        self.held.capture(Capture {
            captured_at,
            warc: entry.to_string(),
            offset: head.offset,
            record_id: head.get("WARC-Record-ID").map(str::to_string),
            url: head.target().unwrap_or_default(),
            revisit,
        })
    }

    /// A `response` or `resource` record.
    #[allow(clippy::too_many_arguments)]
    fn content(
        &mut self,
        entry: &str,
        index: u64,
        head: &Head,
        block: &mut dyn Read,
        dir: &TempDir,
        cx: &mut Context,
        ledger: &mut Ledger,
    ) -> Result<()> {
        let loc = format!("{entry}@{}", head.offset);
        let is_http = head.content_type().starts_with("application/http");
        let media_limits = BodyLimits {
            max_bytes: cx.limits.max_entry_bytes,
            ratio: cx.limits.max_ratio,
            grace: cx.limits.ratio_grace_bytes,
        };
        let content = if is_http {
            let (h, rest) = match http::read_head(block) {
                Ok(x) => x,
                Err(HttpError::Io(e)) => return Err(Error::io(entry, e)),
                Err(HttpError::Head(why)) => {
                    cx.report.skipped(Kind::Post, why.clone(), loc);
                    return ledger.note(head, "skipped", json!({"reason": why}));
                }
            };
            let media_type = h.content_type();
            let charset = h.charset();
            let status = h.status;
            let body = Box::new(&mut *block);
            match http::body(&h, rest, body, media_limits) {
                Ok((body, decoding)) => Content {
                    media_type,
                    charset,
                    status,
                    body,
                    decoding,
                },
                Err(why) => {
                    let k = if what(&media_type) == What::Media {
                        Kind::Media
                    } else {
                        Kind::Post
                    };
                    cx.report.skipped(k, why.clone(), loc);
                    return ledger.note(head, "skipped", json!({"reason": why}));
                }
            }
        } else {
            Content {
                media_type: head.content_type(),
                charset: head.get("Content-Type").and_then(http::charset_param),
                status: None,
                body: Box::new(&mut *block),
                decoding: http::Decoding::default(),
            }
        };
        match content.status {
            Some(s) if (300..400).contains(&s) => {
                return ledger.note(head, "redirect", json!({"status": s}));
            }
            Some(s) if s >= 400 => {
                return ledger.note(head, "error response", json!({"status": s}));
            }
            _ => {}
        }
        let Some(target) = head.target() else {
            return ledger.note(head, "other", json!({"reason": "no WARC-Target-URI"}));
        };
        match what(&content.media_type) {
            What::Page => self.page(entry, index, head, &target, content, cx, ledger),
            What::Media => self.media_capture(entry, head, &target, content, dir, cx, ledger),
            What::Other => ledger.note(
                head,
                "kept in the WARC",
                json!({"content_type": content.media_type}),
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn page(
        &mut self,
        entry: &str,
        index: u64,
        head: &Head,
        target: &str,
        mut content: Content<'_>,
        cx: &mut Context,
        ledger: &mut Ledger,
    ) -> Result<()> {
        let loc = format!("{entry}@{}", head.offset);
        let mut bytes = Vec::new();
        let read = (&mut content.body)
            .take(MAX_PAGE + 1)
            .read_to_end(&mut bytes);
        if let Err(e) = read {
            if let Some(l) = BodyLimit::find(&e) {
                let why = format!("page {target}: {l}");
                cx.report.skipped(Kind::Post, why.clone(), loc);
                return ledger.note(head, "skipped", json!({"reason": why}));
            }
            if Tripwire::find(&e).is_some() || BlockEnd::is(&e) {
                return Err(Error::io(entry, e));
            }
            let why = format!("page {target}: its body cannot be decoded ({e})");
            cx.report.skipped(Kind::Post, why.clone(), loc);
            return ledger.note(head, "skipped", json!({"reason": why}));
        }
        if bytes.len() as u64 > MAX_PAGE {
            let why = format!("page {target} is larger than {MAX_PAGE} bytes: not parsed");
            cx.report.skipped(Kind::Post, why.clone(), loc);
            return ledger.note(head, "skipped", json!({"reason": why}));
        }
        let (text, encoding, bad) = decode_page(&bytes, content.charset.as_deref());
        if bad {
            cx.report.repair("encoding");
        }
        let (depth, cost) = super::page::nesting(&text);
        if depth > MAX_DEPTH || cost > MAX_NESTING_COST {
            let why = format!(
                "page {target} nests elements {depth} deep ({cost} in all): more than a parser is given (a hostile page?); not parsed"
            );
            cx.report.skipped(Kind::Post, why.clone(), loc);
            return ledger.note(head, "skipped", json!({"reason": why}));
        }
        let url = match Url::parse(target) {
            Some(u) => u,
            None => {
                let why = format!("page {target:?}: not an http(s) URL");
                cx.report.skipped(Kind::Post, why.clone(), loc);
                return ledger.note(head, "skipped", json!({"reason": why}));
            }
        };
        let doc = scraper::Html::parse_document(&text);
        let capture = self.capture_of(entry, head, false);
        let captured_at = head
            .get("WARC-Date")
            .and_then(Timestamp::parse)
            .map(|t| t.0);
        let source = Source::at(entry, index);
        let page = Page {
            url: &url,
            captured_at,
            doc: &doc,
            source: &source,
        };
        let mut out = Out::default();
        let mut extractor = "generic";
        let mut fallback: Option<String> = None;
        for ex in super::extractors() {
            if !ex.claims(&url) {
                continue;
            }
            match ex.extract(&page, &mut out) {
                Ok(()) if !out.records.is_empty() => {
                    extractor = ex.network();
                    break;
                }
                Ok(()) => {
                    fallback = Some(format!("{} page with nothing {0} shows", ex.network()));
                    out = Out::default();
                }
                Err(why) => {
                    fallback = Some(why);
                    out = Out::default();
                }
            }
        }
        if out.records.is_empty() {
            super::generic::page(&page, &mut out);
            if let Some(why) = &fallback {
                cx.report
                    .warn(format!("{loc}: {target} kept as a generic page: {why}"));
            }
        }
        if let Some(era) = out.era {
            self.eras.insert(format!("{extractor}: {era}"));
        }
        let ids: Vec<String> = out.records.iter().map(|r| r.id().to_string()).collect();
        self.link_images(&out);
        self.held_records += out.records.len() as u64;
        for mut r in out.records {
            if let Record::Post(p) = &mut r {
                if !content.decoding.undone.is_empty()
                    || !content.decoding.already_decoded.is_empty()
                {
                    // how the capture was stored, for whoever checks it against the WARC
                    p.ext.insert(
                        "http_decoding",
                        json!({"undone": content.decoding.undone, "stored_decoded": content.decoding.already_decoded}),
                    );
                }
                p.ext.insert("page_encoding", json!(encoding));
            }
            self.held.hold(r, capture, cx.spool_dir)?;
        }
        if let Some(d) = head.get("WARC-Payload-Digest") {
            self.digests
                .entry(d.to_string())
                .or_insert(super::Original::Page(capture));
        }
        let n = ids.len();
        // the page's latest capture (for revisits and the WACZ page list)
        self.page_urls.insert(url.native(), capture);
        ledger.note(
            head,
            if extractor == "generic" {
                "generic page"
            } else {
                "page"
            },
            json!({"extractor": extractor, "records": n}),
        )
    }

    /// Media ids for the images a page shows, and the records they belong to.
    fn link_images(&mut self, out: &Out) {
        for img in &out.images {
            let Some(u) = Url::parse(&img.url) else {
                continue;
            };
            let key = u.as_string();
            let net = img.attach_to.split(':').next().unwrap_or("web").to_string();
            let use_ = self.images.entry(key).or_insert_with(|| super::ImageUse {
                media_id: crate::model::record_id(&net, Kind::Media, &u.native()),
                attached: Vec::new(),
                optional: true,
                alt: img.alt.clone(),
            });
            use_.optional &= img.optional;
            if !use_.attached.iter().any(|(id, _)| *id == img.attach_to) {
                use_.attached.push((img.attach_to.clone(), img.role));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn media_capture(
        &mut self,
        entry: &str,
        head: &Head,
        target: &str,
        mut content: Content<'_>,
        dir: &TempDir,
        cx: &mut Context,
        ledger: &mut Ledger,
    ) -> Result<()> {
        let loc = format!("{entry}@{}", head.offset);
        self.bodies += 1;
        let body = match Spooled::read(&mut content.body, &dir.0, self.bodies) {
            Ok(b) => b,
            Err(e) => {
                if let Some(l) = BodyLimit::find(&e) {
                    let why = format!("{target}: {l}");
                    cx.report.skipped(Kind::Media, why.clone(), loc);
                    return ledger.note(head, "skipped", json!({"reason": why}));
                }
                if Tripwire::find(&e).is_some() || BlockEnd::is(&e) {
                    return Err(Error::io(entry, e));
                }
                let why = format!("{target}: its body cannot be decoded ({e})");
                cx.report.skipped(Kind::Media, why.clone(), loc);
                return ledger.note(head, "skipped", json!({"reason": why}));
            }
        };
        let Some(url) = Url::parse(target) else {
            return ledger.note(head, "other", json!({"reason": "not an http(s) URL"}));
        };
        let name = media_name(&url, &content.media_type);
        let mut r = body.reader().map_err(|e| Error::io(entry, e))?;
        let stored = cx.sink.store_media(&name, &mut r)?;
        let capture = self.capture_of(entry, head, false);
        let captured_at = head
            .get("WARC-Date")
            .and_then(Timestamp::parse)
            .map(|t| t.0);
        ledger.note(head, "media", json!({"sha256": stored.sha256}))?;
        if let Some(d) = head.get("WARC-Payload-Digest") {
            self.digests
                .entry(d.to_string())
                .or_insert_with(|| super::Original::Media(url.as_string()));
        }
        self.captured
            .entry(url.as_string())
            .or_default()
            .push(CapturedImage {
                stored,
                mime: content.media_type.clone(),
                name,
                captured_at,
                capture,
                source: Source::entry(entry),
            });
        Ok(())
    }
}

/// A file name for a captured file: the URL's last segment, with an extension that
/// fits its media type when the URL has none.
fn media_name(url: &Url, media_type: &str) -> String {
    let last = url
        .segments()
        .last()
        .cloned()
        .unwrap_or_else(|| "file".into());
    let last: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let has_ext = last
        .rsplit_once('.')
        .is_some_and(|(_, e)| !e.is_empty() && e.len() <= 5);
    if has_ext {
        return last;
    }
    let ext = match media_type {
        "image/jpeg" | "image/pjpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "image/bmp" => "bmp",
        "audio/mpeg" => "mp3",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        "application/x-shockwave-flash" => "swf",
        _ => "bin",
    };
    format!("{last}.{ext}")
}
