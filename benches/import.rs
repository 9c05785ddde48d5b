//! `cargo bench`: import time of a generated Twitter/X archive (10k tweets) and of the
//! streaming item reader alone. Figures for 10k to 1M tweets against `unzip -p` are
//! produced by `cargo run --release --example bench_import` (see benches/README.md).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn archive() -> Option<&'static PathBuf> {
    static A: OnceLock<Option<PathBuf>> = OnceLock::new();
    A.get_or_init(|| {
        let dir = std::env::temp_dir().join("lifeboat-bench");
        std::fs::create_dir_all(&dir).ok()?;
        let zip = dir.join("twitter-10000.zip");
        if !zip.exists() {
            let gen = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/acceptance/gen_twitter_archive.py");
            let ok = std::process::Command::new("python3")
                .arg(gen)
                .arg("10000")
                .arg("-o")
                .arg(&zip)
                .stdout(std::process::Stdio::null())
                .status()
                .ok()?
                .success();
            if !ok {
                return None;
            }
        }
        Some(zip)
    })
    .as_ref()
}

#[divan::bench(sample_count = 10)]
fn import_10k_tweets(b: divan::Bencher) {
    let Some(zip) = archive() else {
        eprintln!("no generator (../shared/acceptance): skipped");
        return;
    };
    let out = std::env::temp_dir().join(format!("lifeboat-bench-out-{}", std::process::id()));
    b.bench(|| {
        let _ = std::fs::remove_dir_all(&out);
        let r = lifeboat::import_dump(
            zip,
            &out,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .expect("import");
        divan::black_box(r.report.records.len());
    });
    let _ = std::fs::remove_dir_all(&out);
}

#[divan::bench(sample_count = 10)]
fn inspect_10k_tweets(b: divan::Bencher) {
    let Some(zip) = archive() else {
        return;
    };
    b.bench(|| {
        divan::black_box(
            lifeboat::inspect(zip, &lifeboat::ImportOptions::default()).expect("inspect"),
        )
    });
}

#[divan::bench]
fn json_items_1mb(b: divan::Bencher) {
    let item = br#"{ "tweet" : { "id_str" : "1", "full_text" : "hello \"world\" &amp; more", "entities" : { "urls" : [ ] } } }"#;
    let mut data = b"window.YTD.tweets.part0 = [".to_vec();
    while data.len() < 1 << 20 {
        data.extend_from_slice(item);
        data.push(b',');
    }
    data.extend_from_slice(item);
    data.push(b']');
    let limits = lifeboat::Limits::default();
    b.counter(divan::counter::BytesCount::new(data.len()))
        .bench(|| {
            let mut it = lifeboat::__internal::JsonItems::new(&data[..], &limits);
            let mut n = 0;
            while let Some(Ok(_)) = it.next() {
                n += 1;
            }
            divan::black_box(n)
        });
}

fn main() {
    divan::main();
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A zip of `n` empty stored entries, written byte by byte (issue 13: a hostile dump
/// of a million entries must be listed in bounded memory and time).
fn many_entry_zip(n: usize) -> PathBuf {
    let p = std::env::temp_dir().join(format!("lifeboat-bench/entries-{n}.zip"));
    if p.exists() {
        return p;
    }
    let _ = std::fs::create_dir_all(p.parent().unwrap_or(Path::new(".")));
    let mut out = Vec::new();
    let mut cd = Vec::new();
    for i in 0..n {
        let name = format!("data/x/{i:07}");
        let off = out.len() as u32;
        out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
        out.extend_from_slice(&[0u8; 12]);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        cd.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
        cd.extend_from_slice(&[0u8; 12]);
        cd.extend_from_slice(&(name.len() as u16).to_le_bytes());
        cd.extend_from_slice(&[0u8; 12]);
        cd.extend_from_slice(&off.to_le_bytes());
        cd.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend_from_slice(&cd);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    let count = (n.min(0xFFFF)) as u16;
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    let _ = std::fs::write(&p, out);
    p
}

#[divan::bench(sample_count = 5)]
fn list_a_zip_of_200k_entries(b: divan::Bencher) {
    let zip = many_entry_zip(200_000);
    b.bench(|| {
        let c = lifeboat::__internal::Container::open(&zip, &lifeboat::Limits::default(), None)
            .expect("open");
        divan::black_box(c.entries().len())
    });
}
