//! Writing an archive: staged, hashed as written, renamed into place.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use super::bag::{write_bag_files, FileEntry, HashWriter};
use crate::container::unique_dir;
use crate::error::{Error, Result};
use crate::import::{Sink, Stored};
use crate::model::{Kind, Record, SCHEMA_VERSION};
use crate::report::Report;
use serde_json::{json, Value};

/// What a commit did.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CommitInfo {
    /// The archive.
    pub path: PathBuf,
    /// The source id given to the dump (`data/sources/<id>`).
    pub source_id: String,
    /// True when an existing archive was merged into.
    pub merged: bool,
    /// What the merge did, by record kind (`None` for a new archive).
    pub merge: Option<std::collections::BTreeMap<crate::model::Kind, super::MergeCounts>>,
    /// Number of payload files.
    pub files: u64,
    /// Payload bytes.
    pub bytes: u64,
}

/// Writes a new archive, or a new version of an existing one, into a staging folder;
/// [`commit`](Self::commit) moves it into place.
pub struct ArchiveWriter {
    out: PathBuf,
    stage: PathBuf,
    /// Records go to a writer thread in batches: serialising and hashing them runs on
    /// the other core while this one parses.
    batch: Vec<Record>,
    tx: Option<SyncSender<Vec<Record>>>,
    thread: Option<JoinHandle<Result<Vec<FileEntry>>>>,
    raw: Vec<Option<HashWriter>>,
    files: Vec<FileEntry>,
    media_seen: HashSet<String>,
    tmp: u64,
    committed: bool,
    bag_info: Vec<(String, String)>,
    /// The archive's lock, held from `create` to the end of `commit` (or the drop).
    _lock: super::lock::ArchiveLock,
}

const PENDING: &str = "data/sources/_pending";

impl ArchiveWriter {
    /// Start writing the archive at `out` (which may exist: it is then merged into).
    pub fn create(out: &Path) -> Result<ArchiveWriter> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        // one writer at a time; what a killed run left is cleaned up under the lock
        let lock = super::lock::lock(out, "this import")?;
        if out.exists() {
            let is_bag =
                out.join("bagit.txt").is_file() && out.join("data/lifeboat.json").is_file();
            let empty = out.is_dir()
                && fs::read_dir(out)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
            if !is_bag && !empty {
                return Err(Error::Archive {
                    path: out.to_path_buf(),
                    message: "exists and is not a lifeboat archive; refusing to overwrite it"
                        .into(),
                });
            }
            if is_bag {
                super::custody::refuse_if_held(out, "an import into it")?;
            }
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (_, name) = super::lock::split(out).unwrap_or((parent.clone(), name));
        let tag = format!("incomplete-{}", super::lock::tag(&name));
        let stage = unique_dir(&parent, &tag)?;
        fs::write(
            stage.join("INCOMPLETE"),
            format!(
                "lifeboat was writing a new version of the archive {name:?} here and did not \
                 finish; it is not valid. The next lifeboat command that writes that archive \
                 removes this folder.\n"
            ),
        )
        .map_err(|e| Error::io(&stage, e))?;
        super::lock::test_point("staged");
        fs::create_dir_all(stage.join("data/records")).map_err(|e| Error::io(&stage, e))?;
        let (tx, rx) = sync_channel::<Vec<Record>>(4);
        let dir = stage.join("data/records");
        let thread = std::thread::Builder::new()
            .name("lifeboat-records".into())
            .spawn(move || record_writer(dir, rx))
            .map_err(|e| Error::io(&stage, e))?;
        Ok(ArchiveWriter {
            out: out.to_path_buf(),
            stage,
            batch: Vec::with_capacity(BATCH),
            tx: Some(tx),
            thread: Some(thread),
            raw: (0..7).map(|_| None).collect(),
            files: Vec::new(),
            media_seen: HashSet::new(),
            tmp: 0,
            committed: false,
            bag_info: Vec::new(),
            _lock: lock,
        })
    }

