//! The combined report of a batch: what became of every dump, every archive, and the
//! records of all of them (`batch-report.json` in the batch's folder).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Kind;
use crate::report::RecordCounts;

/// What became of one dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Imported into a new archive.
    Imported,
    /// Merged into an archive that held earlier exports of its account.
    Merged,
    /// Not imported again: an archive of the batch already holds it (same SHA-256), or
    /// it was given twice.
    Skipped,
    /// Not imported, with why (a corrupt or unknown dump, a limit, `strict`, …).
    Failed,
}

impl Outcome {
    /// Its name in the report (`imported`, `merged`, `skipped`, `failed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Imported => "imported",
            Outcome::Merged => "merged",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
        }
    }
}

/// One dump of a batch and its outcome.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct DumpOutcome {
    /// The dump (its first part when it is the parts of one export).
    pub path: String,
    /// The other parts, when the dump is the parts of one export.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// What became of it.
    pub outcome: Outcome,
    /// Why it failed or was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The dump's SHA-256 (of its first part), when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Its network, once recognised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Its export generation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generation: Option<String>,
    /// The owner account it was filed under (its record id), when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The archive (a folder of the batch's folder) that holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    /// Its source id in that archive (`data/reports/<id>.json` is its import report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// The dump's date, which orders the exports of one account (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// How the date was found: `newest record` (the latest time a record of it
    /// carries) or `file time` (its modification time, when no record has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dated_by: Option<&'static str>,
    /// Its records per kind (`read = converted + kept_raw + skipped`), for a dump
    /// imported or merged.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub records: BTreeMap<Kind, RecordCounts>,
    /// Warnings of its import report (the report in the archive has them all).
    pub warnings: u64,
    /// What the batch noticed about it (an export older than what its archive held).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Seconds spent importing it (not counting the look at it first).
    pub seconds: f64,
}

impl DumpOutcome {
    pub(crate) fn new(parts: &[std::path::PathBuf], outcome: Outcome) -> DumpOutcome {
        let mut names = parts.iter().map(|p| p.display().to_string());
        DumpOutcome {
            path: names.next().unwrap_or_default(),
            parts: names.collect(),
            outcome,
            reason: None,
            sha256: None,
            network: None,
            generation: None,
            account: None,
            archive: None,
            source_id: None,
            date: None,
            dated_by: None,
            records: BTreeMap::new(),
            warnings: 0,
            notes: Vec::new(),
            seconds: 0.0,
        }
    }
}

/// Something in a folder of dumps that is not a dump.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct NotADump {
    /// Its path.
    pub path: String,
    /// Why it was passed over.
    pub reason: String,
}

/// One archive of the batch's folder that this run wrote or exported.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct ArchiveOutcome {
    /// Its folder's name in the batch's folder.
    pub name: String,
    /// Its id ([`crate::Archive::id`]; its Parquet files' names).
    pub id: String,
    /// The owner account its dumps were filed under (none: one dump that does not
    /// say whose it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The dumps it holds now.
    pub dumps: usize,
    /// The dumps this run added.
    pub added: usize,
    /// The Parquet export: `exported`, or why it failed; none without `parquet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parquet: Option<String>,
}

/// The totals of a batch.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct Totals {
    /// Dumps per outcome.
    pub dumps: BTreeMap<Outcome, usize>,
    /// Records per kind of the dumps imported or merged in this run.
    pub records: BTreeMap<Kind, RecordCounts>,
    /// Every kind's `read = converted + kept_raw + skipped`.
    pub balanced: bool,
}

/// The combined report of a batch.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct BatchReport {
    /// `lifeboat <version>`.
    pub tool: String,
    /// The batch's folder (one archive per account in it).
    pub root: String,
    /// When the run started and ended (RFC 3339).
    pub started_at: String,
    /// See `started_at`.
    pub finished_at: String,
    /// Imports at a time.
    pub jobs: usize,
    /// The run was interrupted: the dumps it did not reach are `failed` with that
    /// reason, and the next run imports them.
    pub interrupted: bool,
    /// Every dump, in the order found.
    pub dumps: Vec<DumpOutcome>,
    /// What a folder of dumps held that is not a dump.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_dumps: Vec<NotADump>,
    /// The archives this run wrote or exported.
    pub archives: Vec<ArchiveOutcome>,
    /// The Parquet folder every archive was exported into, if asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parquet: Option<String>,
    /// The totals.
    pub totals: Totals,
}

impl BatchReport {
    /// The report as JSON (the form of `batch-report.json`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// True when no dump failed (the command exits 0 then).
    pub fn ok(&self) -> bool {
        !self.interrupted && self.dumps.iter().all(|d| d.outcome != Outcome::Failed)
    }

    /// Fill in the totals from the dumps.
    pub(crate) fn total(&mut self) {
        let mut t = Totals::default();
        for d in &self.dumps {
            *t.dumps.entry(d.outcome).or_default() += 1;
            for (k, c) in &d.records {
                let s = t.records.entry(*k).or_default();
                s.read += c.read;
                s.converted += c.converted;
                s.kept_raw += c.kept_raw;
                s.skipped += c.skipped;
            }
        }
        t.balanced = t.records.values().all(RecordCounts::balanced);
        self.totals = t;
    }
}
