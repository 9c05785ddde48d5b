//! Likes, saved items, followers and following (the lists of the JSON export), and
//! the history of follow requests.

use super::*;

impl Meta {
    /// A like of a `string_list_data` list (Instagram and Threads liked posts).
    pub(in crate::import::meta) fn list_like(
        &mut self,
        net: Net,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Reaction, "item is not an object", loc);
            return Ok(());
        };
        let sld = match m.remove("string_list_data") {
            Some(Value::Array(a)) => a.into_iter().next(),
            _ => None,
        };
        let Some(Value::Object(mut s)) = sld else {
            return self.keep(
                Kind::Reaction,
                &src,
                "a like without string_list_data",
                &Value::Object(m),
                cx,
            );
        };
        let href = s
            .remove("href")
            .and_then(|h| h.as_str().map(str::to_string))
            .filter(|h| !h.is_empty());
        let emoji = s
            .remove("value")
            .and_then(|h| h.as_str().map(str::to_string));
        let created_at = secs(s.get("timestamp"));
        if created_at.is_some() {
            s.remove("timestamp");
        }
        let post_owner = m
            .remove("title")
            .and_then(|h| h.as_str().map(str::to_string))
            .filter(|h| !h.is_empty());
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let target_native = match &href {
            Some(h) => h.clone(),
            None => format!("unknown/{}/{ts}", post_owner.as_deref().unwrap_or("")),
        };
        let owner = self.owner_id(net);
        let (id, _) = self.unique(
            net,
            Kind::Reaction,
            &format!("like/{}/{target_native}", native_of(&owner)),
        );
        let mut ext = Ext::from_map(m);
        if let Some(o) = post_owner {
            ext.insert_string("post_owner", o);
        }
        if !s.is_empty() {
            ext.insert("string_list_data", Value::Object(s));
        }
        let r = Reaction {
            id,
            network: net.name().into(),
            kind: "like".into(),
            actor: owner,
            target: record_id(net.name(), Kind::Post, &target_native),
            emoji,
            created_at,
            target_url: href,
            source: src,
            ext,
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// A saved post: `{"title": <post owner>, "string_map_data": {"Saved on": {"href",
    /// "timestamp"}}}` (labels are localized: the first value with a link is used).
    pub(super) fn ig_saved(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Reaction, "item is not an object", loc);
            return Ok(());
        };
        let found = m
            .get("string_map_data")
            .and_then(Value::as_object)
            .and_then(|smd| {
                smd.values()
                    .find(|x| text(x.get("href")).is_some_and(|h| !h.is_empty()))
            })
            .or_else(|| {
                m.get("string_list_data")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
            })
            .map(|x| {
                (
                    text(x.get("href")).map(str::to_string),
                    secs(x.get("timestamp")),
                )
            });
        let Some((Some(href), created_at)) = found else {
            return self.keep(
                Kind::Reaction,
                &src,
                "a saved item without a link",
                &Value::Object(m),
                cx,
            );
        };
        let owner = self.owner_id(NET);
        let (id, _) = self.unique(
            NET,
            Kind::Reaction,
            &format!("bookmark/{}/{href}", native_of(&owner)),
        );
        let post_owner = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .filter(|t| !t.is_empty());
        let mut ext = Ext::from_map(m);
        if let Some(o) = post_owner {
            ext.insert_string("post_owner", o);
        }
        let r = Reaction {
            id,
            network: NET.name().into(),
            kind: "bookmark".into(),
            actor: owner,
            target: record_id(NET.name(), Kind::Post, &href),
            created_at,
            target_url: Some(href),
            source: src,
            ext,
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// An item of a follower/following/blocked list (Instagram and Threads).
    pub(in crate::import::meta) fn list_relationship(
        &mut self,
        net: Net,
        kind: &'static str,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Relationship, "item is not an object", loc);
            return Ok(());
        };
        let sld = m
            .get("string_list_data")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .cloned();
        let (kind, status) = kind_status(kind);
        let labelled = username_of(&m, sld.as_ref()).is_none();
        let Some(username) = username_of(&m, sld.as_ref()).or_else(|| label_username(&m)) else {
            cx.report.skipped(
                Kind::Relationship,
                format!("{kind} item without a username"),
                loc,
            );
            return Ok(());
        };
        let mut since = sld.as_ref().and_then(|s| secs(s.get("timestamp")));
        if since.is_none() && labelled {
            // label_values items carry their time on the item
            since = secs(m.get("timestamp"));
            if since.is_some() {
                m.remove("timestamp");
            }
        }
        let display = text(m.get("title"))
            .filter(|t| *t != username)
            .map(str::to_string);
        let object = self.user(net, &username, display.as_deref(), &src);
        let owner = self.owner_id(net);
        let (id, _) = self.unique(
            net,
            Kind::Relationship,
            &format!("{kind}/{}/{}", native_of(&owner), native_of(&object)),
        );
        if m.get("media_list_data")
            .and_then(Value::as_array)
            .is_some_and(|a| a.is_empty())
        {
            m.remove("media_list_data");
        }
        if text(m.get("title")) == Some("") {
            m.remove("title");
        }
        let mut ext = Ext::from_map(m);
        if let Some(s) = status {
            ext.insert_string("status", s.to_string());
        }
        let r = Relationship {
            id,
            network: net.name().into(),
            kind: kind.into(),
            subject: owner,
            object,
            since,
            source: src,
            ext,
            ..Relationship::default()
        };
        cx.emit(Record::Relationship(r))
    }

    /// A graph-history file (follow and friend requests, unfollowed and removed
    /// accounts, story likes): small lists under one key (or a list at the root, the
    /// 2025+ `label_values` form), each item a relationship of `kind`.
    pub(in crate::import::meta) fn read_graph_history(
        &mut self,
        net: Net,
        kind: &'static str,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let Some(v) = self.whole(e, r, cx, Kind::Relationship)? else {
            return Ok(1);
        };
        let items = match v {
            Value::Array(a) => a,
            Value::Object(m) => {
                // the one list the file holds, whatever its key
                let mut lists: Vec<(String, Value)> =
                    m.into_iter().filter(|(_, v)| v.is_array()).collect();
                match lists.len() {
                    1 => match lists.pop() {
                        Some((_, Value::Array(a))) => a,
                        _ => Vec::new(),
                    },
                    _ => {
                        let raw = Value::Object(lists.into_iter().collect());
                        self.keep(
                            Kind::Relationship,
                            &Source::entry(&e.name),
                            "a graph-history file without exactly one list",
                            &raw,
                            cx,
                        )?;
                        return Ok(1);
                    }
                }
            }
            other => {
                self.keep(
                    Kind::Relationship,
                    &Source::entry(&e.name),
                    "a graph-history file that is neither a list nor an object",
                    &other,
                    cx,
                )?;
                return Ok(1);
            }
        };
        let n = items.len() as u64;
        for (i, item) in items.into_iter().enumerate() {
            let src = Source::at(&e.name, i as u64);
            if net == Net::Facebook {
                self.fb_relationship(kind, item, src, cx)?;
            } else {
                self.list_relationship(net, kind, item, src, cx)?;
            }
        }
        Ok(n)
    }
}
