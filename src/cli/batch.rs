//! `batch`: many dumps into one archive per account, with a line per dump as it is
//! done and a combined summary.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use lifeboat::batch::{BatchReport, Event, Outcome};

use crate::import::count;
use crate::Failure;

/// What `lifeboat batch` was given.
pub(crate) struct BatchArgs {
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) lists: Vec<PathBuf>,
    pub(crate) out: PathBuf,
    pub(crate) jobs: usize,
    pub(crate) parquet: Option<PathBuf>,
    pub(crate) include: Vec<String>,
    pub(crate) report: Option<PathBuf>,
    pub(crate) opts: lifeboat::ImportOptions,
    pub(crate) quiet: bool,
}

pub(crate) fn run_batch(a: BatchArgs) -> Result<ExitCode, Failure> {
    if a.inputs.is_empty() && a.lists.is_empty() {
        return Err(Failure::Usage(
            "give folders of dumps, dumps, or --list FILE".into(),
        ));
    }
    let mut b = lifeboat::Batch::new(&a.out)
        .jobs(a.jobs)
        .options(a.opts.clone());
    for p in &a.inputs {
        b = if p.is_dir() { b.dir(p) } else { b.dump(p) };
    }
    for l in &a.lists {
        b = if l.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| Failure::Error(format!("standard input: {e}")))?;
            b.list_text(text, std::env::current_dir().unwrap_or_default())
        } else {
            b.list(l)?
        };
    }
    if let Some(pq) = &a.parquet {
        let mut include = Vec::new();
        for i in &a.include {
            if !i.trim().is_empty() {
                include.push(lifeboat::export::Filter::parse_visibility(i)?);
            }
        }
        let opts = lifeboat::ExportOptions {
            filter: lifeboat::export::Filter {
                include,
                ..Default::default()
            },
            ..Default::default()
        };
        b = b.parquet(pq, opts);
    } else if !a.include.is_empty() {
        return Err(Failure::Usage("--include goes with --parquet".into()));
    }
    let quiet = a.quiet;
    let jobs = a.jobs;
    let say = move |e: Event| {
        if quiet {
            return;
        }
        match e {
            Event::Found { dumps } => eprintln!(
                "{} dump{} found; looking at each ({jobs} at a time)",
                count(dumps as u64),
                if dumps == 1 { "" } else { "s" }
            ),
            Event::Dump(d) => {
                let what = match (d.outcome, &d.reason) {
                    (Outcome::Failed | Outcome::Skipped, Some(r)) => {
                        format!(": {}", r.replace('\n', " "))
                    }
                    _ => {
                        let n: u64 = d.records.values().map(|c| c.read).sum();
                        format!(" ({} records, {:.1} s)", count(n), d.seconds)
                    }
                };
                eprintln!(
                    "  {:<8} {:<28} {}{what}",
                    d.outcome.as_str(),
                    d.archive.as_deref().unwrap_or("-"),
                    d.path
                );
                for n in &d.notes {
                    eprintln!("           note: {n}");
                }
            }
            Event::Exported(x) => eprintln!(
                "  parquet  {:<28} {}",
                x.name,
                x.parquet.as_deref().unwrap_or("")
            ),
            _ => {}
        }
    };
    let report = b.on_event(&say).run()?;
    if let Some(p) = &a.report {
        std::fs::write(p, report.to_json())
            .map_err(|e| Failure::Error(format!("{}: {e}", p.display())))?;
    }
    if !quiet {
        print!("{}", summary(&report));
    } else {
        for d in report.dumps.iter().filter(|d| d.outcome == Outcome::Failed) {
            eprintln!(
                "failed: {}: {}",
                d.path,
                d.reason.as_deref().unwrap_or("").replace('\n', " ")
            );
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The combined summary: outcomes, archives, records per kind, failures, the report.
pub(crate) fn summary(r: &BatchReport) -> String {
    let mut s = String::new();
    let n = |o: Outcome| r.totals.dumps.get(&o).copied().unwrap_or(0);
    let _ = writeln!(
        s,
        "\nbatch into {}: {} dump{}: {} imported, {} merged, {} skipped (already imported), {} failed{}",
        r.root,
        count(r.dumps.len() as u64),
        if r.dumps.len() == 1 { "" } else { "s" },
        n(Outcome::Imported),
        n(Outcome::Merged),
        n(Outcome::Skipped),
        n(Outcome::Failed),
        if r.interrupted { " (interrupted)" } else { "" }
    );
    let new = r
        .archives
        .iter()
        .filter(|a| a.added > 0 && a.added == a.dumps)
        .count();
    let grown = r
        .archives
        .iter()
        .filter(|a| a.added > 0 && a.added < a.dumps)
        .count();
    let _ = writeln!(
        s,
        "archives: {new} new, {grown} with new dumps (one per account)"
    );
    if let Some(p) = &r.parquet {
        let ok = r
            .archives
            .iter()
            .filter(|a| {
                a.parquet
                    .as_deref()
                    .is_some_and(|x| x.starts_with("exported"))
            })
            .count();
        let bad = r
            .archives
            .iter()
            .filter(|a| {
                a.parquet
                    .as_deref()
                    .is_some_and(|x| !x.starts_with("exported"))
            })
            .count();
        let _ = writeln!(
            s,
            "parquet: {ok} archive(s) exported into {p}{}",
            if bad > 0 {
                format!(", {bad} failed")
            } else {
                String::new()
            }
        );
    }
    if !r.totals.records.is_empty() {
        let (mut read, mut conv, mut raw, mut skip) = (0, 0, 0, 0);
        for c in r.totals.records.values() {
            read += c.read;
            conv += c.converted;
            raw += c.kept_raw;
            skip += c.skipped;
        }
        let _ = writeln!(
            s,
            "records of the dumps imported now: {} {} accounted for: {} converted, {} kept raw, {} skipped",
            if r.totals.balanced { "all" } else { "NOT all of" },
            count(read),
            count(conv),
            count(raw),
            count(skip)
        );
        let _ = writeln!(
            s,
            "  {:<13} {:>10} {:>10} {:>9} {:>8}",
            "kind", "read", "converted", "kept raw", "skipped"
        );
        for (k, c) in &r.totals.records {
            let _ = writeln!(
                s,
                "  {:<13} {:>10} {:>10} {:>9} {:>8}",
                k.as_str(),
                count(c.read),
                count(c.converted),
                count(c.kept_raw),
                count(c.skipped)
            );
        }
    }
    let failed: Vec<_> = r
        .dumps
        .iter()
        .filter(|d| d.outcome == Outcome::Failed)
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(s, "failed:");
        for d in failed {
            let _ = writeln!(
                s,
                "  {}: {}",
                d.path,
                d.reason.as_deref().unwrap_or("").replace('\n', " ")
            );
        }
    }
    let notes: Vec<_> = r.dumps.iter().filter(|d| !d.notes.is_empty()).collect();
    if !notes.is_empty() {
        let _ = writeln!(s, "notes:");
        for d in notes {
            for n in &d.notes {
                let _ = writeln!(s, "  {}: {n}", d.path);
            }
        }
    }
    if !r.not_dumps.is_empty() {
        let _ = writeln!(
            s,
            "passed over: {} file(s) or folder(s) that are not dumps (listed in the report)",
            r.not_dumps.len()
        );
    }
    let _ = writeln!(
        s,
        "report: {}",
        std::path::Path::new(&r.root)
            .join(lifeboat::batch::REPORT_FILE)
            .display()
    );
    if r.ok() {
        let _ = writeln!(
            s,
            "next: run it again with new dumps; what is already imported is skipped"
        );
    } else {
        let _ = writeln!(
            s,
            "exit status 1: {} dump(s) failed; the others are imported, and a new run retries the failed ones",
            n(Outcome::Failed)
        );
    }
    s
}
