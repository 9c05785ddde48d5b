//! Messenger-shaped threads: Facebook Messenger (`messages/<section>/<thread>/
//! message_N.json`, also a Page's inbox), Instagram direct messages (same shape), the
//! Messenger end-to-end-encrypted chat backup (`<Thread name>_N.json`, camelCase) and
//! Instagram's 2018-2020 `messages.json`.
//!
//! Message files are streamed message by message (`JsonItems::at_key` on
//! `messages`): memory stays bounded whatever the size of a thread; the thread's
//! other members (participants, title) are read after its messages and gathered per
//! conversation, which is written at the end.

use std::io::Read;

use serde_json::{Map, Value};

use super::facebook::native_of;
use super::{hash64, millis, short_hash, text, Meta, Net, Thread};
use crate::container::Entry;
use crate::error::Result;
use crate::import::Context;
use crate::model::{
    record_id, ConversationEvent, Ext, Kind, Link, Message, Reaction, Record, Source, Timestamp,
};

/// Media lists of a message and the kind of media each holds.
const MEDIA_KEYS: [(&str, Option<&str>); 6] = [
    ("photos", Some("photo")),
    ("videos", Some("video")),
    ("gifs", Some("gif")),
    ("audio_files", Some("audio")),
    ("files", Some("document")),
    ("media", None),
];

/// Where a message belongs.
struct Conv {
    net: Net,
    /// Record id.
    id: String,
    /// Native id (`inbox/<thread folder>`).
    native: String,
    /// Senders are usernames (Instagram 2018-2020), not display names.
    usernames: bool,
}

impl Meta {
    /// Which network a thread file belongs to: by its folders (an Accounts Center
    /// download may hold a Facebook and an Instagram export side by side), else the
    /// dump's network.
    fn thread_net(&self, name: &str) -> Net {
        let lower = name.to_ascii_lowercase();
        if lower.contains("your_instagram_activity/")
            || lower.split('/').any(|seg| seg.starts_with("instagram-"))
        {
            return Net::Instagram;
        }
        if super::FB_ROOTS.iter().any(|r| lower.contains(r))
            || lower.split('/').any(|seg| seg.starts_with("facebook-"))
        {
            return Net::Facebook;
        }
        match self.net {
            Net::Threads => Net::Instagram,
            n => n,
        }
    }

    /// `messages/<section>/<thread>/message_N.json`.
    pub(super) fn read_thread(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let net = self.thread_net(&e.name);
        let segs: Vec<&str> = e.name.split('/').collect();
        let at = segs.iter().rposition(|s| *s == "messages").unwrap_or(0);
        let section = segs.get(at + 1).copied().unwrap_or("inbox");
        let folder = if at + 3 < segs.len() {
            segs.get(at + 2).copied().unwrap_or("thread")
        } else {
            // messages/<thread>/message_1.json (no section)
            section
        };
        let native = if folder == section {
            folder.to_string()
        } else {
            format!("{section}/{folder}")
        };
        let conv = Conv {
            net,
            id: record_id(net.name(), Kind::Conversation, &native),
            native,
            usernames: false,
        };
        let (n, others) = self.items(
            e,
            r,
            cx,
            Kind::Message,
            &["messages"],
            &mut |me, v, src, cx| me.message(&conv, v, src, cx),
        )?;
        let page = e.name.contains("this_profile's_activity_across_facebook/");
        self.thread_members(&conv, others, page, &e.name);
        Ok(n)
    }

