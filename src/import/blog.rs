//! What the blog importers (WordPress, Blogger, Disqus) share: times, site names,
//! the accounts met along the way, XML parse failures, and the entries to pass over.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::xml::{self, syntax_or_fatal, XmlError, XmlReader};
use super::Context;
use crate::error::Result;
use crate::model::{Account, Kind, Link, Post, Record, Source, Timestamp};

/// Parse a time; returns it and the original string when that was not RFC 3339 UTC.
/// Zero dates (`0000-00-00 00:00:00`, WordPress drafts) are no time at all.
pub fn time(s: Option<&str>) -> (Option<Timestamp>, Option<String>) {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return (None, None);
    };
    if s.starts_with("0000") {
        return (None, None);
    }
    match Timestamp::parse(s) {
        Some((t, true)) => (Some(t), None),
        Some((t, false)) => (Some(t), Some(s.to_string())),
        None => (None, Some(s.to_string())),
    }
}

/// `host/path` of a URL (scheme, query, fragment and trailing slash removed): the
/// namespace of a site's native ids.
pub fn site_of(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = rest.trim_end_matches('/');
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/:%".contains(&b));
    ok.then(|| rest.to_ascii_lowercase())
}

/// Host of a URL.
pub fn host_of(url: &str) -> Option<&str> {
    let u = url.trim();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// Accounts of a dump: each emitted once, whatever the number of times it is met
/// (authors repeated in every part of a split export, commenters on many posts).
#[derive(Default)]
pub struct Accounts {
    emitted: HashSet<String>,
    /// Accounts met only in passing, emitted at the end unless a full record came.
    stubs: BTreeMap<String, Account>,
}

impl Accounts {
    /// Emit a full account now (a repeat of an id already emitted is dropped).
    pub fn emit(&mut self, a: Account, cx: &mut Context) -> Result<()> {
        self.stubs.remove(&a.id);
        if self.emitted.insert(a.id.clone()) {
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }

    /// Remember an account seen in passing; the first sighting's details win.
    pub fn stub(&mut self, a: Account) {
        if !self.emitted.contains(&a.id) {
            self.stubs.entry(a.id.clone()).or_insert(a);
        }
    }

    /// Emit every stub.
    pub fn finish(&mut self, cx: &mut Context) -> Result<()> {
        for (_, a) in std::mem::take(&mut self.stubs) {
            self.emitted.insert(a.id.clone());
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}

/// A new account record.
pub fn account(network: &str, native: &str, source: Source) -> Account {
    Account {
        id: crate::model::record_id(network, Kind::Account, native),
        network: network.to_string(),
        source,
        ..Account::default()
    }
}

/// After an entry: count the characters the filter repaired, and say what a DOCTYPE
/// or undeclared entities were left as.
pub fn finish_entry<R: std::io::Read>(r: &XmlReader<R>, entry: &str, cx: &mut Context) {
    let (dropped, recoded) = r.repairs();
    if dropped > 0 {
        *cx.report
            .repairs
            .entry("invalid_xml_chars".into())
            .or_default() += dropped;
        cx.report.warn(format!(
            "{entry}: {dropped} characters that XML forbids (control characters) were removed"
        ));
    }
    if recoded > 0 {
        *cx.report.repairs.entry("encoding".into()).or_default() += recoded;
        cx.report.warn(format!(
            "{entry}: {recoded} bytes were not UTF-8 and were read as Windows-1252"
        ));
    }
    if r.doctype {
        cx.report.warn(format!(
            "{entry}: its DOCTYPE was ignored (entities it declares are never expanded)"
        ));
    }
    if r.unexpanded > 0 {
        cx.report.warn(format!(
            "{entry}: {} references to undeclared or DOCTYPE-declared entities were kept as text, not expanded",
            r.unexpanded
        ));
    }
}

/// A parse failure: the rest of the entry is lost. It is reported as one skipped
/// record at the place it happened; I/O errors, limits and interrupts are passed on.
pub fn parse_failure(e: XmlError, kind: Kind, entry: &str, cx: &mut Context) -> Result<()> {
    let (msg, pos) = syntax_or_fatal(e)?;
    cx.report.unreadable(entry, pos, msg.clone());
    cx.report.skipped(
        kind,
        format!("the XML is not well-formed ({msg}); the rest of the entry could not be read"),
        format!("{entry}@{pos}"),
    );
    Ok(())
}

/// Entries no blog importer reads: macOS resource forks and Finder files.
pub fn is_junk(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || file.starts_with("._")
        || file == ".DS_Store"
}

/// The lowercase file name of an entry.
pub fn file_lower(name: &str) -> String {
    name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase()
}

/// `html`, `text` and `links` of a post or comment from its HTML.
pub fn set_body(p: &mut Post, content: String) {
    if content.trim().is_empty() {
        return;
    }
    let r = xml::html_text(&content);
    p.text = r.text;
    for a in r.anchors {
        if !p.links.iter().any(|l| l.url == a.href) {
            p.links.push(Link {
                url: a.href,
                short_url: None,
                display: None,
            });
        }
    }
    p.html = Some(content);
}

/// Add a value under a key, making an array when the key repeats.
pub fn push_multi(m: &mut Map<String, Value>, k: &str, v: Value) {
    match m.get_mut(k) {
        Some(Value::Array(a)) => a.push(v),
        Some(old) => {
            let prev = old.take();
            *old = Value::Array(vec![prev, v]);
        }
        None => {
            m.insert(k.to_string(), v);
        }
    }
}
