//! Integration tests over the synthetic blog samples in `formats/{wordpress,blogger,
//! disqus}/samples/` (written by the `make_samples.py` beside them): each is imported
//! through the public API and the records in `data/records/*.jsonl` are checked
//! against what the sample says. Also hostile XML (entities, truncation, deep nesting)
//! and detection of a WXR file by its content.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use lifeboat::Report;
use serde_json::Value;

mod common;
use common::TempDir;

fn sample(net: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(net)
        .join("samples")
        .join(name)
}

/// Records of an archive by kind, each by id.
struct Bag {
    report: Report,
    recs: BTreeMap<String, BTreeMap<String, Value>>,
    raw: Vec<Value>,
}

impl Bag {
    fn post(&self, suffix: &str) -> &Value {
        self.find("post", suffix)
    }
    fn find(&self, kind: &str, suffix: &str) -> &Value {
        let m = self
            .recs
            .get(kind)
            .unwrap_or_else(|| panic!("no {kind} records"));
        let hits: Vec<&Value> = m
            .iter()
            .filter(|(id, _)| {
                id.ends_with(&format!(":{suffix}")) || id.ends_with(&format!("/{suffix}"))
            })
            .map(|(_, v)| v)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{kind} ending in {suffix}: {:?}",
            m.keys().collect::<Vec<_>>()
        );
        hits[0]
    }
    fn count(&self, kind: &str) -> usize {
        self.recs.get(kind).map_or(0, |m| m.len())
    }
}

fn import(dump: &Path, tmp: &TempDir) -> Bag {
    let out = tmp.join("out.bag");
    let done = common::import_dump(
        dump,
        &out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap_or_else(|e| panic!("importing {} failed: {e}", dump.display()));
    assert!(done.report.balanced(), "report does not balance");
    let mut recs: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for (kind, file) in [
        ("post", "posts"),
        ("account", "accounts"),
        ("media", "media"),
    ] {
        let p = out.join("data/records").join(format!("{file}.jsonl"));
        let Ok(text) = fs::read_to_string(&p) else {
            continue;
        };
        let mut ids = HashSet::new();
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).expect("record is JSON");
            let id = v["id"].as_str().expect("id").to_string();
            assert!(ids.insert(id.clone()), "duplicate record id {id}");
            recs.entry(kind.into()).or_default().insert(id, v);
        }
    }
    let raw = fs::read_to_string(out.join("data/raw/posts.jsonl"))
        .map(|t| {
            t.lines()
                .map(|l| serde_json::from_str(l).expect("raw JSON"))
                .collect()
        })
        .unwrap_or_default();
    // every reply points at a record of the archive
    if let Some(posts) = recs.get("post") {
        for (id, p) in posts {
            if let Some(r) = p["reply_to"].as_str() {
                assert!(
                    posts.contains_key(r),
                    "{id} replies to {r}, which is not a record"
                );
            }
            let a = p["author"].as_str().expect("author");
            assert!(
                recs.get("account").is_some_and(|m| m.contains_key(a)),
                "{id}: author {a} is not an account record"
            );
        }
    }
    Bag {
        report: done.report,
        recs,
        raw,
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or("")
}

// ------------------------------------------------------------------ WordPress

