//! Rich text: facets (links, mentions, hashtags) over a post's text, and the split of
//! a text longer than a Bluesky post into the parts of a thread.
//!
//! A facet names a span of the text by **UTF-8 byte offsets** (`byteStart` inclusive,
//! `byteEnd` exclusive). Spans are found in the text as written: a link where its URL
//! (or the text shown for it) is, a mention where `@handle` is, a hashtag where
//! `#tag` is, each at a word boundary and never overlapping another.

use unicode_segmentation::UnicodeSegmentation;

use crate::export::safe;
use crate::model::Post;

/// The longest post text: graphemes and bytes (`app.bsky.feed.post#text`).
pub(crate) const MAX_GRAPHEMES: usize = 300;
/// The longest post text in bytes.
pub(crate) const MAX_BYTES: usize = 3000;
/// The longest hashtag (`app.bsky.richtext.facet#tag`): graphemes and bytes.
const TAG_GRAPHEMES: usize = 64;
const TAG_BYTES: usize = 640;

/// What a facet points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Feature {
    /// A link (`#link`, an absolute URI).
    Link(String),
    /// A mention of an account by DID (`#mention`).
    Mention(String),
    /// A hashtag, without its `#` (`#tag`).
    Tag(String),
}

/// A facet: the byte span `[start, end)` and what it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Facet {
    pub start: usize,
    pub end: usize,
    pub feature: Feature,
}

/// The DID of a Bluesky account id (`bluesky:account:did:plc:…`).
pub(crate) fn did_of_account(id: &str) -> Option<&str> {
    id.strip_prefix("bluesky:account:")
        .filter(|d| d.starts_with("did:") && valid_did(d))
}

