//! Integration tests over the synthetic Google Takeout samples in
//! `formats/youtube/samples/` and `formats/googleplus/samples/` (made by the
//! `make_samples.py` beside them, described there): each generation and quirk of the
//! two FORMAT files reaches the right records, and the report accounts for every
//! record and entry.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

mod common;
use common::{import, Imported, TempDir};

fn sample(network: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(network)
        .join("samples")
        .join(name)
}

fn import_parts(parts: &[&Path]) -> Imported {
    let dir = TempDir::new("import");
    let out = dir.join("archive");
    let done = common::import_parts(
        parts,
        &out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .expect("import");
    Imported {
        report: done.report,
        records: common::read_records(&out),
        dir,
    }
}

const CH: &str = "youtube:account:UCbbBeispielBikes0000Q7w";

#[test]
fn youtube_2025_channel_videos_files_comments_chat_playlists_subscriptions() {
    let a = import(&sample("youtube", "takeout-2025-en"));
    assert_eq!(a.report.network, "youtube");
    assert!(a.report.balanced(), "report balances");
    assert_eq!(a.report.skipped_total(), 0);
    // 19 entries: 12 tables parsed, 4 files stored, index + Chrome + history carried
    assert_eq!(a.report.entries.total, 19);
    assert_eq!(a.report.entries.media, 4);
    assert_eq!(a.report.entries.carried, 3);
    assert!(a
        .fate("Chrome/BrowserHistory.json")
        .1
        .unwrap_or_default()
        .contains("another Google product"));
    assert_eq!(a.fate("history/watch-history.json").0, "Carried");
    assert!(
        a.report.warnings.iter().any(|w| w.contains("Chrome")),
        "the other product is named in the report"
    );

    // the channel, with its handle and its settings
    let me = a.get("accounts", CH);
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["display_name"], "Beispiel Bikes");
    assert_eq!(me["handle"], "beispielbikes");
    assert_eq!(me["ext"]["Video default licence"], "Not set");

    // a video: title + description, publish time, tags, the file bound by its title
    let v = a.get("posts", "youtube:post:Rd1aaaaaaaa");
    assert_eq!(v["author"], CH);
    assert_eq!(v["title"], "Ride: day 1");
    assert_eq!(
        v["text"],
        "Ride: day 1\n\nErster Tag der Tour.\nRoute: https://example.org/route?a=1&b=2\n\n0:00 Start"
    );
    assert_eq!(v["created_at"], "2025-05-01T08:30:00.250Z");
    assert_eq!(v["edited_at"], "2025-05-06T12:00:00.123Z");
    assert_eq!(v["visibility"], "public");
    assert_eq!(v["tags"], serde_json::json!(["tour", "\"alps\""]));
    assert_eq!(v["ext"]["recording"]["Video recording latitude"], "46.5");
    let m = a.get("media", "youtube:media:Rd1aaaaaaaa");
    assert!(m["original_path"]
        .as_str()
        .unwrap_or("")
        .ends_with("videos/Ride_ day 1.mp4"));
    assert_eq!(m["attached_to"][0], "youtube:post:Rd1aaaaaaaa");
    // two videos titled "Repair": `Repair` and `Repair (1)` in creation order
    let r1 = a.get("media", "youtube:media:-Rp1bbbbbbb");
    assert!(r1["original_path"]
        .as_str()
        .unwrap_or("")
        .ends_with("/Repair.mp4"));
    let r2 = a.get("media", "youtube:media:Rp2cccccccc");
    assert!(r2["original_path"]
        .as_str()
        .unwrap_or("")
        .ends_with("/Repair (1).mp4"));
    assert!(r2["ext"]["matched_by"]
        .as_str()
        .unwrap_or("")
        .contains("low confidence"));
    let p = a.get("posts", "youtube:post:Rp2cccccccc");
    assert_eq!(p["visibility"], "private");
    assert_eq!(
        p["created_at"], "2025-05-03T10:00:00Z",
        "never published: create time"
    );
    assert_eq!(
        a.get("posts", "youtube:post:-Rp1bbbbbbb")["visibility"],
        "unlisted"
    );
    assert!(
        a.get("posts", "youtube:post:-Rp1bbbbbbb")["ext"]
            .get("recording")
            .is_none(),
        "0,0,0 is unset"
    );
    // a file no row names is kept as media of its own
    assert_eq!(
        a.get("media", "youtube:media:file/videos/Outtakes.webm")["kind"],
        "video"
    );

    // comments: segment text joined, links and timestamp chips as links
    let c = a.get("posts", "youtube:post:UgzBikeTop000000000A4AaABAg");
    assert_eq!(c["text"], "Karte: https://example.org/map\nPass ab 1:30");
    assert_eq!(c["reply_to"], "youtube:post:Rd1aaaaaaaa");
    assert_eq!(
        c["links"][1]["url"],
        "https://www.youtube.com/watch?v=Rd1aaaaaaaa&t=90s"
    );
    assert_eq!(c["created_at"], "2025-05-01T09:00:00.096Z");
    // a reply without a parent column: the parent is the id before the dot
    let r = a.get(
        "posts",
        "youtube:post:UgyOtherChanTop0000B4AaABAg.9zReplyAbCdE1",
    );
    assert_eq!(r["reply_to"], "youtube:post:UgyOtherChanTop0000B4AaABAg");
    assert_eq!(r["text"], "@rider thanks > 3 tips & more \"quoted\"");
    // a comment on a community post answers the post
    let k = a.get("posts", "youtube:post:UgwCommunity0000000C4AaABAg");
    assert_eq!(
        k["reply_to"],
        "youtube:post:UgkxBikePostAbCdEfGhIjKlMnOpQrStUv"
    );
    assert_eq!(
        k["url"],
        "https://www.youtube.com/post/UgkxBikePostAbCdEfGhIjKlMnOpQrStUv"
    );
    assert_eq!(
        a.get("posts", "youtube:post:UgxOldBike00000000D4AaABAg")["text"],
        "多謝 🙇\u{200d}♀️"
    );

    // live chat: posts answering the stream, marked as chat, Super Chat price kept
    let l = a.get(
        "posts",
        "youtube:post:UgyLiveBike000000000E4AaABDqgBwrD_nwI",
    );
    assert_eq!(l["text"], "Hallo zusammen, los geht's!");
    assert_eq!(l["reply_to"], "youtube:post:Rd1aaaaaaaa");
    assert_eq!(l["ext"]["youtube_kind"], "live_chat");
    assert_eq!(
        a.get(
            "posts",
            "youtube:post:UgyLiveBike000000000F4AaABDqgBwrD_nwJ"
        )["ext"]["Price"],
        "2.00"
    );

    // playlists: items joined to playlists.csv by title, ids trimmed; Watch later = bookmarks
    let item = a.get(
        "reactions",
        "youtube:reaction:playlist_item/UCbbBeispielBikes0000Q7w/PLbbTour000000000000000000000000ab/-Rp1bbbbbbb",
    );
    assert_eq!(item["target"], "youtube:post:-Rp1bbbbbbb");
    assert_eq!(item["ext"]["playlist_title"], "Tour 2025");
    assert_eq!(item["created_at"], "2025-05-02T11:00:00Z");
    let wl = a.get(
        "reactions",
        "youtube:reaction:bookmark/UCbbBeispielBikes0000Q7w/WatchMe0001",
    );
    assert_eq!(wl["kind"], "bookmark");

    // subscriptions: following, and the channels as accounts (trailing space kept)
    let s = a.get(
        "relationships",
        "youtube:relationship:following/UCbbBeispielBikes0000Q7w/UCsubTwoExample00000002",
    );
    assert_eq!(s["subject"], CH);
    assert_eq!(
        a.get("accounts", "youtube:account:UCsubTwoExample00000002")["display_name"],
        "Spokes, Inc. "
    );
    assert_eq!(
        a.get("accounts", "youtube:account:UC-SubOneExample0000001")["display_name"],
        "Rad & Tour e.V."
    );
}

