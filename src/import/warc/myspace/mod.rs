//! MySpace pages, by era (see `formats/myspace/README.md` for the markup and where
//! it is known from):
//!
//! - classic profiles (2005–2007, ColdFusion `index.cfm?fuseaction=user.viewprofile`):
//!   `span.nametext`, `table.friendSpace` (Top Friends), `table.friendsComments`
//!   (rows: author cell, then `span.blacktext10` date and text);
//! - Profile 1.0 (2007–2010, ASP.NET): the same page with `ctl00_Main_…` ids, Top
//!   Friends as `a[id*=UserFriends]`, comments (`user.viewComments`) with
//!   `.pilDisplayName` and an `<h4>` date;
//! - blogs (`blog.myspace.com`, 2005–2010): `div.blogTimeStamp`, `div.blogSubject`,
//!   `div.blogContent`, `div.cmtcell` (the time and the permalink with `blogID`);
//! - friend lists (`user.viewfriends`): the friends as connections;
//! - the 2013+ site (`myspace.com/<username>`): `div.connectButton[data-id]`,
//!   `#profileDetails`, Top 8 in `div.friendsWrapper`, the `/bio` page.
//!
//! A profile is an account and a `profile/<id>` post holding its "About me" text;
//! comments on the profile reply to that post, comments on a blog entry to the entry.
//! Times are MySpace's own clock, US Pacific.

mod blog;
mod site;

use chrono_tz::America::Los_Angeles as PACIFIC;
use serde_json::json;

use super::comments::{self, Shown};
use super::page::{all, first, first_of, local_time, text, text_at, Extractor, Out, Page};
use super::url::Url;
use crate::model::{record_id, Account, Kind, Post, Record, Relationship};

pub(super) const NET: &str = "myspace";

pub(crate) struct MySpace;

impl Extractor for MySpace {
    fn network(&self) -> &'static str {
        NET
    }

    fn claims(&self, url: &Url) -> bool {
        url.host_is("myspace.com")
    }

    fn extract(&self, page: &Page<'_>, out: &mut Out) -> Result<(), String> {
        let root = page.root();
        let fa = page
            .url
            .param("fuseaction")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if first(root, "div.connectButton[data-id], #profileDetails").is_some() {
            return site::modern(page, out);
        }
        if fa.starts_with("blog.") || page.url.host.starts_with("blog") {
            return blog::blog(page, out);
        }
        if fa == "user.viewfriends" {
            return friends(page, out);
        }
        if fa == "user.viewcomments"
            || first(
                root,
                "span.nametext, table.friendSpace, table.friendsComments, [id*=UserFriends]",
            )
            .is_some()
        {
            return profile(page, out);
        }
        Err("a MySpace page lifeboat does not read (home, search, an error page)".into())
    }
}

/// A member's native id from a profile link: the `friendID`, else the vanity name.
pub(super) fn member(url: &str) -> Option<String> {
    let u = Url::parse(url)?;
    if !u.host_is("myspace.com") {
        return None;
    }
    if let Some(id) = u.param("friendid").filter(|s| !s.is_empty()) {
        let fa = u
            .param("fuseaction")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if fa.is_empty() || fa.contains("viewprofile") {
            return Some(id);
        }
    }
    if u.query.is_empty() {
        let segs = u.segments();
        if let [one] = segs.as_slice() {
            let reserved = ["index.cfm", "music", "video", "search", "help", "signup"];
            if !reserved.contains(&one.to_ascii_lowercase().as_str()) && !one.contains('.') {
                return Some(one.to_ascii_lowercase());
            }
        }
    }
    None
}

pub(super) fn is_profile(url: &str) -> bool {
    member(url).is_some()
}

/// The profile a page is about: the URL's `friendID`, else a contact link's.
pub(super) fn subject(page: &Page<'_>) -> Option<String> {
    if let Some(id) = page.url.param("friendid").filter(|s| !s.is_empty()) {
        return Some(id);
    }
    for a in all(page.root(), "a[href*=riendID], a[href*=riendid]") {
        if let Some(id) = a
            .value()
            .attr("href")
            .and_then(|h| page.abs(h))
            .and_then(|u| Url::parse(&u))
            .and_then(|u| u.param("friendid"))
        {
            let label = text(a).to_ascii_lowercase();
            if label.contains("add to friends")
                || label.contains("send message")
                || label.contains("view all")
                || label.contains("view more")
            {
                return Some(id);
            }
        }
    }
    member(&page.url.as_string())
}

