//! The pipeline: open a dump, pick its importer, plan every entry, then read them in
//! plan order into a [`Sink`], accounting for each record and entry in the [`Report`].

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::registry::{formats, select_sniffed, SNIFF_BYTES, SNIFF_ENTRIES};
use super::{ids, Context, Cover, Plan, Progress, Sink, Stored, IGNORE};
use crate::container::{Container, ContainerKind, Entry, Limits};
use crate::error::{Error, Result};
use crate::model::{Kind, Record};
use crate::report::{EntryFate, EntryReport, Report, SourceInfo};

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
    let mut guard = ids::UniqueIds::new(sink, opts.spool_dir.as_deref());
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
                        let mut u = crate::read::json::Utf16Json::new(&mut r);
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
