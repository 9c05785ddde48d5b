//! # lifeboat
//!
//! Reads the data exports of social networks ("download your data") into one
//! platform-neutral model, keeps it as a verifiable archive (a BagIt bag), and accounts
//! for every record and every entry of the dump in an import report.
//!
//! ```text
//! dump (zip | tar.gz | folder) -> container -> importer -> records -> archive -> export
//! ```
//!
//! The API in five calls:
//!
//! - [`import`] a dump into an archive (or [`Import`] for the options: several parts,
//!   a reader instead of a path, progress, a custom [`Sink`]); the [`Report`] says what
//!   became of every record: `read = converted + kept_raw + skipped`, per [`Kind`].
//! - [`Archive::open`] it and iterate its records: [`Archive::posts`],
//!   [`Archive::accounts`], [`Archive::messages`] … (or [`Archive::records`] by kind).
//! - [`export`] it to another [`Format`] (Mastodon, ActivityStreams, feeds, WXR, CSV,
//!   SQLite, an offline website), with a report of what could not be expressed.
//! - [`diff`] two exports of the same account, [`audit`] an archive.
//! - [`Batch`]: a folder or a list of dumps into one archive per account, `jobs` at a
//!   time, with a combined report; run again, it imports only what is new.
//! - [`archive::verify`] every checksum of an archive.
//!
//! The records are in [`model`]: seven kinds (`account`, `post`, `media`,
//! `relationship`, `reaction`, `conversation`, `message`), ids
//! `<network>:<kind>:<native id>`.
//!
//! ## Example
//!
//! ```
//! use std::path::Path;
//!
//! # fn main() -> lifeboat::Result<()> {
//! let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
//! let out = std::env::temp_dir().join(format!("lifeboat-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&out);
//!
//! let done = lifeboat::import(&dump, &out)?;
//! for (kind, c) in &done.report.records {
//!     assert_eq!(c.read, c.converted + c.kept_raw + c.skipped);
//!     println!("{kind}: {} read, {} converted", c.read, c.converted);
//! }
//!
//! let archive = lifeboat::Archive::open(&out)?;
//! let posts = archive.posts()?.collect::<lifeboat::Result<Vec<_>>>()?;
//! assert!(!posts.is_empty());
//! assert!(lifeboat::archive::verify(&out)?.ok());
//! # std::fs::remove_dir_all(&out).ok();
//! # Ok(())
//! # }
//! ```
//!
//! The library never prints; progress and cancellation are passed in ([`Progress`],
//! [`ImportOptions::interrupt`]). Errors say what happened ([`Error`]); the command
//! line adds what to do about it.
//!
//! ## Stability
//!
//! The JSON forms (records, the import report, the export report) are contracts:
//! keys are only added. Types that grow are `#[non_exhaustive]` ([`Report`],
//! [`Error`], [`Format`], [`ExportOptions`]); the seven [`Kind`]s are exhaustive on
//! purpose. The model's record structs are plain structs you may build (a custom
//! importer or a test does): a field added to them is a breaking change, made only
//! in a new minor version before 1.0.

#![deny(missing_docs)]

pub mod archive;
pub mod batch;
// CAR, DAG-CBOR, CID and MST: format knowledge the Bluesky importer reads with and the
// Bluesky exporter writes with; some of it is used only by one side.
#[allow(dead_code)]
pub(crate) mod atproto;
pub(crate) mod container;
mod coverage;
mod error;
pub mod export;
pub(crate) mod import;
pub mod model;
pub(crate) mod read;
pub mod records;
pub mod report;
pub mod schema;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use archive::Archive;
pub use batch::Batch;
pub use container::Limits;
pub use error::{Error, Result};
pub use export::{export, ExportOptions, Format};
pub use import::{ImportOptions, NoProgress, Progress, Sink, Stored};
pub use model::{Kind, Record};
pub use records::{audit, diff};
pub use report::Report;

/// A network lifeboat reads (its `--network` name, what it is, the generations of its
/// export that are known). See [`networks`].
pub use import::Format as Network;

/// Every network lifeboat reads, in the order detection asks them.
///
/// ```
/// assert!(lifeboat::networks().iter().any(|n| n.name == "mastodon"));
/// ```
pub fn networks() -> &'static [Network] {
    import::formats()
}

/// The outcome of an import into an archive.
#[derive(Debug)]
#[non_exhaustive]
pub struct Imported {
    /// The import report.
    pub report: Report,
    /// What was written; `None` when [`ImportOptions::strict`] refused the import
    /// because records were skipped or entries refused (nothing was written then).
    pub commit: Option<archive::CommitInfo>,
}

/// Import one dump (a zip, a tar.gz, a folder, a single file) into the archive at
/// `out` (created, or merged into when it exists), with the default options and no
/// progress. See [`Import`] for the rest.
pub fn import(dump: impl AsRef<Path>, out: impl AsRef<Path>) -> Result<Imported> {
    Import::new(dump.as_ref()).run(out.as_ref())
}

