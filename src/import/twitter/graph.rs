//! Followers, following, blocks, mutes, lists and likes.

use super::*;

impl Twitter {
    pub(super) fn graph(
        &mut self,
        kind: &'static str,
        f: GraphFields,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let GraphFields {
            account_id,
            user_link,
            created_at,
            rest,
        } = f;
        let mut m = Ext(rest);
        let Some(other) = account_id.map(Str::into_string) else {
            cx.report
                .skipped(Kind::Relationship, "no accountId", loc(&src));
            return Ok(());
        };
        self.see_account(&other, None, None);
        let owner_native = self.owner_native.clone().unwrap_or_else(|| "owner".into());
        if let Some(l) = user_link {
            // dropped when it only repeats the account id
            if !l.as_str().ends_with(&format!("user_id={other}")) {
                m.insert_string("userLink", l.into_string());
            }
        }
        let mut raw = BTreeMap::new();
        let since = tweet::time_field(created_at, "createdAt", "since", &mut raw, &mut m);
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("{kind}/{owner_native}/{other}"),
            ),
            network: NET.into(),
            kind: kind.into(),
            subject: self.owner_id(),
            object: record_id(NET, Kind::Account, &other),
            since,
            raw_times: raw,
            source: src,
            ext: m,
        };
        cx.emit(Record::Relationship(r))
    }

    pub(super) fn list(
        &mut self,
        kind: &'static str,
        v: Value,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let Some(mut m) = unwrap_item(v, "userListInfo") else {
            cx.report
                .skipped(Kind::Relationship, "item is not an object", loc(&src));
            return Ok(());
        };
        let Some(url) = take_str(&mut m, "url") else {
            cx.report
                .skipped(Kind::Relationship, "list without url", loc(&src));
            return Ok(());
        };
        let owner_native = self.owner_native.clone().unwrap_or_else(|| "owner".into());
        let list = url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(&url)
            .to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("{kind}/{owner_native}/list-{list}"),
            ),
            network: NET.into(),
            kind: kind.into(),
            subject: self.owner_id(),
            object: url,
            since: None,
            raw_times: BTreeMap::new(),
            source: src,
            ext: ext_of(m),
        };
        cx.emit(Record::Relationship(r))
    }

    pub(super) fn like(
        &mut self,
        role: Role,
        f: LikeFields,
        src: Source,
        cx: &mut Context,
    ) -> Result<()> {
        let kind = if role == Role::Bookmarks {
            "bookmark"
        } else {
            "like"
        };
        let LikeFields {
            tweet_id,
            full_text,
            expanded_url,
            created_at,
            rest,
        } = f;
        let mut m = Ext(rest);
        let Some(tid) = tweet_id.map(Str::into_string) else {
            cx.report.skipped(Kind::Reaction, "no tweetId", loc(&src));
            return Ok(());
        };
        let owner_native = self.owner_native.clone().unwrap_or_else(|| "owner".into());
        let mut raw = BTreeMap::new();
        let created_at = tweet::time_field(created_at, "createdAt", "created_at", &mut raw, &mut m);
        let r = crate::model::Reaction {
            id: record_id(NET, Kind::Reaction, &format!("{kind}/{owner_native}/{tid}")),
            network: NET.into(),
            kind: kind.into(),
            actor: self.owner_id(),
            target: record_id(NET, Kind::Post, &tid),
            emoji: None,
            created_at,
            // HTML entities decoded; t.co links stay (the archive does not expand them)
            target_text: full_text
                .map(|t| crate::read::text::decode_entities(t.as_str()).into_owned()),
            target_url: expanded_url.map(Str::into_string),
            raw_times: raw,
            source: src,
            ext: m,
        };
        cx.emit(Record::Reaction(r))
    }
}
