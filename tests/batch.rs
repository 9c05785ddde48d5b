//! `lifeboat batch`: every sample dump of every network, plus hostile ones, imported
//! with two jobs into one archive per account, with a combined report and a Parquet
//! tree of all the archives; a second run skips everything already imported.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempDir;
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::Value;

const KINDS: [&str; 7] = [
    "account",
    "post",
    "media",
    "relationship",
    "reaction",
    "conversation",
    "message",
];

fn lifeboat(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .output()
        .expect("run lifeboat")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn formats() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("formats")
}

/// Every `formats/<network>/samples` folder.
fn sample_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(formats())
        .expect("formats/")
        .map(|e| e.expect("entry").path().join("samples"))
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The dumps of the samples folders: everything in them but notes.
fn sample_dumps() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for d in sample_dirs() {
        for e in std::fs::read_dir(&d).expect("samples") {
            let p = e.expect("entry").path();
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if !(n.starts_with('.') || n.ends_with(".md") || n.ends_with(".py")) {
                out.insert(p.display().to_string());
            }
        }
    }
    out
}

/// A folder of hostile dumps: a truncated zip, bytes no network writes, an empty zip,
/// a zip bomb (an X export whose tweets file is 64 MiB of spaces, ~1000:1).
fn hostile(dir: &Path) -> Vec<String> {
    let h = dir.join("hostile");
    std::fs::create_dir_all(&h).unwrap();
    let zip = std::fs::read(formats().join("mastodon/samples/archive-2023.zip")).unwrap();
    std::fs::write(h.join("truncated.zip"), &zip[..zip.len() / 2]).unwrap();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(h.join("mystery.dat"), noise).unwrap();
    std::fs::write(
        h.join("empty.zip"),
        b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
    )
    .unwrap();
    std::fs::write(h.join("README.md"), "not a dump\n").unwrap();
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(h.join("bomb.zip")).unwrap());
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("data/manifest.js", deflate).unwrap();
        z.write_all(
            &std::fs::read(formats().join("twitter/samples/g3-2026/data/manifest.js")).unwrap(),
        )
        .unwrap();
        z.start_file("data/tweets.js", deflate).unwrap();
        z.write_all(b"window.YTD.tweets.part0 = [").unwrap();
        for _ in 0..(64 << 10) {
            z.write_all(&[b' '; 1024]).unwrap();
        }
        z.write_all(b"]").unwrap();
        z.finish().unwrap();
    }
    ["truncated.zip", "mystery.dat", "empty.zip", "bomb.zip"]
        .iter()
        .map(|n| h.join(n).display().to_string())
        .collect()
}

fn report(root: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(root.join("batch-report.json")).expect("report"))
        .expect("report is JSON")
}

fn meta(archive: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(archive.join("data/lifeboat.json")).unwrap()).unwrap()
}

/// Rows of every Parquet file under `dir`.
fn parquet_rows(dir: &Path) -> usize {
    let mut n = 0;
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                let r = SerializedFileReader::new(std::fs::File::open(&p).unwrap()).unwrap();
                n += r.metadata().file_metadata().num_rows() as usize;
            }
        }
    }
    n
}

