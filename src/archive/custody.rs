//! Chain of custody: the processing log inside the bag, the organisation's
//! `bag-info.txt` fields, and legal hold.
//!
//! - `data/log.jsonl` is part of the payload (so its checksum is in the manifest): one
//!   JSON object per line, `{"at": time, "event": …, …}`, events `received`,
//!   `classified`, `repaired`, `skipped`, `merged`, `exported`, `hold`, `release`. It is
//!   only ever appended to: the bytes of earlier events never change.
//! - Fields given with `--bag-info KEY=VALUE` (organisation, contact, custodian) are
//!   kept in `data/lifeboat.json` (`bag_info`) and written to `bag-info.txt` at every
//!   commit.
//! - A hold is recorded in `bag-info.txt` (`Legal-Hold`, `Legal-Hold-Reason`,
//!   `Legal-Hold-Since`, tag lines outside the payload) and in the log. While an archive
//!   is held, no command deletes or rewrites one of its payload files: an import into it
//!   is refused before anything is read (a merge rewrites the record files) and again at
//!   its commit, exports only append to the log.
//! - Every change (an import's commit, a hold, a release, a log line) is made under the
//!   archive's lock ([`super::lock`]), so none is lost to another running at once.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::report::Report;

/// Path of the processing log inside the archive.
pub const LOG: &str = "data/log.jsonl";

/// A legal hold on an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    /// Why the archive is held.
    pub reason: String,
    /// When the hold was placed (RFC 3339).
    pub since: String,
}

/// The hold on the archive at `root`, if any (read from `bag-info.txt`).
pub fn hold_status(root: &Path) -> Option<Hold> {
    let info = fs::read_to_string(root.join("bag-info.txt")).ok()?;
    let field = |k: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(k).and_then(|r| r.strip_prefix(':')))
            .map(|v| v.trim().to_string())
    };
    (field("Legal-Hold").as_deref() == Some("yes")).then(|| Hold {
        reason: field("Legal-Hold-Reason").unwrap_or_default(),
        since: field("Legal-Hold-Since").unwrap_or_default(),
    })
}

/// Refuse `what` when the archive is held.
pub fn refuse_if_held(root: &Path, what: &str) -> Result<()> {
    match hold_status(root) {
        Some(h) => Err(Error::Archive {
            path: root.to_path_buf(),
            message: format!(
                "is under legal hold since {} ({}): {what} would rewrite its payload files; \
                 release the hold first (`lifeboat hold ARCHIVE --release`) or use a new archive",
                h.since, h.reason
            ),
        }),
        None => Ok(()),
    }
}

/// A log event: `{"at": now, "event": event, …fields}`.
pub fn event(event: &str, fields: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(
        "at".into(),
        Value::String(crate::model::Timestamp::now().to_rfc3339()),
    );
    m.insert("event".into(), Value::String(event.into()));
    if let Value::Object(f) = fields {
        m.extend(f);
    }
    Value::Object(m)
}

/// One line of the log.
pub(crate) fn log_line(v: &Value) -> String {
    let mut s = serde_json::to_string(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Append events to the processing log of a committed archive and bring the bag's
/// manifests up to date (the log's new checksum, `Payload-Oxum`, the tag manifest).
/// Earlier bytes of the log are left as they were.
pub fn append_log(root: &Path, events: &[Value]) -> Result<()> {
    if !root.join("bagit.txt").is_file() {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "is not a lifeboat archive (no bagit.txt)".into(),
        });
    }
    let _lock = super::lock::lock(root, "noting this in its log")?;
    append_log_locked(root, events)
}

/// [`append_log`] for a caller that holds the archive's lock.
fn append_log_locked(root: &Path, events: &[Value]) -> Result<()> {
    if !root.join("bagit.txt").is_file() {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "is not a lifeboat archive (no bagit.txt)".into(),
        });
    }
    let log = root.join(LOG);
    {
        let mut f = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| Error::io(&log, e))?;
        for e in events {
            f.write_all(log_line(e).as_bytes())
                .map_err(|e| Error::io(&log, e))?;
        }
        f.sync_all().map_err(|e| Error::io(&log, e))?;
    }
    refresh_manifests(root, &[LOG])
}