#[test]
fn youtube_german_takeout_is_read_by_header_and_shape() {
    let a = import(&sample("youtube", "takeout-2023-de.zip"));
    assert_eq!(a.report.network, "youtube");
    assert!(a.report.balanced());
    assert_eq!(a.get("accounts", CH)["display_name"], "Beispiel Bikes");
    // the translated subscriptions header
    a.get(
        "relationships",
        "youtube:relationship:following/UCbbBeispielBikes0000Q7w/UCdeSubExample000000003",
    );
    assert_eq!(
        a.get("accounts", "youtube:account:UCdeSubExample000000003")["display_name"],
        "Fahrrad GmbH & Co. KG"
    );
    // Y3 takeoutSegments comments in the mid-2024 column order, with a parent column
    let c = a.get("posts", "youtube:post:UgxDeTop00000000000G4AaABAg");
    assert_eq!(c["text"], "Danke! Anleitung: https://example.org/anleitung");
    assert_eq!(c["reply_to"], "youtube:post:De1aaaaaaaa");
    let r = a.get(
        "posts",
        "youtube:post:UgwForeignParent000H4AaABAg.9deReplyXyZ1",
    );
    assert_eq!(r["reply_to"], "youtube:post:UgwForeignParent000H4AaABAg");
    assert_eq!(r["text"], "Gern geschehen <3");
    assert_eq!(
        a.get("posts", "youtube:post:De1aaaaaaaa")["title"],
        "Werkstatt-Rundgang"
    );
    // "Später ansehen" is Watch later by its id
    let wl = a.get(
        "reactions",
        "youtube:reaction:bookmark/UCbbBeispielBikes0000Q7w/Later000001",
    );
    assert_eq!(wl["ext"]["playlist_title"], "Später ansehen");
    // the translated history file is not mistaken for records
    assert_eq!(a.kind("posts").len(), 3);
    assert_eq!(a.fate("Verlauf/Wiedergabeverlauf.json").0, "Carried");
}

