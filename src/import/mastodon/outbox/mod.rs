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

mod attachment;
mod create;
mod direct;

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
}

#[cfg(test)]
mod tests;
