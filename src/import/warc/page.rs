//! A captured HTML page as the extractors see it, and what they make of it; the
//! helpers they share (selectors, text, page charsets, the times pages show).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use scraper::{ElementRef, Html, Selector};

use super::url::Url;
use crate::model::{Account, Kind, Link, Post, Record, Source, Timestamp, Visibility};

/// One captured page.
pub(crate) struct Page<'a> {
    /// The URL captured (`WARC-Target-URI`).
    pub url: &'a Url,
    /// When it was captured (`WARC-Date`).
    pub captured_at: Option<Timestamp>,
    /// The parsed document.
    pub doc: &'a Html,
    /// Where the capture is in the dump: the WARC entry and the record's number.
    pub source: &'a Source,
}

impl Page<'_> {
    /// The document's root element.
    pub fn root(&self) -> ElementRef<'_> {
        self.doc.root_element()
    }

    /// A reference resolved against the page's URL.
    pub fn abs(&self, href: &str) -> Option<String> {
        self.url.join(href)
    }

    /// A new account record of `network`.
    pub fn account(&self, network: &str, native: &str) -> Account {
        Account {
            id: crate::model::record_id(network, Kind::Account, native),
            network: network.into(),
            source: self.source.clone(),
            ..Account::default()
        }
    }

    /// A new public post record of `network`.
    pub fn post(&self, network: &str, native: &str, author: &str) -> Post {
        Post {
            id: crate::model::record_id(network, Kind::Post, native),
            network: network.into(),
            author: author.into(),
            visibility: Visibility::Public,
            source: self.source.clone(),
            ..Post::default()
        }
    }

    /// `html`, `text` and `links` of a post from an element's content; links are
    /// resolved against the page.
    pub fn set_body(&self, p: &mut Post, el: ElementRef<'_>) {
        let html = el.inner_html();
        let r = crate::read::html::render(&html);
        p.text = r.text;
        for a in r.anchors {
            if let Some(url) = self.abs(&a.href) {
                if !p.links.iter().any(|l| l.url == url) {
                    p.links.push(Link {
                        url,
                        short_url: None,
                        display: (!a.text.is_empty()).then_some(a.text),
                    });
                }
            }
        }
        let html = html.trim();
        if !html.is_empty() {
            p.html = Some(html.to_string());
        }
    }
}

/// An image a page shows, to be linked to a record.
#[derive(Clone, Debug)]
pub(crate) struct ImageRef {
    /// Where it was served from (absolute).
    pub url: String,
    /// The record it belongs to (a post, or an account for its picture).
    pub attach_to: String,
    /// `avatar`, `header`, or `content`.
    pub role: &'static str,
    /// Its `alt` text.
    pub alt: Option<String>,
    /// Linked only when the dump holds a capture of it (no missing-media record
    /// otherwise): decoration, thumbnails of other accounts.
    pub optional: bool,
}

/// What an extractor made of a page.
#[derive(Default)]
pub(crate) struct Out {
    /// The records, in page order.
    pub records: Vec<Record>,
    /// Images to link (their media records are made when every capture is read).
    pub images: Vec<ImageRef>,
    /// The page's era or layout (`classic profile 2005-2007`, …), for the report.
    pub era: Option<&'static str>,
}

impl Out {
    /// An image that is part of a record (a missing-media record when the dump does
    /// not hold it).
    pub fn image(&mut self, url: Option<String>, attach_to: &str, role: &'static str) {
        self.push_image(url, attach_to, role, false);
    }

    /// An image shown with a record, linked only when the dump holds it.
    pub fn optional_image(&mut self, url: Option<String>, attach_to: &str, role: &'static str) {
        self.push_image(url, attach_to, role, true);
    }

    fn push_image(
        &mut self,
        url: Option<String>,
        attach_to: &str,
        role: &'static str,
        optional: bool,
    ) {
        if let Some(url) = url {
            if !self
                .images
                .iter()
                .any(|i| i.url == url && i.attach_to == attach_to)
            {
                self.images.push(ImageRef {
                    url,
                    attach_to: attach_to.into(),
                    role,
                    alt: None,
                    optional,
                });
            }
        }
    }
}

