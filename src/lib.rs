//! # lifeboat
//!
//! Reads the data exports of social networks ("download your data") into one
//! platform-neutral model, keeps it as a verifiable archive (a BagIt bag), and accounts
//! for every record and every entry of the dump in an import report.
//!
//! ```text
//! dump (zip | tar.gz | folder) -> container -> importer -> records -> archive
//! ```
//!
//! - [`model`]: the seven record kinds (`account`, `post`, `media`, `relationship`,
//!   `reaction`, `conversation`, `message`), ids `<network>:<kind>:<native id>`.
//! - [`container`]: the safe, streaming entry reader and its [`Limits`].
//! - [`import`]: one importer per network ([`import::formats`]).
//! - [`report`]: `read = converted + kept_raw + skipped`, per kind.
//! - [`archive`]: write, merge and [`archive::verify`] the native archive; its chain of
//!   custody and legal hold ([`archive::custody`]).
//! - [`records`]: [`records::diff`] of two exports, [`records::audit`] of an archive.
//! - [`export`]: take an archive to another format (Mastodon, ActivityStreams, feeds,
//!   WXR, CSV, SQLite, an offline website), with a report of what could not be expressed.
//!
//! ## Example
//!
//! ```no_run
//! use lifeboat::{import_dump, ImportOptions};
//! use std::path::Path;
//!
//! let done = import_dump(
//!     Path::new("twitter-2026-03-06.zip"),
//!     Path::new("my-archive"),
//!     &ImportOptions::default(),
//!     &mut lifeboat::import::NoProgress,
//! )?;
//! let report = &done.report;
//! for (kind, c) in &report.records {
//!     assert_eq!(c.read, c.converted + c.kept_raw + c.skipped);
//!     println!("{kind}: {} read, {} converted", c.read, c.converted);
//! }
//! assert!(lifeboat::archive::verify(Path::new("my-archive"))?.ok());
//! # Ok::<(), lifeboat::Error>(())
//! ```
//!
//! The library never prints; progress and cancellation are passed in
//! ([`import::Progress`], [`ImportOptions::interrupt`]).

#![warn(missing_docs)]

pub mod archive;
pub mod atproto;
pub mod container;
mod coverage;
mod error;
pub mod export;
pub mod import;
pub mod model;
pub mod read;
pub mod records;
pub mod report;
pub mod schema;

use std::path::Path;

pub use container::Limits;
pub use error::{Error, Result};
pub use import::ImportOptions;
pub use report::Report;

/// The outcome of [`import_dump`].
#[derive(Debug)]
pub struct Imported {
    /// The import report.
    pub report: Report,
    /// What was written; `None` when [`ImportOptions::strict`] refused the import
    /// because records were skipped or entries refused (nothing was written then).
    pub commit: Option<archive::CommitInfo>,
}

/// Import one dump into the archive at `out` (created, or merged into when it exists).
pub fn import_dump(
    dump: &Path,
    out: &Path,
    opts: &ImportOptions,
    progress: &mut dyn import::Progress,
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
    progress: &mut dyn import::Progress,
) -> Result<Imported> {
    let mut writer = archive::ArchiveWriter::create(out)?;
    writer.set_bag_info(opts.bag_info.clone());
    let mut o = opts.clone();
    if o.spool_dir.is_none() {
        o.spool_dir = Some(writer.staging_dir().to_path_buf());
    }
    let report = import::run_parts(parts, &mut writer, &o, progress)?;
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

/// Look at a dump without writing anything: the network, the generation, what each
/// entry is, and the records it holds.
pub fn inspect(dump: &Path, opts: &ImportOptions) -> Result<Report> {
    let mut sink = import::NullSink::default();
    import::run(dump, &mut sink, opts, &mut import::NoProgress)
}
