//! Import speed and memory on generated LinkedIn exports (zip, L2023+ shape) whose
//! weight is `messages.csv`, against `unzip -p` of the same file on the same machine in
//! the same run.
//!
//! ```sh
//! cargo run --release --example bench_linkedin -- 200000
//! ```
//!
//! Exports are generated here, deterministically, and cached in
//! `$TMPDIR/lifeboat-bench/linkedin-N.zip`: N rows in `messages.csv` (newest first, as
//! LinkedIn writes them; about 20 messages per conversation, so rows of one
//! conversation are spread through the file; one conversation in 10 a group with
//! comma-joined recipients; an InMail in HTML every 50th row; 2,000 correspondents),
//! plus `Profile.csv` and a `Connections.csv` with its `Notes:` preamble. Each import
//! runs in a child process, so its peak RSS is its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::peak_rss_kb;

const ME: &str = "https://www.linkedin.com/in/bench-owner";
const PEOPLE: u64 = 2_000;

fn person(k: u64) -> (String, String) {
    let k = k % PEOPLE;
    (
        format!("Person {k} Example"),
        format!("https://www.linkedin.com/in/person-{k:04}"),
    )
}

/// One row of `messages.csv`; `i` counts from the newest message.
fn row(i: u64, n: u64) -> String {
    let conversations = (n / 20).max(1);
    let c = i % conversations;
    let cid = format!("2-{:0>24}", format!("{c:x}QkVOQ0g"));
    let other = person(c * 7);
    // the newest first: the time goes back one minute per row
    let secs = 1_735_000_000u64.saturating_sub(i * 60);
    let dt = chrono::DateTime::from_timestamp(secs as i64, 0).unwrap_or_default();
    let date = dt.format("%Y-%m-%d %H:%M:%S UTC");
    let group = c % 10 == 3;
    let incoming = i % 2 == 0;
    let (from, from_url) = if incoming {
        other.clone()
    } else {
        ("Bench Owner".to_string(), ME.to_string())
    };
    let (to, to_urls) = if group {
        let third = person(c * 7 + 1);
        let (a, au) = if incoming {
            ("Bench Owner".to_string(), ME.to_string())
        } else {
            other.clone()
        };
        (
            format!("\"{a},{}\"", third.0),
            format!("\"{au},{}\"", third.1),
        )
    } else if incoming {
        ("Bench Owner".to_string(), ME.to_string())
    } else {
        other.clone()
    };
    let title = if group {
        format!("Group {c}")
    } else {
        String::new()
    };
    let content = if i % 50 == 0 {
        format!("\"<p class=\"\"spinmail-quill-editor__spin-break\"\">Hello,</p><p>We&#39;re hiring for role {i} &amp; more.</p>\"")
    } else {
        format!("\"Message {i} in conversation {c}, about the project,  with a second paragraph and a link https://lnkd.in/b{i:x}\"")
    };
    format!("{cid},{title},{from},{from_url},{to},{to_urls},{date},,{content},INBOX,No,No\n")
}

fn generate(n: u64, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let f = std::fs::File::create(&tmp)?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(f));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("messages.csv", opts)?;
    z.write_all(b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n")?;
    for i in 0..n {
        z.write_all(row(i, n).as_bytes())?;
    }
    z.start_file("Profile.csv", opts)?;
    z.write_all(b"First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nBench,Owner,,,,Benchmarks,,,,,,,\n")?;
    z.start_file("Connections.csv", opts)?;
    z.write_all(b"Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n")?;
    for k in 0..PEOPLE {
        let (name, url) = person(k);
        writeln!(z, "{name},,{url},,Company {},Role,05 Mar 2024", k % 100)?;
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
    let count = |k: &str| done.report.records.get(k).map(|c| c.converted).unwrap_or(0);
    println!(
        "{secs:.3} {} {} {} {}",
        peak_rss_kb(),
        count("message"),
        count("conversation"),
        done.report.balanced()
    );
    let _ = std::fs::remove_dir_all(out);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") && args.len() >= 3 {
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
    println!("| messages | zip MB | messages.csv MB | unzip -p messages.csv (s) | import (s) | ratio | peak RSS (MB) | messages | conversations | balanced |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for n in sizes {
        let zip: PathBuf = dir.join(format!("linkedin-{n}.zip"));
        if !zip.exists() {
            generate(n, &zip).expect("generate the export");
        }
        let mb = std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let t = Instant::now();
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("unzip -p '{}' messages.csv | wc -c", zip.display()))
            .output()
            .expect("unzip");
        let unzip = t.elapsed().as_secs_f64();
        let csv_mb = String::from_utf8_lossy(&o.stdout)
            .trim()
            .parse::<f64>()
            .unwrap_or(0.0)
            / 1e6;
        let out = dir.join(format!("linkedin-archive-{n}"));
        let Some(f) = common::run_child(&zip, &out, 5) else {
            continue;
        };
        let secs: f64 = f[0].parse().unwrap_or(0.0);
        let rss: f64 = f[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "| {n} | {mb:.1} | {csv_mb:.1} | {unzip:.2} | {secs:.2} | {:.2} | {rss:.0} | {} | {} | {} |",
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
