//! The 2013+ MySpace (`myspace.com/<username>` and its `/bio` page):
//! `div.connectButton[data-id]` (the profile id, name, privacy), `#profileDetails`
//! (location, website, connection counts), Top 8 in `div.friendsWrapper`.

use serde_json::json;

use super::{member, NET};
use crate::import::warc::page::{all, attr_at, first, text, text_at, Out, Page};
use crate::import::warc::url::Url;
use crate::model::{record_id, Kind, Record, Relationship};

/// The 2013+ site: `myspace.com/<username>` and its `/bio` page.
pub(super) fn modern(page: &Page<'_>, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    out.era = Some("2013+ site");
    let button = first(root, "div.connectButton[data-id]");
    let username = page.url.segments().first().cloned().unwrap_or_default();
    let native = button
        .and_then(|b| b.value().attr("data-id"))
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| username.to_ascii_lowercase());
    if native.is_empty() {
        return Err("a MySpace page without a profile id or name".into());
    }
    let mut me = page.account(NET, &native);
    me.is_owner = true;
    me.handle = (!username.is_empty()).then(|| username.clone());
    me.url = Some(format!("https://myspace.com/{username}"));
    me.display_name = button
        .and_then(|b| b.value().attr("data-title"))
        .map(str::to_string)
        .or_else(|| text_at(root, "#profileDetails h1, h1.name"));
    if button.and_then(|b| b.value().attr("data-is-private")) == Some("true") {
        me.protected = Some(true);
    }
    me.location = attr_at(
        root,
        "#locAndWeb .location[data-display-text], div[class^=location_]",
        "data-display-text",
    );
    me.website = text_at(root, "#locAndWeb .website a, .ribbon_white.website a");
    let avatar = attr_at(root, "a#profileImage img", "src").and_then(|s| page.abs(&s));
    me.avatar_url = avatar.clone();
    out.optional_image(avatar, &me.id, "avatar");
    for (dir, key) in [("out", "connections_out"), ("in", "connections_in")] {
        if let Some(n) = first(
            root,
            &format!("#connectionsCount a[href$=\"/connections/{dir}\"] span"),
        )
        .map(text)
        .and_then(|t| t.replace(',', "").parse::<u64>().ok())
        {
            me.ext.insert(key, json!(n));
        }
    }
    if let Some(bio) = first(root, "div.mainBio div.bioColumns, div.bioColumns") {
        let mut p = page.post(NET, &format!("profile/{native}"), &me.id);
        p.title = me.display_name.as_ref().map(|n| format!("{n}'s bio"));
        p.url = Some(format!("https://myspace.com/{username}/bio"));
        p.ext.insert("kind", json!("profile"));
        page.set_body(&mut p, bio);
        me.bio = Some(p.text.clone()).filter(|t| !t.is_empty());
        out.records.push(Record::Post(p));
    }
    let owner = native.clone();
    for (rank, a) in all(root, "div.friendsWrapper ul li a")
        .into_iter()
        .enumerate()
    {
        let href = a.value().attr("href").and_then(|h| page.abs(h));
        let friend = a
            .value()
            .attr("data-profileid")
            .map(str::to_string)
            .or_else(|| href.as_deref().and_then(member));
        let Some(friend) = friend else { continue };
        let mut f = page.account(NET, &friend);
        f.display_name = a.value().attr("data-title").map(str::to_string);
        f.url = href.clone();
        f.handle = href
            .as_deref()
            .and_then(Url::parse)
            .and_then(|u| u.segments().first().cloned());
        let img = a.value().attr("data-image-url").and_then(|s| page.abs(s));
        f.avatar_url = img.clone();
        out.optional_image(img, &f.id, "avatar");
        let mut rel = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("top_friend/{owner}/{friend}"),
            ),
            network: NET.into(),
            kind: "top_friend".into(),
            subject: me.id.clone(),
            object: f.id.clone(),
            source: page.source.clone(),
            ..Relationship::default()
        };
        rel.ext.insert("rank", json!(rank + 1));
        out.records.push(Record::Account(f));
        out.records.push(Record::Relationship(rel));
    }
    out.records.insert(0, Record::Account(me));
    Ok(())
}