    /// The flat end-to-end-encrypted chat backup: `<Thread name>_N.json`.
    pub(super) fn read_e2ee(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let net = Net::Facebook;
        let stem = super::file_name(&e.name)
            .trim_end_matches(".json")
            .rsplit_once('_')
            .map(|(a, _)| a.to_string())
            .unwrap_or_default();
        let native = format!("e2ee/{stem}");
        let conv = Conv {
            net,
            id: record_id(net.name(), Kind::Conversation, &native),
            native,
            usernames: false,
        };
        let (n, others) = self.items(
            e,
            r,
            cx,
            Kind::Message,
            &["messages"],
            &mut |me, v, src, cx| {
                let v = match v {
                    Value::Object(m) => Value::Object(
                        m.into_iter()
                            .map(|(k, v)| {
                                let k = match k.as_str() {
                                    "senderName" => "sender_name".to_string(),
                                    "text" => "content".to_string(),
                                    "timestamp" => "timestamp_ms".to_string(),
                                    "isUnsent" => "is_unsent".to_string(),
                                    _ => k,
                                };
                                (k, v)
                            })
                            .collect(),
                    ),
                    other => other,
                };
                me.message(&conv, v, src, cx)
            },
        )?;
        if n == 0
            && !others
                .iter()
                .any(|(k, _)| k == "participants" || k == "threadName")
        {
            // a root file named like a backup that is not one
            cx.report.skipped(
                Kind::Conversation,
                "not a Messenger chat backup (no messages, participants or threadName)",
                &e.name,
            );
            return Ok(0);
        }
        let others = others
            .into_iter()
            .map(|(k, v)| match k.as_str() {
                "threadName" => ("title".to_string(), v),
                "participants" => (
                    k,
                    match v {
                        Value::Array(a) => Value::Array(
                            a.into_iter()
                                .map(|p| match p {
                                    Value::String(s) => serde_json::json!({ "name": s }),
                                    other => other,
                                })
                                .collect(),
                        ),
                        other => other,
                    },
                ),
                _ => (k, v),
            })
            .collect();
        self.thread_members(&conv, others, false, &e.name);
        if let Some(t) = self.threads.get_mut(&conv.id) {
            t.ext.insert("e2ee_backup", Value::Bool(true));
        }
        Ok(n)
    }

    /// Instagram 2018-2020 `messages.json`: `[{"participants", "conversation": […]}]`.
    pub(super) fn read_legacy_messages(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let (n, _) = self.items(
            e,
            r,
            cx,
            Kind::Conversation,
            &[""],
            &mut |me, v, src, cx| {
                let Value::Object(mut m) = v else {
                    return me.keep(
                        Kind::Conversation,
                        &src,
                        "not a conversation object",
                        &v,
                        cx,
                    );
                };
                let mut users: Vec<String> = m
                    .get("participants")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                users.sort();
                let native = format!("legacy/{}", users.join(","));
                let conv = Conv {
                    net: Net::Instagram,
                    id: record_id("instagram", Kind::Conversation, &native),
                    native,
                    usernames: true,
                };
                if let Some(Value::Array(msgs)) = m.remove("conversation") {
                    for (i, msg) in msgs.into_iter().enumerate() {
                        let v = match msg {
                            Value::Object(mut o) => {
                                if let Some(s) = o.remove("sender") {
                                    o.insert("sender_name".into(), s);
                                }
                                if let Some(t) = o.remove("text") {
                                    o.insert("content".into(), t);
                                }
                                Value::Object(o)
                            }
                            other => other,
                        };
                        let s = Source {
                            entry: src.entry.clone(),
                            index: src.index,
                            pointer: Some(format!("/conversation/{i}")),
                            ..Source::default()
                        };
                        me.message(&conv, v, s, cx)?;
                    }
                }
                let parts = users
                    .iter()
                    .map(|u| serde_json::json!({ "username": u }))
                    .collect();
                let mut others = vec![("participants".to_string(), Value::Array(parts))];
                for (k, v) in m {
                    if k != "participants" {
                        others.push((k, v));
                    }
                }
                me.thread_members(&conv, others, false, &src.entry);
                Ok(())
            },
        )?;
        Ok(n)
    }

    /// The conversation's members other than its messages.
    fn thread_members(
        &mut self,
        conv: &Conv,
        others: Vec<(String, Value)>,
        page: bool,
        entry: &str,
    ) {
        let net = conv.net;
        let src = Source::entry(entry);
        let mut participants = Vec::new();
        let mut title = None;
        let mut group = false;
        let mut ext = Ext::default();
        for (k, v) in others {
            match k.as_str() {
                "participants" => {
                    if let Value::Array(a) = v {
                        for p in a {
                            if let Some(u) = text(p.get("username")) {
                                participants.push(self.user(net, u, None, &src));
                            } else if let Some(n) = text(p.get("name")) {
                                self.note_party(conv, n);
                                participants.push(self.party(net, n, &conv.native, &src));
                            }
                        }
                    }
                }
                "title" => title = v.as_str().map(str::to_string).filter(|s| !s.is_empty()),
                "thread_type" => {
                    group = v.as_str().is_some_and(|t| t.contains("Group"));
                    ext.insert(&k, v);
                }
                _ => ext.insert(&k, v),
            }
        }
        if page {
            ext.insert("page_inbox", Value::Bool(true));
        }
        let t = self
            .threads
            .entry(conv.id.clone())
            .or_insert_with(|| Thread {
                network: net.name(),
                ..Thread::default()
            });
        t.participants.extend(participants);
        if title.is_some() {
            t.title = title;
        }
        t.group |= group;
        if t.source.is_none() {
            t.source = Some(src);
        }
        t.ext.extend(ext);
    }

