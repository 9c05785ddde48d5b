//! The safe entry reader: one pass over a zip, a tar.gz, a folder, a single file or a
//! gzipped single file,
//! yielding entries as streams under [`Limits`].
//!
//! Entry names are checked ([`check_entry_name`]): a name that could escape a folder
//! is refused and reported, never opened. Links (tar symlinks and hard links, zip
//! symlinks, symlinks in a folder) are never followed. Nothing is extracted under its
//! archive name: a tar.gz, which cannot be read out of order, is spooled to numbered
//! files in a private folder first.

mod folder;
mod limits;
mod names;
mod reader;
mod tar;
mod zip;
mod zipread;

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use limits::Limits;
pub use names::check_entry_name;

use crate::error::{Error, Result, Tripwire};
use folder::walk;
use reader::*;
use tar::is_tar_gz;

/// What kind of container a dump is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// A zip file.
    Zip,
    /// A gzip-compressed tar file.
    TarGz,
    /// A folder on disk.
    Folder,
    /// A single file that is not an archive (e.g. a `.car` or `.xml` export).
    File,
    /// A single gzip-compressed file that is not a tar (e.g. a Disqus `.xml.gz`).
    Gz,
}

/// One entry of a dump.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The checked, normalised name (for a refused entry, the raw name, lossily decoded).
    pub name: String,
    /// Size in bytes as the container declares it (uncompressed).
    pub size: u64,
    /// Why the entry may not be opened (see [`Entry::refused`]): an index into the
    /// reasons interned by [`reason_code`], 0 for none (two bytes, not sixteen: a dump
    /// may list a million entries).
    refused: u16,
    /// Compressed size (zip, gzip), or `u64::MAX` when there is none.
    compressed: u64,
    slot: u32,
    /// Bytes of `name` that a caller put before the container's own name.
    prefix: u16,
}

const NO_SIZE: u64 = u64::MAX;

/// Reasons for refusing entries, interned: there are few of them.
static REASONS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

/// Most distinct reasons kept; past this, a generic one stands for the rest.
const MAX_REASONS: usize = 1024;

/// The code of a refusal reason (1-based).
fn reason_code(why: &str) -> u16 {
    let Ok(mut all) = REASONS.lock() else {
        return u16::MAX;
    };
    if let Some(i) = all.iter().position(|r| *r == why) {
        return u16::try_from(i + 1).unwrap_or(u16::MAX);
    }
    if all.len() >= MAX_REASONS {
        return u16::MAX;
    }
    all.push(Box::leak(why.to_string().into_boxed_str()));
    u16::try_from(all.len()).unwrap_or(u16::MAX)
}

impl Entry {
    /// Why the entry may not be opened (an unsafe or impossible name, a link, a
    /// duplicate name, an unsupported entry type or compression); `None` for an entry
    /// that can be read.
    pub fn refused(&self) -> Option<&'static str> {
        if self.refused == 0 {
            return None;
        }
        let all = REASONS.lock().ok()?;
        Some(
            all.get(usize::from(self.refused) - 1)
                .copied()
                .unwrap_or("refused (one of many reasons)"),
        )
    }

    fn refuse(&mut self, why: &str) {
        self.refused = reason_code(why);
    }

    /// Put `prefix` before the name (`part2/`, `blobs/`); the container still finds
    /// the entry under its own name.
    pub fn add_prefix(&mut self, prefix: &str) {
        self.name.insert_str(0, prefix);
        self.prefix = self
            .prefix
            .saturating_add(u16::try_from(prefix.len()).unwrap_or(u16::MAX));
    }

    /// The name inside its container.
    fn own_name(&self) -> &str {
        self.name
            .get(usize::from(self.prefix)..)
            .unwrap_or(&self.name)
    }

    /// The file name (last path component).
    pub fn file_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
}

enum Inner {
    Zip(zipread::ZipIndex),
    Folder(PathBuf),
    /// Spooled entries: `spool/<slot>`.
    Spool(Spool),
    /// One gzip-compressed file, decompressed as it is read.
    Gz(PathBuf),
}

