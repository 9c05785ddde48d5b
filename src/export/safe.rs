//! What an output may carry: one URL policy for every exporter, and one HTML
//! sanitizer (ammonia, an allowlist) for markup that comes from a dump.
//!
//! * A URL becomes a link only when its scheme is `http`, `https` or `mailto`
//!   ([`link`]); anything else (`javascript:`, `data:`, `vbscript:`, `file:`, relative
//!   or scheme-less text, a URL with control characters or white space) is written as
//!   text, never into an `href`, `src`, `<link>` or a feed's `url` member.
//! * HTML a dump carries (blog bodies, Mastodon `content`, Tumblr posts) passes through
//!   [`sanitize`]; plain text is escaped ([`super::text::text_html`]). No hand-written
//!   filter decides what markup survives.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::Format;
use crate::model::Post;

/// The schemes that become links.
pub(crate) const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// `u` when it may be written as a link: an absolute `http`, `https` or `mailto` URL
/// with no white space or control characters. Everything else is `None` (write it as
/// text, or leave it out).
pub(crate) fn link(u: &str) -> Option<&str> {
    if u.is_empty() || u.len() > 8192 {
        return None;
    }
    // browsers drop tabs and newlines inside a URL and trim leading control
    // characters before they read the scheme: a URL holding any of them is refused
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = u.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" => {
            let host = rest.strip_prefix("//")?;
            let host = host.split(['/', '?', '#']).next().unwrap_or("");
            (!host.is_empty()).then_some(u)
        }
        "mailto" => (!rest.is_empty()).then_some(u),
        _ => None,
    }
}

/// True when `u` may be written as a link.
pub(crate) fn is_link(u: &str) -> bool {
    link(u).is_some()
}

/// An `http(s)` URL only (for fields that must be fetched: enclosures, attachments,
/// images), else `None`.
pub(crate) fn web(u: &str) -> Option<&str> {
    link(u).filter(|u| {
        let l = u.get(..8).unwrap_or(u).to_ascii_lowercase();
        l.starts_with("https://") || l.starts_with("http://")
    })
}

/// Which markup a sanitized body may keep.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Feeds, ActivityStreams, WordPress: text markup, links and `<img>` from the web
    /// (a feed reader or WordPress loads them as it does any post's images).
    Web,
    /// The offline site: text markup and links only; nothing that would load from
    /// another host (the site promises that nothing does).
    Offline,
}

impl Profile {
    /// The profile a format's bodies use.
    pub(crate) fn of(format: Format) -> Profile {
        if format == Format::Html {
            Profile::Offline
        } else {
            Profile::Web
        }
    }
}

const TEXT_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// The classes Mastodon's own sanitizer keeps (mentions, hashtags, shortened links),
/// so a toot reads the same after export.
const SPAN_CLASSES: &[&str] = &["h-card", "invisible", "ellipsis", "mention", "hashtag"];
const A_CLASSES: &[&str] = &[
    "u-url",
    "mention",
    "hashtag",
    "status-link",
    "unhandled-link",
];

fn builder(profile: Profile) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    let mut tags: HashSet<&'static str> = TEXT_TAGS.iter().copied().collect();
    let mut attrs: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    attrs.insert("a", ["href", "title", "hreflang"].into_iter().collect());
    attrs.insert("abbr", ["title"].into_iter().collect());
    attrs.insert("blockquote", ["cite"].into_iter().collect());
    attrs.insert("q", ["cite"].into_iter().collect());
    attrs.insert("time", ["datetime"].into_iter().collect());
    attrs.insert("ol", ["start", "reversed"].into_iter().collect());
    attrs.insert("li", ["value"].into_iter().collect());
    attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    attrs.insert("th", ["colspan", "rowspan", "scope"].into_iter().collect());
    if profile == Profile::Web {
        tags.insert("img");
        attrs.insert(
            "img",
            ["src", "alt", "title", "width", "height"]
                .into_iter()
                .collect(),
        );
    }
    let mut classes: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    classes.insert("span", SPAN_CLASSES.iter().copied().collect());
    classes.insert("a", A_CLASSES.iter().copied().collect());
    b.tags(tags)
        .tag_attributes(attrs)
        .generic_attributes(["lang", "dir"].into_iter().collect())
        .allowed_classes(classes)
        .url_schemes(LINK_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean_content_tags(
            [
                "script", "style", "template", "noscript", "iframe", "object",
            ]
            .into_iter()
            .collect(),
        )
        .strip_comments(true);
    b
}

