//! RSS 2.0.

use super::*;

/// Write an RSS 2.0 feed.
pub(crate) fn write(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
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

pub(super) fn rss_item(
    ctx: &Ctx,
    p: &Post,
    book: &mut Book,
    f: &mut impl Write,
    out: &Path,
) -> Result<()> {
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
        if let Some(u) = web_media(ctx, p, &m, book) {
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
