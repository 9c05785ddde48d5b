//! `<item>`: posts and pages (with their categories, tags and metadata) and
//! attachments.

use super::*;

impl WordPress {
    pub(super) fn item(
        &mut self,
        n: Node,
        entry: &str,
        index: u64,
        cx: &mut Context,
    ) -> Result<()> {
        self.read_any = true;
        let typed = n.text_ns(Ns::Wp, "post_type").is_some();
        if !typed && !self.finishing && self.deferred.len() < MAX_DEFERRED {
            // a typeless item is the worse-formed one when a typed item shares its
            // wp:post_id: it is read last, so the typed one keeps the id
            self.deferred.push((n, entry.to_string(), index));
            return Ok(());
        }
        let clash_why = if typed {
            "an earlier item has the same wp:post_id"
        } else {
            "an item without wp:post_type gives way to the item with the same wp:post_id"
        };
        let post_type = n.text_ns(Ns::Wp, "post_type").unwrap_or("post").to_string();
        if post_type != "attachment" && self.post_types.len() < 64 {
            self.post_types.insert(post_type.clone());
        }
        let local = match n.text_ns(Ns::Wp, "post_id") {
            Some(id) => id.to_string(),
            None => format!("item-{index}"),
        };
        let native0 = self.native(&local);
        let loc = format!("{entry}#item{index}");
        let status = n.text_ns(Ns::Wp, "status").unwrap_or("").to_string();
        if status == "auto-draft" {
            // WordPress's empty placeholder: nothing to convert, but not a loss either
            let raw = serde_json::to_vec(&n.to_json()).unwrap_or_default();
            let why = "auto-draft (WordPress's empty placeholder for a post never written)";
            cx.sink.keep_raw(Kind::Post, &loc, why, &raw)?;
            cx.report.kept_raw(Kind::Post);
            return Ok(());
        }
        if post_type == "attachment" {
            let given = given_id(meta_of(&n, "postmeta", "_lifeboat_id"), Kind::Media);
            let (native, id) = self.claim_given(Kind::Media, native0, given, &loc, clash_why, cx);
            return self.attachment(&n, &native, id, entry, index, cx);
        }
        if post_type != "post" && post_type != "page" {
            let why = if FURNITURE.contains(&post_type.as_str()) {
                format!("wp:post_type {post_type} is site furniture")
            } else {
                format!("wp:post_type {post_type} (a custom type) has no model mapping")
            };
            let raw = serde_json::to_vec(&n.to_json()).unwrap_or_default();
            cx.sink.keep_raw(Kind::Post, &loc, &why, &raw)?;
            cx.report.kept_raw(Kind::Post);
            return Ok(());
        }
        let given = given_id(meta_of(&n, "postmeta", "_lifeboat_id"), Kind::Post);
        let (native, id) = self.claim_given(Kind::Post, native0, given, &loc, clash_why, cx);
        self.given.posts.insert(local.clone(), id.clone());
        let login = n.text_ns(Ns::Dc, "creator").map(str::to_string);
        let author = self.author_of(login.as_deref(), entry);
        let mut p = Post {
            id: id.clone(),
            network: network_of(&id),
            author,
            source: Source::at(entry, index),
            ..Post::default()
        };
        let (t, raw) = blog::time(n.text_ns(Ns::Wp, "post_date_gmt"));
        p.created_at = t;
        if let Some(raw) = raw {
            p.raw_times.insert("created_at".into(), raw);
        }
        if p.created_at.is_none() {
            // drafts: zero GMT date; the local date is the best there is
            let (t, _) = blog::time(n.text_ns(Ns::Wp, "post_date"));
            if let Some(t) = t {
                p.created_at = Some(t);
                if let Some(l) = n.text_ns(Ns::Wp, "post_date") {
                    p.raw_times
                        .insert("created_at".into(), format!("{l} (site local time)"));
                }
            }
        }
        let (m, _) = blog::time(n.text_ns(Ns::Wp, "post_modified_gmt"));
        if m.is_some() && m != p.created_at {
            p.edited_at = m;
        }
        p.title = n.text_of("title").map(decode);
        p.url = n.text_of("link").map(str::to_string);
        let content = n
            .child_ns(Ns::Content, "encoded")
            .map(|c| c.text.clone())
            .unwrap_or_default();
        set_body(&mut p, content);
        let password = n.text_ns(Ns::Wp, "post_password").is_some();
        (p.visibility, p.status) = match status.as_str() {
            "publish" if password => (Visibility::Private, None),
            "publish" => (Visibility::Public, None),
            "draft" => (Visibility::Private, Some("draft".into())),
            "pending" => (Visibility::Private, Some("pending".into())),
            "future" => (Visibility::Private, Some("scheduled".into())),
            "trash" => (Visibility::Private, Some("trashed".into())),
            "private" => (Visibility::Private, None),
            _ => (Visibility::Unknown, None),
        };
        // categories and tags: bare <category> (WXR 1.0 duplicates) and domain= ones
        let mut terms = Vec::new();
        for c in n.all("category").filter(|c| c.ns == Ns::None) {
            let name = decode(c.text.trim());
            if name.is_empty() {
                continue;
            }
            if !p.tags.contains(&name) {
                p.tags.push(name.clone());
            }
            if let Some(d) = c.attr("domain") {
                terms.push(json!({"domain": d, "nicename": c.attr("nicename"), "name": name}));
            }
        }
        let mut ext = Ext::default();
        if !terms.is_empty() {
            ext.insert("terms", Value::Array(terms));
        }
        ext.insert("post_type", json!(post_type));
        if !status.is_empty() {
            ext.insert("status", json!(status));
        }
        let mut meta = Map::new();
        for c in &n.children {
            match (c.ns, c.name.as_str()) {
                (Ns::None, "title" | "link" | "category")
                | (Ns::Dc, "creator")
                | (Ns::Content, "encoded")
                | (Ns::Wp, "post_type" | "status" | "comment") => {}
                (Ns::Wp, "postmeta") => {
                    if let Some(k) = c.text_ns(Ns::Wp, "meta_key").filter(|k| !is_given_meta(k)) {
                        let v = c
                            .child_ns(Ns::Wp, "meta_value")
                            .map(|v| v.text.clone())
                            .unwrap_or_default();
                        push_multi(&mut meta, k, Value::String(v));
                    }
                }
                (Ns::Excerpt, "encoded") => {
                    if !c.text.trim().is_empty() {
                        ext.insert("excerpt", json!(c.text));
                    }
                }
                (_, name) => {
                    let v = c.to_json();
                    if !v.as_str().is_some_and(str::is_empty) {
                        ext.insert(name, v);
                    }
                }
            }
        }
        if !meta.is_empty() {
            ext.insert("postmeta", Value::Object(meta));
        }
        p.ext = ext;
        let post_url = p.url.clone();
        cx.emit(Record::Post(p))?;
        self.comments(&n, &native, &id, post_url.as_deref(), entry, index, cx)
    }

