//! Absence is evidence only where an export is complete (issue 22): two exports of one
//! account, the newer one after the account deleted every post (Bluesky, X, Mastodon,
//! Facebook samples) or a lone CSV list. Records the newer export covers and no longer
//! holds are marked `absent_since`, exactly those; `diff` reports the same numbers as
//! `removed` and `audit` as `absent_from_latest_export`; and every sample's report
//! states its coverage.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use lifeboat::report::CoverageStatus;
use lifeboat::Report;
use serde_json::Value;

mod common;
use common::{read_records, TempDir};

fn samples(net: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(net)
        .join("samples")
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
        "{}: nothing committed",
        dump.display()
    );
    done.report
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for e in fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        let t = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            fs::copy(&p, &t).expect("copy");
        }
    }
}

/// Every record of an archive: kind (singular) -> id -> record.
fn records(archive: &Path) -> BTreeMap<String, BTreeMap<String, Value>> {
    read_records(archive)
        .into_iter()
        .map(|(file, rows)| {
            let kind = match file.as_str() {
                "media" => "media".to_string(),
                f => f.trim_end_matches('s').to_string(),
            };
            let by_id = rows
                .into_iter()
                .map(|r| (r["id"].as_str().expect("id").to_string(), r))
                .collect();
            (kind, by_id)
        })
        .collect()
}

