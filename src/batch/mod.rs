//! Batch import: a folder (or a list) of dumps into one archive per account, with a
//! combined report; run it again and it imports only what is new.
//!
//! A run:
//!
//! 1. **finds the dumps** ([`find`]: folders of dumps looked into, list files, dumps
//!    given one by one);
//! 2. **looks at each** (`--jobs` at a time): its SHA-256, and when no archive of the
//!    batch's folder holds it yet, a read that writes nothing (as `lifeboat inspect`)
//!    for its network, its owner account (the import report's `coverage.accounts`)
//!    and its date (the newest time a record of it carries, else its file's time);
//! 3. **files each new dump under an archive**: the archive of the batch's folder that
//!    already holds exports of that account, else a new one named after the account
//!    (`twitter-1521783640278851584`); a dump that does not say whose it is gets an
//!    archive of its own (`linkedin-unattributed-<sha256 prefix>`);
//! 4. **imports** each archive's new dumps oldest first (successive exports merged in
//!    date order), archives `--jobs` at a time: one archive is only ever written by one
//!    job (and the archive lock guards it against other processes); a dump that fails
//!    is reported and the batch goes on;
//! 5. optionally **exports** every archive it wrote into one Parquet tree (and every
//!    archive of the folder whose Parquet files are missing there);
//! 6. writes the combined report, `batch-report.json`, into the batch's folder.
//!
//! A second run skips every dump an archive already holds (by SHA-256, which each
//! archive records for each of its dumps in `data/lifeboat.json`).

mod find;
mod group;
mod identify;
mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

pub use report::{ArchiveOutcome, BatchReport, DumpOutcome, NotADump, Outcome, Totals};

use crate::error::{Error, Result};
use crate::export::ExportOptions;
use crate::model::Timestamp;
use crate::{Archive, ImportOptions};
use find::{Input, Item};
use identify::{Known, Seen};

/// The name of the combined report in the batch's folder.
pub const REPORT_FILE: &str = "batch-report.json";

/// What a batch tells its caller as it goes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'e> {
    /// The dumps were found; each is looked at next.
    Found {
        /// How many.
        dumps: usize,
    },
    /// A dump's outcome is known.
    Dump(&'e DumpOutcome),
    /// An archive was exported to Parquet (or failed to be).
    Exported(&'e ArchiveOutcome),
}

/// A batch import: the dumps (folders of dumps, list files, single dumps), the folder
/// of archives, the jobs, the import options, and optionally a Parquet folder.
///
/// ```
/// use std::path::Path;
///
/// # fn main() -> lifeboat::Result<()> {
/// let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/youtube/samples");
/// let root = std::env::temp_dir().join(format!("lifeboat-doc-batch-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&root);
///
/// // five exports of one YouTube channel: one archive, merged oldest first
/// let report = lifeboat::Batch::new(&root).dir(&samples).jobs(2).run()?;
/// assert!(report.ok());
/// assert_eq!(report.archives.len(), 1);
/// assert_eq!(report.archives[0].dumps, 5);
/// assert!(report.totals.balanced);
///
/// // a second run finds nothing new
/// let again = lifeboat::Batch::new(&root).dir(&samples).run()?;
/// assert!(again.dumps.iter().all(|d| d.outcome == lifeboat::batch::Outcome::Skipped));
/// # std::fs::remove_dir_all(&root).ok();
/// # std::fs::remove_file(lifeboat::archive::lock::lock_path(&root)?).ok();
/// # Ok(())
/// # }
/// ```
pub struct Batch<'a> {
    root: PathBuf,
    inputs: Vec<Input>,
    jobs: usize,
    opts: ImportOptions,
    parquet: Option<(PathBuf, ExportOptions)>,
    events: Option<&'a (dyn Fn(Event) + Sync)>,
}

