//! Import speed and memory on generated Twitter/X archives, against `unzip -p` of the
//! same tweets files on the same machine in the same run.
//!
//! ```sh
//! cargo run --release --example bench_import -- 10000 100000 1000000
//! ```
//!
//! With `--exports`, the archive of the largest size is kept and every export format
//! is run on it, each in a child process: wall time, peak RSS and the ratio to that
//! archive's import time (issue 16's budget: ≤ 2× the import, ≤ 128 MB).
//!
//! ```sh
//! cargo run --release --example bench_import -- 100000 --exports
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
    if std::env::var_os("LIFEBOAT_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(out);
    }
}

/// Export `archive` to `format` in `out`; prints `seconds peak_kb`.
fn export_child(archive: &Path, format: &str, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let _ = std::fs::remove_file(out);
    let Some(f) = lifeboat::Format::ALL
        .iter()
        .copied()
        .find(|f| f.name() == format)
    else {
        eprintln!("no format {format}");
        std::process::exit(2)
    };
    let t = Instant::now();
    if let Err(e) = lifeboat::export(archive, f, out, &lifeboat::ExportOptions::default()) {
        eprintln!("error: {e}");
        std::process::exit(1)
    }
    println!("{:.3} {}", t.elapsed().as_secs_f64(), peak_rss_kb());
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    if args.first().map(String::as_str) == Some("--export-child") {
        export_child(Path::new(&args[1]), &args[2], Path::new(&args[3]));
        return;
    }
    let exports = args.iter().any(|a| a == "--exports");
    args.retain(|a| a != "--exports");
    let sizes: Vec<u64> = if args.is_empty() {
        vec![10_000, 100_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let mut kept: Option<(PathBuf, f64, f64)> = None;
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
        let keep = exports && n == largest;
        let Some(f) = common::run_child_with(
            &[
                std::ffi::OsStr::new("--child"),
                zip.as_os_str(),
                out.as_os_str(),
            ],
            4,
            keep.then_some("LIFEBOAT_BENCH_KEEP"),
        ) else {
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
        if keep {
            kept = Some((out, secs, rss));
        }
    }
    if let Some((archive, import_s, import_mb)) = kept {
        println!();
        println!(
            "Exports of the {largest}-tweet archive (import: {import_s:.2} s, {import_mb:.0} MB):"
        );
        println!();
        println!("| format | export (s) | × import | peak RSS (MB) |");
        println!("|---|---:|---:|---:|");
        for f in lifeboat::Format::ALL {
            let out = dir.join(format!("export-{}", f.name()));
            let Some(r) = common::run_child_with(
                &[
                    std::ffi::OsStr::new("--export-child"),
                    archive.as_os_str(),
                    std::ffi::OsStr::new(f.name()),
                    out.as_os_str(),
                ],
                2,
                None,
            ) else {
                continue;
            };
            let secs: f64 = r[0].parse().unwrap_or(0.0);
            let mb = r[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
            println!(
                "| {} | {secs:.2} | {:.2} | {mb:.0} |",
                f.name(),
                secs / import_s.max(1e-9)
            );
            let _ = std::fs::remove_dir_all(&out);
            let _ = std::fs::remove_file(&out);
            let _ = std::fs::remove_file(out.with_extension("metadata.json"));
        }
        let _ = std::fs::remove_dir_all(&archive);
    }
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
