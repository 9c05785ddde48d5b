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
        let res = common::import_dump(&dump, &out, &opts, &mut lifeboat::NoProgress);
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
            &mut lifeboat::NoProgress,
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

// ------------------------------------------------------------------ issue 21

#[test]
fn google_plus_html_link_cards_are_links_and_updated_is_not_an_edit() {
    let i = import(&sample("googleplus", "takeout-2019-html-links"));
    let p = "googleplus:post:+GretaSample/posts";
    // a card with a preview image: a link with its title, the card kept whole
    let a = i.get("posts", &format!("{p}/LinkPost0001"));
    assert_eq!(
        a["links"][0]["url"],
        "http://magazine.example/science/2011/11/equations/?pid=2364&viewall=true"
    );
    assert_eq!(
        a["links"][0]["display"],
        "» 9 Equations Everyone Should Know"
    );
    assert_eq!(
        a["ext"]["link_cards"][0]["image"],
        "http://magazine.example/img/euler.jpg"
    );
    // "Updated:" equal to the creation time is no edit; the source string is kept
    assert!(a["edited_at"].is_null());
    assert_eq!(a["ext"]["updated"], "2011-11-04 09:48:17-0700");
    assert_eq!(a["created_at"], "2011-11-04T16:48:17Z");
    // a card without an image
    let b = i.get("posts", &format!("{p}/LinkPost0002"));
    assert_eq!(b["links"].as_array().unwrap().len(), 1);
    assert!(b["ext"]["link_cards"][0].get("image").is_none());
    assert!(b["edited_at"].is_null());
    // a card whose URL the text already links: one link, titled; a real edit
    let c = i.get("posts", &format!("{p}/LinkPost0003"));
    assert_eq!(c["links"].as_array().unwrap().len(), 1);
    assert_eq!(c["links"][0]["display"], "A Saturday essay & more");
    assert_eq!(c["edited_at"], "2013-07-14T15:30:00Z");
    // a comment's inline card
    let k = i.get("posts", &format!("{p}/LinkPost0003/comments/0"));
    assert_eq!(k["links"][0]["url"], "https://qa.example/q/42");
    assert_eq!(
        k["ext"]["link_cards"][0]["title"],
        "Why does the cron job not run?"
    );
    // the JSON variant's link object is a link too (its text already links the URL
    // with its own words, which stay what is shown); the object stays in ext.link
    let j = import(&sample("googleplus", "takeout-2019-json"));
    let h = j
        .kind("posts")
        .iter()
        .find(|p| p["ext"]["link"]["url"] == "https://harbour.example/")
        .unwrap();
    let urls: Vec<&Value> = h["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["url"])
        .collect();
    assert_eq!(urls, ["https://harbour.example/"]);
}

#[test]
fn facebook_page_unnamed_customers_are_distinct_and_the_page_is_the_owner() {
    let i = import(&sample("facebook", "page-2026-inbox"));
    let page = "facebook:account:name/Café Nørd";
    let owner = i.get("accounts", page);
    assert_eq!(owner["is_owner"], true);
    assert_eq!(
        i.kind("accounts")
            .iter()
            .filter(|a| a["is_owner"] == true)
            .count(),
        1
    );
    assert!(i
        .report
        .warnings
        .iter()
        .any(|w| w.contains("\"Café Nørd\"") && w.contains("every one of the 4 inbox threads")));
    assert!(!i
        .report
        .warnings
        .iter()
        .any(|w| w.contains("account:owner")));
    // the Page's post is the owner's
    assert_eq!(i.kind("posts")[0]["author"], page);
    // three unnamed customers: three accounts, each in its own conversation only
    let unnamed: Vec<&Value> = i
        .kind("accounts")
        .iter()
        .filter(|a| a["ext"]["unnamed"] == true)
        .collect();
    assert_eq!(unnamed.len(), 3);
    for a in &unnamed {
        let id = a["id"].as_str().unwrap();
        let convs: Vec<&Value> = i
            .kind("conversations")
            .iter()
            .filter(|c| {
                c["participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p == id)
            })
            .collect();
        assert_eq!(convs.len(), 1, "{id}");
        assert_eq!(convs[0]["participants"].as_array().unwrap().len(), 2);
        assert!(a["display_name"].is_null());
    }
    assert!(!i
        .kind("accounts")
        .iter()
        .any(|a| a["id"] == "facebook:account:name/unknown"));
    // the unnamed customer's reaction is theirs, in their thread
    let r = &i.kind("reactions")[0];
    assert_eq!(
        r["actor"],
        "facebook:account:unnamed/inbox/facebookuser_9100000000000002"
    );
    // one named customer, both parties named: a Page with one thread and two named
    // parties cannot be told from its customer, and is not guessed
    let one = import(&sample("facebook", "page-2025"));
    assert!(one
        .kind("accounts")
        .iter()
        .any(|a| a["id"] == "facebook:account:owner" && a["is_owner"] == true));
}

#[test]
fn youtube_y3_with_an_empty_my_comments_is_y3_and_each_entry_has_one_fate() {
    let i = import(&sample("youtube", "takeout-2023-en-y3"));
    let r = &i.report;
    assert!(r.generation.starts_with("Y3/Y4"), "{}", r.generation);
    // the empty comments page and the count-only likes file: carried, not parsed
    for f in ["my-comments/my-comments.html", "playlists/Liked videos.csv"] {
        assert_eq!(i.fate(f).0, "Carried", "{f}");
        assert!(i
            .archive()
            .join("data/sources")
            .read_dir()
            .unwrap()
            .any(|d| d
                .unwrap()
                .path()
                .join("Takeout/YouTube and YouTube Music")
                .join(f)
                .is_file()));
    }
    // no entry is said to be parsed while a warning says it was carried
    for e in &r.entry_list {
        if format!("{:?}", e.fate) == "Parsed" {
            assert!(
                !r.warnings
                    .iter()
                    .any(|w| w.starts_with(&e.path) && w.contains("carried")),
                "{} parsed and carried",
                e.path
            );
        }
    }
    // the count is reconciled with the likes found
    let rec = r
        .reconciliation
        .iter()
        .find(|x| x.what.ends_with("Liked videos.csv: Total Liked Videos"))
        .unwrap();
    assert_eq!((rec.declared, rec.found, rec.ok), (81, 0, false));
    // the tables are read
    assert_eq!(
        i.kind("posts").len(),
        3,
        "a video, a comment, a live chat line"
    );
    assert_eq!(i.kind("reactions").len(), 1, "Watch later");
}

#[test]
fn reddit_checkfile_is_reconciled_file_by_file() {
    let i = import(&sample("reddit", "export-checkfile-gaps"));
    let r = &i.report;
    let row = |f: &str| {
        r.reconciliation
            .iter()
            .find(|x| x.what == format!("checkfile.csv: {f}"))
            .unwrap_or_else(|| panic!("no row for {f}"))
    };
    for f in ["posts.csv", "statistics.csv", "ip_logs.csv"] {
        assert!(row(f).ok, "{f}");
    }
    assert!(!row("comments.csv").ok);
    assert!(row("comments.csv")
        .note
        .as_deref()
        .unwrap()
        .contains("differs"));
    for f in ["post_votes.csv", "messages.csv", "chat_history.csv"] {
        assert!(!row(f).ok);
        assert!(row(f).note.as_deref().unwrap().contains("not in the dump"));
    }
    let sum = r
        .reconciliation
        .iter()
        .find(|x| x.what.starts_with("checkfile.csv: files listed"))
        .unwrap();
    assert_eq!((sum.declared, sum.found), (10, 3));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("6 of them are not in the dump")));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("comments.csv") && w.contains("differ")));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("not listed") && w.contains("drafts.csv")));
    // the checkfile and the account data are kept verbatim, their fate "carried"
    assert_eq!(i.fate("checkfile.csv").0, "Carried");
    assert_eq!(i.fate("ip_logs.csv").0, "Carried");
    // and a complete export reconciles cleanly, in a folder and zipped with CRLF
    for s in ["export-2024", "export-split.zip"] {
        let i = import(&sample("reddit", s));
        let sum = i
            .report
            .reconciliation
            .iter()
            .find(|x| x.what.starts_with("checkfile.csv: files listed"))
            .unwrap();
        assert!(sum.ok && sum.declared > 20, "{s}: {sum:?}");
    }
}

