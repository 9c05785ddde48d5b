//! The owner's account (`statistics.csv`), the accounts others appear as, and the
//! records emitted at the end (the owner, conversations, account stubs).

use super::*;

impl Reddit {
    pub(super) fn account(&mut self, username: &str, src: &Source) -> String {
        // `/u/name`, and `/r/sub` for modmail: `r/sub`
        let name = username
            .trim()
            .trim_start_matches("/u/")
            .trim_start_matches("u/")
            .trim_start_matches('/');
        if Some(name) != self.owner.as_deref() {
            self.stubs
                .entry(name.to_string())
                .or_insert_with(|| src.clone());
        }
        record_id(NET, Kind::Account, name)
    }

    pub(super) fn statistics(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        self.rows(e, r, cx, Kind::Account, |me, row, _src, _cx| {
            let (Some(k), v) = (row.get("statistic"), row.get("value")) else {
                return Ok(());
            };
            let v = v.unwrap_or("");
            match k.to_ascii_lowercase().as_str() {
                "account name" | "username" => me.owner = Some(v.to_string()),
                "registration date" => {
                    me.owner_created = Timestamp::parse(v).map(|t| t.0);
                }
                "export time" => me.export_time = Timestamp::parse(v).map(|t| t.0),
                _ => {}
            }
            me.owner_ext.insert_string(k, v.to_string());
            Ok(())
        })?;
        // the statistics are one record: the owner's account
        Ok(1)
    }

    /// The owner is needed but statistics.csv did not name it.
    pub(super) fn need_owner(&mut self, cx: &mut Context) {
        if self.owner.is_none() && !self.owner_warned {
            self.owner_warned = true;
            cx.report.warn(
                "statistics.csv does not name the account: the owner's id is reddit:account:owner",
            );
        }
    }

    pub(super) fn finish_records(&mut self, cx: &mut Context) -> Result<()> {
        // the header tables list what the full tables should hold
        for (what, (headers, full)) in std::mem::take(&mut self.header_rows) {
            if headers > 0 {
                cx.report
                    .reconcile(format!("{what}_headers.csv: {what}s"), headers, full, None);
            }
        }
        // the owner
        let owner_native = self.owner_native();
        let mut ext = std::mem::take(&mut self.owner_ext);
        let mut raw = BTreeMap::new();
        if let Some(s) = ext.get_str("registration date") {
            if Timestamp::parse(&s).is_some_and(|(_, c)| !c) {
                raw.insert("created_at".to_string(), s);
            }
        }
        ext = strip(ext, &["account name", "username"]);
        let is_known = self.owner.is_some();
        let a = Account {
            id: record_id(NET, Kind::Account, &owner_native),
            network: NET.into(),
            handle: self.owner.clone(),
            url: is_known.then(|| format!("https://www.reddit.com/user/{owner_native}/")),
            is_owner: true,
            created_at: self.owner_created,
            raw_times: raw,
            source: Source::entry("statistics.csv"),
            ext,
            ..Default::default()
        };
        if is_known || !self.stubs.is_empty() || self.owner_warned {
            cx.emit(Record::Account(a))?;
        }
        for (native, t) in std::mem::take(&mut self.threads) {
            let participants: Vec<String> = t.participants.into_iter().collect();
            let c = Conversation {
                id: native,
                network: NET.into(),
                group: participants.len() > 2,
                participants,
                title: t.title,
                message_count: t.messages,
                source: t.source,
                ext: t.ext,
                ..Default::default()
            };
            cx.emit(Record::Conversation(c))?;
        }
        for (name, src) in std::mem::take(&mut self.stubs) {
            if Some(&name) == self.owner.as_ref() {
                continue;
            }
            let a = Account {
                id: record_id(NET, Kind::Account, &name),
                network: NET.into(),
                handle: Some(name.clone()),
                url: (!name.is_empty() && !name.starts_with('/') && name != "reddit")
                    .then(|| format!("https://www.reddit.com/user/{name}/")),
                source: src,
                ..Default::default()
            };
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}

/// An Ext without some keys.
pub(super) fn strip(ext: Ext, keys: &[&str]) -> Ext {
    let mut out = Ext::default();
    for k in ext.keys().map(str::to_string).collect::<Vec<_>>() {
        if keys.contains(&k.as_str()) {
            continue;
        }
        if let Some(v) = ext.get_value(&k) {
            out.insert(&k, v);
        }
    }
    out
}
