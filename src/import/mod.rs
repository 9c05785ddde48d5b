//! Importers: one per network. Each classifies the entries of a dump, streams their
//! records into a [`Sink`], and accounts for every record and entry in a [`Report`].
//!
//! This module is the contract ([`Importer`], [`Plan`], [`Context`], [`Sink`],
//! [`Progress`]); `registry.rs` is the list of importers, one line per network;
//! `run.rs` the pipeline ([`run`], [`run_parts`]); each network is one folder whose
//! `mod.rs` detects and plans and whose other files follow the network's roles. The
//! format readers they share are in [`crate::read`].

pub mod blogger;
pub mod bluesky;
pub mod disqus;
pub mod googleplus;
pub mod ids;
mod idset;
pub mod linkedin;
pub mod mastodon;
pub mod meta;
pub mod reddit;
mod registry;
mod run;
pub mod secondlife;
pub mod tumblr;
pub mod twitter;
pub mod warc;
pub mod wordpress;
pub mod youtube;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::container::{Entry, Limits};
use crate::error::{Error, Result};
use crate::model::{Kind, Record};
use crate::report::Report;

/// A file stored in the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Path inside the archive (`data/media/ab/<sha256>.jpg`).
    pub path: String,
}

/// Where records, media and carried entries go.
pub trait Sink {
    /// Take one record.
    fn record(&mut self, r: Record) -> Result<()>;
    /// Store a media file (content-addressed); `name` is its path in the dump.
    fn store_media(&mut self, name: &str, r: &mut dyn Read) -> Result<Stored>;
    /// Carry an entry verbatim into the archive.
    fn carry(&mut self, name: &str, r: &mut dyn Read) -> Result<()>;
    /// Keep a record that could not be mapped, verbatim.
    fn keep_raw(&mut self, kind: Kind, location: &str, reason: &str, raw: &[u8]) -> Result<()>;
}

/// A sink that writes nothing and only hashes media: for `inspect`.
#[derive(Default)]
pub struct NullSink {
    /// Records seen, by kind.
    pub records: std::collections::BTreeMap<&'static str, u64>,
}

impl Sink for NullSink {
    fn record(&mut self, r: Record) -> Result<()> {
        *self.records.entry(r.kind().as_str()).or_default() += 1;
        Ok(())
    }
    fn store_media(&mut self, name: &str, r: &mut dyn Read) -> Result<Stored> {
        let (sha256, bytes) = crate::archive::hash_reader(r).map_err(|e| Error::io(name, e))?;
        Ok(Stored {
            path: String::new(),
            sha256,
            bytes,
        })
    }
    fn carry(&mut self, name: &str, r: &mut dyn Read) -> Result<()> {
        std::io::copy(r, &mut std::io::sink()).map_err(|e| Error::io(name, e))?;
        Ok(())
    }
    fn keep_raw(&mut self, _: Kind, _: &str, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }
}

/// What an importer makes of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Plan {
    /// Read it for records, in `phase` (lower first: metadata before the big files).
    Parse {
        /// Order of reading.
        phase: u8,
        /// What it is (`tweets`, `like`, ...).
        role: String,
    },
    /// Store it as media (read before the records that refer to it).
    Media {
        /// What it is (`tweets_media`, ...).
        role: String,
    },
    /// Carry it verbatim into `data/sources/`.
    Carry {
        /// What it is, or why it is not parsed.
        role: String,
    },
    /// Do not use it.
    Ignore {
        /// Why.
        reason: String,
    },
}

pub(super) static IGNORE: Plan = Plan::Ignore {
    reason: String::new(),
};

impl Plan {
    fn phase(&self) -> u8 {
        match self {
            Plan::Parse { phase, .. } => *phase,
            Plan::Media { .. } => 1,
            Plan::Carry { .. } => 200,
            Plan::Ignore { .. } => 255,
        }
    }
}

/// Progress reports and cancellation, passed in by the caller.
pub trait Progress: Send {
    /// Called as entries are read: bytes done of the dump's total, the entry at hand.
    fn update(&mut self, _done: u64, _total: u64, _entry: &str) {}
    /// True when the caller wants the import to stop.
    fn interrupted(&self) -> bool {
        false
    }
}

/// No progress reporting.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What an importer sees while it works.
pub struct Context<'a> {
    /// Where records go.
    pub sink: &'a mut dyn Sink,
    /// The report being built.
    pub report: &'a mut Report,
    /// The limits in force.
    pub limits: &'a Limits,
    /// Where an importer may spool temporary files (`None`: the system's temporary
    /// folder).
    pub spool_dir: Option<&'a Path>,
    /// Set when the caller wants the import to stop (for long work after an entry
    /// was read, e.g. walking a repository).
    pub interrupt: Option<&'a AtomicBool>,
}

impl Context<'_> {
    /// `Err(Interrupted)` when the caller asked the import to stop.
    pub fn check_interrupt(&self) -> Result<()> {
        match self.interrupt {
            Some(f) if f.load(Ordering::Relaxed) => Err(Error::Interrupted),
            _ => Ok(()),
        }
    }
}

impl Context<'_> {
    /// Emit a converted record and count it.
    pub fn emit(&mut self, r: Record) -> Result<()> {
        self.report.converted(r.kind());
        self.sink.record(r)
    }
}

/// One network's importer.
pub trait Importer {
    /// The network name (`twitter`).
    fn network(&self) -> &'static str;
    /// The export generation detected from the entries.
    fn generation(&self) -> String;
    /// What to do with an entry (refused entries never reach this).
    fn plan(&mut self, entry: &Entry) -> Plan;
    /// Read an entry planned as [`Plan::Parse`]. Returns the number of records read.
    fn parse(&mut self, entry: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64>;
    /// A media entry has been stored.
    fn media(&mut self, entry: &Entry, stored: &Stored, cx: &mut Context) -> Result<()>;
    /// Every entry has been read: emit what was held back, compare counts.
    fn finish(&mut self, cx: &mut Context) -> Result<()>;
    /// The options of the import, before any entry is read: an importer that takes
    /// one (Second Life's `--timezone`) checks it here.
    fn configure(&mut self, _opts: &ImportOptions) -> Result<()> {
        Ok(())
    }
    /// The importer was chosen by the content of these entries, not their names (see
    /// [`Format`]'s sniffing): an importer that plans by name takes them as its own.
    fn claim_sniffed(&mut self, _entries: Vec<String>) {}
    /// What an entry planned as [`Plan::Parse`] with `role` makes the dump a complete
    /// snapshot of (see [`Coverage`](crate::report::Coverage)): the scopes of which it
    /// holds every record of the account, whether it holds any or not. Asked after
    /// [`finish`](Self::finish), so an importer may answer from what it read. The
    /// default says the importer cannot tell.
    fn covers(&self, _entry: &str, _role: &str) -> Cover {
        Cover::Unknown("this importer does not state what its dumps cover")
    }
}

/// What one entry of a dump is a complete snapshot of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    /// Every record of these scopes (`post`, `reaction:like`, `media:tweets`) of the
    /// account is in this entry (or in it and the other entries declaring them).
    Complete(&'static [&'static str]),
    /// The dump cannot say what it covers, and why: nothing is marked absent on its
    /// account on the strength of it.
    Unknown(&'static str),
}

/// Nothing: an entry that holds no record of its own (a manifest, a completeness
/// check), or only a part of what the account has (one chat backup).
pub const COVERS_NOTHING: Cover = Cover::Complete(&[]);

pub use registry::{formats, select, select_sniffed, Format, SniffFn, SNIFF_BYTES};
pub use run::{run, run_parts, ImportOptions};
