//! What became of every WARC record: one JSON line per record (its offset, type,
//! URI, date, id, and fate), carried into the archive beside the WARC as
//! `<entry>.lifeboat-records.jsonl`, and counted by fate for the report.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::record::{Gap, Head};
use crate::error::{Error, Result};

/// The ledger of one WARC entry.
pub(crate) struct Ledger {
    path: PathBuf,
    out: BufWriter<File>,
    /// Records by fate.
    pub counts: BTreeMap<&'static str, u64>,
    /// Records read (gaps are not records).
    pub records: u64,
}

impl Ledger {
    pub(crate) fn new(dir: &Path) -> Result<Ledger> {
        let path = dir.join("ledger.jsonl");
        let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Ledger {
            path,
            out: BufWriter::new(f),
            counts: BTreeMap::new(),
            records: 0,
        })
    }

    fn line(&mut self, v: Value) -> Result<()> {
        let mut s = v.to_string();
        s.push('\n');
        self.out
            .write_all(s.as_bytes())
            .map_err(|e| Error::io(&self.path, e))
    }

    /// A record and its fate (`page`, `media`, `request`, …), with details.
    pub(crate) fn note(&mut self, head: &Head, fate: &'static str, detail: Value) -> Result<()> {
        self.records += 1;
        *self.counts.entry(fate).or_default() += 1;
        let mut v = json!({
            "offset": head.offset,
            "type": head.kind(),
            "fate": fate,
        });
        for (k, name) in [
            ("uri", "WARC-Target-URI"),
            ("date", "WARC-Date"),
            ("record_id", "WARC-Record-ID"),
        ] {
            if let Some(x) = head.get(name) {
                v[k] = Value::String(x.to_string());
            }
        }
        if let Value::Object(d) = detail {
            for (k, x) in d {
                v[k] = x;
            }
        }
        self.line(v)
    }

    /// A record that could not be read at all (its header is broken or cut short).
    pub(crate) fn broken(&mut self, offset: u64, why: &str) -> Result<()> {
        self.records += 1;
        *self.counts.entry("unreadable").or_default() += 1;
        self.line(json!({"offset": offset, "fate": "unreadable", "reason": why}))
    }

    /// Bytes between records that are no record.
    pub(crate) fn gap(&mut self, g: &Gap) -> Result<()> {
        self.line(json!({"offset": g.offset, "fate": "not a record", "bytes": g.bytes}))
    }

    /// Close the ledger; returns its file.
    pub(crate) fn finish(mut self) -> Result<(PathBuf, BTreeMap<&'static str, u64>, u64)> {
        self.out.flush().map_err(|e| Error::io(&self.path, e))?;
        Ok((self.path, self.counts, self.records))
    }
}

/// `12 records: 4 page, 3 media, 4 request, 1 warcinfo`.
pub(crate) fn summary(counts: &BTreeMap<&'static str, u64>, records: u64) -> String {
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    format!("{records} WARC records: {}", parts.join(", "))
}
