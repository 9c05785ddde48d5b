//! `outbox.json`: `Create` (Note, Question, Article, Page) and `Announce` activities.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::{Map, Value};

use super::{
    acct_from_uri, actor_object_ref, actor_ref, mention_ref, post_ref, str_or_id, time_of,
    uri_list, AccountRef, Mastodon, Thread, NET, PUBLIC,
};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::import::Context;
use crate::model::{
    record_id, Ext, Kind, Link, Media, Mention, Message, Post, Record, Source, Visibility,
};
use crate::read::html;
use crate::read::json::{parse_value, ItemError, JsonItems};

/// Native id of an attachment: its numeric id, which Mastodon splits into the
/// folders of the file's path (`files/110/285/…/original/x.jpg`); else the URL.
fn attachment_native(url: &str) -> String {
    if let Some(i) = url.find("media_attachments/files/") {
        let rest = &url[i + "media_attachments/files/".len()..];
        if let Some((digits, _)) = rest.split_once("/original/") {
            let id: String = digits.split('/').collect();
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = id.trim_start_matches('0');
                return if trimmed.is_empty() {
                    "0".into()
                } else {
                    trimmed.to_string()
                };
            }
        }
    }
    url.to_string()
}

/// The content warning of a `summary`: Mastodon sends it as plain text (`I <3 boats`
/// is not markup); other servers may send HTML, wrapped in an element.
pub(crate) fn warning_of_summary(s: &str) -> String {
    let t = s.trim();
    if t.starts_with('<') && t.ends_with('>') && t.contains("</") {
        html::to_text(s)
    } else {
        crate::read::text::decode_entities(s).into_owned()
    }
}

/// The properties that name a quoted post, in the order they are read.
pub(crate) const QUOTE_KEYS: [&str; 4] = ["quote", "quoteUri", "quoteUrl", "_misskey_quote"];

/// The account an `Announce` names as the boosted post's author (the post's URI when
/// it names its author, else the first `cc` that is not a collection).
pub(crate) fn announced_author_ref(uri: &str) -> AccountRef {
    if crate::model::record_of_iri(uri).is_some() {
        return actor_ref(uri);
    }
    AccountRef {
        id: record_id(
            NET,
            Kind::Account,
            &acct_from_uri(uri).unwrap_or_else(|| uri.to_string()),
        ),
        handle: acct_from_uri(uri),
        display_name: None,
        url: (!uri.contains("/statuses/")).then(|| uri.to_string()),
    }
}

/// The objects of a `replies` collection that are embedded whole (not URIs): taken out
/// of it; a collection that held nothing else is removed.
fn take_embedded_replies(o: &mut Map<String, Value>) -> Vec<Map<String, Value>> {
    let Some(Value::Object(c)) = o.get_mut("replies") else {
        return Vec::new();
    };
    let Some(Value::Array(items)) = c.get_mut("items") else {
        return Vec::new();
    };
    let mut objects = Vec::new();
    let mut rest = Vec::new();
    for it in std::mem::take(items) {
        match it {
            Value::Object(m) if m.contains_key("id") && m.contains_key("type") => objects.push(m),
            other => rest.push(other),
        }
    }
    *items = rest;
    let only_items = items.is_empty() && c.keys().all(|k| k == "type" || k == "items");
    if only_items && !objects.is_empty() {
        o.remove("replies");
    }
    objects
}

fn is_public(u: &str) -> bool {
    PUBLIC.contains(&u)
}

