//! `lifeboat audit ARCHIVE`: what an auditor asks of an archive — every dump imported
//! (with its sha256 and what it covered), the records by kind, network and visibility,
//! each count the exports declared about themselves against what was read, what is
//! missing, skipped or repaired, what the latest exports no longer hold, the custody
//! log, any hold, and whether every checksum still holds.
//!
//! `absent_from_latest_export` counts, by kind, the records marked absent that their
//! network's latest export covers (by the one rule of `crate::coverage`, which merges
//! and `diff` use too); `absent` counts every record marked absent, by kind and by the
//! export it went missing from.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::model::Kind;

/// The audit of an archive, as JSON (see the module documentation for its keys).
#[derive(Clone, Debug)]
pub struct Audit {
    /// The whole audit.
    pub json: Value,
    /// `verify` found nothing wrong.
    pub verified: bool,
    /// Every reconciled count matched.
    pub reconciled: bool,
}

#[derive(Deserialize)]
struct MinSource {
    absent_since: Option<String>,
}

#[derive(Deserialize)]
struct MinRecord {
    network: Option<String>,
    visibility: Option<String>,
    deleted_at: Option<String>,
    missing: Option<bool>,
    source: Option<MinSource>,
    created_at: Option<String>,
    sent_at: Option<String>,
}

