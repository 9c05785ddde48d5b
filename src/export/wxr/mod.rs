//! WordPress eXtended RSS 1.2, as the WordPress importer reads it whole.
//!
//! Every author of the published writing is a `wp:author` (the owner too, when they
//! write); each post keeps its type (`post`, `page`), its categories, tags and post
//! formats with their domain and nicename, and its meta. A thread start is an item;
//! the replies to it within the export (the owner's own, other accounts' public ones,
//! and pingbacks) are its threaded comments, parents first, each with its approval,
//! type, author e-mail and URL where the archive has them; a reply by one of the
//! authors carries that author's user id. Attachments with an address are
//! `attachment` items. A post read from WordPress gets back every field of its own
//! that the model does not map. Each record's lifeboat id travels in `_lifeboat_id`
//! meta (and `<lifeboat:id>`, `<lifeboat:owner>` for accounts), which lifeboat's own
//! WXR reader reads back. Every free text is CDATA, split at `]]>`, with
//! XML-forbidden characters removed.
//!
//! One rule for every field: what WordPress stores and shows as HTML (titles,
//! content, excerpts, comment authors and contents, term names, author display
//! names) is written as HTML — plain text escaped, the dump's HTML sanitized — and
//! what it keeps as data (logins, slugs, dates, post meta) as data; a URL is written
//! only when it is an `http`, `https` or `mailto` link.

mod comment;
mod el;
mod item;
mod readback;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::fidelity::settle;
use super::ids::{native, network_of, post_iri};
use super::out::{clear, create};
use super::report::Book;
use super::safe::{self, link, own_html, Profile};
use super::select::{linkback_kind, Ctx};
use super::text::{cdata, esc, rfc822, snippet, sql_time, tag_slug};
use super::Format;
use crate::error::{Error, Result};
use crate::model::{Account, Kind, Media, Post, Record, Visibility};
use el::*;
use readback::*;

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

fn is_wp(id: &str) -> bool {
    network_of(id) == "wordpress"
}

/// Why a field does not come back as it is.
fn reason(kind: Kind, field: &str) -> String {
    match (kind, field) {
        (Kind::Account, "created_at" | "raw_times") => {
            format!("WordPress authors and commenters have no {field}")
        }
        (_, "ext") => "fields of the source that the model does not map have no place in WXR (kept when the source is WordPress)".into(),
        (_, "raw_times") => "WXR writes times as `YYYY-MM-DD HH:MM:SS`, which is what is read back".into(),
        (_, "created_at" | "edited_at") => "WXR times have no fractions of a second".into(),
        (_, "network") => "written as a WordPress record".into(),
        (Kind::Post, "title") => "WordPress posts have a title: the first words of the text".into(),
        (Kind::Post, "html") => "WordPress stores the post's HTML sanitized (markup that could run, and markup outside the allowlist, removed), or its text as HTML, with what it shares or quotes as a link".into(),
        (Kind::Post, "text") => "the text is read back from the HTML WordPress stores (sanitized; what it shares or quotes is a link in it)".into(),
        (Kind::Post, "links") => "links are read back from the HTML's anchors".into(),
        (Kind::Post, "tags") => "tags are read back from the post's categories and tags".into(),
        (Kind::Post, "visibility") => "WordPress has public and private posts only".into(),
        (Kind::Post, "reply_to") => "a reply is a comment of its thread's first post".into(),
        (Kind::Post, "media") => "attachments are items of their own in WXR".into(),
        (Kind::Post, "content_warning") => "the content warning is written as the excerpt".into(),
        (Kind::Post, "url") => "a comment has no address of its own, and an address that is not a web link is not written".into(),
        (Kind::Post, f) => format!("WordPress has no place for a post's {f}"),
        (Kind::Account, "is_owner") => "the owner of a WXR file is its site".into(),
        (Kind::Account, "display_name" | "url") => "an author or commenter is carried by name and address".into(),
        (Kind::Account, "handle") => "a WordPress login has ASCII letters, digits and `_.-@` only".into(),
        (Kind::Account, f) => format!("WordPress authors and commenters have no {f}"),
        (Kind::Media, "sha256" | "bytes" | "path" | "original_path" | "missing") => "WordPress downloads the file from its address; WXR does not hold it".into(),
        (Kind::Media, "kind" | "mime") => "WordPress tells the type from the file name".into(),
        (Kind::Media, f) => format!("a WordPress attachment has no {f}"),
        (_, f) => format!("WXR has no place for {f}"),
    }
}

