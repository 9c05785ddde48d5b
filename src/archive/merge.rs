//! Merging a new import into an existing archive, by record id.
//!
//! Rules: a record whose id is new is added; a record present in both is kept as it
//! was when nothing but its provenance changed (so re-importing the same dump changes
//! nothing); otherwise the newer record wins, the older one becomes history (posts and
//! messages: an earlier `PostVersion`; other kinds: `ext.previous_versions`), and fields
//! only the older one had are carried over. Media, sources, raw records and reports
//! of the existing archive are kept (hard-linked when possible).

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde_json::{Map, Value};

use super::bag::{FileEntry, HashWriter};
use crate::error::{Error, Result};
use crate::model::Kind;

pub(crate) struct OldMeta {
    pub sources: Vec<Value>,
    pub created_at: Option<String>,
    /// `--bag-info` fields given at earlier imports.
    pub bag_info: Map<String, Value>,
    /// What the merge did, by record kind.
    pub counts: std::collections::BTreeMap<&'static str, MergeCounts>,
}

/// What merging an import into an existing archive did to the records of one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct MergeCounts {
    /// Records only the new import has.
    pub added: u64,
    /// Records in both whose content changed (the earlier version kept as history).
    pub changed: u64,
    /// Records in both, unchanged.
    pub unchanged: u64,
    /// Records the new import covers and no longer holds (kept, marked; see
    /// `crate::coverage`).
    pub absent: u64,
    /// Records it does not hold and does not cover (another network or account, a kind
    /// it does not cover), or already marked absent: carried as they were.
    pub kept: u64,
}

