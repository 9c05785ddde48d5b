//! A static offline website of the archive: a timeline by month, one page per post
//! with its thread and media, tags, the profile, relationships, conversations (only
//! with `--include direct`) and a client-side full-text search. It works from
//! `file://`, loads nothing from any other host, escapes every text, and carries no
//! script from any post.

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

const CSS: &str = r#":root{--fg:#1d1d1f;--bg:#fdfdfb;--muted:#5c5c66;--line:#d9d9de;--accent:#0b57d0;--card:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--bg:#15161a;--muted:#a8a8b3;--line:#33343b;--accent:#8ab4f8;--card:#1d1e23}}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem}
header.site{border-bottom:1px solid var(--line);padding:.75rem 1rem}header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.site .name{font-weight:700;margin-right:1rem}main{max-width:42rem;margin:0 auto;padding:1rem}
article.post{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}
article.post.focus{border-width:2px;border-color:var(--accent)}.meta{color:var(--muted);font-size:.9rem}
.media{display:flex;flex-wrap:wrap;gap:.5rem}.media img,.media video{max-width:100%;height:auto;border-radius:.25rem}
.cw{font-weight:700}article.post h2.meta,article.post h3.meta{margin:0 0 .4rem;font-size:.9rem;font-weight:400}.tags a{margin-right:.5rem}ol.thread,ol.replies{list-style:none;padding-left:0}ol.replies{padding-left:1rem;border-left:2px solid var(--line)}
.months li{margin:.2rem 0}input[type=search]{width:100%;font-size:1.1rem;padding:.5rem}footer{color:var(--muted);font-size:.85rem;text-align:center;padding:2rem 1rem}
img.avatar{width:6rem;height:6rem;border-radius:50%;object-fit:cover}img.header{max-width:100%;max-height:12rem;object-fit:cover}.badge{font-size:.8rem;border:1px solid var(--line);border-radius:1rem;padding:0 .5rem;margin-left:.5rem}
.invisible{font-size:0;line-height:0;display:inline-block;width:0;height:0;overflow:hidden}.ellipsis::after{content:"…"}
"#;

const SEARCH_JS: &str = r#"(function () {
  "use strict";
  var index = window.LIFEBOAT_INDEX || [];
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  function run() {
    var q = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (q.length === 0) { status.textContent = index.length + " posts indexed."; return; }
    var found = 0;
    for (var i = 0; i < index.length && found < 200; i++) {
      var e = index[i], t = e.l || (e.l = e.t.toLowerCase()), ok = true;
      for (var j = 0; j < q.length; j++) { if (t.indexOf(q[j]) < 0) { ok = false; break; } }
      if (!ok) { continue; }
      found++;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.d;
      var p = document.createElement("p");
      p.textContent = e.t.length > 300 ? e.t.slice(0, 300) + "\u2026" : e.t;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    }
    status.textContent = found === 0 ? "No post matches." : found + (found === 200 ? "+" : "") + " posts match.";
  }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); }
  run();
})();
"#;

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