/// A member's account; its URL is the canonical one for its id (the links to a
/// profile differ in case and host from page to page).
pub(super) fn account(page: &Page<'_>, native: &str, name: &str) -> Account {
    let mut a = page.account(NET, native);
    if !name.is_empty() {
        a.display_name = Some(name.to_string());
    }
    if native.parse::<u64>().is_ok() {
        a.url = Some(format!(
            "http://profile.myspace.com/index.cfm?fuseaction=user.viewprofile&friendid={native}"
        ));
    } else {
        a.handle = Some(native.to_string());
        a.url = Some(format!("http://www.myspace.com/{native}"));
    }
    a
}

pub(super) fn time(p: &mut Post, shown: Option<&str>) {
    let Some(s) = shown.map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    p.raw_times.insert("created_at".into(), s.to_string());
    if let Some((t, _)) = local_time(s, PACIFIC, false) {
        p.created_at = Some(t);
    }
}

/// The comments of a block, replying to `to`.
pub(super) fn comments(
    page: &Page<'_>,
    block: scraper::ElementRef<'_>,
    to: &str,
    on: &str,
    out: &mut Out,
) {
    let shown: Vec<Shown<'_>> = comments::rows(
        page,
        block,
        &is_profile,
        &["span.blacktext10", "h4", "[class*=ate]", ".commentDate"],
    );
    for (i, s) in shown.into_iter().enumerate() {
        let Some(author_native) = member(&s.author_url) else {
            continue;
        };
        let mut a = account(page, &author_native, &s.author_name);
        out.optional_image(s.avatar.clone(), &a.id, "avatar");
        a.avatar_url = s.avatar.clone();
        let html = comments::body_html(&s);
        let mut p = page.post(NET, "", &a.id);
        time(&mut p, s.when.as_deref());
        let key = p
            .created_at
            .map(|t| t.seconds().to_string())
            .unwrap_or_else(|| format!("n{i}"));
        p.id = record_id(
            NET,
            Kind::Post,
            &format!("comment/{on}/{author_native}/{key}"),
        );
        let r = crate::read::html::render(&html);
        p.text = r.text;
        p.html = Some(html.clone());
        p.reply_to = Some(to.to_string());
        p.ext.insert("kind", json!("comment"));
        for img in all(s.body, "img[src]") {
            out.image(
                img.value().attr("src").and_then(|x| page.abs(x)),
                &p.id,
                "content",
            );
        }
        for l in r.anchors {
            if let Some(u) = page.abs(&l.href) {
                p.links.push(crate::model::Link {
                    url: u,
                    short_url: None,
                    display: None,
                });
            }
        }
        out.records.push(Record::Account(a));
        out.records.push(Record::Post(p));
    }
}

