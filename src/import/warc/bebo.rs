//! Bebo pages (2005–2013; see `formats/bebo/README.md`): a member's profile
//! (`Profile.jsp?MemberId=<n>` or `bebo.com/<name>`) with its comment wall,
//! whiteboard drawings and friends; blog entries (`BlogView.jsp?…&BlogId=<n>`) with
//! their comments; friend lists (`FriendList.jsp`).
//!
//! Members are known by their `MemberId`. A profile is an account and a
//! `profile/<id>` post (its "About me"); comments on the wall reply to that post,
//! comments on a blog entry to the entry, a whiteboard drawing is a comment whose
//! media is the drawing. Bebo showed its times without a zone: they are read as
//! UTC and the shown text is kept in `raw_times`.

use chrono_tz::UTC;
use serde_json::json;

use super::comments;
use super::page::{all, first, first_of, local_time, text, text_at, Extractor, Out, Page};
use super::url::Url;
use crate::model::{record_id, Account, Kind, Post, Record, Relationship};

const NET: &str = "bebo";

pub(crate) struct Bebo;

impl Extractor for Bebo {
    fn network(&self) -> &'static str {
        NET
    }

    fn claims(&self, url: &Url) -> bool {
        url.host_is("bebo.com")
    }

    fn extract(&self, page: &Page<'_>, out: &mut Out) -> Result<(), String> {
        let path = page.url.path.to_ascii_lowercase();
        if path.starts_with("/blogview.jsp") || page.url.param("blogid").is_some() {
            return blog(page, out);
        }
        if path.starts_with("/friendlist.jsp") {
            return friends(page, out);
        }
        if path.starts_with("/profile.jsp")
            || member(&page.url.as_string()).is_some()
            || first(page.root(), "ul.user-asl, #profile-header").is_some()
        {
            return profile(page, out);
        }
        Err("a Bebo page lifeboat does not read".into())
    }
}

/// A member's native id from a link: its `MemberId`, else a vanity name.
fn member(url: &str) -> Option<String> {
    let u = Url::parse(url)?;
    if !u.host_is("bebo.com") {
        return None;
    }
    if let Some(id) = u.param("memberid").filter(|s| !s.is_empty()) {
        let p = u.path.to_ascii_lowercase();
        if p.starts_with("/profile.jsp") || p == "/" || p.is_empty() {
            return Some(id);
        }
        return None;
    }
    let segs = u.segments();
    match segs.as_slice() {
        [one] if u.query.is_empty() && !one.contains('.') && !one.contains(' ') => {
            let reserved = ["c", "music", "groups", "signin", "explore", "bands"];
            (!reserved.contains(&one.to_ascii_lowercase().as_str()))
                .then(|| one.to_ascii_lowercase())
        }
        _ => None,
    }
}

fn is_profile(url: &str) -> bool {
    member(url).is_some()
}

fn subject(page: &Page<'_>) -> Option<String> {
    page.url
        .param("memberid")
        .filter(|s| !s.is_empty())
        .or_else(|| member(&page.url.as_string()))
}

fn time(p: &mut Post, shown: Option<&str>) {
    let Some(s) = shown.map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    let s = s
        .trim_start_matches("Posted")
        .trim_start_matches(" on ")
        .trim();
    p.raw_times.insert("created_at".into(), s.to_string());
    if let Some((t, _)) = local_time(s, UTC, false).or_else(|| local_time(s, UTC, true)) {
        p.created_at = Some(t);
    }
}

fn account(page: &Page<'_>, native: &str, name: &str, url: &str) -> Account {
    let mut a = page.account(NET, native);
    a.display_name = (!name.is_empty()).then(|| name.to_string());
    a.url = Some(url.to_string());
    if native.parse::<u64>().is_err() {
        a.handle = Some(native.to_string());
    }
    a
}

