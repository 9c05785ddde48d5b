use super::*;

#[test]
fn accounts_from_uris() {
    assert_eq!(
        acct_from_uri("https://mastodon.social/users/lmorchard").as_deref(),
        Some("lmorchard@mastodon.social")
    );
    assert_eq!(
        acct_from_uri("https://a2mi.social/@george").as_deref(),
        Some("george@a2mi.social")
    );
    assert_eq!(
        acct_from_uri("https://mastodon.social/users/Devtesla/statuses/56132").as_deref(),
        Some("Devtesla@mastodon.social")
    );
    assert_eq!(
        acct_from_uri("https://mastodon.social/ap/users/116840387061670746"),
        None
    );
    assert_eq!(acct_from_uri("https://host/users/123456"), None);
    assert_eq!(acct_from_uri("tag:mastodon.social,2016:objectId=1"), None);
}

#[test]
fn media_keys_ignore_prefixes() {
    let want = "media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg";
    for p in [
        "/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
        "media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
        "/horse-media/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
        "opt/mastodon/public/system/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg",
    ] {
        assert_eq!(media_key(p), want);
    }
    assert_eq!(media_key("avatar.png"), "avatar.png");
}
