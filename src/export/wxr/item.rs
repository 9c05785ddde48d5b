//! Posts as WXR items: ids WordPress keeps, content, terms, postmeta.

use super::*;

impl<'c, 'a> Writer<'c, 'a> {
    pub(super) fn author_of(&self, id: &str) -> Option<&Author> {
        self.authors.iter().find(|a| a.account == id)
    }

    pub(super) fn take_post_id(&mut self, p_id: &str, ext: &Map<String, Value>) -> u64 {
        if is_wp(p_id) {
            if let Some(n) = ext
                .get("post_id")
                .and_then(Value::as_str)
                .and_then(|s| s.trim().parse::<u64>().ok())
            {
                return n;
            }
        }
        while self.used_posts.contains(&self.next_post) {
            self.next_post += 1;
        }
        let n = self.next_post;
        self.next_post += 1;
        n
    }

    pub(super) fn take_comment_id(&mut self, id: &str) -> u64 {
        if is_wp(id) {
            if let Some(n) = wp_comment_id(id) {
                return n;
            }
        }
        while self.used_comments.contains(&self.next_comment) {
            self.next_comment += 1;
        }
        let n = self.next_comment;
        self.next_comment += 1;
        n
    }

    /// The HTML of a post as WordPress gets it: its own, with what it shares or
    /// quotes as a link (WordPress has neither).
    pub(super) fn content(&self, p: &Post) -> String {
        let mut h = own_html(p);
        if is_wp(&p.id) {
            return h;
        }
        if let Some(r) = &p.repost_of {
            let who = p
                .repost_of_account
                .as_deref()
                .map(|a| format!(" by {}", esc(&self.ctx.account_label(a))))
                .unwrap_or_default();
            h.push_str(&format!(
                "<p>Shared a post{who}: {}</p>",
                crate::export::feeds::post_link(r)
            ));
        }
        if let Some(q) = &p.quote_of {
            h.push_str(&format!(
                "<p>Quoting {}</p>",
                crate::export::feeds::post_link(q)
            ));
        }
        h
    }

