//! Meta's "Download your information" exports: Facebook (profiles and Pages),
//! Instagram and Threads, every JSON generation.
//!
//! The three networks share one reader: the same JSON shapes (top-level arrays or one
//! array under a `…_v2` key), the same mojibake (`mojibake.rs`), the same Messenger
//! thread files (`messages/<section>/<thread>/message_N.json`, `messenger.rs`), Unix
//! seconds everywhere, and media referenced by `uri` relative to the export root. A
//! thin mapping per network (`facebook.rs`, `instagram.rs`, `threads.rs`) turns items
//! into records. Three formats are registered: `facebook`, `instagram`, `threads`.
//!
//! **Ids.** Meta exports carry no post or message ids. Stable ids are made from what
//! the dump says, so that importing the same dump again gives the same ids: a post is
//! `<unix seconds>-<first 12 hex digits of SHA-256 over its text, first media uri and
//! generated title>`; a message is `<section>/<thread folder>/<ms>-<12 hex of SHA-256
//! over sender and text>`; a later twin of either (same time, same content) gets
//! `-2`, `-3`… in dump order. People are known only by display name on Facebook and in
//! direct messages: their accounts are `name/<display name>`; Instagram and Threads
//! usernames are used as they are. A media record is identified by its `uri`.
//!
//! An HTML export (the default format Meta offers) is recognised and refused with an
//! error that says how to request the JSON format. See `formats/{facebook,instagram,
//! threads}/README.md` for the crosswalks.

mod facebook;
mod instagram;
mod messenger;
pub mod mojibake;
mod threads;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{record_id, Account, Ext, Kind, Media, Record, Source, Timestamp};
use crate::read::json::{parse_value, ItemError, JsonItems};

/// facebook: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FACEBOOK: Format = Format {
    name: "facebook",
    description:
        "Facebook \"Download your information\" (profiles and Pages, JSON), Messenger chat backups",
    generations: facebook::GENERATIONS,
    detect: detect_facebook,
    sniff: None,
    make: make_facebook,
};

/// instagram: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const INSTAGRAM: Format = Format {
    name: "instagram",
    description: "Instagram \"Download your information\" (JSON), every generation since 2018",
    generations: instagram::GENERATIONS,
    detect: detect_instagram,
    sniff: None,
    make: make_instagram,
};

/// threads: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const THREADS: Format = Format {
    name: "threads",
    description: "Threads posts and replies (inside an Instagram export or alone, JSON)",
    generations: threads::GENERATIONS,
    detect: detect_threads,
    sniff: None,
    make: make_threads,
};

/// Which of Meta's networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Net {
    Facebook,
    Instagram,
    Threads,
}

impl Net {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Net::Facebook => "facebook",
            Net::Instagram => "instagram",
            Net::Threads => "threads",
        }
    }
    fn idx(self) -> usize {
        match self {
            Net::Facebook => 0,
            Net::Instagram => 1,
            Net::Threads => 2,
        }
    }
    fn title(self) -> &'static str {
        match self {
            Net::Facebook => "Facebook",
            Net::Instagram => "Instagram",
            Net::Threads => "Threads",
        }
    }
}

/// The folders under which Facebook exports put their sections, newest first.
pub(crate) const FB_ROOTS: [&str; 3] = [
    "your_facebook_activity/",
    "your_activity_across_facebook/",
    "this_profile's_activity_across_facebook/",
];