/// An author of the WXR file.
struct Author {
    id: u64,
    login: String,
    account: String,
}

/// What the first pass learns.
#[derive(Default)]
struct Plan {
    /// Post id → what it answers, for the published writing.
    parent: HashMap<String, Option<String>>,
    /// Authors of the writing, in order of their first post.
    authors: Vec<String>,
    /// WordPress post and comment ids already taken by records from WordPress.
    used_posts: HashSet<u64>,
    used_comments: HashSet<u64>,
    /// `post_tag` names of records of other networks.
    tags: BTreeSet<String>,
}

/// The number after `comment-` in a WordPress comment's id.
fn wp_comment_id(id: &str) -> Option<u64> {
    native(id).rsplit("/comment-").next()?.parse().ok()
}

/// The owner's record id when the owner writes (is an author).
fn owner_writes(ctx: &Ctx, plan: &Plan) -> bool {
    ctx.owner
        .as_ref()
        .is_some_and(|o| plan.authors.contains(&o.id))
}

struct Writer<'c, 'a> {
    ctx: &'c Ctx<'a>,
    authors: Vec<Author>,
    next_post: u64,
    next_comment: u64,
    used_posts: HashSet<u64>,
    used_comments: HashSet<u64>,
    /// Accounts a reader meets as commenters (first sighting wins), by id.
    guests: BTreeMap<String, (Option<String>, Option<String>)>,
    /// Authors of the comments written.
    commenters: HashSet<String>,
    /// Post id → the media that name it in `attached_to`.
    attached: HashMap<String, Vec<String>>,
    /// What the reader keeps of each attachment item, by media id.
    media_ext: HashMap<String, (Map<String, Value>, Option<String>)>,
    /// Attachments written: media id → (URL, parent post's record id, alt).
    media_out: HashMap<String, (String, String)>,
    /// Media of posts written that cannot be attachments, with why.
    media_lost: HashMap<String, &'static str>,
    site_url: String,
}

impl<'c, 'a> Writer<'c, 'a> {}

