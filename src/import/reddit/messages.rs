//! Private messages, Reddit Chat and announcements.

use super::*;

impl Reddit {
    pub(super) fn message(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        headers: bool,
    ) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("id").map(|i| bare(i).to_string()) else {
            cx.report
                .skipped(Kind::Message, "message row without an id", l);
            return Ok(());
        };
        let counts = self.header_rows.entry("message").or_default();
        if headers {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
        if self.messages.contains(&id) {
            if !headers {
                // messages.csv and messages_archive.csv overlap
                cx.report.skipped(
                    Kind::Message,
                    format!("message {id} is listed again (messages and messages_archive overlap)"),
                    l,
                );
            }
            return Ok(());
        }
        self.messages.insert(id.clone());
        let thread = row.get("thread_id").map(bare).unwrap_or(&id).to_string();
        let from = row.get("from").unwrap_or("");
        let to = row.get("to").unwrap_or("");
        let sender = self.account(from, &src);
        let recipients: Vec<String> = if to.is_empty() {
            Vec::new()
        } else {
            vec![self.account(to, &src)]
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, "date", "sent_at", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["id", "thread_id", "date", "from", "to", "body"]));
        if headers {
            ext.insert("from_headers", Value::Bool(true));
        }
        let conv = record_id(NET, Kind::Conversation, &format!("message/{thread}"));
        let t = self.threads.entry(conv.clone()).or_insert_with(|| Thread {
            source: src.clone(),
            ..Thread::default()
        });
        t.participants.insert(sender.clone());
        t.participants.extend(recipients.iter().cloned());
        t.messages += 1;
        if t.title.is_none() {
            t.title = row.get("subject").map(str::to_string);
        }
        let m = Message {
            id: record_id(NET, Kind::Message, &id),
            network: NET.into(),
            conversation: conv,
            sender,
            recipients,
            sent_at,
            text: row.raw("body").unwrap_or("").to_string(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    pub(super) fn chat(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("message_id").map(str::to_string) else {
            cx.report
                .skipped(Kind::Message, "chat row without a message_id", l);
            return Ok(());
        };
        let channel = row
            .get("channel_url")
            .or_else(|| row.get("channel_name"))
            .unwrap_or("unknown channel")
            .to_string();
        let sender = self.account(row.get("username").unwrap_or("[unknown]"), &src);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, "created_at", "sent_at", &mut raw, &mut ext);
        if let Some(u) = row.get("updated_at") {
            ext.insert_string("updated_at", u.to_string());
        }
        ext.extend_map(row.rest(&[
            "message_id",
            "created_at",
            "updated_at",
            "username",
            "message",
            "thread_parent_message_id",
            "channel_url",
        ]));
        let conv = record_id(NET, Kind::Conversation, &format!("chat/{channel}"));
        let t = self.threads.entry(conv.clone()).or_insert_with(|| Thread {
            source: src.clone(),
            ..Thread::default()
        });
        t.participants.insert(sender.clone());
        t.messages += 1;
        if t.title.is_none() {
            t.title = row.get("channel_name").map(str::to_string);
        }
        if let Some(kind) = row.get("conversation_type") {
            if !t.ext.keys().any(|k| k == "conversation_type") {
                t.ext.insert_string("conversation_type", kind.to_string());
            }
        }
        if let Some(sub) = row.get("subreddit") {
            if !t.ext.keys().any(|k| k == "subreddit") {
                t.ext.insert_string("subreddit", sub.to_string());
            }
        }
        let m = Message {
            id: record_id(NET, Kind::Message, &id),
            network: NET.into(),
            conversation: conv,
            sender,
            sent_at,
            text: row.raw("message").unwrap_or("").to_string(),
            reply_to: row
                .get("thread_parent_message_id")
                .map(|p| record_id(NET, Kind::Message, p)),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }

    pub(super) fn announcement(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("announcement_id").map(str::to_string) else {
            cx.report
                .skipped(Kind::Message, "announcement row without an id", l);
            return Ok(());
        };
        let sender = self.account(row.get("from_username").unwrap_or("reddit"), &src);
        let owner = self.owner_id();
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, "sent_at", "sent_at", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["announcement_id", "sent_at", "from_username", "body"]));
        let conv = record_id(NET, Kind::Conversation, "announcements");
        let t = self.threads.entry(conv.clone()).or_insert_with(|| Thread {
            source: src.clone(),
            title: Some("Reddit announcements".into()),
            ..Thread::default()
        });
        t.participants.insert(sender.clone());
        t.participants.insert(owner.clone());
        t.messages += 1;
        let m = Message {
            id: record_id(NET, Kind::Message, &format!("announcement/{id}")),
            network: NET.into(),
            conversation: conv,
            sender,
            recipients: vec![owner],
            sent_at,
            text: row.raw("body").unwrap_or("").to_string(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }
}
