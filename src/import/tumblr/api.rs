//! API v2 / NPF JSON: `GET …/posts?npf=true` responses, or one post per file as
//! backup tools write them.

use super::*;

impl Tumblr {
    pub(super) fn json(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let v: Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(err) => {
                cx.report
                    .skipped(Kind::Post, format!("not JSON: {err}"), &e.name);
                return Ok(1);
            }
        };
        let root = v.get("response").unwrap_or(&v);
        let posts: Vec<&Value> = match root {
            Value::Array(a) => a.iter().collect(),
            Value::Object(o) => match o.get("posts") {
                Some(Value::Array(a)) => a.iter().collect(),
                _ if o.contains_key("id") || o.contains_key("id_string") => vec![root],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        if posts.is_empty() {
            cx.report
                .skipped(Kind::Post, "a JSON file without Tumblr posts", &e.name);
            return Ok(1);
        }
        let n = posts.len() as u64;
        for (i, p) in posts.into_iter().enumerate() {
            self.api_post(p, Source::at(&e.name, i as u64), cx)?;
        }
        Ok(n)
    }

    pub(super) fn api_post(&mut self, p: &Value, src: Source, cx: &mut Context) -> Result<()> {
        let l = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let native = match (p.get("id_string"), p.get("id")) {
            (Some(Value::String(s)), _) | (_, Some(Value::String(s))) => s.clone(),
            (_, Some(Value::Number(n))) => n.to_string(),
            _ => {
                cx.report.skipped(Kind::Post, "post without an id", l);
                return Ok(());
            }
        };
        let id = record_id(NET, Kind::Post, &native);
        // a post listed twice is kept twice (the id guard derives the second's id)
        let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
        let blog = s("blog_name").or_else(|| {
            p.get("blog")
                .and_then(|b| b.get("name"))
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        if self.blog.is_none() {
            self.blog = blog.clone();
        }
        let author = match blog.as_deref() {
            Some(b) => self.blog_id(b, &src),
            None => self.owner_id(),
        };
        let created_at = p
            .get("timestamp")
            .and_then(Value::as_i64)
            .and_then(|t| t.checked_mul(1000))
            .and_then(Timestamp::from_millis);
        let mut media = Vec::new();
        let mut links = Vec::new();
        let mut ext = Ext::default();
        let typ = s("type").unwrap_or_else(|| "text".into());
        ext.insert_string("type", typ.clone());
        let (text, html_body, title) = match p.get("content").and_then(Value::as_array) {
            Some(blocks) if !blocks.is_empty() || p.get("trail").is_some() => {
                let ask: BTreeSet<usize> = ask_blocks(p.get("layout"));
                let mut own = Vec::new();
                let mut question = Vec::new();
                for (i, b) in blocks.iter().enumerate() {
                    let t = self.npf_block(b, &native, &id, &src, &mut media, &mut links, cx)?;
                    if let Some(t) = t {
                        if ask.contains(&i) {
                            question.push(t);
                        } else {
                            own.push(t);
                        }
                    }
                }
                if !question.is_empty() {
                    ext.insert_string("question", question.join("\n\n"));
                }
                if let Some(asker) = asker_of(p.get("layout")) {
                    ext.insert_string("asker", asker);
                }
                (own.join("\n\n"), None, None)
            }
            _ => {
                // legacy API JSON: the fields of the legacy types
                let body = ["body", "caption", "description", "answer", "text"]
                    .iter()
                    .filter_map(|k| s(k))
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut text = html::to_text(&body);
                if let Some(src_q) = s("source").filter(|_| typ == "quote") {
                    text.push_str(&format!("\n\n— {}", html::to_text(&src_q)));
                }
                if let Some(d) = p.get("dialogue").and_then(Value::as_array) {
                    let lines: Vec<String> = d
                        .iter()
                        .map(|l| {
                            format!(
                                "{} {}",
                                l.get("label").and_then(Value::as_str).unwrap_or(""),
                                l.get("phrase").and_then(Value::as_str).unwrap_or("")
                            )
                            .trim()
                            .to_string()
                        })
                        .collect();
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&lines.join("\n"));
                }
                if let Some(q) = s("question") {
                    ext.insert_string("question", html::to_text(&q));
                }
                if let Some(u) = s("url").filter(|_| typ == "link") {
                    links.push(Link {
                        url: u,
                        short_url: None,
                        display: None,
                    });
                }
                if let Some(photos) = p.get("photos").and_then(Value::as_array) {
                    for ph in photos {
                        if let Some(u) = ph
                            .get("original_size")
                            .and_then(|o| o.get("url"))
                            .and_then(Value::as_str)
                        {
                            let mid =
                                record_id(NET, Kind::Media, &format!("{native}/{}", media.len()));
                            media.push(mid.clone());
                            cx.emit(Record::Media(remote_media(mid, u, &id, &src)))?;
                        }
                    }
                }
                for k in ["video_url", "audio_url"] {
                    if let Some(u) = s(k) {
                        let mid = record_id(NET, Kind::Media, &format!("{native}/{}", media.len()));
                        media.push(mid.clone());
                        cx.emit(Record::Media(remote_media(mid, &u, &id, &src)))?;
                    }
                }
                (text, Some(body).filter(|b| !b.is_empty()), s("title"))
            }
        };
        for m in self.files_of(&native, &id) {
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        // the reblog trail: each reblogged post its own record
        let mut repost_of = p
            .get("parent_post_id")
            .or_else(|| p.get("reblogged_from_id"))
            .and_then(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .map(|i| record_id(NET, Kind::Post, &i));
        if let Some(trail) = p.get("trail").and_then(Value::as_array) {
            let mut prev: Option<String> = None;
            let mut last: Option<String> = None;
            for t in trail.iter().take(MAX_TRAIL) {
                let tid = t
                    .get("post")
                    .and_then(|x| x.get("id"))
                    .and_then(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    });
                let Some(tid) = tid.filter(|t| *t != native) else {
                    continue;
                };
                let trid = record_id(NET, Kind::Post, &tid);
                let bname = t
                    .get("blog")
                    .and_then(|b| b.get("name"))
                    .and_then(Value::as_str)
                    .or_else(|| t.get("broken_blog_name").and_then(Value::as_str))
                    .unwrap_or("unknown");
                if !self.trail.contains_key(&trid) {
                    let tauthor = self.blog_id(bname, &src);
                    let mut tm = Vec::new();
                    let mut tl = Vec::new();
                    let mut texts = Vec::new();
                    if let Some(blocks) = t.get("content").and_then(Value::as_array) {
                        for b in blocks {
                            if let Some(x) =
                                self.npf_block(b, &tid, &trid, &src, &mut tm, &mut tl, cx)?
                            {
                                texts.push(x);
                            }
                        }
                    }
                    let mut text = texts.join("\n\n");
                    if text.is_empty() {
                        if let Some(c) = t.get("content_raw").and_then(Value::as_str) {
                            text = html::to_text(c);
                        }
                    }
                    let mut text_ext = Ext::default();
                    text_ext.insert("from_reblog_trail", Value::Bool(true));
                    self.trail.insert(
                        trid.clone(),
                        Post {
                            id: trid.clone(),
                            network: NET.into(),
                            author: tauthor,
                            text,
                            repost_of: prev.clone(),
                            visibility: Visibility::Public,
                            media: tm,
                            links: tl,
                            source: src.clone(),
                            ext: text_ext,
                            ..Default::default()
                        },
                    );
                }
                prev = Some(trid.clone());
                last = Some(trid);
            }
            if repost_of.is_none() {
                repost_of = last;
            }
        }
        let tags: Vec<String> = p
            .get("tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut metrics = BTreeMap::new();
        if let Some(n) = p.get("note_count").and_then(Value::as_u64) {
            metrics.insert("notes".to_string(), n);
        }
        let (status, visibility) = state_of(&s("state").unwrap_or_else(|| "published".into()));
        for k in [
            "reblog_key",
            "slug",
            "summary",
            "format",
            "date",
            "short_url",
        ] {
            if let Some(v) = p.get(k) {
                ext.insert(k, v.clone());
            }
        }
        if let Some(v) = p.get("layout") {
            ext.insert("layout", v.clone());
        }
        let post = Post {
            id,
            network: NET.into(),
            author,
            created_at,
            text,
            html: html_body,
            title,
            url: s("post_url"),
            repost_of,
            visibility,
            status,
            media,
            links,
            tags,
            metrics,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)
    }

    /// One NPF content block: its text, and its media and links.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn npf_block(
        &mut self,
        b: &Value,
        native: &str,
        post: &str,
        src: &Source,
        media: &mut Vec<String>,
        links: &mut Vec<Link>,
        cx: &mut Context,
    ) -> Result<Option<String>> {
        let s = |k: &str| b.get(k).and_then(Value::as_str).map(str::to_string);
        let media_url = |b: &Value| -> Option<String> {
            match b.get("media") {
                Some(Value::Array(a)) => a.first()?.get("url")?.as_str().map(str::to_string),
                Some(Value::Object(o)) => o.get("url")?.as_str().map(str::to_string),
                _ => None,
            }
            .or_else(|| b.get("url").and_then(Value::as_str).map(str::to_string))
        };
        match b.get("type").and_then(Value::as_str).unwrap_or("") {
            "text" => {
                let t = s("text").unwrap_or_default();
                Ok(Some(match b.get("subtype").and_then(Value::as_str) {
                    Some("unordered-list-item") => format!("- {t}"),
                    Some("quote") | Some("indented") => format!("> {t}"),
                    _ => t,
                }))
            }
            kind @ ("image" | "video" | "audio") => {
                if let Some(u) = media_url(b) {
                    let file = u.split(['?', '#']).next().unwrap_or(&u);
                    let file = file.rsplit('/').next().unwrap_or(file);
                    let mut m = match self.take_file(file, post) {
                        Some(m) => m,
                        None => {
                            let mid =
                                record_id(NET, Kind::Media, &format!("{native}/{}", media.len()));
                            remote_media(mid, &u, post, src)
                        }
                    };
                    m.original_url = Some(u.clone());
                    m.kind = match kind {
                        "image" => kind_of(&u).to_string(),
                        k => k.to_string(),
                    };
                    m.alt_text = s("alt_text");
                    media.push(m.id.clone());
                    cx.emit(Record::Media(m))?;
                }
                Ok(s("title").or_else(|| s("caption")))
            }
            "link" => {
                if let Some(u) = s("url") {
                    links.push(Link {
                        url: u,
                        short_url: None,
                        display: s("title"),
                    });
                }
                Ok(s("title"))
            }
            "poll" => {
                let q = s("question").unwrap_or_default();
                let answers: Vec<String> = b
                    .get("answers")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.get("answer_text").and_then(Value::as_str))
                            .map(|x| format!("- {x}"))
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Some(
                    format!("{q}\n{}", answers.join("\n")).trim().to_string(),
                ))
            }
            _ => Ok(None),
        }
    }
}

/// Indices of the content blocks an `ask` layout holds (the question).
pub(super) fn ask_blocks(layout: Option<&Value>) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for l in layout.and_then(Value::as_array).into_iter().flatten() {
        if l.get("type").and_then(Value::as_str) == Some("ask") {
            for b in l
                .get("blocks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(i) = b.as_u64() {
                    out.insert(i as usize);
                }
            }
        }
    }
    out
}

/// The blog that asked, from an `ask` layout's attribution.
pub(super) fn asker_of(layout: Option<&Value>) -> Option<String> {
    layout?.as_array()?.iter().find_map(|l| {
        (l.get("type").and_then(Value::as_str) == Some("ask"))
            .then(|| {
                l.pointer("/attribution/blog/name")?
                    .as_str()
                    .map(str::to_string)
            })
            .flatten()
    })
}
