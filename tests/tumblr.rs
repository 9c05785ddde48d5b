//! Integration tests over the synthetic Tumblr exports in `formats/tumblr/samples/`
//! (made by `formats/tumblr/make_samples.py`, described there): every table of the
//! generation (posts.xml, per-post HTML pages, API/NPF JSON) reaches the right records:
//! every post type, reblog trails as their own posts, tags, note counts, media matched
//! by file name and missing media reported.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{import, TempDir};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/tumblr/samples")
        .join(name)
}

fn text(v: &Value) -> &str {
    v["text"].as_str().unwrap_or("")
}

#[test]
fn xml_2015_every_legacy_type() {
    let a = import(&sample("xml-2015"));
    assert_eq!(a.report.network, "tumblr");
    assert!(a.report.generation.contains("T-XML"));
    assert!(a.report.balanced());
    assert_eq!(a.report.entries.total, 5);
    assert_eq!(a.report.entries.media, 2);
    let owner = a.get("accounts", "tumblr:account:sample-blog");
    assert_eq!(owner["is_owner"], true);
    assert_eq!(owner["url"], "https://sample-blog.tumblr.com/");

    // regular: escaped once more, double-escaped entities decoded once each
    let p = a.get("posts", "tumblr:post:130000000000");
    assert_eq!(p["title"], "Hello, wörld");
    assert_eq!(text(p), "First post & “quotes”.\n\nSecond paragraph.");
    assert_eq!(
        p["html"],
        "<p>First post &amp; &ldquo;quotes&rdquo;.</p><p>Second paragraph.</p>"
    );
    assert_eq!(p["tags"], serde_json::json!(["meta", "first post"]));
    assert_eq!(p["created_at"], "2015-02-28T07:01:04Z");
    assert_eq!(
        p["url"],
        "https://sample-blog.tumblr.com/post/130000000000/s"
    );
    assert_eq!(p["ext"]["reblog-key"], "KeY000");
    // photoset: the largest size of each photo; the downloaded copy joins photo 0
    let ph = a.get("posts", "tumblr:post:129000000000");
    assert_eq!(text(ph), "A set of two…");
    assert_eq!(ph["media"].as_array().map(Vec::len), Some(2));
    let m0 = a.get("media", "tumblr:media:129000000000_0.jpg");
    assert_eq!(
        m0["original_url"],
        "https://64.media.tumblr.com/s/tumblr_a_1280.jpg"
    );
    assert!(m0["sha256"].is_string());
    let m1 = a.get("media", "tumblr:media:129000000000/1");
    assert_eq!(
        m1["original_url"],
        "https://64.media.tumblr.com/s/tumblr_b_1280.jpg"
    );
    // quote with its source, link, chat lines, audio, video, answer
    let q = a.get("posts", "tumblr:post:128000000000");
    assert_eq!(text(q), "Simple things should be simple.\n\n— Someone");
    assert_eq!(q["links"][0]["url"], "https://quotes.example");
    let l = a.get("posts", "tumblr:post:127000000000");
    assert_eq!(l["title"], "A useful page");
    assert_eq!(l["links"][0]["url"], "https://useful.example/page");
    let c = a.get("posts", "tumblr:post:126000000000");
    assert_eq!(text(c), "A: done?\nB: almost");
    assert_eq!(c["title"], "Standup");
    let au = a.get("posts", "tumblr:post:125000000000");
    assert_eq!(au["ext"]["id3-artist"], "The Samples");
    let v = a.get("posts", "tumblr:post:124000000000");
    assert_eq!(text(v), "Demo video");
    assert_eq!(v["ext"]["is_reblog"], "true");
    assert_eq!(
        v["links"][0]["url"],
        "https://www.youtube.com/watch?v=SAMPLE"
    );
    let ans = a.get("posts", "tumblr:post:123000000000");
    assert_eq!(text(ans), "With the export button.");
    assert_eq!(ans["ext"]["question"], "How do you back up your blog?");
    // an unanswered submission, a draft, a queued post: private, with their status
    let sub = a.get("posts", "tumblr:post:122000000000");
    assert_eq!(text(sub), "Unanswered question?");
    assert_eq!(sub["status"], "pending");
    assert_eq!(sub["visibility"], "private");
    assert_eq!(
        a.get("posts", "tumblr:post:121000000000")["status"],
        "draft"
    );
    assert_eq!(
        a.get("posts", "tumblr:post:120000000000")["status"],
        "pending"
    );
    // the page of a post the XML has is not read twice; a page-only post is
    assert_eq!(
        a.kind("posts")
            .iter()
            .filter(|p| p["id"] == "tumblr:post:130000000000")
            .count(),
        1
    );
    let only = a.get("posts", "tumblr:post:119000000000");
    assert_eq!(text(only), "Only in the pages.");
    assert_eq!(only["media"][0], "tumblr:media:119000000000.jpg");
}

