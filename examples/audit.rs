//! Audit an archive as a records manager would: verify every checksum, list the
//! sources with their SHA-256, and reconcile the counts each export declares.
//!
//! ```sh
//! cargo run --example audit
//! ```

fn main() -> lifeboat::Result<()> {
    let dump =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
    let out = std::env::temp_dir().join(format!("lifeboat-example-audit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    lifeboat::import(&dump, &out)?;

    let v = lifeboat::archive::verify(&out)?;
    println!(
        "verified: {} ({} files, {} bytes)",
        v.ok(),
        v.files,
        v.bytes
    );

    let archive = lifeboat::Archive::open(&out)?;
    for s in archive.sources() {
        println!(
            "source {}: {} ({}), sha256 {}",
            s.id, s.file_name, s.network, s.sha256
        );
    }

    let a = lifeboat::audit(&out)?;
    println!(
        "checksums hold: {}; declared counts reconciled: {}",
        a.verified, a.reconciled
    );
    for r in a.json["reconciliation"].as_array().into_iter().flatten() {
        println!(
            "  {}: declared {}, found {}",
            r["what"].as_str().unwrap_or(""),
            r["declared"],
            r["found"]
        );
    }

    std::fs::remove_dir_all(&out).ok();
    Ok(())
}