    /// Fields for `bag-info.txt` (organisation, contact, custodian, …), kept in
    /// `data/lifeboat.json` for later commits.
    pub fn set_bag_info(&mut self, fields: Vec<(String, String)>) {
        self.bag_info = fields;
    }

    /// The staging folder (for spooling).
    pub fn staging_dir(&self) -> &Path {
        &self.stage
    }

    fn kind_index(k: Kind) -> usize {
        Kind::ALL.iter().position(|x| *x == k).unwrap_or(0)
    }

    /// Finish: write the report, lifeboat.json and the bag files, merge with an
    /// existing archive, and move the result into place.
    pub fn commit(mut self, report: &Report, keep_original: &[&Path]) -> Result<CommitInfo> {
        super::lock::test_point("before-commit");
        // Under the lock since `create`: nobody else wrote the archive meanwhile, but a
        // hold may have been set by hand; a held archive is never rewritten.
        if self.out.join("bagit.txt").is_file() {
            super::custody::refuse_if_held(&self.out, "this import")?;
        }
        // close the record files
        let written = self.join_writer()?;
        self.files.extend(written);
        for (i, w) in self.raw.iter_mut().enumerate() {
            if let Some(w) = w.take() {
                let (sha256, bytes) = w.finish()?;
                self.files.push(FileEntry {
                    rel: format!("data/raw/{}", Kind::ALL[i].file_name()),
                    sha256,
                    bytes,
                });
            }
        }
        let source_id: String = report.source.sha256.chars().take(16).collect();
        let source_id = if source_id.is_empty() {
            "unknown".to_string()
        } else {
            source_id
        };
        // carried entries: _pending -> <source id>
        let pending = self.stage.join(PENDING);
        let src_dir = format!("data/sources/{source_id}");
        if pending.exists() {
            let to = self.stage.join(&src_dir);
            fs::rename(&pending, &to).map_err(|e| Error::io(&to, e))?;
            for f in &mut self.files {
                if let Some(rest) = f.rel.strip_prefix(PENDING) {
                    f.rel = format!("{src_dir}{rest}");
                }
            }
        }
        for &orig in keep_original {
            let name = orig
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "dump".into());
            let name = crate::container::check_entry_name(&name).unwrap_or_else(|_| "dump".into());
            // a file as it is; a folder file by file (links are not followed)
            let mut todo = vec![(
                orig.to_path_buf(),
                format!("{src_dir}/original/{name}"),
                0usize,
            )];
            while let Some((p, rel, depth)) = todo.pop() {
                let meta = fs::symlink_metadata(&p).map_err(|e| Error::io(&p, e))?;
                if meta.is_dir() && depth < 64 {
                    for ent in fs::read_dir(&p).map_err(|e| Error::io(&p, e))? {
                        let ent = ent.map_err(|e| Error::io(&p, e))?;
                        let n = ent.file_name().to_string_lossy().into_owned();
                        if crate::container::check_entry_name(&n).is_ok() {
                            todo.push((ent.path(), format!("{rel}/{n}"), depth + 1));
                        }
                    }
                } else if meta.is_file() {
                    let mut w = HashWriter::create(&self.stage.join(&rel))?;
                    let mut f = File::open(&p).map_err(|e| Error::io(&p, e))?;
                    io::copy(&mut f, &mut w).map_err(|e| Error::io(&p, e))?;
                    let (sha256, bytes) = w.finish()?;
                    self.files.push(FileEntry { rel, sha256, bytes });
                }
            }
        }
        // the report
        let rep_rel = format!("data/reports/{source_id}.json");
        self.write_file(&rep_rel, report.to_json().as_bytes())?;