/// A fresh builder with the offline site's allowlist, for a caller that adds its own
/// attribute filter (the site points mentions and hashtags at its own pages).
pub(crate) fn offline_builder() -> ammonia::Builder<'static> {
    builder(Profile::Offline)
}

/// Source HTML, sanitized by ammonia with the allowlist of `profile`: text markup and
/// `http`/`https`/`mailto` links survive; script, styles, event handlers, forms, frames,
/// embeds and every other URL scheme do not.
pub(crate) fn sanitize(html: &str, profile: Profile) -> String {
    static WEB: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    static OFFLINE: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let b = match profile {
        Profile::Web => WEB.get_or_init(|| builder(Profile::Web)),
        Profile::Offline => OFFLINE.get_or_init(|| builder(Profile::Offline)),
    };
    b.clean(html).to_string()
}

/// A post's own words as HTML: its source HTML sanitized when the dump had it, else
/// its plain text escaped with bare links made anchors.
pub(crate) fn post_body(p: &Post, profile: Profile) -> String {
    match p.html.as_deref().filter(|h| !h.trim().is_empty()) {
        Some(h) => {
            let s = sanitize(h, profile);
            if s.trim().is_empty() && !p.text.trim().is_empty() {
                super::text::text_html(&p.text)
            } else {
                s
            }
        }
        None => super::text::text_html(&p.text),
    }
}

/// The HTML a post is written with: its own, sanitized (no markup that could run),
/// or its text as HTML.
pub(crate) fn own_html(p: &Post) -> String {
    post_body(p, Profile::Web)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_mailto_are_links() {
        for ok in [
            "https://example.org/a?b#c",
            "HTTP://EXAMPLE.ORG",
            "mailto:robin@example.org",
        ] {
            assert_eq!(link(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//evil.example/x",
            "/relative/path",
            "https:evil",
            "https://",
            "mailto:",
            "https://exa mple.org",
            "",
        ] {
            assert_eq!(link(bad), None, "{bad:?}");
        }
        assert_eq!(web("mailto:a@b.example"), None);
        assert_eq!(web("https://a.example/x"), Some("https://a.example/x"));
    }

    #[test]
    fn sanitizer_keeps_text_markup_and_drops_script() {
        let h = r#"<p onclick="alert(1)">Hi <a href="javascript:alert(1)">x</a> <a href="https://ok.example/" class="mention evil">@ok</a><script>alert(1)</script><img src=x onerror=alert(1)><svg><script>alert(2)</script></svg><iframe src="https://evil.example/"></iframe><a href="/rel">rel</a><style>*{}</style></p>"#;
        for p in [Profile::Web, Profile::Offline] {
            let s = sanitize(h, p);
            for bad in [
                "onclick",
                "javascript:",
                "<script",
                "alert(2)",
                "onerror",
                "<svg",
                "<iframe",
                "href=\"/rel\"",
                "<style",
                "evil",
            ] {
                assert!(!s.contains(bad), "{bad} survived: {s}");
            }
            assert!(s.contains("<a href=\"https://ok.example/\""), "{s}");
            assert!(s.contains("class=\"mention\""), "{s}");
            assert!(s.contains("rel=\"nofollow noopener noreferrer\""), "{s}");
        }
        let img = r#"<img src="https://pics.example/a.jpg" alt="a boat"><img src="data:image/png;base64,AAAA">"#;
        assert_eq!(
            sanitize(img, Profile::Web),
            r#"<img src="https://pics.example/a.jpg" alt="a boat"><img>"#
        );
        assert_eq!(sanitize(img, Profile::Offline), "");
    }
}