/// What an entry of a Meta export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    // Facebook
    FbProfile,
    FbPosts,
    FbGroupPosts,
    FbComments,
    FbGroupComments,
    FbReactions,
    FbFriends,
    FbFollowing,
    FbFollowers,
    FbPages,
    FbAdminActivity,
    FbGroups,
    FbGroupsAdmined,
    FbEventResponses,
    FbEventInvitations,
    FbEvents,
    FbVideos,
    FbPhotos,
    FbAlbum,
    FbStories,
    FbReels,
    // Messenger-shaped threads (Facebook, Instagram)
    Messages,
    E2eeBackup,
    // Instagram
    IgProfile,
    IgPosts,
    IgStories,
    IgProfilePhotos,
    IgComments,
    IgLikes,
    IgSaved,
    IgRelationships(&'static str),
    IgLegacyMedia,
    IgLegacyConnections,
    IgLegacyLikes,
    IgLegacyComments,
    IgLegacyMessages,
    IgLegacyProfile,
    // Threads
    ThreadsPosts,
    ThreadsRelationships(&'static str),
    ThreadsLikes,
    ThreadsProfile,
    /// The account's graph history (follow requests sent and received, recently
    /// unfollowed accounts, friend requests, removed friends, story likes): a
    /// relationship kind, with `:<status>` when the file says one.
    GraphHistory(Net, &'static str),
}

impl Role {
    fn describe(self) -> String {
        match self {
            Role::FbProfile => "Facebook profile",
            Role::FbPosts => "Facebook posts",
            Role::FbGroupPosts => "Facebook group posts",
            Role::FbComments => "Facebook comments",
            Role::FbGroupComments => "Facebook group comments",
            Role::FbReactions => "Facebook reactions",
            Role::FbFriends => "Facebook friends",
            Role::FbFollowing => "Facebook following",
            Role::FbFollowers => "Facebook followers",
            Role::FbPages => "Facebook Pages run",
            Role::FbAdminActivity => "Facebook Page admin activity",
            Role::FbGroups => "Facebook group memberships",
            Role::FbGroupsAdmined => "Facebook groups run",
            Role::FbEventResponses => "Facebook event responses",
            Role::FbEventInvitations => "Facebook event invitations",
            Role::FbEvents => "Facebook events",
            Role::FbVideos => "Facebook videos",
            Role::FbPhotos => "Facebook photos",
            Role::FbAlbum => "Facebook album",
            Role::FbStories => "Facebook stories",
            Role::FbReels => "Facebook reels",
            Role::Messages => "direct-message thread",
            Role::E2eeBackup => "Messenger end-to-end-encrypted chat backup",
            Role::IgProfile => "Instagram profile",
            Role::IgPosts => "Instagram posts",
            Role::IgStories => "Instagram stories",
            Role::IgProfilePhotos => "Instagram profile photos",
            Role::IgComments => "Instagram comments",
            Role::IgLikes => "Instagram likes",
            Role::IgSaved => "Instagram saved posts",
            Role::IgRelationships(k) => return format!("Instagram {k} relationships"),
            Role::IgLegacyMedia => "Instagram media (2018-2020)",
            Role::IgLegacyConnections => "Instagram connections (2018-2020)",
            Role::IgLegacyLikes => "Instagram likes (2018-2020)",
            Role::IgLegacyComments => "Instagram comments (2018-2020)",
            Role::IgLegacyMessages => "Instagram messages (2018-2020)",
            Role::IgLegacyProfile => "Instagram profile (2018-2020)",
            Role::ThreadsPosts => "Threads posts and replies",
            Role::ThreadsRelationships(k) => return format!("Threads {k} relationships"),
            Role::ThreadsLikes => "Threads likes",
            Role::ThreadsProfile => "Threads profile",
            Role::GraphHistory(net, k) => {
                return format!("{} graph history ({})", net.title(), k.replace(':', ", "))
            }
        }
        .to_string()
    }

    /// Reading order: the profile first (it names the owner), then the rest.
    fn phase(self) -> u8 {
        match self {
            Role::FbProfile | Role::IgProfile | Role::IgLegacyProfile | Role::ThreadsProfile => 2,
            Role::Messages | Role::E2eeBackup | Role::IgLegacyMessages => 20,
            _ => 10,
        }
    }
}

fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The folder holding a file (`""` at the root).
fn parent(name: &str) -> &str {
    match name.rsplit_once('/') {
        Some((dir, _)) => file_name(dir),
        None => "",
    }
}

/// `stem` is `base`, `base_N`.
fn numbered(stem: &str, base: &str) -> bool {
    match stem.strip_prefix(base) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('_')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

/// True when a path segment of `name` is `seg`.
fn has_segment(name: &str, seg: &str) -> bool {
    name.split('/').any(|s| s == seg)
}

/// The role of a JSON entry, by its (lowercased) path.
pub(crate) fn role_of(name: &str) -> Option<Role> {
    let lower = name.to_ascii_lowercase();
    let file = file_name(&lower);
    let stem = file.strip_suffix(".json")?;
    let dir = parent(&lower);
    let depth = lower.matches('/').count();
    // Messenger-shaped thread files
    if has_segment(&lower, "messages") && (numbered(stem, "message")) {
        return Some(Role::Messages);
    }
    // a bare threads_and_replies.json (the file alone, as people keep it)
    if depth == 0 && stem == "threads_and_replies" {
        return Some(Role::ThreadsPosts);
    }
    if has_segment(&lower, "threads") && dir == "threads" {
        if let Some(k) = follow_history(stem) {
            return Some(Role::GraphHistory(Net::Threads, k));
        }
        return match stem {
            "threads_and_replies" => Some(Role::ThreadsPosts),
            "liked_threads" => Some(Role::ThreadsLikes),
            s if numbered(s, "followers") => Some(Role::ThreadsRelationships("follower")),
            "following" => Some(Role::ThreadsRelationships("following")),
            "blocked_profiles" => Some(Role::ThreadsRelationships("block")),
            "personal_information" => Some(Role::ThreadsProfile),
            _ => None,
        };
    }
    if dir == "followers_and_following" {
        if let Some(k) = follow_history(stem) {
            return Some(Role::GraphHistory(Net::Instagram, k));
        }
        return match stem {
            s if numbered(s, "followers") => Some(Role::IgRelationships("follower")),
            "following" => Some(Role::IgRelationships("following")),
            "close_friends" => Some(Role::IgRelationships("close_friend")),
            "blocked_profiles" | "blocked_accounts" => Some(Role::IgRelationships("block")),
            "restricted_profiles" | "restricted_accounts" => {
                Some(Role::IgRelationships("restrict"))
            }
            _ => None,
        };
    }
    // Instagram 2018-2020: root files
    if depth == 0 {
        match stem {
            "media" => return Some(Role::IgLegacyMedia),
            "connections" => return Some(Role::IgLegacyConnections),
            "likes" => return Some(Role::IgLegacyLikes),
            "comments" => return Some(Role::IgLegacyComments),
            "messages" => return Some(Role::IgLegacyMessages),
            "profile" => return Some(Role::IgLegacyProfile),
            _ => {}
        }
    }
    let ig = has_segment(&lower, "your_instagram_activity")
        || matches!(dir, "content" | "media" | "likes" | "comments" | "saved");
    if ig {
        if (dir == "content" || dir == "media") && numbered(stem, "posts") {
            return Some(Role::IgPosts);
        }
        match (dir, stem) {
            ("content" | "media", "reels" | "archived_posts" | "igtv_videos" | "other_content") => {
                return Some(Role::IgPosts)
            }
            ("content" | "media", "stories") => return Some(Role::IgStories),
            ("content" | "media", "profile_photos") => return Some(Role::IgProfilePhotos),
            ("comments", s) if numbered(s, "post_comments") || s == "reels_comments" => {
                return Some(Role::IgComments)
            }
            ("likes", "liked_posts" | "liked_comments") => return Some(Role::IgLikes),
            ("saved", "saved_posts") => return Some(Role::IgSaved),
            _ => {}
        }
    }
    if dir == "story_interactions" && stem == "story_likes" {
        return Some(Role::GraphHistory(Net::Instagram, "story_like"));
    }
    if stem == "personal_information" && dir != "threads" {
        return Some(Role::IgProfile);
    }
    // Facebook
    if numbered(stem, "your_posts")
        || numbered(stem, "your_posts__check_ins__photos_and_videos")
        || numbered(stem, "profile_posts")
    {
        return Some(Role::FbPosts);
    }
    Some(match (dir, stem) {
        (_, "profile_information") => Role::FbProfile,
        ("groups", "group_posts_and_comments" | "your_posts_and_comments_in_groups") => {
            Role::FbGroupPosts
        }
        ("groups", "your_comments_in_groups") => Role::FbGroupComments,
        ("groups", "your_group_membership_activity") => Role::FbGroups,
        ("groups", "your_groups") => Role::FbGroupsAdmined,
        ("comments" | "comments_and_reactions", "comments") => Role::FbComments,
        ("likes_and_reactions" | "comments_and_reactions", "posts_and_comments") => {
            Role::FbReactions
        }
        ("comments_and_reactions", s) if numbered(s, "likes_and_reactions") => Role::FbReactions,
        ("friends" | "friends_and_followers", "friends") | ("friends", "your_friends") => {
            Role::FbFriends
        }
        (
            "following_and_followers" | "followers" | "friends_and_followers",
            "following" | "who_you've_followed" | "who_you_ve_followed" | "who_you_follow",
        ) => Role::FbFollowing,
        ("following_and_followers" | "followers" | "friends_and_followers", s)
            if numbered(s, "followers") || numbered(s, "people_who_followed_you") =>
        {
            Role::FbFollowers
        }
        // G3/G4 names, and G2's (friends_and_followers/friend_requests_sent.json)
        ("friends" | "friends_and_followers", "sent_friend_requests" | "friend_requests_sent") => {
            Role::GraphHistory(Net::Facebook, "friend_request:sent")
        }
        (
            "friends" | "friends_and_followers",
            "received_friend_requests" | "friend_requests_received",
        ) => Role::GraphHistory(Net::Facebook, "friend_request_received:received"),
        ("friends" | "friends_and_followers", "rejected_friend_requests") => {
            Role::GraphHistory(Net::Facebook, "friend_request_received:rejected")
        }
        ("friends" | "friends_and_followers", "removed_friends") => {
            Role::GraphHistory(Net::Facebook, "removed_connection")
        }
        ("pages", "your_pages") => Role::FbPages,
        ("pages", "admin_activity") => Role::FbAdminActivity,
        ("events", "your_event_responses") => Role::FbEventResponses,
        ("events", "event_invitations") => Role::FbEventInvitations,
        ("events", "your_events" | "events" | "events_you_hosted") => Role::FbEvents,
        ("posts" | "photos_and_videos", "your_videos" | "videos") => Role::FbVideos,
        ("posts" | "photos_and_videos", "your_uncategorized_photos") => Role::FbPhotos,
        ("album", _) => Role::FbAlbum,
        ("stories", "archived_stories") => Role::FbStories,
        ("reels", "your_reels") => Role::FbReels,
        ("", s) if depth == 0 && is_e2ee_name(s) => Role::E2eeBackup,
        _ => return None,
    })
}

/// The follow history files of Instagram and Threads (same names in both).
fn follow_history(stem: &str) -> Option<&'static str> {
    Some(match stem {
        "pending_follow_requests" => "follow_request:pending",
        "recent_follow_requests" => "follow_request:recent",
        "follow_requests_you've_received"
        | "follow_requests_you_ve_received"
        | "follow_requests_received" => "follow_request_received:received",
        "recently_unfollowed_profiles" | "recently_unfollowed_accounts" => "unfollowed",
        _ => return None,
    })
}

/// A thread file of a Page's inbox (the Page's own export).
fn is_page_inbox(lower: &str) -> bool {
    lower.contains("this_profile's_activity_across_facebook/")
}

/// `<Thread name>_<N>` at the root: a Messenger end-to-end-encrypted chat backup.
fn is_e2ee_name(stem: &str) -> bool {
    stem.rsplit_once('_').is_some_and(|(name, n)| {
        !name.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// True for the HTML files that stand where an export's JSON would be.
fn is_html_marker(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let file = file_name(&lower);
    let Some(stem) = file
        .strip_suffix(".html")
        .or_else(|| file.strip_suffix(".htm"))
    else {
        return false;
    };
    numbered(stem, "message")
        || numbered(stem, "your_posts")
        || numbered(stem, "your_posts__check_ins__photos_and_videos")
        || numbered(stem, "profile_posts")
        || numbered(stem, "posts")
        || numbered(stem, "followers")
        || matches!(
            stem,
            "your_friends"
                | "friends"
                | "comments"
                | "following"
                | "personal_information"
                | "profile_information"
                | "threads_and_replies"
                | "liked_posts"
        )
}

/// Which network's folders an export shows: (facebook, instagram, threads-only) scores.
fn scores(entries: &[Entry]) -> (u8, u8, u8) {
    let (mut fb, mut ig, mut th) = (0u8, 0u8, 0u8);
    let mut ig_other = false;
    let mut html = false;
    for e in entries {
        let lower = e.name.to_ascii_lowercase();
        if FB_ROOTS.iter().any(|r| lower.contains(r)) {
            fb = fb.max(90);
        }
        if is_html_marker(&lower) {
            html = true;
        }
        if has_segment(&lower, "your_instagram_activity") && !lower.contains("/threads/") {
            ig = ig.max(90);
            ig_other = true;
        }
        match role_of(&e.name) {
            Some(Role::ThreadsPosts) => th = th.max(95),
            Some(
                Role::ThreadsRelationships(_)
                | Role::ThreadsLikes
                | Role::ThreadsProfile
                | Role::GraphHistory(Net::Threads, _),
            ) => th = th.max(60),
            Some(Role::Messages) => {
                fb = fb.max(40);
                ig = ig.max(35);
            }
            Some(Role::E2eeBackup) => fb = fb.max(10),
            Some(
                Role::IgPosts
                | Role::IgStories
                | Role::IgProfilePhotos
                | Role::IgComments
                | Role::IgLikes
                | Role::IgSaved
                | Role::IgRelationships(_)
                | Role::GraphHistory(Net::Instagram, _)
                | Role::IgLegacyMedia
                | Role::IgLegacyConnections,
            ) => {
                ig = ig.max(90);
                ig_other = true;
            }
            Some(Role::IgProfile) => {
                ig = ig.max(60);
                ig_other = true;
            }
            Some(
                Role::IgLegacyLikes
                | Role::IgLegacyComments
                | Role::IgLegacyMessages
                | Role::IgLegacyProfile,
            ) => ig = ig.max(30),
            Some(Role::FbPosts | Role::FbFriends | Role::FbComments | Role::FbReactions) => {
                fb = fb.max(90)
            }
            Some(_) => fb = fb.max(50),
            None => {}
        }
        if has_segment(&lower, "friends_and_followers")
            || has_segment(&lower, "likes_and_reactions")
        {
            fb = fb.max(60);
        }
    }
    // Threads inside a full Instagram export is read by the Instagram importer; a dump
    // holding only the Threads part is a Threads export.
    if ig_other && th > 0 {
        th = 30;
    }
    if html && fb == 0 && ig == 0 && th == 0 {
        // an HTML export: claim it, to refuse it with a clear message
        for e in entries {
            let lower = e.name.to_ascii_lowercase();
            if lower.contains("your_instagram_activity")
                || lower.contains("followers_and_following")
            {
                ig = 70;
            } else if lower.contains("/threads/") || lower.starts_with("threads/") {
                th = th.max(60);
            } else if is_html_marker(&lower) {
                fb = fb.max(60);
            }
        }
    }
    (fb, ig, th)
}

/// Facebook's claim on a dump.
pub(crate) fn detect_facebook(entries: &[Entry]) -> Option<u8> {
    let s = scores(entries).0;
    (s > 0).then_some(s)
}

/// Instagram's claim on a dump.
pub(crate) fn detect_instagram(entries: &[Entry]) -> Option<u8> {
    let s = scores(entries).1;
    (s > 0).then_some(s)
}

/// Threads' claim on a dump.
pub(crate) fn detect_threads(entries: &[Entry]) -> Option<u8> {
    let s = scores(entries).2;
    (s > 0).then_some(s)
}

fn is_json_export(entries: &[Entry]) -> bool {
    entries.iter().any(|e| role_of(&e.name).is_some())
}

fn make(net: Net, entries: &[Entry]) -> Box<dyn Importer> {
    let html = !is_json_export(entries) && entries.iter().any(|e| is_html_marker(&e.name));
    let generation = if html {
        "HTML export (not readable: request JSON)".to_string()
    } else {
        match net {
            Net::Facebook => facebook::generation(entries),
            Net::Instagram => instagram::generation(entries),
            Net::Threads => threads::generation(entries),
        }
    };
    Box::new(Meta {
        net,
        generation,
        html,
        ..Meta::new(net)
    })
}

/// Make the Facebook importer.
pub(crate) fn make_facebook(entries: &[Entry]) -> Box<dyn Importer> {
    make(Net::Facebook, entries)
}

/// Make the Instagram importer.
pub(crate) fn make_instagram(entries: &[Entry]) -> Box<dyn Importer> {
    make(Net::Instagram, entries)
}

/// Make the Threads importer.
pub(crate) fn make_threads(entries: &[Entry]) -> Box<dyn Importer> {
    make(Net::Threads, entries)
}

/// A stored media file of the dump.
#[derive(Clone, Debug)]
struct FileRef {
    entry: String,
    stored: Stored,
    used: bool,
}

/// The owner of the dump on one network.
#[derive(Clone, Debug, Default)]
struct Owner {
    /// Native id, once a profile named it.
    native: Option<String>,
    /// Display name, to recognise the owner among names.
    name: Option<String>,
    /// The account record was written.
    emitted: bool,
}

/// An account seen in passing (a friend, a correspondent, a follower).
#[derive(Clone, Debug, Default)]
struct Stub {
    network: &'static str,
    handle: Option<String>,
    display_name: Option<String>,
    url: Option<String>,
    source: Source,
    /// A participant the export shows without a name (a deleted or restricted
    /// account, a Page's customer): one per conversation, never merged.
    unnamed: Option<String>,
}

/// A conversation being gathered from its message files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Thread {
    network: &'static str,
    participants: BTreeSet<String>,
    title: Option<String>,
    group: bool,
    messages: u64,
    events: Vec<crate::model::ConversationEvent>,
    source: Option<Source>,
    ext: Ext,
}

/// The Meta importer (one per dump, for one of the three networks).
pub struct Meta {
    net: Net,
    generation: String,
    html: bool,
    /// Stored media by path (and by the path less up to three leading folders).
    files: HashMap<String, usize>,
    /// Stored media by file name (the last fallback of uri resolution).
    by_base: HashMap<String, usize>,
    stored: Vec<FileRef>,
    /// The owner on each network (a dump may hold several: Threads inside Instagram,
    /// an Accounts Center download with Facebook and Instagram).
    owners: [Owner; 3],
    /// Networks whose owner id was handed out (bit per [`Net::idx`]).
    owner_used: std::cell::Cell<u8>,
    /// Accounts to emit at the end, by record id.
    stubs: BTreeMap<String, Stub>,
    /// Conversations, by record id.
    threads: BTreeMap<String, Thread>,
    /// Record ids given so far (posts, media, relationships, reactions).
    ids: HashSet<String>,
    /// Hashes of message ids given so far (there may be millions).
    message_ids: HashSet<u64>,
    /// Facebook inbox threads: the named parties of each (participants and senders).
    thread_parties: BTreeMap<String, BTreeSet<String>>,
    /// The owner inference ran.
    inferred: bool,
}

impl Meta {
    fn new(net: Net) -> Meta {
        Meta {
            net,
            generation: String::new(),
            html: false,
            files: HashMap::new(),
            by_base: HashMap::new(),
            stored: Vec::new(),
            owners: Default::default(),
            owner_used: std::cell::Cell::new(0),
            stubs: BTreeMap::new(),
            threads: BTreeMap::new(),
            ids: HashSet::new(),
            message_ids: HashSet::new(),
            thread_parties: BTreeMap::new(),
            inferred: false,
        }
    }

    /// When no profile names the Facebook owner, the one party named in every inbox
    /// thread is the owner (a Page's own export has no profile file; the Page takes
    /// part in each of its conversations). Runs once, after the threads and before
    /// any record needs the owner's id; the report says what was inferred.
    fn infer_owner(&mut self, cx: &mut Context) {
        if self.inferred || self.thread_parties.is_empty() {
            return;
        }
        self.inferred = true;
        let net = Net::Facebook;
        if self.owners[net.idx()].native.is_some() || self.owners[net.idx()].name.is_some() {
            return;
        }
        let mut threads = self.thread_parties.values();
        let Some(first) = threads.next() else {
            return;
        };
        let mut common: BTreeSet<String> = first.clone();
        for t in threads {
            common.retain(|n| t.contains(n));
        }
        let n = self.thread_parties.len();
        let mut names = common.into_iter();
        let (Some(name), None) = (names.next(), names.next()) else {
            return;
        };
        if self.owner_used.get() & (1 << net.idx()) != 0 {
            cx.report.warn(format!(
                "{name:?} takes part in every one of the {n} inbox threads and may be the owner, but records were already written for an unnamed owner; no profile file names the owner"
            ));
            return;
        }
        let o = &mut self.owners[net.idx()];
        o.native = Some(format!("name/{name}"));
        o.name = Some(name.clone());
        cx.report.warn(format!(
            "no profile file names the owner: {name:?}, the one party named in every one of the {n} inbox threads, is taken as the owner"
        ));
    }

    /// The account of a thread's participant known by display name; one the export
    /// does not name is a distinct account of that conversation, marked unnamed.
    fn party(&mut self, net: Net, name: &str, conv_native: &str, src: &Source) -> String {
        let name = name.trim();
        if !name.is_empty() {
            return self.person(net, name, src);
        }
        let id = record_id(net.name(), Kind::Account, &format!("unnamed/{conv_native}"));
        self.stubs.entry(id.clone()).or_insert_with(|| Stub {
            network: net.name(),
            source: src.clone(),
            unnamed: Some(conv_native.to_string()),
            ..Stub::default()
        });
        id
    }

    /// The owner's native id on a network: the profile's username, else
    /// `name/<display name>`, else (Threads) the Instagram owner's, else `owner`.
    fn owner_native(&self, net: Net) -> String {
        let o = &self.owners[net.idx()];
        if let Some(n) = &o.native {
            return n.clone();
        }
        if net == Net::Threads {
            if let Some(n) = &self.owners[Net::Instagram.idx()].native {
                return n.clone();
            }
        }
        "owner".into()
    }

    /// The owner's display name on a network (Threads: else Instagram's).
    fn owner_name(&self, net: Net) -> Option<&str> {
        self.owners[net.idx()].name.as_deref().or_else(|| {
            (net == Net::Threads)
                .then(|| self.owners[Net::Instagram.idx()].name.as_deref())
                .flatten()
        })
    }

    /// The owner's account record id on a network.
    fn owner_id(&self, net: Net) -> String {
        self.owner_used
            .set(self.owner_used.get() | (1 << net.idx()));
        record_id(net.name(), Kind::Account, &self.owner_native(net))
    }

    /// A record id not given before: `native`, else `native-2`, `native-3`…
    fn unique(&mut self, net: Net, kind: Kind, native: &str) -> (String, String) {
        let mut n = 1u32;
        loop {
            let nat = if n == 1 {
                native.to_string()
            } else {
                format!("{native}-{n}")
            };
            let id = record_id(net.name(), kind, &nat);
            if self.ids.insert(id.clone()) {
                return (id, nat);
            }
            n += 1;
        }
    }

    /// The account of a person known by display name.
    fn person(&mut self, net: Net, name: &str, src: &Source) -> String {
        let name = name.trim();
        if name.is_empty() {
            // a message or reaction whose author the file does not name
            let id = record_id(net.name(), Kind::Account, "name/unknown");
            self.stubs.entry(id.clone()).or_insert_with(|| Stub {
                network: net.name(),
                source: src.clone(),
                ..Stub::default()
            });
            return id;
        }
        if self.owner_name(net) == Some(name) {
            return self.owner_id(net);
        }
        let id = record_id(net.name(), Kind::Account, &format!("name/{name}"));
        self.stubs.entry(id.clone()).or_insert_with(|| Stub {
            network: net.name(),
            display_name: Some(name.to_string()),
            source: src.clone(),
            ..Stub::default()
        });
        id
    }

    /// The account of an Instagram or Threads username.
    fn user(&mut self, net: Net, username: &str, display: Option<&str>, src: &Source) -> String {
        let u = username.trim().trim_start_matches('@');
        if u == self.owner_native(net) {
            return self.owner_id(net);
        }
        let id = record_id(net.name(), Kind::Account, u);
        let url = match net {
            Net::Threads => format!("https://www.threads.com/@{u}"),
            _ => format!("https://www.instagram.com/{u}"),
        };
        let s = self.stubs.entry(id.clone()).or_insert_with(|| Stub {
            network: net.name(),
            handle: Some(u.to_string()),
            url: Some(url),
            source: src.clone(),
            ..Stub::default()
        });
        if s.display_name.is_none() {
            s.display_name = display.filter(|d| !d.is_empty()).map(str::to_string);
        }
        id
    }

    /// Find the stored file of a `uri`: as it is, with the section root swapped (G3
    /// archives name roots they do not use), then by file name.
    fn find_file(&mut self, uri: &str) -> Option<(String, Stored)> {
        let uri = uri.trim_start_matches("./").trim_start_matches('/');
        let mut i = self.files.get(uri).copied();
        if i.is_none() {
            let bare = FB_ROOTS
                .iter()
                .find_map(|r| uri.strip_prefix(r))
                .unwrap_or(uri);
            i = self.files.get(bare).copied().or_else(|| {
                FB_ROOTS
                    .iter()
                    .find_map(|r| self.files.get(&format!("{r}{bare}")).copied())
            });
        }
        if i.is_none() {
            i = self.by_base.get(file_name(uri)).copied();
        }
        let f = self.stored.get_mut(i?)?;
        f.used = true;
        Some((f.entry.clone(), f.stored.clone()))
    }

    /// A media record for a media object (`{"uri", "creation_timestamp", …}`) attached
    /// to `owner`; returns its id. Missing files are reported by name. The same uri
    /// referenced again gives the same record.
    fn media(
        &mut self,
        net: Net,
        mut m: Map<String, Value>,
        kind_hint: Option<&str>,
        owner: &str,
        src: &Source,
        cx: &mut Context,
    ) -> Result<Option<String>> {
        let uri = match m.remove("uri") {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            _ => return Ok(None),
        };
        let id = record_id(net.name(), Kind::Media, &uri);
        if !self.ids.insert(id.clone()) {
            return Ok(Some(id));
        }
        let video = m
            .get("media_metadata")
            .and_then(|x| x.get("video_metadata"))
            .is_some();
        let mime = crate::archive::mime_of(file_name(&uri));
        let kind = kind_hint.unwrap_or(if video {
            "video"
        } else {
            Media::kind_of_mime(mime)
        });
        let mut media = Media {
            id: id.clone(),
            network: net.name().into(),
            kind: kind.into(),
            attached_to: vec![owner.to_string()],
            source: src.clone(),
            ..Media::default()
        };
        if uri.starts_with("http://") || uri.starts_with("https://") {
            media.original_url = Some(uri);
        } else {
            match self.find_file(&uri) {
                Some((entry, stored)) => {
                    media.set_file(entry, stored.sha256, stored.bytes, stored.path);
                    if media.mime.as_deref() == Some("application/octet-stream") && video {
                        media.mime = Some("video/mp4".into());
                    }
                }
                None => {
                    media.missing = true;
                    media.original_path = Some(uri.clone());
                    cx.report.missing_media(format!(
                        "{uri} (referenced by {}) is not in the dump",
                        src.entry
                    ));
                }
            }
        }
        if let Some(Value::String(t)) = m.get("title") {
            if t.is_empty() {
                m.remove("title");
            }
        }
        if let Some(Value::String(b)) = m.get("backup_uri") {
            if media.original_url.is_none() {
                media.original_url = Some(b.clone());
            }
        }
        media.ext = Ext::from_map(m);
        cx.emit(Record::Media(media))?;
        Ok(Some(id))
    }

    /// Stream the items of an entry: a top-level array, or the array under one of
    /// `keys` of a top-level object. Every item is parsed, its mojibake repaired, and
    /// handed to `f`; malformed items are skipped as `kind`. Returns the number of
    /// items and the object's other members (parsed and repaired).
    fn items(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: Kind,
        keys: &[&str],
        f: &mut dyn FnMut(&mut Meta, Value, Source, &mut Context) -> Result<()>,
    ) -> Result<(u64, Vec<(String, Value)>)> {
        let first = keys.first().copied().unwrap_or("");
        let mut items = JsonItems::at_key(r, cx.limits, first);
        let mut n = 0u64;
        loop {
            let index = n;
            match items.next() {
                None => break,
                Some(Err(ItemError::Io(err))) => return Err(Error::io(&e.name, err)),
                Some(Err(err)) => {
                    n += 1;
                    cx.report
                        .skipped(kind, err.to_string(), format!("{}#{index}", e.name));
                    if !err.recoverable() {
                        cx.report
                            .unreadable(&e.name, items.position(), err.to_string());
                        break;
                    }
                }
                Some(Ok(bytes)) => {
                    n += 1;
                    match parse(bytes, cx) {
                        Ok(v) => f(self, v, Source::at(&e.name, index), cx)?,
                        Err(m) => cx.report.skipped(kind, m, format!("{}#{index}", e.name)),
                    }
                }
            }
        }
        let raw: Vec<(String, Vec<u8>)> = items.others().to_vec();
        let mut others = Vec::new();
        for (k, bytes) in raw {
            let v = match parse(&bytes, cx) {
                Ok(v) => v,
                Err(m) => {
                    cx.report
                        .skipped(kind, format!("{k}: {m}"), format!("{}#{k}", e.name));
                    continue;
                }
            };
            if keys.iter().skip(1).any(|x| *x == k) {
                if let Value::Array(a) = v {
                    for item in a {
                        let index = n;
                        n += 1;
                        f(self, item, Source::at(&e.name, index), cx)?;
                    }
                    continue;
                }
            }
            others.push((k, v));
        }
        Ok((n, others))
    }

    /// Read a whole (small) JSON entry, repaired; `None` (skipped) when it is too large
    /// or not JSON.
    fn whole(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: Kind,
    ) -> Result<Option<Value>> {
        let max = cx.limits.max_record_bytes;
        let mut bytes = Vec::new();
        r.take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        if bytes.len() as u64 > max {
            std::io::copy(r, &mut std::io::sink()).map_err(|err| Error::io(&e.name, err))?;
            cx.report.skipped(
                kind,
                format!("larger than the record limit of {max} bytes"),
                &e.name,
            );
            return Ok(None);
        }
        match parse(&bytes, cx) {
            Ok(v) => Ok(Some(v)),
            Err(m) => {
                cx.report.skipped(kind, m, &e.name);
                Ok(None)
            }
        }
    }

    /// Keep an item that could not be mapped, verbatim.
    fn keep(
        &mut self,
        kind: Kind,
        src: &Source,
        reason: &str,
        v: &Value,
        cx: &mut Context,
    ) -> Result<()> {
        cx.report.kept_raw(kind);
        let raw = serde_json::to_vec(v).unwrap_or_default();
        cx.sink.keep_raw(
            kind,
            &format!("{}#{}", src.entry, src.index.unwrap_or(0)),
            reason,
            &raw,
        )
    }

    /// Emit the owner's account on `net` (from a profile file).
    fn emit_owner(&mut self, net: Net, mut a: Account, cx: &mut Context) -> Result<()> {
        let o = &mut self.owners[net.idx()];
        if let Some(h) = a.handle.clone().filter(|h| !h.is_empty()) {
            o.native = Some(h);
        } else if let Some(n) = a.display_name.clone().filter(|n| !n.is_empty()) {
            o.native = Some(format!("name/{n}"));
        }
        if let Some(n) = a.display_name.clone() {
            o.name = Some(n);
        }
        let emitted = o.emitted;
        o.emitted = true;
        a.id = self.owner_id(net);
        a.network = net.name().into();
        a.is_owner = true;
        if emitted {
            cx.report.warn(format!(
                "a second profile file ({}) was read; its account record is {}",
                a.source.entry, a.id
            ));
            if !self.ids.insert(a.id.clone()) {
                return Ok(());
            }
        }
        self.ids.insert(a.id.clone());
        cx.emit(Record::Account(a))
    }
}

/// Parse an item and repair its mojibake, counting repairs.
fn parse(bytes: &[u8], cx: &mut Context) -> std::result::Result<Value, String> {
    let mut bad_utf8 = false;
    let mut v = parse_value(bytes, &mut bad_utf8)?;
    if bad_utf8 {
        cx.report.repair("invalid_utf8");
    }
    let n = mojibake::repair_value(&mut v);
    if n > 0 {
        *cx.report.repairs.entry("mojibake".into()).or_default() += n;
    }
    Ok(v)
}

/// Unix seconds (`0` and negative years mean unknown).
pub(crate) fn secs(v: Option<&Value>) -> Option<Timestamp> {
    let n = v?.as_i64().or_else(|| v?.as_f64().map(|f| f as i64))?;
    if n <= 0 {
        return None;
    }
    // a millisecond value where seconds were expected
    if n > 100_000_000_000 {
        return Timestamp::from_millis(n);
    }
    Timestamp::from_unix(n)
}

/// Unix milliseconds.
pub(crate) fn millis(v: Option<&Value>) -> Option<Timestamp> {
    let n = v?.as_i64()?;
    if n <= 0 {
        return None;
    }
    Timestamp::from_millis(n)
}

/// A string field.
pub(crate) fn text(v: Option<&Value>) -> Option<&str> {
    v?.as_str()
}

/// First 12 hex digits of the SHA-256 of the parts (separated by NUL).
pub(crate) fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    d.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// 64 bits of the SHA-256 of a string.
pub(crate) fn hash64(s: &str) -> u64 {
    let d = Sha256::digest(s.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_le_bytes(b)
}

impl Importer for Meta {
    fn network(&self) -> &'static str {
        self.net.name()
    }

    fn generation(&self) -> String {
        self.generation.clone()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        let lower = e.name.to_ascii_lowercase();
        if self.html {
            if is_html_marker(&lower) {
                return Plan::Parse {
                    phase: 0,
                    role: "HTML export".into(),
                };
            }
            return Plan::Ignore {
                reason: "part of an HTML export".into(),
            };
        }
        let file = file_name(&lower);
        if lower.starts_with("__macosx/") || lower.contains("/__macosx/") || file == ".ds_store" {
            return Plan::Ignore {
                reason: "macOS archive metadata".into(),
            };
        }
        if file.ends_with(".json") {
            return match role_of(&e.name) {
                // a Page's inbox before its posts: the Page (the party in every thread)
                // can then be known as the owner before any record names the owner
                Some(Role::Messages) if is_page_inbox(&lower) => Plan::Parse {
                    phase: 5,
                    role: Role::Messages.describe(),
                },
                Some(r) => Plan::Parse {
                    phase: r.phase(),
                    role: r.describe(),
                },
                None => Plan::Carry {
                    role: format!("{} export file not mapped", self.net.title()),
                },
            };
        }
        if file.ends_with(".html")
            || file.ends_with(".htm")
            || file.ends_with(".txt")
            || file.ends_with(".css")
            || file.ends_with(".js")
        {
            return Plan::Carry {
                role: "not a data or media file".into(),
            };
        }
        Plan::Media {
            role: "media file".into(),
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        if self.html {
            return Err(Error::Unrecognized(format!(
                "{} is part of {} export in HTML format, which cannot be read: request a new \
                 export in JSON format (Accounts Center → Your information and permissions → \
                 Download your information → Format: JSON) and import that",
                e.name,
                match self.net {
                    Net::Instagram => "an Instagram",
                    Net::Facebook => "a Facebook",
                    Net::Threads => "a Threads",
                }
            )));
        }
        let Some(role) = role_of(&e.name) else {
            return Ok(0);
        };
        if !matches!(role, Role::Messages | Role::E2eeBackup) {
            // the threads read so far may name the owner no profile named
            self.infer_owner(cx);
        }
        match role {
            Role::Messages => self.read_thread(e, r, cx),
            Role::E2eeBackup => self.read_e2ee(e, r, cx),
            Role::IgLegacyMessages => self.read_legacy_messages(e, r, cx),
            Role::GraphHistory(net, kind) => self.read_graph_history(net, kind, e, r, cx),
            Role::ThreadsPosts
            | Role::ThreadsRelationships(_)
            | Role::ThreadsLikes
            | Role::ThreadsProfile => self.read_threads(role, e, r, cx),
            Role::IgProfile
            | Role::IgPosts
            | Role::IgStories
            | Role::IgProfilePhotos
            | Role::IgComments
            | Role::IgLikes
            | Role::IgSaved
            | Role::IgRelationships(_)
            | Role::IgLegacyMedia
            | Role::IgLegacyConnections
            | Role::IgLegacyLikes
            | Role::IgLegacyComments
            | Role::IgLegacyProfile => self.read_instagram(role, e, r, cx),
            _ => self.read_facebook(role, e, r, cx),
        }
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        let i = self.stored.len();
        self.stored.push(FileRef {
            entry: e.name.clone(),
            stored: stored.clone(),
            used: false,
        });
        let mut key = e.name.as_str();
        for _ in 0..4 {
            self.files.entry(key.to_string()).or_insert(i);
            match key.split_once('/') {
                Some((_, rest)) => key = rest,
                None => break,
            }
        }
        self.by_base
            .entry(file_name(&e.name).to_string())
            .or_insert(i);
        Ok(())
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        self.infer_owner(cx);
        // the owner on each network the dump's records use, when no profile named it
        if !self.html {
            self.owner_id(self.net);
            for net in [Net::Facebook, Net::Instagram, Net::Threads] {
                if self.owners[net.idx()].emitted || self.owner_used.get() & (1 << net.idx()) == 0 {
                    continue;
                }
                let id = self.owner_id(net);
                if !self.ids.insert(id.clone()) {
                    continue;
                }
                let native = self.owner_native(net);
                let native_unknown = native == "owner";
                let a = Account {
                    id: id.clone(),
                    network: net.name().into(),
                    handle: (native != "owner" && !native.starts_with("name/")).then_some(native),
                    display_name: self.owner_name(net).map(str::to_string),
                    is_owner: true,
                    source: Source::entry(""),
                    ..Account::default()
                };
                cx.emit(Record::Account(a))?;
                if native_unknown {
                    cx.report.warn(format!(
                        "no profile file names the owner of this {} export: their records use {id}",
                        net.title()
                    ));
                }
            }
        }
        for (id, mut t) in std::mem::take(&mut self.threads) {
            // joins, leaves and renames, oldest first (files list messages newest first)
            t.events.sort_by_key(|e| e.at);
            let c = crate::model::Conversation {
                id,
                network: t.network.into(),
                group: t.group || t.participants.len() > 2,
                participants: t.participants.into_iter().collect(),
                title: t.title,
                events: t.events,
                message_count: t.messages,
                source: t.source.unwrap_or_default(),
                ext: t.ext,
            };
            cx.emit(Record::Conversation(c))?;
        }
        for (id, s) in std::mem::take(&mut self.stubs) {
            if self.ids.contains(&id) {
                continue;
            }
            let mut ext = Ext::default();
            if let Some(conv) = s.unnamed {
                // who it is the export does not say: one such account per conversation
                ext.insert("unnamed", Value::Bool(true));
                ext.insert_string("unnamed_in", conv);
            }
            let a = Account {
                id,
                network: s.network.into(),
                handle: s.handle,
                display_name: s.display_name,
                url: s.url,
                source: s.source,
                ext,
                ..Account::default()
            };
            cx.emit(Record::Account(a))?;
        }
        // stored files no record referred to
        let rest: Vec<FileRef> = self.stored.iter().filter(|f| !f.used).cloned().collect();
        for f in rest {
            let (id, _) = self.unique(self.net, Kind::Media, &format!("file/{}", f.entry));
            let mut m = Media {
                id,
                network: self.net.name().into(),
                kind: Media::kind_of_mime(crate::archive::mime_of(file_name(&f.entry))).into(),
                source: Source::entry(&f.entry),
                ..Media::default()
            };
            m.set_file(
                f.entry.clone(),
                f.stored.sha256,
                f.stored.bytes,
                f.stored.path,
            );
            cx.emit(Record::Media(m))?;
        }
        Ok(())
    }

    /// "Download your information" lets the user pick categories: each file holds all
    /// of its own family (posts, comments, group posts, friends, …), so posts and media
    /// are covered by family, relationships and reactions by kind. Message threads
    /// (one folder per thread) hold every thread once the category is there; a lone
    /// end-to-end-encrypted chat backup holds only its own chat. A file of another of
    /// the three networks (Threads inside an Instagram export) covers nothing of this
    /// one.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        super::Cover::Complete(role_of(entry).map_or(&[], |r| covers(self.net, r)))
    }
}

/// What a file of `role` covers of network `net` (see [`Meta::covers`]).
fn covers(net: Net, role: Role) -> &'static [&'static str] {
    const DM: &[&str] = &[
        "conversation:dm",
        "message:dm",
        "media:dm",
        "reaction:emoji",
        "account:dm",
    ];
    match (net, role) {
        (Net::Facebook | Net::Instagram, Role::Messages) => DM,
        (Net::Facebook, r) => match r {
            Role::FbPosts => &["post:posts", "media:posts"],
            Role::FbGroupPosts => &["post:group_posts", "media:group_posts"],
            Role::FbComments => &["post:comments", "media:comments"],
            Role::FbGroupComments => &["post:group_comments", "media:group_comments"],
            Role::FbStories => &["post:stories", "media:stories"],
            Role::FbReels => &["post:reels", "media:reels"],
            Role::FbAdminActivity => &["post:admin_activity"],
            Role::FbEvents => &["post:events", "media:events"],
            Role::FbReactions => &["reaction:like", "reaction:reaction"],
            Role::FbEventResponses | Role::FbEventInvitations => &["reaction:rsvp"],
            Role::FbFriends => &["relationship:connection", "account:friends"],
            Role::FbFollowing => &["relationship:following", "account:following"],
            Role::FbFollowers => &["relationship:follower", "account:followers"],
            Role::FbPages => &["relationship:page_admin", "account:pages"],
            Role::FbGroups => &["relationship:group_member", "account:groups"],
            Role::FbGroupsAdmined => &["relationship:group_admin", "account:groups_admined"],
            Role::FbAlbum => &["media:albums"],
            Role::FbVideos => &["media:videos"],
            Role::FbPhotos => &["media:photos"],
            _ => &[],
        },
        (Net::Instagram, r) => match r {
            Role::IgPosts | Role::IgLegacyMedia => &["post:posts", "media:posts"],
            Role::IgStories => &["post:stories", "media:stories"],
            Role::IgProfilePhotos => &["media:profile_photos"],
            Role::IgComments | Role::IgLegacyComments => &["post:comments", "account:comments"],
            Role::IgLikes | Role::IgLegacyLikes => &["reaction:like"],
            Role::IgSaved => &["reaction:bookmark"],
            Role::IgLegacyMessages => DM,
            Role::IgLegacyConnections => &[
                "relationship:follower",
                "relationship:following",
                "relationship:block",
                "relationship:restrict",
                "relationship:close_friend",
                "relationship:follow_request",
                "relationship:following_hashtag",
                "account:connections",
            ],
            Role::IgRelationships(k) => match k {
                "follower" => &["relationship:follower", "account:followers"],
                "following" => &["relationship:following", "account:following"],
                "close_friend" => &["relationship:close_friend", "account:close_friends"],
                "block" => &["relationship:block", "account:blocked"],
                "restrict" => &["relationship:restrict", "account:restricted"],
                _ => &[],
            },
            _ => &[],
        },
        (Net::Threads, r) => match r {
            Role::ThreadsPosts => &["post", "media:posts"],
            Role::ThreadsLikes => &["reaction:like"],
            Role::ThreadsRelationships(k) => match k {
                "follower" => &["relationship:follower", "account:followers"],
                "following" => &["relationship:following", "account:following"],
                "block" => &["relationship:block", "account:blocked"],
                _ => &[],
            },
            _ => &[],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_path() {
        for (p, r) in [
            ("posts/your_posts.json", Role::FbPosts),
            ("posts/your_posts_1.json", Role::FbPosts),
            (
                "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_12.json",
                Role::FbPosts,
            ),
            (
                "this_profile's_activity_across_facebook/posts/profile_posts_1.json",
                Role::FbPosts,
            ),
            ("messages/inbox/a_1/message.json", Role::Messages),
            (
                "your_instagram_activity/messages/inbox/a_1/message_10.json",
                Role::Messages,
            ),
            ("connections/friends/your_friends.json", Role::FbFriends),
            ("friends/friends.json", Role::FbFriends),
            ("comments_and_reactions/comments.json", Role::FbComments),
            (
                "your_activity_across_facebook/comments_and_reactions/likes_and_reactions_1.json",
                Role::FbReactions,
            ),
            (
                "likes_and_reactions/posts_and_comments.json",
                Role::FbReactions,
            ),
            (
                "connections/followers/who_you've_followed.json",
                Role::FbFollowing,
            ),
            ("your_instagram_activity/media/posts_1.json", Role::IgPosts),
            ("content/posts_1.json", Role::IgPosts),
            ("your_instagram_activity/media/reels.json", Role::IgPosts),
            (
                "connections/followers_and_following/followers_1.json",
                Role::IgRelationships("follower"),
            ),
            ("media.json", Role::IgLegacyMedia),
            ("comments.json", Role::IgLegacyComments),
            (
                "your_instagram_activity/threads/threads_and_replies.json",
                Role::ThreadsPosts,
            ),
            ("Alice Example_1.json", Role::E2eeBackup),
        ] {
            assert_eq!(role_of(p), Some(r), "{p}");
        }
        assert_eq!(
            role_of("your_facebook_activity/messages/autofill_information.json"),
            None
        );
        assert_eq!(role_of("posts/media/x.jpg"), None);
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(short_hash(&["a", "b"]), short_hash(&["a", "b"]));
        assert_ne!(short_hash(&["ab", ""]), short_hash(&["a", "b"]));
        assert_eq!(short_hash(&["x"]).len(), 12);
    }
}