/// Comments in `block`, replying to `to`; `on` names what they are on in their ids.
fn wall(page: &Page<'_>, block: scraper::ElementRef<'_>, to: &str, on: &str, out: &mut Out) {
    let rows = comments::rows(
        page,
        block,
        &is_profile,
        &["span.comment-date", ".date", "[class*=ate]"],
    );
    for (i, s) in rows.into_iter().enumerate() {
        let Some(author) = member(&s.author_url) else {
            continue;
        };
        let mut a = account(page, &author, &s.author_name, &s.author_url);
        a.avatar_url = s.avatar.clone();
        out.optional_image(s.avatar.clone(), &a.id, "avatar");
        // the row's own id (`comment-991`) when the page gives one
        let row_id = s
            .body
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find_map(|e| {
                e.value()
                    .id()
                    .and_then(|i| i.strip_prefix("comment-"))
                    .map(str::to_string)
            });
        let mut p = page.post(NET, "", &a.id);
        time(&mut p, s.when.as_deref());
        let key = row_id.unwrap_or_else(|| {
            format!(
                "{author}/{}",
                p.created_at
                    .map(|t| t.seconds().to_string())
                    .unwrap_or_else(|| format!("n{i}"))
            )
        });
        p.id = record_id(NET, Kind::Post, &format!("comment/{on}/{key}"));
        let html = comments::body_html(&s);
        let r = crate::read::html::render(&html);
        p.text = r.text;
        p.html = Some(html);
        p.reply_to = Some(to.to_string());
        let drawing = s.body.value().classes().any(|c| c.contains("whiteboard"))
            || s.body
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .any(|e| e.value().id().is_some_and(|i| i.contains("whiteboard")));
        p.ext.insert(
            "kind",
            json!(if drawing {
                "whiteboard drawing"
            } else {
                "comment"
            }),
        );
        for img in all(s.body, "img[src]") {
            out.image(
                img.value().attr("src").and_then(|x| page.abs(x)),
                &p.id,
                "content",
            );
        }
        out.records.push(Record::Account(a));
        out.records.push(Record::Post(p));
    }
}

fn profile(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let Some(id) = subject(page) else {
        return Err("a Bebo profile page without a MemberId or name".into());
    };
    out.era = Some("profile (2005-2013)");
    let name = text_at(root, "h1.profile-name, #profile-header h1").unwrap_or_default();
    let mut me = account(page, &id, &name, &page.url.as_string());
    me.is_owner = true;
    if let Some(h) = text_at(root, "a.vanity-url, .profile-url") {
        me.handle = h
            .rsplit('/')
            .next()
            .map(str::to_string)
            .filter(|s| !s.is_empty());
    }
    let avatar = first(root, ".profile-photo img[src]")
        .and_then(|i| i.value().attr("src"))
        .and_then(|s| page.abs(s));
    me.avatar_url = avatar.clone();
    out.optional_image(avatar, &me.id, "avatar");
    if let Some(asl) = first(root, "ul.user-asl") {
        let items: Vec<String> = all(asl, "li").into_iter().map(text).collect();
        if let Some(first_item) = items.first() {
            me.ext.insert("gender_age", json!(first_item));
        }
    }
    me.location = text_at(root, "li.hometown");
    let last_active = all(root, "strong").into_iter().find_map(|st| {
        if !text(st).starts_with("Last active") {
            return None;
        }
        st.next_siblings()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "span")
            .map(text)
    });
    if let Some(d) = last_active {
        me.ext.insert("last_active", json!(d));
    }
    if text(root).contains("You must be friends with this person to view their profile") {
        me.protected = Some(true);
    }
    let profile_post = record_id(NET, Kind::Post, &format!("profile/{id}"));
    let mut p = page.post(NET, &format!("profile/{id}"), &me.id);
    p.title = (!name.is_empty()).then(|| format!("{name}'s profile"));
    p.url = me.url.clone();
    p.ext.insert("kind", json!("profile"));
    if let Some(about) = first_of(root, &["#about-me .module-body", "#about-me"]) {
        page.set_body(&mut p, about);
        me.bio = Some(p.text.clone()).filter(|t| !t.is_empty());
    }
    out.records.push(Record::Post(p));
    // friends on the profile
    if let Some(list) = first(root, "#friends-module, ul.friend-list") {
        befriend(page, &me, list, "friend", out);
    }
    // the blog module links the entries (titles only; each entry has its own page)
    for a in all(
        root,
        "#blog-module a[href*=BlogId], #blog-module a[href*=blogid]",
    ) {
        if let Some(u) = a.value().attr("href").and_then(|h| page.abs(h)) {
            if let Some(Record::Post(pp)) = out.records.iter_mut().find(|r| r.id() == profile_post)
            {
                pp.links.push(crate::model::Link {
                    url: u,
                    short_url: None,
                    display: Some(text(a)),
                });
            }
        }
    }
    out.records.insert(0, Record::Account(me));
    for (sel, on) in [
        ("#comments-module", id.clone()),
        ("#whiteboard-module", format!("{id}/whiteboard")),
    ] {
        if let Some(block) = first(root, sel) {
            wall(page, block, &profile_post, &on, out);
        }
    }
    Ok(())
}