/// A page's network-specific reader.
pub(crate) trait Extractor {
    /// The network its records belong to (`myspace`).
    fn network(&self) -> &'static str;
    /// Whether the URL is one of its pages.
    fn claims(&self, url: &Url) -> bool;
    /// Read the page. `Err` says why it could not (a layout it does not know): the
    /// page is then kept as a generic page.
    fn extract(&self, page: &Page<'_>, out: &mut Out) -> Result<(), String>;
}

/// A CSS selector (the selectors used here are constants; one that does not parse
/// matches nothing).
pub(crate) fn css(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// The first element under `root` matching `sel`.
pub(crate) fn first<'a>(root: ElementRef<'a>, sel: &str) -> Option<ElementRef<'a>> {
    let s = css(sel)?;
    root.select(&s).next()
}

/// The first element matching the first of `sels` that matches anything (selectors
/// in order of preference, unlike a selector list, which matches in document order).
pub(crate) fn first_of<'a>(root: ElementRef<'a>, sels: &[&str]) -> Option<ElementRef<'a>> {
    sels.iter().find_map(|s| first(root, s))
}

/// Every element under `root` matching `sel`, in document order.
pub(crate) fn all<'a>(root: ElementRef<'a>, sel: &str) -> Vec<ElementRef<'a>> {
    match css(sel) {
        Some(s) => root.select(&s).collect(),
        None => Vec::new(),
    }
}

/// An element's text, whitespace collapsed.
pub(crate) fn text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for t in el.text() {
        for w in t.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// The text of the first element matching `sel`, when not empty.
pub(crate) fn text_at(root: ElementRef<'_>, sel: &str) -> Option<String> {
    first(root, sel).map(text).filter(|t| !t.is_empty())
}

/// An attribute of the first element matching `sel`.
pub(crate) fn attr_at(root: ElementRef<'_>, sel: &str, name: &str) -> Option<String> {
    first(root, sel)
        .and_then(|e| e.value().attr(name))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The content of `<meta property=…>` or `<meta name=…>`.
pub(crate) fn meta(root: ElementRef<'_>, key: &str) -> Option<String> {
    attr_at(root, &format!("meta[property=\"{key}\"]"), "content")
        .or_else(|| attr_at(root, &format!("meta[name=\"{key}\"]"), "content"))
        .or_else(|| attr_at(root, &format!("meta[itemprop=\"{key}\"]"), "content"))
}

/// The page's text: `<title>`, and the body's text.
pub(crate) fn title(doc: &Html) -> Option<String> {
    first(doc.root_element(), "title")
        .map(text)
        .filter(|t| !t.is_empty())
}

/// Nesting an HTML parser pays for: the deepest nesting of elements and the sum of
/// the depths at each start tag (a tree builder checks the open elements at many
/// start tags, so a page nested 200,000 deep costs it quadratic time). Elements whose
/// end tag may be left out, void elements and self-closed tags do not nest. One pass.
pub(crate) fn nesting(html: &str) -> (usize, u64) {
    const FLAT: [&str; 27] = [
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "tbody",
        "thead", "tfoot", "colgroup", "caption", "html", "head", "body", "img", "br", "meta",
        "link", "input", "hr", "wbr",
    ];
    let b = html.as_bytes();
    let (mut depth, mut max, mut total) = (0usize, 0usize, 0u64);
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', b.get(i..).unwrap_or_default()) {
        let at = i + off + 1;
        let closing = b.get(at) == Some(&b'/');
        let start = if closing { at + 1 } else { at };
        let len = b
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        i = start + len;
        if len == 0 || !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name = html
            .get(start..start + len)
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") && !closing {
            // raw text: skip to its end tag
            i = end_tag(b, i, name.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        let tag_end = memchr::memchr(b'>', b.get(i..).unwrap_or_default()).map(|e| i + e);
        let self_closed = tag_end.is_some_and(|e| e > 0 && b.get(e - 1) == Some(&b'/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            depth += 1;
            max = max.max(depth);
            total += depth as u64;
        }
    }
    (max, total)
}

/// Where `</name` next starts in `b` from `from` (ASCII case ignored).
fn end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    loop {
        let at = i + memchr::memchr(b'<', b.get(i..)?)?;
        let n = b.get(at + 2..at + 2 + name.len());
        if b.get(at + 1) == Some(&b'/') && n.is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            return Some(at);
        }
        i = at + 1;
    }
}

/// Decode a page's bytes: a BOM, then the HTTP charset, then a `<meta>` charset in the
/// first 1024 bytes, else UTF-8 when the bytes are UTF-8 and Windows-1252 (the web's
/// default for undeclared pages) when not. Returns the text, the encoding used, and
/// whether any byte could not be decoded.
pub(crate) fn decode_page(
    bytes: &[u8],
    http_charset: Option<&str>,
) -> (String, &'static str, bool) {
    use encoding_rs::Encoding;
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (t, bad) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        return (t.into_owned(), enc.name(), bad);
    }
    let declared = http_charset
        .and_then(|c| Encoding::for_label(c.as_bytes()))
        .or_else(|| meta_charset(bytes).and_then(|c| Encoding::for_label(c.as_bytes())));
    let enc = match declared {
        // a page that says UTF-16 but had no BOM is read as its bytes are
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    let (t, bad) = enc.decode_without_bom_handling(bytes);
    (t.into_owned(), enc.name(), bad)
}

/// The charset a `<meta>` tag declares in the first 1024 bytes.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(1024)).unwrap_or_default())
        .to_ascii_lowercase();
    let i = head.find("charset=")?;
    let rest = head.get(i + 8..)?.trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'))
        .unwrap_or(rest.len());
    let cs = rest.get(..end)?;
    (!cs.is_empty()).then(|| cs.to_string())
}

