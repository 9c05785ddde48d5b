//! `posts/posts.xml` (T-XML, up to ~2016): the legacy API v1 "read" format, every
//! legacy post type.

use super::*;

impl Tumblr {
    /// `posts.xml`, streamed: one `<post>` at a time (a big blog's file is never
    /// held whole), through the shared XML reader (forbidden characters repaired and
    /// counted, entities never expanded).
    pub(super) fn xml(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let name = e.name.clone();
        let mut x = xml::XmlReader::new(r, &name).limit(cx.limits.max_field_bytes);
        let mut n = 0u64;
        let res: std::result::Result<(), xml::XmlError> = (|| {
            while let Some(open) = x.next_open()? {
                if open.node.name != "post" {
                    continue;
                }
                let post = x.collect(open)?;
                n += 1;
                self.xml_post(&post, Source::at(&name, n - 1), cx)
                    .map_err(xml::XmlError::Fatal)?;
            }
            Ok(())
        })();
        if let Err(err) = res {
            xml::parse_failure(err, Kind::Post, &name, cx.report)?;
            n += 1;
        }
        xml::finish_entry(&x, &name, cx.report);
        Ok(n)
    }

    pub(super) fn xml_post(&mut self, p: &xml::Node, src: Source, cx: &mut Context) -> Result<()> {
        let Some(native) = p.attr("id").filter(|i| !i.is_empty()).map(str::to_string) else {
            cx.report.skipped(
                Kind::Post,
                "post without an id",
                format!("{}#{}", src.entry, src.index.unwrap_or(0)),
            );
            return Ok(());
        };
        if self.blog.is_none() {
            self.blog = p.attr("tumblelog").map(str::to_string);
        }
        let id = record_id(NET, Kind::Post, &native);
        // a post listed twice is kept twice: the import's id guard gives the second a
        // derived id and reports it
        let typ = p.attr("type").unwrap_or("regular");
        let mut ext = Ext::default();
        let mut raw = BTreeMap::new();
        let created_at = p
            .attr("unix-timestamp")
            .and_then(|t| t.parse::<i64>().ok())
            .and_then(|t| t.checked_mul(1000))
            .and_then(Timestamp::from_millis)
            .or_else(|| {
                let d = p.attr("date-gmt")?;
                let (t, _) = Timestamp::parse(d)?;
                raw.insert("created_at".to_string(), d.to_string());
                Some(t)
            });
        let mut title = None;
        let mut body_html = String::new();
        let mut links: Vec<Link> = Vec::new();
        let mut media = Vec::new();
        let mut extra_text = String::new();
        let child = |n: &str| p.text_of(n).map(str::to_string);
        match typ {
            "regular" | "text" => {
                title = child("regular-title");
                body_html = child("regular-body").unwrap_or_default();
            }
            "photo" => {
                body_html = child("photo-caption").unwrap_or_default();
                if let Some(u) = child("photo-link-url") {
                    ext.insert_string("photo-link-url", u);
                }
            }
            "quote" => {
                body_html = child("quote-text").unwrap_or_default();
                if let Some(s) = child("quote-source") {
                    let r = html::render(&s);
                    extra_text = format!("— {}", r.text);
                    links.extend(anchors_to_links(r.anchors));
                    ext.insert_string("quote-source", s);
                }
            }
            "link" => {
                title = child("link-text");
                body_html = child("link-description").unwrap_or_default();
                if let Some(u) = child("link-url") {
                    links.push(Link {
                        url: u,
                        short_url: None,
                        display: title.clone(),
                    });
                }
            }
            "conversation" | "chat" => {
                title = child("conversation-title");
                let lines: Vec<String> = p
                    .child("conversation")
                    .map(|c| {
                        c.all("line")
                            .map(|l| {
                                let label = l.attr("label").or(l.attr("name")).unwrap_or("");
                                format!("{label} {}", l.text.trim()).trim().to_string()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                extra_text = if lines.is_empty() {
                    child("conversation-text")
                        .unwrap_or_default()
                        .replace("\r\n", "\n")
                } else {
                    lines.join("\n")
                };
            }
            "audio" => {
                body_html = child("audio-caption").unwrap_or_default();
                for c in &p.children {
                    if c.name.starts_with("id3-") || c.name == "audio-player" {
                        ext.insert_string(&c.name, c.text.clone());
                    }
                }
            }
            "video" => {
                body_html = child("video-caption").unwrap_or_default();
                if let Some(u) = child("video-source") {
                    if u.starts_with("http") {
                        links.push(Link {
                            url: u.clone(),
                            short_url: None,
                            display: None,
                        });
                    }
                    ext.insert_string("video-source", u);
                }
                if let Some(v) = child("video-player") {
                    ext.insert_string("video-player", v);
                }
            }
            "answer" => {
                body_html = child("answer").unwrap_or_default();
                if let Some(q) = child("question") {
                    let q = html::to_text(&q);
                    if body_html.trim().is_empty() {
                        // an unanswered ask: the question is all there is
                        extra_text = q.clone();
                    }
                    ext.insert_string("question", q);
                }
            }
            other => {
                ext.insert_string("unknown_type", other.to_string());
                for c in &p.children {
                    if c.name != "tag" {
                        ext.insert_string(&c.name, c.text.clone());
                    }
                }
            }
        }
        ext.insert_string("type", typ.to_string());
        // remote photos: the largest size of each
        let mut photo_urls: Vec<String> = Vec::new();
        let largest = |n: &xml::Node| -> Option<String> {
            n.all("photo-url")
                .max_by_key(|u| {
                    u.attr("max-width")
                        .and_then(|w| w.parse::<u32>().ok())
                        .unwrap_or(0)
                })
                .map(|u| u.text.trim().to_string())
                .filter(|u| !u.is_empty())
        };
        if let Some(set) = p.child("photoset") {
            for ph in set.all("photo") {
                if let Some(u) = largest(ph) {
                    photo_urls.push(u);
                }
            }
        }
        if photo_urls.is_empty() {
            if let Some(u) = largest(p) {
                photo_urls.push(u);
            }
        }
        for (i, u) in photo_urls.iter().enumerate() {
            // the downloaded copy: `<id>_<i>.<ext>` (or `<id>.<ext>` for one photo)
            let local = self
                .files
                .iter()
                .find(|(k, f)| {
                    let stem = k.split('.').next().unwrap_or(k);
                    !f.used
                        && (stem == format!("{native}_{i}")
                            || (photo_urls.len() == 1 && stem == native))
                })
                .map(|(k, _)| k.clone());
            let m = match local.and_then(|k| self.take_file(&k, &id)) {
                Some(mut m) => {
                    m.original_url = Some(u.clone());
                    m
                }
                None => {
                    let mid = record_id(NET, Kind::Media, &format!("{native}/{i}"));
                    remote_media(mid, u, &id, &src)
                }
            };
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        for m in self.files_of(&native, &id) {
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        let r = html::render(&body_html);
        let mut text = r.text;
        if !extra_text.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&extra_text);
        }
        links.extend(anchors_to_links(r.anchors));
        let state = p.attr("state").unwrap_or("published");
        let (status, visibility) = state_of(state);
        let tags: Vec<String> = p.all("tag").map(|t| t.text.trim().to_string()).collect();
        let mut metrics = BTreeMap::new();
        for k in ["note-count", "notes"] {
            if let Some(n) = p.attr(k).and_then(|v| v.parse::<u64>().ok()) {
                metrics.insert("notes".to_string(), n);
            }
        }
        for (k, v) in &p.attrs {
            if !matches!(
                k.as_str(),
                "id" | "url" | "url-with-slug" | "type" | "unix-timestamp" | "state"
            ) {
                ext.insert_string(k, v.clone());
            }
        }
        let post = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            html: Some(body_html).filter(|h| !h.trim().is_empty()),
            title: title.map(|t| html::to_text(&t)),
            url: p
                .attr("url-with-slug")
                .or(p.attr("url"))
                .map(str::to_string),
            visibility,
            status,
            media,
            links,
            tags,
            metrics,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)
    }
}
