//! For records teams: `diff` of two successive exports, merges that keep what a newer
//! export dropped, `audit`, the custody log and bag-info fields, and legal hold.
//!
//! The older export is the X 2026 sample (`formats/twitter/samples/g3-2026`); the newer
//! one is a copy with one tweet deleted, one edited and one follower added, as a year
//! between two downloads does.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::TempDir;

fn lifeboat(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .output()
        .expect("run lifeboat");
    // every archive an import writes holds each record id once
    if args.first() == Some(&"import") && o.status.success() {
        if let Some(i) = args.iter().position(|a| *a == "--out") {
            common::assert_unique_ids(Path::new(args[i + 1]));
        }
    }
    o
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for e in fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let t = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            fs::copy(e.path(), &t).expect("copy");
        }
    }
}

/// Items of a `window.YTD.x.part0 = [...]` file.
fn ytd(p: &Path) -> (String, Vec<Value>) {
    let text = fs::read_to_string(p).expect("read");
    let (prefix, json) = text.split_once('=').expect("YTD prefix");
    (
        format!("{prefix}= "),
        serde_json::from_str(json.trim()).expect("json"),
    )
}

fn write_ytd(p: &Path, prefix: &str, items: &[Value]) {
    fs::write(
        p,
        format!(
            "{prefix}{}",
            serde_json::to_string_pretty(items).expect("json")
        ),
    )
    .expect("write");
}

struct Year2 {
    dump: PathBuf,
    gone: String,
    edited: String,
    old_text: String,
}

/// A copy of the sample one year later: a tweet deleted, one edited, a new follower.
fn next_year(dir: &TempDir) -> Year2 {
    let dump = dir.join("export-2027");
    copy_dir(&sample(), &dump);
    let tweets = dump.join("data/tweets.js");
    let (prefix, mut items) = ytd(&tweets);
    assert!(items.len() >= 3, "the sample has tweets");
    let gone = items[0]["tweet"]["id_str"]
        .as_str()
        .expect("id")
        .to_string();
    items.remove(0);
    // a tweet that is not part of an edit chain (those fold under their first id)
    let e = (1..items.len())
        .find(|&i| {
            items[i]["tweet"]["edit_info"]["initial"]["editTweetIds"]
                .as_array()
                .is_some_and(|a| a.len() == 1)
        })
        .expect("a plain tweet");
    let edited = items[e]["tweet"]["id_str"]
        .as_str()
        .expect("id")
        .to_string();
    let old_text = items[e]["tweet"]["full_text"]
        .as_str()
        .expect("text")
        .to_string();
    items[e]["tweet"]["full_text"] = Value::String(format!("Corrected later: {old_text}"));
    write_ytd(&tweets, &prefix, &items);
    let followers = dump.join("data/follower.js");
    let (prefix, mut f) = ytd(&followers);
    f.push(serde_json::json!({"follower": {"accountId": "4242424242",
        "userLink": "https://twitter.com/intent/user?user_id=4242424242"}}));
    write_ytd(&followers, &prefix, &f);
    Year2 {
        dump,
        gone,
        edited,
        old_text,
    }
}

fn records(archive: &Path, kind: &str) -> Vec<Value> {
    fs::read_to_string(archive.join(format!("data/records/{kind}.jsonl")))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect()
}

fn log_events(archive: &Path) -> Vec<String> {
    fs::read_to_string(archive.join("data/log.jsonl"))
        .expect("log")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("log line");
            v["event"].as_str().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn diff_lists_the_deleted_the_edited_and_the_new() {
    let dir = TempDir::new("diff");
    let y2 = next_year(&dir);
    let a = dir.join("a");
    assert!(lifeboat(&["import", s(&sample()), "--out", s(&a), "-q"])
        .status
        .success());
    // an archive against a dump (imported on the fly)
    let json = dir.join("diff.json");
    let o = lifeboat(&["diff", s(&a), s(&y2.dump), "--json", s(&json)]);
    assert_eq!(o.status.code(), Some(1), "they differ");
    let d: Value = serde_json::from_slice(&fs::read(&json).expect("json")).expect("diff json");
    let removed = d["removed"]["post"].to_string();
    assert!(removed.contains(&y2.gone), "{removed}");
    let changed = &d["changed"]["post"];
    let c = changed
        .as_array()
        .expect("changed posts")
        .iter()
        .find(|c| c["id"].as_str().is_some_and(|id| id.ends_with(&y2.edited)))
        .expect("the edited post is listed");
    let text = c["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["field"] == "text")
        .expect("text changed");
    assert!(text["new"]
        .as_str()
        .expect("new")
        .starts_with("Corrected later: "));
    assert!(!text["old"].as_str().expect("old").starts_with("Corrected"));
    assert!(d["added"]["relationship"]
        .to_string()
        .contains("4242424242"));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&y2.gone) && stdout.contains("was: "),
        "{stdout}"
    );

    // identical: exit 0; an error: exit 2
    assert_eq!(lifeboat(&["diff", s(&a), s(&a)]).status.code(), Some(0));
    let missing = dir.join("nope");
    assert_eq!(
        lifeboat(&["diff", s(&a), s(&missing)]).status.code(),
        Some(2)
    );
}

