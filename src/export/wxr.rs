//! WordPress eXtended RSS 1.2: one post per thread start, the replies within the
//! export as threaded comments (parents first), media as attachments, hashtags as
//! tags. Every free text is CDATA, split at `]]>`, with XML-forbidden characters
//! removed.
//!
//! One rule for every field: what WordPress stores and shows as HTML (titles,
//! content, excerpts, comment authors and contents, term names, author display
//! names) is written as HTML — plain text escaped, the dump's HTML sanitized — and
//! what it keeps as data (logins, slugs, dates, post meta) as data; a URL is written
//! only when it is an `http`, `https` or `mailto` link.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

use super::feeds::{body_html, post_losses};
use super::safe::link;
use super::text::{cdata, esc, rfc822, snippet, sql_time, tag_slug};
use super::{clear, create, post_iri, Book, Ctx};
use crate::error::{Error, Result};
use crate::model::{Kind, Post};

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// A WordPress login from a handle: ASCII letters, digits, `_ . - @` only.
fn login(s: &str) -> String {
    let l: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "_.-@ ".contains(*c))
        .collect();
    if l.trim().is_empty() {
        "owner".into()
    } else {
        l.trim().to_string()
    }
}

/// Write a WXR file.
pub(crate) fn wxr(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    // pass 1: the selection's ids, parents and tags
    let mut parent: HashMap<String, Option<String>> = HashMap::new();
    let mut tags = BTreeSet::new();
    ctx.each_post(&mut Book::default(), |p, _| {
        for t in &p.tags {
            tags.insert(t.clone());
        }
        parent.insert(p.id.clone(), p.reply_to.clone());
        Ok(())
    })?;
    // the thread start of a post; a post whose parents loop is its own thread start
    let root_of = |id: &str| -> String {
        let mut cur = id.to_string();
        let mut seen = std::collections::HashSet::new();
        seen.insert(cur.clone());
        while let Some(Some(up)) = parent.get(&cur) {
            if !parent.contains_key(up) {
                break;
            }
            if !seen.insert(up.clone()) {
                return id.to_string();
            }
            cur = up.clone();
        }
        cur
    };
    // pass 2: replies inside the selection, by thread start
    let mut replies: HashMap<String, Vec<Post>> = HashMap::new();
    ctx.each_post(&mut Book::default(), |p, _| {
        let r = root_of(&p.id);
        if r != p.id {
            replies.entry(r).or_default().push(p);
        }
        Ok(())
    })?;

    let mut f = create(out)?;
    let owner_name = ctx.owner_name();
    let owner_login = login(
        ctx.owner
            .as_ref()
            .and_then(|o| o.handle.as_deref())
            .unwrap_or(&owner_name),
    );
    let site = ctx
        .owner
        .as_ref()
        .and_then(|o| o.url.as_deref().and_then(link).map(str::to_string))
        .unwrap_or_else(|| "https://example.invalid".into());
    let mut h = String::new();
    h.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!-- WordPress eXtended RSS written by lifeboat -->\n");
    h.push_str("<rss version=\"2.0\"\n  xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n  xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n  xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n  xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n");
    h.push_str(&format!(
        "  <title>{}</title>\n  <link>{}</link>\n  <description>{}</description>\n  <pubDate>{}</pubDate>\n  <language>en-US</language>\n  <wp:wxr_version>1.2</wp:wxr_version>\n  <wp:base_site_url>{}</wp:base_site_url>\n  <wp:base_blog_url>{}</wp:base_blog_url>\n",
        esc(&owner_name),
        esc(&site),
        esc(&format!("Posts of {owner_name}, exported by lifeboat")),
        rfc822(&ctx.now),
        esc(&site),
        esc(&site)
    ));
    h.push_str(&format!(
        "  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_email>{}</wp:author_email><wp:author_display_name>{}</wp:author_display_name><wp:author_first_name>{}</wp:author_first_name><wp:author_last_name>{}</wp:author_last_name></wp:author>\n",
        cdata(&owner_login),
        cdata(""),
        cdata(&esc(&owner_name)),
        cdata(""),
        cdata("")
    ));
    for (i, t) in tags.iter().enumerate() {
        h.push_str(&format!(
            "  <wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>{}</wp:tag_slug><wp:tag_name>{}</wp:tag_name></wp:tag>\n",
            i + 1,
            cdata(&tag_slug(t)),
            cdata(&esc(t))
        ));
    }
    h.push_str("  <generator>lifeboat</generator>\n");
    f.write_all(h.as_bytes()).map_err(w(out))?;

    let mut next_id = 1u64;
    let mut comment_id = 1u64;
    ctx.each_post(book, |p, book| {
        if root_of(&p.id) != p.id {
            return Ok(()); // written as a comment of its thread start
        }
        let post_id = next_id;
        next_id += 1;
        let mut it = String::from("  <item>\n");
        let title = match &p.title {
            Some(t) => t.clone(),
            None => {
                let s = snippet(&p.text, 60);
                if s.is_empty() {
                    format!("Post {post_id}")
                } else {
                    s
                }
            }
        };
        // WordPress titles are HTML: the text is escaped inside the CDATA
        it.push_str(&format!("    <title>{}</title>\n", cdata(&esc(&title))));
        if let Some(u) = p.url.as_deref().and_then(link) {
            it.push_str(&format!("    <link>{}</link>\n", esc(u)));
        }
        if let Some(t) = &p.created_at {
            it.push_str(&format!("    <pubDate>{}</pubDate>\n", rfc822(t)));
        }
        it.push_str(&format!("    <dc:creator>{}</dc:creator>\n", cdata(&owner_login)));
        it.push_str(&format!(
            "    <guid isPermaLink=\"false\">{}</guid>\n    <description></description>\n",
            esc(&post_iri(&p))
        ));
        let mut body = body_html(ctx, &p);
        let media = ctx.post_media(&p);
        let mut attachments = Vec::new();
        for (_, m) in &media {
            match m.web_url() {
                Some(u) => {
                    if m.kind == "photo" {
                        body.push_str(&format!(
                            "<p><img src=\"{}\" alt=\"{}\"></p>",
                            esc(u),
                            esc(m.alt.as_deref().unwrap_or(""))
                        ));
                    }
                    attachments.push((u.to_string(), *m));
                }
                None => book.lost(
                    Kind::Media,
                    "WordPress downloads attachments from a URL, and this file has none",
                ),
            }
        }
        it.push_str(&format!("    <content:encoded>{}</content:encoded>\n", cdata(&body)));
        it.push_str(&format!("    <excerpt:encoded>{}</excerpt:encoded>\n", cdata(&esc(p.content_warning.as_deref().unwrap_or("")))));
        let date = p.created_at.as_ref().map(sql_time).unwrap_or_else(|| "0000-00-00 00:00:00".into());
        it.push_str(&format!(
            "    <wp:post_id>{post_id}</wp:post_id>\n    <wp:post_date>{}</wp:post_date>\n    <wp:post_date_gmt>{}</wp:post_date_gmt>\n",
            cdata(&date),
            cdata(&date)
        ));
        if let Some(e) = &p.edited_at {
            it.push_str(&format!(
                "    <wp:post_modified>{0}</wp:post_modified>\n    <wp:post_modified_gmt>{0}</wp:post_modified_gmt>\n",
                cdata(&sql_time(e))
            ));
        }
        let status = if p.visibility == crate::model::Visibility::Public { "publish" } else { "private" };
        it.push_str(&format!(
            "    <wp:comment_status>{}</wp:comment_status>\n    <wp:ping_status>{}</wp:ping_status>\n    <wp:post_name>{}</wp:post_name>\n    <wp:status>{}</wp:status>\n    <wp:post_parent>0</wp:post_parent>\n    <wp:menu_order>0</wp:menu_order>\n    <wp:post_type>{}</wp:post_type>\n    <wp:post_password>{}</wp:post_password>\n    <wp:is_sticky>0</wp:is_sticky>\n",
            cdata("closed"), cdata("closed"), cdata(&format!("post-{post_id}")), cdata(status), cdata("post"), cdata("")
        ));
        it.push_str("    <category domain=\"post_format\" nicename=\"post-format-status\"><![CDATA[Status]]></category>\n");
        for t in &p.tags {
            it.push_str(&format!(
                "    <category domain=\"post_tag\" nicename=\"{}\">{}</category>\n",
                esc(&tag_slug(t)),
                cdata(&esc(t))
            ));
        }
        it.push_str(&format!(
            "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
            cdata("_lifeboat_id"),
            cdata(&p.id)
        ));
        if let Some(u) = p.url.as_deref().and_then(link) {
            it.push_str(&format!(
                "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
                cdata("_original_url"),
                cdata(u)
            ));
        }
        // the thread's replies, parents before children
        let mut ids: HashMap<String, u64> = HashMap::new();
        ids.insert(p.id.clone(), 0);
        let mut pending = replies.remove(&p.id).unwrap_or_default();
        pending.sort_by_key(|r| r.created_at.as_ref().map(|t| t.millis()).unwrap_or(0));
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for r in pending {
                let Some(parent_cid) = r.reply_to.as_ref().and_then(|x| ids.get(x)).copied() else {
                    rest.push(r);
                    continue;
                };
                let cid = comment_id;
                comment_id += 1;
                ids.insert(r.id.clone(), cid);
                let d = r.created_at.as_ref().map(sql_time).unwrap_or_default();
                let author = ctx.account_label(&r.author);
                it.push_str(&format!(
                    "    <wp:comment>\n      <wp:comment_id>{cid}</wp:comment_id>\n      <wp:comment_author>{}</wp:comment_author>\n      <wp:comment_author_email>{}</wp:comment_author_email>\n      <wp:comment_author_url>{}</wp:comment_author_url>\n      <wp:comment_author_IP>{}</wp:comment_author_IP>\n      <wp:comment_date>{}</wp:comment_date>\n      <wp:comment_date_gmt>{}</wp:comment_date_gmt>\n      <wp:comment_content>{}</wp:comment_content>\n      <wp:comment_approved>{}</wp:comment_approved>\n      <wp:comment_type>{}</wp:comment_type>\n      <wp:comment_parent>{parent_cid}</wp:comment_parent>\n      <wp:comment_user_id>0</wp:comment_user_id>\n    </wp:comment>\n",
                    cdata(&esc(&author)), cdata(""),
                    esc(ctx.accounts.get(&r.author).and_then(|a| a.url.as_deref()).and_then(link).unwrap_or("")),
                    cdata(""), cdata(&d), cdata(&d), cdata(&body_html(ctx, &r)), cdata("1"), cdata("comment")
                ));
                book.lost_n(Kind::Media, r.media.len() as u64, "media of replies: WordPress comments have no attachments");
                post_losses(&r, book, "WXR");
                book.wrote(Kind::Post);
            }
            if rest.len() == before {
                // unreachable parents: attach at the top level
                for r in &rest {
                    book.lost(Kind::Post, "reply whose parent is outside the export, written at the top of its thread");
                    ids.insert(r.reply_to.clone().unwrap_or_default(), 0);
                }
            }
            pending = rest;
        }
        it.push_str("  </item>\n");
        for (u, m) in attachments {
            let aid = next_id;
            next_id += 1;
            it.push_str(&format!(
                "  <item>\n    <title>{}</title>\n    <link>{}</link>\n    <dc:creator>{}</dc:creator>\n    <guid isPermaLink=\"false\">{}</guid>\n    <description></description>\n    <content:encoded>{}</content:encoded>\n    <excerpt:encoded>{}</excerpt:encoded>\n    <wp:post_id>{aid}</wp:post_id>\n    <wp:post_date>{}</wp:post_date>\n    <wp:post_date_gmt>{}</wp:post_date_gmt>\n    <wp:comment_status>{}</wp:comment_status>\n    <wp:ping_status>{}</wp:ping_status>\n    <wp:post_name>{}</wp:post_name>\n    <wp:status>{}</wp:status>\n    <wp:post_parent>{post_id}</wp:post_parent>\n    <wp:menu_order>0</wp:menu_order>\n    <wp:post_type>{}</wp:post_type>\n    <wp:post_password>{}</wp:post_password>\n    <wp:is_sticky>0</wp:is_sticky>\n    <wp:attachment_url>{}</wp:attachment_url>\n    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n  </item>\n",
                cdata(&format!("Media {aid}")), esc(&u), cdata(&owner_login), esc(&u),
                cdata(""), cdata(&esc(m.alt.as_deref().unwrap_or(""))), cdata(&date), cdata(&date),
                cdata("closed"), cdata("closed"), cdata(&format!("media-{aid}")), cdata("inherit"),
                cdata("attachment"), cdata(""), cdata(&u),
                cdata("_wp_attachment_image_alt"), cdata(m.alt.as_deref().unwrap_or(""))
            ));
            book.wrote(Kind::Media);
        }
        post_losses(&p, book, "WXR");
        book.wrote(Kind::Post);
        f.write_all(it.as_bytes()).map_err(w(out))
    })?;
    f.write_all(b"</channel>\n</rss>\n").map_err(w(out))?;
    f.flush().map_err(w(out))?;
    ctx.count_unexpressed(
        book,
        &[Kind::Relationship, Kind::Reaction, Kind::Conversation],
        "WordPress has no place for them",
    )?;
    Ok(())
}
