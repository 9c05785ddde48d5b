//! Integration tests over the synthetic Reddit exports in `formats/reddit/samples/`
//! (made by `formats/reddit/make_samples.py`, described there): every table of the
//! export reaches the right records, the report accounts for every row, and the
//! flat-folder and the zipped split layouts give the same records.

use std::path::{Path, PathBuf};

mod common;
use common::{import, Imported};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/reddit/samples")
        .join(name)
}

#[test]
fn flat_export_maps_every_table() {
    let a = import(&sample("export-2024"));
    assert_eq!(a.report.network, "reddit");
    assert!(a.report.balanced(), "report balances");
    // every entry accounted for: 21 tables parsed, ip_logs and checkfile carried
    assert_eq!(a.report.entries.total, 23);
    assert_eq!(a.report.entries.carried, 2);

    // the owner, from statistics.csv
    let owner = a.get("accounts", "reddit:account:sam_sample");
    assert_eq!(owner["is_owner"], true);
    assert_eq!(owner["created_at"], "2015-02-03T04:05:06Z");
    assert_eq!(owner["ext"]["karma"], "1234");

    // a self post: markdown kept as typed, quotes unescaped by the CSV reader
    let p = a.get("posts", "reddit:post:p1aaaa");
    assert_eq!(p["title"], "Keeping old threads");
    assert_eq!(
        p["text"],
        "First line of the body.\n\n* a markdown list item\n* \"quoted\" and, comma"
    );
    assert_eq!(p["community"], "Archiving");
    assert_eq!(p["metrics"]["gildings"], 2);
    assert_eq!(p["created_at"], "2023-03-01T10:00:00Z");
    assert_eq!(p["visibility"], "public");
    // a link post keeps its external URL as a link
    let l = a.get("posts", "reddit:post:p2bbbb");
    assert_eq!(l["links"][0]["url"], "https://example.org/an-article");
    // a deleted post: the record stays, the placeholder is not its text
    let d = a.get("posts", "reddit:post:p3cccc");
    assert_eq!(d["text"], "");
    assert_eq!(d["ext"]["body"], "[deleted]");
    assert_eq!(d["deleted_at"], "2024-06-01T08:00:00Z");
    // a post only in post_headers.csv is kept, and the report says so
    let h = a.get("posts", "reddit:post:p9zzzz");
    assert_eq!(h["ext"]["from_headers"], true);
    assert!(a.report.warnings.iter().any(|w| w.contains("p9zzzz")));

    // comments thread by parent: t3_ → the post, t1_ → the comment, none → the link
    let c1 = a.get("posts", "reddit:post:comment/c1dddd");
    assert_eq!(c1["reply_to"], "reddit:post:p1aaaa");
    let c2 = a.get("posts", "reddit:post:comment/c2eeee");
    assert_eq!(c2["reply_to"], "reddit:post:comment/c1dddd");
    assert_eq!(c2["links"][0]["url"], "https://i.redd.it/abc123.gif");
    let c3 = a.get("posts", "reddit:post:comment/c3ffff");
    assert_eq!(c3["reply_to"], "reddit:post:n0news");
    assert_eq!(c3["ext"]["body"], "[removed]");

    // drafts and scheduled posts are private, with their status
    let dr = a.get("posts", "reddit:post:draft/d1draft");
    assert_eq!(
        (dr["status"].as_str(), dr["visibility"].as_str()),
        (Some("draft"), Some("private"))
    );
    assert_eq!(dr["created_at"], "2023-11-14T22:13:20Z", "epoch seconds");
    let sc = a.get("posts", "reddit:post:scheduled/s1sched");
    assert_eq!(sc["status"], "pending");

    // votes, saves, hides, poll votes and awards are reactions; a withdrawn vote is kept raw
    let kinds: Vec<(&str, &str)> = a
        .kind("reactions")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or(""),
                r["target"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for want in [
        ("upvote", "reddit:post:v1post"),
        ("downvote", "reddit:post:v2post"),
        ("upvote", "reddit:post:comment/vc1abc"),
        ("bookmark", "reddit:post:v1post"),
        ("bookmark", "reddit:post:comment/vc1abc"),
        ("hide", "reddit:post:h1hide"),
        ("poll_vote", "reddit:post:poll01"),
        ("award", "reddit:post:comment/c9gift"),
    ] {
        assert!(kinds.contains(&want), "{want:?} in {kinds:?}");
    }
    assert!(!kinds.iter().any(|(_, t)| t.ends_with("v3post")));
    assert_eq!(a.report.records["reaction"].kept_raw, 1);

    // messages: one conversation per thread, the overlap of the two files read once
    let m2 = a.get("messages", "reddit:message:m2bbbb");
    assert_eq!(m2["conversation"], "reddit:conversation:message/m1aaaa");
    assert_eq!(m2["sender"], "reddit:account:sam_sample");
    assert_eq!(m2["recipients"][0], "reddit:account:riley_other");
    let m1 = a.get("messages", "reddit:message:m1aaaa");
    assert_eq!(m1["text"], "Hello,\nhow did you export?");
    let conv = a.get("conversations", "reddit:conversation:message/m1aaaa");
    assert_eq!(conv["message_count"], 2);
    assert_eq!(conv["title"], "Question");
    assert_eq!(
        a.kind("messages")
            .iter()
            .filter(|m| m["id"] == "reddit:message:m2bbbb")
            .count(),
        1
    );
    assert!(a
        .report
        .skips
        .iter()
        .any(|s| s.reason.contains("m2bbbb") && s.location.ends_with("messages_archive.csv:3")));
    // modmail from a subreddit
    let old = a.get("messages", "reddit:message:m0old1");
    assert_eq!(old["sender"], "reddit:account:r/Archiving");

    // chat: conversations by channel, replies by parent message, edits kept
    let chat2 = a.get("messages", "reddit:message:msg_2");
    assert_eq!(chat2["reply_to"], "reddit:message:msg_1");
    assert_eq!(chat2["ext"]["updated_at"], "2024-02-02 20:02:00 UTC");
    let room2 = a.get(
        "conversations",
        "reddit:conversation:chat/https://chat.reddit.com/room/!room2:reddit.com",
    );
    assert_eq!(room2["title"], "Archivists");
    assert_eq!(room2["ext"]["conversation_type"], "channel");
    let ann = a.get("messages", "reddit:message:announcement/a1");
    assert_eq!(ann["text"], "We updated our policy");

    // friends and subreddits
    let rels: Vec<(&str, &str)> = a
        .kind("relationships")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or(""),
                r["object"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for want in [
        ("following", "reddit:account:riley_other"),
        ("following", "reddit:account:casey_group"),
        ("subscription", "r/Archiving"),
        ("subscription", "r/linux"),
        ("moderator", "r/Archiving"),
    ] {
        assert!(rels.contains(&want), "{want:?} in {rels:?}");
    }
}

#[test]
fn split_zip_layout_gives_the_same_records() {
    let flat = import(&sample("export-2024"));
    let split = import(&sample("export-split.zip"));
    assert!(split.report.balanced());
    for kind in ["posts", "messages", "conversations", "accounts"] {
        let ids = |a: &Imported| -> Vec<String> {
            let mut v: Vec<String> = a
                .kind(kind)
                .iter()
                .map(|r| r["id"].as_str().unwrap_or("").to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&flat), ids(&split), "{kind}");
    }
    // prefixed ids in the vote tables name the same posts and comments
    let targets: Vec<&str> = split
        .kind("reactions")
        .iter()
        .map(|r| r["target"].as_str().unwrap_or(""))
        .collect();
    assert!(targets.contains(&"reddit:post:v1post"));
    assert!(targets.contains(&"reddit:post:v2post"));
    assert!(targets.contains(&"reddit:post:comment/vc1abc"));
    // the row with invalid UTF-8 is skipped with its place, the others are read
    assert!(split
        .report
        .skips
        .iter()
        .any(|s| s.kind == "relationship" && s.location.contains("friends.csv")));
    assert_eq!(
        split
            .kind("relationships")
            .iter()
            .filter(|r| r["kind"] == "following")
            .count(),
        2
    );
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn real_fixture_export_when_present() {
    let fx =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/reddit/fixtures/synthetic");
    assert!(fx.is_dir(), "{} is absent", fx.display());
    let a = import(&fx);
    assert!(a.report.balanced());
    assert_eq!(a.report.network, "reddit");
    assert!(a.kind("posts").len() >= 6);
    assert!(a.kind("messages").len() >= 6);
}