fn h64(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn id_of(line: &str) -> Option<String> {
    id_and_kind(line).0
}

/// A record line's id and its `kind` field (relationships, reactions, media).
fn id_and_kind(line: &str) -> (Option<String>, Option<String>) {
    #[derive(serde::Deserialize)]
    struct Id {
        id: Option<String>,
        kind: Option<String>,
    }
    match serde_json::from_str::<Id>(line) {
        Ok(i) => (i.id, i.kind),
        Err(_) => (None, None),
    }
}

pub(crate) fn merge_existing(
    old: &Path,
    stage: &Path,
    files: &mut Vec<FileEntry>,
    report: &crate::report::Report,
    new_source: &str,
) -> Result<OldMeta> {
    // the old manifest: rel -> sha
    let mut old_sums: HashMap<String, String> = HashMap::new();
    let mpath = old.join("manifest-sha256.txt");
    let text = fs::read_to_string(&mpath).map_err(|e| Error::io(&mpath, e))?;
    for line in text.lines() {
        if let Some((h, p)) = line.split_once(char::is_whitespace) {
            old_sums.insert(super::bag::decode_path(p.trim_start()), h.to_string());
        }
    }
    let meta_path = old.join("data/lifeboat.json");
    let meta: Value = fs::read(&meta_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| Error::Archive {
            path: old.to_path_buf(),
            message: "data/lifeboat.json is missing or unreadable".into(),
        })?;
    let sources = meta
        .get("sources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let created_at = meta
        .get("created_at")
        .and_then(Value::as_str)
        .map(str::to_string);
    let bag_info = meta
        .get("bag_info")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut counts = std::collections::BTreeMap::new();
    // what the new import's absence says: by its coverage (crate::coverage)
    let mut earlier_meta = meta.clone();
    if let Some(Value::Array(a)) = earlier_meta.get_mut("sources") {
        a.retain(|s| s.get("id").and_then(Value::as_str) != Some(new_source));
    }
    let rule = crate::coverage::rule_for(
        &report.network,
        &report.coverage,
        Some(report),
        old,
        &earlier_meta,
    );
    let absence = Absence {
        rule: &rule,
        since: new_source,
    };

    // records and raw files: merge line by line
    for kind in Kind::ALL {
        for (dir, by_id) in [("data/records", true), ("data/raw", false)] {
            let rel = format!("{dir}/{}", kind.file_name());
            let o = old.join(&rel);
            if !o.is_file() {
                continue;
            }
            let n = stage.join(&rel);
            if !by_id && !n.is_file() {
                // no raw record of this kind in the new import
                link_or_copy(&o, &n)?;
                files.push(entry_for(&rel, &n, &old_sums)?);
                continue;
            }
            let out = stage.join(format!("{rel}.merging"));
            let (sha256, bytes) = if by_id {
                // also when the new import holds none of this kind: what it covers
                // and does not hold is absent
                merge_records(
                    &o,
                    n.is_file().then_some(n.as_path()),
                    &out,
                    kind,
                    &absence,
                    counts.entry(kind.as_str()).or_default(),
                )?
            } else {
                merge_lines(&o, &n, &out)?
            };
            fs::rename(&out, &n).map_err(|e| Error::io(&n, e))?;
            files.retain(|f| f.rel != rel);
            files.push(FileEntry { rel, sha256, bytes });
        }
    }
    // everything else under data/ the new import did not write
    let have: HashSet<String> = files.iter().map(|f| f.rel.clone()).collect();
    let mut stack = vec![old.join("data")];
    while let Some(d) = stack.pop() {
        let rd = fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for ent in rd {
            let ent = ent.map_err(|e| Error::io(&d, e))?;
            let ft = ent.file_type().map_err(|e| Error::io(ent.path(), e))?;
            let p = ent.path();
            if ft.is_dir() {
                stack.push(p);
                continue;
            }
            if !ft.is_file() {
                continue;
            }
            let rel = p
                .strip_prefix(old)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if rel.is_empty()
                || have.contains(&rel)
                || rel == "data/lifeboat.json"
                || rel.starts_with("data/records/")
                || rel.starts_with("data/raw/")
            {
                continue;
            }
            let dest = stage.join(&rel);
            if dest.exists() {
                continue;
            }
            link_or_copy(&p, &dest)?;
            files.push(entry_for(&rel, &dest, &old_sums)?);
        }
    }
    Ok(OldMeta {
        sources,
        created_at,
        bag_info,
        counts,
    })
}

fn entry_for(rel: &str, p: &Path, sums: &HashMap<String, String>) -> Result<FileEntry> {
    let bytes = fs::metadata(p).map_err(|e| Error::io(p, e))?.len();
    let sha256 = match sums.get(rel) {
        Some(s) => s.clone(),
        None => {
            let mut f = File::open(p).map_err(|e| Error::io(p, e))?;
            super::bag::hash_reader(&mut f)
                .map_err(|e| Error::io(p, e))?
                .0
        }
    };
    Ok(FileEntry {
        rel: rel.to_string(),
        sha256,
        bytes,
    })
}

fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(d) = to.parent() {
        fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    Ok(())
}

fn lines(p: &Path) -> Result<impl Iterator<Item = std::io::Result<String>>> {
    let f = File::open(p).map_err(|e| Error::io(p, e))?;
    Ok(BufReader::with_capacity(1 << 16, f).lines())
}

/// Old lines, then new lines not already there.
fn merge_lines(old: &Path, new: &Path, out: &Path) -> Result<(String, u64)> {
    let mut seen = HashSet::new();
    let mut w = HashWriter::create(out)?;
    for l in lines(old)? {
        let l = l.map_err(|e| Error::io(old, e))?;
        seen.insert(h64(&l));
        w.write_all(l.as_bytes())?;
        w.write_all(b"\n")?;
    }
    for l in lines(new)? {
        let l = l.map_err(|e| Error::io(new, e))?;
        if seen.insert(h64(&l)) {
            w.write_all(l.as_bytes())?;
            w.write_all(b"\n")?;
        }
    }
    w.finish()
}

/// Records the new import no longer holds, where its coverage makes that evidence:
/// marked, never dropped.
struct Absence<'a> {
    rule: &'a crate::coverage::Rule,
    /// Source id of the new import.
    since: &'a str,
}

impl Absence<'_> {
    /// The line to keep for an old record the new import does not hold: marked when
    /// the rule says it is absent (unless it was marked already); `None`: kept as it was.
    fn mark(&self, kind: Kind, line: &str) -> Option<String> {
        if !line.contains(self.rule.prefix()) {
            return None;
        }
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            return None;
        };
        match self.rule.verdict(kind, &v) {
            crate::coverage::Verdict::Absent { last_seen_in } => {
                mark_absent(v, self.since, last_seen_in)
            }
            crate::coverage::Verdict::NotCovered(_) => None,
        }
    }
}

/// Mark a record as absent from the new import (unless it is marked already).
fn mark_absent(v: Value, since: &str, last: Option<String>) -> Option<String> {
    let Value::Object(mut m) = v else {
        return None;
    };
    let src = m
        .entry("source")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(src) = src else {
        return None;
    };
    if src.contains_key("absent_since") {
        return None;
    }
    src.insert("absent_since".into(), Value::String(since.to_string()));
    if let Some(last) = last {
        src.insert("last_seen_in".into(), Value::String(last));
    }
    serde_json::to_string(&Value::Object(m)).ok()
}

