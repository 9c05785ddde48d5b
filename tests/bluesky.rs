//! Integration tests of the Bluesky importer: the synthetic samples in
//! `formats/bluesky/samples/` (made by `make_samples.py` there), the real fixture CARs
//! in `../shared/reference/bluesky/fixtures/` (skipped when absent), and hostile CARs
//! built here.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use lifeboat::{ImportOptions, Report};
use serde_json::Value;
use sha2::{Digest, Sha256};

mod common;
use common::TempDir;

const OWNER: &str = "did:plc:samplesowner3v3aaaaaaaaa";

fn sample(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/bluesky/samples")
        .join(p)
}

fn fixtures() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/bluesky/fixtures");
    p.is_dir().then_some(p)
}

/// Records of an archive by kind file stem (`posts`), parsed.
struct Out {
    report: Report,
    recs: BTreeMap<String, Vec<Value>>,
}

impl Out {
    fn of(&self, kind: &str) -> &[Value] {
        self.recs.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
    fn find(&self, kind: &str, id_end: &str) -> &Value {
        self.of(kind)
            .iter()
            .find(|r| r["id"].as_str().is_some_and(|i| i.ends_with(id_end)))
            .unwrap_or_else(|| panic!("no {kind} record whose id ends with {id_end}"))
    }
}

fn import_with(dump: &Path, opts: ImportOptions, tmp: &TempDir) -> Out {
    let out = tmp.join("bag");
    let _ = fs::remove_dir_all(&out);
    let done = common::import_dump(dump, &out, &opts, &mut lifeboat::NoProgress)
        .unwrap_or_else(|e| panic!("importing {} failed: {e}", dump.display()));
    let mut recs = BTreeMap::new();
    for f in fs::read_dir(out.join("data/records")).expect("records") {
        let p = f.expect("entry").path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let rows: Vec<Value> = fs::read_to_string(&p)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        recs.insert(stem, rows);
    }
    assert!(done.report.balanced(), "report does not balance");
    Out {
        report: done.report,
        recs,
    }
}

fn import(dump: &Path, tmp: &TempDir) -> Out {
    import_with(dump, ImportOptions::default(), tmp)
}

fn counts(r: &Report, kind: &str) -> (u64, u64, u64, u64) {
    let c = r.records.get(kind).cloned().unwrap_or_default();
    (c.read, c.converted, c.kept_raw, c.skipped)
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

// ------------------------------------------------------------------ v3 sample

#[test]
fn v3_sample_posts_facets_and_embeds() {
    let tmp = TempDir::new("v3");
    let o = import(&sample("v3-2025"), &tmp);
    assert_eq!(o.report.network, "bluesky");

    // an emoji (4 UTF-8 bytes) before the link: byte offsets give the right span
    let p = o.find("posts", "/app.bsky.feed.post/3lbbbbbbbbbb2");
    assert_eq!(
        p["text"],
        "🦋 read example.com/very/lo… #atproto @alice.test"
    );
    assert_eq!(p["links"][0]["url"], "https://example.com/very/long/path");
    assert_eq!(p["links"][0]["display"], "example.com/very/lo…");
    assert_eq!(p["mentions"][0]["handle"], "alice.test");
    assert_eq!(
        p["mentions"][0]["account"],
        "bluesky:account:did:plc:alicealicealicealiceaaaa"
    );
    let tags: Vec<&str> = p["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tags.contains(&"atproto") && tags.contains(&"extra"),
        "{tags:?}"
    );
    assert_eq!(p["lang"], "en");
    assert_eq!(p["ext"]["langs"], serde_json::json!(["en", "fr"]));
    assert_eq!(p["author"], format!("bluesky:account:{OWNER}"));
    assert_eq!(
        p["url"],
        format!("https://bsky.app/profile/{OWNER}/post/3lbbbbbbbbbb2")
    );
    // µs are kept in the original string
    assert_eq!(p["raw_times"]["created_at"], "2024-08-07T09:14:24.452762Z");

    // malformed facets: no panic, features kept, warnings given
    let p = o.find("posts", "/3lbbbbbbbbbb3");
    assert_eq!(p["text"], "💥 broken facets");
    assert_eq!(p["links"][0]["url"], "https://inside.example/");
    assert!(p["links"][0].get("display").is_none());
    assert_eq!(p["mentions"].as_array().unwrap().len(), 1);
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("3lbbbbbbbbbb3") && w.contains("facet byte offsets 1..3")));

