//! `lifeboat diff OLD NEW`: per record kind, what was added, removed and changed
//! between two archives (or dumps) of the same account.
//!
//! Records are compared by id, as JSON, without their provenance (`source`: the entry
//! and index move between exports). A record only the older one holds is `removed`
//! when the newer export covers it, and `not_covered` when it does not (the same rule
//! by which a merge marks records absent: see `crate::coverage`). Memory: one (hash,
//! offset) triple per record of the older archive; the newer one is streamed.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::Kind;

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field name (`text`, `visibility`, `ext`, …).
    pub field: String,
    /// Its value in the older archive (`null` when absent).
    pub old: Value,
    /// Its value in the newer archive (`null` when absent).
    pub new: Value,
}

/// A record present in both archives whose content differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Record id.
    pub id: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// Differences of one record kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KindDiff {
    /// Ids only the newer archive has.
    pub added: Vec<String>,
    /// Ids only the older archive has, which the newer export covers: gone from the
    /// account's data (a merge marks them `absent_since`).
    pub removed: Vec<String>,
    /// Ids only the older archive has, which the newer export does not cover (another
    /// network or account, a kind the export does not hold, or unknown coverage): their
    /// absence says nothing.
    pub not_covered: Vec<String>,
    /// Records in both whose content differs.
    pub changed: Vec<Change>,
    /// Records in both, the same.
    pub unchanged: u64,
}

/// What differs between two archives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    /// The older archive (or dump).
    pub old: String,
    /// The newer one.
    pub new: String,
    /// By record kind (`post`, `relationship`, …).
    pub kinds: BTreeMap<String, KindDiff>,
    /// What the newer side covers, by network (its latest export of each).
    pub coverage: BTreeMap<String, crate::report::Coverage>,
}