/// A time shown on a page, read in the site's clock `tz`. Day-first (`d/m/Y`) or
/// month-first dates are chosen by `day_first`. Returns the time and whether the
/// string had a time of day (a bare date is midnight of that day).
pub(crate) fn local_time(s: &str, tz: Tz, day_first: bool) -> Option<(Timestamp, bool)> {
    let mut t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    // "Tuesday, December 26, 2006": the weekday says nothing more
    for day in [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ] {
        let lower = t.to_ascii_lowercase();
        if lower.starts_with(day) {
            t = t
                .get(day.len()..)
                .unwrap_or("")
                .trim_start_matches([',', ' '])
                .to_string();
            break;
        }
    }
    // MySpace's "7:25P" / "7:25A"
    if let Some(stripped) = t
        .strip_suffix('P')
        .filter(|x| x.ends_with(|c: char| c.is_ascii_digit()))
    {
        t = format!("{stripped} PM");
    } else if let Some(stripped) = t
        .strip_suffix('A')
        .filter(|x| x.ends_with(|c: char| c.is_ascii_digit()))
    {
        t = format!("{stripped} AM");
    }
    let t = t.replace(" at ", " ").replace(',', "");
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Some((Timestamp::from_millis(dt.timestamp_millis())?, true));
    }
    let (md, dm) = ("%m/%d/%Y", "%d/%m/%Y");
    let first_slash = if day_first { dm } else { md };
    let with_time = [
        "%b %d %Y %I:%M %p",
        "%B %d %Y %I:%M %p",
        "%d %b %Y %I:%M %p",
        "%d %B %Y %I:%M %p",
        "%b %d %Y %H:%M",
        "%d %b %Y %H:%M",
        "%d %B %Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ];
    for f in with_time {
        if let Ok(n) = NaiveDateTime::parse_from_str(&t, f) {
            return Some((at(tz, n)?, true));
        }
    }
    for f in [
        format!("{first_slash} %I:%M:%S %p"),
        format!("{first_slash} %I:%M %p"),
        format!("{first_slash} %H:%M:%S"),
        format!("{first_slash} %H:%M"),
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(&t, &f) {
            return Some((at(tz, n)?, true));
        }
    }
    for f in [
        first_slash,
        "%b %d %Y",
        "%B %d %Y",
        "%d %b %Y",
        "%d %B %Y",
        "%Y-%m-%d",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(&t, f) {
            return Some((at(tz, d.and_time(NaiveTime::MIN))?, false));
        }
    }
    None
}

/// A local time in `tz` as UTC (the earlier of two in a repeated hour; a time in a
/// skipped hour is read an hour later).
pub(crate) fn at(tz: Tz, n: NaiveDateTime) -> Option<Timestamp> {
    let local = match tz.from_local_datetime(&n) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(a, _) => a,
        chrono::LocalResult::None => tz
            .from_local_datetime(&(n + chrono::Duration::hours(1)))
            .earliest()?,
    };
    Timestamp::from_millis(local.timestamp_millis())
}

