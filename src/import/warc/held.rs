//! Records held until every capture is read: the same page captured on several days
//! gives the same records several times. Each version is written to a spool file
//! (one JSON line) and only its id, capture time and place are kept in memory; when
//! the dump is read, the versions of each id are folded oldest to newest by the rule
//! archive merges follow (`archive::merge_record`): the newest capture wins, a text
//! that changed becomes history, fields only an older capture had are kept. Every
//! capture that showed the record is listed in `ext.captures`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{Kind, Record, Timestamp};

/// Where a version came from: one capture.
#[derive(Clone, Debug)]
pub(crate) struct Capture {
    /// `WARC-Date`.
    pub captured_at: Option<Timestamp>,
    /// The WARC entry.
    pub warc: String,
    /// The record's offset in the (decompressed) WARC.
    pub offset: u64,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// The URL captured.
    pub url: String,
    /// A revisit record (the content is that of an earlier capture).
    pub revisit: bool,
}

impl Capture {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(t) = &self.captured_at {
            m.insert("captured_at".into(), Value::String(t.to_rfc3339()));
        }
        m.insert("url".into(), Value::String(self.url.clone()));
        m.insert("warc".into(), Value::String(self.warc.clone()));
        m.insert("offset".into(), Value::from(self.offset));
        if let Some(r) = &self.record_id {
            m.insert("record_id".into(), Value::String(r.clone()));
        }
        if self.revisit {
            m.insert("revisit".into(), Value::Bool(true));
        }
        Value::Object(m)
    }
}

/// One version of a record in the spool (24 bytes: a crawl holds millions).
struct Version {
    offset: u64,
    seq: u32,
    len: u32,
    capture: u32,
}

/// The captures listed in `ext.captures`, at most (a friend shown on every page of a
/// crawl would list thousands): `ext.capture_count` gives the whole number.
const MAX_LISTED: usize = 50;

/// The spool of held records.
pub(crate) struct Held {
    dir: Option<PathBuf>,
    out: Option<BufWriter<File>>,
    pos: u64,
    seq: u64,
    /// Record id → its place in `records` (the id is kept once, here).
    index: HashMap<String, usize>,
    /// Each record's kind and versions, in first-seen order.
    records: Vec<(Kind, Vec<Version>)>,
    captures: Vec<Capture>,
    /// Captures shown again by revisits: the original capture → the revisits.
    revisits: HashMap<u32, Vec<u32>>,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.out = None;
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

impl Default for Held {
    fn default() -> Self {
        Held::new()
    }
}

impl Held {
    /// When capture `i` was made.
    pub(crate) fn captured_at(&self, i: usize) -> Option<Timestamp> {
        self.captures.get(i).and_then(|c| c.captured_at)
    }

    pub(crate) fn new() -> Self {
        Held {
            dir: None,
            out: None,
            pos: 0,
            seq: 0,
            index: HashMap::new(),
            records: Vec::new(),
            captures: Vec::new(),
            revisits: HashMap::new(),
        }
    }

    fn file(&mut self, spool: Option<&Path>) -> Result<&mut BufWriter<File>> {
        if self.out.is_none() {
            let base = spool
                .map(Path::to_path_buf)
                .unwrap_or_else(std::env::temp_dir);
            let dir = crate::container::unique_dir(&base, "captures")?;
            let path = dir.join("held.jsonl");
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            self.dir = Some(dir);
            self.out = Some(BufWriter::new(f));
        }
        self.out
            .as_mut()
            .ok_or_else(|| Error::Usage("no spool".into()))
    }

    /// Register a capture; returns its number.
    pub(crate) fn capture(&mut self, c: Capture) -> usize {
        self.captures.push(c);
        self.captures.len() - 1
    }