fn source_ids(archive: &Path) -> Vec<String> {
    let meta: Value = serde_json::from_slice(
        &fs::read(archive.join("data/lifeboat.json")).expect("lifeboat.json"),
    )
    .expect("json");
    meta["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect()
}

/// What happened when `new` was merged into an archive of `old` (one or more dumps).
struct Merged {
    /// Records before the merge, by kind and id.
    before: BTreeMap<String, BTreeMap<String, Value>>,
    /// Records of `new` alone.
    new: BTreeMap<String, BTreeMap<String, Value>>,
    /// Records after the merge.
    after: BTreeMap<String, BTreeMap<String, Value>>,
    /// `(kind, id)` of the records the merge marked absent since the newer export.
    marked: BTreeSet<(String, String)>,
    /// The newer export's report.
    report: Report,
    /// `lifeboat diff` of the archive before the merge and the newer dump.
    diff: Value,
    /// `lifeboat audit` of the archive after the merge.
    audit: Value,
    _dir: TempDir,
}

impl Merged {
    /// `(kind, id)` of the records the older side holds and the newer one does not.
    fn gone(&self) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for (kind, ids) in &self.before {
            for id in ids.keys() {
                if !self.new.get(kind).is_some_and(|n| n.contains_key(id)) {
                    out.insert((kind.clone(), id.clone()));
                }
            }
        }
        out
    }

    fn entry_of(&self, kind: &str, id: &str) -> String {
        self.before[kind][id]["source"]["entry"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn count(&self, kind: &str) -> usize {
        self.marked.iter().filter(|(k, _)| k == kind).count()
    }
}

fn merge(old: &[&Path], new_dump: &Path) -> Merged {
    let dir = TempDir::new("coverage");
    let a = dir.join("archive");
    for d in old {
        import(d, &a);
    }
    // the archive as it stood, for diff
    let snapshot = dir.join("before");
    copy_dir(&a, &snapshot);
    let before = records(&a);
    let report = import(new_dump, &a);
    let sources = source_ids(&a);
    let since = sources.last().expect("source").clone();
    let after = records(&a);
    let mut marked = BTreeSet::new();
    for (kind, ids) in &after {
        for (id, r) in ids {
            if r["source"]["absent_since"] == since.as_str() {
                marked.insert((kind.clone(), id.clone()));
            }
        }
    }
    let new_alone = dir.join("new-alone");
    import(new_dump, &new_alone);
    let new = records(&new_alone);
    // diff the dump itself when the older side is one dump (as `lifeboat diff OLD NEW`)
    let old_side = match old {
        [one] => one.to_path_buf(),
        _ => snapshot,
    };
    let d = lifeboat::records::diff(&old_side, new_dump).expect("diff");
    let diff: Value = serde_json::from_str(&d.to_json()).expect("diff json");
    let audit = lifeboat::records::audit(&a).expect("audit").json;
    Merged {
        before,
        new,
        after,
        marked,
        report,
        diff,
        audit,
        _dir: dir,
    }
}

/// `diff` (removed), `audit` (absent from the latest export) and the marks the merge
/// wrote give the same numbers, kind by kind; the marked records are still there.
fn agree(m: &Merged) {
    let kinds: BTreeSet<String> = m.before.keys().chain(m.after.keys()).cloned().collect();
    for kind in &kinds {
        let marked = m.count(kind) as u64;
        let removed = m.diff["counts"][kind]["removed"].as_u64().unwrap_or(0);
        let absent = m.audit["absent_from_latest_export"][kind]
            .as_u64()
            .unwrap_or(0);
        assert_eq!(
            (removed, absent),
            (marked, marked),
            "{kind}: diff removed {removed}, audit absent {absent}, merge marked {marked}"
        );
        // the same ids, not just the same number
        let listed: BTreeSet<(String, String)> = m.diff["removed"][kind]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| (kind.clone(), v.as_str().unwrap_or("").to_string()))
            .collect();
        let mine: BTreeSet<(String, String)> = m
            .marked
            .iter()
            .filter(|(k, _)| k == kind)
            .cloned()
            .collect();
        assert_eq!(listed, mine, "{kind}: diff and merge name other records");
    }
    // nothing is dropped: every record before the merge is still there
    for (kind, ids) in &m.before {
        for id in ids.keys() {
            assert!(m.after[kind].contains_key(id), "{kind} {id} was dropped");
        }
    }
    // and what the diff does not call removed, it lists as not covered
    for (kind, id) in m.gone() {
        let removed = m.diff["removed"][&kind].to_string().contains(&id);
        let not_covered = m.diff["not_covered"][&kind].to_string().contains(&id);
        assert!(
            removed != not_covered,
            "{kind} {id}: removed {removed}, not covered {not_covered}"
        );
    }
    // audit names what each source covered
    for s in m.audit["sources"].as_array().expect("sources") {
        assert!(
            s["coverage"]["status"].is_string(),
            "audit source without coverage: {s}"
        );
    }
}

fn write(p: &Path, text: &str) {
    fs::write(p, text).expect("write");
}

#[test]
fn bluesky_a_repository_without_posts_marks_every_post_and_like_absent() {
    let s = samples("bluesky");
    let m = merge(&[&s.join("v3-2025")], &s.join("v3-2025-later"));
    agree(&m);
    // the repository covers every collection: whatever the newer one lacks is absent
    assert_eq!(
        m.marked,
        m.gone(),
        "exactly what the newer repository lacks"
    );
    let posts = m.before["post"].len();
    assert!(posts >= 8, "{posts}");
    assert_eq!(m.count("post"), posts, "every post");
    assert_eq!(
        m.count("reaction"),
        m.before["reaction"].len(),
        "every like"
    );
    assert!(
        !m.new.contains_key("post"),
        "the newer repository holds no post"
    );
    // follows, blocks and lists are still there, and not marked
    assert_eq!(m.count("relationship"), 0);
    assert!(m.report.coverage.complete.contains_key("post"));
    // a mark names the export it went missing from and the last one that held it
    let sources = source_ids(&m._dir.join("archive"));
    let (kind, id) = m.marked.iter().next().expect("a mark");
    let r = &m.after[kind][id];
    assert_eq!(r["source"]["absent_since"], sources[1].as_str());
    assert_eq!(r["source"]["last_seen_in"], sources[0].as_str());
}

#[test]
fn x_an_archive_without_tweets_marks_them_and_leaves_another_network_alone() {
    let dir = TempDir::new("x-later");
    let later = dir.join("g2-later");
    copy_dir(&samples("twitter").join("g2-2021"), &later);
    // the account deleted every tweet: the files are there, empty; their media gone
    write(
        &later.join("data/tweet.js"),
        "window.YTD.tweet.part0 = [ ]\n",
    );
    write(
        &later.join("data/tweet-part1.js"),
        "window.YTD.tweet.part1 = [ ]\n",
    );
    fs::remove_dir_all(later.join("data/tweet_media")).expect("rm media");
    let mastodon = samples("mastodon").join("archive-2023.zip");
    let g2 = samples("twitter").join("g2-2021");
    let m = merge(&[&mastodon, &g2], &later);
    agree(&m);
    let gone = m.gone();
    // every X record the newer archive lacks is covered by it: posts, their media, the
    // accounts only they named
    let x_gone: BTreeSet<(String, String)> = gone
        .iter()
        .filter(|(_, id)| id.starts_with("twitter:"))
        .cloned()
        .collect();
    assert_eq!(m.marked, x_gone);
    let x_posts = m.before["post"]
        .keys()
        .filter(|id| id.starts_with("twitter:"))
        .count();
    assert!(x_posts >= 5);
    assert_eq!(m.count("post"), x_posts, "every tweet");
    assert!(m.marked.contains(&(
        "media".to_string(),
        m.before["media"]
            .keys()
            .find(|id| id.starts_with("twitter:") && m.entry_of("media", id) == "data/tweet.js")
            .expect("tweet media")
            .clone()
    )));
    // likes, follows, blocks, mutes and DMs are still there
    for kind in ["reaction", "relationship", "conversation", "message"] {
        assert_eq!(m.count(kind), 0, "{kind}");
    }
    // the Mastodon archive in the same archive is another network: nothing marked
    assert!(gone.iter().any(|(_, id)| id.starts_with("mastodon:")));
    assert!(m.marked.iter().all(|(_, id)| id.starts_with("twitter:")));
}

/// A folder with a Mastodon archive's entries, `outbox.json` rewritten by `edit`.
fn mastodon_archive(zip: &Path, out: &Path, edit: impl Fn(&mut Value), keep_media: bool) {
    let mut z = zip::ZipArchive::new(fs::File::open(zip).expect("zip")).expect("zip");
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().to_string();
        if name.starts_with("media_attachments/") && !keep_media {
            continue;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).expect("read");
        if name == "outbox.json" {
            let mut v: Value = serde_json::from_slice(&bytes).expect("outbox");
            edit(&mut v);
            bytes = serde_json::to_vec(&v).expect("json");
        }
        let p = out.join(&name);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
    }
}

