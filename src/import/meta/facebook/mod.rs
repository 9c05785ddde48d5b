//! Facebook: posts, comments, reactions, friends and follows, groups, events, Pages,
//! profile. Messenger threads are read by `messenger.rs`.

use std::io::Read;

use serde_json::{Map, Value};

use super::{secs, short_hash, text, Meta, Net, Role};
use crate::container::Entry;
use crate::error::Result;
use crate::import::Context;
use crate::model::{
    record_id, Account, Ext, Kind, Link, Mention, Post, Reaction, Record, Relationship, Source,
    Visibility,
};

const NET: Net = Net::Facebook;

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "G1 root sections (2018-2019): posts/your_posts.json {status_updates}, comments/, likes_and_reactions/, friends/, messages/inbox/<t>/message.json",
    "G2 root sections with _v2 keys (2020-2022): posts/your_posts_1.json, comments_and_reactions/, friends_and_followers/, message_N.json",
    "G3 your_activity_across_facebook/ (2022-2024): your_posts__check_ins__photos_and_videos_N.json, connections/, likes_and_reactions_N.json",
    "G4 your_facebook_activity/ (2024-): as G3 plus label_values files (likes_and_reactions.json), personal_information/",
    "Page export: this_profile's_activity_across_facebook/ (profile_posts_N.json, the Page inbox)",
    "Messenger end-to-end-encrypted chat backup: <Thread name>_N.json (camelCase)",
    "HTML exports are recognised and refused with a request for JSON",
];

/// The generation shown by the entries.
pub(super) fn generation(entries: &[Entry]) -> String {
    let has = |f: &dyn Fn(&str) -> bool| entries.iter().any(|e| f(&e.name));
    if has(&|n| n.contains("this_profile's_activity_across_facebook/")) {
        "Page export (this_profile's_activity_across_facebook/)"
    } else if has(&|n| n.contains("your_facebook_activity/")) {
        "G4 (2024-, your_facebook_activity/)"
    } else if has(&|n| n.contains("your_activity_across_facebook/")) {
        "G3 (2022-2024, your_activity_across_facebook/)"
    } else if has(&|n| {
        n.ends_with("/your_posts.json") || n.ends_with("/message.json") || n.starts_with("friends/")
    }) {
        "G1 (2018-2019, root sections, no _v2 keys)"
    } else if has(&|n| super::role_of(n).is_some_and(|r| r != Role::E2eeBackup)) {
        "G2 (2020-2022, root sections, _v2 keys)"
    } else {
        "Messenger end-to-end-encrypted chat backup"
    }
    .to_string()
}

/// The kind of relationship a list file holds.
fn relationship_kind(role: Role) -> &'static str {
    match role {
        Role::FbFriends => "connection",
        Role::FbFollowing => "following",
        Role::FbFollowers => "follower",
        Role::FbPages => "page_admin",
        Role::FbGroups => "group_member",
        _ => "group_admin",
    }
}

/// Native part of a record id.
pub(super) fn native_of(id: &str) -> &str {
    id.splitn(3, ':').nth(2).unwrap_or(id)
}

