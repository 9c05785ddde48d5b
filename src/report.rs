//! The import report: every record and every entry of a dump accounted for.
//!
//! For every record kind `read = converted + kept_raw + skipped`; every entry is
//! `parsed`, stored as `media`, `carried` raw into the archive, or `ignored` with a
//! reason. Skips carry a reason and a location. The [`Coverage`] says what the dump is
//! a complete snapshot of, so that a later export's silence can be read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Kind;

/// How many details are listed before only counting.
pub const DETAIL_CAP: usize = 10_000;

/// Counts for one record kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCounts {
    /// Records found in the dump.
    pub read: u64,
    /// Records mapped into the model.
    pub converted: u64,
    /// Records kept verbatim because they could not be mapped (in `data/raw/`).
    pub kept_raw: u64,
    /// Records that could not be read or used, each with a reason in `skips`.
    pub skipped: u64,
}

impl RecordCounts {
    /// `read == converted + kept_raw + skipped`.
    pub fn balanced(&self) -> bool {
        self.read == self.converted + self.kept_raw + self.skipped
    }
}

/// Counts of the dump's entries by what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryCounts {
    /// Every entry (directories are not entries).
    pub total: u64,
    /// Read for records.
    pub parsed: u64,
    /// Stored as media.
    pub media: u64,
    /// Copied verbatim into `data/sources/`.
    pub carried: u64,
    /// Neither, with a reason in `entry_list`.
    pub ignored: u64,
    /// Of the ignored, those the container refused to open (an unsafe or impossible
    /// name, a link, a duplicate name, an unsupported compression): data the dump holds
    /// that the archive does not. `--strict` fails on them.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub refused: u64,
}

/// What became of one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryFate {
    /// Read for records.
    Parsed,
    /// Stored as media.
    Media,
    /// Copied verbatim into the archive.
    Carried,
    /// Not used (the reason says why).
    Ignored,
}

/// One entry of the dump and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryReport {
    /// Path in the dump.
    pub path: String,
    /// Declared size.
    pub bytes: u64,
    /// What became of it.
    pub fate: EntryFate,
    /// What the importer took it for (`tweets`, `like`, `viewer asset`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Why it was ignored, or what went wrong reading it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Records read from it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub records: u64,
    /// The scopes this entry makes the dump a complete snapshot of (`post`,
    /// `reaction:like`, `media:tweets`; see [`Coverage`]), present even when it is empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A record that was skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skip {
    /// The record kind it would have been.
    pub kind: Kind,
    /// Why.
    pub reason: String,
    /// Where: `entry#index` (or `entry` for a whole entry).
    pub location: String,
}

/// The dump the report is about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Path as given.
    pub path: String,
    /// SHA-256 of the dump file (for a folder: of its sorted `sha256  path` listing).
    pub sha256: String,
    /// Size in bytes (for a folder: sum of its files).
    pub bytes: u64,
    /// `zip`, `tar.gz`, `folder`, `file`.
    pub container: String,
    /// The other parts, when the export came in several (this entry is the first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<SourceInfo>,
}

