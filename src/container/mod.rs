//! The safe entry reader: one pass over a zip, a tar.gz, a folder, a single file or a
//! gzipped single file,
//! yielding entries as streams under [`Limits`].
//!
//! Entry names are checked ([`check_entry_name`]): a name that could escape a folder
//! is refused and reported, never opened. Links (tar symlinks and hard links, zip
//! symlinks, symlinks in a folder) are never followed. Nothing is extracted under its
//! archive name: a tar.gz, which cannot be read out of order, is spooled to numbered
//! files in a private folder first.

mod limits;
mod names;
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

    fn open_zip(&mut self) -> Result<()> {
        let mut encrypted = 0u64;
        let mut files = 0u64;
        let entries = &mut self.entries;
        let z = zipread::ZipIndex::open(&self.path, self.limits.max_entries, |i, f| {
            if f.is_dir {
                return Ok(());
            }
            files += 1;
            let (name, mut refused) = match check_entry_name(&f.name) {
                Ok(n) => (n, None),
                Err(r) => (f.name, Some(r.to_string())),
            };
            if f.encrypted {
                encrypted += 1;
            }
            if refused.is_none() && f.is_symlink {
                refused = Some("symbolic link (not followed)".into());
            }
            if refused.is_none() && !matches!(f.method, 0 | 8 | 9) {
                refused = Some(format!(
                    "compression method {} is not supported (stored, deflate and deflate64 are)",
                    f.method
                ));
            }
            entries.push(Entry {
                name,
                size: f.size,
                refused: refused.as_deref().map_or(0, reason_code),
                compressed: f.compressed,
                slot: u32::try_from(i).unwrap_or(u32::MAX),
                prefix: 0,
            });
            Ok(())
        })?;
        if encrypted > 0 {
            return Err(Error::Container {
                path: self.path.display().to_string(),
                message: format!(
                    "is password-protected ({encrypted} of {files} entries are encrypted), and \
                     lifeboat does not read encrypted zips: download the export again (the \
                     network's own zip has no password), or unpack it and zip it again without one"
                ),
            });
        }
        self.inner = Inner::Zip(z);
        Ok(())
    }

    fn open_targz(&mut self, spool_dir: Option<&Path>) -> Result<()> {
        let base = spool_dir
            .map(Path::to_path_buf)
            .unwrap_or_else(std::env::temp_dir);
        let dir = unique_dir(&base, "spool")?;
        let spool = Spool { dir: dir.clone() };
        let f = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let compressed = Rc::new(Cell::new(0u64));
        let counted = CountingReader {
            inner: BufReader::with_capacity(1 << 16, f),
            count: compressed.clone(),
        };
        let gz = flate2::read::MultiGzDecoder::new(counted);
        let mut ar = tar::Archive::new(gz);
        let bad = |e: io::Error, path: &Path| -> Error {
            if Tripwire::find(&e).is_some() {
                return Error::io(path, e);
            }
            Error::Container {
                path: path.display().to_string(),
                message: format!("corrupt or truncated tar.gz: {e}"),
            }
        };
        let entries = ar.entries().map_err(|e| bad(e, &self.path))?;
        let mut slot = 0usize;
        for ent in entries {
            let mut ent = ent.map_err(|e| bad(e, &self.path))?;
            let raw = String::from_utf8_lossy(&ent.path_bytes()).into_owned();
            let ty = ent.header().entry_type();
            if ty.is_dir()
                || ty.is_pax_global_extensions()
                || ty.is_pax_local_extensions()
                || ty.is_gnu_longname()
            {
                continue;
            }
            if self.entries.len() as u64 >= self.limits.max_entries {
                return Err(Error::Limit {
                    what: "number of entries",
                    limit: self.limits.max_entries,
                    path: self.path.display().to_string(),
                });
            }
            let mut refused = check_entry_name(&raw).err().map(str::to_string);
            let name = check_entry_name(&raw).unwrap_or(raw);
            if refused.is_none() {
                if ty.is_symlink() || ty.is_hard_link() {
                    refused = Some("link inside the archive (not followed)".into());
                } else if !(ty.is_file() || ty.is_contiguous()) {
                    refused = Some(format!(
                        "unsupported tar entry type {:?}",
                        ty.as_byte() as char
                    ));
                }
            }
            let size = ent.header().size().unwrap_or(0);
            if refused.is_none() {
                let target = dir.join(slot.to_string());
                // an error names the entry, never the private spool folder
                let mut out = File::create(&target).map_err(|e| Error::Container {
                    path: name.clone(),
                    message: format!("cannot be spooled: {e}"),
                })?;
                let mut lim = LimitedReader {
                    inner: &mut ent,
                    name: &name,
                    read: 0,
                    limits: &self.limits,
                    compressed: None,
                    stream_compressed: Some(&compressed),
                    total: &self.total,
                    interrupt: self.interrupt.as_deref(),
                };
                io::copy(&mut lim, &mut out).map_err(|e| bad(e, &self.path))?;
            }
            self.entries.push(Entry {
                name,
                size,
                refused: refused.as_deref().map_or(0, reason_code),
                compressed: NO_SIZE,
                slot: u32::try_from(slot).unwrap_or(u32::MAX),
                prefix: 0,
            });
            slot += 1;
        }
        // The tar ends before the gzip stream does: read the rest, so that the gzip
        // trailer's CRC-32 and length are checked (and trailing garbage is bounded).
        let mut rest = LimitedReader {
            inner: ar.into_inner(),
            name: "(end of the tar.gz)",
            read: 0,
            limits: &self.limits,
            compressed: None,
            stream_compressed: Some(&compressed),
            total: &self.total,
            interrupt: self.interrupt.as_deref(),
        };
        io::copy(&mut rest, &mut io::sink()).map_err(|e| bad(e, &self.path))?;
        // Reading the spool later must not count these bytes twice.
        self.total.store(0, Ordering::Relaxed);
        self.inner = Inner::Spool(spool);
        Ok(())
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

/// Whether a gzip file holds a tar: its first 512-byte block, decompressed, carries
/// the `ustar` magic (POSIX and GNU tar both write it).
fn is_tar_gz(path: &Path) -> Result<bool> {
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut gz = flate2::read::MultiGzDecoder::new(BufReader::new(f));
    let mut block = [0u8; 512];
    match read_up_to(&mut gz, &mut block) {
        Ok(n) => Ok(n == 512 && block[257..262] == *b"ustar"),
        // a gzip too broken to give one block: the tar reader reports it
        Err(_) => Ok(true),
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

fn walk(
    root: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<Entry>,
    limits: &Limits,
) -> Result<()> {
    if depth > names::MAX_NAME_DEPTH {
        // listed as one refused entry; the import goes on without what lies below
        out.push(Entry {
            name: prefix.to_string(),
            size: 0,
            refused: reason_code("a folder nested deeper than 64 folders (not read)"),
            compressed: NO_SIZE,
            slot: 0,
            prefix: 0,
        });
        return Ok(());
    }
    let dir = root.join(prefix);
    let rd = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    for ent in rd {
        let ent = ent.map_err(|e| Error::io(&dir, e))?;
        let fname = ent.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            fname.clone()
        } else {
            format!("{prefix}/{fname}")
        };
        let ft = ent.file_type().map_err(|e| Error::io(ent.path(), e))?;
        if ft.is_dir() {
            walk(root, &rel, depth + 1, out, limits)?;
            continue;
        }
        if out.len() as u64 >= limits.max_entries {
            return Err(Error::Limit {
                what: "number of entries",
                limit: limits.max_entries,
                path: root.display().to_string(),
            });
        }
        let mut refused = check_entry_name(&rel).err().map(str::to_string);
        if refused.is_none() && ft.is_symlink() {
            refused = Some("symbolic link (not followed)".into());
        } else if refused.is_none() && !ft.is_file() {
            refused = Some("not a regular file".into());
        }
        let size = if ft.is_file() {
            ent.metadata().map(|m| m.len()).unwrap_or(0)
        } else {
            0
        };
        out.push(Entry {
            name: rel,
            size,
            refused: refused.as_deref().map_or(0, reason_code),
            compressed: NO_SIZE,
            slot: 0,
            prefix: 0,
        });
    }
    Ok(())
}

struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Enforces the per-entry, ratio and total limits on a stream.
struct LimitedReader<'a, R> {
    inner: R,
    name: &'a str,
    read: u64,
    limits: &'a Limits,
    compressed: Option<u64>,
    stream_compressed: Option<&'a Rc<Cell<u64>>>,
    total: &'a AtomicU64,
    interrupt: Option<&'a AtomicBool>,
}

fn check(
    name: &str,
    read: u64,
    total: u64,
    compressed: Option<u64>,
    dump_bytes: Option<u64>,
    limits: &Limits,
    interrupt: Option<&AtomicBool>,
) -> io::Result<()> {
    let trip = |what: &'static str, limit: u64| {
        Err(Tripwire::Limit {
            what,
            limit,
            path: name.to_string(),
        }
        .into_io())
    };
    if read > limits.max_entry_bytes {
        return trip("entry size", limits.max_entry_bytes);
    }
    if total > limits.max_total_bytes {
        return trip("total decompressed size", limits.max_total_bytes);
    }
    if let Some(c) = compressed {
        if read > limits.ratio_grace_bytes && read / c.max(1) > limits.max_ratio {
            return trip("compression ratio", limits.max_ratio);
        }
    }
    // the whole dump: everything inflated so far against the size of the file, so
    // that many entries each under the grace size cannot add up to a disk's worth
    if let Some(d) = dump_bytes {
        if total > limits.ratio_grace_bytes && total / d.max(1) > limits.max_ratio {
            return trip("compression ratio of the whole dump", limits.max_ratio);
        }
    }
    if let Some(f) = interrupt {
        if f.load(Ordering::Relaxed) {
            return Err(Tripwire::Interrupted.into_io());
        }
    }
    Ok(())
}

