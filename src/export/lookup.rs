//! What an exporter knows of every account and media item, without holding them.
//!
//! Exporters look accounts up by id (a post's author, a mention, a follow's target)
//! and media by id (a post's attachments). A map of every account and media item of
//! a 1M-post archive held 150 MB; here each is one 16-byte entry — a 64-bit digest
//! of its id and the offset of its line in the archive's records file — and a lookup
//! reads that line again (one positioned read, from the page cache) and keeps the
//! answer in a small cache, since authors repeat (the owner writes most posts).

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::model::{Kind, Record};

/// Cached answers (a direct-mapped cache: one slot per digest's low bits).
const CACHE: usize = 4096;

/// Accounts or media of an archive by id (see the module documentation).
pub(crate) struct Lookup<T> {
    kind: Kind,
    path: PathBuf,
    file: Option<File>,
    /// (digest of the id, offset of the record's line), sorted.
    index: Vec<(u64, u64)>,
    lite: fn(Record) -> Option<(String, T)>,
    #[allow(clippy::type_complexity)]
    cache: Mutex<Vec<Option<(u64, Arc<str>, Option<Arc<T>>)>>>,
}

fn digest(id: &str) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new_with_keys(0x6c69_6665, 0x626f_6174);
    id.hash(&mut h);
    h.finish()
}

impl<T> Lookup<T> {
    /// An empty lookup over the records file of `kind` under `archive`; `lite` turns
    /// a record into its id and what the exporters need of it.
    pub(crate) fn new(
        archive: &Path,
        kind: Kind,
        lite: fn(Record) -> Option<(String, T)>,
    ) -> Result<Lookup<T>> {
        let path = archive.join("data/records").join(kind.file_name());
        let file = match File::open(&path) {
            Ok(f) => Some(f),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Lookup {
            kind,
            path,
            file,
            index: Vec::new(),
            lite,
            cache: Mutex::new((0..CACHE).map(|_| None).collect()),
        })
    }

    /// Note that the record `id` starts at `offset` of the file.
    pub(crate) fn push(&mut self, id: &str, offset: u64) {
        self.index.push((digest(id), offset));
    }

    /// Sort the index: call once every record is pushed.
    pub(crate) fn finish(&mut self) {
        self.index.sort_unstable();
        self.index.shrink_to_fit();
    }

    /// True when it knows a record with this id.
    pub(crate) fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// What is known of `id`. A record that cannot be read again (the archive changed
    /// under the export) is treated as absent.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<T>> {
        let d = digest(id);
        let slot = (d as usize) % CACHE;
        if let Ok(cache) = self.cache.lock() {
            if let Some(Some((cd, cid, v))) = cache.get(slot) {
                if *cd == d && &**cid == id {
                    return v.clone();
                }
            }
        }
        let found = self.read(id, d).ok().flatten().map(Arc::new);
        if let Ok(mut cache) = self.cache.lock() {
            if let Some(s) = cache.get_mut(slot) {
                *s = Some((d, Arc::from(id), found.clone()));
            }
        }
        found
    }

    /// Read the records whose id has digest `d` until one is `id`.
    fn read(&self, id: &str, d: u64) -> Result<Option<T>> {
        let Some(file) = &self.file else {
            return Ok(None);
        };
        let from = self.index.partition_point(|&(x, _)| x < d);
        for &(x, offset) in self.index.get(from..).unwrap_or_default() {
            if x != d {
                break;
            }
            let line = read_line(file, offset).map_err(|e| Error::io(&self.path, e))?;
            let text = std::str::from_utf8(&line).map_err(|_| Error::Archive {
                path: self.path.clone(),
                message: format!("byte {offset}: not UTF-8"),
            })?;
            let r = Record::from_json(self.kind, text).map_err(|m| Error::Archive {
                path: self.path.clone(),
                message: format!("byte {offset}: {m}"),
            })?;
            if let Some((rid, v)) = (self.lite)(r) {
                if rid == id {
                    return Ok(Some(v));
                }
            }
        }
        Ok(None)
    }
}

/// The line that starts at `offset` (without its end of line).
fn read_line(file: &File, offset: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 2048];
    let mut at = offset;
    loop {
        let n = read_at(file, &mut chunk, at)?;
        if n == 0 {
            return Ok(out);
        }
        let got = chunk.get(..n).unwrap_or_default();
        if let Some(end) = memchr::memchr(b'\n', got) {
            out.extend_from_slice(got.get(..end).unwrap_or_default());
            return Ok(out);
        }
        out.extend_from_slice(got);
        at += n as u64;
        if chunk.len() < 1 << 20 {
            chunk.resize(chunk.len() * 2, 0);
        }
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match f.read_at(buf, off) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            r => return r,
        }
    }
}

#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> std::io::Result<usize> {
    use std::os::windows::fs::FileExt;
    f.seek_read(buf, off)
}
