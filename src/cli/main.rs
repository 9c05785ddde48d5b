//! The `lifeboat` command: a thin layer over the library.

use std::process::ExitCode;

use clap::Parser;
use lifeboat::{ImportOptions, Limits};

mod args;
mod batch;
mod export;
mod hints;
mod import;
mod print;

use args::{Cli, Cmd};
use export::run_export;
use print::{print_audit, print_diff};

fn limits_from(args: &[String]) -> Result<Limits, String> {
    let mut l = Limits::default();
    for a in args {
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| format!("--limit takes NAME=VALUE, not {a:?}"))?;
        l.set(k.trim(), v)?;
    }
    Ok(l)
}

fn main() -> ExitCode {
    // A closed pipe (`lifeboat diff … | head`) ends the process quietly, as it does
    // other Unix tools, instead of a panic in println!.
    #[cfg(unix)]
    // SAFETY: restoring the default action of SIGPIPE, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    lifeboat::archive::lock::set_notice(|m| eprintln!("note: {m}"));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Error(m)) => {
            // the library's message on one line, then the command line's hint
            let (m, hint) = match m.split_once(HINT) {
                Some((m, h)) => (m.to_string(), Some(h.to_string())),
                None => (m, None),
            };
            eprintln!("error: {}", m.replace('\n', " "));
            if let Some(h) = hint {
                eprintln!("hint: {h}");
            }
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Error(String),
}

/// Separates an error's message from the command line's hint in [`Failure::Error`].
const HINT: &str = "\u{1}hint\u{1}";