#[test]
fn youtube_2021_html_comments_live_chat_and_likes() {
    let a = import(&sample("youtube", "takeout-2021-en"));
    assert!(a.report.balanced());
    // the owner comes from the playlists' Channel Id
    let me = a.get("accounts", CH);
    assert_eq!(me["is_owner"], true);
    assert!(me["source"]["entry"]
        .as_str()
        .unwrap_or("")
        .ends_with(".csv"));
    let c = a.get("posts", "youtube:post:UgxY2Comment0000001");
    assert_eq!(c["author"], CH);
    assert_eq!(c["text"], "Fahrt & Pause <3");
    assert_eq!(c["reply_to"], "youtube:post:Vid2021aaaa");
    assert_eq!(c["created_at"], "2021-05-19T11:46:23Z");
    let r = a.get("posts", "youtube:post:UggzParent0000CoAEC.7-H0Z7-Reply01");
    assert_eq!(r["reply_to"], "youtube:post:UggzParent0000CoAEC");
    assert_eq!(r["text"], "Siehe https://example.org/faq\nzweite Zeile");
    assert_eq!(r["links"][0]["url"], "https://example.org/faq");
    let old = a.get("posts", "youtube:post:UgjOld00000000CoAEC");
    assert_eq!(old["text"], "");
    assert_eq!(old["created_at"], "2016-06-15T08:50:49Z");
    // live chat from HTML: no id in the file, one made from video and time
    let live = a
        .kind("posts")
        .iter()
        .find(|p| p["text"] == "Grüße aus Köln!")
        .expect("live chat line");
    assert_eq!(live["reply_to"], "youtube:post:LiveVid0001");
    assert_eq!(live["ext"]["youtube_kind"], "live_chat");
    // Liked videos.csv: likes with their times; the empty Uploads list adds nothing
    let like = a.get(
        "reactions",
        "youtube:reaction:like/UCbbBeispielBikes0000Q7w/-Liked00002",
    );
    assert_eq!(like["created_at"], "2018-11-05T20:31:50Z");
    assert_eq!(a.kind("reactions").len(), 2);
    assert_eq!(a.fate("history/watch-history.html").0, "Carried");
    // Y2 Video Metadata.csv: the only generation with counts
    let v = a.get("posts", "youtube:post:Y2Video0001");
    assert_eq!(v["text"], "Winter ride\n\nCold but sunny.");
    assert_eq!(v["created_at"], "2021-01-10T10:00:00Z");
    assert_eq!(v["metrics"]["views"], 345);
    assert_eq!(v["metrics"]["likes"], 12);
    assert_eq!(v["visibility"], "public");
    assert_eq!(v["media"][0], "youtube:media:Y2Video0001");
}