/// The HTML of one post as an `<article>` (the full text).
fn article(
    ctx: &Ctx,
    p: &Post,
    up: &str,
    media_paths: &HashMap<String, SiteMedia>,
    focus: bool,
    heading: &str,
) -> String {
    let lang = p
        .lang
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(|l| format!(" lang=\"{l}\""))
        .unwrap_or_default();
    let mut a = format!(
        "<article class=\"post{}\" aria-labelledby=\"h-{}\"{lang}>\n",
        if focus { " focus" } else { "" },
        esc(&slug(&p.id))
    );
    let when = p
        .created_at
        .as_ref()
        .map(|t| {
            format!(
                "<time datetime=\"{}\">{}</time>",
                rfc3339(t),
                esc(&human_time(t))
            )
        })
        .unwrap_or_else(|| "undated".into());
    a.push_str(&format!(
        "<{heading} id=\"h-{}\" class=\"meta\">{} · <a href=\"{up}posts/{}.html\">{when}</a>{}</{heading}>\n",
        esc(&slug(&p.id)),
        esc(&ctx.account_label(&p.author)),
        esc(&slug(&p.id)),
        if p.visibility != Visibility::Public {
            format!("<span class=\"badge\">{}</span>", crate::export::select::vis_name(p.visibility))
        } else {
            String::new()
        }
    ));
    if let Some(t) = &p.title {
        a.push_str(&format!("<h3>{}</h3>\n", esc(t)));
    }
    a.push_str(&body_html(ctx, p));
    let mut media = String::new();
    for (mid, m) in ctx.post_media(p) {
        let alt = esc(m.alt.as_deref().unwrap_or(""));
        // shown inline only when its bytes are a picture, video or sound of a known
        // safe type (never by the kind or type the dump declared); anything else is
        // a download under a name that no browser runs
        match media_paths.get(mid) {
            Some(f) if f.show == Show::Image => media.push_str(&format!(
                "<a href=\"{up}{0}\"><img src=\"{up}{0}\" alt=\"{alt}\" loading=\"lazy\"></a>",
                esc(&f.rel)
            )),
            Some(f) if f.show == Show::Video => media.push_str(&format!(
                "<video controls preload=\"none\" src=\"{up}{}\" aria-label=\"{alt}\"></video>",
                esc(&f.rel)
            )),
            Some(f) if f.show == Show::Audio => media.push_str(&format!(
                "<audio controls preload=\"none\" src=\"{up}{}\" aria-label=\"{alt}\"></audio>",
                esc(&f.rel)
            )),
            Some(f) => media.push_str(&format!(
                "<a href=\"{up}{0}\" download=\"{1}\" type=\"application/octet-stream\">Download the {2} file ({1})</a>",
                esc(&f.rel),
                esc(f.rel.rsplit('/').next().unwrap_or("")),
                esc(&m.kind)
            )),
            None => media.push_str(&format!(
                "<p class=\"meta\">({} not in the archive{})</p>",
                esc(&m.kind),
                if alt.is_empty() {
                    String::new()
                } else {
                    format!(": {alt}")
                }
            )),
        }
    }
    if !media.is_empty() {
        a.push_str(&format!("<div class=\"media\">{media}</div>\n"));
    }
    if !p.tags.is_empty() {
        a.push_str("<p class=\"tags\">");
        for t in &p.tags {
            a.push_str(&format!(
                "<a href=\"{up}tags/{}.html\">#{}</a>",
                esc(&tag_slug(t)),
                esc(t)
            ));
        }
        a.push_str("</p>\n");
    }
    match p.url.as_deref() {
        Some(u) if safe::is_link(u) => a.push_str(&format!(
            "<p class=\"meta\"><a href=\"{}\" rel=\"nofollow noopener noreferrer\">Original</a></p>\n",
            esc(u)
        )),
        // not http, https or mailto: shown as text, never a link
        Some(u) => a.push_str(&format!(
            "<p class=\"meta\">Original address (not a web link): <code>{}</code></p>\n",
            esc(u)
        )),
        None => {}
    }
    a.push_str("</article>\n");
    a
}

fn summary_html(s: &Summary, up: &str) -> String {
    format!(
        "<li><article class=\"post\"><h3 class=\"meta\">{} · <a href=\"{up}posts/{}.html\">{}</a>{}</h3><p>{}</p></article></li>\n",
        esc(&s.author),
        esc(&s.slug),
        esc(&s.date),
        if s.media > 0 {
            format!(" · {} media", s.media)
        } else {
            String::new()
        },
        esc(&s.excerpt)
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

/// The timeline's short form of a post: the content warning, the text, or what it
/// shares.
fn excerpt(p: &Post) -> String {
    let cw = p
        .content_warning
        .as_deref()
        .map(|c| format!("CW: {c} — "))
        .unwrap_or_default();
    let mut text = p.text.clone();
    if text.trim().is_empty() {
        text = match (&p.repost_of, &p.quote_of) {
            (Some(r), _) => format!(
                "Shared {}",
                crate::export::ids::web_url_of(r)
                    .unwrap_or_else(|| crate::export::ids::iri_of(r, None))
            ),
            (_, Some(q)) => format!(
                "Quoted {}",
                crate::export::ids::web_url_of(q)
                    .unwrap_or_else(|| crate::export::ids::iri_of(q, None))
            ),
            _ if !p.media.is_empty() => "(media only)".to_string(),
            _ => "(no text)".to_string(),
        };
    }
    snippet(&format!("{cw}{text}"), 280)
}

fn replies_tree(
    sums: &[Summary],
    children: &HashMap<usize, Vec<usize>>,
    at: usize,
    seen: &mut std::collections::HashSet<usize>,
) -> String {
    let mut s = String::from("<ol class=\"replies\">\n");
    seen.insert(at);
    if let Some(kids) = children.get(&at) {
        for &k in kids {
            // replies whose parents loop are shown once
            if !seen.insert(k) {
                continue;
            }
            let inner = summary_html(&sums[k], "../");
            s.push_str(inner.trim_end().trim_end_matches("</li>"));
            if seen.len() < 10_000 && children.contains_key(&k) {
                s.push_str(&replies_tree(sums, children, k, seen));
            }
            s.push_str("</li>\n");
        }
    }
    s.push_str("</ol>\n");
    s
}

/// Conversation pages (only with `--include direct`); returns a link for the home page.
fn conversations(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<String> {
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
            "<li><article class=\"post\"><h3 class=\"meta\">{} · {}</h3>{}{}</article></li>\n",
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
            &page(ctx, &title, "../", &b, ""),
        )?;
    }
    list.push_str("</ul>\n");
    write(
        &out.join("conversations.html"),
        &page(ctx, "Conversations", "", &list, ""),
    )?;
    Ok(" · <a href=\"conversations.html\">Conversations</a>".into())
}
