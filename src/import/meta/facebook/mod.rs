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

mod graph;
mod posts;

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
}
