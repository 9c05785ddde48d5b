//! Integration tests over the synthetic Mastodon sample dumps in
//! `formats/mastodon/samples/` (written by `formats/mastodon/make_samples.py`, described
//! in the README there), and over the real fixtures in
//! `../shared/reference/mastodon/fixtures/` when that folder is present.
//!
//! Every sample is imported through the public API and the records written to
//! `data/records/*.jsonl` are read back and checked against what the sample holds:
//! plain texts, visibility of each addressing, direct posts as messages of
//! conversations, replies, quotes, boosts, polls, content warnings, edits, alt text,
//! media hashes despite path prefixes, missing media, kept-raw activities, the
//! report's accounting, reactions, CSV relationships, container independence and
//! re-import idempotence.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use lifeboat::Report;
use serde_json::Value;
use sha2::{Digest, Sha256};

mod common;
use common::TempDir;

const SAMPLES: [&str; 5] = [
    "archive-2022.tar.gz",
    "archive-2023.zip",
    "outbox-only",
    "csv",
    "csv-old",
];

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
const A22: &str = "https://mastodon.example/users/alice";
const A23: &str = "https://toot.example/users/robin";
const BOB: &str = "https://other.example/users/bob";

// ------------------------------------------------------------------ helpers

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/mastodon/samples")
        .join(name)
}

fn fixtures() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/mastodon/fixtures");
    p.is_dir().then_some(p)
}

fn import(dump: &Path, out: &Path) -> Report {
    let done = common::import_dump(
        dump,
        out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap_or_else(|e| panic!("importing {} failed: {e}", dump.display()));
    assert!(
        done.commit.is_some(),
        "{}: nothing was committed",
        dump.display()
    );
    done.report
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The entries of a sample: a folder's files, a zip's or a tar.gz's entries, in order.
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
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    out.push((rel, fs::read(&p).expect("read")));
                }
            }
        }
        walk(dump, dump, &mut out);
    } else if dump.to_string_lossy().ends_with(".zip") {
        let mut z = zip::ZipArchive::new(fs::File::open(dump).expect("open zip")).expect("zip");
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("zip entry");
            let mut b = Vec::new();
            f.read_to_end(&mut b).expect("read zip entry");
            out.push((f.name().to_string(), b));
        }
    } else {
        let gz = flate2::read::GzDecoder::new(fs::File::open(dump).expect("open tar.gz"));
        let mut t = tar::Archive::new(gz);
        for e in t.entries().expect("tar entries") {
            let mut e = e.expect("tar entry");
            let name = e.path().expect("path").to_string_lossy().to_string();
            let mut b = Vec::new();
            e.read_to_end(&mut b).expect("read tar entry");
            out.push((name, b));
        }
    }
    out
}

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut z = zip::ZipWriter::new(fs::File::create(path).expect("create zip"));
    for (name, data) in entries {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        z.write_all(data).expect("write zip entry");
    }
    z.finish().expect("finish zip");
}

fn write_targz(path: &Path, entries: &[(String, Vec<u8>)]) {
    let gz = flate2::write::GzEncoder::new(
        fs::File::create(path).expect("create tar.gz"),
        flate2::Compression::default(),
    );
    let mut t = tar::Builder::new(gz);
    for (name, data) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o444);
        h.set_mtime(1_671_393_360);
        h.set_cksum();
        t.append_data(&mut h, name, data.as_slice())
            .expect("tar entry");
    }
    t.into_inner()
        .expect("finish tar")
        .finish()
        .expect("finish gzip");
}

/// The records of an archive, read back from `data/records/*.jsonl` (and `data/raw/`).
struct Records {
    by_file: BTreeMap<String, Vec<Value>>,
    raw: Vec<Value>,
}

impl Records {
    fn load(archive: &Path) -> Records {
        let read_dir = |dir: &Path| -> BTreeMap<String, Vec<Value>> {
            let mut by_file = BTreeMap::new();
            let Ok(list) = fs::read_dir(dir) else {
                return by_file;
            };
            for e in list {
                let p = e.expect("dir entry").path();
                let Some(stem) = p
                    .file_name()
                    .and_then(|s| s.to_str())
                    .and_then(|s| s.strip_suffix(".jsonl"))
                else {
                    continue;
                };
                let text = fs::read_to_string(&p).expect("read records");
                let recs: Vec<Value> = text
                    .lines()
                    .map(|l| serde_json::from_str(l).expect("a JSON line"))
                    .collect();
                by_file.insert(stem.to_string(), recs);
            }
            by_file
        };
        let by_file = read_dir(&archive.join("data/records"));
        assert!(!by_file.is_empty(), "no records in {}", archive.display());
        let raw = read_dir(&archive.join("data/raw"))
            .into_values()
            .flatten()
            .collect();
        Records { by_file, raw }
    }

    fn all(&self, file: &str) -> &[Value] {
        self.by_file.get(file).map(Vec::as_slice).unwrap_or(&[])
    }

    fn ids(&self, file: &str) -> BTreeSet<String> {
        self.all(file)
            .iter()
            .map(|r| r["id"].as_str().expect("id").to_string())
            .collect()
    }

    fn all_ids(&self) -> BTreeSet<String> {
        self.by_file.keys().flat_map(|f| self.ids(f)).collect()
    }

    fn find(&self, file: &str, id: &str) -> Option<&Value> {
        self.all(file).iter().find(|r| r["id"] == id)
    }

    fn get(&self, file: &str, id: &str) -> &Value {
        self.find(file, id).unwrap_or_else(|| {
            panic!(
                "no record {id} in {file}.jsonl; ids there: {:?}",
                self.ids(file)
            )
        })
    }

    fn line_counts(&self) -> BTreeMap<String, usize> {
        self.by_file
            .iter()
            .map(|(k, v)| (k.clone(), v.len()))
            .collect()
    }
}

fn import_sample(name: &str) -> (TempDir, PathBuf, Report, Records) {
    let tmp = TempDir::new(name);
    let out = tmp.join("archive");
    let report = import(&sample(name), &out);
    let records = Records::load(&out);
    (tmp, out, report, records)
}

fn post_id(uri: &str) -> String {
    format!("mastodon:post:{uri}")
}

fn s22(n: u64) -> String {
    format!("{A22}/statuses/{n}")
}

