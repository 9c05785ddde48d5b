//! Instagram: posts (a carousel is one post with several media), reels, IGTV,
//! archived posts, stories, comments, likes, followers/following, close friends,
//! blocked and restricted accounts, profile; the 2018-2020 root files. Direct
//! messages are read by `messenger.rs`, the Threads part by `threads.rs`.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::{Map, Value};

use super::facebook::native_of;
use super::{secs, short_hash, text, Meta, Net, Role};
use crate::container::Entry;
use crate::error::Result;
use crate::import::Context;
use crate::model::{
    record_id, Account, Ext, Kind, Post, Reaction, Record, Relationship, Source, Timestamp,
    Visibility,
};

mod graph;
mod legacy;

const NET: Net = Net::Instagram;

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "I1 legacy (2018-2020): root media.json, connections.json, likes.json, comments.json, messages.json, profile.json (ISO times, plain UTF-8)",
    "I2 content/ (2020-2022): content/posts_1.json, followers_and_following/, messages/inbox/, account_information/",
    "I3 your_instagram_activity/content/ (2022-2024): connections/followers_and_following/followers_N.json, personal_information/",
    "I4 your_instagram_activity/media/ (2024-): media/posts_N.json, reels.json, stories.json; following.json items keyed by title",
    "the Threads part (your_instagram_activity/threads/) is read as Threads records",
    "HTML exports are recognised and refused with a request for JSON",
];

/// The generation shown by the entries.
pub(super) fn generation(entries: &[Entry]) -> String {
    let has = |f: &dyn Fn(&str) -> bool| entries.iter().any(|e| f(&e.name));
    if has(&|n| n.contains("your_instagram_activity/media/")) {
        "I4 (2024-, your_instagram_activity/media/)"
    } else if has(&|n| n.contains("your_instagram_activity/")) {
        "I3 (2022-2024, your_instagram_activity/content/)"
    } else if has(&|n| n.starts_with("content/") || n.contains("/content/posts_")) {
        "I2 (2020-2022, content/)"
    } else if has(&|n| {
        matches!(
            super::role_of(n),
            Some(Role::IgLegacyMedia | Role::IgLegacyConnections)
        )
    }) {
        "I1 (2018-2020, media.json)"
    } else {
        "I2-I4 (partial export)"
    }
    .to_string()
}

/// Username of a follower-list item: `value`, else `title`, else the link's last
/// path segment.
fn username_of(item: &Map<String, Value>, sld: Option<&Value>) -> Option<String> {
    if let Some(v) = sld
        .and_then(|s| text(s.get("value")))
        .filter(|v| !v.is_empty())
    {
        return Some(v.to_string());
    }
    if let Some(t) = text(item.get("title")).filter(|v| !v.is_empty()) {
        return Some(t.to_string());
    }
    let href = sld.and_then(|s| text(s.get("href")))?;
    let seg = href
        .trim_end_matches('/')
        .rsplit('/')
        .next()?
        .trim_start_matches('@');
    (!seg.is_empty() && seg != "_u" && !seg.contains(':')).then(|| seg.to_string())
}

/// The username and time of a 2025+ `label_values` item (`{"timestamp", "label_values":
/// [{"label": "Username", "value"}, {"title": "Owner", "dict": [{"dict": [{"label":
/// "Username", "value"}]}]}]}`): the first `Username` (or `Name`) label at any depth.
fn label_username(item: &Map<String, Value>) -> Option<String> {
    fn visit(v: &Value, want: &str) -> Option<String> {
        match v {
            Value::Array(a) => a.iter().find_map(|x| visit(x, want)),
            Value::Object(m) => {
                if text(m.get("label")) == Some(want) {
                    if let Some(s) = text(m.get("value")).filter(|s| !s.is_empty()) {
                        return Some(s.to_string());
                    }
                }
                m.values().find_map(|x| visit(x, want))
            }
            _ => None,
        }
    }
    let lv = item.get("label_values")?;
    visit(lv, "Username").or_else(|| visit(lv, "Name"))
}

