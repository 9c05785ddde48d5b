//! Bluesky / AT Protocol repositories: the `repo.car` of "Export my data"
//! (`com.atproto.sync.getRepo`), every repository version seen on the network
//! (v2 with commit history, v3), plus a folder of blobs named by CID beside it.
//!
//! The CAR is read in one pass into a spool ([`car`]), every block checked against its
//! CID; the MST ([`mst`]) is walked from `roots[0]`'s commit to list every record by
//! collection and record key; records are decoded ([`cbor`]) and mapped
//! (`records`). The format readers are in [`crate::atproto`]. See `formats/bluesky/README.md` for the field crosswalk.

mod given;
mod records;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use serde_json::Value;

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{record_id, Kind, Media, Record, Source};

use crate::atproto::car::{looks_like_car, CarStore};
use crate::atproto::cid::Cid;
#[cfg(doc)]
use crate::atproto::{car, cbor, mst};

pub(crate) const NET: &str = "bluesky";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "repo v3 (2023+): CAR v1, signed commit with rev, MST of records",
    "repo v2 (early 2023): CAR v1 whose older exports hold the commit history; only roots[0] counts",
];

/// bluesky: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
        name: "bluesky",
        description: "Bluesky / AT Protocol repository (repo.car from \"Export my data\"), with a folder of blobs",
        generations: GENERATIONS,
        detect,
        sniff: Some(sniff),
        make,
};

/// Warnings of one kind listed one by one before they are only counted.
const WARN_EACH: usize = 20;

/// Score how sure we are that these entries are a Bluesky repository export.
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    entries.iter().any(|e| is_car_name(&e.name)).then_some(90)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    Box::new(Bluesky {
        single: entries.len() == 1,
        ..Bluesky::default()
    })
}

/// How sure we are that an entry is a repository CAR, from its first bytes (for a CAR
/// not named `.car`).
pub(crate) fn sniff(_name: &str, head: &[u8]) -> Option<u8> {
    looks_like_car(head).then_some(80)
}

fn is_car_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".car")
}

/// The CID a blob file is named by (`goat blob export` names files by CID, maybe
/// with an extension).
fn blob_cid_of_name(name: &str) -> Option<Cid> {
    let file = name.rsplit('/').next()?;
    let stem = file.split('.').next()?;
    if !stem.starts_with("baf") {
        return None;
    }
    Cid::parse(stem).ok()
}

/// A blob file of the dump.
#[derive(Clone, Debug)]
struct BlobFile {
    entry: String,
    stored: Stored,
}

/// The blob files of the dump and which were used.
#[derive(Default)]
struct Blobs {
    /// By CID text: files whose bytes hash to their name.
    files: HashMap<String, BlobFile>,
    /// By CID text: files whose bytes do not hash to their name.
    bad: HashMap<String, String>,
    /// CIDs already given a media record.
    used: HashSet<String>,
}

/// The Bluesky importer.
#[derive(Default)]
pub struct Bluesky {
    single: bool,
    /// Entries recognised as CAR files by their header.
    sniffed: HashSet<String>,
    blobs: Blobs,
    cars: u64,
    versions: BTreeMap<i64, u64>,
    /// The record ids of a repository lifeboat exported (`mapping.jsonl`).
    given: given::Given,
}

impl Importer for Bluesky {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        "AT Protocol repository (CAR v1; repo v2 and v3)".into()
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        if given::is_mapping_name(&e.name) {
            return Plan::Parse {
                phase: 5,
                role: "lifeboat's mapping of the record ids of an export".into(),
            };
        }
        if is_car_name(&e.name) || self.sniffed.contains(&e.name) {
            return Plan::Parse {
                phase: 10,
                role: "repository (CAR)".into(),
            };
        }
        if blob_cid_of_name(&e.name).is_some() {
            return Plan::Media {
                role: "blob".into(),
            };
        }
        if self.single {
            // `--network bluesky` on a single file not named .car
            return Plan::Parse {
                phase: 10,
                role: "repository (CAR)".into(),
            };
        }
        Plan::Carry {
            role: "not a repository or a blob: kept verbatim".into(),
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        if given::is_mapping_name(&e.name) {
            self.given.read(&e.name, r, cx)?;
            return Ok(0);
        }
        self.cars += 1;
        let mut store = CarStore::read(r, &e.name, cx.limits, cx.spool_dir)?;
        records::import_repo(
            &e.name,
            &mut store,
            &mut self.blobs,
            cx,
            &mut self.versions,
            &self.given,
        )
    }

    fn media(&mut self, e: &Entry, stored: &Stored, cx: &mut Context) -> Result<()> {
        let Some(cid) = blob_cid_of_name(&e.name) else {
            return Ok(());
        };
        let key = cid.to_string();
        match cid.matches_sha256_hex(&stored.sha256) {
            Some(true) => {
                self.blobs.files.insert(
                    key,
                    BlobFile {
                        entry: e.name.clone(),
                        stored: stored.clone(),
                    },
                );
            }
            Some(false) => {
                cx.report.warn(format!(
                    "blob {} does not match its CID (sha256 {}): not linked to any record",
                    e.name, stored.sha256
                ));
                self.blobs.bad.insert(key, e.name.clone());
            }
            None => {
                cx.report.warn(format!(
                    "blob {}: its CID uses a hash lifeboat cannot check; linked unverified",
                    e.name
                ));
                self.blobs.files.insert(
                    key,
                    BlobFile {
                        entry: e.name.clone(),
                        stored: stored.clone(),
                    },
                );
            }
        }
        Ok(())
    }

    fn claim_sniffed(&mut self, entries: Vec<String>) {
        self.sniffed.extend(entries);
    }

    /// A repository is the account's whole public data: every collection it can hold
    /// (posts, likes, reposts, follows, blocks, lists, profile), with every blob its
    /// records name. Chats are not in it.
    fn covers(&self, _entry: &str, _role: &str) -> super::Cover {
        super::Cover::Complete(&["account", "post", "media", "reaction", "relationship"])
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        for name in &self.sniffed {
            cx.report.warn(format!(
                "{name}: not named .car, recognised as a CAR by its header"
            ));
        }
        // blob files no record referred to: kept as media of their own
        let mut rest: Vec<(&String, &BlobFile)> = self
            .blobs
            .files
            .iter()
            .filter(|(k, _)| !self.blobs.used.contains(*k))
            .collect();
        rest.sort_by(|a, b| a.0.cmp(b.0));
        for (cid, f) in rest {
            let mut m = Media {
                id: record_id(NET, Kind::Media, cid),
                network: NET.into(),
                kind: "document".into(),
                source: Source::entry(&f.entry),
                ..Default::default()
            };
            m.set_file(
                f.entry.clone(),
                f.stored.sha256.clone(),
                f.stored.bytes,
                f.stored.path.clone(),
            );
            m.ext.insert(
                "unreferenced",
                Value::String("no record of the repository refers to this blob".into()),
            );
            cx.emit(Record::Media(m))?;
        }
        if self.cars == 0 {
            cx.report
                .warn("no repository (.car) in the dump: only blobs were read");
        }
        if self.versions.len() > 1 {
            cx.report.warn(format!(
                "repositories of several versions in one dump: {:?}",
                self.versions
            ));
        }
        Ok(())
    }
}

/// A corrupt repository: an error that stops the import of this CAR.
pub(crate) fn corrupt(name: &str, message: impl Into<String>) -> Error {
    Error::Container {
        path: name.to_string(),
        message: message.into(),
    }
}
