//! Tells the tests what is here besides the crate, so that a test which cannot run is
//! reported as *ignored*, with its reason, instead of passing without checking anything
//! (`docs/decisions.md`, "Tests that need a tool").
//!
//! - `lifeboat_shared`: the project's reference material (`../shared/reference`, beside
//!   the repository, as CI has it).
//! - `lifeboat_tool_*`, `lifeboat_py_*`, `lifeboat_node_atproto`: the outside programs
//!   some tests run as independent consumers (Python and its packages, Node, Chromium,
//!   exiftool, ffmpeg, PHP). Each is probed once per build, in parallel, with a time
//!   limit; a probe that fails for any reason means "absent", never a failed build.
//!
//! Tests carry `#[cfg_attr(not(lifeboat_tool_x), ignore = "needs x (how to install)")]`.
//! The probes rerun when `PATH`, `CHROMIUM`, `LIFEBOAT_NO_TOOLS` or the installed
//! `.ci/atproto` packages change, and when build.rs is touched (`.ci/run` touches it when
//! what it installed changed). `LIFEBOAT_NO_TOOLS=1` pretends every tool is absent: a
//! test aid, to see what a bare machine reports.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every cfg this script may set.
const CFGS: &[&str] = &[
    "lifeboat_shared",
    "lifeboat_tool_python3",
    "lifeboat_py_feedparser",
    "lifeboat_py_jsonschema",
    "lifeboat_py_pyld",
    "lifeboat_py_pil",
    "lifeboat_py_warcio",
    "lifeboat_py_duckdb",
    "lifeboat_py_pyarrow",
    "lifeboat_tool_datasette",
    "lifeboat_tool_node",
    "lifeboat_node_atproto",
    "lifeboat_tool_chromium",
    "lifeboat_tool_exiftool",
    "lifeboat_tool_ffmpeg",
    "lifeboat_tool_php",
];

/// Python packages the tests import, as (import name, cfg).
const PY: &[(&str, &str)] = &[
    ("feedparser", "lifeboat_py_feedparser"),
    ("jsonschema", "lifeboat_py_jsonschema"),
    ("pyld", "lifeboat_py_pyld"),
    ("PIL", "lifeboat_py_pil"),
    ("warcio", "lifeboat_py_warcio"),
    ("duckdb", "lifeboat_py_duckdb"),
    ("pyarrow", "lifeboat_py_pyarrow"),
];

/// A probe gives up after this long (a hung program is an absent one).
const LIMIT: Duration = Duration::from_secs(10);

