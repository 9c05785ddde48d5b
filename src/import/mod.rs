//! Importers: one per network. Each classifies the entries of a dump, streams their
//! records into a [`Sink`], and accounts for every record and entry in a [`Report`].

pub mod blog;
pub mod blogger;
pub mod bluesky;
pub mod disqus;
pub mod googleplus;
pub mod html;
pub mod ids;
pub mod json;
pub mod linkedin;
pub mod mastodon;
pub mod meta;
pub mod reddit;
pub mod secondlife;
pub mod table;
pub mod takeout;
pub mod text;
pub mod tumblr;
pub mod twitter;
pub mod warc;
pub mod wordpress;
pub mod xml;
pub(crate) mod xmlmini;
pub mod youtube;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::container::{Container, ContainerKind, Entry, Limits};
use crate::error::{Error, Result};
use crate::model::{Kind, Record};
use crate::report::{EntryFate, EntryReport, Report, SourceInfo};

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

static IGNORE: Plan = Plan::Ignore {
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

/// Detection by content: an entry's name and first bytes to a score.
pub type SniffFn = fn(&str, &[u8]) -> Option<u8>;

/// A network lifeboat can read.
pub struct Format {
    /// Name used by `--network`.
    pub name: &'static str,
    /// One line about it.
    pub description: &'static str,
    /// Generations read.
    pub generations: &'static [&'static str],
    detect: fn(&[Entry]) -> Option<u8>,
    /// Detection by content, for dumps whose entry names say nothing (a bare
    /// `export.xml`): the entry's name and its first [`SNIFF_BYTES`] bytes.
    sniff: Option<SniffFn>,
    make: fn(&[Entry]) -> Box<dyn Importer>,
}

/// Every network lifeboat reads.
pub fn formats() -> &'static [Format] {
    &[
        Format {
            name: "twitter",
            description: "Twitter / X account archive (\"Download your data\")",
            generations: twitter::GENERATIONS,
            detect: twitter::detect,
            sniff: None,
            make: twitter::make,
        },
        Format {
            name: "mastodon",
            description: "Mastodon account archive (\"Request your archive\") and CSV lists",
            generations: mastodon::GENERATIONS,
            detect: mastodon::detect,
            sniff: None,
            make: mastodon::make,
        },
        Format {
            name: "reddit",
            description: "Reddit data request export (GDPR/CCPA zip of CSV files)",
            generations: reddit::GENERATIONS,
            detect: reddit::detect,
            sniff: None,
            make: reddit::make,
        },
        Format {
            name: "bluesky",
            description: "Bluesky / AT Protocol repository (repo.car from \"Export my data\"), with a folder of blobs",
            generations: bluesky::GENERATIONS,
            detect: bluesky::detect,
            sniff: Some(bluesky::sniff),
            make: bluesky::make,
        },
        Format {
            name: "wordpress",
            description: "WordPress export (WXR 1.0-1.2: self-hosted, WordPress.com, wp export)",
            generations: wordpress::GENERATIONS,
            detect: wordpress::detect,
            sniff: Some(wordpress::sniff),
            make: wordpress::make,
        },
        Format {
            name: "blogger",
            description: "Blogger export (Takeout feed.atom and the classic blog-MM-DD-YYYY.xml)",
            generations: blogger::GENERATIONS,
            detect: blogger::detect,
            sniff: Some(blogger::sniff),
            make: blogger::make,
        },
        Format {
            name: "disqus",
            description: "Disqus comment export (<forum>-<date>-all.xml.gz)",
            generations: disqus::GENERATIONS,
            detect: disqus::detect,
            sniff: Some(disqus::sniff),
            make: disqus::make,
        },
        Format {
            name: "facebook",
            description: "Facebook \"Download your information\" (profiles and Pages, JSON), Messenger chat backups",
            generations: meta::FACEBOOK_GENERATIONS,
            detect: meta::detect_facebook,
            sniff: None,
            make: meta::make_facebook,
        },
        Format {
            name: "instagram",
            description: "Instagram \"Download your information\" (JSON), every generation since 2018",
            generations: meta::INSTAGRAM_GENERATIONS,
            detect: meta::detect_instagram,
            sniff: None,
            make: meta::make_instagram,
        },
        Format {
            name: "threads",
            description: "Threads posts and replies (inside an Instagram export or alone, JSON)",
            generations: meta::THREADS_GENERATIONS,
            detect: meta::detect_threads,
            sniff: None,
            make: meta::make_threads,
        },
        Format {
            name: "youtube",
            description:
                "YouTube channel from Google Takeout (\"YouTube and YouTube Music\", any language)",
            generations: youtube::GENERATIONS,
            detect: youtube::detect,
            sniff: None,
            make: youtube::make,
        },
        Format {
            name: "googleplus",
            description: "Google+ from Google Takeout (2011-2019): Stream posts as JSON or HTML, activity log, circles",
            generations: googleplus::GENERATIONS,
            detect: googleplus::detect,
            sniff: None,
            make: googleplus::make,
        },
        Format {
            name: "linkedin",
            description: "LinkedIn \"Get a copy of your data\" export (Basic and Complete zips)",
            generations: linkedin::GENERATIONS,
            detect: linkedin::detect,
            sniff: None,
            make: linkedin::make,
        },
        Format {
            name: "web",
            description: "Web captures (WARC, WACZ): MySpace, Bebo, LinkedIn group and Google+ pages read; any other page kept as one record",
            generations: warc::GENERATIONS,
            detect: warc::detect,
            sniff: Some(warc::sniff),
            make: warc::make,
        },
        Format {
            name: "secondlife",
            description: "Second Life viewer chat logs (official viewer, Firestorm): nearby chat, IMs, group chats, conferences, conversation.log",
            generations: secondlife::GENERATIONS,
            detect: secondlife::detect,
            sniff: Some(secondlife::sniff),
            make: secondlife::make,
        },
        Format {
            name: "tumblr",
            description: "Tumblr blog export (posts.xml, per-post HTML, media) and API / NPF JSON",
            generations: tumblr::GENERATIONS,
            detect: tumblr::detect,
            sniff: None,
            make: tumblr::make,
        },
    ]
}

