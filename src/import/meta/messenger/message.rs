//! One Messenger message: sender, text, reactions, media, shares, calls.

use super::*;

impl Meta {
    /// One message of a thread.
    pub(super) fn message(
        &mut self,
        conv: &Conv,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
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
                let created = super::super::secs(ro.get("timestamp"));
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
pub(super) fn is_system_text(body: &str) -> bool {
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