/// Recompute the manifest lines of `changed` payload files, `Payload-Oxum`, and the tag
/// manifest.
pub(crate) fn refresh_manifests(root: &Path, changed: &[&str]) -> Result<()> {
    let mpath = root.join("manifest-sha256.txt");
    let text = fs::read_to_string(&mpath).map_err(|e| Error::io(&mpath, e))?;
    let mut lines: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let (h, p) = l.split_once(char::is_whitespace)?;
            Some((h.to_string(), p.trim_start().to_string()))
        })
        .collect();
    for rel in changed {
        let p = root.join(rel);
        let mut f = fs::File::open(&p).map_err(|e| Error::io(&p, e))?;
        let (sha, _) = super::bag::hash_reader(&mut f).map_err(|e| Error::io(&p, e))?;
        let enc = super::bag::encode_path(rel);
        match lines.iter_mut().find(|(_, q)| *q == enc) {
            Some(l) => l.0 = sha,
            None => lines.push((sha, enc)),
        }
    }
    lines.sort_by(|a, b| a.1.cmp(&b.1));
    let mut man = String::new();
    let mut bytes = 0u64;
    for (h, p) in &lines {
        man.push_str(&format!("{h}  {p}\n"));
        let f = root.join(super::bag::decode_path(p));
        bytes += fs::metadata(&f).map_err(|e| Error::io(&f, e))?.len();
    }
    write_atomic(&mpath, man.as_bytes())?;
    set_bag_info(
        root,
        &[(
            "Payload-Oxum".to_string(),
            Some(format!("{bytes}.{}", lines.len())),
        )],
    )
}

/// Replace (or remove, with `None`) fields of `bag-info.txt`, then rewrite the tag
/// manifest.
pub(crate) fn set_bag_info(root: &Path, fields: &[(String, Option<String>)]) -> Result<()> {
    let ipath = root.join("bag-info.txt");
    let info = fs::read_to_string(&ipath).map_err(|e| Error::io(&ipath, e))?;
    let mut out: Vec<String> = info
        .lines()
        .filter(|l| {
            let key = l.split(':').next().unwrap_or("");
            !fields.iter().any(|(k, _)| k == key)
        })
        .map(str::to_string)
        .collect();
    for (k, v) in fields {
        if let Some(v) = v {
            out.push(format!("{k}: {}", v.replace(['\n', '\r'], " ")));
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    write_atomic(&ipath, s.as_bytes())?;
    write_tag_manifest(root)
}

/// `tagmanifest-sha256.txt` over the tag files.
pub(crate) fn write_tag_manifest(root: &Path) -> Result<()> {
    let mut tag = String::new();
    for name in ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"] {
        let p = root.join(name);
        let mut f = fs::File::open(&p).map_err(|e| Error::io(&p, e))?;
        let (h, _) = super::bag::hash_reader(&mut f).map_err(|e| Error::io(&p, e))?;
        tag.push_str(&format!("{h}  {name}\n"));
    }
    write_atomic(&root.join("tagmanifest-sha256.txt"), tag.as_bytes())
}

fn write_atomic(p: &Path, data: &[u8]) -> Result<()> {
    let tmp = p.with_extension("lifeboat-tmp");
    fs::write(&tmp, data).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, p).map_err(|e| Error::io(p, e))
}