/// The status URI of item `n` of the 2023 sample (snowflake ids, as the generator makes them).
fn s23(n: u64) -> String {
    format!(
        "{A23}/statuses/{}",
        110_285_480_688_437_416u64 + n * 65_536_000
    )
}

fn text(v: &Value) -> &str {
    v["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text in {v}"))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Every post has plain text (no markup left) and is never more public than its
/// addressing allows.
fn check_posts_plain_and_private(name: &str, r: &Records) {
    for p in r.all("posts") {
        let t = text(p);
        for tag in ["<p>", "</p>", "<br", "<span", "<a "] {
            assert!(
                !t.contains(tag),
                "{name}: {} text has {tag}: {t:?}",
                p["id"]
            );
        }
        let to = strs(&p["ext"]["to"]);
        let cc = strs(&p["ext"]["cc"]);
        if !p["ext"]["to"].is_null() && !to.contains(&PUBLIC) && !cc.contains(&PUBLIC) {
            let vis = p["visibility"].as_str().unwrap_or("");
            assert!(
                vis != "public" && vis != "unlisted",
                "{name}: {} is addressed privately but marked {vis}",
                p["id"]
            );
        }
    }
}

// ------------------------------------------------------------------ every sample

#[test]
fn reports_balance_and_count_every_entry() {
    for name in SAMPLES {
        let (_tmp, _out, report, records) = import_sample(name);
        assert_eq!(report.network, "mastodon", "{name}");
        for (kind, c) in &report.records {
            assert_eq!(
                c.read,
                c.converted + c.kept_raw + c.skipped,
                "{name}: {kind} does not balance: {c:?}"
            );
            assert_eq!(c.skipped, 0, "{name}: {kind} skipped {:?}", report.skips);
        }
        assert!(report.balanced(), "{name}: report not balanced");
        let entries = entries_of(&sample(name)).len() as u64;
        let e = &report.entries;
        assert_eq!(e.total, entries, "{name}: entries total vs the dump");
        assert_eq!(
            e.total,
            e.parsed + e.media + e.carried + e.ignored,
            "{name}: {e:?}"
        );
        assert_eq!(e.carried + e.ignored, 0, "{name}: {:?}", report.entry_list);
        assert_eq!(report.entry_list.len() as u64, entries, "{name}");
        // converted counts are the lines written
        for (file, recs) in &records.by_file {
            assert_eq!(
                records.ids(file).len(),
                recs.len(),
                "{name}: duplicate ids in {file}.jsonl"
            );
        }
        let posts = report.records.get("post").map(|c| c.converted).unwrap_or(0);
        assert_eq!(posts as usize, records.all("posts").len(), "{name}");
        check_posts_plain_and_private(name, &records);
        let v = lifeboat::archive::verify(&_out).expect("verify");
        assert!(v.ok(), "{name}: {:?}", v.problems);
    }
}

#[test]
fn generations_are_told_apart() {
    let gen = |name: &str| import_sample(name).2.generation;
    assert_eq!(gen("archive-2022.tar.gz"), "account archive");
    assert_eq!(gen("archive-2023.zip"), "account archive");
    assert_eq!(gen("outbox-only"), "bare outbox.json");
    assert_eq!(gen("csv"), "CSV lists");
}

// ------------------------------------------------------------------ 2022 tar.gz

#[test]
fn archive_2022_posts_texts_and_visibility() {
    let (_tmp, _out, report, r) = import_sample("archive-2022.tar.gz");
    assert_eq!(report.source.container, "tar.gz");
    // every item of the outbox is a post (7 Creates, 2 Announces)
    assert_eq!(r.all("posts").len(), 9);
    let p = |n| r.get("posts", &post_id(&s22(n)));
    // 2022 escapes (\u003c, \u0026) are plain JSON: the text is decoded once
    assert_eq!(
        text(p(101)),
        "Hello harbour & gulls! First toot from the boat."
    );
    assert_eq!(p(101)["visibility"], "public");
    assert_eq!(p(101)["created_at"], "2017-04-01T10:41:00Z");
    assert_eq!(p(101)["lang"], "en");
    assert_eq!(p(101)["url"], "https://mastodon.example/@alice/101");
    assert_eq!(p(103)["visibility"], "unlisted");
    assert_eq!(p(103)["reply_to"], post_id(&s22(101)));
    assert_eq!(
        p(103)["reply_to_account"],
        "mastodon:account:alice@mastodon.example"
    );
    assert_eq!(
        text(p(104)),
        "Followers only: the lighthouse keeper retires tomorrow."
    );
    assert_eq!(p(104)["visibility"], "followers");
    assert_eq!(p(105)["visibility"], "direct");
    assert_eq!(text(p(105)), "@bob psst, marmalade sandwiches at noon");
    assert_eq!(p(106)["visibility"], "direct");
    assert_eq!(p(107)["visibility"], "direct");
    for n in [101, 103, 104, 105, 106, 107, 109] {
        assert_eq!(
            p(n)["author"],
            "mastodon:account:alice@mastodon.example",
            "{n}"
        );
    }
    // boosts: the activity is the post, the boosted URI its repost_of
    let b = r.get("posts", &post_id(&format!("{}/activity", s22(102))));
    assert_eq!(b["repost_of"], post_id(&format!("{BOB}/statuses/9001")));
    assert_eq!(b["repost_of_account"], "mastodon:account:bob@other.example");
    assert_eq!(b["visibility"], "public");
    let b = r.get("posts", &post_id(&format!("{}/activity", s22(108))));
    assert_eq!(
        b["repost_of"],
        post_id("https://mastodon.example/users/dave/statuses/77")
    );
    assert_eq!(
        b["repost_of_account"],
        "mastodon:account:dave@mastodon.example"
    );
    // the OStatus atomUri and the LD signature are kept, not lost
    let ext = &p(101)["ext"];
    assert_eq!(
        ext["atomUri"],
        "tag:mastodon.example,2017-04-01:objectId=101:objectType=Status"
    );
    assert_eq!(
        ext["activity"]["signature"]["type"], "RsaSignature2017",
        "{ext}"
    );
}

