//! What a reader will not get back, per record and field, declared in the report.

use super::*;

impl<'c, 'a> Writer<'c, 'a> {
    /// What lifeboat's reader makes of the object written for `p`, against `p`.
    pub(super) fn post_fidelity(
        &mut self,
        p: &Post,
        o: &Map<String, Value>,
        act: &Map<String, Value>,
        book: &mut Book,
    ) {
        let mut b = p.clone();
        let content = o.get("content").and_then(Value::as_str).unwrap_or("");
        let rendered = crate::read::html::render(content);
        b.network = network_of(&p.id).to_string();
        b.text = rendered.text;
        // the address: a string, or the first of a list (kept whole in ext)
        let str_or_href = |x: &Value| {
            x.as_str()
                .or_else(|| x.get("id").and_then(Value::as_str))
                .or_else(|| x.get("href").and_then(Value::as_str))
                .map(str::to_string)
        };
        b.url = match o.get("url") {
            Some(Value::Array(a)) => a.iter().find_map(str_or_href),
            Some(v) => str_or_href(v),
            None => None,
        };
        b.html = (!content.is_empty()).then(|| content.to_string());
        let mut links: Vec<Link> = Vec::new();
        let mut tags: Vec<String> = o
            .get("tag")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|t| t.get("type").and_then(Value::as_str) == Some("Hashtag"))
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .filter(|n| !n.is_empty())
            .map(|n| n.trim_start_matches('#').to_string())
            .collect();
        for a in &rendered.anchors {
            if a.is_mention() {
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
        for a in o
            .get("attachment")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if a.get("type").and_then(Value::as_str) == Some("Link") {
                if let Some(h) = a.get("href").and_then(Value::as_str) {
                    if !links.iter().any(|l| l.url == h) {
                        links.push(Link {
                            url: h.to_string(),
                            short_url: None,
                            display: a.get("name").and_then(Value::as_str).map(str::to_string),
                        });
                    }
                }
            }
        }
        b.links = links;
        b.tags = tags;
        b.content_warning = o
            .get("summary")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(reader::warning_of_summary);
        b.mentions = p
            .mentions
            .iter()
            .filter(|m| m.account.is_some())
            .map(|m| {
                let href = mention_href(self.ctx, m.account.as_deref().unwrap_or(""));
                let r = reader::mention_ref(&format!("@{}", m.handle), &href);
                crate::model::Mention {
                    handle: r.handle.unwrap_or_default(),
                    account: Some(r.id),
                    display_name: None,
                }
            })
            .collect();
        let to: Vec<Value> = o
            .get("to")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let cc: Vec<Value> = o
            .get("cc")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if !is_mastodon(&p.id) {
            b.visibility = visibility_back(&followers_iri(self.ctx, &self.owner_iri), &to, &cc);
        }
        b.reply_to_account = match o.get("inReplyTo") {
            Some(Value::Object(r)) => r
                .get("attributedTo")
                .and_then(Value::as_str)
                .map(|u| reader::actor_ref(u).id),
            Some(Value::String(u)) => {
                reader::acct_from_uri(u).map(|a| format!("mastodon:account:{a}"))
            }
            _ => None,
        };
        if b.title.is_some()
            && !matches!(
                o.get("type").and_then(Value::as_str),
                Some("Article" | "Page" | "Event")
            )
        {
            b.title = None;
        }
        let mut metrics = BTreeMap::new();
        for (k, n) in [
            ("likes", "likes"),
            ("shares", "reposts"),
            ("replies", "replies"),
        ] {
            if let Some(v) = o
                .get(k)
                .and_then(|c| c.get("totalItems"))
                .and_then(Value::as_u64)
            {
                metrics.insert(n.to_string(), v);
            }
        }
        if let Some(v) = o.get("votersCount").and_then(Value::as_u64) {
            metrics.insert("poll_voters".into(), v);
        }
        b.metrics = metrics;
        b.media = p
            .media
            .iter()
            .filter(|m| self.media_out.contains_key(*m))
            .cloned()
            .collect();
        // fields no ActivityStreams object carries
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.community = None;
        b.history.clear();
        b.raw_times.clear();
        b.repost_of = None;
        b.repost_of_account = None;
        let mut ext = leftover(o, act);
        if is_mastodon(&p.id) {
            // the raw copies the reader keeps of times it cannot parse
            for (k, v) in ext_map(&p.ext) {
                if matches!(k.as_str(), "published" | "updated") {
                    ext.insert(k, v);
                }
            }
            b.raw_times = p.raw_times.clone();
        }
        b.ext = crate::model::Ext::from_map(ext);
        let fmt = self.fmt;
        settle(book, Kind::Post, p, &b, &[], &|f| {
            reason(fmt, Kind::Post, f)
        });
    }

