//! What an export carries: the [`Filter`], the shared exporter context ([`Ctx`]) that
//! loads the owner, account and media summaries, and the rules that decide which posts
//! a public format publishes.

use std::collections::{HashMap, HashSet};

use super::ids::native;
use super::lookup::Lookup;
use super::media::lite_media;
use super::report::Book;
use super::safe;
use super::Format;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::model::{Account, Kind, Post, Record, Timestamp, Visibility};

/// Which records an export takes.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Visibilities added to `public` for public-facing formats (`unlisted`,
    /// `followers`, `private`, `direct`, and `unknown`: posts whose audience the dump
    /// does not record).
    pub include: Vec<Visibility>,
    /// Only posts and messages from this time on.
    pub since: Option<Timestamp>,
    /// Only posts and messages before this time.
    pub until: Option<Timestamp>,
    /// Only records of this network.
    pub network: Option<String>,
    /// Only the posts of this account (a record id, a native id or a handle); public
    /// formats default to the archive's owner.
    pub account: Option<String>,
}

impl Filter {
    /// Parse an `--include` value (`unlisted`, `followers`, `private`, `direct`).
    pub fn parse_visibility(s: &str) -> Result<Visibility> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "public" => Visibility::Public,
            "unlisted" => Visibility::Unlisted,
            "followers" | "followers-only" | "private" => Visibility::Followers,
            "limited" => Visibility::Private,
            "direct" | "dm" => Visibility::Direct,
            "unknown" => Visibility::Unknown,
            o => {
                return Err(Error::Usage(format!(
                    "--include takes unlisted, followers, limited, direct or unknown, not {o:?}"
                )))
            }
        })
    }

    /// Parse a `--since`/`--until` value: `YYYY-MM-DD` or an RFC 3339 time.
    pub fn parse_date(s: &str) -> Result<Timestamp> {
        let t = s.trim();
        let full = if t.len() == 10 {
            format!("{t}T00:00:00Z")
        } else {
            t.to_string()
        };
        Timestamp::parse(&full)
            .map(|(ts, _)| ts)
            .ok_or_else(|| Error::Usage(format!("not a date (YYYY-MM-DD or RFC 3339): {s:?}")))
    }

    pub(crate) fn in_time(&self, t: Option<&Timestamp>) -> bool {
        match t {
            Some(t) => {
                self.since.as_ref().is_none_or(|s| t.millis() >= s.millis())
                    && self.until.as_ref().is_none_or(|u| t.millis() < u.millis())
            }
            None => self.since.is_none() && self.until.is_none(),
        }
    }

    pub(crate) fn in_network(&self, n: &str) -> bool {
        self.network.as_deref().is_none_or(|w| w == n)
    }
}

fn account_lite(r: Record) -> Option<(String, AccountLite)> {
    let Record::Account(a) = r else { return None };
    Some((
        a.id,
        AccountLite {
            network: a.network,
            handle: a.handle,
            display_name: a.display_name,
            url: a.url,
        },
    ))
}

fn media_lite(r: Record) -> Option<(String, MediaLite)> {
    let Record::Media(m) = r else { return None };
    Some((m.id.clone(), lite_media(m)))
}

/// The little an exporter needs to know about an account.
#[derive(Clone, Debug, Default)]
pub(crate) struct AccountLite {
    pub network: String,
    pub handle: Option<String>,
    pub display_name: Option<String>,
    pub url: Option<String>,
}

impl AccountLite {
    /// `@handle`, the display name, or the native id.
    pub(crate) fn label(&self, id: &str) -> String {
        if let Some(h) = &self.handle {
            format!("@{h}")
        } else if let Some(d) = &self.display_name {
            d.clone()
        } else {
            native(id).to_string()
        }
    }
}