#[test]
fn direct_posts_are_messages_of_conversations() {
    let (_tmp, _out, _report, r) = import_sample("archive-2022.tar.gz");
    let owner = "mastodon:account:alice@mastodon.example";
    // one-to-one
    let m = r.get("messages", &format!("mastodon:message:{}", s22(105)));
    assert_eq!(m["sender"], owner);
    assert_eq!(
        strs(&m["recipients"]),
        ["mastodon:account:bob@other.example"]
    );
    assert_eq!(m["text"], "@bob psst, marmalade sandwiches at noon");
    let c = r.get("conversations", m["conversation"].as_str().expect("conv"));
    assert_eq!(
        strs(&c["participants"]),
        [owner, "mastodon:account:bob@other.example"]
    );
    assert_ne!(c["group"], true);
    assert_eq!(c["message_count"], 1);
    // the group of three, the reply threaded by inReplyTo and conversation
    let m1 = r.get("messages", &format!("mastodon:message:{}", s22(106)));
    let m2 = r.get("messages", &format!("mastodon:message:{}", s22(107)));
    assert_eq!(m1["conversation"], m2["conversation"]);
    assert_eq!(
        m1["conversation"],
        "mastodon:conversation:tag:mastodon.example,2017-04-05:objectId=4242:objectType=Conversation"
    );
    assert_eq!(m2["reply_to"], format!("mastodon:message:{}", s22(106)));
    let want = [
        "mastodon:account:carol@third.example",
        "mastodon:account:dave@mastodon.example",
    ];
    assert_eq!(strs(&m1["recipients"]), want);
    assert_eq!(strs(&m2["recipients"]), want);
    let g = r.get("conversations", m1["conversation"].as_str().expect("conv"));
    assert_eq!(g["participants"].as_array().map(Vec::len), Some(3));
    assert_eq!(g["group"], true);
    assert_eq!(g["message_count"], 2);
    // only direct posts are messages
    assert_eq!(r.all("messages").len(), 3);
    assert_eq!(r.all("conversations").len(), 2);
    // the mentioned accounts exist as accounts
    for a in want {
        assert!(r.find("accounts", a).is_some(), "{a}");
    }
}

#[test]
fn private_posts_are_never_public() {
    for name in ["archive-2022.tar.gz", "archive-2023.zip", "outbox-only"] {
        let (_tmp, _out, _report, r) = import_sample(name);
        check_posts_plain_and_private(name, &r);
    }
    let (_tmp, _out, _report, r) = import_sample("archive-2022.tar.gz");
    for n in [104, 105, 106, 107] {
        let v = &r.get("posts", &post_id(&s22(n)))["visibility"];
        assert!(v == "followers" || v == "direct", "{n}: {v}");
    }
    let (_tmp, _out, _report, r) = import_sample("outbox-only");
    for uri in [
        "https://solo.example/users/sam/statuses/202",
        "https://solo.example/users/sam/statuses/205",
        "https://solo.example/users/sam/statuses/206",
        "https://solo.example/users/sam/statuses/207",
    ] {
        let v = &r.get("posts", &post_id(uri))["visibility"];
        assert!(v == "followers" || v == "direct", "{uri}: {v}");
    }
}

#[test]
fn archive_2022_media_likes_bookmarks_and_actor() {
    let (_tmp, out, report, r) = import_sample("archive-2022.tar.gz");
    let files: BTreeMap<String, Vec<u8>> = entries_of(&sample("archive-2022.tar.gz"))
        .into_iter()
        .collect();
    // media URLs with a leading `/` find their files
    for (id, entry, post) in [
        (
            "mastodon:media:146501",
            "media_attachments/files/000/146/501/original/9f8e7d6c5b4a3921.jpg",
            101,
        ),
        (
            "mastodon:media:146502",
            "media_attachments/files/000/146/502/original/media.mp4",
            103,
        ),
    ] {
        let m = r.get("media", id);
        let want = sha256_hex(&files[entry]);
        assert_eq!(m["sha256"], want.as_str(), "{id}");
        assert_eq!(m["original_path"], entry, "{id}");
        let stored = fs::read(out.join(m["path"].as_str().expect("path"))).expect("stored");
        assert_eq!(sha256_hex(&stored), want, "{id}: stored file");
        assert_eq!(strs(&m["attached_to"]), [post_id(&s22(post)).as_str()]);
        assert_ne!(m["missing"], true);
        assert_eq!(
            strs(&r.get("posts", &post_id(&s22(post)))["media"]),
            [id],
            "{id}"
        );
    }
    assert_eq!(
        r.get("media", "mastodon:media:146501")["alt_text"],
        "Gulls on a harbour wall"
    );
    assert_eq!(r.get("media", "mastodon:media:146502")["kind"], "video");
    // a second `original/media.mp4` that is not in the tar is missing, not the other video
    let m = r.get("media", "mastodon:media:146503");
    assert_eq!(m["missing"], true, "{m}");
    assert!(m["sha256"].is_null(), "{m}");
    assert_eq!(report.missing_media_count, 1);
    assert!(
        report.missing_media[0].contains("media_attachments/files/000/146/503/original/media.mp4")
    );
    // profile images belong to the owner
    let owner = "mastodon:account:alice@mastodon.example";
    for (file, role) in [("avatar.png", "avatar"), ("header.jpg", "header")] {
        let m = r.get("media", &format!("mastodon:media:file/{file}"));
        assert_eq!(m["ext"]["role"], role);
        assert_eq!(strs(&m["attached_to"]), [owner]);
        assert_eq!(m["sha256"], sha256_hex(&files[file]).as_str());
    }
    // likes (with an OStatus tag URI) and bookmarks are reactions of the owner
    let likes: Vec<&Value> = r
        .all("reactions")
        .iter()
        .filter(|x| x["kind"] == "like")
        .collect();
    let marks: Vec<&Value> = r
        .all("reactions")
        .iter()
        .filter(|x| x["kind"] == "bookmark")
        .collect();
    assert_eq!(likes.len(), 3);
    assert_eq!(marks.len(), 1);
    assert!(r.all("reactions").iter().all(|x| x["actor"] == owner));
    assert!(likes.iter().any(|x| x["target"]
        == "mastodon:post:tag:social.heldscal.example,2016-11-01:noticeId=534976:objectType=note"
        && x["target_url"].is_null()));
    assert_eq!(
        marks[0]["target_url"],
        format!("{BOB}/statuses/9003").as_str()
    );
    // totalItems of likes.json agrees: no warning
    assert!(
        !report.warnings.iter().any(|w| w.contains("totalItems")),
        "{:?}",
        report.warnings
    );
    // the owner, from actor.json, with the account move kept
    let a = r.get("accounts", owner);
    assert_eq!(a["is_owner"], true);
    assert_eq!(a["display_name"], "Alice <Boats>");
    assert_eq!(a["bio"], "Sailing & seabirds.");
    assert_eq!(a["created_at"], "2017-03-30T00:00:00Z");
    assert_eq!(a["ext"]["movedTo"], "https://new.example/users/alice");
    assert_eq!(
        r.all("accounts")
            .iter()
            .filter(|a| a["is_owner"] == true)
            .count(),
        1
    );
}

