//! A static offline website of the archive: a home page and a page per account with
//! an activity chart (posts per month per network, inline SVG with its table), a
//! timeline by month, one page per post with its conversation and media gallery,
//! tags, the profile, relationships, conversations (only with `--include direct`)
//! and a client-side full-text search. It works from `file://`, loads nothing from
//! any other host, escapes every text, and carries no script from any post.
//!
//! Memory stays small at a million posts: pass 1 streams the posts once, writes the
//! media, thumbnails and search index, and spools each post's list entry (its HTML)
//! to a scratch file; what it keeps per post is a 40-byte [`Entry`] and a 16-byte
//! key. Pass 2 streams the posts again and writes their pages, reading list entries
//! of their thread back from the spool. Lists (months, tags) are pages of
//! [`PAGE`] entries.

mod assets;
mod conversations;
mod entities;
mod post;
mod thumbs;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasher;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::chart::{self, network_label, Monthly};
use super::out::create;
use super::report::Book;
use super::safe;
use super::select::Ctx;
use super::strip::Show;
use super::text::{esc, human_time, month, month_label, rfc3339, slug, snippet, tag_slug};
use crate::error::{Error, Result};
use crate::model::{Account, Kind, Post, Record, Visibility};
use assets::{CSS, SEARCH_JS};
use conversations::conversations;
use entities::{handle_key, handles_in_text, hashtags_in_text, text_hashtags, Pages, Renderer};
use post::{article, excerpt, list_item, replies_tree};

/// Posts on one page of a list (a month, a tag).
pub(crate) const PAGE: usize = 100;

/// Stands for the way back to the site root in spooled HTML (`""` or `"../"`): a
/// control character, which escaped text never holds.
const UP: &str = "\u{1}";

/// A media file published in the site: where, how it may be shown, its thumbnail.
struct SiteMedia {
    rel: String,
    show: Show,
    /// The list thumbnail (path, width, height), for pictures that decode.
    thumb: Option<(String, u32, u32)>,
}

/// What the site keeps of each post between its two passes.
#[derive(Clone, Copy)]
struct Entry {
    /// Hash of the id of the post it answers (0: none).
    parent: u64,
    millis: i64,
    /// Its list entry in the spool.
    off: u64,
    len: u32,
    /// `year * 12 + month - 1`, or `u32::MAX` when undated.
    month: u32,
    /// Index of its author in the site's author table.
    author: u32,
    /// The archive's own writing (listed in the timeline, tags and search); a reply of
    /// another account is shown only in its thread.
    own: bool,
}

/// The site-wide parts of every page.
pub(super) struct Site {
    /// The title: the owner's name, or every owner's.
    name: String,
    /// The header's list of owner accounts, with `UP` for the way back.
    owners: String,
    direct: bool,
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
fn page(site: &Site, title: &str, up: &str, body: &str) -> String {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self' file: data:; object-src 'none'; base-uri 'none'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>{t} · {site}</title>\n<link rel=\"stylesheet\" href=\"{up}assets/style.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\"><nav aria-label=\"Site\"><ul><li class=\"name\"><a href=\"{up}index.html\">{site}</a></li><li><a href=\"{up}timeline.html\">Timeline</a></li><li><a href=\"{up}tags.html\">Tags</a></li><li><a href=\"{up}profile.html\">Profile</a></li><li><a href=\"{up}relationships.html\">Relationships</a></li><li><a href=\"{up}search.html\">Search</a></li>{conv}</ul></nav>{owners}</header>\n<main id=\"main\">\n{body}\n</main>\n<footer>Offline archive written by lifeboat. Nothing here loads from the internet.</footer>\n</body>\n</html>\n",
        t = esc(title),
        site = esc(&site.name),
        owners = site.owners,
        conv = if site.direct {
            format!("<li><a href=\"{up}conversations.html\">Conversations</a></li>")
        } else {
            String::new()
        },
    );
    html.replace(UP, up)
}