/// Audit the archive at `root`.
pub fn audit(root: &Path) -> Result<Audit> {
    let meta_path = root.join("data/lifeboat.json");
    let meta: Value = fs::read(&meta_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| Error::Archive {
            path: root.to_path_buf(),
            message: "is not a lifeboat archive (data/lifeboat.json missing or unreadable)".into(),
        })?;
    let sources = meta
        .get("sources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();

    // per source: its report
    let mut src_out = Vec::new();
    let mut reconciliation = Vec::new();
    let mut missing_media = Vec::new();
    let mut missing_count = 0u64;
    let mut skips_total = 0u64;
    let mut skip_reasons: BTreeMap<String, u64> = BTreeMap::new();
    let mut repairs: BTreeMap<String, u64> = BTreeMap::new();
    let mut warnings = 0u64;
    let mut balanced = true;
    for s in &sources {
        let id = s
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let rep: Option<crate::Report> = s
            .get("report")
            .and_then(Value::as_str)
            .and_then(|rel| fs::read(root.join(rel)).ok())
            .and_then(|b| serde_json::from_slice(&b).ok());
        let mut entry = json!({
            "id": id,
            "file_name": s.get("file_name"),
            "sha256": s.get("sha256"),
            "bytes": s.get("bytes"),
            "container": s.get("container"),
            "network": s.get("network"),
            "generation": s.get("generation"),
            "imported_at": s.get("imported_at"),
            "parts": s.get("parts"),
        });
        if let Some(r) = rep {
            entry["tool"] = Value::String(r.tool.clone());
            entry["records"] = serde_json::to_value(&r.records).unwrap_or(Value::Null);
            entry["entries"] = serde_json::to_value(r.entries).unwrap_or(Value::Null);
            entry["balanced"] = Value::Bool(r.balanced());
            entry["coverage"] = serde_json::to_value(&r.coverage).unwrap_or(Value::Null);
            balanced &= r.balanced();
            for c in &r.reconciliation {
                reconciliation.push(json!({
                    "source": id,
                    "what": c.what,
                    "declared": c.declared,
                    "found": c.found,
                    "status": if c.ok { "ok" } else { "mismatch" },
                    "note": c.note,
                }));
            }
            missing_count += r.missing_media_count;
            for m in r.missing_media.iter().take(100) {
                missing_media.push(json!({"source": id, "what": m}));
            }
            skips_total += r.skipped_total();
            for (k, v) in &r.skip_reasons {
                *skip_reasons.entry(k.clone()).or_default() += v;
            }
            for (k, v) in &r.repairs {
                *repairs.entry(k.clone()).or_default() += v;
            }
            warnings += r.warnings.len() as u64;
        } else {
            entry["report"] = Value::String("missing or unreadable".into());
            balanced = false;
        }
        src_out.push(entry);
    }

    // what each network's latest export covers, against the exports before it: the
    // rule a merge marked records absent by (crate::coverage)
    let mut latest: BTreeMap<String, usize> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        if let Some(n) = s.get("network").and_then(Value::as_str) {
            latest.insert(n.to_string(), i);
        }
    }
    let mut rules: BTreeMap<String, crate::coverage::Rule> = BTreeMap::new();
    for (network, &i) in &latest {
        let Some(id) = sources[i].get("id").and_then(Value::as_str) else {
            continue;
        };
        let report = crate::coverage::source_report(root, &meta, id);
        let coverage = report
            .as_ref()
            .map(|r| r.coverage.clone())
            .unwrap_or_default();
        let mut before = meta.clone();
        if let Some(Value::Array(a)) = before.get_mut("sources") {
            a.truncate(i);
        }
        rules.insert(
            network.clone(),
            crate::coverage::rule_for(network, &coverage, report.as_ref(), root, &before),
        );
    }

    // the records, streamed
    let mut records = serde_json::Map::new();
    let mut visibility: BTreeMap<String, u64> = BTreeMap::new();
    let mut absent: BTreeMap<String, u64> = BTreeMap::new();
    let mut absent_all: BTreeMap<String, u64> = BTreeMap::new();
    let mut absent_since: BTreeMap<String, u64> = BTreeMap::new();
    let mut deleted = 0u64;
    let mut media_missing_records = 0u64;
    // dated records (posts, messages, reactions, …) per network per month
    let mut by_month: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for kind in Kind::ALL {
        let p = root.join("data/records").join(kind.file_name());
        if !p.is_file() {
            continue;
        }
        let f = File::open(&p).map_err(|e| Error::io(&p, e))?;
        let mut total = 0u64;
        let mut by_network: BTreeMap<String, u64> = BTreeMap::new();
        for line in BufReader::with_capacity(1 << 16, f).lines() {
            let line = line.map_err(|e| Error::io(&p, e))?;
            let Ok(r) = serde_json::from_str::<MinRecord>(&line) else {
                continue;
            };
            total += 1;
            let network = r.network.unwrap_or_default();
            if let Some(m) = r
                .created_at
                .as_deref()
                .or(r.sent_at.as_deref())
                .and_then(|t| t.get(..7))
                .filter(|m| m.as_bytes().get(4) == Some(&b'-'))
            {
                *by_month
                    .entry(network.clone())
                    .or_default()
                    .entry(m.to_string())
                    .or_default() += 1;
            }
            *by_network.entry(network).or_default() += 1;
            if kind == Kind::Post {
                *visibility
                    .entry(r.visibility.unwrap_or_else(|| "unknown".into()))
                    .or_default() += 1;
                if r.deleted_at.is_some() {
                    deleted += 1;
                }
            }
            if kind == Kind::Media && r.missing == Some(true) {
                media_missing_records += 1;
            }
            if let Some(since) = r.source.and_then(|s| s.absent_since) {
                *absent_all.entry(kind.as_str().to_string()).or_default() += 1;
                *absent_since.entry(since).or_default() += 1;
                // still absent from its network's latest export, by that export's
                // coverage
                let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
                let network = v
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|id| id.split(':').next())
                    .unwrap_or("");
                if let Some(crate::coverage::Verdict::Absent { .. }) =
                    rules.get(network).map(|rule| rule.verdict(kind, &v))
                {
                    *absent.entry(kind.as_str().to_string()).or_default() += 1;
                }
            }
        }
        records.insert(
            kind.as_str().to_string(),
            json!({"total": total, "by_network": by_network}),
        );
    }

    // the custody log
    let log = root.join(crate::archive::custody::LOG);
    let mut events: BTreeMap<String, u64> = BTreeMap::new();
    if let Ok(f) = File::open(&log) {
        for line in BufReader::new(f).lines().map_while(std::result::Result::ok) {
            if let Ok(v) = serde_json::from_str::<Value>(&line) {
                let e = v
                    .get("event")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string();
                *events.entry(e).or_default() += 1;
            }
        }
    }
    let hold = crate::archive::custody::hold_status(root)
        .map(|h| json!({"reason": h.reason, "since": h.since}));

    let v = crate::archive::verify(root)?;
    let verified = v.ok();
    let reconciled = reconciliation
        .iter()
        .all(|r| r.get("status").and_then(Value::as_str) == Some("ok"));
    let json = json!({
        "archive": root.display().to_string(),
        "audited_at": crate::model::Timestamp::now().to_rfc3339(),
        "tool": format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
        "schema_version": meta.get("schema_version"),
        "created_at": meta.get("created_at"),
        "updated_at": meta.get("updated_at"),
        "sources": src_out,
        "records": records,
        "by_month": by_month,
        "visibility": visibility,
        "deleted_posts": deleted,
        "absent_from_latest_export": absent,
        "absent": {"by_kind": absent_all, "since": absent_since},
        "reconciliation": reconciliation,
        "reconciled": reconciled,
        "reports_balanced": balanced,
        "missing_media": {"count": missing_count, "records": media_missing_records, "first": missing_media},
        "skips": {"count": skips_total, "reasons": skip_reasons},
        "repairs": repairs,
        "warnings": warnings,
        "log": {"path": crate::archive::custody::LOG, "events": events},
        "bag_info": meta.get("bag_info"),
        "hold": hold,
        "verified": verified,
        "problems": v.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
    });
    Ok(Audit {
        json,
        verified,
        reconciled,
    })
}
