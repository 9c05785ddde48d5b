//! Integration tests over the synthetic Twitter/X sample dumps in
//! `formats/twitter/samples/` (one per export generation, described in the README there).
//!
//! Every sample is imported through the public API, once as a folder and once packed
//! into a zip, and the records written to `data/records/*.jsonl` are read back and
//! checked against facts known from the sample files: canonical texts, links, replies,
//! quotes, reposts, note tweets, edits, deletions, media hashes, direct messages, the
//! report's accounting, `archive::verify`, and re-import idempotence.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use lifeboat::archive::Problem;
use lifeboat::report::EntryFate;
use lifeboat::Report;
use serde_json::Value;
use sha2::{Digest, Sha256};

mod common;
use common::TempDir;

const SAMPLES: [&str; 4] = ["g0-classic-2014", "g1-2019", "g2-2021", "g3-2026"];

// ------------------------------------------------------------------ helpers

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/twitter/samples")
        .join(name)
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

/// Every file under `dir`, as (path relative to `dir` with `/`, absolute path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        for e in fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, p));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Pack a sample folder into a zip whose entry names are the paths inside the folder.
fn zip_folder(dir: &Path, zip_path: &Path) {
    zip_folder_under(dir, zip_path, "");
}

/// Pack a sample folder into a zip, every entry name prefixed with `top` (a re-zipped
/// dump with a folder above the archive root).
fn zip_folder_under(dir: &Path, zip_path: &Path, top: &str) {
    let f = fs::File::create(zip_path).expect("create zip");
    let mut z = zip::ZipWriter::new(f);
    for (rel, p) in files_under(dir) {
        z.start_file(
            format!("{top}{rel}"),
            zip::write::SimpleFileOptions::default(),
        )
        .expect("start zip entry");
        z.write_all(&fs::read(&p).expect("read sample file"))
            .expect("write zip entry");
    }
    z.finish().expect("finish zip");
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sha256_of(p: &Path) -> String {
    sha256_hex(&fs::read(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display())))
}

/// Copy a sample folder, to make a variant of it.
fn copy_dir(from: &Path, to: &Path) {
    for (rel, p) in files_under(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        fs::copy(&p, &dest).expect("copy sample file");
    }
}

/// The records of an archive, read back from `data/records/*.jsonl`.
struct Records {
    /// file stem (`posts`, `media`, ...) -> records in file order
    by_file: BTreeMap<String, Vec<Value>>,
}

impl Records {
    fn load(archive: &Path) -> Records {
        let mut by_file = BTreeMap::new();
        let dir = archive.join("data/records");
        for e in fs::read_dir(&dir).expect("data/records exists") {
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
                .enumerate()
                .map(|(i, l)| {
                    serde_json::from_str(l)
                        .unwrap_or_else(|e| panic!("{}:{} is not JSON: {e}", p.display(), i + 1))
                })
                .collect();
            by_file.insert(stem.to_string(), recs);
        }
        Records { by_file }
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

fn post<'a>(r: &'a Records, native: &str) -> &'a Value {
    r.get("posts", &format!("twitter:post:{native}"))
}

fn text(v: &Value) -> &str {
    v["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text in {v}"))
}

/// The code points `[start, end)` of `s`.
fn cp_slice(s: &str, start: u64, end: u64) -> String {
    s.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn entry<'a>(report: &'a Report, path: &str) -> &'a lifeboat::report::EntryReport {
    report
        .entry_list
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("{path} is not in the report's entry list"))
}

/// Import a sample folder into a fresh archive; returns the temp dir (keep it alive),
/// the archive path, the report and the records.
fn import_sample(name: &str) -> (TempDir, PathBuf, Report, Records) {
    let tmp = TempDir::new(name);
    let out = tmp.join("archive");
    let report = import(&sample(name), &out);
    let records = Records::load(&out);
    (tmp, out, report, records)
}

// ------------------------------------------------------------------ every sample

#[test]
fn zip_and_folder_give_the_same_records() {
    for name in SAMPLES {
        let tmp = TempDir::new(name);
        let folder_out = tmp.join("from-folder");
        let zip_path = tmp.join(format!("{name}.zip"));
        let zip_out = tmp.join("from-zip");
        zip_folder(&sample(name), &zip_path);
        let rf = import(&sample(name), &folder_out);
        let rz = import(&zip_path, &zip_out);
        assert_eq!(rf.source.container, "folder", "{name}");
        assert_eq!(rz.source.container, "zip", "{name}");
        assert_eq!(rf.generation, rz.generation, "{name}: generation");
        assert_eq!(
            rf.records, rz.records,
            "{name}: record counts differ between folder and zip"
        );
        assert_eq!(
            rf.entries, rz.entries,
            "{name}: entry counts differ between folder and zip"
        );
        assert_eq!(rf.missing_media, rz.missing_media, "{name}: missing media");
        let (a, b) = (Records::load(&folder_out), Records::load(&zip_out));
        assert!(!a.all_ids().is_empty(), "{name}: no records at all");
        assert_eq!(
            a.all_ids(),
            b.all_ids(),
            "{name}: record ids differ between folder and zip"
        );
        assert_eq!(a.line_counts(), b.line_counts(), "{name}");
        assert!(
            lifeboat::archive::verify(&zip_out).expect("verify").ok(),
            "{name}: zip archive"
        );
    }
}

