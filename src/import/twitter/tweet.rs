//! Tweets of every generation, note tweets, edits, and the classic `tweets.csv`.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::{Map, Value};

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

    #[allow(clippy::too_many_arguments)]
    fn media_record(
        &mut self,
        tid: &str,
        post_id: &str,
        mut mo: Map<String, Value>,
        src: &Source,
        dir: &str,
        classic: bool,
        cx: &mut Context,
    ) -> Media {
        let mid = take_str(&mut mo, "id_str")
            .or_else(|| take_str(&mut mo, "id"))
            .unwrap_or_default();
        if str_of(mo.get("id")).as_deref() == Some(mid.as_str()) {
            mo.remove("id");
        }
        let ty = take_str(&mut mo, "type").unwrap_or_else(|| "photo".into());
        let kind = match ty.as_str() {
            "animated_gif" => "gif",
            "video" => "video",
            _ => "photo",
        };
        let photo_url =
            take_str(&mut mo, "media_url_https").or_else(|| take_str(&mut mo, "media_url"));
        if let (Some(p), Some(Value::String(h))) = (&photo_url, mo.get("media_url")) {
            if h.trim_start_matches("http://") == p.trim_start_matches("https://") {
                mo.remove("media_url");
            }
        }
        mo.remove("indices");
        mo.remove("url");
        let alt_text = take_str(&mut mo, "ext_alt_text");
        // candidate file names: the best video variant first, then every other
        let mut names: Vec<String> = Vec::new();
        let mut best_url = None;
        if kind != "photo" {
            if let Some(Value::Object(vi)) = mo.get("video_info") {
                if let Some(Value::Array(vs)) = vi.get("variants") {
                    let mut vars: Vec<(u64, String)> = vs
                        .iter()
                        .filter_map(|v| {
                            let v = v.as_object()?;
                            let ct = get_str(v, "content_type").unwrap_or("");
                            if !ct.contains("mp4") {
                                return None;
                            }
                            let br = str_of(v.get("bitrate"))
                                .and_then(|b| b.parse().ok())
                                .unwrap_or(0);
                            Some((br, get_str(v, "url")?.to_string()))
                        })
                        .collect();
                    vars.sort_by_key(|v| std::cmp::Reverse(v.0));
                    best_url = vars.first().map(|v| v.1.clone());
                    names.extend(vars.iter().map(|v| basename(&v.1)));
                }
            }
        }
        if let Some(p) = &photo_url {
            names.push(basename(p));
        }
        let native = match mid.parse::<u64>() {
            Ok(n) if self.media_ids.insert(n) => mid.clone(),
            _ if mid.is_empty() => format!("{tid}-{}", names.first().cloned().unwrap_or_default()),
            _ => format!("{mid}@{tid}"),
        };
        let found = if classic {
            None
        } else {
            self.take_file(tid, &names)
        };
        let mut media = Media {
            id: record_id(NET, Kind::Media, &native),
            network: NET.into(),
            kind: kind.into(),
            alt_text,
            original_url: best_url.or(photo_url.clone()),
            attached_to: vec![post_id.to_string()],
            source: src.clone(),
            ..Default::default()
        };
        if kind != "photo" {
            if let Some(p) = photo_url {
                mo.insert("thumbnail_url".into(), Value::String(p));
            }
        }
        match found {
            Some((entry, stored)) => {
                media.set_file(entry, stored.sha256, stored.bytes, stored.path)
            }
            None => {
                media.missing = true;
                media.mime = media
                    .original_url
                    .as_deref()
                    .map(|u| crate::archive::mime_of(&basename(u)).to_string());
                if classic {
                    cx.report.repair("classic_media_reference");
                } else {
                    let want = names.first().cloned().unwrap_or_default();
                    cx.report.missing_media(format!(
                        "{dir}/{tid}-{want} (media {mid} of post {tid}) is referenced but not in the dump"
                    ));
                }
            }
        }
        media.ext = Ext::from_map(mo);
        media
    }

    fn join_note(&mut self, tid: u64, full_text: &str, post: &mut Post, cx: &mut Context) {
        let t_ms = tid >> 22;
        let head = decode_entities(full_text);
        let head = match head.rfind('…') {
            Some(i) => head[..i].trim_end().to_string(),
            None => head.trim_end().to_string(),
        };
        let mut chosen = None;
        for (&nid, note) in self.notes.range(..tid).rev() {
            if t_ms.saturating_sub(nid >> 22) >= 1000 {
                break;
            }
            if note.used {
                continue;
            }
            let text = note
                .value
                .get("core")
                .and_then(|c| c.get("text"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if !head.is_empty() && text.starts_with(&head) {
                chosen = Some(nid);
                break;
            }
        }
        if chosen.is_none()
            && !full_text.starts_with("RT @")
            && decode_entities(full_text).contains('…')
        {
            // A cut head whose text is not a prefix of any note (whitespace or
            // encoding differences): the nearest unused note just before it, within
            // the second, and say so.
            chosen = self
                .notes
                .range(..tid)
                .rev()
                .take_while(|(&nid, _)| t_ms.saturating_sub(nid >> 22) < 1000)
                .find(|(_, n)| !n.used)
                .map(|(&nid, _)| nid);
            if let Some(nid) = chosen {
                cx.report.repair("note_joined_by_time");
                cx.report.warn(format!(
                    "note tweet {nid} joined to tweet {tid} by time only: the tweet's text is not a prefix of the note's"
                ));
            }
        }
        let Some(nid) = chosen else { return };
        let Some(note) = self.notes.get_mut(&nid) else {
            return;
        };
        note.used = true;
        let mut nm = std::mem::take(&mut note.value);
        let nsrc = note.source.clone();
        let deleted = note.deleted;
        cx.report.converted(Kind::Post);
        apply_note(&mut nm, post);
        nm.insert(
            "source".into(),
            serde_json::to_value(&nsrc).unwrap_or(Value::Null),
        );
        if deleted {
            nm.insert("deleted".into(), Value::Bool(true));
        }
        post.ext.insert("note_tweet", Value::Object(nm));
    }
}

/// Replace a post's text and entities by those of its note tweet.
fn apply_note(nm: &mut Map<String, Value>, post: &mut Post) {
    let Some(Value::Object(mut core)) = nm.remove("core") else {
        return;
    };
    let text = take_str(&mut core, "text").unwrap_or_default();
    let mut splices = Vec::new();
    let mut links = Vec::new();
    if let Some(Value::Array(urls)) = core.remove("urls") {
        for u in urls {
            let Value::Object(u) = u else { continue };
            let short = get_str(&u, "shortUrl").unwrap_or("").to_string();
            let exp = get_str(&u, "expandedUrl")
                .map(str::to_string)
                .unwrap_or_else(|| short.clone());
            let a = str_of(u.get("fromIndex"))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let b = str_of(u.get("toIndex"))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if !short.is_empty() {
                splices.push(Splice {
                    start: a,
                    end: b,
                    with: exp.clone(),
                    expect: short.clone(),
                });
            }
            links.push(Link {
                url: exp,
                short_url: Some(short),
                display: get_str(&u, "displayUrl").map(Into::into),
            });
        }
    }
    // note text is not HTML-escaped
    let new_text = splice(&text, &mut splices, false);
    // style spans are in code points of the note text; links change lengths, so map them.
    let mut styles = Vec::new();
    if let Some(Value::Array(st)) = core.remove("styletags") {
        let shift = shift_map(&text, &splices);
        for s in st {
            let Some(s) = s.as_object() else { continue };
            let a: u64 = str_of(s.get("fromIndex"))
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            let b: u64 = str_of(s.get("toIndex"))
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            if let Some(Value::Array(types)) = s.get("styleTypes") {
                for t in types {
                    let name = t
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("style")
                        .to_ascii_lowercase();
                    styles.push(Style {
                        style: name,
                        start: shift(a),
                        end: shift(b),
                    });
                }
            }
        }
    }
    if let Some(Value::Array(ms)) = core.remove("mentions") {
        let mut mentions = Vec::new();
        for mm in ms {
            if let Some(h) = mm.get("screenName").and_then(Value::as_str) {
                let existing = post
                    .mentions
                    .iter()
                    .find(|x| x.handle.eq_ignore_ascii_case(h))
                    .cloned();
                mentions.push(existing.unwrap_or(Mention {
                    handle: h.to_string(),
                    account: None,
                    display_name: None,
                }));
            }
        }
        post.mentions = mentions;
    }
    if let Some(Value::Array(hs)) = core.remove("hashtags") {
        post.tags = hs
            .iter()
            .filter_map(|h| h.get("text")?.as_str().map(str::to_string))
            .collect();
    }
    if let Some(Value::Array(hs)) = core.remove("cashtags") {
        post.symbols = hs
            .iter()
            .filter_map(|h| h.get("text")?.as_str().map(str::to_string))
            .collect();
    }
    // links of the head that the note also has are kept once
    for l in links {
        if !post.links.iter().any(|x| x.url == l.url) {
            post.links.push(l);
        }
    }
    post.text = new_text;
    post.styles = styles;
    if !core.is_empty() {
        nm.insert("core".into(), Value::Object(core));
    }
    nm.insert("text".into(), Value::String(text));
}

/// A function mapping a code-point index of `text` to the same place after the
/// splices were applied.
fn shift_map(text: &str, splices: &[Splice]) -> impl Fn(u64) -> u64 {
    let mut deltas: Vec<(u64, i64)> = Vec::new();
    for s in splices {
        let len_old = s.expect.chars().count() as i64;
        let len_new = s.with.chars().count() as i64;
        // where the short link really is
        if let Some(b) = text.find(s.expect.as_str()) {
            let cp = text[..b].chars().count() as u64;
            deltas.push((cp, len_new - len_old));
        }
    }
    deltas.sort();
    move |i: u64| {
        let d: i64 = deltas
            .iter()
            .filter(|(at, _)| *at < i)
            .map(|(_, d)| *d)
            .sum();
        (i as i64 + d).max(0) as u64
    }
}

/// The initial tweet id of an edit chain with more than one version.
fn edit_initial(m: &Ext, id: u64) -> Option<u64> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Edit {
        initial_tweet_id: Option<Value>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Initial {
        #[serde(default)]
        edit_tweet_ids: Vec<Value>,
    }
    #[derive(serde::Deserialize)]
    struct EditInfo {
        edit: Option<Edit>,
        initial: Option<Initial>,
    }
    let ei: EditInfo = serde_json::from_str(m.get_json("edit_info")?).ok()?;
    if let Some(i) = ei
        .edit
        .and_then(|e| str_of(e.initial_tweet_id.as_ref()))
        .and_then(|s| s.parse().ok())
    {
        return Some(i);
    }
    let ids = ei.initial?.edit_tweet_ids;
    if ids.len() > 1 {
        let min = ids
            .iter()
            .filter_map(|v| str_of(Some(v))?.parse::<u64>().ok())
            .min()?;
        return Some(min.min(id));
    }
    None
}

/// Fold the versions of an edited tweet into one post: the newest version is the
/// body, the earlier ones its history, the id is the initial tweet's.
pub(crate) fn merge_edits(mut versions: Vec<Post>) -> Post {
    versions.sort_by_key(|p| native_num(&p.id));
    let first_id = versions.first().map(|p| p.id.clone()).unwrap_or_default();
    let first_time = versions.first().and_then(|p| p.created_at);
    let Some(mut newest) = versions.pop() else {
        return Post::default();
    };
    let edit_ids: Vec<Value> = versions
        .iter()
        .map(|p| Value::String(native(&p.id).to_string()))
        .chain(std::iter::once(Value::String(
            native(&newest.id).to_string(),
        )))
        .collect();
    newest.history = versions
        .into_iter()
        .map(|p| PostVersion {
            native_id: Some(native(&p.id).to_string()),
            text: p.text,
            created_at: p.created_at,
            media: p.media,
            source: Some(p.source),
        })
        .collect();
    if !newest.history.is_empty() {
        newest.edited_at = newest.created_at;
        newest.created_at = first_time;
        newest.ext.insert("edit_versions", Value::Array(edit_ids));
        newest.id = first_id;
    }
    newest
}

fn native(id: &str) -> &str {
    id.rsplit(':').next().unwrap_or(id)
}

fn native_num(id: &str) -> u64 {
    native(id).parse().unwrap_or(0)
}

/// A note tweet whose head is not in the dump becomes a post of its own.
pub(crate) fn orphan_note(id: u64, n: Note, owner: &str, protected: bool) -> Post {
    let mut nm = n.value;
    let mut raw = BTreeMap::new();
    let created_at =
        take_time(&mut nm, "createdAt", "created_at", &mut raw).or_else(|| snowflake_time(id));
    let mut post = Post {
        id: record_id(NET, Kind::Post, &format!("note-{id}")),
        network: NET.into(),
        author: owner.to_string(),
        created_at,
        visibility: if protected {
            Visibility::Followers
        } else {
            Visibility::Public
        },
        raw_times: raw,
        source: n.source,
        ..Default::default()
    };
    if n.deleted {
        post.deleted_at =
            take_time(&mut nm, "updatedAt", "deleted_at", &mut post.raw_times).or(post.created_at);
    }
    apply_note(&mut nm, &mut post);
    nm.remove("text");
    post.ext = Ext::from_map(nm);
    post
}

/// G0 `tweets.csv`: a cross-check when the month files are there, the tweets
/// themselves when they are not.
pub(crate) fn read_csv(
    t: &mut Twitter,
    e: &Entry,
    r: &mut dyn Read,
    cx: &mut Context,
) -> Result<u64> {
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(r);
    let headers = match rd.headers() {
        Ok(h) => h.clone(),
        Err(err) => {
            cx.report.skipped(
                Kind::Post,
                format!("tweets.csv has no readable header: {err}"),
                e.name.clone(),
            );
            return Ok(0);
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (c_id, c_text, c_ts) = (col("tweet_id"), col("text"), col("timestamp"));
    let (c_rs, c_ru, c_src, c_urls) = (
        col("in_reply_to_status_id"),
        col("in_reply_to_user_id"),
        col("source"),
        col("expanded_urls"),
    );
    let (c_rt, c_rtu) = (col("retweeted_status_id"), col("retweeted_status_user_id"));
    let mut n = 0u64;
    let (mut matched, mut only_csv) = (0u64, 0u64);
    let mut rec = csv::StringRecord::new();
    loop {
        let idx = n;
        match rd.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                n += 1;
                let stop = err.is_io_error();
                cx.report.skipped(
                    Kind::Post,
                    format!("bad CSV row: {err}"),
                    format!("{}#{}", e.name, idx),
                );
                if stop {
                    break;
                }
                continue;
            }
        }
        n += 1;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).filter(|s| !s.is_empty());
        let Some(id) = get(c_id).filter(|s| s.bytes().all(|b| b.is_ascii_digit())) else {
            cx.report.skipped(
                Kind::Post,
                "CSV row without a numeric tweet_id",
                format!("{}#{}", e.name, idx),
            );
            continue;
        };
        let nid: u64 = id.parse().unwrap_or(0);
        if t.has_classic_js && t.classic_ids.contains(&nid) {
            matched += 1;
            continue;
        }
        only_csv += 1;
        let mut raw = BTreeMap::new();
        let created_at = get(c_ts).and_then(|s| {
            let (ts, canon) = Timestamp::parse(s)?;
            if !canon {
                raw.insert("created_at".to_string(), s.to_string());
            }
            Some(ts)
        });
        let text_raw = get(c_text).unwrap_or("");
        let mut text = decode_entities(text_raw).into_owned();
        let urls: Vec<&str> = get(c_urls)
            .map(|s| s.split(',').filter(|u| !u.is_empty()).collect())
            .unwrap_or_default();
        let tcos: Vec<String> = text
            .split_whitespace()
            .filter(|w| w.starts_with("http://t.co/") || w.starts_with("https://t.co/"))
            .map(str::to_string)
            .collect();
        let mut links = Vec::new();
        if tcos.len() == urls.len() {
            let mut removed = false;
            for (s, u) in tcos.iter().zip(&urls) {
                if is_media_link(u) {
                    // a photo or video: the link goes, as in the other generations
                    text = text.replacen(s.as_str(), "", 1);
                    removed = true;
                    continue;
                }
                text = text.replacen(s.as_str(), u, 1);
                links.push(Link {
                    url: u.to_string(),
                    short_url: Some(s.clone()),
                    display: None,
                });
            }
            if removed {
                text = text.trim_end().to_string();
            }
        } else {
            links.extend(urls.iter().map(|u| Link {
                url: u.to_string(),
                short_url: None,
                display: None,
            }));
        }
        let mut ext = Map::new();
        ext.insert(
            "csv_row".into(),
            Value::Array(rec.iter().map(|s| Value::String(s.into())).collect()),
        );
        let post = Post {
            id: record_id(NET, Kind::Post, id),
            network: NET.into(),
            author: t.owner_id(),
            created_at: created_at.or_else(|| snowflake_time(nid)),
            text,
            reply_to: get(c_rs).map(|s| record_id(NET, Kind::Post, s)),
            reply_to_account: get(c_ru).map(|s| record_id(NET, Kind::Account, s)),
            repost_of: get(c_rt).map(|s| record_id(NET, Kind::Post, s)),
            repost_of_account: get(c_rtu).map(|s| record_id(NET, Kind::Account, s)),
            client: get(c_src).map(client_name),
            visibility: if t.protected {
                Visibility::Followers
            } else {
                Visibility::Public
            },
            links,
            raw_times: raw,
            source: Source::at(&e.name, idx),
            ext: Ext::from_map(ext),
            ..Default::default()
        };
        t.tweets_read += 1;
        cx.emit(Record::Post(post))?;
    }
    if t.has_classic_js {
        cx.report.warn(format!(
            "{}: {matched} rows repeat tweets read from data/js/tweets (cross-check), {only_csv} rows only in the CSV were imported",
            e.name
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_links() {
        assert_eq!(
            status_id("https://x.com/milahu104/status/2027739112069878026"),
            Some("2027739112069878026")
        );
        assert_eq!(
            status_id("https://twitter.com/a/status/12?s=20"),
            Some("12")
        );
        assert_eq!(status_id("https://x.com/a/status/12/photo/1"), Some("12"));
        assert_eq!(status_id("https://example.com/a/status/12"), None);
        assert_eq!(status_id("https://twitter.com/a/likes"), None);
    }

    #[test]
    fn snowflake() {
        // 2029605...: March 2026
        let t = snowflake_time(2029604193200152772).unwrap();
        assert!(t.to_rfc3339().starts_with("2026-03-05"));
        assert!(snowflake_time(457415942).is_none());
    }

    #[test]
    fn client_names() {
        assert_eq!(
            client_name(
                "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>"
            ),
            "Twitter Web App"
        );
        assert_eq!(client_name("web"), "web");
    }
}