    pub(super) fn announce_fidelity(
        &mut self,
        p: &Post,
        act: &Map<String, Value>,
        book: &mut Book,
    ) {
        let mut b = p.clone();
        b.network = network_of(&p.id).to_string();
        let object = act.get("object").and_then(Value::as_str).unwrap_or("");
        let cc: Vec<Value> = act
            .get("cc")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let to: Vec<Value> = act
            .get("to")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let followers = followers_iri(self.ctx, &self.owner_iri);
        let author_uri = reader::acct_from_uri(object)
            .map(|_| object.to_string())
            .or_else(|| {
                cc.iter()
                    .filter_map(Value::as_str)
                    .find(|u| *u != PUBLIC && *u != followers && !u.ends_with("/followers"))
                    .map(str::to_string)
            });
        b.repost_of_account = author_uri.map(|a| {
            let r = reader::announced_author_ref(&a);
            self.refs.see(r.clone());
            r.id
        });
        if !is_mastodon(&p.id) {
            b.visibility = visibility_back(&followers_iri(self.ctx, &self.owner_iri), &to, &cc);
        }
        // an Announce carries what it shares, and the words the sharer added
        let content = act
            .get("content")
            .and_then(Value::as_str)
            .filter(|c| !c.trim().is_empty());
        b.text = content
            .map(|c| crate::read::html::render(c).text)
            .unwrap_or_default();
        b.html = content.map(str::to_string);
        b.title = None;
        b.content_warning = None;
        b.lang = None;
        b.url = None;
        b.reply_to = None;
        b.reply_to_account = None;
        b.quote_of = None;
        b.media.clear();
        b.links.clear();
        b.mentions.clear();
        b.tags.clear();
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.metrics.clear();
        b.sensitive = None;
        b.community = None;
        b.edited_at = None;
        b.history.clear();
        let mut ext = act.clone();
        for k in ["id", "type", "actor", "object", "published"] {
            ext.remove(k);
        }
        if content.is_some() {
            ext.remove("content");
        }
        if is_mastodon(&p.id) {
            b.raw_times = p.raw_times.clone();
            if let Some(v) = p.ext.get_value("published") {
                ext.insert("published".into(), v);
            }
        } else {
            b.raw_times.clear();
        }
        b.ext = crate::model::Ext::from_map(ext);
        let fmt = self.fmt;
        settle(book, Kind::Post, p, &b, &[], &|f| match f {
            "ext" | "network" | "raw_times" | "visibility" | "repost_of_account" | "text"
            | "html" | "links" => reason(fmt, Kind::Post, f),
            _ => format!("a repost (an Announce) carries only the post it shares: {f} is not kept"),
        });
    }

    /// The owner as a reader gets it back from the actor written, and every other
    /// account: as the references written name it, or not at all.
    pub(super) fn accounts_fidelity(
        &mut self,
        book: &mut Book,
        actor: Option<&Value>,
    ) -> Result<()> {
        let ctx = self.ctx;
        let fmt = self.fmt;
        for r in ctx.archive.records(Kind::Account)? {
            let Record::Account(a) = r? else { continue };
            if !ctx.filter.in_network(&a.network) {
                continue;
            }
            if Some(&a.id) == self.owner_id.as_ref() {
                match actor {
                    Some(v) => {
                        let b = owner_back(&a, v);
                        let own = is_mastodon(&a.id);
                        settle(book, Kind::Account, &a, &b, &[], &|f| {
                            owner_reason(fmt, own, f)
                        });
                        book.wrote(Kind::Account);
                    }
                    None => book.lost(Kind::Account, "the archive's owner has no place here"),
                }
                continue;
            }
            let first = self.owner_id.is_none() && self.first_actor.as_ref() == Some(&a.id);
            match self.refs.seen.get(&a.id) {
                Some(r) => {
                    let b = Account {
                        id: a.id.clone(),
                        network: network_of(&a.id).to_string(),
                        handle: r.handle.clone(),
                        display_name: r.display_name.clone(),
                        url: r.url.clone(),
                        is_owner: first,
                        source: a.source.clone(),
                        ..Account::default()
                    };
                    settle(book, Kind::Account, &a, &b, &[], &|f| reason(fmt, Kind::Account, f));
                    book.wrote(Kind::Account);
                }
                None => book.lost(
                    Kind::Account,
                    "accounts are carried only as the owner and as authors and mentions of what is written",
                ),
            }
        }
        Ok(())
    }

    /// Media records: as a reader gets them back from the attachments written, or not
    /// at all.
    pub(super) fn media_fidelity(&mut self, book: &mut Book) -> Result<()> {
        let ctx = self.ctx;
        let fmt = self.fmt;
        for r in ctx.archive.records(Kind::Media)? {
            let Record::Media(m) = r? else { continue };
            if !ctx.filter.in_network(&m.network) {
                continue;
            }
            let Some(out) = self.media_out.get(&m.id) else {
                if let Some(why) = self.media_unwritten.get(&m.id) {
                    book.lost(Kind::Media, format!("{}: {why}", self.fmt_name()));
                } else if let Some((name, sha, n)) =
                    m.path.as_ref().and_then(|p| self.profile_out.get(p))
                {
                    // a profile image, read back as a file of the archive's owner
                    let b = profile_back(&m, name, sha, *n, self.owner_id.as_deref());
                    settle(book, Kind::Media, &m, &b, &[], &|f| {
                        reason(fmt, Kind::Media, f)
                    });
                    book.wrote(Kind::Media);
                } else if !self.profile_written(&m) {
                    book.lost(
                        Kind::Media,
                        "media are carried only as attachments of the posts written",
                    );
                }
                continue;
            };
            let b = media_back(&m, out);
            settle(book, Kind::Media, &m, &b, &[], &|f| {
                reason(fmt, Kind::Media, f)
            });
            book.wrote(Kind::Media);
        }
        Ok(())
    }

    pub(super) fn profile_written(&self, m: &Media) -> bool {
        self.fmt == Format::Mastodon
            && self
                .ctx
                .profile_images
                .iter()
                .any(|(_, p)| p.path.is_some() && p.path == m.path)
    }
}
