//! The records of the repository, as DAG-CBOR values: `app.bsky.feed.post`,
//! `app.bsky.feed.repost`, `app.bsky.graph.follow`, `app.bsky.actor.profile`, and
//! the blob references, strong references and facets they hold. Field names, shapes
//! and limits are those of the `app.bsky.*` lexicons.

use unicode_segmentation::UnicodeSegmentation;

use super::facets::{Facet, Feature};
use crate::atproto::cbor::Cbor;
use crate::atproto::cbor_write::{map, text};
use crate::atproto::cid::Cid;
use crate::model::Timestamp;

pub(crate) const POST: &str = "app.bsky.feed.post";
pub(crate) const REPOST: &str = "app.bsky.feed.repost";
pub(crate) const FOLLOW: &str = "app.bsky.graph.follow";
pub(crate) const PROFILE: &str = "app.bsky.actor.profile";

/// Most images one post holds (`app.bsky.embed.images#main.images.maxLength`).
pub(crate) const MAX_IMAGES: usize = 4;
/// Largest image blob (`app.bsky.embed.images#image.image.maxSize`; the profile's
/// avatar and banner have the same limit).
pub(crate) const MAX_IMAGE_BYTES: u64 = 1_000_000;
/// Largest video blob (`app.bsky.embed.video#main.video.maxSize`).
pub(crate) const MAX_VIDEO_BYTES: u64 = 100_000_000;
/// Longest alt text (`app.bsky.embed.images#image.alt` has no limit; the video's
/// `alt` has 1000 graphemes / 10,000 bytes).
pub(crate) const VIDEO_ALT: (usize, usize) = (1000, 10_000);
/// Most `langs` of a post, and most `tags`.
const MAX_LANGS: usize = 3;
pub(crate) const MAX_TAGS: usize = 8;
/// `app.bsky.actor.profile`: displayName and description limits (graphemes, bytes).
pub(crate) const DISPLAY_NAME: (usize, usize) = (64, 640);
pub(crate) const DESCRIPTION: (usize, usize) = (256, 2560);

/// A reference to a record: its AT URI and CID (`com.atproto.repo.strongRef`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StrongRef {
    pub uri: String,
    pub cid: Cid,
}

impl StrongRef {
    pub(crate) fn cbor(&self) -> Cbor {
        map([
            ("uri", text(&self.uri)),
            ("cid", text(self.cid.to_string())),
        ])
    }
}

/// A blob written to `blobs/`: its raw CID, MIME type and size.
#[derive(Clone, Debug)]
pub(crate) struct Blob {
    pub cid: Cid,
    pub mime: String,
    pub size: u64,
}

impl Blob {
    /// The `blob` value: `{$type: blob, ref: <link>, mimeType, size}`.
    pub(crate) fn cbor(&self) -> Cbor {
        map([
            ("$type", text("blob")),
            ("ref", Cbor::Link(self.cid.clone())),
            ("mimeType", text(&self.mime)),
            ("size", Cbor::Int(i128::from(self.size))),
        ])
    }
}

/// What a post embeds.
pub(crate) enum Embed {
    None,
    /// Images with their alt text.
    Images(Vec<(Blob, String)>),
    /// A video with its alt text.
    Video(Blob, Option<String>),
}

/// Everything one post record holds.
pub(crate) struct PostRecord<'a> {
    pub text: &'a str,
    pub facets: &'a [Facet],
    pub created_at: &'a str,
    pub langs: Vec<String>,
    pub tags: Vec<String>,
    /// (root, parent)
    pub reply: Option<(StrongRef, StrongRef)>,
    pub quote: Option<StrongRef>,
    pub embed: Embed,
}

fn facet(f: &Facet, offset: usize) -> Cbor {
    let feature = match &f.feature {
        Feature::Link(u) => map([
            ("$type", text("app.bsky.richtext.facet#link")),
            ("uri", text(u)),
        ]),
        Feature::Mention(d) => map([
            ("$type", text("app.bsky.richtext.facet#mention")),
            ("did", text(d)),
        ]),
        Feature::Tag(t) => map([
            ("$type", text("app.bsky.richtext.facet#tag")),
            ("tag", text(t)),
        ]),
    };
    map([
        (
            "index",
            map([
                ("byteStart", Cbor::Int((f.start - offset) as i128)),
                ("byteEnd", Cbor::Int((f.end - offset) as i128)),
            ]),
        ),
        ("features", Cbor::Array(vec![feature])),
    ])
}

/// The facets of the part `[start, end)` of a text, relative to the part.
pub(crate) fn part_facets(all: &[Facet], start: usize, end: usize) -> Vec<Facet> {
    all.iter()
        .filter(|f| f.start >= start && f.end <= end && f.start < f.end)
        .cloned()
        .map(|mut f| {
            f.start -= start;
            f.end -= start;
            f
        })
        .collect()
}