fn string(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

impl Mastodon {
    /// Stream the activities of `outbox.json`.
    pub(super) fn read_outbox(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let mut items = JsonItems::at_key(r, cx.limits, "orderedItems");
        let mut n = 0u64;
        let mut looked_for_owner = false;
        loop {
            let index = n;
            let next = if looked_for_owner {
                items.next().map(|r| r.map(std::borrow::Cow::Borrowed))
            } else {
                // an outbox written by lifeboat names its owner before its items: read
                // once the first item is found (the keys before it are known then)
                looked_for_owner = true;
                let first = items
                    .next()
                    .map(|r| r.map(|b| std::borrow::Cow::Owned(b.to_vec())));
                let others = items.others().to_vec();
                self.owner_from_collection(&others, e, cx)?;
                first
            };
            match next {
                None => break,
                Some(Err(ItemError::Io(err))) => return Err(Error::io(&e.name, err)),
                Some(Err(err)) => {
                    n += 1;
                    cx.report
                        .skipped(Kind::Post, err.to_string(), format!("{}#{index}", e.name));
                    if !err.recoverable() {
                        cx.report
                            .unreadable(&e.name, items.position(), err.to_string());
                        break;
                    }
                }
                Some(Ok(bytes)) => {
                    n += 1;
                    let src = Source::at(&e.name, index);
                    let mut repaired = false;
                    match parse_value(&bytes, &mut repaired) {
                        Ok(v) => {
                            if repaired {
                                cx.report.repair("invalid_utf8");
                            }
                            self.activity(v, &bytes, src, cx)?;
                        }
                        Err(m) => {
                            cx.report
                                .skipped(Kind::Post, m, format!("{}#{index}", e.name));
                        }
                    }
                }
            }
        }
        let declared = items
            .others()
            .iter()
            .find(|(k, _)| k == "totalItems")
            .and_then(|(_, v)| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok());
        if let Some(d) = declared {
            cx.report.reconcile(
                format!("{}: totalItems", e.name),
                d,
                n,
                Some("Mastodon writes the profile's status counter here, which can differ from the items exported"),
            );
        }
        Ok(n)
    }

    /// The owner named by the collection's `attributedTo` (an actor object), when no
    /// actor.json named one: a bare outbox (ActivityStreams as lifeboat writes it).
    fn owner_from_collection(
        &mut self,
        others: &[(String, Vec<u8>)],
        e: &Entry,
        cx: &mut Context,
    ) -> Result<()> {
        if self.owner.is_some() {
            return Ok(());
        }
        let Some((_, raw)) = others.iter().find(|(k, _)| k == "attributedTo") else {
            return Ok(());
        };
        let mut repaired = false;
        if let Ok(Value::Object(m)) = parse_value(raw, &mut repaired) {
            if m.get("type").and_then(Value::as_str) == Some("Person") && m.contains_key("id") {
                self.owner_emitted = self.actor_record(m, e, cx)?;
            }
        }
        Ok(())
    }

    fn activity(&mut self, v: Value, bytes: &[u8], src: Source, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut act) = v else {
            cx.report
                .skipped(Kind::Post, "outbox item is not an object", loc);
            return Ok(());
        };
        let typ = act
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match typ.as_str() {
            "Create" => match act.remove("object") {
                Some(Value::Object(o)) => self.create(act, o, src, cx),
                _ => {
                    cx.report.kept_raw(Kind::Post);
                    cx.sink.keep_raw(
                        Kind::Post,
                        &loc,
                        "a Create whose object is not in the archive",
                        bytes,
                    )
                }
            },
            "Announce" => self.announce(act, src, cx),
            other => {
                cx.report.kept_raw(Kind::Post);
                cx.sink.keep_raw(
                    Kind::Post,
                    &loc,
                    &format!("activity type {other:?} is not mapped"),
                    bytes,
                )
            }
        }
    }

    /// Visibility from addressing, as Mastodon's own parser derives it.
    fn visibility(&self, to: &[String], cc: &[String]) -> Visibility {
        if to.iter().any(|u| is_public(u)) {
            return Visibility::Public;
        }
        if cc.iter().any(|u| is_public(u)) {
            return Visibility::Unlisted;
        }
        let followers = self.owner.as_ref().and_then(|o| o.followers.as_deref());
        if to
            .iter()
            .any(|u| Some(u.as_str()) == followers || u.ends_with("/followers"))
        {
            return Visibility::Followers;
        }
        // addressed to nobody (a direct post that mentions no one: Mastodon writes
        // empty `to` and `cc`) is direct too, as Mastodon's own parser reads it
        Visibility::Direct
    }

    /// Account record id of an actor URI (the owner, or a stub).
    fn account_of(&mut self, uri: &str, src: &Source) -> String {
        if let Some(o) = &self.owner {
            if o.uri == uri || o.native == uri {
                return o.id.clone();
            }
        }
        self.stub(actor_ref(uri), src)
    }

    /// Account record id of an `attributedTo`: an actor URI, or an actor object.
    fn account_of_value(&mut self, v: Option<&Value>, fallback: &str, src: &Source) -> String {
        if let Some(Value::Object(m)) = v {
            if let Some(r) = actor_object_ref(m) {
                // what the object says of the owner too (kept when no actor.json
                // said more)
                return self.stub(r, src);
            }
        }
        let uri = str_or_id(v).unwrap_or_else(|| fallback.to_string());
        self.account_of(&uri, src)
    }

    fn announce(
        &mut self,
        mut act: Map<String, Value>,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Some(id) = str_or_id(act.get("id")) else {
            cx.report.skipped(Kind::Post, "Announce without an id", loc);
            return Ok(());
        };
        act.remove("id");
        act.remove("type");
        let actor = str_or_id(act.remove("actor").as_ref()).unwrap_or_default();
        self.owner_from_actor(&actor);
        let author = self.account_of(&actor, &src);
        let object = act.remove("object");
        let target = str_or_id(object.as_ref());
        if let Some(Value::Object(_)) = &object {
            // a server that embeds the boosted post: keep it whole
            if let Some(o) = object {
                act.insert("object".into(), o);
            }
        }
        let to = uri_list(act.get("to"));
        let cc = uri_list(act.get("cc"));
        let visibility = self.visibility(&to, &cc);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time_of(act.remove("published"), "published", &mut raw, &mut ext);
        let mut repost_of_account = None;
        if let Some(t) = &target {
            let followers = self.owner.as_ref().and_then(|o| o.followers.clone());
            // the boosted author: named by the post's URI, or addressed in cc
            let author_uri = acct_from_uri(t).map(|_| t.clone()).or_else(|| {
                cc.iter()
                    .find(|u| {
                        !is_public(u)
                            && Some(*u) != followers.as_ref()
                            && !u.ends_with("/followers")
                    })
                    .cloned()
            });
            if let Some(a) = author_uri {
                repost_of_account = Some(self.stub(announced_author_ref(&a), &src));
            }
        }
        // words added to the share (a reblog's comment), when the Announce has them
        let content = match act.remove("content") {
            Some(Value::String(c)) if !c.trim().is_empty() => Some(c),
            Some(Value::String(_)) | None => None,
            Some(other) => {
                act.insert("content".into(), other);
                None
            }
        };
        let text = content
            .as_deref()
            .map(|c| html::render(c).text)
            .unwrap_or_default();
        ext.extend_map(act);
        let id = post_ref(&id);
        let post = Post {
            network: crate::export::network_of(&id).to_string(),
            id,
            author,
            created_at,
            text,
            html: content,
            repost_of: target.map(|t| post_ref(&t)),
            repost_of_account,
            visibility,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(post))
    }

    fn create(
        &mut self,
        mut act: Map<String, Value>,
        mut o: Map<String, Value>,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let actor = str_or_id(act.remove("actor").as_ref()).unwrap_or_default();
        self.owner_from_actor(&actor);
        let Some(oid) = str_or_id(o.get("id")) else {
            cx.report
                .skipped(Kind::Post, "Create object without an id", loc);
            return Ok(());
        };
        o.remove("id");
        let post_id = post_ref(&oid);
        let attributed = o.remove("attributedTo");
        let author = self.account_of_value(attributed.as_ref(), &actor, &src);
        let to = uri_list(o.get("to"));
        let cc = uri_list(o.get("cc"));
        let visibility = self.visibility(&to, &cc);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let published = o.get("published").cloned();
        let created_at = time_of(o.remove("published"), "published", &mut raw, &mut ext);
        let edited_at = time_of(o.remove("updated"), "updated", &mut raw, &mut ext);

        // the text: `content`, or the first language of `contentMap`
        let mut content = string(o.remove("content")).unwrap_or_default();
        let mut lang = None;
        if let Some(Value::Object(map)) = o.get("contentMap") {
            if let Some((l, v)) = map.iter().next() {
                lang = Some(l.clone());
                if content.is_empty() {
                    content = v.as_str().unwrap_or("").to_string();
                }
            }
            // one language whose HTML is the content: fully mapped
            if map.len() == 1 && map.values().next().and_then(Value::as_str) == Some(&content) {
                o.remove("contentMap");
            }
        }
        let rendered = html::render(&content);
        let typ = o
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("Note")
            .to_string();
        let title = if matches!(typ.as_str(), "Article" | "Page" | "Event") {
            string(o.remove("name")).filter(|s| !s.is_empty())
        } else {
            None
        };
        let content_warning = match o.remove("summary") {
            Some(Value::String(s)) if !s.is_empty() => Some(warning_of_summary(&s)),
            Some(Value::Null) | None => None,
            Some(other) => {
                ext.insert("summary", other);
                None
            }
        };
        let sensitive = match o.remove("sensitive") {
            Some(Value::Bool(b)) => Some(b),
            Some(Value::Null) | None => None,
            Some(other) => {
                ext.insert("sensitive", other);
                None
            }
        };
        let url = match o.remove("url") {
            Some(Value::Array(a)) => {
                let first = a.iter().find_map(|x| str_or_id(Some(x)));
                ext.insert("url", Value::Array(a));
                first
            }
            other => str_or_id(other.as_ref()),
        };
        let in_reply_to = o.remove("inReplyTo");
        let reply_uri = str_or_id(in_reply_to.as_ref());
        // the author of the post answered: named by an embedded object (as lifeboat
        // writes it), else by the post's URI
        let reply_to_account = match in_reply_to.as_ref().and_then(|v| v.get("attributedTo")) {
            Some(a) => str_or_id(Some(a)).map(|u| actor_ref(&u).id),
            None => reply_uri
                .as_deref()
                .and_then(acct_from_uri)
                .map(|a| record_id(NET, Kind::Account, &a)),
        };
        // quotes: Mastodon 4.5 `quote`, Fedibird `quoteUri`, Misskey `_misskey_quote`;
        // the keys that name the same post are all read
        let mut quote_uri: Option<String> = None;
        for key in QUOTE_KEYS {
            let Some(q) = o.get(key).and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            match &quote_uri {
                None => {
                    o.remove(key);
                    quote_uri = Some(q);
                }
                Some(first) if *first == q => {
                    o.remove(key);
                }
                Some(_) => {}
            }
        }
        let quote_of = quote_uri.as_deref().map(post_ref);

        // tags: mentions and hashtags mapped; custom emoji and the rest kept
        let mut mentions = Vec::new();
        // the account each mentioned actor URI was given (for the DM recipients)
        let mut mentioned: Vec<(String, String)> = Vec::new();
        let mut tags = Vec::new();
        let mut other_tags = Vec::new();
        // a list, or (from some servers) one tag object on its own
        let tag_list = match o.remove("tag") {
            Some(Value::Array(list)) => list,
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![one],
        };
        for t in tag_list {
            let kind = t.get("type").and_then(Value::as_str).unwrap_or("");
            let name = t.get("name").and_then(Value::as_str).unwrap_or("");
            let href = str_or_id(t.get("href")).unwrap_or_default();
            match kind {
                "Mention" if !name.is_empty() || !href.is_empty() => {
                    let r = mention_ref(name, &href);
                    let handle = r.handle.clone().unwrap_or_default();
                    let is_owner = self
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.uri == href || o.id == r.id);
                    let account = if is_owner {
                        self.account_of(&href, &src)
                    } else {
                        self.stub(r, &src)
                    };
                    if !href.is_empty() {
                        mentioned.push((href.clone(), account.clone()));
                    }
                    mentions.push(Mention {
                        handle,
                        account: Some(account),
                        display_name: None,
                    });
                }
                "Hashtag" if !name.is_empty() => {
                    tags.push(name.trim_start_matches('#').to_string());
                }
                _ => other_tags.push(t),
            }
        }
        if !other_tags.is_empty() {
            ext.insert("tag", Value::Array(other_tags));
        }
        // links of the text (not mentions or hashtags)
        let mut links: Vec<Link> = Vec::new();
        for a in &rendered.anchors {
            if a.is_mention() {
                if mentions.is_empty()
                    || !mentions.iter().any(|m| {
                        m.account.as_deref().is_some_and(|id| {
                            acct_from_uri(&a.href).is_some_and(|x| id.ends_with(&x))
                        })
                    })
                {
                    // a mention the tag list missed
                    if let Some(acct) = acct_from_uri(&a.href) {
                        if !mentions.iter().any(|m| m.handle == acct) {
                            let account = self.stub(
                                AccountRef {
                                    id: record_id(NET, Kind::Account, &acct),
                                    handle: Some(acct.clone()),
                                    display_name: None,
                                    url: Some(a.href.clone()),
                                },
                                &src,
                            );
                            mentions.push(Mention {
                                handle: acct,
                                account: Some(account),
                                display_name: None,
                            });
                        }
                    }
                }
                continue;
            }
            if a.is_hashtag() {
                let t = a.text.trim_start_matches('#').to_string();
                if !t.is_empty() && !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                    tags.push(t);
                }
                continue;
            }
            if !links.iter().any(|l| l.url == a.href) {
                links.push(Link {
                    url: a.href.clone(),
                    short_url: None,
                    display: (!a.text.is_empty()).then(|| a.text.clone()),
                });
            }
        }

        // attachments: media records (link preview cards are links)
        let mut media_ids = Vec::new();
        let mut media_records = Vec::new();
        let mut other_attachments = Vec::new();
        // a list, or (from some servers) one attachment object on its own
        let attachments = match o.remove("attachment") {
            Some(Value::Array(list)) => list,
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![one],
        };
        for (i, a) in attachments.into_iter().enumerate() {
            match a {
                Value::Object(m)
                    if m.get("type").and_then(Value::as_str) != Some("Link")
                        && str_or_id(m.get("url")).is_some() =>
                {
                    let media = self.attachment(m, &post_id, &oid, i, &src, cx);
                    media_ids.push(media.id.clone());
                    media_records.push(media);
                }
                Value::Object(m) if m.get("type").and_then(Value::as_str) == Some("Link") => {
                    if let Some(h) = str_or_id(m.get("href")) {
                        if !links.iter().any(|l| l.url == h) {
                            links.push(Link {
                                url: h,
                                short_url: None,
                                display: m.get("name").and_then(Value::as_str).map(str::to_string),
                            });
                        }
                    }
                    other_attachments.push(Value::Object(m));
                }
                other => other_attachments.push(other),
            }
        }
        if !other_attachments.is_empty() {
            ext.insert("attachment", Value::Array(other_attachments));
        }

        // replies by other accounts, embedded as objects (as lifeboat writes an
        // outbox): posts of their own, read after this one
        let embedded = take_embedded_replies(&mut o);

        // counts at export time
        let mut metrics = BTreeMap::new();
        for (key, name) in [
            ("likes", "likes"),
            ("shares", "reposts"),
            ("replies", "replies"),
        ] {
            if let Some(n) = o
                .get(key)
                .and_then(|c| c.get("totalItems"))
                .and_then(Value::as_u64)
            {
                metrics.insert(name.to_string(), n);
            }
        }
        if let Some(n) = o.get("votersCount").and_then(Value::as_u64) {
            metrics.insert("poll_voters".into(), n);
        }

        // the conversation, for direct posts (when the post names none, its direct
        // parent's, else its own)
        let conversation = str_or_id(o.get("conversation"))
            .or_else(|| str_or_id(o.get("context")))
            .or_else(|| {
                let parent = reply_uri.as_deref()?;
                self.direct_ids.get(parent).cloned()
            })
            .unwrap_or_else(|| oid.clone());

        // every other field of the object and of its activity, verbatim
        // the activity's copies of the object's addressing and date add nothing
        for key in ["to", "cc"] {
            if act.get(key).is_some() && act.get(key) == o.get(key) {
                act.remove(key);
            }
        }
        if published.is_some() && act.get("published") == published.as_ref() {
            act.remove("published");
        }
        ext.extend_map(o);
        if !act.is_empty() {
            act.remove("type");
            ext.insert("activity", Value::Object(act));
        }
        let post = Post {
            id: post_id.clone(),
            network: crate::export::network_of(&post_id).to_string(),
            author: author.clone(),
            created_at,
            text: rendered.text,
            html: (!content.is_empty()).then_some(content),
            title,
            content_warning,
            lang,
            url,
            reply_to: reply_uri.as_deref().map(post_ref),
            reply_to_account,
            quote_of,
            visibility,
            media: media_ids,
            links,
            mentions,
            tags,
            metrics,
            sensitive,
            edited_at,
            raw_times: raw,
            source: src.clone(),
            ext,
            ..Default::default()
        };
        for m in media_records {
            cx.emit(Record::Media(m))?;
        }
        if visibility == Visibility::Direct {
            self.direct_message(
                &post,
                &oid,
                reply_uri.as_deref(),
                &conversation,
                &to,
                &cc,
                &mentioned,
                cx,
            )?;
        }
        cx.emit(Record::Post(post))?;
        for (i, r) in embedded.into_iter().enumerate() {
            let mut at = src.clone();
            at.pointer = Some(format!(
                "{}/replies/items/{i}",
                src.pointer.as_deref().unwrap_or("/object")
            ));
            self.create(Map::new(), r, at, cx)?;
        }
        Ok(())
    }

    /// A direct post is also a message of a conversation.
    #[allow(clippy::too_many_arguments)]
    fn direct_message(
        &mut self,
        post: &Post,
        oid: &str,
        reply_uri: Option<&str>,
        conversation: &str,
        to: &[String],
        cc: &[String],
        mentioned: &[(String, String)],
        cx: &mut Context,
    ) -> Result<()> {
        let mut recipients = Vec::new();
        for u in to.iter().chain(cc) {
            if is_public(u) || u.ends_with("/followers") {
                continue;
            }
            // a mentioned account keeps the id its mention gave it: matched by the
            // actor URI (which on the numeric scheme does not name the user), else by
            // the user the URI names
            let id = mentioned
                .iter()
                .find(|(href, _)| href == u)
                .map(|(_, id)| id.clone())
                .or_else(|| {
                    post.mentions
                        .iter()
                        .filter_map(|m| m.account.clone())
                        .find(|id| acct_from_uri(u).is_some_and(|a| id.ends_with(&format!(":{a}"))))
                })
                .unwrap_or_else(|| self.account_of(u, &post.source));
            if id != post.author && !recipients.contains(&id) {
                recipients.push(id);
            }
        }
        let t = self
            .threads
            .entry(conversation.to_string())
            .or_insert_with(|| Thread {
                source: post.source.clone(),
                ..Thread::default()
            });
        t.participants.insert(post.author.clone());
        t.participants.extend(recipients.iter().cloned());
        t.messages += 1;
        let reply_to = reply_uri
            .filter(|u| self.direct_ids.contains_key(*u))
            .map(|u| record_id(NET, Kind::Message, u));
        self.direct_ids
            .insert(oid.to_string(), conversation.to_string());
        let mut ext = Ext::default();
        ext.insert_string("post", post.id.clone());
        if let Some(h) = &post.html {
            ext.insert_string("html", h.clone());
        }
        let m = Message {
            id: record_id(NET, Kind::Message, oid),
            network: NET.into(),
            conversation: record_id(NET, Kind::Conversation, conversation),
            sender: post.author.clone(),
            recipients,
            sent_at: post.created_at,
            text: post.text.clone(),
            media: post.media.clone(),
            links: post.links.clone(),
            reply_to,
            source: post.source.clone(),
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    /// A media record for an attachment, with its file when the archive has it.
    fn attachment(
        &mut self,
        mut m: Map<String, Value>,
        post_id: &str,
        oid: &str,
        index: usize,
        src: &Source,
        cx: &mut Context,
    ) -> Media {
        let url = str_or_id(m.get("url")).unwrap_or_default();
        m.remove("url");
        let mime = string(m.remove("mediaType"));
        let alt_text = string(m.remove("name")).filter(|s| !s.is_empty());
        // an attachment written by lifeboat for media of another network names its
        // record by a `tag:` id
        let restored = m
            .get("id")
            .and_then(Value::as_str)
            .and_then(crate::model::record_of_iri)
            .filter(|id| id.split(':').nth(1) == Some("media"));
        if restored.is_some() {
            m.remove("id");
        }
        let id = match restored {
            Some(id) => id,
            None => {
                let mut native = attachment_native(&url);
                if !self.media_ids.insert(native.clone()) {
                    native = format!("{native}@{oid}#{index}");
                }
                record_id(NET, Kind::Media, &native)
            }
        };
        let mut media = Media {
            network: crate::export::network_of(&id).to_string(),
            id,
            kind: Media::kind_of_mime(mime.as_deref().unwrap_or("")).into(),
            mime: mime.clone(),
            alt_text,
            original_url: Some(url.clone()),
            attached_to: vec![post_id.to_string()],
            source: src.clone(),
            ..Default::default()
        };
        match self.take_file(&url) {
            Some((entry, stored)) => {
                media.set_file(entry, stored.sha256, stored.bytes, stored.path);
                // the type the server declared, when it differs from the file's
                if let Some(mt) = mime {
                    if media.mime.as_deref() != Some(mt.as_str()) {
                        m.insert("mediaType".into(), Value::String(mt));
                    }
                }
            }
            None => {
                media.missing = true;
                cx.report.missing_media(format!(
                    "{} (attachment of post {oid}) is referenced but not in the dump",
                    super::media_key(&url)
                ));
            }
        }
        // blurhash, focal point, size, duration, thumbnail
        media.ext = Ext::from_map(m);
        media
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_ids_from_paths() {
        assert_eq!(
            attachment_native(
                "media_attachments/files/110/285/480/112/204/631/original/adc294faa4f49e38.jpg"
            ),
            "110285480112204631"
        );
        assert_eq!(
            attachment_native("/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg"),
            "146459"
        );
        assert_eq!(attachment_native("https://x/y.jpg"), "https://x/y.jpg");
    }
}