struct Spool {
    dir: PathBuf,
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An opened dump.
pub struct Container {
    path: PathBuf,
    kind: ContainerKind,
    entries: Vec<Entry>,
    inner: Inner,
    limits: Limits,
    total: Arc<AtomicU64>,
    interrupt: Option<Arc<AtomicBool>>,
    /// The dump's size on disk.
    dump_bytes: u64,
}

impl Container {
    /// Open a dump: a zip, a tar.gz, a folder, or a single file. `spool_dir` is where a
    /// tar.gz is spooled (a private sub-folder is made there and removed on drop);
    /// `None` means the system's temporary folder.
    pub fn open(path: &Path, limits: &Limits, spool_dir: Option<&Path>) -> Result<Container> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        let mut c = Container {
            path: path.to_path_buf(),
            kind: ContainerKind::File,
            entries: Vec::new(),
            inner: Inner::Folder(PathBuf::new()),
            limits: limits.clone(),
            total: Arc::new(AtomicU64::new(0)),
            interrupt: None,
            dump_bytes: meta.len(),
        };
        if meta.is_dir() {
            c.kind = ContainerKind::Folder;
            c.inner = Inner::Folder(path.to_path_buf());
            let mut out = Vec::new();
            walk(path, "", 0, &mut out, limits)?;
            out.sort_by(|a, b| a.name.cmp(&b.name));
            for (i, e) in out.iter_mut().enumerate() {
                e.slot = u32::try_from(i).unwrap_or(u32::MAX);
            }
            c.entries = out;
            return Ok(c);
        }
        let mut magic = [0u8; 4];
        let n = {
            let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
            read_up_to(&mut f, &mut magic).map_err(|e| Error::io(path, e))?
        };
        let magic = &magic[..n];
        if magic.starts_with(b"PK\x03\x04")
            || magic.starts_with(b"PK\x05\x06")
            || magic.starts_with(b"PK\x07\x08")
        {
            c.kind = ContainerKind::Zip;
            c.open_zip()?;
        } else if magic.starts_with(&[0x1f, 0x8b]) && !is_tar_gz(path)? {
            // a gzip of one file: one entry, the file without `.gz`
            c.kind = ContainerKind::Gz;
            let file = path
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = file
                .strip_suffix(".gz")
                .or_else(|| file.strip_suffix(".GZ"))
                .unwrap_or(&file)
                .to_string();
            c.inner = Inner::Gz(path.to_path_buf());
            c.entries.push(Entry {
                name,
                size: meta.len(),
                refused: 0,
                compressed: meta.len(),
                slot: 0,
                prefix: 0,
            });
        } else if magic.starts_with(&[0x1f, 0x8b]) {
            c.kind = ContainerKind::TarGz;
            c.open_targz(spool_dir)?;
        } else {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if ext == "zip" {
                return Err(Error::Container {
                    path: path.display().to_string(),
                    message: "not a zip file (no zip signature at the start)".into(),
                });
            }
            if ext == "gz" || ext == "tgz" {
                return Err(Error::Container {
                    path: path.display().to_string(),
                    message: "not a gzip file (no gzip signature at the start)".into(),
                });
            }
            c.kind = ContainerKind::File;
            let name = path
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            c.inner = Inner::Folder(path.parent().unwrap_or(Path::new(".")).to_path_buf());
            c.entries.push(Entry {
                name,
                size: meta.len(),
                refused: 0,
                compressed: NO_SIZE,
                slot: 0,
                prefix: 0,
            });
        }
        mark_clashes(&mut c.entries);
        if c.entries.len() as u64 > limits.max_entries {
            return Err(Error::Limit {
                what: "number of entries",
                limit: limits.max_entries,
                path: path.display().to_string(),
            });
        }
        Ok(c)
    }

    /// Check an interrupt flag while reading; a set flag ends the read with
    /// [`Error::Interrupted`].
    pub fn set_interrupt(&mut self, flag: Arc<AtomicBool>) {
        self.interrupt = Some(flag);
    }

    /// The dump's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What kind of container it is.
    pub fn kind(&self) -> ContainerKind {
        self.kind
    }