// ------------------------------------------------------------------ 2023 zip

#[test]
fn archive_2023_polls_edits_warnings_and_text() {
    let (_tmp, _out, report, r) = import_sample("archive-2023.zip");
    assert_eq!(report.source.container, "zip");
    let p = |n| r.get("posts", &post_id(&s23(n)));
    // polls: options and votes kept
    let q = p(1);
    assert_eq!(text(q), "Which boat name?");
    assert_eq!(q["ext"]["type"], "Question");
    let one = q["ext"]["oneOf"].as_array().expect("oneOf kept");
    assert_eq!(one[0]["name"], "Sea Biscuit");
    assert_eq!(one[0]["replies"]["totalItems"], 7);
    assert_eq!(one[1]["name"], "Boaty");
    assert_eq!(one[1]["replies"]["totalItems"], 3);
    assert_eq!(q["ext"]["endTime"], "2023-05-02T08:30:00Z");
    assert_eq!(q["metrics"]["poll_voters"], 10);
    let any = p(2)["ext"]["anyOf"].as_array().expect("anyOf kept");
    let names: Vec<&str> = any.iter().filter_map(|o| o["name"].as_str()).collect();
    assert_eq!(names, ["Tea", "Coffee", "Water"]);
    // CW, sensitive, edit, custom emoji
    let e = p(3);
    assert_eq!(e["content_warning"], "food, sticky");
    assert_eq!(e["sensitive"], true);
    assert_eq!(e["edited_at"], "2023-05-03T09:00:00Z");
    assert_eq!(e["created_at"], "2023-05-03T08:30:00Z");
    assert_eq!(text(e), "Pancakes with too much syrup :blobcat:");
    let emoji = &e["ext"]["tag"][0];
    assert_eq!(emoji["type"], "Emoji");
    assert_eq!(emoji["name"], ":blobcat:");
    assert_eq!(
        emoji["icon"]["url"],
        "https://toot.example/emoji/blobcat.png"
    );
    // mentions, hashtags, a shortened link, <br>, escaped markup, the language
    let m = p(4);
    assert_eq!(
        text(m),
        "@bob @kim Segeln lernen #Sailing #Rust\n\nZeile eins\nZeile zwei\nZeile drei\n\n\
         Code: <script>alert(1)</script> & mehr\n\n\
         Siehe https://docs.example/a/very/long/path/to/the/sailing-guide.html"
    );
    assert_eq!(m["lang"], "de");
    let handles: Vec<&str> = m["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|x| x["handle"].as_str())
        .collect();
    assert_eq!(handles, ["bob@other.example", "kim@toot.example"]);
    assert_eq!(
        m["mentions"][1]["account"],
        "mastodon:account:kim@toot.example"
    );
    assert!(r
        .find("accounts", "mastodon:account:kim@toot.example")
        .is_some());
    assert_eq!(strs(&m["tags"]), ["sailing", "rust"]);
    let links = m["links"].as_array().expect("links");
    assert_eq!(
        links.len(),
        1,
        "mentions and hashtags are not links: {links:?}"
    );
    assert_eq!(
        links[0]["url"],
        "https://docs.example/a/very/long/path/to/the/sailing-guide.html"
    );
    assert!(m["html"]
        .as_str()
        .expect("html kept")
        .contains("&lt;script&gt;"));
    // reply to someone else, quote, article title
    assert_eq!(p(5)["reply_to"], post_id(&format!("{BOB}/statuses/777")));
    assert_eq!(
        p(5)["reply_to_account"],
        "mastodon:account:bob@other.example"
    );
    assert_eq!(p(6)["quote_of"], post_id(&format!("{BOB}/statuses/778")));
    assert_eq!(p(7)["title"], "Knots I have known");
    assert_eq!(
        text(p(7)),
        "Long read about knots.\n\nThe bowline comes first."
    );
    // a link preview card is a link of the post, not a media record
    let card = p(8)["links"].as_array().expect("links");
    assert!(card
        .iter()
        .any(|l| l["url"] == "https://news.example/story"));
    assert_eq!(p(8)["media"].as_array().map(Vec::len), Some(1));
    // raw non-ASCII, no language
    assert_eq!(text(p(12)), "Grüße aus Kiel ⚓ — bis bald");
    assert!(p(12)["lang"].is_null());
    // a content warning is Mastodon's plain text: `<3` and `<b>` are characters
    assert_eq!(p(13)["content_warning"], "I <3 boats & <b>knots</b>");
    // a code block keeps its lines and indentation
    assert_eq!(
        text(p(14)),
        "Knot as code:\n\nbowline {\n  loop && tuck;\n}"
    );
    // every public post is public, the boost too
    for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14] {
        assert_eq!(p(n)["visibility"], "public", "{n}");
    }
    let b = r.get("posts", &post_id(&format!("{}/activity", s23(10))));
    assert_eq!(b["repost_of"], post_id(&format!("{BOB}/statuses/779")));
    // the Update activity is kept raw
    assert_eq!(report.records["post"].kept_raw, 1);
    assert_eq!(report.records["post"].read, 14);
    assert_eq!(r.raw.len(), 1);
    assert_eq!(r.raw[0]["raw"]["type"], "Update");
}

