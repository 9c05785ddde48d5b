//! LinkedIn group discussions, which no LinkedIn export holds (see
//! `formats/linkedin-groups/README.md`):
//!
//! - 2008–2015 discussion pages (`groupItem?view=&gid=<g>&type=member&item=<i>`, and
//!   `groups/<title>-<g>.S.<i>`): the discussion (title, author, text) and its
//!   comments, each anchored `commentID_<n>`;
//! - 2020s group feeds (`groups/<g>/`): `div.feed-shared-update-v2[data-urn]` posts
//!   with `update-components-*` parts, comments as `article.comments-comment-item`.
//!
//! The group is an account (`linkedin:account:group/<g>`, `ext.kind: group`) and every
//! post names it in `community`; members are `linkedin:account:in/<slug>` as in the
//! LinkedIn export. Pages show times relative to when they were seen ("3 days ago",
//! "2d"): the time is the capture time less that, flagged in `ext.time_estimated`.
//! A discussion is `public` only when the page says the group was open; otherwise
//! `unknown` (members-only groups were common).

use serde_json::json;

use super::page::{all, attr_at, first, relative_time, text, text_at, Extractor, Out, Page};
use super::url::Url;
use crate::model::{record_id, Account, Kind, Post, Record, Visibility};

const NET: &str = "linkedin";

pub(crate) struct LinkedIn;

impl Extractor for LinkedIn {
    fn network(&self) -> &'static str {
        NET
    }

    fn claims(&self, url: &Url) -> bool {
        url.host_is("linkedin.com")
            && (url.path.starts_with("/groupItem")
                || url.path.starts_with("/groups")
                || url.path.starts_with("/groupAnswers"))
    }

    fn extract(&self, page: &Page<'_>, out: &mut Out) -> Result<(), String> {
        if first(
            page.root(),
            "div.feed-shared-update-v2, div[data-urn*=activity]",
        )
        .is_some()
        {
            return feed(page, out);
        }
        classic(page, out)
    }
}

/// A member's native id from a profile link (`in/<slug>`, or `profile/<id>` for the
/// old numeric profile URLs).
fn member(page: &Page<'_>, href: &str) -> Option<String> {
    let u = Url::parse(&page.abs(href)?)?;
    if !u.host_is("linkedin.com") {
        return None;
    }
    let segs = u.segments();
    match segs.as_slice() {
        [a, slug, ..] if a == "in" || a == "pub" => Some(format!("in/{slug}")),
        [a, b, ..] if a == "profile" && b == "view" => {
            u.param("id").map(|id| format!("profile/{id}"))
        }
        _ => None,
    }
}

/// The group id: `gid=<g>`, `groups/<g>/…`, or `groups/<title>-<g>.S.<i>`.
fn group_id(url: &Url) -> Option<String> {
    if let Some(g) = url.param("gid").filter(|g| !g.is_empty()) {
        return Some(g);
    }
    let segs = url.segments();
    let s = segs.get(1)?;
    if s.chars().all(|c| c.is_ascii_digit()) {
        return Some(s.clone());
    }
    // `Title-words-1234567.S.5678`
    let head = s.split(".S.").next()?;
    let g = head.rsplit('-').next()?;
    g.chars().all(|c| c.is_ascii_digit()).then(|| g.to_string())
}

fn group_account(page: &Page<'_>, gid: &str) -> Account {
    let root = page.root();
    let mut g = page.account(NET, &format!("group/{gid}"));
    g.display_name = text_at(
        root,
        ".group-name, h1.group-name, .groups-entity-header__name",
    )
    .or_else(|| {
        super::page::title(page.doc).map(|t| {
            t.split(" | ")
                .next()
                .unwrap_or(&t)
                .trim_end_matches(" - LinkedIn")
                .to_string()
        })
    });
    g.url = Some(format!("https://www.linkedin.com/groups/{gid}/"));
    g.ext.insert("kind", json!("group"));
    g
}

fn person(page: &Page<'_>, native: &str, name: &str, headline: Option<String>) -> Account {
    let mut a = page.account(NET, native);
    a.display_name = (!name.is_empty()).then(|| name.to_string());
    if let Some(slug) = native.strip_prefix("in/") {
        a.handle = Some(slug.to_string());
        a.url = Some(format!("https://www.linkedin.com/in/{slug}"));
    } else if let Some(id) = native.strip_prefix("profile/") {
        a.url = Some(format!("https://www.linkedin.com/profile/view?id={id}"));
    }
    if let Some(h) = headline.filter(|h| !h.is_empty()) {
        a.ext.insert("headline", json!(h));
    }
    a
}

