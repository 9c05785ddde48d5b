//! One id, one record: the guard every import's records pass through.
//!
//! An archive never holds two records with one id, and no readable item is dropped
//! because its id is taken. Importers that can tell which of two items is the
//! better-formed one settle a clash themselves (WordPress holds a typeless stub back
//! until the real item has taken the id; X folds two items of one conversation into
//! one record) and give the other a derived id with [`derived_id`]. Whatever reaches
//! the sink with an id already written is the later one: it keeps its content, gets
//! the next free derived id (`<id>~dup-2`, `~dup-3`, …, stable for a given dump),
//! says the id it was given in `ext.id_clash`, and the report lists it in
//! `id_clashes` (see `docs/decisions.md`).
//!
//! The guard also notes whether the entry being parsed was carried by its importer,
//! so that an entry read and then carried has the one fate `carried`.

use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::Path;

use super::idset::IdSet;
use super::{Sink, Stored};
use crate::error::Result;
use crate::model::{Kind, Record};
use crate::report::Report;

/// The id a record gets when `id` is taken: `<id>~dup-<n>` (`n` from 2).
pub fn derived_id(id: &str, n: u64) -> String {
    format!("{id}~dup-{n}")
}

/// A 128-bit digest of an id (two SipHash-2-4 runs with different prefixes): the set
/// of ids seen holds 16 bytes per record instead of the string, and two different ids
/// share a digest with a probability far below that of a disk error.
fn digest(id: &str) -> u128 {
    let half = |salt: u8| {
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new_with_keys(0x6c69_6665_626f_6174, u64::from(salt));
        id.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// Wraps the sink of an import: every record id is written once (and the entry being
/// parsed is watched for being carried).
pub(crate) struct UniqueIds<'a> {
    inner: &'a mut dyn Sink,
    seen: IdSet,
    clashes: Vec<(String, String, String)>,
    count: u64,
    /// The entry being parsed, and whether the importer carried it.
    watched: Option<(String, bool)>,
}

impl<'a> UniqueIds<'a> {
    /// `spool`: where the set of ids spills when it grows (see [`IdSet`]).
    pub(crate) fn new(inner: &'a mut dyn Sink, spool: Option<&Path>) -> Self {
        UniqueIds {
            inner,
            seen: IdSet::new(spool),
            clashes: Vec::new(),
            count: 0,
            watched: None,
        }
    }

    /// The entry about to be parsed: note whether the importer carries it.
    pub(crate) fn watch(&mut self, entry: &str) {
        self.watched = Some((entry.to_string(), false));
    }

    /// True when the watched entry was carried while it was parsed.
    pub(crate) fn watched_was_carried(&mut self) -> bool {
        self.watched.take().is_some_and(|(_, c)| c)
    }

    /// Put the clashes settled here into the report.
    pub(crate) fn report(self, report: &mut Report) {
        for (id, kept_as, location) in self.clashes {
            report.id_clash(
                id,
                kept_as,
                location,
                "a record with this id had already been written",
            );
        }
        if self.count > 0 {
            report.warn(format!(
                "{} record(s) had the id of a record written before them; each was kept under a derived id (`<id>~dup-<n>`, listed in id_clashes)",
                self.count
            ));
        }
    }
}

impl Sink for UniqueIds<'_> {
    fn record(&mut self, mut r: Record) -> Result<()> {
        if !self.seen.insert(digest(r.id()))? {
            let original = r.id().to_string();
            let mut n = 2;
            let new = loop {
                let cand = derived_id(&original, n);
                if self.seen.insert(digest(&cand))? {
                    break cand;
                }
                n += 1;
            };
            let location = r.source_location();
            r.set_id(new.clone());
            r.ext_mut().insert_string("id_clash", original.clone());
            self.count += 1;
            if self.clashes.len() < crate::report::DETAIL_CAP {
                self.clashes.push((original, new, location));
            }
        }
        self.inner.record(r)
    }
    fn store_media(&mut self, name: &str, r: &mut dyn Read) -> Result<Stored> {
        self.inner.store_media(name, r)
    }
    fn carry(&mut self, name: &str, r: &mut dyn Read) -> Result<()> {
        if let Some((w, carried)) = &mut self.watched {
            if w == name {
                *carried = true;
            }
        }
        self.inner.carry(name, r)
    }
    fn keep_raw(&mut self, kind: Kind, location: &str, reason: &str, raw: &[u8]) -> Result<()> {
        self.inner.keep_raw(kind, location, reason, raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::NullSink;
    use crate::model::{Post, Source};

    fn post(id: &str, index: u64) -> Record {
        Record::Post(Post {
            id: id.into(),
            source: Source::at("posts.json", index),
            ..Post::default()
        })
    }

    /// A sink that keeps the records it is given.
    #[derive(Default)]
    struct Keep(Vec<Record>);
    impl Sink for Keep {
        fn record(&mut self, r: Record) -> Result<()> {
            self.0.push(r);
            Ok(())
        }
        fn store_media(&mut self, n: &str, r: &mut dyn Read) -> Result<Stored> {
            NullSink::default().store_media(n, r)
        }
        fn carry(&mut self, _: &str, _: &mut dyn Read) -> Result<()> {
            Ok(())
        }
        fn keep_raw(&mut self, _: Kind, _: &str, _: &str, _: &[u8]) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn later_twins_get_the_next_free_derived_id() {
        let mut keep = Keep::default();
        let mut g = UniqueIds::new(&mut keep, None);
        for (i, id) in [
            "x:post:1",
            "x:post:1",
            "x:post:1~dup-3",
            "x:post:1",
            "x:post:2",
        ]
        .iter()
        .enumerate()
        {
            g.record(post(id, i as u64)).unwrap();
        }
        let mut report = Report::default();
        g.report(&mut report);
        let ids: Vec<&str> = keep.0.iter().map(Record::id).collect();
        assert_eq!(
            ids,
            [
                "x:post:1",
                "x:post:1~dup-2",
                "x:post:1~dup-3",
                "x:post:1~dup-4",
                "x:post:2"
            ]
        );
        let Record::Post(p) = &keep.0[1] else {
            panic!()
        };
        assert_eq!(p.ext.get_str("id_clash").as_deref(), Some("x:post:1"));
        assert_eq!(report.id_clashes.len(), 2);
        assert_eq!(report.id_clashes[0].kept_as, "x:post:1~dup-2");
        assert_eq!(report.id_clashes[0].location, "posts.json#1");
        assert_eq!(report.repairs.get("duplicate_id"), Some(&2));
        assert_eq!(report.warnings.len(), 1);
    }

    #[test]
    fn digests_differ_for_near_ids() {
        assert_ne!(digest("a"), digest("b"));
        assert_ne!(digest("x:post:1"), digest("x:post:1~dup-2"));
        assert_eq!(digest("x:post:1"), digest("x:post:1"));
    }
}
