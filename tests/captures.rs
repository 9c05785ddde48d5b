//! Web captures (WARC, WACZ): the samples of `formats/{myspace,bebo,linkedin-groups,
//! googleplus,web}/samples/` imported through the public API and checked against what
//! the captured pages show: records, threading, media with their capture time and
//! URL, dedup of pages captured twice, and every WARC record accounted for.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{import, Imported, TempDir};

fn sample(net: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(net)
        .join("samples")
        .join(name)
}

/// The records of a WARC counted independently of lifeboat's reader: walk the
/// (decompressed) stream by `Content-Length`.
fn count_records(path: &Path) -> usize {
    let raw = fs::read(path).expect("sample");
    let data = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .expect("gunzip");
        out
    } else {
        raw
    };
    let mut i = 0;
    let mut n = 0;
    while i < data.len() {
        while i < data.len() && (data[i] == b'\r' || data[i] == b'\n') {
            i += 1;
        }
        if i >= data.len() {
            break;
        }
        assert!(data[i..].starts_with(b"WARC/"), "a record at {i}");
        let end = i + data[i..]
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = String::from_utf8_lossy(&data[i..end]);
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length:"))
            .expect("length")
            .trim()
            .parse()
            .expect("number");
        i = end + 4 + len;
        n += 1;
    }
    n
}

/// The ledger lifeboat carried beside the WARC.
fn ledger(imp: &Imported) -> Vec<Value> {
    let sources = imp.archive().join("data/sources");
    let mut out = Vec::new();
    for s in fs::read_dir(&sources).expect("sources") {
        for f in fs::read_dir(s.expect("dir").path()).expect("source") {
            let p = f.expect("file").path();
            if p.to_string_lossy().ends_with(".lifeboat-records.jsonl") {
                for l in fs::read_to_string(&p).expect("ledger").lines() {
                    out.push(serde_json::from_str(l).expect("json"));
                }
            }
        }
    }
    out
}

fn ext<'a>(r: &'a Value, k: &str) -> &'a Value {
    &r["ext"][k]
}

fn assert_balanced(imp: &Imported) {
    assert!(imp.report.balanced(), "{:?}", imp.report.records);
    for r in &imp.report.reconciliation {
        assert!(r.ok, "{r:?}");
    }
}

// ------------------------------------------------------------------ MySpace

