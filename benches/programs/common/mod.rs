//! What the import benchmarks share: each import runs in a child process of the
//! benchmark, so that its peak RSS (`VmHWM`) is its own.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Peak resident set size of this process, in KiB (`VmHWM` of `/proc/self/status`).
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Run this benchmark again as `--child DUMP OUT` and return the fields of the line
/// it prints; `None` (with the child's error printed) when it printed fewer than `min`.
pub fn run_child(dump: &Path, out: &Path, min: usize) -> Option<Vec<String>> {
    run_child_with(
        &[
            std::ffi::OsStr::new("--child"),
            dump.as_os_str(),
            out.as_os_str(),
        ],
        min,
        None,
    )
}

/// Run this benchmark again with `args` (and the environment variable `env` set,
/// if any) and return the fields of the line it prints, as [`run_child`] does.
pub fn run_child_with(
    args: &[&std::ffi::OsStr],
    min: usize,
    env: Option<&str>,
) -> Option<Vec<String>> {
    let me = std::env::current_exe().expect("exe");
    let mut cmd = Command::new(me);
    cmd.args(args);
    if let Some(v) = env {
        cmd.env(v, "1");
    }
    let o = cmd.output().expect("child");
    let line = String::from_utf8_lossy(&o.stdout);
    let f: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if f.len() < min {
        eprintln!("import failed: {}", String::from_utf8_lossy(&o.stderr));
        return None;
    }
    Some(f)
}