#[test]
fn wordpress_wxr12_posts_comments_linkbacks_and_states() {
    let t = TempDir::new("wxr12");
    let b = import(&sample("wordpress", "wxr-1.2"), &t);
    assert_eq!(b.report.network, "wordpress");
    assert_eq!(b.report.generation, "WXR 1.2");

    let p = b.post("42");
    assert_eq!(s(p, "id"), "wordpress:post:blog.acme-tools.example/42");
    assert_eq!(s(p, "title"), "New plant & 300 jobs");
    assert_eq!(s(p, "visibility"), "public");
    assert_eq!(s(p, "created_at"), "2024-03-02T09:15:00Z");
    let text = s(p, "text");
    assert!(text.contains("We are opening a new plant."), "{text}");
    assert!(
        text.contains("/* marker: ]]> */"),
        "CDATA sections joined: {text}"
    );
    assert!(
        !text.contains("<!-- wp:") && !text.contains("CDATA"),
        "{text}"
    );
    assert!(s(p, "html").contains("<!-- wp:paragraph -->"));
    assert_eq!(p["tags"], serde_json::json!(["Press releases", "plant"]));
    assert_eq!(
        s(p, "author"),
        "wordpress:account:blog.acme-tools.example/ceo"
    );
    assert_eq!(p["ext"]["excerpt"], "A new plant opens.");
    assert_eq!(p["ext"]["postmeta"]["_thumbnail_id"], "57");

    // threading three deep, by comment id within the post
    let c = |n: u32| b.post(&format!("comment-{n}"));
    assert_eq!(s(c(101), "reply_to"), s(p, "id"));
    assert!(s(c(102), "reply_to").ends_with("/42/comment-101"));
    assert!(s(c(103), "reply_to").ends_with("/42/comment-102"));
    assert_eq!(s(c(102), "text"), "Yes, from September. Code: x ]]> y");
    // a registered user's comment is by their account
    assert_eq!(
        s(c(102), "author"),
        "wordpress:account:blog.acme-tools.example/editor"
    );

    // pingback, trackback, webmention: posts by the linking site, not replies
    for (n, kind, host) in [
        (104, "pingback", "industry.example"),
        (105, "trackback", "regional-news.example"),
        (106, "webmention", "indie.example"),
    ] {
        let l = c(n);
        assert!(l.get("reply_to").is_none(), "{n} is not a reply");
        assert_eq!(l["ext"]["comment_type"], kind);
        assert_eq!(
            s(l, "author"),
            format!("wordpress:account:blog.acme-tools.example/site/{host}")
        );
        assert!(s(l, "url").contains(host));
        assert_eq!(
            l["links"][0]["url"],
            "https://blog.acme-tools.example/2024/03/new-plant/"
        );
    }
    assert_eq!(s(c(104), "text"), "[…] Acme announced a new plant […]");
    assert_eq!(s(c(104), "title"), "Industry Blog » Acme builds");

    // moderation states: hidden, never public
    for (n, status) in [(107, "spam"), (108, "trashed"), (109, "pending")] {
        assert_eq!(s(c(n), "status"), status);
        assert_eq!(s(c(n), "visibility"), "private");
    }
    // an orphan reply stays at top level, flagged
    assert_eq!(s(c(110), "reply_to"), s(p, "id"));
    assert_eq!(c(110)["ext"]["parent_missing"], "999");

    assert_eq!(s(b.post("44"), "status"), "trashed");
    assert_eq!(s(b.post("44"), "visibility"), "private");
    assert_eq!(b.post("2")["ext"]["post_type"], "page");

    let m = b.find("media", "57");
    assert_eq!(m["missing"], true);
    assert_eq!(s(m, "alt_text"), "Aerial view of the new plant");
    assert_eq!(
        m["attached_to"][0],
        "wordpress:post:blog.acme-tools.example/42"
    );
    assert_eq!(b.report.missing_media_count, 1);

    // nav_menu_item, the Jetpack feedback item and the auto-draft kept raw
    let post = &b.report.records["post"];
    assert_eq!((post.kept_raw, post.skipped), (3, 0));
    assert_eq!(b.raw.len(), 3);
    assert!(b
        .raw
        .iter()
        .any(|r| r["reason"].as_str().unwrap_or("").contains("auto-draft")));
    // the site is the owner
    let site = b.find("account", "blog.acme-tools.example");
    assert_eq!(site["is_owner"], true);
}

#[test]
fn wordpress_wxr10_and_wxr11() {
    let t = TempDir::new("wxr10");
    let b = import(&sample("wordpress", "wxr-1.0"), &t);
    assert_eq!(b.report.generation, "WXR 1.0");
    let p = b.post("3");
    // the bare and the domain category are one tag; classic text gets paragraphs
    assert_eq!(p["tags"], serde_json::json!(["News", "workshop"]));
    assert_eq!(
        s(p, "text"),
        "Our workshop opens on Monday.\n\nBring your own coffee & sandwiches.\nSee you there."
    );
    // no wp:author in 1.0: the dc:creator login becomes an account
    assert_eq!(
        s(p, "author"),
        "wordpress:account:www.acme-tools.example/blog/admin"
    );
    assert_eq!(b.post("comment-4")["ext"]["comment_type"], "pingback");
    assert_eq!(s(b.post("comment-5"), "reply_to"), s(p, "id"));

    let t = TempDir::new("wxr11");
    let b = import(&sample("wordpress", "wxr-1.1"), &t);
    assert_eq!(b.report.generation, "WXR 1.1");
    let d = b.post("11");
    assert_eq!((s(d, "status"), s(d, "visibility")), ("draft", "private"));
    // zero GMT date: the local date stands in, its origin kept
    assert_eq!(s(d, "created_at"), "2012-05-01T12:00:00Z");
    assert!(d["raw_times"]["created_at"]
        .as_str()
        .unwrap()
        .contains("local"));
    assert_eq!(s(b.post("12"), "visibility"), "private");
    assert!(b.post("12").get("status").is_none());
    assert_eq!(
        s(b.post("13"), "visibility"),
        "private",
        "password-protected"
    );
    assert_eq!(b.post("comment-20")["ext"]["comment_type"], "trackback");
    assert_eq!(
        s(b.find("account", "editor"), "display_name"),
        "Erin Editor"
    );
}