#[test]
fn mastodon_an_empty_outbox_marks_every_status_and_not_the_lists() {
    let dir = TempDir::new("mastodon-later");
    let later = dir.join("archive-later");
    mastodon_archive(
        &samples("mastodon").join("archive-2023.zip"),
        &later,
        |v| {
            v["orderedItems"] = Value::Array(Vec::new());
            v["totalItems"] = Value::from(0);
        },
        false,
    );
    // the account's CSV lists first, then its archive, then the newer archive
    let csv = samples("mastodon").join("csv");
    let old = samples("mastodon").join("archive-2023.zip");
    let m = merge(&[&csv, &old], &later);
    agree(&m);
    // what the outbox held is absent; what the lists held is not covered by an archive
    let from_outbox: BTreeSet<(String, String)> = m
        .gone()
        .into_iter()
        .filter(|(k, id)| m.entry_of(k, id) == "outbox.json")
        .collect();
    assert_eq!(m.marked, from_outbox);
    assert_eq!(m.count("post"), m.before["post"].len(), "every status");
    assert!(m.count("media") >= 1);
    let lists_gone = m
        .gone()
        .into_iter()
        .filter(|(k, id)| m.entry_of(k, id).ends_with(".csv"))
        .count();
    assert!(
        lists_gone >= 10,
        "the newer archive holds no list: {lists_gone}"
    );
    assert_eq!(m.count("relationship"), 0);
    // the CSV bookmarks name their owner as a placeholder, the archive names it: an
    // archive's bookmarks.json says nothing of them
    assert!(m
        .gone()
        .iter()
        .any(|(k, id)| k == "reaction" && id.contains("/owner/")));
    assert_eq!(m.count("reaction"), 0);
    // the likes are still there, so not marked either
    assert!(m.new["reaction"].keys().any(|id| id.contains(":like/")));
}

