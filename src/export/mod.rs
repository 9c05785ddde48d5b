//! Exporters: take an archive to its next home.
//!
//! Every exporter reads the archive's records one at a time ([`Archive::records`]),
//! writes one format, and accounts for what it wrote and what it **could not express**
//! in an [`ExportReport`] (counted per record kind, never silent).
//!
//! Public-facing formats ([`Format::is_public`]: feeds, ActivityStreams, WXR, the HTML
//! site, the Mastodon outbox) publish the archive's own writing, `public`, published,
//! not deleted, unless [`Filter::include`] widens the audience: the posts of its owner
//! accounts, and the top-level posts of a site the owner runs (a blog's authors, a
//! forum's threads, a company page). Other accounts' public replies to them go where
//! the format has a place ([`Format::places_replies`]). The records formats (`csv`,
//! `sqlite`) hold everything, with a `visibility` column.
//!
//! The report says what was not expressed, per kind, and for the records written, per
//! field ([`Loss::field`]): for the formats lifeboat reads back, exactly what a round
//! trip through them changes (`tests/roundtrip.rs`, `docs/fidelity.md`).
//!
//! ```no_run
//! use lifeboat::export::{export, ExportOptions, Format};
//! use std::path::Path;
//!
//! let report = export(Path::new("my-archive"), Format::Atom, Path::new("feed.atom"),
//!                     &ExportOptions::default())?;
//! for l in &report.lost {
//!     println!("{} {}: {}", l.count, l.kind, l.reason);
//! }
//! # Ok::<(), lifeboat::Error>(())
//! ```

mod as2;
pub mod bluesky;
pub(crate) mod chart;
mod feeds;
mod fidelity;
mod html;
mod ids;
pub(crate) mod lookup;
mod media;
mod out;
pub(crate) mod parquet;
mod report;
mod safe;
mod select;
mod strip;
mod table;
pub(crate) mod text;
mod wxr;

use std::path::Path;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::model::{Kind, Record, Timestamp, Visibility};
use report::Book;
use select::Ctx;

// record-id helpers the Mastodon importer uses too
pub(crate) use ids::{native, network_of};
pub use out::{check_out, Staged};
pub use report::{ExportReport, Loss};
pub use select::Filter;

/// The formats an archive can be exported to (the `--to` values). More will come:
/// match with a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A Mastodon-compatible account archive (zip) with Mastodon's import CSVs.
    Mastodon,
    /// An ActivityStreams 2.0 JSON-LD outbox.
    ActivityStreams,
    /// An Atom feed (RFC 4287).
    Atom,
    /// An RSS 2.0 feed.
    Rss,
    /// A JSON Feed 1.1.
    JsonFeed,
    /// WordPress eXtended RSS 1.2.
    Wxr,
    /// One CSV file per record kind.
    Csv,
    /// One SQLite database, a table per record kind.
    Sqlite,
    /// A static offline website.
    Html,
    /// An AT Protocol repository (`repo.car`) with its blobs, for Bluesky.
    Bluesky,
    /// A folder of Parquet files: one dataset per record kind, partitioned by network
    /// and owner account; the exports of many archives share one folder.
    Parquet,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 11] = [
        Format::Mastodon,
        Format::ActivityStreams,
        Format::Atom,
        Format::Rss,
        Format::JsonFeed,
        Format::Wxr,
        Format::Csv,
        Format::Sqlite,
        Format::Html,
        Format::Bluesky,
        Format::Parquet,
    ];

    /// The `--to` name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Mastodon => "mastodon",
            Format::ActivityStreams => "activitystreams",
            Format::Atom => "atom",
            Format::Rss => "rss",
            Format::JsonFeed => "jsonfeed",
            Format::Wxr => "wxr",
            Format::Csv => "csv",
            Format::Sqlite => "sqlite",
            Format::Html => "html",
            Format::Bluesky => "bluesky",
            Format::Parquet => "parquet",
        }
    }

    /// Parse a `--to` name.
    pub fn from_name(s: &str) -> Option<Format> {
        let s = s.to_ascii_lowercase();
        let s = match s.as_str() {
            "as2" => "activitystreams",
            "json-feed" | "json_feed" => "jsonfeed",
            "wordpress" => "wxr",
            "site" => "html",
            "atproto" | "bsky" => "bluesky",
            other => other,
        };
        Format::ALL.into_iter().find(|f| f.name() == s)
    }

    /// True for the formats meant to be published: they hold only public posts by
    /// default. `csv`, `sqlite` and `parquet` are the owner's records and hold
    /// everything (`parquet` takes what is direct only with `--include direct`).
    pub fn is_public(self) -> bool {
        !matches!(self, Format::Csv | Format::Sqlite | Format::Parquet)
    }
}

impl Format {
    /// True for the formats that carry other accounts' public replies to the
    /// published writing: WXR (comments), ActivityStreams and the Mastodon outbox
    /// (`replies`), the site (threads).
    pub fn places_replies(self) -> bool {
        matches!(
            self,
            Format::Wxr | Format::ActivityStreams | Format::Mastodon | Format::Html
        )
    }
}

/// Options of [`export`].
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Which records.
    pub filter: Filter,
    /// Write nothing; only compute the report.
    pub dry_run: bool,
    /// The time written as the export's own date (feed `updated`, WXR `pubDate`);
    /// the current time when `None`. Set it for reproducible output.
    pub now: Option<Timestamp>,
    /// Replace an existing file at `out` (or a folder that an earlier export did not
    /// write). Without it such an output is refused.
    pub force: bool,
    /// Publish media files whose metadata cannot be removed (unknown or damaged
    /// types) as they are, offered only as downloads on the site. Off by default:
    /// such files are left out and counted.
    pub publish_uncleaned_media: bool,
    /// `bluesky`: the repository's DID and the key its commit is signed with.
    pub bluesky: bluesky::BlueskyOptions,
}

