//! Import speed and memory on a generated Bluesky repository (`repo.car`).
//!
//! ```sh
//! cargo run --release --example bench_bluesky -- 100000
//! ```
//!
//! The CAR is generated here, deterministically (same records, same bytes every run):
//! 70% posts (every tenth with a link facet after an emoji, every fifth a reply), 20%
//! likes, 10% follows, an MST built by the key-height rule, the commit first and the
//! other blocks in MST-walk-unfriendly order (records first, then nodes bottom-up).
//! It is cached in `$TMPDIR/lifeboat-bench/`. Each import runs in a child process of
//! this program, so its peak RSS (VmHWM) is its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lifeboat::__internal::key_height;
use lifeboat::__internal::Cid;

mod common;
use common::peak_rss_kb;

// ------------------------------------------------------------------ DAG-CBOR writer

enum V {
    Null,
    Int(u64),
    Text(String),
    Bytes(Vec<u8>),
    Link(Cid),
    Array(Vec<V>),
    Map(Vec<(&'static str, V)>),
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    if n < 24 {
        out.push(m | n as u8);
    } else if n < 1 << 8 {
        out.extend_from_slice(&[m | 24, n as u8]);
    } else if n < 1 << 16 {
        out.push(m | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n < 1 << 32 {
        out.push(m | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn enc(v: &V, out: &mut Vec<u8>) {
    match v {
        V::Null => out.push(0xf6),
        V::Int(i) => head(out, 0, *i),
        V::Text(s) => {
            head(out, 3, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        V::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend_from_slice(b);
        }
        V::Link(c) => {
            out.extend_from_slice(&[0xd8, 0x2a]);
            head(out, 2, c.as_bytes().len() as u64 + 1);
            out.push(0);
            out.extend_from_slice(c.as_bytes());
        }
        V::Array(a) => {
            head(out, 4, a.len() as u64);
            for x in a {
                enc(x, out);
            }
        }
        V::Map(m) => {
            let mut m: Vec<&(&str, V)> = m.iter().collect();
            m.sort_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
            head(out, 5, m.len() as u64);
            for (k, x) in m {
                head(out, 3, k.len() as u64);
                out.extend_from_slice(k.as_bytes());
                enc(x, out);
            }
        }
    }
}

fn bytes_of(v: &V) -> Vec<u8> {
    let mut b = Vec::new();
    enc(v, &mut b);
    b
}

fn t(s: impl Into<String>) -> V {
    V::Text(s.into())
}

// ------------------------------------------------------------------ repository

fn tid(n: u64) -> String {
    const A: &[u8] = b"234567abcdefghijklmnopqrstuvwxyz";
    // 2024-01-01 in µs, one record a second
    let v = ((1_704_067_200_000_000u64 + n * 1_000_000) << 10) | 7;
    (0..13)
        .rev()
        .map(|i| A[((v >> (5 * i)) & 31) as usize] as char)
        .collect()
}

fn record(i: u64, did: &str) -> (String, V) {
    let rk = tid(i);
    let at = format!(
        "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        1 + i % 12,
        1 + i % 28,
        i % 24,
        i % 60,
        (i / 60) % 60,
        i % 1000
    );
    match i % 10 {
        0..=6 => {
            let mut fields = vec![
                ("$type", t("app.bsky.feed.post")),
                ("createdAt", t(at)),
                ("langs", V::Array(vec![t("en")])),
            ];
            if i % 10 == 0 {
                let text = format!("🦋 post {i} links example.com/{i}");
                let start = text.find("example.com").unwrap_or(0) as u64;
                let end = text.len() as u64;
                fields.push(("text", t(text)));
                fields.push((
                    "facets",
                    V::Array(vec![V::Map(vec![
                        (
                            "index",
                            V::Map(vec![("byteStart", V::Int(start)), ("byteEnd", V::Int(end))]),
                        ),
                        (
                            "features",
                            V::Array(vec![V::Map(vec![
                                ("$type", t("app.bsky.richtext.facet#link")),
                                ("uri", t(format!("https://example.com/{i}"))),
                            ])]),
                        ),
                    ])]),
                ));
            } else {
                fields.push((
                    "text",
                    t(format!(
                        "post number {i}: a generated skeet of modest length"
                    )),
                ));
            }
            if i % 5 == 1 {
                let parent = V::Map(vec![
                    (
                        "uri",
                        t(format!("at://{did}/app.bsky.feed.post/{}", tid(i - 1))),
                    ),
                    ("cid", t("bafyreigenerated")),
                ]);
                let root = V::Map(vec![
                    (
                        "uri",
                        t(format!("at://{did}/app.bsky.feed.post/{}", tid(0))),
                    ),
                    ("cid", t("bafyreigenerated")),
                ]);
                fields.push(("reply", V::Map(vec![("root", root), ("parent", parent)])));
            }
            (format!("app.bsky.feed.post/{rk}"), V::Map(fields))
        }
        7 | 8 => (
            format!("app.bsky.feed.like/{rk}"),
            V::Map(vec![
                ("$type", t("app.bsky.feed.like")),
                ("createdAt", t(at)),
                (
                    "subject",
                    V::Map(vec![
                        (
                            "uri",
                            t(format!(
                                "at://did:plc:other{}/app.bsky.feed.post/{}",
                                i % 997,
                                tid(i)
                            )),
                        ),
                        ("cid", t("bafyreigenerated")),
                    ]),
                ),
            ]),
        ),
        _ => (
            format!("app.bsky.graph.follow/{rk}"),
            V::Map(vec![
                ("$type", t("app.bsky.graph.follow")),
                ("createdAt", t(at)),
                ("subject", t(format!("did:plc:followed{i:016}"))),
            ]),
        ),
    }
}

/// Build the MST over sorted `(key, value)` pairs at `layer`; node blocks are appended.
fn build(keys: &[(String, Cid)], layer: u32, blocks: &mut Vec<(Cid, Vec<u8>)>) -> Cid {
    let mut entries: Vec<(usize, Option<Cid>)> = Vec::new();
    let mut left = None;
    let mut group_start = 0;
    let flush = |from: usize,
                 to: usize,
                 entries: &mut Vec<(usize, Option<Cid>)>,
                 left: &mut Option<Cid>,
                 blocks: &mut Vec<(Cid, Vec<u8>)>| {
        if from < to {
            let sub = build(&keys[from..to], layer - 1, blocks);
            match entries.last_mut() {
                Some(e) => e.1 = Some(sub),
                None => *left = Some(sub),
            }
        }
    };
    for (i, (k, _)) in keys.iter().enumerate() {
        if key_height(k.as_bytes()) >= layer {
            flush(group_start, i, &mut entries, &mut left, blocks);
            entries.push((i, None));
            group_start = i + 1;
        }
    }
    flush(group_start, keys.len(), &mut entries, &mut left, blocks);
    let mut prev: &[u8] = b"";
    let mut es = Vec::with_capacity(entries.len());
    for (i, tree) in entries {
        let k = keys[i].0.as_bytes();
        let p = prev.iter().zip(k).take_while(|(a, b)| a == b).count();
        es.push(V::Map(vec![
            ("p", V::Int(p as u64)),
            ("k", V::Bytes(k[p..].to_vec())),
            ("v", V::Link(keys[i].1.clone())),
            ("t", tree.map(V::Link).unwrap_or(V::Null)),
        ]));
        prev = k;
    }
    let data = bytes_of(&V::Map(vec![
        ("l", left.map(V::Link).unwrap_or(V::Null)),
        ("e", V::Array(es)),
    ]));
    let cid = Cid::dag_cbor_of(&data);
    blocks.push((cid.clone(), data));
    cid
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn generate(n: u64, path: &Path) -> std::io::Result<()> {
    let did = "did:plc:benchbenchbenchbenchbenc";
    let mut blocks: Vec<(Cid, Vec<u8>)> = Vec::new();
    let mut keys = Vec::with_capacity(n as usize);
    for i in 0..n {
        let (key, v) = record(i, did);
        let data = bytes_of(&v);
        let cid = Cid::dag_cbor_of(&data);
        keys.push((key, cid.clone()));
        blocks.push((cid, data));
    }
    keys.sort();
    let top = keys
        .iter()
        .map(|(k, _)| key_height(k.as_bytes()))
        .max()
        .unwrap_or(0);
    let root = build(&keys, top, &mut blocks);
    let commit = bytes_of(&V::Map(vec![
        ("did", t(did)),
        ("version", V::Int(3)),
        ("data", V::Link(root)),
        ("rev", t(tid(n))),
        ("prev", V::Null),
        ("sig", V::Bytes(vec![0; 64])),
    ]));
    let commit_cid = Cid::dag_cbor_of(&commit);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let header = bytes_of(&V::Map(vec![
        ("roots", V::Array(vec![V::Link(commit_cid.clone())])),
        ("version", V::Int(1)),
    ]));
    let mut buf = Vec::new();
    varint(header.len() as u64, &mut buf);
    buf.extend_from_slice(&header);
    for (c, d) in std::iter::once((commit_cid, commit)).chain(blocks) {
        varint((c.as_bytes().len() + d.len()) as u64, &mut buf);
        buf.extend_from_slice(c.as_bytes());
        buf.extend_from_slice(&d);
        out.write_all(&buf)?;
        buf.clear();
    }
    out.flush()
}

fn child(dump: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let t = Instant::now();
    let done = lifeboat::import_dump(
        dump,
        out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let secs = t.elapsed().as_secs_f64();
    let read: u64 = done.report.records.values().map(|c| c.read).sum();
    println!(
        "{secs:.3} {} {read} {}",
        peak_rss_kb(),
        done.report.balanced()
    );
    let _ = std::fs::remove_dir_all(out);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    let sizes: Vec<u64> = if args.is_empty() {
        vec![100_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let dir = std::env::temp_dir().join("lifeboat-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    println!("| records | CAR MB | generate (s) | sha256sum CAR (s) | import (s) | ratio | records/s | peak RSS (MB) | records read | balanced |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for n in sizes {
        let car: PathBuf = dir.join(format!("bluesky-{n}.car"));
        let t = Instant::now();
        if !car.exists() {
            generate(n, &car).expect("generate the CAR");
        }
        let gen = t.elapsed().as_secs_f64();
        let mb = std::fs::metadata(&car).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        // the floor: every block must be hashed once
        let t = Instant::now();
        let st = std::process::Command::new("sha256sum")
            .arg(&car)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("sha256sum");
        assert!(st.success());
        let floor = t.elapsed().as_secs_f64();
        let out = dir.join(format!("bluesky-archive-{n}"));
        let Some(f) = common::run_child(&car, &out, 4) else {
            continue;
        };
        let secs: f64 = f[0].parse().unwrap_or(0.0);
        let rss: f64 = f[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "| {n} | {mb:.1} | {gen:.2} | {floor:.2} | {secs:.2} | {:.2} | {:.0} | {rss:.0} | {} | {} |",
            secs / floor.max(1e-9),
            n as f64 / secs.max(1e-9),
            f[2],
            f[3]
        );
    }
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
