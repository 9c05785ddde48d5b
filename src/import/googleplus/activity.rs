//! The activity log: +1s, comments and votes on other people's posts.

use super::*;

impl GooglePlus {
    /// The post a permalink names: a post of this dump, else its id by URL.
    pub(super) fn target(&self, permalink: &str) -> String {
        self.by_url
            .get(permalink)
            .cloned()
            .unwrap_or_else(|| record_id(NET, Kind::Post, &url_native(permalink)))
    }

    /// `ActivityLog/*.json`: your comments, +1s and votes on anyone's posts.
    pub(super) fn activity(&mut self, e: &Entry, v: Value, cx: &mut Context) -> Result<u64> {
        let items = match v {
            Value::Object(mut o) => match o.remove("items") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            },
            Value::Array(a) => a,
            _ => Vec::new(),
        };
        let mut n = 0u64;
        for (i, it) in items.into_iter().enumerate() {
            n += 1;
            let src = Source::at(&e.name, i as u64);
            let Value::Object(mut m) = it else {
                cx.report.skipped(
                    Kind::Reaction,
                    "an item that is not an object",
                    format!("{}#{i}", e.name),
                );
                continue;
            };
            let ms = match m.remove("timestampMs") {
                Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
                Some(Value::Number(x)) => x.as_i64(),
                _ => None,
            };
            let at = ms.and_then(Timestamp::from_millis);
            let vis = match m.get("visibility").and_then(Value::as_str) {
                Some("PUBLIC") => Visibility::Public,
                Some(_) => Visibility::Private,
                None => Visibility::Unknown,
            };
            let kind_key = m
                .keys()
                .find(|k| k.ends_with("Item"))
                .cloned()
                .unwrap_or_default();
            let mut item = match m.remove(&kind_key) {
                Some(Value::Object(o)) => o,
                _ => Map::new(),
            };
            let permalink = string(item.remove("postPermalink"))
                .or_else(|| string(item.remove("commentPermalink")));
            let mut ext = Ext::from_map(m);
            match kind_key.as_str() {
                "commentCreatedItem" => {
                    let body = string(item.remove("commentText")).unwrap_or_default();
                    let rendered = html::render(&body);
                    let (links, mentions) = links_and_mentions(&rendered);
                    let base = format!("activity/comment/{}", ms.unwrap_or(i as i64));
                    let native = Self::unique(&mut self.post_ids, base);
                    ext.extend_map(item);
                    if let Some(p) = &permalink {
                        ext.insert_string("postPermalink", p.clone());
                    }
                    let p = Post {
                        id: record_id(NET, Kind::Post, &native),
                        network: NET.into(),
                        author: String::new(),
                        created_at: at,
                        html: (body.contains('<') || body.contains('&')).then_some(body),
                        text: rendered.text,
                        reply_to: permalink.as_deref().map(|p| self.target(p)),
                        visibility: vis,
                        links,
                        mentions,
                        source: src,
                        ext,
                        ..Default::default()
                    };
                    self.pending.push(Record::Post(p));
                }
                "postPlusOneAddedItem" | "commentPlusOneAddedItem" | "pollVoteAddedItem" => {
                    let Some(p) = permalink else {
                        cx.report.skipped(
                            Kind::Reaction,
                            format!("{kind_key} without a permalink"),
                            format!("{}#{i}", e.name),
                        );
                        continue;
                    };
                    let kind = if kind_key == "pollVoteAddedItem" {
                        "vote"
                    } else {
                        ext.insert_string("native_kind", "+1".into());
                        "like"
                    };
                    ext.extend_map(item);
                    let target = self.target(&p);
                    let mut r = self.reaction(kind, String::new(), &target, at, &src, ext);
                    r.target_url = Some(p);
                    self.pending.push(Record::Reaction(r));
                }
                _ => {
                    let raw = serde_json::to_vec(&Value::Object(item)).unwrap_or_default();
                    cx.sink.keep_raw(
                        Kind::Reaction,
                        &format!("{}#{i}", e.name),
                        &format!("activity {kind_key:?} has no mapping"),
                        &raw,
                    )?;
                    cx.report.kept_raw(Kind::Reaction);
                }
            }
        }
        Ok(n)
    }
}
