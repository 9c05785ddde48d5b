//! Tweets of every generation, note tweets, edits, and the classic `tweets.csv`.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::{Map, Value};

use self::notes::edit_initial;
use super::raw::{parse_tweet_item, raw_object, ParsedTweet, Rest, Str};
use super::{get_str, loc, take_str, take_time, Note, Role, Twitter, GENERATIONS, NET};
use crate::container::Entry;
use crate::error::Result;
use crate::import::Context;
use crate::model::{
    record_id, Ext, Kind, Link, Media, Mention, Post, PostVersion, Record, Source, Style,
    Timestamp, Visibility,
};
use crate::read::text::{decode_entities, splice, Splice};

pub(super) mod csv;
mod media;
pub(super) mod notes;

const TWITTER_EPOCH_MS: i64 = 1_288_834_974_657;

/// Time encoded in a snowflake id (ids after November 2010).
pub(crate) fn snowflake_time(id: u64) -> Option<Timestamp> {
    if id < (1u64 << 32) {
        return None;
    }
    Timestamp::from_millis((id >> 22) as i64 + TWITTER_EPOCH_MS)
}

fn idx(v: &Value) -> Option<usize> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().map(|n| n as usize),
        _ => None,
    }
}

fn indices(m: &Map<String, Value>) -> (usize, usize) {
    match m.get("indices") {
        Some(Value::Array(a)) if a.len() == 2 => (idx(&a[0]).unwrap_or(0), idx(&a[1]).unwrap_or(0)),
        _ => (0, 0),
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `https://twitter.com/<user>/status/<id>` (or x.com) → id.
pub(crate) fn status_id(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?
        .trim_start_matches("www.")
        .trim_start_matches("mobile.");
    let rest = rest
        .strip_prefix("twitter.com/")
        .or_else(|| rest.strip_prefix("x.com/"))?;
    let mut parts = rest.split('/');
    let _user = parts.next()?;
    if parts.next()? != "status" {
        return None;
    }
    let id = parts.next()?;
    let id = id.split(['?', '#']).next()?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

/// `https://twitter.com/<user>/status/<id>/photo/1` (or `/video/1`): the link a
/// tweet's media stands behind.
fn is_media_link(url: &str) -> bool {
    status_id(url).is_some() && (url.contains("/photo/") || url.contains("/video/"))
}

/// Parse a time field; its source string goes to `raw` (under the model's field name)
/// when it was not RFC 3339 UTC, and into `ext` (under its source key) when it could
/// not be read at all.
pub(crate) fn time_field(
    v: Option<Str>,
    source_key: &str,
    field: &str,
    raw: &mut BTreeMap<String, String>,
    ext: &mut Ext,
) -> Option<Timestamp> {
    let v = v?;
    match Timestamp::parse(v.as_str()) {
        Some((t, canonical)) => {
            if !canonical {
                raw.insert(field.to_string(), v.into_string());
            }
            Some(t)
        }
        None => {
            ext.insert_string(source_key, v.into_string());
            None
        }
    }
}

/// Entity fields lifeboat does not map, kept with where they were.
fn note_extra(extra: &mut Vec<Value>, kind: &str, index: usize, rest: Rest) {
    if !rest.is_empty() {
        let mut e = Map::new();
        e.insert("entity".into(), Value::String(kind.to_string()));
        e.insert("index".into(), Value::from(index as u64));
        e.insert(
            "fields".into(),
            serde_json::to_value(&rest).unwrap_or(Value::Null),
        );
        extra.push(Value::Object(e));
    }
}

pub(crate) fn kind_from_name(name: &str) -> &'static str {
    let l = name.to_ascii_lowercase();
    if l.ends_with(".mp4") || l.ends_with(".mov") || l.ends_with(".m4v") || l.ends_with(".webm") {
        "video"
    } else if l.ends_with(".gif") {
        "gif"
    } else if l.ends_with(".mp3")
        || l.ends_with(".m4a")
        || l.ends_with(".ogg")
        || l.ends_with(".wav")
    {
        "audio"
    } else if l.ends_with(".jpg")
        || l.ends_with(".jpeg")
        || l.ends_with(".png")
        || l.ends_with(".webp")
    {
        "photo"
    } else {
        "document"
    }
}

fn basename(url: &str) -> String {
    let u = url.split(['?', '#']).next().unwrap_or(url);
    u.rsplit('/').next().unwrap_or(u).to_string()
}

/// The client name inside `<a href="…">Name</a>`.
fn client_name(s: &str) -> String {
    if let (Some(a), Some(b)) = (s.find('>'), s.rfind("</a>")) {
        if a < b {
            return decode_entities(&s[a + 1..b]).into_owned();
        }
    }
    s.to_string()
}

impl Twitter {
    pub(crate) fn tweet(
        &mut self,
        role: Role,
        bytes: &[u8],
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let mut repaired = false;
        let parsed = match parse_tweet_item(bytes, &mut repaired) {
            Ok(p) => p,
            Err(msg) => {
                cx.report
                    .skipped(Kind::Post, format!("not valid JSON: {msg}"), loc(&src));
                return Ok(());
            }
        };
        if repaired {
            cx.report.repair("encoding");
        }
        let (mut t, wrapped) = match parsed {
            ParsedTweet::Wrapped(t) => (t, true),
            ParsedTweet::Bare(t) => (t, false),
            ParsedTweet::NotAnObject => {
                cx.report
                    .skipped(Kind::Post, "tweet item is not an object", loc(&src));
                return Ok(());
            }
        };
        if !wrapped && role == Role::Tweets && self.gen == "G2" {
            self.gen = "G1".into();
            cx.report.generation = GENERATIONS[1].to_string();
        }
        // everything not mapped below stays in `m`, which becomes the post's ext
        let mut m = Ext(std::mem::take(&mut t.rest));
        let keep = |m: &mut Ext, k: &str, v: Str| m.insert_string(k, v.into_string());
        let (id_str, id_num) = (t.id_str.take(), t.id.take());
        let id = match id_str.as_ref().or(id_num.as_ref()) {
            Some(id)
                if !id.as_str().is_empty() && id.as_str().bytes().all(|b| b.is_ascii_digit()) =>
            {
                id.as_str().to_string()
            }
            Some(id) => {
                cx.report.skipped(
                    Kind::Post,
                    format!("tweet id {:?} is not a number", id.as_str()),
                    loc(&src),
                );
                return Ok(());
            }
            None => {
                cx.report
                    .skipped(Kind::Post, "tweet without id_str or id", loc(&src));
                return Ok(());
            }
        };
        if let Some(n) = id_num.filter(|n| n.as_str() != id) {
            keep(&mut m, "id", n);
        }
        let nid: u64 = id.parse().unwrap_or(0);
        let (full, text_field) = (t.full_text.take(), t.text.take());
        let full_text = match (full, text_field) {
            (Some(f), other) => {
                if let Some(o) = other {
                    keep(&mut m, "text", o);
                }
                f.into_string()
            }
            (None, Some(f)) => f.into_string(),
            (None, None) => {
                cx.report
                    .skipped(Kind::Post, "tweet without full_text or text", loc(&src));
                return Ok(());
            }
        };
        self.tweets_read += u64::from(matches!(role, Role::Tweets | Role::ClassicMonth));
        self.deleted_read += u64::from(role == Role::DeletedTweets);
        let mut raw = BTreeMap::new();
        let mut created_at = time_field(
            t.created_at.take(),
            "created_at",
            "created_at",
            &mut raw,
            &mut m,
        );
        if created_at.is_none() {
            created_at = snowflake_time(nid);
            if created_at.is_some() {
                cx.report.repair("created_at_from_snowflake_id");
                cx.report.warn(format!(
                    "{}: created_at unreadable, time taken from the tweet id",
                    loc(&src)
                ));
            }
        }
        let deleted_at = time_field(
            t.deleted_at.take(),
            "deleted_at",
            "deleted_at",
            &mut raw,
            &mut m,
        );

        // G0: the user object is the owner (or the author of an old-style archive)
        if let Some(u) = t.user.take() {
            self.classic_user(u, &mut m);
        }

        let mut post = Post {
            id: record_id(NET, Kind::Post, &id),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            deleted_at,
            raw_times: raw,
            source: src.clone(),
            ..Default::default()
        };
        let mut splices: Vec<Splice> = Vec::new();
        let mut extra: Vec<Value> = Vec::new();

        // entities
        let mut media_objs: Vec<Map<String, Value>> = Vec::new();
        if let Some(ents) = t.entities.take() {
            for (i, u) in ents.urls.into_iter().flatten().enumerate() {
                let short = u.url.map(Str::into_string).unwrap_or_default();
                let target = u
                    .expanded_url
                    .map(Str::into_string)
                    .unwrap_or_else(|| short.clone());
                let (a, b) = u.indices.and_then(|x| x.0).unwrap_or((0, 0));
                if !short.is_empty() {
                    splices.push(Splice {
                        start: a,
                        end: b,
                        with: target.clone(),
                        expect: short.clone(),
                    });
                }
                post.links.push(Link {
                    url: target,
                    short_url: (!short.is_empty()).then_some(short),
                    display: u.display_url.map(Str::into_string),
                });
                note_extra(&mut extra, "urls", i, u.rest);
            }
            for (i, u) in ents.user_mentions.into_iter().flatten().enumerate() {
                let handle = u.screen_name.map(Str::into_string).unwrap_or_default();
                let uid = u.id_str.or(u.id).map(Str::into_string);
                let name = u.name.map(Str::into_string);
                if let Some(uid) = &uid {
                    self.see_account(uid, Some(&handle), name.as_deref());
                }
                post.mentions.push(Mention {
                    handle,
                    account: uid
                        .filter(|s| s != "-1")
                        .map(|u| record_id(NET, Kind::Account, &u)),
                    display_name: name,
                });
                note_extra(&mut extra, "user_mentions", i, u.rest);
            }
            for (key, list, out) in [
                ("hashtags", ents.hashtags, &mut post.tags),
                ("symbols", ents.symbols, &mut post.symbols),
            ] {
                for (i, h) in list.into_iter().flatten().enumerate() {
                    if let Some(x) = h.text {
                        out.push(x.into_string());
                    }
                    note_extra(&mut extra, key, i, h.rest);
                }
            }
            media_objs = ents.media.unwrap_or_default();
            if !ents.rest.is_empty() {
                m.insert_raw("entities".into(), raw_object(&ents.rest));
            }
        }
        if let Some(ee) = t.extended_entities.take() {
            if let Some(ms) = ee.media {
                // the full list (1–4 items, real types) replaces entities.media
                media_objs = ms;
            }
            if !ee.rest.is_empty() {
                m.insert_raw("extended_entities".into(), raw_object(&ee.rest));
            }
        }
        if !extra.is_empty() {
            m.insert("entities_unmapped", Value::Array(extra));
        }
        for mo in &media_objs {
            if let Some(short) = get_str(mo, "url") {
                if !splices.iter().any(|s| s.expect == short) {
                    let (a, b) = indices(mo);
                    splices.push(Splice {
                        start: a,
                        end: b,
                        with: String::new(),
                        expect: short.to_string(),
                    });
                }
            }
        }
        post.text = splice(&full_text, &mut splices, true);
        if post.text != full_text {
            if full_text.contains("&amp;")
                || full_text.contains("&lt;")
                || full_text.contains("&gt;")
            {
                cx.report.repair("html_entities");
            }
            m.insert_string("full_text", full_text.clone());
        }

        // replies
        let (rs, ri) = (
            t.in_reply_to_status_id_str.take(),
            t.in_reply_to_status_id.take(),
        );
        if let Some(r) = rs.as_ref().or(ri.as_ref()) {
            post.reply_to = Some(record_id(NET, Kind::Post, r.as_str()));
        }
        if let (Some(a), Some(b)) = (&rs, ri) {
            if a.as_str() != b.as_str() {
                keep(&mut m, "in_reply_to_status_id", b);
            }
        }
        let (us, ui) = (
            t.in_reply_to_user_id_str.take(),
            t.in_reply_to_user_id.take(),
        );
        let reply_user = us.as_ref().or(ui.as_ref()).map(|u| u.as_str().to_string());
        if let (Some(a), Some(b)) = (&us, ui) {
            if a.as_str() != b.as_str() {
                keep(&mut m, "in_reply_to_user_id", b);
            }
        }
        let reply_handle = t.in_reply_to_screen_name.take();
        if let Some(u) = &reply_user {
            self.see_account(u, reply_handle.as_ref().map(Str::as_str), None);
            post.reply_to_account = Some(record_id(NET, Kind::Account, u));
        } else if let Some(h) = reply_handle {
            keep(&mut m, "in_reply_to_screen_name", h);
        }

        // retweets and quotes
        let is_rt = full_text.starts_with("RT @");
        if let Some(Value::Object(rs)) = m.get_value("retweeted_status") {
            post.repost_of = str_of(rs.get("id_str")).map(|s| record_id(NET, Kind::Post, &s));
            if let Some(Value::Object(u)) = rs.get("user") {
                if let Some(uid) = str_of(u.get("id_str")) {
                    self.see_account(&uid, get_str(u, "screen_name"), get_str(u, "name"));
                    post.repost_of_account = Some(record_id(NET, Kind::Account, &uid));
                }
            }
        }
        if is_rt {
            if post.repost_of_account.is_none() {
                post.repost_of_account = post.mentions.first().and_then(|m| m.account.clone());
            }
            if post.repost_of.is_none() {
                post.repost_of = media_objs
                    .iter()
                    .find_map(|mo| str_of(mo.get("source_status_id_str")))
                    .map(|s| record_id(NET, Kind::Post, &s));
            }
        } else {
            post.quote_of = post
                .links
                .iter()
                .rev()
                .find_map(|l| status_id(&l.url).filter(|s| *s != id))
                .map(|s| record_id(NET, Kind::Post, s));
        }

        // the rest of the mapped fields
        post.lang = t.lang.take().map(Str::into_string);
        if let Some(s) = t.source.take() {
            post.client = Some(client_name(s.as_str()));
            if s.as_str().contains('<') {
                keep(&mut m, "source", s);
            }
        }
        for (v, k, name) in [
            (t.favorite_count.take(), "favorite_count", "likes"),
            (t.retweet_count.take(), "retweet_count", "reposts"),
        ] {
            if let Some(v) = v {
                match v.as_str().parse::<u64>() {
                    Ok(n) => {
                        post.metrics.insert(name.into(), n);
                    }
                    Err(_) => keep(&mut m, k, v),
                }
            }
        }
        post.sensitive = t.possibly_sensitive.take();
        let (cs, ci) = (t.community_id_str.take(), t.community_id.take());
        post.community = cs.as_ref().or(ci.as_ref()).map(|c| c.as_str().to_string());
        if let (Some(a), Some(b)) = (&cs, ci) {
            if a.as_str() != b.as_str() {
                keep(&mut m, "community_id", b);
            }
        }
        post.visibility = if role == Role::CircleTweets {
            Visibility::Private
        } else if self.protected {
            Visibility::Followers
        } else {
            Visibility::Public
        };
        post.url = Some(match &self.owner.handle {
            Some(h) => format!("https://twitter.com/{h}/status/{id}"),
            None => format!("https://twitter.com/i/web/status/{id}"),
        });

        // note tweet: the full text of a long post
        if matches!(
            role,
            Role::Tweets | Role::DeletedTweets | Role::CommunityTweets | Role::CircleTweets
        ) && !self.notes.is_empty()
        {
            self.join_note(nid, &full_text, &mut post, cx);
        }

        // media; an edited tweet becomes one post under its initial id: its media belong there
        let edit_group = edit_initial(&m, nid);
        let owner_post = match edit_group {
            Some(initial) => record_id(NET, Kind::Post, &initial.to_string()),
            None => post.id.clone(),
        };
        let classic = self.gen == "G0";
        let dir = self.media_dir(role, &src.entry);
        for mo in media_objs {
            let media = self.media_record(&id, &owner_post, mo, &src, &dir, classic, cx);
            post.media.push(media.id.clone());
            cx.emit(Record::Media(media))?;
        }

        // edits: hold every version until all were seen
        let joined = std::mem::take(&mut post.ext);
        post.ext = m;
        post.ext.extend(joined);
        if classic {
            self.classic_ids.insert(nid);
        }
        match edit_group {
            Some(initial) => {
                self.edits.entry(initial).or_default().push(post);
                Ok(())
            }
            None => cx.emit(Record::Post(post)),
        }
    }

    /// A G0 tweet's `user`: the owner, filled in where not known yet; kept in ext when
    /// it is someone else.
    fn classic_user(&mut self, u: Map<String, Value>, m: &mut Ext) {
        let Some(uid) = str_of(u.get("id_str")).or_else(|| str_of(u.get("id"))) else {
            m.insert("user", Value::Object(u));
            return;
        };
        if self.owner_native.is_none() {
            self.set_owner_native_pub(&uid);
        }
        if Some(uid.as_str()) != self.owner_native.as_deref() {
            m.insert("user", Value::Object(u));
            return;
        }
        if self.owner.handle.is_none() {
            self.owner.handle = get_str(&u, "screen_name").map(Into::into);
        }
        if self.owner.display_name.is_none() {
            self.owner.display_name = get_str(&u, "name").map(Into::into);
        }
        if self.owner.avatar_url.is_none() {
            self.owner.avatar_url = get_str(&u, "profile_image_url_https").map(Into::into);
        }
        if u.get("protected") == Some(&Value::Bool(true)) {
            self.protected = true;
        }
        if self.owner.verified.is_none() {
            self.owner.verified = u.get("verified").and_then(Value::as_bool);
        }
    }

    pub(crate) fn set_owner_native_pub(&mut self, id: &str) {
        self.set_owner_native(id)
    }
}

#[cfg(test)]
mod tests;
