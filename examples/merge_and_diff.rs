//! Two exports: what changed between them (`diff`), then both merged into one
//! archive, by record id, without duplicates; the same dump again adds nothing.
//!
//! ```sh
//! cargo run --example merge_and_diff
//! ```

fn main() -> lifeboat::Result<()> {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples");
    let older = samples.join("archive-2022.tar.gz");
    let newer = samples.join("archive-2023.zip");

    // diff reads dumps or archives
    let d = lifeboat::diff(&older, &newer)?;
    for (kind, k) in &d.kinds {
        println!(
            "{kind}: {} added, {} removed, {} changed, {} unchanged",
            k.added.len(),
            k.removed.len(),
            k.changed.len(),
            k.unchanged
        );
    }

    // the newer export merged over the older one (records with the same id are one)
    let out = std::env::temp_dir().join(format!("lifeboat-example-merge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    lifeboat::import(&older, &out)?;
    let done = lifeboat::import(&newer, &out)?;
    if let Some(commit) = &done.commit {
        for (kind, m) in commit.merge.iter().flatten() {
            println!(
                "merged {kind}: {} new, {} changed, {} unchanged",
                m.added, m.changed, m.unchanged
            );
        }
    }
    // importing the same dump again adds nothing
    let again = lifeboat::import(&newer, &out)?;
    let nothing_new = again
        .commit
        .iter()
        .flat_map(|c| c.merge.iter().flatten())
        .all(|(_, m)| m.added == 0 && m.changed == 0);
    assert!(nothing_new);
    println!("the same dump again: nothing new");

    std::fs::remove_dir_all(&out).ok();
    Ok(())
}