/// How many bytes of an entry [`Format`]s may sniff.
pub const SNIFF_BYTES: usize = 4096;

/// How many XML-like entries, and how many others, are sniffed at most.
const SNIFF_ENTRIES: usize = 8;

/// Pick the importer for a dump: by name, or by looking at its entries.
pub fn select(entries: &[Entry], network: Option<&str>) -> Result<Box<dyn Importer>> {
    select_sniffed(entries, network, &[])
}

/// Like [`select`], with the first bytes of some entries (`(entry index, bytes)`):
/// when no format recognises the entry names, the formats that can tell a dump by
/// its content look at those bytes.
pub fn select_sniffed(
    entries: &[Entry],
    network: Option<&str>,
    heads: &[(usize, Vec<u8>)],
) -> Result<Box<dyn Importer>> {
    if let Some(n) = network {
        let f = formats()
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(n))
            .ok_or_else(|| {
                Error::Usage(format!("unknown network {n:?} (see `lifeboat formats`)"))
            })?;
        return Ok((f.make)(entries));
    }
    if let Some((_, f)) = formats()
        .iter()
        .filter_map(|f| (f.detect)(entries).map(|s| (s, f)))
        .max_by_key(|(s, _)| *s)
    {
        return Ok((f.make)(entries));
    }
    // the names say nothing: the formats that can tell their files by content look at
    // the first bytes; the winner is told which entries it recognised
    let best = formats()
        .iter()
        .filter_map(|f| {
            let sniff = f.sniff?;
            let hits: Vec<(u8, &str)> = heads
                .iter()
                .filter_map(|(i, h)| {
                    let name = &entries.get(*i)?.name;
                    sniff(name, h).map(|s| (s, name.as_str()))
                })
                .collect();
            let score = hits.iter().map(|(s, _)| *s).max()?;
            Some((score, f, hits))
        })
        .max_by_key(|(s, _, _)| *s);
    match best {
        Some((_, f, hits)) => {
            let mut importer = (f.make)(entries);
            importer.claim_sniffed(hits.into_iter().map(|(_, n)| n.to_string()).collect());
            Ok(importer)
        }
        None => Err(Error::Unrecognized(format!(
            "no known network's export found among {} entries (see `lifeboat formats`, or pass --network)",
            entries.len()
        ))),
    }
}