/// A classic or Profile 1.0 profile page (or its comments page).
fn profile(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let Some(id) = subject(page) else {
        return Err("a MySpace profile page without a friendID or profile name".into());
    };
    let modern_ids = first(root, "[id*=ctl00_Main], [id*=UserFriends], .pilDisplayName").is_some();
    out.era = Some(if modern_ids {
        "Profile 1.0 (2007-2010)"
    } else {
        "classic profile (2005-2007)"
    });
    let name = text_at(root, "span.nametext").unwrap_or_default();
    let vanity = first(root, ".userProfileURL, tr.userProfileURL").and_then(|e| {
        let t = text(e);
        let i = t.find("myspace.com/")?;
        let v: String = t
            .get(i + 12..)?
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        (!v.is_empty()).then_some(v)
    });
    let url = match &vanity {
        Some(v) => format!("http://www.myspace.com/{v}"),
        None => format!(
            "http://profile.myspace.com/index.cfm?fuseaction=user.viewprofile&friendID={id}"
        ),
    };
    let mut me = account(page, &id, &name);
    me.handle = vanity.clone().or(me.handle);
    me.url = Some(url.clone());
    let comments_page = page
        .url
        .param("fuseaction")
        .is_some_and(|f| f.eq_ignore_ascii_case("user.viewcomments"));
    if !comments_page {
        me.is_owner = true;
    }
    let avatar = first_of(
        root,
        &[
            "a[id$=DefaultImage] img",
            "a[href*=viewPicture] img, a[href*=viewpicture] img",
        ],
    )
    .and_then(|i| i.value().attr("src"))
    .and_then(|s| page.abs(s));
    me.avatar_url = avatar.clone();
    out.optional_image(avatar, &me.id, "avatar");
    if text(root).contains("This profile is set to private") {
        me.protected = Some(true);
    }
    // the basic information beside the picture: lines of text
    if let Some(info) = first(root, "table.profileInfo td.text, td.text[width=\"193\"]") {
        let lines: Vec<String> = crate::read::html::render(&info.inner_html())
            .text
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty() && *l != name)
            .collect();
        for l in &lines {
            if let Some(d) = l.strip_prefix("Last Login:") {
                me.ext.insert("last_login", json!(d.trim()));
            }
        }
        if !lines.is_empty() {
            me.ext.insert("basic_info", json!(lines));
        }
    }
    if let Some(n) = first(root, "span.redbtext").map(text) {
        if let Ok(n) = n.replace(',', "").parse::<u64>() {
            me.ext.insert("friend_count", json!(n));
        }
    }
    let mut details = serde_json::Map::new();
    for label in all(root, "span.lightbluetext8") {
        let key = text(label).trim_end_matches(':').to_string();
        let value = label
            .parent()
            .and_then(|td| td.parent())
            .and_then(scraper::ElementRef::wrap)
            .map(|tr| {
                tr.children()
                    .filter_map(scraper::ElementRef::wrap)
                    .filter(|c| c.value().name() == "td")
                    .skip(1)
                    .map(text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        if !key.is_empty() && !value.is_empty() {
            details.insert(key, json!(value));
        }
    }
    if !details.is_empty() {
        me.ext.insert("details", serde_json::Value::Object(details));
    }
    let profile_post = record_id(NET, Kind::Post, &format!("profile/{id}"));
    if !comments_page {
        // "About me" and "Who I'd like to meet" (the blurbs) are the profile's post
        let mut p = page.post(NET, &format!("profile/{id}"), &me.id);
        p.title = (!name.is_empty()).then(|| format!("{name}'s profile"));
        p.url = Some(url.clone());
        p.ext.insert("kind", json!("profile"));
        let mut html = String::new();
        for label in all(root, "span.orangetext15") {
            let l = text(label);
            if l.starts_with("About me") || l.starts_with("Who I'd like to meet") {
                let cell = label
                    .parent()
                    .and_then(scraper::ElementRef::wrap)
                    .map(|c| c.inner_html())
                    .unwrap_or_default();
                html.push_str("<p>");
                html.push_str(&cell);
                html.push_str("</p>");
            }
        }
        if !html.is_empty() {
            let r = crate::read::html::render(&html);
            me.bio = r
                .text
                .split("Who I'd like to meet")
                .next()
                .map(|s| s.trim_start_matches("About me:").trim().to_string())
                .filter(|s| !s.is_empty());
            p.text = r.text;
            p.html = Some(html.trim().to_string());
        }
        out.records.push(Record::Post(p));
        top_friends(page, &me, out);
    }
    if comments_page {
        // the comments page says little of the profile: only that it exists
        let mut stub = page.account(NET, &id);
        stub.display_name = me.display_name.clone();
        out.records.insert(0, Record::Account(stub));
    } else {
        out.records.insert(0, Record::Account(me));
    }
    let block = first(
        root,
        "table.friendsComments, [id*=UserComments], [id*=ommentsTable]",
    )
    .or_else(|| comments_page.then_some(root));
    if let Some(block) = block {
        comments(page, block, &profile_post, &id, out);
    }
    Ok(())
}

/// Top Friends: `table.friendSpace` (classic) or `a[id*=UserFriends]` (Profile 1.0).
fn top_friends(page: &Page<'_>, me: &Account, out: &mut Out) {
    let root = page.root();
    let links = match first(root, "table.friendSpace") {
        Some(t) => all(t, "a[href]"),
        None => all(root, "a[id*=UserFriends]"),
    };
    let mut rank = 0u64;
    let mut seen: Vec<String> = Vec::new();
    let owner = me.id.rsplit(':').next().unwrap_or_default().to_string();
    for a in links {
        let Some(url) = a.value().attr("href").and_then(|h| page.abs(h)) else {
            continue;
        };
        let Some(native) = member(&url).filter(|n| *n != owner) else {
            continue;
        };
        let name = text(a);
        let img = first(a, "img[src]")
            .and_then(|i| i.value().attr("src"))
            .and_then(|s| page.abs(s));
        if seen.contains(&native) {
            // the picture link after the name link (or before it)
            if let Some(Record::Account(f)) = out
                .records
                .iter_mut()
                .find(|r| r.id() == record_id(NET, Kind::Account, &native))
            {
                if f.display_name.is_none() && !name.is_empty() {
                    f.display_name = Some(name);
                }
                if f.avatar_url.is_none() {
                    f.avatar_url = img.clone();
                }
            }
            if let Some(i) = img {
                out.optional_image(Some(i), &record_id(NET, Kind::Account, &native), "avatar");
            }
            continue;
        }
        seen.push(native.clone());
        rank += 1;
        let mut f = account(page, &native, &name);
        f.avatar_url = img.clone();
        out.optional_image(img, &f.id, "avatar");
        let mut rel = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("top_friend/{owner}/{native}"),
            ),
            network: NET.into(),
            kind: "top_friend".into(),
            subject: me.id.clone(),
            object: f.id.clone(),
            source: page.source.clone(),
            ..Relationship::default()
        };
        rel.ext.insert("rank", json!(rank));
        out.records.push(Record::Account(f));
        out.records.push(Record::Relationship(rel));
    }
}

