//! Containers that cannot lie: zips built byte by byte (the zip crate's writer cannot
//! write overlapping or encrypted entries, nor a bad CRC), imported by the real binary.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use common::TempDir;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lifeboat"))
}

fn sample(p: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("formats/twitter/samples/g3-2026/data")
            .join(p),
    )
    .unwrap()
}

/// One entry of a hand-made zip.
struct Raw {
    name: Vec<u8>,
    /// The bytes as stored (compressed or not).
    data: Vec<u8>,
    method: u16,
    crc: u32,
    size: u64,
    flags: u16,
    /// Point the central directory at an earlier entry's local header instead.
    share: Option<usize>,
}

fn stored(name: &str, data: &[u8]) -> Raw {
    Raw {
        name: name.as_bytes().to_vec(),
        data: data.to_vec(),
        method: 0,
        crc: crc32(data),
        size: data.len() as u64,
        flags: 0,
        share: None,
    }
}

fn deflated(name: &str, data: &[u8]) -> Raw {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    Raw {
        name: name.as_bytes().to_vec(),
        data: e.finish().unwrap(),
        method: 8,
        crc: crc32(data),
        size: data.len() as u64,
        flags: 0,
        share: None,
    }
}

fn crc32(b: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(b);
    h.finalize()
}

/// Local headers, data, central directory, end record: a zip as the spec lays it out.
fn write_zip(path: &Path, entries: &[Raw]) {
    let mut out: Vec<u8> = Vec::new();
    let mut cd: Vec<u8> = Vec::new();
    let mut offsets = Vec::new();
    for e in entries {
        let off = match e.share {
            Some(i) => offsets[i],
            None => {
                let off = out.len() as u32;
                out.extend_from_slice(b"PK\x03\x04");
                for v in [20u16, e.flags, e.method, 0, 0] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
                for v in [e.crc, e.data.len() as u32, e.size as u32] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
                out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
                out.extend_from_slice(&0u16.to_le_bytes());
                out.extend_from_slice(&e.name);
                out.extend_from_slice(&e.data);
                off
            }
        };
        offsets.push(off);
        cd.extend_from_slice(b"PK\x01\x02");
        for v in [20u16, 20, e.flags, e.method, 0, 0] {
            cd.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, e.data.len() as u32, e.size as u32] {
            cd.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.name.len() as u16, 0, 0, 0, 0] {
            cd.extend_from_slice(&v.to_le_bytes());
        }
        cd.extend_from_slice(&0u32.to_le_bytes());
        cd.extend_from_slice(&off.to_le_bytes());
        cd.extend_from_slice(&e.name);
    }
    let start = out.len() as u32;
    out.extend_from_slice(&cd);
    out.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

fn import(dump: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["import", "-q"])
        .arg(dump)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A failed import: exit 1, one clear line, no panic, nothing written, no word of
/// the staging folder.
fn refused(o: &Output, out: &Path, want: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(want), "expected {want:?} in: {err}");
    assert!(
        !err.contains(".lifeboat-"),
        "names the staging folder: {err}"
    );
    assert!(!out.exists(), "something was written");
    let parent = out.parent().unwrap();
    for e in std::fs::read_dir(parent).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        assert!(!n.starts_with(".lifeboat-incomplete"), "left {n}");
    }
}

fn twitter(extra: Vec<Raw>) -> Vec<Raw> {
    let mut v = vec![
        stored("data/manifest.js", &sample("manifest.js")),
        stored("data/tweets.js", &sample("tweets.js")),
    ];
    v.extend(extra);
    v
}

#[test]
fn a_flipped_byte_in_a_stored_entry_is_caught_by_its_crc() {
    let t = TempDir::new("crc");
    let tweets = sample("tweets.js");
    let at = tweets
        .windows(13)
        .position(|w| w == b"Short version")
        .unwrap();
    let mut bad = tweets.clone();
    bad[at] ^= 0x20;
    let mut e = stored("data/tweets.js", &tweets);
    e.data = bad;
    let zip = t.join("crc.zip");
    write_zip(
        &zip,
        &[stored("data/manifest.js", &sample("manifest.js")), e],
    );
    let out = t.join("bag");
    let o = import(&zip, &out, &[]);
    refused(&o, &out, "CRC");
    assert!(stderr(&o).contains("data/tweets.js"));
    // the same zip with the right bytes imports
    write_zip(&zip, &twitter(vec![]));
    assert!(import(&zip, &out, &[]).status.success());
}

#[test]
fn a_crc_past_where_the_parser_stops_is_still_checked() {
    // the damage is in what follows the JSON array, which no parser reads
    let t = TempDir::new("crc-tail");
    let mut tweets = sample("tweets.js");
    tweets.extend_from_slice(b"\n\n// trailing bytes\n");
    let mut e = stored("data/tweets.js", &tweets);
    let n = e.data.len();
    e.data[n - 3] ^= 1;
    let zip = t.join("tail.zip");
    write_zip(
        &zip,
        &[stored("data/manifest.js", &sample("manifest.js")), e],
    );
    let out = t.join("bag");
    refused(&import(&zip, &out, &[]), &out, "CRC");
}

