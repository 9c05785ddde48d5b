//! Posts: the owner's posts, posts on others' timelines, group posts, with their
//! attachments, places and tags.

use super::*;

impl Meta {
    /// A post, group post, story, reel or comment (same item shape).
    pub(super) fn fb_post(
        &mut self,
        v: Value,
        src: Source,
        flavor: &str,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report.skipped(Kind::Post, "item is not an object", loc);
            return Ok(());
        };
        let created_at = secs(m.get("timestamp"));
        if created_at.is_some() {
            m.remove("timestamp");
        }
        let mut ext = Ext::default();
        let mut body = String::new();
        let mut edited_at = None;
        let mut author_name: Option<String> = None;
        let mut community: Option<String> = None;
        let mut other_data = Vec::new();
        if let Some(Value::Array(data)) = m.remove("data") {
            for d in data {
                let Value::Object(mut o) = d else {
                    other_data.push(d);
                    continue;
                };
                if let Some(Value::String(p)) = o.remove("post") {
                    push_para(&mut body, &p);
                }
                if let Some(Value::Object(mut c)) = o.remove("comment") {
                    if let Some(Value::String(t)) = c.remove("comment") {
                        push_para(&mut body, &t);
                    }
                    author_name = c
                        .remove("author")
                        .and_then(|a| a.as_str().map(str::to_string));
                    community = c
                        .remove("group")
                        .and_then(|a| a.as_str().map(str::to_string));
                    c.remove("timestamp");
                    if !c.is_empty() {
                        other_data.push(Value::Object(c));
                    }
                }
                if let Some(t) = o.remove("update_timestamp") {
                    // equal to the post's own time on most posts (a real 2021 export):
                    // an edit only when later
                    edited_at = secs(Some(&t)).filter(|u| Some(*u) != created_at);
                    if edited_at.is_none() {
                        ext.insert("update_timestamp", t);
                    }
                }
                if let Some(t) = o.remove("backdated_timestamp") {
                    ext.insert("backdated_timestamp", t);
                }
                if !o.is_empty() {
                    other_data.push(Value::Object(o));
                }
            }
        }
        let title = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .filter(|t| !t.is_empty());
        // attachments: media, links, places, events, life events …
        let mut media_objs: Vec<Map<String, Value>> = Vec::new();
        let mut links = Vec::new();
        let mut other_att = Vec::new();
        let mut att_text: Option<String> = None;
        if let Some(Value::Array(atts)) = m.remove("attachments") {
            for a in atts {
                let data = match a {
                    Value::Object(mut o) => match o.remove("data") {
                        Some(Value::Array(d)) => d,
                        _ => {
                            other_att.push(Value::Object(o));
                            continue;
                        }
                    },
                    other => {
                        other_att.push(other);
                        continue;
                    }
                };
                for d in data {
                    match d {
                        Value::Object(mut o) if o.contains_key("media") => {
                            if let Some(Value::Object(mo)) = o.remove("media") {
                                media_objs.push(mo);
                            }
                            if !o.is_empty() {
                                other_att.push(Value::Object(o));
                            }
                        }
                        // a note: its photos are the post's media, its words its text
                        Value::Object(mut o)
                            if o.get("note").is_some_and(|n| n.get("media").is_some()) =>
                        {
                            if let Some(Value::Object(mut note)) = o.remove("note") {
                                if let Some(Value::Array(ms)) = note.remove("media") {
                                    for mv in ms {
                                        if let Value::Object(mo) = mv {
                                            media_objs.push(mo);
                                        }
                                    }
                                }
                                if let (Some(t), true) = (
                                    text(note.get("text")).filter(|t| !t.is_empty()),
                                    att_text.is_none(),
                                ) {
                                    att_text = Some(t.to_string());
                                }
                                o.insert("note".into(), Value::Object(note));
                            }
                            other_att.push(Value::Object(o));
                        }
                        Value::Object(o) => {
                            // a life event's title, a poll's or feeling's text
                            let said = o
                                .get("life_event")
                                .and_then(|l| text(l.get("title")))
                                .or_else(|| text(o.get("text")))
                                .filter(|t| !t.is_empty());
                            if let (Some(t), true) = (said, att_text.is_none()) {
                                att_text = Some(t.to_string());
                            }
                            if let Some(url) = o
                                .get("external_context")
                                .and_then(|x| x.get("url"))
                                .and_then(Value::as_str)
                            {
                                links.push(Link {
                                    url: url.to_string(),
                                    short_url: None,
                                    display: None,
                                });
                            }
                            other_att.push(Value::Object(o));
                        }
                        other => other_att.push(other),
                    }
                }
            }
        }
        if body.is_empty() {
            // a photo post's text may only be in its media's description
            if let Some(d) = media_objs
                .iter()
                .find_map(|mo| text(mo.get("description")).filter(|d| !d.is_empty()))
            {
                body = d.to_string();
            } else if let Some(t) = att_text {
                body = t;
            }
        }
        let first_uri = media_objs
            .iter()
            .find_map(|mo| text(mo.get("uri")))
            .unwrap_or("")
            .to_string();
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let native = format!(
            "{ts}-{}",
            short_hash(&[&body, &first_uri, title.as_deref().unwrap_or(""), flavor])
        );
        let (id, _) = self.unique(NET, Kind::Post, &native);
        let author = match author_name.as_deref() {
            Some(a) if !a.is_empty() => {
                self.learn_owner_name(a);
                self.person(NET, a, &src)
            }
            _ => self.owner_id(NET),
        };
        let mut media = Vec::new();
        for mo in media_objs {
            if let Some(mid) = self.media(NET, mo, None, &id, &src, cx)? {
                media.push(mid);
            }
        }
        let mut mentions = Vec::new();
        if let Some(Value::Array(tags)) = m.remove("tags") {
            for t in tags {
                let name = match &t {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(o) => text(o.get("name")),
                    _ => None,
                };
                if let Some(name) = name.filter(|n| !n.is_empty()) {
                    let account = self.person(NET, name, &src);
                    mentions.push(Mention {
                        handle: name.to_string(),
                        account: Some(account),
                        display_name: Some(name.to_string()),
                    });
                }
            }
        }
        if flavor != "post" {
            ext.insert_string("meta_kind", flavor.to_string());
        }
        if flavor == "group_post" && community.is_none() {
            // "X posted in <group>." (English exports; other languages keep the title)
            community = title
                .as_deref()
                .and_then(|t| t.split_once(" posted in "))
                .map(|(_, g)| g.trim_end_matches('.').to_string())
                .filter(|g| !g.is_empty());
        }
        if let Some(t) = title {
            ext.insert_string("title", t);
        }
        if !other_data.is_empty() {
            ext.insert("data", Value::Array(other_data));
        }
        if !other_att.is_empty() {
            ext.insert("attachments", Value::Array(other_att));
        }
        ext.extend_map(m);
        let p = Post {
            id,
            network: NET.name().into(),
            author,
            created_at,
            text: body,
            links,
            mentions,
            media,
            community,
            edited_at,
            visibility: Visibility::Unknown,
            source: src,
            ext,
            ..Post::default()
        };
        cx.emit(Record::Post(p))
    }
}

/// Append a paragraph.
pub(super) fn push_para(body: &mut String, p: &str) {
    if p.is_empty() {
        return;
    }
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(p);
}