    // reply: parent and root
    let p = o.find("posts", "/3lbbbbbbbbbb5");
    assert_eq!(
        p["reply_to"],
        "bluesky:post:did:plc:bobbobbobbobbobbobbobbbb/app.bsky.feed.post/3laaaaaaaaaa3"
    );
    assert_eq!(
        p["reply_to_account"],
        "bluesky:account:did:plc:bobbobbobbobbobbobbobbbb"
    );
    assert_eq!(
        p["ext"]["reply_root"],
        "bluesky:post:did:plc:alicealicealicealiceaaaa/app.bsky.feed.post/3laaaaaaaaaa2"
    );

    // quote with media
    let p = o.find("posts", "/3lbbbbbbbbbb6");
    assert_eq!(
        p["quote_of"],
        "bluesky:post:did:web:carol.example/app.bsky.feed.post/3lcccccccccc2"
    );
    assert_eq!(p["media"].as_array().unwrap().len(), 1);
    // plain quote
    let p = o.find("posts", "/3lbbbbbbbbbb8");
    assert!(p["quote_of"].as_str().unwrap().ends_with("/3laaaaaaaaaa4"));

    // link card, labels, threadgate and postgate attached to their post
    let p = o.find("posts", "/3lbbbbbbbbbb7");
    assert_eq!(p["links"][0]["url"], "https://news.example/story");
    assert_eq!(p["sensitive"], true);
    assert!(p["ext"]["threadgate"]["allow"].is_array());
    assert!(p["ext"]["postgate"]["embeddingRules"].is_array());
    assert_eq!(p["ext"]["labels"]["values"][0]["val"], "graphic-media");

    // 7 fraction digits and an offset: parsed to UTC, original kept
    let p = o.find("posts", "/3lbbbbbbbbbb4");
    assert_eq!(p["created_at"], "2024-11-18T23:02:15.887Z");
    assert_eq!(
        p["raw_times"]["created_at"],
        "2024-11-18T18:02:15.8878051-05:00"
    );

    // repost
    let p = o.find("posts", "/app.bsky.feed.repost/3lddddddddd22");
    assert!(p["repost_of"]
        .as_str()
        .unwrap()
        .ends_with("alicealicealicealiceaaaa/app.bsky.feed.post/3laaaaaaaaaa5"));
    assert_eq!(p["text"], "");
}

