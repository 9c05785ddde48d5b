//! Export an archive to another format, and read what could not be expressed.
//!
//! ```sh
//! cargo run --example export
//! ```

fn main() -> lifeboat::Result<()> {
    let dump = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/mastodon/samples/archive-2023.zip");
    let tmp = std::env::temp_dir().join(format!("lifeboat-example-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(lifeboat::Error::from)?;
    let archive = tmp.join("archive");
    lifeboat::import(&dump, &archive)?;

    // a public Atom feed: only public posts by the owner go in by default
    let feed = tmp.join("feed.atom");
    let report = lifeboat::export(
        &archive,
        lifeboat::Format::Atom,
        &feed,
        &lifeboat::ExportOptions::default(),
    )?;
    println!("wrote {}: {:?}", feed.display(), report.written);
    for loss in &report.lost {
        println!(
            "  not in the feed: {} {} ({})",
            loss.count, loss.kind, loss.reason
        );
    }

    // everything, for a records team: one SQLite database
    let db = tmp.join("records.sqlite");
    let report = lifeboat::export(
        &archive,
        lifeboat::Format::Sqlite,
        &db,
        &lifeboat::ExportOptions::default(),
    )?;
    println!("wrote {}: {:?}", db.display(), report.written);

    // the --to names, as the command line takes them
    let names: Vec<&str> = lifeboat::Format::ALL.iter().map(|f| f.name()).collect();
    println!("formats: {}", names.join(", "));

    std::fs::remove_dir_all(&tmp).ok();
    Ok(())
}