#[test]
fn every_sample_and_hostile_dumps_with_two_jobs_then_a_second_run_skips_them() {
    let t = TempDir::new("batch-samples");
    let bad = hostile(t.path());
    let root = t.join("archives");
    let lake = t.join("lake");
    let mut args = vec!["batch".to_string()];
    args.extend(sample_dirs().iter().map(|d| d.display().to_string()));
    args.push(t.join("hostile").display().to_string());
    for a in [
        "--out",
        s(&root),
        "--jobs",
        "2",
        "--parquet",
        s(&lake),
        "--include",
        "direct",
    ] {
        args.push(a.to_string());
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = lifeboat(&argv);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    // some dumps fail (the hostile ones, and samples no importer can read): exit 1
    assert_eq!(o.status.code(), Some(1), "{stdout}\n{stderr}");

    let r = report(&root);
    assert_eq!(r["jobs"], 2);
    assert_eq!(r["interrupted"], false);
    let dumps = r["dumps"].as_array().unwrap();
    let found: BTreeSet<String> = dumps
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    let mut want = sample_dumps();
    want.extend(bad.iter().cloned());
    assert_eq!(found, want, "the dumps found");
    assert_eq!(found.len(), dumps.len(), "a dump twice");
    assert!(r["not_dumps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["path"].as_str().unwrap().ends_with("hostile/README.md")));

    // every hostile dump failed with its reason, and the batch went on
    let by_path: BTreeMap<&str, &Value> = dumps
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d))
        .collect();
    for b in &bad {
        let d = by_path[b.as_str()];
        assert_eq!(d["outcome"], "failed", "{d}");
        assert!(!d["reason"].as_str().unwrap_or("").is_empty(), "{d}");
    }
    let reason = |i: usize| {
        by_path[bad[i].as_str()]["reason"]
            .as_str()
            .unwrap()
            .to_lowercase()
    };
    assert!(reason(0).contains("zip"), "{}", reason(0));
    assert!(reason(3).contains("compression ratio"), "{}", reason(3));
    // a sample that failed fails alone too: the batch does not make dumps fail
    let mut failed_samples = 0;
    for d in dumps {
        let path = d["path"].as_str().unwrap();
        match d["outcome"].as_str().unwrap() {
            "failed" if !bad.iter().any(|b| b == path) => {
                failed_samples += 1;
                let o = lifeboat(&["inspect", path]);
                assert!(!o.status.success(), "{path} fails in the batch only: {d}");
            }
            "failed" => {} // a hostile dump, checked above
            "imported" | "merged" => {
                assert!(d["sha256"].as_str().is_some_and(|h| h.len() == 64), "{d}");
                assert!(d["archive"].is_string() && d["network"].is_string(), "{d}");
                for (k, c) in d["records"].as_object().unwrap() {
                    let n = |f: &str| c[f].as_u64().unwrap();
                    assert_eq!(
                        n("read"),
                        n("converted") + n("kept_raw") + n("skipped"),
                        "{path} {k}"
                    );
                }
            }
            o => panic!("{path}: {o} in a first run: {d}"),
        }
    }
    assert!(failed_samples <= 6, "{failed_samples} samples failed");
    let imported: Vec<&Value> = dumps
        .iter()
        .filter(|d| d["outcome"] == "imported" || d["outcome"] == "merged")
        .collect();
    assert!(imported.len() >= 70, "{} imported", imported.len());

    // the totals: outcomes, and records per kind summed over the dumps, balanced
    let totals = &r["totals"];
    assert_eq!(totals["balanced"], true);
    let count_of = |o: &str| dumps.iter().filter(|d| d["outcome"] == o).count() as u64;
    for o in ["imported", "merged", "failed"] {
        assert_eq!(totals["dumps"][o].as_u64().unwrap_or(0), count_of(o), "{o}");
    }
    for (k, c) in totals["records"].as_object().unwrap() {
        for f in ["read", "converted", "kept_raw", "skipped"] {
            let sum: u64 = imported
                .iter()
                .map(|d| d["records"][k][f].as_u64().unwrap_or(0))
                .sum();
            assert_eq!(c[f].as_u64().unwrap(), sum, "totals {k} {f}");
        }
    }
    assert!(stdout.contains("accounted for"), "{stdout}");
    assert!(
        stdout.contains(&format!("{} failed", count_of("failed"))),
        "{stdout}"
    );

    // one archive per account: every dump of an account in one archive, holding
    // nothing else, its dumps in date order; an unattributed dump alone
    let mut archive_of: BTreeMap<String, String> = BTreeMap::new();
    let mut per_archive: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for d in &imported {
        let a = d["archive"].as_str().unwrap().to_string();
        if let Some(acct) = d["account"].as_str() {
            let prev = archive_of.insert(acct.to_string(), a.clone());
            assert!(
                prev.is_none() || prev.as_ref() == Some(&a),
                "{acct} in two archives"
            );
        }
        per_archive.entry(a).or_default().push(d);
    }
    assert!(
        per_archive.values().any(|v| v.len() >= 4),
        "no account with several exports"
    );
    for (a, ds) in &per_archive {
        let m = meta(&root.join(a));
        let sources = m["sources"].as_array().unwrap();
        let shas: Vec<&str> = sources
            .iter()
            .map(|s| s["sha256"].as_str().unwrap())
            .collect();
        // the archive's dumps, in import order, are the report's, oldest first
        let mut by_date: Vec<&&Value> = ds.iter().collect();
        let date = |d: &Value| {
            d["date"].as_str().map(|t| {
                chrono::DateTime::parse_from_rfc3339(t)
                    .unwrap()
                    .timestamp_millis()
            })
        };
        by_date.sort_by_key(|d| (date(d), d["path"].as_str().unwrap().to_string()));
        let want: Vec<&str> = by_date
            .iter()
            .map(|d| d["sha256"].as_str().unwrap())
            .collect();
        assert_eq!(shas, want, "{a}: dumps not in date order");
        let accounts: BTreeSet<Option<&str>> = ds.iter().map(|d| d["account"].as_str()).collect();
        assert_eq!(accounts.len(), 1, "{a}: several accounts");
        if accounts.contains(&None) {
            assert_eq!(ds.len(), 1, "{a}: unattributed dumps merged");
        }
        assert!(
            lifeboat::archive::verify(&root.join(a)).unwrap().ok(),
            "{a}"
        );
    }

    // the Parquet tree holds every archive: rows per kind = the archives' records
    let parquet_archives: Vec<&Value> = r["archives"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["parquet"] == "exported")
        .collect();
    assert_eq!(parquet_archives.len(), per_archive.len());
    for kind in KINDS {
        let held: usize = per_archive
            .keys()
            .map(|a| {
                common::read_records(&root.join(a))
                    .get(&if kind == "media" {
                        "media".into()
                    } else {
                        format!("{kind}s")
                    })
                    .map_or(0, Vec::len)
            })
            .sum();
        assert_eq!(
            parquet_rows(&lake.join(format!("record={kind}"))),
            held,
            "{kind}"
        );
    }
    let dumps_in_archives: usize = per_archive
        .keys()
        .map(|a| meta(&root.join(a))["sources"].as_array().unwrap().len())
        .sum();
    assert_eq!(parquet_rows(&lake.join("catalog")), dumps_in_archives);

    // a second run: every dump imported is skipped, the failed ones fail again, no
    // archive changes
    let before: BTreeMap<String, Vec<u8>> = per_archive
        .keys()
        .map(|a| {
            (
                a.clone(),
                std::fs::read(root.join(a).join("data/lifeboat.json")).unwrap(),
            )
        })
        .collect();
    let o = lifeboat(&argv);
    assert_eq!(o.status.code(), Some(1));
    let r2 = report(&root);
    let dumps2 = r2["dumps"].as_array().unwrap();
    assert_eq!(dumps2.len(), dumps.len());
    for d in dumps2 {
        let first = by_path[d["path"].as_str().unwrap()];
        let want = if first["outcome"] == "failed" {
            "failed"
        } else {
            "skipped"
        };
        assert_eq!(d["outcome"], want, "{d}");
        if want == "skipped" {
            assert_eq!(d["archive"], first["archive"], "{d}");
            assert_eq!(d["sha256"], first["sha256"], "{d}");
            assert!(d["reason"].as_str().unwrap().contains("already imported"));
        }
    }
    assert_eq!(r2["totals"]["dumps"]["imported"].as_u64().unwrap_or(0), 0);
    assert_eq!(r2["totals"]["dumps"]["merged"].as_u64().unwrap_or(0), 0);
    for (a, bytes) in &before {
        assert_eq!(
            &std::fs::read(root.join(a).join("data/lifeboat.json")).unwrap(),
            bytes,
            "{a} was written again"
        );
    }
}

/// A list file (comments, a missing dump, the parts of one export on one line, a
/// dump given twice) and standard input; two batches at once into one folder import
/// each dump once.
#[test]
fn list_files_and_two_batches_at_once() {
    let t = TempDir::new("batch-list");
    let f = formats();
    let wp = f.join("wordpress/samples/wpcom-parts");
    let list = format!(
        "# two exports of one channel, a WXR in two parts, a dump twice, a missing one\n\
         {}\n\n{}\n{}\t{}\n{}\nno/such/dump.zip\n",
        f.join("youtube/samples/takeout-2023-de.zip").display(),
        f.join("youtube/samples/takeout-2019-y1.zip").display(),
        wp.join("acmetools.wordpress.2025-01-19.000.xml").display(),
        wp.join("acmetools.wordpress.2025-01-19.001.xml").display(),
        f.join("youtube/samples/takeout-2019-y1.zip").display(),
    );
    std::fs::write(t.join("dumps.txt"), &list).unwrap();
    let root = t.join("archives");
    // two batches of the same list at the same time: the folder's lock makes one
    // wait for the other, which then finds everything imported
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_lifeboat"))
            .args([
                "batch",
                "--list",
                s(&t.join("dumps.txt")),
                "--out",
                s(&root),
                "-q",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    // the missing dump fails in both
    assert_eq!(a.status.code(), Some(1));
    assert_eq!(b.status.code(), Some(1));
    let r = report(&root);
    let dumps = r["dumps"].as_array().unwrap();
    assert_eq!(dumps.len(), 5, "{r}");
    let outcome = |i: usize| dumps[i]["outcome"].as_str().unwrap();
    assert_eq!(outcome(4), "failed");
    assert!(dumps[4]["path"]
        .as_str()
        .unwrap()
        .ends_with("no/such/dump.zip"));
    // the second run found everything imported by the first
    assert!((0..4).all(|i| outcome(i) == "skipped"), "{r}");
    // the first run: the 2019 dump merged before the 2023 one, the repeat skipped
    let mut archives: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("bagit.txt").is_file())
        .collect();
    archives.sort();
    assert_eq!(archives.len(), 2, "{archives:?}");
    let yt = archives.iter().find(|p| s(p).contains("youtube-")).unwrap();
    let names: Vec<String> = meta(yt)["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["takeout-2019-y1.zip", "takeout-2023-de.zip"]);
    let wpa = archives
        .iter()
        .find(|p| s(p).contains("wordpress-"))
        .unwrap();
    let src = &meta(wpa)["sources"][0];
    assert_eq!(src["parts"].as_array().map_or(0, Vec::len), 1, "{src}");

    // standard input, with a dump older than what the archive holds: merged, and said
    let root2 = t.join("later");
    let o = lifeboat(&[
        "batch",
        s(&f.join("youtube/samples/takeout-2025-en")),
        "--out",
        s(&root2),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(["batch", "--list", "-", "--out", s(&root2)])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            format!(
                "{}\n",
                f.join("youtube/samples/takeout-2019-y1.zip").display()
            )
            .as_bytes(),
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = report(&root2);
    let d = &r["dumps"][0];
    assert_eq!(d["outcome"], "merged", "{d}");
    assert!(
        d["notes"][0].as_str().unwrap_or("").contains("older than"),
        "{d}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("older than"));
}

/// The library's batch: stopped before it starts, it writes no archive and says
/// which dumps it did not reach.
#[test]
fn an_interrupted_batch_writes_nothing_and_says_so() {
    let t = TempDir::new("batch-stop");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let opts = lifeboat::ImportOptions {
        interrupt: Some(stop),
        ..Default::default()
    };
    let r = lifeboat::Batch::new(t.join("root"))
        .dir(formats().join("twitter/samples"))
        .jobs(2)
        .options(opts)
        .run()
        .unwrap();
    assert!(r.interrupted && !r.ok());
    assert!(!r.dumps.is_empty());
    assert!(r
        .dumps
        .iter()
        .all(|d| d.outcome == lifeboat::batch::Outcome::Failed
            && d.reason.as_deref().unwrap_or("").contains("interrupted")));
    let archives = std::fs::read_dir(t.join("root"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(archives, 0);
}
