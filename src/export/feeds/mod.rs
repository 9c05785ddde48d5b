//! Atom (RFC 4287 + RFC 4685 threading), RSS 2.0 and JSON Feed 1.1: one entry per
//! selected post, streamed.

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

/// Write an Atom feed.
pub(crate) fn atom(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let mut f = create(out)?;
    let owner_id = ctx.owner.as_ref().map(|o| o.id.clone()).unwrap_or_default();
    let owner_url = ctx
        .owner
        .as_ref()
        .and_then(|o| o.url.as_deref().and_then(link).map(str::to_string));
    let now = rfc3339(&ctx.now);
    let mut head = String::new();
    head.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    head.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:thr=\"http://purl.org/syndication/thread/1.0\" xmlns:fh=\"http://purl.org/syndication/history/1.0\">\n");
    head.push_str(&format!(
        "  <id>{}</id>\n  <title type=\"text\">{}</title>\n  <updated>{now}</updated>\n  <generator uri=\"https://github.com/lifeboat\">lifeboat</generator>\n  <fh:complete/>\n",
        esc(&crate::export::ids::tag_uri(&format!("{owner_id}:feed"))),
        esc(&ctx.owner_name())
    ));
    head.push_str(&format!(
        "  <author><name>{}</name>{}</author>\n",
        esc(&ctx.owner_name()),
        owner_url
            .as_deref()
            .map(|u| format!("<uri>{}</uri>", esc(u)))
            .unwrap_or_default()
    ));
    if let Some(u) = &owner_url {
        head.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(u)
        ));
    }
    f.write_all(head.as_bytes()).map_err(w(out))?;
    ctx.each_post(book, |p, book| atom_entry(ctx, &p, &now, book, &mut f, out))?;
    f.write_all(b"</feed>\n").map_err(w(out))?;
    f.flush().map_err(w(out))?;
    ctx.count_unexpressed(book, &NOT_IN_FEEDS, "Atom has no place for them")?;
    Ok(())
}

fn atom_entry(
    ctx: &Ctx,
    p: &Post,
    now: &str,
    book: &mut Book,
    f: &mut impl Write,
    out: &Path,
) -> Result<()> {
    let lang = p
        .lang
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(|l| format!(" xml:lang=\"{l}\""))
        .unwrap_or_default();
    let mut e = format!("  <entry{lang}>\n");
    e.push_str(&format!("    <id>{}</id>\n", esc(&post_iri(p))));
    e.push_str(&format!(
        "    <title type=\"text\">{}</title>\n",
        esc(&title_of(p))
    ));
    let published = p.created_at.as_ref().map(rfc3339);
    let updated = p
        .edited_at
        .as_ref()
        .map(rfc3339)
        .or(published.clone())
        .unwrap_or_else(|| now.to_string());
    e.push_str(&format!("    <updated>{updated}</updated>\n"));
    if let Some(pb) = &published {
        e.push_str(&format!("    <published>{pb}</published>\n"));
    }
    if Some(&p.author) != ctx.owner.as_ref().map(|o| &o.id) {
        e.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            esc(&ctx.account_label(&p.author))
        ));
    }
    if let Some(u) = p.url.as_deref().and_then(link) {
        e.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(u)
        ));
    }
    let related = p.repost_of.as_ref().or(p.quote_of.as_ref());
    if let Some(r) = related
        .map(|r| iri_of(r, None))
        .filter(|r| safe::is_link(r))
    {
        e.push_str(&format!(
            "    <link rel=\"related\" href=\"{}\"/>\n",
            esc(&r)
        ));
    }
    if let Some(r) = &p.reply_to {
        e.push_str(&format!(
            "    <thr:in-reply-to ref=\"{}\"/>\n",
            esc(&iri_of(r, None))
        ));
    }
    for t in &p.tags {
        e.push_str(&format!(
            "    <category term=\"{}\" label=\"#{}\"/>\n",
            esc(t),
            esc(t)
        ));
    }
    for (mid, m) in ctx.post_media(p) {
        if let Some(u) = web_media(ctx, p, m, book) {
            e.push_str(&format!(
                "    <link rel=\"enclosure\" href=\"{}\" type=\"{}\"{}{}/>\n",
                esc(u),
                esc(&m.mime_or_default()),
                m.bytes
                    .map(|b| format!(" length=\"{b}\""))
                    .unwrap_or_default(),
                m.alt
                    .as_deref()
                    .map(|a| format!(" title=\"{}\"", esc(a)))
                    .unwrap_or_default()
            ));
            media_losses(ctx, mid, book, "Atom");
            book.wrote(Kind::Media);
        }
    }
    if let Some(cw) = &p.content_warning {
        e.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            esc(cw)
        ));
    }
    e.push_str(&format!(
        "    <content type=\"html\">{}</content>\n",
        esc(&body_html(ctx, p))
    ));
    e.push_str("  </entry>\n");
    post_losses(p, book, "Atom");
    f.write_all(e.as_bytes()).map_err(w(out))?;
    book.wrote(Kind::Post);
    Ok(())
}

