//! Inputs found by the fuzz targets (`fuzz/`), replayed through the same readers: every
//! crasher the fuzzer found becomes a file under `tests/fuzz/<target>/`, and so do a few
//! inputs of each target's corpus that reach deep into its reader. None may panic.

mod common;

use std::io::Read;
use std::path::Path;

use lifeboat::__internal::Container;
use lifeboat::__internal::JsonItems;
use lifeboat::__internal::Table;
use lifeboat::__internal::XmlReader;
use lifeboat::{ImportOptions, Limits};

fn limits() -> Limits {
    let mut l = Limits::default();
    for (k, v) in [
        ("total-bytes", "64M"),
        ("entry-bytes", "16M"),
        ("record-bytes", "1M"),
        ("entries", "10000"),
        ("car-block", "1M"),
    ] {
        l.set(k, v).unwrap();
    }
    l
}

fn container(data: &[u8], dir: &Path) {
    let p = dir.join("dump.bin");
    std::fs::write(&p, data).unwrap();
    if let Ok(mut c) = Container::open(&p, &limits(), Some(dir)) {
        let mut buf = vec![0u8; 1 << 15];
        for i in 0..c.entries().len() {
            if let Ok(mut r) = c.open_entry(i) {
                while let Ok(k) = r.read(&mut buf) {
                    if k == 0 {
                        break;
                    }
                }
            }
        }
    }
}

fn json(data: &[u8]) {
    let l = limits();
    let mut items = if data.first().is_some_and(|b| b & 1 == 1) {
        JsonItems::at_key(&data[1..], &l, "orderedItems")
    } else {
        JsonItems::new(data, &l)
    };
    while items.next().is_some() {}
}

fn xml(data: &[u8]) {
    let mut r = XmlReader::new(data, "fuzz.xml");
    while let Ok(Some(open)) = r.next_open() {
        if open.depth >= 1 {
            if let Ok(n) = r.collect(open) {
                let _ = n.to_json();
            }
        }
    }
}

fn csv(data: &[u8]) {
    if let Ok(mut t) = Table::new(data) {
        while let Some(row) = t.next_row() {
            if let Ok(row) = row {
                let _ = row.rest(&[]);
            }
        }
    }
}

fn car(data: &[u8], dir: &Path) {
    let p = dir.join("repo.car");
    std::fs::write(&p, data).unwrap();
    let opts = ImportOptions {
        network: Some("bluesky".into()),
        limits: limits(),
        spool_dir: Some(dir.to_path_buf()),
        ..ImportOptions::default()
    };
    let _ = lifeboat::inspect(&p, &opts);
}

#[test]
fn fuzz_findings_replay_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let tmp = common::TempDir::new("fuzz");
    let mut n = 0;
    for target in ["container", "json", "xml", "csv", "car"] {
        let Ok(rd) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for f in rd.flatten() {
            let data = std::fs::read(f.path()).unwrap();
            let name = f.path().display().to_string();
            let dir = tmp.join(format!("{target}-{n}"));
            std::fs::create_dir_all(&dir).unwrap();
            let ok = std::panic::catch_unwind(|| match target {
                "container" => container(&data, &dir),
                "json" => json(&data),
                "xml" => xml(&data),
                "csv" => csv(&data),
                _ => car(&data, &dir),
            });
            assert!(ok.is_ok(), "{name} panicked");
            n += 1;
        }
    }
    assert!(n > 0, "no fuzz inputs under tests/fuzz");
}