#[test]
fn wordpress_invalid_xml_chars_are_repaired_and_counted() {
    let t = TempDir::new("broken");
    let b = import(&sample("wordpress", "broken"), &t);
    assert_eq!(b.report.repairs.get("invalid_xml_chars"), Some(&4));
    assert_eq!(b.report.repairs.get("encoding"), Some(&1));
    assert_eq!(s(b.post("70"), "text"), "Beforevertical tab andform feed.");
    assert_eq!(
        s(b.post("comment-202"), "text"),
        "It\u{2019}s a latin1 apostrophe."
    );
    assert!(s(b.post("comment-201"), "text").contains("NUL byte"));
}

#[test]
fn wordpress_com_parts_in_a_zip() {
    let t = TempDir::new("wpcom");
    let zip = t.join("acmetools.wordpress.2025-01-19.zip");
    let f = fs::File::create(&zip).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let dir = sample("wordpress", "wpcom-parts");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for n in names {
        let opts: zip::write::SimpleFileOptions = Default::default();
        z.start_file(n.to_string_lossy(), opts).unwrap();
        z.write_all(&fs::read(dir.join(&n)).unwrap()).unwrap();
    }
    z.finish().unwrap();
    let b = import(&zip, &t);
    assert_eq!(b.report.network, "wordpress");
    assert_eq!(b.count("post"), 3);
    // the author block of both parts is one account
    assert_eq!(
        s(
            b.find("account", "acmetools.wordpress.example/acmetools"),
            "display_name"
        ),
        "Acme Tools"
    );
    assert!(s(b.post("302/comment-401"), "reply_to").ends_with("/302"));
}

// ------------------------------------------------------------------ Blogger

#[test]
fn blogger_classic_export() {
    let t = TempDir::new("b1");
    let b = import(&sample("blogger", "classic-b1"), &t);
    assert_eq!(b.report.network, "blogger");
    assert!(
        b.report.generation.starts_with("B1"),
        "{}",
        b.report.generation
    );
    let p = b.post("1000000000000000001");
    assert_eq!(s(p, "title"), "Tools & trade fair");
    assert_eq!(
        s(p, "created_at"),
        "2014-09-01T08:15:00Z",
        "+02:00 converted to UTC"
    );
    assert_eq!(
        p["raw_times"]["created_at"],
        "2014-09-01T10:15:00.000+02:00"
    );
    assert_eq!(p["tags"], serde_json::json!(["Events", "Messe"]));
    assert_eq!(
        s(p, "url"),
        "https://acme-tools.blogspot.example/2014/09/fair.html"
    );
    assert_eq!(s(p, "text"), "We exhibit at the trade fair.\nFair site");
    let d = b.post("1000000000000000002");
    assert_eq!((s(d, "status"), s(d, "visibility")), ("draft", "private"));
    assert_eq!(b.post("2000000000000000001")["ext"]["kind"], "page");
    // flat comment to the post, threaded reply by the related link
    assert_eq!(s(b.post("3000000000000000001"), "reply_to"), s(p, "id"));
    assert_eq!(
        s(b.post("3000000000000000002"), "reply_to"),
        "blogger:post:3000000000000000001"
    );
    assert_eq!(
        s(b.post("3000000000000000002"), "text"),
        "Which hall & booth?"
    );
    // template and two settings kept raw; settings also on the blog's account
    assert_eq!(b.report.records["post"].kept_raw, 3);
    let blog = b.find("account", "blog-7041234567890000001");
    assert_eq!(blog["ext"]["BLOG_TIME_ZONE"], "Europe/Berlin");
    assert_eq!(blog["is_owner"], true);
}