impl PostRecord<'_> {
    /// The `app.bsky.feed.post` record.
    pub(crate) fn cbor(&self) -> Cbor {
        let mut m: Vec<(String, Cbor)> = vec![
            ("$type".into(), text(POST)),
            ("text".into(), text(self.text)),
            ("createdAt".into(), text(self.created_at)),
        ];
        if !self.facets.is_empty() {
            m.push((
                "facets".into(),
                Cbor::Array(self.facets.iter().map(|f| facet(f, 0)).collect()),
            ));
        }
        if !self.langs.is_empty() {
            m.push((
                "langs".into(),
                Cbor::Array(self.langs.iter().take(MAX_LANGS).map(text).collect()),
            ));
        }
        if !self.tags.is_empty() {
            m.push((
                "tags".into(),
                Cbor::Array(self.tags.iter().take(MAX_TAGS).map(text).collect()),
            ));
        }
        if let Some((root, parent)) = &self.reply {
            m.push((
                "reply".into(),
                map([("root", root.cbor()), ("parent", parent.cbor())]),
            ));
        }
        let media = match &self.embed {
            Embed::None => None,
            Embed::Images(imgs) => Some(map([
                ("$type", text("app.bsky.embed.images")),
                (
                    "images",
                    Cbor::Array(
                        imgs.iter()
                            .map(|(b, alt)| map([("image", b.cbor()), ("alt", text(alt))]))
                            .collect(),
                    ),
                ),
            ])),
            Embed::Video(b, alt) => {
                let mut v = vec![
                    ("$type".to_string(), text("app.bsky.embed.video")),
                    ("video".to_string(), b.cbor()),
                ];
                if let Some(a) = alt {
                    v.push(("alt".into(), text(a)));
                }
                Some(Cbor::Map(v))
            }
        };
        let embed = match (&self.quote, media) {
            (None, m) => m,
            (Some(q), None) => Some(map([
                ("$type", text("app.bsky.embed.record")),
                ("record", q.cbor()),
            ])),
            (Some(q), Some(media)) => Some(map([
                ("$type", text("app.bsky.embed.recordWithMedia")),
                (
                    "record",
                    map([
                        ("$type", text("app.bsky.embed.record")),
                        ("record", q.cbor()),
                    ]),
                ),
                ("media", media),
            ])),
        };
        if let Some(e) = embed {
            m.push(("embed".into(), e));
        }
        Cbor::Map(m)
    }
}

/// An `app.bsky.feed.repost` record.
pub(crate) fn repost(subject: &StrongRef, created_at: &str) -> Cbor {
    map([
        ("$type", text(REPOST)),
        ("subject", subject.cbor()),
        ("createdAt", text(created_at)),
    ])
}

/// An `app.bsky.graph.follow` record.
pub(crate) fn follow(did: &str, created_at: &str) -> Cbor {
    map([
        ("$type", text(FOLLOW)),
        ("subject", text(did)),
        ("createdAt", text(created_at)),
    ])
}

/// The `app.bsky.actor.profile` record (`self`).
pub(crate) fn profile(
    display_name: Option<&str>,
    description: Option<&str>,
    avatar: Option<&Blob>,
    banner: Option<&Blob>,
    created_at: Option<&str>,
) -> Cbor {
    let mut m: Vec<(String, Cbor)> = vec![("$type".into(), text(PROFILE))];
    if let Some(d) = display_name {
        m.push(("displayName".into(), text(d)));
    }
    if let Some(d) = description {
        m.push(("description".into(), text(d)));
    }
    if let Some(b) = avatar {
        m.push(("avatar".into(), b.cbor()));
    }
    if let Some(b) = banner {
        m.push(("banner".into(), b.cbor()));
    }
    if let Some(c) = created_at {
        m.push(("createdAt".into(), text(c)));
    }
    Cbor::Map(m)
}

/// The longest prefix of `s` within `(graphemes, bytes)`; `None` when `s` fits.
pub(crate) fn truncate(s: &str, (graphemes, bytes): (usize, usize)) -> Option<&str> {
    let mut end = 0;
    for (n, (i, g)) in s.grapheme_indices(true).enumerate() {
        if n >= graphemes || i + g.len() > bytes {
            return s.get(..end);
        }
        end = i + g.len();
    }
    None
}

/// A time as a lexicon `datetime` (RFC 3339 with `Z`; years 0–9999 only).
pub(crate) fn datetime(t: &Timestamp) -> Option<String> {
    let s = t.to_rfc3339();
    (s.len() >= 20 && s.as_bytes().get(4) == Some(&b'-')).then_some(s)
}

/// A language tag as the lexicon's `language` format takes it (BCP 47 shape).
pub(crate) fn language(s: &str) -> Option<String> {
    let mut parts = s.split(['-', '_']);
    let first = parts.next()?;
    let ok_first = (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic())
        || first == "i"
        || first == "x";
    let rest: Vec<&str> = parts.collect();
    let ok_rest = rest
        .iter()
        .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (ok_first && ok_rest && first != "und").then(|| s.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_formats() {
        assert_eq!(truncate("abc", (2, 100)), Some("ab"));
        assert_eq!(truncate("abc", (3, 100)), None);
        assert_eq!(truncate("éé", (10, 3)), Some("é"));
        assert_eq!(truncate("👩🏽‍💻x", (1, 100)), Some("👩🏽‍💻"));
        assert_eq!(language("en").as_deref(), Some("en"));
        assert_eq!(language("pt_BR").as_deref(), Some("pt-BR"));
        assert_eq!(language("und"), None);
        assert_eq!(language("english language"), None);
        let t = Timestamp::from_millis(1_700_000_000_123).unwrap();
        assert_eq!(datetime(&t).as_deref(), Some("2023-11-14T22:13:20.123Z"));
    }
}
