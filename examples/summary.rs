//! Import a dump and print what it held, kind by kind, from the report and the archive.
//!
//! ```sh
//! cargo run --example summary -- formats/twitter/samples/g3-2026 /tmp/summary-archive
//! ```

use std::path::Path;

use lifeboat::model::{Kind, Record};

fn main() -> Result<(), lifeboat::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dump, out) = match args.as_slice() {
        [d, o] => (std::path::PathBuf::from(d), std::path::PathBuf::from(o)),
        [] => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026"),
            std::env::temp_dir().join(format!("lifeboat-summary-{}", std::process::id())),
        ),
        _ => {
            eprintln!("usage: summary [DUMP ARCHIVE]");
            std::process::exit(2);
        }
    };
    let _ = std::fs::remove_dir_all(&out);
    let (dump, out) = (dump.as_path(), out.as_path());
    let done = lifeboat::import_dump(
        dump,
        out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )?;
    let r = &done.report;
    println!("{} ({})", r.network, r.generation);
    for (kind, c) in &r.records {
        println!(
            "  {kind:<13} {:>7} read = {} converted + {} kept raw + {} skipped",
            c.read, c.converted, c.kept_raw, c.skipped
        );
    }
    // read the posts back through the model, streamed
    let archive = lifeboat::archive::Archive::open(out)?;
    for rec in archive.records(Kind::Post)?.take(3) {
        if let Record::Post(p) = rec? {
            let when = p.created_at.map(|t| t.to_rfc3339()).unwrap_or_default();
            println!(
                "  {when}  {}",
                p.text
                    .chars()
                    .take(70)
                    .collect::<String>()
                    .replace('\n', " ")
            );
        }
    }
    let v = lifeboat::archive::verify(out)?;
    println!(
        "verify: {} ({} files)",
        if v.ok() { "intact" } else { "DAMAGED" },
        v.files
    );
    if args.is_empty() {
        std::fs::remove_dir_all(out).ok();
    }
    Ok(())
}