#[test]
fn youtube_y1_json_playlists_and_subscriptions() {
    let a = import(&sample("youtube", "takeout-2019-y1.zip"));
    assert_eq!(a.report.network, "youtube");
    assert!(a.report.balanced());
    let like = a.get(
        "reactions",
        "youtube:reaction:like/UCbbBeispielBikes0000Q7w/Y1Liked0001",
    );
    assert_eq!(like["created_at"], "2017-03-01T10:00:00Z");
    a.get(
        "relationships",
        "youtube:relationship:following/UCbbBeispielBikes0000Q7w/UCy1OldFriend0000000004",
    );
    assert_eq!(
        a.get("accounts", "youtube:account:UCy1OldFriend0000000004")["display_name"],
        "Old Friend Channel"
    );
}

const GRETA: &str = "googleplus:account:100000000000000000001";
const ALBUM: &str = "googleplus:post:users/100000000000000000001/posts/UgAlbumThread0001";

#[test]
fn googleplus_json_posts_comments_plus_ones_reshares_activity_circles() {
    let a = import(&sample("googleplus", "takeout-2019-json"));
    assert_eq!(a.report.network, "googleplus");
    assert!(a.report.balanced());
    // the broken post file is skipped and reported, not fatal
    assert_eq!(a.report.skipped_total(), 1);
    assert!(a.report.skips[0].location.ends_with("Broken.json"));
    assert!(a
        .fate("Profile/Profile.json")
        .1
        .unwrap_or_default()
        .contains("another Google product"));
    assert_eq!(a.fate("harbour1.jpg.metadata.csv").0, "Carried");
    assert!(a.report.warnings.iter().any(|w| w.contains("Profile")));

    let me = a.get("accounts", GRETA);
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["url"], "https://plus.google.com/+GretaSample");

    // the album post: HTML to text, audience "your circles", place, link card
    let p = a.get("posts", ALBUM);
    assert_eq!(
        p["url"],
        "https://plus.google.com/+GretaSample/posts/AlbumPost01"
    );
    assert_eq!(p["text"], "Harbour walk today, see harbour.example");
    assert_eq!(p["visibility"], "followers");
    assert_eq!(p["created_at"], "2018-11-02T09:00:00Z");
    assert_eq!(p["raw_times"]["created_at"], "2018-11-02 09:00:00+0000");
    assert_eq!(p["ext"]["location"]["displayName"], "Old Harbour");
    assert_eq!(p["links"][0]["url"], "https://harbour.example/");
    // one photo stored, one missing and reported
    let m1 = a.get("media", "googleplus:media:media/HarbourOne");
    assert!(m1["sha256"].is_string());
    assert_eq!(m1["alt_text"], "The pier at dawn");
    assert_eq!(m1["ext"]["contentType"], "image/*");
    let m2 = a.get("media", "googleplus:media:media/HarbourTwo");
    assert_eq!(m2["missing"], true);
    assert!(a
        .report
        .missing_media
        .iter()
        .any(|m| m.contains("harbour2.jpg")));
    assert_eq!(p["media"].as_array().map(Vec::len), Some(2));
    // comments: flat, under the post, entities decoded, edits kept
    let c = a.get(
        "posts",
        &format!("{ALBUM}/comments/UgAlbumThread0001-1541156400000"),
    );
    assert_eq!(c["reply_to"], ALBUM);
    assert_eq!(c["text"], "Thanks & see you there");
    assert_eq!(c["edited_at"], "2018-11-02T11:05:00Z");
    assert_eq!(c["visibility"], "followers");
    // +1s are likes, reshares are reposts, by the people who made them
    let like = a.get(
        "reactions",
        "googleplus:reaction:like/100000000000000000003/users/100000000000000000001/posts/UgAlbumThread0001",
    );
    assert_eq!(like["ext"]["native_kind"], "+1");
    a.get(
        "reactions",
        "googleplus:reaction:repost/100000000000000000003/users/100000000000000000001/posts/UgAlbumThread0001",
    );

    // a reshare: repost_of the original, kept as a post by its author; poll and vote
    let rs = a.get(
        "posts",
        "googleplus:post:users/100000000000000000001/posts/UgReshareThread01",
    );
    let orig = "googleplus:post:users/100000000000000000003/posts/UgIdaThread0001";
    assert_eq!(rs["repost_of"], orig);
    assert_eq!(
        rs["repost_of_account"],
        "googleplus:account:100000000000000000003"
    );
    assert_eq!(rs["community"], "Ferry Friends");
    assert_eq!(rs["visibility"], "public");
    assert_eq!(
        rs["ext"]["poll"]["choices"][1]["description"],
        "Evening ferry"
    );
    let o = a.get("posts", orig);
    assert_eq!(o["text"], "Which ferry do you take? Vote below");
    assert_eq!(o["author"], "googleplus:account:100000000000000000003");
    let vote = a.get(
        "reactions",
        "googleplus:reaction:vote/100000000000000000001/users/100000000000000000001/posts/UgReshareThread01",
    );
    assert_eq!(vote["ext"]["choice"], "polls/UgIdaThread0001/choices/1");
    a.get("accounts", "googleplus:account:100000000000000000004"); // a voter

    // a public post with a mention and entities
    let pubp = a.get(
        "posts",
        "googleplus:post:users/100000000000000000001/posts/UgPublicThread01",
    );
    assert_eq!(pubp["text"], "It's done & dusted, thanks +Hans Muster!");
    assert_eq!(pubp["visibility"], "public");
    assert_eq!(
        pubp["mentions"][0]["account"],
        "googleplus:account:100000000000000000002"
    );

    // activity log: your comment on someone else's post, +1s resolved by permalink
    let ac = a.get("posts", "googleplus:post:activity/comment/1548000000000");
    assert_eq!(ac["author"], GRETA);
    assert_eq!(ac["text"], "Evening, & always");
    assert_eq!(
        ac["reply_to"], orig,
        "resolved to the original kept from the reshare"
    );
    assert_eq!(ac["created_at"], "2019-01-20T16:00:00Z");
    let own = a
        .kind("reactions")
        .iter()
        .find(|r| {
            r["target"] == "googleplus:post:users/100000000000000000001/posts/UgPublicThread01"
        })
        .expect("+1 on own post");
    assert_eq!(own["actor"], GRETA);
    assert_eq!(own["created_at"], "2019-02-01T05:46:40Z");
    let foreign = a
        .kind("reactions")
        .iter()
        .find(|r| r["target"] == "googleplus:post:+JonDoe/posts/JonPost0001")
        .expect("+1 on a comment of a foreign post");
    assert_eq!(
        foreign["target_url"],
        "https://plus.google.com/+JonDoe/posts/JonPost0001"
    );
    // the unknown activity kind is kept raw
    assert_eq!(a.report.records["reaction"].kept_raw, 1);

    // circles: one following per person, with every circle; e-mail-only cards too
    let ida = a.get(
        "relationships",
        "googleplus:relationship:following/100000000000000000001/100000000000000000003",
    );
    assert_eq!(
        ida["ext"]["circles"],
        serde_json::json!(["Colleagues", "Friends"])
    );
    // a folded vCard line is unfolded
    a.get(
        "relationships",
        "googleplus:relationship:following/100000000000000000001/100000000000000000002",
    );
    let kim = a.get(
        "relationships",
        "googleplus:relationship:following/100000000000000000001/kim@example.org",
    );
    assert_eq!(kim["object"], "mailto:kim@example.org");

    // a community post by another member does not make them the owner
    let club = a.get(
        "posts",
        "googleplus:post:users/100000000000000000004/posts/UgClubThread001",
    );
    assert_eq!(club["community"], "Bike Club");
    assert_eq!(club["visibility"], "private");
}

