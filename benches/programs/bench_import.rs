//! Import speed and memory on generated Twitter/X archives, against `unzip -p` of the
//! same tweets files on the same machine in the same run.
//!
//! ```sh
//! cargo run --release --example bench_import -- 10000 100000 1000000
//! ```
//!
//! Archives are made with `../shared/acceptance/gen_twitter_archive.py` (cached in
//! `$TMPDIR/lifeboat-bench/`). Each import runs in a child process of this program, so
//! its peak RSS is its own (read from `/proc/self/status` at the end of the import).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::peak_rss_kb;

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
    let posts = done
        .report
        .records
        .get("post")
        .map(|c| c.converted)
        .unwrap_or(0);
    println!(
        "{secs:.3} {} {posts} {}",
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
        vec![10_000, 100_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let dir = std::env::temp_dir().join("lifeboat-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let gen =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/gen_twitter_archive.py");
    println!("| tweets | zip MB | unzip -p tweets*.js (s) | import (s) | ratio | peak RSS (MB) | posts | balanced |");
    println!("|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for n in sizes {
        let zip: PathBuf = dir.join(format!("twitter-{n}.zip"));
        if !zip.exists() {
            let st = Command::new("python3")
                .arg(&gen)
                .arg(n.to_string())
                .arg("-o")
                .arg(&zip)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("python3");
            assert!(st.success(), "generator failed");
        }
        let mb = std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let t = Instant::now();
        let st = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "unzip -p '{}' 'data/tweets*.js' > /dev/null",
                zip.display()
            ))
            .status()
            .expect("unzip");
        assert!(st.success());
        let unzip = t.elapsed().as_secs_f64();
        let out = dir.join(format!("archive-{n}"));
        let Some(f) = common::run_child(&zip, &out, 4) else {
            continue;
        };
        let secs: f64 = f[0].parse().unwrap_or(0.0);
        let rss: f64 = f[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "| {n} | {mb:.1} | {unzip:.2} | {secs:.2} | {:.2} | {rss:.0} | {} | {} |",
            secs / unzip.max(1e-9),
            f[2],
            f[3]
        );
    }
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
