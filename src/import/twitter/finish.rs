//! The end of an import: edits merged, note tweets joined or kept as posts, the
//! media nobody named, account stubs, and the counts checked against the manifest.

use super::*;

impl Twitter {
    pub(super) fn finish_import(&mut self, cx: &mut Context) -> Result<()> {
        // edited tweets, held back until every version was seen
        let edits = std::mem::take(&mut self.edits);
        for (_, versions) in edits {
            let post = tweet::notes::merge_edits(versions);
            // every version read was converted: the newest as the post, the others as
            // its history
            for _ in 0..post.history.len() {
                cx.report.converted(Kind::Post);
            }
            cx.emit(Record::Post(post))?;
        }
        // note tweets whose head tweet is not in the dump
        let notes = std::mem::take(&mut self.notes);
        let owner = self.owner_id();
        for (id, n) in notes {
            if n.used {
                continue;
            }
            let post = tweet::notes::orphan_note(id, n, &owner, self.protected);
            cx.report.warn(format!(
                "note tweet {id} has no head tweet in the dump; kept as post {}",
                post.id
            ));
            cx.emit(Record::Post(post))?;
        }
        for (_, c) in std::mem::take(&mut self.conversations) {
            cx.emit(Record::Conversation(c))?;
        }
        // XChat conversations only seen through message events
        let xc = std::mem::take(&mut self.xchat_conversations);
        for (cid, (parts, count, src)) in xc {
            if self.seen_conversations.contains_key(&cid) {
                continue;
            }
            let mut participants: Vec<String> = parts
                .into_iter()
                .map(|p| record_id(NET, Kind::Account, &p))
                .collect();
            participants.sort();
            let c = crate::model::Conversation {
                id: record_id(NET, Kind::Conversation, &cid),
                network: NET.into(),
                participants,
                message_count: count,
                source: src,
                ..Default::default()
            };
            cx.emit(Record::Conversation(c))?;
        }
        // stored files no post or message claimed (avatars, banners, extra files)
        let mut rest: Vec<(&String, &FileRef)> =
            self.files.iter().filter(|(_, f)| !f.used).collect();
        rest.sort_by(|a, b| a.1.entry.cmp(&b.1.entry));
        let owner_native = self.owner_native.clone().unwrap_or_default();
        let mut out = Vec::new();
        for (name, f) in rest {
            let mut m = Media {
                // named by media folder and file name: the same whether the dump had a
                // top folder, a data/ folder, or came in parts
                id: record_id(
                    NET,
                    Kind::Media,
                    &format!("file/{}/{name}", media_folder(&f.entry).unwrap_or("media")),
                ),
                network: NET.into(),
                kind: tweet::kind_from_name(name).into(),
                source: Source::entry(&f.entry),
                ..Default::default()
            };
            m.set_file(
                f.entry.clone(),
                f.stored.sha256.clone(),
                f.stored.bytes,
                f.stored.path.clone(),
            );
            if f.entry.contains("profile_media/") && name.starts_with(&format!("{owner_native}-")) {
                m.attached_to.push(self.owner_id());
            }
            out.push(m);
        }
        for m in out {
            cx.emit(Record::Media(m))?;
        }
        // the owner
        let mut owner = std::mem::take(&mut self.owner);
        if owner.id.is_empty() {
            owner.id = self.owner_id();
            cx.report.warn("the dump does not say whose archive it is (no account.js, manifest.js or user_details.js)");
        }
        owner.network = NET.into();
        owner.is_owner = true;
        if self.protected {
            owner.protected = Some(true);
        }
        if owner.source.entry.is_empty() {
            owner.source.entry = "(assembled)".into();
        }
        cx.emit(Record::Account(owner))?;
        // everyone else who appears
        let accounts = std::mem::take(&mut self.accounts);
        for (id, s) in accounts.drain() {
            emit_stub(cx, &id.to_string(), s)?;
        }
        let others = std::mem::take(&mut self.other_accounts);
        for (id, s) in others {
            emit_stub(cx, &id, s)?;
        }
        let mut listed: Vec<(&String, &u64)> = self.manifest_counts.iter().collect();
        listed.sort();
        for (file, count) in listed {
            let in_data = file.strip_prefix("data/").unwrap_or(file);
            if !self.present.contains(&name_hash(file))
                && !self.present.contains(&name_hash(in_data))
            {
                cx.report.reconcile(
                    format!("manifest.js: {file}"),
                    *count,
                    0,
                    Some("the file is not in the dump"),
                );
                cx.report.warn(format!(
                    "manifest.js lists {file} ({count} items), which is not in the dump"
                ));
            }
        }
        if self.headers_read > 0 {
            cx.report.reconcile(
                "tweet-headers.js: tweets",
                self.headers_read,
                self.tweets_read,
                None,
            );
        }
        if self.deleted_headers_read > 0 {
            cx.report.reconcile(
                "deleted-tweet-headers.js: deleted tweets",
                self.deleted_headers_read,
                self.deleted_read,
                Some("X keeps deleted tweets' full text for about 14 days only"),
            );
        }
        if let Some(want) = self.classic_total {
            cx.report.reconcile(
                "payload_details.js: tweets",
                want,
                self.tweets_read,
                Some("classic archives are often cut"),
            );
        }
        if self.headers_read > 0 && self.headers_read != self.tweets_read {
            cx.report.warn(format!(
                "tweet-headers.js lists {} tweets, tweets files held {}",
                self.headers_read, self.tweets_read
            ));
        }
        if self.deleted_headers_read > 0 && self.deleted_headers_read != self.deleted_read {
            cx.report.warn(format!(
                "deleted-tweet-headers.js lists {} deleted tweets, deleted-tweets.js held {} \
                 (X keeps deleted tweets' full text for about 14 days only)",
                self.deleted_headers_read, self.deleted_read
            ));
        }
        if let Some(want) = self.classic_total {
            if want != self.tweets_read {
                cx.report.warn(format!(
                    "payload_details.js says {want} tweets, {} were read (classic archives are often cut)",
                    self.tweets_read
                ));
            }
        }
        Ok(())
    }
}

pub(super) fn emit_stub(cx: &mut Context, id: &str, s: Stub) -> Result<()> {
    let a = Account {
        id: record_id(NET, Kind::Account, id),
        network: NET.into(),
        url: Some(match &s.handle {
            Some(h) => format!("https://twitter.com/{h}"),
            None => format!("https://twitter.com/i/user/{id}"),
        }),
        handle: s.handle.map(Into::into),
        display_name: s.name.map(Into::into),
        source: Source::entry("(seen in the dump)"),
        ..Default::default()
    };
    cx.emit(Record::Account(a))
}
