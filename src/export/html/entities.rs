//! A post's text with its entities: links (expanded where the archive knows the
//! expansion of a short link), mentions and hashtags linked to the site's own pages
//! where they exist. Plain text is escaped word by word; a post's own HTML is
//! sanitized by the one allowlist ([`safe`]), with the `href`s of its mentions and
//! hashtags pointed at the site's pages through ammonia's attribute filter. Every
//! outside link passes [`safe::link`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::*;

/// What the site has pages for, shared by the text renderers.
#[derive(Default)]
pub(super) struct Pages {
    /// Lower-cased tag → its page slug (tags with a page).
    pub tags: HashMap<String, String>,
    /// Account id → its page slug (accounts with a page).
    pub accounts: HashMap<String, String>,
    /// An account's web address → its page slug (for mentions in a post's HTML).
    pub account_urls: HashMap<String, String>,
    /// Short link → the expansion the archive knows (`t.co`, from posts' links).
    pub expansions: HashMap<String, String>,
}

/// The host the attribute filter writes local links under; replaced by the page's way
/// back to the root after sanitizing. A dump's own link to this host is dropped.
const LOCAL: &str = "https://lifeboat-site.invalid/";

pub(super) struct Renderer {
    pages: Arc<Pages>,
    html: ammonia::Builder<'static>,
}

impl Renderer {
    pub(super) fn new(pages: Pages) -> Renderer {
        let pages = Arc::new(pages);
        let p2 = Arc::clone(&pages);
        let mut html = safe::offline_builder();
        html.attribute_filter(move |el, attr, value| {
            if value.starts_with(LOCAL) {
                return None;
            }
            if el != "a" || attr != "href" {
                return Some(value.into());
            }
            if let Some(s) = p2.account_urls.get(value) {
                return Some(format!("{LOCAL}accounts/{s}.html").into());
            }
            if let Some(t) = hashtag_of_url(value) {
                if let Some(s) = p2.tags.get(&t.to_lowercase()) {
                    return Some(format!("{LOCAL}tags/{s}.html").into());
                }
            }
            match p2.expansions.get(value) {
                Some(e) if safe::is_link(e) => Some(e.clone().into()),
                _ => Some(value.into()),
            }
        });
        Renderer { pages, html }
    }

    pub(super) fn pages(&self) -> &Pages {
        &self.pages
    }

    /// A post's words as HTML with its entities linked.
    pub(super) fn post(&self, p: &Post, up: &str) -> String {
        match p.html.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(h) => {
                let s = self.html.clean(h).to_string();
                if s.trim().is_empty() && !p.text.trim().is_empty() {
                    self.text(&p.text, Some(p), up)
                } else {
                    s.replace(LOCAL, up)
                }
            }
            None => self.text(&p.text, Some(p), up),
        }
    }

    /// Plain text as HTML: paragraphs and line breaks kept, every character escaped,
    /// links, mentions and hashtags made anchors.
    pub(super) fn text(&self, s: &str, p: Option<&Post>, up: &str) -> String {
        let mut o = String::with_capacity(s.len() + 32);
        for para in s.split("\n\n").filter(|x| !x.trim().is_empty()) {
            o.push_str("<p>");
            for (i, line) in para.split('\n').enumerate() {
                if i > 0 {
                    o.push_str("<br>");
                }
                for (j, word) in line.split(' ').enumerate() {
                    if j > 0 {
                        o.push(' ');
                    }
                    self.word(word, p, up, &mut o);
                }
            }
            o.push_str("</p>");
        }
        o
    }

    fn word(&self, word: &str, p: Option<&Post>, up: &str, o: &mut String) {
        let lead = word
            .char_indices()
            .find(|(_, c)| !matches!(c, '(' | '[' | '"' | '\'' | '“' | '«'))
            .map(|(i, _)| i)
            .unwrap_or(word.len());
        let (pre, rest) = word.split_at(lead);
        let core = rest.trim_end_matches([
            '.', ',', ')', ']', ';', ':', '!', '?', '"', '\'', '”', '»', '…',
        ]);
        let post = rest.get(core.len()..).unwrap_or("");
        let linked = if safe::web(core).is_some() {
            let short_of = p.and_then(|p| {
                p.links
                    .iter()
                    .find(|l| l.short_url.as_deref() == Some(core))
            });
            let (href, shown) = match short_of {
                Some(l) if safe::is_link(&l.url) => (l.url.as_str(), l.url.as_str()),
                _ => match self.pages.expansions.get(core) {
                    Some(e) if safe::is_link(e) => (e.as_str(), e.as_str()),
                    _ => (core, core),
                },
            };
            Some(format!(
                "<a href=\"{}\" rel=\"nofollow noopener noreferrer\">{}</a>",
                esc(href),
                esc(shown)
            ))
        } else if let Some(h) = core.strip_prefix('@').filter(|h| !h.is_empty()) {
            self.mention(h, p, up).map(|href| {
                format!(
                    "<a class=\"mention\" href=\"{}\">{}</a>",
                    esc(&href),
                    esc(core)
                )
            })
        } else if let Some(t) = core
            .strip_prefix('#')
            .or_else(|| core.strip_prefix('＃'))
            .filter(|t| !t.is_empty())
        {
            self.pages.tags.get(&t.to_lowercase()).map(|s| {
                format!(
                    "<a class=\"hashtag\" href=\"{up}tags/{}.html\">{}</a>",
                    esc(s),
                    esc(core)
                )
            })
        } else {
            None
        };
        match linked {
            Some(a) => {
                o.push_str(&esc(pre));
                o.push_str(&a);
                o.push_str(&esc(post));
            }
            None => o.push_str(&esc(word)),
        }
    }

    /// Where a mention of `@handle` goes: the account's page on this site, else its
    /// profile on the web when the archive knows it.
    fn mention(&self, handle: &str, p: Option<&Post>, up: &str) -> Option<String> {
        let m = p?.mentions.iter().find(|m| {
            m.handle
                .trim_start_matches('@')
                .eq_ignore_ascii_case(handle)
                || m.handle
                    .trim_start_matches('@')
                    .split('@')
                    .next()
                    .is_some_and(|h| h.eq_ignore_ascii_case(handle))
        })?;
        let acc = m.account.as_deref()?;
        if let Some(s) = self.pages.accounts.get(acc) {
            return Some(format!("{up}accounts/{s}.html"));
        }
        None
    }
}