/// A time shown relative to the capture.
fn when(page: &Page<'_>, p: &mut Post, shown: Option<String>) {
    let Some(s) = shown.map(|s| s.trim().trim_end_matches(['•', ' ']).to_string()) else {
        return;
    };
    if s.is_empty() {
        return;
    }
    p.raw_times.insert("created_at".into(), s.clone());
    if let Some((t, canonical)) = crate::model::Timestamp::parse(&s) {
        p.created_at = Some(t);
        if canonical {
            p.raw_times.remove("created_at");
        }
        return;
    }
    if let Some(cap) = page.captured_at {
        if let Some((t, precision)) = relative_time(&s, cap) {
            p.created_at = Some(t);
            p.ext.insert(
                "time_estimated",
                json!(format!(
                    "{s:?} before the capture at {}; precise to {precision}",
                    cap.to_rfc3339()
                )),
            );
        }
    }
}

fn open_group(page: &Page<'_>) -> bool {
    let t = text(page.root()).to_ascii_lowercase();
    t.contains("this is an open group") || t.contains("public group")
}

/// A discussion page of 2008–2015.
fn classic(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let Some(gid) = group_id(page.url) else {
        return Err("a LinkedIn group page without a group id".into());
    };
    let item = page.url.param("item").or_else(|| {
        page.url
            .segments()
            .get(1)
            .and_then(|s| s.split(".S.").nth(1).map(str::to_string))
    });
    let group = group_account(page, &gid);
    let community = group.display_name.clone();
    let visibility = if open_group(page) {
        Visibility::Public
    } else {
        Visibility::Unknown
    };
    out.era = Some("group discussion (2008-2015)");
    let Some(item) = item else {
        out.records.push(Record::Account(group));
        return Ok(());
    };
    let disc = first(root, ".discussion-item, #discussion, .disc-question").unwrap_or(root);
    let author_link = first(
        disc,
        ".poster a[href], .discussion-author a[href], a.poster[href]",
    );
    let author = author_link
        .and_then(|a| a.value().attr("href"))
        .and_then(|h| member(page, h));
    let Some(author) = author else {
        return Err("a LinkedIn discussion without its author's profile link".into());
    };
    let a = person(
        page,
        &author,
        &author_link.map(text).unwrap_or_default(),
        text_at(disc, ".poster .headline, .discussion-author .headline"),
    );
    let mut p = page.post(NET, &format!("group/{gid}/{item}"), &a.id);
    p.visibility = visibility;
    p.community = community.clone();
    p.title = text_at(disc, "h1.discussion-title, .discussion-title, h1");
    p.url = Some(format!(
        "https://www.linkedin.com/groupItem?view=&gid={gid}&type=member&item={item}"
    ));
    if let Some(body) = first(disc, ".discussion-body, p.question, .disc-body") {
        page.set_body(&mut p, body);
    }
    when(page, &mut p, text_at(disc, ".discussion-date, .date, time"));
    p.ext.insert("kind", json!("group discussion"));
    let post_id = p.id.clone();
    out.records.push(Record::Account(group));
    out.records.push(Record::Account(a));
    out.records.push(Record::Post(p));
    for c in all(
        root,
        "li.comment-item, div.comment-item, .comment[id^=commentID_]",
    ) {
        let link = first(
            c,
            "a.commenter[href], .commenter a[href], a[href*=\"/in/\"], a[href*=\"profile/view\"]",
        );
        let Some(cauthor) = link
            .and_then(|l| l.value().attr("href"))
            .and_then(|h| member(page, h))
        else {
            continue;
        };
        let cid = c
            .value()
            .id()
            .and_then(|i| i.strip_prefix("commentID_"))
            .map(str::to_string)
            .or_else(|| {
                first(c, "a[name^=commentID_]")
                    .and_then(|a| a.value().attr("name"))
                    .and_then(|n| n.strip_prefix("commentID_"))
                    .map(str::to_string)
            });
        let Some(cid) = cid else { continue };
        let ca = person(
            page,
            &cauthor,
            &link.map(text).unwrap_or_default(),
            text_at(c, ".headline"),
        );
        let mut cp = page.post(NET, &format!("group/{gid}/{item}/comment/{cid}"), &ca.id);
        cp.visibility = visibility;
        cp.community = community.clone();
        cp.reply_to = Some(post_id.clone());
        if let Some(b) = first(c, ".comment-body, p.comment, .comment-text") {
            page.set_body(&mut cp, b);
        }
        when(page, &mut cp, text_at(c, ".comment-date, .date, time"));
        cp.ext.insert("kind", json!("group comment"));
        out.records.push(Record::Account(ca));
        out.records.push(Record::Post(cp));
    }
    Ok(())
}

