//! Reposts, likes, follows, blocks, lists and list items.

use super::*;

impl Repo<'_> {
    pub(super) fn repost(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let uri = self.uri(&item);
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let id = self
            .given_id(&uri)
            .unwrap_or_else(|| record_id(NET, Kind::Post, uri_native(&uri)));
        let mut p = Post {
            network: network_of(&id),
            id,
            author: self.owner.clone(),
            visibility: Visibility::Public,
            source: item.src.clone(),
            ..Default::default()
        };
        let created = m.remove("createdAt");
        p.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut p.raw_times,
        );
        match m.get("subject").and_then(|s| get_str(s, "uri")) {
            Some(target) => {
                let target = target.to_string();
                let (pid, acc) = self.post_ref(&target);
                p.repost_of = Some(pid);
                p.repost_of_account = acc;
            }
            None => {
                return self.keep(
                    cx,
                    &item_back(item.collection, item.rkey, m, item.src, item.location),
                    "repost without a subject URI",
                );
            }
        }
        // subject (with its CID) and via stay verbatim
        p.ext.extend(Ext::from_map(m));
        cx.emit(Record::Post(p))
    }

    pub(super) fn like(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let Some(target) = m
            .get("subject")
            .and_then(|s| get_str(s, "uri"))
            .map(str::to_string)
        else {
            return self.keep(
                cx,
                &item_back(item.collection, item.rkey, m, item.src, item.location),
                "like without a subject URI",
            );
        };
        self.note_account(&target);
        let kind = match (
            item.collection.as_str(),
            m.get("direction").and_then(Value::as_str),
        ) {
            (VOTE, Some("down")) => "downvote",
            _ => "like",
        };
        let target_id = if uri_collection(&target) == Some(POST) {
            self.given_id(&target)
                .unwrap_or_else(|| record_id(NET, Kind::Post, uri_native(&target)))
        } else {
            target.clone()
        };
        let uri = format!("at://{}/{}/{}", self.did, item.collection, item.rkey);
        let id = match self.given_id(&uri) {
            Some(id) => id,
            None => self.unique(
                record_id(
                    NET,
                    Kind::Reaction,
                    &format!("{kind}/{}/{}", self.did, uri_native(&target)),
                ),
                &item.rkey,
            ),
        };
        let mut r = Reaction {
            network: network_of(&id),
            id,
            kind: kind.into(),
            actor: self.owner.clone(),
            target: target_id,
            target_url: post_web_url(&target),
            source: item.src.clone(),
            ..Default::default()
        };
        let created = m.remove("createdAt");
        r.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut r.raw_times,
        );
        r.ext.insert("rkey", Value::String(item.rkey.clone()));
        r.ext.extend(Ext::from_map(m));
        cx.emit(Record::Reaction(r))
    }

    pub(super) fn relationship(&mut self, item: Item, kind: &str, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let Some(subject) = m.get("subject").and_then(Value::as_str).map(str::to_string) else {
            return self.keep(
                cx,
                &item_back(item.collection, item.rkey, m, item.src, item.location),
                "follow or block without a subject DID",
            );
        };
        m.remove("subject");
        self.note_account(&subject);
        let uri = format!("at://{}/{}/{}", self.did, item.collection, item.rkey);
        let id = match self.given_id(&uri) {
            Some(id) => id,
            None => self.unique(
                record_id(
                    NET,
                    Kind::Relationship,
                    &format!("{kind}/{}/{subject}", self.did),
                ),
                &item.rkey,
            ),
        };
        let object = self.account(&subject);
        self.emit_relationship(
            id,
            kind,
            self.owner.clone(),
            object,
            &item.rkey,
            &item.src,
            m,
            cx,
        )
    }

    pub(super) fn list(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let uri = self.uri(&item);
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let id = self.unique(
            record_id(
                NET,
                Kind::Relationship,
                &format!("list_owner/{}/{}", self.did, uri_native(&uri)),
            ),
            &item.rkey,
        );
        // name, purpose, description, avatar stay verbatim in ext
        self.emit_relationship(
            id,
            "list_owner",
            self.owner.clone(),
            uri,
            &item.rkey,
            &item.src,
            m,
            cx,
        )
    }

    /// A relationship from what is left of a repository record: `createdAt` is its
    /// time, its rkey and every other field stay in `ext`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit_relationship(
        &mut self,
        id: String,
        kind: &str,
        subject: String,
        object: String,
        rkey: &str,
        src: &Source,
        mut m: Map<String, Value>,
        cx: &mut Context,
    ) -> Result<()> {
        let mut r = Relationship {
            network: network_of(&id),
            id,
            kind: kind.into(),
            subject,
            object,
            source: src.clone(),
            ..Default::default()
        };
        let created = m.remove("createdAt");
        r.since = time(
            created.as_ref().and_then(Value::as_str),
            "since",
            &mut r.raw_times,
        );
        r.ext.insert("rkey", Value::String(rkey.to_string()));
        r.ext.extend(Ext::from_map(m));
        cx.emit(Record::Relationship(r))
    }

    pub(super) fn list_item(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(subject), Some(list)) = (text("subject"), text("list")) else {
            return self.keep(
                cx,
                &item_back(item.collection, item.rkey, m, item.src, item.location),
                "list item without a subject DID or a list URI",
            );
        };
        m.remove("subject");
        m.remove("list");
        self.note_account(&subject);
        let id = self.unique(
            record_id(
                NET,
                Kind::Relationship,
                &format!("list_member/{subject}/{}", uri_native(&list)),
            ),
            &item.rkey,
        );
        self.emit_relationship(
            id,
            "list_member",
            account_id(&subject),
            list,
            &item.rkey,
            &item.src,
            m,
            cx,
        )
    }
}

/// Put a record's fields back together (to keep it raw after it was taken apart).
pub(super) fn item_back(
    collection: String,
    rkey: String,
    m: Map<String, Value>,
    src: Source,
    location: String,
) -> Item {
    Item {
        collection,
        rkey,
        value: Value::Object(m),
        src,
        location,
    }
}