#[test]
fn v3_sample_blobs_present_absent_and_mismatched_records() {
    let tmp = TempDir::new("v3b");
    let o = import(&sample("v3-2025"), &tmp);
    let photo = fs::read(
        sample("v3-2025/blobs").join("bafkreie6rxggn2dvbsjam75hut6mvk2pju3fvwvzkg4brumwnzp64tcd4u"),
    )
    .unwrap();
    let p = o.find("posts", "/3lbbbbbbbbbb4");
    let ids: Vec<&str> = p["media"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let first = o.find("media", ids[0]);
    assert_eq!(first["alt_text"], "A heron on a post");
    assert_eq!(first["sha256"], sha256_hex(&photo));
    assert_eq!(first["mime"], "image/jpeg");
    assert_eq!(first["kind"], "photo");
    assert!(first["path"].as_str().unwrap().starts_with("data/media/"));
    let second = o.find("media", ids[1]);
    assert_eq!(second["missing"], true);
    assert!(second.get("alt_text").is_none());
    // banner, image 2, card thumbnail, video are absent
    assert_eq!(o.report.missing_media_count, 4);
    assert!(o
        .report
        .missing_media
        .iter()
        .any(|m| m.contains("image 2 of") && m.contains("3lbbbbbbbbbb4")));
    // a blob nobody refers to is still kept as media
    assert!(o
        .of("media")
        .iter()
        .any(|m| m["ext"]["unreferenced"].is_string() && m["missing"].is_null()));
    // the video: kind and alt from the embed
    let v = o.find("posts", "/3lbbbbbbbbbb9");
    let vm = o.find("media", v["media"][0].as_str().unwrap());
    assert_eq!(vm["kind"], "video");
    assert_eq!(vm["alt_text"], "waves");
    // its captions track, present in the blobs folder
    let cm = o.find("media", v["media"][1].as_str().unwrap());
    assert_eq!(cm["mime"], "text/vtt");
    assert_eq!(cm["kind"], "document");
    assert!(cm["sha256"].is_string());

    // owner account from commit.did and the profile
    let owner = o
        .of("accounts")
        .iter()
        .find(|a| a["is_owner"] == true)
        .expect("owner");
    assert_eq!(owner["id"], format!("bluesky:account:{OWNER}"));
    assert_eq!(owner["display_name"], "Sample Owner 🦋");
    assert_eq!(owner["bio"], "I am made up.");
    assert_eq!(owner["created_at"], "2023-04-26T07:09:58Z");
    assert!(owner["ext"]["pinnedPost"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("3lbbbbbbbbbb2"));
    assert_eq!(owner["ext"]["repo_commit"]["version"], 3);
    assert!(o.report.generation.starts_with("repo v3"));
    let avatar = o
        .of("media")
        .iter()
        .find(|m| m["attached_to"][0] == owner["id"] && m["mime"] == "image/png")
        .expect("avatar media");
    assert!(avatar["sha256"].is_string());

    // the tampered record: not converted, kept raw, reported
    assert!(o
        .of("posts")
        .iter()
        .all(|p| !p["id"].as_str().unwrap().ends_with("3lbbbbbbbbbba")));
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("does not match its CID")));
    // posts: tampered + unknown collection + orphan threadgate kept raw;
    // 8 posts + 1 repost + 2 attached gates converted
    assert_eq!(counts(&o.report, "post"), (14, 11, 3, 0));
    // the like whose block is missing is skipped with its reason
    assert_eq!(counts(&o.report, "reaction"), (3, 2, 0, 1));
    assert!(o
        .report
        .skips
        .iter()
        .any(|s| s.reason.contains("not in the CAR")
            && s.location.ends_with("app.bsky.feed.like/3lddddddddd25")));
    // chat declaration kept raw under account
    assert_eq!(counts(&o.report, "account").2, 1);

    // follows (one duplicate subject gets its own id), block, list, list item
    let rels = o.of("relationships");
    assert_eq!(rels.len(), 6);
    let mut ids: Vec<&str> = rels.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    assert_eq!(rels.iter().filter(|r| r["kind"] == "following").count(), 3);
    let block = rels.iter().find(|r| r["kind"] == "block").unwrap();
    assert_eq!(
        block["object"],
        "bluesky:account:did:plc:bobbobbobbobbobbobbobbbb"
    );
    let item = rels.iter().find(|r| r["kind"] == "list_member").unwrap();
    assert_eq!(item["subject"], "bluesky:account:did:web:carol.example");
    assert!(item["object"]
        .as_str()
        .unwrap()
        .ends_with("app.bsky.graph.list/3lggggggggg22"));
    // every follow record names its rkey
    assert!(rels
        .iter()
        .filter(|r| r["kind"] == "following")
        .all(|r| r["ext"]["rkey"].as_str().unwrap().starts_with("3lee")));
}

#[test]
fn blobs_folder_beside_the_car_via_option_and_cli() {
    let tmp = TempDir::new("blobs");
    let opts = ImportOptions {
        blobs: Some(sample("v3-2025/blobs")),
        ..ImportOptions::default()
    };
    let o = import_with(&sample("v3-2025/repo.car"), opts, &tmp);
    assert_eq!(o.report.missing_media_count, 4);
    assert_eq!(
        o.of("media")
            .iter()
            .filter(|m| m["sha256"].is_string())
            .count(),
        5,
        "photo (twice), avatar, captions, unreferenced blob"
    );
    // without the folder every blob is missing
    let o = import(&sample("v3-2025/repo.car"), &tmp);
    assert_eq!(o.report.missing_media_count, 8);

    // the CLI flag
    let out = tmp.join("cli.bag");
    let st = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .arg("import")
        .arg(sample("v3-2025/repo.car"))
        .arg("--blobs")
        .arg(sample("v3-2025/blobs"))
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .arg(tmp.join("r.json"))
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    common::assert_unique_ids(&out);
    let rep: Value =
        serde_json::from_str(&fs::read_to_string(tmp.join("r.json")).unwrap()).unwrap();
    assert_eq!(rep["missing_media_count"], 4);
    assert_eq!(rep["entries"]["media"], 4);
}