/// A relative time (`3 days ago`, `2d`, `1w`, `5 hours ago`, `yesterday`) before a
/// capture: the estimated time and how precise it is.
pub(crate) fn relative_time(s: &str, captured: Timestamp) -> Option<(Timestamp, &'static str)> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.trim_end_matches(" ago").trim_end_matches('•').trim();
    if t == "just now" || t == "now" {
        return Some((captured, "a minute"));
    }
    if t == "yesterday" {
        return Some((
            Timestamp::from_millis(captured.millis() - 86_400_000)?,
            "a day",
        ));
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: i64 = digits.parse().ok()?;
    let unit = t[digits.len()..].trim();
    let (ms, precision) = match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => (1_000, "a second"),
        "m" | "min" | "mins" | "minute" | "minutes" => (60_000, "a minute"),
        "h" | "hr" | "hrs" | "hour" | "hours" => (3_600_000, "an hour"),
        "d" | "day" | "days" => (86_400_000, "a day"),
        "w" | "wk" | "week" | "weeks" => (604_800_000, "a week"),
        "mo" | "month" | "months" => (2_629_746_000, "a month"),
        "y" | "yr" | "year" | "years" => (31_556_952_000, "a year"),
        _ => return None,
    };
    Some((
        Timestamp::from_millis(captured.millis().checked_sub(n.checked_mul(ms)?)?)?,
        precision,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_pages_show() {
        let la = chrono_tz::America::Los_Angeles;
        let (t, with_time) = local_time("Mar 3 2006 7:25P", la, false).unwrap();
        assert_eq!(
            (t.to_rfc3339().as_str(), with_time),
            ("2006-03-04T03:25:00Z", true)
        );
        let (t, _) = local_time("7/4/2008 10:05:00 AM", la, false).unwrap();
        assert_eq!(t.to_rfc3339(), "2008-07-04T17:05:00Z");
        let (t, with_time) = local_time("Tuesday, December 26, 2006", la, false).unwrap();
        assert_eq!(
            (t.to_rfc3339().as_str(), with_time),
            ("2006-12-26T08:00:00Z", false)
        );
        let london = chrono_tz::Europe::London;
        let (t, _) = local_time("04/07/2008 18:30", london, true).unwrap();
        assert_eq!(t.to_rfc3339(), "2008-07-04T17:30:00Z");
        assert!(local_time("soon", la, false).is_none());
        let cap = Timestamp::parse("2023-05-10T12:00:00Z").unwrap().0;
        let (t, p) = relative_time("3d", cap).unwrap();
        assert_eq!(
            (t.to_rfc3339().as_str(), p),
            ("2023-05-07T12:00:00Z", "a day")
        );
        assert_eq!(relative_time("2 hours ago", cap).unwrap().1, "an hour");
        assert!(relative_time("3 fortnights", cap).is_none());
    }

    #[test]
    fn nesting_is_measured_in_one_pass() {
        assert_eq!(
            nesting("<div><p>a<p>b<div>c</div></div><br><img src=x>").0,
            2
        );
        assert_eq!(nesting("<script>if (a<b) {<div>}</SCRIPT><span/>").0, 0);
        assert_eq!(nesting(&"<script>x".repeat(50_000)).0, 0);
        let deep = "<div>".repeat(100_000);
        assert_eq!(nesting(&deep).0, 100_000);
        let flat = "<div></div>".repeat(100_000);
        assert_eq!(nesting(&flat), (1, 100_000));
    }

    #[test]
    fn page_charsets() {
        let (t, enc, bad) = decode_page(b"<meta charset=\"iso-8859-1\">caf\xe9", None);
        assert_eq!(
            (t.ends_with("café"), enc, bad),
            (true, "windows-1252", false)
        );
        let (t, enc, _) = decode_page("naïve".as_bytes(), None);
        assert_eq!((t.as_str(), enc), ("naïve", "UTF-8"));
        let (t, enc, _) = decode_page(b"\x82\xa0", Some("shift_jis"));
        assert_eq!((t.as_str(), enc), ("\u{3042}", "Shift_JIS"));
        let (_, enc, _) = decode_page(b"plain \xe9", None);
        assert_eq!(enc, "windows-1252");
    }
}
