//! Direct messages: posts addressed only to people, as conversation messages.

use super::*;

impl Mastodon {
    /// A direct post is also a message of a conversation.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn direct_message(
        &mut self,
        post: &Post,
        oid: &str,
        reply_uri: Option<&str>,
        conversation: &str,
        to: &[String],
        cc: &[String],
        mentioned: &[(String, String)],
        cx: &mut Context,
    ) -> Result<()> {
        let mut recipients = Vec::new();
        for u in to.iter().chain(cc) {
            if is_public(u) || u.ends_with("/followers") {
                continue;
            }
            // a mentioned account keeps the id its mention gave it: matched by the
            // actor URI (which on the numeric scheme does not name the user), else by
            // the user the URI names
            let id = mentioned
                .iter()
                .find(|(href, _)| href == u)
                .map(|(_, id)| id.clone())
                .or_else(|| {
                    post.mentions
                        .iter()
                        .filter_map(|m| m.account.clone())
                        .find(|id| acct_from_uri(u).is_some_and(|a| id.ends_with(&format!(":{a}"))))
                })
                .unwrap_or_else(|| self.account_of(u, &post.source));
            if id != post.author && !recipients.contains(&id) {
                recipients.push(id);
            }
        }
        let t = self
            .threads
            .entry(conversation.to_string())
            .or_insert_with(|| Thread {
                source: post.source.clone(),
                ..Thread::default()
            });
        t.participants.insert(post.author.clone());
        t.participants.extend(recipients.iter().cloned());
        t.messages += 1;
        let reply_to = reply_uri
            .filter(|u| self.direct_ids.contains_key(*u))
            .map(|u| record_id(NET, Kind::Message, u));
        self.direct_ids
            .insert(oid.to_string(), conversation.to_string());
        let mut ext = Ext::default();
        ext.insert_string("post", post.id.clone());
        if let Some(h) = &post.html {
            ext.insert_string("html", h.clone());
        }
        let m = Message {
            id: record_id(NET, Kind::Message, oid),
            network: NET.into(),
            conversation: record_id(NET, Kind::Conversation, conversation),
            sender: post.author.clone(),
            recipients,
            sent_at: post.created_at,
            text: post.text.clone(),
            media: post.media.clone(),
            links: post.links.clone(),
            reply_to,
            source: post.source.clone(),
            ext,
            ..Default::default()
        };
        cx.emit(Record::Message(m))
    }
}
