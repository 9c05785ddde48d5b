//! Posts as objects and activities (`Create`, `Announce`), their attachments and
//! addressing.

use super::*;

/// A time as the archive writes it (milliseconds kept when there are any).
pub(super) fn time(t: &crate::model::Timestamp) -> String {
    t.to_rfc3339()
}

/// The ext of a record read back from Mastodon, as a JSON object.
pub(super) fn ext_map(e: &crate::model::Ext) -> Map<String, Value> {
    match serde_json::to_value(e) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

impl<'c, 'a> Writer<'c, 'a> {
    /// The URL an attachment is written with, and the media record's fate.
    /// The URL and type an attachment is written with, or why it is not written.
    pub(super) fn media_url(
        &mut self,
        mid: &str,
        m: &crate::export::select::MediaLite,
    ) -> std::result::Result<(String, String), String> {
        if self.fmt == Format::Mastodon {
            if let Some(file) = self.ctx.media_file(m) {
                // cleaned now to learn its type (and again when it is zipped)
                let out = match self.ctx.outgoing(&file) {
                    Ok(Ok(o)) => o,
                    Ok(Err(why)) => return Err(why),
                    Err(e) => return Err(format!("the file could not be read ({e})")),
                };
                let name = self.zip_name(mid, m, out.ext);
                if self.zip_names.insert(name.clone()) {
                    self.zip_files.push((name.clone(), file));
                }
                // the URL the source gave, when it points at this very entry
                let url = m
                    .original_url
                    .clone()
                    .filter(|u| reader_media_key(u) == name)
                    .unwrap_or_else(|| name.clone());
                return Ok((url, out.mime.to_string()));
            }
        }
        match m.web_url() {
            Some(u) => Ok((u.to_string(), m.mime_or_default())),
            None if self.fmt == Format::Mastodon => {
                Err("the file is not in the archive and has no public address".into())
            }
            None => Err("an outbox names media by a public address, and this one has none (its file stays in the archive)".into()),
        }
    }

    /// The zip entry of a media file: Mastodon's layout (`media_attachments/files/
    /// 110/285/…/original/<name>.<ext>`), the one of the source when it had it.
    pub(super) fn zip_name(
        &self,
        mid: &str,
        m: &crate::export::select::MediaLite,
        ext: &str,
    ) -> String {
        if let Some(u) = &m.original_url {
            let key = reader_media_key(u);
            let same_type = key.rsplit_once('.').is_some_and(|(_, e)| {
                crate::archive::mime_of(&format!("x.{e}"))
                    == crate::archive::mime_of(&format!("x.{ext}"))
            });
            if key.starts_with("media_attachments/files/") && !key.contains("..") && same_type {
                return key;
            }
        }
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(mid.as_bytes());
        let mut n = [0u8; 8];
        n.copy_from_slice(h.get(..8).unwrap_or(&[0; 8]));
        let digits = format!("{:018}", u64::from_be_bytes(n) % 1_000_000_000_000_000_000);
        let stem = m
            .path
            .as_deref()
            .and_then(|p| p.rsplit('/').next())
            .and_then(|f| f.split('.').next())
            .unwrap_or("file");
        format!(
            "media_attachments/files/{}/original/{stem}.{ext}",
            digits
                .as_bytes()
                .chunks(3)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("/")
        )
    }

    /// One post as an object (`Note`, `Article`, or what Mastodon gave), with the
    /// replies of other accounts embedded; counts what a reader will not get back.
    pub(super) fn object(&mut self, p: &Post, book: &mut Book, depth: usize) -> Value {
        let ctx = self.ctx;
        let mastodon = is_mastodon(&p.id);
        let ext = if mastodon {
            ext_map(&p.ext)
        } else {
            Map::new()
        };
        let (actor, attributed) = self.author(&p.author);
        let html = own_html(p);
        let mut o = Map::new();
        o.insert("id".into(), json!(post_iri(p)));
        o.insert(
            "type".into(),
            json!(if p.title.is_some() { "Article" } else { "Note" }),
        );
        o.insert("summary".into(), json!(p.content_warning));
        // the post answered, with its author when the address does not name it
        let in_reply_to = p.reply_to.as_deref().map(|r| {
            let iri = iri_of(r, None);
            match &p.reply_to_account {
                Some(a)
                    if reader::acct_from_uri(&iri)
                        .map(|x| format!("mastodon:account:{x}"))
                        .as_deref()
                        != Some(a.as_str()) =>
                {
                    json!({"id": iri, "attributedTo": account_iri(ctx, a)})
                }
                _ => json!(iri),
            }
        });
        o.insert("inReplyTo".into(), in_reply_to.unwrap_or(Value::Null));
        if let Some(t) = &p.created_at {
            o.insert("published".into(), json!(time(t)));
        }
        if let Some(u) = p.url.as_deref().and_then(link) {
            o.insert("url".into(), json!(u));
        }
        o.insert("attributedTo".into(), attributed.clone());
        // mentioned accounts are addressed
        let mut mentioned = Vec::new();
        let mut tags = Vec::new();
        for m in &p.mentions {
            let Some(acc) = &m.account else { continue };
            let href = mention_href(ctx, acc);
            let name = format!("@{}", m.handle);
            mentioned.push(href.clone());
            let r = reader::mention_ref(&name, &href);
            if Some(r.id.as_str()) != self.owner_id.as_deref() {
                self.refs.see(r);
            }
            tags.push(json!({"type": "Mention", "href": href, "name": name}));
        }
        for t in &p.tags {
            let mut h = json!({"type": "Hashtag", "name": format!("#{t}")});
            if mastodon {
                if let Some(host) = native(&p.id)
                    .strip_prefix("https://")
                    .and_then(|r| r.split('/').next())
                {
                    h["href"] = json!(format!("https://{host}/tags/{t}"));
                }
            }
            tags.push(h);
        }
        let (to, cc) = self.addressing(p, &mentioned);
        o.insert("to".into(), json!(to));
        o.insert("cc".into(), json!(cc));
        if let Some(s) = p.sensitive {
            o.insert("sensitive".into(), json!(s));
        }
        o.insert("content".into(), json!(html));
        if let Some(l) = &p.lang {
            o.insert("contentMap".into(), json!({ l.as_str(): html }));
        }
        if let Some(t) = &p.title {
            o.insert("name".into(), json!(t));
        }
        if let Some(t) = &p.edited_at {
            o.insert("updated".into(), json!(time(t)));
        }
        if let Some(q) = &p.quote_of {
            let iri = iri_of(q, None);
            for k in ["quote", "quoteUri", "_misskey_quote"] {
                o.insert(k.into(), json!(iri));
            }
        }
        for (k, n) in [("likes", "likes"), ("shares", "reposts")] {
            if let Some(v) = p.metrics.get(n) {
                if !mastodon {
                    o.insert(k.into(), json!({"type": "Collection", "totalItems": v}));
                }
            }
        }
        // attachments: the stored files (zip) or their addresses
        let mut atts = Vec::new();
        for (mid, m) in ctx.post_media(p) {
            let (url, file_mime) = match self.media_url(mid, &m) {
                Ok(x) => x,
                Err(why) => {
                    self.media_unwritten.insert(mid.to_string(), why);
                    continue;
                }
            };
            let in_zip =
                self.fmt == Format::Mastodon && self.zip_names.contains(&reader_media_key(&url));
            let named = !is_mastodon(mid);
            let mut d = Map::new();
            if let Some(full) = self.ctx.media.get(mid).and_then(|_| self.media_ext(mid)) {
                d = full;
            }
            d.entry("type").or_insert(json!("Document"));
            // a file in the zip is of the type its bytes say; an address keeps the type
            // the source declared
            let mime = if in_zip {
                file_mime
            } else {
                d.get("mediaType")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or(file_mime)
            };
            d.insert("mediaType".into(), json!(mime));
            d.insert("url".into(), json!(url));
            d.insert("name".into(), json!(m.alt));
            if named {
                d.insert("id".into(), json!(crate::export::ids::tag_uri(mid)));
            }
            atts.push(Value::Object(d));
            self.media_out.insert(
                mid.to_string(),
                MediaOut {
                    url,
                    mime,
                    file: None,
                    named,
                },
            );
        }
        // a Mastodon post's own fields, as they were (they win over the rebuilt ones)
        for (k, v) in ext {
            match k.as_str() {
                "activity" => {}
                // custom emoji and the like, link cards: kept when every address in
                // them is a link (the URL policy)
                "tag" => {
                    if let Value::Array(a) = v {
                        tags.extend(a.into_iter().filter(addresses_are_links));
                    }
                }
                "attachment" => {
                    if let Value::Array(a) = v {
                        atts.extend(a.into_iter().filter(addresses_are_links));
                    }
                }
                // the source's links, when they are links (the URL policy)
                "url" => {
                    if let Value::Array(a) = v {
                        let a: Vec<Value> = a
                            .into_iter()
                            .filter(|x| {
                                x.as_str()
                                    .or_else(|| x.get("href").and_then(Value::as_str))
                                    .is_some_and(|u| link(u).is_some())
                            })
                            .collect();
                        if !a.is_empty() {
                            o.insert(k, Value::Array(a));
                        }
                    }
                }
                _ => {
                    o.insert(k, v);
                }
            }
        }
        if !tags.is_empty() {
            o.insert("tag".into(), Value::Array(tags));
        }
        if !atts.is_empty() {
            o.insert("attachment".into(), Value::Array(atts));
        }
        // replies of other accounts: embedded, each a post of its own
        let replies = ctx.replies_of(&p.id);
        if !replies.is_empty() && depth < 64 {
            let items: Vec<Value> = replies
                .iter()
                .map(|r| {
                    let v = self.object(r, book, depth + 1);
                    if let Some(m) = v.as_object() {
                        self.post_fidelity(r, m, &Map::new(), book);
                    }
                    book.wrote(Kind::Post);
                    v
                })
                .collect();
            o.insert(
                "replies".into(),
                json!({"type": "Collection", "items": items}),
            );
        }
        let _ = actor;
        Value::Object(o)
    }

    /// The media record's own fields (a Mastodon attachment's `blurhash`, `width`, …).
    pub(super) fn media_ext(&self, mid: &str) -> Option<Map<String, Value>> {
        if !is_mastodon(mid) {
            return None;
        }
        self.ctx.media.get(mid).and_then(|m| m.ext.clone())
    }

    /// A post as a `Create` activity, or a repost as an `Announce`.
    pub(super) fn activity(&mut self, p: &Post, book: &mut Book) -> Value {
        let ctx = self.ctx;
        if self.first_actor.is_none() {
            self.first_actor = Some(p.author.clone());
        }
        let mastodon = is_mastodon(&p.id);
        let (actor, _) = self.author(&p.author);
        let published = p.created_at.as_ref().map(time);
        let mut act_ext = if mastodon {
            ext_map(&p.ext)
                .get("activity")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        } else {
            Map::new()
        };
        if let Some(r) = &p.repost_of {
            // the Announce is the repost's own record
            let mut cc = Vec::new();
            let (to, mut cc0) = self.addressing(p, &[]);
            cc.append(&mut cc0);
            let object = iri_of(r, None);
            if let Some(a) = &p.repost_of_account {
                let iri = account_iri(ctx, a);
                if reader::acct_from_uri(&object).is_none() {
                    cc.push(json!(iri));
                }
            }
            let mut act = Map::new();
            act.insert("id".into(), json!(post_iri(p)));
            act.insert("type".into(), json!("Announce"));
            act.insert("actor".into(), json!(actor));
            act.insert("published".into(), json!(published));
            act.insert("to".into(), json!(to));
            act.insert("cc".into(), json!(cc));
            act.insert("object".into(), json!(object));
            // words the sharer added (a reblog's comment, a reshare's text)
            if !p.text.trim().is_empty() || p.html.as_deref().is_some_and(|h| !h.trim().is_empty())
            {
                act.insert("content".into(), json!(own_html(p)));
            }
            if mastodon {
                for (k, v) in ext_map(&p.ext) {
                    act.insert(k, v);
                }
            }
            self.announce_fidelity(p, &act, book);
            book.wrote(Kind::Post);
            return Value::Object(act);
        }
        let object = self.object(p, book, 0);
        let id = post_iri(p);
        let act_id = if id.starts_with("http") {
            format!("{id}/activity")
        } else {
            format!("{id}#activity")
        };
        let mut act = Map::new();
        act.insert("id".into(), json!(act_id));
        act.insert("type".into(), json!("Create"));
        act.insert("actor".into(), json!(actor));
        act.insert("published".into(), json!(published));
        act.insert("to".into(), object.get("to").cloned().unwrap_or(json!([])));
        act.insert("cc".into(), object.get("cc").cloned().unwrap_or(json!([])));
        for (k, v) in std::mem::take(&mut act_ext) {
            act.insert(k, v);
        }
        if let Some(o) = object.as_object() {
            self.post_fidelity(p, o, &act, book);
        }
        act.insert("object".into(), object);
        book.wrote(Kind::Post);
        Value::Object(act)
    }

    /// Stream the selected posts as activities into `f` (one JSON text each).
    pub(super) fn items(
        &mut self,
        book: &mut Book,
        f: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<u64> {
        let ctx = self.ctx;
        let mut n = 0u64;
        ctx.each_post(book, |p, book| {
            let a = self.activity(&p, book);
            n += 1;
            f(&serde_json::to_string(&a).unwrap_or_default())
        })?;
        Ok(n)
    }
}
