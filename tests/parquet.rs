//! The Parquet export (`--to parquet`) read back: by the `parquet` crate's own reader
//! (every sample archive, row counts and ids per kind equal the archive's records), by
//! DuckDB and pyarrow (Python packages, installed by `.ci/run`; that test is ignored,
//! with the reason, when they are absent); and the SQLite export's Datasette metadata,
//! checked against the database and by Datasette itself (ignored when it is absent).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::TempDir;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

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

/// Every sample dump of every network that imports with the default options.
fn sample_dumps() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut out = Vec::new();
    let mut nets: Vec<_> = std::fs::read_dir(&root)
        .expect("formats/")
        .map(|e| e.expect("entry").path())
        .collect();
    nets.sort();
    for net in nets {
        let Ok(rd) = std::fs::read_dir(net.join("samples")) else {
            continue;
        };
        let mut items: Vec<PathBuf> = rd.map(|e| e.expect("entry").path()).collect();
        items.sort();
        for p in items {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.ends_with(".md") || name.ends_with(".py") || name.starts_with('.') {
                continue;
            }
            out.push(p);
        }
    }
    out
}

/// An archive of a sample and its Parquet export (with `--include direct`).
struct Sample {
    name: String,
    archive: PathBuf,
    parquet: PathBuf,
    /// The archive's id (its files' names in a shared tree).
    id: String,
    /// Records per kind in the archive.
    counts: BTreeMap<String, usize>,
}

/// Every sample imported and exported once for the whole test binary: each into its
/// own folder, and all of them into one shared tree, `lake`.
fn samples() -> &'static (TempDir, Vec<Sample>) {
    static S: OnceLock<(TempDir, Vec<Sample>)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = TempDir::new("parquet-samples");
        let lake = dir.join("lake");
        let mut out = Vec::new();
        for (i, dump) in sample_dumps().into_iter().enumerate() {
            let name = format!(
                "{}/{}",
                dump.parent()
                    .and_then(Path::parent)
                    .and_then(Path::file_name)
                    .and_then(|n| n.to_str())
                    .unwrap_or_default(),
                dump.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
            );
            let archive = dir.join(format!("a{i}"));
            let o = lifeboat(&["import", s(&dump), "--out", s(&archive)]);
            if !o.status.success() {
                // samples that need options (parts, --network) are imported elsewhere
                continue;
            }
            let parquet = dir.join(format!("p{i}"));
            let o = lifeboat(&[
                "export",
                s(&archive),
                "--to",
                "parquet",
                "--include",
                "direct",
                "--out",
                s(&parquet),
            ]);
            assert!(
                o.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let o = lifeboat(&[
                "export",
                s(&archive),
                "--to",
                "parquet",
                "--include",
                "direct",
                "--out",
                s(&lake),
            ]);
            assert!(
                o.status.success(),
                "{name} into the shared tree: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let counts = common::read_records(&archive)
                .into_iter()
                .map(|(k, v)| (k, v.len()))
                .collect();
            let id = lifeboat::Archive::open(&archive).expect("open").id();
            out.push(Sample {
                name,
                archive,
                parquet,
                id,
                counts,
            });
        }
        (dir, out)
    })
}

/// The archive's records file name of a kind (`posts`).
fn file_of(kind: &str) -> String {
    match kind {
        "media" => "media".into(),
        k => format!("{k}s"),
    }
}

/// The entries of a folder (none when it does not exist).
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn name_of(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).unwrap_or_default()
}

