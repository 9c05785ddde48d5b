//! Conversations (direct messages), only with `--include direct`.

use super::*;

/// Conversation pages (only with `--include direct`); returns a link for the home page.
pub(super) fn conversations(ctx: &Ctx, site: &Site, out: &Path, book: &mut Book) -> Result<String> {
    let dir = out.join("conversations");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut by_conv: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for r in ctx.archive.records(Kind::Message)? {
        let Record::Message(m) = r? else { continue };
        if !ctx.filter.in_network(&m.network) || !ctx.filter.in_time(m.sent_at.as_ref()) {
            continue;
        }
        let when = m.sent_at.as_ref().map(human_time).unwrap_or_default();
        let html = format!(
            "<li><article class=\"post\"><h3 class=\"meta\"><span class=\"net\">{}</span> {} · {}</h3>{}{}</article></li>\n",
            esc(&crate::export::chart::network_label(&m.network)),
            esc(&ctx.account_label(&m.sender)),
            esc(&when),
            if m.encrypted {
                "<p>(encrypted; not readable)</p>".to_string()
            } else {
                crate::export::text::text_html(&m.text)
            },
            if m.media.is_empty() {
                String::new()
            } else {
                format!(
                    "<p class=\"meta\">{} attachment(s) kept in the archive</p>",
                    m.media.len()
                )
            }
        );
        book.lost_n(
            Kind::Media,
            m.media.len() as u64,
            "message attachments are not copied into the site",
        );
        by_conv
            .entry(m.conversation.clone())
            .or_default()
            .push((m.sent_at.as_ref().map(|t| t.millis()).unwrap_or(0), html));
        book.wrote(Kind::Message);
    }
    let mut titles: HashMap<String, String> = HashMap::new();
    for r in ctx.archive.records(Kind::Conversation)? {
        let Record::Conversation(c) = r? else {
            continue;
        };
        if !ctx.filter.in_network(&c.network) {
            continue;
        }
        let names: Vec<String> = c
            .participants
            .iter()
            .map(|p| ctx.account_label(p))
            .collect();
        titles.insert(
            c.id.clone(),
            c.title.clone().unwrap_or_else(|| names.join(", ")),
        );
        book.wrote(Kind::Conversation);
    }
    let mut list = String::from("<h1>Conversations</h1>\n<p>Direct messages: private. Included because --include direct was given.</p>\n<ul>\n");
    for (cid, mut msgs) in by_conv {
        msgs.sort_by_key(|m| m.0);
        let s = slug(&cid);
        let title = titles
            .get(&cid)
            .cloned()
            .unwrap_or_else(|| crate::export::ids::native(&cid).to_string());
        list.push_str(&format!(
            "<li><a href=\"conversations/{s}.html\">{}</a> ({} messages)</li>\n",
            esc(&title),
            msgs.len()
        ));
        let mut b = format!("<h1>{}</h1>\n<ol class=\"thread\">\n", esc(&title));
        for (_, h) in msgs {
            b.push_str(&h);
        }
        b.push_str("</ol>\n");
        write(
            &dir.join(format!("{s}.html")),
            &page(site, &title, "../", &b),
        )?;
    }
    list.push_str("</ul>\n");
    write(
        &out.join("conversations.html"),
        &page(site, "Conversations", "", &list),
    )?;
    Ok(" · <a href=\"conversations.html\">Conversations</a>".into())
}
