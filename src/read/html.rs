//! HTML fragments to plain text: the rendered post bodies of Mastodon (and, later,
//! of blogs and LinkedIn), read without a DOM.
//!
//! Paragraphs become blank-line separated, `<br>` a line break, list items their own
//! lines; tags are stripped, character references decoded, and the text of
//! `<script>`/`<style>` dropped. Anchors are collected as links, with the classes
//! Mastodon puts on mentions and hashtags, so callers can tell them apart. Text hidden
//! by Mastodon's link shortening (`<span class="invisible">`) is kept: the plain text
//! then shows the whole URL.

use super::text::decode_entities;

/// One `<a>` of the fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchor {
    /// `href`, entities decoded.
    pub href: String,
    /// The anchor's text, as it appears in the plain text.
    pub text: String,
    /// `class` attribute (`u-url mention`, `mention hashtag`, …).
    pub class: String,
    /// `rel` attribute (`tag`, `nofollow noopener`, …).
    pub rel: String,
}

impl Anchor {
    /// A mention of an account (Mastodon's `u-url mention`).
    pub fn is_mention(&self) -> bool {
        self.class.split_whitespace().any(|c| c == "mention")
            && !self.class.split_whitespace().any(|c| c == "hashtag")
            && !self.rel.split_whitespace().any(|c| c == "tag")
    }

    /// A hashtag link.
    pub fn is_hashtag(&self) -> bool {
        self.class.split_whitespace().any(|c| c == "hashtag")
            || self.rel.split_whitespace().any(|c| c == "tag")
    }
}

/// The plain text of an HTML fragment and its anchors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The text.
    pub text: String,
    /// Every anchor, in order.
    pub anchors: Vec<Anchor>,
}

/// Elements that start and end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "hr"
            | "dl"
            | "dt"
            | "dd"
    )
}

/// One parsed tag.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
}

/// Parse the tag starting at `s[0] == '<'`. Returns the tag and the bytes it spans, or
/// `None` when this `<` does not start a tag (it is then text).
fn parse_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let b = s.as_bytes();
    if let Some(body) = s.strip_prefix("<!--") {
        let end = body.find("-->").map(|i| i + 7).unwrap_or(s.len());
        return Some((
            Tag {
                name: "!--".into(),
                closing: false,
                attrs: "",
            },
            end,
        ));
    }
    let mut i = 1;
    let closing = b.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    // a tag name starts with a letter (or `!` for a doctype): `<3`, `< b`, `<=` are text
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'!')
    {
        return None;
    }
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'!' || b[i] == b'-') {
        i += 1;
    }
    let name = s[start..i].to_ascii_lowercase();
    let attrs_start = i;
    // find the closing '>' outside quotes
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return Some((
                Tag {
                    name,
                    closing,
                    attrs: &s[attrs_start..i],
                },
                i + 1,
            ));
        }
        i += 1;
    }
    // an unterminated tag swallows the rest, as browsers do
    Some((
        Tag {
            name,
            closing,
            attrs: &s[attrs_start..],
        },
        s.len(),
    ))
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
pub fn attr(attrs: &str, name: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ks = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        let key = &attrs[ks..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = Some(&attrs[vs..i.min(b.len())]);
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = Some(&attrs[vs..i]);
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value.unwrap_or("")).into_owned());
        }
        if ks == i {
            i += 1;
        }
    }
    None
}