#[test]
fn reports_balance_and_account_for_every_entry() {
    for name in SAMPLES {
        let (_tmp, _out, report, records) = import_sample(name);
        assert_eq!(report.network, "twitter", "{name}");
        for (kind, c) in &report.records {
            assert_eq!(
                c.read,
                c.converted + c.kept_raw + c.skipped,
                "{name}: {kind} does not balance: {c:?}"
            );
        }
        assert!(report.balanced(), "{name}: report not balanced");
        let files = files_under(&sample(name)).len() as u64;
        let e = &report.entries;
        assert_eq!(
            e.total, files,
            "{name}: entries total vs files in the sample"
        );
        assert_eq!(
            e.total,
            e.parsed + e.media + e.carried + e.ignored,
            "{name}: {e:?}"
        );
        assert_eq!(report.entry_list.len() as u64, files, "{name}");
        assert!(
            report.skips.is_empty(),
            "{name}: unexpected skips {:?}",
            report.skips
        );
        // no record id twice in one file
        for (file, recs) in &records.by_file {
            assert_eq!(
                records.ids(file).len(),
                recs.len(),
                "{name}: duplicate ids in {file}.jsonl"
            );
        }
        // media and the posts/messages/accounts that use them agree
        for file in ["posts", "messages"] {
            for p in records.all(file) {
                for m in p["media"].as_array().into_iter().flatten() {
                    let mid = m.as_str().unwrap_or("");
                    let mr = records.get("media", mid);
                    assert!(
                        mr["attached_to"]
                            .as_array()
                            .is_some_and(|a| a.contains(&p["id"])),
                        "{name}: {mid} is used by {} but attached to {}",
                        p["id"],
                        mr["attached_to"]
                    );
                }
            }
        }
        let record_ids = records.all_ids();
        for m in records.all("media") {
            for a in m["attached_to"].as_array().into_iter().flatten() {
                assert!(
                    record_ids.contains(a.as_str().unwrap_or("")),
                    "{name}: {} is attached to {a}, which is no record",
                    m["id"]
                );
            }
        }
        // exactly one owner account
        let owners = records
            .all("accounts")
            .iter()
            .filter(|a| a["is_owner"] == true)
            .count();
        assert_eq!(owners, 1, "{name}: owner accounts");
    }
}

#[test]
fn verify_passes_then_detects_a_changed_record_file() {
    for name in SAMPLES {
        let (_tmp, out, _report, _records) = import_sample(name);
        let v = lifeboat::archive::verify(&out).expect("verify");
        assert!(
            v.ok(),
            "{name}: fresh archive does not verify: {:?}",
            v.problems
        );
        assert!(v.files > 0, "{name}");
        let posts = out.join("data/records/posts.jsonl");
        let mut bytes = fs::read(&posts).expect("posts.jsonl");
        let i = bytes.len() / 2;
        bytes[i] ^= 0x01;
        fs::write(&posts, &bytes).expect("write posts.jsonl");
        let v = lifeboat::archive::verify(&out).expect("verify");
        assert!(!v.ok(), "{name}: a flipped byte went unnoticed");
        assert!(
            v.problems
                .contains(&Problem::Changed("data/records/posts.jsonl".into())),
            "{name}: {:?}",
            v.problems
        );
    }
}

#[test]
fn reimporting_the_same_dump_changes_nothing() {
    for name in SAMPLES {
        let (_tmp, out, first, before) = import_sample(name);
        let again = import(&sample(name), &out);
        let after = Records::load(&out);
        assert_eq!(
            before.line_counts(),
            after.line_counts(),
            "{name}: line counts changed on re-import"
        );
        assert_eq!(
            before.all_ids(),
            after.all_ids(),
            "{name}: ids changed on re-import"
        );
        assert_eq!(
            first.records, again.records,
            "{name}: report counts changed"
        );
        // nothing became "history" of itself
        for p in after.all("posts") {
            let h = p["history"].as_array().map(Vec::len).unwrap_or(0);
            let was = before.get("posts", p["id"].as_str().unwrap_or(""))["history"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0);
            assert_eq!(h, was, "{name}: {} gained history on re-import", p["id"]);
        }
        let v = lifeboat::archive::verify(&out).expect("verify");
        assert!(
            v.ok(),
            "{name}: merged archive does not verify: {:?}",
            v.problems
        );
    }
}

// ------------------------------------------------------------------ G0 classic 2014

#[test]
fn g0_classic_2014() {
    let (_tmp, out, report, r) = import_sample("g0-classic-2014");
    assert!(report.generation.starts_with("G0"), "{}", report.generation);

    // every tweet once: the CSV repeats them and only cross-checks
    let want: BTreeSet<String> = [
        "449465970805884117",
        "447373517470626017",
        "444922740756134433",
        "443294921882074881",
        "440595508029989047",
        "1107385543",
        "1091862517",
    ]
    .iter()
    .map(|n| format!("twitter:post:{n}"))
    .collect();
    assert_eq!(
        r.ids("posts"),
        want,
        "post ids must be exact (ids above 2^53 are JSON numbers there)"
    );
    assert_eq!(r.all("posts").len(), 7);
    for id in [
        "449465970805884117",
        "447373517470626017",
        "443294921882074881",
    ] {
        let n: u64 = id.parse().unwrap_or(0);
        let rounded = (n as f64) as u64;
        assert_ne!(rounded, n, "test precondition: {id} is not exact as f64");
        assert!(r
            .find("posts", &format!("twitter:post:{rounded}"))
            .is_none());
    }
    let csv = entry(&report, "tweets.csv");
    assert_eq!(csv.fate, EntryFate::Parsed);
    assert_eq!(csv.records, 7, "every CSV row read");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("7 rows repeat tweets") && w.contains("0 rows only in the CSV")),
        "{:?}",
        report.warnings
    );
    assert_eq!(report.records["post"].converted, 7);
    assert!(!report
        .warnings
        .iter()
        .any(|w| w.contains("payload_details.js says") || w.contains("tweet_index.js says")));
    assert_eq!(entry(&report, "index.html").fate, EntryFate::Ignored);

    // &amp; decoded, t.co expanded (indices in code points of the escaped text)
    let link = post(&r, "444922740756134433");
    assert_eq!(
        text(link),
        "Bread & butter pudding for the allotment bake-off: http://www.example.org/recipes/bread-and-butter-pudding #bakeoff"
    );
    assert_eq!(
        link["links"][0]["url"],
        "http://www.example.org/recipes/bread-and-butter-pudding"
    );
    assert_eq!(link["links"][0]["short_url"], "http://t.co/Xk3pQ9mWzA");
    assert_eq!(link["tags"], serde_json::json!(["bakeoff"]));
    assert_eq!(link["created_at"], "2014-03-15T19:47:02Z");
    assert_eq!(link["client"], "web");

    // &lt; decoded, \/ unescaped
    assert_eq!(
        text(post(&r, "440595508029989047")),
        "Moth trap tally: 14 species, best was a Hebrew Character <3 (and/or a Common Quaker)"
    );

    // media link removed; classic archives hold no media files, so no "missing" report
    let photo = post(&r, "447373517470626017");
    assert_eq!(text(photo), "Seed trays are in, labels and all.");
    assert_eq!(
        photo["media"],
        serde_json::json!(["twitter:media:447373506900918273"])
    );
    let m = r.get("media", "twitter:media:447373506900918273");
    assert_eq!(m["kind"], "photo");
    assert_eq!(m["missing"], true);
    assert!(m.get("sha256").is_none());
    assert_eq!(
        m["original_url"],
        "https://pbs.twimg.com/media/BjWq2xYCIAAqZ1r.jpg"
    );
    assert!(
        report.missing_media.is_empty(),
        "{:?}",
        report.missing_media
    );
    assert_eq!(report.repairs.get("classic_media_reference"), Some(&1));

    // reply with an embedded newline; ids from JSON numbers stay exact
    let reply = post(&r, "443294921882074881");
    assert_eq!(
        text(reply),
        "@leeds_buses Is the 49 still on diversion?\nStood at Kirkstall for 20 min now."
    );
    assert_eq!(reply["reply_to"], "twitter:post:443287757368918531");
    assert_eq!(reply["reply_to_account"], "twitter:account:51234987");
    assert_eq!(reply["client"], "Twitter for Android");

    // the retweet carries a full retweeted_status
    let rt = post(&r, "449465970805884117");
    assert_eq!(rt["repost_of"], "twitter:post:449260293206418099");
    assert_eq!(rt["repost_of_account"], "twitter:account:281937465");
    assert!(text(rt).starts_with("RT @mossfield_bee: First bumblebee"));
    let bee = r.get("accounts", "twitter:account:281937465");
    assert_eq!(bee["handle"], "mossfield_bee");

    // date-only tweets of 2009, \uXXXX escapes decoded
    let ny = post(&r, "1091862517");
    assert_eq!(ny["created_at"], "2009-01-01T00:00:00Z");
    assert_eq!(
        text(ny),
        "Happy new year from a frosty allotment \u{2744} \u{2014} the leeks survived!"
    );
    assert_eq!(
        text(post(&r, "1107385543")),
        "Caf\u{e9} shut, so tea at the library instead."
    );

    // the owner, from user_details.js
    let me = r.get("accounts", "twitter:account:15823412");
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["handle"], "adaquill");
    assert_eq!(me["display_name"], "Ada Quill");
    assert_eq!(me["website"], "http://adaquill.example.net");
    assert_eq!(me["created_at"], "2008-07-22T09:14:03Z");
    assert_eq!(
        me["bio"],
        "Allotment notes, bus timetables and the occasional moth. Caf\u{e9} regular."
    );
    for p in r.all("posts") {
        assert_eq!(p["author"], "twitter:account:15823412");
    }
    assert!(out.join("data/lifeboat.json").is_file());
}

