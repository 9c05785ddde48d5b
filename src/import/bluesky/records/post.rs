//! Posts (`app.bsky.feed.post`): text and facets, embeds (images, video, external
//! cards, quotes), replies, the blobs they carry, and the parts of a post lifeboat's
//! export split joined again.

use super::*;

impl Repo<'_> {
    /// A media record for a blob reference; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn media(
        &mut self,
        blob: &Value,
        hint: &str,
        alt: Option<String>,
        attached: &str,
        src: &Source,
        what: &str,
        cx: &mut Context,
    ) -> Result<Option<String>> {
        let Some(b) = blob_ref(blob) else {
            return Ok(None);
        };
        let given = match self.given.and_then(|g| g.media(&self.cur_uri, &b.cid)) {
            Some(ids) => {
                let n = self
                    .media_refs
                    .entry((self.cur_uri.clone(), b.cid.clone()))
                    .or_default();
                let id = ids.get(*n).or(ids.last()).cloned();
                *n += 1;
                id
            }
            None => None,
        };
        let id = match given {
            Some(id) => {
                self.blobs.used.insert(b.cid.clone());
                // one media record attached to several posts is read once
                if !self.given_media.insert(id.clone()) {
                    return Ok(Some(id));
                }
                id
            }
            None => self.media_id(&b.cid, attached, what),
        };
        let mut m = Media {
            network: network_of(&id),
            id: id.clone(),
            kind: media_kind(b.mime.as_deref(), hint),
            alt_text: alt.filter(|s| !s.is_empty()),
            attached_to: vec![attached.to_string()],
            source: src.clone(),
            ..Default::default()
        };
        m.ext.insert("blob", blob.clone());
        if let Some(f) = self.blobs.files.get(&b.cid) {
            m.set_file(
                f.entry.clone(),
                f.stored.sha256.clone(),
                f.stored.bytes,
                f.stored.path.clone(),
            );
        } else {
            m.missing = true;
            let why = if self.blobs.bad.contains_key(&b.cid) {
                "is in the dump but its bytes do not match the CID"
            } else {
                "is referenced but not in the dump"
            };
            cx.report
                .missing_media(format!("blob {} ({what} of {attached}) {why}", b.cid));
        }
        if b.mime.is_some() {
            m.mime = b.mime;
        }
        cx.emit(Record::Media(m))?;
        Ok(Some(id))
    }

    /// The id of a blob's media record: its CID, or, for a blob used again, its CID
    /// and the record using it.
    pub(super) fn media_id(&mut self, cid: &str, attached: &str, what: &str) -> String {
        let native = if self.blobs.used.insert(cid.to_string()) {
            cid.to_string()
        } else {
            // the native part of the record id (`bluesky:post:<native>`)
            let owner = attached.splitn(3, ':').nth(2).unwrap_or(attached);
            format!("{cid}@{owner}")
        };
        self.unique(
            record_id(NET, Kind::Media, &native),
            &what.replace(' ', "-"),
        )
    }

    /// A post's record id from an AT-URI; the author is noted as an account.
    pub(super) fn post_ref(&mut self, uri: &str) -> (String, Option<String>) {
        self.note_account(uri);
        (
            self.given_id(uri)
                .unwrap_or_else(|| record_id(NET, Kind::Post, uri_native(uri))),
            uri_authority(uri).map(|a| self.account(a)),
        )
    }

    pub(super) fn post(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let uri = self.uri(&item);
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        self.cur_uri = uri.clone();
        let part = self.given.and_then(|g| g.id(&uri)).cloned();
        let id = match &part {
            Some(g) => g.id.clone(),
            None => record_id(NET, Kind::Post, uri_native(&uri)),
        };
        let mut p = Post {
            id: id.clone(),
            network: network_of(&id),
            author: self.owner.clone(),
            url: Some(format!(
                "https://bsky.app/profile/{}/post/{}",
                self.did, item.rkey
            )),
            visibility: Visibility::Public,
            source: item.src.clone(),
            ..Default::default()
        };
        p.text = match m.remove("text") {
            Some(Value::String(s)) => s,
            Some(other) => {
                m.insert("text".into(), other);
                String::new()
            }
            None => String::new(),
        };
        let created = m.remove("createdAt");
        p.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut p.raw_times,
        );
        if p.created_at.is_none() {
            if let Some(us) = tid_micros(&item.rkey) {
                p.created_at = Timestamp::from_millis(us / 1000);
                p.ext
                    .insert("created_at_from", Value::String("record key (TID)".into()));
            }
        }
        if let Some(Value::Array(langs)) = m.get("langs") {
            p.lang = langs.first().and_then(Value::as_str).map(str::to_string);
            if langs.len() <= 1 {
                m.remove("langs");
            }
        }
        if let Some(Value::Array(tags)) = m.remove("tags") {
            p.tags
                .extend(tags.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(reply) = m.get("reply").cloned() {
            if let Some(parent) = reply.get("parent").and_then(|v| get_str(v, "uri")) {
                let (pid, acc) = self.post_ref(parent);
                p.reply_to = Some(pid);
                p.reply_to_account = acc;
            }
            if let Some(root) = reply.get("root").and_then(|v| get_str(v, "uri")) {
                let (rid, _) = self.post_ref(root);
                p.ext.insert("reply_root", Value::String(rid));
            }
        }
        if let Some(facets) = m.get("facets").cloned() {
            self.facets(&facets, &mut p, &item.location, cx);
        }
        if let Some(entities) = m.get("entities").cloned() {
            self.entities(&entities, &mut p);
        }
        if let Some(embed) = m.get("embed").cloned() {
            self.embed(&embed, &mut p, &item.src, cx, 0)?;
        }
        if let Some(labels) = m.get("labels") {
            let n = labels
                .get("values")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if n > 0 {
                p.sensitive = Some(true);
            }
        }
        // facets, embed, reply, labels, langs (several) and unknown fields stay verbatim
        p.ext.extend(Ext::from_map(m));
        // threadgate and postgate of this post (read by the walk just before it)
        for g in std::mem::take(&mut self.post_gates) {
            let field = if g.collection == THREADGATE {
                "threadgate"
            } else {
                "postgate"
            };
            p.ext.insert(field, g.value);
            // the gate record is converted into its post's ext
            cx.report.converted(Kind::Post);
        }
        match part.and_then(|g| g.part) {
            Some((1, of)) if of > 1 => {
                // the first part of a post lifeboat split: the others follow
                self.held.insert(id, (p, of - 1));
                Ok(())
            }
            Some((_, _)) if self.held.contains_key(&id) => self.join_part(p, cx),
            _ => cx.emit(Record::Post(p)),
        }
    }

    /// A later part of a post lifeboat's export split into a thread: its text, links,
    /// mentions, tags and media join the first part's (the parts put together are the
    /// text, byte for byte); the part itself is converted into that post.
    pub(super) fn join_part(&mut self, part: Post, cx: &mut Context) -> Result<()> {
        let Some((mut p, left)) = self.held.remove(&part.id) else {
            return cx.emit(Record::Post(part));
        };
        p.text.push_str(&part.text);
        p.links.extend(part.links);
        p.mentions.extend(part.mentions);
        for t in part.tags {
            if !p.tags.contains(&t) {
                p.tags.push(t);
            }
        }
        p.media.extend(part.media);
        cx.report.converted(Kind::Post);
        if left <= 1 {
            cx.emit(Record::Post(p))
        } else {
            self.held.insert(p.id.clone(), (p, left - 1));
            Ok(())
        }
    }

    pub(super) fn facets(
        &mut self,
        facets: &Value,
        p: &mut Post,
        location: &str,
        cx: &mut Context,
    ) {
        let Some(list) = facets.as_array() else {
            return;
        };
        // a set, not `Vec::contains`: a hostile post may hold many thousand tags
        let mut seen_tags: HashSet<String> = p.tags.iter().cloned().collect();
        for f in list {
            let idx = f.get("index");
            let start = idx.and_then(|i| i.get("byteStart")).and_then(Value::as_u64);
            let end = idx.and_then(|i| i.get("byteEnd")).and_then(Value::as_u64);
            let span = match (start, end) {
                (Some(s), Some(e)) => usize::try_from(s)
                    .ok()
                    .zip(usize::try_from(e).ok())
                    .and_then(|(s, e)| p.text.get(s..e)),
                _ => None,
            }
            .map(str::to_string);
            if span.is_none() {
                self.facet_warnings += 1;
                if self.facet_warnings <= WARN_EACH as u64 {
                    cx.report.warn(format!(
                        "{location}: facet byte offsets {}..{} do not fall on the text's characters; the feature is kept without its text span",
                        start.map_or("?".into(), |v| v.to_string()),
                        end.map_or("?".into(), |v| v.to_string()),
                    ));
                }
            }
            let Some(features) = f.get("features").and_then(Value::as_array) else {
                continue;
            };
            for feat in features {
                let ty = get_str(feat, "$type").unwrap_or("");
                if let Some(did) =
                    get_str(feat, "did").filter(|_| ty.ends_with("#mention") || ty.is_empty())
                {
                    let handle = span
                        .as_deref()
                        .map(|s| s.trim_start_matches('@').to_string())
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| did.to_string());
                    self.note_account(did);
                    p.mentions.push(Mention {
                        handle,
                        account: Some(self.account(did)),
                        display_name: None,
                    });
                } else if let Some(url) = get_str(feat, "uri") {
                    p.links.push(Link {
                        url: url.to_string(),
                        short_url: None,
                        display: span.clone(),
                    });
                } else if let Some(tag) = get_str(feat, "tag") {
                    let tag = tag.trim_start_matches('#').to_string();
                    if seen_tags.insert(tag.clone()) {
                        p.tags.push(tag);
                    }
                }
            }
        }
    }

    /// Legacy (≤ March 2023) `entities`: mentions and links with their values.
    pub(super) fn entities(&mut self, entities: &Value, p: &mut Post) {
        let Some(list) = entities.as_array() else {
            return;
        };
        for e in list {
            let Some(value) = get_str(e, "value") else {
                continue;
            };
            let span = e.get("index").and_then(|i| {
                let s = usize::try_from(i.get("start")?.as_u64()?).ok()?;
                let t = usize::try_from(i.get("end")?.as_u64()?).ok()?;
                p.text.get(s..t).map(str::to_string)
            });
            match get_str(e, "type") {
                Some("mention") => {
                    self.note_account(value);
                    p.mentions.push(Mention {
                        handle: span
                            .map(|s| s.trim_start_matches('@').to_string())
                            .unwrap_or_else(|| value.to_string()),
                        account: Some(account_id(value)),
                        display_name: None,
                    });
                }
                Some("link") => p.links.push(Link {
                    url: value.to_string(),
                    short_url: None,
                    display: span,
                }),
                _ => {}
            }
        }
    }

    pub(super) fn embed(
        &mut self,
        embed: &Value,
        p: &mut Post,
        src: &Source,
        cx: &mut Context,
        depth: u8,
    ) -> Result<()> {
        let ty = get_str(embed, "$type").unwrap_or("");
        match ty {
            "app.bsky.embed.images" => {
                let images = embed.get("images").and_then(Value::as_array);
                for (i, img) in images.into_iter().flatten().enumerate() {
                    let alt = get_str(img, "alt").map(str::to_string);
                    if let Some(blob) = img.get("image") {
                        let what = format!("image {}", i + 1);
                        let id = p.id.clone();
                        if let Some(mid) = self.media(blob, "photo", alt, &id, src, &what, cx)? {
                            p.media.push(mid);
                        }
                    }
                }
            }
            "app.bsky.embed.video" => {
                if let Some(blob) = embed.get("video") {
                    let alt = get_str(embed, "alt").map(str::to_string);
                    let id = p.id.clone();
                    if let Some(mid) = self.media(blob, "video", alt, &id, src, "video", cx)? {
                        p.media.push(mid);
                    }
                }
                // captions: one text track per language
                let captions = embed.get("captions").and_then(Value::as_array);
                for (i, c) in captions.into_iter().flatten().enumerate() {
                    if let Some(file) = c.get("file") {
                        let lang = get_str(c, "lang").unwrap_or("und");
                        let what = format!("captions {} ({lang})", i + 1);
                        let id = p.id.clone();
                        if let Some(mid) =
                            self.media(file, "document", None, &id, src, &what, cx)?
                        {
                            p.media.push(mid);
                        }
                    }
                }
            }
            "app.bsky.embed.external" => {
                if let Some(ext) = embed.get("external") {
                    if let Some(uri) = get_str(ext, "uri") {
                        if !p.links.iter().any(|l| l.url == uri) {
                            p.links.push(Link {
                                url: uri.to_string(),
                                short_url: None,
                                display: get_str(ext, "title")
                                    .filter(|s| !s.is_empty())
                                    .map(str::to_string),
                            });
                        }
                    }
                    if let Some(thumb) = ext.get("thumb") {
                        let id = p.id.clone();
                        if let Some(mid) =
                            self.media(thumb, "photo", None, &id, src, "link card thumbnail", cx)?
                        {
                            p.media.push(mid);
                        }
                    }
                }
            }
            "app.bsky.embed.record" => {
                if let Some(uri) = embed.get("record").and_then(|r| get_str(r, "uri")) {
                    if uri_collection(uri) == Some(POST) {
                        let (qid, _) = self.post_ref(uri);
                        p.quote_of = Some(qid);
                    }
                }
            }
            "app.bsky.embed.recordWithMedia" if depth == 0 => {
                if let Some(rec) = embed.get("record") {
                    // {"$type": "app.bsky.embed.record", "record": strongRef}
                    let inner = rec.get("record").unwrap_or(rec);
                    if let Some(uri) = get_str(inner, "uri") {
                        if uri_collection(uri) == Some(POST) {
                            let (qid, _) = self.post_ref(uri);
                            p.quote_of = Some(qid);
                        }
                    }
                }
                if let Some(media) = embed.get("media") {
                    self.embed(media, p, src, cx, depth + 1)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