#[test]
fn facebook_posts_deleted_and_comments_not_exported() {
    let dir = TempDir::new("facebook-later");
    let later = dir.join("g4-later");
    let g4 = samples("facebook").join("g4-2025");
    copy_dir(&g4, &later);
    let act = later.join("your_facebook_activity");
    // every post deleted: the posts file is there, empty; its photo gone
    write(
        &act.join("posts/your_posts__check_ins__photos_and_videos_1.json"),
        "[]\n",
    );
    fs::remove_dir_all(act.join("posts/media/Mobileuploads_404")).expect("rm");
    // comments were not asked for this time: the file is not in the export
    fs::remove_file(act.join("comments_and_reactions/comments.json")).expect("rm");
    let m = merge(&[&g4], &later);
    agree(&m);
    let posts_file = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json";
    let comments_file = "your_facebook_activity/comments_and_reactions/comments.json";
    let from_posts: BTreeSet<(String, String)> = m
        .gone()
        .into_iter()
        .filter(|(k, id)| m.entry_of(k, id) == posts_file && (k == "post" || k == "media"))
        .collect();
    assert_eq!(
        m.marked, from_posts,
        "the posts and their media, nothing else"
    );
    assert!(m.count("post") >= 2);
    let comments: Vec<&String> = m.before["post"]
        .keys()
        .filter(|id| m.entry_of("post", id) == comments_file)
        .collect();
    assert!(!comments.is_empty());
    for id in comments {
        assert!(!m.new.get("post").is_some_and(|p| p.contains_key(id)));
        assert!(
            !m.marked.contains(&("post".to_string(), id.clone())),
            "{id}: the newer export has no comments file, so says nothing of comments"
        );
    }
    assert!(m.report.coverage.complete.contains_key("post:posts"));
    assert!(!m.report.coverage.complete.contains_key("post:comments"));
}

#[test]
fn a_lone_csv_list_marks_only_that_list() {
    let dir = TempDir::new("csv-later");
    let later = dir.join("following-only");
    fs::create_dir_all(&later).expect("mkdir");
    let csv = samples("mastodon").join("csv");
    // the account unfollowed carol; only the follow list was exported
    let text = fs::read_to_string(csv.join("following_accounts.csv")).expect("csv");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("carol@third.example"))
        .collect();
    assert!(kept.len() < text.lines().count());
    write(
        &later.join("following_accounts.csv"),
        &(kept.join("\n") + "\n"),
    );
    let m = merge(&[&csv], &later);
    agree(&m);
    let from_following: BTreeSet<(String, String)> = m
        .gone()
        .into_iter()
        .filter(|(k, id)| m.entry_of(k, id) == "following_accounts.csv")
        .collect();
    assert_eq!(m.marked, from_following);
    assert!(m.marked.contains(&(
        "relationship".to_string(),
        "mastodon:relationship:following/owner/carol@third.example".to_string()
    )));
    // followers, blocks, mutes, domain blocks, lists and bookmarks are not in the newer
    // dump, and not marked
    let others = m.gone().len() - m.marked.len();
    assert!(others >= 10, "{others}");
    assert_eq!(m.count("reaction"), 0);
    assert_eq!(
        m.report
            .coverage
            .complete
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["account:following", "relationship:following"]
    );
    assert!(
        m.report.coverage.accounts.is_empty(),
        "a CSV list names no owner"
    );
}

#[test]
fn unknown_coverage_marks_nothing() {
    // a WXR file that may be filtered says nothing of what it left out
    let s = samples("wordpress");
    let dir = TempDir::new("wxr-later");
    let later = dir.join("wxr");
    copy_dir(&s.join("wxr-1.1"), &later);
    let f = fs::read_dir(&later)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "xml"))
        .expect("wxr");
    let text = fs::read_to_string(&f).expect("wxr");
    // drop every item: a file of no post
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("<item>") {
        out.push_str(&rest[..i]);
        let j = rest[i..].find("</item>").expect("item end") + i + "</item>".len();
        rest = &rest[j..];
    }
    out.push_str(rest);
    write(&f, &out);
    let m = merge(&[&s.join("wxr-1.1")], &later);
    agree(&m);
    assert_eq!(m.report.coverage.status, CoverageStatus::Unknown);
    assert!(m.report.coverage.reason.is_some());
    assert!(!m.gone().is_empty());
    assert!(m.marked.is_empty());
}

