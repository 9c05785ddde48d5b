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

    /// A like of a `string_list_data` list (Instagram and Threads liked posts).
    pub(super) fn list_like(
        &mut self,
        net: Net,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Reaction, "item is not an object", loc);
            return Ok(());
        };
        let sld = match m.remove("string_list_data") {
            Some(Value::Array(a)) => a.into_iter().next(),
            _ => None,
        };
        let Some(Value::Object(mut s)) = sld else {
            return self.keep(
                Kind::Reaction,
                &src,
                "a like without string_list_data",
                &Value::Object(m),
                cx,
            );
        };
        let href = s
            .remove("href")
            .and_then(|h| h.as_str().map(str::to_string))
            .filter(|h| !h.is_empty());
        let emoji = s
            .remove("value")
            .and_then(|h| h.as_str().map(str::to_string));
        let created_at = secs(s.get("timestamp"));
        if created_at.is_some() {
            s.remove("timestamp");
        }
        let post_owner = m
            .remove("title")
            .and_then(|h| h.as_str().map(str::to_string))
            .filter(|h| !h.is_empty());
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let target_native = match &href {
            Some(h) => h.clone(),
            None => format!("unknown/{}/{ts}", post_owner.as_deref().unwrap_or("")),
        };
        let owner = self.owner_id(net);
        let (id, _) = self.unique(
            net,
            Kind::Reaction,
            &format!("like/{}/{target_native}", native_of(&owner)),
        );
        let mut ext = Ext::from_map(m);
        if let Some(o) = post_owner {
            ext.insert_string("post_owner", o);
        }
        if !s.is_empty() {
            ext.insert("string_list_data", Value::Object(s));
        }
        let r = Reaction {
            id,
            network: net.name().into(),
            kind: "like".into(),
            actor: owner,
            target: record_id(net.name(), Kind::Post, &target_native),
            emoji,
            created_at,
            target_url: href,
            source: src,
            ext,
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// A saved post: `{"title": <post owner>, "string_map_data": {"Saved on": {"href",
    /// "timestamp"}}}` (labels are localized: the first value with a link is used).
    fn ig_saved(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Reaction, "item is not an object", loc);
            return Ok(());
        };
        let found = m
            .get("string_map_data")
            .and_then(Value::as_object)
            .and_then(|smd| {
                smd.values()
                    .find(|x| text(x.get("href")).is_some_and(|h| !h.is_empty()))
            })
            .or_else(|| {
                m.get("string_list_data")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
            })
            .map(|x| {
                (
                    text(x.get("href")).map(str::to_string),
                    secs(x.get("timestamp")),
                )
            });
        let Some((Some(href), created_at)) = found else {
            return self.keep(
                Kind::Reaction,
                &src,
                "a saved item without a link",
                &Value::Object(m),
                cx,
            );
        };
        let owner = self.owner_id(NET);
        let (id, _) = self.unique(
            NET,
            Kind::Reaction,
            &format!("bookmark/{}/{href}", native_of(&owner)),
        );
        let post_owner = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .filter(|t| !t.is_empty());
        let mut ext = Ext::from_map(m);
        if let Some(o) = post_owner {
            ext.insert_string("post_owner", o);
        }
        let r = Reaction {
            id,
            network: NET.name().into(),
            kind: "bookmark".into(),
            actor: owner,
            target: record_id(NET.name(), Kind::Post, &href),
            created_at,
            target_url: Some(href),
            source: src,
            ext,
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// An item of a follower/following/blocked list (Instagram and Threads).
    pub(super) fn list_relationship(
        &mut self,
        net: Net,
        kind: &'static str,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Relationship, "item is not an object", loc);
            return Ok(());
        };
        let sld = m
            .get("string_list_data")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .cloned();
        let (kind, status) = kind_status(kind);
        let labelled = username_of(&m, sld.as_ref()).is_none();
        let Some(username) = username_of(&m, sld.as_ref()).or_else(|| label_username(&m)) else {
            cx.report.skipped(
                Kind::Relationship,
                format!("{kind} item without a username"),
                loc,
            );
            return Ok(());
        };
        let mut since = sld.as_ref().and_then(|s| secs(s.get("timestamp")));
        if since.is_none() && labelled {
            // label_values items carry their time on the item
            since = secs(m.get("timestamp"));
            if since.is_some() {
                m.remove("timestamp");
            }
        }
        let display = text(m.get("title"))
            .filter(|t| *t != username)
            .map(str::to_string);
        let object = self.user(net, &username, display.as_deref(), &src);
        let owner = self.owner_id(net);
        let (id, _) = self.unique(
            net,
            Kind::Relationship,
            &format!("{kind}/{}/{}", native_of(&owner), native_of(&object)),
        );
        if m.get("media_list_data")
            .and_then(Value::as_array)
            .is_some_and(|a| a.is_empty())
        {
            m.remove("media_list_data");
        }
        if text(m.get("title")) == Some("") {
            m.remove("title");
        }
        let mut ext = Ext::from_map(m);
        if let Some(s) = status {
            ext.insert_string("status", s.to_string());
        }
        let r = Relationship {
            id,
            network: net.name().into(),
            kind: kind.into(),
            subject: owner,
            object,
            since,
            source: src,
            ext,
            ..Relationship::default()
        };
        cx.emit(Record::Relationship(r))
    }

    /// A graph-history file (follow and friend requests, unfollowed and removed
    /// accounts, story likes): small lists under one key (or a list at the root, the
    /// 2025+ `label_values` form), each item a relationship of `kind`.
    pub(super) fn read_graph_history(
        &mut self,
        net: Net,
        kind: &'static str,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let Some(v) = self.whole(e, r, cx, Kind::Relationship)? else {
            return Ok(1);
        };
        let items = match v {
            Value::Array(a) => a,
            Value::Object(m) => {
                // the one list the file holds, whatever its key
                let mut lists: Vec<(String, Value)> =
                    m.into_iter().filter(|(_, v)| v.is_array()).collect();
                match lists.len() {
                    1 => match lists.pop() {
                        Some((_, Value::Array(a))) => a,
                        _ => Vec::new(),
                    },
                    _ => {
                        let raw = Value::Object(lists.into_iter().collect());
                        self.keep(
                            Kind::Relationship,
                            &Source::entry(&e.name),
                            "a graph-history file without exactly one list",
                            &raw,
                            cx,
                        )?;
                        return Ok(1);
                    }
                }
            }
            other => {
                self.keep(
                    Kind::Relationship,
                    &Source::entry(&e.name),
                    "a graph-history file that is neither a list nor an object",
                    &other,
                    cx,
                )?;
                return Ok(1);
            }
        };
        let n = items.len() as u64;
        for (i, item) in items.into_iter().enumerate() {
            let src = Source::at(&e.name, i as u64);
            if net == Net::Facebook {
                self.fb_relationship(kind, item, src, cx)?;
            } else {
                self.list_relationship(net, kind, item, src, cx)?;
            }
        }
        Ok(n)
    }

    fn ig_legacy_media(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let Some(Value::Object(m)) = self.whole(e, r, cx, Kind::Post)? else {
            return Ok(1);
        };
        let owner = self.owner_id(NET);
        let mut n = 0;
        for (k, list) in m {
            let Value::Array(items) = list else {
                continue;
            };
            for (i, item) in items.into_iter().enumerate() {
                n += 1;
                let src = Source {
                    entry: e.name.clone(),
                    index: Some(i as u64),
                    pointer: Some(format!("/{k}/{i}")),
                    ..Source::default()
                };
                let Value::Object(mut it) = item else {
                    self.keep(Kind::Post, &src, "not a media object", &item, cx)?;
                    continue;
                };
                let path = it
                    .remove("path")
                    .and_then(|p| p.as_str().map(str::to_string))
                    .unwrap_or_default();
                let mut mo = Map::new();
                mo.insert("uri".into(), Value::String(path.clone()));
                if k == "profile" || k == "direct" {
                    let mut mo = mo;
                    mo.insert("role".into(), Value::String(k.clone()));
                    mo.extend(it);
                    if self.media(NET, mo, None, &owner, &src, cx)?.is_none() {
                        cx.report.skipped(
                            Kind::Media,
                            "media without a path",
                            format!("{}#{k}/{i}", e.name),
                        );
                    }
                    continue;
                }
                let body = it
                    .remove("caption")
                    .and_then(|c| c.as_str().map(str::to_string))
                    .unwrap_or_default();
                let mut raw = BTreeMap::new();
                let created_at = text(it.get("taken_at"))
                    .map(str::to_string)
                    .and_then(|s| iso(&s, "taken_at", &mut raw));
                if created_at.is_some() {
                    it.remove("taken_at");
                }
                let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
                let flavor = match k.as_str() {
                    "stories" => "story",
                    "videos" => "video",
                    _ => "post",
                };
                let native = format!("{ts}-{}", short_hash(&[&body, &path, flavor]));
                let (id, _) = self.unique(NET, Kind::Post, &native);
                let media: Vec<String> = self
                    .media(NET, mo, None, &id, &src, cx)?
                    .into_iter()
                    .collect();
                let mut ext = Ext::from_map(it);
                if flavor != "post" {
                    ext.insert_string("meta_kind", flavor.into());
                }
                let p = Post {
                    id,
                    network: NET.name().into(),
                    author: owner.clone(),
                    created_at,
                    text: body,
                    media,
                    raw_times: raw,
                    source: src,
                    ext,
                    ..Post::default()
                };
                cx.emit(Record::Post(p))?;
            }
        }
        Ok(n)
    }

    fn ig_legacy_connections(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let Some(Value::Object(m)) = self.whole(e, r, cx, Kind::Relationship)? else {
            return Ok(1);
        };
        let owner = self.owner_id(NET);
        let mut n = 0;
        for (k, map) in m {
            let kind = match k.as_str() {
                "followers" => "follower",
                "following" => "following",
                "blocked_users" => "block",
                "restricted_users" => "restrict",
                "close_friends" => "close_friend",
                "follow_requests_sent" => "follow_request",
                "following_hashtags" => "following_hashtag",
                _ => "other",
            };
            let Value::Object(map) = map else {
                continue;
            };
            for (user, when) in map {
                n += 1;
                let src = Source {
                    entry: e.name.clone(),
                    index: Some(n - 1),
                    pointer: Some(format!("/{k}")),
                    ..Source::default()
                };
                if kind == "other" {
                    let v = serde_json::json!({ k.clone(): { user: when } });
                    self.keep(Kind::Relationship, &src, "list not mapped", &v, cx)?;
                    continue;
                }
                let mut raw = BTreeMap::new();
                let since = when.as_str().and_then(|s| iso(s, "since", &mut raw));
                let object = if kind == "following_hashtag" {
                    format!("https://www.instagram.com/explore/tags/{user}/")
                } else {
                    self.user(NET, &user, None, &src)
                };
                let (id, _) = self.unique(
                    NET,
                    Kind::Relationship,
                    &format!("{kind}/{}/{}", native_of(&owner), native_of(&object)),
                );
                let r = Relationship {
                    id,
                    network: NET.name().into(),
                    kind: kind.into(),
                    subject: owner.clone(),
                    object,
                    since,
                    raw_times: raw,
                    source: src,
                    ..Relationship::default()
                };
                cx.emit(Record::Relationship(r))?;
            }
        }
        Ok(n)
    }

    fn ig_legacy_likes(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let Some(Value::Object(m)) = self.whole(e, r, cx, Kind::Reaction)? else {
            return Ok(1);
        };
        let owner = self.owner_id(NET);
        let mut n = 0;
        for (k, list) in m {
            let Value::Array(items) = list else {
                continue;
            };
            for item in items {
                n += 1;
                let src = Source {
                    entry: e.name.clone(),
                    index: Some(n - 1),
                    pointer: Some(format!("/{k}")),
                    ..Source::default()
                };
                let (when, user) = match item.as_array().map(|a| a.as_slice()) {
                    Some([Value::String(w), Value::String(u), ..]) => (w.clone(), u.clone()),
                    _ => {
                        self.keep(
                            Kind::Reaction,
                            &src,
                            "a like that is not [time, user]",
                            &item,
                            cx,
                        )?;
                        continue;
                    }
                };
                let mut raw = BTreeMap::new();
                let created_at = iso(&when, "created_at", &mut raw);
                let what = if k == "comment_likes" {
                    "comment"
                } else {
                    "post"
                };
                let target_native = format!("unknown/{user}/{what}/{when}");
                let (id, _) = self.unique(
                    NET,
                    Kind::Reaction,
                    &format!("like/{}/{target_native}", native_of(&owner)),
                );
                let mut ext = Ext::default();
                ext.insert_string("post_owner", user);
                let r = Reaction {
                    id,
                    network: NET.name().into(),
                    kind: "like".into(),
                    actor: owner.clone(),
                    target: record_id(NET.name(), Kind::Post, &target_native),
                    created_at,
                    raw_times: raw,
                    source: src,
                    ext,
                    ..Reaction::default()
                };
                cx.emit(Record::Reaction(r))?;
            }
        }
        Ok(n)
    }

    fn ig_legacy_comments(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let Some(Value::Object(m)) = self.whole(e, r, cx, Kind::Post)? else {
            return Ok(1);
        };
        let owner = self.owner_id(NET);
        let mut n = 0;
        for (k, list) in m {
            let Value::Array(items) = list else {
                continue;
            };
            for item in items {
                n += 1;
                let src = Source {
                    entry: e.name.clone(),
                    index: Some(n - 1),
                    pointer: Some(format!("/{k}")),
                    ..Source::default()
                };
                let (when, body, user) = match item.as_array().map(|a| a.as_slice()) {
                    Some([Value::String(w), Value::String(t), Value::String(u), ..]) => {
                        (w.clone(), t.clone(), u.clone())
                    }
                    _ => {
                        self.keep(
                            Kind::Post,
                            &src,
                            "a comment that is not [time, text, user]",
                            &item,
                            cx,
                        )?;
                        continue;
                    }
                };
                let mut raw = BTreeMap::new();
                let created_at = iso(&when, "created_at", &mut raw);
                let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
                let (id, _) = self.unique(
                    NET,
                    Kind::Post,
                    &format!("comment-{ts}-{}", short_hash(&[&body, &user])),
                );
                let reply_to_account = Some(self.user(NET, &user, None, &src));
                let mut ext = Ext::default();
                ext.insert_string(
                    "meta_kind",
                    if k == "live_comments" {
                        "live_comment"
                    } else {
                        "comment"
                    }
                    .into(),
                );
                let p = Post {
                    id,
                    network: NET.name().into(),
                    author: owner.clone(),
                    created_at,
                    text: body,
                    reply_to_account,
                    raw_times: raw,
                    source: src,
                    ext,
                    ..Post::default()
                };
                cx.emit(Record::Post(p))?;
            }
        }
        Ok(n)
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
