//! Shapes that exports written by nobody on this project showed (issues 14 and 21),
//! each reproduced by a synthetic sample under `formats/<network>/samples/`, and a
//! check over every sample of the repository: each imports (or is refused with its
//! reason), its report balances, and no records file holds two records with one id.

use std::path::{Path, PathBuf};
use std::process::Command;

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

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// Records of one kind whose id starts with `prefix`.
fn ids_with<'a>(i: &'a Imported, kind: &str, prefix: &str) -> Vec<&'a str> {
    i.kind(kind)
        .iter()
        .filter_map(|r| r["id"].as_str())
        .filter(|id| id.starts_with(prefix))
        .collect()
}

// ------------------------------------------------------------------ every sample

/// Every dump under `formats/*/samples/`: a folder or file beside the generator
/// scripts and READMEs.
fn every_sample() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut out = Vec::new();
    for net in std::fs::read_dir(&root).unwrap() {
        let dir = net.unwrap().path().join("samples");
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".md") || name.ends_with(".py") {
                continue;
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Samples that must not import, and the words their error says.
const REFUSED: &[(&str, &str)] = &[
    ("facebook/samples/html-2024", "HTML"),
    ("instagram/samples/html-2024", "HTML"),
    ("wordpress/samples/ill-formed", "not well-formed at byte"),
    ("wordpress/samples/php-notice", "not well-formed at byte"),
];

#[test]
fn every_sample_imports_balanced_with_one_record_per_id() {
    let samples = every_sample();
    assert!(samples.len() > 40, "only {} samples found", samples.len());
    let t = TempDir::new("every-sample");
    for (n, dump) in samples.iter().enumerate() {
        let name = dump.display().to_string();
        let out = t.join(format!("{n}.bag"));
        // Bluesky's v3 sample keeps its blobs beside the repository
        let (dump, opts) = if dump.join("repo.car").is_file() {
            let o = lifeboat::ImportOptions {
                blobs: dump.join("blobs").is_dir().then(|| dump.join("blobs")),
                ..Default::default()
            };
            (dump.join("repo.car"), o)
        } else {
            (dump.clone(), lifeboat::ImportOptions::default())
        };
        let res = common::import_dump(&dump, &out, &opts, &mut lifeboat::import::NoProgress);
        if let Some((_, words)) = REFUSED.iter().find(|(s, _)| name.ends_with(s)) {
            let e = res.expect_err(&format!("{name} must be refused"));
            assert!(e.to_string().contains(words), "{name}: {e}");
            continue;
        }
        let done = res.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            done.report.balanced(),
            "{name}: the report does not balance"
        );
        assert!(done.commit.is_some(), "{name}: nothing written");
        // import_dump checked the ids; a derived id is always reported
        for c in &done.report.id_clashes {
            assert!(c.kept_as.starts_with(&c.id), "{name}: {c:?}");
        }
    }
}

// ------------------------------------------------------------------ issue 14

#[test]
fn wordpress_com_https_namespaces_read_as_wxr_1_2() {
    let i = import(&sample("wordpress", "wpcom-https"));
    let r = &i.report;
    assert_eq!(r.generation, "WXR 1.2");
    assert!(r.skips.is_empty(), "{:?}", r.skips);
    let site = "wordpress:post:acmetools.wordpress.example";
    // posts and a page are posts; the attachment is media; the menu item is raw
    let items: Vec<&str> = ids_with(&i, "posts", &format!("{site}/50"))
        .into_iter()
        .filter(|id| !id.contains("/comment-"))
        .collect();
    assert_eq!(items.len(), 4, "{items:?}");
    let m = i.get("media", "wordpress:media:acmetools.wordpress.example/505");
    assert_eq!(m["attached_to"][0], format!("{site}/501"));
    assert_eq!(
        r.records["post"].kept_raw, 1,
        "the nav menu item is kept raw"
    );
    // visibility and status from wp:status
    assert_eq!(
        i.get("posts", &format!("{site}/501"))["visibility"],
        "public"
    );
    let draft = i.get("posts", &format!("{site}/502"));
    assert_eq!(
        (s(draft, "visibility"), s(draft, "status")),
        ("private", "draft")
    );
    let future = i.get("posts", &format!("{site}/503"));
    assert_eq!(
        (s(future, "visibility"), s(future, "status")),
        ("private", "scheduled")
    );
    assert_eq!(s(i.get("posts", &format!("{site}/504")), "title"), "About");
    // comments, threaded; the pingback is by the linking site
    let c1 = i.get("posts", &format!("{site}/501/comment-601"));
    assert_eq!(s(c1, "reply_to"), format!("{site}/501"));
    let c2 = i.get("posts", &format!("{site}/501/comment-602"));
    assert_eq!(s(c2, "reply_to"), format!("{site}/501/comment-601"));
    assert_eq!(
        s(c2, "author"),
        "wordpress:account:acmetools.wordpress.example/acmetools"
    );
    let ping = i.get("posts", &format!("{site}/501/comment-603"));
    assert!(ping["reply_to"].is_null());
    assert_eq!(
        s(ping, "author"),
        "wordpress:account:acmetools.wordpress.example/site/deals.example"
    );
    // wp:author blocks are read, the excerpt is the excerpt
    let gus = i.get(
        "accounts",
        "wordpress:account:acmetools.wordpress.example/guestwriter",
    );
    assert_eq!(s(gus, "display_name"), "Gus Writer");
    assert_eq!(
        i.get("posts", &format!("{site}/501"))["ext"]["excerpt"],
        "Everything 20% off."
    );
}