#[test]
fn a_deflated_entry_that_inflates_to_another_size_is_refused() {
    let t = TempDir::new("size");
    let mut e = deflated("data/tweets.js", &sample("tweets.js"));
    e.size -= 10;
    let zip = t.join("size.zip");
    write_zip(
        &zip,
        &[stored("data/manifest.js", &sample("manifest.js")), e],
    );
    let out = t.join("bag");
    refused(&import(&zip, &out, &[]), &out, "declares");
}

#[test]
fn entries_sharing_one_deflated_blob_are_refused() {
    let t = TempDir::new("overlap");
    let kernel = deflated("data/tweets_media/k.jpg", &vec![0u8; 4 << 20]);
    let mut entries = twitter(vec![kernel]);
    for i in 0..200 {
        let mut e = deflated("x", b"");
        e.name = format!("data/tweets_media/k{i}.jpg").into_bytes();
        e.data = entries[2].data.clone();
        e.crc = entries[2].crc;
        e.size = entries[2].size;
        e.share = Some(2);
        entries.push(e);
    }
    let zip = t.join("overlap.zip");
    write_zip(&zip, &entries);
    assert!(std::fs::metadata(&zip).unwrap().len() < 200_000);
    let out = t.join("bag");
    refused(&import(&zip, &out, &[]), &out, "overlap");
}

#[test]
fn many_entries_each_under_the_grace_size_hit_the_whole_dump_budget() {
    let t = TempDir::new("budget");
    // 60 entries of 2 MiB of zeros: each under the per-entry grace, 120 MiB in all
    // from a zip of some 130 KB; with a ratio of 50 the whole-dump budget is ~6 MB
    let blob = deflated("x", &vec![0u8; 2 << 20]);
    let mut extra = Vec::new();
    for i in 0..60 {
        let mut e = deflated("x", b"");
        e.name = format!("data/tweets_media/m{i}.jpg").into_bytes();
        e.data = blob.data.clone();
        e.crc = blob.crc;
        e.size = blob.size;
        extra.push(e);
    }
    let zip = t.join("budget.zip");
    write_zip(&zip, &twitter(extra));
    let out = t.join("bag");
    let o = import(
        &zip,
        &out,
        &["--limit", "ratio=50", "--limit", "entry-bytes=1G"],
    );
    refused(&o, &out, "compression ratio of the whole dump");
}

#[test]
fn an_encrypted_zip_is_refused_with_advice() {
    let t = TempDir::new("enc");
    let mut entries = twitter(vec![]);
    for e in &mut entries {
        e.flags |= 1;
    }
    let zip = t.join("enc.zip");
    write_zip(&zip, &entries);
    let out = t.join("bag");
    let o = import(&zip, &out, &[]);
    refused(&o, &out, "password");
    assert!(stderr(&o).contains("download the export again"));
    // --strict says the same
    refused(&import(&zip, &out, &["--strict"]), &out, "password");
}

