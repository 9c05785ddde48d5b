//! The rendered pages: `posts/html/<id>.html` (one page per post, every generation)
//! and the asks received in `posts/html/submissions/`, with the legacy reblog trail
//! markup split into the posts it quotes.

use super::*;

/// Text between `start` and the next `end`, from `from` on.
pub(super) fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// Every `<name …>` start tag: (start, end, attributes).
pub(super) fn start_tags<'a>(s: &'a str, name: &str) -> Vec<(usize, usize, &'a str)> {
    let mut out = Vec::new();
    let pat = format!("<{name}");
    let mut from = 0;
    while let Some(i) = s[from..].find(&pat).map(|i| i + from) {
        let after = i + pat.len();
        let next = s.as_bytes().get(after).copied().unwrap_or(b'>');
        from = after;
        if !(next.is_ascii_whitespace() || next == b'>' || next == b'/') {
            continue;
        }
        // the tag ends at the first '>' outside quotes
        let mut q: Option<u8> = None;
        let mut end = None;
        for (k, &c) in s.as_bytes()[after..].iter().enumerate() {
            match (q, c) {
                (None, b'"' | b'\'') => q = Some(c),
                (Some(open), c) if c == open => q = None,
                (None, b'>') => {
                    end = Some(after + k + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let attrs = s[after..end - 1].trim_end_matches('/');
        out.push((i, end, attrs));
        from = end;
    }
    out
}

/// The post id a Tumblr post URL names (`…/post/<id>/…`).
pub(super) fn post_id_of_url(url: &str) -> Option<String> {
    let i = url.find("/post/")?;
    let id: String = url[i + 6..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!id.is_empty()).then_some(id)
}

/// The blog name of a `https://<blog>.tumblr.com/…` URL.
pub(super) fn blog_of_url(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    let blog = host.strip_suffix(".tumblr.com")?;
    (!blog.is_empty() && blog != "www").then(|| blog.to_string())
}

/// A page's footer time: ` October 14th, 2014 1:15pm ` (blog-local, no zone).
pub(super) fn page_time(s: &str) -> Option<Timestamp> {
    let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    if words.len() != 4 {
        return None;
    }
    let day = words[1].trim_end_matches(',');
    let digits: String = day.chars().take_while(|c| c.is_ascii_digit()).collect();
    words[1] = format!("{digits},");
    let t = words[3].to_ascii_uppercase();
    words[3] = t;
    let joined = words.join(" ");
    chrono::NaiveDateTime::parse_from_str(&joined, "%B %d, %Y %I:%M%p")
        .ok()
        .and_then(|dt| Timestamp::from_millis(dt.and_utc().timestamp_millis()))
}

/// One level of a legacy reblog trail: `<p><a class="tumblr_blog" href=…>blog</a>:</p>
/// <blockquote>…</blockquote>`.
pub(super) struct TrailLevel {
    blog: String,
    url: String,
    id: Option<String>,
    /// The quoted post's own HTML (its own trail removed).
    inner: String,
}

/// Split a body into its reblog trail (outermost first) and the reblogger's own HTML.
pub(super) fn split_trail(body: &str) -> (Vec<TrailLevel>, String) {
    let mut levels = Vec::new();
    let mut own = String::new();
    let mut cur = body.to_string();
    for depth in 0..MAX_TRAIL {
        let Some((a_start, a_end, attrs)) =
            start_tags(&cur, "a").into_iter().find(|(_, _, attrs)| {
                html::attr(attrs, "class").is_some_and(|c| c.contains("tumblr_blog"))
            })
        else {
            break;
        };
        let href = html::attr(attrs, "href").unwrap_or_default();
        let name = cur[a_end..]
            .find("</a>")
            .map(|j| html::to_text(&cur[a_end..a_end + j]))
            .unwrap_or_default();
        // the quote that follows, with its nested quotes
        let Some(bq) = cur[a_end..].find("<blockquote").map(|j| j + a_end) else {
            break;
        };
        let Some(open_end) = cur[bq..].find('>').map(|j| j + bq + 1) else {
            break;
        };
        let mut depth_q = 1usize;
        let mut k = open_end;
        let mut close = None;
        while let Some(j) = cur[k..].find("blockquote") {
            let at = k + j;
            if cur[..at].ends_with("</") {
                depth_q -= 1;
                if depth_q == 0 {
                    close = Some((at - 2, cur[at..].find('>').map(|m| at + m + 1)));
                    break;
                }
            } else if cur[..at].ends_with('<') {
                depth_q += 1;
            }
            k = at + "blockquote".len();
        }
        let (inner_end, after) = match close {
            Some((ie, Some(a))) => (ie, a),
            _ => (cur.len(), cur.len()),
        };
        let inner = cur[open_end..inner_end].to_string();
        // the paragraph holding the link starts the trail
        let p_start = cur[..a_start]
            .rfind("<p")
            .filter(|&p| !cur[p..a_start].contains("</p>"))
            .unwrap_or(a_start);
        let outside = format!("{}{}", &cur[..p_start], &cur[after..]);
        if depth == 0 {
            own = outside.clone();
        }
        levels.push(TrailLevel {
            blog: blog_of_url(&href).unwrap_or_else(|| name.trim().to_string()),
            id: post_id_of_url(&href),
            url: href,
            inner: String::new(),
        });
        if depth > 0 {
            if let Some(prev) = levels.len().checked_sub(2).and_then(|i| levels.get_mut(i)) {
                prev.inner = outside;
            }
        }
        cur = inner;
    }
    if levels.is_empty() {
        return (levels, body.to_string());
    }
    if let Some(last) = levels.last_mut() {
        last.inner = cur;
    }
    (levels, own)
}

impl Tumblr {
    /// Reblogged posts of a trail (outermost first): each its own record; returns the
    /// record id of the post reblogged directly.
    pub(super) fn trail_posts(&mut self, levels: Vec<TrailLevel>, src: &Source) -> Option<String> {
        let mut ids: Vec<Option<String>> = levels
            .iter()
            .map(|l| l.id.as_ref().map(|i| record_id(NET, Kind::Post, i)))
            .collect();
        ids.push(None);
        for (i, l) in levels.into_iter().enumerate() {
            let Some(id) = ids[i].clone() else { continue };
            if self.trail.contains_key(&id) {
                continue;
            }
            let author = self.blog_id(&l.blog, src);
            let r = html::render(&l.inner);
            let mut ext = Ext::default();
            ext.insert("from_reblog_trail", Value::Bool(true));
            let p = Post {
                id: id.clone(),
                network: NET.into(),
                author,
                created_at: None,
                text: r.text,
                html: Some(l.inner.trim().to_string()).filter(|h| !h.is_empty()),
                url: Some(l.url),
                repost_of: ids.get(i + 1).cloned().flatten(),
                visibility: Visibility::Public,
                links: anchors_to_links(r.anchors),
                source: src.clone(),
                ext,
                ..Default::default()
            };
            self.trail.insert(id, p);
        }
        ids.into_iter().next().flatten()
    }

    pub(super) fn page(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let native = e
            .file_name()
            .trim_end_matches(".html")
            .trim_end_matches(".htm")
            .to_string();
        let id = record_id(NET, Kind::Post, &native);
        if self.posts.contains(&id) {
            // the page of a post already read from posts.xml
            return Ok(0);
        }
        let src = Source::entry(&e.name);
        let body_start = s
            .find("<body")
            .and_then(|i| s[i..].find('>').map(|j| i + j + 1));
        let footer_at = s.find("<div id=\"footer\">");
        let body = match (body_start, footer_at) {
            (Some(b), Some(f)) if f >= b => &s[b..f],
            (Some(b), _) => &s[b..s[b..].find("</body>").map(|j| b + j).unwrap_or(s.len())],
            _ => &s[..],
        };
        let footer = footer_at.map(|f| &s[f..]).unwrap_or("");
        let mut body = body.to_string();
        // title
        let title = between(&body, "<h1>", "</h1>").map(html::to_text);
        if let Some(i) = body.find("<h1>") {
            if let Some(j) = body[i..].find("</h1>") {
                body.replace_range(i..i + j + 5, "");
            }
        }
        // embeds: iframes, video, audio
        let mut embeds = Vec::new();
        for name in ["iframe", "video", "audio", "source", "embed"] {
            for (_, _, attrs) in start_tags(&body, name) {
                if let Some(u) = html::attr(attrs, "src") {
                    embeds.push((name, u.trim().to_string()));
                }
            }
        }
        let imgs: Vec<String> = start_tags(&body, "img")
            .into_iter()
            .filter_map(|(_, _, a)| html::attr(a, "src").map(|u| u.trim().to_string()))
            .collect();
        let (levels, own) = split_trail(&body);
        let repost_of = self.trail_posts(levels, &src);
        let r = html::render(&own);
        let mut media = Vec::new();
        let mut remote = 0usize;
        let all: Vec<(&str, &String)> = imgs
            .iter()
            .map(|u| ("img", u))
            .chain(embeds.iter().map(|(n, u)| (*n, u)))
            .collect();
        for (tag, u) in all {
            let local = !u.contains("://") || u.contains("/media/") && !u.starts_with("http");
            let file = u.rsplit('/').next().unwrap_or(u).trim().to_string();
            if local && !file.is_empty() {
                if let Some(m) = self.take_file(&file, &id) {
                    media.push(m.id.clone());
                    cx.emit(Record::Media(m))?;
                } else if !media.contains(&record_id(NET, Kind::Media, &file)) {
                    cx.report
                        .missing_media(format!("{file} (referenced by {})", e.name));
                    let mid = record_id(NET, Kind::Media, &file);
                    media.push(mid.clone());
                    cx.emit(Record::Media(Media {
                        id: mid,
                        network: NET.into(),
                        kind: kind_of(&file).into(),
                        original_path: Some(format!("media/{file}")),
                        attached_to: vec![id.clone()],
                        missing: true,
                        source: src.clone(),
                        ..Default::default()
                    }))?;
                }
            } else if u.starts_with("http") {
                let mid = record_id(NET, Kind::Media, &format!("{native}/{remote}"));
                remote += 1;
                media.push(mid.clone());
                let mut m = remote_media(mid, u, &id, &src);
                match tag {
                    "iframe" | "video" | "embed" => m.kind = "video".into(),
                    "audio" => m.kind = "audio".into(),
                    _ => {}
                }
                cx.emit(Record::Media(m))?;
            }
        }
        for m in self.files_of(&native, &id) {
            media.push(m.id.clone());
            cx.emit(Record::Media(m))?;
        }
        let typ = if !embeds.is_empty() {
            if embeds.iter().any(|(n, _)| *n == "audio") {
                "audio"
            } else {
                "video"
            }
        } else if !imgs.is_empty() && title.is_none() {
            "photo"
        } else {
            "text"
        };
        let mut ext = Ext::default();
        ext.insert_string("type_inferred", typ.to_string());
        let mut raw = BTreeMap::new();
        let stamp = between(footer, "<span id=\"timestamp\">", "</span>").map(|t| t.trim());
        let created_at = stamp.and_then(|t| {
            let ts = page_time(t)?;
            raw.insert("created_at".to_string(), t.to_string());
            Some(ts)
        });
        if created_at.is_some() && !self.warned_local_time {
            self.warned_local_time = true;
            cx.report.warn(
                "post pages give their time in the blog's time zone, without seconds: read as UTC (the original is kept in raw_times)",
            );
        }
        if let (None, Some(t)) = (created_at, stamp) {
            ext.insert_string("timestamp", t.to_string());
        }
        let tags: Vec<String> = footer
            .split("<span class=\"tag\">")
            .skip(1)
            .filter_map(|t| t.split("</span>").next())
            .map(|t| decode_entities(t.trim()).into_owned())
            .filter(|t| !t.is_empty())
            .collect();
        let mut links: Vec<Link> = anchors_to_links(r.anchors);
        for (n, u) in &embeds {
            if *n == "iframe" && u.starts_with("http") && !links.iter().any(|l| &l.url == u) {
                links.push(Link {
                    url: u.clone(),
                    short_url: None,
                    display: None,
                });
            }
        }
        let own = own.trim().to_string();
        let post = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text: r.text,
            html: Some(own).filter(|h| !h.is_empty()),
            title,
            repost_of,
            visibility: Visibility::Public,
            media,
            links,
            tags,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)?;
        Ok(1)
    }

    /// An ask received (`html/submissions/<id>.html`): a pending post by the asker.
    pub(super) fn submission(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let native = format!("submission/{}", e.file_name().trim_end_matches(".html"));
        let src = Source::entry(&e.name);
        let Some(strong) = between(&s, "<strong>", "</strong>") else {
            cx.report
                .skipped(Kind::Post, "an ask page without its asker", &e.name);
            return Ok(1);
        };
        // the asker is an HTML-escaped link, or `Anonymous:`
        let asker_html = decode_entities(strong).into_owned();
        let asker = html::render(&asker_html);
        let (author, asker_url) = match asker.anchors.first() {
            Some(a) => {
                let name = blog_of_url(&a.href).unwrap_or_else(|| a.text.clone());
                (self.blog_id(&name, &src), Some(a.href.clone()))
            }
            None => {
                let name = asker.text.trim().trim_end_matches(':').trim();
                let name = if name.is_empty() { "Anonymous" } else { name };
                if name.eq_ignore_ascii_case("anonymous") {
                    (record_id(NET, Kind::Account, "anonymous"), None)
                } else {
                    (self.blog_id(name, &src), None)
                }
            }
        };
        let after = s.find("</strong>").map(|i| i + 9).unwrap_or(0);
        let end = s[after..]
            .find("<div id=\"footer\">")
            .map(|j| after + j)
            .unwrap_or(s.len());
        let question_html = s[after..end].replace("</div>", "");
        let text = html::to_text(&question_html);
        let footer = &s[end..];
        let mut raw = BTreeMap::new();
        let created_at = between(footer, "<span id=\"timestamp\">", "</span>").and_then(|t| {
            let ts = page_time(t.trim())?;
            raw.insert("created_at".to_string(), t.trim().to_string());
            Some(ts)
        });
        let mut ext = Ext::default();
        ext.insert_string("type", "ask".into());
        if let Some(u) = asker_url {
            ext.insert_string("asker_url", u);
        }
        let post = Post {
            id: record_id(NET, Kind::Post, &native),
            network: NET.into(),
            author,
            created_at,
            text,
            visibility: Visibility::Private,
            status: Some("pending".into()),
            reply_to_account: Some(self.owner_id()),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        self.emit_post(post, cx)?;
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_times_and_names() {
        assert_eq!(
            page_time("January 4th, 2015 5:00am").map(|t| t.to_rfc3339()),
            Some("2015-01-04T05:00:00Z".to_string())
        );
        assert_eq!(
            page_time("October 23rd, 2011 4:28pm").map(|t| t.to_rfc3339()),
            Some("2011-10-23T16:28:00Z".to_string())
        );
        assert!(page_time("nonsense").is_none());
        assert_eq!(media_post_id("123_1.jpg"), "123");
        assert_eq!(media_post_id("123.png"), "123");
        assert_eq!(
            role_of("posts/html/submissions/1.html"),
            Some(Role::Submission)
        );
        assert_eq!(role_of("media/1_0.jpg"), Some(Role::Media));
        assert_eq!(
            post_id_of_url("http://a.tumblr.com/post/67178838362/slug").as_deref(),
            Some("67178838362")
        );
    }

    #[test]
    fn nested_trails_split_from_the_reblog() {
        let body = r#"<p><a class="tumblr_blog" href="https://b1.tumblr.com/post/2">b1</a>:</p><blockquote><p><a class="tumblr_blog" href="https://b2.tumblr.com/post/1">b2</a>:</p><blockquote><p>origin</p></blockquote><p>b1 says</p></blockquote><p>mine</p>"#;
        let (levels, own) = split_trail(body);
        assert_eq!(levels.len(), 2);
        assert_eq!(levels[0].blog, "b1");
        assert_eq!(levels[0].id.as_deref(), Some("2"));
        assert_eq!(html::to_text(&levels[0].inner), "b1 says");
        assert_eq!(levels[1].blog, "b2");
        assert_eq!(html::to_text(&levels[1].inner), "origin");
        assert_eq!(html::to_text(&own), "mine");
        let (levels, own) = split_trail("<p>plain</p>");
        assert!(levels.is_empty());
        assert_eq!(own, "<p>plain</p>");
    }
}