#[test]
fn a_merge_keeps_what_the_newer_export_dropped_and_logs_it() {
    let dir = TempDir::new("merge");
    let y2 = next_year(&dir);
    let a = dir.join("a");
    let o = lifeboat(&[
        "import",
        s(&sample()),
        "--out",
        s(&a),
        "-q",
        "--bag-info",
        "Source-Organization=Example Town Council",
        "--bag-info",
        "Contact-Email=records@example.org",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first_sources = fs::read_to_string(a.join("data/lifeboat.json")).expect("meta");
    let first: Value = serde_json::from_str(&first_sources).expect("meta json");
    let first_id = first["sources"][0]["id"].as_str().expect("id").to_string();
    let before = records(&a, "posts")
        .into_iter()
        .find(|p| p["id"].as_str().is_some_and(|id| id.ends_with(&y2.edited)))
        .expect("the post before its edit");
    let o = lifeboat(&["import", s(&y2.dump), "--out", s(&a), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let meta: Value =
        serde_json::from_slice(&fs::read(a.join("data/lifeboat.json")).expect("meta"))
            .expect("json");
    let sources = meta["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2, "both dumps are sources");
    let second_id = sources[1]["id"].as_str().expect("id");

    let posts = records(&a, "posts");
    let gone = posts
        .iter()
        .find(|p| p["id"].as_str().is_some_and(|id| id.ends_with(&y2.gone)))
        .expect("the deleted tweet is still in the archive");
    assert_eq!(gone["source"]["absent_since"], second_id);
    assert_eq!(gone["source"]["last_seen_in"], first_id.as_str());
    let edited = posts
        .iter()
        .find(|p| p["id"].as_str().is_some_and(|id| id.ends_with(&y2.edited)))
        .expect("edited");
    assert!(edited["text"]
        .as_str()
        .expect("text")
        .starts_with("Corrected later: "));
    assert!(
        edited["history"]
            .as_array()
            .expect("history")
            .iter()
            .any(|h| h["text"] == before["text"]),
        "the earlier text is history: {}",
        edited["history"]
    );
    assert!(y2.old_text.len() > 10);
    // a record that is still there is not marked
    assert!(posts
        .iter()
        .filter(|p| p["source"]["absent_since"].is_string())
        .all(|p| p["id"].as_str().is_some_and(|id| id.ends_with(&y2.gone))));

    // the custody log lists both imports in order, with the merge
    let ev = log_events(&a);
    assert_eq!(ev.first().map(String::as_str), Some("received"));
    let merged_at = ev.iter().position(|e| e == "merged").expect("merged event");
    let received: Vec<usize> = ev
        .iter()
        .enumerate()
        .filter(|(_, e)| *e == "received")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(received.len(), 2);
    assert!(received[1] < merged_at);
    let log = fs::read_to_string(a.join("data/log.jsonl")).expect("log");
    assert!(log.contains(second_id) && log.contains(&first_id));
    // the first import's log lines are unchanged at the start of the log
    let merged_line: Value =
        serde_json::from_str(log.lines().nth(merged_at).expect("line")).expect("json");
    assert_eq!(merged_line["records"]["post"]["absent"], 1);

    // the organisation's bag-info fields survive the second import
    let info = fs::read_to_string(a.join("bag-info.txt")).expect("bag-info");
    assert!(info.contains("Source-Organization: Example Town Council"));
    assert!(info.contains("Contact-Email: records@example.org"));
    assert!(info.contains("Payload-Oxum: "));
    assert!(lifeboat(&["verify", s(&a)]).status.success());
}

#[test]
fn audit_reconciles_and_verifies() {
    let dir = TempDir::new("audit");
    let a = dir.join("a");
    assert!(lifeboat(&["import", s(&sample()), "--out", s(&a), "-q"])
        .status
        .success());
    let json = dir.join("audit.json");
    let o = lifeboat(&["audit", s(&a), "--json", s(&json)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let au: Value = serde_json::from_slice(&fs::read(&json).expect("audit")).expect("json");
    assert_eq!(au["verified"], true);
    let meta: Value =
        serde_json::from_slice(&fs::read(a.join("data/lifeboat.json")).expect("meta"))
            .expect("json");
    assert_eq!(au["sources"][0]["sha256"], meta["sources"][0]["sha256"]);
    let rec = au["reconciliation"].as_array().expect("reconciliation");
    assert!(
        rec.iter().any(|r| r["what"]
            .as_str()
            .is_some_and(|w| w.starts_with("manifest.js: "))),
        "manifest.js counts are reconciled: {rec:?}"
    );
    assert!(au["records"]["post"]["total"].as_u64().unwrap_or(0) > 0);
    assert!(au["visibility"]["public"].as_u64().unwrap_or(0) > 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains("verified: yes"));

    // a flipped byte: not verified, exit 1, the file named
    let posts = a.join("data/records/posts.jsonl");
    let mut b = fs::read(&posts).expect("posts");
    b[10] ^= 0x20;
    fs::write(&posts, b).expect("write");
    let o = lifeboat(&["audit", s(&a), "--json", s(&json)]);
    assert_eq!(o.status.code(), Some(1));
    let au: Value = serde_json::from_slice(&fs::read(&json).expect("audit")).expect("json");
    assert_eq!(au["verified"], false);
    assert!(au["problems"].to_string().contains("posts.jsonl"));
}

#[test]
fn a_held_archive_refuses_an_import_and_keeps_its_files() {
    let dir = TempDir::new("hold");
    let y2 = next_year(&dir);
    let a = dir.join("a");
    assert!(lifeboat(&["import", s(&sample()), "--out", s(&a), "-q"])
        .status
        .success());
    let o = lifeboat(&["hold", s(&a), "--reason", "Matter 2026-17: FOIA request"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let info = fs::read_to_string(a.join("bag-info.txt")).expect("bag-info");
    assert!(info.contains("Legal-Hold: yes"));
    assert!(info.contains("Legal-Hold-Reason: Matter 2026-17: FOIA request"));
    assert!(
        lifeboat(&["verify", s(&a)]).status.success(),
        "the bag stays valid"
    );

    let manifest = fs::read_to_string(a.join("manifest-sha256.txt")).expect("manifest");
    let posts = fs::read(a.join("data/records/posts.jsonl")).expect("posts");
    let o = lifeboat(&["import", s(&y2.dump), "--out", s(&a), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("legal hold"), "{err}");
    assert_eq!(
        fs::read(a.join("data/records/posts.jsonl")).expect("posts"),
        posts,
        "no payload file rewritten"
    );
    // only the log may grow (it is append-only): every other manifest line is the same
    let after = fs::read_to_string(a.join("manifest-sha256.txt")).expect("manifest");
    let others = |m: &str| -> Vec<String> {
        m.lines()
            .filter(|l| !l.ends_with("data/log.jsonl"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(others(&manifest), others(&after));
    // a second hold is refused; release is logged, then the import goes through
    assert_eq!(
        lifeboat(&["hold", s(&a), "--reason", "again"])
            .status
            .code(),
        Some(1)
    );
    assert!(lifeboat(&["hold", s(&a), "--release"]).status.success());
    assert!(!fs::read_to_string(a.join("bag-info.txt"))
        .expect("bag-info")
        .contains("Legal-Hold"));
    let o = lifeboat(&["import", s(&y2.dump), "--out", s(&a), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ev = log_events(&a);
    let pos = |name: &str| ev.iter().position(|e| e == name).expect(name);
    assert!(pos("classified") < pos("hold"));
    assert!(pos("hold") < pos("release"));
    assert!(pos("release") < pos("merged"));
    assert!(lifeboat(&["verify", s(&a)]).status.success());
}

#[test]
fn two_imports_and_an_export_are_logged_in_order() {
    let dir = TempDir::new("log");
    let y2 = next_year(&dir);
    let a = dir.join("a");
    assert!(lifeboat(&["import", s(&sample()), "--out", s(&a), "-q"])
        .status
        .success());
    assert!(lifeboat(&["import", s(&y2.dump), "--out", s(&a), "-q"])
        .status
        .success());
    let out = dir.join("export.csv.d");
    let o = lifeboat(&["export", s(&a), "--to", "csv", "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rsmf = dir.join("rsmf");
    let o = lifeboat(&["export", s(&a), "--to", "rsmf", "--out", s(&rsmf)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ev = log_events(&a);
    let seq: Vec<&str> = ev
        .iter()
        .map(String::as_str)
        .filter(|e| matches!(*e, "received" | "merged" | "exported"))
        .collect();
    assert_eq!(
        seq,
        ["received", "received", "merged", "exported", "exported"],
        "{ev:?}"
    );
    let log = fs::read_to_string(a.join("data/log.jsonl")).expect("log");
    let last: Value = serde_json::from_str(log.lines().last().expect("line")).expect("json");
    assert_eq!(last["format"], "rsmf");
    // the log grew, the bag is still valid
    assert!(lifeboat(&["verify", s(&a)]).status.success());
}

#[test]
fn a_list_export_marks_nothing_else_absent() {
    // a Mastodon archive, then the CSV lists of the same account: the lists hold no
    // posts, so no post is marked as gone
    let dir = TempDir::new("lists");
    let a = dir.join("a");
    let m = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples");
    assert!(lifeboat(&[
        "import",
        s(&m.join("archive-2023.zip")),
        "--out",
        s(&a),
        "-q"
    ])
    .status
    .success());
    assert!(
        lifeboat(&["import", s(&m.join("csv")), "--out", s(&a), "-q"])
            .status
            .success()
    );
    let posts = records(&a, "posts");
    assert!(!posts.is_empty());
    assert!(posts.iter().all(|p| p["source"]["absent_since"].is_null()));
}