#[test]
fn archive_2023_media_paths_missing_files_and_profile() {
    let (_tmp, out, report, r) = import_sample("archive-2023.zip");
    let files: BTreeMap<String, Vec<u8>> = entries_of(&sample("archive-2023.zip"))
        .into_iter()
        .collect();
    // path without a leading `/`, alt text, focal point, blurhash
    let ok = "media_attachments/files/110/285/480/112/204/631/original/adc294faa4f49e38.jpg";
    let m = r.get("media", "mastodon:media:110285480112204631");
    assert_eq!(m["sha256"], sha256_hex(&files[ok]).as_str());
    assert_eq!(m["alt_text"], "A stack of pancakes drowning in syrup");
    assert_eq!(m["ext"]["focalPoint"], serde_json::json!([0.25, -0.5]));
    assert_eq!(m["ext"]["blurhash"], "UKO2?U%2Tw=w]~RBVZRi};RPxuwH%3s8tLOX");
    assert_eq!(m["mime"], "image/jpeg");
    // a server prefix in the outbox (`/horse-media/…`), the file at `media_attachments/…`
    let inzip = "media_attachments/files/110/285/480/112/204/633/original/5ca1ab1e5ca1ab1e.jpg";
    let h = r.get("media", "mastodon:media:110285480112204633");
    let want = sha256_hex(&files[inzip]);
    assert_eq!(h["sha256"], want.as_str());
    assert_eq!(h["original_path"], inzip);
    assert_eq!(h["original_url"], format!("/horse-media/{inzip}").as_str());
    assert_eq!(h["alt_text"], "A horse trotting through surf");
    let stored = fs::read(out.join(h["path"].as_str().expect("path"))).expect("stored");
    assert_eq!(sha256_hex(&stored), want);
    // the absent file: reported by name and a media record marked missing
    let absent = "media_attachments/files/110/285/480/112/204/632/original/0badf00d0badf00d.png";
    assert!(!files.contains_key(absent));
    assert_eq!(report.missing_media_count, 1);
    assert!(
        report.missing_media.iter().any(|s| s.contains(absent)),
        "{:?}",
        report.missing_media
    );
    let a = r.get("media", "mastodon:media:110285480112204632");
    assert_eq!(a["missing"], true);
    assert_eq!(a["alt_text"], "Nautical chart");
    assert_eq!(strs(&a["attached_to"]), [post_id(&s23(8)).as_str()]);
    // every stored media file of the zip is a media record
    let shas: BTreeSet<&str> = r
        .all("media")
        .iter()
        .filter_map(|m| m["sha256"].as_str())
        .collect();
    for (name, data) in &files {
        if name.starts_with("media_attachments/")
            || name.starts_with("avatar")
            || name.starts_with("header")
        {
            assert!(shas.contains(sha256_hex(data).as_str()), "{name}");
        }
    }
    // likes without totalItems, bookmarks with an empty list
    assert_eq!(r.all("reactions").len(), 2);
    assert!(r.all("reactions").iter().all(|x| x["kind"] == "like"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // the owner: webfinger handle, profile fields, links, moves
    let o = r.get("accounts", "mastodon:account:robin@toot.example");
    assert_eq!(o["is_owner"], true);
    assert_eq!(o["handle"], "robin@toot.example");
    assert_eq!(o["display_name"], "Robin Sails");
    assert_eq!(o["website"], "https://robin.example");
    assert_eq!(o["protected"], true);
    assert_eq!(o["bio"], "Boats, knots & #sailing");
    assert_eq!(
        strs(&o["ext"]["alsoKnownAs"]),
        ["https://old.example/users/robin"]
    );
    let fields = o["ext"]["attachment"]
        .as_array()
        .expect("profile fields kept");
    assert_eq!(fields[0]["type"], "PropertyValue");
    assert!(fields[0]["value"]
        .as_str()
        .unwrap_or("")
        .contains("https://robin.example"));
    assert_eq!(fields[1]["value"], "they/them");
}

// ------------------------------------------------------------------ bare outbox

#[test]
fn a_bare_outbox_learns_its_owner_from_actor() {
    let (_tmp, _out, report, r) = import_sample("outbox-only");
    let owner = "mastodon:account:sam@solo.example";
    let o = r.get("accounts", owner);
    assert_eq!(o["is_owner"], true);
    assert_eq!(o["handle"], "sam@solo.example");
    assert_eq!(
        r.all("accounts")
            .iter()
            .filter(|a| a["is_owner"] == true)
            .count(),
        1
    );
    let p = |n: u64| {
        r.get(
            "posts",
            &post_id(&format!("https://solo.example/users/sam/statuses/{n}")),
        )
    };
    assert_eq!(p(201)["author"], owner);
    assert_eq!(text(p(201)), "Only the outbox survived.");
    assert_eq!(p(201)["visibility"], "public");
    assert_eq!(p(202)["visibility"], "followers");
    // `attachment` and `tag` as single objects are still read (the file is missing here)
    assert_eq!(strs(&p(204)["tags"]), ["solo"]);
    let media = strs(&p(204)["media"]);
    assert_eq!(media.len(), 1, "{}", p(204));
    let m = r.get("media", media[0]);
    assert_eq!(m["alt_text"], "Lone photo");
    assert_eq!(m["missing"], true);
    assert_eq!(report.missing_media_count, 1);
    // a direct thread without `conversation`: the reply joins its parent's conversation
    let m1 = r.get(
        "messages",
        "mastodon:message:https://solo.example/users/sam/statuses/205",
    );
    let m2 = r.get(
        "messages",
        "mastodon:message:https://solo.example/users/sam/statuses/206",
    );
    assert_eq!(m1["conversation"], m2["conversation"]);
    assert_eq!(m2["reply_to"], m1["id"]);
    let c = r.get("conversations", m1["conversation"].as_str().expect("conv"));
    assert_eq!(c["message_count"], 2);
    // a recipient on the numeric ActivityPub scheme is the account its mention names,
    // not a second account named by the URI
    let zoe = "mastodon:account:zoe@big.example";
    let m = r.get(
        "messages",
        "mastodon:message:https://solo.example/users/sam/statuses/207",
    );
    assert_eq!(strs(&m["recipients"]), [zoe]);
    let c = r.get("conversations", m["conversation"].as_str().expect("conv"));
    assert_eq!(strs(&c["participants"]), [owner, zoe]);
    assert_eq!(
        r.get("accounts", zoe)["url"],
        "https://big.example/ap/users/116840387061670746"
    );
    assert!(
        !r.ids("accounts").iter().any(|a| a.contains("/ap/users/")),
        "{:?}",
        r.ids("accounts")
    );
    assert_eq!(r.all("conversations").len(), 2);
}

// ------------------------------------------------------------------ CSV

fn rel<'a>(r: &'a Records, id: &str) -> &'a Value {
    r.get("relationships", &format!("mastodon:relationship:{id}"))
}