#[test]
fn html_2021_pages_trails_asks_and_media() {
    let a = import(&sample("html-2021"));
    assert!(a.report.generation.contains("T-HTML"));
    assert!(a.report.balanced());
    // 5 pages + 2 asks + the index parsed; 3 media; style.css and posts.zip carried
    assert_eq!(a.report.entries.total, 13);
    assert_eq!(a.report.entries.parsed, 8);
    assert_eq!(a.report.entries.media, 3);
    assert_eq!(a.report.entries.carried, 2);

    let p = a.get("posts", "tumblr:post:700000000000000005");
    assert_eq!(p["title"], "Moving day");
    assert_eq!(
        text(p),
        "We’re moving. Everything is exported. 🎉\n\nSee the new home."
    );
    assert_eq!(p["links"][0]["url"], "https://new-home.example");
    assert_eq!(p["tags"], serde_json::json!(["news", "moving house"]));
    // blog-local footer time, read as UTC, the original kept
    assert_eq!(p["created_at"], "2021-03-05T09:15:00Z");
    assert_eq!(p["raw_times"]["created_at"], "March 5th, 2021 9:15am");

    // media by file name, whatever the relative path (and its trailing space)
    let ph = a.get("posts", "tumblr:post:700000000000000004");
    let media: Vec<&str> = ph["media"]
        .as_array()
        .expect("media")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        media,
        [
            "tumblr:media:700000000000000004_0.png",
            "tumblr:media:700000000000000004_1.jpg",
            "tumblr:media:700000000000000004/0"
        ]
    );
    assert!(a.get("media", media[1])["sha256"].is_string());
    assert_eq!(
        a.get("media", media[2])["original_url"],
        "https://64.media.tumblr.com/remote/tumblr_r_1280.jpg"
    );
    // a missing file: a media record marked missing, and the report says so
    let miss = a.get("media", "tumblr:media:700000000000000003.jpg");
    assert_eq!(miss["missing"], true);
    assert!(a
        .report
        .missing_media
        .iter()
        .any(|m| m.contains("700000000000000003.jpg")));
    // a file no page names is still stored
    assert!(a.get("media", "tumblr:media:690000000000000000.gif")["sha256"].is_string());
    // a video embed
    let v = a.get("posts", "tumblr:post:700000000000000002");
    assert_eq!(v["ext"]["type_inferred"], "video");

    // a two-level legacy reblog trail: each reblogged post its own record
    let r = a.get("posts", "tumblr:post:700000000000000001");
    assert_eq!(text(r), "My own comment on the chain.");
    assert_eq!(r["repost_of"], "tumblr:post:600000000000000002");
    let mid = a.get("posts", "tumblr:post:600000000000000002");
    assert_eq!(text(mid), "A middle remark.");
    assert_eq!(mid["author"], "tumblr:account:middle-blog");
    assert_eq!(mid["repost_of"], "tumblr:post:600000000000000001");
    let first = a.get("posts", "tumblr:post:600000000000000001");
    assert_eq!(text(first), "The very first words.");
    assert_eq!(first["author"], "tumblr:account:first-blog");
    a.get("accounts", "tumblr:account:first-blog");

    // asks received: pending private posts by the asker
    let anon = a.get("posts", "tumblr:post:submission/710000000000000001");
    assert_eq!(anon["author"], "tumblr:account:anonymous");
    assert_eq!(text(anon), "Will you keep the archive?");
    assert_eq!(anon["status"], "pending");
    let named = a.get("posts", "tumblr:post:submission/710000000000000002");
    assert_eq!(named["author"], "tumblr:account:asker-blog");
    assert_eq!(text(named), "thank you & goodbye");

    // the index lists a post whose page is not in the dump
    assert!(a
        .report
        .warnings
        .iter()
        .any(|w| w.contains("700000000000000006")));
}

