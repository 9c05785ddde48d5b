//! Direct messages: one-to-one and group conversations, and encrypted XChat events.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{get_str, loc, take_str, take_time, unwrap_item, Role, Twitter, NET};
use crate::error::Result;
use crate::import::Context;
use crate::model::{
    record_id, Conversation, ConversationEvent, Ext, Kind, Link, Media, Message, PostVersion,
    Reaction, Record, Source, Timestamp,
};
use crate::read::text::{splice, Splice};

fn ids(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A second item with the same `conversationId` is more of the same conversation (its
/// messages have their own ids): one record, with both items' participants, events
/// and message counts, and where the later items were in `ext.also_in`.
fn merge_conversation(first: &mut Conversation, more: Conversation) {
    for p in more.participants {
        if !first.participants.contains(&p) {
            first.participants.push(p);
        }
    }
    first.participants.sort();
    first.message_count += more.message_count;
    first.group |= more.group;
    first.events.extend(more.events);
    first.events.sort_by_key(|e| e.at);
    if let Some(name) = first
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "rename")
        .and_then(|e| e.name.clone())
    {
        first.title = Some(name);
    } else if first.title.is_none() {
        first.title = more.title;
    }
    let mut also: Vec<serde_json::Value> = first
        .ext
        .get_value("also_in")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    also.push(serde_json::json!({"entry": more.source.entry, "index": more.source.index}));
    for k in more.ext.keys().map(str::to_string).collect::<Vec<_>>() {
        if first.ext.get_json(&k).is_none() {
            if let Some(v) = more.ext.get_value(&k) {
                first.ext.insert(&k, v);
            }
        }
    }
    first.ext.insert("also_in", serde_json::Value::Array(also));
}

impl Twitter {
    pub(crate) fn dm_conversation(
        &mut self,
        role: Role,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let Some(mut m) = unwrap_item(v, "dmConversation") else {
            cx.report
                .skipped(Kind::Conversation, "item is not an object", loc(&src));
            return Ok(());
        };
        let Some(cid) = take_str(&mut m, "conversationId") else {
            cx.report.skipped(
                Kind::Conversation,
                "conversation without conversationId",
                loc(&src),
            );
            return Ok(());
        };
        let group = role == Role::GroupMessages;
        let conv_id = record_id(NET, Kind::Conversation, &cid);
        // the n-th item of one conversation (events are numbered within their item)
        let item_no = {
            let n = self.seen_conversations.entry(cid.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let mut participants: Vec<String> = Vec::new();
        let add = |p: &str, list: &mut Vec<String>| {
            if !p.is_empty() && p != "0" && !list.iter().any(|x| x == p) {
                list.push(p.to_string());
            }
        };
        if !group {
            for p in cid.split('-') {
                add(p, &mut participants);
            }
        }
        let msgs = match m.remove("messages") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        let mut events = Vec::new();
        let mut title = None;
        let mut count = 0u64;
        let dir = self.media_dir(role, &src.entry);
        // newest first in the file; records go out oldest first
        let n_msgs = msgs.len();
        for (i, item) in msgs.into_iter().enumerate().rev() {
            let msrc = Source {
                entry: src.entry.clone(),
                index: src.index,
                pointer: Some(format!("/dmConversation/messages/{i}")),
                ..Source::default()
            };
            let where_ = format!("{}#{}.messages[{}]", src.entry, src.index.unwrap_or(0), i);
            let Value::Object(mut wrapper) = item else {
                cx.report
                    .skipped(Kind::Message, "message is not an object", where_);
                continue;
            };
            if wrapper.len() != 1 {
                cx.report.kept_raw(Kind::Message);
                let raw = serde_json::to_vec(&wrapper).unwrap_or_default();
                cx.sink
                    .keep_raw(Kind::Message, &where_, "unknown message shape", &raw)?;
                continue;
            }
            let Some((key, body)) = wrapper
                .iter_mut()
                .next()
                .map(|(k, v)| (k.clone(), v.take()))
            else {
                continue;
            };
            let Value::Object(mut b) = body else {
                cx.report
                    .skipped(Kind::Message, format!("{key} is not an object"), where_);
                continue;
            };
            let mut scratch = BTreeMap::new();
            match key.as_str() {
                "messageCreate" => {
                    let Some(mid) = take_str(&mut b, "id") else {
                        cx.report
                            .skipped(Kind::Message, "message without id", where_);
                        continue;
                    };
                    let sender = take_str(&mut b, "senderId").unwrap_or_default();
                    add(&sender, &mut participants);
                    self.see_account(&sender, None, None);
                    let recipient =
                        take_str(&mut b, "recipientId").filter(|r| r != "0" && !r.is_empty());
                    if let Some(r) = &recipient {
                        add(r, &mut participants);
                        self.see_account(r, None, None);
                    }
                    let mut msg = Message {
                        id: record_id(NET, Kind::Message, &mid),
                        network: NET.into(),
                        conversation: conv_id.clone(),
                        sender: record_id(NET, Kind::Account, &sender),
                        recipients: recipient
                            .iter()
                            .map(|r| record_id(NET, Kind::Account, r))
                            .collect(),
                        source: msrc,
                        ..Default::default()
                    };
                    msg.sent_at = take_time(&mut b, "createdAt", "sent_at", &mut msg.raw_times);
                    let text = take_str(&mut b, "text").unwrap_or_default();
                    let mut splices = Vec::new();
                    if let Some(Value::Array(urls)) = b.remove("urls") {
                        for u in urls {
                            let Some(u) = u.as_object() else { continue };
                            let short = get_str(u, "url").unwrap_or("").to_string();
                            let exp = get_str(u, "expanded").unwrap_or(&short).to_string();
                            let is_media = exp.contains("/messages/media/");
                            if !short.is_empty() {
                                splices.push(Splice {
                                    start: 0,
                                    end: 0,
                                    with: if is_media { String::new() } else { exp.clone() },
                                    expect: short.clone(),
                                });
                            }
                            if !is_media {
                                msg.links.push(Link {
                                    url: exp,
                                    short_url: Some(short),
                                    display: get_str(u, "display").map(Into::into),
                                });
                            }
                        }
                    }
                    msg.text = splice(&text, &mut splices, true);
                    if msg.text != text {
                        b.insert("text".into(), Value::String(text));
                    }
                    if let Some(Value::Array(mus)) = b.remove("mediaUrls") {
                        for (k, u) in mus.iter().enumerate() {
                            let Some(u) = u.as_str() else { continue };
                            let base = u
                                .split(['?', '#'])
                                .next()
                                .unwrap_or(u)
                                .rsplit('/')
                                .next()
                                .unwrap_or(u)
                                .to_string();
                            let found = self.take_file(&mid, std::slice::from_ref(&base));
                            let mut media = Media {
                                id: record_id(NET, Kind::Media, &format!("dm/{mid}/{k}")),
                                network: NET.into(),
                                kind: super::tweet::kind_from_name(&base).into(),
                                original_url: Some(u.to_string()),
                                attached_to: vec![msg.id.clone()],
                                source: msg.source.clone(),
                                ..Default::default()
                            };
                            match found {
                                Some((entry, stored)) => {
                                    media.set_file(entry, stored.sha256, stored.bytes, stored.path)
                                }
                                None => {
                                    media.missing = true;
                                    cx.report.missing_media(format!(
                                        "{dir}/{mid}-{base} (attachment of direct message {mid}) is referenced but not in the dump"
                                    ));
                                }
                            }
                            msg.media.push(media.id.clone());
                            cx.emit(Record::Media(media))?;
                        }
                    }
                    if let Some(Value::Array(rs)) = b.remove("reactions") {
                        for (k, r) in rs.into_iter().enumerate() {
                            let Value::Object(mut r) = r else {
                                cx.report.skipped(
                                    Kind::Reaction,
                                    "reaction is not an object",
                                    where_.clone(),
                                );
                                continue;
                            };
                            let who = take_str(&mut r, "senderId").unwrap_or_default();
                            self.see_account(&who, None, None);
                            let key = take_str(&mut r, "reactionKey");
                            let eid =
                                take_str(&mut r, "eventId").unwrap_or_else(|| format!("{mid}-{k}"));
                            let mut raw = BTreeMap::new();
                            let at = take_time(&mut r, "createdAt", "created_at", &mut raw);
                            let rr = Reaction {
                                id: record_id(NET, Kind::Reaction, &format!("dm/{eid}")),
                                network: NET.into(),
                                kind: "emoji".into(),
                                actor: record_id(NET, Kind::Account, &who),
                                target: msg.id.clone(),
                                emoji: key,
                                created_at: at,
                                raw_times: raw,
                                source: msg.source.clone(),
                                ext: Ext::from_map(r),
                                ..Default::default()
                            };
                            cx.emit(Record::Reaction(rr))?;
                        }
                    }
                    if let Some(Value::Array(h)) = b.remove("editHistory") {
                        // fields of the edits the model does not map, and entries that
                        // are not objects, kept in order
                        let mut unmapped = Vec::new();
                        for v in h {
                            let Value::Object(mut e) = v else {
                                unmapped.push(v);
                                continue;
                            };
                            let mut raw = BTreeMap::new();
                            msg.history.push(PostVersion {
                                native_id: take_str(&mut e, "id"),
                                text: take_str(&mut e, "text").unwrap_or_default(),
                                created_at: take_time(&mut e, "createdAt", "created_at", &mut raw),
                                media: Vec::new(),
                                source: None,
                            });
                            if !e.is_empty() || !raw.is_empty() {
                                for (k, v) in raw {
                                    e.insert(format!("raw_{k}"), Value::String(v));
                                }
                                unmapped.push(Value::Object(e));
                            }
                        }
                        if !unmapped.is_empty() {
                            msg.ext
                                .insert("edit_history_unmapped", Value::Array(unmapped));
                        }
                    }
                    msg.ext.extend_map(b);
                    count += 1;
                    cx.emit(Record::Message(msg))?;
                }
                "joinConversation"
                | "participantsJoin"
                | "participantsLeave"
                | "conversationNameUpdate" => {
                    let actor = take_str(&mut b, "initiatingUserId");
                    let mut accounts = ids(b.get("participantsSnapshot"));
                    accounts.extend(ids(b.get("userIds")));
                    b.remove("participantsSnapshot");
                    b.remove("userIds");
                    for a in accounts.iter().chain(actor.iter()) {
                        add(a, &mut participants);
                        self.see_account(a, None, None);
                    }
                    let name = take_str(&mut b, "name");
                    if name.is_some() {
                        title = name.clone();
                    }
                    let at = take_time(&mut b, "createdAt", "at", &mut scratch);
                    let kind = match key.as_str() {
                        "joinConversation" => "join",
                        "participantsJoin" => "participants_join",
                        "participantsLeave" => "leave",
                        _ => "rename",
                    };
                    let ev = ConversationEvent {
                        kind: kind.into(),
                        actor: actor.map(|a| record_id(NET, Kind::Account, &a)),
                        accounts: accounts
                            .iter()
                            .map(|a| record_id(NET, Kind::Account, a))
                            .collect(),
                        name,
                        at,
                    };
                    // the export lists these among the messages: they are also messages
                    // of the conversation's timeline, marked as system events
                    let text = match kind {
                        "join" => "joined the conversation".to_string(),
                        "participants_join" => format!(
                            "added {} participant(s) to the conversation",
                            ev.accounts.len()
                        ),
                        "leave" => format!(
                            "{} participant(s) left the conversation",
                            ev.accounts.len().max(1)
                        ),
                        _ => format!(
                            "named the conversation \u{201c}{}\u{201d}",
                            ev.name.as_deref().unwrap_or("")
                        ),
                    };
                    let mut ext = Ext::default();
                    ext.insert_string("system_event", key.clone());
                    ext.extend_map(b);
                    let msg = Message {
                        id: record_id(
                            NET,
                            Kind::Message,
                            &if item_no == 1 {
                                format!("{cid}/event-{i}")
                            } else {
                                format!("{cid}/item-{item_no}/event-{i}")
                            },
                        ),
                        network: NET.into(),
                        conversation: conv_id.clone(),
                        sender: ev
                            .actor
                            .clone()
                            .unwrap_or_else(|| record_id(NET, Kind::Account, "unknown")),
                        sent_at: ev.at,
                        text,
                        raw_times: scratch,
                        source: msrc.clone(),
                        ext,
                        ..Default::default()
                    };
                    count += 1;
                    cx.emit(Record::Message(msg))?;
                    events.push(ev);
                }
                other => {
                    // an event lifeboat does not know: kept verbatim
                    cx.report.kept_raw(Kind::Message);
                    let mut w = Map::new();
                    w.insert(other.to_string(), Value::Object(b));
                    let raw = serde_json::to_vec(&w).unwrap_or_default();
                    cx.sink.keep_raw(
                        Kind::Message,
                        &where_,
                        "conversation event of an unknown type",
                        &raw,
                    )?;
                }
            }
        }
        events.sort_by_key(|e| e.at);
        let mut parts: Vec<String> = participants
            .iter()
            .map(|p| record_id(NET, Kind::Account, p))
            .collect();
        parts.sort();
        let c = Conversation {
            id: conv_id,
            network: NET.into(),
            participants: parts,
            title,
            group,
            events,
            message_count: count,
            source: src,
            ext: Ext::from_map(m),
        };
        let _ = n_msgs;
        match self.conversations.get_mut(&cid) {
            Some(first) => merge_conversation(first, c),
            None => {
                self.conversations.insert(cid, c);
            }
        }
        Ok(())
    }

    /// XChat (2025+): end-to-end encrypted events; bodies cannot be read.
    pub(crate) fn message_event(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let Some(mut m) = unwrap_item(v, "messageEvent") else {
            cx.report
                .skipped(Kind::Message, "item is not an object", loc(&src));
            return Ok(());
        };
        let is_create = m
            .get("detail")
            .and_then(|d| d.get("messageCreateEvent"))
            .is_some();
        // Every event tells who is in the conversation: its sender, and for a
        // one-to-one conversation the two ids of "<a>-<b>".
        if let Some(cid) = get_str(&m, "conversationId").map(str::to_string) {
            let sender = get_str(&m, "senderId").map(str::to_string);
            let mut who: Vec<String> = sender.into_iter().collect();
            let pair: Vec<&str> = cid.split('-').collect();
            if pair.len() == 2
                && pair
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                who.extend(pair.iter().map(|p| p.to_string()));
            }
            for w in &who {
                self.see_account(w, None, None);
            }
            let e = self
                .xchat_conversations
                .entry(cid)
                .or_insert_with(|| (Default::default(), 0, src.clone()));
            e.0.extend(who);
        }
        if !is_create {
            cx.report.kept_raw(Kind::Message);
            let raw = serde_json::to_vec(&m).unwrap_or_default();
            return cx.sink.keep_raw(
                Kind::Message,
                &loc(&src),
                "XChat event that is not a message",
                &raw,
            );
        }
        let Some(mid) = take_str(&mut m, "messageId").or_else(|| take_str(&mut m, "sequenceId"))
        else {
            cx.report
                .skipped(Kind::Message, "XChat message without messageId", loc(&src));
            return Ok(());
        };
        let sender = take_str(&mut m, "senderId").unwrap_or_default();
        let cid = take_str(&mut m, "conversationId").unwrap_or_default();
        self.see_account(&sender, None, None);
        let sent_at = take_str(&mut m, "createdAtMsec")
            .and_then(|s| s.parse::<i64>().ok())
            .and_then(Timestamp::from_millis);
        // everyone known in the conversation so far, but the sender (for a one-to-one
        // conversation that is the other person)
        let recipients: Vec<String> = match self.xchat_conversations.get_mut(&cid) {
            Some(e) => {
                e.1 += 1;
                let mut r: Vec<String> =
                    e.0.iter()
                        .filter(|p| **p != sender)
                        .map(|p| record_id(NET, Kind::Account, p))
                        .collect();
                r.sort();
                r
            }
            None => Vec::new(),
        };
        let msg = Message {
            id: record_id(NET, Kind::Message, &mid),
            network: NET.into(),
            conversation: record_id(NET, Kind::Conversation, &cid),
            sender: record_id(NET, Kind::Account, &sender),
            sent_at,
            recipients,
            text: String::new(),
            encrypted: true,
            source: src,
            ext: Ext::from_map(m),
            ..Default::default()
        };
        cx.emit(Record::Message(msg))
    }
}