#[test]
fn googleplus_html_posts_comments_reactions_and_missing_media() {
    let a = import(&sample("googleplus", "takeout-2018-html.zip"));
    assert_eq!(a.report.network, "googleplus");
    assert!(a.report.balanced());
    let me = a.get("accounts", "googleplus:account:+GretaSample");
    assert_eq!(me["is_owner"], true);
    let p = a.get("posts", "googleplus:post:+GretaSample/posts/HtmlPost0001");
    assert_eq!(
        p["url"],
        "https://plus.google.com/+GretaSample/posts/HtmlPost0001"
    );
    assert_eq!(
        p["text"],
        "Lighthouse at dusk & a very calm sea\n\nMore: sea.example"
    );
    assert_eq!(p["visibility"], "public");
    assert_eq!(p["created_at"], "2018-06-01T19:00:00Z");
    assert_eq!(p["ext"]["location"], "Red Lighthouse - Kai 3, Kiel");
    let m = a.get("media", p["media"][0].as_str().unwrap_or(""));
    assert!(m["sha256"].is_string(), "the local photo is stored");
    // comments: numbered, by their authors
    let c0 = a.get(
        "posts",
        "googleplus:post:+GretaSample/posts/HtmlPost0001/comments/0",
    );
    assert_eq!(c0["text"], "Wow <3");
    assert_eq!(c0["author"], "googleplus:account:100000000000000000002");
    assert_eq!(c0["created_at"], "2018-06-01T20:00:00Z");
    let c1 = a.get(
        "posts",
        "googleplus:post:+GretaSample/posts/HtmlPost0001/comments/1",
    );
    assert_eq!(c1["text"], "+Hans Muster danke!");
    assert_eq!(
        c1["reply_to"],
        "googleplus:post:+GretaSample/posts/HtmlPost0001"
    );
    // +1'd by / Reshared by
    let kinds: Vec<&str> = a
        .kind("reactions")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "like").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "repost").count(), 1);
    // an edited post for "Your circles", whose photo is only a CDN URL
    let e = a.get("posts", "googleplus:post:+GretaSample/posts/HtmlPost0002");
    assert_eq!(e["visibility"], "private");
    assert_eq!(e["edited_at"], "2018-07-03T09:30:00Z");
    assert!(a
        .report
        .missing_media
        .iter()
        .any(|m| m.contains("remote.jpg")));
    // a reshare names its original's author
    let r = a.get("posts", "googleplus:post:+GretaSample/posts/HtmlPost0003");
    assert_eq!(r["text"], "Worth reading");
    assert_eq!(
        r["ext"]["reshared_from"],
        "https://plus.google.com/+IdaExemple/posts/IdaOld0001"
    );
    assert_eq!(
        r["repost_of"],
        "googleplus:post:+IdaExemple/posts/IdaOld0001"
    );
    assert_eq!(r["repost_of_account"], "googleplus:account:+IdaExemple");
    let o = a.get("posts", "googleplus:post:+IdaExemple/posts/IdaOld0001");
    assert_eq!(o["text"], "Ida's original text");
    assert_eq!(o["author"], "googleplus:account:+IdaExemple");
    assert_eq!(a.kind("relationships").len(), 1);
}

