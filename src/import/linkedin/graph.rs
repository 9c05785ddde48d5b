//! Connections, follows and invitations.

use super::*;

impl LinkedIn {
    pub(super) fn connection(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let first = row.get("First Name").unwrap_or("");
        let last = row.get("Last Name").unwrap_or("");
        let name = format!("{first} {last}").trim().to_string();
        let url = row.get("URL");
        if name.is_empty() && url.is_none() {
            // a member who hid their profile or left: only the date is exported
            let raw = serde_json::to_string(&row.rest(&[])).unwrap_or_default();
            cx.report.kept_raw(Kind::Relationship);
            return cx.sink.keep_raw(
                Kind::Relationship,
                &loc(&src.entry, row.line),
                "connection without a name or profile URL (hidden or closed account)",
                raw.as_bytes(),
            );
        }
        let object = self.person(Some(&name), url, &src);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let since = time(row, &["Connected On"], "since", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["First Name", "Last Name", "URL", "Connected On"]));
        let obj_native = object.trim_start_matches("linkedin:account:").to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("connection/owner/{obj_native}"),
            ),
            network: NET.into(),
            kind: "connection".into(),
            subject: self.owner_id(),
            object,
            since,
            raw_times: raw,
            source: src,
            ext,
        };
        cx.emit(Record::Relationship(r))
    }

    pub(super) fn follow(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        what: &str,
    ) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let name = row
            .get("Organization")
            .or_else(|| row.get("Hashtag"))
            .or_else(|| row.get("Name"))
            .or_else(|| row.get("FullName"))
            .or_else(|| row.get("Followee"));
        let url = row.get("URL").or_else(|| row.get("Profile Url"));
        let Some(label) = name.or(url) else {
            cx.report
                .skipped(Kind::Relationship, "follow row without a name", l);
            return Ok(());
        };
        let object = match what {
            "member" => self.person(name, url, &src),
            _ => {
                let native = format!("{what}/{label}");
                let s = self.stubs.entry(native.clone()).or_insert_with(|| Stub {
                    source: src.clone(),
                    ..Stub::default()
                });
                if s.name.is_none() {
                    s.name = Some(label.to_string());
                }
                record_id(NET, Kind::Account, &native)
            }
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let since = time(
            row,
            &["Followed On", "Date", "Followed At"],
            "since",
            &mut raw,
            &mut ext,
        );
        ext.extend_map(row.rest(&["Organization", "Followed On", "Date", "Followed At"]));
        ext.insert_string("followed", what.to_string());
        let obj_native = object.trim_start_matches("linkedin:account:").to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("following/owner/{obj_native}"),
            ),
            network: NET.into(),
            kind: "following".into(),
            subject: self.owner_id(),
            object,
            since,
            raw_times: raw,
            source: src,
            ext,
        };
        cx.emit(Record::Relationship(r))
    }

    /// Learn the owner's profile URL from invitations before they are mapped.
    pub(super) fn invitation(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let outgoing = row
            .get("Direction")
            .is_some_and(|d| d.eq_ignore_ascii_case("OUTGOING"));
        let (from, to) = (row.get("From"), row.get("To"));
        let (from_url, to_url) = (row.get("inviterProfileUrl"), row.get("inviteeProfileUrl"));
        self.set_owner_url(if outgoing { from_url } else { to_url });
        if self.owner_name.is_none() {
            self.owner_name = if outgoing { from } else { to }.map(str::to_string);
        }
        let subject = self.person(from, from_url, &src);
        let object = self.person(to, to_url, &src);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let since = time(row, &["Sent At"], "since", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["Sent At", "inviterProfileUrl", "inviteeProfileUrl"]));
        let n = |s: &str| s.trim_start_matches("linkedin:account:").to_string();
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("invitation/{}/{}", n(&subject), n(&object)),
            ),
            network: NET.into(),
            kind: "invitation".into(),
            subject,
            object,
            since,
            raw_times: raw,
            source: src,
            ext,
        };
        cx.emit(Record::Relationship(r))
    }
}
