//! Hostile web captures: truncated records, wrong lengths, headers that never end,
//! decompression bombs in HTTP bodies and in the WARC's own gzip, a zip bomb in a
//! WACZ, garbage, and the samples damaged at random. Each gives a clear error or a
//! reported skip within the limits of the other containers, never a panic or a hang.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

mod common;
use common::TempDir;

fn record(kind: &str, uri: &str, ctype: &str, block: &[u8]) -> Vec<u8> {
    let mut v = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2010-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        block.len() as u32 ^ kind.len() as u32,
        block.len()
    )
    .into_bytes();
    v.extend_from_slice(block);
    v.extend_from_slice(b"\r\n\r\n");
    v
}

fn response(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &http)
}

fn page(uri: &str, title: &str) -> Vec<u8> {
    response(
        uri,
        "Content-Type: text/html\r\n",
        format!("<html><head><title>{title}</title></head><body><p>{title}</p></body></html>")
            .as_bytes(),
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn write(dir: &TempDir, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, data).unwrap();
    p
}

fn import(p: &Path, opts: &lifeboat::ImportOptions) -> lifeboat::Result<lifeboat::Imported> {
    let out = p.with_extension("archive");
    let _ = fs::remove_dir_all(&out);
    common::import_dump(p, &out, opts, &mut lifeboat::NoProgress)
}

fn posts(p: &Path) -> Vec<serde_json::Value> {
    common::read_records(&p.with_extension("archive"))
        .remove("posts")
        .unwrap_or_default()
}

#[test]
fn a_truncated_record_is_a_reported_skip_and_what_came_before_is_kept() {
    let t = TempDir::new("warc-truncated");
    let mut data = page("http://a.example/1", "first");
    data.extend(page("http://a.example/2", "second"));
    let full = data.len();
    data.truncate(full - 40);
    let p = write(&t, "cut.warc", &data);
    let done = import(&p, &lifeboat::ImportOptions::default()).expect("import");
    let r = &done.report;
    assert!(r.balanced());
    assert_eq!(r.records["post"].converted, 1);
    assert_eq!(r.records["post"].skipped, 1);
    assert!(r.skips[0].reason.contains("truncated"), "{:?}", r.skips);
    assert!(
        r.skips[0].location.starts_with("cut.warc@"),
        "{:?}",
        r.skips
    );
    assert_eq!(r.unreadable.len(), 1);
    assert_eq!(posts(&p)[0]["title"], "first");
    // --strict refuses it
    let strict = lifeboat::ImportOptions {
        strict: true,
        ..Default::default()
    };
    assert!(import(&p, &strict).expect("strict run").commit.is_none());
}

#[test]
fn a_truncated_gzip_member_is_a_reported_skip() {
    let t = TempDir::new("warc-gz-cut");
    let mut data = gzip(&page("http://a.example/1", "first"));
    let second = gzip(&page("http://a.example/2", "second"));
    data.extend_from_slice(&second[..second.len() / 2]);
    // in a folder, so that lifeboat undoes the gzip itself (record by record)
    let dir = t.join("crawl");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("cut.warc.gz"), &data).unwrap();
    let done = import(&dir, &lifeboat::ImportOptions::default()).expect("import");
    let r = &done.report;
    assert!(r.balanced());
    assert_eq!(r.records["post"].converted, 1);
    assert_eq!(r.records["post"].skipped, 1, "{:?}", r.skips);
}

#[test]
fn a_wrong_content_length_skips_to_the_next_record() {
    let t = TempDir::new("warc-badlen");
    let good = page("http://a.example/1", "first");
    let s = String::from_utf8(good).unwrap();
    let i = s.find("Content-Length: ").unwrap() + 16;
    let j = i + s[i..].find('\r').unwrap();
    let bad = format!("{}20{}", &s[..i], &s[j..]);
    let mut data = bad.into_bytes();
    data.extend(page("http://a.example/2", "second"));
    let p = write(&t, "badlen.warc", &data);
    let done = import(&p, &lifeboat::ImportOptions::default()).expect("import");
    let r = &done.report;
    assert!(r.balanced());
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("are not a WARC record")),
        "{:?}",
        r.warnings
    );
    let titles: Vec<String> = posts(&p)
        .iter()
        .map(|p| p["title"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(titles.contains(&"second".to_string()), "{titles:?}");
}

#[test]
fn huge_headers_are_refused_without_reading_them_into_memory() {
    let t = TempDir::new("warc-huge-header");
    // a WARC header line of 4 MiB, then an HTTP head of 1 MiB, then a good record
    let mut data = b"WARC/1.0\r\nWARC-Type: response\r\nX-Padding: ".to_vec();
    data.extend(std::iter::repeat_n(b'x', 4 << 20));
    data.extend_from_slice(b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n");
    let mut http_head = "X-Big: ".to_string();
    http_head.push_str(&"y".repeat(1 << 20));
    http_head.push_str("\r\nContent-Type: text/html\r\n");
    data.extend(response("http://a.example/big", &http_head, b"<p>x</p>"));
    data.extend(page("http://a.example/ok", "ok"));
    let p = write(&t, "headers.warc", &data);
    let done = import(&p, &lifeboat::ImportOptions::default()).expect("import");
    let r = &done.report;
    assert!(r.balanced());
    assert_eq!(r.records["post"].converted, 1);
    let reasons: Vec<&str> = r.skips.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|s| s.contains("header is longer")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|s| s.contains("HTTP head is longer")),
        "{reasons:?}"
    );
}

