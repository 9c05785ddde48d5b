//! Atom (RFC 4287 + RFC 4685 threading), RSS 2.0 and JSON Feed 1.1: one entry per
//! selected post, streamed.

pub(super) mod atom;
pub(super) mod jsonfeed;
pub(super) mod rss;

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use super::ids::{iri_of, post_iri};
use super::out::{clear, create};
use super::report::Book;
use super::safe::{self, link, post_body, Profile};
use super::select::{Ctx, MediaLite};
use super::text::{esc, rfc3339, rfc822, snippet};
use crate::error::{Error, Result};
use crate::model::{Kind, Post};

/// Kinds a feed has no place for.
const NOT_IN_FEEDS: [Kind; 3] = [Kind::Relationship, Kind::Reaction, Kind::Conversation];

/// The fields of a post each feed has no place for, with why.
fn lost_fields(fmt: &str) -> &'static [&'static str] {
    const COMMON: [&str; 13] = [
        "reply_to_account",
        "repost_of_account",
        "mentions",
        "links",
        "symbols",
        "styles",
        "client",
        "metrics",
        "sensitive",
        "community",
        "history",
        "raw_times",
        "ext",
    ];
    match fmt {
        "Atom" => &[
            "reply_to_account",
            "repost_of_account",
            "mentions",
            "links",
            "symbols",
            "styles",
            "client",
            "metrics",
            "sensitive",
            "community",
            "history",
            "raw_times",
            "ext",
            "visibility",
        ],
        "RSS" => &[
            "lang",
            "reply_to",
            "reply_to_account",
            "repost_of_account",
            "mentions",
            "links",
            "symbols",
            "styles",
            "client",
            "metrics",
            "sensitive",
            "community",
            "edited_at",
            "history",
            "raw_times",
            "ext",
            "visibility",
            "content_warning",
        ],
        "the site" => &[
            "reply_to_account",
            "repost_of_account",
            "mentions",
            "links",
            "symbols",
            "styles",
            "client",
            "metrics",
            "sensitive",
            "community",
            "edited_at",
            "history",
            "raw_times",
            "ext",
        ],
        _ => &COMMON,
    }
}

/// Why a feed does not keep a field of a post.
fn lost_reason(fmt: &str, field: &str) -> String {
    match field {
        "links" => "links stay in the text; their short forms and display texts are not kept".into(),
        "ext" => format!("fields of the source that the model does not map (polls, custom emoji, …) have no place in {fmt}"),
        "raw_times" => "the source's own spelling of its times is not kept (the times are)".into(),
        "reply_to" => format!("{fmt} has no threading: the post answered is named in the text"),
        "content_warning" => format!("{fmt} has no summary: the warning is written into the text"),
        "history" => format!("edit history: {fmt} keeps only the latest text"),
        f => format!("{fmt} has no place for a post's {f}"),
    }
}

/// The per-post details a feed cannot carry, counted by field.
pub(crate) fn post_losses(p: &Post, book: &mut Book, fmt: &str) {
    // a public feed's entries are public: only another audience is lost
    let fields: Vec<&str> = lost_fields(fmt)
        .iter()
        .copied()
        .filter(|f| *f != "visibility" || p.visibility != crate::model::Visibility::Public)
        .collect();
    crate::export::fidelity::declare(book, Kind::Post, p, &fields, &|f| lost_reason(fmt, f));
    // the source's HTML is published sanitized: changed when that removed something
    if let Some(h) = p.html.as_deref().filter(|h| !h.trim().is_empty()) {
        let profile = if fmt == "the site" {
            Profile::Offline
        } else {
            Profile::Web
        };
        if safe::sanitize(h, profile) != h {
            book.field(
                Kind::Post,
                "html",
                "the source's HTML is sanitized: markup that could run, and markup outside the allowlist, is removed",
            );
        }
    }
    if p.repost_of.is_some() && p.quote_of.is_some() && fmt == "Atom" {
        book.field(
            Kind::Post,
            "quote_of",
            "an Atom entry links one related post: the post shared",
        );
    }
}

/// The fields of a media file a feed links to that it does not carry (the file).
pub(crate) fn media_losses(ctx: &Ctx, id: &str, book: &mut Book, fmt: &str) {
    let Some(m) = ctx.media.get(id) else { return };
    let lite = crate::model::Media {
        id: id.to_string(),
        sha256: m.path.as_ref().map(|_| String::new()),
        path: m.path.clone(),
        ..Default::default()
    };
    crate::export::fidelity::declare(book, Kind::Media, &lite, &["sha256", "path"], &|_| {
        format!("{fmt} links to the file's address; the file itself is not in it")
    });
}

/// The body of a post as HTML for a reader's eyes (feeds and the site): content
/// warning, its own words (the dump's HTML sanitized, or its text escaped), and what it
/// answers or shares.
pub(crate) fn body_html(ctx: &Ctx, p: &Post) -> String {
    let mut h = String::new();
    if let Some(cw) = &p.content_warning {
        h.push_str(&format!("<p><strong>CW: {}</strong></p>", esc(cw)));
    }
    h.push_str(&post_body(p, Profile::of(ctx.format)));
    if let Some(r) = &p.repost_of {
        let who = p
            .repost_of_account
            .as_deref()
            .map(|a| format!(" by {}", esc(&ctx.account_label(a))))
            .unwrap_or_default();
        h.push_str(&format!("<p>Shared a post{who}: {}</p>", post_link(r)));
    }
    if let Some(q) = &p.quote_of {
        h.push_str(&format!("<p>Quoting {}</p>", post_link(q)));
    }
    h
}

/// A post named by its id, as a link a browser can open when one is known (an
/// ActivityPub id, an X permalink, a Bluesky post on bsky.app), else as its IRI in text.
pub(crate) fn post_link(id: &str) -> String {
    match crate::export::ids::web_url_of(id) {
        Some(u) => format!("<a href=\"{0}\">{0}</a>", esc(&u)),
        None => format!("<code>{}</code>", esc(&iri_of(id, None))),
    }
}

fn title_of(p: &Post) -> String {
    if let Some(t) = p.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return snippet(t, 200);
    }
    let s = snippet(&p.text, 80);
    if s.is_empty() {
        match &p.created_at {
            Some(t) => format!("Post of {}", rfc3339(t)),
            None => "Post".to_string(),
        }
    } else {
        s
    }
}

fn web_media<'a>(ctx: &Ctx, p: &'a Post, m: &'a MediaLite, book: &mut Book) -> Option<&'a str> {
    let _ = (ctx, p);
    match m.web_url() {
        Some(u) => Some(u),
        None => {
            book.lost(
                Kind::Media,
                "no public URL to point to (the file stays in the archive)",
            );
            None
        }
    }
}

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}
