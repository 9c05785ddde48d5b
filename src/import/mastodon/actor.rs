//! `actor.json`: the owner's account (profile, fields, avatar and header).

use super::*;

impl Mastodon {
    pub(super) fn read_actor(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let Some(bytes) = read_small(e, r, cx, Kind::Account)? else {
            return Ok(1);
        };
        let mut repaired = false;
        let v = match parse_value(&bytes, &mut repaired) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                cx.report
                    .skipped(Kind::Account, "actor.json is not a JSON object", &e.name);
                return Ok(1);
            }
            Err(m) => {
                cx.report
                    .skipped(Kind::Account, format!("actor.json: {m}"), &e.name);
                return Ok(1);
            }
        };
        if repaired {
            cx.report.repair("invalid_utf8");
        }
        let acct = self.actor_record(v, e, cx)?;
        self.owner_emitted = acct;
        Ok(1)
    }

    /// Map actor.json to the owner's account. Returns true when emitted.
    pub(super) fn actor_record(
        &mut self,
        mut m: Map<String, Value>,
        e: &Entry,
        cx: &mut Context,
    ) -> Result<bool> {
        let uri = str_or_id(m.remove("id").as_ref()).unwrap_or_default();
        let username = m
            .get("preferredUsername")
            .and_then(Value::as_str)
            .map(str::to_string);
        // an actor written by lifeboat for an account of another network: its record
        // id and handle as they were
        let restored = lifeboat_account(&uri);
        let acct = if restored.is_some() {
            username.clone()
        } else {
            m.get("webfinger")
                .and_then(Value::as_str)
                .map(|w| {
                    w.trim_start_matches("acct:")
                        .trim_start_matches('@')
                        .to_string()
                })
                .or_else(|| {
                    let host = host_of(&uri)?;
                    Some(format!("{}@{host}", username.as_deref()?))
                })
                .or_else(|| acct_from_uri(&uri))
        };
        let native = match &restored {
            Some(id) => crate::export::native(id).to_string(),
            None => acct.clone().unwrap_or_else(|| uri.clone()),
        };
        if native.is_empty() {
            cx.report
                .skipped(Kind::Account, "actor.json has no id", &e.name);
            return Ok(false);
        }
        let id = restored
            .clone()
            .unwrap_or_else(|| record_id(NET, Kind::Account, &native));
        let followers = str_or_id(m.get("followers"));
        self.owner = Some(Owner {
            uri: uri.clone(),
            native: native.clone(),
            id: id.clone(),
            followers: followers.or_else(|| (!uri.is_empty()).then(|| format!("{uri}/followers"))),
        });
        m.remove("preferredUsername");
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time_of(m.remove("published"), "published", &mut raw, &mut ext);
        let display_name = m
            .remove("name")
            .and_then(|v| v.as_str().map(str::to_string));
        let url = str_or_id(m.remove("url").as_ref());
        let bio = m
            .get("summary")
            .and_then(Value::as_str)
            .map(crate::read::html::to_text)
            .filter(|s| !s.is_empty());
        let protected = m.get("manuallyApprovesFollowers").and_then(Value::as_bool);
        // a link among the profile fields is the website
        let website = m.get("attachment").and_then(Value::as_array).and_then(|a| {
            a.iter().find_map(|f| {
                let r = crate::read::html::render(f.get("value")?.as_str()?);
                r.anchors
                    .into_iter()
                    .find(|a| !a.is_mention() && !a.is_hashtag())
                    .map(|a| a.href)
            })
        });
        let absolute = |v: Option<&Value>| {
            str_or_id(v.and_then(|i| i.get("url")))
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        };
        let avatar_url = absolute(m.get("icon"));
        let header_url = absolute(m.get("image"));
        // the profile images (`avatar.png`, `header.jpg`) become media records of the
        // owner in `finish`
        // everything not mapped stays, verbatim (the HTML bio, fields, keys, moves)
        m.remove("@context");
        ext.extend_map(m);
        let a = Account {
            network: crate::export::network_of(&id).to_string(),
            id,
            handle: acct,
            display_name,
            url,
            is_owner: true,
            created_at,
            bio,
            website,
            avatar_url,
            header_url,
            protected,
            raw_times: raw,
            source: Source::entry(&e.name),
            ext,
            ..Default::default()
        };
        if !uri.is_empty() {
            let mut a = a;
            a.ext.insert_string("id", uri);
            cx.emit(Record::Account(a))?;
        } else {
            cx.emit(Record::Account(a))?;
        }
        Ok(true)
    }
}