/// Import one dump into the archive at `out` (created, or merged into when it exists).
pub fn import_dump(
    dump: &Path,
    out: &Path,
    opts: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<Imported> {
    import_parts(&[dump], out, opts, progress)
}

/// Import the parts of one export (the several zips X sends a very large account) as
/// one dump into the archive at `out`: a note tweet, a media file or a reply in one
/// part joins what it belongs to in another. Entry names get a `partN/` prefix.
pub fn import_parts(
    parts: &[&Path],
    out: &Path,
    opts: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<Imported> {
    into_archive(parts, None, out, opts, progress)
}

/// Look at a dump without writing anything: the network, the generation, what each
/// entry is, and the records it holds.
pub fn inspect(dump: &Path, opts: &ImportOptions) -> Result<Report> {
    let mut sink = import::NullSink::default();
    run_checked(&[dump], &mut sink, opts, &mut NoProgress)
}

/// An import with its options: the dump (a path, the parts of one export, or a
/// reader), the [`ImportOptions`], an optional [`Progress`], and where the records go
/// (an archive, or your own [`Sink`]).
///
/// ```
/// use lifeboat::{Import, ImportOptions, Progress};
/// use std::path::Path;
///
/// /// Counts the calls, and asks to stop after the first.
/// struct Stop(u32);
/// impl Progress for Stop {
///     fn update(&mut self, _done: u64, _total: u64, _entry: &str) {
///         self.0 += 1;
///     }
///     fn interrupted(&self) -> bool {
///         self.0 > 0
///     }
/// }
///
/// # fn main() -> lifeboat::Result<()> {
/// let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/archive-2023.zip");
/// let out = std::env::temp_dir().join(format!("lifeboat-doc-import-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&out);
///
/// // a reader works as well as a path (it is spooled to a temporary file first)
/// let file = std::fs::File::open(&dump)?;
/// let done = Import::from_reader("archive-2023.zip", file)
///     .options(ImportOptions { network: Some("mastodon".into()), ..Default::default() })
///     .run(&out)?;
/// assert_eq!(done.report.network, "mastodon");
/// assert_eq!(done.report.source.path, "archive-2023.zip");
///
/// // cancellation: the import stops with Error::Interrupted and writes nothing new
/// let mut stop = Stop(0);
/// let stopped = Import::new(&dump).progress(&mut stop).run(&out);
/// assert!(matches!(stopped, Err(lifeboat::Error::Interrupted)));
/// # std::fs::remove_dir_all(&out).ok();
/// # Ok(())
/// # }
/// ```
pub struct Import<'p> {
    parts: Vec<PathBuf>,
    reader: Option<(String, Box<dyn Read + 'p>)>,
    opts: ImportOptions,
    progress: Option<&'p mut dyn Progress>,
}

impl<'p> Import<'p> {
    /// An import of the dump at `dump`.
    pub fn new(dump: impl Into<PathBuf>) -> Import<'p> {
        Import::parts([dump])
    }

    /// An import of the parts of one export, read as one dump (see [`import_parts`]).
    pub fn parts<P: Into<PathBuf>>(parts: impl IntoIterator<Item = P>) -> Import<'p> {
        Import {
            parts: parts.into_iter().map(Into::into).collect(),
            reader: None,
            opts: ImportOptions::default(),
            progress: None,
        }
    }

    /// An import of a dump read from `reader` (a download, a zip inside another
    /// file). A zip needs to be read from its end, so the reader is first copied to a
    /// temporary file (in [`ImportOptions::spool_dir`], else beside the archive being
    /// written, else the system's temporary folder), at most
    /// [`Limits::max_total_bytes`] of it; `name` stands for its path in the report.
    pub fn from_reader(name: impl Into<String>, reader: impl Read + 'p) -> Import<'p> {
        Import {
            parts: Vec::new(),
            reader: Some((name.into(), Box::new(reader))),
            opts: ImportOptions::default(),
            progress: None,
        }
    }

    /// The options (network, limits, strictness, interrupt flag, …).
    pub fn options(mut self, opts: ImportOptions) -> Import<'p> {
        self.opts = opts;
        self
    }

    /// Report progress to `progress`, and stop when it says so.
    pub fn progress(mut self, progress: &'p mut dyn Progress) -> Import<'p> {
        self.progress = Some(progress);
        self
    }

    /// Import into the archive at `out` (created, or merged into when it exists).
    pub fn run(self, out: &Path) -> Result<Imported> {
        let Import {
            parts,
            reader,
            opts,
            progress,
        } = self;
        let mut none = NoProgress;
        let progress = progress.unwrap_or(&mut none);
        match reader {
            None => {
                let parts: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
                into_archive(&parts, None, out, &opts, progress)
            }
            Some((name, mut r)) => {
                let dir = opts
                    .spool_dir
                    .clone()
                    .or_else(|| out.parent().map(Path::to_path_buf))
                    .filter(|d| !d.as_os_str().is_empty() && d.is_dir())
                    .unwrap_or_else(std::env::temp_dir);
                let spool = Spool::new(&dir, &name, &mut r, &opts.limits)?;
                into_archive(&[spool.path()], Some(&name), out, &opts, progress)
            }
        }
    }

    /// Read the dump into `sink` (nothing is written by lifeboat itself): for an
    /// embedder with its own store. Returns the report.
    pub fn run_into(self, sink: &mut dyn Sink) -> Result<Report> {
        let Import {
            parts,
            reader,
            opts,
            progress,
        } = self;
        let mut none = NoProgress;
        let progress = progress.unwrap_or(&mut none);
        match reader {
            None => {
                let parts: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
                run_checked(&parts, sink, &opts, progress)
            }
            Some((name, mut r)) => {
                let dir = opts.spool_dir.clone().unwrap_or_else(std::env::temp_dir);
                let spool = Spool::new(&dir, &name, &mut r, &opts.limits)?;
                let mut report = run_checked(&[spool.path()], sink, &opts, progress)?;
                report.source.path = name;
                Ok(report)
            }
        }
    }

    /// Look at the dump without writing anything (see [`inspect`]).
    pub fn inspect(self) -> Result<Report> {
        self.run_into(&mut import::NullSink::default())
    }
}

/// The pipeline, and the checks the library makes on its outcome: a network that was
/// forced on a dump it finds nothing in is an error, not an archive of nothing.
pub(crate) fn run_checked(
    parts: &[&Path],
    sink: &mut dyn Sink,
    opts: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<Report> {
    let report = import::run_parts(parts, sink, opts, progress)?;
    if let Some(network) = &opts.network {
        if report.entries.parsed == 0 && report.entries.media == 0 {
            let first = parts.first().map(|p| p.display().to_string());
            return Err(Error::Unrecognized(format!(
                "{}: none of its {} entries is part of a {network} export",
                first.unwrap_or_default(),
                report.entries.total
            )));
        }
    }
    Ok(report)
}

pub(crate) fn into_archive(
    parts: &[&Path],
    name: Option<&str>,
    out: &Path,
    opts: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<Imported> {
    let mut writer = archive::ArchiveWriter::create(out)?;
    writer.set_bag_info(opts.bag_info.clone());
    let mut o = opts.clone();
    if o.spool_dir.is_none() {
        o.spool_dir = Some(writer.staging_dir().to_path_buf());
    }
    let mut report = run_checked(parts, &mut writer, &o, progress)?;
    if let Some(name) = name {
        report.source.path = name.to_string();
    }
    if opts.strict && (report.skipped_total() > 0 || report.entries.refused > 0) {
        return Ok(Imported {
            report,
            commit: None,
        });
    }
    let keep: &[&Path] = if opts.keep_original { parts } else { &[] };
    let commit = writer.commit(&report, keep)?;
    Ok(Imported {
        report,
        commit: Some(commit),
    })
}

/// A reader copied to a file of its own name in a private temporary folder, removed
/// when dropped.
struct Spool {
    dir: PathBuf,
    file: PathBuf,
}

impl Spool {
    fn new(parent: &Path, name: &str, r: &mut dyn Read, limits: &Limits) -> Result<Spool> {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = parent.join(format!(".lifeboat-spool-{}-{n}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        // the file keeps the name's last part (never a path: `..` or `/` are dropped)
        let base = Path::new(name)
            .file_name()
            .and_then(|s| s.to_str())
            .filter(|s| !s.is_empty() && *s != "..")
            .unwrap_or("dump");
        let spool = Spool {
            file: dir.join(base),
            dir,
        };
        let mut f = std::fs::File::create(&spool.file).map_err(|e| Error::io(&spool.file, e))?;
        let cap = limits.max_total_bytes;
        let copied = std::io::copy(&mut r.take(cap.saturating_add(1)), &mut f)
            .map_err(|e| Error::io(&spool.file, e))?;
        if copied > cap {
            return Err(Error::Limit {
                what: "dump size",
                limit: cap,
                path: name.to_string(),
            });
        }
        Ok(spool)
    }

    fn path(&self) -> &Path {
        &self.file
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Not part of the API: the readers the fuzz targets, benchmarks and tests drive
/// directly. Anything here may change in any release.
#[doc(hidden)]
pub mod __internal {
    pub use crate::atproto::car::looks_like_car;
    pub use crate::atproto::cid::Cid;
    pub use crate::atproto::mst::key_height;
    pub use crate::atproto::{car, cbor, mst};
    pub use crate::container::Container;
    pub use crate::import::{run, select, select_sniffed, NullSink, SniffFn, SNIFF_BYTES};
    pub use crate::read::json::JsonItems;
    pub use crate::read::table::Table;
    pub use crate::read::xml::XmlReader;
}