#[test]
fn g0_user_details_leftovers_are_kept_under_a_named_key() {
    // user_details.js fields lifeboat does not map (`url`, `display_url`) must land in
    // the owner's ext under a real key, like `payload_details` does, not under "".
    let (_tmp, _out, _report, r) = import_sample("g0-classic-2014");
    let me = r.get("accounts", "twitter:account:15823412");
    let ext = me["ext"].as_object().expect("owner ext");
    assert!(ext.contains_key("payload_details"));
    assert!(
        !ext.contains_key(""),
        "owner ext has an empty key: {}",
        me["ext"]
    );
    assert!(
        me["ext"].to_string().contains("http://t.co/Qa7LmN2pXe"),
        "t.co form of the website kept"
    );
}

#[test]
fn post_times_keep_their_original_form() {
    // model: "when the source string was not already RFC 3339 UTC it is kept in
    // raw_times under the field's name" — accounts and CSV posts do it, tweets must too.
    let (_tmp, _out, _report, r) = import_sample("g0-classic-2014");
    let ny = post(&r, "1091862517");
    assert_eq!(
        ny["raw_times"]["created_at"], "2009-01-01 00:00:00 +0000",
        "G0 date-only created_at lost its original form: {ny}"
    );
    let (_tmp, _out, _report, r) = import_sample("g3-2026");
    let del = post(&r, "2022015261950922960");
    assert_eq!(
        del["raw_times"]["deleted_at"], "Thu Feb 12 18:31:09 +0000 2026",
        "{del}"
    );
    assert_eq!(
        del["raw_times"]["created_at"], "Thu Feb 12 18:29:40 +0000 2026",
        "{del}"
    );
}

// ------------------------------------------------------------------ G1 2019

#[test]
fn g1_2019() {
    let (_tmp, _out, report, r) = import_sample("g1-2019");
    assert!(
        report.generation.starts_with("G1"),
        "bare tweet objects are G1: {}",
        report.generation
    );
    assert_eq!(r.all("posts").len(), 4);
    for e in &report.entry_list {
        assert_eq!(
            e.fate,
            EntryFate::Parsed,
            "{} (files at the root, no data/)",
            e.path
        );
    }

    let run = post(&r, "1139840600561152160");
    assert_eq!(
        text(run),
        "Finished the 10k in 52:10 & only walked up the one hill \u{1F3C3} #parkrun"
    );
    assert_eq!(run["tags"], serde_json::json!(["parkrun"]));
    assert_eq!(run["metrics"]["likes"], 2, "counts are strings in the file");
    assert_eq!(run["created_at"], "2019-06-15T10:22:31Z");
    assert_eq!(run["lang"], "en");

    let reply = post(&r, "1140237611282117572");
    assert_eq!(text(reply), "@kestrel_runs See you at the start line <3");
    assert_eq!(reply["reply_to"], "twitter:post:1140235532337418804");
    assert_eq!(reply["reply_to_account"], "twitter:account:2877461120");

    let link = post(&r, "1145030031945267729");
    assert_eq!(
        text(link),
        "Route for Sunday, 21k along the river: https://www.example.com/routes/riverside-loop-21k"
    );

    // text-only retweet: the original id is lost, the author is known
    let rt = post(&r, "1145939090328375490");
    assert!(rt.get("repost_of").is_none(), "{rt}");
    assert_eq!(rt["repost_of_account"], "twitter:account:2877461120");
    assert!(rt.get("quote_of").is_none());

    let me = r.get("accounts", "twitter:account:3390194011");
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["handle"], "botamsin");
    assert_eq!(me["created_at"], "2015-08-24T17:02:41Z");

    // accountId-only follower/following files
    let rel = r.ids("relationships");
    for id in [
        "twitter:relationship:follower/3390194011/2877461120",
        "twitter:relationship:follower/3390194011/4410923871",
        "twitter:relationship:following/3390194011/2877461120",
        "twitter:relationship:following/3390194011/717203945",
    ] {
        assert!(rel.contains(id), "{id} missing from {rel:?}");
    }
    let like = r.get(
        "reactions",
        "twitter:reaction:like/3390194011/1141766419248097962",
    );
    assert_eq!(like["kind"], "like");
    assert_eq!(like["target"], "twitter:post:1141766419248097962");
    assert_eq!(
        like["target_text"],
        "Track session tonight: 6 x 800m & a cool-down jog"
    );
    let like2 = r.get(
        "reactions",
        "twitter:reaction:like/3390194011/1139102947566026753",
    );
    assert!(
        like2.get("target_text").is_none(),
        "no fullText for an unavailable tweet"
    );
}

