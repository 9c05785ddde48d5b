//! `Create` activities: the owner's posts (notes, questions, articles) with their
//! mentions, tags, emoji, attachments, polls and quotes.

use super::*;

impl Mastodon {
    pub(super) fn create(
        &mut self,
        mut act: Map<String, Value>,
        mut o: Map<String, Value>,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let actor = str_or_id(act.remove("actor").as_ref()).unwrap_or_default();
        self.owner_from_actor(&actor);
        let Some(oid) = str_or_id(o.get("id")) else {
            cx.report
                .skipped(Kind::Post, "Create object without an id", loc);
            return Ok(());
        };
        o.remove("id");
        let post_id = post_ref(&oid);
        let attributed = o.remove("attributedTo");
        let author = self.account_of_value(attributed.as_ref(), &actor, &src);
        let to = uri_list(o.get("to"));
        let cc = uri_list(o.get("cc"));
        let visibility = self.visibility(&to, &cc);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let published = o.get("published").cloned();
        let created_at = time_of(o.remove("published"), "published", &mut raw, &mut ext);
        let edited_at = time_of(o.remove("updated"), "updated", &mut raw, &mut ext);

        // the text: `content`, or the first language of `contentMap`
        let mut content = string(o.remove("content")).unwrap_or_default();
        let mut lang = None;
        if let Some(Value::Object(map)) = o.get("contentMap") {
            if let Some((l, v)) = map.iter().next() {
                lang = Some(l.clone());
                if content.is_empty() {
                    content = v.as_str().unwrap_or("").to_string();
                }
            }
            // one language whose HTML is the content: fully mapped
            if map.len() == 1 && map.values().next().and_then(Value::as_str) == Some(&content) {
                o.remove("contentMap");
            }
        }
        let rendered = html::render(&content);
        let typ = o
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("Note")
            .to_string();
        let title = if matches!(typ.as_str(), "Article" | "Page" | "Event") {
            string(o.remove("name")).filter(|s| !s.is_empty())
        } else {
            None
        };
        let content_warning = match o.remove("summary") {
            Some(Value::String(s)) if !s.is_empty() => Some(warning_of_summary(&s)),
            Some(Value::Null) | None => None,
            Some(other) => {
                ext.insert("summary", other);
                None
            }
        };
        let sensitive = match o.remove("sensitive") {
            Some(Value::Bool(b)) => Some(b),
            Some(Value::Null) | None => None,
            Some(other) => {
                ext.insert("sensitive", other);
                None
            }
        };
        let url = match o.remove("url") {
            Some(Value::Array(a)) => {
                let first = a.iter().find_map(|x| str_or_id(Some(x)));
                ext.insert("url", Value::Array(a));
                first
            }
            other => str_or_id(other.as_ref()),
        };
        let in_reply_to = o.remove("inReplyTo");
        let reply_uri = str_or_id(in_reply_to.as_ref());
        // the author of the post answered: named by an embedded object (as lifeboat
        // writes it), else by the post's URI
        let reply_to_account = match in_reply_to.as_ref().and_then(|v| v.get("attributedTo")) {
            Some(a) => str_or_id(Some(a)).map(|u| actor_ref(&u).id),
            None => reply_uri
                .as_deref()
                .and_then(acct_from_uri)
                .map(|a| record_id(NET, Kind::Account, &a)),
        };
        // quotes: Mastodon 4.5 `quote`, Fedibird `quoteUri`, Misskey `_misskey_quote`;
        // the keys that name the same post are all read
        let mut quote_uri: Option<String> = None;
        for key in QUOTE_KEYS {
            let Some(q) = o.get(key).and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            match &quote_uri {
                None => {
                    o.remove(key);
                    quote_uri = Some(q);
                }
                Some(first) if *first == q => {
                    o.remove(key);
                }
                Some(_) => {}
            }
        }
        let quote_of = quote_uri.as_deref().map(post_ref);

        // tags: mentions and hashtags mapped; custom emoji and the rest kept
        let mut mentions = Vec::new();
        // the account each mentioned actor URI was given (for the DM recipients)
        let mut mentioned: Vec<(String, String)> = Vec::new();
        let mut tags = Vec::new();
        let mut other_tags = Vec::new();
        // a list, or (from some servers) one tag object on its own
        let tag_list = match o.remove("tag") {
            Some(Value::Array(list)) => list,
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![one],
        };
        for t in tag_list {
            let kind = t.get("type").and_then(Value::as_str).unwrap_or("");
            let name = t.get("name").and_then(Value::as_str).unwrap_or("");
            let href = str_or_id(t.get("href")).unwrap_or_default();
            match kind {
                "Mention" if !name.is_empty() || !href.is_empty() => {
                    let r = mention_ref(name, &href);
                    let handle = r.handle.clone().unwrap_or_default();
                    let is_owner = self
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.uri == href || o.id == r.id);
                    let account = if is_owner {
                        self.account_of(&href, &src)
                    } else {
                        self.stub(r, &src)
                    };
                    if !href.is_empty() {
                        mentioned.push((href.clone(), account.clone()));
                    }
                    mentions.push(Mention {
                        handle,
                        account: Some(account),
                        display_name: None,
                    });
                }
                "Hashtag" if !name.is_empty() => {
                    tags.push(name.trim_start_matches('#').to_string());
                }
                _ => other_tags.push(t),
            }
        }
        if !other_tags.is_empty() {
            ext.insert("tag", Value::Array(other_tags));
        }
        // links of the text (not mentions or hashtags)
        let mut links: Vec<Link> = Vec::new();
        for a in &rendered.anchors {
            if a.is_mention() {
                if mentions.is_empty()
                    || !mentions.iter().any(|m| {
                        m.account.as_deref().is_some_and(|id| {
                            acct_from_uri(&a.href).is_some_and(|x| id.ends_with(&x))
                        })
                    })
                {
                    // a mention the tag list missed
                    if let Some(acct) = acct_from_uri(&a.href) {
                        if !mentions.iter().any(|m| m.handle == acct) {
                            let account = self.stub(
                                AccountRef {
                                    id: record_id(NET, Kind::Account, &acct),
                                    handle: Some(acct.clone()),
                                    display_name: None,
                                    url: Some(a.href.clone()),
                                },
                                &src,
                            );
                            mentions.push(Mention {
                                handle: acct,
                                account: Some(account),
                                display_name: None,
                            });
                        }
                    }
                }
                continue;
            }
            if a.is_hashtag() {
                let t = a.text.trim_start_matches('#').to_string();
                if !t.is_empty() && !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                    tags.push(t);
                }
                continue;
            }
            if !links.iter().any(|l| l.url == a.href) {
                links.push(Link {
                    url: a.href.clone(),
                    short_url: None,
                    display: (!a.text.is_empty()).then(|| a.text.clone()),
                });
            }
        }

        // attachments: media records (link preview cards are links)
        let mut media_ids = Vec::new();
        let mut media_records = Vec::new();
        let mut other_attachments = Vec::new();
        // a list, or (from some servers) one attachment object on its own
        let attachments = match o.remove("attachment") {
            Some(Value::Array(list)) => list,
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![one],
        };
        for (i, a) in attachments.into_iter().enumerate() {
            match a {
                Value::Object(m)
                    if m.get("type").and_then(Value::as_str) != Some("Link")
                        && str_or_id(m.get("url")).is_some() =>
                {
                    let media = self.attachment(m, &post_id, &oid, i, &src, cx);
                    media_ids.push(media.id.clone());
                    media_records.push(media);
                }
                Value::Object(m) if m.get("type").and_then(Value::as_str) == Some("Link") => {
                    if let Some(h) = str_or_id(m.get("href")) {
                        if !links.iter().any(|l| l.url == h) {
                            links.push(Link {
                                url: h,
                                short_url: None,
                                display: m.get("name").and_then(Value::as_str).map(str::to_string),
                            });
                        }
                    }
                    other_attachments.push(Value::Object(m));
                }
                other => other_attachments.push(other),
            }
        }
        if !other_attachments.is_empty() {
            ext.insert("attachment", Value::Array(other_attachments));
        }

        // replies by other accounts, embedded as objects (as lifeboat writes an
        // outbox): posts of their own, read after this one
        let embedded = take_embedded_replies(&mut o);

        // counts at export time
        let mut metrics = BTreeMap::new();
        for (key, name) in [
            ("likes", "likes"),
            ("shares", "reposts"),
            ("replies", "replies"),
        ] {
            if let Some(n) = o
                .get(key)
                .and_then(|c| c.get("totalItems"))
                .and_then(Value::as_u64)
            {
                metrics.insert(name.to_string(), n);
            }
        }
        if let Some(n) = o.get("votersCount").and_then(Value::as_u64) {
            metrics.insert("poll_voters".into(), n);
        }

        // the conversation, for direct posts (when the post names none, its direct
        // parent's, else its own)
        let conversation = str_or_id(o.get("conversation"))
            .or_else(|| str_or_id(o.get("context")))
            .or_else(|| {
                let parent = reply_uri.as_deref()?;
                self.direct_ids.get(parent).cloned()
            })
            .unwrap_or_else(|| oid.clone());

        // every other field of the object and of its activity, verbatim
        // the activity's copies of the object's addressing and date add nothing
        for key in ["to", "cc"] {
            if act.get(key).is_some() && act.get(key) == o.get(key) {
                act.remove(key);
            }
        }
        if published.is_some() && act.get("published") == published.as_ref() {
            act.remove("published");
        }
        ext.extend_map(o);
        if !act.is_empty() {
            act.remove("type");
            ext.insert("activity", Value::Object(act));
        }
        let post = Post {
            id: post_id.clone(),
            network: crate::export::network_of(&post_id).to_string(),
            author: author.clone(),
            created_at,
            text: rendered.text,
            html: (!content.is_empty()).then_some(content),
            title,
            content_warning,
            lang,
            url,
            reply_to: reply_uri.as_deref().map(post_ref),
            reply_to_account,
            quote_of,
            visibility,
            media: media_ids,
            links,
            mentions,
            tags,
            metrics,
            sensitive,
            edited_at,
            raw_times: raw,
            source: src.clone(),
            ext,
            ..Default::default()
        };
        for m in media_records {
            cx.emit(Record::Media(m))?;
        }
        if visibility == Visibility::Direct {
            self.direct_message(
                &post,
                &oid,
                reply_uri.as_deref(),
                &conversation,
                &to,
                &cc,
                &mentioned,
                cx,
            )?;
        }
        cx.emit(Record::Post(post))?;
        for (i, r) in embedded.into_iter().enumerate() {
            let mut at = src.clone();
            at.pointer = Some(format!(
                "{}/replies/items/{i}",
                src.pointer.as_deref().unwrap_or("/object")
            ));
            self.create(Map::new(), r, at, cx)?;
        }
        Ok(())
    }
}