        // merge with what is there
        let existing = self.out.join("bagit.txt").is_file();
        let mut sources: Vec<Value> = Vec::new();
        let mut created = crate::model::Timestamp::now().to_rfc3339();
        let mut bag_info = serde_json::Map::new();
        let mut merged = None;
        if existing {
            let old = super::merge::merge_existing(
                &self.out,
                &self.stage,
                &mut self.files,
                report,
                &source_id,
            )?;
            sources = old.sources;
            if let Some(c) = old.created_at {
                created = c;
            }
            bag_info = old.bag_info;
            merged = Some(old.counts);
        }
        for (k, v) in std::mem::take(&mut self.bag_info) {
            bag_info.insert(k, Value::String(v));
        }
        // the processing log: the old one's bytes, then this import's events (a fresh
        // file: the merge may have hard-linked the old archive's)
        let log_rel = super::custody::LOG;
        let mut log = Vec::new();
        let old_log = self.out.join(log_rel);
        if existing && old_log.is_file() {
            log = fs::read(&old_log).map_err(|e| Error::io(&old_log, e))?;
            if !log.is_empty() && !log.ends_with(b"\n") {
                log.push(b'\n');
            }
        }
        let _ = fs::remove_file(self.stage.join(log_rel));
        self.files.retain(|f| f.rel != log_rel);
        for ev in super::custody::import_events(report, &source_id, merged.as_ref()) {
            log.extend_from_slice(super::custody::log_line(&ev).as_bytes());
        }
        self.write_file(log_rel, &log)?;
        let file_name = Path::new(&report.source.path)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.retain(|s| s.get("id").and_then(Value::as_str) != Some(source_id.as_str()));
        sources.push(json!({
            "id": source_id,
            "file_name": file_name,
            "sha256": report.source.sha256,
            "bytes": report.source.bytes,
            "container": report.source.container,
            "network": report.network,
            "generation": report.generation,
            "imported_at": report.imported_at,
            "report": rep_rel,
            "records": report.records,
            "kept_original": !keep_original.is_empty(),
            "parts": report.source.parts,
            "coverage": serde_json::to_value(&report.coverage).unwrap_or(Value::Null),
        }));
        let meta = json!({
            "format": "lifeboat-archive",
            "schema_version": SCHEMA_VERSION,
            "tool": format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
            "created_at": created,
            "updated_at": crate::model::Timestamp::now().to_rfc3339(),
            "record_files": Kind::ALL.iter().map(|k| (k.as_str(), format!("data/records/{}", k.file_name()))).collect::<std::collections::BTreeMap<_, _>>(),
            "log": log_rel,
            "bag_info": bag_info,
            "sources": sources,
        });
        let meta_s = serde_json::to_string_pretty(&meta).unwrap_or_default();
        self.files.retain(|f| f.rel != "data/lifeboat.json");
        self.write_file("data/lifeboat.json", meta_s.as_bytes())?;

        // the bag
        self.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        let bytes: u64 = self.files.iter().map(|f| f.bytes).sum();
        let count = self.files.len() as u64;
        let extra: Vec<(String, String)> = bag_info
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect();
        write_bag_files(&self.stage, &self.files, report, &sources, &extra)?;
        // the bag is complete: only now does the staging folder lose its marker (a
        // folder without one is a finished version, see lock::recover)
        let marker = self.stage.join("INCOMPLETE");
        fs::remove_file(&marker).map_err(|e| Error::io(&marker, e))?;
        super::lock::test_point("before-swap");

        // into place
        if self.out.exists() && exchange(&self.stage, &self.out) {
            // one atomic step: the new archive is in place, the old one is in the
            // staging folder's place; a kill from here on leaves the new archive whole
            // and the old one under the staging name, which the next writer removes
            self.committed = true;
            super::lock::test_point("after-swap");
            remove_old(&self.stage);
        } else if self.out.exists() {
            let parent = self.stage.parent().unwrap_or(Path::new(".")).to_path_buf();
            let name = super::lock::split(&self.out)
                .map(|(_, n)| n)
                .unwrap_or_default();
            let old = unique_dir(&parent, &format!("old-{}", super::lock::tag(&name)))?;
            fs::remove_dir(&old).map_err(|e| Error::io(&old, e))?;
            fs::rename(&self.out, &old).map_err(|e| Error::io(&self.out, e))?;
            super::lock::test_point("after-swap");
            if let Err(e) = fs::rename(&self.stage, &self.out) {
                let _ = fs::rename(&old, &self.out);
                return Err(Error::io(&self.out, e));
            }
            self.committed = true;
            remove_old(&old);
        } else {
            fs::rename(&self.stage, &self.out).map_err(|e| Error::io(&self.out, e))?;
        }
        self.committed = true;
        Ok(CommitInfo {
            path: self.out.clone(),
            source_id,
            merged: existing,
            merge: merged.map(|m| {
                m.into_iter()
                    .filter_map(|(k, c)| Some((crate::model::Kind::from_name(k)?, c)))
                    .collect()
            }),
            files: count,
            bytes,
        })
    }

    fn write_file(&mut self, rel: &str, data: &[u8]) -> Result<()> {
        if let Some(d) = self.stage.join(rel).parent() {
            fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        let mut w = HashWriter::create(&self.stage.join(rel))?;
        w.write_all(data)?;
        let (sha256, bytes) = w.finish()?;
        self.files.retain(|f| f.rel != rel);
        self.files.push(FileEntry {
            rel: rel.to_string(),
            sha256,
            bytes,
        });
        Ok(())
    }
}

