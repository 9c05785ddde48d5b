//! Import speed and memory on a generated Facebook Messenger export (G4 layout), against
//! `unzip -p` of the same thread files on the same machine in the same run.
//!
//! ```sh
//! cargo run --release --example bench_meta -- 200000
//! ```
//!
//! Exports are generated here, deterministically, and cached in
//! `$TMPDIR/lifeboat-bench/meta-messenger-N.zip`: N messages, half of them in one big
//! thread split as Meta splits it (`message_1.json` newest … 10,000 messages a file),
//! the other half in 100-message threads; every text carries Meta's mojibake (`ü`,
//! `ë`, `é`, 👋 as `\u00XX` bytes); a reaction every 10th message, an unsent message
//! every 50th, a photo every 100th (50 distinct files present, the rest reported
//! missing), a share every 40th; plus `profile_information.json`. Each import runs
//! in a child process, so its peak RSS is its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::peak_rss_kb;

const ROOT: &str = "your_facebook_activity/messages/inbox";
const OWNER: &str = r"Jana Nov\u00c3\u00a1kov\u00c3\u00a1";
const PER_FILE: u64 = 10_000;

/// One message (`i` counts down: files hold the newest first).
fn message(i: u64, thread: &str, other: &str) -> String {
    let sender = if i % 2 == 0 { OWNER } else { other };
    let ms = 1_600_000_000_000 + i * 37_000;
    if i % 50 == 7 {
        return format!(
            r#"{{"sender_name":"{sender}","timestamp_ms":{ms},"content":"","is_unsent":true,"is_geoblocked_for_viewer":false}}"#
        );
    }
    let mut extra = String::new();
    if i % 10 == 3 {
        let actor = if i % 2 == 0 { other } else { OWNER };
        extra.push_str(&format!(
            r#","reactions":[{{"reaction":"\u00e2\u009d\u00a4","actor":"{actor}"}}]"#
        ));
    }
    if i % 100 == 11 {
        extra.push_str(&format!(
            r#","photos":[{{"uri":"{ROOT}/{thread}/photos/{i}_n_1234567890.jpg","creation_timestamp":{}}}]"#,
            ms / 1000
        ));
    }
    if i % 40 == 5 {
        extra.push_str(&format!(
            r#","share":{{"link":"https://example.org/article/{i}","share_text":"Artikel {i}"}}"#
        ));
    }
    format!(
        r#"{{"sender_name":"{sender}","timestamp_ms":{ms},"content":"Gr\u00c3\u00bc\u00c3\u009fe an Zo\u00c3\u00ab \u00f0\u009f\u0091\u008b Nachricht {i} \u00c3\u00bcber das Caf\u00c3\u00a9 am See, bis morgen!"{extra},"is_geoblocked_for_viewer":false}}"#
    )
}

/// Write a thread's files: `count` messages, newest first, `PER_FILE` a file.
fn thread(
    z: &mut zip::ZipWriter<std::io::BufWriter<std::fs::File>>,
    opts: zip::write::SimpleFileOptions,
    folder: &str,
    other: &str,
    first: u64,
    count: u64,
) -> std::io::Result<()> {
    let files = count.div_ceil(PER_FILE).max(1);
    for f in 0..files {
        z.start_file(format!("{ROOT}/{folder}/message_{}.json", f + 1), opts)?;
        write!(
            z,
            r#"{{
  "participants": [{{"name": "{other}"}}, {{"name": "{OWNER}"}}],
  "messages": ["#
        )?;
        let hi = count - f * PER_FILE;
        let lo = hi.saturating_sub(PER_FILE);
        for (n, j) in (lo..hi).rev().enumerate() {
            if n > 0 {
                z.write_all(b",\n    ")?;
            }
            z.write_all(message(first + j, folder, other).as_bytes())?;
        }
        write!(
            z,
            r#"],
  "title": "{other}",
  "is_still_participant": true,
  "thread_path": "inbox/{folder}",
  "magic_words": []
}}"#
        )?;
    }
    Ok(())
}

fn generate(n: u64, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let f = std::fs::File::create(&tmp)?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(f));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file(
        "personal_information/profile_information/profile_information.json",
        opts,
    )?;
    write!(
        z,
        r#"{{"profile_v2":{{"name":{{"full_name":"{OWNER}"}},"username":"jana.bench","registration_timestamp":1199145600}}}}"#
    )?;
    let big = n / 2;
    thread(
        &mut z,
        opts,
        "zoemuller_10158000000000000",
        r"Zo\u00c3\u00ab M\u00c3\u00bcller",
        0,
        big,
    )?;
    let mut done = big;
    let mut t = 1u64;
    while done < n {
        let count = (n - done).min(100);
        let other = format!(r"Fr\u00c3\u00a9d\u00c3\u00a9ric {t}");
        thread(
            &mut z,
            opts,
            &format!("frederic{t}_10158{t:012}"),
            &other,
            done,
            count,
        )?;
        done += count;
        t += 1;
    }
    // 50 photos of the big thread are present; the others are reported missing
    for k in (0..50u64).filter(|k| k * 100 + 11 < big) {
        z.start_file(
            format!(
                "{ROOT}/zoemuller_10158000000000000/photos/{}_n_1234567890.jpg",
                k * 100 + 11
            ),
            opts,
        )?;
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0];
        jpeg.extend((0..4096u64).map(|b| (b * 31 + k) as u8));
        z.write_all(&jpeg)?;
    }
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
    let r = &done.report;
    let count = |k: &str| r.records.get(k).map(|c| c.converted).unwrap_or(0);
    println!(
        "{secs:.3} {} {} {} {} {} {} {}",
        peak_rss_kb(),
        count("message"),
        count("conversation"),
        count("reaction"),
        r.repairs.get("mojibake").copied().unwrap_or(0),
        r.missing_media_count,
        r.balanced()
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
        vec![200_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let dir = std::env::temp_dir().join("lifeboat-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    println!("| messages | zip MB | JSON MB | unzip -p *.json (s) | import (s) | ratio | peak RSS (MB) | messages | conversations | reactions | mojibake repairs | missing media | balanced |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for n in sizes {
        let zip: PathBuf = dir.join(format!("meta-messenger-{n}.zip"));
        if !zip.exists() {
            generate(n, &zip).expect("generate the export");
        }
        let mb = std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let t = Instant::now();
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("unzip -p '{}' '*.json' | wc -c", zip.display()))
            .output()
            .expect("unzip");
        let unzip = t.elapsed().as_secs_f64();
        let json_mb = String::from_utf8_lossy(&o.stdout)
            .trim()
            .parse::<f64>()
            .unwrap_or(0.0)
            / 1e6;
        let out = dir.join(format!("meta-archive-{n}"));
        let Some(f) = common::run_child(&zip, &out, 8) else {
            continue;
        };
        let secs: f64 = f[0].parse().unwrap_or(0.0);
        let rss: f64 = f[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "| {n} | {mb:.1} | {json_mb:.1} | {unzip:.2} | {secs:.2} | {:.2} | {rss:.0} | {} | {} | {} | {} | {} | {} |",
            secs / unzip.max(1e-9),
            f[2],
            f[3],
            f[4],
            f[5],
            f[6],
            f[7]
        );
    }
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
