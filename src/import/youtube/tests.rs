use super::history::find_time;
use super::tables::classify;
use super::tables::segments;
use super::tables::TableRole;
use super::*;

#[test]
fn comment_text_in_every_form() {
    let (t, l, rich) = segments(
        r#"{"takeoutSegments":[{"text":"see "},{"text":"x.org","link":{"linkUrl":"https://x.org/"}}]}"#,
    );
    assert_eq!(t, "see x.org");
    assert_eq!(l[0].url, "https://x.org/");
    assert!(rich.is_some());
    let (t, l, _) = segments(
        r#"{"text":"at "},{"text":"1:05","videoLink":{"externalVideoId":"Ab3dEf9hIjK","startTimeSeconds":65}},{"text":" \u003e ok"}"#,
    );
    assert_eq!(t, "at 1:05 > ok");
    assert_eq!(
        l[0].url,
        "https://www.youtube.com/watch?v=Ab3dEf9hIjK&t=65s"
    );
    let (t, _, rich) = segments(r#"{"text":"a \"},{\" b"}"#);
    assert_eq!(t, "a \"},{\" b");
    assert!(rich.is_none());
    assert_eq!(segments("plain text").0, "plain text");
    assert_eq!(segments("{broken").0, "{broken");
}

#[test]
fn tables_by_header() {
    let h = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        classify(&h("Kanal-ID,Kanal-URL,Kanaltitel")),
        TableRole::Subscriptions
    );
    assert_eq!(
        classify(&h("Channel ID,Comment Create Timestamp,Price,Comment ID,Parent Comment ID,Video ID,Comment Text")),
        TableRole::Comments
    );
    assert_eq!(
        classify(&h("Video ID,Playlist video creation timestamp")),
        TableRole::PlaylistItems
    );
    assert_eq!(
        classify(&h(
            "Video ID,Approx duration (ms),Video category,Channel ID,Video title (original)"
        )),
        TableRole::Videos
    );
    assert_eq!(classify(&h("Channel ID")), TableRole::ChannelSettings);
    assert_eq!(classify(&h("Song,Album")), TableRole::Unknown);
}

#[test]
fn times_titles_and_params() {
    assert_eq!(
        find_time("You added a comment at 2015-03-20 22:51:16 UTC.").as_deref(),
        Some("2015-03-20 22:51:16 UTC")
    );
    assert_eq!(
        find_time("at 2016-06-15T08:50:49Z.").as_deref(),
        Some("2016-06-15T08:50:49Z")
    );
    assert_eq!(find_time("no time"), None);
    assert_eq!(
        file_title("Product demo: Acme Widget 2.0"),
        "product demo_ acme widget 2.0"
    );
    assert_eq!(
        param("http://www.youtube.com/watch?v=VID&lc=A.B", "lc"),
        Some("A.B")
    );
}
