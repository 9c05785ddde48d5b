//! `messages.csv`: conversations and their messages.

use super::posts::links_in;
use super::*;

impl LinkedIn {
    pub(super) fn message(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        feed: &str,
    ) -> Result<()> {
        let from = row.get("FROM").or_else(|| row.get("From"));
        let from_url = row.get("SENDER PROFILE URL");
        let to = row.get("TO").or_else(|| row.get("To"));
        let to_urls = row.get("RECIPIENT PROFILE URLS");
        let direction = row.get("Direction").map(|d| d.to_ascii_uppercase());
        // 2018: the direction says which side is the owner
        if self.owner_name.is_none() {
            match direction.as_deref() {
                Some("OUTGOING") => self.owner_name = from.map(str::to_string),
                Some("INCOMING") => self.owner_name = to.map(str::to_string),
                _ => {}
            }
        }
        let sender = self.person(from, from_url, &src);
        let mut recipients = Vec::new();
        let urls: Vec<&str> = to_urls
            .map(|u| {
                u.split(',')
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if urls.len() > 1 {
            for u in &urls {
                recipients.push(self.person(None, Some(u), &src));
            }
        } else if to.is_some() || !urls.is_empty() {
            recipients.push(self.person(to, urls.first().copied(), &src));
        }
        let draft = row
            .get("IS MESSAGE DRAFT")
            .is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        let conv_native = match row.get("CONVERSATION ID") {
            Some(c) if feed == "messages" => c.to_string(),
            Some(c) => format!("{feed}/{c}"),
            None if draft => format!("{feed}/drafts"),
            None => {
                // 2018: no conversation ids; one conversation per counterpart
                let mut others: Vec<&str> = std::iter::once(&sender)
                    .chain(recipients.iter())
                    .filter(|p| **p != self.owner_id())
                    .map(|p| p.trim_start_matches("linkedin:account:"))
                    .collect();
                others.sort_unstable();
                others.dedup();
                format!("{feed}/with/{}", others.join("+"))
            }
        };
        let conv = record_id(NET, Kind::Conversation, &conv_native);
        let date = row.get("DATE").or_else(|| row.get("Date")).unwrap_or("");
        let content = row
            .raw("CONTENT")
            .or_else(|| row.raw("Content"))
            .unwrap_or("");
        let h = fnv(&[date, &sender, content]);
        if !self.threads.contains_key(&conv_native) {
            let fresh = Thread {
                source: src.clone(),
                ..Thread::default()
            };
            self.threads.insert(conv_native.clone(), fresh);
        }
        let Some(t) = self.threads.get_mut(&conv_native) else {
            return Ok(());
        };
        let dup = if t.last.0 == h {
            t.last.1 += 1;
            t.last.1
        } else {
            t.last = (h, 0);
            0
        };
        for p in std::iter::once(&sender).chain(&recipients) {
            if !t.participants.contains(p) {
                t.participants.insert(p.clone());
            }
        }
        t.messages += 1;
        if t.title.is_none() {
            t.title = row
                .get("CONVERSATION TITLE")
                .or_else(|| row.get("SUBJECT"))
                .or_else(|| row.get("Subject"))
                .map(|s| s.trim_start_matches("RE: ").to_string());
        }
        if let Some(f) = row.get("FOLDER").or_else(|| row.get("Folder")) {
            if t.folders.len() < 8 {
                t.folders.insert(f.to_string());
            }
        }
        let native = if dup == 0 {
            format!("{conv_native}/{h:016x}")
        } else {
            format!("{conv_native}/{h:016x}-{dup}")
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let sent_at = time(row, &["DATE", "Date"], "sent_at", &mut raw, &mut ext);
        // InMail is HTML; other messages are plain text that may hold entities
        // (`&rsquo;` in 2018) and whose spacing is kept as written
        let looks_html = content.contains('<');
        let text = if looks_html {
            crate::read::html::to_text(content)
        } else {
            crate::read::text::decode_entities(content).into_owned()
        };
        if text != content {
            ext.insert_string("html", content.to_string());
        }
        if let Some(s) = row.get("SUBJECT").or_else(|| row.get("Subject")) {
            ext.insert_string("subject", s.to_string());
        }
        if draft {
            ext.insert_string("status", "draft".into());
        }
        ext.extend_map(row.rest(&[
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "IS MESSAGE DRAFT",
        ]));
        let m = Message {
            id: record_id(NET, Kind::Message, &native),
            network: NET.into(),
            conversation: conv,
            sender,
            recipients,
            sent_at,
            links: links_in(&text),
            text,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }
}