#[test]
fn myspace_classic_profile_captured_twice_blog_comments_friends() {
    let path = sample("myspace", "classic-2006.warc.gz");
    let imp = import(&path);
    assert_balanced(&imp);
    assert!(
        imp.report.generation.contains("classic profile"),
        "{}",
        imp.report.generation
    );
    assert_eq!(imp.fate("classic-2006.warc").0, "Parsed");
    // the owner: the newest capture's About me, the older one kept
    let me = imp.get("accounts", "myspace:account:27182818");
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["handle"], "jennyramone");
    assert_eq!(me["display_name"], "Jenny Ramone");
    assert!(me["bio"].as_str().unwrap().contains("Issue five"));
    assert!(ext(me, "previous_versions")[0]["bio"]
        .as_str()
        .unwrap()
        .contains("Ask me about it"));
    assert_eq!(ext(me, "friend_count"), 3);
    assert_eq!(ext(me, "details")["Music"], "Ramones, Blondie, Television");
    // the profile's post: text of the newest capture, history of the older
    let profile = imp.get("posts", "myspace:post:profile/27182818");
    assert!(profile["text"]
        .as_str()
        .unwrap()
        .contains("Café Noise. Issue five"));
    assert!(profile["history"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Ask me about it"));
    assert_eq!(ext(profile, "captures").as_array().unwrap().len(), 2);
    assert_eq!(
        ext(profile, "capture")["captured_at"],
        "2006-07-22T18:40:02Z"
    );
    // comments reply to the profile; Mike's was on both captures, Tom's on the later
    let mike = imp.get("posts", "myspace:post:comment/27182818/31415926/1141442700");
    assert_eq!(mike["reply_to"], "myspace:post:profile/27182818");
    assert_eq!(mike["author"], "myspace:account:31415926");
    assert_eq!(mike["created_at"], "2006-03-04T03:25:00Z");
    assert_eq!(mike["raw_times"]["created_at"], "Mar 3 2006 7:25P");
    assert_eq!(mike["text"], "thanks for the add!!\nyour page is rad");
    assert_eq!(ext(mike, "captures").as_array().unwrap().len(), 2);
    let glitter = "myspace:media:i12.photobucket.com/albums/a1/glittr/heyyy.gif";
    assert_eq!(mike["media"][0], glitter);
    let tom = imp.get("posts", "myspace:post:comment/27182818/6221/1153455300");
    assert!(tom["ext"].get("captures").is_none());
    // Top Friends in order; friends from the friend list
    let top: Vec<(&str, u64)> = imp
        .kind("relationships")
        .iter()
        .filter(|r| r["kind"] == "top_friend")
        .map(|r| {
            (
                r["object"].as_str().unwrap(),
                r["ext"]["rank"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("myspace:account:6221", 1),
            ("myspace:account:31415926", 2),
            ("myspace:account:katnip", 3)
        ]
    );
    let friends = imp
        .kind("relationships")
        .iter()
        .filter(|r| r["kind"] == "connection")
        .count();
    assert_eq!(friends, 3);
    // the blog: entries in Pacific time, the entry page's comments threaded to it
    let entry = imp.get("posts", "myspace:post:blog/112233");
    assert_eq!(entry["title"], "zine #4 is out");
    assert_eq!(entry["created_at"], "2006-03-09T01:30:00Z");
    assert_eq!(ext(entry, "mood"), "excited");
    assert_eq!(entry["tags"][0], "Writing and Poetry");
    assert_eq!(entry["metrics"]["comments"], 2);
    assert_eq!(entry["links"][0]["url"], "http://cafenoise.example.org/4");
    let c = imp.get(
        "posts",
        "myspace:post:comment/blog-112233/katnip/1141920180",
    );
    assert_eq!(c["reply_to"], "myspace:post:blog/112233");
    assert_eq!(c["text"], "the cover is so good");
    // media: the picture (captured, then revisited), the glitter GIF, a missing image
    let pic = imp.get(
        "media",
        "myspace:media:a123.ac-images.myspacecdn.com/images01/45/m_4f1e2c0d9a.jpg",
    );
    assert_eq!(pic["attached_to"][0], "myspace:account:27182818");
    assert_eq!(pic["mime"], "image/jpeg");
    assert_eq!(
        pic["original_url"],
        "http://a123.ac-images.myspacecdn.com/images01/45/m_4f1e2c0d9a.jpg"
    );
    assert_eq!(ext(pic, "shown_as"), "avatar");
    assert_eq!(ext(pic, "captures").as_array().unwrap().len(), 2);
    let g = imp.get("media", glitter);
    assert_eq!(g["kind"], "gif");
    assert_eq!(ext(g, "captured_at"), "2006-03-10T04:12:04Z");
    assert!(imp.archive().join(g["path"].as_str().unwrap()).is_file());
    assert_eq!(
        imp.report.missing_media,
        ["http://a124.ac-images.myspacecdn.com/images01/46/l_zine4.jpg"]
    );
    // every WARC record has one fate in the ledger; the ledger and the WARC are carried
    let l = ledger(&imp);
    assert_eq!(l.len(), count_records(&path));
    let fate = |f: &str| l.iter().filter(|r| r["fate"] == f).count();
    assert_eq!(
        (
            fate("page"),
            fate("media"),
            fate("request"),
            fate("revisit")
        ),
        (5, 2, 10, 1)
    );
    assert_eq!((fate("redirect"), fate("error response")), (1, 1));
    assert_eq!(fate("kept in the WARC"), 1);
}

#[test]
fn myspace_profile_1_0_and_the_2013_site_are_one_account() {
    let a = import(&sample("myspace", "profile10-2009.warc"));
    assert_balanced(&a);
    assert!(a.report.generation.contains("Profile 1.0"));
    let kat = a.get("posts", "myspace:post:comment/44556677/katnip/1245042300");
    assert_eq!(kat["reply_to"], "myspace:post:profile/44556677");
    assert_eq!(kat["created_at"], "2009-06-15T05:05:00Z");
    assert_eq!(kat["text"], "great set last night! the ramones edit <3");
    assert_eq!(
        a.get("accounts", "myspace:account:katnip")["display_name"],
        "Kat"
    );
    let top: Vec<&str> = a
        .kind("relationships")
        .iter()
        .map(|r| r["object"].as_str().unwrap())
        .collect();
    assert_eq!(
        top,
        ["myspace:account:katnip", "myspace:account:jennyramone"]
    );
    let b = import(&sample("myspace", "site-2015.warc.gz"));
    assert_balanced(&b);
    let dj = b.get("accounts", "myspace:account:44556677");
    assert_eq!(dj["handle"], "djnova");
    assert_eq!(dj["location"], "Dublin, Ireland");
    assert_eq!(dj["website"], "djnova.example.ie");
    assert_eq!(ext(dj, "connections_in"), 1204);
    assert!(dj["bio"]
        .as_str()
        .unwrap()
        .contains("Fridays at The Button Factory"));
    let bio = b.get("posts", "myspace:post:profile/44556677");
    assert_eq!(bio["url"], "https://myspace.com/djnova/bio");
    let top8: Vec<(&str, u64)> = b
        .kind("relationships")
        .iter()
        .map(|r| {
            (
                r["object"].as_str().unwrap(),
                r["ext"]["rank"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        top8,
        [
            ("myspace:account:55501234", 1),
            ("myspace:account:27182818", 2)
        ]
    );
    let pic = b.get(
        "media",
        "myspace:media:a1-images.myspacecdn.com/images04/27/abc123/300x300.jpg",
    );
    assert_eq!(pic["attached_to"][0], "myspace:account:44556677");
    // both eras into one archive: one account, the 2015 capture winning
    let t = TempDir::new("myspace-eras");
    let out = t.join("a");
    for s in ["profile10-2009.warc", "site-2015.warc.gz"] {
        common::import_dump(
            &sample("myspace", s),
            &out,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .expect("import");
    }
    let recs = common::read_records(&out);
    let dj: Vec<&Value> = recs["accounts"]
        .iter()
        .filter(|a| a["id"] == "myspace:account:44556677")
        .collect();
    assert_eq!(dj.len(), 1);
    assert_eq!(dj[0]["location"], "Dublin, Ireland");
    assert_eq!(dj[0]["display_name"], "DJ Nova");
}

// --------------------------------------------------------------------- Bebo

#[test]
fn bebo_profile_wall_whiteboard_blog_and_friends() {
    let imp = import(&sample("bebo", "bebo-2008.warc.gz"));
    assert_balanced(&imp);
    let me = imp.get("accounts", "bebo:account:4411223344");
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["display_name"], "Siobhan Murphy");
    assert_eq!(me["handle"], "SiobhanM");
    assert_eq!(me["location"], "Cork, Ireland");
    assert_eq!(me["bio"], "Transition year, Cork. Hockey and horses.");
    assert_eq!(ext(me, "last_active"), "03/14/2008");
    assert_eq!(ext(me, "gender_age"), "Female, 17");
    let c = imp.get("posts", "bebo:post:comment/4411223344/991");
    assert_eq!(c["author"], "bebo:account:5522334455");
    assert_eq!(c["reply_to"], "bebo:post:profile/4411223344");
    assert_eq!(c["created_at"], "2008-03-14T20:15:00Z");
    assert_eq!(c["text"], "hiya!! c u at the disco?");
    let wb = imp.get("posts", "bebo:post:comment/4411223344/whiteboard/12");
    assert_eq!(ext(wb, "kind"), "whiteboard drawing");
    let drawing = "bebo:media:i3.bebo.com/whiteboard/4411223344/12.png";
    assert_eq!(wb["media"][0], drawing);
    assert_eq!(imp.get("media", drawing)["mime"], "image/png");
    let blog = imp.get("posts", "bebo:post:blog/9001");
    assert_eq!(blog["title"], "Gymkhana!!");
    assert_eq!(blog["created_at"], "2008-03-10T00:00:00Z");
    assert_eq!(blog["author"], "bebo:account:4411223344");
    let bc = imp.get("posts", "bebo:post:comment/blog-9001/2001");
    assert_eq!(bc["reply_to"], "bebo:post:blog/9001");
    let friends: Vec<&str> = imp
        .kind("relationships")
        .iter()
        .map(|r| r["object"].as_str().unwrap())
        .collect();
    assert_eq!(friends.len(), 3);
    assert!(friends.contains(&"bebo:account:7744556677"));
    assert_eq!(
        imp.report.missing_media,
        ["http://i3.bebo.com/blog/4411223344/9001.jpg"]
    );
}

// ----------------------------------------------------------- LinkedIn groups

#[test]
fn linkedin_group_discussion_of_2012() {
    let imp = import(&sample("linkedin-groups", "discussion-2012.warc.gz"));
    assert_balanced(&imp);
    let g = imp.get("accounts", "linkedin:account:group/27258");
    assert_eq!(g["display_name"], "Ubuntu Users Group");
    assert_eq!(ext(g, "kind"), "group");
    let d = imp.get("posts", "linkedin:post:group/27258/21625037");
    assert_eq!(d["author"], "linkedin:account:in/aoife-byrne");
    assert_eq!(d["title"], "What stops XP users from switching?");
    assert_eq!(d["community"], "Ubuntu Users Group");
    assert_eq!(d["visibility"], "public");
    // "5 days ago" seen on 2012-04-20T09:00:01Z
    assert_eq!(d["created_at"], "2012-04-15T09:00:01Z");
    assert_eq!(d["raw_times"]["created_at"], "5 days ago");
    assert!(ext(d, "time_estimated").as_str().unwrap().contains("a day"));
    let c = imp.get(
        "posts",
        "linkedin:post:group/27258/21625037/comment/46413001",
    );
    assert_eq!(c["reply_to"], "linkedin:post:group/27258/21625037");
    assert_eq!(c["author"], "linkedin:account:profile/12345678");
    assert_eq!(c["links"][0]["url"], "http://example.com/printers");
    assert_eq!(
        imp.get("accounts", "linkedin:account:in/aoife-byrne")["ext"]["headline"],
        "Systems Administrator at Example Ltd"
    );
}

#[test]
fn linkedin_group_feed_in_a_wacz_with_its_fixity_checked() {
    let path = sample("linkedin-groups", "feed-2023.wacz");
    let imp = import(&path);
    assert_balanced(&imp);
    assert!(
        imp.report.generation.starts_with("WACZ 1.1.1"),
        "{}",
        imp.report.generation
    );
    let rec = |what: &str| {
        imp.report
            .reconciliation
            .iter()
            .find(|r| r.what.contains(what))
            .unwrap_or_else(|| panic!("no reconciliation {what}"))
            .clone()
    };
    assert_eq!(
        (
            rec("datapackage.json").declared,
            rec("datapackage.json").found
        ),
        (3, 3)
    );
    assert!(rec("datapackage-digest").ok);
    assert_eq!(
        (rec("pages.jsonl").declared, rec("pages.jsonl").found),
        (1, 1)
    );
    let p = imp.get("posts", "linkedin:post:activity/7061234567890123456");
    assert_eq!(p["author"], "linkedin:account:in/mei-lin");
    assert_eq!(p["community"], "Rust Developers");
    assert_eq!(p["created_at"], "2023-05-08T12:00:01Z");
    assert_eq!(p["visibility"], "unknown");
    let c = imp.get(
        "posts",
        "linkedin:post:comment/7061234567890123456/7061299999990000001",
    );
    assert_eq!(c["reply_to"], "linkedin:post:activity/7061234567890123456");
    assert_eq!(c["text"], "Use a StreamDeserializer over the items.");
    // every member of the package is carried
    for m in [
        "archive/data.warc.gz",
        "pages/pages.jsonl",
        "datapackage.json",
    ] {
        assert!(imp.report.entry_list.iter().any(|e| e.path == m), "{m}");
    }
}

#[test]
fn a_wacz_whose_warc_was_changed_fails_its_fixity_and_says_so() {
    let t = TempDir::new("wacz-tamper");
    let src = fs::File::open(sample("linkedin-groups", "feed-2023.wacz")).unwrap();
    let mut z = zip::ZipArchive::new(src).unwrap();
    let out = t.join("tampered.wacz");
    let mut w = zip::ZipWriter::new(fs::File::create(&out).unwrap());
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name.ends_with("index.cdxj") {
            data.extend_from_slice(b"com,example)/ 20230510120002 {}\n");
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    w.finish().unwrap();
    let imp = import(&out);
    let fix = imp
        .report
        .reconciliation
        .iter()
        .find(|r| r.what.contains("datapackage.json: resources"))
        .unwrap();
    assert_eq!((fix.declared, fix.found, fix.ok), (3, 2, false));
    assert!(imp
        .report
        .warnings
        .iter()
        .any(|w| w.contains("fixity FAILED: indexes/index.cdxj")));
    // the records are still read
    assert!(!imp.kind("posts").is_empty());
}

// ---------------------------------------------------------------- Google+

#[test]
fn googleplus_pages_of_the_2019_crawl() {
    let imp = import(&sample("googleplus", "captures-2019.warc.gz"));
    assert_balanced(&imp);
    let post_id = "googleplus:post:112064652966583500522/posts/Ab1Cd2Ef3Gh";
    let p = imp.get("posts", post_id);
    assert_eq!(p["author"], "googleplus:account:112064652966583500522");
    assert_eq!(
        p["text"],
        "Signal flares at the lake tonight. Pictures below."
    );
    assert_eq!(p["created_at"], "2019-01-21T20:14:03Z");
    assert_eq!(p["community"], "Night Photography");
    assert_eq!(p["visibility"], "public");
    assert_eq!(
        ext(p, "activity_id"),
        "z12zxjm4cuioxt3bz04cdhjoixeixfyzjso0k"
    );
    // the page was sent gzipped and chunked; both were undone
    assert_eq!(
        ext(p, "http_decoding")["undone"],
        serde_json::json!(["chunked", "gzip"])
    );
    let flare = "googleplus:media:lh3.googleusercontent.com/-abc/flare.jpg";
    assert_eq!(p["media"][0], flare);
    assert_eq!(
        imp.get("media", flare)["ext"]["captured_at"],
        "2019-03-20T15:00:02Z"
    );
    let c1 = imp.get("posts", &format!("{post_id}/comments/1548139667163776"));
    assert_eq!(c1["reply_to"], post_id);
    assert_eq!(c1["author"], "googleplus:account:104444444444444444444");
    assert_eq!(c1["text"], "Now this is how to write a flare :)");
    assert_eq!(c1["created_at"], "2019-01-22T06:47:47.163Z");
    assert_eq!(c1["metrics"]["plus_ones"], 3);
    let c2 = imp.get("posts", &format!("{post_id}/comments/1548182995693001"));
    assert_eq!(c2["text"], "A nice write-up:\nhttps://example.org/flares");
    assert_eq!(c2["links"][0]["url"], "https://example.org/flares");
    let jane = imp.get("accounts", "googleplus:account:112064652966583500522");
    assert_eq!(jane["display_name"], "Jane Example");
    assert_eq!(jane["bio"], "Photographer. Lakes, night skies.");
    assert_eq!(jane["is_owner"], true);
    let community = imp.get(
        "accounts",
        "googleplus:account:communities/101234567890123456789",
    );
    assert_eq!(community["display_name"], "Night Photography");
}

// ----------------------------------------------------------- generic pages

#[test]
fn any_other_page_is_one_record_and_every_record_has_a_fate() {
    let path = sample("web", "site-2019.warc");
    let imp = import(&path);
    assert_balanced(&imp);
    let news = imp.get("posts", "web:post:acme-boats.example.com/news");
    assert_eq!(news["author"], "web:account:acme-boats.example.com");
    assert_eq!(news["title"], "Acme Boats — News");
    assert_eq!(news["visibility"], "unknown");
    assert_eq!(news["lang"], "en");
    assert_eq!(news["created_at"], "2019-04-28T08:00:00Z");
    let text = news["text"].as_str().unwrap();
    assert!(text.contains("finished and launched"), "{text}");
    assert!(
        !text.contains("Home") && !text.contains("tracking"),
        "{text}"
    );
    assert!(news["history"][0]["text"]
        .as_str()
        .unwrap()
        .contains("The new hull is finished.\n"));
    assert_eq!(
        ext(news, "canonical"),
        "https://acme-boats.example.com/news/"
    );
    let links: Vec<&str> = news["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "https://acme-boats.example.com/",
            "https://acme-boats.example.com/about",
            "https://acme-boats.example.com/launch"
        ]
    );
    // captured images are media with their capture time and URL
    let hull = imp.get("media", "web:media:acme-boats.example.com/img/hull.png");
    assert_eq!(
        hull["attached_to"][0],
        "web:post:acme-boats.example.com/news"
    );
    assert_eq!(
        news["media"][0],
        "web:media:acme-boats.example.com/img/hull.png"
    );
    assert_eq!(ext(hull, "captured_at"), "2019-05-01T10:00:02Z");
    let shot = imp.get("media", "web:media:acme-boats.example.com/screenshot.png");
    assert!(shot["attached_to"].is_null());
    // brotli and an undeclared Windows-1252 page
    assert_eq!(
        imp.get("posts", "web:post:acme-boats.example.com/hello")["text"],
        "hello"
    );
    let about = imp.get("posts", "web:post:acme-boats.example.com/about");
    assert_eq!(about["text"], "Boël's boatyard – since 1962");
    // seen again a week later (a revisit record): the page is one record, both captures listed
    let caps = ext(about, "captures").as_array().unwrap();
    assert_eq!(caps.len(), 2);
    assert_eq!(caps[1]["revisit"], true);
    assert_eq!(caps[1]["captured_at"], "2019-05-08T10:00:02Z");
    assert_eq!(ext(about, "page_encoding"), "windows-1252");
    let l = ledger(&imp);
    assert_eq!(l.len(), count_records(&path));
    let fates: std::collections::BTreeSet<&str> =
        l.iter().map(|r| r["fate"].as_str().unwrap()).collect();
    for f in [
        "generic page",
        "media",
        "request",
        "metadata",
        "kept in the WARC",
        "warcinfo",
        "revisit",
    ] {
        assert!(fates.contains(f), "{f}: {fates:?}");
    }
}

#[test]
fn a_warc_written_by_a_real_capture_tool_is_accounted_for_record_by_record() {
    // warcio's capture_http around `python3 -m http.server` (formats/web/make_samples.py
    // --capture): two pages, a GIF and a 404, each with its request
    let path = sample("web", "capture-tool-warcio.warc.gz");
    let imp = import(&path);
    assert_balanced(&imp);
    let l = ledger(&imp);
    assert_eq!(l.len(), count_records(&path));
    assert_eq!(l.len(), 8);
    let fate = |f: &str| l.iter().filter(|r| r["fate"] == f).count();
    assert_eq!(
        (
            fate("generic page"),
            fate("media"),
            fate("request"),
            fate("error response")
        ),
        (2, 1, 4, 1)
    );
    let posts = imp.kind("posts");
    assert_eq!(posts.len(), 2);
    let index = posts
        .iter()
        .find(|p| p["title"] == "Capture tool test")
        .expect("index page");
    assert_eq!(index["media"].as_array().unwrap().len(), 1);
    assert_eq!(imp.kind("media")[0]["mime"], "image/gif");
    // the WARC is carried verbatim (decompressed by the gzip container)
    let mut gunzipped = Vec::new();
    flate2::read::MultiGzDecoder::new(fs::File::open(&path).unwrap())
        .read_to_end(&mut gunzipped)
        .unwrap();
    let sources = imp.archive().join("data/sources");
    let id = fs::read_dir(&sources)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(
        fs::read(id.join("capture-tool-warcio.warc")).unwrap(),
        gunzipped
    );
}

#[test]
fn reimporting_a_capture_changes_nothing() {
    let t = TempDir::new("warc-reimport");
    let out = t.join("a");
    let path = sample("myspace", "classic-2006.warc.gz");
    let opts = lifeboat::ImportOptions::default();
    common::import_dump(&path, &out, &opts, &mut lifeboat::NoProgress).unwrap();
    let first = common::read_records(&out);
    common::import_dump(&path, &out, &opts, &mut lifeboat::NoProgress).unwrap();
    assert_eq!(first, common::read_records(&out));
    assert!(lifeboat::archive::verify(&out).unwrap().ok());
}

// ------------------------------------------------------------------ exports

/// Every file under `p` (or `p` itself), as text.
fn all_text(p: &Path) -> String {
    if p.is_file() {
        return String::from_utf8_lossy(&fs::read(p).unwrap()).into_owned();
    }
    let mut files = Vec::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                stack.push(e);
            } else {
                files.push(e);
            }
        }
    }
    files.sort();
    let mut s = String::new();
    for f in files {
        s.push_str(&f.strip_prefix(p).unwrap().to_string_lossy());
        s.push('\n');
        s.push_str(&String::from_utf8_lossy(&fs::read(&f).unwrap()));
    }
    s
}

#[test]
fn captured_networks_export_like_any_other() {
    let t = TempDir::new("captures-export");
    let arch = t.join("archive");
    for (net, s) in [
        ("myspace", "classic-2006.warc.gz"),
        ("bebo", "bebo-2008.warc.gz"),
        ("googleplus", "captures-2019.warc.gz"),
    ] {
        common::import_dump(
            &sample(net, s),
            &arch,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .expect("import");
    }
    let opts = lifeboat::export::ExportOptions::default();
    let mut texts = std::collections::BTreeMap::new();
    for (fmt, name) in [
        (lifeboat::export::Format::Atom, "feed.atom"),
        (lifeboat::export::Format::Rss, "feed.rss"),
        (lifeboat::export::Format::JsonFeed, "feed.json"),
        (lifeboat::export::Format::Wxr, "site.wxr"),
        (lifeboat::export::Format::Html, "site"),
    ] {
        let out = t.join(name);
        let report = lifeboat::export::export(&arch, fmt, &out, &opts).expect("export");
        assert!(
            report.written.values().sum::<u64>() > 0,
            "{name}: {report:?}"
        );
        texts.insert(name, all_text(&out));
    }
    for (name, text) in &texts {
        // the owners' public posts: MySpace blog entries and profile, Bebo's blog
        // entry, the Google+ post
        for want in [
            "zine #4 is out",
            "Jenny Ramone",
            "Gymkhana!!",
            "Signal flares at the lake tonight",
        ] {
            assert!(text.contains(want), "{name}: {want:?} missing");
        }
    }
    // comments by other members: threaded comments in WXR, not items of the feeds
    let wxr = &texts["site.wxr"];
    assert!(wxr.contains("<wp:comment>"), "no comments in the WXR");
    assert!(wxr.contains("the cover is so good"));
    assert!(wxr.contains("well done!!"));
    assert!(!texts["feed.atom"].contains("the cover is so good"));
    // and in the records team's formats, with their threads
    let csv = t.join("csv");
    lifeboat::export::export(&arch, lifeboat::export::Format::Csv, &csv, &opts).expect("csv");
    let posts = fs::read_to_string(csv.join("posts.csv")).expect("posts.csv");
    let line = posts
        .lines()
        .find(|l| l.contains("the cover is so good"))
        .expect("the blog comment");
    assert!(line.contains("myspace:post:blog/112233"), "{line}");
    assert!(posts.contains("well done!!"));
}

/// Run a sample generator into a fresh folder and compare each named sample with the
/// committed one; `net` empty when the names carry their network.
fn regenerate(script: &str, var: &str, names: &[&str], net: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let tmp = TempDir::new("regen-captures");
    let st = std::process::Command::new("python3")
        .arg(root.join(script))
        .env(var, &tmp.0)
        .status()
        .expect("python3");
    assert!(st.success(), "{script} failed");
    for name in names {
        let (committed, fresh) = if net.is_empty() {
            let (n, f) = name.split_once('/').unwrap();
            (root.join(n).join("samples").join(f), tmp.join(f))
        } else {
            (root.join(net).join("samples").join(name), tmp.join(name))
        };
        assert_eq!(
            all_text(&committed),
            all_text(&fresh),
            "{name}: differs from a fresh generation"
        );
    }
}

#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (it runs formats/secondlife/make_samples.py)"
)]
fn the_second_life_samples_are_what_their_generator_makes() {
    regenerate(
        "secondlife/make_samples.py",
        "SECONDLIFE_SAMPLES_OUT",
        &["official-v1-2008", "official-v3-2013", "firestorm-2014"],
        "secondlife",
    );
}

#[test]
#[cfg_attr(
    not(all(lifeboat_tool_python3, lifeboat_py_warcio)),
    ignore = "needs python3 with warcio (pip install warcio; .ci/run installs it)"
)]
fn the_web_captures_are_what_their_generator_makes() {
    regenerate(
        "web/make_samples.py",
        "WEB_SAMPLES_OUT",
        &[
            "myspace/classic-2006.warc.gz",
            "myspace/profile10-2009.warc",
            "myspace/site-2015.warc.gz",
            "bebo/bebo-2008.warc.gz",
            "linkedin-groups/discussion-2012.warc.gz",
            "linkedin-groups/feed-2023.wacz",
            "googleplus/captures-2019.warc.gz",
            "web/site-2019.warc",
        ],
        "",
    );
}
