//! What each file of an archive is: its role by name (every generation's names),
//! the phase it is read in, and the media folders.

/// What a data file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Manifest,
    Tweets,
    DeletedTweets,
    CommunityTweets,
    CircleTweets,
    Notes,
    DeletedNotes,
    TweetHeaders,
    DeletedTweetHeaders,
    Likes,
    Bookmarks,
    Graph(&'static str),
    Lists(&'static str),
    DirectMessages,
    GroupMessages,
    MessageEvents,
    Account,
    Profile,
    Verified,
    ScreenNameChange,
    ProtectedHistory,
    AccountTimezone,
    ClassicUser,
    ClassicPayload,
    ClassicIndex,
    ClassicMonth,
    ClassicCsv,
}

/// The name a role goes by in the report (the data type's own name).
pub(super) fn role_name(r: Role) -> String {
    match r {
        Role::Manifest => "manifest",
        Role::Tweets => "tweets",
        Role::DeletedTweets => "deleted tweets",
        Role::CommunityTweets => "community tweets",
        Role::CircleTweets => "twitter circle tweets",
        Role::Notes => "note tweets",
        Role::DeletedNotes => "deleted note tweets",
        Role::TweetHeaders => "tweet headers (completeness check)",
        Role::DeletedTweetHeaders => "deleted tweet headers (completeness check)",
        Role::Likes => "likes",
        Role::Bookmarks => "bookmarks",
        Role::Graph(kind) => return format!("{kind} relationships"),
        Role::Lists(kind) => return format!("{kind} relationships"),
        Role::DirectMessages => "direct messages",
        Role::GroupMessages => "group direct messages",
        Role::MessageEvents => "XChat message events (encrypted)",
        Role::Account => "account",
        Role::Profile => "profile",
        Role::Verified => "verified",
        Role::ScreenNameChange => "screen name changes",
        Role::ProtectedHistory => "protected history",
        Role::AccountTimezone => "account timezone",
        Role::ClassicUser => "user details (classic)",
        Role::ClassicPayload => "payload details (classic)",
        Role::ClassicIndex => "tweet index (classic)",
        Role::ClassicMonth => "tweets of a month (classic)",
        Role::ClassicCsv => "tweets.csv (classic)",
    }
    .to_string()
}

/// Base name of a data file without `.js` and `-partN`.
pub(super) fn base_name(name: &str) -> Option<&str> {
    let file = name.rsplit('/').next()?;
    let stem = file.strip_suffix(".js")?;
    if let Some(i) = stem.rfind("-part") {
        if stem[i + 5..].chars().all(|c| c.is_ascii_digit()) && i + 5 < stem.len() {
            return Some(&stem[..i]);
        }
    }
    Some(stem)
}

pub(super) fn role_of(name: &str) -> Option<Role> {
    let lower = name.to_ascii_lowercase();
    // the classic archive's CSV, at the root (or below one top folder)
    if lower.rsplit('/').next() == Some("tweets.csv") && lower.matches('/').count() <= 1 {
        return Some(Role::ClassicCsv);
    }
    if lower.contains("data/js/tweets/") && lower.ends_with(".js") {
        return Some(Role::ClassicMonth);
    }
    let base = base_name(name)?;
    Some(match base {
        "manifest" => Role::Manifest,
        "tweets" | "tweet" => Role::Tweets,
        "deleted-tweets" | "deleted-tweet" => Role::DeletedTweets,
        "community-tweet" => Role::CommunityTweets,
        "twitter-circle-tweet" => Role::CircleTweets,
        "note-tweet" => Role::Notes,
        "deleted-note-tweet" => Role::DeletedNotes,
        "tweet-headers" => Role::TweetHeaders,
        "deleted-tweet-headers" => Role::DeletedTweetHeaders,
        "like" => Role::Likes,
        "bookmark" | "bookmarks" => Role::Bookmarks,
        "follower" => Role::Graph("follower"),
        "following" => Role::Graph("following"),
        "block" => Role::Graph("block"),
        "mute" => Role::Graph("mute"),
        "lists-created" => Role::Lists("list_owner"),
        "lists-member" => Role::Lists("list_member"),
        "lists-subscribed" => Role::Lists("list_subscriber"),
        "direct-messages" | "direct-message" => Role::DirectMessages,
        "direct-messages-group" | "direct-message-group" => Role::GroupMessages,
        "message-event" => Role::MessageEvents,
        "account" => Role::Account,
        "profile" => Role::Profile,
        "verified" => Role::Verified,
        "screen-name-change" => Role::ScreenNameChange,
        "protected-history" => Role::ProtectedHistory,
        "account-timezone" => Role::AccountTimezone,
        "user_details" => Role::ClassicUser,
        "payload_details" => Role::ClassicPayload,
        "tweet_index" => Role::ClassicIndex,
        _ => return None,
    })
}

/// Order of reading: the manifest first (its counts check every other file), then
/// media (phase 1, see `Plan`), then account data and note tweets, which tweets need,
/// then the big files, then the completeness checks.
pub(super) fn phase(r: Role) -> u8 {
    match r {
        Role::Manifest => 0,
        Role::Account
        | Role::Profile
        | Role::Verified
        | Role::ScreenNameChange
        | Role::ProtectedHistory
        | Role::AccountTimezone
        | Role::ClassicUser
        | Role::ClassicPayload
        | Role::ClassicIndex
        | Role::Notes
        | Role::DeletedNotes => 2,
        Role::ClassicCsv => 15,
        Role::TweetHeaders | Role::DeletedTweetHeaders => 20,
        _ => 10,
    }
}

/// The offline viewer X ships beside the data: `Your archive.html` and `assets/`
/// (G1–G3), `index.html`, `css/`, `img/`, `js/`, `lib/` (G0) — at the root of the
/// dump, or below one top folder when the user re-zipped the unpacked archive.
pub(super) fn is_viewer(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let at_root = |p: &str| {
        let first = p.split('/').next().unwrap_or("");
        let rest = p.contains('/');
        (rest && ["assets", "css", "img", "js", "lib"].contains(&first))
            || p == "your archive.html"
            || p == "index.html"
    };
    if at_root(&l) {
        return true;
    }
    match l.split_once('/') {
        Some((top, rest)) if top != "data" => at_root(rest),
        _ => false,
    }
}

pub(super) fn media_folder(name: &str) -> Option<&str> {
    let mut parts = name.split('/').rev().skip(1);
    parts.find(|p| p.ends_with("_media"))
}
