//! Atom 1.0 (RFC 4287).

use super::*;

/// Write an Atom feed.
pub(crate) fn write(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
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

pub(super) fn atom_entry(
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
        if let Some(u) = web_media(ctx, p, &m, book) {
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
