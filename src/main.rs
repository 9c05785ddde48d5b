//! The `lifeboat` command: a thin layer over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lifeboat::import::Progress;
use lifeboat::{ImportOptions, Limits};

#[derive(Parser)]
#[command(
    name = "lifeboat",
    version,
    about = "Read social network exports into one verifiable, platform-neutral archive"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import one or more dumps (zip, tar.gz or folder) into an archive.
    Import {
        /// The dumps, in order (later exports are merged over earlier ones).
        #[arg(required = true)]
        dumps: Vec<PathBuf>,
        /// The archive folder (created, or merged into when it exists).
        #[arg(long)]
        out: PathBuf,
        /// Write the import report (JSON) here too (with several dumps: the last one's).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Fail, writing nothing, when any record is skipped or any entry of the dump
        /// refused (a link, an unsafe or impossible name, a duplicate name).
        #[arg(long)]
        strict: bool,
        /// Read the dump as this network's instead of detecting it.
        #[arg(long)]
        network: Option<String>,
        /// Keep the whole original dump inside the archive.
        #[arg(long)]
        keep_original: bool,
        /// The dumps are the parts of one export (a very large account's several zips):
        /// read them as one, so that what one part refers to in another is joined.
        #[arg(long)]
        parts: bool,
        /// A folder of blobs that goes with the dump (Bluesky: files named by CID, as
        /// `goat blob export` writes them); linked to their records as media.
        #[arg(long, value_name = "DIR")]
        blobs: Option<PathBuf>,
        /// The clock of times that carry no zone, an IANA name (Second Life viewer
        /// logs: default America/Los_Angeles, Second Life time).
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        /// Change a safety limit, NAME=VALUE (total-bytes, entry-bytes, ratio, entries,
        /// json-depth, record-bytes, car-block, field-bytes); sizes take K, M, G.
        #[arg(long = "limit", value_name = "NAME=VALUE")]
        limits: Vec<String>,
        /// A field for the archive's bag-info.txt, KEY=VALUE (Source-Organization,
        /// Contact-Name, Contact-Email, Custodian, …); repeatable, kept for later imports.
        #[arg(long = "bag-info", value_name = "KEY=VALUE")]
        bag_info: Vec<String>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// What changed between two exports of one account (archives or dumps): records
    /// added, removed and changed per kind. A record only the older one holds is
    /// "removed" where the newer export covers its kind, else "not covered" (its absence
    /// says nothing). Exit 0 when identical, 1 when they differ, 2 on error.
    Diff {
        /// The older archive or dump.
        old: PathBuf,
        /// The newer archive or dump.
        new: PathBuf,
        /// Write the whole diff as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// What an auditor asks of an archive: sources with their sha256, records by kind,
    /// network and visibility, declared counts reconciled, missing media, skips,
    /// repairs, the custody log, any hold, and whether every checksum holds.
    Audit {
        /// The archive folder.
        archive: PathBuf,
        /// Write the audit as JSON here (the readable summary is printed anyway).
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Place a legal hold on an archive (no command will rewrite or delete its payload
    /// files), or release it; both are logged.
    Hold {
        /// The archive folder.
        archive: PathBuf,
        /// Why the archive is held (a matter, a request).
        #[arg(long, required_unless_present = "release")]
        reason: Option<String>,
        /// Release the hold.
        #[arg(long, conflicts_with = "reason")]
        release: bool,
    },
    /// Show what a dump holds (network, generation, every entry, record counts); writes nothing.
    Inspect {
        /// The dump.
        dump: PathBuf,
        /// Read it as this network's.
        #[arg(long)]
        network: Option<String>,
        /// Print the whole report as JSON.
        #[arg(long)]
        json: bool,
        /// Change a safety limit, NAME=VALUE.
        #[arg(long = "limit", value_name = "NAME=VALUE")]
        limits: Vec<String>,
        /// The clock of times that carry no zone (see `import --timezone`).
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
    },
    /// Re-check every checksum of an archive; exit 0 when intact.
    Verify {
        /// The archive folder.
        archive: PathBuf,
    },
    /// Export an archive to another format, with a report of what it could not express.
    Export {
        /// The archive folder.
        archive: PathBuf,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// Import dumps into a temporary archive and export it (see `export`).
    Convert {
        /// The dumps.
        #[arg(required = true)]
        dumps: Vec<PathBuf>,
        /// The dumps are the parts of one export.
        #[arg(long)]
        parts: bool,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// Print the JSON Schema of the records.
    Schema,
    /// List the networks and export generations lifeboat reads.
    Formats,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// The format: mastodon, activitystreams, atom, rss, jsonfeed, wxr, csv, sqlite, html,
    /// bluesky (an AT Protocol repository folder: repo.car, blobs/, mapping.jsonl);
    /// for records teams rsmf (RSMF 2.0, one file per conversation) and eml.
    #[arg(long = "to")]
    to: String,
    /// Where to write (a file, or a folder for csv and html).
    #[arg(long, required_unless_present = "dry_run")]
    out: Option<PathBuf>,
    /// Publish more than public posts: unlisted, followers, limited, direct, unknown
    /// (posts whose audience the dump does not record, as Facebook's and Instagram's);
    /// repeat or separate with commas.
    #[arg(long, value_delimiter = ',')]
    include: Vec<String>,
    /// Only posts from this date on (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    since: Option<String>,
    /// Only posts before this date.
    #[arg(long)]
    until: Option<String>,
    /// Only records of this network.
    #[arg(long)]
    network: Option<String>,
    /// Only the posts of this account (record id, native id or handle).
    #[arg(long)]
    account: Option<String>,
    /// Write the report (what was written and what could not be expressed) as JSON here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Write nothing; print only the report.
    #[arg(long)]
    dry_run: bool,
    /// rsmf: also write one file per public thread (a post and its replies), as a channel.
    #[arg(long)]
    threads: bool,
    /// Replace an existing file at --out, or a non-empty folder that no lifeboat export
    /// wrote (refused without it; a file is never replaced by a folder, nor a folder by
    /// a file).
    #[arg(long)]
    force: bool,
    /// Publish media files whose location and camera metadata cannot be removed
    /// (unknown or damaged types) as they are; the site offers them only as downloads.
    /// Without it they are left out and counted in the report.
    #[arg(long)]
    publish_uncleaned_media: bool,
    /// bluesky: the repository's DID (default: the owner's when the archive is a Bluesky
    /// account's, else the signing key's did:key, else a placeholder the report names).
    #[arg(long)]
    did: Option<String>,
    /// bluesky: sign the commit with this key, a multibase (z…) secp256k1 or P-256
    /// private key (as `goat key generate` prints); the file it is in, or
    /// LIFEBOAT_SIGNING_KEY, also work (a key on the command line is seen by `ps`).
    /// Without it the commit is written unsigned and the report says so.
    #[arg(long)]
    signing_key: Option<String>,
}

impl ExportArgs {
    /// The shape of the output: a folder (csv, html, rsmf, eml) or a file; `None` for
    /// an unknown format.
    fn shape(&self) -> Option<lifeboat::export::Shape> {
        if self.to == "rsmf" || self.to == "eml" {
            return Some(lifeboat::export::Shape::Folder);
        }
        lifeboat::export::Format::from_name(&self.to).map(lifeboat::export::shape)
    }
}

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

fn run_export(archive: &std::path::Path, a: &ExportArgs) -> Result<ExitCode, Failure> {
    use lifeboat::export::{ExportOptions, Filter, Format};
    if a.to == "rsmf" || a.to == "eml" {
        return run_records_export(archive, a);
    }
    let format = Format::from_name(&a.to).ok_or_else(|| {
        let mut names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        names.extend(["rsmf", "eml"]);
        Failure::Usage(format!(
            "unknown format {:?}; --to takes one of {}",
            a.to,
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

struct Bar(Option<indicatif::ProgressBar>);

impl Progress for Bar {
    fn update(&mut self, done: u64, total: u64, entry: &str) {
        if let Some(b) = &self.0 {
            b.set_length(total.max(1));
            b.set_position(done);
            let e: String = entry.chars().take(60).collect();
            b.set_message(e);
        }
    }
}

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
            eprintln!("error: {}", m.replace('\n', " "));
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Error(String),
}

impl From<lifeboat::Error> for Failure {
    fn from(e: lifeboat::Error) -> Self {
        match e {
            lifeboat::Error::Usage(m) => Failure::Usage(m),
            e => Failure::Error(e.to_string()),
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
            let tty = std::io::stderr().is_terminal() && !quiet;
            // several dumps: successive exports merged one after the other, or with
            // --parts the parts of one export read as one
            let groups: Vec<Vec<&std::path::Path>> = if parts {
                vec![dumps.iter().map(|d| d.as_path()).collect()]
            } else {
                dumps.iter().map(|d| vec![d.as_path()]).collect()
            };
            for group in &groups {
                let dump = group[0];
                let bar = tty.then(|| {
                    let b = indicatif::ProgressBar::new(1);
                    if let Ok(style) = indicatif::ProgressStyle::with_template(
                        "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {msg}",
                    ) {
                        b.set_style(style);
                    }
                    b
                });
                let mut progress = Bar(bar);
                let done = lifeboat::import_parts(group, &out, &opts, &mut progress)?;
                if let Some(b) = progress.0 {
                    b.finish_and_clear();
                }
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
                let mut line = format!(
                    "{}{} ({}) -> {}{}:",
                    dump.display(),
                    if group.len() > 1 {
                        format!(" and {} more part(s)", group.len() - 1)
                    } else {
                        String::new()
                    },
                    r.network,
                    commit.path.display(),
                    if commit.merged { " (merged)" } else { "" }
                );
                for (k, c) in &r.records {
                    line.push_str(&format!(" {k} {}", c.converted));
                }
                println!("{line}");
                let e = &r.entries;
                println!(
                    "  entries: {} ({} parsed, {} media, {} carried, {} ignored); skipped records: {}; missing media: {}; warnings: {}",
                    e.total,
                    e.parsed,
                    e.media,
                    e.carried,
                    e.ignored,
                    r.skipped_total(),
                    r.missing_media_count,
                    r.warnings.len()
                );
                println!("  covers: {}", coverage_line(&r.coverage));
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Inspect {
            dump,
            network,
            json,
            limits,
            timezone,
        } => {
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
        Cmd::Audit { archive, json } => {
            let a = lifeboat::records::audit(&archive)?;
            if let Some(p) = &json {
                let s = serde_json::to_string_pretty(&a.json).unwrap_or_default();
                std::fs::write(p, s)
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
        Cmd::Export { archive, args } => run_export(&archive, &args),
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
                    let done =
                        lifeboat::import_parts(g, &tmp, &opts, &mut lifeboat::import::NoProgress)?;
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
            for f in lifeboat::import::formats() {
                println!("{:<10} {}", f.name, f.description);
                for g in f.generations {
                    println!("           - {g}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_diff(d: &lifeboat::records::Diff) {
    println!("--- {}\n+++ {}", d.old, d.new);
    for (network, c) in &d.coverage {
        println!("newer {network} export covers: {}", coverage_line(c));
    }
    if d.is_empty() {
        println!("identical: every record is the same");
        return;
    }
    for (kind, k) in &d.kinds {
        if k.added.is_empty()
            && k.removed.is_empty()
            && k.not_covered.is_empty()
            && k.changed.is_empty()
        {
            continue;
        }
        println!(
            "{kind}: {} added, {} removed, {} changed, {} unchanged{}",
            k.added.len(),
            k.removed.len(),
            k.changed.len(),
            k.unchanged,
            if k.not_covered.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} only in the older one but not covered by the newer export",
                    k.not_covered.len()
                )
            }
        );
        for id in k.removed.iter().take(20) {
            println!("  - {id}");
        }
        for id in k.added.iter().take(20) {
            println!("  + {id}");
        }
        for c in k.changed.iter().take(20) {
            let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
            println!("  ~ {} ({})", c.id, fields.join(", "));
            if let Some(t) = c.fields.iter().find(|f| f.field == "text") {
                let cut = |v: &serde_json::Value| -> String {
                    v.as_str().unwrap_or("").chars().take(100).collect()
                };
                println!("      was: {}", cut(&t.old));
                println!("      now: {}", cut(&t.new));
            }
        }
        let more = k.removed.len().saturating_sub(20)
            + k.added.len().saturating_sub(20)
            + k.changed.len().saturating_sub(20);
        if more > 0 {
            println!("  … {more} more (see --json)");
        }
    }
}

fn print_audit(a: &serde_json::Value) {
    use serde_json::Value;
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    println!("archive {}", s(&a["archive"]));
    println!(
        "verified: {}",
        if a["verified"] == true {
            "yes, every checksum holds"
        } else {
            "NO"
        }
    );
    for p in a["problems"].as_array().into_iter().flatten().take(20) {
        println!("  problem: {}", s(p));
    }
    println!("\nsources:");
    for src in a["sources"].as_array().into_iter().flatten() {
        println!(
            "  {} {} ({} {}) sha256 {} {} bytes, imported {} by {}",
            s(&src["id"]),
            s(&src["file_name"]),
            s(&src["network"]),
            s(&src["generation"]),
            s(&src["sha256"]),
            src["bytes"],
            s(&src["imported_at"]),
            s(&src["tool"])
        );
        if let Ok(c) = serde_json::from_value::<lifeboat::report::Coverage>(src["coverage"].clone())
        {
            println!("    covers: {}", coverage_line(&c));
        }
    }
    println!("\nrecords:");
    if let Some(m) = a["records"].as_object() {
        for (k, v) in m {
            println!("  {k:<13} {:>9}  {}", v["total"], v["by_network"]);
        }
    }
    println!("  posts by visibility: {}", a["visibility"]);
    println!("\nreconciliation (what the exports declare against what was read):");
    for r in a["reconciliation"].as_array().into_iter().flatten() {
        println!(
            "  {:<8} {} declared {} found {}{}",
            s(&r["status"]),
            s(&r["what"]),
            r["declared"],
            r["found"],
            r["note"]
                .as_str()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
    }
    println!(
        "\nmissing media: {}; skipped records: {}; repairs: {}; warnings: {}",
        a["missing_media"]["count"], a["skips"]["count"], a["repairs"], a["warnings"]
    );
    println!(
        "absent from the latest export (by its coverage): {}; marked absent in all: {}",
        a["absent_from_latest_export"], a["absent"]["by_kind"]
    );
    println!("custody log events: {}", a["log"]["events"]);
    match a["hold"].as_object() {
        Some(h) => println!(
            "legal hold: since {} ({})",
            h.get("since").and_then(Value::as_str).unwrap_or(""),
            h.get("reason").and_then(Value::as_str).unwrap_or("")
        ),
        None => println!("legal hold: none"),
    }
}

/// What a dump covers, in one line: its complete scopes, or why they are unknown.
fn coverage_line(c: &lifeboat::report::Coverage) -> String {
    use lifeboat::report::CoverageStatus;
    let whose = if c.accounts.is_empty() {
        "owner not named".to_string()
    } else {
        c.accounts.join(", ")
    };
    match c.status {
        CoverageStatus::Unknown => {
            format!("unknown ({})", c.reason.as_deref().unwrap_or("not stated"))
        }
        CoverageStatus::Known if c.complete.is_empty() => format!("nothing completely ({whose})"),
        CoverageStatus::Known => format!(
            "{} ({whose})",
            c.complete.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

// Parsing allocates many small maps and strings; mimalloc makes that markedly cheaper.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
