//! What each file of a Meta export is: its role by path (every generation's names),
//! the detection scores of the three networks, and what each role covers.

use super::*;

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
    pub(super) fn describe(self) -> String {
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
    pub(super) fn phase(self) -> u8 {
        match self {
            Role::FbProfile | Role::IgProfile | Role::IgLegacyProfile | Role::ThreadsProfile => 2,
            Role::Messages | Role::E2eeBackup | Role::IgLegacyMessages => 20,
            _ => 10,
        }
    }
}

pub(super) fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The folder holding a file (`""` at the root).
pub(super) fn parent(name: &str) -> &str {
    match name.rsplit_once('/') {
        Some((dir, _)) => file_name(dir),
        None => "",
    }
}

/// `stem` is `base`, `base_N`.
pub(super) fn numbered(stem: &str, base: &str) -> bool {
    match stem.strip_prefix(base) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('_')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

/// True when a path segment of `name` is `seg`.
pub(super) fn has_segment(name: &str, seg: &str) -> bool {
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
pub(super) fn follow_history(stem: &str) -> Option<&'static str> {
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
pub(super) fn is_page_inbox(lower: &str) -> bool {
    lower.contains("this_profile's_activity_across_facebook/")
}

/// `<Thread name>_<N>` at the root: a Messenger end-to-end-encrypted chat backup.
pub(super) fn is_e2ee_name(stem: &str) -> bool {
    stem.rsplit_once('_').is_some_and(|(name, n)| {
        !name.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// True for the HTML files that stand where an export's JSON would be.
pub(super) fn is_html_marker(name: &str) -> bool {
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
pub(super) fn scores(entries: &[Entry]) -> (u8, u8, u8) {
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

/// What a file of `role` covers of network `net` (see [`Meta::covers`]).
pub(super) fn covers(net: Net, role: Role) -> &'static [&'static str] {
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