/// Render an HTML fragment as plain text.
pub fn render(html: &str) -> Rendered {
    let mut out = String::with_capacity(html.len());
    let mut anchors: Vec<Anchor> = Vec::new();
    // the anchor being read: index in `anchors`, start of its text in `out`
    let mut open_anchor: Option<(usize, usize)> = None;
    let mut skip_until: Option<&'static str> = None;
    let mut list_depth = 0usize;
    // inside `<pre>` the source's line breaks and spaces are the text's
    let mut pre_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                push_text(&mut out, rest, pre_depth > 0);
            }
            break;
        };
        if skip_until.is_none() {
            push_text(&mut out, &rest[..lt], pre_depth > 0);
        }
        rest = &rest[lt..];
        let Some((tag, len)) = parse_tag(rest) else {
            if skip_until.is_none() {
                out.push('<');
            }
            rest = &rest[1..];
            continue;
        };
        let attrs = tag.attrs;
        rest = &rest[len..];
        if let Some(end) = skip_until {
            if tag.closing && tag.name == end {
                skip_until = None;
            }
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("script", false) => skip_until = Some("script"),
            ("style", false) => skip_until = Some("style"),
            ("br", _) => {
                trim_spaces_end(&mut out);
                out.push('\n');
            }
            ("a", false) => {
                if let Some((i, start)) = open_anchor.take() {
                    anchors[i].text = out[start..].to_string();
                }
                anchors.push(Anchor {
                    href: attr(attrs, "href").unwrap_or_default(),
                    class: attr(attrs, "class").unwrap_or_default(),
                    rel: attr(attrs, "rel").unwrap_or_default(),
                    text: String::new(),
                });
                open_anchor = Some((anchors.len() - 1, out.len()));
            }
            ("a", true) => {
                if let Some((i, start)) = open_anchor.take() {
                    anchors[i].text = out[start..].to_string();
                }
            }
            ("img", _) => {
                // custom emoji and inline images: their alt text stands in for them
                if let Some(alt) = attr(attrs, "alt") {
                    out.push_str(&alt);
                }
            }
            ("ul" | "ol", closing) => {
                if closing {
                    list_depth = list_depth.saturating_sub(1);
                } else {
                    list_depth += 1;
                }
                block_break(&mut out, list_depth == 0 || closing);
            }
            ("pre", closing) => {
                if closing {
                    pre_depth = pre_depth.saturating_sub(1);
                } else {
                    pre_depth += 1;
                }
                block_break(&mut out, list_depth == 0);
            }
            ("li", false) => {
                block_break(&mut out, false);
                out.push_str("- ");
            }
            (name, _) if is_block(name) => block_break(&mut out, list_depth == 0),
            _ => {}
        }
    }
    if let Some((i, start)) = open_anchor.take() {
        anchors[i].text = out[start..].to_string();
    }
    let text = tidy(&out);
    for a in &mut anchors {
        a.text = a.text.trim().to_string();
    }
    Rendered {
        text,
        anchors: anchors.into_iter().filter(|a| !a.href.is_empty()).collect(),
    }
}

/// One element of an HTML document, found by [`elements`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element<'a> {
    /// Tag name, lower-cased.
    pub name: String,
    /// The attribute text of the start tag (read values with [`attr`]).
    pub attrs: &'a str,
    /// The markup between the start and the end tag (empty for void elements).
    pub inner: &'a str,
}

impl Element<'_> {
    /// True when the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        attr(self.attrs, "class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

/// Elements that have no end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "img" | "br" | "meta" | "link" | "input" | "hr" | "source" | "wbr" | "area" | "col"
    )
}

/// Open elements [`elements`] tracks at once; deeper ones are read as text (hostile
/// nesting would otherwise make matching end tags quadratic).
const MAX_OPEN: usize = 512;

/// The first position of `needle` (ASCII, lower case) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| {
        hay[i..i + needle.len()]
            .iter()
            .zip(needle)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// Every element of a document, in the order their end tags (or, for void elements,
/// their tags) appear, without a DOM: a stack of open tags matched by name. An end
/// tag with no open match is ignored; elements left open end with the document.
/// Good for the one-file-per-item HTML exports (Google+ posts, Takeout lists).
pub fn elements(html: &str) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &str, usize)> = Vec::new();
    let mut pos = 0;
    while let Some(off) = html[pos..].find('<') {
        let at = pos + off;
        let Some((tag, len)) = parse_tag(&html[at..]) else {
            pos = at + 1;
            continue;
        };
        pos = at + len;
        if tag.name.starts_with('!') {
            continue;
        }
        if matches!(tag.name.as_str(), "script" | "style") && !tag.closing {
            // their content is not markup: skip to the end tag
            let end = format!("</{}", tag.name);
            pos = find_ascii_ci(&html.as_bytes()[pos..], end.as_bytes())
                .map(|i| pos + i)
                .unwrap_or(html.len());
            continue;
        }
        if tag.closing {
            if let Some(i) = stack.iter().rposition(|(n, _, _)| *n == tag.name) {
                for (name, attrs, start) in stack.drain(i..).rev() {
                    out.push(Element {
                        name,
                        attrs,
                        inner: &html[start..at],
                    });
                }
            }
        } else if is_void(&tag.name) || tag.attrs.ends_with('/') {
            out.push(Element {
                name: tag.name,
                attrs: tag.attrs,
                inner: "",
            });
        } else if stack.len() < MAX_OPEN {
            stack.push((tag.name, tag.attrs, pos));
        }
    }
    for (name, attrs, start) in stack.drain(..).rev() {
        out.push(Element {
            name,
            attrs,
            inner: &html[start..],
        });
    }
    out
}

/// Plain text of an HTML fragment (see [`render`]).
pub fn to_text(html: &str) -> String {
    render(html).text
}

