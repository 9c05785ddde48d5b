//! `export` and `convert`: the library's exports, and the records teams' RSMF and EML.

use std::process::ExitCode;

use crate::args::ExportArgs;
use crate::Failure;

/// Note an export in the archive's processing log (append-only, allowed under hold).
fn log_export(
    archive: &std::path::Path,
    format: &str,
    out: &std::path::Path,
    what: serde_json::Value,
) {
    let ev = lifeboat::archive::custody::event(
        "exported",
        serde_json::json!({"format": format, "out": out.display().to_string(), "tool": format!("lifeboat {}", env!("CARGO_PKG_VERSION")), "wrote": what}),
    );
    if let Err(e) = lifeboat::archive::custody::append_log(archive, &[ev]) {
        eprintln!("warning: the export could not be noted in the archive's log: {e}");
    }
}

/// The records teams' formats: RSMF 2.0 (one file per conversation) and EML.
fn run_records_export(archive: &std::path::Path, a: &ExportArgs) -> Result<ExitCode, Failure> {
    if a.dry_run {
        return Err(Failure::Usage(format!(
            "--dry-run: the {} export loses nothing to report; run it with --out",
            a.to
        )));
    }
    let out = a
        .out
        .clone()
        .ok_or_else(|| Failure::Usage("--out is required".into()))?;
    // written beside --out and moved into place when complete
    let staged = lifeboat::export::Staged::new(
        Some(archive),
        lifeboat::export::Shape::Folder,
        &out,
        a.force,
    )?;
    let summary = if a.to == "rsmf" {
        let opts = lifeboat::records::RsmfOptions {
            threads: a.threads,
            ..lifeboat::records::RsmfOptions::default()
        };
        let s = lifeboat::records::export_rsmf(archive, staged.path(), &opts)?;
        staged.commit()?;
        println!(
            "rsmf -> {}: {} file(s), {} conversation(s), {} public thread(s), {} message event(s), {} join/leave event(s), {} attachment(s){}",
            out.display(),
            s.files,
            s.conversations,
            s.threads,
            s.messages,
            s.joins_leaves,
            s.attachments,
            if s.missing_attachments > 0 {
                format!(
                    "; {} attachment(s) not in the archive (named in the events' custom fields)",
                    s.missing_attachments
                )
            } else {
                String::new()
            }
        );
        serde_json::to_value(&s).unwrap_or_default()
    } else {
        let s = lifeboat::records::export_eml(archive, staged.path())?;
        staged.commit()?;
        println!(
            "eml -> {}: {} message(s) for direct messages, {} for posts, {} attachment(s)",
            out.display(),
            s.messages,
            s.posts,
            s.attachments
        );
        serde_json::to_value(&s).unwrap_or_default()
    };
    if let Some(p) = &a.report {
        std::fs::write(
            p,
            serde_json::to_string_pretty(&summary).unwrap_or_default(),
        )
        .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
    }
    log_export(archive, &a.to, &out, summary);
    Ok(ExitCode::SUCCESS)
}

/// The signing key: the value of `--signing-key`, or the file it names, or
/// `LIFEBOAT_SIGNING_KEY`.
fn signing_key(arg: Option<&str>) -> Result<Option<String>, Failure> {
    let Some(a) = arg else {
        return Ok(std::env::var("LIFEBOAT_SIGNING_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty()));
    };
    let p = std::path::Path::new(a);
    if !a.starts_with('z') && p.is_file() {
        let s = std::fs::read_to_string(p)
            .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
        return Ok(Some(s.trim().to_string()));
    }
    Ok(Some(a.to_string()))
}

pub(crate) fn run_export(archive: &std::path::Path, a: &ExportArgs) -> Result<ExitCode, Failure> {
    use lifeboat::export::{ExportOptions, Filter, Format};
    if a.to == "rsmf" || a.to == "eml" {
        return run_records_export(archive, a);
    }
    let format = Format::from_name(&a.to).ok_or_else(|| {
        let mut names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        names.extend(["rsmf", "eml"]);
        Failure::Usage(format!(
            "unknown format {:?}{}; --to takes one of {}",
            a.to,
            crate::hints::did_you_mean(&a.to, &names)
                .map(|m| format!(" (did you mean {m:?}?)"))
                .unwrap_or_default(),
            names.join(", ")
        ))
    })?;
    let mut include = Vec::new();
    for i in &a.include {
        if !i.trim().is_empty() {
            include.push(Filter::parse_visibility(i)?);
        }
    }
    let filter = Filter {
        include,
        since: a.since.as_deref().map(Filter::parse_date).transpose()?,
        until: a.until.as_deref().map(Filter::parse_date).transpose()?,
        network: a.network.clone(),
        account: a.account.clone(),
    };
    let opts = ExportOptions {
        filter,
        dry_run: a.dry_run,
        // reproducible output: SOURCE_DATE_EPOCH (seconds) fixes the export's own date
        now: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| lifeboat::model::Timestamp::from_millis(s.saturating_mul(1000))),
        force: a.force,
        publish_uncleaned_media: a.publish_uncleaned_media,
        bluesky: lifeboat::export::bluesky::BlueskyOptions {
            did: a.did.clone(),
            signing_key: signing_key(a.signing_key.as_deref())?,
        },
    };
    let out = a.out.clone().unwrap_or_default();
    let r = lifeboat::export::export(archive, format, &out, &opts)?;
    print!("{r}");
    if let Some(p) = &a.report {
        std::fs::write(p, r.to_json())
            .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
    }
    if !a.dry_run {
        log_export(
            archive,
            &a.to,
            &out,
            serde_json::from_str(&r.to_json()).unwrap_or_default(),
        );
    }
    Ok(ExitCode::SUCCESS)
}