/// The little an exporter needs to know about a media item.
#[derive(Clone, Debug, Default)]
pub(crate) struct MediaLite {
    pub kind: String,
    pub mime: Option<String>,
    /// Path inside the archive, when the file is stored.
    pub path: Option<String>,
    pub bytes: Option<u64>,
    pub alt: Option<String>,
    pub original_url: Option<String>,
    /// The record's own fields, kept for media read from Mastodon (an attachment's
    /// `blurhash`, `focalPoint`, size) and WordPress (the attachment item): written
    /// back as they were.
    pub ext: Option<serde_json::Map<String, serde_json::Value>>,
}

impl MediaLite {
    /// The original URL when it is an absolute http(s) URL.
    pub(crate) fn web_url(&self) -> Option<&str> {
        self.original_url.as_deref().and_then(safe::web)
    }
    pub(crate) fn mime_or_default(&self) -> String {
        self.mime.clone().unwrap_or_else(|| {
            match self.kind.as_str() {
                "photo" => "image/jpeg",
                "video" | "gif" => "video/mp4",
                "audio" => "audio/mpeg",
                _ => "application/octet-stream",
            }
            .to_string()
        })
    }
}

/// Everything shared by the exporters: the archive, its owner, account and media
/// summaries, and the post selection.
pub(crate) struct Ctx<'a> {
    pub archive: &'a Archive,
    pub format: Format,
    pub filter: &'a Filter,
    pub owner: Option<Account>,
    pub accounts: Lookup<AccountLite>,
    pub media: Lookup<MediaLite>,
    /// The export's own date.
    pub now: Timestamp,
    /// Every account the archive marks as its owner (one per imported dump).
    owners: HashSet<String>,
    /// Networks whose owner writes nothing of their own: the dump is a site (a blog,
    /// a forum, a company page), whose writing is its authors' top-level posts.
    site_networks: HashSet<String>,
    /// The owner's stored profile images: (`avatar` or `header`, the file).
    pub profile_images: Vec<(String, MediaLite)>,
    /// The author `--account` asks for (otherwise public formats publish the posts of
    /// every owner account).
    author: Option<String>,
    /// Public replies by other accounts to the published writing (at any depth), by
    /// the id of the post they answer, oldest first: for the formats that have a
    /// place for them ([`Format::places_replies`]).
    pub replies: HashMap<String, Vec<Post>>,
    /// Pingbacks, trackbacks and webmentions of the published writing, by the post
    /// they link to (WXR only).
    pub linkbacks: HashMap<String, Vec<Post>>,
    /// Ids of the posts in `replies` and `linkbacks`.
    placed: HashSet<String>,
    /// [`ExportOptions::publish_uncleaned_media`].
    pub(crate) publish_uncleaned_media: bool,
}

/// `pingback`, `trackback` or `webmention` for a post made by a linking site.
pub(crate) fn linkback_kind(p: &Post) -> Option<String> {
    p.ext
        .get_str("comment_type")
        .filter(|t| matches!(t.as_str(), "pingback" | "trackback" | "webmention"))
}

/// True for a post that is a site's own top-level writing: not a reply, a repost, a
/// linkback, a stub for a post the dump lacks, or a level of a reblog trail.
fn top_level_content(p: &Post) -> bool {
    p.reply_to.is_none()
        && p.repost_of.is_none()
        && linkback_kind(p).is_none()
        && p.ext.get_json("missing_from_export").is_none()
        && p.ext.get_json("from_reblog_trail").is_none()
}