/// Merge two record files by id (`new`: `None` when the new import holds no record of
/// this kind). Memory: one (hash, offset) pair per new record. Old records the new
/// import does not hold are marked absent where its coverage says so.
fn merge_records(
    old: &Path,
    new: Option<&Path>,
    out: &Path,
    kind: Kind,
    absence: &Absence,
    counts: &mut MergeCounts,
) -> Result<(String, u64)> {
    let mut index: HashMap<u64, Vec<(u64, u32)>> = HashMap::new();
    if let Some(new) = new {
        let f = File::open(new).map_err(|e| Error::io(new, e))?;
        let mut r = BufReader::with_capacity(1 << 16, f);
        let mut off = 0u64;
        let mut line = String::new();
        loop {
            line.clear();
            let n = r.read_line(&mut line).map_err(|e| Error::io(new, e))?;
            if n == 0 {
                break;
            }
            if let Some(id) = id_of(line.trim_end()) {
                index.entry(h64(&id)).or_default().push((off, n as u32));
            }
            off += n as u64;
        }
    }
    let mut newf = match new {
        Some(new) => Some((File::open(new).map_err(|e| Error::io(new, e))?, new)),
        None => None,
    };
    let mut used: HashSet<u64> = HashSet::new();
    let mut w = HashWriter::create(out)?;
    let mut read_at = |off: u64, len: u32| -> Result<String> {
        let Some((newf, new)) = newf.as_mut() else {
            return Ok(String::new());
        };
        newf.seek(SeekFrom::Start(off))
            .map_err(|e| Error::io(*new, e))?;
        let mut b = vec![0u8; len as usize];
        newf.read_exact(&mut b).map_err(|e| Error::io(*new, e))?;
        Ok(String::from_utf8_lossy(&b).trim_end().to_string())
    };
    for l in lines(old)? {
        let l = l.map_err(|e| Error::io(old, e))?;
        let Some(id) = id_of(&l) else {
            w.write_all(l.as_bytes())?;
            w.write_all(b"\n")?;
            continue;
        };
        let mut merged = None;
        if let Some(cands) = index.get(&h64(&id)) {
            for &(off, len) in cands {
                if used.contains(&off) {
                    continue;
                }
                let nl = read_at(off, len)?;
                if id_of(&nl).as_deref() == Some(id.as_str()) {
                    used.insert(off);
                    let m = merge_record(&l, &nl);
                    if m == l {
                        counts.unchanged += 1;
                    } else {
                        counts.changed += 1;
                    }
                    merged = Some(m);
                    break;
                }
            }
        }
        let line = match merged {
            Some(m) => m,
            None => match absence.mark(kind, &l) {
                Some(marked) => {
                    counts.absent += 1;
                    marked
                }
                None => {
                    counts.kept += 1;
                    l
                }
            },
        };
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
    }
    // new records
    let Some(new) = new else {
        return w.finish();
    };
    let f = File::open(new).map_err(|e| Error::io(new, e))?;
    let mut r = BufReader::with_capacity(1 << 16, f);
    let mut off = 0u64;
    let mut line = String::new();
    loop {
        line.clear();
        let n = r.read_line(&mut line).map_err(|e| Error::io(new, e))?;
        if n == 0 {
            break;
        }
        if !used.contains(&off) {
            counts.added += 1;
            w.write_all(line.trim_end().as_bytes())?;
            w.write_all(b"\n")?;
        }
        off += n as u64;
    }
    w.finish()
}

fn strip_provenance(m: &Map<String, Value>) -> Map<String, Value> {
    let mut m = m.clone();
    m.remove("source");
    m.remove("history");
    if let Some(Value::Object(e)) = m.get_mut("ext") {
        e.remove("previous_versions");
        if e.is_empty() {
            m.remove("ext");
        }
    }
    m
}