#[test]
fn wordpress_items_sharing_an_id_all_stay_and_the_better_formed_keeps_it() {
    let i = import(&sample("wordpress", "duplicate-ids"));
    let r = &i.report;
    let p = "wordpress:post:dup.acme-tools.example";
    // the typed page keeps id 10; the typeless stub before it gives way
    let page = i.get("posts", &format!("{p}/10"));
    assert_eq!(s(page, "text"), "Call us on weekdays.");
    assert_eq!(page["ext"]["post_type"], "page");
    let stub = i.get("posts", &format!("{p}/10~dup-2"));
    assert_eq!(s(stub, "title"), "Contact");
    assert_eq!(s(stub, "text"), "");
    // two posts with id 20: the first keeps it, the second and its comment follow
    assert_eq!(
        s(i.get("posts", &format!("{p}/20")), "title"),
        "First post with id 20"
    );
    assert_eq!(
        s(i.get("posts", &format!("{p}/20~dup-2")), "title"),
        "Second post with id 20"
    );
    let c = i.get("posts", &format!("{p}/20~dup-2/comment-70"));
    assert_eq!(s(c, "reply_to"), format!("{p}/20~dup-2"));
    // two attachments with one id, two comments with one id
    let m = "wordpress:media:dup.acme-tools.example/30";
    assert!(s(i.get("media", m), "original_url").ends_with("/logo.png"));
    assert!(s(i.get("media", &format!("{m}~dup-2")), "original_url").ends_with("/logo-dark.png"));
    assert_eq!(
        s(i.get("posts", &format!("{p}/40/comment-80")), "text"),
        "First words."
    );
    assert_eq!(
        s(i.get("posts", &format!("{p}/40/comment-80~dup-2")), "text"),
        "Other words, same id."
    );
    // nothing is dropped, and the report says what was renamed and why
    assert_eq!(r.skipped_total(), 0, "{:?}", r.skips);
    assert_eq!(
        r.records["post"].converted, 8,
        "5 posts and pages (stub included), 3 comments"
    );
    assert_eq!(r.records["media"].converted, 2);
    assert_eq!(r.id_clashes.len(), 4, "{:?}", r.id_clashes);
    assert_eq!(r.repairs.get("duplicate_id"), Some(&4));
    let stub_clash = r
        .id_clashes
        .iter()
        .find(|c| c.kept_as.ends_with("/10~dup-2"))
        .unwrap();
    assert!(
        stub_clash.reason.contains("without wp:post_type"),
        "{stub_clash:?}"
    );
}

