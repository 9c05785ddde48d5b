//! Stream posts and comments as JSON (Takeout from 2018 on) and their media.

use super::cards::card_links;
use super::cards::json_card;
use super::*;

impl GooglePlus {
    /// A media object of a post (FORMAT.md §2.2): the stored file when the dump has
    /// it, else a record marked missing.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn media_item(
        &mut self,
        mut m: Map<String, Value>,
        folder: &str,
        post_id: &str,
        post_native: &str,
        index: usize,
        src: &Source,
        cx: &mut Context,
    ) -> Result<String> {
        let url = string(m.remove("url"));
        let local = string(m.remove("localFilePath"));
        let resource = string(m.remove("resourceName"));
        let mime = string(m.remove("contentType"));
        let alt = string(m.remove("description")).filter(|s| !s.is_empty());
        let base = resource
            .clone()
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{post_native}/media/{index}"));
        let native = if self.media_ids.insert(base.clone()) {
            base
        } else {
            Self::unique(&mut self.media_ids, format!("{base}@{post_native}"))
        };
        let kind = match mime.as_deref() {
            Some(t) if t.starts_with("video") => "video",
            Some(t) if t.starts_with("audio") => "audio",
            _ => local
                .as_deref()
                .and_then(takeout::media_kind)
                .unwrap_or("photo"),
        };
        let mut media = Media {
            id: record_id(NET, Kind::Media, &native),
            network: NET.into(),
            kind: kind.into(),
            mime: mime.clone().filter(|t| !t.contains('*')),
            alt_text: alt,
            original_url: url.clone(),
            attached_to: vec![post_id.to_string()],
            source: src.clone(),
            ext: Ext::from_map(m),
            ..Default::default()
        };
        if let Some(t) = mime.filter(|t| t.contains('*')) {
            media.ext.insert_string("contentType", t);
        }
        let path = local.as_ref().map(|l| {
            if folder.is_empty() {
                l.clone()
            } else {
                format!("{folder}/{l}")
            }
        });
        let key = path
            .as_deref()
            .map(|p| takeout::without_part(p).to_string());
        match key.and_then(|k| self.files.get_mut(&k)) {
            Some(f) => {
                f.used = true;
                media.set_file(
                    f.entry.clone(),
                    f.stored.sha256.clone(),
                    f.stored.bytes,
                    f.stored.path.clone(),
                );
            }
            None => {
                media.missing = true;
                let what = match (&local, &url) {
                    (Some(l), _) => format!("{l} (of {post_id})"),
                    (None, Some(u)) => format!("{u} (of {post_id}, not fetched by Takeout)"),
                    (None, None) => format!("a media item of {post_id}"),
                };
                cx.report.missing_media(what);
            }
        }
        let id = media.id.clone();
        cx.emit(Record::Media(media))?;
        Ok(id)
    }

    /// One post file of the JSON variant (or the original embedded in a reshare).
    /// Returns the post's record id and the number of records read.
    pub(super) fn post_json(
        &mut self,
        e: &Entry,
        v: Value,
        community: Option<&str>,
        embedded: bool,
        cx: &mut Context,
    ) -> Result<Option<(String, u64)>> {
        let src = Source::entry(&e.name);
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Post, "a post file that is not a JSON object", &e.name);
            return Ok(None);
        };
        let url = string(m.remove("url"));
        let resource = string(m.remove("resourceName"));
        let Some(base) = resource
            .clone()
            .or_else(|| url.as_deref().map(url_native))
            .filter(|s| !s.is_empty())
        else {
            cx.report.skipped(
                Kind::Post,
                "a post with neither resourceName nor url",
                &e.name,
            );
            return Ok(None);
        };
        let mut post_id = record_id(NET, Kind::Post, &base);
        let mut base = base;
        if !self.post_ids.insert(post_id.clone()) {
            if embedded {
                return Ok(Some((post_id, 0))); // the same original, already kept
            }
            // a second file of one post: kept, under a derived id
            (base, post_id) = self.derived(&base, &e.name, cx);
        }
        if let Some(u) = &url {
            self.by_url
                .entry(u.clone())
                .or_insert_with(|| post_id.clone());
        }
        let author = m.remove("author").and_then(|a| self.person(&a, &src));
        if let (Some(a), false, None) = (&author, embedded, community) {
            let native = a.rsplit(':').next().unwrap_or("").to_string();
            *self.authors.entry(native).or_default() += 1;
        }
        let content = string(m.remove("content")).unwrap_or_default();
        let rendered = html::render(&content);
        let (mut links, mentions) = links_and_mentions(&rendered);
        // the link card: a link of the post (the object itself stays in ext.link)
        if let Some(c) = json_card(m.get("link")) {
            card_links(&[c], &mut links);
        }
        let mut raw = RawTimes::new();
        let created_at = time(
            string(m.remove("creationTime")).as_deref(),
            "created_at",
            &mut raw,
        );
        let updated = time(
            string(m.remove("updateTime")).as_deref(),
            "edited_at",
            &mut raw,
        );
        let acl = m.remove("postAcl");
        let vis = if embedded {
            Visibility::Unknown
        } else {
            visibility(acl.as_ref())
        };
        let community_name = acl
            .as_ref()
            .and_then(|a| str_at(a, &["communityAcl", "community", "displayName"]))
            .map(str::to_string)
            .or_else(|| community.map(str::to_string));
        let mut ext = Ext::default();
        if let Some(a) = acl {
            ext.insert("postAcl", a);
        }
        if let Some(r) = &resource {
            ext.insert_string("resourceName", r.clone());
        }
        let mut read = 1u64;
        // media: a single item, or an album
        let folder = takeout::folder(&e.name).to_string();
        let mut items: Vec<Map<String, Value>> = Vec::new();
        if let Some(Value::Object(mm)) = m.remove("media") {
            items.push(mm);
        }
        if let Some(Value::Object(mut album)) = m.remove("album") {
            if let Some(Value::Array(a)) = album.remove("media") {
                items.extend(a.into_iter().filter_map(|x| match x {
                    Value::Object(o) => Some(o),
                    _ => None,
                }));
            }
            if !album.is_empty() {
                ext.insert("album", Value::Object(album));
            }
        }
        let mut media = Vec::new();
        for (i, mm) in items.into_iter().enumerate() {
            media.push(self.media_item(mm, &folder, &post_id, &base, i, &src, cx)?);
        }
        // a reshare: the original, as its own post by its author
        let mut repost_of = None;
        let mut repost_of_account = None;
        if let Some(orig) = m.remove("resharedPost") {
            repost_of_account = orig.get("author").and_then(|a| self.person(a, &src));
            if let Some((id, n)) = self.post_json(e, orig, None, true, cx)? {
                repost_of = Some(id);
                read += n;
            }
        }
        // comments, +1s and reshares by anyone
        let comments = match m.remove("comments") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        for (i, c) in comments.into_iter().enumerate() {
            read += 1;
            self.comment_json(c, &post_id, &base, i, vis, &src, cx)?;
        }
        for (key, who, kind) in [
            ("plusOnes", "plusOner", "like"),
            ("reshares", "resharer", "repost"),
        ] {
            let list = match m.remove(key) {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            for it in list {
                read += 1;
                let actor = it.get(who).and_then(|p| self.person(p, &src));
                let Some(actor) = actor else {
                    cx.report.skipped(
                        Kind::Reaction,
                        format!("a {key} entry without a person"),
                        &e.name,
                    );
                    continue;
                };
                let mut ext = Ext::default();
                if kind == "like" {
                    ext.insert_string("native_kind", "+1".into());
                }
                let r = self.reaction(kind, actor, &post_id, None, &src, ext);
                cx.emit(Record::Reaction(r))?;
            }
        }
        // the owner's own vote in a poll
        if let Some(poll) = m.remove("poll") {
            for p in poll
                .get("choices")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for v in p
                    .get("votes")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let _ = v.get("voter").and_then(|x| self.person(x, &src));
                }
            }
            if let Some(choice) = str_at(&poll, &["viewerPollChoiceResourceName"]) {
                read += 1;
                let mut ext = Ext::default();
                ext.insert_string("choice", choice.to_string());
                let r = self.reaction("vote", String::new(), &post_id, None, &src, ext);
                self.pending.push(Record::Reaction(r));
            }
            ext.insert("poll", poll);
        }
        ext.extend_map(m);
        let p = Post {
            id: post_id.clone(),
            network: NET.into(),
            author: author.unwrap_or_default(),
            created_at,
            html: (!content.is_empty()).then_some(content),
            text: rendered.text,
            url,
            repost_of,
            repost_of_account,
            visibility: vis,
            media,
            links,
            mentions,
            community: community_name,
            edited_at: updated.filter(|u| Some(*u) != created_at),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        if p.author.is_empty() {
            self.pending.push(Record::Post(p));
        } else {
            cx.emit(Record::Post(p))?;
        }
        Ok(Some((post_id, read)))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn comment_json(
        &mut self,
        c: Value,
        post_id: &str,
        post_native: &str,
        index: usize,
        vis: Visibility,
        src: &Source,
        cx: &mut Context,
    ) -> Result<()> {
        let Value::Object(mut m) = c else {
            cx.report
                .skipped(Kind::Post, "a comment that is not an object", &src.entry);
            return Ok(());
        };
        let base = string(m.remove("resourceName"))
            .unwrap_or_else(|| format!("{post_native}/comments/{index}"));
        let native = Self::unique(&mut self.post_ids, base);
        let author = m.remove("author").and_then(|a| self.person(&a, src));
        let content = string(m.remove("content")).unwrap_or_default();
        let rendered = html::render(&content);
        let (mut links, mentions) = links_and_mentions(&rendered);
        if let Some(c) = json_card(m.get("link")) {
            card_links(&[c], &mut links);
        }
        let mut raw = RawTimes::new();
        let created_at = time(
            string(m.remove("creationTime")).as_deref(),
            "created_at",
            &mut raw,
        );
        let updated = time(
            string(m.remove("updateTime")).as_deref(),
            "edited_at",
            &mut raw,
        );
        // `postUrl` is the post's permalink, not the comment's: it stays in ext
        let id = record_id(NET, Kind::Post, &native);
        let mut media = Vec::new();
        if let Some(Value::Object(mm)) = m.remove("media") {
            let folder = takeout::folder(&src.entry).to_string();
            media.push(self.media_item(mm, &folder, &id, &native, 0, src, cx)?);
        }
        let p = Post {
            id,
            network: NET.into(),
            author: author.unwrap_or_default(),
            created_at,
            html: (!content.is_empty()).then_some(content),
            text: rendered.text,
            reply_to: Some(post_id.to_string()),
            visibility: vis,
            media,
            links,
            mentions,
            edited_at: updated.filter(|u| Some(*u) != created_at),
            raw_times: raw,
            source: Source {
                entry: src.entry.clone(),
                index: None,
                pointer: Some(format!("/comments/{index}")),
                ..Source::default()
            },
            ext: Ext::from_map(m),
            ..Default::default()
        };
        if p.author.is_empty() {
            self.pending.push(Record::Post(p));
            Ok(())
        } else {
            cx.emit(Record::Post(p))
        }
    }
}