#[test]
fn npf_api_json_blocks_trail_and_states() {
    let a = import(&sample("npf-api"));
    assert!(a.report.generation.contains("NPF"));
    assert!(a.report.balanced());
    let p = a.get("posts", "tumblr:post:800000000000000003");
    let t = text(p);
    for s in [
        "A heading",
        "Plain paragraph with café.",
        "- first item",
        "Keep or delete?",
    ] {
        assert!(t.contains(s), "{s:?} in {t:?}");
    }
    assert_eq!(p["metrics"]["notes"], 42);
    assert_eq!(p["tags"], serde_json::json!(["npf", "blocks"]));
    assert_eq!(p["created_at"], "2023-11-14T22:13:20Z");
    assert_eq!(p["links"][0]["url"], "https://linked.example/article");
    let kinds: Vec<&str> = p["media"]
        .as_array()
        .expect("media")
        .iter()
        .map(|m| {
            a.get("media", m.as_str().unwrap_or(""))["kind"]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(kinds, ["photo", "audio", "video"]);
    assert_eq!(
        a.get("media", "tumblr:media:800000000000000003/0")["alt_text"],
        "a picture"
    );
    // an ask layout: the question apart from the answer
    let ask = a.get("posts", "tumblr:post:800000000000000002");
    assert_eq!(text(ask), "BagIt, of course.");
    assert_eq!(ask["ext"]["question"], "What is your favourite format?");
    assert_eq!(ask["ext"]["asker"], "curious-blog");
    // a reblog: the trail's posts are records, the reblog points at its parent
    let r = a.get("posts", "tumblr:post:800000000000000001");
    assert_eq!(r["repost_of"], "tumblr:post:500000000000000002");
    let parent = a.get("posts", "tumblr:post:500000000000000002");
    assert_eq!(parent["author"], "tumblr:account:gone-blog");
    assert_eq!(parent["repost_of"], "tumblr:post:500000000000000001");
    assert_eq!(
        text(a.get("posts", "tumblr:post:500000000000000001")),
        "The origin post."
    );
    // private and draft posts
    assert_eq!(
        a.get("posts", "tumblr:post:800000000000000000")["visibility"],
        "private"
    );
    assert_eq!(
        a.get("posts", "tumblr:post:799999999999999999")["status"],
        "draft"
    );
}

#[test]
fn hostile_pages_do_not_panic() {
    let dir = TempDir::new("hostile");
    let d = dir.0.join("dump");
    fs::create_dir_all(d.join("posts/html")).expect("dir");
    // unbalanced trails, an unterminated tag, a truncated XML file, deep nesting
    let deep = "<blockquote>".repeat(5000);
    fs::write(
        d.join("posts/html/1.html"),
        format!("<body><p><a class=\"tumblr_blog\" href=\"https://x.tumblr.com/post/9\">x</a>:</p>{deep}<img src=\"../media/1.jpg"),
    )
    .expect("write");
    fs::write(d.join("posts/html/2.html"), "<h1>no end").expect("write");
    fs::write(
        d.join("posts/posts.xml"),
        "<tumblr><posts><post id=\"5\" type=\"regular\"><regular-body>&lt;p&gt;cut",
    )
    .expect("write");
    fs::write(d.join("posts/posts_index.html"), "").expect("write");
    let a = import(&d);
    assert!(a.report.balanced());
    // the truncated posts.xml: its cut post is reported as a skip with its place
    assert!(
        a.report
            .skips
            .iter()
            .any(|s| s.location.contains("posts.xml") && s.reason.contains("not well-formed")),
        "{:?}",
        a.report.skips
    );
    a.get("posts", "tumblr:post:2");
}

#[test]
fn ids_are_stable_reimport_adds_nothing() {
    for name in ["xml-2015", "html-2021", "npf-api"] {
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
