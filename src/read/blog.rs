//! What the blog importers (WordPress, Blogger, Disqus) share: times, site names,
//! account records, post bodies from blog HTML, and the entries to pass over.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::model::{Account, Kind, Link, Post, Source, Timestamp};

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
    /// A full account: returned to be emitted now, or `None` when its id was emitted
    /// already (a repeat is dropped).
    pub fn full(&mut self, a: Account) -> Option<Account> {
        self.stubs.remove(&a.id);
        self.emitted.insert(a.id.clone()).then_some(a)
    }

    /// Remember an account seen in passing; the first sighting's details win.
    pub fn stub(&mut self, a: Account) {
        if !self.emitted.contains(&a.id) {
            self.stubs.entry(a.id.clone()).or_insert(a);
        }
    }

    /// Every stub not followed by a full account, to be emitted at the end.
    pub fn take_stubs(&mut self) -> Vec<Account> {
        let stubs = std::mem::take(&mut self.stubs);
        stubs
            .into_values()
            .inspect(|a| {
                self.emitted.insert(a.id.clone());
            })
            .collect()
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
    let r = html_text(&content);
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

/// Plain text and links of blog HTML: [`super::html::render`], after classic
/// WordPress/Blogger text without paragraphs has its blank lines turned into
/// paragraph breaks (what WordPress's `wpautop` does on display).
pub fn html_text(html: &str) -> super::html::Rendered {
    let lower_has_p = html.contains("<p") || html.contains("<P") || html.contains("<!-- wp:");
    if !lower_has_p && html.contains('\n') {
        let mut s = String::with_capacity(html.len() + 64);
        for (i, para) in html.split("\n\n").enumerate() {
            if i > 0 {
                s.push_str("</p><p>");
            }
            s.push_str(&para.replace('\n', "<br>"));
        }
        return super::html::render(&s);
    }
    super::html::render(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_text_gets_paragraphs_block_markup_does_not() {
        assert_eq!(html_text("One.\n\nTwo\nlines.").text, "One.\n\nTwo\nlines.");
        assert_eq!(
            html_text("<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph -->").text,
            "A"
        );
    }
}