/// Write a WXR file.
pub(crate) fn wxr(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    // pass 1: the selection's ids, parents, authors, ids taken and tags
    let mut plan = Plan::default();
    ctx.each_post(&mut Book::default(), |p, _| {
        if !plan.authors.contains(&p.author) {
            plan.authors.push(p.author.clone());
        }
        if is_wp(&p.id) {
            if let Some(n) = p
                .ext
                .get_str("post_id")
                .and_then(|s| s.trim().parse::<u64>().ok())
            {
                plan.used_posts.insert(n);
            }
        } else {
            plan.tags.extend(p.tags.iter().cloned());
        }
        plan.parent.insert(p.id.clone(), p.reply_to.clone());
        Ok(())
    })?;
    for list in ctx.replies.values().chain(ctx.linkbacks.values()) {
        for r in list {
            if let Some(n) = wp_comment_id(&r.id).filter(|_| is_wp(&r.id)) {
                plan.used_comments.insert(n);
            }
        }
    }
    for m in ctx.archive.media()? {
        let m = super::media::lite_media(m?);
        if let Some(n) = m
            .ext
            .as_ref()
            .filter(|_| true)
            .and_then(|e| e.get("post_id"))
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok())
        {
            plan.used_posts.insert(n);
        }
    }
    // the thread start of a post; a post whose parents loop is its own thread start
    let root_of = |id: &str| -> String {
        let mut cur = id.to_string();
        let mut seen = HashSet::new();
        seen.insert(cur.clone());
        while let Some(Some(up)) = plan.parent.get(&cur) {
            if !plan.parent.contains_key(up) {
                break;
            }
            if !seen.insert(up.clone()) {
                return id.to_string();
            }
            cur = up.clone();
        }
        cur
    };
    // pass 2: the writing's own replies, by thread start
    let mut own_replies: HashMap<String, Vec<Post>> = HashMap::new();
    ctx.each_post(&mut Book::default(), |p, _| {
        let r = root_of(&p.id);
        if r != p.id {
            own_replies.entry(r).or_default().push(p);
        }
        Ok(())
    })?;

    // authors: the owner first when the owner writes, then the others
    let owner_id = ctx.owner.as_ref().map(|o| o.id.clone());
    let mut order = plan.authors.clone();
    if let Some(o) = &owner_id {
        if let Some(i) = order.iter().position(|a| a == o) {
            let x = order.remove(i);
            order.insert(0, x);
        }
    }
    let mut authors: Vec<Author> = Vec::new();
    let mut taken_ids = HashSet::new();
    let mut taken_logins = HashSet::new();
    let full: HashMap<String, Account> = {
        let mut m = HashMap::new();
        for r in ctx.archive.records(Kind::Account)? {
            if let Record::Account(a) = r? {
                if order.contains(&a.id) || owner_id.as_deref() == Some(a.id.as_str()) {
                    m.insert(a.id.clone(), a);
                }
            }
        }
        m
    };
    for acc in &order {
        let a = full.get(acc);
        let wp_id = a
            .filter(|a| is_wp(&a.id))
            .and_then(|a| a.ext.get_str("author_id"))
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|n| !taken_ids.contains(n));
        let id = wp_id.unwrap_or_else(|| {
            let mut n = 1;
            while taken_ids.contains(&n)
                || full.values().any(|x| {
                    x.id != *acc
                        && is_wp(&x.id)
                        && x.ext
                            .get_str("author_id")
                            .and_then(|s| s.parse::<u64>().ok())
                            == Some(n)
                })
            {
                n += 1;
            }
            n
        });
        taken_ids.insert(id);
        let base = login(
            a.and_then(|a| a.handle.as_deref())
                .or(a.and_then(|a| a.display_name.as_deref()))
                .unwrap_or(native(acc)),
        );
        let mut l = base.clone();
        let mut k = 2;
        while !taken_logins.insert(l.clone()) {
            l = format!("{base}-{k}");
            k += 1;
        }
        authors.push(Author {
            id,
            login: l,
            account: acc.clone(),
        });
    }
    let owner_is_author = owner_writes(ctx, &plan);

    let mut f = create(out)?;
    let owner = ctx.owner.as_ref();
    let oext = owner
        .filter(|o| is_wp(&o.id))
        .map(|o| ext_map(&o.ext))
        .unwrap_or_default();
    let owner_name = ctx.owner_name();
    let site = owner
        .and_then(|o| o.url.as_deref().and_then(link).map(str::to_string))
        .unwrap_or_else(|| "https://example.invalid".into());
    let mut h = String::new();
    h.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!-- WordPress eXtended RSS written by lifeboat -->\n");
    h.push_str(&format!("<rss version=\"2.0\"\n  xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n  xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n  xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n  xmlns:wp=\"http://wordpress.org/export/1.2/\"\n  xmlns:lifeboat=\"{}\">\n<channel>\n", crate::read::xml::LIFEBOAT_NS));
    let mut site_ext = Map::new();
    {
        let mut e = El {
            xml: &mut h,
            ext: &mut site_ext,
            indent: "  ",
        };
        e.put("title", &owner_name, false, false);
        e.put("link", &site, false, false);
        let wp_owner = owner.is_some_and(|o| is_wp(&o.id));
        match oext.get("description") {
            Some(v) => e.put_json("description", v, true),
            None if wp_owner => {}
            None => e.put(
                "description",
                &format!("Posts of {owner_name}, exported by lifeboat"),
                false,
                true,
            ),
        }
        if let Some(v) = oext.get("language") {
            e.put_json("language", v, true);
        }
        e.put("wp:wxr_version", "1.2", false, true);
        e.put_json(
            "wp:base_site_url",
            oext.get("base_site_url").unwrap_or(&json!(site)),
            true,
        );
        e.put_json(
            "wp:base_blog_url",
            oext.get("base_blog_url").unwrap_or(&json!(site)),
            true,
        );
        e.put(
            "lifeboat:owner",
            owner.map(|o| o.id.as_str()).unwrap_or(""),
            false,
            false,
        );
    }
    for a in &authors {
        let acc = full.get(&a.account);
        let s = |k: &str| {
            acc.filter(|x| is_wp(&x.id))
                .and_then(|x| x.ext.get_str(k))
                .unwrap_or_default()
        };
        let display = acc
            .and_then(|x| x.display_name.clone().or(x.handle.clone()))
            .unwrap_or_else(|| a.login.clone());
        h.push_str(&format!(
            "  <wp:author><wp:author_id>{}</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_email>{}</wp:author_email><wp:author_display_name>{}</wp:author_display_name><wp:author_first_name>{}</wp:author_first_name><wp:author_last_name>{}</wp:author_last_name><lifeboat:id>{}</lifeboat:id></wp:author>\n",
            a.id,
            cdata(&a.login),
            cdata(&s("author_email")),
            cdata(&esc(&display)),
            cdata(&s("author_first_name")),
            cdata(&s("author_last_name")),
            esc(&a.account)
        ));
    }
    // the site's categories and tags: those WordPress listed, else the tags of posts
    // of other networks
    let mut header_terms = Vec::new();
    for (key, tag) in [
        ("categorys", "category"),
        ("tags", "tag"),
        ("terms", "term"),
    ] {
        for v in oext
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            header_terms.push((tag, v.clone()));
        }
    }
    if header_terms.is_empty() {
        for (i, t) in plan.tags.iter().enumerate() {
            header_terms.push((
                "tag",
                json!({"term_id": (i + 1).to_string(), "tag_slug": tag_slug(t), "tag_name": esc(t)}),
            ));
        }
    }
    let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (tag, v) in &header_terms {
        h.push_str(&format!("  <wp:{tag}>"));
        if let Value::Object(m) = v {
            for (k, x) in m {
                if k.starts_with('@') || k == "#text" {
                    continue;
                }
                let text = x
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string());
                h.push_str(&format!("<wp:{k}>{}</wp:{k}>", cdata(&text)));
            }
        }
        h.push_str(&format!("</wp:{tag}>\n"));
        lists.entry(format!("{tag}s")).or_default().push(v.clone());
    }
    for (k, v) in lists {
        site_ext.insert(k, Value::Array(v));
    }
    f.write_all(h.as_bytes()).map_err(w(out))?;

    let mut attached: HashMap<String, Vec<String>> = HashMap::new();
    for r in ctx.archive.records(Kind::Media)? {
        if let Record::Media(m) = r? {
            for post in &m.attached_to {
                if plan.parent.contains_key(post) {
                    attached.entry(post.clone()).or_default().push(m.id.clone());
                }
            }
        }
    }
    let mut wr = Writer {
        ctx,
        authors,
        next_post: plan.used_posts.iter().max().copied().unwrap_or(0) + 1,
        next_comment: plan.used_comments.iter().max().copied().unwrap_or(0) + 1,
        used_posts: plan.used_posts,
        used_comments: plan.used_comments,
        guests: BTreeMap::new(),
        commenters: HashSet::new(),
        attached,
        media_ext: HashMap::new(),
        media_out: HashMap::new(),
        media_lost: HashMap::new(),
        site_url: site.clone(),
    };
    ctx.each_post(book, |p, book| {
        if root_of(&p.id) != p.id {
            return Ok(()); // written as a comment of its thread start
        }
        let mut comments = own_replies.remove(&p.id).unwrap_or_default();
        // other accounts' replies to any post of the thread, and linkbacks
        let mut thread: Vec<String> = vec![p.id.clone()];
        thread.extend(comments.iter().map(|c| c.id.clone()));
        let mut i = 0;
        while let Some(id) = thread.get(i).cloned() {
            for r in ctx.replies_of(&id) {
                thread.push(r.id.clone());
                comments.push(r.clone());
            }
            i += 1;
        }
        if let Some(l) = ctx.linkbacks.get(&p.id) {
            comments.extend(l.iter().cloned());
        }
        let xml = wr.item(&p, &comments, book);
        f.write_all(xml.as_bytes()).map_err(w(out))
    })?;
    f.write_all(b"</channel>\n</rss>\n").map_err(w(out))?;
    f.flush().map_err(w(out))?;

    // accounts: the authors, the site, the commenters
    for r in ctx.archive.records(Kind::Account)? {
        let Record::Account(a) = r? else { continue };
        if !ctx.filter.in_network(&a.network) {
            continue;
        }
        let mut b = Account {
            id: a.id.clone(),
            network: network_of(&a.id).to_string(),
            source: a.source.clone(),
            ..Account::default()
        };
        if let Some(au) = wr.authors.iter().find(|x| x.account == a.id) {
            let acc = &a;
            b.handle = Some(au.login.clone());
            b.display_name = Some(decode(
                &acc.display_name
                    .clone()
                    .or(acc.handle.clone())
                    .unwrap_or_else(|| au.login.clone()),
            ))
            .filter(|d| !d.is_empty());
            b.is_owner = Some(&a.id) == owner_id.as_ref();
            let mut ext = crate::model::Ext::default();
            ext.insert("author_id", json!(au.id.to_string()));
            for k in ["author_email", "author_first_name", "author_last_name"] {
                if let Some(v) = a
                    .ext
                    .get_str(k)
                    .filter(|v| is_wp(&a.id) && !v.trim().is_empty())
                {
                    ext.insert(k, json!(v.trim()));
                }
            }
            b.ext = ext;
        } else if Some(&a.id) == owner_id.as_ref() && !owner_is_author {
            b.display_name = Some(owner_name.clone()).filter(|n| !n.trim().is_empty());
            b.url = Some(wr.site_url.clone());
            b.is_owner = true;
            b.ext = crate::model::Ext::from_map(site_ext.clone());
        } else if let Some((name, url)) = wr.guests.get(&a.id) {
            b.display_name = name.clone();
            b.url = url.clone();
        } else if is_wp(&a.id) && wr_commenter(&a.id) && wr.commenters.contains(&a.id) {
            // a WordPress commenter or linking site, known by name: as it was
            b = a.clone();
        } else {
            book.lost(
                Kind::Account,
                "accounts are carried as the site's authors and commenters only",
            );
            continue;
        }
        settle(book, Kind::Account, &a, &b, &[], &|f| {
            reason(Kind::Account, f)
        });
        book.wrote(Kind::Account);
    }
    // media: the attachments written
    for r in ctx.archive.records(Kind::Media)? {
        let Record::Media(m) = r? else { continue };
        if !ctx.filter.in_network(&m.network) {
            continue;
        }
        let Some((url, post)) = wr.media_out.get(&m.id) else {
            book.lost(
                Kind::Media,
                wr.media_lost
                    .get(&m.id)
                    .copied()
                    .unwrap_or("media are carried as attachments of the posts written"),
            );
            continue;
        };
        let (ext, alt) = wr.media_ext.get(&m.id).cloned().unwrap_or_default();
        let b = media_back(&m, url, post, ext, alt);
        settle(book, Kind::Media, &m, &b, &[], &|f| reason(Kind::Media, f));
        book.wrote(Kind::Media);
    }
    ctx.count_unexpressed(
        book,
        &[Kind::Relationship, Kind::Reaction, Kind::Conversation],
        "WordPress has no place for them",
    )?;
    let _ = Format::Wxr;
    Ok(())
}