#[test]
fn odd_names_are_refused_entries_and_the_import_goes_on() {
    let t = TempDir::new("names");
    let long = format!("data/{}.txt", "L".repeat(300));
    let deep = "d/".repeat(2000) + "deep.txt";
    let deep64 = "e/".repeat(70) + "deep.txt";
    let zip = t.join("names.zip");
    write_zip(
        &zip,
        &twitter(vec![
            stored(&long, b"long"),
            stored("data/ff", b"file"),
            stored("data/ff/child.txt", b"child"),
            stored(&deep, b"deep"),
            stored(&deep64, b"deep"),
            stored("data/dup.txt", b"first"),
            stored("data/dup.txt", b"second"),
        ]),
    );
    let out = t.join("bag");
    let rep = t.join("report.json");
    let o = import(&zip, &out, &["--report", rep.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    let fate = |path: &str| -> (String, String) {
        let e = r["entry_list"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["path"] == path)
            .map(|e| {
                (
                    e["fate"].as_str().unwrap_or("").to_string(),
                    e["reason"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect::<Vec<_>>();
        e.into_iter().next().unwrap_or_default()
    };
    assert!(fate(&long).1.contains("255 bytes"), "{:?}", fate(&long));
    assert!(fate("data/ff").1.contains("a file and a folder"));
    assert_eq!(fate("data/ff/child.txt").0, "carried");
    assert!(fate(&deep).1.contains("longer than 1024"));
    assert!(fate(&deep64).1.contains("deeper than 64"));
    // the duplicate: the first is read, the second is listed with the reason
    let dups: Vec<&serde_json::Value> = r["entry_list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == "data/dup.txt")
        .collect();
    assert_eq!(dups.len(), 2);
    assert_eq!(dups[0]["fate"], "carried");
    assert!(dups[1]["reason"]
        .as_str()
        .unwrap()
        .contains("same name (the first one is read)"));
    assert_eq!(r["entries"]["refused"], 5, "{}", r["entries"]);
    let src = std::fs::read_dir(out.join("data/sources"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(
        std::fs::read(src.join("data/dup.txt")).unwrap(),
        b"first",
        "the first entry of the name was replaced"
    );
    assert_eq!(
        std::fs::read(src.join("data/ff/child.txt")).unwrap(),
        b"child"
    );
    // --strict does not let refused entries through
    let o = import(&zip, &t.join("strict"), &["--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("refused"), "{}", stderr(&o));
    assert!(!t.join("strict").exists());
}

#[test]
fn a_big_entry_list_is_counted_not_listed_past_the_cap() {
    let t = TempDir::new("many");
    let mut extra = Vec::new();
    for i in 0..12_000 {
        extra.push(stored(&format!("junk/{i:06}"), b""));
    }
    let zip = t.join("many.zip");
    write_zip(&zip, &twitter(extra));
    let out = t.join("bag");
    let rep = t.join("r.json");
    let o = import(&zip, &out, &["--report", rep.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    assert_eq!(r["entries"]["total"], 12_002);
    let listed = r["entry_list"].as_array().unwrap().len();
    assert_eq!(listed, 10_002, "two parsed and the first 10 000 ignored");
    let unlisted: u64 = r["ignored_unlisted"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_u64())
        .sum();
    assert_eq!(unlisted, 2_000);
}

#[test]
fn utf16_json_is_read_like_utf8() {
    let t = TempDir::new("utf16");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/outbox-only");
    let text = std::fs::read_to_string(src.join("outbox.json")).unwrap();
    let posts = |out: &Path| -> usize {
        std::fs::read_to_string(out.join("data/records/posts.jsonl"))
            .unwrap_or_default()
            .lines()
            .count()
    };
    let utf8 = t.join("utf8");
    assert!(import(&src, &utf8, &[]).status.success());
    let want = posts(&utf8);
    assert!(want > 0);
    for (le, bom) in [(true, true), (false, true), (true, false)] {
        let dir = t.join(format!("dump-{le}-{bom}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut b = Vec::new();
        if bom {
            b.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for u in text.encode_utf16() {
            b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        std::fs::write(dir.join("outbox.json"), b).unwrap();
        let out = t.join(format!("out-{le}-{bom}"));
        let o = import(&dir, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(posts(&out), want, "le {le} bom {bom}");
    }
}

#[test]
fn a_csv_row_past_the_field_limit_is_skipped_and_the_rest_read() {
    let t = TempDir::new("csvbig");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/reddit/samples/export-2024");
    let dump = t.join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dump.join(e.file_name())).unwrap();
        }
    }
    let c = std::fs::read_to_string(dump.join("comments.csv")).unwrap();
    let mut lines = c.lines();
    let mut s = format!("{}\n{}\n", lines.next().unwrap(), lines.next().unwrap());
    s.push_str(&format!(
        "c9zzzz,https://www.reddit.com/r/x/comments/p1/x/c9zzzz/,2023-03-01 11:00:00 UTC,,x,0,https://www.reddit.com/r/x/,t3_p1,\"{}\",\n",
        "y\n".repeat(300_000)
    ));
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    std::fs::write(dump.join("comments.csv"), s).unwrap();
    let out = t.join("bag");
    let rep = t.join("r.json");
    let o = import(
        &dump,
        &out,
        &[
            "--limit",
            "field-bytes=100K",
            "--report",
            rep.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    let skips = r["skips"].as_array().unwrap();
    assert!(
        skips.iter().any(|s| s["reason"]
            .as_str()
            .unwrap_or("")
            .contains("longer than 102400")),
        "{skips:?}"
    );
    // the rows after the long one were read
    let posts = std::fs::read_to_string(out.join("data/records/posts.jsonl")).unwrap();
    let last = c
        .lines()
        .last()
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    assert!(
        posts.contains(&last),
        "the row after the long one is missing"
    );
}

#[test]
fn a_folder_dump_nested_too_deep_is_a_refused_entry_not_an_error() {
    let t = TempDir::new("deepdir");
    let dump = t.join("dump");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/outbox-only");
    std::fs::create_dir_all(&dump).unwrap();
    std::fs::copy(src.join("outbox.json"), dump.join("outbox.json")).unwrap();
    let deep = dump.join(vec!["d"; 80].join("/"));
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("x.txt"), b"x").unwrap();
    let rep = t.join("r.json");
    let o = import(&dump, &t.join("bag"), &["--report", rep.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    assert_eq!(r["entries"]["refused"], 1);
    assert!(r["entry_list"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["reason"]
            .as_str()
            .unwrap_or("")
            .contains("deeper than 64")));
}