/// A relationship kind with its status (`follow_request:pending`).
pub(super) fn kind_status(kind: &'static str) -> (&'static str, Option<&'static str>) {
    match kind.split_once(':') {
        Some((k, s)) => (k, Some(s)),
        None => (kind, None),
    }
}

/// Parse an ISO time of the 2018-2020 files.
fn iso(s: &str, field: &str, raw: &mut BTreeMap<String, String>) -> Option<Timestamp> {
    let (t, canonical) = Timestamp::parse(s)?;
    if !canonical {
        raw.insert(field.to_string(), s.to_string());
    }
    Some(t)
}

impl Meta {
    pub(super) fn read_instagram(
        &mut self,
        role: Role,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let stem = super::file_name(&e.name)
            .trim_end_matches(".json")
            .to_ascii_lowercase();
        match role {
            Role::IgProfile => {
                let Some(v) = self.whole(e, r, cx, Kind::Account)? else {
                    return Ok(1);
                };
                self.ig_profile(NET, v, Source::entry(&e.name), cx)?;
                Ok(1)
            }
            Role::IgLegacyProfile => {
                let Some(Value::Object(mut m)) = self.whole(e, r, cx, Kind::Account)? else {
                    return Ok(1);
                };
                let mut raw = BTreeMap::new();
                let created_at = text(m.get("date_joined"))
                    .map(str::to_string)
                    .and_then(|s| iso(&s, "date_joined", &mut raw));
                let take = |m: &mut Map<String, Value>, k: &str| {
                    m.remove(k)
                        .and_then(|v| v.as_str().map(str::to_string))
                        .filter(|s| !s.is_empty())
                };
                let a = Account {
                    handle: take(&mut m, "username"),
                    display_name: take(&mut m, "name"),
                    bio: take(&mut m, "biography"),
                    website: take(&mut m, "website"),
                    avatar_url: take(&mut m, "profile_pic_url"),
                    created_at,
                    raw_times: raw,
                    source: Source::entry(&e.name),
                    ext: Ext::from_map(m),
                    ..Account::default()
                };
                self.emit_owner(NET, a, cx)?;
                Ok(1)
            }
            Role::IgPosts => {
                let flavor = match stem.as_str() {
                    "reels" => "reel",
                    "archived_posts" => "archived_post",
                    "igtv_videos" => "igtv",
                    "other_content" => "other",
                    _ => "post",
                };
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Post,
                    &[
                        "ig_reels_media",
                        "ig_archived_post_media",
                        "ig_igtv_media",
                        "ig_other_media",
                        "ig_posts",
                    ],
                    &mut |me, v, src, cx| me.ig_post(NET, v, src, flavor, cx),
                )?;
                Ok(n)
            }
            Role::IgStories => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Post,
                    &["ig_stories"],
                    &mut |me, v, src, cx| {
                        // a story is a bare media item: make it a one-media post
                        let mut post = Map::new();
                        post.insert("media".into(), Value::Array(vec![v]));
                        me.ig_post(NET, Value::Object(post), src, "story", cx)
                    },
                )?;
                Ok(n)
            }
            Role::IgProfilePhotos => {
                let owner = self.owner_id(NET);
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Media,
                    &["ig_profile_picture"],
                    &mut |me, v, src, cx| {
                        match v {
                            Value::Object(mut m) => {
                                m.insert("role".into(), Value::String("profile_photo".into()));
                                if me.media(NET, m, Some("photo"), &owner, &src, cx)?.is_none() {
                                    cx.report.skipped(
                                        Kind::Media,
                                        "profile photo without a uri",
                                        format!("{}#{}", src.entry, src.index.unwrap_or(0)),
                                    );
                                }
                            }
                            other => {
                                me.keep(Kind::Media, &src, "not a media object", &other, cx)?
                            }
                        }
                        Ok(())
                    },
                )?;
                Ok(n)
            }
            Role::IgComments => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Post,
                    &["comments_media_comments", "comments_reels_comments"],
                    &mut |me, v, src, cx| me.ig_comment(v, src, cx),
                )?;
                Ok(n)
            }
            Role::IgLikes => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Reaction,
                    &["likes_media_likes", "likes_comment_likes"],
                    &mut |me, v, src, cx| me.list_like(NET, v, src, cx),
                )?;
                Ok(n)
            }
            Role::IgSaved => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Reaction,
                    &["saved_saved_media"],
                    &mut |me, v, src, cx| me.ig_saved(v, src, cx),
                )?;
                Ok(n)
            }
            Role::IgRelationships(kind) => {
                let (n, _) = self.items(
                    e,
                    r,
                    cx,
                    Kind::Relationship,
                    &[
                        "relationships_followers",
                        "relationships_following",
                        "relationships_close_friends",
                        "relationships_blocked_users",
                        "relationships_restricted_users",
                    ],
                    &mut |me, v, src, cx| me.list_relationship(NET, kind, v, src, cx),
                )?;
                Ok(n)
            }
            Role::IgLegacyMedia => self.ig_legacy_media(e, r, cx),
            Role::IgLegacyConnections => self.ig_legacy_connections(e, r, cx),
            Role::IgLegacyLikes => self.ig_legacy_likes(e, r, cx),
            Role::IgLegacyComments => self.ig_legacy_comments(e, r, cx),
            _ => Ok(0),
        }
    }

    /// `personal_information.json` (Instagram `profile_user`, Threads
    /// `text_post_app_text_post_app_profile`).
    pub(super) fn ig_profile(
        &mut self,
        net: Net,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let user = match v {
            Value::Object(mut m) => match m
                .remove("profile_user")
                .or_else(|| m.remove("text_post_app_text_post_app_profile"))
            {
                Some(Value::Array(mut a)) if !a.is_empty() => a.swap_remove(0),
                Some(other) => other,
                None => Value::Object(m),
            },
            other => other,
        };
        let Value::Object(mut u) = user else {
            cx.report
                .skipped(Kind::Account, "profile is not a JSON object", &src.entry);
            return Ok(());
        };
        let mut smd = match u.remove("string_map_data") {
            Some(Value::Object(s)) => s,
            _ => Map::new(),
        };
        let mut take = |k: &str| {
            smd.remove(k)
                .and_then(|v| text(v.get("value")).map(str::to_string))
                .filter(|s| !s.is_empty())
        };
        let handle = take("Username");
        let display_name = take("Name");
        let bio = take("Bio");
        let website = take("Website");
        let protected = take("Private Account").map(|v| v.eq_ignore_ascii_case("true"));
        let photos = u.remove("media_map_data");
        let mut ext = Ext::from_map(u);
        if !smd.is_empty() {
            ext.insert("string_map_data", Value::Object(smd));
        }
        let a = Account {
            handle,
            display_name,
            bio,
            website,
            protected,
            source: src.clone(),
            ext,
            ..Account::default()
        };
        self.emit_owner(net, a, cx)?;
        let owner = self.owner_id(net);
        if let Some(Value::Object(photos)) = photos {
            for (k, p) in photos {
                if let Value::Object(mut p) = p {
                    p.insert("role".into(), Value::String(k));
                    self.media(net, p, Some("photo"), &owner, &src, cx)?;
                }
            }
        }
        Ok(())
    }

    /// A post of `posts_N.json`, `reels.json`, … (also Threads posts): text is the
    /// post's `title`, else the media titles (a single-media post has no top-level
    /// title or time); time is the post's, else the first media's.
    pub(super) fn ig_post(
        &mut self,
        net: Net,
        v: Value,
        src: Source,
        flavor: &str,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report.skipped(Kind::Post, "item is not an object", loc);
            return Ok(());
        };
        let media_objs: Vec<Map<String, Value>> = match m.remove("media") {
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|x| match x {
                    Value::Object(o) => Some(o),
                    _ => None,
                })
                .collect(),
            Some(other) => {
                m.insert("media".into(), other);
                Vec::new()
            }
            None => Vec::new(),
        };
        let mut body = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .unwrap_or_default();
        if body.is_empty() {
            body = media_objs
                .iter()
                .filter_map(|mo| text(mo.get("title")).filter(|t| !t.is_empty()))
                .collect::<Vec<_>>()
                .join("\n");
        }
        let created_at = secs(m.get("creation_timestamp")).or_else(|| {
            media_objs
                .first()
                .and_then(|mo| secs(mo.get("creation_timestamp")))
        });
        m.remove("creation_timestamp");
        let first_uri = media_objs
            .iter()
            .find_map(|mo| text(mo.get("uri")).filter(|u| !u.is_empty()))
            .unwrap_or("")
            .to_string();
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let native = format!("{ts}-{}", short_hash(&[&body, &first_uri, flavor]));
        let (id, _) = self.unique(net, Kind::Post, &native);
        let mut ext = Ext::default();
        // Threads: reply flag and reply control sit on the (first) media item
        let mut app = None;
        let mut media = Vec::new();
        for mut mo in media_objs {
            if let Some(a) = mo.remove("text_app_post") {
                if app.is_none() {
                    app = Some(a);
                }
            }
            if net == Net::Threads {
                strip_device_ids(&mut mo);
            }
            // the caption was taken as the post's text
            if text(mo.get("title")) == Some(body.as_str()) {
                mo.remove("title");
            }
            if let Some(mid) = self.media(net, mo, None, &id, &src, cx)? {
                media.push(mid);
            }
        }
        if let Some(Value::Object(a)) = app {
            for (k, v) in a {
                ext.insert(&k, v);
            }
        }
        if flavor != "post" {
            ext.insert_string("meta_kind", flavor.to_string());
        }
        ext.extend_map(m);
        let p = Post {
            id,
            network: net.name().into(),
            author: self.owner_id(net),
            created_at,
            text: body,
            media,
            visibility: Visibility::Unknown,
            source: src,
            ext,
            ..Post::default()
        };
        cx.emit(Record::Post(p))
    }

    fn ig_comment(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report.skipped(Kind::Post, "item is not an object", loc);
            return Ok(());
        };
        let mut smd = match m.remove("string_map_data") {
            Some(Value::Object(s)) => s,
            _ => Map::new(),
        };
        let body = smd
            .remove("Comment")
            .and_then(|v| text(v.get("value")).map(str::to_string))
            .unwrap_or_default();
        let owner_of_post = smd
            .remove("Media Owner")
            .and_then(|v| text(v.get("value")).map(str::to_string));
        let created_at = smd.get("Time").and_then(|t| secs(t.get("timestamp")));
        if created_at.is_some() {
            smd.remove("Time");
        }
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let native = format!(
            "comment-{ts}-{}",
            short_hash(&[&body, owner_of_post.as_deref().unwrap_or("")])
        );
        let (id, _) = self.unique(NET, Kind::Post, &native);
        let reply_to_account = owner_of_post
            .as_deref()
            .filter(|o| !o.is_empty())
            .map(|o| self.user(NET, o, None, &src));
        let mut ext = Ext::default();
        ext.insert_string("meta_kind", "comment".into());
        if !smd.is_empty() {
            ext.insert("string_map_data", Value::Object(smd));
        }
        if let Some(Value::Array(mld)) = m.get("media_list_data") {
            if mld
                .iter()
                .all(|x| text(x.get("uri")).unwrap_or("").is_empty())
            {
                m.remove("media_list_data");
            }
        }
        ext.extend_map(m);
        let p = Post {
            id,
            network: NET.name().into(),
            author: self.owner_id(NET),
            created_at,
            text: body,
            reply_to_account,
            source: src,
            ext,
            ..Post::default()
        };
        cx.emit(Record::Post(p))
    }
}

/// Drop `device_id` (a device identifier) from a media item's EXIF lists.
fn strip_device_ids(mo: &mut Map<String, Value>) {
    if let Some(Value::Object(md)) = mo.get_mut("media_metadata") {
        for (_, sub) in md.iter_mut() {
            if let Some(Value::Array(exif)) = sub.get_mut("exif_data") {
                for x in exif {
                    if let Value::Object(o) = x {
                        o.remove("device_id");
                    }
                }
            }
        }
    }
}