/// The tag of a hashtag link (`…/tags/NAME`, `…/tag/NAME`, `…/hashtag/NAME`).
fn hashtag_of_url(u: &str) -> Option<String> {
    let path = u.split(['?', '#']).next()?;
    let mut segs = path.rsplit('/');
    let name = segs.next()?;
    let dir = segs.next()?;
    (matches!(dir, "tags" | "tag" | "hashtag") && !name.is_empty()).then(|| percent_decode(name))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            if let Some(v) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Short links (`https://t.co/…`) in a text: the ones whose expansion the site looks
/// for among the posts' links.
pub(super) fn short_links(s: &str, into: &mut HashSet<String>) {
    for w in s.split_whitespace() {
        let w = w.trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
        if safe::web(w).is_some()
            && (w.starts_with("https://t.co/") || w.starts_with("http://t.co/"))
        {
            into.insert(w.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Mention};

    fn post(text: &str) -> Post {
        Post {
            id: "twitter:post:1".into(),
            network: "twitter".into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn words_become_links_only_where_the_site_or_the_policy_allows() {
        let mut pages = Pages::default();
        pages.tags.insert("rust".into(), "rust".into());
        pages
            .accounts
            .insert("twitter:account:2".into(), "two-abc".into());
        pages
            .expansions
            .insert("https://t.co/bio".into(), "https://figs.example/".into());
        let r = Renderer::new(pages);
        let mut p = post("(@two) and @three: #Rust #nope https://t.co/x javascript:alert(1) <b>");
        p.mentions = vec![
            Mention {
                handle: "two".into(),
                account: Some("twitter:account:2".into()),
                display_name: None,
            },
            Mention {
                handle: "three".into(),
                account: Some("twitter:account:3".into()),
                display_name: None,
            },
        ];
        p.links = vec![Link {
            url: "https://long.example/a?b=1&c=2".into(),
            short_url: Some("https://t.co/x".into()),
            display: None,
        }];
        let h = r.post(&p, "../");
        assert!(
            h.contains("(<a class=\"mention\" href=\"../accounts/two-abc.html\">@two</a>)"),
            "{h}"
        );
        assert!(h.contains(" @three: "), "no page, no link: {h}");
        assert!(
            h.contains("<a class=\"hashtag\" href=\"../tags/rust.html\">#Rust</a>"),
            "{h}"
        );
        assert!(h.contains(" #nope "), "{h}");
        assert!(
            h.contains("href=\"https://long.example/a?b=1&amp;c=2\""),
            "{h}"
        );
        assert!(!h.contains("t.co/x"), "{h}");
        assert!(!h.contains("href=\"javascript"), "{h}");
        assert!(h.contains("&lt;b&gt;"), "{h}");
        let bio = r.text("Figs https://t.co/bio.", None, "");
        assert!(bio.contains("<a href=\"https://figs.example/\""), "{bio}");
    }

    #[test]
    fn post_html_mentions_and_hashtags_point_at_the_site() {
        let mut pages = Pages::default();
        pages.tags.insert("sailing".into(), "sailing".into());
        pages
            .account_urls
            .insert("https://toot.example/@robin".into(), "robin-1".into());
        let r = Renderer::new(pages);
        let mut p = post("");
        p.html = Some(r#"<p><a href="https://toot.example/@robin" class="u-url mention">@robin</a> <a href="https://toot.example/tags/Sailing" class="mention hashtag">#Sailing</a> <a href="https://toot.example/tags/other">#other</a> <a href="https://lifeboat-site.invalid/x">x</a><script>alert(1)</script></p>"#.into());
        let h = r.post(&p, "../");
        assert!(h.contains("href=\"../accounts/robin-1.html\""), "{h}");
        assert!(h.contains("href=\"../tags/sailing.html\""), "{h}");
        assert!(
            h.contains("href=\"https://toot.example/tags/other\""),
            "{h}"
        );
        assert!(!h.contains("lifeboat-site.invalid"), "{h}");
        assert!(!h.contains("<script"), "{h}");
    }
}
