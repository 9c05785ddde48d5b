//! `import`: progress while it runs, and the summary a records manager reads after.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use lifeboat::report::Report;
use lifeboat::{Kind, Progress};

/// How often a log line is written when stderr is not a terminal (a batch job's log).
const LOG_EVERY: Duration = Duration::from_secs(10);

/// Progress: a one-line bar on a terminal (bytes, rate, ETA, the entry at hand cut to
/// the width left), a log line every ten seconds otherwise, nothing with `--quiet`.
pub(crate) enum Reporter {
    Quiet,
    Bar(indicatif::ProgressBar),
    Log {
        start: Instant,
        last: Instant,
        name: String,
    },
}

impl Reporter {
    pub(crate) fn new(quiet: bool, dump: &Path) -> Reporter {
        if quiet {
            return Reporter::Quiet;
        }
        if std::io::stderr().is_terminal() {
            let b = indicatif::ProgressBar::new(1);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:24} {percent:>3}% {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} ETA {eta:<4} {wide_msg}",
            ) {
                b.set_style(style);
            }
            Reporter::Bar(b)
        } else {
            let now = Instant::now();
            Reporter::Log {
                start: now,
                last: now,
                name: dump.display().to_string(),
            }
        }
    }

    pub(crate) fn finish(self) {
        if let Reporter::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn update(&mut self, done: u64, total: u64, entry: &str) {
        match self {
            Reporter::Quiet => {}
            Reporter::Bar(b) => {
                b.set_length(total.max(1));
                b.set_position(done);
                // wide_msg cuts it to the terminal's width: the line never wraps
                b.set_message(entry.to_string());
            }
            Reporter::Log { start, last, name } => {
                let now = Instant::now();
                if now.duration_since(*last) < LOG_EVERY || entry.is_empty() {
                    return;
                }
                *last = now;
                eprintln!(
                    "{}",
                    log_line(name, done, total, now.duration_since(*start), entry)
                );
            }
        }
    }
}

/// One progress line for a log: `dump: 1.2 GiB of 50.0 GiB (2%), 41.0 MiB/s, about 20m
/// left; reading data/tweets.js`.
pub(crate) fn log_line(
    name: &str,
    done: u64,
    total: u64,
    elapsed: Duration,
    entry: &str,
) -> String {
    let secs = elapsed.as_secs_f64().max(0.001);
    let rate = done as f64 / secs;
    let pct = done.saturating_mul(100).checked_div(total).unwrap_or(0);
    let left = if rate > 0.0 && total > done {
        format!(", about {} left", duration((total - done) as f64 / rate))
    } else {
        String::new()
    };
    let entry: String = entry.chars().take(80).collect();
    format!(
        "{name}: {} of {} ({pct}%), {}/s{left}; reading {entry}",
        bytes(done),
        bytes(total),
        bytes(rate as u64)
    )
}

fn duration(s: f64) -> String {
    let s = s as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// A size for people: `950 B`, `12.3 MiB`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS.get(u).copied().unwrap_or("B"))
    }
}

/// A count with thousands separators: `300,450`.
pub(crate) fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Records of each kind in the archive now (lines of its records files).
fn stored(archive: &Path) -> std::collections::BTreeMap<Kind, u64> {
    use std::io::Read;
    let mut m = std::collections::BTreeMap::new();
    for k in Kind::ALL {
        let p = archive.join("data/records").join(k.file_name());
        let Ok(mut f) = std::fs::File::open(&p) else {
            continue;
        };
        let mut buf = vec![0u8; 1 << 16];
        let mut n = 0u64;
        while let Ok(got) = f.read(&mut buf) {
            if got == 0 {
                break;
            }
            n += buf
                .get(..got)
                .map_or(0, |b| memchr::memchr_iter(b'\n', b).count()) as u64;
        }
        m.insert(k, n);
    }
    m
}

/// What the import summary needs besides the report.
pub(crate) struct Done<'a> {
    pub(crate) dump: &'a Path,
    pub(crate) parts: usize,
    pub(crate) archive: &'a Path,
    pub(crate) merged: bool,
    pub(crate) merge: Option<&'a std::collections::BTreeMap<Kind, lifeboat::archive::MergeCounts>>,
    pub(crate) source_id: &'a str,
    pub(crate) report_copy: Option<&'a Path>,
}

