//! THE list of importers: one line per network, and how a dump's network is told
//! (by its entry names, else by the first bytes of some entries).

use super::Importer;
use super::{
    blogger, bluesky, disqus, googleplus, linkedin, mastodon, meta, reddit, secondlife, tumblr,
    twitter, warc, wordpress, youtube,
};
use crate::container::Entry;
use crate::error::{Error, Result};

/// Detection by content: an entry's name and first bytes to a score.
pub type SniffFn = fn(&str, &[u8]) -> Option<u8>;

/// A network lifeboat can read.
pub struct Format {
    /// Name used by `--network`.
    pub name: &'static str,
    /// One line about it.
    pub description: &'static str,
    /// Generations read.
    pub generations: &'static [&'static str],
    pub(crate) detect: fn(&[Entry]) -> Option<u8>,
    /// Detection by content, for dumps whose entry names say nothing (a bare
    /// `export.xml`): the entry's name and its first [`SNIFF_BYTES`] bytes.
    pub(crate) sniff: Option<SniffFn>,
    pub(crate) make: fn(&[Entry]) -> Box<dyn Importer>,
}

/// Every network lifeboat reads, one line each: adding a network is a folder under
/// `import/` with its `FORMAT` and one line here. Detection asks every format and takes
/// the highest score (the last one listed on a tie), so the order matters only there.
static FORMATS: &[Format] = &[
    twitter::FORMAT,
    mastodon::FORMAT,
    reddit::FORMAT,
    bluesky::FORMAT,
    wordpress::FORMAT,
    blogger::FORMAT,
    disqus::FORMAT,
    meta::FACEBOOK,
    meta::INSTAGRAM,
    meta::THREADS,
    youtube::FORMAT,
    googleplus::FORMAT,
    linkedin::FORMAT,
    warc::FORMAT,
    secondlife::FORMAT,
    tumblr::FORMAT,
];

/// Every network lifeboat reads.
pub fn formats() -> &'static [Format] {
    FORMATS
}

/// How many bytes of an entry [`Format`]s may sniff.
pub const SNIFF_BYTES: usize = 4096;

/// How many XML-like entries, and how many others, are sniffed at most.
pub(crate) const SNIFF_ENTRIES: usize = 8;

/// Pick the importer for a dump: by name, or by looking at its entries.
pub fn select(entries: &[Entry], network: Option<&str>) -> Result<Box<dyn Importer>> {
    select_sniffed(entries, network, &[])
}

/// Like [`select`], with the first bytes of some entries (`(entry index, bytes)`):
/// when no format recognises the entry names, the formats that can tell a dump by
/// its content look at those bytes.
pub fn select_sniffed(
    entries: &[Entry],
    network: Option<&str>,
    heads: &[(usize, Vec<u8>)],
) -> Result<Box<dyn Importer>> {
    if let Some(n) = network {
        let f = formats()
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(n))
            .ok_or_else(|| {
                Error::Usage(format!("unknown network {n:?} (see `lifeboat formats`)"))
            })?;
        return Ok((f.make)(entries));
    }
    if let Some((_, f)) = formats()
        .iter()
        .filter_map(|f| (f.detect)(entries).map(|s| (s, f)))
        .max_by_key(|(s, _)| *s)
    {
        return Ok((f.make)(entries));
    }
    // the names say nothing: the formats that can tell their files by content look at
    // the first bytes; the winner is told which entries it recognised
    let best = formats()
        .iter()
        .filter_map(|f| {
            let sniff = f.sniff?;
            let hits: Vec<(u8, &str)> = heads
                .iter()
                .filter_map(|(i, h)| {
                    let name = &entries.get(*i)?.name;
                    sniff(name, h).map(|s| (s, name.as_str()))
                })
                .collect();
            let score = hits.iter().map(|(s, _)| *s).max()?;
            Some((score, f, hits))
        })
        .max_by_key(|(s, _, _)| *s);
    match best {
        Some((_, f, hits)) => {
            let mut importer = (f.make)(entries);
            importer.claim_sniffed(hits.into_iter().map(|(_, n)| n.to_string()).collect());
            Ok(importer)
        }
        None => Err(Error::Unrecognized(format!(
            "no known network's export found among {} entries (see `lifeboat formats`, or pass --network)",
            entries.len()
        ))),
    }
}
