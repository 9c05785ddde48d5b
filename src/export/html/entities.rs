//! A post's text with its entities: links (expanded where the archive knows the
//! expansion of a short link), mentions and hashtags linked to the site's own pages
//! where they exist. Plain text is escaped word by word; a post's own HTML is
//! sanitized by the one allowlist ([`safe`]), with the `href`s of its mentions and
//! hashtags pointed at the site's pages through ammonia's attribute filter. Every
//! outside link passes [`safe::link`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::*;

/// An account's address on the web, by its id (the archive's accounts are looked up
/// in its records file: [`crate::export::lookup`]).
pub(super) type Accounts<'a> = dyn Fn(&str) -> Option<String> + 'a;

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
    /// `network` NUL lower-cased handle → account id, for the networks whose mentions
    /// are only `@name` in the text ([`handles_in_text`]).
    pub handles: HashMap<String, String>,
}

/// Networks whose dumps list no hashtags: their apps link every `#word` of a post's
/// text, and the site does the same (to the tag's page).
pub(super) fn hashtags_in_text(network: &str) -> bool {
    matches!(
        network,
        "instagram" | "threads" | "facebook" | "linkedin" | "youtube"
    )
}

/// Networks whose dumps list no mentions while their apps link every `@name` of a
/// post's text to that account.
pub(super) fn handles_in_text(network: &str) -> bool {
    matches!(network, "instagram" | "threads" | "youtube")
}

/// The hashtags of a plain text as its network's app links them: `#` then letters,
/// digits and `_`, not digits only (`#1` is a number).
pub(super) fn text_hashtags(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace())
        .map(|w| w.trim_start_matches(['(', '[', '"', '\'', '“', '«']))
        .filter_map(|w| w.strip_prefix('#').or_else(|| w.strip_prefix('＃')))
        .filter_map(|w| {
            let end = w
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map_or(w.len(), |(i, _)| i);
            w.get(..end)
        })
        .filter(|t| t.chars().any(|c| !c.is_ascii_digit()))
}

/// The key of [`Pages::handles`].
pub(super) fn handle_key(network: &str, handle: &str) -> String {
    format!(
        "{network}\0{}",
        handle.trim_start_matches('@').to_lowercase()
    )
}