    /// Hold one version of a record, seen in capture `capture`.
    pub(crate) fn hold(&mut self, r: Record, capture: usize, spool: Option<&Path>) -> Result<()> {
        let kind = r.kind();
        let line = r.to_json();
        let pos = self.pos;
        let w = self.file(spool)?;
        w.write_all(line.as_bytes())
            .map_err(|e| Error::io("held records", e))?;
        self.pos += line.len() as u64;
        self.seq += 1;
        let v = Version {
            offset: pos,
            seq: u32::try_from(self.seq).unwrap_or(u32::MAX),
            len: u32::try_from(line.len()).unwrap_or(u32::MAX),
            capture: u32::try_from(capture).unwrap_or(u32::MAX),
        };
        match self.index.get(r.id()) {
            Some(&i) => {
                if let Some((_, vs)) = self.records.get_mut(i) {
                    vs.push(v);
                }
            }
            None => {
                self.index.insert(r.id().to_string(), self.records.len());
                self.records.push((kind, vec![v]));
            }
        }
        Ok(())
    }

    /// Note that capture `revisit` showed what capture `original` showed.
    pub(crate) fn revisited(&mut self, original: usize, revisit: usize) {
        let (Ok(o), Ok(r)) = (u32::try_from(original), u32::try_from(revisit)) else {
            return;
        };
        self.revisits.entry(o).or_default().push(r);
    }

    /// Fold every record's versions and pass the results on, in first-seen order.
    pub(crate) fn drain(mut self, mut emit: impl FnMut(Record) -> Result<()>) -> Result<()> {
        let Some(w) = self.out.take() else {
            return Ok(());
        };
        let mut f = w
            .into_inner()
            .map_err(|e| Error::io("held records", e.into_error()))?;
        f.flush().map_err(|e| Error::io("held records", e))?;
        self.index = HashMap::new();
        let records = std::mem::take(&mut self.records);
        let time = |c: u32| self.captures.get(c as usize).and_then(|c| c.captured_at);
        for (kind, mut vs) in records {
            vs.sort_by_key(|v| (time(v.capture), v.seq));
            let mut cur: Option<Map<String, Value>> = None;
            let mut caps: Vec<u32> = Vec::new();
            let mut seen_caps = std::collections::HashSet::new();
            for v in &vs {
                let mut buf = vec![0u8; v.len as usize];
                f.seek(SeekFrom::Start(v.offset))
                    .and_then(|_| f.read_exact(&mut buf))
                    .map_err(|e| Error::io("held records", e))?;
                let Ok(Value::Object(mut next)) = serde_json::from_slice::<Value>(&buf) else {
                    continue;
                };
                set_capture(&mut next, self.captures.get(v.capture as usize));
                if seen_caps.insert(v.capture) {
                    caps.push(v.capture);
                }
                cur = Some(match cur.take() {
                    None => next,
                    // the captures agree wherever both say something: what each shows
                    Some(old) if !conflict(&old, &next) => union(old, next),
                    Some(old) => {
                        let old_ext = old.get("ext").and_then(Value::as_object).cloned();
                        let merged = crate::archive::merge_record(
                            &Value::Object(old).to_string(),
                            &Value::Object(next).to_string(),
                        );
                        let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(&merged)
                        else {
                            continue;
                        };
                        // what only an older capture showed is kept, in `ext` too
                        for (k, v) in old_ext.into_iter().flatten() {
                            let present = m
                                .get("ext")
                                .and_then(Value::as_object)
                                .is_some_and(|e| e.contains_key(&k));
                            if !present && k != "capture" && k != "captures" {
                                ext_insert(&mut m, &k, v);
                            }
                        }
                        m
                    }
                });
            }
            let Some(mut rec) = cur else { continue };
            // revisits of the captures that showed the record
            let shown: Vec<u32> = caps.clone();
            for c in shown {
                for r in self.revisits.get(&c).into_iter().flatten() {
                    if seen_caps.insert(*r) {
                        caps.push(*r);
                    }
                }
            }
            if caps.len() > 1 {
                let list: Vec<Value> = caps
                    .iter()
                    .take(MAX_LISTED)
                    .filter_map(|c| self.captures.get(*c as usize).map(Capture::to_json))
                    .collect();
                ext_insert(&mut rec, "captures", Value::Array(list));
                if caps.len() > MAX_LISTED {
                    ext_insert(&mut rec, "capture_count", Value::from(caps.len()));
                }
            }
            let line = Value::Object(rec).to_string();
            match Record::from_json(kind, &line) {
                Ok(r) => emit(r)?,
                Err(e) => {
                    return Err(Error::Usage(format!(
                        "a held record could not be read back ({e}); this is a bug"
                    )))
                }
            }
        }
        Ok(())
    }
}

fn ext_insert(m: &mut Map<String, Value>, key: &str, v: Value) {
    match m.get_mut("ext") {
        Some(Value::Object(o)) => {
            o.insert(key.into(), v);
        }
        _ => {
            let mut o = Map::new();
            o.insert(key.into(), v);
            m.insert("ext".into(), Value::Object(o));
        }
    }
}

/// `ext.capture`: where this version was captured.
fn set_capture(m: &mut Map<String, Value>, c: Option<&Capture>) {
    if let Some(c) = c {
        ext_insert(m, "capture", c.to_json());
    }
}

/// Fields of provenance, not of the record's content.
const PROVENANCE: [&str; 3] = ["capture", "captures", "previous_versions"];

/// Whether two versions say different things of one field (top level or `ext`),
/// provenance aside.
fn conflict(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    b.iter().any(|(k, v)| match k.as_str() {
        "source" => false,
        "ext" => match (a.get("ext"), v) {
            (Some(Value::Object(ea)), Value::Object(eb)) => eb.iter().any(|(k, v)| {
                !PROVENANCE.contains(&k.as_str()) && ea.get(k).is_some_and(|x| x != v)
            }),
            _ => false,
        },
        _ => a.get(k).is_some_and(|x| x != v),
    })
}

/// Everything both versions show, the newer's provenance.
fn union(mut old: Map<String, Value>, next: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in next {
        match (k.as_str(), v) {
            ("ext", Value::Object(e)) => {
                for (ek, ev) in e {
                    ext_insert(&mut old, &ek, ev);
                }
            }
            (_, v) => {
                old.insert(k, v);
            }
        }
    }
    old
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Post, Source};