/// Place a legal hold on the archive at `root`: recorded in `bag-info.txt` and the log.
pub fn hold(root: &Path, reason: &str) -> Result<Hold> {
    if reason.trim().is_empty() {
        return Err(Error::Usage("a hold needs a reason (--reason TEXT)".into()));
    }
    if !root.join("bagit.txt").is_file() {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "is not a lifeboat archive (no bagit.txt)".into(),
        });
    }
    // an import running now finishes first (its commit then sees the hold's absence);
    // every import after it sees the hold
    let _lock = super::lock::lock(root, "placing the hold")?;
    if let Some(h) = hold_status(root) {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: format!(
                "is already under legal hold since {} ({})",
                h.since, h.reason
            ),
        });
    }
    let since = crate::model::Timestamp::now().to_rfc3339();
    append_log_locked(root, &[event("hold", json!({"reason": reason}))])?;
    set_bag_info(
        root,
        &[
            ("Legal-Hold".into(), Some("yes".into())),
            ("Legal-Hold-Reason".into(), Some(reason.to_string())),
            ("Legal-Hold-Since".into(), Some(since.clone())),
        ],
    )?;
    Ok(Hold {
        reason: reason.to_string(),
        since,
    })
}

/// Release the hold on the archive at `root` (logged).
pub fn release(root: &Path) -> Result<Hold> {
    if !root.join("bagit.txt").is_file() {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "is not a lifeboat archive (no bagit.txt)".into(),
        });
    }
    let _lock = super::lock::lock(root, "releasing the hold")?;
    let Some(h) = hold_status(root) else {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "is not under legal hold".into(),
        });
    };
    append_log_locked(
        root,
        &[event(
            "release",
            json!({"reason": h.reason, "held_since": h.since}),
        )],
    )?;
    set_bag_info(
        root,
        &[
            ("Legal-Hold".into(), None),
            ("Legal-Hold-Reason".into(), None),
            ("Legal-Hold-Since".into(), None),
        ],
    )?;
    Ok(h)
}

/// Check a `--bag-info KEY=VALUE` pair: a BagIt label (no `:`, no whitespace at its
/// ends, no line break) and a one-line value. Fields lifeboat writes itself are refused.
pub fn parse_bag_info(s: &str) -> std::result::Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("--bag-info {s:?}: expected KEY=VALUE"))?;
    let k = k.trim();
    if k.is_empty() || k.contains([':', '\n', '\r']) || k.chars().any(char::is_whitespace) {
        return Err(format!("--bag-info {k:?}: not a bag-info label"));
    }
    if v.contains(['\n', '\r']) {
        return Err(format!("--bag-info {k}: the value must be one line"));
    }
    const OURS: [&str; 6] = [
        "Payload-Oxum",
        "Bagging-Date",
        "Bag-Software-Agent",
        "Legal-Hold",
        "Legal-Hold-Reason",
        "Legal-Hold-Since",
    ];
    if OURS.iter().any(|o| o.eq_ignore_ascii_case(k)) {
        return Err(format!("--bag-info {k}: lifeboat writes this field itself"));
    }
    Ok((k.to_string(), v.trim().to_string()))
}

/// The processing-log events of one import: what was received, how it was classified,
/// what was repaired and skipped, and what the merge did.
pub(crate) fn import_events(
    report: &Report,
    source_id: &str,
    merged: Option<&std::collections::BTreeMap<&'static str, super::merge::MergeCounts>>,
) -> Vec<Value> {
    let mut out = vec![
        event(
            "received",
            json!({
                "source": source_id,
                "path": report.source.path,
                "sha256": report.source.sha256,
                "bytes": report.source.bytes,
                "container": report.source.container,
                "parts": report.source.parts.iter().map(|p| json!({"path": p.path, "sha256": p.sha256, "bytes": p.bytes})).collect::<Vec<_>>(),
                "tool": report.tool,
            }),
        ),
        event(
            "classified",
            json!({
                "source": source_id,
                "network": report.network,
                "generation": report.generation,
                "entries": report.entries,
                "records": report.records,
            }),
        ),
    ];
    if !report.repairs.is_empty() {
        out.push(event(
            "repaired",
            json!({"source": source_id, "repairs": report.repairs}),
        ));
    }
    let skipped = report.skipped_total();
    if skipped > 0 {
        out.push(event(
            "skipped",
            json!({"source": source_id, "records": skipped, "reasons": report.skip_reasons}),
        ));
    }
    if let Some(m) = merged {
        out.push(event("merged", json!({"source": source_id, "records": m})));
    }
    out
}
