//! The profile record (`app.bsky.actor.profile`) onto the owner's account.

use super::*;

impl Repo<'_> {
    pub(super) fn profile(&mut self, a: &mut Account, item: Item, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        a.source = item.src.clone();
        self.cur_uri = format!("at://{}/{}/{}", self.did, item.collection, item.rkey);
        a.display_name = m
            .remove("displayName")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        a.bio = m
            .remove("description")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        let created = m.remove("createdAt");
        a.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut a.raw_times,
        );
        for (field, path) in [("avatar", "avatar"), ("banner", "banner")] {
            let Some(b) = m.get(field).and_then(blob_ref) else {
                continue;
            };
            let url = format!(
                "https://cdn.bsky.app/img/{path}/plain/{}/{}@jpeg",
                self.did, b.cid
            );
            if field == "avatar" {
                a.avatar_url = Some(url);
            } else {
                a.header_url = Some(url);
            }
            let blob = m.get(field).cloned().unwrap_or(Value::Null);
            self.media(&blob, "photo", None, &a.id.clone(), &item.src, field, cx)?;
        }
        // pinnedPost, labels, joinedViaStarterPack and the blob refs stay in ext
        a.ext.extend(Ext::from_map(m));
        // the profile record itself is converted into the owner account
        Ok(())
    }
}