fn month_key(t: Option<&crate::model::Timestamp>) -> u32 {
    match t.map(month) {
        Some(m) => match m.split_once('-') {
            Some((y, mo)) => match (y.parse::<u32>(), mo.parse::<u32>()) {
                (Ok(y), Ok(mo)) if (1..=12).contains(&mo) => y * 12 + mo - 1,
                _ => u32::MAX,
            },
            None => u32::MAX,
        },
        None => u32::MAX,
    }
}

fn month_name(k: u32) -> String {
    if k == u32::MAX {
        "undated".into()
    } else {
        format!("{:04}-{:02}", k / 12, k % 12 + 1)
    }
}

/// The spool of list entries: written in pass 1, read back by offset.
struct Spool {
    path: PathBuf,
    file: std::fs::File,
    at: u64,
}

impl Spool {
    fn new(path: PathBuf) -> Result<Spool> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        Ok(Spool { path, file, at: 0 })
    }
    fn push(&mut self, s: &str) -> Result<(u64, u32)> {
        let off = self.at;
        self.file
            .write_all_at(s.as_bytes(), off)
            .map_err(|e| Error::io(&self.path, e))?;
        self.at += s.len() as u64;
        Ok((off, u32::try_from(s.len()).unwrap_or(u32::MAX)))
    }
    fn get(&self, e: &Entry, up: &str) -> Result<String> {
        let mut b = vec![0u8; e.len as usize];
        self.file
            .read_exact_at(&mut b, e.off)
            .map_err(|x| Error::io(&self.path, x))?;
        Ok(String::from_utf8_lossy(&b).replace(UP, up))
    }
}