#[test]
fn a_blob_whose_bytes_do_not_match_its_name_is_not_linked() {
    let tmp = TempDir::new("badblob");
    let dir = tmp.join("dump");
    fs::create_dir_all(dir.join("blobs")).unwrap();
    fs::copy(sample("v3-2025/repo.car"), dir.join("repo.car")).unwrap();
    fs::write(
        dir.join("blobs/bafkreie6rxggn2dvbsjam75hut6mvk2pju3fvwvzkg4brumwnzp64tcd4u"),
        b"not the photo",
    )
    .unwrap();
    let o = import(&dir, &tmp);
    assert!(o
        .report
        .missing_media
        .iter()
        .any(|m| m.contains("do not match the CID")));
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("does not match its CID")));
}

// ------------------------------------------------------------------ v2 sample

#[test]
fn v2_sample_only_the_latest_commit_counts() {
    let tmp = TempDir::new("v2");
    let o = import(&sample("v2-2023/repo.car"), &tmp);
    let posts = o.of("posts");
    // the first post was deleted in the latest commit: it lives only in history
    assert!(posts
        .iter()
        .all(|p| !p["id"].as_str().unwrap().ends_with("3jqaaaaaaaa22")));
    assert_eq!(posts.len(), 2);
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("not reachable from the commit")));
    // legacy entities
    let p = o.find("posts", "/3jqaaaaaaaa23");
    assert_eq!(p["mentions"][0]["handle"], "bob.test");
    assert_eq!(p["links"][0]["url"], "https://old.example");
    // legacy blob ref {"cid", "mimeType"}
    let p = o.find("posts", "/3jqaaaaaaaa24");
    let m = o.find("media", p["media"][0].as_str().unwrap());
    assert_eq!(m["missing"], true);
    assert_eq!(m["mime"], "image/jpeg");
    assert_eq!(m["alt_text"], "old");
    assert_eq!(p["raw_times"]["created_at"], "2023-03-03T10:00:00-08:00");
    assert_eq!(p["created_at"], "2023-03-03T18:00:00Z");
    // legacy vote → like
    assert_eq!(o.of("reactions")[0]["kind"], "like");
    let owner = o
        .of("accounts")
        .iter()
        .find(|a| a["is_owner"] == true)
        .unwrap();
    assert_eq!(owner["ext"]["repo_commit"]["version"], 2);
    assert!(
        o.report.generation.starts_with("repo v2"),
        "{}",
        o.report.generation
    );
    // app.bsky.system.declaration is kept raw
    assert_eq!(counts(&o.report, "post").2, 1);
}

