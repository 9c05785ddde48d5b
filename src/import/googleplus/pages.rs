//! Stream posts as HTML pages (Takeout before 2018): one page per post with its
//! comments, +1s and reshares.

use super::cards::add_cards;
use super::cards::html_cards;
use super::*;

/// Byte offset of a slice of `doc` inside it.
pub(super) fn offset(doc: &str, s: &str) -> usize {
    (s.as_ptr() as usize).saturating_sub(doc.as_ptr() as usize)
}

/// True when element `e` sits inside the content of `outer`.
pub(super) fn inside(doc: &str, e: &Element, outer: &Element) -> bool {
    let at = offset(doc, e.attrs);
    let start = offset(doc, outer.inner);
    at >= start && at < start + outer.inner.len()
}

impl GooglePlus {
    /// One post file of the HTML variant (FORMAT.md §3).
    pub(super) fn post_html(&mut self, e: &Entry, doc: &str, cx: &mut Context) -> Result<u64> {
        let src = Source::entry(&e.name);
        let els = html::elements(doc);
        let comments_box = els
            .iter()
            .find(|x| x.name == "div" && x.has_class("comments"));
        let in_comments = |x: &Element| comments_box.is_some_and(|c| inside(doc, x, c));
        let text_of = |x: &Element| html::to_text(x.inner);
        let href = |x: &Element| html::attr(x.attrs, "href").unwrap_or_default();
        let link = els.iter().find(|x| {
            x.name == "a"
                && !x.has_class("author")
                && href(x).contains("/posts/")
                && !in_comments(x)
        });
        let Some(link) = link else {
            cx.report
                .skipped(Kind::Post, "an HTML file without a post permalink", &e.name);
            return Ok(1);
        };
        let url = href(link);
        let mut base = url_native(&url);
        let mut post_id = record_id(NET, Kind::Post, &base);
        if !self.post_ids.insert(post_id.clone()) {
            // a second file of one post: kept, under a derived id
            (base, post_id) = self.derived(&base, &e.name, cx);
        }
        self.by_url
            .entry(url.clone())
            .or_insert_with(|| post_id.clone());
        let community =
            takeout::product(&e.name).is_some_and(|(p, _)| p.to_lowercase().contains("communit"));
        let author = els
            .iter()
            .find(|x| x.name == "a" && x.has_class("author") && !in_comments(x))
            .and_then(|a| self.profile(&href(a), &text_of(a), &src));
        if let (Some(a), false) = (&author, community) {
            let native = a.rsplit(':').next().unwrap_or("").to_string();
            *self.authors.entry(native).or_default() += 1;
        }
        let mut raw = RawTimes::new();
        let created_at = time(Some(&text_of(link)), "created_at", &mut raw);
        let updated = els
            .iter()
            .filter(|x| x.name == "span" && !in_comments(x))
            .map(text_of)
            .find(|t| t.contains("Updated:"))
            .and_then(|t| {
                let s = t.split_once("Updated:").map(|(_, r)| r.to_string());
                time(s.as_deref(), "edited_at", &mut raw)
            });
        let main = els
            .iter()
            .find(|x| x.name == "div" && x.has_class("main-content"))
            .map(|x| x.inner)
            .unwrap_or("");
        let rendered = html::render(main);
        let (mut links, mentions) = links_and_mentions(&rendered);
        let mut ext = Ext::default();
        add_cards(html_cards(&els, |x| !in_comments(x)), &mut links, &mut ext);
        // "Updated:" stands on nearly every post, equal to the creation time when
        // nothing was edited: only a later time is an edit
        let updated = updated.filter(|u| Some(*u) != created_at);
        if updated.is_none() {
            if let Some(r) = raw.remove("edited_at") {
                ext.insert_string("updated", r);
            }
        }
        let vis_text = els
            .iter()
            .find(|x| x.name == "div" && x.has_class("visibility"))
            .map(text_of);
        let vis = match &vis_text {
            Some(t) => {
                let after = t.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
                if after == "Public" || after.starts_with("Public,") {
                    Visibility::Public
                } else {
                    Visibility::Private
                }
            }
            None => Visibility::Unknown,
        };
        if let Some(t) = vis_text {
            ext.insert_string("shared_with", t);
        }
        if let Some(l) = els
            .iter()
            .find(|x| x.name == "span" && x.has_class("location"))
        {
            ext.insert_string("location", text_of(l));
        }
        // a reshare: "Originally shared by <name>" links the original; its text, when
        // the file shows it, is a second main-content
        let mut repost_of = None;
        let mut repost_of_account = None;
        if let Some(r) = els
            .iter()
            .find(|x| x.name == "a" && x.has_class("reshare-attribution"))
        {
            let h = href(r);
            ext.insert_string("reshared_from", h.clone());
            ext.insert_string("reshare_attribution", text_of(r));
            if h.contains("/posts/") {
                let native = url_native(&h);
                let author = native
                    .split('/')
                    .next()
                    .map(|p| format!("https://plus.google.com/{p}"))
                    .and_then(|p| self.profile(&p, "", &src));
                let id = record_id(NET, Kind::Post, &native);
                let original = els
                    .iter()
                    .filter(|x| x.name == "div" && x.has_class("main-content"))
                    .nth(1);
                if let (Some(o), Some(a)) = (original, &author) {
                    if self.post_ids.insert(id.clone()) {
                        self.by_url.insert(h.clone(), id.clone());
                        let r = html::render(o.inner);
                        let (links, mentions) = links_and_mentions(&r);
                        let p = Post {
                            id: id.clone(),
                            network: NET.into(),
                            author: a.clone(),
                            created_at: None,
                            html: Some(o.inner.to_string()),
                            text: r.text,
                            url: Some(h.clone()),
                            links,
                            mentions,
                            source: Source {
                                entry: e.name.clone(),
                                index: None,
                                pointer: Some("reshared post".into()),
                                ..Source::default()
                            },
                            ..Default::default()
                        };
                        cx.emit(Record::Post(p))?;
                    }
                }
                repost_of = Some(id);
                repost_of_account = author;
            }
        }
        // media of the post (not of its comments)
        let folder = takeout::folder(&e.name).to_string();
        let media_links: Vec<String> = els
            .iter()
            .filter(|x| x.name == "a" && x.has_class("media-link") && !in_comments(x))
            .map(href)
            .filter(|h| !h.is_empty())
            .collect();
        let mut media = Vec::new();
        for (i, h) in media_links.into_iter().enumerate() {
            let mut mm = Map::new();
            if h.contains("://") {
                mm.insert("url".into(), Value::String(h));
            } else {
                mm.insert("localFilePath".into(), Value::String(h));
            }
            media.push(self.media_item(mm, &folder, &post_id, &base, i, &src, cx)?);
        }
        let mut read = 1u64;
        // +1s and reshares by name
        for (class, kind) in [("plus-oners", "like"), ("resharers", "repost")] {
            let Some(div) = els.iter().find(|x| x.name == "div" && x.has_class(class)) else {
                continue;
            };
            for a in html::render(div.inner).anchors {
                read += 1;
                let Some(actor) = self.profile(&a.href, &a.text, &src) else {
                    cx.report.skipped(
                        Kind::Reaction,
                        format!("{class}: not a profile link"),
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
        // profile links in the text are accounts too
        for m in &mentions {
            if let Some(a) = rendered
                .anchors
                .iter()
                .find(|a| Some(&a.text) == m.display_name.as_ref())
            {
                let _ = self.profile(&a.href, &a.text, &src);
            }
        }
        let post = Post {
            id: post_id.clone(),
            network: NET.into(),
            author: author.unwrap_or_default(),
            created_at,
            html: (!main.is_empty()).then(|| main.to_string()),
            text: rendered.text,
            url: Some(url),
            repost_of,
            repost_of_account,
            visibility: vis,
            media,
            links,
            mentions,
            edited_at: updated,
            raw_times: raw,
            source: src.clone(),
            ext,
            ..Default::default()
        };
        if post.author.is_empty() {
            self.pending.push(Record::Post(post));
        } else {
            cx.emit(Record::Post(post))?;
        }
        // comments: no ids in HTML, numbered in order
        let comment_divs: Vec<&Element> = els
            .iter()
            .filter(|x| x.name == "div" && x.has_class("comment"))
            .collect();
        let mut sorted = comment_divs;
        sorted.sort_by_key(|x| offset(doc, x.attrs));
        // comments do not nest: one inside another is part of it (and reading each
        // nested one again would make hostile nesting quadratic)
        let mut end = 0usize;
        sorted.retain(|x| {
            let at = offset(doc, x.attrs);
            if at < end {
                return false;
            }
            end = offset(doc, x.inner) + x.inner.len();
            true
        });
        for (i, c) in sorted.into_iter().enumerate() {
            read += 1;
            let sub = html::elements(c.inner);
            let author = sub
                .iter()
                .find(|x| x.name == "a" && x.has_class("author"))
                .and_then(|a| self.profile(&href(a), &text_of(a), &src));
            let mut raw = RawTimes::new();
            let created_at = sub
                .iter()
                .find(|x| x.name == "span" && x.has_class("time"))
                .and_then(|t| time(Some(&text_of(t)), "created_at", &mut raw));
            let body = sub
                .iter()
                .find(|x| x.name == "div" && x.has_class("comment-content"))
                .map(|x| x.inner)
                .unwrap_or("");
            let rendered = html::render(body);
            let (mut links, mentions) = links_and_mentions(&rendered);
            let mut ext = Ext::default();
            add_cards(html_cards(&sub, |_| true), &mut links, &mut ext);
            let native = Self::unique(&mut self.post_ids, format!("{base}/comments/{i}"));
            let p = Post {
                id: record_id(NET, Kind::Post, &native),
                network: NET.into(),
                author: author.unwrap_or_default(),
                created_at,
                html: (!body.is_empty()).then(|| body.to_string()),
                text: rendered.text,
                reply_to: Some(post_id.clone()),
                visibility: vis,
                links,
                mentions,
                raw_times: raw,
                source: Source {
                    entry: e.name.clone(),
                    index: Some(i as u64),
                    pointer: None,
                    ..Source::default()
                },
                ext,
                ..Default::default()
            };
            if p.author.is_empty() {
                self.pending.push(Record::Post(p));
            } else {
                cx.emit(Record::Post(p))?;
            }
        }
        Ok(read)
    }
}
