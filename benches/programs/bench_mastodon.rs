//! Import speed and memory on generated Mastodon archives (zip, Mastodon ≥ 4.2 shape),
//! against `unzip -p` of the same `outbox.json` on the same machine in the same run.
//!
//! ```sh
//! cargo run --release --example bench_mastodon -- 10000 100000
//! ```
//!
//! Archives are generated here, deterministically, and cached in
//! `$TMPDIR/lifeboat-bench/mastodon-N.zip`: N statuses in `outbox.json` (public,
//! unlisted, followers-only and direct; mentions, hashtags, links, a poll every 50th,
//! an attachment every 10th with 100 files present), N/2 likes, and `actor.json`.
//! Each import runs in a child process, so its peak RSS is its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::peak_rss_kb;

const HOST: &str = "https://bench.example";
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// One outbox activity, as Mastodon 4.2 writes it.
fn activity(i: u64) -> String {
    let id = 110_000_000_000_000_000u64 + i * 65_536;
    let me = format!("{HOST}/users/bench");
    let followers = format!("{me}/followers");
    let friend = format!("https://remote{}.example/users/friend{}", i % 97, i % 1013);
    let (to, cc) = match i % 20 {
        0 => (format!("[\"{followers}\"]"), format!("[\"{friend}\"]")),
        1 => (format!("[\"{friend}\"]"), "[]".to_string()),
        2 | 3 => (format!("[\"{followers}\"]"), format!("[\"{PUBLIC}\"]")),
        _ => (format!("[\"{PUBLIC}\"]"), format!("[\"{followers}\"]")),
    };
    if i % 25 == 7 {
        let target = format!("{friend}/statuses/{}", id - 12345);
        return format!(
            r#"{{"id":"{me}/statuses/{id}/activity","type":"Announce","actor":"{me}","published":"2023-05-01T12:00:00Z","to":{to},"cc":["{friend}","{followers}"],"object":"{target}"}}"#
        );
    }
    let attachment = if i % 10 == 0 {
        let n = i / 10 % 100;
        format!(
            r#"[{{"type":"Document","mediaType":"image/jpeg","url":"media_attachments/files/110/000/000/000/000/{n:03}/original/{n:016x}.jpg","name":"alt text for picture {i}","blurhash":"UTGRVb~pWBjGxGX9kXkWDiM{{xuxunNWBRjRj","focalPoint":[0.0,0.0],"width":1478,"height":1109}}]"#
        )
    } else {
        "[]".to_string()
    };
    let (typ, poll) = if i % 50 == 3 {
        (
            "Question",
            r#","endTime":"2023-05-02T12:00:00Z","votersCount":12,"oneOf":[{"type":"Note","name":"yes","replies":{"type":"Collection","totalItems":7}},{"type":"Note","name":"no","replies":{"type":"Collection","totalItems":5}}]"#,
        )
    } else {
        ("Note", "")
    };
    let reply = if i % 3 == 0 {
        format!("\"{friend}/statuses/{}\"", id - 999)
    } else {
        "null".into()
    };
    let content = format!(
        "<p><span class=\"h-card\"><a href=\"https://remote{r}.example/@friend{f}\" class=\"u-url mention\">@<span>friend{f}</span></a></span> Status number {i} about the weather &amp; the garden, with a link <a href=\"https://example.org/articles/{i}\" rel=\"nofollow noopener noreferrer\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.org/articles/</span><span class=\"invisible\">{i}</span></a></p><p>Second paragraph <a href=\"{HOST}/tags/bench\" class=\"mention hashtag\" rel=\"tag\">#<span>bench</span></a></p>",
        r = i % 97,
        f = i % 1013
    );
    let content_json = serde_json::to_string(&content).unwrap_or_default();
    format!(
        r##"{{"id":"{me}/statuses/{id}/activity","type":"Create","actor":"{me}","published":"2023-05-01T12:00:00Z","to":{to},"cc":{cc},"object":{{"id":"{me}/statuses/{id}","type":"{typ}","summary":null,"inReplyTo":{reply},"published":"2023-05-01T12:00:00Z","url":"{HOST}/@bench/{id}","attributedTo":"{me}","to":{to},"cc":{cc},"sensitive":false,"atomUri":"{me}/statuses/{id}","inReplyToAtomUri":null,"conversation":"tag:bench.example,2023-05-01:objectId={i}:objectType=Conversation","content":{content_json},"contentMap":{{"en":{content_json}}},"attachment":{attachment},"tag":[{{"type":"Mention","href":"{friend}","name":"@friend{f}@remote{r}.example"}},{{"type":"Hashtag","href":"{HOST}/tags/bench","name":"#bench"}}],"replies":{{"id":"{me}/statuses/{id}/replies","type":"Collection","first":{{"type":"CollectionPage","next":"{me}/statuses/{id}/replies?only_other_accounts=true&page=true","partOf":"{me}/statuses/{id}/replies","items":[]}}}}{poll}}}}}"##,
        r = i % 97,
        f = i % 1013
    )
}