#[test]
fn blogger_takeout_feed() {
    let t = TempDir::new("b2");
    let b = import(&sample("blogger", "takeout-b2"), &t);
    assert!(
        b.report.generation.starts_with("B2"),
        "{}",
        b.report.generation
    );
    let p = b.post("4000000000000000001");
    assert_eq!(
        s(p, "title"),
        "New warehouse 'North'",
        "double-escaped entity decoded"
    );
    assert_eq!(s(p, "created_at"), "2020-05-01T08:00:00Z");
    assert_eq!(p["ext"]["blogger_created"], "2020-04-30T16:00:00.000Z");
    assert_eq!(p["tags"], serde_json::json!(["Logistics"]));
    assert_eq!(s(b.post("4000000000000000002"), "status"), "draft");
    // comments come before their post in the file; threading by inReplyTo
    assert_eq!(s(b.post("5000000000000000001"), "reply_to"), s(p, "id"));
    assert_eq!(
        s(b.post("5000000000000000002"), "reply_to"),
        "blogger:post:5000000000000000001"
    );
    let gone = b.post("5000000000000000003");
    assert_eq!(
        (s(gone, "status"), s(gone, "visibility")),
        ("trashed", "private")
    );
    assert_eq!(s(gone, "author"), "blogger:account:guest/Anonymous");
    // the theme is carried, not parsed
    assert_eq!(b.report.entries.carried, 1);
}

// ------------------------------------------------------------------ Disqus

#[test]
fn disqus_d1_nested_deleted_spam_orphans() {
    let t = TempDir::new("d1");
    let b = import(&sample("disqus", "d1-2015"), &t);
    assert_eq!(b.report.network, "disqus");
    assert!(b.report.generation.starts_with("D1"));
    let th = b.post("thread-100");
    assert_eq!(th["ext"]["kind"], "page");
    assert_eq!(s(th, "url"), "https://acme-tools.example/2014/05/anvil/");
    assert_eq!(s(b.post("1001"), "reply_to"), "disqus:post:thread-100");
    assert_eq!(s(b.post("1002"), "reply_to"), "disqus:post:1001");
    assert_eq!(s(b.post("1003"), "reply_to"), "disqus:post:1002");
    assert_eq!(s(b.post("1002"), "text"), "Forged & hardened.");
    // deleted: a tombstone that keeps its replies' parent, with a deletion marker
    let del = b.post("1004");
    assert_eq!(
        s(del, "deleted_at"),
        "2015-01-01T00:00:00Z",
        "export time from the name"
    );
    assert_eq!(s(del, "visibility"), "public");
    assert_eq!(s(b.post("1005"), "reply_to"), "disqus:post:1004");
    let spam = b.post("1006");
    assert_eq!(
        (s(spam, "status"), s(spam, "visibility")),
        ("spam", "private")
    );
    // the thread missing from the file gets a stub page record
    assert_eq!(b.post("thread-999")["ext"]["missing_from_export"], true);
    assert_eq!(
        s(b.find("account", "joreader"), "display_name"),
        "Jo Reader"
    );
    assert_eq!(
        b.find("account", "joreader")["ext"]["email"],
        "jo@example.org"
    );
}

#[test]
fn disqus_d2_gzip_as_delivered() {
    let t = TempDir::new("d2");
    let src = sample("disqus", "d2-2024").join("acme-tools-2024-05-01T10_00_00.000000-all.xml");
    let gz = t.join("acme-tools-2024-05-01T10_00_00.000000-all.xml.gz");
    let mut enc = flate2::write::GzEncoder::new(fs::File::create(&gz).unwrap(), Default::default());
    enc.write_all(&fs::read(src).unwrap()).unwrap();
    enc.finish().unwrap();
    let b = import(&gz, &t);
    assert_eq!(b.report.network, "disqus");
    assert!(b.report.generation.starts_with("D2"));
    assert_eq!(
        s(b.post("2001"), "text"),
        "Congratulations 🎉 日本語 OK https://acme-tools.example/jobs/"
    );
    assert_eq!(b.post("2001")["ext"]["id"], "wp_id=118");
    assert_eq!(
        s(b.post("2002"), "author"),
        "disqus:account:guest/Guest Visitor"
    );
    assert_eq!(s(b.post("2002"), "text"), "Guest comment\nover two lines.");
    assert!(b.post("thread-202").get("deleted_at").is_some());
    assert_eq!(b.count("post"), 6);
}

