use super::items::short_hash;
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