impl Diff {
    /// True when nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.kinds.values().all(|k| {
            k.added.is_empty()
                && k.removed.is_empty()
                && k.not_covered.is_empty()
                && k.changed.is_empty()
        })
    }

    /// The diff as JSON: `added`, `removed`, `not_covered` (kind → ids), `changed`
    /// (kind → records with their changed fields), `counts` (kind → numbers),
    /// `coverage` (network → what the newer side covers).
    pub fn to_json(&self) -> String {
        let mut added = Map::new();
        let mut removed = Map::new();
        let mut not_covered = Map::new();
        let mut changed = Map::new();
        let mut counts = Map::new();
        for (k, d) in &self.kinds {
            if !d.added.is_empty() {
                added.insert(k.clone(), serde_json::json!(d.added));
            }
            if !d.removed.is_empty() {
                removed.insert(k.clone(), serde_json::json!(d.removed));
            }
            if !d.not_covered.is_empty() {
                not_covered.insert(k.clone(), serde_json::json!(d.not_covered));
            }
            if !d.changed.is_empty() {
                changed.insert(
                    k.clone(),
                    serde_json::to_value(&d.changed).unwrap_or(Value::Null),
                );
            }
            counts.insert(
                k.clone(),
                serde_json::json!({
                    "added": d.added.len(),
                    "removed": d.removed.len(),
                    "not_covered": d.not_covered.len(),
                    "changed": d.changed.len(),
                    "unchanged": d.unchanged,
                }),
            );
        }
        let v = serde_json::json!({
            "old": self.old,
            "new": self.new,
            "identical": self.is_empty(),
            "added": added,
            "removed": removed,
            "not_covered": not_covered,
            "changed": changed,
            "counts": counts,
            "coverage": self.coverage,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

fn h64(s: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// A record line without its provenance, as a map.
fn normal(line: &str) -> Option<(String, Map<String, Value>)> {
    let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(line) else {
        return None;
    };
    m.remove("source");
    let id = m.get("id").and_then(Value::as_str)?.to_string();
    Some((id, m))
}

fn content_hash(m: &Map<String, Value>) -> u64 {
    // serde_json's maps are sorted: the serialisation is canonical
    h64(serde_json::to_string(m).unwrap_or_default().as_bytes())
}

/// Compare two archives, or two dumps (each imported into a temporary archive first).
pub fn diff(old: &Path, new: &Path) -> Result<Diff> {
    let a = super::open_or_import(old)?;
    let b = super::open_or_import(new)?;
    let mut out = Diff {
        old: old.display().to_string(),
        new: new.display().to_string(),
        kinds: BTreeMap::new(),
        coverage: BTreeMap::new(),
    };
    let rules = rules(&a.path, &b.path)?;
    for (network, rule) in &rules {
        out.coverage.insert(network.clone(), rule.1.clone());
    }
    for kind in Kind::ALL {
        let rel = format!("data/records/{}", kind.file_name());
        let (pa, pb) = (a.path.join(&rel), b.path.join(&rel));
        if !pa.is_file() && !pb.is_file() {
            continue;
        }
        let d = diff_file(&pa, &pb, kind, &rules)?;
        out.kinds.insert(kind.as_str().to_string(), d);
    }
    Ok(out)
}

fn read_meta(root: &Path) -> Result<Value> {
    let p = root.join("data/lifeboat.json");
    std::fs::read(&p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| Error::Archive {
            path: root.to_path_buf(),
            message: "data/lifeboat.json is missing or unreadable".into(),
        })
}

/// The absence rule of each network the newer side holds, from its latest export of
/// that network, against every export the older side holds.
fn rules(
    old: &Path,
    new: &Path,
) -> Result<BTreeMap<String, (crate::coverage::Rule, crate::report::Coverage)>> {
    let old_meta = read_meta(old)?;
    let new_meta = read_meta(new)?;
    let mut latest: BTreeMap<String, String> = BTreeMap::new();
    for s in crate::coverage::earlier_sources(&new_meta) {
        latest.insert(s.network, s.id);
    }
    let mut out = BTreeMap::new();
    for (network, id) in latest {
        let report = crate::coverage::source_report(new, &new_meta, &id);
        let coverage = report
            .as_ref()
            .map(|r| r.coverage.clone())
            .unwrap_or_default();
        let rule = crate::coverage::rule_for(&network, &coverage, report.as_ref(), old, &old_meta);
        out.insert(network, (rule, coverage));
    }
    Ok(out)
}

fn diff_file(
    old: &Path,
    new: &Path,
    kind: Kind,
    rules: &BTreeMap<String, (crate::coverage::Rule, crate::report::Coverage)>,
) -> Result<KindDiff> {
    // index the older file: id -> (content hash, offset, length)
    let mut index: HashMap<String, (u64, u64, u32)> = HashMap::new();
    if old.is_file() {
        let f = File::open(old).map_err(|e| Error::io(old, e))?;
        let mut r = BufReader::with_capacity(1 << 16, f);
        let mut off = 0u64;
        let mut line = String::new();
        loop {
            line.clear();
            let n = r.read_line(&mut line).map_err(|e| Error::io(old, e))?;
            if n == 0 {
                break;
            }
            if let Some((id, m)) = normal(line.trim_end()) {
                index.insert(id, (content_hash(&m), off, n as u32));
            }
            off += n as u64;
        }
    }
    let mut d = KindDiff::default();
    let mut oldf = if old.is_file() {
        Some(File::open(old).map_err(|e| Error::io(old, e))?)
    } else {
        None
    };
    if new.is_file() {
        let f = File::open(new).map_err(|e| Error::io(new, e))?;
        for line in BufReader::with_capacity(1 << 16, f).lines() {
            let line = line.map_err(|e| Error::io(new, e))?;
            let Some((id, m)) = normal(&line) else {
                continue;
            };
            match index.remove(&id) {
                None => d.added.push(id),
                Some((h, off, len)) => {
                    if h == content_hash(&m) {
                        d.unchanged += 1;
                        continue;
                    }
                    let mut buf = vec![0u8; len as usize];
                    if let Some(f) = oldf.as_mut() {
                        f.seek(SeekFrom::Start(off))
                            .map_err(|e| Error::io(old, e))?;
                        f.read_exact(&mut buf).map_err(|e| Error::io(old, e))?;
                    }
                    let old_map = normal(String::from_utf8_lossy(&buf).trim_end())
                        .map(|(_, m)| m)
                        .unwrap_or_default();
                    d.changed.push(Change {
                        id,
                        fields: field_changes(&old_map, &m),
                    });
                }
            }
        }
    }
    // what only the older side has: removed where the newer export covers it
    for (id, (_, off, len)) in index {
        let mut buf = vec![0u8; len as usize];
        if let Some(f) = oldf.as_mut() {
            f.seek(SeekFrom::Start(off))
                .map_err(|e| Error::io(old, e))?;
            f.read_exact(&mut buf).map_err(|e| Error::io(old, e))?;
        }
        let network = id.split(':').next().unwrap_or("");
        let rec: Value = serde_json::from_slice(&buf).unwrap_or(Value::Null);
        let verdict = rules.get(network).map(|(rule, _)| rule.verdict(kind, &rec));
        match verdict {
            Some(crate::coverage::Verdict::Absent { .. }) => d.removed.push(id),
            _ => d.not_covered.push(id),
        }
    }
    d.added.sort();
    d.removed.sort();
    d.not_covered.sort();
    d.changed.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(d)
}

fn field_changes(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<FieldChange> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            old: old.get(k).cloned().unwrap_or(Value::Null),
            new: new.get(k).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_that_differ_with_both_values() {
        let (_, a) = normal(r#"{"id":"t:post:1","text":"old","lang":"en","source":{"entry":"a"}}"#)
            .expect("record");
        let (_, b) =
            normal(r#"{"id":"t:post:1","text":"new","source":{"entry":"b"}}"#).expect("record");
        let c = field_changes(&a, &b);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].field, "lang");
        assert_eq!(c[0].new, Value::Null);
        assert_eq!(c[1].field, "text");
        assert_eq!(
            (c[1].old.as_str(), c[1].new.as_str()),
            (Some("old"), Some("new"))
        );
        // provenance alone is no change
        let (_, a2) = normal(r#"{"id":"t:post:1","text":"x","source":{"entry":"a","index":1}}"#)
            .expect("record");
        let (_, b2) = normal(r#"{"id":"t:post:1","text":"x","source":{"entry":"b","index":9}}"#)
            .expect("record");
        assert_eq!(content_hash(&a2), content_hash(&b2));
    }
}
