//! JSON Feed 1.1.

use super::*;

/// Write a JSON Feed 1.1.
pub(crate) fn write(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
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

pub(super) fn json_item(
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
        .as_deref()
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
        if let Some(u) = web_media(ctx, p, &m, book) {
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
