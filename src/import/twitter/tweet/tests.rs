use super::*;

#[test]
fn status_links() {
    assert_eq!(
        status_id("https://x.com/milahu104/status/2027739112069878026"),
        Some("2027739112069878026")
    );
    assert_eq!(
        status_id("https://twitter.com/a/status/12?s=20"),
        Some("12")
    );
    assert_eq!(status_id("https://x.com/a/status/12/photo/1"), Some("12"));
    assert_eq!(status_id("https://example.com/a/status/12"), None);
    assert_eq!(status_id("https://twitter.com/a/likes"), None);
}

#[test]
fn snowflake() {
    // 2029605...: March 2026
    let t = snowflake_time(2029604193200152772).unwrap();
    assert!(t.to_rfc3339().starts_with("2026-03-05"));
    assert!(snowflake_time(457415942).is_none());
}

#[test]
fn client_names() {
    assert_eq!(
        client_name("<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>"),
        "Twitter Web App"
    );
    assert_eq!(client_name("web"), "web");
}