/// Write an RSS 2.0 feed.
pub(crate) fn rss(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let mut f = create(out)?;
    let owner_url = ctx
        .owner
        .as_ref()
        .and_then(|o| o.url.as_deref().and_then(link).map(str::to_string))
        .unwrap_or_else(|| "https://example.invalid/".to_string());
    let now = rfc822(&ctx.now);
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n  <title>{}</title>\n  <link>{}</link>\n  <description>{}</description>\n  <lastBuildDate>{now}</lastBuildDate>\n  <generator>lifeboat</generator>\n",
        esc(&ctx.owner_name()),
        esc(&owner_url),
        esc(&format!("Posts of {}, exported by lifeboat", ctx.owner_name()))
    );
    f.write_all(head.as_bytes()).map_err(w(out))?;
    ctx.each_post(book, |p, book| rss_item(ctx, &p, book, &mut f, out))?;
    f.write_all(b"</channel>\n</rss>\n").map_err(w(out))?;
    f.flush().map_err(w(out))?;
    ctx.count_unexpressed(book, &NOT_IN_FEEDS, "RSS has no place for them")?;
    Ok(())
}

fn rss_item(ctx: &Ctx, p: &Post, book: &mut Book, f: &mut impl Write, out: &Path) -> Result<()> {
    let mut e = String::from("  <item>\n");
    if p.title.is_some() {
        e.push_str(&format!("    <title>{}</title>\n", esc(&title_of(p))));
    }
    let iri = post_iri(p);
    let url = p.url.as_deref().and_then(link);
    let permalink = url == Some(iri.as_str());
    e.push_str(&format!(
        "    <guid isPermaLink=\"{permalink}\">{}</guid>\n",
        esc(&iri)
    ));
    if let Some(u) = url {
        e.push_str(&format!("    <link>{}</link>\n", esc(u)));
    }
    if let Some(t) = &p.created_at {
        e.push_str(&format!("    <pubDate>{}</pubDate>\n", rfc822(t)));
    }
    e.push_str(&format!(
        "    <dc:creator>{}</dc:creator>\n",
        esc(&ctx.account_label(&p.author))
    ));
    for t in &p.tags {
        e.push_str(&format!("    <category>{}</category>\n", esc(t)));
    }
    let mut body = body_html(ctx, p);
    if let Some(r) = &p.reply_to {
        body.push_str(&format!("<p>In reply to {}</p>", post_link(r)));
    }
    let mut enclosed = false;
    for (mid, m) in ctx.post_media(p) {
        if let Some(u) = web_media(ctx, p, m, book) {
            if !enclosed && m.bytes.is_some() {
                e.push_str(&format!(
                    "    <enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n",
                    esc(u),
                    m.bytes.unwrap_or(0),
                    esc(&m.mime_or_default())
                ));
                enclosed = true;
            }
            e.push_str(&format!(
                "    <media:content url=\"{}\" type=\"{}\">{}</media:content>\n",
                esc(u),
                esc(&m.mime_or_default()),
                m.alt
                    .as_deref()
                    .map(|a| format!("<media:description>{}</media:description>", esc(a)))
                    .unwrap_or_default()
            ));
            media_losses(ctx, mid, book, "RSS");
            book.wrote(Kind::Media);
        }
    }
    e.push_str(&format!("    <description>{}</description>\n", esc(&body)));
    e.push_str("  </item>\n");
    post_losses(p, book, "RSS");
    f.write_all(e.as_bytes()).map_err(w(out))?;
    book.wrote(Kind::Post);
    Ok(())
}