/// Passes records on, noting the owner accounts and which scopes the records fall in
/// (for the report's coverage).
struct SeenSink<'a> {
    inner: &'a mut dyn Sink,
    owners: Vec<String>,
    /// (network, kind, relationship or reaction kind, entry) -> records.
    scopes: std::collections::BTreeMap<ScopeKey, u64>,
    /// The key of the last records seen and how many in a row (records come in runs of
    /// one kind from one entry: counted without a map lookup or an allocation each).
    run: Option<(ScopeKey, u64)>,
}

type ScopeKey = (String, Kind, String, String);

impl Sink for SeenSink<'_> {
    fn record(&mut self, r: Record) -> Result<()> {
        let (sub, entry) = match &r {
            Record::Account(a) => {
                if a.is_owner && !self.owners.contains(&a.id) {
                    self.owners.push(a.id.clone());
                }
                ("", &a.source.entry)
            }
            Record::Post(p) => ("", &p.source.entry),
            Record::Media(m) => ("", &m.source.entry),
            Record::Relationship(x) => (x.kind.as_str(), &x.source.entry),
            Record::Reaction(x) => (x.kind.as_str(), &x.source.entry),
            Record::Conversation(c) => ("", &c.source.entry),
            Record::Message(m) => ("", &m.source.entry),
        };
        let network = r.id().split(':').next().unwrap_or("");
        match &mut self.run {
            Some(((n, k, s, e), count))
                if *k == r.kind() && n == network && s == sub && e == entry =>
            {
                *count += 1;
            }
            run => {
                if let Some((key, count)) = run.take() {
                    *self.scopes.entry(key).or_default() += count;
                }
                *run = Some((
                    (
                        network.to_string(),
                        r.kind(),
                        sub.to_string(),
                        entry.clone(),
                    ),
                    1,
                ));
            }
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

impl SeenSink<'_> {
    /// The dump's coverage, from what its entries declared (`entry_list[].covers`),
    /// what could not be read, and the records seen.
    fn coverage(&mut self, report: &Report, unknown: Option<&str>) -> crate::report::Coverage {
        use crate::report::{Coverage, CoverageStatus};
        if let Some((key, count)) = self.run.take() {
            *self.scopes.entry(key).or_default() += count;
        }
        let mut c = Coverage {
            accounts: crate::coverage::owner_accounts(&report.network, &self.owners),
            ..Coverage::default()
        };
        if let Some(why) = unknown {
            c.status = CoverageStatus::Unknown;
            c.reason = Some(why.to_string());
        } else {
            c.status = CoverageStatus::Known;
            // a scope is vouched for only when no record of its kind in an entry that
            // declared it was skipped (a malformed item is not a deleted one)
            let capped = (report.skips.len() as u64) < report.skipped_total();
            for e in &report.entry_list {
                for scope in &e.covers {
                    let kind = scope.split(':').next().unwrap_or(scope);
                    let skipped = report
                        .skips
                        .iter()
                        .filter(|s| {
                            s.kind == kind && crate::coverage::names_entry(&s.location, &e.path)
                        })
                        .count();
                    if skipped > 0 {
                        c.partial.insert(
                            scope.clone(),
                            format!("{skipped} {kind} record(s) of {} could not be read", e.path),
                        );
                    } else if capped && report.records.get(kind).is_some_and(|k| k.skipped > 0) {
                        c.partial.insert(
                            scope.clone(),
                            format!("{kind} records were skipped (more than the report lists)"),
                        );
                    }
                    *c.complete.entry(scope.clone()).or_default() += 1;
                }
            }
            for p in c.partial.keys() {
                c.complete.remove(p);
            }
        }
        // what the dump holds that nothing covers
        let declared = crate::coverage::EntryScopes::from_report(report);
        let mut not: std::collections::BTreeMap<String, u64> = Default::default();
        for ((network, kind, sub, entry), n) in &self.scopes {
            let subs = declared.subkinds(
                kind.as_str(),
                Some(sub.as_str()).filter(|s| !s.is_empty()),
                entry,
            );
            let subs: Vec<&str> = subs.iter().map(String::as_str).collect();
            let mine = *network == report.network;
            if !mine || !c.covers(kind.as_str(), &subs) {
                let mut scope = match subs.first() {
                    Some(s) => format!("{}:{s}", kind.as_str()),
                    None => kind.as_str().to_string(),
                };
                if !mine {
                    // records of another network (Threads inside an Instagram export)
                    scope = format!("{scope} ({network})");
                }
                *not.entry(scope).or_default() += n;
            }
        }
        c.not_covered = not;
        c
    }
}

/// Reports progress every MiB while an entry is read, so that one big file does not
/// freeze the bar, and stops the read when the caller asks.
struct ProgressReader<'a, 'p> {
    inner: Box<dyn Read + Send + 'a>,
    progress: &'p mut dyn Progress,
    base: u64,
    total: u64,
    read: u64,
    next: u64,
    name: &'p str,
}

impl<'a, 'p> ProgressReader<'a, 'p> {
    fn new(
        inner: Box<dyn Read + Send + 'a>,
        progress: &'p mut dyn Progress,
        base: u64,
        total: u64,
        name: &'p str,
    ) -> Self {
        ProgressReader {
            inner,
            progress,
            base,
            total,
            read: 0,
            next: 1 << 20,
            name,
        }
    }
}

impl Read for ProgressReader<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read >= self.next {
            self.next = self.read + (1 << 20);
            if self.progress.interrupted() {
                return Err(crate::error::Tripwire::Interrupted.into_io());
            }
            // uncompressed bytes of this entry, counted against declared sizes
            self.progress.update(
                self.base + self.read,
                self.total.max(self.base + self.read),
                self.name,
            );
        }
        Ok(n)
    }
}

