//! Read a dump into your own store with a custom `Sink`: here, a count of posts per
//! year and the media files' total size, with nothing written to disk.
//!
//! ```sh
//! cargo run --example custom_sink
//! ```

use std::collections::BTreeMap;
use std::io::Read;

use lifeboat::model::Record;
use lifeboat::{Import, Kind, Sink, Stored};

#[derive(Default)]
struct Tally {
    posts_by_year: BTreeMap<String, u64>,
    media_bytes: u64,
    raw: u64,
}

impl Sink for Tally {
    fn record(&mut self, r: Record) -> lifeboat::Result<()> {
        if let Record::Post(p) = r {
            let year = p
                .created_at
                .map(|t| t.to_rfc3339().chars().take(4).collect())
                .unwrap_or_else(|| "undated".to_string());
            *self.posts_by_year.entry(year).or_default() += 1;
        }
        Ok(())
    }

    fn store_media(&mut self, name: &str, r: &mut dyn Read) -> lifeboat::Result<Stored> {
        // a real store would keep the bytes; the importer needs their hash and size
        let (sha256, bytes) =
            lifeboat::archive::hash_reader(r).map_err(|e| lifeboat::Error::Io {
                path: name.into(),
                source: e,
            })?;
        self.media_bytes += bytes;
        Ok(Stored {
            path: format!("media/{sha256}"),
            sha256,
            bytes,
        })
    }

    fn carry(&mut self, _name: &str, r: &mut dyn Read) -> lifeboat::Result<()> {
        std::io::copy(r, &mut std::io::sink())?;
        Ok(())
    }

    fn keep_raw(&mut self, _: Kind, _: &str, _: &str, _: &[u8]) -> lifeboat::Result<()> {
        self.raw += 1;
        Ok(())
    }
}

fn main() -> lifeboat::Result<()> {
    let dump = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/mastodon/samples/archive-2022.tar.gz");
    let mut tally = Tally::default();
    let report = Import::new(&dump).run_into(&mut tally)?;
    println!("{} ({})", report.network, report.generation);
    for (year, n) in &tally.posts_by_year {
        println!("  {year}: {n} posts");
    }
    println!(
        "media: {} bytes; kept raw: {}",
        tally.media_bytes, tally.raw
    );
    assert_eq!(
        tally.posts_by_year.values().sum::<u64>(),
        report.records.get("post").map_or(0, |c| c.converted)
    );
    Ok(())
}