#[test]
fn graph_history_is_relationships_with_status_and_time() {
    let i = import(&sample("instagram", "graph-2025"));
    let rel = |id: &str| i.get("relationships", id).clone();
    let o = "nordlys.kaffe";
    let p = rel(&format!(
        "instagram:relationship:follow_request/{o}/private.baker"
    ));
    assert_eq!(
        (s(&p, "kind"), p["ext"]["status"].as_str()),
        ("follow_request", Some("pending"))
    );
    assert_eq!(p["since"], "2025-01-10T09:06:40Z");
    let rec = rel(&format!(
        "instagram:relationship:follow_request/{o}/fjell.foto"
    ));
    assert_eq!(rec["ext"]["status"], "recent");
    let got = rel(&format!(
        "instagram:relationship:follow_request_received/{o}/ny.kunde"
    ));
    assert_eq!(got["ext"]["status"], "received");
    assert_eq!(got["subject"], format!("instagram:account:{o}"));
    let un = rel(&format!(
        "instagram:relationship:unfollowed/{o}/gammel.venn"
    ));
    assert_eq!(un["since"], "2025-01-12T16:40:00Z");
    // two likes of one account's stories: two records
    let likes: Vec<&Value> = i
        .kind("relationships")
        .iter()
        .filter(|r| r["kind"] == "story_like")
        .collect();
    assert_eq!(likes.len(), 2);
    assert!(likes
        .iter()
        .all(|r| r["object"] == "instagram:account:zoe.mueller"));
    // the Threads part: string_list_data items and a 2025+ label_values list
    let t = rel(&format!(
        "threads:relationship:follow_request_received/{o}/ny.leser"
    ));
    assert_eq!(t["since"], "2025-01-18T11:33:20Z");
    assert_eq!(t["object"], "threads:account:ny.leser");
    rel(&format!(
        "threads:relationship:follow_request/{o}/traad.venn"
    ));
    rel(&format!("threads:relationship:unfollowed/{o}/borte.naa"));
    // nothing of it carried or skipped
    assert_eq!(i.report.skipped_total(), 0);
    assert!(i
        .report
        .entry_list
        .iter()
        .all(|e| format!("{:?}", e.fate) != "Carried"));

    let f = import(&sample("facebook", "friends-2025"));
    let me = "name/Lina Ødegård";
    let fr = |k: &str, who: &str| {
        f.get(
            "relationships",
            &format!("facebook:relationship:{k}/{me}/name/{who}"),
        )
        .clone()
    };
    assert_eq!(fr("friend_request", "Åse Ås")["ext"]["status"], "sent");
    assert_eq!(
        fr("friend_request_received", "Bjørn Bø")["ext"]["status"],
        "received"
    );
    assert_eq!(
        fr("friend_request_received", "Dag Dal")["ext"]["status"],
        "rejected"
    );
    let gone = fr("removed_connection", "Ève Lefèvre");
    assert_eq!(gone["since"], "2025-01-09T05:20:00Z");
    assert_eq!(fr("connection", "Zoë Müller")["kind"], "connection");
    assert_eq!(f.kind("relationships").len(), 6);
}

