//! Any captured HTML page no extractor reads: one `post` record of the network `web`,
//! by the site's account (`web:account:<host>`), with the page's title, its text, its
//! links and its URL; `ext.capture` says where the capture is in the WARC carried
//! verbatim beside it. Its visibility is `unknown` (a capture does not say who could
//! see the page), so public exports leave it out unless asked.

use serde_json::json;

use super::page::{all, first, meta, title, Out, Page};
use crate::model::{Link, Record, Visibility};

/// The network of pages no extractor reads.
pub(crate) const NET: &str = "web";

/// Links kept per page (a sitemap page has thousands).
const MAX_LINKS: usize = 2000;

/// One record for the page.
pub(crate) fn page(page: &Page<'_>, out: &mut Out) {
    let root = page.root();
    let host = page.url.host.strip_prefix("www.").unwrap_or(&page.url.host);
    let mut site = page.account(NET, host);
    site.display_name = meta(root, "og:site_name").or_else(|| Some(host.to_string()));
    site.url = Some(format!("{}://{}/", page.url.scheme, page.url.host));
    let mut p = page.post(NET, &page.url.native(), &site.id);
    p.visibility = Visibility::Unknown;
    p.url = Some(page.url.as_string());
    p.title = meta(root, "og:title").or_else(|| title(page.doc));
    p.lang = root
        .value()
        .attr("lang")
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    if let Some(body) = first(root, "body") {
        p.text = crate::read::html::render(&strip_chrome(&body.inner_html())).text;
    }
    for a in all(root, "a[href]") {
        if p.links.len() >= MAX_LINKS {
            break;
        }
        let Some(url) = a.value().attr("href").and_then(|h| page.abs(h)) else {
            continue;
        };
        if !p.links.iter().any(|l| l.url == url) {
            let text = super::page::text(a);
            p.links.push(Link {
                url,
                short_url: None,
                display: (!text.is_empty()).then_some(text),
            });
        }
    }
    if let Some((t, raw)) = meta(root, "article:published_time").and_then(|s| {
        crate::model::Timestamp::parse(&s).map(|(t, canonical)| (t, (!canonical).then_some(s)))
    }) {
        p.created_at = Some(t);
        if let Some(raw) = raw {
            p.raw_times.insert("created_at".into(), raw);
        }
    }
    p.ext.insert("kind", json!("web page"));
    if let Some(d) = meta(root, "description").or_else(|| meta(root, "og:description")) {
        p.ext.insert("description", json!(d));
    }
    if let Some(c) = first(root, "link[rel=canonical]")
        .and_then(|l| l.value().attr("href"))
        .and_then(|h| page.abs(h))
    {
        p.ext.insert("canonical", json!(c));
    }
    for img in all(root, "img[src]") {
        let src = img.value().attr("src").and_then(|s| page.abs(s));
        out.optional_image(src, &p.id, "content");
    }
    out.records.push(Record::Account(site));
    out.records.push(Record::Post(p));
    out.era = Some("generic page");
}

/// The markup without `<nav>`, `<noscript>` and `<select>` content, which is page
/// furniture rather than the page's text (one pass).
fn strip_chrome(html: &str) -> String {
    // ASCII lower-casing keeps every byte offset
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    'outer: while let Some(off) = lower.get(i..).and_then(|r| r.find('<')) {
        let at = i + off;
        let after = lower.get(at + 1..).unwrap_or("");
        for tag in ["noscript", "select", "nav"] {
            let named = after.starts_with(tag)
                && !after
                    .as_bytes()
                    .get(tag.len())
                    .is_some_and(|b| b.is_ascii_alphanumeric());
            if named {
                out.push_str(html.get(i..at).unwrap_or(""));
                out.push(' ');
                let close = format!("</{tag}>");
                i = lower
                    .get(at..)
                    .and_then(|r| r.find(&close))
                    .map(|k| at + k + close.len())
                    .unwrap_or(html.len());
                continue 'outer;
            }
        }
        out.push_str(html.get(i..=at).unwrap_or(""));
        i = at + 1;
    }
    out.push_str(html.get(i..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::strip_chrome;

    #[test]
    fn furniture_is_left_out_in_one_pass() {
        assert_eq!(
            strip_chrome("<p>a</p><nav>menu</nav><p>b</p><NOSCRIPT>x</NOSCRIPT><navy>c</navy>"),
            "<p>a</p> <p>b</p> <navy>c</navy>"
        );
        assert_eq!(strip_chrome("<nav>open"), " ");
        let many = "<nav>".repeat(100_000);
        assert!(strip_chrome(&many).len() < 10);
    }
}