/// The import report.
///
/// Its JSON form (`--report FILE`, and `data/reports/<source>.json` in the archive) is
/// a contract (DESIGN.md §3, `schema/`): keys are only ever added. The struct is
/// `#[non_exhaustive]` for the same reason: read its fields, build it with
/// `Report::default()`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The network (`twitter`).
    pub network: String,
    /// The export generation detected (e.g. `G3 (2022+, tweets.js)`).
    #[serde(default)]
    pub generation: String,
    /// The dump.
    pub source: SourceInfo,
    /// lifeboat version that made the report.
    #[serde(default)]
    pub tool: String,
    /// When the import ran.
    #[serde(default)]
    pub imported_at: String,
    /// Record counts by kind (in JSON: the singular kind names, `"post"`; the map
    /// reads by [`Kind`] or by name: `records["post"]`).
    pub records: BTreeMap<Kind, RecordCounts>,
    /// Entry counts.
    pub entries: EntryCounts,
    /// Every entry and what became of it (of the ignored entries, the first
    /// [`DETAIL_CAP`]; the rest are counted in `ignored_unlisted`).
    #[serde(default)]
    pub entry_list: Vec<EntryReport>,
    /// Ignored entries past the first [`DETAIL_CAP`], counted by reason (a dump of a
    /// million stray files must not make a report of a million lines).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ignored_unlisted: BTreeMap<String, u64>,
    /// Ignored entries seen so far (for the cap of `entry_list`).
    #[serde(skip)]
    pub(crate) ignored_listed: u64,
    /// Skipped records with reason and location (the first [`DETAIL_CAP`]).
    pub skips: Vec<Skip>,
    /// Skips by reason, all of them.
    #[serde(default)]
    pub skip_reasons: BTreeMap<String, u64>,
    /// Repairs made, by kind (`encoding`, `mojibake`, `html_entities`, ...).
    pub repairs: BTreeMap<String, u64>,
    /// Things worth knowing: count mismatches, missing media, ...
    pub warnings: Vec<String>,
    /// Media files the dump references but does not contain (the first
    /// [`DETAIL_CAP`]; every one is also a media record with `missing: true`).
    #[serde(default)]
    pub missing_media: Vec<String>,
    /// Number of missing media files.
    #[serde(default)]
    pub missing_media_count: u64,
    /// Counts the export declares about itself (X `manifest.js`, `tweet-headers.js`,
    /// Mastodon `totalItems`, …) against what was read.
    #[serde(default)]
    pub reconciliation: Vec<Reconciliation>,
    /// Records whose id was already taken by another record of the dump: each was
    /// kept under a derived id (the first [`DETAIL_CAP`]; all are counted in
    /// `repairs.duplicate_id`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id_clashes: Vec<IdClash>,
    /// Entries that could not be read as what they were taken for (not well-formed
    /// XML or JSON): where the parser stopped. When nothing of a dump could be read
    /// and one of these is why, the import fails with the first one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// What the dump is a complete snapshot of: which records a later export of the
    /// same account can be said to no longer hold. Reports written before lifeboat
    /// stated coverage read as `unknown`.
    #[serde(default)]
    pub coverage: Coverage,
}

/// Two items of a dump with one id: the one that keeps it and where the other went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdClash {
    /// The id both items had.
    pub id: String,
    /// The derived id the second item was kept under.
    pub kept_as: String,
    /// Where that item is in the dump.
    pub location: String,
    /// Why this one gave way (it came later, or it was the worse-formed one).
    pub reason: String,
}

/// An entry whose parser stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// The entry.
    pub entry: String,
    /// The byte offset where the parser stopped.
    pub position: u64,
    /// What the parser said.
    pub message: String,
}

/// Whether the importer could say what a dump covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    /// The importer states, entry by entry, what the dump is a complete snapshot of.
    Known,
    /// It cannot (a filtered export that does not say what it left out, or a report
    /// written before lifeboat stated coverage): no merge marks anything absent on the
    /// strength of this dump.
    #[default]
    Unknown,
}

/// What a dump is a complete snapshot of, for its own network and account.
///
/// A **scope** is a record kind (`post`, `account`, …), or a kind and a subkind
/// (`reaction:like`, `relationship:following`, `post:comments`). For relationships and
/// reactions the subkind is the record's own `kind`; for the other kinds it names the
/// family of files the record came from (the entry its `source.entry` names declared
/// it). A record is *covered* by a dump when the dump is complete for its kind, or for
/// its kind and subkind. When a newer dump of the same account does not hold a covered
/// record, the record is absent from that account's data (`source.absent_since`); when
/// the dump does not cover it, its absence says nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// `known` or `unknown`.
    #[serde(default)]
    pub status: CoverageStatus,
    /// Why the coverage is unknown, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The account the dump belongs to (its owner's record id), when the dump names
    /// it. Empty when the dump does not say whose it is (a lone CSV list).
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Scopes the dump is a complete snapshot of, each with the number of entries that
    /// declared it (`entry_list[].covers` names them).
    #[serde(default)]
    pub complete: BTreeMap<String, u64>,
    /// Scopes an entry declared but the dump cannot vouch for, with why (records of
    /// that kind in that entry could not be read).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub partial: BTreeMap<String, String>,
    /// Records the dump holds that no complete scope covers, by scope (`kind`,
    /// `kind:subkind`; `kind (network)` for records of another network, as Threads
    /// inside an Instagram export): whether a later export still holds them says
    /// nothing.
    #[serde(default)]
    pub not_covered: BTreeMap<String, u64>,
}

impl Coverage {
    /// True when a record of `kind` with one of `subkinds` is covered (see the type).
    pub fn covers(&self, kind: &str, subkinds: &[&str]) -> bool {
        self.status == CoverageStatus::Known
            && (self.complete.contains_key(kind)
                || subkinds
                    .iter()
                    .any(|s| self.complete.contains_key(&format!("{kind}:{s}"))))
    }
}