    /// A named party of a Facebook inbox thread (for finding the owner no profile
    /// names).
    fn note_party(&mut self, conv: &Conv, name: &str) {
        let name = name.trim();
        if conv.net == Net::Facebook && !conv.usernames && !name.is_empty() {
            self.thread_parties
                .entry(conv.id.clone())
                .or_default()
                .insert(name.to_string());
        }
    }

    /// A record id never given before among the many (messages, their reactions).
    fn unique_hashed(&mut self, net: Net, kind: Kind, native: &str) -> (String, String) {
        let mut n = 1u32;
        loop {
            let nat = if n == 1 {
                native.to_string()
            } else {
                format!("{native}-{n}")
            };
            let id = record_id(net.name(), kind, &nat);
            if self.message_ids.insert(hash64(&id)) {
                return (id, nat);
            }
            n += 1;
        }
    }

    /// One message of a thread.
    fn message(&mut self, conv: &Conv, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let net = conv.net;
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Message, "message is not an object", loc);
            return Ok(());
        };
        let sender_name = match m.remove("sender_name") {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        let mut raw_times = std::collections::BTreeMap::new();
        let sent_at = match m.remove("timestamp_ms") {
            Some(t) => millis(Some(&t)),
            None => match m.remove("created_at") {
                Some(Value::String(s)) => match Timestamp::parse(&s) {
                    Some((t, canonical)) => {
                        if !canonical {
                            raw_times.insert("created_at".to_string(), s);
                        }
                        Some(t)
                    }
                    None => {
                        m.insert("created_at".into(), Value::String(s));
                        None
                    }
                },
                Some(other) => {
                    m.insert("created_at".into(), other);
                    None
                }
                None => None,
            },
        };
        let mut body = match m.remove("content") {
            Some(Value::String(s)) => s,
            Some(other) => {
                m.insert("content".into(), other);
                String::new()
            }
            None => String::new(),
        };
        if body.is_empty() {
            if let Some(h) = text(m.get("heart")) {
                body = h.to_string();
            }
        }
        let sender = if conv.usernames && !sender_name.is_empty() {
            self.user(net, &sender_name, None, &src)
        } else {
            self.note_party(conv, &sender_name);
            self.party(net, &sender_name, &conv.native, &src)
        };
        let ms = sent_at.map(|t| t.millis()).unwrap_or(0);
        let (id, native) = self.unique_hashed(
            net,
            Kind::Message,
            &format!(
                "{}/{ms}-{}",
                conv.native,
                short_hash(&[&sender_name, &body])
            ),
        );
        // attachments
        let mut media = Vec::new();
        for (key, kind) in MEDIA_KEYS {
            if m.get(key).is_some_and(Value::is_array) {
                let Some(Value::Array(list)) = m.remove(key) else {
                    continue;
                };
                for item in list {
                    match item {
                        Value::Object(o) => {
                            if let Some(mid) = self.media(net, o, kind, &id, &src, cx)? {
                                media.push(mid);
                            }
                        }
                        Value::String(url) => {
                            let mut o = Map::new();
                            o.insert("uri".into(), Value::String(url));
                            if let Some(mid) = self.media(net, o, kind, &id, &src, cx)? {
                                media.push(mid);
                            }
                        }
                        _ => {}
                    }
                }
            } else if let Some(Value::String(url)) = m.get(key).cloned() {
                // Instagram 2018-2020: "media": "https://…"
                m.remove(key);
                let mut o = Map::new();
                o.insert("uri".into(), Value::String(url));
                if let Some(mid) = self.media(net, o, kind, &id, &src, cx)? {
                    media.push(mid);
                }
            }
        }
        if let Some(Value::Object(mut st)) = m.remove("sticker") {
            st.insert("role".into(), Value::String("sticker".into()));
            if let Some(mid) = self.media(net, st, Some("photo"), &id, &src, cx)? {
                media.push(mid);
            }
        }
        let mut links = Vec::new();
        if let Some(share) = m.get("share") {
            if let Some(l) = text(share.get("link")) {
                links.push(Link {
                    url: l.to_string(),
                    short_url: None,
                    display: None,
                });
            }
        }
        for k in ["media_share_url", "story_share"] {
            if let Some(l) = text(m.get(k)).filter(|l| l.starts_with("http")) {
                links.push(Link {
                    url: l.to_string(),
                    short_url: None,
                    display: None,
                });
            }
        }
        // reactions: records of their own
        if let Some(Value::Array(rs)) = m.remove("reactions") {
            for (i, rv) in rs.into_iter().enumerate() {
                let Value::Object(mut ro) = rv else {
                    continue;
                };
                let emoji = text(ro.get("reaction")).unwrap_or("").to_string();
                let actor_name = text(ro.get("actor")).unwrap_or("").to_string();
                if emoji.is_empty() {
                    continue;
                }
                let actor = if conv.usernames && !actor_name.is_empty() {
                    self.user(net, &actor_name, None, &src)
                } else {
                    self.party(net, &actor_name, &conv.native, &src)
                };
                let (rid, _) = self.unique_hashed(
                    net,
                    Kind::Reaction,
                    &format!("emoji/{}/{native}/{emoji}", native_of(&actor)),
                );
                let created = super::secs(ro.get("timestamp"));
                ro.remove("reaction");
                ro.remove("actor");
                if created.is_some() {
                    ro.remove("timestamp");
                }
                let r = Reaction {
                    id: rid,
                    network: net.name().into(),
                    kind: "emoji".into(),
                    actor,
                    target: id.clone(),
                    emoji: Some(emoji),
                    created_at: created,
                    source: Source {
                        entry: src.entry.clone(),
                        index: src.index,
                        pointer: Some(format!("/reactions/{i}")),
                        ..Source::default()
                    },
                    ext: Ext::from_map(ro),
                    ..Reaction::default()
                };
                cx.emit(Record::Reaction(r))?;
            }
        }
        // text the service wrote, not the sender ("X sent an attachment.", "X left the
        // group.", "Liked a message", …; English exports only): kept, and flagged
        if is_system_text(&body) {
            m.insert("system_text".into(), Value::Bool(true));
        }
        // membership events and renames, on the conversation
        let typ = text(m.get("type")).unwrap_or("").to_string();
        let mut event = None;
        if typ == "Subscribe" || typ == "Unsubscribe" {
            let accounts = m
                .get("users")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|u| text(u.get("name")).map(str::to_string))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
                .iter()
                .map(|n| self.party(net, n, &conv.native, &src))
                .collect();
            event = Some(ConversationEvent {
                kind: if typ == "Subscribe" { "join" } else { "leave" }.into(),
                actor: Some(sender.clone()),
                accounts,
                name: None,
                at: sent_at,
            });
        } else if let Some((_, rest)) = body.split_once(" named the group ") {
            event = Some(ConversationEvent {
                kind: "rename".into(),
                actor: Some(sender.clone()),
                accounts: Vec::new(),
                name: Some(rest.trim_end_matches('.').to_string()),
                at: sent_at,
            });
        }
        let t = self
            .threads
            .entry(conv.id.clone())
            .or_insert_with(|| Thread {
                network: net.name(),
                ..Thread::default()
            });
        t.participants.insert(sender.clone());
        t.messages += 1;
        if let Some(ev) = event {
            if ev.kind == "rename" && t.title.is_none() {
                // messages come newest first: the first rename is the current name
                t.title = ev.name.clone();
            }
            t.events.push(ev);
        }
        if t.source.is_none() {
            t.source = Some(Source::entry(&src.entry));
        }
        let m = Message {
            id,
            network: net.name().into(),
            conversation: conv.id.clone(),
            sender,
            sent_at,
            text: body,
            media,
            links,
            raw_times,
            source: src,
            ext: Ext::from_map(m),
            ..Message::default()
        };
        cx.emit(Record::Message(m))
    }
}

/// Messenger and Instagram stubs written by the service in place of content (English).
fn is_system_text(body: &str) -> bool {
    let b = body.trim();
    b.ends_with(" sent an attachment.")
        || b.ends_with(" sent a photo.")
        || b.ends_with(" sent a video.")
        || b.ends_with(" sent a voice message.")
        || b.ends_with(" left the group.")
        || b.ends_with(" called you.")
        || b.ends_with(" missed your call.")
        || b.contains(" named the group ")
        || b.contains(" added ") && b.ends_with(" to the group.")
        || b == "Liked a message"
        || (b.starts_with("Reacted ") && b.ends_with(" to your message"))
}

#[cfg(test)]
mod tests {
    use super::is_system_text;

    #[test]
    fn system_texts() {
        for s in [
            "Zoë Müller sent an attachment.",
            "Ève left the group.",
            "Ève named the group Fjelltur.",
            "Zoë called you.",
            "Liked a message",
            "Reacted ❤ to your message",
        ] {
            assert!(is_system_text(s), "{s}");
        }
        for s in ["Hei!", "I sent an attachment yesterday", ""] {
            assert!(!is_system_text(s), "{s}");
        }
    }
}