impl<'a> Batch<'a> {
    /// A batch writing its archives (one per account) and its report into `root`
    /// (created when missing).
    pub fn new(root: impl Into<PathBuf>) -> Batch<'a> {
        Batch {
            root: root.into(),
            inputs: Vec::new(),
            jobs: 1,
            opts: ImportOptions::default(),
            parquet: None,
            events: None,
        }
    }

    /// Import the dumps in this folder (looked into recursively; the rule is in
    /// the `find` module's documentation and the README).
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Batch<'a> {
        self.inputs.push(Input::Dir(dir.into()));
        self
    }

    /// Import the dumps a list file names: one per line, `#` comments, the parts of
    /// one export separated by tabs, relative paths relative to the file's folder.
    pub fn list(mut self, file: impl AsRef<Path>) -> Result<Batch<'a>> {
        let file = file.as_ref();
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        let base = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        self.inputs.push(Input::List { text, base });
        Ok(self)
    }

    /// Import the dumps of a list's text (as [`Batch::list`]; relative paths are
    /// relative to `base`): a list read from standard input.
    pub fn list_text(mut self, text: impl Into<String>, base: impl Into<PathBuf>) -> Batch<'a> {
        self.inputs.push(Input::List {
            text: text.into(),
            base: base.into(),
        });
        self
    }

    /// Import this dump.
    pub fn dump(mut self, dump: impl Into<PathBuf>) -> Batch<'a> {
        self.inputs.push(Input::Dump(vec![dump.into()]));
        self
    }

    /// Import these files as the parts of one export (see [`crate::import_parts`]).
    pub fn parts<P: Into<PathBuf>>(mut self, parts: impl IntoIterator<Item = P>) -> Batch<'a> {
        self.inputs
            .push(Input::Dump(parts.into_iter().map(Into::into).collect()));
        self
    }

    /// How many dumps are looked at, and archives imported into, at a time (at
    /// least 1, the default). Each import already keeps two cores busy.
    pub fn jobs(mut self, jobs: usize) -> Batch<'a> {
        self.jobs = jobs.max(1);
        self
    }

    /// The import options every dump is imported with (limits, strictness, the
    /// interrupt flag, bag-info, …).
    pub fn options(mut self, opts: ImportOptions) -> Batch<'a> {
        self.opts = opts;
        self
    }

    /// Export every archive the run writes (and every archive of the folder whose
    /// files are missing there) into one Parquet tree at `out`, with `opts` (e.g.
    /// `--include direct`'s filter).
    pub fn parquet(mut self, out: impl Into<PathBuf>, opts: ExportOptions) -> Batch<'a> {
        self.parquet = Some((out.into(), opts));
        self
    }

    /// Tell `f` what happens as it happens (a dump's outcome, an export).
    pub fn on_event(mut self, f: &'a (dyn Fn(Event) + Sync)) -> Batch<'a> {
        self.events = Some(f);
        self
    }

    /// Run the batch. An `Err` is a batch that could not run at all (the folder of
    /// archives cannot be made, a folder of dumps cannot be read, the report cannot
    /// be written); a dump that cannot be imported is a `failed` outcome in the
    /// report, and the batch goes on.
    pub fn run(self) -> Result<BatchReport> {
        run(self)
    }
}

fn emit(b: &Batch, e: Event) {
    if let Some(f) = b.events {
        f(e);
    }
}

fn interrupted(opts: &ImportOptions) -> bool {
    opts.interrupt
        .as_ref()
        .is_some_and(|f| f.load(Ordering::Relaxed))
}

