//! Threads: posts and replies (`threads_and_replies.json`, bundled in the Instagram
//! export under `your_instagram_activity/threads/` or as a Threads-only export),
//! liked threads, followers and following.

use std::io::Read;

use super::{Meta, Net, Role};
use crate::container::Entry;
use crate::error::Result;
use crate::import::Context;
use crate::model::Kind;

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "2023-2024: threads_and_replies.json {text_post_app_text_posts}, no reply flags",
    "2025-: the same with text_app_post (is_reply, reply_control, geo_gated_country_list) on each media item",
    "inside an Instagram export (your_instagram_activity/threads/) or alone; followers.json, following.json, liked_threads.json",
    "HTML exports are recognised and refused with a request for JSON",
];

/// The generation shown by the entries.
pub(super) fn generation(entries: &[Entry]) -> String {
    let bundled = entries
        .iter()
        .any(|e| e.name.contains("your_instagram_activity/threads/"));
    if bundled {
        "Threads part of an Instagram export (your_instagram_activity/threads/)"
    } else {
        "Threads export (threads/)"
    }
    .to_string()
}

impl Meta {
    pub(super) fn read_threads(
        &mut self,
        role: Role,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let net = Net::Threads;
        let (n, _) = match role {
            Role::ThreadsPosts => self.items(
                e,
                r,
                cx,
                Kind::Post,
                &["text_post_app_text_posts"],
                &mut |me, v, src, cx| me.ig_post(net, v, src, "post", cx),
            )?,
            Role::ThreadsProfile => {
                if let Some(v) = self.whole(e, r, cx, Kind::Account)? {
                    self.ig_profile(net, v, crate::model::Source::entry(&e.name), cx)?;
                }
                (1, Vec::new())
            }
            Role::ThreadsLikes => self.items(
                e,
                r,
                cx,
                Kind::Reaction,
                &["text_post_app_media_likes"],
                &mut |me, v, src, cx| me.list_like(net, v, src, cx),
            )?,
            Role::ThreadsRelationships(kind) => self.items(
                e,
                r,
                cx,
                Kind::Relationship,
                &[
                    "text_post_app_text_post_app_followers",
                    "text_post_app_text_post_app_following",
                    "text_post_app_text_post_app_blocked_users",
                ],
                &mut |me, v, src, cx| me.list_relationship(net, kind, v, src, cx),
            )?,
            _ => (0, Vec::new()),
        };
        Ok(n)
    }
}