// ------------------------------------------------------------------ G2 2021

#[test]
fn g2_2021() {
    let (_tmp, out, report, r) = import_sample("g2-2021");
    let root = sample("g2-2021");
    assert!(report.generation.starts_with("G2"), "{}", report.generation);
    assert!(
        report.warnings.is_empty(),
        "manifest counts match: {:?}",
        report.warnings
    );
    assert_eq!(entry(&report, "data/tweet.js").records, 3);
    assert_eq!(entry(&report, "data/tweet-part1.js").records, 2);
    assert_eq!(r.all("posts").len(), 5);
    let me = "1089254577066216497";

    // photo: link removed, the file stored and hashed
    let photo = post(&r, "1390957836393099939");
    assert_eq!(text(photo), "Repotted the fig. Roots everywhere!");
    assert_eq!(
        photo["media"],
        serde_json::json!(["twitter:media:1390957813324316738"])
    );
    let m = r.get("media", "twitter:media:1390957813324316738");
    let file = root.join("data/tweet_media/1390957836393099939-E0dK3fWXoAIu7Qa.jpg");
    assert_eq!(m["sha256"], sha256_of(&file));
    assert_eq!(
        m["bytes"],
        fs::metadata(&file).map(|x| x.len()).unwrap_or(0)
    );
    assert_eq!(
        m["original_path"],
        "data/tweet_media/1390957836393099939-E0dK3fWXoAIu7Qa.jpg"
    );
    assert_eq!(
        m["attached_to"],
        serde_json::json!(["twitter:post:1390957836393099939"])
    );
    assert!(m.get("missing").is_none());
    let stored = out.join(m["path"].as_str().expect("media path"));
    assert_eq!(
        sha256_of(&stored),
        sha256_of(&file),
        "stored copy is the file"
    );

    let reply = post(&r, "1390351232174055888");
    assert_eq!(reply["reply_to"], "twitter:post:1390345654278090767");
    assert_eq!(reply["reply_to_account"], "twitter:account:9817263540");

    let quote = post(&r, "1388766671262499024");
    assert_eq!(quote["quote_of"], "twitter:post:1388453282837498379");
    assert!(quote.get("repost_of").is_none());
    assert_eq!(
        text(quote),
        "This is the best thread on pruning I have read all year https://twitter.com/ferngully_jo/status/1388453282837498379"
    );

    let rt = post(&r, "1384412773475394483");
    assert!(text(rt).starts_with("RT @kew_gardens_fan: The magnolias"));
    assert!(
        rt.get("repost_of").is_none(),
        "text-only retweet: original id not in the archive"
    );
    assert_eq!(rt["repost_of_account"], "twitter:account:744553219");
    assert!(rt.get("quote_of").is_none());

    assert_eq!(
        text(post(&r, "1381238135828009056")),
        "Compost temperature today: 58\u{b0}C > yesterday's 51\u{b0}C. It's working."
    );

    // one-to-one conversation
    let conv_id = format!("twitter:conversation:9817263540-{me}");
    let conv = r.get("conversations", &conv_id);
    assert_eq!(conv["message_count"], 4);
    assert!(conv.get("group").is_none());
    let parts: BTreeSet<&str> = conv["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        parts,
        BTreeSet::from([
            "twitter:account:9817263540",
            "twitter:account:1089254577066216497"
        ])
    );

    let m1 = r.get("messages", "twitter:message:1391452917419999489");
    assert_eq!(text(m1), "Hi Corin! How's the fig doing?");
    assert_eq!(m1["sender"], "twitter:account:9817263540");
    assert_eq!(
        m1["recipients"],
        serde_json::json!([format!("twitter:account:{me}")])
    );
    assert_eq!(m1["conversation"], conv_id.as_str());
    assert_eq!(m1["sent_at"], "2021-05-09T18:00:02.115Z");

    let m2 = r.get("messages", "twitter:message:1391454084338287106");
    assert_eq!(
        text(m2),
        "Try this feed & see: https://www.example.org/feeds/fig-feed?size=small&ref=dm"
    );
    assert_eq!(
        m2["links"][0]["url"],
        "https://www.example.org/feeds/fig-feed?size=small&ref=dm"
    );
    assert_eq!(m2["links"][0]["short_url"], "https://t.co/Vb8nK3sLq1");

    let m3 = r.get("messages", "twitter:message:1391454220950962947");
    assert_eq!(text(m3), "Ha, that's brilliant");
    let react = r.get("reactions", "twitter:reaction:dm/1391454422701180165");
    assert_eq!(react["kind"], "emoji");
    assert_eq!(react["emoji"], "funny");
    assert_eq!(react["actor"], format!("twitter:account:{me}").as_str());
    assert_eq!(react["target"], "twitter:message:1391454220950962947");
    assert_eq!(react["created_at"], "2021-05-09T18:06:01.002Z");

    let m4 = r.get("messages", "twitter:message:1391455406156416004");
    assert_eq!(
        text(m4),
        "Here's the fig now",
        "the media link is removed from the text"
    );
    assert!(
        m4.get("links").is_none(),
        "a media link is not a link: {m4}"
    );
    assert_eq!(
        m4["media"],
        serde_json::json!(["twitter:media:dm/1391455406156416004/0"])
    );
    let dm_media = r.get("media", "twitter:media:dm/1391455406156416004/0");
    let dm_file = root.join("data/direct_messages_media/1391455406156416004-Hq2Lm9Xa.jpg");
    assert_eq!(dm_media["sha256"], sha256_of(&dm_file));
    assert_eq!(
        dm_media["attached_to"],
        serde_json::json!(["twitter:message:1391455406156416004"])
    );

    // group conversation: two renames, the latest name wins (messages are newest first)
    let g = r.get("conversations", "twitter:conversation:1376836597969848183");
    assert_eq!(g["group"], true);
    assert_eq!(g["title"], "Allotment Society \u{1F331}");
    // two messages and four system events (join, two renames, leave), which the
    // export lists among the messages and which are messages of the timeline too
    assert_eq!(g["message_count"], 6);
    let system: Vec<(&str, &str)> = r
        .all("messages")
        .iter()
        .filter(|m| m["conversation"] == "twitter:conversation:1376836597969848183")
        .filter_map(|m| Some((m["ext"]["system_event"].as_str()?, m["text"].as_str()?)))
        .collect();
    assert_eq!(system.len(), 4);
    assert!(system
        .iter()
        .any(|(k, t)| *k == "conversationNameUpdate" && t.contains("Allotment Society")));
    let kinds: Vec<&str> = g["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["join", "rename", "rename", "leave"], "oldest first");
    assert_eq!(
        g["events"][3]["accounts"],
        serde_json::json!(["twitter:account:783214"])
    );
    assert_eq!(g["participants"].as_array().map(Vec::len), Some(3));
    let gm = r.get("messages", "twitter:message:1377916505840160769");
    assert_eq!(
        gm["conversation"],
        "twitter:conversation:1376836597969848183"
    );
    assert_eq!(gm["sender"], "twitter:account:1205400577740153266");

    // the unknown data file is carried verbatim
    let ad = entry(&report, "data/ad-engagements.js");
    assert_eq!(ad.fate, EntryFate::Carried);
    let carried: Vec<PathBuf> = files_under(&out.join("data/sources"))
        .into_iter()
        .filter(|(rel, _)| rel.ends_with("/data/ad-engagements.js"))
        .map(|(_, p)| p)
        .collect();
    assert_eq!(carried.len(), 1, "data/sources/<id>/data/ad-engagements.js");
    assert_eq!(
        sha256_of(&carried[0]),
        sha256_of(&root.join("data/ad-engagements.js"))
    );

    // the owner; profile links are t.co with no expansion anywhere
    let owner = r.get("accounts", &format!("twitter:account:{me}"));
    assert_eq!(owner["is_owner"], true);
    assert_eq!(owner["handle"], "corinvelde");
    assert_eq!(owner["website"], "https://t.co/Wb5Sx2Yz7Q");
    assert_eq!(owner["location"], "Utrecht");
    let rel = r.ids("relationships");
    for id in [
        format!("twitter:relationship:block/{me}/1377220871123456000"),
        format!("twitter:relationship:mute/{me}/2209844551"),
        format!("twitter:relationship:follower/{me}/9817263540"),
        format!("twitter:relationship:following/{me}/744553219"),
    ] {
        assert!(rel.contains(&id), "{id} missing from {rel:?}");
    }
    let like = r.get(
        "reactions",
        &format!("twitter:reaction:like/{me}/1390748094307569937"),
    );
    assert_eq!(
        like["target_text"],
        "Fig leaves > any other leaves. Fight me."
    );
}

// ------------------------------------------------------------------ G3 2026

const G3_ME: &str = "1521783640278851584";
const G3_NOTE_TEXT: &str = "Harbour notes #WhitbyTides: the east pier walk is open again & the steps by the lifeboat station are fixed. Winter tide tables <approx.> are posted at the kiosk and online, and the council says the swing bridge timings won't change before March. I asked about the sand at the river mouth and was told it's checked weekly. Full notes: https://t.co/Nt6Wq2Lp9x via @whitby_harbour \u{2014} italic parts are my guesses.";

#[test]
fn g3_2026() {
    let (_tmp, out, report, r) = import_sample("g3-2026");
    let root = sample("g3-2026");
    assert!(report.generation.starts_with("G3"), "{}", report.generation);
    assert!(
        report.warnings.is_empty(),
        "manifest and tweet-headers counts match: {:?}",
        report.warnings
    );
    assert_eq!(entry(&report, "data/tweets.js").records, 6);
    assert_eq!(entry(&report, "data/tweets-part1.js").records, 2);
    assert_eq!(entry(&report, "data/tweet-headers.js").records, 8);
    assert_eq!(
        entry(&report, "data/deleted-note-tweet.js").fate,
        EntryFate::Parsed,
        "`[ ]` is a valid empty file"
    );

    let want: BTreeSet<String> = [
        "2012828791285530816", // community
        "2022015261950922960", // deleted
        "1973722682339893038", // chips
        "1991592915863920880", // thread reply, same second as the note head
        "1991592913074766547", // note head
        "1985240074983381521", // emoji + link
        "1983439671664856398", // video, file missing
        "1982844872666837730", // photo, file present
        "1988517952542122674", // edit chain, by its initial id
    ]
    .iter()
    .map(|n| format!("twitter:post:{n}"))
    .collect();
    assert_eq!(r.ids("posts"), want);

    // note tweet joined to its head (snowflake rule + prefix), not to the same-second reply
    let head = post(&r, "1991592913074766547");
    let full = G3_NOTE_TEXT.replace(
        "https://t.co/Nt6Wq2Lp9x",
        "https://www.example.org/whitby/harbour-notes-november",
    );
    assert_eq!(
        text(head),
        full,
        "the head's text is the note's full text, not HTML-escaped, link expanded"
    );
    assert_eq!(
        head["ext"]["note_tweet"]["noteTweetId"],
        "1991592912978223280"
    );
    assert_eq!(head["tags"], serde_json::json!(["WhitbyTides"]));
    assert_eq!(head["mentions"][0]["handle"], "whitby_harbour");
    assert!(head["links"].as_array().is_some_and(|l| l
        .iter()
        .any(|x| x["url"] == "https://www.example.org/whitby/harbour-notes-november")));
    let styles = head["styles"].as_array().expect("styles from styletags");
    assert_eq!(styles.len(), 2);
    let t = text(head);
    let span = |s: &Value| {
        cp_slice(
            t,
            s["start"].as_u64().unwrap_or(0),
            s["end"].as_u64().unwrap_or(0),
        )
    };
    assert_eq!(styles[0]["style"], "bold");
    assert_eq!(span(&styles[0]), "the east pier walk is open again");
    assert_eq!(styles[1]["style"], "italic");
    assert_eq!(
        span(&styles[1]),
        "italic parts are my guesses",
        "style after the expanded link is shifted"
    );
    let thread = post(&r, "1991592915863920880");
    assert_eq!(
        text(thread),
        "2/2 Short version for the pier: open, dry, and the chips van is back."
    );
    assert!(
        thread["ext"].get("note_tweet").is_none(),
        "same-second reply must not get the note"
    );
    assert!(thread.get("styles").is_none());
    assert_eq!(thread["reply_to"], "twitter:post:1991592913074766547");
    assert_eq!(
        thread["reply_to_account"],
        format!("twitter:account:{G3_ME}").as_str()
    );
    assert!(
        !r.all("posts")
            .iter()
            .any(|p| p["id"].as_str().is_some_and(|s| s.contains("note-"))),
        "no orphan note"
    );

    // edit chain folded into one post under the initial id
    let ed = post(&r, "1988517952542122674");
    assert!(
        r.find("posts", "twitter:post:1988518571575325635")
            .is_none(),
        "later version is not a post of its own"
    );
    assert_eq!(
        text(ed),
        "Ferry timetable for the summer is out: sailings every 40 minutes from 1 June."
    );
    assert_eq!(ed["created_at"], "2025-11-12T08:03:19Z");
    assert_eq!(ed["edited_at"], "2025-11-12T08:05:47Z");
    let hist = ed["history"].as_array().expect("history");
    assert_eq!(hist.len(), 1);
    assert_eq!(hist[0]["native_id"], "1988517952542122674");
    assert_eq!(
        hist[0]["text"],
        "Ferry timetable for the summer is out: sailings every 45 minutes from 1 June."
    );
    assert_eq!(
        ed["ext"]["edit_versions"],
        serde_json::json!(["1988517952542122674", "1988518571575325635"])
    );

    // astral-plane emoji before a t.co link: code-point indices, &gt; decoded
    assert_eq!(
        text(post(&r, "1985240074983381521")),
        "Low tide > high drama \u{1F30A}\u{1F41A} https://www.example.org/tides/2025-11-03"
    );

    // the video: link removed, mp4 missing and named
    let video = post(&r, "1983439671664856398");
    assert_eq!(text(video), "Seals on the sandbank this morning");
    assert_eq!(
        video["media"],
        serde_json::json!(["twitter:media:1983439618778857489"])
    );
    let vm = r.get("media", "twitter:media:1983439618778857489");
    assert_eq!(vm["kind"], "video");
    assert_eq!(vm["missing"], true);
    assert!(vm.get("sha256").is_none());
    assert!(
        vm["original_url"]
            .as_str()
            .is_some_and(|u| u.contains("/720x1280/Pq8Rs2Tu4Vw6Xy0Z.mp4")),
        "best variant"
    );
    assert_eq!(report.missing_media_count, 1);
    assert_eq!(report.missing_media.len(), 1);
    assert!(
        report.missing_media[0]
            .contains("data/tweets_media/1983439671664856398-Pq8Rs2Tu4Vw6Xy0Z.mp4"),
        "{:?}",
        report.missing_media
    );

    // the photo that is there
    let photo = post(&r, "1982844872666837730");
    assert_eq!(text(photo), "Harbour wall after the storm");
    let pm = r.get("media", "twitter:media:1982844844241846306");
    let pfile = root.join("data/tweets_media/1982844872666837730-Gx7Hk2LmQaAbC3d.jpg");
    assert_eq!(pm["sha256"], sha256_of(&pfile));
    assert_eq!(pm["mime"], "image/jpeg");
    assert_eq!(
        pm["original_path"],
        "data/tweets_media/1982844872666837730-Gx7Hk2LmQaAbC3d.jpg"
    );
    assert_eq!(
        sha256_of(&out.join(pm["path"].as_str().expect("path"))),
        sha256_of(&pfile)
    );

    // deleted tweet with its media from deleted_tweets_media/
    let del = post(&r, "2022015261950922960");
    assert_eq!(del["deleted_at"], "2026-02-12T18:31:09Z");
    assert_eq!(text(del), "Wrong photo, sorry!");
    let dm = r.get("media", "twitter:media:2022015222805430323");
    assert_eq!(
        dm["sha256"],
        sha256_of(&root.join("data/deleted_tweets_media/2022015261950922960-Hd2Pq7ZxYw4Ab9K.jpg"))
    );
    for p in r.all("posts") {
        if p["id"] != "twitter:post:2022015261950922960" {
            assert!(p.get("deleted_at").is_none(), "{} is not deleted", p["id"]);
        }
    }

    // community tweet, merged in
    let com = post(&r, "2012828791285530816");
    assert_eq!(com["community"], "1610983309786943488");
    assert_eq!(
        text(com),
        "Anyone know if the 93 bus still runs on Sundays?"
    );

    let chips = post(&r, "1973722682339893038");
    assert_eq!(
        chips["mentions"][0]["account"],
        "twitter:account:1493817266610241537"
    );
    assert_eq!(chips["tags"], serde_json::json!(["Whitby"]));
    assert_eq!(
        chips["url"],
        "https://twitter.com/dagnyorr/status/1973722682339893038"
    );

    // owner: account, profile, verified, screen-name change, avatar file
    let me = r.get("accounts", &format!("twitter:account:{G3_ME}"));
    assert_eq!(me["is_owner"], true);
    assert_eq!(me["handle"], "dagnyorr");
    assert_eq!(me["verified"], false);
    assert_eq!(me["location"], "Whitby");
    assert_eq!(me["handle_history"][0]["from"], "dagny_o");
    assert_eq!(me["handle_history"][0]["to"], "dagnyorr");
    assert_eq!(
        me["handle_history"][0]["changed_at"],
        "2023-04-02T11:20:45Z"
    );
    let avatar = r.get(
        "media",
        &format!("twitter:media:file/profile_media/{G3_ME}-Av4Tq8Lm.jpg"),
    );
    assert_eq!(
        avatar["attached_to"],
        serde_json::json!([format!("twitter:account:{G3_ME}")])
    );
    assert_eq!(
        avatar["sha256"],
        sha256_of(&root.join(format!("data/profile_media/{G3_ME}-Av4Tq8Lm.jpg")))
    );

    // graph, lists, likes
    let rel = r.ids("relationships");
    for id in [
        format!("twitter:relationship:follower/{G3_ME}/1493817266610241537"),
        format!("twitter:relationship:following/{G3_ME}/2951102264"),
        format!("twitter:relationship:block/{G3_ME}/1955510732108173312"),
        format!("twitter:relationship:mute/{G3_ME}/880129455"),
        format!("twitter:relationship:list_member/{G3_ME}/list-1634912345678901234"),
    ] {
        assert!(rel.contains(&id), "{id} missing from {rel:?}");
    }
    let list = r.get(
        "relationships",
        &format!("twitter:relationship:list_member/{G3_ME}/list-1634912345678901234"),
    );
    assert_eq!(
        list["object"],
        "https://twitter.com/i/lists/1634912345678901234"
    );
    let like = r.get(
        "reactions",
        &format!("twitter:reaction:like/{G3_ME}/2017887939207401616"),
    );
    assert_eq!(
        like["target_text"],
        "Storm warning: waves > 4m on the east pier tonight https://t.co/Sw4Rn1Ng8p"
    );

    // XChat: the message is encrypted, the read marker is kept raw
    let x = r.get("messages", "twitter:message:2021317120716992624");
    assert_eq!(x["encrypted"], true);
    assert_eq!(x["text"], "");
    assert_eq!(x["sent_at"], "2026-02-10T20:15:30.492Z");
    assert_eq!(
        x["conversation"],
        format!("twitter:conversation:2951102264-{G3_ME}").as_str()
    );
    assert_eq!(report.records["message"].kept_raw, 1);
    let raw =
        fs::read_to_string(out.join("data/raw/messages.jsonl")).expect("data/raw/messages.jsonl");
    assert!(raw.contains("markConversationReadEvent"));
    r.get(
        "conversations",
        &format!("twitter:conversation:2951102264-{G3_ME}"),
    );

    // unknown file carried, viewer ignored
    assert_eq!(
        entry(&report, "data/grok-chat-item.js").fate,
        EntryFate::Carried
    );
    assert!(files_under(&out.join("data/sources"))
        .iter()
        .any(|(rel, _)| rel.ends_with("/data/grok-chat-item.js")));
    assert_eq!(entry(&report, "Your archive.html").fate, EntryFate::Ignored);
    assert_eq!(entry(&report, "assets/js/app.js").fate, EntryFate::Ignored);
    assert_eq!(
        entry(
            &report,
            "data/tweets_media/1982844872666837730-Gx7Hk2LmQaAbC3d.jpg"
        )
        .fate,
        EntryFate::Media
    );
}

#[test]
fn g3_xchat_conversation_lists_both_participants() {
    // The 1:1 XChat conversation "2951102264-<owner>" has events from both people
    // (a messageCreateEvent by the owner, a markConversationReadEvent by 2951102264).
    let (_tmp, _out, _report, r) = import_sample("g3-2026");
    let c = r.get(
        "conversations",
        &format!("twitter:conversation:2951102264-{G3_ME}"),
    );
    let parts: BTreeSet<&str> = c["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        parts,
        BTreeSet::from([
            "twitter:account:2951102264",
            "twitter:account:1521783640278851584"
        ]),
        "{c}"
    );
}

#[test]
fn g3_post_read_count_includes_every_version_read() {
    // posts read from the dump: 6 (tweets.js) + 2 (tweets-part1.js) + 1 deleted + 1
    // community + 1 note tweet = 11. The joined note is counted (read and converted
    // into its head); the earlier version of the edited tweet must be counted too.
    let (_tmp, _out, report, _r) = import_sample("g3-2026");
    let c = report.records["post"];
    let from_entries: u64 = [
        "data/tweets.js",
        "data/tweets-part1.js",
        "data/deleted-tweets.js",
        "data/community-tweet.js",
        "data/note-tweet.js",
    ]
    .iter()
    .map(|p| entry(&report, p).records)
    .sum();
    assert_eq!(from_entries, 11);
    assert_eq!(c.read, from_entries, "post counts {c:?}");
}

// ------------------------------------------------------------------ variants made at run time

#[test]
fn g0_csv_rows_missing_from_the_month_files_are_imported() {
    // A classic archive cut short: the 2014_03 month file is gone, tweets.csv still
    // has its rows. Those rows become posts (same ids), the rest stay cross-checks.
    let tmp = TempDir::new("g0-csv");
    let dump = tmp.join("dump");
    copy_dir(&sample("g0-classic-2014"), &dump);
    fs::remove_file(dump.join("data/js/tweets/2014_03.js")).expect("remove month file");
    let out = tmp.join("archive");
    let report = import(&dump, &out);
    let r = Records::load(&out);
    assert!(report.generation.starts_with("G0"));
    assert_eq!(
        r.all("posts").len(),
        7,
        "5 posts from the CSV, 2 from 2009_01.js"
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("2 rows repeat tweets") && w.contains("5 rows only in the CSV")),
        "{:?}",
        report.warnings
    );
    let link = post(&r, "444922740756134433");
    assert_eq!(
        text(link),
        "Bread & butter pudding for the allotment bake-off: http://www.example.org/recipes/bread-and-butter-pudding #bakeoff"
    );
    assert_eq!(link["created_at"], "2014-03-15T19:47:02Z");
    let reply = post(&r, "443294921882074881");
    assert_eq!(
        text(reply),
        "@leeds_buses Is the 49 still on diversion?\nStood at Kirkstall for 20 min now."
    );
    assert_eq!(reply["reply_to"], "twitter:post:443287757368918531");
    let rt = post(&r, "449465970805884117");
    assert_eq!(rt["repost_of"], "twitter:post:449260293206418099");
    assert_eq!(rt["repost_of_account"], "twitter:account:281937465");
    assert_eq!(rt["client"], "Twitter for Android");
    for (kind, c) in &report.records {
        assert!(c.balanced(), "{kind}: {c:?}");
    }
}