// ------------------------------------------------------------------ hostile XML

fn write(t: &TempDir, name: &str, body: &[u8]) -> PathBuf {
    let p = t.join(name);
    fs::write(&p, body).unwrap();
    p
}

#[test]
fn entities_are_never_expanded() {
    let t = TempDir::new("xxe");
    let mut doc = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><!ENTITY l0 \"lol\">",
    );
    for i in 1..10 {
        doc.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    doc.push_str(
        "]>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
         <channel><item><title>&l9;</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>\
         <content:encoded>&xxe;</content:encoded></item></channel></rss>",
    );
    // a neutral name: found by its content
    let p = write(&t, "export.xml", doc.as_bytes());
    let b = import(&p, &t);
    assert_eq!(b.report.network, "wordpress");
    let post = b.post("1");
    assert_eq!(s(post, "title"), "&l9;");
    assert_eq!(s(post, "text"), "&xxe;");
    assert!(b
        .report
        .warnings
        .iter()
        .any(|w| w.contains("never expanded")));
}

#[test]
fn truncated_and_deeply_nested_xml_do_not_abort() {
    let t = TempDir::new("trunc");
    let full = fs::read(sample("wordpress", "wxr-1.2").join("acme-tools.wordpress.2024-05-01.xml"))
        .unwrap();
    let cut = &full[..full.len() * 2 / 3];
    let p = write(&t, "cut.wordpress.2024-01-01.xml", cut);
    let b = import(&p, &t);
    assert!(b
        .report
        .skips
        .iter()
        .any(|s| s.reason.contains("not well-formed")));
    assert!(b.count("post") >= 1);

    // nesting within reason is flattened under the item; beyond the limit, refused
    for (depth, read) in [(2_000, true), (100_000, false)] {
        let t = TempDir::new("deep");
        let mut doc = String::from("<rss><channel><item><wp:post_id xmlns:wp=\"http://wordpress.org/export/1.2/\">9</wp:post_id><title>");
        doc.push_str(&"<b>".repeat(depth));
        doc.push_str(&"</b>".repeat(depth));
        doc.push_str("deep</title></item></channel></rss>");
        let p = write(&t, "deep.wordpress.2024-01-01.xml", doc.as_bytes());
        if read {
            let b = import(&p, &t);
            assert_eq!(s(b.post("9"), "title"), "deep");
        } else {
            // nothing of the dump could be read: the import fails, saying where
            let err = common::import_dump(
                &p,
                &t.join("out.bag"),
                &lifeboat::ImportOptions::default(),
                &mut lifeboat::NoProgress,
            )
            .expect_err("a dump with nothing readable must not import");
            let msg = err.to_string();
            assert!(msg.contains("nested deeper"), "{msg}");
            assert!(msg.contains("at byte "), "{msg}");
            assert!(!t.join("out.bag").exists());
        }
    }
}

#[test]
fn reimport_merges_without_duplicates_and_strict_passes() {
    let t = TempDir::new("merge");
    let out = t.join("out.bag");
    let strict = lifeboat::ImportOptions {
        strict: true,
        ..Default::default()
    };
    for dump in [
        sample("wordpress", "wxr-1.2"),
        sample("blogger", "takeout-b2"),
        sample("disqus", "d1-2015"),
    ] {
        let _ = fs::remove_dir_all(&out);
        let first = common::import_dump(&dump, &out, &strict, &mut lifeboat::NoProgress)
            .unwrap_or_else(|e| panic!("{}: {e}", dump.display()));
        assert!(
            first.commit.is_some(),
            "{}: strict import refused",
            dump.display()
        );
        let posts = || fs::read_to_string(out.join("data/records/posts.jsonl")).unwrap();
        let before = posts();
        common::import_dump(&dump, &out, &strict, &mut lifeboat::NoProgress).unwrap();
        assert_eq!(
            posts().lines().count(),
            before.lines().count(),
            "{}",
            dump.display()
        );
    }
}