/// Append text, decoding entities and collapsing the source's layout whitespace
/// (kept as it is inside `<pre>`).
fn push_text(out: &mut String, raw: &str, preformatted: bool) {
    let decoded = decode_entities(raw);
    if preformatted {
        out.push_str(&decoded.replace("\r\n", "\n"));
        return;
    }
    for c in decoded.chars() {
        if c == '\n' || c == '\r' || c == '\t' || c == ' ' {
            if !(out.is_empty() || out.ends_with([' ', '\n'])) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn trim_spaces_end(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

/// End the current block: a blank line between paragraphs (`paragraph`), a line
/// break inside lists.
fn block_break(out: &mut String, paragraph: bool) {
    trim_spaces_end(out);
    if out.is_empty() {
        return;
    }
    if paragraph {
        if !out.ends_with("\n\n") {
            if out.ends_with('\n') {
                out.push('\n');
            } else {
                out.push_str("\n\n");
            }
        }
    } else if !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Trim, and no more than one blank line anywhere.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut newlines = 0;
    for c in s.trim().chars() {
        if c == '\n' {
            newlines += 1;
            if newlines <= 2 {
                out.push(c);
            }
        } else {
            newlines = 0;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_entities() {
        let r = render("<p>One &amp; two<br>three</p><p>four&#39;s<br />five</p>");
        assert_eq!(r.text, "One & two\nthree\n\nfour's\nfive");
    }

    #[test]
    fn mastodon_mentions_hashtags_and_shortened_links() {
        let html = r#"<p><span class="h-card"><a href="https://a2mi.social/@george" class="u-url mention" rel="nofollow noopener noreferrer" target="_blank">@<span>george</span></a></span> see <a href="https://twitch.tv/lmorchard/" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span class="ellipsis">twitch.tv/lmorch</span><span class="invisible">ard/</span></a> <a href="https://mastodon.social/tags/logo" class="mention hashtag" rel="tag">#<span>logo</span></a></p>"#;
        let r = render(html);
        assert_eq!(r.text, "@george see https://twitch.tv/lmorchard/ #logo");
        assert_eq!(r.anchors.len(), 3);
        assert!(r.anchors[0].is_mention() && !r.anchors[0].is_hashtag());
        assert_eq!(r.anchors[0].text, "@george");
        assert_eq!(r.anchors[1].href, "https://twitch.tv/lmorchard/");
        assert!(!r.anchors[1].is_mention() && !r.anchors[1].is_hashtag());
        assert!(r.anchors[2].is_hashtag() && !r.anchors[2].is_mention());
    }

    #[test]
    fn escaped_markup_stays_text_and_scripts_are_dropped() {
        let r = render("<p>a &lt;script&gt; b</p><script>alert(1)</script><p>c</p>");
        assert_eq!(r.text, "a <script> b\n\nc");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let r = render(
            "<p>code:</p><pre><code>fn main() {\n    x &lt; 1;\n}</code></pre><p>after  \n  it</p>",
        );
        assert_eq!(r.text, "code:\n\nfn main() {\n    x < 1;\n}\n\nafter it");
    }

    #[test]
    fn lists_and_quotes() {
        let r = render("<p>x</p><ul><li>a</li><li>b</li></ul><blockquote><p>q</p></blockquote>");
        assert_eq!(r.text, "x\n\n- a\n- b\n\nq");
    }

    #[test]
    fn elements_by_class_with_nesting() {
        let h = r#"<div class="a b"><div class="c">x<br>y</div><img src="p.jpg"></div><p>open"#;
        let els = elements(h);
        let c = els.iter().find(|e| e.has_class("c")).expect("c");
        assert_eq!(c.inner, "x<br>y");
        let a = els.iter().find(|e| e.has_class("a")).expect("a");
        assert!(a.inner.starts_with("<div class=\"c\">"));
        assert!(els
            .iter()
            .any(|e| e.name == "img" && attr(e.attrs, "src").as_deref() == Some("p.jpg")));
        assert_eq!(els.last().map(|e| e.inner), Some("open"));
        assert!(elements("<a <b </div></x><<<").len() < 5);
        let s = elements("<SCRIPT>if (a<b) {}</Script><p>x</p>");
        assert_eq!(s.iter().find(|e| e.name == "p").map(|e| e.inner), Some("x"));
        let deep = "<div>".repeat(5000) + &"</span>".repeat(5000);
        assert!(elements(&deep).len() <= MAX_OPEN);
    }

    #[test]
    fn broken_markup_never_panics() {
        for s in [
            "<",
            "<a",
            "<a href=\"x",
            "</",
            "<p>unclosed <b>bold",
            "a < b > c",
            "<!-- open comment",
            "<a href='é'>é</a",
            "<<<>>>",
        ] {
            let _ = render(s);
        }
        assert_eq!(render("a < b").text, "a < b");
        assert_eq!(render("I <3 boats").text, "I <3 boats");
        assert_eq!(render("<p>x <= 2 </ y</p>").text, "x <= 2 </ y");
        assert_eq!(attr(" href='x' class=y", "class").as_deref(), Some("y"));
    }
}
