//! Import a dump into an archive, then read its records back, typed.
//!
//! ```sh
//! cargo run --example import_and_iterate                     # a bundled X sample
//! cargo run --example import_and_iterate -- DUMP ARCHIVE     # your own
//! ```

use std::path::PathBuf;

fn main() -> lifeboat::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dump, out) = match args.as_slice() {
        [d, o] => (PathBuf::from(d), PathBuf::from(o)),
        _ => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026"),
            std::env::temp_dir().join(format!("lifeboat-example-{}", std::process::id())),
        ),
    };
    let _ = std::fs::remove_dir_all(&out);

    // one call: detect the network, read every entry, write a BagIt archive
    let done = lifeboat::import(&dump, &out)?;
    let r = &done.report;
    println!(
        "{} export ({}) -> {}",
        r.network,
        r.generation,
        out.display()
    );
    for (kind, c) in &r.records {
        // every record of the dump is accounted for
        assert_eq!(c.read, c.converted + c.kept_raw + c.skipped);
        println!(
            "  {kind:<13} {:>6} read, {:>6} converted",
            c.read, c.converted
        );
    }

    // the archive's records, streamed one at a time, as their own types
    let archive = lifeboat::Archive::open(&out)?;
    for account in archive.accounts()? {
        let a = account?;
        if a.is_owner {
            println!("owner: {} ({})", a.handle.unwrap_or_default(), a.id);
        }
    }
    for post in archive.posts()?.take(3) {
        let p = post?;
        let when = p.created_at.map(|t| t.to_rfc3339()).unwrap_or_default();
        let text: String = p.text.chars().take(60).collect();
        println!("  {when}  {text}");
    }
    let media = archive.media()?.count();
    println!("media records: {media}");

    if args.is_empty() {
        std::fs::remove_dir_all(&out).ok();
    }
    Ok(())
}
