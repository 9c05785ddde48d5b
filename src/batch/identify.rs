//! Before a batch imports anything: which dumps its archives already hold (by
//! SHA-256), and, for each new dump, whose export it is and of when.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::import::{NullSink, Sink, Stored};
use crate::model::{Kind, Record, Timestamp};
use crate::report::Report;
use crate::{Archive, ImportOptions, NoProgress};

/// A dump an archive of the batch's folder holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Held {
    pub archive: String,
    pub network: String,
    pub generation: String,
    pub account: Option<String>,
}

/// The archives already in the batch's folder.
#[derive(Default)]
pub(crate) struct Known {
    /// Dump SHA-256 -> where it is.
    pub by_sha: HashMap<String, Held>,
    /// Owner account -> its archive.
    pub by_account: HashMap<String, String>,
    /// Every name taken in the folder, in lower case (a new archive's name must not
    /// differ from one only by case: some file systems do not tell them apart).
    pub names: std::collections::HashSet<String>,
}

impl Known {
    /// Look at every archive directly inside `root`: the dumps each holds, by the
    /// SHA-256 its `data/lifeboat.json` records, and the owner accounts they named.
    pub fn scan(root: &Path) -> Result<Known> {
        let mut k = Known::default();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
            .map_err(|e| Error::io(root, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        dirs.sort();
        for d in dirs {
            let Some(name) = d.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            k.names.insert(name.to_lowercase());
            if Archive::open(&d).is_err() {
                continue;
            }
            for s in sources(&d) {
                let account = s.accounts.first().cloned();
                for a in s.accounts {
                    k.by_account.entry(a).or_insert(name.clone());
                }
                if !s.sha256.is_empty() {
                    k.by_sha.entry(s.sha256).or_insert(Held {
                        archive: name.clone(),
                        network: s.network,
                        generation: s.generation,
                        account,
                    });
                }
            }
        }
        Ok(k)
    }
}

/// A dump as an archive's `data/lifeboat.json` records it.
struct Source {
    sha256: String,
    network: String,
    generation: String,
    /// The owner accounts it named (`coverage.accounts`).
    accounts: Vec<String>,
}

fn sources(archive: &Path) -> Vec<Source> {
    let meta: serde_json::Value = std::fs::read(archive.join("data/lifeboat.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let text = |s: &serde_json::Value, k: &str| {
        s.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    meta.get("sources")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .map(|s| Source {
            sha256: text(s, "sha256"),
            network: text(s, "network"),
            generation: text(s, "generation"),
            accounts: s
                .pointer("/coverage/accounts")
                .and_then(|a| a.as_array())
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect(),
        })
        .collect()
}

/// The owner accounts an archive's dumps named.
pub(crate) fn owner_accounts(archive: &Path) -> Vec<String> {
    let mut out: Vec<String> = sources(archive)
        .into_iter()
        .flat_map(|s| s.accounts)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A new dump, looked at: what filing it needs (not its whole report, which can be
/// large and a batch holds thousands).
pub(crate) struct Seen {
    pub sha256: String,
    pub network: String,
    pub generation: String,
    /// The owner accounts it names (`coverage.accounts`).
    pub accounts: Vec<String>,
    /// Its size.
    pub bytes: u64,
    /// Milliseconds since the epoch, and how it was found.
    pub date: Option<(i64, &'static str)>,
}

/// The SHA-256 of a dump (of its first part, as the archive records it), or why it
/// cannot be read.
pub(crate) fn hash(parts: &[PathBuf]) -> std::result::Result<String, String> {
    let first = parts.first().ok_or_else(|| "no dump".to_string())?;
    crate::archive::hash_source(first)
        .map(|(h, _)| h)
        .map_err(|e| Error::io(first, e).to_string())
}

/// Read a new dump without writing anything (its network, owner account and
/// records), and date it; or why it cannot be imported.
pub(crate) fn look(
    parts: &[PathBuf],
    sha256: String,
    opts: &ImportOptions,
) -> std::result::Result<Seen, String> {
    let first = parts.first().ok_or_else(|| "no dump".to_string())?;
    let mut sink = Dating::default();
    let refs: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
    let report: Report =
        crate::run_checked(&refs, &mut sink, opts, &mut NoProgress).map_err(|e| e.to_string())?;
    let date = sink
        .latest
        .map(|t| (t, "newest record"))
        .or_else(|| file_time(first).map(|t| (t, "file time")));
    Ok(Seen {
        sha256,
        network: report.network,
        generation: report.generation,
        accounts: report.coverage.accounts,
        bytes: report.source.bytes,
        date,
    })
}

/// A file's (or folder's) modification time, in milliseconds.
fn file_time(p: &Path) -> Option<i64> {
    let t = std::fs::metadata(p).ok()?.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_millis()).ok()
}

/// The time a record was made (posted, sent, reacted, followed), if it says.
fn record_time(r: &Record) -> Option<Timestamp> {
    match r {
        Record::Post(p) => p.created_at,
        Record::Message(m) => m.sent_at,
        Record::Reaction(x) => x.created_at,
        Record::Relationship(x) => x.since,
        Record::Account(_) | Record::Media(_) | Record::Conversation(_) => None,
    }
}

/// Times later than a day from now are a clock's or a parser's mistake, not an
/// export's date.
fn plausible(t: Timestamp) -> Option<i64> {
    let ms = t.millis();
    (ms <= Timestamp::now().millis().saturating_add(86_400_000)).then_some(ms)
}

/// A sink that writes nothing and keeps the newest time of the records.
#[derive(Default)]
struct Dating {
    inner: NullSink,
    latest: Option<i64>,
}

impl Sink for Dating {
    fn record(&mut self, r: Record) -> Result<()> {
        if let Some(ms) = record_time(&r).and_then(plausible) {
            self.latest = Some(self.latest.map_or(ms, |l| l.max(ms)));
        }
        self.inner.record(r)
    }
    fn store_media(&mut self, name: &str, r: &mut dyn Read) -> Result<Stored> {
        self.inner.store_media(name, r)
    }
    fn carry(&mut self, name: &str, r: &mut dyn Read) -> Result<()> {
        self.inner.carry(name, r)
    }
    fn keep_raw(&mut self, kind: Kind, location: &str, reason: &str, raw: &[u8]) -> Result<()> {
        self.inner.keep_raw(kind, location, reason, raw)
    }
}

/// The newest record time an archive holds (milliseconds), to tell whether a dump
/// merged into it is older than what it already has.
pub(crate) fn latest_in(archive: &Path) -> Option<i64> {
    let a = Archive::open(archive).ok()?;
    let mut latest: Option<i64> = None;
    for kind in [
        Kind::Post,
        Kind::Message,
        Kind::Reaction,
        Kind::Relationship,
    ] {
        for r in a.records(kind).ok()?.flatten() {
            if let Some(ms) = record_time(&r).and_then(plausible) {
                latest = Some(latest.map_or(ms, |l| l.max(ms)));
            }
        }
    }
    latest
}

/// RFC 3339 of milliseconds since the epoch.
pub(crate) fn rfc3339(ms: i64) -> String {
    Timestamp::from_millis(ms)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}