const BATCH: usize = 512;

fn record_writer(
    dir: PathBuf,
    rx: std::sync::mpsc::Receiver<Vec<Record>>,
) -> Result<Vec<FileEntry>> {
    let mut writers: Vec<Option<HashWriter>> = (0..Kind::ALL.len()).map(|_| None).collect();
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 14);
    for batch in rx {
        for r in batch {
            let i = ArchiveWriter::kind_index(r.kind());
            let w = match &mut writers[i] {
                Some(w) => w,
                slot => slot.insert(HashWriter::create(&dir.join(r.kind().file_name()))?),
            };
            buf.clear();
            let res = match &r {
                Record::Account(x) => serde_json::to_writer(&mut buf, x),
                Record::Post(x) => serde_json::to_writer(&mut buf, x),
                Record::Media(x) => serde_json::to_writer(&mut buf, x),
                Record::Relationship(x) => serde_json::to_writer(&mut buf, x),
                Record::Reaction(x) => serde_json::to_writer(&mut buf, x),
                Record::Conversation(x) => serde_json::to_writer(&mut buf, x),
                Record::Message(x) => serde_json::to_writer(&mut buf, x),
            };
            res.map_err(|e| Error::io(&w.path, io::Error::other(e)))?;
            buf.push(b'\n');
            w.write_all(&buf)?;
        }
    }
    let mut out = Vec::new();
    for (i, w) in writers.into_iter().enumerate() {
        if let Some(w) = w {
            let (sha256, bytes) = w.finish()?;
            out.push(FileEntry {
                rel: format!("data/records/{}", Kind::ALL[i].file_name()),
                sha256,
                bytes,
            });
        }
    }
    Ok(out)
}

impl ArchiveWriter {
    fn send_batch(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let b = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let sent = self
            .tx
            .as_ref()
            .map(|tx| tx.send(b).is_ok())
            .unwrap_or(false);
        if !sent {
            // the writer stopped: its error says why
            self.join_writer()?;
            return Err(Error::io(
                &self.stage,
                io::Error::other("the record writer stopped"),
            ));
        }
        Ok(())
    }

    fn join_writer(&mut self) -> Result<Vec<FileEntry>> {
        if !self.batch.is_empty() && self.tx.is_some() {
            self.send_batch()?;
        }
        self.tx = None;
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| {
                Error::io(&self.stage, io::Error::other("the record writer panicked"))
            })?,
            None => Ok(Vec::new()),
        }
    }
}

impl Drop for ArchiveWriter {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if !self.committed {
            // An abandoned import leaves nothing behind (a killed one leaves a folder
            // marked INCOMPLETE, never a half-written archive under the real name).
            let _ = fs::remove_dir_all(&self.stage);
        }
    }
}

/// Remove the superseded version of an archive, once the new one is in place. What
/// cannot be removed now (or what a kill half way leaves) stays under a staging name,
/// which the next writer removes (see `lock::recover`): the commit has succeeded.
fn remove_old(old: &Path) {
    let mut first = true;
    let Ok(rd) = fs::read_dir(old) else {
        return;
    };
    for ent in rd.flatten() {
        let p = ent.path();
        if ent.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(&p);
        } else {
            let _ = fs::remove_file(&p);
        }
        if first {
            first = false;
            super::lock::test_point("cleanup");
        }
    }
    if let Err(e) = fs::remove_dir_all(old) {
        super::lock::notice(&format!(
            "{}: the previous version could not be removed ({e}); the next run will",
            old.display()
        ));
    }
}