/// An account's profile on its network's web site, from its handle, where the
/// network's addresses are made that way.
fn profile_url(network: &str, handle: &str) -> Option<String> {
    let h = handle.trim_start_matches('@');
    let plain = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    let u = match network {
        "twitter" if plain(h) => format!("https://twitter.com/{h}"),
        "bluesky" if plain(h) || h.starts_with("did:") && plain(&h.replace(':', "")) => {
            format!("https://bsky.app/profile/{h}")
        }
        "instagram" if plain(h) => format!("https://www.instagram.com/{h}/"),
        "threads" if plain(h) => format!("https://www.threads.com/@{h}"),
        "youtube" if plain(h) => format!("https://www.youtube.com/@{h}"),
        n if crate::export::ids::is_fediverse(n) => {
            let (user, host) = h.split_once('@')?;
            (plain(user) && plain(host) && host.contains('.'))
                .then(|| format!("https://{host}/@{user}"))?
        }
        _ => return None,
    };
    safe::web(&u).map(str::to_string)
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

    /// A post's words as HTML with its entities linked, then the links it carries
    /// that its words do not show (a link post's address, a link card).
    pub(super) fn post(&self, p: &Post, accounts: &Accounts, up: &str) -> String {
        let mut body = match p.html.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(h) => {
                let s = self.html.clean(h).to_string();
                if s.trim().is_empty() && !p.text.trim().is_empty() {
                    self.text_of(&p.text, Some(p), accounts, up)
                } else {
                    s.replace(LOCAL, up)
                }
            }
            None => self.text_of(&p.text, Some(p), accounts, up),
        };
        let mut more = String::new();
        let mut shown: HashSet<&str> = HashSet::new();
        for l in &p.links {
            let Some(u) = safe::link(&l.url) else {
                continue;
            };
            let href = format!("href=\"{}\"", esc(u));
            let in_words = body.contains(&href)
                || p.html.as_deref().is_some_and(|h| h.contains(u))
                || p.url.as_deref() == Some(u);
            if in_words || !shown.insert(u) {
                continue;
            }
            let label = l
                .display
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or(u);
            more.push_str(if more.is_empty() {
                "<p class=\"links\">"
            } else {
                " · "
            });
            more.push_str(&format!(
                "<a {href} rel=\"nofollow noopener noreferrer\">{}</a>",
                esc(label)
            ));
        }
        if !more.is_empty() {
            body.push_str(&more);
            body.push_str("</p>");
        }
        body
    }

    /// Plain text (a bio) as HTML: see [`Renderer::text_of`].
    pub(super) fn text(&self, s: &str, accounts: &Accounts, up: &str) -> String {
        self.text_of(s, None, accounts, up)
    }

    /// Plain text as HTML: paragraphs and line breaks kept, every character escaped,
    /// links, mentions and hashtags made anchors.
    fn text_of(&self, s: &str, p: Option<&Post>, accounts: &Accounts, up: &str) -> String {
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
                    self.word(word, p, accounts, up, &mut o);
                }
            }
            o.push_str("</p>");
        }
        o
    }

    fn word(&self, word: &str, p: Option<&Post>, accounts: &Accounts, up: &str, o: &mut String) {
        let lead = word
            .char_indices()
            .find(|(_, c)| !matches!(c, '(' | '[' | '"' | '\'' | '“' | '«'))
            .map(|(i, _)| i)
            .unwrap_or(word.len());
        let (pre, rest) = word.split_at(lead);
        let core = rest.trim_end_matches([
            '.', ',', ')', ']', ';', ':', '!', '?', '"', '\'', '”', '»', '…',
        ]);
        let mut post = rest.get(core.len()..).unwrap_or("");
        // a link shown by its display text (a Bluesky link facet: `example.com/lo…`)
        let shown_as = p.and_then(|p| {
            p.links.iter().find(|l| {
                l.display
                    .as_deref()
                    .is_some_and(|d| !d.is_empty() && (d == rest || d == core))
                    && safe::is_link(&l.url)
            })
        });
        let linked = if let Some(l) = shown_as {
            let d = l.display.as_deref().unwrap_or(core);
            post = rest.get(d.len()..).unwrap_or("");
            Some(format!(
                "<a href=\"{}\" rel=\"nofollow noopener noreferrer\">{}</a>",
                esc(&l.url),
                esc(d)
            ))
        } else if safe::web(core).is_some() {
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
            self.mention(h, p, accounts, up).map(|href| {
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
    /// profile on the web (the address the archive keeps, or the one its network
    /// makes from the handle). The account is the post's mention of that handle, or,
    /// on a network whose dumps list no mentions, the account with that handle.
    fn mention(
        &self,
        handle: &str,
        p: Option<&Post>,
        accounts: &Accounts,
        up: &str,
    ) -> Option<String> {
        let p = p?;
        let listed = p.mentions.iter().find(|m| {
            m.handle
                .trim_start_matches('@')
                .eq_ignore_ascii_case(handle)
                || m.handle
                    .trim_start_matches('@')
                    .split('@')
                    .next()
                    .is_some_and(|h| h.eq_ignore_ascii_case(handle))
        });
        let (acc, full) = match listed {
            Some(m) => (m.account.as_deref(), m.handle.trim_start_matches('@')),
            None if handles_in_text(&p.network) => (
                self.pages
                    .handles
                    .get(&handle_key(&p.network, handle))
                    .map(String::as_str),
                handle,
            ),
            None => return None,
        };
        if let Some(acc) = acc {
            if let Some(s) = self.pages.accounts.get(acc) {
                return Some(format!("{up}accounts/{s}.html"));
            }
            if let Some(u) = accounts(acc).filter(|u| safe::web(u).is_some()) {
                return Some(u);
            }
        }
        let network = acc
            .map(crate::export::ids::network_of)
            .unwrap_or(&p.network);
        profile_url(network, full)
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
        let none = |_: &str| None;
        let h = r.post(&p, &none, "../");
        assert!(
            h.contains("(<a class=\"mention\" href=\"../accounts/two-abc.html\">@two</a>)"),
            "{h}"
        );
        // no page, no address known: its network's profile
        assert!(
            h.contains("<a class=\"mention\" href=\"https://twitter.com/three\">@three</a>:"),
            "{h}"
        );
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
        // the link shown in the words is not shown again
        assert!(!h.contains("class=\"links\""), "{h}");
        let bio = r.text("Figs https://t.co/bio.", &none, "");
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
        p.links = vec![Link {
            url: "https://toot.example/tags/other".into(),
            short_url: None,
            display: None,
        }];
        let h = r.post(&p, &|_| None, "../");
        assert!(h.contains("href=\"../accounts/robin-1.html\""), "{h}");
        // a link of the post's own HTML is not repeated under it
        assert!(!h.contains("class=\"links\""), "{h}");
        assert!(h.contains("href=\"../tags/sailing.html\""), "{h}");
        assert!(
            h.contains("href=\"https://toot.example/tags/other\""),
            "{h}"
        );
        assert!(!h.contains("lifeboat-site.invalid"), "{h}");
        assert!(!h.contains("<script"), "{h}");
    }

    #[test]
    fn links_the_words_do_not_show_are_listed_under_them() {
        let r = Renderer::new(Pages::default());
        // a Bluesky link facet: shown by its display text
        let mut p = post("read example.com/very/lo… now");
        p.network = "bluesky".into();
        p.links = vec![
            Link {
                url: "https://example.com/very/long/path".into(),
                short_url: None,
                display: Some("example.com/very/lo…".into()),
            },
            // a link card, and a link post's address: under the words
            Link {
                url: "https://news.example/story".into(),
                short_url: None,
                display: Some("A story".into()),
            },
            Link {
                url: "javascript:alert(1)".into(),
                short_url: None,
                display: None,
            },
        ];
        let h = r.post(&p, &|_| None, "");
        assert!(
            h.contains("read <a href=\"https://example.com/very/long/path\" rel=\"nofollow noopener noreferrer\">example.com/very/lo…</a> now"),
            "{h}"
        );
        assert!(
            h.contains("<p class=\"links\"><a href=\"https://news.example/story\" rel=\"nofollow noopener noreferrer\">A story</a></p>"),
            "{h}"
        );
        assert!(!h.contains("javascript"), "{h}");
    }

    #[test]
    fn hashtags_and_handles_of_plain_text_networks() {
        let tags: Vec<&str> =
            text_hashtags("Nye bønner #kaffe #tromsø. #1 #_x (#ok) ＃全角 #").collect();
        assert_eq!(tags, ["kaffe", "tromsø", "_x", "ok", "全角"]);
        let mut pages = Pages::default();
        pages.tags.insert("tromsø".into(), "troms-c3-b8".into());
        pages.handles.insert(
            handle_key("instagram", "Zoe.Mueller"),
            "instagram:account:zoe".into(),
        );
        let r = Renderer::new(pages);
        let accounts = |id: &str| {
            (id == "instagram:account:zoe")
                .then(|| "https://www.instagram.com/zoe.mueller".to_string())
        };
        let mut p = post("#Tromsø med @zoe.mueller og @ukjent, @bad/../x");
        p.network = "instagram".into();
        let h = r.post(&p, &accounts, "../");
        assert!(
            h.contains("<a class=\"hashtag\" href=\"../tags/troms-c3-b8.html\">#Tromsø</a>"),
            "{h}"
        );
        assert!(
            h.contains("href=\"https://www.instagram.com/zoe.mueller\">@zoe.mueller</a>"),
            "{h}"
        );
        assert!(
            h.contains("href=\"https://www.instagram.com/ukjent/\">@ukjent</a>,"),
            "{h}"
        );
        assert!(h.contains(" @bad/../x"), "{h}");
        // a network whose dumps list mentions: an unlisted @word stays text
        p.network = "twitter".into();
        let h = r.post(&p, &accounts, "../");
        assert!(!h.contains("mention"), "{h}");
    }
}
