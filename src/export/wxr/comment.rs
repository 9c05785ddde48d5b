//! Replies as WXR comments, and media as attachment items.

use super::*;

impl<'c, 'a> Writer<'c, 'a> {
    pub(super) fn comments(
        &mut self,
        xml: &mut String,
        root: &Post,
        comments: &[Post],
        post_url: Option<&str>,
        book: &mut Book,
    ) {
        let mut ids: HashMap<String, u64> = HashMap::new();
        ids.insert(root.id.clone(), 0);
        let mut pending: Vec<&Post> = comments.iter().collect();
        pending.sort_by_key(|r| r.created_at.as_ref().map(|t| t.millis()).unwrap_or(0));
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for r in pending {
                let linkback = linkback_kind(r);
                let parent_cid = match &linkback {
                    Some(_) => Some(0),
                    None => r.reply_to.as_ref().and_then(|x| ids.get(x)).copied(),
                };
                let Some(parent_cid) = parent_cid else {
                    rest.push(r);
                    continue;
                };
                let cid = self.take_comment_id(&r.id);
                ids.insert(r.id.clone(), cid);
                xml.push_str(&self.comment(r, cid, parent_cid, root, post_url, book));
            }
            if rest.len() == before {
                // parents outside the thread: at the top of it
                for r in &rest {
                    ids.insert(r.reply_to.clone().unwrap_or_default(), 0);
                }
            }
            pending = rest;
        }
    }

    pub(super) fn comment(
        &mut self,
        r: &Post,
        cid: u64,
        parent_cid: u64,
        root: &Post,
        post_url: Option<&str>,
        book: &mut Book,
    ) -> String {
        let ctx = self.ctx;
        let wp = is_wp(&r.id);
        let cext = if wp { ext_map(&r.ext) } else { Map::new() };
        let linkback = linkback_kind(r);
        let account = ctx.accounts.get(&r.author);
        let account = account.as_deref();
        let user = self.author_of(&r.author).map(|a| (a.id, a.login.clone()));
        let name = account
            .and_then(|a| a.display_name.clone().or(a.handle.clone()))
            .unwrap_or_else(|| native(&r.author).to_string());
        let url = account
            .and_then(|a| a.url.as_deref())
            .and_then(link)
            .unwrap_or_default()
            .to_string();
        let date = r
            .created_at
            .as_ref()
            .map(sql_time)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into());
        let content = own_html(r);
        let ctype = cext
            .get("comment_type")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or(linkback.clone())
            .unwrap_or_else(|| "comment".into());
        let mut xml = String::from("    <wp:comment>\n");
        let mut ext = Map::new();
        {
            let mut e = El {
                xml: &mut xml,
                ext: &mut ext,
                indent: "      ",
            };
            e.put("wp:comment_id", &cid.to_string(), false, false);
            // a WordPress comment gets back its own fields and only those; another
            // network's reply, what WordPress asks of a comment
            let field = |e: &mut El, k: &str, d: String| match cext.get(k) {
                Some(v) => e.put_json(&format!("wp:{k}"), v, true),
                None if wp => {}
                None => e.put_json(&format!("wp:{k}"), &json!(d), true),
            };
            field(&mut e, "comment_author", esc(&name));
            field(&mut e, "comment_author_email", String::new());
            field(&mut e, "comment_author_url", url.clone());
            field(&mut e, "comment_author_IP", String::new());
            field(&mut e, "comment_date", date.clone());
            e.put("wp:comment_date_gmt", &date, true, false);
            e.put("wp:comment_content", &content, true, false);
            field(&mut e, "comment_approved", "1".into());
            e.put("wp:comment_type", &ctype, true, false);
            e.put("wp:comment_parent", &parent_cid.to_string(), false, false);
            let uid = match &user {
                Some((id, _)) => id.to_string(),
                None => "0".into(),
            };
            field(&mut e, "comment_user_id", uid);
            for (k, v) in &cext {
                if !COMMENT_KNOWN.contains(&k.as_str()) {
                    e.put_json(&format!("wp:{k}"), v, true);
                }
            }
        }
        ext.insert("comment_type".into(), json!(ctype));
        let mut meta = match cext.get("commentmeta") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        for (k, v) in &meta {
            for one in as_list(v) {
                xml.push_str(&format!(
                    "      <wp:commentmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:commentmeta>\n",
                    cdata(k),
                    cdata(one.as_str().unwrap_or(""))
                ));
            }
        }
        let mut given = vec![("_lifeboat_id", r.id.clone())];
        // a commenter who is not an author, when the reader cannot tell it by name
        let guest = user.is_none() && linkback.is_none() && !wp;
        if guest {
            given.push(("_lifeboat_author", r.author.clone()));
        }
        for (k, v) in given {
            xml.push_str(&format!(
                "      <wp:commentmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:commentmeta>\n",
                cdata(k),
                cdata(&v)
            ));
        }
        if !meta.is_empty() {
            ext.insert(
                "commentmeta".into(),
                Value::Object(std::mem::take(&mut meta)),
            );
        }
        xml.push_str("    </wp:comment>\n");
        // what the reader makes of it
        let written_name = cext
            .get("comment_author")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| esc(&name));
        let written_url = cext
            .get("comment_author_url")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or(url);
        let name_back = Some(decode(&written_name)).filter(|n| !n.is_empty());
        let url_back =
            Some(written_url.trim().to_string()).filter(|u| !u.is_empty() && u != "http://");
        let mut b = r.clone();
        b.network = network_of(&r.id).to_string();
        self.commenters.insert(r.author.clone());
        if guest {
            self.guests
                .entry(r.author.clone())
                .or_insert((name_back.clone(), url_back.clone()));
        }
        if let Some((_, l)) = &user {
            b.author = self
                .authors
                .iter()
                .find(|a| &a.login == l)
                .map(|a| a.account.clone())
                .unwrap_or_else(|| r.author.clone());
        }
        read_time(&mut b, &date, true);
        b.edited_at = None;
        set_body(&mut b, content.trim(), true);
        let approved = cext
            .get("comment_approved")
            .and_then(Value::as_str)
            .unwrap_or("1");
        (b.visibility, b.status) = match approved {
            "1" | "approve" | "approved" => (Visibility::Public, None),
            "0" | "hold" => (Visibility::Private, Some("pending".into())),
            "spam" => (Visibility::Private, Some("spam".into())),
            "trash" | "post-trashed" => (Visibility::Private, Some("trashed".into())),
            _ => (Visibility::Private, None),
        };
        if linkback.is_some() {
            b.title = name_back;
            b.url = url_back;
            b.links = post_url
                .map(|u| {
                    vec![crate::model::Link {
                        url: u.to_string(),
                        short_url: None,
                        display: None,
                    }]
                })
                .unwrap_or_default();
            ext.insert("links_to".into(), json!(root.id));
            b.reply_to = None;
        } else {
            b.title = None;
            b.url = None;
            // the parent: the comment it answers when that is in the thread, else the
            // thread's first post
            if parent_cid == 0 {
                b.reply_to = Some(root.id.clone());
            }
        }
        b.lang = None;
        b.content_warning = None;
        b.reply_to_account = None;
        b.quote_of = None;
        b.repost_of = None;
        b.repost_of_account = None;
        b.media.clear();
        b.mentions.clear();
        b.tags.clear();
        b.symbols.clear();
        b.styles.clear();
        b.client = None;
        b.metrics.clear();
        b.sensitive = None;
        b.community = None;
        b.history.clear();
        b.ext = crate::model::Ext::from_map(ext);
        let parent_missing = wp && r.ext.get_json("parent_missing").is_some();
        settle(book, Kind::Post, r, &b, &[], &|f| {
            match f {
            "ext" if parent_missing => "the id of a parent comment that is not in the export is not kept (the reply is written at the top of its thread)".into(),
            "reply_to" => "a reply whose parent is not in its thread is written at the top of it".into(),
            "title" => "a comment has no title".into(),
            "media" => "WordPress comments have no attachments".into(),
            _ => reason(Kind::Post, f),
        }
        });
        for mid in &r.media {
            self.media_lost
                .entry(mid.clone())
                .or_insert("media of comments: WordPress comments have no attachments");
        }
        book.wrote(Kind::Post);
        xml
    }

    pub(super) fn attachment(
        &mut self,
        mid: &str,
        m: &crate::export::select::MediaLite,
        url: &str,
        parent: u64,
        date: &str,
        creator: &str,
    ) -> String {
        let wp = is_wp(mid);
        let mext = if wp {
            m.ext.clone().unwrap_or_default()
        } else {
            Map::new()
        };
        let aid = mext
            .get("post_id")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok());
        let mut xml = String::from("  <item>\n");
        let mut ext = Map::new();
        {
            let mut e = El {
                xml: &mut xml,
                ext: &mut ext,
                indent: "    ",
            };
            // a WordPress attachment gets back its own fields and only those
            let field = |e: &mut El, qname: &str, d: String| {
                let k = qname.rsplit(':').next().unwrap_or(qname);
                match mext.get(k) {
                    Some(v) => e.put_json(qname, v, true),
                    None if wp => {}
                    None => e.put_json(qname, &json!(d), true),
                }
            };
            field(&mut e, "title", format!("Media of post {parent}"));
            field(&mut e, "link", url.to_string());
            if let Some(v) = mext.get("pubDate") {
                e.put_json("pubDate", v, true);
            }
            field(&mut e, "dc:creator", creator.to_string());
            field(&mut e, "guid", url.to_string());
            e.put("description", "", false, false);
            if let Some(id) = aid {
                e.put("wp:post_id", &id.to_string(), false, true);
            }
            field(&mut e, "wp:post_date", date.to_string());
            field(&mut e, "wp:post_date_gmt", date.to_string());
            field(&mut e, "wp:comment_status", "closed".into());
            field(&mut e, "wp:ping_status", "closed".into());
            field(&mut e, "wp:status", "inherit".into());
            if let Some(v) = mext.get("post_name") {
                e.put_json("wp:post_name", v, true);
            }
            e.put("wp:post_parent", &parent.to_string(), false, false);
            field(&mut e, "wp:menu_order", "0".into());
            field(&mut e, "wp:post_type", "attachment".into());
            field(&mut e, "wp:post_password", String::new());
            field(&mut e, "wp:is_sticky", "0".into());
            e.put("wp:attachment_url", url, true, false);
            for (k, v) in &mext {
                if !ATTACHMENT_KNOWN.contains(&k.as_str()) {
                    e.put_json(&format!("wp:{k}"), v, true);
                }
            }
        }
        // the file's description and caption
        for (qname, key) in [
            ("content:encoded", "description"),
            ("excerpt:encoded", "caption"),
        ] {
            let t = mext.get(key).and_then(Value::as_str).unwrap_or("");
            xml.push_str(&format!("    <{qname}>{}</{qname}>\n", cdata(t)));
            if !t.trim().is_empty() {
                ext.insert(key.into(), json!(crate::export::text::xml_clean(t)));
            }
        }
        let mut meta = match mext.get("postmeta") {
            Some(Value::Object(x)) => x.clone(),
            _ => Map::new(),
        };
        if !wp {
            meta.insert(
                "_wp_attachment_image_alt".into(),
                json!(m.alt.clone().unwrap_or_default()),
            );
        }
        let mut alt = None;
        for (k, v) in &meta {
            for one in as_list(v) {
                let val = one.as_str().unwrap_or("");
                if k == "_wp_attachment_image_alt" && !val.trim().is_empty() {
                    alt = Some(val.to_string());
                }
                xml.push_str(&format!(
                    "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
                    cdata(k),
                    cdata(val)
                ));
            }
        }
        if !meta.is_empty() {
            ext.insert("postmeta".into(), Value::Object(meta));
        }
        xml.push_str(&format!(
            "    <wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
            cdata("_lifeboat_id"),
            cdata(mid)
        ));
        xml.push_str("  </item>\n");
        self.media_ext.insert(mid.to_string(), (ext, alt));
        xml
    }
}
