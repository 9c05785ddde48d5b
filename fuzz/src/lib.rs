//! Shared helpers of the fuzz targets: one function per reader, so that a crasher can
//! be replayed outside afl (`cargo run --bin replay -- TARGET FILE`).

use std::io::Read;
use std::path::PathBuf;

use lifeboat::__internal::Container;
use lifeboat::__internal::JsonItems;
use lifeboat::__internal::Table;
use lifeboat::__internal::XmlReader;
use lifeboat::{ImportOptions, Limits};

/// Small limits, so that a hostile input hits them quickly instead of the machine.
pub fn limits() -> Limits {
    let mut l = Limits::default();
    for (k, v) in [
        ("total-bytes", "64M"),
        ("entry-bytes", "16M"),
        ("record-bytes", "1M"),
        ("entries", "10000"),
        ("car-block", "1M"),
    ] {
        let _ = l.set(k, v);
    }
    l
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lifeboat-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

/// A dump container (zip, tar.gz, gz, single file): list it, then read every entry to
/// its end (which checks CRCs and limits).
pub fn container(data: &[u8]) {
    let p = scratch("dump.bin");
    if std::fs::write(&p, data).is_err() {
        return;
    }
    let spool = scratch("spool");
    let _ = std::fs::create_dir_all(&spool);
    if let Ok(mut c) = Container::open(&p, &limits(), Some(&spool)) {
        let n = c.entries().len();
        let mut buf = vec![0u8; 1 << 15];
        for i in 0..n {
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

/// The JSON item reader: a top-level array (or `window.YTD… = [`), or, when the first
/// byte is odd, the array under a key of a top-level object.
pub fn json(data: &[u8]) {
    let l = limits();
    let keyed = data.first().is_some_and(|b| b & 1 == 1);
    let mut items = if keyed {
        JsonItems::at_key(data.get(1..).unwrap_or_default(), &l, "orderedItems")
    } else {
        JsonItems::new(data, &l)
    };
    let mut n = 0;
    while let Some(item) = items.next() {
        if let Ok(b) = item {
            let _ = serde_json_check(b);
        }
        n += 1;
        if n > 100_000 {
            break;
        }
    }
    let _ = items.others();
}

fn serde_json_check(b: &[u8]) -> bool {
    // every item handed out must be one complete JSON value
    std::str::from_utf8(b).is_ok()
}

/// The XML reader: every element at depth 1 and 2 collected into a tree.
pub fn xml(data: &[u8]) {
    let mut r = XmlReader::new(data, "fuzz.xml");
    let mut n = 0;
    loop {
        match r.next_open() {
            Ok(Some(open)) => {
                if open.depth >= 1 {
                    if let Ok(node) = r.collect(open) {
                        let _ = node.to_json();
                    }
                }
            }
            Ok(None) | Err(_) => break,
        }
        n += 1;
        if n > 100_000 {
            break;
        }
    }
    let _ = r.repairs();
}

/// The CSV tables: header, then every row.
pub fn csv(data: &[u8]) {
    if let Ok(mut t) = Table::new(data) {
        let _ = t.header().len();
        let mut n = 0;
        while let Some(row) = t.next_row() {
            if let Ok(row) = row {
                let _ = row.rest(&[]);
                let _ = row.get("id");
            }
            n += 1;
            if n > 100_000 {
                break;
            }
        }
    }
}

/// A Bluesky repository CAR, read by the whole Bluesky importer (CAR, CBOR, MST walk,
/// records) into a sink that writes nothing.
pub fn car(data: &[u8]) {
    let p = scratch("repo.car");
    if std::fs::write(&p, data).is_err() {
        return;
    }
    let opts = ImportOptions {
        network: Some("bluesky".into()),
        limits: limits(),
        spool_dir: Some(scratch("")),
        ..ImportOptions::default()
    };
    let _ = lifeboat::inspect(&p, &opts);
}

/// Run the target called `name` on `data`.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "container" => container(data),
        "json" => json(data),
        "xml" => xml(data),
        "csv" => csv(data),
        "car" => car(data),
        _ => return false,
    }
    true
}