/// Merge one record present in both archives (JSON lines); returns the line to keep.
pub(crate) fn merge_record(old_line: &str, new_line: &str) -> String {
    let (Ok(Value::Object(mut old)), Ok(Value::Object(mut new))) = (
        serde_json::from_str::<Value>(old_line),
        serde_json::from_str::<Value>(new_line),
    ) else {
        return new_line.to_string();
    };
    // a record marked absent by an earlier merge is back
    let mut returned = false;
    if let Some(Value::Object(src)) = old.get_mut("source") {
        returned = src.remove("absent_since").is_some();
        src.remove("last_seen_in");
    }
    if strip_provenance(&old) == strip_provenance(&new) {
        if returned {
            return serde_json::to_string(&Value::Object(old))
                .unwrap_or_else(|_| new_line.to_string());
        }
        return old_line.to_string();
    }
    // history: union of both, plus the old version when its text changed
    let mut history: Vec<Value> = Vec::new();
    for h in [old.get("history"), new.get("history")]
        .into_iter()
        .flatten()
    {
        if let Value::Array(a) = h {
            for v in a {
                if !history.contains(v) {
                    history.push(v.clone());
                }
            }
        }
    }
    let is_textual = new.contains_key("text");
    if is_textual {
        if old.get("text") != new.get("text") {
            let mut v = Map::new();
            if let Some(id) = old.get("id").and_then(Value::as_str) {
                v.insert(
                    "native_id".into(),
                    Value::String(id.rsplit(':').next().unwrap_or(id).to_string()),
                );
            }
            v.insert(
                "text".into(),
                old.get("text").cloned().unwrap_or(Value::Null),
            );
            let at = old
                .get("edited_at")
                .or_else(|| old.get("created_at"))
                .or_else(|| old.get("sent_at"))
                .cloned();
            if let Some(at) = at.filter(|a| !a.is_null()) {
                v.insert("created_at".into(), at);
            }
            if let Some(s) = old.get("source") {
                v.insert("source".into(), s.clone());
            }
            let v = Value::Object(v);
            if !history.contains(&v) {
                history.push(v);
            }
        }
    } else {
        let mut snap = old.clone();
        snap.remove("history");
        if let Some(Value::Object(e)) = snap.get_mut("ext") {
            e.remove("previous_versions");
        }
        let mut prev: Vec<Value> = old
            .get("ext")
            .and_then(|e| e.get("previous_versions"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        prev.push(Value::Object(snap));
        let ext = new
            .entry("ext")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(e) = ext {
            e.insert("previous_versions".into(), Value::Array(prev));
        }
    }
    // fields only the old record had are carried over
    for (k, v) in &old {
        if !new.contains_key(k) && k != "history" {
            new.insert(k.clone(), v.clone());
        }
    }
    if !history.is_empty() && (is_textual || new.contains_key("history")) {
        new.insert("history".into(), Value::Array(history));
    }
    serde_json::to_string(&Value::Object(new)).unwrap_or_else(|_| new_line.to_string())
}

#[cfg(test)]
mod tests {
    use super::merge_record;

    #[test]
    fn same_record_is_kept_verbatim() {
        let a = r#"{"id":"t:post:1","text":"hi","source":{"entry":"a.js","index":0}}"#;
        let b = r#"{"id":"t:post:1","text":"hi","source":{"entry":"b.js","index":3}}"#;
        assert_eq!(merge_record(a, b), a);
    }

    #[test]
    fn changed_text_becomes_history() {
        let a = r#"{"id":"t:post:1","text":"old","created_at":"2020-01-01T00:00:00Z","source":{"entry":"a.js"}}"#;
        let b = r#"{"id":"t:post:1","text":"new","created_at":"2020-01-01T00:00:00Z","source":{"entry":"b.js"}}"#;
        let m: serde_json::Value = serde_json::from_str(&merge_record(a, b)).unwrap();
        assert_eq!(m["text"], "new");
        assert_eq!(m["history"][0]["text"], "old");
        // merging again does not stack the same version twice
        let again: serde_json::Value =
            serde_json::from_str(&merge_record(&m.to_string(), b)).unwrap();
        assert_eq!(again["history"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn other_kinds_keep_previous_versions_and_old_fields() {
        let a = r#"{"id":"t:media:1","kind":"photo","sha256":"ab","source":{"entry":"a"}}"#;
        let b = r#"{"id":"t:media:1","kind":"photo","missing":true,"source":{"entry":"b"}}"#;
        let m: serde_json::Value = serde_json::from_str(&merge_record(a, b)).unwrap();
        assert_eq!(m["sha256"], "ab");
        assert_eq!(m["ext"]["previous_versions"][0]["sha256"], "ab");
    }
}