#[test]
fn every_sample_states_its_coverage_in_its_report_and_archive() {
    // samples whose coverage cannot be known, and why
    let unknown = [
        "linkedin/samples/company-page-2024",
        "tumblr/samples/npf-api",
        "wordpress/samples/broken",
        "wordpress/samples/wpcom-parts",
        "wordpress/samples/wxr-1.0",
        "wordpress/samples/wxr-1.1",
    ];
    // a lone end-to-end-encrypted chat backup is one chat of many: complete for nothing
    // graph history lists (pending and recent requests, recently unfollowed, story
    // likes) do not say they are complete: alone beside a profile, they cover nothing
    // web captures and viewer chat logs hold a part of what an account had: complete
    // for nothing
    let nothing = [
        "facebook/samples/e2ee-2024",
        "instagram/samples/graph-2025",
        "bebo/samples/bebo-2008.warc.gz",
        "googleplus/samples/captures-2019.warc.gz",
        "linkedin-groups/samples/discussion-2012.warc.gz",
        "linkedin-groups/samples/feed-2023.wacz",
        "myspace/samples/classic-2006.warc.gz",
        "myspace/samples/profile10-2009.warc",
        "myspace/samples/site-2015.warc.gz",
        "secondlife/samples/firestorm-2014",
        "secondlife/samples/official-v1-2008",
        "secondlife/samples/official-v3-2013",
        "web/samples/capture-tool-warcio.warc.gz",
        "web/samples/site-2019.warc",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut seen = 0;
    for net in fs::read_dir(&root).expect("formats") {
        let dir = net.expect("entry").path().join("samples");
        let Ok(rd) = fs::read_dir(&dir) else {
            continue;
        };
        let mut dumps: Vec<PathBuf> = rd.map(|e| e.expect("entry").path()).collect();
        dumps.sort();
        for dump in dumps {
            let name = dump.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // HTML exports of Meta are refused with a request for JSON (tests/meta.rs)
            if name.ends_with(".py") || name.ends_with(".md") || name == "html-2024" {
                continue;
            }
            // WXR files nothing can be read from fail the import (tests/real_shapes.rs)
            if name == "ill-formed" || name == "php-notice" {
                continue;
            }
            let rel = dump
                .strip_prefix(&root)
                .expect("under formats")
                .to_string_lossy()
                .replace('\\', "/");
            let tmp = TempDir::new("sample-coverage");
            let a = tmp.join("a");
            let report = import(&dump, &a);
            let c = &report.coverage;
            if unknown.contains(&rel.as_str()) {
                assert_eq!(c.status, CoverageStatus::Unknown, "{rel}");
                assert!(c.reason.is_some(), "{rel}: unknown without a reason");
            } else {
                assert_eq!(c.status, CoverageStatus::Known, "{rel}: {:?}", c.reason);
                assert_eq!(
                    c.complete.is_empty(),
                    nothing.contains(&rel.as_str()),
                    "{rel}: {:?}",
                    c.complete
                );
            }
            // scopes are `kind` or `kind:subkind` of the model's kinds
            for scope in c.complete.keys() {
                let kind = scope.split(':').next().unwrap_or("");
                assert!(
                    lifeboat::model::Kind::ALL
                        .iter()
                        .any(|k| k.as_str() == kind),
                    "{rel}: scope {scope}"
                );
            }
            // each complete scope was declared by the entries the report lists
            for (scope, n) in &c.complete {
                let declared = report
                    .entry_list
                    .iter()
                    .filter(|e| e.covers.contains(scope))
                    .count() as u64;
                assert_eq!(declared, *n, "{rel}: {scope}");
            }
            // the archive keeps the same coverage for its source
            let meta: Value = serde_json::from_slice(
                &fs::read(a.join("data/lifeboat.json")).expect("lifeboat.json"),
            )
            .expect("json");
            assert_eq!(
                meta["sources"][0]["coverage"],
                serde_json::to_value(c).expect("coverage"),
                "{rel}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 40, "{seen} samples");
}