fn main() {
    for c in CFGS {
        println!("cargo::rustc-check-cfg=cfg({c})");
    }
    println!("cargo::rerun-if-changed=build.rs");
    for v in ["LIFEBOAT_SHARED", "LIFEBOAT_NO_TOOLS", "PATH", "CHROMIUM"] {
        println!("cargo::rerun-if-env-changed={v}");
    }
    let shared = std::env::var_os("LIFEBOAT_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new("../shared").to_path_buf());
    if shared.join("reference").is_dir() {
        println!("cargo::rustc-cfg=lifeboat_shared");
        println!(
            "cargo::rerun-if-changed={}",
            shared.join("reference").display()
        );
    }
    // the npm packages of the Bluesky reference check: a new install or removal re-probes
    // (the folder itself while node_modules is absent: it is small then)
    let atproto = Path::new(".ci/atproto");
    let lock = atproto.join("node_modules/.package-lock.json");
    if lock.is_file() {
        println!("cargo::rerun-if-changed={}", lock.display());
    } else if atproto.is_dir() {
        println!("cargo::rerun-if-changed={}", atproto.display());
    }
    if std::env::var_os("LIFEBOAT_NO_TOOLS").is_some_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    for cfg in probe_all(atproto) {
        println!("cargo::rustc-cfg={cfg}");
    }
}

/// The cfgs of the tools found, probed in parallel.
fn probe_all(atproto: &Path) -> Vec<&'static str> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let atproto_here = atproto.join("node_modules/@atproto/repo").is_dir();
    let probes: Vec<std::thread::JoinHandle<Vec<&'static str>>> = vec![
        std::thread::spawn(|| {
            // find_spec locates a package without importing it (fast); one process for all
            let mut args = vec![
                "-c",
                "import sys, importlib.util as u\nprint(' '.join(m for m in sys.argv[1:] if u.find_spec(m)))",
            ];
            args.extend(PY.iter().map(|(m, _)| *m));
            let Some(found) = run("python3", &args, true) else {
                return vec![];
            };
            let found: Vec<&str> = found.split_whitespace().collect();
            let mut cfgs = vec!["lifeboat_tool_python3"];
            cfgs.extend(
                PY.iter()
                    .filter(|(m, _)| found.contains(m))
                    .map(|(_, c)| *c),
            );
            cfgs
        }),
        std::thread::spawn(move || {
            // Node >= 20 with WebSocket (the browser checks drive Chromium with it)
            let node = run(
                "node",
                &[
                    "--experimental-websocket",
                    "-e",
                    "process.exit(typeof WebSocket === 'function' ? 0 : 1)",
                ],
                false,
            )
            .is_some();
            match (node, atproto_here) {
                (true, true) => vec!["lifeboat_tool_node", "lifeboat_node_atproto"],
                (true, false) => vec!["lifeboat_tool_node"],
                _ => vec![],
            }
        }),
        std::thread::spawn(move || {
            cfg_if(
                run(&chromium, &["--version"], false).is_some(),
                "lifeboat_tool_chromium",
            )
        }),
        std::thread::spawn(|| {
            // `datasette --version` takes most of a second: found on PATH is enough
            cfg_if(on_path("datasette"), "lifeboat_tool_datasette")
        }),
        std::thread::spawn(|| {
            cfg_if(
                run("exiftool", &["-ver"], false).is_some(),
                "lifeboat_tool_exiftool",
            )
        }),
        std::thread::spawn(|| {
            // the encoders the media tests make real files with
            let enc = run("ffmpeg", &["-hide_banner", "-encoders"], true).unwrap_or_default();
            let has = |e: &str| enc.lines().any(|l| l.split_whitespace().nth(1) == Some(e));
            cfg_if(
                ["libx264", "aac", "libmp3lame", "libvpx"]
                    .iter()
                    .all(|e| has(e)),
                "lifeboat_tool_ffmpeg",
            )
        }),
        std::thread::spawn(|| {
            cfg_if(
                run(
                    "php",
                    &[
                        "-r",
                        "exit(extension_loaded('xml') && extension_loaded('simplexml') ? 0 : 1);",
                    ],
                    false,
                )
                .is_some(),
                "lifeboat_tool_php",
            )
        }),
    ];
    probes
        .into_iter()
        .flat_map(|p| p.join().unwrap_or_default())
        .collect()
}

fn cfg_if(ok: bool, cfg: &'static str) -> Vec<&'static str> {
    if ok {
        vec![cfg]
    } else {
        vec![]
    }
}

/// An executable file called `name` in a folder of `PATH`.
fn on_path(name: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|d| {
        let f = d.join(name);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        }
        #[cfg(not(unix))]
        {
            f.is_file() || f.with_extension("exe").is_file()
        }
    })
}

/// Run a program; its standard output (empty unless `want_out`) when it exits with
/// success within [`LIMIT`], else `None`. Killed when it overruns.
fn run(program: &str, args: &[&str], want_out: bool) -> Option<String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(if want_out {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let reader = child.stdout.take().map(|mut o| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = o.read_to_end(&mut b);
            b
        })
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if start.elapsed() < LIMIT => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    if !status.success() {
        return None;
    }
    let out = match reader {
        Some(r) => r.join().ok()?,
        None => Vec::new(),
    };
    Some(String::from_utf8_lossy(&out).into_owned())
}
