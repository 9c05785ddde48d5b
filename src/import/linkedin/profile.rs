//! The owner (`Profile.csv`, and who the rows say the owner is) and the people rows
//! name, as account stubs.

use super::*;

impl LinkedIn {
    pub(super) fn set_owner_url(&mut self, url: Option<&str>) {
        if self.owner_url.is_none() {
            if let Some(u) = url {
                self.owner_url = Some(u.to_string());
                self.owner_native = profile_native(u);
            }
        }
    }

    pub(super) fn is_owner(&self, name: Option<&str>, url: Option<&str>) -> bool {
        if let (Some(u), Some(o)) = (url, self.owner_native.as_deref()) {
            // `…/in/<slug>` compared as it is; decoded only when it holds escapes
            let Some(t) = u.find("/in/").map(|i| u[i + 1..].trim_end_matches('/')) else {
                return false;
            };
            if t == o {
                return true;
            }
            return t
                .bytes()
                .skip(3)
                .any(|b| matches!(b, b'%' | b'?' | b'#' | b'/'))
                && profile_native(u).as_deref() == Some(o);
        }
        match (name, self.owner_name.as_deref()) {
            (Some(n), Some(o)) => n.trim() == o,
            _ => false,
        }
    }

    /// The record id of a person named in a row; the owner when it is them.
    pub(super) fn person(&mut self, name: Option<&str>, url: Option<&str>, src: &Source) -> String {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if self.is_owner(name, url) {
            self.set_owner_url(url);
            return self.owner_id();
        }
        let native = match (url.and_then(profile_native), name) {
            (Some(n), _) => n,
            (None, Some(n)) => format!("name/{n}"),
            (None, None) => "unknown".to_string(),
        };
        let s = self.stubs.entry(native.clone()).or_insert_with(|| Stub {
            source: src.clone(),
            ..Stub::default()
        });
        if s.name.is_none() {
            s.name = name.map(str::to_string);
        }
        if s.url.is_none() {
            s.url = url.map(|u| {
                if u.starts_with("http") {
                    u.to_string()
                } else {
                    format!("https://{u}")
                }
            });
        }
        record_id(NET, Kind::Account, &native)
    }

    pub(super) fn need_owner(&mut self, cx: &mut Context) {
        if self.owner_name.is_none() && !self.warned_owner {
            self.warned_owner = true;
            cx.report.warn(
                "no Profile.csv: the owner is linkedin:account:owner, recognised in messages only by a 2018 Direction or an invitation's direction",
            );
        }
    }

    pub(super) fn profile(&mut self, row: &Row, src: Source) {
        let first = row.get("First Name").unwrap_or("");
        let last = row.get("Last Name").unwrap_or("");
        let name = format!("{first} {last}").trim().to_string();
        if !name.is_empty() {
            self.owner_name = Some(name.clone());
            self.owner.display_name = Some(name);
        }
        self.owner.bio = row.raw("Summary").map(str::to_string);
        self.owner.location = row.get("Geo Location").map(str::to_string);
        self.owner.website = row.get("Websites").map(|w| {
            // `[PERSONAL:https://example.org]`
            let w = w.trim_start_matches('[').trim_end_matches(']');
            w.split_once(':')
                .filter(|(k, _)| !k.contains('/') && k.chars().all(|c| c.is_ascii_uppercase()))
                .map(|(_, u)| u)
                .unwrap_or(w)
                .to_string()
        });
        self.owner.source = src;
        self.owner.ext.extend_map(row.rest(&[
            "First Name",
            "Last Name",
            "Summary",
            "Geo Location",
        ]));
        self.owner_seen = true;
    }
}