/// Write the site into the folder `out`.
pub(crate) fn site(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    crate::export::out::create_folder(out, crate::export::Format::Html)?;
    for d in [
        "assets", "posts", "months", "tags", "media", "thumbs", "accounts",
    ] {
        let p = out.join(d);
        std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
    }
    write(&out.join("assets/style.css"), CSS)?;
    write(&out.join("assets/search.js"), SEARCH_JS)?;

    // the owner accounts (one per imported dump), in the chosen network
    let mut owners: Vec<Account> = Vec::new();
    for r in ctx.archive.records(Kind::Account)? {
        let Record::Account(a) = r? else { continue };
        if ctx.is_owner(&a.id) && a.is_owner && ctx.filter.in_network(&a.network) {
            owners.push(a);
        }
    }
    owners.sort_by(|a, b| a.network.cmp(&b.network).then(a.id.cmp(&b.id)));
    // short links in the owners' bios and websites, expanded where a post's links
    // know them
    let mut wanted: HashSet<String> = HashSet::new();
    for o in &owners {
        if let Some(b) = &o.bio {
            entities::short_links(b, &mut wanted);
        }
        if let Some(wb) = &o.website {
            entities::short_links(wb, &mut wanted);
        }
    }

    // pass 1: list entries (spooled), media, thumbnails, the search index (one file:
    // a script, since `fetch` of a local file is refused on file://), the charts'
    // counts, tags
    let hasher = std::collections::hash_map::RandomState::new();
    let key = |id: &str| hasher.hash_one(id).max(1);
    let mut spool = Spool::new(out.join(".lifeboat-spool"))?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut keys: Vec<(u64, u32)> = Vec::new();
    let mut authors: Vec<String> = Vec::new();
    let mut author_ix: HashMap<String, u32> = HashMap::new();
    let mut author_net: Vec<String> = Vec::new();
    let mut monthly = Monthly::new();
    let mut by_author: BTreeMap<u32, Monthly> = BTreeMap::new();
    let mut tags: BTreeMap<String, (String, Vec<u32>)> = BTreeMap::new();
    let mut expansions: HashMap<String, String> = HashMap::new();
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
            match ctx.media_file(&m) {
                Some(src) => {
                    let Some(f) = ctx.prepare_media(&src, book)? else {
                        continue;
                    };
                    let rel = format!("media/{}.{}", slug(mid), f.ext);
                    f.write_file(&out.join(&rel))?;
                    // the thumbnail is made from the published (cleaned) file only
                    let thumb = if f.show == Show::Image {
                        let stem = format!("thumbs/{}", slug(mid));
                        thumbs::make(&out.join(&rel), &out.join(&stem))
                            .map(|(ext, tw, th)| (format!("{stem}.{ext}"), tw, th))
                    } else {
                        None
                    };
                    media_paths.insert(
                        mid.to_string(),
                        SiteMedia {
                            rel,
                            show: f.show,
                            thumb,
                        },
                    );
                    book.wrote(Kind::Media);
                }
                None => book.lost(
                    Kind::Media,
                    "the file is not in the archive (shown as missing)",
                ),
            }
        }
        if !wanted.is_empty() {
            for l in &p.links {
                if let Some(s) = l.short_url.as_deref().filter(|s| wanted.contains(*s)) {
                    expansions.insert(s.to_string(), l.url.clone());
                }
            }
        }
        let s = slug(&p.id);
        let date = p.created_at.as_ref().map(human_time).unwrap_or_default();
        let pre = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        let ai = match author_ix.get(&p.author) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(authors.len()).unwrap_or(u32::MAX);
                authors.push(p.author.clone());
                author_net.push(p.network.clone());
                author_ix.insert(p.author.clone(), i);
                i
            }
        };
        if own {
            let entry = json!({
                "u": format!("posts/{s}.html"),
                "d": date,
                "n": network_label(&p.network),
                "t": format!("{}{}", p.content_warning.as_deref().map(|c| format!("{c}\n")).unwrap_or_default(), p.text),
            });
            let line = serde_json::to_string(&entry).unwrap_or_default();
            let sep: &[u8] = if indexed == 0 { b"" } else { b",\n" };
            js.write_all(sep).map_err(w(&idx_js))?;
            js.write_all(line.as_bytes()).map_err(w(&idx_js))?;
            indexed += 1;
            if let Some(t) = &p.created_at {
                let m = month(t);
                *monthly
                    .entry(p.network.clone())
                    .or_default()
                    .entry(m.clone())
                    .or_default() += 1;
                *by_author
                    .entry(ai)
                    .or_default()
                    .entry(p.network.clone())
                    .or_default()
                    .entry(m)
                    .or_default() += 1;
            }
            // the tags the dump lists, or, where it lists none, the text's hashtags
            let from_text = if hashtags_in_text(&p.network) {
                Some(text_hashtags(&p.text))
            } else {
                None
            };
            let mut seen: Vec<String> = Vec::new();
            for t in p
                .tags
                .iter()
                .map(String::as_str)
                .chain(from_text.into_iter().flatten())
            {
                let k = t.to_lowercase();
                if seen.contains(&k) {
                    continue;
                }
                seen.push(k.clone());
                tags.entry(k)
                    .or_insert_with(|| (t.to_string(), Vec::new()))
                    .1
                    .push(pre);
            }
        }
        let item = list_item(ctx, p, &s, &date, &excerpt(p), &media_paths, UP);
        let (off, len) = spool.push(&item)?;
        keys.push((key(&p.id), pre));
        entries.push(Entry {
            parent: p.reply_to.as_deref().map(key).unwrap_or(0),
            millis: p.created_at.as_ref().map(|t| t.millis()).unwrap_or(0),
            off,
            len,
            month: month_key(p.created_at.as_ref()),
            author: ai,
            own,
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
    drop(js);

    // newest first; `rank[pre]` is where a post went
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&entries[a as usize], &entries[b as usize]);
        y.millis.cmp(&x.millis).then(a.cmp(&b))
    });
    let mut rank = vec![0u32; entries.len()];
    for (i, &pre) in order.iter().enumerate() {
        rank[pre as usize] = i as u32;
    }
    let entries: Vec<Entry> = order.iter().map(|&pre| entries[pre as usize]).collect();
    drop(order);
    for k in keys.iter_mut() {
        k.1 = rank[k.1 as usize];
    }
    keys.sort_unstable();
    for (_, v) in tags.values_mut() {
        for i in v.iter_mut() {
            *i = rank[*i as usize];
        }
        v.sort_unstable();
    }
    drop(rank);
    let find = |k: u64| -> Option<usize> {
        let i = keys.partition_point(|x| x.0 < k);
        keys.get(i).filter(|x| x.0 == k).map(|x| x.1 as usize)
    };
    // replies: (parent, child) pairs, a parent's children oldest first
    let mut pairs: Vec<(u32, u32)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.parent != 0)
        .filter_map(|(i, e)| find(e.parent).map(|p| (p as u32, i as u32)))
        .filter(|(p, c)| p != c)
        .collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let children = |i: usize| -> &[(u32, u32)] {
        let lo = pairs.partition_point(|x| (x.0 as usize) < i);
        let hi = pairs.partition_point(|x| (x.0 as usize) <= i);
        pairs.get(lo..hi).unwrap_or(&[])
    };

    // accounts with a page: the owners, and every author of the site's own writing
    let mut acc_pages: BTreeMap<String, String> = BTreeMap::new();
    for o in &owners {
        acc_pages.insert(o.id.clone(), slug(&o.id));
    }
    for (ai, _) in by_author.iter() {
        if let Some(a) = authors.get(*ai as usize) {
            acc_pages.insert(a.clone(), slug(a));
        }
    }
    let mut pages = Pages {
        expansions,
        ..Pages::default()
    };
    for a in ctx.archive.accounts()? {
        let a = a?;
        if let Some(h) = a.handle.as_deref().filter(|_| handles_in_text(&a.network)) {
            pages.handles.insert(handle_key(&a.network, h), a.id);
        }
    }
    for (name, (_, idx)) in &tags {
        if !idx.is_empty() {
            pages.tags.insert(name.clone(), tag_slug(name));
        }
    }
    for (id, s) in &acc_pages {
        pages.accounts.insert(id.clone(), s.clone());
        let url = owners
            .iter()
            .find(|o| o.id == *id)
            .and_then(|o| o.url.clone())
            .or_else(|| ctx.accounts.get(id).and_then(|a| a.url.clone()));
        if let Some(u) = url {
            pages.account_urls.insert(u, s.clone());
        }
    }
    let render = Renderer::new(pages);

    let site = Site {
        name: if owners.len() > 1 {
            let mut names: Vec<String> = Vec::new();
            for o in &owners {
                let n = display(o);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            names.join(" · ")
        } else {
            ctx.owner_name()
        },
        owners: owners_header(&owners, &acc_pages),
        direct: ctx.filter.include.contains(&Visibility::Direct),
    };

    // pass 2: a page per post, with its conversation
    let posts_dir = out.join("posts");
    let replies: Vec<&Post> = ctx.replies.values().flatten().collect();
    let page_of = |p: &Post| -> Result<()> {
        let Some(me) = find(key(&p.id)) else {
            return Ok(());
        };
        let title = post_title(p);
        let mut body = format!("<h1 class=\"post-title\">{}</h1>\n", esc(&title));
        // ancestors, oldest first
        let mut chain: Vec<usize> = Vec::new();
        let mut cur = entries[me].parent;
        let mut cut = false;
        while cur != 0 {
            match find(cur) {
                Some(i) if chain.len() < 200 && i != me && !chain.contains(&i) => {
                    chain.push(i);
                    cur = entries[i].parent;
                }
                None => {
                    cut = true;
                    break;
                }
                // the parents loop, or the thread is very long: stop here
                Some(_) => break,
            }
        }
        chain.reverse();
        let kids = children(me);
        let conversation = !chain.is_empty() || !kids.is_empty();
        if cut {
            body.push_str(&match (chain.is_empty(), p.reply_to.as_deref()) {
                (true, Some(r)) => format!(
                    "<p class=\"meta\">In reply to a post that is not in this site ({}).</p>\n",
                    crate::export::feeds::post_link(r)
                ),
                _ => "<p class=\"meta\">The start of this conversation is not in this site.</p>\n"
                    .to_string(),
            });
        }
        if conversation {
            body.push_str("<section class=\"conversation\" aria-labelledby=\"conv-h\"><h2 id=\"conv-h\">Conversation</h2>\n");
        }
        if !chain.is_empty() {
            body.push_str("<ol class=\"thread\" aria-label=\"Earlier in the conversation\">\n");
            for &i in &chain {
                body.push_str(&spool.get(&entries[i], "../")?);
            }
            body.push_str("</ol>\n");
        }
        body.push_str(&article(ctx, &render, p, "../", &media_paths, true, "h2"));
        if !kids.is_empty() {
            body.push_str(&format!(
                "<h3 id=\"replies-h\">Replies ({})</h3>\n",
                kids.len()
            ));
            let mut seen = HashSet::new();
            body.push_str(&replies_tree(&spool, &entries, &children, me, &mut seen)?);
        }
        if conversation {
            body.push_str("</section>\n");
        }
        let f = posts_dir.join(format!("{}.html", slug(&p.id)));
        write(&f, &page(&site, &title, "../", &body))?;
        Ok(())
    };
    ctx.each_post(&mut Book::default(), |p, _| page_of(&p))?;
    for r in replies {
        page_of(r)?;
    }
    book.wrote_n(Kind::Post, entries.len() as u64);
    let own_count = entries.iter().filter(|e| e.own).count();

    // months and the timeline: the own posts are in order, so each month is a run
    let mut months: Vec<(u32, usize, usize)> = Vec::new(); // (month, first, count)
    for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.own) {
        match months.last_mut() {
            Some(m) if m.0 == e.month => m.2 += 1,
            _ => months.push((e.month, i, 1)),
        }
    }
    let mut tl = String::from("<h1>Timeline</h1>\n");
    tl.push_str(&chart::monthly(
        "activity",
        "Posts per month, by network",
        "posts",
        &monthly,
    ));
    tl.push_str("<ul class=\"months\">\n");
    for (k, _, n) in &months {
        let name = month_name(*k);
        tl.push_str(&format!(
            "<li><a href=\"months/{name}.html\">{}</a> ({n} post{})</li>\n",
            esc(&month_label(&name)),
            if *n == 1 { "" } else { "s" }
        ));
    }
    tl.push_str("</ul>\n");
    write(
        &out.join("timeline.html"),
        &page(&site, "Timeline", "", &tl),
    )?;
    for (mi, &(k, first, n)) in months.iter().enumerate() {
        let name = month_name(k);
        let label = month_label(&name);
        let pages_n = n.div_ceil(PAGE);
        // the month's own posts, in order (replies of others are interleaved)
        let mut idx = entries
            .iter()
            .enumerate()
            .skip(first)
            .filter(|(_, e)| e.own && e.month == k)
            .map(|(i, _)| i)
            .take(n);
        for pg in 0..pages_n {
            let mut b = format!(
                "<h1>{}{}</h1>\n",
                esc(&label),
                if pages_n > 1 {
                    format!(
                        " <span class=\"meta\">(page {} of {pages_n})</span>",
                        pg + 1
                    )
                } else {
                    String::new()
                }
            );
            let mut navl = String::from("<nav aria-label=\"Pages\" class=\"pager\"><p>");
            if pg > 0 {
                navl.push_str(&format!(
                    "<a href=\"{}\" rel=\"prev\">← Newer</a> ",
                    list_file(&name, pg - 1)
                ));
            } else if mi > 0 {
                let prev = month_name(months[mi - 1].0);
                navl.push_str(&format!(
                    "<a href=\"{prev}.html\">← {}</a> ",
                    esc(&month_label(&prev))
                ));
            }
            if pg + 1 < pages_n {
                navl.push_str(&format!(
                    "<a href=\"{}\" rel=\"next\">Older →</a>",
                    list_file(&name, pg + 1)
                ));
            } else if let Some(next) = months.get(mi + 1) {
                let next = month_name(next.0);
                navl.push_str(&format!(
                    "<a href=\"{next}.html\">{} →</a>",
                    esc(&month_label(&next))
                ));
            }
            navl.push_str("</p></nav>\n");
            b.push_str(&navl);
            b.push_str("<ol class=\"thread\">\n");
            for i in idx.by_ref().take(PAGE) {
                b.push_str(&spool.get(&entries[i], "../")?);
            }
            b.push_str("</ol>\n");
            b.push_str(&navl);
            write(
                &out.join("months").join(list_file(&name, pg)),
                &page(&site, &label, "../", &b),
            )?;
        }
    }

    // tags
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
        let pages_n = idx.len().div_ceil(PAGE).max(1);
        for pg in 0..pages_n {
            let mut b = format!("<h1>#{}</h1>\n", esc(name));
            let mut navl = String::new();
            if pages_n > 1 {
                navl.push_str(&format!(
                    "<nav aria-label=\"Pages\" class=\"pager\"><p>Page {} of {pages_n}. ",
                    pg + 1
                ));
                if pg > 0 {
                    navl.push_str(&format!(
                        "<a href=\"{}\" rel=\"prev\">← Newer</a> ",
                        esc(&list_file(&ts, pg - 1))
                    ));
                }
                if pg + 1 < pages_n {
                    navl.push_str(&format!(
                        "<a href=\"{}\" rel=\"next\">Older →</a>",
                        esc(&list_file(&ts, pg + 1))
                    ));
                }
                navl.push_str("</p></nav>\n");
            }
            b.push_str(&navl);
            b.push_str("<ol class=\"thread\">\n");
            for &i in idx.iter().skip(pg * PAGE).take(PAGE) {
                b.push_str(&spool.get(&entries[i as usize], "../")?);
            }
            b.push_str("</ol>\n");
            b.push_str(&navl);
            write(
                &out.join("tags").join(list_file(&ts, pg)),
                &page(&site, &format!("#{name}"), "../", &b),
            )?;
        }
    }
    if !tags.is_empty() {
        tb.push_str("</ul>\n");
    }
    write(&out.join("tags.html"), &page(&site, "Tags", "", &tb))?;

    // account pages
    for (id, s) in &acc_pages {
        let owner = owners.iter().find(|o| o.id == *id);
        let ai = author_ix.get(id).copied();
        let lite = ctx.accounts.get(id);
        let network = owner
            .map(|o| o.network.clone())
            .or_else(|| lite.map(|a| a.network.clone()))
            .or_else(|| ai.and_then(|i| author_net.get(i as usize).cloned()))
            .unwrap_or_default();
        let name = owner.map(display).unwrap_or_else(|| ctx.account_label(id));
        let mut b = format!(
            "<h1>{}</h1>\n<p class=\"meta\"><span class=\"net\">{}</span> {}</p>\n",
            esc(&name),
            esc(&network_label(&network)),
            esc(&ctx.account_label(id))
        );
        if let Some(o) = owner {
            b.push_str(&account_details(o, &render, &web_of(ctx), "../"));
        }
        let empty = Monthly::new();
        let m = ai.and_then(|i| by_author.get(&i)).unwrap_or(&empty);
        let n: u64 = m.values().flat_map(|v| v.values()).sum();
        b.push_str(&format!(
            "<p>{n} dated post{} in this site.</p>\n",
            if n == 1 { "" } else { "s" }
        ));
        b.push_str(&chart::monthly(
            "activity",
            &format!("Posts per month by {name}"),
            "posts",
            m,
        ));
        if let Some(ai) = ai {
            b.push_str("<h2>Latest posts</h2>\n<ol class=\"thread\">\n");
            for e in entries.iter().filter(|e| e.own && e.author == ai).take(20) {
                b.push_str(&spool.get(e, "../")?);
            }
            b.push_str(
                "</ol>\n<p><a href=\"../timeline.html\">Every month in the timeline</a></p>\n",
            );
        }
        write(
            &out.join(format!("accounts/{s}.html")),
            &page(&site, &name, "../", &b),
        )?;
    }

    // profile: every owner account
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
    if owners.is_empty() {
        if let Some(o) = &ctx.owner {
            pb.push_str(&format!("<h2>{}</h2>\n", esc(&display(o))));
            pb.push_str(&account_details(o, &render, &web_of(ctx), ""));
        } else {
            pb.push_str("<p>The archive names no owner.</p>\n");
        }
    }
    for o in &owners {
        pb.push_str(&format!(
            "<section><h2><a href=\"accounts/{}.html\">{}</a> <span class=\"net\">{}</span></h2>\n",
            esc(&slug(&o.id)),
            esc(&display(o)),
            esc(&network_label(&o.network))
        ));
        pb.push_str(&account_details(o, &render, &web_of(ctx), ""));
        pb.push_str("</section>\n");
    }
    pb.push_str(&format!("<p>Posts in this site: {own_count}</p>\n"));
    write(&out.join("profile.html"), &page(&site, "Profile", "", &pb))?;

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
                let a = a.as_deref();
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
                let item = format!(
                    "{item} <span class=\"net\">{}</span>",
                    esc(&network_label(&r.network))
                );
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
        &page(&site, "Relationships", "", &rb),
    )?;

    // conversations, only when asked for
    let mut conv_link = String::new();
    if site.direct {
        conv_link = conversations(ctx, &site, out, book)?;
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
    write(&out.join("search.html"), &page(&site, "Search", "", sb))?;

    // home
    let mut hb = format!("<h1>{}</h1>\n", esc(&site.name));
    if owners.len() <= 1 {
        if let Some(b) = owners
            .first()
            .and_then(|o| o.bio.as_deref())
            .or(ctx.owner.as_ref().and_then(|o| o.bio.as_deref()))
        {
            hb.push_str(&render.text(b, &web_of(ctx), ""));
        }
    }
    hb.push_str(&format!(
        "<p>{own_count} posts, {} month{}. <a href=\"search.html\">Search</a> · <a href=\"timeline.html\">Timeline</a> · <a href=\"tags.html\">{} tags</a>{}</p>\n",
        months.len(),
        if months.len() == 1 { "" } else { "s" },
        tags.len(),
        conv_link
    ));
    hb.push_str("<form role=\"search\" action=\"search.html\"><label for=\"hq\">Search</label> <input type=\"search\" id=\"hq\" name=\"q\"></form>\n");
    hb.push_str("<h2>Activity</h2>\n");
    hb.push_str(&chart::monthly(
        "activity",
        "Posts per month, by network",
        "posts",
        &monthly,
    ));
    hb.push_str("<h2>Latest posts</h2>\n<ol class=\"thread\">\n");
    for e in entries.iter().filter(|e| e.own).take(20) {
        hb.push_str(&spool.get(e, "")?);
    }
    hb.push_str("</ol>\n");
    write(&out.join("index.html"), &page(&site, "Home", "", &hb))?;
    drop(spool.file);
    std::fs::remove_file(&spool.path).map_err(|e| Error::io(&spool.path, e))?;
    Ok(())
}

