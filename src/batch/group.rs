//! One archive's share of a batch: its new dumps imported oldest first, then its
//! Parquet export. One job runs one archive, so no two jobs write one archive.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::identify;
use super::{emit, interrupted, Batch, Event, Filed};
use super::{ArchiveOutcome, DumpOutcome, Outcome};
use crate::export::{ExportOptions, Format};
use crate::{Archive, NoProgress};

/// What became of one archive's dumps (by their index in the batch), and of it.
pub(super) struct Done {
    pub dumps: Vec<(usize, DumpOutcome)>,
    pub archive: Option<ArchiveOutcome>,
}

/// Import one archive's new dumps, oldest first; then export it to Parquet if asked.
pub(super) fn import(b: &Batch, root: &Path, name: &str, group: &[Filed]) -> Done {
    let out = root.join(name);
    let existed = out.join("bagit.txt").is_file();
    // a dump older than what an archive that was already there holds is merged as
    // its newest export: say so
    let mut held_until = if existed {
        identify::latest_in(&out)
    } else {
        None
    };
    let mut done = Vec::new();
    let mut added = 0;
    for f in group {
        let mut o = DumpOutcome::new(&f.item.parts, Outcome::Failed);
        o.sha256 = Some(f.seen.sha256.clone());
        o.network = Some(f.seen.network.clone());
        o.generation = Some(f.seen.generation.clone());
        o.account = f.seen.accounts.first().cloned();
        o.archive = Some(name.to_string());
        if let Some((t, by)) = f.seen.date {
            o.date = Some(identify::rfc3339(t));
            o.dated_by = Some(by);
        }
        if interrupted(&b.opts) {
            o.reason = Some("interrupted before it was imported".into());
        } else {
            if let (Some(held), Some((t, "newest record"))) = (held_until, f.seen.date) {
                if t < held {
                    o.notes.push(format!(
                        "older than what {name} already held (records until {}): merged as its newest export, so records it lacks are marked absent",
                        identify::rfc3339(held)
                    ));
                }
            }
            let start = Instant::now();
            let parts: Vec<&Path> = f.item.parts.iter().map(PathBuf::as_path).collect();
            match crate::into_archive(&parts, None, &out, &b.opts, &mut NoProgress) {
                Ok(imported) => {
                    let r = &imported.report;
                    o.records = r.records.clone();
                    o.warnings = r.warnings.len() as u64;
                    match imported.commit {
                        Some(c) => {
                            o.outcome = if c.merged {
                                Outcome::Merged
                            } else {
                                Outcome::Imported
                            };
                            o.source_id = Some(c.source_id);
                            added += 1;
                        }
                        None => {
                            o.records.clear();
                            o.reason = Some(format!(
                                "strict: {} record(s) skipped, {} entr(ies) refused; nothing was written",
                                r.skipped_total(),
                                r.entries.refused
                            ));
                        }
                    }
                }
                Err(e) => o.reason = Some(e.to_string()),
            }
            o.seconds = start.elapsed().as_secs_f64();
            if let Some((t, "newest record")) = f.seen.date {
                if o.outcome != Outcome::Failed {
                    held_until = Some(held_until.map_or(t, |h| h.max(t)));
                }
            }
        }
        emit(b, Event::Dump(&o));
        done.push((f.index, o));
    }
    if !out.join("bagit.txt").is_file() {
        return Done {
            dumps: done,
            archive: None,
        };
    }
    let account = group.iter().find_map(|f| f.seen.accounts.first().cloned());
    let mut a = archive_outcome(root, name, account, added);
    if let Some((pq, eo)) = &b.parquet {
        if added > 0 && !interrupted(&b.opts) {
            a.parquet = Some(export_one(&out, pq, eo));
            emit(b, Event::Exported(&a));
        }
    }
    Done {
        dumps: done,
        archive: Some(a),
    }
}

pub(super) fn archive_outcome(
    root: &Path,
    name: &str,
    account: Option<String>,
    added: usize,
) -> ArchiveOutcome {
    let a = Archive::open(&root.join(name)).ok();
    let account = account.or_else(|| {
        identify::owner_accounts(&root.join(name))
            .into_iter()
            .next()
    });
    ArchiveOutcome {
        name: name.to_string(),
        id: a.as_ref().map(Archive::id).unwrap_or_default(),
        account,
        dumps: a.as_ref().map_or(0, |a| a.sources().len()),
        added,
        parquet: None,
    }
}

/// Export one archive into the Parquet tree, noted in the archive's processing log
/// as `lifeboat export` notes it: `exported`, or why not.
pub(super) fn export_one(archive: &Path, out: &Path, opts: &ExportOptions) -> String {
    match crate::export::export(archive, Format::Parquet, out, opts) {
        Ok(r) => {
            let ev = crate::archive::custody::event(
                "exported",
                serde_json::json!({
                    "format": "parquet",
                    "out": out.display().to_string(),
                    "tool": format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
                    "by": "batch",
                    "wrote": serde_json::from_str::<serde_json::Value>(&r.to_json()).unwrap_or_default(),
                }),
            );
            match crate::archive::custody::append_log(archive, &[ev]) {
                Ok(()) => "exported".into(),
                Err(e) => format!("exported (not noted in the archive's log: {e})"),
            }
        }
        Err(e) => format!("failed: {e}"),
    }
}