    /// Every entry (directories excluded), refused ones included.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Open entry `i` of [`entries`](Self::entries) as a stream, under the limits.
    pub fn open_entry(&mut self, i: usize) -> Result<Box<dyn Read + Send + '_>> {
        let e = self
            .entries
            .get(i)
            .ok_or_else(|| Error::Usage(format!("no entry {i}")))?
            .clone();
        self.open_listed(&e)
    }

    /// Move the entry list out (the container can still open them with
    /// [`open_listed`](Self::open_listed)): a dump of a million entries is listed once, not twice.
    pub fn take_entries(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.entries)
    }

    /// Open an entry of this container (one of [`entries`](Self::entries), or of
    /// [`take_entries`](Self::take_entries), perhaps renamed) as a stream, under the
    /// limits.
    pub fn open_listed(&mut self, e: &Entry) -> Result<Box<dyn Read + Send + '_>> {
        if let Some(r) = e.refused() {
            return Err(Error::Container {
                path: e.name.clone(),
                message: format!("refused: {r}"),
            });
        }
        let name = e.name.clone();
        let compressed = e.compressed;
        let slot = e.slot;
        let inner: Box<dyn Read + Send + '_> = match &mut self.inner {
            Inner::Zip(z) => z
                .open_entry(slot as usize, e.size, compressed)
                .map_err(|e| Error::Container {
                    path: name.clone(),
                    message: format!("cannot read this zip entry: {e}"),
                })?,
            Inner::Folder(root) => {
                let p = if self.kind == ContainerKind::File {
                    self.path.clone()
                } else {
                    root.join(e.own_name())
                };
                // The walk already refused links; check again in case the folder changed.
                let m = std::fs::symlink_metadata(&p).map_err(|e| Error::io(&p, e))?;
                if !m.is_file() {
                    return Err(Error::Container {
                        path: name,
                        message: "not a regular file".into(),
                    });
                }
                Box::new(File::open(&p).map_err(|e| Error::io(&p, e))?)
            }
            Inner::Spool(s) => {
                let p = s.dir.join(slot.to_string());
                Box::new(File::open(&p).map_err(|e| Error::io(&p, e))?)
            }
            Inner::Gz(p) => {
                let f = File::open(&*p).map_err(|e| Error::io(&*p, e))?;
                Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
                    1 << 16,
                    f,
                )))
            }
        };
        let dump_bytes = match self.kind {
            ContainerKind::Zip | ContainerKind::Gz => Some(self.dump_bytes),
            _ => None,
        };
        Ok(Box::new(OwnedLimited {
            inner,
            name,
            read: 0,
            limits: self.limits.clone(),
            compressed: (compressed != NO_SIZE).then_some(compressed),
            dump_bytes,
            total: self.total.clone(),
            interrupt: self.interrupt.clone(),
        }))
    }

    /// Total bytes read from entries so far.
    pub fn bytes_read(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}

/// Entries no folder could hold side by side are refused with the reason, and the
/// import goes on: a second entry with the name of an earlier one (the first is read,
/// the second is reported, never silently put in its place), and a file whose name is
/// also a folder of other entries (`data/ff` beside `data/ff/child.txt`).
fn mark_clashes(entries: &mut [Entry]) {
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    // stable: among equal names, the one listed first comes first
    order.sort_by(|&a, &b| {
        let (x, y) = (entries.get(a as usize), entries.get(b as usize));
        x.map(|e| e.name.as_str()).cmp(&y.map(|e| e.name.as_str()))
    });
    let mut refuse: Vec<(u32, &'static str)> = Vec::new();
    for w in order.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let (Some(x), Some(y)) = (entries.get(a as usize), entries.get(b as usize)) else {
            continue;
        };
        if x.refused == 0 && x.name == y.name {
            refuse.push((b, "another entry has the same name (the first one is read)"));
        }
    }
    for (k, &i) in order.iter().enumerate() {
        let Some(e) = entries.get(i as usize) else {
            continue;
        };
        if e.refused != 0 {
            continue;
        }
        // names under `<name>/` sort after it, past any that are only longer
        let me = e.name.as_bytes();
        let below = |x: &[u8]| -> bool {
            let head = x.get(..me.len()).unwrap_or(x);
            match head.cmp(me) {
                std::cmp::Ordering::Equal => x.get(me.len()).is_none_or(|&c| c < b'/'),
                o => o == std::cmp::Ordering::Less,
            }
        };
        let rest = order.get(k + 1..).unwrap_or_default();
        let at = rest.partition_point(|&j| {
            entries
                .get(j as usize)
                .is_some_and(|x| below(x.name.as_bytes()))
        });
        if rest.get(at).is_some_and(|&j| {
            entries.get(j as usize).is_some_and(|x| {
                x.name.as_bytes().starts_with(me) && x.name.as_bytes().get(me.len()) == Some(&b'/')
            })
        }) {
            refuse.push((i, "a file and a folder of other entries share this name"));
        }
    }
    for (i, why) in refuse {
        if let Some(e) = entries.get_mut(i as usize) {
            if e.refused == 0 {
                e.refuse(why);
            }
        }
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Make a fresh, private folder under `base`.
pub(crate) fn unique_dir(base: &Path, tag: &str) -> Result<PathBuf> {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    for i in 0..1000u32 {
        let p = base.join(format!(
            ".lifeboat-{tag}-{}-{nanos}-{i}",
            std::process::id()
        ));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&p, e)),
        }
    }
    Err(Error::io(
        base,
        io::Error::new(
            io::ErrorKind::AlreadyExists,
            "cannot make a private folder here",
        ),
    ))
}