#[test]
fn threads_2025_file_alone_imports_with_its_carousel_and_text_posts() {
    for dump in [
        sample("threads", "bare-2025"),
        sample("threads", "bare-2025").join("threads_and_replies.json"),
    ] {
        let i = import(&dump);
        let posts = i.kind("posts");
        assert_eq!(posts.len(), 6);
        // the carousel: its text and time are on the post, four media
        let car = posts
            .iter()
            .find(|p| p["media"].as_array().is_some_and(|m| m.len() == 4))
            .unwrap();
        assert!(s(car, "text").starts_with("Fire bilder"));
        assert_eq!(car["created_at"], "2025-06-25T02:35:12Z");
        // text-only posts have no media, multi-line text is kept
        assert!(posts
            .iter()
            .any(|p| s(p, "text") == "Linje én\nLinje to\nLinje tre" && p["media"].is_null()));
        // the files are not in the dump: every photo is a missing media record
        assert_eq!(i.kind("media").len(), 7);
        assert!(i.kind("media").iter().all(|m| m["missing"] == true));
        assert_eq!(i.report.missing_media_count, 7);
        // no profile: the owner is said to be unknown
        assert!(i
            .report
            .warnings
            .iter()
            .any(|w| w.contains("threads:account:owner")));
    }
}

#[test]
fn any_importer_keeps_a_second_item_with_a_taken_id_under_a_derived_id() {
    // a Blogger feed listing one post id twice with different texts, and a Disqus
    // export with a post id twice: before, the second was skipped and lost
    let t = TempDir::new("dup-any");
    let feed = "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'><id>tag:blogger.com,1999:blog-5</id>\
        <entry><id>tag:blogger.com,1999:blog-5.post-7</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status><title>One</title><content type='html'>first text</content><published>2020-01-01T00:00:00Z</published></entry>\
        <entry><id>tag:blogger.com,1999:blog-5.post-7</id><blogger:type>POST</blogger:type><blogger:status>DRAFT</blogger:status><title>Two</title><content type='html'>second text</content><published>2020-01-02T00:00:00Z</published></entry></feed>";
    let dir = t.join("Takeout/Blogger/Blogs/B");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("feed.atom"), feed).unwrap();
    let i = import(&t.join("Takeout"));
    let a = i.get("posts", "blogger:post:7");
    let b = i.get("posts", "blogger:post:7~dup-2");
    assert_eq!((s(a, "text"), s(b, "text")), ("first text", "second text"));
    assert_eq!(s(b, "visibility"), "private");
    assert_eq!(b["ext"]["id_clash"], "blogger:post:7");
    assert_eq!(i.report.skipped_total(), 0);
    assert_eq!(i.report.id_clashes.len(), 1);
    assert!(i.report.id_clashes[0].location.ends_with("feed.atom#1"));

    let t = TempDir::new("dup-disqus");
    let xml = r#"<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id/><forum>f</forum><link>https://f.example/a</link><title>A</title><createdAt>2015-01-01T00:00:00Z</createdAt></thread>
