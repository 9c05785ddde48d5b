//! An archive nobody can corrupt: one writer at a time (real concurrent processes), a
//! legal hold that survives, recovery from runs killed at every step of a commit.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use common::TempDir;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lifeboat"))
}

fn samples(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(p)
}

fn import(dump: &Path, out: &Path) -> Output {
    bin()
        .args(["import", "-q"])
        .arg(dump)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run lifeboat")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A running import and the rest of its standard error.
struct Running {
    child: Child,
    err: std::thread::JoinHandle<String>,
}

impl Running {
    /// Wait for it: its output, standard error included.
    fn wait_with_output(self) -> Output {
        let mut o = self.child.wait_with_output().unwrap();
        o.stderr = self.err.join().unwrap().into_bytes();
        o
    }
}

/// Start an import that pauses at `point` (test hook) and wait until it says so.
fn paused_import(dump: &Path, out: &Path, point: &str, secs: u64) -> Running {
    let mut child = bin()
        .args(["import", "-q"])
        .arg(dump)
        .arg("--out")
        .arg(out)
        .env("LIFEBOAT_TEST_PAUSE_AT", point)
        .env("LIFEBOAT_TEST_PAUSE_SECS", secs.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lifeboat");
    let err = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(err).lines();
    loop {
        let l = lines
            .next()
            .expect("the import ended before its pause")
            .expect("read stderr");
        if l.contains(&format!("paused at {point}")) {
            break;
        }
    }
    // keep draining stderr so that the child never blocks on it
    let err = std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .map(|l| l + "\n")
            .collect::<String>()
    });
    Running { child, err }
}

/// Record ids of one record file of an archive.
fn ids(archive: &Path, file: &str) -> Vec<String> {
    let p = archive.join("data/records").join(file);
    std::fs::read_to_string(&p)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect()
}

fn verify_ok(archive: &Path) {
    let o = bin().arg("verify").arg(archive).output().unwrap();
    assert!(
        o.status.success(),
        "verify failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
}

/// Folders a writer left beside `archive` (staging, old versions).
fn leftovers(archive: &Path) -> Vec<String> {
    let parent = archive.parent().unwrap();
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".lifeboat-incomplete-") || n.starts_with(".lifeboat-old-"))
        .collect()
}

/// A Twitter archive folder with `n` generated tweets (a "big" import).
fn big_twitter(dir: &Path, n: usize) -> PathBuf {
    let d = dir.join("big-twitter");
    std::fs::create_dir_all(d.join("data")).unwrap();
    for f in ["manifest.js", "account.js"] {
        std::fs::copy(
            samples("twitter/samples/g3-2026/data").join(f),
            d.join("data").join(f),
        )
        .unwrap();
    }
    let mut s = String::from("window.YTD.tweets.part0 = [\n");
    for i in 0..n {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&format!(
            r#"{{"tweet":{{"id_str":"{id}","id":"{id}","created_at":"Thu Nov 20 19:42:07 +0000 2025","full_text":"generated tweet number {i} with some words to make it longer than a few bytes","lang":"en","retweeted":false,"favorite_count":"0","retweet_count":"0","entities":{{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}}}"#,
            id = 1_000_000_000_000_000_000u64 + i as u64
        ));
    }
    s.push_str("\n]\n");
    std::fs::write(d.join("data/tweets.js"), s).unwrap();
    d
}

