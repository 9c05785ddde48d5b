//! A static offline website of the archive: a timeline by month, one page per post
//! with its thread and media, tags, the profile, relationships, conversations (only
//! with `--include direct`) and a client-side full-text search. It works from
//! `file://`, loads nothing from any other host, escapes every text, and carries no
//! script from any post.

mod assets;
mod conversations;
mod post;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::feeds::body_html;
use super::out::create;
use super::report::Book;
use super::safe;
use super::select::Ctx;
use super::strip::Show;
use super::text::{esc, human_time, month, month_label, rfc3339, slug, snippet, tag_slug};
use crate::error::{Error, Result};
use crate::model::{Kind, Post, Record, Visibility};
use assets::{CSS, SEARCH_JS};
use conversations::conversations;
use post::{article, excerpt, replies_tree, summary_html};

/// A media file published in the site: where, and how it may be shown.
struct SiteMedia {
    rel: String,
    show: Show,
}

/// What the site keeps of each post between passes.
struct Summary {
    id: String,
    /// The author's label (`@handle`).
    author: String,
    /// The archive's own writing (listed in the timeline, tags and search); a reply of
    /// another account is shown only in its thread.
    own: bool,
    slug: String,
    millis: i64,
    month: String,
    date: String,
    reply_to: Option<String>,
    excerpt: String,
    tags: Vec<String>,
    media: usize,
}

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

fn write(path: &Path, s: &str) -> Result<()> {
    let mut f = create(path)?;
    f.write_all(s.as_bytes()).map_err(w(path))?;
    f.flush().map_err(w(path))
}

/// A whole page: `up` is the way back to the site root (`""` or `"../"`).
fn page(ctx: &Ctx, title: &str, up: &str, body: &str, extra_head: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self' file: data:; object-src 'none'; base-uri 'none'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>{t} · {site}</title>\n<link rel=\"stylesheet\" href=\"{up}assets/style.css\">\n{extra_head}</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\"><nav aria-label=\"Site\"><ul><li class=\"name\"><a href=\"{up}index.html\">{site}</a></li><li><a href=\"{up}timeline.html\">Timeline</a></li><li><a href=\"{up}tags.html\">Tags</a></li><li><a href=\"{up}profile.html\">Profile</a></li><li><a href=\"{up}relationships.html\">Relationships</a></li><li><a href=\"{up}search.html\">Search</a></li>{conv}</ul></nav></header>\n<main id=\"main\">\n{body}\n</main>\n<footer>Offline archive written by lifeboat. Nothing here loads from the internet.</footer>\n</body>\n</html>\n",
        t = esc(title),
        site = esc(&ctx.owner_name()),
        conv = if ctx.filter.include.contains(&Visibility::Direct) {
            format!("<li><a href=\"{up}conversations.html\">Conversations</a></li>")
        } else {
            String::new()
        },
    )
}

