//! Integration tests over the synthetic LinkedIn exports in `formats/linkedin/samples/`
//! (made by `formats/linkedin/make_samples.py`, described there): every table of the
//! export reaches the right records in each generation (L2018, L2020 Basic zip, L2023+
//! Complete), with the CSV dialects repaired and the report accounting for every row
//! and entry.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{import, TempDir};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/linkedin/samples")
        .join(name)
}

#[test]
fn complete_2024_maps_every_file() {
    let a = import(&sample("complete-2024"));
    assert_eq!(a.report.network, "linkedin");
    assert!(a.report.balanced(), "report balances");
    // 14 files parsed, the two account-data tables carried
    assert_eq!(a.report.entries.total, 16);
    assert_eq!(a.report.entries.carried, 2);
    assert!(a.report.skips.is_empty(), "{:?}", a.report.skips);

    // the owner: Profile.csv, positions, and the profile URL learnt from invitations
    let owner = a.get("accounts", "linkedin:account:owner");
    assert_eq!(owner["is_owner"], true);
    assert_eq!(owner["display_name"], "Robin Sample");
    assert_eq!(owner["url"], "https://www.linkedin.com/in/robin-sample-42");
    assert_eq!(owner["bio"], "I keep records.\nAll of them.");
    assert_eq!(owner["website"], "https://robin.example");
    assert_eq!(owner["ext"]["positions"][0]["Title"], "Archivist");

    // Shares.csv: the `"\n"` line quoting undone, quotes kept, visibility mapped
    let p = a.get("posts", "linkedin:post:ugcPost:7250000000000000001");
    assert_eq!(
        p["text"],
        "Moving our records this week.\n\nStep one: export.\nStep two: check the \"ids\" twice."
    );
    assert_eq!(p["visibility"], "public");
    assert_eq!(p["created_at"], "2024-11-02T09:10:11Z");
    assert_eq!(p["raw_times"]["created_at"], "2024-11-02 09:10:11");
    assert_eq!(a.report.repairs.get("line_quotes"), Some(&1));
    let s = a.get("posts", "linkedin:post:share:7200000000000000002");
    assert_eq!(s["visibility"], "followers");
    let urls: Vec<&str> = s["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["url"].as_str())
        .collect();
    assert_eq!(
        urls,
        ["https://lnkd.in/sAmPlE", "https://records.example/post"]
    );
    let thumb = a.get("media", s["media"][0].as_str().expect("media id"));
    assert_eq!(thumb["original_url"], "https://img.example/thumb.jpg");
    assert_eq!(thumb["attached_to"][0], s["id"]);
    let bare = a.get("posts", "linkedin:post:activity:7040000000000000003");
    assert_eq!(bare["ext"]["bare_repost"], true);

    // Comments.csv: backslash-escaped quotes, raw line breaks, a blank date; threaded
    let comments: Vec<&Value> = a
        .kind("posts")
        .iter()
        .filter(|p| p["id"].as_str().is_some_and(|i| i.contains(":comment/")))
        .collect();
    assert_eq!(comments.len(), 3);
    let own = comments
        .iter()
        .find(|c| c["text"] == "Answering on my own post: \"ids\" first.")
        .expect("comment with quotes");
    assert_eq!(own["reply_to"], "linkedin:post:ugcPost:7250000000000000001");
    assert!(comments
        .iter()
        .any(|c| c["text"] == "Line one of a comment,\n\nline two — café."));
    let undated = comments
        .iter()
        .find(|c| c["text"] == "A comment without a date.")
        .expect("undated");
    assert!(undated["created_at"].is_null());

    // articles: published (public) and an unpublished draft (private)
    let art = a.get(
        "posts",
        "linkedin:post:article:keeping-records-robin-sample-abcde",
    );
    assert_eq!(art["title"], "Keeping Records");
    assert_eq!(
        art["text"],
        "Keep every record & its source.\n\nVerify with BagIt."
    );
    assert!(art["html"]
        .as_str()
        .expect("html")
        .contains("<strong>every</strong>"));
    assert_eq!(art["created_at"], "2024-02-02T07:00:00Z");
    assert_eq!(art["links"][0]["url"], "https://records.example/bagit");
    let draft = a.get("posts", "linkedin:post:article:7240000000000000077");
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["visibility"], "private");

    // reactions: a post, a comment (commentUrn), an article; a poll vote
    let like = a.get(
        "reactions",
        "linkedin:reaction:like/owner/activity:7240000000000000010",
    );
    assert_eq!(like["target"], "linkedin:post:activity:7240000000000000010");
    let cel = a
        .kind("reactions")
        .iter()
        .find(|r| r["emoji"] == "CELEBRATE")
        .expect("celebrate");
    assert_eq!(
        cel["target"],
        "linkedin:post:comment:(activity:7240000000000000010,7240000000000000099)"
    );
    assert!(a.kind("reactions").iter().any(|r| r["kind"] == "vote"));

    // Rich_Media.csv: links only, prose dates, " -" is no description
    let uploads: Vec<&Value> = a
        .kind("media")
        .iter()
        .filter(|m| m["id"].as_str().is_some_and(|i| i.contains(":upload/")))
        .collect();
    assert_eq!(uploads.len(), 2);
    let video = uploads
        .iter()
        .find(|m| m["kind"] == "video")
        .expect("video");
    assert_eq!(video["alt_text"], "Walkthrough of the audit");
    assert_eq!(video["ext"]["uploaded_at"], "2024-06-01T23:59:00Z");
    let photo = uploads
        .iter()
        .find(|m| m["kind"] == "photo")
        .expect("photo");
    assert!(photo["alt_text"].is_null());
    // uploaded a minute before the share: joined to it by time
    assert_eq!(
        photo["attached_to"][0],
        "linkedin:post:ugcPost:7250000000000000001"
    );
    assert_eq!(
        a.get("posts", "linkedin:post:ugcPost:7250000000000000001")["media"][0],
        photo["id"]
    );
    // uploaded after every share of that day: left unjoined
    assert!(video["attached_to"].is_null());

    // connections after the Notes: preamble; the hidden member kept raw
    let c = a.get(
        "relationships",
        "linkedin:relationship:connection/owner/in/kwame-mensah",
    );
    assert_eq!(c["since"], "2019-02-01T00:00:00Z");
    assert_eq!(c["ext"]["Company"], "Data, Inc.");
    assert_eq!(
        a.get("accounts", "linkedin:account:in/kwame-mensah")["display_name"],
        "Kwame Mensah, PhD"
    );
    assert_eq!(a.report.records["relationship"].kept_raw, 1);
    // company follows with Java dates; invitations both ways
    let f = a.get(
        "relationships",
        "linkedin:relationship:following/owner/company/Archive Works, Ltd.",
    );
    assert_eq!(f["since"], "2024-12-14T08:57:55Z");
    let inv = a.get(
        "relationships",
        "linkedin:relationship:invitation/in/lee-park/owner",
    );
    assert_eq!(inv["since"], "2024-12-15T07:47:00Z");
    assert_eq!(
        inv["ext"]["Message"],
        "Hi Robin, we met at the archive day."
    );

    // messages: conversations by id, the owner recognised, group recipients split by URL
    assert_eq!(a.kind("messages").len(), 7);
    let conv = a.get(
        "conversations",
        "linkedin:conversation:2-QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBXzAwMQ==",
    );
    assert_eq!(conv["message_count"], 3);
    assert_eq!(
        conv["participants"],
        serde_json::json!(["linkedin:account:in/ana-sousa-7", "linkedin:account:owner"])
    );
    // the same message twice in one second: two records, distinct ids
    let twice: Vec<&Value> = a
        .kind("messages")
        .iter()
        .filter(|m| m["text"] == "Hi Robin,  coffee on Thursday?")
        .collect();
    assert_eq!(twice.len(), 2);
    assert_ne!(twice[0]["id"], twice[1]["id"]);
    let group = a.get(
        "conversations",
        "linkedin:conversation:2-QkJCQkJCQkJCQkJCQkJCQkJCQkJCXzAwMg==",
    );
    assert_eq!(group["group"], true);
    assert_eq!(group["title"], "Records Guild");
    // InMail HTML: entities decoded, markup kept in ext
    let inmail = a
        .kind("messages")
        .iter()
        .find(|m| m["sender"] == "linkedin:account:name/Sam Recruiter")
        .expect("inmail");
    assert_eq!(
        inmail["text"],
        "Hello Robin,\n\nWe're hiring archivists & auditors."
    );
    assert!(inmail["ext"]["html"].as_str().expect("html").contains("<p"));
    // the unsent draft has no conversation id
    let d = a
        .kind("messages")
        .iter()
        .find(|m| m["text"] == "An unsent note")
        .expect("draft");
    assert_eq!(d["conversation"], "linkedin:conversation:messages/drafts");
    assert_eq!(d["ext"]["status"], "draft");
    // plain messages keep their spacing (paragraphs flattened to two spaces)
    assert!(a
        .kind("messages")
        .iter()
        .any(|m| m["text"] == "Hi Robin,  coffee on Thursday?" && m["ext"].get("html").is_none()));
    // the coach's feed is its own conversation
    a.get(
        "conversations",
        "linkedin:conversation:coach/2-Y29hY2gwMDE=",
    );
}