/// Swap two folders in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`). False
/// when the system cannot; the caller then swaps in two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both arguments are valid NUL-terminated paths that live across the
    // call; renameat2 does not keep them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    r == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

impl ArchiveWriter {
    /// An error about a file in the staging folder names the dump's entry instead: the
    /// staging folder is lifeboat's business, and it is gone once the import fails.
    fn hide_stage(&self, e: Error, entry: &str) -> Error {
        match e {
            Error::Io { path, source } if path.starts_with(&self.stage) => Error::Container {
                path: entry.to_string(),
                message: format!("cannot be stored in the archive: {source}"),
            },
            e => e,
        }
    }
}

impl ArchiveWriter {
    fn store_media_inner(&mut self, name: &str, r: &mut dyn Read) -> Result<Stored> {
        self.tmp += 1;
        let tmp = self.stage.join(format!("media-{}.tmp", self.tmp));
        let mut w = HashWriter::create(&tmp)?;
        io::copy(r, &mut w).map_err(|e| Error::io(name, e))?;
        let (sha256, bytes) = w.finish()?;
        let rel = super::bag::media_path(&sha256, name);
        let dest = self.stage.join(&rel);
        if self.media_seen.contains(&rel) || dest.exists() {
            let _ = fs::remove_file(&tmp);
        } else {
            if let Some(d) = dest.parent() {
                fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
            }
            fs::rename(&tmp, &dest).map_err(|e| Error::io(&dest, e))?;
            self.media_seen.insert(rel.clone());
            self.files.push(FileEntry {
                rel: rel.clone(),
                sha256: sha256.clone(),
                bytes,
            });
        }
        Ok(Stored {
            sha256,
            bytes,
            path: rel,
        })
    }

    fn carry_inner(&mut self, name: &str, r: &mut dyn Read) -> Result<()> {
        // `name` was checked by the container: relative, no `..`, no backslash.
        let name = crate::container::check_entry_name(name).map_err(|e| Error::Container {
            path: name.to_string(),
            message: e.to_string(),
        })?;
        let rel = format!("{PENDING}/{name}");
        let res = (|| {
            let mut w = HashWriter::create(&self.stage.join(&rel))?;
            io::copy(r, &mut w).map_err(|e| Error::io(&name, e))?;
            w.finish()
        })();
        let (sha256, bytes) = res.map_err(|e| self.hide_stage(e, &name))?;
        self.files.push(FileEntry { rel, sha256, bytes });
        Ok(())
    }
}

impl Sink for ArchiveWriter {
    fn record(&mut self, r: Record) -> Result<()> {
        self.batch.push(r);
        if self.batch.len() >= BATCH {
            self.send_batch()?;
        }
        Ok(())
    }

    fn store_media(&mut self, name: &str, r: &mut dyn Read) -> Result<Stored> {
        self.store_media_inner(name, r)
            .map_err(|e| self.hide_stage(e, name))
    }

    fn carry(&mut self, name: &str, r: &mut dyn Read) -> Result<()> {
        self.carry_inner(name, r)
    }

    fn keep_raw(&mut self, kind: Kind, location: &str, reason: &str, raw: &[u8]) -> Result<()> {
        let i = Self::kind_index(kind);
        let w = match &mut self.raw[i] {
            Some(w) => w,
            slot => slot.insert(HashWriter::create(
                &self.stage.join("data/raw").join(kind.file_name()),
            )?),
        };
        let raw_v: Value = serde_json::from_slice(raw)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(raw).into_owned()));
        let line =
            json!({"kind": kind.as_str(), "location": location, "reason": reason, "raw": raw_v});
        w.write_all(line.to_string().as_bytes())?;
        w.write_all(b"\n")
    }
}