#[test]
fn googleplus_early_takeout_html_and_csv_circles() {
    let a = import(&sample("googleplus", "takeout-2014-p0.zip"));
    assert_eq!(a.report.network, "googleplus");
    assert!(a.report.balanced());
    let p = a.get(
        "posts",
        "googleplus:post:112233445566778899000/posts/OldPost00001",
    );
    assert_eq!(p["text"], "Hello from 2014");
    let f = a.get(
        "relationships",
        "googleplus:relationship:following/+GretaSample/100000000000000000009",
    );
    assert_eq!(f["ext"]["circles"], serde_json::json!(["Friends"]));
    assert_eq!(
        a.get("accounts", "googleplus:account:100000000000000000009")["display_name"],
        "Lena Alt"
    );
}

#[test]
fn takeout_detection_does_not_steal_other_networks() {
    // the other networks' samples still go to their own importers
    for (net, name) in [("reddit", "export-2024"), ("mastodon", "outbox-only")] {
        let a = import(&sample(net, name));
        assert_eq!(a.report.network, net);
    }
}

fn entries_of(dump: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if dump.is_dir() {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
            let mut list: Vec<PathBuf> = fs::read_dir(dir)
                .expect("read_dir")
                .map(|e| e.expect("entry").path())
                .collect();
            list.sort();
            for p in list {
                if p.is_dir() {
                    walk(root, &p, out);
                } else {
                    let rel = p.strip_prefix(root).expect("under root");
                    out.push((
                        rel.to_string_lossy().replace('\\', "/"),
                        fs::read(&p).expect("read"),
                    ));
                }
            }
        }
        walk(dump, dump, &mut out);
    } else {
        let mut z = zip::ZipArchive::new(fs::File::open(dump).expect("open zip")).expect("zip");
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("zip entry");
            let mut b = Vec::new();
            f.read_to_end(&mut b).expect("read zip entry");
            out.push((f.name().to_string(), b));
        }
    }
    out
}