#[test]
fn basic_2021_zip_under_a_folder() {
    let a = import(&sample("basic-2021.zip"));
    assert_eq!(a.report.network, "linkedin");
    assert!(a.report.balanced());
    assert_eq!(a.report.entries.total, 4);
    assert_eq!(a.report.entries.parsed, 4);
    // the BOM does not hide the header; the member-id suffix does not hide Shares
    assert_eq!(
        a.get("accounts", "linkedin:account:owner")["display_name"],
        "Robin Sample"
    );
    let p = a.get("posts", "linkedin:post:share:6790000000000000020");
    assert_eq!(p["text"], "First post from the 2021 export");
    // connections without a URL column: the account is known by name
    let c = a.get(
        "relationships",
        "linkedin:relationship:connection/owner/name/Ana Sousa",
    );
    assert_eq!(c["since"], "2021-01-12T00:00:00Z");
    // messages without the draft columns
    let m = &a.kind("messages")[0];
    assert_eq!(m["conversation"], "linkedin:conversation:2-REREREQ=");
    assert_eq!(m["recipients"][0], "linkedin:account:owner");
}

#[test]
fn legacy_2018_utf16_tables_and_directions() {
    let a = import(&sample("legacy-2018"));
    assert_eq!(a.report.network, "linkedin");
    assert!(a.report.generation.contains("L2018"));
    assert!(a.report.balanced());
    assert!(a.report.skips.is_empty(), "{:?}", a.report.skips);
    // UTF-16LE, TAB-separated Shares.csv
    let p = a.get("posts", "linkedin:post:activity:6278000000000000030");
    assert_eq!(p["text"], "Hello from 2017 — ünïcödé");
    assert_eq!(p["visibility"], "followers");
    assert_eq!(p["created_at"], "2017-06-08T08:15:44Z");
    let q = a.get("posts", "linkedin:post:activity:6056000000000000031");
    assert_eq!(q["title"], "A Page");
    assert_eq!(q["visibility"], "public");
    assert_eq!(q["links"][0]["url"], "http://page.example");
    // messages: the direction names the owner; one conversation per counterpart
    let conv = a.get(
        "conversations",
        "linkedin:conversation:messages/with/name/Ana Sousa",
    );
    assert_eq!(conv["message_count"], 2);
    let m = a
        .kind("messages")
        .iter()
        .find(|m| m["sender"] == "linkedin:account:name/Ana Sousa")
        .expect("incoming");
    assert_eq!(m["text"], "Hi Robin,I’ll bring the slides.\u{a0}See you!");
    assert_eq!(m["sent_at"], "2018-06-19T05:54:00Z");
    assert_eq!(m["raw_times"]["sent_at"], "6/19/18, 5:54 AM");
    assert_eq!(a.kind("conversations").len(), 2);
    // connections without preamble, US short dates
    let c = a.get(
        "relationships",
        "linkedin:relationship:connection/owner/name/Ana Sousa",
    );
    assert_eq!(c["since"], "2018-01-08T18:14:00Z");
    // the 2018 article path
    let art = a.get("posts", "linkedin:post:article:old-notes-robin-sample");
    assert_eq!(art["text"], "Notes from 2016.");
}