/// Friends listed in `list`: relationships of `kind`.
fn befriend(
    page: &Page<'_>,
    me: &Account,
    list: scraper::ElementRef<'_>,
    kind: &str,
    out: &mut Out,
) {
    let owner = me.id.rsplit(':').next().unwrap_or_default().to_string();
    for a in all(list, "a[href]") {
        let Some(url) = a.value().attr("href").and_then(|h| page.abs(h)) else {
            continue;
        };
        let Some(native) = member(&url).filter(|n| *n != owner) else {
            continue;
        };
        let rid = record_id(NET, Kind::Relationship, &format!("{kind}/{owner}/{native}"));
        if out.records.iter().any(|r| r.id() == rid) {
            continue;
        }
        let name = first(a, "b").map(text).unwrap_or_else(|| text(a));
        let mut f = account(page, &native, &name, &url);
        let img = first(a, "img[src]")
            .and_then(|i| i.value().attr("src"))
            .and_then(|s| page.abs(s));
        f.avatar_url = img.clone();
        out.optional_image(img, &f.id, "avatar");
        out.records.push(Record::Account(f));
        out.records.push(Record::Relationship(Relationship {
            id: rid,
            network: NET.into(),
            kind: "connection".into(),
            subject: me.id.clone(),
            object: record_id(NET, Kind::Account, &native),
            source: page.source.clone(),
            ..Relationship::default()
        }));
    }
}

fn friends(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let Some(id) = subject(page) else {
        return Err("a Bebo friend list without a MemberId".into());
    };
    out.era = Some("friend list");
    let me = page.account(NET, &id);
    befriend(page, &me, page.root(), "friend", out);
    if out.records.is_empty() {
        return Err("a Bebo friend list with no friends on it".into());
    }
    out.records.insert(0, Record::Account(me));
    Ok(())
}

/// A blog entry's page: the entry and its comments.
fn blog(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let (Some(owner), Some(blog_id)) = (subject(page), page.url.param("blogid")) else {
        return Err("a Bebo blog page without MemberId and BlogId".into());
    };
    out.era = Some("blog (2005-2013)");
    let Some(body) = first(root, "div.blog-entry, div.blog-body, div.BlogEntry") else {
        return Err("a Bebo blog page without an entry".into());
    };
    let mut me = page.account(NET, &owner);
    me.is_owner = true;
    let meta = text_at(root, "p.blog-meta, .blog-meta");
    if let Some(m) = &meta {
        if let Some(by) = m
            .strip_prefix("Posted By ")
            .or_else(|| m.strip_prefix("Posted by "))
        {
            let name = by.split(" on ").next().unwrap_or("").trim();
            if !name.is_empty() {
                me.display_name = Some(name.to_string());
            }
        }
    }
    let mut p = page.post(NET, &format!("blog/{blog_id}"), &me.id);
    p.title = text_at(root, "h2.blog-title, .blog-title");
    p.url = Some(page.url.as_string());
    page.set_body(&mut p, body);
    time(&mut p, meta.as_deref().and_then(|m| m.split(" on ").nth(1)));
    p.ext.insert("kind", json!("blog post"));
    for img in all(body, "img[src]") {
        out.image(
            img.value().attr("src").and_then(|x| page.abs(x)),
            &p.id,
            "content",
        );
    }
    let post_id = p.id.clone();
    out.records.push(Record::Account(me));
    out.records.push(Record::Post(p));
    if let Some(block) = first(root, "#comments-module, .blog-comments, table.comments") {
        wall(page, block, &post_id, &format!("blog-{blog_id}"), out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::member;

    #[test]
    fn members() {
        assert_eq!(
            member("http://www.bebo.com/Profile.jsp?MemberId=4411").as_deref(),
            Some("4411")
        );
        assert_eq!(
            member("http://www.bebo.com/SiobhanM").as_deref(),
            Some("siobhanm")
        );
        assert_eq!(
            member("http://www.bebo.com/FriendList.jsp?MemberId=4411"),
            None
        );
        assert_eq!(member("http://www.bebo.com/c/search"), None);
    }
}
