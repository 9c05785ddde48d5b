use super::*;

#[test]
fn table_names_and_split_tables() {
    assert_eq!(role_of("post_votes_2.csv"), Some(Role::PostVotes));
    assert_eq!(
        role_of("export_alex_20240310/comments.csv"),
        Some(Role::Comments)
    );
    assert_eq!(role_of("messages_archive.csv"), Some(Role::Messages));
    assert_eq!(role_of("ip_logs.csv"), None);
    assert_eq!(base("ip_logs.csv").as_deref(), Some("ip_logs"));
}

#[test]
fn fullnames_and_links() {
    assert_eq!(thing_id("t3_xyz789", true), "reddit:post:xyz789");
    assert_eq!(thing_id("t1_kx1y2z3", false), "reddit:post:comment/kx1y2z3");
    assert_eq!(thing_id("abc", false), "reddit:post:abc");
    assert_eq!(
        post_of_link("https://www.reddit.com/r/rust/comments/xyz789/csv_crate_and_bom/"),
        Some("xyz789")
    );
    assert_eq!(bare("t3_abc"), "abc");
    assert_eq!(
        target_of_link("https://www.reddit.com/r/rust/comments/xyz789/slug/kx1y2z3/").as_deref(),
        Some("reddit:post:comment/kx1y2z3")
    );
    assert_eq!(
        target_of_link("https://www.reddit.com/r/rust/comments/xyz789/slug/").as_deref(),
        Some("reddit:post:xyz789")
    );
    assert_eq!(bare("u_alex"), "u_alex");
}