#[test]
fn hostile_rows_are_skipped_not_fatal() {
    let dir = TempDir::new("hostile");
    let d = dir.0.join("dump");
    fs::create_dir_all(&d).expect("dir");
    // a preamble that never reaches its header, a share without a URN, invalid UTF-8
    fs::write(d.join("Connections.csv"), "Notes:\nnothing here\n").expect("write");
    fs::write(
        d.join("Shares.csv"),
        b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2024-01-01 00:00:00,https://example.org/x,hi,,,PUBLIC\n2024-01-01 00:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,\xff\xfe,,,PUBLIC\n%%%,urn%3Ali%3Ashare%3A2,ok,,,\n".as_slice(),
    )
    .expect("write");
    fs::write(
        d.join("Comments.csv"),
        "Date,Link,Message\n,,\"unterminated\n",
    )
    .expect("write");
    let a = import(&d);
    assert!(a.report.balanced());
    assert!(a.report.skipped_total() >= 3, "{:?}", a.report.skips);
    // the share with a percent-encoded URN and an unparsable date is kept
    let p = a.get("posts", "linkedin:post:share:2");
    assert!(p["created_at"].is_null());
    assert_eq!(p["ext"]["Date"], "%%%");
}

#[test]
fn company_page_workbooks() {
    let a = import(&sample("company-page-2024"));
    assert_eq!(a.report.network, "linkedin");
    assert_eq!(a.report.generation, "Company Page analytics exports");
    assert!(a.report.balanced());
    // the XLSX is read (and kept), the old XLS carried
    assert_eq!(a.report.entries.parsed, 1);
    assert_eq!(a.report.entries.carried, 1);
    let p = a.get("posts", "linkedin:post:ugcPost:7300000000000000041");
    assert_eq!(p["author"], "linkedin:account:company/examplecorp");
    assert_eq!(p["text"], "We are moving our archive to a new home");
    assert_eq!(p["created_at"], "2024-06-10T00:00:00Z");
    assert_eq!(p["metrics"]["impressions"], 1234);
    assert_eq!(p["metrics"]["likes"], 78);
    assert_eq!(p["ext"]["Post type"], "Organic");
    assert!(p["ext"].get("Post title").is_none());
    // an Excel serial day number
    let q = a.get("posts", "linkedin:post:share:7300000000000000042");
    assert_eq!(q["created_at"], "2024-05-01T00:00:00Z");
    assert_eq!(q["ext"]["Campaign name"], "Spring campaign");
    // the page is an account; no member owner is invented
    assert_eq!(a.kind("accounts").len(), 1);
    a.get("accounts", "linkedin:account:company/examplecorp");
    // the sheet without a posts header ("Metrics") makes no records
    assert_eq!(a.kind("posts").len(), 2);
}

#[test]
fn ids_are_stable_reimport_adds_nothing() {
    for name in [
        "complete-2024",
        "basic-2021.zip",
        "legacy-2018",
        "company-page-2024",
    ] {
        let dir = TempDir::new("reimport");
        let out = dir.0.join("archive");
        let opts = lifeboat::ImportOptions::default();
        let mut counts = Vec::new();
        for _ in 0..2 {
            common::import_dump(&sample(name), &out, &opts, &mut lifeboat::NoProgress)
                .expect("import");
            let mut c = BTreeMap::new();
            for e in fs::read_dir(out.join("data/records")).expect("records") {
                let p = e.expect("entry").path();
                let n = fs::read_to_string(&p).expect("read").lines().count();
                c.insert(p.file_name().map(|f| f.to_string_lossy().into_owned()), n);
            }
            counts.push(c);
        }
        assert_eq!(
            counts[0], counts[1],
            "{name}: a second import changed the records"
        );
    }
}