fn generate(n: u64, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let f = std::fs::File::create(&tmp)?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(f));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("outbox.json", opts)?;
    write!(
        z,
        r#"{{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","totalItems":{n},"orderedItems":["#
    )?;
    for i in 0..n {
        if i > 0 {
            z.write_all(b",")?;
        }
        z.write_all(activity(i).as_bytes())?;
    }
    z.write_all(b"]}")?;
    for k in 0..100u64 {
        z.start_file(
            format!("media_attachments/files/110/000/000/000/000/{k:03}/original/{k:016x}.jpg"),
            opts,
        )?;
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0];
        jpeg.extend((0..4096u64).map(|b| (b * 31 + k) as u8));
        z.write_all(&jpeg)?;
    }
    z.start_file("likes.json", opts)?;
    write!(
        z,
        r#"{{"@context":"https://www.w3.org/ns/activitystreams","id":"likes.json","type":"OrderedCollection","totalItems":{},"orderedItems":["#,
        n / 2
    )?;
    for i in 0..n / 2 {
        if i > 0 {
            z.write_all(b",")?;
        }
        write!(
            z,
            "\"https://remote{}.example/users/x/statuses/{i}\"",
            i % 50
        )?;
    }
    z.write_all(b"]}")?;
    z.start_file("bookmarks.json", opts)?;
    z.write_all(br#"{"@context":"https://www.w3.org/ns/activitystreams","id":"bookmarks.json","type":"OrderedCollection","orderedItems":[]}"#)?;
    z.start_file("actor.json", opts)?;
    write!(
        z,
        r#"{{"id":"{HOST}/users/bench","type":"Person","preferredUsername":"bench","name":"Bench","summary":"<p>bio</p>","url":"{HOST}/@bench","followers":"{HOST}/users/bench/followers","published":"2020-01-01T00:00:00Z","icon":{{"type":"Image","mediaType":"image/png","url":"avatar.png"}}}}"#
    )?;
    z.finish()?;
    std::fs::rename(tmp, path)
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
    let count = |k: &str| done.report.records.get(k).map(|c| c.converted).unwrap_or(0);
    println!(
        "{secs:.3} {} {} {} {}",
        peak_rss_kb(),
        count("post"),
        count("reaction"),
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
        vec![10_000, 100_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let dir = std::env::temp_dir().join("lifeboat-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    println!("| statuses | zip MB | outbox MB | unzip -p outbox.json (s) | import (s) | ratio | peak RSS (MB) | posts | reactions | balanced |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for n in sizes {
        let zip: PathBuf = dir.join(format!("mastodon-{n}.zip"));
        if !zip.exists() {
            generate(n, &zip).expect("generate the archive");
        }
        let mb = std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let t = Instant::now();
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("unzip -p '{}' outbox.json | wc -c", zip.display()))
            .output()
            .expect("unzip");
        let unzip = t.elapsed().as_secs_f64();
        let outbox_mb = String::from_utf8_lossy(&o.stdout)
            .trim()
            .parse::<f64>()
            .unwrap_or(0.0)
            / 1e6;
        let out = dir.join(format!("mastodon-archive-{n}"));
        let Some(f) = common::run_child(&zip, &out, 5) else {
            continue;
        };
        let secs: f64 = f[0].parse().unwrap_or(0.0);
        let rss: f64 = f[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "| {n} | {mb:.1} | {outbox_mb:.1} | {unzip:.2} | {secs:.2} | {:.2} | {rss:.0} | {} | {} | {} |",
            secs / unzip.max(1e-9),
            f[2],
            f[3],
            f[4]
        );
    }
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