    /// One thread start as an item, with its comments and attachments.
    pub(super) fn item(&mut self, p: &Post, comments: &[Post], book: &mut Book) -> String {
        let ctx = self.ctx;
        let wp = is_wp(&p.id);
        let pext = if wp { ext_map(&p.ext) } else { Map::new() };
        let post_id = self.take_post_id(&p.id, &pext);
        let mut xml = String::from("  <item>\n");
        let mut ext = Map::new();
        let content = self.content(p);
        let title = match &p.title {
            Some(t) => t.clone(),
            None if wp => String::new(),
            None if p.repost_of.is_some() => {
                let who = p
                    .repost_of_account
                    .as_deref()
                    .map(|a| format!(" of {}", ctx.account_label(a)))
                    .unwrap_or_default();
                format!("Repost{who}")
            }
            None => {
                let s = snippet(&p.text, 60);
                if s.is_empty() {
                    format!("Post {post_id}")
                } else {
                    s
                }
            }
        };
        let creator = self
            .author_of(&p.author)
            .map(|a| a.login.clone())
            .unwrap_or_else(|| "owner".into());
        let date = p
            .created_at
            .as_ref()
            .map(sql_time)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into());
        let status = if wp {
            pext.get("status")
                .and_then(Value::as_str)
                .unwrap_or("publish")
                .to_string()
        } else if p.visibility == Visibility::Public || p.visibility == Visibility::Unlisted {
            "publish".to_string()
        } else {
            "private".to_string()
        };
        let post_type = pext
            .get("post_type")
            .and_then(Value::as_str)
            .unwrap_or("post")
            .to_string();
        {
            let mut e = El {
                xml: &mut xml,
                ext: &mut ext,
                indent: "    ",
            };
            // WordPress titles are HTML: the text is escaped inside the CDATA
            e.put("title", &esc(&title), true, false);
            if let Some(u) = p.url.as_deref().and_then(link) {
                e.put("link", u, false, false);
            }
            // a WordPress post gets back its own fields, and only those (WordPress fills
            // in what a post does not say); a post of another network, WordPress's
            // defaults
            let field = |e: &mut El, qname: &str, default: Value| {
                let k = qname.rsplit(':').next().unwrap_or(qname);
                match pext.get(k) {
                    Some(v) => e.put_json(qname, v, true),
                    None if wp => {}
                    None => e.put_json(qname, &default, true),
                }
            };
            if let Some(t) = &p.created_at {
                field(&mut e, "pubDate", json!(rfc822(t)));
            }
            e.put("dc:creator", &creator, true, false);
            field(
                &mut e,
                "guid",
                json!({"@isPermaLink": "false", "#text": post_iri(p)}),
            );
            match pext.get("description") {
                Some(v) => e.put_json("description", v, true),
                None if wp => {}
                None => e.put("description", "", false, true),
            }
            e.put("content:encoded", &content, true, false);
            // an excerpt is HTML: WordPress's own sanitized, a content warning escaped
            let excerpt = match pext.get("excerpt") {
                Some(Value::String(s)) => safe::sanitize(s, Profile::Web),
                _ => esc(p.content_warning.as_deref().unwrap_or("")),
            };
            e.put("excerpt:encoded", &excerpt, true, false);
            if !excerpt.trim().is_empty() {
                e.ext.insert(
                    "excerpt".into(),
                    json!(crate::export::text::xml_clean(&excerpt)),
                );
            }
            e.put("wp:post_id", &post_id.to_string(), false, true);
            field(&mut e, "wp:post_date", json!(date));
            // the date WordPress reads the post's time from
            match pext.get("post_date_gmt") {
                Some(v) => e.put_json("wp:post_date_gmt", v, true),
                None => e.put("wp:post_date_gmt", &date, true, true),
            }
            let modified = p.edited_at.as_ref().map(sql_time);
            for k in ["post_modified", "post_modified_gmt"] {
                match (pext.get(k), &modified) {
                    (Some(v), _) => e.put_json(&format!("wp:{k}"), v, true),
                    (None, Some(m)) => e.put(&format!("wp:{k}"), m, true, true),
                    _ => {}
                }
            }
            field(&mut e, "wp:comment_status", json!("closed"));
            field(&mut e, "wp:ping_status", json!("closed"));
            field(&mut e, "wp:post_name", json!(format!("post-{post_id}")));
            e.put("wp:status", &status, true, false);
            field(&mut e, "wp:post_parent", json!("0"));
            field(&mut e, "wp:menu_order", json!("0"));
            e.put("wp:post_type", &post_type, true, false);
            field(&mut e, "wp:post_password", json!(""));
            field(&mut e, "wp:is_sticky", json!("0"));
            // any other field WordPress gave the post
            for (k, v) in &pext {
                if !ITEM_KNOWN.contains(&k.as_str()) {
                    e.put_json(&format!("wp:{k}"), v, true);
                }
            }
        }
        // categories, tags, post formats and other terms
        let mut terms_back: Vec<Value> = Vec::new();
        let mut tags_back: Vec<String> = Vec::new();
        let mut push_tag = |t: &str| {
            if !tags_back.iter().any(|x| x == t) {
                tags_back.push(t.to_string());
            }
        };
        let wp_terms: Vec<Value> = pext
            .get("terms")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut covered: HashSet<String> = HashSet::new();
        for t in &wp_terms {
            let d = t
                .get("domain")
                .and_then(Value::as_str)
                .unwrap_or("category");
            let n = t.get("name").and_then(Value::as_str).unwrap_or("");
            let nice = t.get("nicename").and_then(Value::as_str);
            if n.is_empty() {
                continue;
            }
            xml.push_str(&format!(
                "    <category domain=\"{}\"{}>{}</category>\n",
                esc(d),
                nice.map(|x| format!(" nicename=\"{}\"", esc(x)))
                    .unwrap_or_default(),
                cdata(&esc(n))
            ));
            covered.insert(n.to_string());
            push_tag(n);
            terms_back.push(json!({"domain": d, "nicename": nice, "name": n}));
        }
        for t in &p.tags {
            if covered.contains(t) {
                continue;
            }
            if wp {
                // a category the source gave without a domain (WXR 1.0)
                xml.push_str(&format!("    <category>{}</category>\n", cdata(&esc(t))));
                push_tag(t);
            } else {
                xml.push_str(&format!(
                    "    <category domain=\"post_tag\" nicename=\"{}\">{}</category>\n",
                    esc(&tag_slug(t)),
                    cdata(&esc(t))
                ));
                push_tag(t);
                terms_back.push(json!({"domain": "post_tag", "nicename": tag_slug(t), "name": t}));
            }
        }
        if !terms_back.is_empty() {
            ext.insert("terms".into(), Value::Array(terms_back));
        }
        ext.insert("post_type".into(), json!(post_type));
        ext.insert("status".into(), json!(status));
        // meta: the source's, and the record id
        let mut meta = match pext.get("postmeta") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        if !wp {
            if let Some(u) = p.url.as_deref().and_then(link) {
                meta.insert("_original_url".into(), json!(u));
            }
        }
        for (k, v) in &meta {
            for one in as_list(v) {
                xml.push_str(&format!(
                    "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
                    cdata(k),
                    cdata(one.as_str().unwrap_or(""))
                ));
            }
        }
        xml.push_str(&format!(
            "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
            cdata("_lifeboat_id"),
            cdata(&p.id)
        ));
        if !meta.is_empty() {
            ext.insert("postmeta".into(), Value::Object(meta));
        }
        // what the reader makes of the post
        let mut b = p.clone();
        b.network = network_of(&p.id).to_string();
        b.author = self
            .author_of(&p.author)
            .map(|a| a.account.clone())
            .unwrap_or_else(|| p.author.clone());
        read_time(&mut b, &date, true);
        b.edited_at = modified_back(&pext, p, &b);
        b.title = Some(title)
            .filter(|t| !t.trim().is_empty())
            .map(|t| decode(&t));
        set_body(&mut b, &content, false);
        let password = pext
            .get("post_password")
            .and_then(Value::as_str)
            .is_some_and(|x| !x.trim().is_empty());
        (b.visibility, b.status) = match status.as_str() {
            "publish" if password => (Visibility::Private, None),
            "publish" => (Visibility::Public, None),
            "private" => (Visibility::Private, None),
            _ => (p.visibility, p.status.clone()),
        };
        b.tags = tags_back;
        b.lang = None;
        b.content_warning = None;
        b.reply_to = None;
        b.reply_to_account = None;
        b.quote_of = None;
        b.repost_of = None;
        b.repost_of_account = None;
        b.media.clear();
        b.mentions.clear();
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.metrics.clear();
        b.sensitive = None;
        b.community = None;
        b.history.clear();
        b.ext = crate::model::Ext::from_map(ext);
        settle(book, Kind::Post, p, &b, &[], &|f| reason(Kind::Post, f));
        book.wrote(Kind::Post);
        // the thread's comments, parents before children
        let post_url = p.url.clone();
        self.comments(&mut xml, p, comments, post_url.as_deref(), book);
        xml.push_str("  </item>\n");
        // attachments: items of their own, after their post (the post's media, and
        // the media that name it as their post)
        let mut mids: Vec<String> = p.media.clone();
        for x in self.attached.get(&p.id).into_iter().flatten() {
            if !mids.contains(x) {
                mids.push(x.clone());
            }
        }
        for mid in &mids {
            let mid = mid.as_str();
            let Some(m) = ctx.media.get(mid) else {
                continue;
            };
            if self.media_out.contains_key(mid) {
                continue;
            }
            match m.web_url() {
                Some(u) => {
                    let u = u.to_string();
                    xml.push_str(&self.attachment(mid, &m, &u, post_id, &date, &creator));
                    self.media_out.insert(mid.to_string(), (u, p.id.clone()));
                }
                None => {
                    self.media_lost.insert(
                        mid.to_string(),
                        "WordPress downloads attachments from an address, and this file has none",
                    );
                }
            }
        }
        xml
    }
}
