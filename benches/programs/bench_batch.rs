//! A batch import: every `formats/*/samples` dump plus a generated X archive of N
//! tweets, with `--jobs` J; then the same batch again (everything skipped); then the
//! batch with every archive exported into one Parquet tree. Against the import of the
//! X archive alone, in the same run.
//!
//! ```sh
//! cargo run --release --example bench_batch -- 100000 2
//! ```
//!
//! The X archive is made with `../shared/acceptance/gen_twitter_archive.py` (cached in
//! `$TMPDIR/lifeboat-bench/`; without the acceptance kit beside the repository the
//! program says so and stops). Each step runs in a child process of this program, so
//! its peak RSS is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::peak_rss_kb;

use lifeboat::batch::Outcome;

fn sample_dirs() -> Vec<PathBuf> {
    let formats = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut v: Vec<PathBuf> = std::fs::read_dir(formats)
        .expect("formats/")
        .filter_map(|e| e.ok().map(|e| e.path().join("samples")))
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// `--child-batch ROOT ZIP JOBS [PARQUET]`: one batch, its figures on one line.
fn child_batch(root: &Path, zip: &Path, jobs: usize, parquet: Option<&Path>) {
    let mut b = lifeboat::Batch::new(root).jobs(jobs);
    for d in sample_dirs() {
        b = b.dir(d);
    }
    b = b.dump(zip);
    if let Some(p) = parquet {
        b = b.parquet(p, lifeboat::ExportOptions::default());
    }
    let t = Instant::now();
    let r = b.run().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let secs = t.elapsed().as_secs_f64();
    let n = |o: Outcome| r.totals.dumps.get(&o).copied().unwrap_or(0);
    let big = r
        .dumps
        .iter()
        .find(|d| Path::new(&d.path) == zip)
        .expect("the X archive in the report");
    let posts = big
        .records
        .get(&lifeboat::Kind::Post)
        .map_or(0, |c| c.converted);
    let exported = r
        .archives
        .iter()
        .filter(|a| {
            a.parquet
                .as_deref()
                .is_some_and(|p| p.starts_with("exported"))
        })
        .count();
    println!(
        "{secs:.2} {} {} {} {} {} {} {:.2} {posts} {} {exported} {}",
        peak_rss_kb(),
        r.dumps.len(),
        n(Outcome::Imported),
        n(Outcome::Merged),
        n(Outcome::Skipped),
        n(Outcome::Failed),
        big.seconds,
        big.outcome.as_str(),
        r.totals.balanced
    );
}

/// `--child-import ZIP OUT`: the X archive alone.
fn child_import(zip: &Path, out: &Path) {
    let t = Instant::now();
    let done = lifeboat::import(zip, out).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    println!(
        "{:.2} {} {}",
        t.elapsed().as_secs_f64(),
        peak_rss_kb(),
        done.report.balanced()
    );
}

fn run(args: &[String]) -> Vec<String> {
    let me = std::env::current_exe().expect("exe");
    let o = Command::new(me).args(args).output().expect("child");
    if !o.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&o.stderr));
        std::process::exit(1);
    }
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--child-batch") => {
            let pq = args.get(4).map(PathBuf::from);
            child_batch(
                Path::new(&args[1]),
                Path::new(&args[2]),
                args[3].parse().unwrap_or(2),
                pq.as_deref(),
            );
            return;
        }
        Some("--child-import") => {
            child_import(Path::new(&args[1]), Path::new(&args[2]));
            return;
        }
        _ => {}
    }
    let n: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let jobs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2);
    let dir = std::env::temp_dir().join("lifeboat-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let gen =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/gen_twitter_archive.py");
    if !gen.is_file() {
        eprintln!(
            "{} is not here: this benchmark needs the acceptance kit beside the repository",
            gen.display()
        );
        std::process::exit(2);
    }
    let zip = dir.join(format!("twitter-{n}.zip"));
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
    let work = dir.join(format!("batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work folder");
    let s = |p: &Path| p.display().to_string();

    let alone = run(&["--child-import".into(), s(&zip), s(&work.join("alone"))]);
    let root = work.join("archives");
    let first = run(&["--child-batch".into(), s(&root), s(&zip), jobs.to_string()]);
    let second = run(&["--child-batch".into(), s(&root), s(&zip), jobs.to_string()]);
    let with_pq = run(&[
        "--child-batch".into(),
        s(&work.join("archives-pq")),
        s(&zip),
        jobs.to_string(),
        s(&work.join("lake")),
    ]);
    let _ = std::fs::remove_dir_all(&work);

    println!(
        "X archive: {n} tweets, {:.1} MB; jobs {jobs}",
        std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
    println!(
        "import of the X archive alone: {} s, peak RSS {} MB, balanced {}",
        alone[0],
        kb_mb(&alone[1]),
        alone[2]
    );
    println!();
    println!("| run | wall (s) | peak RSS (MB) | dumps | imported | merged | skipped | failed | X import (s) | X posts | X outcome | parquet archives | balanced |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|:---:|");
    for (name, f) in [
        ("first", &first),
        ("second (same folder)", &second),
        ("first, with --parquet", &with_pq),
    ] {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            f[0],
            kb_mb(&f[1]),
            f[2],
            f[3],
            f[4],
            f[5],
            f[6],
            f[7],
            f[8],
            f[9],
            f[10],
            f[11]
        );
    }
}

fn kb_mb(kb: &str) -> String {
    format!("{:.0}", kb.parse::<f64>().unwrap_or(0.0) / 1024.0)
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