#[test]
fn csv_lists_are_relationships() {
    let (_tmp, _out, report, r) = import_sample("csv");
    let owner = "mastodon:account:owner";
    // follows, with the extra columns in ext
    let f = rel(&r, "following/owner/bob@other.example");
    assert_eq!(f["subject"], owner);
    assert_eq!(f["object"], "mastodon:account:bob@other.example");
    assert_eq!(f["ext"]["show_boosts"], true);
    assert_eq!(f["ext"]["notify_on_new_posts"], false);
    assert!(f["ext"]["languages"].is_null());
    let f = rel(&r, "following/owner/carol@third.example");
    assert_eq!(f["ext"]["show_boosts"], false);
    assert_eq!(f["ext"]["notify_on_new_posts"], true);
    assert_eq!(strs(&f["ext"]["languages"]), ["en", "fr"]);
    assert_eq!(
        strs(&rel(&r, "following/owner/kim@toot.example")["ext"]["languages"]),
        ["de"]
    );
    // mutes, blocks (no header), domain blocks
    assert_eq!(
        rel(&r, "mute/owner/loud@noise.example")["ext"]["hide_notifications"],
        true
    );
    assert_eq!(
        rel(&r, "mute/owner/chatty@noise.example")["ext"]["hide_notifications"],
        false
    );
    for b in ["spammer@spam.example", "troll@spam.example"] {
        assert_eq!(rel(&r, &format!("block/owner/{b}"))["kind"], "block");
    }
    for d in ["spam.example", "ads.example"] {
        let x = rel(&r, &format!("domain_block/owner/{d}"));
        assert_eq!(x["object"], d);
        assert_eq!(x["subject"], owner);
    }
    // list members, a title with a comma
    let l = rel(&r, "list_member/kim@toot.example/owner/lists/Family, close");
    assert_eq!(l["subject"], "mastodon:account:kim@toot.example");
    assert_eq!(l["ext"]["list"], "Family, close");
    let sailing = r
        .all("relationships")
        .iter()
        .filter(|x| x["ext"]["list"] == "Sailing friends")
        .count();
    assert_eq!(sailing, 2);
    // followers (a fork's CSV): the other account follows the owner
    for a in ["fan@fans.example", "bob@other.example"] {
        let x = rel(&r, &format!("follower/owner/{a}"));
        assert_eq!(x["subject"], owner);
        assert_eq!(x["object"], format!("mastodon:account:{a}").as_str());
    }
    // the blank line is no row; every row is one relationship
    assert_eq!(r.all("relationships").len(), 3 + 2 + 2 + 2 + 3 + 2);
    assert_eq!(report.records["relationship"].read, 14);
    // bookmarks.csv: reactions
    let marks = r.all("reactions");
    assert_eq!(marks.len(), 2);
    assert!(marks
        .iter()
        .all(|m| m["kind"] == "bookmark" && m["actor"] == owner));
    // the owner is not named by CSV lists: said once
    assert_eq!(
        report
            .warnings
            .iter()
            .filter(|w| w.contains("do not name their owner"))
            .count(),
        1
    );
}

#[test]
fn old_follow_lists_are_read() {
    let (_tmp, _out, _report, r) = import_sample("csv-old");
    // header-less, one account per line (a leading `@` dropped)
    for a in ["oldfriend@legacy.example", "another@legacy.example"] {
        let x = rel(&r, &format!("following/owner/{a}"));
        assert_eq!(x["kind"], "following");
        assert!(
            x["ext"].is_null() || x["ext"] == serde_json::json!({}),
            "{x}"
        );
    }
    // `Account address,Show boosts`
    assert_eq!(
        rel(&r, "following/owner/boosty@legacy.example")["ext"]["show_boosts"],
        false
    );
    assert_eq!(r.all("relationships").len(), 3);
}

/// The archive unpacked with the CSV downloads beside it (one of them downloaded
/// twice): the CSVs belong to the archive's owner, and what two files list is one
/// record, the second listing skipped with its reason.
#[test]
fn an_archive_with_its_csv_lists_lists_each_thing_once() {
    let tmp = TempDir::new("combined");
    let dir = tmp.join("dump");
    let mut files = entries_of(&sample("archive-2022.tar.gz"));
    files.extend(entries_of(&sample("csv")));
    let again = fs::read(sample("csv/following_accounts.csv")).expect("csv");
    files.push(("following_accounts (1).csv".into(), again));
    for (name, data) in &files {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, data).expect("write");
    }
    let out = tmp.join("out");
    let report = import(&dir, &out);
    let r = Records::load(&out);
    for (file, recs) in &r.by_file {
        assert_eq!(
            r.ids(file).len(),
            recs.len(),
            "duplicate ids in {file}.jsonl"
        );
    }
    let owner = "mastodon:account:alice@mastodon.example";
    assert!(r
        .all("relationships")
        .iter()
        .all(|x| x["subject"] == owner || x["kind"] == "list_member"));
    assert!(report
        .warnings
        .iter()
        .all(|w| !w.contains("do not name their owner")));
    // bookmarks.json and bookmarks.csv both list bob's 9003
    let marks: Vec<&Value> = r
        .all("reactions")
        .iter()
        .filter(|x| x["kind"] == "bookmark")
        .collect();
    assert_eq!(marks.len(), 2);
    let c = &report.records["reaction"];
    assert_eq!((c.read, c.converted, c.skipped), (3 + 1 + 2, 5, 1));
    // three follows listed twice
    let c = &report.records["relationship"];
    assert_eq!((c.read, c.converted, c.skipped), (14 + 3, 14, 3));
    assert_eq!(report.skips.len(), 4);
    assert!(
        report
            .skips
            .iter()
            .all(|s| s.reason.starts_with("listed twice")),
        "{:?}",
        report.skips
    );
    assert!(report.balanced());
}