    fn post(text: &str, entry: &str) -> Record {
        Record::Post(Post {
            id: "web:post:a.com/p".into(),
            text: text.into(),
            source: Source::entry(entry),
            ..Post::default()
        })
    }

    fn cap(h: &mut Held, at: &str) -> usize {
        h.capture(Capture {
            captured_at: Timestamp::parse(at).map(|t| t.0),
            warc: "a.warc".into(),
            offset: 0,
            record_id: None,
            url: "http://a.com/p".into(),
            revisit: false,
        })
    }

    #[test]
    fn the_newest_capture_wins_and_older_text_is_history() {
        let mut h = Held::new();
        let new = cap(&mut h, "2008-01-01T00:00:00Z");
        let old = cap(&mut h, "2006-01-01T00:00:00Z");
        let same_as_new = cap(&mut h, "2007-06-01T00:00:00Z");
        // read out of order: the newest first
        h.hold(post("v2", "b"), new, None).unwrap();
        h.hold(post("v1", "a"), old, None).unwrap();
        h.hold(post("v2", "c"), same_as_new, None).unwrap();
        let mut out = Vec::new();
        h.drain(|r| {
            out.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(out.len(), 1);
        let Record::Post(p) = &out[0] else { panic!() };
        assert_eq!(p.text, "v2");
        assert_eq!(p.history.len(), 1);
        assert_eq!(p.history[0].text, "v1");
        let caps = p.ext.get_value("captures").unwrap();
        assert_eq!(caps.as_array().unwrap().len(), 3);
        let latest = p.ext.get_value("capture").unwrap();
        assert_eq!(latest["captured_at"], "2008-01-01T00:00:00Z");
    }
}