/// A group feed of the 2020s.
fn feed(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let Some(gid) = group_id(page.url) else {
        return Err("a LinkedIn group feed without a group id".into());
    };
    out.era = Some("group feed (2020s)");
    let group = group_account(page, &gid);
    let community = group.display_name.clone();
    let visibility = if open_group(page) {
        Visibility::Public
    } else {
        Visibility::Unknown
    };
    out.records.push(Record::Account(group));
    for u in all(root, "div.feed-shared-update-v2, div[data-urn*=activity]") {
        let Some(activity) = u
            .value()
            .attr("data-urn")
            .and_then(|n| n.rsplit(':').next())
            .map(str::to_string)
        else {
            continue;
        };
        if out
            .records
            .iter()
            .any(|r| r.id() == record_id(NET, Kind::Post, &format!("activity/{activity}")))
        {
            continue;
        }
        let link = first(
            u,
            "a.update-components-actor__meta-link[href], a.update-components-actor__image[href]",
        );
        let Some(author) = link
            .and_then(|l| l.value().attr("href"))
            .and_then(|h| member(page, h))
        else {
            continue;
        };
        let a = person(
            page,
            &author,
            &text_at(u, ".update-components-actor__title span[aria-hidden=true], .update-components-actor__title span")
                .unwrap_or_default(),
            text_at(u, ".update-components-actor__description span[aria-hidden=true], .update-components-actor__description"),
        );
        let mut p = page.post(NET, &format!("activity/{activity}"), &a.id);
        p.visibility = visibility;
        p.community = community.clone();
        p.url = Some(format!(
            "https://www.linkedin.com/feed/update/urn:li:activity:{activity}/"
        ));
        if let Some(b) = first(
            u,
            ".update-components-text, .feed-shared-update-v2__commentary",
        ) {
            page.set_body(&mut p, b);
        }
        let sub = text_at(u, ".update-components-actor__sub-description span[aria-hidden=true], .update-components-actor__sub-description")
            .map(|s| s.split('•').next().unwrap_or("").trim().to_string());
        when(page, &mut p, sub);
        for img in all(
            u,
            ".update-components-image img[src], .feed-shared-image img[src]",
        ) {
            out.image(
                img.value().attr("src").and_then(|s| page.abs(s)),
                &p.id,
                "content",
            );
        }
        p.ext.insert("kind", json!("group post"));
        let post_id = p.id.clone();
        out.records.push(Record::Account(a));
        out.records.push(Record::Post(p));
        for c in all(
            u,
            "article.comments-comment-item, article.comments-comment-entity",
        ) {
            let cid = c
                .value()
                .attr("data-id")
                .and_then(|d| d.trim_end_matches(')').rsplit(',').next())
                .map(str::to_string);
            let Some(cid) = cid else { continue };
            let clink = attr_at(
                c,
                "a.comments-post-meta__actor-link[href], a[href*=\"/in/\"]",
                "href",
            );
            let Some(cauthor) = clink.as_deref().and_then(|h| member(page, h)) else {
                continue;
            };
            let ca = person(
                page,
                &cauthor,
                &text_at(c, ".comments-post-meta__name-text span[aria-hidden=true], .comments-post-meta__name-text")
                    .unwrap_or_default(),
                text_at(c, ".comments-post-meta__headline"),
            );
            let mut cp = page.post(NET, &format!("comment/{activity}/{cid}"), &ca.id);
            cp.visibility = visibility;
            cp.community = community.clone();
            cp.reply_to = Some(post_id.clone());
            if let Some(b) = first(
                c,
                ".comments-comment-item__main-content, .update-components-text",
            ) {
                page.set_body(&mut cp, b);
            }
            when(
                page,
                &mut cp,
                text_at(c, "time, .comments-comment-item__timestamp"),
            );
            cp.ext.insert("kind", json!("group comment"));
            out.records.push(Record::Account(ca));
            out.records.push(Record::Post(cp));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ids_of_every_url_shape() {
        let g = |s: &str| group_id(&Url::parse(s).unwrap());
        assert_eq!(
            g("http://www.linkedin.com/groupItem?view=&gid=27258&type=member&item=21625037")
                .as_deref(),
            Some("27258")
        );
        assert_eq!(
            g("https://www.linkedin.com/groups/5146549/").as_deref(),
            Some("5146549")
        );
        assert_eq!(
            g("http://www.linkedin.com/groups/Ubuntu-Users-27258.S.21625037").as_deref(),
            Some("27258")
        );
    }
}