/// The committed samples are what the generators write.
#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (it runs formats/{youtube,googleplus}/make_samples.py)"
)]
fn samples_are_reproducible() {
    for (net, var, names) in [
        (
            "youtube",
            "YOUTUBE_SAMPLES_OUT",
            &[
                "takeout-2025-en",
                "takeout-2023-de.zip",
                "takeout-2021-en",
                "takeout-2019-y1.zip",
            ][..],
        ),
        (
            "googleplus",
            "GOOGLEPLUS_SAMPLES_OUT",
            &[
                "takeout-2019-json",
                "takeout-2018-html.zip",
                "takeout-2014-p0.zip",
            ][..],
        ),
    ] {
        let tmp = TempDir::new("regen");
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("formats")
            .join(net)
            .join("make_samples.py");
        let st = std::process::Command::new("python3")
            .arg(&script)
            .env(var, &tmp.0)
            .status()
            .expect("python3");
        assert!(st.success(), "{net}/make_samples.py failed");
        for name in names {
            let (a, b) = (
                entries_of(&sample(net, name)),
                entries_of(&tmp.0.join(name)),
            );
            assert_eq!(a, b, "{net}/{name}: entries differ from a fresh generation");
        }
    }
}

/// Broken and hostile files inside a Takeout are skipped or carried, never fatal.
#[test]
fn hostile_takeout_files_are_skipped_not_fatal() {
    let dir = TempDir::new("hostile");
    let yt = dir.0.join("Takeout/YouTube and YouTube Music");
    let w = |rel: &str, data: &[u8]| {
        let p = yt.join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, data).expect("write");
    };
    let deep = "[".repeat(100_000);
    let mut csv = format!(
        "Comment ID,Channel ID,Comment Text\nUgA,UCx,\"{{\"\"text\"\":{deep}\"\nUgB,UCx,\"{{\"\"text\"\":\"\"ok\"\"}}\"\n,UCx,no id\nUgC,UCx,"
    )
    .into_bytes();
    csv.extend_from_slice(b"\xff\xfe\n");
    w("comments/comments.csv", &csv);
    w(
        "my-comments/my-comments.html",
        format!("<ul>{}<li>{}", "<div>".repeat(50_000), "<a href=\"?lc=").as_bytes(),
    );
    w("playlists/x.json", b"{\"items\": [1, 2, {\"snippet\": 3}]");
    w("videos/videos.csv", b"Video ID,Title\n,\n\"unterminated");
    w(
        "subscriptions/s.csv",
        b"Channel Id,Channel Url,Channel Title\n\n",
    );
    let a = import(&dir.0);
    assert_eq!(a.report.network, "youtube");
    assert!(a.report.balanced());
    // the deep JSON is text, the good row is read, the id-less row skipped
    assert_eq!(a.get("posts", "youtube:post:UgB")["text"], "ok");
    assert!(a.get("posts", "youtube:post:UgA")["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("{\"text\":[[["));
    assert!(a.report.skipped_total() >= 2);

    let dir = TempDir::new("hostile-gp");
    let gp = dir.0.join("Takeout/Google+ Stream");
    let w = |rel: &str, data: &[u8]| {
        let p = gp.join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, data).expect("write");
    };
    w(
        "Posts/a.json",
        format!("{{\"url\":\"x\",\"content\":{}}}", "[".repeat(100_000)).as_bytes(),
    );
    w("Posts/b.json", b"[1,2,3]");
    w("Posts/c.json", br#"{"url":"https://plus.google.com/+A/posts/1","author":7,"comments":[1,{"content":null}],"plusOnes":[{}],"album":{"media":[5]},"media":{"localFilePath":"../../etc/passwd"}}"#);
    w("Posts/d.html", "<div>".repeat(50_000).as_bytes());
    w(
        "ActivityLog/x.json",
        br#"{"items":[7,{"postPlusOneAddedItem":{}}]}"#,
    );
    w(
        "../Google+ Circles/c.vcf",
        b"BEGIN:VCARD\nURL:\nEND:VCARD\nBEGIN:VCARD\n",
    );
    let a = import(&dir.0);
    assert_eq!(a.report.network, "googleplus");
    assert!(a.report.balanced());
    assert!(a.report.skipped_total() >= 5);
    let c = a.get("posts", "googleplus:post:+A/posts/1");
    assert_eq!(c["media"].as_array().map(Vec::len), Some(1));
}