// ------------------------------------------------------------------ containers, re-import

/// The same entries packed as the other container give the same records.
#[test]
fn tar_gz_and_zip_give_the_same_records() {
    for (name, other) in [
        ("archive-2022.tar.gz", "repacked.zip"),
        ("archive-2023.zip", "repacked.tar.gz"),
    ] {
        let tmp = TempDir::new("repack");
        let entries = entries_of(&sample(name));
        let repacked = tmp.join(other);
        if other.ends_with(".zip") {
            write_zip(&repacked, &entries);
        } else {
            write_targz(&repacked, &entries);
        }
        let (a_out, b_out) = (tmp.join("a"), tmp.join("b"));
        let ra = import(&sample(name), &a_out);
        let rb = import(&repacked, &b_out);
        assert_ne!(ra.source.container, rb.source.container, "{name}");
        assert_eq!(ra.records, rb.records, "{name}: record counts");
        assert_eq!(ra.entries, rb.entries, "{name}: entries");
        assert_eq!(ra.missing_media, rb.missing_media, "{name}");
        let (a, b) = (Records::load(&a_out), Records::load(&b_out));
        assert_eq!(a.line_counts(), b.line_counts(), "{name}");
        assert_eq!(a.all_ids(), b.all_ids(), "{name}");
        // the same content, not only the same ids (the source location aside)
        for (file, recs) in &a.by_file {
            for x in recs {
                let y = b.get(file, x["id"].as_str().expect("id"));
                let strip = |v: &Value| {
                    let mut v = v.clone();
                    if let Some(o) = v.as_object_mut() {
                        o.remove("source");
                    }
                    v
                };
                assert_eq!(strip(x), strip(y), "{name}: {file} {}", x["id"]);
            }
        }
    }
}

/// A re-zipped dump with a folder above the archive root gives the same record ids.
#[test]
fn a_folder_above_the_archive_root_changes_no_id() {
    let tmp = TempDir::new("top");
    for name in ["archive-2022.tar.gz", "archive-2023.zip"] {
        let entries: Vec<(String, Vec<u8>)> = entries_of(&sample(name))
            .into_iter()
            .map(|(n, d)| (format!("archive-20230720/{n}"), d))
            .collect();
        let p = tmp.join(format!("{name}-top.zip"));
        write_zip(&p, &entries);
        let (a_out, b_out) = (tmp.join(format!("{name}-a")), tmp.join(format!("{name}-b")));
        let ra = import(&sample(name), &a_out);
        let rb = import(&p, &b_out);
        assert_eq!(ra.records, rb.records, "{name}");
        assert_eq!(ra.missing_media, rb.missing_media, "{name}");
        let (a, b) = (Records::load(&a_out), Records::load(&b_out));
        assert_eq!(a.all_ids(), b.all_ids(), "{name}");
        let roles = |r: &Records| -> Vec<String> {
            r.all("media")
                .iter()
                .filter_map(|m| m["ext"]["role"].as_str().map(str::to_string))
                .collect()
        };
        assert_eq!(roles(&b), ["avatar", "header"], "{name}");
    }
}