/// `user.viewfriends`: a page of a member's friends.
fn friends(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let Some(id) = subject(page) else {
        return Err("a MySpace friends page without a friendID".into());
    };
    out.era = Some("friend list");
    let me = page.account(NET, &id);
    for a in all(
        page.root(),
        "a.msProfileTextLink, a[href*=viewprofile], a[href*=viewProfile]",
    ) {
        let Some(url) = a.value().attr("href").and_then(|h| page.abs(h)) else {
            continue;
        };
        let Some(native) = member(&url).filter(|n| *n != id) else {
            continue;
        };
        let rid = record_id(
            NET,
            Kind::Relationship,
            &format!("connection/{id}/{native}"),
        );
        if out.records.iter().any(|r| r.id() == rid) {
            continue;
        }
        let f = account(page, &native, &text(a));
        out.records.push(Record::Relationship(Relationship {
            id: rid,
            network: NET.into(),
            kind: "connection".into(),
            subject: me.id.clone(),
            object: f.id.clone(),
            source: page.source.clone(),
            ..Relationship::default()
        }));
        out.records.push(Record::Account(f));
    }
    if out.records.is_empty() {
        return Err("a MySpace friends page with no friends on it".into());
    }
    out.records.insert(0, Record::Account(me));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_from_profile_links() {
        assert_eq!(
            member(
                "http://profile.myspace.com/index.cfm?fuseaction=user.viewprofile&friendid=6221"
            )
            .as_deref(),
            Some("6221")
        );
        assert_eq!(member("http://www.myspace.com/Tom").as_deref(), Some("tom"));
        assert_eq!(
            member("http://www.myspace.com/index.cfm?fuseaction=music"),
            None
        );
        assert_eq!(member("http://www.example.com/tom"), None);
        assert_eq!(
            member("http://collect.myspace.com/index.cfm?fuseaction=invite.addfriend_verify&friendID=6221").as_deref(),
            None
        );
    }
}