// ------------------------------------------------------------------ real fixtures

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn fixture_cars_import_every_record() {
    let fx = fixtures().expect("../shared/reference/bluesky/fixtures");
    let tmp = TempDir::new("fx");
    for stem in [
        "bnewbold.robocracy.org.20250310005405",
        "greenground.repo",
        "snarfed2",
    ] {
        let dec: Value = serde_json::from_str(
            &fs::read_to_string(fx.join(format!("decoded/{stem}.records.json"))).unwrap(),
        )
        .unwrap();
        let recs = dec["records"].as_array().unwrap();
        let o = import(&fx.join(format!("car/{stem}.car")), &tmp);
        let read: u64 = o.report.records.values().map(|c| c.read).sum();
        assert!(read >= recs.len() as u64, "{stem}: read {read}");
        let owner = o
            .of("accounts")
            .iter()
            .find(|a| a["is_owner"] == true)
            .unwrap();
        assert_eq!(
            owner["id"],
            format!("bluesky:account:{}", dec["commit"]["did"].as_str().unwrap())
        );
        for r in recs {
            let path = r["path"].as_str().unwrap();
            let (coll, rkey) = path.split_once('/').unwrap();
            match coll {
                "app.bsky.feed.post" => {
                    let p = o.find("posts", &format!("/{path}"));
                    assert_eq!(p["text"], r["value"]["text"], "{path}");
                    // unmapped structures are kept exactly as the atproto JSON form
                    for k in ["embed", "facets", "reply"] {
                        if let Some(v) = r["value"].get(k) {
                            assert_eq!(&p["ext"][k], v, "{path} {k}");
                        }
                    }
                }
                "app.bsky.graph.follow" => {
                    let subject = r["value"]["subject"].as_str().unwrap();
                    assert!(o
                        .of("relationships")
                        .iter()
                        .any(|x| x["ext"]["rkey"] == rkey
                            && x["object"] == format!("bluesky:account:{subject}")));
                }
                "app.bsky.feed.like" => {
                    assert!(o.of("reactions").iter().any(|x| x["ext"]["rkey"] == rkey));
                }
                _ => {}
            }
        }
        assert!(
            o.report.warnings.is_empty(),
            "{stem}: {:?}",
            o.report.warnings
        );
    }
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn fixture_facet_byte_offsets_match_the_text() {
    let fx = fixtures().expect("../shared/reference/bluesky/fixtures");
    let tmp = TempDir::new("fxf");
    let o = import(
        &fx.join("car/bnewbold.robocracy.org.20250310005405.car"),
        &tmp,
    );
    let mut spans = 0;
    for p in o.of("posts") {
        for l in p["links"].as_array().into_iter().flatten() {
            if let Some(d) = l["display"].as_str() {
                assert!(p["text"].as_str().unwrap().contains(d));
                spans += 1;
            }
        }
        for m in p["mentions"].as_array().into_iter().flatten() {
            let h = m["handle"].as_str().unwrap();
            assert!(
                p["text"].as_str().unwrap().contains(&format!("@{h}")),
                "{h}"
            );
            spans += 1;
        }
    }
    assert!(spans > 0);
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn fixture_v2_history_and_slice() {
    let fx = fixtures().expect("../shared/reference/bluesky/fixtures");
    let tmp = TempDir::new("fxh");
    let o = import(&fx.join("car/paul_staging.repo.car"), &tmp);
    assert!(o.of("posts").len() > 50);
    assert_eq!(
        o.of("accounts")
            .iter()
            .filter(|a| a["is_owner"] == true)
            .count(),
        1
    );
    // many commits: the older ones are reported as unreachable, not imported
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("not reachable from the commit")));
    // legacy blob refs become media records
    assert!(o
        .of("media")
        .iter()
        .any(|m| m["ext"]["blob"]["cid"].is_string()));

    let o = import(&fx.join("car/repo_slice.car"), &tmp);
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("is not in the CAR") && w.contains("MST node")));
    assert!(o.report.skipped_total() > 0);
    assert!(
        !o.of("posts").is_empty(),
        "what the slice holds is imported"
    );
}

// ------------------------------------------------------------------ hostile CARs

fn varint(mut n: u64) -> Vec<u8> {
    let mut b = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            b.push(byte);
            return b;
        }
        b.push(byte | 0x80);
    }
}

fn cid(tag: &[u8]) -> Vec<u8> {
    let mut c = vec![0x01, 0x71, 0x12, 0x20];
    c.extend_from_slice(&Sha256::digest(tag));
    c
}

fn link(c: &[u8]) -> Vec<u8> {
    let mut v = vec![0xd8, 0x2a, 0x58, (c.len() + 1) as u8, 0x00];
    v.extend_from_slice(c);
    v
}

fn header(root: &[u8]) -> Vec<u8> {
    let mut h = vec![0xa2, 0x65];
    h.extend_from_slice(b"roots");
    h.push(0x81);
    h.extend(link(root));
    h.push(0x67);
    h.extend_from_slice(b"version");
    h.push(0x01);
    let mut out = varint(h.len() as u64);
    out.extend(h);
    out
}

fn text(s: &str) -> Vec<u8> {
    let mut v = if s.len() < 24 {
        vec![0x60 | s.len() as u8]
    } else {
        vec![0x78, s.len() as u8]
    };
    v.extend_from_slice(s.as_bytes());
    v
}

