//! The command line on real fixtures and on hostile dumps.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lifeboat"))
}

struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "lifeboat-test-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn reference(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(p)
}

fn write_zip(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        z.start_file(*name, o).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
}

fn import(dump: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut c = bin();
    c.arg("import").arg(dump).arg("--out").arg(out).args(extra);
    let o = c.output().unwrap();
    if o.status.success() {
        common::assert_unique_ids(out);
    }
    o
}

fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "panicked: {err}");
    assert_ne!(o.status.code(), Some(101), "panicked: {err}");
    assert!(o.status.code().is_some(), "killed by a signal: {err}");
}

fn one_error_line(o: &Output) -> String {
    no_panic(o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "expected exit 1: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let all = String::from_utf8_lossy(&o.stderr).trim().to_string();
    // one `error:` line, which may be followed by one `hint:` line (what to do)
    let mut lines = all.lines();
    let err = lines.next().unwrap_or("").to_string();
    assert!(err.starts_with("error: "), "{all}");
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.is_empty() || (rest.len() == 1 && rest[0].starts_with("hint: ")),
        "one clear error line (and at most one hint), got: {all}"
    );
    err
}

fn records(archive: &Path, file: &str) -> Vec<Value> {
    let p = archive.join("data/records").join(file);
    match std::fs::read_to_string(p) {
        Ok(t) => t
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn ytd_fixture(name: &str) -> Vec<u8> {
    std::fs::read(reference(&format!(
        "twitter/fixtures/x-2026-milahu104/{name}"
    )))
    .unwrap()
}

/// The 2026 fixture files as a G3 zip, with the synthetic note tweets as part 1.
fn x2026_zip(path: &Path) {
    let notes = reference("twitter/fixtures/x-synthetic-note-tweets");
    let part1 = std::fs::read_to_string(notes.join("tweets.js"))
        .unwrap()
        .replacen(".part0 =", ".part1 =", 1);
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("data/manifest.js", ytd_fixture("manifest.js")),
        ("data/tweets.js", ytd_fixture("tweets.excerpt.js")),
        ("data/tweets-part1.js", part1.into_bytes()),
        (
            "data/note-tweet.js",
            std::fs::read(notes.join("note-tweet.js")).unwrap(),
        ),
        ("data/like.js", ytd_fixture("like.excerpt.js")),
        ("data/follower.js", ytd_fixture("follower.excerpt.js")),
        (
            "data/deleted-tweets.js",
            ytd_fixture("deleted-tweets.excerpt.js"),
        ),
        ("data/profile.js", ytd_fixture("profile.js")),
        (
            "data/screen-name-change.js",
            ytd_fixture("screen-name-change.js"),
        ),
        ("data/app.js", ytd_fixture("app.js")),
        (
            "data/tweets_media/2029903943413772741-HCuq2zDboAAKHUC.jpg",
            b"\xff\xd8\xff\xe0photo-a".to_vec(),
        ),
        ("Your archive.html", b"<html></html>".to_vec()),
    ];
    entries.sort_by(|a, b| a.0.cmp(b.0));
    write_zip(path, &entries);
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn imports_the_2026_fixture_verifies_and_merges() {
    let t = Tmp::new("x2026");
    let dump = t.join("x.zip");
    x2026_zip(&dump);
    let out = t.join("archive");
    let rep = t.join("report.json");
    let o = import(&dump, &out, &["--report", rep.to_str().unwrap()]);
    no_panic(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let r: Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    assert_eq!(r["network"], "twitter");
    for (kind, c) in r["records"].as_object().unwrap() {
        let n = |k: &str| c[k].as_u64().unwrap();
        assert_eq!(
            n("read"),
            n("converted") + n("kept_raw") + n("skipped"),
            "{kind}"
        );
    }
    let e = &r["entries"];
    assert_eq!(e["total"].as_u64(), Some(12));
    assert_eq!(e["ignored"].as_u64(), Some(1), "the viewer page is ignored");
    assert_eq!(e["carried"].as_u64(), Some(1), "app.js is carried verbatim");
    let blob = r.to_string();
    assert!(
        blob.contains("ut37uMPNHhBkwLa6"),
        "the missing video is named in the report"
    );

    let posts = records(&out, "posts.jsonl");
    let post = |id: &str| {
        posts
            .iter()
            .find(|p| p["id"] == format!("twitter:post:{id}"))
            .unwrap_or_else(|| panic!("no post {id}"))
            .clone()
    };
    // entities decoded, nothing else cut
    assert_eq!(
        post("2029612798058148140")["text"],
        "@KimDotcom > X is censored\n\nall clearnet services are censored"
    );
    // the trailing media link is removed
    assert_eq!(
        post("2029903943413772741")["text"],
        "@SamaHoole Doctor: Try to eat some vegetables.\n\nSama Hoole:"
    );
    // t.co expanded; reply and quote links
    let p = post("2029905358261502168");
    assert_eq!(
        p["text"],
        "@SamaHoole https://x.com/milahu104/status/2027739112069878026"
    );
    assert_eq!(p["reply_to"], "twitter:post:2029903943413772741");
    assert_eq!(p["quote_of"], "twitter:post:2027739112069878026");
    // the note joins its own head, not the same-second tweet before it
    let head = post("1841041615376875527");
    assert!(head["text"]
        .as_str()
        .unwrap()
        .contains("only then announce the move"));
    assert!(!head["text"].as_str().unwrap().contains('…'));
    assert!(!post("1841041613900480519")["text"]
        .as_str()
        .unwrap()
        .contains("only then announce"));
    let q = post("1841040354917220359");
    assert!(q["text"].as_str().unwrap().contains("Acme & Sons"));
    assert!(q["text"]
        .as_str()
        .unwrap()
        .contains("https://example.org/records/2024-q3"));
    assert_eq!(q["styles"][0]["style"], "bold");
    // deleted tweets keep their deletion time
    assert_eq!(
        post("2027737443122769985")["deleted_at"],
        "2026-02-28T13:43:50Z"
    );
    // the photo is stored by content
    let media = records(&out, "media.jsonl");
    let photo = media
        .iter()
        .find(|m| m["original_path"] == "data/tweets_media/2029903943413772741-HCuq2zDboAAKHUC.jpg")
        .expect("photo media record");
    let sha = photo["sha256"].as_str().unwrap();
    assert!(out
        .join(format!("data/media/{}/{sha}.jpg", &sha[..2]))
        .is_file());
    assert!(media
        .iter()
        .any(|m| m["missing"] == true && m["kind"] == "video"));
    // owner with handle history
    let accounts = records(&out, "accounts.jsonl");
    let owner = accounts.iter().find(|a| a["is_owner"] == true).unwrap();
    assert_eq!(owner["id"], "twitter:account:1964312974236991488");
    assert_eq!(owner["handle_history"][0]["from"], "HauthMilan34580");

    // verify: intact, then a flipped byte is named
    let v = bin().arg("verify").arg(&out).output().unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    let copy = t.join("tampered");
    copy_dir(&out, &copy);
    let p = copy.join("data/records/posts.jsonl");
    let mut b = std::fs::read(&p).unwrap();
    let mid = b.len() / 2;
    b[mid] ^= 0x20;
    std::fs::write(&p, b).unwrap();
    let v = bin().arg("verify").arg(&copy).output().unwrap();
    assert_eq!(v.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&v.stdout).contains("changed: data/records/posts.jsonl"));
    std::fs::remove_file(copy.join("data/records/likes-not-there.jsonl")).ok();
    std::fs::write(copy.join("data/extra.txt"), "x").unwrap();
    let v = bin().arg("verify").arg(&copy).output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).contains("extra: data/extra.txt"));

    // re-import: merged by id, nothing doubled
    let before: Vec<usize> = [
        "posts.jsonl",
        "accounts.jsonl",
        "media.jsonl",
        "reactions.jsonl",
    ]
    .iter()
    .map(|f| records(&out, f).len())
    .collect();
    let o = import(&dump, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after: Vec<usize> = [
        "posts.jsonl",
        "accounts.jsonl",
        "media.jsonl",
        "reactions.jsonl",
    ]
    .iter()
    .map(|f| records(&out, f).len())
    .collect();
    assert_eq!(before, after);
    assert!(bin()
        .arg("verify")
        .arg(&out)
        .output()
        .unwrap()
        .status
        .success());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn zip_slip_names_are_refused_and_nothing_escapes() {
    let t = Tmp::new("slip");
    let work = t.join("a/b");
    std::fs::create_dir_all(&work).unwrap();
    let dump = t.join("slip.zip");
    write_zip(
        &dump,
        &[
            ("data/manifest.js", ytd_fixture("manifest.js")),
            ("../../lifeboat-escape.txt", b"x".to_vec()),
            ("/tmp/lifeboat-abs-test.txt", b"x".to_vec()),
            ("data/..\\..\\lifeboat-win.txt", b"x".to_vec()),
            ("data/tweets.js", b"window.YTD.tweets.part0 = [ ]".to_vec()),
        ],
    );
    let rep = work.join("r.json");
    let o = bin()
        .current_dir(&work)
        .args([
            "import",
            dump.to_str().unwrap(),
            "--out",
            "out",
            "--report",
            "r.json",
        ])
        .output()
        .unwrap();
    no_panic(&o);
    assert!(o.status.success());
    common::assert_unique_ids(&work.join("out"));
    assert!(!t.join("lifeboat-escape.txt").exists() && !t.join("a/lifeboat-escape.txt").exists());
    assert!(!Path::new("/tmp/lifeboat-abs-test.txt").exists());
    let r: Value = serde_json::from_slice(&std::fs::read(rep).unwrap()).unwrap();
    assert_eq!(r["entries"]["ignored"], 3);
    let reasons: Vec<String> = r["entry_list"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["reason"].as_str().map(str::to_string))
        .collect();
    assert!(reasons.iter().any(|r| r.contains("..")));
    assert!(reasons.iter().any(|r| r.contains("absolute")));
    assert!(reasons.iter().any(|r| r.contains("backslash")));
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn a_zip_bomb_is_stopped_and_an_existing_archive_survives() {
    let t = Tmp::new("bomb");
    // a good archive first
    let good = t.join("good.zip");
    write_zip(
        &good,
        &[
            ("data/manifest.js", ytd_fixture("manifest.js")),
            ("data/tweets.js", ytd_fixture("tweets.excerpt.js")),
        ],
    );
    let out = t.join("archive");
    assert!(import(&good, &out, &[]).status.success());
    // 64 MiB of spaces: ~1000:1
    let mut body = b"window.YTD.tweets.part0 = [".to_vec();
    body.extend(std::iter::repeat_n(b' ', 64 << 20));
    body.push(b']');
    let bomb = t.join("bomb.zip");
    write_zip(
        &bomb,
        &[
            ("data/manifest.js", ytd_fixture("manifest.js")),
            ("data/tweets.js", body),
        ],
    );
    let err = one_error_line(&import(&bomb, &out, &[]));
    assert!(err.contains("compression ratio"), "{err}");
    // the archive is untouched and no staging folder is left behind
    assert!(bin()
        .arg("verify")
        .arg(&out)
        .output()
        .unwrap()
        .status
        .success());
    let leftovers: Vec<_> = std::fs::read_dir(&t.0)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".lifeboat-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind");
    // with the limit raised it would be read (and hold no tweets)
    let ok = import(&bomb, &t.join("trusted"), &["--limit", "ratio=100000"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn broken_containers_give_one_clear_error() {
    let t = Tmp::new("broken");
    let good = t.join("good.zip");
    x2026_zip(&good);
    let data = std::fs::read(&good).unwrap();
    let trunc = t.join("truncated.zip");
    std::fs::write(&trunc, &data[..data.len() / 2]).unwrap();
    one_error_line(&import(&trunc, &t.join("o1"), &[]));
    let rnd = t.join("random.zip");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&rnd, bytes).unwrap();
    one_error_line(&import(&rnd, &t.join("o2"), &[]));
    let empty = t.join("empty.zip");
    write_zip(&empty, &[]);
    one_error_line(&import(&empty, &t.join("o3"), &[]));
    assert!(!t.join("o1").exists() && !t.join("o2").exists() && !t.join("o3").exists());
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn malformed_records_are_skipped_and_strict_fails() {
    let t = Tmp::new("bad");
    let good: Value = {
        let s = String::from_utf8(ytd_fixture("tweets.excerpt.js")).unwrap();
        serde_json::from_str(&s[s.find('=').unwrap() + 1..]).unwrap()
    };
    let mut bad_date = good[2].clone();
    bad_date["tweet"]["created_at"] = Value::String("not a date".into());
    let items = Value::Array(vec![
        good[0].clone(),
        serde_json::json!({"tweet": {"full_text": "no id here"}}),
        good[1].clone(),
        bad_date,
        good[3].clone(),
        Value::from(42),
    ]);
    let mut nested = b"window.YTD.tweets.part1 = [".to_vec();
    nested.extend(std::iter::repeat_n(b'[', 100_000));
    nested.extend(std::iter::repeat_n(b']', 100_000));
    nested.extend(b", {\"tweet\": {\"id_str\": \"1900000000000000009\", \"full_text\": \"after the deep one\"}}]");
    let dump = t.join("bad.zip");
    write_zip(
        &dump,
        &[
            (
                "data/tweets.js",
                format!("window.YTD.tweets.part0 = {items}").into_bytes(),
            ),
            ("data/tweets-part1.js", nested),
        ],
    );
    let rep = t.join("r.json");
    let o = import(&dump, &t.join("out"), &["--report", rep.to_str().unwrap()]);
    no_panic(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    let c = &r["records"]["post"];
    assert_eq!(c["read"], 8);
    assert_eq!(
        c["converted"], 5,
        "four good tweets, the one with a bad date (time from its id), the one after the deep item"
    );
    assert_eq!(c["skipped"], 3);
    let skips = r["skips"].as_array().unwrap();
    assert!(skips.iter().any(|s| s["location"] == "data/tweets.js#1"));
    assert!(skips
        .iter()
        .any(|s| s["reason"].as_str().unwrap().contains("nesting")));
    let posts = records(&t.join("out"), "posts.jsonl");
    assert!(posts.iter().any(|p| p["text"] == "after the deep one"));

    let o = import(&dump, &t.join("strict"), &["--strict"]);
    let err = one_error_line(&o);
    assert!(err.contains("strict"), "{err}");
    assert!(!t.join("strict").exists(), "--strict writes nothing");
}

#[test]
fn tar_links_are_never_followed() {
    let t = Tmp::new("tar");
    let dump = t.join("slip.tar.gz");
    {
        let f = std::fs::File::create(&dump).unwrap();
        let gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
        let mut b = tar::Builder::new(gz);
        let mut add = |name: &str, ty: tar::EntryType, link: Option<&str>, data: &[u8]| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(ty);
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            if let Some(l) = link {
                h.set_link_name(l).unwrap();
            }
            // bypass the builder's own path checks: write the raw name
            let bytes = name.as_bytes();
            h.as_old_mut().name[..bytes.len()].copy_from_slice(bytes);
            h.set_cksum();
            b.append(&h, data).unwrap();
        };
        add(
            "data/tweets.js",
            tar::EntryType::Regular,
            None,
            b"window.YTD.tweets.part0 = [ ]",
        );
        add(
            "../../lifeboat-tar-escape.txt",
            tar::EntryType::Regular,
            None,
            b"x",
        );
        add(
            "data/tweets_media",
            tar::EntryType::Symlink,
            Some("/etc"),
            b"",
        );
        add(
            "data/tweets_media/lifeboat-through-link.txt",
            tar::EntryType::Regular,
            None,
            b"x",
        );
        add(
            "data/profile.js",
            tar::EntryType::Link,
            Some("/etc/passwd"),
            b"",
        );
        b.into_inner().unwrap().finish().unwrap();
    }
    let out = t.join("out");
    let rep = t.join("r.json");
    let o = import(&dump, &out, &["--report", rep.to_str().unwrap()]);
    no_panic(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!Path::new("/etc/lifeboat-through-link.txt").exists());
    let r: Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    assert_eq!(r["entries"]["total"], 5);
    assert_eq!(
        r["entries"]["ignored"], 3,
        "../ name, symlink and hard link"
    );
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let e = e.unwrap();
            let ft = std::fs::symlink_metadata(e.path()).unwrap().file_type();
            assert!(!ft.is_symlink(), "symlink in the archive: {:?}", e.path());
            if ft.is_dir() {
                stack.push(e.path());
            } else {
                assert!(!std::fs::read(e.path()).unwrap().starts_with(b"root:"));
            }
        }
    }
}

#[test]
fn schema_formats_and_usage() {
    let o = bin().arg("schema").output().unwrap();
    assert!(o.status.success());
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in [
        "account",
        "post",
        "media",
        "relationship",
        "reaction",
        "conversation",
        "message",
    ] {
        assert!(s["$defs"][k]["properties"]["id"].is_object(), "{k}");
    }
    let o = bin().arg("formats").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("twitter"));
    let o = bin().args(["import"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin()
        .args(["import", "x.zip", "--out", "o", "--limit", "nope"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn inspect_writes_nothing_and_classifies_every_entry() {
    let t = Tmp::new("inspect");
    let dump = t.join("x.zip");
    x2026_zip(&dump);
    let o = bin()
        .args(["inspect", dump.to_str().unwrap(), "--json"])
        .current_dir(&t.0)
        .output()
        .unwrap();
    assert!(o.status.success());
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["entry_list"].as_array().unwrap().len(), 12);
    assert!(r["generation"].as_str().unwrap().starts_with("G3"));
    let names: Vec<_> = std::fs::read_dir(&t.0).unwrap().collect();
    assert_eq!(names.len(), 1, "inspect wrote files");
}

#[test]
fn a_newer_export_merges_over_an_older_one() {
    let t = Tmp::new("newer");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
    let old = t.join("old");
    copy_dir(&sample, &old);
    let out = t.join("archive");
    assert!(import(&old, &out, &[]).status.success());
    let before = records(&out, "posts.jsonl");
    let target = before
        .iter()
        .find(|p| {
            p["history"].is_null()
                && p["ext"]["note_tweet"].is_null()
                && p["source"]["entry"]
                    .as_str()
                    .is_some_and(|e| e.starts_with("data/tweets"))
                && p["text"]
                    .as_str()
                    .is_some_and(|s| s.len() > 8 && s.is_ascii() && !s.contains('&'))
        })
        .expect("a plain post")
        .clone();
    let id = target["id"]
        .as_str()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let old_text = target["text"].as_str().unwrap().to_string();

    // the newer export: that tweet's text changed, one follower more
    let newer = t.join("newer");
    copy_dir(&sample, &newer);
    let mut found = false;
    for f in ["data/tweets.js", "data/tweets-part1.js"] {
        let p = newer.join(f);
        let s = std::fs::read_to_string(&p).unwrap();
        let (head, body) = s.split_at(s.find('=').unwrap() + 1);
        let mut v: Value = serde_json::from_str(body).unwrap();
        for item in v.as_array_mut().unwrap() {
            if item["tweet"]["id_str"] == id.as_str() {
                let ft = item["tweet"]["full_text"].as_str().unwrap().replacen(
                    &old_text[..8],
                    "CHANGED ",
                    1,
                );
                item["tweet"]["full_text"] = Value::String(ft);
                found = true;
            }
        }
        std::fs::write(
            &p,
            format!("{head} {}", serde_json::to_string_pretty(&v).unwrap()),
        )
        .unwrap();
    }
    assert!(found);
    let fp = newer.join("data/follower.js");
    let s = std::fs::read_to_string(&fp).unwrap();
    let s = s.replacen(
        '[',
        "[ { \"follower\" : { \"accountId\" : \"4242424242\" } },",
        1,
    );
    std::fs::write(&fp, s).unwrap();

    let o = import(&newer, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = records(&out, "posts.jsonl");
    assert_eq!(after.len(), before.len(), "merged by id, nothing doubled");
    let p = after.iter().find(|p| p["id"] == target["id"]).unwrap();
    assert!(p["text"].as_str().unwrap().starts_with("CHANGED "), "{p}");
    assert_eq!(
        p["history"][0]["text"],
        old_text.as_str(),
        "the earlier text is history"
    );
    let rel = records(&out, "relationships.jsonl");
    assert!(rel
        .iter()
        .any(|r| r["object"] == "twitter:account:4242424242"));
    // both sources are recorded, and the bag is intact
    let meta: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/lifeboat.json")).unwrap()).unwrap();
    assert_eq!(meta["sources"].as_array().unwrap().len(), 2);
    assert!(bin()
        .arg("verify")
        .arg(&out)
        .output()
        .unwrap()
        .status
        .success());
}

#[test]
fn a_note_whose_head_text_differs_is_joined_by_time_and_said_so() {
    let t = Tmp::new("note-time");
    // note 1841040354812362752 at 09:00:00.000; its head 25 ms later, with a text that
    // differs from the note's (a double space); and a retweet ending in … 40 ms later
    let note = r#"window.YTD.note_tweet.part0 = [ { "noteTweet" : { "noteTweetId" : "1841040354812362752",
      "createdAt" : "2024-10-01T09:00:00.000Z", "updatedAt" : "2024-10-01T09:00:00.000Z",
      "core" : { "text" : "A long  post that goes on and on, well past the limit of a tweet, with more words after.",
                 "urls" : [ ], "mentions" : [ ], "hashtags" : [ ], "cashtags" : [ ], "styletags" : [ ] } } } ]"#;
    let head_id = (1841040354812362752u64 + (25u64 << 22)).to_string();
    let rt_id = (1841040354812362752u64 + (40u64 << 22)).to_string();
    let tweets = format!(
        r#"window.YTD.tweets.part0 = [
      {{ "tweet" : {{ "id_str" : "{rt_id}", "full_text" : "RT @someone: a retweet cut short…", "created_at" : "Tue Oct 01 09:00:00 +0000 2024",
                    "entities" : {{ "user_mentions" : [ ], "urls" : [ ], "hashtags" : [ ], "symbols" : [ ] }} }} }},
      {{ "tweet" : {{ "id_str" : "{head_id}", "full_text" : "A long post that goes on and on, well past the limit…", "created_at" : "Tue Oct 01 09:00:00 +0000 2024",
                    "entities" : {{ "user_mentions" : [ ], "urls" : [ ], "hashtags" : [ ], "symbols" : [ ] }} }} }} ]"#
    );
    let dump = t.join("notes.zip");
    write_zip(
        &dump,
        &[
            ("data/note-tweet.js", note.as_bytes().to_vec()),
            ("data/tweets.js", tweets.into_bytes()),
        ],
    );
    let out = t.join("out");
    let rep = t.join("r.json");
    let o = import(&dump, &out, &["--report", rep.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let posts = records(&out, "posts.jsonl");
    assert_eq!(posts.len(), 2, "the note joined a head: no post of its own");
    let head = posts
        .iter()
        .find(|p| p["id"] == format!("twitter:post:{head_id}"))
        .unwrap();
    assert!(head["text"]
        .as_str()
        .unwrap()
        .ends_with("more words after."));
    let rt = posts
        .iter()
        .find(|p| p["id"] == format!("twitter:post:{rt_id}"))
        .unwrap();
    assert!(rt["text"].as_str().unwrap().starts_with("RT @someone"));
    let r: Value = serde_json::from_slice(&std::fs::read(rep).unwrap()).unwrap();
    assert_eq!(r["repairs"]["note_joined_by_time"], 1);
    assert!(r["warnings"].to_string().contains("by time only"));
}

#[test]
fn a_tar_gz_reads_the_same_as_the_folder() {
    let t = Tmp::new("targz");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g2-2021");
    let dump = t.join("g2.tar.gz");
    {
        let f = std::fs::File::create(&dump).unwrap();
        let gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
        let mut b = tar::Builder::new(gz);
        b.append_dir_all(".", &sample).unwrap();
        b.into_inner().unwrap().finish().unwrap();
    }
    let (a, b) = (t.join("from-folder"), t.join("from-targz"));
    assert!(import(&sample, &a, &[]).status.success());
    let o = import(&dump, &b, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "posts.jsonl",
        "media.jsonl",
        "messages.jsonl",
        "conversations.jsonl",
        "relationships.jsonl",
    ] {
        let ids = |d: &Path| {
            let mut v: Vec<String> = records(d, f)
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&a), ids(&b), "{f}");
        assert!(!ids(&a).is_empty(), "{f}");
    }
    // the spool is gone with the import
    let left: Vec<_> = std::fs::read_dir(&t.0)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".lifeboat-"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn the_parts_of_one_export_are_read_as_one() {
    let t = Tmp::new("parts");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
    // part 1: the tweets; part 2: the notes, the media and everything else
    let (p1, p2) = (t.join("part1"), t.join("part2"));
    copy_dir(&sample, &p2);
    std::fs::create_dir_all(p1.join("data")).unwrap();
    for f in ["tweets.js", "tweets-part1.js"] {
        std::fs::rename(p2.join("data").join(f), p1.join("data").join(f)).unwrap();
    }
    let whole = t.join("whole");
    assert!(import(&sample, &whole, &[]).status.success());
    let joined = t.join("joined");
    let rep = t.join("r.json");
    let o = bin()
        .args(["import", "--parts", "--report"])
        .arg(&rep)
        .arg(&p1)
        .arg(&p2)
        .arg("--out")
        .arg(&joined)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    common::assert_unique_ids(&joined);
    let ids = |d: &Path, f: &str| {
        let mut v: Vec<String> = records(d, f)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    for f in [
        "posts.jsonl",
        "media.jsonl",
        "messages.jsonl",
        "relationships.jsonl",
        "reactions.jsonl",
    ] {
        assert_eq!(ids(&whole, f), ids(&joined, f), "{f}");
    }
    let r: Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    assert_eq!(r["source"]["parts"].as_array().unwrap().len(), 1);
    assert!(r["entry_list"]
        .to_string()
        .contains("part2/data/note-tweet.js"));
    // part by part, the note cannot find its head: it stands alone
    let apart = t.join("apart");
    assert!(bin()
        .arg("import")
        .arg(&p1)
        .arg(&p2)
        .arg("--out")
        .arg(&apart)
        .output()
        .unwrap()
        .status
        .success());
    common::assert_unique_ids(&apart);
    assert!(ids(&apart, "posts.jsonl")
        .iter()
        .any(|id| id.contains(":note-")));
}

#[test]
fn the_data_folder_alone_reads_like_the_whole_dump() {
    let t = Tmp::new("datadir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
    let (a, b) = (t.join("whole"), t.join("data-only"));
    assert!(import(&sample, &a, &[]).status.success());
    let rep = t.join("r.json");
    let o = import(
        &sample.join("data"),
        &b,
        &["--report", rep.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    // the manifest's "data/…" names match entries read from inside data/
    assert_eq!(r["warnings"], serde_json::json!([]), "{}", r["warnings"]);
    assert_eq!(
        records(&a, "posts.jsonl").len(),
        records(&b, "posts.jsonl").len()
    );
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn a_gzip_of_one_file_is_one_entry_not_a_broken_tar() {
    let t = Tmp::new("gz");
    // a gzipped tweets.js (as a user might send one file alone)
    let dump = t.join("tweets.js.gz");
    {
        let f = std::fs::File::create(&dump).unwrap();
        let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
        gz.write_all(&ytd_fixture("tweets.excerpt.js")).unwrap();
        gz.finish().unwrap();
    }
    let out = t.join("out");
    let rep = t.join("r.json");
    let o = import(&dump, &out, &["--report", rep.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    assert_eq!(r["source"]["container"], "gz");
    assert_eq!(r["entry_list"][0]["path"], "tweets.js");
    assert_eq!(records(&out, "posts.jsonl").len(), 7);
}

/// The first hour: the import summary adds up and says what to do next, a re-import
/// says "nothing new", `--quiet` prints nothing, and the errors a newcomer meets come
/// with a hint (issue 15).
#[test]
fn the_summary_and_the_hints_a_newcomer_reads() {
    let t = Tmp::new("first-hour");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
    let out = t.join("a");
    let o = import(&sample, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = String::from_utf8_lossy(&o.stdout).to_string();
    let line = s
        .lines()
        .find(|l| l.contains("records accounted for"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(line.trim_start().starts_with("all "), "{line}");
    assert!(s.contains("edits of one item are folded"), "{s}");
    assert!(s.contains("/data/reports/"), "{s}");
    assert!(s.contains("lifeboat verify"), "{s}");
    let again = import(&sample, &out, &[]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing new"));
    let quiet = import(&sample, &out, &["--quiet"]);
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());

    // a truncated download
    let zip =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/archive-2023.zip");
    let bytes = std::fs::read(&zip).expect("sample");
    let trunc = t.join("trunc.zip");
    std::fs::write(&trunc, &bytes[..bytes.len() / 2]).expect("write");
    let o = import(&trunc, &t.join("b"), &[]);
    one_error_line(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("hint: the download looks incomplete"));

    // a dump given to export
    let o = bin()
        .args(["export"])
        .arg(&zip)
        .args(["--to", "atom", "--out"])
        .arg(t.join("f.atom"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lifeboat convert"));

    // a typo in --to and in --network
    let o = bin()
        .arg("export")
        .arg(&out)
        .args(["--to", "sqllite", "--out"])
        .arg(t.join("x.db"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean \"sqlite\""));
    let o = import(&zip, &t.join("c"), &["--network", "mastadon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean \"mastodon\""));

    // --network forced on a file that is no export: an error, and no archive
    let pdf = t.join("doc.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n").expect("write");
    let o = import(&pdf, &t.join("d"), &["--network", "twitter"]);
    one_error_line(&o);
    assert!(!t.join("d").exists());
}