#[test]
fn g0_csv_rows_drop_their_media_link() {
    // Same cut archive: the photo tweet's only link is its own /photo/1 page, a media
    // link. Post.text is "trailing media links removed" — as the month-file path does.
    let tmp = TempDir::new("g0-csv-media");
    let dump = tmp.join("dump");
    copy_dir(&sample("g0-classic-2014"), &dump);
    fs::remove_file(dump.join("data/js/tweets/2014_03.js")).expect("remove month file");
    let out = tmp.join("archive");
    import(&dump, &out);
    let r = Records::load(&out);
    assert_eq!(
        text(post(&r, "447373517470626017")),
        "Seed trays are in, labels and all."
    );
}

/// Rewrite a `.js` data file of a dump (`<prefix> = <JSON>`) through a function on its JSON.
fn edit_js(path: &Path, f: impl FnOnce(&mut Value)) {
    let s = fs::read_to_string(path).expect("data file");
    let (prefix, json) = s.split_once('=').expect("<prefix> = <JSON>");
    let mut v: Value = serde_json::from_str(json.trim()).expect("JSON after the first =");
    f(&mut v);
    let out = format!(
        "{} = {}",
        prefix.trim_end(),
        serde_json::to_string_pretty(&v).expect("json")
    );
    fs::write(path, out).expect("write data file");
}