/// The file of page `pg` (from 0) of a list named `name`: `name.html`, `name.p2.html`…
fn list_file(name: &str, pg: usize) -> String {
    if pg == 0 {
        format!("{name}.html")
    } else {
        format!("{name}.p{}.html", pg + 1)
    }
}

/// An account's name for people: its display name, handle or native id.
fn display(a: &Account) -> String {
    a.display_name
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or(a.handle.clone())
        .unwrap_or_else(|| crate::export::ids::native(&a.id).to_string())
}

/// The header's line of owner accounts, each with its network.
fn owners_header(owners: &[Account], pages: &BTreeMap<String, String>) -> String {
    if owners.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ul class=\"owners\" aria-label=\"Accounts in this archive\">");
    for o in owners {
        let handle = o
            .handle
            .as_deref()
            .map(|h| format!(" @{}", h.trim_start_matches('@')))
            .unwrap_or_default();
        let name = format!(
            "{}{}",
            display(o),
            if display(o).contains(handle.trim()) {
                String::new()
            } else {
                handle
            }
        );
        let inner = match pages.get(&o.id) {
            Some(p) => format!(
                "<a href=\"{UP}accounts/{}.html\">{}</a>",
                esc(p),
                esc(&name)
            ),
            None => esc(&name),
        };
        s.push_str(&format!(
            "<li>{inner} <span class=\"net\">{}</span></li>",
            esc(&network_label(&o.network))
        ));
    }
    s.push_str("</ul>");
    s
}