/// The Parquet files of one kind of an export (of every archive in it, or only of the
/// archive `id`): `record=<kind>/network=…/account=…/part-<archive id>.parquet`.
fn files_of_archive(export: &Path, kind: &str, id: Option<&str>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for net in entries(&export.join(format!("record={kind}"))) {
        assert!(
            name_of(&net).starts_with("network="),
            "{}: not a network partition",
            net.display()
        );
        for acct in entries(&net) {
            assert!(
                name_of(&acct).starts_with("account="),
                "{}: not an account partition",
                acct.display()
            );
            for f in entries(&acct) {
                let n = name_of(&f);
                assert!(
                    n.starts_with("part-") && n.ends_with(".parquet"),
                    "{}: not a part file",
                    f.display()
                );
                if id.is_none_or(|id| n == format!("part-{id}.parquet")) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// The Parquet files of one kind of an export.
fn files_of(export: &Path, kind: &str) -> Vec<PathBuf> {
    files_of_archive(export, kind, None)
}

/// Rows of a Parquet file.
fn rows_of(f: &Path) -> Vec<BTreeMap<String, Field>> {
    let r = SerializedFileReader::new(std::fs::File::open(f).expect("open"))
        .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    r.get_row_iter(None)
        .expect("rows")
        .map(|row| {
            row.expect("row")
                .get_column_iter()
                .map(|(n, f)| (n.clone(), f.clone()))
                .collect()
        })
        .collect()
}

#[test]
fn every_sample_reads_back_with_the_parquet_reader() {
    let (_, samples) = samples();
    assert!(
        samples.len() >= 40,
        "only {} samples imported with the default options",
        samples.len()
    );
    let mut total = 0;
    for smp in samples {
        let records = common::read_records(&smp.archive);
        for kind in KINDS {
            let mut ids = BTreeSet::new();
            let mut rows = 0usize;
            for f in files_of(&smp.parquet, kind) {
                let r = SerializedFileReader::new(std::fs::File::open(&f).expect("open"))
                    .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                let kv: BTreeMap<String, String> = r
                    .metadata()
                    .file_metadata()
                    .key_value_metadata()
                    .map(|v| {
                        v.iter()
                            .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default();
                assert_eq!(
                    kv.get("lifeboat.record_kind").map(String::as_str),
                    Some(kind)
                );
                for row in r.get_row_iter(None).expect("rows") {
                    let row = row.expect("row");
                    let mut id = None;
                    let mut entry = None;
                    for (name, field) in row.get_column_iter() {
                        match (name.as_str(), field) {
                            ("id", Field::Str(s)) => id = Some(s.clone()),
                            ("source_entry", Field::Str(s)) => entry = Some(s.clone()),
                            _ => {}
                        }
                    }
                    let id = id.unwrap_or_else(|| panic!("{}: a row without id", smp.name));
                    assert!(entry.is_some(), "{}: {id} has no source_entry", smp.name);
                    ids.insert(id);
                    rows += 1;
                }
            }
            let want: BTreeSet<String> = records
                .get(&file_of(kind))
                .map(|v| {
                    v.iter()
                        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(rows, want.len(), "{} {kind}: rows", smp.name);
            assert_eq!(ids, want, "{} {kind}: ids", smp.name);
            total += rows;
        }
        let catalog = smp.parquet.join(format!("catalog/part-{}.parquet", smp.id));
        assert!(catalog.is_file(), "{}: no catalog", smp.name);
        let sources = lifeboat::Archive::open(&smp.archive)
            .expect("open")
            .sources()
            .len();
        assert_eq!(rows_of(&catalog).len(), sources, "{}: catalog", smp.name);
    }
    assert!(total > 500, "only {total} rows across the samples");
}

/// The typed columns hold the records' values: a post's time in microseconds UTC,
/// its tags as a list, its dump's checksum; what is direct stays out unless asked.
#[test]
fn columns_are_typed_and_direct_needs_asking() {
    let dir = TempDir::new("parquet-typed");
    let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g2-2021");
    let archive = dir.join("archive");
    let o = lifeboat(&["import", s(&dump), "--out", s(&archive)]);
    assert!(o.status.success());
    let records = common::read_records(&archive);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(archive.join("data/lifeboat.json")).unwrap())
            .unwrap();
    let sha = meta["sources"][0]["sha256"].as_str().unwrap().to_string();

    let out = dir.join("pq");
    let o = lifeboat(&[
        "export",
        s(&archive),
        "--to",
        "parquet",
        "--out",
        s(&out),
        "--report",
        s(&dir.join("report.json")),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    let messages = records["messages"].len() as u64;
    assert!(messages > 0);
    assert!(files_of(&out, "message").is_empty() && files_of(&out, "conversation").is_empty());
    let lost_messages: u64 = report["lost"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "message")
        .map(|l| l["count"].as_u64().unwrap())
        .sum();
    assert_eq!(lost_messages, messages, "{report}");
    assert_eq!(
        report["written"]["post"].as_u64(),
        Some(records["posts"].len() as u64)
    );

    let owner = meta["sources"][0]["coverage"]["accounts"][0]
        .as_str()
        .unwrap()
        .replace(':', "%3A");
    let f = out.join(format!(
        "record=post/network=twitter/account={owner}/part-{}.parquet",
        lifeboat::Archive::open(&archive).unwrap().id()
    ));
    let r = SerializedFileReader::new(std::fs::File::open(&f).unwrap()).unwrap();
    let mut seen = 0;
    for row in r.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let cols: BTreeMap<String, Field> = row
            .get_column_iter()
            .map(|(n, f)| (n.clone(), f.clone()))
            .collect();
        let Field::Str(id) = &cols["id"] else {
            panic!("id")
        };
        let rec = records["posts"]
            .iter()
            .find(|p| p["id"] == id.as_str())
            .unwrap();
        assert_eq!(cols["source_sha256"], Field::Str(sha.clone()));
        assert_eq!(
            cols["source_entry"],
            Field::Str(rec["source"]["entry"].as_str().unwrap().into())
        );
        if let Some(t) = rec["created_at"].as_str() {
            let ms = chrono::DateTime::parse_from_rfc3339(t)
                .unwrap()
                .timestamp_millis();
            assert_eq!(
                cols["created_at"],
                Field::TimestampMicros(ms * 1000),
                "{id}"
            );
        }
        let tags: Vec<Field> = rec["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| Field::Str(t.as_str().unwrap().into()))
                    .collect()
            })
            .unwrap_or_default();
        match &cols["tags"] {
            Field::ListInternal(l) => assert_eq!(l.elements(), tags.as_slice(), "{id}"),
            o => panic!("tags: {o:?}"),
        }
        // ext is the record's ext, as JSON
        match (&cols["ext"], rec.get("ext")) {
            (Field::Str(e), Some(want)) => {
                assert_eq!(&serde_json::from_str::<serde_json::Value>(e).unwrap(), want)
            }
            (Field::Null, None) => {}
            (got, want) => panic!("{id}: ext {got:?} / {want:?}"),
        }
        seen += 1;
    }
    assert_eq!(seen, records["posts"].len());
}

/// DuckDB reads every sample's export as a Hive-partitioned dataset, and its counts per
/// kind equal the archive's records; pyarrow reads the schema with its types. Over the
/// one tree every sample was also exported into, the rows per kind are the sum of the
/// archives' records per kind, each archive's rows (by `archive_id`) are its own, and
/// the catalog lists every archive and dump.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_python3, lifeboat_py_duckdb, lifeboat_py_pyarrow)),
    ignore = "needs python3 with duckdb and pyarrow (pip install duckdb pyarrow; .ci/run installs them)"
)]
fn duckdb_and_pyarrow_read_every_sample() {
    let (dir, samples) = samples();
    let mut want = serde_json::Map::new();
    for smp in samples {
        let counts: serde_json::Map<String, serde_json::Value> = KINDS
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    serde_json::Value::from(smp.counts.get(&file_of(k)).copied().unwrap_or(0)),
                )
            })
            .collect();
        let sources = lifeboat::Archive::open(&smp.archive)
            .expect("open")
            .sources()
            .len();
        want.insert(
            s(&smp.parquet).to_string(),
            serde_json::json!({"id": smp.id, "counts": counts, "sources": sources}),
        );
    }
    let spec = dir.join("duckdb-want.json");
    std::fs::write(
        &spec,
        serde_json::json!({"samples": want, "lake": s(&dir.join("lake"))}).to_string(),
    )
    .unwrap();
    let script = r#"
import json, os, sys, duckdb, pyarrow as pa, pyarrow.parquet as pq, pyarrow.dataset as ds
spec = json.load(open(sys.argv[1]))
want, lake = spec["samples"], spec["lake"]
con = duckdb.connect()
bad = []
checked = 0
q = lambda sql, *args: con.execute(sql, list(args)).fetchall()
for out, w in want.items():
    for kind, n in w["counts"].items():
        d = os.path.join(out, "record=" + kind)
        got = 0
        if os.path.isdir(d):
            glob = d + "/*/*/*.parquet"
            got = q("select count(*) from read_parquet(?, hive_partitioning=true, union_by_name=true)", glob)[0][0]
            nets = q("select count(distinct network) from read_parquet(?, hive_partitioning=true)", glob)[0][0]
            if nets < 1:
                bad.append(f"{out} {kind}: no network column from the partitions")
            # the account partition is an owner's record id (or null), of the row's network
            for net, acct in q("select distinct network, account from read_parquet(?, hive_partitioning=true)", glob):
                if acct is not None and not acct.startswith(net + ":account:"):
                    bad.append(f"{out} {kind}: account partition {acct!r} under network {net}")
        if got != n:
            bad.append(f"{out} {kind}: duckdb counts {got}, the archive holds {n}")
        checked += 1
    cat = q("select count(*), count(sha256), count(distinct archive_id), min(archive_id) from read_parquet(?)",
            os.path.join(out, "catalog", "*.parquet"))[0]
    if cat[0] != w["sources"] or cat[1] != cat[0] or cat[2] != 1 or cat[3] != w["id"]:
        bad.append(f"{out}: catalog {cat}, want {w['sources']} dumps of archive {w['id']}")
# pyarrow: the schema of posts, with the partition columns
part = ds.partitioning(pa.schema([("network", pa.string()), ("account", pa.string())]), flavor="hive")
for out in want:
    d = os.path.join(out, "record=post")
    if not os.path.isdir(d):
        continue
    schema = ds.dataset(d, format="parquet", partitioning=part).schema
    t = schema.field("created_at").type
    if not (pa.types.is_timestamp(t) and t.unit == "us" and t.tz in ("UTC", "+00:00")):
        bad.append(f"{out}: created_at is {t}")
    if not pa.types.is_list(schema.field("tags").type):
        bad.append(f"{out}: tags is {schema.field('tags').type}")
    for c in ("id", "text", "source_sha256", "source_entry", "source_index", "ext", "archive_id", "network", "account"):
        if schema.get_field_index(c) < 0:
            bad.append(f"{out}: no column {c}")
    f = next(os.path.join(r, x) for r, _, fs in os.walk(d) for x in fs if x.endswith(".parquet"))
    meta = pq.ParquetFile(f).metadata
    if meta.row_group(0).column(0).compression != "ZSTD":
        bad.append(f"{f}: compression {meta.row_group(0).column(0).compression}")
    if (meta.metadata or {}).get(b"lifeboat.parquet_schema") != b"2.0":
        bad.append(f"{f}: lifeboat.parquet_schema {(meta.metadata or {}).get(b'lifeboat.parquet_schema')}")
# many archives as one dataset: the shared tree, globbed at once
for kind in next(iter(want.values()))["counts"]:
    total = sum(w["counts"][kind] for w in want.values())
    d = os.path.join(lake, "record=" + kind)
    got = {}
    if os.path.isdir(d):
        got = dict(q("select archive_id, count(*) from read_parquet(?, hive_partitioning=true, union_by_name=true) group by all",
                     d + "/*/*/*.parquet"))
    if sum(got.values()) != total:
        bad.append(f"shared tree {kind}: {sum(got.values())} rows, the archives hold {total}")
    for out, w in want.items():
        if got.get(w["id"], 0) != w["counts"][kind]:
            bad.append(f"shared tree {kind}: archive {w['id']} ({out}) has {got.get(w['id'], 0)} rows, holds {w['counts'][kind]}")
cat = q("select count(*), count(distinct archive_id), count(distinct sha256) from read_parquet(?)",
        os.path.join(lake, "catalog", "*.parquet"))[0]
if cat[0] != sum(w["sources"] for w in want.values()) or cat[1] != len(want):
    bad.append(f"shared tree catalog: {cat}")
print(checked)
for b in bad:
    print("BAD", b)
"#;
    let o = Command::new("python3")
        .args(["-c", script, s(&spec)])
        .output()
        .expect("python3");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!text.contains("BAD"), "{text}");
    let checked: usize = text
        .lines()
        .next()
        .unwrap_or("0")
        .trim()
        .parse()
        .unwrap_or(0);
    assert_eq!(checked, samples.len() * KINDS.len(), "{text}");
}

/// Exports of several archives into one folder add files beside each other's; an
/// archive exported again replaces its own files only, and drops the partitions it no
/// longer writes.
#[test]
fn archives_share_one_tree_and_replace_only_their_own_files() {
    let dir = TempDir::new("parquet-tree");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let (a, b) = (dir.join("a"), dir.join("b"));
    // a: an X and a Mastodon account; b: another Mastodon account
    for (dump, archive) in [
        ("twitter/samples/g3-2026", &a),
        ("mastodon/samples/archive-2023.zip", &a),
        ("mastodon/samples/archive-2022.tar.gz", &b),
    ] {
        let o = lifeboat(&["import", s(&root.join(dump)), "--out", s(archive), "-q"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let lake = dir.join("lake");
    let export = |archive: &Path, extra: &[&str]| {
        let mut args = vec![
            "export",
            s(archive),
            "--to",
            "parquet",
            "--include",
            "direct",
            "--out",
            s(&lake),
        ];
        args.extend_from_slice(extra);
        let o = lifeboat(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let id = |p: &Path| lifeboat::Archive::open(p).unwrap().id();
    let (ida, idb) = (id(&a), id(&b));
    assert_ne!(ida, idb);
    let rows = |id: &str, kind: &str| -> usize {
        files_of_archive(&lake, kind, Some(id))
            .iter()
            .map(|f| rows_of(f).len())
            .sum()
    };
    let posts = |p: &Path| common::read_records(p)["posts"].len();
    export(&a, &[]);
    export(&b, &[]);
    assert_eq!(rows(&ida, "post"), posts(&a));
    assert_eq!(rows(&idb, "post"), posts(&b));
    // a's posts are under its two owners, each of its network
    let a_posts = files_of_archive(&lake, "post", Some(&ida));
    assert_eq!(a_posts.len(), 2, "{a_posts:?}");
    for f in &a_posts {
        let acct = f.parent().map(name_of).unwrap_or_default();
        let net = f
            .parent()
            .and_then(Path::parent)
            .map(name_of)
            .unwrap_or_default();
        let net = net.trim_start_matches("network=");
        assert!(
            acct.starts_with(&format!("account={net}%3Aaccount%3A")),
            "{}",
            f.display()
        );
    }
    let b_files: Vec<PathBuf> = KINDS
        .iter()
        .flat_map(|k| files_of_archive(&lake, k, Some(&idb)))
        .collect();
    let b_bytes: Vec<Vec<u8>> = b_files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    // again: the same files, no more rows
    export(&a, &[]);
    assert_eq!(rows(&ida, "post"), posts(&a));
    assert_eq!(files_of_archive(&lake, "post", Some(&ida)).len(), 2);
    // only its X records now: its Mastodon files go, b's stay as they were
    export(&a, &["--network", "twitter"]);
    let a_posts = files_of_archive(&lake, "post", Some(&ida));
    assert_eq!(a_posts.len(), 1, "{a_posts:?}");
    assert!(a_posts[0].to_string_lossy().contains("network=twitter"));
    for (f, bytes) in b_files.iter().zip(&b_bytes) {
        assert_eq!(&std::fs::read(f).unwrap(), bytes, "{}", f.display());
    }
    assert_eq!(rows(&idb, "post"), posts(&b));
    // the catalog: one file per archive, one row per dump
    let cat: Vec<usize> = entries(&lake.join("catalog"))
        .iter()
        .map(|f| rows_of(f).len())
        .collect();
    assert_eq!(cat, {
        let mut v = vec![2, 1];
        if ida > idb {
            v.reverse();
        }
        v
    });
    // nothing half-written is left behind
    let mut todo = vec![lake.clone()];
    while let Some(d) = todo.pop() {
        for e in entries(&d) {
            let n = name_of(&e);
            assert!(!n.contains(".partial"), "left behind: {}", e.display());
            if e.is_dir() {
                todo.push(e);
            }
        }
    }
}

/// The SQLite export's Datasette metadata names real tables and columns (Datasette
/// itself serves it in the test below).
#[test]
fn sqlite_export_ships_datasette_metadata() {
    sqlite_with_metadata(&TempDir::new("datasette-metadata"));
}

/// Datasette serves full-text search, facets and a canned query with the metadata.
#[test]
#[cfg_attr(
    not(lifeboat_tool_datasette),
    ignore = "needs datasette (pip install datasette; .ci/run installs it)"
)]
fn datasette_serves_the_sqlite_export_with_its_metadata() {
    let dir = TempDir::new("datasette");
    let (archive, db, mpath) = sqlite_with_metadata(&dir);
    // a word of a post, searched through the metadata's FTS table
    let posts = common::read_records(&archive);
    let word = posts["posts"]
        .iter()
        .filter_map(|p| p["text"].as_str())
        .flat_map(|t| t.split_whitespace())
        .find(|w| w.len() > 4 && w.chars().all(char::is_alphanumeric))
        .expect("a word")
        .to_string();
    let get = |path: &str| -> serde_json::Value {
        let o = Command::new("datasette")
            .args([s(&db), "-m", s(&mpath), "--get", path])
            .output()
            .expect("datasette");
        assert!(
            o.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let r = get(&format!("/records/posts.json?_search={word}"));
    let n = r["filtered_table_rows_count"].as_u64().unwrap_or(0);
    let want = posts["posts"]
        .iter()
        .filter(|p| {
            p["text"]
                .as_str()
                .is_some_and(|t| t.contains(word.as_str()))
        })
        .count() as u64;
    assert!(
        n >= 1 && n <= want,
        "search {word}: {n} rows ({want} contain it)"
    );
    let facets = r["facet_results"].as_object().expect("facet_results");
    assert!(
        facets.contains_key("network") && facets.contains_key("visibility"),
        "{facets:?}"
    );
    let md = get("/-/metadata.json");
    assert_eq!(
        md["databases"]["records"]["tables"]["posts"]["title"],
        "Posts"
    );
    let q = get("/records/who_messaged_whom.json?_shape=array");
    assert!(q.as_array().is_some_and(|a| !a.is_empty()), "{q}");
}

/// Import the X sample and export it as SQLite; the metadata checked against the
/// database. The archive, the database and the metadata file.
fn sqlite_with_metadata(dir: &TempDir) -> (PathBuf, PathBuf, PathBuf) {
    let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g2-2021");
    let archive = dir.join("archive");
    assert!(lifeboat(&["import", s(&dump), "--out", s(&archive)])
        .status
        .success());
    let db = dir.join("records.sqlite");
    let o = lifeboat(&["export", s(&archive), "--to", "sqlite", "--out", s(&db)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mpath = dir.join("records.sqlite.metadata.json");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&mpath).expect("metadata"))
        .expect("metadata is JSON");
    let tables = m["databases"]["records"]["tables"]
        .as_object()
        .expect("databases.records.tables");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let columns_of = |t: &str| -> BTreeSet<String> {
        let mut st = conn
            .prepare(&format!("PRAGMA table_info(\"{t}\")"))
            .unwrap();
        st.query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .map(|c| c.unwrap())
            .collect()
    };
    for (t, spec) in tables {
        let cols = columns_of(t);
        assert!(
            !cols.is_empty(),
            "metadata names table {t}, the database has none"
        );
        for f in spec["facets"].as_array().into_iter().flatten() {
            assert!(cols.contains(f.as_str().unwrap()), "{t}: facet {f}");
        }
        for c in spec["columns"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            assert!(cols.contains(c), "{t}: column {c}");
        }
        for k in ["sort", "sort_desc", "label_column"] {
            if let Some(c) = spec[k].as_str() {
                assert!(cols.contains(c), "{t}: {k} {c}");
            }
        }
        if let Some(fts) = spec["fts_table"].as_str() {
            assert!(columns_of(fts).contains("text"), "{t}: fts table {fts}");
        }
    }
    for t in ["posts", "messages", "accounts", "media"] {
        assert!(tables.contains_key(t), "no metadata for {t}");
    }
    assert_eq!(tables["posts"]["fts_table"], "posts_fts");
    for (name, q) in m["databases"]["records"]["queries"].as_object().unwrap() {
        let sql = q["sql"].as_str().unwrap();
        conn.prepare(sql)
            .unwrap_or_else(|e| panic!("canned query {name}: {e}"));
    }

    (archive, db, mpath)
}