/// Write the site into the folder `out`.
pub(crate) fn site(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    crate::export::out::create_folder(out, crate::export::Format::Html)?;
    for d in ["assets", "posts", "months", "tags", "media"] {
        let p = out.join(d);
        std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
    }
    write(&out.join("assets/style.css"), CSS)?;
    write(&out.join("assets/search.js"), SEARCH_JS)?;

    // pass 1: summaries, media files, the search index (one file: a script, since
    // `fetch` of a local file is refused on file://)
    let mut sums: Vec<Summary> = Vec::new();
    let mut media_paths: HashMap<String, SiteMedia> = HashMap::new();
    let idx_js = out.join("assets/search-index.js");
    let mut js = create(&idx_js)?;
    js.write_all(b"window.LIFEBOAT_INDEX = [\n")
        .map_err(w(&idx_js))?;
    let mut indexed = 0usize;
    let mut summarise = |p: &Post, own: bool, book: &mut Book| -> Result<()> {
        crate::export::feeds::post_losses(p, book, "the site");
        for (mid, m) in ctx.post_media(p) {
            if media_paths.contains_key(mid) {
                continue;
            }
            match ctx.media_file(m) {
                Some(src) => {
                    let Some(f) = ctx.prepare_media(&src, book)? else {
                        continue;
                    };
                    let rel = format!("media/{}.{}", slug(mid), f.ext);
                    f.write_file(&out.join(&rel))?;
                    media_paths.insert(mid.to_string(), SiteMedia { rel, show: f.show });
                    book.wrote(Kind::Media);
                }
                None => book.lost(
                    Kind::Media,
                    "the file is not in the archive (shown as missing)",
                ),
            }
        }
        let s = slug(&p.id);
        let date = p.created_at.as_ref().map(human_time).unwrap_or_default();
        if own {
            let entry = json!({
                "u": format!("posts/{s}.html"),
                "d": date,
                "t": format!("{}{}", p.content_warning.as_deref().map(|c| format!("{c}\n")).unwrap_or_default(), p.text),
            });
            let line = serde_json::to_string(&entry).unwrap_or_default();
            let sep: &[u8] = if indexed == 0 { b"" } else { b",\n" };
            js.write_all(sep).map_err(w(&idx_js))?;
            js.write_all(line.as_bytes()).map_err(w(&idx_js))?;
            indexed += 1;
        }
        sums.push(Summary {
            id: p.id.clone(),
            author: ctx.account_label(&p.author),
            own,
            slug: s,
            millis: p.created_at.as_ref().map(|t| t.millis()).unwrap_or(0),
            month: p
                .created_at
                .as_ref()
                .map(month)
                .unwrap_or_else(|| "undated".into()),
            date,
            reply_to: p.reply_to.clone(),
            excerpt: excerpt(p),
            tags: p.tags.clone(),
            media: p.media.len(),
        });
        Ok(())
    };
    ctx.each_post(book, |p, book| summarise(&p, true, book))?;
    // other accounts' public replies, in their threads
    for list in ctx.replies.values() {
        for r in list {
            summarise(r, false, book)?;
        }
    }
    js.write_all(b"\n];\n").map_err(w(&idx_js))?;
    js.flush().map_err(w(&idx_js))?;

    // newest first
    sums.sort_by(|a, b| b.millis.cmp(&a.millis).then(a.id.cmp(&b.id)));
    let pos: HashMap<&str, usize> = sums
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, s) in sums.iter().enumerate() {
        if let Some(parent) = s.reply_to.as_deref().and_then(|r| pos.get(r)) {
            children.entry(*parent).or_default().push(i);
        }
    }
    for v in children.values_mut() {
        v.sort_by_key(|&i| sums[i].millis);
    }

    // pass 2: a page per post, with its thread
    let posts_dir = out.join("posts");
    let replies: Vec<&Post> = ctx.replies.values().flatten().collect();
    let page_of = |p: &Post| -> Result<()> {
        let Some(&me) = pos.get(p.id.as_str()) else {
            return Ok(());
        };
        let mut body = String::from("<h1>Post</h1>\n");
        // ancestors, oldest first
        let mut chain = Vec::new();
        let mut cur = sums[me].reply_to.clone();
        while let Some(r) = cur {
            match pos.get(r.as_str()) {
                Some(&i) if chain.len() < 200 && i != me && !chain.contains(&i) => {
                    chain.push(i);
                    cur = sums[i].reply_to.clone();
                }
                None => {
                    body.push_str(&format!(
                        "<p class=\"meta\">In reply to a post that is not in this site ({}).</p>\n",
                        crate::export::feeds::post_link(&r)
                    ));
                    break;
                }
                // the parents loop, or the thread is very long: stop here
                Some(_) => break,
            }
        }
        chain.reverse();
        if !chain.is_empty() {
            body.push_str("<section aria-labelledby=\"thread-h\"><h2 id=\"thread-h\">Earlier in the thread</h2>\n<ol class=\"thread\">\n");
            for &i in &chain {
                body.push_str(&summary_html(&sums[i], "../"));
            }
            body.push_str("</ol></section>\n");
        }
        if !chain.is_empty() {
            body.push_str("<h2 class=\"meta\">This post</h2>\n");
        }
        body.push_str(&article(ctx, p, "../", &media_paths, true, "h2"));
        if let Some(kids) = children.get(&me) {
            body.push_str(&format!(
                "<section aria-labelledby=\"replies-h\"><h2 id=\"replies-h\">Replies ({})</h2>\n",
                kids.len()
            ));
            body.push_str(&replies_tree(
                &sums,
                &children,
                me,
                &mut std::collections::HashSet::new(),
            ));
            body.push_str("</section>\n");
        }
        let title = snippet(&p.text, 60);
        let f = posts_dir.join(format!("{}.html", sums[me].slug));
        write(
            &f,
            &page(
                ctx,
                if title.is_empty() { "Post" } else { &title },
                "../",
                &body,
                "",
            ),
        )?;
        Ok(())
    };
    ctx.each_post(&mut Book::default(), |p, _| page_of(&p))?;
    for r in replies {
        page_of(r)?;
    }
    book.wrote_n(Kind::Post, sums.len() as u64);

    // months and the timeline
    let mut months: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in sums.iter().enumerate().filter(|(_, s)| s.own) {
        months.entry(s.month.as_str()).or_default().push(i);
    }
    let mut tl = String::from("<h1>Timeline</h1>\n<ul class=\"months\">\n");
    let keys: Vec<&str> = months.keys().rev().copied().collect();
    for (k, idx) in months.iter().rev() {
        tl.push_str(&format!(
            "<li><a href=\"months/{k}.html\">{}</a> ({} posts)</li>\n",
            esc(&month_label(k)),
            idx.len()
        ));
    }
    tl.push_str("</ul>\n");
    write(
        &out.join("timeline.html"),
        &page(ctx, "Timeline", "", &tl, ""),
    )?;
    for (n, k) in keys.iter().enumerate() {
        let mut b = format!("<h1>{}</h1>\n", esc(&month_label(k)));
        let mut navl = String::from("<nav aria-label=\"Months\"><p>");
        if n + 1 < keys.len() {
            navl.push_str(&format!(
                "<a href=\"{0}.html\" rel=\"prev\">← {1}</a> ",
                keys[n + 1],
                esc(&month_label(keys[n + 1]))
            ));
        }
        if n > 0 {
            navl.push_str(&format!(
                "<a href=\"{0}.html\" rel=\"next\">{1} →</a>",
                keys[n - 1],
                esc(&month_label(keys[n - 1]))
            ));
        }
        navl.push_str("</p></nav>\n");
        b.push_str(&navl);
        b.push_str("<ol class=\"thread\">\n");
        for &i in &months[k] {
            b.push_str(&summary_html(&sums[i], "../"));
        }
        b.push_str("</ol>\n");
        b.push_str(&navl);
        write(
            &out.join(format!("months/{k}.html")),
            &page(ctx, &month_label(k), "../", &b, ""),
        )?;
    }

    // tags
    let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, s) in sums.iter().enumerate().filter(|(_, s)| s.own) {
        for t in &s.tags {
            tags.entry(t.to_lowercase())
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(i);
        }
    }
    let mut tb = String::from("<h1>Tags</h1>\n");
    if tags.is_empty() {
        tb.push_str("<p>No tags.</p>\n");
    } else {
        tb.push_str("<ul>\n");
    }
    for (name, idx) in tags.values() {
        let ts = tag_slug(name);
        tb.push_str(&format!(
            "<li><a href=\"tags/{}.html\">#{}</a> ({})</li>\n",
            esc(&ts),
            esc(name),
            idx.len()
        ));
        let mut b = format!("<h1>#{}</h1>\n<ol class=\"thread\">\n", esc(name));
        for &i in idx {
            b.push_str(&summary_html(&sums[i], "../"));
        }
        b.push_str("</ol>\n");
        write(
            &out.join(format!("tags/{ts}.html")),
            &page(ctx, &format!("#{name}"), "../", &b, ""),
        )?;
    }
    if !tags.is_empty() {
        tb.push_str("</ul>\n");
    }
    write(&out.join("tags.html"), &page(ctx, "Tags", "", &tb, ""))?;

    // profile
    let mut pb = String::from("<h1>Profile</h1>\n");
    for (role, m) in &ctx.profile_images {
        let Some(src) = ctx.media_file(m) else {
            continue;
        };
        let Some(f) = ctx.prepare_media(&src, book)? else {
            continue;
        };
        if f.show != Show::Image {
            book.lost(
                Kind::Media,
                "a profile image that is not a picture the site can show is not published",
            );
            continue;
        }
        let rel = format!("media/profile-{role}.{}", f.ext);
        f.write_file(&out.join(&rel))?;
        pb.push_str(&format!(
            "<p><img class=\"{role}\" src=\"{rel}\" alt=\"{} of {}\"></p>\n",
            if role == "avatar" {
                "Avatar"
            } else {
                "Header image"
            },
            esc(&ctx.owner_name())
        ));
        book.wrote(Kind::Media);
    }
    if let Some(o) = &ctx.owner {
        pb.push_str(&format!("<h2>{}</h2>\n<dl>\n", esc(&ctx.owner_name())));
        let mut row = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                pb.push_str(&format!("<dt>{k}</dt><dd>{}</dd>\n", esc(&v)));
            }
        };
        row("Handle", o.handle.as_ref().map(|h| format!("@{h}")));
        row("Network", Some(o.network.clone()));
        row("Bio", o.bio.clone());
        row("Location", o.location.clone());
        row("Website", o.website.clone());
        row("Profile", o.url.clone());
        row("Joined", o.created_at.as_ref().map(human_time));
        row(
            "Posts in this site",
            Some(sums.iter().filter(|s| s.own).count().to_string()),
        );
        pb.push_str("</dl>\n");
    } else {
        pb.push_str("<p>The archive names no owner.</p>\n");
    }
    write(
        &out.join("profile.html"),
        &page(ctx, "Profile", "", &pb, ""),
    )?;

    // relationships: public ones only (blocks and mutes are private)
    let mut rel: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in ctx.archive.records(Kind::Relationship)? {
        let Record::Relationship(r) = r? else {
            continue;
        };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        match r.kind.as_str() {
            "following" | "follower" | "connection" | "list_member" => {
                let who = if r.kind == "list_member" {
                    &r.subject
                } else {
                    &r.object
                };
                let a = ctx.accounts.get(who);
                let label = ctx.account_label(who);
                let item = match a.and_then(|a| a.url.as_deref()).and_then(safe::link) {
                    Some(u) => format!(
                        "<a href=\"{}\" rel=\"nofollow noopener\">{}</a>",
                        esc(u),
                        esc(&label)
                    ),
                    None => esc(&label),
                };
                let item = match a.and_then(|a| a.display_name.as_deref()) {
                    Some(d) if a.is_some_and(|a| a.handle.is_some()) => {
                        format!("{item} — {}", esc(d))
                    }
                    _ => item,
                };
                rel.entry(r.kind.clone()).or_default().push(item);
                book.wrote(Kind::Relationship);
            }
            k => book.lost(
                Kind::Relationship,
                format!("{k} lists are private and not published on the site"),
            ),
        }
    }
    let mut rb = String::from("<h1>Relationships</h1>\n");
    if rel.is_empty() {
        rb.push_str("<p>None.</p>\n");
    }
    for (k, items) in &rel {
        let heading = match k.as_str() {
            "following" => "Following",
            "follower" => "Followers",
            "connection" => "Connections",
            "list_member" => "List members",
            other => other,
        };
        rb.push_str(&format!(
            "<section><h2>{} ({})</h2>\n<ul>\n",
            esc(heading),
            items.len()
        ));
        for i in items {
            rb.push_str(&format!("<li>{i}</li>\n"));
        }
        rb.push_str("</ul></section>\n");
    }
    write(
        &out.join("relationships.html"),
        &page(ctx, "Relationships", "", &rb, ""),
    )?;

    // conversations, only when asked for
    let direct = ctx.filter.include.contains(&Visibility::Direct);
    let mut conv_link = String::new();
    if direct {
        conv_link = conversations(ctx, out, book)?;
    } else {
        ctx.count_unexpressed(
            book,
            &[Kind::Conversation],
            "conversations are private and shown only with --include direct",
        )?;
    }
    ctx.count_unexpressed(
        book,
        &[Kind::Reaction],
        "likes, bookmarks and reactions are not shown on the site",
    )?;

    // search
    let sb = "<h1>Search</h1>\n<div role=\"search\"><label for=\"q\">Search the posts</label>\n<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\"></div>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n<ol id=\"results\"></ol>\n<noscript><p>Search needs JavaScript; every post is also listed in the <a href=\"timeline.html\">timeline</a>.</p></noscript>\n<script src=\"assets/search-index.js\"></script>\n<script src=\"assets/search.js\"></script>\n";
    write(&out.join("search.html"), &page(ctx, "Search", "", sb, ""))?;

    // home
    let mut hb = format!("<h1>{}</h1>\n", esc(&ctx.owner_name()));
    if let Some(b) = ctx.owner.as_ref().and_then(|o| o.bio.as_deref()) {
        hb.push_str(&crate::export::text::text_html(b));
    }
    hb.push_str(&format!(
        "<p>{} posts, {} month{}. <a href=\"search.html\">Search</a> · <a href=\"timeline.html\">Timeline</a> · <a href=\"tags.html\">{} tags</a>{}</p>\n",
        sums.iter().filter(|s| s.own).count(),
        months.len(),
        if months.len() == 1 { "" } else { "s" },
        tags.len(),
        conv_link
    ));
    hb.push_str("<form role=\"search\" action=\"search.html\"><label for=\"hq\">Search</label> <input type=\"search\" id=\"hq\" name=\"q\"></form>\n");
    hb.push_str("<h2>Latest posts</h2>\n<ol class=\"thread\">\n");
    for s in sums.iter().filter(|s| s.own).take(20) {
        hb.push_str(&summary_html(s, ""));
    }
    hb.push_str("</ol>\n");
    write(&out.join("index.html"), &page(ctx, "Home", "", &hb, ""))?;
    Ok(())
}