impl<R: Read> Read for LimitedReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        check(
            self.name,
            self.read,
            total,
            self.compressed,
            None,
            self.limits,
            self.interrupt,
        )?;
        if let Some(c) = self.stream_compressed {
            // A stream has no per-entry compressed size: compare everything decompressed
            // so far with everything read from the file.
            if total > self.limits.ratio_grace_bytes
                && total / c.get().max(1) > self.limits.max_ratio
            {
                return Err(Tripwire::Limit {
                    what: "compression ratio",
                    limit: self.limits.max_ratio,
                    path: self.name.to_string(),
                }
                .into_io());
            }
        }
        Ok(n)
    }
}

struct OwnedLimited<'a> {
    inner: Box<dyn Read + Send + 'a>,
    name: String,
    read: u64,
    limits: Limits,
    compressed: Option<u64>,
    /// A zip's (or a gzip's) size on disk: the budget of the whole dump.
    dump_bytes: Option<u64>,
    total: Arc<AtomicU64>,
    interrupt: Option<Arc<AtomicBool>>,
}

impl Read for OwnedLimited<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        check(
            &self.name,
            self.read,
            total,
            self.compressed,
            self.dump_bytes,
            &self.limits,
            self.interrupt.as_deref(),
        )?;
        Ok(n)
    }
}
