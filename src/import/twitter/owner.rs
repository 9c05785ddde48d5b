//! The owner's own parts: the manifest and the account, profile, settings and other
//! files about the account holder.

use super::*;

impl Twitter {
    pub(super) fn manifest(&mut self, v: Value) {
        let Value::Object(m) = v else { return };
        if let Some(Value::Object(u)) = m.get("userInfo") {
            if let Some(id) = get_str(u, "accountId") {
                self.set_owner_native(id);
            }
            if self.owner.handle.is_none() {
                self.owner.handle = get_str(u, "userName").map(Into::into);
            }
            if self.owner.display_name.is_none() {
                self.owner.display_name = get_str(u, "displayName").map(Into::into);
            }
        }
        if let Some(Value::Object(types)) = m.get("dataTypes") {
            for t in types.values() {
                if let Some(Value::Array(files)) = t.get("files") {
                    for f in files {
                        let name = f.get("fileName").and_then(Value::as_str);
                        let count = f.get("count").and_then(|c| {
                            c.as_str()
                                .map(str::to_string)
                                .or(c.as_u64().map(|n| n.to_string()))
                        });
                        if let (Some(n), Some(c)) =
                            (name, count.and_then(|c| c.parse::<u64>().ok()))
                        {
                            self.manifest_counts.insert(n.to_string(), c);
                        }
                    }
                }
            }
        }
        if self.owner.source.entry.is_empty() {
            self.owner.source = Source::entry("data/manifest.js");
        }
    }

    pub(super) fn owner_part(&mut self, role: Role, v: Value, src: Source, cx: &mut Context) {
        let key = match role {
            Role::Account => "account",
            Role::Profile => "profile",
            Role::Verified => "verified",
            Role::ScreenNameChange => "screenNameChange",
            Role::ProtectedHistory => "protectedHistory",
            Role::AccountTimezone => "accountTimezone",
            Role::ClassicUser => "user_details",
            _ => "",
        };
        let m = match role {
            Role::ClassicUser | Role::ClassicPayload | Role::ClassicIndex => match v {
                Value::Object(m) => m,
                _ => {
                    cx.report.skipped(Kind::Account, "not an object", loc(&src));
                    return;
                }
            },
            _ => match unwrap_item(v, key) {
                Some(m) => m,
                None => {
                    cx.report
                        .skipped(Kind::Account, "item is not an object", loc(&src));
                    return;
                }
            },
        };
        let mut m = m;
        match role {
            Role::Account => {
                if let Some(id) = take_str(&mut m, "accountId") {
                    self.set_owner_native(&id);
                }
                if let Some(h) = take_str(&mut m, "username") {
                    self.owner.handle = Some(h);
                }
                if let Some(n) = take_str(&mut m, "accountDisplayName") {
                    self.owner.display_name = Some(n);
                }
                let raw = &mut self.owner.raw_times;
                self.owner.created_at = take_time(&mut m, "createdAt", "created_at", raw);
                self.owner.source = src;
            }
            Role::Profile => {
                if let Some(Value::Object(mut d)) = m.remove("description") {
                    self.owner.bio = take_str(&mut d, "bio");
                    self.owner.website = take_str(&mut d, "website").filter(|s| !s.is_empty());
                    self.owner.location = take_str(&mut d, "location").filter(|s| !s.is_empty());
                    if !d.is_empty() {
                        m.insert("description".into(), Value::Object(d));
                    }
                }
                self.owner.avatar_url = take_str(&mut m, "avatarMediaUrl");
                self.owner.header_url = take_str(&mut m, "headerMediaUrl");
            }
            Role::Verified => {
                take_str(&mut m, "accountId");
                if let Some(Value::Bool(b)) = m.remove("verified") {
                    self.owner.verified = Some(b);
                }
            }
            Role::ScreenNameChange => {
                take_str(&mut m, "accountId");
                if let Some(Value::Object(mut c)) = m.remove("screenNameChange") {
                    let mut scratch = BTreeMap::new();
                    self.owner.handle_history.push(HandleChange {
                        from: take_str(&mut c, "changedFrom"),
                        to: take_str(&mut c, "changedTo"),
                        changed_at: take_time(&mut c, "changedAt", "changed_at", &mut scratch),
                    });
                    if !c.is_empty() {
                        m.insert("screenNameChange".into(), Value::Object(c));
                    }
                }
            }
            Role::ProtectedHistory => {
                let action = take_str(&mut m, "action").unwrap_or_default();
                self.protected = action.eq_ignore_ascii_case("protect")
                    || action.eq_ignore_ascii_case("protected");
            }
            Role::ClassicUser => {
                if let Some(id) = take_str(&mut m, "id") {
                    self.set_owner_native(&id);
                }
                self.owner.handle = take_str(&mut m, "screen_name");
                self.owner.display_name = take_str(&mut m, "full_name");
                self.owner.bio = take_str(&mut m, "bio");
                self.owner.location = take_str(&mut m, "location");
                let exp = take_str(&mut m, "expanded_url");
                let url = take_str(&mut m, "url");
                self.owner.website = exp.or(url.clone());
                if let Some(u) = url {
                    m.insert("url".into(), Value::String(u));
                }
                self.owner.created_at = take_time(
                    &mut m,
                    "created_at",
                    "created_at",
                    &mut self.owner.raw_times,
                );
                self.owner.source = src;
            }
            Role::ClassicPayload => {
                self.classic_total = m.get("tweets").and_then(Value::as_u64);
                let mut e = Map::new();
                e.insert("payload_details".into(), Value::Object(m));
                merge_ext(&mut self.owner.ext, e);
                return;
            }
            Role::ClassicIndex => {
                // one item per month: file_name, tweet_count
                if let (Some(f), Some(c)) = (
                    get_str(&m, "file_name"),
                    m.get("tweet_count").and_then(Value::as_u64),
                ) {
                    let key = f
                        .rsplit('/')
                        .next()
                        .unwrap_or(f)
                        .trim_end_matches(".js")
                        .to_string();
                    self.classic_counts.insert(key, c);
                }
                return;
            }
            _ => {}
        }
        if !m.is_empty() {
            let mut e = Map::new();
            e.insert(key.to_string(), Value::Object(m));
            merge_ext(&mut self.owner.ext, e);
        }
    }
}