/// Write a JSON Feed 1.1.
pub(crate) fn jsonfeed(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let mut f = create(out)?;
    let mut top = serde_json::Map::new();
    top.insert("version".into(), json!("https://jsonfeed.org/version/1.1"));
    top.insert("title".into(), json!(ctx.owner_name()));
    if let Some(o) = &ctx.owner {
        let url = o.url.as_deref().and_then(link);
        if let Some(u) = url {
            top.insert("home_page_url".into(), json!(u));
        }
        let mut a = json!({"name": ctx.owner_name()});
        if let Some(u) = url {
            a["url"] = json!(u);
        }
        top.insert("authors".into(), json!([a]));
        if let Some(b) = &o.bio {
            top.insert("description".into(), json!(b));
        }
    }
    let head = serde_json::to_string(&Value::Object(top)).unwrap_or_else(|_| "{}".into());
    // open the object again to stream the items
    let head = head.trim_end_matches('}');
    f.write_all(head.as_bytes()).map_err(w(out))?;
    f.write_all(b",\"items\":[\n").map_err(w(out))?;
    let mut first = true;
    ctx.each_post(book, |p, book| {
        json_item(ctx, &p, book, &mut f, out, &mut first)
    })?;
    f.write_all(b"\n]}\n").map_err(w(out))?;
    f.flush().map_err(w(out))?;
    ctx.count_unexpressed(book, &NOT_IN_FEEDS, "JSON Feed has no place for them")?;
    Ok(())
}

fn json_item(
    ctx: &Ctx,
    p: &Post,
    book: &mut Book,
    f: &mut impl Write,
    out: &Path,
    first: &mut bool,
) -> Result<()> {
    let mut it = serde_json::Map::new();
    it.insert("id".into(), json!(post_iri(p)));
    if let Some(u) = p.url.as_deref().and_then(link) {
        it.insert("url".into(), json!(u));
    }
    if let Some(t) = &p.title {
        it.insert("title".into(), json!(t));
    }
    it.insert("content_text".into(), json!(p.text));
    it.insert("content_html".into(), json!(body_html(ctx, p)));
    if let Some(cw) = &p.content_warning {
        it.insert("summary".into(), json!(cw));
    }
    if let Some(t) = &p.created_at {
        it.insert("date_published".into(), json!(rfc3339(t)));
    }
    if let Some(t) = &p.edited_at {
        it.insert("date_modified".into(), json!(rfc3339(t)));
    }
    let mut a = json!({"name": ctx.account_label(&p.author)});
    if let Some(u) = ctx
        .accounts
        .get(&p.author)
        .and_then(|a| a.url.as_deref().and_then(link))
    {
        a["url"] = json!(u);
    }
    it.insert("authors".into(), json!([a]));
    if !p.tags.is_empty() {
        it.insert("tags".into(), json!(p.tags));
    }
    if let Some(l) = &p.lang {
        it.insert("language".into(), json!(l));
    }
    let mut atts = Vec::new();
    for (mid, m) in ctx.post_media(p) {
        if let Some(u) = web_media(ctx, p, m, book) {
            let mut at = json!({"url": u, "mime_type": m.mime_or_default()});
            if let Some(b) = m.bytes {
                at["size_in_bytes"] = json!(b);
            }
            if let Some(t) = &m.alt {
                at["title"] = json!(t);
            }
            atts.push(at);
            media_losses(ctx, mid, book, "JSON Feed");
            book.wrote(Kind::Media);
        }
    }
    if !atts.is_empty() {
        it.insert("attachments".into(), Value::Array(atts));
    }
    let mut social = serde_json::Map::new();
    if let Some(r) = &p.reply_to {
        social.insert("in_reply_to".into(), json!(iri_of(r, None)));
    }
    if let Some(r) = &p.repost_of {
        social.insert("repost_of".into(), json!(iri_of(r, None)));
    }
    if let Some(r) = &p.quote_of {
        social.insert("quote_of".into(), json!(iri_of(r, None)));
    }
    social.insert(
        "visibility".into(),
        json!(crate::export::select::vis_name(p.visibility)),
    );
    it.insert("_social".into(), Value::Object(social));
    post_losses(p, book, "JSON Feed");
    let s = serde_json::to_string(&Value::Object(it)).unwrap_or_default();
    if !*first {
        f.write_all(b",\n").map_err(w(out))?;
    }
    *first = false;
    f.write_all(s.as_bytes()).map_err(w(out))?;
    book.wrote(Kind::Post);
    Ok(())
}