impl<'a> Ctx<'a> {
    pub(crate) fn load(
        archive: &'a Archive,
        format: Format,
        filter: &'a Filter,
        now: Timestamp,
    ) -> Result<Ctx<'a>> {
        let mut owner: Option<Account> = None;
        let mut chosen: Option<Account> = None;
        let mut accounts = Lookup::new(archive.root(), Kind::Account, account_lite)?;
        let mut owners = HashSet::new();
        let mut all = archive.records(Kind::Account)?;
        while let Some(r) = all.next() {
            let Record::Account(a) = r? else { continue };
            accounts.push(&a.id, all.offset());
            if a.is_owner {
                owners.insert(a.id.clone());
            }
            if let Some(want) = &filter.account {
                let w = want.trim_start_matches('@');
                if a.id == *want
                    || native(&a.id) == w
                    || a.handle
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(w))
                {
                    chosen = Some(a.clone());
                }
            }
            if a.is_owner && filter.in_network(&a.network) && owner.is_none() {
                owner = Some(a.clone());
            }
        }
        accounts.finish();
        let mut media = Lookup::new(archive.root(), Kind::Media, media_lite)?;
        let mut profile_images = Vec::new();
        let owner_id = chosen
            .as_ref()
            .or(owner.as_ref())
            .map(|o| o.id.clone())
            .unwrap_or_default();
        let mut all = archive.records(Kind::Media)?;
        while let Some(r) = all.next() {
            let Record::Media(m) = r? else { continue };
            media.push(&m.id, all.offset());
            if m.attached_to.contains(&owner_id) {
                let role = m.ext.get_str("role").unwrap_or_default();
                if role == "avatar" || role == "header" {
                    profile_images.push((role, lite_media(m.clone())));
                }
            }
        }
        media.finish();
        let author = filter.account.as_ref().map(|w| {
            chosen
                .as_ref()
                .map(|a| a.id.clone())
                .unwrap_or_else(|| w.clone())
        });
        let owner = chosen.or(owner);
        // which networks are sites: their owner (if any) writes none of their posts
        let mut site_networks = HashSet::new();
        if format.is_public() {
            let mut written_by_owner = HashSet::new();
            let mut seen = HashSet::new();
            for r in archive.records(Kind::Post)? {
                let Record::Post(p) = r? else { continue };
                if owners.contains(&p.author) {
                    written_by_owner.insert(p.network.clone());
                } else if !seen.contains(&p.network) {
                    seen.insert(p.network.clone());
                }
            }
            site_networks = seen
                .into_iter()
                .filter(|n| !written_by_owner.contains(n))
                .collect();
        }
        let mut ctx = Ctx {
            archive,
            format,
            filter,
            owner,
            accounts,
            media,
            now,
            owners,
            site_networks,
            profile_images,
            author,
            replies: HashMap::new(),
            linkbacks: HashMap::new(),
            placed: HashSet::new(),
            publish_uncleaned_media: false,
        };
        if format.is_public() && format.places_replies() {
            ctx.gather_replies()?;
        }
        Ok(ctx)
    }

    /// Find the public replies of other accounts to the published writing (and, for
    /// WXR, its linkbacks): one pass for the published ids and the candidates, then
    /// each candidate's chain of parents is followed to a published post.
    fn gather_replies(&mut self) -> Result<()> {
        let mut published: HashSet<String> = HashSet::new();
        let mut candidates: HashMap<String, Post> = HashMap::new();
        let mut scratch = Book::default();
        for r in self.archive.records(Kind::Post)? {
            let Record::Post(p) = r? else { continue };
            if self.is_writing(&p) {
                if self.keep_post(&p, &mut scratch) {
                    published.insert(p.id.clone());
                }
                continue;
            }
            let linkback = linkback_kind(&p).is_some();
            if linkback && self.format != Format::Wxr {
                continue;
            }
            if (p.reply_to.is_some() || linkback)
                && self.filter.in_network(&p.network)
                && self.publishable(&p, &mut scratch)
            {
                candidates.insert(p.id.clone(), p);
            }
        }
        let parent = |p: &Post| -> Option<String> {
            match linkback_kind(p) {
                Some(_) => p.ext.get_str("links_to"),
                None => p.reply_to.clone(),
            }
        };
        let mut placed: Vec<Post> = Vec::new();
        for (id, p) in &candidates {
            let mut cur = parent(p);
            let mut steps = 0;
            let mut ok = false;
            while let Some(up) = cur {
                if published.contains(&up) {
                    ok = true;
                    break;
                }
                steps += 1;
                match candidates.get(&up) {
                    // a linkback is never the parent of a reply
                    Some(q) if steps < 10_000 && up != *id && linkback_kind(q).is_none() => {
                        cur = parent(q)
                    }
                    _ => break,
                }
            }
            if ok {
                placed.push(p.clone());
            }
        }
        placed.sort_by(|a, b| {
            let t = |p: &Post| p.created_at.as_ref().map(|t| t.millis()).unwrap_or(0);
            t(a).cmp(&t(b)).then(a.id.cmp(&b.id))
        });
        for p in placed {
            self.placed.insert(p.id.clone());
            if linkback_kind(&p).is_some() {
                let to = p.ext.get_str("links_to").unwrap_or_default();
                self.linkbacks.entry(to).or_default().push(p);
            } else {
                let to = p.reply_to.clone().unwrap_or_default();
                self.replies.entry(to).or_default().push(p);
            }
        }
        Ok(())
    }

    /// True for the owner's account: one marked as owner, or the unnamed owner of a
    /// dump that has no profile (a subject the archive has no account record for).
    pub(crate) fn is_owner(&self, id: &str) -> bool {
        self.owners.contains(id) || !self.accounts.contains_key(id)
    }

    /// Every account the archive marks as its owner.
    pub(crate) fn owners(&self) -> &HashSet<String> {
        &self.owners
    }

    /// The owner's display label.
    pub(crate) fn owner_name(&self) -> String {
        match &self.owner {
            Some(o) => o
                .display_name
                .clone()
                .or(o.handle.clone())
                .unwrap_or_else(|| native(&o.id).to_string()),
            None => "lifeboat archive".to_string(),
        }
    }

    /// An account's label (`@handle`).
    pub(crate) fn account_label(&self, id: &str) -> String {
        match self.accounts.get(id) {
            Some(a) => a.label(id),
            None => native(id).to_string(),
        }
    }

    /// The visibilities a public format publishes.
    fn allowed(&self, v: Visibility) -> bool {
        v == Visibility::Public || self.filter.include.contains(&v)
    }

    /// True for the archive's own writing: a post by an owner account (or by
    /// `--account`), or a top-level post of a site the owner runs (a blog's authors,
    /// a forum's threads, a company page's posts). Every other post is someone
    /// else's (a reply, a reblogged or quoted post kept for context).
    pub(crate) fn is_writing(&self, p: &Post) -> bool {
        if let Some(a) = &self.author {
            return p.author == *a;
        }
        self.owners.contains(&p.author)
            || (self.site_networks.contains(&p.network) && top_level_content(p))
    }

    /// Deleted, unpublished and non-public posts stay out of public formats; each is
    /// counted in `book` with its reason.
    fn publishable(&self, p: &Post, book: &mut Book) -> bool {
        if p.deleted_at.is_some() {
            book.lost(Kind::Post, "deleted posts are not published");
            return false;
        }
        if p.status.is_some() {
            book.lost(
                Kind::Post,
                "drafts and unpublished posts (pending, spam, trashed, scheduled) are not published",
            );
            return false;
        }
        if !self.allowed(p.visibility) {
            let v = vis_name(p.visibility);
            let why = if p.visibility == Visibility::Unknown {
                "posts whose audience the dump does not record are not published without --include unknown".to_string()
            } else {
                format!("{v} posts are not published without --include {v}")
            };
            book.lost(Kind::Post, why);
            return false;
        }
        true
    }

    /// Decide whether a post goes into this export as writing; a post left out is
    /// counted in `book` with its reason, unless it is a reply the format writes in
    /// its thread ([`Ctx::replies`]).
    pub(crate) fn keep_post(&self, p: &Post, book: &mut Book) -> bool {
        if !self.filter.in_network(&p.network) {
            book.lost(Kind::Post, "of another network than --network");
            return false;
        }
        if !self.format.is_public() {
            if let Some(a) = &self.author {
                if p.author != *a {
                    book.lost(Kind::Post, "by another account than --account");
                    return false;
                }
            }
            if !self.filter.in_time(p.created_at.as_ref()) {
                book.lost(Kind::Post, "outside the --since/--until range");
                return false;
            }
            return true;
        }
        if self.placed.contains(&p.id) {
            return false; // written in its thread
        }
        let writing = self.is_writing(p);
        let reply = p.reply_to.is_some() || linkback_kind(p).is_some();
        if !writing && !reply {
            book.lost(
                Kind::Post,
                if self.author.is_some() {
                    "by another account than --account"
                } else {
                    "posts by other accounts (kept for context in the archive) are not published"
                },
            );
            return false;
        }
        if writing && !self.filter.in_time(p.created_at.as_ref()) {
            book.lost(Kind::Post, "outside the --since/--until range");
            return false;
        }
        if !self.publishable(p, book) {
            return false;
        }
        if !writing {
            let why = if linkback_kind(p).is_some() && self.format != Format::Wxr {
                format!(
                    "pingbacks and trackbacks (posts of linking sites) have no place in {}",
                    self.format.name()
                )
            } else if self.format.places_replies() {
                "replies by other accounts to posts that are not in this export".to_string()
            } else {
                format!(
                    "replies by other accounts: {} holds only the archive's own posts",
                    self.format.name()
                )
            };
            book.lost(Kind::Post, why);
            return false;
        }
        if p.visibility == Visibility::Direct {
            book.note("direct posts are included (--include direct)");
        }
        true
    }

    /// Stream the selected posts through `f`, one at a time.
    pub(crate) fn each_post(
        &self,
        book: &mut Book,
        mut f: impl FnMut(Post, &mut Book) -> Result<()>,
    ) -> Result<()> {
        for r in self.archive.records(Kind::Post)? {
            if let Record::Post(p) = r? {
                if self.keep_post(&p, book) {
                    f(p, book)?;
                }
            }
        }
        Ok(())
    }

    /// The replies of other accounts placed under a post, oldest first.
    pub(crate) fn replies_of(&self, id: &str) -> &[Post] {
        self.replies.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Count the records of kinds a format has no place for.
    pub(crate) fn count_unexpressed(
        &self,
        book: &mut Book,
        kinds: &[Kind],
        why: &str,
    ) -> Result<()> {
        for &k in kinds {
            let mut n = 0u64;
            for r in self.archive.records(k)? {
                let r = r?;
                if self.filter.in_network(record_network(&r)) {
                    n += 1;
                }
            }
            book.lost_n(k, n, why.to_string());
        }
        Ok(())
    }
}

pub(crate) fn record_network(r: &Record) -> &str {
    match r {
        Record::Account(x) => &x.network,
        Record::Post(x) => &x.network,
        Record::Media(x) => &x.network,
        Record::Relationship(x) => &x.network,
        Record::Reaction(x) => &x.network,
        Record::Conversation(x) => &x.network,
        Record::Message(x) => &x.network,
    }
}

/// The name of a visibility (`followers`).
pub(crate) fn vis_name(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Unlisted => "unlisted",
        Visibility::Followers => "followers",
        Visibility::Private => "limited",
        Visibility::Direct => "direct",
        Visibility::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_parse() {
        assert_eq!(
            Filter::parse_visibility("followers").ok(),
            Some(Visibility::Followers)
        );
        assert!(Filter::parse_visibility("everyone").is_err());
        let d = Filter::parse_date("2024-05-01").ok();
        assert_eq!(
            d.map(|t| t.to_rfc3339()),
            Some("2024-05-01T00:00:00Z".into())
        );
        assert!(Filter::parse_date("May 1st").is_err());
        assert_eq!(Format::from_name("JSONFeed"), Some(Format::JsonFeed));
        assert!(!Format::Sqlite.is_public() && Format::Html.is_public());
    }
}