<post dsq:id="9"><message><![CDATA[<p>one</p>]]></message><createdAt>2015-01-02T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>A</name><username>a</username></author><thread dsq:id="1"/></post>
<post dsq:id="9"><message><![CDATA[<p>two</p>]]></message><createdAt>2015-01-03T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>B</name><username>b</username></author><thread dsq:id="1"/></post>
</disqus>"#;
    let p = t.join("f-2015-01-04T00_00_00.000000-all.xml");
    std::fs::write(&p, xml).unwrap();
    let i = import(&p);
    assert_eq!(s(i.get("posts", "disqus:post:9"), "text"), "one");
    assert_eq!(s(i.get("posts", "disqus:post:9~dup-2"), "text"), "two");
}

#[test]
fn facebook_2021_shapes_of_a_real_export() {
    let i = import(&sample("facebook", "g2-2021-shapes"));
    let r = &i.report;
    assert_eq!(r.skipped_total(), 0);
    let posts = i.kind("posts");
    assert_eq!(posts.len(), 12, "4 comments, 8 posts");
    let by_ts = |ts: &str| {
        posts
            .iter()
            .find(|p| p["created_at"] == ts)
            .unwrap_or_else(|| panic!("no post at {ts}"))
    };
    // update_timestamp equal to the post's time is no edit (kept in ext)
    let link = by_ts("2012-01-05T19:02:09Z");
    assert!(link["edited_at"].is_null());
    assert_eq!(link["ext"]["update_timestamp"], 1325790129);
    assert_eq!(link["links"][0]["url"], "http://www.dojang.example/");
    assert!(posts.iter().all(|p| p["edited_at"].is_null()));
    // a comment that is only a sticker, one that is only a GIF link
    assert_eq!(
        by_ts("2016-03-07T21:48:06Z")["media"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        by_ts("2017-12-19T21:03:34Z")["links"][0]["url"],
        "https://media.gif.example/images/abc123/anim.gif?itemid=42"
    );
    // a note's photo is the post's media, not an orphan file
    let note = by_ts("2020-01-04T13:20:04Z");
    let mid = note["media"][0].as_str().unwrap();
    assert_eq!(i.get("media", mid)["attached_to"][0], note["id"]);
    assert!(i.kind("media").iter().all(|m| !m["attached_to"].is_null()));
    // a video post without text, its thumbnail a remote URL
    assert_eq!(
        by_ts("2011-10-23T18:07:52Z")["media"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // G2's friend history file names
    let kinds: Vec<&str> = i
        .kind("relationships")
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    for k in [
        "connection",
        "following",
        "friend_request",
        "friend_request_received",
        "removed_connection",
    ] {
        assert!(kinds.contains(&k), "{k}: {kinds:?}");
    }
    assert_eq!(kinds.len(), 6);
}

#[test]
fn a_json_dump_with_nothing_readable_fails_with_the_position_too() {
    let t = TempDir::new("bad-json");
    std::fs::write(t.join("outbox.json"), "this is not JSON at all").unwrap();
    let e = common::import_dump(
        t.path(),
        &t.join("out.bag"),
        &Default::default(),
        &mut lifeboat::NoProgress,
    )
    .expect_err("nothing readable");
    let msg = e.to_string();
    assert!(
        msg.starts_with("outbox.json: not well-formed at byte "),
        "{msg}"
    );
    assert!(!t.join("out.bag").exists());
    // a file that breaks after good items keeps them: exit 0, one skip
    let good =
        std::fs::read_to_string(sample("mastodon", "outbox-only").join("outbox.json")).unwrap();
    let cut = &good[..good.len() * 2 / 3];
    std::fs::write(t.join("outbox.json"), cut).unwrap();
    let i = import(t.path());
    assert!(!i.kind("posts").is_empty());
    assert_eq!(i.report.unreadable.len(), 1);
    assert!(i.report.skipped_total() >= 1);
}