#[test]
fn a_dump_with_nothing_readable_fails_with_the_parser_position() {
    let t = TempDir::new("ill-formed");
    for (name, words) in [
        ("ill-formed", "expected `</description>`"),
        ("php-notice", "root element <br> is not a WXR <rss>"),
    ] {
        let out = t.join(format!("{name}.bag"));
        let e = common::import_dump(
            &sample("wordpress", name),
            &out,
            &Default::default(),
            &mut lifeboat::import::NoProgress,
        )
        .expect_err(name);
        let msg = e.to_string();
        assert!(msg.contains(words), "{msg}");
        assert!(msg.contains("not well-formed at byte "), "{msg}");
        assert!(!out.exists(), "{name}: an archive was written");
        // the CLI: exit 1, one line naming the entry and the byte
        let o = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
            .arg("import")
            .arg(sample("wordpress", name))
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains(".wordpress.2024-06-0") && err.contains("at byte "),
            "{err}"
        );
    }
    // a file that breaks after its items still imports what it read (exit 0, a skip)
    let i = import(&sample("wordpress", "broken"));
    assert!(i.report.unreadable.is_empty());
}

#[test]
fn blogger_drafts_stay_private_when_the_app_prefix_is_unbound() {
    let i = import(&sample("blogger", "classic-unbound-app"));
    let r = &i.report;
    let draft = i.get("posts", "blogger:post:1100000000000000002");
    assert_eq!(
        (s(draft, "visibility"), s(draft, "status")),
        ("private", "draft")
    );
    let no = i.get("posts", "blogger:post:1100000000000000003");
    assert_eq!(s(no, "visibility"), "public");
    assert!(no["status"].is_null());
    assert_eq!(
        s(
            i.get("posts", "blogger:post:1100000000000000001"),
            "visibility"
        ),
        "public"
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with("1 entries") && w.contains("app: prefix bound to no namespace")),
        "{:?}",
        r.warnings
    );
    // the comment threads under its post although thr: is unbound too
    let c = i.get("posts", "blogger:post:3100000000000000001");
    assert_eq!(s(c, "reply_to"), "blogger:post:1100000000000000001");
}

#[test]
fn mastodon_statuses_addressed_to_nobody_are_direct_and_a_twin_item_stays() {
    let i = import(&sample("mastodon", "quirks-2024"));
    let u = "mastodon:post:https://quirk.example/users/lee/statuses";
    for n in [301, 302] {
        assert_eq!(
            s(i.get("posts", &format!("{u}/{n}")), "visibility"),
            "direct"
        );
    }
    // both are messages of one conversation
    let msgs = i.kind("messages");
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["conversation"], msgs[1]["conversation"]);
    let conv = &i.kind("conversations")[0];
    assert_eq!(conv["message_count"], 2);
    assert_eq!(conv["id"], msgs[0]["conversation"]);
    assert_eq!(
        s(&msgs[1], "reply_to"),
        "mastodon:message:https://quirk.example/users/lee/statuses/301"
    );
    // the item listed twice: two records, one under a derived id, reported
    assert_eq!(
        s(i.get("posts", &format!("{u}/303")), "visibility"),
        "public"
    );
    let twin = i.get("posts", &format!("{u}/303~dup-2"));
    assert_eq!(twin["ext"]["id_clash"], format!("{u}/303"));
    assert_eq!(s(twin, "text"), "Listed twice by the export.");
    assert_eq!(i.report.id_clashes.len(), 1);
    assert_eq!(i.report.id_clashes[0].location, "outbox.json#4");
    assert_eq!(i.kind("posts").len(), 5);
}

#[test]
fn x_conversation_in_two_items_is_one_record() {
    let i = import(&sample("twitter", "dm-split-2024"));
    assert!(i.report.id_clashes.is_empty(), "{:?}", i.report.id_clashes);
    let convs = i.kind("conversations");
    assert_eq!(convs.len(), 3);
    let c = i.get(
        "conversations",
        "twitter:conversation:483055096-1400000000000000001",
    );
    assert_eq!(c["message_count"], 3);
    assert_eq!(c["ext"]["also_in"][0]["index"], 2);
    let members: Vec<&Value> = i
        .kind("messages")
        .iter()
        .filter(|m| m["conversation"] == c["id"])
        .collect();
    assert_eq!(members.len(), 3);
    // the group: both items' events, the latest name, both items' system events
    let g = i
        .kind("conversations")
        .iter()
        .find(|c| c["group"] == true)
        .unwrap();
    assert_eq!(g["title"], "Boat club");
    assert_eq!(g["events"].as_array().unwrap().len(), 2);
    assert_eq!(g["message_count"], 4);
    assert_eq!(g["participants"].as_array().unwrap().len(), 3);
}
