//! Votes, saved, hidden and gilded items (reactions); friends and subreddits
//! (relationships).

use super::*;

impl Reddit {
    pub(super) fn reaction(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        role: Role,
        bytes: &str,
    ) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let comment = matches!(role, Role::CommentVotes | Role::SavedComments);
        let id = match role {
            Role::PollVotes => row.get("post_id"),
            Role::Gilded => row.get("content_link"),
            _ => row.get("id"),
        };
        let Some(id) = id else {
            cx.report.skipped(Kind::Reaction, "row without an id", l);
            return Ok(());
        };
        let (kind, target) = match role {
            Role::PostVotes | Role::CommentVotes => {
                match row.get("direction").map(str::to_ascii_lowercase).as_deref() {
                    Some("up") => ("upvote", thing_id(id, comment)),
                    Some("down") => ("downvote", thing_id(id, comment)),
                    other => {
                        // a withdrawn vote: no reaction, but the row is kept
                        cx.report.kept_raw(Kind::Reaction);
                        return cx.sink.keep_raw(
                            Kind::Reaction,
                            &l,
                            &format!("vote withdrawn (direction {:?})", other.unwrap_or("")),
                            bytes.as_bytes(),
                        );
                    }
                }
            }
            Role::SavedPosts | Role::SavedComments => ("bookmark", thing_id(id, comment)),
            Role::HiddenPosts => ("hide", thing_id(id, false)),
            Role::PollVotes => ("poll_vote", thing_id(id, false)),
            _ => {
                // an award given: the link names the post or comment
                let target = target_of_link(id).unwrap_or_else(|| id.to_string());
                ("award", target)
            }
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, "date", "created_at", &mut raw, &mut ext);
        ext.extend_map(row.rest(&["id", "post_id", "permalink", "direction", "date"]));
        let owner_native = self.owner_native();
        let tid = target.rsplit(':').next().unwrap_or(&target).to_string();
        let r = Reaction {
            id: record_id(NET, Kind::Reaction, &format!("{kind}/{owner_native}/{tid}")),
            network: NET.into(),
            kind: kind.into(),
            actor: self.owner_id(),
            target,
            target_url: row
                .get("permalink")
                .or_else(|| row.get("content_link"))
                .map(str::to_string),
            created_at,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Reaction(r))
    }

    pub(super) fn relationship(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        role: Role,
    ) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let owner_native = self.owner_native();
        let (kind, object, native_object) = match role {
            Role::Friends => {
                let Some(u) = row.get("username") else {
                    cx.report
                        .skipped(Kind::Relationship, "friend row without a username", l);
                    return Ok(());
                };
                ("following", self.account(u, &src), u.to_string())
            }
            Role::Subreddits(kind) => {
                let Some(s) = row.get("subreddit") else {
                    cx.report
                        .skipped(Kind::Relationship, "row without a subreddit", l);
                    return Ok(());
                };
                let s = s.trim_start_matches("/r/").trim_start_matches("r/");
                (kind, format!("r/{s}"), format!("r/{s}"))
            }
            _ => return Ok(()),
        };
        let mut ext = Ext::default();
        ext.extend_map(row.rest(&["username", "subreddit"]));
        let r = Relationship {
            id: record_id(
                NET,
                Kind::Relationship,
                &format!("{kind}/{owner_native}/{native_object}"),
            ),
            network: NET.into(),
            kind: kind.into(),
            subject: self.owner_id(),
            object,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Relationship(r))
    }
}
