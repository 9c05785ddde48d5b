//! Reactions and likes, friends and follows, event answers and events.

use super::*;

impl Meta {
    pub(super) fn fb_reaction(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Reaction, "item is not an object", loc);
            return Ok(());
        };
        let created_at = secs(m.get("timestamp"));
        if created_at.is_some() {
            m.remove("timestamp");
        }
        let mut emoji: Option<String> = None;
        let mut actor: Option<String> = None;
        let mut url: Option<String> = None;
        let mut name: Option<String> = None;
        let mut ext = Ext::default();
        if let Some(Value::Array(lv)) = m.remove("label_values") {
            // 2025 label_values shape: labels are localized, English ones are mapped
            let mut rest = Vec::new();
            for item in lv {
                let label = item
                    .get("label")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let value = item
                    .get("value")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                match (label.as_str(), value) {
                    ("reaction", Some(v)) => emoji = Some(v),
                    ("url", Some(v)) => url = Some(v),
                    ("name", Some(v)) => name = Some(v),
                    _ => rest.push(item),
                }
            }
            if !rest.is_empty() {
                ext.insert("label_values", Value::Array(rest));
            }
        }
        if let Some(Value::Array(data)) = m.remove("data") {
            let mut rest = Vec::new();
            for d in data {
                match d.get("reaction") {
                    Some(r) => {
                        emoji = r
                            .get("reaction")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                        actor = r.get("actor").and_then(Value::as_str).map(str::to_string);
                    }
                    None => rest.push(d),
                }
            }
            if !rest.is_empty() {
                ext.insert("data", Value::Array(rest));
            }
        }
        let title = m
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string));
        let Some(emoji) = emoji.filter(|e| !e.is_empty()) else {
            return self.keep(
                Kind::Reaction,
                &src,
                "a reaction item without a reaction",
                &Value::Object(m),
                cx,
            );
        };
        let actor = match actor.as_deref() {
            Some(a) if !a.is_empty() => {
                self.learn_owner_name(a);
                self.person(NET, a, &src)
            }
            _ => self.owner_id(NET),
        };
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let target_native = match &url {
            Some(u) => u.clone(),
            None => format!(
                "unknown/{ts}-{}",
                short_hash(&[title.as_deref().unwrap_or(""), &emoji])
            ),
        };
        let kind = if emoji.eq_ignore_ascii_case("like") {
            "like"
        } else {
            "reaction"
        };
        let (id, _) = self.unique(
            NET,
            Kind::Reaction,
            &format!("{kind}/{}/{target_native}", native_of(&actor)),
        );
        if let Some(n) = name {
            ext.insert_string("name", n);
        }
        ext.extend_map(m);
        let r = Reaction {
            id,
            network: NET.name().into(),
            kind: kind.into(),
            actor,
            target: record_id(NET.name(), Kind::Post, &target_native),
            emoji: Some(emoji),
            created_at,
            target_text: title,
            target_url: url,
            source: src,
            ext,
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// A friend, a follow, a Page the owner runs, a group they joined or run.
    pub(in crate::import::meta) fn fb_relationship(
        &mut self,
        kind: &'static str,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let loc = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let (kind, status) = super::super::instagram::kind_status(kind);
        let Value::Object(mut m) = v else {
            cx.report
                .skipped(Kind::Relationship, "item is not an object", loc);
            return Ok(());
        };
        if let Some(s) = status {
            m.insert("status".into(), Value::String(s.to_string()));
        }
        let since = secs(m.get("timestamp"));
        if since.is_some() {
            m.remove("timestamp");
        }
        let name = match m.remove("name") {
            Some(Value::String(s)) => Some(s),
            other => {
                if let Some(o) = other {
                    m.insert("name".into(), o);
                }
                // group membership: {"title", "data": [{"name"}]}
                m.get("data")
                    .and_then(Value::as_array)
                    .and_then(|d| d.iter().find_map(|x| text(x.get("name"))))
                    .map(str::to_string)
            }
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            cx.report.skipped(
                Kind::Relationship,
                format!("{kind} item without a name"),
                loc,
            );
            return Ok(());
        };
        let url = text(m.get("url")).map(str::to_string);
        let object = match kind {
            "page_admin" | "group_member" | "group_admin" => {
                let prefix = if kind == "page_admin" {
                    "page"
                } else {
                    "group"
                };
                let id = record_id(NET.name(), Kind::Account, &format!("{prefix}/{name}"));
                let s = self
                    .stubs
                    .entry(id.clone())
                    .or_insert_with(|| super::super::Stub {
                        network: NET.name(),
                        display_name: Some(name.clone()),
                        source: src.clone(),
                        ..super::super::Stub::default()
                    });
                if s.url.is_none() {
                    s.url = url;
                }
                id
            }
            _ => self.person(NET, &name, &src),
        };
        let owner = self.owner_id(NET);
        let (id, _) = self.unique(
            NET,
            Kind::Relationship,
            &format!("{kind}/{}/{}", native_of(&owner), native_of(&object)),
        );
        let r = Relationship {
            id,
            network: NET.name().into(),
            kind: kind.into(),
            subject: owner,
            object,
            since,
            source: src,
            ext: Ext::from_map(m),
            ..Relationship::default()
        };
        cx.emit(Record::Relationship(r))
    }

    /// An answer to an event invitation.
    pub(super) fn fb_rsvp(
        &mut self,
        answer: &str,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let Value::Object(mut m) = v else {
            return self.keep(Kind::Reaction, &src, "event is not an object", &v, cx);
        };
        let name = m
            .remove("name")
            .and_then(|n| n.as_str().map(str::to_string))
            .unwrap_or_default();
        let start = m
            .get("start_timestamp")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let target_native = format!("event/{name}/{start}");
        let owner = self.owner_id(NET);
        let (id, _) = self.unique(
            NET,
            Kind::Reaction,
            &format!("rsvp/{}/{target_native}", native_of(&owner)),
        );
        let created_at = secs(m.get("timestamp"));
        let r = Reaction {
            id,
            network: NET.name().into(),
            kind: "rsvp".into(),
            actor: owner,
            target: record_id(NET.name(), Kind::Post, &target_native),
            emoji: Some(answer.to_string()),
            created_at,
            target_text: Some(name),
            source: src,
            ext: Ext::from_map(m),
            ..Reaction::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// An event the owner (or the Page) created: a post with a title.
    pub(super) fn fb_event(&mut self, v: Value, src: Source, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = v else {
            return self.keep(Kind::Post, &src, "event is not an object", &v, cx);
        };
        let name = m
            .remove("name")
            .and_then(|n| n.as_str().map(str::to_string));
        let description = m
            .remove("description")
            .and_then(|n| n.as_str().map(str::to_string))
            .unwrap_or_default();
        let created_at = secs(m.get("create_timestamp")).or_else(|| secs(m.get("start_timestamp")));
        let ts = created_at.map(|t| t.seconds()).unwrap_or(0);
        let native = format!(
            "event-{ts}-{}",
            short_hash(&[name.as_deref().unwrap_or(""), &description])
        );
        let (id, _) = self.unique(NET, Kind::Post, &native);
        let mut ext = Ext::from_map(m);
        ext.insert_string("meta_kind", "event".into());
        let p = Post {
            id,
            network: NET.name().into(),
            author: self.owner_id(NET),
            created_at,
            text: description,
            title: name,
            source: src,
            ext,
            ..Post::default()
        };
        cx.emit(Record::Post(p))
    }
}