/// A multi-part Takeout: the post in one zip, its photo and its video's file in another.
#[test]
fn takeout_parts_join_posts_to_files_in_other_parts() {
    let (one, two) = (TempDir::new("part1"), TempDir::new("part2"));
    let copy = |from: &Path, to: &Path| {
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(from, to).expect("copy");
    };
    let posts = "Takeout/Google+ Stream/Posts/";
    let json = "20181102 - Harbour walk today, see harbour.exa.json";
    let g = sample("googleplus", "takeout-2019-json");
    copy(&g.join(posts).join(json), &one.0.join(posts).join(json));
    copy(
        &g.join(posts).join("harbour1.jpg"),
        &two.0.join(posts).join("harbour1.jpg"),
    );
    let a = import_parts(&[&one.0, &two.0]);
    let m = a.get("media", "googleplus:media:media/HarbourOne");
    assert!(
        m["sha256"].is_string(),
        "the photo of part 2 is bound to the post of part 1"
    );
    assert!(m["original_path"]
        .as_str()
        .unwrap_or("")
        .starts_with("part2/"));

    let (one, two) = (TempDir::new("part1"), TempDir::new("part2"));
    let y = sample("youtube", "takeout-2025-en");
    let yt = "Takeout/YouTube and YouTube Music/";
    let meta = format!("{yt}video metadata/videos.csv");
    let file = format!("{yt}videos/Ride_ day 1.mp4");
    copy(&y.join(&meta), &one.0.join(&meta));
    copy(&y.join(&file), &two.0.join(&file));
    let a = import_parts(&[&one.0, &two.0]);
    let m = a.get("media", "youtube:media:Rd1aaaaaaaa");
    assert!(m["original_path"]
        .as_str()
        .unwrap_or("")
        .starts_with("part2/"));
}

/// The same dump gives the same records, byte for byte (ids and order are stable), so
/// importing it again into its archive changes nothing.
#[test]
fn imports_are_deterministic() {
    for (net, name) in [
        ("youtube", "takeout-2025-en"),
        ("googleplus", "takeout-2019-json"),
    ] {
        let dir = TempDir::new("determinism");
        let mut outs = Vec::new();
        for i in 0..2 {
            let out = dir.0.join(format!("a{i}"));
            common::import_dump(
                &sample(net, name),
                &out,
                &lifeboat::ImportOptions::default(),
                &mut lifeboat::NoProgress,
            )
            .expect("import");
            let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(out.join("data/records"))
                .expect("records")
                .map(|e| {
                    let p = e.expect("entry").path();
                    (
                        p.display().to_string().replace(&format!("a{i}"), "a"),
                        fs::read(&p).expect("read"),
                    )
                })
                .collect();
            files.sort();
            outs.push(files);
        }
        assert_eq!(
            outs[0], outs[1],
            "{net}/{name}: records differ between two imports"
        );
    }
}

/// Deeply nested comment blocks in a Google+ HTML post are read once, quickly.
#[test]
fn nested_html_comments_stay_linear() {
    let dir = TempDir::new("nested");
    let p = dir.0.join("Takeout/Google+ Stream/Posts/p.html");
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    let payload = "x".repeat(2_000_000);
    let html = format!(
        "<a href=\"https://plus.google.com/+A/posts/1\">2019-01-01 00:00:00+0000</a><div class=\"comments\">{}{payload}{}</div>",
        "<div class=\"comment\">".repeat(400),
        "</div>".repeat(400)
    );
    fs::write(&p, html).expect("write");
    let t = std::time::Instant::now();
    let a = import(&dir.0);
    assert!(t.elapsed().as_secs() < 30, "took {:?}", t.elapsed());
    assert_eq!(a.kind("posts").len(), 2, "the post and one (outer) comment");
}