    pub(super) fn attachment(
        &mut self,
        n: &Node,
        native: &str,
        id: String,
        entry: &str,
        index: u64,
        cx: &mut Context,
    ) -> Result<()> {
        let _ = native;
        let url = n
            .text_ns(Ns::Wp, "attachment_url")
            .or_else(|| n.text_of("guid"))
            .map(str::to_string);
        let mut meta = Map::new();
        let mut alt = None;
        for c in n.all("postmeta") {
            if let Some(k) = c.text_ns(Ns::Wp, "meta_key").filter(|k| !is_given_meta(k)) {
                let v = c
                    .child_ns(Ns::Wp, "meta_value")
                    .map(|v| v.text.clone())
                    .unwrap_or_default();
                if k == "_wp_attachment_image_alt" && !v.trim().is_empty() {
                    alt = Some(v.clone());
                }
                push_multi(&mut meta, k, Value::String(v));
            }
        }
        let file = url.as_deref().unwrap_or("");
        let kind = media_kind(file);
        let mut m = Media {
            network: network_of(&id),
            id,
            kind: kind.into(),
            mime: Some(crate::archive::mime_of(file).to_string()),
            alt_text: alt,
            original_url: url.clone(),
            missing: true,
            source: Source::at(entry, index),
            ..Media::default()
        };
        if let Some(parent) = n.text_ns(Ns::Wp, "post_parent").filter(|p| *p != "0") {
            let post = match self.given.posts.get(parent) {
                Some(id) => id.clone(),
                None => record_id(NET, Kind::Post, &self.native(parent)),
            };
            m.attached_to.push(post);
        }
        let mut ext = Ext::default();
        for c in &n.children {
            match c.name.as_str() {
                "postmeta" | "attachment_url" | "post_parent" => {}
                "encoded" if c.ns == Ns::Excerpt => {
                    if !c.text.trim().is_empty() {
                        ext.insert("caption", json!(c.text));
                    }
                }
                "encoded" => {
                    if !c.text.trim().is_empty() {
                        ext.insert("description", json!(c.text));
                    }
                }
                name => {
                    let v = c.to_json();
                    if !v.as_str().is_some_and(str::is_empty) {
                        ext.insert(name, v);
                    }
                }
            }
        }
        if !meta.is_empty() {
            ext.insert("postmeta", Value::Object(meta));
        }
        m.ext = ext;
        cx.report.missing_media(format!(
            "{}: WXR holds no file bytes ({})",
            m.id,
            url.as_deref().unwrap_or("no URL")
        ));
        cx.emit(Record::Media(m))
    }
}