#[test]
fn a_decompression_bomb_in_an_http_body_is_one_skipped_record() {
    let t = TempDir::new("warc-body-bomb");
    let bomb = gzip(&vec![0u8; 20 << 20]);
    let mut data = response(
        "http://a.example/bomb.jpg",
        "Content-Type: image/jpeg\r\nContent-Encoding: gzip\r\n",
        &bomb,
    );
    data.extend(response(
        "http://a.example/bomb.html",
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &bomb,
    ));
    data.extend(page("http://a.example/ok", "ok"));
    let p = write(&t, "bomb.warc", &data);
    let done = import(&p, &lifeboat::ImportOptions::default()).expect("import");
    let r = &done.report;
    assert!(r.balanced());
    assert_eq!(r.records["media"].skipped, 1, "{:?}", r.skips);
    assert_eq!(r.records["post"].skipped, 1, "{:?}", r.skips);
    assert!(
        r.skips
            .iter()
            .all(|s| s.reason.contains("decompression bomb")
                || s.reason.contains("decodes to more than")),
        "{:?}",
        r.skips
    );
    assert_eq!(r.records["post"].converted, 1);
}

#[test]
fn a_gzip_bomb_as_the_warc_itself_is_a_limit() {
    let t = TempDir::new("warc-gz-bomb");
    let dir = t.join("crawl");
    fs::create_dir_all(&dir).unwrap();
    let mut raw = page("http://a.example/1", "first");
    raw.extend(vec![b'\n'; 20 << 20]);
    fs::write(dir.join("bomb.warc.gz"), gzip(&raw)).unwrap();
    let mut limits = lifeboat::Limits::default();
    limits.set("ratio", "50").unwrap();
    let opts = lifeboat::ImportOptions {
        limits,
        ..Default::default()
    };
    match import(&dir, &opts) {
        Err(lifeboat::Error::Limit { what, .. }) => assert_eq!(what, "compression ratio"),
        other => panic!("{:?}", other.map(|d| d.report.records)),
    }
}

#[test]
fn a_zip_bomb_in_a_wacz_is_a_limit() {
    let t = TempDir::new("wacz-bomb");
    let p = t.join("bomb.wacz");
    let mut z = zip::ZipWriter::new(fs::File::create(&p).unwrap());
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("datapackage.json", deflate).unwrap();
    z.write_all(br#"{"profile":"data-package","resources":[]}"#)
        .unwrap();
    z.start_file("archive/data.warc.gz", deflate).unwrap();
    z.write_all(&page("http://a.example/1", "first")).unwrap();
    z.start_file("pages/pages.jsonl", deflate).unwrap();
    for _ in 0..(48 << 10) {
        z.write_all(&[b' '; 1024]).unwrap();
    }
    z.finish().unwrap();
    let mut limits = lifeboat::Limits::default();
    limits.set("entry-bytes", "16M").unwrap();
    let opts = lifeboat::ImportOptions {
        limits,
        ..Default::default()
    };
    match import(&p, &opts) {
        Err(lifeboat::Error::Limit { what, .. }) => {
            assert!(
                what == "entry size" || what == "compression ratio",
                "{what}"
            )
        }
        other => panic!("{:?}", other.map(|d| d.report.records)),
    }
}

#[test]
fn garbage_under_a_warc_name_is_a_clear_error() {
    let t = TempDir::new("warc-garbage");
    let p = write(&t, "junk.warc", b"this is not a web archive\nat all\n");
    match import(&p, &lifeboat::ImportOptions::default()) {
        Err(e) => assert!(e.to_string().contains("junk.warc"), "{e}"),
        Ok(d) => panic!("imported garbage: {:?}", d.report.records),
    }
}

/// xorshift: deterministic damage.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn damaged_captures_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let sources = [
        root.join("web/samples/site-2019.warc"),
        root.join("myspace/samples/profile10-2009.warc"),
    ];
    let t = TempDir::new("warc-damage");
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let rounds: usize = std::env::var("LIFEBOAT_MUTATION_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    for (n, src) in sources.iter().enumerate() {
        let data = fs::read(src).unwrap();
        for round in 0..rounds {
            let mut d = data.clone();
            match rng.below(4) {
                0 => {
                    for _ in 0..1 + rng.below(16) {
                        let i = rng.below(d.len());
                        d[i] ^= 1 << rng.below(8);
                    }
                }
                1 => d.truncate(rng.below(d.len())),
                2 => {
                    let a = rng.below(d.len());
                    let b = (a + rng.below(400)).min(d.len());
                    let s = d[a..b].to_vec();
                    d.splice(a..a, s);
                }
                _ => {
                    // corrupt a length
                    if let Some(i) = d.windows(16).position(|w| w == b"Content-Length: ") {
                        let j = i + 16 + rng.below(3);
                        if j < d.len() {
                            d[j] = b'0' + rng.below(10) as u8;
                        }
                    }
                }
            }
            let p = write(&t, &format!("d{n}-{round}.warc"), &d);
            if let Ok(done) = import(&p, &lifeboat::ImportOptions::default()) {
                assert!(done.report.balanced(), "{}", p.display());
            }
        }
    }
}

#[test]
fn a_page_nested_200000_deep_is_a_reported_skip_not_quadratic_time() {
    let t = TempDir::new("warc-deep");
    let mut body = "<div>".repeat(200_000).into_bytes();
    body.extend_from_slice(b"x");
    let mut data = response(
        "http://a.example/deep",
        "Content-Type: text/html\r\n",
        &body,
    );
    data.extend(page("http://a.example/ok", "ok"));
    let p = write(&t, "deep.warc", &data);
    let done = import(&p, &lifeboat::ImportOptions::default()).expect("import");
    let r = &done.report;
    assert!(r.balanced());
    assert_eq!(r.records["post"].converted, 1);
    assert!(
        r.skips[0].reason.contains("nests elements"),
        "{:?}",
        r.skips
    );
    // (parsed, it would take html5ever minutes: it checks the open elements at tags)
}
