//! A batch import: folders of dumps into one archive per account, with a Parquet tree
//! of all of them and a combined report; run again, it finds nothing new.
//!
//! ```sh
//! cargo run --example batch
//! ```

use std::path::Path;

use lifeboat::batch::{Event, Outcome};

fn main() -> lifeboat::Result<()> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let work = std::env::temp_dir().join(format!("lifeboat-example-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);

    // every dump as it is done
    let say = |e: Event| {
        if let Event::Dump(d) = e {
            println!(
                "{:<8} {:<40} {}",
                d.outcome.as_str(),
                d.archive.as_deref().unwrap_or("-"),
                d.path
            );
        }
    };
    let run = || {
        lifeboat::Batch::new(work.join("archives"))
            // five exports of one YouTube channel, three Mastodon accounts' dumps
            .dir(samples.join("youtube/samples"))
            .dir(samples.join("mastodon/samples"))
            .jobs(2)
            .parquet(work.join("lake"), lifeboat::ExportOptions::default())
            .on_event(&say)
            .run()
    };
    let report = run()?;
    for a in &report.archives {
        println!(
            "archive {} ({}): {} dump(s), Parquet {}",
            a.name,
            a.account.as_deref().unwrap_or("owner not named"),
            a.dumps,
            a.parquet.as_deref().unwrap_or("-")
        );
    }
    for (kind, c) in &report.totals.records {
        println!(
            "{kind}: {} read = {} converted + {} kept raw + {} skipped",
            c.read, c.converted, c.kept_raw, c.skipped
        );
    }
    assert!(report.ok() && report.totals.balanced);

    // the second run skips every dump: each archive records its dumps' SHA-256
    let again = run()?;
    assert!(again.dumps.iter().all(|d| d.outcome == Outcome::Skipped));
    println!(
        "second run: {} dumps, all skipped; the report is {}",
        again.dumps.len(),
        work.join("archives")
            .join(lifeboat::batch::REPORT_FILE)
            .display()
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