/// A DID as atproto's syntax allows it (`did:<method>:<id>`).
pub(crate) fn valid_did(d: &str) -> bool {
    let mut parts = d.splitn(3, ':');
    let (Some("did"), Some(method), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    d.len() <= 2048
        && !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_lowercase())
        && !id.is_empty()
        && !id.ends_with(':')
        && !id.ends_with('%')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:%-".contains(&b))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Find `needle` in `text` from `from` on, at a place where the span `[s, e)` overlaps
/// no span of `taken` and `ok(s, e)` holds.
fn find(
    text: &str,
    needle: &str,
    taken: &[Facet],
    ok: impl Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(needle)) {
        let s = from + i;
        let e = s + needle.len();
        if ok(s, e) && !taken.iter().any(|f| s < f.end && f.start < e) {
            return Some((s, e));
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Whether `[s, e)` stands as a word: no word character just before or after it.
fn bounded(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|t| t.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    !before.is_some_and(is_word) && !after.is_some_and(is_word)
}

/// The facets of a post's whole text.
pub(crate) fn facets_of(p: &Post) -> Vec<Facet> {
    let text = p.text.as_str();
    let mut out: Vec<Facet> = Vec::new();
    // links the post names: where their URL is, else the text shown for them
    for l in &p.links {
        let Some(url) = safe::web(&l.url) else {
            continue;
        };
        let candidates = [Some(url), l.display.as_deref(), l.short_url.as_deref()];
        for c in candidates.into_iter().flatten() {
            if let Some((s, e)) = find(text, c, &out, |s, e| bounded(text, s, e) || c == url) {
                out.push(Facet {
                    start: s,
                    end: e,
                    feature: Feature::Link(url.to_string()),
                });
                break;
            }
        }
    }
    // bare web addresses the post does not list
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find("http")) {
        let s = from + i;
        let rest = text.get(s..).unwrap_or_default();
        let len = rest
            .find(|c: char| c.is_whitespace() || "<>\"'`".contains(c) || c.is_control())
            .unwrap_or(rest.len());
        let mut cand = rest.get(..len).unwrap_or_default();
        // trailing punctuation belongs to the sentence
        cand = cand.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
        let e = s + cand.len();
        if safe::web(cand).is_some()
            && cand.contains("://")
            && cand.len() > 10
            && !text
                .get(..s)
                .and_then(|t| t.chars().next_back())
                .is_some_and(is_word)
            && !out.iter().any(|f| s < f.end && f.start < e)
        {
            out.push(Facet {
                start: s,
                end: e,
                feature: Feature::Link(cand.to_string()),
            });
        }
        from = e.max(s + 4);
    }
    // mentions of accounts whose DID is known
    for m in &p.mentions {
        let Some(did) = m.account.as_deref().and_then(did_of_account) else {
            continue;
        };
        let handle = m.handle.trim_start_matches('@');
        let needle = format!("@{handle}");
        if let Some((s, e)) = find(text, &needle, &out, |s, e| bounded(text, s, e)) {
            out.push(Facet {
                start: s,
                end: e,
                feature: Feature::Mention(did.to_string()),
            });
        }
    }
    // hashtags the post has, where `#tag` is in its text
    for t in &p.tags {
        let tag = t.trim_start_matches('#');
        if tag.is_empty() || tag.len() > TAG_BYTES || tag.graphemes(true).count() > TAG_GRAPHEMES {
            continue;
        }
        let needle = format!("#{tag}");
        if let Some((s, e)) = find(text, &needle, &out, |s, e| bounded(text, s, e)) {
            out.push(Facet {
                start: s,
                end: e,
                feature: Feature::Tag(tag.to_string()),
            });
        }
    }
    out.sort_by_key(|f| (f.start, f.end));
    out
}

/// True when a text fits in one post.
pub(crate) fn fits(text: &str) -> bool {
    text.len() <= MAX_BYTES && text.graphemes(true).count() <= MAX_GRAPHEMES
}

/// Split a text into the byte ranges of a thread's posts, each within the limits; the
/// parts put together are the text, byte for byte. A cut goes after the last
/// whitespace that fits, never inside a facet's span unless the span alone is too long
/// (then at a grapheme boundary); a text without whitespace is cut between graphemes.
pub(crate) fn split(text: &str, facets: &[Facet]) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = text.get(start..).unwrap_or_default();
        if fits(rest) {
            parts.push((start, text.len()));
            break;
        }
        // the furthest grapheme boundary within the limits, and the last whitespace
        let mut limit = start;
        let mut space = None;
        for (n, (i, g)) in rest.grapheme_indices(true).enumerate() {
            let end = start + i + g.len();
            if n >= MAX_GRAPHEMES || end - start > MAX_BYTES {
                break;
            }
            limit = end;
            if g.chars().all(char::is_whitespace) {
                space = Some(end);
            }
        }
        if limit == start {
            // one grapheme longer than a post (thousands of combining marks): cut it
            // at a character boundary
            limit = start
                + rest
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .take_while(|&e| e <= MAX_BYTES)
                    .last()
                    .unwrap_or(rest.len());
        }
        let mut cut = space.filter(|&s| s > start).unwrap_or(limit);
        if let Some(f) = facets.iter().find(|f| f.start < cut && cut < f.end) {
            if f.start > start {
                cut = f.start;
            }
        }
        parts.push((start, cut));
        start = cut;
    }
    if parts.is_empty() {
        parts.push((0, 0));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Mention};

    fn post(text: &str) -> Post {
        Post {
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn byte_offsets_over_emoji_cjk_and_combining_marks() {
        let mut p =
            post("🌊🐚 東京 #café は e\u{301}e\u{301} @alice.bsky.social https://ex.org/a?b=ü, ok");
        p.tags = vec!["café".into()];
        p.mentions = vec![Mention {
            handle: "alice.bsky.social".into(),
            account: Some("bluesky:account:did:plc:abc123".into()),
            display_name: None,
        }];
        let f = facets_of(&p);
        assert_eq!(f.len(), 3, "{f:?}");
        let spans: Vec<&str> = f.iter().map(|x| &p.text[x.start..x.end]).collect();
        assert_eq!(
            spans,
            ["#café", "@alice.bsky.social", "https://ex.org/a?b=ü"]
        );
        // the byte offsets themselves: 🌊🐚 (8) + space + 東京 (6) + space = 16
        assert_eq!((f[0].start, f[0].end), (16, 22));
        assert_eq!(f[1].feature, Feature::Mention("did:plc:abc123".into()));
        assert_eq!(f[2].feature, Feature::Link("https://ex.org/a?b=ü".into()));
    }

    #[test]
    fn links_are_found_by_url_or_display_and_tags_at_word_bounds() {
        let mut p = post("see example.org/x and #rust but not#rust or #rustacean");
        p.links = vec![Link {
            url: "https://example.org/x".into(),
            short_url: None,
            display: Some("example.org/x".into()),
        }];
        p.tags = vec!["rust".into()];
        // an account without a DID gets no facet
        p.mentions = vec![Mention {
            handle: "bob".into(),
            account: Some("twitter:account:1".into()),
            display_name: None,
        }];
        let f = facets_of(&p);
        assert_eq!(f.len(), 2);
        assert_eq!(&p.text[f[0].start..f[0].end], "example.org/x");
        assert_eq!(f[0].feature, Feature::Link("https://example.org/x".into()));
        assert_eq!(&p.text[f[1].start..f[1].end], "#rust");
        assert_eq!(f[1].start, 22);
    }

    #[test]
    fn long_texts_split_into_parts_that_join_back() {
        let words: String = (0..200).map(|i| format!("word{i} ")).collect();
        let parts = split(&words, &[]);
        assert!(parts.len() > 1);
        let joined: String = parts.iter().map(|&(s, e)| &words[s..e]).collect();
        assert_eq!(joined, words);
        for &(s, e) in &parts {
            assert!(fits(&words[s..e]));
            assert!(words[s..e].ends_with(' ') || e == words.len());
        }
        // CJK without spaces: cut between graphemes; emoji with modifiers stay whole
        let cjk = "東京👩🏽‍💻".repeat(200);
        let parts = split(&cjk, &[]);
        let joined: String = parts.iter().map(|&(s, e)| &cjk[s..e]).collect();
        assert_eq!(joined, cjk);
        assert!(parts.iter().all(|&(s, e)| fits(&cjk[s..e])));
        // a cut never lands inside a link
        let t = format!("{}https://example.org/{}", "a ".repeat(140), "x".repeat(40));
        let f = vec![Facet {
            start: 280,
            end: t.len(),
            feature: Feature::Link("https://example.org/".into()),
        }];
        let parts = split(&t, &f);
        assert_eq!(parts, vec![(0, 280), (280, t.len())]);
        assert_eq!(split("", &[]), vec![(0, 0)]);
        // 3000 bytes come before 300 graphemes for 4-byte characters
        let wide = "𝄞".repeat(300);
        assert!(split(&wide, &[]).iter().all(|&(s, e)| e - s <= MAX_BYTES));
        assert!(valid_did("did:plc:abc") && !valid_did("did:plc:") && !valid_did("plc:x"));
    }
}