/// The summary: grouped counts that add up, what the archive holds, what went wrong
/// and where the details are, and what to do next.
pub(crate) fn summary(d: &Done, r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let more = if d.parts > 1 {
        format!(" and {} more part(s)", d.parts - 1)
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "{}{more}: {} export ({}) -> {}{}",
        d.dump.display(),
        r.network,
        r.generation,
        d.archive.display(),
        if d.merged {
            " (merged into the existing archive)"
        } else {
            ""
        }
    );
    let (mut read, mut conv, mut raw, mut skip) = (0, 0, 0, 0);
    for c in r.records.values() {
        read += c.read;
        conv += c.converted;
        raw += c.kept_raw;
        skip += c.skipped;
    }
    let balanced = r.records.values().all(|c| c.balanced());
    let _ = writeln!(
        s,
        "  {} {} records {}: {} converted, {} kept raw, {} skipped",
        if balanced { "all" } else { "NOT all of" },
        count(read),
        if balanced {
            "accounted for"
        } else {
            "accounted for (a bug: please report it)"
        },
        count(conv),
        count(raw),
        count(skip)
    );
    let now = stored(d.archive);
    let _ = writeln!(
        s,
        "\n  {:<13} {:>10} {:>10} {:>9} {:>8}   {:>10}",
        "kind", "read", "converted", "kept raw", "skipped", "in archive"
    );
    let mut folded = false;
    for (k, c) in &r.records {
        let held = now.get(k).copied().unwrap_or(0);
        if !d.merged && held < c.converted {
            folded = true;
        }
        let _ = writeln!(
            s,
            "  {:<13} {:>10} {:>10} {:>9} {:>8}   {:>10}",
            k.as_str(),
            count(c.read),
            count(c.converted),
            count(c.kept_raw),
            count(c.skipped),
            count(held)
        );
    }
    if folded {
        let _ = writeln!(
            s,
            "  (fewer in the archive than converted: edits of one item are folded into its \
             history, one record with its earlier versions)"
        );
    }
    if let Some(m) = d.merge {
        let (mut added, mut changed, mut unchanged) = (0, 0, 0);
        for c in m.values() {
            added += c.added;
            changed += c.changed;
            unchanged += c.unchanged;
        }
        if added == 0 && changed == 0 {
            let _ = writeln!(
                s,
                "  nothing new: all {} records of this dump were already in the archive, unchanged",
                count(unchanged)
            );
        } else {
            let _ = writeln!(
                s,
                "  merged: {} new, {} changed (earlier versions kept as history), {} unchanged",
                count(added),
                count(changed),
                count(unchanged)
            );
        }
    }
    let e = &r.entries;
    let _ = writeln!(
        s,
        "\n  entries: {} ({} read for records, {} media, {} carried verbatim, {} ignored{})",
        count(e.total),
        count(e.parsed),
        count(e.media),
        count(e.carried),
        count(e.ignored),
        if e.refused > 0 {
            format!(", of which {} refused as unsafe", count(e.refused))
        } else {
            String::new()
        }
    );
    let report_in = format!("{}/data/reports/{}.json", d.archive.display(), d.source_id);
    let report_path = d
        .report_copy
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| report_in.clone());
    if r.missing_media_count > 0 {
        let _ = writeln!(
            s,
            "  missing media: {} file(s) the dump refers to but does not hold (listed in the report)",
            count(r.missing_media_count)
        );
    }
    if !r.skips.is_empty() {
        let _ = writeln!(s, "  skipped records, by reason:");
        for (why, n) in r.skip_reasons.iter().take(5) {
            let _ = writeln!(s, "    {:>8}  {why}", count(*n));
        }
        if r.skip_reasons.len() > 5 {
            let _ = writeln!(
                s,
                "    … {} more reasons in {report_path}",
                r.skip_reasons.len() - 5
            );
        }
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(s, "  warnings: {}", count(r.warnings.len() as u64));
        for w in r.warnings.iter().take(3) {
            let w: String = w.chars().take(160).collect();
            let _ = writeln!(s, "    - {w}");
        }
        if r.warnings.len() > 3 {
            let _ = writeln!(
                s,
                "    … and {} more in {report_path}",
                count(r.warnings.len() as u64 - 3)
            );
        }
    }
    let _ = writeln!(s, "  covers: {}", crate::print::coverage_line(&r.coverage));
    let _ = writeln!(s, "  report: {report_in}");
    if let Some(p) = d.report_copy {
        let _ = writeln!(s, "          (and {})", p.display());
    }
    let _ = writeln!(
        s,
        "\nnext: lifeboat verify {a}   (re-check every checksum)\n      lifeboat audit {a}    (sources, counts, custody log)",
        a = d.archive.display()
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(300450), "300,450");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn a_log_line_says_how_far_and_how_long() {
        let l = log_line(
            "d.zip",
            50 << 20,
            100 << 20,
            Duration::from_secs(10),
            "data/tweets.js",
        );
        assert_eq!(
            l,
            "d.zip: 50.0 MiB of 100.0 MiB (50%), 5.0 MiB/s, about 10s left; reading data/tweets.js"
        );
    }
}