/// Options of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Force the network instead of detecting it.
    pub network: Option<String>,
    /// Safety limits.
    pub limits: Limits,
    /// Where a tar.gz is spooled (default: the system's temporary folder).
    pub spool_dir: Option<std::path::PathBuf>,
    /// Set to stop the import.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Keep the whole original dump inside the archive (`data/sources/<id>/original/`).
    pub keep_original: bool,
    /// Refuse the import (write nothing) when any record was skipped or any entry
    /// refused (an entry the container would not open: its data would be missing).
    pub strict: bool,
    /// Fields for the archive's `bag-info.txt` (organisation, contact, custodian, …);
    /// kept for later imports into the same archive.
    pub bag_info: Vec<(String, String)>,
    /// A folder of blobs that belongs to the dump but lies beside it (Bluesky: the
    /// files `goat blob export` writes, named by CID). Its files are read as entries
    /// named `blobs/<file>`.
    pub blobs: Option<std::path::PathBuf>,
    /// The clock of a dump whose times carry no zone (an IANA name such as
    /// `Europe/Berlin`); Second Life viewer logs default to `America/Los_Angeles`
    /// (Second Life time).
    pub timezone: Option<String>,
}

/// Read a dump into `sink`. Returns the report; the source's hash is filled in.
pub fn run(
    dump: &Path,
    sink: &mut dyn Sink,
    opts: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<Report> {
    run_parts(&[dump], sink, opts, progress)
}

/// Read the parts of one export (the several zips a very large account receives) as
/// one dump, so that records in one part join what they refer to in another. Entry
/// names get a `partN/` prefix. With one part this is [`run`].
pub fn run_parts(
    parts: &[&Path],
    sink: &mut dyn Sink,
    opts: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<Report> {
    let Some(&first) = parts.first() else {
        return Err(Error::Usage("no dump to import".into()));
    };
    // Hash the dumps on the other core while they are read.
    let hp: Vec<std::path::PathBuf> = parts.iter().map(|p| p.to_path_buf()).collect();
    let hasher = std::thread::spawn(move || {
        hp.iter()
            .map(|p| crate::archive::hash_source(p))
            .collect::<std::io::Result<Vec<_>>>()
    });

    let mut containers = Vec::with_capacity(parts.len());
    let mut entries: Vec<Entry> = Vec::new();
    // which container each entry is in (the entry knows its place there)
    let mut part_of: Vec<u16> = Vec::new();
    for (ci, p) in parts.iter().enumerate() {
        let mut c = Container::open(p, &opts.limits, opts.spool_dir.as_deref())?;
        if let Some(f) = &opts.interrupt {
            c.set_interrupt(f.clone());
        }
        let mut list = c.take_entries();
        if parts.len() > 1 {
            for e in &mut list {
                e.add_prefix(&format!("part{}/", ci + 1));
            }
        }
        part_of.extend(std::iter::repeat_n(ci as u16, list.len()));
        if entries.is_empty() {
            entries = list;
        } else {
            entries.append(&mut list);
        }
        containers.push(c);
    }
    if let Some(dir) = &opts.blobs {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--blobs {}: not a folder",
                dir.display()
            )));
        }
        let mut c = Container::open(dir, &opts.limits, opts.spool_dir.as_deref())?;
        if let Some(f) = &opts.interrupt {
            c.set_interrupt(f.clone());
        }
        let ci = containers.len() as u16;
        for mut e in c.take_entries() {
            e.add_prefix("blobs/");
            entries.push(e);
            part_of.push(ci);
        }
        containers.push(c);
    }
    if entries.len() as u64 > opts.limits.max_entries {
        return Err(Error::Limit {
            what: "number of entries",
            limit: opts.limits.max_entries,
            path: first.display().to_string(),
        });
    }
    // Names first; when they say nothing, the first bytes of a few XML-like entries
    // and of a few others (a repository CAR under another name).
    let mut heads = Vec::new();
    if opts.network.is_none() && formats().iter().all(|f| (f.detect)(&entries).is_none()) {
        let (mut xml_heads, mut other_heads) = (0, 0);
        for (i, e) in entries.iter().enumerate() {
            let lower = e.name.to_ascii_lowercase();
            let xmlish = [".xml", ".atom", ".rss", ".wxr"]
                .iter()
                .any(|x| lower.ends_with(x));
            let slot = if xmlish {
                &mut xml_heads
            } else {
                &mut other_heads
            };
            // blob files (named by CID) are content, never a dump's index
            let blob = lower.starts_with("blobs/") || lower.contains("/blobs/");
            if e.refused().is_some() || e.size == 0 || blob || *slot >= SNIFF_ENTRIES {
                continue;
            }
            *slot += 1;
            let ci = usize::from(part_of[i]);
            let mut r = containers[ci].open_listed(e)?;
            let mut head = vec![0u8; SNIFF_BYTES];
            let mut n = 0;
            while n < head.len() {
                match r.read(&mut head[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(Error::io(e.name.as_str(), err)),
                }
            }
            head.truncate(n);
            heads.push((i, head));
        }
    }
    let mut importer = select_sniffed(&entries, opts.network.as_deref(), &heads)?;
    importer.configure(opts)?;
    let mut seen = SeenSink {
        inner: sink,
        owners: Vec::new(),
        scopes: std::collections::BTreeMap::new(),
        run: None,
    };
    let sink: &mut dyn Sink = &mut seen;
    let mut report = Report {
        network: importer.network().to_string(),
        generation: importer.generation(),
        tool: format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
        imported_at: crate::model::Timestamp::now().to_rfc3339(),
        ..Report::default()
    };
    // One plan per entry, kept once per distinct plan: a million stray files share
    // a handful of plans.
    let mut distinct: Vec<Plan> = Vec::new();
    let mut known: std::collections::HashMap<Plan, u32> = std::collections::HashMap::new();
    let mut plan_of: Vec<u32> = Vec::with_capacity(entries.len());
    let mut refused = 0u64;
    for e in &entries {
        let p = match e.refused() {
            Some(r) => {
                refused += 1;
                Plan::Ignore {
                    reason: r.to_string(),
                }
            }
            None => match importer.plan(e) {
                // an empty file has nothing to carry: it is listed, not copied
                Plan::Carry { .. } if e.size == 0 => Plan::Ignore {
                    reason: "empty file (nothing to carry)".into(),
                },
                p => p,
            },
        };
        let k = match known.get(&p) {
            Some(&k) => k,
            None => {
                let k = distinct.len() as u32;
                known.insert(p.clone(), k);
                distinct.push(p);
                k
            }
        };
        plan_of.push(k);
    }
    drop(known);
    let plan = |i: usize| -> &Plan {
        plan_of
            .get(i)
            .and_then(|&k| distinct.get(k as usize))
            .unwrap_or(&IGNORE)
    };
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    order.sort_by_key(|&i| (plan(i as usize).phase(), i));
    // every record passes the id guard: one id, one record
    let mut guard = ids::UniqueIds::new(sink);
    let total: u64 = entries.iter().map(|e| e.size).sum();
    let mut done = 0u64;
    // what became of each entry, in reading order; listed in entry order at the end
    let mut fates: Vec<(u32, EntryReport)> = Vec::new();
    let mut ignored_seen = 0u64;
    let mut unlisted: std::collections::BTreeMap<String, u64> = Default::default();
    for &i in &order {
        let i = i as usize;
        if progress.interrupted()
            || opts
                .interrupt
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            return Err(Error::Interrupted);
        }
        let e = &entries[i];
        progress.update(done, total, &e.name);
        if let Plan::Ignore { reason } = plan(i) {
            // ignored entries come last, in entry order: past the first DETAIL_CAP
            // they are only counted (see Report::ignored_unlisted)
            ignored_seen += 1;
            if ignored_seen > crate::report::DETAIL_CAP as u64 {
                *unlisted.entry(reason.clone()).or_default() += 1;
                done += e.size;
                continue;
            }
        }
        let mut er = EntryReport {
            path: e.name.clone(),
            bytes: e.size,
            fate: EntryFate::Ignored,
            role: None,
            reason: None,
            records: 0,
            covers: Vec::new(),
        };
        if let Plan::Ignore { reason } = plan(i) {
            er.reason = Some(reason.clone());
        } else {
            let ci = usize::from(part_of[i]);
            // a zip entry or a gzip stream is checked (size, CRC) only at its end
            let drain = matches!(
                containers[ci].kind(),
                ContainerKind::Zip | ContainerKind::Gz
            );
            let mut r = ProgressReader::new(
                containers[ci].open_listed(e)?,
                &mut *progress,
                done,
                total,
                &e.name,
            );
            match plan(i) {
                Plan::Parse { role, .. } => {
                    er.fate = EntryFate::Parsed;
                    er.role = Some(role.clone());
                    guard.watch(&e.name);
                    let mut cx = Context {
                        sink: &mut guard,
                        report: &mut report,
                        limits: &opts.limits,
                        spool_dir: opts.spool_dir.as_deref(),
                        interrupt: opts.interrupt.as_deref(),
                    };
                    // a JSON file saved as UTF-16 is read as UTF-8
                    let lower = e.name.to_ascii_lowercase();
                    let jsonish = [".json", ".js", ".jsonl"]
                        .iter()
                        .any(|x| lower.ends_with(x));
                    er.records = if jsonish {
                        let mut u = json::Utf16Json::new(&mut r);
                        importer.parse(e, &mut u, &mut cx)?
                    } else {
                        importer.parse(e, &mut r, &mut cx)?
                    };
                    // A parser may stop before the end of its entry (the closing
                    // bracket, a fatal syntax error): the rest is read anyway, so that
                    // the container's checks (a zip entry's size and CRC-32, the
                    // limits) see the whole entry. A damaged entry fails the import.
                    if drain {
                        std::io::copy(&mut r, &mut std::io::sink())
                            .map_err(|err| Error::io(e.name.as_str(), err))?;
                    }
                    // an entry read and then carried because nothing in it could be
                    // mapped has one fate: carried
                    if guard.watched_was_carried() && er.records == 0 {
                        er.fate = EntryFate::Carried;
                        er.reason = Some(
                            "read, but nothing in it maps to a record: carried verbatim".into(),
                        );
                    }
                }
                Plan::Media { role } => {
                    er.fate = EntryFate::Media;
                    er.role = Some(role.clone());
                    let stored = guard.store_media(&e.name, &mut r)?;
                    let mut cx = Context {
                        sink: &mut guard,
                        report: &mut report,
                        limits: &opts.limits,
                        spool_dir: opts.spool_dir.as_deref(),
                        interrupt: opts.interrupt.as_deref(),
                    };
                    importer.media(e, &stored, &mut cx)?;
                }
                Plan::Carry { role } => {
                    er.fate = EntryFate::Carried;
                    er.role = Some(role.clone());
                    guard.carry(&e.name, &mut r)?;
                }
                Plan::Ignore { .. } => {}
            }
        }
        done += e.size;
        fates.push((i as u32, er));
    }
    drop(order);
    fates.sort_unstable_by_key(|(i, _)| *i);
    let mut cx = Context {
        sink: &mut guard,
        report: &mut report,
        limits: &opts.limits,
        spool_dir: opts.spool_dir.as_deref(),
        interrupt: opts.interrupt.as_deref(),
    };
    importer.finish(&mut cx)?;
    guard.report(&mut report);
    // nothing at all came of the dump, and a parser stopping is why: an error that
    // says where, not an empty archive
    if report.kept_total() == 0 {
        if let Some(u) = report.unreadable.first() {
            return Err(Error::Malformed {
                entry: u.entry.clone(),
                position: u.position,
                message: u.message.clone(),
            });
        }
    }
    let mut unknown = None;
    for (i, er) in fates.iter_mut() {
        if let Plan::Parse { role, .. } = plan(*i as usize) {
            match importer.covers(&er.path, role) {
                Cover::Complete(scopes) => {
                    er.covers = scopes.iter().map(|s| s.to_string()).collect()
                }
                Cover::Unknown(why) => {
                    unknown.get_or_insert(why);
                }
            }
        }
    }
    for (_, er) in fates {
        report.entry(er);
    }
    for (why, n) in unlisted {
        report.entries.total += n;
        report.entries.ignored += n;
        *report.ignored_unlisted.entry(why).or_default() += n;
    }
    report.entries.refused = refused;
    report.coverage = seen.coverage(&report, unknown);
    progress.update(total, total, "");
    let hashes = hasher
        .join()
        .map_err(|_| {
            Error::io(
                first,
                std::io::Error::other("the thread hashing the dump failed"),
            )
        })?
        .map_err(|e| Error::io(first, e))?;
    let mut infos: Vec<SourceInfo> = parts
        .iter()
        .zip(&containers)
        .zip(hashes)
        .map(|((p, c), (sha256, bytes))| SourceInfo {
            path: p.display().to_string(),
            sha256,
            bytes,
            container: match c.kind() {
                ContainerKind::Zip => "zip",
                ContainerKind::TarGz => "tar.gz",
                ContainerKind::Folder => "folder",
                ContainerKind::File => "file",
                ContainerKind::Gz => "gz",
            }
            .into(),
            parts: Vec::new(),
        })
        .collect();
    report.source = infos.remove(0);
    report.source.parts = infos;
    Ok(report)
}