impl From<lifeboat::Error> for Failure {
    fn from(e: lifeboat::Error) -> Self {
        match e {
            lifeboat::Error::Usage(m) => Failure::Usage(m),
            e => match hints::for_error(&e) {
                Some(h) => Failure::Error(format!("{e}{HINT}{h}")),
                None => Failure::Error(e.to_string()),
            },
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.cmd {
        Cmd::Import {
            dumps,
            out,
            report,
            strict,
            network,
            keep_original,
            parts,
            blobs,
            timezone,
            limits,
            bag_info,
            quiet,
        } => {
            // Ctrl-C stops the import cleanly: the staging folder is removed and an
            // existing archive is left as it was.
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = stop.clone();
            let _ =
                ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed));
            hints::check_network(network.as_deref()).map_err(Failure::Usage)?;
            let opts = ImportOptions {
                network,
                limits: limits_from(&limits).map_err(Failure::Usage)?,
                keep_original,
                strict,
                interrupt: Some(stop),
                bag_info: bag_info
                    .iter()
                    .map(|b| lifeboat::archive::custody::parse_bag_info(b))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(Failure::Usage)?,
                blobs,
                timezone,
                ..ImportOptions::default()
            };
            // several dumps: successive exports merged one after the other, or with
            // --parts the parts of one export read as one
            let groups: Vec<Vec<&std::path::Path>> = if parts {
                vec![dumps.iter().map(|d| d.as_path()).collect()]
            } else {
                dumps.iter().map(|d| vec![d.as_path()]).collect()
            };
            for group in &groups {
                let dump = group[0];
                let mut progress = import::Reporter::new(quiet, dump);
                let done = lifeboat::import_parts(group, &out, &opts, &mut progress);
                progress.finish();
                let done = done?;
                let r = &done.report;
                if let Some(p) = &report {
                    std::fs::write(p, r.to_json())
                        .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
                }
                let Some(commit) = done.commit else {
                    if r.skipped_total() == 0 {
                        let first = r
                            .entry_list
                            .iter()
                            .find(|e| {
                                e.reason.is_some() && e.fate == lifeboat::report::EntryFate::Ignored
                            })
                            .map(|e| format!("{}: {}", e.path, e.reason.as_deref().unwrap_or("")))
                            .unwrap_or_default();
                        return Err(Failure::Error(format!(
                            "--strict: {} entr{} of the dump refused (first: {first}); nothing was written",
                            r.entries.refused,
                            if r.entries.refused == 1 { "y" } else { "ies" }
                        )));
                    }
                    let first = r
                        .skips
                        .first()
                        .map(|s| format!("{} at {}", s.reason, s.location))
                        .unwrap_or_default();
                    return Err(Failure::Error(format!(
                        "--strict: {} record(s) skipped (first: {first}); nothing was written",
                        r.skipped_total()
                    )));
                };
                if !quiet {
                    print!(
                        "{}",
                        import::summary(
                            &import::Done {
                                dump,
                                parts: group.len(),
                                archive: &commit.path,
                                merged: commit.merged,
                                merge: commit.merge.as_ref(),
                                source_id: &commit.source_id,
                                report_copy: report.as_deref(),
                            },
                            r
                        )
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Batch {
            inputs,
            lists,
            out,
            jobs,
            parquet,
            include,
            report,
            strict,
            keep_original,
            timezone,
            limits,
            bag_info,
            quiet,
        } => {
            // Ctrl-C stops the batch between dumps and the import at hand cleanly; the
            // report says which dumps were not reached, and a new run imports them.
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = stop.clone();
            let _ =
                ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed));
            let opts = ImportOptions {
                limits: limits_from(&limits).map_err(Failure::Usage)?,
                keep_original,
                strict,
                interrupt: Some(stop),
                bag_info: bag_info
                    .iter()
                    .map(|b| lifeboat::archive::custody::parse_bag_info(b))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(Failure::Usage)?,
                timezone,
                ..ImportOptions::default()
            };
            batch::run_batch(batch::BatchArgs {
                inputs,
                lists,
                out,
                jobs,
                parquet,
                include,
                report,
                opts,
                quiet,
            })
        }
        Cmd::Inspect {
            dump,
            network,
            json,
            limits,
            timezone,
        } => {
            hints::check_network(network.as_deref()).map_err(Failure::Usage)?;
            let opts = ImportOptions {
                network,
                limits: limits_from(&limits).map_err(Failure::Usage)?,
                timezone,
                ..ImportOptions::default()
            };
            let r = lifeboat::inspect(&dump, &opts)?;
            if json {
                println!("{}", r.to_json());
                return Ok(ExitCode::SUCCESS);
            }
            println!("{}: {} export, {}", dump.display(), r.network, r.generation);
            println!(
                "sha256 {}  {} bytes  ({})",
                r.source.sha256, r.source.bytes, r.source.container
            );
            println!("\nentries ({}):", r.entries.total);
            for e in &r.entry_list {
                let fate = format!("{:?}", e.fate).to_lowercase();
                let what = e.role.clone().or(e.reason.clone()).unwrap_or_default();
                let recs = if e.records > 0 {
                    format!(
                        " [{} item{}]",
                        e.records,
                        if e.records == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                };
                println!("  {fate:<8} {:<50} {what}{recs}", e.path);
            }
            println!("\nrecords:");
            for (k, c) in &r.records {
                println!(
                    "  {k:<13} read {:>8}  converted {:>8}  kept raw {:>6}  skipped {:>6}",
                    c.read, c.converted, c.kept_raw, c.skipped
                );
            }
            if r.missing_media_count > 0 {
                println!("\nmissing media: {}", r.missing_media_count);
            }
            for w in r.warnings.iter().take(20) {
                println!("warning: {w}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Verify { archive } => {
            let v = lifeboat::archive::verify(&archive)?;
            if v.ok() {
                println!(
                    "{}: intact ({} files, {} bytes)",
                    archive.display(),
                    v.files,
                    v.bytes
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &v.problems {
                    println!("{p}");
                }
                eprintln!(
                    "error: {}: {} problem(s) found",
                    archive.display(),
                    v.problems.len()
                );
                Ok(ExitCode::from(1))
            }
        }
        Cmd::Diff { old, new, json } => {
            // like diff(1): errors exit 2
            let d = match lifeboat::records::diff(&old, &new) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {}", e.to_string().replace('\n', " "));
                    return Ok(ExitCode::from(2));
                }
            };
            if let Some(p) = &json {
                if let Err(e) = std::fs::write(p, d.to_json()) {
                    eprintln!("error: {}: {e}", p.display());
                    return Ok(ExitCode::from(2));
                }
            }
            print_diff(&d);
            Ok(if d.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Cmd::Audit {
            archive,
            json,
            html,
        } => {
            let a = lifeboat::records::audit(&archive)?;
            if let Some(p) = &json {
                let s = serde_json::to_string_pretty(&a.json).unwrap_or_default();
                std::fs::write(p, s)
                    .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
            }
            if let Some(p) = &html {
                std::fs::write(p, lifeboat::records::audit_html(&a))
                    .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
            }
            print_audit(&a.json);
            Ok(if a.verified {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Cmd::Hold {
            archive,
            reason,
            release,
        } => {
            if release {
                let h = lifeboat::archive::custody::release(&archive)?;
                println!(
                    "{}: hold released (was: {}, since {})",
                    archive.display(),
                    h.reason,
                    h.since
                );
            } else {
                let h =
                    lifeboat::archive::custody::hold(&archive, reason.as_deref().unwrap_or(""))?;
                println!(
                    "{}: under legal hold since {} ({}); imports into it are refused until released",
                    archive.display(),
                    h.since,
                    h.reason
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Export { archive, args } => {
            hints::check_archive(&archive).map_err(Failure::Usage)?;
            run_export(&archive, &args)
        }
        Cmd::Convert { dumps, parts, args } => {
            // refuse an output that would be refused anyway before a long import
            if let (Some(out), Some(shape), false) = (&args.out, args.shape(), args.dry_run) {
                lifeboat::export::check_out(None, shape, out, args.force)?;
            }
            let tmp = std::env::temp_dir().join(format!("lifeboat-convert-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&tmp);
            let opts = ImportOptions::default();
            let groups: Vec<Vec<&std::path::Path>> = if parts {
                vec![dumps.iter().map(|d| d.as_path()).collect()]
            } else {
                dumps.iter().map(|d| vec![d.as_path()]).collect()
            };
            let res = (|| {
                for g in &groups {
                    let done = lifeboat::import_parts(g, &tmp, &opts, &mut lifeboat::NoProgress)?;
                    eprintln!(
                        "imported {} ({}): {} records, {} skipped",
                        g[0].display(),
                        done.report.network,
                        done.report
                            .records
                            .values()
                            .map(|c| c.converted)
                            .sum::<u64>(),
                        done.report.skipped_total()
                    );
                }
                Ok::<(), lifeboat::Error>(())
            })();
            let out = match res {
                Ok(()) => run_export(&tmp, &args),
                Err(e) => Err(e.into()),
            };
            // the temporary archive's lock file goes with it
            let lock = lifeboat::archive::lock::lock_path(&tmp);
            let _ = std::fs::remove_dir_all(&tmp);
            if let Ok(l) = lock {
                let _ = std::fs::remove_file(l);
            }
            out
        }
        Cmd::Schema => {
            println!("{}", lifeboat::schema::schema());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Formats => {
            for f in lifeboat::networks() {
                println!("{:<10} {}", f.name, f.description);
                for g in f.generations {
                    println!("           - {g}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

// Parsing allocates many small maps and strings; mimalloc makes that markedly cheaper.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