/// The 2023 outbox also reads the same when packed in the old tar order with the old
/// media paths: the media entries first, then outbox.json.
#[test]
fn tar_order_does_not_matter() {
    let tmp = TempDir::new("order");
    let mut entries = entries_of(&sample("archive-2023.zip"));
    entries.sort_by_key(|(n, _)| !n.starts_with("media_attachments/"));
    let p = tmp.join("reordered.tar.gz");
    write_targz(&p, &entries);
    let ra = import(&sample("archive-2023.zip"), &tmp.join("a"));
    let rb = import(&p, &tmp.join("b"));
    assert_eq!(ra.records, rb.records);
    let (a, b) = (Records::load(&tmp.join("a")), Records::load(&tmp.join("b")));
    assert_eq!(a.all_ids(), b.all_ids());
    let shas = |r: &Records| -> BTreeSet<String> {
        r.all("media")
            .iter()
            .filter_map(|m| m["sha256"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(shas(&a), shas(&b));
}

#[test]
fn reimporting_the_same_dump_adds_nothing() {
    for name in SAMPLES {
        let (_tmp, out, first, before) = import_sample(name);
        let again = import(&sample(name), &out);
        let after = Records::load(&out);
        assert_eq!(before.line_counts(), after.line_counts(), "{name}");
        assert_eq!(before.all_ids(), after.all_ids(), "{name}");
        assert_eq!(first.records, again.records, "{name}");
        let v = lifeboat::archive::verify(&out).expect("verify");
        assert!(v.ok(), "{name}: {:?}", v.problems);
    }
}

// ------------------------------------------------------------------ the generator

/// The committed samples are what `make_samples.py` writes.
#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (it runs formats/mastodon/make_samples.py)"
)]
fn samples_are_reproducible() {
    let tmp = TempDir::new("regen");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/make_samples.py");
    let st = std::process::Command::new("python3")
        .arg(&script)
        .env("MASTODON_SAMPLES_OUT", &tmp.0)
        .status()
        .expect("python3");
    assert!(st.success(), "make_samples.py failed");
    for name in SAMPLES {
        let (a, b) = (entries_of(&sample(name)), entries_of(&tmp.join(name)));
        assert_eq!(a, b, "{name}: entries differ from a fresh generation");
    }
}

// ------------------------------------------------------------------ real fixtures

fn fixture_bytes(dir: &Path, f: &str) -> Vec<u8> {
    fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

/// Visibility as FORMAT.md §2.3 derives it.
fn visibility_of(o: &Value) -> &'static str {
    let to = strs(&o["to"]);
    let cc = strs(&o["cc"]);
    if to.contains(&PUBLIC) {
        "public"
    } else if cc.contains(&PUBLIC) {
        "unlisted"
    } else if to.iter().any(|u| u.ends_with("/followers")) {
        "followers"
    } else {
        "direct"
    }
}

/// The real 2022 tar.gz excerpt and the 2023 zip outbox: every item a post with its
/// visibility and a markup-free text; likes as reactions.
#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn real_fixtures_import() {
    let fx = fixtures().expect("../shared/reference/mastodon/fixtures");
    for (folder, outbox, zip) in [
        ("targz-2022-mastodon.social", "outbox.excerpt.json", false),
        ("zip-2023-toot.lmorchard.com", "outbox.json", true),
    ] {
        let dir = fx.join(folder);
        let tmp = TempDir::new("fixture");
        let ob = fixture_bytes(&dir, outbox);
        let mut entries = vec![("outbox.json".to_string(), ob.clone())];
        for f in ["likes.json", "bookmarks.json", "actor.json"] {
            entries.push((f.to_string(), fixture_bytes(&dir, f)));
        }
        let dump = tmp.join(if zip { "a.zip" } else { "a.tar.gz" });
        if zip {
            write_zip(&dump, &entries);
        } else {
            write_targz(&dump, &entries);
        }
        let out = tmp.join("out");
        let report = import(&dump, &out);
        let r = Records::load(&out);
        let v: Value = serde_json::from_slice(&ob).expect("outbox JSON");
        let items = v["orderedItems"].as_array().expect("items");
        assert_eq!(
            report.records["post"].read as usize,
            items.len(),
            "{folder}"
        );
        for (kind, c) in &report.records {
            assert_eq!(
                c.read,
                c.converted + c.kept_raw + c.skipped,
                "{folder}: {kind}"
            );
        }
        for it in items {
            if it["type"] == "Announce" {
                let p = r.get("posts", &post_id(it["id"].as_str().expect("id")));
                assert_eq!(
                    p["repost_of"],
                    post_id(it["object"].as_str().expect("obj")).as_str()
                );
                continue;
            }
            let o = &it["object"];
            let p = r.get("posts", &post_id(o["id"].as_str().expect("id")));
            assert_eq!(p["visibility"], visibility_of(o), "{folder}: {}", o["id"]);
            let t = text(p);
            assert!(!t.contains("<p>") && !t.contains("</span>"), "{t}");
            if o["content"].as_str().is_some_and(|c| !c.is_empty()) {
                assert!(!t.is_empty(), "{folder}: {} lost its text", o["id"]);
            }
            if let Some(re) = o["inReplyTo"].as_str() {
                assert_eq!(p["reply_to"], post_id(re).as_str());
            }
            // no media in these dumps: each attachment is a missing media record
            let n = o["attachment"].as_array().map(Vec::len).unwrap_or(0);
            assert_eq!(p["media"].as_array().map(Vec::len).unwrap_or(0), n);
        }
        check_posts_plain_and_private(folder, &r);
        let likes: Value =
            serde_json::from_slice(&fixture_bytes(&dir, "likes.json")).expect("likes");
        let n = likes["orderedItems"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(
            r.all("reactions")
                .iter()
                .filter(|x| x["kind"] == "like")
                .count(),
            n,
            "{folder}"
        );
        assert_eq!(
            r.all("accounts")
                .iter()
                .filter(|a| a["is_owner"] == true)
                .count(),
            1,
            "{folder}"
        );
    }
}

/// The hackers.town item with attachments: CW, reply, mentions, media reported missing.
#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn real_item_with_attachments() {
    let fx = fixtures().expect("../shared/reference/mastodon/fixtures");
    let item: Value = serde_json::from_slice(&fixture_bytes(
        &fx,
        "outbox-item-with-attachments.hackers.town.json",
    ))
    .expect("item JSON");
    let outbox = serde_json::json!({"id": "outbox.json", "type": "OrderedCollection", "orderedItems": [item]});
    let tmp = TempDir::new("item");
    fs::create_dir_all(tmp.join("d")).expect("mkdir");
    fs::write(tmp.join("d/outbox.json"), outbox.to_string()).expect("write");
    let report = import(&tmp.join("d"), &tmp.join("out"));
    let r = Records::load(&tmp.join("out"));
    let o = &item["object"];
    let p = r.get("posts", &post_id(o["id"].as_str().expect("id")));
    assert_eq!(p["content_warning"], o["summary"]);
    assert_eq!(p["visibility"], visibility_of(o));
    assert_eq!(
        p["reply_to"],
        post_id(o["inReplyTo"].as_str().expect("reply")).as_str()
    );
    assert!(!text(p).contains('<'));
    let n = o["attachment"].as_array().map(Vec::len).unwrap_or(0);
    assert!(n > 0);
    assert_eq!(report.missing_media_count as usize, n);
    for (i, a) in o["attachment"]
        .as_array()
        .expect("attachments")
        .iter()
        .enumerate()
    {
        let m = r.get("media", p["media"][i].as_str().expect("media id"));
        assert_eq!(m["missing"], true);
        assert_eq!(m["alt_text"], a["name"]);
    }
}

// ------------------------------------------------------------------ the CLI

/// `lifeboat import` on each sample: exit 0, a report file that balances and names the
/// missing file, and `lifeboat verify` accepts the archive.
#[test]
fn the_cli_imports_every_sample() {
    let tmp = TempDir::new("cli");
    for name in SAMPLES {
        let out = tmp.join(format!("{name}.bag"));
        let rep = tmp.join(format!("{name}.report.json"));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"))
            .arg("import")
            .arg(sample(name))
            .arg("--out")
            .arg(&out)
            .arg("--report")
            .arg(&rep)
            .output()
            .expect("run lifeboat");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        common::assert_unique_ids(&out);
        let r: Value = serde_json::from_slice(&fs::read(&rep).expect("report")).expect("JSON");
        assert_eq!(r["network"], "mastodon", "{name}");
        for (kind, c) in r["records"].as_object().expect("records") {
            let n = |k: &str| c[k].as_u64().expect("count");
            assert_eq!(
                n("read"),
                n("converted") + n("kept_raw") + n("skipped"),
                "{name}: {kind}"
            );
        }
        let e = &r["entries"];
        assert_eq!(
            e["total"].as_u64(),
            Some(entries_of(&sample(name)).len() as u64)
        );
        if name == "archive-2023.zip" {
            assert!(r["missing_media"][0]
                .as_str()
                .unwrap_or("")
                .contains("0badf00d0badf00d.png"));
        }
        let v = std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"))
            .arg("verify")
            .arg(&out)
            .output()
            .expect("run lifeboat verify");
        assert!(
            v.status.success(),
            "{name}: verify: {}",
            String::from_utf8_lossy(&v.stderr)
        );
    }
}