#[test]
fn two_imports_at_once_both_land_one_waiting_for_the_other() {
    let t = TempDir::new("lock-two");
    let out = t.join("archive");
    let big = big_twitter(t.path(), 30_000);
    let outbox = samples("mastodon/samples/outbox-only");
    // a real race, no hook: the big import starts, the small one starts while it runs
    let a = bin()
        .args(["import", "-q"])
        .arg(&big)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let b = import(&outbox, &out);
    let a_out = a.wait_with_output().unwrap();
    assert!(a_out.status.success(), "big import: {}", stderr(&a_out));
    assert!(b.status.success(), "small import: {}", stderr(&b));
    let posts = ids(&out, "posts.jsonl");
    assert!(
        posts.iter().filter(|i| i.starts_with("twitter:")).count() >= 30_000,
        "the big import's posts are missing"
    );
    assert!(
        posts.iter().any(|i| i.starts_with("mastodon:")),
        "the small import's posts are missing"
    );
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/lifeboat.json")).unwrap()).unwrap();
    let nets: Vec<&str> = meta["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["network"].as_str())
        .collect();
    assert!(
        nets.contains(&"twitter") && nets.contains(&"mastodon"),
        "{nets:?}"
    );
    verify_ok(&out);
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn a_second_writer_waits_and_says_so() {
    let t = TempDir::new("lock-wait");
    let out = t.join("archive");
    let outbox = samples("mastodon/samples/outbox-only");
    assert!(import(&outbox, &out).status.success());
    let a = paused_import(
        &samples("twitter/samples/g3-2026"),
        &out,
        "before-commit",
        3,
    );
    let started = std::time::Instant::now();
    let b = import(&samples("mastodon/samples/archive-2023.zip"), &out);
    let a = a.wait_with_output();
    assert!(a.status.success());
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(
        stderr(&b).contains("another lifeboat process is writing this archive"),
        "no word about waiting: {}",
        stderr(&b)
    );
    assert!(started.elapsed().as_secs_f64() > 1.0, "did not wait");
    let posts = ids(&out, "posts.jsonl");
    assert!(posts.iter().any(|i| i.starts_with("twitter:")));
    assert!(posts.iter().any(|i| i.starts_with("mastodon:")));
    verify_ok(&out);
}

#[test]
fn a_hold_asked_for_during_an_import_survives_it_and_refuses_later_imports() {
    let t = TempDir::new("lock-hold");
    let out = t.join("archive");
    let outbox = samples("mastodon/samples/outbox-only");
    assert!(import(&outbox, &out).status.success());
    let a = paused_import(
        &samples("twitter/samples/g3-2026"),
        &out,
        "before-commit",
        3,
    );
    let hold = bin()
        .arg("hold")
        .arg(&out)
        .args(["--reason", "matter 42"])
        .output()
        .unwrap();
    let a = a.wait_with_output();
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(hold.status.success(), "{}", stderr(&hold));
    let info = std::fs::read_to_string(out.join("bag-info.txt")).unwrap();
    assert!(info.contains("Legal-Hold: yes"), "{info}");
    assert!(info.contains("matter 42"));
    // the import that ran is in, the hold is on, and the next import is refused
    assert!(ids(&out, "posts.jsonl")
        .iter()
        .any(|i| i.starts_with("twitter:")));
    let later = import(&samples("mastodon/samples/archive-2023.zip"), &out);
    assert_eq!(later.status.code(), Some(1), "{}", stderr(&later));
    assert!(stderr(&later).contains("legal hold"), "{}", stderr(&later));
    verify_ok(&out);
}

#[test]
fn a_hold_set_while_an_import_runs_is_seen_at_its_commit() {
    let t = TempDir::new("lock-hold-hand");
    let out = t.join("archive");
    assert!(import(&samples("mastodon/samples/outbox-only"), &out)
        .status
        .success());
    let before = ids(&out, "posts.jsonl");
    let a = paused_import(
        &samples("twitter/samples/g3-2026"),
        &out,
        "before-commit",
        2,
    );
    // a hold written behind lifeboat's back (an older version, a hand edit)
    let p = out.join("bag-info.txt");
    let mut info = std::fs::read_to_string(&p).unwrap();
    info.push_str("Legal-Hold: yes\nLegal-Hold-Reason: by hand\nLegal-Hold-Since: now\n");
    std::fs::write(&p, info).unwrap();
    let a = a.wait_with_output();
    assert_eq!(a.status.code(), Some(1));
    assert!(stderr(&a).contains("legal hold"), "{}", stderr(&a));
    assert_eq!(
        ids(&out, "posts.jsonl"),
        before,
        "a held archive was rewritten"
    );
    assert!(std::fs::read_to_string(&p)
        .unwrap()
        .contains("Legal-Hold: yes"));
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn exports_wait_for_an_import_and_their_log_line_is_kept() {
    let t = TempDir::new("lock-export");
    let out = t.join("archive");
    assert!(import(&samples("mastodon/samples/outbox-only"), &out)
        .status
        .success());
    let a = paused_import(
        &samples("twitter/samples/g3-2026"),
        &out,
        "before-commit",
        2,
    );
    let e = bin()
        .arg("export")
        .arg(&out)
        .args(["--to", "atom", "--out"])
        .arg(t.join("feed.atom"))
        .output()
        .unwrap();
    let a = a.wait_with_output();
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(e.status.success(), "{}", stderr(&e));
    let log = std::fs::read_to_string(out.join("data/log.jsonl")).unwrap();
    assert!(
        log.contains("\"exported\""),
        "the export's log line was lost"
    );
    assert!(
        log.matches("\"received\"").count() >= 2,
        "the import's log lines were lost"
    );
    verify_ok(&out);
}

/// Kill an import into an existing archive at `point` (SIGKILL, test hook).
fn killed_import(dump: &Path, out: &Path, point: &str) -> Output {
    let o = bin()
        .args(["import", "-q"])
        .arg(dump)
        .arg("--out")
        .arg(out)
        .env("LIFEBOAT_TEST_KILL_AT", point)
        .output()
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(o.status.signal(), Some(9), "not killed at {point}");
    }
    o
}

#[test]
fn a_run_killed_at_any_step_leaves_a_valid_archive_and_the_next_run_cleans_up() {
    let outbox = samples("mastodon/samples/outbox-only");
    let twitter = samples("twitter/samples/g3-2026");
    for (point, new_version) in [
        ("staged", false),
        ("before-commit", false),
        ("before-swap", false),
        ("after-swap", true),
        ("cleanup", true),
    ] {
        let t = TempDir::new("kill");
        let out = t.join("archive");
        assert!(import(&outbox, &out).status.success());
        killed_import(&twitter, &out, point);
        // the archive is whole: the old version, or the new one once swapped
        verify_ok(&out);
        let has_twitter = ids(&out, "posts.jsonl")
            .iter()
            .any(|i| i.starts_with("twitter:"));
        assert_eq!(has_twitter, new_version, "at {point}");
        assert!(
            !leftovers(&out).is_empty(),
            "a kill at {point} left nothing to clean up"
        );
        // any writer cleans up, under the lock, and says so
        let h = bin()
            .arg("hold")
            .arg(&out)
            .args(["--reason", "check"])
            .output()
            .unwrap();
        assert!(h.status.success(), "{}", stderr(&h));
        assert!(
            stderr(&h).contains("interrupted run"),
            "at {point}: {}",
            stderr(&h)
        );
        assert!(
            leftovers(&out).is_empty(),
            "at {point}: {:?}",
            leftovers(&out)
        );
        verify_ok(&out);
        let r = bin()
            .arg("hold")
            .arg(&out)
            .arg("--release")
            .output()
            .unwrap();
        assert!(r.status.success());
        // and an import after it goes through
        let o = import(&twitter, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        verify_ok(&out);
    }
}

#[test]
fn a_first_import_killed_before_its_rename_is_finished_by_the_next_run() {
    let t = TempDir::new("kill-first");
    let out = t.join("archive");
    let outbox = samples("mastodon/samples/outbox-only");
    killed_import(&outbox, &out, "before-swap");
    assert!(!out.exists());
    assert_eq!(leftovers(&out).len(), 1);
    // a complete bag under a staging name is put in place by the next writer
    let o = import(&samples("twitter/samples/g3-2026"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("finished a commit"), "{}", stderr(&o));
    let posts = ids(&out, "posts.jsonl");
    assert!(posts.iter().any(|i| i.starts_with("mastodon:")));
    assert!(posts.iter().any(|i| i.starts_with("twitter:")));
    assert!(leftovers(&out).is_empty());
    verify_ok(&out);
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let t = TempDir::new("pipe");
    let a = t.join("a");
    let b = t.join("b");
    assert!(import(&samples("mastodon/samples/outbox-only"), &a)
        .status
        .success());
    assert!(import(&samples("twitter/samples/g3-2026"), &b)
        .status
        .success());
    for args in [
        vec![
            "diff".into(),
            a.display().to_string(),
            b.display().to_string(),
        ],
        vec!["formats".into()],
        vec!["schema".into()],
        vec!["audit".into(), b.display().to_string()],
        vec![
            "inspect".into(),
            samples("twitter/samples/g3-2026").display().to_string(),
        ],
    ] {
        // a reader that closes the pipe at once, like `| head -0`
        let mut c = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(c.stdout.take());
        let o = c.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}
