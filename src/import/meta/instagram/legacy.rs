//! The legacy (2018–2020) Instagram export: `media.json`, `connections.json`,
//! `likes.json`, `comments.json`.

use super::*;

impl Meta {
    pub(super) fn ig_legacy_media(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
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

    pub(super) fn ig_legacy_connections(
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

    pub(super) fn ig_legacy_likes(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
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

    pub(super) fn ig_legacy_comments(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
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
