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

mod message;

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
}

#[cfg(test)]
mod tests {
    use super::message::is_system_text;

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