/// A count the export declares about itself, compared with what was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// What is counted (`manifest.js: data/tweets.js`).
    pub what: String,
    /// The count the export declares.
    pub declared: u64,
    /// What was read.
    pub found: u64,
    /// `declared == found`.
    pub ok: bool,
    /// Why a difference may be expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Report {
    /// Counts of a kind (created on first use).
    pub fn counts(&mut self, kind: Kind) -> &mut RecordCounts {
        self.records.entry(kind).or_default()
    }

    /// Record that a record was read and converted.
    pub fn converted(&mut self, kind: Kind) {
        let c = self.counts(kind);
        c.read += 1;
        c.converted += 1;
    }

    /// Record that a record was read and kept raw.
    pub fn kept_raw(&mut self, kind: Kind) {
        let c = self.counts(kind);
        c.read += 1;
        c.kept_raw += 1;
    }

    /// Record that a record was read and skipped.
    pub fn skipped(&mut self, kind: Kind, reason: impl Into<String>, location: impl Into<String>) {
        let c = self.counts(kind);
        c.read += 1;
        c.skipped += 1;
        let reason = reason.into();
        let short: String = reason.chars().take(80).collect();
        *self.skip_reasons.entry(short).or_default() += 1;
        if self.skips.len() < DETAIL_CAP {
            self.skips.push(Skip {
                kind,
                reason,
                location: location.into(),
            });
        }
    }

    /// Count a repair.
    pub fn repair(&mut self, what: &str) {
        *self.repairs.entry(what.to_string()).or_default() += 1;
    }

    /// Add a warning.
    pub fn warn(&mut self, w: impl Into<String>) {
        if self.warnings.len() < DETAIL_CAP {
            self.warnings.push(w.into());
        }
    }

    /// Compare a count the export declares with what was read.
    pub fn reconcile(
        &mut self,
        what: impl Into<String>,
        declared: u64,
        found: u64,
        note: Option<&str>,
    ) {
        self.reconciliation.push(Reconciliation {
            what: what.into(),
            declared,
            found,
            ok: declared == found,
            note: note.map(str::to_string),
        });
    }

    /// Note that a record was kept under `kept_as` because `id` was taken.
    pub fn id_clash(
        &mut self,
        id: impl Into<String>,
        kept_as: impl Into<String>,
        location: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.repair("duplicate_id");
        if self.id_clashes.len() < DETAIL_CAP {
            self.id_clashes.push(IdClash {
                id: id.into(),
                kept_as: kept_as.into(),
                location: location.into(),
                reason: reason.into(),
            });
        }
    }

    /// Note that an entry is not well-formed from `position` on.
    pub fn unreadable(
        &mut self,
        entry: impl Into<String>,
        position: u64,
        message: impl Into<String>,
    ) {
        if self.unreadable.len() < DETAIL_CAP {
            self.unreadable.push(Unreadable {
                entry: entry.into(),
                position,
                message: message.into(),
            });
        }
    }

    /// Records read and kept (converted or raw), all kinds.
    pub fn kept_total(&self) -> u64 {
        self.records
            .values()
            .map(|c| c.converted + c.kept_raw)
            .sum()
    }

    /// Note a referenced media file that is not in the dump.
    pub fn missing_media(&mut self, what: impl Into<String>) {
        self.missing_media_count += 1;
        if self.missing_media.len() < DETAIL_CAP {
            self.missing_media.push(what.into());
        }
    }

    /// Record what became of an entry.
    pub fn entry(&mut self, e: EntryReport) {
        self.entries.total += 1;
        match e.fate {
            EntryFate::Parsed => self.entries.parsed += 1,
            EntryFate::Media => self.entries.media += 1,
            EntryFate::Carried => self.entries.carried += 1,
            EntryFate::Ignored => self.entries.ignored += 1,
        }
        if e.fate == EntryFate::Ignored {
            self.ignored_listed += 1;
            if self.ignored_listed > DETAIL_CAP as u64 {
                let why = e.reason.unwrap_or_default();
                *self.ignored_unlisted.entry(why).or_default() += 1;
                return;
            }
        }
        self.entry_list.push(e);
    }

    /// Every record kind balances and every entry is accounted for.
    pub fn balanced(&self) -> bool {
        let e = &self.entries;
        self.records.values().all(RecordCounts::balanced)
            && e.total == e.parsed + e.media + e.carried + e.ignored
    }

    /// Total skipped records.
    pub fn skipped_total(&self) -> u64 {
        self.records.values().map(|c| c.skipped).sum()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