/// Export the archive at `archive` to `out` in `format`.
pub fn export(
    archive: &Path,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
) -> Result<ExportReport> {
    let a = Archive::open(archive)?;
    export_archive(&a, format, out, opts)
}

/// Export an opened archive (see [`export`]).
pub fn export_archive(
    archive: &Archive,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
) -> Result<ExportReport> {
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let mut ctx = Ctx::load(archive, format, &opts.filter, now)?;
    ctx.publish_uncleaned_media = opts.publish_uncleaned_media;
    let mut book = Book::default();
    // A dry run writes into a scratch place, removed afterwards.
    let scratch = opts.dry_run.then(|| {
        std::env::temp_dir().join(format!(
            "lifeboat-dry-run-{}-{}",
            std::process::id(),
            format.name()
        ))
    });
    let staged = match (&scratch, format) {
        (Some(_), _) => None,
        // Parquet writes into a tree many archives share: each replaces only its own
        // files, each file put in place when complete (parquet::tree)
        (None, Format::Parquet) => {
            parquet::prepare(Some(archive.root()), out, opts.force)?;
            None
        }
        (None, _) => Some(Staged::new(
            Some(archive.root()),
            shape(format),
            out,
            opts.force,
        )?),
    };
    let target = match (&scratch, &staged) {
        (Some(s), _) => s.clone(),
        (None, Some(st)) => st.path().to_path_buf(),
        (None, None) => out.to_path_buf(),
    };
    if let Some(parent) = target.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
    }
    let res = match format {
        Format::Atom => feeds::atom::write(&ctx, &target, &mut book),
        Format::Rss => feeds::rss::write(&ctx, &target, &mut book),
        Format::JsonFeed => feeds::jsonfeed::write(&ctx, &target, &mut book),
        Format::ActivityStreams => as2::outbox(&ctx, &target, &mut book),
        Format::Mastodon => as2::mastodon(&ctx, &target, &mut book),
        Format::Wxr => wxr::wxr(&ctx, &target, &mut book),
        Format::Csv => table::csv::write(&ctx, &target, &mut book),
        Format::Sqlite => table::sqlite::write(&ctx, &target, &mut book),
        Format::Html => html::site(&ctx, &target, &mut book),
        Format::Bluesky => bluesky::repo(&ctx, &target, &mut book, &opts.bluesky),
        Format::Parquet => parquet::write(&ctx, &target, &mut book),
    };
    if let Some(s) = &scratch {
        let _ = std::fs::remove_dir_all(s);
        let _ = std::fs::remove_file(s);
    }
    res?;
    if let Some(st) = staged {
        st.commit()?;
        // Datasette's metadata beside the database (not into a pipe or a device)
        if format == Format::Sqlite && out.is_file() {
            let m = table::sqlite::metadata_path(out);
            let text = serde_json::to_string_pretty(&table::sqlite::datasette_metadata(out))
                .unwrap_or_default();
            std::fs::write(&m, text + "\n").map_err(|e| Error::io(&m, e))?;
            book.note(format!(
                "Datasette metadata: {} (datasette {} -m {})",
                m.display(),
                out.display(),
                m.display()
            ));
        }
    }
    if format.is_public() {
        if !matches!(
            format,
            Format::ActivityStreams | Format::Mastodon | Format::Wxr | Format::Bluesky
        ) {
            let mut others = 0u64;
            for r in archive.records(Kind::Account)? {
                if let Record::Account(a) = r? {
                    if opts.filter.in_network(&a.network)
                        && Some(&a.id) != ctx.owner.as_ref().map(|o| &o.id)
                    {
                        others += 1;
                    }
                }
            }
            book.lost_n(
                Kind::Account,
                others,
                "only the owner's profile is carried; other accounts appear by name or address",
            );
        }
        // Direct messages never go into a public format unless asked for.
        let asked = opts.filter.include.contains(&Visibility::Direct);
        if asked {
            book.note(
                "--include direct: direct posts (and, on the site, direct messages) are in this public-facing output",
            );
        }
        let mut n = 0;
        for r in archive.records(Kind::Message)? {
            if let Record::Message(m) = r? {
                if opts.filter.in_network(&m.network) {
                    n += 1;
                }
            }
        }
        if !asked {
            book.lost_n(
                Kind::Message,
                n,
                "direct messages are private and published only with --include direct",
            );
        } else if format != Format::Html {
            book.lost_n(
                Kind::Message,
                n,
                format!("{} has no place for direct messages", format.name()),
            );
        } else if n > 0 {
            book.note("direct messages are included in the site (--include direct)");
        }
    }
    let out_s = if opts.dry_run {
        String::new()
    } else {
        out.display().to_string()
    };
    Ok(book.into_report(format, out_s))
}

/// True for the formats written as a folder.
fn is_folder(format: Format) -> bool {
    matches!(
        format,
        Format::Csv | Format::Html | Format::Bluesky | Format::Parquet
    )
}

/// What an export writes at `--out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One file (a feed, a zip, a database).
    File,
    /// A folder of files (CSV, the site, RSMF, EML), marked with `.lifeboat-export`.
    Folder,
}

/// The shape of a format's output.
pub fn shape(format: Format) -> Shape {
    if is_folder(format) {
        Shape::Folder
    } else {
        Shape::File
    }
}