#[test]
fn hostile_cars_error_or_finish() {
    let tmp = TempDir::new("hostile");
    let root = cid(b"root");
    // a block claiming 2^62 bytes
    let mut huge = header(&root);
    huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f]);
    huge.extend_from_slice(&[0; 64]);
    let p = tmp.join("huge.car");
    fs::write(&p, &huge).unwrap();
    let Err(e) = common::import_dump(
        &p,
        &tmp.join("h.bag"),
        &ImportOptions::default(),
        &mut lifeboat::NoProgress,
    ) else {
        panic!("a 2^62-byte block must be refused");
    };
    assert!(e.to_string().contains("CAR block size"), "{e}");

    // two MST nodes whose forged CIDs point at each other
    let (a, b) = (cid(b"a"), cid(b"b"));
    let mut commit = vec![0xa3];
    commit.extend(text("did"));
    commit.extend(text("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"));
    commit.extend(text("data"));
    commit.extend(link(&a));
    commit.extend(text("version"));
    commit.push(0x03);
    let node = |to: &[u8]| {
        let mut n = vec![0xa2, 0x61, b'e', 0x80, 0x61, b'l'];
        n.extend(link(to));
        n
    };
    let mut car = header(&root);
    for (c, d) in [(&root, commit), (&a, node(&b)), (&b, node(&a))] {
        car.extend(varint((c.len() + d.len()) as u64));
        car.extend_from_slice(c);
        car.extend(d);
    }
    let p = tmp.join("cycle.car");
    fs::write(&p, &car).unwrap();
    let o = import(&p, &tmp);
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("already walked")));
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("does not match its CID")));

    // a truncated CAR and garbage
    let p = tmp.join("cut.car");
    fs::write(&p, &car[..car.len() - 10]).unwrap();
    assert!(common::import_dump(
        &p,
        &tmp.join("c.bag"),
        &ImportOptions::default(),
        &mut lifeboat::NoProgress
    )
    .is_err());
    let p = tmp.join("junk.car");
    fs::write(&p, b"\x05hello world").unwrap();
    assert!(common::import_dump(
        &p,
        &tmp.join("j.bag"),
        &ImportOptions::default(),
        &mut lifeboat::NoProgress
    )
    .is_err());
}

// ------------------------------------------------------------------ mutations

/// Flipped, dropped and duplicated bytes anywhere in a real repository CAR: every
/// import ends with `Ok` or `Err`, never a panic or a hang.
#[test]
fn mutated_cars_never_panic() {
    let car = fs::read(sample("v3-2025/repo.car")).unwrap();
    let tmp = TempDir::new("mut");
    let p = tmp.join("m.car");
    let mut seed: u64 = std::env::var("LIFEBOAT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut ok, mut err) = (0, 0);
    for _ in 0..300 {
        let mut m = car.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % m.len() as u64) as usize;
            match next() % 3 {
                0 => m[at] ^= 1 << (next() % 8),
                1 => {
                    m.remove(at);
                }
                _ => m.insert(at, (next() % 256) as u8),
            }
        }
        fs::write(&p, &m).unwrap();
        let mut sink = lifeboat::__internal::NullSink::default();
        match lifeboat::__internal::run(
            &p,
            &mut sink,
            &ImportOptions::default(),
            &mut lifeboat::NoProgress,
        ) {
            Ok(r) => {
                assert!(r.balanced());
                ok += 1;
            }
            Err(_) => err += 1,
        }
    }
    assert_eq!(ok + err, 300);
}

#[test]
fn a_car_under_another_name_is_recognised_by_its_header() {
    let tmp = TempDir::new("sniff");
    let dir = tmp.join("dump");
    fs::create_dir_all(dir.join("blobs")).unwrap();
    fs::copy(sample("v3-2025/repo.car"), dir.join("getRepo-output")).unwrap();
    let photo = "bafkreie6rxggn2dvbsjam75hut6mvk2pju3fvwvzkg4brumwnzp64tcd4u";
    fs::copy(
        sample("v3-2025/blobs").join(photo),
        dir.join("blobs").join(photo),
    )
    .unwrap();
    fs::write(dir.join("notes.txt"), "my export").unwrap();
    let o = import(&dir, &tmp);
    assert_eq!(o.report.network, "bluesky");
    assert_eq!(o.of("posts").len(), 9);
    assert_eq!(o.report.entries.carried, 1);
    assert!(o
        .report
        .warnings
        .iter()
        .any(|w| w.contains("recognised as a CAR by its header")));
    let head = fs::read(sample("v2-2023/repo.car")).unwrap();
    assert!(lifeboat::__internal::looks_like_car(&head[..64]));
    assert!(!lifeboat::__internal::looks_like_car(b"PK\x03\x04"));
    assert!(!lifeboat::__internal::looks_like_car(b""));
    assert!(!lifeboat::__internal::looks_like_car(b"{\"roots\": []}"));
}
