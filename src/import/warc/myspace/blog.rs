//! MySpace blogs (`blog.myspace.com`, 2005–2010): `div.blogTimeStamp`,
//! `div.blogSubject`, `div.blogContent`, `div.cmtcell` (the time, and the permalink
//! with its `blogID`); an entry's own page lists its comments.

use serde_json::json;

use super::{comments, subject, time, NET};
use crate::import::warc::page::{all, first, text, text_at, Out, Page};
use crate::import::warc::url::Url;
use crate::model::Record;

/// A blog page: one or several entries, and on an entry's own page its comments.
pub(super) fn blog(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let Some(owner) = subject(page) else {
        return Err("a MySpace blog page without a friendID".into());
    };
    out.era = Some("blog (2005-2010)");
    let mut me = page.account(NET, &owner);
    me.is_owner = true;
    if let Some(t) = crate::import::warc::page::title(page.doc) {
        let n = t.split("'s Blog").next().unwrap_or("").trim();
        let n = n.rsplit(" - ").next().unwrap_or(n).trim();
        if !n.is_empty() && n != t {
            me.display_name = Some(n.to_string());
        }
    }
    let stamps = all(root, "div.blogTimeStamp");
    let subjects = all(root, "div.blogSubject");
    let contents = all(root, "div.blogContent");
    let cells = all(root, "div.cmtcell");
    if contents.is_empty() {
        return Err("a MySpace blog page without blog entries (div.blogContent)".into());
    }
    let single = page.url.param("blogid");
    let mut last_post = None;
    for (i, content) in contents.iter().enumerate() {
        let cell = cells.get(i).copied();
        let blog_id = cell
            .and_then(|c| {
                all(c, "a[href]")
                    .into_iter()
                    .find_map(|a| Url::parse(&page.abs(a.value().attr("href")?)?)?.param("blogid"))
            })
            .or_else(|| {
                if contents.len() == 1 {
                    single.clone()
                } else {
                    None
                }
            })
            .unwrap_or_else(|| format!("{owner}-{i}"));
        let mut p = page.post(NET, &format!("blog/{blog_id}"), &me.id);
        p.url = Some(format!(
            "http://blog.myspace.com/index.cfm?fuseaction=blog.view&friendID={owner}&blogID={blog_id}"
        ));
        if let Some(subj) = subjects.get(i) {
            p.title = text_at(*subj, "label")
                .or_else(|| Some(text(*subj)))
                .filter(|t| !t.is_empty());
            let st = text(*subj);
            if let Some(m) = st.split("Current mood:").nth(1) {
                let m = m.split("Category:").next().unwrap_or("").trim();
                if !m.is_empty() {
                    p.ext.insert("mood", json!(m));
                }
            }
            if let Some(c) = st.split("Category:").nth(1) {
                p.ext.insert("category", json!(c.trim()));
                p.tags.push(c.trim().to_string());
            }
        }
        page.set_body(&mut p, *content);
        let day = stamps.get(i).map(|s| text(*s)).unwrap_or_default();
        let at = cell
            .and_then(|c| first(c, "a"))
            .map(text)
            .filter(|t| t.contains(':'))
            .unwrap_or_default();
        time(&mut p, Some(format!("{day} {at}").trim()));
        if let Some(c) = cell {
            for a in all(c, "a") {
                let t = text(a);
                if let Some(n) = t
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                {
                    if t.to_ascii_lowercase().contains("comment") {
                        p.metrics.insert("comments".into(), n);
                    } else if t.to_ascii_lowercase().contains("kudos") {
                        p.metrics.insert("kudos".into(), n);
                    }
                }
            }
        }
        p.ext.insert("kind", json!("blog post"));
        for img in all(*content, "img[src]") {
            out.image(
                img.value().attr("src").and_then(|x| page.abs(x)),
                &p.id,
                "content",
            );
        }
        last_post = Some(p.id.clone());
        out.records.push(Record::Post(p));
    }
    out.records.insert(0, Record::Account(me));
    // an entry's own page lists its comments
    if let (Some(post), 1) = (last_post, contents.len()) {
        if let Some(block) = first(
            root,
            "[class*=blogComment], [id*=omments], table.blogComments",
        ) {
            let on = post.rsplit('/').next().unwrap_or_default().to_string();
            comments(page, block, &post, &format!("blog-{on}"), out);
        }
    }
    Ok(())
}