impl Meta {
    pub(super) fn read_facebook(
        &mut self,
        role: Role,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        match role {
            Role::FbProfile => {
                let Some(v) = self.whole(e, r, cx, Kind::Account)? else {
                    return Ok(1);
                };
                self.fb_profile(v, Source::entry(&e.name), cx)?;
                Ok(1)
            }
            Role::FbPosts | Role::FbGroupPosts | Role::FbStories | Role::FbReels => {
                let flavor = match role {
                    Role::FbGroupPosts => "group_post",
                    Role::FbStories => "story",
                    Role::FbReels => "reel",
                    _ => "post",
                };
                let keys: &[&str] = match role {
                    Role::FbGroupPosts => &["group_posts_v2", "group_posts"],
                    Role::FbStories => &["archived_stories_v2", "archived_stories"],
                    Role::FbReels => &["lasso_videos_v2"],
                    _ => &["status_updates", "status_updates_v2", "profile_posts_v2"],
                };
                let (n, _) = self.items(e, r, cx, Kind::Post, keys, &mut |me, v, src, cx| {
                    me.fb_post(v, src, flavor, cx)
                })?;
                Ok(n)
            }
            Role::FbComments | Role::FbGroupComments => {
                let keys: &[&str] = if role == Role::FbComments {
                    &["comments_v2", "comments"]
                } else {
                    &["group_comments_v2", "group_comments"]
                };
                let (n, _) = self.items(e, r, cx, Kind::Post, keys, &mut |me, v, src, cx| {
                    me.fb_post(v, src, "comment", cx)
                })?;
                Ok(n)
            }
            Role::FbReactions => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Reaction,
                    &["reactions_v2", "reactions", "likes_and_reactions_v2"],
                    &mut |me, v, src, cx| me.fb_reaction(v, src, cx),
                )?;
                Ok(n)
            }
            Role::FbFriends
            | Role::FbFollowing
            | Role::FbFollowers
            | Role::FbPages
            | Role::FbGroups
            | Role::FbGroupsAdmined => {
                let kind = relationship_kind(role);
                let keys: &[&str] = match role {
                    Role::FbFriends => &["friends_v2", "friends"],
                    Role::FbFollowing => &["following_v3", "following_v2", "following"],
                    Role::FbFollowers => &["followers_v2", "followers", "followers_v3"],
                    Role::FbPages => &["pages_v2", "pages"],
                    Role::FbGroups => &["groups_joined_v2", "groups_joined"],
                    _ => &["groups_admined_v2", "groups_admined", "groups"],
                };
                let (n, _) =
                    self.items(e, r, cx, Kind::Relationship, keys, &mut |me, v, src, cx| {
                        me.fb_relationship(kind, v, src, cx)
                    })?;
                Ok(n)
            }
            Role::FbEventResponses => {
                let Some(v) = self.whole(e, r, cx, Kind::Reaction)? else {
                    return Ok(1);
                };
                let inner = v
                    .get("event_responses_v2")
                    .or_else(|| v.get("event_responses"))
                    .cloned()
                    .unwrap_or(v);
                let mut n = 0;
                if let Value::Object(groups) = inner {
                    for (k, list) in groups {
                        let answer = match k.as_str() {
                            "events_joined" => "going",
                            "events_declined" => "declined",
                            "events_interested" => "interested",
                            _ => "other",
                        };
                        if let Value::Array(a) = list {
                            for ev in a {
                                let src = Source {
                                    entry: e.name.clone(),
                                    index: Some(n),
                                    pointer: Some(format!("/{k}")),
                                    ..Source::default()
                                };
                                n += 1;
                                self.fb_rsvp(answer, ev, src, cx)?;
                            }
                        }
                    }
                }
                Ok(n)
            }
            Role::FbAdminActivity => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Post,
                    &["admin_activity_v2", "admin_activity"],
                    &mut |me, v, src, cx| me.fb_admin_activity(v, src, cx),
                )?;
                Ok(n)
            }
            Role::FbEventInvitations => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Reaction,
                    &["events_invited_v2", "events_invited"],
                    &mut |me, v, src, cx| me.fb_rsvp("invited", v, src, cx),
                )?;
                Ok(n)
            }
            Role::FbEvents => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Post,
                    &[
                        "your_events_v2",
                        "events_v2",
                        "your_events",
                        "events_hosted_v2",
                    ],
                    &mut |me, v, src, cx| me.fb_event(v, src, cx),
                )?;
                Ok(n)
            }
            Role::FbAlbum => {
                // small files: the album's name is copied onto each of its photos
                let Some(Value::Object(mut album)) = self.whole(e, r, cx, Kind::Media)? else {
                    return Ok(1);
                };
                let owner = self.owner_id(NET);
                let name = album.get("name").cloned();
                let mut photos = match album.remove("photos") {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                };
                if let Some(c) = album.remove("cover_photo") {
                    photos.push(c);
                }
                let n = photos.len() as u64;
                for (i, p) in photos.into_iter().enumerate() {
                    let src = Source::at(&e.name, i as u64);
                    match p {
                        Value::Object(mut m) => {
                            if let Some(n) = &name {
                                m.insert("album".into(), n.clone());
                            }
                            if self.media(NET, m, None, &owner, &src, cx)?.is_none() {
                                cx.report.skipped(
                                    Kind::Media,
                                    "album photo without a uri",
                                    format!("{}#{i}", e.name),
                                );
                            }
                        }
                        other => self.keep(Kind::Media, &src, "not a media object", &other, cx)?,
                    }
                }
                Ok(n)
            }
            Role::FbVideos | Role::FbPhotos => {
                let keys: &[&str] = if role == Role::FbVideos {
                    &["videos_v2", "videos"]
                } else {
                    &["other_photos_v2", "other_photos"]
                };
                let owner = self.owner_id(NET);
                let (n, _) = self.items(e, r, cx, Kind::Media, keys, &mut |me, v, src, cx| {
                    match v {
                        Value::Object(m) => {
                            if me.media(NET, m, None, &owner, &src, cx)?.is_none() {
                                cx.report.skipped(
                                    Kind::Media,
                                    "media item without a uri",
                                    format!("{}#{}", src.entry, src.index.unwrap_or(0)),
                                );
                            }
                        }
                        other => me.keep(Kind::Media, &src, "not a media object", &other, cx)?,
                    }
                    Ok(())
                })?;
                Ok(n)
            }
            _ => Ok(0),
        }
    }

    /// Own comments and reactions name their author: the owner. Without a profile,
    /// that name is how the owner is recognised among Messenger senders.
    fn learn_owner_name(&mut self, name: &str) {
        let o = &mut self.owners[NET.idx()];
        if o.name.is_none() {
            o.name = Some(name.trim().to_string());
        }
    }

    /// Page admin activity (`label_values` log lines, no content): kept raw.
    fn fb_admin_activity(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        self.keep(
            Kind::Post,
            &src,
            "Page admin activity (a log line, not a post): kept as it is",
            &v,
            cx,
        )
    }

    fn fb_profile(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let p = match v {
            Value::Object(mut m) => match m.remove("profile_v2").or_else(|| m.remove("profile")) {
                Some(Value::Object(p)) => p,
                _ => m,
            },
            other => {
                cx.report
                    .skipped(Kind::Account, "profile is not a JSON object", &src.entry);
                let _ = other;
                return Ok(());
            }
        };
        let mut p = p;
        let name = match p.remove("name") {
            Some(Value::Object(mut n)) => {
                let full = n
                    .remove("full_name")
                    .and_then(|v| v.as_str().map(str::to_string));
                let rest = Value::Object(n);
                p.insert("name_parts".into(), rest);
                full
            }
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        let username = p
            .remove("username")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        let url = p
            .remove("profile_uri")
            .and_then(|v| v.as_str().map(str::to_string));
        let created_at = secs(p.get("registration_timestamp"));
        if created_at.is_some() {
            p.remove("registration_timestamp");
        }
        let bio = p
            .get("intro_bio")
            .and_then(|b| b.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let a = Account {
            handle: username,
            display_name: name,
            url,
            created_at,
            bio,
            source: src,
            ext: Ext::from_map(p),
            ..Account::default()
        };
        self.emit_owner(NET, a, cx)
    }

    /// A post, group post, story, reel or comment (same item shape).
    fn fb_post(&mut self, v: Value, src: Source, flavor: &str, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report.skipped(Kind::Post, "item is not an object", loc);
            return Ok(());
        };
        let created_at = secs(m.get("timestamp"));
        if created_at.is_some() {
            m.remove("timestamp");
        }
        let mut ext = Ext::default();
        let mut body = String::new();
        let mut edited_at = None;
        let mut author_name: Option<String> = None;
        let mut community: Option<String> = None;
        let mut other_data = Vec::new();
        if let Some(Value::Array(data)) = m.remove("data") {
            for d in data {
                let Value::Object(mut o) = d else {
                    other_data.push(d);
                    continue;
                };
                if let Some(Value::String(p)) = o.remove("post") {
                    push_para(&mut body, &p);
                }
                if let Some(Value::Object(mut c)) = o.remove("comment") {
                    if let Some(Value::String(t)) = c.remove("comment") {
                        push_para(&mut body, &t);
                    }
                    author_name = c
                        .remove("author")
                        .and_then(|a| a.as_str().map(str::to_string));
                    community = c
                        .remove("group")
                        .and_then(|a| a.as_str().map(str::to_string));
                    c.remove("timestamp");
                    if !c.is_empty() {
                        other_data.push(Value::Object(c));
                    }
                }
                if let Some(t) = o.remove("update_timestamp") {
                    // equal to the post's own time on most posts (a real 2021 export):
                    // an edit only when later
                    edited_at = secs(Some(&t)).filter(|u| Some(*u) != created_at);
                    if edited_at.is_none() {
                        ext.insert("update_timestamp", t);
                    }
                }
                if let Some(t) = o.remove("backdated_timestamp") {
                    ext.insert("backdated_timestamp", t);
                }
                if !o.is_empty() {
                    other_data.push(Value::Object(o));
                }
            }
        }
        let title = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .filter(|t| !t.is_empty());
        // attachments: media, links, places, events, life events …
        let mut media_objs: Vec<Map<String, Value>> = Vec::new();
        let mut links = Vec::new();
        let mut other_att = Vec::new();
        let mut att_text: Option<String> = None;
        if let Some(Value::Array(atts)) = m.remove("attachments") {
            for a in atts {
                let data = match a {
                    Value::Object(mut o) => match o.remove("data") {
                        Some(Value::Array(d)) => d,
                        _ => {
                            other_att.push(Value::Object(o));
                            continue;
                        }
                    },
                    other => {
                        other_att.push(other);
                        continue;
                    }
                };
                for d in data {
                    match d {
                        Value::Object(mut o) if o.contains_key("media") => {
                            if let Some(Value::Object(mo)) = o.remove("media") {
                                media_objs.push(mo);
                            }
                            if !o.is_empty() {
                                other_att.push(Value::Object(o));
                            }
                        }
                        // a note: its photos are the post's media, its words its text
                        Value::Object(mut o)
                            if o.get("note").is_some_and(|n| n.get("media").is_some()) =>
                        {
                            if let Some(Value::Object(mut note)) = o.remove("note") {
                                if let Some(Value::Array(ms)) = note.remove("media") {
                                    for mv in ms {
                                        if let Value::Object(mo) = mv {
                                            media_objs.push(mo);
                                        }
                                    }
                                }
                                if let (Some(t), true) = (
                                    text(note.get("text")).filter(|t| !t.is_empty()),
                                    att_text.is_none(),
                                ) {
                                    att_text = Some(t.to_string());
                                }
                                o.insert("note".into(), Value::Object(note));
                            }
                            other_att.push(Value::Object(o));
                        }
                        Value::Object(o) => {
                            // a life event's title, a poll's or feeling's text
                            let said = o
                                .get("life_event")
                                .and_then(|l| text(l.get("title")))
                                .or_else(|| text(o.get("text")))
                                .filter(|t| !t.is_empty());
                            if let (Some(t), true) = (said, att_text.is_none()) {
                                att_text = Some(t.to_string());
                            }
                            if let Some(url) = o
                                .get("external_context")
                                .and_then(|x| x.get("url"))
                                .and_then(Value::as_str)
                            {
                                links.push(Link {
                                    url: url.to_string(),
                                    short_url: None,
                                    display: None,
                                });
                            }
                            other_att.push(Value::Object(o));
                        }
                        other => other_att.push(other),
                    }
                }
            }
        }
        if body.is_empty() {
            // a photo post's text may only be in its media's description
            if let Some(d) = media_objs
                .iter()
                .find_map(|mo| text(mo.get("description")).filter(|d| !d.is_empty()))
            {
                body = d.to_string();
            } else if let Some(t) = att_text {
                body = t;
            }
        }
        let first_uri = media_objs
            .iter()
            .find_map(|mo| text(mo.get("uri")))
            .unwrap_or("")
            .to_string();
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let native = format!(
            "{ts}-{}",
            short_hash(&[&body, &first_uri, title.as_deref().unwrap_or(""), flavor])
        );
        let (id, _) = self.unique(NET, Kind::Post, &native);
        let author = match author_name.as_deref() {
            Some(a) if !a.is_empty() => {
                self.learn_owner_name(a);
                self.person(NET, a, &src)
            }
            _ => self.owner_id(NET),
        };
        let mut media = Vec::new();
        for mo in media_objs {
            if let Some(mid) = self.media(NET, mo, None, &id, &src, cx)? {
                media.push(mid);
            }
        }
        let mut mentions = Vec::new();
        if let Some(Value::Array(tags)) = m.remove("tags") {
            for t in tags {
                let name = match &t {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(o) => text(o.get("name")),
                    _ => None,
                };
                if let Some(name) = name.filter(|n| !n.is_empty()) {
                    let account = self.person(NET, name, &src);
                    mentions.push(Mention {
                        handle: name.to_string(),
                        account: Some(account),
                        display_name: Some(name.to_string()),
                    });
                }
            }
        }
        if flavor != "post" {
            ext.insert_string("meta_kind", flavor.to_string());
        }
        if flavor == "group_post" && community.is_none() {
            // "X posted in <group>." (English exports; other languages keep the title)
            community = title
                .as_deref()
                .and_then(|t| t.split_once(" posted in "))
                .map(|(_, g)| g.trim_end_matches('.').to_string())
                .filter(|g| !g.is_empty());
        }
        if let Some(t) = title {
            ext.insert_string("title", t);
        }
        if !other_data.is_empty() {
            ext.insert("data", Value::Array(other_data));
        }
        if !other_att.is_empty() {
            ext.insert("attachments", Value::Array(other_att));
        }
        ext.extend_map(m);
        let p = Post {
            id,
            network: NET.name().into(),
            author,
            created_at,
            text: body,
            links,
            mentions,
            media,
            community,
            edited_at,
            visibility: Visibility::Unknown,
            source: src,
            ext,
            ..Post::default()
        };
        cx.emit(Record::Post(p))
    }

    fn fb_reaction(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Reaction, "item is not an object", loc);
            return Ok(());
        };
        let created_at = secs(m.get("timestamp"));
        if created_at.is_some() {
            m.remove("timestamp");
        }
        let mut emoji: Option<String> = None;
        let mut actor: Option<String> = None;
        let mut url: Option<String> = None;
        let mut name: Option<String> = None;
        let mut ext = Ext::default();
        if let Some(Value::Array(lv)) = m.remove("label_values") {
            // 2025 label_values shape: labels are localized, English ones are mapped
            let mut rest = Vec::new();
            for item in lv {
                let label = item
                    .get("label")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let value = item
                    .get("value")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                match (label.as_str(), value) {
                    ("reaction", Some(v)) => emoji = Some(v),
                    ("url", Some(v)) => url = Some(v),
                    ("name", Some(v)) => name = Some(v),
                    _ => rest.push(item),
                }
            }
            if !rest.is_empty() {
                ext.insert("label_values", Value::Array(rest));
            }
        }
        if let Some(Value::Array(data)) = m.remove("data") {
            let mut rest = Vec::new();
            for d in data {
                match d.get("reaction") {
                    Some(r) => {
                        emoji = r
                            .get("reaction")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                        actor = r.get("actor").and_then(Value::as_str).map(str::to_string);
                    }
                    None => rest.push(d),
                }
            }
            if !rest.is_empty() {
                ext.insert("data", Value::Array(rest));
            }
        }
        let title = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string));
        let Some(emoji) = emoji.filter(|e| !e.is_empty()) else {
            return self.keep(
                Kind::Reaction,
                &src,
                "a reaction item without a reaction",
                &Value::Object(m),
                cx,
            );
        };
        let actor = match actor.as_deref() {
            Some(a) if !a.is_empty() => {
                self.learn_owner_name(a);
                self.person(NET, a, &src)
            }
            _ => self.owner_id(NET),
        };
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let target_native = match &url {
            Some(u) => u.clone(),
            None => format!(
                "unknown/{ts}-{}",
                short_hash(&[title.as_deref().unwrap_or(""), &emoji])
            ),
        };
        let kind = if emoji.eq_ignore_ascii_case("like") {
            "like"
        } else {
            "reaction"
        };
        let (id, _) = self.unique(
            NET,
            Kind::Reaction,
            &format!("{kind}/{}/{target_native}", native_of(&actor)),
        );
        if let Some(n) = name {
            ext.insert_string("name", n);
        }
        ext.extend_map(m);
        let r = Reaction {
            id,
            network: NET.name().into(),
            kind: kind.into(),
            actor,
            target: record_id(NET.name(), Kind::Post, &target_native),
            emoji: Some(emoji),
            created_at,
            target_text: title,
            target_url: url,
            source: src,
            ext,
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// A friend, a follow, a Page the owner runs, a group they joined or run.
    pub(super) fn fb_relationship(
        &mut self,
        kind: &'static str,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let (kind, status) = super::instagram::kind_status(kind);
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Relationship, "item is not an object", loc);
            return Ok(());
        };
        if let Some(s) = status {
            m.insert("status".into(), Value::String(s.to_string()));
        }
        let since = secs(m.get("timestamp"));
        if since.is_some() {
            m.remove("timestamp");
        }
        let name = match m.remove("name") {
            Some(Value::String(s)) => Some(s),
            other => {
                if let Some(o) = other {
                    m.insert("name".into(), o);
                }
                // group membership: {"title", "data": [{"name"}]}
                m.get("data")
                    .and_then(Value::as_array)
                    .and_then(|d| d.iter().find_map(|x| text(x.get("name"))))
                    .map(str::to_string)
            }
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            cx.report.skipped(
                Kind::Relationship,
                format!("{kind} item without a name"),
                loc,
            );
            return Ok(());
        };
        let url = text(m.get("url")).map(str::to_string);
        let object = match kind {
            "page_admin" | "group_member" | "group_admin" => {
                let prefix = if kind == "page_admin" {
                    "page"
                } else {
                    "group"
                };
                let id = record_id(NET.name(), Kind::Account, &format!("{prefix}/{name}"));
                let s = self.stubs.entry(id.clone()).or_insert_with(|| super::Stub {
                    network: NET.name(),
                    display_name: Some(name.clone()),
                    source: src.clone(),
                    ..super::Stub::default()
                });
                if s.url.is_none() {
                    s.url = url;
                }
                id
            }
            _ => self.person(NET, &name, &src),
        };
        let owner = self.owner_id(NET);
        let (id, _) = self.unique(
            NET,
            Kind::Relationship,
            &format!("{kind}/{}/{}", native_of(&owner), native_of(&object)),
        );
        let r = Relationship {
            id,
            network: NET.name().into(),
            kind: kind.into(),
            subject: owner,
            object,
            since,
            source: src,
            ext: Ext::from_map(m),
            ..Relationship::default()
        };
        cx.emit(Record::Relationship(r))
    }

    /// An answer to an event invitation.
    fn fb_rsvp(&mut self, answer: &str, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = v else {
            return self.keep(Kind::Reaction, &src, "event is not an object", &v, cx);
        };
        let name = m
            .remove("name")
            .and_then(|n| n.as_str().map(str::to_string))
            .unwrap_or_default();
        let start = m
            .get("start_timestamp")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let target_native = format!("event/{name}/{start}");
        let owner = self.owner_id(NET);
        let (id, _) = self.unique(
            NET,
            Kind::Reaction,
            &format!("rsvp/{}/{target_native}", native_of(&owner)),
        );
        let created_at = secs(m.get("timestamp"));
        let r = Reaction {
            id,
            network: NET.name().into(),
            kind: "rsvp".into(),
            actor: owner,
            target: record_id(NET.name(), Kind::Post, &target_native),
            emoji: Some(answer.to_string()),
            created_at,
            target_text: Some(name),
            source: src,
            ext: Ext::from_map(m),
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// An event the owner (or the Page) created: a post with a title.
    fn fb_event(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = v else {
            return self.keep(Kind::Post, &src, "event is not an object", &v, cx);
        };
        let name = m
            .remove("name")
            .and_then(|n| n.as_str().map(str::to_string));
        let description = m
            .remove("description")
            .and_then(|n| n.as_str().map(str::to_string))
            .unwrap_or_default();
        let created_at = secs(m.get("create_timestamp")).or_else(|| secs(m.get("start_timestamp")));
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let native = format!(
            "event-{ts}-{}",
            short_hash(&[name.as_deref().unwrap_or(""), &description])
        );
        let (id, _) = self.unique(NET, Kind::Post, &native);
        let mut ext = Ext::from_map(m);
        ext.insert_string("meta_kind", "event".into());
        let p = Post {
            id,
            network: NET.name().into(),
            author: self.owner_id(NET),
            created_at,
            text: description,
            title: name,
            source: src,
            ext,
            ..Post::default()
        };
        cx.emit(Record::Post(p))
    }
}

/// Append a paragraph.
fn push_para(body: &mut String, p: &str) {
    if p.is_empty() {
        return;
    }
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(p);
}