fn edit_manifest(dump: &Path, f: impl FnOnce(&mut Value)) {
    edit_js(&dump.join("data/manifest.js"), f);
}

#[test]
fn g3_manifest_count_mismatch_is_reported() {
    let tmp = TempDir::new("g3-manifest");
    let dump = tmp.join("dump");
    copy_dir(&sample("g3-2026"), &dump);
    edit_manifest(&dump, |v| {
        v["dataTypes"]["tweets"]["files"][0]["count"] = Value::from("7")
    });
    let report = import(&dump, &tmp.join("archive"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("data/tweets.js") && w.contains("7") && w.contains("6")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn g3_manifest_file_missing_from_the_dump_is_reported() {
    // manifest.js lists data/tweets-part1.js (2 tweets); the dump lacks it. The
    // report must name the missing part (tweet-headers.js only says "8 vs 6").
    let tmp = TempDir::new("g3-missing-part");
    let dump = tmp.join("dump");
    copy_dir(&sample("g3-2026"), &dump);
    fs::remove_file(dump.join("data/tweets-part1.js")).expect("remove part1");
    let report = import(&dump, &tmp.join("archive"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("tweets-part1.js")),
        "no warning names the missing part: {:?}",
        report.warnings
    );
}

#[test]
fn g3_edited_photo_tweet_keeps_its_media_attached() {
    // Variant: both versions of the edited tweet carry the same photo (same media id),
    // each version's file is in tweets_media/. After folding, the post (id of the
    // initial version, text of the newest) must list media whose records are attached
    // to that post — not to the later version's id, which is no post.
    let (v1, v2) = ("1988517952542122674", "1988518571575325635");
    let tmp = TempDir::new("g3-edit-media");
    let dump = tmp.join("dump");
    copy_dir(&sample("g3-2026"), &dump);
    let photo = |tid: &str| {
        serde_json::json!({
            "expanded_url": format!("https://x.com/dagnyorr/status/{tid}/photo/1"),
            "indices": ["78", "101"],
            "url": "https://t.co/Fy8Ed1Tp3x",
            "media_url": "http://pbs.twimg.com/media/G5tFerryTblAx2Q.jpg",
            "id_str": "1988517930119303168",
            "id": "1988517930119303168",
            "media_url_https": "https://pbs.twimg.com/media/G5tFerryTblAx2Q.jpg",
            "type": "photo",
            "display_url": "pic.x.com/Fy8Ed1Tp3x"
        })
    };
    for (file, tid) in [("data/tweets.js", v2), ("data/tweets-part1.js", v1)] {
        edit_js(&dump.join(file), |v| {
            for item in v.as_array_mut().into_iter().flatten() {
                let t = &mut item["tweet"];
                if t["id_str"] == tid {
                    let text = format!(
                        "{} https://t.co/Fy8Ed1Tp3x",
                        t["full_text"].as_str().unwrap_or("")
                    );
                    t["full_text"] = Value::from(text);
                    t["entities"]["media"] = serde_json::json!([photo(tid)]);
                    t["extended_entities"] = serde_json::json!({ "media": [photo(tid)] });
                }
            }
        });
        let jpg = fs::read(dump.join("data/tweets_media/1982844872666837730-Gx7Hk2LmQaAbC3d.jpg"))
            .expect("jpg");
        fs::write(
            dump.join(format!("data/tweets_media/{tid}-G5tFerryTblAx2Q.jpg")),
            jpg,
        )
        .expect("write jpg");
    }
    let out = tmp.join("archive");
    let report = import(&dump, &out);
    let r = Records::load(&out);
    assert!(
        !report
            .missing_media
            .iter()
            .any(|m| m.contains("G5tFerryTblAx2Q")),
        "{:?}",
        report.missing_media
    );
    let ed = post(&r, v1);
    assert_eq!(
        text(ed),
        "Ferry timetable for the summer is out: sailings every 40 minutes from 1 June."
    );
    assert_eq!(
        ed["history"][0]["text"],
        "Ferry timetable for the summer is out: sailings every 45 minutes from 1 June."
    );
    let media = ed["media"]
        .as_array()
        .expect("the edited post keeps its photo");
    assert_eq!(media.len(), 1);
    let m = r.get("media", media[0].as_str().unwrap_or(""));
    assert!(m.get("sha256").is_some(), "{m}");
    assert_eq!(
        m["attached_to"],
        serde_json::json!([format!("twitter:post:{v1}")]),
        "media of the folded post must be attached to it: {m}"
    );
}

#[test]
fn g3_rezipped_under_a_top_folder_reads_the_same() {
    // A user re-zips the unpacked archive: every entry is below `twitter-2026-02-20/`.
    let tmp = TempDir::new("g3-top");
    let zip_path = tmp.join("rezipped.zip");
    zip_folder_under(&sample("g3-2026"), &zip_path, "twitter-2026-02-20/");
    let out = tmp.join("archive");
    let report = import(&zip_path, &out);
    let (_t2, _o2, plain, plain_records) = import_sample("g3-2026");
    let r = Records::load(&out);
    assert!(report.generation.starts_with("G3"), "{}", report.generation);
    for file in [
        "posts",
        "messages",
        "conversations",
        "relationships",
        "reactions",
        "accounts",
    ] {
        assert_eq!(r.ids(file), plain_records.ids(file), "{file}");
    }
    assert_eq!(report.records, plain.records);
    assert!(
        report.warnings.is_empty(),
        "manifest counts still match: {:?}",
        report.warnings
    );
    assert_eq!(
        entry(&report, "twitter-2026-02-20/Your archive.html").fate,
        EntryFate::Ignored
    );
    assert_eq!(
        entry(&report, "twitter-2026-02-20/assets/js/app.js").fate,
        EntryFate::Ignored,
        "viewer script below a top folder is still the viewer, not a data file"
    );
    assert_eq!(
        report.entries.carried, plain.entries.carried,
        "only grok-chat-item.js is carried"
    );
}