/// `f` over `items`, `jobs` at a time, results in the items' order.
fn pool<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                if let Ok(mut o) = out.lock() {
                    if let Some(slot) = o.get_mut(i) {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    out.into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// A new dump filed under an archive.
struct Filed {
    index: usize,
    item: Item,
    seen: Seen,
}

fn run(b: Batch) -> Result<BatchReport> {
    let started = Timestamp::now().to_rfc3339();
    let root = b.root.clone();
    if root.join("bagit.txt").is_file() {
        return Err(Error::Usage(format!(
            "{} is an archive; a batch writes a folder of archives (give another folder)",
            root.display()
        )));
    }
    std::fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    // one batch at a time in a folder (another waits)
    let _lock = crate::archive::lock::lock(&root, "a batch import")?;
    // a Parquet folder that cannot take the exports is refused before any import
    if let Some((out, o)) = &b.parquet {
        crate::export::parquet::prepare(None, out, o.force)?;
    }
    let mut skip = vec![root.clone()];
    if let Some((p, _)) = &b.parquet {
        skip.push(p.clone());
    }
    let (items, passed) = find::find(&b.inputs, &skip, &b.opts.limits)?;
    emit(&b, Event::Found { dumps: items.len() });
    let known = Known::scan(&root)?;

    // every dump's SHA-256: what an archive holds, or what was given twice, is skipped
    let shas: Vec<Option<std::result::Result<String, String>>> = pool(&items, b.jobs, |item| {
        (!interrupted(&b.opts)).then(|| identify::hash(&item.parts))
    });
    let mut outcomes: Vec<Option<DumpOutcome>> = items.iter().map(|_| None).collect();
    let mut first_of: BTreeMap<String, String> = BTreeMap::new();
    let mut new: Vec<(usize, Item, String)> = Vec::new();
    for (index, (item, sha)) in items.into_iter().zip(shas).enumerate() {
        let mut o = DumpOutcome::new(&item.parts, Outcome::Failed);
        match sha {
            None => o.reason = Some("interrupted before it was looked at".into()),
            Some(Err(reason)) => o.reason = Some(reason),
            Some(Ok(sha)) => {
                if let Some(held) = known.by_sha.get(&sha) {
                    o.outcome = Outcome::Skipped;
                    o.reason = Some(format!(
                        "already imported into {} (same SHA-256)",
                        held.archive
                    ));
                    o.archive = Some(held.archive.clone());
                    o.network = Some(held.network.clone()).filter(|n| !n.is_empty());
                    o.generation = Some(held.generation.clone()).filter(|g| !g.is_empty());
                    o.account = held.account.clone();
                } else if let Some(first) = first_of.get(&sha) {
                    o.outcome = Outcome::Skipped;
                    o.reason = Some(format!("the same dump as {first} (same SHA-256)"));
                } else {
                    first_of.insert(sha.clone(), item.path().display().to_string());
                    new.push((index, item, sha));
                    continue;
                }
                o.sha256 = Some(sha);
            }
        }
        emit(&b, Event::Dump(&o));
        if let Some(slot) = outcomes.get_mut(index) {
            *slot = Some(o);
        }
    }

    // look at each new dump (a tar.gz is spooled beside the archives, not in /tmp)
    let mut look_opts = b.opts.clone();
    if look_opts.spool_dir.is_none() {
        look_opts.spool_dir = Some(root.clone());
    }
    let looks = pool(&new, b.jobs, |(_, item, sha)| {
        (!interrupted(&b.opts)).then(|| identify::look(&item.parts, sha.clone(), &look_opts))
    });
    let mut groups: BTreeMap<String, Vec<Filed>> = BTreeMap::new();
    let mut names = known.names.clone();
    let mut planned: BTreeMap<String, String> = BTreeMap::new(); // account -> archive
    for ((index, item, sha), look) in new.into_iter().zip(looks) {
        let seen = match look {
            Some(Ok(seen)) => seen,
            failed => {
                let mut o = DumpOutcome::new(&item.parts, Outcome::Failed);
                o.sha256 = Some(sha);
                o.reason = Some(match failed {
                    Some(Err(reason)) => reason,
                    _ => "interrupted before it was looked at".into(),
                });
                emit(&b, Event::Dump(&o));
                if let Some(slot) = outcomes.get_mut(index) {
                    *slot = Some(o);
                }
                continue;
            }
        };
        let archive = match seen.accounts.first() {
            Some(a) => match known.by_account.get(a).or(planned.get(a)) {
                Some(n) => n.clone(),
                None => {
                    let n = new_name(&seen.network, Some(a), "", &mut names);
                    planned.insert(a.clone(), n.clone());
                    n
                }
            },
            None => new_name(&seen.network, None, &seen.sha256, &mut names),
        };
        groups
            .entry(archive)
            .or_default()
            .push(Filed { index, item, seen });
    }

    // each archive's dumps oldest first; the biggest archives first
    let mut work: Vec<(String, Vec<Filed>)> = groups.into_iter().collect();
    for (_, g) in &mut work {
        g.sort_by(|x, y| {
            let d = |f: &Filed| f.seen.date.map(|(t, _)| t);
            d(x).cmp(&d(y))
                .then_with(|| x.item.path().cmp(y.item.path()))
        });
    }
    let size = |g: &[Filed]| -> u64 { g.iter().map(|f| f.seen.bytes).sum() };
    work.sort_by(|x, y| size(&y.1).cmp(&size(&x.1)).then_with(|| x.0.cmp(&y.0)));
    let done: Vec<group::Done> = pool(&work, b.jobs, |(name, g)| group::import(&b, &root, name, g));
    let mut archives = Vec::new();
    for d in done {
        for (i, o) in d.dumps {
            if let Some(slot) = outcomes.get_mut(i) {
                *slot = Some(o);
            }
        }
        archives.extend(d.archive);
    }
    // archives whose Parquet files are missing (an earlier run was stopped before)
    if let Some((out, eo)) = &b.parquet {
        let written: std::collections::HashSet<String> = archives
            .iter()
            .map(|a: &ArchiveOutcome| a.name.clone())
            .collect();
        let mut missing = Vec::new();
        for ent in std::fs::read_dir(&root).map_err(|e| Error::io(&root, e))? {
            let Ok(ent) = ent else { continue };
            let name = ent.file_name().to_string_lossy().into_owned();
            let Ok(a) = Archive::open(&ent.path()) else {
                continue;
            };
            let cat = out.join("catalog").join(format!("part-{}.parquet", a.id()));
            if !written.contains(&name) && !cat.is_file() {
                missing.push(name);
            }
        }
        missing.sort();
        let more = pool(&missing, b.jobs, |name| {
            (!interrupted(&b.opts)).then(|| {
                let mut a = group::archive_outcome(&root, name, None, 0);
                a.parquet = Some(group::export_one(&root.join(name), out, eo));
                emit(&b, Event::Exported(&a));
                a
            })
        });
        archives.extend(more.into_iter().flatten());
    }
    archives.sort_by(|x, y| x.name.cmp(&y.name));

    let mut report = BatchReport {
        tool: format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
        root: root.display().to_string(),
        started_at: started,
        finished_at: Timestamp::now().to_rfc3339(),
        jobs: b.jobs,
        interrupted: interrupted(&b.opts),
        dumps: outcomes.into_iter().flatten().collect(),
        not_dumps: passed
            .into_iter()
            .map(|p| NotADump {
                path: p.path.display().to_string(),
                reason: p.reason.to_string(),
            })
            .collect(),
        archives,
        parquet: b.parquet.as_ref().map(|(p, _)| p.display().to_string()),
        totals: Totals::default(),
    };
    report.total();
    let path = root.join(REPORT_FILE);
    let tmp = root.join(format!(".{REPORT_FILE}.{}.partial", std::process::id()));
    std::fs::write(&tmp, report.to_json()).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    Ok(report)
}

/// A new archive's folder name: `<network>-<account's native id>` (or
/// `<network>-unattributed-<sha256 prefix>`), made of letters (any script), digits,
/// `-`, `_`, `.` (anything else becomes `_`), and not yet taken in the folder.
fn new_name(
    network: &str,
    account: Option<&str>,
    sha256: &str,
    taken: &mut std::collections::HashSet<String>,
) -> String {
    let clean = |s: &str| -> String {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                out.push(c);
            } else if !out.ends_with('_') {
                out.push('_');
            }
        }
        out.trim_matches(|c| c == '_' || c == '.')
            .chars()
            .take(80)
            .collect()
    };
    let base = match account {
        Some(a) => {
            let native = a.splitn(3, ':').nth(2).unwrap_or(a);
            format!("{}-{}", clean(network), clean(native))
        }
        None => format!(
            "{}-unattributed-{}",
            clean(network),
            sha256.chars().take(16).collect::<String>()
        ),
    };
    let base = if base.trim_matches('-').is_empty() {
        "archive".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(name.to_lowercase());
    name
}