/// An owner's profile fields, the bio with its entities (short links expanded where
/// the archive knows them).
/// An account's address on the web, by id (for the text renderers).
fn web_of<'a>(ctx: &'a Ctx) -> impl Fn(&str) -> Option<String> + 'a {
    |id: &str| ctx.accounts.get(id).and_then(|a| a.url.clone())
}

fn account_details(
    o: &Account,
    render: &Renderer,
    accounts: &entities::Accounts,
    up: &str,
) -> String {
    let mut s = String::from("<dl>\n");
    let mut row = |k: &str, v: String| {
        if !v.is_empty() {
            s.push_str(&format!("<dt>{k}</dt><dd>{v}</dd>\n"));
        }
    };
    row(
        "Handle",
        o.handle
            .as_ref()
            .map(|h| esc(&format!("@{}", h.trim_start_matches('@'))))
            .unwrap_or_default(),
    );
    row("Network", esc(&network_label(&o.network)));
    row(
        "Bio",
        o.bio
            .as_deref()
            .map(|b| render.text(b, accounts, up))
            .unwrap_or_default(),
    );
    row(
        "Location",
        o.location.as_deref().map(esc).unwrap_or_default(),
    );
    let link = |u: &str| -> String {
        let u = render
            .pages()
            .expansions
            .get(u)
            .map(String::as_str)
            .unwrap_or(u);
        match safe::link(u) {
            Some(u) => format!(
                "<a href=\"{0}\" rel=\"nofollow noopener noreferrer\">{0}</a>",
                esc(u)
            ),
            None => esc(u),
        }
    };
    row(
        "Website",
        o.website.as_deref().map(link).unwrap_or_default(),
    );
    row("Profile", o.url.as_deref().map(link).unwrap_or_default());
    row(
        "Joined",
        o.created_at
            .as_ref()
            .map(|t| esc(&human_time(t)))
            .unwrap_or_default(),
    );
    s.push_str("</dl>\n");
    s
}

/// A post page's title: its first words, or its content warning (the words stay
/// behind it), or what it is.
fn post_title(p: &Post) -> String {
    if let Some(cw) = p
        .content_warning
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        return format!("CW: {}", snippet(cw, 70));
    }
    if let Some(t) = p.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return snippet(t, 70);
    }
    let t = snippet(&p.text, 70);
    if !t.is_empty() {
        return t;
    }
    let what = if p.repost_of.is_some() {
        "Shared post"
    } else if !p.media.is_empty() {
        "Media post"
    } else {
        "Post"
    };
    match &p.created_at {
        Some(t) => format!("{what} of {}", human_time(t)),
        None => what.to_string(),
    }
}
